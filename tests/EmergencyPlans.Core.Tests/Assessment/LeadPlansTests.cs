using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Tests.Support;

namespace EmergencyPlans.Core.Tests.Assessment;

/// <summary>
/// Road 1.4: "高速公路上发生以上情形的按照《晋城市境内高速公路交通安全属地救援应急预案》执行；石油、天然气、煤层气公路运输事故发生以上情形的按照
/// 《晋城市石油（天然气）煤层气公路运输事故应急预案》执行，本预案作为配合预案执行。" An expressway accident, or an oil, gas or coal-bed
/// methane transport accident, is led under that plan and this one supports it: the card must say so, and say it could be so while the
/// report does not tell. The grade and level stay this plan's own reading (the supporting plan's measures and duties still apply).
/// </summary>
public class LeadPlansTests
{
    private static readonly DateTimeOffset OccurredAt = new(2026, 3, 1, 8, 0, 0, TimeSpan.FromHours(8));

    private static AssessmentResponse Assess(string plan, ReportedFigures figures) =>
        AssessmentContract.ToResponse(Repository.Engine.Assess(IncidentInput.From(plan, OccurredAt, figures, JudgementInput.None, null)));

    private static ReportedFigures Accident(bool? onExpressway, bool? oilGas)
    {
        var figures = new ReportedFigures { [Figure.Deaths] = 3, [Figure.Missing] = 0, [Figure.SeriousInjuries] = 2 };
        if (onExpressway is { } e)
        {
            figures = figures.With(FigureCatalog.Of(Fact.OnExpressway)!, e);
        }

        return oilGas is { } o ? figures.With(FigureCatalog.Of(Fact.OilGasCbmTransport)!, o) : figures;
    }

    [Fact]
    public void AnExpresswayAccident_IsLedByTheExpresswayPlan_ThisPlanSupporting()
    {
        var card = Assess("road-traffic", Accident(onExpressway: true, oilGas: false));

        var lead = card.LeadPlans.Should().ContainSingle().Subject;
        lead.Plan.Should().Be("《晋城市境内高速公路交通安全属地救援应急预案》");
        (lead.When, lead.WhenLabel, lead.Applies, lead.ThisPlan, lead.Clause).Should().Be(("onExpressway", "发生在高速公路上", true, "supporting", "1.4"));
        lead.Words.Should().Contain("高速公路上发生以上情形的按照《晋城市境内高速公路交通安全属地救援应急预案》执行").And.Contain("本预案作为配合预案执行");
        card.Response.Level.Should().Be("II", "3 dead is 5.3.2(1)'s Ⅱ (3人以上, 8.4: 以上 counts the number) whichever plan leads: this plan's reading stands beside it");
        card.FiguresNotUsed.Should().BeEmpty("the road plan reads both facts (1.4)");
    }

    [Fact]
    public void AnOilGasTransportAccident_IsLedByThatPlan()
    {
        var lead = Assess("road-traffic", Accident(onExpressway: false, oilGas: true)).LeadPlans.Should().ContainSingle().Subject;

        (lead.Plan, lead.When, lead.Applies).Should().Be(("《晋城市石油（天然气）煤层气公路运输事故应急预案》", "oilGasCbmTransport", true));
        lead.Words.Should().Contain("石油、天然气、煤层气公路运输事故发生以上情形的按照《晋城市石油（天然气）煤层气公路运输事故应急预案》执行");
    }

    [Fact]
    public void NeitherStated_BothAreSaidAsPossible_NotAsApplying()
    {
        var card = Assess("road-traffic", Accident(onExpressway: null, oilGas: null));

        card.LeadPlans.Select(l => (l.When, l.Applies)).Should().Equal(("onExpressway", (bool?)null), ("oilGasCbmTransport", (bool?)null));
    }

    [Fact]
    public void ADisasterCausedByAnEarthquake_IsLedByTheEarthquakeAndMeteorologicalPlans()
    {
        // 1.4 "地震等不可抗力引发的严重地质灾害、气象灾害等情况，按照《晋城市地震应急预案》《晋城市气象灾害应急预案》及有关专项预案执行".
        var figures = Accident(onExpressway: false, oilGas: false).With(FigureCatalog.Of(Fact.ForceMajeureDisaster)!, true);

        var lead = Assess("road-traffic", figures).LeadPlans.Should().ContainSingle().Subject;

        (lead.Plan, lead.When, lead.WhenLabel, lead.Applies, lead.ThisPlan).Should()
            .Be(("《晋城市地震应急预案》《晋城市气象灾害应急预案》及有关专项预案", "forceMajeureDisaster", "地震等不可抗力引发的严重地质灾害、气象灾害", true, "supporting"));
        lead.Words.Should().StartWith("地震等不可抗力引发的严重地质灾害、气象灾害等情况，按照《晋城市地震应急预案》《晋城市气象灾害应急预案》及有关专项预案执行");
    }

    [Fact]
    public void TheEarthquakeCase_IsAskedOnlyWhereWeatherOrADisasterAffectsTheTraffic()
    {
        // 5.3.x(3) 灾害性天气或自然灾害: a fog or a landslide blocking the road may be a force-majeure disaster the specialised plans lead; a
        // collision is not asked whether an earthquake caused it.
        var blocked = Accident(onExpressway: false, oilGas: false).With(FigureCatalog.Of(Fact.WeatherOrNaturalDisaster)!, true);

        Assess("road-traffic", blocked).LeadPlans.Select(l => (l.When, l.Applies)).Should().Equal(("forceMajeureDisaster", (bool?)null));
        Assess("road-traffic", Accident(onExpressway: false, oilGas: false)).LeadPlans.Should().BeEmpty();
    }

    [Fact]
    public void BothStatedFalse_NoOtherPlanLeads()
    {
        Assess("road-traffic", Accident(onExpressway: false, oilGas: false)).LeadPlans.Should().BeEmpty();
    }

    [Fact]
    public void UnderAnotherPlan_TheFactsAreNotRead_AndListedAsNotUsed()
    {
        // C and N have no such clause: an expressway stated on a construction accident is kept and said to be unused.
        var card = Assess("construction", Accident(onExpressway: true, oilGas: null));

        card.LeadPlans.Should().BeEmpty();
        card.FiguresNotUsed.Select(f => f.Name).Should().Contain("onExpressway");
    }
}
