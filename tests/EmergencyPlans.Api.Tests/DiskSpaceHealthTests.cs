using System.Net;
using EmergencyPlans.Api.Tests.Support;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// The readiness probe warns before the data folder's disk fills (EmergencyPlans:DiskSpaceAlarmBytes): a full disk refuses every write
/// (503), so the operator must hear of it first. Measured against the real file system's free space, one alarm above it and one below.
/// </summary>
public sealed class DiskSpaceHealthTests
{
    private static async Task<(HttpStatusCode Status, string Body)> ReadyAsync(string alarm)
    {
        using var factory = new ApiFactory().With("EmergencyPlans:DiskSpaceAlarmBytes", alarm);
        using var client = factory.Anonymous();
        using var response = await client.GetAsync("/health/ready");
        return (response.StatusCode, await response.ReadinessAsync());
    }

    [Fact]
    public async Task LessFreeThanTheAlarm_IsDegraded_StillReady()
    {
        var free = new DriveInfo(Path.GetTempPath()).AvailableFreeSpace;

        var ready = await ReadyAsync((free * 4).ToString(System.Globalization.CultureInfo.InvariantCulture));

        ready.Should().Be((HttpStatusCode.OK, "Degraded"));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("0")] // off
    public async Task MoreFreeThanTheAlarm_OrTheAlarmOff_IsHealthy(string alarm) =>
        (await ReadyAsync(alarm)).Should().Be((HttpStatusCode.OK, "Healthy"));

    [Fact]
    public void ANegativeAlarm_StopsTheHostNamingTheSetting()
    {
        using var factory = new ApiFactory().With("EmergencyPlans:DiskSpaceAlarmBytes", "-1");

        var start = () => factory.CreateClient();

        start.Should().Throw<Exception>().Which.ToString().Should().Contain("EmergencyPlans:DiskSpaceAlarmBytes");
    }
}
