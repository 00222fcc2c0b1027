using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Tests.Support;
using AssessmentResult = EmergencyPlans.Core.Assessment.Assessment;

namespace EmergencyPlans.Core.Tests.Assessment;

/// <summary>
/// Construction 4.1: "建设工程事故或者较大涉险事故发生后,事发单位应立即报告……"; (二) "建设工程事故或者较大涉险事故信息报送的起算时间为事故发生后。
/// 一般等级的建设工程事故,各级各部门须在事发后1小时以内向市委、市政府报告;较大以上或暂时无法判明等级的建设工程事故,各级各部门须在事发后30分钟以内向
/// 市委、市政府电话报告有关情况,1小时以内向市委、市政府书面报告简要情况". The plan never says what a 较大涉险事故 is, so whether an accident is one is a
/// person's judgement; 4.3.1(1)② names the people it is about ("涉险、被困、失联"). With 12 people trapped and nobody dead the card said
/// 一般（已确定）, listed the 1-hour report alone and asked nothing: the 30-minute phone report hung on a question nobody was put.
/// Occurrence 2026-07-01 08:00 +08:00.
/// </summary>
public class JudgementPromptTests
{
    private static readonly DateTimeOffset T0 = new(2026, 7, 1, 8, 0, 0, TimeSpan.FromHours(8));

    /// <summary>A construction accident: deaths, serious injuries and loss known as given; the people 涉险、被困、失联 as given (null = not reported).</summary>
    private static IncidentInput Accident(long? trapped, long? endangered = 0, long? missing = 0, long deaths = 0, JudgementInput? judgements = null) =>
        IncidentInput.From("construction", T0, new ReportedFigures
        {
            [Figure.Deaths] = deaths,
            [Figure.SeriousInjuries] = 0,
            [Figure.DirectLossWan] = 0,
            [Figure.Trapped] = trapped,
            [Figure.Endangered] = endangered,
            [Figure.Missing] = missing,
        }, judgements);

    private static AssessmentResult Assess(IncidentInput input) => Repository.Engine.Assess(input);

    [Fact]
    public void TwelveTrapped_NobodyDead_PutsTheQuestionWithTheThirtyMinuteAndOneHourReportsItWouldBring()
    {
        var a = Assess(Accident(trapped: 12));

        a.Grade!.Value.Should().Be(Grade.Ordinary, "nobody is dead or seriously injured: 一般 by the grade table, and the grade is not what is asked");
        a.Obligations.Select(o => o.Rule.Code).Should().Contain("report-to-city").And.NotContain(["phone-report-to-city", "written-report-to-city"]);
        var open = a.JudgementsToConsider.Should().ContainSingle().Subject;
        open.Prompt.Judgement.Should().Be(Judgement.RelativelySeriousNearMiss);
        open.Prompt.Clause.Should().Be("4.1(二)");
        open.Reported.Should().Be(12);
        open.WouldAdd.Select(d => (d.Rule.Code, d.DueAt)).Should().Equal(
            ("phone-report-to-city", T0.AddMinutes(30)), ("written-report-to-city", T0.AddHours(1)));
    }

    [Fact]
    public void WhatThePromptSaysAYesWouldAdd_IsWhatTheReportJudgedSoOwesBeyondItsDutiesNow()
    {
        // The prompt promises the duties a "yes" brings; the report judged so is then assessed as any report is. The two must agree for every
        // report that puts the question (deaths 0–12 across the grade bands, 1–40 people 涉险、被困、失联, the missing known or not), or the card
        // tells the office one thing and the judgement does another. Since session 56 the prompt reads its duties from the evaluation alone
        // rather than from a second whole assessment. (With today's plan the judgement touches duties only, not the level: a prompt that
        // raised the level would be held here too.)
        var asked = 0;
        foreach (var deaths in new long[] { 0, 1, 2, 3, 9, 10, 12 })
        {
            foreach (var people in new long[] { 1, 3, 4, 10, 40 })
            {
                foreach (long? missing in new long?[] { 0, null })
                {
                    var input = Accident(trapped: people, missing: missing, deaths: deaths);
                    var a = Assess(input);
                    foreach (var open in a.JudgementsToConsider)
                    {
                        asked++;
                        var judged = Assess(IncidentInput.From("construction", T0, input.Figures, input.Judgements.Holding(open.Prompt.Judgement)));
                        var added = judged.Obligations.Where(d => !a.Obligations.Any(o => ReferenceEquals(o.Rule, d.Rule)));
                        open.WouldAdd.Should().Equal(added, $"{deaths} dead, {people} trapped, missing {missing?.ToString() ?? "unknown"}");
                    }
                }
            }
        }

        asked.Should().BeGreaterThan(0, "some of these reports put the question");
    }

    [Theory]
    [InlineData(1L, 0L, 0L)]
    [InlineData(0L, 2L, 0L)]
    [InlineData(0L, 0L, 1L)]
    [InlineData(null, 1L, 0L)]
    public void AnyoneReported涉险被困或失联_PutsIt(long? trapped, long? endangered, long? missing)
    {
        // 4.3.1(1)② "造成3人以下涉险、被困、失联的事故": one person of any of the three is enough to ask; the others may be unknown.
        Assess(Accident(trapped, endangered, missing)).JudgementsToConsider.Should().ContainSingle();
    }

    [Theory]
    [InlineData(0L, 0L, 0L)]
    [InlineData(null, null, null)]
    [InlineData(0L, null, 0L)]
    public void Nobody涉险被困或失联OnWhatIsKnown_AsksNothing(long? trapped, long? endangered, long? missing)
    {
        // Nothing in the report points at a 涉险 accident: the question would be put on every accident.
        Assess(Accident(trapped, endangered, missing)).JudgementsToConsider.Should().BeEmpty();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AJudgementStatedEitherWay_AnswersIt(bool judged)
    {
        var judgements = AssessmentContract.ToJudgements(new JudgementsDto { RelativelySeriousNearMiss = judged, DecidedBy = "市指挥部办公室" });

        var a = Assess(Accident(trapped: 12, judgements: judgements));

        a.JudgementsToConsider.Should().BeEmpty();
        a.Obligations.Any(o => o.Rule.Code == "phone-report-to-city").Should().Be(judged, "a 较大涉险事故 is reported on the 30-minute clock (4.1(二))");
        // Judged yes, the 1-hour written report to 市委、市政府 is also the 一般 accident's 1-hour report to them: one duty, not two at 09:00.
        a.Obligations.Select(o => o.Rule.Code).Should().Contain(judged ? "written-report-to-city" : "report-to-city")
            .And.NotContain(judged ? "report-to-city" : "written-report-to-city");
        AssessmentContract.ToResponse(a).Judgements!.Given.Should().ContainSingle()
            .Which.Should().Be(new GivenJudgementDto("relativelySeriousNearMiss", "较大涉险事故", judged), "a \"no\" is said as a \"yes\" is");
    }

    [Fact]
    public void AGradeThatAlreadyBringsTheThirtyMinuteReport_LeavesNothingToAsk()
    {
        // 3 dead: 较大 (1.5): the 30-minute phone and 1-hour written reports are owed whatever the judgement.
        Assess(Accident(trapped: 5, deaths: 3)).JudgementsToConsider.Should().BeEmpty();

        // Deaths unknown: 暂时无法判明等级, reported as 较大 (4.1(二)): the same.
        var unknownDeaths = IncidentInput.From("construction", T0, new ReportedFigures { [Figure.Trapped] = 5 });
        Assess(unknownDeaths).Obligations.Select(o => o.Rule.Code).Should().Contain("phone-report-to-city");
        Assess(unknownDeaths).JudgementsToConsider.Should().BeEmpty();
    }

    [Theory]
    [InlineData("road-traffic")]
    [InlineData("natural-disaster")]
    public void OtherPlans_NameNo较大涉险事故_AndAskNothing(string plan)
    {
        var input = IncidentInput.From(plan, T0, new ReportedFigures { [Figure.Deaths] = 0, [Figure.Trapped] = 12, [Figure.Missing] = 0 });

        Assess(input).JudgementsToConsider.Should().BeEmpty();
    }

    [Fact]
    public void WithOtherJudgementsHeld_TheTextSaysToRepeatThem_SinceAReportsJudgementsReplaceTheEarlierOnes()
    {
        // 4.3.2(1)③ 超出事发地县(市、区)人民政府处置能力 judged yes: an answer sent alone would drop it (and the Ⅱ it brings).
        var judgements = AssessmentContract.ToJudgements(new JudgementsDto { ExceedsCountyCapacity = true, CountyCanHandle = false, DecidedBy = "市指挥部" });

        var text = AssessmentContract.ToResponse(Assess(Accident(trapped: 2, judgements: judgements))).JudgementsToConsider.Should().ContainSingle().Subject.Text;

        text.Should().EndWith("报告的 judgements 整体取代此前的研判，须一并写明仍成立的：超出事发地县(市、区)人民政府处置能力：是；依靠事发地县(市、区)人民政府可以应对处置：否。");
        AssessmentContract.ToResponse(Assess(Accident(trapped: 2))).JudgementsToConsider.Single().Text.Should().NotContain("整体取代");
    }

    [Fact]
    public void TheContract_SaysTheQuestionInChinese_WithTheDutiesAndHowToAnswer()
    {
        var dto = AssessmentContract.ToResponse(Assess(Accident(trapped: 12))).JudgementsToConsider.Should().ContainSingle().Subject;

        dto.Judgement.Should().Be("relativelySeriousNearMiss");
        dto.Label.Should().Be("较大涉险事故");
        dto.Figures.Should().Equal("endangered", "trapped", "missing");
        dto.Reported.Should().Be(12);
        dto.WouldAdd.Select(o => o.Code).Should().Equal("phone-report-to-city", "written-report-to-city");
        dto.Because.Clause.Should().Be("4.1(二)");
        dto.Because.Words.Should().Contain("建设工程事故或者较大涉险事故信息报送的起算时间为事故发生后");
        dto.Text.Should().StartWith("已报涉险、被困、失联共12人：是否属较大涉险事故，须研判（4.1(二)）。")
            .And.Contain("07-01 08:30前").And.Contain("07-01 09:00前")
            .And.EndWith("研判结果（是或否）记入报告的 judgements.relativelySeriousNearMiss。");
    }
}
