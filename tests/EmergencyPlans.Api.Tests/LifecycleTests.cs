using System.Net;
using System.Text.Json;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// Triggers a state does not accept answer 409 naming the lifecycle, the state and the triggers it does
/// accept, and change nothing; obligations are met or late by when the report was made; overdue follows the clock.
/// </summary>
public sealed class LifecycleTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Terminate_BeforeActivation_Returns409NamingNotActivatedAndPermittedTriggers()
    {
        var incident = await factory.OpenAsync();
        using var client = factory.As(RoleCatalogue.OfficeDirector);

        using var response = await client.PostJsonAsync(incident.Url + "/response/termination", Bodies.Terminate(), incident.ETag);

        var problem = await ShouldConflictAsync(response, "ResponseLifecycle", "NotActivated", "Terminate");
        problem.GetProperty("permittedTriggers").Strings().Should().BeEquivalentTo("Propose", "Activate");
        problem.Str("detail").Should().Contain("NotActivated");
        (await factory.GetAsync(incident.Id)).ETag.Should().Be(incident.ETag);
    }

    [Fact]
    public async Task Activate_WhenAlreadyActive_Returns409PermittingAdjustAndTerminate()
    {
        var incident = await factory.OpenAsync();
        var active = await factory.ChangeAsync(incident, "/response", Bodies.Activate("II"), RoleCatalogue.Commander);
        using var client = factory.As(RoleCatalogue.Commander);

        using var response = await client.PostJsonAsync(active.Url + "/response", Bodies.Activate("I"), active.ETag);

        var problem = await ShouldConflictAsync(response, "ResponseLifecycle", "Active", "Activate");
        // Propose too: the office may propose Ⅰ while the Ⅱ is in force (R 5.3.1 向市指挥部提出启动Ⅰ级应急响应的建议; since 2026-12-05).
        problem.GetProperty("permittedTriggers").Strings().Should().BeEquivalentTo("Propose", "Adjust", "Terminate");
    }

    [Fact]
    public async Task Terminate_Twice_Returns409_OnlyProposingOrActivatingAgainIsPermitted()
    {
        var incident = await factory.OpenAsync();
        var active = await factory.ChangeAsync(incident, "/response", Bodies.Activate("III"), RoleCatalogue.OfficeDirector);
        var ended = await factory.ChangeAsync(active, "/response/termination", Bodies.Terminate(), RoleCatalogue.OfficeDirector);
        using var client = factory.As(RoleCatalogue.OfficeDirector);

        using var response = await client.PostJsonAsync(ended.Url + "/response/termination", Bodies.Terminate(), ended.ETag);

        var problem = await ShouldConflictAsync(response, "ResponseLifecycle", "Terminated", "Terminate");
        problem.GetProperty("permittedTriggers").Strings().Should().BeEquivalentTo("Propose", "Activate");
    }

    [Fact]
    public async Task Fulfil_AnObligationAlreadyMet_Returns409AndKeepsTheFirstFiling()
    {
        var incident = await factory.OpenAsync(Bodies.Incident(figures: new { deaths = 3 }));
        var met = await factory.ChangeAsync(incident, "/obligations/phone-report-to-city/fulfilment", Bodies.Fulfil("2026-03-01T09:35:00+08:00"), RoleCatalogue.DutyOfficer);
        using var client = factory.As(RoleCatalogue.OfficeDirector);

        using var response = await client.PostJsonAsync(met.Url + "/obligations/phone-report-to-city/fulfilment", Bodies.Fulfil("2026-03-01T09:50:00+08:00"), met.ETag);

        await ShouldConflictAsync(response, "ObligationLifecycle", "Met", "Fulfil");
        var phone = (await factory.GetAsync(incident.Id)).Body.Obligation("phone-report-to-city");
        phone.Str("metAt").Should().Be("2026-03-01T09:35:00+08:00");
        phone.Str("status").Should().Be("met-on-time");
    }

    [Fact]
    public async Task Fulfil_AnUntimedObligationTwice_Returns409()
    {
        // Road 6.2.2 ¶2: 死亡3人以上 and the rescue fund must advance the costs: the fund reports up 及时 (no clock).
        var incident = await factory.OpenAsync(Bodies.Incident(figures: new { deaths = 3, rescueFundAdvanceNeeded = true }));
        var met = await factory.ChangeAsync(incident, "/obligations/rescue-fund-escalation/fulfilment", Bodies.Fulfil("2026-03-01T09:50:00+08:00"), RoleCatalogue.DutyOfficer);
        met.Body.Obligation("rescue-fund-escalation").Str("status").Should().Be("met-on-time");
        using var client = factory.As(RoleCatalogue.DutyOfficer);

        using var response = await client.PostJsonAsync(met.Url + "/obligations/rescue-fund-escalation/fulfilment", Bodies.Fulfil("2026-03-01T09:55:00+08:00"), met.ETag);

        await response.ShouldHaveStatusAsync(HttpStatusCode.Conflict);
        (await response.JsonAsync()).Str("state").Should().Be("Met");
    }

    [Fact]
    public async Task Fulfil_AnObligationTheIncidentDoesNotHave_Returns404()
    {
        var incident = await factory.OpenAsync();
        using var client = factory.As(RoleCatalogue.DutyOfficer);

        using var response = await client.PostJsonAsync(incident.Url + "/obligations/no-such-report/fulfilment", Bodies.Fulfil("2026-03-01T09:35:00+08:00"), incident.ETag);

        await response.ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        (await factory.GetAsync(incident.Id)).ETag.Should().Be(incident.ETag);
    }

    [Fact]
    public async Task Fulfil_RecurringContinuationReport_RaisesTheNextOneADayLater()
    {
        using var own = new ApiFactory();
        var incident = await own.OpenAsync(Bodies.Incident(figures: new { deaths = 3 }));

        var met = await own.ChangeAsync(incident, "/obligations/continuation-report/fulfilment", Bodies.Fulfil("2026-03-01T09:58:00+08:00"), RoleCatalogue.DutyOfficer);

        met.Body.Obligation("continuation-report").Str("status").Should().Be("met-on-time");
        var next = met.Body.Obligation("continuation-report#2");
        // "较大以上……每日至少续报1次" (road 5.1.2): never a day without a 续报, so the next is due a day after the one just made (09:58),
        // not a day after the due time it met (before 2026-12-05, 03-03 09:10: 47 hours on; ADR 0003).
        next.Str("dueAt").Should().Be("2026-03-02T09:58:00+08:00", "the next one is due a day after the report just made");
        next.Str("status").Should().Be("pending");

        // 03-02 09:30: inside the second day (the days run from the 09:10 occurrence, 03-02 09:10 to 03-03 09:10) and before its due time.
        // A report made at 09:00, still on day 1, would be day 1's second and move day 2's due time instead (ADR 0003, amended 2026-12-05).
        own.Clock.Advance(TimeSpan.FromMinutes(23 * 60 + 30));
        var byKey = await own.ChangeAsync(met, "/obligations/continuation-report%232/fulfilment", Bodies.Fulfil("2026-03-02T09:30:00+08:00"), RoleCatalogue.DutyOfficer);
        byKey.Body.Obligation("continuation-report#2").Str("status").Should().Be("met-on-time");
        byKey.Body.Obligation("continuation-report#3").Str("dueAt").Should().Be("2026-03-03T09:30:00+08:00");
    }

    [Fact]
    public async Task Fulfil_ARecurringReportMadeBeforeItsPeriodBegan_Returns400_ItStandsForTheDayBeforeNotThisOne()
    {
        // "较大以上……每日至少续报1次" (road 5.1.2): each day needs a report of its own. Day 2 runs from 03-02 09:10 (the days run from the
        // 09:10 occurrence) and is due a day after the last 续报 made (09:58, ADR 0003); a report made at 09:50, before that one, belongs
        // to day 1, moves nothing, and recorded against day 2's instance would leave day 2 without a report and no duty owed for it.
        var incident = await factory.OpenAsync(Bodies.Incident(figures: new { deaths = 3 }));
        var met = await factory.ChangeAsync(incident, "/obligations/continuation-report/fulfilment", Bodies.Fulfil("2026-03-01T09:58:00+08:00"), RoleCatalogue.DutyOfficer);
        using var client = factory.As(RoleCatalogue.DutyOfficer);

        using var response = await client.PostJsonAsync(met.Url + "/obligations/continuation-report%232/fulfilment", Bodies.Fulfil("2026-03-01T09:50:00+08:00"), met.ETag);

        await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        var problem = await response.JsonAsync();
        problem.ErrorFields().Should().Equal("madeAt");
        problem.Str("detail").Should().Contain("2026-03-02 09:10").And.Contain("2026-03-02 09:58");
        (await factory.GetAsync(incident.Id)).ETag.Should().Be(met.ETag, "nothing was stored");
    }

    // FINDING: the route takes an obligation {code}, and IncidentAggregate.Fulfil (IncidentAggregate.cs:138-139) falls
    // back to "the earliest open obligation with this code", but it first looks the value up as a key. The first
    // instance's key equals its code, so a second POST .../obligations/continuation-report/fulfilment finds the met
    // first instance and answers 409 instead of fulfilling continuation-report#2.
    [Fact]
    public async Task Fulfil_RecurringObligationByItsCodeASecondTime_FulfilsTheOpenInstance()
    {
        using var own = new ApiFactory();
        var incident = await own.OpenAsync(Bodies.Incident(figures: new { deaths = 3 }));
        var met = await own.ChangeAsync(incident, "/obligations/continuation-report/fulfilment", Bodies.Fulfil("2026-03-01T09:58:00+08:00"), RoleCatalogue.DutyOfficer);
        own.Clock.Advance(TimeSpan.FromHours(24));
        using var client = own.As(RoleCatalogue.DutyOfficer);

        // Within a day of the 09:58 续报 (每日至少续报1次: the next is owed by 03-02 09:58).
        using var response = await client.PostJsonAsync(met.Url + "/obligations/continuation-report/fulfilment", Bodies.Fulfil("2026-03-02T09:50:00+08:00"), met.ETag);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await response.JsonAsync()).Obligation("continuation-report#2").Str("status").Should().Be("met-on-time");
    }

    [Fact]
    public async Task FileReport_AfterTheFinalReport_Returns409InTheClosedState()
    {
        var incident = await factory.OpenAsync();
        var closed = await factory.ChangeAsync(incident, "/reports", Bodies.Final(), RoleCatalogue.DutyOfficer);
        using var client = factory.As(RoleCatalogue.DutyOfficer);

        foreach (var body in new[] { Bodies.Continuation(summary: "迟到的续报"), Bodies.Final("第二份终报") })
        {
            using var response = await client.PostJsonAsync(closed.Url + "/reports", body, closed.ETag);
            var problem = await ShouldConflictAsync(response, "ReportingLifecycle", "Closed", null);
            problem.GetProperty("permittedTriggers").GetArrayLength().Should().Be(0);
        }

        (await factory.GetAsync(incident.Id)).ETag.Should().Be(closed.ETag);
    }

    [Fact]
    public async Task FinalReport_WhileTheResponseRuns_Returns400NamingKind_AndChangesNothing()
    {
        // R 5.1.2 "终报要素包括:……处置结果、社会维稳、善后安置、恢复重建……": not while a level is in force.
        var incident = await factory.OpenAsync();
        var active = await factory.ChangeAsync(incident, "/response", Bodies.Activate("III"), RoleCatalogue.OfficeDirector);
        using var client = factory.As(RoleCatalogue.DutyOfficer);

        using var response = await client.PostJsonAsync(active.Url + "/reports", Bodies.Final(), active.ETag);

        response.StatusCode.Should().Be(System.Net.HttpStatusCode.BadRequest);
        var problem = await response.JsonAsync();
        problem.GetProperty("errors").GetProperty("kind")[0].GetString().Should().Contain("response is still in force");
        var after = await factory.GetAsync(active.Id);
        after.Body.Str("state").Should().NotBe("FinalReported");
        after.ETag.Should().Be(active.ETag);
    }

    [Fact]
    public async Task Fulfil_ContinuationCancelledByTheFinalReport_Returns409()
    {
        var incident = await factory.OpenAsync(Bodies.Incident(figures: new { deaths = 3 }));
        var closed = await factory.ChangeAsync(incident, "/reports", Bodies.Final(), RoleCatalogue.DutyOfficer);
        using var client = factory.As(RoleCatalogue.DutyOfficer);

        using var response = await client.PostJsonAsync(closed.Url + "/obligations/continuation-report/fulfilment", Bodies.Fulfil("2026-03-01T09:59:00+08:00"), closed.ETag);

        await ShouldConflictAsync(response, "ObligationLifecycle", "Cancelled", "Fulfil");
    }

    [Fact]
    public async Task Fulfil_OverdueDutyOfAClosedIncident_IsRecordedAsLateAndTheIncidentStaysClosed()
    {
        // R 5.1.1: the phone report is due within 30 minutes (10:30). The office files its final report at 12:00 without having
        // recorded it: the incident closes, the missed deadline stays owed and overdue (ADR 0003), and the late report, once made,
        // is still recorded, as late. Nothing else is taken on a closed incident (reports, clock events: 409).
        using var own = new ApiFactory();
        var incident = await own.OpenAsync(Bodies.Incident(figures: new { deaths = 3 }, occurredAt: "2026-03-01T10:00:00+08:00"));
        own.Clock.Advance(TimeSpan.FromHours(2));
        var written = await own.ChangeAsync(incident, "/obligations/written-report-to-city/fulfilment", Bodies.Fulfil("2026-03-01T10:50:00+08:00"), RoleCatalogue.DutyOfficer);
        var closed = await own.ChangeAsync(written, "/reports", Bodies.Final(), RoleCatalogue.DutyOfficer);
        closed.Body.Str("state").Should().Be("Closed");
        closed.Body.Obligation("phone-report-to-city").Str("status").Should().Be("overdue");
        own.Clock.Advance(TimeSpan.FromMinutes(10));

        var late = await own.ChangeAsync(closed, "/obligations/phone-report-to-city/fulfilment", Bodies.Fulfil("2026-03-01T12:05:00+08:00"), RoleCatalogue.DutyOfficer);

        late.Body.Obligation("phone-report-to-city").Str("status").Should().Be("met-late");
        late.Body.Str("state").Should().Be("Closed");
        using var client = own.As(RoleCatalogue.DutyOfficer);
        using var again = await client.PostJsonAsync(late.Url + "/obligations/phone-report-to-city/fulfilment", Bodies.Fulfil("2026-03-01T12:06:00+08:00"), late.ETag);
        await ShouldConflictAsync(again, "ObligationLifecycle", "Met", "Fulfil");
    }

    [Fact]
    public async Task Warning_LiftBeforeIssue_Returns409()
    {
        var incident = await factory.OpenAsync();
        var proposed = await factory.ChangeAsync(incident, "/warnings", new { action = "propose", colour = "yellow", reason = "团雾" }, RoleCatalogue.OfficeDirector);
        var warningId = proposed.Body.GetProperty("warnings")[0].Str("id");
        using var client = factory.As(RoleCatalogue.OfficeDirector);

        using var response = await client.PostJsonAsync(proposed.Url + "/warnings", new { action = "lift", warningId, reason = "解除" }, proposed.ETag);

        var problem = await ShouldConflictAsync(response, "WarningLifecycle", "Proposed", "Lift");
        problem.GetProperty("permittedTriggers").Strings().Should().BeEquivalentTo("Issue", "Reject");
    }

    [Fact]
    public async Task ListIncidents_Overdue_ListsAnIncidentOnlyOnceItsPhoneReportIsPastDue()
    {
        using var own = new ApiFactory();
        var incident = await own.OpenAsync(Bodies.Incident(figures: new { deaths = 3 }, occurredAt: "2026-03-01T10:00:00+08:00"));
        incident.Body.Obligation("phone-report-to-city").Str("dueAt").Should().Be("2026-03-01T10:30:00+08:00");
        (await own.ListIdsAsync("overdue=true")).Should().BeEmpty();

        own.Clock.Advance(TimeSpan.FromMinutes(30));
        (await own.ListIdsAsync("overdue=true")).Should().BeEmpty("at 10:30 the report made within 30 minutes is still on time");

        own.Clock.Advance(TimeSpan.FromSeconds(1));
        (await own.ListIdsAsync("overdue=true")).Should().Equal(incident.Id);
        (await own.GetAsync(incident.Id)).Body.Obligation("phone-report-to-city").Str("status").Should().Be("overdue");

        var fulfilled = await own.ChangeAsync(incident, "/obligations/phone-report-to-city/fulfilment", Bodies.Fulfil("2026-03-01T10:29:00+08:00"), RoleCatalogue.DutyOfficer);
        fulfilled.Body.Obligation("phone-report-to-city").Str("status").Should().Be("met-on-time", "made at 10:29, entered at 10:30:01: on time");
        (await own.ListIdsAsync("overdue=true")).Should().BeEmpty("the written report is due at 11:00");

        own.Clock.Advance(TimeSpan.FromMinutes(30));
        (await own.ListIdsAsync("overdue=true")).Should().Equal(incident.Id);
    }

    [Fact]
    public async Task Fulfil_EnteredAfterTheDueTimeButMadeBefore_IsOnTimeAndMadeAfter_IsLate()
    {
        using var own = new ApiFactory();
        var incident = await own.OpenAsync(Bodies.Incident(figures: new { deaths = 3 }, occurredAt: "2026-03-01T10:00:00+08:00"));
        own.Clock.Advance(TimeSpan.FromHours(2));

        var phone = await own.ChangeAsync(incident, "/obligations/phone-report-to-city/fulfilment", Bodies.Fulfil("2026-03-01T10:30:00+08:00"), RoleCatalogue.DutyOfficer);
        var written = await own.ChangeAsync(phone, "/obligations/written-report-to-city/fulfilment", Bodies.Fulfil("2026-03-01T11:00:01+08:00"), RoleCatalogue.DutyOfficer);

        written.Body.Obligation("phone-report-to-city").Str("status").Should().Be("met-on-time");
        written.Body.Obligation("written-report-to-city").Str("status").Should().Be("met-late");
        written.Body.Obligation("written-report-to-city").GetProperty("onTime").GetBoolean().Should().BeFalse();
    }

    private static async Task<JsonElement> ShouldConflictAsync(HttpResponseMessage response, string lifecycle, string state, string? trigger)
    {
        await response.ShouldHaveStatusAsync(HttpStatusCode.Conflict);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.JsonAsync();
        problem.GetProperty("status").GetInt32().Should().Be(409);
        problem.Str("lifecycle").Should().Be(lifecycle);
        problem.Str("state").Should().Be(state);
        if (trigger is not null)
        {
            problem.Str("trigger").Should().Be(trigger);
        }

        problem.TryGetProperty("permittedTriggers", out _).Should().BeTrue();
        return problem;
    }
}
