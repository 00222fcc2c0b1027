using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Application.Alerts;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyPlans.Api.Tests.Feeds;

/// <summary>
/// A 122 record that opened an incident in 阳城县 is corrected to another county (经核实事发地点为沁水县境内): the duties are owed by the office of
/// the place where it happened (R 5.1.1 "事发地道路交通安全应急指挥部办公室…核实情况", 2.6), so the correction is something the duty office must act
/// on. Each message that moves the record's place (county or road number) away from the incident's, and from what the record said before, raises
/// one <c>feed-place-changed</c> naming the incident and the record (docs/alerts.md); the incident keeps its county. Before (a 122 integrator's
/// review, s62 F62-07) it was filed as a continuation and nothing told anyone. Fake clock at 2026-03-01 10:00 (UTC+8), each scan the test's own.
/// </summary>
public sealed class FeedPlaceChangedTests : IDisposable
{
    private readonly ApiFactory _host;

    public FeedPlaceChangedTests()
        : this(new ApiFactory().With("Alerts:Enabled", "false"))
    {
    }

    internal FeedPlaceChangedTests(ApiFactory host) => _host = host;

    public void Dispose() => _host.Dispose();

    /// <summary>122's record of a collision, two dead (it meets the intake rule), in <paramref name="county"/> on <paramref name="code"/>.</summary>
    internal static string Record(string dispatchId, long sequence, string county = "阳城县", string code = "S331", decimal km = 130, string text = "两车相撞") =>
        new JsonObject
        {
            ["eventId"] = $"{dispatchId}-{sequence}",
            ["dispatchId"] = dispatchId,
            ["sequence"] = sequence,
            ["updatedAt"] = $"2026-03-01T09:{30 + sequence:00}:00+08:00",
            ["callAt"] = "2026-03-01T09:12:00+08:00",
            ["occurredAt"] = "2026-03-01T09:10:00+08:00",
            ["county"] = county,
            ["road"] = new JsonObject { ["code"] = code, ["km"] = km, ["name"] = "测试路段" },
            ["nature"] = "collision",
            ["figures"] = new JsonObject { ["deaths"] = 2, ["missing"] = 0, ["seriousInjuries"] = 1, ["injured"] = 3 },
            ["text"] = text,
            ["status"] = "open",
        }.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private async Task<JsonElement> PostAndScanAsync(string line)
    {
        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        var (results, _) = await _host.PostFeedAsync([line]);
        await _host.Services.GetRequiredService<AlertScanner>().ScanAsync(CancellationToken.None);
        return results.Should().ContainSingle().Subject;
    }

    private async Task<JsonElement[]> MovesAsync()
    {
        using var client = _host.As(RoleCatalogue.Observer);
        using var response = await client.GetAsync($"/api/v1/alerts?limit=500&kind={AlertKinds.FeedPlaceChanged}");
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return (await response.JsonAsync()).EnumerateArray().OrderBy(a => a.GetProperty("id").GetInt64()).ToArray();
    }

    [Fact]
    public async Task ARecordMovedToAnotherCounty_RaisesOneFeedPlaceChanged_NamingBothPlaces_TheIncidentKeepsItsCounty()
    {
        var opened = await PostAndScanAsync(Record("MV-1", 1));
        opened.Str("outcome").Should().Be("opened");
        var incidentId = opened.Str("incidentId");

        // 122 corrects the place: 沁水县, the same road further on.
        var moved = await PostAndScanAsync(Record("MV-1", 2, county: "沁水县", km: 80, text: "经核实事发地点为沁水县境内，原报阳城县有误"));
        moved.Str("outcome").Should().Be("updated");

        var alert = (await MovesAsync()).Should().ContainSingle().Subject;
        alert.Str("incidentId").Should().Be(incidentId);
        alert.Str("dispatchId").Should().Be("MV-1");
        alert.Str("key").Should().Be($"{incidentId}:{AlertKinds.FeedPlaceChanged}:MV-1-2");
        alert.Str("title").Should().StartWith("122所报事发地与事件不同：阳城县").And.EndWith("（122现报沁水县S331）");
        alert.Str("text").Should().Contain("122接警单MV-1（序号2）").And.Contain("报事发地为沁水县 S331 K80 测试路段")
            .And.Contain("本事件立案为阳城县 S331 K130 测试路段：县（市、区）不同")
            .And.Contain("请核实事发地；如属实，由事发地沁水县值班部门续报、接续处置").And.Contain("（5.1.1）");
        alert.GetProperty("because").Str("clause").Should().Be("5.1.1");
        alert.GetProperty("overtaken").ValueKind.Should().Be(JsonValueKind.Null);

        // The same place again: nothing more to act on.
        await PostAndScanAsync(Record("MV-1", 3, county: "沁水县", km: 80));
        (await MovesAsync()).Should().ContainSingle("122 repeating the corrected place is no new correction");

        // Another road of the county now: told again, saying both differ.
        await PostAndScanAsync(Record("MV-1", 4, county: "沁水县", code: "G55", km: 12));
        var second = (await MovesAsync()).Should().HaveCount(2).And.Subject.Last();
        second.Str("text").Should().Contain("县（市、区）和道路不同").And.Contain("由事发地沁水县值班部门");

        // Back to the incident's own place: nothing differs, nothing raised.
        await PostAndScanAsync(Record("MV-1", 5));
        (await MovesAsync()).Should().HaveCount(2);

        // No command changes an incident's county: it keeps the one it was opened with.
        (await _host.GetAsync(incidentId)).Body.Str("county").Should().Be("阳城县");
    }

    [Fact]
    public async Task ARecordMovedToAnotherRoadOfTheSameCounty_SaysTheRoadDiffers()
    {
        await PostAndScanAsync(Record("MV-2", 1));
        await PostAndScanAsync(Record("MV-2", 2, code: "G207", km: 1050));

        var alert = (await MovesAsync()).Should().ContainSingle().Subject;
        alert.Str("title").Should().EndWith("（122现报阳城县G207）");
        alert.Str("text").Should().Contain("：道路不同。").And.Contain("由事发地阳城县值班部门续报、接续处置");
    }

    [Fact]
    public async Task AMessageOfTheSamePlace_RaisesNothing()
    {
        await PostAndScanAsync(Record("MV-3", 1));
        await PostAndScanAsync(Record("MV-3", 2, km: 131, text: "续报：现场已清理"));

        (await MovesAsync()).Should().BeEmpty("another kilometre post of the same road in the same county is the same place");
    }

    private async Task<JsonElement> NewIncidentAlertAsync(string incidentId)
    {
        using var client = _host.As(RoleCatalogue.Observer);
        using var response = await client.GetAsync($"/api/v1/alerts?limit=500&kind={AlertKinds.NewIncident}&incident={incidentId}");
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return (await response.JsonAsync()).EnumerateArray().Should().ContainSingle().Subject;
    }

    /// <summary>
    /// The 沁水县 duty office phones the same accident in after 122 moved the record there (F62-07's second half): the new incident's new-incident
    /// alert names the 阳城县 incident as possibly the same accident, by 122's latest county and road, so one accident does not become two
    /// 较大 incidents with their own first reports (docs/feed-122.md, "A possible duplicate"). Before, the look-up read the incident's own county
    /// only, and named nothing.
    /// </summary>
    [Fact]
    public async Task AnOfficeIncidentInTheCounty122MovedTheRecordTo_NamesTheMovedIncidentAsAPossibleDuplicate()
    {
        var fed = (await PostAndScanAsync(Record("MV-D", 1))).Str("incidentId");
        var moved = await PostAndScanAsync(Record("MV-D", 2, county: "沁水县", km: 80, text: "经核实事发地点为沁水县境内"));
        moved.Str("reason").Should().Contain("is not the incident's (阳城县 S331 K130 测试路段)").And.Contain(AlertKinds.FeedPlaceChanged);

        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        var phoned = await _host.OpenAsync(Bodies.Incident(figures: new { deaths = 2 }, county: "沁水县", place: "S331 K80"));
        await _host.Services.GetRequiredService<AlertScanner>().ScanAsync(CancellationToken.None);

        var alert = await NewIncidentAlertAsync(phoned.Id);
        alert.GetProperty("details").GetProperty("possibleDuplicateOf").EnumerateArray().Select(i => i.GetString()).Should().Equal(fed);
        alert.Str("text").Should().Contain($"可能与122接警单所开事件{fed}（122现报沁水县S331 K80 测试路段，事件立案为阳城县，03-01 09:10事发）为同一事故");
    }

    /// <summary>A record of the corrected county that 122 keeps apart (已转沁水县大队处置) opens its own incident: its answer names the moved one.</summary>
    [Fact]
    public async Task ARecordOpeningAnIncidentInTheCountyTheOtherRecordMovedTo_NamesItInItsReason()
    {
        var fed = (await PostAndScanAsync(Record("MV-E", 1))).Str("incidentId");
        await PostAndScanAsync(Record("MV-E", 2, county: "沁水县", km: 80));

        var second = await PostAndScanAsync(Record("MV-F", 1, county: "沁水县", km: 80));
        second.Str("outcome").Should().Be("opened");
        second.Str("reason").Should().Contain($"possibly the same accident as open incident {fed}");
    }

    /// <summary>122 moved the record back to the incident's county: an incident opened in the other county is not named by it any more.</summary>
    [Fact]
    public async Task ARecordMovedBack_IsNoLongerFoundInTheOtherCounty()
    {
        await PostAndScanAsync(Record("MV-G", 1));
        await PostAndScanAsync(Record("MV-G", 2, county: "沁水县", km: 80));
        await PostAndScanAsync(Record("MV-G", 3));

        var second = await PostAndScanAsync(Record("MV-H", 1, county: "沁水县", km: 80));
        second.Str("outcome").Should().Be("opened");
        second.Str("reason").Should().NotContain("possibly the same accident");
    }
}

/// <summary>The same on PostgreSQL: the kind allowed by migration 20's CHECK, and the moved county on the record's row (migration 21).</summary>
public sealed class PostgresFeedPlaceChangedTests : IAsyncLifetime
{
    private PostgresSchema? _postgres;

    public async Task InitializeAsync() => _postgres = await PostgresSchema.CreateAsync("feed_place_changed_tests_");

    public async Task DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    [PostgresFact]
    public async Task ARecordMovedToAnotherCounty_OnPostgres()
    {
        using var tests = new FeedPlaceChangedTests(PostgresSchema.Host(_postgres, alerts: false));
        await tests.ARecordMovedToAnotherCounty_RaisesOneFeedPlaceChanged_NamingBothPlaces_TheIncidentKeepsItsCounty();
    }

    [PostgresFact]
    public async Task AnOfficeIncidentInTheNewCounty_NamesTheMovedIncident_OnPostgres()
    {
        using var tests = new FeedPlaceChangedTests(PostgresSchema.Host(_postgres, alerts: false));
        await tests.AnOfficeIncidentInTheCounty122MovedTheRecordTo_NamesTheMovedIncidentAsAPossibleDuplicate();
    }

    [PostgresFact]
    public async Task ARecordInTheNewCounty_NamesTheMovedIncident_OnPostgres()
    {
        using var tests = new FeedPlaceChangedTests(PostgresSchema.Host(_postgres, alerts: false));
        await tests.ARecordOpeningAnIncidentInTheCountyTheOtherRecordMovedTo_NamesItInItsReason();
    }
}
