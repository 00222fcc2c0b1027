using System.Globalization;
using EmergencyPlans.Drills.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace EmergencyPlans.Drills.Tests;

/// <summary>
/// A facilitator's script may hold any mistake a participant could make: an action moved, given to someone else, dropped, repeated,
/// or one the plan refuses. The runner answers with the script's problems or a report that records what was refused, never an
/// internal error. Seeded mutations of the sample drills (each seed the same script every run); they found a response adjusted to
/// its own level and a warning adjusted to its own colour stopping the run (exit 70).
/// </summary>
public sealed class DrillRobustnessTests
{
    private static readonly string[] Samples = [.. Directory.GetFiles(Paths.SampleDrills, "*.yaml").Order(StringComparer.Ordinal)];

    /// <summary>Actions a participant might take at any moment, whatever the plan: the engine judges each.</summary>
    private static readonly string[] Templates =
    [
        "{kind: decide-response, level: I, reason: 研判}", "{kind: decide-response, level: II, reason: 研判}",
        "{kind: decide-response, level: III, reason: 研判}", "{kind: decide-response, level: IV, reason: 研判}",
        "{kind: decide-response, level: II, action: adjust, reason: 调整}", "{kind: decide-response, level: III, action: adjust, reason: 调整}",
        "{kind: decide-response, level: II, action: propose, reason: 建议}", "{kind: decide-response, action: decline, reason: 不同意}",
        "{kind: terminate-response, reason: 处置结束, conditionsConfirmed: true}", "{kind: terminate-response, reason: 处置结束}",
        "{kind: change-warning, action: propose, colour: yellow, reason: 团雾}", "{kind: change-warning, action: issue, warning: 1, reason: 同意}",
        "{kind: change-warning, action: adjust, warning: 1, colour: orange, reason: 加重}", "{kind: change-warning, action: adjust, warning: 1, colour: yellow, reason: 维持}",
        "{kind: change-warning, action: lift, warning: 1, reason: 解除}", "{kind: change-warning, action: reject, warning: 2, reason: 不同意}",
        "{kind: record-clock-event, event: handling-finished, text: 处置结束}", "{kind: record-clock-event, event: special-circumstances-set, text: 断网}",
        "{kind: record-clock-event, event: special-circumstances-cleared, text: 恢复}", "{kind: record-clock-event, event: arrival, text: 到达现场}",
        "{kind: file-report, report: continuation, text: 续报}", "{kind: file-report, report: final, text: 终报}",
        "{kind: fulfil-duty, duty: phone-report-to-city, text: 电话报告}", "{kind: fulfil-duty, duty: written-report-to-city, text: 书面报告}",
        "{kind: fulfil-duty, duty: continuation-report, text: 续报}", "{kind: fulfil-duty, duty: verify-on-request, text: 核实}",
    ];

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 60)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task MutatedSampleScript_GivesItsProblemsOrAReport_NeverAnInternalError(int seed)
    {
        var random = new Random(seed);
        var yaml = Mutate(await File.ReadAllTextAsync(Samples[seed % Samples.Length]), random);

        try
        {
            var report = await Support.Drills.RunAsync(yaml);
            report.Timeline.Should().NotBeEmpty();
            report.Actions.Should().OnlyContain(a => a.Verdict == "accepted" || a.Verdict == "refused" || a.Verdict == "unauthorised", yaml);
        }
        catch (DrillScriptException invalid)
        {
            invalid.Problems.Should().NotBeEmpty().And.OnlyContain(p => p.Line > 0, yaml);
        }
    }

    private static string Mutate(string text, Random random)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var actions = (YamlSequenceNode)root.Children[new YamlScalarNode("actions")];
        var participants = ((YamlSequenceNode)root.Children[new YamlScalarNode("participants")]).Children
            .Select(p => ((YamlScalarNode)((YamlMappingNode)p).Children[new YamlScalarNode("id")]).Value!).ToArray();
        var incident = (YamlMappingNode)root.Children[new YamlScalarNode("incident")];
        var from = Minutes(((YamlScalarNode)incident.Children[new YamlScalarNode("reportedAt")]).Value!);
        var end = Minutes(((YamlScalarNode)root.Children[new YamlScalarNode("end")]).Value!);
        string At() => Clock(random.Next(from, end + 1));

        for (var i = random.Next(2, 7); i > 0; i--)
        {
            var list = actions.Children;
            var pick = list.Count == 0 ? null : (YamlMappingNode)list[random.Next(list.Count)];
            switch (random.Next(5))
            {
                case 0 when pick is not null:
                    pick.Children[new YamlScalarNode("at")] = new YamlScalarNode(At());
                    break;
                case 1 when pick is not null:
                    pick.Children[new YamlScalarNode("by")] = new YamlScalarNode(participants[random.Next(participants.Length)]);
                    break;
                case 2 when pick is not null:
                    list.Remove(pick);
                    break;
                case 3 when pick is not null:
                    list.Add(Copy(pick));
                    break;
                default:
                    var added = new YamlStream();
                    added.Load(new StringReader(Templates[random.Next(Templates.Length)]));
                    var action = (YamlMappingNode)added.Documents[0].RootNode;
                    action.Children[new YamlScalarNode("at")] = new YamlScalarNode(At());
                    action.Children[new YamlScalarNode("by")] = new YamlScalarNode(participants[random.Next(participants.Length)]);
                    list.Add(action);
                    break;
            }
        }

        // In time order, as a facilitator writes them (a time that goes back is a problem of its own, tested elsewhere).
        var ordered = actions.Children.Cast<YamlMappingNode>().OrderBy(a => Minutes(((YamlScalarNode)a.Children[new YamlScalarNode("at")]).Value!)).ToList();
        actions.Children.Clear();
        ordered.ForEach(actions.Children.Add);

        var writer = new StringWriter();
        stream.Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    private static YamlMappingNode Copy(YamlMappingNode node) => new(node.Children.Select(c => new KeyValuePair<YamlNode, YamlNode>(c.Key, c.Value)));

    private static int Minutes(string hhmm) => int.Parse(hhmm[..^3], CultureInfo.InvariantCulture) * 60 + int.Parse(hhmm[^2..], CultureInfo.InvariantCulture);

    private static string Clock(int minutes) => string.Create(CultureInfo.InvariantCulture, $"{minutes / 60:00}:{minutes % 60:00}");
}
