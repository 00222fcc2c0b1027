using EmergencyPlans.Core.Lifecycles;

namespace EmergencyPlans.Core.Tests.Lifecycles;

public class PlanActivationAuthorityTests
{
    private const string Office = LifecycleRoles.OfficeDirector;
    private const string Deputy = LifecycleRoles.DeputyCommander;
    private const string Commander = LifecycleRoles.Commander;
    private const string Government = LifecycleRoles.PartyCommitteeGovernment;

    // Every body against every level: "true" rows are the text or the higher-body reading, the rest are refusals.
    [Theory]
    [InlineData(Office, LifecycleLevel.III, true)]
    [InlineData(Office, LifecycleLevel.II, false)]
    [InlineData(Office, LifecycleLevel.I, false)]
    [InlineData(Deputy, LifecycleLevel.III, true)]
    [InlineData(Deputy, LifecycleLevel.II, true)]
    [InlineData(Deputy, LifecycleLevel.I, false)]
    [InlineData(Commander, LifecycleLevel.III, true)]
    [InlineData(Commander, LifecycleLevel.II, true)]
    [InlineData(Commander, LifecycleLevel.I, true)]
    [InlineData(Government, LifecycleLevel.III, false)]
    [InlineData(Government, LifecycleLevel.II, false)]
    [InlineData(Government, LifecycleLevel.I, false)]
    [InlineData(Commander, LifecycleLevel.IV, false)]
    public void RoadTraffic_BodyAndLevel_MayActivateAsTheTableSays(string roleId, LifecycleLevel level, bool expected) =>
        PlanActivationAuthority.RoadTraffic.MayActivate(Actors.ByRole(roleId), level).Should().Be(expected);

    [Theory]
    [InlineData(Office, false, LifecycleLevel.III, true)]
    [InlineData(Office, false, LifecycleLevel.II, false)]
    [InlineData(Office, true, LifecycleLevel.II, false)]
    [InlineData(Office, false, LifecycleLevel.I, false)]
    [InlineData(Deputy, false, LifecycleLevel.III, true)]
    [InlineData(Deputy, false, LifecycleLevel.II, false)]
    [InlineData(Deputy, true, LifecycleLevel.II, true)]
    [InlineData(Deputy, true, LifecycleLevel.I, false)]
    [InlineData(Commander, false, LifecycleLevel.III, true)]
    [InlineData(Commander, false, LifecycleLevel.II, true)]
    [InlineData(Commander, false, LifecycleLevel.I, true)]
    [InlineData(Government, false, LifecycleLevel.I, false)]
    [InlineData(Commander, false, LifecycleLevel.IV, false)]
    public void Construction_BodyDelegationAndLevel_MayActivateAsTheTableSays(string roleId, bool delegated, LifecycleLevel level, bool expected) =>
        PlanActivationAuthority.Construction.MayActivate(Actors.ByRole(roleId, delegated), level).Should().Be(expected);

    [Theory]
    [InlineData(Office, LifecycleLevel.IV, true)]
    [InlineData(Office, LifecycleLevel.III, false)]
    [InlineData(Office, LifecycleLevel.II, false)]
    [InlineData(Office, LifecycleLevel.I, false)]
    [InlineData(Deputy, LifecycleLevel.IV, true)]
    [InlineData(Deputy, LifecycleLevel.III, true)]
    [InlineData(Deputy, LifecycleLevel.II, false)]
    [InlineData(Deputy, LifecycleLevel.I, false)]
    [InlineData(Commander, LifecycleLevel.IV, true)]
    [InlineData(Commander, LifecycleLevel.III, true)]
    [InlineData(Commander, LifecycleLevel.II, true)]
    [InlineData(Commander, LifecycleLevel.I, false)]
    [InlineData(Government, LifecycleLevel.IV, true)]
    [InlineData(Government, LifecycleLevel.III, true)]
    [InlineData(Government, LifecycleLevel.II, true)]
    [InlineData(Government, LifecycleLevel.I, true)]
    public void NaturalDisaster_BodyAndLevel_MayActivateAsTheTableSays(string roleId, LifecycleLevel level, bool expected) =>
        PlanActivationAuthority.NaturalDisaster.MayActivate(Actors.ByRole(roleId), level).Should().Be(expected);

    [Fact]
    public void RoadTraffic_DeputyII_NeedsNoDelegation() =>
        PlanActivationAuthority.RoadTraffic.MayActivate(Actors.ByRole(Deputy, delegated: false), LifecycleLevel.II).Should().BeTrue();

    [Fact]
    public void Levels_PerPlan_AreThreeForRoadAndConstructionAndFourForNaturalDisaster()
    {
        PlanActivationAuthority.RoadTraffic.Levels.Should().Equal(LifecycleLevel.III, LifecycleLevel.II, LifecycleLevel.I);
        PlanActivationAuthority.Construction.Levels.Should().Equal(LifecycleLevel.III, LifecycleLevel.II, LifecycleLevel.I);
        PlanActivationAuthority.NaturalDisaster.Levels.Should().Equal(LifecycleLevel.IV, LifecycleLevel.III, LifecycleLevel.II, LifecycleLevel.I);
    }

    [Fact]
    public void GrantsFor_EachLevel_CiteTheClauseForTheNamedBodyAndTheReadingForHigherBodies()
    {
        var roadIII = PlanActivationAuthority.RoadTraffic.GrantsFor(LifecycleLevel.III);

        roadIII.Single(g => g.RoleId == Office).Basis.Should().StartWith("road 5.3.3");
        roadIII.Where(g => g.RoleId != Office).Should().OnlyContain(g => g.Basis.StartsWith("reading:", StringComparison.Ordinal));
        PlanActivationAuthority.NaturalDisaster.GrantsFor(LifecycleLevel.I).Should().ContainSingle()
            .Which.Basis.Should().StartWith("natural 5.1.2");
    }

    [Fact]
    public void GrantsFor_ALevelThePlanDoesNotHave_IsEmpty() =>
        PlanActivationAuthority.RoadTraffic.GrantsFor(LifecycleLevel.IV).Should().BeEmpty();

    [Fact]
    public void Constructor_LevelWithNoBody_IsRejected()
    {
        var act = () => new PlanActivationAuthority("test", new Dictionary<LifecycleLevel, IReadOnlyList<ActivationGrant>>
        {
            [LifecycleLevel.I] = [],
        });

        act.Should().Throw<ArgumentException>().WithMessage("*level I has no body*");
    }

    [Fact]
    public void Constructor_CustomTable_IsUsedByTheResponseLifecycle()
    {
        var onlyOffice = new PlanActivationAuthority("drill", new Dictionary<LifecycleLevel, IReadOnlyList<ActivationGrant>>
        {
            [LifecycleLevel.III] = [new ActivationGrant(Office, false, "drill table")],
        });
        var response = new ResponseLifecycle(onlyOffice);

        response.CanActivate(LifecycleLevel.III, Actors.ByRole(Commander)).Should().BeFalse();
        response.CanActivate(LifecycleLevel.III, Actors.ByRole(Office)).Should().BeTrue();
    }

    [Fact]
    public void Grant_ToString_NamesTheDelegationCondition() =>
        new ActivationGrant(Deputy, true, "construction 4.3.2(2)").ToString().Should().Be("deputy-commander (delegated by commander)");
}
