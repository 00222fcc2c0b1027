using EmergencyPlans.Core.Plans;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Tests.Support;
using AssessmentResult = EmergencyPlans.Core.Assessment.Assessment;

namespace EmergencyPlans.Core.Tests.Assessment;

/// <summary>
/// Reporting obligations, by hand from the texts: construction 4.1(二)(三), road 5.1.1/5.1.2/6.2.2,
/// natural disaster 4.1.3/4.1.5/5.1.3(3)/5.2.3(3)/5.6 and the 2026 notice (十九).
/// "报送的起算时间为事故发生后": every clock starts at the time of occurrence.
/// </summary>
public class ObligationsTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset OccurredAt = new(2026, 3, 1, 8, 0, 0, China);

    /// <summary>Construction or road incident with every grade and response figure known; defaults zero.</summary>
    private static IncidentInput Accident(
        string plan, long deaths = 0, long seriousInjuries = 0, decimal lossWan = 0, long injured = 0,
        bool foreign = false, JudgementInput? judgements = null, DateTimeOffset? occurredAt = null, bool rescueFund = false) => new()
        {
            PlanId = plan,
            OccurredAt = occurredAt ?? OccurredAt,
            Figures = new ReportedFigures
            {
                [Figure.Deaths] = deaths,
                [Figure.SeriousInjuries] = seriousInjuries,
                [Figure.Injured] = injured == 0 ? seriousInjuries : injured,
                [Figure.DirectLossWan] = lossWan,
                [Figure.Missing] = 0,
                [Figure.Trapped] = 0,
                [Figure.Endangered] = 0,
                [Fact.ForeignCasualties] = foreign,
                [Fact.RescueFundAdvanceNeeded] = rescueFund,
            },
            Judgements = judgements ?? JudgementInput.None,
        };

    private static IncidentInput Disaster(long deaths = 0, long relocated = 0, Grade? declared = null) => new()
    {
        PlanId = "natural-disaster",
        OccurredAt = OccurredAt,
        Figures = new ReportedFigures
        {
            [Figure.Deaths] = deaths,
            [Figure.Missing] = 0,
            [Figure.Relocated] = relocated,
            [Figure.CollapsedRooms] = 0,
            [Figure.CollapsedHouseholds] = 0,
            [Figure.DroughtAidPeople] = 0,
            DeclaredGrade = declared,
        },
    };

    private static AssessmentResult Assess(IncidentInput input) => Repository.Engine.Assess(input);

    private static IEnumerable<string> Codes(AssessmentResult a) => a.Obligations.Select(o => o.Rule.Code);

    private static ObligationDue Due(AssessmentResult a, string code)
    {
        a.Obligations.Should().ContainSingle(o => o.Rule.Code == code, $"{code} should be due; got {string.Join(", ", Codes(a))}");
        return a.Obligations.Single(o => o.Rule.Code == code);
    }

    private static void ShouldBeDueAt(ObligationDue due, DateTimeOffset expected)
    {
        due.DueAt.Should().NotBeNull();
        due.DueAt!.Value.Should().Be(expected);
        due.DueAt.Value.Offset.Should().Be(expected.Offset, "the due time keeps the incident's UTC offset");
        due.DueAt.Value.Ticks.Should().Be(expected.Ticks, "the due time is exact");
    }

    public static TheoryData<string> AccidentPlans => new() { "construction", "road-traffic" };

    /// <summary>
    /// The 重大 direct report: construction 4.1(二) names "市委、市政府、省委、省政府总值班室"; road 5.1.1 names only
    /// "上级值班室" (no province), so the road duty has its own code.
    /// </summary>
    private static string DirectReport(string plan) => plan == "road-traffic" ? "direct-report-to-superior-duty-room" : "direct-report-to-province";

    // ---- 一般 / 较大 / undetermined (construction 4.1(二), road 5.1.1) ----

    [Theory]
    [MemberData(nameof(AccidentPlans))]
    public void Ordinary_Determined_ReportToCityWithinOneHour_NoPhoneReport(string plan)
    {
        // "一般等级的…事故，各级各部门须在事发后1小时以内向市委、市政府报告"
        var a = Assess(Accident(plan, deaths: 2));

        a.Grade!.Value.Should().Be(Grade.Ordinary);
        a.Grade.Determined.Should().BeTrue();
        ShouldBeDueAt(Due(a, "report-to-city"), OccurredAt.AddHours(1));
        Codes(a).Should().NotContain("phone-report-to-city");
        Codes(a).Should().NotContain(DirectReport(plan));
        // "较大以上…每日至少续报1次" — not for 一般.
        Codes(a).Should().NotContain("continuation-report");
    }

    [Theory]
    [MemberData(nameof(AccidentPlans))]
    public void RelativelySerious_PhoneWithin30Minutes_WrittenWithinOneHour(string plan)
    {
        // "较大以上…须在事发后30分钟以内向市委、市政府电话报告有关情况，1小时以内向市委、市政府书面报告简要情况"
        var a = Assess(Accident(plan, deaths: 3));

        a.Grade!.Value.Should().Be(Grade.RelativelySerious);
        ShouldBeDueAt(Due(a, "phone-report-to-city"), OccurredAt.AddMinutes(30));
        ShouldBeDueAt(Due(a, "written-report-to-city"), OccurredAt.AddHours(1));
        Codes(a).Should().NotContain(DirectReport(plan));
    }

    [Theory]
    [MemberData(nameof(AccidentPlans))]
    public void UndeterminedGrade_TreatedLikeRelativelySerious_PhoneWithin30Minutes(string plan)
    {
        // "较大以上或暂时无法判明等级的…须在事发后30分钟以内…电话报告" (R3): 1 death known, serious injuries unknown.
        var a = Assess(new IncidentInput
        {
            PlanId = plan,
            OccurredAt = OccurredAt,
            Figures = new ReportedFigures
            {
                [Figure.Deaths] = 1,
                [Figure.SeriousInjuries] = null,
                [Figure.DirectLossWan] = 0,
                [Figure.Missing] = 0,
                [Figure.Trapped] = 0,
                [Figure.Endangered] = 0,
            },
        });

        a.Grade!.Value.Should().Be(Grade.Ordinary);
        a.Grade.Determined.Should().BeFalse();
        ShouldBeDueAt(Due(a, "phone-report-to-city"), OccurredAt.AddMinutes(30));
        ShouldBeDueAt(Due(a, "written-report-to-city"), OccurredAt.AddHours(1));
    }

    // ---- 重大以上 (construction 4.1(二) "重大建设工程事故发生后…"; road 5.1.1 "重大及以上…") ----

    [Theory]
    // Construction 4.1(二) "立即向市委、市政府、省委、省政府总值班室电话直报简要情况…报告时间不得晚于事发后30分钟"
    [InlineData("construction", "direct-report-to-province", "市委、市政府、省委、省政府总值班室")]
    // Road 5.1.1 "立即向上级值班室直报简要情况…报告时间不得晚于事发后30分钟": no province named.
    [InlineData("road-traffic", "direct-report-to-superior-duty-room", "上级值班室")]
    public void Serious_DirectReportWithin30Minutes_ToTheBodyTheTextNames(string plan, string code, string to)
    {
        var a = Assess(Accident(plan, deaths: 10));

        a.Grade!.Value.Should().Be(Grade.Serious);
        var due = Due(a, code);
        ShouldBeDueAt(due, OccurredAt.AddMinutes(30));
        due.Rule.To.Should().Be(to);
        ShouldBeDueAt(Due(a, "phone-report-to-city"), OccurredAt.AddMinutes(30));
    }

    [Fact]
    public void Road_SeriousDirectReport_NamesNoProvince()
    {
        // Road 5.1.1 "立即向上级值班室直报": the text names no 省委、省政府, so neither the code nor the recipient may.
        var a = Assess(Accident("road-traffic", deaths: 10));

        Codes(a).Should().NotContain("direct-report-to-province");
        a.Obligations.Should().NotContain(o => o.Rule.To.Contains('省'));
    }

    [Theory]
    [MemberData(nameof(AccidentPlans))]
    public void EspeciallySerious_DirectReportWithin30Minutes(string plan)
    {
        // "重大建设工程事故发生后" (construction 4.1(二), reading 0003: 重大 includes 特别重大), "重大及以上" (road 5.1.1): 特别重大 too.
        var a = Assess(Accident(plan, deaths: 30));

        ShouldBeDueAt(Due(a, DirectReport(plan)), OccurredAt.AddMinutes(30));
    }

    [Theory]
    [MemberData(nameof(AccidentPlans))]
    public void Continuation_RelativelySerious_AtLeastDaily(string plan)
    {
        // 4.1(三) / 5.1.2 "较大以上…每日至少续报1次"
        var a = Assess(Accident(plan, deaths: 3));

        var due = Due(a, "continuation-report");
        ShouldBeDueAt(due, OccurredAt.AddHours(24));
        due.Rule.Every.Should().Be(TimeSpan.FromHours(24));
    }

    [Theory]
    [MemberData(nameof(AccidentPlans))]
    public void Continuation_Serious_EveryFourHours(string plan)
    {
        // 4.1(三) / 5.1.2 "重大以上…每4小时续报1次" — the more demanding of the two continuation rules.
        var a = Assess(Accident(plan, seriousInjuries: 50));

        a.Grade!.Value.Should().Be(Grade.Serious);
        var due = Due(a, "continuation-report");
        ShouldBeDueAt(due, OccurredAt.AddHours(4));
        due.Rule.Every.Should().Be(TimeSpan.FromHours(4));
    }

    [Theory]
    [MemberData(nameof(AccidentPlans))]
    public void VerifyOnRequest_Within30MinutesOfTheCitysRequest(string plan)
    {
        // "市委、市政府要求核实事故信息，必须在30分钟内报告" — the clock starts at the request, not at the occurrence.
        var rule = Repository.Engine.Resolve(plan, OccurredAt).Obligations.Single(o => o.Code == "verify-on-request");

        rule.Due.Should().Be(TimeSpan.FromMinutes(30));
        rule.Start.Should().Be(DutyStart.CityRequest);
    }

    [Fact]
    public void DueTimes_KeepTheIncidentsOffsetAndAreExact()
    {
        // Occurred at 08:17:23.456 +08:00: the phone report is due at 08:47:23.456 +08:00, not rounded, not converted to UTC.
        var occurred = new DateTimeOffset(2026, 3, 1, 8, 17, 23, 456, China);
        var a = Assess(Accident("road-traffic", deaths: 3, occurredAt: occurred));

        ShouldBeDueAt(Due(a, "phone-report-to-city"), new DateTimeOffset(2026, 3, 1, 8, 47, 23, 456, China));
        ShouldBeDueAt(Due(a, "written-report-to-city"), new DateTimeOffset(2026, 3, 1, 9, 17, 23, 456, China));
        ShouldBeDueAt(Due(a, "continuation-report"), new DateTimeOffset(2026, 3, 2, 8, 17, 23, 456, China));
    }

    [Fact]
    public void DueTimes_ReportedInUtc_StayInUtc()
    {
        // The same instant as 08:00 +08:00 written as 00:00Z: due 00:30Z, offset zero — the offset is the report's, not the city's.
        var occurred = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var a = Assess(Accident("construction", deaths: 3, occurredAt: occurred));

        ShouldBeDueAt(Due(a, "phone-report-to-city"), new DateTimeOffset(2026, 3, 1, 0, 30, 0, TimeSpan.Zero));
    }

    [Fact]
    public void DueTimes_AcrossMidnight_KeepTheOffset()
    {
        // 23:45 +08:00 on 28 Feb 2026 (not a leap year): 30 minutes later is 00:15 on 1 March, still +08:00.
        var occurred = new DateTimeOffset(2026, 2, 28, 23, 45, 0, China);
        var a = Assess(Accident("construction", deaths: 3, occurredAt: occurred));

        ShouldBeDueAt(Due(a, "phone-report-to-city"), new DateTimeOffset(2026, 3, 1, 0, 15, 0, China));
    }

    // ---- Construction 4.1(三): 港澳台或外国人员 ----

    [Fact]
    public void Construction_ForeignCasualties_NotifyForeignAffairs()
    {
        // "事故伤亡、失踪、被困人员有港澳台或外国人员时，市指挥部要及时通知市政府有关涉外部门"
        Codes(Assess(Accident("construction", deaths: 1, foreign: true))).Should().Contain("notify-foreign-affairs");
        Codes(Assess(Accident("construction", deaths: 1, foreign: false))).Should().NotContain("notify-foreign-affairs");
    }

    // ---- Road 6.2.2: 救助基金 escalation ----

    [Theory]
    // "发生一次性死亡3人以上"
    [InlineData(2, 0, 0, false, false)]
    [InlineData(3, 0, 0, false, true)]
    // "或重伤员5人以上"
    [InlineData(0, 4, 4, false, false)]
    [InlineData(0, 5, 5, false, true)]
    // "或伤亡人员达5人以上并造成较大社会影响" — deaths plus injured, AND the large-social-impact judgement
    [InlineData(1, 0, 4, true, true)]
    [InlineData(0, 0, 5, true, true)]
    [InlineData(1, 0, 3, true, false)]
    [InlineData(1, 0, 4, false, false)]
    [InlineData(2, 0, 8, false, false)]
    public void Road_RescueFundEscalation_WhenAnAdvanceIsNeeded(long deaths, long seriousInjuries, long injured, bool largeSocialImpact, bool expected)
    {
        // Road 6.2.2 ¶2 "……的道路交通事故,需要救助基金垫付抢救费用时,发生地救助基金管理保险机构应及时……逐级报告": the fact holds here.
        var a = Assess(Accident(
            "road-traffic", deaths: deaths, seriousInjuries: seriousInjuries, injured: injured,
            judgements: new JudgementInput { LargeSocialImpact = largeSocialImpact }, rescueFund: true));

        if (expected)
        {
            Codes(a).Should().Contain("rescue-fund-escalation");
        }
        else
        {
            Codes(a).Should().NotContain("rescue-fund-escalation");
        }
    }

    [Theory]
    [InlineData(3, 0, 0, false)]
    [InlineData(0, 5, 5, false)]
    [InlineData(1, 0, 4, true)]
    [InlineData(30, 100, 100, true)]
    public void Road_RescueFundEscalation_NoAdvanceNeeded_None(long deaths, long seriousInjuries, long injured, bool largeSocialImpact)
    {
        // Road 6.2.2 ¶2 "需要救助基金垫付抢救费用时" is a second condition, joined to the casualty thresholds (audit #1):
        // without it no casualty count alone raises the escalation.
        var a = Assess(Accident(
            "road-traffic", deaths: deaths, seriousInjuries: seriousInjuries, injured: injured,
            judgements: new JudgementInput { LargeSocialImpact = largeSocialImpact }, rescueFund: false));

        Codes(a).Should().NotContain("rescue-fund-escalation");
    }

    // ---- Natural disaster ----

    [Theory]
    [InlineData(Grade.Serious)]
    [InlineData(Grade.EspeciallySerious)]
    public void Natural_SeriousOrAbove_ZeroReport24h_AndReportToProvinceAndMinistry(Grade declared)
    {
        // 4.1.5 "重大及以上自然灾害灾情稳定前，相关各级应急管理部门执行灾情24小时零报告制度"
        // 4.1.3 "接到重特大自然灾害事件报告后…同时通过电话或国家应急指挥综合业务系统及时向省应急管理厅、应急管理部报告"
        var a = Assess(Disaster(deaths: 1, declared: declared));

        ShouldBeDueAt(Due(a, "zero-report-24h"), OccurredAt.AddHours(24));
        Due(a, "report-to-province-and-ministry");
    }

    [Theory]
    [InlineData(Grade.RelativelySerious)]
    [InlineData(Grade.Ordinary)]
    [InlineData(null)]
    public void Natural_BelowSerious_NoZeroReportNoMinistryReport(Grade? declared)
    {
        var a = Assess(Disaster(deaths: 1, declared: declared));

        Codes(a).Should().NotContain("zero-report-24h");
        Codes(a).Should().NotContain("report-to-province-and-ministry");
    }

    [Theory]
    [InlineData(50)]
    [InlineData(20)]
    [InlineData(10)]
    [InlineData(5)]
    public void Natural_ResponseMeasures_AreNotRaisedByTheAssessment(long deaths)
    {
        // 5.1.3(3) / 5.2.3(3) "市安委会有关成员单位…每日向市安委办报告" and 5.6 "启动市级自然灾害救助应急响应后…向相关县(市、区)通报并上报省应急管理厅"
        // are measures of a response actually started (audit #4): an assessed level alone owes neither. The aggregate
        // raises them on activation (Incidents/IncidentDutiesTests).
        var a = Assess(Disaster(deaths: deaths));

        a.Response.Level.Should().NotBeNull();
        Codes(a).Should().NotContain("member-units-daily-report");
        Codes(a).Should().NotContain("notify-counties-and-province");
    }

    [Fact]
    public void Natural_ReliefSupplies_County6hCity8h_FromTheDispatchOrder()
    {
        // 晋市政发〔2026〕1号 (十九) "确保接到调拨指令后，首批救灾物资县级6小时、市级8小时运抵灾区"
        var plan = Repository.Engine.Resolve("natural-disaster", OccurredAt);
        var county = plan.Obligations.Single(o => o.Code == "relief-supplies-county");
        var city = plan.Obligations.Single(o => o.Code == "relief-supplies-city");

        county.Due.Should().Be(TimeSpan.FromHours(6));
        city.Due.Should().Be(TimeSpan.FromHours(8));
        county.Start.Should().Be(DutyStart.DispatchOrder);
        city.Start.Should().Be(DutyStart.DispatchOrder);
    }
}
