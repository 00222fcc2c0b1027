using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Tests.Support;

namespace EmergencyPlans.Core.Tests.Assessment;

/// <summary>
/// Construction 4.4: "当出现紧急险情和严重态势时，可直接提高响应等级。当建设工程事故发生在重要地段、重大节假日、重大活动和重要会议期间，
/// 或造成较大社会影响，其应急响应等级视情适当提高。" A human judgement that allows raising the level: the assessment
/// suggests the next level up to whoever decides, and never raises the level itself.
/// </summary>
public class RaiseSuggestionTests
{
    private static readonly DateTimeOffset OccurredAt = new(2026, 3, 1, 9, 0, 0, TimeSpan.FromHours(8));

    private static AssessmentResponse Assess(JudgementInput judgements, long deaths = 1) =>
        AssessmentContract.ToResponse(Repository.Engine.Assess(IncidentInput.From("construction", OccurredAt,
            new ReportedFigures { [Figure.Deaths] = deaths, [Figure.Missing] = 0, [Figure.Trapped] = 0, [Figure.Endangered] = 0, [Figure.SeriousInjuries] = 0 },
            judgements)));

    [Theory]
    [InlineData("importantPlaceOrPeriod")]
    [InlineData("largeSocialImpact")]
    public void Construction_ImportantPeriodOrSocialImpact_SuggestsTheNextLevelUpAsAppropriate_WithoutRaisingIt(string judgement)
    {
        // 4.4 "当建设工程事故发生在重要地段、重大节假日、重大活动和重要会议期间,或造成较大社会影响,其应急响应等级视情适当提高": one level up.
        var judgements = judgement switch
        {
            "importantPlaceOrPeriod" => new JudgementInput { ImportantPlaceOrPeriod = true, DecidedBy = "市指挥部办公室主任" },
            _ => new JudgementInput { LargeSocialImpact = true, DecidedBy = "市指挥部办公室主任" },
        };

        var response = Assess(judgements);

        response.Response.Level.Should().Be("III", "one death is 一般, Ⅲ (4.3.1(1)); a judgement under 4.4 does not change the level");
        response.RaiseSuggestions.Should().ContainSingle().Which.Should().Match<RaiseSuggestionDto>(s =>
            s.Judgement == judgement && s.ToLevel == "II" && s.UpTo == "II" && !s.Direct && s.Because.Clause == "4.4");
    }

    [Fact]
    public void Construction_EmergencySituation_SaysTheLevelMayBeRaisedDirectly_TheDeciderChoosingWhich()
    {
        // 4.4 "当出现紧急险情和严重态势时,可直接提高响应等级": 直接, not 视情, and no one-level limit ("视情适当提高" is the other case's).
        // The service said toLevel "II", "可视情将响应等级提高至Ⅱ级（4.4）" for an accident assessed at Ⅲ.
        var response = Assess(new JudgementInput { EmergencySituation = true, DecidedBy = "市指挥部办公室主任" });

        response.Response.Level.Should().Be("III", "a judgement under 4.4 does not change the level");
        var s = response.RaiseSuggestions.Should().ContainSingle().Subject;
        s.Judgement.Should().Be("emergencySituation");
        s.Direct.Should().BeTrue();
        s.ToLevel.Should().BeNull("the text fixes no level: the body with the authority chooses Ⅱ or Ⅰ");
        s.UpTo.Should().Be("I");
        s.Text.Should().Be("可直接提高响应等级（4.4），提高至哪一级（至多Ⅰ级）由有权启动该级响应的机构决定").And.NotContain("视情");
        s.Because.Words.Should().Be("当出现紧急险情和严重态势时，可直接提高响应等级");
    }

    [Fact]
    public void Construction_NoJudgement_SuggestsNothing()
    {
        Assess(JudgementInput.None).RaiseSuggestions.Should().BeEmpty();
    }

    [Fact]
    public void Construction_AtLevelI_SuggestsNoHigherLevel()
    {
        // 10 deaths is 重大 → Ⅰ (4.3.3(1)①): there is nothing above.
        var response = Assess(new JudgementInput { EmergencySituation = true, DecidedBy = "市指挥部" }, deaths: 10);

        response.Response.Level.Should().Be("I");
        response.RaiseSuggestions.Should().ContainSingle().Which.Should().Match<RaiseSuggestionDto>(s =>
            s.ToLevel == null && s.UpTo == null && s.Text == "已为最高响应等级（4.4）");
    }

    [Fact]
    public void Road_HasNo44Clause_SoAJudgementSuggestsNothing()
    {
        var response = AssessmentContract.ToResponse(Repository.Engine.Assess(IncidentInput.From("road-traffic", OccurredAt,
            new ReportedFigures { [Figure.Deaths] = 1 }, new JudgementInput { EmergencySituation = true, DecidedBy = "市指挥部" })));

        response.RaiseSuggestions.Should().BeEmpty();
    }

    // ---- natural disaster 5.5 "对灾害发生在敏感地区、敏感时间或救助能力薄弱、欠发达地区等特殊情况,或灾害对经济社会造成重大影响时,
    // 相关应急响应启动条件可酌情调整": the starting conditions may be lowered, i.e. a higher level than the figures reach suggested.

    private static AssessmentResponse AssessDisaster(JudgementInput judgements, long deaths) =>
        AssessmentContract.ToResponse(Repository.Engine.Assess(new IncidentInput
        {
            PlanId = "natural-disaster",
            OccurredAt = OccurredAt,
            Figures = new ReportedFigures
            {
                [Figure.Deaths] = deaths, [Figure.Missing] = 0, [Figure.Relocated] = 0, [Figure.CollapsedRooms] = 0,
                [Figure.CollapsedHouseholds] = 0, [Figure.DroughtAidPeople] = 0,
            },
            Judgements = judgements,
        }));

    [Theory]
    [InlineData("sensitiveAreaOrTime")]
    [InlineData("weakReliefCapacityArea")]
    [InlineData("majorSocioEconomicImpact")]
    public void Natural55_JudgementBelowLevelIV_SuggestsLevelIVWithoutStartingIt(string judgement)
    {
        var judgements = judgement switch
        {
            "sensitiveAreaOrTime" => new JudgementInput { SensitiveAreaOrTime = true, DecidedBy = "市安委办" },
            "weakReliefCapacityArea" => new JudgementInput { WeakReliefCapacityArea = true, DecidedBy = "市安委办" },
            _ => new JudgementInput { MajorSocioEconomicImpact = true, DecidedBy = "市安委办" },
        };

        // 4 dead is below 5.4.1(1) "死亡和失踪5人以上": no level from the figures.
        var response = AssessDisaster(judgements, deaths: 4);

        response.Response.Level.Should().BeNull("5.5 adjusts the conditions through whoever decides; it starts nothing by itself");
        response.RaiseSuggestions.Should().ContainSingle().Which.Should().Match<RaiseSuggestionDto>(s =>
            s.Judgement == judgement && s.ToLevel == "IV" && s.Because.Clause == "5.5");
    }

    [Fact]
    public void Natural55_NoJudgement_SuggestsNothing()
    {
        AssessDisaster(JudgementInput.None, deaths: 4).RaiseSuggestions.Should().BeEmpty();
    }

    [Fact]
    public void Natural55_AtLevelIII_SuggestsLevelII()
    {
        // 10 dead → Ⅲ (5.3.1(1)); the next level up is Ⅱ.
        var response = AssessDisaster(new JudgementInput { SensitiveAreaOrTime = true, DecidedBy = "市安委会" }, deaths: 10);

        response.Response.Level.Should().Be("III");
        response.RaiseSuggestions.Should().ContainSingle().Which.ToLevel.Should().Be("II");
    }
}
