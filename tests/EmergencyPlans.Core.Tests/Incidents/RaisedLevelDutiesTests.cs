using EmergencyPlans.Core.Plans;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Lifecycles;
using EmergencyPlans.Core.Tests.Lifecycles;
using EmergencyPlans.Core.Tests.Support;

using static EmergencyPlans.Core.Tests.Support.DutyScenario;

namespace EmergencyPlans.Core.Tests.Incidents;

/// <summary>
/// Raising the response is activating the higher level: N 5.3.2 "市安委会副主任……决定启动Ⅲ级响应", 5.2.2 "报主任决定" (启动Ⅱ级响应),
/// R 5.3.1/5.3.2 "决定启动Ⅰ/Ⅱ级响应". What the activation of that level owes is owed again: N 2.2(2) 市安委办 "发出启动、终止通知", N 5.6
/// "启动市级自然灾害救助应急响应后,市安委办、市应急管理局要向相关县(市、区)通报并上报省应急管理厅". Only the first activation raised them.
/// A lowering activates no level and owes no new notice.
/// </summary>
public class RaisedLevelDutiesTests
{
    private static readonly Guid Id = new("6f1c1d9e-0000-4000-8000-0000000000aa");

    private static LifecycleActor Activator(string plan, ResponseLevel level) => (plan, level) switch
    {
        ("natural-disaster", ResponseLevel.I) => Actors.PartyCommitteeGovernment, // N 5.1.2 市委、市政府决定
        ("natural-disaster", ResponseLevel.II) => Actors.Commander,               // N 5.2.2 市安委会主任
        ("natural-disaster", ResponseLevel.III) => Actors.DeputyCommander,        // N 5.3.2 市安委会副主任
        (_, ResponseLevel.III or ResponseLevel.IV) => Actors.OfficeDirector,       // C 4.3.1(2), R 5.3.3, N 5.4.2
        _ => Actors.Commander,                                                      // C 4.3.3(2)/4.3.2(2), R 5.3.1/5.3.2
    };

    private static Incident Open(string plan) =>
        DutyScenario.Open(Id, plan, plan == "natural-disaster" ? Disaster(50) : Accident(30));

    /// <summary>Records every activation duty owed as made at <paramref name="at"/> (a repeating one runs on to its next period).</summary>
    private static void MeetActivationDuties(Incident incident, DateTimeOffset at)
    {
        foreach (var key in incident.State.Obligations.Where(o => o.Start == "activation" && o.Clock.State == ObligationState.Due).Select(o => o.Key).ToArray())
        {
            incident.FulfilObligation(key, at, "已办", Officer, at, Repository.Engine);
        }
    }

    private static string[] RaisedAt(Incident incident, DateTimeOffset at) =>
        [.. incident.State.Obligations.Where(o => o.Start == "activation" && o.RaisedAt == at).Select(o => $"{o.Code}@{o.Clause}")];

    [Fact]
    public void Natural_RaisedIVToIIIToII_EachNewLevelOwesItsNoticeAndThe56Report()
    {
        var incident = Open("natural-disaster");
        incident.DecideResponse(ResponseLevel.IV, false, "启动Ⅳ级", Activator("natural-disaster", ResponseLevel.IV), At(10), Repository.Engine);
        MeetActivationDuties(incident, At(10, 30));

        incident.DecideResponse(ResponseLevel.III, true, "提升为Ⅲ级", Actors.DeputyCommander, At(12), Repository.Engine);

        RaisedAt(incident, At(12)).Should().Contain(["activation-notice@2.2(2)", "notify-counties-and-province@5.6"])
            .And.Contain(["activation-report-to-director@5.3.2", "situation-report-to-city@5.3.3(1)"]);

        MeetActivationDuties(incident, At(12, 30));
        incident.DecideResponse(ResponseLevel.II, true, "提升为Ⅱ级", Actors.Commander, At(14), Repository.Engine);

        RaisedAt(incident, At(14)).Should().Contain(["activation-notice@2.2(2)", "notify-counties-and-province@5.6", "activation-report-to-city@5.2.2"]);
        incident.State.Obligations.Count(o => o.Code == "activation-notice").Should().Be(3, "one 启动通知 for each level activated: Ⅳ, Ⅲ, Ⅱ");
    }

    [Fact]
    public void Natural_RaisedIVToIII_TheIVMeasuresReportIsNotOwedBesideTheIIIOne()
    {
        // N 5.4.3 "市安委会及其成员单位视情采取以下措施: (1)……有关情况及时上报市安委会副主任(分管安全工作副市长)并通报有关成员单位" are Ⅳ's
        // measures; Ⅲ's are 5.3.3 "(1)……有关情况及时上报市安委会主任并通报有关成员单位". Raised before the first was made, the office owes the
        // second, not both (drill review s49, D6: the Ⅳ report stayed owed to the end and was reported 未报).
        var incident = Open("natural-disaster");
        incident.DecideResponse(ResponseLevel.IV, false, "启动Ⅳ级", Activator("natural-disaster", ResponseLevel.IV), At(10), Repository.Engine);

        incident.DecideResponse(ResponseLevel.III, true, "提升为Ⅲ级", Actors.DeputyCommander, At(12), Repository.Engine);

        var reports = incident.State.Obligations.Where(o => o.Code == "situation-report-to-city").ToDictionary(o => o.Clause, o => o.Clock.State);
        reports.Should().Equal(new Dictionary<string, ObligationState> { ["5.4.3(1)"] = ObligationState.Cancelled, ["5.3.3(1)"] = ObligationState.Due });
        // Owed two hours and never made, it is not said 不再需要 (drill review s60 F1): how long it stood unmet, then why it is no longer listed.
        incident.State.Timeline.Should().Contain(t => t.Rule != null && t.Rule.EndsWith(" 5.4.3(1)", StringComparison.Ordinal)
            && t.Summary.EndsWith("起算后2小时仍未报告，此后不再单列：响应已提升为Ⅲ级，由该级别的同项报告（5.3.3(1)）代替", StringComparison.Ordinal));
    }

    [Fact]
    public void Natural_RaisedIVToIII_AReportAlreadyMadeStaysMade_AndANoticeOfEveryLevelStaysOwed()
    {
        var incident = Open("natural-disaster");
        incident.DecideResponse(ResponseLevel.IV, false, "启动Ⅳ级", Activator("natural-disaster", ResponseLevel.IV), At(10), Repository.Engine);
        MeetActivationDuties(incident, At(10, 30));

        incident.DecideResponse(ResponseLevel.III, true, "提升为Ⅲ级", Actors.DeputyCommander, At(12), Repository.Engine);

        incident.State.Obligations.Single(o => o.Clause == "5.4.3(1)").Clock.State.Should().Be(ObligationState.Met);
        incident.State.Obligations.Where(o => o.Clock.State == ObligationState.Cancelled).Should().BeEmpty(
            "the activation notice and the 5.6 report hold at every level (2.2(2), 5.6): nothing else ends on a raise");
    }

    [Fact]
    public void Natural_RaisedWhileTheFirstNoticeIsStillOwed_OneNoticeIsOwed()
    {
        // The notice not yet sent is sent for the level now in force: one owed notice, not two alike.
        var incident = Open("natural-disaster");
        incident.DecideResponse(ResponseLevel.IV, false, "启动Ⅳ级", Activator("natural-disaster", ResponseLevel.IV), At(10), Repository.Engine);

        incident.DecideResponse(ResponseLevel.III, true, "提升为Ⅲ级", Actors.DeputyCommander, At(10, 10), Repository.Engine);

        incident.State.Obligations.Where(o => o.Code == "activation-notice" && o.Clock.State == ObligationState.Due).Should().ContainSingle();
    }

    [Fact]
    public void Natural_LoweredIIIToIV_NoNewNotice()
    {
        // 2.2(2) "发出启动、终止通知": a lowering neither starts nor ends the response.
        var incident = Open("natural-disaster");
        incident.DecideResponse(ResponseLevel.III, false, "启动Ⅲ级", Actors.DeputyCommander, At(10), Repository.Engine);
        MeetActivationDuties(incident, At(10, 30));

        incident.DecideResponse(ResponseLevel.IV, true, "降为Ⅳ级", Actors.DeputyCommander, At(12), Repository.Engine);

        RaisedAt(incident, At(12)).Should().NotContain(["activation-notice@2.2(2)", "notify-counties-and-province@5.6"]);
    }

    [Fact]
    public void Natural_RaisedIIIToII_TheIIIReportEnds_SayingIIReportsOnceImportantSituationsAreJudged()
    {
        // N 5.3.3(1) (Ⅲ) "…有关情况及时上报市安委会主任并通报有关成员单位"; 5.2.3(1) (Ⅱ) "…重要情况及时向市委、市政府、市安委会报告". Raised to Ⅱ
        // with the Ⅲ report not made, the end said "该级别不要求此项报告", which a leader reads as Ⅱ reporting nothing (a drill facilitator's
        // review, s63 D63-09). Ⅱ does report, on 重要情况 (the judgement the plan file conditions 5.2.3(1) on).
        var incident = Open("natural-disaster");
        incident.DecideResponse(ResponseLevel.III, false, "启动Ⅲ级", Actors.DeputyCommander, At(10), Repository.Engine);

        incident.DecideResponse(ResponseLevel.II, true, "提升为Ⅱ级", Actors.Commander, At(12), Repository.Engine);

        var report = incident.State.Obligations.Single(o => o.Code == "situation-report-to-city" && o.Clause == "5.3.3(1)");
        report.Clock.State.Should().Be(ObligationState.Cancelled);
        report.Clock.Decisions[^1].Reason.Should().StartWith("响应已提升为Ⅱ级，此后按5.2.3(1)“").And.Contain("重要情况及时向市委、市政府、市安委会报告")
            .And.EndWith("”办理（研判为“重要情况”时报告）");
    }

    [Fact]
    public void Road_RaisedIIToI_TheIIMeasuresReportIsNotOwedAtI_NorLeftUnmetAtTheClose()
    {
        // R 5.3.2 响应措施 "(9)根据救援工作需要,向市委、市政府和上级有关部门报告现场情况和应急处置情况" is Ⅱ's. Ⅰ's 响应措施 (5.3.1) are its own
        // list, which does not say it builds on Ⅱ's (C 4.3.3(3) "在 II 级响应措施的基础上" does; R does not), and carries its own report:
        // "(2)……同时向上级人民政府及有关部门报告", "(6)按要求做好信息上传下达工作". Raised to Ⅰ before the Ⅱ report was made, the office owes
        // Ⅰ's report, and the Ⅱ one ends as not needed; before, it stayed owed under Ⅰ and the 终报 closed it 仍未报 (a road duty officer's
        // review, session 59, finding 8).
        var incident = DutyScenario.Open(Id, "road-traffic", Accident(3));
        incident.DecideResponse(ResponseLevel.II, false, "死亡3人，启动Ⅱ级", Actors.Commander, At(10), Repository.Engine);
        incident.State.Obligations.Single(o => o.Code == "level-ii-situation-report").Clock.State.Should().Be(ObligationState.Due);

        incident.DecideResponse(ResponseLevel.I, true, "死亡11人，提升为Ⅰ级", Actors.Commander, At(12), Repository.Engine);

        var report = incident.State.Obligations.Single(o => o.Code == "level-ii-situation-report");
        (report.Clock.State, report.Ending()).Should().Be((ObligationState.Cancelled, ObligationEntry.EndedNotNeeded));
        report.Clock.Decisions[^1].Reason.Should().Be("响应已提升为Ⅰ级，该级别不要求此项报告");
        incident.State.Obligations.Single(o => o.Code == "level-i-report-up").RaisedAt.Should().Be(At(12));

        incident.FulfilObligation("level-i-report-up", At(12, 10), "已向上级人民政府及有关部门报告", Officer, At(12, 10), Repository.Engine);
        incident.TerminateResponse("处置结束", true, Actors.Commander, At(18), Repository.Engine);
        incident.FileReport(true, "终报", new IncidentReport(), Officer, At(20), Repository.Engine);

        incident.State.Obligations.Where(o => o.Code == "level-ii-situation-report").Should().OnlyContain(o => o.Ending() == ObligationEntry.EndedNotNeeded,
            "a Ⅰ incident's record shows no missed Ⅱ-level report");
    }

    public static TheoryData<string, ResponseLevel, ResponseLevel> Raises => new()
    {
        { "natural-disaster", ResponseLevel.IV, ResponseLevel.III },
        { "natural-disaster", ResponseLevel.III, ResponseLevel.II },
        { "natural-disaster", ResponseLevel.II, ResponseLevel.I },
        { "road-traffic", ResponseLevel.III, ResponseLevel.II },
        { "road-traffic", ResponseLevel.II, ResponseLevel.I },
        { "construction", ResponseLevel.III, ResponseLevel.II },
        { "construction", ResponseLevel.II, ResponseLevel.I },
    };

    [Theory]
    [MemberData(nameof(Raises))]
    public void EveryPlan_ARaiseOwes_WhatActivatingTheHigherLevelOwes(string plan, ResponseLevel from, ResponseLevel to)
    {
        // A raise is the activation of the higher level, so it owes what activating that level directly owes (R 5.3.1 响应措施(2) "同时向上级
        // 人民政府及有关部门报告" when Ⅱ becomes Ⅰ), less a repeating duty already running (one chain across levels, N 5.1.3(3)/5.2.3(3)).
        var raised = Open(plan);
        raised.DecideResponse(from, false, "启动", Activator(plan, from), At(10), Repository.Engine);
        MeetActivationDuties(raised, At(10, 30));
        var direct = Open(plan);
        direct.DecideResponse(to, false, "启动", Activator(plan, to), At(12), Repository.Engine);

        var repeating = raised.State.Obligations.Where(o => o.Every is not null && o.Clock.State == ObligationState.Due).Select(o => o.Code).ToHashSet();
        // Nor the counties' own start (N 5.6 "所涉及县(市、区)要立即启动…,并…根据灾情发展变化及时作出调整"), met at the activation: a county starts once
        // per city response and then adjusts (ADR 0003 #83, amended in session 63; IncidentDutiesTests.Natural_ACityRaise_…).
        repeating.UnionWith(raised.Plan.Obligations.Where(r => r.EachCounty is not null && r.Start == DutyStart.Activation).Select(r => r.Code));

        raised.DecideResponse(to, true, "提升", Activator(plan, to), At(12), Repository.Engine);

        RaisedAt(raised, At(12)).Should().BeEquivalentTo(RaisedAt(direct, At(12)).Where(d => !repeating.Contains(d.Split('@')[0])));
    }
}
