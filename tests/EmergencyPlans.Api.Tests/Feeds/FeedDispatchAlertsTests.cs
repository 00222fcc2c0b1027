using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Application.Alerts;
using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Api.Tests.Feeds;

/// <summary>
/// A dispatch record's history lists the alerts it caused (<c>GET /api/v1/feeds/122/dispatches/{dispatchId}</c>, <c>alerts</c>): the 122
/// integrator reconciling what each record did, and the duty officer asking what 122's record raised, see it beside the messages. Before,
/// the history stopped at the incident: which alerts a record raised, and whether anyone acknowledged them, was read from the alert list.
/// </summary>
public sealed class FeedDispatchAlertsTests : IDisposable
{
    private readonly ApiFactory _host;

    public FeedDispatchAlertsTests()
        : this(new ApiFactory().With("Alerts:Enabled", "false"))
    {
    }

    internal FeedDispatchAlertsTests(ApiFactory host) => _host = host;

    public void Dispose() => _host.Dispose();

    private static string Record(string dispatchId, long sequence, int deaths, string county = "高平市", string? conditions = null, int seriousInjuries = 0) =>
        new JsonObject
        {
            ["eventId"] = $"{dispatchId}-{sequence}",
            ["dispatchId"] = dispatchId,
            ["sequence"] = sequence,
            ["updatedAt"] = $"2026-03-01T09:{30 + sequence:00}:00+08:00",
            ["callAt"] = "2026-03-01T09:22:00+08:00",
            ["occurredAt"] = "2026-03-01T09:20:00+08:00",
            ["county"] = county,
            ["road"] = new JsonObject { ["code"] = "G207", ["km"] = 1050, ["name"] = "国道207线" },
            ["nature"] = "collision",
            ["figures"] = new JsonObject { ["deaths"] = deaths, ["missing"] = 0, ["seriousInjuries"] = seriousInjuries, ["injured"] = seriousInjuries + 1 },
            ["conditions"] = conditions is null ? null : JsonNode.Parse(conditions),
            ["text"] = "货车与轿车相撞",
            ["status"] = "open",
        }.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private async Task<JsonElement> HistoryAsync(string dispatchId)
    {
        using var reader = _host.As(RoleCatalogue.Observer);
        using var response = await reader.GetAsync("/api/v1/feeds/122/dispatches/" + Uri.EscapeDataString(dispatchId));
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return await response.JsonAsync();
    }

    [Fact]
    public async Task TheHistory_ListsTheAlertsOfTheRecordsIncident_WithWhetherTheyWereAcknowledged_AndNoneOfAnotherRecord()
    {
        // 1 dead: a new incident; then 3 dead (R 5.3.3(1) 较大: an escalation). Another record, in another county, raises its own.
        var (opened, _) = await _host.PostFeedAsync([Record("JC122-AL-1", 1, deaths: 1), Record("JC122-AL-2", 1, deaths: 1, county: "陵川县")]);
        var incident = opened[0].Str("incidentId");
        await _host.PostFeedAsync([Record("JC122-AL-1", 2, deaths: 3)]);
        var newIncident = (await FeedConditionsTests.ScannedAlertsAsync(_host, AlertKinds.NewIncident)).Single(a => a.Str("incidentId") == incident);
        using (var officer = _host.As(RoleCatalogue.DutyOfficer))
        using (var ack = await officer.PostAsync($"/api/v1/alerts/{newIncident.GetProperty("id").GetInt64()}/acknowledge", null))
        {
            await ack.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var history = await HistoryAsync("JC122-AL-1");

        var alerts = history.GetProperty("alerts").EnumerateArray().ToArray();
        alerts.Select(a => a.Str("kind")).Should().StartWith([AlertKinds.NewIncident]).And.Contain(AlertKinds.Escalation);
        alerts.Select(a => a.GetProperty("id").GetInt64()).Should().BeInAscendingOrder("in the order raised");
        alerts.Should().OnlyContain(a => a.Str("incidentId") == incident, "the other record's alerts are its own");
        var first = alerts[0];
        first.GetProperty("id").GetInt64().Should().Be(newIncident.GetProperty("id").GetInt64());
        first.GetProperty("acknowledged").GetBoolean().Should().BeTrue();
        first.Str("acknowledgedBy").Should().NotBeNullOrEmpty();
        first.GetProperty("raisedAt").GetDateTimeOffset().Should().Be(ApiFactory.Now);
        first.Str("title").Should().Contain("新预案事件");
        first.Str("text").Should().NotBeNullOrEmpty();
        first.Str("url").Should().Be($"/api/v1/alerts/{first.GetProperty("id").GetInt64()}");
        alerts.Single(a => a.Str("kind") == AlertKinds.Escalation).GetProperty("acknowledged").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task ARecordThatOpenedNoIncident_ListsTheAlertNamingIt_AndARecordThatRaisedNothing_AnEmptyList()
    {
        // Fog of 8 米, nobody hurt: routine, and the red road warning condition (4.3.1(1)) raises feed-road-warning, naming the record.
        await _host.PostFeedAsync([Record("JC122-AL-FOG", 1, deaths: 0, conditions: """{"visibilityMetres":8,"visibilityCause":"fog"}"""),
            Record("JC122-AL-QUIET", 1, deaths: 0)]);
        await FeedConditionsTests.ScannedAlertsAsync(_host, AlertKinds.FeedRoadWarning);

        var fog = (await HistoryAsync("JC122-AL-FOG")).GetProperty("alerts").EnumerateArray().Should().ContainSingle().Subject;
        fog.Str("kind").Should().Be(AlertKinds.FeedRoadWarning);
        fog.GetProperty("incidentId").ValueKind.Should().Be(JsonValueKind.Null);
        (await HistoryAsync("JC122-AL-QUIET")).GetProperty("alerts").GetArrayLength().Should().Be(0);
    }
}
