using System.Text.RegularExpressions;
using EmergencyPlans.Drills.Tests.Support;

namespace EmergencyPlans.Drills.Tests;

/// <summary>The HTML report opened in a real headless browser (Debian's chromium): what it shows, and that it prints on A4.</summary>
public sealed partial class HtmlReportBrowserTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("drill-html-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string[] Chromium(params string[] args) => ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage", .. args];

    private async Task<(DrillReport Report, string File)> WriteAsync(string yaml)
    {
        var report = await Support.Drills.RunAsync(yaml);
        var file = System.IO.Path.Combine(_dir, "report.html");
        await File.WriteAllTextAsync(file, DrillReportHtml.Render(report));
        return (report, file);
    }

    [ChromiumFact]
    public async Task HtmlReport_OpenedInChromium_ShowsTheVerdictTheTablesAndTheTimelineChart()
    {
        var (report, file) = await WriteAsync(await File.ReadAllTextAsync(System.IO.Path.Combine(Paths.SampleDrills, "road-hazmat-fog.yaml")));

        var (exit, dom, err) = await Processes.RunAsync(ChromiumFactAttribute.Path ?? "chromium", Chromium("--dump-dom", new Uri(file).AbsoluteUri), _dir);

        exit.Should().Be(0, err);
        dom.Should().Contain("<html lang=\"zh-CN\">");
        Regex.Match(dom, "<p id=\"verdict\"[^>]*>([^<]*)</p>").Groups[1].Value.Should().Be("总体结论：通过");
        foreach (var heading in new[] { "一、演练概况", "二、演练过程", "三、评估", "四、问题与纠正措施" })
        {
            dom.Should().Contain($">{heading}</h2>");
        }

        Rows(dom, "expectations").Should().Be(report.Expectations.Count);
        Rows(dom, "duties").Should().Be(report.Duties.Count);
        Rows(dom, "actions").Should().Be(report.Actions.Count);
        Rows(dom, "problem-table").Should().Be(report.Problems.Count).And.BeGreaterThan(0);
        dom.Should().Contain("越权（未执行）");
        var chart = Regex.Match(dom, "<svg id=\"chart\".*?</svg>", RegexOptions.Singleline).Value;
        chart.Should().NotBeEmpty();
        Regex.Count(chart, "<circle class=\"inject\"").Should().Be(report.Overview.Injects + 1, "the first report, then each inject");
        Regex.Count(chart, "<rect class=\"action ").Should().Be(report.Actions.Count);
        Regex.Count(chart, "<rect class=\"action unauthorised\"").Should().Be(1);
    }

    [ChromiumFact]
    public async Task HtmlReport_FailedDrill_ShowsTheFailureInRed()
    {
        var (_, file) = await WriteAsync(Support.Drills.Road("", """
              - id: E1
                kind: duty-on-time
                duty: phone-report-to-city
            """));

        var (exit, dom, err) = await Processes.RunAsync(ChromiumFactAttribute.Path ?? "chromium", Chromium("--dump-dom", new Uri(file).AbsoluteUri), _dir);

        exit.Should().Be(0, err);
        Regex.Match(dom, "<p id=\"verdict\" class=\"verdict ([a-z]+)\">([^<]*)</p>").Groups.Values.Skip(1).Select(g => g.Value)
            .Should().Equal("fail", "总体结论：未通过");
        dom.Should().Contain("<tr class=\"fail\"><td>E1</td>");
        dom.Should().Contain("✕ 未报");
    }

    [ChromiumFact]
    public async Task HtmlReport_PrintedByChromium_IsLaidOutOnA4Pages()
    {
        var (_, file) = await WriteAsync(await File.ReadAllTextAsync(System.IO.Path.Combine(Paths.SampleDrills, "natural-disaster-rainstorm.yaml")));
        var pdf = System.IO.Path.Combine(_dir, "report.pdf");

        var (exit, _, err) = await Processes.RunAsync(ChromiumFactAttribute.Path ?? "chromium",
            Chromium("--no-pdf-header-footer", $"--print-to-pdf={pdf}", new Uri(file).AbsoluteUri), _dir);

        exit.Should().Be(0, err);
        var boxes = MediaBox().Matches(await File.ReadAllTextAsync(pdf, System.Text.Encoding.Latin1));
        boxes.Should().NotBeEmpty();
        foreach (Match box in boxes)
        {
            // A4 is 210 × 297 mm = 595.3 × 841.9 pt.
            double.Parse(box.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture).Should().BeApproximately(595.3, 1);
            double.Parse(box.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture).Should().BeApproximately(841.9, 1);
        }
    }

    [Fact]
    public async Task HtmlReport_NeedsNoNetwork_NoScriptNoExternalResource()
    {
        var report = await Support.Drills.RunAsync(await File.ReadAllTextAsync(System.IO.Path.Combine(Paths.SampleDrills, "construction-tower-crane.yaml")));

        var html = DrillReportHtml.Render(report);

        html.Should().NotContainAny("<script", "<link", "src=", "href=", "@import", "url(");
        Regex.Matches(html, "https?://[^\"]+").Select(m => m.Value).Distinct().Should().Equal(["http://www.w3.org/2000/svg"], "the SVG namespace is a name, never fetched");
        html.Should().Contain("@media print").And.Contain("size: A4");
    }

    private static int Rows(string dom, string tableId) =>
        Regex.Count(Regex.Match(dom, $"<table id=\"{tableId}\">.*?</table>", RegexOptions.Singleline).Value, "<tr[ >]") - 1;

    [GeneratedRegex(@"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]")]
    private static partial Regex MediaBox();
}
