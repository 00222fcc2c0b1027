using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using EmergencyPlans.Drills.Tests.Support;

namespace EmergencyPlans.Drills.Tests;

/// <summary>
/// From a tabletop facilitator's second review (session 54), F12: printed on A4 (680 px of text width, print media), the 时刻 column broke
/// <c>+00:20</c> across lines (<c>+00:</c> / <c>20</c>), and the 时间 column wrapped the full date on every row, though 演练时间 already says it.
/// </summary>
public sealed partial class FacilitatorReviewS54PrintTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("drill-print-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task F12_TheTables_SayTheClockTimeWithoutTheDate_OnTheDrillsFirstDay_AndTheMonthAndDayAfterIt()
    {
        // The rainstorm sample starts 2026-07-20 08:00 and runs 32 hours, into the next day.
        var report = await Support.Drills.RunAsync(File.ReadAllText(Path.Combine(Paths.SampleDrills, "natural-disaster-rainstorm.yaml")));
        var html = DrillReportHtml.Render(report);

        var first = report.Timeline.First(t => t.At.StartsWith("2026-07-20 ", StringComparison.Ordinal));
        var next = report.Timeline.First(t => t.At.StartsWith("2026-07-21 ", StringComparison.Ordinal));
        html.Should().Contain($"<td class=\"offset\">{first.Offset}</td><td class=\"clock\">{first.At[11..]}</td>");
        html.Should().Contain($"<td class=\"offset\">{WebUtility.HtmlEncode(next.Offset)}</td><td class=\"clock\">07-21 {next.At[11..]}</td>");
        var table = html[html.IndexOf("<table id=\"timeline-table\">", StringComparison.Ordinal)..html.IndexOf("<h2 id=\"evaluation\">", StringComparison.Ordinal)];
        table.Should().NotContain("<td class=\"clock\">2026-", "the page says the year and the first day once, in 演练时间");
        html.Should().Contain("<dd>2026-07-20 08:00 至 2026-07-21 16:00（历时 32:00）</dd>", "the date the tables leave out is on the page");

        var duties = html[html.IndexOf("<table id=\"duties\">", StringComparison.Ordinal)..html.IndexOf("<h3>（四）", StringComparison.Ordinal)];
        duties.Should().NotContain(">2026-07-20 ").And.Contain("<td class=\"clock\">07-21 ");
        DrillReportMarkdown.Render(report).Should().Contain("| " + first.At + " |", "the Markdown, not printed on A4, keeps the full time");
    }

    [Fact]
    public void F12_AClockTime_DropsOnlyWhatThePageAlreadySays()
    {
        DrillReportHtml.Clock("2026-12-03 05:48", "2026-12-03").Should().Be("05:48");
        DrillReportHtml.Clock("2026-12-04 05:48:30", "2026-12-03").Should().Be("12-04 05:48:30");
        DrillReportHtml.Clock("2027-01-01 00:10", "2026-12-31").Should().Be("2027-01-01 00:10");
    }

    [ChromiumFact]
    public async Task F12_PrintedOnA4_NoTimeBreaksAcrossLines_NorOverflowsItsCell()
    {
        var yaml = File.ReadAllText(Path.Combine(Paths.SampleDrills, "road-hazmat-fog.yaml"));
        var report = await Support.Drills.RunAsync(yaml);
        var file = Path.Combine(_dir, "report.html");
        await File.WriteAllTextAsync(file, DrillReportHtml.Render(report));

        // The print rules applied at A4's printable width: 210 mm less 2 × 15 mm margins = 180 mm = 680 CSS px.
        var seen = await ProbeAsync(file, """
            for (const sheet of document.styleSheets) for (const rule of [...sheet.cssRules]) if (rule.media && rule.media.mediaText === 'print') rule.media.mediaText = 'all';
            const out = { viewport: innerWidth, cells: 0, broken: [], overflowing: [] };
            for (const td of document.querySelectorAll('#timeline-table td:nth-child(-n+2), #actions td:nth-child(1), #duties td:nth-child(5), #duties td:nth-child(6)')) {
              out.cells++;
              // Each of +HH:MM, HH:MM and a date (12-04) on one line; a date and its time may go on two (at their space).
              const node = td.firstChild;
              let at = 0;
              for (const token of td.textContent.split(' ')) {
                const part = document.createRange(); part.setStart(node, at); part.setEnd(node, at + token.length); at += token.length + 1;
                if (new Set([...part.getClientRects()].map(r => Math.round(r.top))).size > 1) out.broken.push(td.textContent);
              }
              const range = document.createRange(); range.selectNodeContents(td);
              const text = range.getBoundingClientRect(), cell = td.getBoundingClientRect();
              if (text.right > cell.right + 0.5) out.overflowing.push(td.textContent);
            }
            return out;
            """);

        seen.GetProperty("viewport").GetInt32().Should().BeInRange(670, 690);
        seen.GetProperty("cells").GetInt32().Should().BeGreaterThan(50);
        Strings(seen, "broken").Should().BeEmpty("+HH:MM and HH:MM stay on one line");
        Strings(seen, "overflowing").Should().BeEmpty("and stay within their column");
    }

    private async Task<JsonElement> ProbeAsync(string file, string probe)
    {
        var copy = Path.Combine(_dir, "probe.html");
        var script = "<script>\n(() => { let out; try { out = (() => {\n" + probe + "\n})(); } catch (e) { out = { error: String(e) }; }\n"
            + "const pre = document.createElement('pre'); pre.id = 'probe'; pre.textContent = JSON.stringify(out); document.body.appendChild(pre); })();\n</script>\n";
        await File.WriteAllTextAsync(copy, (await File.ReadAllTextAsync(file)).Replace("</body>", script + "</body>", StringComparison.Ordinal));

        var (exit, dom, err) = await Processes.RunAsync(ChromiumFactAttribute.Path ?? "chromium",
            ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=680,2000", "--dump-dom",
                new Uri(copy).AbsoluteUri], _dir);

        exit.Should().Be(0, err);
        var json = ProbeOutput().Match(dom);
        json.Success.Should().BeTrue(dom.Length > 2000 ? dom[^2000..] : dom);
        var answer = JsonDocument.Parse(WebUtility.HtmlDecode(json.Groups[1].Value)).RootElement.Clone();
        (answer.TryGetProperty("error", out var error) ? error.GetString() : null).Should().BeNull();
        return answer;
    }

    private static string[] Strings(JsonElement e, string name) => [.. e.GetProperty(name).EnumerateArray().Select(x => x.GetString()!)];

    [GeneratedRegex("<pre id=\"probe\">(.*?)</pre>", RegexOptions.Singleline)]
    private static partial Regex ProbeOutput();
}
