using System.Net;
using System.Text.Json;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// What lowers the visibility (<c>conditions.visibilityCause</c>) through the REST assessment and an incident's reports, from
/// 晋市政办〔2025〕18号 4.3.1(1) "能见度 ≤ 10 米的浓雾" (红色), 4.3.2(1) "能见度 ≤ 20 米的浓雾" (橙色) and 4.3.3(1) "能见度 ≤ 50 米的特强沙尘暴或者大雾
/// 等严重影响道路交通安全的情形,且涉及四个以上乡(镇)的" (黄色); docs/decisions/0003 #39.
/// </summary>
public sealed class VisibilityCauseTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private async Task<JsonElement> AssessAsync(string conditions)
    {
        using var client = factory.As(RoleCatalogue.Observer);
        var json = "{\"plan\":\"road-traffic\",\"occurredAt\":\"2026-03-01T09:10:00+08:00\",\"figures\":{\"deaths\":0,\"missing\":0},\"conditions\":" + conditions + "}";
        using var response = await client.PostRawAsync("/api/v1/assessments", json);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return await response.JsonAsync();
    }

    private static string? Colour(JsonElement assessment) =>
        assessment.GetProperty("warning").ValueKind == JsonValueKind.Null ? null : assessment.GetProperty("warning").Str("colour");

    [Theory]
    // 4.3.1(1) "能见度 ≤ 10 米的浓雾" → red; 4.3.2(1) "≤ 20 米的浓雾" → orange
    [InlineData(10, "fog", 4, "red")]
    [InlineData(20, "fog", 4, "orange")]
    // 4.3.3(1) "能见度 ≤ 50 米的特强沙尘暴……且涉及四个以上乡(镇)的": a sandstorm is yellow with four, nothing with three
    [InlineData(10, "sandstorm", 4, "yellow")]
    [InlineData(20, "sandstorm", 4, "yellow")]
    [InlineData(10, "sandstorm", 3, null)]
    public async Task Assess_ByCause(int metres, string cause, int townships, string? colour)
    {
        var a = await AssessAsync($"{{\"visibilityMetres\":{metres},\"visibilityCause\":\"{cause}\",\"townshipsAffected\":{townships}}}");

        Colour(a).Should().Be(colour);
        a.GetProperty("warningsIfKnown").GetArrayLength().Should().Be(0);
    }

    [Theory]
    [InlineData(10, "red", "4.3.1(1)")]
    [InlineData(20, "orange", "4.3.2(1)")]
    public async Task Assess_CauseNotStated_YellowIsMet_TheColourOfFogIsListedIfKnown(int metres, string ifFog, string clause)
    {
        // 4.3.3(1) reads "特强沙尘暴或者大雾", either; 4.3.1(1)/4.3.2(1) read "浓雾" only.
        var a = await AssessAsync($"{{\"visibilityMetres\":{metres},\"townshipsAffected\":4}}");

        Colour(a).Should().Be("yellow");
        a.GetProperty("warning").GetProperty("because")[0].Str("clause").Should().Be("4.3.3(1)");
        var open = a.GetProperty("warningsIfKnown").EnumerateArray().Should().ContainSingle().Subject;
        open.Str("colour").Should().Be(ifFog);
        open.GetProperty("because").Str("clause").Should().Be(clause);
        open.GetProperty("unknown").Strings().Should().Equal("visibilityCause");
        open.Str("text").Should().StartWith($"能见度降低的原因未报：若为浓雾，应发布{(ifFog == "red" ? "红色" : "橙色")}预警（{clause}）");
    }

    [Fact]
    public async Task Incident_AReportOfFog_IsKeptWithItsCause_AndCallsForOrange()
    {
        // 4.3.2(1) "能见度 ≤ 20 米的浓雾": the report's conditions carry the cause into the incident's assessment and view.
        var incident = await factory.OpenAsync(Bodies.Incident());
        var reported = await factory.ChangeAsync(incident, "/reports",
            new { kind = "continuation", summary = "团雾，能见度15米", conditions = new { visibilityMetres = 15, visibilityCause = "fog", townshipsAffected = 2 } },
            RoleCatalogue.DutyOfficer);

        reported.Body.GetProperty("report").GetProperty("conditions").Str("visibilityCause").Should().Be("fog");
        reported.Body.GetProperty("assessment").GetProperty("warning").Str("colour").Should().Be("orange");
    }

    [Fact]
    public async Task Incident_AReportWithAnUnknownCause_Is400NamingConditionsVisibilityCause()
    {
        var incident = await factory.OpenAsync(Bodies.Incident());
        using var client = factory.As(RoleCatalogue.DutyOfficer);

        using var response = await client.PostJsonAsync(incident.Url + "/reports",
            new { kind = "continuation", summary = "能见度10米", conditions = new { visibilityMetres = 10, visibilityCause = "霾" } }, incident.ETag);

        await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        var problem = await response.JsonAsync();
        problem.ErrorFields().Should().Contain("conditions.visibilityCause");
    }
}
