using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EmergencyPlans.Core.Tests.Support;

namespace EmergencyPlans.Core.Tests.Plans;

/// <summary>
/// Every quote of the plan files is the plan's own words, as printed (ADR 0003 convention 1): held against the published texts in
/// plans-source/, not against our tables. A duty officer holds the card against the paper plan, and reviews twice found quotes
/// that had drifted (58 strings with full-width punctuation the gazette does not print). Only the layout's line breaks are
/// ignored, and a quote may leave text out where it says so with ……; each part must then be found, in order.
/// </summary>
public sealed partial class QuotesAgainstTheTextTests
{
    /// <summary>The fields that quote the text (the others are our readings, names and notes).</summary>
    private static readonly HashSet<string> QuotingFields = new(StringComparer.Ordinal)
    {
        "words", "leadWords", "approvalWords", "principle", "afterwards", "conditions", "duties",
    };

    private const string Notice = "safety-and-emergency-work-notice.jinshizhengfa-2026-1.txt";

    public static TheoryData<string, string> PlanFiles => new()
    {
        { "construction.2025-15.json", "construction-accident-plan.jinshizhengban-2025-15.txt" },
        { "road-traffic.2025-18.json", "road-traffic-safety-plan.jinshizhengban-2025-18.txt" },
        { "natural-disaster.2026-3.json", "natural-disaster-relief-plan.jinshizhengban-2026-3.txt" },
    };

    [Theory]
    [MemberData(nameof(PlanFiles))]
    public void Every_quote_of_the_plan_file_is_in_the_published_text(string planFile, string textFile)
    {
        var plan = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.PlansDirectory, planFile)))!;
        var quotes = Quotes(plan, "$", null).ToList();
        quotes.Should().HaveCountGreaterThan(50, "the walk must reach the file's quotes");

        var misses = quotes
            .Where(q => !IsIn(q.Text, Text(DocumentOf(q, planFile, textFile))))
            .Select(q => $"{q.Path}: {q.Text}")
            .ToList();

        misses.Should().BeEmpty("each quote must be the text's own words ({0})", textFile);
    }

    [Fact]
    public void A_quote_changed_by_one_character_is_found_out()
    {
        // The check itself: C 4.3.1(2) as printed, and with the full-width comma an earlier file had.
        var text = Text("construction-accident-plan.jinshizhengban-2025-15.txt");
        IsIn("由市指挥部办公室主任宣布启动Ⅲ级响应,并报告市指挥部有关领导", text).Should().BeTrue();
        IsIn("由市指挥部办公室主任宣布启动Ⅲ级响应，并报告市指挥部有关领导", text).Should().BeFalse();
        IsIn("由市指挥部办公室主任……并报告市指挥部有关领导", text).Should().BeTrue();
        IsIn("并报告市指挥部有关领导……由市指挥部办公室主任", text).Should().BeFalse("the parts of a quote come in the text's order");
    }

    /// <summary>
    /// The document a quote comes from: the plan's text, the 2026 notice for the duties that cite it (their <c>source</c>), and for
    /// the construction grade table the road plan's 1.5, which prints the same national table (the grade's <c>provenance</c>: the
    /// construction plan's 附件1 was not published).
    /// </summary>
    private static string DocumentOf(Quote quote, string planFile, string textFile)
    {
        if (quote.Source is { } source && source.StartsWith("晋市政发〔2026〕1号", StringComparison.Ordinal))
        {
            return Notice;
        }

        if (planFile.StartsWith("construction", StringComparison.Ordinal) && quote.Path.StartsWith("$.grade.rules", StringComparison.Ordinal))
        {
            return "road-traffic-safety-plan.jinshizhengban-2025-18.txt";
        }

        return textFile;
    }

    private sealed record Quote(string Path, string Text, string? Source);

    private static IEnumerable<Quote> Quotes(JsonNode node, string path, string? source)
    {
        switch (node)
        {
            case JsonObject o:
                var own = o["source"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : source;
                foreach (var (name, child) in o)
                {
                    if (child is null)
                    {
                        continue;
                    }

                    var childPath = $"{path}.{name}";
                    if (QuotingFields.Contains(name) && child is JsonValue text && text.TryGetValue<string>(out var quoted))
                    {
                        yield return new Quote(childPath, quoted, own);
                    }
                    else if (QuotingFields.Contains(name) && child is JsonArray items)
                    {
                        for (var i = 0; i < items.Count; i++)
                        {
                            if (items[i] is JsonValue item && item.TryGetValue<string>(out var element))
                            {
                                yield return new Quote($"{childPath}[{i}]", element, own);
                            }
                        }
                    }

                    foreach (var q in Quotes(child, childPath, own))
                    {
                        yield return q;
                    }
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (a[i] is { } item)
                    {
                        foreach (var q in Quotes(item, $"{path}[{i}]", source))
                        {
                            yield return q;
                        }
                    }
                }

                break;
        }
    }

    private static readonly Dictionary<string, string> Texts = [];

    /// <summary>The published text with its layout's line breaks (and the spaces around them) taken out.</summary>
    private static string Text(string file)
    {
        lock (Texts)
        {
            if (!Texts.TryGetValue(file, out var flat))
            {
                flat = LineBreak().Replace(File.ReadAllText(Path.Combine(Repository.Root, "plans-source", file)), "");
                Texts[file] = flat;
            }

            return flat;
        }
    }

    /// <summary>True when each part of <paramref name="quote"/> between elisions (……) is in <paramref name="text"/>, in order.</summary>
    private static bool IsIn(string quote, string text)
    {
        var from = 0;
        foreach (var part in quote.Split("……", StringSplitOptions.RemoveEmptyEntries))
        {
            var at = text.IndexOf(part, from, StringComparison.Ordinal);
            if (at < 0)
            {
                return false;
            }

            from = at + part.Length;
        }

        return true;
    }

    [GeneratedRegex(@"[ \t\u3000]*\r?\n[ \t\u3000\r\n]*")]
    private static partial Regex LineBreak();
}
