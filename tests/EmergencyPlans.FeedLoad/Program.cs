using System.Diagnostics;
using System.Globalization;
using System.Text;
using EmergencyPlans.Application;
using EmergencyPlans.Application.Feeds;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core;
using EmergencyPlans.FeedLoad;
using EmergencyPlans.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

// feedload generate --out FILE [--count N] [--seed N] [--start ISO]
// feedload bench    [--records N] [--runs N] [--dir DIR] [--batch N] [--plans DIR] [--plan-share 0.02] [--submit-lines N]   (the file whole, or in parts of N lines)
//                   [--allocations true]   (also samples what each timed pass allocates, by type: for finding waste; it slows the pass, so its rates are not the bench's)
// feedload ingest   --data DIR --in FILE [--acks FILE] [--plans DIR] [--batch N] [--now ISO]   (the crash test's host; --now stops its clock)
// feedload phases   [--records N] [--dir DIR] [--plans DIR]   (each per-line step of the routine path timed alone)
// feedload writes   [--incidents N] [--rounds N] [--dir DIR]    (the incident store's writes inside a feed batch, alone)
// The commands and their options, for --help and a command line that lacks one.
const string Usage = "usage: feedload generate --out FILE [--count N] [--seed N] [--start ISO] [--plan-share 0.02] | bench [--records N] [--runs N] [--dir DIR] "
    + "| ingest --data DIR --in FILE [--acks FILE] [--now ISO] | phases [--records N] [--dir DIR] | writes [--incidents N] [--rounds N] [--dir DIR]";
var command = args.Length > 0 ? args[0] : "help";
if (args.Any(a => a is "--help" or "-h") || args is ["help", ..])
{
    // Asked for (`generate --help`): the usage on stdout, exit 0. It threw "--out is required" with a stack trace (review s62 F62-21).
    Console.Out.WriteLine(Usage);
    return 0;
}

var options = Options.Parse(args.Skip(1).ToArray());
try
{
    return command switch
    {
        "generate" => Generate(options),
        "bench" => await BenchAsync(options),
        "ingest" => await IngestAsync(options),
        "phases" => Phases(options),
        "writes" => await WritesAsync(options),
        _ => Help(),
    };
}
catch (MissingOptionException e)
{
    Console.Error.WriteLine($"feedload {command}: {e.Message}");
    return Help();
}

static int Help()
{
    Console.Error.WriteLine(Usage);
    return 2;
}

static int Generate(Options o)
{
    var start = DateTimeOffset.Parse(o.Get("start", "2026-06-01T00:00:00+08:00"), CultureInfo.InvariantCulture);
    Write(o.Require("out"), int.Parse(o.Get("count", "1000000"), CultureInfo.InvariantCulture), int.Parse(o.Get("seed", "20261202"), CultureInfo.InvariantCulture), start,
        double.Parse(o.Get("plan-share", "0.02"), CultureInfo.InvariantCulture));
    return 0;
}

static void Write(string path, int count, int seed, DateTimeOffset start, double planShare)
{
    using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
    foreach (var line in new FeedGenerator(seed, start) { PlanShare = planShare }.Lines(count))
    {
        writer.Write(line);
        writer.Write('\n');
    }
}

// The per-line steps of the routine path, each timed alone on one thread over the same lines (process CPU time,
// which the machine's load moves less than wall time): where a line's microseconds go before any SQLite work.
static int Phases(Options o)
{
    var count = int.Parse(o.Get("records", "100000"), CultureInfo.InvariantCulture);
    var dir = Path.GetFullPath(o.Get("dir", Path.Combine(Path.GetTempPath(), "emergencyplans-feed-bench")));
    Directory.CreateDirectory(dir);
    var feed = Path.Combine(dir, $"phases-{count}.ndjson");
    if (!File.Exists(feed))
    {
        Write(feed, count, 20261202, new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.FromHours(8)), 0);
    }

    using var services = Services.Build(Path.Combine(dir, "phases-data"), o.Get("plans", Services.FindPlans()), 2000);
    var validator = services.GetRequiredService<FeedRecordValidator>();
    var lines = File.ReadAllLines(feed);
    var bytes = new byte[lines.Length][];
    var records = new FeedRecord?[lines.Length];
    for (var round = 0; round < 2; round++)
    {
        // The first round warms the JIT up; the second is reported.
        var report = round == 1;
        Time("read lines (StreamReader)", () =>
        {
            using var reader = new StreamReader(feed, Encoding.UTF8, false, FeedIngestor.FileBufferBytes);
            while (reader.ReadLine() is not null)
            {
            }
        });
        Time("UTF-8 bytes of the line", () => { for (var i = 0; i < lines.Length; i++) { bytes[i] = Encoding.UTF8.GetBytes(lines[i]); } });
        Time("SHA-256 of the line", () => { foreach (var b in bytes) { System.Security.Cryptography.SHA256.HashData(b); } });
        Time("peek eventId", () => { foreach (var b in bytes) { FeedJson.PeekEventId(b); } });
        // Parsed once to keep the records (which makes the GC promote them: not timed), then timed without keeping them.
        for (var i = 0; i < bytes.Length; i++)
        {
            records[i] = FeedJson.Parse(bytes[i], out _, out _);
        }

        Time("parse (System.Text.Json)", () => { foreach (var b in bytes) { FeedJson.Parse(b, out _, out _); } });
        Time("FluentValidation", () => { foreach (var r in records) { if (r is not null) { validator.Validate(r); } } });

        void Time(string name, Action work)
        {
            GC.Collect();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            work();
            var spent = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            if (report)
            {
                Console.WriteLine($"{name,-45} {spent.TotalMilliseconds * 1000 / lines.Length,7:N2} µs/line {(GC.GetAllocatedBytesForCurrentThread() - allocated) / lines.Length,7:N0} bytes/line");
            }
        }
    }

    return 0;
}

// The incident store's part of a feed line that opens or updates an incident, without the command around it: inside
// a feed batch, the line's savepoint and the append (or create), a ~12 KB projection and a ~1 KB event, as the feed
// writes them (no Idempotency-Key since session 39, ADR 0008). Each round's batch is rolled back, so every round writes
// the same versions and no fsync is timed. Process CPU time per write, after a round that warms the JIT up.
static async Task<int> WritesAsync(Options o)
{
    var count = int.Parse(o.Get("incidents", "500"), CultureInfo.InvariantCulture);
    var rounds = int.Parse(o.Get("rounds", "10"), CultureInfo.InvariantCulture);
    var dir = Path.GetFullPath(o.Get("dir", Path.Combine(Path.GetTempPath(), "emergencyplans-feed-bench")));
    var data = Path.Combine(dir, "writes-data");
    if (Directory.Exists(data))
    {
        Directory.Delete(data, true);
    }

    using var services = Services.Build(data, Services.FindPlans(), 2000);
    var incidents = services.GetRequiredService<IIncidentStore>();
    var feed = services.GetRequiredService<IFeedStore>();
    var at = new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.FromHours(8));
    var document = "{\"duties\":[" + string.Join(',', Enumerable.Range(0, 220).Select(i => $"{{\"id\":\"duty-{i}\",\"text\":\"按预案第{i}条报告市应急管理局\",\"done\":false}}")) + "]}";

    // A projection of its own for every write, as the feed hands the store: a projection keeps the UTF-8 it is first bound as.
    IncidentProjection Projection() => new(document, isOpen: true, level: "III", responseState: "Active", nextObligationDueAt: at.AddHours(1), updatedAt: at);
    var payload = "{\"summary\":\"" + new string('续', 300) + "\"}";
    EventRecord Event() => new("report-filed", 1, at, "feed-122", payload);
    var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToArray();
    foreach (var id in ids)
    {
        await incidents.CreateAsync(new NewIncident(id, "road-traffic", at), [Event()], Projection());
    }

    Console.WriteLine($"{count:N0} incidents, projection {document.Length:N0} chars, event {payload.Length:N0} chars; {rounds} rounds; load average {LoadAverage()}");
    var appendCpu = new List<double>();
    var createCpu = new List<double>();
    for (var round = 0; round <= rounds; round++)
    {
        var (appendUs, appendBytes) = await TimeRoundAsync(async () =>
        {
            foreach (var id in ids)
            {
                await using var line = await feed.BeginLineAsync();
                await incidents.AppendAsync(id, 1, [Event()], Projection());
                await line.KeepAsync();
            }
        });
        var (createUs, createBytes) = await TimeRoundAsync(async () =>
        {
            foreach (var _ in ids)
            {
                await using var line = await feed.BeginLineAsync();
                await incidents.CreateAsync(new NewIncident(Guid.NewGuid(), "road-traffic", at), [Event()], Projection());
                await line.KeepAsync();
            }
        });
        if (round > 0)
        {
            appendCpu.Add(appendUs);
            createCpu.Add(createUs);
            Console.WriteLine($"round {round}: append {appendUs,6:N1} µs CPU {appendBytes,7:N0} bytes; create {createUs,6:N1} µs CPU {createBytes,7:N0} bytes (per write, the line's savepoint included)");
        }
    }

    Console.WriteLine($"median append {Median(appendCpu):N1} µs CPU a write, create {Median(createCpu):N1} µs CPU a write");
    return 0;

    async Task<(double Us, long Bytes)> TimeRoundAsync(Func<Task> writes)
    {
        GC.Collect();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        await using (await feed.BeginBatchAsync())
        {
            await writes(); // and rolled back: the next round writes the same versions again
        }

        var spent = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        return (spent.TotalMilliseconds * 1000 / count, (GC.GetTotalAllocatedBytes(precise: true) - allocated) / count);
    }
}

static async Task<int> IngestAsync(Options o)
{
    // A stopped clock when asked: what an ingest stores then depends on the file alone, not on the hour it ran at (a
    // periodic duty's instances are raised up to now, so two runs a minute apart can differ by one whose time fell between).
    var now = o.Get("now", "");
    var clock = now.Length == 0 ? null : new FeedTime(DateTimeOffset.Parse(now, CultureInfo.InvariantCulture));
    using var services = Services.Build(o.Require("data"), o.Get("plans", Services.FindPlans()), int.Parse(o.Get("batch", FeedOptions.DefaultBatchSize.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture), clock);
    var ingestor = services.GetRequiredService<FeedIngestor>();
    var acksPath = o.Get("acks", "");
    await using var acks = acksPath.Length == 0 ? null : new StreamWriter(acksPath, append: true, new UTF8Encoding(false));
    await using var input = OpenFeed(o.Require("in"));
    var summary = await ingestor.IngestAsync(input, "feedload", async (r, ct) =>
    {
        // Written only after the commit that holds the line: what is in this file was acknowledged.
        if (acks is not null)
        {
            await acks.WriteLineAsync($"{r.Line}\t{r.Status}\t{r.EventId}");
            if (r.Line % 500 == 0)
            {
                await acks.FlushAsync(ct);
            }
        }
    });
    Console.WriteLine(summary);
    return 0;
}

static async Task<int> BenchAsync(Options o)
{
    var records = int.Parse(o.Get("records", "1000000"), CultureInfo.InvariantCulture);
    var runs = int.Parse(o.Get("runs", "3"), CultureInfo.InvariantCulture);
    var batch = int.Parse(o.Get("batch", FeedOptions.DefaultBatchSize.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
    var dir = Path.GetFullPath(o.Get("dir", Path.Combine(Path.GetTempPath(), "emergencyplans-feed-bench")));
    var plans = o.Get("plans", Services.FindPlans());
    var planShare = double.Parse(o.Get("plan-share", "0.02"), CultureInfo.InvariantCulture);
    var sampleAllocations = bool.Parse(o.Get("allocations", "false"));
    Directory.CreateDirectory(dir);
    var feed = Path.Combine(dir, $"feed-{records}-{planShare.ToString(CultureInfo.InvariantCulture)}.ndjson");
    var feedStart = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.FromHours(8));
    if (!File.Exists(feed))
    {
        Write(feed, records, 20261202, feedStart, planShare);
    }

    // The feed arrives live, as 122 sends it: the service's clock reads the feed's own time, not today's, or every incident of a
    // feed written for June would owe half a year of missed periodic reports by December (ADR 0003, repeating duties) and the bench
    // would measure a backlog no live feed has. FeedGenerator writes line n at feed time start + n s. The file goes in as one submission,
    // as `feed ingest FILE` sends it, with the clock at the last whole line the service has read (to within 100 lines); with
    // --submit-lines N, in parts of N lines, one submission each with the clock at its last line's time (the bench's shape from
    // 2026-12-03 to session 38). Where the lines end is found before anything is timed.
    int? partLines = o.Get("submit-lines", "") is { Length: > 0 } submitLines ? int.Parse(submitLines, CultureInfo.InvariantCulture) : null;
    var submission = FeedSubmission.Of(feed, partLines);

    Console.WriteLine($"feed {feed}: {records:N0} lines, {new FileInfo(feed).Length / 1e6:N1} MB; batch {batch}; {(partLines is { } n ? $"submissions of {n} lines" : "one submission")}; {runs} runs; .NET {Environment.Version}, {Environment.ProcessorCount} cores");

    // Warm-up (JIT, the plans' first use) on the feed's first 20,000 lines, in a folder of its own, so that the first run
    // does not also pay for compiling while the others do not: the drill bench warms up the same way.
    {
        var warmUp = Path.Combine(dir, "warm-up");
        if (Directory.Exists(warmUp))
        {
            Directory.Delete(warmUp, true);
        }

        Directory.CreateDirectory(warmUp);
        var warmFeed = Path.Combine(warmUp, "feed.ndjson");
        await File.WriteAllLinesAsync(warmFeed, File.ReadLines(feed).Take(20_000));
        var warmSubmission = FeedSubmission.Of(warmFeed, partLines);
        var watch = Stopwatch.StartNew();
        var warmClock = new FeedTime(feedStart);
        using (var services = Services.Build(Path.Combine(warmUp, "data"), plans, batch, warmClock))
        {
            var ingestor = services.GetRequiredService<FeedIngestor>();
            await TimeAsync(ingestor, warmFeed, warmSubmission, warmClock);
            await TimeAsync(ingestor, warmFeed, warmSubmission, warmClock);
        }

        SqliteConnection.ClearAllPools();
        await CeilingAsync(warmFeed, Path.Combine(warmUp, "ceiling.db"), batch);
        SqliteConnection.ClearAllPools();
        Directory.Delete(warmUp, true);
        Console.WriteLine($"warm-up on the first 20,000 lines: {watch.Elapsed.TotalSeconds:N1} s (not in the figures)");
    }

    var ingestRates = new List<double>();
    var replayRates = new List<double>();
    var ceilingRates = new List<double>();
    var shares = new List<double>();
    for (var run = 1; run <= runs; run++)
    {
        var data = Path.Combine(dir, $"run-{run}");
        if (Directory.Exists(data))
        {
            Directory.Delete(data, true);
        }

        var clock = new FeedTime(feedStart);
        using (var services = Services.Build(data, plans, batch, clock))
        {
            var ingestor = services.GetRequiredService<FeedIngestor>();
            var store = services.GetRequiredService<IFeedStore>();
            await store.CountAsync(); // the schema, outside the measurement

            var (first, firstTime) = await TimeAsync(ingestor, feed, submission, clock, sampleAllocations);
            var afterFirst = await store.CountAsync();
            var incidents = await CountIncidentsAsync(Path.Combine(data, "emergencyplans.db"));
            var (second, secondTime) = await TimeAsync(ingestor, feed, submission, clock, sampleAllocations);
            var afterSecond = await store.CountAsync();
            var incidentsAfter = await CountIncidentsAsync(Path.Combine(data, "emergencyplans.db"));
            ingestRates.Add(records / firstTime.TotalSeconds);
            replayRates.Add(records / secondTime.TotalSeconds);
            Console.WriteLine($"run {run} ingest: {records / firstTime.TotalSeconds:N0} records/s ({firstTime.TotalSeconds:N1} s) {first}");
            Console.WriteLine($"run {run}   rows: {afterFirst}, {Rows(incidents)}");
            Console.WriteLine($"run {run} replay: {records / secondTime.TotalSeconds:N0} records/s ({secondTime.TotalSeconds:N1} s) {second}");
            Console.WriteLine($"run {run}   rows: {afterSecond}, {Rows(incidentsAfter)}: {(afterSecond == afterFirst && incidents == incidentsAfter ? "no new rows" : "NEW ROWS (failure)")}");
            if (afterSecond != afterFirst || incidents != incidentsAfter || second.Accepted != 0)
            {
                Console.WriteLine("FAIL: the replay wrote rows");
                return 1;
            }
        }

        SqliteConnection.ClearAllPools();
        var ceiling = await CeilingAsync(feed, Path.Combine(data, "ceiling.db"), batch);
        ceilingRates.Add(records / ceiling.TotalSeconds);
        Console.WriteLine($"run {run} ceiling (bare batched insert of the same lines, synchronous=FULL): {records / ceiling.TotalSeconds:N0} records/s ({ceiling.TotalSeconds:N1} s)");
        // The ceiling moves with the disk from minute to minute (270,000 to 415,000 records/s within an hour): each ingest is also
        // set against the ceiling measured right after it, in the same run.
        shares.Add(ingestRates[^1] / ceilingRates[^1]);
        Console.WriteLine($"run {run} ingest as a share of this run's ceiling: {shares[^1]:P0}");
    }

    var peak = PeakRssMb();
    Console.WriteLine();
    Console.WriteLine($"median ingest  {Median(ingestRates):N0} records/s (target >= 50,000)");
    Console.WriteLine($"median replay  {Median(replayRates):N0} records/s (target >= 200,000)");
    Console.WriteLine($"median ceiling {Median(ceilingRates):N0} records/s; ingest = {Median(ingestRates) / Median(ceilingRates):P0} of it (goal 50%); "
                      + $"run by run {string.Join(" / ", shares.Select(r => r.ToString("P0", CultureInfo.InvariantCulture)))}, median {Median(shares):P0}");
    Console.WriteLine($"peak RSS {peak:N0} MB (target < 300)");
    return 0;
}

static async Task<(FeedSummary Summary, TimeSpan Elapsed)> TimeAsync(FeedIngestor ingestor, string feed, FeedSubmission submission, FeedTime clock, bool sampleAllocations = false)
{
    using var sampler = sampleAllocations ? new AllocationSampler() : null;
    await using var input = OpenFeed(feed);
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var (gen0, gen1, gen2, pause) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
    var allocated = GC.GetTotalAllocatedBytes();
    var written = BytesWritten();
    var watch = Stopwatch.StartNew();
    var summary = new FeedSummary(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    if (submission.Whole)
    {
        // The whole file as one submission, as `feed ingest FILE` sends it, with the clock at the feed time of the last whole line
        // the service has received: a live feed's clock is never behind a line it has.
        summary = await ingestor.IngestAsync(new SliceStream(input, 0, input.Length, clock.Following(submission.Chunks)), "bench",
            static (_, _) => ValueTask.CompletedTask);
    }
    else
    {
        foreach (var chunk in submission.Chunks)
        {
            // One submission a part, each answered after its commit, with the clock at the feed time of its last line.
            clock.Now = clock.Start.AddSeconds(chunk.LastLine);
            var part = await ingestor.IngestAsync(new SliceStream(input, chunk.Offset, chunk.Length), chunk.FirstLine, "bench", static (_, _) => ValueTask.CompletedTask, null);
            summary = new FeedSummary(summary.Lines + part.Lines, summary.Accepted + part.Accepted, summary.Opened + part.Opened, summary.Updated + part.Updated,
                summary.Routine + part.Routine, summary.Duplicate + part.Duplicate, summary.Stale + part.Stale, summary.Conflict + part.Conflict,
                summary.Rejected + part.Rejected, summary.Commits + part.Commits);
        }
    }

    var elapsed = watch.Elapsed;
    // CPU time moves less than wall time with the machine's load: a second view when comparing builds.
    Console.WriteLine($"  (process CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:N1} s in {elapsed.TotalSeconds:N1} s; load average {LoadAverage()}; " +
                      $"GCs {GC.CollectionCount(0) - gen0}/{GC.CollectionCount(1) - gen1}/{GC.CollectionCount(2) - gen2}, paused {(GC.GetTotalPauseDuration() - pause).TotalSeconds:N2} s; " +
                      $"allocated {(GC.GetTotalAllocatedBytes() - allocated) / 1e6:N0} MB; written to disk {(BytesWritten() - written) / 1e6:N0} MB)");
    sampler?.Print(Console.Out, top: 30);
    return (summary, elapsed);
}

// As the CLI opens a feed file: no buffer of the file stream's own, FeedLineReader reads through FeedIngestor.FileBufferBytes.
static FileStream OpenFeed(string path) =>
    new(path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read, BufferSize = 0 });

// What the process has caused to be written to the disk (Linux: /proc/self/io write_bytes), the WAL's and the checkpoints' writes:
// each commit waits for its share of them.
static long BytesWritten() => File.Exists("/proc/self/io")
    ? File.ReadLines("/proc/self/io").Where(l => l.StartsWith("write_bytes:", StringComparison.Ordinal)).Select(l => long.Parse(l[12..].Trim(), CultureInfo.InvariantCulture)).FirstOrDefault()
    : 0;

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

// Incidents and their events, from CountIncidentsAsync's one number.
static string Rows(long incidentsAndEvents) =>
    $"incidents {incidentsAndEvents / 1_000_000_000:N0}, incident events {incidentsAndEvents % 1_000_000_000:N0}";

// Incidents × 10^9 + incident events: one number to compare before and after a replay.
static async Task<long> CountIncidentsAsync(string path)
{
    await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
    await connection.OpenAsync();
    await using var count = connection.CreateCommand();
    count.CommandText = "SELECT (SELECT COUNT(*) FROM incidents) * 1000000000 + (SELECT COUNT(*) FROM incident_events)";
    return (long)(await count.ExecuteScalarAsync())!;
}

// The same lines, read the same way, inserted as they are in groups of the same size, each group one
// fsynced transaction: what the disk and SQLite allow before any parsing or deciding.
static async Task<TimeSpan> CeilingAsync(string feed, string path, int batch)
{
    await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
    await connection.OpenAsync();
    await using (var setup = connection.CreateCommand())
    {
        setup.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; CREATE TABLE lines (line_number INTEGER PRIMARY KEY, line TEXT NOT NULL);";
        await setup.ExecuteNonQueryAsync();
    }

    using var input = new StreamReader(feed, Encoding.UTF8, false, FeedIngestor.FileBufferBytes);
    var watch = Stopwatch.StartNew();
    var lines = new List<string>(batch);
    long number = 0;
    while (true)
    {
        var line = await input.ReadLineAsync();
        if (line is not null)
        {
            lines.Add(line);
        }

        if (lines.Count == batch || (line is null && lines.Count > 0))
        {
            await using var transaction = connection.BeginTransaction();
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO lines (line_number, line) VALUES ($n, $line)";
            var n = insert.Parameters.Add("$n", SqliteType.Integer);
            var text = insert.Parameters.Add("$line", SqliteType.Text);
            insert.Prepare();
            foreach (var l in lines)
            {
                n.Value = ++number;
                text.Value = l;
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
            lines.Clear();
        }

        if (line is null)
        {
            break;
        }
    }

    return watch.Elapsed;
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

static double PeakRssMb()
{
    // VmHWM: the process's peak resident set, over the whole run.
    foreach (var line in File.ReadLines("/proc/self/status"))
    {
        if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
        {
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
        }
    }

    return double.NaN;
}

namespace EmergencyPlans.FeedLoad
{
    /// <summary>The service wiring every host uses (docs/operations.md: AddCore, AddApplication, AddInfrastructure, AddMediator).</summary>
    internal static class Services
    {
        public static ServiceProvider Build(string dataDirectory, string plansDirectory, int batch, TimeProvider? clock = null)
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["EmergencyPlans:DataDirectory"] = Path.GetFullPath(dataDirectory),
                ["EmergencyPlans:PlansDirectory"] = Path.GetFullPath(plansDirectory),
                ["EmergencyPlans:Feed:BatchSize"] = batch.ToString(CultureInfo.InvariantCulture),
            }).Build();
            var services = new ServiceCollection();
            services.AddSingleton<IConfiguration>(configuration);
            if (clock is not null)
            {
                services.AddSingleton(clock); // AddCore only adds the system clock when none is registered
            }

            services.AddCore(configuration).AddApplication().AddInfrastructure(configuration);
            services.AddMediator(o =>
            {
                o.ServiceLifetime = ServiceLifetime.Singleton;
                o.Assemblies = [typeof(DependencyInjection)];
                o.PipelineBehaviors = [typeof(EmergencyPlans.Application.Common.ValidationBehavior<,>)];
            });
            return services.BuildServiceProvider();
        }

        public static string FindPlans()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "EmergencyPlans.sln")))
                {
                    return Path.Combine(dir.FullName, "plans");
                }
            }

            return "plans";
        }
    }

    internal sealed class Options
    {
        private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

        public static Options Parse(string[] args)
        {
            var o = new Options();
            for (var i = 0; i + 1 < args.Length; i += 2)
            {
                o._values[args[i].TrimStart('-')] = args[i + 1];
            }

            return o;
        }

        public string Get(string name, string fallback) => _values.GetValueOrDefault(name, fallback);

        public string Require(string name) => _values.TryGetValue(name, out var v) ? v : throw new MissingOptionException($"--{name} is required");
    }

    /// <summary>A required option left out: said with the usage, not as an unhandled exception.</summary>
    internal sealed class MissingOptionException(string message) : Exception(message);
}

namespace EmergencyPlans.FeedLoad
{
    /// <summary>The service's clock in the bench: the feed's own time (<see cref="FeedGenerator"/> writes line n at start + n s).</summary>
    internal sealed class FeedTime(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Start { get; } = start;

        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;

        /// <summary>
        /// Sets the clock, given a position in the file, to the feed time of the last line whole before it, to within the
        /// <paramref name="steps"/>' 100 lines: the clock of a live feed, never behind a line the service has read.
        /// </summary>
        public Action<long> Following(IReadOnlyList<FeedChunk> steps)
        {
            var step = 0;
            return position =>
            {
                while (step < steps.Count && steps[step].Offset + steps[step].Length <= position)
                {
                    step++;
                }

                if (step > 0)
                {
                    Now = Start.AddSeconds(steps[step - 1].LastLine);
                }
            };
        }
    }

    /// <summary>
    /// How the bench submits the file: <see cref="Whole"/>, the clock moving by <see cref="Chunks"/> of 100 lines as the file is read;
    /// or in parts (<c>--submit-lines N</c>), one submission for each of the <see cref="Chunks"/> of N lines, the clock at its last line.
    /// </summary>
    internal sealed record FeedSubmission(IReadOnlyList<FeedChunk> Chunks, bool Whole)
    {
        public static FeedSubmission Of(string feed, int? partLines) => new(FeedChunks.Of(feed, partLines ?? 100), partLines is null);
    }

    /// <summary>A group of a feed file's lines: where it starts and ends in the file, and its first and last line numbers.</summary>
    internal sealed record FeedChunk(long Offset, long Length, long FirstLine, long LastLine);

    internal static class FeedChunks
    {
        /// <summary>
        /// The file cut after every <paramref name="lines"/>-th line, blank lines counted as the ingestor numbers them. Lines end in
        /// <c>\n</c> as FeedGenerator writes them; a lone <c>\r</c>, which the ingestor also takes as an end, is not looked for here.
        /// </summary>
        public static IReadOnlyList<FeedChunk> Of(string path, int lines)
        {
            var chunks = new List<FeedChunk>();
            using var file = File.OpenRead(path);
            var buffer = new byte[1 << 20];
            long position = 0, start = 0, line = 0, first = 1;
            int read;
            while ((read = file.Read(buffer, 0, buffer.Length)) > 0)
            {
                for (var i = 0; i < read; i++)
                {
                    if (buffer[i] == (byte)'\n' && ++line - first + 1 == lines)
                    {
                        chunks.Add(new FeedChunk(start, position + i + 1 - start, first, line));
                        start = position + i + 1;
                        first = line + 1;
                    }
                }

                position += read;
            }

            if (position > start)
            {
                chunks.Add(new FeedChunk(start, position - start, first, line + 1));
            }

            return chunks;
        }
    }

    /// <summary>
    /// Reads <c>length</c> bytes of a file from <c>offset</c>, through the one file stream the whole feed is read with; <paramref name="read"/>
    /// is told the file's position after each read.
    /// </summary>
    internal sealed class SliceStream(Stream file, long offset, long length, Action<long>? read = null) : Stream
    {
        private readonly long _length = length;
        private long _left = length;
        private bool _positioned;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => _length;
        public override long Position { get => _length - _left; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset2, int count) => Read(buffer.AsSpan(offset2, count));

        public override int Read(Span<byte> buffer)
        {
            Position0();
            var n = _left <= 0 ? 0 : file.Read(buffer[..(int)Math.Min(buffer.Length, _left)]);
            _left -= n;
            read?.Invoke(file.Position);
            return n;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Position0();
            var n = _left <= 0 ? 0 : await file.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _left)], cancellationToken);
            _left -= n;
            read?.Invoke(file.Position);
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset2, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset2, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset2, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset2, int count) => throw new NotSupportedException();

        private void Position0()
        {
            if (!_positioned)
            {
                file.Position = offset;
                _positioned = true;
            }
        }
    }
}
