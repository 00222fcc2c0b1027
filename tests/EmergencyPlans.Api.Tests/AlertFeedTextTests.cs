using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using EmergencyPlans.Api.Tests.Support;
using static EmergencyPlans.Api.Tests.Support.AlertHttp;
using EmergencyPlans.Application.Alerts;
using EmergencyPlans.Core.Domain;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// What the duty office reads in the alerts of an incident the 122 feed opened, through POST /api/v1/feeds/122 and the alert API on the
/// real host (SQLite, a fake clock at 2026-03-01 10:00 UTC+8, the background scan off so each scan is the test's own). Each test is a
/// reviewer's finding: a title that kept the first report's casualty words, an escalation that gave no figures, a new-incident text
/// whose occurrence and deadlines disagreed, a brought-forward alert that listed 279 daily periods, and a sender's sequence number
/// read as a count of updates.
/// </summary>
public sealed class AlertFeedTextTests
{
    private static ApiFactory Host() => new ApiFactory().With("Alerts:Enabled", "false");

    /// <summary>A 122 record of dispatch <paramref name="dispatchId"/> on G55 in 泽州县, a collision.</summary>
    private static string Record(string dispatchId, long sequence, string updatedAt, object figures, string? text = null, string callAt = "2026-03-01T09:30:00+08:00",
        string? occurredAt = null, string status = "open")
    {
        var record = new JsonObject
        {
            ["eventId"] = $"{dispatchId}-{sequence}",
            ["dispatchId"] = dispatchId,
            ["sequence"] = sequence,
            ["updatedAt"] = updatedAt,
            ["callAt"] = callAt,
            ["occurredAt"] = occurredAt,
            ["county"] = "泽州县",
            ["road"] = new JsonObject { ["code"] = "G55", ["km"] = 900, ["name"] = "二广高速" },
            ["nature"] = "collision",
            ["figures"] = JsonSerializer.SerializeToNode(figures),
            ["text"] = text,
            ["status"] = status,
        };
        return record.ToJsonString();
    }

    private static async Task PostAsync(ApiFactory host, params string[] lines)
    {
        var (results, _) = await host.PostFeedAsync(lines);
        results.Select(r => r.Str("status")).Should().OnlyContain(s => s == "accepted", string.Join("\n", results.Select(r => r.ToString())));
    }

    [Fact]
    public async Task Escalation_FromLater122Messages_TitleDropsTheFirstMessagesCasualtyWordsAndTheTextGivesTheFiguresThatRaisedIt()
    {
        // The record opened with "一人死亡" (1 dead), then 3, then 12. The incident's nature keeps the first message's dispatcher text
        // (docs/feed-122.md), and every title carried its first 40 characters: the escalation to 重大/Ⅰ级 read "…碰撞（122接警单ESC-D）：一人死亡
        // （突发事件等级较大→重大，响应Ⅱ级→Ⅰ级）", and its text never said that 12 were dead.
        using var host = Host();
        await PostAsync(host, Record("ESC-D", 1, "2026-03-01T09:35:00+08:00", new { deaths = 1 }, "一人死亡"));
        await PostAsync(host, Record("ESC-D", 2, "2026-03-01T09:40:00+08:00", new { deaths = 3 }, "三人死亡"));
        await PostAsync(host, Record("ESC-D", 3, "2026-03-01T09:45:00+08:00", new { deaths = 12 }));

        await ScanAsync(host);

        var alerts = await ListAsync(host);
        alerts.Select(a => a.Str("title")).Should().NotContain(t => t.Contains("一人死亡") || t.Contains("三人死亡"),
            "a title names the incident, not what its first message said of the casualties");
        var toI = alerts.Should().ContainSingle(a => a.Str("kind") == AlertKinds.Escalation && a.GetProperty("details").Str("toLevel") == "I").Which;
        // No level was started (R 5.3.2 "…由市指挥部指挥长或副指挥长决定启动Ⅱ级响应"): the Ⅱ is the level the figures called for (review s61 ND-07).
        toI.Str("title").Should().Be("突发事件等级、响应级别上升：泽州县G55 K900 二广高速碰撞（122接警单ESC-D）（突发事件等级较大→重大，应启动级别Ⅱ级→Ⅰ级，尚未启动响应）");
        toI.Str("text").Should().StartWith("突发事件等级较大→重大，应启动级别Ⅱ级→Ⅰ级，尚未启动响应。据122接警单ESC-D（序号3）：死亡12人。");
        var toII = alerts.Should().ContainSingle(a => a.Str("kind") == AlertKinds.Escalation && a.GetProperty("details").Str("toLevel") == "II").Which;
        toII.Str("text").Should().Contain("据122接警单ESC-D（序号2）：死亡3人。").And.NotContain("死亡12人", "each escalation gives the figures of the report that raised it");
        // The text of the new incident still carries the whole nature, the dispatcher's words included.
        alerts.Should().ContainSingle(a => a.Str("kind") == AlertKinds.NewIncident).Which.Str("text").Should().Contain("（122接警单ESC-D）：一人死亡");
    }

    [Fact]
    public async Task NewIncidents_FromTwoRecordsWithLongNatures_TitlesKeepEachRecordsNumberWhole()
    {
        // Two tankers leaking on one road: the nature with its flag (危险化学品泄漏，涉及危险货物运输车辆) ran past 40 characters, the title was cut
        // inside the record's number (…（122接警单JC122-20260301…) and the two alerts read the same in the list.
        using var host = Host();
        foreach (var dispatch in new[] { "JC122-20260301-0031", "JC122-20260301-0032" })
        {
            var line = System.Text.Json.Nodes.JsonNode.Parse(Record(dispatch, 1, "2026-03-01T09:35:00+08:00", new { deaths = 1 }))!;
            line["nature"] = "hazmat-leak";
            line["flags"] = new JsonObject { ["hazmatVehicle"] = true };
            await PostAsync(host, line.ToJsonString());
        }

        await ScanAsync(host);

        var titles = (await ListAsync(host)).Where(a => a.Str("kind") == AlertKinds.NewIncident).Select(a => a.Str("title")).ToArray();
        titles.Should().HaveCount(2).And.OnlyHaveUniqueItems();
        titles.Should().ContainSingle(t => t.EndsWith("（122接警单JC122-20260301-0031）", StringComparison.Ordinal));
        titles.Should().ContainSingle(t => t.EndsWith("（122接警单JC122-20260301-0032）", StringComparison.Ordinal));
        titles.Should().OnlyContain(t => t.Contains('…', StringComparison.Ordinal), "the words before the number are what is cut");
    }

    [Fact]
    public async Task Escalation_OverRest_TheTextGivesTheFiguresOfTheContinuationThatRaisedIt()
    {
        using var host = Host();
        var incident = await host.OpenAsync(Bodies.Incident(figures: new { deaths = 3, missing = 0, seriousInjuries = 0, directLossWan = 10m }));
        await host.ChangeAsync(incident, "/reports", Bodies.Continuation(new { deaths = 10 }, "又有7人死亡"), RoleCatalogue.DutyOfficer);

        await ScanAsync(host);

        var alert = (await ListAsync(host, "kind=escalation")).Should().ContainSingle().Which;
        // R 5.3.1(1) "10人以上失联、死亡" reads deaths and missing; 1.5(2) deaths.
        alert.Str("text").Should().StartWith("突发事件等级较大→重大，应启动级别Ⅱ级→Ⅰ级，尚未启动响应。现报死亡10人，失联0人。");
    }

    [Fact]
    public async Task NewIncident_OccurrenceLearnedInTheSameBatch_TheTextGivesTheOccurrenceAndTheDeadlinesNowInForce()
    {
        // Sequence 0 opened the incident with the call's time (06:03) standing for the occurrence; sequence 1 said it happened at 05:48.
        // The text read "05:48泽州县发生碰撞……电话报告……截止03-01 06:33": 05:48 with the deadline counted from 06:03.
        using var host = Host();
        await PostAsync(host,
            Record("NI-T", 0, "2026-03-01T06:05:00+08:00", new { deaths = 3 }, callAt: "2026-03-01T06:03:00+08:00"),
            Record("NI-T", 1, "2026-03-01T06:20:00+08:00", new { deaths = 3 }, callAt: "2026-03-01T06:03:00+08:00", occurredAt: "2026-03-01T05:48:00+08:00"));

        await ScanAsync(host);

        var alert = (await ListAsync(host, $"kind={AlertKinds.NewIncident}")).Should().ContainSingle().Which;
        alert.Str("text").Should().Contain("2026-03-01 05:48泽州县").And.Contain("截止03-01 06:18").And.NotContain("06:33");
        alert.Str("text").Should().Contain("事发时间已由2026-03-01 06:03更正为2026-03-01 05:48");
        alert.GetProperty("details").GetProperty("duties").EnumerateArray().Single(d => d.Str("code") == "phone-report-to-city").Str("dueAt")
            .Should().Be("2026-03-01T06:18:00+08:00", "details.duties are the duties the first report started, at the due time now in force");
    }

    [Fact]
    public async Task DeadlinesBroughtForward_SampleReceivedNineMonthsLate_ConsolidatesTheMissedDailyPeriods()
    {
        // The coach rollover of 2026-03-01 reaches the office on 2026-12-05: its sequence 3 moves the occurrence from 07:43 (the call)
        // to 07:38, and every daily 续报 period since (road 5.1.2) moves with it. The alert listed all 279 periods with the full quote:
        // 20,511 characters. Missed periods of one duty are said once, as the overdue alert says them.
        using var host = Host();
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.FromHours(8)));
        var (results, _) = await host.PostFeedAsync(FeedHttp.Sample("coach-rollover-fog-g207.ndjson"));
        results.Should().Contain(r => r.Str("outcome") == "opened");

        await ScanAsync(host);

        var alert = (await ListAsync(host, $"kind={AlertKinds.DeadlinesBroughtForward}")).Should().ContainSingle().Which;
        var text = alert.Str("text");
        text.Length.Should().BeLessThan(1000, text);
        text.Should().Contain("由2026-03-01 07:43改为2026-03-01 07:38").And.MatchRegex("已连续[0-9]+期未报，最早一期应于03-0[12] 07:38前");
        text.Should().NotContain("（第1期）", "the earliest period is named by its due time in the consolidated entry");
        var duties = alert.GetProperty("details").GetProperty("duties").EnumerateArray().ToArray();
        duties.Length.Should().BeLessThan(10);
        var continuation = duties.Where(d => d.Str("code") == "continuation-report" && d.TryGetProperty("periods", out var p) && p.ValueKind == JsonValueKind.Number).ToArray();
        var consolidated = continuation.Should().ContainSingle("the missed daily periods are one entry").Which;
        var periods = consolidated.GetProperty("periods").GetInt32();
        periods.Should().BeGreaterThan(270);
        text.Should().Contain($"已连续{periods}期未报");
        consolidated.Str("firstDueAt").Should().StartWith("2026-03-0");
        consolidated.Str("dueAt").Should().StartWith("2026-12-0", "the entry is the latest missed period, as the overdue alert's");
        duties.Where(d => !d.TryGetProperty("periods", out var p) || p.ValueKind == JsonValueKind.Null).Should().NotBeEmpty("the other moved duties are listed one by one");
    }

    [Fact]
    public async Task FeedTexts_TheSendersSequence_IsSaidAsItsNumberNotACountOfUpdates()
    {
        // 122 numbers its messages as it likes (a timestamp, 1, 3, 4): "第1733380000000次更新" and "第4次更新" for the third message
        // applied read as counts. The alerts say the sender's number as what it is.
        using var host = Host();
        await PostAsync(host,
            Record("OC1-D", 1, "2026-03-01T09:35:00+08:00", new { deaths = 3 }, callAt: "2026-03-01T09:33:00+08:00"),
            Record("OC1-D", 3, "2026-03-01T09:40:00+08:00", new { deaths = 3 }, callAt: "2026-03-01T09:33:00+08:00"),
            Record("OC1-D", 4, "2026-03-01T09:45:00+08:00", new { deaths = 3 }, callAt: "2026-03-01T09:33:00+08:00", status: "cancelled"));
        await PostAsync(host,
            Record("OC2-D", 1, "2026-03-01T09:35:00+08:00", new { deaths = 3 }, callAt: "2026-03-01T09:33:00+08:00"),
            Record("OC2-D", 1733380000000, "2026-03-01T09:45:00+08:00", new { deaths = 3 }, callAt: "2026-03-01T09:33:00+08:00",
                occurredAt: "2026-03-01T09:20:00+08:00"));

        await ScanAsync(host);

        var cancelled = (await ListAsync(host, $"kind={AlertKinds.FeedCancelled}")).Should().ContainSingle().Which;
        cancelled.Str("text").Should().Contain("将接警单OC1-D标为撤销（序号4，").And.NotContain("次更新");
        var moved = (await ListAsync(host, $"kind={AlertKinds.DeadlinesBroughtForward}")).Should().ContainSingle().Which;
        moved.Str("text").Should().Contain("据122接警单OC2-D（序号1733380000000）").And.NotContain("次更新");
        (await ListAsync(host)).Select(a => a.Str("text") + a.Str("title")).Should().NotContain(t => t.Contains("次更新"));
    }

    [Fact]
    public async Task FeedCancelled_SaysWhen122WithdrewTheRecord_ItsUpdatedAt_NotWhenTheServiceReceivedIt()
    {
        // Session 46's review: the text gave the time the message arrived (the host's clock, 10:00), so a late delivery put 122's
        // withdrawal hours late. The cancelling message's updatedAt is 09:41.
        using var host = Host();
        await PostAsync(host,
            Record("WD-D", 1, "2026-03-01T09:35:00+08:00", new { deaths = 3 }, callAt: "2026-03-01T09:33:00+08:00"),
            Record("WD-D", 2, "2026-03-01T09:41:00+08:00", new { deaths = 3 }, callAt: "2026-03-01T09:33:00+08:00", status: "cancelled"));

        await ScanAsync(host);

        var cancelled = (await ListAsync(host, $"kind={AlertKinds.FeedCancelled}")).Should().ContainSingle().Which;
        cancelled.Str("text").Should().Contain("122接处警于03-01 09:41将接警单WD-D标为撤销（序号2，消息WD-D-2）")
            // The way to close an incident opened on a duplicate call ends the duties owed with it (session 54: it said 按程序报终报, which keeps them).
            .And.Contain("已启动的响应先由启动者终止，再报终报并注明立案有误（enteredInError）");
    }

    [Fact]
    public async Task FeedReinstated_SaysWhen122WithdrewTheRecord_ItsUpdatedAt_AsTheWithdrawalsOwnAlertDoes()
    {
        // s62 F62-10: the feed-cancelled alert said 09:41 (the withdrawing message's updatedAt) and the feed-reinstated alert of the same
        // withdrawal said 10:00, when the service received it: two times for one withdrawal.
        using var host = Host();
        await PostAsync(host,
            Record("RI-D", 1, "2026-03-01T09:35:00+08:00", new { deaths = 3 }, callAt: "2026-03-01T09:33:00+08:00"),
            Record("RI-D", 2, "2026-03-01T09:41:00+08:00", new { deaths = 3 }, callAt: "2026-03-01T09:33:00+08:00", status: "cancelled"));
        await ScanAsync(host);
        host.Clock.Advance(TimeSpan.FromMinutes(5));

        await PostAsync(host, Record("RI-D", 3, "2026-03-01T10:04:00+08:00", new { deaths = 3 }, callAt: "2026-03-01T09:33:00+08:00"));
        await ScanAsync(host);

        var again = (await ListAsync(host, $"kind={AlertKinds.FeedReinstated}")).Should().ContainSingle().Which;
        again.Str("text").Should().Contain("122接处警于03-01 09:41将接警单RI-D标为撤销（序号2）").And.Contain("序号3");
    }

    [Fact]
    public async Task FeedCancelled_OfARecordTiedToTheOfficesIncident_EndsNothing_AndAnotherRecordsMessageReinstatesNothing()
    {
        // s62 F62-04, F62-05: the office opened the incident on the county's call and tied two of 122's records to it; 122 had withdrawn the
        // first (重复报警，已并入其他接警单). The withdrawal alert called the office's incident 据此立案 and advised closing it as opened in error,
        // and a message of the second record "reinstated" the first, overtaking that alert. 5.1.1 核实情况: a duplicate call withdrawn ends
        // neither the accident nor the office's report; a record is withdrawn and sent again by its own messages.
        using var host = Host();
        var office = await host.OpenAsync(Bodies.Incident(figures: new { deaths = 1 }, county: "泽州县", place: "G55 K900 二广高速"));
        await PostAsync(host, Record("DUP-A", 1, "2026-03-01T09:50:00+08:00", new { injured = 1 }, "重复报警，已并入其他接警单", status: "cancelled"));
        (await host.PostRawAsync(office, "/feed-records", JsonSerializer.Serialize(new { dispatchId = "DUP-A" }))).Status.Should().Be(HttpStatusCode.OK);
        var tied = await host.GetAsync(office.Id);
        (await host.PostRawAsync(new Opened(office.Id, tied.ETag, tied.Body), "/feed-records", JsonSerializer.Serialize(new { dispatchId = "DUP-B" }))).Status.Should().Be(HttpStatusCode.OK);
        host.Clock.Advance(TimeSpan.FromMinutes(2));
        await PostAsync(host, Record("DUP-B", 1, "2026-03-01T10:01:00+08:00", new { deaths = 1 }));

        await ScanAsync(host);

        var cancelled = (await ListAsync(host, $"kind={AlertKinds.FeedCancelled}")).Should().ContainSingle().Which;
        cancelled.Str("text").Should().Contain("将接警单DUP-A标为撤销").And.Contain("本事件由值班室据报立案").And.Contain("接警单DUP-B未撤销")
            .And.Contain("事件不因此撤销").And.NotContain("据此立案").And.NotContain("enteredInError");
        cancelled.GetProperty("overtaken").ValueKind.Should().Be(JsonValueKind.Null, "DUP-A was never sent again");
        (await ListAsync(host, $"kind={AlertKinds.FeedReinstated}")).Should().BeEmpty("DUP-B's message is not DUP-A's");
    }

    [Fact]
    public async Task ImmediateContinuations_OwedForEach122Change_AreAlertedOnce_UntilTheOfficesContinuationMeetsThemAll()
    {
        // R 5.1.2 "造成伤亡人数发生变化的,应立即续报": one owed per change, and the office's one 续报 meets them all, giving the figures as they
        // stand. 122 updating its record 60 times before the office reported raised 59 alerts "职责须立即履行" (a 122 integrator's review, s62
        // F62-09): the earliest owed says them, live until the 续报; a change after it is alerted anew.
        using var host = Host();
        await PostAsync(host, Record("IC-D", 1, "2026-03-01T09:35:00+08:00", new { deaths = 1, injured = 1 }));
        for (var sequence = 2; sequence <= 4; sequence++)
        {
            await PostAsync(host, Record("IC-D", sequence, $"2026-03-01T09:{35 + sequence}:00+08:00", new { deaths = 1, injured = sequence }));
        }

        await ScanAsync(host);

        var owed = (await ListAsync(host, $"kind={AlertKinds.DutyDueSoon}")).Where(a => a.Str("dutyKey")!.StartsWith("continuation-on-casualty-change", StringComparison.Ordinal)).ToArray();
        owed.Should().ContainSingle().Which.Str("dutyKey").Should().Be("continuation-on-casualty-change", "the earliest owed says the three changes");
        var incidentId = owed[0].Str("incidentId")!;
        var incident = await host.GetAsync(incidentId);
        incident.Body.GetProperty("obligations").EnumerateArray().Count(o => o.Str("code") == "continuation-on-casualty-change" && o.Str("status") == "pending")
            .Should().Be(3, "the plan owes one per change");

        using (var client = host.As(RoleCatalogue.DutyOfficer))
        {
            using var response = await client.PostRawAsync($"{Http.Incidents}/{incidentId}/reports",
                JsonSerializer.Serialize(new { kind = "continuation", summary = "已向市委、市政府续报：1人死亡，4人受伤" }), incident.ETag);
            response.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        host.Clock.Advance(TimeSpan.FromMinutes(5));
        await PostAsync(host, Record("IC-D", 5, "2026-03-01T10:04:00+08:00", new { deaths = 2, injured = 4 }));
        await ScanAsync(host);

        var after = (await ListAsync(host, $"kind={AlertKinds.DutyDueSoon}")).Where(a => a.Str("dutyKey")!.StartsWith("continuation-on-casualty-change", StringComparison.Ordinal)).ToArray();
        after.Should().HaveCount(2);
        after.Single(a => a.Str("dutyKey") == "continuation-on-casualty-change").GetProperty("overtaken").Str("by").Should().Be("met");
        after.Single(a => a.Str("dutyKey") != "continuation-on-casualty-change").GetProperty("overtaken").ValueKind.Should().Be(JsonValueKind.Null, "the change after the 续报 is owed anew");
    }

    [Fact]
    public async Task NewIncident_ThatCallsForALevel_SaysWhoDecidesIt_AndTheCallAlreadyMade()
    {
        // R 5.3.1(1) "造成10人以上失联、死亡": Ⅰ, 5.3.1 启动程序 "由市指挥部指挥长决定启动Ⅰ级响应". The first report reaching Ⅰ told no one who
        // decides (an escalation says it; there was none); and the 122 call (R 5.1.1 立即拨打报警电话(122)), met by the record itself at its
        // callAt, led the list of duties to act on (a feed integrator's review, session 52).
        using var host = Host();
        await PostAsync(host, Record("D-BIG", 1, "2026-03-01T09:35:00+08:00", new { deaths = 12, missing = 0, seriousInjuries = 3 }));
        await ScanAsync(host);

        var alert = (await ListAsync(host, $"kind={AlertKinds.NewIncident}")).Should().ContainSingle().Subject;
        alert.Str("text").Should().Contain("达到Ⅰ级响应条件。须由市指挥部指挥长决定是否启动（5.3.1）。")
            .And.MatchRegex("拨打报警电话\\(122\\)报告[^；]*（已于03-01 09:30报告）");
        var decidedBy = alert.GetProperty("details").GetProperty("decidedBy");
        decidedBy.Str("authority").Should().Be("市指挥部指挥长");
        decidedBy.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Should().Equal("commander");
    }

    [Fact]
    public async Task NewIncident_WithNoFigureOfTheGradeKnown_SaysTheGradeCannotBeJudgedYet_AsTheIncidentDoes()
    {
        // R 5.1.1 "较大以上或暂时无法判明等级的": a hazmat leak with no count opens (the intake rule's hazmatRelease); the incident's grade reads
        // 暂时无法判明, and its alert said 初判一般（尚未确定）, which a duty officer reads as minor.
        using var host = Host();
        await PostAsync(host, Record("D-LEAK", 1, "2026-03-01T09:35:00+08:00", new { hazmatRelease = true }));
        await ScanAsync(host);

        var text = (await ListAsync(host, $"kind={AlertKinds.NewIncident}")).Should().ContainSingle().Subject.Str("text");
        text.Should().Contain("，突发事件等级暂时无法判明（按较大以上报告）").And.NotContain("初判一般");
    }

    [Fact]
    public async Task NewIncident_WithAnUndeterminedGradeBelow较大_SaysHowItIsReported()
    {
        // DOMAIN R3: 1 dead, the missing unknown: at least 一般, reported like 较大 (R 5.1.1) meanwhile.
        using var host = Host();
        await PostAsync(host, Record("D-ONE", 1, "2026-03-01T09:35:00+08:00", new { deaths = 1 }));
        await ScanAsync(host);

        (await ListAsync(host, $"kind={AlertKinds.NewIncident}")).Should().ContainSingle().Subject.Str("text").Should().Contain("，初判一般（尚未确定，按较大报告）");
    }
}
