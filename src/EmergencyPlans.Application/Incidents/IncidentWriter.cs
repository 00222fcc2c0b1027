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
/// </remarks>
public sealed class IncidentWriter(IIncidentStore store, IncidentReader reader, DecisionEngine engine, TimeProvider clock)
{
    public TimeProvider Clock => clock;

    /// <summary>Stores a new incident opened by <paramref name="open"/>, which receives a new id and the time.</summary>
    public async Task<IncidentView> OpenAsync(IdempotencyKey? key, Func<Guid, DateTimeOffset, Incident> open, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(open);
        if (key is not null && await ReplayAsync(key, cancellationToken).ConfigureAwait(false) is { } replay)
        {
            return replay;
        }

        var now = clock.GetUtcNow();
        var incident = open(Guid.CreateVersion7(now), now);
        var state = incident.State;
        var events = incident.Raised;
        try
        {
            var version = await store.CreateAsync(new NewIncident(state.Id, state.PlanId, state.OccurredAt), IncidentEventLog.ToRecords(events),
                IncidentEventLog.ToProjection(state), key?.Record(state.Id, 1), cancellationToken).ConfigureAwait(false);
            return reader.ToView(state, version, now);
        }
        catch (IdempotencyKeyTakenException) when (key is not null)
        {
            return await ReplayAsync(key, cancellationToken).ConfigureAwait(false) ?? throw new InvalidOperationException("an idempotency key vanished");
        }
    }

    /// <summary>Applies <paramref name="change"/> to the incident at version <paramref name="ifMatch"/> and stores what it raised.</summary>
    public async Task<IncidentView> ChangeAsync(Guid id, long? ifMatch, IdempotencyKey? key, Action<Incident, DateTimeOffset> change, CancellationToken cancellationToken)
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

        var stored = await store.GetAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException("incident", id.ToString());
        var now = clock.GetUtcNow();
        if (stored.Version != ifMatch)
        {
            throw new StaleVersionException(ifMatch.Value, stored.Version, reader.ToView(stored, now));
        }

        // The writer's own copy: the reader's cached states are never changed.
        var state = IncidentEventSchema.DeserializeState(stored.Projection.Json);
        var incident = Incident.Load(state, engine.Resolve(state.PlanId, state.OccurredAt));
        change(incident, now);
        var events = incident.Raised;
        try
        {
            var version = await store.AppendAsync(id, stored.Version, IncidentEventLog.ToRecords(events), IncidentEventLog.ToProjection(state),
                key?.Record(id, stored.Version + 1), cancellationToken).ConfigureAwait(false);
            return reader.ToView(state, version, now);
        }
        catch (IdempotencyKeyTakenException) when (key is not null)
        {
            return await ReplayAsync(key, cancellationToken).ConfigureAwait(false) ?? throw new InvalidOperationException("an idempotency key vanished");
        }
        catch (ConcurrencyConflictException conflict)
        {
            // A retry racing its own first attempt: the first one won, answer with its result.
            if (key is not null && await ReplayAsync(key, cancellationToken).ConfigureAwait(false) is { } first)
            {
                return first;
            }

            var current = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
            throw new StaleVersionException(ifMatch.Value, conflict.CurrentVersion, current is null ? null : reader.ToView(current, now));
        }
    }

    /// <summary>The first answer to a request already recorded under <paramref name="key"/>; null when the key is new.</summary>
    /// <exception cref="IdempotencyKeyReusedException">The key was used for a different request.</exception>
    private async Task<IncidentView?> ReplayAsync(IdempotencyKey key, CancellationToken cancellationToken)
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

        return await reader.ViewAtAsync(id, version, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }
}
