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
    private static string Construction(string actions, string expectations) => $$"""
        title: 施工预警测试
        plan: construction
        start: 2026-09-08T14:00:00+08:00
        end: "01:00"
        participants:
          - {id: duty, name: 蒋值班, role: duty-officer}
          - {id: director, name: 沈主任, role: office-director}
          - {id: cmd, name: 杨市长, role: commander}
        incident:
          at: "00:00"
          reportedAt: "00:10"
          reportedBy: duty
          county: 沁水县
          place: 龙港镇某中学
          nature: 高支模坍塌
          reporter: {name: 刘某, unit: 施工总承包单位}
          figures: {trapped: 2}
        actions:
        {{actions.TrimEnd()}}
        expectations:
        {{expectations.TrimEnd()}}

        """;

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

    /// <summary>The report as the leaders read it: the Markdown and the HTML.</summary>
    private static string AllText(DrillReport report) => DrillReportMarkdown.Render(report) + DrillReportHtml.Render(report);
}
