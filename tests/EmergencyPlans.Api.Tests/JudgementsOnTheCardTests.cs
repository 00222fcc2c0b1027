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
        // An incident keeps which judgements hold, not which were stated false (its events store one boolean per judgement).
        judgements.GetProperty("given").EnumerateArray().Select(g => g.Str("name")).Should().Equal("exceedsCountyCapacity");
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

    /// <summary>A criterion the figures met: no <c>judgedBy</c> member.</summary>
    private static bool Unmarked(JsonElement because) => !because.TryGetProperty("judgedBy", out _);
}
