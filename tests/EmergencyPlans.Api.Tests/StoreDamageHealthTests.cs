using System.Net;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Core.Domain;
using Microsoft.Data.Sqlite;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// A damaged SQLite file (pages overwritten, as a failing disk leaves them) fails every request that reads them with 503 "the SQLite
/// store is damaged"; the readiness probe's own query reads a page or two and answered 200 Degraded all the same, so a load balancer
/// kept sending work to the instance. Once a request or the alert scan has met the damage, the probe says Unhealthy (503) and why.
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
        (await ready.ReadinessAsync()).Should().Be("Unhealthy");
    }

    [Fact]
    public async Task TheAlertScanMeetingADamagedFile_MakesTheReadinessProbeUnhealthy_WithoutAnyRequest()
    {
        // Session 47 (O2): the scan failed every pass with "database disk image is malformed" (event 8003) and the probe said Healthy
        // until a user's request met the damage.
        using (var first = Host())
        {
            for (var i = 0; i < 60; i++)
            {
                await first.OpenAsync(Bodies.Incident(figures: new { deaths = 3, missing = 0 }));
            }
        }

        SqliteConnection.ClearAllPools();
        var database = Path.Combine(_folder, "emergencyplans.db");
        long root;
        long pageSize;
        await using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            await checkpoint.ExecuteNonQueryAsync();
            await using var page = connection.CreateCommand();
            page.CommandText = "PRAGMA page_size";
            pageSize = (long)(await page.ExecuteScalarAsync())!;
            await using var table = connection.CreateCommand();
            table.CommandText = "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = 'incidents'";
            root = (long)(await table.ExecuteScalarAsync())!;
        }

        // The incidents table's root page overwritten (as the review did): every pass of the scan lists the incidents from it.
        await using (var file = new FileStream(database, FileMode.Open, FileAccess.Write))
        {
            file.Position = (root - 1) * pageSize;
            await file.WriteAsync(Enumerable.Repeat((byte)0x5A, 200).ToArray());
        }

        using var host = new ApiFactory().With("Alerts:ScanInterval", "00:00:00.2").With("EmergencyPlans:DataDirectory", _folder);
        using var anonymous = host.Anonymous();
        var answer = "";
        for (var i = 0; i < 50 && answer != "Unhealthy"; i++)
        {
            await Task.Delay(200);
            using var ready = await anonymous.GetAsync("/health/ready");
            answer = await ready.ReadinessAsync();
        }

        answer.Should().Be("Unhealthy", "the alert scan read the damaged page at every pass, and no request did");
    }
}
