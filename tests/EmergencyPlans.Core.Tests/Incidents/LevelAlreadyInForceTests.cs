using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Tests.Lifecycles;
using EmergencyPlans.Core.Tests.Support;
using FluentAssertions;
using Xunit;

namespace EmergencyPlans.Core.Tests.Incidents;

/// <summary>
/// A level the figures reach again, which the response in force already is, is not recommended: nobody has anything to raise. R 5.3.2(1)
/// "发生道路交通事故,造成3人以上5人以下失联、死亡" is Ⅱ, 5.3.3(1) "造成3人以下失联、死亡" Ⅲ; 5.7 "由启动响应的主体按照需要调整响应级别". Found by a
/// facilitator (session 54, F2): "建议将响应提升至Ⅱ级" at +03:00 with Ⅱ in force since +00:45.
/// </summary>
public class LevelAlreadyInForceTests
{
    private static readonly DateTimeOffset T0 = DutyScenario.T0;

    [Fact]
    public void Road_the_figures_falling_to_III_and_rising_to_II_again_with_II_in_force_recommend_no_raise()
    {
        var incident = DutyScenario.Open(Guid.NewGuid(), "road-traffic", DutyScenario.Accident(deaths: 3));
        incident.State.Assessed.Level.Should().Be(ResponseLevel.II);
        incident.DecideResponse(ResponseLevel.II, false, "启动Ⅱ级", Actors.Commander, T0.AddMinutes(15), Repository.Engine);

        // 核实：one of the three was seriously injured, not dead (Ⅲ); later a fourth death (Ⅱ again, and 较大 by 1.5).
        incident.FileReport(false, "核实：死亡2人", new IncidentReport { Figures = DutyScenario.Accident(deaths: 2) }, DutyScenario.Officer, T0.AddMinutes(60), Repository.Engine);
        incident.State.Assessed.Level.Should().Be(ResponseLevel.III);
        incident.FileReport(false, "续报：死亡4人", new IncidentReport { Figures = DutyScenario.Accident(deaths: 4) }, DutyScenario.Officer, T0.AddMinutes(180), Repository.Engine);

        incident.State.Assessed.Level.Should().Be(ResponseLevel.II);
        var summaries = incident.State.Timeline.Where(t => t.Type == "escalation-recommended").Select(t => t.Summary).ToArray();
        summaries.Should().NotContain(s => s.Contains("提升至Ⅱ级") || s.Contains("启动Ⅱ级"), "Ⅱ has been in force since T0+15 min");
        summaries.Should().ContainSingle(s => s.StartsWith("突发事件等级升至较大", StringComparison.Ordinal), "the grade's rise (1.5(3)) is still news");
    }

    [Fact]
    public void Road_a_level_above_the_one_in_force_is_still_recommended()
    {
        var incident = DutyScenario.Open(Guid.NewGuid(), "road-traffic", DutyScenario.Accident(deaths: 1));
        incident.DecideResponse(ResponseLevel.III, false, "启动Ⅲ级", Actors.OfficeDirector, T0.AddMinutes(15), Repository.Engine);

        incident.FileReport(false, "续报：死亡3人", new IncidentReport { Figures = DutyScenario.Accident(deaths: 3) }, DutyScenario.Officer, T0.AddMinutes(60), Repository.Engine);

        incident.State.Timeline.Last(t => t.Type == "escalation-recommended").Summary.Should().Contain("建议将响应提升至Ⅱ级");
    }

    [Fact]
    public void Road_the_figures_corrected_below_the_level_in_force_say_so_in_the_reports_line_and_decide_nothing()
    {
        // R 5.3.1(1) "造成10人以上失联、死亡" → Ⅰ, activated by the commander; 核实：9 dead (5.3.2(1) → Ⅱ). 5.7 "由启动响应的主体按照需要调整响应
        // 级别,避免响应不足或响应过度": the line read 响应：Ⅱ级 as if the response were Ⅱ, and said nothing of the Ⅰ in force (session 54).
        var incident = DutyScenario.Open(Guid.NewGuid(), "road-traffic", DutyScenario.Accident(deaths: 11));
        incident.DecideResponse(ResponseLevel.I, false, "启动Ⅰ级", Actors.Commander, T0.AddMinutes(15), Repository.Engine);

        incident.FileReport(false, "核实：死亡9人", new IncidentReport { Figures = DutyScenario.Accident(deaths: 9) }, DutyScenario.Officer, T0.AddMinutes(60), Repository.Engine);

        incident.State.Response.Level.Should().Be(ResponseLevel.I, "a report decides no level");
        incident.State.Timeline.Last(t => t.Type == "continuation-report").Summary
            .Should().Contain("响应：Ⅱ级").And.EndWith("（现行Ⅰ级响应高于按已知数字应启动的级别（数字不全），由启动响应的主体研判是否调整，5.7）",
                "missing and the hazardous-goods facts are not reported: the known figures call for Ⅱ");
        incident.State.Timeline.First(t => t.Type == "first-report").Summary.Should().NotContain("现行", "nothing was in force then");
    }

    [Fact]
    public void Road_a_report_calling_for_the_level_in_force_or_above_adds_nothing()
    {
        var incident = DutyScenario.Open(Guid.NewGuid(), "road-traffic", DutyScenario.Accident(deaths: 3));
        incident.DecideResponse(ResponseLevel.II, false, "启动Ⅱ级", Actors.Commander, T0.AddMinutes(15), Repository.Engine);

        incident.FileReport(false, "续报", new IncidentReport { Figures = DutyScenario.Accident(deaths: 4) }, DutyScenario.Officer, T0.AddMinutes(60), Repository.Engine);
        incident.FileReport(false, "续报", new IncidentReport { Figures = DutyScenario.Accident(deaths: 11) }, DutyScenario.Officer, T0.AddMinutes(90), Repository.Engine);

        incident.State.Timeline.Where(t => t.Type == "continuation-report").Should().AllSatisfy(t => t.Summary.Should().NotContain("现行"));
    }

    [Fact]
    public void Natural_a_report_after_the_termination_says_the_response_has_ended()
    {
        // N 5.7 "……依据“谁启动、谁终止”的原则,按启动响应的相关权限终止响应": after it no level is in force. The 续报 and the 终报 that followed
        // read 响应：Ⅱ级 as if Ⅱ still ran (a natural-disaster duty officer's review, session 61, ND-09).
        var incident = DutyScenario.Open(Guid.NewGuid(), "natural-disaster", DutyScenario.Disaster(25));
        incident.DecideResponse(ResponseLevel.II, false, "启动Ⅱ级", Actors.Commander, T0.AddMinutes(30), Repository.Engine);
        incident.FileReport(false, "续报：数字不变", new IncidentReport { Figures = DutyScenario.Disaster(25) }, DutyScenario.Officer, T0.AddHours(5), Repository.Engine);
        incident.TerminateResponse("救灾应急工作结束", true, Actors.Commander, T0.AddHours(30), Repository.Engine);

        incident.FileReport(false, "灾情核定：数字不变", new IncidentReport { Figures = DutyScenario.Disaster(25) }, DutyScenario.Officer, T0.AddHours(31), Repository.Engine);

        var entries = incident.State.Timeline.Where(t => t.Type == "continuation-report").Select(t => t.Summary).ToArray();
        entries[0].Should().NotContain("终止", "the response ran then");
        entries[^1].Should().Contain("响应：Ⅱ级").And.EndWith("（Ⅱ级响应已于03-02 14:00终止；以上为按已报数字应启动的级别）");
    }
}
