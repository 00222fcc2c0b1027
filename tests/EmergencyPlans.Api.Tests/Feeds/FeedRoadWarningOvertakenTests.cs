using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Application.Alerts;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using static EmergencyPlans.Api.Tests.Feeds.FeedRoadWarningTests;

namespace EmergencyPlans.Api.Tests.Feeds;

/// <summary>
/// A fog bank on one road: 122 sends many records that open no incident, each raising a <c>feed-road-warning</c> (R 4.2: such hazards are
/// reported to the 市指挥部办公室, which "开展分析研判,确定交通安全预警发布"). The office decides once: it opens a road-traffic incident of that
/// county and road over REST and issues the warning on it (R 4.4). From then the records' alerts are done work: each reads overtaken
/// <c>issued</c> and <c>?current=true</c> leaves it out (docs/alerts.md, "Overtaken"). Before (a duty officer's view, session 58), only 122's
/// withdrawal overtook them, and every record of the fog stayed current after the red warning was issued: the alert fatigue the "Overtaken"
/// section was written to stop. Fake clock at 2026-03-01 10:00 (UTC+8), each scan the test's own.
/// </summary>
public sealed class FeedRoadWarningOvertakenTests : IDisposable
{
    private const string FeedRoadWarning = AlertKinds.FeedRoadWarning;

    private readonly ApiFactory _host;

    public FeedRoadWarningOvertakenTests()
        : this(new ApiFactory().With("Alerts:Enabled", "false"))
    {
    }

    internal FeedRoadWarningOvertakenTests(ApiFactory host) => _host = host;

    public void Dispose() => _host.Dispose();

    /// <summary><see cref="FeedRoadWarningTests.Fog"/> (泽州县 G207, nobody hurt) in <paramref name="county"/> on <paramref name="code"/>, or on no road.</summary>
    private static string FogOn(string dispatchId, decimal metres, string county = "泽州县", string? code = "G207")
    {
        var node = JsonNode.Parse(Fog(dispatchId, 1, metres))!;
        node["county"] = county;
        node["road"] = code is null ? null : new JsonObject { ["code"] = code, ["km"] = 12, ["name"] = "测试路段" };
        return node.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    /// <summary>Posts the lines, a minute later on the service clock, and scans once.</summary>
    private async Task PostAndScanAsync(params string[] lines)
    {
        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        var (results, _) = await _host.PostFeedAsync(lines);
        results.Should().AllSatisfy(r => r.Str("outcome").Should().Be("routine", "fog with nobody hurt opens no incident"));
        await ScanAsync();
    }

    private Task<IReadOnlyList<StoredAlert>> ScanAsync() => _host.Services.GetRequiredService<AlertScanner>().ScanAsync(CancellationToken.None);

    private async Task<JsonElement[]> ListAsync(string query)
    {
        using var client = _host.As(RoleCatalogue.Observer);
        using var response = await client.GetAsync($"/api/v1/alerts?limit=500&{query}");
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return (await response.JsonAsync()).EnumerateArray().ToArray();
    }

    /// <summary>The record's single <c>feed-road-warning</c>, as read now.</summary>
    private async Task<JsonElement> AlertOfAsync(string dispatchId) =>
        (await ListAsync($"dispatch={dispatchId}&kind={FeedRoadWarning}")).Should().ContainSingle().Subject;

    private async Task<string[]> CurrentRecordsAsync() =>
        (await ListAsync($"current=true&kind={FeedRoadWarning}")).Select(a => a.Str("dispatchId")).ToArray();

    /// <summary>The office opens the incident of the fog over REST (a minute later): a road-traffic incident of <paramref name="county"/> at <paramref name="place"/>.</summary>
    private async Task<Opened> OpenTheFogAsync(string county = "泽州县", string place = "G207 K1108 团雾路段", bool drill = false)
    {
        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        var body = Bodies.Incident(county: county, occurredAt: "2026-03-01T06:30:00+08:00", drill: drill);
        body["location"] = new { county, place };
        body["nature"] = "团雾，能见度低，车辆缓行";
        return await _host.OpenAsync(body);
    }

    /// <summary>
    /// Proposes <paramref name="colour"/> and issues it a minute later, as R 4.4.1 has each colour approved: red by the province, the office
    /// issuing; orange and yellow by the commander. Returns the incident and the warning.
    /// </summary>
    private async Task<(Opened Incident, string WarningId)> IssueAsync(Opened incident, string colour)
    {
        var proposed = await _host.ChangeAsync(incident, "/warnings", new { action = "propose", colour, reason = "团雾，能见度低" }, RoleCatalogue.OfficeDirector);
        var warningId = proposed.Body.GetProperty("warnings").EnumerateArray().Last().Str("id");
        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        var issued = colour == "red"
            ? await _host.ChangeAsync(proposed, "/warnings", new { action = "issue", warningId, reason = "省政府批准", provinceApproval = "山西省人民政府" }, RoleCatalogue.OfficeDirector)
            : await _host.ChangeAsync(proposed, "/warnings", new { action = "issue", warningId, reason = "同意发布" }, RoleCatalogue.Commander);
        return (issued, warningId);
    }

    [Fact]
    public async Task TwoFogRecordsOfOneRoad_AreOvertakenIssued_ByTheRedWarningTheOfficeIssuedOnItsIncidentOfThatRoad_AndSoIsALaterRecord()
    {
        await PostAndScanAsync(FogOn("FOG-1", 8), FogOn("FOG-2", 6));
        (await ListAsync($"kind={FeedRoadWarning}")).Should().HaveCount(2)
            .And.AllSatisfy(a => a.GetProperty("overtaken").ValueKind.Should().Be(JsonValueKind.Null, "the office has decided nothing yet"));
        (await CurrentRecordsAsync()).Should().BeEquivalentTo("FOG-1", "FOG-2");

        // 10:02 the office opens the fog's incident on G207 in 泽州县; red issued at 10:03 with the province's approval (R 4.4.1).
        await IssueAsync(await OpenTheFogAsync(), "red");

        foreach (var record in new[] { "FOG-1", "FOG-2" })
        {
            var overtaken = (await AlertOfAsync(record)).GetProperty("overtaken");
            (overtaken.Str("by"), overtaken.Str("at")).Should().Be(("issued", "2026-03-01T10:03:00+08:00"));
            overtaken.Str("summary").Should().StartWith("已于03-01 10:03发布红色预警").And.Contain("泽州县G207");
        }

        (await CurrentRecordsAsync()).Should().BeEmpty("the office issued the warning the records called for");
        (await ListAsync($"current=false&kind={FeedRoadWarning}")).Should().HaveCount(2);

        // A record of the same fog after the warning: issued already, nothing to decide.
        await PostAndScanAsync(FogOn("FOG-3", 9));
        (await AlertOfAsync("FOG-3")).GetProperty("overtaken").Str("by").Should().Be("issued");
        (await CurrentRecordsAsync()).Should().BeEmpty();

        // One alert read by its id, and the acknowledgement's answer, say the same.
        using var officer = _host.As(RoleCatalogue.DutyOfficer);
        var id = (await AlertOfAsync("FOG-1")).GetProperty("id").GetInt64();
        using (var one = await officer.GetAsync($"/api/v1/alerts/{id}"))
        {
            (await one.JsonAsync()).GetProperty("overtaken").Str("by").Should().Be("issued");
        }

        using var ack = await officer.PostAsync($"/api/v1/alerts/{id}/acknowledge", null);
        await ack.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await ack.JsonAsync()).GetProperty("overtaken").Str("by").Should().Be("issued");
    }

    [Fact]
    public async Task AWarningBelowTheRecordsColour_DoesNotOvertakeIt_UntilAdjustedToIt()
    {
        // 8 米 calls for red (4.3.1(1)); the office issued orange: red is still to decide (the province approves it).
        await PostAndScanAsync(FogOn("FOG-R", 8));
        var (orange, warningId) = await IssueAsync(await OpenTheFogAsync(), "orange");

        (await AlertOfAsync("FOG-R")).GetProperty("overtaken").ValueKind.Should().Be(JsonValueKind.Null, "orange is below the red the record called for");
        (await CurrentRecordsAsync()).Should().Equal("FOG-R");

        // A record of 15 米 calls for orange: the orange in force answers it.
        await PostAndScanAsync(FogOn("FOG-O", 15));
        (await AlertOfAsync("FOG-O")).GetProperty("overtaken").Str("by").Should().Be("issued");

        // Adjusted to red at 10:05: the red record is overtaken from then, the adjustment said as the colour's issue.
        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        await _host.ChangeAsync(orange, "/warnings",
            new { action = "adjust", warningId, colour = "red", reason = "能见度继续下降", provinceApproval = "山西省人民政府" }, RoleCatalogue.OfficeDirector);
        var overtaken = (await AlertOfAsync("FOG-R")).GetProperty("overtaken");
        (overtaken.Str("by"), overtaken.Str("at")).Should().Be(("issued", "2026-03-01T10:05:00+08:00"));
        overtaken.Str("summary").Should().StartWith("已于03-01 10:05发布红色预警");
        (await CurrentRecordsAsync()).Should().BeEmpty();
    }

    [Theory]
    [InlineData("泽州县", "S331 K20 团雾路段", false)] // another road of the county
    [InlineData("阳城县", "G207 K1108 团雾路段", false)] // the same road number in another county
    [InlineData("泽州县", "国道二〇七线团雾路段", false)] // a place with no road number: the road cannot be told
    [InlineData("泽州县", "G207 K1108 团雾路段", true)] // a drill is no warning to the public
    public async Task AWarningOnAnotherRoadOrCounty_OrOneThatCannotBeToldTheSameRoad_OrADrill_DoesNotOvertakeIt(string county, string place, bool drill)
    {
        await PostAndScanAsync(FogOn("FOG-X", 8));

        await IssueAsync(await OpenTheFogAsync(county, place, drill), "red");

        (await AlertOfAsync("FOG-X")).GetProperty("overtaken").ValueKind.Should().Be(JsonValueKind.Null);
        (await CurrentRecordsAsync()).Should().Equal("FOG-X");

        // The record's own road, 泽州县 G207: red issued there at 10:05 overtakes it.
        await IssueAsync(await OpenTheFogAsync(), "red");
        var overtaken = (await AlertOfAsync("FOG-X")).GetProperty("overtaken");
        (overtaken.Str("by"), overtaken.Str("at")).Should().Be(("issued", "2026-03-01T10:05:00+08:00"));
        (await CurrentRecordsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task ARecordWithNoRoad_IsOvertakenByNoIncidentsWarning()
    {
        // Beside it, a record of G207: the warning issued on G207 overtakes that one only.
        await PostAndScanAsync(FogOn("FOG-NR", 8, code: null), FogOn("FOG-G207", 8));

        await IssueAsync(await OpenTheFogAsync(), "red");

        (await AlertOfAsync("FOG-NR")).GetProperty("overtaken").ValueKind.Should().Be(JsonValueKind.Null, "with no road the record's fog cannot be told to be this road's");
        (await AlertOfAsync("FOG-G207")).GetProperty("overtaken").Str("by").Should().Be("issued");
        (await CurrentRecordsAsync()).Should().Equal("FOG-NR");
    }

    [Fact]
    public async Task AWarningLiftedBeforeTheRecordWasAlerted_DoesNotOvertakeIt_OneLiftedAfterDoes()
    {
        // FOG-EARLY alerted at 10:01; red issued 10:03, lifted 10:04 (雾散, R 4.6); FOG-LATE, the fog back, alerted at 10:05.
        await PostAndScanAsync(FogOn("FOG-EARLY", 8));
        var (issued, warningId) = await IssueAsync(await OpenTheFogAsync(), "red");
        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        var lifted = await _host.ChangeAsync(issued, "/warnings", new { action = "lift", warningId, reason = "雾已散，现场确认", conditionsAssessed = true },
            RoleCatalogue.OfficeDirector);
        lifted.Body.GetProperty("warnings")[0].Str("state").Should().Be("Lifted");
        await PostAndScanAsync(FogOn("FOG-LATE", 8));

        var early = (await AlertOfAsync("FOG-EARLY")).GetProperty("overtaken");
        (early.Str("by"), early.Str("at")).Should().Be(("issued", "2026-03-01T10:03:00+08:00"), "the red was in force after FOG-EARLY was raised");
        (await AlertOfAsync("FOG-LATE")).GetProperty("overtaken").ValueKind.Should().Be(JsonValueKind.Null,
            "no warning was in force when FOG-LATE reported the fog again, nor since: the office decides again");
        (await CurrentRecordsAsync()).Should().Equal("FOG-LATE");
    }

    [Fact]
    public async Task AfterTheFogsIncidentIsClosed_TheRecordsStayOvertakenIssued()
    {
        await PostAndScanAsync(FogOn("FOG-C", 8));
        var (issued, _) = await IssueAsync(await OpenTheFogAsync(), "red");
        (await AlertOfAsync("FOG-C")).GetProperty("overtaken").Str("by").Should().Be("issued");

        _host.Clock.Advance(TimeSpan.FromMinutes(30));
        var closed = await _host.ChangeAsync(issued, "/reports", Bodies.Final("终报：雾散，道路恢复通行"), RoleCatalogue.DutyOfficer);
        closed.Body.GetProperty("open").GetBoolean().Should().BeFalse();
        await ScanAsync();

        var overtaken = (await AlertOfAsync("FOG-C")).GetProperty("overtaken");
        (overtaken.Str("by"), overtaken.Str("at")).Should().Be(("issued", "2026-03-01T10:03:00+08:00"));
        (await CurrentRecordsAsync()).Should().BeEmpty("done work does not become current again because the fog's incident was closed");
    }

    [Fact]
    public async Task AWithdrawnRecord_IsOvertakenWithdrawn_EvenOnARoadWithAWarningIssued()
    {
        // The record's own word is checked first: red issued on its road, then 122 withdrew the record (a false call).
        await PostAndScanAsync(FogOn("FOG-W", 8));
        await IssueAsync(await OpenTheFogAsync(), "red");
        (await AlertOfAsync("FOG-W")).GetProperty("overtaken").Str("by").Should().Be("issued", "until 122 withdraws it");
        var withdrawn = JsonNode.Parse(Fog("FOG-W", 2, 8, status: "cancelled", updatedAt: "2026-03-01T06:50:00+08:00"))!;
        withdrawn["road"] = new JsonObject { ["code"] = "G207", ["km"] = 12, ["name"] = "测试路段" };
        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        await _host.PostFeedAsync([withdrawn.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })]);
        await ScanAsync();
        (await ListAsync("dispatch=FOG-W")).Select(a => a.Str("kind")).Should().Contain(AlertKinds.FeedCancelled, "the withdrawal was told");

        (await AlertOfAsync("FOG-W")).GetProperty("overtaken").Str("by").Should().Be("withdrawn");
    }

    /// <summary>
    /// F62-19 (a 122 integrator's review, session 62): the office opens the fog's incident and ties the record to it (docs/feed-122.md, "tying
    /// it to its record"); the incident raises its own <c>road-warning</c>, and the record's <c>feed-road-warning</c> stayed live beside it, two
    /// live alerts for one fog. The tie overtakes it, <c>tied</c>, naming the incident whose alert carries on (docs/alerts.md, "Overtaken").
    /// </summary>
    [Fact]
    public async Task ARecordTiedToTheFogsIncident_IsOvertakenTied_LeavingTheIncidentsRoadWarningTheOneLiveAlert()
    {
        await PostAndScanAsync(FogOn("FOG-T", 8));
        (await AlertOfAsync("FOG-T")).GetProperty("overtaken").ValueKind.Should().Be(JsonValueKind.Null);

        // 10:02 the office opens the fog's incident of 泽州县 G207 with the fog as reported (8 米: red, R 4.3.1(1)); the scan raises its road-warning.
        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        var body = Bodies.Incident(county: "泽州县", occurredAt: "2026-03-01T06:30:00+08:00", place: "G207 K1108 团雾路段");
        body["nature"] = "团雾，能见度低，车辆缓行";
        body["conditions"] = new { visibilityMetres = 8, visibilityCause = "fog" };
        var fog = await _host.OpenAsync(body);
        await ScanAsync();
        (await ListAsync($"incident={fog.Id}&kind={AlertKinds.RoadWarning}")).Should().ContainSingle();
        (await CurrentRecordsAsync()).Should().ContainSingle("not tied yet: nothing says the record's fog is this incident's").Which.Should().Be("FOG-T");

        // 10:03 the record is tied to it.
        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        var (status, _) = await _host.PostRawAsync(fog, "/feed-records", JsonSerializer.Serialize(new { dispatchId = "FOG-T", note = "同一团雾" }));
        status.Should().Be(HttpStatusCode.OK);
        await ScanAsync();

        var overtaken = (await AlertOfAsync("FOG-T")).GetProperty("overtaken");
        (overtaken.Str("by"), overtaken.Str("at")).Should().Be(("tied", "2026-03-01T10:03:00+08:00"));
        overtaken.Str("summary").Should().StartWith("已于03-01 10:03关联到事件" + fog.Id).And.EndWith("由该事件的预警提醒接续");
        (await CurrentRecordsAsync()).Should().BeEmpty("the record's fog is the incident's now");
        var live = (await ListAsync("current=true")).Where(a => a.Str("kind") is AlertKinds.RoadWarning or FeedRoadWarning).ToArray();
        live.Should().ContainSingle("one live alert for one fog").Which.Str("incidentId").Should().Be(fog.Id);

        // The incident closed: the tie still stands as what overtook the record's alert (done work does not become current again).
        _host.Clock.Advance(TimeSpan.FromMinutes(30));
        var current = await _host.GetAsync(fog.Id);
        await _host.ChangeAsync(current, "/reports", Bodies.Final("终报：雾散，道路恢复通行"), RoleCatalogue.DutyOfficer);
        (await AlertOfAsync("FOG-T")).GetProperty("overtaken").Str("by").Should().Be("tied");
    }

    /// <summary>A record tied to an incident with no fog of its own: the record's alert is still the fog's one live alert until the tie.</summary>
    [Fact]
    public async Task ARecordNotTied_StaysLive_BesideAnIncidentOfItsRoad()
    {
        await PostAndScanAsync(FogOn("FOG-U", 8), FogOn("FOG-V", 8));
        var fog = await OpenTheFogAsync();
        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        (await _host.PostRawAsync(fog, "/feed-records", JsonSerializer.Serialize(new { dispatchId = "FOG-U" }))).Status.Should().Be(HttpStatusCode.OK);

        (await AlertOfAsync("FOG-U")).GetProperty("overtaken").Str("by").Should().Be("tied");
        (await AlertOfAsync("FOG-V")).GetProperty("overtaken").ValueKind.Should().Be(JsonValueKind.Null, "only the record tied is the incident's");
        (await CurrentRecordsAsync()).Should().Equal("FOG-V");
    }

    [Fact]
    public async Task APageOfRecordAlerts_ReadsTheRoadIncidentsOnce_AndAPageWithoutThemDoesNot()
    {
        var counter = new RoadReads();
        using var host = new LoggedApiFactory(new LogCapture(), counter.Install).With("Alerts:Enabled", "false");
        var (results, _) = await host.PostFeedAsync([FogOn("FOG-P1", 8), FogOn("FOG-P2", 8), FogOn("FOG-P3", 15, county: "阳城县")]);
        results.Should().HaveCount(3);
        await host.Services.GetRequiredService<AlertScanner>().ScanAsync(CancellationToken.None);
        await host.OpenAsync(Bodies.Incident());
        await host.Services.GetRequiredService<AlertScanner>().ScanAsync(CancellationToken.None);

        using var client = host.As(RoleCatalogue.Observer);
        counter.Reads = 0;
        using (var page = await client.GetAsync("/api/v1/alerts?limit=500"))
        {
            (await page.JsonAsync()).EnumerateArray().Count(a => a.Str("kind") == FeedRoadWarning).Should().Be(3);
        }

        counter.Reads.Should().Be(1, "one read of the road incidents for the page's three record alerts of two counties");
        counter.Reads = 0;
        using (var page = await client.GetAsync($"/api/v1/alerts?limit=500&kind={AlertKinds.NewIncident}"))
        {
            (await page.JsonAsync()).GetArrayLength().Should().Be(1);
        }

        counter.Reads.Should().Be(0, "a page with no feed-road-warning reads no road incidents");
    }

    private sealed class RoadReads
    {
        private int _reads;

        public int Reads { get => _reads; set => _reads = value; }

        public void Install(IServiceCollection services)
        {
            var alerts = services.Last(s => s.ServiceType == typeof(IAlertStore));
            services.Remove(alerts);
            services.AddSingleton<IAlertStore>(sp => new Counted((IAlertStore)alerts.ImplementationFactory!(sp), this));
        }

        private sealed class Counted(IAlertStore inner, RoadReads counter) : DelegatingAlertStore(inner)
        {
            public override Task<IReadOnlyList<StoredIncident>> IncidentsOfCountiesAsync(IReadOnlyCollection<string> planIds, IReadOnlyCollection<string> counties,
                DateTimeOffset earliest, DateTimeOffset latest, int limit, CancellationToken cancellationToken = default)
            {
                Interlocked.Increment(ref counter._reads);
                return base.IncidentsOfCountiesAsync(planIds, counties, earliest, latest, limit, cancellationToken);
            }
        }
    }
}

/// <summary>The same on PostgreSQL: the road incidents read by plan, occurrence and the county on the document's beginning (<c>strpos</c>).</summary>
public sealed class PostgresFeedRoadWarningOvertakenTests : IAsyncLifetime
{
    private PostgresSchema? _postgres;

    public async Task InitializeAsync() => _postgres = await PostgresSchema.CreateAsync("fog_overtaken_tests_");

    public async Task DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    private FeedRoadWarningOvertakenTests Tests() => new(PostgresSchema.Host(_postgres, alerts: false));

    [PostgresFact]
    public async Task TheRedWarningOfTheRoad_OvertakesItsRecords_OnPostgres()
    {
        using var tests = Tests();
        await tests.TwoFogRecordsOfOneRoad_AreOvertakenIssued_ByTheRedWarningTheOfficeIssuedOnItsIncidentOfThatRoad_AndSoIsALaterRecord();
    }

    [PostgresFact]
    public async Task ALowerColour_DoesNotOvertake_UntilAdjusted_OnPostgres()
    {
        using var tests = Tests();
        await tests.AWarningBelowTheRecordsColour_DoesNotOvertakeIt_UntilAdjustedToIt();
    }

    [PostgresFact]
    public async Task AnotherCounty_DoesNotOvertake_OnPostgres()
    {
        using var tests = Tests();
        await tests.AWarningOnAnotherRoadOrCounty_OrOneThatCannotBeToldTheSameRoad_OrADrill_DoesNotOvertakeIt("阳城县", "G207 K1108 团雾路段", false);
    }

    [PostgresFact]
    public async Task ALiftedWarning_OnPostgres()
    {
        using var tests = Tests();
        await tests.AWarningLiftedBeforeTheRecordWasAlerted_DoesNotOvertakeIt_OneLiftedAfterDoes();
    }

    [PostgresFact]
    public async Task ATie_OvertakesTheRecordsAlert_OnPostgres()
    {
        using var tests = Tests();
        await tests.ARecordTiedToTheFogsIncident_IsOvertakenTied_LeavingTheIncidentsRoadWarningTheOneLiveAlert();
    }

    [PostgresFact]
    public async Task AClosedIncident_OnPostgres()
    {
        using var tests = Tests();
        await tests.AfterTheFogsIncidentIsClosed_TheRecordsStayOvertakenIssued();
    }
}
