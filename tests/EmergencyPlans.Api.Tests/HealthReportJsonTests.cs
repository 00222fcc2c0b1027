using System.Net;
using EmergencyPlans.Api.Tests.Support;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// /health/ready answers each check with its status and reason as JSON (it answered only "Healthy" or "Degraded", and the reason was in
/// the log alone: ops review, session 47, O11), with the status codes as before. It is anonymous, so nothing secret is in it.
/// </summary>
public sealed class HealthReportJsonTests
{
    [Fact]
    public async Task Ready_ListsEveryCheckWithItsStatusAndReason_AsJson_200WhenHealthy()
    {
        using var host = new ApiFactory();
        using var client = host.Anonymous();

        using var ready = await client.GetAsync("/health/ready");

        await ready.ShouldHaveStatusAsync(HttpStatusCode.OK);
        ready.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        var body = await ready.JsonAsync();
        body.Str("status").Should().Be("Healthy");
        body.GetProperty("checks").EnumerateArray().Select(c => (c.Str("name"), c.Str("status"))).Should().Equal(
            ("plans", "Healthy"), ("store", "Healthy"), ("feed-122", "Healthy"), ("disk", "Healthy"), ("alerts", "Healthy"));
        (await ready.ReadinessCheckAsync("store")).Description.Should().Be("store answers");
    }

    [Fact]
    public async Task Ready_DegradedByTheDisk_Is200_SayingWhy_WithoutTheDataFoldersPath()
    {
        using var host = new ApiFactory().With("EmergencyPlans:DiskSpaceAlarmBytes", long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var client = host.Anonymous();

        using var ready = await client.GetAsync("/health/ready");

        await ready.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await ready.ReadinessAsync()).Should().Be("Degraded");
        var disk = await ready.ReadinessCheckAsync("disk");
        disk.Status.Should().Be("Degraded");
        disk.Description.Should().Contain("EmergencyPlans:DiskSpaceAlarmBytes").And.Contain("(the data folder)");
        // "data folder (the data folder): 0 bytes free" doubled the words (review s58, operations nits).
        disk.Description.Should().MatchRegex(@"^\d+ bytes free on the disk of \(the data folder\), below the alarm of \d+ ").And.NotContain("data folder (the data folder)");
        (await ready.Content.ReadAsStringAsync()).Should().NotContain(host.DataDirectory, "the probe is anonymous: the server's paths stay in its log");
    }

    [Fact]
    public async Task Ready_WithPostgresUnreachable_Is503_SayingWhy_WithoutTheConnectionStringOrAnyKey()
    {
        const string Password = "never-in-the-probe-7Q2x";
        using var host = new ApiFactory()
            .With("Alerts:Enabled", "false")
            .With("EmergencyPlans:StoreProvider", "postgres")
            .With("EmergencyPlans:PostgresConnectionString", $"Host=127.0.0.1;Port=9;Username=ep_probe;Password={Password};Database=ep_probe;Timeout=2");
        using var client = host.Anonymous();

        using var ready = await client.GetAsync("/health/ready");

        await ready.ShouldHaveStatusAsync(HttpStatusCode.ServiceUnavailable);
        (await ready.ReadinessAsync()).Should().Be("Unhealthy");
        var store = await ready.ReadinessCheckAsync("store");
        store.Status.Should().Be("Unhealthy");
        store.Description.Should().StartWith("store unreachable: the PostgreSQL server cannot be reached (",
            "said as the requests' 503 says it (a full disk at a restart was \"disk I/O error\" here while the requests said the disk is full)");
        var text = await ready.Content.ReadAsStringAsync();
        text.Should().NotContain(Password).And.NotContain("Password=").And.NotContain("ep_probe");
        foreach (var role in Keys.Roles)
        {
            text.Should().NotContain(Keys.For(role));
        }
    }
}
