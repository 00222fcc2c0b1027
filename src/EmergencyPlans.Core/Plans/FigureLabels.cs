using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Core.Plans;

#pragma warning disable CA1002, CA2227 // DTOs bound by System.Text.Json.

/// <summary>One entry of a plan file's <c>figureLabels</c>, as written.</summary>
internal sealed class FigureLabelDocument
{
    public string? Figure { get; set; }
    public string? Label { get; set; }
    public string? Clause { get; set; }
    public string? Words { get; set; }
}
#pragma warning restore CA1002, CA2227

/// <summary>
/// A plan's own word for a figure of the catalogue, where it differs from the catalogue's label: the natural-disaster
/// plan says 失踪 (4.1.4, 4.2.2, 5.1.1(1) "死亡和失踪50人以上") where the construction and road plans say 失联. Everything a
/// duty officer reads about an incident under that plan names the figure so.
/// </summary>
/// <param name="Figure">The catalogue figure it names.</param>
/// <param name="Label">The plan's word (失踪).</param>
/// <param name="Clause">Where the plan uses it.</param>
/// <param name="Words">The plan's words that use it; they contain <paramref name="Label"/>.</param>
public sealed record FigureLabel(FigureDefinition Figure, string Label, string Clause, string Words);

/// <summary>A plan's labels for figures (<c>figureLabels</c>), each falling back to <see cref="FigureDefinition.Label"/>.</summary>
public sealed class FigureLabels
{
    /// <summary>A plan that uses the catalogue's words throughout.</summary>
    public static readonly FigureLabels None = new([]);

    // By FigureDefinition.Index: a label is looked up for every hint of every assessment.
    private readonly string?[] _byIndex;

    private FigureLabels(IReadOnlyList<FigureLabel> labels)
    {
        All = labels;
        _byIndex = new string?[FigureCatalog.All.Count];
        foreach (var label in labels)
        {
            _byIndex[label.Figure.Index] = label.Label;
        }
    }

    /// <summary>The labels the plan file states, in its order; empty when it states none.</summary>
    public IReadOnlyList<FigureLabel> All { get; }

    /// <summary>What a duty officer under this plan calls <paramref name="figure"/>: the plan's word, else the catalogue's.</summary>
    public string Of(FigureDefinition figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        return _byIndex[figure.Index] ?? figure.Label;
    }

    /// <summary>The label of an engine slot (<see cref="Of(FigureDefinition)"/>).</summary>
    public string Of(Figure figure) => Of(FigureCatalog.Of(figure));

    /// <summary>The label of a figure by its contract name; an unknown name is returned as it is.</summary>
    public string Of(string name) => FigureCatalog.TryFind(name, out var figure) ? Of(figure) : name;

    /// <summary>Reads and checks the block; null (and problems added) when it does not hold together.</summary>
    /// <param name="documents">The block as written; null when the plan has none.</param>
    /// <param name="problem">Reports a problem: rule, English text, Chinese text.</param>
    internal static FigureLabels? Read(IReadOnlyList<FigureLabelDocument>? documents, Action<string, string, string> problem)
    {
        if (documents is null || documents.Count == 0)
        {
            return None;
        }

        var ok = true;
        var labels = new List<FigureLabel>();
        for (var i = 0; i < documents.Count; i++)
        {
            var d = documents[i];
            var rule = $"figureLabels[{i}]";
            if (!FigureCatalog.TryFind(d.Figure, out var figure))
            {
                problem(rule, $"unknown figure '{d.Figure}' (figures: {string.Join(", ", FigureCatalog.All.Select(f => f.Name))})",
                    $"未知的数据项 '{d.Figure}'（可用：{string.Join("、", FigureCatalog.All.Select(f => f.Name))}）");
                ok = false;
                continue;
            }

            rule = $"figureLabels.{figure.Name}";
            if (labels.Exists(l => l.Figure.Name == figure.Name))
            {
                problem(rule, $"figure '{figure.Name}' is labelled twice", $"数据项 '{figure.Name}' 重复列出");
                ok = false;
                continue;
            }

            // The label is the plan's own word: the words quoted for it must say it, or it is ours, not the plan's.
            if (QuotedWord.Check(rule, "label", d.Label, d.Clause, d.Words, null, readingAllowed: false, ("label", "词"), problem) is not { } label)
            {
                ok = false;
                continue;
            }

            labels.Add(new FigureLabel(figure, label, d.Clause!, d.Words!));
        }

        return ok ? new FigureLabels(labels) : null;
    }
}
