using System.Diagnostics;

namespace EmergencyPlans.LoadTests;

/// <summary>
/// Closed loop: N workers each send POST /assessments (or GET /incidents/{id}, or a mix: the steady mode's warm-up), wait for the whole answer, and send the next at once.
/// Throughput is what the server (and this generator, on the same cores) can sustain; latency here is
/// service time under a fixed concurrency, not what an open stream of callers would see.
/// </summary>
internal sealed class SaturateRun
{
    private readonly ApiClient _client;
    private readonly int _workers;
    private readonly long _measureFrom;
    private readonly long _stopAt;
    private readonly int _assessPercent;
    private long _lastDone;

    /// <summary>Workers start at once; requests started in the first <paramref name="warmupSeconds"/> are not recorded.</summary>
    /// <param name="client">The shared client.</param>
    /// <param name="workers">Concurrent workers, each with at most one request in flight.</param>
    /// <param name="warmupSeconds">Unrecorded seconds first.</param>
    /// <param name="seconds">Recorded seconds.</param>
    /// <param name="assessPercent">100: POST /assessments only; 0: GET /incidents/{id} only; between: that share of assessments.</param>
    public SaturateRun(ApiClient client, int workers, int warmupSeconds, int seconds, int assessPercent)
    {
        _client = client;
        _assessPercent = assessPercent;
        _workers = workers;
        var now = Stopwatch.GetTimestamp();
        _measureFrom = now + (warmupSeconds * Stopwatch.Frequency);
        _stopAt = _measureFrom + (seconds * Stopwatch.Frequency);
        PerSecond = new long[seconds + 1];
    }

    public LatencyHistogram Latency { get; } = new();

    public Errors Errors { get; } = new();

    /// <summary>Measured requests completed in each second of the measured window.</summary>
    public long[] PerSecond { get; }

    public long MeasureFrom => _measureFrom;

    /// <summary>When the last measured request finished (the end of the window used for the rate).</summary>
    public long LastDone => Interlocked.Read(ref _lastDone);

    public Task RunAsync() => Task.WhenAll(Enumerable.Range(0, _workers).Select(w => Task.Run(() => WorkerAsync(w))));

    private async Task WorkerAsync(int worker)
    {
        long n = worker * 1_000_003L;
        while (true)
        {
            var start = Stopwatch.GetTimestamp();
            if (start >= _stopAt)
            {
                return;
            }

            var assess = ((n + 1) * _assessPercent / 100) > (n * _assessPercent / 100);
            var outcome = assess
                ? await _client.AssessAsync((int)(n % int.MaxValue), CancellationToken.None).ConfigureAwait(false)
                : await _client.GetIncidentAsync(n, CancellationToken.None).ConfigureAwait(false);
            n++;
            var done = Stopwatch.GetTimestamp();
            if (start < _measureFrom)
            {
                continue;
            }

            Latency.Record(SteadyRun.Micros(done - start));
            Interlocked.Increment(ref PerSecond[Math.Min((done - _measureFrom) / Stopwatch.Frequency, PerSecond.Length - 1)]);
            if (!outcome.Ok)
            {
                Errors.Add(outcome.ErrorKey);
            }

            long seen;
            while (done > (seen = Interlocked.Read(ref _lastDone)) && Interlocked.CompareExchange(ref _lastDone, done, seen) != seen)
            {
            }
        }
    }
}
