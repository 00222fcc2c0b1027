using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Application.Alerts;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Domain;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyPlans.Api.Tests.Feeds;

/// <summary>
/// One accident, one incident: an incident the duty office opened over REST (phoned in first) is tied to the 122 dispatch record of the
/// same accident (<c>POST /api/v1/incidents/{id}/feed-records</c>), and 122's messages of the record are then filed on it. Before, the
/// record opened a second incident with its own duties and a second new-incident alert (a road duty officer's review, session 54, #4).
/// 晋市政办〔2025〕18号 5.1.1 "报送、报告事故信息时,应当做到及时、客观、真实,不得迟报、谎报、瞒报和漏报": two incidents for one accident invite
/// double or contradictory reports.
/// </summary>
public sealed class FeedRecordLinkTests : IDisposable
{
    private const string Path = "/feed-records";
    private readonly ApiFactory _host;

    public FeedRecordLinkTests()
        : this(new ApiFactory().With("Alerts:Enabled", "false"))
    {
    }

    /// <summary>The same checks on another store (<see cref="PostgresFeedRecordLinkTests"/>).</summary>
    internal FeedRecordLinkTests(ApiFactory host) => _host = host;

    public void Dispose() => _host.Dispose();

    /// <summary>122's record of a two-car collision on S331 in 阳城县: two dead, three seriously injured (it meets the intake rule).</summary>
    private static string Record(string dispatchId, long sequence, int deaths = 2, string status = "open", string? updatedAt = null, int seriousInjuries = 3,
        int injured = 5) =>
        new JsonObject
        {
            ["eventId"] = $"{dispatchId}-{sequence}",
            ["dispatchId"] = dispatchId,
            ["sequence"] = sequence,
            ["updatedAt"] = updatedAt ?? $"2026-03-01T09:{30 + sequence:00}:00+08:00",
            ["callAt"] = "2026-03-01T09:12:00+08:00",
            ["occurredAt"] = "2026-03-01T09:10:00+08:00",
            ["county"] = "阳城县",
            ["road"] = new JsonObject { ["code"] = "S331", ["km"] = 130, ["name"] = "省道331线" },
            ["nature"] = "collision",
            ["figures"] = new JsonObject { ["deaths"] = deaths, ["missing"] = 0, ["seriousInjuries"] = seriousInjuries, ["injured"] = injured },
            ["text"] = "两车相撞",
            ["status"] = status,
        }.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private Task<Opened> PhonedInAsync() => _host.OpenAsync(Bodies.Incident(figures: new { deaths = 2, seriousInjuries = 3, injured = 5 }, county: "阳城县", place: Place));

    /// <summary>Where the county's call put the accident: the road of 122's record (<see cref="Record"/>), as the office writes a place.</summary>
    private const string Place = "S331 K130 省道331线";

    private async Task<(HttpStatusCode Status, JsonElement Body)> LinkAsync(Opened incident, string dispatchId, string role = RoleCatalogue.DutyOfficer) =>
        await _host.PostRawAsync(incident, Path, JsonSerializer.Serialize(new { dispatchId, note = "同一起事故（阳城县值班室电话报告）" }), role);

    [Fact]
    public async Task ARecordTiedBeforeItCame_IsFiledOnTheOfficesIncident_NoSecondIncidentNorNewIncidentAlert()
    {
        var phoned = await PhonedInAsync();

        var (status, linked) = await LinkAsync(phoned, "JC122-0901");

        status.Should().Be(HttpStatusCode.OK);
        using (var reader = _host.As(RoleCatalogue.Observer))
        using (var history = await reader.GetAsync("/api/v1/feeds/122/dispatches/JC122-0901"))
        {
            await history.ShouldHaveStatusAsync(HttpStatusCode.OK);
            var tied = await history.JsonAsync();
            tied.Str("incidentId").Should().Be(phoned.Id, "the record is tied before any message came");
            tied.GetProperty("appliedSequence").GetInt64().Should().Be(-1);
            tied.GetProperty("messages").GetArrayLength().Should().Be(0);
        }

        var record = linked.GetProperty("linkedFeedRecords").EnumerateArray().Should().ContainSingle().Which;
        record.Str("channel").Should().Be("122");
        record.Str("dispatchId").Should().Be("JC122-0901");
        linked.GetProperty("timeline").EnumerateArray().Should().Contain(t => t.Str("type") == "feed-record-linked"
                                                                             && t.Str("summary").Contains("关联122接警单JC122-0901"));

        var (results, _) = await _host.PostFeedAsync([Record("JC122-0901", 1), Record("JC122-0901", 2, deaths: 3)]);

        results.Select(r => r.Str("outcome")).Should().Equal("updated", "updated");
        results.Select(r => r.Str("incidentId")).Should().AllBe(phoned.Id);
        (await _host.CountAsync()).Should().Be(1, "one accident, one incident");
        var incident = (await _host.GetAsync(phoned.Id)).Body;
        incident.GetProperty("report").GetProperty("figures").GetProperty("deaths").GetInt64().Should().Be(3, "122's second message said 3 dead");
        var alerts = await FeedConditionsTests.ScannedAlertsAsync(_host, AlertKinds.NewIncident);
        alerts.Should().ContainSingle("the office's own incident is new once; 122's record opened nothing").Which.Str("incidentId").Should().Be(phoned.Id);
    }

    [Fact]
    public async Task ARoutineRecordTiedLater_KeepsItsHistory_AndItsNextMessageIsFiledOnTheIncident()
    {
        // 122's first message names nobody hurt (routine, kept); the office, phoned by the county, opens the incident and ties the record.
        var (first, _) = await _host.PostFeedAsync([Record("JC122-0902", 1, deaths: 0).Replace("\"seriousInjuries\":3", "\"seriousInjuries\":0")]);
        first[0].Str("outcome").Should().Be("routine");
        var phoned = await PhonedInAsync();

        (await LinkAsync(phoned, "JC122-0902")).Status.Should().Be(HttpStatusCode.OK);

        var (stale, _) = await _host.PostFeedAsync([Record("JC122-0902", 1, deaths: 1)]);
        stale[0].Str("status").Should().Be("conflict", "the same eventId with other content stays a conflict: the link keeps the record's history");
        var (next, _) = await _host.PostFeedAsync([Record("JC122-0902", 2)]);
        next[0].Str("outcome").Should().Be("updated");
        next[0].Str("incidentId").Should().Be(phoned.Id);
        var history = await _host.Services.GetRequiredService<IFeedStore>().ReadHistoryAsync("JC122-0902");
        history.Select(m => m.Sequence).Should().Equal(1, 2);
    }

    [Fact]
    public async Task ARecordThatOpenedAnIncidentStillOpen_IsRefused409NamingIt_AndNothingChanges()
    {
        var (opened, _) = await _host.PostFeedAsync([Record("JC122-0903", 1)]);
        var feedIncident = opened[0].Str("incidentId");
        var phoned = await PhonedInAsync();

        var (status, problem) = await LinkAsync(phoned, "JC122-0903");

        status.Should().Be(HttpStatusCode.Conflict);
        problem.ErrorFields().Should().Equal("dispatchId");
        problem.Str("incidentId").Should().Be(feedIncident);
        problem.GetProperty("errors").GetProperty("dispatchId")[0].GetString().Should().Contain("已立为事件").And.Contain("enteredInError");
        (await _host.GetAsync(phoned.Id)).ETag.Should().Be(phoned.ETag, "nothing was written");
        var (next, _) = await _host.PostFeedAsync([Record("JC122-0903", 2)]);
        next[0].Str("incidentId").Should().Be(feedIncident, "the record still reaches the incident it opened");
    }

    [Fact]
    public async Task ARecordWhoseIncidentWasClosedInError_IsTiedToTheKeptOne_SayingWhichItReplaces()
    {
        var (opened, _) = await _host.PostFeedAsync([Record("JC122-0904", 1)]);
        var feedIncident = opened[0].Str("incidentId");
        var duplicate = await _host.GetAsync(feedIncident);
        await _host.ChangeAsync(duplicate, "/reports", new { kind = "final", summary = "与值班室电话报告的事件为同一起事故，立案有误", enteredInError = true },
            RoleCatalogue.DutyOfficer);
        var phoned = await PhonedInAsync();

        var (status, linked) = await LinkAsync(phoned, "JC122-0904");

        status.Should().Be(HttpStatusCode.OK);
        linked.GetProperty("linkedFeedRecords")[0].Str("replaces").Should().Be(feedIncident);
        linked.GetProperty("timeline").EnumerateArray().Single(t => t.Str("type") == "feed-record-linked").Str("summary").Should().Contain(feedIncident).And.Contain("已关闭");
        var (next, _) = await _host.PostFeedAsync([Record("JC122-0904", 2, deaths: 3)]);
        next[0].Str("outcome").Should().Be("updated");
        next[0].Str("incidentId").Should().Be(phoned.Id);
    }

    [Fact]
    public async Task TyingTheSameRecordAgain_AnswersTheIncidentAsItIs_WritingNothing()
    {
        var phoned = await PhonedInAsync();
        var (_, first) = await LinkAsync(phoned, "JC122-0905");
        var after = phoned with { ETag = first.GetProperty("version").GetInt64() };

        var (status, again) = await LinkAsync(after, "JC122-0905");

        status.Should().Be(HttpStatusCode.OK);
        again.GetProperty("version").GetInt64().Should().Be(after.ETag);
        again.GetProperty("linkedFeedRecords").GetArrayLength().Should().Be(1);
    }

    [Fact]
    public async Task AnotherOfficesIncidentForTheSameRecord_IsRefused409_WhileTheFirstIsOpen()
    {
        var first = await PhonedInAsync();
        (await LinkAsync(first, "JC122-0906")).Status.Should().Be(HttpStatusCode.OK);
        var second = await PhonedInAsync();

        var (status, problem) = await LinkAsync(second, "JC122-0906");

        status.Should().Be(HttpStatusCode.Conflict);
        problem.Str("incidentId").Should().Be(first.Id);
    }

    [Fact]
    public async Task AConstructionIncident_IsRefused400NamingDispatchId_TheRoadPlanAloneTakes122Records()
    {
        var site = await _host.OpenAsync(Bodies.Incident(plan: "construction", figures: new { deaths = 1 }));

        var (status, problem) = await LinkAsync(site, "JC122-0907");

        status.Should().Be(HttpStatusCode.BadRequest);
        problem.ErrorFields().Should().Equal("dispatchId");
        problem.GetProperty("errors").GetProperty("dispatchId")[0].GetString().Should().Contain("不接收122接警单");
        (await _host.Services.GetRequiredService<IFeedStore>().FindDispatchesAsync(["JC122-0907"])).Should().BeEmpty("nothing was stored");
    }

    [Theory]
    [InlineData("{}", "dispatchId")]
    [InlineData("""{"dispatchId":"   "}""", "dispatchId")]
    [InlineData("""{"dispatchId":"JC","actingAs":"nobody"}""", "actingAs")]
    public async Task ABadBody_Is400NamingTheField(string json, string field)
    {
        var phoned = await PhonedInAsync();

        var (status, problem) = await _host.PostRawAsync(phoned, Path, json);

        status.Should().Be(HttpStatusCode.BadRequest);
        problem.ErrorFields().Should().Contain(field);
    }

    /// <summary>122's record of the same accident with nobody dead or seriously hurt yet (routine: it opens nothing).</summary>
    private static string RoutineRecord(string dispatchId, long sequence, int injured = 2, string? updatedAt = null) =>
        Record(dispatchId, sequence, deaths: 0, updatedAt: updatedAt, seriousInjuries: 0, injured: injured);

    private static readonly DateTimeOffset CallAt = DateTimeOffset.Parse("2026-03-01T09:12:00+08:00", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task ARecordReceivedBeforeTheTie_ItsCallMeetsCall122AtItsCallAt_InTheTiesOwnChange()
    {
        // R 5.1.1 "获悉道路交通安全突发事件的单位、公民,立即拨打报警电话(122)": 122's record is that call, taken at callAt (09:12). An incident the
        // feed opens has it met so; one the office opened and tied to the record was left with it owed, and ended "unmet" at its close, the
        // incident saying the call 122 took was never made (session 54's review, left by session 55).
        (await _host.PostFeedAsync([RoutineRecord("JC122-0911", 1)])).Results[0].Str("outcome").Should().Be("routine");
        var phoned = await PhonedInAsync();
        phoned.Body.Obligation("call-122").Str("status").Should().Be("pending");

        var (status, linked) = await LinkAsync(phoned, "JC122-0911");

        status.Should().Be(HttpStatusCode.OK);
        linked.GetProperty("version").GetInt64().Should().Be(phoned.ETag + 1, "the tie, the record's report and the call are one change");
        var call = linked.Obligation("call-122");
        call.Str("status").Should().Be("met-on-time");
        call.GetProperty("metAt").GetDateTimeOffset().Should().Be(CallAt);
        call.Str("metBy").Should().Contain("122接处警");
    }

    [Fact]
    public async Task ACallTheOfficeRecorded_IsKept_TheTiedRecordsCallReplacesNothing()
    {
        (await _host.PostFeedAsync([RoutineRecord("JC122-0912", 1)])).Results[0].Str("outcome").Should().Be("routine");
        var phoned = await PhonedInAsync();
        var recorded = await _host.ChangeAsync(phoned, "/obligations/call-122/fulfilment", Bodies.Fulfil("2026-03-01T09:20:00+08:00", "县值班室称已拨打122"),
            RoleCatalogue.DutyOfficer);

        var (status, linked) = await LinkAsync(recorded, "JC122-0912");

        status.Should().Be(HttpStatusCode.OK);
        var call = linked.Obligation("call-122");
        call.GetProperty("metAt").GetDateTimeOffset().Should().Be(DateTimeOffset.Parse("2026-03-01T09:20:00+08:00", System.Globalization.CultureInfo.InvariantCulture),
            "the office's own record of the call stands");
        linked.GetProperty("timeline").EnumerateArray().Count(t => t.Str("type") == "obligation-fulfilled").Should().Be(1);
    }

    [Fact]
    public async Task ARecordTiedBeforeItCame_ItsFirstMessageMeetsCall122AtItsCallAt_InTheMessagesOwnWrite()
    {
        var phoned = await PhonedInAsync();
        var (_, linked) = await LinkAsync(phoned, "JC122-0913");
        linked.Obligation("call-122").Str("status").Should().Be("pending", "nothing of the record has come yet");
        var tiedAt = linked.GetProperty("version").GetInt64();

        var (results, _) = await _host.PostFeedAsync([Record("JC122-0913", 1)]);

        results[0].Str("outcome").Should().Be("updated");
        results[0].Str("reason").Should().Contain("meets the incident's call duty");
        var incident = await _host.GetAsync(phoned.Id);
        incident.ETag.Should().Be(tiedAt + 1, "the continuation and the call are one write");
        var call = incident.Body.Obligation("call-122");
        call.Str("status").Should().Be("met-on-time");
        call.GetProperty("metAt").GetDateTimeOffset().Should().Be(CallAt);

        var (next, _) = await _host.PostFeedAsync([Record("JC122-0913", 2, deaths: 3)]);

        next[0].Str("reason").Should().NotContain("call duty", "only the record's first message meets it");
        (await _host.GetAsync(phoned.Id)).Body.GetProperty("timeline").EnumerateArray().Count(t => t.Str("type") == "obligation-fulfilled").Should().Be(1);
    }

    [Fact]
    public async Task TheRecordsLatestMessage_NewerThanTheIncidentsReport_IsFiledAtTheTie_AsItsContinuation()
    {
        // EIDO: each message is the whole record as 122 knew it. The office opened at 10:00 (one injured, phoned in); 122 then sent two messages
        // (2 injured at 10:05, 4 at 10:08), kept as routine. Tied, the incident held the office's figure until 122 sent a message after the tie.
        var phoned = await _host.OpenAsync(Bodies.Incident(figures: new { injured = 1 }, county: "阳城县", place: Place));
        _host.Clock.Advance(TimeSpan.FromMinutes(10));
        (await _host.PostFeedAsync([RoutineRecord("JC122-0914", 1, injured: 2, updatedAt: "2026-03-01T10:05:00+08:00"),
            RoutineRecord("JC122-0914", 2, injured: 4, updatedAt: "2026-03-01T10:08:00+08:00")])).Results.Select(r => r.Str("outcome")).Should().Equal("routine", "routine");

        var (status, linked) = await LinkAsync(phoned, "JC122-0914");

        status.Should().Be(HttpStatusCode.OK);
        linked.GetProperty("report").GetProperty("figures").GetProperty("injured").GetInt64().Should().Be(4, "122's latest message said 4 injured");
        var fromFeed = linked.GetProperty("timeline").EnumerateArray()
            .Where(t => t.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.String).ToArray();
        fromFeed.Select(t => (t.Str("type"), t.Str("source"))).Should().Equal([("continuation-report", "122:JC122-0914#2")], "the latest message only, once");
        fromFeed[0].Str("summary").Should().Contain("关联接警单时补记");

        var (next, _) = await _host.PostFeedAsync([RoutineRecord("JC122-0914", 2, injured: 4, updatedAt: "2026-03-01T10:08:00+08:00"),
            RoutineRecord("JC122-0914", 3, injured: 5, updatedAt: "2026-03-01T10:09:00+08:00")]);

        next.Select(r => r.Str("status")).Should().Equal("duplicate", "accepted");
        next[1].Str("outcome").Should().Be("updated");
        (await _host.GetAsync(phoned.Id)).Body.GetProperty("report").GetProperty("figures").GetProperty("injured").GetInt64().Should().Be(5);
    }

    [Fact]
    public async Task TheRecordsLatestMessage_OlderThanTheOfficesReport_IsSaidInTheTimeline_AndReplacesNoFigure()
    {
        // 122's record as of 09:31 counted nobody dead; the county phoned at 10:00 with 2 dead and 3 seriously injured. Filed over them, 122's
        // older state would have put the incident back to no one dead, and its grade and duties with it.
        (await _host.PostFeedAsync([RoutineRecord("JC122-0915", 1, injured: 4)])).Results[0].Str("outcome").Should().Be("routine");
        var phoned = await PhonedInAsync();

        var (status, linked) = await LinkAsync(phoned, "JC122-0915");

        status.Should().Be(HttpStatusCode.OK);
        var figures = linked.GetProperty("report").GetProperty("figures");
        (figures.GetProperty("deaths").GetInt64(), figures.GetProperty("seriousInjuries").GetInt64(), figures.GetProperty("injured").GetInt64())
            .Should().Be((2, 3, 5), "the office's report is newer than 122's message");
        var report = linked.GetProperty("timeline").EnumerateArray().Single(t => t.Str("type") == "continuation-report");
        report.Str("source").Should().Be("122:JC122-0915#1");
        report.Str("summary").Should().Contain("122所报死亡0人").And.Contain("受伤4人").And.Contain("未替换本事件的");
        linked.Obligation("call-122").Str("status").Should().Be("met-on-time", "the call is a fact, whatever the figures' age");
    }

    [Fact]
    public async Task AMessageOlderThanTheOfficesReport_ArrivingAfterTheTie_IsSaidInTheTimeline_AndReplacesNoFigure()
    {
        // The tie was made before 122's record came: the county phoned 2 dead and 3 seriously injured at 10:00; 122's first message, its record as
        // of 09:31 (nobody dead), arrives after. Filed over the office's report it put the incident back to no one dead, 较大 to 一般, ended the
        // proposal as not needed and owed a 立即续报 of the "change" (a 122 integrator's review, s62 F62-01). 5.1.1 "报送、报告事故信息时,应当做到
        // 及时、客观、真实": the newest state wins, across the record and the office's own reports, as at a tie made after the record came.
        var phoned = await PhonedInAsync();
        await LinkAsync(phoned, "JC122-0916");
        var before = (await _host.GetAsync(phoned.Id)).Body;

        var (results, _) = await _host.PostFeedAsync([Record("JC122-0916", 1, deaths: 0, seriousInjuries: 0, injured: 4)]);

        results[0].Str("outcome").Should().Be("updated");
        results[0].Str("reason").Should().Contain("before the duty office's own latest report").And.Contain("meets the incident's call duty");
        var incident = (await _host.GetAsync(phoned.Id)).Body;
        var figures = incident.GetProperty("report").GetProperty("figures");
        (figures.GetProperty("deaths").GetInt64(), figures.GetProperty("seriousInjuries").GetInt64(), figures.GetProperty("injured").GetInt64())
            .Should().Be((2, 3, 5), "the office's report is newer than 122's message");
        incident.GetProperty("assessment").GetProperty("grade").GetRawText().Should().Be(before.GetProperty("assessment").GetProperty("grade").GetRawText());
        var report = incident.GetProperty("timeline").EnumerateArray().Single(t => t.Str("type") == "continuation-report");
        (report.Str("source"), report.Str("summary")).Should().Match<(string Source, string Summary)>(r => r.Source == "122:JC122-0916#1"
            && r.Summary.Contains("（早于本事件03-01 10:00的报告：122所报死亡0人") && r.Summary.Contains("未替换本事件的"));
        incident.GetProperty("obligations").EnumerateArray().Select(o => o.Str("key")).Should().BeEquivalentTo(
            before.GetProperty("obligations").EnumerateArray().Select(o => o.Str("key")), "122's older count changes no duty");
        incident.Obligation("call-122").Str("status").Should().Be("met-on-time", "the call is a fact, whatever the figures' age");

        // 122's next message, stated after the office's report, is the newest state: taken.
        _host.Clock.Advance(TimeSpan.FromMinutes(30));
        var (next, _) = await _host.PostFeedAsync([Record("JC122-0916", 2, deaths: 3, updatedAt: "2026-03-01T10:20:00+08:00")]);

        next[0].Str("reason").Should().NotContain("before the duty office's own latest report");
        (await _host.GetAsync(phoned.Id)).Body.GetProperty("report").GetProperty("figures").GetProperty("deaths").GetInt64().Should().Be(3);
    }

    [Theory]
    // s62 F62-02: a mistyped number tied 沁水县's coach rollover on G5512 (5 dead) to 高平市's motorcycle incident on S229, and its reports were
    // filed there; the accident never opened its own incident. A record received before the tie that is of another county, another road
    // number, or occurring more than 6 hours apart (the ways the possible-duplicate check reads an accident) is refused unless confirmed.
    [InlineData("沁水县", "S331", "2026-03-01T09:10:00+08:00", "接警单在沁水县，本事件在阳城县")]
    [InlineData("阳城县", "G5512", "2026-03-01T09:10:00+08:00", "接警单道路G5512，本事件S331")]
    [InlineData("阳城县", "S331", "2026-03-01T02:00:00+08:00", "接警单事发03-01 02:00，本事件03-01 09:10事发，相差超过6小时")]
    public async Task ARecordOfAnotherCountyRoadOrTime_IsRefused409NamingTheDifference_UnlessConfirmed(string county, string road, string occurredAt, string said)
    {
        var record = JsonNode.Parse(RoutineRecord("JC122-0917", 1, injured: 2))!.AsObject();
        (record["county"], record["road"], record["occurredAt"], record["callAt"]) = (county, new JsonObject { ["code"] = road, ["km"] = 88.4 }, occurredAt, occurredAt);
        (await _host.PostFeedAsync([record.ToJsonString()])).Results[0].Str("status").Should().Be("accepted");
        var phoned = await PhonedInAsync();

        var (status, problem) = await LinkAsync(phoned, "JC122-0917");

        status.Should().Be(HttpStatusCode.Conflict);
        problem.GetProperty("errors").GetProperty("dispatchId")[0].GetString().Should().Contain(said).And.Contain("confirmMismatch");
        (await _host.GetAsync(phoned.Id)).ETag.Should().Be(phoned.ETag, "nothing is written");

        var (confirmed, linked) = await _host.PostRawAsync(phoned, Path, JsonSerializer.Serialize(new { dispatchId = "JC122-0917", confirmMismatch = true }));

        confirmed.Should().Be(HttpStatusCode.OK);
        linked.GetProperty("linkedFeedRecords").EnumerateArray().Should().ContainSingle(r => r.Str("dispatchId") == "JC122-0917");
    }

    [Fact]
    public async Task ARecordTiedToAnotherOpenIncident_IsRefused409_SayingItIsTied_NotThatItOpenedIt()
    {
        // s62 F62-18: the refusal said the record "already opened" an incident it had only been tied to.
        var first = await PhonedInAsync();
        await LinkAsync(first, "JC122-0918");
        var second = await PhonedInAsync();

        var (status, problem) = await LinkAsync(second, "JC122-0918");

        status.Should().Be(HttpStatusCode.Conflict);
        problem.GetProperty("errors").GetProperty("dispatchId")[0].GetString().Should().Contain($"已关联到事件{first.Id}").And.NotContain("已立为");
    }

    [Fact]
    public async Task ARecordsCallBeforeTheIncidentsOccurrence_MeetsCall122_SayingTheOccurrenceMayBeLate()
    {
        // s62 F62-13: the county put the accident at 09:14; 122 took the call at 09:12. The call proves the accident happened by then, so the
        // deadlines counted from the occurrence (R 5.1.1 事发后30分钟内) run late; the tie met call-122 at 09:12 and said nothing of it.
        (await _host.PostFeedAsync([RoutineRecord("JC122-0919", 1, injured: 2)])).Results[0].Str("outcome").Should().Be("routine");
        var phoned = await _host.OpenAsync(Bodies.Incident(figures: new { deaths = 2, seriousInjuries = 3, injured = 5 }, county: "阳城县", place: Place,
            occurredAt: "2026-03-01T09:14:00+08:00"));

        var (status, linked) = await LinkAsync(phoned, "JC122-0919");

        status.Should().Be(HttpStatusCode.OK);
        var call = linked.Obligation("call-122");
        call.GetProperty("metAt").GetDateTimeOffset().Should().Be(CallAt);
        call.Str("note").Should().Contain("报警时间早于本事件事发时间03-01 09:14，事发时间可能偏晚");
    }

    [Fact]
    public async Task TheFeedRoleAndAnObserver_CannotTieRecords()
    {
        var phoned = await PhonedInAsync();

        (await LinkAsync(phoned, "JC122-0908", RoleCatalogue.Feed)).Status.Should().Be(HttpStatusCode.Forbidden);
        (await LinkAsync(phoned, "JC122-0908", RoleCatalogue.Observer)).Status.Should().Be(HttpStatusCode.Forbidden);
    }
}

/// <summary>The link on PostgreSQL: its look-up and its row are made on the feed batch's transaction, under the feed's advisory lock.</summary>
public sealed class PostgresFeedRecordLinkTests : IAsyncLifetime
{
    private PostgresSchema? _postgres;

    public async Task InitializeAsync() => _postgres = await PostgresSchema.CreateAsync("link_tests_");

    public async Task DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    [PostgresFact]
    public async Task ARecordTiedBeforeItCame_IsFiledOnTheOfficesIncident_OnPostgres()
    {
        using var tests = new FeedRecordLinkTests(PostgresSchema.Host(_postgres, alerts: false));
        await tests.ARecordTiedBeforeItCame_IsFiledOnTheOfficesIncident_NoSecondIncidentNorNewIncidentAlert();
    }

    [PostgresFact]
    public async Task ARecordsCallAndLatestMessage_ReachTheTiedIncident_OnPostgres()
    {
        using (var received = new FeedRecordLinkTests(PostgresSchema.Host(_postgres, alerts: false)))
        {
            await received.TheRecordsLatestMessage_NewerThanTheIncidentsReport_IsFiledAtTheTie_AsItsContinuation();
        }

        using (var first = new FeedRecordLinkTests(PostgresSchema.Host(_postgres, alerts: false)))
        {
            await first.ARecordTiedBeforeItCame_ItsFirstMessageMeetsCall122AtItsCallAt_InTheMessagesOwnWrite();
        }

        using var older = new FeedRecordLinkTests(PostgresSchema.Host(_postgres, alerts: false));
        await older.TheRecordsLatestMessage_OlderThanTheOfficesReport_IsSaidInTheTimeline_AndReplacesNoFigure();
    }

    [PostgresFact]
    public async Task ARecordThatOpenedAnIncident_IsRefusedWhileOpen_AndTiedOnceClosedInError_OnPostgres()
    {
        using (var open = new FeedRecordLinkTests(PostgresSchema.Host(_postgres, alerts: false)))
        {
            await open.ARecordThatOpenedAnIncidentStillOpen_IsRefused409NamingIt_AndNothingChanges();
        }

        using var closed = new FeedRecordLinkTests(PostgresSchema.Host(_postgres, alerts: false));
        await closed.ARecordWhoseIncidentWasClosedInError_IsTiedToTheKeptOne_SayingWhichItReplaces();
    }
}
