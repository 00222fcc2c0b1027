using System.Net;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Domain;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// A client that retries before its first answer arrives sends the same Idempotency-Key while the first request is still being
/// written; behind a load balancer the copies reach different instances. Eight copies at once, of an incident's opening and then
/// of a report on it: whichever wins, every copy gets the winner's answer and the incident is written once. On SQLite into one
/// service; on PostgreSQL into two hosts on one database.
/// </summary>
public sealed class IdempotencyRaceTests : IAsyncLifetime
{
    private const int Copies = 12;
    private PostgresSchema? _postgres;

    public async Task InitializeAsync() => _postgres = await PostgresSchema.CreateAsync("idempotency_race_");

    public async Task DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    [Fact]
    public async Task CopiesOfOneRequestAtOnce_IntoOneServiceOnSqlite_AreWrittenOnce()
    {
        using var host = new ApiFactory().With("Alerts:Enabled", "false");
        await CheckAsync(host, host);
    }

    [PostgresFact]
    public async Task CopiesOfOneRequestAtOnce_IntoTwoInstancesOnOnePostgresDatabase_AreWrittenOnce()
    {
        using var a = Postgres();
        using var b = Postgres();
        await CheckAsync(a, b);
    }

    private ApiFactory Postgres() => PostgresSchema.Host(_postgres);

    private static async Task CheckAsync(ApiFactory a, ApiFactory b)
    {
        var opening = await SendCopiesAsync(a, b, Http.Incidents, Bodies.Incident(figures: new { deaths = 1, missing = 0 }), ifMatch: null);
        opening.Select(r => r.Status).Should().OnlyContain(s => s == HttpStatusCode.Created, string.Join(" | ", opening.Select(r => r.Body)));
        var id = opening.Select(r => r.Location).Distinct().Should().ContainSingle().Subject;
        opening.Select(r => r.ETag).Distinct().Should().ContainSingle();
        (await a.Services.GetRequiredService<IIncidentStore>().QueryAsync(new IncidentQuery { Limit = 500 })).Should().ContainSingle("one incident for eight copies");

        // Reports one after another, each sent as copies at once. A copy that looked for its key before the first copy committed
        // and read the incident after it was answered 412 (seen in CI, where the machine is slower): its own change had been made.
        var etag = opening[0].ETag!.Value;
        for (var round = 1; round <= 6; round++)
        {
            var report = new { kind = "continuation", summary = $"续报{round}：又发现1人死亡", figures = new { deaths = 1 + round, missing = 0 } };
            var reported = await SendCopiesAsync(a, b, id + "/reports", report, ifMatch: etag);
            reported.Select(r => (int)r.Status).Distinct().Should().ContainSingle($"round {round}: {string.Join(" | ", reported.Select(r => r.Body[..Math.Min(200, r.Body.Length)]))}")
                .Which.Should().Be(200);
            reported.Select(r => r.ETag).Distinct().Should().ContainSingle().Which.Should().Be(etag + 1, $"round {round}: the report is applied once");
            etag++;
        }
    }

    private static async Task<(HttpStatusCode Status, string? Location, long? ETag, string Body)[]> SendCopiesAsync(
        ApiFactory a, ApiFactory b, string url, object body, long? ifMatch)
    {
        var key = Guid.NewGuid().ToString();
        var clients = Enumerable.Range(0, Copies).Select(i => (i % 2 == 0 ? a : b).As(RoleCatalogue.DutyOfficer)).ToArray();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            var sends = clients.Select(client => Task.Run(async () =>
            {
                await start.Task;
                using var request = Http.Request(url, System.Net.Http.Json.JsonContent.Create(body), ifMatch);
                request.Headers.Add("Idempotency-Key", key);
                using var response = await client.SendAsync(request);
                var location = response.Headers.Location?.OriginalString;
                return (response.StatusCode, location, response.Headers.ETag is { } tag ? long.Parse(tag.Tag.Trim('"'), System.Globalization.CultureInfo.InvariantCulture) : (long?)null,
                    await response.Content.ReadAsStringAsync());
            })).ToArray();
            start.SetResult();
            return await Task.WhenAll(sends);
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }
}
