using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Lifecycles;
using EmergencyPlans.Core.Tests.Lifecycles;
using EmergencyPlans.Core.Tests.Support;
using FluentAssertions;
using Xunit;
using static EmergencyPlans.Core.Tests.Support.DutyScenario;

namespace EmergencyPlans.Core.Tests.Incidents;

/// <summary>
/// What a closed incident still takes. It closes once the 终报 is in and the response has ended or never started (C 4.1(三), R 5.1.2
/// 终报; 谁启动、谁终止): nothing may put a response or a warning in force after that. A duty still owed may still be met, and a warning
/// still in force may still be lifted by whoever issued it (R 4.6 谁发布、谁解除).
/// </summary>
public class ClosedIncidentTests
{
    /// <summary>Road, 3 dead (较大, R 1.5(3)): phone within 30 minutes, written within an hour (R 5.1.1); the 终报 at 08:10 closes it.</summary>
    private static Incident Closed(Action<Incident>? before = null)
    {
        var incident = Open(Guid.NewGuid(), "road-traffic", Accident(deaths: 3));
        before?.Invoke(incident);
        incident.FileReport(true, "终报：3人死亡，现场清理完毕", new IncidentReport { Figures = ReportedFigures.None }, Officer, At(8, 10), Repository.Engine);
        incident.State.Reporting.State.Should().Be(ReportingState.Closed);
        incident.MarkCommitted();
        return incident;
    }

    public static TheoryData<string> Changes() => ["propose-response", "activate-response", "propose-warning", "clock-event"];

    [Theory]
    [MemberData(nameof(Changes))]
    public void ClosedIncident_RefusesWhatWouldPutSomethingInForce_AndRaisesNothing(string change)
    {
        var incident = Closed();
        Action act = change switch
        {
            "propose-response" => () => incident.ProposeResponse(ResponseLevel.II, "建议启动Ⅱ级", Actors.OfficeDirector, At(8, 20), Repository.Engine),
            "activate-response" => () => incident.DecideResponse(ResponseLevel.II, false, "启动Ⅱ级", Actors.Commander, At(8, 20), Repository.Engine),
            "propose-warning" => () => incident.ProposeWarning(Guid.NewGuid(), WarningColour.Yellow, "能见度约80米", Actors.OfficeDirector, At(8, 20)),
            _ => () => incident.RecordClockEvent(ClockEvents.SpecialCircumstancesSet, At(8, 20), null, null, Officer, At(8, 20), Repository.Engine),
        };

        var refusal = act.Should().Throw<LifecycleTransitionException>().Which;
        (refusal.Lifecycle, refusal.CurrentState).Should().Be((nameof(ReportingLifecycle), nameof(ReportingState.Closed)));
        incident.IsUnchangedAfter(refusal).Should().BeTrue();
        incident.State.Response.State.Should().Be(ResponseState.NotActivated);
    }

    [Fact]
    public void ClosedIncident_StillRecordsTheWrittenReportOwed_WhenItIsMade()
    {
        // R 5.1.1 "1小时以内向市委、市政府书面报告简要情况": the incident closed at 08:10, the written report is made at 08:40, on time.
        var incident = Closed();

        var met = incident.FulfilObligation("written-report-to-city", At(8, 40), "书面报告已报送", Officer, At(8, 40), Repository.Engine);

        (met.Clock.State, met.Clock.OnTime).Should().Be((ObligationState.Met, true));
    }

    [Fact]
    public void ClosedIncident_AWarningStillInForce_IsLiftedByItsIssuer()
    {
        // R 4.4.1 黄色预警经市指挥部副指挥长批准，由市指挥部办公室发布; 4.6 谁发布、谁解除: the fog outlives the accident.
        var warning = Guid.NewGuid();
        var incident = Closed(i =>
        {
            i.ProposeWarning(warning, WarningColour.Yellow, "能见度约80米", Actors.OfficeDirector, At(8, 2));
            i.ChangeWarning(warning, "issue", null, "同意发布黄色预警", Actors.DeputyCommander, null, At(8, 5));
        });

        incident.ChangeWarning(warning, "lift", null, "团雾消散", Actors.OfficeDirector, null, At(9, 0));

        incident.State.Warnings.Single().Snapshot.State.Should().Be(WarningState.Lifted);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void FinalReport_WhileAResponseIsInForceOrProposed_IsRefused_ContinuationsStillTaken(bool proposedOnly)
    {
        // R 5.1.2 "终报要素包括:道路交通安全突发事件处置结果、社会维稳、善后安置、恢复重建……": the 终报 comes once the response has ended.
        // Filed while Ⅱ was in force, it ended the 续报 owed under Ⅱ and left a later 应急处置结束's final report to be dropped at closing.
        var incident = Open(Guid.NewGuid(), "road-traffic", Accident(deaths: 3));
        if (proposedOnly)
        {
            incident.ProposeResponse(ResponseLevel.II, "死亡3人", Actors.OfficeDirector, At(8, 5), Repository.Engine);
        }
        else
        {
            incident.DecideResponse(ResponseLevel.II, false, "死亡3人", Actors.Commander, At(8, 5), Repository.Engine);
        }

        var final = () => incident.FileReport(true, "终报", new IncidentReport { Figures = ReportedFigures.None }, Officer, At(8, 10), Repository.Engine);

        final.Should().Throw<IncidentCommandRejectedException>().Which.Chinese.Should().Contain("终报须在应急处置结束、响应终止后报送");
        incident.State.Reporting.State.Should().NotBe(ReportingState.FinalReported);
        incident.FileReport(false, "续报", new IncidentReport { Figures = ReportedFigures.None }, Officer, At(8, 12), Repository.Engine);
        incident.State.Reporting.State.Should().Be(ReportingState.Reporting);
    }

    [Fact]
    public void FinalReport_OnceTheResponseHasEnded_ClosesTheIncident()
    {
        var incident = Open(Guid.NewGuid(), "road-traffic", Accident(deaths: 3));
        incident.DecideResponse(ResponseLevel.II, false, "死亡3人", Actors.Commander, At(8, 5), Repository.Engine);
        incident.TerminateResponse("现场危险完全消除", true, Actors.Commander, At(9, 0), Repository.Engine);

        incident.FileReport(true, "终报", new IncidentReport { Figures = ReportedFigures.None }, Officer, At(9, 10), Repository.Engine);

        incident.State.Reporting.State.Should().Be(ReportingState.Closed);
    }

    [Fact]
    public void WhatAClientMayOffer_NoFinalReportWhileTheResponseRuns_NoResponseTriggerOnceClosed()
    {
        // A client builds its buttons from these: a 终报 offered while Ⅱ runs was refused, an activation offered on a closed incident too.
        var incident = Open(Guid.NewGuid(), "road-traffic", Accident(deaths: 3));
        incident.DecideResponse(ResponseLevel.II, false, "死亡3人", Actors.Commander, At(8, 5), Repository.Engine);
        incident.AllowedReports.Should().NotContain(ReportingTrigger.FileFinal).And.Contain(ReportingTrigger.FileContinuation);

        incident.TerminateResponse("现场危险完全消除", true, Actors.Commander, At(9, 0), Repository.Engine);
        incident.AllowedReports.Should().Contain(ReportingTrigger.FileFinal);
        incident.FileReport(true, "终报", new IncidentReport { Figures = ReportedFigures.None }, Officer, At(9, 10), Repository.Engine);

        incident.AllowedResponseTriggers.Should().BeEmpty();
    }
}
