using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Tests.Support;

namespace EmergencyPlans.Core.Tests.Assessment;

/// <summary>
/// A figure given that the plan in force does not grade on is kept and said to be unused, never dropped without a word: the
/// natural-disaster plan's start conditions (N 5.1.1–5.4.1) count 死亡和失踪, 紧急转移安置和需紧急生活救助, 倒塌和严重损坏房屋 and 干旱…需政府救助人数;
/// 危险化学品运输车辆发生泄漏 (R 5.3.x) and 县(市、区)交通中断 (R 5.3.3(3), 2.6) are the road plan's. One rule for every plan, read from
/// what each plan's criteria read.
/// </summary>
public class FiguresNotUsedTests
{
    private static readonly DateTimeOffset OccurredAt = new(2026, 3, 1, 8, 0, 0, TimeSpan.FromHours(8));

    private static AssessmentResponse Assess(string plan, ReportedFigures figures, RoadConditions? road = null) =>
        AssessmentContract.ToResponse(Repository.Engine.Assess(IncidentInput.From(plan, OccurredAt, figures, JudgementInput.None, road)));

    [Fact]
    public void NaturalDisaster_RoadFiguresGiven_AreListedAsNotUsed_WithTheNote()
    {
        // N 5.4.1(1) "死亡和失踪 5 人以上 10 人以下": deaths and missing are read; nothing in N reads a hazmat release or disrupted counties.
        var card = Assess("natural-disaster", new ReportedFigures
        {
            [Figure.Deaths] = 3, [Figure.Missing] = 0, [Fact.HazmatRelease] = true, DisruptedCounties = ["泽州县", "高平市"],
        });

        card.FiguresNotUsed.Select(f => f.Name).Should().Equal("hazmatRelease", "disruptedCounties");
        card.FiguresNotUsed.Should().AllSatisfy(f => f.Note.Should().Be("本预案的分级条件不含此项：已记录，不影响判定"));
        card.FiguresNotUsed[0].Label.Should().Be("危险化学品运输车辆泄漏、火灾、爆炸");
        card.Response.Level.Should().BeNull("3 dead and none missing reach no level of N, whatever the road figures say");
    }

    [Fact]
    public void NaturalDisaster_TheDeclaredGrade_IsRead_AConstructionAccidentsIsNot()
    {
        // N has no grade table: 4.1.3 "接到重特大自然灾害事件报告后,应急管理部门应第一时间向本级党委和政府及上级应急管理部门报告" and 4.1.5 "重大及以上自然灾害
        // 灾情稳定前……执行灾情24小时零报告制度" turn on the grade the competent department declares, so it is not "kept and unused" (a facilitator's
        // review, session 54: the card listed it while its grade and duties came from it). C grades by its own table (1.5): a declared grade
        // changes nothing there.
        var declared = new ReportedFigures { [Figure.Deaths] = 0, [Figure.Missing] = 0, DeclaredGrade = Grade.Serious };
        var natural = Assess("natural-disaster", declared);
        natural.FiguresNotUsed.Should().BeEmpty();
        natural.Grade!.Declared.Should().BeTrue();
        natural.Obligations.Select(o => o.Code).Should().Contain("zero-report-24h");

        Assess("construction", declared).FiguresNotUsed.Select(f => f.Name).Should().Contain("declaredGrade");
    }

    private static AssessmentResponse Judged(string plan, ReportedFigures figures, JudgementInput judgements) =>
        AssessmentContract.ToResponse(Repository.Engine.Assess(IncidentInput.From(plan, OccurredAt, figures, judgements, null)));

    [Fact]
    public void NaturalDisaster_ACountyCapacityJudgement_IsListedAsNotUsed_ItsImportantSituationIsNot()
    {
        // N's levels are counted from figures (5.4.1(1) "死亡和失踪 5 人以上 10 人以下"…) and "市安委会认为需要启动…的其他情形": no
        // "超出事发地县(市、区)人民政府处置能力" (C 4.3.2(1)③, R 5.3.2(4)). N 5.2.3(1) "重要情况及时向市委、市政府、市安委会报告" reads 重要情况.
        var card = Judged("natural-disaster", new ReportedFigures { [Figure.Deaths] = 3, [Figure.Missing] = 0 },
            new JudgementInput { ExceedsCountyCapacity = true, ImportantSituation = true, DecidedBy = "市安委办主任" });

        var notUsed = card.FiguresNotUsed.Should().ContainSingle().Subject;
        (notUsed.Name, notUsed.Label, notUsed.Note).Should().Be(("exceedsCountyCapacity", "超出事发地县(市、区)人民政府处置能力", "本预案的条件不含此项判断：已记录，不影响判定"));
        card.Response.Level.Should().BeNull("3 dead and none missing reach no level of N, whatever the judgement says");
    }

    [Fact]
    public void Road_TheSameCountyCapacityJudgement_IsRead_ADisastersSensitiveAreaIsNot()
    {
        // R 5.3.2(4) "超出事发地县(市、区)人民政府应急处置能力的道路交通安全突发事件" starts Ⅱ; "敏感地区、敏感时间" is N 5.5's.
        var card = Judged("road-traffic", DutyScenario.Accident(1), new JudgementInput { ExceedsCountyCapacity = true, SensitiveAreaOrTime = true, DecidedBy = "市指挥部" });

        card.FiguresNotUsed.Select(f => f.Name).Should().Equal("sensitiveAreaOrTime");
        card.Response.Level.Should().Be("II");
    }

    [Fact]
    public void NaturalDisaster_ThePreparationAndRaiseJudgements_AreRead()
    {
        // N 3 "当可能威胁人民生命财产安全、影响基本生活,需要提前采取应对措施时"; 5.5 "或灾害对经济社会造成重大影响时,相关应急响应启动条件可酌情调整": N's own.
        var card = Judged("natural-disaster", new ReportedFigures { [Figure.Deaths] = 0 },
            new JudgementInput { ReliefPreparationNeeded = true, MajorSocioEconomicImpact = true, DecidedBy = "市安委办主任" });

        card.FiguresNotUsed.Should().BeEmpty();
    }

    [Fact]
    public void NaturalDisaster_InjuriesAndLossGiven_AreNotUsed_DeathsAndRelocatedAre()
    {
        // N's conditions count no injuries and no 直接经济损失 (5.1.1–5.4.1); a false fact given is still given.
        var card = Assess("natural-disaster", new ReportedFigures
        {
            [Figure.Deaths] = 1, [Figure.Relocated] = 4000, [Figure.Injured] = 12, [Figure.DirectLossWan] = 300m, [Fact.HazmatRelease] = false,
        });

        card.FiguresNotUsed.Select(f => f.Name).Should().Equal("injured", "directLossWan", "hazmatRelease");
    }

    [Fact]
    public void NaturalDisaster_RoadConditionsGiven_AreNotUsed()
    {
        // N sets no warnings of its own: the weather observations the road plan reads (R 4.2) decide nothing here.
        var card = Assess("natural-disaster", new ReportedFigures { [Figure.Deaths] = 0 }, new RoadConditions { VisibilityMetres = 50 });

        card.FiguresNotUsed.Should().ContainSingle().Which.Name.Should().Be("conditions");
    }

    [Fact]
    public void Road_TheSameRoadFigures_AreUsed_ButADisastersRelocatedAreNot()
    {
        // R 5.3.1(2)… "危险化学品运输车辆发生泄漏" and 5.3.3(3) counties are read; 紧急转移安置 is N's figure (N 5.4.1(2)).
        var card = Assess("road-traffic", new ReportedFigures
        {
            [Figure.Deaths] = 1, [Fact.HazmatRelease] = true, DisruptedCounties = ["泽州县", "高平市"], [Figure.Relocated] = 100,
        }, new RoadConditions { VisibilityMetres = 50 });

        card.FiguresNotUsed.Select(f => f.Name).Should().Equal("relocated");
    }

    [Fact]
    public void Construction_AHazmatRelease_IsNotUsed_CasualtiesAre()
    {
        // C 1.5 (附件1) grades by 死亡、重伤、直接经济损失; a change in 伤亡人数 owes a 续报 (C 4.1(三)), so every casualty figure is read.
        var card = Assess("construction", new ReportedFigures
        {
            [Figure.Deaths] = 1, [Figure.Trapped] = 2, [Figure.Endangered] = 1, [Figure.Injured] = 3, [Fact.HazmatRelease] = true,
        });

        card.FiguresNotUsed.Select(f => f.Name).Should().Equal("hazmatRelease");
    }

    [Fact]
    public void EveryPlan_OnlyFiguresItReads_NothingListed()
    {
        var card = Assess("natural-disaster", new ReportedFigures { [Figure.Deaths] = 6, [Figure.Missing] = 1, [Figure.CollapsedRooms] = 10 });

        card.FiguresNotUsed.Should().BeEmpty();
    }
}
