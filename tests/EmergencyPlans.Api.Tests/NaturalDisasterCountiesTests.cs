using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using EmergencyPlans.Api.Tests.Support;
using static EmergencyPlans.Api.Tests.Support.AlertHttp;
using EmergencyPlans.Application.Alerts;
using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// N 5.6 per county over REST (a natural-disaster duty officer's review, s61, ND-02; ADR 0003 #83): "启动市级自然灾害救助应急响应后,市安委办、
/// 市应急管理局要向相关县(市、区)通报并上报省应急管理厅。所涉及县(市、区)要立即启动自然灾害救助应急响应" and "启动县(市、区)级自然灾害救助应急响应的,应及时向
/// 市应急管理局报告". One incident could not cover 陵川县 and 高平市, and one <c>countyResponseActivated: true</c> met 5.6 for both while the
/// report said 高平市 had not started. Fake clock at 2026-03-01 10:00 (UTC+8).
/// </summary>
public sealed class NaturalDisasterCountiesTests
{
    // Declared before the bodies that use them (static fields are set in order).
    private static readonly string[] Gaoping = ["高平市"];
    private static readonly string[] Lingchuan = ["陵川县"];
    private static readonly string[] Zezhou = ["泽州县"];
    private static readonly string[] GaopingAndBeijing = ["高平市", "北京市"];

    /// <summary>A rainstorm in 陵川县 that also struck 高平市: 5 dead (N 5.4.1(1) "死亡和失踪5人以上10人以下" → Ⅳ), every figure of 5.4.1 known.</summary>
    private static readonly object TwoCountyRainstorm = new
    {
        deaths = 5, missing = 0, relocated = 0, collapsedRooms = 0, collapsedHouseholds = 0, droughtAidPeople = 0, affectedCounties = Gaoping,
    };

    [Fact]
    public async Task ATwoCountyRainstormAtIV_Owes5_6ToEachCounty_AReportThat陵川县Started_MeetsOnlyIts_高平市sStaysOwedAndAlertsAtOnce()
    {
        var host = new ApiFactory().With("Alerts:Enabled", "false");
        using var _ = host;
        var body = Bodies.Incident("natural-disaster", TwoCountyRainstorm, county: "陵川县");
        body["nature"] = "暴雨";
        var incident = await host.OpenAsync(body);
        // N 5.4.2 "由市安委办主任决定启动Ⅳ级响应".
        var activated = await host.ChangeAsync(incident, "/response", Bodies.Activate("IV"), RoleCatalogue.OfficeDirector);

        var lingchuan = activated.Body.Obligation("county-activate-response");
        var gaoping = activated.Body.Obligation("county-activate-response#2");
        (lingchuan.Str("county"), lingchuan.Str("status"), lingchuan.Str("timing")).Should().Be(("陵川县", "pending", "immediately"));
        (gaoping.Str("county"), gaoping.Str("status"), gaoping.Str("timing")).Should().Be(("高平市", "pending", "immediately"));
        activated.Body.Obligation("notify-counties-and-province").GetProperty("county").ValueKind.Should().Be(JsonValueKind.Null, "the city's 通报 is one duty");

        host.Clock.Advance(TimeSpan.FromMinutes(10));
        var reported = await host.ChangeAsync(activated, "/reports", Bodies.Continuation(new { countiesResponseActivated = Lingchuan },
            "陵川县已启动县级自然灾害救助应急响应，高平市尚未启动"), RoleCatalogue.DutyOfficer);

        (reported.Body.Obligation("county-activate-response").Str("status"), reported.Body.Obligation("county-activate-response").Str("note"))
            .Should().Be(("met-on-time", "据报告，陵川县已启动自然灾害救助应急响应"));
        reported.Body.Obligation("county-activate-response#2").Str("status").Should().Be("pending", "高平市 has not started");
        reported.Body.GetProperty("obligations").EnumerateArray().Where(o => o.Str("code") == "county-activation-report")
            .Select(o => o.Str("county")).Should().Equal(["陵川县"], "the county that started reports it (5.6 启动县(市、区)级…的,应及时向市应急管理局报告)");
        reported.Body.GetProperty("timeline").EnumerateArray().Select(t => t.Str("summary"))
            .Should().Contain(s => s.StartsWith("高平市立即启动自然灾害救助应急响应：“所涉及县(市、区)要立即启动自然灾害救助应急响应”", StringComparison.Ordinal));

        await ScanAsync(host);

        // 高平市's is alerted as owed at once, as the one duty was (AlertOwedPromptlyTests); 陵川县's is met.
        var alerts = await ListAsync(host, $"incident={incident.Id}");
        var owed = DutyAlert(alerts, AlertKinds.DutyDueSoon, "county-activate-response#2");
        owed.Str("title").Should().StartWith("职责须立即履行：").And.Contain("高平市立即启动自然灾害救助应急响应");
        owed.Str("dueAt").Should().Be("2026-03-01T10:00:00+08:00", "owed from the Ⅳ's decision, at once");
        (await ListAsync(host, $"incident={incident.Id}&current=true")).Should().Contain(a => a.Str("key") == owed.Str("key"));
        alerts.Should().NotContain(a => DutyKey(a) == "county-activate-response" && a.GetProperty("overtaken").ValueKind == JsonValueKind.Null,
            "陵川县's was met by the report");
    }

    [Fact]
    public async Task AnUnknownCountyAmongTheAffected_Returns400NamingTheList_InChinese()
    {
        using var host = new ApiFactory();
        using var client = host.As(RoleCatalogue.DutyOfficer);
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("zh-CN"));
        var body = Bodies.Incident("natural-disaster", new { deaths = 5, affectedCounties = GaopingAndBeijing }, county: "陵川县");

        using var response = await client.PostJsonAsync(Http.Incidents, body);

        await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        var problem = await response.JsonAsync();
        problem.ErrorFields().Should().ContainSingle().Which.Should().StartWith("figures.affectedCounties");
        problem.GetProperty("errors").EnumerateObject().Single().Value[0].GetString().Should().StartWith("本市没有县（市、区）“北京市”，可为：");
    }

    [Fact]
    public async Task TheCountyListsOnARoadIncident_AreKeptAndListedAsNotUsed_TheNaturalDisasterPlanReadsThem()
    {
        // The lists are N 5.6's: the road plan keeps them with the report and says it does not grade on them, as any figure it does not read.
        using var host = new ApiFactory();
        var road = await host.OpenAsync(Bodies.Incident(figures: new
        {
            deaths = 1, seriousInjuries = 2, directLossWan = 50m, affectedCounties = Gaoping, countiesResponseActivated = Zezhou,
        }));
        road.Body.GetProperty("assessment").GetProperty("figuresNotUsed").EnumerateArray().Select(f => f.Str("name"))
            .Should().Equal("affectedCounties", "countiesResponseActivated");

        var disaster = await host.OpenAsync(Bodies.Incident("natural-disaster", TwoCountyRainstorm));
        disaster.Body.GetProperty("assessment").GetProperty("figuresNotUsed").EnumerateArray().Should().BeEmpty();
        disaster.Body.GetProperty("report").GetProperty("figures").GetProperty("affectedCounties").Strings().Should().Equal("高平市");
    }
}
