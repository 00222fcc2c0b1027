using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using EmergencyPlans.Drills.Tests.Support;

namespace EmergencyPlans.Drills.Tests;

/// <summary>
/// Seeded random drills on each sample's incident: 40 steps of rising and falling figures, hazmat, a county cut off, fog, requests to verify or dispatch orders,
/// occurrence-time corrections, decisions by any participant, terminations, duties met at random, reports and clock events. Every
/// run gives a report (never an internal error), each duty's verdict agrees with its times, and a second run gives the same report. They found an occurrence correction
/// stopping on an incident whose duty index was built with a code's duties all met (KeyNotFoundException: a 500 over REST).
/// The checks are read from the report, not from the plans' tables: whatever the rules say, a duty met by its due time is on time.
/// </summary>
public sealed partial class RandomDrillTests
{
    private static readonly string[] Samples = [.. Directory.GetFiles(Paths.SampleDrills, "*.yaml").Order(StringComparer.Ordinal)];
    private static readonly string[] Levels = ["I", "II", "III", "IV"];
    private static readonly string[] Deciders = ["duty", "director", "deputy", "commander"];
    private static readonly string[] Decisions = ["activate", "adjust", "propose"];
    private static readonly string[] WarningActions = ["propose", "issue", "adjust", "lift", "reject"];
    private static readonly string[] Colours = ["yellow", "orange", "red"];
    private static readonly string[] Counties = ["城区", "泽州县", "高平市", "阳城县", "陵川县", "沁水县"];
    private static readonly string[] NaturalEvents = ["reconstruction-finished", "situation-stable"];
    private static readonly string[] OtherEvents = ["handling-finished", "special-circumstances-set", "special-circumstances-cleared", "arrival"];

    /// <summary>Each plan's duty codes, as a participant might name any of them at any moment (the engine judges each).</summary>
    private static readonly Dictionary<string, string[]> Codes = Directory.GetFiles(Paths.Plans, "*.json")
        .Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement)
        .Where(r => r.TryGetProperty("obligations", out _))
        .ToDictionary(r => r.GetProperty("id").GetString()!,
            r => r.GetProperty("obligations").EnumerateArray().Select(o => o.GetProperty("code").GetString()!).Where(c => c != "drill").Distinct().ToArray());

    public static TheoryData<int> Blocks() => [.. Enumerable.Range(0, 6)];

    [Theory]
    [MemberData(nameof(Blocks))]
    public async Task RandomDrills_RunToAReport_AndEachDutysVerdictAgreesWithItsTimes(int block)
    {
        var problems = new List<string>();
        for (var seed = block * 50 + 1; seed <= block * 50 + 50; seed++)
        {
            var yaml = Script(seed);
            DrillReport report;
            try
            {
                report = await Support.Drills.RunAsync(yaml);
            }
            catch (DrillScriptException e)
            {
                problems.Add($"seed {seed}: the generated script is invalid: {e.Problems[0]}");
                continue;
            }
#pragma warning disable CA1031 // Any other failure is what this test looks for: listed with its seed.
            catch (Exception e)
#pragma warning restore CA1031
            {
                problems.Add($"seed {seed}: {e.GetType().Name}: {e.Message}");
                continue;
            }

            problems.AddRange(report.Duties.GroupBy(d => d.Key).Where(g => g.Count() > 1).Select(g => $"seed {seed}: {g.Key} listed twice"));
            foreach (var d in report.Duties)
            {
                var wrong = d.Verdict switch
                {
                    _ when d.MetMinute < d.RaisedMinute => "met before it was raised",
                    "on-time" when d.MetMinute is null || d.MetMinute > d.DueMinute => "on time but met after its due time",
                    "late" when d.MetMinute is null || d.MetMinute < d.DueMinute => "late but met before its due time",
                    "missed" when d.MetMinute is not null || d.DueMinute is null => "missed but met, or without a due time",
                    "not-yet-due" when d.MetMinute is not null => "not yet due but met",
                    "unmet" when d.MetMinute is not null || d.DueMinute is not null => "never done at the close but met, or with a due time",
                    _ => null,
                };
                if (wrong is not null)
                {
                    problems.Add($"seed {seed}: {d.Key} {wrong} (raised {d.RaisedMinute}, due {d.DueMinute}, met {d.MetMinute})");
                }
            }

            problems.AddRange(report.Actions.Where(a => a.Verdict is not ("accepted" or "refused" or "unauthorised")).Select(a => $"seed {seed}: line {a.Line}: {a.Verdict}"));

            // Two runs of one script give byte-identical reports (issue 9), whatever the participants did.
            if (seed % 10 == 0)
            {
                var again = await Support.Drills.RunAsync(yaml);
                if (DrillReportHtml.Render(again) != DrillReportHtml.Render(report) || DrillReportMarkdown.Render(again) != DrillReportMarkdown.Render(report))
                {
                    problems.Add($"seed {seed}: two runs gave different reports");
                }
            }
        }

        problems.Should().BeEmpty();
    }

    private static string T(int minutes) => string.Create(CultureInfo.InvariantCulture, $"\"{minutes / 60:00}:{minutes % 60:00}\"");

    private static string Script(int seed)
    {
        var r = new Random(seed);
        var text = File.ReadAllText(Samples[seed % Samples.Length]);
        var header = text[..text.IndexOf("\nobjectives:", StringComparison.Ordinal)];
        var plan = Plan().Match(header).Groups[1].Value;
        if (!header.Contains("role: commander", StringComparison.Ordinal))
        {
            header = header.Replace("\nincident:", "\n  - id: commander\n    name: 指挥长\n    role: commander\nincident:", StringComparison.Ordinal);
        }

        var reported = ReportedAt().Match(header);
        var t = int.Parse(reported.Groups[1].Value, CultureInfo.InvariantCulture) * 60 + int.Parse(reported.Groups[2].Value, CultureInfo.InvariantCulture);
        var injects = new StringBuilder();
        var actions = new StringBuilder();
        int deaths = r.Next(0, 4), serious = r.Next(0, 6), relocated = r.Next(0, 3000);
        var codes = Codes[plan];
        for (var i = 0; i < 40; i++)
        {
            t += r.Next(0, 180);
            var at = T(t);
            switch (r.Next(16))
            {
                case 13 when plan == "road-traffic":
                    injects.Append($"  - {{at: {at}, kind: county-disrupted, county: {Counties[r.Next(Counties.Length)]}, text: 交通中断}}\n");
                    break;
                case 14 when plan == "road-traffic":
                    injects.Append($"  - {{at: {at}, kind: hazmat, figures: {{deaths: {deaths}}}, text: 槽罐车泄漏}}\n");
                    break;
                case 15 when plan == "road-traffic":
                    injects.Append($"  - {{at: {at}, kind: weather, text: 团雾, conditions: {{visibilityMetres: {r.Next(5, 200)}, townshipsAffected: {r.Next(0, 8)}}}}}\n");
                    break;
                case 0 or 1:
                    deaths = Math.Max(0, deaths + r.Next(-2, 15));
                    serious = Math.Max(0, serious + r.Next(-2, 20));
                    relocated = Math.Max(0, relocated + r.Next(-2000, 60000));
                    var figures = plan == "natural-disaster"
                        ? $"{{deaths: {deaths}, missing: {r.Next(0, 3)}, relocated: {relocated}, collapsedRooms: {relocated / 10}}}"
                        : $"{{deaths: {deaths}, seriousInjuries: {serious}, missing: {r.Next(0, 3)}}}";
                    injects.Append($"  - {{at: {at}, kind: figures, figures: {figures}}}\n");
                    break;
                case 2:
                    injects.Append(plan == "natural-disaster"
                        ? $"  - {{at: {at}, kind: dispatch-order, orderedBy: {(r.Next(2) == 0 ? "city" : "county")}}}\n"
                        : $"  - {{at: {at}, kind: city-request, text: 核实}}\n");
                    break;
                case 3:
                    injects.Append($"  - {{at: {at}, kind: occurrence-time, occurredAt: {T(r.Next(0, 10))}}}\n");
                    break;
                case 4:
                    var level = Levels[r.Next(plan == "natural-disaster" ? 4 : 3)];
                    actions.Append($"  - {{at: {at}, by: {Deciders[r.Next(4)]}, kind: decide-response, action: {Decisions[r.Next(3)]}, level: {level}, reason: 研判}}\n");
                    break;
                case 5:
                    actions.Append($"  - {{at: {at}, by: {Deciders[1 + r.Next(3)]}, kind: terminate-response, reason: 结束, conditionsConfirmed: true}}\n");
                    break;
                case 6 or 7 or 8:
                    actions.Append($"  - {{at: {at}, by: duty, kind: fulfil-duty, duty: {codes[r.Next(codes.Length)]}}}\n");
                    break;
                case 9:
                    actions.Append($"  - {{at: {at}, by: duty, kind: file-report, report: {(r.Next(5) == 0 ? "final" : "continuation")}, figures: {{deaths: {deaths}}}}}\n");
                    break;
                case 10:
                    var events = plan == "natural-disaster" ? NaturalEvents : OtherEvents;
                    actions.Append($"  - {{at: {at}, by: director, kind: record-clock-event, event: {events[r.Next(events.Length)]}}}\n");
                    break;
                case 11 when plan == "road-traffic":
                    var action = WarningActions[r.Next(5)];
                    var colour = action is "propose" or "adjust" ? $", colour: {Colours[r.Next(3)]}" : "";
                    var approval = action is "issue" or "adjust" ? ", provinceApproval: 省指挥部" : "";
                    actions.Append($"  - {{at: {at}, by: {Deciders[1 + r.Next(3)]}, kind: change-warning, action: {action}{colour}{approval}, reason: 团雾}}\n");
                    break;
                default:
                    injects.Append($"  - {{at: {at}, kind: message, text: 现场消息}}\n");
                    break;
            }
        }

        return End().Replace(header, "\nend: " + T(t + r.Next(0, 600))) + "\ninjects:\n" + injects + "actions:\n" + actions;
    }

    [GeneratedRegex("\nplan: ([a-z-]+)")]
    private static partial Regex Plan();

    [GeneratedRegex("reportedAt: \"([0-9]{2}):([0-9]{2})\"")]
    private static partial Regex ReportedAt();

    [GeneratedRegex("\nend: .*")]
    private static partial Regex End();
}
