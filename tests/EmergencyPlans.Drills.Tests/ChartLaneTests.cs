using System.Net;
using System.Text.RegularExpressions;
using EmergencyPlans.Drills.Tests.Support;

namespace EmergencyPlans.Drills.Tests;

/// <summary>
/// The chart's duty lanes as a drill facilitator's review (D12) found them: every lane of a party outside the city command drawn with the
/// grey dashes of a duty still owed up to the close, and later instances of one duty (a second request to verify) named alike in the
/// lanes and the duty table. (The met period drawn owed past the close: HtmlReportBrowserTests.)
/// </summary>
public sealed partial class ChartLaneTests
{
    [Fact]
    public async Task ALaneOfAPartyOutsideTheCityCommand_HasNoDashesOfAnOwedDuty()
    {
        // C 4.1(一) "事发单位应立即报告属地县(市、区)住房和城乡建设部门…": the unit's duty, listed 非演练角色职责（不计入评估）, not the participants'.
        var report = await Support.Drills.RunAsync(File.ReadAllText(Path.Combine(Paths.SampleDrills, "construction-tower-crane.yaml")));
        var outside = report.Duties.Where(d => d.OutsideCommand && d.DueMinute is null && d.MetMinute is null).ToList();
        outside.Should().NotBeEmpty("the sample has duties of the unit where the accident happened");
        var owed = report.Duties.Where(d => !d.OutsideCommand && d.DueMinute is null && d.MetMinute is null && d.Verdict == "unmet").ToList();

        var html = DrillReportHtml.Render(report);

        var dashed = DutyWait().Matches(html).Select(m => m.Groups[1].Value).ToHashSet();
        foreach (var d in outside)
        {
            dashed.Should().NotContain(LaneOf(html, d), $"{d.Duty} is not the participants' to do");
        }

        // The participants' own untimed duties never done still wait, dashed, to the close.
        foreach (var d in owed)
        {
            dashed.Should().Contain(LaneOf(html, d), d.Duty);
        }
    }

    [Fact]
    public async Task ASecondRequestToVerify_IsNumbered_InTheDutyTableAndItsLane()
    {
        // R 5.1.1 "对市委、市政府要求核实的情况,原则上电话反馈时间不得超过30分钟": one duty per request; the second read as the first.
        var report = await Support.Drills.RunAsync(Support.Drills.Road("""
              - {at: "00:40", by: duty, kind: fulfil-duty, duty: verify-on-request}
              - {at: "01:10", by: duty, kind: fulfil-duty, duty: verify-on-request#2}
            """, "", injects: """
              - {at: "00:30", kind: city-request, text: 市政府要求核实伤亡人数}
              - {at: "01:00", kind: city-request, text: 市委要求核实救援进展}
            """));

        var verifications = report.Duties.Where(d => d.Code == "verify-on-request").ToList();
        verifications.Select(d => d.Key).Should().Equal("verify-on-request", "verify-on-request#2");
        verifications[1].Duty.Should().StartWith(verifications[0].Duty[..verifications[0].Duty.IndexOf('：', StringComparison.Ordinal)] + "（第2次）：")
            .And.EndWith(verifications[0].Duty[verifications[0].Duty.IndexOf('：', StringComparison.Ordinal)..]);
        verifications[0].Duty.Should().NotContain("第1次", "a first instance needs no number");
        DrillReportMarkdown.Render(report).Should().Contain("| " + verifications[1].Duty + " |");
        DrillReportHtml.Render(report).Should().Contain(WebUtility.HtmlEncode(verifications[1].Duty));
    }

    /// <summary>The y of the lane of <paramref name="d"/>: its raised mark's centre, found by the mark's title.</summary>
    private static string LaneOf(string html, DrillDutyResult d)
    {
        var title = html.IndexOf("<title>" + WebUtility.HtmlEncode($"{d.Duty} 起算"), StringComparison.Ordinal);
        title.Should().BePositive(d.Duty);
        var mark = html[html.LastIndexOf("class=\"duty-start\"", title, StringComparison.Ordinal)..title];
        return Regex.Match(mark, "c?y=\"([0-9.]+)\"").Groups[1].Value;
    }

    [GeneratedRegex("<line class=\"duty-wait\" x1=\"[0-9.]+\" y1=\"([0-9.]+)\"")]
    private static partial Regex DutyWait();
}
