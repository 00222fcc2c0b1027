using EmergencyPlans.Drills.Tests.Support;

namespace EmergencyPlans.Drills.Tests;

/// <summary>
/// From a tabletop facilitator's second review (session 54), F7: an expectation the plan's authority contradicts passed <c>drill validate</c>
/// silently, and the run then blamed the players (对照预案分级响应标准开展研判训练…). Written from the plans' text: C 4.3.1(2) "由市指挥部办公室主任
/// 宣布启动Ⅲ级响应"; C 4.3.2(2) "由市指挥部指挥长或委托副指挥长立即启动Ⅱ级响应"; R 5.3.2 "由市指挥部指挥长或副指挥长决定启动Ⅱ级响应"; R 4.4.1
/// "二级(橙色)预警…经市指挥部指挥长批准后…发布", "三级(黄色)预警…经市指挥部副指挥长批准后…发布".
/// </summary>
public sealed class FacilitatorReviewS54AuthorityTests
{
    private static int LineOf(string yaml, string text) =>
        yaml.Split('\n').Select((l, i) => (l, i)).First(x => x.l.Contains(text, StringComparison.Ordinal)).i + 1;

    private static string Construction(string actions, string expectations) => $$$"""
        title: 权限预期测试
        plan: construction
        start: 2026-09-08T14:00:00+08:00
        end: "01:00"
        participants:
          - {id: duty, name: 蒋值班, role: duty-officer}
          - {id: director, name: 沈主任, role: office-director}
          - {id: deputy, name: 韩副市长, role: deputy-commander}
          - {id: cmd, name: 杨市长, role: commander}
        incident:
          at: "00:00"
          reportedAt: "00:20"
          reportedBy: duty
          county: 沁水县
          place: 龙港镇某中学
          nature: 高支模坍塌
          reporter: {name: 刘某, unit: 施工总承包单位}
          figures: {trapped: 2}
        actions:
        {{{actions.TrimEnd()}}}
        expectations:
        {{{expectations.TrimEnd()}}}

        """;

    private static async Task<IReadOnlyList<DrillProblem>> WarningsAsync(string yaml) =>
        (await Support.Drills.Runner.ValidateAsync(yaml, "test.yaml")).Warnings;

    [Fact]
    public async Task F7_ALevelExpectation_ForARoleThePlanDoesNotGiveThatLevel_IsWarnedOfOnItsLine_NamingTheClause()
    {
        var yaml = Construction("""
          - {at: "00:25", by: deputy, kind: decide-response, level: III}
        """, """
          - {id: E1, kind: level-activated, level: III, by: "00:30", role: deputy-commander}
          - {id: E2, kind: level-activated, level: II, by: "00:50", role: deputy-commander}
          - {id: E3, kind: level-activated, level: III, by: "00:50", role: office-director}
        """);

        var warnings = await WarningsAsync(yaml);

        var e1 = warnings.Should().ContainSingle(w => w.Line == LineOf(yaml, "id: E1")).Subject;
        e1.Message.Should().StartWith("警告：预期 E1 要求由市指挥部副指挥长启动Ⅲ级响应，而预案 4.3.1(2) 由市指挥部办公室主任宣布启动Ⅲ级响应")
            .And.Contain("须受市指挥部指挥长委托").And.Contain("此预期不会通过");
        warnings.Should().ContainSingle(w => w.Line == LineOf(yaml, "id: E2")).Which.Message.Should()
            .StartWith("警告：预期 E2 要求由市指挥部副指挥长启动Ⅱ级响应，而预案 4.3.2(2) 由市指挥部指挥长或委托副指挥长立即启动Ⅱ级响应");
        warnings.Should().NotContain(w => w.Line == LineOf(yaml, "id: E3"), "C 4.3.1(2) gives Ⅲ to the office director");

        // The same rule refuses the deputy's own Ⅲ in the run (越权, 4.3.1(2)).
        var report = await Support.Drills.RunAsync(yaml);
        report.Actions.Single().Verdict.Should().Be("unauthorised");
    }

    [Fact]
    public async Task F7_ADeputyWhoseDecisionsSayHeIsDelegated_IsNotWarnedOf()
    {
        // C 4.3.2(2) 委托副指挥长: the script has him decide Ⅱ as delegated, so the expectation can pass.
        var yaml = Construction("""
          - {at: "00:40", by: deputy, kind: decide-response, level: II, delegatedByCommander: true}
        """, """
          - {id: E2, kind: level-activated, level: II, by: "00:50", role: deputy-commander}
        """);

        (await WarningsAsync(yaml)).Should().NotContain(w => w.Message.Contains("预期 E2", StringComparison.Ordinal));
        (await Support.Drills.RunAsync(yaml)).Expectations.Single().Passed.Should().BeTrue();
    }

    [Fact]
    public async Task ADeputyEndingTheCommandersII_OnHisDelegation_IsAccepted_AndTheActionSaysSo_ButNotHisUndelegatedEnd()
    {
        // C 4.3.2(2) "由市指挥部指挥长或委托副指挥长立即启动Ⅱ级响应"; 4.6 "由启动响应的指挥机构确认并结束应急响应": the deputy on the commander's
        // delegation is the 市指挥部 ending its Ⅱ (ADR 0003 #76; a construction duty officer's review, s58 #5). A script could not say so.
        var report = await Support.Drills.RunAsync(Construction("""
          - {at: "00:30", by: cmd, kind: decide-response, level: II}
          - {at: "00:40", by: deputy, kind: terminate-response, conditionsConfirmed: true}
          - {at: "00:50", by: deputy, kind: terminate-response, conditionsConfirmed: true, delegatedByCommander: true}
        """, ""));

        var (undelegated, delegated) = (report.Actions[1], report.Actions[2]);
        undelegated.Verdict.Should().Be("unauthorised");
        undelegated.Detail.Should().StartWith("市指挥部副指挥长未受市指挥部指挥长委托，无权终止响应；可由：市指挥部指挥长");
        delegated.Verdict.Should().NotBe("unauthorised");
        delegated.What.Should().Contain("终止应急响应（受市指挥部指挥长委托）");
        report.Overview.ResponseState.Should().NotBe("Ⅱ级响应进行中");
    }

    [Fact]
    public async Task F7_ARoadLevelExpectation_ForTheOffice_IsWarnedOf_AndOneForTheDeputyIsNot()
    {
        // R 5.3.2: Ⅱ by the commander or a deputy, not the office, which proposes it.
        var yaml = Support.Drills.Road("", """
          - {id: E1, kind: level-activated, level: II, by: "00:40", role: office-director}
          - {id: E2, kind: level-activated, level: II, by: "00:40", role: deputy-commander}
        """);

        var warnings = await WarningsAsync(yaml);

        warnings.Should().ContainSingle(w => w.Message.Contains("预期 E1", StringComparison.Ordinal)).Which.Message.Should()
            .Contain("而预案 5.3.2").And.Contain("市指挥部办公室主任无权启动Ⅱ级响应");
        warnings.Should().NotContain(w => w.Message.Contains("预期 E2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task F7_AWarningExpectation_NobodyInTheScriptMayApprove_IsWarnedOf()
    {
        // R 4.4.1: orange is approved by the commander, whom this script's participants (duty officer, office director, deputy) do not include;
        // yellow the deputy approves.
        var yaml = Support.Drills.Road("", """
          - {id: E1, kind: warning-issued, colour: orange, by: "00:40"}
          - {id: E2, kind: warning-issued, colour: yellow, by: "00:40"}
          - {id: E3, kind: warning-lifted, colour: orange, by: "01:00"}
        """);

        var warnings = await WarningsAsync(yaml);

        warnings.Should().ContainSingle(w => w.Line == LineOf(yaml, "id: E1")).Which.Message.Should()
            .Be("警告：预期 E1 要求发布橙色预警，而预案规定橙色预警由市指挥部指挥长批准（4.4.1）；参演人员中无人担任市指挥部指挥长，运行时无人能发布，此预期不会通过");
        warnings.Should().NotContain(w => w.Line == LineOf(yaml, "id: E2"));
        warnings.Should().NotContain(w => w.Line == LineOf(yaml, "id: E3"), "the office that issues it lifts it (4.6), and the office plays");
    }

    [Fact]
    public async Task F7_TheSamples_ContradictNoAuthority()
    {
        foreach (var file in Directory.GetFiles(Paths.SampleDrills, "*.yaml"))
        {
            (await Support.Drills.Runner.ValidateAsync(File.ReadAllText(file), Path.GetFileName(file))).Warnings
                .Should().NotContain(w => w.Message.Contains("此预期不会通过", StringComparison.Ordinal), file);
        }
    }
}
