using System.Text.Json;
using System.Text.Json.Nodes;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Application.Feeds;

namespace EmergencyPlans.Api.Tests.Feeds;

/// <summary>
/// 晋市政办〔2025〕18号 1.4: "高速公路上发生以上情形的按照《晋城市境内高速公路交通安全属地救援应急预案》执行……本预案作为配合预案执行。" A 122 record
/// names its road; by its number (GB/T 917-2017: an expressway is G or S and one, two or four digits, G22 青兰高速; an ordinary road three,
/// G207) the incident it opens says whether the expressway plan leads. Before, an expressway tanker leak opened an ordinary road incident
/// with no word of 1.4 (exploratory review s48, R9).
/// </summary>
public sealed class FeedLeadPlanTests : IDisposable
{
    private readonly ApiFactory _host = new ApiFactory().With("Alerts:Enabled", "false");

    public void Dispose() => _host.Dispose();

    private static string Record(string dispatchId, JsonObject? road, string? figures = null, string nature = "hazmat-leak") =>
        new JsonObject
        {
            ["eventId"] = $"{dispatchId}-1",
            ["dispatchId"] = dispatchId,
            ["sequence"] = 1,
            ["updatedAt"] = "2026-03-01T09:35:00+08:00",
            ["callAt"] = "2026-03-01T09:30:00+08:00",
            ["occurredAt"] = "2026-03-01T09:25:00+08:00",
            ["county"] = "高平市",
            ["road"] = road,
            ["nature"] = nature,
            ["figures"] = JsonNode.Parse(figures ?? """{"deaths":1,"missing":0,"seriousInjuries":0}"""),
            ["text"] = "液化石油气罐车侧翻泄漏",
            ["status"] = "open",
        }.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private async Task<JsonElement[]> LeadPlansAsync(string line)
    {
        var (results, _) = await _host.PostFeedAsync([line]);
        results[0].Str("outcome").Should().Be("opened", "a death opens a plan incident");
        return (await _host.GetAsync(results[0].Str("incidentId"))).Body.GetProperty("assessment").GetProperty("leadPlans").EnumerateArray().ToArray();
    }

    [Fact]
    public async Task ATankerLeakOnG22_TheExpresswayPlanLeads()
    {
        var leads = await LeadPlansAsync(Record("LEAD-G22", new JsonObject { ["code"] = "G22", ["km"] = 700.2m, ["name"] = "青兰高速" }));

        var expressway = leads.Single(l => l.Str("when") == "onExpressway");
        (expressway.Str("plan"), expressway.GetProperty("applies").GetBoolean(), expressway.Str("thisPlan"), expressway.Str("clause"))
            .Should().Be(("《晋城市境内高速公路交通安全属地救援应急预案》", true, "supporting", "1.4"));
        leads.Single(l => l.Str("when") == "oilGasCbmTransport").GetProperty("applies").ValueKind.Should().Be(JsonValueKind.Null,
            "122 does not say what the tanker carried: the oil and gas plan could lead too, and the card says so");
    }

    [Fact]
    public async Task TheSameLeakOnG207_NoExpresswayPlan()
    {
        var leads = await LeadPlansAsync(Record("LEAD-G207", new JsonObject { ["code"] = "G207", ["km"] = 1108.5m, ["name"] = "国道207线" }));

        leads.Select(l => l.Str("when")).Should().Equal(["oilGasCbmTransport"], "G207 is an ordinary national road: 1.4's expressway case does not apply");
    }

    [Fact]
    public async Task NoRoad_WhetherOnAnExpresswayIsAsked()
    {
        var leads = await LeadPlansAsync(Record("LEAD-NONE", null));

        leads.Single(l => l.Str("when") == "onExpressway").GetProperty("applies").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task TheRecordsOwnFigureStands_OverItsRoadNumber()
    {
        // The dispatcher's own word (figures.onExpressway: false, a crash on the service road beside G22) is not overridden by the number.
        var leads = await LeadPlansAsync(Record("LEAD-SAID", new JsonObject { ["code"] = "G22" },
            """{"deaths":1,"missing":0,"seriousInjuries":0,"onExpressway":false,"oilGasCbmTransport":true}"""));

        leads.Select(l => (l.Str("when"), l.GetProperty("applies").GetBoolean())).Should().Equal([("oilGasCbmTransport", true)]);
    }

    [Fact]
    public async Task ALandslideBlockingTheRoad_AsksWhetherAnEarthquakeCausedIt_AndAStatedOneLeadsUnderTheEarthquakePlans()
    {
        // 1.4 "地震等不可抗力引发的严重地质灾害、气象灾害等情况，按照《晋城市地震应急预案》《晋城市气象灾害应急预案》及有关专项预案执行": a
        // geological-blockage record states weatherOrNaturalDisaster (5.3.x(3)), which makes the question worth asking; the dispatcher may say it.
        var asked = await LeadPlansAsync(Record("LEAD-SLIDE", new JsonObject { ["code"] = "S226" }, """{"deaths":1,"missing":0,"seriousInjuries":0,"oilGasCbmTransport":false}""",
            "geological-blockage"));
        var stated = await LeadPlansAsync(Record("LEAD-QUAKE", new JsonObject { ["code"] = "S226" },
            """{"deaths":1,"missing":0,"seriousInjuries":0,"oilGasCbmTransport":false,"forceMajeureDisaster":true}""", "geological-blockage"));
        var collision = await LeadPlansAsync(Record("LEAD-CRASH", new JsonObject { ["code"] = "S226" }, """{"deaths":1,"missing":0,"seriousInjuries":0,"oilGasCbmTransport":false}""",
            "collision"));

        asked.Select(l => (l.Str("when"), l.GetProperty("applies").ValueKind)).Should().Equal([("forceMajeureDisaster", JsonValueKind.Null)]);
        stated.Select(l => (l.Str("plan"), l.GetProperty("applies").GetBoolean())).Should().Equal([("《晋城市地震应急预案》《晋城市气象灾害应急预案》及有关专项预案", true)]);
        collision.Should().BeEmpty("a collision on an ordinary road, no oil or gas: no other plan leads, and no earthquake is asked of it");
    }

    [Theory]
    [InlineData("G22", null, true)]
    [InlineData("G5512", null, true)]
    [InlineData("S86", null, true)]
    [InlineData("g1", null, true)]
    [InlineData("G207", null, false)]
    [InlineData("S226", null, false)]
    [InlineData("X123", "高速连接线", false)]
    [InlineData("JC-01", "晋阳高速", true)]
    [InlineData("JC-01", "城区大道", null)]
    [InlineData(null, null, null)]
    public void TheRoadNumber_SaysWhetherItIsAnExpressway(string? code, string? name, bool? expressway) =>
        new FeedRoad { Code = code, Name = name }.IsExpressway().Should().Be(expressway);
}
