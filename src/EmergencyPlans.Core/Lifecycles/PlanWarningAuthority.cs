using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Plans;

namespace EmergencyPlans.Core.Lifecycles;

/// <summary>
/// Who approves and who issues each colour of warning, read from the plan file's
/// <c>warnings.colours[].approverRoles</c> and <c>issuerRole</c> (road 4.4.1). Built once when the plan
/// is loaded (<see cref="Plan.WarningAuthority"/>); C# holds no table of its own.
/// </summary>
/// <remarks>
/// Any reading that widens the text (the commander may also approve yellow) is written in the plan file
/// beside the roles it adds (<see cref="WarningColourRule.ApproverReading"/>), not here.
/// </remarks>
public sealed class PlanWarningAuthority : IWarningAuthority
{
    private readonly Dictionary<RoadWarningColour, WarningColourRule> _colours;

    private PlanWarningAuthority(string planId, Dictionary<RoadWarningColour, WarningColourRule> colours)
    {
        PlanId = planId;
        _colours = colours;
    }

    /// <summary>The authority of a plan's warning table.</summary>
    /// <param name="planId">The plan's id, e.g. "road-traffic".</param>
    /// <param name="warnings">The plan's warning table as loaded.</param>
    public static PlanWarningAuthority FromTable(string planId, WarningTable warnings)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(planId);
        ArgumentNullException.ThrowIfNull(warnings);

        // RoadWarningColour shares WarningColour's values (yellow 1, orange 2, red 3); the loader refuses blue.
        return new PlanWarningAuthority(planId, warnings.Colours.ToDictionary(c => (RoadWarningColour)(int)c.Colour));
    }

    /// <summary>The plan the table belongs to.</summary>
    public string PlanId { get; }

    /// <summary>The colours the plan defines, least severe first.</summary>
    public IReadOnlyList<RoadWarningColour> Colours => [.. _colours.Keys.Order()];

    /// <inheritdoc/>
    public IReadOnlyList<string> ApproverRoles(RoadWarningColour colour) => Rule(colour).ApproverRoles;

    /// <inheritdoc/>
    public IReadOnlyList<string> IssuerRoles(RoadWarningColour colour) => [Rule(colour).IssuerRole];

    /// <summary>The plan's rule for <paramref name="colour"/>: clause, words and the bodies it names.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The plan has no such colour.</exception>
    public WarningColourRule Rule(RoadWarningColour colour) =>
        _colours.TryGetValue(colour, out var rule)
            ? rule
            : throw new ArgumentOutOfRangeException(nameof(colour), colour, $"Plan {PlanId} has no {colour} warning; its colours are {string.Join(", ", Colours)}.");
}
