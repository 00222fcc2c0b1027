namespace EmergencyPlans.Application.Ports;

/// <summary>
/// Durable incident store: an append-only event log per incident plus the current projection,
/// written together in one transaction. Every write is guarded by optimistic concurrency on the
/// incident's version, which equals the sequence number of its last event.
/// </summary>
/// <remarks>
/// Timestamps are stored in UTC at microsecond precision (PostgreSQL's resolution) by every
/// provider, so a value read back is the written instant truncated to whole microseconds, with
/// offset zero.
/// </remarks>
public interface IIncidentStore
{
    /// <summary>Stores a new incident with its first event (sequence 1) and its first projection.</summary>
    /// <returns>The new version, always 1.</returns>
    /// <exception cref="IncidentAlreadyExistsException">An incident with this id is already stored.</exception>
    Task<long> CreateAsync(
        NewIncident incident,
        IncidentEvent firstEvent,
        IncidentProjection projection,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends <paramref name="events"/> (at least one) after <paramref name="expectedVersion"/> and
    /// replaces the projection, atomically.
    /// </summary>
    /// <returns>The new version: <paramref name="expectedVersion"/> plus the number of events.</returns>
    /// <exception cref="ConcurrencyConflictException">
    /// The stored version is not <paramref name="expectedVersion"/>; nothing was written.
    /// </exception>
    /// <exception cref="IncidentNotFoundException">No incident has this id.</exception>
    Task<long> AppendAsync(
        Guid incidentId,
        long expectedVersion,
        IReadOnlyList<IncidentEvent> events,
        IncidentProjection newProjection,
        CancellationToken cancellationToken = default);

    /// <summary>The current projection and version, or <see langword="null"/> for an unknown id.</summary>
    Task<StoredIncident?> GetAsync(Guid incidentId, CancellationToken cancellationToken = default);

    /// <summary>The incident's events in sequence order; empty for an unknown id.</summary>
    Task<IReadOnlyList<StoredEvent>> ReadEventsAsync(Guid incidentId, CancellationToken cancellationToken = default);

    /// <summary>Summaries matching every filter set on <paramref name="query"/>, one page of them.</summary>
    Task<IReadOnlyList<IncidentSummary>> QueryAsync(IncidentQuery query, CancellationToken cancellationToken = default);

    /// <summary>Completes when the store is reachable and its schema is in place (readiness probe).</summary>
    Task PingAsync(CancellationToken cancellationToken = default);
}
