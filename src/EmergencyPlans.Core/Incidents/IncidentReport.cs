using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Contract;

namespace EmergencyPlans.Core.Incidents;

/// <summary>
/// What a report says about an incident: its figures, the human judgements, and the road conditions.
/// A later report merges into it: figures it gives replace earlier ones, figures it leaves out stay.
/// </summary>
public sealed record IncidentReport
{
    public static readonly IncidentReport Empty = new();

    public FiguresDto Figures { get; init; } = new();
    public JudgementsDto? Judgements { get; init; }
    public ConditionsDto? Conditions { get; init; }

    /// <summary>This report with <paramref name="update"/>'s figures, judgements and conditions laid over it.</summary>
    public IncidentReport Merge(IncidentReport update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return new IncidentReport
        {
            Figures = MergeFigures(Figures, update.Figures),
            Judgements = update.Judgements ?? Judgements,
            Conditions = update.Conditions ?? Conditions,
        };
    }

    /// <summary>True when a casualty figure differs ("造成伤亡人数发生变化的，应立即续报").</summary>
    public bool CasualtiesDiffer(IncidentReport other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var (a, b) = (Figures, other.Figures);
        return a.Deaths != b.Deaths || a.Missing != b.Missing || a.Trapped != b.Trapped || a.Endangered != b.Endangered
               || a.SeriousInjuries != b.SeriousInjuries || a.Injured != b.Injured;
    }

    /// <summary>The engine's input for this report under <paramref name="planId"/>.</summary>
    public IncidentInput ToInput(string planId, DateTimeOffset occurredAt) =>
        AssessmentContract.ToInput(new AssessmentRequest { Plan = planId, OccurredAt = occurredAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture), Figures = Figures, Judgements = Judgements, Conditions = Conditions });

    // TEMPORARY until the figure catalogue lands: field-by-field merge.
    private static FiguresDto MergeFigures(FiguresDto before, FiguresDto f) => new()
    {
        Deaths = f.Deaths ?? before.Deaths,
        Missing = f.Missing ?? before.Missing,
        Trapped = f.Trapped ?? before.Trapped,
        Endangered = f.Endangered ?? before.Endangered,
        SeriousInjuries = f.SeriousInjuries ?? before.SeriousInjuries,
        Injured = f.Injured ?? before.Injured,
        DirectLossWan = f.DirectLossWan ?? before.DirectLossWan,
        HazmatRelease = f.HazmatRelease ?? before.HazmatRelease,
        Pollution = f.Pollution ?? before.Pollution,
        DisruptedCounties = f.DisruptedCounties ?? before.DisruptedCounties,
        Relocated = f.Relocated ?? before.Relocated,
        CollapsedRooms = f.CollapsedRooms ?? before.CollapsedRooms,
        CollapsedHouseholds = f.CollapsedHouseholds ?? before.CollapsedHouseholds,
        DroughtAidPeople = f.DroughtAidPeople ?? before.DroughtAidPeople,
        DeclaredGrade = f.DeclaredGrade ?? before.DeclaredGrade,
        ForeignCasualties = f.ForeignCasualties ?? before.ForeignCasualties,
    };
}
