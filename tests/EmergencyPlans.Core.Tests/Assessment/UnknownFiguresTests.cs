using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Tests.Support;
using AssessmentResult = EmergencyPlans.Core.Assessment.Assessment;

namespace EmergencyPlans.Core.Tests.Assessment;

/// <summary>
/// R3: figures may be unknown early on. A result is "at least G" until every figure that could still raise it is known;
/// the plans treat "暂时无法判明等级" like 较大以上 for reporting. Hints name the nearest threshold from the text.
/// </summary>
public class UnknownFiguresTests
{
    private static readonly DateTimeOffset OccurredAt = new(2026, 3, 1, 8, 0, 0, TimeSpan.FromHours(8));

    private static AssessmentResult Assess(IncidentInput input) => Repository.Engine.Assess(input);

    [Fact]
    public void Construction_AllFiguresUnknown_OrdinaryLowerBound_NotDetermined()
    {
        // Nothing known: every accident is at least 一般 (条例第三条(四)) and at least Ⅲ (4.3.1(1)①), but 30 deaths
        // (特别重大) or 10 trapped (4.3.3(1)②) are still possible.
        var a = Assess(new IncidentInput { PlanId = "construction", OccurredAt = OccurredAt });

        a.Grade!.Value.Should().Be(Grade.Ordinary);
        a.Grade.Determined.Should().BeFalse();
        a.Grade.UpTo.Should().Be(Grade.EspeciallySerious);
        a.Response.Level.Should().Be(ResponseLevel.III);
        a.Response.Determined.Should().BeFalse();
        a.Response.UpTo.Should().Be(ResponseLevel.I);
        a.UnknownsThatCouldRaise.Should().HaveFlag(InputField.Deaths)
            .And.HaveFlag(InputField.SeriousInjuries)
            .And.HaveFlag(InputField.DirectLossWan)
            .And.HaveFlag(InputField.Endangered)
            .And.HaveFlag(InputField.Trapped)
            .And.HaveFlag(InputField.Missing);
    }

    [Fact]
    public void Construction_GradeKnown_TrappedUnknown_RaiseOnlyTheLevel_TheGradesOwnUnknownsAreNone()
    {
        // The grade is read from deaths, serious injuries and the direct loss (条例第三条(四): 3人以下死亡…一般): all reported, it is
        // settled. 4.3.2(1)② "造成3人以上10人以下涉险、被困、失联的事故" and 4.3.3(1)② "10 人以上涉险、被困…" raise the level, not the
        // grade, so with 被困 and 涉险 unknown the level is open and the grade's own list is empty.
        var a = Assess(new IncidentInput
        {
            PlanId = "construction", OccurredAt = OccurredAt,
            Figures = new ReportedFigures { [Figure.Deaths] = 1, [Figure.SeriousInjuries] = 0, [Figure.DirectLossWan] = 50, [Figure.Missing] = 0 },
        });

        a.Grade!.Determined.Should().BeTrue();
        a.UnknownsThatCouldRaiseGrade.Should().Be(InputField.None);
        a.UnknownsThatCouldRaiseLevel.Should().HaveFlag(InputField.Trapped).And.HaveFlag(InputField.Endangered);
        a.UnknownsThatCouldRaise.Should().Be(a.UnknownsThatCouldRaiseGrade | a.UnknownsThatCouldRaiseLevel);
    }

    [Fact]
    public void Construction_DeathsUnknown_AreTheGradesOwnUnknown()
    {
        // 30人以上死亡 is 特别重大 (条例第三条(一)): with deaths unknown the grade itself is open.
        var a = Assess(new IncidentInput
        {
            PlanId = "construction", OccurredAt = OccurredAt,
            Figures = new ReportedFigures { [Figure.SeriousInjuries] = 0, [Figure.DirectLossWan] = 50, [Figure.Missing] = 0, [Figure.Trapped] = 0, [Figure.Endangered] = 0 },
        });

        a.Grade!.Determined.Should().BeFalse();
        a.UnknownsThatCouldRaiseGrade.Should().HaveFlag(InputField.Deaths).And.NotHaveFlag(InputField.Trapped);
    }

    [Fact]
    public void Construction_AllFiguresUnknown_ReportedLikeRelativelySerious()
    {
        // 4.1(二) "较大以上或暂时无法判明等级的建设工程事故…30分钟以内…电话报告"
        var a = Assess(new IncidentInput { PlanId = "construction", OccurredAt = OccurredAt });

        a.Grade!.ForReporting.Should().Be(Grade.RelativelySerious);
        a.Obligations.Should().Contain(o => o.Rule.Code == "phone-report-to-city" && o.DueAt == OccurredAt.AddMinutes(30));
    }

    [Fact]
    public void Construction_FillingInFiguresOneByOne_NeverContradictsTheEarlierBounds()
    {
        // Each report narrows [lower, upTo]; it never leaves the earlier interval.
        var steps = new[]
        {
            new IncidentInput { PlanId = "construction", OccurredAt = OccurredAt },
            new IncidentInput { PlanId = "construction", OccurredAt = OccurredAt, Figures = new ReportedFigures { [Figure.Deaths] = 4 } },
            new IncidentInput { PlanId = "construction", OccurredAt = OccurredAt, Figures = new ReportedFigures { [Figure.Deaths] = 4, [Figure.SeriousInjuries] = 12 } },
            new IncidentInput { PlanId = "construction", OccurredAt = OccurredAt, Figures = new ReportedFigures { [Figure.Deaths] = 4, [Figure.SeriousInjuries] = 12, [Figure.DirectLossWan] = 600 } },
            new IncidentInput { PlanId = "construction", OccurredAt = OccurredAt, Figures = new ReportedFigures { [Figure.Deaths] = 4, [Figure.SeriousInjuries] = 12, [Figure.DirectLossWan] = 600, [Figure.Trapped] = 6 } },
            new IncidentInput
            {
                PlanId = "construction",
                OccurredAt = OccurredAt,
                Figures = new ReportedFigures
                {
                    [Figure.Deaths] = 4,
                    [Figure.SeriousInjuries] = 12,
                    [Figure.DirectLossWan] = 600,
                    [Figure.Trapped] = 6,
                    [Figure.Endangered] = 2,
                    [Figure.Missing] = 1,
                },
            },
        };

        AssessmentResult? previous = null;
        foreach (var step in steps)
        {
            var a = Assess(step);
            if (previous is not null)
            {
                ((int)a.Grade!.Value).Should().BeGreaterThanOrEqualTo((int)previous.Grade!.Value);
                ((int)a.Grade.UpTo).Should().BeLessThanOrEqualTo((int)previous.Grade.UpTo);
                ((int)a.Response.Level!.Value).Should().BeGreaterThanOrEqualTo((int)previous.Response.Level!.Value);
                ((int)a.Response.UpTo!.Value).Should().BeLessThanOrEqualTo((int)previous.Response.UpTo!.Value);
            }

            previous = a;
        }

        // Finally: 4 deaths, 12 serious injuries (较大); 2 + 6 + 1 = 9 涉险、被困、失联 (4.3.2(1)② "3人以上10人以下") → Ⅱ, determined.
        previous!.Grade!.Value.Should().Be(Grade.RelativelySerious);
        previous.Grade.Determined.Should().BeTrue();
        previous.Response.Level.Should().Be(ResponseLevel.II);
        previous.Response.Determined.Should().BeTrue();
    }

    [Fact]
    public void Road_DeathsKnownAtTopBand_GradeDeterminedWhateverIsUnknown()
    {
        // 1.5(1) "造成30人以上死亡" is the top grade: unknown injuries or loss cannot raise it (R3).
        var a = Assess(new IncidentInput { PlanId = "road-traffic", OccurredAt = OccurredAt, Figures = new ReportedFigures { [Figure.Deaths] = 30 } });

        a.Grade!.Value.Should().Be(Grade.EspeciallySerious);
        a.Grade.Determined.Should().BeTrue();
    }

    [Fact]
    public void Road_TwoDeadTheRestUnreported_CitesTheDeathsBandsOnly_NotBandsOfFiguresNeverReported()
    {
        // R5: the grounds are the criteria that produced the result. 2 deaths reach 1.5(4) "造成3人以下死亡" and 5.3.3(1) "造成3人以下
        // 失联、死亡"; "10人以下重伤" and "造成1000万元以下直接经济损失" hold only because unreported figures count as at least zero, and
        // were cited as grounds too.
        var a = Assess(new IncidentInput { PlanId = "road-traffic", OccurredAt = OccurredAt, Figures = new ReportedFigures { [Figure.Deaths] = 2 } });

        a.Grade!.Because.Select(r => r.Words).Should().Equal("造成3人以下死亡");
        a.Response.Because.Select(r => r.Clause).Should().OnlyContain(c => c == "5.3.3(1)");
        a.Response.Because.Should().ContainSingle().Which.Words.Should().Contain("失联、死亡");
    }

    [Fact]
    public void Construction_PersonsUnreported_TheLevelCitesTheGradeNotTheThreeOrFewerPersonsBand()
    {
        // 4.3.1(1)① "发生一般事故" holds (0 dead, 0 重伤, no loss: 一般, settled); ② "造成3人以下涉险、被困、失联的事故" is a bound on
        // 涉险 and 被困 nobody reported (失联 0 alone does not reach it): it was cited as met.
        var a = Assess(new IncidentInput
        {
            PlanId = "construction", OccurredAt = OccurredAt,
            Figures = new ReportedFigures { [Figure.Deaths] = 0, [Figure.Missing] = 0, [Figure.SeriousInjuries] = 0, [Figure.DirectLossWan] = 0 },
        });

        a.Response.Level.Should().Be(ResponseLevel.III);
        a.Response.Because.Select(r => r.Clause).Should().Equal("4.3.1(1)①");
        a.Response.LowestOnly.Should().BeFalse();
    }

    [Fact]
    public void Construction_TwoTrappedReported_TheThreeOrFewerPersonsBandIsWhatTheyReach()
    {
        // 2 被困 reported reach ② "造成3人以下涉险、被困、失联的事故", as 2 dead reach R 5.3.3(1): cited, though 涉险 is not reported.
        var a = Assess(new IncidentInput
        {
            PlanId = "construction", OccurredAt = OccurredAt,
            Figures = new ReportedFigures { [Figure.Deaths] = 0, [Figure.Missing] = 0, [Figure.SeriousInjuries] = 0, [Figure.DirectLossWan] = 0, [Figure.Trapped] = 2 },
        });

        a.Response.Because.Select(r => r.Clause).Should().Contain("4.3.1(1)②");
    }

    [Fact]
    public void Construction_NothingReported_TheLevelIsTheLowest_AndItsGroundsSaySo()
    {
        // Nothing reported: the grade is 暂时无法判明 (4.1(二)), so ① "发生一般事故" is not met, nor ② over counts nobody gave. Ⅲ is the
        // plan's lowest level (4.3 分为Ⅲ级、Ⅱ级、Ⅰ级): its bands are still cited, each marked as not met.
        var a = Assess(new IncidentInput { PlanId = "construction", OccurredAt = OccurredAt });

        a.Grade!.Unjudged.Should().BeTrue();
        a.Response.Level.Should().Be(ResponseLevel.III);
        a.Response.LowestOnly.Should().BeTrue();
        var card = EmergencyPlans.Core.Contract.AssessmentContract.ToResponse(a, false);
        card.Response.Because.Should().NotBeEmpty().And.OnlyContain(b => b.Note == EmergencyPlans.Core.Contract.AssessmentContract.LowestOnlyNote);
    }

    [Fact]
    public void Road_NoDeathsReported_MissingUnknown_TheLowestLevelsNoteDoesNotSayNothingWasReported()
    {
        // R 5.3.3(1) "发生道路交通事故,造成3人以下失联、死亡" sums 失联 and 死亡: 死亡 0 reported, 失联 unknown, the band is not reached (ADR 0003),
        // and the note said 相关数字均未报 though 死亡 0 was (a duty officer's review, session 54).
        var a = Assess(new IncidentInput { PlanId = "road-traffic", OccurredAt = OccurredAt, Figures = new ReportedFigures { [Figure.Deaths] = 0 } });

        a.Response.LowestOnly.Should().BeTrue();
        var card = EmergencyPlans.Core.Contract.AssessmentContract.ToResponse(a, false);
        card.Response.Because.Should().NotBeEmpty().And.OnlyContain(b => b.Note == "相关数字未报全，仅为本预案的最低响应级别，并非已满足此条件");
    }

    [Fact]
    public void Road_NothingReported_CitesNoBandAsMet_AndTheGradeIsNotYetJudged()
    {
        // With no figure reported, "1.5(4) 造成3人以下死亡", "10人以下重伤", "1000万元以下直接经济损失" are unknown, not met: citing them
        // as the grade's grounds said the office knew fewer than 3 had died. R 5.1.1 "较大以上或暂时无法判明等级的道路交通安全突发事件……
        // 30分钟内……电话报告": the grade is 暂时无法判明, reported like 较大. The lower bound stays 一般 for machines (DOMAIN R3).
        var a = Assess(new IncidentInput { PlanId = "road-traffic", OccurredAt = OccurredAt, Figures = ReportedFigures.None });

        a.Grade!.Because.Should().BeEmpty();
        a.Grade.Unjudged.Should().BeTrue();
        a.Grade.Value.Should().Be(Grade.Ordinary);
        a.Grade.Determined.Should().BeFalse();
        a.Grade.ForReporting.Should().Be(Grade.RelativelySerious);
        // The response still cites its band: every road accident reaches at least Ⅲ (5.3.3(1), ADR 0003).
        a.Response.Because.Should().NotBeEmpty();
    }

    [Fact]
    public void Construction_NoFiguresGiven_CardLabelsTheGrade暂时无法判明_AndCitesNoUnknownBand()
    {
        // C 4.1(二) "较大以上或暂时无法判明等级的建设工程事故,各级各部门须在事发后30分钟以内向市委、市政府电话报告有关情况": what the API said
        // for {"figures":{}} was the grade 一般 because "造成3人以下死亡", "10人以下重伤", "1000万元以下直接经济损失", all three unknown.
        var card = EmergencyPlans.Core.Contract.AssessmentContract.ToResponse(
            Assess(new IncidentInput { PlanId = "construction", OccurredAt = OccurredAt, Figures = ReportedFigures.None }));

        card.Grade!.Label.Should().Be("暂时无法判明");
        card.Grade.Value.Should().Be("ordinary");
        card.Grade.Determined.Should().BeFalse();
        card.Grade.ForReporting.Should().Be("relatively-serious");
        card.Grade.Because.Should().BeEmpty();
    }

    [Fact]
    public void Road_OnlyDeathsReported_CitesTheDeathsBandAlone()
    {
        // 2 dead known, injuries and loss unknown: "造成3人以下死亡" is met (1.5(4)); the other two bands are unknown, not met.
        var a = Assess(new IncidentInput { PlanId = "road-traffic", OccurredAt = OccurredAt, Figures = new ReportedFigures { [Figure.Deaths] = 2 } });

        a.Grade!.Because.Select(r => r.Words).Should().Equal("造成3人以下死亡");
        a.Grade.Unjudged.Should().BeFalse();
    }

    [Fact]
    public void Road_MissingUnknown_ResponseUndeterminedEvenWithGradeKnown()
    {
        // 2 deaths, serious injuries 0, loss 0: grade at least 一般 (deaths only), not settled while 失联 is unknown: missing people
        // may be dead (DOMAIN R3). And 5.3.2(1) counts "失联、死亡": one missing person would make it Ⅱ, so the response is not determined.
        var a = Assess(new IncidentInput
        {
            PlanId = "road-traffic",
            OccurredAt = OccurredAt,
            Figures = new ReportedFigures
            {
                [Figure.Deaths] = 2,
                [Figure.SeriousInjuries] = 0,
                [Figure.DirectLossWan] = 0,
                [Figure.Missing] = null,
            },
        });

        a.Grade!.Value.Should().Be(Grade.Ordinary);
        a.Grade.Determined.Should().BeFalse();
        a.Grade.ForReporting.Should().Be(Grade.RelativelySerious, "暂时无法判明等级 is reported like 较大以上 (5.1.1)");
        a.Response.Level.Should().Be(ResponseLevel.III);
        a.Response.Determined.Should().BeFalse();
        a.UnknownsThatCouldRaise.Should().HaveFlag(InputField.Missing);
    }

    [Fact]
    public void Natural_AllFiguresUnknown_NoLevelYetButUndetermined()
    {
        // Nothing known: no 5.4.1 criterion is met yet, but any of them still could be.
        var a = Assess(new IncidentInput { PlanId = "natural-disaster", OccurredAt = OccurredAt });

        a.Response.Level.Should().BeNull();
        a.Response.Determined.Should().BeFalse();
        a.Response.UpTo.Should().Be(ResponseLevel.I);
    }

    // ---- Hints: the nearest threshold the text sets ----

    [Theory]
    [InlineData("construction")]
    [InlineData("road-traffic")]
    public void Hint_TwoDeaths_OneMoreDeathReachesRelativelySerious(string plan)
    {
        // 1.5(3) / 条例第三条(三) "造成3人以上10人以下死亡": 2 known deaths, everything else known and low → 1 more.
        var a = Assess(new IncidentInput
        {
            PlanId = plan,
            OccurredAt = OccurredAt,
            Figures = new ReportedFigures
            {
                [Figure.Deaths] = 2,
                [Figure.SeriousInjuries] = 0,
                [Figure.DirectLossWan] = 0,
                [Figure.Missing] = 0,
                [Figure.Trapped] = 0,
                [Figure.Endangered] = 0,
                [Figure.Injured] = 0,
            },
        });

        a.Grade!.Value.Should().Be(Grade.Ordinary);
        var hint = a.Hints.Should().ContainSingle(h => h.Table == HintTable.Grade && h.Rule.Figures.Contains(Figure.Deaths)).Subject;
        hint.Rule.GradeOutcome.Should().Be(Grade.RelativelySerious);
        hint.Current.Should().Be(2);
        hint.Needed.Should().Be(1);
    }

    [Theory]
    [InlineData(9, 1, Grade.Serious, 1)]
    [InlineData(8, 3, Grade.Serious, 2)]
    [InlineData(2, 1, Grade.RelativelySerious, 1)]
    public void Hint_Construction_WithPeopleMissing_TheNextGradeUpIsStillNamed(int deaths, int missing, Grade next, int needed)
    {
        // 1.5 附件1 (条例第三条(二)) 重大 "造成10人以上30人以下死亡": at 9 dead and 1 missing (失联, possibly dead: DOMAIN R3) the 重大
        // band is possible, not reached, and one more confirmed death reaches it, with its 30-minute direct report (4.1(二)). The
        // hint named only 特别重大 (21 more) while someone was missing, hiding the band whose duties start at the next death.
        var a = Assess(new IncidentInput
        {
            PlanId = "construction",
            OccurredAt = OccurredAt,
            Figures = new ReportedFigures
            {
                [Figure.Deaths] = deaths,
                [Figure.Missing] = missing,
                [Figure.SeriousInjuries] = 0,
                [Figure.DirectLossWan] = 0,
                [Figure.Trapped] = 0,
                [Figure.Endangered] = 0,
            },
        });

        var hint = a.Hints.Should().ContainSingle(h => h.Table == HintTable.Grade && h.Rule.Figures.Contains(Figure.Deaths)).Subject;
        hint.Rule.GradeOutcome.Should().Be(next);
        hint.Current.Should().Be(deaths);
        hint.Needed.Should().Be(needed);
    }

    [Fact]
    public void Hint_Construction_DeathsUnknown_NamesNoDistanceInDeaths()
    {
        // With the deaths themselves unknown there is no count to add to: no "死亡再增加…" hint is made up from zero.
        var a = Assess(new IncidentInput
        {
            PlanId = "construction",
            OccurredAt = OccurredAt,
            Figures = new ReportedFigures { [Figure.Missing] = 1, [Figure.SeriousInjuries] = 0, [Figure.DirectLossWan] = 0 },
        });

        a.Hints.Should().NotContain(h => h.Table == HintTable.Grade && h.Rule.Figures.Contains(Figure.Deaths));
    }

    [Fact]
    public void Hint_Road_TwoDeadOrMissing_OneMoreReachesLevelII()
    {
        // 5.3.2(1) "造成3人以上10人以下失联、死亡": 1 dead + 1 missing → 1 more for Ⅱ.
        var a = Assess(new IncidentInput
        {
            PlanId = "road-traffic",
            OccurredAt = OccurredAt,
            Figures = new ReportedFigures
            {
                [Figure.Deaths] = 1,
                [Figure.Missing] = 1,
                [Figure.SeriousInjuries] = 0,
                [Figure.DirectLossWan] = 0,
                [Figure.Injured] = 0,
            },
        });

        a.Response.Level.Should().Be(ResponseLevel.III);
        var hint = a.Hints.Should().ContainSingle(h =>
            h.Table == HintTable.Response && h.Rule.LevelOutcome == ResponseLevel.II
            && h.Rule.Figures.Contains(Figure.Deaths) && h.Rule.Figures.Contains(Figure.Missing)).Subject;
        hint.Current.Should().Be(2);
        hint.Needed.Should().Be(1);
    }

    [Fact]
    public void Hint_Loss_999Point99_NeedsOneFenToReachRelativelySerious()
    {
        // 1.5(3) "1000万元以上": 999.99 万元 known → 0.01 万元 more.
        var a = Assess(new IncidentInput
        {
            PlanId = "road-traffic",
            OccurredAt = OccurredAt,
            Figures = new ReportedFigures
            {
                [Figure.Deaths] = 0,
                [Figure.Missing] = 0,
                [Figure.SeriousInjuries] = 0,
                [Figure.DirectLossWan] = 999.99m,
            },
        });

        var hint = a.Hints.Should().ContainSingle(h => h.Table == HintTable.Grade && h.Rule.Figures.Contains(Figure.DirectLossWan)).Subject;
        hint.Rule.GradeOutcome.Should().Be(Grade.RelativelySerious);
        hint.Needed.Should().Be(0.01m);
    }

    [Fact]
    public void Hint_Natural_FourDeadOrMissing_OneMoreStartsLevelIV()
    {
        // 5.4.1(1) "死亡和失踪5人以上10人以下": 4 → 1 more starts a city-level Ⅳ response.
        var a = Assess(new IncidentInput
        {
            PlanId = "natural-disaster",
            OccurredAt = OccurredAt,
            Figures = new ReportedFigures
            {
                [Figure.Deaths] = 3,
                [Figure.Missing] = 1,
                [Figure.Relocated] = 0,
                [Figure.CollapsedRooms] = 0,
                [Figure.CollapsedHouseholds] = 0,
                [Figure.DroughtAidPeople] = 0,
            },
        });

        a.Response.Level.Should().BeNull();
        var hint = a.Hints.Should().ContainSingle(h => h.Table == HintTable.Response && h.Rule.Figures.Contains(Figure.Deaths)).Subject;
        hint.Rule.LevelOutcome.Should().Be(ResponseLevel.IV);
        hint.Needed.Should().Be(1);
    }
}
