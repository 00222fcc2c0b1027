using EmergencyPlans.Drills.Tests.Support;

namespace EmergencyPlans.Drills.Tests;

/// <summary>
/// An inject's figures are said in the timeline as the plan names them: a count with its unit (死亡 4人), a figure not known as 失联：不明, a fact as 是 or 否,
/// a list of counties joined with 、, in the order the script wrote them.
/// </summary>
public sealed class FiguresTextTests
{
    [Fact]
    public async Task A_figures_inject_is_said_in_the_plans_words_in_the_scripts_order()
    {
        var report = await Support.Drills.RunAsync(Support.Drills.Road("", "", injects: """
              - at: "00:20"
                kind: figures
                text: 现场核实
                figures: {injured: 12, deaths: 4, missing: null, hazmatRelease: true, disruptedCounties: [泽州县, 高平市]}
            """));

        var inject = report.Timeline.Single(t => t.Lane == "inject" && t.What.Contains("现场核实", StringComparison.Ordinal));

        // The road plan's names for its figures (失联, 危险化学品运输车辆泄漏、火灾、爆炸, 交通受影响或中断的县（市、区）).
        inject.What.Should().Be("新的灾情/伤亡数字（续报）：现场核实（受伤 12人，死亡 4人，失联：不明，危险化学品运输车辆泄漏、火灾、爆炸：是，交通受影响或中断的县（市、区）：泽州县、高平市）");
    }
}
