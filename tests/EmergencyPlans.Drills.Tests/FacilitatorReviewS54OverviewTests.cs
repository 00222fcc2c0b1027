using EmergencyPlans.Drills.Tests.Support;

namespace EmergencyPlans.Drills.Tests;

/// <summary>
/// From a tabletop facilitator's second review (session 54), F9: 演练概况 presented the road plan's on-site headquarters as a fact at Ⅱ, quoting
/// 130 characters of R 2.4, though R 2.4 says "市指挥部根据应急工作需要可临时成立…现场指挥部" and nobody set one up; and a construction drill had
/// two rows both labelled 现场指挥 (the C 4.2 handover chain and the C 2.2 headquarters).
/// </summary>
public sealed class FacilitatorReviewS54OverviewTests
{
    [Fact]
    public async Task F9_ARoadDrillAtII_SaysTheHeadquartersMayBeSetUpAsNeeded_AndThatNoneWasRecorded_WithoutTheQuote()
    {
        // 3 dead: 较大, Ⅱ (R 5.3.2(1)), activated by the deputy (5.3.2 由市指挥部指挥长或副指挥长决定启动Ⅱ级响应).
        var report = await Support.Drills.RunAsync(Support.Drills.Road("""
          - {at: "00:20", by: director, kind: decide-response, action: propose, level: II}
          - {at: "00:25", by: deputy, kind: decide-response, level: II}
        """, ""));

        var line = report.Overview.Command.Should().ContainSingle(l => l.Label.StartsWith("现场指挥部", StringComparison.Ordinal)).Subject;
        line.Should().Be(new DrillOverviewLine("现场指挥部（2.4）", "Ⅱ级可视需要成立；演练中未记录成立"));
        report.Overview.Command.Should().NotContain(l => l.Label == "现场指挥", "no row may read as if the headquarters stood");
        var markdown = DrillReportMarkdown.Render(report);
        markdown.Should().Contain("- **现场指挥部（2.4）**：Ⅱ级可视需要成立；演练中未记录成立");
        markdown.Should().NotContain("全面统筹协调道路交通安全的应急处置工作", "the plan's long quote is not repeated in the overview");
    }

    [Fact]
    public async Task F9_AConstructionDrill_TellsTheHandoverChainFromTheHeadquarters_AndSaysWhenCommandPassedToIt()
    {
        var yaml = File.ReadAllText(Path.Combine(Paths.SampleDrills, "construction-tower-crane.yaml"));
        const string Anchor = "  - at: \"02:35\"\n    by: ";
        yaml.Should().Contain(Anchor);
        yaml = yaml.Replace(Anchor, "  - {at: \"01:30\", by: duty, kind: record-clock-event, event: command-handover, takenBy: 市现场指挥部}\n" + Anchor, StringComparison.Ordinal);

        var report = await Support.Drills.RunAsync(yaml);

        var labels = report.Overview.Command.Select(l => l.Label).ToList();
        labels.Should().OnlyHaveUniqueItems().And.Contain("现场指挥").And.Contain("现场指挥部（2.2）");
        report.Overview.Command.Single(l => l.Label == "现场指挥部（2.2）").Text.Should().Be("Ⅱ级可视需要成立；+01:30已成立（现场指挥权移交市现场指挥部，4.2）");
    }
}
