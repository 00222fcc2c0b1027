using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Application.Alerts;
using EmergencyPlans.Core.Domain;
using Microsoft.Extensions.DependencyInjection;
using static EmergencyPlans.Api.Tests.Feeds.FeedRoadWarningTests;

namespace EmergencyPlans.Api.Tests.Feeds;

/// <summary>
/// A 122 record with no incident, withdrawn (<c>cancelled</c>) and sent again, and the alert scan's list of kept messages (<c>feed_warnings</c>),
/// on the fake clock (2026-03-01 10:00, UTC+8), each scan the test's own. Session 54 left two things (its closing note): a road warning message
/// of a withdrawn record stayed on the list, probed every scan, until 122 sent the record again; and a record sent again after a withdrawal the
/// office was told of raised nothing, though the office may have lifted a warning on that withdrawal (R 4.6 "谁发布、谁解除") and the fog is
/// reported again (R 4.2: such hazards are reported to the 市指挥部办公室, which decides the warning).
/// </summary>
public sealed class FeedWithdrawalAlertTests : IDisposable
{
    private readonly ApiFactory _host = new ApiFactory().With("Alerts:Enabled", "false");

    public void Dispose() => _host.Dispose();

    /// <summary>Scans once, a minute later on the service clock, then lists the record's alerts, oldest first.</summary>
    private async Task<JsonElement[]> ScanAsync(string dispatchId)
    {
        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        await _host.Services.GetRequiredService<AlertScanner>().ScanAsync(CancellationToken.None);
        using var client = _host.As(RoleCatalogue.Observer);
        using var response = await client.GetAsync($"/api/v1/alerts?limit=500&dispatch={dispatchId}");
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return (await response.JsonAsync()).EnumerateArray().Reverse().ToArray();
    }


    [Fact]
    public async Task ARecordWithdrawnBeforeItsWarningWasTold_IsSettledAtOnce_AndSentAgainItsOwnMessageIsAlerted()
    {
        // Both before the scan: 122 withdrew FOG-W as a false call. Its fog message stayed on the scan's list until 122 sent the record again.
        await _host.PostFeedAsync([Fog("FOG-W", 1, 8, "open", "2026-03-01T06:35:00+08:00"), Fog("FOG-W", 2, 8, "cancelled", "2026-03-01T06:40:00+08:00")]);
        (await _host.KeptForTheAlertScanAsync()).Should().Equal("FOG-W-1", "FOG-W-2");

        (await ScanAsync("FOG-W")).Should().BeEmpty("a false call is not a report to act on, and its warning never reached the office");
        (await _host.KeptForTheAlertScanAsync()).Should().BeEmpty("the withdrawal settles the record's fog; a message sending it again is kept on its own");

        // Sent again with thinner fog (orange at 15 米): its own observations are alerted, once.
        await _host.PostFeedAsync([Fog("FOG-W", 3, 15, "open", "2026-03-01T06:45:00+08:00")]);
        (await ScanAsync("FOG-W")).Select(a => a.Str("key")).Should().Equal("122:FOG-W:feed-road-warning:orange");
        (await ScanAsync("FOG-W")).Should().ContainSingle();
        (await _host.KeptForTheAlertScanAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task ARecordSentAgainAfterAToldWithdrawal_RaisesItsWarningAgainOnce_SayingSo_AndEachAlertSaysWhatOvertookIt()
    {
        await _host.PostFeedAsync([Fog("FOG-R", 1, 8, "open", "2026-03-01T06:35:00+08:00")]);
        var red = (await ScanAsync("FOG-R")).Should().ContainSingle().Subject;
        red.Str("key").Should().Be("122:FOG-R:feed-road-warning:red");

        await _host.PostFeedAsync([Fog("FOG-R", 2, 8, "cancelled", "2026-03-01T06:52:00+08:00")]);
        var withdrawn = (await ScanAsync("FOG-R")).Should().HaveCount(2).And.Subject.Last();
        withdrawn.Str("key").Should().Be("122:FOG-R:feed-cancelled:FOG-R-2");

        // 122 sends the record again, fog still at 8 米: the office, told the report was withdrawn, may have lifted its red warning.
        await _host.PostFeedAsync([Fog("FOG-R", 3, 8, "open", "2026-03-01T07:10:00+08:00")]);
        var read = await ScanAsync("FOG-R");
        read.Select(a => a.Str("key")).Should().Equal(
            "122:FOG-R:feed-road-warning:red", "122:FOG-R:feed-cancelled:FOG-R-2", "122:FOG-R:feed-road-warning:red:after:FOG-R-2");
        var again = read[2];
        again.Str("kind").Should().Be(AlertKinds.FeedRoadWarning);
        again.Str("title").Should().Be(red.Str("title"));
        again.Str("text").Should().StartWith($"122此前撤销了该接警单（消息FOG-R-2，已于03-01 10:02提示，提醒{withdrawn.GetProperty("id").GetInt64()}），其后又报来：撤销不再成立")
            .And.Contain("122接警单FOG-R（序号3，处置中，03-01 07:10）").And.Contain("能见度8米");
        (again.Str("dispatchId"), again.GetProperty("details").Str("colour")).Should().Be(("FOG-R", "red"));

        // What overtook each: the first red by the withdrawal, the withdrawal by the record sent again; the new red is live.
        read[0].GetProperty("overtaken").Str("by").Should().Be("withdrawn");
        read[1].GetProperty("overtaken").Str("by").Should().Be("resent");
        read[2].GetProperty("overtaken").ValueKind.Should().Be(JsonValueKind.Null);

        // Once: the same fog again raises nothing more.
        await _host.PostFeedAsync([Fog("FOG-R", 4, 8, "open", "2026-03-01T07:20:00+08:00")]);
        (await ScanAsync("FOG-R")).Should().HaveCount(3);
        (await _host.KeptForTheAlertScanAsync()).Should().BeEmpty();

        // Withdrawn again (told again, as before), sent again: told again, after that withdrawal.
        await _host.PostFeedAsync([Fog("FOG-R", 5, 8, "cancelled", "2026-03-01T07:30:00+08:00")]);
        (await ScanAsync("FOG-R")).Select(a => a.Str("key")).Should().EndWith("122:FOG-R:feed-cancelled:FOG-R-5");
        await _host.PostFeedAsync([Fog("FOG-R", 6, 8, "open", "2026-03-01T07:40:00+08:00")]);
        (await ScanAsync("FOG-R")).Select(a => a.Str("key")).Should().EndWith("122:FOG-R:feed-road-warning:red:after:FOG-R-5").And.HaveCount(5);
        (await _host.KeptForTheAlertScanAsync()).Should().BeEmpty();
    }
}
