using System.Net;
using EmergencyPlans.Drills.Tests.Support;

namespace EmergencyPlans.Drills.Tests;

/// <summary>
/// From a tabletop facilitator's second review (session 54, /work/drafts/explore-s54-drills.md), F8: the road plan's warnings in the report.
/// Written from the plan's text: R 4.4.1 "二级(橙色)预警,由市指挥部办公室提出建议,经市指挥部指挥长批准后,由市指挥部办公室发布"; R 4.6 "按照
/// “谁发布、谁解除”的原则,由发布单位及时解除预警"; C 3.2.2 (warnings without colours).
/// </summary>
public sealed class FacilitatorReviewS54WarningsTests
{
    private static int LineOf(string yaml, string text) =>
        yaml.Split('\n').Select((l, i) => (l, i)).First(x => x.l.Contains(text, StringComparison.Ordinal)).i + 1;

    /// <summary>
    /// A road drill (晋市政办〔2025〕18号) in fog of 15 m over 5 townships (R 4.3.2(1): orange). The office proposes orange at +00:15; the deputy
    /// approves it at +00:18 without authority (4.4.1: orange is the commander's), the commander at +00:20; the fog clears at +01:00 and the office
    /// lifts the warning at +01:10.
    /// </summary>
    private static string Fog(string expectations, string actions = Actions) => $$$"""
        title: 大雾预警测试
        plan: road-traffic
        start: 2026-12-03T05:40:00+08:00
        end: "02:00"
        participants:
          - {id: duty, name: 赵值班, role: duty-officer}
          - {id: director, name: 钱主任, role: office-director}
          - {id: deputy, name: 孙副市长, role: deputy-commander}
          - {id: commander, name: 李市长, role: commander}
        incident:
          at: "00:00"
          reportedAt: "00:08"
          reportedBy: duty
          county: 泽州县
          place: 晋阳高速K12处
          nature: 大雾中货车追尾
          reporter: {name: 王某, unit: 交警大队}
          figures: {deaths: 1, missing: 0, injured: 2}
          conditions: {visibilityMetres: 15, visibilityCause: fog, townshipsAffected: 5}
        injects:
          - {at: "01:00", kind: weather, text: 雾散，能见度恢复至1000米, conditions: {visibilityMetres: 1000, visibilityCause: fog, townshipsAffected: 0}}
        actions:
        {{{actions.TrimEnd()}}}
        expectations:
        {{{expectations.TrimEnd()}}}

        """;

    private const string Actions = """
          - {at: "00:15", by: director, kind: change-warning, action: propose, colour: orange}
          - {at: "00:18", by: deputy, kind: change-warning, action: issue, warning: 1}
          - {at: "00:20", by: commander, kind: change-warning, action: issue, warning: 1}
          - {at: "01:10", by: director, kind: change-warning, action: lift, warning: 1}
        """;

    [Fact]
    public async Task F8_AWarningLiftedExpectation_PassesOnTheLiftByItsTime_AndFailsOtherwise()
    {
        // R 4.6: the issuer lifts the warning once the conditions are gone. The objective "雾散后及时解除" could only be judged by hand.
        var report = await Support.Drills.RunAsync(Fog("""
          - {id: E1, kind: warning-lifted, colour: orange, by: "01:30"}
          - {id: E2, kind: warning-lifted, by: "01:00"}
          - {id: E3, kind: warning-lifted, colour: yellow, by: "01:30"}
          - {id: E4, kind: warning-lifted, by: "01:10"}
        """));

        var lifted = report.Expectations.Single(e => e.Id == "E1");
        lifted.Passed.Should().BeTrue(lifted.Evidence);
        lifted.Description.Should().Be("+01:30前解除橙色预警");
        lifted.Evidence.Should().Be("+01:10 解除橙色预警（+00:20发布）");
        var early = report.Expectations.Single(e => e.Id == "E2");
        early.Passed.Should().BeFalse();
        early.Description.Should().Be("+01:00前解除预警");
        early.Evidence.Should().Be("橙色预警+00:20发布，+01:10才解除");
        var none = report.Expectations.Single(e => e.Id == "E3");
        none.Passed.Should().BeFalse();
        none.Evidence.Should().Be("演练中未发布黄色预警");
        report.Expectations.Single(e => e.Id == "E4").Passed.Should().BeTrue("a lift at its very minute is in time");
        report.Problems.Should().Contain(p => p.Problem.Contains("E2", StringComparison.Ordinal) && p.CorrectiveAction.Contains("谁发布、谁解除", StringComparison.Ordinal),
            "a failed lift has a corrective action of its own, citing 4.6");
    }

    [Fact]
    public async Task F8_AWarningNeverLifted_IsSaidStillInForce()
    {
        var report = await Support.Drills.RunAsync(Fog("""
          - {id: E1, kind: warning-lifted, colour: orange, by: "01:30"}
        """, """
          - {at: "00:15", by: director, kind: change-warning, action: propose, colour: orange}
          - {at: "00:20", by: commander, kind: change-warning, action: issue, warning: 1}
        """));

        var e = report.Expectations.Single();
        e.Passed.Should().BeFalse();
        e.Evidence.Should().Be("橙色预警+00:20发布，演练结束时仍在发布");
        report.Overview.Warnings.Should().Be("橙色预警：+00:20发布（市指挥部指挥长批准），演练结束时仍在发布");
    }

    [Fact]
    public async Task F8_TheOverview_SaysWhenEachWarningWasIssued_ByWhoseApproval_AndWhenLifted()
    {
        var report = await Support.Drills.RunAsync(Fog("""
          - {id: E1, kind: warning-issued, colour: orange, by: "00:30"}
        """));

        report.Overview.Warnings.Should().Be("橙色预警：+00:20发布（市指挥部指挥长批准），+01:10解除",
            "the deputy's refused approval at +00:18 issued nothing (4.4.1: orange is approved by the commander)");
        DrillReportMarkdown.Render(report).Should().Contain("- **预警**：橙色预警：+00:20发布（市指挥部指挥长批准），+01:10解除");
        DrillReportHtml.Render(report).Should().Contain("<dt>预警</dt>");
    }

    [Fact]
    public async Task F8_TheOverview_SaysNoWarningWasIssued_ButOnlyForAPlanWithWarnings()
    {
        var none = await Support.Drills.RunAsync(Support.Drills.Road("", """
          - {id: E1, kind: no-unauthorised-actions}
        """));
        none.Overview.Warnings.Should().Be("未发布预警");

        var disaster = await Support.Drills.RunAsync(File.ReadAllText(Path.Combine(Paths.SampleDrills, "natural-disaster-rainstorm.yaml")));
        disaster.Overview.Warnings.Should().BeNull("the natural-disaster plan sets no warnings");
        DrillReportMarkdown.Render(disaster).Should().NotContain("**预警**");
    }

    [Fact]
    public async Task F8_EachWarningAction_NamesTheColour_AndSoDoesTheRefusal()
    {
        var report = await Support.Drills.RunAsync(Fog("""
          - {id: E1, kind: no-unauthorised-actions}
        """));

        report.Actions.Select(a => a.What).Should().Equal("橙色预警：提出", "橙色预警：批准发布", "橙色预警：批准发布", "橙色预警：解除");
        var refused = report.Actions.Single(a => a.Verdict == "unauthorised");
        refused.Detail.Should().StartWith("市指挥部副指挥长无权批准发布橙色预警；可由：市指挥部指挥长");
    }

    [Fact]
    public async Task F8_TwoWarningsOfOneColour_AreToldApartByTheirNumber()
    {
        var report = await Support.Drills.RunAsync(Fog("""
          - {id: E1, kind: no-unauthorised-actions}
        """, """
          - {at: "00:15", by: director, kind: change-warning, action: propose, colour: orange}
          - {at: "00:20", by: commander, kind: change-warning, action: issue, warning: 1}
          - {at: "00:25", by: director, kind: change-warning, action: propose, colour: orange}
        """));

        report.Actions.Select(a => a.What).Should().Equal("橙色预警：提出", "橙色预警（预警1）：批准发布", "橙色预警：提出");
    }

    [Fact]
    public async Task F8_TheChart_DrawsEachWarningAsABandOfItsColour_FromIssueToLift()
    {
        var report = await Support.Drills.RunAsync(Fog("""
          - {id: E1, kind: no-unauthorised-actions}
        """));

        var span = report.Warnings.Should().ContainSingle().Subject;
        (span.Warning, span.Colour, span.Offset, span.EndedOffset, span.Ended).Should().Be((1, "orange", "+00:20", "+01:10", "lift"));
        var html = DrillReportHtml.Render(report);
        html.Should().Contain("<rect class=\"warning\" data-colour=\"orange\"");
        html.Should().Contain(WebUtility.HtmlEncode("橙色预警：+00:20发布（市指挥部指挥长批准），+01:10解除"));
        html.Should().Contain("class=\"warning-lift\"").And.Contain("data-kind=\"warning\"");

        var none = DrillReportHtml.Render(await Support.Drills.RunAsync(Support.Drills.Road("", "")));
        none.Should().NotContain("class=\"warning\"").And.NotContain("data-kind=\"warning\"", "a chart without warnings keys none");
    }

    [Fact]
    public void F8_AWarningLiftedExpectation_IsValidated_LikeWarningIssued()
    {
        // Colour optional where the warnings have colours (any warning lifted passes), refused under construction (C 3.2.2), and the kind refused
        // for a plan without warnings.
        Support.Drills.Runner.Read(Fog("""
          - {id: E1, kind: warning-lifted, by: "01:30"}
        """), "road.yaml").Expectations.Single().Colour.Should().BeNull();

        var construction = File.ReadAllText(Path.Combine(Paths.SampleDrills, "construction-tower-crane.yaml"));
        var coloured = construction.TrimEnd() + "\n  - {id: EL, kind: warning-lifted, colour: orange, by: \"01:30\"}\n";
        var problem = Support.Drills.Problems(coloured).Should().ContainSingle().Subject;
        problem.Line.Should().Be(LineOf(coloured, "kind: warning-lifted"));
        problem.Message.Should().Contain("预警不分颜色");
        Support.Drills.Runner.Read(construction.TrimEnd() + "\n  - {id: EL, kind: warning-lifted, by: \"01:30\"}\n", "c.yaml");

        var disaster = File.ReadAllText(Path.Combine(Paths.SampleDrills, "natural-disaster-rainstorm.yaml")).TrimEnd() + "\n  - {id: EL, kind: warning-lifted, by: \"01:30\"}\n";
        Support.Drills.Problems(disaster).Should().ContainSingle().Which.Message.Should().Contain("没有预警");

        var unknownKey = Fog("""
          - {id: E1, kind: warning-lifted, level: II, by: "01:30"}
        """);
        Support.Drills.Problems(unknownKey).Should().ContainSingle().Which.Message.Should().Contain("level");
    }

    [Fact]
    public void F8_AWarningLiftedExpectation_IsValidAgainstTheDrillSchema()
    {
        var yaml = Fog("""
          - {id: E1, kind: warning-lifted, colour: orange, by: "01:30"}
          - {id: E2, kind: warning-lifted, by: "01:30"}
        """);
        var schema = EmergencyPlans.Tests.Shared.JsonSchemaValidation.Load(Path.Combine(Paths.Plans, "schema", "drill.schema.json"));
        using var document = System.Text.Json.JsonDocument.Parse(YamlJson.Convert(yaml)!.ToJsonString());

        var errors = EmergencyPlans.Tests.Shared.JsonSchemaValidation.Errors(schema, document.RootElement);

        errors.Should().BeEmpty(EmergencyPlans.Tests.Shared.JsonSchemaValidation.Describe(errors));
        using var wrong = System.Text.Json.JsonDocument.Parse(YamlJson.Convert(Fog("""
          - {id: E1, kind: warning-lifted, colour: green, by: "01:30"}
        """))!.ToJsonString());
        EmergencyPlans.Tests.Shared.JsonSchemaValidation.Errors(schema, wrong.RootElement).Should().NotBeEmpty();
    }
}
