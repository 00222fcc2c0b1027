using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Lifecycles;
using EmergencyPlans.Core.Tests.Lifecycles;
using EmergencyPlans.Core.Tests.Support;

using static EmergencyPlans.Core.Tests.Support.DutyScenario;

namespace EmergencyPlans.Core.Tests.Incidents;

/// <summary>
/// N 5.2.2 启动程序: "市安委办经分析评估,认定灾情达到启动条件,向市安委会提出启动II级响应的建议,市安委会副主任(分管安全工作副市长)报主任决定,
/// 并向市委、市政府报告。" Between the office's proposal and the 主任's decision the 副主任 takes the proposal to the 主任; nothing showed that
/// step, and the 副主任 who tried to decide was refused (review s61, ND-05; ADR 0003 #87). The other levels have no such step: 5.1.2 has the
/// office's proposal "并报市委、市政府决定" (no 副主任), 5.3.2 has the 副主任 decide Ⅲ himself, 5.4.2 has the office's director decide Ⅳ with no
/// proposal.
/// </summary>
public class ProposalRelayTests
{
    private const string Relay = "level-ii-proposal-to-director";

    private static Incident ThirdLevelInForce()
    {
        // 12 dead (5.3.1(1) 10人以上20人以下): the 副主任 starts Ⅲ (5.3.2); the office then proposes Ⅱ.
        var incident = DutyScenario.Open(Guid.NewGuid(), "natural-disaster", Disaster(12));
        incident.DecideResponse(ResponseLevel.III, false, "死亡12人", Actors.DeputyCommander, At(9), Repository.Engine);
        return incident;
    }

    private static ObligationEntry RelayDuty(Incident incident) => incident.State.Obligations.Single(o => o.Code == Relay);

    [Fact]
    public void N_5_2_2_the_offices_proposal_of_II_owes_the_deputy_taking_it_to_the_chairman()
    {
        var incident = ThirdLevelInForce();

        incident.ProposeResponse(ResponseLevel.II, "死亡失踪增至22人", Actors.OfficeDirector, At(10), Repository.Engine);

        var relay = RelayDuty(incident);
        relay.Clock.State.Should().Be(ObligationState.Due);
        relay.Reporter.Should().Be("市安委会副主任(分管安全工作副市长)");
        relay.To.Should().Be("市安委会主任");
        relay.Act.Should().Be("将启动Ⅱ级响应的建议报市安委会主任决定");
        relay.Clause.Should().Be("5.2.2");
        relay.Words.Should().EndWith("市安委会副主任(分管安全工作副市长)报主任决定");
        relay.Clock.DueAt.Should().BeNull("5.2.2 gives no time for it: no minutes are made up");
        relay.RaisedAt.Should().Be(At(10));
    }

    [Fact]
    public void N_5_2_2_the_chairman_raising_the_response_to_II_meets_it_at_his_decision()
    {
        var incident = ThirdLevelInForce();
        incident.ProposeResponse(ResponseLevel.II, "死亡失踪增至22人", Actors.OfficeDirector, At(10), Repository.Engine);

        incident.DecideResponse(ResponseLevel.II, true, "同意启动Ⅱ级响应", Actors.Commander, At(11), Repository.Engine, decidedAt: At(10, 40));

        var relay = RelayDuty(incident);
        relay.Clock.State.Should().Be(ObligationState.Met);
        relay.MetBy.Should().Be(Actors.Commander.ToString(), "the 主任's decision shows the proposal reached him");
        relay.Clock.FiledAt.Should().Be(At(10, 40), "met when he decided, as recorded afterwards");
        incident.Raised.OfType<ObligationFulfilled>().Single(f => f.Key == relay.Key).Note.Should().Be("启动Ⅱ级响应的建议已由指挥长 王副市长（市安委会主任）决定将响应调整为Ⅱ级");
    }

    [Fact]
    public void N_5_2_2_the_chairman_declining_the_II_meets_it_too()
    {
        var incident = ThirdLevelInForce();
        incident.ProposeResponse(ResponseLevel.II, "死亡失踪增至22人", Actors.OfficeDirector, At(10), Repository.Engine);

        incident.DeclineResponse("经核实死亡失踪12人，维持Ⅲ级", Actors.Commander, At(11));

        RelayDuty(incident).Clock.State.Should().Be(ObligationState.Met);
        incident.State.Response.Level.Should().Be(ResponseLevel.III);
    }

    [Fact]
    public void N_5_2_2_the_city_above_the_chairman_deciding_II_meets_it()
    {
        // 5.1.2 "必要时,市委、市政府直接决定启动Ⅰ级响应": the body above the 市安委会 may decide what its 主任 may.
        var incident = DutyScenario.Open(Guid.NewGuid(), "natural-disaster", Disaster(20));
        incident.ProposeResponse(ResponseLevel.II, "死亡20人", Actors.OfficeDirector, At(9), Repository.Engine);

        incident.DecideResponse(ResponseLevel.II, false, "启动Ⅱ级响应", Actors.PartyCommitteeGovernment, At(10), Repository.Engine);

        RelayDuty(incident).Clock.State.Should().Be(ObligationState.Met);
    }

    [Fact]
    public void N_5_2_2_the_deputy_may_record_it_done_himself_and_the_decision_after_it_changes_nothing()
    {
        var incident = ThirdLevelInForce();
        incident.ProposeResponse(ResponseLevel.II, "死亡失踪增至22人", Actors.OfficeDirector, At(10), Repository.Engine);

        incident.FulfilObligation(Relay, At(10, 15), "已电话报主任", Actors.DeputyCommander, At(10, 20), Repository.Engine);
        incident.DecideResponse(ResponseLevel.II, true, "同意", Actors.Commander, At(11), Repository.Engine);

        var relay = RelayDuty(incident);
        (relay.Clock.State, relay.Clock.FiledAt).Should().Be((ObligationState.Met, (DateTimeOffset?)At(10, 15)));
        incident.State.Obligations.Count(o => o.Code == Relay).Should().Be(1);
    }

    [Fact]
    public void N_5_2_2_the_deputy_deciding_a_level_leaves_it_owed_while_the_II_proposal_waits_for_the_chairman()
    {
        // 20 dead call for Ⅱ; the office proposes Ⅱ, the 副主任 starts Ⅲ meanwhile (5.3.2): the proposal of Ⅱ is not his to answer.
        var incident = DutyScenario.Open(Guid.NewGuid(), "natural-disaster", Disaster(20));
        incident.ProposeResponse(ResponseLevel.II, "死亡20人", Actors.OfficeDirector, At(9), Repository.Engine);

        incident.DecideResponse(ResponseLevel.III, false, "先启动Ⅲ级", Actors.DeputyCommander, At(9, 30), Repository.Engine);

        incident.State.Response.ProposedLevel.Should().Be(ResponseLevel.II);
        RelayDuty(incident).Clock.State.Should().Be(ObligationState.Due);
    }

    [Fact]
    public void N_5_2_2_a_proposal_revised_to_I_ends_it_not_needed_with_since_when_it_was_owed_and_owes_no_relay_for_I()
    {
        // 5.1.2 "向市安委会提出启动Ⅰ级响应的建议,并报市委、市政府决定": the office's own step (level-i-proposal-to-city), no 副主任.
        var incident = ThirdLevelInForce();
        incident.ProposeResponse(ResponseLevel.II, "死亡失踪增至22人", Actors.OfficeDirector, At(10), Repository.Engine);

        incident.ProposeResponse(ResponseLevel.I, "死亡失踪增至55人", Actors.OfficeDirector, At(12), Repository.Engine);

        var relay = RelayDuty(incident);
        (relay.Clock.State, relay.Ending()).Should().Be((ObligationState.Cancelled, ObligationEntry.EndedNotNeeded));
        relay.OwedSince.Should().Be(At(10));
        incident.Raised.OfType<ObligationCancelled>().Single(c => c.Key == relay.Key).Reason.Should().Be("建议已改为启动Ⅰ级响应，启动Ⅱ级响应的建议不再待决");
        incident.State.Obligations.Count(o => o.Code == Relay).Should().Be(1);
    }

    [Fact]
    public void N_5_2_2_a_proposal_revised_to_II_again_is_the_same_proposal_and_owes_one_relay()
    {
        var incident = DutyScenario.Open(Guid.NewGuid(), "natural-disaster", Disaster(20));
        incident.ProposeResponse(ResponseLevel.II, "死亡20人", Actors.OfficeDirector, At(9), Repository.Engine);

        incident.ProposeResponse(ResponseLevel.II, "死亡24人", Actors.OfficeDirector, At(10), Repository.Engine);

        incident.State.Obligations.Where(o => o.Code == Relay).Should().ContainSingle().Which.Clock.State.Should().Be(ObligationState.Due);
    }

    [Fact]
    public void N_5_2_2_the_response_ended_while_II_is_proposed_ends_it_not_needed()
    {
        var incident = ThirdLevelInForce();
        incident.ProposeResponse(ResponseLevel.II, "死亡失踪增至22人", Actors.OfficeDirector, At(10), Repository.Engine);

        incident.TerminateResponse("救灾应急工作结束", true, Actors.DeputyCommander, At(30), Repository.Engine);

        var relay = RelayDuty(incident);
        relay.Ending().Should().Be(ObligationEntry.EndedNotNeeded);
        relay.OwedSince.Should().Be(At(10));
    }

    [Theory]
    // 5.3.2 "市安委会副主任(分管安全工作副市长)决定启动Ⅲ级响应": the 副主任 decides it himself; 5.1.2 the office's proposal "并报市委、市政府决定".
    [InlineData(12, ResponseLevel.III)]
    [InlineData(55, ResponseLevel.I)]
    public void N_5_1_2_and_5_3_2_a_proposal_of_I_or_III_owes_no_such_step(long deaths, ResponseLevel level)
    {
        var incident = DutyScenario.Open(Guid.NewGuid(), "natural-disaster", Disaster(deaths));

        incident.ProposeResponse(level, "建议", Actors.OfficeDirector, At(9), Repository.Engine);

        incident.State.Obligations.Should().NotContain(o => o.Start == "proposal");
    }

    [Fact]
    public void The_duty_survives_the_event_log_and_reads_back_the_same()
    {
        var incident = ThirdLevelInForce();
        incident.ProposeResponse(ResponseLevel.II, "死亡失踪增至22人", Actors.OfficeDirector, At(10), Repository.Engine);
        incident.DecideResponse(ResponseLevel.II, true, "同意", Actors.Commander, At(11), Repository.Engine);

        var read = Incident.Rehydrate(incident.Raised.Select(e => IncidentEventSchema.Deserialize(IncidentEventSchema.NameOf(e), IncidentEventSchema.Version, IncidentEventSchema.Serialize(e))), Repository.Catalog);

        var relay = read.State.Obligations.Single(o => o.Code == Relay);
        (relay.Start, relay.MetByReport, relay.Clock.State).Should().Be(("proposal", "response-decision", ObligationState.Met));
    }
}
