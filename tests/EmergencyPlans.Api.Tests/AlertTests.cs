using System.Net;
using System.Text.Json;
using EmergencyPlans.Api.Tests.Support;
using static EmergencyPlans.Api.Tests.Support.AlertHttp;
using EmergencyPlans.Application.Alerts;
using EmergencyPlans.Core.Domain;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// Alerts through the real host with a fake clock standing at 2026-03-01 10:00 (UTC+8). The background
/// worker is off so each scan is the test's own (<see cref="ScanAsync"/>); WorkerTests-style behaviour is
/// covered by <see cref="Worker_ClockPassesADueTime_RaisesTheOverdueAlertWithoutARequest"/>. Duties, due
/// times and warnings are read from the road plan (晋市政办〔2025〕18号): 5.1.1 "事发后30分钟内…电话报告",
/// 4.3.2(1) "能见度 ≤ 20 米的浓雾" (orange, approved by the commander, 4.4.1).
/// </summary>
public sealed class AlertTests
{

    /// <summary>A coach overturned on G207: 2 dead, 9 injured, 3 seriously, missing unknown (docs/guide.md's day).</summary>
    private static readonly object Coach = new { deaths = 2, injured = 9, seriousInjuries = 3 };

    private static readonly object ThreeDead = new { deaths = 3, missing = 0, seriousInjuries = 0, directLossWan = 10m };

    private static ApiFactory Host(bool worker = false) => new ApiFactory().With("Alerts:Enabled", worker ? "true" : "false");

    private static Dictionary<string, object?> Road(string occurredAt, object? figures = null, object? conditions = null)
    {
        var body = Bodies.Incident(figures: figures ?? Coach, occurredAt: occurredAt);
        body["nature"] = "大客车侧翻";
        if (conditions is not null)
        {
            body["conditions"] = conditions;
        }

        return body;
    }

    private static JsonElement Single(JsonElement[] alerts, string kind) => alerts.Should().ContainSingle(a => a.Str("kind") == kind).Which;

    [Fact]
    public async Task AnExpresswayAccident_TheAlertsSayTheExpresswayPlanLeads_AndThisPlanSupports()
    {
        // R 1.4 "高速公路上发生以上情形的按照《晋城市境内高速公路交通安全属地救援应急预案》执行……本预案作为配合预案执行": a tanker leaking on
        // G22 青兰高速. The incident's assessment knew it (leadPlans) and the card said it; the new-incident and escalation alerts recommended
        // this plan's levels and deciders as though it led (review s59, a road duty officer's night, finding 2).
        using var host = Host();
        var (results, _) = await host.PostFeedAsync(FeedHttp.Sample("hazmat-tanker-leak-g22.ndjson"));
        var incident = await host.GetAsync(results[0].Str("incidentId")!);
        await ScanAsync(host);
        await host.ChangeAsync(incident, "/reports", Bodies.Continuation(new { deaths = 4 }, "罐车驾驶员等4人死亡"), RoleCatalogue.DutyOfficer);
        await ScanAsync(host);

        var alerts = await ListAsync(host, $"incident={incident.Id}");
        const string Leads = "主导预案：按《晋城市境内高速公路交通安全属地救援应急预案》执行，本预案作为配合预案执行（发生在高速公路上；1.4）";
        Single(alerts, AlertKinds.NewIncident).Str("text").Should().Contain(Leads);
        alerts.Where(a => a.Str("kind") == AlertKinds.Escalation).Should().NotBeEmpty().And.OnlyContain(a => a.Str("text")!.Contains(Leads));
    }

    [Fact]
    public async Task AnEarlierEscalation_IsDecidedByTheLevel_EvenWhileALaterOnesImmediateReportIsOwed()
    {
        // Review s59 (a road duty officer's night), finding 4: 4 dead → 建议启动Ⅱ级 (its phone report made), 11 dead → 建议启动Ⅰ级 with 须立即
        // 向上级值班室直报 (R 5.1.1 "重大及以上……报告时间不得晚于事发后30分钟", passed at 09:40). Once the commander activated Ⅰ, the Ⅱ alert,
        // which names no report owed at once, stayed on the current list with the Ⅰ alert until the direct report was made.
        using var host = Host();
        var incident = await host.OpenAsync(Road(Bodies.OccurredAt, new { deaths = 2, missing = 0, seriousInjuries = 0, directLossWan = 10m }));
        var four = await host.ChangeAsync(incident, "/reports", Bodies.Continuation(new { deaths = 4 }, "又有2人死亡"), RoleCatalogue.DutyOfficer);
        await ScanAsync(host);
        var phoned = await host.ChangeAsync(four, "/obligations/phone-report-to-city/fulfilment", Bodies.Fulfil(host.Clock.GetUtcNow().ToString("O")), RoleCatalogue.DutyOfficer);
        var eleven = await host.ChangeAsync(phoned, "/reports", Bodies.Continuation(new { deaths = 11 }, "又有7人死亡"), RoleCatalogue.DutyOfficer);
        await ScanAsync(host);
        await host.ChangeAsync(eleven, "/response", Bodies.Activate("I"), RoleCatalogue.Commander);
        await ScanAsync(host);

        var escalations = (await ListAsync(host, $"incident={incident.Id}")).Where(a => a.Str("kind") == AlertKinds.Escalation).ToArray();
        var toII = escalations.Should().ContainSingle(a => a.GetProperty("details").Str("toLevel") == "II").Which;
        var toI = escalations.Should().ContainSingle(a => a.GetProperty("details").Str("toLevel") == "I").Which;
        toI.Str("text").Should().Contain("须立即：").And.Contain("直报");
        toI.GetProperty("overtaken").ValueKind.Should().Be(JsonValueKind.Null, "the direct report it names is still owed at once");
        toII.Str("text").Should().Contain("须立即：").And.Contain("电话报告", "the phone report its rise made owed at once, made since");
        toII.GetProperty("overtaken").Str("by").Should().Be("decided", "Ⅰ is in force and the report the Ⅱ alert names is made");
    }

    [Fact]
    public async Task ARiseAfterTheReportsTimeFromTheOccurrence_TheEscalationAlertSaysTheReportIsOwedAtOnce()
    {
        // R 5.1.1 "较大…道路交通安全突发事件…事发后30分钟内…电话报告": one dead at 09:10 (一般), three at 10:00 (较大). The phone report's time,
        // 09:40, passed before it was owed, so it is owed 立即 with no due time (ADR 0003 #71) and no due-soon or overdue alert will ever name
        // it; arising overdue, it had been named by the overdue alert at once. The escalation's alert says it instead.
        using var host = Host();
        var incident = await host.OpenAsync(Road(Bodies.OccurredAt, new { deaths = 1, missing = 0, seriousInjuries = 0, directLossWan = 10m }));
        var raised = await host.ChangeAsync(incident, "/reports", Bodies.Continuation(new { deaths = 3 }, "又有2人死亡"), RoleCatalogue.DutyOfficer);
        raised.Body.Obligation("phone-report-to-city").Str("timing").Should().Be("immediately");
        raised.Body.Obligation("phone-report-to-city").Str("arosePastDueAt").Should().Be("2026-03-01T09:40:00+08:00");

        await ScanAsync(host);

        var alerts = await ListAsync(host, $"incident={incident.Id}");
        Single(alerts, AlertKinds.Escalation).Str("text").Should().Contain("须立即：").And.Contain("按预案应于03-01 09:40前报告，需报告时该时限已过")
            .And.NotContain("届满后才需报告", "read as 'report only after the limit', the opposite of 须立即 (review s59, road night finding 3)");
        alerts.Should().NotContain(a => a.Str("kind") == AlertKinds.DutyOverdue, "the report is owed at once, not missed");
    }

    // ---- (a) a new plan incident ----

    [Fact]
    public async Task NewIncident_OccurredAtWrittenInUtc_TheTextGivesTheCitysClock()
    {
        // 01:40Z is 09:40 in Jincheng: the text said "2026-03-01 01:40" and "截止03-01 02:10", 8 hours off the dueAt beside it.
        using var host = Host();
        var incident = await host.OpenAsync(Road("2026-03-01T01:40:00Z"));

        await ScanAsync(host);

        var alert = Single(await ListAsync(host, $"incident={incident.Id}"), AlertKinds.NewIncident);
        alert.Str("text").Should().Contain("2026-03-01 09:40").And.Contain("截止03-01 10:10").And.NotContain("01:40");
    }

    [Fact]
    public async Task NewIncident_OpenedAfterADeadlinePassed_SaysThatDeadline已超时()
    {
        // R 5.1.1 "较大以上…各级各部门须在事发后30分钟内向市委、市政府电话报告有关情况,1小时以内向市委、市政府书面报告简要情况": three dead at 09:10,
        // opened at 10:00. The phone report's 09:40 has passed when the alert is raised, the written report's 10:10 has not. The alert said
        // 截止03-01 09:40 with nothing more, where the deadlines-brought-forward alert says 已超时 (a construction duty officer's review,
        // session 58, #12: 截止12-07 19:59 in an alert raised at 20:14).
        using var host = Host();
        var incident = await host.OpenAsync(Road(Bodies.OccurredAt, ThreeDead));

        await ScanAsync(host);

        var text = Single(await ListAsync(host, $"incident={incident.Id}"), AlertKinds.NewIncident).Str("text");
        text.Should().Contain("电话报告有关情况”（5.1.1），截止03-01 09:40（已超时）")
            .And.Contain("书面报告简要情况”（5.1.1），截止03-01 10:10").And.NotContain("10:10（已超时）");
    }

    [Fact]
    public async Task NewIncident_WithPeopleEndangeredAndTheQuestionOpen_PutsThe较大涉险Question_WithTheDutiesAYesWouldAdd()
    {
        // C 4.1(二) "建设工程事故或者较大涉险事故信息报送的起算时间为事故发生后……较大以上或暂时无法判明等级的建设工程事故,各级各部门须在事发后30分钟
        // 以内向市委、市政府电话报告": 5 涉险 at 09:40, nobody hurt, every figure known (一般, settled). Whether it is a 较大涉险事故 is the office's
        // judgement (ADR 0003 #11); the card asks it, with the phone report by 10:10 a "yes" would owe. The alert listed only the 1-hour report, and
        // the question reached no one in time (a construction duty officer's review, session 58, finding 2).
        using var host = Host();
        var incident = await host.OpenAsync(Bodies.Incident("construction",
            new { deaths = 0, missing = 0, trapped = 0, endangered = 5, seriousInjuries = 0, injured = 0, directLossWan = 20m }, occurredAt: "2026-03-01T09:40:00+08:00"));

        await ScanAsync(host);

        var text = Single(await ListAsync(host, $"incident={incident.Id}"), AlertKinds.NewIncident).Str("text");
        text.Should().Contain("待研判：").And.Contain("是否属较大涉险事故，须研判（4.1(二)）")
            .And.MatchRegex("若属较大涉险事故，另须：[^。]*电话报告[^。]*03-01 10:10前");
    }

    [Fact]
    public async Task NewIncident_WithTheQuestionAnswered_AsksNothing()
    {
        // The same report with the office's "no" (judgements.relativelySeriousNearMiss false): nothing left to judge.
        using var host = Host();
        var body = Bodies.Incident("construction",
            new { deaths = 0, missing = 0, trapped = 0, endangered = 5, seriousInjuries = 0, injured = 0, directLossWan = 20m }, occurredAt: "2026-03-01T09:40:00+08:00");
        body["judgements"] = new { relativelySeriousNearMiss = false };
        var incident = await host.OpenAsync(body);

        await ScanAsync(host);

        Single(await ListAsync(host, $"incident={incident.Id}"), AlertKinds.NewIncident).Str("text").Should().NotContain("待研判");
    }

    [Fact]
    public async Task NewIncident_Opened_RaisesOneAlertListingTheDutiesItStarts()
    {
        using var host = Host();
        var incident = await host.OpenAsync(Road("2026-03-01T09:40:00+08:00"));

        await ScanAsync(host);

        var alert = Single(await ListAsync(host, $"incident={incident.Id}"), AlertKinds.NewIncident);
        alert.Str("key").Should().Be($"{incident.Id}:new-incident");
        alert.Str("incidentUrl").Should().Be($"/api/v1/incidents/{incident.Id}");
        alert.Str("title").Should().Contain("新预案事件").And.Contain("大客车侧翻");
        alert.GetProperty("because").Str("clause").Should().NotBeEmpty();
        alert.GetProperty("because").Str("words").Should().NotBeEmpty();
        var phone = alert.GetProperty("details").GetProperty("duties").EnumerateArray().Single(d => d.Str("code") == "phone-report-to-city");
        phone.Str("dueAt").Should().Be("2026-03-01T10:10:00+08:00", "road 5.1.1: by phone within 30 minutes of the occurrence (09:40)");
        // R 5.1.1 "……须在事发后30分钟内向市委、市政府电话报告有关情况": the duty in the plan's words; its code is in details.duties.
        alert.Str("text").Should().Contain("向市委、市政府电话报告：“较大以上或暂时无法判明等级的道路交通安全突发事件,各级各部门须在事发后30分钟内向市委、市政府电话报告有关情况”")
            .And.NotContain("phone-report-to-city");
        alert.GetProperty("acknowledged").GetBoolean().Should().BeFalse();
        // Nobody has activated a level: the alert says what the figures call for (R 5.3.x), not a level in force.
        alert.Str("text").Should().MatchRegex("达到Ⅰ级响应条件|达到Ⅱ级响应条件|达到Ⅲ级响应条件").And.NotMatchRegex("，响应[ⅠⅡⅢ]级");
    }

    [Fact]
    public async Task NewIncident_NaturalDisasterWithNothingKnown_SaysTheLevelCannotBeJudgedYet_AsItsTimelineDoes()
    {
        // N 5.4.1 "……出现下列情况之一的,启动Ⅳ级响应": a landslide reported with no figure cannot be said to need no city response. The alert said
        // nothing of the level, the timeline 不启动市级响应（数字不全，可能更高） (a duty officer's review, session 53).
        using var host = Host();
        var body = Bodies.Incident(plan: "natural-disaster", figures: new { }, occurredAt: "2026-03-01T09:40:00+08:00");
        body["nature"] = "山体滑坡";
        var incident = await host.OpenAsync(body);

        await ScanAsync(host);

        Single(await ListAsync(host, $"incident={incident.Id}"), AlertKinds.NewIncident).Str("text").Should().Contain("山体滑坡，尚不能判断是否启动市级响应（数字不全）。");
        var view = (await host.GetAsync(incident.Id)).Body;
        view.GetProperty("timeline")[0].Str("summary").Should().Contain("响应：尚不能判断是否启动市级响应（数字不全）").And.NotContain("不启动市级响应（");
        view.GetProperty("assessment").GetProperty("response").GetProperty("noResponse").Str("note")
            .Should().Be("按已知数字未达到所列任一情形；数字不全，尚不能判断是否启动市级响应");
    }

    [Fact]
    public async Task NewIncident_WithALongNature_TitleCarriesItsStartAndTheTextAllOfIt()
    {
        // A 122 record's nature runs to hundreds of characters (its flags, the dispatch number and the caller's text);
        // a title is one line of the duty office's alert list.
        using var host = Host();
        var body = Road("2026-03-01T09:40:00+08:00");
        var nature = "大客车侧翻，涉及营运大客车（122接警单JC122-20260301-0007）：" + string.Concat(Enumerable.Repeat("国道207线团雾，车上约40人，多人被困；", 6));
        body["nature"] = nature;
        var incident = await host.OpenAsync(body);

        await ScanAsync(host);

        var alert = Single(await ListAsync(host, $"incident={incident.Id}"), AlertKinds.NewIncident);
        var title = alert.Str("title");
        title.Should().StartWith("新预案事件：").And.EndWith(nature[..39] + "…");
        title.Length.Should().BeLessThan(80);
        alert.Str("text").Should().Contain(nature);
    }

    // ---- (g) the incident happened earlier than it held ----

    [Fact]
    public async Task DeadlinesBroughtForward_TheOccurrenceLearnedEarlier_AlertsOnceWithEachDutyAtItsNewTime()
    {
        // R 5.1.1 "……须在事发后30分钟内向市委、市政府电话报告有关情况，1小时以内向市委、市政府书面报告简要情况": reported as 09:50 (phone due
        // 10:20); at 10:00 the office learns it happened at 09:25, so the phone report is due 09:55, already past, and the written one
        // 10:25. The duty office is told at once that both deadlines moved, not only when the next one is 10 minutes away.
        using var host = Host();
        var incident = await host.OpenAsync(Road("2026-03-01T09:50:00+08:00", ThreeDead));
        await ScanAsync(host);
        (await ListAsync(host, $"kind={AlertKinds.DeadlinesBroughtForward}")).Should().BeEmpty();

        var corrected = await host.ChangeAsync(incident, "/reports", new { kind = "continuation", summary = "核实事发时间", occurredAt = "2026-03-01T09:25:00+08:00" },
            RoleCatalogue.DutyOfficer);
        await ScanAsync(host);
        await ScanAsync(host);

        var alert = Single(await ListAsync(host, $"incident={incident.Id}"), AlertKinds.DeadlinesBroughtForward);
        alert.Str("key").Should().Be($"{incident.Id}:deadlines-brought-forward:{corrected.ETag}");
        alert.Str("text").Should().Contain("由2026-03-01 09:50改为2026-03-01 09:25")
            .And.Contain("向市委、市政府电话报告").And.Contain("截止03-01 09:55").And.Contain("（已超时）")
            .And.Contain("向市委、市政府书面报告").And.Contain("截止03-01 10:25");
        alert.GetProperty("because").Str("clause").Should().Be("5.1.1");
        alert.GetProperty("details").GetProperty("duties").EnumerateArray().Select(d => (d.Str("code"), d.Str("dueAt")))
            .Should().Contain([("phone-report-to-city", "2026-03-01T09:55:00+08:00"), ("written-report-to-city", "2026-03-01T10:25:00+08:00")]);

        // A correction to a later time relaxes the clocks: nothing to alert.
        await host.ChangeAsync(corrected, "/reports", new { kind = "continuation", occurredAt = "2026-03-01T09:40:00+08:00" }, RoleCatalogue.DutyOfficer);
        await ScanAsync(host);
        (await ListAsync(host, $"kind={AlertKinds.DeadlinesBroughtForward}")).Should().ContainSingle();
    }

    [Fact]
    public async Task DeadlinesBroughtForward_ACorrectionInTheDaysSecondContinuation_DoesNotListTheNextDaysReportItMovedLater()
    {
        // R 5.1.2 "较大以上……每日至少续报1次": the 10:00 续报 meets day 1, day 2's is owed by 03-02 10:00. The 11:00 续报 says the accident
        // happened at 09:25 (not 09:50): the 30-minute and 1-hour reports fall due sooner, and, as day 1's second 续报, it moves day 2's
        // report to a day after it, 03-02 11:00 (ADR 0003). That later time is not a deadline the correction brought forward; the alert
        // listed it as one.
        using var host = Host();
        var incident = await host.OpenAsync(Road("2026-03-01T09:50:00+08:00", ThreeDead));
        var first = await host.ChangeAsync(incident, "/reports", new { kind = "continuation", summary = "伤员已送医" }, RoleCatalogue.DutyOfficer);
        host.Clock.Advance(TimeSpan.FromHours(1));

        var corrected = await host.ChangeAsync(first, "/reports", new { kind = "continuation", summary = "核实事发时间", occurredAt = "2026-03-01T09:25:00+08:00" },
            RoleCatalogue.DutyOfficer);
        await ScanAsync(host);

        corrected.Body.Obligation("continuation-report#2").Str("dueAt").Should().Be("2026-03-02T11:00:00+08:00");
        var alert = Single(await ListAsync(host, $"incident={incident.Id}"), AlertKinds.DeadlinesBroughtForward);
        alert.GetProperty("details").GetProperty("duties").EnumerateArray().Select(d => d.Str("code")).Should().NotContain("continuation-report");
        alert.Str("text").Should().NotContain("03-02 11:00");
    }

    // ---- (f) the feed withdrew the record an incident came from ----

    [Fact]
    public async Task FeedCancelled_TheRecordBehindAnOpenIncidentIsWithdrawn_RaisesOneAlertCitingTheIntakeRule()
    {
        // A 122 dispatch record that opened a plan incident is later marked cancelled (a false or duplicate call): the duty
        // office must verify (road 5.1.1 核实情况) before it goes on with duties and a response raised for it. A "closed"
        // record (122 finished its handling) raises nothing.
        using var host = Host();
        var lines = File.ReadAllLines(Path.Combine(Paths.Repository, "tests", "EmergencyPlans.Api.Tests", "Feeds", "samples", "coach-rollover-fog-g207.ndjson"));
        string Later(int sequence, string status) => lines[1]
            .Replace("\"eventId\":\"JC122-20260301-0007-3\"", $"\"eventId\":\"JC122-20260301-0007-{sequence}\"", StringComparison.Ordinal)
            .Replace("\"sequence\":3", $"\"sequence\":{sequence}", StringComparison.Ordinal)
            .Replace("\"status\":\"open\"", $"\"status\":\"{status}\"", StringComparison.Ordinal);
        Later(8, "closed").Should().Contain("\"status\":\"closed\"").And.Contain("\"sequence\":8");
        await PostFeedAsync(host, [lines[0], lines[1], Later(8, "closed")]);
        await ScanAsync(host);
        (await ListAsync(host, $"kind={AlertKinds.FeedCancelled}")).Should().BeEmpty("a closed record is 122's own handling finished");

        await PostFeedAsync(host, [Later(9, "cancelled"), Later(10, "cancelled")]);
        await ScanAsync(host);

        var alert = (await ListAsync(host, $"kind={AlertKinds.FeedCancelled}")).Should().ContainSingle("once per incident").Subject;
        alert.Str("title").Should().StartWith("122已撤销接警单：泽州县");
        alert.Str("text").Should().Contain("JC122-20260301-0007").And.Contain("撤销").And.Contain("序号9").And.Contain("核实");
        var because = alert.GetProperty("because");
        because.Str("rule").Should().Be("feed-intake");
        because.Str("clause").Should().Be("5.1.1");
        because.Str("words").Should().Contain("核实情况");
    }

    /// <summary>The sample coach rollover's lines, and its second message sent again with another sequence and status.</summary>
    private static (string[] Lines, Func<int, string, string> Later) Rollover()
    {
        var lines = File.ReadAllLines(Path.Combine(Paths.Repository, "tests", "EmergencyPlans.Api.Tests", "Feeds", "samples", "coach-rollover-fog-g207.ndjson"));
        return (lines, (sequence, status) => lines[1]
            .Replace("\"eventId\":\"JC122-20260301-0007-3\"", $"\"eventId\":\"JC122-20260301-0007-{sequence}\"", StringComparison.Ordinal)
            .Replace("\"sequence\":3", $"\"sequence\":{sequence}", StringComparison.Ordinal)
            .Replace("\"status\":\"open\"", $"\"status\":\"{status}\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FeedReinstated_AfterTheCancellationAlert_SaysTheWithdrawalNoLongerStands()
    {
        // 122 withdraws the record (the office is alerted to verify), then sends it again as open: the cancellation alert was the office's
        // last word, and an office that closed on it left the record's next messages to no one (a feed integrator's review, session 52).
        using var host = Host();
        var (lines, later) = Rollover();
        await PostFeedAsync(host, [lines[0], lines[1], later(9, "cancelled")]);
        await ScanAsync(host);
        (await ListAsync(host, $"kind={AlertKinds.FeedCancelled}")).Should().ContainSingle();

        await PostFeedAsync(host, [later(10, "open")]);
        await ScanAsync(host);
        await ScanAsync(host);

        var alert = (await ListAsync(host, $"kind={AlertKinds.FeedReinstated}")).Should().ContainSingle("once per message that reinstated it").Subject;
        alert.Str("title").Should().StartWith("122已恢复接警单：泽州县");
        alert.Str("text").Should().Contain("JC122-20260301-0007").And.Contain("标为撤销（序号9）").And.Contain("序号10，处置中").And.Contain("撤销不再成立，事件继续按预案处置");
        alert.GetProperty("because").Str("clause").Should().Be("5.1.1");
    }

    [Fact]
    public async Task FeedCancelled_NotRaised_When122SentTheRecordAgainBeforeTheScan()
    {
        // Withdrawn and reinstated between two scans: the withdrawal does not stand, so no alert tells the office to verify a false call
        // and file the 终报; the reinstatement says both.
        using var host = Host();
        var (lines, later) = Rollover();
        await PostFeedAsync(host, [lines[0], lines[1], later(9, "cancelled"), later(10, "open")]);
        await ScanAsync(host);

        (await ListAsync(host, $"kind={AlertKinds.FeedCancelled}")).Should().BeEmpty();
        (await ListAsync(host, $"kind={AlertKinds.FeedReinstated}")).Should().ContainSingle().Which.Str("text").Should().Contain("标为撤销（序号9）");
    }

    private static async Task PostFeedAsync(ApiFactory host, IEnumerable<string> lines)
    {
        using var client = host.As(RoleCatalogue.Feed);
        using var response = await client.PostAsync("/api/v1/feeds/122", new StringContent(string.Join('\n', lines) + "\n", System.Text.Encoding.UTF8, "application/x-ndjson"));
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().NotContain("\"status\":\"rejected\"");
    }

    // ---- (c) due within 10 minutes, both sides ----

    [Fact]
    public async Task DutyDueSoon_ElevenThenTenMinutesBeforeTheDueTime_RaisedOnlyInsideTheWindow()
    {
        using var host = Host();
        var incident = await host.OpenAsync(Road("2026-03-01T09:41:00+08:00")); // phone report due 10:11

        await ScanAsync(host);
        (await ListAsync(host, "kind=duty-due-soon")).Should().BeEmpty("at 10:00 the phone report is 11 minutes away");

        host.Clock.Advance(TimeSpan.FromMinutes(1));
        await ScanAsync(host);

        var alert = Single(await ListAsync(host, "kind=duty-due-soon"), AlertKinds.DutyDueSoon);
        alert.Str("dutyKey").Should().Be("phone-report-to-city");
        alert.Str("dueAt").Should().Be("2026-03-01T10:11:00+08:00");
        alert.Str("key").Should().Be($"{incident.Id}:duty-due-soon:phone-report-to-city:2026-03-01T02:11:00Z");
        alert.GetProperty("because").Str("clause").Should().Be("5.1.1");
        alert.Str("text").Should().Contain("10分钟");
    }

    // ---- (d) overdue, both sides ----

    [Fact]
    public async Task DutyOverdue_AtTheDueTimeThenOneSecondLater_RaisedOnlyAfterIt()
    {
        using var host = Host();
        await host.OpenAsync(Road("2026-03-01T09:30:00+08:00")); // phone report due 10:00, which is now

        await ScanAsync(host);
        (await ListAsync(host, "kind=duty-overdue")).Should().BeEmpty("a duty is overdue only once its due time has passed");

        host.Clock.Advance(TimeSpan.FromSeconds(1));
        await ScanAsync(host);

        var alert = Single(await ListAsync(host, "kind=duty-overdue"), AlertKinds.DutyOverdue);
        alert.Str("dutyKey").Should().Be("phone-report-to-city");
        alert.Str("text").Should().Contain("已超时");
    }

    // Road 5.1.2: "较大以上道路交通安全突发事件每日至少续报1次". Three dead is 较大 (1.5(3) "造成3人以上10人以下死亡"), so a 续报 is owed
    // every day from the occurrence, and each day that passes without one is a missed report of its own.

    [Fact]
    public async Task DutyOverdue_ThreeDailyContinuationsMissedBeforeAnyScan_OneAlertNamingAllThree()
    {
        // An office that learns of the incident late (a 122 record received days after the call, a service that was down) must not
        // get one alert per missed day: nine months late that was 279 alerts for one incident.
        using var host = Host();
        var incident = await host.OpenAsync(Road("2026-03-01T09:30:00+08:00", ThreeDead));
        host.Clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromHours(1)); // 03-04 11:00: the 续报 due 03-02, 03-03 and 03-04 09:30 all missed

        await ScanAsync(host);

        var continuation = (await ListAsync(host, $"kind=duty-overdue&incident={incident.Id}"))
            .Where(a => a.GetProperty("because").Str("clause") == "5.1.2").ToArray();
        var alert = continuation.Should().ContainSingle("the three missed days of one daily 续报 alert together").Which;
        alert.Str("dutyKey").Should().Be("continuation-report#3", "the alert is the latest missed period's");
        alert.Str("dueAt").Should().Be("2026-03-04T09:30:00+08:00");
        alert.Str("text").Should().Contain("已连续3期未报").And.Contain("03-02 09:30");
        alert.GetProperty("details").GetProperty("duties").EnumerateArray().Select(d => d.Str("key"))
            .Should().Equal("continuation-report", "continuation-report#2", "continuation-report#3");
    }

    [Fact]
    public async Task DutyOverdue_DailyContinuationMissedDayAfterDay_EachDayAlertsOnceAndSaysHowManyAreMissed()
    {
        using var host = Host();
        var incident = await host.OpenAsync(Road("2026-03-01T09:30:00+08:00", ThreeDead));

        host.Clock.Advance(TimeSpan.FromDays(1)); // 03-02 10:00: the first day's 续报 (due 09:30) missed
        await ScanAsync(host);
        host.Clock.Advance(TimeSpan.FromDays(1)); // 03-03 10:00: the second day's too
        await ScanAsync(host);

        var continuation = (await ListAsync(host, $"kind=duty-overdue&incident={incident.Id}"))
            .Where(a => a.GetProperty("because").Str("clause") == "5.1.2").OrderBy(a => a.Str("dueAt")).ToArray();
        continuation.Select(a => a.Str("dutyKey")).Should().Equal("continuation-report", "continuation-report#2");
        continuation[0].Str("text").Should().NotContain("连续", "one missed day is one missed report");
        continuation[1].Str("text").Should().Contain("已连续2期未报");
    }

    [Fact]
    public async Task DutyOverdue_ReliefSuppliesNotArrived_TheAlertAndTheTimelineSayTheyHaveNotReachedTheAreaNotThatAReportIsLate()
    {
        // 晋市政发〔2026〕1号 (十九): "确保接到调拨指令后,首批救灾物资县级6小时……运抵灾区". The county's order at 09:30 owes the first supplies
        // at the disaster area by 15:30: a delivery, so nothing about it is a report (报告).
        using var host = Host();
        var incident = await host.OpenAsync(Bodies.Incident("natural-disaster", new { deaths = 1, relocated = 100 }, "2026-03-01T09:00:00+08:00"));
        await host.ChangeAsync(incident, "/clock-events", new { kind = "dispatch-order", happenedAt = "2026-03-01T09:30:00+08:00", orderedBy = "county" },
            RoleCatalogue.DutyOfficer);
        host.Clock.Advance(TimeSpan.FromHours(6)); // 16:00

        await ScanAsync(host);

        var alert = (await ListAsync(host, "kind=duty-overdue")).Should().ContainSingle(a => a.Str("dutyKey") == "relief-supplies-county").Which;
        alert.Str("title").Should().EndWith(" 调拨物资运抵灾区");
        alert.Str("text").Should().Be("县级（救灾物资调拨方）调拨物资运抵灾区：“确保接到调拨指令后,首批救灾物资县级6小时……运抵灾区”（晋市政发〔2026〕1号 (十九)），"
                                      + "截止03-01 15:30，到时未运抵，已超时。");
        alert.Str("title").Should().NotContain("报告").And.NotContain("relief-supplies");
        // The machine's fields are as they were: the key, the duty's code and key.
        alert.Str("key").Should().Be($"{incident.Id}:duty-overdue:relief-supplies-county:2026-03-01T07:30:00Z");
        alert.GetProperty("details").GetProperty("duties").EnumerateArray().Single().Str("code").Should().Be("relief-supplies-county");

        var read = await host.GetAsync(incident.Id);
        read.Body.GetProperty("timeline").EnumerateArray().Where(t => t.Str("type") == "obligation-overdue").Select(t => t.Str("summary"))
            .Should().Contain("调拨物资运抵灾区：“确保接到调拨指令后,首批救灾物资县级6小时……运抵灾区”，应于2026-03-01 15:30前运抵，到时未运抵");
        read.Body.GetProperty("timeline").EnumerateArray().Where(t => t.Str("rule") == "晋市政发〔2026〕1号 (十九)").Select(t => t.Str("summary"))
            .Should().HaveCount(2).And.OnlyContain(text => text.Contains("运抵") && !text.Contains("报告"));
    }

    [Fact]
    public async Task DutyOverdue_RoadReport_TitleAndTextSayTheDutyInThePlansWordsNotItsCode()
    {
        // R 5.1.1 "较大以上……须在事发后30分钟内向市委、市政府电话报告有关情况": due 10:00 for a crash at 09:30.
        using var host = Host();
        await host.OpenAsync(Road("2026-03-01T09:30:00+08:00"));
        host.Clock.Advance(TimeSpan.FromMinutes(1));

        await ScanAsync(host);

        var alert = (await ListAsync(host, "kind=duty-overdue")).Should().ContainSingle(a => a.Str("dutyKey") == "phone-report-to-city").Which;
        alert.Str("title").Should().Be("职责已超时：泽州县G207 K1023大客车侧翻 向市委、市政府电话报告");
        alert.Str("text").Should().Be("各级各部门向市委、市政府电话报告：“较大以上或暂时无法判明等级的道路交通安全突发事件,各级各部门须在事发后30分钟内向市委、市政府电话报告有关情况”"
                                      + "（5.1.1），截止03-01 10:00，到时未报，已超时。");
    }

    [Fact]
    public async Task Scan_APageOfIncidentsThatCannotBeRead_DoesNotHideTheNewIncidentBehindIt()
    {
        // The scan reads unscanned incidents 200 at a time in the store's id order. It used to stop when a whole page
        // failed, so 200 unreadable incidents (projections damaged by hand, a plan file removed) silenced every alert of
        // every incident behind them, scan after scan. 201 incidents opened; the service restarted on the same store with
        // all but the last of them (in the store's order) damaged.
        var folder = Directory.CreateTempSubdirectory("emergencyplans-alert-pages-").FullName;
        try
        {
            using (var first = Host().With("EmergencyPlans:DataDirectory", folder))
            {
                for (var i = 0; i < 201; i++)
                {
                    await first.OpenAsync(Road("2026-03-01T09:59:00+08:00"));
                }
            }

            SqliteConnection.ClearAllPools();
            await using (var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "emergencyplans.db")};Pooling=False"))
            {
                await connection.OpenAsync();
                await using var damage = connection.CreateCommand();
                damage.CommandText = "UPDATE incidents SET projection = '[]' WHERE id <> (SELECT MAX(id) FROM incidents)";
                (await damage.ExecuteNonQueryAsync()).Should().Be(200);
            }

            using var host = Host().With("EmergencyPlans:DataDirectory", folder);
            var raised = await ScanAsync(host);
            var again = await ScanAsync(host);

            // Its first duty (the phone report, 5.1.1) is due at 10:29, outside the due-time query's 10 minutes: only the
            // pages of unscanned incidents can find it.
            raised.Should().ContainSingle("the one readable incident is behind 200 that fail")
                .Which.Alert.Kind.Should().Be(AlertKinds.NewIncident);
            again.Should().BeEmpty("the damaged incidents are retried each scan and still fail; the readable one was raised once");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Scan_RepeatedAndAfterTimePasses_RaisesNothingTwiceAndNeverChangesTheIncident()
    {
        using var host = Host();
        var incident = await host.OpenAsync(Road(Bodies.OccurredAt)); // 09:10: phone report overdue since 09:40

        var first = await ScanAsync(host);
        var second = await ScanAsync(host);
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        var third = await ScanAsync(host);

        first.Select(a => a.Alert.Kind).Should().Contain([AlertKinds.NewIncident, AlertKinds.DutyOverdue]);
        second.Should().BeEmpty();
        third.Should().BeEmpty();
        var all = await ListAsync(host, $"incident={incident.Id}");
        all.Select(a => a.Str("key")).Should().OnlyHaveUniqueItems().And.HaveCount(first.Count);
        (await host.GetAsync(incident.Id)).ETag.Should().Be(incident.ETag, "alerts never write to the incident (ADR 0006)");
    }

    // ---- (b) escalation ----

    [Fact]
    public async Task Escalation_ContinuationRaisesTheLevel_SaysTheCommanderMustDecide()
    {
        using var host = Host();
        var incident = await host.OpenAsync(Bodies.Incident(figures: ThreeDead));
        await host.ChangeAsync(incident, "/reports", Bodies.Continuation(new { deaths = 10 }, "又有7人死亡"), RoleCatalogue.DutyOfficer);

        await ScanAsync(host);

        var alert = Single(await ListAsync(host, "kind=escalation"), AlertKinds.Escalation);
        alert.Str("key").Should().EndWith(":I");
        var decidedBy = alert.GetProperty("details").GetProperty("decidedBy");
        decidedBy.GetProperty("roles").Strings().Should().Contain(RoleCatalogue.Commander, "road 2.x: Ⅰ级 is activated by the commander");
        decidedBy.GetProperty("roles").Strings().Should().NotContain(RoleCatalogue.DeputyCommander);
        alert.Str("text").Should().Contain("市指挥部指挥长").And.Contain("Ⅰ级");
        alert.Str("text").Should().NotContain("市安委会主任", "road 2.1: the commander is the vice-mayor in charge of road traffic safety, not the 市安委会主任");
        alert.Str("text").Should().NotContain("提出启动", "nobody proposed a level, so no proposal waits on the decider");
        alert.Str("text").Split("决定").Should().HaveCount(3, "who decides is said once, with the plan's clause (5.3.1: \"由市指挥部指挥长决定启动Ⅰ级响应\")");
        alert.GetProperty("details").Str("toLevel").Should().Be("I");
    }

    [Fact]
    public async Task Escalation_ASecondDecisionBelowThePlansLevel_IsAlertedAgain_EvenAfterTheFirstWasAcknowledged()
    {
        // N 5.2.1(2) → Ⅱ; the 市安委办主任 activates Ⅳ, the office acknowledges the alert; the response ends and he activates Ⅳ again.
        using var host = Host();
        var incident = await host.OpenAsync(Bodies.Incident("natural-disaster",
            new { deaths = 0, missing = 0, relocated = 150_000, collapsedRooms = 0, collapsedHouseholds = 0, droughtAidPeople = 0 }));
        var first = await host.ChangeAsync(incident, "/response", Bodies.Activate("IV"), RoleCatalogue.OfficeDirector);
        await ScanAsync(host);
        var alert = Single(await ListAsync(host, "kind=escalation"), AlertKinds.Escalation);
        using (var officer = host.As(RoleCatalogue.DutyOfficer))
        using (var ack = await officer.PostAsync($"{Alerts}/{alert.GetProperty("id").GetInt64()}/acknowledge", null))
        {
            await ack.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var ended = await host.ChangeAsync(first, "/response/termination", new { reason = "先行终止", conditionsConfirmed = true }, RoleCatalogue.OfficeDirector);
        await host.ChangeAsync(ended, "/response", Bodies.Activate("IV"), RoleCatalogue.OfficeDirector);
        await ScanAsync(host);

        (await ListAsync(host, "kind=escalation")).Select(a => a.Str("key")).Should().HaveCount(2).And.OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task Escalation_AGradeDeclaredLater_CitesTheDutiesItBrings_NotTheLevelsClauseAndDecider()
    {
        // N 5.2.1(1) "死亡和失踪20人以上" → Ⅱ; a 续报 declares 特别重大 (灾害等级 认定 by the competent department). The alert said
        // "须由市安委会主任决定（5.2.2…）。依据5.2.2：灾害等级升至特别重大…", the level's clause for a grade nobody in the city decides,
        // and its 依据 repeated its own sentence. What the declaration brings is 4.1.3 (重特大…第一时间报告) and 4.1.5 (24小时零报告).
        using var host = Host();
        var figures = new { deaths = 22, missing = 0, relocated = 0, collapsedRooms = 0, collapsedHouseholds = 0, droughtAidPeople = 0 };
        var incident = await host.OpenAsync(Bodies.Incident("natural-disaster", figures));
        await host.ChangeAsync(incident, "/reports", Bodies.Continuation(new { declaredGrade = "especially-serious" }, "灾害等级认定为特别重大"), RoleCatalogue.DutyOfficer);

        await ScanAsync(host);

        var alert = (await ListAsync(host, "kind=escalation")).Single(a => a.Str("key").EndsWith(":especially-serious:II", StringComparison.Ordinal));
        alert.Str("title").Should().StartWith("灾害等级上升：");
        alert.Str("text").Should().Contain("依据4.1.3：").And.NotContain("5.2.2").And.NotContain("须由");
        alert.GetProperty("because").Str("clause").Should().Be("4.1.3");
    }

    [Fact]
    public async Task NewIncident_APlaceThatBeginsWithItsCounty_NamesTheCountyOnce()
    {
        // A reporter (or a 122 record's road name) often writes the county into the place: the title said 高平市高平市G207某段.
        using var host = Host();
        var body = Bodies.Incident(figures: ThreeDead, county: "高平市");
        body["location"] = new { county = "高平市", place = "高平市G207某段" };
        await host.OpenAsync(body);

        await ScanAsync(host);

        var alert = Single(await ListAsync(host, "kind=new-incident"), AlertKinds.NewIncident);
        alert.Str("title").Should().Contain("高平市G207某段").And.NotContain("高平市高平市");
        alert.Str("text").Should().NotContain("高平市高平市");
    }

    [Fact]
    public async Task Escalation_ALevelActivatedBelowThePlans_IsAlertedToTheBodyThatHoldsThePlansLevel()
    {
        // N 5.2.1(2) "紧急转移安置和需紧急生活救助10万人以上20万人以下" → Ⅱ, decided by the 市安委会主任 (5.2.2); the 市安委办主任 activates
        // Ⅳ (5.4.2, his level). Nothing rose, so no rise was alerted; the office must still learn that the level is below the plan's.
        using var host = Host();
        var incident = await host.OpenAsync(Bodies.Incident("natural-disaster",
            new { deaths = 0, missing = 0, relocated = 150_000, collapsedRooms = 0, collapsedHouseholds = 0, droughtAidPeople = 0 }));
        await host.ChangeAsync(incident, "/response", Bodies.Activate("IV"), RoleCatalogue.OfficeDirector);

        await ScanAsync(host);

        var alert = Single(await ListAsync(host, "kind=escalation"), AlertKinds.Escalation);
        alert.Str("key").Should().MatchRegex(":II:below:IV:v[0-9]+$");
        alert.Str("title").Should().StartWith("响应级别低于预案规定：").And.EndWith("（已启动Ⅳ级响应，预案规定Ⅱ级）");
        alert.Str("text").Should().StartWith("已启动的Ⅳ级响应低于预案规定的Ⅱ级：建议将响应提升至Ⅱ级。").And.Contain("5.2.1(2)");
        alert.GetProperty("details").GetProperty("decidedBy").GetProperty("roles").Strings().Should().Equal(RoleCatalogue.Commander);
    }

    [Theory]
    // R 5.3.2: "由市指挥部指挥长或副指挥长决定启动Ⅱ级响应" — the proposal is for another level than the rise: its own decider is named.
    // The post as the road plan names it (5.3.3 "由市指挥部办公室主任启动Ⅲ级应急响应"), not the natural-disaster plan's 市安委办主任 beside it.
    // Said after who decides the rise, apart: two levels and two deciders in one sentence read as one decision.
    [InlineData("II", "须由市指挥部指挥长决定（5.3.1：由市指挥部指挥长决定启动Ⅰ级响应）。另：市指挥部办公室主任已于03-01 10:00提出的启动Ⅱ级响应建议（死亡3人，建议启动）低于现应启动的Ⅰ级，待市指挥部指挥长或副指挥长决定。")]
    // R 5.3.1: "由市指挥部指挥长决定启动Ⅰ级响应" — the proposal is for the level the rise recommends: the decider is said once.
    [InlineData("I", "市指挥部办公室主任已于03-01 10:00提出启动Ⅰ级响应建议（死亡3人，建议启动），尚待决定。须由市指挥部指挥长决定")]
    public async Task Escalation_WithTheOfficesProposalStanding_SaysTheProposalWaitsOnItsDecider(string proposedLevel, string said)
    {
        // R 5.3.1-5.3.2: 市指挥部办公室……提出启动……应急响应的建议，由……决定. The office proposes a level for 3 dead at 10:00; before anyone
        // decides, 7 more deaths reach Ⅰ (5.3.1(1)). The alert for the rise says the proposal still waits, and on whom.
        using var host = Host();
        var incident = await host.OpenAsync(Bodies.Incident(figures: ThreeDead));
        var proposed = await host.ChangeAsync(incident, "/response", new { level = proposedLevel, action = "propose", reason = "死亡3人，建议启动" }, RoleCatalogue.OfficeDirector);
        await host.ChangeAsync(proposed, "/reports", Bodies.Continuation(new { deaths = 10 }, "又有7人死亡"), RoleCatalogue.DutyOfficer);

        await ScanAsync(host);

        var alert = Single(await ListAsync(host, "kind=escalation"), AlertKinds.Escalation);
        alert.Str("text").Should().Contain(said);
        alert.Str("key").Should().EndWith(":I", "the alert is the rise's, as before");
        alert.GetProperty("details").Str("toLevel").Should().Be("I");
    }

    [Fact]
    public async Task Escalation_WithAHigherLevelProposedWhileTheIIIsInForce_SaysTheProposalWaits()
    {
        // R 5.3.1 "市指挥部办公室接到报告后,经分析研判,向市指挥部提出启动Ⅰ级应急响应的建议,由市指挥部指挥长决定启动Ⅰ级响应": the office proposes
        // Ⅰ while the deputy's Ⅱ is in force (since 2026-12-05); the alert for the rise says the proposal waits, as it does before any level.
        using var host = Host();
        var incident = await host.OpenAsync(Bodies.Incident(figures: ThreeDead));
        var active = await host.ChangeAsync(incident, "/response", Bodies.Activate("II"), RoleCatalogue.DeputyCommander);
        var proposed = await host.ChangeAsync(active, "/response", new { level = "I", action = "propose", reason = "伤员伤情加重" }, RoleCatalogue.OfficeDirector);
        proposed.Body.GetProperty("response").Str("proposedLevel").Should().Be("I");
        proposed.Body.GetProperty("response").Str("state").Should().Be("Active");
        await host.ChangeAsync(proposed, "/reports", Bodies.Continuation(new { deaths = 10 }, "又有7人死亡"), RoleCatalogue.DutyOfficer);

        await ScanAsync(host);

        Single(await ListAsync(host, "kind=escalation"), AlertKinds.Escalation).Str("text").Should().Contain("提出启动Ⅰ级响应建议（伤员伤情加重），尚待决定");
    }

    [Fact]
    public async Task Escalation_AfterTheProposalWasDeclined_SaysNothingOfIt()
    {
        // A declined proposal (R 5.3.2: the commander or a deputy decides) no longer waits on anyone.
        using var host = Host();
        var incident = await host.OpenAsync(Bodies.Incident(figures: ThreeDead));
        var proposed = await host.ChangeAsync(incident, "/response", new { level = "II", action = "propose", reason = "死亡3人，建议启动Ⅱ级响应" }, RoleCatalogue.OfficeDirector);
        var declined = await host.ChangeAsync(proposed, "/response", new { action = "decline", reason = "县级已处置，暂不启动" }, RoleCatalogue.Commander);
        await host.ChangeAsync(declined, "/reports", Bodies.Continuation(new { deaths = 10 }, "又有7人死亡"), RoleCatalogue.DutyOfficer);

        await ScanAsync(host);

        Single(await ListAsync(host, "kind=escalation"), AlertKinds.Escalation).Str("text").Should().NotContain("提出启动");
    }

    [Fact]
    public async Task Escalation_OnlyTheResponseLevelRose_TitleAndTextNameTheLevelAlone()
    {
        // R 5.3.2(1) "3人以上10人以下失联、死亡": 1 dead and 2 missing raise the response Ⅲ→Ⅱ, while the grade (1.5, deaths) stays 一般.
        // The title read "等级上升：…（事件等级一般→一般，响应Ⅲ级→Ⅱ级）".
        using var host = Host();
        var incident = await host.OpenAsync(Bodies.Incident(figures: new { deaths = 1 }));
        await host.ChangeAsync(incident, "/reports", Bodies.Continuation(new { deaths = 1, missing = 2 }, "另有2人失联"), RoleCatalogue.DutyOfficer);

        await ScanAsync(host);

        var alert = Single(await ListAsync(host, "kind=escalation"), AlertKinds.Escalation);
        // Nobody started the Ⅲ (R 5.3.3 "由市指挥部办公室主任启动Ⅲ级应急响应"): it is the level the figures called for (review s61 ND-07).
        alert.Str("title").Should().StartWith("响应级别上升：").And.EndWith("（应启动级别Ⅲ级→Ⅱ级，尚未启动响应）").And.NotContain("等级上升").And.NotContain("突发事件等级");
        alert.Str("text").Should().StartWith("应启动级别Ⅲ级→Ⅱ级，尚未启动响应。").And.NotContain("一般→一般");
        alert.Str("key").Should().Be($"{incident.Id}:escalation:ordinary:II", "the key is unchanged: it names the grade and level reached");
        alert.GetProperty("details").Str("fromGrade").Should().Be("ordinary");
        alert.GetProperty("details").Str("toGrade").Should().Be("ordinary");
    }

    [Fact]
    public async Task Escalation_GradeAndLevelRose_TitleNamesBoth()
    {
        using var host = Host();
        var incident = await host.OpenAsync(Bodies.Incident(figures: ThreeDead));
        await host.ChangeAsync(incident, "/reports", Bodies.Continuation(new { deaths = 10 }, "又有7人死亡"), RoleCatalogue.DutyOfficer);

        await ScanAsync(host);

        Single(await ListAsync(host, "kind=escalation"), AlertKinds.Escalation).Str("title")
            // R 5.1.1 "初步判定突发事件等级": the road plan's word for the grade.
            // No level was started: the Ⅱ is the one the figures called for (review s61 ND-07).
            .Should().StartWith("突发事件等级、响应级别上升：").And.EndWith("（突发事件等级较大→重大，应启动级别Ⅱ级→Ⅰ级，尚未启动响应）");
    }

    [Fact]
    public async Task Escalation_MissingPeopleMakeASettledOrdinaryGradeUndetermined_SaysItAndThatItIsReportedAsRelativelySerious()
    {
        // 1 dead, none missing, every figure known: a settled 一般 (5.1.1: the 1-hour report). Then 2 people missing, who may be dead:
        // 3 deaths would be 较大 (1.5(3)), so the grade cannot be judged (DOMAIN R3) and "较大以上或暂时无法判明等级的……30分钟内……电话
        // 报告" applies. The office heard of it only from the phone report's due-soon or overdue alert; an escalation says it at once.
        using var host = Host();
        var incident = await host.OpenAsync(Road("2026-03-01T09:50:00+08:00", new { deaths = 1, missing = 0, seriousInjuries = 0, directLossWan = 10m }));
        await ScanAsync(host);

        var changed = await host.ChangeAsync(incident, "/reports", Bodies.Continuation(new { missing = 2 }, "另有2人失联"), RoleCatalogue.DutyOfficer);
        await ScanAsync(host);

        // 1 + 2 = 3 also reaches 5.3.2(1) "3人以上10人以下失联、死亡": the response rises to Ⅱ in the same report.
        changed.Body.GetProperty("escalation").GetProperty("because").EnumerateArray().Select(b => b.Str("clause")).Should().Equal("5.3.2(1)", "5.1.1");
        changed.Body.Obligation("phone-report-to-city").Str("dueAt").Should().Be("2026-03-01T10:20:00+08:00");
        var alert = Single(await ListAsync(host, "kind=escalation"), AlertKinds.Escalation);
        alert.Str("key").Should().Be($"{incident.Id}:escalation:ordinary:II:undetermined");
        alert.Str("title").Should().StartWith("响应级别上升、突发事件等级暂时无法判明：").And.Contain("（应启动级别Ⅲ级→Ⅱ级，尚未启动响应，突发事件等级由一般变为暂时无法判明，按较大以上报告）")
            .And.NotContain("一般暂时无法判明", "it read as 'the grade generally cannot be determined'");
        alert.Str("text").Should().Contain("失联人员生死未明");
    }

    [Fact]
    public async Task Escalation_ContinuationWithoutRise_RaisesNoEscalation()
    {
        using var host = Host();
        var incident = await host.OpenAsync(Bodies.Incident(figures: ThreeDead));
        await host.ChangeAsync(incident, "/reports", Bodies.Continuation(new { deaths = 3 }, "无变化"), RoleCatalogue.DutyOfficer);

        await ScanAsync(host);

        (await ListAsync(host, "kind=escalation")).Should().BeEmpty();
    }

    // ---- (e) road warning ----

    [Fact]
    public async Task RoadWarning_FogAtFifteenMetres_RaisesAnOrangeWarningAlert()
    {
        using var host = Host();
        var incident = await host.OpenAsync(Road("2026-03-01T09:40:00+08:00", conditions: new { visibilityMetres = 15, visibilityCause = "fog" }));

        await ScanAsync(host);

        var alert = Single(await ListAsync(host, "kind=road-warning"), AlertKinds.RoadWarning);
        alert.Str("key").Should().Be($"{incident.Id}:road-warning:orange");
        alert.GetProperty("because").Str("clause").Should().Be("4.3.2(1)", "能见度 ≤ 20 米的浓雾");
        alert.Str("text").Should().Contain("橙色").And.Contain("市指挥部指挥长", "4.4.1: 二级(橙色)预警…经市指挥部指挥长批准");
    }

    [Fact]
    public async Task RoadWarning_FogAtTwentyFiveMetresInNoTownship_RaisesNoWarningAlert()
    {
        using var host = Host();
        await host.OpenAsync(Road("2026-03-01T09:40:00+08:00", conditions: new { visibilityMetres = 25 }));

        await ScanAsync(host);

        (await ListAsync(host, "kind=road-warning")).Should().BeEmpty("4.3.3(1) needs four townships above 20 metres");
    }

    // ---- acknowledging an incident's alerts at once ----

    [Fact]
    public async Task AcknowledgingAnIncidentsAlerts_UpToTheNewestSeen_LeavesTheOnesRaisedSinceAndOtherIncidentsAlone()
    {
        // An incident dealt with left its done alerts unacknowledged one by one, and the live ones were lost among them (a duty officer's review,
        // session 54). R 5.1.1 "事发后30分钟内…电话报告": the hour that passes after the officer looked makes duties overdue, alerts the officer
        // has not seen.
        using var host = Host();
        var incident = await host.OpenAsync(Road("2026-03-01T09:40:00+08:00"));
        var other = await host.OpenAsync(Road("2026-03-01T09:45:00+08:00"));
        await ScanAsync(host);
        var seen = (await ListAsync(host, $"incident={incident.Id}&unacknowledged=true")).Select(a => a.GetProperty("id").GetInt64()).Order().ToArray();
        seen.Should().NotBeEmpty();
        host.Clock.Advance(TimeSpan.FromHours(1));
        await ScanAsync(host);
        var since = (await ListAsync(host, $"incident={incident.Id}&unacknowledged=true")).Select(a => a.GetProperty("id").GetInt64()).Where(id => id > seen[^1]).ToArray();
        since.Should().NotBeEmpty("the hour made duties overdue");

        using var client = host.As(RoleCatalogue.DutyOfficer);
        using var response = await client.PostJsonAsync($"{Alerts}/acknowledge", new { incidentId = incident.Id, through = seen[^1] });

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var answer = await response.JsonAsync();
        answer.GetProperty("acknowledged").EnumerateArray().Select(e => e.GetInt64()).Should().Equal(seen);
        answer.Str("acknowledgedByName").Should().EndWith("（值班员）");
        (await ListAsync(host, $"incident={incident.Id}&unacknowledged=true")).Select(a => a.GetProperty("id").GetInt64()).Should().BeEquivalentTo(since);
        (await ListAsync(host, $"incident={other.Id}&unacknowledged=true")).Should().NotBeEmpty("another incident's alerts are not touched");

        // Again: nothing more is acknowledged, and the first acknowledgement of each is kept.
        using var again = await client.PostJsonAsync($"{Alerts}/acknowledge", new { incidentId = incident.Id, through = seen[^1] });
        (await again.JsonAsync()).GetProperty("acknowledged").GetArrayLength().Should().Be(0);
    }

    [Theory]
    [InlineData("""{"through":5}""", "incidentId")]
    [InlineData("""{"incidentId":"4b5c8a8e-2a43-4a0b-9a53-8f1e0c3d2b11","dispatchId":"D-1","through":5}""", "incidentId")]
    [InlineData("""{"incidentId":"4b5c8a8e-2a43-4a0b-9a53-8f1e0c3d2b11"}""", "through")]
    [InlineData("""{"dispatchId":" ","through":5}""", "dispatchId")]
    public async Task AcknowledgingAlertsAtOnce_WithoutOneSubjectOrTheNewestSeen_IsRefusedNamingTheField(string json, string field)
    {
        using var host = Host();
        using var client = host.As(RoleCatalogue.DutyOfficer);

        using var response = await client.PostAsync($"{Alerts}/acknowledge", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.JsonAsync()).ErrorFields().Should().Contain(field);
    }

    [Fact]
    public async Task AcknowledgingAlertsAtOnce_IsTheDutyOfficesNotAnObservers()
    {
        using var host = Host();
        using var client = host.As(RoleCatalogue.Observer);

        using var response = await client.PostJsonAsync($"{Alerts}/acknowledge", new { incidentId = Guid.NewGuid(), through = 1 });

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    // ---- (h) a road warning in force below the colour the report calls for ----

    /// <summary>Proposes <paramref name="colour"/> (the office) and issues it (its approver, R 4.4.1); the incident after the issue.</summary>
    private static async Task<Opened> IssueAsync(ApiFactory host, Opened incident, string colour)
    {
        var proposed = await host.ChangeAsync(incident, "/warnings", new { action = "propose", colour, reason = "团雾，能见度15米" }, RoleCatalogue.OfficeDirector);
        var warningId = proposed.Body.GetProperty("warnings").EnumerateArray().Last().Str("id");
        return await host.ChangeAsync(proposed, "/warnings", new { action = "issue", warningId, reason = "同意发布" },
            colour == "orange" ? RoleCatalogue.Commander : RoleCatalogue.DeputyCommander);
    }

    [Fact]
    public async Task WarningBelowThePlan_YellowIssuedForFogOf15Metres_RaisesOneAlert_NamingTheCommanderWhoApprovesOrange()
    {
        // R 4.3.2(1) "能见度 ≤ 20 米的浓雾" → 二级(橙色); 4.4.1 "二级(橙色)预警……经市指挥部指挥长批准后,由市指挥部办公室发布". The office issues yellow.
        using var host = Host();
        var incident = await host.OpenAsync(Road("2026-03-01T09:40:00+08:00", conditions: new { visibilityMetres = 15, visibilityCause = "fog" }));
        var issued = await IssueAsync(host, incident, "yellow");

        await ScanAsync(host);

        var alert = Single(await ListAsync(host, $"kind={AlertKinds.WarningBelowThePlan}"), AlertKinds.WarningBelowThePlan);
        alert.Str("key").Should().Be($"{incident.Id}:warning-below-the-plan:orange");
        alert.Str("incidentId").Should().Be(incident.Id);
        alert.Str("title").Should().StartWith("预警级别低于预案规定：").And.EndWith("（已发布黄色预警，预案规定橙色）");
        alert.Str("text").Should().StartWith("已发布的黄色预警低于预案规定的橙色（4.3.2(1)）：建议将预警调整为橙色，经市指挥部指挥长批准后由市指挥部办公室发布（4.4.1）。")
            .And.Contain("依据4.3.2(1)：");
        alert.GetProperty("because").Str("clause").Should().Be("4.3.2(1)");
        alert.GetProperty("because").Str("rule").Should().Be("warning-4.3.2(1)-fog");
        var details = alert.GetProperty("details");
        (details.Str("colour"), details.Str("colourInForce")).Should().Be(("orange", "yellow"));
        details.GetProperty("decidedBy").GetProperty("roles").Strings().Should().Equal(RoleCatalogue.Commander);
        // One alert for the one colour: road-warning's orange would say 应发布橙色预警 with nothing of the yellow in force (session 54).
        (await ListAsync(host, "kind=road-warning")).Should().BeEmpty();

        // A later report that calls for orange again (12 米) raises nothing new: once per colour required.
        await host.ChangeAsync(issued, "/reports", new { kind = "continuation", summary = "能见度12米", conditions = new { visibilityMetres = 12, visibilityCause = "fog" } }, RoleCatalogue.DutyOfficer);
        await ScanAsync(host);
        (await ListAsync(host, $"kind={AlertKinds.WarningBelowThePlan}")).Should().ContainSingle();
        var view = await host.GetAsync(incident.Id);
        view.Body.GetProperty("timeline").EnumerateArray().Where(t => t.Str("type") == "warning-below-the-plan").Should().ContainSingle()
            .Which.Str("summary").Should().StartWith("已发布的黄色预警低于预案规定的橙色（4.3.2(1)）");
    }

    [Fact]
    public async Task AReportRaisingTheColourAboveTheWarningInForce_RaisesOneAlert_TheOneNamingTheColourInForceAndItsApprover()
    {
        // Orange issued for 15 米 (4.3.2(1)); a 续报 of 8 米 calls for red (4.3.1(1) "能见度 ≤ 10 米的浓雾", approved by 省人民政府…, 4.4.1). Before
        // (a duty officer's review, session 54) it raised warning-below-the-plan and road-warning for the same red, the second silent on the
        // orange in force and with no approver in its details.
        using var host = Host();
        var incident = await host.OpenAsync(Road("2026-03-01T09:40:00+08:00", conditions: new { visibilityMetres = 15, visibilityCause = "fog" }));
        await ScanAsync(host);
        (await ListAsync(host, "kind=road-warning")).Select(a => a.Str("key")).Should().Equal($"{incident.Id}:road-warning:orange");
        var issued = await IssueAsync(host, incident, "orange");

        await host.ChangeAsync(issued, "/reports", new { kind = "continuation", summary = "能见度8米", conditions = new { visibilityMetres = 8, visibilityCause = "fog" } }, RoleCatalogue.DutyOfficer);
        await ScanAsync(host);

        var below = Single(await ListAsync(host, $"kind={AlertKinds.WarningBelowThePlan}"), AlertKinds.WarningBelowThePlan);
        (below.GetProperty("details").Str("colour"), below.GetProperty("details").Str("colourInForce")).Should().Be(("red", "orange"));
        (await ListAsync(host, "kind=road-warning")).Select(a => a.Str("key")).Should().Equal($"{incident.Id}:road-warning:orange");
    }

    [Fact]
    public async Task WarningBelowThePlan_OrangeIssuedForFogOf15Metres_RaisesNone()
    {
        using var host = Host();
        var incident = await host.OpenAsync(Road("2026-03-01T09:40:00+08:00", conditions: new { visibilityMetres = 15, visibilityCause = "fog" }));
        await IssueAsync(host, incident, "orange");

        await ScanAsync(host);

        (await ListAsync(host, $"kind={AlertKinds.WarningBelowThePlan}")).Should().BeEmpty();
    }

    [Fact]
    public async Task WarningBelowThePlan_AReportRaisingTheColourOverTheYellowInForce_RaisesIt_AtTheScanAfterTheReport()
    {
        // 4.3.3(1) "能见度 ≤ 50 米……且涉及四个以上乡(镇)的" → yellow, issued; then a 续报: 15 米 (4.3.2(1) → orange).
        using var host = Host();
        var incident = await host.OpenAsync(Road("2026-03-01T09:40:00+08:00", conditions: new { visibilityMetres = 40, visibilityCause = "fog", townshipsAffected = 4 }));
        var issued = await IssueAsync(host, incident, "yellow");
        await ScanAsync(host);
        (await ListAsync(host, $"kind={AlertKinds.WarningBelowThePlan}")).Should().BeEmpty("yellow is what 40 米 over 4 乡(镇) calls for");

        await host.ChangeAsync(issued, "/reports", new { kind = "continuation", summary = "团雾加重", conditions = new { visibilityMetres = 15, visibilityCause = "fog", townshipsAffected = 4 } }, RoleCatalogue.DutyOfficer);
        await ScanAsync(host);

        Single(await ListAsync(host, $"kind={AlertKinds.WarningBelowThePlan}"), AlertKinds.WarningBelowThePlan)
            .Str("text").Should().StartWith("已发布的黄色预警低于预案规定的橙色（4.3.2(1)）");
    }

    [Fact]
    public async Task WarningBelowThePlan_NoWarningInForce_OnlyTheRoadWarningAlertSaysTheColour()
    {
        using var host = Host();
        await host.OpenAsync(Road("2026-03-01T09:40:00+08:00", conditions: new { visibilityMetres = 15, visibilityCause = "fog" }));

        await ScanAsync(host);

        (await ListAsync(host, $"kind={AlertKinds.WarningBelowThePlan}")).Should().BeEmpty();
        (await ListAsync(host, "kind=road-warning")).Should().ContainSingle();
    }

    // ---- acknowledgement ----

    [Fact]
    public async Task Acknowledge_ByADutyOfficerTwice_RecordsTheFirstOnly()
    {
        using var host = Host();
        await host.OpenAsync(Road("2026-03-01T09:40:00+08:00"));
        await ScanAsync(host);
        var id = Single(await ListAsync(host), AlertKinds.NewIncident).GetProperty("id").GetInt64();

        using (var officer = host.As(RoleCatalogue.DutyOfficer))
        using (var response = await officer.PostAsync($"{Alerts}/{id}/acknowledge", null))
        {
            await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
            var body = await response.JsonAsync();
            body.GetProperty("acknowledged").GetBoolean().Should().BeTrue();
            body.Str("acknowledgedAt").Should().Be("2026-03-01T10:00:00+08:00");
            body.Str("acknowledgedBy").Should().Be("test duty-officer (duty-officer)");
            // For people, the post in Chinese (a feed integrator's review, session 52); acknowledgedBy keeps its form.
            body.Str("acknowledgedByName").Should().Be("test duty-officer（值班员）");
        }

        host.Clock.Advance(TimeSpan.FromMinutes(5));
        using (var second = host.As(Keys.SecondDutyOfficer))
        using (var response = await second.PostAsync($"{Alerts}/{id}/acknowledge", null))
        {
            await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
            var body = await response.JsonAsync();
            body.Str("acknowledgedAt").Should().Be("2026-03-01T10:00:00+08:00", "acknowledging twice is harmless: the first is kept");
            body.Str("acknowledgedBy").Should().Be("test duty-officer (duty-officer)");
        }

        (await ListAsync(host, "unacknowledged=true")).Select(a => a.GetProperty("id").GetInt64()).Should().NotContain(id);
        (await ListAsync(host, "unacknowledged=false")).Select(a => a.GetProperty("id").GetInt64()).Should().Contain(id);
    }

    [Fact]
    public async Task Acknowledge_SameIdempotencyKeyForAnotherAlert_Is422()
    {
        using var host = Host();
        await host.OpenAsync(Road(Bodies.OccurredAt));
        await ScanAsync(host);
        var ids = (await ListAsync(host)).Select(a => a.GetProperty("id").GetInt64()).ToArray();
        ids.Should().HaveCountGreaterThan(1);
        using var officer = host.As(RoleCatalogue.DutyOfficer);

        async Task<HttpResponseMessage> AcknowledgeAsync(long id)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{Alerts}/{id}/acknowledge");
            request.Headers.Add("Idempotency-Key", "ack-key-0001");
            return await officer.SendAsync(request);
        }

        using (var first = await AcknowledgeAsync(ids[0]))
        {
            await first.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using (var retry = await AcknowledgeAsync(ids[0]))
        {
            await retry.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using var reused = await AcknowledgeAsync(ids[1]);
        await reused.ShouldHaveStatusAsync(HttpStatusCode.UnprocessableEntity);
        (await ListAsync(host, "unacknowledged=false")).Select(a => a.GetProperty("id").GetInt64()).Should().Equal(ids[0]);
    }

    [Fact]
    public async Task Acknowledge_UnknownId_Is404ProblemDocument()
    {
        using var host = Host();
        using var officer = host.As(RoleCatalogue.DutyOfficer);
        using var response = await officer.PostAsync($"{Alerts}/987654/acknowledge", null);

        await response.ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Theory]
    [InlineData(RoleCatalogue.Feed, HttpStatusCode.Forbidden)]
    [InlineData(RoleCatalogue.Observer, HttpStatusCode.Forbidden)]
    [InlineData(RoleCatalogue.Drill, HttpStatusCode.Forbidden)]
    [InlineData(RoleCatalogue.PartyCommitteeGovernment, HttpStatusCode.Forbidden)]
    [InlineData(RoleCatalogue.OfficeDirector, HttpStatusCode.OK)]
    [InlineData(RoleCatalogue.DeputyCommander, HttpStatusCode.OK)]
    [InlineData(RoleCatalogue.Commander, HttpStatusCode.OK)]
    [InlineData(RoleCatalogue.DutyOfficer, HttpStatusCode.OK)]
    public async Task Acknowledge_ByRole_IsAllowedOnlyToTheDutyOffice(string role, HttpStatusCode expected)
    {
        using var host = Host();
        await host.OpenAsync(Road("2026-03-01T09:40:00+08:00"));
        await ScanAsync(host);
        var id = Single(await ListAsync(host), AlertKinds.NewIncident).GetProperty("id").GetInt64();

        using var client = host.As(role);
        using var response = await client.PostAsync($"{Alerts}/{id}/acknowledge", null);

        await response.ShouldHaveStatusAsync(expected);
        Single(await ListAsync(host), AlertKinds.NewIncident).GetProperty("acknowledged").GetBoolean().Should().Be(expected == HttpStatusCode.OK);
    }

    [Fact]
    public async Task List_UnknownKind_Is400NamingKind()
    {
        using var host = Host();
        using var client = host.As(RoleCatalogue.Observer);
        using var response = await client.GetAsync($"{Alerts}?kind=fire");

        await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        (await response.JsonAsync()).ErrorFields().Should().Contain("kind");
    }

    [Fact]
    public async Task List_WithoutKey_Is401()
    {
        using var host = Host();
        using var client = host.Anonymous();
        using var response = await client.GetAsync(Alerts);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    // ---- the live stream ----

    [Fact]
    public async Task Stream_AlertRaisedAfterConnecting_IsDeliveredAsAnEventWithItsId()
    {
        using var host = Host();
        using var safety = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var stream = await OpenStreamAsync(host, null, safety.Token);
        stream.Response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        var reader = stream.Reader;

        var incident = await host.OpenAsync(Road("2026-03-01T09:40:00+08:00"));
        await ScanAsync(host);

        var (id, data) = await NextEventAsync(reader, safety.Token);
        data.Str("incidentId").Should().Be(incident.Id);
        id.Should().Be(data.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Stream_WithLastEventId_ResumesAfterThatAlert()
    {
        using var host = Host();
        await host.OpenAsync(Road(Bodies.OccurredAt));
        await ScanAsync(host);
        var ids = (await ListAsync(host)).Select(a => a.GetProperty("id").GetInt64()).Order().ToArray();
        ids.Should().HaveCountGreaterThan(1);

        using var safety = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var stream = await OpenStreamAsync(host, ids[0].ToString(System.Globalization.CultureInfo.InvariantCulture), safety.Token);
        var reader = stream.Reader;

        var (id, _) = await NextEventAsync(reader, safety.Token);
        id.Should().Be(ids[1].ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Stream_WithALastEventIdAboveEveryStoredOne_DeliversTheNextAlertRaised()
    {
        // After store restore the ids start again below what a duty office screen last saw (19 seen, 11 in the backup): reconnecting
        // with Last-Event-ID 19, it got no alert at all, the overdue ones included, until new ids passed 19.
        using var host = Host();
        using var safety = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var stream = await OpenStreamAsync(host, "19", safety.Token);

        var incident = await host.OpenAsync(Road("2026-03-01T09:40:00+08:00"));
        await ScanAsync(host);

        var (id, data) = await NextEventAsync(stream.Reader, safety.Token);
        data.Str("incidentId").Should().Be(incident.Id);
        long.Parse(id, System.Globalization.CultureInfo.InvariantCulture).Should().BeLessThan(19);
    }

    [Fact]
    public async Task Stream_SilentForTheKeepAliveInterval_SendsAKeepAliveEventAndStillDeliversTheNextAlert()
    {
        // A proxy closes a connection idle for about a minute; a silent stream says it is alive every 15 s (the default).
        using var host = Host();
        using var safety = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var stream = await OpenStreamAsync(host, null, safety.Token);
        var reader = stream.Reader;

        var keepAlive = ReadUntilAsync(reader, "event: keep-alive", safety.Token);
        while (!keepAlive.IsCompleted)
        {
            // The stream's timer runs on the service clock: move it until the stream has started waiting and the wait has passed.
            host.Clock.Advance(TimeSpan.FromSeconds(5));
            await Task.WhenAny(keepAlive, Task.Delay(50, safety.Token));
        }

        (await keepAlive).Should().BeTrue("a silent stream sends a keep-alive event");

        var incident = await host.OpenAsync(Road("2026-03-01T09:40:00+08:00"));
        await ScanAsync(host);
        var (_, data) = await NextEventAsync(reader, safety.Token);
        data.Str("incidentId").Should().Be(incident.Id);
    }

    /// <summary>The live stream as an observer opens it (resuming after <paramref name="lastEventId"/> when given), answered 200.</summary>
    private static async Task<LiveStream> OpenStreamAsync(ApiFactory host, string? lastEventId, CancellationToken ct)
    {
        var client = host.As(RoleCatalogue.Observer);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Alerts}/stream");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        try
        {
            await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
            return new LiveStream(client, response, new StreamReader(await response.Content.ReadAsStreamAsync(ct)));
        }
        catch
        {
            response.Dispose();
            client.Dispose();
            throw;
        }
    }

    private sealed record LiveStream(HttpClient Client, HttpResponseMessage Response, StreamReader Reader) : IDisposable
    {
        public void Dispose()
        {
            Reader.Dispose();
            Response.Dispose();
            Client.Dispose();
        }
    }

    private static async Task<bool> ReadUntilAsync(StreamReader reader, string wanted, CancellationToken ct)
    {
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line == wanted)
            {
                return true;
            }
        }

        return false;
    }

    [Fact]
    public async Task Stream_LastEventIdNotANumber_Is400()
    {
        using var host = Host();
        using var client = host.As(RoleCatalogue.Observer);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Alerts}/stream");
        request.Headers.Add("Last-Event-ID", "abc");
        using var response = await client.SendAsync(request);

        await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        (await response.JsonAsync()).ErrorFields().Should().Contain("Last-Event-ID");
    }

    // ---- the worker ----

    [Fact]
    public async Task Worker_ClockPassesADueTime_RaisesTheOverdueAlertWithoutARequest()
    {
        using var host = Host(worker: true).With("Alerts:ScanInterval", "00:01:00");
        await host.OpenAsync(Road("2026-03-01T09:45:00+08:00")); // phone report due 10:15

        host.Clock.Advance(TimeSpan.FromMinutes(16));

        // The worker's timer fires on the fake clock; its scan runs on a thread of its own.
        using var safety = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        JsonElement[] overdue;
        do
        {
            await Task.Delay(50, safety.Token);
            overdue = await ListAsync(host, "kind=duty-overdue");
        }
        while (overdue.Length == 0);

        overdue.Should().ContainSingle().Which.Str("dutyKey").Should().Be("phone-report-to-city");
    }

    private static async Task<(string Id, JsonElement Data)> NextEventAsync(StreamReader reader, CancellationToken ct)
    {
        string? id = null, kind = null;
        var data = new System.Text.StringBuilder();
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                if (kind == "alert" && data.Length > 0)
                {
                    using var document = JsonDocument.Parse(data.ToString());
                    return (id!, document.RootElement.Clone());
                }

                (id, kind) = (null, null);
                data.Clear();
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                kind = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Append(line[6..]);
            }
        }

        throw new InvalidOperationException("the stream ended before an alert event");
    }
}
