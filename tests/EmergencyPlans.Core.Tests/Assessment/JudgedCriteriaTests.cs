using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Tests.Support;

namespace EmergencyPlans.Core.Tests.Assessment;

/// <summary>
/// DOMAIN R6: a human judgement is an input with who decided and why. The card marks each criterion a judgement met with who decided
/// (<see cref="ReasonDto.JudgedBy"/>), in the response, the warning and a raise suggestion alike, and says the judgements it was given.
/// Built from the engine's input alone (as an incident's card is): the judgements that hold.
/// </summary>
public class JudgedCriteriaTests
{
    private static readonly DateTimeOffset OccurredAt = new(2026, 3, 1, 8, 0, 0, TimeSpan.FromHours(8));

    private static readonly ReportedFigures NoneHurt = new()
    {
        [Figure.Deaths] = 0, [Figure.Missing] = 0, [Figure.SeriousInjuries] = 0, [Figure.DirectLossWan] = 0,
    };

    [Fact]
    public void RoadWarning_OtherSeriousImpactJudged_TheWarningCriterionNamesTheDecider()
    {
        // R 4.3.3(4) "可能出现或已经出现其他严重影响道路交通安全的情形" (黄色): a judgement, not an observation.
        var card = AssessmentContract.ToResponse(Repository.Engine.Assess(IncidentInput.From("road-traffic", OccurredAt, NoneHurt,
            new JudgementInput { OtherSeriousRoadImpact = true, DecidedBy = "市指挥部办公室", Reason = "山体滑坡" }, new RoadConditions())));

        card.Warning!.Because.Should().ContainSingle(r => r.Clause == "4.3.3(4)").Which.JudgedBy.Should().Be("市指挥部办公室");
        card.Judgements.Should().BeEquivalentTo(new GivenJudgementsDto(
            [new GivenJudgementDto("otherSeriousRoadImpact", "其他严重影响道路交通安全的情形", true)], null, "市指挥部办公室", "山体滑坡"));
    }

    [Fact]
    public void RoadWarning_ByWind_IsNotMarkedJudged()
    {
        // R 4.3.3(2) by wind force and townships: observations, no judgement.
        var card = AssessmentContract.ToResponse(Repository.Engine.Assess(IncidentInput.From("road-traffic", OccurredAt, NoneHurt, null,
            new RoadConditions { WindForce = 8, TownshipsAffected = 5 })));

        card.Warning!.Because.Should().NotBeEmpty().And.OnlyContain(r => r.JudgedBy == null);
        card.Judgements.Should().BeNull();
    }

    [Fact]
    public void Construction_RaiseSuggestion_NamesTheDecider()
    {
        // C 4.4 "……或造成较大社会影响，其应急响应等级视情适当提高": suggested because a person judged so; the response (4.3.1(1), figures) is not marked.
        var card = AssessmentContract.ToResponse(Repository.Engine.Assess(IncidentInput.From("construction", OccurredAt,
            new ReportedFigures { [Figure.Deaths] = 1, [Figure.Missing] = 0, [Figure.Trapped] = 0, [Figure.Endangered] = 0, [Figure.SeriousInjuries] = 0 },
            new JudgementInput { LargeSocialImpact = true, DecidedBy = "市指挥部办公室主任" })));

        card.RaiseSuggestions.Should().ContainSingle().Which.Because.JudgedBy.Should().Be("市指挥部办公室主任");
        card.Response.Because.Should().NotBeEmpty().And.OnlyContain(r => r.JudgedBy == null);
        card.Judgements!.Reason.Should().BeNull();
    }
}
