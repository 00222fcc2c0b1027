using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;

namespace EmergencyPlans.Application.Incidents;

/// <summary>What a command that opens or changes an incident answers with.</summary>
public enum IncidentAnswer
{
    /// <summary>The whole view, as REST answers: every duty, warning and timeline entry.</summary>
    View,

    /// <summary>The receipt alone. For callers that send commands by the thousand (the 122 feed, a drill): a view lists
    /// everything the incident ever raised, so building one per command would make each command cost more than the last.</summary>
    Receipt,
}

/// <summary>
/// The answer to a command that opened or changed an incident: the version the change produced (the next If-Match),
/// the grade and level the incident now stands at, its warnings in the order proposed, and the view when asked for.
/// </summary>
/// <param name="Id">The incident.</param>
/// <param name="Version">The version the change produced.</param>
/// <param name="Grade">The grade at the latest report (minor … especially-serious), null when there is none; while
/// <see cref="GradeDetermined"/> is false it is only the lower bound the known figures establish (R3).</param>
/// <param name="Level">The response level the latest report calls for (I … IV), null for none.</param>
/// <param name="Warnings">The incident's warnings, oldest first.</param>
/// <param name="View">The whole view when <see cref="IncidentAnswer.View"/> was asked for; otherwise null.</param>
public sealed record IncidentChange(Guid Id, long Version, string? Grade, string? Level, IReadOnlyList<Guid> Warnings, IncidentView? View)
{
    /// <summary>The view a REST command asked for.</summary>
    public IncidentView RequiredView => View ?? throw new InvalidOperationException("the command asked for a receipt, not a view");

    /// <summary>False while figures still unknown could raise <see cref="Grade"/> (R3: "at least G, undetermined", reported like 较大).</summary>
    public bool GradeDetermined { get; init; } = true;

    internal static IncidentChange Of(IncidentState state, long version, IncidentView? view) => new(
        state.Id, version, state.Assessed.Grade is { } g ? Names.Of(g) : null, state.Assessed.Level is { } l ? Names.Of(l) : null,
        WarningIds(state.Warnings), view)
    {
        GradeDetermined = state.Assessed.GradeDetermined,
    };

    /// <summary>The warnings' ids in order: none (most incidents, and every construction drill) is the shared empty array, not a new one per command.</summary>
    private static Guid[] WarningIds(List<WarningEntry> warnings)
    {
        if (warnings.Count == 0)
        {
            return [];
        }

        var ids = new Guid[warnings.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = warnings[i].Id;
        }

        return ids;
    }

    internal static IncidentChange Of(IncidentView view) => new(
        view.Id, view.Version, view.Assessment?.Grade?.Value, view.Assessment?.Response.Level, view.Warnings.Select(w => w.Id).ToArray(), view)
    {
        GradeDetermined = view.Assessment?.Grade?.Determined ?? true,
    };
}
