using EmergencyPlans.Application.Common;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Incidents;

namespace EmergencyPlans.Application.Incidents;

/// <summary>
/// The one write path for incidents: load the aggregate, let it take the command, append the events
/// it raised with the new projection (and the request's Idempotency-Key) in one transaction.
/// </summary>
/// <remarks>
/// <para>Lost updates: a change names the version it was based on (If-Match); a concurrent writer
/// makes the append fail and the loser gets 412 with the current state.</para>
/// <para>Retries: a request with an Idempotency-Key already recorded is answered with the incident
/// as that request left it (the fold of the log up to the version it produced), before If-Match is
/// even looked at, so a client that lost the answer to a committed change can retry safely.</para>
/// <para>Kept incidents: the writer keeps each incident it wrote, at the version it wrote, instead of reading
/// the projection back and deserialising it for the next command. A version is written once, so a kept
/// incident at the If-Match version is that version, with several instances on one database too; if another
/// instance wrote since, the append fails on the version as it would have. A command takes the incident out
/// while it works on it and puts it back only once its change is committed: an incident a command failed on,
/// halfway or not, is dropped and read from the store next time.</para>
/// </remarks>
public sealed class IncidentWriter(IIncidentStore store, IncidentReader reader, DecisionEngine engine, TimeProvider clock)
{
    /// <summary>How many incidents are kept; when full, the kept ones are dropped and read again as needed.</summary>
    private const int Capacity = 1_000;

    private readonly Dictionary<Guid, (long Version, Incident Incident)> _kept = [];
    private readonly Lock _lock = new();

    public TimeProvider Clock => clock;

    /// <summary>Stores a new incident opened by <paramref name="open"/>, which receives a new id and the time.</summary>
    public async Task<IncidentChange> OpenAsync(IdempotencyKey? key, IncidentAnswer answer, Func<Guid, DateTimeOffset, Incident> open, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(open);
        if (key is not null && await ReplayAsync(key, cancellationToken).ConfigureAwait(false) is { } replay)
        {
            return replay;
        }

        var now = clock.GetUtcNow();
        var incident = open(Guid.CreateVersion7(now), now);
        var state = incident.State;
        try
        {
            var opened = new NewIncident(state.Id, state.PlanId, state.OccurredAt, HasFeedRecord: incident.Raised is [IncidentOpened { Source: not null }, ..]);
            var version = await store.CreateAsync(opened, IncidentEventLog.ToRecords(incident.Raised),
                IncidentEventLog.ToProjection(incident), key?.Record(state.Id, 1), cancellationToken).ConfigureAwait(false);
            return Committed(incident, version, now, answer);
        }
        catch (IdempotencyKeyTakenException) when (key is not null)
        {
            return await ReplayAsync(key, cancellationToken).ConfigureAwait(false) ?? throw new InvalidOperationException("an idempotency key vanished");
        }
    }

    /// <summary>Applies <paramref name="change"/> to the incident at version <paramref name="ifMatch"/> and stores what it raised.</summary>
    public async Task<IncidentChange> ChangeAsync(Guid id, long? ifMatch, IdempotencyKey? key, IncidentAnswer answer, Action<Incident, DateTimeOffset> change,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (key is not null && await ReplayAsync(key, cancellationToken).ConfigureAwait(false) is { } replay)
        {
            return replay;
        }

        if (ifMatch is null)
        {
            throw new PreconditionRequiredException();
        }

        try
        {
            return await ApplyAsync(id, ifMatch.Value, key, answer, change, cancellationToken).ConfigureAwait(false);
        }
        catch (StaleVersionException) when (key is not null)
        {
            // A retry racing its own first attempt, which committed after this one looked for its key: whether this one then met
            // the new version reading the incident or at the store's check, the first one won, and it is answered with its result
            // (meeting it reading, it was answered 412, "the incident changed since you read it", of its own change).
            if (await ReplayAsync(key, cancellationToken).ConfigureAwait(false) is { } first)
            {
                return first;
            }

            throw;
        }
    }

    private async Task<IncidentChange> ApplyAsync(Guid id, long ifMatch, IdempotencyKey? key, IncidentAnswer answer, Action<Incident, DateTimeOffset> change,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var kept = Take(id, ifMatch);
        var (version, incident) = kept ?? await LoadAsync(id, ifMatch, now, cancellationToken).ConfigureAwait(false);
        try
        {
            change(incident, now);
        }
        catch (Exception error)
        {
            if (kept is not null)
            {
                // The kept incident was not checked against the store: if another instance wrote since, the command was
                // judged on an old version, and the client is told so (412), as it would have been had the store been read first.
                await StoredAtAsync(id, ifMatch, now, cancellationToken).ConfigureAwait(false);
            }

            if (incident.IsUnchangedAfter(error))
            {
                // Refused before anything changed: kept as it was, so the next command does not read the whole incident
                // back. A drill whose participants make mistakes (the point of a drill) reloaded its incident after each.
                Keep(id, version, incident);
            }

            throw;
        }

        try
        {
            var written = await store.AppendAsync(id, version, IncidentEventLog.ToRecords(incident.Raised), IncidentEventLog.ToProjection(incident),
                key?.Record(id, version + 1), cancellationToken).ConfigureAwait(false);
            return Committed(incident, written, now, answer);
        }
        catch (IdempotencyKeyTakenException) when (key is not null)
        {
            return await ReplayAsync(key, cancellationToken).ConfigureAwait(false) ?? throw new InvalidOperationException("an idempotency key vanished");
        }
        catch (ConcurrencyConflictException conflict)
        {
            var current = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
            throw new StaleVersionException(ifMatch, conflict.CurrentVersion, current is null ? null : reader.ToView(current, now));
        }
    }

    /// <summary>
    /// The incident as it stands now: from the incident this writer kept when the store holds no later version, else as
    /// <see cref="IncidentReader"/> reads it. For a caller that has just written (a drill's report at its end), this spares
    /// reading back and deserialising the whole incident.
    /// </summary>
    public async Task<IncidentView> CurrentViewAsync(Guid id, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException("incident", id.ToString());
        var now = clock.GetUtcNow();
        if (Take(id, stored.Version) is not { } kept)
        {
            return reader.ToView(stored, now);
        }

        var view = reader.ToView(kept.Incident.State, kept.Version, now);
        Keep(id, kept.Version, kept.Incident);
        return view;
    }

    /// <summary>
    /// Drops the kept incident <paramref name="id"/>: its last write joined a transaction of the caller's that is being
    /// rolled back (a feed batch on SQLite), so the version kept never became durable.
    /// </summary>
    public void Forget(Guid id)
    {
        lock (_lock)
        {
            _kept.Remove(id);
        }
    }

    /// <summary>The kept incident at <paramref name="version"/>, taken out; null when none is kept at that version.</summary>
    private (long Version, Incident Incident)? Take(Guid id, long version)
    {
        (long Version, Incident Incident) kept;
        lock (_lock)
        {
            // Only one command may take it: another that got here first leaves this one to read the store.
            if (!_kept.TryGetValue(id, out kept) || kept.Version != version)
            {
                return null;
            }

            _kept.Remove(id);
        }

        // The plans were reloaded since: read it again, judged by the plan now loaded for it.
        return ReferenceEquals(engine.Resolve(kept.Incident.State.PlanId, kept.Incident.State.OccurredAt), kept.Incident.Plan) ? kept : null;
    }

    /// <summary>The stored incident, at <paramref name="ifMatch"/>; a <see cref="StaleVersionException"/> with the current view when the store holds another version.</summary>
    private async Task<StoredIncident> StoredAtAsync(Guid id, long ifMatch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException("incident", id.ToString());
        if (stored.Version != ifMatch)
        {
            throw new StaleVersionException(ifMatch, stored.Version, reader.ToView(stored, now));
        }

        return stored;
    }

    private async Task<(long Version, Incident Incident)> LoadAsync(Guid id, long ifMatch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var stored = await StoredAtAsync(id, ifMatch, now, cancellationToken).ConfigureAwait(false);

        // The writer's own copy: the reader's cached states are never changed.
        var state = IncidentEventSchema.DeserializeState(stored.Projection.Json);
        return (stored.Version, Incident.Load(state, engine.Resolve(state.PlanId, state.OccurredAt)));
    }

    /// <summary>The answer to a committed change; the incident is kept for the next command only after the answer is built from it.</summary>
    private IncidentChange Committed(Incident incident, long version, DateTimeOffset now, IncidentAnswer answer)
    {
        incident.MarkCommitted();
        var state = incident.State;
        var result = IncidentChange.Of(state, version, answer == IncidentAnswer.View ? reader.ToView(state, version, now) : null);
        Keep(state.Id, version, incident);
        return result;
    }

    private void Keep(Guid id, long version, Incident incident)
    {
        lock (_lock)
        {
            // Another command may have written this incident meanwhile (after reading the store): keep the later version.
            if (_kept.TryGetValue(id, out var other) && other.Version > version)
            {
                return;
            }

            if (_kept.Count >= Capacity)
            {
                _kept.Clear();
            }

            _kept[id] = (version, incident);
        }
    }

    /// <summary>The first answer to a request already recorded under <paramref name="key"/>; null when the key is new.</summary>
    /// <exception cref="IdempotencyKeyReusedException">The key was used for a different request.</exception>
    private async Task<IncidentChange?> ReplayAsync(IdempotencyKey key, CancellationToken cancellationToken)
    {
        var recorded = await store.FindIdempotencyAsync(key.Key, cancellationToken).ConfigureAwait(false);
        if (recorded is null)
        {
            return null;
        }

        key.EnsureSameRequest(recorded);
        if (recorded is not { IncidentId: { } id, Version: { } version })
        {
            throw new IdempotencyKeyReusedException(key.Key);
        }

        return IncidentChange.Of(await reader.ViewAtAsync(id, version, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false));
    }
}
