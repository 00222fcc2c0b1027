using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Schema;
using Json.Schema.Keywords;

namespace EmergencyPlans.Tests.Shared;

/// <summary>
/// The repository's JSON Schemas (docs/feed-122.schema.json, plans/schema/*.schema.json) read by a real validator, JsonSchema.Net,
/// in the draft each declares with <c>$schema</c>. Compiled into each test project that checks a schema (linked, as FeedGenerator is).
/// </summary>
internal static class JsonSchemaValidation
{
    /// <summary>
    /// The drafts a schema may declare, each with <c>pattern</c> read as ECMA-262 reads it (<see cref="EcmaPatternKeyword"/>). A schema
    /// declaring another dialect fails to build rather than being read as some default.
    /// </summary>
    private static readonly Dialect[] Drafts = [Dialect.Draft06, Dialect.Draft07, Dialect.Draft201909, Dialect.Draft202012];

    /// <summary>
    /// Formats are asserted, not only annotated (2020-12's default). The drill and plan schemas are written for editors
    /// (yaml-language-server and VS Code's JSON service check <c>"format": "date-time"</c>), so a sample that an editor marks red
    /// must fail here too. The feed schema has no <c>format</c> on purpose: its times are a pattern (RFC 3339 needs seconds the
    /// service lets go), so the option changes nothing for it.
    /// </summary>
    public static EvaluationOptions Options { get; } = new()
    {
        OutputFormat = OutputFormat.Hierarchical,
        RequireFormatValidation = true,
    };

    /// <summary>Builds the schema in <paramref name="path"/> on registries of its own, so that each test may load it again.</summary>
    public static JsonSchema Load(string path)
    {
        var text = File.ReadAllText(path);
        var declared = JsonDocument.Parse(text).RootElement.GetProperty("$schema").GetString();
        var dialects = new DialectRegistry();
        foreach (var draft in Drafts)
        {
            dialects.Register(draft.Without([PatternKeyword.Instance], draft.Id).With([EcmaPatternKeyword.Ecma], draft.Id));
        }

        if (!Drafts.Any(d => string.Equals(d.Id?.OriginalString, declared, StringComparison.Ordinal)))
        {
            throw new InvalidOperationException($"{path} declares $schema '{declared}', which is none of the drafts the tests read");
        }

        return JsonSchema.FromText(text, new BuildOptions { SchemaRegistry = new SchemaRegistry(), DialectRegistry = dialects });
    }

    /// <summary>
    /// Every error the validator finds in <paramref name="instance"/>, one line each: where in the instance, the keyword, the
    /// validator's message and where in the schema (empty when it is valid). Only failed branches are followed: an <c>anyOf</c>
    /// whose other branch passed contributes nothing.
    /// </summary>
    public static IReadOnlyList<string> Errors(JsonSchema schema, JsonElement instance)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var results = schema.Evaluate(instance, Options);
        var errors = new List<string>();
        if (!results.IsValid)
        {
            Collect(results, errors);
            if (errors.Count == 0)
            {
                errors.Add("(root): invalid, without a message");
            }
        }

        return errors;
    }

    /// <summary>The errors of a JSON text; one that is not JSON at all has the one error of its parse, at the root.</summary>
    public static IReadOnlyList<string> Errors(JsonSchema schema, string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            return [$"(root): not JSON: {e.Message}"];
        }

        using (document)
        {
            return Errors(schema, document.RootElement);
        }
    }

    /// <summary>The errors as one readable block for an assertion's message.</summary>
    public static string Describe(IEnumerable<string> errors) => string.Join(Environment.NewLine + "  ", errors.Prepend(""));

    private static void Collect(EvaluationResults node, List<string> errors)
    {
        if (node.Errors is { Count: > 0 })
        {
            var at = node.InstanceLocation.ToString() is { Length: > 0 } location ? location : "(root)";
            errors.AddRange(node.Errors.Select(e => $"{at}: {(e.Key.Length > 0 ? e.Key : "false")}: {e.Value} (schema {node.EvaluationPath})"));
        }

        foreach (var child in node.Details ?? [])
        {
            if (!child.IsValid)
            {
                Collect(child, errors);
            }
        }
    }

    /// <summary>
    /// <c>pattern</c> as JSON Schema defines it: an ECMA-262 regular expression. JsonSchema.Net compiles it with .NET's
    /// <see cref="RegexOptions.ECMAScript"/>, which makes <c>\d</c>, <c>\s</c> and <c>\w</c> ASCII as ECMA-262 has them but leaves
    /// <c>$</c> matching before a final line feed too: <c>"…+08:00\n"</c> would match the feed's instant pattern, though ECMA-262
    /// (and the service) refuse it. So each <c>$</c> outside a character class becomes <c>\z</c>, the end of the text, which is
    /// what <c>$</c> means in ECMA-262 without the multiline flag.
    /// </summary>
    private sealed class EcmaPatternKeyword : PatternKeyword
    {
        public static EcmaPatternKeyword Ecma { get; } = new();

        public override object? ValidateKeywordValue(JsonElement value)
        {
            base.ValidateKeywordValue(value); // the library's own check that the pattern is a valid regular expression
            return new Regex(EndAnchorsAsEcma262(value.GetString()!), RegexOptions.ECMAScript | RegexOptions.Compiled);
        }

        private static string EndAnchorsAsEcma262(string pattern)
        {
            var result = new StringBuilder(pattern.Length + 4);
            var inClass = false;
            for (var i = 0; i < pattern.Length; i++)
            {
                var c = pattern[i];
                if (c == '\\' && i + 1 < pattern.Length)
                {
                    result.Append(c).Append(pattern[++i]);
                    continue;
                }

                if (c == '[')
                {
                    inClass = true;
                }
                else if (c == ']')
                {
                    inClass = false;
                }

                result.Append(c == '$' && !inClass ? @"\z" : c.ToString());
            }

            return result.ToString();
        }
    }
}
