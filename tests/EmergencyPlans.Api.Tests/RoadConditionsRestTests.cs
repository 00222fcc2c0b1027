using System.Text.Json;
using EmergencyPlans.Api.Tests.Support;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// A REST incident's road <c>conditions</c> (docs/guide.md, docs/feed-122.md "each null or omitted while unknown"): what was not reported stays
/// unknown; and the blocked road's class (<c>mainRoad</c>) bears on 晋市政办〔2025〕18号 4.3.x(2) "造成国(省)道等主干道交通中断或阻塞".
/// </summary>
public sealed class RoadConditionsRestTests : IDisposable
{
    private readonly ApiFactory _host = new ApiFactory().With("Alerts:Enabled", "false");

    public void Dispose() => _host.Dispose();

    private static Dictionary<string, object?> Incident(object conditions)
    {
        var body = Bodies.Incident(figures: new { deaths = 0, missing = 0, seriousInjuries = 0, directLossWan = 0 });
        body["conditions"] = conditions;
        return body;
    }

    [Fact]
    public async Task SnowAndIceNotReported_IsShownUnknown_NotFalse()
    {
        // Review s54 #13: conditions.mainRoadSnowIce was stored and shown as false when never sent. 4.3.3(3) "将导致国(省)道等主干道大面积积雪、
        // 结冰的" is not answered "no" by a report of fog.
        var opened = await _host.OpenAsync(Incident(new { visibilityMetres = 8, visibilityCause = "fog" }));

        var conditions = (await _host.GetAsync(opened.Id)).Body.GetProperty("report").GetProperty("conditions");
        conditions.GetProperty("mainRoadSnowIce").ValueKind.Should().Be(JsonValueKind.Null);
        conditions.GetProperty("mainRoad").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task ARoadStatedNotAMainRoad_MeetsNoBlockageWarning_AndOneNotStatedMeetsItAsBefore()
    {
        // 4.3.1(2) "……造成国(省)道等主干道交通中断或阻塞,处置、抢修时间预计在48小时以上的" (red).
        var notMain = await _host.OpenAsync(Incident(new { mainRoadRepairHours = 60, mainRoad = false }));
        var unsaid = await _host.OpenAsync(Incident(new { mainRoadRepairHours = 60 }));

        notMain.Body.GetProperty("assessment").GetProperty("warning").ValueKind.Should().Be(JsonValueKind.Null);
        unsaid.Body.GetProperty("assessment").GetProperty("warning").Str("colour").Should().Be("red");
    }
}
