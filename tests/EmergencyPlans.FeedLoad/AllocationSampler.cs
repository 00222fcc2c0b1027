using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace EmergencyPlans.FeedLoad;

/// <summary>
/// What a pass allocates, by type, from the runtime's own sampling (<c>GCAllocationTick</c>: one event about every 100 KB a thread
/// allocates, naming the type of the object that crossed the mark, with the bytes since the last). A sample, not a count: a type
/// that is a share of many samples is that share of the bytes, give or take; a rare one may be missed. Listening slows the process,
/// so a sampled pass's rate is not the bench's. Made for <c>bench --allocations true</c>: the sessions that cut the feed's
/// allocations (ADR 0008) wrote such a listener each time and threw it away.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> _bytes = new(StringComparer.Ordinal);

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || eventData.Payload is not { } payload
            || eventData.PayloadNames is not { } names)
        {
            return;
        }

        var type = names.IndexOf("TypeName") is var t and >= 0 ? payload[t] as string ?? "?" : "?";
        var amount = names.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(payload[a], CultureInfo.InvariantCulture) : 100_000;
        _bytes.AddOrUpdate(type, amount, (_, sum) => sum + amount);
    }

    /// <summary>The <paramref name="top"/> types by bytes sampled, with their share of the pass's samples.</summary>
    public void Print(TextWriter output, int top)
    {
        var total = Math.Max(1, _bytes.Values.Sum());
        output.WriteLine($"  allocations sampled by type (GCAllocationTick, {total / 1e6:N0} MB sampled):");
        foreach (var (type, bytes) in _bytes.OrderByDescending(p => p.Value).Take(top))
        {
            output.WriteLine($"    {bytes / 1e6,9:N1} MB {100.0 * bytes / total,5:N1} %  {type}");
        }
    }
}
