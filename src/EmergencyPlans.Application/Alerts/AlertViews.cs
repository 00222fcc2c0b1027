using EmergencyPlans.Application.Feeds;

namespace EmergencyPlans.Application.Alerts;

/// <summary>
/// An alert as the REST API and the live stream show it. The id increases in commit order (the stream's event
/// id); the key is deterministic (docs/alerts.md); title and text are Chinese; <c>because</c> is the rule, clause
/// and plan words that caused it; <c>raisedBy</c> the service instance that raised it. <c>incidentId</c> is null only for a
/// <c>feed-road-warning</c>, which names its feed record (<c>dispatchId</c>) instead.
/// </summary>
public sealed record AlertView(
    long Id,
    string Key,
    string Kind,
    Guid? IncidentId,
    string? IncidentUrl,
    string PlanId,
    bool Drill,
    DateTimeOffset RaisedAt,
    string RaisedBy,
    string Title,
    string Text,
    AlertCause Because,
    string? DutyKey,
    DateTimeOffset? DueAt,
    AlertDetails Details,
    bool Acknowledged,
    DateTimeOffset? AcknowledgedAt,
    string? AcknowledgedBy)
{
    public static AlertView From(StoredAlert stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var a = stored.Alert;
        return new AlertView(stored.Id, a.Key, a.Kind, a.IncidentId, a.IncidentId is { } id ? $"/api/v1/incidents/{id:D}" : null, a.PlanId, a.Drill,
            a.RaisedAt, a.RaisedBy, a.Title, a.Text, a.Cause, a.DutyKey, a.DueAt, a.Details, stored.AcknowledgedAt is not null, stored.AcknowledgedAt,
            stored.AcknowledgedBy)
        {
            DispatchId = a.DispatchId,
            DispatchUrl = a.DispatchId is { } dispatch ? FeedRecordLinks.Dispatch(dispatch) : null,
            AcknowledgedByName = NameOf(stored.AcknowledgedBy),
        };
    }

    /// <summary>
    /// Who acknowledged, as people read it (王值班（值班员）): <c>acknowledgedBy</c> keeps its form, <c>name (role id)</c>, for systems
    /// that read it; the role's id is said by the catalogue's Chinese name (a feed integrator's review, session 52: first-run-duty-officer
    /// (duty-officer) on a duty officer's screen). Null when nobody acknowledged, or the text is not of that form.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? AcknowledgedByName { get; init; }

    internal static string? NameOf(string? acknowledgedBy) =>
        Core.Lifecycles.LifecycleActor.Parse(acknowledgedBy) is { } actor && Core.Domain.RoleCatalogue.Find(actor.RoleId) is { } role
            ? actor.Named(role.ChineseName)
            : null;

    /// <summary>
    /// What has overtaken the alert since it was raised, derived from its incident (or its 122 record's later alerts) as it is read, never
    /// stored, so it is never stale: the duty met, the warning issued, the escalation decided, the incident closed… (<see cref="AlertOvertaking"/>,
    /// docs/alerts.md "Overtaken"). Null while the alert still asks for something: <c>GET /api/v1/alerts?current=true</c> lists those. Always
    /// written (null included), so a client can tell "live" from a service that predates it (no member).
    /// </summary>
    public AlertOvertaken? Overtaken { get; init; }

    /// <summary>
    /// <c>feed-road-warning</c>: the feed record (接警单编号) the alert came from, which opened no incident (<c>incidentId</c> and
    /// <c>incidentUrl</c> are null then); not written for any other kind.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? DispatchId { get; init; }

    /// <summary>With <c>dispatchId</c>: the record's history (<c>GET /api/v1/feeds/122/dispatches/{dispatchId}</c>).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? DispatchUrl { get; init; }
}

/// <summary>
/// What overtook an alert (<see cref="AlertView.Overtaken"/>): <paramref name="By"/> one of <see cref="AlertOvertaking"/>'s reasons (English
/// identifiers: <c>met</c>, <c>not-needed</c>, <c>overdue</c>, <c>rescheduled</c>, <c>decided</c>, <c>issued</c>, <c>closed</c>, <c>reinstated</c>,
/// <c>withdrawn</c>, <c>resent</c>); <paramref name="At"/> when, null where the incident keeps no time for it (a duty that no longer applies);
/// <paramref name="Summary"/> the same for people, in Chinese (<c>已于03-01 09:30报告</c>).
/// </summary>
public sealed record AlertOvertaken(string By, DateTimeOffset? At, string Summary);
