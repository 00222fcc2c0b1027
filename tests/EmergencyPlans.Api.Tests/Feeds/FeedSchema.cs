using System.Text.Json;
using System.Text.RegularExpressions;
using EmergencyPlans.Api.Tests.Support;

namespace EmergencyPlans.Api.Tests.Feeds;

/// <summary>docs/feed-122.schema.json, read as a JSON Schema validator reads the keywords the tests ask about.</summary>
internal static class FeedSchema
{
    public static JsonElement Root { get; } = JsonDocument.Parse(File.ReadAllText(Path.Combine(Paths.Repository, "docs", "feed-122.schema.json"))).RootElement.Clone();

    /// <summary>The schema of a member: <c>sequence</c>, <c>road.code</c>, <c>figures.deaths</c>.</summary>
    public static JsonElement Member(string path) =>
        path.Split('.').Aggregate(Root, (schema, name) => schema.GetProperty("properties").GetProperty(name));

    /// <summary>The member's types (<c>type</c>, a string or an array of them).</summary>
    public static IReadOnlyList<string> Types(string path) => Member(path).GetProperty("type") is { ValueKind: JsonValueKind.Array } types
        ? types.EnumerateArray().Select(t => t.GetString()!).ToArray()
        : [Member(path).GetProperty("type").GetString()!];

    /// <summary>
    /// Whether a string passes every <c>pattern</c> that applies to the member: its own and those of the schemas it refers to
    /// (<c>$ref</c>, <c>allOf</c>, and the string branch of an <c>anyOf</c>: a branch that only allows null has none).
    /// </summary>
    public static bool PatternsAccept(string path, string value) => Patterns(Member(path)).All(p => Matches(p, value));

    /// <summary>The patterns that apply to a string under <paramref name="schema"/>; at least one is expected where this is asked.</summary>
    public static IReadOnlyList<string> Patterns(JsonElement schema)
    {
        var found = new List<string>();
        Collect(schema, found);
        found.Should().NotBeEmpty("the schema constrains this string by a pattern");
        return found;
    }

    /// <summary>
    /// Whether <paramref name="value"/> matches <paramref name="pattern"/> as ECMA-262 (JSON Schema's dialect) reads it: .NET's
    /// ECMAScript option, with the final <c>$</c> meaning the end of the text, not also the place before a final line feed.
    /// </summary>
    public static bool Matches(string pattern, string value) =>
        new Regex(pattern.EndsWith('$') ? pattern[..^1] + @"\z" : pattern, RegexOptions.ECMAScript).IsMatch(value);

    private static void Collect(JsonElement schema, List<string> found)
    {
        if (schema.TryGetProperty("pattern", out var pattern))
        {
            found.Add(pattern.GetString()!);
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!;
            name.Should().StartWith("#/$defs/");
            Collect(Root.GetProperty("$defs").GetProperty(name["#/$defs/".Length..]), found);
        }

        foreach (var applicator in new[] { "allOf", "anyOf" })
        {
            if (schema.TryGetProperty(applicator, out var branches))
            {
                foreach (var branch in branches.EnumerateArray())
                {
                    Collect(branch, found);
                }
            }
        }
    }
}
