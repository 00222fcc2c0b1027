namespace EmergencyPlans.Drills.Tests;

/// <summary>
/// What a drill facilitator's exploratory review (session 46) found in the expectations' evidence and the reports: each fixed, each
/// checked here against the road plan's words (晋市政办〔2025〕18号).
/// </summary>
public sealed class FacilitatorReviewTests
{
    // C 4.3.1(2): two trapped on a construction site (Ⅲ), which owes the office's report with its proposal.
    private const string TrappedTwoOnASite = """
        title: 报告并提出建议
        plan: construction
        start: 2026-06-01T14:00:00+08:00
        end: "01:00"
        participants:
          - {id: duty, name: 值班员甲, role: duty-officer}
        incident:
          at: "00:00"
          reportedAt: "00:05"
          reportedBy: duty
          county: 泽州县
          place: 某工地
          nature: 塔吊倒塌
          reporter: {name: 安全员, unit: 施工单位}
          figures: {deaths: 0, trapped: 2, missing: 0, injured: 1}
        """;

    private static readonly System.Text.Json.JsonSerializerOptions Web = new(System.Text.Json.JsonSerializerDefaults.Web);

    [Fact]
    public async Task ImmediateContinuation_SeveralTimes_IsNeverSaid按时_EachSaysHowLongItTook()
    {
        // R 5.1.2 "造成伤亡人数发生变化的,应立即续报": two casualty changes, each reported 5 and 12 minutes later. One instance already said
        // 是否及时请评估组判断; two read 共2次，均按时报告, a time the plan does not give.
        var report = await Support.Drills.RunAsync(Support.Drills.Road("""
              - {at: "00:35", by: duty, kind: file-report, text: 续报：死亡4人}
              - {at: "01:12", by: duty, kind: file-report, text: 续报：死亡5人}
            """, """
              - {id: E1, kind: duty-on-time, duty: continuation-on-casualty-change}
            """, injects: """
              - {at: "00:30", kind: figures, figures: {deaths: 4}}
              - {at: "01:00", kind: figures, figures: {deaths: 5}}
            """));

        var expectation = report.Expectations.Single();
        expectation.Passed.Should().BeTrue();
        expectation.Evidence.Should().StartWith("共2次，均已报告（立即，无具体时限）：")
            .And.Contain("2026-03-01 08:35（起算后5分钟）").And.Contain("2026-03-01 09:12（起算后12分钟）")
            .And.EndWith("是否及时请评估组判断").And.NotContain("按时");
    }

    [Fact]
    public async Task ADutyWithoutADueTime_IsNotDescribed按时履行_AndARepeatingDutyByCode_IsNotNamedByItsFirstPeriod()
    {
        // R 5.1.2 "造成伤亡人数发生变化的,应立即续报" gives no time: the expectation read 职责（…立即续报”）按时履行 beside evidence saying
        // 是否及时请评估组判断. "较大以上…每日至少续报1次" judged by code covers every day, yet read 向市委、市政府报告（第1期） (续报 since session 59).
        var report = await Support.Drills.RunAsync(Support.Drills.Road("""
              - {at: "00:35", by: duty, kind: file-report, text: 续报：死亡4人}
              - {at: "26:00", by: duty, kind: file-report, text: 续报}
            """, """
              - {id: E1, kind: duty-on-time, duty: continuation-on-casualty-change}
              - {id: E2, kind: duty-on-time, duty: continuation-report}
              - {id: E3, kind: duty-met, duty: continuation-report}
              - {id: E4, kind: duty-on-time, duty: "continuation-report#2"}
            """, end: "30:00", injects: """
              - {at: "00:30", kind: figures, figures: {deaths: 4}}
            """));

        var (e1, e2, e3, e4) = (report.Expectations[0], report.Expectations[1], report.Expectations[2], report.Expectations[3]);
        e1.Description.Should().EndWith("应立即续报”）履行（立即，无具体时限，是否及时请评估组判断）").And.NotContain("按时");
        e1.Evidence.Should().Contain("是否及时请评估组判断");
        e2.Description.Should().StartWith("职责（向市委、市政府续报（各期）：“").And.EndWith("”）按时履行").And.NotContain("第1期");
        e3.Description.Should().StartWith("职责（向市委、市政府续报（各期）：“").And.EndWith("”）在演练结束前履行");
        e4.Description.Should().StartWith("职责（向市委、市政府续报（第2期）：“").And.EndWith("”）按时履行");
    }

    [Fact]
    public async Task AMissedPeriod_IsPlacedInTheTimelineAtItsDueTime_NotAtTheReportThatRecordedIt_InMarkdownAndHtml()
    {
        // R 5.1.2 "重大以上…每4小时续报1次": 12 dead, one 续报 at +09:00. Period 2 (from 14:00, due 18:00) was listed 到时未报 at +09:00 (19:00),
        // where the 续报 recorded it, an hour after its due time; the chart drew it at 18:00.
        var report = await Support.Drills.RunAsync("""
            title: 4小时续报
            plan: road-traffic
            start: 2026-03-01T10:00:00+08:00
            end: "13:00"
            participants:
              - {id: duty, name: 值班员甲, role: duty-officer}
            incident:
              at: "00:00"
              reportedAt: "00:05"
              reportedBy: duty
              county: 阳城县
              nature: 客车坠崖
              reporter: {name: 交警}
              figures: {deaths: 12, missing: 0, injured: 20, seriousInjuries: 5, directLossWan: 300}
            actions:
              - {at: "00:20", by: duty, kind: fulfil-duty, duty: phone-report-to-city}
              - {at: "00:50", by: duty, kind: fulfil-duty, duty: written-report-to-city}
              - {at: "09:00", by: duty, kind: file-report}
            """);

        var missed = report.Timeline.Single(t => t.Who == "时限" && t.What.Contains("（第2期）", StringComparison.Ordinal));
        missed.What.Should().Contain("应于2026-03-01 18:00前报告，到时未报");
        (missed.Offset, missed.At, missed.Minute).Should().Be(("+08:00", "2026-03-01 18:00", 480));
        report.Timeline.Select(t => t.Minute).Should().BeInAscendingOrder();
        DrillReportMarkdown.Render(report).Should().Contain($"| +08:00 | 2026-03-01 18:00 | 系统 | 时限 | {missed.What} |");
        // The HTML, printed on A4, gives the clock time alone on the drill's first day, whose date the page states once (s54 F12).
        DrillReportHtml.Render(report).Should().Contain("<td class=\"offset\">+08:00</td><td class=\"clock\">18:00</td>");
    }

    [Fact]
    public async Task AMissMadeByAnOccurrenceCorrection_IsPlacedAtTheCorrection_NotBeforeTheInjectThatSetItsDeadline()
    {
        // C 4.1(二) 事发后30分钟内电话报告: thought to have happened at +00:10, reported by phone at +00:35 (on time for 14:40); at +00:50 the
        // control cell says it happened at 14:00, so the report is late for 14:30. The timeline read 到时未报 at +00:30, before the correction
        // that made 14:30 the deadline.
        var report = await Support.Drills.RunAsync("""
            title: 更正
            plan: construction
            start: 2026-06-01T14:00:00+08:00
            end: "01:30"
            participants:
              - {id: duty, name: 值班员甲, role: duty-officer}
            incident:
              at: "00:10"
              reportedAt: "00:15"
              reportedBy: duty
              county: 城区
              place: 城区某工地
              nature: 脚手架坍塌
              reporter: {name: 安全员, unit: 施工单位}
              figures: {deaths: 3, missing: 0, trapped: 0, seriousInjuries: 0, directLossWan: 10}
            injects:
              - {at: "00:50", kind: occurrence-time, occurredAt: "00:00", text: 经核实实际发生于整点}
            actions:
              - {at: "00:35", by: duty, kind: fulfil-duty, duty: phone-report-to-city}
            """);

        report.Duties.Single(d => d.Code == "phone-report-to-city").Verdict.Should().Be("late");
        var missed = report.Timeline.Single(t => t.Who == "时限" && t.What.Contains("应于2026-06-01 14:30前报告", StringComparison.Ordinal));
        (missed.Offset, missed.At).Should().Be(("+00:50", "2026-06-01 14:50"));
        var rows = report.Timeline.ToList();
        rows.IndexOf(missed).Should().BeGreaterThan(rows.FindIndex(t => t.Lane == "inject" && t.Offset == "+00:50"));
    }

    [Fact]
    public async Task ADutyOfficerEndingTheResponse_IsToldWhoMayEndIt_AsTheIncidentTellsTheOfficeDirector_NotWhoMayActivateIt()
    {
        // R 5.7 "按照“谁启动、谁结束”的原则,由相应启动应急响应的指挥机构宣布应急响应终止": the deputy's Ⅱ is ended by him or the commander
        // above him in the 市指挥部 (ADR 0003). The duty officer was told 可由：市指挥部指挥长、市指挥部副指挥长（依据：…5.3.2 由市指挥部指挥长或
        // 副指挥长决定启动Ⅱ级响应）, who may activate Ⅱ, while the office director, refused by the incident, is told who may end it.
        var report = await Support.Drills.RunAsync(Support.Drills.Road("""
              - {at: "00:20", by: deputy, kind: decide-response, level: II}
              - {at: "01:00", by: duty, kind: terminate-response, conditionsConfirmed: true}
              - {at: "01:01", by: director, kind: terminate-response, conditionsConfirmed: true}
            """, ""));

        var (duty, director) = (report.Actions[1], report.Actions[2]);
        duty.Verdict.Should().Be("unauthorised");
        director.Verdict.Should().Be("unauthorised");
        director.Detail.Should().StartWith("市指挥部办公室主任无权终止响应；可由：市指挥部副指挥长、市指挥部指挥长（依据：谁启动、谁结束（晋市政办〔2025〕18号 5.7）");
        duty.Detail.Should().Be(director.Detail!.Replace("市指挥部办公室主任无权", "值班员无权", StringComparison.Ordinal))
            .And.NotContain("5.3.2");
        report.Overview.ResponseState.Should().Be("Ⅱ级响应进行中");
    }

    [Fact]
    public async Task AReportWithAProposal_IsAReport_未报_ItsCorrectiveActionAReportTemplate_NotANotice()
    {
        // C 4.3.1(2) "市指挥部办公室接到事故报告,经预判后向市指挥部报告,提出启动Ⅲ级响应建议": a report, with a proposal. Its act names 建议, a
        // verb other than reporting, so it read 未完成 with 预先准备通知（通报）文稿并明确送达渠道 (finding 14).
        var report = await Support.Drills.RunAsync(TrappedTwoOnASite);

        var duty = report.Duties.Single(d => d.Code == "office-report-with-proposal");
        duty.VerdictText.Should().StartWith("未报（").And.NotContain("完成");
        var problem = report.Problems.Single(p => p.Problem.StartsWith("向市指挥部报告,提出启动Ⅲ级响应建议", StringComparison.Ordinal));
        problem.Category.Should().Be("未报");
        problem.Problem.Should().Contain("起应报告，未报（");
        problem.CorrectiveAction.Should().Contain("预先准备报告模板（随报告一并提出启动响应的建议）").And.NotContain("通知（通报）文稿");
    }

    [Fact]
    public async Task AReportWithAProposalRecordedAsMade_Reads已报送_InTheActionsAndTheDutyTable()
    {
        // The same C 4.3.1(2) duty recorded by fulfil-duty read 已完成：向市指挥部报告,提出启动Ⅲ级响应建议 and 已完成 in the duty table.
        var report = await Support.Drills.RunAsync(TrappedTwoOnASite + """

            actions:
              - {at: "00:11", by: duty, kind: fulfil-duty, duty: office-report-with-proposal}
            """);

        report.Actions.Single().What.Should().StartWith("已报送：向市指挥部报告,提出启动Ⅲ级响应建议：");
        report.Duties.Single(d => d.Code == "office-report-with-proposal").VerdictText.Should().StartWith("已报告（");
    }

    [Fact]
    public async Task ASituationReportedUpAndSentToMembers_IsAReport_AndItsCorrectiveActionNamesWhomItIsAlsoSentTo()
    {
        // N 5.4.3(1) "有关情况及时上报市安委会副主任(分管安全工作副市长)并通报有关成员单位": first a report (上报), sent to the member units too.
        // The sample without its raises to Ⅲ and Ⅱ: a raise ends Ⅳ's report, which Ⅲ's own 5.3.3(1) replaces (RaisedLevelDutiesTests).
        var sample = await File.ReadAllTextAsync(Path.Combine(Support.Paths.SampleDrills, "natural-disaster-rainstorm.yaml"));
        var yaml = System.Text.RegularExpressions.Regex.Replace(sample,
            "  - at: \"[0-9:]+\"\n    by: \\w+\n    kind: decide-response\n    level: (III|II)\n    adjust: true\n    reason: [^\n]*\n", "");
        yaml.Should().NotBe(sample, "the raises were taken out");
        // And the office's reports the sample makes at each level since session 61 (s60 F1): here nobody makes it.
        var unmade = System.Text.RegularExpressions.Regex.Replace(yaml,
            "  - at: \"[0-9:]+\"\n    by: \\w+\n    kind: fulfil-duty\n    duty: situation-report-to-city\n    text: [^\n]*\n", "");
        unmade.Should().NotBe(yaml, "the reports were taken out");
        var report = await Support.Drills.RunAsync(unmade);

        var duties = report.Duties.Where(d => d.Code == "situation-report-to-city" && d.Verdict == "unmet").ToList();
        duties.Should().NotBeEmpty().And.OnlyContain(d => d.VerdictText.StartsWith("未报（", StringComparison.Ordinal));
        report.Problems.Where(p => p.Problem.StartsWith("上报市安委会", StringComparison.Ordinal)).Should().NotBeEmpty()
            .And.OnlyContain(p => p.Category == "未报" && p.CorrectiveAction.Contains("预先准备报告模板，并明确同时通报的对象和渠道", StringComparison.Ordinal)
                                  && !p.CorrectiveAction.Contains("通知（通报）文稿", StringComparison.Ordinal));

        // An act that begins with another verb is done as it says: N 5.6 "向相关县(市、区)通报并上报省应急管理厅" is not made a report.
        report.Duties.Where(d => d.Duty.StartsWith("向相关县(市、区)通报并上报省应急管理厅", StringComparison.Ordinal)).Should().NotBeEmpty()
            .And.OnlyContain(d => d.VerdictText.StartsWith("未完成（", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AHigherLevelsFirstSituationReport_IsNotNumberedAsASecondOne()
    {
        // N 5.4.3(1) (Ⅳ, to the 市安委会副主任) and 5.3.3(1) (Ⅲ, to the 市安委会主任) share one duty code: the raise's first report to the 主任
        // read （第2次） in the duty table, counted after the 副主任's (a facilitator's review, session 54, F5).
        var sample = await File.ReadAllTextAsync(Path.Combine(Support.Paths.SampleDrills, "natural-disaster-rainstorm.yaml"));
        var report = await Support.Drills.RunAsync(sample);

        var byClause = report.Duties.Where(d => d.Code == "situation-report-to-city").GroupBy(d => d.Clause).ToList();
        byClause.Select(g => g.Key).Should().Contain("5.4.3(1)").And.Contain("5.3.3(1)");
        byClause.Should().AllSatisfy(g => g.First().Duty.Should().NotContain("（第"));
    }

    [Fact]
    public async Task DutyExpectationByCode_SeveralInstancesFailed_NamesEveryOne()
    {
        // R 5.1.1 "市委、市政府要求核实的道路交通安全突发事件信息,必须在30分钟内报告": three requests; the first is answered late, the others
        // never. The evidence named the first failure alone (共3次，第1次：…迟报), as if the other two had passed.
        var report = await Support.Drills.RunAsync(Support.Drills.Road("""
              - {at: "00:55", by: duty, kind: fulfil-duty, duty: verify-on-request}
            """, """
              - {id: E1, kind: duty-on-time, duty: verify-on-request}
            """, injects: """
              - {at: "00:20", kind: city-request}
              - {at: "00:40", kind: city-request}
              - {at: "00:50", kind: city-request}
            """));

        report.Duties.Where(d => d.Code == "verify-on-request").Select(d => d.Verdict).Should().Equal("late", "missed", "missed");
        var expectation = report.Expectations.Single();
        expectation.Passed.Should().BeFalse();
        expectation.Evidence.Should().StartWith("共3次，3次未按时报告：")
            .And.Contain("第1次：时限 2026-03-01 08:50，2026-03-01 08:55 报告，迟报")
            .And.Contain("第2次：时限 2026-03-01 09:10，演练结束时仍未报")
            .And.Contain("第3次：时限 2026-03-01 09:20，演练结束时仍未报");
    }

    [Fact]
    public async Task GradeAtUndetermined_SaysAReportedMissingCountIsKnown_AndNamesOnlyTheFiguresOfTheGrade()
    {
        // Construction, 条例第三条: 2 dead is 一般, but the 1 reported missing may be dead (4.1(二), DOMAIN R3): the grade is undetermined. The
        // evidence said 失联、被困、涉险、重伤、直接经济损失（万元）未知（注入和报告均未给出）: 失联 was given, and 被困、涉险 raise only the
        // response level (4.3.x), not the 事故等级.
        var report = await Support.Drills.RunAsync("""
            title: 等级未确定
            plan: construction
            start: 2026-06-01T08:00:00+08:00
            end: "01:00"
            participants:
              - {id: duty, name: 值班员甲, role: duty-officer}
            incident:
              at: "00:00"
              reportedAt: "00:05"
              reportedBy: duty
              county: 阳城县
              place: 某工地
              nature: 塔吊倒塌
              reporter: {name: 安全员, unit: 施工单位}
              figures: {deaths: 2, missing: 1}
            expectations:
              - {id: E1, kind: grade-at, grade: 一般, at: "00:30"}
            """);

        var e1 = report.Expectations.Single();
        e1.Passed.Should().BeFalse();
        e1.Evidence.Should().Contain("等级尚未确定：失联1人（下落未明，可能计入死亡）；重伤、直接经济损失（万元）未知（注入和报告均未给出）")
            .And.NotContain("被困").And.NotContain("涉险").And.NotContain("失联、");
        var problem = report.Problems.Single(p => p.Category == "预期未达成");
        problem.CorrectiveAction.Should().Contain("失联1人（下落未明，可能计入死亡）").And.EndWith("应在注入中给出这些人员的下落和数字")
            .And.NotContain("被困").And.NotContain("失联、");
    }

    private const string UnreachedKeys = """
          - {id: E1, kind: duty-met, duty: "verify-on-request#2"}
          - {id: E2, kind: duty-met, duty: "phone-report-to-city#2"}
        """;

    [Fact]
    public async Task ALaterInstancesKeyThatNeverCame_IsNotSaidUntriggered_TheRunSaysThatInstanceWasNotReached()
    {
        // R 5.1.1: the city asks to verify once; verify-on-request#2 (a second request) and phone-report-to-city#2 (a duty that never
        // repeats) never come. The evidence said 本事件的等级与情形不触发它, though both codes were triggered.
        var report = await Support.Drills.RunAsync(Support.Drills.Road("""
              - {at: "00:25", by: duty, kind: fulfil-duty, duty: verify-on-request}
            """, UnreachedKeys, injects: """
              - {at: "00:20", kind: city-request}
            """));

        foreach (var e in report.Expectations)
        {
            e.Passed.Should().BeFalse();
            e.Evidence.Should().NotContain("不触发").And.Contain("在演练中产生了1次，第2次未产生").And.Contain("演练结束前未进行到该次");
        }

        report.Problems.Where(p => p.Category == "预期未达成").Should().HaveCount(2)
            .And.OnlyContain(p => p.CorrectiveAction.StartsWith("核对预期所写的职责键", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AKeyOfADutyThatNeverCame_SaysWhatDidNotHappen_Untriggered_OnlyWhenTheGradeAndCircumstancesDoNotRaiseIt()
    {
        // 3 dead (较大) and no city request, no activation. R 5.1.1 核实 is raised by the city's request and R 5.4(2) Ⅱ级's 报告 by the
        // activation: both read 本事件的等级与情形不触发它, which is true only of a duty such as 5.1.1's direct report to the superior duty
        // room, raised by a 重大 grade the incident does not reach.
        var report = await Support.Drills.RunAsync(Support.Drills.Road("", """
              - {id: E1, kind: duty-met, duty: "verify-on-request#2"}
              - {id: E2, kind: duty-met, duty: "level-ii-situation-report#2"}
              - {id: E3, kind: duty-met, duty: "direct-report-to-superior-duty-room#2"}
              - {id: E4, kind: duty-on-time, duty: verify-on-request}
            """));

        var (e1, e2, e3, e4) = (report.Expectations[0], report.Expectations[1], report.Expectations[2], report.Expectations[3]);
        e1.Evidence.Should().StartWith("演练中未产生该职责（30分钟内向市委、市政府报告，5.1.1")
            .And.EndWith("：它在市委、市政府要求核实（导调组的 city-request 注入）之后产生，演练中未出现市委、市政府要求核实（导调组的 city-request 注入）")
            .And.NotContain("不触发");
        e4.Evidence.Should().Be(e1.Evidence);
        e2.Evidence.Should().EndWith("：它在启动相应级别的响应之后产生，演练中未启动响应").And.NotContain("不触发");
        e3.Evidence.Should().Be("演练中未产生该职责（本事件的等级与情形不触发它）");

        var problems = report.Problems.Where(p => p.Category == "预期未达成").ToList();
        problems.Single(p => p.Problem.StartsWith("E1 ", StringComparison.Ordinal)).CorrectiveAction.Should()
            .Be("核对预期所写的职责 verify-on-request#2：它在市委、市政府要求核实（导调组的 city-request 注入）之后产生，演练中未出现；如需评估它，在脚本中先由导调组注入市委、市政府的核实要求，否则删去此预期");
    }

    [Fact]
    public async Task ALaterInstancesKeyThatNeverCame_IsAValidationWarningOnTheExpectationsLine()
    {
        // docs/drills.md listed "a duty key the incident never gives" as a problem of the script; validate said nothing. Only a run tells
        // (a period, a request or a decision may come), and a drill may expect an instance the participants should have raised: a warning.
        var yaml = Support.Drills.Road("", UnreachedKeys, injects: """
              - {at: "00:20", kind: city-request}
            """);

        var (_, warnings) = await Support.Drills.Runner.ValidateAsync(yaml, "keys.yaml");

        var lines = yaml.Split('\n');
        warnings.Select(w => w.Line).Should().Equal(
            Array.FindIndex(lines, l => l.Contains("verify-on-request#2", StringComparison.Ordinal)) + 1,
            Array.FindIndex(lines, l => l.Contains("phone-report-to-city#2", StringComparison.Ordinal)) + 1);
        warnings[0].ToString().Should().StartWith("keys.yaml:").And.Contain("警告：预期 E1 的职责键 verify-on-request#2 在演练中未产生")
            .And.Contain("产生了1次");
    }

    [Fact]
    public async Task ALaterInstanceRecordedBeforeItCame_IsNotToldToWaitForADecision()
    {
        // One request to verify (R 5.1.1); the duty officer records a second answer. The refusal advised 须在产生它的决定或情形（如启动相应级别
        // 的响应）之后履行, though the duty was there and only its second instance had not come.
        var report = await Support.Drills.RunAsync(Support.Drills.Road("""
              - {at: "00:25", by: duty, kind: fulfil-duty, duty: verify-on-request}
              - {at: "00:30", by: duty, kind: fulfil-duty, duty: "verify-on-request#2"}
            """, "", injects: """
              - {at: "00:20", kind: city-request}
            """));

        var refused = report.Actions.Single(a => a.Verdict == "refused");
        refused.Detail.Should().Contain("只产生了1次，第2次尚未产生").And.NotContain("启动相应级别的响应");
        refused.Correction.Should().Contain("verify-on-request#2").And.NotContain("启动响应");
    }

    [Fact]
    public async Task NoObjectives_TheHtmlSaysSo_AsTheMarkdownDoes_NotAnEmptyTable()
    {
        var report = await Support.Drills.RunAsync(Support.Drills.Road("", """
              - {id: E1, kind: no-unauthorised-actions}
            """));

        report.Objectives.Should().BeEmpty();
        DrillReportMarkdown.Render(report).Should().Contain("### （一）演练目标\n\n脚本未设演练目标。\n");
        var html = DrillReportHtml.Render(report);
        html.Should().Contain("<h3>（一）演练目标</h3>\n<p>脚本未设演练目标。</p>\n").And.NotContain("<table id=\"objectives\">");
    }

    [Fact]
    public async Task ADutyOfficersProposal_NamesTheOfficeTheRoadPlanHasPropose_AndForⅢThatItHasNone()
    {
        // R 5.3.2 "市指挥部办公室……向市指挥部提出启动Ⅱ级应急响应的建议"; 5.3.3 "由市指挥部办公室主任启动Ⅲ级应急响应" with no proposal. The duty
        // officer's refusal named the level's deciders (可由：市指挥部办公室主任、市指挥部指挥长、市指挥部副指挥长（依据 5.3.3）), bodies the same
        // run refuses, and cited no plan number.
        var report = await Support.Drills.RunAsync(Support.Drills.Road("""
              - {at: "00:12", by: duty, kind: decide-response, action: propose, level: II}
              - {at: "00:13", by: duty, kind: decide-response, action: propose, level: III}
            """, ""));

        var (two, three) = (report.Actions[0], report.Actions[1]);
        two.Verdict.Should().Be("unauthorised");
        two.Detail.Should().StartWith("值班员无权提出启动Ⅱ级响应的建议；可由：市指挥部办公室主任（依据：晋市政办〔2025〕18号 5.3.2 ")
            .And.NotContain("指挥长、").And.NotContain("副指挥长");
        three.Verdict.Should().Be("unauthorised");
        three.Detail.Should().StartWith("值班员无权提出启动建议；预案只规定提出启动Ⅱ级、Ⅰ级响应的建议，Ⅲ级响应不经建议，由市指挥部办公室主任直接决定")
            .And.Contain("（依据：晋市政办〔2025〕18号 5.3.3 ").And.NotContain("可由");
    }

    [Fact]
    public async Task ConstructionⅡ_TheDeputyWithoutDelegation_IsToldHeWasNot委托_NotListedAmongThoseWhoMay()
    {
        // C 4.3.2(2) "由市指挥部指挥长或委托副指挥长立即启动Ⅱ级响应". The deputy's refusal read 市指挥部副指挥长无权启动响应；可由：…、
        // 市指挥部副指挥长（经市指挥部指挥长授权）: refused and listed in one sentence, with a word (授权) the plan does not use. The duty officer's
        // read 值班员无此权限；…（依据 4.3.2(2)）, without the plan's number.
        var report = await Support.Drills.RunAsync("""
            title: 委托
            plan: construction
            start: 2026-06-01T14:00:00+08:00
            end: "00:30"
            participants:
              - {id: duty, name: 值班员甲, role: duty-officer}
              - {id: dir, name: 办公室主任乙, role: office-director}
              - {id: dep, name: 副指挥长丁, role: deputy-commander}
            incident:
              at: "00:00"
              reportedAt: "00:05"
              reportedBy: duty
              county: 泽州县
              place: 某工地
              nature: 基坑坍塌
              reporter: {name: 安全员, unit: 施工单位}
              figures: {deaths: 0, trapped: 4, missing: 0, injured: 2}
            actions:
              - {at: "00:06", by: duty, kind: decide-response, level: II}
              - {at: "00:07", by: dir, kind: decide-response, level: II}
              - {at: "00:08", by: dep, kind: decide-response, level: II}
            """);

        var (duty, director, deputy) = (report.Actions[0], report.Actions[1], report.Actions[2]);
        report.Actions.Should().OnlyContain(a => a.Verdict == "unauthorised");
        report.Actions.Should().OnlyContain(a => a.Detail!.Contains("（依据：晋市政办〔2025〕15号 4.3.2(2) 由市指挥部指挥长或委托副指挥长") && !a.Detail.Contains("授权"));
        duty.Detail.Should().StartWith("值班员无权启动Ⅱ级响应；可由：市指挥部指挥长、市指挥部副指挥长（受市指挥部指挥长委托）（依据：");
        director.Detail.Should().StartWith("市指挥部办公室主任无权启动Ⅱ级响应（Ⅲ级可由本人启动，4.3.1(2)；本人可提出启动Ⅱ级响应的建议，4.3.2(2)）；可由：市指挥部指挥长、市指挥部副指挥长（受市指挥部指挥长委托）（依据：");
        deputy.Detail.Should().StartWith("市指挥部副指挥长未受市指挥部指挥长委托，无权启动Ⅱ级响应；可由：市指挥部指挥长（依据：");
        // Told in words: the script's key is not for the leaders who read the report (s54 F10).
        deputy.Detail.Should().EndWith("。如已受市指挥部指挥长委托，决定时应注明受委托", "he was refused and not told how to record it");
    }

    [Fact]
    public async Task NoExpectations_TheConclusionSaysNothingWasJudged_NotPassed0Of0_InBothFormats_AndOnStderr()
    {
        // A drill that sets no expectations and finds problems (no phone report: 未报) read **总体结论：通过**（0/0 项预期通过）, which leaders
        // receiving the report read as a drill passed; the expectations were a table of headers alone.
        var yaml = Support.Drills.Road("", "");
        var report = await Support.Drills.RunAsync(yaml);

        report.Judged.Should().BeFalse();
        report.Problems.Should().NotBeEmpty();
        var md = DrillReportMarkdown.Render(report);
        md.Should().Contain($"**总体结论：未设预期，无从判定**（脚本未设预期，本次演练未作逐项判定；发现问题 {report.Problems.Count} 项，见“四、问题与纠正措施”）\n")
            .And.Contain("### （二）预期\n\n脚本未设预期。\n").And.NotContain("0/0").And.NotContain("**总体结论：通过");
        var html = DrillReportHtml.Render(report);
        html.Should().Contain("<p id=\"verdict\" class=\"verdict none\">总体结论：未设预期，无从判定</p>")
            .And.Contain("<h3>（二）预期</h3>\n<p>脚本未设预期。</p>\n").And.NotContain("<table id=\"expectations\">").And.NotContain("0/0");

        var dir = Directory.CreateTempSubdirectory("noexp").FullName;
        var script = Path.Combine(dir, "无预期.yaml");
        await File.WriteAllTextAsync(script, yaml);
        var (exit, _, stderr) = await Support.Processes.CliAsync(dir, "drill", "run", script);
        exit.Should().Be(0, "docs/drills.md: exit 1 only when an expectation was not met; none was set");
        stderr.Should().Contain("演练结论：未设预期，无从判定").And.NotContain("0/0");
    }

    [Fact]
    public async Task TheJsonsFinalLevel_IsTheLevelActivatedAlone_TheCalledForLevelApart()
    {
        // R 5.3.2(1): 3 dead call for Ⅱ; nobody activates. The JSON read "finalLevel": "未启动（按预案条件应为Ⅱ级）", the called-for level again,
        // in text, beside "levelCalledFor": "Ⅱ级".
        var report = await Support.Drills.RunAsync(Support.Drills.Road("", ""));

        var overview = System.Text.Json.JsonSerializer.SerializeToElement(report, Web)
            .GetProperty("overview");
        overview.GetProperty("finalLevel").GetString().Should().Be("未启动");
        overview.GetProperty("levelCalledFor").GetString().Should().Be("Ⅱ级");
        overview.GetProperty("finalLevelText").GetString().Should().Be("未启动（按预案条件应为Ⅱ级）");
        DrillReportMarkdown.Render(report).Should().Contain("预案响应 未启动（按预案条件应为Ⅱ级）");
    }

    [Fact]
    public void AnOccurrenceCorrectedToAfterTheFirstReport_IsAProblemOfTheScriptAtItsLine()
    {
        // The first report reached the office at +00:10; the control cell's correction says it happened at +00:20. The incident refuses it
        // (事件不会在报告之后才发生), which validate passed with no word, and the run listed it among 脚本问题.
        var yaml = Support.Drills.Road("", "", injects: """
              - at: "00:30"
                kind: occurrence-time
                occurredAt: "00:20"
            """);

        var read = () => Support.Drills.Runner.Read(yaml, "test.yaml");

        var problem = read.Should().Throw<DrillScriptException>().Which.Problems.Should().ContainSingle().Which;
        problem.Line.Should().Be(Array.FindIndex(yaml.Split('\n'), l => l.Contains("occurredAt", StringComparison.Ordinal)) + 1);
        problem.Message.Should().Be("occurredAt +00:20 晚于首报到达值班室的时间 incident.reportedAt +00:10：事件不会在报告之后才发生，运行时此注入不能记录");

        // Within the engine's tolerance of the first report (AssessmentContract.ClockTolerance, 5 minutes) the incident takes it: so does validate.
        var near = () => Support.Drills.Runner.Read(yaml.Replace("occurredAt: \"00:20\"", "occurredAt: \"00:15\"", StringComparison.Ordinal), "test.yaml");
        near.Should().NotThrow();
    }

    [Theory]
    [InlineData("injects:\nactions:\nexpectations:\nobjectives:\n")]
    [InlineData("injects: ~\nactions: null\nexpectations: []\n")]
    public async Task AListKeyLeftEmpty_IsNone_AsLeavingItOutOrWritingBrackets(string lists)
    {
        // A facilitator who comments every inject out leaves `injects:` empty: it was refused (injects 应为列表) while leaving the key out, or
        // writing [], was taken.
        var yaml = Support.Drills.Road("", "") + lists;

        var script = Support.Drills.Runner.Read(yaml, "test.yaml");

        script.Steps.Should().BeEmpty();
        script.Expectations.Should().BeEmpty();
        (await Support.Drills.Runner.ValidateAsync(yaml, "test.yaml")).Warnings.Should().BeEmpty();
    }

    [Fact]
    public void AListKeyGivenAWord_IsStillRefused()
    {
        var read = () => Support.Drills.Runner.Read(Support.Drills.Road("", "") + "injects: 无\n", "test.yaml");

        read.Should().Throw<DrillScriptException>().Which.Problems.Should().ContainSingle(p => p.Message == "injects 应为列表");
    }

    private const string Landslide = """
        title: 滑坡
        plan: natural-disaster
        start: 2026-08-10T03:00:00+08:00
        end: "03:00"
        participants:
          - {id: duty, name: 值班员甲, role: duty-officer}
        incident:
          at: "00:00"
          reportedAt: "00:20"
          reportedBy: duty
          county: 沁水县
          place: 沁水县郑庄镇
          nature: 山体滑坡
          reporter: {name: 县应急局, unit: 沁水县应急管理局}
          figures: {deaths: 2, missing: 4, relocated: 3500}
        injects:
          - {at: "02:00", kind: figures, figures: {deaths: 8, missing: 4, relocated: 6000, declaredGrade: GRADE}}

        """;

    [Fact]
    public async Task DeclaredGrade_TakesTheChineseGrades_AsGradeAtDoes()
    {
        // N 4.1.3/4.1.5 read the grade the competent department declares. grade-at took 重大; figures.declaredGrade: 重大 was refused naming
        // only ordinary, relatively-serious, serious, especially-serious.
        var chinese = await Support.Drills.RunAsync(Landslide.Replace("GRADE", "重大", StringComparison.Ordinal));
        var code = await Support.Drills.RunAsync(Landslide.Replace("GRADE", "serious", StringComparison.Ordinal));

        chinese.Overview.FinalGrade.Should().Be(code.Overview.FinalGrade);
        chinese.Duties.Select(d => (d.Key, d.Verdict)).Should().Equal(code.Duties.Select(d => (d.Key, d.Verdict)));
        chinese.Duties.Select(d => d.Key).Should().NotEqual(
            (await Support.Drills.RunAsync(Landslide.Replace(", declaredGrade: GRADE", "", StringComparison.Ordinal))).Duties.Select(d => d.Key),
            "the declared grade raises the duties of a 重特大 disaster");

        var wrong = () => Support.Drills.Runner.Read(Landslide.Replace("GRADE", "很大", StringComparison.Ordinal), "test.yaml");
        wrong.Should().Throw<DrillScriptException>().Which.Problems.Should().ContainSingle()
            .Which.Message.Should().Contain("especially-serious").And.EndWith("（或 一般、较大、重大、特别重大）");
    }

    [Fact]
    public async Task ARefusalCitingSeveralBases_DoesNotRunThePlansFullStopIntoTheSemicolon()
    {
        // N 5.2.2 "市安委会副主任(分管安全工作副市长)报主任决定,并向市委、市政府报告。" joined with the reading after it read 。；.
        var report = await Support.Drills.RunAsync(Landslide.Replace(", declaredGrade: GRADE", "", StringComparison.Ordinal).Replace("""
              - {id: duty, name: 值班员甲, role: duty-officer}
            """, """
              - {id: duty, name: 值班员甲, role: duty-officer}
              - {id: dir, name: 安委办主任乙, role: office-director}
              - {id: cmd, name: 安委会主任丙, role: commander}
              - {id: dep, name: 安委会副主任丁, role: deputy-commander}
            """, StringComparison.Ordinal) + """
            actions:
              - {at: "00:30", by: dir, kind: decide-response, level: IV}
              - {at: "02:15", by: cmd, kind: decide-response, action: adjust, level: III}
              - {at: "02:20", by: dep, kind: decide-response, action: adjust, level: II}
            """);

        var refused = report.Actions.Single(a => a.Verdict == "unauthorised");
        refused.Detail.Should().Contain("并向市委、市政府报告；按本系统对预案的解读").And.NotContain("。；");
    }

    [Fact]
    public async Task TheCliSaysItsMessagesForTheDrill_InChinese()
    {
        // --help's own line was English; a drill run onto a full disk was told of feed ingest's stored lines; a folder given as the script
        // read 找不到演练脚本, though it exists.
        var dir = Directory.CreateTempSubdirectory("cli-words").FullName;
        var sample = Path.Combine(Support.Paths.SampleDrills, "road-hazmat-fog.yaml");

        var help = await Support.Processes.CliAsync(dir, "drill", "run", "--help");
        help.Out.Should().Contain("-?, -h, --help").And.Contain("显示帮助和用法信息").And.NotContain("Show help");

        var folder = await Support.Processes.CliAsync(dir, "drill", "validate", dir);
        folder.Exit.Should().Be(66);
        folder.Err.Should().Contain($"演练脚本应为一个文件，而这是一个文件夹：{dir}").And.NotContain("找不到");

        var full = await Support.Processes.CliOntoAFullDiskAsync(dir, "drill", "run", sample);
        full.Exit.Should().Be(73, full.Err);
        full.Err.Should().Contain("命令已停止（drill run：").And.NotContain("feed ingest").And.NotContain("duplicate");
    }

    [Fact]
    public async Task AVerificationRecordedBeforeTheCityAsked_IsToldTheRequestRaisesIt_NotADecision()
    {
        // R 5.1.1 "市委、市政府要求核实的…信息,必须在30分钟内报告": raised by the city's request, not by a decision. The refusal and its corrective
        // action said 须在产生它的决定或情形（如启动相应级别的响应）之后履行 and 先作出产生该职责的决定（如启动响应）.
        var report = await Support.Drills.RunAsync(Support.Drills.Road("""
              - {at: "00:15", by: duty, kind: fulfil-duty, duty: verify-on-request}
            """, ""));

        var refused = report.Actions.Single();
        refused.Verdict.Should().Be("refused");
        refused.Detail.Should().EndWith("须在市委、市政府要求核实（导调组的 city-request 注入）之后履行").And.NotContain("启动");
        refused.Correction.Should().StartWith("按预案程序的先后顺序处置：先由导调组注入市委、市政府的核实要求，再履行该职责").And.NotContain("启动响应");
    }
}
