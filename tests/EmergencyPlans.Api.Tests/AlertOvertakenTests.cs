using System.Net;
using System.Text.Json;
using EmergencyPlans.Api.Tests.Support;
using static EmergencyPlans.Api.Tests.Support.AlertHttp;
using EmergencyPlans.Application.Alerts;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// Each alert says what has overtaken it (<c>overtaken</c>: by, at, summary; null while live), derived from its incident as it is read, and
/// <c>?current=true</c> lists the live ones (docs/alerts.md, "Overtaken"). A duty officer's review (session 54, #9): 29 unacknowledged alerts,
/// among them due-soon alerts of duties met minutes later, a red road warning issued 7 s later, alerts of two closed incidents; the live
/// overdue phone report lost among them (R 5.1.1 "不得迟报、谎报、瞒报和漏报"). Fake clock at 2026-03-01 10:00 (UTC+8), the scan the test's own.
/// </summary>
public sealed class AlertOvertakenTests
{

    private static readonly object Coach = new { deaths = 2, injured = 9, seriousInjuries = 3 };

    private static readonly object ThreeDead = new { deaths = 3, missing = 0, seriousInjuries = 0, directLossWan = 10m };

    private static JsonElement Kind(JsonElement[] alerts, string kind) => alerts.Should().ContainSingle(a => a.Str("kind") == kind).Which;

    /// <summary>The phone report's due-soon alert (R 5.1.1), among the duty alerts of the incident.</summary>
    private static JsonElement PhoneDueSoon(JsonElement[] alerts) =>
        alerts.Should().ContainSingle(a => a.Str("kind") == AlertKinds.DutyDueSoon && DutyKey(a) == "phone-report-to-city").Which;

    /// <summary>The coach on G207 in fog of 15 米 (R 4.3.2(1): orange), 09:41: the 30-minute phone report falls due at 10:11.</summary>
    private static Dictionary<string, object?> FoggyCoach()
    {
        var body = Bodies.Incident(figures: Coach, occurredAt: "2026-03-01T09:41:00+08:00");
        body["nature"] = "大客车侧翻";
        body["conditions"] = new { visibilityMetres = 15, visibilityCause = "fog" };
        return body;
    }

    [Theory]
    [InlineData(3, true)]
    [InlineData(12, false)]
    public async Task AnEscalationRecommendedOnATypo_IsWithdrawnByTheCorrection_WhenTheCorrectedFiguresNoLongerReachIt(int corrected, bool withdrawn)
    {
        // R 5.3.1(1) "发生道路交通事故,造成10人以上失联、死亡" (Ⅰ): 30 dead typed for 3 recommended 特别重大 and Ⅰ. Corrected to 3 (较大, Ⅱ,
        // R 5.3.2(1)), the recommendation no longer holds and is withdrawn, its alert overtaken (corrected); corrected to 12, Ⅰ still holds
        // (10人以上), and the recommendation stands. C 4.1(三) "续报要准"; a duty officer's review (sessions 53 and 55).
        using var host = new ApiFactory().With("Alerts:Enabled", "false");
        var incident = await host.OpenAsync(Bodies.Incident(figures: ThreeDead));
        var typo = await host.ChangeAsync(incident, "/reports", Bodies.Continuation(new { deaths = 30 }, "伤员送医"), RoleCatalogue.DutyOfficer);
        typo.Body.GetProperty("escalation").Str("toLevel").Should().Be("I");
        await ScanAsync(host);

        var fixedUp = await host.ChangeAsync(typo, "/reports",
            new { kind = "continuation", summary = $"更正：上次续报死亡人数录入错误，应为{corrected}人", figures = new { deaths = corrected }, correctsPrevious = true },
            RoleCatalogue.DutyOfficer);
        await ScanAsync(host);

        var escalation = fixedUp.Body.GetProperty("escalation");
        var alert = (await ListAsync(host, $"incident={incident.Id}&kind={AlertKinds.Escalation}")).Should().ContainSingle(a => a.GetProperty("details").Str("toLevel") == "I").Which;
        if (withdrawn)
        {
            escalation.Str("withdrawnReason").Should().Be("上次报告录入有误，已更正");
            fixedUp.Body.GetProperty("timeline").EnumerateArray().Should().Contain(t => t.Str("type") == "escalation-withdrawn");
            alert.GetProperty("overtaken").Str("by").Should().Be("corrected");
            (await ListAsync(host, $"incident={incident.Id}&current=true")).Should().NotContain(a => a.Str("kind") == AlertKinds.Escalation);
        }
        else
        {
            escalation.GetProperty("withdrawnAt").ValueKind.Should().Be(JsonValueKind.Null);
            alert.GetProperty("overtaken").ValueKind.Should().Be(JsonValueKind.Null, "Ⅰ is still called for: the recommendation stands");
        }
    }

    [Fact]
    public async Task ADutyMetAndAWarningIssued_OvertakeTheirAlerts_TheCloseOvertakesTheRest_AndCurrentListsOnlyTheLive()
    {
        using var host = new ApiFactory().With("Alerts:Enabled", "false");
        var incident = await host.OpenAsync(FoggyCoach());
        host.Clock.Advance(TimeSpan.FromMinutes(1)); // 10:01, the phone report due within 10 minutes
        await ScanAsync(host);

        var raised = await ListAsync(host);
        raised.Select(a => a.Str("kind")).Should().Contain([AlertKinds.NewIncident, AlertKinds.DutyDueSoon, AlertKinds.RoadWarning]);
        raised.Should().AllSatisfy(a => a.GetProperty("overtaken").ValueKind.Should().Be(JsonValueKind.Null, "nothing is done yet: every alert is live"));

        // The phone report made at 10:03; the orange warning issued by the commander (R 4.4.1).
        var met = await host.ChangeAsync(incident, "/obligations/phone-report-to-city/fulfilment",
            Bodies.Fulfil("2026-03-01T10:03:00+08:00"), RoleCatalogue.DutyOfficer);
        host.Clock.Advance(TimeSpan.FromMinutes(3));
        var proposed = await host.ChangeAsync(met, "/warnings", new { action = "propose", colour = "orange", reason = "团雾，能见度15米" }, RoleCatalogue.OfficeDirector);
        var warningId = proposed.Body.GetProperty("warnings").EnumerateArray().Last().Str("id");
        var issued = await host.ChangeAsync(proposed, "/warnings", new { action = "issue", warningId, reason = "同意发布" }, RoleCatalogue.Commander);
        await ScanAsync(host);

        var read = await ListAsync(host);
        var dueSoon = PhoneDueSoon(read).GetProperty("overtaken");
        (dueSoon.Str("by"), dueSoon.Str("at")).Should().Be(("met", "2026-03-01T10:03:00+08:00"));
        dueSoon.Str("summary").Should().Be("已于03-01 10:03报告");
        var warning = Kind(read, AlertKinds.RoadWarning).GetProperty("overtaken");
        (warning.Str("by"), warning.Str("at")).Should().Be(("issued", "2026-03-01T10:04:00+08:00"));
        warning.Str("summary").Should().Be("已于03-01 10:04发布橙色预警");
        Kind(read, AlertKinds.NewIncident).GetProperty("overtaken").ValueKind.Should().Be(JsonValueKind.Null, "the incident is still being dealt with");

        // Every existing member is kept: the status of an alert is still its acknowledgement.
        PhoneDueSoon(read).GetProperty("acknowledged").GetBoolean().Should().BeFalse();

        // The orange warning owes at once what R 4.4.1 asks with it ("由市指挥部办公室发布,同时上报上级主管部门,并通报相邻的地级市"): due now,
        // live until done (session 59).
        var current = await ListAsync(host, "current=true");
        current.Select(a => a.Str("kind")).Should().Contain(AlertKinds.NewIncident).And.NotContain(AlertKinds.RoadWarning);
        current.Where(a => a.Str("kind") == AlertKinds.DutyDueSoon).Select(DutyKey).Should().BeEquivalentTo(["orange-warning-report-up", "orange-warning-notify-neighbours"]);
        current.Should().AllSatisfy(a => a.GetProperty("overtaken").ValueKind.Should().Be(JsonValueKind.Null));
        (await ListAsync(host, "current=false")).Select(a => a.Str("kind")).Should().BeEquivalentTo([AlertKinds.DutyDueSoon, AlertKinds.RoadWarning]);

        // One alert read by its id says the same.
        using (var observer = host.As(RoleCatalogue.Observer))
        {
            var id = PhoneDueSoon(read).GetProperty("id").GetInt64();
            using var one = await observer.GetAsync($"{Alerts}/{id}");
            await one.ShouldHaveStatusAsync(HttpStatusCode.OK);
            (await one.JsonAsync()).GetProperty("overtaken").Str("by").Should().Be("met");
            using var none = await observer.GetAsync($"{Alerts}/999999");
            await none.ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        }

        // Closed (终报): what nothing else overtook is overtaken by the close; the duty stays overtaken by its report.
        host.Clock.Advance(TimeSpan.FromMinutes(30));
        var closed = await host.ChangeAsync(issued, "/reports", Bodies.Final(), RoleCatalogue.DutyOfficer);
        closed.Body.GetProperty("open").GetBoolean().Should().BeFalse();
        read = await ListAsync(host);
        var newIncident = Kind(read, AlertKinds.NewIncident).GetProperty("overtaken");
        (newIncident.Str("by"), newIncident.Str("at")).Should().Be(("closed", "2026-03-01T10:34:00+08:00"));
        newIncident.Str("summary").Should().Be("事件已于03-01 10:34结束");
        PhoneDueSoon(read).GetProperty("overtaken").Str("by").Should().Be("met");
        (await ListAsync(host, "current=true")).Should().BeEmpty("every alert of a closed incident is done work");

        // The acknowledgement's answer carries it too.
        using var officer = host.As(RoleCatalogue.DutyOfficer);
        using var ack = await officer.PostAsync($"{Alerts}/{Kind(read, AlertKinds.NewIncident).GetProperty("id").GetInt64()}/acknowledge", null);
        await ack.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await ack.JsonAsync()).GetProperty("overtaken").Str("by").Should().Be("closed");
    }

    [Fact]
    public async Task AnEscalation_IsOvertakenOnceALevelAtLeastTheOneRecommendedIsActivated_ADueSoonOnceItsDutyIsOverdue()
    {
        // R 5.3.1: 10 dead calls for Ⅰ, "由市指挥部指挥长决定启动Ⅰ级响应". Activated Ⅱ first (below the plan), then Ⅰ.
        using var host = new ApiFactory().With("Alerts:Enabled", "false");
        var incident = await host.OpenAsync(Bodies.Incident(figures: ThreeDead, occurredAt: "2026-03-01T09:41:00+08:00"));
        var rose = await host.ChangeAsync(incident, "/reports", Bodies.Continuation(new { deaths = 10 }, "又有7人死亡"), RoleCatalogue.DutyOfficer);
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        await ScanAsync(host);
        Kind(await ListAsync(host, "kind=escalation"), AlertKinds.Escalation).GetProperty("overtaken").ValueKind.Should().Be(JsonValueKind.Null);

        var second = await host.ChangeAsync(rose, "/response", Bodies.Activate("II"), RoleCatalogue.DeputyCommander);
        (await ListAsync(host, "kind=escalation")).Where(a => a.Str("key").EndsWith(":I", StringComparison.Ordinal))
            .Should().ContainSingle().Which.GetProperty("overtaken").ValueKind.Should().Be(JsonValueKind.Null, "Ⅱ is below the Ⅰ recommended");

        host.Clock.Advance(TimeSpan.FromMinutes(2));
        await host.ChangeAsync(second, "/response", new { action = "adjust", level = "I", reason = "死亡10人" }, RoleCatalogue.Commander);
        var decided = (await ListAsync(host, "kind=escalation")).First(a => a.Str("key").EndsWith(":I", StringComparison.Ordinal)).GetProperty("overtaken");
        (decided.Str("by"), decided.Str("at")).Should().Be(("decided", "2026-03-01T10:03:00+08:00"));
        decided.Str("summary").Should().Be("已于03-01 10:03调整为Ⅰ级响应");

        // The phone report not made by 10:11: the due-soon alert is overtaken by the overdue one, which is live.
        host.Clock.Advance(TimeSpan.FromMinutes(10));
        await ScanAsync(host);
        var read = await ListAsync(host, "incident=" + incident.Id);
        var dueSoon = read.First(a => a.Str("kind") == AlertKinds.DutyDueSoon && a.Str("dutyKey") == "phone-report-to-city").GetProperty("overtaken");
        (dueSoon.Str("by"), dueSoon.Str("at")).Should().Be(("overdue", "2026-03-01T10:11:00+08:00"));
        read.First(a => a.Str("kind") == AlertKinds.DutyOverdue && a.Str("dutyKey") == "phone-report-to-city")
            .GetProperty("overtaken").ValueKind.Should().Be(JsonValueKind.Null, "the overdue report is still owed");
    }

    [Fact]
    public async Task AnEscalationThatSays须立即_StaysLiveAfterTheDecision_UntilTheReportOwedAtOnceIsMade()
    {
        // R 5.1.1 "较大…事发后30分钟内…电话报告": one dead at 09:10 (一般), three at 10:00 (较大, R 5.3.2(1) Ⅱ). The phone report's time, 09:40,
        // passed before it was owed: owed 立即, with no due time, so the escalation's alert is the one alert that names it (须立即). The deputy
        // commander's Ⅱ decided the level (5.3.2 "由市指挥部指挥长或副指挥长决定启动Ⅱ级响应"), and the alert left the current list with the
        // report still owed (a construction duty officer's review, session 58: 重大's direct report to the province, C 4.1(二)).
        using var host = new ApiFactory().With("Alerts:Enabled", "false");
        var incident = await host.OpenAsync(Bodies.Incident(figures: new { deaths = 1, missing = 0, seriousInjuries = 0, directLossWan = 10m }));
        var rose = await host.ChangeAsync(incident, "/reports", Bodies.Continuation(new { deaths = 3 }, "又有2人死亡"), RoleCatalogue.DutyOfficer);
        rose.Body.Obligation("phone-report-to-city").Str("arosePastDueAt").Should().Be("2026-03-01T09:40:00+08:00");
        await ScanAsync(host);

        host.Clock.Advance(TimeSpan.FromMinutes(1));
        var activated = await host.ChangeAsync(rose, "/response", Bodies.Activate("II"), RoleCatalogue.DeputyCommander);
        var live = Kind(await ListAsync(host, "kind=escalation&current=true"), AlertKinds.Escalation);
        live.Str("text").Should().Contain("须立即：");
        live.GetProperty("overtaken").ValueKind.Should().Be(JsonValueKind.Null, "the phone report owed at once is not made yet");

        host.Clock.Advance(TimeSpan.FromMinutes(2));
        await host.ChangeAsync(activated, "/obligations/phone-report-to-city/fulfilment", Bodies.Fulfil("2026-03-01T10:03:00+08:00"), RoleCatalogue.DutyOfficer);
        var decided = Kind(await ListAsync(host, "kind=escalation"), AlertKinds.Escalation).GetProperty("overtaken");
        (decided.Str("by"), decided.Str("at")).Should().Be(("decided", "2026-03-01T10:01:00+08:00"));
        (await ListAsync(host, "kind=escalation&current=true")).Should().BeEmpty();
    }

    [Fact]
    public async Task CurrentTrue_PagesByIdPastOvertakenAlerts_WithTheLinkGoingOnFromTheLastLiveOne()
    {
        // Two incidents, the older closed: a page of two live alerts reads past its alerts, and the next page goes on below the last one.
        using var host = new ApiFactory().With("Alerts:Enabled", "false");
        var older = await host.OpenAsync(Bodies.Incident(figures: ThreeDead, occurredAt: "2026-03-01T09:41:00+08:00"));
        await ScanAsync(host);
        await host.ChangeAsync(older, "/reports", Bodies.Final(), RoleCatalogue.DutyOfficer);
        // Each with its new-incident alert and its overdue phone report (due 09:50 and 09:51).
        var live = await host.OpenAsync(Bodies.Incident(figures: ThreeDead, occurredAt: "2026-03-01T09:20:00+08:00"));
        await host.OpenAsync(Bodies.Incident(figures: ThreeDead, occurredAt: "2026-03-01T09:21:00+08:00"));
        await ScanAsync(host);
        var liveIds = (await ListAsync(host, "current=true")).Select(a => a.GetProperty("id").GetInt64()).ToArray();
        liveIds.Should().HaveCountGreaterThan(2).And.BeInDescendingOrder();
        (await ListAsync(host, "current=true&incident=" + older.Id)).Should().BeEmpty();
        (await ListAsync(host, "current=true&incident=" + live.Id)).Should().NotBeEmpty();

        using var client = host.As(RoleCatalogue.Observer);
        using var first = await client.GetAsync($"{Alerts}?current=true&limit=2");
        (await first.JsonAsync()).EnumerateArray().Select(a => a.GetProperty("id").GetInt64()).Should().Equal(liveIds.Take(2));
        var next = first.Headers.GetValues("Link").Single();
        next.Should().Contain("current=true").And.Contain($"before={liveIds[1]}");
        using var rest = await client.GetAsync($"{Alerts}?current=true&limit=500&before={liveIds[1]}");
        (await rest.JsonAsync()).EnumerateArray().Select(a => a.GetProperty("id").GetInt64()).Should().Equal(liveIds.Skip(2));
        using var skipped = await client.GetAsync($"{Alerts}?current=true&limit=500&offset=1");
        (await skipped.JsonAsync()).EnumerateArray().Select(a => a.GetProperty("id").GetInt64()).Should().Equal(liveIds.Skip(1), "the offset counts the live alerts");
    }

    [Fact]
    public async Task APageOfAlerts_ReadsItsIncidentsOnce_NotOncePerAlert()
    {
        var counter = new ReadCounter();
        using var host = new LoggedApiFactory(new LogCapture(), counter.Install).With("Alerts:Enabled", "false");
        for (var i = 0; i < 3; i++)
        {
            await host.OpenAsync(Bodies.Incident(figures: ThreeDead, occurredAt: "2026-03-01T09:20:00+08:00"));
        }

        await ScanAsync(host);
        counter.Reset();

        var page = await ListAsync(host);

        page.Length.Should().BeGreaterThanOrEqualTo(6, "three incidents, each with its new-incident and overdue alerts");
        (counter.IncidentReads, counter.IncidentGets).Should().Be((1, 0), "one read of the page's incidents, none per alert");
    }

    private sealed class ReadCounter
    {
        private int _reads;
        private int _gets;

        public int IncidentReads => _reads;

        public int IncidentGets => _gets;

        public void Reset() => (_reads, _gets) = (0, 0);

        public void Install(IServiceCollection services)
        {
            var incidents = services.Last(s => s.ServiceType == typeof(IIncidentStore));
            services.Remove(incidents);
            services.AddSingleton<IIncidentStore>(sp => new CountedIncidents((IIncidentStore)incidents.ImplementationFactory!(sp), this));
            var alerts = services.Last(s => s.ServiceType == typeof(IAlertStore));
            services.Remove(alerts);
            services.AddSingleton<IAlertStore>(sp => new CountedAlerts((IAlertStore)alerts.ImplementationFactory!(sp), this));
        }

        private sealed class CountedIncidents(IIncidentStore inner, ReadCounter counter) : DelegatingIncidentStore(inner)
        {
            public override Task<StoredIncident?> GetAsync(Guid incidentId, CancellationToken cancellationToken = default)
            {
                Interlocked.Increment(ref counter._gets);
                return base.GetAsync(incidentId, cancellationToken);
            }
        }

        private sealed class CountedAlerts(IAlertStore inner, ReadCounter counter) : DelegatingAlertStore(inner)
        {
            public override Task<IReadOnlyList<StoredIncident>> IncidentsAsync(IReadOnlyCollection<Guid> incidentIds, CancellationToken cancellationToken = default)
            {
                Interlocked.Increment(ref counter._reads);
                return base.IncidentsAsync(incidentIds, cancellationToken);
            }
        }
    }
}
