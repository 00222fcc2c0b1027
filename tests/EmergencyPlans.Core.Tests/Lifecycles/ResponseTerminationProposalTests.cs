using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Lifecycles;
using EmergencyPlans.Core.Tests.Support;
using static EmergencyPlans.Core.Tests.Lifecycles.Actors;

namespace EmergencyPlans.Core.Tests.Lifecycles;

/// <summary>
/// The office's proposal to end a response, from the text: N 2.2(2) 市安委办……"组织开展灾情会商核定、灾情趋势研判及救灾需求评估,提出自然灾害
/// 救助应急响应启动、终止建议,发出启动、终止通知"; N 5.7 "救灾应急工作结束后,经分析评估认为可以解除应急响应,依据“谁启动、谁终止”的原则,按启动
/// 响应的相关权限终止响应". Road 5.7 ("由相应启动应急响应的指挥机构宣布应急响应终止") and construction 4.6 ("由启动响应的指挥机构确认并结束应急
/// 响应") name no proposal to end.
/// </summary>
public class ResponseTerminationProposalTests
{
    private readonly Clock _clock = new();

    private ResponseLifecycle NaturalIII()
    {
        // N 5.3.2 "市安委会副主任(分管安全工作副市长)决定启动Ⅲ级响应".
        var response = new ResponseLifecycle(Repository.NaturalDisaster.ActivationAuthority);
        response.Activate(ResponseLevel.III, DeputyCommander, _clock.Next(), "转移安置8万人");
        return response;
    }

    [Fact]
    public void N_2_2_2_the_office_proposes_the_end_and_5_7_the_deputy_who_started_III_ends_it_adopting_the_proposal()
    {
        var response = NaturalIII();

        response.ProposeTermination(OfficeDirector, _clock.Next(), "救灾应急工作结束，经评估可以解除");

        (response.State, response.Level, response.Snapshot.TerminationProposed).Should().Be((ResponseState.Active, ResponseLevel.III, true),
            "a proposal decides nothing: the level stays in force until the body that started it ends it");
        response.Decisions[^1].Should().Match<LifecycleDecision>(d => d.Trigger == "ProposeTermination" && d.Level == "III" && d.Actor == OfficeDirector);
        response.PermittedTriggers.Should().Contain([ResponseTrigger.DeclineTermination, ResponseTrigger.Terminate]);
        new ResponseLifecycle(Repository.NaturalDisaster.ActivationAuthority, response.Snapshot).Snapshot.TerminationProposed.Should().BeTrue("the snapshot stays valid");

        response.Terminate(DeputyCommander, _clock.Next(), "同意终止Ⅲ级响应");

        (response.State, response.Snapshot.TerminationProposed).Should().Be((ResponseState.Terminated, false));
    }

    [Fact]
    public void N_5_7_the_body_that_started_the_level_declines_the_proposal_and_the_response_stays_active()
    {
        var response = NaturalIII();
        response.ProposeTermination(OfficeDirector, _clock.Next(), "经评估可以解除");

        response.DeclineTermination(DeputyCommander, _clock.Next(), "仍有群众未返迁，继续响应");

        (response.State, response.Level, response.Snapshot.TerminationProposed).Should().Be((ResponseState.Active, ResponseLevel.III, false));
        response.Decisions[^1].Should().Match<LifecycleDecision>(d => d.Trigger == "DeclineTermination" && d.Level == "III" && d.Actor == DeputyCommander);
        response.CanTerminate(DeputyCommander).Should().BeTrue("still active, ended by the body that started it when it judges so");
    }

    [Fact]
    public void N_2_2_2_only_the_office_proposes_the_end_a_deputy_or_the_commander_does_not()
    {
        var response = NaturalIII();

        var byCommander = () => response.ProposeTermination(Commander, _clock.Next(), "建议终止");

        byCommander.Should().Throw<LifecycleAuthorityException>().Which.Should().Match<LifecycleAuthorityException>(e =>
            e.AuthorisedRoles.SequenceEqual(new[] { RoleCatalogue.OfficeDirector }) && e.Rule.Contains("2.2(2)", StringComparison.Ordinal));
        response.Snapshot.TerminationProposed.Should().BeFalse();
    }

    [Fact]
    public void N_5_7_a_body_that_did_not_start_the_level_cannot_decline_the_proposal()
    {
        // 按启动响应的相关权限终止响应: the 主任 (commander) above the 副主任 may; the office, another organ, may not answer its own proposal.
        var response = NaturalIII();
        response.ProposeTermination(OfficeDirector, _clock.Next(), "经评估可以解除");

        var byOffice = () => response.DeclineTermination(OfficeDirector, _clock.Next(), "不同意");

        byOffice.Should().Throw<LifecycleAuthorityException>();
        response.DeclineTermination(Commander, _clock.Next(), "主任决定继续响应");
        response.Snapshot.TerminationProposed.Should().BeFalse();
    }

    [Fact]
    public void N_2_2_2_no_end_is_proposed_while_no_response_is_active()
    {
        var response = new ResponseLifecycle(Repository.NaturalDisaster.ActivationAuthority);

        var propose = () => response.ProposeTermination(OfficeDirector, _clock.Next(), "建议终止");

        propose.Should().Throw<LifecycleTransitionException>();
        response.PermittedTriggers.Should().NotContain(ResponseTrigger.ProposeTermination);
    }

    [Fact]
    public void Road_5_7_has_no_proposal_to_end_the_office_may_not_propose_it()
    {
        // R 5.7 "按照“谁启动、谁结束”的原则,由相应启动应急响应的指挥机构宣布应急响应终止": no proposal to end.
        var response = new ResponseLifecycle(Repository.Road.ActivationAuthority);
        response.Activate(ResponseLevel.II, Commander, _clock.Next(), "死亡4人");

        response.PermittedTriggers.Should().NotContain(ResponseTrigger.ProposeTermination);
        var propose = () => response.ProposeTermination(OfficeDirector, _clock.Next(), "建议终止");
        propose.Should().Throw<LifecycleTransitionException>();
    }

    [Fact]
    public void N_2_2_2_an_adjustment_settles_a_pending_proposal_to_end()
    {
        var response = NaturalIII();
        response.ProposeTermination(OfficeDirector, _clock.Next(), "经评估可以解除");

        response.Adjust(ResponseLevel.IV, DeputyCommander, _clock.Next(), "灾情缓解，下调为Ⅳ级");

        (response.State, response.Level, response.Snapshot.TerminationProposed).Should().Be((ResponseState.Active, ResponseLevel.IV, false));
    }
}

/// <summary>The office's proposal to end a response, on an incident (N 2.2(2), 5.7): the events, the timeline, and the plans without one.</summary>
public class IncidentTerminationProposalTests
{
    private static readonly DateTimeOffset T0 = DutyScenario.T0;

    private static Incident NaturalIII()
    {
        var incident = DutyScenario.Open(Guid.NewGuid(), "natural-disaster", new ReportedFigures { [Figure.Relocated] = 80000 });
        incident.DecideResponse(ResponseLevel.III, false, "转移安置8万人，决定启动Ⅲ级响应", DeputyCommander, T0.AddMinutes(30), Repository.Engine);
        return incident;
    }

    [Fact]
    public void N_2_2_2_the_office_proposes_the_end_and_5_7_the_deputy_ends_it_the_timeline_says_so()
    {
        var incident = NaturalIII();

        incident.ProposeTermination("救灾应急工作结束，经分析评估可以解除应急响应", OfficeDirector, T0.AddHours(20));

        incident.State.Response.State.Should().Be(ResponseState.Active);
        incident.State.Response.TerminationProposed.Should().BeTrue();
        var proposed = incident.State.Timeline.Single(t => t.Type == "response-termination-proposed");
        proposed.Summary.Should().Be("市安委办提出终止Ⅲ级响应的建议（Ⅲ级响应继续实施）：救灾应急工作结束，经分析评估可以解除应急响应");
        proposed.Rule.Should().Contain("2.2(2)");

        incident.TerminateResponse("同意终止Ⅲ级响应", true, DeputyCommander, T0.AddHours(21), Repository.Engine);

        incident.State.Response.State.Should().Be(ResponseState.Terminated);
        incident.State.Timeline.Last(t => t.Type == "response-terminated").Summary.Should().Contain("（采纳市安委办终止响应的建议）");
        var events = incident.Raised.Select(e => IncidentEventSchema.Deserialize(IncidentEventSchema.NameOf(e), IncidentEventSchema.Version, IncidentEventSchema.Serialize(e)));
        Incident.Rehydrate(events, Repository.Catalog).State.Response.Should().BeEquivalentTo(incident.State.Response, "the log replays to the same response");
    }

    [Fact]
    public void N_5_7_the_deputy_declines_and_the_III_stays_in_force()
    {
        var incident = NaturalIII();
        incident.ProposeTermination("经评估可以解除", OfficeDirector, T0.AddHours(20));

        incident.DeclineTermination("仍有群众未返迁", DeputyCommander, T0.AddHours(21));

        (incident.State.Response.State, incident.State.Response.TerminationProposed).Should().Be((ResponseState.Active, false));
        incident.State.Timeline.Last(t => t.Type == "response-termination-declined").Summary.Should().Be("不同意终止Ⅲ级响应（Ⅲ级响应继续实施）：仍有群众未返迁");
    }

    [Theory]
    [InlineData("road-traffic", "5.7")]
    [InlineData("construction", "4.6")]
    public void Road_and_construction_have_no_proposal_to_end_the_action_is_refused_naming_it(string plan, string clause)
    {
        var incident = DutyScenario.Open(Guid.NewGuid(), plan, new ReportedFigures { [Figure.Deaths] = 4 });
        incident.DecideResponse(ResponseLevel.II, false, "死亡4人", Commander, T0.AddMinutes(30), Repository.Engine);

        var propose = () => incident.ProposeTermination("建议终止", OfficeDirector, T0.AddHours(5));

        propose.Should().Throw<IncidentCommandRejectedException>().Which.Should().Match<IncidentCommandRejectedException>(e =>
            e.Field == "action" && e.Chinese!.Contains("未规定提出终止应急响应的建议", StringComparison.Ordinal) && e.Chinese.Contains(clause, StringComparison.Ordinal));
    }

    [Fact]
    public void N_5_4_2_the_office_ends_the_IV_it_started_and_does_not_propose_its_end()
    {
        // 5.4.2 "由市安委办主任决定启动Ⅳ级响应": 谁启动、谁终止 — the office ends it; 2.2(2)'s proposal is to the body that ends another's level.
        var incident = DutyScenario.Open(Guid.NewGuid(), "natural-disaster", new ReportedFigures { [Figure.Deaths] = 6 });
        incident.DecideResponse(ResponseLevel.IV, false, "死亡6人", OfficeDirector, T0.AddMinutes(30), Repository.Engine);

        var propose = () => incident.ProposeTermination("建议终止", OfficeDirector, T0.AddHours(5));

        propose.Should().Throw<IncidentCommandRejectedException>().Which.Field.Should().Be("action");
    }
}
