using System.Net;
using System.Text.Json;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// Through the real pipeline: construction warnings (晋市政办〔2025〕15号 3.2, 3.2.2, 3.2.4: no colours; 市指挥部 judges,
/// 市指挥部办公室 issues, updates and lifts), the measures with their lead units (natural disaster 〔2026〕3号 5.x.3, construction
/// 4.3.x(3), road 〔2025〕18号 5.3.x) in the assessment and the incident view, the termination conditions as a checklist, and
/// untimed duties ending with the incident.
/// </summary>
public sealed class WarningsMeasuresTerminationTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly object ConstructionOneDead = new { deaths = 1, missing = 0, trapped = 0, endangered = 0, seriousInjuries = 0, directLossWan = 10m };

    private static object NaturalDead(long deaths) => new { deaths, missing = 0, relocated = 0, collapsedRooms = 0, collapsedHouseholds = 0, droughtAidPeople = 0 };

    [Fact]
    public async Task ConstructionWarning_SubmitJudgeUpdateLift_WithoutColour()
    {
        var incident = await factory.OpenAsync(Bodies.Incident("construction", ConstructionOneDead));

        var proposed = await factory.ChangeAsync(incident, "/warnings", new { action = "propose", reason = "市住建局会商研判后提出预警建议：塔吊基础沉降" }, RoleCatalogue.OfficeDirector);
        var warning = proposed.Body.GetProperty("warnings")[0];
        warning.Str("state").Should().Be("Proposed");
        warning.GetProperty("colour").ValueKind.Should().Be(JsonValueKind.Null, "3.2.2 sets no colours");
        var warningId = warning.Str("id");

        var issued = await factory.ChangeAsync(proposed, "/warnings", new { action = "issue", warningId, reason = "市指挥部研判，发布预警" }, RoleCatalogue.Commander);
        warning = issued.Body.GetProperty("warnings")[0];
        warning.Str("state").Should().Be("Issued");
        warning.Str("approvedBy").Should().Contain("(commander)");
        warning.Str("issuedBy").Should().Be("市指挥部办公室 (office-director)");
        warning.GetProperty("issuerDuties").EnumerateArray().Select(d => d.Str("words")).Should().Equal(
            "预警信息发布后发生变更的应及时更新",
            "对重大事故以上应按照有关规定及时上报",
            "经分析研判,建设工程事故不可能发生或风险已经消除的,按照“谁发布,谁解除”的原则,由发布预警的单位宣布解除预警,终止预警行动");

        var updated = await factory.ChangeAsync(issued, "/warnings", new { action = "adjust", warningId, reason = "预警区域扩大" }, RoleCatalogue.Commander);
        updated.Body.GetProperty("warnings")[0].Str("state").Should().Be("Adjusted");

        var lifted = await factory.ChangeAsync(updated, "/warnings", new { action = "lift", warningId, reason = "风险已经消除" }, RoleCatalogue.OfficeDirector);
        lifted.Body.GetProperty("warnings")[0].Str("state").Should().Be("Lifted");
    }

    [Fact]
    public async Task RoadAssessment_FogReported_TownshipsNot_SaysYellowHangsOnTheTownships()
    {
        // 4.3.3(1) "能见度 ≤ 50 米的特强沙尘暴或者大雾…且涉及四个以上乡(镇)的": 40 米 is reported, the 乡(镇) are not. The card said
        // no warning and nothing more; the office could owe a yellow one.
        using var client = factory.As(RoleCatalogue.Observer);
        var json = "{\"plan\":\"road-traffic\",\"occurredAt\":\"2026-03-01T09:10:00+08:00\",\"conditions\":{\"visibilityMetres\":40}}";

        using var response = await client.PostRawAsync("/api/v1/assessments", json);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var body = await response.JsonAsync();
        body.GetProperty("warning").ValueKind.Should().Be(JsonValueKind.Null);
        var open = body.GetProperty("warningsIfKnown").EnumerateArray().Should().ContainSingle().Subject;
        open.Str("colour").Should().Be("yellow");
        open.GetProperty("because").Str("clause").Should().Be("4.3.3(1)");
        open.GetProperty("unknown").EnumerateArray().Select(u => u.GetString()).Should().Equal("townshipsAffected");
        open.Str("approvedBy").Should().Contain("副指挥长");
        open.Str("text").Should().StartWith("涉及乡(镇)数未报：若涉及4个以上乡(镇)，应发布黄色预警（4.3.3(1)）");
    }

    [Fact]
    public async Task RoadAssessment_WindBelowEight_WeatherWarningNotReported_SaysAYellowAtLeast_OfARainstormOrBlizzardWarning()
    {
        // 4.3.3(1) "暴雨、暴雪、8级以上大风……且涉及四个以上乡(镇)的" with 7级 wind and 4 乡(镇): the yellow hangs on a rainstorm or blizzard warning
        // not reported. The text said "若已发布黄色及以上气象预警，应发布黄色预警": any meteorological warning, and yellow whatever its colour,
        // while an orange or red one calls for an orange or red road warning by rules of their own (4.3.2(1), 4.3.1(1)).
        using var client = factory.As(RoleCatalogue.Observer);
        var json = "{\"plan\":\"road-traffic\",\"occurredAt\":\"2026-03-01T09:10:00+08:00\",\"conditions\":{\"windForce\":7,\"townshipsAffected\":4}}";

        using var response = await client.PostRawAsync("/api/v1/assessments", json);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var open = (await response.JsonAsync()).GetProperty("warningsIfKnown").EnumerateArray()
            .Should().ContainSingle(w => w.GetProperty("unknown")[0].GetString() == "weatherWarning").Subject;
        open.Str("text").Should().StartWith("已发布的暴雨、暴雪气象预警未报：若已发布黄色及以上暴雨、暴雪气象预警，应至少发布黄色预警（4.3.3(1)）");
    }

    [Theory]
    // A colour is invented for construction (3.2.2 sets none); road needs one (4.3).
    [InlineData("construction", "yellow")]
    [InlineData("road-traffic", null)]
    public async Task Warning_ColourNotAsThePlanSets_Is400NamingColour(string plan, string? colour)
    {
        var incident = await factory.OpenAsync(Bodies.Incident(plan, plan == "construction" ? ConstructionOneDead : null));
        using var client = factory.As(RoleCatalogue.OfficeDirector);

        using var response = await client.PostJsonAsync(incident.Url + "/warnings", new { action = "propose", colour, reason = "test" }, incident.ETag);

        await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        (await response.JsonAsync()).GetProperty("errors").TryGetProperty("colour", out _).Should().BeTrue();
    }

    [Fact]
    public async Task ConstructionWarning_JudgedByTheDeputyCommander_Is403()
    {
        // 3.2.2 "提请市指挥部研判": the headquarters judges through its commander; no delegation is written here.
        var incident = await factory.OpenAsync(Bodies.Incident("construction", ConstructionOneDead));
        var proposed = await factory.ChangeAsync(incident, "/warnings", new { action = "propose", reason = "预警建议" }, RoleCatalogue.OfficeDirector);
        var warningId = proposed.Body.GetProperty("warnings")[0].Str("id");
        using var deputy = factory.As(RoleCatalogue.DeputyCommander);

        using var response = await deputy.PostJsonAsync(proposed.Url + "/warnings", new { action = "issue", warningId, reason = "发布" }, proposed.ETag);

        await response.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task NaturalDisasterWarning_IsRefused_ThePlanIssuesNone()
    {
        var incident = await factory.OpenAsync(Bodies.Incident("natural-disaster", NaturalDead(5)));
        using var client = factory.As(RoleCatalogue.OfficeDirector);

        using var response = await client.PostJsonAsync(incident.Url + "/warnings", new { action = "propose", reason = "test" }, incident.ETag);

        await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    // 5.4.1(1) 5–10 dead and missing → Ⅳ and its measures 5.4.3; 5.1.1(1) 50 → Ⅰ and 5.1.3
    [InlineData(5, "IV", "5.4.3(")]
    [InlineData(50, "I", "5.1.3(")]
    public async Task Assess_NaturalDisaster_MeasuresOfTheAssessedLevelWithLeads(long deaths, string level, string clause)
    {
        using var client = factory.As(RoleCatalogue.DutyOfficer);

        using var response = await client.PostJsonAsync("/api/v1/assessments", Bodies.Assessment("natural-disaster", NaturalDead(deaths)));

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var body = await response.JsonAsync();
        body.GetProperty("response").Str("level").Should().Be(level);
        var measures = body.GetProperty("measures").EnumerateArray().ToArray();
        measures.Should().NotBeEmpty().And.OnlyContain(m => m.Str("level") == level && m.Str("clause").StartsWith(clause, StringComparison.Ordinal));
        // 5.x.3(4) "市财政局会同市应急管理局迅速启动市级救灾资金快速核拨机制" at every level
        measures.Where(m => string.Join("、", m.GetProperty("lead").Strings()) == "市财政局")
            .Select(m => string.Join("、", m.GetProperty("with").Strings())).Should().ContainSingle().Which.Should().Be("市应急管理局");
    }

    [Fact]
    public async Task Assess_Road55_TheCardRemindsOfThePublicationToThePublic()
    {
        // R 5.5 "由市指挥部牵头向社会发布权威信息……信息发布做到及时、准确、客观,有重要变化随时发布"
        using var client = factory.As(RoleCatalogue.DutyOfficer);

        using var response = await client.PostJsonAsync("/api/v1/assessments", Bodies.Assessment("road-traffic", new { deaths = 1, missing = 0, seriousInjuries = 0 }));

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var publications = (await response.JsonAsync()).GetProperty("publications").EnumerateArray().ToList();
        // R 4.4.3's publication of 预警信息 is not listed: an assessment of a report has no warning issued (before 2026-12-05 every road card listed it).
        publications.Select(p => p.Str("code")).Should().Equal("publish-authoritative");
        var publication = publications[0];
        (publication.Str("code"), publication.Str("start"), publication.Str("timing"), publication.Str("until"), publication.Str("clause"))
            .Should().Be(("publish-authoritative", "receipt", "promptly", "final-report", "5.5"));
        publication.Str("by").Should().StartWith("市指挥部");
        publication.Str("words").Should().Contain("有重要变化随时发布");
        publication.GetProperty("after").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task RoadIncident_Publication443_OnTheCardOnlyOnceAWarningIsIssued()
    {
        // R 4.4.3 "预警信息应当通过电视、广播、报纸、网站、微博、微信、手机短信、电子屏幕等各种途径及时向公众发布": said of 预警信息, which
        // exists once a warning (of any colour) is issued; R 5.5's publication stands from the incident's receipt.
        var incident = await factory.OpenAsync(Bodies.Incident("road-traffic", new { deaths = 1, missing = 0, seriousInjuries = 0, directLossWan = 0 }));
        Codes(incident.Body).Should().Equal("publish-authoritative");

        var proposed = await factory.ChangeAsync(incident, "/warnings", new { action = "propose", colour = "yellow", reason = "团雾，能见度40米" }, RoleCatalogue.OfficeDirector);
        Codes(proposed.Body).Should().Equal(["publish-authoritative"], "a proposal is not yet 预警信息 published");
        var warningId = proposed.Body.GetProperty("warnings")[0].Str("id");

        var issued = await factory.ChangeAsync(proposed, "/warnings", new { action = "issue", warningId, reason = "同意发布" }, RoleCatalogue.DeputyCommander);
        Codes(issued.Body).Should().Equal("publish-warning", "publish-authoritative");
        var warning = issued.Body.GetProperty("assessment").GetProperty("publications")[0];
        (warning.Str("start"), warning.Str("timing"), warning.Str("clause")).Should().Be(("warning-issued", "promptly", "4.4.3"));
        warning.GetProperty("until").ValueKind.Should().Be(JsonValueKind.Null);
        warning.Str("words").Should().Contain("各种途径及时向公众发布");

        static IEnumerable<string> Codes(JsonElement view) =>
            view.GetProperty("assessment").GetProperty("publications").EnumerateArray().Select(p => p.Str("code")).ToList();
    }

    [Fact]
    public async Task Assess_NaturalDisasterBelowLevelIV_NoMeasures()
    {
        using var client = factory.As(RoleCatalogue.DutyOfficer);

        using var response = await client.PostJsonAsync("/api/v1/assessments", Bodies.Assessment("natural-disaster", NaturalDead(4)));

        (await response.JsonAsync()).GetProperty("measures").GetArrayLength().Should().Be(0);
    }

    private static readonly string[] TwoCounties = ["泽州县", "高平市"];

    [Fact]
    public async Task NaturalDisasterIncident_RoadFiguresGiven_AreKeptAndListedAsNotUsed()
    {
        // N 5.4.1 counts 死亡和失踪, 紧急转移安置…, 倒塌和严重损坏房屋, 干旱…: a hazmat release and disrupted counties (R 5.3) are kept with
        // the report, and the incident's assessment says the plan does not grade on them, rather than dropping them without a word.
        var incident = await factory.OpenAsync(Bodies.Incident("natural-disaster",
            new { deaths = 5, missing = 0, hazmatRelease = true, disruptedCounties = TwoCounties }));

        incident.Body.GetProperty("report").GetProperty("figures").GetProperty("hazmatRelease").GetBoolean().Should().BeTrue("nothing valid is lost");
        var notUsed = incident.Body.GetProperty("assessment").GetProperty("figuresNotUsed").EnumerateArray().ToArray();
        notUsed.Select(f => f.Str("name")).Should().Equal("hazmatRelease", "disruptedCounties");
        notUsed.Should().OnlyContain(f => f.Str("note") == "本预案的分级条件不含此项：已记录，不影响判定");
    }

    [Fact]
    public async Task Assess_NaturalDisaster_AJudgementThePlanDoesNotRead_IsListedAsNotUsed()
    {
        // N's levels are counted from figures (5.1.1–5.4.1), not from "超出事发地县(市、区)人民政府处置能力" (C 4.3.2(1)③, R 5.3.2(4)): the
        // judgement is accepted and listed in the same figuresNotUsed, by its request name; N 5.2.3(1)'s 重要情况 is read and not listed.
        using var client = factory.As(RoleCatalogue.DutyOfficer);
        var body = new
        {
            plan = "natural-disaster", occurredAt = Bodies.OccurredAt, figures = NaturalDead(4),
            judgements = new { exceedsCountyCapacity = true, importantSituation = true, decidedBy = "市安委办主任" },
        };

        using var response = await client.PostJsonAsync("/api/v1/assessments", body);

        var notUsed = (await response.JsonAsync()).GetProperty("figuresNotUsed").EnumerateArray().ToArray();
        notUsed.Select(f => f.Str("name")).Should().Equal("exceedsCountyCapacity");
        notUsed[0].Str("note").Should().Be("本预案的条件不含此项判断：已记录，不影响判定");
    }

    [Fact]
    public async Task IncidentView_MeasuresOfTheLevelInForce_AndTheTerminationChecklist()
    {
        var incident = await factory.OpenAsync(Bodies.Incident("natural-disaster", NaturalDead(5)));
        incident.Body.GetProperty("response").GetProperty("measures").GetArrayLength().Should().Be(0, "no level is in force yet");
        var termination = incident.Body.GetProperty("response").GetProperty("termination");
        termination.Str("clause").Should().Be("5.7");
        termination.GetProperty("conditions").Strings().Should().Equal("救灾应急工作结束", "经分析评估认为可以解除应急响应");

        var active = await factory.ChangeAsync(incident, "/response", Bodies.Activate("IV"), RoleCatalogue.OfficeDirector);

        var measures = active.Body.GetProperty("response").GetProperty("measures").EnumerateArray().ToArray();
        measures.Should().NotBeEmpty().And.OnlyContain(m => m.Str("level") == "IV");
        measures.Should().Contain(m => m.Str("clause") == "5.4.3(1)" && m.GetProperty("lead").Strings().Contains("市安委办"));
    }

    [Fact]
    public async Task Assess_ConstructionThreeDead_MeasuresOf432_3()
    {
        // A plan owner's review: 3 dead (4.3.2(1)① 发生较大事故 → Ⅱ) answered "measures": []. 4.3.2(3) "①市指挥部指挥长、副指挥长赶赴现场或成立现场指挥部,加强现场指挥部力量。…⑩"
        using var client = factory.As(RoleCatalogue.DutyOfficer);

        using var response = await client.PostJsonAsync("/api/v1/assessments", Bodies.Assessment("construction",
            new { deaths = 3, missing = 0, trapped = 0, endangered = 0, seriousInjuries = 0, directLossWan = 0 }, "2026-03-01T08:00:00+08:00"));

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var body = await response.JsonAsync();
        body.GetProperty("response").Str("level").Should().Be("II");
        var measures = body.GetProperty("measures").EnumerateArray().ToArray();
        measures.Select(m => m.Str("clause")).Should().Equal(Enumerable.Range(0, 10).Select(i => $"4.3.2(3){"①②③④⑤⑥⑦⑧⑨⑩"[i]}"));
        measures[0].Str("words").Should().Be("市指挥部指挥长、副指挥长赶赴现场或成立现场指挥部,加强现场指挥部力量");
        measures[0].GetProperty("lead").Strings().Should().Equal("市指挥部指挥长、副指挥长");
    }

    [Fact]
    public async Task IncidentView_ConstructionLevelIActivated_IIsMeasuresThen433_3()
    {
        // C 4.3.3(3) "I 级响应启动后，在 II 级响应措施的基础上采取以下措施：①立即向市委、市政府、省住建部门及其他上级相关部门进行报告。"
        var incident = await factory.OpenAsync(Bodies.Incident("construction", new { deaths = 10, missing = 0, trapped = 0, endangered = 0, seriousInjuries = 0, directLossWan = 0 }));
        incident.Body.GetProperty("response").GetProperty("measures").GetArrayLength().Should().Be(0, "no level is in force yet");

        var active = await factory.ChangeAsync(incident, "/response", Bodies.Activate("I"), RoleCatalogue.Commander);

        var measures = active.Body.GetProperty("response").GetProperty("measures").EnumerateArray().ToArray();
        measures.Should().HaveCount(16);
        measures.Take(10).Should().OnlyContain(m => m.Str("level") == "II" && m.Str("clause").StartsWith("4.3.2(3)", StringComparison.Ordinal));
        measures.Skip(10).Should().OnlyContain(m => m.Str("level") == "I" && m.Str("clause").StartsWith("4.3.3(3)", StringComparison.Ordinal));
        measures[10].Str("words").Should().Be("立即向市委、市政府、省住建部门及其他上级相关部门进行报告");
    }

    [Fact]
    public async Task IncidentView_RoadLevelIIIActivated_MeasuresOf533()
    {
        // R 5.3.3 响应措施 "(1)市指挥部办公室密切关注事态发展,…(4)随时掌握抢险救援进展情况,做好扩大响应的准备。"
        var incident = await factory.OpenAsync(Bodies.Incident("road-traffic", new { deaths = 1, missing = 0, seriousInjuries = 0, directLossWan = 0 }));

        var active = await factory.ChangeAsync(incident, "/response", Bodies.Activate("III"), RoleCatalogue.OfficeDirector);

        var measures = active.Body.GetProperty("response").GetProperty("measures").EnumerateArray().ToArray();
        measures.Select(m => m.Str("clause")).Should().Equal(Enumerable.Range(1, 4).Select(i => $"5.3.3 响应措施({i})"));
        measures[0].GetProperty("lead").Strings().Should().Equal("市指挥部办公室");
    }

    [Fact]
    public async Task Terminate_Natural57_TheBodyConfirmsTheConditions_TheViewAndTimelineSaySo()
    {
        // N 5.7: the response ends once "救灾应急工作结束" and "经分析评估认为可以解除应急响应" hold, as the body that started it judges.
        var incident = await factory.OpenAsync(Bodies.Incident("natural-disaster", NaturalDead(5)));
        var active = await factory.ChangeAsync(incident, "/response", Bodies.Activate("IV"), RoleCatalogue.OfficeDirector);
        active.Body.GetProperty("response").GetProperty("conditionsConfirmed").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);

        var ended = await factory.ChangeAsync(active, "/response/termination", new { reason = "转入恢复重建", conditionsConfirmed = true }, RoleCatalogue.OfficeDirector);

        var response = ended.Body.GetProperty("response");
        response.Str("state").Should().Be("Terminated");
        response.GetProperty("conditionsConfirmed").GetBoolean().Should().BeTrue();
        ended.Body.GetProperty("timeline").EnumerateArray().Last(t => t.Str("type") == "response-terminated").Str("summary")
            .Should().Be("Ⅳ级响应终止（已确认终止条件：救灾应急工作结束；经分析评估认为可以解除应急响应）：转入恢复重建");
    }

    [Fact]
    public async Task Terminated_ThenTheAccidentProvesGraver_TheCommanderActivatesILikeAnyActivation()
    {
        // C 4.3.1(2) the office director announces Ⅲ; he ends it; then 12 are found dead: 重大 (C 1.4(二) 10人以上30人以下死亡), and
        // 4.3.3(2) "由市指挥部指挥长立即启动 I 级响应". No clause makes 终止 final: the commander's Ⅰ is an activation like the first,
        // with its own duties (4.3.3(3)① 立即向市委、市政府、省住建部门及其他上级相关部门进行报告).
        var incident = await factory.OpenAsync(Bodies.Incident("construction", new { deaths = 2, missing = 0, trapped = 0, endangered = 0 }));
        var active = await factory.ChangeAsync(incident, "/response", Bodies.Activate("III"), RoleCatalogue.OfficeDirector);
        var ended = await factory.ChangeAsync(active, "/response/termination", new { reason = "已移交", conditionsConfirmed = true }, RoleCatalogue.OfficeDirector);
        ended.Body.GetProperty("response").GetProperty("allowedTriggers").Strings().Should().Contain("Activate");
        var graver = await factory.ChangeAsync(ended, "/reports", Bodies.Continuation(new { deaths = 12 }, "又发现10人遇难"), RoleCatalogue.DutyOfficer);

        using var client = factory.As(RoleCatalogue.OfficeDirector);
        using var refused = await client.PostJsonAsync(graver.Url + "/response", Bodies.Activate("I"), graver.ETag);
        refused.StatusCode.Should().Be(System.Net.HttpStatusCode.Forbidden, "4.3.3(2): Ⅰ is the commander's, activated again or not");

        var again = await factory.ChangeAsync(graver, "/response", Bodies.Activate("I"), RoleCatalogue.Commander);

        var response = again.Body.GetProperty("response");
        response.Str("state").Should().Be("Active");
        response.Str("level").Should().Be("I");
        response.GetProperty("conditionsConfirmed").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null, "the earlier termination's confirmation is history");
        again.Body.GetProperty("obligations").EnumerateArray().Should().Contain(o => o.Str("clause") == "4.3.3(3)①" && o.Str("status") == "pending");
    }

    [Fact]
    public async Task Terminate_ConditionsSaidNotToHold_Returns400NamingTheFieldAndTheClause()
    {
        var incident = await factory.OpenAsync(Bodies.Incident(figures: new { deaths = 3, missing = 0 }));
        var active = await factory.ChangeAsync(incident, "/response", Bodies.Activate("II"), RoleCatalogue.Commander);
        using var client = factory.As(RoleCatalogue.Commander);

        using var refused = await client.PostJsonAsync(active.Url + "/response/termination", new { reason = "先行终止", conditionsConfirmed = false }, active.ETag);

        await refused.ShouldHaveStatusAsync(System.Net.HttpStatusCode.BadRequest);
        (await refused.JsonAsync()).GetProperty("errors").GetProperty("conditionsConfirmed")[0].GetString().Should().Contain("5.7").And.Contain("事态得到全面控制");
        var after = await factory.GetAsync(incident.Id);
        after.Body.GetProperty("response").Str("state").Should().Be("Active");
        after.Body.GetProperty("version").GetInt64().Should().Be(active.Body.GetProperty("version").GetInt64(), "nothing was stored");
    }

    [Fact]
    public async Task ClosedIncident_TheCall122Duty_Ended_AMissedDeadline_StaysOverdue()
    {
        // R 5.1.1 "单位、公民,立即拨打报警电话(122)" has no due time; once the incident is closed it ends.
        var incident = await factory.OpenAsync(Bodies.Incident(figures: new { deaths = 1, missing = 0, seriousInjuries = 0, directLossWan = 10m }));
        incident.Body.Obligation("call-122").Str("status").Should().Be("pending");

        var finished = await factory.ChangeAsync(incident, "/clock-events", new { kind = "handling-finished" }, RoleCatalogue.OfficeDirector);
        var closed = await factory.ChangeAsync(finished, "/reports", Bodies.Final(), RoleCatalogue.DutyOfficer);

        closed.Body.GetProperty("open").GetBoolean().Should().BeFalse();
        closed.Body.Obligation("call-122").Str("status").Should().Be("ended");
        closed.Body.Obligation("call-122").Str("endedAs").Should().Be("unrecorded", "nobody recorded the call, the public's (ADR 0003 #77): ended with the incident, not recorded");
        closed.Body.Obligation("report-to-city").Str("status").Should().NotBe("ended", "a deadline (1 h, 5.1.1) is not erased by closing");
    }
}
