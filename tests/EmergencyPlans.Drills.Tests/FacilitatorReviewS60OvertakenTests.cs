namespace EmergencyPlans.Drills.Tests;

/// <summary>
/// A drill facilitator's review, session 60, findings F1, F7, F8 and F9 (`n1.yaml` from its appendix, as run, and `n3.yaml`, n1 without the
/// office's Ⅱ proposal and its proposal to end the response). Each test quotes the natural-disaster plan's clause (晋市政办〔2026〕3号).
/// </summary>
public sealed class FacilitatorReviewS60OvertakenTests
{
    /// <summary>The review's n1.yaml: a night rainstorm, relocations 2 500 → 4 200 → 9 000 → 105 000, Ⅳ, Ⅲ, Ⅱ.</summary>
    internal const string N1 = """
        title: 陵川县、高平市夜间暴雨洪涝灾害救助桌面推演（转移安置人数连夜上升）
        plan: natural-disaster
        start: 2026-07-28T20:00:00+08:00
        end: "31:00"
        scope: 市安委办（市应急管理局）、市安委会副主任、市安委会主任；检验夜间灾情研判、分级响应权限、逐级报告与物资调拨
        participants:
          - {id: duty, name: 韩值班（市应急管理局）, role: duty-officer}
          - {id: director, name: 冯主任, role: office-director}
          - {id: deputy, name: 陈副市长, role: deputy-commander}
          - {id: commander, name: 刘市长, role: commander}
        incident:
          at: "00:00"
          reportedAt: "00:20"
          reportedBy: duty
          county: 陵川县
          place: 陵川县六泉乡、古郊乡
          nature: 夜间短时强降雨引发山洪，多个村庄进水
          reporter: {name: 陵川县应急管理局值班员, unit: 陵川县应急管理局}
          figures: {relocated: 2500, deaths: 0, missing: 0}
        objectives:
          - {id: O1, text: 转移安置人数越过各级标准后由有权主体及时启动、调整响应, expectations: [E1, E2, E3, E5]}
          - {id: O2, text: 逐级报告与零报告, expectations: [E6, E7]}
          - {id: O3, text: 市级物资8小时内运抵, expectations: [E4]}
          - {id: O4, text: 灾害等级认定与响应终止, expectations: [E8, E9]}
        injects:
          - {at: "01:30", kind: figures, text: 陵川县续报：紧急转移安置4200人, figures: {relocated: 4200}}
          - {at: "03:00", kind: figures, text: 强降雨扩展至高平市：全市紧急转移安置9000人，1人死亡、2人失踪, figures: {relocated: 9000, deaths: 1, missing: 2}}
          - {at: "05:00", kind: figures, text: 丹河水位超警，沿河村庄整体转移：全市紧急转移安置105000人, figures: {relocated: 105000, countyResponseActivated: true}}
          - {at: "06:00", kind: figures, text: 经会商，省应急管理厅认定本次灾害为重大自然灾害, figures: {declaredGrade: 重大}}
          - {at: "06:30", kind: dispatch-order, orderedBy: city, text: 市应急管理局下达市级救灾物资调拨指令（帐篷、折叠床、棉被）}
        actions:
          - {at: "02:30", by: director, kind: decide-response, level: IV, reason: 紧急转移安置4200人，达到5.4.1(2)}
          - {at: "02:45", by: director, kind: fulfil-duty, duty: activation-report-to-deputy}
          - {at: "03:20", by: director, kind: decide-response, action: adjust, level: III, reason: 转移9000人}
          - {at: "03:25", by: director, kind: decide-response, action: propose, level: III, reason: 转移9000人，达到5.3.1(2)}
          - {at: "03:40", by: deputy, kind: decide-response, action: adjust, level: III, reason: 转移9000人}
          - {at: "05:10", by: director, kind: decide-response, action: propose, level: II, reason: 转移105000人，达到5.2.1(2)}
          - {at: "05:20", by: deputy, kind: decide-response, action: adjust, level: II, reason: 情况紧急，先行提高}
          - {at: "05:45", by: commander, kind: decide-response, action: adjust, level: II, reason: 转移105000人}
          - {at: "06:10", by: deputy, kind: fulfil-duty, duty: activation-report-to-city, text: 向市委、市政府报告Ⅱ级响应启动情况}
          - {at: "15:00", by: director, kind: fulfil-duty, duty: relief-supplies-city, text: 首批市级救灾物资运抵六泉乡安置点}
          - {at: "27:00", by: deputy, kind: record-clock-event, event: situation-stable, text: 雨停水退，灾情趋于稳定}
          - {at: "28:00", by: director, kind: terminate-response, action: propose, reason: 救灾应急工作基本结束}
          - {at: "28:30", by: deputy, kind: terminate-response, reason: 副主任先行终止}
          - {at: "29:00", by: commander, kind: terminate-response, reason: 救灾应急工作结束}
        expectations:
          - {id: E1, kind: level-activated, level: IV, by: "02:00", role: office-director}
          - {id: E2, kind: level-activated, level: III, by: "04:00", role: deputy-commander}
          - {id: E3, kind: level-activated, level: II, by: "06:00", role: commander}
          - {id: E4, kind: duty-on-time, duty: relief-supplies-city}
          - {id: E5, kind: no-unauthorised-actions}
          - {id: E6, kind: duty-met, duty: activation-report-to-director}
          - {id: E7, kind: duty-on-time, duty: zero-report-24h}
          - {id: E8, kind: response-terminated, by: "30:00"}
          - {id: E9, kind: grade-at, grade: 重大, at: "07:00"}
        """;

    /// <summary>n1 without the office's Ⅱ proposal (+05:10), its proposal to end the response (+28:00) and the deputy's refused end (+28:30).</summary>
    internal static readonly string N3 = string.Join('\n', N1.Split('\n').Where(l => !l.Contains("at: \"05:10\"", StringComparison.Ordinal)
        && !l.Contains("at: \"28:00\"", StringComparison.Ordinal) && !l.Contains("at: \"28:30\"", StringComparison.Ordinal)));

    [Fact]
    public async Task F1_TheReportToTheDirectorOwedForTwoHours_IsNotNotApplicable_WhenTheLevelIsRaised_ItFailsE6AndIsAProblem()
    {
        // N 5.3.2 "市安委会副主任(分管安全工作副市长)决定启动Ⅲ级响应,并向市安委会主任报告": owed with the Ⅲ decision at +03:40, never made; the
        // 主任 raises to Ⅱ at +05:45. N 4.1.2 "坚决杜绝迟报、瞒报、漏报": the raise does not make the omission compliant.
        var report = await Support.Drills.RunAsync(N1);

        var e6 = report.Expectations.Single(e => e.Id == "E6");
        e6.Verdict.Should().Be("未通过");
        e6.NotApplicable.Should().BeFalse();
        e6.Evidence.Should().Contain("起算后2小时5分仍未报告").And.Contain("+05:45起不再单列").And.NotContain("不适用");
        report.ExpectationsSaid.Should().NotContain("不适用");

        var duty = report.Duties.Single(d => d.Code == "activation-report-to-director");
        duty.Verdict.Should().Be("ended");
        duty.Overtaken.Should().BeTrue();
        duty.VerdictText.Should().StartWith("已终止（起算后2小时5分仍未报告，+05:45起不再单列：响应已提升为Ⅱ级");

        var problem = report.Problems.Single(p => p.Problem.Contains("（5.3.2）自 +03:40 起应报告", StringComparison.Ordinal));
        problem.Category.Should().Be("未报");
        problem.Problem.Should().Contain("起算后2小时5分仍未报告").And.Contain("（预期 E6 因此未通过）");
        report.Problems.Should().NotContain(p => p.Reference.StartsWith("预期 E6", StringComparison.Ordinal), "the duty's problem names E6: listed once");
    }

    [Fact]
    public async Task F1_TheOfficesTimelyReportsUnderIVAndIII_OvertakenByEachRaise_AreListedWithHowLongTheyStoodUnmet()
    {
        // N 5.4.3(1) "有关情况及时上报市安委会副主任(分管安全工作副市长)并通报有关成员单位" owed from the Ⅳ at +02:30 to the Ⅲ at +03:40;
        // N 5.3.3(1) "有关情况及时上报市安委会主任并通报有关成员单位" from the Ⅲ at +03:40 to the Ⅱ at +05:45. Neither was made.
        var report = await Support.Drills.RunAsync(N1);

        var byClause = report.Duties.Where(d => d.Code == "situation-report-to-city").ToDictionary(d => d.Clause);
        byClause["5.4.3(1)"].VerdictText.Should().StartWith("已终止（起算后1小时10分仍未报告，+03:40起不再单列");
        byClause["5.3.3(1)"].VerdictText.Should().StartWith("已终止（起算后2小时5分仍未报告，+05:45起不再单列");
        report.Problems.Should().Contain(p => p.Problem.Contains("（5.4.3(1)）自 +02:30 起应报告", StringComparison.Ordinal))
            .And.Contain(p => p.Problem.Contains("（5.3.3(1)）自 +03:40 起应报告", StringComparison.Ordinal));
    }

    [Fact]
    public async Task F7_IIDecidedWithoutTheOfficesProposal_AndTheResponseEndedWithoutOne_AreFindings()
    {
        // N 5.2.2 "市安委办经分析评估,认定灾情达到启动条件,向市安委会提出启动II级响应的建议,市安委会副主任(分管安全工作副市长)报主任决定";
        // N 2.2(2) 市安委办 "提出自然灾害救助应急响应启动、终止建议"; only Ⅰ has a direct decision (5.1.2 "必要时,市委、市政府直接决定启动Ⅰ级响应").
        var report = await Support.Drills.RunAsync(N3);

        var start = report.Problems.Should().ContainSingle(p => p.Category == "启动程序").Subject;
        start.Problem.Should().StartWith("+05:45 刘市长（市安委会主任）调整响应级别，Ⅲ级提高为Ⅱ级响应，未经市安委办提出建议（5.2.2：")
            .And.Contain("该建议自 +05:00 起应提出");
        var end = report.Problems.Should().ContainSingle(p => p.Category == "终止程序" && p.Problem.Contains("未经市安委办提出终止建议", StringComparison.Ordinal)).Subject;
        end.Problem.Should().StartWith("+29:00 刘市长（市安委会主任）终止应急响应").And.Contain("2.2(2)");
        report.Problems.Should().NotContain(p => p.Category != "启动程序" && p.Problem.Contains("向市安委会提出启动Ⅱ级响应的建议", StringComparison.Ordinal),
            "the proposal the decision overtook is said with the decision, once");
    }

    [Fact]
    public async Task F7_WithTheOfficesProposals_NoProcedureFindingOfAProposal()
    {
        // n1: the office proposes Ⅲ (+03:25) before the 副主任's Ⅲ, Ⅱ (+05:10) before the 主任's Ⅱ, and the end (+28:00) before the 主任 ends it.
        // Its Ⅳ is its own decision (5.4.2 "由市安委办主任决定启动Ⅳ级响应"): no proposal.
        var report = await Support.Drills.RunAsync(N1);

        report.Problems.Should().NotContain(p => p.Category == "启动程序").And.NotContain(p => p.Problem.Contains("未经市安委办", StringComparison.Ordinal));
    }

    [Fact]
    public async Task F8_AGradeAtExpectation_NamesWhenTheAssessmentThatGaveTheGradeStood_NotTheLastStepsTime()
    {
        // N 4.1.5 "重大及以上自然灾害…": the natural-disaster plan sets no grade table; the grade is the competent department's, declared 重大 in the
        // +06:00 report. The last step before E9's +07:00 is the +06:30 dispatch order, at which nothing was assessed.
        var report = await Support.Drills.RunAsync(N1);

        var e9 = report.Expectations.Single(e => e.Id == "E9");
        e9.Passed.Should().BeTrue();
        e9.Evidence.Should().StartWith("+07:00 时的研判结果（+06:00起）：重大").And.NotContain("+06:30");
    }

    [Fact]
    public async Task F9_TheZeroReportsSecondPeriod_StandsWhereItBegan_AndARowSaysTheStableSituationEndedIt()
    {
        // N 4.1.5 "重大及以上自然灾害灾情稳定前,相关各级应急管理部门执行灾情24小时零报告制度": declared 重大 at +06:00, 第1期 due +24:00 and missed,
        // 第2期 owed from then until 灾情稳定 is recorded at +27:00, when it ends before its time (ADR 0003). It read as raised by 灾情稳定, with no
        // row saying it ended.
        var report = await Support.Drills.RunAsync(N1);

        static bool ZeroReport(DrillTimelineEntry t, string period) => t.Lane == "engine" && t.What.StartsWith($"逐级上报上级应急管理部门（{period}）", StringComparison.Ordinal);
        var second = report.Timeline.Where(t => ZeroReport(t, "第2期")).ToList();
        second.Should().HaveCount(2);
        second[0].Offset.Should().Be("+24:00", "第2期 began when 第1期 fell due");
        second[0].What.Should().NotContain("不再需要");
        second[1].Offset.Should().Be("+27:00");
        second[1].What.Should().EndWith("不再需要：灾情稳定");
        var rows = report.Timeline.Select((t, i) => (t, i)).ToList();
        rows.Single(x => ZeroReport(x.t, "第2期") && x.t.Offset == "+24:00").i
            .Should().BeGreaterThan(rows.Single(x => ZeroReport(x.t, "第1期") && x.t.What.Contains("到时未报", StringComparison.Ordinal)).i);
        DrillReportMarkdown.Render(report).Should().Contain("（第2期）：“重大及以上自然灾害灾情稳定前");
    }
}
