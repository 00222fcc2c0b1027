namespace EmergencyPlans.Drills.Tests;

/// <summary>
/// A drill replays through the same engine, so its after-action report counts the office's missed reports as the service does: road
/// 5.1.2 "重大以上道路交通安全突发事件每4小时续报1次" owes one 续报 in every four hours, and each period that passes without one is missed.
/// </summary>
public sealed class RepeatingDutyDrillTests
{
    /// <summary>10 dead on G207 at 08:00, reported at 08:10; the drill runs 13 hours; <paramref name="actions"/> appended.</summary>
    private static string Serious(string actions) => """
        title: 重大事故续报演练
        plan: road-traffic
        start: 2026-07-12T08:00:00+08:00
        end: "13:00"
        participants:
          - {id: duty, name: 值班, role: duty-officer}
        incident:
          at: "00:00"
          reportedAt: "00:10"
          reportedBy: duty
          county: 泽州县
          place: G207
          nature: 大客车侧翻
          reporter: {name: 张某, unit: 交警}
          figures: {deaths: 10, missing: 0, seriousInjuries: 0, directLossWan: 0}

        """ + actions;

    [Fact]
    public async Task NoContinuationForThirteenHours_EachFourHourPeriodIsMissed_WithItsOwnDueTime()
    {
        // Due 12:00, 16:00 and 20:00, none made: three missed reports, not one; the period to 24:00 is not yet due at the drill's end (21:00).
        var report = await Support.Drills.RunAsync(Serious(""));

        var continuations = report.Duties.Where(d => d.Code == "continuation-report").ToArray();
        continuations.Select(d => (d.Key, d.DueMinute, d.Verdict)).Should().Equal(
            ("continuation-report", 240, "missed"),
            ("continuation-report#2", 480, "missed"),
            ("continuation-report#3", 720, "missed"),
            ("continuation-report#4", 960, "not-yet-due"));
        continuations.Skip(1).Select(d => d.RaisedMinute).Should().Equal([240, 480, 720], "each period begins when the one before fell due");
    }

    [Fact]
    public async Task ALateContinuation_MeetsTheEarliestMissedPeriod_TheOthersStayMissed()
    {
        // One 续报 at 20:30 (12:30 into the drill) is the late report for the period due 12:00; 16:00 and 20:00 stay missed (ADR 0003).
        var report = await Support.Drills.RunAsync(Serious("""
            actions:
              - {at: "12:30", by: duty, kind: file-report, text: 迟到的续报}

            """));

        var continuations = report.Duties.Where(d => d.Code == "continuation-report").ToArray();
        continuations.Select(d => (d.Key, d.Verdict)).Should().Equal(
            ("continuation-report", "late"),
            ("continuation-report#2", "missed"),
            ("continuation-report#3", "missed"),
            ("continuation-report#4", "not-yet-due"));
        continuations.Skip(1).Select(d => d.RaisedMinute).Should().Equal([240, 480, 720], "recorded at 12:30, each still began when the one before fell due");
    }
}
