using EmergencyPlans.Drills.Tests.Support;

namespace EmergencyPlans.Drills.Tests;

/// <summary>
/// 演练概况 says who commanded: on site (C 4.2 "施工总承包单位项目负责人为现场抢险救援指挥的第一负责人……向上级指挥部移交现场指挥权"), across county
/// lines (R 2.6), the on-site headquarters (R 2.4) and a plan that leads instead (R 1.4). The timeline told each handover alone and the
/// first commander nowhere (facilitator's review D8); the road lines were on the CLI's card and in the JSON, not in the report.
/// </summary>
public sealed class OverviewCommandTests
{
    /// <summary>The sample construction drill with <paramref name="actions"/> put before its action at <paramref name="before"/> (actions are in time order).</summary>
    private static string TowerCrane(string actions, string before = "00:45") =>
        Insert(File.ReadAllText(Path.Combine(Paths.SampleDrills, "construction-tower-crane.yaml")), actions, before);

    private static string Insert(string yaml, string actions, string before)
    {
        var anchor = $"  - at: \"{before}\"\n    by: ";
        yaml.Should().Contain(anchor);
        return yaml.Replace(anchor, actions + anchor, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheChainOnSite_RunsFromThePlansFirstCommander_ThroughEachHandover_WithItsTime()
    {
        var yaml = TowerCrane("  - {at: \"00:35\", by: duty, kind: record-clock-event, event: command-handover, takenBy: 城区建设工程事故应急指挥部}\n");
        var report = await Support.Drills.RunAsync(Insert(yaml, "  - {at: \"01:30\", by: duty, kind: record-clock-event, event: command-handover, takenBy: 市现场指挥部}\n", "02:35"));

        report.Overview.Command.Should().ContainSingle(l => l.Label == "现场指挥").Which.Text.Should().Be(
            "施工总承包单位项目负责人（先期处置） → 城区建设工程事故应急指挥部（+00:35） → 市现场指挥部（+01:30）（4.2）");
        report.Overview.Command.Should().NotContain(l => l.Label.StartsWith("现场指挥（先期处置）", StringComparison.Ordinal),
            "the first commander is the chain's first link, not a second line");

        var markdown = DrillReportMarkdown.Render(report);
        markdown.Should().Contain("- **现场指挥**：施工总承包单位项目负责人（先期处置） → 城区建设工程事故应急指挥部（+00:35） → 市现场指挥部（+01:30）（4.2）");
        DrillReportHtml.Render(report).Should().Contain("现场指挥").And.Contain("城区建设工程事故应急指挥部（+00:35） → 市现场指挥部（+01:30）");
    }

    [Fact]
    public async Task WithoutAHandover_TheOverviewSaysNoneWasRecorded()
    {
        var report = await Support.Drills.RunAsync(TowerCrane(""));

        // The sample's Ⅱ (held at the end) is a level at which C 2.2's on-site headquarters may be set up (4.3.2(3)① 赶赴现场或成立现场指挥部):
        // a row of its own, labelled apart from the handover chain (s54 F9), saying that none was recorded.
        report.Overview.Command.Should().Equal(
            new DrillOverviewLine("现场指挥", "施工总承包单位项目负责人（先期处置），未记录现场指挥权移交（4.2）"),
            new DrillOverviewLine("现场指挥部（2.2）", "Ⅱ级可视需要成立；演练中未记录成立"));
    }

    [Fact]
    public async Task AHandoverAfterTheResponseEnded_IsMarkedSo()
    {
        // The sample ends its response at +02:45; 4.2 hands command to the superior headquarters while it responds.
        var report = await Support.Drills.RunAsync(TowerCrane("  - {at: \"02:50\", by: duty, kind: record-clock-event, event: command-handover, takenBy: 市现场指挥部}\n", "02:55"));

        report.Overview.Command.Single(l => l.Label == "现场指挥").Text.Should().Contain("市现场指挥部（+02:50，响应终止后）");
    }

    [Fact]
    public async Task ARoadDrillOnAnExpressway_SaysTheExpresswayPlanLeads_AndAsksOfTheOilAndGasOne()
    {
        // R 1.4 "高速公路上发生以上情形的按照《晋城市境内高速公路交通安全属地救援应急预案》执行；石油、天然气、煤层气公路运输事故……按照
        // 《晋城市石油（天然气）煤层气公路运输事故应急预案》执行，本预案作为配合预案执行". 3 dead: 较大, Ⅱ (5.3.2(1)), whose measures set up the
        // on-site headquarters (2.4, 5.3.2 响应措施(1)).
        var report = await Support.Drills.RunAsync(Support.Drills.Road("", "", injects: "  - {at: \"00:20\", kind: figures, text: 事发于G5京昆高速, figures: {onExpressway: true}}\n"));

        report.Overview.Command.Select(l => l.Label).Should().Equal("现场指挥部（2.4）", "主导预案", "是否石油、天然气、煤层气公路运输事故");
        report.Overview.Command[1].Text.Should().Be("按《晋城市境内高速公路交通安全属地救援应急预案》执行，本预案作为配合预案执行（发生在高速公路上；1.4）");
        // R 2.4 "市指挥部根据应急工作需要可临时成立": said as what the plan allows, not as a fact, and without its 130-character quote (s54 F9).
        report.Overview.Command[0].Text.Should().Be("Ⅱ级（按预案条件）可视需要成立；演练中未记录成立");
        DrillReportMarkdown.Render(report).Should().Contain("- **主导预案**：按《晋城市境内高速公路交通安全属地救援应急预案》执行");
    }

    [Fact]
    public async Task ARoadDrillOffTheExpressway_ListsNoLeadingPlanForIt()
    {
        var report = await Support.Drills.RunAsync(Support.Drills.Road("", "", injects: "  - {at: \"00:20\", kind: figures, figures: {onExpressway: false, oilGasCbmTransport: false}}\n"));

        report.Overview.Command.Should().NotContain(l => l.Label == "主导预案" || l.Label.StartsWith("是否", StringComparison.Ordinal));
    }
}
