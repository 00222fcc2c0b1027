using System.Net;
using System.Text.Json;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// DOMAIN R6: "超出…处置能力" and "指挥部认为需要启动…的其他情形" are human judgements, inputs with who decided and why. The decision card
/// (POST /api/v1/assessments, the incident's <c>assessment</c>) says which judgements it was given, by whom and why, and marks a criterion
/// a judgement met (<c>judgedBy</c>), so that R 5.3.2(4) is not read as something the figures showed.
/// </summary>
public sealed class JudgementsOnTheCardTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string Decider = "市指挥部办公室";
    private const string Why = "桥梁垮塌，县级力量不足";

    // One dead: R 5.3.3(1) "发生道路交通事故,造成3人以下失联、死亡" (Ⅲ) on the figures alone.
    private static readonly object OneDead = new { deaths = 1, missing = 0, seriousInjuries = 0, directLossWan = 10m };

    [Fact]
    public async Task Assess_Road_ExceedsCountyCapacityJudged_CardSaysTheJudgementsGivenWithDeciderAndReason_AndMarksTheCriterionItMet()
    {
        // R 5.3.2 "(4)超出事发地县(市、区)人民政府应急处置能力的道路交通安全突发事件" → Ⅱ: met by a person's judgement, not by the figures.
        using var client = factory.As(RoleCatalogue.DutyOfficer);
        var body = new
        {
            plan = "road-traffic", occurredAt = Bodies.OccurredAt, figures = OneDead,
            judgements = new { exceedsCountyCapacity = true, countyCanHandle = false, decidedBy = Decider, reason = Why },
        };

        using var response = await client.PostJsonAsync("/api/v1/assessments", body);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var card = await response.JsonAsync();
        var judgements = card.GetProperty("judgements");
        judgements.Str("decidedBy").Should().Be(Decider);
        judgements.Str("reason").Should().Be(Why);
        judgements.GetProperty("headquartersLevel").ValueKind.Should().Be(JsonValueKind.Null);
        var given = judgements.GetProperty("given").EnumerateArray().ToArray();
        given.Select(g => g.Str("name")).Should().Equal("exceedsCountyCapacity", "countyCanHandle");
        given.Select(g => g.GetProperty("value").GetBoolean()).Should().Equal(true, false);
        given[0].Str("label").Should().Be("超出事发地县(市、区)人民政府处置能力");

        card.GetProperty("response").Str("level").Should().Be("II");
        var because = card.GetProperty("response").GetProperty("because").EnumerateArray().ToArray();
        because.Should().ContainSingle(b => b.Str("clause") == "5.3.2(4)");
        because.Single(b => b.Str("clause") == "5.3.2(4)").Str("judgedBy").Should().Be(Decider);
        // The grade (R 1.5) is counted from the figures alone: no criterion of it is marked.
        card.GetProperty("grade").GetProperty("because").EnumerateArray().Should().NotBeEmpty()
            .And.OnlyContain(b => Unmarked(b));
    }

    [Fact]
    public async Task Assess_Road_HeadquartersDecided_TheOtherCircumstanceCriterionIsMarkedJudged()
    {
        // R 5.3.2 "(5)市指挥部认为需要启动Ⅱ级响应的其他情形": the decision is the headquarters', and the card says whose.
        using var client = factory.As(RoleCatalogue.DutyOfficer);
        var body = new
        {
            plan = "road-traffic", occurredAt = Bodies.OccurredAt, figures = OneDead,
            judgements = new { headquartersLevel = "II", decidedBy = "市指挥部", reason = "节日客流高峰" },
        };

        using var response = await client.PostJsonAsync("/api/v1/assessments", body);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var card = await response.JsonAsync();
        card.GetProperty("judgements").Str("headquartersLevel").Should().Be("II");
        card.GetProperty("judgements").GetProperty("given").GetArrayLength().Should().Be(0);
        var because = card.GetProperty("response").GetProperty("because").EnumerateArray().ToArray();
        because.Single(b => b.Str("clause") == "5.3.2(5)").Str("judgedBy").Should().Be("市指挥部");
    }

    [Fact]
    public async Task Assess_Road_FiguresOnlyCriterion_HasNoJudgementMark_EvenWithAJudgementGiven()
    {
        // R 5.3.3(1) "发生道路交通事故,造成3人以下失联、死亡" is met by the figures; 造成较大社会影响 (R 6.2.2 ¶2) is given but meets no
        // response criterion. Nothing the figures met is marked as judged.
        using var client = factory.As(RoleCatalogue.DutyOfficer);
        var withJudgement = new
        {
            plan = "road-traffic", occurredAt = Bodies.OccurredAt, figures = OneDead,
            judgements = new { largeSocialImpact = true, decidedBy = Decider },
        };

        using var judged = await client.PostJsonAsync("/api/v1/assessments", withJudgement);
        using var figuresOnly = await client.PostJsonAsync("/api/v1/assessments", Bodies.Assessment("road-traffic", OneDead));

        await judged.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var card = await judged.JsonAsync();
        card.GetProperty("response").Str("level").Should().Be("III");
        card.GetProperty("response").GetProperty("because").EnumerateArray().Should().Contain(b => b.Str("clause") == "5.3.3(1)")
            .And.OnlyContain(b => Unmarked(b));
        card.GetProperty("judgements").GetProperty("given").EnumerateArray().Select(g => g.Str("name")).Should().Equal("largeSocialImpact");

        await figuresOnly.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var plain = await figuresOnly.JsonAsync();
        plain.GetProperty("judgements").ValueKind.Should().Be(JsonValueKind.Null, "no judgement was given");
        plain.GetProperty("response").GetProperty("because").EnumerateArray().Should().NotBeEmpty()
            .And.OnlyContain(b => Unmarked(b));
    }

    [Fact]
    public async Task Incident_ReportWithJudgement_ItsAssessmentSaysTheJudgementDeciderAndReason_AndMarksTheCriterion()
    {
        // The incident keeps the judgements that hold with decidedBy and reason (its events store them): GET shows them on its card.
        var body = Bodies.Incident("road-traffic", OneDead);
        body["judgements"] = new { exceedsCountyCapacity = true, countyCanHandle = false, decidedBy = Decider, reason = Why };
        var opened = await factory.OpenAsync(body);

        var incident = await factory.GetAsync(opened.Id);

        var assessment = incident.Body.GetProperty("assessment");
        var judgements = assessment.GetProperty("judgements");
        judgements.Str("decidedBy").Should().Be(Decider);
        judgements.Str("reason").Should().Be(Why);
        // An incident keeps which judgements hold and which were stated false (since session 48; its reports before kept only the first).
        var given = judgements.GetProperty("given").EnumerateArray().ToArray();
        given.Select(g => g.Str("name")).Should().Equal("exceedsCountyCapacity", "countyCanHandle");
        given.Select(g => g.GetProperty("value").GetBoolean()).Should().Equal(true, false);
        assessment.GetProperty("response").Str("level").Should().Be("II");
        assessment.GetProperty("response").GetProperty("because").EnumerateArray()
            .Single(b => b.Str("clause") == "5.3.2(4)").Str("judgedBy").Should().Be(Decider);

        var plain = await factory.OpenAsync(Bodies.Incident("road-traffic", OneDead));
        var without = (await factory.GetAsync(plain.Id)).Body.GetProperty("assessment");
        without.GetProperty("judgements").ValueKind.Should().Be(JsonValueKind.Null);
        without.GetProperty("response").GetProperty("because").EnumerateArray().Should().OnlyContain(b => Unmarked(b));
    }

    [Fact]
    public async Task Incident_ReportJudgedExceedsCountyCapacity_RaisesTheLevel_TheEscalationMarksTheCriterionWithTheDecider()
    {
        // One dead (R 5.3.3(1), Ⅲ); a continuation judges R 5.3.2 "(4)超出事发地县(市、区)人民政府应急处置能力的道路交通安全突发事件" → Ⅱ.
        // The escalation it raises cites 5.3.2(4) as the card does: judged, by whom, so it is not read as a rise the figures showed.
        var opened = await factory.OpenAsync(Bodies.Incident("road-traffic", OneDead));
        var judged = new
        {
            kind = "continuation", summary = "续报：县级力量不足",
            judgements = new { exceedsCountyCapacity = true, decidedBy = Decider, reason = Why },
        };
        await factory.ChangeAsync(opened, "/reports", judged, RoleCatalogue.DutyOfficer);

        var incident = await factory.GetAsync(opened.Id);

        var escalation = incident.Body.GetProperty("escalation");
        escalation.Str("fromLevel").Should().Be("III");
        escalation.Str("toLevel").Should().Be("II");
        var because = escalation.GetProperty("because").EnumerateArray().ToArray();
        because.Single(b => b.Str("clause") == "5.3.2(4)").Str("judgedBy").Should().Be(Decider);
        because.Where(b => b.Str("clause") != "5.3.2(4)").Should().NotContain(b => !Unmarked(b));
    }

    [Fact]
    public async Task Incident_FiguresRaiseTheLevel_TheEscalationHasNoJudgementMark_EvenWithADeciderOnTheIncident()
    {
        // Judged Ⅱ (R 5.3.2(4), decidedBy given); a continuation's figures meet R 5.3.1 "(1)造成10人以上失联、死亡" → Ⅰ. The escalation's
        // because cites what the figures met: no judgedBy, though the incident's judgements name a decider.
        var body = Bodies.Incident("road-traffic", OneDead);
        body["judgements"] = new { exceedsCountyCapacity = true, decidedBy = Decider, reason = Why };
        var opened = await factory.OpenAsync(body);
        await factory.ChangeAsync(opened, "/reports", Bodies.Continuation(new { deaths = 10 }, "又有9人死亡"), RoleCatalogue.DutyOfficer);

        var incident = await factory.GetAsync(opened.Id);

        var escalation = incident.Body.GetProperty("escalation");
        escalation.Str("toLevel").Should().Be("I");
        escalation.GetProperty("because").EnumerateArray().Should().NotBeEmpty()
            .And.OnlyContain(b => b.Str("clause").StartsWith("5.3.1", StringComparison.Ordinal) && Unmarked(b));
    }

    [Fact]
    public async Task Incident_Construction_PeopleTrapped_PutsThe较大涉险Question_UntilAReportAnswersItEitherWay()
    {
        // C 4.1(二) "建设工程事故或者较大涉险事故信息报送的起算时间为事故发生后……较大以上或暂时无法判明等级的建设工程事故,各级各部门须在事发后30分钟以内
        // 向市委、市政府电话报告有关情况,1小时以内向市委、市政府书面报告简要情况". 12 trapped, nobody dead: 一般 by the grade table, Ⅰ by 4.3.3(1)②;
        // whether it is a 较大涉险事故 is the office's judgement, and the incident's card puts it until a report says yes or no.
        var opened = await factory.OpenAsync(Bodies.Incident("construction", new { deaths = 0, missing = 0, seriousInjuries = 0, directLossWan = 0, trapped = 12, endangered = 0 }));

        var before = (await factory.GetAsync(opened.Id)).Body.GetProperty("assessment");
        var open = before.GetProperty("judgementsToConsider").EnumerateArray().Should().ContainSingle().Subject;
        open.Str("judgement").Should().Be("relativelySeriousNearMiss");
        open.GetProperty("wouldAdd").EnumerateArray().Select(o => o.Str("code")).Should().Equal("phone-report-to-city", "written-report-to-city");
        open.Str("text").Should().StartWith("已报涉险、被困、失联共12人：是否属较大涉险事故，须研判（4.1(二)）。");

        var answered = new
        {
            kind = "continuation", summary = "续报：经研判不属较大涉险事故",
            judgements = new { relativelySeriousNearMiss = false, decidedBy = Decider, reason = "被困人员均在安全区域待救" },
        };
        await factory.ChangeAsync(opened, "/reports", answered, RoleCatalogue.DutyOfficer);

        var after = (await factory.GetAsync(opened.Id)).Body.GetProperty("assessment");
        after.GetProperty("judgementsToConsider").GetArrayLength().Should().Be(0, "a \"no\" answers the question as a \"yes\" would");
        var given = after.GetProperty("judgements").GetProperty("given").EnumerateArray().Should().ContainSingle().Subject;
        given.Str("name").Should().Be("relativelySeriousNearMiss");
        given.GetProperty("value").GetBoolean().Should().BeFalse();
        after.GetProperty("obligations").EnumerateArray().Select(o => o.Str("code")).Should().NotContain("phone-report-to-city");
    }

    /// <summary>A criterion the figures met: no <c>judgedBy</c> member.</summary>
    private static bool Unmarked(JsonElement because) => !because.TryGetProperty("judgedBy", out _);
}
