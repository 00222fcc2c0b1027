using EmergencyPlans.Core.Domain;
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
    [InlineData(Office, ResponseLevel.III, true)]
    [InlineData(Office, ResponseLevel.II, false)]
    [InlineData(Office, ResponseLevel.I, false)]
    [InlineData(Deputy, ResponseLevel.III, true)]
    [InlineData(Deputy, ResponseLevel.II, true)]
    [InlineData(Deputy, ResponseLevel.I, false)]
    [InlineData(Commander, ResponseLevel.III, true)]
    [InlineData(Commander, ResponseLevel.II, true)]
    [InlineData(Commander, ResponseLevel.I, true)]
    [InlineData(Government, ResponseLevel.III, false)]
    [InlineData(Government, ResponseLevel.II, false)]
    [InlineData(Government, ResponseLevel.I, false)]
    [InlineData(Commander, ResponseLevel.IV, false)]
    public void RoadTraffic_BodyAndLevel_MayActivateAsTheTableSays(string roleId, ResponseLevel level, bool expected) =>
        PlanActivationAuthority.RoadTraffic.MayActivate(Actors.ByRole(roleId), level).Should().Be(expected);

    [Theory]
    [InlineData(Office, false, ResponseLevel.III, true)]
    [InlineData(Office, false, ResponseLevel.II, false)]
    [InlineData(Office, true, ResponseLevel.II, false)]
    [InlineData(Office, false, ResponseLevel.I, false)]
    [InlineData(Deputy, false, ResponseLevel.III, true)]
    [InlineData(Deputy, false, ResponseLevel.II, false)]
    [InlineData(Deputy, true, ResponseLevel.II, true)]
    [InlineData(Deputy, true, ResponseLevel.I, false)]
    [InlineData(Commander, false, ResponseLevel.III, true)]
    [InlineData(Commander, false, ResponseLevel.II, true)]
    [InlineData(Commander, false, ResponseLevel.I, true)]
    [InlineData(Government, false, ResponseLevel.I, false)]
    [InlineData(Commander, false, ResponseLevel.IV, false)]
    public void Construction_BodyDelegationAndLevel_MayActivateAsTheTableSays(string roleId, bool delegated, ResponseLevel level, bool expected) =>
        PlanActivationAuthority.Construction.MayActivate(Actors.ByRole(roleId, delegated), level).Should().Be(expected);

    [Theory]
    [InlineData(Office, ResponseLevel.IV, true)]
    [InlineData(Office, ResponseLevel.III, false)]
    [InlineData(Office, ResponseLevel.II, false)]
    [InlineData(Office, ResponseLevel.I, false)]
    [InlineData(Deputy, ResponseLevel.IV, true)]
    [InlineData(Deputy, ResponseLevel.III, true)]
    [InlineData(Deputy, ResponseLevel.II, false)]
    [InlineData(Deputy, ResponseLevel.I, false)]
    [InlineData(Commander, ResponseLevel.IV, true)]
    [InlineData(Commander, ResponseLevel.III, true)]
    [InlineData(Commander, ResponseLevel.II, true)]
    [InlineData(Commander, ResponseLevel.I, false)]
    [InlineData(Government, ResponseLevel.IV, true)]
    [InlineData(Government, ResponseLevel.III, true)]
    [InlineData(Government, ResponseLevel.II, true)]
    [InlineData(Government, ResponseLevel.I, true)]
    public void NaturalDisaster_BodyAndLevel_MayActivateAsTheTableSays(string roleId, ResponseLevel level, bool expected) =>
        PlanActivationAuthority.NaturalDisaster.MayActivate(Actors.ByRole(roleId), level).Should().Be(expected);

    [Fact]
    public void RoadTraffic_DeputyII_NeedsNoDelegation() =>
        PlanActivationAuthority.RoadTraffic.MayActivate(Actors.ByRole(Deputy, delegated: false), ResponseLevel.II).Should().BeTrue();

    [Fact]
    public void Levels_PerPlan_AreThreeForRoadAndConstructionAndFourForNaturalDisaster()
    {
        PlanActivationAuthority.RoadTraffic.Levels.Should().Equal(ResponseLevel.III, ResponseLevel.II, ResponseLevel.I);
        PlanActivationAuthority.Construction.Levels.Should().Equal(ResponseLevel.III, ResponseLevel.II, ResponseLevel.I);
        PlanActivationAuthority.NaturalDisaster.Levels.Should().Equal(ResponseLevel.IV, ResponseLevel.III, ResponseLevel.II, ResponseLevel.I);
    }

    [Fact]
    public void GrantsFor_EachLevel_CiteTheClauseForTheNamedBodyAndTheReadingForHigherBodies()
    {
        var roadIII = PlanActivationAuthority.RoadTraffic.GrantsFor(ResponseLevel.III);

        roadIII.Single(g => g.RoleId == Office).Basis.Should().StartWith("road 5.3.3");
        roadIII.Where(g => g.RoleId != Office).Should().OnlyContain(g => g.Basis.StartsWith("reading:", StringComparison.Ordinal));
        PlanActivationAuthority.NaturalDisaster.GrantsFor(ResponseLevel.I).Should().ContainSingle()
            .Which.Basis.Should().StartWith("natural 5.1.2");
    }

    [Fact]
    public void GrantsFor_ALevelThePlanDoesNotHave_IsEmpty() =>
        PlanActivationAuthority.RoadTraffic.GrantsFor(ResponseLevel.IV).Should().BeEmpty();

    [Fact]
    public void Constructor_LevelWithNoBody_IsRejected()
    {
        var act = () => new PlanActivationAuthority("test", new Dictionary<ResponseLevel, IReadOnlyList<ActivationGrant>>
        {
            [ResponseLevel.I] = [],
        });

        act.Should().Throw<ArgumentException>().WithMessage("*level I has no body*");
    }

    [Fact]
    public void Constructor_CustomTable_IsUsedByTheResponseLifecycle()
    {
        var onlyOffice = new PlanActivationAuthority("drill", new Dictionary<ResponseLevel, IReadOnlyList<ActivationGrant>>
        {
            [ResponseLevel.III] = [new ActivationGrant(Office, false, "drill table")],
        });
        var response = new ResponseLifecycle(onlyOffice);

        response.CanActivate(ResponseLevel.III, Actors.ByRole(Commander)).Should().BeFalse();
        response.CanActivate(ResponseLevel.III, Actors.ByRole(Office)).Should().BeTrue();
    }

    [Fact]
    public void Grant_ToString_NamesTheDelegationCondition() =>
        new ActivationGrant(Deputy, true, "construction 4.3.2(2)").ToString().Should().Be("deputy-commander (delegated by commander)");
}
