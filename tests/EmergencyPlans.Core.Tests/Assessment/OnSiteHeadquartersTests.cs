using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Tests.Support;

namespace EmergencyPlans.Core.Tests.Assessment;

/// <summary>
/// Road 2.4 "市指挥部根据应急工作需要可临时成立市道路交通安全应急救援现场指挥部……现场指挥长由市指挥部指挥长担任,或由市指挥部临时任命指挥长,
/// 职责为直接组织指挥应急处置工作", which the measures of Ⅰ (5.3.1 响应措施(1) "立即赶赴现场,组织协调成立现场指挥部") and Ⅱ (5.3.2 响应措施(1)
/// "根据应急工作需要成立现场指挥部及工作组") set up; Ⅲ's measures (5.3.3) have the office guide the county's headquarters instead. Before, the
/// card's only command line at Ⅰ/Ⅱ named the county (2.6) for a cross-county incident, and read as the whole answer (review s48, R8).
/// </summary>
public class OnSiteHeadquartersTests
{
    private static readonly DateTimeOffset OccurredAt = new(2026, 3, 1, 8, 0, 0, TimeSpan.FromHours(8));

    private static AssessmentResponse Assess(string plan, long deaths) =>
        AssessmentContract.ToResponse(Repository.Engine.Assess(IncidentInput.From(plan, OccurredAt,
            new ReportedFigures { [Figure.Deaths] = deaths, [Figure.Missing] = 0, [Figure.SeriousInjuries] = 0, [Figure.DirectLossWan] = 0 },
            JudgementInput.None, null)));

    [Theory]
    [InlineData(10, "I")]   // 5.3.1(1) 10人以上失联、死亡
    [InlineData(3, "II")]   // 5.3.2(1) 3人以上10人以下
    public void AtIAndII_TheCitysOnSiteHeadquartersIsNamed_WithItsCommander(long deaths, string level)
    {
        var card = Assess("road-traffic", deaths);

        card.Response.Level.Should().Be(level);
        var hq = card.OnSiteHeadquarters!;
        (hq.Scope, hq.Clause).Should().Be(("on-site-headquarters", "2.4"));
        hq.CommandedBy.Should().Contain("现场指挥部").And.Contain("现场指挥长由市指挥部指挥长担任，或由市指挥部临时任命");
        hq.Words.Should().Contain("职责为直接组织指挥应急处置工作");
    }

    [Fact]
    public void AtIII_NoCityOnSiteHeadquarters()
    {
        // 5.3.3(1) "造成3人以下失联、死亡": the office "指导事发地指挥部" (5.3.3 响应措施(1)).
        var card = Assess("road-traffic", 1);

        card.Response.Level.Should().Be("III");
        card.OnSiteHeadquarters.Should().BeNull();
    }

    [Theory]
    [InlineData(10, "I", true)]   // 4.3.3(1)① 重大 → Ⅰ: "加强现场指挥部力量" (4.3.3(3)②)
    [InlineData(3, "II", true)]   // 4.3.2(1)① 较大 → Ⅱ: "市指挥部指挥长、副指挥长赶赴现场或成立现场指挥部" (4.3.2(3)①)
    [InlineData(1, "III", false)] // 4.3.1 Ⅲ: the county's headquarters, the office guiding
    public void UnderTheConstructionPlan_AtIAndII_The22OnSiteHeadquartersIsNamed(long deaths, string level, bool named)
    {
        // C 2.2 "根据建设工程事故应急处置的需要设立现场指挥部,现场指挥部指挥长由市指挥部指挥长指定或者兼任……现场指挥部下设综合协调组……8个应急
        // 工作组", set up by the measures of Ⅱ and Ⅰ (DOMAIN §6: on-site HQ at Ⅱ and Ⅰ). The card named the first commander on site (C 4.2)
        // alone, and no one was told of the headquarters (a duty officer's review, session 53).
        var card = Assess("construction", deaths);

        card.Response.Level.Should().Be(level);
        if (!named)
        {
            card.OnSiteHeadquarters.Should().BeNull();
            return;
        }

        (card.OnSiteHeadquarters!.Scope, card.OnSiteHeadquarters.Clause).Should().Be(("on-site-headquarters", "2.2"));
        card.OnSiteHeadquarters.CommandedBy.Should().Contain("指挥长由市指挥部指挥长指定或者兼任");
    }
}
