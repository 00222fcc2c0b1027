using EmergencyPlans.Drills.Tests.Support;

namespace EmergencyPlans.Drills.Tests;

/// <summary>
/// Construction 4.2 "…到现场后,施工总承包单位项目主要负责人要及时报告应急处置情况,向上级指挥部移交现场指挥权": a drill records the handover as the
/// service does (record-clock-event command-handover, takenBy), and the script reader asks for the taker.
/// </summary>
public sealed class CommandHandoverDrillTests
{
    private static string TowerCrane(string action) =>
        File.ReadAllText(Path.Combine(Paths.SampleDrills, "construction-tower-crane.yaml"))
            .Replace("  - at: \"00:45\"\n    by: deputy\n    kind: decide-response", action + "  - at: \"00:45\"\n    by: deputy\n    kind: decide-response", StringComparison.Ordinal);

    [Fact]
    public async Task AHandoverInADrill_IsTakenAndShownFromWhomToWhom()
    {
        var yaml = TowerCrane("  - {at: \"00:35\", by: duty, kind: record-clock-event, event: command-handover, takenBy: 城区建设工程事故应急指挥部, text: 区住建局、消防到场}\n");
        yaml.Should().Contain("command-handover", "the action went into the script");

        var report = await Support.Drills.RunAsync(yaml);

        var action = report.Actions.Single(a => a.What.Contains("现场指挥权移交", StringComparison.Ordinal));
        action.Verdict.Should().Be("accepted", action.Detail);
        action.What.Should().Be("记录事件节点：现场指挥权移交，由施工总承包单位项目负责人移交城区建设工程事故应急指挥部（区住建局、消防到场）");
    }

    [Fact]
    public async Task ASecondHandover_PassesOnFromTheHolderBefore()
    {
        // 4.3.3(3)⑤ "当上级指挥部接管现场指挥权后": the city's on-site HQ takes over from the district's.
        var yaml = TowerCrane("  - {at: \"00:35\", by: duty, kind: record-clock-event, event: command-handover, takenBy: 城区建设工程事故应急指挥部}\n"
                              + "  - {at: \"00:40\", by: duty, kind: record-clock-event, event: command-handover, takenBy: 市指挥部现场指挥部}\n");

        var report = await Support.Drills.RunAsync(yaml);

        report.Actions.Where(a => a.What.Contains("现场指挥权移交", StringComparison.Ordinal)).Select(a => a.What).Should().Equal(
            "记录事件节点：现场指挥权移交，由施工总承包单位项目负责人移交城区建设工程事故应急指挥部",
            "记录事件节点：现场指挥权移交，由城区建设工程事故应急指挥部移交市指挥部现场指挥部");
    }

    [Fact]
    public void AHandoverWithoutATaker_IsAProblemAtItsLine()
    {
        var yaml = TowerCrane("  - {at: \"00:35\", by: duty, kind: record-clock-event, event: command-handover}\n");

        var problem = Support.Drills.Problems(yaml).Should().ContainSingle().Subject;

        problem.Message.Should().Contain("takenBy");
    }

    [Fact]
    public void ATakerOnAnotherEvent_IsAProblem()
    {
        var yaml = TowerCrane("  - {at: \"00:35\", by: duty, kind: record-clock-event, event: arrival, takenBy: 城区建设工程事故应急指挥部}\n");

        Support.Drills.Problems(yaml).Should().ContainSingle().Which.Message.Should().Contain("command-handover");
    }

    [Fact]
    public void AHandoverInARoadScript_IsAProblemAtValidation_NotOnlyWhenTheDrillRuns()
    {
        // The road plan names who commands across county lines (2.6), not a first commander on site who hands over (C 4.2): the incident
        // refuses the kind, so validation says so at its line.
        var yaml = Support.Drills.Road("  - {at: \"00:20\", by: duty, kind: record-clock-event, event: command-handover, takenBy: 泽州县道路交通安全应急指挥部}\n", "");

        Support.Drills.Problems(yaml).Should().ContainSingle().Which.Message.Should().Contain("command-handover").And.Contain("4.2");
    }
}
