using System.Globalization;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Plans;
using EmergencyPlans.Core.Tests.Support;
using AssessmentResult = EmergencyPlans.Core.Assessment.Assessment;

namespace EmergencyPlans.Core.Tests.Assessment;

/// <summary>
/// 晋城市道路交通安全应急预案 (晋市政办〔2025〕18号), written by hand from the plan text:
/// grade 1.5, response 5.3.1–5.3.3, work groups 2.4. "以上"含本数, "以下"不含本数 (8.4).
/// </summary>
public class RoadTrafficRulesTests
{
    private const string Plan = "road-traffic";
    private static readonly DateTimeOffset OccurredAt = new(2026, 3, 1, 8, 0, 0, TimeSpan.FromHours(8));

    /// <summary>Every figure the road plan reads is known; defaults are zero, no hazardous goods. <see cref="GradeTableTests"/> grades with it too.</summary>
    internal static IncidentInput Known(
        long deaths = 0, long missing = 0, long seriousInjuries = 0, decimal lossWan = 0,
        bool hazmat = false, Pollution? pollution = null, string[]? counties = null, JudgementInput? judgements = null, bool? weather = false) => new()
        {
            PlanId = Plan,
            OccurredAt = OccurredAt,
            Figures = new ReportedFigures
            {
                [Figure.Deaths] = deaths,
                [Figure.Missing] = missing,
                [Figure.SeriousInjuries] = seriousInjuries,
                [Figure.DirectLossWan] = lossWan,
                [Figure.Injured] = seriousInjuries,
                [Fact.HazmatRelease] = hazmat,
                Pollution = pollution ?? (hazmat ? Pollution.None : null),
                DisruptedCounties = counties ?? [],
                [Fact.WeatherOrNaturalDisaster] = weather,
            },
            Judgements = judgements ?? JudgementInput.None,
        };

    private static AssessmentResult Assess(IncidentInput input) => Repository.Engine.Assess(input);

    // ---- Grade (1.5) ----
    // Deaths, serious injuries and direct loss on both sides of every threshold: GradeTableTests, shared with the construction plan.

    [Fact]
    public void Grade_MissingPeopleAreNotDeaths_GradeCountsDeathsOnly_ButCannotBeSettledWhileTheyMayBeDead()
    {
        // 1.5(3) "造成3人以上10人以下死亡" — 死亡 only; 失联 is not in the grade table, so the grade is at least 一般, not 较大. But five
        // missing people may be dead (DOMAIN R3): the grade cannot be settled yet, and 5.1.1 "较大以上或暂时无法判明等级的……30分钟内……电话报告"
        // owes the phone report.
        var a = Assess(Known(deaths: 0, missing: 5));

        a.Grade!.Value.Should().Be(Grade.Ordinary);
        a.Grade.Determined.Should().BeFalse();
        a.Grade.UpTo.Should().Be(Grade.RelativelySerious);
        a.Grade.ForReporting.Should().Be(Grade.RelativelySerious);
        a.Obligations.Select(o => o.Rule.Code).Should().Contain("phone-report-to-city");
    }

    [Fact]
    public void Grade_TwoMissingWithNoDeaths_CannotReachThree_IsASettledOrdinary()
    {
        // 1.5(4) "造成3人以下死亡": even if both missing people were dead, 2 < 3. The grade is 一般 and settled; 5.1.1 "发生一般等级的……1小时内
        // 向市委、市政府报告", no 30-minute phone report.
        var a = Assess(Known(deaths: 0, missing: 2));

        a.Grade!.Value.Should().Be(Grade.Ordinary);
        a.Grade.Determined.Should().BeTrue();
        a.Obligations.Select(o => o.Rule.Code).Should().Contain("report-to-city").And.NotContain("phone-report-to-city");
    }

    [Fact]
    public void Grade_EightDeadThreeMissing_ARelativelySeriousThatMayBeSerious_TheSeriousDutiesWaitForTheDeaths()
    {
        // 1.5(3) 8 deaths → 较大; with the 3 missing, 11 could be 1.5(2) "造成10人以上30人以下死亡" → 重大: undetermined, up to 重大. The grade stays
        // 较大 for the duties tied to "重大及以上……发生后" (direct report to the duty room above, 4-hourly 续报) until deaths reach 10 (ADR 0003 #32).
        var a = Assess(Known(deaths: 8, missing: 3));

        a.Grade!.Value.Should().Be(Grade.RelativelySerious);
        a.Grade.Determined.Should().BeFalse();
        a.Grade.UpTo.Should().Be(Grade.Serious);
        a.Obligations.Select(o => o.Rule.Code).Should().Contain("phone-report-to-city").And.NotContain("direct-report-to-superior-duty-room");
        a.UnknownsThatCouldRaise.Should().HaveFlag(InputField.Missing, "the missing people are what could raise it");
    }

    // ---- Response 5.3.x(1): ordinary road accident ----

    [Theory]
    // 5.3.3(1) "造成3人以下失联、死亡" → Ⅲ
    [InlineData(0, 0, ResponseLevel.III)]
    [InlineData(2, 0, ResponseLevel.III)]
    [InlineData(0, 2, ResponseLevel.III)]
    [InlineData(1, 1, ResponseLevel.III)]
    // 5.3.2(1) "造成3人以上10人以下失联、死亡" → Ⅱ
    [InlineData(3, 0, ResponseLevel.II)]
    [InlineData(0, 3, ResponseLevel.II)]
    [InlineData(2, 1, ResponseLevel.II)]
    [InlineData(9, 0, ResponseLevel.II)]
    [InlineData(5, 4, ResponseLevel.II)]
    // 5.3.1(1) "造成10人以上失联、死亡" → Ⅰ
    [InlineData(10, 0, ResponseLevel.I)]
    [InlineData(0, 10, ResponseLevel.I)]
    [InlineData(6, 4, ResponseLevel.I)]
    public void Response_DeadPlusMissing_BothSidesOfEveryThreshold(long deaths, long missing, ResponseLevel expected)
    {
        var a = Assess(Known(deaths: deaths, missing: missing));

        a.Response.Level.Should().Be(expected);
        a.Response.Determined.Should().BeTrue();
    }

    [Theory]
    // 5.3.3(1) "10人以下重伤" Ⅲ; 5.3.2(1) "10人以上50人以下重伤" Ⅱ; 5.3.1(1) "50人以上重伤" Ⅰ
    [InlineData(9, ResponseLevel.III)]
    [InlineData(10, ResponseLevel.II)]
    [InlineData(49, ResponseLevel.II)]
    [InlineData(50, ResponseLevel.I)]
    public void Response_SeriousInjuries_BothSidesOfEveryThreshold(long seriousInjuries, ResponseLevel expected)
    {
        var a = Assess(Known(seriousInjuries: seriousInjuries));

        a.Response.Level.Should().Be(expected);
        a.Response.Determined.Should().BeTrue();
    }

    [Theory]
    // 5.3.3(1) "1000万元以下" Ⅲ; 5.3.2(1) "1000万元以上5000万元以下" Ⅱ; 5.3.1(1) "5000万元以上直接经济损失" Ⅰ
    [InlineData("999.99", ResponseLevel.III)]
    [InlineData("1000", ResponseLevel.II)]
    [InlineData("4999.99", ResponseLevel.II)]
    [InlineData("5000", ResponseLevel.I)]
    public void Response_DirectLossWan_BothSidesOfEveryThreshold(string lossWan, ResponseLevel expected)
    {
        var a = Assess(Known(lossWan: decimal.Parse(lossWan, CultureInfo.InvariantCulture)));

        a.Response.Level.Should().Be(expected);
        a.Response.Determined.Should().BeTrue();
    }

    [Fact]
    public void Response_ThreeDeadOrMissing_CitesClause5_3_2_1()
    {
        // R5: "5.3.2(1) …造成3人以上10人以下失联、死亡"
        var a = Assess(Known(deaths: 1, missing: 2));

        a.Response.Because.Should().Contain(r => r.Clause.StartsWith("5.3.2(1)") && r.Words.Contains("3人以上10人以下失联、死亡"));
    }

    // ---- Response 5.3.x(2): 易燃易爆物品、危险化学品运输车辆发生泄漏、火灾、爆炸、燃烧 ----

    [Theory]
    // 5.3.3(2) "造成3人以下失联、死亡" Ⅲ; 5.3.2(2) "造成3人以上5人以下失联、死亡" Ⅱ; 5.3.1(2) "造成5人以上失联、死亡" Ⅰ
    [InlineData(2, 0, ResponseLevel.III)]
    [InlineData(3, 0, ResponseLevel.II)]
    [InlineData(1, 2, ResponseLevel.II)]
    [InlineData(4, 0, ResponseLevel.II)]
    [InlineData(5, 0, ResponseLevel.I)]
    [InlineData(3, 2, ResponseLevel.I)]
    [InlineData(0, 5, ResponseLevel.I)]
    public void Response_Hazmat_DeadPlusMissing_BothSidesOfEveryThreshold(long deaths, long missing, ResponseLevel expected)
    {
        var a = Assess(Known(deaths: deaths, missing: missing, hazmat: true));

        a.Response.Level.Should().Be(expected);
        a.Response.Determined.Should().BeTrue();
    }

    [Theory]
    // 5.3.3(2) "10人以下重伤" Ⅲ; 5.3.2(2) "10人以上30人以下重伤" Ⅱ; 5.3.1(2) "30人以上重伤" Ⅰ
    [InlineData(9, ResponseLevel.III)]
    [InlineData(10, ResponseLevel.II)]
    [InlineData(29, ResponseLevel.II)]
    [InlineData(30, ResponseLevel.I)]
    public void Response_Hazmat_SeriousInjuries_BothSidesOfEveryThreshold(long seriousInjuries, ResponseLevel expected)
    {
        var a = Assess(Known(seriousInjuries: seriousInjuries, hazmat: true));

        a.Response.Level.Should().Be(expected);
        a.Response.Determined.Should().BeTrue();
    }

    [Theory]
    // 5.3.2(2) "可能造成一定环境污染" → Ⅱ; 5.3.1(2) "可能造成较大环境污染" → Ⅰ
    [InlineData(Pollution.None, ResponseLevel.III)]
    [InlineData(Pollution.Some, ResponseLevel.II)]
    [InlineData(Pollution.Major, ResponseLevel.I)]
    public void Response_Hazmat_Pollution(Pollution pollution, ResponseLevel expected)
    {
        var a = Assess(Known(hazmat: true, pollution: pollution));

        a.Response.Level.Should().Be(expected);
        a.Response.Determined.Should().BeTrue();
    }

    [Fact]
    public void Response_Hazmat_PollutionUnknown_UndeterminedUpToLevelI()
    {
        // 5.3.1(2) "或可能造成较大环境污染的": not yet known — the level could still be Ⅰ.
        var a = Assess(new IncidentInput
        {
            PlanId = Plan,
            OccurredAt = OccurredAt,
            Figures = new ReportedFigures
            {
                [Figure.Deaths] = 0,
                [Figure.Missing] = 0,
                [Figure.SeriousInjuries] = 0,
                [Figure.Injured] = 0,
                [Figure.DirectLossWan] = 0,
                [Fact.HazmatRelease] = true,
                Pollution = null,
            },
        });

        a.Response.Level.Should().Be(ResponseLevel.III);
        a.Response.Determined.Should().BeFalse();
        a.Response.UpTo.Should().Be(ResponseLevel.I);
        a.UnknownsThatCouldRaise.Should().HaveFlag(InputField.Pollution);
    }

    [Fact]
    public void Response_FiveDeadWithoutHazmat_IsLevelIINotI()
    {
        // 5.3.1(2) "5人以上失联、死亡" is for 易燃易爆物品、危险化学品运输车辆 only; an ordinary accident with 5 is 5.3.2(1) Ⅱ.
        Assess(Known(deaths: 5)).Response.Level.Should().Be(ResponseLevel.II);
        Assess(Known(deaths: 5, hazmat: true)).Response.Level.Should().Be(ResponseLevel.I);
    }

    [Fact]
    public void Response_ThirtySeriousInjuriesWithoutHazmat_IsLevelIINotI()
    {
        // 5.3.1(2) "30人以上重伤" needs a hazardous-goods vehicle; otherwise 5.3.2(1) "10人以上50人以下重伤" → Ⅱ.
        Assess(Known(seriousInjuries: 30)).Response.Level.Should().Be(ResponseLevel.II);
        Assess(Known(seriousInjuries: 30, hazmat: true)).Response.Level.Should().Be(ResponseLevel.I);
    }

    [Theory]
    // 5.3.1(2) "易燃易爆物品、危险化学品运输车辆发生泄漏、爆炸、燃烧,造成5人以上失联、死亡,或30人以上重伤" → Ⅰ, where 5.3.2(1) gives the
    // ordinary accident Ⅱ: whether a hazardous-goods vehicle leaked, burned or exploded decides between them.
    [InlineData(5, 0)]
    [InlineData(0, 30)]
    public void Response_HazmatNotStated_IsNotReadAsNo_TheHazmatLevelStaysPossible(long deaths, long seriousInjuries)
    {
        var a = Assess(WithoutFacts(deaths: deaths, seriousInjuries: seriousInjuries, counties: []));

        a.Response.Level.Should().Be(ResponseLevel.II);
        a.Response.Determined.Should().BeFalse();
        a.Response.UpTo.Should().Be(ResponseLevel.I);
        a.Response.Because.Select(r => r.Clause).Should().Equal("5.3.2(1)");
        a.UnknownsThatCouldRaise.Should().HaveFlag(FigureNames.Field(Fact.HazmatRelease));
        FigureNames.Of(a.UnknownsThatCouldRaise).Should().Contain("hazmatRelease");
    }

    [Fact]
    public void Response_NoCasualties_HazmatNotStated_PollutionMayStillMakeItLevelI()
    {
        // 5.3.1(2) "……或可能造成较大环境污染的" → Ⅰ: neither the vehicle nor the pollution is known, so both are named.
        var a = Assess(WithoutFacts(counties: []));

        a.Response.Level.Should().Be(ResponseLevel.III);
        a.Response.UpTo.Should().Be(ResponseLevel.I);
        FigureNames.Of(a.UnknownsThatCouldRaise).Should().Contain(["pollution", "hazmatRelease"]);
    }

    [Fact]
    public void Response_HazmatNotStated_PollutionReportedAsMajor_IsPossibleNotMet()
    {
        // Pollution reported before anyone says it comes from a hazardous-goods vehicle: 5.3.1(2) may hold, and only the vehicle is unknown.
        var a = Assess(WithoutFacts(counties: [], pollution: Pollution.Major));

        a.Response.Level.Should().Be(ResponseLevel.III);
        a.Response.UpTo.Should().Be(ResponseLevel.I);
        FigureNames.Of(a.UnknownsThatCouldRaise).Should().Equal("hazmatRelease");
    }

    [Fact]
    public void Response_HazmatStatedFalse_FiveDead_IsASettledLevelII()
    {
        // Stated: the vehicle carried no hazardous goods (or none leaked), so 5.3.1(2) cannot hold and 5.3.2(1) Ⅱ is the level.
        var a = Assess(Known(deaths: 5, hazmat: false));

        a.Response.Level.Should().Be(ResponseLevel.II);
        a.Response.Determined.Should().BeTrue();
        a.UnknownsThatCouldRaise.Should().Be(InputField.None);
    }

    [Fact]
    public void Response_PollutionWithoutHazmat_IsIgnored()
    {
        // 5.3.x(2) pollution is a consequence of the hazardous-goods vehicle's 泄漏、爆炸、燃烧 only.
        var a = Assess(Known(pollution: Pollution.Major));

        a.Response.Level.Should().Be(ResponseLevel.III);
        a.Response.Determined.Should().BeTrue();
    }

    // ---- Response 5.3.x(3): 灾害性天气或自然灾害 … 阻断交通 ----

    [Theory]
    // 5.3.3(3) "甚至涉及阻断县(市、区)交通的" → Ⅲ
    [InlineData(ResponseLevel.III, "阳城县")]
    [InlineData(ResponseLevel.III, "城区")]
    [InlineData(ResponseLevel.III, "泽州县", "泽州县")] // the same county named twice is one county
    // 5.3.2(3) "涉及2个相邻县(市、区)的" → Ⅱ
    [InlineData(ResponseLevel.II, "泽州县", "阳城县")]
    [InlineData(ResponseLevel.II, "城区", "泽州县")]
    [InlineData(ResponseLevel.II, "高平市", "陵川县")]
    // two counties that do not touch are not "2个相邻县" → Ⅲ
    [InlineData(ResponseLevel.III, "阳城县", "陵川县")]
    [InlineData(ResponseLevel.III, "城区", "高平市")]
    // 5.3.1(3) "涉及3个以上县(市、区)的" → Ⅰ, adjacent or not
    [InlineData(ResponseLevel.I, "泽州县", "阳城县", "沁水县")]
    [InlineData(ResponseLevel.I, "城区", "阳城县", "陵川县")]
    [InlineData(ResponseLevel.I, "城区", "泽州县", "高平市", "阳城县", "陵川县", "沁水县")]
    public void Response_DisruptedCounties(ResponseLevel expected, params string[] counties)
    {
        var a = Assess(Known(counties: counties, weather: true));

        a.Response.Level.Should().Be(expected);
        a.Response.Determined.Should().BeTrue();
    }

    [Theory]
    [InlineData("泽州县", "阳城县")]
    [InlineData("泽州县", "阳城县", "沁水县")]
    public void Response_CountiesBlockedByAnAccident_NotByWeatherOrANaturalDisaster_AreNoCountyRule(params string[] counties)
    {
        // 5.3.x(3) "出现灾害性天气或自然灾害，严重影响道路交通安全，甚至阻断交通，涉及2个相邻县(市、区)的" (Ⅱ), "…3个以上…" (Ⅰ): the cause is
        // part of the rule. A rear-end collision that blocks the road between two counties was recommended Ⅱ under this clause.
        var a = Assess(Known(counties: counties, weather: false));

        a.Response.Level.Should().Be(ResponseLevel.III);
        a.Response.Determined.Should().BeTrue();
    }

    [Theory]
    [InlineData(ResponseLevel.II, "泽州县", "阳城县")]
    [InlineData(ResponseLevel.I, "泽州县", "阳城县", "沁水县")]
    public void Response_CountiesBlocked_CauseUnknown_MayReachTheCountyRule(ResponseLevel upTo, params string[] counties)
    {
        // Blocked counties reported before anyone says whether weather or a natural disaster blocks them: 5.3.x(3) is possible, not met
        // (DOMAIN R3: an unknown is never read as false, nor as true).
        var a = Assess(Known(counties: counties, weather: null));

        a.Response.Level.Should().Be(ResponseLevel.III);
        a.Response.Determined.Should().BeFalse();
        a.Response.UpTo.Should().Be(upTo);
        FigureNames.Of(a.UnknownsThatCouldRaise).Should().Equal("weatherOrNaturalDisaster");
    }

    [Fact]
    public void Response_WeatherBlocksTraffic_CountiesNotReported_MayReachLevelI()
    {
        // 5.3.1(3) "出现灾害性天气或自然灾害……涉及3个以上县(市、区)的" → Ⅰ, 5.3.2(3) "涉及2个相邻县" → Ⅱ: weather stated, the counties not
        // yet reported — not "none" (the contract's figures are unknown when omitted), so Ⅰ is possible and the counties are named.
        var a = Assess(WithoutFacts(hazmat: false, weather: true));

        a.Response.Level.Should().Be(ResponseLevel.III);
        a.Response.Determined.Should().BeFalse();
        a.Response.UpTo.Should().Be(ResponseLevel.I);
        FigureNames.Of(a.UnknownsThatCouldRaise).Should().Equal("disruptedCounties");
    }

    [Fact]
    public void Response_NoWeatherCause_CountiesNotReported_IsSettled()
    {
        // The county rules need 灾害性天气或自然灾害; stated otherwise, the counties cannot raise the level whatever they are.
        var a = Assess(WithoutFacts(hazmat: false, weather: false));

        a.Response.Level.Should().Be(ResponseLevel.III);
        a.Response.Determined.Should().BeTrue();
    }

    [Fact]
    public void Response_CountiesReportedAsNone_IsNotUnknown()
    {
        // An empty list says no county's traffic is affected: weather stated, nothing county-wide to raise it.
        var a = Assess(WithoutFacts(hazmat: false, weather: true, counties: []));

        a.Response.Level.Should().Be(ResponseLevel.III);
        a.Response.Determined.Should().BeTrue();
    }

    /// <summary>Every casualty and the loss known; the facts and the counties as given (null: not stated, not reported).</summary>
    private static IncidentInput WithoutFacts(long deaths = 0, long seriousInjuries = 0, bool? hazmat = null, bool? weather = null,
        string[]? counties = null, Pollution? pollution = null) => new()
        {
            PlanId = Plan,
            OccurredAt = OccurredAt,
            Figures = new ReportedFigures
            {
                [Figure.Deaths] = deaths,
                [Figure.Missing] = 0,
                [Figure.SeriousInjuries] = seriousInjuries,
                [Figure.Injured] = seriousInjuries,
                [Figure.DirectLossWan] = 0,
                [Fact.HazmatRelease] = hazmat,
                [Fact.WeatherOrNaturalDisaster] = weather,
                DisruptedCounties = counties,
                Pollution = pollution,
            },
        };

    [Fact]
    public void Trap_TwoNonAdjacentCounties_IsLevelIIINotII()
    {
        // 5.3.2(3) needs "2个相邻县(市、区)"; 阳城县 and 陵川县 do not touch (city file), so only 5.3.3(3) applies.
        var a = Assess(Known(counties: ["阳城县", "陵川县"], weather: true));

        a.Response.Level.Should().Be(ResponseLevel.III);
        a.Response.Level.Should().NotBe(ResponseLevel.II);
    }

    // ---- Response 5.3.x(4)(5): judgements (R6) ----

    [Fact]
    public void Response_CountyCanHandle_IsLevelIII()
    {
        // 5.3.3(4) "依靠事发地县(市、区)人民政府可以应对处置的"
        Assess(Known(judgements: new JudgementInput { CountyCanHandle = true })).Response.Level.Should().Be(ResponseLevel.III);
    }

    [Fact]
    public void Response_ExceedsCountyCapacity_IsLevelII()
    {
        // 5.3.2(4) "超出事发地县(市、区)人民政府应急处置能力的道路交通安全突发事件"
        var a = Assess(Known(judgements: new JudgementInput { ExceedsCountyCapacity = true }));

        a.Response.Level.Should().Be(ResponseLevel.II);
        a.Response.Because.Should().Contain(r => r.Clause.StartsWith("5.3.2(4)"));
    }

    [Fact]
    public void Response_ExceedsCityCapacity_IsLevelI()
    {
        // 5.3.1(4) "超出市指挥部实际处置能力，需要上级力量进行处置的"
        var a = Assess(Known(judgements: new JudgementInput { ExceedsCityCapacity = true }));

        a.Response.Level.Should().Be(ResponseLevel.I);
        a.Response.Because.Should().Contain(r => r.Clause.StartsWith("5.3.1(4)"));
    }

    [Theory]
    // 5.3.x(5) "市指挥部认为需要启动…级响应的其他情形"
    [InlineData(ResponseLevel.III)]
    [InlineData(ResponseLevel.II)]
    [InlineData(ResponseLevel.I)]
    public void Response_HeadquartersDecides_IsThatLevel(ResponseLevel decided)
    {
        var a = Assess(Known(judgements: new JudgementInput { HeadquartersLevel = decided, DecidedBy = "市指挥部", Reason = "test" }));

        a.Response.Level.Should().Be(decided);
    }

    // ---- Who activates (启动程序) ----

    [Fact]
    public void Authority_LevelI_Commander()
    {
        // 5.3.1 启动程序 "由市指挥部指挥长决定启动Ⅰ级响应"
        var a = Assess(Known(deaths: 10));

        a.Response.Authority!.Level.Should().Be(ResponseLevel.I);
        a.Response.Authority.ActivatedBy.Should().BeEquivalentTo(["commander"]);
    }

    [Fact]
    public void Authority_LevelII_CommanderOrDeputyCommander()
    {
        // 5.3.2 启动程序 "由市指挥部指挥长或副指挥长决定启动Ⅱ级响应" — no delegation is required here (contrast construction 4.3.2(2) "委托").
        var a = Assess(Known(deaths: 3));

        a.Response.Authority!.Level.Should().Be(ResponseLevel.II);
        a.Response.Authority.ActivatedBy.Should().BeEquivalentTo(["commander", "deputy-commander"]);
        a.Response.Authority.DelegationRequired.Should().BeEmpty();
    }

    [Fact]
    public void Authority_LevelIII_OfficeDirector()
    {
        // 5.3.3 启动程序 "由市指挥部办公室主任启动Ⅲ级应急响应，同时报告市指挥部"
        var a = Assess(Known());

        a.Response.Authority!.Level.Should().Be(ResponseLevel.III);
        a.Response.Authority.ActivatedBy.Should().BeEquivalentTo(["office-director"]);
    }

    // ---- Work groups (2.4; on-site HQ at Ⅰ 5.3.1 措施(1), at Ⅱ as needed 5.3.2 措施(1)) ----

    /// <summary>The nine groups as 2.4 lists them (2.4.7 and 2.4.8 head them 善后处置组 and 新闻报道组).</summary>
    private static readonly string[] NineGroups =
        ["综合协调组", "抢险救援组", "医学救援组", "安全保卫组", "事故调查组", "应急保障组", "宣传报道组", "善后工作组", "技术专家组"];

    private static WorkGroupAssignment[] TheNine(AssessmentResult a) =>
        a.WorkGroups.Where(g => NineGroups.Contains(g.Group.Name) || g.Group.Aliases.Any(NineGroups.Contains)).ToArray();

    [Fact]
    public void WorkGroups_LevelI_AllNineMandatory()
    {
        // 5.3.1 响应措施(1) "组织协调成立现场指挥部"; 2.4 "现场指挥部下设…9个应急工作组"
        var a = Assess(Known(deaths: 10));

        foreach (var name in NineGroups)
        {
            a.WorkGroups.Should().ContainSingle(g => g.Group.Name == name || g.Group.Aliases.Contains(name), name);
        }

        TheNine(a).Should().HaveCount(9).And.OnlyContain(g => g.Mandatory);
    }

    [Fact]
    public void WorkGroups_LevelII_AllNineAsNeeded()
    {
        // 5.3.2 响应措施(1) "根据应急工作需要成立现场指挥部及工作组"
        var a = Assess(Known(deaths: 3));

        TheNine(a).Should().HaveCount(9).And.OnlyContain(g => !g.Mandatory);
    }

    [Fact]
    public void WorkGroups_LevelIII_NoneOfTheOnSiteHeadquartersGroups()
    {
        // 5.3.3 响应措施: the office "必要时派相关人员赶赴现场，指导事发地指挥部" — no city on-site HQ, so none of the 2.4 groups.
        // (5.6 "事发地公安部门应成立案(事)件调查组" is the local police's, at any level, and is not checked here.)
        TheNine(Assess(Known())).Should().BeEmpty();
    }

    // ---- Version in force (8.6 "本预案自发布之日起实施"; issued 2025年7月29日) ----

    [Fact]
    public void Plan_InForceFromItsIssueDate()
    {
        var plan = Repository.Engine.Resolve(Plan, new DateTimeOffset(2025, 7, 29, 0, 0, 0, TimeSpan.FromHours(8)));

        plan.Metadata.DocumentNumber.Should().Be("晋市政办〔2025〕18号");
        var before = () => Repository.Engine.Resolve(Plan, new DateTimeOffset(2025, 7, 28, 23, 59, 59, TimeSpan.FromHours(8)));
        before.Should().Throw<PlanNotInForceException>("the replaced 晋市政办发〔2020〕12号 is not encoded");
    }

    // ---- The traps the issue names ----

    [Fact]
    public void Trap_TwoDeadOneMissing_GradeOrdinaryButResponseLevelII()
    {
        // 1.5(4) grades by "死亡" only: 2 deaths → 一般, not 较大. 5.3.2(1) counts "3人以上10人以下失联、死亡": 2 + 1 = 3 → Ⅱ.
        // The missing person may be dead, which would make 3 deaths (1.5(3) 较大): the grade is 一般 but 暂时无法判明 (DOMAIN R3), so
        // 5.1.1 owes the 30-minute phone report, not the 1-hour report of a settled 一般.
        var a = Assess(Known(deaths: 2, missing: 1));

        a.Grade!.Value.Should().Be(Grade.Ordinary);
        a.Grade.Determined.Should().BeFalse();
        a.Grade.UpTo.Should().Be(Grade.RelativelySerious);
        a.Response.Level.Should().Be(ResponseLevel.II);
        a.Response.Determined.Should().BeTrue();
        a.Obligations.Should().Contain(o => o.Rule.Code == "phone-report-to-city" && o.DueAt == OccurredAt.AddMinutes(30));
        a.UnknownsThatCouldRaise.Should().Be(InputField.Missing);
    }

    [Fact]
    public void Trap_TwelveDeathsSeriousInjuriesUnknown_GradeAtLeastSeriousUndetermined_ResponseLevelIDetermined()
    {
        // 1.5(2) "造成10人以上30人以下死亡" → at least 重大; "100人以上重伤" (1.5(1)) is still possible, so not determined.
        // 5.3.1(1) "造成10人以上失联、死亡" → Ⅰ, the top level: nothing unknown can raise it.
        var a = Assess(new IncidentInput
        {
            PlanId = Plan,
            OccurredAt = OccurredAt,
            Figures = new ReportedFigures
            {
                [Figure.Deaths] = 12,
                [Figure.Missing] = 0,
                [Figure.DirectLossWan] = 0,
                [Figure.SeriousInjuries] = null,
            },
        });

        a.Grade!.Value.Should().Be(Grade.Serious);
        a.Grade.Determined.Should().BeFalse();
        a.Grade.UpTo.Should().Be(Grade.EspeciallySerious);
        a.UnknownsThatCouldRaise.Should().HaveFlag(InputField.SeriousInjuries);
        a.Response.Level.Should().Be(ResponseLevel.I);
        a.Response.Determined.Should().BeTrue();
    }
}
