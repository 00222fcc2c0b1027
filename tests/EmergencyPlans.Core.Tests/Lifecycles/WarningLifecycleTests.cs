using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Lifecycles;
using EmergencyPlans.Core.Tests.Support;
using static EmergencyPlans.Core.Tests.Lifecycles.Actors;

namespace EmergencyPlans.Core.Tests.Lifecycles;

public class WarningLifecycleTests
{
    private readonly Clock _clock = new();

    private WarningLifecycle Proposed(WarningColour colour) =>
        WarningLifecycle.Propose(Repository.RoadWarnings, colour, OfficeDirector, _clock.Next(), "气象台发布暴雪预警");

    private WarningLifecycle Issued(WarningColour colour, LifecycleActor approver)
    {
        var warning = Proposed(colour);
        warning.Issue(approver, OfficeDirector, _clock.Next(), "批准发布");
        return warning;
    }

    // ---- Propose ----

    [Fact]
    public void Propose_ByTheOffice_IsProposedAwaitingApproval()
    {
        var at = _clock.Next();

        var warning = WarningLifecycle.Propose(Repository.RoadWarnings, WarningColour.Orange, OfficeDirector, at, "能见度≤20米");

        warning.State.Should().Be(WarningState.Proposed);
        warning.Colour.Should().Be(WarningColour.Orange);
        warning.ProposedBy.Should().Be(OfficeDirector);
        warning.IsInForce.Should().BeFalse();
        warning.Decisions.Should().ContainSingle().Which.Should().Be(new LifecycleDecision("Propose", OfficeDirector, at, "能见度≤20米", "橙色"));
        warning.PermittedTriggers.Should().Equal(WarningTrigger.Issue, WarningTrigger.Reject);
    }

    [Fact]
    public void Propose_ByTheCommander_IsForbiddenNamingTheOffice()
    {
        var act = () => WarningLifecycle.Propose(Repository.RoadWarnings, WarningColour.Orange, Commander, _clock.Next(), "test");

        act.Should().Throw<LifecycleAuthorityException>().Which.AuthorisedRoles.Should().Equal(RoleCatalogue.OfficeDirector);
    }

    [Fact]
    public void Propose_Blue_WhichRoadWarningsDoNotHave_IsOutOfRange()
    {
        // Road 4.3: three levels, 三级（黄色）, 二级（橙色）, 一级（红色）. Blue is a meteorological colour only.
        var act = () => WarningLifecycle.Propose(Repository.RoadWarnings, WarningColour.Blue, OfficeDirector, _clock.Next(), "blue");

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    // ---- Issue: approval per colour ----

    [Theory]
    [InlineData(WarningColour.Red, RoleCatalogue.Province)]
    [InlineData(WarningColour.Orange, RoleCatalogue.Commander)]
    [InlineData(WarningColour.Yellow, RoleCatalogue.DeputyCommander)]
    [InlineData(WarningColour.Yellow, RoleCatalogue.Commander)]
    public void Issue_ApprovedByTheColoursApprover_IsIssuedByTheOffice(WarningColour colour, string approverRole)
    {
        var warning = Proposed(colour);
        var approver = ByRole(approverRole);
        var at = _clock.Next();

        warning.Issue(approver, OfficeDirector, at, "批准");

        warning.State.Should().Be(WarningState.Issued);
        warning.IsInForce.Should().BeTrue();
        warning.ApprovedBy.Should().Be(approver);
        warning.IssuedBy.Should().Be(OfficeDirector);
        warning.Decisions[^1].Should().Be(new LifecycleDecision("Issue", OfficeDirector, at, "批准", Names.Chinese(colour), approver));
        warning.PermittedTriggers.Should().Equal(WarningTrigger.Adjust, WarningTrigger.Lift);
    }

    [Theory]
    [InlineData(WarningColour.Red, RoleCatalogue.Commander, new[] { RoleCatalogue.Province })]
    [InlineData(WarningColour.Red, RoleCatalogue.OfficeDirector, new[] { RoleCatalogue.Province })]
    [InlineData(WarningColour.Orange, RoleCatalogue.DeputyCommander, new[] { RoleCatalogue.Commander })]
    [InlineData(WarningColour.Orange, RoleCatalogue.Province, new[] { RoleCatalogue.Commander })]
    [InlineData(WarningColour.Yellow, RoleCatalogue.OfficeDirector, new[] { RoleCatalogue.DeputyCommander, RoleCatalogue.Commander })]
    public void Issue_ApprovedBySomeoneElse_IsForbiddenNamingTheApprover(WarningColour colour, string approverRole, string[] authorised)
    {
        var warning = Proposed(colour);

        var act = () => warning.Issue(ByRole(approverRole), OfficeDirector, _clock.Next(), "批准");

        act.Should().Throw<LifecycleAuthorityException>().Which.AuthorisedRoles.Should().Equal(authorised);
        warning.State.Should().Be(WarningState.Proposed);
    }

    [Fact]
    public void Issue_BySomeoneOtherThanTheOffice_IsForbidden()
    {
        var warning = Proposed(WarningColour.Orange);

        var act = () => warning.Issue(Commander, Commander, _clock.Next(), "直接发布");

        act.Should().Throw<LifecycleAuthorityException>()
            .Which.Message.Should().Contain("由市指挥部办公室发布");
    }

    [Fact]
    public void Issue_WhenAlreadyIssued_IsRefused()
    {
        var warning = Issued(WarningColour.Yellow, DeputyCommander);

        var act = () => warning.Issue(DeputyCommander, OfficeDirector, _clock.Next(), "again");

        act.Should().Throw<LifecycleTransitionException>().Which.CurrentState.Should().Be("Issued");
    }

    // ---- Reject ----

    [Fact]
    public void Reject_ByTheApprover_IsRejectedAndFinal()
    {
        var warning = Proposed(WarningColour.Orange);

        warning.Reject(Commander, _clock.Next(), "未达橙色条件");

        warning.State.Should().Be(WarningState.Rejected);
        warning.PermittedTriggers.Should().BeEmpty();
        warning.Decisions[^1].Trigger.Should().Be("Reject");
    }

    [Fact]
    public void Reject_BySomeoneWhoCannotApprove_IsForbidden()
    {
        var warning = Proposed(WarningColour.Red);

        var act = () => warning.Reject(Commander, _clock.Next(), "不同意");

        act.Should().Throw<LifecycleAuthorityException>().Which.AuthorisedRoles.Should().Equal(RoleCatalogue.Province);
    }

    [Fact]
    public void Reject_WhenIssued_IsRefused()
    {
        var warning = Issued(WarningColour.Orange, Commander);

        var act = () => warning.Reject(Commander, _clock.Next(), "test");

        act.Should().Throw<LifecycleTransitionException>();
    }

    [Fact]
    public void Issue_AfterRejection_IsRefused()
    {
        var warning = Proposed(WarningColour.Orange);
        warning.Reject(Commander, _clock.Next(), "不同意");

        var act = () => warning.Issue(Commander, OfficeDirector, _clock.Next(), "test");

        act.Should().Throw<LifecycleTransitionException>().Which.PermittedTriggers.Should().BeEmpty();
    }

    // ---- Adjust ----

    [Fact]
    public void Adjust_ByTheIssuerWithTheNewColoursApproval_IsAdjusted()
    {
        var warning = Issued(WarningColour.Yellow, DeputyCommander);
        var at = _clock.Next();

        warning.Adjust(WarningColour.Orange, Commander, OfficeDirector, at, "能见度降至20米");

        warning.State.Should().Be(WarningState.Adjusted);
        warning.IsInForce.Should().BeTrue();
        warning.Colour.Should().Be(WarningColour.Orange);
        warning.ApprovedBy.Should().Be(Commander);
        warning.IssuedBy.Should().Be(OfficeDirector);
        warning.Decisions[^1].Should().Be(new LifecycleDecision("Adjust", OfficeDirector, at, "能见度降至20米", "黄色→橙色", Commander));
    }

    [Fact]
    public void Adjust_AgainAfterAnAdjustment_StaysAdjusted()
    {
        var warning = Issued(WarningColour.Yellow, DeputyCommander);
        warning.Adjust(WarningColour.Orange, Commander, OfficeDirector, _clock.Next(), "加重");

        warning.Adjust(WarningColour.Yellow, DeputyCommander, OfficeDirector, _clock.Next(), "减轻");

        warning.State.Should().Be(WarningState.Adjusted);
        warning.Colour.Should().Be(WarningColour.Yellow);
        warning.ApprovedBy.Should().Be(DeputyCommander);
    }

    [Fact]
    public void Adjust_ToRedWithoutTheProvince_IsForbidden()
    {
        var warning = Issued(WarningColour.Orange, Commander);

        var act = () => warning.Adjust(WarningColour.Red, Commander, OfficeDirector, _clock.Next(), "抢修预计超过48小时");

        act.Should().Throw<LifecycleAuthorityException>().Which.AuthorisedRoles.Should().Equal(RoleCatalogue.Province);
        warning.Colour.Should().Be(WarningColour.Orange);
    }

    [Fact]
    public void Adjust_BySomeoneOtherThanTheIssuer_IsForbidden()
    {
        var warning = Issued(WarningColour.Orange, Commander);

        var act = () => warning.Adjust(WarningColour.Yellow, Commander, Commander, _clock.Next(), "减轻");

        act.Should().Throw<LifecycleAuthorityException>().Which.AuthorisedRoles.Should().Equal(RoleCatalogue.OfficeDirector);
    }

    [Fact]
    public void Adjust_ToTheCurrentColour_IsABadRequest()
    {
        var warning = Issued(WarningColour.Orange, Commander);

        var act = () => warning.Adjust(WarningColour.Orange, Commander, OfficeDirector, _clock.Next(), "test");

        act.Should().Throw<ArgumentException>().WithParameterName("newColour");
    }

    [Fact]
    public void Adjust_WhileProposed_IsRefused()
    {
        var warning = Proposed(WarningColour.Yellow);

        var act = () => warning.Adjust(WarningColour.Orange, Commander, OfficeDirector, _clock.Next(), "test");

        act.Should().Throw<LifecycleTransitionException>().Which.PermittedTriggers.Should().Equal("Issue", "Reject");
    }

    // ---- Lift ----

    [Fact]
    public void AStoredSnapshot_WithTheEnglishDetailsWrittenBefore_IsReadInChinese()
    {
        // Until session 48 the decisions' detail was the enum's name, which the incident's decisions[].detail showed a duty officer.
        var at = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.FromHours(8));
        var stored = new WarningSnapshot(WarningState.Adjusted, WarningColour.Orange, OfficeDirector, Commander, OfficeDirector,
        [
            new LifecycleDecision("Propose", OfficeDirector, at, "能见度≤50米", "Yellow"),
            new LifecycleDecision("Adjust", OfficeDirector, at, "能见度降至20米", "Yellow→Orange", Commander),
            new LifecycleDecision("Adjust", OfficeDirector, at, "说明", "新的说明"),
        ]);

        WarningLifecycle.WithChineseDetails(stored).Decisions.Select(d => d.Detail).Should().Equal("黄色", "黄色→橙色", "新的说明");
        var now = stored with { Decisions = [new LifecycleDecision("Propose", OfficeDirector, at, "能见度≤50米", "黄色")] };
        WarningLifecycle.WithChineseDetails(now).Should().BeSameAs(now);
    }

    [Fact]
    public void Lift_ByTheIssuer_IsLifted()
    {
        var warning = Issued(WarningColour.Orange, Commander);
        var at = _clock.Next();

        warning.Lift(OfficeDirector, at, "道路恢复通行");

        warning.State.Should().Be(WarningState.Lifted);
        warning.IsInForce.Should().BeFalse();
        warning.PermittedTriggers.Should().BeEmpty();
        warning.Decisions[^1].Should().Be(new LifecycleDecision("Lift", OfficeDirector, at, "道路恢复通行", "橙色"));
    }

    [Fact]
    public void Lift_AfterAnAdjustment_ByTheIssuer_IsLifted()
    {
        var warning = Issued(WarningColour.Yellow, DeputyCommander);
        warning.Adjust(WarningColour.Orange, Commander, OfficeDirector, _clock.Next(), "加重");

        warning.Lift(OfficeDutyOfficer, _clock.Next(), "危险已经解除");

        warning.State.Should().Be(WarningState.Lifted);
    }

    [Fact]
    public void Lift_ByTheCommanderWhoApprovedIt_IsForbiddenBecauseTheOfficeIssuedIt()
    {
        var warning = Issued(WarningColour.Orange, Commander);

        var act = () => warning.Lift(Commander, _clock.Next(), "解除");

        var refusal = act.Should().Throw<LifecycleAuthorityException>().Which;
        refusal.AuthorisedRoles.Should().Equal(RoleCatalogue.OfficeDirector);
        refusal.Message.Should().Contain("谁发布、谁解除");
        warning.IsInForce.Should().BeTrue();
        warning.CanLift(Commander).Should().BeFalse();
        warning.CanLift(OfficeDirector).Should().BeTrue();
    }

    [Fact]
    public void Lift_ARedWarningByTheProvince_IsForbidden()
    {
        var warning = Issued(WarningColour.Red, Province);

        var act = () => warning.Lift(Province, _clock.Next(), "解除");

        act.Should().Throw<LifecycleAuthorityException>();
    }

    [Fact]
    public void Lift_WhileProposed_IsRefused()
    {
        var warning = Proposed(WarningColour.Yellow);

        var act = () => warning.Lift(OfficeDirector, _clock.Next(), "test");

        act.Should().Throw<LifecycleTransitionException>();
    }

    [Fact]
    public void Lift_Twice_IsRefused()
    {
        var warning = Issued(WarningColour.Yellow, DeputyCommander);
        warning.Lift(OfficeDirector, _clock.Next(), "解除");

        var act = () => warning.Lift(OfficeDirector, _clock.Next(), "again");

        act.Should().Throw<LifecycleTransitionException>().Which.CurrentState.Should().Be("Lifted");
    }

    [Fact]
    public void Adjust_AfterLifting_IsRefused()
    {
        var warning = Issued(WarningColour.Yellow, DeputyCommander);
        warning.Lift(OfficeDirector, _clock.Next(), "解除");

        var act = () => warning.Adjust(WarningColour.Orange, Commander, OfficeDirector, _clock.Next(), "test");

        act.Should().Throw<LifecycleTransitionException>();
    }

    [Theory]
    [InlineData(WarningTrigger.Issue)]
    [InlineData(WarningTrigger.Reject)]
    public void Adjusted_ApprovalTriggers_AreRefused(WarningTrigger trigger)
    {
        var warning = Issued(WarningColour.Yellow, DeputyCommander);
        warning.Adjust(WarningColour.Orange, Commander, OfficeDirector, _clock.Next(), "加重");

        var act = Fire(warning, trigger);

        act.Should().Throw<LifecycleTransitionException>().Which.PermittedTriggers.Should().Equal("Adjust", "Lift");
    }

    [Theory]
    [InlineData(WarningState.Lifted, WarningTrigger.Issue)]
    [InlineData(WarningState.Lifted, WarningTrigger.Reject)]
    [InlineData(WarningState.Lifted, WarningTrigger.Adjust)]
    [InlineData(WarningState.Lifted, WarningTrigger.Lift)]
    [InlineData(WarningState.Rejected, WarningTrigger.Issue)]
    [InlineData(WarningState.Rejected, WarningTrigger.Reject)]
    [InlineData(WarningState.Rejected, WarningTrigger.Adjust)]
    [InlineData(WarningState.Rejected, WarningTrigger.Lift)]
    public void FinalState_AnyTrigger_IsRefused(WarningState finalState, WarningTrigger trigger)
    {
        WarningLifecycle warning;
        if (finalState == WarningState.Lifted)
        {
            warning = Issued(WarningColour.Orange, Commander);
            warning.Lift(OfficeDirector, _clock.Next(), "解除");
        }
        else
        {
            warning = Proposed(WarningColour.Orange);
            warning.Reject(Commander, _clock.Next(), "不同意");
        }

        var act = Fire(warning, trigger);

        act.Should().Throw<LifecycleTransitionException>().Which.CurrentState.Should().Be(finalState.ToString());
    }

    private Action Fire(WarningLifecycle warning, WarningTrigger trigger)
    {
        var at = _clock.Next();
        return trigger switch
        {
            WarningTrigger.Issue => () => warning.Issue(Commander, OfficeDirector, at, "test"),
            WarningTrigger.Reject => () => warning.Reject(Commander, at, "test"),
            WarningTrigger.Adjust => () => warning.Adjust(WarningColour.Red, Province, OfficeDirector, at, "test"),
            _ => () => warning.Lift(OfficeDirector, at, "test"),
        };
    }

    // ---- Persistence ----

    [Fact]
    public void Snapshot_ReloadedIntoANewInstance_KeepsTheIssuerRule()
    {
        var warning = Issued(WarningColour.Orange, Commander);

        var reloaded = new WarningLifecycle(Repository.RoadWarnings, warning.Snapshot);

        reloaded.State.Should().Be(WarningState.Issued);
        reloaded.CanLift(Commander).Should().BeFalse();
        reloaded.Lift(OfficeDirector, _clock.Next(), "解除");
        reloaded.State.Should().Be(WarningState.Lifted);
    }

    [Fact]
    public void Snapshot_IssuedWithoutIssuer_IsRejected()
    {
        var broken = new WarningSnapshot(WarningState.Issued, WarningColour.Orange, OfficeDirector, Commander, null, []);

        var act = () => new WarningLifecycle(Repository.RoadWarnings, broken);

        act.Should().Throw<ArgumentException>().WithParameterName("snapshot");
    }
}
