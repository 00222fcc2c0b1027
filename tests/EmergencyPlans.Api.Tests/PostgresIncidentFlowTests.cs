using System.Net;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Core.Domain;
using Npgsql;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// The incident flow with EmergencyPlans:StoreProvider=postgres. Each test gets a schema of its own
/// (selected by the connection's search path, dropped afterwards), so lists and the overdue filter see
/// only its incidents however many runs the shared database has seen.
/// </summary>
public sealed class PostgresIncidentFlowTests : IAsyncLifetime
{
    private readonly string _schema = "api_tests_" + Guid.NewGuid().ToString("N")[..12];
    private string? _connectionString;

    public async Task InitializeAsync()
    {
        if (PostgresFactAttribute.ConnectionString is null)
        {
            return; // skipped, or failing under CI through PostgresFactAttribute.Required
        }

        await ExecuteAsync($"CREATE SCHEMA {_schema}");
        _connectionString = new NpgsqlConnectionStringBuilder(PostgresFactAttribute.ConnectionString) { SearchPath = _schema }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        if (_connectionString is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync($"DROP SCHEMA IF EXISTS {_schema} CASCADE");
        }
    }

    private ApiFactory Postgres() => new ApiFactory()
        .With("EmergencyPlans:StoreProvider", "postgres")
        .With("EmergencyPlans:PostgresConnectionString", _connectionString ?? PostgresFactAttribute.Required);

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresFactAttribute.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
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

        var final = await factory.ChangeAsync(current, "/reports", Bodies.Final(), RoleCatalogue.DutyOfficer);
        final.Body.Str("state").Should().Be("FinalReported");
        var ended = await factory.ChangeAsync(final, "/response/termination", Bodies.Terminate(), RoleCatalogue.Commander);
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
}
