using System.Globalization;
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
    private static readonly string[] Counties = ["泽州县", "高平市", "阳城县", "陵川县", "沁水县", "城区"];
    private static readonly string[] Statuses = ["open", "open", "open", "open", "closed", "cancelled"];
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
        var lines = new List<(string Dispatch, long Sequence, string Line)>();
        var start = ApiFactory.Now.AddHours(-6);
        for (var d = 0; d < 6; d++)
        {
            var dispatch = $"JC122-R{seed}-{d}";
            var county = Counties[r.Next(Counties.Length)];
            var call = start.AddMinutes(r.Next(0, 120));
            int deaths = r.Next(0, 2), serious = r.Next(0, 3);
            var count = r.Next(1, 9);
            for (var s = 1; s <= count; s++)
            {
                deaths += r.Next(0, 3);
                serious += r.Next(0, 4);
                var occurred = s > 1 && r.Next(3) == 0 ? $"\"{Time(call.AddMinutes(-r.Next(0, 30)))}\"" : "null";
                var status = s == count ? Statuses[r.Next(Statuses.Length)] : "open";
                var line = $$"""{"eventId":"{{dispatch}}-{{s}}","dispatchId":"{{dispatch}}","sequence":{{s}},"updatedAt":"{{Time(call.AddMinutes(s * 10))}}","callAt":"{{Time(call)}}","occurredAt":{{occurred}},"county":"{{county}}","road":{"code":"G207","km":{{1100 + d}}.5},"nature":"collision","figures":{"deaths":{{deaths}},"seriousInjuries":{{serious}},"trapped":{{r.Next(0, 3)}}},"flags":{"hazmatVehicle":false,"operatingCoach":{{(r.Next(2) == 0 ? "true" : "false")}},"foreignersInvolved":false},"text":"随机测试","status":"{{status}}"}""";
                lines.Add((dispatch, s, line));
            }
        }

        var shuffled = lines.OrderBy(_ => r.Next()).ToList();
        var answers = new List<FeedLineResult>();
        for (var at = 0; at < shuffled.Count;)
        {
            var group = shuffled.Skip(at).Take(r.Next(1, 8)).ToList();
            at += group.Count;
            using var host = new ApiFactory().With("Alerts:Enabled", "false").With("EmergencyPlans:DataDirectory", _folder);
            answers.AddRange(await host.Services.GetRequiredService<FeedIngestor>().IngestLinesAsync(group.Select(l => l.Line)));
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

            var again = await host.Services.GetRequiredService<FeedIngestor>().IngestLinesAsync(lines.Select(l => l.Line));
            again.Select(a => a.Status).Should().OnlyContain(s => s == FeedStatus.Duplicate, "nothing acknowledged is applied twice");
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    private static string Time(DateTimeOffset t) => t.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
}
