using System.Text.Json;
using System.Text.Json.Nodes;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Tests.Shared;
using Json.Schema;

namespace EmergencyPlans.Api.Tests.Feeds;

/// <summary>
/// docs/feed-122.schema.json through a real JSON Schema validator, held against the service's answer to each line: a line the
/// service takes in form (accepted, duplicate, stale, conflict) is valid against the schema, and a line it rejects is invalid,
/// but for the rules no JSON Schema can say (<see cref="Exceptions"/>).
/// </summary>
internal static class FeedSchemaAgreement
{
    public static JsonSchema Schema { get; } = JsonSchemaValidation.Load(Path.Combine(Paths.Repository, "docs", "feed-122.schema.json"));

    /// <summary>
    /// What the service refuses and a JSON Schema cannot say, as docs/feed-122.md ("The schema and the service") and the schema's
    /// description list them: a line rejected for one of these may pass the schema. Each is known by the service's answer (and,
    /// for the years, by the time it names).
    /// </summary>
    public static IReadOnlyList<DocumentedException> Exceptions { get; } =
    [
        new("a member sent twice", (answer, _) => Reason(answer).Contains("is named twice in the same object", StringComparison.Ordinal)),
        new("a string escape that is not Unicode (a lone \\ud800)", (answer, _) => Reason(answer).Contains("lone surrogate", StringComparison.Ordinal)),
        new("injured below seriousInjuries", (answer, _) => Field(answer) == "figures.injured"
            && Reason(answer).Contains("cannot be less than seriousInjuries", StringComparison.Ordinal)),
        new("occurredAt after updatedAt", (answer, _) => Field(answer) == "occurredAt"
            && Reason(answer).Contains("cannot be after updatedAt", StringComparison.Ordinal)),
        new("callAt after updatedAt", (answer, _) => Field(answer) == "callAt"
            && Reason(answer).Contains("122 changed the record after the call came", StringComparison.Ordinal)),
        new("occurredAt more than 5 minutes after callAt", (answer, _) => Field(answer) == "occurredAt"
            && Reason(answer).Contains("an accident is reported after it happens", StringComparison.Ordinal)),
        new("updatedAt more than 5 minutes after the service's clock", (answer, _) => Field(answer) == "updatedAt"
            && Reason(answer).Contains("after the service's clock", StringComparison.Ordinal)),
        new("a time whose instant in UTC falls outside the years 0001-9999", (answer, line) => Field(answer) is "updatedAt" or "callAt" or "occurredAt"
            && TimeIn(line, Field(answer)!) is { } time
            && (time.StartsWith("0001-01-01T", StringComparison.Ordinal) || time.StartsWith("9999-12-31T", StringComparison.Ordinal))),
        new("a line longer than 65,536 bytes", (answer, _) => Reason(answer).StartsWith("line longer than", StringComparison.Ordinal)),
    ];

    /// <summary>The validator's errors for one line (empty when valid); a line that is not JSON has one.</summary>
    public static IReadOnlyList<string> Errors(string line) => JsonSchemaValidation.Errors(Schema, line);

    /// <summary>
    /// Asserts, line by line, that the schema agrees with the service's <paramref name="answers"/> to <paramref name="lines"/>
    /// (the body as sent; answers are matched by their <c>line</c>, blank lines have none). Returns each line that was
    /// rejected for a documented exception, with its name, so the caller can say which it expected.
    /// </summary>
    public static IReadOnlyList<(int Line, string Exception)> ShouldAgree(IReadOnlyList<string> lines, IReadOnlyList<JsonElement> answers, string source)
    {
        var byLine = answers.ToDictionary(a => a.GetProperty("line").GetInt32());
        var excepted = new List<(int, string)>();
        var disagreements = new List<string>();
        for (var i = 0; i < lines.Count; i++)
        {
            var number = i + 1;
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue; // skipped but counted: no answer
            }

            if (!byLine.TryGetValue(number, out var answer))
            {
                disagreements.Add($"{source} line {number}: the service gave no answer");
                continue;
            }

            var status = answer.Str("status");
            var errors = Errors(lines[i]);
            if (status != "rejected")
            {
                if (errors.Count > 0)
                {
                    disagreements.Add($"{source} line {number}: the service answered '{status}' but the schema refuses it:{JsonSchemaValidation.Describe(errors)}\n  {Cut(lines[i])}");
                }
            }
            else if (Exceptions.FirstOrDefault(e => e.Applies(answer, lines[i])) is { } exception)
            {
                excepted.Add((number, exception.Name));
            }
            else if (errors.Count == 0)
            {
                disagreements.Add($"{source} line {number}: the service rejected it ({Field(answer)}: {Reason(answer)}) but the schema takes it, "
                                  + $"and no documented exception says why\n  {Cut(lines[i])}");
            }
        }

        disagreements.Should().BeEmpty("the published schema and the service must agree on every line (docs/feed-122.md, 'The schema and the service')");
        return excepted;
    }

    private static string Reason(JsonElement answer) => answer.TryGetProperty("reason", out var r) ? r.GetString() ?? "" : "";

    private static string? Field(JsonElement answer) => answer.TryGetProperty("field", out var f) ? f.GetString() : null;

    private static string? TimeIn(string line, string field)
    {
        try
        {
            return JsonNode.Parse(line)?[field]?.GetValue<string>();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static string Cut(string line) => line.Length <= 400 ? line : line[..(char.IsHighSurrogate(line[399]) ? 399 : 400)] + "…";

    /// <summary>A rule the service checks and no JSON Schema can say, and how to know a rejection for it.</summary>
    public sealed record DocumentedException(string Name, Func<JsonElement, string, bool> Applies);
}
