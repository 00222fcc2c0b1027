namespace EmergencyPlans.Drills.Tests;

/// <summary>
/// A duty another rule of the plan took over names itself by that rule's words: construction 4.1(三) "较大以上建设工程事故每日至少续报1次"
/// becomes "重大以上建设工程事故每4小时续报1次,特殊情况每2小时续报1次" when the figures reach 重大 (the owed 续报 is rescheduled, not
/// raised again), and an action on it names the duty as the incident now owes it.
/// </summary>
public sealed class RescheduledDutyWordsTests
{
    private const string Drill = """
        title: 续报频次调整演练
        plan: construction
        start: 2026-05-12T09:00:00+08:00
        end: "02:00"
        participants:
          - {id: duty, name: 李值班, role: duty-officer}
        incident:
          at: "00:00"
          reportedAt: "00:05"
          reportedBy: duty
          county: 城区
          place: 某在建项目
          nature: 基坑坍塌
          reporter: {name: 项目安全员}
          figures: {deaths: 3, missing: 0, trapped: 0, endangered: 0, seriousInjuries: 0, injured: 1, directLossWan: 0}
        injects:
          - at: "00:30"
            kind: figures
            text: 现场通报：死亡人数上升至10人
            figures: {deaths: 10}
        actions:
          - {at: "00:40", by: duty, kind: fulfil-duty, duty: continuation-report, text: 续报}
        """;

    [Fact]
    public async Task ADailyReportTheFiguresMade4Hourly_IsNamedByThe4HourRule_InTheActionOnIt()
    {
        var report = await Support.Drills.RunAsync(Drill);

        var action = report.Actions.Should().ContainSingle().Subject;
        action.What.Should().Contain("重大以上建设工程事故每4小时续报1次", "the duty owed at 00:40 is the 4-hourly one: {0}", action.What);
        action.What.Should().NotContain("每日至少续报1次");
    }
}
