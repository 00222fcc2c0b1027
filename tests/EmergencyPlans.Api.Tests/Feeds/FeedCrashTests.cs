using System.Diagnostics;
using System.Text;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.FeedLoad;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace EmergencyPlans.Api.Tests.Feeds;

/// <summary>
/// Issue 8: "kill -9 the host in the middle of a large ingest, restart, and ingest the same file again. Every
/// acknowledged record is there exactly once, and nothing acknowledged is lost." The host is the feed's ingest
/// service in a process of its own (tests/EmergencyPlans.FeedLoad <c>ingest</c>, wired like every host), writing a
/// line to an acknowledgement file only after the commit that holds it; it is killed with SIGKILL.
/// </summary>
[Collection(SerialProcessTests.Name)]
public sealed class FeedCrashTests(ITestOutputHelper output) : IDisposable
{
    private const int Lines = 12_000;

    // The feed's lines run from 2026-06-01 00:00 +08:00, one a second. Every run's clock stands still after the last of
    // them: the stores are compared row for row, and a periodic duty (R 5.1.2 每4小时续报1次) is raised up to now, so
    // on the wall clock a run a minute later may hold one more instance.
    private static readonly DateTimeOffset FeedStart = new(2026, 6, 1, 0, 0, 0, TimeSpan.FromHours(8));
    private const string Now = "2026-06-01T06:00:00+08:00";
    private readonly string _directory = Directory.CreateTempSubdirectory("emergencyplans-feedcrash-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Ingest_KilledMidwayAndRunAgain_EveryAcknowledgedLineIsStoredOnceAndEveryIncidentChangeAppliedOnce()
    {
        var feed = Path.Combine(_directory, "feed.ndjson");
        await File.WriteAllLinesAsync(feed, new FeedGenerator(20261202, FeedStart) { PlanShare = 0.05 }.Lines(Lines));
        var crashed = Path.Combine(_directory, "crashed");
        var acks = Path.Combine(_directory, "acks.tsv");

        // Killed once some groups are acknowledged, well before the end.
        using (var host = Start(crashed, feed, acks))
        {
            await WaitForAsync(() => File.Exists(acks) && CountLines(acks) >= 1_500, host, TimeSpan.FromMinutes(5));
            host.Kill();
            await host.WaitForExitAsync();
        }

        var acknowledged = ReadAcks(acks);
        acknowledged.Should().NotBeEmpty().And.HaveCountLessThan(Lines, "the host was killed before the end");
        output.WriteLine($"acknowledged before the kill: {acknowledged.Count} lines");

        using (var again = Start(crashed, feed, Path.Combine(_directory, "acks-2.tsv")))
        {
            await again.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(10));
            again.ExitCode.Should().Be(0, await again.StandardError.ReadToEndAsync());
        }

        var db = Path.Combine(crashed, "emergencyplans.db");
        var stored = await QueryAsync(db, "SELECT event_id FROM feed_messages");
        var taken = acknowledged.Where(a => a.Status is "accepted" or "stale").Select(a => a.EventId).ToArray();
        stored.Should().Contain(taken, "nothing acknowledged is lost");
        stored.Should().OnlyHaveUniqueItems();

        // Exactly once on the incidents: each feed message changed its incident at most once, and every message
        // recorded as opening or updating one is in that incident's log exactly once.
        // The report each message made (a correction of the occurrence time that came with it names the message too).
        var applied = await QueryAsync(db, "SELECT json_extract(payload, '$.source.messageId') FROM incident_events WHERE json_extract(payload, '$.source.messageId') IS NOT NULL"
            + " AND type IN ('incident-opened', 'report-filed')");
        applied.Should().OnlyHaveUniqueItems("no feed message was applied twice across the kill");
        var recorded = await QueryAsync(db, "SELECT event_id FROM feed_messages WHERE outcome IN ('opened', 'updated')");
        applied.Should().BeEquivalentTo(recorded, "every applied message is recorded, and every recorded one applied");
        var incidents = await QueryAsync(db, "SELECT id FROM incidents");
        var mapped = await QueryAsync(db, "SELECT DISTINCT incident_id FROM feed_dispatches WHERE incident_id IS NOT NULL");
        incidents.Should().BeEquivalentTo(mapped, "one incident per dispatch record, none opened twice");

        // The same file into an empty store without a kill ends in the same rows.
        var clean = Path.Combine(_directory, "clean");
        using (var reference = Start(clean, feed, Path.Combine(_directory, "acks-clean.tsv")))
        {
            await reference.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(10));
            reference.ExitCode.Should().Be(0);
        }

        var cleanDb = Path.Combine(clean, "emergencyplans.db");
        foreach (var table in new[] { "feed_messages", "feed_dispatches", "feed_quarantine", "incidents", "incident_events" })
        {
            (await CountAsync(db, table)).Should().Be(await CountAsync(cleanDb, table), $"{table}: a killed and resumed ingest stores what an uninterrupted one does");
        }
    }

    private static Process Start(string data, string feed, string acks)
    {
        var dll = Paths.Built(Path.Combine("tests", "EmergencyPlans.FeedLoad"), "EmergencyPlans.FeedLoad.dll");
        File.Exists(dll).Should().BeTrue($"the ingest host is built at {dll}");
        var start = Paths.Process(dll, ["ingest", "--data", data, "--in", feed, "--acks", acks, "--plans", Paths.Plans, "--batch", "250", "--now", Now]);
        return Process.Start(start)!;
    }

    private static async Task WaitForAsync(Func<bool> condition, Process host, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            host.HasExited.Should().BeFalse("the host must still be ingesting when it is killed");
            watch.Elapsed.Should().BeLessThan(limit, "the host acknowledges lines");
            await Task.Delay(20);
        }
    }

    private static int CountLines(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var n = 0;
        while (reader.ReadLine() is not null)
        {
            n++;
        }

        return n;
    }

    /// <summary>The complete lines of the acknowledgement file: a line the kill cut short was not acknowledged.</summary>
    private static List<(string Status, string EventId)> ReadAcks(string path)
    {
        var text = File.ReadAllText(path);
        var complete = text[..(text.LastIndexOf('\n') + 1)];
        return complete.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).Select(p => (p[1], p[2])).ToList();
    }

    private static async Task<List<string>> QueryAsync(string db, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={db};Pooling=False;Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetValue(0).ToString()!);
        }

        return values;
    }

    private static async Task<long> CountAsync(string db, string table) => long.Parse((await QueryAsync(db, $"SELECT COUNT(*) FROM {table}"))[0], System.Globalization.CultureInfo.InvariantCulture);
}
