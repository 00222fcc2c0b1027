using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Lifecycles;
using EmergencyPlans.Core.Tests.Support;
using static EmergencyPlans.Core.Tests.Lifecycles.Actors;

namespace EmergencyPlans.Core.Tests.Lifecycles;

public class ResponseLifecycleTests
{
    private readonly Clock _clock = new();

    private static ResponseLifecycle Road() => new(Repository.Road.ActivationAuthority);

    private ResponseLifecycle RoadActive(ResponseLevel level, LifecycleActor by)
    {
        var response = Road();
        response.Activate(level, by, _clock.Next(), "研判达到启动条件");
        return response;
    }

    // ---- NotActivated ----

    [Fact]
    public void New_Always_IsNotActivatedAndOffersProposeAndActivate()
    {
        var response = Road();

        response.State.Should().Be(ResponseState.NotActivated);
        response.Level.Should().BeNull();
        response.ResponsibleBody.Should().BeNull();
        response.Decisions.Should().BeEmpty();
        response.PermittedTriggers.Should().Equal(ResponseTrigger.Propose, ResponseTrigger.Activate);
    }

    [Theory]
    [InlineData(ResponseTrigger.Decline)]
    [InlineData(ResponseTrigger.Adjust)]
    [InlineData(ResponseTrigger.Terminate)]
    public void NotActivated_TriggersNeedingAProposalOrAResponse_AreNotOffered(ResponseTrigger trigger) =>
        Road().CanFire(trigger).Should().BeFalse();

    // ---- Propose / Decline ----

    [Fact]
    public void Propose_FromNotActivated_IsProposedWithLevelAndRecord()
    {
        var response = Road();
        var at = _clock.Next();

        response.Propose(ResponseLevel.II, OfficeDirector, at, "3人死亡");

        response.State.Should().Be(ResponseState.Proposed);
        response.ProposedLevel.Should().Be(ResponseLevel.II);
        response.Level.Should().BeNull();
        response.Decisions.Should().ContainSingle().Which.Should().Be(
            new LifecycleDecision("Propose", OfficeDirector, at, "3人死亡", "Ⅱ级", Level: "II"));
        response.PermittedTriggers.Should().Equal(ResponseTrigger.Propose, ResponseTrigger.Decline, ResponseTrigger.Activate);
    }

    [Fact]
    public void Propose_WhileProposed_RevisesTheProposal()
    {
        var response = Road();
        response.Propose(ResponseLevel.III, OfficeDirector, _clock.Next(), "1人死亡");

        response.Propose(ResponseLevel.II, OfficeDirector, _clock.Next(), "死亡人数升至3人");

        response.State.Should().Be(ResponseState.Proposed);
        response.ProposedLevel.Should().Be(ResponseLevel.II);
        response.Decisions.Should().HaveCount(2);
    }

    [Fact]
    public void Propose_LevelThePlanDoesNotHave_IsOutOfRange()
    {
        var act = () => Road().Propose(ResponseLevel.IV, OfficeDirector, _clock.Next(), "test");

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*no level IV*");
    }

    [Fact]
    public void Propose_WhenActiveAtTheHighestLevel_IsRefusedWithStateAndPermittedTriggers()
    {
        // Nothing is above road Ⅰ (5.3.1) to propose. Before 2026-12-05 every proposal while Active was refused, a Ⅲ growing to Ⅱ too.
        var response = RoadActive(ResponseLevel.I, Commander);

        var act = () => response.Propose(ResponseLevel.I, OfficeDirector, _clock.Next(), "升级建议");

        var refusal = act.Should().Throw<LifecycleTransitionException>().Which;
        refusal.Lifecycle.Should().Be("ResponseLifecycle");
        refusal.CurrentState.Should().Be("Active");
        refusal.Trigger.Should().Be("Propose");
        refusal.PermittedTriggers.Should().Equal("Adjust", "Terminate");
        refusal.Message.Should().Contain("Active").And.Contain("Adjust, Terminate");
    }

    private ResponseLifecycle NaturalIIIWithIIProposed()
    {
        // N 5.3.2 "市安委会副主任(分管安全工作副市长)决定启动Ⅲ级响应"; the disaster grows, and 5.2.2 "市安委办经分析评估,认定灾情达到启动条件,
        // 向市安委会提出启动II级响应的建议,市安委会副主任(分管安全工作副市长)报主任决定".
        var response = new ResponseLifecycle(Repository.NaturalDisaster.ActivationAuthority);
        response.Activate(ResponseLevel.III, DeputyCommander, _clock.Next(), "转移安置8万人");
        response.Propose(ResponseLevel.II, OfficeDirector, _clock.Next(), "转移安置增至12万人");
        return response;
    }

    [Fact]
    public void Propose_AHigherLevelWhileActive_TheLevelInForceStaysAndTheProposalPends()
    {
        var response = NaturalIIIWithIIProposed();

        response.State.Should().Be(ResponseState.Active);
        (response.Level, response.ProposedLevel, response.ResponsibleBody).Should().Be((ResponseLevel.III, ResponseLevel.II, DeputyCommander));
        response.Decisions[^1].Should().Match<LifecycleDecision>(d => d.Trigger == "Propose" && d.Detail == "Ⅱ级");
        response.PermittedTriggers.Should().Equal(ResponseTrigger.Propose, ResponseTrigger.Decline, ResponseTrigger.Adjust, ResponseTrigger.Terminate);
        new ResponseLifecycle(Repository.NaturalDisaster.ActivationAuthority, response.Snapshot).ProposedLevel.Should().Be(ResponseLevel.II, "the snapshot stays valid");
    }

    [Fact]
    public void Propose_WhileActive_TheDeciderRaisesToTheProposedLevel_AndThePendingProposalIsAdopted()
    {
        var response = NaturalIIIWithIIProposed();

        response.Adjust(ResponseLevel.II, Commander, _clock.Next(), "同意启动Ⅱ级响应");

        (response.Level, response.ProposedLevel, response.ResponsibleBody).Should().Be((ResponseLevel.II, (ResponseLevel?)null, Commander));
        response.Decisions[^1].ProposalNotAdopted.Should().BeNull();
    }

    [Fact]
    public void Propose_WhileActive_TheDeciderDeclines_AndTheLevelInForceStays()
    {
        var response = NaturalIIIWithIIProposed();

        response.Decline(Commander, _clock.Next(), "灾情趋稳，维持Ⅲ级");

        (response.State, response.Level, response.ProposedLevel).Should().Be((ResponseState.Active, ResponseLevel.III, (ResponseLevel?)null));
        response.ResponsibleBody.Should().Be(DeputyCommander, "declining the proposal changes nothing in force");
        response.Decisions[^1].Should().Match<LifecycleDecision>(d => d.Trigger == "Decline" && d.Detail == "Ⅱ级");
        response.PermittedTriggers.Should().NotContain(ResponseTrigger.Decline);
    }

    [Fact]
    public void Propose_WhileActive_ADeclineByABodyWithoutTheProposedLevelsAuthority_IsForbidden()
    {
        // N 5.2.2 "报主任决定": the 副主任 who runs the Ⅲ does not decide Ⅱ.
        var response = NaturalIIIWithIIProposed();

        var act = () => response.Decline(DeputyCommander, _clock.Next(), "维持Ⅲ级");

        act.Should().Throw<LifecycleAuthorityException>().Which.AuthorisedRoles.Should().Contain(RoleCatalogue.Commander);
        response.ProposedLevel.Should().Be(ResponseLevel.II);
    }

    [Theory]
    [InlineData(ResponseLevel.III)]
    [InlineData(ResponseLevel.IV)]
    public void Propose_WhileActive_TheLevelInForceOrALowerOne_IsABadRequest(ResponseLevel level)
    {
        var response = new ResponseLifecycle(Repository.NaturalDisaster.ActivationAuthority);
        response.Activate(ResponseLevel.III, DeputyCommander, _clock.Next(), "转移安置8万人");

        var act = () => response.Propose(level, OfficeDirector, _clock.Next(), "建议");

        act.Should().Throw<ArgumentException>().WithParameterName(nameof(level));
        response.ProposedLevel.Should().BeNull();
    }

    [Fact]
    public void Propose_WhileActive_ByABodyOtherThanTheOffice_IsForbidden()
    {
        // N 5.2.2: the 市安委办 proposes; the 副主任 reports to the 主任 and does not replace its proposal.
        var response = new ResponseLifecycle(Repository.NaturalDisaster.ActivationAuthority);
        response.Activate(ResponseLevel.III, DeputyCommander, _clock.Next(), "转移安置8万人");

        var act = () => response.Propose(ResponseLevel.II, DeputyCommander, _clock.Next(), "建议");

        act.Should().Throw<LifecycleAuthorityException>();
    }

    [Fact]
    public void Propose_WhileActive_SettledByAnotherRaiseOrByTheEnd_IsRecordedAsNotAdopted()
    {
        // N 5.1.2 "必要时,市委、市政府直接决定启动Ⅰ级响应": the pending Ⅱ is not adopted; nor is it when the 副主任 ends his Ⅲ instead (5.7).
        var raised = NaturalIIIWithIIProposed();
        raised.Adjust(ResponseLevel.I, PartyCommitteeGovernment, _clock.Next(), "直接决定启动Ⅰ级响应");
        raised.Decisions[^1].ProposalNotAdopted.Should().Be("II");
        raised.ProposedLevel.Should().BeNull();

        var ended = NaturalIIIWithIIProposed();
        ended.Terminate(DeputyCommander, _clock.Next(), "救灾应急工作结束");
        ended.Decisions[^1].ProposalNotAdopted.Should().Be("II");
        new ResponseLifecycle(Repository.NaturalDisaster.ActivationAuthority, ended.Snapshot).State.Should().Be(ResponseState.Terminated, "the snapshot stays valid");
    }

    [Fact]
    public void Road_ProposedI_ADeputysII_LeavesTheIProposalToTheCommander_WhoMayRaiseOrDeclineIt()
    {
        // R 5.3.1 "向市指挥部提出启动Ⅰ级应急响应的建议,由市指挥部指挥长决定启动Ⅰ级响应"; 5.3.2 "由市指挥部指挥长或副指挥长决定启动Ⅱ级响应". The
        // 副指挥长 may not decline the Ⅰ; his Ⅱ settled it as 未采纳 all the same, and the 指挥长 was never asked (a road duty officer's review).
        var response = Road();
        response.Propose(ResponseLevel.I, OfficeDirector, _clock.Next(), "社会影响大");
        response.Activate(ResponseLevel.II, DeputyCommander, _clock.Next(), "先启动Ⅱ级");

        response.State.Should().Be(ResponseState.Active);
        response.Level.Should().Be(ResponseLevel.II);
        response.ProposedLevel.Should().Be(ResponseLevel.I, "the Ⅰ proposal waits for the 指挥长");
        response.Decisions[^1].ProposalNotAdopted.Should().BeNull();
        new ResponseLifecycle(Repository.Road.ActivationAuthority, response.Snapshot).ProposedLevel.Should().Be(ResponseLevel.I, "the snapshot stays valid");

        var raised = new ResponseLifecycle(Repository.Road.ActivationAuthority, response.Snapshot);
        raised.Adjust(ResponseLevel.I, Commander, _clock.Next(), "同意启动Ⅰ级");
        (raised.Level, raised.ProposedLevel, raised.Decisions[^1].ProposalNotAdopted).Should().Be((ResponseLevel.I, (ResponseLevel?)null, (string?)null));

        response.Decline(Commander, _clock.Next(), "维持Ⅱ级");
        (response.Level, response.ProposedLevel).Should().Be((ResponseLevel.II, (ResponseLevel?)null));
    }

    [Fact]
    public void Road_ProposedI_TheCommandersOwnII_DoesNotAdoptIt()
    {
        // The 指挥长 holds the Ⅰ (5.3.1) and chose Ⅱ: that answers the proposal, not adopted.
        var response = Road();
        response.Propose(ResponseLevel.I, OfficeDirector, _clock.Next(), "社会影响大");
        response.Activate(ResponseLevel.II, Commander, _clock.Next(), "启动Ⅱ级即可");

        response.ProposedLevel.Should().BeNull();
        response.Decisions[^1].ProposalNotAdopted.Should().Be("I");
    }

    // ---- The level facts each decision carries (Level, FromLevel, ProposalNotAdopted), for readers that must not fold the response again ----

    [Fact]
    public void Decisions_Road_5_3_2_EachCarriesItsLevel_TheProposalNotAdopted_AndBeforeAnAdjustmentTheLevelInForce()
    {
        // R 5.3.2 "市指挥部办公室接到报告后,经分析研判,向市指挥部提出启动Ⅱ级应急响应的建议,由市指挥部指挥长或副指挥长决定启动Ⅱ级响应": the
        // office proposes Ⅱ and the deputy decides Ⅲ (the Ⅱ not adopted); R 5.7 "由启动响应的主体按照需要调整响应级别": he raises his Ⅲ to Ⅱ,
        // and "谁启动、谁结束" ends it. A drill's level lane and a client read these facts from the decisions, never from "Ⅲ级→Ⅱ级".
        var response = Road();
        response.Propose(ResponseLevel.II, OfficeDirector, _clock.Next(), "3人死亡");
        response.Activate(ResponseLevel.III, DeputyCommander, _clock.Next(), "经核实死亡2人");
        response.Adjust(ResponseLevel.II, DeputyCommander, _clock.Next(), "死亡增至3人");
        response.Terminate(DeputyCommander, _clock.Next(), "现场危险完全消除");

        (string, string?, string?, string?)[] expected =
            [("Propose", "II", null, null), ("Activate", "III", null, "II"), ("Adjust", "II", "III", null), ("Terminate", "II", null, null)];
        response.Decisions.Select(d => (d.Trigger, d.Level, d.FromLevel, d.ProposalNotAdopted)).Should().Equal(expected);
    }

    [Fact]
    public void Decisions_Natural_5_2_2_AProposalWhileIIIIsInForce_ItsDecline_AndTheEnd_CarryTheLevelsTheyConcern()
    {
        // N 5.2.2 "市安委办经分析评估,认定灾情达到启动条件,向市安委会提出启动II级响应的建议,市安委会副主任(分管安全工作副市长)报主任决定":
        // proposed while the 副主任's Ⅲ is in force, the Ⅱ is what the proposal and the 主任's decline concern (the Ⅲ goes on); a second
        // proposal is settled by the end instead (N 5.7 "按启动响应的相关权限终止响应"), which ends the Ⅲ and leaves the Ⅱ not adopted.
        var response = NaturalIIIWithIIProposed();
        response.Decline(Commander, _clock.Next(), "灾情趋稳，维持Ⅲ级");
        response.Propose(ResponseLevel.II, OfficeDirector, _clock.Next(), "转移安置再增");
        response.Terminate(DeputyCommander, _clock.Next(), "救灾应急工作结束");

        (string, string?, string?, string?)[] expected =
            [("Activate", "III", null, null), ("Propose", "II", null, null), ("Decline", "II", null, null), ("Propose", "II", null, null), ("Terminate", "III", null, "II")];
        response.Decisions.Select(d => (d.Trigger, d.Level, d.FromLevel, d.ProposalNotAdopted)).Should().Equal(expected);
    }

    [Fact]
    public void Decisions_Construction_4_3_ActivatedAgainAfterAnEndThatLeftAProposal_DoNotCarryThatProposalAgain()
    {
        // C 4.3.2(2) "市指挥部办公室…提出启动Ⅱ级响应建议,由市指挥部指挥长或委托副指挥长立即启动Ⅱ级响应" and C 4.6 "由启动响应的指挥机构确认并结束":
        // the end settles the pending Ⅱ (not adopted, recorded with the end); a later activation (C 4.3.3(2) 由市指挥部指挥长立即启动 I 级响应) answers
        // no proposal, so it records none. The drill's own fold kept the ended proposal and would have called it not adopted a second time.
        var response = new ResponseLifecycle(Repository.Construction.ActivationAuthority);
        response.Activate(ResponseLevel.III, OfficeDirector, _clock.Next(), "死亡1人");
        response.Propose(ResponseLevel.II, OfficeDirector, _clock.Next(), "死亡增至3人");
        response.Terminate(OfficeDirector, _clock.Next(), "现场处置完毕");
        response.Activate(ResponseLevel.I, Commander, _clock.Next(), "死亡增至12人");

        response.Decisions[^2].ProposalNotAdopted.Should().Be("II");
        (response.Decisions[^1].Level, response.Decisions[^1].ProposalNotAdopted).Should().Be(("I", (string?)null));
    }

    [Fact]
    public void Decisions_OfOtherLifecycles_CarryNoLevel()
    {
        // A warning's colour is no response level (R 4.4.1 预警级别): its decisions keep Level and FromLevel null, and JSON leaves them out.
        var decision = new LifecycleDecision("Propose", OfficeDirector, _clock.Next(), "能见度≤20米", "Orange");
        var json = System.Text.Json.JsonSerializer.Serialize(decision, EmergencyPlans.Core.Incidents.IncidentEventSchema.Json);

        json.Should().NotContain("\"level\"").And.NotContain("fromLevel");
        (decision.Level, decision.FromLevel).Should().Be(((string?)null, (string?)null));
    }

    [Fact]
    public void Decline_ByBodyThatCouldActivateTheProposedLevel_ReturnsToNotActivated()
    {
        var response = Road();
        response.Propose(ResponseLevel.II, OfficeDirector, _clock.Next(), "3人死亡");

        response.Decline(DeputyCommander, _clock.Next(), "核实后死亡1人，不需启动Ⅱ级");

        response.State.Should().Be(ResponseState.NotActivated);
        response.ProposedLevel.Should().BeNull();
        response.Decisions.Select(d => d.Trigger).Should().Equal("Propose", "Decline");
        response.Decisions[^1].Detail.Should().Be("Ⅱ级");
        response.Decisions[^1].Actor.Should().Be(DeputyCommander);
    }

    [Fact]
    public void Decline_ByBodyWithoutAuthorityForTheProposedLevel_IsForbidden()
    {
        var response = Road();
        response.Propose(ResponseLevel.II, OfficeDirector, _clock.Next(), "3人死亡");

        var act = () => response.Decline(OfficeDirector, _clock.Next(), "撤回");

        act.Should().Throw<LifecycleAuthorityException>()
            .Which.AuthorisedRoles.Should().BeEquivalentTo(RoleCatalogue.Commander, RoleCatalogue.DeputyCommander);
        response.State.Should().Be(ResponseState.Proposed);
    }

    [Fact]
    public void Decline_WhenNothingIsProposed_IsRefused()
    {
        var act = () => Road().Decline(Commander, _clock.Next(), "test");

        act.Should().Throw<LifecycleTransitionException>().Which.CurrentState.Should().Be("NotActivated");
    }

    // ---- Activate ----

    [Fact]
    public void Activate_FromProposal_IsActiveAndTheActorIsResponsible()
    {
        var response = Road();
        response.Propose(ResponseLevel.I, OfficeDirector, _clock.Next(), "10人死亡");
        var at = _clock.Next();

        response.Activate(ResponseLevel.I, Commander, at, "同意启动Ⅰ级");

        response.State.Should().Be(ResponseState.Active);
        response.Level.Should().Be(ResponseLevel.I);
        response.ProposedLevel.Should().BeNull();
        response.ResponsibleBody.Should().Be(Commander);
        response.Decisions[^1].Should().Be(new LifecycleDecision("Activate", Commander, at, "同意启动Ⅰ级", "Ⅰ级", Level: "I"));
        response.PermittedTriggers.Should().Equal(ResponseTrigger.Adjust, ResponseTrigger.Terminate);
    }

    [Fact]
    public void Activate_ALevelOtherThanProposed_FollowsTheDecider()
    {
        var response = Road();
        response.Propose(ResponseLevel.III, OfficeDirector, _clock.Next(), "2人死亡");

        response.Activate(ResponseLevel.II, Commander, _clock.Next(), "危化品车辆，提高一级");

        response.Level.Should().Be(ResponseLevel.II);
    }

    [Fact]
    public void Activate_ALevelOtherThanProposed_RecordsTheProposalAsNotAdopted()
    {
        // R 5.3.2 "市指挥部办公室…向市指挥部提出启动Ⅱ级应急响应的建议,由市指挥部指挥长或副指挥长决定启动Ⅱ级响应": the deputy decides Ⅲ instead;
        // the proposal of Ⅱ is answered (not adopted) by that decision, not left hanging.
        var response = Road();
        response.Propose(ResponseLevel.II, OfficeDirector, _clock.Next(), "3人死亡");
        var at = _clock.Next();

        response.Activate(ResponseLevel.III, DeputyCommander, at, "经核实死亡2人");

        response.Decisions[^1].Should().Be(new LifecycleDecision("Activate", DeputyCommander, at, "经核实死亡2人", "Ⅲ级", ProposalNotAdopted: "II", Level: "III"));
        response.ProposedLevel.Should().BeNull();
    }

    [Fact]
    public void Activate_TheProposedLevel_OrWithoutAProposal_RecordsNothingNotAdopted()
    {
        var response = Road();
        response.Propose(ResponseLevel.II, OfficeDirector, _clock.Next(), "3人死亡");
        response.Activate(ResponseLevel.II, DeputyCommander, _clock.Next(), "同意");
        response.Terminate(DeputyCommander, _clock.Next(), "现场危险完全消除");
        response.Activate(ResponseLevel.I, Commander, _clock.Next(), "复燃，死亡10人");

        response.Decisions.Where(d => d.Trigger == "Activate").Should().OnlyContain(d => d.ProposalNotAdopted == null);
    }

    [Fact]
    public void Activate_WithoutProposal_IsActive()
    {
        var response = new ResponseLifecycle(Repository.NaturalDisaster.ActivationAuthority);

        response.Activate(ResponseLevel.I, PartyCommitteeGovernment, _clock.Next(), "必要时，市委、市政府直接决定启动Ⅰ级响应");

        response.State.Should().Be(ResponseState.Active);
    }

    [Fact]
    public void Activate_RoadIByDeputyCommander_IsForbiddenNamingTheCommander()
    {
        var response = Road();

        var act = () => response.Activate(ResponseLevel.I, DeputyCommander, _clock.Next(), "10人死亡");

        var refusal = act.Should().Throw<LifecycleAuthorityException>().Which;
        refusal.AuthorisedRoles.Should().Equal(RoleCatalogue.Commander);
        refusal.ActorRoleId.Should().Be(RoleCatalogue.DeputyCommander);
        refusal.Trigger.Should().Be("Activate");
        refusal.Message.Should().Contain("commander").And.Contain("5.3.1");
        response.State.Should().Be(ResponseState.NotActivated);
        response.Decisions.Should().BeEmpty();
    }

    [Fact]
    public void Activate_RoadIIByOfficeDirector_IsForbidden()
    {
        var act = () => Road().Activate(ResponseLevel.II, OfficeDirector, _clock.Next(), "3人死亡");

        act.Should().Throw<LifecycleAuthorityException>();
    }

    [Theory]
    [InlineData(RoleCatalogue.OfficeDirector)]
    [InlineData(RoleCatalogue.DeputyCommander)]
    [InlineData(RoleCatalogue.Commander)]
    public void Activate_RoadIIIByOfficeOrAHigherBody_IsActive(string roleId)
    {
        var response = Road();

        response.Activate(ResponseLevel.III, ByRole(roleId), _clock.Next(), "1人死亡");

        response.Level.Should().Be(ResponseLevel.III);
        response.ResponsibleBody!.RoleId.Should().Be(roleId);
    }

    [Fact]
    public void Activate_ConstructionIIByDeputyWithoutDelegation_IsForbiddenNamingTheDelegationCondition()
    {
        var response = new ResponseLifecycle(Repository.Construction.ActivationAuthority);

        var act = () => response.Activate(ResponseLevel.II, DeputyCommander, _clock.Next(), "3人被困");

        act.Should().Throw<LifecycleAuthorityException>()
            .Which.AuthorisedRoles.Should().Equal("commander", "deputy-commander (delegated by commander)");
    }

    [Fact]
    public void Activate_ConstructionIIByDelegatedDeputy_IsActive()
    {
        var response = new ResponseLifecycle(Repository.Construction.ActivationAuthority);

        response.Activate(ResponseLevel.II, DelegatedDeputyCommander, _clock.Next(), "受指挥长委托启动Ⅱ级");

        response.Level.Should().Be(ResponseLevel.II);
    }

    [Fact]
    public void Activate_NaturalIByCommander_IsForbiddenNamingPartyCommitteeAndGovernment()
    {
        var response = new ResponseLifecycle(Repository.NaturalDisaster.ActivationAuthority);

        var act = () => response.Activate(ResponseLevel.I, Commander, _clock.Next(), "死亡失踪50人");

        act.Should().Throw<LifecycleAuthorityException>()
            .Which.AuthorisedRoles.Should().Equal(RoleCatalogue.PartyCommitteeGovernment);
    }

    [Fact]
    public void Activate_NaturalIVByOfficeDirector_IsActive()
    {
        var response = new ResponseLifecycle(Repository.NaturalDisaster.ActivationAuthority);

        response.Activate(ResponseLevel.IV, OfficeDirector, _clock.Next(), "死亡失踪5人");

        response.Level.Should().Be(ResponseLevel.IV);
    }

    [Fact]
    public void Activate_RoadIV_IsOutOfRangeBecauseTheRoadPlanHasThreeLevels()
    {
        var act = () => Road().Activate(ResponseLevel.IV, OfficeDirector, _clock.Next(), "test");

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*its levels are III, II, I*");
    }

    [Fact]
    public void Activate_WhenAlreadyActive_IsRefused()
    {
        var response = RoadActive(ResponseLevel.II, Commander);

        var act = () => response.Activate(ResponseLevel.I, Commander, _clock.Next(), "test");

        // Ⅰ is above the Ⅱ in force, so the office may propose it meanwhile (since 2026-12-05); the commander raises by adjusting.
        act.Should().Throw<LifecycleTransitionException>().Which.PermittedTriggers.Should().Equal("Propose", "Adjust", "Terminate");
    }

    [Fact]
    public void Activate_WhenTerminated_ByTheLevelsAuthority_ActivatesAgain()
    {
        // C 4.3.3(2) "由市指挥部指挥长立即启动 I 级响应": the office ended its Ⅲ, then the accident proves to be 重大; no clause makes 终止 final,
        // and the commander's Ⅰ must not be refused because a lower level was once ended.
        var response = RoadActive(ResponseLevel.III, OfficeDirector);
        response.Terminate(OfficeDirector, _clock.Next(), "险情消除");
        var at = _clock.Next();

        response.PermittedTriggers.Should().BeEquivalentTo([ResponseTrigger.Propose, ResponseTrigger.Activate]);
        response.Activate(ResponseLevel.I, Commander, at, "又有10人死亡");

        response.State.Should().Be(ResponseState.Active);
        response.Level.Should().Be(ResponseLevel.I);
        response.ResponsibleBody.Should().Be(Commander);
        response.Decisions.Select(d => d.Trigger).Should().Equal("Activate", "Terminate", "Activate");
    }

    [Fact]
    public void Activate_WhenTerminated_WithoutTheLevelsAuthority_IsForbidden()
    {
        // R 5.3.1 "由市指挥部指挥长决定启动Ⅰ级响应": activating again is an activation like the first, with the level's authority.
        var response = RoadActive(ResponseLevel.III, OfficeDirector);
        response.Terminate(OfficeDirector, _clock.Next(), "险情消除");

        var act = () => response.Activate(ResponseLevel.I, OfficeDirector, _clock.Next(), "test");

        act.Should().Throw<LifecycleAuthorityException>().Which.AuthorisedRoles.Should().Equal(RoleCatalogue.Commander);
        response.State.Should().Be(ResponseState.Terminated);
    }

    [Fact]
    public void Activate_StateRefusalComesBeforeAuthority_SoAStaleFormGets409Not403()
    {
        var response = RoadActive(ResponseLevel.III, OfficeDirector);

        var act = () => response.Activate(ResponseLevel.I, DeputyCommander, _clock.Next(), "test");

        act.Should().Throw<LifecycleTransitionException>();
    }

    // ---- Adjust ----

    [Fact]
    public void Adjust_RaiseByTheResponsibleBody_StaysActiveAtTheNewLevel()
    {
        var response = RoadActive(ResponseLevel.II, DeputyCommander);
        var at = _clock.Next();

        response.Adjust(ResponseLevel.III, DeputyCommander, at, "伤员稳定");

        response.State.Should().Be(ResponseState.Active);
        response.Level.Should().Be(ResponseLevel.III);
        response.ResponsibleBody.Should().Be(DeputyCommander);
        response.Decisions[^1].Should().Be(new LifecycleDecision("Adjust", DeputyCommander, at, "伤员稳定", "Ⅱ级→Ⅲ级", Level: "III", FromLevel: "II"));
    }

    [Fact]
    public void Adjust_LowerByTheResponsibleBody_KeepsItResponsible()
    {
        var response = RoadActive(ResponseLevel.I, Commander);

        response.Adjust(ResponseLevel.II, Commander, _clock.Next(), "事态受控");

        response.Level.Should().Be(ResponseLevel.II);
        response.ResponsibleBody.Should().Be(Commander);
    }

    [Fact]
    public void Adjust_RaiseBeyondTheOfficeDirectorsAuthority_IsForbidden()
    {
        var response = RoadActive(ResponseLevel.III, OfficeDirector);

        var act = () => response.Adjust(ResponseLevel.II, OfficeDirector, _clock.Next(), "死亡升至3人");

        act.Should().Throw<LifecycleAuthorityException>()
            .Which.AuthorisedRoles.Should().BeEquivalentTo(RoleCatalogue.Commander, RoleCatalogue.DeputyCommander);
        response.Level.Should().Be(ResponseLevel.III);
    }

    [Fact]
    public void Adjust_EscalationByAHigherBody_MakesThatBodyResponsible()
    {
        var response = RoadActive(ResponseLevel.III, OfficeDirector);

        response.Adjust(ResponseLevel.II, Commander, _clock.Next(), "死亡升至3人，指挥长决定提升至Ⅱ级");

        response.Level.Should().Be(ResponseLevel.II);
        response.ResponsibleBody.Should().Be(Commander);
        response.CanTerminate(OfficeDirector).Should().BeFalse();
        response.CanTerminate(Commander).Should().BeTrue();
    }

    [Fact]
    public void Adjust_LowerByABodyOtherThanTheResponsibleOne_IsForbiddenNamingTheResponsibleBody()
    {
        var response = RoadActive(ResponseLevel.II, Commander);

        var act = () => response.Adjust(ResponseLevel.III, OfficeDirector, _clock.Next(), "降为Ⅲ级");

        var refusal = act.Should().Throw<LifecycleAuthorityException>().Which;
        refusal.AuthorisedRoles.Should().Equal(RoleCatalogue.Commander);
        refusal.Message.Should().Contain("5.7");
        response.Level.Should().Be(ResponseLevel.II);
    }

    [Fact]
    public void Adjust_LowerByADeputyWhenTheCommanderIsResponsible_IsForbidden()
    {
        var response = RoadActive(ResponseLevel.II, Commander);

        var act = () => response.Adjust(ResponseLevel.III, DeputyCommander, _clock.Next(), "降为Ⅲ级");

        act.Should().Throw<LifecycleAuthorityException>();
    }

    [Fact]
    public void Adjust_RoadToIByDeputyCommander_IsForbidden()
    {
        var response = RoadActive(ResponseLevel.II, DeputyCommander);

        var act = () => response.Adjust(ResponseLevel.I, DeputyCommander, _clock.Next(), "死亡10人");

        act.Should().Throw<LifecycleAuthorityException>().Which.AuthorisedRoles.Should().Equal(RoleCatalogue.Commander);
    }

    [Fact]
    public void Adjust_ToTheCurrentLevel_IsABadRequest()
    {
        var response = RoadActive(ResponseLevel.II, Commander);

        var act = () => response.Adjust(ResponseLevel.II, Commander, _clock.Next(), "test");

        act.Should().Throw<ArgumentException>().WithParameterName("newLevel");
        response.CanAdjust(ResponseLevel.II, Commander).Should().BeFalse();
    }

    [Fact]
    public void Adjust_ToALevelThePlanDoesNotHave_IsOutOfRange()
    {
        var response = RoadActive(ResponseLevel.III, OfficeDirector);

        var act = () => response.Adjust(ResponseLevel.IV, OfficeDirector, _clock.Next(), "test");

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Adjust_WhenNotActivated_IsRefused()
    {
        var act = () => Road().Adjust(ResponseLevel.II, Commander, _clock.Next(), "test");

        act.Should().Throw<LifecycleTransitionException>().Which.CurrentState.Should().Be("NotActivated");
    }

    [Fact]
    public void Adjust_WhenProposed_IsRefused()
    {
        var response = Road();
        response.Propose(ResponseLevel.III, OfficeDirector, _clock.Next(), "1人死亡");

        var act = () => response.Adjust(ResponseLevel.II, Commander, _clock.Next(), "test");

        act.Should().Throw<LifecycleTransitionException>().Which.CurrentState.Should().Be("Proposed");
    }

    [Fact]
    public void Adjust_WhenTerminated_IsRefused()
    {
        var response = RoadActive(ResponseLevel.II, Commander);
        response.Terminate(Commander, _clock.Next(), "险情消除");

        var act = () => response.Adjust(ResponseLevel.I, Commander, _clock.Next(), "test");

        act.Should().Throw<LifecycleTransitionException>();
    }

    // ---- Terminate ----

    [Fact]
    public void Terminate_ByTheBodyThatActivated_IsTerminatedAndKeepsTheLastLevel()
    {
        var response = RoadActive(ResponseLevel.II, Commander);
        var at = _clock.Next();

        response.Terminate(Commander, at, "现场危险完全消除");

        response.State.Should().Be(ResponseState.Terminated);
        response.Level.Should().Be(ResponseLevel.II);
        response.PermittedTriggers.Should().BeEquivalentTo([ResponseTrigger.Propose, ResponseTrigger.Activate]);
        response.Decisions[^1].Should().Be(new LifecycleDecision("Terminate", Commander, at, "现场危险完全消除", "Ⅱ级", Level: "II"));
    }

    [Fact]
    public void Terminate_RoadIIStartedByCommanderByOfficeDirector_IsForbiddenNamingTheCommander()
    {
        var response = RoadActive(ResponseLevel.II, Commander);

        var act = () => response.Terminate(OfficeDirector, _clock.Next(), "险情消除");

        var refusal = act.Should().Throw<LifecycleAuthorityException>().Which;
        refusal.AuthorisedRoles.Should().Equal(RoleCatalogue.Commander);
        refusal.Trigger.Should().Be("Terminate");
        refusal.Message.Should().Contain("谁启动、谁结束");
        response.State.Should().Be(ResponseState.Active);
    }

    [Fact]
    public void Terminate_ByAHigherBodyThanTheOneThatActivated_IsForbidden()
    {
        // R 2.1 "全市道路交通安全应急指挥体系由市、县两级道路交通安全应急指挥部及其办公室组成": the office is an organ beside the 市指挥部, and
        // 5.3.3 "由市指挥部办公室主任启动Ⅲ级应急响应"; 5.7 "由相应启动应急响应的指挥机构宣布应急响应终止" — the office ends its Ⅲ, not a leader
        // of another organ (he may raise it, and the Ⅱ is then his).
        var response = RoadActive(ResponseLevel.III, OfficeDirector);

        var act = () => response.Terminate(Commander, _clock.Next(), "险情消除");

        act.Should().Throw<LifecycleAuthorityException>().Which.AuthorisedRoles.Should().Equal(RoleCatalogue.OfficeDirector);
    }

    [Fact]
    public void Terminate_ByAnotherPersonOfTheSameBody_IsTerminated()
    {
        var response = RoadActive(ResponseLevel.III, OfficeDirector);

        response.Terminate(OfficeDutyOfficer, _clock.Next(), "办公室宣布终止");

        response.State.Should().Be(ResponseState.Terminated);
    }

    [Fact]
    public void Terminate_AfterAnEscalation_IsForTheEscalatingBodyNotTheOriginalOne()
    {
        var response = RoadActive(ResponseLevel.III, OfficeDirector);
        response.Adjust(ResponseLevel.II, DeputyCommander, _clock.Next(), "涉及2个相邻县");
        response.Adjust(ResponseLevel.III, DeputyCommander, _clock.Next(), "交通恢复");

        var byOffice = () => response.Terminate(OfficeDirector, _clock.Next(), "险情消除");

        // The escalating deputy, or the commander above him in the 市指挥部 (R 5.7 由相应启动应急响应的指挥机构; decision 0003).
        byOffice.Should().Throw<LifecycleAuthorityException>().Which.AuthorisedRoles.Should().Equal(RoleCatalogue.DeputyCommander, RoleCatalogue.Commander);
        response.Terminate(OtherDeputyCommander, _clock.Next(), "险情消除");
        response.State.Should().Be(ResponseState.Terminated);
    }

    [Fact]
    public void Terminate_WhenNotActivated_IsRefused()
    {
        var act = () => Road().Terminate(Commander, _clock.Next(), "test");

        act.Should().Throw<LifecycleTransitionException>();
    }

    [Fact]
    public void Terminate_WhenProposed_IsRefused()
    {
        var response = Road();
        response.Propose(ResponseLevel.III, OfficeDirector, _clock.Next(), "1人死亡");

        var act = () => response.Terminate(OfficeDirector, _clock.Next(), "test");

        act.Should().Throw<LifecycleTransitionException>().Which.PermittedTriggers.Should().Equal("Propose", "Decline", "Activate");
    }

    [Fact]
    public void Terminate_Twice_IsRefused()
    {
        var response = RoadActive(ResponseLevel.III, OfficeDirector);
        response.Terminate(OfficeDirector, _clock.Next(), "险情消除");

        var act = () => response.Terminate(OfficeDirector, _clock.Next(), "again");

        act.Should().Throw<LifecycleTransitionException>();
    }

    [Fact]
    public void Terminate_ConstructionIIStartedByADelegatedDeputy_IsForTheDeputyOrTheCommanderWhoDelegated()
    {
        // C 4.3.2(2) "由市指挥部指挥长或委托副指挥长立即启动Ⅱ级响应": the deputy acted for the commander; 4.6 has "启动响应的指挥机构"
        // end it. The commander who delegated may end it (or the deputy); the office director may not.
        var response = new ResponseLifecycle(Repository.Construction.ActivationAuthority);
        response.Activate(ResponseLevel.II, DelegatedDeputyCommander, _clock.Next(), "受指挥长委托启动Ⅱ级");

        response.CanTerminate(DeputyCommander).Should().BeTrue();
        response.CanTerminate(OfficeDirector).Should().BeFalse();
        var refused = () => response.Terminate(OfficeDirector, _clock.Next(), "x");
        refused.Should().Throw<LifecycleAuthorityException>().Which.AuthorisedRoles.Should().Equal(RoleCatalogue.DeputyCommander, RoleCatalogue.Commander);

        response.Terminate(Commander, _clock.Next(), "事故得到有效控制");

        response.State.Should().Be(ResponseState.Terminated);
    }

    [Fact]
    public void Terminate_RoadIIStartedByTheDeputyInHisOwnRight_TheCommanderEndsIt_RecordingWhoseLevelItWas()
    {
        // R 5.3.2 "由市指挥部指挥长或副指挥长决定启动Ⅱ级响应"; 5.7 "按照“谁启动、谁结束”的原则,由相应启动应急响应的指挥机构宣布应急响应终止":
        // the organ that started it is the 市指挥部, which the 指挥长 leads. Before 2026-12-05 this was read per person and the commander was
        // refused (越权) ending his deputy's Ⅱ (a road duty officer's and a drill evaluator's review).
        var response = RoadActive(ResponseLevel.II, DeputyCommander);
        var at = _clock.Next();

        response.CanTerminate(Commander).Should().BeTrue();
        response.Terminate(Commander, at, "现场危险完全消除");

        response.State.Should().Be(ResponseState.Terminated);
        response.Decisions[^1].Should().Be(new LifecycleDecision("Terminate", Commander, at, "现场危险完全消除", "Ⅱ级", StartedBy: DeputyCommander, Level: "II"));
    }

    [Fact]
    public void Terminate_ByTheBodyItself_RecordsNoOtherStarter()
    {
        var response = RoadActive(ResponseLevel.II, DeputyCommander);

        response.Terminate(OtherDeputyCommander, _clock.Next(), "现场危险完全消除");

        response.Decisions[^1].StartedBy.Should().BeNull("the same body (role) ended it");
    }

    [Fact]
    public void Adjust_RoadIIStartedByTheDeputy_TheCommanderLowersIt_AndTheIIIIsHis()
    {
        // R 5.7 "由启动响应的主体按照需要调整响应级别": the 主体 is the 市指挥部 (as for the end), so its 指挥长 may lower the Ⅱ his deputy decided.
        var response = RoadActive(ResponseLevel.II, DeputyCommander);

        response.Adjust(ResponseLevel.III, Commander, _clock.Next(), "伤员稳定");

        response.Level.Should().Be(ResponseLevel.III);
        response.ResponsibleBody.Should().Be(Commander);
        response.Decisions[^1].StartedBy.Should().Be(DeputyCommander);
        response.CanTerminate(DeputyCommander).Should().BeFalse("the Ⅲ is now the commander's decision, and the deputy is below him");
    }

    [Fact]
    public void Adjust_ARaiseByAnotherBody_IsItsOwnDecision_NotOneAboveTheStarter()
    {
        // R 5.3.2: the deputy raising the office's Ⅲ decides the Ⅱ at his own level (he is not above the office: another organ).
        var response = RoadActive(ResponseLevel.III, OfficeDirector);

        response.Adjust(ResponseLevel.II, DeputyCommander, _clock.Next(), "死亡3人");

        response.Decisions[^1].StartedBy.Should().BeNull();
    }

    /// <summary>plan, level, who started it (role, delegated), who tries to end it, accepted; each row with its clause.</summary>
    public static TheoryData<string, ResponseLevel, string, bool, string, bool> EndingByRank => new()
    {
        // R 5.3.2 "由市指挥部指挥长或副指挥长决定启动Ⅱ级响应", 5.7 "由相应启动应急响应的指挥机构宣布应急响应终止": the commander leads the 市指挥部.
        { "road-traffic", ResponseLevel.II, RoleCatalogue.DeputyCommander, false, RoleCatalogue.Commander, true },
        // The deputy is below the commander: the commander's Ⅱ (or Ⅰ, 5.3.1 由市指挥部指挥长决定启动Ⅰ级响应) is not his to end.
        { "road-traffic", ResponseLevel.II, RoleCatalogue.Commander, false, RoleCatalogue.DeputyCommander, false },
        { "road-traffic", ResponseLevel.I, RoleCatalogue.Commander, false, RoleCatalogue.DeputyCommander, false },
        // The office (2.3 市指挥部下设办公室) is not the 市指挥部: it ends neither the deputy's Ⅱ nor the commander's Ⅰ.
        { "road-traffic", ResponseLevel.II, RoleCatalogue.DeputyCommander, false, RoleCatalogue.OfficeDirector, false },
        { "road-traffic", ResponseLevel.I, RoleCatalogue.Commander, false, RoleCatalogue.OfficeDirector, false },
        // C 4.3.2(2) "由市指挥部指挥长或委托副指挥长立即启动Ⅱ级响应"; 4.6 "由启动响应的指挥机构确认并结束应急响应".
        { "construction", ResponseLevel.II, RoleCatalogue.DeputyCommander, true, RoleCatalogue.Commander, true },
        { "construction", ResponseLevel.II, RoleCatalogue.Commander, false, RoleCatalogue.DeputyCommander, false },
        { "construction", ResponseLevel.II, RoleCatalogue.DeputyCommander, true, RoleCatalogue.OfficeDirector, false },
        // C 4.3.3(2) "由市指挥部指挥长立即启动 I 级响应": neither the deputy nor the office director ends it.
        { "construction", ResponseLevel.I, RoleCatalogue.Commander, false, RoleCatalogue.DeputyCommander, false },
        { "construction", ResponseLevel.I, RoleCatalogue.Commander, false, RoleCatalogue.OfficeDirector, false },
        // N 5.3.2 "市安委会副主任(分管安全工作副市长)决定启动Ⅲ级响应,并向市安委会主任报告"; 5.7 "按启动响应的相关权限终止响应": the 主任 may end it.
        { "natural-disaster", ResponseLevel.III, RoleCatalogue.DeputyCommander, false, RoleCatalogue.Commander, true },
        // N 5.2.2 "市安委会副主任(分管安全工作副市长)报主任决定": the 主任's Ⅱ is not the 副主任's, nor the 市安委办's, to end.
        { "natural-disaster", ResponseLevel.II, RoleCatalogue.Commander, false, RoleCatalogue.DeputyCommander, false },
        { "natural-disaster", ResponseLevel.II, RoleCatalogue.Commander, false, RoleCatalogue.OfficeDirector, false },
        // N 5.1.2 "市委、市政府直接决定启动Ⅰ级响应": another organ; the 市安委会主任 and the 市安委办主任 do not end it.
        { "natural-disaster", ResponseLevel.I, RoleCatalogue.PartyCommitteeGovernment, false, RoleCatalogue.Commander, false },
        { "natural-disaster", ResponseLevel.I, RoleCatalogue.PartyCommitteeGovernment, false, RoleCatalogue.OfficeDirector, false },
        // …and 市委、市政府 do not end the 市安委会's Ⅱ: 5.7 按启动响应的相关权限, the 主任's.
        { "natural-disaster", ResponseLevel.II, RoleCatalogue.Commander, false, RoleCatalogue.PartyCommitteeGovernment, false },
        // N 5.4.2 "由市安委办主任决定启动Ⅳ级响应": the 市安委办's level; the 市安委会 is another organ.
        { "natural-disaster", ResponseLevel.IV, RoleCatalogue.OfficeDirector, false, RoleCatalogue.DeputyCommander, false },
    };

    [Theory]
    [MemberData(nameof(EndingByRank))]
    public void Terminate_ByTheStarterOrARoleAboveItInTheSameOrgan_Only(string planId, ResponseLevel level, string startedBy, bool delegated, string endedBy, bool accepted)
    {
        var response = new ResponseLifecycle(Repository.Latest(planId).ActivationAuthority);
        var starter = ByRole(startedBy, delegated);
        response.Activate(level, starter, _clock.Next(), "研判达到启动条件");

        var end = () => response.Terminate(ByRole(endedBy), _clock.Next(), "终止");

        if (accepted)
        {
            end();
            response.State.Should().Be(ResponseState.Terminated);
            response.Decisions[^1].StartedBy.Should().Be(starter);
        }
        else
        {
            var refusal = end.Should().Throw<LifecycleAuthorityException>().Which;
            refusal.AuthorisedRoles.Should().StartWith(startedBy).And.NotContain(endedBy);
            response.State.Should().Be(ResponseState.Active);
        }
    }

    [Fact]
    public void Terminate_TheOfficeEndingTheDeputysII_IsRefusedNamingTheDeputyAndTheCommanderAndTheReading()
    {
        // R 5.7 "谁启动、谁结束": the refusal names who may end it — the deputy who decided it, and the commander above him in the 市指挥部 by
        // our reading, said as such with the clause that sets the 市指挥部 up (2.2).
        var response = RoadActive(ResponseLevel.II, DeputyCommander);

        var refusal = FluentActions.Invoking(() => response.Terminate(OfficeDirector, _clock.Next(), "险情消除")).Should().Throw<LifecycleAuthorityException>().Which;

        refusal.AuthorisedRoles.Should().Equal(RoleCatalogue.DeputyCommander, RoleCatalogue.Commander);
        refusal.Rule.Should().StartWith("谁启动、谁结束（晋市政办〔2025〕18号 5.7）；" + PlanActivationAuthority.Reading).And.Contain("市指挥部").And.Contain("2.2");
    }

    [Fact]
    public void Decline_WhenActive_IsRefused()
    {
        var response = RoadActive(ResponseLevel.II, Commander);

        var act = () => response.Decline(Commander, _clock.Next(), "test");

        act.Should().Throw<LifecycleTransitionException>().Which.CurrentState.Should().Be("Active");
    }

    [Theory]
    [InlineData(ResponseTrigger.Decline)]
    [InlineData(ResponseTrigger.Adjust)]
    [InlineData(ResponseTrigger.Terminate)]
    public void Terminated_AnyTriggerButActivateAndPropose_IsRefused(ResponseTrigger trigger)
    {
        var response = RoadActive(ResponseLevel.II, Commander);
        response.Terminate(Commander, _clock.Next(), "险情消除");
        var at = _clock.Next();
        Action act = trigger switch
        {
            ResponseTrigger.Decline => () => response.Decline(Commander, at, "test"),
            ResponseTrigger.Adjust => () => response.Adjust(ResponseLevel.I, Commander, at, "test"),
            _ => () => response.Terminate(Commander, at, "test"),
        };

        act.Should().Throw<LifecycleTransitionException>().Which.Trigger.Should().Be(trigger.ToString());
        response.CanFire(trigger).Should().BeFalse();
    }

    // ---- Can* queries agree with the commands ----

    [Fact]
    public void CanActivate_MatchesTheAuthorityAndTheState()
    {
        var response = Road();

        response.CanActivate(ResponseLevel.I, Commander).Should().BeTrue();
        response.CanActivate(ResponseLevel.I, DeputyCommander).Should().BeFalse();
        response.CanActivate(ResponseLevel.IV, OfficeDirector).Should().BeFalse();
        response.Activate(ResponseLevel.III, OfficeDirector, _clock.Next(), "1人死亡");
        response.CanActivate(ResponseLevel.I, Commander).Should().BeFalse();
    }

    [Fact]
    public void CanAdjust_MatchesTheAdjustmentRule()
    {
        var response = RoadActive(ResponseLevel.II, Commander);

        response.CanAdjust(ResponseLevel.I, Commander).Should().BeTrue();
        response.CanAdjust(ResponseLevel.III, Commander).Should().BeTrue();
        response.CanAdjust(ResponseLevel.III, DeputyCommander).Should().BeFalse();
        response.CanAdjust(ResponseLevel.I, DeputyCommander).Should().BeFalse();
        response.CanAdjust(ResponseLevel.III, OfficeDirector).Should().BeFalse();
    }

    // ---- Decision records ----

    [Fact]
    public void Decide_WithBlankReason_IsABadRequest()
    {
        var act = () => Road().Activate(ResponseLevel.III, OfficeDirector, _clock.Next(), " ");

        act.Should().Throw<ArgumentException>().WithParameterName("reason");
    }

    [Fact]
    public void Decide_WithoutATime_IsABadRequest()
    {
        var act = () => Road().Activate(ResponseLevel.III, OfficeDirector, default, "1人死亡");

        act.Should().Throw<ArgumentException>().WithParameterName("at");
    }

    [Fact]
    public void Decide_EarlierThanThePreviousDecision_IsOutOfRange()
    {
        var response = Road();
        var later = _clock.Next();
        response.Propose(ResponseLevel.III, OfficeDirector, later, "1人死亡");

        var act = () => response.Activate(ResponseLevel.III, OfficeDirector, later.AddMinutes(-5), "1人死亡");

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("at");
        response.State.Should().Be(ResponseState.Proposed);
    }

    [Fact]
    public void Decisions_OverAFullLifecycle_RecordWhoWhenWhyInOrder()
    {
        var response = Road();
        response.Propose(ResponseLevel.III, OfficeDirector, _clock.Next(), "1人死亡");
        response.Activate(ResponseLevel.III, OfficeDirector, _clock.Next(), "启动Ⅲ级");
        response.Adjust(ResponseLevel.II, Commander, _clock.Next(), "死亡3人");
        response.Terminate(Commander, _clock.Next(), "险情消除");

        response.Decisions.Select(d => (d.Trigger, d.Actor.RoleId, d.Detail)).Should().Equal(
            ("Propose", RoleCatalogue.OfficeDirector, "Ⅲ级"),
            ("Activate", RoleCatalogue.OfficeDirector, "Ⅲ级"),
            ("Adjust", RoleCatalogue.Commander, "Ⅲ级→Ⅱ级"),
            ("Terminate", RoleCatalogue.Commander, "Ⅱ级"));
        response.Decisions.Select(d => d.At).Should().BeInAscendingOrder();
    }

    // ---- Persistence ----

    [Fact]
    public void Snapshot_ReloadedIntoANewInstance_KeepsStateAndRules()
    {
        var response = RoadActive(ResponseLevel.II, Commander);

        var reloaded = new ResponseLifecycle(Repository.Road.ActivationAuthority, response.Snapshot);

        reloaded.State.Should().Be(ResponseState.Active);
        reloaded.Level.Should().Be(ResponseLevel.II);
        reloaded.Decisions.Should().Equal(response.Decisions);
        reloaded.CanTerminate(OfficeDirector).Should().BeFalse();
        reloaded.Terminate(Commander, _clock.Next(), "险情消除");
        reloaded.State.Should().Be(ResponseState.Terminated);
        response.State.Should().Be(ResponseState.Active, "the reloaded instance does not share state with the original");
    }

    [Fact]
    public void Snapshot_ActiveWithoutLevel_IsRejected()
    {
        var broken = new ResponseSnapshot(ResponseState.Active, null, null, Commander, []);

        var act = () => new ResponseLifecycle(Repository.Road.ActivationAuthority, broken);

        act.Should().Throw<ArgumentException>().WithParameterName("snapshot");
    }

    [Fact]
    public void Snapshot_ProposedWithoutLevel_IsRejected()
    {
        var broken = ResponseSnapshot.Initial with { State = ResponseState.Proposed };

        var act = () => new ResponseLifecycle(Repository.Road.ActivationAuthority, broken);

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Propose_WhenTerminated_TheOfficeProposesAgain_AndNothingIsInForceMeanwhile()
    {
        // N 5.2.2 "市安委办经分析评估,认定灾情达到启动条件,向市安委会提出启动II级响应的建议": after an ended Ⅳ the disaster grows; the
        // office proposes Ⅱ as it would have the first time, and the 市安委会主任 decides.
        var response = new ResponseLifecycle(Repository.NaturalDisaster.ActivationAuthority);
        response.Activate(ResponseLevel.IV, OfficeDirector, _clock.Next(), "启动Ⅳ级");
        response.Terminate(OfficeDirector, _clock.Next(), "救灾应急工作结束");

        response.Propose(ResponseLevel.II, OfficeDirector, _clock.Next(), "转移安置12万人");

        response.State.Should().Be(ResponseState.Proposed);
        (response.ProposedLevel, response.Level, response.ResponsibleBody).Should().Be((ResponseLevel.II, (ResponseLevel?)null, (LifecycleActor?)null));
        response.Activate(ResponseLevel.II, Commander, _clock.Next(), "同意");
        response.Level.Should().Be(ResponseLevel.II);
        new ResponseLifecycle(Repository.NaturalDisaster.ActivationAuthority, response.Snapshot).State.Should().Be(ResponseState.Active, "the snapshot stays valid");
    }
}
