using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Plans;
using EmergencyPlans.Core.Tests.Support;
using AssessmentResult = EmergencyPlans.Core.Assessment.Assessment;

namespace EmergencyPlans.Core.Tests.Assessment;

/// <summary>
/// The duties the assessment itself raises (those that start at the occurrence or on receipt), one test per duty and
/// condition, both sides, written from the texts in plans-source/ (construction 晋市政办〔2025〕15号, road 〔2025〕18号,
/// natural disaster 〔2026〕3号). Duties started by other events are tested on the aggregate (Incidents/IncidentDutiesTests).
/// 以上 includes, 以下 excludes (C 8.2, R 8.4, N 5.1.1(1)). Occurrence 2026-03-01 08:00 +08:00.
/// </summary>
public class DutiesFromTextTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, China);

    private static DateTimeOffset At(int hour, int minute = 0, int day = 1) => new(2026, 3, day, hour, minute, 0, China);

    /// <summary>An accident with every figure known (zero unless given); <paramref name="deaths"/> null = unknown.</summary>
    private static IncidentInput Accident(
        string plan, long? deaths = 0, long missing = 0, long trapped = 0, long seriousInjuries = 0, Fact[]? facts = null, JudgementInput? judgements = null)
    {
        var figures = new ReportedFigures
        {
            [Figure.Deaths] = deaths,
            [Figure.SeriousInjuries] = seriousInjuries,
            [Figure.Injured] = seriousInjuries,
            [Figure.DirectLossWan] = 0,
            [Figure.Missing] = missing,
            [Figure.Trapped] = trapped,
            [Figure.Endangered] = 0,
        };
        return IncidentInput.From(plan, T0, WithFacts(figures, facts), judgements);
    }

    private static ReportedFigures WithFacts(ReportedFigures figures, Fact[]? facts)
    {
        if (facts is null)
        {
            return figures;
        }

        var result = figures;
        foreach (var fact in facts)
        {
            result = result.Merge(new ReportedFigures { [fact] = true });
        }

        return result;
    }

    private static IncidentInput Disaster(long deaths = 0, long missing = 0, Grade? declared = null, Fact[]? facts = null, JudgementInput? judgements = null) =>
        IncidentInput.From("natural-disaster", T0, WithFacts(new ReportedFigures
        {
            [Figure.Deaths] = deaths,
            [Figure.Missing] = missing,
            [Figure.Relocated] = 0,
            [Figure.CollapsedRooms] = 0,
            [Figure.CollapsedHouseholds] = 0,
            [Figure.DroughtAidPeople] = 0,
            DeclaredGrade = declared,
        }, facts), judgements);

    private static AssessmentResult Assess(IncidentInput input) => Repository.Engine.Assess(input);

    private static string[] Codes(AssessmentResult a) => a.Obligations.Select(o => o.Rule.Code).ToArray();

    private static ObligationDue Due(AssessmentResult a, string code)
    {
        a.Obligations.Should().ContainSingle(o => o.Rule.Code == code, $"{code} should arise; got {string.Join(", ", Codes(a))}");
        return a.Obligations.Single(o => o.Rule.Code == code);
    }

    private static void Arises(AssessmentResult a, string code, bool expected)
    {
        if (expected)
        {
            Due(a, code);
        }
        else
        {
            Codes(a).Should().NotContain(code);
        }
    }

    // ================= Construction (晋市政办〔2025〕15号) =================

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Construction_HazardReport_OnlyWhenDangerDiscovered_Immediately(bool danger)
    {
        // C 3.1(5) "发现险情应立即向住房和城乡建设部门和事发地所在人民政府报告"
        var a = Assess(Accident("construction", facts: danger ? [Fact.DangerDiscovered] : null));

        Arises(a, "hazard-report", danger);
        if (danger)
        {
            var due = Due(a, "hazard-report");
            due.Rule.Timing.Should().Be(ObligationTiming.Immediately);
            due.Rule.To.Should().Be("住房和城乡建设部门和事发地所在人民政府");
            due.Rule.Reporter.Should().StartWith("发现险情的单位");
            due.DueAt.Should().BeNull("立即 has no deadline to compute");
        }

        // 3.1(5) "事发单位应及时续报": only after the hazard report is made, never at the assessment.
        Codes(a).Should().NotContain("hazard-continuation");
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, false)]
    [InlineData(0, true)]
    [InlineData(3, false)]
    public void Construction_UnitReportToCounty_EveryAccidentAndNearMiss_Immediately(long deaths, bool nearMiss)
    {
        // C 4.1(一) "建设工程事故或者较大涉险事故发生后,事发单位应立即报告属地县(市、区)住房和城乡建设部门和负有安全监管的有关部门"
        var a = Assess(Accident("construction", deaths: deaths, judgements: new JudgementInput { RelativelySeriousNearMiss = nearMiss }));

        var due = Due(a, "unit-report-to-county");
        due.Rule.Start.Should().Be(DutyStart.Occurrence);
        due.Rule.Timing.Should().Be(ObligationTiming.Immediately);
        due.Rule.Reporter.Should().Be("事发单位");
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(3L)]
    [InlineData(10L)]
    [InlineData(null)]
    public void Construction_HousingDeptReportUp_OnReceipt_AnyGrade_NoDeadline(long? deaths)
    {
        // C 4.1(一) "住房和城乡建设部门应当向上级部门报告建设工程事故,应同时报告同级党委和政府": no time word → promptly, never late.
        var due = Due(Assess(Accident("construction", deaths: deaths)), "housing-dept-report-up");

        due.Rule.Start.Should().Be(DutyStart.Receipt);
        due.Rule.Timing.Should().Be(ObligationTiming.Promptly);
        due.DueAt.Should().BeNull();
    }

    [Theory]
    // C 4.1(二) "一般等级的建设工程事故,各级各部门须在事发后1小时以内向市委、市政府报告"
    [InlineData(1, 0, true)]
    [InlineData(2, 0, true)]
    [InlineData(0, 2, true)]
    // 3 dead is 较大 (条例第三条(三) "3人以上"): the 30 min / 1 h 较大 duties apply instead.
    [InlineData(3, 0, false)]
    [InlineData(10, 0, false)]
    public void Construction_ReportToCity_OrdinaryOnly_WithinOneHour(long deaths, long missing, bool expected)
    {
        var a = Assess(Accident("construction", deaths: deaths, missing: missing));

        Arises(a, "report-to-city", expected);
        if (expected)
        {
            Due(a, "report-to-city").DueAt.Should().Be(At(9));
        }
    }

    [Theory]
    // C 4.1(二) "较大以上或暂时无法判明等级的建设工程事故,各级各部门须在事发后30分钟以内向市委、市政府电话报告有关情况, 1小时以内向市委、市政府书面报告简要情况"
    [InlineData(3L, false, true)]
    [InlineData(10L, false, true)]
    [InlineData(2L, false, false)]
    // 暂时无法判明等级: deaths unknown.
    [InlineData(null, false, true)]
    // 较大涉险事故 "信息报送的起算时间为事故发生后" (audit #11): on the 较大 clocks though 0 dead is 一般.
    [InlineData(0L, true, true)]
    [InlineData(0L, false, false)]
    public void Construction_PhoneAndWrittenReport_RelativelySeriousUndeterminedOrNearMiss(long? deaths, bool nearMiss, bool expected)
    {
        var a = Assess(Accident("construction", deaths: deaths, judgements: new JudgementInput { RelativelySeriousNearMiss = nearMiss }));

        Arises(a, "phone-report-to-city", expected);
        Arises(a, "written-report-to-city", expected);
        if (expected)
        {
            Due(a, "phone-report-to-city").DueAt.Should().Be(At(8, 30));
            Due(a, "written-report-to-city").DueAt.Should().Be(At(9));
        }
    }

    [Theory]
    // C 4.1(二) "重大建设工程事故发生后……立即向市委、市政府、省委、省政府总值班室电话直报……报告时间不得晚于事发后30分钟"
    [InlineData(10, 0, true)]
    [InlineData(30, 0, true)]
    [InlineData(9, 0, false)]
    // 8 dead + 3 失联: 较大 until 10 deaths are confirmed (audit #32: grade stays 较大; open question).
    [InlineData(8, 3, false)]
    public void Construction_DirectReportToProvince_SeriousOrAbove_Within30Minutes(long deaths, long missing, bool expected)
    {
        var a = Assess(Accident("construction", deaths: deaths, missing: missing));

        Arises(a, "direct-report-to-province", expected);
        if (expected)
        {
            Due(a, "direct-report-to-province").DueAt.Should().Be(At(8, 30));
        }

        // 随即书面报告: only after the direct report is made (aggregate).
        Codes(a).Should().NotContain("direct-written-details");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Construction_NotifyForeignAffairs_OnReceipt_WhenForeignCasualties(bool foreign)
    {
        // C 4.1(三) "事故伤亡、失踪、被困人员有港澳台或外国人员时,市指挥部要及时通知市政府有关涉外部门"
        var a = Assess(Accident("construction", deaths: 1, facts: foreign ? [Fact.ForeignCasualties] : null));

        Arises(a, "notify-foreign-affairs", foreign);
        if (foreign)
        {
            Due(a, "notify-foreign-affairs").Rule.Start.Should().Be(DutyStart.Receipt);
        }
    }

    [Theory]
    // C 4.3.1(2) "经预判后向市指挥部报告,提出启动Ⅲ级响应建议"
    [InlineData(1, 0, "4.3.1(2)")]
    // C 4.3.2(2) …Ⅱ级: 较大 (3 dead) or "3人以上10人以下涉险、被困、失联"
    [InlineData(3, 0, "4.3.2(2)")]
    [InlineData(0, 3, "4.3.2(2)")]
    // C 4.3.3(2) …Ⅰ级: 重大 (10 dead) or "10 人以上涉险、被困、失联"
    [InlineData(10, 0, "4.3.3(2)")]
    [InlineData(0, 10, "4.3.3(2)")]
    public void Construction_OfficeReportWithProposal_OneEntryForTheAssessedLevel(long deaths, long trapped, string clause)
    {
        var a = Assess(Accident("construction", deaths: deaths, trapped: trapped));

        a.Obligations.Where(o => o.Rule.Code == "office-report-with-proposal").Select(o => o.Rule.Clause).Should().Equal(clause);
        Due(a, "office-report-with-proposal").Rule.Start.Should().Be(DutyStart.Receipt);
    }

    [Theory]
    // R 5.3.2 启动程序 "市指挥部办公室接到报告后,经分析研判,向市指挥部提出启动Ⅱ级应急响应的建议" (3人以上10人以下失联、死亡, 5.3.2(1))
    [InlineData(3, "5.3.2 启动程序")]
    // R 5.3.1 启动程序 "……向市指挥部提出启动Ⅰ级应急响应的建议" (10人以上失联、死亡, 5.3.1(1))
    [InlineData(10, "5.3.1 启动程序")]
    // R 5.3.3 启动程序 "由市指挥部办公室主任启动Ⅲ级应急响应,同时报告市指挥部": the office starts Ⅲ itself and proposes nothing.
    [InlineData(1, null)]
    public void Road_OfficeProposal_OwedForIAndII_NotForIII(long deaths, string? clause)
    {
        var a = Assess(Accident("road-traffic", deaths: deaths));

        a.Obligations.Where(o => o.Rule.Code == "office-proposal").Select(o => o.Rule.Clause).Should().Equal(clause is null ? Array.Empty<string>() : new[] { clause });
        if (clause is not null)
        {
            var rule = Due(a, "office-proposal").Rule;
            (rule.Start, rule.MetBy, rule.Reporter, rule.To, rule.OutsideCommand).Should().Be((DutyStart.Receipt, DutyMetBy.ResponseProposal, "市指挥部办公室", "市指挥部", false));
        }
    }

    // ================= Construction and road: continuation (C 4.1(三), R 5.1.2) =================

    [Theory]
    [InlineData("construction")]
    [InlineData("road-traffic")]
    public void Continuation_RelativelySerious_DailyUntilFinalReport(string plan)
    {
        // "较大以上……每日至少续报1次": first due 24 h after the occurrence, then every 24 h, until 终报.
        var due = Due(Assess(Accident(plan, deaths: 3)), "continuation-report");

        due.DueAt.Should().Be(At(8, 0, day: 2));
        due.Rule.Every.Should().Be(TimeSpan.FromDays(1));
        due.Rule.Until.Should().Be(DutyEnd.FinalReport);
        due.Rule.MetBy.Should().Be(DutyMetBy.ContinuationReport);
        due.Rule.SpecialEvery.Should().BeNull("特殊情况每2小时 is said of 重大以上 only");
    }

    [Theory]
    [InlineData("construction")]
    [InlineData("road-traffic")]
    public void Continuation_Ordinary_None(string plan)
    {
        // "较大以上" excludes 一般 (2 dead, determined).
        Codes(Assess(Accident(plan, deaths: 2))).Should().NotContain("continuation-report");
    }

    [Theory]
    [InlineData("construction")]
    [InlineData("road-traffic")]
    public void Continuation_UndeterminedGrade_Daily(string plan)
    {
        // 暂时无法判明等级 is reported as 较大 (reading 0003): daily continuation.
        var due = Due(Assess(Accident(plan, deaths: null)), "continuation-report");

        due.Rule.Every.Should().Be(TimeSpan.FromDays(1));
    }

    [Theory]
    [InlineData("construction", 10, true)]
    [InlineData("construction", 9, false)]
    [InlineData("road-traffic", 10, true)]
    [InlineData("road-traffic", 9, false)]
    public void Continuation_SeriousOrAbove_EveryFourHours_TwoUnderSpecialCircumstances(string plan, long deaths, bool serious)
    {
        // "重大以上……每4小时续报1次,特殊情况每2小时续报1次": the 4 h entry binds (it also satisfies the daily one).
        var due = Due(Assess(Accident(plan, deaths: deaths)), "continuation-report");

        if (serious)
        {
            due.DueAt.Should().Be(At(12));
            due.Rule.Every.Should().Be(TimeSpan.FromHours(4));
            due.Rule.SpecialEvery.Should().Be(TimeSpan.FromHours(2));
        }
        else
        {
            due.DueAt.Should().Be(At(8, 0, day: 2));
            due.Rule.Every.Should().Be(TimeSpan.FromDays(1));
        }
    }

    // ================= Road (晋市政办〔2025〕18号) =================

    [Theory]
    [InlineData(0L)]
    [InlineData(3L)]
    [InlineData(null)]
    public void Road_FirstReports_EveryIncident_Immediately(long? deaths)
    {
        // R 5.1.1 "获悉……的单位、公民,立即拨打报警电话(122)"; "办公室接到报警或监控发现异常后……并立即上报事发地道路交通安全应急指挥部";
        // "同时按规定上报……上级主管部门".
        var a = Assess(Accident("road-traffic", deaths: deaths));

        var call = Due(a, "call-122");
        call.Rule.Start.Should().Be(DutyStart.Occurrence);
        call.Rule.Timing.Should().Be(ObligationTiming.Immediately);
        foreach (var code in new[] { "county-office-report-to-county-hq", "report-to-superior-department" })
        {
            var due = Due(a, code);
            due.Rule.Start.Should().Be(DutyStart.Receipt, "the clock starts at 接到报警或监控发现异常");
            due.Rule.Timing.Should().Be(ObligationTiming.Immediately);
            due.DueAt.Should().BeNull();
        }
    }

    [Theory]
    // R 5.1.1 "发生一般等级的……须在事发后1小时内向市委、市政府报告"; "较大以上或暂时无法判明等级的……30分钟内……电话报告……1小时以内……书面报告"
    [InlineData(2L, true, false)]
    [InlineData(3L, false, true)]
    [InlineData(null, false, true)]
    public void Road_ReportsToCity_ByGrade(long? deaths, bool hour, bool phone)
    {
        var a = Assess(Accident("road-traffic", deaths: deaths));

        Arises(a, "report-to-city", hour);
        Arises(a, "phone-report-to-city", phone);
        Arises(a, "written-report-to-city", phone);
        if (hour)
        {
            Due(a, "report-to-city").DueAt.Should().Be(At(9));
        }

        if (phone)
        {
            Due(a, "phone-report-to-city").DueAt.Should().Be(At(8, 30));
            Due(a, "written-report-to-city").DueAt.Should().Be(At(9));
        }
    }

    [Fact]
    public void Road_NearMissJudgement_DoesNotApply()
    {
        // 较大涉险事故 is construction's wording (C 4.1(二)); R 5.1.1 ties the clocks to the grade only.
        var a = Assess(Accident("road-traffic", deaths: 0, judgements: new JudgementInput { RelativelySeriousNearMiss = true }));

        Codes(a).Should().NotContain("phone-report-to-city");
        Due(a, "report-to-city");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Road_NotifyRescueFund_WhenAnAdvanceIsNeeded(bool needed)
    {
        // R 6.2.2 ¶1 "公安交警部门应通知相关救助基金管理保险机构垫付……抢救费用、丧葬费用" (gated on the advance, audit #35).
        var a = Assess(Accident("road-traffic", deaths: 1, facts: needed ? [Fact.RescueFundAdvanceNeeded] : null));

        Arises(a, "notify-rescue-fund", needed);
        if (needed)
        {
            Due(a, "notify-rescue-fund").Rule.Timing.Should().Be(ObligationTiming.Promptly);
        }
    }

    // ================= Natural disaster (晋市政办〔2026〕3号) =================

    [Theory]
    [InlineData(true, true, true)]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    [InlineData(false, false, false)]
    public void Natural_PreparationReport_NeedsBothJudgements(bool preparation, bool important, bool expected)
    {
        // N 3(5) "需要提前采取应对措施时……重要情况及时向市委、市政府报告"
        var a = Assess(Disaster(judgements: new JudgementInput { ReliefPreparationNeeded = preparation, ImportantSituation = important }));

        Arises(a, "preparation-report-to-city", expected);
    }

    [Theory]
    [InlineData(0L, null)]
    [InlineData(60L, Grade.EspeciallySerious)]
    public void Natural_FirstReports_EveryDisaster(long deaths, Grade? declared)
    {
        var a = Assess(Disaster(deaths: deaths, declared: declared));

        // N 4.1.1 "监测单位、监测人员及知情单位和知情人应立即向当地灾害防治主管部门报告"
        var first = Due(a, "first-report-to-local-authority");
        first.Rule.Start.Should().Be(DutyStart.Occurrence);
        first.Rule.Timing.Should().Be(ObligationTiming.Immediately);
        // N 4.1.1 "相关部门(单位)要……立即向上级主管部门、本级人民政府报告,并抄送同级应急部门"
        var up = Due(a, "department-report-up");
        up.Rule.Start.Should().Be(DutyStart.Receipt);
        up.Rule.Timing.Should().Be(ObligationTiming.Immediately);
        up.Rule.To.Should().Contain("抄送同级应急部门");
        // N 4.1.3 "在接到灾害事件报告后,应在规定时限内……报告": the limit is not in the text → promptly. "接到重特大自然灾害事件报告后,应急管理
        // 部门应第一时间向本级党委和政府及上级应急管理部门报告": for 重特大 the same report to the same recipients is made 第一时间, and stands for it
        // (ADR 0003 #65).
        if (declared is null)
        {
            var inSetTime = Due(a, "emergency-dept-report-in-set-time");
            inSetTime.Rule.Start.Should().Be(DutyStart.Receipt);
            inSetTime.Rule.Timing.Should().Be(ObligationTiming.Promptly);
        }
        else
        {
            Due(a, "first-report-serious-disaster").Rule.Timing.Should().Be(ObligationTiming.Immediately);
            Arises(a, "emergency-dept-report-in-set-time", false);
        }

        // N 4.1.3 "县级人民政府有关涉灾部门应及时将本行业灾情通报同级应急管理部门"
        Due(a, "sector-notify-emergency-dept").Rule.Timing.Should().Be(ObligationTiming.Promptly);
    }

    [Theory]
    [InlineData(Grade.Serious, true)]
    [InlineData(Grade.EspeciallySerious, true)]
    [InlineData(Grade.RelativelySerious, false)]
    [InlineData(Grade.Ordinary, false)]
    [InlineData(null, false)]
    public void Natural_SeriousDisaster_FirstReportImmediately_ProvinceAndMinistryPromptly(Grade? declared, bool expected)
    {
        // N 4.1.3 "接到重特大自然灾害事件报告后,应急管理部门应第一时间向本级党委和政府及上级应急管理部门报告,
        // 同时通过电话或国家应急指挥综合业务系统及时向省应急管理厅、应急管理部报告": two reports, two time words (audit #3).
        var a = Assess(Disaster(deaths: 1, declared: declared));

        Arises(a, "first-report-serious-disaster", expected);
        Arises(a, "report-to-province-and-ministry", expected);
        if (expected)
        {
            Due(a, "first-report-serious-disaster").Rule.Timing.Should().Be(ObligationTiming.Immediately);
            Due(a, "first-report-serious-disaster").Rule.Start.Should().Be(DutyStart.Receipt);
            Due(a, "report-to-province-and-ministry").Rule.Timing.Should().Be(ObligationTiming.Promptly);
            Due(a, "report-to-province-and-ministry").Rule.To.Should().Be("省应急管理厅、应急管理部");
        }
    }

    [Theory]
    [InlineData(null, new[] { "first-report-serious-disaster", "report-to-province-and-ministry", "zero-report-24h", "disaster-consultation" })]
    [InlineData(Grade.RelativelySerious, new string[0])]
    [InlineData(Grade.Serious, new string[0])]
    public void Natural_GradeNotYetDeclared_SaysWhatADeclared重大WouldAdd(Grade? declared, string[] expected)
    {
        // N 4.1.3 "接到重特大自然灾害事件报告后,应急管理部门应第一时间…报告,同时…及时向省应急管理厅、应急管理部报告"; 4.1.5 "重大及以上自然灾害
        // 灾情稳定前…执行灾情24小时零报告制度". The 灾害等级 is declared, not read from the figures: with 60 dead (Ⅰ, 5.1.1(1)) and none declared
        // these duties were not owed and nothing said they hang on the declaration. Once a grade is declared, nothing is left to say.
        var a = Assess(Disaster(deaths: 60, declared: declared));

        a.IfDeclaredSerious.Select(d => d.Rule.Code).Should().BeEquivalentTo(expected);
        a.IfDeclaredSerious.Select(d => d.Rule.Code).Should().NotIntersectWith(a.Obligations.Select(o => o.Rule.Code));
    }

    [Fact]
    public void PlansThatGradeFromFigures_SayNothingAboutADeclaredGrade()
    {
        Assess(Accident("road-traffic", deaths: 1)).IfDeclaredSerious.Should().BeEmpty();
        Assess(Accident("construction", deaths: 1)).IfDeclaredSerious.Should().BeEmpty();
    }

    [Theory]
    [InlineData(Grade.Serious, true)]
    [InlineData(Grade.EspeciallySerious, true)]
    [InlineData(Grade.RelativelySerious, false)]
    [InlineData(null, false)]
    public void Natural_SeriousDisaster_ConsultationMeetingPromptly(Grade? declared, bool expected)
    {
        // N 4.2.1 "市、县防灾减灾救灾议事协调机构或应急管理部门针对重大以上自然灾害过程、年度灾情等,及时组织相关部门召开灾情会商会,全面客观评估、
        // 核定灾情": owed at a declared 重大 or 特别重大, by the body the text names, 及时; a meeting to hold, not a report to anyone.
        var a = Assess(Disaster(deaths: 1, declared: declared));

        Arises(a, "disaster-consultation", expected);
        if (expected)
        {
            var rule = Due(a, "disaster-consultation").Rule;
            rule.Clause.Should().Be("4.2.1");
            rule.Reporter.Should().Be("市、县防灾减灾救灾议事协调机构或应急管理部门");
            rule.Timing.Should().Be(ObligationTiming.Promptly);
            rule.To.Should().BeEmpty("4.2.1 names no one the meeting reports to");
        }
    }

    [Theory]
    [InlineData(Grade.Serious, true)]
    [InlineData(Grade.RelativelySerious, false)]
    public void Natural_ZeroReport_SeriousOrAbove_DailyUntilStable(Grade declared, bool expected)
    {
        // N 4.1.5 "重大及以上自然灾害灾情稳定前,相关各级应急管理部门执行灾情24小时零报告制度"
        var a = Assess(Disaster(deaths: 1, declared: declared));

        Arises(a, "zero-report-24h", expected);
        if (expected)
        {
            var due = Due(a, "zero-report-24h");
            due.DueAt.Should().Be(At(8, 0, day: 2));
            due.Rule.Every.Should().Be(TimeSpan.FromDays(1));
            due.Rule.Until.Should().Be(DutyEnd.SituationStable);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Natural_DisputedFigures_ReportOnCompletionOfTheInvestigation(bool disputed)
    {
        // N 4.2.2 "部门间数据不一致或定性存在争议的,会同相关部门联合开展调查,并向本级党委和政府报告,同时抄报上一级应急管理部门"
        var a = Assess(Disaster(facts: disputed ? [Fact.FiguresDisputed] : null));

        Arises(a, "disputed-figures-report", disputed);
        if (disputed)
        {
            Due(a, "disputed-figures-report").Rule.Timing.Should().Be(ObligationTiming.OnCompletion);
        }
    }

    [Theory]
    // N 5.1.2 "认定灾情达到启动条件,向市安委会提出启动Ⅰ级响应的建议,并报市委、市政府决定"; Ⅰ = 5.1.1(1) "死亡和失踪50人以上"
    [InlineData(50, 0, true)]
    [InlineData(30, 20, true)]
    [InlineData(49, 0, false)]
    public void Natural_LevelIProposal_OnlyForAnAssessedLevelI(long deaths, long missing, bool expected)
    {
        var a = Assess(Disaster(deaths: deaths, missing: missing));

        Arises(a, "level-i-proposal-to-city", expected);
    }

    [Theory]
    // N 5.2.2 / 5.3.2 use 5.1.2's words for their levels: "市安委办经分析评估,认定灾情达到启动条件,向市安委会提出启动II级(Ⅲ级)响应的建议".
    // Ⅱ = 5.2.1(1) "死亡和失踪20人以上50人以下"; Ⅲ = 5.3.1(1) "死亡和失踪10人以上20人以下"; Ⅳ (5.4.2) is decided by 市安委办主任 with no proposal.
    [InlineData(20, "level-ii-proposal-to-committee", true)]
    [InlineData(49, "level-ii-proposal-to-committee", true)]
    [InlineData(19, "level-ii-proposal-to-committee", false)]
    [InlineData(50, "level-ii-proposal-to-committee", false)]
    [InlineData(10, "level-iii-proposal-to-committee", true)]
    [InlineData(19, "level-iii-proposal-to-committee", true)]
    [InlineData(9, "level-iii-proposal-to-committee", false)]
    [InlineData(20, "level-iii-proposal-to-committee", false)]
    public void Natural_LevelIIAndIIIProposals_OnlyForTheirAssessedLevel(long deaths, string code, bool expected)
    {
        var a = Assess(Disaster(deaths: deaths));

        Arises(a, code, expected);
        if (expected)
        {
            Due(a, code).Rule.To.Should().Be("市安委会");
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Natural_Backfill_NeverAtTheAssessment(bool facts)
    {
        // N 4.1.4 "后续及时通过系统补报" follows the first report, not the receipt.
        var a = Assess(Disaster(deaths: 60, facts: facts ? [Fact.CommunicationsDown] : null));

        Codes(a).Should().NotContain("system-backfill-report");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Natural_CountyActivation_ReportedToTheCityEmergencyBureauOnceKnown(bool countyActivated)
    {
        // N 5.6 "启动县(市、区)级自然灾害救助应急响应的,应及时向市应急管理局报告": the county's own activation, whatever the city
        // decides, so it is owed as soon as the report says a county has activated.
        var a = Assess(Disaster(deaths: 1, facts: countyActivated ? [Fact.CountyResponseActivated] : null));

        Arises(a, "county-activation-report", countyActivated);
    }

    [Theory]
    [InlineData("""{"countiesResponseActivated":["高平市"]}""", true)]
    [InlineData("""{"countiesResponseActivated":[]}""", false)]
    [InlineData("""{"affectedCounties":["高平市"]}""", false)]
    public void Natural_CountyActivation_OwedOnceAReportNamesACountyThatStarted(string figures, bool owed)
    {
        // N 5.6 "启动县(市、区)级自然灾害救助应急响应的,应及时向市应急管理局报告": a county the report names as started (countiesResponseActivated,
        // any county, not only the incident's own) owes the report; a county only concerned (affectedCounties) has not started (ADR 0003 #83).
        var reported = System.Text.Json.JsonSerializer.Deserialize<ReportedFigures>(figures)!;
        var a = Assess(IncidentInput.From("natural-disaster", T0, Disaster(deaths: 1).Figures.Merge(reported)));

        Arises(a, "county-activation-report", owed);
    }

    // ================= Every plan =================

    public static TheoryData<string> Plans => new() { "construction", "road-traffic", "natural-disaster" };

    [Theory]
    [MemberData(nameof(Plans))]
    public void Assessment_RaisesOnlyOccurrenceAndReceiptDuties(string plan)
    {
        // The assessment cannot know of activation, requests, dispatch orders, arrival, reports made or the end of handling.
        var a = Assess(plan == "natural-disaster"
            ? Disaster(deaths: 60, declared: Grade.EspeciallySerious, facts: [Fact.CommunicationsDown, Fact.FiguresDisputed, Fact.CountyResponseActivated],
                judgements: new JudgementInput { ImportantSituation = true, ReliefPreparationNeeded = true })
            : Accident(plan, deaths: 30, trapped: 10, facts: [Fact.DangerDiscovered, Fact.ForeignCasualties, Fact.RescueFundAdvanceNeeded],
                judgements: new JudgementInput { RelativelySeriousNearMiss = true, LargeSocialImpact = true }));

        a.Obligations.Should().NotBeEmpty();
        a.Obligations.Select(o => o.Rule.Start).Should().OnlyContain(s => s == DutyStart.Occurrence || s == DutyStart.Receipt);
    }

    [Theory]
    // C 7.3 "每3年至少进行一次演练"; R 8.1.3 "每3年至少组织1次综合性科目的演练"
    [InlineData("construction", "drill", "P3Y", null, null)]
    [InlineData("road-traffic", "drill", "P3Y", null, null)]
    // N 8.3 "定期组织演练": no period stated.
    [InlineData("natural-disaster", "drill", null, null, null)]
    // N 6.3 "每年9月下旬组织开展受灾群众冬春生活困难情况调查" (21–30 Sept)
    [InlineData("natural-disaster", "winter-spring-survey", "P1Y", "09-21", "09-30")]
    // N 6.3 "县级应急管理部门应当在每年10月底前统计、评估"
    [InlineData("natural-disaster", "county-winter-spring-assessment", "P1Y", null, "10-31")]
    public void CalendarDuties_ScheduleAsTheTextStatesIt(string plan, string code, string? every, string? from, string? by)
    {
        var rule = Repository.Latest(plan).Obligations.Single(o => o.Code == code);

        rule.Start.Should().Be(DutyStart.Calendar);
        rule.Calendar!.EveryText.Should().Be(every);
        Format(rule.Calendar.From).Should().Be(from);
        Format(rule.Calendar.By).Should().Be(by);
        if (every == "P3Y")
        {
            rule.Calendar.Every.Should().Be(TimeSpan.FromDays(3 * 365));
        }

        static string? Format((int Month, int Day)? day) => day is { } d ? $"{d.Month:00}-{d.Day:00}" : null;
    }

    [Fact]
    public void Natural_CountyWinterSpringFiling_FollowsTheAssessment()
    {
        // N 6.3 "经本级党委和政府批准后组织实施,并报市级应急管理部门备案": after the assessment, not by 10-31.
        var rule = Repository.NaturalDisaster.Obligations.Single(o => o.Code == "county-winter-spring-filing");

        rule.Start.Should().Be(DutyStart.PreviousReport);
        rule.After.Should().Be("county-winter-spring-assessment");
        rule.Timing.Should().Be(ObligationTiming.Promptly);
        rule.To.Should().Contain("备案");
    }
}
