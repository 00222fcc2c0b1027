using System.Net;
using System.Text.Json;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Application.Feeds;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Domain;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyPlans.Api.Tests.Feeds;

/// <summary>
/// A rejected line corrected through the feed itself (POST /api/v1/feeds/122), not through the quarantine's re-submission, resolves the
/// entries that wait for its eventId in the same commit (docs/feed-122.md, Quarantine), as a dead-letter queue's consumer expects. Before,
/// the correction was taken and its entry stayed open: the open list and the status's openQuarantine overstated what waited until someone
/// dismissed it.
/// </summary>
public sealed class FeedQuarantineResolutionTests : IDisposable
{
    private const string Routine =
        """{"eventId":"JC122-20260301-0050-1","dispatchId":"JC122-20260301-0050","sequence":1,"updatedAt":"2026-03-01T07:02:00+08:00","callAt":"2026-03-01T07:00:00+08:00","occurredAt":"2026-03-01T06:58:00+08:00","county":"陵川县","nature":"collision","figures":{"injured":1},"status":"open"}""";

    private readonly ApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private FeedIngestor Ingestor => _factory.Services.GetRequiredService<FeedIngestor>();

    private IFeedStore Store => _factory.Services.GetRequiredService<IFeedStore>();

    private static string Record(int n, int sequence = 1, string county = "陵川县") => Routine
        .Replace("0050-1", $"{n:0000}-{sequence}", StringComparison.Ordinal)
        .Replace("0050", $"{n:0000}", StringComparison.Ordinal)
        .Replace("\"sequence\":1", $"\"sequence\":{sequence}", StringComparison.Ordinal)
        .Replace("07:02:00", $"07:{sequence + 1:00}:00", StringComparison.Ordinal)
        .Replace("陵川县", county, StringComparison.Ordinal);

    [Fact]
    public async Task ACorrectionSentThroughTheFeed_ResolvesTheEntryWaitingForItsEventId_AndTheGarbageStaysOpen()
    {
        var bad = Record(51, county: "晋中市");
        var garbage = "接警记录导出失败 ERROR 0x51";
        var invalidId = Record(52, county: "晋中市").Replace("JC122-20260301-0052-1", "JC122 0052 1", StringComparison.Ordinal);
        var (refused, _) = await _factory.PostFeedAsync([bad, garbage, invalidId]);
        refused.Select(r => r.Str("status")).Should().OnlyContain(s => s == "rejected");
        (await StatusAsync()).GetProperty("openQuarantine").GetInt64().Should().Be(3);
        _factory.Clock.Advance(TimeSpan.FromMinutes(5));

        var (taken, _) = await _factory.PostFeedAsync([Record(51)]);

        taken.Single().Str("status").Should().Be("accepted");
        var entry = (await Store.GetQuarantineAsync(refused[0].GetProperty("quarantineId").GetInt64()))!;
        entry.ResolvedByEventId.Should().Be("JC122-20260301-0051-1");
        entry.ResolvedAt.Should().Be(_factory.Clock.GetUtcNow(), "resolved in the commit that took its correction");
        entry.DismissedBy.Should().BeNull();
        var open = await OpenEntriesAsync();
        open.Select(e => e.GetProperty("id").GetInt64()).Should().Equal(
            new[] { refused[1].GetProperty("quarantineId").GetInt64(), refused[2].GetProperty("quarantineId").GetInt64() },
            "an entry without an eventId, or with one no record can carry, waits for no line of the feed: only a re-submission or a dismissal closes it");
        (await StatusAsync()).GetProperty("openQuarantine").GetInt64().Should().Be(2);
    }

    [Fact]
    public async Task EveryEntryWaitingForTheEventId_IsResolved_ByALineAcceptedADuplicateOrStale()
    {
        // Two bad versions of one record wait for it; a bad line of a record stored before waits for a line of it sent again (its content is in);
        // a bad late message waits for its correction, which is stale (kept in the history, changing nothing) and still takes the entry.
        var stored = Record(60);
        await Ingestor.IngestLinesAsync(stored, Record(62, sequence: 3));
        var refused = await Ingestor.IngestLinesAsync(
            Record(61, county: "晋中市"), Record(61, county: "太原市"), Record(60, county: "晋中市"), Record(62, sequence: 2, county: "晋中市"));
        refused.Select(r => r.Status).Should().OnlyContain(s => s == FeedStatus.Rejected);
        var rows = await Store.CountAsync();

        var answers = await Ingestor.IngestLinesAsync(Record(61), stored, Record(62, sequence: 2));

        answers.Select(r => r.Status).Should().Equal(FeedStatus.Accepted, FeedStatus.Duplicate, FeedStatus.Stale);
        var resolvedBy = new List<string?>();
        foreach (var refusal in refused)
        {
            resolvedBy.Add((await Store.GetQuarantineAsync(refusal.QuarantineId!.Value))!.ResolvedByEventId);
        }

        resolvedBy.Should().Equal("JC122-20260301-0061-1", "JC122-20260301-0061-1", "JC122-20260301-0060-1", "JC122-20260301-0062-2");

        (await Store.CountAsync()).Quarantine.Should().Be(rows.Quarantine, "resolving adds no entry");
        (await OpenEntriesAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task InOneBody_ACorrectionAfterItsBadLineResolvesIt_ABadLineAfterItsRecordWaits()
    {
        // As if the lines came in two bodies: a correction resolves what waits for it when it is taken, not what comes after it.
        var answers = await Ingestor.IngestLinesAsync(Record(70, county: "晋中市"), Record(70), Record(71), Record(71, county: "晋中市"));

        answers.Select(r => r.Status).Should().Equal(FeedStatus.Rejected, FeedStatus.Accepted, FeedStatus.Accepted, FeedStatus.Rejected);
        var corrected = (await Store.GetQuarantineAsync(answers[0].QuarantineId!.Value))!;
        (corrected.ResolvedByEventId, corrected.ResolvedAt).Should().Be(("JC122-20260301-0070-1", _factory.Clock.GetUtcNow()));
        (await OpenEntriesAsync()).Select(e => e.GetProperty("id").GetInt64()).Should().Equal(answers[3].QuarantineId!.Value);

        // Sent again, the record's line resolves the entry that came after it: its content is in.
        var again = await Ingestor.IngestLinesAsync(Record(71));
        again.Single().Status.Should().Be(FeedStatus.Duplicate);
        (await OpenEntriesAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task ACorrectionResubmittedToOneEntry_ResolvesTheOtherEntriesWaitingForItsEventIdToo()
    {
        var refused = await Ingestor.IngestLinesAsync(Record(80, county: "晋中市"), Record(80, county: "太原市"));

        var taken = await Ingestor.ResubmitAsync(refused[0].QuarantineId!.Value, Record(80), "test");

        taken.Status.Should().Be(FeedStatus.Accepted);
        foreach (var refusal in refused)
        {
            (await Store.GetQuarantineAsync(refusal.QuarantineId!.Value))!.ResolvedByEventId.Should().Be("JC122-20260301-0080-1");
        }
    }

    [Fact]
    public async Task AConflictWaitsForNoLineOfTheFeed_AndAReplayOfABodyWithOpenEntriesWritesNothing()
    {
        // A conflict's entry holds content that was never taken: the stored record sent again (every replay of the body sends it) says
        // nothing of it. Had it resolved the entry, each replay of such a body would write, where a replay commits no change (ADR 0008).
        var conflict = Record(90).Replace("\"injured\":1", "\"injured\":2", StringComparison.Ordinal);
        string[] body = [Record(90), conflict, Record(91, county: "晋中市"), "{\"eventId\":\"JC122-20260301-0092-1\",\"dispatchId\":", "接警记录导出失败"];
        var first = await Ingestor.IngestLinesAsync(body);
        first.Select(r => r.Status).Should().Equal(FeedStatus.Accepted, FeedStatus.Conflict, FeedStatus.Rejected, FeedStatus.Rejected, FeedStatus.Rejected);
        await using var observer = new SqliteConnection($"Data Source={Path.Combine(_factory.DataDirectory, "emergencyplans.db")};Pooling=False");
        await observer.OpenAsync();
        var version = await DataVersionAsync(observer);

        var replay = await Ingestor.IngestLinesAsync(body);

        replay.Select(r => r.Status).Should().Equal(FeedStatus.Duplicate, FeedStatus.Conflict, FeedStatus.Rejected, FeedStatus.Rejected, FeedStatus.Rejected);
        (await DataVersionAsync(observer)).Should().Be(version, "a replay that brings nothing new commits no change");
        (await OpenEntriesAsync()).Should().HaveCount(4, "the conflict and the three refused lines still wait");
    }

    private static async Task<long> DataVersionAsync(SqliteConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA data_version";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<JsonElement[]> OpenEntriesAsync()
    {
        using var client = _factory.As(RoleCatalogue.DutyOfficer);
        using var response = await client.GetAsync($"{FeedHttp.Feed}/quarantine");
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return (await response.JsonAsync()).GetProperty("entries").EnumerateArray().ToArray();
    }

    private async Task<JsonElement> StatusAsync()
    {
        using var client = _factory.As(RoleCatalogue.DutyOfficer);
        using var response = await client.GetAsync($"{FeedHttp.Feed}/status");
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return await response.JsonAsync();
    }
}
