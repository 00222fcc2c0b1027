using System.Net;
using System.Text.Json;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Api.Tests.Feeds;

/// <summary>
/// Is the 122 feed flowing (docs/feed-122.md, "Is the feed flowing?"): GET /api/v1/feeds/122/status and the health check
/// feed-122, on the host's fake clock. A feed that stops sending fails no request; this is how anyone learns of it.
/// </summary>
public sealed class FeedStatusTests : IDisposable
{
    private const string Status = FeedHttp.Feed + "/status";
    private readonly ApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Status_FollowsTheFeed_ReceivingThenSilentAfterAnHourThenReceivingAgain_AndTheHealthCheckWithIt()
    {
        var before = await GetStatusAsync();
        before.Str("state").Should().Be("never-received");
        before.GetProperty("lastReceivedAt").ValueKind.Should().Be(JsonValueKind.Null);
        before.Str("summary").Should().StartWith("尚未收到122接处警数据");
        (await HealthAsync()).Should().Be("Healthy", "a feed that never spoke is not an alarm: the service may run without one");

        var (results, _) = await _factory.PostFeedAsync(FeedHttp.Sample("coach-rollover-fog-g207.ndjson"));
        _factory.Clock.Advance(TimeSpan.FromMinutes(59));

        var receiving = await GetStatusAsync();
        receiving.Str("state").Should().Be("receiving");
        results.Select(r => r.Str("status")).Should().Equal("accepted", "accepted", "stale", "duplicate");
        receiving.Str("lastEventId").Should().Be(results[2].Str("eventId"), "the latest message stored: the stale line 3 is kept in the history, the duplicate is not");
        receiving.GetProperty("silentForSeconds").GetInt64().Should().Be(59 * 60);
        receiving.GetProperty("silenceAlarmSeconds").GetInt64().Should().Be(3600);
        receiving.GetProperty("openQuarantine").GetInt64().Should().Be(0);
        receiving.Str("summary").Should().Be("122接处警数据最近一次接收于2026-03-01 10:00（59分钟前）。隔离区无待处理的行。");
        (await HealthAsync()).Should().Be("Healthy");

        _factory.Clock.Advance(TimeSpan.FromMinutes(2));
        var silent = await GetStatusAsync();
        silent.Str("state").Should().Be("silent");
        silent.Str("summary").Should().StartWith("已1小时未收到新的122接处警数据（最近一次接收于2026-03-01 10:00），超过1小时的静默告警时限")
            .And.Contain("请与122指挥中心核实数据推送是否中断");
        (await HealthAsync()).Should().Be("Degraded", "the service still answers; whoever watches the probe learns that 122 stopped");

        // The same lines again bring nothing new: a sender that only replays is still silent.
        await _factory.PostFeedAsync(FeedHttp.Sample("coach-rollover-fog-g207.ndjson"));
        (await GetStatusAsync()).Str("state").Should().Be("silent");

        // A line refused into the quarantine is something new from 122: the feed speaks, and the entry waits.
        await _factory.PostFeedAsync(["{\"eventId\": \"JC122-broken-1\", \"dispatchId\": "]);
        var again = await GetStatusAsync();
        again.Str("state").Should().Be("receiving");
        again.GetProperty("openQuarantine").GetInt64().Should().Be(1);
        again.GetProperty("oldestOpenQuarantineAt").GetDateTimeOffset().Should().Be(_factory.Clock.GetUtcNow());
        again.Str("summary").Should().EndWith("隔离区有1行待处理（更正后重新提交或注销），最早一行接收于2026-03-01 11:01。");
        (await HealthAsync()).Should().Be("Healthy");
    }

    [Fact]
    public async Task AFeedNeverHeardFrom_IsDegradedOnceTheInstanceHasRunLongerThanTheAlarm_UnlessTheAlarmIsOff()
    {
        // Review s58, operations finding 9: a new deployment (or a host moved) whose 122 sender was never pointed at it stayed Healthy for
        // ever, "including before the first message". An hour after the start with nothing from 122, whoever watches the probe is told.
        (await HealthAsync()).Should().Be("Healthy", "just started: 122 may not have had an accident to send");
        _factory.Clock.Advance(TimeSpan.FromMinutes(59));
        (await HealthAsync()).Should().Be("Healthy");

        _factory.Clock.Advance(TimeSpan.FromMinutes(2));
        using (var client = _factory.Anonymous())
        using (var ready = await client.GetAsync("/health/ready"))
        {
            var feed = await ready.ReadinessCheckAsync("feed-122");
            feed.Status.Should().Be("Degraded");
            // The start named as an instant, so whoever reads the probe can tell a new deployment from a feed broken since a restart.
            feed.Description.Should().StartWith("feed-122 never-received: no 122 message has been received since this instance started at 2026-03-01T10:00:00+08:00, 3660 s ago (alarm 3600 s)")
                .And.Contain("EmergencyPlans:Feed:SilenceAlarm 00:00:00");
        }

        (await GetStatusAsync()).Str("state").Should().Be("never-received", "the status keeps its states: only readiness says it");
        await _factory.PostFeedAsync(FeedHttp.Sample("coach-rollover-fog-g207.ndjson"));
        (await HealthAsync()).Should().Be("Healthy", "122 speaks");

        using var off = new ApiFactory().With("EmergencyPlans:Feed:SilenceAlarm", "00:00:00");
        using var offClient = off.Anonymous();
        (await offClient.GetAsync("/health/ready")).Dispose();
        off.Clock.Advance(TimeSpan.FromDays(3));
        using var offReady = await offClient.GetAsync("/health/ready");
        (await offReady.ReadinessCheckAsync("feed-122")).Status.Should().Be("Healthy", "a service without a feed turns the alarm off");
    }

    [Fact]
    public async Task Status_SilentUnderAMinute_SaysTheSeconds()
    {
        // A silence alarm of 30 seconds (allowed from one): the summary read 已不足1分钟未收到 ("for already less than a minute nothing
        // received", a feed integrator's review, session 52).
        using var factory = new ApiFactory().With("EmergencyPlans:Feed:SilenceAlarm", "00:00:30");
        await factory.PostFeedAsync(FeedHttp.Sample("coach-rollover-fog-g207.ndjson"));
        factory.Clock.Advance(TimeSpan.FromSeconds(45));

        using var client = factory.As(Core.Domain.RoleCatalogue.DutyOfficer);
        var status = await (await client.GetAsync(Status)).JsonAsync();

        status.Str("state").Should().Be("silent");
        status.Str("summary").Should().StartWith("已45秒未收到新的122接处警数据").And.Contain("超过30秒的静默告警时限").And.NotContain("不足1分钟");
    }

    [Fact]
    public async Task Status_WithTheAlarmOff_IsNeverSilent()
    {
        _factory.With("EmergencyPlans:Feed:SilenceAlarm", "00:00:00");
        await _factory.PostFeedAsync(FeedHttp.Sample("hazmat-tanker-leak-g22.ndjson"));
        _factory.Clock.Advance(TimeSpan.FromDays(3));

        var status = await GetStatusAsync();

        status.Str("state").Should().Be("receiving");
        status.GetProperty("silenceAlarmSeconds").ValueKind.Should().Be(JsonValueKind.Null);
        (await HealthAsync()).Should().Be("Healthy");
    }

    [Fact]
    public async Task Status_IsReadByTheDutyOffice_NotByAnonymousCallers()
    {
        using var officer = _factory.As(RoleCatalogue.DutyOfficer);
        using var anonymous = _factory.Anonymous();

        (await officer.GetAsync(Status)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await anonymous.GetAsync(Status)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    // ---- on the duty office's alert stream (docs/alerts.md) ----

    [Fact]
    public async Task AlertStream_SaysWhenTheFeedGoesSilentAndWhenItComesBack_AsFeedStatusEvents()
    {
        _factory.With("Alerts:Enabled", "false");
        await _factory.PostFeedAsync(FeedHttp.Sample("coach-rollover-fog-g207.ndjson"));
        using var safety = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var stream = await OpenAlertStreamAsync(safety.Token);

        // The stream looks at the feed as often as it would send a keep-alive (15 s): move the service clock past the hour.
        var silent = await NextFeedStatusWhileTheClockMovesAsync(stream, TimeSpan.FromMinutes(1), safety.Token);
        silent.Str("state").Should().Be("silent");
        silent.GetProperty("silentForSeconds").GetInt64().Should().BeGreaterThan(3600);
        silent.Str("summary").Should().StartWith("已1小时未收到新的122接处警数据（最近一次接收于2026-03-01 10:00）")
            .And.Contain("其间警情须经电话报告");

        await _factory.PostFeedAsync(["{\"eventId\": \"JC122-broken-2\", \"dispatchId\": "]);
        var back = await NextFeedStatusWhileTheClockMovesAsync(stream, TimeSpan.FromSeconds(5), safety.Token);
        back.Str("state").Should().Be("receiving");
        back.Str("summary").Should().StartWith("122接处警数据最近一次接收于");
    }

    [Fact]
    public async Task AlertStream_OpenedWhileTheFeedIsSilent_SaysSoFirst_AndAFeedThatIsFlowingIsNoNews()
    {
        _factory.With("Alerts:Enabled", "false");
        await _factory.PostFeedAsync(FeedHttp.Sample("hazmat-tanker-leak-g22.ndjson"));
        using var safety = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using (var flowing = await OpenAlertStreamAsync(safety.Token))
        {
            // Quiet for one keep-alive: the feed is flowing, so the stream says only that it is alive.
            var first = await NextEventWhileTheClockMovesAsync(flowing, TimeSpan.FromSeconds(5), safety.Token);
            first.Event.Should().Be("keep-alive");
        }

        _factory.Clock.Advance(TimeSpan.FromMinutes(90));
        using var stream = await OpenAlertStreamAsync(safety.Token);

        var (name, data) = await ReadEventAsync(stream, safety.Token);
        name.Should().Be("feed-status", "the stream says at once that the feed is silent, before any keep-alive");
        data!.Value.Str("state").Should().Be("silent");
        var silentFor = _factory.Clock.GetUtcNow() - data.Value.GetProperty("lastReceivedAt").GetDateTimeOffset();
        silentFor.Should().BeGreaterThan(TimeSpan.FromMinutes(90));
        data.Value.GetProperty("silentForSeconds").GetInt64().Should().Be((long)silentFor.TotalSeconds);
    }

    [Fact]
    public async Task AlertStream_WithTheAlarmOff_NeverSaysTheFeedIsSilent()
    {
        _factory.With("EmergencyPlans:Feed:SilenceAlarm", "00:00:00").With("Alerts:Enabled", "false");
        await _factory.PostFeedAsync(FeedHttp.Sample("hazmat-tanker-leak-g22.ndjson"));
        _factory.Clock.Advance(TimeSpan.FromDays(1));
        using var safety = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var stream = await OpenAlertStreamAsync(safety.Token);

        for (var i = 0; i < 3; i++)
        {
            (await NextEventWhileTheClockMovesAsync(stream, TimeSpan.FromMinutes(1), safety.Token)).Event.Should().Be("keep-alive");
        }
    }

    private async Task<StreamReader> OpenAlertStreamAsync(CancellationToken ct)
    {
        var client = _factory.As(RoleCatalogue.DutyOfficer);
        var response = await client.GetAsync("/api/v1/alerts/stream", HttpCompletionOption.ResponseHeadersRead, ct);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return new StreamReader(await response.Content.ReadAsStreamAsync(ct));
    }

    /// <summary>The next event: its name and its data (null when its data is empty or <c>null</c>).</summary>
    private static async Task<(string Event, JsonElement? Data)> ReadEventAsync(StreamReader reader, CancellationToken ct)
    {
        string? name = null, data = null;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0 && name is not null)
            {
                return (name, string.IsNullOrEmpty(data) || data == "null" ? null : JsonDocument.Parse(data).RootElement.Clone());
            }

            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data = line["data:".Length..].Trim();
            }
        }

        throw new InvalidOperationException("the stream ended");
    }

    /// <summary>The next event, moving the service clock by <paramref name="step"/> while none comes: the stream waits on that clock.</summary>
    private async Task<(string Event, JsonElement? Data)> NextEventWhileTheClockMovesAsync(StreamReader reader, TimeSpan step, CancellationToken ct)
    {
        var next = ReadEventAsync(reader, ct);
        while (!next.IsCompleted)
        {
            _factory.Clock.Advance(step);
            await Task.WhenAny(next, Task.Delay(50, ct));
        }

        return await next;
    }

    /// <summary>The data of the next <c>feed-status</c> event, skipping keep-alives, while the clock moves by <paramref name="step"/>.</summary>
    private async Task<JsonElement> NextFeedStatusWhileTheClockMovesAsync(StreamReader reader, TimeSpan step, CancellationToken ct)
    {
        while (true)
        {
            var (name, data) = await NextEventWhileTheClockMovesAsync(reader, step, ct);
            if (name == "feed-status")
            {
                return data!.Value;
            }

            name.Should().Be("keep-alive", "no alert is raised here: the scan is off");
        }
    }

    private async Task<JsonElement> GetStatusAsync()
    {
        using var client = _factory.As(RoleCatalogue.DutyOfficer);
        using var response = await client.GetAsync(Status);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return await response.JsonAsync();
    }

    private async Task<string> HealthAsync()
    {
        using var client = _factory.Anonymous();
        using var response = await client.GetAsync("/health/ready");
        response.StatusCode.Should().Be(HttpStatusCode.OK, "Degraded still answers 200: the service is ready");
        return await response.ReadinessAsync();
    }
}
