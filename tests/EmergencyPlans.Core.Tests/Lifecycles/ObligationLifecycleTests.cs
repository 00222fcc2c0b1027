using EmergencyPlans.Core.Lifecycles;
using static EmergencyPlans.Core.Tests.Lifecycles.Actors;

namespace EmergencyPlans.Core.Tests.Lifecycles;

public class ObligationLifecycleTests
{
    // Road 5.1.1: a 较大 accident at 09:00 must be phoned to 市委、市政府 within 30 minutes.
    private static readonly DateTimeOffset OccurredAt = new(2025, 8, 1, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly DateTimeOffset DueAt = OccurredAt.AddMinutes(30);

    private static ObligationLifecycle PhoneReport() => new(DueAt);

    [Fact]
    public void New_Always_IsDueAndOffersFulfilAndCancel()
    {
        var obligation = PhoneReport();

        obligation.State.Should().Be(ObligationState.Due);
        obligation.DueAt.Should().Be(DueAt);
        obligation.OnTime.Should().BeNull();
        obligation.PermittedTriggers.Should().Equal(ObligationTrigger.Fulfil, ObligationTrigger.Cancel);
    }

    [Fact]
    public void New_WithoutADueTime_IsABadRequest()
    {
        var act = () => new ObligationLifecycle(default(DateTimeOffset));

        act.Should().Throw<ArgumentException>();
    }

    // ---- Fulfil from Due ----

    [Fact]
    public void Fulfil_BeforeTheDueTime_IsMetOnTime()
    {
        var obligation = PhoneReport();
        var filedAt = OccurredAt.AddMinutes(20);

        obligation.Fulfil(OfficeDirector, filedAt, "电话报告市委值班室");

        obligation.State.Should().Be(ObligationState.Met);
        obligation.OnTime.Should().BeTrue();
        obligation.FiledAt.Should().Be(filedAt);
        obligation.Decisions.Should().ContainSingle().Which.Should().Be(
            new LifecycleDecision("Fulfil", OfficeDirector, filedAt, "电话报告市委值班室", "on time"));
        obligation.PermittedTriggers.Should().BeEmpty();
    }

    [Fact]
    public void Fulfil_ExactlyAtTheDueTime_IsOnTime()
    {
        var obligation = PhoneReport();

        obligation.Fulfil(OfficeDirector, DueAt, "30分钟内电话报告");

        obligation.OnTime.Should().BeTrue();
    }

    [Fact]
    public void Fulfil_AfterTheDueTimeBeforeAnyDeadlineCheck_IsMetLate()
    {
        var obligation = PhoneReport();

        obligation.Fulfil(OfficeDirector, DueAt.AddMinutes(1), "电话报告");

        obligation.State.Should().Be(ObligationState.Met);
        obligation.OnTime.Should().BeFalse();
        obligation.OverdueSince.Should().BeNull();
        obligation.Decisions[^1].Detail.Should().Be("late");
    }

    // ---- Deadline checks ----

    [Fact]
    public void CheckDeadline_BeforeTheDueTime_ChangesNothing()
    {
        var obligation = PhoneReport();

        obligation.CheckDeadline(DueAt.AddMinutes(-1)).Should().BeFalse();

        obligation.State.Should().Be(ObligationState.Due);
    }

    [Fact]
    public void CheckDeadline_AtTheDueTime_ChangesNothing()
    {
        var obligation = PhoneReport();

        obligation.CheckDeadline(DueAt).Should().BeFalse();

        obligation.State.Should().Be(ObligationState.Due);
        obligation.IsOverdueAt(DueAt).Should().BeFalse();
    }

    [Fact]
    public void CheckDeadline_AfterTheDueTime_IsOverdueSinceTheCheck()
    {
        var obligation = PhoneReport();
        var now = DueAt.AddSeconds(1);

        obligation.CheckDeadline(now).Should().BeTrue();

        obligation.State.Should().Be(ObligationState.Overdue);
        obligation.OverdueSince.Should().Be(now);
        obligation.PermittedTriggers.Should().Equal(ObligationTrigger.Fulfil);
    }

    [Fact]
    public void CheckDeadline_WhenAlreadyOverdue_KeepsTheFirstOverdueTime()
    {
        var obligation = PhoneReport();
        obligation.CheckDeadline(DueAt.AddMinutes(1));

        obligation.CheckDeadline(DueAt.AddMinutes(2)).Should().BeFalse();

        obligation.OverdueSince.Should().Be(DueAt.AddMinutes(1));
    }

    [Fact]
    public void CheckDeadline_WhenMet_ChangesNothing()
    {
        var obligation = PhoneReport();
        obligation.Fulfil(OfficeDirector, DueAt.AddMinutes(-5), "电话报告");

        obligation.CheckDeadline(DueAt.AddHours(1)).Should().BeFalse();

        obligation.State.Should().Be(ObligationState.Met);
        obligation.OnTime.Should().BeTrue();
    }

    [Fact]
    public void CheckDeadline_WhenCancelled_ChangesNothing()
    {
        var obligation = PhoneReport();
        obligation.Cancel(OfficeDirector, OccurredAt.AddMinutes(5), "核实为一般事故，按1小时报告");

        obligation.CheckDeadline(DueAt.AddHours(1)).Should().BeFalse();

        obligation.State.Should().Be(ObligationState.Cancelled);
    }

    [Fact]
    public void CheckDeadline_WithoutATime_IsABadRequest()
    {
        var act = () => PhoneReport().CheckDeadline(default);

        act.Should().Throw<ArgumentException>();
    }

    // ---- Fulfil from Overdue ----

    [Fact]
    public void Fulfil_WhenOverdue_IsMetLate()
    {
        var obligation = PhoneReport();
        obligation.CheckDeadline(DueAt.AddMinutes(1));

        obligation.Fulfil(OfficeDirector, DueAt.AddMinutes(10), "补报");

        obligation.State.Should().Be(ObligationState.Met);
        obligation.OnTime.Should().BeFalse();
        obligation.OverdueSince.Should().Be(DueAt.AddMinutes(1));
    }

    [Fact]
    public void Fulfil_WhenOverdueButTheReportWasMadeOnTime_IsOnTime()
    {
        // Phoned at 09:25, entered at 09:40 after the watcher had flagged it: the report's time counts.
        var obligation = PhoneReport();
        obligation.CheckDeadline(DueAt.AddMinutes(5));

        obligation.Fulfil(OfficeDirector, OccurredAt.AddMinutes(25), "09:25 已电话报告，补录");

        obligation.OnTime.Should().BeTrue();
    }

    [Fact]
    public void Fulfil_WhenMet_IsRefused()
    {
        var obligation = PhoneReport();
        obligation.Fulfil(OfficeDirector, DueAt, "电话报告");

        var act = () => obligation.Fulfil(OfficeDirector, DueAt.AddMinutes(1), "again");

        var refusal = act.Should().Throw<LifecycleTransitionException>().Which;
        refusal.CurrentState.Should().Be("Met");
        refusal.PermittedTriggers.Should().BeEmpty();
    }

    [Fact]
    public void Fulfil_WithoutANote_IsABadRequest()
    {
        var act = () => PhoneReport().Fulfil(OfficeDirector, DueAt, "");

        act.Should().Throw<ArgumentException>().WithParameterName("note");
    }

    // ---- Cancel ----

    [Fact]
    public void Cancel_WhenDue_IsCancelledWithWhoAndWhy()
    {
        var obligation = PhoneReport();
        var at = OccurredAt.AddMinutes(5);

        obligation.Cancel(OfficeDirector, at, "终报已报，不再续报");

        obligation.State.Should().Be(ObligationState.Cancelled);
        obligation.Decisions.Should().ContainSingle().Which.Should().Be(new LifecycleDecision("Cancel", OfficeDirector, at, "终报已报，不再续报"));
        obligation.PermittedTriggers.Should().BeEmpty();
    }

    [Fact]
    public void Cancel_WhenOverdue_IsRefusedSoTheLatenessStaysOnRecord()
    {
        var obligation = PhoneReport();
        obligation.CheckDeadline(DueAt.AddMinutes(1));

        var act = () => obligation.Cancel(OfficeDirector, DueAt.AddMinutes(2), "不需要了");

        act.Should().Throw<LifecycleTransitionException>().Which.PermittedTriggers.Should().Equal("Fulfil");
    }

    [Fact]
    public void Fulfil_WhenCancelled_IsRefused()
    {
        var obligation = PhoneReport();
        obligation.Cancel(OfficeDirector, OccurredAt.AddMinutes(5), "不适用");

        var act = () => obligation.Fulfil(OfficeDirector, OccurredAt.AddMinutes(6), "电话报告");

        act.Should().Throw<LifecycleTransitionException>();
    }

    [Fact]
    public void Cancel_WhenMet_IsRefused()
    {
        var obligation = PhoneReport();
        obligation.Fulfil(OfficeDirector, DueAt, "电话报告");

        var act = () => obligation.Cancel(OfficeDirector, DueAt.AddMinutes(1), "test");

        act.Should().Throw<LifecycleTransitionException>().Which.CurrentState.Should().Be("Met");
    }

    [Fact]
    public void Cancel_Twice_IsRefused()
    {
        var obligation = PhoneReport();
        obligation.Cancel(OfficeDirector, OccurredAt.AddMinutes(5), "不适用");

        var act = () => obligation.Cancel(OfficeDirector, OccurredAt.AddMinutes(6), "again");

        act.Should().Throw<LifecycleTransitionException>().Which.CurrentState.Should().Be("Cancelled");
    }

    // ---- Persistence ----

    [Fact]
    public void Snapshot_ReloadedOverdue_IsStillOverdueAndFulfilsLate()
    {
        var obligation = PhoneReport();
        obligation.CheckDeadline(DueAt.AddMinutes(1));

        var reloaded = new ObligationLifecycle(obligation.Snapshot);
        reloaded.Fulfil(OfficeDirector, DueAt.AddMinutes(3), "补报");

        reloaded.OnTime.Should().BeFalse();
        obligation.State.Should().Be(ObligationState.Overdue);
    }

    [Fact]
    public void Snapshot_MetWithoutFilingTime_IsRejected()
    {
        var broken = new ObligationSnapshot(ObligationState.Met, DueAt, null, null, null, []);

        var act = () => new ObligationLifecycle(broken);

        act.Should().Throw<ArgumentException>().WithParameterName("snapshot");
    }
}
