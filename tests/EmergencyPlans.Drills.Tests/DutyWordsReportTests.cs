using EmergencyPlans.Drills.Tests.Support;

namespace EmergencyPlans.Drills.Tests;

/// <summary>
/// The after-action report's duty table names each duty as the plan does (what is done and to whom, in the plan's words), not by its
/// code: a facilitator checks the report against the paper plan. The code and key stay in the report object for machines.
/// </summary>
public sealed class DutyWordsReportTests
{
    private const string PhoneLate = """
          - at: "00:45"
            by: duty
            kind: fulfil-duty
            duty: phone-report-to-city
        """;

    // R 5.1.1 "较大以上或暂时无法判明等级的道路交通安全突发事件,各级各部门须在事发后30分钟内向市委、市政府电话报告有关情况,1小时以内向市委、市政府书面报告简要情况".
    private const string Phone = "向市委、市政府电话报告：“较大以上或暂时无法判明等级的道路交通安全突发事件,各级各部门须在事发后30分钟内向市委、市政府电话报告有关情况”";
    private const string Written = "向市委、市政府书面报告：“1小时以内向市委、市政府书面报告简要情况”";

    private static string Section(string text, string from, string to) => text[text.IndexOf(from, StringComparison.Ordinal)..text.IndexOf(to, StringComparison.Ordinal)];

    [Fact]
    public async Task RoadDrill_DutyTable_SaysEachDutyInThePlansWords_TheCodeStaysInTheReportObject()
    {
        var report = await Support.Drills.RunAsync(Support.Drills.Road(PhoneLate, """
              - id: E1
                kind: duty-on-time
                duty: phone-report-to-city
            """));

        var phone = report.Duties.Single(d => d.Code == "phone-report-to-city");
        (phone.Key, phone.Duty, phone.VerdictText).Should().Be(("phone-report-to-city", Phone, "迟报"));
        report.Duties.Single(d => d.Code == "written-report-to-city").Duty.Should().Be(Written);

        var markdown = Section(DrillReportMarkdown.Render(report), "### （三）", "### （四）");
        markdown.Should().Contain($"| {Phone} | 各级各部门 | 市委、市政府 | 5.1.1 | 2026-03-01 08:30 | 2026-03-01 08:45 | 迟报 |")
            .And.Contain($"| {Written} | 各级各部门 | 市委、市政府 | 5.1.1 |");
        var html = DrillReportHtml.Render(report);
        var table = Section(html, "<table id=\"duties\">", "<h3>（四）");
        table.Should().Contain($"<tr class=\"late\"><td>{System.Net.WebUtility.HtmlEncode(Phone)}</td>");
        foreach (var text in new[] { markdown, table, Section(html, "<svg id=\"chart\"", "</svg>") })
        {
            text.Should().NotContain("phone-report-to-city").And.NotContain("written-report-to-city").And.NotContain("-report");
        }

        // The action, the problem and the expectation say the duty as the table does.
        report.Actions.Single().What.Should().Be($"已报送：{Phone}");
        report.Problems.Single(p => p.Category == "迟报").Problem.Should().StartWith($"{Phone}（5.1.1）时限 2026-03-01 08:30，2026-03-01 08:45 才报告");
        report.Expectations.Single().Description.Should().Be($"职责（{Phone}）按时履行");
        System.Text.Json.JsonSerializer.Serialize(report).Should().Contain("\"Key\":\"phone-report-to-city\"").And.Contain("\"Code\":\"phone-report-to-city\"");
    }

    [Fact]
    public async Task RainstormDrill_CityReliefSupplies_AreADeliveryInTheTableAndTheTimeline_NotAReport()
    {
        // 晋市政发〔2026〕1号 (十九): "确保接到调拨指令后,首批救灾物资……市级8小时运抵灾区". The sample orders the city's supplies at +06:00
        // (14:00) and has them arrive at +11:00 (19:00), inside the 8 hours.
        var report = await Support.Drills.RunAsync(await File.ReadAllTextAsync(Path.Combine(Paths.SampleDrills, "natural-disaster-rainstorm.yaml")));

        const string supplies = "调拨物资运抵灾区：“确保接到调拨指令后,首批救灾物资……市级8小时运抵灾区”";
        var duty = report.Duties.Single(d => d.Code == "relief-supplies-city");
        (duty.Duty, duty.Verdict).Should().Be((supplies, "on-time"));
        report.Timeline.Where(t => t.Lane == "engine" && t.What.StartsWith(supplies, StringComparison.Ordinal)).Select(t => t.What)
            .Should().Equal($"{supplies}，2026-07-20 22:00前");
        report.Expectations.Single(e => e.Id == "E4").Evidence.Should().Be("时限 2026-07-20 22:00，2026-07-20 19:00 运抵，按时");
        DrillReportMarkdown.Render(report).Should().Contain($"| {supplies} | 市级（救灾物资调拨方） | 灾区 |");
        report.Actions.Single(a => a.Kind == "fulfil-duty" && a.Offset == "+11:00").What.Should().Be($"已运抵：{supplies}（市级救灾物资运抵阳城县、沁水县安置点）");
    }
}
