using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Lifecycles;
using EmergencyPlans.Core.Tests.Lifecycles;
using EmergencyPlans.Core.Tests.Support;

using static EmergencyPlans.Core.Tests.Support.DutyScenario;

namespace EmergencyPlans.Core.Tests.Incidents;

/// <summary>
/// Repeating reporting duties period by period, written from the plan texts: C 4.1(三) and R 5.1.2 "较大以上……每日至少续报1次;
/// 重大以上……每4小时续报1次,特殊情况每2小时续报1次", and N 5.2.3(3) "每日向市安委办报告". Each period of a repeating duty owes a report
/// of its own, so each period that passes unmet is owed (and overdue) with its own due time; and the special cadence lasts only
/// while the special circumstances do. Times in +08:00, occurrence 2026-03-01 08:00; the clock is the time each command passes in.
/// </summary>
public class RepeatingDutyPeriodsTests
{
    private static readonly Guid Id = new("6f1c1d9e-0000-4000-8000-0000000000a1");

    private static Incident Open(string plan, ReportedFigures figures) => DutyScenario.Open(Id, plan, figures);

    private static (string Key, DateTimeOffset? DueAt, ObligationState State, DateTimeOffset? FiledAt)[] Instances(Incident incident, string code) =>
        incident.State.Obligations.Where(o => o.Code == code).Select(o => (o.Key, o.Clock.DueAt, o.Clock.State, o.Clock.FiledAt)).ToArray();

    private static ObligationEntry OwedOne(Incident incident, string code) =>
        incident.State.Obligations.Where(o => o.Code == code && o.Clock.State == ObligationState.Due).Should().ContainSingle().Subject;

    // ================= every period that passes unmet is owed with its own due time =================

    [Theory]
    [InlineData("construction")]
    [InlineData("road-traffic")]
    public void Serious_NoContinuationFor13Hours_EachFourHourPeriodIsOwed_ALateReportMeetsOnlyTheEarliest(string plan)
    {
        // C 4.1(三) / R 5.1.2 "重大以上……每4小时续报1次": the 续报 for 08:00–12:00, 12:00–16:00 and 16:00–20:00 were all owed and none was
        // made. A 续报 at 21:00 is one report: it is the late report for 08:00–12:00 (ADR 0003), not for three periods. The periods due
        // 16:00 and 20:00 stay owed and overdue, each with its own due time, and 20:00–24:00 is running. Before, the one instance kept
        // by the duty hid the 16:00 and 20:00 reports: the office looked one report late when it was three.
        var incident = Open(plan, Accident(10));

        Continuation(incident, At(21));

        Instances(incident, "continuation-report").Should().Equal(
            ("continuation-report", At(12), ObligationState.Met, At(21)),
            ("continuation-report#2", At(16), ObligationState.Due, null),
            ("continuation-report#3", At(20), ObligationState.Due, null),
            ("continuation-report#4", At(24), ObligationState.Due, null));
        incident.State.Obligations.Single(o => o.Key == "continuation-report").Clock.OnTime.Should().BeFalse();
    }

    [Theory]
    [InlineData("construction")]
    [InlineData("road-traffic")]
    public void Serious_ReportsAfterAGap_EachMeetsTheEarliestPeriodStillOwed_Late(string plan)
    {
        // One 续报 stands for one period (每4小时续报1次: one report in every four hours). Two more 续报 at 21:10 and 21:20 are the late
        // reports for 12:00–16:00 and 16:00–20:00; the period running (20:00–24:00) is still owed.
        var incident = Open(plan, Accident(10));
        Continuation(incident, At(21));

        Continuation(incident, At(21, 10));
        Continuation(incident, At(21, 20));

        Instances(incident, "continuation-report").Should().Equal(
            ("continuation-report", At(12), ObligationState.Met, At(21)),
            ("continuation-report#2", At(16), ObligationState.Met, At(21, 10)),
            ("continuation-report#3", At(20), ObligationState.Met, At(21, 20)),
            ("continuation-report#4", At(24), ObligationState.Due, null));
    }

    [Theory]
    [InlineData("construction")]
    [InlineData("road-traffic")]
    public void RelativelySerious_ThreeDaysWithoutAContinuation_EachDayIsOwed(string plan)
    {
        // "较大以上……每日至少续报1次": days 1, 2 and 3 passed without a 续报. Recording a 续报 on day 4 is the late one for day 1; days 2
        // and 3 stay overdue, day 4 is running.
        var incident = Open(plan, Accident(3));

        Continuation(incident, At(9, 0, day: 4));

        Instances(incident, "continuation-report").Select(i => (i.DueAt, i.State)).Should().Equal(
            (At(8, 0, day: 2), ObligationState.Met),
            (At(8, 0, day: 3), ObligationState.Due),
            (At(8, 0, day: 4), ObligationState.Due),
            (At(8, 0, day: 5), ObligationState.Due));
    }

    [Theory]
    [InlineData("construction")]
    [InlineData("road-traffic")]
    public void Serious_FinalReportAfterMissedPeriods_LeavesEachMissed_EndsTheRunningOne(string plan)
    {
        // "信息报告分首报、续报、终报" … "重大以上……每4小时续报1次" (C 4.1(三), R 5.1.2): the 终报 at 21:00 is the final report, not the
        // 续报 of the periods due 12:00, 16:00 and 20:00, which were missed and stay missed (overdue: three reports not made). The period
        // running (due 24:00) ends with it ("终报已报送"), and no further period starts. Before 2026-12-05 the 终报 met each missed
        // period late, as if the office had made three reports at 21:00 (ADR 0003).
        var incident = Open(plan, Accident(10));

        incident.FileReport(true, "终报", new IncidentReport(), Officer, At(21), Repository.Engine);

        Instances(incident, "continuation-report").Should().Equal(
            ("continuation-report", At(12), ObligationState.Due, null),
            ("continuation-report#2", At(16), ObligationState.Due, null),
            ("continuation-report#3", At(20), ObligationState.Due, null),
            ("continuation-report#4", At(24), ObligationState.Cancelled, null));
        incident.State.Obligations.Single(o => o.Key == "continuation-report#4").EndedAs.Should().Be(ObligationEntry.EndedNotNeeded);
    }

    [Theory]
    [InlineData("construction")]
    [InlineData("road-traffic")]
    public void Serious_BetweenCommands_ThePeriodsPassedAreVisibleWithTheirOwnDueTimes(string plan)
    {
        // Nothing is written while time passes (docs/events.md): what a read at 21:00 shows is the periods since, derived. The keys are
        // the ones the next command gives them, so an alert or a drill report names the same duty before and after.
        var incident = Open(plan, Accident(10));

        var passed = RepeatingDuties.PassedPeriods(incident.State, At(21));

        passed.Select(p => (p.Key, p.Clock.DueAt, p.Clock.State)).Should().Equal(
            ("continuation-report#2", (DateTimeOffset?)At(16), ObligationState.Due),
            ("continuation-report#3", At(20), ObligationState.Due),
            ("continuation-report#4", At(24), ObligationState.Due));
        passed.Should().OnlyContain(p => p.Clause == incident.State.Obligations[0].Clause || p.Code == "continuation-report");
        RepeatingDuties.PassedPeriods(incident.State, At(12)).Should().BeEmpty("a report made at its due time is on time: the period has not passed");

        Continuation(incident, At(21));
        incident.State.Obligations.Where(o => o.Code == "continuation-report").Skip(1).Select(o => (o.Key, o.Clock.DueAt))
            .Should().Equal(passed.Select(p => (p.Key, p.Clock.DueAt)));
    }

    [Theory]
    [InlineData("construction", "continuation-report#3")]
    [InlineData("road-traffic", "continuation-report#3")]
    [InlineData("road-traffic", "continuation-report#2")]
    public void Serious_APassedPeriodAReadShows_ItsReportIsRecordedUnderItsKey(string plan, string key)
    {
        // "重大以上……每4小时续报1次": at 21:00 a read shows the 续报 for 12:00–16:00 (#2) and 16:00–20:00 (#3) owed, with those keys,
        // before any command has recorded them. The office marks the one it made as done by the key it was shown; that was refused
        // as an unknown duty (404) because the duty was looked up before the passed periods were recorded.
        var incident = Open(plan, Accident(10));
        var shown = RepeatingDuties.PassedPeriods(incident.State, At(21)).Single(p => p.Key == key);

        var met = incident.FulfilObligation(key, At(20, 50), "续报已报市安委办", Officer, At(21), Repository.Engine);

        met.Key.Should().Be(key);
        incident.State.Obligations.Single(o => o.Key == key).Clock.Should().Match<ObligationSnapshot>(c =>
            c.State == ObligationState.Met && c.DueAt == shown.Clock.DueAt && c.FiledAt == At(20, 50) && c.OnTime == false);
        incident.State.Obligations.Single(o => o.Key == "continuation-report").Clock.State.Should().Be(ObligationState.Due,
            "the earliest period's report is still owed: one report stands for one period");
    }

    [Fact]
    public void Natural_DailyMemberUnitsReport_MissedDaysStayOverdue_NoNewDayAfterTheResponseEnds()
    {
        // N 5.2.3(3) "每日向市安委办报告": Ⅱ activated at 10:00 on day 1, no report made. The response ends at 12:00 on day 4: days 1–3
        // were each missed (due 10:00 on days 2, 3, 4) and stay overdue; day 4's report, not yet due, ends with the response (ADR 0003),
        // and no day after it is owed.
        var incident = Open("natural-disaster", Disaster(20));
        incident.DecideResponse(ResponseLevel.II, false, "测试启动", Actors.Commander, At(10), Repository.Engine);

        incident.TerminateResponse("灾情稳定", true, Actors.Commander, At(12, 0, day: 4), Repository.Engine);
        Continuation(incident, At(12, 0, day: 6));

        Instances(incident, "member-units-daily-report").Select(i => (i.DueAt, i.State)).Should().Equal(
            (At(10, 0, day: 2), ObligationState.Due),
            (At(10, 0, day: 3), ObligationState.Due),
            (At(10, 0, day: 4), ObligationState.Due),
            (At(10, 0, day: 5), ObligationState.Cancelled));
        RepeatingDuties.PassedPeriods(incident.State, At(12, 0, day: 9)).Should().BeEmpty();
    }

    [Fact]
    public void Natural_DailyMemberUnitsReport_WhenIIBecomesI_StaysOneReportADay()
    {
        // N 5.2.3(3) (Ⅱ) and 5.1.3(3) (Ⅰ) both say 市安委会有关成员单位……每日向市安委办报告有关情况: one daily report, whichever level is in
        // force. Ⅱ activated at 10:00 on day 1, Ⅰ decided by 市委、市政府 at 12:00; no report made until day 4 at 12:00. The days stay those
        // of the chain Ⅱ started (due 10:00 on days 2, 3, 4; day 5 running). Before, Ⅰ started a second chain (due 12:00 each day), so the
        // member units owed two reports a day, each overdue on its own.
        var incident = Open("natural-disaster", Disaster(20));
        incident.DecideResponse(ResponseLevel.II, false, "测试启动", Actors.Commander, At(10), Repository.Engine);
        incident.DecideResponse(ResponseLevel.I, true, "灾情扩大", Actors.PartyCommitteeGovernment, At(12), Repository.Engine);

        Continuation(incident, At(12, 0, day: 4));

        Instances(incident, "member-units-daily-report").Select(i => (i.DueAt, i.State)).Should().Equal(
            (At(10, 0, day: 2), ObligationState.Due),
            (At(10, 0, day: 3), ObligationState.Due),
            (At(10, 0, day: 4), ObligationState.Due),
            (At(10, 0, day: 5), ObligationState.Due));
    }

    // ================= the special cadence lasts while the special circumstances do =================

    [Theory]
    [InlineData("construction")]
    [InlineData("road-traffic")]
    public void Special_ClearedBeforeTheNextReport_ItFallsDueFourHoursAfterItsPeriodBegan(string plan)
    {
        // C 4.1(三) / R 5.1.2 "每4小时续报1次,特殊情况每2小时续报1次": special circumstances from 10:00; the 续报 for 08:00–12:00 is made at
        // 11:00, so the next period runs from 12:00, due 14:00 while they last. They end at 12:30: the running period is a 4-hour one
        // again, due 16:00. Before, it stayed due at 14:00 (the 2-hour cadence) though nothing special was left.
        var incident = Open(plan, Accident(10));
        Clock(incident, ClockEvents.SpecialCircumstancesSet, At(10));
        Continuation(incident, At(11));
        OwedOne(incident, "continuation-report").Clock.DueAt.Should().Be(At(14));

        Clock(incident, ClockEvents.SpecialCircumstancesCleared, At(12, 30));

        OwedOne(incident, "continuation-report").Clock.DueAt.Should().Be(At(16));
        Continuation(incident, At(15));
        OwedOne(incident, "continuation-report").Clock.DueAt.Should().Be(At(20));
    }

    [Theory]
    [InlineData("construction")]
    [InlineData("road-traffic")]
    public void Special_SetThenCleared_TheFirstReportIsDueAgainFourHoursFromTheOccurrence(string plan)
    {
        // Special circumstances at 09:00 bring the first 续报 forward to 11:00; cleared at 10:00, it is due when the 4-hour rule says, 12:00.
        var incident = Open(plan, Accident(10));
        Clock(incident, ClockEvents.SpecialCircumstancesSet, At(9));
        OwedOne(incident, "continuation-report").Clock.DueAt.Should().Be(At(11));

        Clock(incident, ClockEvents.SpecialCircumstancesCleared, At(10));

        OwedOne(incident, "continuation-report").Clock.DueAt.Should().Be(At(12));
        incident.State.Timeline[^1].Summary.Should().Contain("12:00");
    }

    [Theory]
    [InlineData("construction")]
    [InlineData("road-traffic")]
    public void Special_ClearedAfterAMissedTwoHourReport_TheMissedOneStaysMissed(string plan)
    {
        // Special circumstances from 10:00 (first 续报 still due 12:00, sooner than 12:00 is not asked); it is made at 11:00, the next is due
        // 14:00 and not made. Cleared at 15:00: the 14:00 report stays missed; the period from 14:00 is a 4-hour one, due 18:00.
        var incident = Open(plan, Accident(10));
        Clock(incident, ClockEvents.SpecialCircumstancesSet, At(10));
        Continuation(incident, At(11));

        Clock(incident, ClockEvents.SpecialCircumstancesCleared, At(15));

        Instances(incident, "continuation-report").Select(i => (i.DueAt, i.State)).Should().Equal(
            (At(12), ObligationState.Met),
            (At(14), ObligationState.Due),
            (At(18), ObligationState.Due));
    }
}
