using System.Globalization;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Tests.Support;
using AssessmentResult = EmergencyPlans.Core.Assessment.Assessment;

namespace EmergencyPlans.Core.Tests.Assessment;

/// <summary>
/// 晋城市建设工程事故应急预案 (晋市政办〔2025〕15号), written by hand from the plan text.
/// Grade: 1.5 points to 附件1 (山西省城乡建设事故分级标准), not published in the gazette; DOMAIN.md §2 reads it with the
/// 生产安全事故报告和调查处理条例 第三条 table (造成30人以上死亡 / 10人以上30人以下 / 3人以上10人以下 / 3人以下 …).
/// Response: 4.3.1–4.3.3. "以上"含本数, "以下"不含本数 (8.1).
/// </summary>
public class ConstructionRulesTests
{
    private const string Plan = "construction";
    private static readonly DateTimeOffset OccurredAt = new(2026, 3, 1, 8, 0, 0, TimeSpan.FromHours(8));

    /// <summary>Every figure the construction plan reads is known; the defaults are zero. <see cref="GradeTableTests"/> grades with it too.</summary>
    internal static IncidentInput Known(
        long deaths = 0, long seriousInjuries = 0, decimal lossWan = 0, long endangered = 0, long trapped = 0, long missing = 0,
        JudgementInput? judgements = null) => new()
        {
            PlanId = Plan,
            OccurredAt = OccurredAt,
            Figures = new ReportedFigures
            {
                [Figure.Deaths] = deaths,
                [Figure.SeriousInjuries] = seriousInjuries,
                [Figure.DirectLossWan] = lossWan,
                [Figure.Endangered] = endangered,
                [Figure.Trapped] = trapped,
                [Figure.Missing] = missing,
            },
            Judgements = judgements ?? JudgementInput.None,
        };

    private static AssessmentResult Assess(IncidentInput input) => Repository.Engine.Assess(input);

    // ---- Grade (1.5 → 附件1, read with 条例第三条) ----
    // Deaths, serious injuries and direct loss on both sides of every threshold: GradeTableTests, shared with the road plan's 1.5.

    [Fact]
    public void Grade_CriteriaJoinedByOr_MostSevereCriterionWins()
    {
        // R2: "造成3人以上10人以下死亡，或者…" — 3 deaths (较大) with 50 serious injuries ("50人以上100人以下重伤", 重大) is 重大.
        var a = Assess(Known(deaths: 3, seriousInjuries: 50));

        a.Grade!.Value.Should().Be(Grade.Serious);
        a.Grade.Because.Should().OnlyContain(r => r.Clause.Contains("条例第三条(二)"));
    }

    // ---- 4.1(二) "较大以上或暂时无法判明等级的建设工程事故……30分钟以内……电话报告": missing people may be dead (DOMAIN R3) ----

    [Theory]
    // deaths, missing → the grade settled?, up to, and whether the 30-minute phone report is owed
    [InlineData(2, 1, false, Grade.RelativelySerious, true)] // 2 + 1 = 3: "造成3人以上10人以下死亡" is possible
    [InlineData(0, 6, false, Grade.RelativelySerious, true)]
    [InlineData(0, 2, true, Grade.Ordinary, false)] // even both dead: "3人以下死亡", a settled 一般 reported within 1 hour
    [InlineData(2, 0, true, Grade.Ordinary, false)]
    [InlineData(25, 5, false, Grade.EspeciallySerious, true)] // 30: "造成30人以上死亡" is possible
    [InlineData(30, 4, true, Grade.EspeciallySerious, true)] // already the top grade: nothing can raise it
    public void Grade_MissingPeopleMayBeDead_TheGradeIsUnsettledWhileTheyCouldReachTheNextBand(
        long deaths, long missing, bool determined, Grade upTo, bool phoneReport)
    {
        var a = Assess(Known(deaths: deaths, missing: missing));

        a.Grade!.Determined.Should().Be(determined);
        a.Grade.UpTo.Should().Be(upTo);
        a.Obligations.Any(o => o.Rule.Code == "phone-report-to-city" && o.DueAt == OccurredAt.AddMinutes(30)).Should().Be(phoneReport);
    }

    [Fact]
    public void Grade_MissingCountUnknown_OneDeathIsNotASettledOrdinary()
    {
        // 首报要素 lists "失联人数"; until it is reported, any number of the people unaccounted for may be dead: 暂时无法判明等级, reported like
        // 较大以上 (4.1(二)), and the missing count is named as what could raise it.
        var a = Assess(new IncidentInput
        {
            PlanId = Plan,
            OccurredAt = OccurredAt,
            Figures = new ReportedFigures
            {
                [Figure.Deaths] = 1, [Figure.SeriousInjuries] = 0, [Figure.DirectLossWan] = 0, [Figure.Endangered] = 0, [Figure.Trapped] = 0,
            },
        });

        a.Grade!.Value.Should().Be(Grade.Ordinary);
        a.Grade.Determined.Should().BeFalse();
        a.Grade.ForReporting.Should().Be(Grade.RelativelySerious);
        a.UnknownsThatCouldRaise.Should().HaveFlag(InputField.Missing);
    }

    [Fact]
    public void Grade_Table_IsLabelledWithTheRegulationItWasReadFrom()
    {
        // 1.5 "分级标准详见附件1" — the attachment is not in the gazette; DOMAIN.md §2: label the provenance.
        var a = Assess(Known());

        a.Plan.Grade!.Provenance.Should().Contain("生产安全事故报告和调查处理条例");

        // Shown on every card (grade.provenance): for the duty officer, so in Chinese, as every plan's is.
        foreach (var plan in Repository.Engine.Catalog.Plans.Where(p => p.Grade is not null))
        {
            plan.Grade!.Provenance.Should().NotMatchRegex("[A-Za-z]{3,}", $"{plan.Id}'s grade provenance is read by the duty officer");
        }
    }

    // ---- Response: 涉险、被困、失联 (4.3.1(1)② / 4.3.2(1)② / 4.3.3(1)②) ----

    [Theory]
    // 4.3.1(1)② "造成3人以下涉险、被困、失联的事故" → Ⅲ
    [InlineData(0, 0, 0, ResponseLevel.III)]
    [InlineData(2, 0, 0, ResponseLevel.III)]
    [InlineData(0, 2, 0, ResponseLevel.III)]
    [InlineData(0, 0, 2, ResponseLevel.III)]
    [InlineData(1, 1, 0, ResponseLevel.III)]
    [InlineData(0, 1, 1, ResponseLevel.III)]
    // 4.3.2(1)② "造成3人以上10人以下涉险、被困、失联的事故" → Ⅱ
    [InlineData(3, 0, 0, ResponseLevel.II)]
    [InlineData(0, 3, 0, ResponseLevel.II)]
    [InlineData(0, 0, 3, ResponseLevel.II)]
    [InlineData(1, 1, 1, ResponseLevel.II)]
    [InlineData(9, 0, 0, ResponseLevel.II)]
    [InlineData(3, 3, 3, ResponseLevel.II)]
    // 4.3.3(1)② "造成10人以上涉险、被困、失联的事故" → Ⅰ
    [InlineData(10, 0, 0, ResponseLevel.I)]
    [InlineData(0, 0, 10, ResponseLevel.I)]
    [InlineData(4, 3, 3, ResponseLevel.I)]
    public void Response_EndangeredTrappedMissingSummed_BothSidesOfEveryThreshold(long endangered, long trapped, long missing, ResponseLevel expected)
    {
        var a = Assess(Known(endangered: endangered, trapped: trapped, missing: missing));

        a.Grade!.Value.Should().Be(Grade.Ordinary);
        a.Response.Level.Should().Be(expected);
        a.Response.Determined.Should().BeTrue();
    }

    [Fact]
    public void Response_OneEndangeredOneTrappedOneMissing_IsLevelII()
    {
        // 4.3.2(1)② "造成3人以上10人以下涉险、被困、失联": 1 + 1 + 1 = 3 people, a disjoint count added up.
        var a = Assess(Known(endangered: 1, trapped: 1, missing: 1));

        a.Response.Level.Should().Be(ResponseLevel.II);
        a.Response.Because.Should().Contain(r => r.Clause.StartsWith("4.3.2(1)②") && r.Words.Contains("涉险、被困、失联"));
    }

    [Fact]
    public void Response_DeathsAreNotEndangeredTrappedOrMissing_TwoDeadOneMissingIsLevelIII()
    {
        // 4.3.1(1)② counts "涉险、被困、失联" — deaths are graded by 1.5 (2 deaths: 一般 → 4.3.1(1)① "发生一般事故").
        // Contrast the road plan, whose response counts "失联、死亡" together.
        var a = Assess(Known(deaths: 2, missing: 1));

        a.Grade!.Value.Should().Be(Grade.Ordinary);
        a.Response.Level.Should().Be(ResponseLevel.III);
    }

    // ---- Response: from the grade (4.3.x(1)①) ----

    [Theory]
    // 4.3.1(1)① "发生一般事故" → Ⅲ
    [InlineData(2, 0, "0", ResponseLevel.III)]
    // 4.3.2(1)① "发生较大事故" → Ⅱ
    [InlineData(3, 0, "0", ResponseLevel.II)]
    [InlineData(0, 10, "0", ResponseLevel.II)]
    [InlineData(0, 0, "1000", ResponseLevel.II)]
    // 4.3.3(1)① "发生重大和特别重大事故" → Ⅰ
    [InlineData(10, 0, "0", ResponseLevel.I)]
    [InlineData(30, 0, "0", ResponseLevel.I)]
    [InlineData(0, 50, "0", ResponseLevel.I)]
    [InlineData(0, 0, "5000", ResponseLevel.I)]
    [InlineData(0, 0, "10000", ResponseLevel.I)]
    public void Response_FromGrade_OrdinaryIII_RelativelySeriousII_SeriousAndAboveI(long deaths, long seriousInjuries, string lossWan, ResponseLevel expected)
    {
        var a = Assess(Known(deaths: deaths, seriousInjuries: seriousInjuries, lossWan: decimal.Parse(lossWan, CultureInfo.InvariantCulture)));

        a.Response.Level.Should().Be(expected);
        a.Response.Determined.Should().BeTrue();
    }

    [Fact]
    public void Response_RelativelySeriousAccident_CitesClause4_3_2_1_1()
    {
        // R5: the result cites "4.3.2(1)① 发生较大事故".
        var a = Assess(Known(deaths: 3));

        a.Response.Because.Should().Contain(r => r.Clause.StartsWith("4.3.2(1)①"));
    }

    // ---- Response: judgements (R6) ----

    [Fact]
    public void Response_CountyCanHandle_IsLevelIII()
    {
        // 4.3.1(1)③ "依靠事发地县(市、区)人民政府可以应对处置的建设工程事故"
        var a = Assess(Known(judgements: new JudgementInput { CountyCanHandle = true }));

        a.Response.Level.Should().Be(ResponseLevel.III);
    }

    [Fact]
    public void Response_ExceedsCountyCapacity_IsLevelII()
    {
        // 4.3.2(1)③ "超出事发地县(市、区)人民政府处置能力的建设工程事故"
        var a = Assess(Known(judgements: new JudgementInput { ExceedsCountyCapacity = true }));

        a.Response.Level.Should().Be(ResponseLevel.II);
        a.Response.Because.Should().Contain(r => r.Clause.StartsWith("4.3.2(1)③"));
    }

    [Fact]
    public void Response_ExceedsCityCapacity_IsLevelI()
    {
        // 4.3.3(1)③ "超出市级人民政府应急处置能力的事故"
        var a = Assess(Known(judgements: new JudgementInput { ExceedsCityCapacity = true }));

        a.Response.Level.Should().Be(ResponseLevel.I);
        a.Response.Because.Should().Contain(r => r.Clause.StartsWith("4.3.3(1)③"));
    }

    [Theory]
    // 4.3.1(1)④ "市指挥部认为应当启动Ⅲ级响应的其他情形"; 4.3.2(1)④ / 4.3.3(1)④ "指挥部认为应当启动…级响应的其他情形"
    [InlineData(ResponseLevel.III)]
    [InlineData(ResponseLevel.II)]
    [InlineData(ResponseLevel.I)]
    public void Response_HeadquartersDecides_IsThatLevel(ResponseLevel decided)
    {
        var a = Assess(Known(judgements: new JudgementInput { HeadquartersLevel = decided, DecidedBy = "市指挥部", Reason = "test" }));

        a.Response.Level.Should().Be(decided);
    }

    [Fact]
    public void Response_LargeSocialImpact_IsOnlyASuggestionAndDoesNotRaiseTheLevel()
    {
        // 4.4 "或造成较大社会影响，其应急响应等级视情适当提高" — 视情: a human decides (R6); the flag alone raises nothing.
        var a = Assess(Known(judgements: new JudgementInput { LargeSocialImpact = true }));

        a.Response.Level.Should().Be(ResponseLevel.III);
    }

    // ---- Who activates (4.3.x(2)) ----

    [Fact]
    public void Authority_LevelI_CommanderOnly()
    {
        // 4.3.3(2) "由市指挥部指挥长立即启动 I 级响应"
        var a = Assess(Known(deaths: 10));

        a.Response.Level.Should().Be(ResponseLevel.I);
        a.Response.Authority!.ActivatedBy.Should().BeEquivalentTo(["commander"]);
    }

    [Fact]
    public void Authority_LevelII_CommanderOrDelegatedDeputyCommander()
    {
        // 4.3.2(2) "由市指挥部指挥长或委托副指挥长立即启动Ⅱ级响应"
        var a = Assess(Known(deaths: 3));

        a.Response.Level.Should().Be(ResponseLevel.II);
        a.Response.Authority!.ActivatedBy.Should().BeEquivalentTo(["commander", "deputy-commander"]);
        a.Response.Authority.DelegationRequired.Should().BeEquivalentTo(["deputy-commander"]);
    }

    [Fact]
    public void Authority_LevelIII_OfficeDirector()
    {
        // 4.3.1(2) "由市指挥部办公室主任宣布启动Ⅲ级响应，并报告市指挥部有关领导"
        var a = Assess(Known());

        a.Response.Level.Should().Be(ResponseLevel.III);
        a.Response.Authority!.ActivatedBy.Should().BeEquivalentTo(["office-director"]);
    }

    // ---- Work groups (2.2; on-site HQ at Ⅱ 4.3.2(3)① and Ⅰ 4.3.3(3)②) ----

    private static readonly string[] EightGroups =
        ["综合协调组", "事故抢险组", "安全保卫组", "医学救援组", "后勤保障组", "宣传报道组", "善后处置组", "技术专家组"];

    [Theory]
    // 2.2 "现场指挥部下设综合协调组、事故抢险组、安全保卫组、医学救援组、后勤保障组、宣传报道组、善后处置组和技术专家组8个应急工作组"
    [InlineData(3)]   // Ⅱ: 4.3.2(3)① "市指挥部指挥长、副指挥长赶赴现场或成立现场指挥部"
    [InlineData(10)]  // Ⅰ: 4.3.3(3) "在 II 级响应措施的基础上" ② "加强现场指挥部力量"
    public void WorkGroups_AtLevelIIAndI_TheEightGroupsOf2_2(long deaths)
    {
        var a = Assess(Known(deaths: deaths));

        a.WorkGroups.Select(g => g.Group.Name).Should().BeEquivalentTo(EightGroups);
    }

    [Fact]
    public void WorkGroups_AtLevelIII_None()
    {
        // 4.3.1(3): Ⅲ measures are the office's ("密切关注…视情况派人员协调指导") — no on-site HQ, no groups.
        var a = Assess(Known());

        a.Response.Level.Should().Be(ResponseLevel.III);
        a.WorkGroups.Should().BeEmpty();
    }

    // ---- Unknown figures (R3) ----

    [Fact]
    public void Response_TrappedUnknown_AtLeastLevelIIIButUndetermined()
    {
        // 4.3.2(1)② "3人以上…涉险、被困、失联": 2 endangered known, trapped unknown — could still reach Ⅱ or Ⅰ.
        var a = Assess(new IncidentInput
        {
            PlanId = Plan,
            OccurredAt = OccurredAt,
            Figures = new ReportedFigures
            {
                [Figure.Deaths] = 0,
                [Figure.SeriousInjuries] = 0,
                [Figure.DirectLossWan] = 0,
                [Figure.Endangered] = 2,
                [Figure.Missing] = 0,
                [Figure.Trapped] = null,
            },
        });

        a.Response.Level.Should().Be(ResponseLevel.III);
        a.Response.Determined.Should().BeFalse();
        a.Response.UpTo.Should().Be(ResponseLevel.I);
        a.UnknownsThatCouldRaise.Should().HaveFlag(InputField.Trapped);
    }

    // ---- Version in force (8.4 "本预案自发布之日起实施"; issued 2025年7月10日) ----

    [Fact]
    public void Plan_InForceFromItsIssueDate()
    {
        var plan = Repository.Engine.Resolve(Plan, new DateTimeOffset(2025, 7, 10, 0, 0, 0, TimeSpan.FromHours(8)));

        plan.Metadata.DocumentNumber.Should().Be("晋市政办〔2025〕15号");
        var before = () => Repository.Engine.Resolve(Plan, new DateTimeOffset(2025, 7, 9, 23, 59, 59, TimeSpan.FromHours(8)));
        before.Should().Throw<PlanNotInForceException>("the replaced 晋市政办〔2021〕48号 is not encoded");
    }

    [Fact]
    public void Classify_AgreesWithAssess()
    {
        var input = Known(deaths: 4, trapped: 12);

        var c = Repository.Engine.Classify(input);
        var a = Assess(input);

        c.Grade.Should().Be(a.Grade!.Value);
        c.Level.Should().Be(a.Response.Level);
        c.Grade.Should().Be(Grade.RelativelySerious);
        c.Level.Should().Be(ResponseLevel.I);
    }
}
