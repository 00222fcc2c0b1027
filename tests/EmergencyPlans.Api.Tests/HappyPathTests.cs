using System.Net;
using System.Text.Json;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// Every endpoint's ordinary use, with the answers worked out by hand from the plans (DOMAIN.md 2–5).
/// The host's clock stands at 2026-03-01 10:00 (UTC+8) and the incidents occurred at 09:10, so every
/// due time is exact: 30 minutes → 09:40, 1 hour → 10:10, a day → 03-02 09:10, 4 hours → 13:10.
/// </summary>
public sealed class HappyPathTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly object ThreeDead = new { deaths = 3, missing = 0, seriousInjuries = 0, directLossWan = 10m };

    [Fact]
    public async Task Assess_RoadThreeDead_ReturnsRelativelySeriousLevelIIAndExactDueTimes()
    {
        using var client = factory.As(RoleCatalogue.DutyOfficer);

        using var response = await client.PostJsonAsync("/api/v1/assessments", Bodies.Assessment(figures: ThreeDead));

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var body = await response.JsonAsync();
        body.GetProperty("plan").Str("documentNumber").Should().Be("晋市政办〔2025〕18号");
        var grade = body.GetProperty("grade");
        grade.Str("value").Should().Be("relatively-serious");
        grade.Str("label").Should().Be("较大");
        grade.GetProperty("determined").GetBoolean().Should().BeTrue("deaths, serious injuries and loss are all known");
        grade.GetProperty("because")[0].Str("clause").Should().Be("1.5(3)");
        var level = body.GetProperty("response");
        level.Str("level").Should().Be("II");
        level.GetProperty("activatedBy").GetProperty("roles").Strings().Should().Equal("commander", "deputy-commander");
        level.GetProperty("because")[0].Str("clause").Should().Be("5.3.2(1)");
        // Road 5.1.1: 122 and the county office's reports are immediate (no clock); 30 minutes by phone, 1 hour in writing;
        // 5.1.2: 较大以上 a continuation every day. 6.2.2 ¶2 asks the rescue fund only "需要救助基金垫付抢救费用时": not here.
        Obligations(body).Should().BeEquivalentTo(new[]
        {
            ("call-122", (string?)null, (string?)null),
            ("county-office-report-to-county-hq", null, null),
            ("report-to-superior-department", null, null),
            ("phone-report-to-city", "2026-03-01T09:40:00+08:00", null),
            ("written-report-to-city", "2026-03-01T10:10:00+08:00", null),
            ("continuation-report", "2026-03-02T09:10:00+08:00", "P1D"),
            // 5.3.2 启动程序 "市指挥部办公室接到报告后,经分析研判,向市指挥部提出启动Ⅱ级应急响应的建议".
            ("office-proposal", null, null),
        });
    }

    [Fact]
    public async Task Assess_ConstructionOneDeath_ReturnsOrdinaryLevelIIIAndReportWithinTheHour()
    {
        using var client = factory.As(RoleCatalogue.Observer);

        using var response = await client.PostJsonAsync("/api/v1/assessments", Bodies.Assessment("construction",
            new { deaths = 1, missing = 0, trapped = 0, endangered = 0, seriousInjuries = 0, directLossWan = 100m }));

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var body = await response.JsonAsync();
        body.GetProperty("grade").Str("value").Should().Be("ordinary");
        body.GetProperty("response").Str("level").Should().Be("III");
        body.GetProperty("response").GetProperty("activatedBy").GetProperty("roles").Strings().Should().Equal("office-director");
        // Construction 4.1(一): the unit reports to the county at once, the housing department reports up on receipt;
        // 4.1(二): 一般 within the hour; 4.3.1(2): for level III the office reports to the headquarters with a proposal.
        Obligations(body).Should().BeEquivalentTo(new[]
        {
            ("unit-report-to-county", (string?)null, (string?)null),
            ("housing-dept-report-up", null, null),
            ("report-to-city", "2026-03-01T10:10:00+08:00", null),
            ("office-report-with-proposal", null, null),
        });
    }

    [Fact]
    public async Task Assess_NaturalDisasterTwelveDeadOrMissing_ReturnsLevelIIIForTheDeputyCommander()
    {
        using var client = factory.As(RoleCatalogue.Feed);

        using var response = await client.PostJsonAsync("/api/v1/assessments", Bodies.Assessment("natural-disaster", new { deaths = 8, missing = 4 }));

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var body = await response.JsonAsync();
        body.GetProperty("plan").Str("documentNumber").Should().Be("晋市政办〔2026〕3号");
        body.GetProperty("grade").ValueKind.Should().Be(JsonValueKind.Null, "the natural-disaster plan has no grade table");
        body.GetProperty("response").Str("level").Should().Be("III");
        body.GetProperty("response").GetProperty("activatedBy").GetProperty("roles").Strings().Should().Equal("deputy-commander");
    }

    [Fact]
    public async Task OpenIncident_FirstReport_Returns201WithLocationETagAndObligationClocks()
    {
        using var client = factory.As(RoleCatalogue.DutyOfficer);

        using var response = await client.PostJsonAsync(Http.Incidents, Bodies.Incident(figures: ThreeDead));

        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var body = await response.JsonAsync();
        var id = body.Str("id");
        response.Headers.Location!.OriginalString.Should().Be($"/api/v1/incidents/{id}");
        response.ETag().Should().Be(1);
        body.GetProperty("version").GetInt64().Should().Be(1);
        body.Str("planId").Should().Be("road-traffic");
        body.Str("occurredAt").Should().Be("2026-03-01T09:10:00+08:00");
        body.Str("county").Should().Be("泽州县");
        body.Str("state").Should().Be("Open");
        body.GetProperty("open").GetBoolean().Should().BeTrue();
        body.GetProperty("allowedReports").Strings().Should().Equal("FileContinuation", "FileFinal");
        body.GetProperty("assessment").GetProperty("grade").Str("value").Should().Be("relatively-serious");
        body.GetProperty("response").Str("state").Should().Be("NotActivated");
        // At 10:00 the phone report (09:40) is overdue and the written one (10:10) is due within 10 minutes: due-soon.
        Clocks(body).Should().BeEquivalentTo(new[]
        {
            ("call-122", (string?)null, "pending"),
            ("county-office-report-to-county-hq", null, "pending"),
            ("report-to-superior-department", null, "pending"),
            ("phone-report-to-city", "2026-03-01T09:40:00+08:00", "overdue"),
            ("written-report-to-city", "2026-03-01T10:10:00+08:00", "due-soon"),
            ("continuation-report", "2026-03-02T09:10:00+08:00", "pending"),
            ("office-proposal", null, "pending"),
        });
        var first = body.GetProperty("timeline")[0];
        first.Str("type").Should().Be("first-report");
        first.GetProperty("at").GetDateTimeOffset().Should().Be(ApiFactory.Now);
    }

    [Fact]
    public async Task GetIncident_AfterOpening_ReturnsTheSameIncidentAndETag()
    {
        var opened = await factory.OpenAsync(Bodies.Incident(figures: ThreeDead));

        var read = await factory.GetAsync(opened.Id, RoleCatalogue.Observer);

        read.ETag.Should().Be(1);
        read.Body.GetProperty("version").GetInt64().Should().Be(1);
        read.Body.Str("id").Should().Be(opened.Id);
        read.Body.GetProperty("report").GetProperty("figures").GetProperty("deaths").GetInt64().Should().Be(3);
        Clocks(read.Body).Should().BeEquivalentTo(Clocks(opened.Body));

        // The report's time is written like every other instant: the same text as the incident's, in the city's offset,
        // with no escaped '+' (it used to echo the stored instant as "O" text, "…\u002B00:00").
        var reportAt = read.Body.GetProperty("report").GetProperty("occurredAt");
        reportAt.GetString().Should().Be(read.Body.Str("occurredAt")).And.EndWith("+08:00");
        reportAt.GetRawText().Should().NotContain("\\u");
    }

    [Fact]
    public async Task GetIncident_UnknownId_Returns404Problem()
    {
        using var client = factory.As(RoleCatalogue.Observer);

        using var response = await client.GetAsync($"{Http.Incidents}/{Guid.NewGuid()}");

        await response.ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task FileReport_ContinuationRaisingDeathsToTen_RecommendsEscalationAndRaisesObligations()
    {
        var opened = await factory.OpenAsync(Bodies.Incident(figures: ThreeDead));

        var changed = await factory.ChangeAsync(opened, "/reports", Bodies.Continuation(new { deaths = 10 }, "又有7人死亡"), RoleCatalogue.DutyOfficer);

        changed.ETag.Should().Be(2);
        var body = changed.Body;
        body.GetProperty("version").GetInt64().Should().Be(2);
        body.Str("state").Should().Be("Reporting");
        body.GetProperty("assessment").GetProperty("grade").Str("value").Should().Be("serious");
        body.GetProperty("assessment").GetProperty("response").Str("level").Should().Be("I");
        var escalation = body.GetProperty("escalation");
        escalation.Str("fromGrade").Should().Be("relatively-serious");
        escalation.Str("toGrade").Should().Be("serious");
        escalation.Str("fromLevel").Should().Be("II");
        escalation.Str("toLevel").Should().Be("I");
        escalation.GetProperty("activatedBy").GetProperty("roles").Strings().Should().Equal("commander");
        // The continuation itself meets the daily continuation duty (5.1.2, met at 10:00, due 03-02 09:10); the next one is
        // due by the 重大 cadence, 4 hours from occurrence (13:10); 重大 also owes the direct report to the superior duty room
        // "不得晚于事发后30分钟" (5.1.1): 09:40, already past when 重大 arises from this report, so it is owed 立即 (ADR 0003 #71). The phone
        // report the incident owed when opened keeps the text's time and is overdue.
        Clocks(body).Should().BeEquivalentTo(new[]
        {
            ("call-122", (string?)null, "pending"),
            ("county-office-report-to-county-hq", null, "pending"),
            ("report-to-superior-department", null, "pending"),
            ("phone-report-to-city", "2026-03-01T09:40:00+08:00", "overdue"),
            ("written-report-to-city", "2026-03-01T10:10:00+08:00", "due-soon"),
            ("continuation-report", "2026-03-02T09:10:00+08:00", "met-on-time"),
            ("continuation-report#2", "2026-03-01T13:10:00+08:00", "pending"),
            ("direct-report-to-superior-duty-room", null, "pending"),
            ("continuation-on-casualty-change", null, "met-on-time"),
            // The office's proposal of Ⅱ (5.3.2 启动程序) and, the figures now calling for Ⅰ, that of Ⅰ (5.3.1 启动程序
            // "向市指挥部提出启动Ⅰ级应急响应的建议"): each its own duty.
            ("office-proposal", null, "pending"),
            ("office-proposal#2", null, "pending"),
        });
        body.Obligation("continuation-report").Str("metAt").Should().Be("2026-03-01T10:00:00+08:00");
        body.Obligation("continuation-report#2").Str("every").Should().Be("PT4H", "重大以上 every 4 hours (5.1.2)");
        body.Obligation("direct-report-to-superior-duty-room").Str("to").Should().Be("上级值班室");
        body.Obligation("continuation-on-casualty-change").Str("timing").Should().Be("immediately");
        var types = body.GetProperty("timeline").EnumerateArray().Select(t => t.Str("type")).ToArray();
        types.Should().ContainInOrder("first-report", "continuation-report", "escalation-recommended");
        body.GetProperty("timeline").EnumerateArray().Should().Contain(t => t.Str("type") == "continuation-report" && t.Str("summary").StartsWith("又有7人死亡"));
    }

    [Fact]
    public async Task Escalation_ActivatingTheRecommendedLevel_MarksItActedOn()
    {
        // R 5.3.2 "由市指挥部指挥长或副指挥长决定启动Ⅱ级响应": once the body decided Ⅱ the recommendation is dealt with; it stayed on the
        // incident reading as an open call to act (a natural-disaster duty officer's review, the same on every plan).
        var opened = await factory.OpenAsync(Bodies.Incident(figures: new { deaths = 1, missing = 0, seriousInjuries = 0, directLossWan = 10m }));
        var raised = await factory.ChangeAsync(opened, "/reports", Bodies.Continuation(new { missing = 5 }, "5人失联"), RoleCatalogue.DutyOfficer);
        raised.Body.GetProperty("escalation").GetProperty("actedOn").GetBoolean().Should().BeFalse();

        var lower = await factory.ChangeAsync(raised, "/response", Bodies.Activate("III"), RoleCatalogue.OfficeDirector);
        lower.Body.GetProperty("escalation").GetProperty("actedOn").GetBoolean().Should().BeFalse("Ⅲ is below the recommended Ⅱ");

        var activated = await factory.ChangeAsync(lower, "/response", new { level = "II", action = "adjust", reason = "失联人员增加" }, RoleCatalogue.Commander);

        activated.Body.GetProperty("escalation").Str("toLevel").Should().Be("II");
        activated.Body.GetProperty("escalation").GetProperty("actedOn").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task FileReport_MissingPeopleRaiseTheLevelButNotTheGrade_RecommendsLevelIIAndOwesThePhoneReportOfAnUnsettledGrade()
    {
        var opened = await factory.OpenAsync(Bodies.Incident(figures: new { deaths = 1, missing = 0, seriousInjuries = 0, directLossWan = 10m }));
        opened.Body.GetProperty("assessment").GetProperty("response").Str("level").Should().Be("III");

        var changed = await factory.ChangeAsync(opened, "/reports", Bodies.Continuation(new { missing = 5 }, "5人失联"), RoleCatalogue.DutyOfficer);

        var escalation = changed.Body.GetProperty("escalation");
        escalation.Str("fromLevel").Should().Be("III");
        escalation.Str("toLevel").Should().Be("II", "the response counts dead plus missing: 1 + 5 = 6 (5.3.2(1))");
        escalation.Str("fromGrade").Should().Be("ordinary");
        escalation.Str("toGrade").Should().Be("ordinary", "the grade counts deaths only (1.5)");
        escalation.GetProperty("because")[0].Str("clause").Should().Be("5.3.2(1)");
        var grade = changed.Body.GetProperty("assessment").GetProperty("grade");
        grade.GetProperty("determined").GetBoolean().Should().BeFalse("the 5 missing may be dead: 6 deaths would be 较大 (1.5(3)), DOMAIN R3");
        grade.Str("upTo").Should().Be("relatively-serious");
        Clocks(changed.Body).Should().BeEquivalentTo(new[]
        {
            ("call-122", (string?)null, "pending"),
            ("county-office-report-to-county-hq", null, "pending"),
            ("report-to-superior-department", null, "pending"),
            ("report-to-city", "2026-03-01T10:10:00+08:00", "due-soon"),
            // "伤亡人数发生变化的,应立即续报" (5.1.2): this 续报 reports the 5 missing, so it is that report.
            ("continuation-on-casualty-change", null, "met-on-time"),
            // 5.1.1 "较大以上或暂时无法判明等级的……30分钟内……电话报告……1小时以内……书面报告", counted from the occurrence (09:10): the phone
            // report's time (09:40) has passed when the office learns of the missing, so it is owed 立即 (ADR 0003 #71: it arose after its
            // time, from a later report); 5.1.2 "较大以上……每日至少续报1次": this 续报 is the first day's,
            // so the next is owed a day after it, never more than a day without one (ADR 0003; before 2026-12-05, by 03-03 09:10).
            ("phone-report-to-city", null, "pending"),
            ("written-report-to-city", "2026-03-01T10:10:00+08:00", "due-soon"),
            ("continuation-report", "2026-03-02T09:10:00+08:00", "met-on-time"),
            ("continuation-report#2", "2026-03-02T10:00:00+08:00", "pending"),
            // 5.3.2 启动程序: the office's proposal of Ⅱ, owed now that 1 dead and 5 missing call for Ⅱ.
            ("office-proposal", null, "pending"),
        });
    }

    [Fact]
    public async Task FileReport_UnknownIncident_Returns404Problem()
    {
        using var client = factory.As(RoleCatalogue.DutyOfficer);

        using var response = await client.PostJsonAsync($"{Http.Incidents}/{Guid.NewGuid()}/reports", Bodies.Continuation(), 1);

        await response.ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task FileReport_ContinuationWithoutNewFigures_RaisesNoCasualtyObligationAndNoEscalation()
    {
        var opened = await factory.OpenAsync(Bodies.Incident(figures: ThreeDead));

        var changed = await factory.ChangeAsync(opened, "/reports", Bodies.Continuation(summary: "现场清理中"), RoleCatalogue.DutyOfficer);

        changed.Body.GetProperty("escalation").ValueKind.Should().Be(JsonValueKind.Null);
        ObligationKeys(changed.Body).Should().NotContain("continuation-on-casualty-change");
        changed.Body.GetProperty("report").GetProperty("figures").GetProperty("deaths").GetInt64().Should().Be(3, "omitted figures keep their value");
    }

    [Fact]
    public async Task FileReport_SecondCasualtyChange_RaisesASecondImmediateObligation()
    {
        var opened = await factory.OpenAsync(Bodies.Incident(figures: ThreeDead));

        var first = await factory.ChangeAsync(opened, "/reports", Bodies.Continuation(new { seriousInjuries = 1 }), RoleCatalogue.DutyOfficer);
        var second = await factory.ChangeAsync(first, "/reports", Bodies.Continuation(new { deaths = 4 }), RoleCatalogue.DutyOfficer);

        ObligationKeys(second.Body).Where(k => k.StartsWith("continuation-on-casualty-change")).Should()
            .Equal("continuation-on-casualty-change", "continuation-on-casualty-change#2");
        second.ETag.Should().Be(3);
    }

    [Fact]
    public async Task FileReport_FinalWithoutResponse_ClosesTheIncidentAndCancelsContinuations()
    {
        var opened = await factory.OpenAsync(Bodies.Incident(figures: ThreeDead));

        var final = await factory.ChangeAsync(opened, "/reports", Bodies.Final(), RoleCatalogue.DutyOfficer);

        final.Body.Str("state").Should().Be("Closed");
        final.Body.GetProperty("open").GetBoolean().Should().BeFalse();
        final.Body.GetProperty("allowedReports").GetArrayLength().Should().Be(0);
        final.Body.Obligation("continuation-report").Str("status").Should().Be("ended", "每日至少续报1次 runs until the 终报 (5.1.2)");
        final.Body.GetProperty("timeline").EnumerateArray().Select(t => t.Str("type")).Should().Contain(["final-report", "incident-closed"]);
    }

    [Fact]
    public async Task Timeline_SaysWhoInTheWordsOfThePlan_BesideTheActorIdentifier()
    {
        // The timeline is the duty office's record, in Chinese: its actor said "engine", "EmergencyPlans (system)" and
        // "… (deputy-commander)". actorName names the post as the road plan does (R 5.3.2 市指挥部指挥长或副指挥长), and actor stays the
        // identifier integrators filter on.
        var incident = await factory.OpenAsync(Bodies.Incident(figures: ThreeDead));
        var activated = await factory.ChangeAsync(incident, "/response", Bodies.Activate("II"), RoleCatalogue.DeputyCommander);
        var final = await factory.ChangeAsync(
            await factory.ChangeAsync(activated, "/response/termination", new { reason = "处置完毕", conditionsConfirmed = true }, RoleCatalogue.DeputyCommander),
            "/reports", Bodies.Final(), RoleCatalogue.DutyOfficer);

        var timeline = final.Body.GetProperty("timeline").EnumerateArray().ToArray();
        // The keys of these tests are named "test <role>": a person's name is the caller's own; the post beside it is the plan's.
        timeline.Should().OnlyContain(t => t.Str("actorName").Length > 0 && !t.Str("actorName").Contains(" (", StringComparison.Ordinal),
            "every author is said with the plan's post, not the role identifier");
        timeline.Where(t => t.Str("type") == "first-report").Select(t => t.Str("actorName")).Should().Equal("test duty-officer（值班员）");
        timeline.Where(t => t.Str("actor") == "engine").Select(t => t.Str("actorName")).Should().NotBeEmpty().And.OnlyContain(n => n == "系统（依预案研判）");
        timeline.Single(t => t.Str("type") == "response-activated").Str("actorName").Should().Contain("市指挥部副指挥长");
        timeline.Single(t => t.Str("type") == "response-activated").Str("actor").Should().Contain("deputy-commander");
        timeline.Single(t => t.Str("type") == "incident-closed").Str("actorName").Should().Be("系统");
    }

    [Fact]
    public async Task Response_OfficeProposesCommanderDeclinesThenActivates_EachStepOfferedAndRecorded()
    {
        // R 5.3.2: 市指挥部办公室……向市指挥部提出启动Ⅱ级应急响应的建议，由市指挥部指挥长或副指挥长决定启动Ⅱ级响应.
        var incident = await factory.OpenAsync(Bodies.Incident(figures: ThreeDead));
        (await factory.GetAsync(incident.Id)).Body.GetProperty("response").GetProperty("allowedTriggers").Strings()
            .Should().Contain(["Propose", "Activate"], "what the API offers it also takes");

        var proposed = await factory.ChangeAsync(incident, "/response", new { level = "II", action = "propose", reason = "死亡3人，建议启动Ⅱ级响应" }, RoleCatalogue.OfficeDirector);
        var response = proposed.Body.GetProperty("response");
        response.Str("state").Should().Be("Proposed");
        response.Str("proposedLevel").Should().Be("II");
        response.GetProperty("allowedTriggers").Strings().Should().Contain(["Activate", "Decline"]);

        // The office director could not have activated Ⅱ, so he cannot turn it down either.
        using (var director = factory.As(RoleCatalogue.OfficeDirector))
        using (var refused = await director.PostJsonAsync(incident.Url + "/response", new { action = "decline", reason = "不启动" }, proposed.ETag))
        {
            await refused.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        }

        var declined = await factory.ChangeAsync(proposed, "/response", new { action = "decline", reason = "县级已处置，暂不启动" }, RoleCatalogue.Commander);
        declined.Body.GetProperty("response").Str("state").Should().Be("NotActivated");

        var again = await factory.ChangeAsync(declined, "/response", new { level = "II", action = "propose", reason = "又有1人死亡" }, RoleCatalogue.OfficeDirector);
        var activated = await factory.ChangeAsync(again, "/response", Bodies.Activate("II"), RoleCatalogue.DeputyCommander);
        activated.Body.GetProperty("response").Str("state").Should().Be("Active");
        activated.Body.GetProperty("timeline").EnumerateArray().Select(t => t.Str("type"))
            .Should().ContainInOrder("response-proposed", "response-declined", "response-proposed", "response-activated");
    }

    [Fact]
    public async Task Response_DeclineWithNothingProposed_Returns409()
    {
        var incident = await factory.OpenAsync(Bodies.Incident(figures: ThreeDead));
        using var client = factory.As(RoleCatalogue.Commander);

        using var response = await client.PostJsonAsync(incident.Url + "/response", new { action = "decline", reason = "不启动" }, incident.ETag);

        await response.ShouldHaveStatusAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Response_ActivateAdjustTerminateFinal_RecordsEachDecisionAndClosesAtTheEnd()
    {
        var incident = await factory.OpenAsync(Bodies.Incident(figures: ThreeDead));

        var activated = await factory.ChangeAsync(incident, "/response", Bodies.Activate("II"), RoleCatalogue.Commander);
        activated.ETag.Should().Be(2);
        var response = activated.Body.GetProperty("response");
        response.Str("state").Should().Be("Active");
        response.Str("level").Should().Be("II");
        response.Str("responsibleBody").Should().EndWith("（市指挥部指挥长）", "the post as R 5.3.1 names it, not the role id");
        // Propose: the office may propose Ⅰ while the Ⅱ is in force (R 5.3.1; since 2026-12-05).
        response.GetProperty("allowedTriggers").Strings().Should().BeEquivalentTo("Propose", "Adjust", "Terminate");

        var adjusted = await factory.ChangeAsync(activated, "/response", new { level = "I", action = "adjust", reason = "死亡人数上升" }, RoleCatalogue.Commander);
        adjusted.ETag.Should().Be(3);
        adjusted.Body.GetProperty("response").Str("level").Should().Be("I");

        var terminated = await factory.ChangeAsync(adjusted, "/response/termination", Bodies.Terminate(), RoleCatalogue.Commander);
        terminated.ETag.Should().Be(4);
        terminated.Body.GetProperty("response").Str("state").Should().Be("Terminated");
        terminated.Body.GetProperty("open").GetBoolean().Should().BeTrue("the 终报 is not in yet");

        // R 5.1.2 终报要素包括……处置结果: filed once the response has ended, it closes the incident.
        var final = await factory.ChangeAsync(terminated, "/reports", Bodies.Final(), RoleCatalogue.DutyOfficer);
        final.ETag.Should().Be(5);
        final.Body.Str("state").Should().Be("Closed");
        final.Body.GetProperty("open").GetBoolean().Should().BeFalse();
        final.Body.GetProperty("response").GetProperty("decisions").EnumerateArray().Select(d => d.Str("trigger"))
            .Should().Equal("Activate", "Adjust", "Terminate");
    }

    [Fact]
    public async Task Fulfil_PhoneReportMadeBeforeItsDueTime_IsMetOnTime()
    {
        var incident = await factory.OpenAsync(Bodies.Incident(figures: ThreeDead));

        var fulfilled = await factory.ChangeAsync(incident, "/obligations/phone-report-to-city/fulfilment",
            Bodies.Fulfil("2026-03-01T09:35:00+08:00"), RoleCatalogue.DutyOfficer);

        fulfilled.ETag.Should().Be(2);
        var phone = fulfilled.Body.Obligation("phone-report-to-city");
        phone.Str("status").Should().Be("met-on-time");
        phone.GetProperty("onTime").GetBoolean().Should().BeTrue();
        phone.Str("metAt").Should().Be("2026-03-01T09:35:00+08:00");
        phone.Str("metBy").Should().Contain("(duty-officer)");
        phone.Str("metByName").Should().Be("test duty-officer（值班员）", "the key holder's name and the post in Chinese, not (duty-officer)");
    }

    [Fact]
    public async Task Fulfil_PhoneReportMadeAfterItsDueTime_IsLate()
    {
        var incident = await factory.OpenAsync(Bodies.Incident(figures: ThreeDead));

        var fulfilled = await factory.ChangeAsync(incident, "/obligations/phone-report-to-city/fulfilment",
            Bodies.Fulfil("2026-03-01T09:40:01+08:00"), RoleCatalogue.DutyOfficer);

        var phone = fulfilled.Body.Obligation("phone-report-to-city");
        phone.Str("status").Should().Be("met-late");
        phone.GetProperty("onTime").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task Fulfil_ExactlyAtTheDueTime_IsOnTime()
    {
        var incident = await factory.OpenAsync(Bodies.Incident(figures: ThreeDead));

        var fulfilled = await factory.ChangeAsync(incident, "/obligations/phone-report-to-city/fulfilment",
            Bodies.Fulfil("2026-03-01T09:40:00+08:00"), RoleCatalogue.OfficeDirector);

        fulfilled.Body.Obligation("phone-report-to-city").Str("status").Should().Be("met-on-time", "\"30分钟内\" includes the 30th minute itself");
    }

    // FINDING: a fulfilment without a note is refused with 400 {"note": ...} although FulfilmentRequest.Note is optional
    // (its validator only caps the length): IncidentAggregate.cs:145 passes `note ?? ""` to ObligationLifecycle.Fulfil,
    // whose DecisionRules.RequireReason (ObligationLifecycle.cs:164) throws on an empty string.
    [Fact]
    public async Task Fulfil_WithoutANote_IsAcceptedBecauseTheNoteIsOptional()
    {
        var incident = await factory.OpenAsync(Bodies.Incident(figures: ThreeDead));
        using var client = factory.As(RoleCatalogue.DutyOfficer);

        using var response = await client.PostJsonAsync(incident.Url + "/obligations/phone-report-to-city/fulfilment",
            new { madeAt = "2026-03-01T09:35:00+08:00" }, incident.ETag);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await response.JsonAsync()).Obligation("phone-report-to-city").Str("status").Should().Be("met-on-time");
    }

    [Fact]
    public async Task Warning_ProposeIssueAdjustLift_FollowsTheRoadPlanApprovals()
    {
        var incident = await factory.OpenAsync(Bodies.Incident(figures: ThreeDead));

        var proposed = await factory.ChangeAsync(incident, "/warnings", new { action = "propose", colour = "yellow", reason = "团雾，能见度40米" }, RoleCatalogue.OfficeDirector);
        var warning = proposed.Body.GetProperty("warnings")[0];
        warning.Str("state").Should().Be("Proposed");
        warning.Str("colour").Should().Be("yellow", "as the request and the assessment spell it (it read Yellow: road review R5)");
        var warningId = warning.Str("id");

        var issued = await factory.ChangeAsync(proposed, "/warnings", new { action = "issue", warningId, reason = "同意发布" }, RoleCatalogue.DeputyCommander);
        warning = issued.Body.GetProperty("warnings")[0];
        warning.Str("state").Should().Be("Issued");
        warning.Str("approvedBy").Should().Contain("(deputy-commander)", "a yellow warning is approved by a deputy commander (4.4.1)");
        warning.Str("issuedBy").Should().Contain("(office-director)", "the office issues every colour");

        var adjusted = await factory.ChangeAsync(issued, "/warnings", new { action = "adjust", warningId, colour = "orange", reason = "能见度降至20米" }, RoleCatalogue.Commander);
        warning = adjusted.Body.GetProperty("warnings")[0];
        warning.Str("state").Should().Be("Adjusted");
        warning.Str("colour").Should().Be("orange");
        warning.Str("approvedBy").Should().Contain("(commander)");

        var lifted = await factory.ChangeAsync(adjusted, "/warnings", new { action = "lift", warningId, reason = "雾散" }, RoleCatalogue.OfficeDirector);
        lifted.Body.GetProperty("warnings")[0].Str("state").Should().Be("Lifted");
        lifted.ETag.Should().Be(5);
    }

    [Fact]
    public async Task Warning_ProposalRejectedByItsApprover_IsRejected()
    {
        var incident = await factory.OpenAsync(Bodies.Incident(figures: ThreeDead));
        var proposed = await factory.ChangeAsync(incident, "/warnings", new { action = "propose", colour = "orange", reason = "国道阻断" }, RoleCatalogue.OfficeDirector);
        var warningId = proposed.Body.GetProperty("warnings")[0].Str("id");

        var rejected = await factory.ChangeAsync(proposed, "/warnings", new { action = "reject", warningId, reason = "预计2小时内抢通" }, RoleCatalogue.Commander);

        rejected.Body.GetProperty("warnings")[0].Str("state").Should().Be("Rejected");
    }

    [Fact]
    public async Task ListIncidents_Filters_SelectByPlanLevelAndOpenness()
    {
        var road = await factory.OpenAsync(Bodies.Incident(figures: ThreeDead));
        var construction = await factory.OpenAsync(Bodies.Incident("construction", new { deaths = 1, missing = 0, trapped = 0, endangered = 0 }));

        (await factory.ListIdsAsync("plan=road-traffic&open=true&level=II")).Should().Contain(road.Id).And.NotContain(construction.Id);
        (await factory.ListIdsAsync("plan=construction")).Should().Contain(construction.Id).And.NotContain(road.Id);
        (await factory.ListIdsAsync("level=I")).Should().NotContain(road.Id);
        (await factory.ListIdsAsync("open=false")).Should().NotContain(road.Id);

        using var client = factory.As(RoleCatalogue.Observer);
        using var response = await client.GetAsync($"{Http.Incidents}?plan=road-traffic&limit=500");
        var summary = (await response.JsonAsync()).EnumerateArray().Single(e => e.Str("id") == road.Id);
        summary.GetProperty("version").GetInt64().Should().Be(1);
        summary.Str("level").Should().Be("II");
        summary.Str("responseState").Should().Be("NotActivated");
        summary.GetProperty("open").GetBoolean().Should().BeTrue();
        summary.GetProperty("nextObligationDueAt").GetDateTimeOffset().Should().Be(DateTimeOffset.Parse("2026-03-01T09:40:00+08:00"));
        summary.GetProperty("overdue").GetBoolean().Should().BeTrue("the phone report was due at 09:40 and it is 10:00");
        // What and where, so a duty officer can tell the rows apart without opening each one.
        summary.Str("county").Should().Be("泽州县");
        summary.Str("place").Should().Be("G207 K1023");
        summary.Str("nature").Should().Be("两车相撞");
    }

    [Fact]
    public async Task ListIncidents_AfterTermination_SaysTheLevelIsNoLongerInForce()
    {
        // Audit, "seen by using the service": after termination the list still showed the level, and nothing said that the
        // response had ended (R 5.7 "宣布应急响应终止"), while the incident stays open until its final report.
        var incident = await factory.OpenAsync(Bodies.Incident(figures: ThreeDead));
        var active = await factory.ChangeAsync(incident, "/response", Bodies.Activate("II"), RoleCatalogue.Commander);
        (await Summary(active.Id)).Str("responseState").Should().Be("Active");
        (await factory.ListIdsAsync("responseState=Active")).Should().Contain(active.Id);

        var ended = await factory.ChangeAsync(active, "/response/termination", Bodies.Terminate(), RoleCatalogue.Commander);

        var summary = await Summary(ended.Id);
        summary.Str("responseState").Should().Be("Terminated");
        summary.Str("level").Should().Be("II", "the level that was ended: the state says it is no longer in force");
        summary.GetProperty("open").GetBoolean().Should().BeTrue("the final report is not in yet");
        (await factory.ListIdsAsync("responseState=Active")).Should().NotContain(ended.Id);
        (await factory.ListIdsAsync("open=true&responseState=Terminated")).Should().Contain(ended.Id);

        async Task<System.Text.Json.JsonElement> Summary(string id)
        {
            using var client = factory.As(RoleCatalogue.Observer);
            using var response = await client.GetAsync($"{Http.Incidents}?limit=500");
            return (await response.JsonAsync()).EnumerateArray().Single(e => e.Str("id") == id);
        }
    }

    [Fact]
    public async Task ListIncidents_ATerminatedResponse_IsListedAtTheLevelEnded_NotTheOneTheFiguresCameToCallFor()
    {
        // R 5.3.1(1) "造成10人以上……死亡" → Ⅰ, activated by the commander; 核实 9 dead (Ⅱ); the commander ends the Ⅰ. The row said level II,
        // Terminated ("a Ⅱ response was ended"), and ?level=I, the week's Ⅰ responses for 6.4 总结评估, missed it (session 54).
        var incident = await factory.OpenAsync(Bodies.Incident(figures: new { deaths = 11 }));
        var active = await factory.ChangeAsync(incident, "/response", Bodies.Activate("I"), RoleCatalogue.Commander);
        active = await factory.ChangeAsync(active, "/reports", new { kind = "continuation", summary = "核实：死亡9人", figures = new { deaths = 9 } }, RoleCatalogue.DutyOfficer);
        var ended = await factory.ChangeAsync(active, "/response/termination", Bodies.Terminate(), RoleCatalogue.Commander);

        using var client = factory.As(RoleCatalogue.Observer);
        using var response = await client.GetAsync($"{Http.Incidents}?limit=500&level=I");
        var row = (await response.JsonAsync()).EnumerateArray().Single(e => e.Str("id") == ended.Id);
        (row.Str("level"), row.Str("levelCalledFor"), row.Str("responseState")).Should().Be(("I", "II", "Terminated"));
    }

    [Fact]
    public async Task ListIncidents_ShowTheGrade_AndALevelInForceBelowTheOneTheFiguresCallFor()
    {
        // A road duty officer's review (R13): the row said level II and Active, and nothing of the grade, nor that the figures had
        // come to call for Ⅰ: rows of 一般 and 重大 incidents looked alike, though 重大 owes the direct report to 上级值班室 (R 5.1.1).
        // 1.5: 3人以上10人以下死亡 较大, 10人以上30人以下死亡 重大; 5.3.2(1) 3人以上10人以下死亡（含失踪） Ⅱ级, 5.3.1(1) 10人以上 Ⅰ级.
        var incident = await factory.OpenAsync(Bodies.Incident(figures: ThreeDead));
        var row = await Row(incident.Id);
        row.Str("grade").Should().Be("relatively-serious");
        row.Str("gradeLabel").Should().Be("较大");
        row.GetProperty("gradeDetermined").GetBoolean().Should().BeTrue();
        row.Str("levelCalledFor").Should().Be("II");
        row.GetProperty("belowThePlan").GetBoolean().Should().BeFalse("no level is in force yet: the row's level is the one called for");

        var active = await factory.ChangeAsync(incident, "/response", Bodies.Activate("II"), RoleCatalogue.DeputyCommander);
        (await Row(active.Id)).GetProperty("belowThePlan").GetBoolean().Should().BeFalse("Ⅱ is in force and Ⅱ is called for");

        var worse = await factory.ChangeAsync(active, "/reports", Bodies.Continuation(new { deaths = 10, missing = 0 }), RoleCatalogue.DutyOfficer);
        row = await Row(worse.Id);
        row.Str("level").Should().Be("II", "the level in force");
        row.Str("responseState").Should().Be("Active");
        row.Str("levelCalledFor").Should().Be("I", "5.3.1(1): 10人以上死亡");
        row.GetProperty("belowThePlan").GetBoolean().Should().BeTrue();
        row.Str("grade").Should().Be("serious");
        row.Str("gradeLabel").Should().Be("重大");

        // 2 dead and 1 missing: 一般 on the dead, but the missing may be dead (DOMAIN R3): not determined.
        var unsure = await factory.OpenAsync(Bodies.Incident(figures: new { deaths = 2, missing = 1, seriousInjuries = 0, directLossWan = 10m }));
        row = await Row(unsure.Id);
        row.Str("grade").Should().Be("ordinary");
        row.GetProperty("gradeDetermined").GetBoolean().Should().BeFalse();

        async Task<System.Text.Json.JsonElement> Row(string id)
        {
            using var client = factory.As(RoleCatalogue.Observer);
            using var response = await client.GetAsync($"{Http.Incidents}?limit=500");
            return (await response.JsonAsync()).EnumerateArray().Single(e => e.Str("id") == id);
        }
    }

    [Fact]
    public async Task ListIncidents_AfterTheFinalReport_ShowsTheIncidentAsClosed()
    {
        var incident = await factory.OpenAsync(Bodies.Incident(figures: ThreeDead));
        await factory.ChangeAsync(incident, "/reports", Bodies.Final(), RoleCatalogue.DutyOfficer);

        (await factory.ListIdsAsync("open=false")).Should().Contain(incident.Id);
        (await factory.ListIdsAsync("open=true")).Should().NotContain(incident.Id);
    }

    private static (string Code, string? DueAt, string? Every)[] Obligations(JsonElement assessment) =>
        assessment.GetProperty("obligations").EnumerateArray()
            .Select(o => (o.Str("code"), o.GetProperty("dueAt").GetString(), o.GetProperty("every").GetString())).ToArray();

    private static (string Key, string? DueAt, string Status)[] Clocks(JsonElement incident) =>
        incident.GetProperty("obligations").EnumerateArray()
            .Select(o => (o.Str("key"), o.GetProperty("dueAt").GetString(), o.Str("status"))).ToArray();

    private static string[] ObligationKeys(JsonElement incident) =>
        incident.GetProperty("obligations").EnumerateArray().Select(o => o.Str("key")).ToArray();
}
