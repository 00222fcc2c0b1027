using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Plans;
using EmergencyPlans.Core.Tests.Support;
using AssessmentResult = EmergencyPlans.Core.Assessment.Assessment;

namespace EmergencyPlans.Core.Tests.Assessment;

/// <summary>
/// Natural disaster 5.1.3–5.4.3 响应措施: each level lists its own measures, each with the units that lead it; the
/// assessment shows the measures of the level reached, with clause and words. Termination (construction 4.6, road 5.7,
/// natural disaster 5.7) as the text's conditions, and road 5.7's adjustment by the activating body. Written from
/// 晋市政办〔2026〕3号, 〔2025〕15号 and 〔2025〕18号.
/// </summary>
public class MeasuresAndTerminationTests
{
    private static readonly DateTimeOffset OccurredAt = new(2026, 3, 1, 8, 0, 0, TimeSpan.FromHours(8));

    private static AssessmentResponse Disaster(long deaths) =>
        AssessmentContract.ToResponse(Repository.Engine.Assess(new IncidentInput
        {
            PlanId = "natural-disaster",
            OccurredAt = OccurredAt,
            Figures = new ReportedFigures
            {
                [Figure.Deaths] = deaths, [Figure.Missing] = 0, [Figure.Relocated] = 0, [Figure.CollapsedRooms] = 0,
                [Figure.CollapsedHouseholds] = 0, [Figure.DroughtAidPeople] = 0,
            },
            Judgements = JudgementInput.None,
        }));

    private static MeasureDto Measure(AssessmentResponse a, string clause, string lead) =>
        a.Measures.Should().ContainSingle(m => m.Clause == clause && m.Lead.Contains(lead), $"{clause} led by {lead}").Subject;

    [Theory]
    // 5.4.1(1) "死亡和失踪5人以上10人以下" → Ⅳ; 5.3.1(1) 10–20 → Ⅲ; 5.2.1(1) 20–50 → Ⅱ; 5.1.1(1) 50以上 → Ⅰ
    [InlineData(5, "IV", "5.4.3")]
    [InlineData(10, "III", "5.3.3")]
    [InlineData(20, "II", "5.2.3")]
    [InlineData(50, "I", "5.1.3")]
    public void Measures_OfTheAssessedLevel_AreThatLevelsOwnList(long deaths, string level, string clause)
    {
        var a = Disaster(deaths);

        a.Response.Level.Should().Be(level);
        a.Measures.Should().NotBeEmpty().And.OnlyContain(m => m.Level == level && m.Clause.StartsWith(clause + "(", StringComparison.Ordinal),
            "each level lists its own measures (5.x.3); a higher level does not inherit a lower level's list");
    }

    [Fact]
    public void Measures_BelowLevelIV_None()
    {
        // 4 dead is below 5.4.1(1) "5人以上": no city-level relief response, so no measures.
        Disaster(4).Measures.Should().BeEmpty();
    }

    [Fact]
    public void Measures_SameLevel_AreTheSameSharedList()
    {
        // Built when the plan is loaded: two assessments at Ⅳ share one list (no allocation per assessment).
        Disaster(5).Measures.Should().BeSameAs(Disaster(9).Measures);
    }

    [Fact]
    public void Measures_LevelI_LeadUnitsAsTheTextNamesThem()
    {
        var a = Disaster(50);

        // 5.1.3(4) "市财政局会同市应急管理局迅速启动市级救灾资金快速核拨机制"
        var funds = Measure(a, "5.1.3(4)", "市财政局");
        funds.With.Should().Equal("市应急管理局");
        funds.Words.Should().StartWith("市财政局会同市应急管理局迅速启动市级救灾资金快速核拨机制");
        // 5.1.3(4) "市发展改革委及时下达灾后应急恢复重建市级预算内投资"
        Measure(a, "5.1.3(4)", "市发展改革委").Words.Should().Be("市发展改革委及时下达灾后应急恢复重建市级预算内投资");
        // 5.1.3(8) "市住建局指导灾后房屋建筑和市政基础设施工程的安全应急评估等工作"
        Measure(a, "5.1.3(8)", "市住建局").Words.Should().Be("市住建局指导灾后房屋建筑和市政基础设施工程的安全应急评估等工作");
        // 5.1.3(10) "市红十字会依法开展相关救灾工作,开展救灾募捐等活动"
        Measure(a, "5.1.3(10)", "市红十字会");
        // 5.1.3(11) news is led by 市委统战部 at Ⅰ (as printed; 0003)
        Measure(a, "5.1.3(11)", "市委统战部");
        a.Measures.Should().NotContain(m => m.Lead.Contains("市委宣传部"));
    }

    [Fact]
    public void Measures_LevelII_NewsLedByThePropagandaDepartment_AndTheCountyAssessesLosses()
    {
        var a = Disaster(20);

        // 5.2.3(8) "市委宣传部统筹负责新闻宣传和舆论引导工作"
        Measure(a, "5.2.3(8)", "市委宣传部");
        a.Measures.Should().NotContain(m => m.Lead.Contains("市委统战部"));
        // 5.2.3(9) "灾情稳定后,受灾县(市、区)人民政府组织开展灾害损失综合评估工作"
        Measure(a, "5.2.3(9)", "受灾县(市、区)人民政府").Words.Should().StartWith("灾情稳定后,受灾县(市、区)人民政府组织开展灾害损失综合评估工作");
    }

    [Fact]
    public void Measures_WithoutASubject_CiteTheWordsThatNameTheLead()
    {
        // 5.4.3(2) "派出工作组,赴受灾县(市、区)协助指导地方开展灾害救助工作" names no unit; 5.4.3 "市安委会及其成员单位视情采取以下措施" does.
        var sent = Measure(Disaster(5), "5.4.3(2)", "市安委会");

        sent.Words.Should().StartWith("派出工作组");
        sent.LeadWords.Should().Be("市安委会及其成员单位视情采取以下措施");
    }

    [Fact]
    public void Measures_WorkGroups_NoLongerCarryMeasures()
    {
        // The free-text "measures" that stood as work groups (救灾资金快速核拨, 新闻宣传…) are measures now; the groups the text sends remain.
        var a = Disaster(50);

        a.WorkGroups.Select(g => g.Name).Should().Contain("专家技术组").And.NotContain(n => n.Contains("救灾资金", StringComparison.Ordinal) || n.Contains("新闻宣传", StringComparison.Ordinal));
    }

    [Fact]
    public void Termination_Construction46_ConditionsAsTheTextWritesThem()
    {
        var t = Repository.Construction.Response.Termination!;

        t.Clause.Should().Be("4.6");
        t.Principle.Should().Be("谁启动、谁终止");
        t.Conditions.Should().Equal("经分析和评估", "建设工程事故得到有效控制或相关威胁和危害得到控制消除");
        t.Words.Should().Contain("由启动响应的指挥机构确认并结束应急响应");
        t.Afterwards.Should().BeNull();
    }

    [Fact]
    public void Termination_Road57_ThreeConditionsAndWhatFollows()
    {
        // 5.7 ¶2 "现场危险完全消除、事态得到全面控制、已无发生次生衍生危害可能的……并逐步解除已经采取的措施,恢复道路交通正常秩序"
        var t = Repository.Road.Response.Termination!;

        t.Conditions.Should().Equal("现场危险完全消除", "事态得到全面控制", "已无发生次生衍生危害可能");
        t.Principle.Should().Be("谁启动、谁结束");
        t.Afterwards.Should().Be("逐步解除已经采取的措施,恢复道路交通正常秩序");
    }

    [Fact]
    public void Termination_Natural57_WorkEndedAndAssessed()
    {
        // 5.7 "救灾应急工作结束后,经分析评估认为可以解除应急响应,依据“谁启动、谁终止”的原则"
        Repository.NaturalDisaster.Response.Termination!.Conditions.Should().Equal("救灾应急工作结束", "经分析评估认为可以解除应急响应");
    }

    [Fact]
    public void Adjustment_Road57_ByTheActivatingBody_OthersNameNone()
    {
        // R 5.7 "由启动响应的主体按照需要调整响应级别"; C 4.4 and N 5.5 name no adjusting body.
        Repository.Road.Response.AdjustedBy.Should().Be("activating-body");
        Repository.Construction.Response.AdjustedBy.Should().BeNull();
        Repository.NaturalDisaster.Response.AdjustedBy.Should().BeNull();
    }

    [Fact]
    public void Publications_Construction45_BriefThenVerifiedThenFollowUpUntilTheFinalReport()
    {
        // C 4.5 "第一时间发布简要信息,随后发布初步核实情况、应对措施和公众防范措施等,并根据事件处置情况做好后续信息发布"
        var p = Repository.Construction.Publications;

        p.Select(x => x.Code).Should().Equal("publish-brief", "publish-verified", "publish-follow-up");
        p[0].Timing.Should().Be(ObligationTiming.Immediately, "第一时间");
        p[0].Start.Should().Be(DutyStart.Receipt);
        p[1].After.Should().Be("publish-brief", "随后");
        p[2].After.Should().Be("publish-verified");
        p[2].Until.Should().Be(DutyEnd.FinalReport);
        p.Should().OnlyContain(x => x.By == "市指挥部或其办公室" && x.Clause == "4.5");
    }

    [Fact]
    public void Publications_Road55_AuthoritativeOnEveryImportantChange()
    {
        // R 5.5 "由市指挥部牵头向社会发布权威信息……有重要变化随时发布" (R 4.4.3's publication of a warning is the other one)
        var p = Repository.Road.Publications.Should().ContainSingle(x => x.Clause == "5.5").Subject;

        p.Timing.Should().Be(ObligationTiming.Promptly);
        p.Until.Should().Be(DutyEnd.FinalReport);
        p.Words.Should().Contain("有重要变化随时发布");
    }

    [Fact]
    public void Publications_Road443_AWarningOfEveryColourIsPublishedToThePublicPromptly()
    {
        // R 4.4.3 发布途径 "预警信息应当通过电视、广播、报纸、网站、微博、微信、手机短信、电子屏幕等各种途径及时向公众发布":
        // of every warning (no colour named), once it is issued; 4.4.1 "由市指挥部办公室发布" for 红色, 橙色 and 黄色 alike.
        var p = Repository.Road.Publications.Should().ContainSingle(x => x.Clause == "4.4.3").Subject;

        (p.Code, p.Start, p.After, p.Timing, p.Until).Should().Be(("publish-warning", DutyStart.WarningIssued, (string?)null, ObligationTiming.Promptly, (DutyEnd?)null));
        p.By.Should().StartWith("市指挥部办公室");
        p.Words.Should().Be("预警信息应当通过电视、广播、报纸、网站、微博、微信、手机短信、电子屏幕等各种途径及时向公众发布");
        Names.ChineseTiming(AssessmentContract.Timing(p.Timing), p.Words).Should().Be("及时");
        Repository.Road.Publications.Select(x => x.Clause).Should().Equal("4.4.3", "5.5");
    }

    [Theory]
    // Conditions that call for a red warning (R 4.2 暴雪红色预警), or none: a card of a report alone has no warning issued either way.
    [InlineData(false)]
    [InlineData(true)]
    public void DecisionCard_Road443_NoWarningIssued_DoesNotListThePublicationOfTheWarning(bool conditionsCallForAWarning)
    {
        // R 4.4.3 "预警信息应当通过电视、广播、报纸、网站、微博、微信、手机短信、电子屏幕等各种途径及时向公众发布": 预警信息 exists once a
        // warning is issued (4.4.1 "由市指挥部办公室发布"); before it there is nothing to publish. R 5.5 "由市指挥部牵头向社会发布权威信息" stands.
        var assessment = Road(conditionsCallForAWarning);
        (assessment.Warning is not null).Should().Be(conditionsCallForAWarning, "4.3.1(1) 暴雪红色预警 calls for a red warning, to be proposed and issued");
        var card = AssessmentContract.ToResponse(assessment);

        card.Publications.Select(p => p.Code).Should().Equal("publish-authoritative");
    }

    [Fact]
    public void DecisionCard_Road443_WarningIssued_ListsThePublicationOfTheWarningThenTheAuthoritativeOne()
    {
        // R 4.4.3 "预警信息应当……各种途径及时向公众发布", once a warning is issued; R 5.5 "有重要变化随时发布" as before, in the plan's order.
        var card = AssessmentContract.ToResponse(Road(false), warningIssued: true);

        card.Publications.Select(p => (p.Code, p.Start, p.Timing, p.Clause)).Should().Equal(
            ("publish-warning", "warning-issued", "promptly", "4.4.3"),
            ("publish-authoritative", "receipt", "promptly", "5.5"));
    }

    [Theory]
    // C 4.5, N 4.3.2: no publication of these plans starts with a warning's issue, so the card is the same either way.
    [InlineData("construction")]
    [InlineData("natural-disaster")]
    public void DecisionCard_PublicationsNotStartedByAWarning_ShownWhetherOrNotOneIsIssued(string plan)
    {
        var input = new IncidentInput
        {
            PlanId = plan,
            OccurredAt = OccurredAt,
            Figures = new ReportedFigures { [Figure.Deaths] = 1, [Figure.Missing] = 0 },
            Judgements = JudgementInput.None,
        };

        var without = AssessmentContract.ToResponse(Repository.Engine.Assess(input)).Publications;
        var with = AssessmentContract.ToResponse(Repository.Engine.Assess(input), warningIssued: true).Publications;

        without.Should().NotBeEmpty().And.Equal(with);
    }

    private static AssessmentResult Road(bool conditionsCallForAWarning) => Repository.Engine.Assess(new IncidentInput
    {
        PlanId = "road-traffic",
        OccurredAt = OccurredAt,
        Figures = new ReportedFigures { [Figure.Deaths] = 1, [Figure.Missing] = 0, [Figure.SeriousInjuries] = 0 },
        Judgements = JudgementInput.None,
        Road = conditionsCallForAWarning ? new RoadConditions { WeatherWarning = WarningColour.Red } : null,
    });

    [Fact]
    public void Publications_Natural432_RollingUntilTheSituationIsStableThenTheLosses()
    {
        // N 4.3.2 "灾情稳定前……应及时向社会滚动发布……;灾情稳定后,应及时评估、核定并按有关规定发布灾害损失情况"
        var p = Repository.NaturalDisaster.Publications;

        p.Select(x => x.Code).Should().Equal("publish-rolling", "publish-losses");
        p[0].Until.Should().Be(DutyEnd.SituationStable);
        p[0].By.Should().Be("受灾地区县级以上人民政府防灾减灾救灾议事协调机构或应急管理部门");
        (p[1].Start, p[1].Timing, p[1].Until).Should().Be((DutyStart.SituationStable, ObligationTiming.Promptly, (DutyEnd?)null));
        p[1].Words.Should().StartWith("灾情稳定后").And.EndWith("发布灾害损失情况");
    }

    [Theory]
    // Below any level (0 deaths) and at Ⅰ (50): C 4.5, R 5.5 and N 4.3.2 do not depend on the level, so the card shows them always.
    [InlineData(0)]
    [InlineData(50)]
    public void DecisionCard_Natural432_RemindsOfTheRollingPublicationThenTheLosses(long deaths)
    {
        // N 4.3.2 "灾情稳定前,受灾地区县级以上人民政府防灾减灾救灾议事协调机构或应急管理部门应及时向社会滚动发布灾害造成的人员伤亡…;
        // 灾情稳定后,应及时评估、核定并按有关规定发布灾害损失情况"
        var card = Disaster(deaths).Publications;

        card.Should().HaveCount(2);
        card[0].Should().Be(new PublicationDto("publish-rolling", "受灾地区县级以上人民政府防灾减灾救灾议事协调机构或应急管理部门", "receipt", null, "promptly",
            "situation-stable", "4.3.2", card[0].Words));
        card[0].Words.Should().StartWith("灾情稳定前").And.Contain("及时向社会滚动发布");
        (card[1].Code, card[1].Start, card[1].Timing, card[1].Until, card[1].Clause).Should().Be(("publish-losses", "situation-stable", "promptly", (string?)null, "4.3.2"));
    }

    [Fact]
    public void DecisionCard_Construction45_BriefImmediatelyThenVerifiedThenFollowUpUntilTheFinalReport()
    {
        // C 4.5 "由市指挥部或其办公室统一组织……第一时间发布简要信息,随后发布初步核实情况、应对措施和公众防范措施等,并根据事件处置情况做好后续信息发布"
        var card = AssessmentContract.ToResponse(Repository.Engine.Assess(new IncidentInput
        {
            PlanId = "construction",
            OccurredAt = OccurredAt,
            Figures = new ReportedFigures { [Figure.Deaths] = 1, [Figure.Missing] = 0, [Figure.SeriousInjuries] = 0 },
            Judgements = JudgementInput.None,
        }));

        card.Publications.Select(p => (p.Start, p.After, p.Timing, p.Until)).Should().Equal(
            ("receipt", null, "immediately", null), // 第一时间
            ("previous-report", "publish-brief", "promptly", null), // 随后
            ("previous-report", "publish-verified", "promptly", "final-report")); // 并根据事件处置情况做好后续信息发布
        card.Publications.Should().OnlyContain(p => p.By == "市指挥部或其办公室" && p.Clause == "4.5");
        card.Publications[0].Words.Should().Be("第一时间发布简要信息");
    }

    // ---- natural disaster 3 灾害救助准备: "当可能威胁人民生命财产安全、影响基本生活,需要提前采取应对措施时,视情采取以下一项或多项措施" ----

    private static AssessmentResponse DisasterWith(JudgementInput judgements) =>
        AssessmentContract.ToResponse(Repository.Engine.Assess(new IncidentInput
        {
            PlanId = "natural-disaster",
            OccurredAt = OccurredAt,
            Figures = new ReportedFigures
            {
                [Figure.Deaths] = 0, [Figure.Missing] = 0, [Figure.Relocated] = 0, [Figure.CollapsedRooms] = 0,
                [Figure.CollapsedHouseholds] = 0, [Figure.DroughtAidPeople] = 0,
            },
            Judgements = judgements,
        }));

    [Fact]
    public void Preparation_Judged_TheSevenMeasuresOf3ByTheOffice()
    {
        var a = DisasterWith(new JudgementInput { ReliefPreparationNeeded = true, DecidedBy = "市安委办" });

        a.Response.Level.Should().BeNull("preparation comes before any level");
        var p = a.Preparation!;
        p.By.Should().Be("市安委办");
        p.Judgement.Should().Be("reliefPreparationNeeded");
        p.Measures.Select(m => m.Clause).Should().Equal("3(1)", "3(2)", "3(3)", "3(4)", "3(5)", "3(6)", "3(7)");
        p.Measures[3].Words.Should().Be("视情派出工作组,实地了解灾害风险,检查指导各项灾害救助准备工作");
    }

    [Fact]
    public void Preparation_NotJudged_None()
    {
        DisasterWith(JudgementInput.None).Preparation.Should().BeNull();
        DisasterWith(new JudgementInput { ImportantSituation = true, DecidedBy = "市安委办" }).Preparation.Should().BeNull("重要情况 alone does not call for preparation");
    }
}
