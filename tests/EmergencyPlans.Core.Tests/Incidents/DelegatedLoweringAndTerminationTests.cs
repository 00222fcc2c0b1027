using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Lifecycles;
using EmergencyPlans.Core.Tests.Lifecycles;
using EmergencyPlans.Core.Tests.Support;
using FluentAssertions;
using Xunit;

namespace EmergencyPlans.Core.Tests.Incidents;

/// <summary>
/// A deputy acting on the commander's express delegation (C 4.3.2(2) "由市指挥部指挥长或委托副指挥长立即启动Ⅱ级响应") lowering or ending the
/// commander's level: 4.4 "各类建设工程事故的响应等级，可视情提高或降低"; 4.6 "按照“谁启动、谁终止”的原则……由启动响应的指挥机构确认并结束应急响应".
/// The deputy on the delegation is the 市指挥部 acting, for a level the delegation could have started (Ⅱ, and Ⅲ below it); Ⅰ is the
/// commander's alone (4.3.3(2) "由市指挥部指挥长立即启动 I 级响应"), delegated or not (ADR 0003 #76; a construction duty officer's review,
/// s58 #5: the delegated deputy could raise the commander's Ⅲ to Ⅱ but was refused lowering his Ⅱ, 无权调整响应级别, citing 4.4 alone).
/// </summary>
public class DelegatedLoweringAndTerminationTests
{
    private static readonly DateTimeOffset T0 = DutyScenario.T0;

    private static Incident Open(string plan, long deaths) =>
        DutyScenario.Open(Guid.NewGuid(), plan, new ReportedFigures { [Figure.Deaths] = deaths });

    private static Incident ConstructionActivatedByTheCommander(ResponseLevel level, long deaths)
    {
        var incident = Open("construction", deaths);
        incident.DecideResponse(level, false, "启动响应", Actors.Commander, T0.AddMinutes(10), Repository.Engine);
        return incident;
    }

    [Fact]
    public void Construction_4_4_the_deputy_on_the_commanders_delegation_lowers_the_commanders_II_and_the_timeline_says_so()
    {
        // 4.3.2(2) "由市指挥部指挥长或委托副指挥长立即启动Ⅱ级响应"; 4.4 "可视情提高或降低".
        var incident = ConstructionActivatedByTheCommander(ResponseLevel.II, deaths: 4);

        incident.DecideResponse(ResponseLevel.III, true, "险情消除", Actors.DelegatedDeputyCommander, T0.AddHours(3), Repository.Engine);

        incident.State.Response.Level.Should().Be(ResponseLevel.III);
        incident.State.Response.Decisions[^1].StartedBy.Should().BeNull("the deputy acted as the commander, not as a rank above him");
        incident.State.Timeline.Last(t => t.Type == "response-adjusted").Summary.Should().Be("响应调整为Ⅲ级（受市指挥部指挥长委托）：险情消除");
    }

    [Fact]
    public void Construction_4_6_the_deputy_on_the_commanders_delegation_ends_the_commanders_II_but_neither_lowers_nor_ends_his_I()
    {
        // 4.6 "由启动响应的指挥机构确认并结束应急响应": the 市指挥部, its 指挥长 or the 副指挥长 he delegates (4.3.2(2)).
        var incident = ConstructionActivatedByTheCommander(ResponseLevel.II, deaths: 4);

        incident.TerminateResponse("事故得到有效控制", true, Actors.DelegatedDeputyCommander, T0.AddHours(5), Repository.Engine);

        incident.State.Response.State.Should().Be(ResponseState.Terminated);
        incident.State.Timeline.Last(t => t.Type == "response-terminated").Summary.Should().Contain("（受市指挥部指挥长委托）").And.EndWith("：事故得到有效控制");

        // 4.3.3(2) "由市指挥部指挥长立即启动 I 级响应": no 委托 at Ⅰ, so the delegation does not reach it.
        var one = ConstructionActivatedByTheCommander(ResponseLevel.I, deaths: 10);

        var lower = () => one.DecideResponse(ResponseLevel.II, true, "态势缓和", Actors.DelegatedDeputyCommander, T0.AddHours(3), Repository.Engine);
        var end = () => one.TerminateResponse("事故得到有效控制", true, Actors.DelegatedDeputyCommander, T0.AddHours(3), Repository.Engine);

        lower.Should().Throw<LifecycleAuthorityException>().Which.AuthorisedRoles.Should().Equal(RoleCatalogue.Commander);
        end.Should().Throw<LifecycleAuthorityException>().Which.AuthorisedRoles.Should().Equal(RoleCatalogue.Commander);
        one.State.Response.Level.Should().Be(ResponseLevel.I);
        one.State.Response.State.Should().Be(ResponseState.Active);
    }

    [Fact]
    public void Construction_4_6_the_deputy_on_the_commanders_delegation_ends_the_III_the_commander_started_but_not_the_office_directors_III()
    {
        // 4.3.1(2) gives Ⅲ to the office director; the commander started it as 有权启动较高级别者 (ADR 0003), and the delegation reaches
        // down with his authority: the delegated deputy could have started this Ⅲ, so he may end it for the commander.
        var incident = ConstructionActivatedByTheCommander(ResponseLevel.III, deaths: 1);

        incident.TerminateResponse("险情消除", true, Actors.DelegatedDeputyCommander, T0.AddHours(5), Repository.Engine);

        incident.State.Response.State.Should().Be(ResponseState.Terminated);

        // 4.3.1(2) "由市指挥部办公室主任宣布启动Ⅲ级响应": the office's level, which the commander does not end either (ADR 0003, organs).
        var office = Open("construction", deaths: 1);
        office.DecideResponse(ResponseLevel.III, false, "死亡1人", Actors.OfficeDirector, T0.AddMinutes(10), Repository.Engine);

        var end = () => office.TerminateResponse("险情消除", true, Actors.DelegatedDeputyCommander, T0.AddHours(3), Repository.Engine);

        end.Should().Throw<LifecycleAuthorityException>().Which.AuthorisedRoles.Should().Equal(RoleCatalogue.OfficeDirector);
    }

    [Fact]
    public void Construction_4_3_2_without_the_delegation_the_deputy_neither_lowers_nor_ends_the_commanders_II_and_is_told_the_delegation_would_do()
    {
        var incident = ConstructionActivatedByTheCommander(ResponseLevel.II, deaths: 4);

        var lower = () => incident.DecideResponse(ResponseLevel.III, true, "险情消除", Actors.DeputyCommander, T0.AddHours(3), Repository.Engine);
        var end = () => incident.TerminateResponse("事故得到有效控制", true, Actors.DeputyCommander, T0.AddHours(3), Repository.Engine);

        lower.Should().Throw<LifecycleAuthorityException>().Which.AuthorisedRoles.Should()
            .Equal(RoleCatalogue.Commander, RoleCatalogue.DeputyCommander + ActivationGrant.DelegationSuffix);
        end.Should().Throw<LifecycleAuthorityException>().Which.AuthorisedRoles.Should()
            .Equal(RoleCatalogue.Commander, RoleCatalogue.DeputyCommander + ActivationGrant.DelegationSuffix);
        incident.State.Response.Level.Should().Be(ResponseLevel.II);
    }

    [Theory]
    // R 5.7 "由相应启动应急响应的指挥机构宣布应急响应终止"; R 5.3.2 "由市指挥部指挥长或副指挥长决定": no 委托 in the road plan.
    [InlineData("road-traffic", ResponseLevel.II, "deputy-commander")]
    // N 5.7 "按启动响应的相关权限终止响应": no 委托 in the natural-disaster plan.
    [InlineData("natural-disaster", ResponseLevel.III, "deputy-commander")]
    // C: the commander is delegated by nobody.
    [InlineData("construction", ResponseLevel.II, "commander")]
    public void A_termination_claiming_a_delegation_the_plan_does_not_have_is_refused_naming_the_flag(string plan, ResponseLevel level, string role)
    {
        var incident = Open(plan, deaths: plan == "natural-disaster" ? 12 : 4);
        incident.DecideResponse(level, false, "启动", Actors.ByRole(role), T0.AddMinutes(10), Repository.Engine);

        var act = () => incident.TerminateResponse("终止", true, Actors.ByRole(role, delegated: true), T0.AddHours(3), Repository.Engine);

        act.Should().Throw<IncidentCommandRejectedException>().Which.Field.Should().Be("delegatedByCommander");
        incident.State.Response.State.Should().Be(ResponseState.Active);
    }
}
