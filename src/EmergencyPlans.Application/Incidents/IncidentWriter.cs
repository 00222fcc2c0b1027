using System.Text.Json;
using EmergencyPlans.Application.Common;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Lifecycles;

namespace EmergencyPlans.Application.Incidents;

/// <summary>
/// The one write path for an existing incident: read, check If-Match, apply the change, append one event
/// and the new projection with the version read. A concurrent writer makes the append fail, and the
/// loser gets 412 with the current state: no update is ever lost.
/// </summary>
public sealed class IncidentWriter(IIncidentStore store, TimeProvider clock)
{
    public TimeProvider Clock => clock;

    public async Task<IncidentView> ChangeAsync(Guid id, long? ifMatch, string eventType, Actor actor, object payload,
        Action<IncidentRecord, DateTimeOffset> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(actor);
        if (ifMatch is null)
        {
            throw new PreconditionRequiredException();
        }

        var stored = await store.GetAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException("incident", id.ToString());
        var now = clock.GetUtcNow();
        if (stored.Version != ifMatch)
        {
            throw new StaleVersionException(ifMatch.Value, stored.Version, IncidentViews.ToView(IncidentRecord.FromJson(stored.Projection.Json), stored.Version, now));
        }

        var record = IncidentRecord.FromJson(stored.Projection.Json);
        change(record, now);
        CloseIfDone(record, now);
        var @event = new IncidentEvent(eventType, now, $"{actor.Name} [{string.Join(",", actor.Roles)}]", JsonSerializer.Serialize(payload, IncidentRecord.Json));
        try
        {
            var version = await store.AppendAsync(id, stored.Version, [@event], IncidentViews.ToProjection(record, now), cancellationToken).ConfigureAwait(false);
            return IncidentViews.ToView(record, version, now);
        }
        catch (ConcurrencyConflictException conflict)
        {
            var current = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
            throw new StaleVersionException(ifMatch.Value, conflict.CurrentVersion,
                current is null ? null : IncidentViews.ToView(IncidentRecord.FromJson(current.Projection.Json), current.Version, now));
        }
    }

    /// <summary>After the final report, and once any response has ended, the incident closes by itself.</summary>
    private static void CloseIfDone(IncidentRecord record, DateTimeOffset now)
    {
        var incident = new IncidentLifecycle(record.Incident);
        if (incident.State == IncidentState.FinalReported && incident.CanClose(record.Response.State))
        {
            incident.Close(record.Response.State, new LifecycleActor("system", "EmergencyPlans"), now,
                record.Response.State == ResponseState.Terminated ? "final report filed and response terminated" : "final report filed; no response was activated");
            record.Incident = incident.Snapshot;
            record.Timeline.Add(new TimelineEntry(now, "incident-closed", "system", "final report filed and no response still active", null));
        }
    }
}
