using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Application.Alerts;
using EmergencyPlans.Core.Domain;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// The duty office's alert stream outlives a store outage (docs/alerts.md, store-status). Before, the first failed read ended the
/// stream; a client reconnecting during the outage met a 503, which a browser's EventSource takes as the end for good. A real
/// PostgreSQL server ends the host's connections (pg_terminate_backend, as a server restart does): the stream says the store is
/// unavailable, goes on, and when the store answers again says so and delivers the alert stored meanwhile.
/// </summary>
public sealed class AlertStreamStoreOutageTests : IAsyncLifetime
{
    private readonly string _application = "ep-stream-" + Guid.NewGuid().ToString("N")[..12];
    private PostgresSchema? _postgres;

    public async Task InitializeAsync() => _postgres = await PostgresSchema.CreateAsync("stream_tests_", _application);

    public async Task DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    [PostgresFact]
    public async Task TheServerEndsTheHostsConnections_TheStreamSaysSo_GoesOn_AndDeliversWhatWasStoredOnceItAnswers()
    {
        using var host = PostgresSchema.Host(_postgres);
        using var safety = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        using var client = host.As(RoleCatalogue.Observer);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/alerts/stream?after=0");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, safety.Token);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(safety.Token));
        var events = AlertStreamEvents.Read(reader, safety.Token).GetAsyncEnumerator(safety.Token);

        // The host has read the store (its pool holds the connection), then, as a server restart does, every connection of the
        // host is ended under it.
        using (var read = await client.GetAsync("/api/v1/alerts", safety.Token))
        {
            read.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        await using (var admin = new NpgsqlConnection(PostgresFactAttribute.ConnectionString))
        {
            await admin.OpenAsync(safety.Token);
            await using var terminate = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1", admin);
            terminate.Parameters.AddWithValue(_application);
            ((long)(await terminate.ExecuteScalarAsync(safety.Token))!).Should().BeGreaterThan(0, "the host had connections open");
        }

        var down = await AlertStreamEvents.NextAsync(host, events, "store-status", safety.Token);
        down.GetProperty("state").GetString().Should().Be("unavailable");
        down.GetProperty("summary").GetString().Should().Contain("数据库暂不可用");
        down.GetProperty("reason").GetString().Should().NotBeNullOrEmpty();

        // The server answers again: an incident opened now raises its alerts. A request that meets one of the pool's ended
        // connections is a 503 and stores nothing (not a 500); sent again with its Idempotency-Key, as a client does, it is taken.
        using var officer = host.As(RoleCatalogue.DutyOfficer);
        var body = Bodies.Incident(figures: new { deaths = 3 }, occurredAt: "2026-03-01T09:40:00+08:00");
        var key = Guid.NewGuid().ToString();
        string? incidentId = null;
        for (var attempt = 0; incidentId is null && attempt < 20; attempt++)
        {
            using var post = new HttpRequestMessage(HttpMethod.Post, Http.Incidents) { Content = JsonContent.Create(body) };
            post.Headers.Add("Idempotency-Key", key);
            using var answer = await officer.SendAsync(post, safety.Token);
            answer.StatusCode.Should().BeOneOf(HttpStatusCode.Created, HttpStatusCode.ServiceUnavailable);
            if (answer.StatusCode == HttpStatusCode.Created)
            {
                incidentId = (await answer.JsonAsync()).GetProperty("id").GetString();
            }
        }

        incidentId.Should().NotBeNull();
        var scanner = host.Services.GetRequiredService<AlertScanner>();
        for (var attempt = 0; attempt < 20; attempt++)
        {
            try
            {
                await scanner.ScanAsync(CancellationToken.None);
                break;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.AdminShutdown)
            {
                // The scanner's own connection was one of those ended; its worker retries at the next tick, as this does.
            }
        }

        var up = await AlertStreamEvents.NextAsync(host, events, "store-status", safety.Token);
        up.GetProperty("state").GetString().Should().Be("available");
        var alert = await AlertStreamEvents.NextAsync(host, events, "alert", safety.Token);
        alert.GetProperty("incidentId").GetString().Should().Be(incidentId);
    }
}

/// <summary>
/// A stream opened while the store cannot answer (here a restore holds the SQLite store; PostgreSQL down is the same case). Before, the
/// stream asked the store for its start before sending its headers and answered 503, and a browser's EventSource, which does not retry
/// a response that is not 200, stopped for good: the duty office's alert screen stayed silent until someone reloaded it. The stream now
/// opens all the same, says the store is unavailable, and once the store answers starts with the alerts raised from its opening.
/// </summary>
public sealed class AlertStreamOpenedDuringAnOutageTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("emergencyplans-stream-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private ApiFactory Host() => new ApiFactory().With("Alerts:Enabled", "false").With("EmergencyPlans:DataDirectory", _folder);

    private static async Task<string> OpenIncidentAsync(ApiFactory host, int deaths)
    {
        using var officer = host.As(RoleCatalogue.DutyOfficer);
        using var created = await officer.PostJsonAsync(Http.Incidents, Bodies.Incident(figures: new { deaths }));
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var id = (await created.JsonAsync()).GetProperty("id").GetString()!;
        await host.Services.GetRequiredService<AlertScanner>().ScanAsync(CancellationToken.None);
        return id;
    }

    /// <summary>
    /// The store's lock taken alone, as a restore takes it, once the earlier host has let it go. The earlier host's store can still hold
    /// its shared lock a moment after the factory's Dispose has returned: taken at once, the lock was refused to the test now and then
    /// (2 of 15 runs, at afd66d4 as at 0f49874, session 35), as if a service still used the store.
    /// </summary>
    private static async Task<FileStream> HeldAloneAsync(string lockFile, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
            }
        }
    }

    [Fact]
    public async Task OpenedWithoutAStartWhileTheStoreIsRestored_Is200_SaysSo_ThenSendsTheAlertsRaisedFromThen()
    {
        // Alerts stored before the stream opens are not its to send ("from now on").
        string before;
        using (var earlier = Host())
        {
            before = await OpenIncidentAsync(earlier, deaths: 3);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        using var host = Host();
        host.Clock.Advance(TimeSpan.FromMinutes(5));
        using var safety = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        HttpResponseMessage response;
        IAsyncEnumerator<(string Kind, JsonElement Data)> events;
        JsonElement down;

        // The restore holds the store from before the host starts: the host's first use of the store, at its start, meets it (and
        // the host starts all the same, answering 503 until the restore ends), and so does the stream's.
        var restore = await HeldAloneAsync(Path.Combine(_folder, "emergencyplans.db.lock"), safety.Token);
        using var client = host.As(RoleCatalogue.Observer);
        using (restore)
        {
            response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v1/alerts/stream"), HttpCompletionOption.ResponseHeadersRead, safety.Token);
            response.StatusCode.Should().Be(HttpStatusCode.OK, "a 503 would end a browser's EventSource for good");
            var reader = new StreamReader(await response.Content.ReadAsStreamAsync(safety.Token));
            events = AlertStreamEvents.Read(reader, safety.Token).GetAsyncEnumerator(safety.Token);
            down = await AlertStreamEvents.NextAsync(host, events, "store-status", safety.Token);

            // While it lasts, the stream is kept alive as a quiet one is (a proxy would close it as idle).
            await AlertStreamEvents.NextAsync(host, events, "keep-alive", safety.Token);
        }

        down.GetProperty("state").GetString().Should().Be("unavailable");
        down.GetProperty("reason").GetString().Should().Contain("being restored");

        var up = await AlertStreamEvents.NextAsync(host, events, "store-status", safety.Token);
        up.GetProperty("state").GetString().Should().Be("available");
        var after = await OpenIncidentAsync(host, deaths: 10);
        var alert = await AlertStreamEvents.NextAsync(host, events, "alert", safety.Token);
        alert.GetProperty("incidentId").GetString().Should().Be(after).And.NotBe(before);
        response.Dispose();
    }
}
