using System.Net;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Core.Domain;
using Microsoft.Data.Sqlite;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// A damaged SQLite file (pages overwritten, as a failing disk leaves them) fails every request that reads them with 503 "the SQLite
/// store is damaged"; the readiness probe's own query reads a page or two and answered 200 Degraded all the same, so a load balancer
/// kept sending work to the instance. Once a request has met the damage, the probe says Unhealthy (503) and why.
/// </summary>
public sealed class StoreDamageHealthTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("emergencyplans-damaged-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private ApiFactory Host() => new ApiFactory().With("Alerts:Enabled", "false").With("EmergencyPlans:DataDirectory", _folder);

    [Fact]
    public async Task ARequestThatMeetsADamagedFile_MakesTheReadinessProbeUnhealthy_NamingTheDamage()
    {
        var ids = new List<string>();
        using (var first = Host())
        {
            for (var i = 0; i < 60; i++)
            {
                ids.Add((await first.OpenAsync(Bodies.Incident(figures: new { deaths = 3, missing = 0 }))).Id);
            }
        }

        SqliteConnection.ClearAllPools();
        var database = Path.Combine(_folder, "emergencyplans.db");
        await using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            await checkpoint.ExecuteNonQueryAsync();
        }

        await using (var file = new FileStream(database, FileMode.Open, FileAccess.Write))
        {
            file.Length.Should().BeGreaterThan(41 * 4096L, "the store spans the pages damaged below");
            file.Position = 20 * 4096L;
            await file.WriteAsync(Enumerable.Repeat((byte)0x5A, 21 * 4096).ToArray());
        }

        using var host = Host();
        using var client = host.As(RoleCatalogue.Observer);
        var damaged = false;
        foreach (var id in ids)
        {
            using var response = await client.GetAsync($"{Http.Incidents}/{id}");
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable && (await response.Content.ReadAsStringAsync()).Contains("damaged", StringComparison.Ordinal))
            {
                damaged = true;
                break;
            }
        }

        damaged.Should().BeTrue("a request reads a damaged page");
        using var anonymous = host.Anonymous();
        using var ready = await anonymous.GetAsync("/health/ready");
        ready.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await ready.Content.ReadAsStringAsync()).Should().Be("Unhealthy");
    }
}
