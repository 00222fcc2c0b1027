using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Core.Plans;

#pragma warning disable CA1002, CA2227 // DTOs bound by System.Text.Json.

/// <summary>The <c>feedIntake</c> block of a plan file, as written.</summary>
internal sealed class FeedIntakeDocument
{
    public string? Channel { get; set; }
    public string? Clause { get; set; }
    public string? Words { get; set; }
    public string? Reading { get; set; }
    public string? CallMeets { get; set; }
    public List<FeedIntakeConditionDocument>? OpensIncidentWhenAny { get; set; }
}

internal sealed class FeedIntakeConditionDocument
{
    public string? Figure { get; set; }
    public string? Label { get; set; }
    public long? AtLeast { get; set; }
    public string? WhileUnknown { get; set; }
    public string? Reading { get; set; }
}
#pragma warning restore CA1002, CA2227

/// <summary>
/// One condition of the intake rule: a figure of the catalogue that is present (a count of at least <see cref="AtLeast"/>, one unless
/// the plan file says more; a fact that holds; a county listed), and, when <see cref="WhileUnknown"/> is set, that other figure not
/// stated (the record's <c>injured</c> at the 较大 grade's serious-injury count while its <c>seriousInjuries</c> is unknown: the grade
/// cannot be determined, and R 5.1.1 reports "暂时无法判明等级" as 较大以上; ADR 0003 #85).
/// </summary>
/// <param name="Figure">The catalogue figure it reads.</param>
/// <param name="Label">What the duty office calls it (有人员死亡).</param>
public sealed record FeedIntakeCondition(FigureDefinition Figure, string Label)
{
    /// <summary>The least count that meets it (counts only): 1 unless the plan file says <c>atLeast</c>.</summary>
    public long AtLeast { get; init; } = 1;

    /// <summary>A figure that must be unknown (not stated, or stated null) for the condition to hold; null: none.</summary>
    public FigureDefinition? WhileUnknown { get; init; }

    /// <summary>The condition as the feed's answers name it: <c>deaths</c>, or <c>injured ≥ 10 while seriousInjuries is unknown</c>.</summary>
    public string Test => WhileUnknown is null && AtLeast == 1
        ? Figure.Name
        : Figure.Name + (AtLeast == 1 ? "" : $" >= {AtLeast}") + (WhileUnknown is { } unknown ? $" while {unknown.Name} is unknown" : "");
}

/// <summary>
/// Which records of an automatic feed open a plan incident (plan file <c>feedIntake</c>): any of the
/// listed figures present. The other records are routine: kept and counted, never an incident.
/// </summary>
/// <param name="Channel">The feed the rule is for (<c>122</c>).</param>
/// <param name="Clause">The plan clause the intake serves.</param>
/// <param name="Words">The plan's words.</param>
/// <param name="Conditions">Any one of them opens an incident.</param>
public sealed record FeedIntakeRule(string Channel, string Clause, string Words, IReadOnlyList<FeedIntakeCondition> Conditions)
{
    /// <summary>
    /// The plan's duty a record's call meets, at its call time (<c>call-122</c>: R 5.1.1 "获悉…的单位、公民,立即拨打报警电话(122)"): an
    /// incident the feed opens records it met, since the record is that call. Null: the channel's records meet no duty of the plan.
    /// </summary>
    public string? CallMeets { get; init; }

    /// <summary>The first condition the figures meet, or null for a routine record.</summary>
    /// <param name="figures">The record's figures as sent (each read as <see cref="Contract.FiguresDto.Read"/> gives it); null when it sent none.</param>
    public FeedIntakeCondition? FirstMet(Contract.FiguresDto? figures)
    {
        if (figures is null)
        {
            return null;
        }

        foreach (var condition in Conditions)
        {
            if (Holds(condition.Figure, condition.AtLeast, figures.Read(condition.Figure, out _))
                && (condition.WhileUnknown is not { } unknown || figures.Read(unknown, out _) is null))
            {
                return condition;
            }
        }

        return null;
    }

    private static bool Holds(FigureDefinition figure, long atLeast, object? value) => figure.Kind switch
    {
        FigureKind.Count => value is long n && n >= atLeast,
        FigureKind.Fact => value is true,
        FigureKind.Counties => value is IReadOnlyCollection<string> { Count: > 0 },
        _ => false,
    };

    /// <summary>Reads and checks the block; null (and problems added) when it does not hold together.</summary>
    /// <param name="d">The block as written; null when the plan has none.</param>
    /// <param name="problem">Reports a problem: rule, English text, Chinese text.</param>
    internal static FeedIntakeRule? Read(FeedIntakeDocument? d, Action<string, string, string> problem)
    {
        if (d is null)
        {
            return null;
        }

        var ok = true;
        foreach (var (value, what, field) in new[] { (d.Channel, "feedIntake.channel", "channel"), (d.Clause, "feedIntake.clause", "clause"), (d.Words, "feedIntake.words", "words") })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                problem(what, "is missing", $"缺少 “{field}”");
                ok = false;
            }
        }

        var conditions = new List<FeedIntakeCondition>();
        var listed = d.OpensIncidentWhenAny ?? [];
        if (listed.Count == 0)
        {
            problem("feedIntake.opensIncidentWhenAny", "lists no condition: every record would be routine", "没有列出任何条件：每条记录都只会算作一般警情");
            ok = false;
        }

        foreach (var c in listed)
        {
            if (!FigureCatalog.TryFind(c.Figure, out var figure))
            {
                problem("feedIntake.opensIncidentWhenAny", $"unknown figure '{c.Figure}' (figures: {string.Join(", ", FigureCatalog.All.Select(f => f.Name))})",
                    $"未知的数据项 '{c.Figure}'（可用：{string.Join("、", FigureCatalog.All.Select(f => f.Name))}）");
                ok = false;
                continue;
            }

            if (figure.Kind is not (FigureKind.Count or FigureKind.Fact or FigureKind.Counties))
            {
                problem("feedIntake.opensIncidentWhenAny", $"figure '{figure.Name}' is a {figure.Kind}: only counts, facts and county lists can be 'present'",
                    $"数据项 '{figure.Name}'（{figure.Label}）不是计数、事实项或县（市、区）名单，无法判断“有没有”");
                ok = false;
                continue;
            }

            if (c.AtLeast is { } least && (figure.Kind != FigureKind.Count || least < 1))
            {
                problem("feedIntake.opensIncidentWhenAny", $"figure '{figure.Name}': 'atLeast' must be a count of at least 1 on a count figure",
                    $"数据项 '{figure.Name}'：“atLeast” 只能用于计数项，且不小于1");
                ok = false;
                continue;
            }

            FigureDefinition? whileUnknown = null;
            if (c.WhileUnknown is { } unknownName && (!FigureCatalog.TryFind(unknownName, out whileUnknown) || whileUnknown.Name == figure.Name))
            {
                problem("feedIntake.opensIncidentWhenAny", $"figure '{figure.Name}': 'whileUnknown' names '{unknownName}', not another figure of the catalogue",
                    $"数据项 '{figure.Name}'：“whileUnknown” 的 '{unknownName}' 不是目录中的另一数据项");
                ok = false;
                continue;
            }

            if (conditions.Exists(x => x.Figure.Name == figure.Name && x.WhileUnknown?.Name == whileUnknown?.Name))
            {
                problem("feedIntake.opensIncidentWhenAny", $"figure '{figure.Name}' is listed twice", $"数据项 '{figure.Name}' 重复列出");
                ok = false;
                continue;
            }

            if (string.IsNullOrWhiteSpace(c.Label))
            {
                problem("feedIntake.opensIncidentWhenAny", $"figure '{figure.Name}' has no label", $"数据项 '{figure.Name}' 缺少 “label”");
                ok = false;
                continue;
            }

            conditions.Add(new FeedIntakeCondition(figure, c.Label) { AtLeast = c.AtLeast ?? 1, WhileUnknown = whileUnknown });
        }

        return ok ? new FeedIntakeRule(d.Channel!, d.Clause!, d.Words!, conditions) { CallMeets = d.CallMeets } : null;
    }
}
