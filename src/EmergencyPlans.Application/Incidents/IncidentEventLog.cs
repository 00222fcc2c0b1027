using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Incidents;

namespace EmergencyPlans.Application.Incidents;

/// <summary>Domain events and states in the store's terms: event records with their schema version, and the projection row.</summary>
public static class IncidentEventLog
{
    /// <summary>The events as the store appends them (each writes its body when the store reads it).</summary>
    public static EventRecord[] ToRecords(IReadOnlyList<IncidentEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var records = new EventRecord[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            records[i] = new EventRecord(events[i]);
        }

        return records;
    }

    /// <summary>A stored event back in domain terms.</summary>
    public static IncidentEvent FromStored(StoredEvent stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return IncidentEventSchema.Deserialize(stored.Type, stored.SchemaVersion, stored.PayloadJson);
    }

    /// <summary>A record to append back in domain terms: the event it was made from, else its body read.</summary>
    public static IncidentEvent FromRecord(EventRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.Event ?? IncidentEventSchema.Deserialize(record.Type, record.SchemaVersion, record.PayloadJson);
    }

    /// <summary>The projection row of an incident: the columns queries filter on, and the document, written when the store reads it.</summary>
    public static IncidentProjection ToProjection(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var state = incident.State;
        return new IncidentProjection(
            () => IncidentEventSchema.SerializeStateToUtf8(state), state.IsOpen, state.CurrentLevel is { } level ? Core.Domain.Names.Of(level) : null,
            ResponseStates.Of(state.Response.State), incident.NextDueAt, state.UpdatedAt) { OccurredAt = state.OccurredAt };
    }
}
