namespace EmergencyPlans.Application.Alerts;

/// <summary>
/// An alert as the REST API and the live stream show it. The id increases in commit order (the stream's event
/// id); the key is deterministic (docs/alerts.md); title and text are Chinese; <c>because</c> is the rule, clause
/// and plan words that caused it; <c>raisedBy</c> the service instance that raised it.
/// </summary>
public sealed record AlertView(
    long Id,
    string Key,
    string Kind,
    Guid IncidentId,
    string IncidentUrl,
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
        return new AlertView(stored.Id, a.Key, a.Kind, a.IncidentId, $"/api/v1/incidents/{a.IncidentId:D}", a.PlanId, a.Drill, a.RaisedAt, a.RaisedBy,
            a.Title, a.Text, a.Cause, a.DutyKey, a.DueAt, a.Details, stored.AcknowledgedAt is not null, stored.AcknowledgedAt, stored.AcknowledgedBy);
    }
}
