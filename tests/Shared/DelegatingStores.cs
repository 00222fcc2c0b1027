using EmergencyPlans.Application.Alerts;
using EmergencyPlans.Application.Ports;

namespace EmergencyPlans.Tests.Shared;

/// <summary>
/// An incident store that passes every call to <paramref name="inner"/>: a test's decorator overrides the calls it observes or breaks
/// (a read counted, a change slipped in between two reads) and inherits the rest, so each decorator says only what it does.
/// </summary>
internal abstract class DelegatingIncidentStore(IIncidentStore inner) : IIncidentStore
{
    protected IIncidentStore Inner { get; } = inner;

    public virtual Task<long> CreateAsync(NewIncident incident, IReadOnlyList<EventRecord> events, IncidentProjection projection,
        IdempotencyRecord? idempotency = null, CancellationToken cancellationToken = default) =>
        Inner.CreateAsync(incident, events, projection, idempotency, cancellationToken);

    public virtual Task<long> AppendAsync(Guid incidentId, long expectedVersion, IReadOnlyList<EventRecord> events, IncidentProjection newProjection,
        IdempotencyRecord? idempotency = null, CancellationToken cancellationToken = default) =>
        Inner.AppendAsync(incidentId, expectedVersion, events, newProjection, idempotency, cancellationToken);

    public virtual Task<IdempotencyRecord?> FindIdempotencyAsync(string key, CancellationToken cancellationToken = default) =>
        Inner.FindIdempotencyAsync(key, cancellationToken);

    public virtual Task<bool> RecordIdempotencyAsync(IdempotencyRecord record, CancellationToken cancellationToken = default) =>
        Inner.RecordIdempotencyAsync(record, cancellationToken);

    public virtual Task<StoredIncident?> GetAsync(Guid incidentId, CancellationToken cancellationToken = default) => Inner.GetAsync(incidentId, cancellationToken);

    public virtual Task<IReadOnlyList<StoredEvent>> ReadEventsAsync(Guid incidentId, CancellationToken cancellationToken = default) =>
        Inner.ReadEventsAsync(incidentId, cancellationToken);

    public virtual Task<IReadOnlyList<IncidentSummary>> QueryAsync(IncidentQuery query, CancellationToken cancellationToken = default) =>
        Inner.QueryAsync(query, cancellationToken);

    public virtual Task<IReadOnlyList<UncoveredIncidents>> UncoveredAsync(IReadOnlyList<PlanInForce> loaded, CancellationToken cancellationToken = default) =>
        Inner.UncoveredAsync(loaded, cancellationToken);

    public virtual Task PingAsync(CancellationToken cancellationToken = default) => Inner.PingAsync(cancellationToken);
}

/// <summary>An alert store that passes every call to <paramref name="inner"/>; a test's decorator overrides what it observes or breaks.</summary>
internal abstract class DelegatingAlertStore(IAlertStore inner) : IAlertStore
{
    protected IAlertStore Inner { get; } = inner;

    public virtual Task<IReadOnlyList<StoredAlert>> RaiseAsync(IReadOnlyList<NewAlert> alerts, CancellationToken cancellationToken = default) =>
        Inner.RaiseAsync(alerts, cancellationToken);

    public virtual Task<StoredAlert?> GetAsync(long id, CancellationToken cancellationToken = default) => Inner.GetAsync(id, cancellationToken);

    public virtual Task<IReadOnlyList<StoredAlert>> QueryAsync(AlertQuery query, CancellationToken cancellationToken = default) => Inner.QueryAsync(query, cancellationToken);

    public virtual Task<IReadOnlyList<StoredAlert>> ReadAfterAsync(long afterId, int limit, CancellationToken cancellationToken = default) =>
        Inner.ReadAfterAsync(afterId, limit, cancellationToken);

    public virtual Task<long> LastIdAsync(CancellationToken cancellationToken = default) => Inner.LastIdAsync(cancellationToken);

    public virtual Task<StoredAlert?> AcknowledgeAsync(long id, string by, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        Inner.AcknowledgeAsync(id, by, at, cancellationToken);

    public virtual Task<IReadOnlyList<(Guid Id, long Version)>> UnscannedIncidentsAsync(Guid? after, int limit, CancellationToken cancellationToken = default) =>
        Inner.UnscannedIncidentsAsync(after, limit, cancellationToken);

    public virtual Task<IReadOnlyList<DueIncident>> DueIncidentsAsync(DateTimeOffset dueBefore, DuePosition? after, int limit, CancellationToken cancellationToken = default) =>
        Inner.DueIncidentsAsync(dueBefore, after, limit, cancellationToken);

    public virtual Task MarkScannedAsync(Guid incidentId, long version, CancellationToken cancellationToken = default) =>
        Inner.MarkScannedAsync(incidentId, version, cancellationToken);

    public virtual Task<IReadOnlyList<FeedMessageToScan>> FeedMessagesToScanAsync(long after, int limit, CancellationToken cancellationToken = default) =>
        Inner.FeedMessagesToScanAsync(after, limit, cancellationToken);

    public virtual Task<IReadOnlyList<long>> AcknowledgeAllAsync(Guid? incidentId, string? dispatchId, long through, string by, DateTimeOffset at,
        CancellationToken cancellationToken = default) =>
        Inner.AcknowledgeAllAsync(incidentId, dispatchId, through, by, at, cancellationToken);

    public virtual Task SettleFeedMessagesAsync(IReadOnlyCollection<long> positions, CancellationToken cancellationToken = default) =>
        Inner.SettleFeedMessagesAsync(positions, cancellationToken);

    public virtual Task<IReadOnlyList<StoredIncident>> IncidentsAsync(IReadOnlyCollection<Guid> incidentIds, CancellationToken cancellationToken = default) =>
        Inner.IncidentsAsync(incidentIds, cancellationToken);

    public virtual Task<IReadOnlyList<AlertMark>> FeedAlertsOfAsync(IReadOnlyCollection<Guid> incidentIds, IReadOnlyCollection<string> dispatchIds,
        CancellationToken cancellationToken = default) =>
        Inner.FeedAlertsOfAsync(incidentIds, dispatchIds, cancellationToken);

    public virtual Task<IReadOnlyList<StoredIncident>> IncidentsOfCountiesAsync(IReadOnlyCollection<string> planIds, IReadOnlyCollection<string> counties,
        DateTimeOffset earliest, DateTimeOffset latest, int limit, CancellationToken cancellationToken = default) =>
        Inner.IncidentsOfCountiesAsync(planIds, counties, earliest, latest, limit, cancellationToken);

    public virtual Task<IReadOnlyList<StoredIncident>> IncidentsOfRecordsAsync(IReadOnlyCollection<string> dispatchIds, CancellationToken cancellationToken = default) =>
        Inner.IncidentsOfRecordsAsync(dispatchIds, cancellationToken);
}
