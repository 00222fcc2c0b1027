using System.Diagnostics;
using System.Globalization;
using System.Text;
using EmergencyPlans.LoadTests;

// Load generator for the EmergencyPlans REST host. Exit codes: 0 no request failed, 1 some failed (or never
// finished), 2 bad arguments or the server was not ready. Missed latency/memory/throughput targets are
// reported (TARGET MISSED) but do not change the exit code: on a shared machine they are measurements.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
Console.OutputEncoding = Encoding.UTF8;

if (args.Length == 0 || args[0] is not ("steady" or "saturate"))
{
    Console.Error.WriteLine(Options.Usage);
    return 2;
}

Options options;
try
{
    options = Options.Parse(args.Skip(1).ToArray(), saturate: args[0] == "saturate");
}
catch (FormatException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(Options.Usage);
    return 2;
}

var pid = options.ServerPid ?? ProcessSampler.FindListener(options.Url.Port);
if (pid is null || !ProcessSampler.IsAlive(pid.Value))
{
    Console.Error.WriteLine($"No server process: pass --server-pid, or start the host listening on port {options.Url.Port}.");
    return 2;
}

using var client = new ApiClient(options.Url, options.Key, options.Connections);
try
{
    await client.PrepareAsync(args[0] == "steady" || options.Endpoint == RequestKind.GetIncident ? options.Incidents : 0, CancellationToken.None).ConfigureAwait(false);
}
catch (Exception e) when (e is InvalidOperationException or HttpRequestException or TaskCanceledException)
{
    Console.Error.WriteLine($"Server not ready for the load test: {e.Message}");
    return 2;
}

using var sampler = new ProcessSampler(pid.Value);
sampler.Start();
Report.Server(pid.Value);
return args[0] == "steady"
    ? await Modes.SteadyAsync(options, client, sampler).ConfigureAwait(false)
    : await Modes.SaturateAsync(options, client, sampler).ConfigureAwait(false);

internal static class Modes
{
    public static async Task<int> SteadyAsync(Options o, ApiClient client, ProcessSampler sampler)
    {
        Console.WriteLine($"== steady: open loop, {o.Rate:0} req/s for {o.Duration} s; {o.AssessPercent}% POST /api/v1/assessments ({client.AssessVariants} bodies), {100 - o.AssessPercent}% GET /api/v1/incidents/{{id}} ({client.IncidentCount} incidents, round-robin); occurred {Payloads.OccurredAt:yyyy-MM-dd'T'HH:mm:sszzz} ==");
        if (o.Warmup > 0)
        {
            // Closed loop, so a cold server (tier-0 code, the JIT thread busy) cannot build a backlog that spills into the measurement.
            var warm = new SaturateRun(client, o.WarmupWorkers, 0, o.Warmup, o.AssessPercent);
            await warm.RunAsync().ConfigureAwait(false);
            Console.WriteLine($"warm-up       closed loop, {o.WarmupWorkers} workers, same mix, {o.Warmup} s (not counted): {warm.Latency.Count / (double)o.Warmup:0}/s, errors {warm.Errors.Total}; per second {string.Join(' ', warm.PerSecond.Take(o.Warmup))}");
            Report.Latency("  (warm-up, closed loop)", warm.Latency, o.P99TargetMs);
        }

        var run = new SteadyRun(client, o.Rate, o.LeadIn, o.Duration, o.TickMicros, o.P99TargetMs, o.AssessPercent);
        var before = sampler.Now();
        var finished = await run.RunAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        var after = sampler.Now();
        var from = sampler.SecondsAt(run.MeasuredStart);
        var to = sampler.SecondsAt(run.MeasuredEnd);
        var samples = sampler.Between(from, to + 0.5);
        var measured = run.All.Count;
        var window = Math.Max(o.Duration, (double)(run.LastDone - run.MeasuredStart) / Stopwatch.Frequency);
        var errors = run.Errors.Total + run.Unfinished;

        Console.WriteLine($"requests      {measured} measured (+{(long)(o.Rate * o.LeadIn)} lead-in), errors {run.Errors.Total} ({run.Errors}), unfinished {run.Unfinished}");
        Console.WriteLine($"rate          target {o.Rate:0.0}/s, achieved {measured / window:0.0}/s (measured requests / {window:0.00} s from first due time to last answer)");
        Console.WriteLine("latency (ms)  measured from each request's SCHEDULED send time, so queueing behind a stall counts:");
        Report.Latency("  all", run.All, o.P99TargetMs);
        Report.Latency("  POST /assessments", run.Assess, o.P99TargetMs);
        Report.Latency("  GET /incidents/{id}", run.GetIncident, o.P99TargetMs);
        Report.Latency("  (service: from actual send)", run.Service, o.P99TargetMs);
        Report.Latency("  (generator send lag)", run.SendLag, o.P99TargetMs);
        Report.Latency($"  (first {o.LeadIn} s open loop, not counted)", run.Warmup, o.P99TargetMs);
        if (run.WarmupErrors.Total > 0)
        {
            Console.WriteLine($"lead-in errors {run.WarmupErrors}");
        }
        Console.WriteLine($"client        peak in flight {run.PeakInFlight}, TCP connections opened {client.ConnectionsOpened} (max {o.Connections})");
        var memory = Report.Memory(samples, o.RssLimitMb);
        Report.Cpu(before, after, measured + (long)(o.Rate * o.LeadIn));
        Report.Load(samples);
        Report.Timeline(run.PerSecond, o.P99TargetMs);

        var p99 = run.All.Percentile(99) / 1000.0;
        Console.WriteLine("targets");
        Report.Verdict($"p99 < {o.P99TargetMs} ms", p99 < o.P99TargetMs, $"p99 {p99:0.000} ms");
        Report.Verdict("zero errors", errors == 0, $"{errors} failed or unfinished");
        Report.Verdict($"achieved rate ≥ 99% of {o.Rate:0}/s", measured / window >= 0.99 * o.Rate, $"{measured / window:0.0}/s");
        Report.Verdict($"server RSS < {o.RssLimitMb} MB", memory.MaxMb < o.RssLimitMb, $"max {memory.MaxMb:0.0} MB");
        Report.Verdict("server RSS flat (last-10 s median within 10% of first-10 s median)", memory.Flat, $"{memory.FirstMb:0.0} → {memory.LastMb:0.0} MB, slope {Report.Signed(memory.SlopeMbPerMin)} MB/min");
        return errors == 0 && finished ? 0 : 1;
    }

    public static async Task<int> SaturateAsync(Options o, ApiClient client, ProcessSampler sampler)
    {
        var endpoint = o.Endpoint == RequestKind.Assess ? $"POST /api/v1/assessments ({client.AssessVariants} bodies)" : $"GET /api/v1/incidents/{{id}} ({client.IncidentCount} incidents)";
        Console.WriteLine($"== saturate: closed loop, {o.Concurrency} workers, {endpoint} for {o.Duration} s after {o.Warmup} s warm-up ==");
        var run = new SaturateRun(client, o.Concurrency, o.Warmup, o.Duration, o.Endpoint == RequestKind.Assess ? 100 : 0);
        var task = run.RunAsync();
        await Task.Delay(TimeSpan.FromSeconds(o.Warmup)).ConfigureAwait(false);
        var before = sampler.Now();
        await task.ConfigureAwait(false);
        var after = sampler.Now();
        var samples = sampler.Between(sampler.SecondsAt(run.MeasureFrom), sampler.SecondsAt(run.LastDone) + 0.5);
        var count = run.Latency.Count;
        var seconds = (double)(run.LastDone - run.MeasureFrom) / Stopwatch.Frequency;
        var rps = count / seconds;

        Console.WriteLine($"requests      {count} measured, errors {run.Errors.Total} ({run.Errors})");
        Console.WriteLine($"throughput    {rps:0.0} req/s over {seconds:0.00} s; per second: {string.Join(' ', run.PerSecond.Take(o.Duration))}");
        Console.WriteLine("latency (ms)  per request, send to last byte, at this concurrency:");
        Report.Latency(o.Endpoint == RequestKind.Assess ? "  POST /assessments" : "  GET /incidents/{id}", run.Latency, o.P99TargetMs);
        Console.WriteLine($"client        TCP connections opened {client.ConnectionsOpened} (max {o.Connections})");
        Report.Memory(samples, o.RssLimitMb);
        Report.Cpu(before, after, count);
        Report.Load(samples);
        Console.WriteLine("targets");
        Report.Verdict($"{(o.Endpoint == RequestKind.Assess ? "POST /assessments" : "GET /incidents/{id}")} > {o.TargetRps:0} req/s", rps > o.TargetRps, $"{rps:0.0} req/s");
        Report.Verdict("zero errors", run.Errors.Total == 0, $"{run.Errors.Total} failed");
        return run.Errors.Total == 0 ? 0 : 1;
    }
}

internal readonly record struct MemorySummary(double MaxMb, double FirstMb, double LastMb, double SlopeMbPerMin, bool Flat);

internal static class Report
{
    public static void Server(int pid)
    {
        static string Read(string path)
        {
            try
            {
                return File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return "";
            }
        }

        var cmdline = Read($"/proc/{pid}/cmdline").TrimEnd('\0').Replace('\0', ' ');
        var env = Read($"/proc/{pid}/environ").Split('\0')
            .Where(v => v.StartsWith("DOTNET_", StringComparison.Ordinal) || v.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || v.StartsWith("Logging__", StringComparison.Ordinal));
        Console.WriteLine($"server        pid {pid}: {cmdline}");
        Console.WriteLine($"server env    {string.Join(' ', env).DefaultIfEmpty("(no DOTNET_/ASPNETCORE_/Logging__ variables)")}");
        Console.WriteLine($"machine       {Environment.ProcessorCount} cores; load average at start {Read("/proc/loadavg").Trim()}");
    }

    public static string Signed(double value)
    {
        var rounded = Math.Round(value, 1);
        return (rounded >= 0 ? "+" : "") + (rounded == 0 ? 0.0 : rounded).ToString("0.0", CultureInfo.InvariantCulture);
    }

    private static string DefaultIfEmpty(this string text, string fallback) => text.Length == 0 ? fallback : text;

    public static void Latency(string label, LatencyHistogram h, double targetMs)
    {
        static string Ms(long micros) => (micros / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);
        var over = h.CountAbove((long)(targetMs * 1000));
        Console.WriteLine(
            $"{label,-32} n {h.Count,7}  p50 {Ms(h.Percentile(50)),8}  p90 {Ms(h.Percentile(90)),8}  p99 {Ms(h.Percentile(99)),8}  p99.9 {Ms(h.Percentile(99.9)),8}  max {Ms(h.MaxMicros),8}  mean {h.MeanMicros / 1000:0.000}  >{targetMs}ms {over} ({(h.Count == 0 ? 0 : 100.0 * over / h.Count):0.00}%)");
    }

    public static MemorySummary Memory(IReadOnlyList<Sample> samples, double limitMb)
    {
        var rss = samples.Where(s => s.ServerRssKb > 0).ToList();
        if (rss.Count == 0)
        {
            Console.WriteLine("server RSS    no samples");
            return new MemorySummary(double.NaN, double.NaN, double.NaN, double.NaN, false);
        }

        static double Mb(long kb) => kb / 1024.0;
        static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        }

        var t0 = rss[0].Seconds;
        var t1 = rss[^1].Seconds;
        var mbs = rss.Select(s => Mb(s.ServerRssKb)).ToArray();
        var first = Median(rss.Where(s => s.Seconds < t0 + 10).Select(s => Mb(s.ServerRssKb)));
        var last = Median(rss.Where(s => s.Seconds > t1 - 10).Select(s => Mb(s.ServerRssKb)));

        // Least-squares slope of RSS over time, in MB per minute.
        var mt = rss.Average(s => s.Seconds);
        var mm = mbs.Average();
        var sxx = rss.Sum(s => (s.Seconds - mt) * (s.Seconds - mt));
        var slope = sxx == 0 ? 0 : rss.Zip(mbs).Sum(p => (p.First.Seconds - mt) * (p.Second - mm)) / sxx * 60;
        var flat = Math.Abs(last - first) <= 0.10 * first;
        Console.WriteLine(
            $"server RSS    {rss.Count} samples (1/s): min {mbs.Min():0.0} MB, median {Median(mbs):0.0} MB, max {mbs.Max():0.0} MB (limit {limitMb} MB); first 10 s median {first:0.0} MB, last 10 s median {last:0.0} MB (Δ {Signed(last - first)} MB), slope {Signed(slope)} MB/min → {(flat ? "flat" : "NOT flat")}");
        Console.WriteLine($"server RSS/s  {string.Join(' ', mbs.Select(m => m.ToString("0", CultureInfo.InvariantCulture)))}");
        var tail = rss.Where(s => s.Seconds > t1 - 10).ToList();
        Console.WriteLine(
            $"server RSS by kind, last 10 s medians: anon (GC heap, stacks, native) {Median(tail.Select(s => Mb(s.AnonKb))):0.0} MB, file-backed (assemblies, libraries; shared, clean) {Median(tail.Select(s => Mb(s.FileKb))):0.0} MB, shmem (JIT code double-mapped under W^X) {Median(tail.Select(s => Mb(s.ShmemKb))):0.0} MB");
        Console.WriteLine($"server threads {string.Join(' ', rss.Select(s => s.ServerThreads).Distinct())}");
        return new MemorySummary(mbs.Max(), first, last, slope, flat);
    }

    public static void Cpu(Sample before, Sample after, long requests)
    {
        var wall = after.Seconds - before.Seconds;
        var server = after.ServerCpuSeconds - before.ServerCpuSeconds;
        var client = after.ClientCpuSeconds - before.ClientCpuSeconds;
        Console.WriteLine(
            $"CPU           over {wall:0.0} s: server {server:0.0} s ({100 * server / wall:0}% of one core, {1e6 * server / requests:0} µs/request), generator {client:0.0} s ({100 * client / wall:0}%, {1e6 * client / requests:0} µs/request); {Environment.ProcessorCount} cores = {100 * Environment.ProcessorCount}%");
        if (server > 0)
        {
            Console.WriteLine($"              → the server alone on all {Environment.ProcessorCount} cores would top out near {Environment.ProcessorCount * requests / server:0} req/s at this CPU cost per request");
        }
    }

    public static void Load(IReadOnlyList<Sample> samples)
    {
        if (samples.Count > 0)
        {
            Console.WriteLine($"load average  1-min during the run: first {samples[0].Load1:0.00}, max {samples.Max(s => s.Load1):0.00}, last {samples[^1].Load1:0.00}");
        }
    }

    public static void Timeline(SecondStats[] seconds, double targetMs)
    {
        Console.WriteLine($"per second    done/errors/>{targetMs}ms/max ms:");
        for (var i = 0; i < seconds.Length; i += 6)
        {
            Console.WriteLine("  " + string.Join("  ", seconds.Skip(i).Take(6).Select((s, j) =>
                $"{i + j,2}s {s.Count,4}/{s.ErrorCount}/{s.OverTarget,3}/{s.MaxMicros / 1000.0,6:0.0}")));
        }
    }

    public static void Verdict(string what, bool met, string measured) =>
        Console.WriteLine($"  {(met ? "met          " : "TARGET MISSED")}  {what}: {measured}");
}

internal sealed class Options
{
    public const string Usage = """
        usage: EmergencyPlans.LoadTests steady|saturate [options]
          --url URL            server base address (default http://127.0.0.1:5080)
          --key KEY            API key sent as Bearer (default loadtest-key-0123456789)
          --server-pid PID     process to sample (default: whoever listens on the URL's port)
          --duration S         measured seconds (steady 60, saturate 25)
          --warmup S           unmeasured seconds first (steady 30, closed loop with --warmup-workers 8
                               and the same mix; saturate 3, same workers and endpoint)
          --connections N      SocketsHttpHandler.MaxConnectionsPerServer (steady 256, saturate = --concurrency)
          steady:   --rate R (2000) --incidents N (100) --tick-us U (200, send-clock granularity)
                    --lead-in S (2: open-loop seconds at the rate before measuring)
                    --assess-percent P (50; the rest are GETs) --p99-target-ms T (5) --rss-limit-mb M (150)
          saturate: --concurrency N (64) --target-rps R (10000) --endpoint assess|get (assess)
          both:     --occurred-at T (when the assessed and opened incidents occurred, with offset; default two hours
                    before the run, so the incidents owe what a duty desk's do; until 2026-12-07 2026-03-01T08:00:00+08:00)
        """;

    public Uri Url { get; private set; } = new("http://127.0.0.1:5080");

    public string Key { get; private set; } = "loadtest-key-0123456789";

    public int? ServerPid { get; private set; }

    public int Duration { get; private set; }

    public int Warmup { get; private set; }

    public int Connections { get; private set; }

    public double Rate { get; private set; } = 2000;

    public int Incidents { get; private set; } = 100;

    public int TickMicros { get; private set; } = 200;

    public double P99TargetMs { get; private set; } = 5;

    public double RssLimitMb { get; private set; } = 150;

    public int Concurrency { get; private set; } = 64;

    public double TargetRps { get; private set; } = 10_000;

    public int AssessPercent { get; private set; } = 50;

    public int WarmupWorkers { get; private set; } = 8;

    public int LeadIn { get; private set; } = 2;

    public RequestKind Endpoint { get; private set; } = RequestKind.Assess;

    public static Options Parse(string[] args, bool saturate)
    {
        var o = new Options();
        int? duration = null, warmup = null, connections = null;
        for (var i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length)
            {
                throw new FormatException($"{args[i]} needs a value.");
            }

            var v = args[i + 1];
            switch (args[i])
            {
                case "--url": o.Url = new Uri(v); break;
                case "--key": o.Key = v; break;
                case "--server-pid": o.ServerPid = Int(v); break;
                case "--duration": duration = Int(v); break;
                case "--warmup": warmup = Int(v); break;
                case "--connections": connections = Int(v); break;
                case "--rate": o.Rate = Num(v); break;
                case "--incidents": o.Incidents = Int(v); break;
                case "--tick-us": o.TickMicros = Int(v); break;
                case "--p99-target-ms": o.P99TargetMs = Num(v); break;
                case "--rss-limit-mb": o.RssLimitMb = Num(v); break;
                case "--concurrency": o.Concurrency = Int(v); break;
                case "--target-rps": o.TargetRps = Num(v); break;
                case "--assess-percent": o.AssessPercent = Int(v); break;
                case "--warmup-workers": o.WarmupWorkers = Int(v); break;
                case "--lead-in": o.LeadIn = Int(v); break;
                case "--occurred-at":
                    Payloads.OccurredAt = DateTimeOffset.TryParseExact(v, "yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
                        ? at
                        : throw new FormatException("--occurred-at is a time with its offset, e.g. 2026-03-01T08:00:00+08:00.");
                    break;
                case "--endpoint":
                    o.Endpoint = v switch
                    {
                        "assess" => RequestKind.Assess,
                        "get" => RequestKind.GetIncident,
                        _ => throw new FormatException("--endpoint is assess or get."),
                    };
                    break;
                default: throw new FormatException($"Unknown option {args[i]}.");
            }
        }

        o.Duration = duration ?? (saturate ? 25 : 60);
        o.Warmup = warmup ?? (saturate ? 3 : 30);
        o.Connections = connections ?? (saturate ? o.Concurrency : 256);
        if (o.AssessPercent is < 0 or > 100)
        {
            throw new FormatException("--assess-percent is 0 to 100.");
        }

        if (o.Rate <= 0 || o.Duration <= 0 || o.Incidents <= 0 || o.Concurrency <= 0 || o.Connections <= 0 || o.WarmupWorkers <= 0 || o.Warmup < 0 || o.LeadIn < 0)
        {
            throw new FormatException("--rate, --duration, --incidents, --concurrency, --connections and --warmup-workers must be positive; --warmup and --lead-in not negative.");
        }

        return o;
    }

    private static int Int(string v) => int.Parse(v, NumberStyles.Integer, CultureInfo.InvariantCulture);

    private static double Num(string v) => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture);
}
