using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Application.Feeds;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyPlans.Api.Tests.Feeds;

/// <summary>
/// A submission is decided and committed in groups (EmergencyPlans:Feed:BatchSize). Whatever the cut into groups, every line must be
/// answered as it is when the whole submission is one group: a line repeating one of an earlier group is its duplicate (found in the
/// store, not among the group's own lines), another content under its eventId a conflict, an older message stale, a garbage line
/// quarantined. A look-up that missed what an earlier group committed answers such a repeat as stale, not duplicate (ADR 0008, session 38).
/// </summary>
public sealed class FeedGroupsTests
{
    public static TheoryData<int, int> Cuts() => new() { { 1, 1 }, { 2, 2 }, { 3, 3 }, { 5, 4 } };

    [Theory]
    [MemberData(nameof(Cuts))]
    public async Task ASubmissionInSmallGroups_IsAnsweredLineForLineAsOneGroupAnswersIt(int batchSize, int seed)
    {
        var r = new Random(seed);
        var lines = RandomFeed.Lines(r, $"G{seed}", dispatches: 5).OrderBy(_ => r.Next()).Select(l => l.Text).ToList();
        // Each line sent again a few lines later (a duplicate, mostly in a later group), some under their eventId with other
        // content (a conflict), and a garbage line (quarantined).
        var body = new List<string>();
        for (var i = 0; i < lines.Count; i++)
        {
            body.Add(lines[i]);
            if (i >= 2 && i % 2 == 0)
            {
                body.Add(lines[i - 2]);
            }

            if (i >= 3 && i % 5 == 0)
            {
                body.Add(lines[i - 3].Replace("\"text\":\"随机测试\"", "\"text\":\"随机测试，内容不同\"", StringComparison.Ordinal));
            }
        }

        body.Insert(body.Count / 2, "{\"eventId\": garbage");

        var oneGroup = await AnswersAsync(body, 10_000);
        var groups = await AnswersAsync(body, batchSize);

        oneGroup.Should().Contain(a => a.StartsWith("duplicate", StringComparison.Ordinal)).And.Contain(a => a.StartsWith("conflict", StringComparison.Ordinal))
            .And.Contain(a => a.StartsWith("rejected", StringComparison.Ordinal)).And.Contain(a => a.StartsWith("accepted opened", StringComparison.Ordinal));
        groups.Should().Equal(oneGroup);
    }

    // Each line's answer, from a store of its own, without the ids the store gives (incident and quarantine entry), which differ between stores.
    private static async Task<List<string>> AnswersAsync(List<string> body, int batchSize)
    {
        using var host = new ApiFactory().With("Alerts:Enabled", "false")
            .With("EmergencyPlans:Feed:BatchSize", batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var answers = await host.Services.GetRequiredService<FeedIngestor>().IngestLinesAsync(body);
        answers.Select(a => a.Line).Should().Equal(Enumerable.Range(1, body.Count).Select(n => (long)n), "every line is answered once, in order");
        return [.. answers.Select(a => $"{a.Status} {a.Outcome} {a.EventId} {a.DispatchId} {a.Sequence} {a.IncidentId is not null} {a.Field} "
                                        + System.Text.RegularExpressions.Regex.Replace(a.Reason ?? "", "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>"))];
    }
}
