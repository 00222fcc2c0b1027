using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.FeedLoad;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyPlans.Api.Tests.Feeds;

/// <summary>
/// The 122 dispatch feed through the real host (issue 8, docs/feed-122.md): POST /api/v1/feeds/122 with the
/// feed role's key, one answer per line, the EIDO rules (full state per message, highest sequence wins), the
/// quarantine, and the incidents it opens and updates. Each test has a host (and store) of its own.
/// </summary>
public sealed class FeedTests : IDisposable
{
    private const string Feed = FeedHttp.Feed;
    private static readonly string[] Statuses = ["accepted", "duplicate", "stale", "conflict", "rejected"];
    private readonly ApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Ingest_CoachRolloverInFogOnG207_OpensOneIncidentUpdatesItAndAnswersEachLine()
    {
        var (results, summary) = await PostAsync(Sample("coach-rollover-fog-g207.ndjson"));

        // Line 1: 2 serious injuries, 4 trapped → a plan incident; line 2 (sequence 3) updates it; line 3
        // (sequence 2, sent late) is stale; line 4 repeats line 2 exactly.
        results.Select(r => r.Str("status")).Should().Equal("accepted", "accepted", "stale", "duplicate");
        results[0].Str("outcome").Should().Be("opened");
        results[0].Str("reason").Should().Contain("seriousInjuries");
        results[1].Str("outcome").Should().Be("updated");
        results[2].Str("reason").Should().Contain("not newer");
        results.Select(r => r.GetProperty("line").GetInt64()).Should().Equal(1, 2, 3, 4);
        summary.GetProperty("accepted").GetInt64().Should().Be(2);
        summary.GetProperty("opened").GetInt64().Should().Be(1);
        summary.GetProperty("stale").GetInt64().Should().Be(1);
        summary.GetProperty("duplicate").GetInt64().Should().Be(1);

        var id = results[0].Str("incidentId");
        results[1].Str("incidentId").Should().Be(id, "one incident per dispatchId");
        (await _factory.CountAsync()).Should().Be(1);
        var incident = (await _factory.GetAsync(id)).Body;
        incident.Str("county").Should().Be("泽州县");
        incident.Str("place").Should().Contain("G207");
        incident.Str("nature").Should().Contain("侧翻").And.Contain("营运大客车");
        incident.GetProperty("report").GetProperty("figures").GetProperty("deaths").GetInt64().Should().Be(3, "sequence 3 said 3 dead; the late sequence 2 changed nothing");
        var fromFeed = incident.GetProperty("timeline").EnumerateArray()
            .Where(t => t.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.String).Select(t => (t.Str("type"), t.Str("source"))).ToArray();
        fromFeed.Should().Equal(("first-report", "122:JC122-20260301-0007#1"), ("occurrence-corrected", "122:JC122-20260301-0007#3"),
            ("continuation-report", "122:JC122-20260301-0007#3"));

        // Sequence 1 did not know when it happened (occurredAt null): the call at 07:43 stood for it. Sequence 3 says 07:38, and
        // R 5.1.1's 事发后30分钟内 phone report to 市委、市政府 runs from then: due 08:08, not 08:13.
        incident.GetProperty("occurredAt").GetDateTimeOffset().Should().Be(DateTimeOffset.Parse("2026-03-01T07:38:00+08:00", System.Globalization.CultureInfo.InvariantCulture));
        incident.Obligation("phone-report-to-city").GetProperty("dueAt").GetDateTimeOffset().Should().Be(DateTimeOffset.Parse("2026-03-01T08:08:00+08:00", System.Globalization.CultureInfo.InvariantCulture));

        // Sequence 3 is what 122 told the office, not the office's 续报 to 市委、市政府 (R 5.1.2): the day's continuation is still
        // owed, and the deaths it adds call for the office's immediate 续报 (伤亡人数发生变化的，应立即续报).
        incident.Obligation("continuation-report").Str("status").Should().NotBe("met-on-time");
        incident.Obligation("continuation-on-casualty-change").Str("status").Should().BeOneOf("pending", "due-soon", "overdue");
    }

    [Fact]
    public async Task Ingest_ALaterMessageWithoutFigures_KeepsWhatAnEarlierOneSaid_AndALowerCountCorrectsIt()
    {
        // Sequence 3 says 3 dead. Sequence 4 carries "figures": null (122 re-sent the record without its figures): unknown, never
        // zero, so the 3 dead stand. Sequence 5 says 2 dead: a known value replaces the one before (122 corrected its count).
        var sample = Sample("coach-rollover-fog-g207.ndjson");
        var third = JsonNode.Parse(sample[1])!.AsObject();
        JsonNode Next(int sequence, JsonNode? figures)
        {
            var next = third.DeepClone().AsObject();
            next["eventId"] = $"JC122-20260301-0007-{sequence}";
            next["sequence"] = sequence;
            next["updatedAt"] = $"2026-03-01T08:{40 + sequence}:00+08:00";
            next["figures"] = figures;
            return next;
        }

        var (results, _) = await PostAsync([sample[0], sample[1], Next(4, null).ToJsonString(), Next(5, JsonNode.Parse("""{"deaths":2}""")).ToJsonString()]);
        results.Select(r => r.Str("outcome")).Should().Equal("opened", "updated", "updated", "updated");
        var figures = (await _factory.GetAsync(results[0].Str("incidentId"))).Body.GetProperty("report").GetProperty("figures");

        figures.GetProperty("deaths").GetInt64().Should().Be(2, "the latest known count");
        figures.GetProperty("seriousInjuries").GetInt64().Should().Be(7, "sequence 3's count, which neither later message gave");
    }

    [Fact]
    public async Task Ingest_AnOccurrenceTimeTheIncidentCannotTake_IsLeftOut_AndTheRestOfTheRecordIsFiled()
    {
        // Sequence 3 gives 2025-03-01 for 2026-03-01 (a year typed wrong): the road plan 晋市政办〔2025〕18号 that judged the incident was not
        // in force then (in force from 2025-07-29). The record's figures are still what 122 knows: they are filed, and the answer says
        // which part was not taken and why. Nothing of the record is lost, and the incident keeps the time it had.
        var sample = Sample("coach-rollover-fog-g207.ndjson");
        var wrongYear = sample[1].Replace("\"occurredAt\":\"2026-03-01T07:38:00+08:00\"", "\"occurredAt\":\"2025-03-01T07:38:00+08:00\"", StringComparison.Ordinal);
        wrongYear.Should().NotBe(sample[1]);

        var (results, _) = await PostAsync([sample[0], wrongYear]);

        results.Select(r => (r.Str("status"), r.Str("outcome"))).Should().Equal(("accepted", "opened"), ("accepted", "updated"));
        results[1].Str("reason").Should().Contain("occurredAt was not taken").And.Contain("no version of the plan is in force").And.NotContain("open it again");
        var incident = (await _factory.GetAsync(results[0].Str("incidentId"))).Body;
        incident.GetProperty("report").GetProperty("figures").GetProperty("deaths").GetInt64().Should().Be(3);
        incident.GetProperty("occurredAt").GetDateTimeOffset().Should().Be(DateTimeOffset.Parse("2026-03-01T07:43:00+08:00", System.Globalization.CultureInfo.InvariantCulture),
            "the call's time still stands for the occurrence");
    }

    [Fact]
    public async Task Ingest_HazmatTankerLeak_OpensOnTheReleaseAndRecordsTheDisruptedCounties()
    {
        var (results, _) = await PostAsync(Sample("hazmat-tanker-leak-g22.ndjson"));

        results.Select(r => (r.Str("status"), r.Str("outcome"))).Should().Equal(("accepted", "opened"), ("accepted", "updated"));
        results[0].Str("reason").Should().Contain("hazmatRelease");
        var incident = (await _factory.GetAsync(results[0].Str("incidentId"))).Body;
        incident.GetProperty("report").GetProperty("figures").GetProperty("disruptedCounties").Strings().Should().Equal("阳城县", "沁水县");
    }

    [Theory]
    // R 5.3.2(3) "出现灾害性天气或自然灾害，严重影响道路交通安全，甚至阻断交通，涉及2个相邻县(市、区)的" → Ⅱ: the cause is part of the rule.
    [InlineData("weather-blockage", "II")]
    [InlineData("geological-blockage", "II")]
    // A collision blocking the road between two counties is no weather: the county rule may hold (a collision in fog), not known to.
    // It was recommended Ⅱ "under the weather clause".
    [InlineData("collision", "III")]
    public async Task Ingest_TwoAdjacentCountiesBlocked_TheNatureSaysWhetherWeatherOrANaturalDisasterDid(string nature, string level)
    {
        var line = Message(1, "{\"deaths\":0,\"missing\":0,\"seriousInjuries\":0,\"injured\":0,\"disruptedCounties\":[\"泽州县\",\"阳城县\"]}", "open")
            .Replace("\"nature\":\"collision\"", $"\"nature\":\"{nature}\"", StringComparison.Ordinal);

        var (results, _) = await PostAsync([line]);

        results[0].Str("outcome").Should().Be("opened");
        var response = (await _factory.GetAsync(results[0].Str("incidentId"))).Body.GetProperty("assessment").GetProperty("response");
        response.Str("level").Should().Be(level);
    }

    [Theory]
    // R 5.3.1(2) "易燃易爆物品、危险化学品运输车辆发生泄漏、爆炸、燃烧,造成5人以上失联、死亡" → Ⅰ; without the hazmat vehicle's release, 5 dead
    // are 5.3.2(1) "3人以上10人以下失联、死亡" → Ⅱ; unknown, Ⅱ at least, still possibly Ⅰ. The record's nature and flags say what 122 knows,
    // each unless its figures state hazmatRelease themselves.
    // hazmat-leak says there was a release…
    [InlineData("hazmat-leak", null, null, true, "I")]
    [InlineData("hazmat-leak", "true", null, true, "I")]
    [InlineData("hazmat-leak", null, "null", true, "I")]
    // …unless the figures state it, or no hazardous-goods vehicle is involved.
    [InlineData("hazmat-leak", "true", "false", false, "II")]
    [InlineData("hazmat-leak", "false", null, false, "II")]
    [InlineData("hazmat-leak", "false", "true", true, "I")]
    // No hazardous-goods vehicle: no release of one, unless the figures state it.
    [InlineData("collision", "false", null, false, "II")]
    [InlineData("collision", "false", "true", true, "I")]
    // A fire with a hazardous-goods vehicle involved is its burning (燃烧), as a leak is (session 54's review: a burning LPG tanker was routine).
    [InlineData("fire", "true", null, true, "I")]
    [InlineData("fire", "true", "false", false, "II")]
    // Any other nature with a hazardous-goods vehicle, or a fire with no flag: 122 has not said (a tanker in a collision may not leak).
    [InlineData("collision", "true", null, null, "II")]
    [InlineData("fire", null, null, null, "II")]
    [InlineData("collision", "true", "true", true, "I")]
    public async Task Ingest_FiveDead_TheNatureAndTheHazmatVehicleFlagSayWhetherAHazmatVehicleReleased(string nature, string? hazmatVehicle, string? hazmatRelease,
        bool? released, string level)
    {
        var line = JsonNode.Parse(Message(1, "{\"deaths\":5}", "open"))!.AsObject();
        line["nature"] = nature;
        line["flags"] = hazmatVehicle is null ? null : JsonNode.Parse($"{{\"hazmatVehicle\":{hazmatVehicle}}}");
        if (hazmatRelease is not null)
        {
            line["figures"]!["hazmatRelease"] = JsonNode.Parse(hazmatRelease);
        }

        var (results, _) = await PostAsync([line.ToJsonString()]);

        results[0].Str("outcome").Should().Be("opened");
        var incident = (await _factory.GetAsync(results[0].Str("incidentId"))).Body;
        var figures = incident.GetProperty("report").GetProperty("figures");
        (figures.TryGetProperty("hazmatRelease", out var r) && r.ValueKind != JsonValueKind.Null ? r.GetBoolean() : (bool?)null).Should().Be(released);
        incident.GetProperty("assessment").GetProperty("response").Str("level").Should().Be(level);
    }

    [Theory]
    // The intake rule's condition "hazmatRelease" (plans/road-traffic.2025-18.json feedIntake, the duty office's rule beside 5.1.1): a
    // hazardous-goods vehicle's leak with no casualties known yet opens an incident; it was routine unless the figures repeated the leak.
    [InlineData("hazmat-leak", null, "opened")]
    [InlineData("hazmat-leak", "false", "routine")]
    [InlineData("collision", "true", "routine")]
    // 5.3.3(2) "危险化学品运输车辆发生泄漏、爆炸、燃烧": an LPG tanker burning, its driver out, 500 米 evacuated, nobody hurt.
    [InlineData("fire", "true", "opened")]
    [InlineData("fire", null, "routine")]
    public async Task Ingest_AHazmatLeakWithoutCasualties_MeetsTheIntakeRulesHazmatCondition_UnlessNoHazmatVehicleIsInvolved(string nature, string? hazmatVehicle,
        string outcome)
    {
        var line = JsonNode.Parse(Message(1, "{\"injured\":0}", "open"))!.AsObject();
        line["nature"] = nature;
        line["flags"] = hazmatVehicle is null ? null : JsonNode.Parse($"{{\"hazmatVehicle\":{hazmatVehicle}}}");

        var (results, _) = await PostAsync([line.ToJsonString()]);

        results[0].Str("outcome").Should().Be(outcome);
        if (outcome == "opened")
        {
            results[0].Str("reason").Should().Contain("(hazmatRelease)");
        }
    }

    [Fact]
    public async Task Ingest_ACoachRolloverWithThirtyInjuredAndTheSeriousInjuriesUnknown_OpensAnIncidentOwingThe30MinutePhoneReport()
    {
        // R 3.2(3) 较大事故 "…或者10人以上50人以下重伤"; R 5.1.1 "较大以上或暂时无法判明等级的…须在事发后30分钟内向市委、市政府电话报告".
        // An operating coach on its side, "多人受伤，伤亡情况正在核实": 30 injured, how many seriously not yet known. It was routine (the intake
        // rule read the unknown serious injuries as none) while the service's own assessment of the same figures owed the 30-minute report
        // (a 122 integrator's review, s62 F62-03; ADR 0003 #85).
        var line = JsonNode.Parse(Message(1, "{\"injured\":30}", "open"))!.AsObject();
        line["nature"] = "rollover";
        line["flags"] = JsonNode.Parse("{\"operatingCoach\":true,\"hazmatVehicle\":false}");
        line["text"] = "一辆营运大客车侧翻，车上约40人，多人受伤，伤亡情况正在核实";
        var stated = JsonNode.Parse(Message(2, "{\"injured\":30,\"seriousInjuries\":0}", "open"))!.AsObject();
        stated["dispatchId"] = "JC122-20260301-0021";
        stated["eventId"] = "JC122-20260301-0021-1";

        var (results, summary) = await PostAsync([line.ToJsonString(), stated.ToJsonString()]);

        results.Select(r => r.Str("outcome")).Should().Equal("opened", "routine");
        results[0].Str("reason").Should().Contain("(injured >= 10 while seriousInjuries is unknown)").And.Contain("暂时无法判明等级");
        summary.GetProperty("opened").GetInt64().Should().Be(1);
        var incident = (await _factory.GetAsync(results[0].Str("incidentId"))).Body;
        incident.GetProperty("assessment").GetProperty("grade").GetProperty("determined").GetBoolean().Should().BeFalse();
        var occurred = incident.GetProperty("occurredAt").GetDateTimeOffset();
        incident.Obligation("phone-report-to-city").GetProperty("dueAt").GetDateTimeOffset().Should().Be(occurred.AddMinutes(30));
    }

    [Fact]
    public async Task Ingest_SameFileTwice_SecondTimeEveryLineIsADuplicateOrRefusedAgainAndNothingIsWritten()
    {
        var lines = Sample("coach-rollover-fog-g207.ndjson").Concat(Sample("hazmat-tanker-leak-g22.ndjson")).ToArray();
        var (first, _) = await PostAsync(lines);
        var store = _factory.Services.GetRequiredService<IFeedStore>();
        var rows = await store.CountAsync();
        var incident = await _factory.GetAsync(first[0].Str("incidentId"));

        var (again, summary) = await PostAsync(lines);

        again.Select(r => r.Str("status")).Should().OnlyContain(s => s == "duplicate");
        summary.GetProperty("accepted").GetInt64().Should().Be(0);
        (await store.CountAsync()).Should().Be(rows, "a replay adds no rows");
        (await _factory.GetAsync(incident.Id)).ETag.Should().Be(incident.ETag, "a replay changes no incident");
    }

    [Fact]
    public async Task Ingest_SameEventIdWithOtherContent_IsAConflictQuarantinedAndNeverApplied()
    {
        var (opened, _) = await PostAsync(Sample("hazmat-tanker-leak-g22.ndjson").Take(1));
        var before = await _factory.GetAsync(opened[0].Str("incidentId"));
        var altered = Sample("hazmat-tanker-leak-g22.ndjson")[0].Replace("\"deaths\":0", "\"deaths\":2", StringComparison.Ordinal);

        var (results, _) = await PostAsync([altered]);

        results[0].Str("status").Should().Be("conflict");
        results[0].Str("field").Should().Be("eventId");
        results[0].GetProperty("quarantineId").GetInt64().Should().BePositive();
        (await _factory.GetAsync(before.Id)).ETag.Should().Be(before.ETag, "a conflict is never applied");
        var quarantine = await QuarantineAsync();
        quarantine.Should().ContainSingle(q => q.Str("reason") == "conflict").Which.Str("line").Should().Be(altered, "kept verbatim");
    }

    [Fact]
    public async Task Ingest_OlderSequenceAfterANewerOne_IsStaleKeptInTheHistoryAndChangesNothing()
    {
        var sample = Sample("coach-rollover-fog-g207.ndjson");
        await PostAsync([sample[0], sample[1]]);
        var store = _factory.Services.GetRequiredService<IFeedStore>();

        var (results, _) = await PostAsync([sample[2]]);

        results[0].Str("status").Should().Be("stale");
        var history = await store.ReadHistoryAsync("JC122-20260301-0007");
        history.Select(m => (m.Sequence, m.Outcome)).Should().Equal((1L, "opened"), (3L, "updated"), (2L, "stale"));
    }

    [Fact]
    public async Task Dispatch_CoachRolloverAfterItsFourLines_ShowsEachMessageKeptWithWhatItDidAndTheIncident()
    {
        var sample = Sample("coach-rollover-fog-g207.ndjson");
        var (results, _) = await PostAsync(sample);

        // A duty officer (read role) asks what 122 sent about this accident; the integrator asks what became of each message.
        using var client = _factory.As(RoleCatalogue.DutyOfficer);
        using var response = await client.GetAsync($"{Feed}/dispatches/JC122-20260301-0007");
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var dispatch = await response.JsonAsync();

        var incident = results[0].Str("incidentId");
        dispatch.Str("dispatchId").Should().Be("JC122-20260301-0007");
        dispatch.GetProperty("appliedSequence").GetInt64().Should().Be(3, "the highest sequence wins");
        dispatch.Str("appliedEventId").Should().Be("JC122-20260301-0007-3");
        dispatch.Str("incidentId").Should().Be(incident);
        dispatch.Str("incidentUrl").Should().Be($"/api/v1/incidents/{incident}");
        var messages = dispatch.GetProperty("messages").EnumerateArray().ToArray();
        messages.Select(m => (m.Str("eventId"), m.GetProperty("sequence").GetInt64(), m.Str("outcome"), m.GetProperty("lineNumber").GetInt64()))
            .Should().Equal(
                ("JC122-20260301-0007-1", 1L, "opened", 1L),
                ("JC122-20260301-0007-3", 3L, "updated", 2L),
                ("JC122-20260301-0007-2", 2L, "stale", 3L)); // line 4 repeated line 2 exactly: a duplicate is not kept twice
        messages[0].Str("line").Should().Be(sample[0], "kept verbatim");
        messages[0].Str("submittedBy").Should().NotBeNullOrEmpty();
        messages.Select(m => m.Str("incidentId")).Should().AllBe(incident);
    }

    [Fact]
    public async Task Dispatch_UnknownOrTooLongId_Is404Or400NamingDispatchId()
    {
        using var client = _factory.As(RoleCatalogue.Observer);

        using var unknown = await client.GetAsync($"{Feed}/dispatches/JC122-20260301-9999");
        await unknown.ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        (await unknown.JsonAsync()).Str("detail").Should().Contain("JC122-20260301-9999");

        using var tooLong = await client.GetAsync($"{Feed}/dispatches/{new string('9', 101)}");
        await tooLong.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        (await tooLong.JsonAsync()).GetProperty("errors").TryGetProperty("dispatchId", out _).Should().BeTrue();
    }

    [Fact]
    public async Task Ingest_RoutineRecord_IsAcceptedAsRoutineAndOpensNoIncident()
    {
        var (results, summary) = await PostAsync(Sample("routine-with-bad-lines.ndjson").Take(1));

        results[0].Str("status").Should().Be("accepted");
        results[0].Str("outcome").Should().Be("routine");
        results[0].TryGetProperty("incidentId", out _).Should().BeFalse();
        summary.GetProperty("routine").GetInt64().Should().Be(1);
        (await _factory.CountAsync()).Should().Be(0);
    }

    [Fact]
    public async Task Ingest_BadLines_AreRejectedWithFieldAndQuarantinedWhileTheRestGoesOn()
    {
        var (results, summary) = await PostAsync(Sample("routine-with-bad-lines.ndjson"));

        results.Select(r => r.Str("status")).Should().Equal("accepted", "rejected", "rejected", "accepted", "conflict");
        results[1].Str("field").Should().Be("county");
        results[1].Str("reason").Should().Contain("晋中市");
        results[2].Str("field").Should().Be("dispatchId", "the line breaks off where dispatchId's value should be");
        results[2].Str("reason").Should().StartWith("not a valid feed record");
        summary.GetProperty("rejected").GetInt64().Should().Be(2);
        var quarantine = await QuarantineAsync();
        quarantine.Select(q => (q.GetProperty("lineNumber").GetInt64(), q.Str("reason"))).Should().Equal((2L, "rejected"), (3L, "rejected"), (5L, "conflict"));
        quarantine[0].Str("field").Should().Be("county");
        quarantine[1].Str("line").Should().Be(Sample("routine-with-bad-lines.ndjson")[2], "the malformed line is kept verbatim");
    }

    [Fact]
    public async Task Ingest_AFieldTheRecordDoesNotHave_IsRejectedNamingItWithoutTheServicesTypes()
    {
        var routine = Sample("routine-with-bad-lines.ndjson")[0];
        var extra = routine.Replace("{\"eventId\"", "{\"priority\":1,\"eventId\"", StringComparison.Ordinal);
        extra.Should().NotBe(routine);

        var (results, _) = await PostAsync([extra]);

        var rejected = results.Should().ContainSingle().Subject;
        rejected.Str("status").Should().Be("rejected");
        rejected.Str("field").Should().Be("priority");
        rejected.Str("reason").Should().Be("not a valid feed record: The JSON property 'priority' is not a field of a 122 record (docs/feed-122.md).");
    }

    [Fact]
    public async Task Ingest_AValueOfTheWrongJsonType_IsRejectedInTheRecordsTermsNotDotNets()
    {
        var routine = Sample("routine-with-bad-lines.ndjson")[0];
        var lines = new[]
        {
            "[" + routine + "]",
            System.Text.RegularExpressions.Regex.Replace(routine, "\"road\":\\{[^}]*\\}", "\"road\":\"G207\""),
            System.Text.RegularExpressions.Regex.Replace(routine, "\"sequence\":(\\d+)", "\"sequence\":\"$1\""),
        };
        lines.Should().OnlyHaveUniqueItems().And.NotContain(routine);

        var (results, _) = await PostAsync(lines);

        results.Select(r => (r.Str("status"), r.Str("field"), r.Str("reason"))).Should().Equal(
            ("rejected", "$", "not a valid feed record: a line must be a JSON object"),
            ("rejected", "road", "not a valid feed record: road must be a JSON object"),
            ("rejected", "sequence", "not a valid feed record: sequence must be a whole number"));
    }

    [Fact]
    public async Task Ingest_ALineWrittenInGbk_IsRejectedAsNotUtf8_NotAsAnUnknownCounty_AndTheRestGoesOn()
    {
        // A 122 system on a Chinese Windows machine may write GBK. Read as UTF-8, its county became '������' and the line was
        // refused for a county it did name; a GBK free text beside an ASCII county would have been stored garbled.
        var sample = Sample("routine-with-bad-lines.ndjson");
        var gbk = System.Text.CodePagesEncodingProvider.Instance.GetEncoding(936)!.GetBytes(sample[0]);
        var firstNonAscii = Array.FindIndex(gbk, b => b >= 0x80);
        firstNonAscii.Should().BePositive("the record names its county in Chinese");

        var (results, _) = await PostAsync([.. gbk, (byte)'\n', .. Encoding.UTF8.GetBytes(sample[3] + "\n")]);

        results.Select(r => r.Str("status")).Should().Equal("rejected", "accepted");
        results[0].Str("field").Should().Be("$");
        results[0].Str("reason").Should().Be($"not UTF-8 from byte {firstNonAscii + 1}: the feed is UTF-8 (docs/feed-122.md); was the line written in GBK?");
        // Kept verbatim: the bytes as sent (base64), beside the line as UTF-8 reads it; a UTF-8 line has no lineBytes.
        var entry = (await QuarantineAsync()).Should().ContainSingle().Subject;
        Convert.FromBase64String(entry.Str("lineBytes")!).Should().Equal(gbk);
        entry.Str("line").Should().Be(Encoding.UTF8.GetString(gbk));
    }

    [Fact]
    public async Task Ingest_AUtf16File_IsSaidToBeUtf16_NotAskedWhetherItIsGbk()
    {
        // Session 46's review: a UTF-16 file's lines were asked "was the line written in GBK?", and its pieces that were valid UTF-8
        // (ASCII with a NUL after each character) told "'0x00' is an invalid start of a value". Little- and big-endian, with a byte order
        // mark and without: each piece the UTF-8 line breaks cut it into (a lone NUL is what 0A 00 leaves) says UTF-16.
        var records = Sample("routine-with-bad-lines.ndjson")[0] + "\n" + Sample("routine-with-bad-lines.ndjson")[3] + "\n";
        var (little, _) = await PostAsync([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(records)]);
        var (big, _) = await PostAsync([.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(records)]);
        var (bare, _) = await PostAsync(Encoding.Unicode.GetBytes(records));
        JsonElement[] results = [.. little, .. big, .. bare];

        results.Should().HaveCountGreaterThan(6).And.OnlyContain(r => r.Str("status") == "rejected" && r.Str("field") == "$");
        results.Select(r => r.Str("reason")).Should().OnlyContain(reason => reason!.StartsWith("not UTF-8 but UTF-16, by ", StringComparison.Ordinal)
            && reason.EndsWith("the feed is UTF-8 (docs/feed-122.md); was the file saved as UTF-16 (Unicode)? Send it as UTF-8", StringComparison.Ordinal));
        little[0].Str("reason").Should().StartWith("not UTF-8 but UTF-16, by its byte order mark FF FE (UTF-16LE)");
        big[0].Str("reason").Should().StartWith("not UTF-8 but UTF-16, by its byte order mark FE FF (UTF-16BE)");
        bare.Select(r => r.Str("reason")).Should().OnlyContain(r => r!.StartsWith("not UTF-8 but UTF-16, by the NUL bytes between its characters", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ingest_AByteOrderMarkAtTheStartOfALaterLine_IsSaidToBeOne_AndTheLineWithoutItResolvesItsEntry()
    {
        // Two files with byte order marks joined: the second's mark starts a line in the middle of the input. It was answered
        // "'0xEF' is an invalid start of a value." without an eventId; now the reason says what it is, and the entry waits for the record.
        var sample = Sample("routine-with-bad-lines.ndjson");
        byte[] bom = [0xEF, 0xBB, 0xBF];
        var (results, _) = await PostAsync([.. bom, .. Encoding.UTF8.GetBytes(sample[0] + "\n"), .. bom, .. Encoding.UTF8.GetBytes(sample[3] + "\n")]);

        results.Select(r => r.Str("status")).Should().Equal("accepted", "rejected");
        (results[1].Str("field"), results[1].Str("reason"), results[1].Str("eventId")).Should().Be(("$",
            "a byte order mark (EF BB BF) in the middle of the input, at the start of this line: only one at the start of the input is skipped "
            + "(were two files joined?); send the line again without it", "JC122-20260301-0023-1"));
        (await QuarantineAsync()).Should().ContainSingle();

        var (again, _) = await PostAsync([sample[3]]);

        again.Single().Str("status").Should().Be("accepted");
        (await QuarantineAsync()).Should().BeEmpty("the line without the mark is the entry's correction");
    }

    [Fact]
    public async Task Ingest_EventIdWithALoneSurrogateEscape_IsRejectedAndTheRestGoesOn()
    {
        // Valid JSON text whose string is not valid UTF-16 ("\ud800" alone): reading it as a string throws an
        // InvalidOperationException, not a JsonException; the line must be refused like any bad line.
        var routine = Sample("routine-with-bad-lines.ndjson")[0];
        var broken = routine.Replace("\"eventId\":\"JC122-20260301-0020-1\"", "\"eventId\":\"JC122-\\ud800\"", StringComparison.Ordinal);
        broken.Should().NotBe(routine);

        var (results, summary) = await PostAsync([broken, Sample("routine-with-bad-lines.ndjson")[3]]);

        results.Select(r => r.Str("status")).Should().Equal("rejected", "accepted");
        summary.GetProperty("rejected").GetInt64().Should().Be(1);
        var entry = (await QuarantineAsync()).Should().ContainSingle().Subject;
        entry.Str("line").Should().Be(broken, "kept verbatim");
        entry.GetProperty("lineBytes").ValueKind.Should().Be(JsonValueKind.Null, "a UTF-8 line is its text");
    }

    [Theory]
    [InlineData("01-OCT-2025 08:00:00")]
    [InlineData("Thu 2026-03-01 06:30:00")]
    [InlineData("2026-03-01T06:30:00+0800")]
    [InlineData("2026-03-01T06:30:00 +08:00")]
    public async Task Ingest_CallAtNotIso8601WithAnOffset_IsRejectedNamingIt(string callAt)
    {
        // .NET's lenient parse took these (the first two in the server's zone: an incident 8 hours off the city's clock).
        var routine = Sample("routine-with-bad-lines.ndjson")[0];
        var line = routine.Replace("\"callAt\":\"2026-03-01T06:30:00+08:00\"", $"\"callAt\":\"{callAt}\"", StringComparison.Ordinal);
        line.Should().NotBe(routine);

        var (results, _) = await PostAsync([line]);

        results.Should().ContainSingle().Which.Str("status").Should().Be("rejected");
        results[0].Str("field").Should().Be("callAt");
    }

    [Fact]
    public async Task Ingest_ASeriousRecordAlreadyCancelled_OpensNoIncident_ALaterOpenMessageDoes()
    {
        // 122 withdrew the record (a false or duplicate call) before any incident existed: it opened one, with its duties, and at
        // once its feed-cancelled alert.
        var first = Sample("routine-with-bad-lines.ndjson")[0]
            .Replace("\"figures\":{\"injured\":0}", "\"figures\":{\"deaths\":1}", StringComparison.Ordinal)
            .Replace("\"status\":\"open\"", "\"status\":\"cancelled\"", StringComparison.Ordinal);
        var reopened = first.Replace("\"status\":\"cancelled\"", "\"status\":\"open\"", StringComparison.Ordinal)
            .Replace("\"sequence\":1", "\"sequence\":2", StringComparison.Ordinal).Replace("0020-1", "0020-2", StringComparison.Ordinal)
            .Replace("06:31:00", "06:40:00", StringComparison.Ordinal);
        first.Should().Contain("cancelled").And.Contain("\"deaths\":1");

        var (results, _) = await PostAsync([first]);

        (results[0].Str("status"), results[0].Str("outcome")).Should().Be(("accepted", "routine"));
        results[0].Str("reason").Should().Contain("cancelled");
        (await _factory.CountAsync()).Should().Be(0);

        var (later, _) = await PostAsync([reopened]);

        later[0].Str("outcome").Should().Be("opened");
        (await _factory.CountAsync()).Should().Be(1);
    }

    /// <summary>The routine sample record as message <paramref name="sequence"/> of its dispatch record, with its figures and status.</summary>
    private static string Message(int sequence, string figures, string status) => Sample("routine-with-bad-lines.ndjson")[0]
        .Replace("\"figures\":{\"injured\":0}", $"\"figures\":{figures}", StringComparison.Ordinal)
        .Replace("\"status\":\"open\"", $"\"status\":\"{status}\"", StringComparison.Ordinal)
        .Replace("\"sequence\":1", $"\"sequence\":{sequence}", StringComparison.Ordinal)
        .Replace("0020-1", $"0020-{sequence}", StringComparison.Ordinal)
        .Replace("06:31:00", $"06:{30 + sequence}:00", StringComparison.Ordinal);

    [Fact]
    public async Task AMistaken122Message_NamedByTheOfficesCorrection_EndsTheDutiesItAloneRaised()
    {
        // 122 sent 1 dead, then 12 (序号2: 重大, R 5.1.1 "重大及以上……立即向上级值班室直报……不得晚于事发后30分钟"), then 2 with "前报12人死亡系录入
        // 错误". The office's correctsPrevious reached only 序号3, the correct one: the 重大 direct report, never owed, stayed overdue and alerted for
        // ever (a duty officer's review, session 54). corrects names 序号2.
        static string OnS331(string line) => line.Replace("\"road\":{\"code\":\"G55\",\"km\":912.0,\"name\":\"二广高速\"}", "\"road\":{\"code\":\"S331\",\"km\":45}", StringComparison.Ordinal);
        var (results, _) = await PostAsync([OnS331(Message(1, "{\"deaths\":1}", "open")), OnS331(Message(2, "{\"deaths\":12}", "open")),
            OnS331(Message(3, "{\"deaths\":2}", "open"))]);
        results.Select(r => r.Str("outcome")).Should().Equal("opened", "updated", "updated");
        var incident = await _factory.GetAsync(results[0].Str("incidentId"));
        _factory.Clock.Advance(TimeSpan.FromHours(1));
        incident = await _factory.GetAsync(incident.Id);
        // Arisen from 序号2 after its 30 minutes from the occurrence: owed 立即 (ADR 0003 #71), not overdue.
        incident.Body.Obligation("direct-report-to-superior-duty-room").Str("status").Should().Be("pending");

        using (var client = _factory.As(RoleCatalogue.DutyOfficer))
        {
            foreach (var (body, field) in new (object, string)[]
                     {
                         (new { kind = "continuation", summary = "更正", corrects = "122:JC122-20260301-0020#9" }, "corrects"),
                         (new { kind = "continuation", summary = "更正", corrects = " " }, "corrects"),
                         (new { kind = "final", summary = "更正", corrects = "122:JC122-20260301-0020#2" }, "corrects"),
                     })
            {
                using var refused = await client.PostJsonAsync(incident.Url + "/reports", body, incident.ETag);
                refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
                (await refused.JsonAsync()).ErrorFields().Should().Equal(field);
            }
        }

        var corrected = await _factory.ChangeAsync(incident, "/reports",
            new { kind = "continuation", summary = "更正：122序号2所报12人死亡系录入错误，实为2人死亡", corrects = "122:JC122-20260301-0020#2" }, RoleCatalogue.DutyOfficer);

        var direct = corrected.Body.Obligation("direct-report-to-superior-duty-room");
        (direct.Str("status"), direct.Str("endedAs")).Should().Be(("ended", "not-needed"));
        corrected.Body.GetProperty("timeline").EnumerateArray().Select(t => t.Str("summary"))
            .Should().Contain(t => t.StartsWith("更正122接警单JC122-20260301-0020序号2的报告（录入有误）：", StringComparison.Ordinal))
            .And.Contain(t => t.Contains("122接警单JC122-20260301-0020序号2的报告录入有误，已更正", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ingest_ALaterMessageThatMovesThePlace_IsSaidInItsReport_AndTheSenderIsToldTheIncidentKeepsItsOwn()
    {
        // Each message is the record's whole state (NENA EIDO): 122 corrected the county, road and nature, and the incident kept 高平市 G55
        // 碰撞 with the answer saying only "updated" and no line showing the correction (a feed integrator's review, session 52).
        var (opened, _) = await PostAsync([Message(1, "{\"deaths\":1}", "open")]);
        var id = opened[0].Str("incidentId");
        var moved = Message(2, "{\"deaths\":1}", "open")
            .Replace("\"county\":\"高平市\"", "\"county\":\"泽州县\"", StringComparison.Ordinal)
            .Replace("\"road\":{\"code\":\"G55\",\"km\":912.0,\"name\":\"二广高速\"}", "\"road\":{\"code\":\"G207\",\"km\":1050}", StringComparison.Ordinal)
            .Replace("\"nature\":\"collision\"", "\"nature\":\"rollover\"", StringComparison.Ordinal);
        moved.Should().Contain("泽州县").And.Contain("G207").And.Contain("rollover");

        var (later, _) = await PostAsync([moved]);

        (later[0].Str("outcome"), later[0].Str("incidentId")).Should().Be(("updated", id));
        later[0].Str("reason").Should().Contain("its county, road and nature in the report's summary: the incident keeps those it was opened with");
        var incident = (await _factory.GetAsync(id)).Body;
        incident.Str("county").Should().Be("高平市");
        incident.GetProperty("timeline").EnumerateArray().Where(t => t.Str("type") == "continuation-report").Select(t => t.Str("summary")).Should()
            .ContainSingle().Which.Should().StartWith("122续报（序号2，处置中；泽州县 G207 K1050，侧翻）");
    }

    [Theory]
    // R 5.1.2 "造成伤亡人数发生变化的,应立即续报". A false call (the night review's JC122-20261207-2325, s59 #10): 2 trapped opened the incident,
    // then 122 withdrew the record with the trapped at 0. 被困 is not 伤亡 (5.1.2's 首报要素 list 被困人数 apart from 遇难人数、受伤人数), and a
    // withdrawal reports nothing the accident 造成 (its dead set to none included): no 立即续报 is owed beside the withdrawal. A real
    // second death from 122 still owes it.
    [InlineData("{\"trapped\":2}", "{\"trapped\":0}", "cancelled", false)]
    [InlineData("{\"deaths\":1}", "{\"deaths\":0}", "cancelled", false)]
    [InlineData("{\"trapped\":2}", "{\"trapped\":0}", "open", false)]
    [InlineData("{\"deaths\":1}", "{\"deaths\":2}", "open", true)]
    public async Task Ingest_A122Withdrawal_OwesNoImmediateContinuation_ARealChangeOfTheDeadDoes(string opening, string next, string status, bool owed)
    {
        var (opened, _) = await PostAsync([Message(1, opening, "open")]);
        opened[0].Str("outcome").Should().Be("opened");

        (await PostAsync([Message(2, next, status)])).Results[0].Str("outcome").Should().Be("updated");

        var incident = (await _factory.GetAsync(opened[0].Str("incidentId"))).Body;
        incident.GetProperty("obligations").EnumerateArray().Any(o => o.Str("code") == "continuation-on-casualty-change").Should().Be(owed);
    }

    [Fact]
    public async Task Ingest_ARecordSentAgainAfterItsIncidentWasClosedOn122sCancellation_OpensANewIncident()
    {
        // 122 cancelled the record (a false call), the duty office closed its incident with the 终报; then 122 sent it again, open, with 3
        // dead. It was kept as routine on the closed incident ("takes no more reports"), raising nothing: an accident with 3 dead (R 5.3.2(1)
        // Ⅱ) reached nobody.
        var (opened, _) = await PostAsync([Message(1, "{\"deaths\":1}", "open")]);
        opened[0].Str("outcome").Should().Be("opened");
        var first = opened[0].Str("incidentId");
        (await PostAsync([Message(2, "{\"deaths\":1}", "cancelled")])).Results[0].Str("outcome").Should().Be("updated");
        var closed = await _factory.ChangeAsync(await _factory.GetAsync(first), "/reports", Bodies.Final(), RoleCatalogue.DutyOfficer);
        closed.Body.Str("state").Should().Be("Closed");

        var (again, _) = await PostAsync([Message(3, "{\"deaths\":3}", "open")]);

        again[0].Str("status").Should().Be("accepted");
        again[0].Str("outcome").Should().Be("opened");
        again[0].Str("incidentId").Should().NotBe(first);
        again[0].Str("reason").Should().Contain("after its incident " + first + " was closed on 122's cancellation");
        (await _factory.GetAsync(again[0].Str("incidentId"))).Body.Str("nature").Should().Contain($"（此前据此接警单立案的事件{first}已因122撤销而关闭，122其后又报来该接警单）");
        (await _factory.CountAsync()).Should().Be(2);
    }

    [Theory]
    // The exploratory review's S1 (session 46): the three messages in one body, and each in a body of its own.
    [InlineData(true)]
    [InlineData(false)]
    public async Task Ingest_ACancellationAfterTheOfficeClosedOnItsOwnFinalReport_DoesNotLetALaterOpenMessageOpenASecondIncident(bool oneBody)
    {
        // docs/feed-122.md: one incident per dispatchId; when the duty office has already closed the incident, later records are kept as
        // routine. The office closed it on its own 终报 while 122's record was open; 122's cancellation came afterwards (kept as routine,
        // never filed on the incident), then the record open again. The open message "reinstated" the record as if the office had closed
        // the incident on 122's cancellation: a second incident, with its new-incident alert and duties, for one accident.
        var (opened, _) = await PostAsync([Message(1, "{\"seriousInjuries\":1,\"injured\":2}", "open")]);
        var first = opened[0].Str("incidentId");
        (await _factory.ChangeAsync(await _factory.GetAsync(first), "/reports", Bodies.Final(), RoleCatalogue.DutyOfficer)).Body.Str("state").Should().Be("Closed");
        string[] later = [Message(2, "{\"seriousInjuries\":1,\"injured\":2}", "open"), Message(3, "{\"seriousInjuries\":1,\"injured\":2}", "cancelled"),
            Message(4, "{\"seriousInjuries\":1,\"injured\":2}", "open")];

        var results = new List<JsonElement>();
        if (oneBody)
        {
            results.AddRange((await PostAsync(later)).Results);
        }
        else
        {
            foreach (var line in later)
            {
                results.AddRange((await PostAsync([line])).Results);
            }
        }

        results.Select(r => (r.Str("status"), r.Str("outcome"), r.Str("incidentId"))).Should().Equal(
            ("accepted", "routine", first), ("accepted", "routine", first), ("accepted", "routine", first));
        results[2].Str("reason").Should().Contain("is closed (the duty office ended it)").And.NotContain("122's cancellation");
        (await _factory.CountAsync()).Should().Be(1, "the office closed the incident on its own 终报, not on 122's cancellation");
    }

    [Fact]
    public async Task Ingest_AnIncidentClosedOn122sCancellation_IsStillReopened_WhenAnotherCancellationCameAfterTheClose()
    {
        // The rule reads why the incident closed (the last 122 message filed on it was the cancellation), not which message came last:
        // a second cancellation after the close (routine) does not hide that the office closed it on 122's cancellation.
        var (opened, _) = await PostAsync([Message(1, "{\"deaths\":1}", "open")]);
        var first = opened[0].Str("incidentId");
        (await PostAsync([Message(2, "{\"deaths\":1}", "cancelled")])).Results[0].Str("outcome").Should().Be("updated");
        await _factory.ChangeAsync(await _factory.GetAsync(first), "/reports", Bodies.Final(), RoleCatalogue.DutyOfficer);

        var (again, _) = await PostAsync([Message(3, "{\"deaths\":1}", "cancelled"), Message(4, "{\"deaths\":3}", "open")]);

        (again[0].Str("outcome"), again[0].Str("incidentId")).Should().Be(("routine", first));
        again[1].Str("outcome").Should().Be("opened");
        again[1].Str("incidentId").Should().NotBe(first);
        again[1].Str("reason").Should().Contain("was closed on 122's cancellation");
        (await _factory.CountAsync()).Should().Be(2);
    }

    [Fact]
    public async Task Ingest_ARecordForAnIncidentTheOfficeClosed_IsKept_SayingSoInTheSendersTerms()
    {
        // Not a reinstatement (122 never cancelled it) and no one more dead, missing, trapped or seriously injured: kept in the history. The
        // reason was the state machine's own message ("ReportingLifecycle in state Closed refuses FileContinuation. Permitted: none"), which a
        // 122 integrator cannot act on; then it told the sender, a machine, to tell the duty office (exploratory review, session 52).
        var (opened, _) = await PostAsync([Message(1, "{\"deaths\":1}", "open")]);
        var first = opened[0].Str("incidentId");
        await _factory.ChangeAsync(await _factory.GetAsync(first), "/reports", Bodies.Final(), RoleCatalogue.DutyOfficer);

        var (later, _) = await PostAsync([Message(2, "{\"deaths\":1,\"injured\":4}", "open")]);

        (later[0].Str("status"), later[0].Str("outcome"), later[0].Str("incidentId")).Should().Be(("accepted", "routine", first));
        later[0].Str("reason").Should().Contain("is closed").And.Contain("reports no one dead, missing, trapped or seriously injured beyond what the incident knew")
            .And.NotContain("tell the duty office").And.NotContain("Lifecycle").And.NotContain("Permitted");
        (await _factory.CountAsync()).Should().Be(1);
    }

    [Fact]
    public async Task Ingest_MoreDeadReportedAfterTheOfficeClosedTheIncident_OpensItAgain_AndTheRecordsLaterMessagesGoThere()
    {
        // R 5.1.2 "造成伤亡人数发生变化的，应立即续报": three dead reported by 122 after the office's 终报 on one was kept as routine and reached
        // no one (exploratory review, session 52, findings 1 and 4). Through the intake rule a new incident opens, with its new-incident alert.
        var (opened, _) = await PostAsync([Message(1, "{\"deaths\":1}", "open")]);
        var first = opened[0].Str("incidentId");
        await _factory.ChangeAsync(await _factory.GetAsync(first), "/reports", Bodies.Final(), RoleCatalogue.DutyOfficer);

        var (later, _) = await PostAsync([Message(2, "{\"deaths\":3,\"trapped\":2}", "open"), Message(3, "{\"deaths\":3,\"trapped\":0}", "open")]);

        (later[0].Str("status"), later[0].Str("outcome")).Should().Be(("accepted", "opened"));
        var second = later[0].Str("incidentId");
        second.Should().NotBe(first);
        later[0].Str("reason").Should().Contain($"122 reported more casualties after the duty office closed its incident {first} (deaths 3, the incident had 1; trapped 2, the incident had none reported)")
            .And.Contain("a new incident is opened");
        (later[1].Str("outcome"), later[1].Str("incidentId")).Should().Be(("updated", second));
        (await _factory.CountAsync()).Should().Be(2);
        // The duty officer reads on the new incident which one was closed, and why this one opens (it said nothing of it).
        (await _factory.GetAsync(second)).Body.Str("nature").Should().Contain($"此前据此接警单立案的事件{first}已由值班室关闭，其后122报来的伤亡人数增加");
    }

    [Fact]
    public async Task Ingest_OneMoreDeadAfterTheClose_OwesTheImmediate续报_AndNotTheFirstReportsTheOfficeMadeAgain()
    {
        // R 5.1.1 "较大以上……须在事发后30分钟内向市委、市政府电话报告，1小时以内……书面报告简要情况"; R 5.1.2 "造成伤亡人数发生变化的，应立即续报".
        // The office phoned and wrote on time for the 3 dead, and closed with its 终报; then 122 counted a 4th. The incident opened again owed
        // the phone and written reports anew, overdue since 06:55 and 07:25 for an accident reported then, and not the 续报 of the change
        // (a road duty officer's review, session 59, finding 1).
        var (opened, _) = await PostAsync([Message(1, "{\"deaths\":3}", "open")]);
        var first = await _factory.GetAsync(opened[0].Str("incidentId"));
        first = await _factory.ChangeAsync(first, "/obligations/phone-report-to-city/fulfilment", Bodies.Fulfil("2026-03-01T06:50:00+08:00"), RoleCatalogue.DutyOfficer);
        first = await _factory.ChangeAsync(first, "/obligations/written-report-to-city/fulfilment",
            Bodies.Fulfil("2026-03-01T07:20:00+08:00", "书面报告已报市委、市政府"), RoleCatalogue.DutyOfficer);
        await _factory.ChangeAsync(first, "/reports", Bodies.Final(), RoleCatalogue.DutyOfficer);

        var (later, _) = await PostAsync([Message(2, "{\"deaths\":4}", "open")]);

        later[0].Str("outcome").Should().Be("opened");
        var second = (await _factory.GetAsync(later[0].Str("incidentId"))).Body;
        second.Obligation("phone-report-to-city").Str("status").Should().Be("met-on-time");
        second.Obligation("phone-report-to-city").Str("note").Should().Contain($"在此前事件{first.Id}中报告").And.Contain("电话已报市委、市政府总值班室");
        second.Obligation("written-report-to-city").Str("status").Should().Be("met-on-time");
        second.Obligation("continuation-on-casualty-change").Str("status").Should().Be("pending", "the 4th death is the change 5.1.2 asks the office to report at once");
        second.GetProperty("obligations").EnumerateArray().Select(o => o.Str("status")).Should().NotContain("overdue");
        second.GetProperty("report").GetProperty("figures").GetProperty("deaths").GetInt64().Should().Be(4);
        second.GetProperty("occurredAt").GetDateTimeOffset().Should().Be(first.Body.GetProperty("occurredAt").GetDateTimeOffset());
        second.GetProperty("timeline").EnumerateArray().Where(t => t.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.String)
            .Select(t => t.Str("type")).Should().Equal("first-report", "continuation-report");
        second.Str("nature").Should().Contain($"此前据此接警单立案的事件{first.Id}已由值班室关闭，其后122报来的伤亡人数增加");
        later[0].Str("reason").Should().Contain("the reports it made stand as made (phone-report-to-city, written-report-to-city)");

        await _factory.Services.GetRequiredService<EmergencyPlans.Application.Alerts.AlertScanner>().ScanAsync(CancellationToken.None);
        using var client = _factory.As(RoleCatalogue.Observer);
        using var response = await client.GetAsync($"/api/v1/alerts?limit=500&incident={second.Str("id")}");
        var alerts = (await response.JsonAsync()).EnumerateArray().ToArray();
        // One alert, the new incident's: the reports made stand as made, the 续报 of the change is owed; no duty-overdue for the phone report.
        alerts.Select(a => a.Str("kind")).Should().Equal("new-incident");
        alerts[0].Str("text").Should().Contain("截止03-01 06:55（已于03-01 06:50报告）").And.Contain("“造成伤亡人数发生变化的,应立即续报”（5.1.2）");
    }

    [Fact]
    public async Task Ingest_ARecordAlreadyClosedBy122_OpensItsIncident_SayingSo()
    {
        // 补录警情，已处理完毕: someone died, so it opens (the intake rule), but nothing the duty officer read said 122 had closed it;
        // continuations carry their status (序号2，已结案), the opening did not (a feed integrator's review, session 52).
        var (opened, _) = await PostAsync([Message(1, "{\"deaths\":1}", "closed")]);

        opened[0].Str("outcome").Should().Be("opened");
        (await _factory.GetAsync(opened[0].Str("incidentId"))).Body.Str("nature").Should().Contain("（122报来时已结案）");
    }

    [Fact]
    public async Task Ingest_ARecord122ClosedItself_AfterTheOfficesClose_OpensNothing_WhateverItCounts()
    {
        // 122's own 已结案 adds nothing to handle: its final count is history, the office's 终报 stands.
        var (opened, _) = await PostAsync([Message(1, "{\"deaths\":1}", "open")]);
        var first = opened[0].Str("incidentId");
        await _factory.ChangeAsync(await _factory.GetAsync(first), "/reports", Bodies.Final(), RoleCatalogue.DutyOfficer);

        var (later, _) = await PostAsync([Message(2, "{\"deaths\":2}", "closed")]);

        (later[0].Str("outcome"), later[0].Str("incidentId")).Should().Be(("routine", first));
        (await _factory.CountAsync()).Should().Be(1);
    }

    [Fact]
    public async Task Ingest_ASeriousRecordWhoseOccurrenceIsAfterItsCall_IsQuarantinedNamingOccurredAt_AndOpensNoIncident()
    {
        // The exploratory review's OC1 (session 46): 1 dead, called in at 06:30, "happened" at 06:45. Taken, the incident's 30-minute phone
        // report to 市委、市政府 (R 5.1.1 事发后30分钟内) ran to 07:15 instead of 07:00 at the latest, with no overdue alert.
        var line = Message(1, "{\"deaths\":1}", "open")
            .Replace("\"occurredAt\":\"2026-03-01T06:25:00+08:00\"", "\"occurredAt\":\"2026-03-01T06:45:00+08:00\"", StringComparison.Ordinal)
            .Replace("\"updatedAt\":\"2026-03-01T06:31:00+08:00\"", "\"updatedAt\":\"2026-03-01T06:50:00+08:00\"", StringComparison.Ordinal);
        line.Should().Contain("06:45").And.Contain("06:50");

        var (results, _) = await PostAsync([line]);

        (results[0].Str("status"), results[0].Str("field")).Should().Be(("rejected", "occurredAt"));
        results[0].Str("reason").Should().Contain("is after callAt").And.Contain("an accident is reported after it happens");
        (await _factory.CountAsync()).Should().Be(0);
        var entry = (await QuarantineAsync()).Should().ContainSingle().Subject;
        (entry.Str("kind"), entry.Str("field")).Should().Be(("invalid", "occurredAt"));
    }

    [Fact]
    public async Task Ingest_AnIncidentOpenedFromA122Record_HasItsCallTo122MetAtTheRecordsCallAt_ByTheFeed_AndItStaysMetAtTheClose()
    {
        // R 5.1.1 "获悉道路交通安全突发事件的单位、公民,立即拨打报警电话(122)": the record is that call, taken by 122 at callAt (06:30). The duty
        // stayed pending and ended "unmet" at the 终报 (事件关闭时仍未报): the incident said the call 122 took was never made (exploratory
        // review, session 46). Met through the fulfilment every duty is met by, so the timeline says so, by the feed's reporter.
        var (opened, _) = await PostAsync([Message(1, "{\"deaths\":1}", "open")]);
        var read = await _factory.GetAsync(opened[0].Str("incidentId"));
        var incident = read.Body;

        var call = incident.Obligation("call-122");
        call.Str("status").Should().Be("met-on-time");
        call.GetProperty("metAt").GetDateTimeOffset().Should().Be(DateTimeOffset.Parse("2026-03-01T06:30:00+08:00", System.Globalization.CultureInfo.InvariantCulture));
        call.Str("metBy").Should().Contain("122接处警");
        // Who met it, for people: no English role word (a feed integrator's review, session 52: 122接处警 (feed)); metBy keeps its form.
        call.Str("metByName").Should().Be("122接处警（122接警数据接入）");
        incident.GetProperty("timeline").EnumerateArray().Where(t => t.Str("type") == "obligation-fulfilled").Select(t => (t.Str("actor"), t.Str("summary")))
            .Should().ContainSingle().Which.Should().Match<(string Actor, string Summary)>(t => t.Actor.Contains("122接处警") && t.Summary.Contains("拨打报警电话(122)报告"));

        var closed = await _factory.ChangeAsync(read, "/reports", Bodies.Final(), RoleCatalogue.DutyOfficer);

        closed.Body.GetProperty("open").GetBoolean().Should().BeFalse();
        (closed.Body.Obligation("call-122").Str("status"), closed.Body.Obligation("call-122").GetProperty("endedAs").ValueKind)
            .Should().Be(("met-on-time", JsonValueKind.Null), "the call was made: it is not ended unmet with the incident");
    }

    [Fact]
    public async Task Ingest_ARecordWhoseCallIsAfterItsUpdate_IsRejectedNamingCallAt()
    {
        // The record is 122's from the call on: a callAt after updatedAt (here in 2099) cannot be, and the incident would record the call
        // as made then, in the future. With occurredAt unknown the rule on occurredAt (callAt standing for it) said so already.
        var line = Message(1, "{\"deaths\":1}", "open")
            .Replace("\"callAt\":\"2026-03-01T06:30:00+08:00\"", "\"callAt\":\"2099-01-01T00:00:00+08:00\"", StringComparison.Ordinal);
        line.Should().Contain("2099");

        var (results, _) = await PostAsync([line]);

        (results[0].Str("status"), results[0].Str("field")).Should().Be(("rejected", "callAt"));
        results[0].Str("reason").Should().Be("callAt 2099-01-01T00:00:00+08:00 is after updatedAt 2026-03-01T06:31:00+08:00: 122 changed the record after the "
                                             + "call came, not before; correct it and send the line again");
        (await _factory.CountAsync()).Should().Be(0);
    }

    [Fact]
    public async Task Ingest_ASenderWhoseClockRunsFast_EveryRecordIsRejectedNamingUpdatedAt()
    {
        // The service's clock reads 10:00. A sender 10 minutes fast: its serious record was refused as "occurredAt … in the future"
        // (callAt stood for it) while its routine one was taken; both now say the sender's clock is wrong.
        var routine = Sample("routine-with-bad-lines.ndjson")[0]
            .Replace("\"updatedAt\":\"2026-03-01T06:31:00+08:00\"", "\"updatedAt\":\"2026-03-01T10:10:00+08:00\"", StringComparison.Ordinal);
        var serious = routine.Replace("\"figures\":{\"injured\":0}", "\"figures\":{\"deaths\":1}", StringComparison.Ordinal)
            .Replace("\"occurredAt\":\"2026-03-01T06:25:00+08:00\"", "\"occurredAt\":null", StringComparison.Ordinal)
            .Replace("\"callAt\":\"2026-03-01T06:30:00+08:00\"", "\"callAt\":\"2026-03-01T10:09:00+08:00\"", StringComparison.Ordinal)
            .Replace("0020", "0030", StringComparison.Ordinal);
        serious.Should().Contain("10:09").And.Contain("\"deaths\":1");

        var (results, _) = await PostAsync([routine, serious]);

        results.Select(r => (r.Str("status"), r.Str("field"))).Should().Equal(("rejected", "updatedAt"), ("rejected", "updatedAt"));
        results[0].Str("reason").Should().Contain("is the sender's clock right?");
        (await _factory.CountAsync()).Should().Be(0);
    }

    [Fact]
    public async Task Ingest_FigureWithALoneSurrogateEscape_IsRejectedNamingIt_AndTheRestGoesOn()
    {
        // Read by the figures' own reader, the escape threw out of the batch: a 500, no line answered, the bad line not kept.
        var routine = Sample("routine-with-bad-lines.ndjson")[0];
        var broken = routine.Replace("\"figures\":{\"injured\":0}", "\"figures\":{\"disruptedCounties\":[\"\\ud800\"]}", StringComparison.Ordinal);
        broken.Should().NotBe(routine);

        var (results, _) = await PostAsync([broken, Sample("routine-with-bad-lines.ndjson")[3]]);

        results.Select(r => r.Str("status")).Should().Equal("rejected", "accepted");
        results[0].Str("field").Should().Be("figures.disruptedCounties");
        (await QuarantineAsync()).Should().ContainSingle().Which.Str("line").Should().Be(broken);
    }

    [Fact]
    public async Task Resubmit_CorrectedLine_IsProcessedAndResolvesTheQuarantineEntry()
    {
        var (results, _) = await PostAsync(Sample("routine-with-bad-lines.ndjson"));
        var entry = results[1].GetProperty("quarantineId").GetInt64();
        var corrected = Sample("routine-with-bad-lines.ndjson")[1].Replace("晋中市", "沁水县", StringComparison.Ordinal);
        using var client = _factory.As(RoleCatalogue.Feed);

        using var still = await client.PostAsync($"{Feed}/quarantine/{entry}/resubmit", new StringContent(Sample("routine-with-bad-lines.ndjson")[1], Encoding.UTF8, "application/x-ndjson"));
        using var response = await client.PostAsync($"{Feed}/quarantine/{entry}/resubmit", new StringContent(corrected, Encoding.UTF8, "application/x-ndjson"));

        await still.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await still.JsonAsync()).Str("status").Should().Be("rejected", "the uncorrected line is refused again and the entry stays open");
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var answer = await response.JsonAsync();
        answer.Str("status").Should().Be("accepted");
        answer.GetProperty("line").GetInt64().Should().Be(2, "the entry's line number");
        // The same shape as a line's answer in the stream: a routine line has no incidentId, field or quarantineId member.
        answer.EnumerateObject().Select(p => p.Name).Should().Equal("line", "status", "eventId", "dispatchId", "sequence", "outcome", "reason");
        (await QuarantineAsync()).Select(q => q.GetProperty("id").GetInt64()).Should().NotContain(entry);
        var resolved = (await QuarantineAsync(includeResolved: true)).Single(q => q.GetProperty("id").GetInt64() == entry);
        resolved.Str("resolvedByEventId").Should().Be("JC122-20260301-0021-1");
        (await QuarantineAsync(includeResolved: true)).Should().HaveCount(3, "refusing the uncorrected line again added no entry");
    }

    [Fact]
    public async Task Resubmit_ToAResolvedEntry_AnswersItsOwnRetryAsADuplicateAndRefusesAnyOtherLineWith409()
    {
        var (results, _) = await PostAsync(Sample("routine-with-bad-lines.ndjson"));
        var entry = results[1].GetProperty("quarantineId").GetInt64();
        var corrected = Sample("routine-with-bad-lines.ndjson")[1].Replace("晋中市", "沁水县", StringComparison.Ordinal);
        var another = corrected.Replace("JC122-20260301-0021-1", "JC122-20260301-0021-9", StringComparison.Ordinal);
        another.Should().NotBe(corrected);
        using var client = _factory.As(RoleCatalogue.Feed);
        using var first = await client.PostAsync($"{Feed}/quarantine/{entry}/resubmit", new StringContent(corrected, Encoding.UTF8, "application/x-ndjson"));
        await first.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var messages = (await _factory.Services.GetRequiredService<IFeedStore>().CountAsync()).Messages;

        using var retry = await client.PostAsync($"{Feed}/quarantine/{entry}/resubmit", new StringContent(corrected, Encoding.UTF8, "application/x-ndjson"));
        using var other = await client.PostAsync($"{Feed}/quarantine/{entry}/resubmit", new StringContent(another, Encoding.UTF8, "application/x-ndjson"));

        await retry.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await retry.JsonAsync()).Str("status").Should().Be("duplicate", "a retry whose first answer was lost");
        await other.ShouldHaveStatusAsync(HttpStatusCode.Conflict);
        other.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await other.JsonAsync();
        problem.GetProperty("quarantineId").GetInt64().Should().Be(entry);
        problem.Str("resolvedByEventId").Should().Be("JC122-20260301-0021-1");
        problem.Str("detail").Should().Contain("already resolved");
        (await _factory.Services.GetRequiredService<IFeedStore>().CountAsync()).Messages.Should().Be(messages, "the refused line was not processed");
        (await QuarantineAsync(includeResolved: true)).Single(q => q.GetProperty("id").GetInt64() == entry)
            .Str("resolvedByEventId").Should().Be("JC122-20260301-0021-1");
    }

    [Fact]
    public async Task Resubmit_AnotherRecordToAnOpenEntry_Is409NamingTheEventIdItExpects_StoresNothing_AndTheRealCorrectionStillResolvesIt()
    {
        // A tester re-submitted an unrelated valid record (another eventId, another dispatch) to an open entry: it was applied and
        // marked the entry resolved, hiding the bad line's real correction.
        var (results, _) = await PostAsync(Sample("routine-with-bad-lines.ndjson"));
        var entry = results[1].GetProperty("quarantineId").GetInt64();
        var unrelated = Sample("routine-with-bad-lines.ndjson")[3].Replace("JC122-20260301-0023", "JC122-20260301-0024", StringComparison.Ordinal);
        var storedAlready = Sample("routine-with-bad-lines.ndjson")[0];
        var corrected = Sample("routine-with-bad-lines.ndjson")[1].Replace("晋中市", "沁水县", StringComparison.Ordinal);
        var store = _factory.Services.GetRequiredService<IFeedStore>();
        var rows = await store.CountAsync();
        using var client = _factory.As(RoleCatalogue.Feed);

        using var other = await client.PostAsync($"{Feed}/quarantine/{entry}/resubmit", new StringContent(unrelated, Encoding.UTF8, "application/x-ndjson"));
        using var replay = await client.PostAsync($"{Feed}/quarantine/{entry}/resubmit", new StringContent(storedAlready, Encoding.UTF8, "application/x-ndjson"));

        // 409 as for a resolved entry: the line does not fit this entry.
        await other.ShouldHaveStatusAsync(HttpStatusCode.Conflict);
        other.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await other.JsonAsync();
        problem.GetProperty("errors").GetProperty("eventId")[0].GetString().Should()
            .Contain("JC122-20260301-0021-1", "it says which eventId the entry expects").And.Contain("JC122-20260301-0024-1");
        problem.Str("expectedEventId").Should().Be("JC122-20260301-0021-1");
        problem.Str("receivedEventId").Should().Be("JC122-20260301-0024-1");
        problem.GetProperty("quarantineId").GetInt64().Should().Be(entry);
        await replay.ShouldHaveStatusAsync(HttpStatusCode.Conflict);
        (await replay.JsonAsync()).Str("receivedEventId").Should().Be("JC122-20260301-0020-1", "a record already stored (a duplicate) does not resolve another's entry either");
        (await store.CountAsync()).Should().Be(rows, "nothing of the refused lines was stored");
        (await _factory.CountAsync()).Should().Be(0, "no incident was opened");
        (await QuarantineAsync()).Select(q => q.GetProperty("id").GetInt64()).Should().Contain(entry, "the entry is still open");

        using var fixedLine = await client.PostAsync($"{Feed}/quarantine/{entry}/resubmit", new StringContent(corrected, Encoding.UTF8, "application/x-ndjson"));

        await fixedLine.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await fixedLine.JsonAsync()).Str("status").Should().Be("accepted", "the correction with the entry's eventId is taken");
        (await QuarantineAsync(includeResolved: true)).Single(q => q.GetProperty("id").GetInt64() == entry)
            .Str("resolvedByEventId").Should().Be("JC122-20260301-0021-1");
    }

    [Fact]
    public async Task Dismiss_AnOpenEntry_ClosesItWithWhoAndWhy_StoresNothing_AndItTakesNoLineAfterwards()
    {
        // An entry whose line cannot be corrected through it (here: the sender sent the record to the feed again under another
        // eventId) would stay open for ever: the feed's operator closes it, saying why.
        var (results, _) = await PostAsync(Sample("routine-with-bad-lines.ndjson"));
        var entry = results[1].GetProperty("quarantineId").GetInt64();
        var corrected = Sample("routine-with-bad-lines.ndjson")[1].Replace("晋中市", "沁水县", StringComparison.Ordinal);
        var store = _factory.Services.GetRequiredService<IFeedStore>();
        var rows = await store.CountAsync();
        using var client = _factory.As(RoleCatalogue.Feed);

        using var noReason = await client.PostJsonAsync($"{Feed}/quarantine/{entry}/dismissal", new { reason = "  " });
        await noReason.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        (await noReason.JsonAsync()).ErrorFields().Should().Equal("reason");

        using var dismissed = await client.PostJsonAsync($"{Feed}/quarantine/{entry}/dismissal", new { reason = "已按正确编号重新发送" });

        await dismissed.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var body = await dismissed.JsonAsync();
        body.GetProperty("id").GetInt64().Should().Be(entry);
        body.Str("dismissalReason").Should().Be("已按正确编号重新发送");
        body.Str("dismissedBy").Should().NotBeNullOrWhiteSpace();
        body.Str("resolvedAt").Should().NotBeNullOrWhiteSpace();
        body.GetProperty("resolvedByEventId").ValueKind.Should().Be(JsonValueKind.Null);
        (await QuarantineAsync()).Select(q => q.GetProperty("id").GetInt64()).Should().NotContain(entry, "the entry is closed");
        (await store.CountAsync()).Messages.Should().Be(rows.Messages, "a dismissal stores and applies no line");

        using var again = await client.PostJsonAsync($"{Feed}/quarantine/{entry}/dismissal", new { reason = "再次" });
        using var late = await client.PostAsync($"{Feed}/quarantine/{entry}/resubmit", new StringContent(corrected, Encoding.UTF8, "application/x-ndjson"));
        using var absent = await client.PostJsonAsync($"{Feed}/quarantine/999999/dismissal", new { reason = "无此条" });

        await again.ShouldHaveStatusAsync(HttpStatusCode.Conflict);
        (await again.JsonAsync()).Str("dismissalReason").Should().Be("已按正确编号重新发送", "the first dismissal stands");
        await late.ShouldHaveStatusAsync(HttpStatusCode.Conflict);
        (await late.JsonAsync()).Str("title").Should().Be("Quarantine entry dismissed");
        await absent.ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        (await store.CountAsync()).Should().Be(rows with { }, "neither the refused dismissal nor the refused line wrote anything");
    }

    [Fact]
    public async Task Dismiss_IsForTheFeedRole_NotForAReader()
    {
        var (results, _) = await PostAsync(Sample("routine-with-bad-lines.ndjson"));
        var entry = results[1].GetProperty("quarantineId").GetInt64();
        using var observer = _factory.As(RoleCatalogue.Observer);

        using var response = await observer.PostJsonAsync($"{Feed}/quarantine/{entry}/dismissal", new { reason = "x" });

        await response.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        (await QuarantineAsync()).Select(q => q.GetProperty("id").GetInt64()).Should().Contain(entry);
    }

    [Fact]
    public async Task Resubmit_ToAnOpenEntryOfATruncatedLine_TheEventIdItCouldReadIsTheOneExpected()
    {
        // Line 3 of the sample breaks off after its dispatchId: its eventId was read, so its correction carries it.
        var (results, _) = await PostAsync(Sample("routine-with-bad-lines.ndjson"));
        var entry = results[2].GetProperty("quarantineId").GetInt64();
        (await QuarantineAsync()).Single(q => q.GetProperty("id").GetInt64() == entry).Str("eventId").Should().Be("JC122-20260301-0022-1");
        var completed = Sample("routine-with-bad-lines.ndjson")[3].Replace("JC122-20260301-0023", "JC122-20260301-0022", StringComparison.Ordinal);
        var unrelated = Sample("routine-with-bad-lines.ndjson")[3].Replace("JC122-20260301-0023", "JC122-20260301-0025", StringComparison.Ordinal);
        using var client = _factory.As(RoleCatalogue.Feed);

        using var refused = await client.PostAsync($"{Feed}/quarantine/{entry}/resubmit", new StringContent(unrelated, Encoding.UTF8, "application/x-ndjson"));
        using var taken = await client.PostAsync($"{Feed}/quarantine/{entry}/resubmit", new StringContent(completed, Encoding.UTF8, "application/x-ndjson"));

        await refused.ShouldHaveStatusAsync(HttpStatusCode.Conflict);
        (await refused.JsonAsync()).Str("expectedEventId").Should().Be("JC122-20260301-0022-1");
        await taken.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await taken.JsonAsync()).Str("status").Should().Be("accepted");
    }

    [Fact]
    public async Task Resubmit_ToAnEntryWithoutAReadableEventId_AnyValidLineCorrectsIt()
    {
        // A garbage line (no eventId to read), and a line whose eventId is itself what is wrong: nothing says which record they were.
        var routine = Sample("routine-with-bad-lines.ndjson")[3];
        var badId = routine.Replace("JC122-20260301-0023-1", "JC122 20260301 0023 1", StringComparison.Ordinal);
        var (results, _) = await PostAsync(["这不是一条接警记录", badId]);
        results.Select(r => (r.Str("status"), r.TryGetProperty("eventId", out var e) ? e.GetString() : null))
            .Should().Equal(("rejected", null), ("rejected", "JC122 20260301 0023 1"));
        var garbage = results[0].GetProperty("quarantineId").GetInt64();
        var invalidId = results[1].GetProperty("quarantineId").GetInt64();
        using var client = _factory.As(RoleCatalogue.Feed);

        using var first = await client.PostAsync($"{Feed}/quarantine/{garbage}/resubmit",
            new StringContent(routine.Replace("0023", "0026", StringComparison.Ordinal), Encoding.UTF8, "application/x-ndjson"));
        using var second = await client.PostAsync($"{Feed}/quarantine/{invalidId}/resubmit", new StringContent(routine, Encoding.UTF8, "application/x-ndjson"));

        await first.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await first.JsonAsync()).Str("status").Should().Be("accepted");
        await second.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await second.JsonAsync()).Str("status").Should().Be("accepted");
        var resolved = await QuarantineAsync(includeResolved: true);
        resolved.Single(q => q.GetProperty("id").GetInt64() == garbage).Str("resolvedByEventId").Should().Be("JC122-20260301-0026-1");
        resolved.Single(q => q.GetProperty("id").GetInt64() == invalidId).Str("resolvedByEventId").Should().Be("JC122-20260301-0023-1");
    }

    [Fact]
    public async Task Resubmit_UnknownEntry_Returns404()
    {
        using var client = _factory.As(RoleCatalogue.Feed);

        using var response = await client.PostAsync($"{Feed}/quarantine/999999/resubmit", new StringContent("{}", Encoding.UTF8, "application/x-ndjson"));

        await response.ShouldHaveStatusAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Ingest_GeneratedFeedWithOnePercentGarbage_AnswersEveryLineAndAReplayWritesNothing()
    {
        var lines = new FeedGenerator(8, new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.FromHours(8))).Lines(3000).ToArray();

        var (results, summary) = await PostAsync(lines);

        results.Should().HaveCount(lines.Length, "every line is answered, bad ones included");
        results.Select(r => r.GetProperty("line").GetInt64()).Should().BeInAscendingOrder();
        var rejected = summary.GetProperty("rejected").GetInt64();
        rejected.Should().BeInRange(15, 60, "about 1% of the lines are garbage");
        summary.GetProperty("opened").GetInt64().Should().BePositive("a few percent are plan incidents");
        summary.GetProperty("updated").GetInt64().Should().BePositive("their figures rise");
        summary.GetProperty("duplicate").GetInt64().Should().BePositive();
        summary.GetProperty("stale").GetInt64().Should().BePositive("late updates arrive");
        summary.GetProperty("conflict").GetInt64().Should().BePositive();
        var counted = Statuses.Sum(s => summary.GetProperty(s).GetInt64());
        counted.Should().Be(lines.Length);
        (await _factory.CountAsync()).Should().Be((int)summary.GetProperty("opened").GetInt64(), "one incident per plan dispatch record");
        var store = _factory.Services.GetRequiredService<IFeedStore>();
        var rows = await store.CountAsync();
        rows.Messages.Should().Be(summary.GetProperty("accepted").GetInt64() + summary.GetProperty("stale").GetInt64());

        var (_, replay) = await PostAsync(lines);

        replay.GetProperty("accepted").GetInt64().Should().Be(0);
        replay.GetProperty("rejected").GetInt64().Should().Be(rejected);
        (await store.CountAsync()).Should().Be(rows, "the replay added no row, not even to the quarantine");
    }

    [Fact]
    public async Task IncidentFromTheFeed_ContinuedByADutyOfficerOverRest_TakesTheNextFeedUpdateOnTheNewVersion()
    {
        var sample = Sample("coach-rollover-fog-g207.ndjson");
        var (opened, _) = await PostAsync([sample[0]]);
        var incident = await _factory.GetAsync(opened[0].Str("incidentId"));
        var officer = await _factory.ChangeAsync(incident, "/reports", Bodies.Continuation(summary: "值班员电话核实：仍有人员被困"), RoleCatalogue.DutyOfficer);

        var (results, _) = await PostAsync([sample[1]]);

        results[0].Str("outcome").Should().Be("updated");
        var after = await _factory.GetAsync(incident.Id);
        after.ETag.Should().Be(officer.ETag + 1);
        after.Body.GetProperty("timeline").EnumerateArray().Select(t => t.Str("actor")).Should().Contain(a => a.Contains("duty-officer", StringComparison.Ordinal))
            .And.Contain(a => a.Contains("(feed)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ingest_BodyOverTheFeedLimit_Returns413()
    {
        using var factory = new ApiFactory().With("EmergencyPlans:Feed:MaxRequestBytes", "200");
        using var client = factory.As(RoleCatalogue.Feed);

        using var response = await client.PostAsync(Feed, new StringContent(string.Join('\n', Sample("coach-rollover-fog-g207.ndjson")), Encoding.UTF8, "application/x-ndjson"));

        await response.ShouldHaveStatusAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Ingest_BodyOverTheOrdinaryLimit_IsTakenWithinTheFeedLimit()
    {
        using var factory = new ApiFactory().With("EmergencyPlans:MaxRequestBodyBytes", "1024");
        var lines = new FeedGenerator(3, new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.FromHours(8))).Lines(50).ToArray();
        using var client = factory.As(RoleCatalogue.Feed);

        using var response = await client.PostAsync(Feed, new StringContent(string.Join('\n', lines), Encoding.UTF8, "application/x-ndjson"));

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(51);
    }

    [Fact]
    public async Task FeedRole_OpeningOrReportingOverRest_Gets403AndTheIncidentIsUntouched()
    {
        var incident = await _factory.OpenAsync();
        using var client = _factory.As(RoleCatalogue.Feed);

        using var open = await client.PostJsonAsync(Http.Incidents, Bodies.Incident());
        using var report = await client.PostJsonAsync(incident.Url + "/reports", Bodies.Continuation(), incident.ETag);
        using var fulfil = await client.PostJsonAsync(incident.Url + "/obligations/phone-report-to-city/fulfilment", Bodies.Fulfil("2026-03-01T09:35:00+08:00"), incident.ETag);

        await open.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        await report.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        await fulfil.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
        (await _factory.GetAsync(incident.Id)).ETag.Should().Be(incident.ETag);
    }

    [Fact]
    public async Task FeedClient_SendsAFileInPartsToTheEndpoint_AndNumbersTheAnswersFromTheStartOfTheFile()
    {
        using var http = _factory.CreateClient();
        var client = new EmergencyPlans.Infrastructure.Feeds.FeedClient(http, http.BaseAddress!, Keys.For(RoleCatalogue.Feed)) { LinesPerRequest = 3 };
        var answers = new List<EmergencyPlans.Application.Feeds.FeedLineResult>();
        using var input = new StringReader(string.Join('\n', Sample("coach-rollover-fog-g207.ndjson").Concat(Sample("routine-with-bad-lines.ndjson"))));

        var summary = await client.SendAsync(input, (r, _) =>
        {
            answers.Add(r);
            return ValueTask.CompletedTask;
        });

        answers.Select(a => a.Line).Should().Equal(Enumerable.Range(1, 9).Select(i => (long)i));
        answers.Select(a => a.Status).Should().Equal("accepted", "accepted", "stale", "duplicate", "accepted", "rejected", "rejected", "accepted", "conflict");
        summary.Lines.Should().Be(9);
        summary.Accepted.Should().Be(4);
        summary.Commits.Should().Be(3, "three requests of up to three lines, one group each");
    }

    [Fact]
    public async Task FeedClient_SumsTheBlankLinesAndTheClosedEntries_OfEveryPart()
    {
        // The summary's members since session 62 (s62 F62-16, F62-17), summed over the parts the file is sent in, as the others are.
        using var http = _factory.CreateClient();
        var client = new EmergencyPlans.Infrastructure.Feeds.FeedClient(http, http.BaseAddress!, Keys.For(RoleCatalogue.Feed)) { LinesPerRequest = 2 };
        var bad = Sample("routine-with-bad-lines.ndjson")[1];
        await PostAsync([bad]);
        var entry = (await _factory.Services.GetRequiredService<IFeedStore>().ListQuarantineAsync(0, 10, includeResolved: false)).Single().Id;
        using (var feed = _factory.As(RoleCatalogue.Feed))
        {
            using var dismissed = await feed.PostJsonAsync($"/api/v1/feeds/122/quarantine/{entry}/dismissal", new { reason = "测试：不再更正" });
            await dismissed.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using var input = new StringReader(string.Join('\n', bad, "", bad, "", ""));

        var summary = await client.SendAsync(input, (_, _) => ValueTask.CompletedTask);

        (summary.Lines, summary.BlankLines, summary.Rejected, summary.QuarantineClosed, summary.Commits).Should().Be((2L, 2L, 2L, 2L, 2L));
    }

    [Fact]
    public async Task FeedClient_InParts_StoresEachQuarantinedLineWithItsNumberInTheFile()
    {
        using var http = _factory.CreateClient();
        var client = new EmergencyPlans.Infrastructure.Feeds.FeedClient(http, http.BaseAddress!, Keys.For(RoleCatalogue.Feed)) { LinesPerRequest = 3 };
        // CRLF lines handed over a byte a read: no part may cut a \r\n in two (the service would count a blank line more).
        var file = Encoding.UTF8.GetBytes(string.Join("\r\n", Sample("coach-rollover-fog-g207.ndjson").Concat(Sample("routine-with-bad-lines.ndjson"))) + "\r\n");

        await client.SendAsync(new TrickleStream(file, 1), (_, _) => ValueTask.CompletedTask);

        (await QuarantineAsync()).Select(q => (q.GetProperty("lineNumber").GetInt64(), q.Str("reason"))).Should().Equal(
            (6L, "rejected"), (7L, "rejected"), (9L, "conflict"));
    }

    [Fact]
    public async Task Ingest_FirstLine_NumbersTheAnswersAndTheQuarantineFromIt_AndIsAWholeNumberFromOne()
    {
        using var client = _factory.As(RoleCatalogue.Feed);
        var body = string.Join('\n', Sample("routine-with-bad-lines.ndjson")) + "\n";

        using var response = await client.PostAsync($"{Feed}?firstLine=20001", new StringContent(body, Encoding.UTF8, "application/x-ndjson"));
        var statuses = new List<HttpStatusCode>();
        foreach (var bad in new[] { "0", "-1", "1.5", "x", "%2B3" })
        {
            using var refused = await client.PostAsync($"{Feed}?firstLine={bad}", new StringContent(body, Encoding.UTF8, "application/x-ndjson"));
            statuses.Add(refused.StatusCode);
        }

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var answers = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToArray();
        answers.SkipLast(1).Select(a => a.GetProperty("line").GetInt64()).Should().Equal(20001, 20002, 20003, 20004, 20005);
        (await QuarantineAsync()).Select(q => q.GetProperty("lineNumber").GetInt64()).Should().Equal(20002, 20003, 20005);
        statuses.Should().OnlyContain(s => s == HttpStatusCode.BadRequest, "firstLine is a whole number from 1");
        (await _factory.Services.GetRequiredService<IFeedStore>().CountAsync()).Messages.Should().Be(2, "a refused request took no line");
    }

    [Theory]
    [InlineData("9223372036854775807")] // long.MaxValue: the next lines were answered and stored as -9223372036854775808, …
    [InlineData("9007199254740992")] // 2^53: the first a JavaScript client cannot tell from its neighbour
    [InlineData("99999999999999999999")] // not even a long
    public async Task Ingest_FirstLineBeyond2To53Minus1_Is400NamingIt_AndTakesNoLine(string firstLine)
    {
        using var client = _factory.As(RoleCatalogue.Feed);
        var sample = Sample("coach-rollover-fog-g207.ndjson");
        var body = string.Join('\n', sample[0], "garbage-line", sample[1]) + "\n";

        using var response = await client.PostAsync($"{Feed}?firstLine={firstLine}", new StringContent(body, Encoding.UTF8, "application/x-ndjson"));

        var problem = await FuzzFindingsTests.ShouldNameAsync(response, HttpStatusCode.BadRequest, "firstLine");
        problem.Str("detail").Should().StartWith("firstLine: must be a whole number from 1 to 9007199254740991");
        (await _factory.Services.GetRequiredService<IFeedStore>().CountAsync()).Messages.Should().Be(0, "a refused request takes no line");
        (await QuarantineAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Ingest_FirstLineAsHighAsTheBodyAllows_NumbersEveryLineWithin2To53Minus1_AndOneHigherIsRefused()
    {
        // firstLine plus the body's length stays within 2^53-1, so the last line's number does too (a reviewer sent firstLine
        // 9007199254740990 with four lines and was answered line 9007199254740993, which a JavaScript client reads as …992).
        using var client = _factory.As(RoleCatalogue.Feed);
        var sample = Sample("coach-rollover-fog-g207.ndjson");
        var body = Encoding.UTF8.GetBytes(string.Join('\n', sample[0], "garbage-line", sample[1]) + "\n");
        var highest = 9007199254740991L - body.Length;

        using var refused = await client.PostAsync($"{Feed}?firstLine={highest + 1}", new ByteArrayContent(body) { Headers = { ContentType = new("application/x-ndjson") } });
        using var response = await client.PostAsync($"{Feed}?firstLine={highest}", new ByteArrayContent(body) { Headers = { ContentType = new("application/x-ndjson") } });

        await refused.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        (await refused.JsonAsync()).ErrorFields().Should().Equal("firstLine");
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var answers = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToArray();
        answers.SkipLast(1).Select(a => (a.GetProperty("line").GetInt64(), a.Str("status")))
            .Should().Equal((highest, "accepted"), (highest + 1, "rejected"), (highest + 2, "accepted"));
        (await QuarantineAsync()).Select(q => q.GetProperty("lineNumber").GetInt64()).Should().Equal(highest + 1);
        using var reader = _factory.As(RoleCatalogue.DutyOfficer);
        using var history = await reader.GetAsync($"{Feed}/dispatches/JC122-20260301-0007");
        (await history.JsonAsync()).GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("lineNumber").GetInt64())
            .Should().Equal(highest, highest + 2);
    }

    [Fact]
    public async Task FeedClient_SendsTheFilesBytesAsTheyAre_AGbkLineAndAUtf16FileAreRefusedAsByTheEndpoint()
    {
        using var http = _factory.CreateClient();
        var client = new EmergencyPlans.Infrastructure.Feeds.FeedClient(http, http.BaseAddress!, Keys.For(RoleCatalogue.Feed)) { LinesPerRequest = 1 };
        var sample = Sample("routine-with-bad-lines.ndjson");
        var gbk = System.Text.CodePagesEncodingProvider.Instance.GetEncoding(936)!.GetBytes(sample[0]);
        var firstNonAscii = Array.FindIndex(gbk, b => b >= 0x80);
        var answers = new List<EmergencyPlans.Application.Feeds.FeedLineResult>();

        await client.SendAsync(new MemoryStream([.. gbk, (byte)'\n', .. Encoding.UTF8.GetBytes(sample[3] + "\n")]), (r, _) =>
        {
            answers.Add(r);
            return ValueTask.CompletedTask;
        });
        var utf16 = new List<EmergencyPlans.Application.Feeds.FeedLineResult>();
        await client.SendAsync(new MemoryStream([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(sample[3])]), (r, _) =>
        {
            utf16.Add(r);
            return ValueTask.CompletedTask;
        });

        answers.Select(a => (a.Line, a.Status)).Should().Equal((1L, "rejected"), (2L, "accepted"));
        answers[0].Reason.Should().Be($"not UTF-8 from byte {firstNonAscii + 1}: the feed is UTF-8 (docs/feed-122.md); was the line written in GBK?");
        var entry = (await QuarantineAsync())[0];
        entry.GetProperty("lineNumber").GetInt64().Should().Be(1);
        Convert.FromBase64String(entry.Str("lineBytes")!).Should().Equal(gbk, "the line reached the service as it is in the file");
        utf16.Should().NotBeEmpty().And.OnlyContain(a => a.Status == "rejected", "a UTF-16 file is not the feed's UTF-8, whichever way it is sent");
        utf16.Should().OnlyContain(a => a.Reason!.StartsWith("not UTF-8 but UTF-16, by ", StringComparison.Ordinal), "it is said to be UTF-16, not asked whether it is GBK");
    }

    [Fact]
    public async Task Ingest_ALineLongerThanTheLimit_IsRejected_AndKeptCutToAtMostThatManyBytesOfUtf8()
    {
        using var factory = new ApiFactory().With("EmergencyPlans:Feed:MaxLineBytes", "1000");
        using var client = factory.As(RoleCatalogue.Feed);
        var routine = Sample("routine-with-bad-lines.ndjson")[0];
        var line = "{\"text\":\"" + new string('泽', 1000) + "\"}";

        using var response = await client.PostAsync(Feed, new StringContent(line + "\n" + routine + "\n", Encoding.UTF8, "application/x-ndjson"));

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var answers = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToArray();
        answers[0].Str("status").Should().Be("rejected");
        answers[0].Str("reason").Should().StartWith("line longer than 1000 bytes (kept cut to that length").And.Contain($"{Encoding.UTF8.GetByteCount(line)} bytes");
        answers[1].Str("status").Should().Be("accepted", "the next line is read");
        using var list = await client.GetAsync($"{Feed}/quarantine");
        var entry = (await list.JsonAsync()).GetProperty("entries").EnumerateArray().Should().ContainSingle().Subject;
        var kept = Encoding.UTF8.GetBytes(entry.Str("line")!);
        kept.Length.Should().BeLessThanOrEqualTo(1000, "the limit is in bytes").And.BeGreaterThan(996, "cut where the last whole character ends");
        line.Should().StartWith(entry.Str("line"));
    }

    [Fact]
    public async Task Ingest_TheSameRecordWrittenDifferently_IsADuplicate_StoredOrInTheSameBatch()
    {
        var routine = Sample("routine-with-bad-lines.ndjson")[0];
        var coach = Sample("coach-rollover-fog-g207.ndjson")[0];
        var routineAgain = routine
            .Replace("\"km\":912.0", "\"km\":912", StringComparison.Ordinal)
            .Replace("\"updatedAt\":\"2026-03-01T06:31:00+08:00\"", "\"updatedAt\":\"2026-02-28T22:31:00Z\"", StringComparison.Ordinal)
            .Replace("\"flags\":{\"hazmatVehicle\":false,\"operatingCoach\":false,\"foreignersInvolved\":false}", "\"flags\":{\"foreignersInvolved\":false,\"operatingCoach\":false,\"hazmatVehicle\":false}", StringComparison.Ordinal);
        var coachAgain = coach
            .Replace("\"km\":1108.5", "\"km\":1108.50", StringComparison.Ordinal)
            .Replace("\"deaths\":null,\"missing\":null,", "", StringComparison.Ordinal);
        var bare = "{\"eventId\":\"JC122-20260301-0099-1\",\"dispatchId\":\"JC122-20260301-0099\",\"sequence\":1,\"updatedAt\":\"2026-03-01T08:05:00+08:00\","
            + "\"callAt\":\"2026-03-01T08:00:00+08:00\",\"county\":\"城区\",\"nature\":\"collision\",\"status\":\"open\"";
        var bareLines = new[] { bare + "}", bare + ",\"figures\":{},\"flags\":null}", bare + ",\"flags\":{},\"figures\":{\"deaths\":null}}" };
        var lossA = bare.Replace("0099", "0098", StringComparison.Ordinal) + ",\"figures\":{\"directLossWan\":1.5}}";
        var lossB = bare.Replace("0099", "0098", StringComparison.Ordinal) + ",\"figures\":{\"directLossWan\":1.50}}";
        routineAgain.Should().NotBe(routine);
        coachAgain.Should().NotBe(coach);

        var (stored, _) = await PostAsync([routine, coach]);
        var (again, _) = await PostAsync([routineAgain, coachAgain]);
        var (batch, _) = await PostAsync([.. bareLines, lossA, lossB]);
        var (other, _) = await PostAsync([routine.Replace("\"km\":912.0", "\"km\":913", StringComparison.Ordinal)]);
        var (otherText, _) = await PostAsync([coachAgain.Replace("\"text\":\"", "\"text\":\"（更正）", StringComparison.Ordinal)]);

        stored.Select(r => r.Str("status")).Should().Equal("accepted", "accepted");
        again.Select(r => r.Str("status")).Should().Equal(["duplicate", "duplicate"], "the same records, written differently");
        batch.Select(r => r.Str("status")).Should().Equal("accepted", "duplicate", "duplicate", "accepted", "duplicate");
        other[0].Str("status").Should().Be("conflict", "another kilometre is another record");
        coachAgain.Should().Contain("\"text\":\"");
        otherText[0].Str("status").Should().Be("conflict", "another text is another record, however the rest is written");
    }

    [Fact]
    public async Task Ingest_ALineSentAgain_IsADuplicateNamingTheStoredMessagesRecordAndIncident_HoweverItIsSent()
    {
        // A sender that lost an answer sends its lines again: the duplicate's answer is the only way it learns the incident. A line
        // stored in an earlier submission was answered without incidentId, and byte-identical (answered without reading the line)
        // without dispatchId and sequence too: {"line":1,"status":"duplicate","eventId":"S1-1","reason":"already received with the same content"}.
        var sample = Sample("coach-rollover-fog-g207.ndjson");
        var routine = Sample("routine-with-bad-lines.ndjson")[0];
        var (first, _) = await PostAsync([.. sample, routine]);
        var incident = first[0].Str("incidentId");
        incident.Should().NotBeNull();
        first.Select(r => r.Str("status")).Should().Equal("accepted", "accepted", "stale", "duplicate", "accepted");

        var respaced = "{ " + sample[0][1..]; // the same record written differently: the line is read and compared
        var (again, _) = await PostAsync([sample[0], sample[1], sample[2], respaced, routine]);

        var expected = new (string? DispatchId, long? Sequence, string? IncidentId)[]
        {
            ("JC122-20260301-0007", 1, incident), ("JC122-20260301-0007", 3, incident),
            ("JC122-20260301-0007", 2, incident), // stale against the record's incident: stored with it
            ("JC122-20260301-0007", 1, incident), ("JC122-20260301-0020", 1, null), // routine: stored without an incident
        };
        again.Select(r => r.Str("status")).Should().OnlyContain(s => s == "duplicate");
        again.Select(Named).Should().Equal(expected);
        Named(first[3]).Should().Be(("JC122-20260301-0007", 3L, incident), "a line repeated in the same submission names the incident its first copy was stored with");

        // Members left out (null) read as null: the answer before this fix had none of them.
        static (string?, long?, string?) Named(JsonElement r) =>
            (r.TryGetProperty("dispatchId", out var d) ? d.GetString() : null, r.TryGetProperty("sequence", out var s) ? s.GetInt64() : null,
             r.TryGetProperty("incidentId", out var i) ? i.GetString() : null);
    }

    [Fact]
    public async Task Resubmit_ToAResolvedEntry_TheSameEventIdWithOtherContentIs409_TheResolvingRecordWrittenDifferentlyADuplicate()
    {
        var (results, _) = await PostAsync(Sample("routine-with-bad-lines.ndjson"));
        var entry = results[1].GetProperty("quarantineId").GetInt64();
        var corrected = Sample("routine-with-bad-lines.ndjson")[1].Replace("晋中市", "沁水县", StringComparison.Ordinal);
        var otherContent = corrected.Replace("沁水县", "阳城县", StringComparison.Ordinal);
        var respaced = corrected.Replace(",", ", ", StringComparison.Ordinal).Replace("\"figures\":{}", "\"figures\":{\"deaths\":null}", StringComparison.Ordinal);
        using var client = _factory.As(RoleCatalogue.Feed);
        using var first = await client.PostAsync($"{Feed}/quarantine/{entry}/resubmit", new StringContent(corrected, Encoding.UTF8, "application/x-ndjson"));
        await first.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var rows = await _factory.Services.GetRequiredService<IFeedStore>().CountAsync();

        using var other = await client.PostAsync($"{Feed}/quarantine/{entry}/resubmit", new StringContent(otherContent, Encoding.UTF8, "application/x-ndjson"));
        using var same = await client.PostAsync($"{Feed}/quarantine/{entry}/resubmit", new StringContent(respaced, Encoding.UTF8, "application/x-ndjson"));

        await other.ShouldHaveStatusAsync(HttpStatusCode.Conflict);
        (await other.JsonAsync()).Str("resolvedByEventId").Should().Be("JC122-20260301-0021-1");
        await same.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await same.JsonAsync()).Str("status").Should().Be("duplicate", "the line that resolved it, written differently");
        (await _factory.Services.GetRequiredService<IFeedStore>().CountAsync()).Should().Be(rows, "neither added a row");
    }

    private Task<(JsonElement[] Results, JsonElement Summary)> PostAsync(IEnumerable<string> lines) => _factory.PostFeedAsync(lines);

    private Task<(JsonElement[] Results, JsonElement Summary)> PostAsync(byte[] body) => _factory.PostFeedAsync(body);

    private async Task<JsonElement[]> QuarantineAsync(bool includeResolved = false)
    {
        using var client = _factory.As(RoleCatalogue.Feed);
        using var response = await client.GetAsync($"{Feed}/quarantine?includeResolved={(includeResolved ? "true" : "false")}");
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return (await response.JsonAsync()).GetProperty("entries").EnumerateArray().ToArray();
    }

    private static string[] Sample(string name) => FeedHttp.Sample(name);
}
