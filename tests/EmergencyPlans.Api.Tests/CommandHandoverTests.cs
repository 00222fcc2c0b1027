using System.Net;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// Construction 4.2: "施工总承包单位项目负责人为现场抢险救援指挥的第一负责人……施工总承包单位公司负责人和消防、建设工程行政主管部门、事发地政府负责人等
/// 到现场后,施工总承包单位项目主要负责人要及时报告应急处置情况,向上级指挥部移交现场指挥权"; 4.3.3(3)⑤ "当上级指挥部接管现场指挥权后". The card named the
/// first commander, and nothing on the incident could say that command had passed, nor to whom (a construction duty officer's review, C4).
/// </summary>
public sealed class CommandHandoverTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly object OneDead = new { deaths = 1, missing = 0, trapped = 0, endangered = 0 };

    [Fact]
    public async Task ACommandHandover_NamesWhoCommandsOnSiteFromThen_AndTheTimelineSaysFromWhomToWhom()
    {
        var incident = await factory.OpenAsync(Bodies.Incident("construction", OneDead));
        var before = incident.Body.GetProperty("onSiteCommand");
        before.Str("commandedBy").Should().Be("施工总承包单位项目负责人", "4.2: 现场抢险救援指挥的第一负责人, until the command passes");
        before.GetProperty("since").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        before.Str("clause").Should().Be("4.2");
        before.Str("words").Should().Contain("向上级指挥部移交现场指挥权");

        var county = await factory.ChangeAsync(incident, "/clock-events",
            new { kind = "command-handover", happenedAt = "2026-03-01T09:20:00+08:00", takenBy = "泽州县建设工程事故应急指挥部" }, RoleCatalogue.DutyOfficer);

        var command = county.Body.GetProperty("onSiteCommand");
        command.Str("commandedBy").Should().Be("泽州县建设工程事故应急指挥部");
        command.GetProperty("since").GetDateTimeOffset().Should().Be(DateTimeOffset.Parse("2026-03-01T09:20:00+08:00"));
        var handover = command.GetProperty("handovers").EnumerateArray().Single();
        (handover.Str("from"), handover.Str("takenBy")).Should().Be(("施工总承包单位项目负责人", "泽州县建设工程事故应急指挥部"));
        var line = county.Body.GetProperty("timeline").EnumerateArray().Last(e => e.Str("type") == "clock-event");
        line.Str("summary").Should().Be("现场指挥权由施工总承包单位项目负责人移交泽州县建设工程事故应急指挥部（2026-03-01 09:20）");
        line.Str("rule").Should().Contain("4.2");

        // 4.3.3(3)⑤: at Ⅰ the 上级指挥部 of the city may take it over in turn: the command passes from the holder before.
        var city = await factory.ChangeAsync(county, "/clock-events",
            new { kind = "command-handover", happenedAt = "2026-03-01T10:05:00+08:00", takenBy = "市指挥部现场指挥部" }, RoleCatalogue.DutyOfficer);
        var handovers = city.Body.GetProperty("onSiteCommand").GetProperty("handovers").EnumerateArray().ToArray();
        handovers.Select(h => (h.Str("from"), h.Str("takenBy"))).Should().Equal(
            ("施工总承包单位项目负责人", "泽州县建设工程事故应急指挥部"), ("泽州县建设工程事故应急指挥部", "市指挥部现场指挥部"));
        city.Body.GetProperty("onSiteCommand").Str("commandedBy").Should().Be("市指挥部现场指挥部");
    }

    [Theory]
    [InlineData("""{"kind":"command-handover"}""", "takenBy")]
    [InlineData("""{"kind":"command-handover","takenBy":"  "}""", "takenBy")]
    [InlineData("""{"kind":"command-handover","takenBy":"施工总承包单位项目负责人"}""", "takenBy")]
    [InlineData("""{"kind":"arrival","takenBy":"泽州县住建局"}""", "takenBy")]
    [InlineData("""{"kind":"command-handover","takenBy":"泽州县建设工程事故应急指挥部","happenedAt":"2026-03-01T07:00:00+08:00"}""", "happenedAt")]
    public async Task AHandoverWithoutATaker_ToTheOneInCommand_OrBeforeTheAccident_IsRefusedNamingTheField(string json, string field)
    {
        var incident = await factory.OpenAsync(Bodies.Incident("construction", OneDead));

        var (status, problem) = await factory.PostRawAsync(incident, "/clock-events", json);

        status.Should().Be(HttpStatusCode.BadRequest);
        problem.ErrorFields().Should().Equal(field);
        (await factory.GetAsync(incident.Id)).ETag.Should().Be(incident.ETag, "nothing is stored");
    }

    [Fact]
    public async Task AHandoverBeforeTheOneRecordedBeforeIt_IsRefused()
    {
        var incident = await factory.OpenAsync(Bodies.Incident("construction", OneDead));
        var county = await factory.ChangeAsync(incident, "/clock-events",
            new { kind = "command-handover", happenedAt = "2026-03-01T09:20:00+08:00", takenBy = "泽州县建设工程事故应急指挥部" }, RoleCatalogue.DutyOfficer);

        var (status, problem) = await factory.PostRawAsync(county, "/clock-events",
            """{"kind":"command-handover","happenedAt":"2026-03-01T09:10:00+08:00","takenBy":"市指挥部现场指挥部"}""");

        status.Should().Be(HttpStatusCode.BadRequest);
        problem.ErrorFields().Should().Equal("happenedAt");
        problem.GetProperty("errors").GetProperty("happenedAt")[0].GetString().Should().Contain("泽州县建设工程事故应急指挥部");
    }

    [Fact]
    public async Task ARoadIncident_HasNoOnSiteCommandToHandOver()
    {
        // The road plan names who commands across county lines (2.6), not a first commander on site who hands over.
        var incident = await factory.OpenAsync(Bodies.Incident("road-traffic", new { deaths = 3 }));
        incident.Body.GetProperty("onSiteCommand").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);

        var (status, problem) = await factory.PostRawAsync(incident, "/clock-events", """{"kind":"command-handover","takenBy":"泽州县道路交通事故应急指挥部"}""");

        status.Should().Be(HttpStatusCode.BadRequest);
        problem.ErrorFields().Should().Equal("kind");
    }
}
