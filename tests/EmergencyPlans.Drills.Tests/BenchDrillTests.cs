using EmergencyPlans.Cli.Commands;
using EmergencyPlans.Drills.Tests.Support;

namespace EmergencyPlans.Drills.Tests;

/// <summary>The drill the speed benchmark replays does the work it claims to: a benchmark of a drill that did nothing would measure nothing.</summary>
public sealed class BenchDrillTests
{
    [Fact]
    public async Task GeneratedBenchDrill_3000Injects_RaisesAndMeetsEveryRequestToVerifyAndReassessesEveryFiguresReport()
    {
        var yaml = BenchCommands.Generate(3000);
        var script = Support.Drills.Runner.Read(yaml, "bench.yaml");

        var report = await Support.Drills.Runner.RunAsync(script, yaml);

        script.Steps.Count(s => s.Source == DrillStepSource.Inject).Should().Be(3000);
        // Construction 4.1(二): each request of the city starts a 30-minute verification; the duty officer answers each a minute later.
        report.Duties.Where(d => d.Code == "verify-on-request").Should().HaveCount(1000).And.OnlyContain(d => d.Verdict == "on-time");
        // Every figures inject is taken as the control cell's news (none refused); its casualty changes start the immediate 续报,
        // which the duty officer's 续报 half a minute later meets: an inject meets no duty itself.
        report.Timeline.Count(t => t.Lane == "inject" && t.Outcome == "已记录（导调组通报，不计为续报）").Should().Be(1000);
        report.Duties.Where(d => d.Code == "continuation-on-casualty-change").Should().NotBeEmpty().And.OnlyContain(d => d.Verdict == "met-untimed", "立即续报 has no time in the plan to be on");
        report.Actions.Should().HaveCount(2000).And.OnlyContain(a => a.Verdict == "accepted");
    }

    [Fact]
    public async Task GeneratedBenchDrill_ActionsSaidWordForWordAlike_KeepOneText()
    {
        var yaml = BenchCommands.Generate(300);

        var report = await Support.Drills.Runner.RunAsync(Support.Drills.Runner.Read(yaml, "bench.yaml"), yaml);

        // Each request of the city is verified and reported the same way (已报送：向市委、市政府报告：“…”): one text for all of them, kept by
        // the action rows and the timeline alike, as a million-inject drill must not keep one copy an action.
        var verified = report.Actions.Where(a => a.Kind == "fulfil-duty").Select(a => a.What).ToList();
        verified.Should().HaveCount(100).And.OnlyContain(w => w.StartsWith("已报送：", StringComparison.Ordinal));
        verified.Distinct(ReferenceEqualityComparer.Instance).Should().ContainSingle();
        report.Timeline.Where(t => t.Lane == "action" && t.What == verified[0]).Should().HaveCount(100)
            .And.OnlyContain(t => ReferenceEquals(t.What, verified[0]));
    }
}
