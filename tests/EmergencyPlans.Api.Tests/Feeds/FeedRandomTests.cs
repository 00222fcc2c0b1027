using System.Text;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Application.Feeds;
using EmergencyPlans.Application.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyPlans.Api.Tests.Feeds;

/// <summary>
/// Seeded random 122 traffic, every line valid: a few dispatch records whose messages (rising figures, an occurrence time learned
/// late, closed or cancelled) arrive shuffled, in random groups, with the service restarted between groups on the same SQLite file.
/// No line may be rejected (the service failing on a valid record is a dead letter, docs/feed-122.md); each dispatch record ends at
/// its highest sequence, whatever the order; and the whole file sent again changes nothing (every line a duplicate).
/// </summary>
public sealed class FeedRandomTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("emergencyplans-feed-random-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 8)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task ShuffledRecordsInRandomGroupsAcrossRestarts_AreAllTaken_AndEachDispatchEndsAtItsHighestSequence(int seed)
    {
        var r = new Random(seed);
        var lines = RandomFeed.Lines(r, $"R{seed}");

        var shuffled = lines.OrderBy(_ => r.Next()).ToList();
        var answers = new List<FeedLineResult>();
        for (var at = 0; at < shuffled.Count;)
        {
            var group = shuffled.Skip(at).Take(r.Next(1, 8)).ToList();
            at += group.Count;
            using var host = new ApiFactory().With("Alerts:Enabled", "false").With("EmergencyPlans:DataDirectory", _folder);
            answers.AddRange(await host.Services.GetRequiredService<FeedIngestor>().IngestLinesAsync(group.Select(l => l.Text)));
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }

        answers.Should().HaveCount(lines.Count);
        answers.Where(a => a.Status is FeedStatus.Rejected or FeedStatus.Conflict or FeedStatus.Duplicate).Select(a => $"{a.EventId}: {a.Status} {a.Reason}")
            .Should().BeEmpty("every line is valid and sent once");
        using (var host = new ApiFactory().With("Alerts:Enabled", "false").With("EmergencyPlans:DataDirectory", _folder))
        {
            var store = host.Services.GetRequiredService<IFeedStore>();
            var dispatches = await store.FindDispatchesAsync([.. lines.Select(l => l.Dispatch).Distinct()]);
            foreach (var group in lines.GroupBy(l => l.Dispatch))
            {
                dispatches[group.Key].Sequence.Should().Be(group.Max(l => l.Sequence), $"{group.Key} ends at its highest sequence");
            }

            var again = await host.Services.GetRequiredService<FeedIngestor>().IngestLinesAsync(lines.Select(l => l.Text));
            again.Select(a => a.Status).Should().OnlyContain(s => s == FeedStatus.Duplicate, "nothing acknowledged is applied twice");
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
