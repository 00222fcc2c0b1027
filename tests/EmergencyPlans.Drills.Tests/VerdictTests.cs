using EmergencyPlans.Application.Common;
using EmergencyPlans.Application.Incidents;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Drills.Tests.Support;

namespace EmergencyPlans.Drills.Tests;

/// <summary>
/// Every verdict of the after-action report, from the road plan's words (晋市政办〔2025〕18号 5.1.1: 事发地…应在
/// 事件发生后30分钟内电话报告、1小时内书面报告市委、市政府). The incident happens at 08:00 with 3 dead, so the phone
/// report is due at 08:30 and the written report at 09:00.
/// </summary>
public sealed class VerdictTests
{

    private const string PhoneOnTime = """
          - id: E1
            kind: duty-on-time
            duty: phone-report-to-city
        """;

    private static string Phone(string at) => $"""
          - at: "{at}"
            by: duty
            kind: fulfil-duty
            duty: phone-report-to-city
        """;

    [Fact]
    public async Task Duty_ReportedWithin30Minutes_IsOnTimeAndTheExpectationPasses()
    {
        var report = await Support.Drills.RunAsync(Support.Drills.Road(Phone("00:25"), PhoneOnTime));

        var duty = report.Duties.Single(d => d.Key == "phone-report-to-city");
        duty.Verdict.Should().Be("on-time");
        duty.VerdictText.Should().Be("按时");
        duty.DueAt.Should().Be("2026-03-01 08:30");
        duty.MetAt.Should().Be("2026-03-01 08:25");
        report.Expectations.Single().Passed.Should().BeTrue();
        report.Passed.Should().BeTrue();
        report.Problems.Should().NotContain(p => p.Problem.Contains("30分钟内向市委、市政府电话报告", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Duty_ReportedAfter30Minutes_IsLateTheExpectationFailsAndAProblemHasACorrectiveAction()
    {
        var report = await Support.Drills.RunAsync(Support.Drills.Road(Phone("00:45"), PhoneOnTime));

        var duty = report.Duties.Single(d => d.Key == "phone-report-to-city");
        duty.Verdict.Should().Be("late");
        duty.VerdictText.Should().Be("迟报");
        duty.MetAt.Should().Be("2026-03-01 08:45");
        var expectation = report.Expectations.Single();
        expectation.Passed.Should().BeFalse();
        expectation.Verdict.Should().Be("未通过");
        expectation.Evidence.Should().Contain("迟报");
        report.Passed.Should().BeFalse();
        var late = report.Problems.Single(p => p.Category == "迟报");
        late.Problem.Should().Contain("须在事发后30分钟内向市委、市政府电话报告有关情况").And.Contain("08:30").And.Contain("08:45").And.NotContain("phone-report-to-city");
        late.CorrectiveAction.Should().Contain("5.1.1");
        late.Problem.Should().EndWith("（预期 E1 因此未通过）");
        report.Problems.Should().NotContain(p => p.Category == "预期未达成", "the failed expectation only repeats the late duty");
    }

    [Fact]
    public async Task FiguresInject_IsTheControlCellsNews_NotTheParticipantsContinuation_SoTheImmediateReportStaysOwed()
    {
        // R 5.1.2 "造成伤亡人数发生变化的,应立即续报": the control cell tells the office that a fourth person died. That is what the office
        // learned, not its 续报 to 市委、市政府: with no participant's 续报 the duty is not done, and the expectation fails. It used to pass
        // on the inject alone, so no drill could find a missed 续报 once figures were injected.
        const string injects = """
              - at: "00:30"
                kind: figures
                figures: {deaths: 4}
            """;
        const string expectation = """
              - id: E1
                kind: duty-on-time
                duty: continuation-on-casualty-change
            """;

        var silent = await Support.Drills.RunAsync(Support.Drills.Road("", expectation, injects: injects));
        var reported = await Support.Drills.RunAsync(Support.Drills.Road("""
              - at: "00:35"
                by: duty
                kind: file-report
                text: 续报：死亡4人
            """, expectation, injects: injects));

        silent.Duties.Single(d => d.Code == "continuation-on-casualty-change").Verdict.Should().NotBe("on-time");
        silent.Expectations.Single().Passed.Should().BeFalse();
        silent.Timeline.Should().Contain(t => t.Lane == "inject" && t.Outcome == "已记录（导调组通报，不计为续报）");
        reported.Duties.Single(d => d.Code == "continuation-on-casualty-change").MetAt.Should().Be("2026-03-01 08:35");
        reported.Expectations.Single().Passed.Should().BeTrue();
    }

    [Fact]
    public async Task FiguresInject_NoContinuation_ThenTheFinalReport_TheImmediateReportIsNotDone_AndIsAProblem()
    {
        // R 5.1.2 "造成伤亡人数发生变化的,应立即续报" and "信息报告分首报、续报、终报" (the reviewer's r1-late-missed.yaml): a fourth death
        // is injected at 00:30, nobody files a 续报, and the duty officer files only the 终报 at 02:00, which closes the incident. The 终报 is
        // not the 续报: the duty reads 未报 (事件关闭时仍未报), not 已报告 at the 终报's time nor 已终止, it is listed under 问题与纠正措施
        // with a corrective action, and a duty-met expectation on it fails.
        const string injects = """
              - at: "00:30"
                kind: figures
                text: 又1人死亡
                figures: {deaths: 4}
            """;
        var report = await Support.Drills.RunAsync(Support.Drills.Road("""
              - at: "02:00"
                by: duty
                kind: file-report
                report: final
            """, """
              - id: E1
                kind: duty-met
                duty: continuation-on-casualty-change
            """, injects: injects, end: "03:00"));

        var duty = report.Duties.Single(d => d.Code == "continuation-on-casualty-change");
        duty.MetAt.Should().BeNull("nobody made the 立即续报");
        duty.Verdict.Should().Be("unmet");
        duty.VerdictText.Should().Be("未报（立即，无具体时限；事件关闭时仍未报）");
        var expectation = report.Expectations.Single();
        expectation.Passed.Should().BeFalse();
        expectation.Evidence.Should().Contain("事件关闭时仍未报").And.NotContain("已终止");
        var problem = report.Problems.Single(p => p.Category == "未报" && p.Problem.Contains("应立即续报", StringComparison.Ordinal));
        problem.Problem.Should().Contain("5.1.2").And.Contain("事件关闭时仍未报");
        problem.CorrectiveAction.Should().Contain("5.1.2");
        report.Duties.Single(d => d.Code == "final-report").MetAt.Should().Be("2026-03-01 10:00", "the 终报 meets its own duty");
    }

    [Fact]
    public async Task FinalReport_ThePublicsCall122NeverRecorded_AnExpectationOnItSays未记录_NotThatItWasNeverMade()
    {
        // R 5.1.1 "获悉道路交通安全突发事件的单位、公民,立即拨打报警电话(122)": the public's duty, outside the city command, which the office only
        // records (ADR 0003 #77). The control cell may play that party, so an expectation on it still judges it; left unrecorded when the 终报
        // closed the incident, it fails saying it was not recorded (事件关闭时未记录), not 仍未报. The duty table lists it as before, not judged.
        var report = await Support.Drills.RunAsync(Support.Drills.Road("""
              - at: "02:00"
                by: duty
                kind: file-report
                report: final
            """, """
              - id: E1
                kind: duty-met
                duty: call-122
            """, end: "03:00"));

        var expectation = report.Expectations.Single();
        expectation.Passed.Should().BeFalse();
        expectation.Evidence.Should().Contain("事件关闭时未记录").And.NotContain("仍未报");
        var call = report.Duties.Single(d => d.Code == "call-122");
        (call.Verdict, call.VerdictText).Should().Be(("outside", "非演练角色职责（不计入评估）"));
    }

    [Fact]
    public async Task FiguresInject_NoContinuation_DrillEndsBeforeAnyFinalReport_TheImmediateReportIsNotDone_AndIsAProblemOnce()
    {
        // R 5.1.2 "造成伤亡人数发生变化的,应立即续报": a fourth death is injected at 00:30, nobody files a 续报, and the drill ends at 01:30
        // with the incident still open (no 终报). The 立即续报 was owed and never made: 未报（立即，无具体时限；演练结束时仍未报）, as the close
        // would have ended it (ADR 0003 row 26), listed once under 问题与纠正措施 with its correction (AQ/T 9009-2015 7.4, GB/T 46792-2025 6.5),
        // the duty-met expectation on it folded into that problem. It read 未报（立即，无具体时限） and no problem was listed.
        var report = await Support.Drills.RunAsync(Support.Drills.Road(Phone("00:20") + "\n" + """
              - {at: "00:40", by: duty, kind: fulfil-duty, duty: written-report-to-city}
            """, """
              - id: E1
                kind: duty-met
                duty: continuation-on-casualty-change
            """, injects: """
              - at: "00:30"
                kind: figures
                text: 又1人死亡
                figures: {deaths: 4}
            """));

        var duty = report.Duties.Single(d => d.Code == "continuation-on-casualty-change");
        (duty.MetAt, duty.DueAt, duty.Verdict).Should().Be((null, null, "unmet"));
        duty.VerdictText.Should().Be("未报（立即，无具体时限；演练结束时仍未报）");
        var problems = report.Problems.Where(p => p.Problem.Contains("应立即续报", StringComparison.Ordinal)).ToList();
        problems.Should().ContainSingle();
        problems[0].Category.Should().Be("未报");
        problems[0].Problem.Should().Contain("5.1.2").And.Contain("+00:30 起应报告").And.Contain("演练结束时仍未报").And.EndWith("（预期 E1 因此未通过）");
        problems[0].CorrectiveAction.Should().Contain("5.1.2");
        report.Problems.Should().NotContain(p => p.Category == "预期未达成", "the failed expectation only repeats the duty not done");
        report.Expectations.Single().Evidence.Should().Contain("演练结束时仍未报");
        DrillReportHtml.Render(report).Should().Contain($"<tr class=\"fail\"><td>{System.Net.WebUtility.HtmlEncode(duty.Duty)}</td>");
        DrillReportMarkdown.Render(report).Should().Contain("未报（立即，无具体时限；演练结束时仍未报）");
    }

    [Fact]
    public async Task ImmediateContinuation_MadeOnceOfTwice_TheSecondStillOwedAtTheEnd_FailsTheExpectationOnTheDuty()
    {
        // R 5.1.2: every change of the casualties owes its own 立即续报. The first change is reported; the second (01:00) is not when the drill
        // ends: the expectation on the duty judges both, and fails on the second.
        var report = await Support.Drills.RunAsync(Support.Drills.Road("""
              - {at: "00:35", by: duty, kind: file-report, text: 续报：死亡4人}
            """, """
              - id: E1
                kind: duty-met
                duty: continuation-on-casualty-change
            """, injects: """
              - at: "00:30"
                kind: figures
                figures: {deaths: 4}
              - at: "01:00"
                kind: figures
                figures: {deaths: 5}
            """));

        report.Duties.Where(d => d.Code == "continuation-on-casualty-change").Select(d => d.Verdict).Should().Equal("met-untimed", "unmet");
        var expectation = report.Expectations.Single();
        expectation.Passed.Should().BeFalse();
        expectation.Evidence.Should().StartWith("共2次，1次演练结束前未报：第2次：").And.Contain("演练结束时仍未报");
    }

    [Fact]
    public async Task ImmediateContinuation_RaisedAtTheDrillsVeryEnd_IsNotAProblem_NobodyHadAMomentToMakeIt()
    {
        // The last inject (01:30) is the drill's end: a 立即续报 it raises is owed, but the drill gave no time to make it.
        var report = await Support.Drills.RunAsync(Support.Drills.Road("", "", injects: """
              - at: "01:30"
                kind: figures
                figures: {deaths: 4}
            """));

        var duty = report.Duties.Single(d => d.Code == "continuation-on-casualty-change");
        (duty.Verdict, duty.VerdictText).Should().Be(("untimed", "未报（立即，无具体时限）"));
        report.Problems.Should().NotContain(p => p.Problem.Contains("应立即续报", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OfficeProposal_WhoseWordsCarryNoTimeWord_IsNotSaid及时()
    {
        // R 5.3.2 启动程序 "市指挥部办公室接到报告后,经分析研判,向市指挥部提出启动Ⅱ级应急响应的建议": no time word. Never made by the drill's
        // end, it read 未完成（及时，无具体时限；…）, a word the clause does not use.
        var report = await Support.Drills.RunAsync(Support.Drills.Road("", ""));

        report.Duties.Single(d => d.Code == "office-proposal").VerdictText.Should().Be("未完成（本预案未写明时限；演练结束时仍未完成）");
    }

    [Fact]
    public async Task WorkAfterHandling_OwedWhenTheDrillEnds_IsNotAProblem()
    {
        // R 6.4 "各级道路交通安全指挥部办公室要及时对……进行总结评估,形成事故专项报告" and 5.1.2's 终报 start when handling ends (01:00): the
        // close does not end them either (ADR 0003: work after handling is owed after the close), and a drill ending at 01:30 does not make
        // them 未报.
        var report = await Support.Drills.RunAsync(Support.Drills.Road("""
              - {at: "01:00", by: director, kind: record-clock-event, event: handling-finished}
            """, ""));

        var after = report.Duties.Where(d => d.Code is "special-report" or "final-report").ToList();
        after.Select(d => d.Code).Should().BeEquivalentTo("special-report", "final-report");
        after.Should().OnlyContain(d => d.Verdict == "untimed");
        report.Problems.Should().NotContain(p => p.Problem.Contains("6.4", StringComparison.Ordinal) || p.Problem.Contains("终报", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ImmediateContinuation_MadeHoursLater_IsNeverSaid按时_TheReportSaysHowLongItTook()
    {
        // R 5.1.2 "造成伤亡人数发生变化的,应立即续报": 立即 has no figure, so no report is late by it; a 续报 19½ hours after the change read
        // 按时. The report says it was made, that the plan gives no time, and how long after the change.
        const string injects = """
              - at: "00:30"
                kind: figures
                figures: {deaths: 4}
            """;
        var report = await Support.Drills.RunAsync(Support.Drills.Road("""
              - at: "20:00"
                by: duty
                kind: file-report
                text: 续报：死亡4人
            """, """
              - id: E1
                kind: duty-on-time
                duty: continuation-on-casualty-change
            """, injects: injects, end: "20:30"));

        var duty = report.Duties.Single(d => d.Code == "continuation-on-casualty-change");
        duty.Verdict.Should().Be("met-untimed");
        duty.VerdictText.Should().Contain("无具体时限").And.Contain("起算后19.5小时").And.NotContain("按时");
        report.Expectations.Single().Evidence.Should().Contain("起算后19.5小时").And.Contain("是否及时请评估组判断").And.NotContain("按时");
    }

    [Fact]
    public async Task DutyExpectationByCode_JudgesEveryTimeTheDutyCameDue_NotTheFirstAlone()
    {
        // R 5.1.1 "市委、市政府要求核实的道路交通安全突发事件信息,必须在30分钟内报告": the city asks twice; the first request is answered in 10
        // minutes, the second not at all. "duty-on-time verify-on-request" fails on the second; naming the first instance's key alone
        // (its code) used to pass it. A later instance's key judges that one.
        const string injects = """
              - at: "00:20"
                kind: city-request
              - at: "00:40"
                kind: city-request
            """;
        const string actions = """
              - at: "00:30"
                by: duty
                kind: fulfil-duty
                duty: verify-on-request
            """;

        var report = await Support.Drills.RunAsync(Support.Drills.Road(actions, """
              - id: E1
                kind: duty-on-time
                duty: verify-on-request
              - id: E2
                kind: duty-met
                duty: verify-on-request#2
            """, injects: injects));

        report.Duties.Where(d => d.Code == "verify-on-request").Select(d => d.Verdict).Should().Equal("on-time", "missed");
        var byCode = report.Expectations.Single(x => x.Id == "E1");
        byCode.Passed.Should().BeFalse();
        byCode.Evidence.Should().StartWith("共2次，1次未按时报告：第2次：");
        report.Expectations.Single(x => x.Id == "E2").Passed.Should().BeFalse();
    }

    [Fact]
    public async Task ADutyRaisedAfterItsDueTime_IsOwedAtOnceWhenItArose_NeverMissedBeforeItExisted()
    {
        // R 5.1.1 "重大及以上……报告时间不得晚于事发后30分钟": the seventh death is learned at 08:40, after the 08:30 that the direct report
        // counts from the occurrence. The duty arises at 08:40 and is owed 立即, the text's 08:30 beside it (ADR 0003 #71); the timeline
        // said "到时未报" at +00:30, when it did not exist, and since session 54 at +00:40, the moment it arose.
        var report = await Support.Drills.RunAsync(Support.Drills.Road("", "", injects: """
              - at: "00:40"
                kind: figures
                figures: {deaths: 10}
            """));

        report.Timeline.Should().NotContain(t => t.Who == "时限" && t.What.Contains("向上级值班室", StringComparison.Ordinal));
        var raised = report.Timeline.Single(t => t.What.Contains("向上级值班室", StringComparison.Ordinal) && t.What.Contains("应立即报告", StringComparison.Ordinal));
        raised.Offset.Should().Be("+00:40");
        raised.What.Should().Contain("08:30");
    }

    [Fact]
    public async Task Duty_ReportedLate_StillMeetsADutyMetExpectation()
    {
        var report = await Support.Drills.RunAsync(Support.Drills.Road(Phone("00:45"), """
              - id: E1
                kind: duty-met
                duty: phone-report-to-city
            """));

        report.Expectations.Single().Passed.Should().BeTrue();
        report.Duties.Single(d => d.Key == "phone-report-to-city").Verdict.Should().Be("late");
    }

    [Fact]
    public async Task Duty_ANoticeNotGiven_IsCorrectedByPreparingTheNotice_NotAReportTemplate()
    {
        // R 6.2.2 "公安交警部门应通知相关救助基金管理保险机构垫付……抢救费用": a notice, not a report. The corrective action of its unmet
        // expectation says the duty in those words and asks for the notice's text and the way to reach the fund, not a report template.
        // The fund's advance is needed (its condition, 需要救助基金垫付): a duty the incident never raised is not applicable (s60 F4).
        var report = await Support.Drills.RunAsync(Support.Drills.Road(Phone("00:25"), """
              - id: E1
                kind: duty-met
                duty: notify-rescue-fund
            """, injects: """
              - {at: "00:15", kind: figures, figures: {deaths: 3, missing: 0, injured: 5, rescueFundAdvanceNeeded: true}}
            """));

        report.Expectations.Single().Passed.Should().BeFalse();
        var action = report.Problems.Single(p => p.Category == "预期未达成").CorrectiveAction;
        action.Should().Contain("通知相关救助基金管理保险机构").And.Contain("预置通知（通报）文稿并明确送达渠道").And.NotContain("报告模板");
    }

    [Fact]
    public async Task Expectation_OnA4HourlyContinuationNotMet_HasACorrectiveActionInTheWordsOfThatRule_NotTheDailyOne()
    {
        // R 5.1.2 gives 续报 twice under one code: 较大以上…每日至少续报1次 and 重大以上…每4小时续报1次. Ten dead make the incident 重大; the
        // report of them meets the first four-hourly period, and nobody reports the second, due four hours later. The duty the
        // expectation misses is the four-hourly one, and so is the corrective action's wording.
        var report = await Support.Drills.RunAsync(Support.Drills.Road(Phone("00:25"), """
              - id: E1
                kind: duty-met
                duty: continuation-report#2
            """, end: "09:00", injects: """
              - {at: "00:20", kind: figures, figures: {deaths: 10, missing: 0, injured: 5}}
            """));

        report.Expectations.Single().Passed.Should().BeFalse();
        // The missed period is listed once, naming the expectation it fails, in the words of the four-hourly rule.
        var missed = report.Problems.Single(p => p.Problem.Contains("预期 E1", StringComparison.Ordinal));
        missed.Problem.Should().Contain("每4小时续报1次").And.NotContain("每日");
        missed.CorrectiveAction.Should().NotContain("每日");
    }

    [Fact]
    public async Task Inject_TheOccurrenceTimeVerified_MovesTheClocksAndAReportOnTimeBeforeIsLate()
    {
        // R 5.1.1 "……须在事发后30分钟内向市委、市政府电话报告": the call came at 08:00 and stood for the occurrence; at 08:10 the control cell
        // says it happened at 07:40. The phone report made at 08:15 was within 30 minutes of the call, but not of the accident: late.
        var report = await Support.Drills.RunAsync(CallAt0800ThePhoneReportAt0815AndTheAccidentVerifiedAt0740(injectAt: "00:40"));

        var phone = report.Duties.Single(d => d.Key == "phone-report-to-city");
        phone.Verdict.Should().Be("late");
        phone.DueAt.Should().Contain("08:10");
        report.Timeline.Should().Contain(t => t.Lane == "inject" && t.What.Contains("核实事发时间", StringComparison.Ordinal)
            && t.What.Contains("事发时间为2026-03-01 07:40", StringComparison.Ordinal) && t.Outcome!.StartsWith("已更正事发时间", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Inject_TheOccurrenceTimeVerifiedAfterTheReport_JudgesTheReportAgainstTheAccident()
    {
        // The same drill, but the phone report (08:15, on time against the call) is made before the control cell says, at 08:20,
        // that the accident happened at 07:40: 事发后30分钟内 was 08:10, so the report was late, and the evaluator is told so.
        var report = await Support.Drills.RunAsync(CallAt0800ThePhoneReportAt0815AndTheAccidentVerifiedAt0740(injectAt: "00:50"));

        var phone = report.Duties.Single(d => d.Key == "phone-report-to-city");
        phone.Verdict.Should().Be("late");
        phone.DueAt.Should().Contain("08:10");
        report.Problems.Should().Contain(p => p.Category == "迟报" && p.Problem.Contains("30分钟内向市委、市政府电话报告", StringComparison.Ordinal));
        report.Timeline.Should().Contain(t => t.Lane == "engine" && t.Offset == "+00:50"
            && t.What.Contains("因事发时间更正，时限提前至2026-03-01 08:10；已于2026-03-01 08:15报告，按更正后的时限属迟报", StringComparison.Ordinal),
            "the evaluator sees why a report the participants made on time is judged late");
    }

    /// <summary>A road drill from 07:30 whose call, at +00:30, stands for the occurrence; the control cell says at <paramref name="injectAt"/> it was +00:10.</summary>
    private static string CallAt0800ThePhoneReportAt0815AndTheAccidentVerifiedAt0740(string injectAt)
    {
        var yaml = Support.Drills.Road(Phone("00:45"), "", injects: $"""
              - at: "{injectAt}"
                kind: occurrence-time
                occurredAt: "00:10"
                text: 经核实，事故实际发生于07:40
            """).Replace("start: 2026-03-01T08:00:00+08:00", "start: 2026-03-01T07:30:00+08:00", StringComparison.Ordinal)
            .Replace("at: \"00:00\"\n  reportedAt: \"00:10\"", "at: \"00:30\"\n  reportedAt: \"00:32\"", StringComparison.Ordinal);
        yaml.Should().Contain("start: 2026-03-01T07:30:00+08:00").And.Contain("reportedAt: \"00:32\"");
        return yaml;
    }

    [Fact]
    public async Task Inject_AnOccurrenceTimeAfterTheInject_IsAScriptProblemNamingItsLine()
    {
        var yaml = Support.Drills.Road("", "", injects: """
              - at: "00:20"
                kind: occurrence-time
                occurredAt: "00:30"
            """);

        var read = () => Support.Drills.Runner.Read(yaml, "test.yaml");

        read.Should().Throw<DrillScriptException>().Which.Problems.Should().Contain(p => p.Message.Contains("occurredAt +00:30 晚于本条注入的时刻 +00:20", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Duty_NeverReportedByTheEnd_IsMissed()
    {
        var report = await Support.Drills.RunAsync(Support.Drills.Road("", PhoneOnTime, end: "01:30"));

        var phone = report.Duties.Single(d => d.Key == "phone-report-to-city");
        phone.Verdict.Should().Be("missed");
        phone.VerdictText.Should().Be("未报（逾期）");
        report.Duties.Single(d => d.Key == "written-report-to-city").Verdict.Should().Be("missed");
        report.Expectations.Single().Passed.Should().BeFalse();
        // 5.1.1 "……须在事发后30分钟内向市委、市政府电话报告有关情况,1小时以内向市委、市政府书面报告简要情况": each missed duty, in those words.
        var missed = report.Problems.Where(p => p.Category == "未报").ToArray();
        // The expectation it makes fail is named with it, not listed again (its reference adds the expectation's line).
        missed.Should().Contain(p => p.Problem.Contains("30分钟内向市委、市政府电话报告有关情况", StringComparison.Ordinal) && p.Problem.EndsWith("（预期 E1 因此未通过）", StringComparison.Ordinal)
                                     && p.Reference.StartsWith("预案 5.1.1；预期 E1（第", StringComparison.Ordinal));
        report.Problems.Should().NotContain(p => p.Category == "预期未达成");
        missed.Should().Contain(p => p.Problem.Contains("1小时以内向市委、市政府书面报告简要情况", StringComparison.Ordinal) && p.Reference == "预案 5.1.1");
        report.Timeline.Should().Contain(t => t.Lane == "engine" && t.Offset == "+00:30" && t.What.Contains("到时未报"));
    }

    [Fact]
    public async Task Duty_NotYetDueWhenTheDrillEnds_IsNeitherMetNorMissed()
    {
        // The written report is due at +01:00; a drill that ends at +00:50 cannot call it missed.
        var report = await Support.Drills.RunAsync(Support.Drills.Road(Phone("00:20"), "", end: "00:50"));

        report.Duties.Single(d => d.Key == "written-report-to-city").Verdict.Should().Be("not-yet-due");
        // No report is found missed or late. The problems are the Ⅱ级 response the 3 dead call for (5.3.2(1)) that nobody activated,
        // and the office's proposal the same clause's 启动程序 asks for first ("向市指挥部提出启动Ⅱ级应急响应的建议"), untimed and
        // still not made when the drill ends.
        report.Problems.Select(p => p.Category).Should().BeEquivalentTo(["响应不足", "未完成"]);
        report.Problems.Single(p => p.Category == "未完成").Reference.Should().Be("预案 5.3.2 启动程序");
    }

    [Fact]
    public async Task Duty_ReportedHalfAMinuteLate_SaysTheSecondsAndListsItAfterTheDueTime()
    {
        // docs/drills.md: times may be "HH:MM:SS". Due at 08:30 (5.1.1's 30 minutes), made at 08:30:30: late, and said so.
        var report = await Support.Drills.RunAsync(Support.Drills.Road(Phone("00:30:30"), PhoneOnTime));

        var phone = report.Duties.Single(d => d.Key == "phone-report-to-city");
        phone.Verdict.Should().Be("late");
        phone.DueAt.Should().Be("2026-03-01 08:30");
        phone.MetAt.Should().Be("2026-03-01 08:30:30");
        report.Expectations.Single().Evidence.Should().Contain("08:30:30");
        report.Problems.Single(p => p.Category == "迟报").Problem.Should().Contain("2026-03-01 08:30:30 才报告");
        var offsets = report.Timeline.Select(t => DrillScriptReader.ParseOffset(t.Offset)!.Value).ToList();
        offsets.Should().BeInAscendingOrder();
        report.Timeline.Single(t => t.Lane == "action").At.Should().Be("2026-03-01 08:30:30");
    }

    [Fact]
    public async Task Action_DutyOfficerActivatingALevel_NamesInChineseTheBodiesThePlanGivesThatLevel()
    {
        // 5.3.2: "由市指挥部指挥长或副指挥长决定启动Ⅱ级响应": not the office director, not the party committee and government.
        var report = await Support.Drills.RunAsync(Support.Drills.Road("""
              - {at: "00:15", by: duty, kind: decide-response, level: II, reason: 3人死亡}
            """, ""));

        var detail = report.Actions.Single().Detail!;
        var holders = detail[(detail.IndexOf("可由：", StringComparison.Ordinal) + 3)..];
        holders.Should().Contain("指挥长").And.Contain("副指挥长").And.Contain("5.3.2");
        holders.Should().NotContain("办公室主任").And.NotMatchRegex("[A-Za-z]");
    }

    [Fact]
    public async Task ResponseLevels_AProposalAnsweredByAnotherLevel_IsShownAsNotAdopted()
    {
        // R 5.3.2: the office "向市指挥部提出启动Ⅱ级应急响应的建议"; the deputy decides Ⅲ instead (figures revised to 2 dead). The chart's
        // level lane said only 启动Ⅲ级响应, leaving the proposal of Ⅱ without an answer in the report.
        var report = await Support.Drills.RunAsync(Support.Drills.Road("""
              - {at: "00:12", by: director, kind: decide-response, action: propose, level: II, reason: 3人死亡}
              - {at: "00:20", by: deputy, kind: decide-response, level: III, reason: 经核实死亡2人}
            """, ""));

        report.Actions.Should().OnlyContain(a => a.Verdict == "accepted");
        var activation = report.ResponseLevels.Single(c => c.Change == "activate");
        activation.Text.Should().Be("启动Ⅲ级响应（未采纳Ⅱ级响应的建议）");
        activation.NotAdopted.Should().Be("Ⅱ级");
        report.ResponseLevels.Single(c => c.Change == "propose").NotAdopted.Should().BeNull();
    }

    [Fact]
    public async Task Overview_AHigherLevelProposedWhileOneIsInForce_IsSaidAsPending()
    {
        // R 5.3.3 "由市指挥部办公室主任启动Ⅲ级应急响应"; the office then proposes Ⅱ (5.3.2 向市指挥部提出启动Ⅱ级应急响应的建议), refused
        // before 2026-12-05 while the Ⅲ was active. Undecided at the end, the overview says so beside the level in force.
        var report = await Support.Drills.RunAsync(Support.Drills.Road("""
              - {at: "00:12", by: director, kind: decide-response, level: III, reason: 研判}
              - {at: "00:30", by: director, kind: decide-response, action: propose, level: II, reason: 3人死亡}
            """, ""));

        report.Actions.Should().OnlyContain(a => a.Verdict == "accepted");
        report.Overview.ResponseState.Should().Be("Ⅲ级响应进行中（已提出启动Ⅱ级响应的建议，未决定）");
    }

    [Theory]
    [InlineData("decide-response, action: adjust, level: II", "adjust", "调整响应级别，Ⅲ级提高为Ⅱ级响应")] // R 5.7 调整响应级别, C 4.4 提高 (F5)
    [InlineData("decide-response, action: decline", "decline", "不同意启动Ⅱ级响应")]
    public async Task ResponseLevels_AProposalMadeWhileIIIIsInForce_TheLaneKeepsTheIIIAndSaysWhatWasDecided(string decision, string change, string text)
    {
        // R 5.3.3 the director starts Ⅲ; 5.3.2 he proposes Ⅱ, which the deputy adopts (raising Ⅲ to Ⅱ) or turns down (Ⅲ goes on).
        // The lane's fold dropped the level in force at a proposal, so the raise read "调整为Ⅱ级响应" without the Ⅲ it came from.
        var report = await Support.Drills.RunAsync(Support.Drills.Road($$"""
              - {at: "00:12", by: director, kind: decide-response, level: III, reason: 研判}
              - {at: "00:30", by: director, kind: decide-response, action: propose, level: II, reason: 3人死亡}
              - {at: "00:40", by: deputy, kind: {{decision}}, reason: 研判}
            """, ""));

        report.Actions.Should().OnlyContain(a => a.Verdict == "accepted");
        var last = report.ResponseLevels[^1];
        (last.Change, last.Text).Should().Be((change, text));
        last.NotAdopted.Should().BeNull();
    }

    [Fact]
    public async Task LevelActivated_AProposalOfThatLevelIsNotAnActivation()
    {
        // R 5.3.2: the office "向市指挥部提出启动Ⅱ级应急响应的建议", the commander or deputy "决定启动Ⅱ级响应". A proposal puts nothing in
        // force; the runner counted every accepted response decision, proposals and declines too, as an activation of its level.
        var report = await Support.Drills.RunAsync(Support.Drills.Road("""
              - {at: "00:12", by: director, kind: decide-response, action: propose, level: II, reason: 3人死亡}
            """, """
              - {id: E1, kind: level-activated, level: II, by: "00:30"}
            """));

        report.Actions.Single().Verdict.Should().Be("accepted");
        report.Expectations.Single().Passed.Should().BeFalse("only a proposal was made");
    }

    [Fact]
    public async Task Action_OfficeProposesII_DirectorsDeclineIsUnauthorised_DeputyDeclinesThenActivates()
    {
        // 5.3.2: 市指挥部办公室……向市指挥部提出启动Ⅱ级应急响应的建议，由市指挥部指挥长或副指挥长决定启动Ⅱ级响应. The office director
        // may propose Ⅱ but not decide it, so he cannot turn the proposal down either.
        var report = await Support.Drills.RunAsync(Support.Drills.Road("""
              - {at: "00:12", by: director, kind: decide-response, action: propose, level: II, reason: 3人死亡}
              - {at: "00:14", by: director, kind: decide-response, action: decline, reason: 暂不启动}
              - {at: "00:16", by: deputy, kind: decide-response, action: decline, reason: 县级已处置}
              - {at: "00:20", by: director, kind: decide-response, action: propose, level: II, reason: 伤情加重}
              - {at: "00:25", by: deputy, kind: decide-response, level: II, reason: 同意启动}
            """, """
              - {id: E1, kind: level-activated, level: II, by: "00:30", role: deputy-commander}
            """));

        report.Actions.Select(a => a.Verdict).Should().Equal("accepted", "unauthorised", "accepted", "accepted", "accepted");
        report.Actions[0].What.Should().Contain("提出启动Ⅱ级响应的建议");
        report.Actions[2].What.Should().Contain("不同意启动响应");
        report.Expectations.Single().Passed.Should().BeTrue();
    }

    [Fact]
    public async Task Script_DeclineWithAdjust_IsRefusedNamingTheLine()
    {
        var script = Support.Drills.Road("""
              - {at: "00:12", by: deputy, kind: decide-response, action: decline, adjust: true, reason: 暂不启动}
            """, "");

        var problems = Support.Drills.Problems(script);

        problems.Should().ContainSingle(p => p.Message.Contains("adjust: true 与 action: decline 矛盾", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoUnauthorisedActions_WhenEveryActionWasRefusedForAnotherReason_DoesNotCallThemWithinAuthority()
    {
        // No response was activated, so there is none to terminate: both actions are refused (被拒绝), neither is 越权.
        var report = await Support.Drills.RunAsync(Support.Drills.Road("""
              - {at: "00:20", by: deputy, kind: terminate-response, reason: 处置完毕}
              - {at: "00:25", by: deputy, kind: terminate-response, reason: 处置完毕}
            """, """
              - {id: E1, kind: no-unauthorised-actions}
            """));

        report.Actions.Should().OnlyContain(a => a.Verdict == "refused");
        var e1 = report.Expectations.Single();
        e1.Passed.Should().BeTrue("no action was refused for lack of authority");
        e1.Evidence.Should().NotContain("均在权限内").And.Contain("2 项因其他原因被拒绝");
    }

    [Fact]
    public async Task Duty_DueExactlyWhenTheDrillEnds_IsNotYetDue()
    {
        // 5.1.1: the phone report is due within 30 minutes (+00:30); a report made at +00:30 would still be on time, so a drill
        // that ends at +00:30 has not seen it missed.
        var report = await Support.Drills.RunAsync(Support.Drills.Road("", "", end: "00:30"));

        var phone = report.Duties.Single(d => d.Key == "phone-report-to-city");
        phone.Verdict.Should().Be("not-yet-due");
        phone.VerdictText.Should().Be("演练结束时未到期");
    }

    [Fact]
    public async Task Action_DutyOfficerActivatingALevel_IsUnauthorisedAndTheRunGoesOn()
    {
        // A duty officer holds no decision at all (RoleCatalogue: no Decide capability); the API would answer 403.
        var report = await Support.Drills.RunAsync(Support.Drills.Road("""
              - at: "00:15"
                by: duty
                kind: decide-response
                level: II
                reason: 3人死亡
              - at: "00:20"
                by: duty
                kind: fulfil-duty
                duty: phone-report-to-city
            """, """
              - id: E1
                kind: no-unauthorised-actions
              - id: E2
                kind: level-activated
                level: II
                by: "00:30"
            """));

        var refused = report.Actions[0];
        refused.Verdict.Should().Be("unauthorised");
        refused.VerdictText.Should().Be("越权（未执行）");
        refused.Detail.Should().StartWith("值班员无权启动Ⅱ级响应；可由：").And.NotContain("duty-officer", "the report is read in Chinese; the role's id is the script's");
        (refused.Role, refused.RoleName).Should().Be(("duty-officer", "值班员"));
        report.Actions[1].Verdict.Should().Be("accepted", "the run records the violation and goes on");
        report.Expectations.Should().OnlyContain(e => !e.Passed);
        report.Problems.Should().Contain(p => p.Category == "越权行为" && p.Problem.Contains("值班员甲（值班员）"));
        DrillReportMarkdown.Render(report).Should().Contain("| 值班员甲 | 值班员 | 启动Ⅱ级响应 | 越权（未执行） |");
    }

    [Fact]
    public async Task Action_OfficeDirectorActivatingLevelII_IsRefusedByThePlansAuthority()
    {
        // Road 5.3.2: Ⅱ级响应由市指挥部指挥长或副指挥长决定启动 — not the office director (5.3.3 is his level).
        var report = await Support.Drills.RunAsync(Support.Drills.Road("""
              - at: "00:15"
                by: director
                kind: decide-response
                level: II
                reason: 3人死亡
              - at: "00:20"
                by: deputy
                kind: decide-response
                level: II
                reason: 3人死亡，属5.3.2(1)
            """, """
              - id: E1
                kind: level-activated
                level: II
                by: "00:30"
                role: deputy-commander
              - id: E2
                kind: no-unauthorised-actions
                correctiveAction: 组织指挥部办公室学习5.3各级响应的启动主体
            """));

        report.Actions.Select(a => a.Verdict).Should().Equal("unauthorised", "accepted");
        // The posts as the road plan names them (5.3.3 市指挥部办公室主任, 5.3.2 市指挥部指挥长或副指挥长): none of the natural-disaster plan's 市安委会.
        report.Actions[0].Detail.Should().Be("市指挥部办公室主任无权启动Ⅱ级响应（Ⅲ级可由本人启动，5.3.3；本人可提出启动Ⅱ级响应的建议，5.3.2）；可由：市指挥部指挥长、市指挥部副指挥长"
            + "（依据：晋市政办〔2025〕18号 5.3.2 由市指挥部指挥长或副指挥长决定启动Ⅱ级响应）");
        report.Expectations.Single(e => e.Id == "E1").Passed.Should().BeTrue();
        var e2 = report.Expectations.Single(e => e.Id == "E2");
        e2.Passed.Should().BeFalse();
        // E2 only repeats the 越权 action: listed once, with the facilitator's corrective action after the action's own.
        report.Problems.Should().NotContain(p => p.Category == "预期未达成");
        report.Problems.Single(p => p.Category == "越权行为").CorrectiveAction.Should().EndWith("；组织指挥部办公室学习5.3各级响应的启动主体");
        report.Objectives.Should().BeEmpty();
    }

    private static string ActivateThenTerminate(string confirmation) => $"""
          - at: "00:20"
            by: deputy
            kind: decide-response
            level: II
            reason: 3人死亡
          - at: "01:10"
            by: deputy
            kind: terminate-response
            reason: 现场清理完毕
        {confirmation}
        """;

    [Fact]
    public async Task Action_TerminatingWithoutConfirmingTheConditions_IsAProblemWithACorrectiveAction()
    {
        // Road 5.7: "现场危险完全消除、事态得到全面控制、已无发生次生衍生危害可能的,…由相应启动应急响应的指挥机构宣布应急响应终止".
        var report = await Support.Drills.RunAsync(Support.Drills.Road(ActivateThenTerminate(""), ""));

        report.Actions.Should().OnlyContain(a => a.Verdict == "accepted");
        var problem = report.Problems.Should().ContainSingle(p => p.Category == "终止程序").Subject;
        problem.Problem.Should().Contain("+01:10").And.Contain("5.7").And.Contain("现场危险完全消除；事态得到全面控制；已无发生次生衍生危害可能");
        problem.CorrectiveAction.Should().Contain("5.7").And.Contain("逐项确认");
        problem.Reference.Should().StartWith("行动（第");
    }

    [Fact]
    public async Task Action_TerminatingAfterConfirmingTheConditions_IsNoProblem()
    {
        var report = await Support.Drills.RunAsync(Support.Drills.Road(ActivateThenTerminate("    conditionsConfirmed: true"), ""));

        report.Actions.Should().OnlyContain(a => a.Verdict == "accepted");
        report.Actions[1].What.Should().Be("确认终止条件，终止应急响应");
        report.Problems.Should().NotContain(p => p.Category == "终止程序");
        report.Overview.ResponseState.Should().Be("响应已终止");
    }

    [Fact]
    public async Task Action_TerminatingWhileSayingTheConditionsDoNotHold_IsRefusedAndTheResponseGoesOn()
    {
        var report = await Support.Drills.RunAsync(Support.Drills.Road(ActivateThenTerminate("    conditionsConfirmed: false"), ""));

        var refused = report.Actions[1];
        refused.Verdict.Should().Be("refused");
        refused.Detail.Should().Contain("5.7").And.Contain("现场危险完全消除");
        report.Overview.ResponseState.Should().Be("Ⅱ级响应进行中");
        report.Problems.Should().ContainSingle(p => p.Category == "行动未被受理");
    }

    [Fact]
    public async Task Action_AdjustingToTheLevelInForce_IsRefusedAndTheDrillRunsOn()
    {
        // R 5.7 调整响应级别 changes the level; a participant who "adjusts" Ⅱ to Ⅱ made a mistake the report shows. The run used to stop
        // with an internal error (exit 70) at that action.
        var report = await Support.Drills.RunAsync(Support.Drills.Road("""
              - at: "00:20"
                by: deputy
                kind: decide-response
                level: II
                reason: 3人死亡
              - at: "00:30"
                by: deputy
                kind: decide-response
                level: II
                adjust: true
                reason: 维持Ⅱ级
            """, ""));

        report.Actions.Select(a => a.Verdict).Should().Equal("accepted", "refused");
        report.Actions[1].Detail.Should().Contain("响应已是Ⅱ级，调整须改为另一级别");
        report.Overview.ResponseState.Should().Be("Ⅱ级响应进行中");
    }

    [Fact]
    public async Task Action_AdjustingAWarningToItsOwnColour_IsRefusedAndTheDrillRunsOn()
    {
        // R 4.4.1 黄色预警经市指挥部副指挥长批准; 4.6 进行预警级别调整 changes the colour. Yellow to yellow stopped the run (exit 70).
        var report = await Support.Drills.RunAsync(Support.Drills.Road("""
              - at: "00:20"
                by: director
                kind: change-warning
                action: propose
                colour: yellow
                reason: 能见度约80米
              - at: "00:25"
                by: deputy
                kind: change-warning
                action: issue
                warning: 1
                reason: 同意发布黄色预警
              - at: "00:40"
                by: deputy
                kind: change-warning
                action: adjust
                warning: 1
                colour: yellow
                reason: 维持黄色
            """, ""));

        report.Actions.Select(a => a.Verdict).Should().Equal("accepted", "accepted", "refused");
        report.Actions[2].Detail.Should().Contain("预警已是黄色预警，调整须改为另一级别");
    }

    [Fact]
    public async Task Action_ActivatingAfterTheFinalReportClosedTheIncident_IsRefusedInChinese()
    {
        // The 终报 with no response started closes the incident; a level activated after it would leave a closed incident responding.
        var report = await Support.Drills.RunAsync(Support.Drills.Road("""
              - at: "00:20"
                by: duty
                kind: file-report
                report: final
                text: 终报：3人死亡，现场清理完毕
              - at: "00:30"
                by: deputy
                kind: decide-response
                level: II
                reason: 3人死亡
            """, ""));

        report.Actions.Select(a => a.Verdict).Should().Equal("accepted", "refused");
        report.Actions[1].Detail.Should().Be("事件当前为“已关闭”，不能启动或调整响应（已是最终状态）");
    }

    [Fact]
    public async Task Action_RefusedByTheStateOfTheIncident_SaysWhyInChinese()
    {
        // The report is for the drill's evaluators in Jincheng: a refusal names the state and what it allows, in Chinese.
        var report = await Support.Drills.RunAsync(Support.Drills.Road("""
              - at: "00:15"
                by: deputy
                kind: terminate-response
                reason: 试图终止
              - at: "00:20"
                by: duty
                kind: fulfil-duty
                duty: phone-report-to-city
              - at: "00:25"
                by: duty
                kind: fulfil-duty
                duty: phone-report-to-city
              - at: "00:40"
                by: deputy
                kind: record-clock-event
                event: handling-finished
              - at: "00:41"
                by: deputy
                kind: record-clock-event
                event: handling-finished
            """, ""));

        report.Actions.Where(a => a.Verdict == "refused").Select(a => a.Detail).Should().Equal(
            "应急响应当前为“未启动”，不能终止响应；此时可：提出启动建议、启动响应",
            // A duty recorded twice is said in plain words, with when it was made (s54 F3), not in the lifecycle's state.
            "该报告已于+00:20报送，不能重复记录",
            "已记录应急处置结束，不必再记");
    }

    [Fact]
    public void CommandValidation_UnderTheDrillsCulture_SaysWhyInChinese_AndTheApiKeepsEnglish()
    {
        // A drill report shows a command's refusal to evaluators in Jincheng (请求不合规：…); the script reader catches the
        // malformed actions it knows of first, so this is the command's own validator, asked in both cultures.
        var command = new ChangeWarningCommand(Guid.NewGuid(), 1, new WarningRequest { Action = "lift", WarningId = Guid.NewGuid(), Colour = "red", Reason = "团雾消散" },
            Actor.Anonymous);
        var validator = new ChangeWarningValidator();

        string chinese;
        using (Localized.InChinese())
        {
            chinese = validator.Validate(command).Errors.Should().ContainSingle().Subject.ErrorMessage;
        }

        var english = new ChangeWarningValidator().Validate(command).Errors.Should().ContainSingle().Subject.ErrorMessage;

        chinese.Should().Be("只有提请（propose）或调整（adjust）预警时才给出颜色 colour");
        english.Should().Be("colour is given only to propose or adjust");
    }

    [Fact]
    public async Task Expectation_LevelNotActivatedInTime_FailsWithWhatHappenedInstead()
    {
        var report = await Support.Drills.RunAsync(Support.Drills.Road("""
              - at: "00:50"
                by: deputy
                kind: decide-response
                level: II
                reason: 3人死亡
            """, """
              - id: E1
                kind: level-activated
                level: II
                by: "00:30"
            """));

        var e1 = report.Expectations.Single();
        e1.Passed.Should().BeFalse();
        e1.Evidence.Should().Contain("+00:50").And.Contain("Ⅱ级");
        report.Passed.Should().BeFalse();
    }

    [Fact]
    public async Task Expectation_GradeAtATime_ReadsTheAssessmentInForceThen()
    {
        // 1.5(3): 3人以上10人以下死亡 is 较大; a continuation with 10 dead makes it 重大 (1.5(2)). The first report leaves
        // serious injuries and the loss unknown, which could still raise it (R3): the 00:20 report settles them.
        var report = await Support.Drills.RunAsync(Support.Drills.Road("", """
              - id: E1
                kind: grade-at
                grade: 较大
                at: "00:30"
              - id: E2
                kind: grade-at
                grade: 重大
                at: "01:00"
              - id: E3
                kind: grade-at
                grade: 较大
                at: "01:00"
            """, injects: """
              - at: "00:20"
                kind: figures
                text: 无人重伤，损失轻微
                figures: {seriousInjuries: 0, directLossWan: 0}
              - at: "00:40"
                kind: figures
                text: 又有7人经抢救无效死亡
                figures: {deaths: 10}
            """));

        report.Expectations.Select(e => e.Passed).Should().Equal(true, true, false);
        report.Expectations[2].Evidence.Should().Contain("重大");
    }

    [Fact]
    public async Task Expectation_GradeAtWhileUndetermined_NamesTheFiguresUnknownThen_NotThoseUnknownLater()
    {
        // 1.5(3): 3 dead is 较大, but serious injuries and the direct loss, unknown, could make it 重大 (R3). The 00:20 report gives the
        // serious injuries, the 00:25 one another injured: at 00:15 both figures were unknown, at 00:30 the loss alone. Each expectation
        // names what was unknown at its own time, however many reports came between.
        var report = await Support.Drills.RunAsync(Support.Drills.Road("", """
              - {id: E1, kind: grade-at, grade: 较大, at: "00:15"}
              - {id: E2, kind: grade-at, grade: 较大, at: "00:30"}
            """, injects: """
              - at: "00:20"
                kind: figures
                text: 无人重伤
                figures: {seriousInjuries: 0}
              - at: "00:25"
                kind: figures
                text: 又发现1名轻伤人员
                figures: {injured: 6}
            """));

        var (e1, e2) = (report.Expectations[0], report.Expectations[1]);
        e1.Passed.Should().BeFalse();
        e2.Passed.Should().BeFalse();
        e1.Evidence.Should().Contain("重伤").And.Contain("直接经济损失").And.Contain("未知");
        e2.Evidence.Should().Contain("直接经济损失").And.Contain("未知").And.NotContain("重伤");
    }

    [Fact]
    public async Task Objective_IsMetOnlyWhenEveryExpectationItListsPasses()
    {
        var yaml = Support.Drills.Road(Phone("00:20"), """
              - id: E1
                kind: duty-on-time
                duty: phone-report-to-city
              - id: E2
                kind: duty-on-time
                duty: written-report-to-city
            """) + "objectives:\n  - id: O1\n    text: 电话报告及时\n    expectations: [E1]\n  - id: O2\n    text: 电话和书面报告都及时\n    expectations: [E1, E2]\n";

        var report = await Support.Drills.RunAsync(yaml);

        report.Objectives.Select(o => (o.Id, o.Met, o.Verdict)).Should().Equal(("O1", true, "达成"), ("O2", false, "未达成"));
    }

    [Fact]
    public async Task Run_TheSameScriptTwice_GivesByteIdenticalReports()
    {
        var yaml = await File.ReadAllTextAsync(Path.Combine(Paths.SampleDrills, "road-hazmat-fog.yaml"));

        var first = await Support.Drills.RunAsync(yaml);
        var second = await Support.Drills.RunAsync(yaml);

        DrillReportMarkdown.Render(second).Should().Be(DrillReportMarkdown.Render(first));
        DrillReportHtml.Render(second).Should().Be(DrillReportHtml.Render(first));
        System.Text.Json.JsonSerializer.Serialize(second).Should().Be(System.Text.Json.JsonSerializer.Serialize(first));
    }
}
