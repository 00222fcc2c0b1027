using System.Net;
using System.Text.Json;
using EmergencyPlans.Api.Tests.Support;
using static EmergencyPlans.Api.Tests.Support.AlertHttp;
using EmergencyPlans.Application.Alerts;
using EmergencyPlans.Core.Domain;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// A duty the plan owes 及时 (<c>timing</c> promptly, no due time) that a decision or a later report raised is, like one owed at once
/// (<see cref="AlertOwedAtOnceTests"/>), never due "within 10 minutes" and never past a due time: before session 60 no alert named it, and a
/// drill's 5.4.3(1) 及时上报 stood unmet for two hours at night with nothing telling the office (a drill facilitator's review, session 60, F1;
/// N 4.1.2 "坚决杜绝迟报、瞒报、漏报"). It is alerted as due now (<c>duty-due-soon</c>, <c>dueAt</c> when it arose), in the plan's time word:
/// 及时 where the plan says it, never 立即, and no time word where the plan gives none. Fake clock at 2026-03-01 10:00 (UTC+8).
/// </summary>
public sealed class AlertOwedPromptlyTests
{

    /// <summary>N 5.4.1(1) "死亡和失踪5人以上10人以下" → Ⅳ.</summary>
    private static readonly object FiveDead = new { deaths = 5, missing = 0, relocated = 0, collapsedRooms = 0, collapsedHouseholds = 0, droughtAidPeople = 0 };

    /// <summary>Five dead in a natural disaster, opened at 10:00 and scanned; the 市安委办主任's Ⅳ at 10:00 (N 5.4.2 "由市安委办主任决定启动Ⅳ级响应").</summary>
    private static async Task<(ApiFactory Host, Opened Incident, Opened Activated)> NaturalDisasterLevelIVAsync()
    {
        var host = new ApiFactory().With("Alerts:Enabled", "false");
        var incident = await host.OpenAsync(Bodies.Incident("natural-disaster", FiveDead));
        await ScanAsync(host);
        var activated = await host.ChangeAsync(incident, "/response", Bodies.Activate("IV"), RoleCatalogue.OfficeDirector);
        return (host, incident, activated);
    }

    [Fact]
    public async Task NaturalDisasterLevelIV_The及时上报Of5_4_3_1_IsAlertedAsDueNow_Said及时Not立即_AndOvertakenWhenMade()
    {
        // N 5.4.3(1) "市安委办组织有关部门和单位分析灾情形势,研究落实救灾支持政策和措施,有关情况及时上报市安委会副主任(分管安全工作副市长)并通报
        // 有关成员单位": raised by the Ⅳ, owed 及时, no due time. The review's drill left it unmet from +02:30 to +03:40 with nothing saying so.
        var (host, incident, activated) = await NaturalDisasterLevelIVAsync();
        using var _ = host;
        var duty = activated.Body.Obligation("situation-report-to-city");
        (duty.Str("status"), duty.Str("timing"), duty.Str("clause")).Should().Be(("pending", "promptly", "5.4.3(1)"));
        duty.GetProperty("dueAt").ValueKind.Should().Be(JsonValueKind.Null);

        await ScanAsync(host);

        var alerts = await ListAsync(host, $"incident={incident.Id}");
        var alert = DutyAlert(alerts, AlertKinds.DutyDueSoon, "situation-report-to-city");
        alert.Str("dueAt").Should().Be("2026-03-01T10:00:00+08:00", "owed from the Ⅳ's decision: due now");
        alert.Str("key").Should().Be($"{incident.Id}:duty-due-soon:situation-report-to-city:2026-03-01T02:00:00Z");
        alert.Str("title").Should().StartWith("职责须及时履行：").And.Contain("上报市安委会副主任(分管安全工作副市长)并通报有关成员单位");
        alert.Str("text").Should().Contain("市安委办上报市安委会副主任(分管安全工作副市长)并通报有关成员单位：“市安委办组织有关部门和单位分析灾情形势")
            .And.Contain("有关情况及时上报市安委会副主任(分管安全工作副市长)并通报有关成员单位”（5.4.3(1)）")
            .And.Contain("，须及时报告：自03-01 10:00（启动Ⅳ级响应）起应报告，尚未报告。")
            .And.NotContain("立即", "the plan says 及时 (5.4.3(1)), not 立即").And.NotContain("situation-report-to-city").And.NotContain("距截止");
        var because = alert.GetProperty("because");
        (because.Str("rule"), because.Str("clause")).Should().Be(("situation-report-to-city", "5.4.3(1)"));
        alert.GetProperty("details").GetProperty("duties").EnumerateArray().Should().ContainSingle()
            .Which.Str("dueAt").Should().Be("2026-03-01T10:00:00+08:00");
        (await ListAsync(host, $"incident={incident.Id}&current=true")).Should().Contain(a => a.Str("key") == alert.Str("key"), "it is live until the report is made");

        // The city's level owes the county's own 立即 (N 5.6 "所涉及县(市、区)要立即启动自然灾害救助应急响应"): its alert keeps the at-once wording.
        DutyAlert(alerts, AlertKinds.DutyDueSoon, "county-activate-response").Str("title").Should().StartWith("职责须立即履行：");

        // Scanned again an hour on: the same alert, not a second one.
        host.Clock.Advance(TimeSpan.FromHours(1));
        await ScanAsync(host);
        DutyAlert(await ListAsync(host, $"incident={incident.Id}"), AlertKinds.DutyDueSoon, "situation-report-to-city");

        // Made at 11:00: overtaken, as any duty alert whose duty is met.
        await host.ChangeAsync(activated, "/obligations/situation-report-to-city/fulfilment", Bodies.Fulfil("2026-03-01T11:00:00+08:00", "已报副市长并通报成员单位"),
            RoleCatalogue.DutyOfficer);
        var met = DutyAlert(await ListAsync(host, $"incident={incident.Id}"), AlertKinds.DutyDueSoon, "situation-report-to-city").GetProperty("overtaken");
        (met.Str("by"), met.Str("at")).Should().Be(("met", "2026-03-01T11:00:00+08:00"));
        (await ListAsync(host, $"incident={incident.Id}&current=true")).Should().NotContain(a => a.Str("key") == alert.Str("key"));
    }

    [Fact]
    public async Task NaturalDisasterLevelIII_The及时上报ToTheDirectorOf5_3_3_1_TakesOverWhenTheLevelIsRaised_EachOnce()
    {
        // The review's night (F1): Ⅳ at 10:00, raised to Ⅲ by the deputy at 10:30 (N 5.3.2 "市安委会副主任(分管安全工作副市长)决定启动Ⅲ级响应").
        // 5.4.3(1)'s 及时上报 to the 副主任 no longer applies at Ⅲ; 5.3.3(1) "有关情况及时上报市安委会主任并通报有关成员单位" is owed from the Ⅲ.
        // Same code, another instance: each its own alert, with its own key and time.
        var (host, incident, activated) = await NaturalDisasterLevelIVAsync();
        using var _ = host;
        await ScanAsync(host);
        host.Clock.Advance(TimeSpan.FromMinutes(30));
        var raised = await host.ChangeAsync(activated, "/response", new { action = "adjust", level = "III", reason = "灾情扩大" }, RoleCatalogue.DeputyCommander);
        var third = raised.Body.GetProperty("obligations").EnumerateArray().Single(o => o.Str("clause") == "5.3.3(1)");

        await ScanAsync(host);

        var alerts = await ListAsync(host, $"incident={incident.Id}");
        var alert = DutyAlert(alerts, AlertKinds.DutyDueSoon, third.Str("key")!);
        alert.Str("dueAt").Should().Be("2026-03-01T10:30:00+08:00");
        alert.Str("title").Should().StartWith("职责须及时履行：");
        alert.Str("text").Should().Contain("有关情况及时上报市安委会主任并通报有关成员单位”（5.3.3(1)），须及时报告：自03-01 10:30（调整为Ⅲ级响应）起应报告，尚未报告。");
        var fourth = DutyAlert(alerts, AlertKinds.DutyDueSoon, "situation-report-to-city");
        fourth.Str("key").Should().NotBe(alert.Str("key"));
        fourth.GetProperty("overtaken").Str("by").Should().Be("not-needed", "Ⅲ's own measures replace Ⅳ's");
    }

    [Fact]
    public async Task ADutyThePlanGivesNoTimeWord_IsAlertedWithoutSaying及时_AndANotificationIsSaidDoneNotReported()
    {
        // N 5.4.2 "由市安委办主任决定启动Ⅳ级响应,并向市安委会副主任(分管安全工作副市长)报告": promptly in the data (ADR 0003 convention 2), but the
        // plan gives no time word, so it is not said 及时 (时限（本预案未写明）, as everywhere else). N 5.6 "启动市级自然灾害救助应急响应后,
        // 市安委办、市应急管理局要向相关县(市、区)通报并上报省应急管理厅": a notice first, done (完成), not reported.
        var (host, incident, _) = await NaturalDisasterLevelIVAsync();
        using var __ = host;

        await ScanAsync(host);

        var alerts = await ListAsync(host, $"incident={incident.Id}");
        var deputy = DutyAlert(alerts, AlertKinds.DutyDueSoon, "activation-report-to-deputy");
        deputy.Str("title").Should().StartWith("职责待履行：");
        deputy.Str("text").Should().Contain("并向市安委会副主任(分管安全工作副市长)报告”（5.4.2），须报告（本预案未写明时限）：自03-01 10:00（启动Ⅳ级响应）起应报告，尚未报告。")
            .And.NotContain("及时").And.NotContain("立即");
        var counties = DutyAlert(alerts, AlertKinds.DutyDueSoon, "notify-counties-and-province");
        counties.Str("text").Should().Contain("向相关县(市、区)通报并上报省应急管理厅：“")
            .And.Contain("（5.6），须完成（本预案未写明时限）：自03-01 10:00（启动Ⅳ级响应）起应完成，尚未完成。").And.NotContain("及时");
    }

    [Fact]
    public async Task Construction_ForeignCasualtiesReportedLater_The及时通知IsAlerted_SaidDoneNotReported()
    {
        // C 4.1(三) "事故伤亡、失踪、被困人员有港澳台或外国人员时,市指挥部要及时通知市政府有关涉外部门": a later report that names a foreign
        // casualty raises it, 及时, no due time. A notice is done (完成), not reported (ADR 0003).
        using var host = new ApiFactory().With("Alerts:Enabled", "false");
        var figures = new { deaths = 1, missing = 0, trapped = 0, endangered = 0, seriousInjuries = 0, directLossWan = 10m };
        var incident = await host.OpenAsync(Bodies.Incident("construction", figures, occurredAt: "2026-03-01T09:50:00+08:00", county: "城区"));
        await ScanAsync(host);
        host.Clock.Advance(TimeSpan.FromMinutes(5));
        var later = await host.ChangeAsync(incident, "/reports", Bodies.Continuation(new { foreignCasualties = true }, "死者为外籍人员"), RoleCatalogue.DutyOfficer);
        later.Body.Obligation("notify-foreign-affairs").Str("status").Should().Be("pending");

        await ScanAsync(host);

        var alert = DutyAlert(await ListAsync(host, $"incident={incident.Id}"), AlertKinds.DutyDueSoon, "notify-foreign-affairs");
        alert.Str("title").Should().StartWith("职责须及时履行：").And.Contain("通知市政府有关涉外部门");
        alert.Str("text").Should().Contain("市指挥部通知市政府有关涉外部门：“事故伤亡、失踪、被困人员有港澳台或外国人员时,市指挥部要及时通知市政府有关涉外部门”（4.1(三)）")
            .And.Contain("，须及时完成：自03-01 10:05起应完成，尚未完成。").And.NotContain("须及时报告").And.NotContain("立即");
    }

    [Fact]
    public async Task ThePromptlyDutiesOfTheFirstReport_AndAProposalTheEscalationSays_RaiseNoSecondAlert()
    {
        // C 4.1(三) with the foreign casualty in the first report: the new-incident alert lists the 通知 among the duties it starts, as the
        // at-once duties of the opening. R 5.3.2 启动程序 "市指挥部办公室接到报告后,经分析研判,向市指挥部提出启动Ⅱ级应急响应的建议": the rise
        // to Ⅱ (one dead, then three: 5.3.2(1)) raises the office's proposal, which the escalation says (由…提出建议, session 60) and stays live for.
        using var host = new ApiFactory().With("Alerts:Enabled", "false");
        var foreign = new { deaths = 1, missing = 0, trapped = 0, endangered = 0, seriousInjuries = 0, directLossWan = 10m, foreignCasualties = true };
        var construction = await host.OpenAsync(Bodies.Incident("construction", foreign, county: "城区"));
        var road = await host.OpenAsync(Bodies.Incident(figures: new { deaths = 1, missing = 0, seriousInjuries = 0, directLossWan = 10m }));
        var rose = await host.ChangeAsync(road, "/reports", Bodies.Continuation(new { deaths = 3 }, "又有2人死亡"), RoleCatalogue.DutyOfficer);
        rose.Body.GetProperty("obligations").EnumerateArray().Should().Contain(o => o.Str("code") == "office-proposal" && o.Str("status") == "pending");

        await ScanAsync(host);

        var built = await ListAsync(host, $"incident={construction.Id}");
        built.Should().ContainSingle(a => a.Str("kind") == AlertKinds.NewIncident).Which.Str("text").Should().Contain("通知市政府有关涉外部门");
        built.Should().NotContain(a => a.Str("kind") == AlertKinds.DutyDueSoon && DutyKey(a) == "notify-foreign-affairs", "the new-incident alert lists it:\n" + Listed(built));
        var roads = await ListAsync(host, $"incident={road.Id}");
        roads.Should().ContainSingle(a => a.Str("kind") == AlertKinds.Escalation).Which.Str("text").Should().Contain("由市指挥部办公室主任提出建议");
        roads.Should().NotContain(a => DutyKey(a) != null && DutyKey(a)!.StartsWith("office-proposal", StringComparison.Ordinal), "the escalation says it:\n" + Listed(roads));
    }
}
