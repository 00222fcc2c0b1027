using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Tests.Support;
using AssessmentResult = EmergencyPlans.Core.Assessment.Assessment;

namespace EmergencyPlans.Core.Tests.Assessment;

/// <summary>
/// Which clause of 晋市政办〔2025〕18号 5.3 a level cites first (what an escalation and the timeline name), written from the text: the
/// clause of the case the report states, 5.3.x(2) for a hazardous-goods vehicle and 5.3.x(3) for weather, before 5.3.x(1)'s general
/// "发生道路交通事故" (review s54 #12, #13; ADR 0003 #67).
/// </summary>
public class RoadCitationTests
{
    private static readonly DateTimeOffset OccurredAt = new(2026, 3, 1, 8, 0, 0, TimeSpan.FromHours(8));

    private static AssessmentResult Assess(ReportedFigures figures) =>
        Repository.Engine.Assess(new IncidentInput { PlanId = "road-traffic", OccurredAt = OccurredAt, Figures = figures });

    [Fact]
    public void TankerLeak_OneDeadTwoMissing_SomePollution_CitesTheHazmatClauseFirst()
    {
        // 5.3.2(2) "易燃易爆物品、危险化学品运输车辆发生泄漏、火灾、爆炸,造成3人以上5人以下失联、死亡……或可能造成一定环境污染的" is met twice;
        // 5.3.2(1) "发生道路交通事故,造成3人以上10人以下失联、死亡" too, on the same figures. The tanker's clause decides.
        var a = Assess(new ReportedFigures
        {
            [Figure.Deaths] = 1, [Figure.Missing] = 2, [Figure.SeriousInjuries] = 2, [Fact.HazmatRelease] = true, Pollution = Pollution.Some,
        });

        a.Response.Level.Should().Be(ResponseLevel.II);
        a.Response.Because[0].Clause.Should().Be("5.3.2(2)");
        a.Response.Because.Select(r => r.Clause).Should().Contain("5.3.2(1)", "it is met as well, and still cited");
    }

    [Fact]
    public void TankerLeak_MajorPollution_RisesToIOnThePollution()
    {
        // 5.3.1(2) "……可能造成较大环境污染的": the pollution raised it, not the casualties (1 dead and 2 missing are Ⅱ).
        var a = Assess(new ReportedFigures
        {
            [Figure.Deaths] = 1, [Figure.Missing] = 2, [Figure.SeriousInjuries] = 2, [Fact.HazmatRelease] = true, Pollution = Pollution.Major,
        });

        a.Response.Level.Should().Be(ResponseLevel.I);
        a.Response.Because.Should().ContainSingle().Which.Words.Should().Contain("可能造成较大环境污染");
    }

    [Fact]
    public void FogBlockingOneCounty_NobodyHurt_CitesTheWeatherClauseFirst()
    {
        // 5.3.3(3) "出现灾害性天气或自然灾害,严重影响道路交通安全,甚至涉及阻断县(市、区)交通的" is what a fog with nobody hurt meets;
        // 5.3.3(1) "发生道路交通事故,造成3人以下失联、死亡" was cited first.
        var a = Assess(new ReportedFigures
        {
            [Figure.Deaths] = 0, [Figure.Missing] = 0, [Figure.SeriousInjuries] = 0, [Figure.Injured] = 0,
            [Fact.WeatherOrNaturalDisaster] = true, DisruptedCounties = ["陵川县"],
        });

        a.Response.Level.Should().Be(ResponseLevel.III);
        a.Response.Because[0].Clause.Should().Be("5.3.3(3)");
    }

    [Fact]
    public void HazmatFirstMessage_NoDeaths_MissingUnknown_TheNoteDoesNotSayNothingWasReported()
    {
        // Review s54 #13: hz.ndjson line 1, deaths 0 and missing not sent; 5.3.3(2) "……造成3人以下失联、死亡" is not reached (失联 unknown), and
        // each band said 相关数字均未报 though 死亡 0 was. Session 54's fix (未报全) holds for the hazmat bands too.
        var a = Assess(new ReportedFigures { [Figure.Deaths] = 0, [Figure.Injured] = 0, [Fact.HazmatRelease] = true });

        a.Response.LowestOnly.Should().BeTrue();
        var card = EmergencyPlans.Core.Contract.AssessmentContract.ToResponse(a, false);
        card.Response.Because.Should().Contain(b => b.Clause == "5.3.3(2)");
        card.Response.Because.Should().OnlyContain(b => b.Note != null && b.Note.Contains("未报全") && !b.Note.Contains("均未报"));
    }
}
