using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Core.Incidents;

/// <summary>
/// What a report says about an incident: its figures, the human judgements, and the road conditions.
/// A later report merges into it: figures it gives replace earlier ones, figures it leaves out stay;
/// judgements and conditions, when given, replace the earlier ones whole.
/// </summary>
public sealed record IncidentReport
{
    public static readonly IncidentReport Empty = new();

    public ReportedFigures Figures { get; init; } = ReportedFigures.None;

    /// <summary>Null when the report gave none.</summary>
    public JudgementInput? Judgements { get; init; }

    /// <summary>Null when the report gave none.</summary>
    public RoadConditions? Conditions { get; init; }

    /// <summary>This report with <paramref name="update"/> laid over it.</summary>
    public IncidentReport Merge(IncidentReport update)
    {
        ArgumentNullException.ThrowIfNull(update);
        // Immutable: a report that adds nothing (a 续报 of words only) leaves this one, and one laid over nothing is itself. A copy
        // was made at each of the merges of every report (the command, the fold, a drill's ledger).
        var figures = Figures.Merge(update.Figures);
        if (ReferenceEquals(figures, Figures) && update.Judgements is null && update.Conditions is null)
        {
            return this;
        }

        if (ReferenceEquals(figures, update.Figures) && Judgements is null && Conditions is null)
        {
            return update;
        }

        return new IncidentReport
        {
            Figures = figures,
            Judgements = update.Judgements ?? Judgements,
            Conditions = update.Conditions ?? Conditions,
        };
    }

    /// <summary>True when a casualty figure differs ("造成伤亡人数发生变化的，应立即续报").</summary>
    public bool CasualtiesDiffer(IncidentReport other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Figures.CasualtiesDiffer(other.Figures);
    }

    /// <summary>The engine's input for this report under <paramref name="planId"/>.</summary>
    public IncidentInput ToInput(string planId, DateTimeOffset occurredAt) =>
        IncidentInput.From(planId, occurredAt, Figures, Judgements, Conditions);
}
