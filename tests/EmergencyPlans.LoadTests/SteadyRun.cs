using System.Diagnostics;
using System.Runtime.InteropServices;

namespace EmergencyPlans.LoadTests;

/// <summary>
/// Open loop at a constant arrival rate: request i is due at start + i/rate whatever happened to the ones
/// before it, and its latency is measured from that due time, not from when it was actually sent. A server
/// stall therefore shows up in the percentiles of every request that should have been sent during it
/// (no coordinated omission). Requests mix POST /assessments and GET /incidents/{id} (50/50 unless told).
/// </summary>
internal sealed partial class SteadyRun
{
    private readonly ApiClient _client;
    private readonly double _rate;
    private readonly long _warmupCount;
    private readonly long _total;
    private readonly int _seconds;
    private readonly int _tickMicros;
    private readonly long _targetMicros;
    private readonly long _start;
    private long _inFlight;
    private long _peakInFlight;
    private long _completed;
    private long _lastDone;

    private readonly int _assessPercent;

    public SteadyRun(ApiClient client, double rate, int warmupSeconds, int seconds, int tickMicros, double targetMs, int assessPercent)
    {
        _client = client;
        _assessPercent = assessPercent;
        _rate = rate;
        _seconds = seconds;
        _tickMicros = tickMicros;
        _targetMicros = (long)(targetMs * 1000);
        _warmupCount = (long)(rate * warmupSeconds);
        _total = _warmupCount + (long)(rate * seconds);
        PerSecond = Enumerable.Range(0, seconds).Select(_ => new SecondStats()).ToArray();
        _start = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 10);
    }

    /// <summary>Latency from the scheduled send time (what a caller arriving at that moment would see).</summary>
    public LatencyHistogram All { get; } = new();

    public LatencyHistogram Assess { get; } = new();

    public LatencyHistogram GetIncident { get; } = new();

    /// <summary>Latency from the moment the request was actually handed to HttpClient (hides queueing: for comparison only).</summary>
    public LatencyHistogram Service { get; } = new();

    /// <summary>How late the generator itself handed requests to HttpClient: its own clock and thread-pool lag.</summary>
    public LatencyHistogram SendLag { get; } = new();

    /// <summary>The warm-up requests, kept apart: a fresh server spends its first seconds of traffic JIT-compiling.</summary>
    public LatencyHistogram Warmup { get; } = new();

    public Errors WarmupErrors { get; } = new();

    public Errors Errors { get; } = new();

    public SecondStats[] PerSecond { get; }

    public long PeakInFlight => Interlocked.Read(ref _peakInFlight);

    /// <summary>Stopwatch timestamp of the first measured (post-warm-up) request's due time.</summary>
    public long MeasuredStart => Due(_warmupCount);

    public long MeasuredEnd => Due(_total);

    /// <summary>When the last measured request finished.</summary>
    public long LastDone => Interlocked.Read(ref _lastDone);

    /// <summary>Sends on a dedicated thread until the last request is due, then waits for the stragglers.</summary>
    public async Task<bool> RunAsync(TimeSpan drainTimeout)
    {
        var sender = new Thread(SendLoop) { IsBackground = true, Name = "arrival-clock", Priority = ThreadPriority.Highest };
        sender.Start();
        await Task.Run(sender.Join).ConfigureAwait(false);
        var deadline = Stopwatch.GetTimestamp() + (long)(drainTimeout.TotalSeconds * Stopwatch.Frequency);
        while (Interlocked.Read(ref _completed) < _total && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(10).ConfigureAwait(false);
        }

        return Interlocked.Read(ref _completed) == _total;
    }

    public long Unfinished => _total - Interlocked.Read(ref _completed);

    private long Due(long index) => _start + (long)(index * Stopwatch.Frequency / _rate);

    private void SendLoop()
    {
        long next = 0;
        while (next < _total)
        {
            var now = Stopwatch.GetTimestamp();
            while (next < _total && Due(next) <= now)
            {
                var index = next++;
                ThreadPool.UnsafeQueueUserWorkItem(static s => _ = s.Run.OneAsync(s.Index), (Run: this, Index: index), preferLocal: false);
            }

            if (next < _total)
            {
                var wait = (Due(next) - Stopwatch.GetTimestamp()) * 1_000_000 / Stopwatch.Frequency;
                if (wait > 0)
                {
                    // Thread.Sleep has millisecond granularity; usleep lets the clock tick every few hundred µs.
                    _ = USleep((uint)Math.Min(wait, _tickMicros));
                }
            }
        }
    }

    private async Task OneAsync(long index)
    {
        var due = Due(index);
        var inFlight = Interlocked.Increment(ref _inFlight);
        long peak;
        while (inFlight > (peak = Interlocked.Read(ref _peakInFlight)) && Interlocked.CompareExchange(ref _peakInFlight, inFlight, peak) != peak)
        {
        }

        // Spread evenly: request i is an assessment when the running share of assessments falls behind the mix.
        var kind = ((index + 1) * _assessPercent / 100) > (index * _assessPercent / 100) ? RequestKind.Assess : RequestKind.GetIncident;
        var sent = Stopwatch.GetTimestamp();
        var outcome = kind == RequestKind.Assess
            ? await _client.AssessAsync((int)index, CancellationToken.None).ConfigureAwait(false)
            : await _client.GetIncidentAsync(index, CancellationToken.None).ConfigureAwait(false);
        var done = Stopwatch.GetTimestamp();
        Interlocked.Decrement(ref _inFlight);

        if (index < _warmupCount)
        {
            Warmup.Record(Micros(done - due));
            if (!outcome.Ok)
            {
                WarmupErrors.Add(outcome.ErrorKey);
            }
        }
        else
        {
            var latency = Micros(done - due);
            All.Record(latency);
            (kind == RequestKind.Assess ? Assess : GetIncident).Record(latency);
            Service.Record(Micros(done - sent));
            SendLag.Record(Micros(sent - due));
            var second = (int)Math.Min((index - _warmupCount) / _rate, _seconds - 1);
            PerSecond[second].Add(latency, outcome.Ok, latency > _targetMicros);
            if (!outcome.Ok)
            {
                Errors.Add(outcome.ErrorKey);
            }

            long seen;
            while (done > (seen = Interlocked.Read(ref _lastDone)) && Interlocked.CompareExchange(ref _lastDone, done, seen) != seen)
            {
            }
        }

        Interlocked.Increment(ref _completed);
    }

    internal static long Micros(long stopwatchTicks) => stopwatchTicks * 1_000_000 / Stopwatch.Frequency;

    [LibraryImport("libc", EntryPoint = "usleep")]
    private static partial int USleep(uint microseconds);
}

/// <summary>Completed requests, errors, requests over the latency target and the worst latency in one second of the schedule.</summary>
internal sealed class SecondStats
{
    private long _count;
    private long _errors;
    private long _overTarget;
    private long _max;

    public long Count => Interlocked.Read(ref _count);

    public long ErrorCount => Interlocked.Read(ref _errors);

    public long OverTarget => Interlocked.Read(ref _overTarget);

    public long MaxMicros => Interlocked.Read(ref _max);

    public void Add(long micros, bool ok, bool overTarget)
    {
        Interlocked.Increment(ref _count);
        if (!ok)
        {
            Interlocked.Increment(ref _errors);
        }

        if (overTarget)
        {
            Interlocked.Increment(ref _overTarget);
        }

        long seen;
        while (micros > (seen = Interlocked.Read(ref _max)) && Interlocked.CompareExchange(ref _max, micros, seen) != seen)
        {
        }
    }
}

/// <summary>Failed requests by kind ("HTTP 500", "HttpRequestException/SocketException", ...).</summary>
internal sealed class Errors
{
    private readonly Dictionary<string, long> _byKind = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public long Total
    {
        get
        {
            lock (_gate)
            {
                return _byKind.Values.Sum();
            }
        }
    }

    public void Add(string kind)
    {
        lock (_gate)
        {
            _byKind[kind] = _byKind.GetValueOrDefault(kind) + 1;
        }
    }

    public override string ToString()
    {
        lock (_gate)
        {
            return _byKind.Count == 0 ? "none" : string.Join(", ", _byKind.OrderByDescending(p => p.Value).Select(p => $"{p.Key} ×{p.Value}"));
        }
    }
}
