using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Tests.Support;

namespace EmergencyPlans.Core.Tests.Plans;

/// <summary>
/// ADR 0003 convention 1: a quote is the source's, punctuation included. The gazette prints these clauses with ASCII "," (and "()"),
/// and the plan files had turned them into full-width "，": a duty officer checking the card against the paper plan found words that
/// are not the plan's. Each expected string below is copied from the text as printed.
/// </summary>
public class PlanWordsAsPrintedTests
{
    // C 4.3.1(2): "市指挥部办公室接到事故报告,经预判后向市指挥部报告,提出启动Ⅲ级响应建议,由市指挥部办公室主任宣布启动Ⅲ级响应,并报告市指挥部有关领导。"
    private const string Construction431 = "由市指挥部办公室主任宣布启动Ⅲ级响应,并报告市指挥部有关领导";

    // R 5.3.3: "市指挥部办公室接到报告后,经分析研判,由市指挥部办公室主任启动Ⅲ级应急响应,同时报告市指挥部。"
    private const string Road533 = "由市指挥部办公室主任启动Ⅲ级应急响应,同时报告市指挥部";

    // N 5.4.2: "……由市安委办主任决定启动Ⅳ级响应,并向市安委会副主任(分管安全工作副市长)报告。"
    private const string Natural542 = "由市安委办主任决定启动Ⅳ级响应,并向市安委会副主任(分管安全工作副市长)报告。";

    [Fact]
    public void ConstructionLevelIII_ActivatedByWords_AreThoseOf431_2_AsPrinted()
    {
        Repository.Construction.Response.Find(ResponseLevel.III)!.Words.Should().Be(Construction431);
        Repository.Construction.RoleNames.All.Single(n => n.Role == RoleCatalogue.OfficeDirector).Words.Should().Be(Construction431);
    }

    [Fact]
    public void RoadLevelIII_ActivatedByWords_AreThoseOf533_AsPrinted()
    {
        Repository.Road.Response.Find(ResponseLevel.III)!.Words.Should().Be(Road533);
        Repository.Road.RoleNames.All.Single(n => n.Role == RoleCatalogue.OfficeDirector).Words.Should().Be(Road533);
    }

    [Fact]
    public void NaturalDisasterLevelIV_ActivatedByWords_AreThoseOf542_AsPrinted()
    {
        Repository.NaturalDisaster.Response.Find(ResponseLevel.IV)!.Words.Should().Be(Natural542);
        Repository.NaturalDisaster.RoleNames.All.Single(n => n.Role == RoleCatalogue.OfficeDirector).Words.Should().Be(Natural542);
    }

    [Fact]
    public void RoadResponseRules_QuoteTheCommasOf53_AsPrinted()
    {
        // R 5.3.1(1) ①: "发生道路交通事故,造成10人以上失联、死亡"; 5.3.2(1) ①: "发生道路交通事故,造成3人以上10人以下失联、死亡".
        Repository.Road.Response.Rules.Select(r => r.Words).Should().Contain(["发生道路交通事故,造成10人以上失联、死亡", "发生道路交通事故,造成3人以上10人以下失联、死亡"]);
    }

    [Theory]
    [InlineData("construction")]
    [InlineData("road-traffic")]
    [InlineData("natural-disaster")]
    public void EachLevelsAuthority_NamesOnlyWhoDecides(string planId)
    {
        // C 4.3.1(2) "由市指挥部办公室主任宣布启动Ⅲ级响应,并报告市指挥部有关领导": who decides is the director; reporting to the leaders is a
        // duty of its own (level-iii-report-to-hq-leaders). The authority read "市指挥部办公室主任（并报告市指挥部有关领导）", and a drill's report
        // said "由市指挥部办公室主任（并报告市指挥部有关领导）决定": a report nested inside who decides. So with each plan's proposals
        // (N 5.1.2 市安委办……提出……建议,并报市委、市政府决定) and reports (N 5.2.2 并向市委、市政府报告).
        foreach (var level in Repository.Latest(planId).Response.Levels)
        {
            level.Authority.Should().NotBeNullOrWhiteSpace();
            level.Authority.Should().NotContainAny(["报告", "报请", "建议", "并", "同时", "（"], $"{planId} {level.Level}: the authority says who decides, nothing more");
        }
    }
}
