using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Tests.Support;

namespace EmergencyPlans.Core.Tests.Assessment;

/// <summary>
/// A duty officer reads each figure in the words of the plan that applies. The natural-disaster plan calls missing people
/// 失踪 (4.1.4 "遇有死亡和失踪人员相关信息", 4.2.2 "因灾死亡和失踪人员信息比对机制", 5.1.1(1)–5.4.1(1) "死亡和失踪…人以上");
/// the road plan calls them 失联 (5.3.1(1) "造成10人以上失联、死亡"), as does the construction plan (4.3.x(1)② "涉险、被困、失联").
/// </summary>
public class PlanFigureWordsTests
{
    private static readonly DateTimeOffset OccurredAt = new(2026, 3, 1, 8, 0, 0, TimeSpan.FromHours(8));

    private static AssessmentResponse Assess(string plan, ReportedFigures figures) =>
        AssessmentContract.ToResponse(Repository.Engine.Assess(IncidentInput.From(plan, OccurredAt, figures, JudgementInput.None)));

    [Fact]
    public void NaturalDisaster_DeadAndMissingShortOfIV_HintSays失踪()
    {
        // 5.4.1(1) "死亡和失踪 5 人以上 10 人以下" → Ⅳ: 3 dead and none missing, so 2 more reach Ⅳ. The text counts 死亡和失踪 as one
        // number, and so does the hint: it said "死亡或失踪再增加2人", as if either alone were counted.
        var card = Assess("natural-disaster", new ReportedFigures { [Figure.Deaths] = 3, [Figure.Missing] = 0 });

        var hint = card.NearestThresholds.Should().ContainSingle(t => t.Clause == "5.4.1(1)").Subject;
        hint.Figures.Should().Equal(["deaths", "missing"], "the JSON keeps the contract's names");
        hint.Text.Should().StartWith("死亡和失踪人数再增加2人 → Ⅳ级响应（5.4.1(1)）");
        hint.Unknown.Should().BeEmpty();
        card.NearestThresholds.Select(t => t.Text).Should().NotContain(t => t.Contains("失联", StringComparison.Ordinal));
    }

    [Fact]
    public void NaturalDisaster_DeadKnownMissingUnknown_TheHintStillSaysWhatWouldChangeTheLevel()
    {
        // 5.4.1(1) "死亡和失踪 5 人以上": 3 dead and the missing not reported. Unknown is not zero (the level may already be Ⅳ), but the
        // known part is 2 short: the hint says so and that the missing count is unknown, rather than vanishing.
        var card = Assess("natural-disaster", new ReportedFigures { [Figure.Deaths] = 3 });

        var hint = card.NearestThresholds.Should().ContainSingle(t => t.Clause == "5.4.1(1)").Subject;
        (hint.Current, hint.Needed).Should().Be((3m, 2m));
        hint.Unknown.Should().Equal("missing");
        hint.Text.Should().StartWith("死亡和失踪人数再增加2人（失踪人数未知，按已知数字计） → Ⅳ级响应（5.4.1(1)）");
        card.Response.Determined.Should().BeFalse();
        card.UnknownsThatCouldRaise.Should().Contain("missing");
    }

    [Fact]
    public void NaturalDisaster_NothingOfTheRuleKnown_NoDistanceIsMadeUp()
    {
        // With neither the dead nor the missing reported there is no count to add to: the card names them among the unknowns instead.
        var card = Assess("natural-disaster", new ReportedFigures { [Figure.Relocated] = 100 });

        card.NearestThresholds.Should().NotContain(t => t.Clause.EndsWith("(1)", StringComparison.Ordinal));
        card.UnknownsThatCouldRaise.Should().Contain(["deaths", "missing"]);
    }

    [Fact]
    public void NaturalDisaster_UnknownMissingCouldRaiseTheLevel_TheContractKeepsItsName()
    {
        // 5.4.1(1)…5.1.1(1) "死亡和失踪…": with 3 dead and the missing unknown, the level is not settled. The JSON names the
        // figure as the contract does; the words for people come from the plan (Plan.FigureLabels, tested below).
        var card = Assess("natural-disaster", new ReportedFigures { [Figure.Deaths] = 3 });

        card.UnknownsThatCouldRaise.Should().Contain("missing");
        Repository.Engine.Resolve("natural-disaster", OccurredAt).FigureLabels.Of(card.UnknownsThatCouldRaise.First(n => n == "missing")).Should().Be("失踪");
    }

    [Fact]
    public void Road_SameFigures_HintStillSays失联()
    {
        // 5.3.2(1) "造成3人以上10人以下失联、死亡" → Ⅱ: 2 dead and none missing, so 1 more dead or missing reaches Ⅱ.
        var card = Assess("road-traffic", new ReportedFigures { [Figure.Deaths] = 2, [Figure.Missing] = 0 });

        card.NearestThresholds.Should().Contain(t => t.Clause == "5.3.2(1)" && t.Text.StartsWith("死亡或失联再增加1人 → Ⅱ级响应（5.3.2(1)）", StringComparison.Ordinal));
        card.NearestThresholds.Select(t => t.Text).Should().NotContain(t => t.Contains("失踪", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("natural-disaster", "失踪")]
    [InlineData("road-traffic", "失联")]
    [InlineData("construction", "失联")]
    public void EachPlan_NamesMissingPeopleInItsOwnWord_AndOtherFiguresAsTheCatalogueDoes(string planId, string missing)
    {
        var plan = Repository.Engine.Resolve(planId, OccurredAt);

        plan.FigureLabels.Of(Figure.Missing).Should().Be(missing);
        plan.FigureLabels.Of("missing").Should().Be(missing);
        plan.FigureLabels.Of(Figure.Deaths).Should().Be("死亡", "a figure the plan states no word for keeps the catalogue's label");
        plan.FigureLabels.Of("noSuchFigure").Should().Be("noSuchFigure");
        FigureCatalog.Of(Figure.Missing).Label.Should().Be("失联", "the shared catalogue keeps the construction and road plans' word");
    }

    [Fact]
    public void NaturalDisaster_TheLabelCitesThePlanWordsThatUseIt()
    {
        var label = Repository.Engine.Resolve("natural-disaster", OccurredAt).FigureLabels.All.Should().ContainSingle().Subject;

        label.Figure.Name.Should().Be("missing");
        label.Clause.Should().Be("5.1.1(1)");
        label.Words.Should().Contain("死亡和失踪50人以上");
    }
}
