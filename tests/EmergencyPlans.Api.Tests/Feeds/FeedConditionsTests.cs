using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Application.Alerts;
using EmergencyPlans.Core.Domain;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyPlans.Api.Tests.Feeds;

/// <summary>
/// The 122 record's <c>conditions</c> (docs/feed-122.md): road observations reach the incident a record opens or updates, so a 4.3 warning
/// can come from a 122 incident. 晋市政办〔2025〕18号 4.1 "实现气象监测预警与公安交管应急处置互通融合"; 4.3.2(1) "可能出现或已经出现暴雨、暴雪、
/// 能见度 ≤ 20 米的浓雾等严重影响道路交通安全的情形" (二级, 橙色, approved by 市指挥部指挥长, 4.4.1). Before, no record could carry an
/// observation but in its free text, and no 122 incident ever had a warning (exploratory review s48, R7).
/// </summary>
public sealed class FeedConditionsTests : IDisposable
{
    private readonly ApiFactory _host = new ApiFactory().With("Alerts:Enabled", "false");

    public void Dispose() => _host.Dispose();

    /// <summary>A record of dispatch <paramref name="dispatchId"/> on G207 in 泽州县: a rollover with 2 seriously injured (it opens an incident).</summary>
    private static string Record(string dispatchId, long sequence, string? conditions, string updatedAt = "2026-03-01T09:35:00+08:00") =>
        new JsonObject
        {
            ["eventId"] = $"{dispatchId}-{sequence}",
            ["dispatchId"] = dispatchId,
            ["sequence"] = sequence,
            ["updatedAt"] = updatedAt,
            ["callAt"] = "2026-03-01T09:30:00+08:00",
            ["occurredAt"] = "2026-03-01T09:25:00+08:00",
            ["county"] = "泽州县",
            ["road"] = new JsonObject { ["code"] = "G207", ["km"] = 1108.5m, ["name"] = "国道207线" },
            ["nature"] = "rollover",
            ["figures"] = new JsonObject { ["deaths"] = 0, ["missing"] = 0, ["seriousInjuries"] = 2, ["injured"] = 5 },
            ["conditions"] = conditions is null ? null : JsonNode.Parse(conditions),
            ["text"] = "团雾，大客车侧翻",
            ["status"] = "open",
        }.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private async Task<JsonElement[]> AlertsAsync(string kind)
    {
        await _host.Services.GetRequiredService<AlertScanner>().ScanAsync(CancellationToken.None);
        using var client = _host.As(RoleCatalogue.Observer);
        using var response = await client.GetAsync($"/api/v1/alerts?limit=500&kind={kind}");
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return (await response.JsonAsync()).EnumerateArray().ToArray();
    }

    [Fact]
    public async Task FogOfFifteenMetresOverTwoTownships_OpensAnIncidentWhoseAssessmentCallsForOrange_AndRaisesTheRoadWarningAlert()
    {
        // 4.3.2(1) "能见度 ≤ 20 米的浓雾": orange, no 乡(镇) condition (that is 4.3.3(1)'s, for yellow).
        var (results, _) = await _host.PostFeedAsync([Record("FOG-15", 1, """{"visibilityMetres":15,"visibilityCause":"fog","townshipsAffected":2}""")]);

        results[0].Str("outcome").Should().Be("opened");
        var incident = (await _host.GetAsync(results[0].Str("incidentId"))).Body;
        var conditions = incident.GetProperty("report").GetProperty("conditions");
        (conditions.GetProperty("visibilityMetres").GetDecimal(), conditions.Str("visibilityCause"), conditions.GetProperty("townshipsAffected").GetInt32())
            .Should().Be((15m, "fog", 2));
        var warning = incident.GetProperty("assessment").GetProperty("warning");
        warning.Str("colour").Should().Be("orange");
        warning.GetProperty("because")[0].Str("clause").Should().Be("4.3.2(1)");

        var alert = (await AlertsAsync(AlertKinds.RoadWarning)).Should().ContainSingle().Subject;
        alert.Str("key").Should().Be($"{results[0].Str("incidentId")}:road-warning:orange");
        alert.Str("text").Should().Contain("橙色").And.Contain("市指挥部指挥长");
    }

    [Fact]
    public async Task ALaterMessage_ItsConditionsReplaceTheEarlierOnes_AndOneWithoutConditionsKeepsThem()
    {
        // Each message files a 续报 whose conditions, when given, replace the incident's (as a REST report's do); none given keeps them.
        var (opened, _) = await _host.PostFeedAsync([Record("FOG-SEQ", 1, null)]);
        var id = opened[0].Str("incidentId");
        (await _host.GetAsync(id)).Body.GetProperty("assessment").GetProperty("warning").ValueKind.Should().Be(JsonValueKind.Null);

        var (second, _) = await _host.PostFeedAsync([Record("FOG-SEQ", 2, """{"visibilityMetres":8,"visibilityCause":"fog"}""", "2026-03-01T09:40:00+08:00")]);
        second[0].Str("outcome").Should().Be("updated");
        (await _host.GetAsync(id)).Body.GetProperty("assessment").GetProperty("warning").Str("colour").Should().Be("red", "4.3.1(1) 能见度 ≤ 10 米的浓雾");

        var (third, _) = await _host.PostFeedAsync([Record("FOG-SEQ", 3, "{}", "2026-03-01T09:45:00+08:00")]);
        third[0].Str("outcome").Should().Be("updated");
        (await _host.GetAsync(id)).Body.GetProperty("report").GetProperty("conditions").Str("visibilityCause").Should().Be("fog", "an empty object says nothing");

        var (fourth, _) = await _host.PostFeedAsync([Record("FOG-SEQ", 4, """{"visibilityMetres":8,"visibilityCause":"sandstorm","townshipsAffected":3}""", "2026-03-01T09:50:00+08:00")]);
        fourth[0].Str("outcome").Should().Be("updated");
        (await _host.GetAsync(id)).Body.GetProperty("assessment").GetProperty("warning").ValueKind.Should().Be(JsonValueKind.Null,
            "a sandstorm has only 4.3.3(1), which needs four 乡(镇)");
    }

    [Fact]
    public async Task ABadVisibility_IsQuarantinedNamingConditionsVisibilityMetres()
    {
        var line = Record("FOG-BAD", 1, """{"visibilityMetres":-15,"visibilityCause":"fog"}""");

        var (results, _) = await _host.PostFeedAsync([line]);

        results[0].Str("status").Should().Be("rejected");
        results[0].Str("field").Should().Be("conditions.visibilityMetres");
        using var client = _host.As(RoleCatalogue.Observer);
        using var response = await client.GetAsync(FeedHttp.Feed + "/quarantine");
        var entry = (await response.JsonAsync()).GetProperty("entries").EnumerateArray().Should().ContainSingle().Subject;
        (entry.Str("field"), entry.Str("line")).Should().Be(("conditions.visibilityMetres", line));
        (await _host.CountAsync()).Should().Be(0, "a rejected line opens nothing");
    }

    [Fact]
    public async Task TheSameEventId_DifferingOnlyInConditions_IsAConflict_AndTheSameConditionsWrittenOtherwiseADuplicate()
    {
        var first = Record("FOG-DUP", 1, """{"visibilityMetres":30,"visibilityCause":"fog"}""");
        var (opened, _) = await _host.PostFeedAsync([first]);
        var before = await _host.GetAsync(opened[0].Str("incidentId"));

        var rewritten = Record("FOG-DUP", 1, """{"visibilityCause":"fog","visibilityMetres":30.0,"windForce":null}""");
        var other = Record("FOG-DUP", 1, """{"visibilityMetres":15,"visibilityCause":"fog"}""");
        var without = Record("FOG-DUP", 1, null);
        var (results, _) = await _host.PostFeedAsync([rewritten, other, without]);

        results.Select(r => r.Str("status")).Should().Equal("duplicate", "conflict", "conflict");
        results[1].Str("field").Should().Be("eventId");
        (await _host.GetAsync(before.Id)).ETag.Should().Be(before.ETag, "a conflict is never applied");
    }

    [Fact]
    public async Task TheCoachRolloverSample_OpensWithTheFogItReports()
    {
        // Its first message: 团雾，能见度约30米 (fog, 30 米), 乡(镇) not reported: 4.3.3(1) "能见度 ≤ 50 米的……大雾……且涉及四个以上乡(镇)的" hangs
        // on the 乡(镇); 30 米 is above 4.3.2(1)'s 20.
        var (results, _) = await _host.PostFeedAsync(FeedHttp.Sample("coach-rollover-fog-g207.ndjson"));

        var incident = (await _host.GetAsync(results[0].Str("incidentId"))).Body;
        incident.GetProperty("report").GetProperty("conditions").Str("visibilityCause").Should().Be("fog");
        var assessment = incident.GetProperty("assessment");
        assessment.GetProperty("warning").ValueKind.Should().Be(JsonValueKind.Null);
        var open = assessment.GetProperty("warningsIfKnown").EnumerateArray().Should().ContainSingle().Subject;
        (open.Str("colour"), open.GetProperty("because").Str("clause")).Should().Be(("yellow", "4.3.3(1)"));
        open.GetProperty("unknown").Strings().Should().Equal("townshipsAffected");
    }
}
