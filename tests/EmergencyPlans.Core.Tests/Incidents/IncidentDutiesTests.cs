using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Lifecycles;
using EmergencyPlans.Core.Tests.Lifecycles;
using EmergencyPlans.Core.Tests.Support;

using static EmergencyPlans.Core.Tests.Support.DutyScenario;

namespace EmergencyPlans.Core.Tests.Incidents;

/// <summary>
/// Duties the aggregate starts and ends, written from the plan texts: activation of a level, clock events
/// (city request, dispatch order, arrival, special circumstances, end of handling, situation stable), the effect
/// of continuation and final reports, follow-ups (随即), and the 2026 notice's relief-supply clocks.
/// Fixed times in +08:00; occurrence 2026-03-01 08:00 unless said.
/// </summary>
public class IncidentDutiesTests
{
    private static readonly Guid Id = new("6f1c1d9e-0000-4000-8000-000000000001");

    private static Incident Open(string plan, ReportedFigures figures, JudgementInput? judgements = null, DateTimeOffset? occurredAt = null, DateTimeOffset? now = null,
        string county = "泽州县") =>
        DutyScenario.Open(Id, plan, figures, judgements, occurredAt, now, county);

    private static ObligationEntry[] Owed(Incident incident, string code) =>
        incident.State.Obligations.Where(o => o.Code == code && o.Clock.State == ObligationState.Due).ToArray();

    private static ObligationEntry OwedOne(Incident incident, string code)
    {
        Owed(incident, code).Should().ContainSingle($"{code} should be owed once; owed: {string.Join(", ", incident.State.Obligations.Where(o => o.Clock.State == ObligationState.Due).Select(o => o.Key))}");
        return Owed(incident, code)[0];
    }

    private static void ShouldOwe(Incident incident, string code, bool expected)
    {
        if (expected)
        {
            OwedOne(incident, code);
        }
        else
        {
            incident.State.Obligations.Should().NotContain(o => o.Code == code);
        }
    }

    private static LifecycleActor Activator(string plan, ResponseLevel level) => (plan, level) switch
    {
        ("natural-disaster", ResponseLevel.I) => Actors.PartyCommitteeGovernment, // N 5.1.2 市委、市政府决定
        ("natural-disaster", ResponseLevel.II) => Actors.Commander,               // N 5.2.2 市安委会主任
        ("natural-disaster", ResponseLevel.III) => Actors.DeputyCommander,        // N 5.3.2 市安委会副主任
        (_, ResponseLevel.III or ResponseLevel.IV) => Actors.OfficeDirector,       // C 4.3.1(2), R 5.3.3, N 5.4.2
        _ => Actors.Commander,                                                      // C 4.3.3(2)/4.3.2(2), R 5.3.1/5.3.2
    };

    private static void Activate(Incident incident, ResponseLevel level, DateTimeOffset at) =>
        incident.DecideResponse(level, false, "测试启动", Activator(incident.Plan.Id, level), at, Repository.Engine);

    private static void Fulfil(Incident incident, string key, DateTimeOffset madeAt) =>
        incident.FulfilObligation(key, madeAt, "已报告", Officer, madeAt, Repository.Engine);

    private static string DirectReport(string plan) => plan == "road-traffic" ? "direct-report-to-superior-duty-room" : "direct-report-to-province";

    // ================= Construction and road: clocks from the occurrence, met on time or late =================

    [Theory]
    // C 4.1(二) / R 5.1.1 "一般等级的……须在事发后1小时以内向市委、市政府报告"
    [InlineData("construction", 1, "report-to-city", 9, 0, true)]
    [InlineData("construction", 1, "report-to-city", 9, 1, false)]
    [InlineData("road-traffic", 2, "report-to-city", 9, 0, true)]
    [InlineData("road-traffic", 2, "report-to-city", 9, 1, false)]
    // "较大以上……30分钟以内……电话报告……1小时以内……书面报告"
    [InlineData("construction", 3, "phone-report-to-city", 8, 30, true)]
    [InlineData("construction", 3, "phone-report-to-city", 8, 31, false)]
    [InlineData("construction", 3, "written-report-to-city", 9, 0, true)]
    [InlineData("construction", 3, "written-report-to-city", 9, 1, false)]
    [InlineData("road-traffic", 3, "phone-report-to-city", 8, 30, true)]
    [InlineData("road-traffic", 3, "phone-report-to-city", 8, 31, false)]
    [InlineData("road-traffic", 3, "written-report-to-city", 9, 0, true)]
    [InlineData("road-traffic", 3, "written-report-to-city", 9, 1, false)]
    // C 4.1(二) / R 5.1.1 direct report "不得晚于事发后30分钟"
    [InlineData("construction", 10, "direct-report-to-province", 8, 30, true)]
    [InlineData("construction", 10, "direct-report-to-province", 8, 31, false)]
    [InlineData("road-traffic", 10, "direct-report-to-superior-duty-room", 8, 30, true)]
    [InlineData("road-traffic", 10, "direct-report-to-superior-duty-room", 8, 31, false)]
    public void ClockFromOccurrence_MetAtTheDeadline_OnTime_AMinuteLater_Late(string plan, long deaths, string code, int hour, int minute, bool onTime)
    {
        var incident = Open(plan, Accident(deaths));

        Fulfil(incident, code, At(hour, minute));

        var duty = incident.State.Obligations.Single(o => o.Code == code);
        duty.Clock.State.Should().Be(ObligationState.Met);
        duty.Clock.OnTime.Should().Be(onTime);
    }

    [Fact]
    public void Construction_HousingDeptReportUp_ClockFromReceipt_NeverLate()
    {
        // C 4.1(一) "住房和城乡建设部门应当向上级部门报告……应同时报告同级党委和政府": on receipt (08:20), 及时 → no deadline.
        var incident = Open("construction", Accident(1), now: At(8, 20));

        var duty = OwedOne(incident, "housing-dept-report-up");
        duty.RaisedAt.Should().Be(At(8, 20));
        duty.Clock.DueAt.Should().BeNull();
        duty.Timing.Should().Be("promptly");
    }

    [Theory]
    [InlineData(10, true)]
    [InlineData(40, false)]
    public void Construction_NearMissJudgedLater_ClockStillFromTheOccurrence_PastItOwedAtOnce(int minute, bool arisesInTime)
    {
        // C 4.1(二) "较大涉险事故信息报送的起算时间为事故发生后": judged at 08:10 → due 08:30, not 08:40; judged at 08:40, after the 30
        // minutes "事发后30分钟以内" gives, it is owed 立即, with the text's 08:30 kept beside it (ADR 0003 #71), not overdue the moment it arises.
        var incident = Open("construction", Accident(0));
        ShouldOwe(incident, "phone-report-to-city", false);

        incident.FileReport(false, "研判为较大涉险事故", new IncidentReport { Judgements = new JudgementInput { RelativelySeriousNearMiss = true } },
            Officer, At(8, minute), Repository.Engine);

        var duty = OwedOne(incident, "phone-report-to-city");
        (duty.Clock.DueAt, duty.Timing, duty.ArosePastDueAt).Should().Be(arisesInTime ? (At(8, 30), "fixed", null) : (null, "immediately", At(8, 30)));
        new ObligationLifecycle(duty.Clock).IsOverdueAt(At(8, minute)).Should().BeFalse();
    }

    [Fact]
    public void Construction_GradeReachedBySecondaryCollapseAfterTheDeadline_OwedAtOnce_ReportedPromptly_NotLate()
    {
        // C 4.1(二) "较大以上或暂时无法判明等级的建设工程事故,各级各部门须在事发后30分钟以内向市委、市政府电话报告有关情况": 1 dead at 08:00
        // (一般); at 08:50 a secondary collapse brings the dead to 4 (较大). Before 08:50 nothing of 较大 was owed, so the phone report
        // arises past "事发后30分钟" and is owed 立即 (4.1(三) "造成伤亡人数发生变化的,应立即续报"); phoned 20 seconds later it is not 迟报
        // (review s55, finding 3: overdue at once and met-late).
        var incident = Open("construction", Accident(1));
        ShouldOwe(incident, "phone-report-to-city", false);

        incident.FileReport(false, "清理现场时发生二次坍塌，又造成3人死亡", new IncidentReport { Figures = new ReportedFigures { [Figure.Deaths] = 4 } },
            Officer, At(8, 50), Repository.Engine);

        var phone = OwedOne(incident, "phone-report-to-city");
        (phone.Clock.DueAt, phone.Timing, phone.ArosePastDueAt).Should().Be((null, "immediately", At(8, 30)));
        incident.State.Timeline.Should().Contain(t => t.Type == "obligation-raised" && t.Summary.Contains("需报告时该时限已过，应立即报告"));
        incident.FulfilObligation("phone-report-to-city", At(8, 50).AddSeconds(20), "二次坍塌后已电话报告", Officer, At(8, 50).AddSeconds(20), Repository.Engine);
        incident.State.Obligations.Single(o => o.Code == "phone-report-to-city").Clock.OnTime.Should().NotBe(false);

        // Opened late, the report of an accident already 较大 is owed from the occurrence as the text says: late, not 立即.
        var late = Open("construction", Accident(4), now: At(8, 50));
        OwedOne(late, "phone-report-to-city").Clock.DueAt.Should().Be(At(8, 30));
    }

    // ================= Follow-ups (随即 / 续报 after a report) =================

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Construction_HazardContinuation_OpensWhenTheHazardReportIsMade(bool danger)
    {
        // C 3.1(5) "发现险情应立即……报告,事发单位应及时续报应急处置情况"
        var incident = Open("construction", danger ? Accident(0, 0, 0, Fact.DangerDiscovered) : Accident(0));
        ShouldOwe(incident, "hazard-report", danger);
        ShouldOwe(incident, "hazard-continuation", false);
        if (!danger)
        {
            return;
        }

        Fulfil(incident, "hazard-report", At(8, 10));

        var duty = OwedOne(incident, "hazard-continuation");
        duty.RaisedAt.Should().Be(At(8, 10));
        duty.Clock.DueAt.Should().BeNull();
    }

    [Theory]
    [InlineData("construction", "市委、市政府、省委、省政府总值班室")]
    [InlineData("road-traffic", "上级值班室")]
    public void DirectWrittenDetails_OpensWhenTheDirectReportIsMade(string plan, string to)
    {
        // C 4.1(二) / R 5.1.1 "……直报简要情况,随即书面报告具体详情"
        var incident = Open(plan, Accident(10));
        ShouldOwe(incident, "direct-written-details", false);

        Fulfil(incident, DirectReport(plan), At(8, 20));

        var duty = OwedOne(incident, "direct-written-details");
        duty.RaisedAt.Should().Be(At(8, 20));
        duty.Timing.Should().Be("immediately");
        duty.To.Should().Be(to);
    }

    [Theory]
    [InlineData("construction")]
    [InlineData("road-traffic")]
    public void DirectWrittenDetails_BelowSerious_None(string plan)
    {
        // Only "重大(及以上)…事故发生后": 9 dead is 较大.
        var incident = Open(plan, Accident(9));

        ShouldOwe(incident, DirectReport(plan), false);
        ShouldOwe(incident, "direct-written-details", false);
    }

    // ================= City request (要求核实) =================

    [Theory]
    [InlineData("construction", 30, true)]
    [InlineData("construction", 31, false)]
    [InlineData("road-traffic", 30, true)]
    [InlineData("road-traffic", 31, false)]
    public void VerifyOnRequest_30MinutesFromTheRequest_AnyGrade(string plan, int minute, bool onTime)
    {
        // C 4.1(二) "市委、市政府要求核实事故信息,必须在30分钟内报告"; R 5.1.1 likewise. 1 dead: 一般 too.
        var incident = Open(plan, Accident(1));
        ShouldOwe(incident, "verify-on-request", false);

        Clock(incident, ClockEvents.CityRequest, At(14));
        OwedOne(incident, "verify-on-request").Clock.DueAt.Should().Be(At(14, 30));
        Fulfil(incident, "verify-on-request", At(14, minute));

        incident.State.Obligations.Single(o => o.Code == "verify-on-request").Clock.OnTime.Should().Be(onTime);
    }

    [Theory]
    [InlineData("construction")]
    [InlineData("road-traffic")]
    public void VerifyOnRequest_AReportMadeBeforeTheRequest_IsNotItsAnswer(string plan)
    {
        // "市委、市政府要求核实…必须在30分钟内报告" (C 4.1(二), R 5.1.1): the city asked at 14:00; a report "made" at 13:45 was stored
        // as the answer, on time.
        var incident = Open(plan, Accident(1));
        Clock(incident, ClockEvents.CityRequest, At(14));

        var early = () => incident.FulfilObligation("verify-on-request", At(13, 45), "已核实", Officer, At(14, 10), Repository.Engine);

        early.Should().Throw<IncidentCommandRejectedException>().Which.Field.Should().Be("madeAt");
        OwedOne(incident, "verify-on-request");
        Fulfil(incident, "verify-on-request", At(14));
        incident.State.Obligations.Single(o => o.Code == "verify-on-request").Clock.OnTime.Should().BeTrue("a report at the request's own minute is its answer");
    }

    [Fact]
    public void VerifyOnRequest_SecondRequestAfterTheFirstIsAnswered_ItsOwnClock()
    {
        var incident = Open("construction", Accident(1));
        Clock(incident, ClockEvents.CityRequest, At(14));
        Fulfil(incident, "verify-on-request", At(14, 20));

        Clock(incident, ClockEvents.CityRequest, At(15));

        OwedOne(incident, "verify-on-request").Clock.DueAt.Should().Be(At(15, 30));
    }

    [Fact]
    public void VerifyOnRequest_SecondRequestWhileTheFirstIsOwed_ItsOwnClock()
    {
        // C 4.1(二) "市委、市政府要求核实事故信息,必须在30分钟内报告": each request has its 30 minutes.
        var incident = Open("construction", Accident(1));
        Clock(incident, ClockEvents.CityRequest, At(14));

        Clock(incident, ClockEvents.CityRequest, At(15));

        Owed(incident, "verify-on-request").Select(o => o.Clock.DueAt).Should().BeEquivalentTo(new DateTimeOffset?[] { At(14, 30), At(15, 30) });
    }

    // ================= Continuation reports (C 4.1(三), R 5.1.2) =================

    [Theory]
    [InlineData("construction", 7, 59, true)]
    [InlineData("construction", 8, 1, false)]
    [InlineData("road-traffic", 7, 59, true)]
    [InlineData("road-traffic", 8, 1, false)]
    public void Continuation_Daily_MetByTheContinuationReport_NextDayAfter(string plan, int hour, int minute, bool onTime)
    {
        // "较大以上……每日至少续报1次": due 08:00 on day 2; a 续报 meets it without a separate call. The next is due a day after that
        // 续报 when it came in time (07:59 on day 3: never a day without one), a day after the due time when it came late (08:00 on day 3:
        // a late report does not put the next off). Before 2026-12-05 it was 08:00 on day 3 either way (ADR 0003).
        var incident = Open(plan, Accident(3));

        Continuation(incident, At(hour, minute, day: 2));

        var met = incident.State.Obligations.Single(o => o.Key == "continuation-report");
        met.Clock.State.Should().Be(ObligationState.Met);
        met.Clock.OnTime.Should().Be(onTime);
        OwedOne(incident, "continuation-report").Clock.DueAt.Should().Be(onTime ? At(hour, minute, day: 3) : At(8, 0, day: 3));
    }

    [Theory]
    [InlineData("construction")]
    [InlineData("road-traffic")]
    public void Continuation_Daily_PhonedInTimeAndRecordedLater_WithMadeAt_IsMetOnTime_AndTheNextRunsFromWhenItWasMade(string plan)
    {
        // "较大以上……每日至少续报1次" (C 4.1(三), R 5.1.2), due 08:00 on day 2: the office phoned its 续报 at 07:55 and types it in at 08:10.
        // Recorded with when it was made, it is the day's 续报 on time, and the next is owed a day after 07:55. Without a way to say so it
        // was 迟报, and a fulfilment afterwards was refused as belonging to the period before (a duty officer's review, session 53).
        var incident = Open(plan, Accident(3));

        incident.FileReport(false, "07:55已电话续报市委总值班室", new IncidentReport(), Officer, At(8, 10, day: 2), Repository.Engine, madeAt: At(7, 55, day: 2));

        var met = incident.State.Obligations.Single(o => o.Key == "continuation-report");
        (met.Clock.State, met.Clock.OnTime, met.Clock.FiledAt).Should().Be((ObligationState.Met, true, At(7, 55, day: 2)));
        OwedOne(incident, "continuation-report").Clock.DueAt.Should().Be(At(7, 55, day: 3));
        incident.State.Timeline.Last(t => t.Type == "continuation-report").Summary.Should().StartWith("（03-02 07:55所作，补录）07:55已电话续报");

        // Not before the occurrence, and not later than it is recorded.
        var before = () => incident.FileReport(false, "续报", new IncidentReport(), Officer, At(9, day: 2), Repository.Engine, madeAt: At(7, 0, day: 1));
        before.Should().Throw<IncidentCommandRejectedException>().Which.Field.Should().Be("madeAt");
        var later = () => incident.FileReport(false, "续报", new IncidentReport(), Officer, At(9, day: 2), Repository.Engine, madeAt: At(9, 30, day: 2));
        later.Should().Throw<IncidentCommandRejectedException>().Which.Field.Should().Be("madeAt");
    }

    [Fact]
    public void AContinuationTyped30DeadFor3_Corrected_TheDirectReportOfTheGradeThatNeverWasEnds_TheRestStays()
    {
        // C 4.1(二) "发生特别重大、重大建设工程事故……属地县、乡政府值班部门……可直接向省……报告……不得晚于事发后30分钟": 30 dead typed for 3 at 09:00
        // raise it, overdue at once (the accident was at 08:00). The officer corrects the entry at 09:02 with 3 dead: that report was never
        // owed and ends as not needed; what 3 dead (较大) call for stays (a duty officer's review, session 53: it stayed overdue, alerting).
        var incident = Open("construction", Accident(1));
        incident.FileReport(false, "续报", new IncidentReport { Figures = new ReportedFigures { [Figure.Deaths] = 30 } }, Officer, At(9), Repository.Engine);
        OwedOne(incident, DirectReport("construction"));

        incident.FileReport(false, "更正：上次续报录入错误，死亡应为3人", new IncidentReport { Figures = new ReportedFigures { [Figure.Deaths] = 3 } }, Officer, At(9, 2),
            Repository.Engine, correctsPrevious: true);

        var direct = incident.State.Obligations.Single(o => o.Code == DirectReport("construction"));
        (direct.Clock.State, direct.Ending()).Should().Be((ObligationState.Cancelled, ObligationEntry.EndedNotNeeded));
        direct.Clock.Decisions[^1].Reason.Should().Be("上次报告录入有误，已更正（更正：上次续报录入错误，死亡应为3人），不再需要");
        OwedOne(incident, "written-report-to-city");
        incident.State.Timeline.Should().Contain(t => t.Summary.StartsWith("更正上次报告（录入有误）：", StringComparison.Ordinal));

        // Without saying so, a report lowering the figures leaves a missed report missed, as before.
        var plain = Open("construction", Accident(1));
        plain.FileReport(false, "续报", new IncidentReport { Figures = new ReportedFigures { [Figure.Deaths] = 30 } }, Officer, At(9), Repository.Engine);
        plain.FileReport(false, "核实：死亡3人", new IncidentReport { Figures = new ReportedFigures { [Figure.Deaths] = 3 } }, Officer, At(9, 2), Repository.Engine);
        OwedOne(plain, DirectReport("construction"));
    }

    [Theory]
    [InlineData("construction", "较大以上建设工程事故每日至少续报1次")]
    [InlineData("road-traffic", "较大以上道路交通安全突发事件每日至少续报1次")]
    public void AContinuationTyped40DeadFor4_Corrected_ThePeriodItMovedToTheFourHourRuleIsOwedByTheDailyOneAgain(string plan, string daily)
    {
        // C 4.1(三) "较大以上建设工程事故每日至少续报1次;重大以上建设工程事故每4小时续报1次,特殊情况每2小时续报1次" (R 5.1.2 the same) and
        // "首报要快,续报要准,终报要实,必须实事求是". 1 dead and 6 missing at 08:00, opened 08:45 (the daily 续报 owed); a 续报 at 08:45 types 40 dead for
        // 4: it meets the first day and moves 第2期 to the 4-hourly rule of 重大以上 (due 12:00). The correction at 08:46 (4 dead, 较大) undoes
        // that move with the rest of what the mistaken report raised, as a real lowering to 较大 puts the period back on the daily rule (ADR 0003
        // "重大 lowered to 较大"): 第2期 is the second day's 续报, owed a day after the last 续报 made, the correction. The correction met 第2期 as the
        // 4-hourly 续报 of a 重大 accident that never was (a construction duty officer's review, session 58, finding 4). Being a second 续报 on the
        // first day, it meets no day (ADR 0003 "每日至少续报1次: which report meets which instance"; #78).
        var incident = Open(plan, Accident(deaths: 1, missing: 6), now: At(8, 45));
        incident.FileReport(false, "搜救发现3名失联人员遇难", new IncidentReport { Figures = new ReportedFigures { [Figure.Deaths] = 40, [Figure.Missing] = 3 } },
            Officer, At(8, 45), Repository.Engine);
        var moved = OwedOne(incident, "continuation-report");
        (moved.Key, moved.Every, moved.Clock.DueAt).Should().Be(("continuation-report#2", "PT4H", At(12)));

        incident.FileReport(false, "更正：上次续报录入错误，死亡应为4人", new IncidentReport { Figures = new ReportedFigures { [Figure.Deaths] = 4, [Figure.Missing] = 3 } },
            Officer, At(8, 46), Repository.Engine, correctsPrevious: true);

        var second = OwedOne(incident, "continuation-report");
        (second.Key, second.Every, second.Words, second.Clock.DueAt).Should().Be(("continuation-report#2", "P1D", daily, At(8, 46, day: 2)));
        second.Clause.Should().Be(Repository.Latest(plan).Obligations.First(o => o.Words == daily).Clause);
        incident.State.Obligations.Where(o => o.Code == "continuation-report").Should().OnlyContain(o => o.Every == "P1D" && o.Words == daily,
            "the accident never was 重大: no period of the record is the 4-hourly one");
        incident.State.Obligations.Single(o => o.Key == "continuation-report").Clock.FiledAt.Should().Be(At(8, 45), "the first day's 续报 was made, if with a wrong figure");
        incident.State.Timeline.Where(t => t.Type == "obligation-fulfilled").Should().NotContain(t => t.Summary.Contains("每4小时"));
        incident.State.Timeline.Last(t => t.Type == "obligation-rescheduled").Summary.Should().Contain("上次报告录入有误，已更正").And.Contain(daily)
            .And.EndWith("2026-03-02 08:46前报告");
    }

    [Theory]
    [InlineData("construction", "较大以上建设工程事故每日至少续报1次")]
    [InlineData("road-traffic", "较大以上道路交通安全突发事件每日至少续报1次")]
    public void AContinuationTyped40DeadFor4_CorrectedAfterTheFourHourPeriodPassed_OneDailyPeriodIsOwed_NoMissed重大Report(string plan, string daily)
    {
        // The same rules and mistake (C 4.1(三), R 5.1.2), seen only at 13:00: 第2期, moved to the 4-hourly rule, passed unmet at 12:00, and the
        // correction's command first raises the next 4-hourly period (12:00–16:00). Neither was owed: the daily 第2期 is owed a day after the
        // correction, and the second 4-hourly period ends as not needed, so the record neither misses nor owes a 重大 report (ADR 0003 #78).
        var incident = Open(plan, Accident(deaths: 1, missing: 6), now: At(8, 45));
        incident.FileReport(false, "搜救发现3名失联人员遇难", new IncidentReport { Figures = new ReportedFigures { [Figure.Deaths] = 40, [Figure.Missing] = 3 } },
            Officer, At(8, 45), Repository.Engine);

        incident.FileReport(false, "更正：08:45续报录入错误，死亡应为4人", new IncidentReport { Figures = new ReportedFigures { [Figure.Deaths] = 4, [Figure.Missing] = 3 } },
            Officer, At(13), Repository.Engine, correctsPrevious: true);

        var owed = OwedOne(incident, "continuation-report");
        (owed.Key, owed.Every, owed.Words, owed.Clock.DueAt).Should().Be(("continuation-report#2", "P1D", daily, At(13, day: 2)));
        var third = incident.State.Obligations.Single(o => o.Key == "continuation-report#3");
        (third.Clock.State, third.Ending()).Should().Be((ObligationState.Cancelled, ObligationEntry.EndedNotNeeded));
        incident.State.Obligations.Where(o => o.Code == "continuation-report").Should().NotContain(o => o.Clock.State == ObligationState.Met && o.Every != "P1D");
    }

    [Theory]
    [InlineData("construction")]
    [InlineData("road-traffic")]
    public void AContinuationTyped40DeadFor1_Corrected_ThePeriodItMovedIsNotOwedAtAll_NotMetAsTheFourHourOne(string plan)
    {
        // C 4.1(三) / R 5.1.2 "较大以上……每日至少续报1次;重大以上……每4小时续报1次": 1 dead and 2 missing at 08:00 (opened 08:45) may be 较大, so the
        // daily 续报 is owed. A 续报 at 08:45 types 40 dead: it meets the first day and moves 第2期 to the 4-hourly rule (12:00). Corrected at 08:46
        // (1 dead, the missing found: 一般, settled), no 续报 is owed at all: 第2期 ends as not needed (ADR 0003 #78). The correction met it as the
        // 4-hourly 续报 of a 重大 accident that never was (a construction duty officer's review, session 58, finding 4).
        var incident = Open(plan, Accident(deaths: 1, missing: 2), now: At(8, 45));
        incident.FileReport(false, "续报", new IncidentReport { Figures = new ReportedFigures { [Figure.Deaths] = 40 } }, Officer, At(8, 45), Repository.Engine);
        (OwedOne(incident, "continuation-report").Key, OwedOne(incident, "continuation-report").Every).Should().Be(("continuation-report#2", "PT4H"));

        incident.FileReport(false, "更正：上次续报录入错误，死亡应为1人，失联人员已找到", new IncidentReport { Figures = new ReportedFigures { [Figure.Deaths] = 1, [Figure.Missing] = 0 } },
            Officer, At(8, 46), Repository.Engine, correctsPrevious: true);

        var second = incident.State.Obligations.Single(o => o.Key == "continuation-report#2");
        (second.Clock.State, second.Clock.FiledAt, second.Ending()).Should().Be((ObligationState.Cancelled, (DateTimeOffset?)null, ObligationEntry.EndedNotNeeded));
        second.Clock.Decisions[^1].Reason.Should().Be("上次报告录入有误，已更正（更正：上次续报录入错误，死亡应为1人，失联人员已找到），不再需要");
        incident.State.Obligations.Should().NotContain(o => o.Code == "continuation-report" && o.Clock.State == ObligationState.Due);
        incident.State.Timeline.Where(t => t.Type == "obligation-fulfilled").Should().NotContain(t => t.Summary.Contains("每4小时"));
    }

    [Fact]
    public void AnEarlierReportOfTheOffice_NotTheOneJustBefore_IsCorrectedByItsReference()
    {
        // C 4.1(三) "首报要快,续报要准,终报要实,必须实事求是"; 4.1(二) the direct report to the province is owed for "重大建设工程事故" (and above):
        // 30 dead typed for 3 at 09:00 (report#2, over REST: no source), another officer's 续报 at 09:05 (report#3), the mistake seen at 09:10.
        // Naming report#2, its 特别重大 direct report was never owed; correctsPrevious reached only report#3 (review s55, finding 1).
        var incident = Open("construction", Accident(1));
        incident.FileReport(false, "伤员送医，死亡3人", new IncidentReport { Figures = new ReportedFigures { [Figure.Deaths] = 30 } }, Officer, At(9), Repository.Engine);
        incident.FileReport(false, "现场发现1人被困", new IncidentReport { Figures = new ReportedFigures { [Figure.Trapped] = 1 } }, Officer, At(9, 5), Repository.Engine);
        incident.State.Timeline.Where(t => t.ReportRef is not null).Select(t => t.ReportRef).Should().Equal("report#1", "report#2", "report#3");

        incident.FileReport(false, "更正：09:00续报死亡人数录入错误，应为3人", new IncidentReport { Figures = new ReportedFigures { [Figure.Deaths] = 3 } }, Officer,
            At(9, 10), Repository.Engine, corrects: "report#2");

        var direct = incident.State.Obligations.Single(o => o.Code == DirectReport("construction"));
        (direct.Clock.State, direct.Ending()).Should().Be((ObligationState.Cancelled, ObligationEntry.EndedNotNeeded));
        direct.Clock.Decisions[^1].Reason.Should().StartWith("第2份报告（report#2）录入有误，已更正");
        incident.State.Timeline.Last(t => t.Type == "continuation-report").ReportRef.Should().Be("report#4");

        // A reference the incident has not: refused naming corrects, the example being this incident's own references.
        var unknown = () => incident.FileReport(false, "更正", new IncidentReport(), Officer, At(9, 12), Repository.Engine, corrects: "first-run-duty-officer");
        var refused = unknown.Should().Throw<IncidentCommandRejectedException>().Which;
        refused.Field.Should().Be("corrects");
        refused.Chinese.Should().Contain("report#1至report#4").And.NotContain("122:");
    }

    [Fact]
    public void AnIncidentOpenedUnderTheWrongPlan_ClosedAsEnteredInError_OwesNothingAnyMore()
    {
        // A flood opened under the construction plan by mistake (3 dead: C 4.1(二) 30-minute phone report, 1-hour written report, the
        // office's proposal). Closed by a 终报 alone, its timed duties stay owed for ever (a missed report stays missed): overdue alerts for an
        // incident that never was (a duty officer's review, session 53). Closed as entered in error, none of them was ever owed.
        var incident = Open("construction", Accident(3));

        incident.FileReport(true, "误报：预案选错，已按自然灾害救助预案另行建档", new IncidentReport(), Officer, At(8, 10), Repository.Engine, enteredInError: true);

        incident.State.IsOpen.Should().BeFalse();
        incident.State.EnteredInError.Should().BeTrue();
        incident.State.Obligations.Where(o => o.Clock.State == ObligationState.Due).Should().BeEmpty();
        incident.State.Obligations.Single(o => o.Code == "phone-report-to-city").Ending().Should().Be(ObligationEntry.EndedNotNeeded);
        incident.State.Timeline.Should().Contain(t => t.Type == "final-report" && t.Summary.StartsWith("立案有误，作为误建关闭：误报：预案选错", StringComparison.Ordinal));

        // Only a 终报 with its reason closes an incident so.
        var other = Open("construction", Accident(3));
        var continuation = () => other.FileReport(false, "误报", new IncidentReport(), Officer, At(8, 10), Repository.Engine, enteredInError: true);
        continuation.Should().Throw<IncidentCommandRejectedException>().Which.Field.Should().Be("enteredInError");
    }

    [Theory]
    [InlineData("construction")]
    [InlineData("road-traffic")]
    public void Continuation_Daily_EachReport_OwesTheNextWithinADay(string plan)
    {
        // "较大以上……每日至少续报1次": never a day without a 续报. The next is owed within a day of the last one made: after 09:00, 10:00
        // and 11:00 on day 1 it is due 11:00 on day 2, and after one at 09:00 on day 2, 09:00 on day 3. Day 1 is met by its first 续报;
        // the later ones move day 2's due time, they do not each owe a day of their own (#2, not #4 as from 2026-12-05 to the amendment
        // of the same day; before, day 1's later 续报 met nothing and the next stayed due 08:00 on day 3, 47 hours after the first; ADR 0003).
        var incident = Open(plan, Accident(3));

        Continuation(incident, At(9, 0, day: 1));
        Continuation(incident, At(10, 0, day: 1));
        Continuation(incident, At(11, 0, day: 1));

        var owed = OwedOne(incident, "continuation-report");
        owed.Key.Should().Be("continuation-report#2");
        owed.Clock.DueAt.Should().Be(At(11, 0, day: 2));
        Continuation(incident, At(9, 0, day: 2));
        OwedOne(incident, "continuation-report").Clock.DueAt.Should().Be(At(9, 0, day: 3));
    }

    [Theory]
    [InlineData("construction")]
    [InlineData("road-traffic")]
    public void Continuation_Daily_AReportEveryTwoHoursForADay_OweOnePendingInstance_NotTwelve(string plan)
    {
        // C 4.1(三) / R 5.1.2 "较大以上……每日至少续报1次": a day owes at least one 续报, so a day with twelve owes one, not twelve. A 续报
        // every two hours from 09:00 on day 1 to 07:00 on day 2 (all of day 1, which runs from the 08:00 occurrence): day 1 is met by
        // the 09:00 one, and day 2's report is the one instance owed, due a day after the last 续报 made (07:00 on day 3). Before this
        // amendment each 续报 met a "day" running from the one before and raised the next: twelve met instances a day (ADR 0003).
        var incident = Open(plan, Accident(3));

        for (var at = At(9, 0, day: 1); at < At(8, 0, day: 2); at += TimeSpan.FromHours(2))
        {
            Continuation(incident, at);
        }

        incident.State.Obligations.Where(o => o.Code == "continuation-report").Select(o => (o.Key, o.Clock.State, o.Clock.FiledAt, o.Clock.DueAt)).Should().Equal(
            ("continuation-report", ObligationState.Met, (DateTimeOffset?)At(9, 0, day: 1), (DateTimeOffset?)At(8, 0, day: 2)),
            ("continuation-report#2", ObligationState.Due, (DateTimeOffset?)null, (DateTimeOffset?)At(7, 0, day: 3)));

        // Day 2's first 续报 meets it, on time; day 3's is owed a day after it.
        Continuation(incident, At(9, 0, day: 2));
        var day2 = incident.State.Obligations.Single(o => o.Key == "continuation-report#2");
        (day2.Clock.State, day2.Clock.OnTime).Should().Be((ObligationState.Met, (bool?)true));
        OwedOne(incident, "continuation-report").Should().Match<ObligationEntry>(o => o.Key == "continuation-report#3" && o.Clock.DueAt == At(9, 0, day: 3));
    }

    [Theory]
    [InlineData("construction")]
    [InlineData("road-traffic")]
    public void Continuation_Daily_TheTimelineSaysWhenAndWhyTheDueTimeMoved(string plan)
    {
        // "每日至少续报1次": the 11:00 续报 on day 1 moves day 2's report from 09:00 to 11:00 on day 2; the history says so and why.
        var incident = Open(plan, Accident(3));
        Continuation(incident, At(9, 0, day: 1));

        Continuation(incident, At(11, 0, day: 1));

        var moved = incident.State.Timeline.Last(t => t.Type == "obligation-rescheduled");
        moved.Summary.Should().Contain("2026-03-01 11:00已续报").And.Contain("每日至少续报1次").And.Contain("推后至2026-03-02 11:00前");
        moved.Rule.Should().Contain(plan == "construction" ? "4.1(三)" : "5.1.2");
    }

    [Theory]
    [InlineData("construction")]
    [InlineData("road-traffic")]
    public void Continuation_Daily_A25HourGapAfterTheLastReport_IsOverdue_AndTheReportLate(string plan)
    {
        // "每日至少续报1次": 续报 at 09:00 and 11:00 on day 1, then none until 12:00 on day 2, 25 hours after the last: day 2's report was
        // owed by 11:00 on day 2. At 11:01 it is overdue; the 12:00 续报 meets it late (迟报, against 11:00), and as a late report it does
        // not put the next off: day 3's is due 11:00 on day 3.
        var incident = Open(plan, Accident(3));
        Continuation(incident, At(9, 0, day: 1));
        Continuation(incident, At(11, 0, day: 1));

        var owed = OwedOne(incident, "continuation-report");
        owed.Clock.DueAt.Should().Be(At(11, 0, day: 2));
        RepeatingDuties.PassedPeriods(incident.State, At(10, 59, day: 2)).Should().BeEmpty("within a day of the last 续报");
        RepeatingDuties.PassedPeriods(incident.State, At(11, 1, day: 2)).Should().ContainSingle("a day has passed since the last 续报: day 2's report lapsed");

        Continuation(incident, At(12, 0, day: 2));

        var day2 = incident.State.Obligations.Single(o => o.Key == "continuation-report#2");
        (day2.Clock.State, day2.Clock.OnTime, day2.Clock.DueAt).Should().Be((ObligationState.Met, (bool?)false, (DateTimeOffset?)At(11, 0, day: 2)));
        OwedOne(incident, "continuation-report").Clock.DueAt.Should().Be(At(11, 0, day: 3));
    }

    [Theory]
    [InlineData("construction")]
    [InlineData("road-traffic")]
    public void Continuation_Daily_AReportRecordedOnTheDayBefore_MovesTheDayOwed_ItDoesNotMeetIt(string plan)
    {
        // "每日至少续报1次": a 续报 made at 15:00 on day 1 (after the 09:00 one that met day 1) and recorded against day 2's duty is day 1's
        // second report: day 2 still owes one, due a day after it. One made at 08:30, before the 09:00 one, moves nothing and is refused.
        var incident = Open(plan, Accident(3));
        Continuation(incident, At(9, 0, day: 1));

        var duty = incident.FulfilObligation("continuation-report#2", At(15, 0, day: 1), "续报", Officer, At(16, 0, day: 1), Repository.Engine);

        (duty.Clock.State, duty.Clock.DueAt).Should().Be((ObligationState.Due, (DateTimeOffset?)At(15, 0, day: 2)));
        var refused = () => incident.FulfilObligation("continuation-report#2", At(8, 30, day: 1), "续报", Officer, At(16, 0, day: 1), Repository.Engine);
        refused.Should().Throw<IncidentCommandRejectedException>().Which.Field.Should().Be("madeAt");
    }

    [Theory]
    [InlineData("construction")]
    [InlineData("road-traffic")]
    public void Continuation_Daily_NoMoreThanADayPassesWithoutOne_TheNextIsOverdueADayAfterTheLast(string plan)
    {
        // C 4.1(三) / R 5.1.2 "较大以上……每日至少续报1次": a 续报 at 08:10 on day 1; nothing more. At 08:11 on day 2 a day has passed
        // without one: overdue (it read on time until 08:00 on day 3).
        var incident = Open(plan, Accident(3));
        Continuation(incident, At(8, 10, day: 1));

        var next = OwedOne(incident, "continuation-report");

        next.Clock.DueAt.Should().Be(At(8, 10, day: 2));
        RepeatingDuties.PassedPeriods(incident.State, At(8, 11, day: 2)).Should().ContainSingle()
            .Which.Clock.DueAt.Should().Be(At(8, 10, day: 3), "the day after the missed one runs from its due time");
    }

    [Theory]
    [InlineData("construction")]
    [InlineData("road-traffic")]
    public void Continuation_Daily_AReportRecordedAfterTheNextDaysWereRaised_BringsThemForward(string plan)
    {
        // "每日至少续报1次": the 续报 was made at 09:00 on day 1 and recorded only at 10:00 on day 3, after the days that followed were
        // raised from the first due time (08:00 on days 3 and 4). They run from the 续报: 09:00 on days 2 and 3, both missed by now.
        var incident = Open(plan, Accident(3));

        incident.FulfilObligation("continuation-report", At(9, 0, day: 1), "续报（补录）", Officer, At(10, 0, day: 3), Repository.Engine);

        incident.State.Obligations.Where(o => o.Code == "continuation-report").Select(o => (o.Key, o.Clock.State, o.Clock.DueAt)).Should().Equal(
            ("continuation-report", ObligationState.Met, (DateTimeOffset?)At(8, 0, day: 2)),
            ("continuation-report#2", ObligationState.Due, (DateTimeOffset?)At(9, 0, day: 2)),
            ("continuation-report#3", ObligationState.Due, (DateTimeOffset?)At(9, 0, day: 3)));
        incident.State.Timeline.Should().Contain(t => t.Type == "obligation-rescheduled" && t.Summary.Contains("本期自该报告起算", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("construction")]
    [InlineData("road-traffic")]
    public void Continuation_Daily_SixtyDaysOfReports_EachDayItsOwnInstance_DueADayAfterTheLast(string plan)
    {
        // C 4.1(三) / R 5.1.2 "较大以上……每日至少续报1次": the days run back to back from the 08:00 occurrence, each met by its first 续报
        // and due a day after the last 续报 made before it. A 续报 at 09:00 and another at 15:00 every day for sixty days: day 1 (due 08:00 on
        // day 2) is met at 09:00 on day 1; each later day k is due 15:00 on day k (a day after the 15:00 续报 of day k-1, which began no
        // day: day k begins at 08:00) and met at 09:00 on day k, on time; day 61 is owed, due 15:00 on day 61. Written from the rule, so the
        // day each 续报 falls in (worked out for every 续报, from the first day's start) stays what it was when it is worked out faster.
        var incident = Open(plan, Accident(3));
        DateTimeOffset Day(int day, int hour) => At(hour) + TimeSpan.FromDays(day - 1);

        for (var day = 1; day <= 60; day++)
        {
            Continuation(incident, Day(day, 9));
            Continuation(incident, Day(day, 15));
        }

        var expected = Enumerable.Range(1, 61).Select(k => (
            Key: k == 1 ? "continuation-report" : $"continuation-report#{k}",
            State: k <= 60 ? ObligationState.Met : ObligationState.Due,
            FiledAt: k <= 60 ? Day(k, 9) : (DateTimeOffset?)null,
            DueAt: (DateTimeOffset?)(k == 1 ? Day(2, 8) : Day(k, 15)),
            OnTime: k <= 60 ? true : (bool?)null));
        incident.State.Obligations.Where(o => o.Code == "continuation-report")
            .Select(o => (o.Key, o.Clock.State, o.Clock.FiledAt, o.Clock.DueAt, o.Clock.OnTime)).Should().Equal(expected);
    }

    [Theory]
    [InlineData("construction")]
    [InlineData("road-traffic")]
    public void Continuation_FourHourly_StillRunsFromTheFirstDueTime(string plan)
    {
        // "重大以上……每4小时续报1次" says no 至少: its periods run one after another from the occurrence, as before: a 续报 at 09:00 meets the
        // first (due 12:00) and the next is due 16:00.
        var incident = Open(plan, Accident(10));

        Continuation(incident, At(9, 0));

        OwedOne(incident, "continuation-report").Clock.DueAt.Should().Be(At(16, 0));
    }

    [Theory]
    [InlineData("construction", 7, 59, true)]
    [InlineData("construction", 8, 1, false)]
    [InlineData("road-traffic", 7, 59, true)]
    [InlineData("road-traffic", 8, 1, false)]
    public void Continuation_Daily_ContinuationReportMeetsIt_OnTimeOrLate(string plan, int hour, int minute, bool onTime)
    {
        // "较大以上……每日至少续报1次": the first is due 08:00 on day 2; filing a 续报 meets it, no separate call.
        var incident = Open(plan, Accident(3));

        Continuation(incident, At(hour, minute, day: 2));

        var met = incident.State.Obligations.Single(o => o.Key == "continuation-report");
        met.Clock.State.Should().Be(ObligationState.Met);
        met.Clock.OnTime.Should().Be(onTime);
    }

    [Theory]
    [InlineData("construction")]
    [InlineData("road-traffic")]
    public void Continuation_Serious_RecordedReports_FourHours_TwoWhileSpecial_FourAfterClearing(string plan)
    {
        // "重大以上……每4小时续报1次,特殊情况每2小时续报1次", reports recorded as made (FulfilObligation). Cleared at 16:00, the period
        // that began at 15:00 is a 4-hour one again, due 19:00 (it stayed due at 17:00, the 2-hour cadence, before 2026-12-03).
        var incident = Open(plan, Accident(10));

        Fulfil(incident, "continuation-report", At(12));
        OwedOne(incident, "continuation-report").Clock.DueAt.Should().Be(At(16));
        Clock(incident, ClockEvents.SpecialCircumstancesSet, At(13));
        OwedOne(incident, "continuation-report").Clock.DueAt.Should().Be(At(15), "set at 13:00, the next report is due within 2 h");
        Fulfil(incident, "continuation-report", At(15));
        OwedOne(incident, "continuation-report").Clock.DueAt.Should().Be(At(17));
        Clock(incident, ClockEvents.SpecialCircumstancesCleared, At(16));
        OwedOne(incident, "continuation-report").Clock.DueAt.Should().Be(At(19), "no longer special: 4 hours from 15:00, when its period began");
        Fulfil(incident, "continuation-report", At(17));
        OwedOne(incident, "continuation-report").Clock.DueAt.Should().Be(At(23));
    }

    [Theory]
    [InlineData("construction")]
    [InlineData("road-traffic")]
    public void Continuation_EndsWithTheFinalReport(string plan)
    {
        // "信息报告分首报、续报、终报": after 终报 no further 续报 is owed.
        var incident = Open(plan, Accident(3));
        Continuation(incident, At(8, 0, day: 2));

        incident.FileReport(true, "终报", new IncidentReport(), Officer, At(12, 0, day: 2), Repository.Engine);

        Owed(incident, "continuation-report").Should().BeEmpty();
    }

    [Fact]
    public void AReportThatLowersACount_SaysSoInItsTimelineLine()
    {
        // R 5.1.2: a later report's figures replace the earlier ones, a lower count too (a correction; or a 122 message sent before the
        // office's own count, which replaced 7 dead with 5 and no line showed it: a feed integrator's review, session 52).
        var incident = Open("road-traffic", Accident(7));
        var source = new ReportSource("122", "JC122-1-6", "JC122-1", 6);

        incident.FileReport(false, "122续报（序号6，已结案）", new IncidentReport { Figures = Accident(5) }, new LifecycleActor(RoleCatalogue.Feed, "122接处警"),
            At(9), Repository.Engine, source);
        incident.FileReport(false, "续报", new IncidentReport { Figures = Accident(6) }, new LifecycleActor(RoleCatalogue.DutyOfficer, "值班员"), At(9, 10), Repository.Engine);

        var reports = incident.State.Timeline.Where(t => t.Type == "continuation-report").Select(t => t.Summary).ToList();
        reports[0].Should().EndWith("；较前次报告减少：死亡7人→5人");
        reports[1].Should().NotContain("减少", "a count that rose is no decrease");
    }

    [Fact]
    public void AReportThatRaisesTheDeadAndLowersTheMissing_SaysTheRiseBesideTheDecrease()
    {
        // C 4.1(三) "造成伤亡人数发生变化的,应立即续报": the 续报 that took a tower crane's dead from 4 to 11 (重大, 1.5(2)) and its missing from 1 to
        // 0 read "较前次报告减少：失联1人→0人" alone, like good news (a construction duty officer's review, session 58).
        var incident = Open("construction", new ReportedFigures { [Figure.Deaths] = 4, [Figure.Missing] = 1 });

        incident.FileReport(false, "搜救出7名遇难者，累计死亡11人，失联清零", new IncidentReport { Figures = new ReportedFigures { [Figure.Deaths] = 11, [Figure.Missing] = 0 } },
            Officer, At(9), Repository.Engine);
        incident.FileReport(false, "续报", new IncidentReport { Figures = new ReportedFigures { [Figure.Deaths] = 12, [Figure.Missing] = 0 } }, Officer, At(9, 30),
            Repository.Engine);

        var reports = incident.State.Timeline.Where(t => t.Type == "continuation-report").Select(t => t.Summary).ToList();
        reports[0].Should().EndWith("；较前次报告增加：死亡4人→11人；减少：失联1人→0人");
        reports[1].Should().NotContain("较前次报告", "a report that only raised a count says its figures in its own words, as before");
    }

    [Fact]
    public void ARiseTo重大ByA续报_RescheduledTheNextPeriodOnce_NotPutOffAndThenBroughtForward()
    {
        // C 4.1(三) "较大以上建设工程事故每日至少续报1次" and "重大以上建设工程事故每4小时续报1次": 4 dead at 08:00 (较大), a 续报 at 08:30, the
        // 续报 of 11 dead at 09:00 (重大, 1.5(2)). The timeline said of one 第2期 "因已续报…推后至03-02 09:00" and then "提前至03-01 12:00": the first void as it
        // was written (a construction duty officer's review, session 58, finding 6). One line, the 4-hourly one, said against the due time before.
        var incident = Open("construction", Accident(deaths: 4));
        Continuation(incident, At(8, 30), Accident(deaths: 4));
        var before = incident.State.Timeline.Count;

        Continuation(incident, At(9), Accident(deaths: 11));

        var moved = incident.State.Timeline.Skip(before).Where(t => t.Type == "obligation-rescheduled").Select(t => t.Summary).ToList();
        moved.Should().ContainSingle().Which.Should().Contain("每4小时续报1次").And.Contain("提前至2026-03-01 12:00前").And.NotContain("推后");
        OwedOne(incident, "continuation-report").Clock.DueAt.Should().Be(At(12), "4 hours from the occurrence, as the duty's period runs");
    }

    [Fact]
    public void AGradeNoFigureOfTheGradeTableEstablishes_IsSaid暂时无法判明InTheTimeline_AsTheAssessmentSaysIt()
    {
        // C 4.1(二) "较大以上或暂时无法判明等级的建设工程事故…30分钟以内…电话报告": 12 trapped and nothing else known (4.3.3(1)② Ⅰ); no death,
        // injury or loss reported, so 1.5 gives no grade yet. The assessment and the new-incident alert said 暂时无法判明（按较大以上报告）, the
        // timeline 事故等级：一般 (a construction duty officer's review, session 58, finding 3).
        var incident = Open("construction", new ReportedFigures { [Figure.Trapped] = 12 });
        incident.State.Timeline[0].Summary.Should().StartWith("事故等级：暂时无法判明（按较大以上报告）；响应：Ⅰ级");

        // One death known: 1.5(4) gives 一般 at least, not settled while the rest is unknown, and the line says so as before.
        Continuation(incident, At(9), new ReportedFigures { [Figure.Deaths] = 1, [Figure.Trapped] = 12 });
        incident.State.Timeline.Last(t => t.Type == "continuation-report").Summary.Should().Contain("事故等级：一般（数字不全，可能更高；按较大报告）");
    }

    [Fact]
    public void Road_A122RecordWithNewFigures_IsNotTheOfficesContinuation_ItRaisesTheImmediateOne()
    {
        // R 5.1.2 "每日至少续报1次" and "造成伤亡人数发生变化的，应立即续报" are reports the office makes to 市委、市政府. A 122 dispatch
        // record with more deaths is what the office learns: it owes that immediate 续报 from then, and the day's 续报 is still owed.
        var incident = Open("road-traffic", Accident(3));
        var source = new ReportSource("122", "JC122-1-2", "JC122-1", 2);

        incident.FileReport(false, "122续报（第2次）", new IncidentReport { Figures = Accident(4) }, new LifecycleActor(RoleCatalogue.Feed, "122接处警"),
            At(9), Repository.Engine, source);

        OwedOne(incident, "continuation-report").Clock.DueAt.Should().Be(At(8, 0, day: 2));
        OwedOne(incident, "continuation-on-casualty-change").RaisedAt.Should().Be(At(9));

        Continuation(incident, At(9, 20));

        Owed(incident, "continuation-on-casualty-change").Should().BeEmpty("the office's 续报 is the immediate one");
        incident.State.Obligations.Single(o => o.Key == "continuation-report").Clock.FiledAt.Should().Be(At(9, 20), "the office's 续报 is the day's");
        // "每日至少续报1次": the next within a day of it (before 2026-12-05, 08:00 on day 3).
        OwedOne(incident, "continuation-report").Clock.DueAt.Should().Be(At(9, 20, day: 2));
    }

    [Theory]
    [InlineData("construction")]
    [InlineData("road-traffic")]
    public void Continuation_MissedBeforeTheFinalReport_StaysMissed_NotMetByIt(string plan)
    {
        // "信息报告分首报、续报、终报" … "每日至少续报1次" (C 4.1(三), R 5.1.2): day 2's 续报 was due at 08:00 and not made. The 终报 at
        // 12:00 is the final report, not that 续报: the missed report stays missed (overdue), and can still be recorded late on the
        // closed incident. Before 2026-12-05 the 终报 met it, four hours late, as if the office had made it (ADR 0003). Day 2's own
        // 续报, whose period was running, ends with the 终报 (no later 续报 is owed), and no day after it is owed.
        var incident = Open(plan, Accident(3));

        incident.FileReport(true, "终报", new IncidentReport(), Officer, At(12, 0, day: 2), Repository.Engine);

        var continuations = incident.State.Obligations.Where(o => o.Code == "continuation-report").ToArray();
        continuations.Should().HaveCount(2, "no next day after the 终报");
        (continuations[0].Clock.DueAt, continuations[0].Clock.State, continuations[0].Clock.FiledAt).Should().Be((At(8, 0, day: 2), ObligationState.Due, (DateTimeOffset?)null));
        (continuations[1].Clock.DueAt, continuations[1].Clock.State, continuations[1].EndedAs).Should().Be((At(8, 0, day: 3), ObligationState.Cancelled, ObligationEntry.EndedNotNeeded));
        incident.State.IsOpen.Should().BeFalse();

        Fulfil(incident, "continuation-report", At(13, 0, day: 2));

        (continuations[0].Clock.State, continuations[0].Clock.OnTime).Should().Be((ObligationState.Met, (bool?)false), "the 续报 made after all is recorded, late");
    }

    [Theory]
    [InlineData("construction")]
    [InlineData("road-traffic")]
    public void FinalReport_DoesNotMeetAnImmediateContinuationOwedSinceAnEarlierChange_TheCloseEndsItUnmet(string plan)
    {
        // "造成伤亡人数发生变化的,应立即续报" (C 4.1(三), R 5.1.2) and "信息报告分首报、续报、终报": a second death learned at 09:00 (from
        // another system) owes the office an immediate 续报. Nobody makes it; the 终报 at 20:00 is the final report, not that 续报, so it
        // meets the final report and leaves the 立即续报 owed; the close then ends it as never done ("unmet"), not as a duty that no
        // longer applied. Before 2026-12-05 the 终报 met it (已报告 at 20:00).
        var incident = Open(plan, Accident(1));
        incident.FileReport(false, "外部系统：又1人死亡", new IncidentReport { Figures = Accident(2) }, new LifecycleActor(RoleCatalogue.Feed, "外部系统"),
            At(9), Repository.Engine, new ReportSource("122", "X-1-2", "X-1", 2));
        OwedOne(incident, "continuation-on-casualty-change");
        Clock(incident, ClockEvents.HandlingFinished, At(18));

        incident.FileReport(true, "终报", new IncidentReport(), Officer, At(20), Repository.Engine);

        incident.State.IsOpen.Should().BeFalse();
        incident.State.Obligations.Single(o => o.Code == "final-report").Clock.State.Should().Be(ObligationState.Met, "the 终报 meets its own duty");
        var immediate = incident.State.Obligations.Single(o => o.Code == "continuation-on-casualty-change");
        immediate.Clock.FiledAt.Should().BeNull("nobody made the 立即续报");
        (immediate.Clock.State, immediate.EndedAs, immediate.Ending()).Should().Be((ObligationState.Cancelled, ObligationEntry.EndedUnmet, ObligationEntry.EndedUnmet));
        incident.State.Timeline.Should().Contain(t => t.Type == "obligation-cancelled" && t.Summary.Contains("“造成伤亡人数发生变化的,应立即续报”，事件关闭时仍未报"));
    }

    [Theory]
    // C 4.3.3(2) "市指挥部办公室……向市指挥部报告，并提出启动 I 级响应建议，由市指挥部指挥长立即启动 I 级响应"; R 5.3.1 启动程序 (the
    // office proposes Ⅰ to 市指挥部); N 5.1.2 (the office proposes Ⅰ, 市委、市政府决定). The proposal is the step before the activation:
    // once the body it goes to has activated the level, nothing is left to propose. It stayed owed, the close recorded it as the
    // office's unmet duty (事件关闭时仍未报), and the office could not meet it (a proposal of the level in force is refused).
    [InlineData("construction", "office-report-with-proposal")]
    [InlineData("road-traffic", "office-proposal")]
    [InlineData("natural-disaster", "level-i-proposal-to-city")]
    public void LevelIActivatedWithoutTheOfficesProposal_TheProposalIsNoLongerNeeded(string plan, string code)
    {
        var incident = plan == "natural-disaster" ? Open(plan, Disaster(60)) : Open(plan, Accident(12));
        OwedOne(incident, code);

        Activate(incident, ResponseLevel.I, At(8, 30));

        var proposal = incident.State.Obligations.Single(o => o.Code == code);
        (proposal.Clock.State, proposal.EndedAs).Should().Be((ObligationState.Cancelled, ObligationEntry.EndedNotNeeded));
        proposal.Clock.Decisions[^1].Reason.Should().Be("Ⅰ级响应已启动，无需再提出启动Ⅰ级响应的建议");
    }

    [Fact]
    public void ADecisionRecordedAfterItWasTaken_TakesItsTime_AndTheDutiesItStartsRunFromIt()
    {
        // N 5.2.2 "报主任决定"; 5.2.3(3) "市安委会有关成员单位……每日向市安委办报告有关情况". The 市安委会主任 decided Ⅱ by phone at 09:05; the office types it
        // in at 09:20. The decision was stamped 09:20 and the daily report ran from it (a duty officer's review, session 53).
        var incident = Open("natural-disaster", Disaster(22));

        incident.DecideResponse(ResponseLevel.II, false, "电话决定启动Ⅱ级响应", Actors.Commander, At(9, 20), Repository.Engine, decidedAt: At(9, 5));

        incident.State.Response.Decisions[^1].At.Should().Be(At(9, 5));
        OwedOne(incident, "member-units-daily-report").Clock.DueAt.Should().Be(At(9, 5, day: 2));
        incident.State.Timeline.Last(t => t.Type == "response-activated").Summary.Should().Be("启动Ⅱ级响应（03-01 09:05决定，补录）：电话决定启动Ⅱ级响应");

        // Not later than it is recorded, not before the occurrence (08:00), not before the response's last decision (09:05).
        var later = () => incident.DecideResponse(ResponseLevel.I, true, "升级", Actors.PartyCommitteeGovernment, At(9, 30), Repository.Engine, decidedAt: At(9, 40));
        var beforeTheLast = () => incident.DecideResponse(ResponseLevel.I, true, "升级", Actors.PartyCommitteeGovernment, At(9, 30), Repository.Engine, decidedAt: At(9, 0));
        later.Should().Throw<IncidentCommandRejectedException>().Which.Field.Should().Be("decidedAt");
        beforeTheLast.Should().Throw<IncidentCommandRejectedException>().Which.Chinese.Should().Contain("早于本事件响应的上一次决定");
        var other = Open("natural-disaster", Disaster(22));
        var beforeTheOccurrence = () => other.DecideResponse(ResponseLevel.II, false, "启动", Actors.Commander, At(9), Repository.Engine, decidedAt: At(7));
        beforeTheOccurrence.Should().Throw<IncidentCommandRejectedException>().Which.Field.Should().Be("decidedAt");
    }

    [Fact]
    public void ALevelDecidedAboveTheFigures_TheTimelineSaysWhatTheFiguresCallFor()
    {
        // N 5.4.1 "……出现下列情况之一的,启动Ⅳ级响应": with one dead and every figure known none holds; the office director's Ⅳ (汛期敏感) rests on
        // the decider's reason (5.4.1(5) 市安委会认为……, 5.5), and passed without a word. C 4.4 视情提高: one dead calls for Ⅲ, the commander's Ⅱ is
        // above it (a duty officer's review, session 53).
        var flood = Open("natural-disaster", Disaster(1));
        flood.DecideResponse(ResponseLevel.IV, false, "汛期敏感", Actors.OfficeDirector, At(8, 20), Repository.Engine);
        flood.State.Timeline.Last(t => t.Type == "response-activated").Summary.Should().Be("启动Ⅳ级响应（按已报数字未达到任一级别的启动条件）：汛期敏感");

        var crane = Open("construction", Accident(1));
        crane.DecideResponse(ResponseLevel.II, false, "重大活动期间，视情提高（4.4）", Actors.Commander, At(8, 20), Repository.Engine);
        crane.State.Timeline.Last(t => t.Type == "response-activated").Summary.Should().Be("启动Ⅱ级响应（按已报数字应为Ⅲ级，高于此启动）：重大活动期间，视情提高（4.4）");

        var called = Open("construction", Accident(3));
        called.DecideResponse(ResponseLevel.II, false, "死亡3人", Actors.Commander, At(8, 20), Repository.Engine);
        called.State.Timeline.Last(t => t.Type == "response-activated").Summary.Should().Be("启动Ⅱ级响应：死亡3人");
    }

    [Fact]
    public void Construction_IIRaisedUnder4_4_ThenFiguresReachII_NoProposalOfIIIsOwed()
    {
        // C 4.3.2(2) "市指挥部办公室接到事故报告,经预判后向市指挥部报告,并提出启动Ⅱ级响应建议,由市指挥部指挥长或委托副指挥长立即启动Ⅱ级响应": the
        // proposal leads to the activation. Here the commander raised Ⅱ already (4.4 视情提高, one dead), and 3 dead (较大, 4.3.2(1)①) reach
        // it afterwards: nothing is left to propose. The proposal was owed and could not be made (a proposal of the level in force is
        // refused), and the close recorded it as the office's unmet duty (a duty officer's review, session 53).
        var incident = Open("construction", Accident(1));
        incident.DecideResponse(ResponseLevel.II, false, "重大活动期间，视情提高（4.4）", Actors.Commander, At(8, 20), Repository.Engine);

        incident.FileReport(false, "死亡增至3人", new IncidentReport { Figures = new ReportedFigures { [Figure.Deaths] = 3 } }, Officer, At(8, 40), Repository.Engine);

        incident.State.Obligations.Should().NotContain(o => o.Code == "office-report-with-proposal" && o.Clause == "4.3.2(2)");
        incident.State.Obligations.Should().NotContain(o => o.Code == "office-report-with-proposal" && o.Clock.State == ObligationState.Due);
    }

    [Fact]
    public void NaturalDisaster_IIIActive_ThenTheRelocatedReachIII_NoProposalToTheCommitteeIsOwed_ButIIsProposalIs()
    {
        // N 5.3.2 "市安委办……向市安委会提出启动Ⅲ级响应的建议,由市安委会副主任决定启动Ⅲ级响应": with Ⅲ already decided by the 副主任 (6,000 relocated,
        // 5.3.1(2), reached afterwards) nothing is left to propose; 22 dead (5.2.1(1), Ⅱ) above the level in force still owe Ⅱ's proposal.
        var incident = Open("natural-disaster", Disaster(1));
        incident.DecideResponse(ResponseLevel.III, false, "汛期，视情启动", Actors.DeputyCommander, At(8, 20), Repository.Engine);

        incident.FileReport(false, "转移安置6000人", new IncidentReport { Figures = new ReportedFigures { [Figure.Relocated] = 6000 } }, Officer, At(8, 40), Repository.Engine);
        incident.State.Obligations.Should().NotContain(o => o.Code == "level-iii-proposal-to-committee");

        incident.FileReport(false, "死亡22人", new IncidentReport { Figures = new ReportedFigures { [Figure.Deaths] = 22 } }, Officer, At(9), Repository.Engine);
        OwedOne(incident, "level-ii-proposal-to-committee");
    }

    [Fact]
    public void Construction_ProposalOfII_FiguresCorrectedToIII_TheIIProposalIsNoLongerNeeded()
    {
        // C 4.3.2(1)① 较大事故 (3 dead, 条例第三条(三)) calls for Ⅱ and its proposal (4.3.2(2)); corrected to 2 dead it is 一般, Ⅲ
        // (4.3.1(1)①), whose proposal (4.3.1(2)) is owed instead. The Ⅱ one stood owed beside it.
        var incident = Open("construction", Accident(3));
        OwedOne(incident, "office-report-with-proposal").Clause.Should().Be("4.3.2(2)");

        incident.FileReport(false, "核实后死亡2人", new IncidentReport { Figures = new ReportedFigures { [Figure.Deaths] = 2 } }, Officer, At(8, 40), Repository.Engine);

        OwedOne(incident, "office-report-with-proposal").Clause.Should().Be("4.3.1(2)");
        var two = incident.State.Obligations.Single(o => o.Code == "office-report-with-proposal" && o.Clause == "4.3.2(2)");
        (two.Clock.State, two.EndedAs).Should().Be((ObligationState.Cancelled, ObligationEntry.EndedNotNeeded));
        two.Clock.Decisions[^1].Reason.Should().Be("按最新研判，本事件已不需启动Ⅱ级响应，无需再提出建议");
    }

    [Fact]
    public void Construction_FinalReport_DoesNotMakeTheOfficesProposal_TheCloseEndsItUnmet()
    {
        // C 4.3.1(2) "市指挥部办公室接到事故报告,经预判后向市指挥部报告,提出启动Ⅲ级响应建议": the office's report with its proposal is
        // made by proposing (ADR 0003). Here nobody proposes or declares Ⅲ and the 终报 is filed: the 终报 (C 4.1(三) 首报、续报、终报)
        // is not the proposal, which stays owed until the close ends it as never done. (Until 2026-12-07 the office director declared
        // Ⅲ here first; since ADR 0003 #76 his own declaration ends the proposal as not needed, the test below.)
        var incident = Open("construction", Accident(1));
        OwedOne(incident, "office-report-with-proposal");
        Clock(incident, ClockEvents.HandlingFinished, At(18));
        OwedOne(incident, "office-report-with-proposal");

        incident.FileReport(true, "终报", new IncidentReport(), Officer, At(20), Repository.Engine);

        incident.State.IsOpen.Should().BeFalse();
        var proposal = incident.State.Obligations.Single(o => o.Code == "office-report-with-proposal");
        (proposal.Clock.State, proposal.Clock.FiledAt, proposal.EndedAs).Should().Be((ObligationState.Cancelled, (DateTimeOffset?)null, ObligationEntry.EndedUnmet));
        incident.State.Obligations.Single(o => o.Code == "final-report").Clock.State.Should().Be(ObligationState.Met);
    }

    [Fact]
    public void Construction_4_3_1_TheOfficeDirectorDeclaresIII_TheProposalEndsNotNeeded_TheReportToTheHqLeadersIsOwed()
    {
        // C 4.3.1(2) "市指挥部办公室接到事故报告,经预判后向市指挥部报告,提出启动Ⅲ级响应建议,由市指挥部办公室主任宣布启动Ⅲ级响应,并报告市指挥部有关领导":
        // one sequence. Once the director has declared Ⅲ there is nothing left to propose; what is owed after the declaration is
        // "并报告市指挥部有关领导". The proposal stayed owed, and a proposal of the Ⅲ in force was refused (a construction duty officer's
        // review, s58 #9), as it already ended when the commander declared Ⅲ (ADR 0003 #76).
        var incident = Open("construction", Accident(1));
        OwedOne(incident, "office-report-with-proposal").Clause.Should().Be("4.3.1(2)");

        incident.DecideResponse(ResponseLevel.III, false, "死亡1人，宣布启动Ⅲ级响应", Actors.OfficeDirector, At(8, 30), Repository.Engine);

        var proposal = incident.State.Obligations.Single(o => o.Code == "office-report-with-proposal");
        (proposal.Clock.State, proposal.EndedAs).Should().Be((ObligationState.Cancelled, ObligationEntry.EndedNotNeeded));
        proposal.Clock.Decisions[^1].Reason.Should().Contain("市指挥部办公室主任").And.Contain("无需再提出启动Ⅲ级响应的建议");
        OwedOne(incident, "level-iii-report-to-hq-leaders").Clause.Should().Be("4.3.1(2)");

        // A later report of the same figures does not raise the proposal again under the Ⅲ in force.
        incident.FileReport(false, "续报：死亡1人", new IncidentReport { Figures = new ReportedFigures { [Figure.Deaths] = 1, [Figure.Trapped] = 1 } }, Officer, At(9), Repository.Engine);
        Owed(incident, "office-report-with-proposal").Should().BeEmpty();
    }

    [Theory]
    [InlineData("construction")]
    [InlineData("road-traffic")]
    public void FinalReport_ClosesWithTheDaysContinuationNotYetDue_EndedAsNotNeeded(string plan)
    {
        // "每日至少续报1次" … 终报 (C 4.1(三), R 5.1.2): the day's 续报 due tomorrow 08:00 is no longer owed once the 终报 is in; it ended
        // because it no longer applied ("not-needed"), unlike a duty owed and never done.
        var incident = Open(plan, Accident(3));

        incident.FileReport(true, "终报", new IncidentReport(), Officer, At(20), Repository.Engine);

        var continuation = incident.State.Obligations.Single(o => o.Code == "continuation-report");
        (continuation.Clock.State, continuation.EndedAs, continuation.Ending()).Should().Be((ObligationState.Cancelled, ObligationEntry.EndedNotNeeded, ObligationEntry.EndedNotNeeded));
        continuation.Clock.Decisions[^1].Reason.Should().Be("终报已报送");
    }

    [Theory]
    [InlineData("construction")]
    [InlineData("road-traffic")]
    public void Continuation_Serious_FourHours_TwoWhileSpecialCircumstances_BackToFourWhenCleared(string plan)
    {
        // "重大以上……每4小时续报1次,特殊情况每2小时续报1次"
        var incident = Open(plan, Accident(10));
        OwedOne(incident, "continuation-report").Clock.DueAt.Should().Be(At(12));

        Clock(incident, ClockEvents.SpecialCircumstancesSet, At(12));
        Continuation(incident, At(12));
        OwedOne(incident, "continuation-report").Clock.DueAt.Should().Be(At(14));
        Continuation(incident, At(14));
        OwedOne(incident, "continuation-report").Clock.DueAt.Should().Be(At(16));

        Clock(incident, ClockEvents.SpecialCircumstancesCleared, At(15));
        OwedOne(incident, "continuation-report").Clock.DueAt.Should().Be(At(18), "the period from 14:00 is a 4-hour one again once cleared");
        Continuation(incident, At(16));
        OwedOne(incident, "continuation-report").Clock.DueAt.Should().Be(At(22));
    }

    [Fact]
    public void Construction_SpecialCircumstancesJustAfterA续报_TheNextIsDueTwoHoursAfterTheLaterOfThe续报AndTheDeclaration()
    {
        // C 4.1(三) "重大以上建设工程事故每4小时续报1次,特殊情况每2小时续报1次": 10 dead at 08:00; the 续报 at 08:20 meets the period to
        // 12:00; special circumstances declared at 08:30 (省领导批示，要求每2小时续报). The next 续报 is owed within 2 hours of 08:30, at 10:30,
        // not 2 hours after the 12:00 the met period ended (14:00, 5 h 40 min after the last 续报; review s55, finding 6).
        var incident = Open("construction", Accident(10));
        Continuation(incident, At(8, 20));
        OwedOne(incident, "continuation-report").Clock.DueAt.Should().Be(At(16));

        Clock(incident, ClockEvents.SpecialCircumstancesSet, At(8, 30));

        OwedOne(incident, "continuation-report").Clock.DueAt.Should().Be(At(10, 30));
        Continuation(incident, At(10));
        incident.State.Obligations.Single(o => o.Key == "continuation-report#2").Clock.OnTime.Should().BeTrue("a 续报 at 10:00 is the one owed by 10:30");
        incident.State.Timeline.Should().NotContain(t => t.Summary.Contains("现无每4小时续报可加密"));
    }

    [Fact]
    public void Construction_SpecialCircumstancesOnAnOrdinaryAccident_RecordedWithANote_NothingOwed()
    {
        // C 4.1(三) "特殊情况每2小时续报1次" follows "重大以上建设工程事故每4小时续报1次": a 一般 accident owes no periodic 续报 to bring forward.
        // Accepted as 续报加密 in silence before (review s55, finding 6): recorded, with a note that it changes nothing now.
        var incident = Open("construction", Accident(1));

        Clock(incident, ClockEvents.SpecialCircumstancesSet, At(8, 30));

        incident.State.Obligations.Should().NotContain(o => o.SpecialEvery != null);
        incident.State.Timeline[^1].Summary.Should().Contain("特殊情况每2小时续报1次适用于重大以上（4.1(三)）；本事故现为一般，现无每4小时续报可加密");
    }

    [Theory]
    [InlineData("construction")]
    [InlineData("road-traffic")]
    public void Continuation_SpecialCircumstancesBeforeTheDeadline_BringTheNextReportForward(string plan)
    {
        // Special circumstances at 09:00: the report due at 12:00 is due within 2 hours, at 11:00.
        var incident = Open(plan, Accident(10));

        Clock(incident, ClockEvents.SpecialCircumstancesSet, At(9));

        OwedOne(incident, "continuation-report").Clock.DueAt.Should().Be(At(11));
    }

    [Theory]
    [InlineData("construction")]
    [InlineData("road-traffic")]
    public void Continuation_RelativelySerious_SpecialCircumstances_NoChange(string plan)
    {
        // 特殊情况每2小时 is a 重大以上 rule: at 较大 the daily report stays daily.
        var incident = Open(plan, Accident(9));

        Clock(incident, ClockEvents.SpecialCircumstancesSet, At(9));

        OwedOne(incident, "continuation-report").Clock.DueAt.Should().Be(At(8, 0, day: 2));
    }

    [Theory]
    [InlineData("construction")]
    [InlineData("road-traffic")]
    public void Continuation_GradeRisesToSerious_SpecialCadenceApplies(string plan)
    {
        var incident = Open(plan, Accident(3));
        Continuation(incident, At(9), Accident(10));
        OwedOne(incident, "continuation-report").Clock.DueAt.Should().Be(At(12));

        Clock(incident, ClockEvents.SpecialCircumstancesSet, At(9, 30));

        OwedOne(incident, "continuation-report").Clock.DueAt.Should().Be(At(11, 30));
    }

    [Fact]
    public void Road_AContinuationThatBringsTheDailyDuty_IsThatDaysReport()
    {
        // R 5.1.2 "较大以上道路交通安全突发事件每日至少续报1次": 2 dead (一般) at 08:00; the 续报 at 09:00 reports 3 missing, who may be dead
        // (DOMAIN R3: 暂时无法判明, reported like 较大以上). The daily 续报 it brings is owed from then, and that 续报 is the first day's: the
        // next is owed by 08:00 on the third. It stood owed for the first day although the office had just reported.
        var incident = Open("road-traffic", Accident(2));
        incident.State.Obligations.Should().NotContain(o => o.Code == "continuation-report");

        Continuation(incident, At(9), Accident(2, missing: 3));

        var daily = incident.State.Obligations.Where(o => o.Code == "continuation-report").ToArray();
        daily[0].Clock.State.Should().Be(ObligationState.Met);
        // The next day runs from that 续报 (never a day without one): 09:00 on day 2, not 08:00 on day 3 as before 2026-12-05.
        OwedOne(incident, "continuation-report").Clock.DueAt.Should().Be(At(9, day: 2));
    }

    [Theory]
    // "造成伤亡人数发生变化的,应立即续报": deaths or injured change, at any grade (一般 too).
    [InlineData("construction", 2, 3, true)]
    [InlineData("construction", 1, 4, true)]
    [InlineData("construction", 1, 3, false)]
    [InlineData("road-traffic", 2, 3, true)]
    [InlineData("road-traffic", 1, 4, true)]
    [InlineData("road-traffic", 1, 3, false)]
    public void ContinuationOnCasualtyChange_TheContinuationCarryingTheChange_IsThatContinuation(string plan, long deaths, long injured, bool changed)
    {
        var incident = Open(plan, Accident(1, injured: 3));

        Continuation(incident, At(10), Accident(deaths, injured: injured));

        // "应立即续报": the 续报 that reports the changed figures is the report the duty asks for, met by it at once.
        var duties = incident.State.Obligations.Where(o => o.Code == "continuation-on-casualty-change").ToArray();
        if (!changed)
        {
            duties.Should().BeEmpty();
            return;
        }

        var duty = duties.Should().ContainSingle().Subject;
        duty.RaisedAt.Should().Be(At(10));
        duty.Timing.Should().Be("immediately");
        duty.Clock.State.Should().Be(ObligationState.Met);
        duty.Clock.FiledAt.Should().Be(At(10));
        duty.Clock.OnTime.Should().NotBe(false);

        // A later 续报 without a change owes nothing new.
        Continuation(incident, At(10, 5));
        incident.State.Obligations.Count(o => o.Code == "continuation-on-casualty-change").Should().Be(1);
    }

    [Theory]
    // "造成伤亡人数发生变化的,应立即续报" (C 4.1(三), R 5.1.2). 伤亡 is the dead and the injured; the same clauses' 首报要素 list "涉险人数、遇难人数、
    // 受伤人数、被困人数、失联人数" as five counts, and C 4.1(三) says "事故伤亡、失踪、被困人员": 被困 and 涉险 are not 伤亡人数. The trapped
    // all rescued (2 → 0), or more people found in danger, is news for a 续报, not a change of 伤亡人数 (a road duty officer's review, s59 #10).
    [InlineData("construction", "trapped", 2, 0, false)]
    [InlineData("construction", "trapped", 0, 3, false)]
    [InlineData("construction", "endangered", 1, 5, false)]
    [InlineData("road-traffic", "trapped", 2, 0, false)]
    [InlineData("road-traffic", "endangered", 0, 4, false)]
    // The dead (遇难) and the injured (受伤, 重伤 among them) are: a change owes it.
    [InlineData("construction", "deaths", 0, 1, true)]
    [InlineData("construction", "seriousInjuries", 0, 2, true)]
    [InlineData("road-traffic", "deaths", 1, 2, true)]
    [InlineData("road-traffic", "seriousInjuries", 1, 0, true)]
    // The missing (失联), of unknown fate, are kept with the dead (DOMAIN R3; R 5.3 "失联、死亡"; ADR 0003 #81, open for the office).
    [InlineData("road-traffic", "missing", 0, 1, true)]
    public void ContinuationOnCasualtyChange_TheDeadAndInjuredCount_NotTheTrappedOrEndangered(string plan, string figure, long from, long to, bool owed)
    {
        FigureCatalog.TryFind(figure, out var changed).Should().BeTrue();
        var slot = changed.Quantity!.Value;
        var incident = Open(plan, new ReportedFigures { [Figure.Deaths] = 1, [Figure.Injured] = 2, [slot] = from });

        incident.FileReport(false, "续报", new IncidentReport { Figures = new ReportedFigures { [slot] = to } }, Officer, At(10), Repository.Engine);

        incident.State.Obligations.Any(o => o.Code == "continuation-on-casualty-change").Should().Be(owed);
    }

    [Theory]
    // R 5.1.2 "造成伤亡人数发生变化的,应立即续报": a message by which 122 withdraws its record (cancelled: a false or duplicate call) says the
    // accident did not happen as reported; its figures set to none are no casualties it 造成. The office's next step is the feed-cancelled
    // alert's (verify, then the 终报 as entered in error), not a 立即续报 (a road duty officer's review, s59 #10). The same figures in a message
    // that keeps the record open are a change of 伤亡人数, and owe it as before.
    [InlineData("cancelled", false)]
    [InlineData("open", true)]
    [InlineData("closed", true)]
    [InlineData(null, true)]
    public void Road_A122MessageWithdrawingItsRecord_OwesNoImmediateContinuation(string? status, bool owed)
    {
        var incident = Open("road-traffic", Accident(1));
        var source = new ReportSource("122", "JC122-W-2", "JC122-W", 2, status);

        incident.FileReport(false, "122续报（序号2）：误报", new IncidentReport { Figures = Accident(0) }, new LifecycleActor(RoleCatalogue.Feed, "122接处警"),
            At(9), Repository.Engine, source);

        incident.State.Obligations.Any(o => o.Code == "continuation-on-casualty-change").Should().Be(owed);
        incident.State.Report.Figures[Figure.Deaths].Should().Be(0m, "the message's figures are filed either way");
    }

    [Theory]
    [InlineData("construction")]
    [InlineData("road-traffic")]
    public void ContinuationOnCasualtyChange_CarriedByTheFinalReport_MetByIt(string plan)
    {
        var incident = Open(plan, Accident(1));

        incident.FileReport(true, "终报：伤者1人经抢救无效死亡", new IncidentReport { Figures = Accident(2) }, Officer, At(20), Repository.Engine);

        incident.State.Obligations.Should().ContainSingle(o => o.Code == "continuation-on-casualty-change")
            .Which.Clock.State.Should().Be(ObligationState.Met);
    }

    [Fact]
    public void Close_ADutyOfThePublicWithoutDueTime_EndsWithTheIncident()
    {
        // R 5.1.1 "获悉道路交通安全突发事件的单位、公民,立即拨打报警电话(122)": owed by the public, with no due time; it
        // cannot stay pending on a closed incident. A duty with a due time that was missed stays as it was (overdue).
        var incident = Open("road-traffic", Accident(1));
        OwedOne(incident, "call-122").Clock.DueAt.Should().BeNull();
        var reportToCity = OwedOne(incident, "report-to-city");
        reportToCity.Clock.DueAt.Should().NotBeNull();

        Clock(incident, ClockEvents.HandlingFinished, At(18));
        incident.FileReport(true, "终报", new IncidentReport(), Officer, At(20), Repository.Engine);

        incident.State.IsOpen.Should().BeFalse("终报 filed and no response was activated");
        var call = incident.State.Obligations.Single(o => o.Code == "call-122");
        call.Clock.State.Should().Be(ObligationState.Cancelled);
        call.Clock.Decisions[^1].Reason.Should().Be("事件已关闭");
        call.EndedAs.Should().Be(ObligationEntry.EndedUnrecorded,
            "nobody recorded the call: it ended with the incident unrecorded, not because it no longer applied; a call of the public, the office does not know it was never made");
        incident.State.Obligations.Single(o => o.Code == "report-to-city").Clock.State.Should().Be(ObligationState.Due, "a missed deadline is not erased by closing");
    }

    [Fact]
    public void Close_ADutyOfABodyOutsideTheCityCommand_EndsAsNotRecorded_TheOfficesOwnAsNeverDone()
    {
        // C 4.1(一) "建设工程事故或者较大涉险事故发生后,事发单位应立即报告属地县(市、区)住房和城乡建设部门和负有安全监管的有关部门。住房和城乡建设部门
        // 应当向上级部门报告建设工程事故,应同时报告同级党委和政府": the unit's report to the county and the county bureau's report up are made by
        // bodies outside the city command (ADR 0003, outsideCommand); the office hears of them, if at all, through those bodies, and only
        // records them. Left unrecorded at the close, the record says so (事件关闭时未记录, endedAs unrecorded), not that they were never made:
        // the city heard of the accident through them (a construction duty officer's review, session 58, finding 8). The office's own duty
        // without a due time, C 4.3.1(2) "市指挥部办公室接到事故报告,经预判后向市指挥部报告,提出启动Ⅲ级响应建议", never made, is still 仍未报.
        var incident = Open("construction", Accident(1));
        OwedOne(incident, "unit-report-to-county");
        OwedOne(incident, "housing-dept-report-up");
        OwedOne(incident, "office-report-with-proposal");
        Clock(incident, ClockEvents.HandlingFinished, At(18));

        incident.FileReport(true, "终报", new IncidentReport(), Officer, At(20), Repository.Engine);

        incident.State.IsOpen.Should().BeFalse();
        foreach (var code in new[] { "unit-report-to-county", "housing-dept-report-up" })
        {
            var duty = incident.State.Obligations.Single(o => o.Code == code);
            (duty.Clock.State, duty.EndedAs, duty.Ending()).Should().Be((ObligationState.Cancelled, ObligationEntry.EndedUnrecorded, ObligationEntry.EndedUnrecorded), code);
            incident.State.Timeline.Should().Contain(t => t.Type == "obligation-cancelled" && t.Summary.StartsWith(duty.Said().Full + "，事件关闭时未记录：事件已关闭", StringComparison.Ordinal), code);
        }

        incident.State.Timeline.Should().NotContain(t => t.Summary.Contains("事件关闭时仍未报") && (t.Summary.Contains("事发单位应立即报告") || t.Summary.Contains("住房和城乡建设部门应当向上级部门报告")));
        var proposal = incident.State.Obligations.Single(o => o.Code == "office-report-with-proposal");
        proposal.EndedAs.Should().Be(ObligationEntry.EndedUnmet, "the office's own report with its proposal was its to make");
        incident.State.Timeline.Should().Contain(t => t.Type == "obligation-cancelled" && t.Summary.StartsWith(proposal.Said().Full + "，事件关闭时仍未报", StringComparison.Ordinal));
    }

    [Fact]
    public void Close_AProjectionStoredBeforeSchema6_ReadsTheClosesEndingAsNeverDone()
    {
        // A projection written before endedAs existed holds only the cancellation's reason: 事件已关闭 was the close's, for a duty owed and
        // never done (R 5.1.1 拨打122 here); 终报已报送 (R 5.1.2 每日至少续报1次, not yet due) is a duty that no longer applied.
        var incident = Open("road-traffic", Accident(3));
        incident.FileReport(true, "终报", new IncidentReport(), Officer, At(20), Repository.Engine);
        var stored = System.Text.Json.Nodes.JsonNode.Parse(IncidentEventSchema.SerializeState(incident.State))!;
        foreach (var duty in stored["obligations"]!.AsArray())
        {
            duty!.AsObject().Remove("endedAs");
        }

        var old = IncidentEventSchema.DeserializeState(stored.ToJsonString());

        old.Obligations.Single(o => o.Code == "call-122").Ending().Should().Be(ObligationEntry.EndedUnmet);
        old.Obligations.Single(o => o.Code == "continuation-report").Ending().Should().Be(ObligationEntry.EndedNotNeeded);
        old.Obligations.Single(o => o.Code == "phone-report-to-city").Ending().Should().BeNull("it is owed (overdue), not ended");
    }

    [Fact]
    public void Close_NotYetClosed_ThePublicsDutyStaysPending()
    {
        // The other side: while the incident is open (no final report), 122 stays owed.
        var incident = Open("road-traffic", Accident(1));
        Clock(incident, ClockEvents.HandlingFinished, At(18));

        incident.State.IsOpen.Should().BeTrue();
        OwedOne(incident, "call-122");
    }

    // ================= End of handling (处置结束) =================

    [Theory]
    // C 4.1(三) 终报; C 5.1 "应急处置结束后……提出善后处理意见,并报市、县人民政府"
    [InlineData("construction", "aftermath-opinion")]
    // C 5.2 "市指挥部负责对事故应急救援情况进行总结,……分析事故原因,评估事故应急响应情况" (5 后期处置)
    [InlineData("construction", "rescue-summary-evaluation")]
    // R 5.1.2 终报; R 6.4 "及时……总结评估,形成事故专项报告"
    [InlineData("road-traffic", "special-report")]
    public void HandlingFinished_OpensTheFinalReportAndWhatFollows_MetByTheFinalReport(string plan, string followUp)
    {
        var incident = Open(plan, Accident(1));
        ShouldOwe(incident, "final-report", false);
        ShouldOwe(incident, followUp, false);

        Clock(incident, ClockEvents.HandlingFinished, At(18));

        var final = OwedOne(incident, "final-report");
        final.RaisedAt.Should().Be(At(18));
        final.Timing.Should().Be("on-completion");
        OwedOne(incident, followUp).RaisedAt.Should().Be(At(18));

        incident.FileReport(true, "终报", new IncidentReport(), Officer, At(20), Repository.Engine);
        Owed(incident, "final-report").Should().BeEmpty();
    }

    [Fact]
    public void Construction_OnSiteSituationReport_OpensOnArrival()
    {
        // C 4.2 "……等到现场后,施工总承包单位项目主要负责人要及时报告应急处置情况"
        var incident = Open("construction", Accident(1));
        ShouldOwe(incident, "on-site-situation-report", false);

        Clock(incident, ClockEvents.Arrival, At(9, 30));

        OwedOne(incident, "on-site-situation-report").RaisedAt.Should().Be(At(9, 30));
    }

    // ================= Activation (启动响应后) — construction and road =================

    [Theory]
    // C 4.3.1(2) "由市指挥部办公室主任宣布启动Ⅲ级响应,并报告市指挥部有关领导"
    [InlineData("construction", 1, ResponseLevel.III, "level-iii-report-to-hq-leaders", true)]
    [InlineData("construction", 3, ResponseLevel.II, "level-iii-report-to-hq-leaders", false)]
    [InlineData("construction", 1, null, "level-iii-report-to-hq-leaders", false)]
    // C 4.3.3(3)① "I 级响应启动后……立即向市委、市政府、省住建部门及其他上级相关部门进行报告"
    [InlineData("construction", 10, ResponseLevel.I, "level-i-report-up", true)]
    [InlineData("construction", 10, null, "level-i-report-up", false)]
    [InlineData("construction", 3, ResponseLevel.II, "level-i-report-up", false)]
    // R 5.3.1 响应措施(2) "同时向上级人民政府及有关部门报告"
    [InlineData("road-traffic", 10, ResponseLevel.I, "level-i-report-up", true)]
    [InlineData("road-traffic", 3, ResponseLevel.II, "level-i-report-up", false)]
    // R 5.3.2 响应措施(9) "根据救援工作需要,向市委、市政府和上级有关部门报告现场情况和应急处置情况": Ⅱ's measure. Ⅰ's 响应措施 (5.3.1) are a
    // list of their own, not "在Ⅱ级响应措施的基础上" (as C 4.3.3(3) says of its Ⅰ), with their own report: "(2)……同时向上级人民政府及有关部门报告",
    // "(6)按要求做好信息上传下达工作" (ADR 0003 #80).
    [InlineData("road-traffic", 3, ResponseLevel.II, "level-ii-situation-report", true)]
    [InlineData("road-traffic", 10, ResponseLevel.I, "level-ii-situation-report", false)]
    [InlineData("road-traffic", 1, ResponseLevel.III, "level-ii-situation-report", false)]
    // R 5.3.3 "由市指挥部办公室主任启动Ⅲ级应急响应,同时报告市指挥部"
    [InlineData("road-traffic", 1, ResponseLevel.III, "level-iii-report-to-hq", true)]
    [InlineData("road-traffic", 3, ResponseLevel.II, "level-iii-report-to-hq", false)]
    [InlineData("road-traffic", 10, ResponseLevel.I, "level-iii-report-to-hq", false)]
    [InlineData("road-traffic", 1, null, "level-iii-report-to-hq", false)]
    public void ActivationDuty_ForTheLevelActuallyActivated(string plan, long deaths, ResponseLevel? activated, string code, bool expected)
    {
        var incident = Open(plan, Accident(deaths));
        if (activated is { } level)
        {
            Activate(incident, level, At(9));
        }

        ShouldOwe(incident, code, expected);
        if (expected)
        {
            OwedOne(incident, code).RaisedAt.Should().Be(At(9));
        }
    }

    [Theory]
    // R 5.3.3 响应措施(3) "市指挥部办公室主任视情况赶赴现场,将现场情况向市指挥部汇报": Ⅲ, from arrival.
    [InlineData(ResponseLevel.III, true, true)]
    [InlineData(ResponseLevel.III, false, false)]
    [InlineData(ResponseLevel.II, true, false)]
    public void Road_LevelIIISiteReport_OnArrivalUnderLevelIII(ResponseLevel level, bool arrival, bool expected)
    {
        var incident = Open("road-traffic", Accident(level == ResponseLevel.III ? 1 : 3));
        Activate(incident, level, At(9));
        if (arrival)
        {
            Clock(incident, ClockEvents.Arrival, At(10));
        }

        ShouldOwe(incident, "level-iii-site-report-to-hq", expected);
        if (expected)
        {
            OwedOne(incident, "level-iii-site-report-to-hq").RaisedAt.Should().Be(At(10));
        }
    }

    // ================= Natural disaster =================

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Natural_SystemBackfill_AfterTheSetTimeReport_WhenCommunicationsDown(bool down)
    {
        // N 4.1.4 "特殊紧急情况下(如断电、断路、断网等),可先通过卫星电话、传真等方式报告,后续及时通过系统补报"
        var incident = Open("natural-disaster", down ? Disaster(1, null, 0, Fact.CommunicationsDown) : Disaster(1));
        ShouldOwe(incident, "system-backfill-report", false);

        Fulfil(incident, "emergency-dept-report-in-set-time", At(10));

        ShouldOwe(incident, "system-backfill-report", down);
        if (down)
        {
            OwedOne(incident, "system-backfill-report").RaisedAt.Should().Be(At(10));
        }
    }

    [Fact]
    public void Natural_ZeroReport_DailyUntilTheSituationIsStable()
    {
        // N 4.1.5 "重大及以上自然灾害灾情稳定前……执行灾情24小时零报告制度"
        var incident = Open("natural-disaster", Disaster(1, Grade.Serious));
        OwedOne(incident, "zero-report-24h").Clock.DueAt.Should().Be(At(8, 0, day: 2));

        Fulfil(incident, "zero-report-24h", At(7, 30, day: 2));
        incident.State.Obligations.Single(o => o.Key == "zero-report-24h").Clock.OnTime.Should().BeTrue();
        OwedOne(incident, "zero-report-24h").Clock.DueAt.Should().Be(At(8, 0, day: 3));

        Clock(incident, ClockEvents.SituationStable, At(12, 0, day: 2));
        Owed(incident, "zero-report-24h").Should().BeEmpty();
    }

    [Fact]
    public void Natural_ZeroReport_SeriousDeclaredAfterTheSituationIsStable_IsNotOwed_The413ReportsAre()
    {
        // N 4.1.5 "重大及以上自然灾害灾情稳定前,相关各级应急管理部门执行灾情24小时零报告制度"; 4.3.2 "灾情稳定后,应及时评估、核定": a 重大
        // declared (会商核定) after the situation became stable owes no zero report; 4.1.3's reports of a 重特大 disaster are still owed.
        var incident = Open("natural-disaster", Disaster(1));
        Clock(incident, ClockEvents.SituationStable, At(12));

        Continuation(incident, At(14), new ReportedFigures { DeclaredGrade = Grade.Serious });

        Owed(incident, "zero-report-24h").Should().BeEmpty();
        incident.State.Obligations.Where(o => o.Code == "zero-report-24h").Should().OnlyContain(o => o.EndedAs == ObligationEntry.EndedNotNeeded);
        incident.State.Timeline.Should().Contain(t => t.Summary.Contains("灾情已稳定"));
        OwedOne(incident, "report-to-province-and-ministry");
    }

    [Fact]
    public void Natural_CityResponseActivated_TheCountyMustActivateItsOwn_OutsideTheCityCommand_MetByTheCountysActivation()
    {
        // N 5.6 "启动市级自然灾害救助应急响应后,市安委办、市应急管理局要向相关县(市、区)通报并上报省应急管理厅。所涉及县(市、区)要立即启动
        // 自然灾害救助应急响应": the county's own act, immediately (立即), which the city learns from the county's report (5.6 "启动县(市、区)级
        // 自然灾害救助应急响应的,应及时向市应急管理局报告"). Nothing said so (review s55, finding 7).
        var incident = Open("natural-disaster", Disaster(5)); // N 5.4.1(1) "死亡和失踪5人以上10人以下" → Ⅳ
        Activate(incident, ResponseLevel.IV, At(9));

        var county = OwedOne(incident, "county-activate-response");
        (county.Reporter, county.Act, county.Timing, county.Clause).Should().Be(("所涉及县(市、区)", "立即启动自然灾害救助应急响应", "immediately", "5.6"));
        incident.Plan.Obligations.Single(r => r.Code == "county-activate-response").OutsideCommand.Should().BeTrue("the county's act, not the city command's");
        OwedOne(incident, "notify-counties-and-province");

        Continuation(incident, At(9, 40), new ReportedFigures { [Fact.CountyResponseActivated] = true });

        var met = incident.State.Obligations.Single(o => o.Code == "county-activate-response");
        (met.Clock.State, met.Clock.FiledAt).Should().Be((ObligationState.Met, At(9, 40)));
        OwedOne(incident, "county-activation-report");

        // The county activated before the city: met at the city's activation.
        var first = Open("natural-disaster", Disaster(5, null, 0, Fact.CountyResponseActivated));
        Activate(first, ResponseLevel.IV, At(9));
        first.State.Obligations.Single(o => o.Code == "county-activate-response").Clock.State.Should().Be(ObligationState.Met);
    }

    // ================= N 5.6 per county: a disaster over several counties (review s61, ND-02; ADR 0003 #83) =================

    /// <summary>Figures as the REST contract and the 122 feed write them: the county lists by their names.</summary>
    private static ReportedFigures Reported(string json) => System.Text.Json.JsonSerializer.Deserialize<ReportedFigures>(json)!;

    /// <summary>A rainstorm in 陵川县 that also struck 高平市, 5 dead (N 5.4.1(1) "死亡和失踪5人以上10人以下" → Ⅳ).</summary>
    private static Incident RainstormOverLingchuanAndGaoping(string? more = null) =>
        Open("natural-disaster", Disaster(5).Merge(Reported($$"""{"affectedCounties":["高平市"]{{more}}}""")), county: "陵川县");

    /// <summary>Each duty of <paramref name="code"/> as people read it, with its state and when it was met.</summary>
    private static (string Said, ObligationState State, DateTimeOffset? MetAt)[] Each(Incident incident, string code) =>
        incident.State.Obligations.Where(o => o.Code == code).Select(o => (o.Said().Brief, o.Clock.State, o.Clock.FiledAt)).ToArray();

    [Fact]
    public void Natural_ARainstormOverTwoCounties_AtIV_EachCountyOwesItsOwnActivation_TheIncidentsCountyFirst()
    {
        // N 5.6 "启动市级自然灾害救助应急响应后,市安委办、市应急管理局要向相关县(市、区)通报并上报省应急管理厅。所涉及县(市、区)要立即启动自然灾害
        // 救助应急响应": each county concerned (所涉及县(市、区), plural), and one disaster may concern several (5.1.1 counts "一次自然灾害过程", not
        // one county). One duty stood for all of them, and the record could not tell 高平市's from 陵川县's.
        var incident = RainstormOverLingchuanAndGaoping();
        Activate(incident, ResponseLevel.IV, At(9));

        var owed = Owed(incident, "county-activate-response");
        owed.Select(o => (o.Key, o.Said().Brief, o.RaisedAt)).Should().Equal(
            ("county-activate-response", "陵川县立即启动自然灾害救助应急响应", At(9)),
            ("county-activate-response#2", "高平市立即启动自然灾害救助应急响应", At(9)));
        owed.Should().OnlyContain(o => o.Timing == "immediately" && o.Clause == "5.6" && o.Reporter == "所涉及县(市、区)");
        incident.State.Timeline.Select(t => t.Summary).Should().Contain("高平市立即启动自然灾害救助应急响应：“所涉及县(市、区)要立即启动自然灾害救助应急响应”，立即");
        OwedOne(incident, "notify-counties-and-province");
    }

    [Fact]
    public void Natural_TwoCounties_AReportThatOneStarted_MeetsOnlyItsOwn_TheOtherStaysOwedUntilItStartsToo()
    {
        // The review's 续报 "陵川县已启动县级自然灾害救助应急响应，高平市尚未启动": 5.6 is met for 陵川县 and still owed by 高平市. And "启动县(市、区)级
        // 自然灾害救助应急响应的,应及时向市应急管理局报告" is owed by the county that started, not by one that has not.
        var incident = RainstormOverLingchuanAndGaoping();
        Activate(incident, ResponseLevel.IV, At(9));

        Continuation(incident, At(9, 40), Reported("""{"countiesResponseActivated":["陵川县"]}"""));

        Each(incident, "county-activate-response").Should().Equal(
            ("陵川县立即启动自然灾害救助应急响应", ObligationState.Met, At(9, 40)),
            ("高平市立即启动自然灾害救助应急响应", ObligationState.Due, null));
        incident.State.Obligations.First(o => o.Code == "county-activate-response").Note.Should().Be("据报告，陵川县已启动自然灾害救助应急响应");
        Owed(incident, "county-activation-report").Select(o => (o.Said().Brief, o.RaisedAt)).Should().Equal(("陵川县向市应急管理局报告", At(9, 40)));

        Continuation(incident, At(10, 30), Reported("""{"countiesResponseActivated":["陵川县","高平市"]}"""));

        Each(incident, "county-activate-response").Should().Equal(
            ("陵川县立即启动自然灾害救助应急响应", ObligationState.Met, At(9, 40)),
            ("高平市立即启动自然灾害救助应急响应", ObligationState.Met, At(10, 30)));
        Owed(incident, "county-activation-report").Select(o => (o.Said().Brief, o.RaisedAt)).Should().Equal(
            ("陵川县向市应急管理局报告", At(9, 40)), ("高平市向市应急管理局报告", At(10, 30)));
    }

    [Fact]
    public void Natural_TwoCounties_countyResponseActivated_IsSaidOfTheIncidentsOwnCounty_NotOfTheOthers()
    {
        // countyResponseActivated (REST, the 122 feed, drills) says the incident's own county (location.county) started: the review's one flag met
        // 5.6 for 高平市 as well, which had not.
        var incident = RainstormOverLingchuanAndGaoping();
        Activate(incident, ResponseLevel.IV, At(9));

        Continuation(incident, At(9, 40), new ReportedFigures { [Fact.CountyResponseActivated] = true });

        Owed(incident, "county-activate-response").Select(o => o.Said().Brief).Should().Equal("高平市立即启动自然灾害救助应急响应");
        Owed(incident, "county-activation-report").Select(o => o.Said().Brief).Should().Equal("陵川县向市应急管理局报告");
    }

    [Fact]
    public void Natural_ACountyALaterReportNamesWhileTheResponseIsInForce_OwesItsActivationFromThatReport_OneNoLongerListedStaysOwed()
    {
        // 所涉及县(市、区) as the disaster spreads: 阳城县 named at 10:00 owes its own 立即启动 from then. The list replaces the one before, as any
        // figure does; 高平市, no longer listed, keeps the duty raised for it (a county once concerned does not silently leave the record).
        var incident = RainstormOverLingchuanAndGaoping();
        Activate(incident, ResponseLevel.IV, At(9));

        Continuation(incident, At(10), Reported("""{"affectedCounties":["阳城县"]}"""));

        Owed(incident, "county-activate-response").Select(o => (o.Key, o.Said().Brief, o.RaisedAt)).Should().Equal(
            ("county-activate-response", "陵川县立即启动自然灾害救助应急响应", At(9)),
            ("county-activate-response#2", "高平市立即启动自然灾害救助应急响应", At(9)),
            ("county-activate-response#3", "阳城县立即启动自然灾害救助应急响应", At(10)));

        // Named again: owed once under this activation, not twice.
        Continuation(incident, At(11), Reported("""{"affectedCounties":["高平市","阳城县"]}"""));
        Owed(incident, "county-activate-response").Should().HaveCount(3);
    }

    [Fact]
    public void Natural_ACityRaise_OwesNoCountyASecondStart_OnlyACountyNotYetStartedStaysOwed()
    {
        // N 5.6 "所涉及县(市、区)要立即启动自然灾害救助应急响应,并加强会商研判,根据灾情发展变化及时作出调整": a county starts its response once and then
        // adjusts it; the city's raise from Ⅳ to Ⅲ and to Ⅱ is the city's. Each raise owed every county a new 立即启动, met the second it was
        // raised: 陵川县 started three times in the drill facilitator's report (review s63, D63-10).
        var incident = RainstormOverLingchuanAndGaoping();
        Activate(incident, ResponseLevel.IV, At(9));
        Continuation(incident, At(9, 40), Reported("""{"countiesResponseActivated":["陵川县"]}"""));

        incident.DecideResponse(ResponseLevel.III, true, "灾情加重", Activator("natural-disaster", ResponseLevel.III), At(11), Repository.Engine);
        incident.DecideResponse(ResponseLevel.II, true, "灾情加重", Activator("natural-disaster", ResponseLevel.II), At(13), Repository.Engine);

        Each(incident, "county-activate-response").Should().Equal(
            ("陵川县立即启动自然灾害救助应急响应", ObligationState.Met, At(9, 40)),
            ("高平市立即启动自然灾害救助应急响应", ObligationState.Due, null));
    }

    [Fact]
    public void Natural_AResponseEndedAndActivatedAgain_OwesEachCountyItsStartAgain()
    {
        // A new activation after a termination is a new city response (5.6 "启动市级自然灾害救助应急响应后"): the counties are asked again.
        var incident = RainstormOverLingchuanAndGaoping(""","countiesResponseActivated":["陵川县","高平市"]""");
        Activate(incident, ResponseLevel.IV, At(9));
        incident.TerminateResponse("救灾应急工作结束", true, Activator("natural-disaster", ResponseLevel.IV), At(12), Repository.Engine);

        Activate(incident, ResponseLevel.IV, At(15));

        incident.State.Obligations.Count(o => o.Code == "county-activate-response").Should().Be(4);
    }

    [Fact]
    public void Natural_ACountyThatStartedBeforeTheCity_IsMetAtTheCitysActivation_TheOtherOwed()
    {
        // 5.6 as today for one county (ADR 0003 #70): a county that reported its own response before the city activated has met it at the city's
        // activation; the other has not.
        var incident = RainstormOverLingchuanAndGaoping(""","countiesResponseActivated":["高平市"]""");
        OwedOne(incident, "county-activation-report").Said().Brief.Should().Be("高平市向市应急管理局报告");

        Activate(incident, ResponseLevel.IV, At(9));

        Each(incident, "county-activate-response").Should().Equal(
            ("陵川县立即启动自然灾害救助应急响应", ObligationState.Due, null),
            ("高平市立即启动自然灾害救助应急响应", ObligationState.Met, At(9)));
    }

    [Fact]
    public void Natural_ADutyRaisedBeforeSchema17_StandsForTheIncidentsOwnCounty()
    {
        // An obligation-raised of schema 16 or before has no county: it is the one duty of the incident's own county, met by countyResponseActivated
        // as before, and not by another county's response.
        var incident = Open("natural-disaster", Disaster(5));
        Activate(incident, ResponseLevel.IV, At(9));
        var events = incident.Raised.Select(e =>
        {
            var body = System.Text.Json.Nodes.JsonNode.Parse(IncidentEventSchema.Serialize(e))!.AsObject();
            if (e is ObligationRaised)
            {
                body.Remove("county");
            }

            return IncidentEventSchema.Deserialize(IncidentEventSchema.NameOf(e), 16, body.ToJsonString());
        });
        var old = Incident.Rehydrate(events, Repository.Catalog);

        Continuation(old, At(9, 30), Reported("""{"countiesResponseActivated":["高平市"]}"""));
        Each(old, "county-activate-response").Should().Equal(("立即启动自然灾害救助应急响应", ObligationState.Due, null));

        Continuation(old, At(9, 40), new ReportedFigures { [Fact.CountyResponseActivated] = true });
        Each(old, "county-activate-response").Should().Equal(("立即启动自然灾害救助应急响应", ObligationState.Met, At(9, 40)));
        old.State.Obligations.Single(o => o.Code == "county-activate-response").Note.Should().Be("据报告，县（市、区）已启动自然灾害救助应急响应");
    }

    [Fact]
    public void Natural_ZeroReport_MissedBeforeTheSituationWasStable_StaysOverdue()
    {
        // N 4.1.5 "重大及以上自然灾害灾情稳定前,相关各级应急管理部门执行灾情24小时零报告制度": the report due at 08:00 on day 2 fell
        // before the situation was stable (12:00 on day 3), so it was owed; missed, it stays missed. The one due on day 4 is not needed.
        var incident = Open("natural-disaster", Disaster(1, Grade.Serious));
        Clock(incident, ClockEvents.SituationStable, At(12, 0, day: 3));

        var zero = incident.State.Obligations.Where(o => o.Code == "zero-report-24h").OrderBy(o => o.Clock.DueAt).ToArray();
        zero.Select(o => (o.Clock.DueAt, o.Clock.State)).Should().Equal(
            (At(8, 0, day: 2), ObligationState.Due), (At(8, 0, day: 3), ObligationState.Due), (At(8, 0, day: 4), ObligationState.Cancelled));
    }

    [Fact]
    public void Natural_ZeroReport_DeclaredAfterItsFirstPeriod_IsFirstDueAtTheNextPeriodNotOverdueAtOnce()
    {
        // N 4.1.5 ties the zero report to 重大及以上, not to 事发后: declared 30 hours after a disaster of 08:00, the period that ended at
        // 08:00 on day 2 was nobody's to report (ADR 0003: not owed until declared). It was raised overdue and alerted at once; the first
        // period owed ends at 08:00 on day 3, in the occurrence's rhythm.
        var incident = Open("natural-disaster", Disaster(1));

        Continuation(incident, At(14, 0, day: 2), new ReportedFigures { DeclaredGrade = Grade.Serious });

        var zero = OwedOne(incident, "zero-report-24h");
        zero.Clock.DueAt.Should().Be(At(8, 0, day: 3));
        zero.RaisedAt.Should().Be(At(14, 0, day: 2));
    }

    [Theory]
    [InlineData(Grade.Serious, true)]
    [InlineData(Grade.RelativelySerious, false)]
    public void Natural_ZeroReport_DeclaredLater_ClockFromTheOccurrence(Grade declared, bool expected)
    {
        // Declared 重大 at 20:00 for a disaster of 08:00: the 24 h clock runs from the occurrence (first due 08:00 next day).
        var incident = Open("natural-disaster", Disaster(1));
        ShouldOwe(incident, "zero-report-24h", false);

        Continuation(incident, At(20), new ReportedFigures { DeclaredGrade = declared });

        ShouldOwe(incident, "zero-report-24h", expected);
        if (expected)
        {
            OwedOne(incident, "zero-report-24h").Clock.DueAt.Should().Be(At(8, 0, day: 2));
        }
    }

    [Theory]
    // N 5.2.3(9) is a measure of the Ⅱ response: "灾情稳定后,受灾县(市、区)人民政府组织开展灾害损失综合评估工作,及时将评估结果报送市安委会".
    // Ⅲ's measures (5.3.3) and Ⅰ's (5.1.3) have no such report to 市安委会.
    [InlineData(ResponseLevel.II, 20, true)]
    [InlineData(ResponseLevel.III, 10, false)]
    [InlineData(ResponseLevel.I, 50, false)]
    public void Natural_SituationStable_LevelIIOwesTheLossAssessmentToTheCommittee(ResponseLevel level, long deaths, bool owed)
    {
        var incident = Open("natural-disaster", Disaster(deaths));
        Activate(incident, level, At(10));
        ShouldOwe(incident, "loss-assessment-to-committee", false);

        Clock(incident, ClockEvents.SituationStable, At(12, 0, day: 3));

        ShouldOwe(incident, "loss-assessment-to-committee", owed);
        if (owed)
        {
            var duty = OwedOne(incident, "loss-assessment-to-committee");
            (duty.Reporter, duty.To, duty.Start, duty.Timing, duty.RaisedAt).Should().Be(
                ("受灾县(市、区)人民政府", "市安委会", "situation-stable", "promptly", At(12, 0, day: 3)), "及时将评估结果报送市安委会");
        }
    }

    [Fact]
    public void Natural_TheLossAssessmentAfterTheSituationIsStable_StaysOwedAfterTheClose()
    {
        // N 5.2.3(9) "灾情稳定后,受灾县(市、区)人民政府组织开展灾害损失综合评估工作,及时将评估结果报送市安委会": work after the handling,
        // as R 6.4 and C 5.1 are. The 终报 that closed the incident the next day ended it as not done (a natural-disaster duty officer's review).
        var incident = Open("natural-disaster", Disaster(20));
        Activate(incident, ResponseLevel.II, At(10));
        Clock(incident, ClockEvents.SituationStable, At(12, 0, day: 3));
        incident.TerminateResponse("灾情稳定", true, Actors.Commander, At(13, 0, day: 3), Repository.Engine);

        incident.FileReport(true, "终报", new IncidentReport(), Officer, At(14, 0, day: 3), Repository.Engine);

        incident.State.IsOpen.Should().BeFalse();
        OwedOne(incident, "loss-assessment-to-committee");
    }

    [Theory]
    // The natural-disaster plan has no verification on the city's request (R 5.1.1, C 4.1(二) "市委、市政府要求核实…30分钟内"), no
    // arrival on site (R 5.3.3, C 4.1(二)) and no special cadence (特殊情况每2小时续报): recording them wrote a clock into its timeline that
    // nothing ran on. Its own kinds (调拨指令 for the notice's 8-hour delivery, 灾情稳定, 应急处置结束) are taken.
    [InlineData("natural-disaster", ClockEvents.CityRequest, false)]
    [InlineData("natural-disaster", ClockEvents.Arrival, false)]
    [InlineData("natural-disaster", ClockEvents.SpecialCircumstancesSet, false)]
    [InlineData("natural-disaster", ClockEvents.DispatchOrder, true)]
    [InlineData("natural-disaster", ClockEvents.SituationStable, true)]
    [InlineData("natural-disaster", ClockEvents.HandlingFinished, true)]
    [InlineData("natural-disaster", ClockEvents.ReconstructionFinished, true)]
    // N 6.2 is the only plan whose duty starts at 倒损住房恢复重建工作结束.
    [InlineData("road-traffic", ClockEvents.ReconstructionFinished, false)]
    [InlineData("construction", ClockEvents.ReconstructionFinished, false)]
    [InlineData("road-traffic", ClockEvents.CityRequest, true)]
    [InlineData("road-traffic", ClockEvents.SituationStable, false)]
    [InlineData("construction", ClockEvents.SpecialCircumstancesSet, true)]
    public void AClockEventThePlanHasNothingFor_IsRefused(string plan, string kind, bool taken)
    {
        var incident = plan == "natural-disaster" ? Open(plan, Disaster(1)) : Open(plan, Accident(1));
        incident.MarkCommitted();

        var record = () => Clock(incident, kind, At(9), kind == ClockEvents.DispatchOrder ? "city" : null);

        if (taken)
        {
            record.Should().NotThrow();
        }
        else
        {
            var refusal = record.Should().Throw<IncidentCommandRejectedException>().Which;
            refusal.Field.Should().Be("kind");
            refusal.Chinese.Should().EndWith("不必记录");
            incident.IsUnchangedAfter(refusal).Should().BeTrue();
        }
    }

    public static TheoryData<ResponseLevel, long, string[]> NaturalActivationDuties => new()
    {
        // Ⅰ: 2.2(2) notice; 5.1.3(1) "有关情况及时向市委、市政府报告"; 5.1.3(3) "每日向市安委办报告"; 5.1.3(14) summary; 5.6 notify, and at every
        // level 5.6 "所涉及县(市、区)要立即启动自然灾害救助应急响应" (the county's own act).
        { ResponseLevel.I, 50, ["activation-notice@2.2(2)", "situation-report-to-city@5.1.3(1)", "member-units-daily-report@5.1.3(3)", "summary-report-up@5.1.3(14)", "notify-counties-and-province@5.6", "county-activate-response@5.6"] },
        // Ⅱ: 5.2.2 "并向市委、市政府报告"; 5.2.3(3); 5.2.3(11) "及时上报"; (5.2.3(1) only with 重要情况; 5.2.3(9) starts 灾情稳定后).
        { ResponseLevel.II, 20, ["activation-notice@2.2(2)", "activation-report-to-city@5.2.2", "member-units-daily-report@5.2.3(3)", "summary-report-up@5.2.3(11)", "notify-counties-and-province@5.6", "county-activate-response@5.6"] },
        // Ⅲ: 5.3.2 "并向市安委会主任报告"; 5.3.3(1) "及时上报市安委会主任".
        { ResponseLevel.III, 10, ["activation-notice@2.2(2)", "activation-report-to-director@5.3.2", "situation-report-to-city@5.3.3(1)", "notify-counties-and-province@5.6", "county-activate-response@5.6"] },
        // Ⅳ: 5.4.2 "并向市安委会副主任……报告"; 5.4.3(1) "及时上报市安委会副主任".
        { ResponseLevel.IV, 5, ["activation-notice@2.2(2)", "activation-report-to-deputy@5.4.2", "situation-report-to-city@5.4.3(1)", "notify-counties-and-province@5.6", "county-activate-response@5.6"] },
    };

    [Theory]
    [MemberData(nameof(NaturalActivationDuties))]
    public void Natural_Activation_ExactlyTheDutiesOfTheLevelActivated(ResponseLevel level, long deaths, string[] expected)
    {
        var incident = Open("natural-disaster", Disaster(deaths));
        incident.State.Obligations.Should().NotContain(o => o.Start == "activation", "an assessed level starts no 响应措施 (audit #4)");

        Activate(incident, level, At(10));

        incident.State.Obligations.Where(o => o.Start == "activation").Select(o => $"{o.Code}@{o.Clause}").Should().BeEquivalentTo(expected);
    }

    [Fact]
    public void Natural_LevelII_ImportantSituation_ReportToCityAndCommittee()
    {
        // N 5.2.3(1) "重要情况及时向市委、市政府、市安委会报告"
        var incident = Open("natural-disaster", Disaster(20), new JudgementInput { ImportantSituation = true });

        Activate(incident, ResponseLevel.II, At(10));

        OwedOne(incident, "situation-report-to-city").Clause.Should().Be("5.2.3(1)");
    }

    [Fact]
    public void Natural_LevelII_ImportantSituationJudgedAfterActivation_ReportOpens()
    {
        var incident = Open("natural-disaster", Disaster(20));
        Activate(incident, ResponseLevel.II, At(10));

        incident.FileReport(false, "重要情况", new IncidentReport { Judgements = new JudgementInput { ImportantSituation = true } }, Officer, At(11), Repository.Engine);

        OwedOne(incident, "situation-report-to-city").RaisedAt.Should().Be(At(11));
    }

    [Theory]
    [InlineData(ResponseLevel.II, 20)]
    [InlineData(ResponseLevel.I, 50)]
    public void Natural_MemberUnitsDailyReport_DailyFromActivation(ResponseLevel level, long deaths)
    {
        // N 5.1.3(3) / 5.2.3(3) "市安委会有关成员单位……每日向市安委办报告有关情况": Ⅱ activated at 10:00 → 10:00 next day, then daily.
        var incident = Open("natural-disaster", Disaster(deaths));
        Activate(incident, level, At(10));
        OwedOne(incident, "member-units-daily-report").Clock.DueAt.Should().Be(At(10, 0, day: 2));

        Fulfil(incident, "member-units-daily-report", At(9, 0, day: 2));

        OwedOne(incident, "member-units-daily-report").Clock.DueAt.Should().Be(At(10, 0, day: 3));
    }

    [Theory]
    // N 5.1.3(3) / 5.2.3(3) "每日向市安委办报告有关情况" are measures of Ⅰ and Ⅱ; Ⅲ (5.3.3(3)) and Ⅳ (5.4.3(3)) have only "市安委办及时掌握
    // 并按照有关规定统一发布灾情和救灾工作动态信息". Lowered to Ⅲ, the period not yet due is not owed (it went overdue a day later, and a
    // drill listed it as a problem); lowered from Ⅰ to Ⅱ it goes on under 5.2.3(3).
    [InlineData(ResponseLevel.III, false)]
    [InlineData(ResponseLevel.II, true)]
    public void Natural_MemberUnitsDailyReport_EndsWhenTheLevelIsLoweredBelowII(ResponseLevel lowered, bool stillOwed)
    {
        var incident = Open("natural-disaster", Disaster(50));
        Activate(incident, ResponseLevel.I, At(10));
        var first = OwedOne(incident, "member-units-daily-report");

        incident.DecideResponse(lowered, true, "灾情缓解，降级", Actors.PartyCommitteeGovernment, At(12), Repository.Engine);

        if (stillOwed)
        {
            first.Clock.State.Should().Be(ObligationState.Due);
        }
        else
        {
            (first.Clock.State, first.EndedAs).Should().Be((ObligationState.Cancelled, ObligationEntry.EndedNotNeeded));
            first.Clock.Decisions[^1].Reason.Should().Be("响应已调整为Ⅲ级，该级别不要求此项报告");
            incident.State.Obligations.Where(o => o.Code == "member-units-daily-report").Should().OnlyContain(o => o.Clock.State == ObligationState.Cancelled);
        }
    }

    [Theory]
    // N 5.1.3(3) "市安委会有关成员单位做好灾情、灾区需求及救灾工作动态等信息共享,每日向市安委办报告有关情况" is Ⅰ's measure, 5.2.3(3)
    // "…受灾县(市、区)需求、救灾工作动态等信息共享,每日向市安委办报告有关情况" Ⅱ's. The daily period running when the level changes goes on (one
    // report a day, not two) and is owed from then on under the measure of the level in force, due when it was (review s61, ND-11); a day
    // already missed under the level before keeps that level's clause.
    [InlineData(ResponseLevel.II, ResponseLevel.I, "5.2.3(3)", "5.1.3(3)", "灾区需求")]
    [InlineData(ResponseLevel.I, ResponseLevel.II, "5.1.3(3)", "5.2.3(3)", "受灾县(市、区)需求")]
    public void Natural_MemberUnitsDailyReport_CitesTheMeasureOfTheLevelInForce(ResponseLevel from, ResponseLevel to, string before, string after, string words)
    {
        var incident = Open("natural-disaster", Disaster(50));
        Activate(incident, from, At(10));
        var missed = OwedOne(incident, "member-units-daily-report");
        missed.Clause.Should().Be(before);

        incident.DecideResponse(to, true, "灾情变化，调整响应", Actors.PartyCommitteeGovernment, At(12, 0, day: 2), Repository.Engine);

        (missed.Clock.State, missed.Clause).Should().Be((ObligationState.Due, before), "the first day was missed under the level before");
        var running = Owed(incident, "member-units-daily-report").Should().ContainSingle(o => o.Clause == after).Subject;
        running.Clock.DueAt.Should().Be(At(10, 0, day: 3));
        running.Words.Should().Contain(words);
        incident.State.Timeline.Should().Contain(t => t.Type == "obligation-rescheduled" && t.Rule!.EndsWith(" " + after, StringComparison.Ordinal)
            && t.Summary.Contains($"因响应级别调整为{Names.Chinese(to)}，改按{after}，仍于2026-03-03 10:00前报告"));

        Fulfil(incident, "member-units-daily-report", At(9, 0, day: 3));
        incident.State.Obligations.Last(o => o.Code == "member-units-daily-report").Clause.Should().Be(after, "the next day follows the rule in force");
    }

    [Theory]
    // N 5.2.2 "市安委会副主任(分管安全工作副市长)报主任决定,并向市委、市政府报告": the report goes to 市委、市政府. When they decided Ⅱ
    // themselves (a higher body may activate a lower level, ADR 0003), nobody reports their own decision to them (as row "The report a
    // decision calls for when a higher body took it" reads 5.3.2 and 5.4.2).
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void Natural_LevelII_ReportToTheCity_NotWhenTheCityDecidedIt(bool byTheCity, bool owed)
    {
        var incident = Open("natural-disaster", Disaster(20));

        incident.DecideResponse(ResponseLevel.II, false, "启动Ⅱ级", byTheCity ? Actors.PartyCommitteeGovernment : Actors.Commander, At(10), Repository.Engine);

        ShouldOwe(incident, "activation-report-to-city", owed);
    }

    [Fact]
    public void Natural_LevelII_ReportToTheCity_NotWhenTheCityRaisedIIIToII()
    {
        var incident = Open("natural-disaster", Disaster(20));
        incident.DecideResponse(ResponseLevel.III, false, "启动Ⅲ级", Actors.DeputyCommander, At(10), Repository.Engine);

        incident.DecideResponse(ResponseLevel.II, true, "调整为Ⅱ级", Actors.PartyCommitteeGovernment, At(12), Repository.Engine);

        ShouldOwe(incident, "activation-report-to-city", false);
    }

    [Fact]
    public void Natural_Termination_TheReportsTheActivationCalledFor_StayOwed_TheDailyOneStops()
    {
        // N 5.2.2 "决定启动Ⅱ级响应，并向市委、市政府报告" and 5.6 "启动市级…响应后…通报并上报省应急管理厅" are owed because the level was
        // activated; ending the response an hour later does not discharge them. 5.2.3(3) "每日向市安委办报告" is owed while the
        // response lasts: it stops with it.
        var incident = Open("natural-disaster", Disaster(20));
        Activate(incident, ResponseLevel.II, At(10));

        incident.TerminateResponse("灾情稳定", true, Actors.Commander, At(11), Repository.Engine);

        OwedOne(incident, "activation-report-to-city");
        OwedOne(incident, "notify-counties-and-province");
        Owed(incident, "member-units-daily-report").Should().BeEmpty();
        incident.State.Obligations.Single(o => o.Code == "member-units-daily-report").Clock.State.Should().Be(ObligationState.Cancelled);
    }

    [Theory]
    [InlineData("construction", "晋市政办〔2025〕15号 4.4", "谁启动、谁终止（晋市政办〔2025〕15号 4.6）")]
    [InlineData("road-traffic", "晋市政办〔2025〕18号 5.7", "谁启动、谁结束（晋市政办〔2025〕18号 5.7）")]
    [InlineData("natural-disaster", "晋市政办〔2026〕3号 5.7", "谁启动、谁终止，按启动响应的相关权限终止响应（晋市政办〔2026〕3号 5.7）")]
    public void ResponseLoweredOrEndedByAnotherBody_IsRefusedCitingThisPlansClause(string plan, string adjustment, string termination)
    {
        // Every plan's refusal cited "road-traffic 5.7", and the termination's all three plans at once. Each cites its own plan by its
        // document number, as the timeline does: the refusal is read by people in the drill report.
        var incident = Open(plan, plan == "natural-disaster" ? Disaster(50) : Accident(30));
        Activate(incident, ResponseLevel.I, At(10));
        var other = Activator(plan, ResponseLevel.III); // may activate Ⅲ, but did not activate this response

        var lower = () => incident.DecideResponse(ResponseLevel.III, true, "降级", other, At(11), Repository.Engine);
        var end = () => incident.TerminateResponse("结束", true, other, At(11), Repository.Engine);

        lower.Should().Throw<LifecycleAuthorityException>().Which.Rule.Should().Contain(adjustment, "N has no adjustment clause: it is our reading, citing 5.7 as what it follows");
        end.Should().Throw<LifecycleAuthorityException>().Which.Rule.Should().Be(termination);
    }

    [Fact]
    public void Natural_Termination_AMissedDailyReport_StaysOverdue()
    {
        // 5.2.3(3) "每日向市安委办报告": day 2's report was due at 10:00 and not made; the response ends at 16:00.
        var incident = Open("natural-disaster", Disaster(20));
        Activate(incident, ResponseLevel.II, At(10));

        incident.TerminateResponse("灾情稳定", true, Actors.Commander, At(16, 0, day: 2), Repository.Engine);

        OwedOne(incident, "member-units-daily-report").Clock.DueAt.Should().Be(At(10, 0, day: 2));
    }

    [Theory]
    // Ⅲ activated: its measures (5.3.3) have no daily member-unit report; assessed Ⅱ but not activated: none (audit #4).
    [InlineData(ResponseLevel.III, 20)]
    [InlineData(null, 20)]
    public void Natural_MemberUnitsDailyReport_NotAtLevelIIINorWithoutActivation(ResponseLevel? level, long deaths)
    {
        var incident = Open("natural-disaster", Disaster(deaths));
        if (level is { } l)
        {
            Activate(incident, l, At(10));
        }

        ShouldOwe(incident, "member-units-daily-report", false);
    }

    [Fact]
    public void Timeline_EveryRule_CitesTheClauseWithThePlansDocumentNumber()
    {
        // Reports cited "晋市政办〔2025〕18号 5.3.3(1)" and duties a bare "5.1.1" in the same timeline: one form for every entry.
        var incident = Open("road-traffic", Accident(deaths: 3, missing: 0));
        Activate(incident, ResponseLevel.II, At(8, 30));
        Continuation(incident, At(9, 0));
        incident.TerminateResponse("现场清理完毕", true, Actors.Commander, At(14), Repository.Engine);

        var cited = incident.State.Timeline.Where(t => t.Rule is not null).ToArray();
        cited.Select(t => t.Type).Should().Contain(["first-report", "obligation-raised", "response-activated", "response-terminated"]);
        cited.Should().OnlyContain(t => t.Rule!.StartsWith("晋市政办〔2025〕18号 ", StringComparison.Ordinal), "the road plan's own clauses");
    }

    [Fact]
    public void Road_Termination57_ConfirmedConditions_AreRecordedInThePlansWords()
    {
        // R 5.7: "现场危险完全消除、事态得到全面控制、已无发生次生衍生危害可能的,…由相应启动应急响应的指挥机构宣布应急响应终止".
        var incident = Open("road-traffic", Accident(deaths: 3, missing: 0));
        Activate(incident, ResponseLevel.II, At(8, 30));

        incident.TerminateResponse("现场清理完毕", true, Actors.Commander, At(14), Repository.Engine);

        incident.State.Response.State.Should().Be(ResponseState.Terminated);
        incident.State.TerminationConditionsConfirmed.Should().BeTrue();
        var entry = incident.State.Timeline.Last(t => t.Type == "response-terminated");
        entry.Summary.Should().Be("Ⅱ级响应终止（已确认终止条件：现场危险完全消除；事态得到全面控制；已无发生次生衍生危害可能）：现场清理完毕");
        entry.Rule.Should().Be("晋市政办〔2025〕18号 5.7");
    }

    [Fact]
    public void Road_Termination57_ConditionsSaidNotToHold_IsRefusedAndChangesNothing()
    {
        var incident = Open("road-traffic", Accident(deaths: 3, missing: 0));
        Activate(incident, ResponseLevel.II, At(8, 30));
        var timeline = incident.State.Timeline.Count;

        var terminate = () => incident.TerminateResponse("领导要求", false, Actors.Commander, At(14), Repository.Engine);

        var refusal = terminate.Should().Throw<IncidentCommandRejectedException>().Which;
        refusal.Field.Should().Be("conditionsConfirmed");
        refusal.Message.Should().Contain("5.7").And.Contain("现场危险完全消除");
        incident.State.Response.State.Should().Be(ResponseState.Active);
        incident.State.Timeline.Should().HaveCount(timeline);
    }

    [Fact]
    public void Construction_Termination46_NotSaid_IsRecordedAsNotConfirmed()
    {
        // C 4.6 "由启动响应的指挥机构确认并结束应急响应": a termination that does not say so is kept as it was made.
        var incident = Open("construction", Accident(deaths: 3, missing: 0));
        Activate(incident, ResponseLevel.III, At(8, 30));

        incident.TerminateResponse("处置结束", null, Actors.OfficeDirector, At(14), Repository.Engine);

        incident.State.Response.State.Should().Be(ResponseState.Terminated);
        incident.State.TerminationConditionsConfirmed.Should().BeNull();
        incident.State.Timeline.Last(t => t.Type == "response-terminated").Summary.Should().Be("Ⅲ级响应终止（未确认预案规定的终止条件）：处置结束");
    }

    [Fact]
    public void Natural_MemberUnitsDailyReport_EndsWithTheResponse()
    {
        // "每日向市安委办报告" is a measure of the active response (5.2.3): terminated (5.7) → no further daily report.
        var incident = Open("natural-disaster", Disaster(20));
        Activate(incident, ResponseLevel.II, At(10));

        incident.TerminateResponse("救灾应急工作结束", true, Actors.Commander, At(9, 0, day: 2), Repository.Engine);

        Owed(incident, "member-units-daily-report").Should().BeEmpty();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Natural_TerminationNotice_OnlyForAnActivatedResponse(bool activated)
    {
        // N 2.2(2) "提出……启动、终止建议,发出启动、终止通知"; 5.7 "……按启动响应的相关权限终止响应": the notice follows the termination.
        var incident = Open("natural-disaster", Disaster(5));
        if (activated)
        {
            Activate(incident, ResponseLevel.IV, At(10));
        }

        Clock(incident, ClockEvents.HandlingFinished, At(18, 0, day: 2));
        ShouldOwe(incident, "termination-notice", false);
        if (activated)
        {
            incident.TerminateResponse("救灾应急工作结束", true, Actors.OfficeDirector, At(19, 0, day: 2), Repository.Engine);
        }

        ShouldOwe(incident, "termination-notice", activated);
    }

    [Fact]
    public void Natural_TerminationNotice_CannotBeRecordedAsSentBeforeTheTermination()
    {
        // N 2.2(2) "发出启动、终止通知"; 5.7 "……按启动响应的相关权限终止响应": the notice is of a termination, so it follows it. A notice
        // recorded as sent two hours before the response existed read met-on-time (a natural-disaster duty officer's review, s61, ND-01).
        var incident = Open("natural-disaster", Disaster(12));
        Activate(incident, ResponseLevel.III, At(10));
        incident.TerminateResponse("救灾应急工作结束", true, Actors.DeputyCommander, At(16), Repository.Engine);

        var early = () => incident.FulfilObligation("termination-notice", At(9), "已发终止通知", Officer, At(16, 30), Repository.Engine);

        early.Should().Throw<IncidentCommandRejectedException>().Which.Field.Should().Be("madeAt");
        incident.FulfilObligation("termination-notice", At(16, 10), "已发终止通知", Officer, At(16, 30), Repository.Engine).Clock.State.Should().Be(ObligationState.Met);
    }

    [Fact]
    public void Natural_ActivationNotice_CannotBeRecordedAsSentBeforeTheDecision_TheDecisionTimeKept()
    {
        // N 2.2(2) "发出启动……通知": of a Ⅱ decided by phone at 00:00 and recorded later (decidedAt), a notice at 21:00 the evening before
        // is not its notice (ND-01).
        var incident = Open("natural-disaster", Disaster(25));
        incident.DecideResponse(ResponseLevel.II, false, "电话决定", Actors.Commander, At(12), Repository.Engine, decidedAt: At(10));
        OwedOne(incident, "activation-notice");

        var early = () => incident.FulfilObligation("activation-notice", At(9), null, Officer, At(12, 30), Repository.Engine);

        early.Should().Throw<IncidentCommandRejectedException>().Which.Field.Should().Be("madeAt");
        incident.FulfilObligation("activation-notice", At(10, 5), null, Officer, At(12, 30), Repository.Engine).Clock.State.Should().Be(ObligationState.Met);
    }

    [Fact]
    public void Natural_TerminationNotice_FollowsTheTermination_WithoutAnEndOfHandling()
    {
        // A reviewer's case: Ⅲ activated and ended with the conditions confirmed, no 应急处置结束 recorded: the 终止通知 was never raised;
        // with handling recorded as finished first, it was owed while the response still ran.
        var incident = Open("natural-disaster", Disaster(12));
        Activate(incident, ResponseLevel.III, At(10));

        incident.TerminateResponse("救灾应急工作结束", true, Actors.DeputyCommander, At(16), Repository.Engine);

        ShouldOwe(incident, "termination-notice", true);
    }

    [Theory]
    // N 5.3.2 "市安委会副主任(分管安全工作副市长)决定启动Ⅲ级响应,并向市安委会主任报告": the 主任 who activates Ⅲ himself reports to nobody.
    [InlineData("natural-disaster", ResponseLevel.III, "deputy-commander", "activation-report-to-director", true)]
    [InlineData("natural-disaster", ResponseLevel.III, "commander", "activation-report-to-director", false)]
    // N 5.4.2 "由市安委办主任决定启动Ⅳ级响应,并向市安委会副主任……报告".
    [InlineData("natural-disaster", ResponseLevel.IV, "office-director", "activation-report-to-deputy", true)]
    [InlineData("natural-disaster", ResponseLevel.IV, "deputy-commander", "activation-report-to-deputy", false)]
    // R 5.3.3 "由市指挥部办公室主任启动Ⅲ级应急响应,同时报告市指挥部": the commander is the 市指挥部.
    [InlineData("road-traffic", ResponseLevel.III, "office-director", "level-iii-report-to-hq", true)]
    [InlineData("road-traffic", ResponseLevel.III, "commander", "level-iii-report-to-hq", false)]
    // C 4.3.1(2) "由市指挥部办公室主任宣布启动Ⅲ级响应,并报告市指挥部有关领导".
    [InlineData("construction", ResponseLevel.III, "office-director", "level-iii-report-to-hq-leaders", true)]
    [InlineData("construction", ResponseLevel.III, "commander", "level-iii-report-to-hq-leaders", false)]
    public void ReportTheDecisionCallsFor_IsOwedByTheBodyTheTextNames_NotByAHigherOneThatActivated(string plan, ResponseLevel level, string role, string code, bool owed)
    {
        var incident = Open(plan, plan == "natural-disaster" ? Disaster(level == ResponseLevel.III ? 12 : 5) : Accident(1));

        incident.DecideResponse(level, false, "启动", Actors.ByRole(role), At(10), Repository.Engine);

        ShouldOwe(incident, code, owed);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Natural_CountyActivationReport_WhenACountyActivated(bool county)
    {
        // N 5.6 "启动县(市、区)级自然灾害救助应急响应的,应及时向市应急管理局报告"
        var incident = Open("natural-disaster", county ? Disaster(5, null, 0, Fact.CountyResponseActivated) : Disaster(5));
        Activate(incident, ResponseLevel.IV, At(11));

        ShouldOwe(incident, "county-activation-report", county);
    }

    [Fact]
    public void Natural_CountyActivationReport_WithoutACityResponse()
    {
        var incident = Open("natural-disaster", Disaster(1));

        Continuation(incident, At(11), new ReportedFigures { [Fact.CountyResponseActivated] = true });

        OwedOne(incident, "county-activation-report").RaisedAt.Should().Be(At(11));
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(0, false)]
    public void Natural_ReconstructionEvaluation_OnlyWithCollapsedHousing(long rooms, bool expected)
    {
        // N 6.2 "倒损住房恢复重建工作结束后,县级应急管理部门应……开展绩效评价,并将评价结果报市应急管理局"
        var incident = Open("natural-disaster", Disaster(1, null, rooms));
        Clock(incident, ClockEvents.HandlingFinished, At(18));

        Clock(incident, ClockEvents.ReconstructionFinished, At(9, day: 20));

        ShouldOwe(incident, "reconstruction-evaluation-report", expected);
        if (expected)
        {
            OwedOne(incident, "reconstruction-evaluation-report").Timing.Should().Be("on-completion");
        }
    }

    [Fact]
    public void Natural62_TheEndOfHandling_DoesNotStartTheEvaluationOfTheReconstruction()
    {
        // N 6.2 "倒损住房恢复重建工作结束后,县级应急管理部门应采取实地调查、抽样调查等方式,对本地因灾倒损住房恢复重建补助资金管理使用工作开展
        // 绩效评价,并将评价结果报市应急管理局": the evaluation follows the end of the reconstruction, not the end of the handling (6.1 灾害救助应急
        // 工作结束后 is when the 过渡期生活救助 begins; the reconstruction comes after). Before, 应急处置结束 started it.
        var incident = Open("natural-disaster", Disaster(1, null, 3));

        Clock(incident, ClockEvents.HandlingFinished, At(18));

        incident.State.Obligations.Should().NotContain(o => o.Code == "reconstruction-evaluation-report");
        Repository.NaturalDisaster.Obligations.Single(o => o.Code == "reconstruction-evaluation-report").Start.Should().Be(EmergencyPlans.Core.Plans.DutyStart.ReconstructionFinished);
    }

    [Fact]
    public void Natural62_ReconstructionFinishedAfterTheIncidentClosed_StartsTheEvaluationFromThen_OnceOnly()
    {
        // N 6.2 "倒损住房恢复重建工作结束后……开展绩效评价,并将评价结果报市应急管理局": the reconstruction ends months after the 终报 closed the
        // incident; its end is recorded then, and the evaluation is owed from it (reported on completion, no clock).
        var incident = Open("natural-disaster", Disaster(1, null, 3));
        Clock(incident, ClockEvents.HandlingFinished, At(18));
        incident.FileReport(true, "终报", new IncidentReport { Figures = ReportedFigures.None }, Officer, At(20), Repository.Engine);
        incident.State.IsOpen.Should().BeFalse();

        Clock(incident, ClockEvents.ReconstructionFinished, At(9, day: 28));

        var duty = OwedOne(incident, "reconstruction-evaluation-report");
        (duty.Start, duty.RaisedAt, duty.Clock.DueAt, duty.Timing).Should().Be(("reconstruction-finished", At(9, day: 28), (DateTimeOffset?)null, "on-completion"));
        var again = () => Clock(incident, ClockEvents.ReconstructionFinished, At(10, day: 28));
        again.Should().Throw<IncidentCommandRejectedException>().Which.Chinese.Should().Be("已记录倒损住房恢复重建工作结束，不必再记");
        // Every other clock event stays refused on a closed incident.
        var stable = () => Clock(incident, ClockEvents.SituationStable, At(10, day: 28));
        stable.Should().Throw<LifecycleTransitionException>();
    }

    [Fact]
    public void Natural5_1_3_14_SummaryReportAtLevelI_IsPromptly_AsTheSummaryItAccompanies()
    {
        // N 5.1.3(14) "市安委办及时汇总各部门开展灾害救助等工作情况并向上级部门提出支援请求,同时按照程序向市委、市政府及省防灾减灾救灾
        // 委员会办公室报告": 同时 ties the report to the 及时 summary, so it is 及时 (ADR 0003), neither 立即 from the activation nor a time the
        // plan does not write; as Ⅱ's 5.2.3(11) "及时汇总……并及时上报", so the higher level does not owe less.
        var incident = Open("natural-disaster", Disaster(50));

        Activate(incident, ResponseLevel.I, At(10));

        var duty = OwedOne(incident, "summary-report-up");
        (duty.Clause, duty.Start, duty.Timing, duty.Clock.DueAt).Should().Be(("5.1.3(14)", "activation", "promptly", (DateTimeOffset?)null));
        duty.To.Should().Be("市委、市政府及省防灾减灾救灾委员会办公室");
        var rule = Repository.NaturalDisaster.Obligations.Single(o => o.Clause == "5.1.3(14)");
        Names.ChineseTiming(EmergencyPlans.Core.Contract.AssessmentContract.Timing(rule.Timing), rule.Words).Should().Be("及时");
        EmergencyPlans.Core.Plans.DutyWords.Said(rule).Should().StartWith("及时");
        duty.Said().Full.Should().Contain("及时");
    }

    // ================= Relief supplies (晋市政发〔2026〕1号 (十九), from 2026-02-13) =================

    [Theory]
    // "确保接到调拨指令后,首批救灾物资县级6小时、市级8小时运抵灾区"
    [InlineData("county", "2026-03-01T10:00:00+08:00", "relief-supplies-county", "2026-03-01T16:00:00+08:00")]
    [InlineData("city", "2026-03-01T10:00:00+08:00", "relief-supplies-city", "2026-03-01T18:00:00+08:00")]
    // The notice is dated 2026-02-13 (audit #5): an order the day before starts no clock; one at 00:00 that day does.
    [InlineData("county", "2026-02-12T10:00:00+08:00", "relief-supplies-county", null)]
    [InlineData("county", "2026-02-13T00:00:00+08:00", "relief-supplies-county", "2026-02-13T06:00:00+08:00")]
    [InlineData("city", "2026-02-12T23:59:00+08:00", "relief-supplies-city", null)]
    // A work notice for 2026 (validUntil 2026-12-31, reading; open question).
    [InlineData("county", "2026-12-31T10:00:00+08:00", "relief-supplies-county", "2026-12-31T16:00:00+08:00")]
    [InlineData("county", "2027-01-01T10:00:00+08:00", "relief-supplies-county", null)]
    public void Natural_ReliefSupplies_FromTheDispatchOrder_WhileTheNoticeApplies(string orderedBy, string orderAt, string code, string? dueAt)
    {
        var order = DateTimeOffset.Parse(orderAt, System.Globalization.CultureInfo.InvariantCulture);
        var incident = Open("natural-disaster", Disaster(1), occurredAt: order.AddHours(-2), now: order.AddHours(-2));

        Clock(incident, ClockEvents.DispatchOrder, order, orderedBy);

        ShouldOwe(incident, code, dueAt is not null);
        if (dueAt is not null)
        {
            OwedOne(incident, code).Clock.DueAt.Should().Be(DateTimeOffset.Parse(dueAt, System.Globalization.CultureInfo.InvariantCulture));
        }

        // A county order is not the city's duty, and the other way round.
        ShouldOwe(incident, code == "relief-supplies-county" ? "relief-supplies-city" : "relief-supplies-county", false);
    }

    [Fact]
    public void Natural_ReliefSupplies_OrderedBeforeTheDisaster_OnTheForecast_RunFromTheOrder()
    {
        // N 3(3) "做好救灾物资准备,紧急情况下提前调拨": the city ordered supplies at 06:00 on the rainstorm's forecast, the flood came at 10:00. The
        // notice's "接到调拨指令后……市级8小时运抵灾区" runs from the order: due 14:00. It was refused as a clock event before the occurrence (a duty
        // officer's review, session 53). Other clock events still cannot come before it.
        var incident = Open("natural-disaster", Disaster(1), occurredAt: At(10), now: At(10, 30));

        Clock(incident, ClockEvents.DispatchOrder, At(6), "city");

        OwedOne(incident, "relief-supplies-city").Clock.DueAt.Should().Be(At(14));
        var stable = () => Clock(incident, ClockEvents.SituationStable, At(6));
        stable.Should().Throw<IncidentCommandRejectedException>().Which.Field.Should().Be("happenedAt");
    }

    [Theory]
    [InlineData("county", 16, 0, true)]
    [InlineData("county", 16, 1, false)]
    [InlineData("city", 18, 0, true)]
    [InlineData("city", 18, 1, false)]
    public void Natural_ReliefSupplies_OnTimeAtTheDeadline_LateAMinuteAfter(string orderedBy, int hour, int minute, bool onTime)
    {
        var incident = Open("natural-disaster", Disaster(1));
        Clock(incident, ClockEvents.DispatchOrder, At(10), orderedBy);

        Fulfil(incident, "relief-supplies-" + orderedBy, At(hour, minute));

        incident.State.Obligations.Single(o => o.Code == "relief-supplies-" + orderedBy).Clock.OnTime.Should().Be(onTime);
    }
}
