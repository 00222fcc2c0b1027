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

    /// <summary>3 dead on G207 at 08:00 (较大: 每日至少续报1次), reported at 08:10; the drill runs 30 hours; <paramref name="actions"/> appended.</summary>
    private static string RelativelySerious(string actions) => Serious("").Replace("end: \"13:00\"", "end: \"30:00\"").Replace("deaths: 10", "deaths: 3") + actions;

    [Fact]
    public async Task AContinuationEveryTwoHours_IsOneDayMetAndOneDayOwed_NotOneRowPerReport()
    {
        // R 5.1.2 "较大以上道路交通安全突发事件每日至少续报1次": twelve 续报 on day 1 (01:00 to 23:00 into the drill) meet day 1 once; day 2's
        // report is owed a day after the last (47:00), not yet due when the drill ends at 30:00. Before the amendment of ADR 0003 of
        // 2026-12-05 each 续报 met a "day" running from the one before: twelve rows, eleven of them met within hours of each other.
        var actions = string.Concat(Enumerable.Range(0, 12).Select(i => $"  - {{at: \"{1 + (2 * i):00}:00\", by: duty, kind: file-report, text: 续报{i + 1}}}\n"));
        var report = await Support.Drills.RunAsync(RelativelySerious("actions:\n" + actions + "\n"));

        report.Duties.Where(d => d.Code == "continuation-report").Select(d => (d.Key, d.DueMinute, d.Verdict)).Should().Equal(
            ("continuation-report", 1440, "on-time"),
            ("continuation-report#2", 47 * 60, "not-yet-due"));
    }

    [Fact]
    public async Task TwentyFiveHoursAfterTheLastContinuation_TheDayOwedIsLate()
    {
        // "每日至少续报1次": a 续报 at 01:00, the next at 26:30, 25.5 hours later: day 2's report was owed by 25:00, a day after the last one,
        // and is late (迟报), though it came within day 2 (24:00 to 48:00); day 3's is owed a day after the due time it missed (49:00).
        var report = await Support.Drills.RunAsync(RelativelySerious("""
            actions:
              - {at: "01:00", by: duty, kind: file-report, text: 续报}
              - {at: "26:30", by: duty, kind: file-report, text: 续报}

            """));

        report.Duties.Where(d => d.Code == "continuation-report").Select(d => (d.Key, d.DueMinute, d.Verdict)).Should().Equal(
            ("continuation-report", 1440, "on-time"),
            ("continuation-report#2", 25 * 60, "late"),
            ("continuation-report#3", 49 * 60, "not-yet-due"));
    }
}
