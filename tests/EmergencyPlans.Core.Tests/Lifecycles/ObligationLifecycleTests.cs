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
    public void IsOverdueAt_BeforeAndAtTheDueTime_IsFalse_AfterItTrue()
    {
        // "30分钟内": the report is overdue only once the 30 minutes have passed.
        var obligation = PhoneReport();

        obligation.IsOverdueAt(DueAt.AddMinutes(-1)).Should().BeFalse();
        obligation.IsOverdueAt(DueAt).Should().BeFalse();
        obligation.IsOverdueAt(DueAt.AddTicks(1)).Should().BeTrue();
        obligation.State.Should().Be(ObligationState.Due, "overdue is read from the clock, not a state the obligation moves to");
    }

    [Fact]
    public void IsOverdueAt_WhenMetOrCancelled_IsFalse()
    {
        var met = PhoneReport();
        met.Fulfil(OfficeDirector, DueAt.AddMinutes(5), "补报");
        var cancelled = PhoneReport();
        cancelled.Cancel(OfficeDirector, OccurredAt.AddMinutes(10), "终报已报送");

        met.IsOverdueAt(DueAt.AddHours(1)).Should().BeFalse();
        cancelled.IsOverdueAt(DueAt.AddHours(1)).Should().BeFalse();
    }

    [Fact]
    public void Untimed_Fulfilled_IsMetWithoutAnOnTimeVerdict()
    {
        // "立即续报" has no fixed clock: it is met or not, never late.
        var obligation = new ObligationLifecycle((DateTimeOffset?)null);

        obligation.IsOverdueAt(DueAt.AddDays(1)).Should().BeFalse();
        obligation.Fulfil(OfficeDirector, DueAt, "已续报");

        obligation.State.Should().Be(ObligationState.Met);
        obligation.OnTime.Should().BeNull();
    }

    [Fact]
    public void Snapshot_Reloaded_FulfilsLateAfterTheDueTime()
    {
        var obligation = PhoneReport();

        var reloaded = new ObligationLifecycle(obligation.Snapshot);
        reloaded.Fulfil(OfficeDirector, DueAt.AddMinutes(3), "补报");

        reloaded.OnTime.Should().BeFalse();
        obligation.State.Should().Be(ObligationState.Due);
    }

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
    public void Fulfil_AfterTheDueTime_IsMetLate()
    {
        var obligation = PhoneReport();

        obligation.Fulfil(OfficeDirector, DueAt.AddMinutes(1), "电话报告");

        obligation.State.Should().Be(ObligationState.Met);
        obligation.OnTime.Should().BeFalse();
        obligation.Decisions[^1].Detail.Should().Be("late");
    }

    // ---- Deadline checks ----

    [Fact]
    public void Fulfil_EnteredAfterTheDueTimeButMadeOnTime_IsOnTime()
    {
        // Phoned at 09:25, entered at 09:40 after it showed as overdue: the report's time counts.
        var obligation = PhoneReport();

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
    public void Snapshot_MetWithoutFilingTime_IsRejected()
    {
        var broken = new ObligationSnapshot(ObligationState.Met, DueAt, null, null, []);

        var act = () => new ObligationLifecycle(broken);

        act.Should().Throw<ArgumentException>().WithParameterName("snapshot");
    }
}
