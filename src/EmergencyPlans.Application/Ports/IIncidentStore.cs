namespace EmergencyPlans.Application.Ports;

/// <summary>
/// Durable incident store: an append-only event log per incident plus the current projection,
/// written together in one transaction. Every write is guarded by optimistic concurrency on the
/// incident's version: the number of changes accepted so far (1 once created). A change appends one
/// or more events, numbered by a sequence of their own that runs on across changes.
/// </summary>
/// <remarks>
/// Timestamps are stored in UTC at microsecond precision (PostgreSQL's resolution) by every
/// provider, so a value read back is the written instant truncated to whole microseconds, with
/// offset zero.
/// </remarks>
public interface IIncidentStore
{
    /// <summary>
    /// Stores a new incident with its first events (sequence 1 on) and its first projection, and the
    /// idempotency key of the request that opened it, all in one transaction.
    /// </summary>
    /// <returns>The new version, always 1.</returns>
    /// <exception cref="IncidentAlreadyExistsException">An incident with this id is already stored.</exception>
    /// <exception cref="IdempotencyKeyTakenException">The key was recorded meanwhile; nothing was written.</exception>
    Task<long> CreateAsync(
        NewIncident incident,
        IReadOnlyList<EventRecord> events,
        IncidentProjection projection,
        IdempotencyRecord? idempotency = null,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends <paramref name="events"/> (at least one) after <paramref name="expectedVersion"/> and
    /// replaces the projection, atomically.
    /// </summary>
    /// <returns>The new version: <paramref name="expectedVersion"/> plus one.</returns>
    /// <exception cref="ConcurrencyConflictException">
    /// The stored version is not <paramref name="expectedVersion"/>; nothing was written.
    /// </exception>
    /// <exception cref="IncidentNotFoundException">No incident has this id.</exception>
    /// <exception cref="IdempotencyKeyTakenException">The key was recorded meanwhile; nothing was written.</exception>
    Task<long> AppendAsync(
        Guid incidentId,
        long expectedVersion,
        IReadOnlyList<EventRecord> events,
        IncidentProjection newProjection,
        IdempotencyRecord? idempotency = null,
        CancellationToken cancellationToken = default);

    /// <summary>The request recorded under <paramref name="key"/>, or null when the key is new.</summary>
    Task<IdempotencyRecord?> FindIdempotencyAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Records a key for a request that changed nothing in the store (an assessment).</summary>
    /// <returns>False when the key was already recorded; the stored record is then unchanged.</returns>
    Task<bool> RecordIdempotencyAsync(IdempotencyRecord record, CancellationToken cancellationToken = default);

    /// <summary>The current projection and version, or <see langword="null"/> for an unknown id.</summary>
    Task<StoredIncident?> GetAsync(Guid incidentId, CancellationToken cancellationToken = default);

    /// <summary>The incident's events in sequence order; empty for an unknown id.</summary>
    Task<IReadOnlyList<StoredEvent>> ReadEventsAsync(Guid incidentId, CancellationToken cancellationToken = default);

    /// <summary>Summaries matching every filter set on <paramref name="query"/>, one page of them.</summary>
    Task<IReadOnlyList<IncidentSummary>> QueryAsync(IncidentQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// The store's incidents that none of <paramref name="loaded"/> covers (an incident of a plan id that occurred while no loaded
    /// version of it was in force), counted by plan id with one of them as the example: one grouped query, whatever the number of
    /// incidents (the start-up check of the plans the store needs). Empty when every incident is covered.
    /// </summary>
    Task<IReadOnlyList<UncoveredIncidents>> UncoveredAsync(IReadOnlyList<PlanInForce> loaded, CancellationToken cancellationToken = default);

    /// <summary>Completes when the store is reachable and its schema is in place (readiness probe).</summary>
    Task PingAsync(CancellationToken cancellationToken = default);
}
