using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Incidents;

namespace EmergencyPlans.Application.Incidents;

/// <summary>Domain events and states in the store's terms: event records with their schema version, and the projection row.</summary>
public static class IncidentEventLog
{
    /// <summary>The events as the store appends them.</summary>
    public static EventRecord[] ToRecords(IReadOnlyList<IncidentEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var records = new EventRecord[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            records[i] = new EventRecord(IncidentEventSchema.NameOf(e), IncidentEventSchema.Version, e.At, e.By.ToString(), IncidentEventSchema.Serialize(e));
        }

        return records;
    }

    /// <summary>A stored event back in domain terms.</summary>
    public static IncidentEvent FromStored(StoredEvent stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return IncidentEventSchema.Deserialize(stored.Type, stored.SchemaVersion, stored.PayloadJson);
    }

    /// <summary>The projection row of a state: the document and the columns queries filter on.</summary>
    public static IncidentProjection ToProjection(IncidentState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new IncidentProjection(
            IncidentEventSchema.SerializeState(state), state.IsOpen, state.CurrentLevel is { } level ? Core.Domain.Names.Of(level) : null,
            state.NextDueAt, state.UpdatedAt);
    }
}
