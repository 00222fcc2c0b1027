using EmergencyPlans.Core.Lifecycles;
using static EmergencyPlans.Core.Tests.Lifecycles.Actors;

namespace EmergencyPlans.Core.Tests.Lifecycles;

public class ReportingLifecycleTests
{
    private readonly Clock _clock = new();

    private ReportingLifecycle Opened() => ReportingLifecycle.Open(OfficeDutyOfficer, _clock.Next(), "G207线客车侧翻，2人死亡");

    private ReportingLifecycle FinalReported()
    {
        var incident = Opened();
        incident.FileFinal(OfficeDutyOfficer, _clock.Next(), "处置完毕");
        return incident;
    }

    // ---- Open ----

    [Fact]
    public void Open_WithTheFirstReport_IsOpenAndRecordsIt()
    {
        var at = _clock.Next();

        var incident = ReportingLifecycle.Open(OfficeDutyOfficer, at, "首报");

        incident.State.Should().Be(ReportingState.Open);
        incident.FirstReportAt.Should().Be(at);
        incident.LastReportAt.Should().Be(at);
        incident.ContinuationCount.Should().Be(0);
        incident.Decisions.Should().ContainSingle().Which.Should().Be(new LifecycleDecision("FileFirst", OfficeDutyOfficer, at, "首报"));
        incident.PermittedTriggers.Should().Equal(ReportingTrigger.FileContinuation, ReportingTrigger.FileFinal);
    }

    [Fact]
    public void Open_WithoutASummary_IsABadRequest()
    {
        var act = () => ReportingLifecycle.Open(OfficeDutyOfficer, _clock.Next(), " ");

        act.Should().Throw<ArgumentException>().WithParameterName("summary");
    }

    // ---- Continuation ----

    [Fact]
    public void FileContinuation_WhenOpen_IsReportingWithOneContinuation()
    {
        var incident = Opened();
        var at = _clock.Next();

        incident.FileContinuation(OfficeDutyOfficer, at, "续报：死亡升至3人");

        incident.State.Should().Be(ReportingState.Reporting);
        incident.ContinuationCount.Should().Be(1);
        incident.LastReportAt.Should().Be(at);
        incident.Decisions[^1].Trigger.Should().Be("FileContinuation");
    }

    [Fact]
    public void FileContinuation_WhenReporting_CountsAnother()
    {
        var incident = Opened();
        incident.FileContinuation(OfficeDutyOfficer, _clock.Next(), "续报1");

        incident.FileContinuation(OfficeDutyOfficer, _clock.Next(), "续报2");

        incident.State.Should().Be(ReportingState.Reporting);
        incident.ContinuationCount.Should().Be(2);
        incident.PermittedTriggers.Should().Equal(ReportingTrigger.FileContinuation, ReportingTrigger.FileFinal);
    }

    [Fact]
    public void FileContinuation_AfterTheFinalReport_IsRefused()
    {
        var incident = FinalReported();

        var act = () => incident.FileContinuation(OfficeDutyOfficer, _clock.Next(), "续报");

        var refusal = act.Should().Throw<LifecycleTransitionException>().Which;
        refusal.CurrentState.Should().Be("FinalReported");
        refusal.PermittedTriggers.Should().Equal("Close");
    }

    [Fact]
    public void FileContinuation_EarlierThanTheLastReport_IsOutOfRange()
    {
        var incident = Opened();

        var act = () => incident.FileContinuation(OfficeDutyOfficer, incident.FirstReportAt.AddMinutes(-1), "续报");

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    // ---- Final ----

    [Fact]
    public void FileFinal_StraightAfterTheFirstReport_IsFinalReported()
    {
        var incident = Opened();

        incident.FileFinal(OfficeDutyOfficer, _clock.Next(), "终报");

        incident.State.Should().Be(ReportingState.FinalReported);
        incident.ContinuationCount.Should().Be(0);
        incident.PermittedTriggers.Should().Equal(ReportingTrigger.Close);
    }

    [Fact]
    public void FileFinal_AfterContinuations_IsFinalReported()
    {
        var incident = Opened();
        incident.FileContinuation(OfficeDutyOfficer, _clock.Next(), "续报");

        incident.FileFinal(OfficeDutyOfficer, _clock.Next(), "终报");

        incident.State.Should().Be(ReportingState.FinalReported);
        incident.Decisions.Select(d => d.Trigger).Should().Equal("FileFirst", "FileContinuation", "FileFinal");
    }

    [Fact]
    public void FileFinal_Twice_IsRefused()
    {
        var incident = FinalReported();

        var act = () => incident.FileFinal(OfficeDutyOfficer, _clock.Next(), "终报");

        act.Should().Throw<LifecycleTransitionException>();
    }

    // ---- Close ----

    [Theory]
    [InlineData(ResponseState.NotActivated)]
    [InlineData(ResponseState.Terminated)]
    public void Close_AfterTheFinalReportWithNoRunningResponse_IsClosed(ResponseState responseState)
    {
        var incident = FinalReported();
        var at = _clock.Next();

        incident.CanClose(responseState).Should().BeTrue();
        incident.Close(responseState, OfficeDirector, at, "归档");

        incident.State.Should().Be(ReportingState.Closed);
        incident.PermittedTriggers.Should().BeEmpty();
        incident.Decisions[^1].Should().Be(new LifecycleDecision("Close", OfficeDirector, at, "归档", $"response {responseState}"));
    }

    [Theory]
    [InlineData(ResponseState.Active)]
    [InlineData(ResponseState.Proposed)]
    public void Close_WhileTheResponseIsActiveOrProposed_IsRefusedSayingWhy(ResponseState responseState)
    {
        var incident = FinalReported();

        var act = () => incident.Close(responseState, OfficeDirector, _clock.Next(), "归档");

        act.Should().Throw<LifecycleTransitionException>().WithMessage($"*response is {responseState}*");
        incident.CanClose(responseState).Should().BeFalse();
        incident.State.Should().Be(ReportingState.FinalReported);
    }

    [Fact]
    public void Close_BeforeTheFinalReport_IsRefused()
    {
        var incident = Opened();
        incident.FileContinuation(OfficeDutyOfficer, _clock.Next(), "续报");

        var act = () => incident.Close(ResponseState.Terminated, OfficeDirector, _clock.Next(), "归档");

        act.Should().Throw<LifecycleTransitionException>().Which.PermittedTriggers.Should().Equal("FileContinuation", "FileFinal");
        incident.CanClose(ResponseState.Terminated).Should().BeFalse();
    }

    [Fact]
    public void FileContinuation_WhenClosed_IsRefused()
    {
        var incident = FinalReported();
        incident.Close(ResponseState.NotActivated, OfficeDirector, _clock.Next(), "归档");

        var act = () => incident.FileContinuation(OfficeDutyOfficer, _clock.Next(), "续报");

        act.Should().Throw<LifecycleTransitionException>().Which.CurrentState.Should().Be("Closed");
    }

    [Fact]
    public void Close_WhenOpen_IsRefused()
    {
        var incident = Opened();

        var act = () => incident.Close(ResponseState.NotActivated, OfficeDirector, _clock.Next(), "归档");

        act.Should().Throw<LifecycleTransitionException>().Which.CurrentState.Should().Be("Open");
    }

    [Theory]
    [InlineData(ReportingTrigger.FileFinal)]
    [InlineData(ReportingTrigger.Close)]
    public void Closed_FinalReportOrClosingAgain_IsRefused(ReportingTrigger trigger)
    {
        var incident = FinalReported();
        incident.Close(ResponseState.Terminated, OfficeDirector, _clock.Next(), "归档");
        var at = _clock.Next();
        Action act = trigger == ReportingTrigger.FileFinal
            ? () => incident.FileFinal(OfficeDutyOfficer, at, "终报")
            : () => incident.Close(ResponseState.Terminated, OfficeDirector, at, "归档");

        act.Should().Throw<LifecycleTransitionException>().Which.PermittedTriggers.Should().BeEmpty();
    }

    // ---- Persistence ----

    [Fact]
    public void Snapshot_Reloaded_KeepsCountsAndState()
    {
        var incident = Opened();
        incident.FileContinuation(OfficeDutyOfficer, _clock.Next(), "续报");

        var reloaded = new ReportingLifecycle(incident.Snapshot);
        reloaded.FileContinuation(OfficeDutyOfficer, _clock.Next(), "续报2");

        reloaded.ContinuationCount.Should().Be(2);
        incident.ContinuationCount.Should().Be(1);
    }

    [Fact]
    public void Snapshot_ReportingWithoutContinuations_IsRejected()
    {
        var at = _clock.Next();
        var broken = new ReportingSnapshot(ReportingState.Reporting, at, 0, at, []);

        var act = () => new ReportingLifecycle(broken);

        act.Should().Throw<ArgumentException>().WithParameterName("snapshot");
    }
}
