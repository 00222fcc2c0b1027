using System.Net;
using System.Text.Json;
using EmergencyPlans.Api.Tests.Support;
using static EmergencyPlans.Api.Tests.Support.AlertHttp;
using EmergencyPlans.Application.Alerts;
using EmergencyPlans.Core.Domain;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// A duty the plan owes at once (立即, 随即, 同时, 第一时间: <c>timing</c> immediately, no due time) that a decision or a later report raised
/// is never due "within 10 minutes" and never past a due time: before session 59 neither <c>duty-due-soon</c> nor <c>duty-overdue</c> ever
/// named it, and the commander's Ⅰ took the province's report off the duty office's list (a construction duty officer's review, session 58,
/// finding 1). It is alerted as due now (<c>duty-due-soon</c>, <c>dueAt</c> when it arose), live until it is done or no longer needed.
/// Fake clock at 2026-03-01 10:00 (UTC+8), the scan the test's own.
/// </summary>
public sealed class AlertOwedAtOnceTests
{

    /// <summary>C 4.3.3(1)①: 11 dead is a 重大 construction accident (10人以上30人以下死亡), Ⅰ; every figure of the grade table known.</summary>
    private static readonly object ElevenDead = new { deaths = 11, missing = 0, trapped = 0, endangered = 0, seriousInjuries = 3, injured = 3, directLossWan = 500m };

    /// <summary>The tower crane of the review (I1): 11 dead at 09:50, opened at 10:00, the commander's Ⅰ at 10:01.</summary>
    private static async Task<(ApiFactory Host, Opened Incident, Opened Activated)> ConstructionLevelIAsync()
    {
        var host = new ApiFactory().With("Alerts:Enabled", "false");
        var body = Bodies.Incident("construction", ElevenDead, occurredAt: "2026-03-01T09:50:00+08:00", county: "城区");
        body["nature"] = "塔吊倒塌";
        var incident = await host.OpenAsync(body);
        await ScanAsync(host);
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        // C 4.3.3(2) "由市指挥部指挥长立即启动 I 级响应".
        var activated = await host.ChangeAsync(incident, "/response", Bodies.Activate("I"), RoleCatalogue.Commander);
        return (host, incident, activated);
    }

    [Fact]
    public async Task TheCommandersLevelI_RaisesTheReportUpOwedAtOnce_AndTheDutyOfficeIsAlertedAtOnce_UntilItIsMade()
    {
        // C 4.3.3(3) "I 级响应启动后，在 II 级响应措施的基础上采取以下措施：①立即向市委、市政府、省住建部门及其他上级相关部门进行报告。" The Ⅰ
        // raises level-i-report-up owed 立即: no due time, so nothing is "due within 10 minutes" and nothing ever passes a due time. Before,
        // no alert named it; `current=true` had nothing about the province (review s58, finding 1).
        var (host, incident, activated) = await ConstructionLevelIAsync();
        using var _ = host;
        var duty = activated.Body.Obligation("level-i-report-up");
        (duty.Str("status"), duty.Str("timing")).Should().Be(("pending", "immediately"));
        duty.GetProperty("dueAt").ValueKind.Should().Be(JsonValueKind.Null);

        await ScanAsync(host);

        var alerts = await ListAsync(host, $"incident={incident.Id}");
        var alert = DutyAlert(alerts, AlertKinds.DutyDueSoon, "level-i-report-up");
        alert.Str("dueAt").Should().Be("2026-03-01T10:01:00+08:00", "owed from the Ⅰ's decision, at once: due now");
        alert.Str("key").Should().Be($"{incident.Id}:duty-due-soon:level-i-report-up:2026-03-01T02:01:00Z");
        alert.Str("title").Should().StartWith("职责须立即履行：").And.Contain("向市委、市政府、省住建部门及其他上级相关部门报告");
        alert.Str("text").Should().Contain("市指挥部向市委、市政府、省住建部门及其他上级相关部门报告：“I 级响应启动后")
            .And.Contain("①立即向市委、市政府、省住建部门及其他上级相关部门进行报告。”（4.3.3(3)①）")
            .And.Contain("须立即报告：自03-01 10:01（启动Ⅰ级响应）起即应报告，尚未报告。").And.NotContain("level-i-report-up").And.NotContain("距截止");
        var because = alert.GetProperty("because");
        (because.Str("rule"), because.Str("clause")).Should().Be(("level-i-report-up", "4.3.3(3)①"));
        alert.GetProperty("details").GetProperty("duties").EnumerateArray().Should().ContainSingle()
            .Which.Str("to").Should().Be("市委、市政府、省住建部门及其他上级相关部门");
        (await ListAsync(host, $"incident={incident.Id}&current=true")).Should()
            .Contain(a => a.Str("key") == alert.Str("key"), "it is live until the report is made");

        // Scanned again, later: the same alert, not a second one (the key is the duty's and the time it arose, as every instance derives it).
        host.Clock.Advance(TimeSpan.FromMinutes(20));
        await ScanAsync(host);
        DutyAlert(await ListAsync(host, $"incident={incident.Id}"), AlertKinds.DutyDueSoon, "level-i-report-up");

        // Made at 10:20: overtaken, as any duty alert whose duty is met.
        await host.ChangeAsync(activated, "/obligations/level-i-report-up/fulfilment", Bodies.Fulfil("2026-03-01T10:20:00+08:00", "已报省住建厅"), RoleCatalogue.DutyOfficer);
        var met = DutyAlert(await ListAsync(host, $"incident={incident.Id}"), AlertKinds.DutyDueSoon, "level-i-report-up").GetProperty("overtaken");
        (met.Str("by"), met.Str("at")).Should().Be(("met", "2026-03-01T10:20:00+08:00"));
        (await ListAsync(host, $"incident={incident.Id}&current=true")).Should().NotContain(a => a.Str("key") == alert.Str("key"));
    }

    [Fact]
    public async Task TheDirectPhoneReportRecorded_The随即WrittenReportItRaises_IsAlertedAtOnce()
    {
        // C 4.1(二) "重大建设工程事故发生后,属地县、乡政府值班部门必须在报告本级党委、政府的的同时,立即向市委、市政府、省委、省政府总值班室电话直报
        // 简要情况,随即书面报告具体详情": the written details are owed 随即 once the phone direct report is recorded (direct-written-details,
        // no due time). The review found it pending, 立即, never alerted, twenty minutes on.
        var (host, incident, activated) = await ConstructionLevelIAsync();
        using var _ = host;
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        var phoned = await host.ChangeAsync(activated, "/obligations/direct-report-to-province/fulfilment", Bodies.Fulfil("2026-03-01T10:02:00+08:00", "已电话直报省委、省政府总值班室"),
            RoleCatalogue.DutyOfficer);
        phoned.Body.Obligation("direct-written-details").Str("status").Should().Be("pending");

        await ScanAsync(host);

        var alert = DutyAlert(await ListAsync(host, $"incident={incident.Id}"), AlertKinds.DutyDueSoon, "direct-written-details");
        alert.Str("text").Should().Contain("属地县、乡政府值班部门向市委、市政府、省委、省政府总值班室书面报告：“随即书面报告具体详情”（4.1(二)）")
            .And.Contain("须立即报告");
        alert.GetProperty("overtaken").ValueKind.Should().Be(JsonValueKind.Null);

        host.Clock.Advance(TimeSpan.FromMinutes(5));
        await host.ChangeAsync(phoned, "/obligations/direct-written-details/fulfilment", Bodies.Fulfil("2026-03-01T10:07:00+08:00", "书面报告已送"), RoleCatalogue.DutyOfficer);
        DutyAlert(await ListAsync(host, $"incident={incident.Id}"), AlertKinds.DutyDueSoon, "direct-written-details").GetProperty("overtaken").Str("by").Should().Be("met");
    }

    [Fact]
    public async Task TheOfficeDirectorsLevelIII_RaisesTheReportToTheHeadquartersOwedAtOnce_OvertakenNotNeededWhenTheLevelIsRaised()
    {
        // R 5.3.3 启动程序 "由市指挥部办公室主任启动Ⅲ级应急响应,同时报告市指挥部": owed at once (同时) with the director's Ⅲ. Raised to Ⅱ by the
        // deputy commander (5.3.2 "由市指挥部指挥长或副指挥长决定启动Ⅱ级响应"), Ⅲ's own measures no longer apply: the report ends as not needed,
        // and its alert says so.
        using var host = new ApiFactory().With("Alerts:Enabled", "false");
        var incident = await host.OpenAsync(Bodies.Incident(figures: new { deaths = 1, missing = 0, seriousInjuries = 0, directLossWan = 10m }));
        await ScanAsync(host);
        var activated = await host.ChangeAsync(incident, "/response", Bodies.Activate("III"), RoleCatalogue.OfficeDirector);
        activated.Body.Obligation("level-iii-report-to-hq").Str("timing").Should().Be("immediately");

        await ScanAsync(host);

        var alert = DutyAlert(await ListAsync(host, $"incident={incident.Id}"), AlertKinds.DutyDueSoon, "level-iii-report-to-hq");
        alert.Str("text").Should().Contain("市指挥部办公室主任向市指挥部报告：“由市指挥部办公室主任启动Ⅲ级应急响应,同时报告市指挥部”（5.3.3 启动程序）");
        alert.Str("dueAt").Should().Be("2026-03-01T10:00:00+08:00");

        host.Clock.Advance(TimeSpan.FromMinutes(3));
        var raised = await host.ChangeAsync(activated, "/response", new { action = "adjust", level = "II", reason = "事态扩大" }, RoleCatalogue.DeputyCommander);
        (raised.Body.Obligation("level-iii-report-to-hq").Str("status"), raised.Body.Obligation("level-iii-report-to-hq").Str("endedAs")).Should().Be(("ended", "not-needed"));
        DutyAlert(await ListAsync(host, $"incident={incident.Id}"), AlertKinds.DutyDueSoon, "level-iii-report-to-hq").GetProperty("overtaken").Str("by").Should().Be("not-needed");
    }
    [Fact]
    public async Task A较大涉险JudgementAfterThe30Minutes_ThePhoneReportItOwesAtOnce_IsAlerted()
    {
        // C 4.1(二) "建设工程事故或者较大涉险事故信息报送的起算时间为事故发生后……须在事发后30分钟以内向市委、市政府电话报告有关情况": 5 涉险 at 09:20,
        // opened at 10:00, judged 较大涉险 at 10:01. The phone report's 09:50 had passed when the judgement owed it: owed 立即 (ADR 0003 #71). No
        // rise of grade or level came with it, so no escalation alert says 须立即; the review found it pending, never alerted (s58, finding 2).
        using var host = new ApiFactory().With("Alerts:Enabled", "false");
        var figures = new { deaths = 0, missing = 0, trapped = 0, endangered = 5, seriousInjuries = 0, injured = 0, directLossWan = 20m };
        var incident = await host.OpenAsync(Bodies.Incident("construction", figures, occurredAt: "2026-03-01T09:20:00+08:00", county: "阳城县"));
        await ScanAsync(host);
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        var judged = await host.ChangeAsync(incident, "/reports", new
        {
            kind = "continuation", summary = "经研判属较大涉险事故", figures,
            judgements = new { relativelySeriousNearMiss = true, decidedBy = "市指挥部办公室", reason = "5人涉险" },
        }, RoleCatalogue.DutyOfficer);
        judged.Body.Obligation("phone-report-to-city").Str("arosePastDueAt").Should().Be("2026-03-01T09:50:00+08:00");

        await ScanAsync(host);

        var alerts = await ListAsync(host, $"incident={incident.Id}");
        alerts.Should().NotContain(a => a.Str("kind") == AlertKinds.Escalation);
        DutyAlert(alerts, AlertKinds.DutyDueSoon, "phone-report-to-city").Str("text").Should().Contain("向市委、市政府电话报告").And.Contain("须立即报告：自03-01 10:01起");
    }

    [Fact]
    public async Task AReportARiseMadeOwedAtOnce_IsSaidByTheEscalation_NotByASecondAlert()
    {
        // R 5.1.1: one dead at 09:10, three at 10:00 (较大, Ⅱ): the phone report's 09:40 passed before it was owed. The escalation's alert says
        // 须立即 and stays live until it is made (session 58); a due-now alert beside it would say the same duty twice.
        using var host = new ApiFactory().With("Alerts:Enabled", "false");
        var incident = await host.OpenAsync(Bodies.Incident(figures: new { deaths = 1, missing = 0, seriousInjuries = 0, directLossWan = 10m }));
        await host.ChangeAsync(incident, "/reports", Bodies.Continuation(new { deaths = 3 }, "又有2人死亡"), RoleCatalogue.DutyOfficer);

        await ScanAsync(host);

        var alerts = await ListAsync(host, $"incident={incident.Id}");
        alerts.Should().ContainSingle(a => a.Str("kind") == AlertKinds.Escalation).Which.Str("text").Should().Contain("须立即：");
        alerts.Should().NotContain(a => DutyKey(a) == "phone-report-to-city", "the escalation says it:\n" + Listed(alerts));
    }

    [Fact]
    public async Task NaturalDisaster_TheCitysLevelOwesTheCountysOwnAtOnce_AndAGradeDeclared重大OwesTheFirstReport第一时间_BothAlerted()
    {
        // N 5.6 "启动市级自然灾害救助应急响应后……所涉及县(市、区)要立即启动自然灾害救助应急响应" (county-activate-response, met by the county's
        // activation); N 4.1.3 "接到重特大自然灾害事件报告后,应急管理部门应第一时间向本级党委和政府及上级应急管理部门报告" (first-report-serious-disaster,
        // raised by the grade declared). Both owed at once, with no due time.
        using var host = new ApiFactory().With("Alerts:Enabled", "false");
        var figures = new { deaths = 5, missing = 0, relocated = 0, collapsedRooms = 0, collapsedHouseholds = 0, droughtAidPeople = 0 };
        var incident = await host.OpenAsync(Bodies.Incident("natural-disaster", figures)); // N 5.4.1(1) "死亡和失踪5人以上10人以下" → Ⅳ
        await ScanAsync(host);
        var activated = await host.ChangeAsync(incident, "/response", Bodies.Activate("IV"), RoleCatalogue.OfficeDirector);
        host.Clock.Advance(TimeSpan.FromMinutes(2));
        var declared = await host.ChangeAsync(activated, "/reports", Bodies.Continuation(new { declaredGrade = "serious" }, "灾害等级认定为重大"), RoleCatalogue.DutyOfficer);
        declared.Body.Obligation("first-report-serious-disaster").Str("status").Should().Be("pending");

        await ScanAsync(host);

        var alerts = await ListAsync(host, $"incident={incident.Id}");
        var county = DutyAlert(alerts, AlertKinds.DutyDueSoon, "county-activate-response");
        // The incident's county is the one concerned: the text names it (ADR 0003 #83).
        county.Str("text").Should().Contain("所涉及县(市、区)泽州县立即启动自然灾害救助应急响应：“所涉及县(市、区)要立即启动自然灾害救助应急响应”（5.6）")
            .And.Contain("须立即完成：自03-01 10:00（启动Ⅳ级响应）起");
        DutyAlert(alerts, AlertKinds.DutyDueSoon, "first-report-serious-disaster").Str("text").Should().Contain("第一时间向本级党委和政府及上级应急管理部门报告")
            .And.Contain("（4.1.3），须立即报告：自03-01 10:02起");

        // The county reports its own activation: the duty is met, its alert overtaken.
        await host.ChangeAsync(declared, "/reports", Bodies.Continuation(new { countyResponseActivated = true }, "泽州县已启动县级响应"), RoleCatalogue.DutyOfficer);
        DutyAlert(await ListAsync(host, $"incident={incident.Id}"), AlertKinds.DutyDueSoon, "county-activate-response").GetProperty("overtaken").Str("by").Should().Be("met");
    }
}
