using System.Net;
using System.Text.Json;
using EmergencyPlans.Api.Tests.Support;
using static EmergencyPlans.Api.Tests.Support.AlertHttp;
using EmergencyPlans.Application.Alerts;
using EmergencyPlans.Core.Domain;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// A road duty officer's night review (session 59), findings 5, 6 and 9: the new-incident alert names what the unknowns could change (a
/// warning the 乡(镇) count could call, a level the pollution could raise); an escalation says who proposes the level before who decides it,
/// where the plan has that step; and it names the fact that raised the level first. Written from the plan texts; fake clock at
/// 2026-03-01 10:00 (UTC+8), the scan the test's own.
/// </summary>
public sealed class AlertWhatItCouldChangeTests
{
    private static ApiFactory Host() => new ApiFactory().With("Alerts:Enabled", "false");

    private static async Task<JsonElement> AlertAsync(ApiFactory host, Opened incident, string kind)
    {
        var alerts = await ListAsync(host, $"incident={incident.Id}");
        return alerts.Should().ContainSingle(a => a.Str("kind") == kind, string.Join("\n", alerts.Select(a => a.Str("kind") + " " + a.Str("text")))).Which;
    }

    [Fact]
    public async Task NewIncident_FogOf30MetresWithThe乡镇CountUnknown_SaysTheYellowWarningTheCountWouldCall()
    {
        // R 4.3.3 三级(黄色)预警 (1) "可能出现或已经出现暴雨、暴雪、8级以上大风、能见度 ≤ 50 米的特强沙尘暴或者大雾等严重影响道路交通安全的情形,
        // 且涉及四个以上乡(镇)的"; 4.4.1 三级(黄色)预警 approved by the 副指挥长. Fog of 30 米 with the 乡(镇) count not reported: the warning is open,
        // and the new-incident alert must say so (review s59 #5a: the officer heard of the fog only when 122 reported 15 米).
        using var host = Host();
        var body = Bodies.Incident(figures: new { deaths = 0, missing = 0, seriousInjuries = 2, directLossWan = 30m });
        body["nature"] = "营运大客车侧翻（团雾）";
        body["conditions"] = new { visibilityMetres = 30, visibilityCause = "fog" };
        var incident = await host.OpenAsync(body);

        await ScanAsync(host);

        var text = (await AlertAsync(host, incident, AlertKinds.NewIncident)).Str("text");
        text.Should().Contain("待核实（未报，可能提高响应级别或需发布预警）：涉及乡(镇)数未报：若涉及4个以上乡(镇)，应发布黄色预警（4.3.3(1)）");
    }

    [Fact]
    public async Task NewIncident_HazmatLeakWithPollutionUnknown_SaysPollutionCouldRaiseTheLevel_TheFirstFewAndHowManyMore()
    {
        // R 5.3.2 Ⅱ级响应 (2) "易燃易爆物品、危险化学品运输车辆发生泄漏、火灾、爆炸,造成3人以上5人以下失联、死亡,或10人以上30人以下重伤,或可能造成
        // 一定环境污染的"; 5.3.3 (2) "…10人以下重伤": 2 seriously injured is Ⅲ, and whether the leak may pollute decides Ⅱ (review s59 #5b: the
        // alert said only 数字不全，可能更高). Only the deaths are known: 失联, 直接经济损失, 环境污染 and the counties are open; the first three are
        // named, the rest counted.
        using var host = Host();
        var body = Bodies.Incident(figures: new { deaths = 0, seriousInjuries = 2, injured = 6, hazmatRelease = true });
        body["nature"] = "液氨罐车泄漏";
        var incident = await host.OpenAsync(body);

        await ScanAsync(host);

        var text = (await AlertAsync(host, incident, AlertKinds.NewIncident)).Str("text");
        text.Should().Contain("达到Ⅲ级响应条件（数字不全，可能更高）")
            // The lowest level and the highest: 5.3.1 Ⅰ (1) "10人以上失联、死亡", (2) "…可能造成较大环境污染" (review s61 ND-06: the lowest alone
            // read as the most an unknown figure could do).
            .And.Contain("待核实（未报，可能提高响应级别或需发布预警）：失联未报（可能达到Ⅱ级至Ⅰ级响应，5.3.2(1)—5.3.1(1)）；")
            .And.Contain("环境污染未报（可能达到Ⅱ级至Ⅰ级响应，5.3.2(2)—5.3.1(2)）")
            .And.MatchRegex("；另有[1-9]项（见事件研判）。", "the alert names the first few, and how many more");
    }

    [Fact]
    public async Task NewIncident_EverythingKnownAndNoWarningOpen_AsksNothing()
    {
        // R 5.3.2(1) "3人以上10人以下失联、死亡": every figure of the tables known, no road condition reported: nothing could change, nothing asked.
        using var host = Host();
        var incident = await host.OpenAsync(Bodies.Incident(figures: new { deaths = 3, missing = 0, seriousInjuries = 0, directLossWan = 10m, hazmatRelease = false,
            disruptedCounties = Array.Empty<string>(), weatherOrNaturalDisaster = false }));

        await ScanAsync(host);

        (await AlertAsync(host, incident, AlertKinds.NewIncident)).Str("text").Should().NotContain("待核实");
    }

    [Theory]
    // R 5.3.2 启动程序 "市指挥部办公室接到报告后,经分析研判,向市指挥部提出启动Ⅱ级应急响应的建议,由市指挥部指挥长或副指挥长决定启动Ⅱ级响应".
    [InlineData("road-traffic", "由市指挥部办公室主任提出建议（5.3.2），须由市指挥部指挥长或副指挥长决定（5.3.2：", "5.3.2", "向市指挥部提出启动Ⅱ级应急响应的建议")]
    // C 4.3.2(2) "市指挥部办公室接到事故报告,经预判后向市指挥部报告,并提出启动Ⅱ级响应建议,由市指挥部指挥长或委托副指挥长立即启动Ⅱ级响应".
    [InlineData("construction", "由市指挥部办公室主任提出建议（4.3.2(2)），须由市指挥部指挥长或委托副指挥长决定（4.3.2(2)：", "4.3.2(2)", "并提出启动Ⅱ级响应建议")]
    public async Task Escalation_ToII_SaysWhoProposesBeforeWhoDecides(string plan, string said, string clause, string words)
    {
        // 1 dead, then 3: road 5.3.2(1) "3人以上10人以下失联、死亡"; construction 4.3.2(1) Ⅱ for a 较大 accident (3人以上10人以下死亡). The
        // alert named the decider only; the plan puts the office's proposal first (review s59 #6).
        using var host = Host();
        var incident = await host.OpenAsync(Bodies.Incident(plan, new { deaths = 1, missing = 0, seriousInjuries = 0, directLossWan = 10m }));
        await host.ChangeAsync(incident, "/reports", Bodies.Continuation(new { deaths = 3 }, "又有2人死亡"), RoleCatalogue.DutyOfficer);

        await ScanAsync(host);

        var alert = await AlertAsync(host, incident, AlertKinds.Escalation);
        alert.Str("text").Should().Contain(said).And.NotContain("提出启动", "no proposal stands; the plan's words for it are in details.proposedBy");
        var proposedBy = alert.GetProperty("details").GetProperty("proposedBy");
        proposedBy.GetProperty("roles").Strings().Should().Equal(RoleCatalogue.OfficeDirector);
        proposedBy.GetProperty("names").Strings().Should().Equal("市指挥部办公室主任");
        proposedBy.Str("clause").Should().Be(clause);
        proposedBy.Str("words").Should().Contain(words);
        alert.GetProperty("details").GetProperty("decidedBy").Str("clause").Should().Be(clause, "who decides is unchanged");
    }

    [Fact]
    public async Task Escalation_NaturalDisasterToIII_SaysTheOfficeProposes_ToIV_NoProposalStep()
    {
        // N 5.3.2 "灾害发生后,市安委办经分析评估,认定灾情达到启动条件,向市安委会提出启动Ⅲ级响应的建议…市安委会副主任(分管安全工作副市长)决定启动Ⅲ级响应";
        // N 5.4.2 "由市安委办主任决定启动Ⅳ级响应" — no proposal for Ⅳ: the 安委办主任 decides it himself. From the plan data, not hard-coded.
        using var host = Host();
        var figures = new { deaths = 0, missing = 0, relocated = 100, collapsedRooms = 0, collapsedHouseholds = 0, droughtAidPeople = 0 };
        var incident = await host.OpenAsync(Bodies.Incident("natural-disaster", figures));
        // N 5.4.1 Ⅳ: 紧急转移安置和需紧急生活救助 3000人以上5000人以下; 5.3.1 Ⅲ: 5000人以上.
        var four = await host.ChangeAsync(incident, "/reports", Bodies.Continuation(new { relocated = 3500 }, "转移安置3500人"), RoleCatalogue.DutyOfficer);
        await ScanAsync(host);
        var toFour = await AlertAsync(host, incident, AlertKinds.Escalation);
        toFour.Str("text").Should().NotContain("提出建议");
        toFour.GetProperty("details").TryGetProperty("proposedBy", out _).Should().BeFalse("the plan has no proposal for Ⅳ");

        await host.ChangeAsync(four, "/reports", Bodies.Continuation(new { relocated = 6000 }, "转移安置6000人"), RoleCatalogue.DutyOfficer);
        await ScanAsync(host);

        using var client = host.As(RoleCatalogue.Observer);
        using var response = await client.GetAsync($"/api/v1/alerts?limit=500&incident={incident.Id}&kind=escalation");
        var toThree = (await response.JsonAsync()).EnumerateArray().Should().ContainSingle(a => a.Str("key").EndsWith(":III", StringComparison.Ordinal)).Which;
        toThree.Str("text").Should().Contain("由市安委办主任提出建议（5.3.2），须由市安委会副主任(分管安全工作副市长)决定");
    }

    [Fact]
    public async Task Escalation_NaturalDisasterToII_SaysTheDeputyTakesTheProposalToTheChairman()
    {
        // N 5.2.2 "市安委办经分析评估,认定灾情达到启动条件,向市安委会提出启动II级响应的建议,市安委会副主任(分管安全工作副市长)报主任决定": the chain
        // is 安委办 → 副主任 → 主任, and the alert named the office and the 主任 only (review s61, ND-05).
        using var host = Host();
        var figures = new { deaths = 0, missing = 0, relocated = 100, collapsedRooms = 0, collapsedHouseholds = 0, droughtAidPeople = 0 };
        var incident = await host.OpenAsync(Bodies.Incident("natural-disaster", figures));
        // 5.2.1(2) 紧急转移安置和需紧急生活救助10万人以上20万人以下.
        await host.ChangeAsync(incident, "/reports", Bodies.Continuation(new { relocated = 105_000 }, "转移安置10.5万人"), RoleCatalogue.DutyOfficer);
        await ScanAsync(host);

        (await AlertAsync(host, incident, AlertKinds.Escalation)).Str("text").Should().Contain(
            "由市安委办主任提出建议（5.2.2），市安委会副主任(分管安全工作副市长)将启动Ⅱ级响应的建议报市安委会主任决定（5.2.2），须由市安委会主任决定");

        // The office's proposal made before the rise is reported: the alert says it waits, and who takes it to the 主任.
        var other = await host.OpenAsync(Bodies.Incident("natural-disaster", figures));
        var proposed = await host.ChangeAsync(other, "/response", new { level = "II", action = "propose", reason = "转移安置10.5万人" }, RoleCatalogue.OfficeDirector);
        await host.ChangeAsync(proposed, "/reports", Bodies.Continuation(new { relocated = 105_000 }, "转移安置10.5万人"), RoleCatalogue.DutyOfficer);
        await ScanAsync(host);

        (await AlertAsync(host, other, AlertKinds.Escalation)).Str("text").Should().Contain(
            "提出启动Ⅱ级响应建议（转移安置10.5万人），尚待决定：市安委会副主任(分管安全工作副市长)将启动Ⅱ级响应的建议报市安委会主任决定（5.2.2）");
    }

    [Fact]
    public async Task Escalation_RaisedByPollution_NamesThePollutionFirst()
    {
        // R 5.3.2(2) "易燃易爆物品、危险化学品运输车辆发生泄漏、火灾、爆炸,……或可能造成一定环境污染的" → Ⅱ. The level rose on the pollution; the
        // text quoted 重伤2人，受伤6人 only, which is Ⅲ (5.3.3(2) "10人以下重伤") (review s59 #9).
        using var host = Host();
        var body = Bodies.Incident(figures: new { deaths = 0, missing = 0, seriousInjuries = 2, injured = 6, directLossWan = 10m, hazmatRelease = true });
        body["nature"] = "液氨罐车泄漏";
        var incident = await host.OpenAsync(body);
        await host.ChangeAsync(incident, "/reports", Bodies.Continuation(new { pollution = "some" }, "泄漏液氨流入河道"), RoleCatalogue.DutyOfficer);

        await ScanAsync(host);

        var alert = await AlertAsync(host, incident, AlertKinds.Escalation);
        alert.Str("text").Should().Contain("现报环境污染：可能造成一定环境污染，重伤2人，受伤6人。建议")
            .And.Contain("依据5.3.2(2)：");
    }
}
