using System.Net;
using System.Net.Http.Json;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// A clock event the incident's plan does not take is refused naming <c>kind</c>, and a missing kind lists only the kinds that plan takes
/// (session 47 reviews: N8, C9). The problem document keeps its shape: 400, the title of every field refusal, <c>errors</c> naming the field.
/// </summary>
public sealed class ClockEventKindWordingTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task NoKind_OnANaturalDisasterIncident_ListsOnlyTheKindsThatPlanTakes()
    {
        // N has no verification on request (R 5.1.1 / C 4.1(二) 市委、市政府要求核实), no arrival on site, and no 特殊情况 cadence; it has the
        // relief dispatch order (晋市政发〔2026〕1号 (十九)), 灾情稳定 (4.1.5 灾情稳定前) and the end of handling.
        var incident = await factory.OpenAsync(Bodies.Incident("natural-disaster", new { deaths = 1, relocated = 100 }));

        var (status, problem) = await factory.PostRawAsync(incident, "/clock-events", "{}");

        status.Should().Be(HttpStatusCode.BadRequest);
        problem.ErrorFields().Should().Equal("kind");
        problem.Str("title").Should().Be("请求中有字段不合规");
        var said = problem.GetProperty("errors").GetProperty("kind")[0].GetString();
        said.Should().StartWith("kind 须为本预案（晋市政办〔2026〕3号）所用的下列之一：")
            .And.Contain("dispatch-order（接到救灾物资调拨指令）").And.Contain("situation-stable").And.Contain("handling-finished")
            .And.NotContain("city-request").And.NotContain("arrival").And.NotContain("special-circumstances");
    }

    [Fact]
    public async Task AnUnknownKind_OnARoadIncident_ListsTheKindsTheRoadPlanTakes()
    {
        // R 5.1.1 核实 on the city's request; R has no relief dispatch order (that is the natural-disaster plan's, notice (十九)).
        var incident = await factory.OpenAsync(Bodies.Incident("road-traffic", new { deaths = 3 }));

        var (status, problem) = await factory.PostRawAsync(incident, "/clock-events", """{"kind":"earthquake"}""");

        status.Should().Be(HttpStatusCode.BadRequest);
        problem.ErrorFields().Should().Equal("kind");
        problem.GetProperty("errors").GetProperty("kind")[0].GetString().Should().StartWith("kind 须为本预案（晋市政办〔2025〕18号）所用的下列之一：")
            .And.Contain("city-request").And.NotContain("dispatch-order");
    }

    [Theory]
    [InlineData("""{"kind":"dispatch-order"}""")]
    [InlineData("""{"kind":"dispatch-order","orderedBy":"province"}""")]
    [InlineData("""{"kind":"dispatch-order","orderedBy":"city"}""")]
    public async Task ADispatchOrder_OnAConstructionIncident_IsRefusedNamingKindWhateverOrderedBySays(string json)
    {
        // C has no relief dispatch order at all: who gave it does not matter. Without orderedBy it was refused naming orderedBy.
        var incident = await factory.OpenAsync(Bodies.Incident("construction", new { deaths = 1 }));

        var (status, problem) = await factory.PostRawAsync(incident, "/clock-events", json);

        status.Should().Be(HttpStatusCode.BadRequest);
        problem.ErrorFields().Should().Equal("kind");
        (await factory.GetAsync(incident.Id)).ETag.Should().Be(incident.ETag, "nothing is stored");
    }

    [Fact]
    public async Task ADispatchOrderWithoutOrderedBy_OnANaturalDisasterIncident_StillNamesOrderedBy()
    {
        // Notice (十九): 6 h for a county's order, 8 h for the city's: this plan takes the order and needs to know whose it is.
        var incident = await factory.OpenAsync(Bodies.Incident("natural-disaster", new { deaths = 1, relocated = 100 }));

        var (status, problem) = await factory.PostRawAsync(incident, "/clock-events", """{"kind":"dispatch-order"}""");

        status.Should().Be(HttpStatusCode.BadRequest);
        problem.ErrorFields().Should().Equal("orderedBy");
        problem.Str("title").Should().Be("请求中有字段不合规");
    }

    [Fact]
    public async Task ADispatchOrderWithoutOrderedBy_AndATimeAhead_AreSaidInTheNoticesWords_NotTheFieldTwice()
    {
        // 晋市政发〔2026〕1号（十九） "接到调拨指令后": the refusal said 调度指令; a happenedAt ahead of the clock read "happenedAt 晚于当前时间" after the
        // field's own name (a duty officer's review, session 53).
        var incident = await factory.OpenAsync(Bodies.Incident("natural-disaster", new { deaths = 1, relocated = 100 }));

        var (_, order) = await factory.PostRawAsync(incident, "/clock-events", """{"kind":"dispatch-order"}""");
        var (_, ahead) = await factory.PostRawAsync(incident, "/clock-events", """{"kind":"situation-stable","happenedAt":"2026-03-01T12:00:00+08:00"}""");

        order.GetProperty("errors").GetProperty("orderedBy")[0].GetString().Should().StartWith("调拨指令须写明下达者").And.Contain("晋市政发〔2026〕1号（十九）");
        ahead.GetProperty("errors").GetProperty("happenedAt")[0].GetString().Should().Be("happenedAt 晚于当前时间：节点发生后才能记录");
    }
}
