using System.Text.RegularExpressions;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Tests.Support;
using FluentAssertions;
using Xunit;

namespace EmergencyPlans.Core.Tests.Incidents;

/// <summary>
/// The log's events are an interface: docs/events.md tells whoever reads the log (a rebuild, an export, another system) each event's
/// type and the members of its payload. Nothing held the two together, so a member added to an event and not to the table went unseen
/// (noted in sessions 59 and 60: no test pinned the events' JSON). Read from the document, not from our own types: each type the log
/// writes has a row, and every member the serializer writes for it is named in that row (or is <c>at</c>/<c>by</c>, said once for all).
/// </summary>
public partial class EventsDocumentTests
{
    [Fact]
    public void EveryEventTypeTheLogWrites_HasARow_AndEveryMemberOfItsPayloadIsNamedThere()
    {
        var rows = Rows(File.ReadAllText(Path.Combine(Repository.Root, "docs", "events.md")));

        var undocumented = new List<string>();
        foreach (var type in IncidentEventSchema.TypeNames)
        {
            rows.Should().ContainKey(type, $"docs/events.md has no row for the event type '{type}' the log writes");
            var named = Names().Matches(rows[type]).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
            var members = Options.GetTypeInfo(IncidentEventSchema.TypeOf(type)!).Properties.Select(p => p.Name);
            undocumented.AddRange(members.Where(m => m is not ("at" or "by") && !named.Contains(m)).Select(m => $"{type}.{m}"));
        }

        undocumented.Should().BeEmpty("each member an event's payload carries is described in its row of docs/events.md");
    }

    [Fact]
    public void TheDocumentNamesNoEventTypeTheLogDoesNotWrite()
    {
        var rows = Rows(File.ReadAllText(Path.Combine(Repository.Root, "docs", "events.md")));

        rows.Keys.Should().BeSubsetOf(IncidentEventSchema.TypeNames);
    }

    // The log's own options (camelCase, its converters) as the serializer resolves them by reflection when it first writes.
    private static readonly System.Text.Json.JsonSerializerOptions Options =
        new(IncidentEventSchema.Json) { TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() };

    /// <summary>The events table's rows (<c>| `type` | when | payload |</c>), by type: the payload column's text.</summary>
    private static Dictionary<string, string> Rows(string document)
    {
        var events = document[document.IndexOf("## Events", StringComparison.Ordinal)..];
        var end = events.IndexOf("\n## ", 3, StringComparison.Ordinal);
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match row in Row().Matches(end < 0 ? events : events[..end]))
        {
            rows[row.Groups[1].Value] = row.Groups[2].Value;
        }

        return rows;
    }

    // | `obligation-raised` | when … | payload … |: the type, then the last column.
    [GeneratedRegex(@"^\| `([a-z-]+)` \|.*\| ([^|]*) \|\s*$", RegexOptions.Multiline)]
    private static partial Regex Row();

    // A member as the payload column names it: the first word of a code span, or a word inside one (`reporter {name, unit, phone}`).
    [GeneratedRegex(@"(?<=[`{\[,]\s*)([a-z][A-Za-z0-9]*)")]
    private static partial Regex Names();
}
