using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Plans;

namespace EmergencyPlans.Core.Lifecycles;

/// <summary>
/// Who approves and who issues each colour of warning, read from the plan file's
/// <c>warnings.colours[].approverRoles</c> and <c>issuerRole</c> (road 4.4.1), or for a plan that sets no
/// colours from <c>warnings.ungraded</c> (construction 3.2.2). Built once when the plan is loaded
/// (<see cref="Plan.WarningAuthority"/>); C# holds no table of its own.
/// </summary>
/// <remarks>
/// Any reading that widens the text (the commander may also approve yellow) is written in the plan file
/// beside the roles it adds (<see cref="WarningColourRule.ApproverReading"/>), not here.
/// </remarks>
public sealed class PlanWarningAuthority : IWarningAuthority
{
    private readonly Dictionary<WarningColour, WarningColourRule> _colours;
    private readonly WarningTable _table;
    private readonly string _cite;

    private PlanWarningAuthority(string planId, string cite, WarningTable table, Dictionary<WarningColour, WarningColourRule> colours)
    {
        PlanId = planId;
        _table = table;
        _colours = colours;
        Colours = [.. colours.Keys.Order()];
        _cite = cite;
        UpdateRule = table.UpdatedBy is { } u ? $"{Citation.Of(cite, u.Clause)} {u.Words}" : $"{Citation.Of(cite, table.LiftedBy.Clause)} 发布单位调整";
        LiftRule = $"{Citation.Of(cite, table.LiftedBy.Clause)} {table.LiftedBy.Words}";
    }

    /// <summary>The authority of a plan's warning table.</summary>
    /// <param name="planId">The plan's id, e.g. "road-traffic".</param>
    /// <param name="cite">How the texts for people cite the plan: its document number (晋市政办〔2025〕18号); the id when not given.</param>
    /// <param name="warnings">The plan's warning table as loaded.</param>
    public static PlanWarningAuthority FromTable(string planId, WarningTable warnings, string? cite = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(planId);
        ArgumentNullException.ThrowIfNull(warnings);

        return new PlanWarningAuthority(planId, cite ?? planId, warnings, warnings.Colours.ToDictionary(c => c.Colour));
    }

    /// <summary>The plan the table belongs to.</summary>
    public string PlanId { get; }

    /// <inheritdoc/>
    public IReadOnlyList<WarningColour> Colours { get; }

    /// <inheritdoc/>
    public string UpdateRule { get; }

    /// <inheritdoc/>
    public string LiftRule { get; }

    /// <inheritdoc/>
    public IReadOnlyList<string> ApproverRoles(WarningColour? colour) =>
        colour is { } c ? Rule(c).ApproverRoles : Ungraded().ApproverRoles;

    /// <inheritdoc/>
    public IReadOnlyList<string> IssuerRoles(WarningColour? colour) =>
        [colour is { } c ? Rule(c).IssuerRole : Ungraded().IssuerRole];

    /// <inheritdoc/>
    public string ApprovalRule(WarningColour? colour)
    {
        var (clause, words) = colour is { } c ? (Rule(c).ApprovalClause, Rule(c).ApprovalWords) : (Ungraded().ApprovalClause, Ungraded().ApprovalWords);
        return $"{Citation.Of(_cite, clause)} {words}";
    }

    /// <summary>The plan's rule for <paramref name="colour"/>: clause, words and the bodies it names.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The plan has no such colour.</exception>
    public WarningColourRule Rule(WarningColour colour) =>
        _colours.TryGetValue(colour, out var rule)
            ? rule
            : throw new ArgumentOutOfRangeException(nameof(colour), colour,
                Colours.Count == 0
                    ? $"Plan {PlanId} sets no warning colours ({_table.LevelsNote}); a warning of it has no colour."
                    : $"Plan {PlanId} has no {colour} warning; its colours are {string.Join(", ", Colours)}.");

    /// <summary>The plan's rule for a warning without colour.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The plan's warnings have colours: one must be given.</exception>
    public UngradedWarningRule Ungraded() =>
        _table.Ungraded ?? throw new ArgumentOutOfRangeException("colour", null,
            $"Plan {PlanId}'s warnings have colours ({string.Join(", ", Colours)}); a warning needs one.");
}
