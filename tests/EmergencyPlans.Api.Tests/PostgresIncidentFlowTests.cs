using System.Net;
using System.Text;
using System.Text.Json;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Domain;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// The incident flow with EmergencyPlans:StoreProvider=postgres. Each test gets a schema of its own
/// (selected by the connection's search path, dropped afterwards), so lists and the overdue filter see
/// only its incidents however many runs the shared database has seen.
/// </summary>
public sealed class PostgresIncidentFlowTests : IAsyncLifetime
{
    private PostgresSchema? _postgres;

    public async Task InitializeAsync() => _postgres = await PostgresSchema.CreateAsync("api_tests_");

    public async Task DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    private ApiFactory Postgres() => PostgresSchema.Host(_postgres, alerts: true);

    [PostgresFact]
    public async Task TextHoldingNul_IsRefusedNamingItsField_OrQuarantinedWithItsBytes_AndTheListsStillAnswer_OnPostgres()
    {
        using var factory = Postgres();
        await NulTextTests.CheckAsync(factory);
    }

    [PostgresFact]
    public async Task Incident_FullFlowOnPostgres_BehavesAsOnSqlite()
    {
        using var factory = Postgres();
        using (var ready = factory.Anonymous())
        {
            using var probe = await ready.GetAsync("/health/ready");
            await probe.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var opened = await factory.OpenAsync(Bodies.Incident(figures: new { deaths = 3, missing = 0, seriousInjuries = 0, directLossWan = 10m }));
        opened.ETag.Should().Be(1);
        opened.Body.Obligation("phone-report-to-city").Str("dueAt").Should().Be("2026-03-01T09:40:00+08:00");

        var escalated = await factory.ChangeAsync(opened, "/reports", Bodies.Continuation(new { deaths = 10 }, "又有7人死亡"), RoleCatalogue.DutyOfficer);
        escalated.ETag.Should().Be(2);
        escalated.Body.GetProperty("escalation").Str("toLevel").Should().Be("I");
        escalated.Body.Obligation("continuation-report").Str("status").Should().Be("met-on-time", "the continuation report meets the daily continuation (5.1.2)");
        escalated.Body.Obligation("continuation-report#2").Str("dueAt").Should().Be("2026-03-01T13:10:00+08:00", "重大: every 4 hours from occurrence (5.1.2)");
        escalated.Body.Obligation("continuation-on-casualty-change").Str("status").Should().Be("met-on-time", "the 续报 carrying the change is the 立即续报");

        using (var deputy = factory.As(RoleCatalogue.DeputyCommander))
        {
            using var refused = await deputy.PostJsonAsync(escalated.Url + "/response", Bodies.Activate("I"), escalated.ETag);
            await refused.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        }

        var active = await factory.ChangeAsync(escalated, "/response", Bodies.Activate("I"), RoleCatalogue.Commander);
        var fulfilled = await factory.ChangeAsync(active, "/obligations/phone-report-to-city/fulfilment", Bodies.Fulfil("2026-03-01T09:45:00+08:00"), RoleCatalogue.DutyOfficer);
        fulfilled.Body.Obligation("phone-report-to-city").Str("status").Should().Be("met-late");

        using (var first = factory.As(RoleCatalogue.DutyOfficer))
        using (var second = factory.As(Keys.SecondDutyOfficer))
        {
            var race = await Task.WhenAll(
                first.PostJsonAsync(fulfilled.Url + "/reports", Bodies.Continuation(summary: "甲"), fulfilled.ETag),
                second.PostJsonAsync(fulfilled.Url + "/reports", Bodies.Continuation(summary: "乙"), fulfilled.ETag));
            race.Select(r => r.StatusCode).Should().BeEquivalentTo([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed]);
            var stale = race.Single(r => r.StatusCode == HttpStatusCode.PreconditionFailed);
            (await stale.JsonAsync()).GetProperty("currentVersion").GetInt64().Should().Be(fulfilled.ETag + 1);
            foreach (var response in race)
            {
                response.Dispose();
            }
        }

        var current = await factory.GetAsync(opened.Id);
        current.ETag.Should().Be(fulfilled.ETag + 1);
        (await factory.ListIdsAsync("plan=road-traffic&open=true&level=I")).Should().Equal(opened.Id);

        // R 5.1.2 终报要素包括……处置结果: the response ends first, then the 终报 closes the incident.
        var terminated = await factory.ChangeAsync(current, "/response/termination", Bodies.Terminate(), RoleCatalogue.Commander);
        terminated.Body.GetProperty("response").Str("state").Should().Be("Terminated");
        var ended = await factory.ChangeAsync(terminated, "/reports", Bodies.Final(), RoleCatalogue.DutyOfficer);
        ended.Body.Str("state").Should().Be("Closed");
        (await factory.ListIdsAsync("open=false&plan=road-traffic")).Should().Equal(opened.Id);
        (await factory.ListIdsAsync("open=true")).Should().BeEmpty();

        using var restarted = Postgres();
        var reread = await restarted.GetAsync(opened.Id);
        reread.ETag.Should().Be(ended.ETag, "the incident is read back from the database by a new host");
        reread.Body.Str("state").Should().Be("Closed");
    }

    [PostgresFact]
    public async Task Incident_InvalidFirstReportOnPostgres_StoresNothing()
    {
        using var factory = Postgres();
        await factory.OpenAsync();
        using var client = factory.As(RoleCatalogue.DutyOfficer);

        using var response = await client.PostJsonAsync(Http.Incidents, Bodies.Incident(figures: new { deaths = -1 }));

        await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        (await response.JsonAsync()).ErrorFields().Should().Contain("figures.deaths");
        (await factory.CountAsync()).Should().Be(1);
    }

    [PostgresFact]
    public async Task ListIncidents_OverdueOnPostgres_FollowsTheClock()
    {
        using var factory = Postgres();
        var incident = await factory.OpenAsync(Bodies.Incident(figures: new { deaths = 3 }, occurredAt: "2026-03-01T10:00:00+08:00"));
        incident.Body.Obligation("phone-report-to-city").Str("dueAt").Should().Be("2026-03-01T10:30:00+08:00");

        (await factory.ListIdsAsync("overdue=true")).Should().BeEmpty();
        factory.Clock.Advance(TimeSpan.FromMinutes(30));
        (await factory.ListIdsAsync("overdue=true")).Should().BeEmpty();
        factory.Clock.Advance(TimeSpan.FromSeconds(1));
        (await factory.ListIdsAsync("overdue=true")).Should().Equal(incident.Id);
    }

    [PostgresFact]
    public async Task Feed_SamplesThenTheSameFileAgainOnPostgres_BehaveAsOnSqlite()
    {
        // The 122 feed end to end on the second provider (FeedTests covers each rule on SQLite): the coach rollover
        // opens an incident and updates it, a late line is stale, a repeat a duplicate; bad lines are quarantined.
        using var factory = Postgres();
        string[] Sample(string name) =>
            File.ReadAllLines(Path.Combine(Paths.Repository, "tests", "EmergencyPlans.Api.Tests", "Feeds", "samples", name), Encoding.UTF8);
        var lines = Sample("coach-rollover-fog-g207.ndjson").Concat(Sample("routine-with-bad-lines.ndjson")).ToArray();

        var first = await FeedAsync(factory, lines);

        first.Select(r => r.Str("status")).Should().Equal("accepted", "accepted", "stale", "duplicate", "accepted", "rejected", "rejected", "accepted", "conflict");
        first.Select(r => r.TryGetProperty("outcome", out var o) ? o.GetString() : null).Take(2).Should().Equal("opened", "updated");
        var incident = await factory.GetAsync(first[0].Str("incidentId"));
        incident.Body.GetProperty("report").GetProperty("figures").GetProperty("deaths").GetInt64().Should().Be(3, "sequence 3 said 3 dead; the late sequence 2 changed nothing");
        using (var client = factory.As(RoleCatalogue.Feed))
        {
            using var response = await client.GetAsync("/api/v1/feeds/122/quarantine");
            await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
            (await response.JsonAsync()).GetProperty("entries").EnumerateArray().Select(q => q.Str("reason")).Should().Equal("rejected", "rejected", "conflict");
        }

        var store = factory.Services.GetRequiredService<IFeedStore>();
        var rows = await store.CountAsync();

        var again = await FeedAsync(factory, lines);

        again.Select(r => r.Str("status")).Should().Equal("duplicate", "duplicate", "duplicate", "duplicate", "duplicate", "rejected", "rejected", "duplicate", "conflict");
        (await store.CountAsync()).Should().Be(rows, "a replay adds no rows: a refused line already quarantined is not quarantined twice");
        (await factory.GetAsync(incident.Id)).ETag.Should().Be(incident.ETag, "a replay changes no incident");
    }

    private static async Task<JsonElement[]> FeedAsync(ApiFactory factory, IEnumerable<string> lines)
    {
        using var client = factory.As(RoleCatalogue.Feed);
        using var response = await client.PostAsync("/api/v1/feeds/122", new StringContent(string.Join('\n', lines) + "\n", Encoding.UTF8, "application/x-ndjson"));
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var answers = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToArray();
        answers[^1].TryGetProperty("summary", out _).Should().BeTrue("the answer ends with a summary");
        return answers[..^1];
    }
}
