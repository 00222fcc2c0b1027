using EmergencyPlans.Drills.Tests.Support;

namespace EmergencyPlans.Drills.Tests;

/// <summary>
/// What the after-action report finds on its own, with no expectation written for it: a response missing or lower than the level the
/// assessment calls for at the end of the drill (road 5.7 "由启动响应的主体按照需要调整响应级别，避免响应不足或响应过度"), and what the
/// engine calls for shown in its lane (the first report's level; a road warning, 4.3).
/// </summary>
public sealed class AutomaticFindingsTests
{
    private const string Participants = """
        participants:
          - {id: duty, name: 值班员甲, role: duty-officer}
          - {id: director, name: 办公室主任乙, role: office-director}
          - {id: deputy, name: 副指挥长丙, role: deputy-commander}
          - {id: commander, name: 指挥长丁, role: commander}
        """;

    private static string Script(string plan, string county, string place, string figures, string sections = "", string end = "02:00", string conditions = "") =>
        $$"""
        title: 自动发现问题测试
        plan: {{plan}}
        start: 2026-03-01T08:00:00+08:00
        end: "{{end}}"
        {{Participants}}
        incident:
          at: "00:00"
          reportedAt: "00:10"
          reportedBy: duty
          county: {{county}}
          place: {{place}}
          nature: 测试情景
          reporter: {name: 报告人}
          figures: {{figures}}
        {{(conditions.Length > 0 ? "  conditions: " + conditions + "\n" : "")}}{{sections}}
        """;

    private static string Road(string figures, string sections = "", string conditions = "") =>
        Script("road-traffic", "泽州县", "G207线某路段", figures, sections, conditions: conditions);

    private static string Activate(string by, string level, string at = "00:20") => $"""
          - at: "{at}"
            by: {by}
            kind: decide-response
            level: {level}
        """;

    [Fact]
    public async Task Road_FirstReport5Dead_NobodyActivatesFor2Hours_IsFoundResponseShortFromTheFirstReport()
    {
        // Road 5.3.2(1): "发生道路交通事故，造成3人以上10人以下失联、死亡" — 5 dead call for Ⅱ级 (较大, 1.5). Nobody activates in two hours.
        var report = await Support.Drills.RunAsync(Road("{deaths: 5, missing: 0, injured: 5}"));

        var shortfall = report.Problems.Should().ContainSingle(p => p.Category == "响应不足").Subject;
        shortfall.Problem.Should().Contain("+00:10 起").And.Contain("Ⅱ级").And.Contain("5.3.2(1)").And.Contain("仍未启动响应");
        shortfall.CorrectiveAction.Should().Contain("市指挥部指挥长或副指挥长").And.Contain("避免响应不足或响应过度");
        shortfall.Reference.Should().Be("预案 5.3.2(1)");
    }

    [Fact]
    public async Task Road_2DeadAnd2Missing_DirectorActivatesIII_IsFoundResponseShort()
    {
        // Road 5.3.2(1): "造成3人以上10人以下失联、死亡" — 2 dead and 2 missing call for Ⅱ级; the office director activates Ⅲ (5.3.3).
        var report = await Support.Drills.RunAsync(Road("{deaths: 2, missing: 2, injured: 0}", "actions:\n" + Activate("director", "III")));

        report.Actions.Single().Verdict.Should().Be("accepted");
        report.Problems.Should().ContainSingle(p => p.Category == "响应不足").Which.Problem.Should().Contain("实施的为Ⅲ级响应，低于研判结果").And.Contain("Ⅱ级");
    }

    [Fact]
    public async Task Road_TheLevelCalledForActivated_NoResponseFinding()
    {
        // Road 5.3.2: "由市指挥部指挥长或副指挥长决定启动Ⅱ级响应".
        var report = await Support.Drills.RunAsync(Road("{deaths: 5, missing: 0, injured: 5}", "actions:\n" + Activate("deputy", "II")));

        report.Problems.Should().NotContain(p => p.Category == "响应不足");
    }

    [Fact]
    public async Task Road_LevelRaisedByInject_IsFoundFromTheInjectThatCalledForIt()
    {
        // 3 dead call for Ⅱ (5.3.2(1)); at 00:40 the control cell reports 10 dead: 5.3.1(1) "发生道路交通事故，造成10人以上失联、死亡" calls for Ⅰ.
        // The deputy's Ⅱ stays below it.
        const string sections = """
            injects:
              - at: "00:40"
                kind: figures
                figures: {deaths: 10}
            actions:
              - at: "00:20"
                by: deputy
                kind: decide-response
                level: II
            """;
        var report = await Support.Drills.RunAsync(Road("{deaths: 3, missing: 0, injured: 0}", sections));

        report.Problems.Should().ContainSingle(p => p.Category == "响应不足").Which.Problem.Should().StartWith("+00:40 起研判结果为Ⅰ级响应");
    }

    [Fact]
    public async Task Construction_5Trapped_DirectorActivatesIII_IsFoundResponseShort()
    {
        // Construction 4.3.2(1)② "造成3人以上10人以下涉险、被困、失联的事故": 5 trapped call for Ⅱ级, "由市指挥部指挥长或委托副指挥长立即启动Ⅱ级响应" (4.3.2(2)); the director activates Ⅲ.
        var report = await Support.Drills.RunAsync(Script("construction", "城区", "某在建项目", "{trapped: 5, deaths: 0, injured: 0}", "actions:\n" + Activate("director", "III")));

        var shortfall = report.Problems.Should().ContainSingle(p => p.Category == "响应不足").Subject;
        shortfall.Problem.Should().Contain("实施的为Ⅲ级响应").And.Contain("Ⅱ级").And.Contain("4.3.2");
        shortfall.CorrectiveAction.Should().Contain("4.3.2(2)");
    }

    [Fact]
    public async Task NaturalDisaster_12000Relocated_IVActivated_IsFoundResponseShort()
    {
        // Natural disaster 5.3.1(2): "紧急转移安置和需紧急生活救助5000人以上10万人以下" calls for Ⅲ级; the office director activates Ⅳ (5.4.2).
        var report = await Support.Drills.RunAsync(Script("natural-disaster", "阳城县", "东冶镇", "{relocated: 12000, deaths: 0, missing: 0}",
            "actions:\n" + Activate("director", "IV")));

        report.Actions.Single().Verdict.Should().Be("accepted");
        var shortfall = report.Problems.Should().ContainSingle(p => p.Category == "响应不足").Subject;
        shortfall.Problem.Should().Contain("Ⅲ级").And.Contain("5.3.1(2)").And.Contain("实施的为Ⅳ级响应");
    }

    [Fact]
    public async Task FailedLevelExpectation_ForThatLevel_IsNotFoundTwice()
    {
        // The facilitator wrote the expectation: its failure (预期未达成) says it; the automatic finding would say it again.
        const string sections = """
            expectations:
              - id: E1
                kind: level-activated
                level: II
                by: "01:00"
            """;
        var report = await Support.Drills.RunAsync(Road("{deaths: 5, missing: 0, injured: 5}", sections));

        report.Problems.Should().ContainSingle(p => p.Category == "预期未达成");
        report.Problems.Should().NotContain(p => p.Category == "响应不足");
    }

    [Fact]
    public async Task FirstReportCallingForALevel_IsShownInTheEngineLaneAtTheFirstReport()
    {
        // Road 5.3.2(1): the first report's 5 dead already call for Ⅱ级; the engine recommends a level only when a later report raises it,
        // so the engine lane showed nothing. It shows what the first report calls for, who decides, and the clause.
        var report = await Support.Drills.RunAsync(Road("{deaths: 5, missing: 0, injured: 5}"));

        report.Timeline.Should().Contain(t => t.Lane == "engine" && t.Offset == "+00:10" && t.What.Contains("建议启动Ⅱ级响应", StringComparison.Ordinal)
                                              && t.What.Contains("市指挥部指挥长或副指挥长", StringComparison.Ordinal) && t.Outcome!.Contains("5.3.2(1)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(8, "红色", "4.3.1(1)")]
    [InlineData(15, "橙色", "4.3.2(1)")]
    public async Task WeatherInject_WhoseVisibilityCallsForAWarning_IsShownInTheEngineLane(int metres, string colour, string clause)
    {
        // Road 4.3.1(1) "能见度 ≤ 10 米的浓雾" → 一级（红色）; 4.3.2(1) "能见度 ≤ 20 米" → 二级（橙色）.
        var sections = $$"""
            injects:
              - at: "00:30"
                kind: weather
                text: 团雾
                conditions: {visibilityMetres: {{metres}}, visibilityCause: fog}
            """;
        var report = await Support.Drills.RunAsync(Road("{deaths: 0, missing: 0, injured: 2}", sections));

        report.Timeline.Should().Contain(t => t.Lane == "engine" && t.Offset == "+00:30" && t.What.StartsWith($"建议发布{colour}预警", StringComparison.Ordinal)
                                              && t.Outcome!.Contains(clause, StringComparison.Ordinal));
        report.Problems.Should().ContainSingle(p => p.Category == "预警不足").Which.Problem.Should().Contain("+00:30 起").And.Contain(clause).And.Contain("未发布预警");
    }

    [Fact]
    public async Task Warning_IssuedLowerThanTheConditionsCallFor_IsFound()
    {
        // Road 4.3.1(1): visibility 8 m calls for red; the office issues orange (4.4.1: proposed by the office, approved by the commander).
        const string sections = """
            injects:
              - at: "00:30"
                kind: weather
                text: 团雾
                conditions: {visibilityMetres: 8, visibilityCause: fog}
            actions:
              - at: "00:35"
                by: director
                kind: change-warning
                action: propose
                colour: orange
              - at: "00:40"
                by: commander
                kind: change-warning
                action: issue
            """;
        var report = await Support.Drills.RunAsync(Road("{deaths: 0, missing: 0, injured: 2}", sections));

        report.Actions.Should().OnlyContain(a => a.Verdict == "accepted");
        report.Problems.Should().ContainSingle(p => p.Category == "预警不足").Which.Problem.Should().Contain("发布的为橙色预警，低于条件");
    }

    /// <summary>Fog of 15 m at 00:30 (R 4.3.2(1) → orange), orange proposed and issued, lifted at 01:00 by the office while the fog stands.</summary>
    private static string OrangeForFogLiftedAtOneHour(bool confirmed) => """
        injects:
          - at: "00:30"
            kind: weather
            text: 团雾
            conditions: {visibilityMetres: 15, visibilityCause: fog}
        actions:
          - at: "00:35"
            by: director
            kind: change-warning
            action: propose
            colour: orange
          - at: "00:40"
            by: commander
            kind: change-warning
            action: issue
          - at: "01:00"
            by: director
            kind: change-warning
            action: lift
        """ + (confirmed ? "\n    conditionsAssessed: true" : "");

    [Fact]
    public async Task Warning_IssuedThenLiftedWhileTheConditionsStand_IsSaidAsLifted_NotAsNeverIssued()
    {
        // Road 4.3.2(1): 15 m calls for orange; issued (4.4.1) and lifted by its issuer (4.6 谁发布、谁解除) while the fog stands. Since
        // session 49 such a lift needs the office to confirm the 4.6 assessment (conditionsAssessed): it did, and the evaluation still
        // finds the conditions standing at the end.
        var report = await Support.Drills.RunAsync(Road("{deaths: 0, missing: 0, injured: 2}", OrangeForFogLiftedAtOneHour(confirmed: true)));

        report.Actions.Should().OnlyContain(a => a.Verdict == "accepted");
        report.Actions[^1].What.Should().Contain("确认解除条件");
        report.Problems.Should().ContainSingle(p => p.Category == "预警不足").Which.Problem.Should().Contain("已发布的预警已解除，条件仍在").And.NotContain("未发布预警");
    }

    [Fact]
    public async Task Warning_LiftedWhileTheConditionsStand_WithoutTheAssessment_IsRefused_NamingTheColourAndClause_AndTheWarningStays()
    {
        // Road 4.6 "有事实证明……危险已经解除的,经评估符合相应条件时……解除预警": the fog of 15 m still meets 4.3.2(1) and nobody said it was
        // assessed: the lift is refused as the API refuses it (409), the orange stays in force, and no 预警不足 is found.
        var report = await Support.Drills.RunAsync(Road("{deaths: 0, missing: 0, injured: 2}", OrangeForFogLiftedAtOneHour(confirmed: false)));

        var lift = report.Actions[^1];
        lift.Verdict.Should().Be("refused");
        // Said for the leaders who read the report, in words, not as the script's key (s54 F10).
        lift.Detail.Should().Contain("最新报告仍满足橙色预警条件（4.3.2(1)").And.Contain("解除前应先评估预警条件是否已消除（4.6）")
            .And.NotContain("conditionsAssessed");
        report.Problems.Should().NotContain(p => p.Category == "预警不足");
    }

    [Fact]
    public void ConditionsAssessed_OnAnythingButALift_IsAScriptProblem()
    {
        var problems = Support.Drills.Problems(Support.Drills.Road("""
              - {at: "00:50", by: director, kind: change-warning, action: propose, colour: orange, reason: x, conditionsAssessed: true}
            """, ""));

        problems.Select(p => p.Message).Should().Contain(m => m.Contains("不带 conditionsAssessed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AutomaticFindings_AreTheSameRunToRun()
    {
        var yaml = Road("{deaths: 2, missing: 2, injured: 0}", "actions:\n" + Activate("director", "III"), "{visibilityMetres: 8, visibilityCause: fog}");

        var first = DrillReportMarkdown.Render(await Support.Drills.RunAsync(yaml));
        var second = DrillReportMarkdown.Render(await Support.Drills.RunAsync(yaml));

        second.Should().Be(first);
        first.Should().Contain("响应不足").And.Contain("预警不足").And.Contain("建议发布红色预警");
    }
}

/// <summary>Who decides a level, as the engine's recommendation says it: one grammatical sentence for each plan's bodies.</summary>
public sealed class RecommendationWordingTests
{
    [Fact]
    public async Task NaturalDisaster_EscalationToIII_SaysWhoDecidesInOneSentence()
    {
        // Natural disaster 5.3.2: "市安委会副主任(分管安全工作副市长)决定启动Ⅲ级响应，并向市安委会主任报告"; 5.4.2: "由市安委办主任决定启动Ⅳ级响应，
        // 并向市安委会副主任(分管安全工作副市长)报告". The recommendation read "（由市安委会副主任（分管安全工作副市长），并向市安委会主任报告决定）".
        var yaml = Support.Drills.FlashFlood("措辞测试", """
              - {id: duty, name: 值班员甲, role: duty-officer}
            """, """
              - {at: "00:30", kind: figures, figures: {relocated: 12000}}
            """, "", "");

        var report = await Support.Drills.RunAsync(yaml);

        var engine = report.Timeline.Where(t => t.Lane == "engine").Select(t => t.What).ToList();
        engine.Should().Contain(w => w.Contains("建议启动Ⅳ级响应（由市安委办主任决定）", StringComparison.Ordinal));
        engine.Should().Contain(w => w.Contains("建议启动Ⅲ级响应（由市安委会副主任(分管安全工作副市长)决定）", StringComparison.Ordinal), "no level is in force: it is started, not raised");
        engine.Should().NotContain(w => w.Contains("报告决定", StringComparison.Ordinal));
    }
}

/// <summary>The overview and the first report in each plan's words: the grade's name, and the place said once.</summary>
public sealed class OverviewWordingTests
{
    private static string Script(string plan, string county, string place, string figures) => $$"""
        title: 概况措辞测试
        plan: {{plan}}
        start: 2026-03-01T08:00:00+08:00
        end: "01:00"
        participants:
          - {id: duty, name: 值班员甲, role: duty-officer}
        incident:
          at: "00:00"
          reportedAt: "00:10"
          reportedBy: duty
          county: {{county}}
          place: {{place}}
          nature: 测试情景
          reporter: {name: 报告人}
          figures: {{figures}}
        """;

    [Theory]
    // Construction 1.5 事故分级: "事故分为特别重大事故、重大事故、较大事故和一般事故四个等级".
    [InlineData("construction", "{trapped: 1, deaths: 0, injured: 0}", "事故等级")]
    // Road 1.5 道路交通安全突发事件分级; 5.1.1 "初步判定突发事件等级、性质".
    [InlineData("road-traffic", "{deaths: 1, missing: 0, injured: 0}", "突发事件等级")]
    // Natural disaster 1.3 "本预案适用于晋城市行政区域内遭受自然灾害时市级层面开展的灾害救助等工作": a disaster, not an accident.
    [InlineData("natural-disaster", "{relocated: 4000, deaths: 0, missing: 0}", "灾害等级")]
    public async Task Overview_NamesTheGradeAsThePlanDoes(string plan, string figures, string term)
    {
        var report = await Support.Drills.RunAsync(Script(plan, "泽州县", "某地", figures));

        report.Overview.GradeTerm.Should().Be(term);
        DrillReportMarkdown.Render(report).Should().Contain($"**最终研判**：{term} ");
        if (term != "事故等级")
        {
            DrillReportMarkdown.Render(report).Should().NotContain("事故等级 ");
        }
    }

    [Fact]
    public async Task PlaceBeginningWithTheCounty_SaysTheCountyOnce()
    {
        var report = await Support.Drills.RunAsync(Script("natural-disaster", "阳城县", "阳城县东冶镇、润城镇", "{relocated: 4000, deaths: 0, missing: 0}"));

        report.Overview.Incident.Should().Be("阳城县东冶镇、润城镇，测试情景");
        report.Timeline.Should().Contain(t => t.Lane == "inject" && t.What.StartsWith("首报：阳城县东冶镇、润城镇，", StringComparison.Ordinal));
        DrillReportMarkdown.Render(report).Should().NotContain("阳城县阳城县");
    }

    [Fact]
    public async Task PlaceWithoutTheCounty_IsPrecededByIt()
    {
        var report = await Support.Drills.RunAsync(Script("road-traffic", "泽州县", "G207线巴公镇段", "{deaths: 1, missing: 0, injured: 0}"));

        report.Overview.Incident.Should().Be("泽州县G207线巴公镇段，测试情景");
    }
}
