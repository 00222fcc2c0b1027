using EmergencyPlans.Core.Domain;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Lifecycles;

namespace EmergencyPlans.Application.Incidents;

/// <summary>GET /incidents/{id}: figures, current decision, obligations with status, warnings and the timeline.</summary>
public sealed record IncidentView(
    Guid Id,
    long Version,
    string PlanId,
    string PlanDocumentNumber,
    DateTimeOffset OccurredAt,
    string County,
    string Nature,
    ReporterDto Reporter,
    bool Drill,
    bool Open,
    string State,
    IReadOnlyList<string> AllowedReports,
    AssessmentRequest Report,
    AssessmentResponse? Assessment,
    EscalationDto? Escalation,
    ResponseView Response,
    IReadOnlyList<ObligationView> Obligations,
    IReadOnlyList<WarningView> Warnings,
    IReadOnlyList<TimelineEntry> Timeline);

public sealed record ResponseView(string State, string? Level, string? ProposedLevel, string? ResponsibleBody, IReadOnlyList<string> AllowedTriggers, IReadOnlyList<LifecycleDecision> Decisions);

public sealed record ObligationView(
    string Key,
    string Code,
    string To,
    DateTimeOffset? DueAt,
    string Status,
    string Timing,
    string? Every,
    DateTimeOffset? MetAt,
    bool? OnTime,
    string? MetBy,
    string Clause,
    string Words);

public sealed record WarningView(Guid Id, string State, string Colour, string ProposedBy, string? ApprovedBy, string? IssuedBy, IReadOnlyList<string> AllowedTriggers, IReadOnlyList<LifecycleDecision> Decisions);

public sealed record IncidentSummaryView(Guid Id, string PlanId, DateTimeOffset OccurredAt, long Version, bool Open, string? Level, DateTimeOffset? NextObligationDueAt, bool Overdue, DateTimeOffset UpdatedAt);

public static class IncidentViews
{
    public static IncidentView ToView(IncidentRecord r, long version, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(r);
        var incident = new IncidentLifecycle(r.Incident);
        var response = new ResponseLifecycle(PlanActivationAuthorityPlaceholder.Instance, r.Response);
        return new IncidentView(
            r.Id, version, r.PlanId, r.PlanDocumentNumber, r.OccurredAt, r.County, r.Nature, r.Reporter, r.Drill,
            IsOpen(r), r.Incident.State.ToString(), incident.PermittedTriggers.Select(t => t.ToString()).ToArray(),
            r.Report, r.Assessment, r.Escalation,
            new ResponseView(r.Response.State.ToString(), r.Response.Level?.ToString(), r.Response.ProposedLevel?.ToString(),
                r.Response.ResponsibleBody?.ToString(), response.PermittedTriggers.Select(t => t.ToString()).ToArray(), r.Response.Decisions),
            r.Obligations.Select(o => new ObligationView(o.Key, o.Code, o.To, o.Clock?.DueAt, IncidentAggregate.Status(o, now), o.Timing, o.Every,
                o.Clock?.FiledAt ?? o.MetAt, o.Clock?.OnTime, o.MetBy, o.Clause, o.Words)).ToArray(),
            r.Warnings.Select(w =>
            {
                var lifecycle = new WarningLifecycle(WarningAuthorityPlaceholder.Instance, w.Snapshot);
                return new WarningView(w.Id, w.Snapshot.State.ToString(), w.Snapshot.Colour.ToString(), w.Snapshot.ProposedBy.ToString(),
                    w.Snapshot.ApprovedBy?.ToString(), w.Snapshot.IssuedBy?.ToString(), lifecycle.PermittedTriggers.Select(t => t.ToString()).ToArray(),
                    w.Snapshot.Decisions);
            }).ToArray(),
            r.Timeline);
    }

    public static IncidentSummaryView ToView(IncidentSummary s, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new IncidentSummaryView(s.Id, s.PlanId, s.OccurredAt, s.Version, s.IsOpen, s.Level, s.NextObligationDueAt,
            s.NextObligationDueAt is { } due && due < now, s.UpdatedAt);
    }

    /// <summary>Open until the final report is in and the response (if any) has been terminated.</summary>
    public static bool IsOpen(IncidentRecord r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return r.Incident.State != IncidentState.Closed;
    }

    /// <summary>The response level if one is active, otherwise the level the assessment calls for.</summary>
    public static string? CurrentLevel(IncidentRecord r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return r.Response.State == ResponseState.Active && r.Response.Level is { } level ? level.ToString() : r.Assessment?.Response.Level;
    }

    public static IncidentProjection ToProjection(IncidentRecord r, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(r);
        var next = r.Obligations.Where(IncidentAggregate.IsOpen).Select(o => o.Clock?.DueAt).Where(d => d is not null).Min();
        return new IncidentProjection(r.ToJson(), IsOpen(r), CurrentLevel(r), next, now);
    }

    /// <summary>Permitted triggers do not depend on authority; this table answers "no one" so only the state matters.</summary>
    private sealed class PlanActivationAuthorityPlaceholder : IActivationAuthority
    {
        public static readonly PlanActivationAuthorityPlaceholder Instance = new();

        public IReadOnlyList<ResponseLevel> Levels { get; } = [ResponseLevel.I, ResponseLevel.II, ResponseLevel.III, ResponseLevel.IV];

        public bool MayActivate(LifecycleActor actor, ResponseLevel level) => false;

        public IReadOnlyList<ActivationGrant> GrantsFor(ResponseLevel level) => [];
    }

    /// <summary>As above for warnings: permitted triggers depend on the state only, so no plan is needed to list them.</summary>
    private sealed class WarningAuthorityPlaceholder : IWarningAuthority
    {
        public static readonly WarningAuthorityPlaceholder Instance = new();

        public IReadOnlyList<string> ApproverRoles(RoadWarningColour colour) => [];

        public IReadOnlyList<string> IssuerRoles(RoadWarningColour colour) => [];
    }
}
