using System.Collections.Concurrent;
using EmergencyPlans.Application.Ports;

namespace EmergencyPlans.Application.Incidents;

/// <summary>
/// Deserialised projections for reads, keyed by incident and version: a version never changes once
/// written, so a hit is always current for that version, with several instances too. Writers never use
/// it (they mutate their own copy). Bounded; when full it is simply cleared.
/// </summary>
public sealed class IncidentRecordCache
{
    private const int Capacity = 10_000;
    private readonly ConcurrentDictionary<Guid, (long Version, IncidentRecord Record)> _records = new();

    /// <summary>The record for the stored version; read-only for the caller.</summary>
    public IncidentRecord Get(StoredIncident stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (_records.TryGetValue(stored.Id, out var hit) && hit.Version == stored.Version)
        {
            return hit.Record;
        }

        var record = IncidentRecord.FromJson(stored.Projection.Json);
        if (_records.Count >= Capacity)
        {
            _records.Clear();
        }

        _records[stored.Id] = (stored.Version, record);
        return record;
    }
}
