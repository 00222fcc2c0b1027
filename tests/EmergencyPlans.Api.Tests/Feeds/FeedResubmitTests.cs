using System.Text;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Application.Feeds;
using EmergencyPlans.Application.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyPlans.Api.Tests.Feeds;

/// <summary>
/// <see cref="FeedIngestor.ResubmitAsync"/> itself, whichever host calls it: a correction for a quarantine entry whose line named an
/// eventId must carry that eventId; an entry without one that could be read takes any valid line (docs/feed-122.md, Quarantine).
/// </summary>
public sealed class FeedResubmitTests : IDisposable
{
    private const string Routine =
        """{"eventId":"JC122-20260301-0040-1","dispatchId":"JC122-20260301-0040","sequence":1,"updatedAt":"2026-03-01T07:02:00+08:00","callAt":"2026-03-01T07:00:00+08:00","occurredAt":"2026-03-01T06:58:00+08:00","county":"陵川县","nature":"collision","figures":{"injured":1},"status":"open"}""";

    private readonly ApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private FeedIngestor Ingestor => _factory.Services.GetRequiredService<FeedIngestor>();

    private IFeedStore Store => _factory.Services.GetRequiredService<IFeedStore>();

    [Fact]
    public async Task ABadLineSentAgain_AfterItsEntryWasCorrected_IsAnsweredWithThatEntry_SaidClosed()
    {
        // A dead-letter consumer replaying a file was told every bad line waits for a correction, three of them corrected long before
        // (a feed integrator's review, session 52). The line is still refused (it is still bad); its answer says nothing waits.
        var bad = Routine.Replace("陵川县", "晋中市", StringComparison.Ordinal);
        var entry = (await Ingestor.IngestLinesAsync(bad)).Single().QuarantineId!.Value;
        (await Ingestor.ResubmitAsync(entry, Routine, "test")).Status.Should().Be("accepted");
        var other = Routine.Replace("0040", "0042", StringComparison.Ordinal).Replace("陵川县", "晋中市", StringComparison.Ordinal);

        var again = await Ingestor.IngestLinesAsync(bad, other);

        (again[0].Status, again[0].QuarantineId).Should().Be(("rejected", entry));
        again[0].Reason.Should().Contain($"this line was quarantined before as entry {entry}, corrected by message JC122-20260301-0040-1 at ").And.EndWith("nothing waits for a correction)");
        again[0].QuarantineClosedAt.Should().NotBeNull();
        // In the city's offset, as the entry's own resolvedAt is written: it was UTC, and a 122 engineer at 05:55 read "21:54" as last night
        // (a 122 integrator's review, s62 F62-14).
        again[0].QuarantineClosedAt!.Value.Should().Be(ApiFactory.Now);
        again[0].QuarantineClosedAt!.Value.Offset.Should().Be(TimeSpan.FromHours(8));
        again[0].Reason.Should().Contain("corrected by message JC122-20260301-0040-1 at 2026-03-01T10:00:00.0000000+08:00: nothing waits");
        System.Text.Json.JsonSerializer.Serialize(again[0], FeedAnswer.Json).Should().Contain("\"quarantineClosedAt\":\"2026-03-01T10:00:00+08:00\"");
        (again[1].Status, again[1].QuarantineClosedAt).Should().Be(("rejected", (DateTimeOffset?)null), "a new bad line waits for its correction");
    }

    [Fact]
    public async Task TheSummary_CountsTheLinesWhoseEntryIsClosed_AndTheBlankLines_ApartFromTheLinesAnswered()
    {
        // The JSON summary could not tell a replayed bad line whose entry is closed from one that waits, and `lines` left the blank lines
        // out (10 for an 11-line file, its answers numbered to 11) with nothing saying so (a 122 integrator's review, s62 F62-16, F62-17).
        var bad = Routine.Replace("陵川县", "晋中市", StringComparison.Ordinal);
        var entry = (await Ingestor.IngestLinesAsync(bad)).Single().QuarantineId!.Value;
        (await Ingestor.ResubmitAsync(entry, Routine, "test")).Status.Should().Be("accepted");
        var other = Routine.Replace("0040", "0043", StringComparison.Ordinal).Replace("陵川县", "晋中市", StringComparison.Ordinal);

        var (results, summary) = await _factory.PostFeedAsync([bad, "", "  ", other]);

        results.Select(r => r.GetProperty("line").GetInt64()).Should().Equal(1, 4);
        summary.GetProperty("lines").GetInt64().Should().Be(2, "the lines answered: each has a status");
        summary.GetProperty("blankLines").GetInt64().Should().Be(2, "skipped, and counted in the line numbers");
        summary.GetProperty("rejected").GetInt64().Should().Be(2);
        summary.GetProperty("quarantineClosed").GetInt64().Should().Be(1, "line 1's entry was corrected: nothing waits for it; line 4's waits");
    }

    [Fact]
    public async Task AnotherEventIdForAnEntryWithOne_IsRefusedBeforeAnythingIsStored_AndTheEntryStaysOpen()
    {
        var bad = Routine.Replace("陵川县", "晋中市", StringComparison.Ordinal);
        var entry = (await Ingestor.IngestLinesAsync(bad)).Single().QuarantineId!.Value;
        var rows = await Store.CountAsync();
        var unrelated = Routine.Replace("0040", "0041", StringComparison.Ordinal);

        var resubmit = async () => await Ingestor.ResubmitAsync(entry, unrelated, "test");

        var refused = (await resubmit.Should().ThrowAsync<QuarantineEventIdMismatchException>()).Which;
        refused.QuarantineId.Should().Be(entry);
        refused.ExpectedEventId.Should().Be("JC122-20260301-0040-1");
        refused.ReceivedEventId.Should().Be("JC122-20260301-0041-1");
        refused.Message.Should().Contain("must carry eventId 'JC122-20260301-0040-1'");
        (await Store.CountAsync()).Should().Be(rows, "no message, dispatch record or quarantine entry was added");
        (await Store.GetQuarantineAsync(entry))!.ResolvedAt.Should().BeNull("the entry is still open");

        // The same eventId is taken, and then resolves the entry.
        var taken = await Ingestor.ResubmitAsync(entry, Routine, "test");

        taken.Status.Should().Be(FeedStatus.Accepted);
        (await Store.GetQuarantineAsync(entry))!.ResolvedByEventId.Should().Be("JC122-20260301-0040-1");
    }

    [Fact]
    public async Task TheStoredRecordResubmittedToAConflictEntry_IsAnsweredDuplicate_AndLeavesTheEntryOpen()
    {
        // docs/feed-122.md: "A conflict entry waits for no line either: its content was never taken, and the stored record sent again
        // … says nothing of it." The feed's path left the entry open; the re-submission marked it resolved by the stored record, so the
        // entry looked corrected while the change it holds (two injured) was applied nowhere (exploratory review, session 46, K2).
        await Ingestor.IngestLinesAsync(Routine);
        var changed = Routine.Replace("\"injured\":1", "\"injured\":2", StringComparison.Ordinal);
        var entry = (await Ingestor.IngestLinesAsync(changed)).Single().QuarantineId!.Value;
        (await Store.GetQuarantineAsync(entry))!.Reason.Should().Be(FeedStatus.Conflict);
        var rows = await Store.CountAsync();

        // The stored record byte for byte, then written differently (912.0-style): each a duplicate, as in the feed.
        var again = await Ingestor.ResubmitAsync(entry, Routine, "test");
        var rewritten = await Ingestor.ResubmitAsync(entry, Routine.Replace("\"injured\":1", "\"injured\":1.0", StringComparison.Ordinal), "test");

        (again.Status, again.EventId, rewritten.Status).Should().Be((FeedStatus.Duplicate, "JC122-20260301-0040-1", FeedStatus.Duplicate));
        var open = (await Store.GetQuarantineAsync(entry))!;
        (open.ResolvedAt, open.ResolvedByEventId).Should().Be((null, null), "the conflicting content was never taken");

        // The conflicting content again: a conflict, the entry still open, no entry added.
        var conflict = await Ingestor.ResubmitAsync(entry, changed, "test");

        (conflict.Status, conflict.QuarantineId).Should().Be((FeedStatus.Conflict, entry));
        (await Store.GetQuarantineAsync(entry))!.ResolvedAt.Should().BeNull();
        (await Store.CountAsync()).Should().Be(rows, "nothing was stored");
    }

    [Fact]
    public async Task ARejectedEntryResubmittedWithItsRecordAlreadyStored_IsAnsweredDuplicate_AndResolved()
    {
        // The other side: a rejected line below its record's taken line in one body waits for that record's line, and the record
        // re-submitted to it (a duplicate: its content is in) resolves it, as before.
        var answers = await Ingestor.IngestLinesAsync(Routine, Routine.Replace("陵川县", "晋中市", StringComparison.Ordinal));
        var entry = answers[1].QuarantineId!.Value;
        (await Store.GetQuarantineAsync(entry))!.ResolvedAt.Should().BeNull("a bad line below its record's line waits for it");

        var again = await Ingestor.ResubmitAsync(entry, Routine, "test");

        again.Status.Should().Be(FeedStatus.Duplicate);
        (await Store.GetQuarantineAsync(entry))!.ResolvedByEventId.Should().Be("JC122-20260301-0040-1");
    }

    [Fact]
    public async Task AnotherEventIdOnALineThatIsStillInvalid_IsRefusedForItsEventIdToo()
    {
        var entry = (await Ingestor.IngestLinesAsync(Routine.Replace("陵川县", "晋中市", StringComparison.Ordinal))).Single().QuarantineId!.Value;
        var rows = await Store.CountAsync();

        var resubmit = async () => await Ingestor.ResubmitAsync(entry, """{"eventId":"JC122-OTHER-1","dispatchId":""", "test");

        (await resubmit.Should().ThrowAsync<QuarantineEventIdMismatchException>()).Which.ReceivedEventId.Should().Be("JC122-OTHER-1");
        (await Store.CountAsync()).Should().Be(rows);
    }

    [Fact]
    public async Task ALineWhoseEventIdCannotBeRead_IsAnsweredAsRejectedWithItsOwnReason_AndTheEntryStaysOpen()
    {
        var entry = (await Ingestor.IngestLinesAsync(Routine.Replace("陵川县", "晋中市", StringComparison.Ordinal))).Single().QuarantineId!.Value;
        var rows = await Store.CountAsync();

        var answer = await Ingestor.ResubmitAsync(entry, "{not json", "test");

        answer.Status.Should().Be(FeedStatus.Rejected);
        answer.QuarantineId.Should().Be(entry);
        (await Store.CountAsync()).Should().Be(rows);
        (await Store.GetQuarantineAsync(entry))!.ResolvedAt.Should().BeNull();
    }

    [Fact]
    public async Task ALineInGbkOrTooLong_KeepsTheEventIdItsStartNames_SoAnotherRecordCannotCloseItsEntry()
    {
        // Refused before they are read (not UTF-8; longer than the limit), such lines were quarantined without their eventId, though
        // it stands readable at their start: a valid line of any other record then closed the entry of a record that carried a death.
        var gbk = Encoding.UTF8.GetBytes(Routine).AsSpan().ToArray();
        var county = Encoding.UTF8.GetBytes("陵川县");
        var at = gbk.AsSpan().IndexOf(county);
        var line = gbk[..at].Concat(new byte[] { 0xC1, 0xEA, 0xB4, 0xA8, 0xCF, 0xD8 }).Concat(gbk[(at + county.Length)..]).Append((byte)'\n').ToArray(); // 陵川县 in GBK
        var tooLong = Routine.Replace("\"status\":\"open\"", $"\"status\":\"open\",\"text\":\"{new string('x', 70_000)}\"", StringComparison.Ordinal)
            .Replace("0040", "0042", StringComparison.Ordinal);
        var answers = await Ingestor.IngestBytesAsync([.. line, .. Encoding.UTF8.GetBytes(tooLong + "\n")]);

        answers.Select(a => (a.Status, a.EventId)).Should().Equal((FeedStatus.Rejected, "JC122-20260301-0040-1"), (FeedStatus.Rejected, "JC122-20260301-0042-1"));
        foreach (var answer in answers)
        {
            (await Store.GetQuarantineAsync(answer.QuarantineId!.Value))!.EventId.Should().Be(answer.EventId);
            var unrelated = async () => await Ingestor.ResubmitAsync(answer.QuarantineId!.Value, Routine.Replace("0040", "0043", StringComparison.Ordinal), "test");
            (await unrelated.Should().ThrowAsync<QuarantineEventIdMismatchException>()).Which.ExpectedEventId.Should().Be(answer.EventId);
        }
    }

    [Fact]
    public async Task AGbkLineWhoseEventIdItselfIsNotUtf8_HasNoEventIdToExpect()
    {
        // The id's own bytes replaced (U+FFFD) are not the sender's id: no correction could carry it, so the entry takes any valid line.
        var line = Encoding.UTF8.GetBytes("""{"eventId":"JC122-""").Concat(new byte[] { 0xB3, 0xC7 }).Concat(Encoding.UTF8.GetBytes("""-1","dispatchId":"X"}""" + "\n")).ToArray();
        var answers = await Ingestor.IngestBytesAsync(line);

        answers.Single().EventId.Should().BeNull();
        (await Ingestor.ResubmitAsync(answers.Single().QuarantineId!.Value, Routine, "test")).Status.Should().Be(FeedStatus.Accepted);
    }

    [Fact]
    public async Task AnEntryWithoutAReadableEventId_IsCorrectedByAnyValidLine()
    {
        var entry = (await Ingestor.IngestLinesAsync("\u0001 garbage from the 122 link")).Single().QuarantineId!.Value;
        (await Store.GetQuarantineAsync(entry))!.EventId.Should().BeNull();

        var taken = await Ingestor.ResubmitAsync(entry, Routine, "test");

        taken.Status.Should().Be(FeedStatus.Accepted);
        (await Store.GetQuarantineAsync(entry))!.ResolvedByEventId.Should().Be("JC122-20260301-0040-1");
    }

    [Fact]
    public async Task AnEntryWhoseEventIdIsItselfInvalid_IsCorrectedByAnyValidLine()
    {
        var entry = (await Ingestor.IngestLinesAsync(Routine.Replace("JC122-20260301-0040-1", "JC122 0040 1", StringComparison.Ordinal))).Single().QuarantineId!.Value;
        (await Store.GetQuarantineAsync(entry))!.EventId.Should().Be("JC122 0040 1");

        var taken = await Ingestor.ResubmitAsync(entry, Routine, "test");

        taken.Status.Should().Be(FeedStatus.Accepted);
        (await Store.GetQuarantineAsync(entry))!.ResolvedByEventId.Should().Be("JC122-20260301-0040-1");
    }
}
