using EmergencyPlans.Drills.Tests.Support;

namespace EmergencyPlans.Drills.Tests;

/// <summary>
/// The evaluator's review of 2026-12-05 (A3–A5, A7–A10): authority of a red warning, YAML mistakes on their real line, one problem listed
/// once, the response line of the overview, a duty met before it is owed, duties of parties outside the city command, and the script's
/// name and unknown figures.
/// </summary>
public sealed class ReviewFindingsTests
{
    private static string Road(string figures, string sections, string conditions = "", string end = "02:00") => $$"""
        title: 复核测试演练
        plan: road-traffic
        start: 2026-03-01T08:00:00+08:00
        end: "{{end}}"
        participants:
          - {id: duty, name: 值班员甲, role: duty-officer}
          - {id: director, name: 办公室主任乙, role: office-director}
          - {id: deputy, name: 副指挥长丙, role: deputy-commander}
          - {id: commander, name: 指挥长丁, role: commander}
        incident:
          at: "00:00"
          reportedAt: "00:10"
          reportedBy: duty
          county: 泽州县
          place: G207线某路段
          nature: 团雾中多车追尾
          reporter: {name: 交警}
          figures: {{figures}}
        {{(conditions.Length > 0 ? "  conditions: " + conditions + "\n" : "")}}{{sections}}
        """;

    [Fact]
    public async Task RedWarningApprovedByTheCommanderWithoutTheProvince_IsUnauthorised_WithItsOwnCorrection_AndNoFieldName()
    {
        // Road 4.4.1: "一级(红色)预警,报省人民政府或者省人民政府授权的省有关部门批准后,由市指挥部办公室发布。" The commander approving it alone
        // acts beyond the city's authority (越权); it read 被拒绝 … 请写明批准单位（provinceApproval）, filed under 行动未被受理.
        var report = await Support.Drills.RunAsync(Road("{deaths: 1, missing: 0, injured: 2}", """
            actions:
              - {at: "00:15", by: director, kind: change-warning, action: propose, colour: red, reason: 能见度8米}
              - {at: "00:20", by: commander, kind: change-warning, action: issue, warning: 1, reason: 指挥长批准红色，未报省}
            expectations:
              - {id: E1, kind: no-unauthorised-actions}
            """, conditions: "{visibilityMetres: 8, visibilityCause: fog}"));

        var issue = report.Actions.Single(a => a.Offset == "+00:20");
        issue.Verdict.Should().Be("unauthorised");
        issue.VerdictText.Should().Be("越权（未执行）");
        issue.Detail.Should().Contain("无权批准发布红色预警").And.Contain("省人民政府或者省人民政府授权的省有关部门").And.Contain("4.4.1");
        report.Expectations.Single().Passed.Should().BeFalse();
        var problem = report.Problems.Should().ContainSingle(p => p.Category == "越权行为").Subject;
        problem.CorrectiveAction.Should().Contain("红色预警须报省人民政府或者省人民政府授权的省有关部门批准").And.Contain("市级领导不能代替");
        report.Problems.Should().NotContain(p => p.Category == "行动未被受理");
        DrillReportMarkdown.Render(report).Should().NotContain("provinceApproval");
        DrillReportHtml.Render(report).Should().NotContain("provinceApproval");
    }

    [Fact]
    public async Task ExpectationFailingOnALateDutyOrAnUnauthorisedAction_IsListedOnceWithIt()
    {
        // R 5.1.1 "须在事发后30分钟内向市委、市政府电话报告": made at +00:31, late; E1 expected it on time, E2 no 越权 (the duty officer activates).
        var report = await Support.Drills.RunAsync(Road("{deaths: 3, missing: 0, injured: 5}", """
            actions:
              - {at: "00:15", by: duty, kind: decide-response, level: III}
              - {at: "00:31", by: duty, kind: fulfil-duty, duty: phone-report-to-city}
            expectations:
              - {id: E1, kind: duty-on-time, duty: phone-report-to-city, correctiveAction: 值班室设电话报告倒计时}
              - {id: E2, kind: no-unauthorised-actions}
            """));

        report.Expectations.Should().OnlyContain(e => !e.Passed);
        report.Problems.Should().NotContain(p => p.Category == "预期未达成");
        var late = report.Problems.Should().ContainSingle(p => p.Problem.Contains("电话报告", StringComparison.Ordinal)).Subject;
        late.Problem.Should().Contain("（预期 E1 因此未通过）");
        late.Reference.Should().StartWith("预案 5.1.1；预期 E1（第");
        late.CorrectiveAction.Should().EndWith("；值班室设电话报告倒计时");
        var unauthorised = report.Problems.Should().ContainSingle(p => p.Category == "越权行为").Subject;
        unauthorised.Problem.Should().Contain("（预期 E2 因此未通过）");
        report.Problems.Select(p => p.Number).Should().Equal(Enumerable.Range(1, report.Problems.Count));
    }

    [Fact]
    public async Task OverviewSaysTheLevelActivated_AndApartTheLevelThePlansConditionsReached()
    {
        // R 5.3.2(1) "造成3人以上10人以下失联、死亡": Ⅱ is called for; only Ⅲ is activated (5.3.3 办公室主任). The overview read 预案响应 Ⅱ级.
        var report = await Support.Drills.RunAsync(Road("{deaths: 3, missing: 0, injured: 5}", """
            actions:
              - {at: "00:20", by: director, kind: decide-response, level: III}
            """));

        report.Overview.FinalLevel.Should().Be("Ⅲ级");
        report.Overview.FinalLevelText.Should().Be("启动Ⅲ级（按预案条件应为Ⅱ级）");
        report.Overview.LevelCalledFor.Should().Be("Ⅱ级");
        DrillReportMarkdown.Render(report).Should().Contain("预案响应 启动Ⅲ级（按预案条件应为Ⅱ级）；Ⅲ级响应进行中");
    }

    [Fact]
    public async Task OverviewOfALevelTheConditionsCalledForThenNoLonger_SaysTheHighestAndTheFinal_NotALevelAboveThePlans()
    {
        const string line = "启动Ⅱ级（预案条件最高为Ⅱ级，最终为Ⅲ级）";
        // R 5.3.2(1) "造成3人以上10人以下失联、死亡": 3 missing call for Ⅱ, which the commander activates (5.3.2); all three are found, unhurt
        // or nearly. The overview read 启动Ⅱ级（预案条件为Ⅲ级）: a level above the plan's, for a decision the plan called for when it was made
        // (exploratory review D2, session 49, of the construction sample's trapped workers rescued).
        var report = await Support.Drills.RunAsync(Road("{deaths: 0, missing: 3, injured: 1}", """
            injects:
              - {at: "01:00", kind: figures, text: 失联人员全部找到, figures: {deaths: 0, missing: 0, injured: 1}}
            actions:
              - {at: "00:20", by: commander, kind: decide-response, level: II}
            """));

        report.Overview.FinalLevel.Should().Be("Ⅱ级");
        report.Overview.FinalLevelText.Should().Be(line);
        DrillReportMarkdown.Render(report).Should().Contain("预案响应 " + line);
    }

    [Fact]
    public async Task OverviewOfALevelTheConditionsNeverCalledFor_SaysTheLevelTheyDid()
    {
        // One missing person calls for Ⅲ (5.3.3(1) "3人以下失联、死亡"); the commander activates Ⅱ: a level the conditions never reached.
        var report = await Support.Drills.RunAsync(Road("{deaths: 0, missing: 1, injured: 1}", """
            actions:
              - {at: "00:20", by: commander, kind: decide-response, level: II}
            """));

        report.Overview.FinalLevelText.Should().Be("启动Ⅱ级（预案条件为Ⅲ级）");
    }

    [Fact]
    public async Task DutyMetAtTheSameMinuteBeforeTheActivationThatRaisesIt_IsRefusedAsNotOwedYet_InThePlansWords()
    {
        // R 5.3.3 启动程序 "由市指挥部办公室主任启动Ⅲ级应急响应,同时报告市指挥部": owed once the director has activated Ⅲ, not before.
        var report = await Support.Drills.RunAsync(Road("{deaths: 1, missing: 0, injured: 2}", """
            actions:
              - {at: "00:20", by: director, kind: fulfil-duty, duty: level-iii-report-to-hq}
              - {at: "00:20", by: director, kind: decide-response, level: III}
            """));

        var early = report.Actions[0];
        early.Verdict.Should().Be("refused");
        early.Detail.Should().Contain("此时尚未产生该职责").And.Contain("报告市指挥部").And.NotContain("level-iii-report-to-hq");
        var problem = report.Problems.Should().ContainSingle(p => p.Category == "行动未被受理").Subject;
        problem.Problem.Should().Contain("行动顺序颠倒").And.NotContain("level-iii");
        problem.CorrectiveAction.Should().Contain("先后顺序").And.Contain("先作出产生该职责的决定");
    }

    [Fact]
    public async Task Validate_DutyMetAtTheSameMinuteBeforeTheActivationThatRaisesIt_WarnsOnTheActionsLine_ThatTheOrderIsReversed()
    {
        // R 5.3.3 启动程序 "由市指挥部办公室主任启动Ⅲ级应急响应,同时报告市指挥部": the run blames the order of the two actions; validating the
        // script, which the facilitator does before the exercise, said nothing of it.
        var yaml = Road("{deaths: 1, missing: 0, injured: 2}", """
            actions:
              - {at: "00:20", by: director, kind: fulfil-duty, duty: level-iii-report-to-hq}
              - {at: "00:20", by: director, kind: decide-response, level: III}
            """);

        var (_, warnings) = await Support.Drills.Runner.ValidateAsync(yaml, "order.yaml");

        var warning = warnings.Should().ContainSingle().Subject;
        warning.Line.Should().Be(yaml.Split('\n').Select((l, i) => (l, i)).First(x => x.l.Contains("level-iii-report-to-hq", StringComparison.Ordinal)).i + 1);
        warning.ToString().Should().StartWith($"order.yaml:{warning.Line}: 警告：").And.Contain("此时尚未产生该职责").And.Contain("行动顺序颠倒");
    }

    [Fact]
    public async Task DutiesOfPartiesOutsideTheCityCommand_AreListedWithWhoOwesThem_AndNeverCountedAgainstTheParticipants()
    {
        // R 5.1.1 "获悉道路交通安全突发事件的单位、公民,立即拨打报警电话(122)": owed by whoever learns of it, not by the city command; R 5.1.1
        // "事发地道路交通安全应急指挥部办公室接到报警…立即上报事发地道路交通安全应急指挥部" likewise (the county's office). They read 未报 / 已终止 as the
        // participants' failures.
        var report = await Support.Drills.RunAsync(Road("{deaths: 3, missing: 0, injured: 5}", "", end: "03:00"));

        var call = report.Duties.Single(d => d.Code == "call-122");
        call.OutsideCommand.Should().BeTrue();
        call.Reporter.Should().Be("获悉道路交通安全突发事件的单位、公民");
        call.Verdict.Should().Be("outside");
        call.VerdictText.Should().Be("非演练角色职责（不计入评估）");
        var outside = report.Duties.Where(d => d.OutsideCommand).Select(d => d.Code).ToList();
        outside.Should().Contain(["call-122", "county-office-report-to-county-hq"]);
        report.Duties.Single(d => d.Code == "phone-report-to-city").OutsideCommand.Should().BeFalse("各级各部门 includes the city's duty office");
        report.Problems.Should().NotContain(p => p.Problem.Contains("报警电话(122)", StringComparison.Ordinal) || p.Problem.Contains("事发地道路交通安全应急指挥部", StringComparison.Ordinal));
        report.Problems.Should().Contain(p => p.Problem.Contains("向市委、市政府电话报告", StringComparison.Ordinal), "the city's own duty still counts");
        DrillReportMarkdown.Render(report).Should().Contain("| 职责 | 责任主体 | 报告对象 |").And.Contain("| 获悉道路交通安全突发事件的单位、公民 | 报警电话(122) |");
    }

    [Fact]
    public void EveryPlanMarksTheDutiesOfPartiesOutsideTheCommand()
    {
        // C 4.1(一) "事发单位应立即报告属地县(市、区)住房和城乡建设部门"; N 4.1.1 "监测单位、监测人员及知情单位和知情人应立即向当地灾害防治主管部门报告".
        var catalog = Support.Drills.Runner.Engine.Catalog;
        var at = DateTimeOffset.Parse("2026-06-01T08:00:00+08:00", System.Globalization.CultureInfo.InvariantCulture);
        catalog.Resolve("construction", at)!.Obligations.Single(o => o.Code == "unit-report-to-county").OutsideCommand.Should().BeTrue();
        catalog.Resolve("natural-disaster", at)!.Obligations.Single(o => o.Code == "first-report-to-local-authority").OutsideCommand.Should().BeTrue();
        catalog.Resolve("road-traffic", at)!.Obligations.Single(o => o.Code == "notify-rescue-fund").OutsideCommand.Should().BeTrue();
        catalog.Resolve("road-traffic", at)!.Obligations.Single(o => o.Code == "level-iii-report-to-hq").OutsideCommand.Should().BeFalse();
    }

    [Fact]
    public async Task GradeAtFailingOnlyBecauseFiguresAreUnknown_NamesThem_AndDoesNotOnlyBlameTheParticipants()
    {
        // Road 1.5: 较大 with 3 dead, unless the direct loss (not given) reaches 重大's threshold: the grade is only "at least 较大" (R3).
        var report = await Support.Drills.RunAsync(Road("{deaths: 3, missing: 0, injured: 5, seriousInjuries: 0}", """
            expectations:
              - {id: E1, kind: grade-at, grade: 较大, at: "00:30"}
            """));

        var e1 = report.Expectations.Single();
        e1.Passed.Should().BeFalse();
        e1.Evidence.Should().Contain("等级尚未确定").And.Contain("直接经济损失").And.Contain("未知");
        var problem = report.Problems.Should().ContainSingle(p => p.Category == "预期未达成").Subject;
        problem.CorrectiveAction.Should().Contain("直接经济损失").And.Contain("演练脚本").And.NotContain("加强信息研判");
    }

    [Fact]
    public async Task ScriptWithoutAFileName_IsNamedByItsTitle()
    {
        var report = await Support.Drills.Runner.RunAsync(Road("{deaths: 1, missing: 0, injured: 2}", ""), DrillRunner.Unnamed);

        report.Overview.Script.Should().Be("复核测试演练");
        DrillReportMarkdown.Render(report).Should().Contain("**演练脚本**：复核测试演练（SHA-256 ");
    }

    [Fact]
    public void TabAsIndentation_IsReportedOnItsOwnLine_InChinese()
    {
        // YamlDotNet's "found invalid tab as indentation" carries no mark: it read as line 1, in English.
        var yaml = Road("{deaths: 1, missing: 0, injured: 2}", "").Replace("  reportedBy: duty", "\treportedBy: duty", StringComparison.Ordinal);
        var line = yaml.Split('\n').Select((l, i) => (l, i)).First(x => x.l.StartsWith('\t')).i + 1;

        var problem = Support.Drills.Problems(yaml).Should().ContainSingle().Subject;

        problem.Line.Should().Be(line).And.BeGreaterThan(1);
        problem.Message.Should().Be("YAML 语法错误：缩进用了制表符（Tab）：YAML 只能用空格缩进");
    }

    [Fact]
    public void TabInsideAListItem_IsReportedOnTheTabsLine_NotTheOneBefore()
    {
        var yaml = Road("{deaths: 1, missing: 0, injured: 2}", "").Replace(
            "  - {id: director, name: 办公室主任乙, role: office-director}\n", "  - id: director\n\tname: 办公室主任乙\n    role: office-director\n", StringComparison.Ordinal);
        var line = yaml.Split('\n').Select((l, i) => (l, i)).First(x => x.l.StartsWith('\t')).i + 1;

        Support.Drills.Problems(yaml).Should().ContainSingle().Which.Line.Should().Be(line);
    }

    [Fact]
    public void DuplicateKey_IsReportedOnItsLine_AndTheOtherProblemsAreStillListed()
    {
        // A key written twice stopped the reading: the unknown role two lines further on was not reported.
        var yaml = Road("{deaths: 1, missing: 0, injured: 2}", "").Replace("  county: 泽州县\n", "  county: 泽州县\n  county: 高平市\n", StringComparison.Ordinal)
            .Replace("role: deputy-commander", "role: mayor", StringComparison.Ordinal);
        var lines = yaml.Split('\n');
        var second = lines.Select((l, i) => (l, i)).First(x => x.l.Contains("高平市", StringComparison.Ordinal)).i + 1;

        var problems = Support.Drills.Problems(yaml);

        problems.Should().Contain(p => p.Line == second && p.Message.StartsWith("键“county”重复出现（第 " + (second - 1) + " 行已写过）", StringComparison.Ordinal));
        problems.Should().Contain(p => p.Message.Contains("未知角色 'mayor'", StringComparison.Ordinal));
    }
}
