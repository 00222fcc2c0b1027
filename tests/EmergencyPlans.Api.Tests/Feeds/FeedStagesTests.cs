using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Application.Feeds;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyPlans.Api.Tests.Feeds;

/// <summary>
/// A group's lines are read (parsed and validated) as the group is prepared, while the group before it is decided; after a replay,
/// whose lines are duplicates answered unread, the next groups are prepared without reading them, and each line is read as it is
/// decided (ADR 0008, "A group read while the one before is committed"). Where a line is read must never change its answer.
/// </summary>
public sealed class FeedStagesTests
{
    [Fact]
    public async Task NewLinesAfterAReplay_AreAnsweredAsOnAServiceThatReadThemAhead()
    {
        var r = new Random(8);
        var first = RandomFeed.Lines(r, "STAGE-A", dispatches: 4).Select(l => l.Text).ToList();
        var next = RandomFeed.Lines(r, "STAGE-B", dispatches: 4).Select(l => l.Text).ToList();
        // Among the new lines: one that cannot be read, one that reads as a record its rules refuse (named field), and one repeating a
        // line of the first submission under its eventId with other content (a conflict, decided against the stored record).
        next.Insert(1, "{\"eventId\": garbage");
        next.Insert(3, next[0].Replace("\"county\":\"", "\"county\":\"不存在县", StringComparison.Ordinal).Replace("STAGE-B-0-1\"", "STAGE-B-0-X\"", StringComparison.Ordinal));
        next.Insert(5, first[0].Replace("\"text\":\"随机测试\"", "\"text\":\"随机测试，内容不同\"", StringComparison.Ordinal));

        using var replayed = Host();
        var ingestor = replayed.Services.GetRequiredService<FeedIngestor>();
        await ingestor.IngestLinesAsync(first);
        (await ingestor.IngestLinesAsync(first)).Should().OnlyContain(a => a.Status == FeedStatus.Duplicate, "the same lines again are a replay");
        var afterReplay = Answers(await ingestor.IngestLinesAsync(next));

        using var fresh = Host();
        var readAhead = fresh.Services.GetRequiredService<FeedIngestor>();
        await readAhead.IngestLinesAsync(first);
        var expected = Answers(await readAhead.IngestLinesAsync(next));

        expected.Should().Contain(a => a.StartsWith("rejected", StringComparison.Ordinal) && a.Contains("not a valid feed record", StringComparison.Ordinal))
            .And.Contain(a => a.StartsWith("rejected  county", StringComparison.Ordinal))
            .And.Contain(a => a.StartsWith("conflict  eventId", StringComparison.Ordinal))
            .And.Contain(a => a.StartsWith("accepted opened", StringComparison.Ordinal));
        afterReplay.Should().Equal(expected);
    }

    // Groups of two lines: the replay's groups turn the reading ahead off for the groups after them.
    private static ApiFactory Host() => new ApiFactory().With("Alerts:Enabled", "false").With("EmergencyPlans:Feed:BatchSize", "2");

    // Each answer without the ids a store gives (incident, quarantine entry), which differ between stores.
    private static List<string> Answers(List<FeedLineResult> answers) =>
        [.. answers.Select(a => $"{a.Status} {a.Outcome} {a.Field} {a.EventId} {a.Sequence} {a.IncidentId is not null} "
                                + System.Text.RegularExpressions.Regex.Replace(a.Reason ?? "", "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>"))];
}
