using EmergencyPlans.Drills.Tests.Support;

namespace EmergencyPlans.Drills.Tests;

/// <summary>
/// From a tabletop facilitator's second review (session 54, /work/drafts/explore-s54-drills.md). Each test is written from the plan's text:
/// F4, construction 3.2.2 (warnings without colours, "由指挥部根据危险程度研判发布") cannot be expected; F13, the script's level and colour
/// messages; F3, a duty the plan stopped requiring (N 4.1.5 "重大及以上自然灾害灾情稳定前…执行灾情24小时零报告制度") scored as the participants'
/// failure; F10, script-writing hints in the leaders' report.
/// </summary>
public sealed class FacilitatorReviewS54Tests
{
    private static int LineOf(string yaml, string text) =>
        yaml.Split('\n').Select((l, i) => (l, i)).First(x => x.l.Contains(text, StringComparison.Ordinal)).i + 1;

    /// <summary>
    /// A construction drill (晋市政办〔2025〕15号): a formwork collapse with 2 trapped (Ⅲ, 4.3.1(1)), its warning proposed by the office and
    /// approved and issued by the commander (3.2.2 市指挥部, no colour).
    /// </summary>
    private static string Construction(string actions, string expectations) => Support.Drills.Formwork("施工预警测试", "01:00", 2, actions, expectations);

    private const string ProposedAndIssued = """
          - {at: "00:15", by: director, kind: change-warning, action: propose}
          - {at: "00:20", by: cmd, kind: change-warning, action: issue}
        """;

    [Fact]
    public async Task F4_AConstructionWarningExpectation_WithoutColour_IsValid_AndPassesOnTheWarningIssued()
    {
        // C 3.2.2: the warnings have no colours. The expectation could be written neither with a colour nor without one.
        var yaml = Construction(ProposedAndIssued, """
          - {id: E1, kind: warning-issued, by: "00:30"}
          - {id: E2, kind: warning-issued, by: "00:18"}
        """);

        var report = await Support.Drills.RunAsync(yaml);

        var met = report.Expectations.Single(e => e.Id == "E1");
        met.Passed.Should().BeTrue(met.Evidence);
        met.Description.Should().Be("+00:30前发布预警");
        met.Evidence.Should().Be("+00:20 发布预警");
        var early = report.Expectations.Single(e => e.Id == "E2");
        early.Passed.Should().BeFalse("the warning was issued at +00:20, after +00:18");
        early.Evidence.Should().Be("实际：+00:20 发布预警");
    }

    [Fact]
    public void F4_AConstructionWarningExpectation_WithoutColour_IsValidAgainstTheDrillSchema_ThatEditorsCheckScriptsBy()
    {
        // The schema still required colour on warning-issued, so an editor marked the script the reader takes as wrong.
        var yaml = Construction(ProposedAndIssued, """
          - {id: E1, kind: warning-issued, by: "00:30"}
        """);
        Support.Drills.Runner.Read(yaml, "construction-warning.yaml"); // the reader, the authority, takes it
        var schema = EmergencyPlans.Tests.Shared.JsonSchemaValidation.Load(Path.Combine(Paths.Plans, "schema", "drill.schema.json"));
        using var document = System.Text.Json.JsonDocument.Parse(YamlJson.Convert(yaml)!.ToJsonString());

        var errors = EmergencyPlans.Tests.Shared.JsonSchemaValidation.Errors(schema, document.RootElement);

        errors.Should().BeEmpty(EmergencyPlans.Tests.Shared.JsonSchemaValidation.Describe(errors));
    }

    [Fact]
    public void F4_AColourOnAConstructionWarningExpectation_IsRefused_SayingTheWarningsHaveNone()
    {
        var yaml = Construction(ProposedAndIssued, """
          - {id: E1, kind: warning-issued, colour: yellow, by: "00:30"}
        """);

        var problem = Support.Drills.Problems(yaml).Should().ContainSingle().Subject;

        problem.Line.Should().Be(LineOf(yaml, "colour: yellow"));
        problem.Message.Should().Contain("预警不分颜色").And.Contain("不能给出 colour 'yellow'");
    }

    [Fact]
    public void F4_ARoadWarningExpectation_StillNeedsItsColour()
    {
        // R 4.3: the road plan's warnings are red, orange and yellow; an expectation must say which.
        var yaml = Support.Drills.Road("", """
          - {id: E1, kind: warning-issued, by: "00:30"}
        """);

        var problem = Support.Drills.Problems(yaml).Should().ContainSingle().Subject;

        problem.Message.Should().Contain("colour");
        Support.Drills.Runner.Read(Support.Drills.Road("", """
          - {id: E1, kind: warning-issued, colour: orange, by: "00:30"}
        """), "road.yaml").Expectations.Single().Colour.Should().Be("orange");
    }

    [Fact]
    public void F13_AColourOnAConstructionIssue_IsTold_TheWarningsHaveNoColours()
    {
        // It was told "issue 不带 colour：颜色只在提请（propose）或调整（adjust）时给出", which reads as if construction warnings had colours.
        var yaml = Construction("""
          - {at: "00:15", by: director, kind: change-warning, action: propose}
          - {at: "00:20", by: cmd, kind: change-warning, action: issue, colour: orange}
        """, """
          - {id: E1, kind: warning-issued, by: "00:30"}
        """);

        var problem = Support.Drills.Problems(yaml).Should().ContainSingle().Subject;

        problem.Line.Should().Be(LineOf(yaml, "colour: orange"));
        problem.Message.Should().Contain("预警不分颜色").And.NotContain("propose").And.NotContain("adjust");
    }

    [Fact]
    public void F13_AnArabicLevel_IsToldTheRomanNumeral_AndAThreeLevelPlanIsNotOfferedIV()
    {
        // C 4.3: three levels, Ⅰ to Ⅲ. "level: 2" was told "level 应为 I、II、III 或 IV".
        var yaml = Construction("""
          - {at: "00:25", by: cmd, kind: decide-response, level: 2}
        """, """
          - {id: E1, kind: level-activated, level: V, by: "00:30"}
        """);

        var problems = Support.Drills.Problems(yaml);

        problems.Should().HaveCount(2);
        problems[0].Line.Should().Be(LineOf(yaml, "level: 2"));
        problems[0].Message.Should().Contain("写 II").And.Contain("I、II 或 III").And.NotContain("IV");
        problems[1].Message.Should().Be("level 应为 I、II 或 III");
    }

    [Fact]
    public void F13_TheNaturalDisasterPlan_IsOfferedItsFourLevels()
    {
        // N 5.1–5.4: four levels, Ⅰ to Ⅳ.
        var yaml = File.ReadAllText(Path.Combine(Paths.SampleDrills, "natural-disaster-rainstorm.yaml"))
            .Replace("level: IV", "level: 4", StringComparison.Ordinal);
        yaml.Should().Contain("level: 4");

        Support.Drills.Problems(yaml).Should().Contain(p => p.Message.Contains("Ⅳ级响应写 IV（本预案可用：I、II、III 或 IV）", StringComparison.Ordinal));
    }
    // The road sample with the fog's clearing (800 m) reported at +03:15, after the office's lift at +03:10: the orange warning is lifted while
    // the latest report still gives 15 m, which R 4.3.2(1) calls orange.
    private static string RoadLiftedTooEarly()
    {
        var yaml = File.ReadAllText(Path.Combine(Paths.SampleDrills, "road-hazmat-fog.yaml"))
            .Replace("  - at: \"03:00\"\n    kind: weather\n    text: 团雾消散", "  - at: \"03:15\"\n    kind: weather\n    text: 团雾消散", StringComparison.Ordinal)
            .Replace("  - at: \"03:05\"\n    kind: message", "  - at: \"03:16\"\n    kind: message", StringComparison.Ordinal);
        yaml.Should().Contain("at: \"03:15\"\n    kind: weather").And.Contain("at: \"03:16\"\n    kind: message");
        return yaml;
    }

    [Fact]
    public async Task F10_AnEarlyLift_IsExplainedInWords_WithACorrectiveActionAboutReassessingTheCondition()
    {
        // R 4.6 "有事实证明突发事件不可能发生或者危险已经解除的,经评估符合相应条件时…由发布单位及时解除预警".
        var report = await Support.Drills.RunAsync(RoadLiftedTooEarly());

        var lift = report.Actions.Single(a => a.Offset == "+03:10" && a.What.Contains("解除", StringComparison.Ordinal));
        lift.Verdict.Should().Be("refused");
        lift.Detail.Should().Contain("最新报告仍满足橙色预警条件").And.Contain("解除前应先评估预警条件是否已消除（4.6）")
            .And.NotContain("conditionsAssessed").And.NotContain(": true");
        var problem = report.Problems.Single(p => p.Problem.StartsWith("+03:10", StringComparison.Ordinal));
        problem.CorrectiveAction.Should().Contain("重新评估（4.6").And.Contain("4.3.2(1)")
            .And.NotContain("核对该行动的前提");
        AllText(report).Should().NotContain("conditionsAssessed");
    }

    [Fact]
    public async Task F10_ADeputyWithoutDelegation_IsToldInWords_WithoutTheScriptsKey()
    {
        // C 4.3.2(2) "由市指挥部指挥长或委托副指挥长": the sample's deputy acts on the commander's delegation; without it he is refused.
        var yaml = File.ReadAllText(Path.Combine(Paths.SampleDrills, "construction-tower-crane.yaml"))
            .Replace("    delegatedByCommander: true\n", "", StringComparison.Ordinal);
        yaml.Should().NotContain("delegatedByCommander");

        var report = await Support.Drills.RunAsync(yaml);

        var refused = report.Actions.First(a => a.Verdict == "unauthorised" && a.Detail!.Contains("未受市指挥部指挥长委托", StringComparison.Ordinal));
        refused.Detail.Should().Contain("未受市指挥部指挥长委托").And.EndWith("如已受市指挥部指挥长委托，决定时应注明受委托");
        AllText(report).Should().NotContain("delegatedByCommander").And.Contain("决定时应注明受委托");
    }

    /// <summary>
    /// A natural-disaster drill (晋市政办〔2026〕3号): the province declares the flood 重大 at +01:00, which starts N 4.1.5's 零报告 ("重大及以上
    /// 自然灾害灾情稳定前…执行灾情24小时零报告制度"); the 会商 declares it 较大 at +03:00, so the 零报告 no longer applies. The duty officer files a
    /// 零报告 at +04:00 all the same.
    /// </summary>
    private const string ZeroReportNoLongerNeeded = """
        title: 零报告不再需要
        plan: natural-disaster
        start: 2026-07-22T04:00:00+08:00
        end: "06:00"
        participants:
          - {id: duty, name: 冯值班, role: duty-officer}
          - {id: director, name: 陈主任, role: office-director}
        incident:
          at: "00:00"
          reportedAt: "00:30"
          reportedBy: duty
          county: 阳城县
          place: 东冶镇
          nature: 山洪
          reporter: {name: 县应急管理局值班员, unit: 阳城县应急管理局}
          figures: {deaths: 2, missing: 0, relocated: 1200}
        injects:
          - {at: "01:00", kind: figures, text: 省应急管理厅会商认定为重大自然灾害, figures: {declaredGrade: 重大}}
          - {at: "03:00", kind: figures, text: 会商核定为较大自然灾害, figures: {declaredGrade: 较大}}
        actions:
          - {at: "04:00", by: duty, kind: fulfil-duty, duty: zero-report-24h}
        expectations:
          - {id: E1, kind: duty-met, duty: zero-report-24h}
          - {id: E2, kind: duty-on-time, duty: zero-report-24h}
        """;

    [Fact]
    public async Task F3_AnExpectationOnADutyThePlanStoppedRequiring_IsNotApplicable_SayingWhenAndWhy_AndIsNoProblem()
    {
        var report = await Support.Drills.RunAsync(ZeroReportNoLongerNeeded);

        report.Duties.Should().Contain(d => d.Code == "zero-report-24h", "重大 declared at +01:00 starts 4.1.5's 零报告");
        foreach (var id in new[] { "E1", "E2" })
        {
            var e = report.Expectations.Single(x => x.Id == id);
            e.NotApplicable.Should().BeTrue(e.Evidence);
            e.Verdict.Should().Be("不适用");
            e.Passed.Should().BeTrue("nothing the participants did or failed to do made it fail");
            e.Evidence.Should().Be("该职责于+03:00因灾害等级核定为较大而不再需要（4.1.5）；本预期不适用").And.NotContain("未报");
        }

        report.Passed.Should().BeTrue();
        report.Problems.Should().NotContain(p => p.Problem.Contains("零报告", StringComparison.Ordinal), "no report was owed, none was missed");
        report.Problems.Should().NotContain(p => p.CorrectiveAction.Contains("到时提醒", StringComparison.Ordinal));
        DrillReportMarkdown.Render(report).Should().Contain("0/0 项预期通过，2 项不适用");
        DrillReportHtml.Render(report).Should().Contain("<tr><td>E1</td>", "a verdict of 不适用 is not drawn as a failure")
            .And.NotContain("<tr class=\"fail\"><td>E1</td>");
    }

    [Fact]
    public async Task F3_ARecordOfADutyNoLongerNeeded_IsSaidInPlainWords_AndIsNoProblem()
    {
        var report = await Support.Drills.RunAsync(ZeroReportNoLongerNeeded);

        var zero = report.Actions.Single(a => a.Offset == "+04:00");
        zero.Verdict.Should().Be("refused");
        zero.Detail.Should().Be("该报告已不再需要（+03:00起：灾害等级核定为较大，4.1.5），无需报送");
        AllText(report).Should().NotContain("已是最终状态").And.NotContain("当前为“已终止”");
        report.Problems.Should().NotContain(p => p.Reference.Contains("行动", StringComparison.Ordinal));
    }

    [Fact]
    public async Task F3_ASecondRecordOfAReportMade_IsStillAProblem_InPlainWords()
    {
        // R 5.1.1: the phone report made at +00:20 and recorded again at +00:25: the double entry is the players' (or the script's) mistake.
        var report = await Support.Drills.RunAsync(Support.Drills.Road("""
          - {at: "00:20", by: duty, kind: fulfil-duty, duty: phone-report-to-city}
          - {at: "00:25", by: duty, kind: fulfil-duty, duty: phone-report-to-city}
        """, ""));

        var again = report.Actions.Single(a => a.Offset == "+00:25");
        again.Verdict.Should().Be("refused");
        again.Detail.Should().Be("该报告已于+00:20报送，不能重复记录");
        var problem = report.Problems.Single(p => p.Problem.StartsWith("+00:25", StringComparison.Ordinal));
        problem.Problem.Should().NotContain("当前为").And.NotContain("已是最终状态");
        problem.CorrectiveAction.Should().StartWith("同一项职责只记录一次");
    }

    /// <summary>The report as the leaders read it: the Markdown and the HTML.</summary>
    private static string AllText(DrillReport report) => DrillReportMarkdown.Render(report) + DrillReportHtml.Render(report);
}
