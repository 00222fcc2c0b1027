using System.Text.RegularExpressions;

namespace EmergencyPlans.Drills.Tests;

/// <summary>
/// Facilitator review F5: a change of level while a response is in force is an adjustment, R 5.7 响应调整与终止 "应急响应启动后，根据事故损失情况和
/// 发展态势，由启动响应的主体按照需要调整响应级别"; C 4.4 响应等级调整 "各类建设工程事故的响应等级，可视情提高或降低". The report said 启动 for every
/// level decision: a raise of Ⅳ to Ⅲ read 由市安委会副主任启动Ⅲ级响应, a lowering of Ⅱ to Ⅲ 由市指挥部指挥长启动Ⅲ级, and no line said a level
/// was lowered. The expectations pass and fail as before: only their words changed.
/// </summary>
public sealed class FacilitatorReviewF5Tests
{
    private static readonly string Disaster = Support.Drills.FlashFlood("响应调整措辞", """
          - {id: duty, name: 钱值班, role: duty-officer}
          - {id: director, name: 冯主任, role: office-director}
          - {id: deputy, name: 陈副市长, role: deputy-commander}
        """, """
          - {at: "00:30", kind: figures, figures: {relocated: 12000}}
        """, """
          - {at: "00:20", by: director, kind: decide-response, level: IV, reason: 紧急转移安置4000人}
          - {at: "00:40", by: deputy, kind: decide-response, action: adjust, level: III, reason: 紧急转移安置12000人}
        """, """
          - {id: E1, kind: level-activated, level: IV, by: "00:30", role: office-director}
          - {id: E2, kind: level-activated, level: III, by: "01:00", role: deputy-commander}
          - {id: E3, kind: level-activated, level: II, by: "01:30"}
        """);

    private const string Activated = """
          - {at: "00:20", by: director, kind: decide-response, level: III, reason: 4人被困}
        """;

    private const string Raised = """
          - {at: "00:40", by: cmd, kind: decide-response, action: adjust, level: II, reason: 险情加重}
        """;

    private const string Lowered = """
          - {at: "01:20", by: cmd, kind: decide-response, action: adjust, level: III, reason: 被困人员全部救出，险情减轻}
        """;

    private const string ConstructionExpectations = """
          - {id: E1, kind: level-activated, level: III, by: "01:30", role: commander}
          - {id: E2, kind: level-activated, level: I, by: "01:30"}
        """;

    private static readonly string Construction = Support.Drills.Formwork("响应调整措辞", "02:00", 4, string.Join("\n", Activated, Raised, Lowered), ConstructionExpectations);

    [Fact]
    public async Task ARaiseOfIVToIIIWhileIVIsInForce_IsSaidAsAnAdjustment_TheActivationOfIVAs启动()
    {
        // N 5.4.2 "由市安委办主任决定启动Ⅳ级响应"; 5.3.2 "市安委会副主任(分管安全工作副市长)决定启动Ⅲ级响应" while Ⅳ is in force: the incident
        // records it as ResponseAdjusted, an adjustment of the level in force (R 5.7 调整响应级别), raised (C 4.4 提高).
        var report = await Support.Drills.RunAsync(Disaster);

        report.Actions.Should().OnlyContain(a => a.Verdict == "accepted");
        var e1 = report.Expectations.Single(e => e.Id == "E1");
        var e2 = report.Expectations.Single(e => e.Id == "E2");
        e1.Passed.Should().BeTrue();
        e1.Evidence.Should().Be("+00:20 由市安委办主任启动Ⅳ级响应");
        e2.Passed.Should().BeTrue("the level-activated expectation still passes on the level adjusted to");
        e2.Evidence.Should().EndWith("调整响应级别，Ⅳ级提高为Ⅲ级响应").And.StartWith("+00:40 由市安委会副主任").And.NotContain("启动");

        var e3 = report.Expectations.Single(e => e.Id == "E3");
        e3.Passed.Should().BeFalse();
        e3.Evidence.Should().StartWith("实际：+00:20 由市安委办主任启动Ⅳ级响应；+00:40 由市安委会副主任")
            .And.EndWith("调整响应级别，Ⅳ级提高为Ⅲ级响应");

        // The Markdown (stdout) and the HTML show the expectation's evidence and the action as the report holds them.
        var markdown = DrillReportMarkdown.Render(report);
        var html = DrillReportHtml.Render(report);
        markdown.Should().Contain(e2.Evidence);
        html.Should().Contain(e2.Evidence);
        Regex.IsMatch(markdown, @"\+00:40 由[^|；]*启动").Should().BeFalse("the raise is said as an adjustment wherever the report lists it");
        Regex.IsMatch(html, @"\+00:40 由[^<；]*启动").Should().BeFalse();
        report.Actions.Select(a => a.What).Should().Equal("启动Ⅳ级响应", "调整响应级别，Ⅳ级提高为Ⅲ级响应");
    }

    [Fact]
    public async Task ALoweringOfIIToIII_IsSaidAsAnAdjustmentDownward_InTheExpectationAndInTheListOfDecisions()
    {
        // C 4.3.1(2) the office director "宣布启动Ⅲ级响应"; 4.3.2(2) the commander "立即启动Ⅱ级响应" while Ⅲ is in force; 4.4 "响应等级，可视情提高或
        // 降低": the commander lowers it to Ⅲ once the trapped are out. The lowering read 由市指挥部指挥长启动Ⅲ级响应, and in the list 启动Ⅲ级.
        var report = await Support.Drills.RunAsync(Construction);

        report.Actions.Should().OnlyContain(a => a.Verdict == "accepted");
        var e1 = report.Expectations.Single(e => e.Id == "E1");
        e1.Passed.Should().BeTrue("Ⅲ was in force by the commander's decision at +01:20, as before");
        e1.Evidence.Should().Be("+01:20 由市指挥部指挥长调整响应级别，Ⅱ级降低为Ⅲ级响应");

        var e2 = report.Expectations.Single(e => e.Id == "E2");
        e2.Passed.Should().BeFalse();
        e2.Evidence.Should().Be("实际：+00:20 由市指挥部办公室主任启动Ⅲ级响应；+00:40 由市指挥部指挥长调整响应级别，Ⅲ级提高为Ⅱ级响应；"
                                + "+01:20 由市指挥部指挥长调整响应级别，Ⅱ级降低为Ⅲ级响应");
        report.Problems.Should().Contain(p => p.Problem.Contains(e2.Evidence, StringComparison.Ordinal), "the problem repeats the evidence");

        // The actions, the timeline and the chart's level lane word each decision alike.
        report.Actions.Select(a => a.What).Should().Equal("启动Ⅲ级响应", "调整响应级别，Ⅲ级提高为Ⅱ级响应", "调整响应级别，Ⅱ级降低为Ⅲ级响应");
        report.ResponseLevels.Select(c => (c.Change, c.Text)).Should().Equal(
            ("activate", "启动Ⅲ级响应"), ("adjust", "调整响应级别，Ⅲ级提高为Ⅱ级响应"), ("adjust", "调整响应级别，Ⅱ级降低为Ⅲ级响应"));
        var markdown = DrillReportMarkdown.Render(report);
        var html = DrillReportHtml.Render(report);
        markdown.Should().Contain(e1.Evidence).And.Contain(e2.Evidence);
        html.Should().Contain(e1.Evidence).And.Contain(e2.Evidence);
        Regex.IsMatch(markdown, @"\+(00:40|01:20) 由[^|；]*启动").Should().BeFalse("the raise and the lowering are said as adjustments wherever the report lists them");
        Regex.IsMatch(html, @"\+(00:40|01:20) 由[^<；]*启动").Should().BeFalse();
    }
    [Fact]
    public async Task TheOverviewOfALevelReachedByARaise_SaysTheLevelActivatedAndTheRaise_NotAnActivationOfTheLevelRaisedTo()
    {
        // C 4.3.1(2) the office director "宣布启动Ⅲ级响应" for 4 trapped; 12 trapped call for Ⅰ (4.3.3(1)② "造成10人以上涉险、被困、失联的事故");
        // the commander raises the level to Ⅱ (4.4 "可视情提高"). Nobody activated Ⅱ: the overview read 启动Ⅱ级（按预案条件应为Ⅰ级）.
        var report = await Support.Drills.RunAsync(Support.Drills.Formwork("响应调整措辞", "02:00", 4, string.Join("\n", Activated, Raised), ConstructionExpectations, injects: """
              - {at: "00:30", kind: figures, figures: {trapped: 12}}
            """));

        report.Actions.Should().OnlyContain(a => a.Verdict == "accepted");
        report.Actions.Select(a => a.What).Should().Equal("启动Ⅲ级响应", "调整响应级别，Ⅲ级提高为Ⅱ级响应");
        report.Overview.FinalLevel.Should().Be("Ⅱ级");
        report.Overview.FinalLevelText.Should().Be("启动Ⅲ级，提高为Ⅱ级（按预案条件应为Ⅰ级）");
        DrillReportMarkdown.Render(report).Should().Contain("预案响应 启动Ⅲ级，提高为Ⅱ级（按预案条件应为Ⅰ级）；Ⅱ级响应进行中");
        DrillReportHtml.Render(report).Should().Contain("预案响应 启动Ⅲ级，提高为Ⅱ级（按预案条件应为Ⅰ级）");
    }

    [Fact]
    public async Task TheOverviewOfALevelLoweredBelowThePlans_SaysTheLevelActivatedAndTheLowering()
    {
        // C 4.3.2(2) the commander "立即启动Ⅱ级响应" for 4 trapped (4.3.2(1)② 3人以上10人以下); he lowers it to Ⅲ (4.4 "可视情…降低") while all four are
        // still trapped. The overview read 启动Ⅲ级（按预案条件应为Ⅱ级）, as if Ⅲ had been all he decided.
        var report = await Support.Drills.RunAsync(Support.Drills.Formwork("响应调整措辞", "02:00", 4, """
              - {at: "00:40", by: cmd, kind: decide-response, level: II, reason: 4人被困}
              - {at: "01:20", by: cmd, kind: decide-response, action: adjust, level: III, reason: 险情减轻}
            """, ConstructionExpectations));

        report.Actions.Should().OnlyContain(a => a.Verdict == "accepted");
        report.Actions.Select(a => a.What).Should().Equal("启动Ⅱ级响应", "调整响应级别，Ⅱ级降低为Ⅲ级响应");
        report.Overview.FinalLevelText.Should().Be("启动Ⅱ级，降低为Ⅲ级（按预案条件应为Ⅱ级）");
    }
}
