using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Lifecycles;
using EmergencyPlans.Core.Tests.Lifecycles;
using EmergencyPlans.Core.Tests.Support;
using FluentAssertions;
using Xunit;

namespace EmergencyPlans.Core.Tests.Incidents;

/// <summary>
/// The office's proposal to activate a response and the decider's answer, as the plans describe it:
/// C 4.3.2(2) 市指挥部办公室……提出启动Ⅱ级响应建议，由市指挥部指挥长或委托副指挥长立即启动Ⅱ级响应;
/// R 5.3.1 市指挥部办公室……向市指挥部提出启动Ⅰ级应急响应的建议，由市指挥部指挥长决定启动Ⅰ级响应;
/// N 5.3.2 市安委办……向市安委会提出启动Ⅲ级响应的建议，市安委会副主任（分管安全工作副市长）决定启动Ⅲ级响应.
/// </summary>
public class IncidentResponseProposalTests
{
    private static readonly DateTimeOffset T0 = DutyScenario.T0;

    /// <summary>
    /// R 5.3.2 and 5.7: Ⅱ proposed by the office, the deputy decides Ⅲ instead (Ⅱ not adopted), raises it to Ⅱ himself, then ends it.
    /// </summary>
    private static Incident ProposedDecidedRaisedEnded()
    {
        var incident = Open("road-traffic", deaths: 3);
        incident.ProposeResponse(ResponseLevel.II, "死亡3人", Actors.OfficeDirector, T0.AddMinutes(10), Repository.Engine);
        incident.DecideResponse(ResponseLevel.III, false, "经核实死亡2人", Actors.DeputyCommander, T0.AddMinutes(20), Repository.Engine);
        incident.DecideResponse(ResponseLevel.II, true, "死亡增至3人", Actors.DeputyCommander, T0.AddMinutes(30), Repository.Engine);
        incident.TerminateResponse("现场危险完全消除", true, Actors.DeputyCommander, T0.AddMinutes(90), Repository.Engine);
        return incident;
    }

    private static Incident Open(string plan, long deaths) =>
        DutyScenario.Open(Guid.NewGuid(), plan, new ReportedFigures { [Figure.Deaths] = deaths });

    [Fact]
    public void Road_5_3_1_the_office_proposes_I_and_the_commander_activates_it()
    {
        var incident = Open("road-traffic", deaths: 12);

        incident.ProposeResponse(ResponseLevel.I, "死亡12人，建议启动Ⅰ级响应", Actors.OfficeDirector, T0.AddMinutes(10), Repository.Engine);

        incident.State.Response.State.Should().Be(ResponseState.Proposed);
        incident.State.Response.ProposedLevel.Should().Be(ResponseLevel.I);
        incident.State.Response.Level.Should().BeNull("a proposal puts nothing in force");
        incident.AllowedResponseTriggers.Should().Contain([ResponseTrigger.Activate, ResponseTrigger.Decline]);

        incident.DecideResponse(ResponseLevel.I, false, "同意启动Ⅰ级响应", Actors.Commander, T0.AddMinutes(20), Repository.Engine);

        incident.State.Response.State.Should().Be(ResponseState.Active);
        incident.State.Response.Level.Should().Be(ResponseLevel.I);
        var proposal = incident.State.Timeline.Single(t => t.Type == "response-proposed");
        proposal.Summary.Should().Contain("提出启动Ⅰ级响应的建议");
        proposal.Rule.Should().Contain("5.3.1");
        incident.State.Timeline.Select(t => t.Type).Should().ContainInOrder("response-proposed", "response-activated");
    }

    [Theory]
    [InlineData(4, ResponseLevel.II)]
    [InlineData(12, ResponseLevel.I)]
    public void Road_5_3_1_and_5_3_2_the_office_owes_its_proposal_and_proposing_meets_it(long deaths, ResponseLevel level)
    {
        // R 5.3.2 启动程序 "市指挥部办公室接到报告后,经分析研判,向市指挥部提出启动Ⅱ级应急响应的建议,由市指挥部指挥长或副指挥长决定启动Ⅱ级响应"
        // (5.3.1 likewise for Ⅰ): the proposal is owed from receipt and made by the office's proposal, as C 4.3.x(2)'s report with it.
        var incident = Open("road-traffic", deaths);
        incident.State.Obligations.Should().ContainSingle(o => o.Code == "office-proposal" && o.Clock.State == ObligationState.Due);

        incident.ProposeResponse(level, $"死亡{deaths}人", Actors.OfficeDirector, T0.AddMinutes(10), Repository.Engine);

        var duty = incident.State.Obligations.Single(o => o.Code == "office-proposal");
        (duty.Clock.State, duty.Clock.FiledAt).Should().Be((ObligationState.Met, (DateTimeOffset?)T0.AddMinutes(10)));
    }

    [Fact]
    public void Road_figures_rising_from_II_to_I_owe_the_proposal_of_I_after_that_of_II()
    {
        // R 5.3.2 启动程序 "向市指挥部提出启动Ⅱ级应急响应的建议", 5.3.1 启动程序 "向市指挥部提出启动Ⅰ级应急响应的建议": two proposals, each of
        // its level. One duty per code let the Ⅱ proposal stand for both, so a rise to Ⅰ owed the office nothing.
        var incident = Open("road-traffic", deaths: 4);
        incident.ProposeResponse(ResponseLevel.II, "死亡4人", Actors.OfficeDirector, T0.AddMinutes(10), Repository.Engine);
        incident.DecideResponse(ResponseLevel.II, false, "同意启动Ⅱ级响应", Actors.DeputyCommander, T0.AddMinutes(15), Repository.Engine);

        incident.FileReport(false, "续报：死亡12人", new IncidentReport { Figures = new ReportedFigures { [Figure.Deaths] = 12 } }, Actors.OfficeDirector,
            T0.AddMinutes(30), Repository.Engine);

        var proposals = incident.State.Obligations.Where(o => o.Code == "office-proposal").ToList();
        proposals.Select(o => (o.Clause, o.Clock.State)).Should().Equal(
            ("5.3.2 启动程序", ObligationState.Met), ("5.3.1 启动程序", ObligationState.Due));

        // While Ⅱ is in force the office proposes Ⅰ (the proposal waits inside the active response), which meets it.
        incident.ProposeResponse(ResponseLevel.I, "死亡12人", Actors.OfficeDirector, T0.AddMinutes(35), Repository.Engine);
        incident.State.Obligations.Single(o => o.Code == "office-proposal" && o.Clause == "5.3.1 启动程序").Clock.State.Should().Be(ObligationState.Met);
    }

    [Fact]
    public void Road_5_3_1_a_proposal_of_II_is_not_the_proposal_of_I_the_figures_call_for()
    {
        var incident = Open("road-traffic", deaths: 12);

        incident.ProposeResponse(ResponseLevel.II, "建议启动Ⅱ级响应", Actors.OfficeDirector, T0.AddMinutes(10), Repository.Engine);

        incident.State.Obligations.Single(o => o.Code == "office-proposal").Clock.State.Should().Be(ObligationState.Due,
            "5.3.1 asks the office to propose Ⅰ");
    }

    [Fact]
    public void Construction_4_3_2_then_4_3_3_a_rise_to_I_owes_the_report_with_the_proposal_of_I()
    {
        // C 4.3.2(2) "提出启动Ⅱ级响应建议", 4.3.3(2) "向市指挥部报告,并提出启动Ⅰ级响应建议". A proposal of Ⅰ stands for a lower one still owed.
        var incident = Open("construction", deaths: 4);
        incident.FileReport(false, "续报：死亡12人", new IncidentReport { Figures = new ReportedFigures { [Figure.Deaths] = 12 } }, Actors.OfficeDirector,
            T0.AddMinutes(30), Repository.Engine);
        incident.State.Obligations.Where(o => o.Code == "office-report-with-proposal").Should().HaveCount(2)
            .And.OnlyContain(o => o.Clock.State == ObligationState.Due);

        incident.ProposeResponse(ResponseLevel.I, "死亡12人", Actors.OfficeDirector, T0.AddMinutes(35), Repository.Engine);

        incident.State.Obligations.Where(o => o.Code == "office-report-with-proposal").Should().OnlyContain(o => o.Clock.State == ObligationState.Met);
    }

    [Fact]
    public void Road_5_3_3_III_owes_no_proposal_the_office_director_starts_it_and_reports()
    {
        // R 5.3.3 启动程序 "市指挥部办公室接到报告后,经分析研判,由市指挥部办公室主任启动Ⅲ级应急响应,同时报告市指挥部": no proposal, and
        // one of Ⅲ is still refused; the report after starting it is owed instead.
        var incident = Open("road-traffic", deaths: 1);
        incident.State.Obligations.Should().NotContain(o => o.Code == "office-proposal");

        var propose = () => incident.ProposeResponse(ResponseLevel.III, "死亡1人", Actors.OfficeDirector, T0.AddMinutes(5), Repository.Engine);
        propose.Should().Throw<IncidentCommandRejectedException>().Which.Field.Should().Be("level");

        incident.DecideResponse(ResponseLevel.III, false, "死亡1人", Actors.OfficeDirector, T0.AddMinutes(6), Repository.Engine);
        incident.State.Obligations.Should().Contain(o => o.Code == "level-iii-report-to-hq" && o.Clock.State == ObligationState.Due)
            .And.NotContain(o => o.Code == "office-proposal");
    }

    [Fact]
    public void Construction_4_3_2_the_offices_proposal_is_the_report_with_the_proposal_the_plan_asks_for()
    {
        // 4.3.2(2) "市指挥部办公室接到事故报告,经预判后向市指挥部报告,并提出启动Ⅱ级响应建议": the proposal is that report. It stayed owed
        // after the office proposed and the deputy activated Ⅱ, and was "不再需要" at closing.
        var incident = Open("construction", deaths: 4);
        incident.State.Obligations.Should().Contain(o => o.Code == "office-report-with-proposal" && o.Clock.State == ObligationState.Due);

        incident.ProposeResponse(ResponseLevel.II, "死亡4人", Actors.OfficeDirector, T0.AddMinutes(5), Repository.Engine);

        var duty = incident.State.Obligations.Single(o => o.Code == "office-report-with-proposal");
        duty.Clock.State.Should().Be(ObligationState.Met);
    }

    [Fact]
    public void Natural_5_1_2_the_offices_proposal_of_I_is_the_proposal_the_plan_asks_for()
    {
        // N 5.1.2 "市安委办经分析评估,认定灾情达到启动条件,向市安委会提出启动Ⅰ级响应的建议,并报市委、市政府决定": the duty is the proposal
        // itself. It stayed owed after the office proposed Ⅰ (a natural-disaster duty officer's review).
        var incident = Open("natural-disaster", deaths: 60);
        incident.State.Obligations.Should().Contain(o => o.Code == "level-i-proposal-to-city" && o.Clock.State == ObligationState.Due);

        incident.ProposeResponse(ResponseLevel.I, "死亡60人，建议启动Ⅰ级响应", Actors.OfficeDirector, T0.AddMinutes(30), Repository.Engine);

        var duty = incident.State.Obligations.Single(o => o.Code == "level-i-proposal-to-city");
        duty.Clock.State.Should().Be(ObligationState.Met);
        duty.Clock.FiledAt.Should().Be(T0.AddMinutes(30));
    }

    [Fact]
    public void Construction_4_3_2_the_commander_declines_the_proposal_and_nothing_is_in_force()
    {
        var incident = Open("construction", deaths: 4);
        incident.ProposeResponse(ResponseLevel.II, "死亡4人", Actors.OfficeDirector, T0.AddMinutes(5), Repository.Engine);

        incident.DeclineResponse("已由县级处置，暂不启动", Actors.Commander, T0.AddMinutes(15));

        incident.State.Response.State.Should().Be(ResponseState.NotActivated);
        incident.State.Response.ProposedLevel.Should().BeNull();
        incident.State.Timeline.Should().Contain(t => t.Type == "response-declined" && t.Summary.Contains("不同意启动Ⅱ级响应", StringComparison.Ordinal));
        incident.AllowedResponseTriggers.Should().Contain([ResponseTrigger.Propose, ResponseTrigger.Activate]);
    }

    [Fact]
    public void A_proposal_is_declined_only_by_a_body_that_could_have_activated_it()
    {
        // C 4.3.2(2): Ⅱ is the commander's (or a deputy the commander delegated); the office director decides Ⅲ only (4.3.1(2)).
        var incident = Open("construction", deaths: 4);
        incident.ProposeResponse(ResponseLevel.II, "死亡4人", Actors.OfficeDirector, T0.AddMinutes(5), Repository.Engine);

        var decline = () => incident.DeclineResponse("不启动", Actors.OfficeDirector, T0.AddMinutes(6));

        decline.Should().Throw<LifecycleAuthorityException>();
        incident.State.Response.State.Should().Be(ResponseState.Proposed, "a refused decline changes nothing");
    }

    [Fact]
    public void The_decider_may_activate_another_level_than_the_one_proposed()
    {
        // N 5.3.2: the office proposes Ⅲ; 5.2.2 the commander (市安委会主任) decides Ⅱ, a level with that authority.
        var incident = Open("natural-disaster", deaths: 0);
        incident.ProposeResponse(ResponseLevel.III, "建议启动Ⅲ级", Actors.OfficeDirector, T0.AddMinutes(5), Repository.Engine);

        incident.DecideResponse(ResponseLevel.II, false, "灾情发展，直接启动Ⅱ级", Actors.Commander, T0.AddMinutes(30), Repository.Engine);

        incident.State.Response.Level.Should().Be(ResponseLevel.II);
    }

    [Fact]
    public void Nothing_to_decline_and_a_higher_proposal_pends_once_a_response_is_in_force()
    {
        var incident = Open("road-traffic", deaths: 4);

        var declineNothing = () => incident.DeclineResponse("不启动", Actors.Commander, T0.AddMinutes(1));
        declineNothing.Should().Throw<LifecycleTransitionException>();

        incident.DecideResponse(ResponseLevel.II, false, "启动Ⅱ级", Actors.Commander, T0.AddMinutes(2), Repository.Engine);
        declineNothing = () => incident.DeclineResponse("不启动", Actors.Commander, T0.AddMinutes(3));
        declineNothing.Should().Throw<LifecycleTransitionException>("nothing is proposed while the Ⅱ is in force");

        // R 5.3.1 "市指挥部办公室接到报告后,经分析研判,向市指挥部提出启动Ⅰ级应急响应的建议,由市指挥部指挥长决定启动Ⅰ级响应": the office
        // proposes Ⅰ whatever is in force. Until 2026-12-05 it was refused while the Ⅱ was active (decision 0003); now it pends, the Ⅱ going on.
        incident.ProposeResponse(ResponseLevel.I, "建议升级", Actors.OfficeDirector, T0.AddMinutes(4), Repository.Engine);
        (incident.State.Response.State, incident.State.Response.Level, incident.State.Response.ProposedLevel)
            .Should().Be((ResponseState.Active, ResponseLevel.II, ResponseLevel.I));
    }

    [Fact]
    public void An_adjustment_to_the_level_in_force_is_refused_naming_the_level_and_changes_nothing()
    {
        // R 5.7 根据事态发展……调整响应级别: an adjustment changes the level. One to Ⅱ while Ⅱ is in force was an internal error (a drill
        // ended with exit 70, found by fuzzing the sample scripts); now it is a refusal the participant and the evaluator can read.
        var incident = Open("road-traffic", deaths: 4);
        incident.DecideResponse(ResponseLevel.II, false, "启动Ⅱ级", Actors.Commander, T0.AddMinutes(2), Repository.Engine);
        incident.MarkCommitted();

        var adjust = () => incident.DecideResponse(ResponseLevel.II, true, "调整为Ⅱ级", Actors.Commander, T0.AddDays(3), Repository.Engine);

        var refusal = adjust.Should().Throw<IncidentCommandRejectedException>().Which;
        refusal.Field.Should().Be("level");
        refusal.Chinese.Should().Be("响应已是Ⅱ级，调整须改为另一级别");
        incident.IsUnchangedAfter(refusal).Should().BeTrue("nothing is raised before the refusal, not even the periods three days brought");
        incident.State.Response.Level.Should().Be(ResponseLevel.II);
    }

    [Fact]
    public void A_level_the_plan_does_not_have_cannot_be_proposed()
    {
        // The construction plan sets three levels (4.3.1–4.3.3: Ⅲ, Ⅱ, Ⅰ); it has no Ⅳ.
        var incident = Open("construction", deaths: 1);

        var propose = () => incident.ProposeResponse(ResponseLevel.IV, "建议启动Ⅳ级", Actors.OfficeDirector, T0.AddMinutes(1), Repository.Engine);

        propose.Should().Throw<IncidentCommandRejectedException>().Which.Field.Should().Be("level");
    }

    [Theory]
    // N 5.4.2 "由市安委办主任决定启动Ⅳ级响应": no proposal (5.1.2–5.3.2 have the office propose Ⅰ–Ⅲ only); it was taken and cited 5.4.2.
    [InlineData("natural-disaster", 6, ResponseLevel.IV, "Ⅳ级响应由市安委办主任直接决定（5.4.2）")]
    // R 5.3.3 "由市指挥部办公室主任启动Ⅲ级应急响应": the office does not propose to itself (5.3.1–5.3.2 propose Ⅰ and Ⅱ).
    [InlineData("road-traffic", 1, ResponseLevel.III, "Ⅲ级响应由市指挥部办公室主任直接决定（5.3.3）")]
    public void A_level_the_plan_has_decided_without_a_proposal_cannot_be_proposed(string plan, long deaths, ResponseLevel level, string said)
    {
        var incident = Open(plan, deaths);

        var propose = () => incident.ProposeResponse(level, "建议启动", Actors.OfficeDirector, T0.AddMinutes(1), Repository.Engine);

        var refusal = propose.Should().Throw<IncidentCommandRejectedException>().Which;
        refusal.Field.Should().Be("level");
        refusal.Chinese.Should().EndWith(said);
        incident.State.Response.State.Should().Be(ResponseState.NotActivated);
    }

    [Fact]
    public void The_log_rebuilds_the_proposal_and_its_decline()
    {
        var incident = Open("construction", deaths: 4);
        incident.ProposeResponse(ResponseLevel.II, "死亡4人", Actors.OfficeDirector, T0.AddMinutes(5), Repository.Engine);
        incident.DeclineResponse("暂不启动", Actors.Commander, T0.AddMinutes(6));
        incident.ProposeResponse(ResponseLevel.III, "改为建议Ⅲ级", Actors.OfficeDirector, T0.AddMinutes(7), Repository.Engine);

        var events = incident.Raised.Select(e => IncidentEventSchema.Deserialize(IncidentEventSchema.NameOf(e), IncidentEventSchema.Version, IncidentEventSchema.Serialize(e)));
        var rebuilt = Incident.Rehydrate(events, Repository.Catalog);

        rebuilt.State.Response.Should().BeEquivalentTo(incident.State.Response);
        rebuilt.State.Response.ProposedLevel.Should().Be(ResponseLevel.III);
    }

    [Theory]
    // R 5.3.2 "市指挥部办公室……向市指挥部提出启动Ⅱ级应急响应的建议,由市指挥部指挥长或副指挥长决定": the office proposes, the commander decides.
    [InlineData("road-traffic", "commander", ResponseLevel.II, "5.3.2 市指挥部办公室接到报告后,经分析研判,向市指挥部提出启动Ⅱ级应急响应的建议")]
    [InlineData("road-traffic", "deputy-commander", ResponseLevel.I, "5.3.1 市指挥部办公室接到报告后,经分析研判,向市指挥部提出启动Ⅰ级应急响应的建议")]
    // C 4.3.2(2) "市指挥部办公室接到事故报告,经预判后向市指挥部报告,并提出启动Ⅱ级响应建议": 市委、市政府 have no part in it.
    [InlineData("construction", "party-committee-government", ResponseLevel.II, "4.3.2(2) 市指挥部办公室接到事故报告,经预判后向市指挥部报告,并提出启动Ⅱ级响应建议")]
    // N 5.2.2 "市安委办经分析评估……向市安委会提出启动II级响应的建议"; 5.1.2 likewise for Ⅰ.
    [InlineData("natural-disaster", "deputy-commander", ResponseLevel.II, "5.2.2 灾害发生后,市安委办经分析评估,认定灾情达到启动条件,向市安委会提出启动II级响应的建议")]
    [InlineData("natural-disaster", "commander", ResponseLevel.I, "5.1.2 灾害发生后,市安委办经分析评估,认定灾情达到启动条件,向市安委会提出启动Ⅰ级响应的建议")]
    public void Only_the_office_proposes_a_level_citing_that_levels_clause(string plan, string role, ResponseLevel level, string clause)
    {
        var incident = Open(plan, deaths: 12);

        var propose = () => incident.ProposeResponse(level, "建议", Actors.ByRole(role), T0.AddMinutes(5), Repository.Engine);

        var refusal = propose.Should().Throw<LifecycleAuthorityException>().Which;
        refusal.AuthorisedRoles.Should().Equal(RoleCatalogue.OfficeDirector);
        refusal.Rule.Should().Contain(clause);
        incident.State.Response.State.Should().Be(ResponseState.NotActivated);
    }

    [Fact]
    public void The_decider_does_not_replace_the_offices_proposal_with_his_own()
    {
        var incident = Open("construction", deaths: 4);
        incident.ProposeResponse(ResponseLevel.II, "死亡4人", Actors.OfficeDirector, T0.AddMinutes(5), Repository.Engine);

        var replace = () => incident.ProposeResponse(ResponseLevel.I, "x", Actors.Commander, T0.AddMinutes(6), Repository.Engine);

        replace.Should().Throw<LifecycleAuthorityException>();
        incident.State.Response.ProposedLevel.Should().Be(ResponseLevel.II, "the office's proposal stands until decided");
    }

    [Fact]
    public void A_level_activated_on_the_commanders_delegation_says_so_in_the_timeline()
    {
        // C 4.3.2(2) "由市指挥部指挥长或委托副指挥长立即启动Ⅱ级响应": the 委托 is what makes the deputy's decision valid; the record says it.
        var incident = Open("construction", deaths: 4);

        incident.DecideResponse(ResponseLevel.II, false, "死亡4人", Actors.DelegatedDeputyCommander, T0.AddMinutes(10), Repository.Engine);

        incident.State.Timeline.Last(t => t.Type == "response-activated").Summary.Should().Be("启动Ⅱ级响应（受市指挥部指挥长委托）：死亡4人");
    }

    [Fact]
    public void Road_5_3_2_a_proposal_answered_by_another_level_is_recorded_as_not_adopted()
    {
        // R 5.3.2 "市指挥部办公室接到报告后,经分析研判,向市指挥部提出启动Ⅱ级应急响应的建议,由市指挥部指挥长或副指挥长决定启动Ⅱ级响应": the
        // commander decides Ⅰ instead. The timeline said only 启动Ⅰ级响应, leaving the proposal of Ⅱ without an answer.
        var incident = Open("road-traffic", deaths: 4);
        incident.ProposeResponse(ResponseLevel.II, "死亡4人", Actors.OfficeDirector, T0.AddMinutes(10), Repository.Engine);

        incident.DecideResponse(ResponseLevel.I, false, "危化品泄漏，影响范围大", Actors.Commander, T0.AddMinutes(20), Repository.Engine);

        incident.State.Timeline.Last(t => t.Type == "response-activated").Summary.Should().Be("启动Ⅰ级响应（未采纳提出的Ⅱ级响应建议）（按已报数字应为Ⅱ级，高于此启动）：危化品泄漏，影响范围大");
        incident.State.Response.Decisions[^1].ProposalNotAdopted.Should().Be("II");
    }

    [Fact]
    public void Road_5_3_2_and_5_7_the_incidents_response_decisions_carry_their_levels_in_the_projection()
    {
        // R 5.3.2 "向市指挥部提出启动Ⅱ级应急响应的建议,由市指挥部指挥长或副指挥长决定启动Ⅱ级响应": the deputy decides Ⅲ instead (Ⅱ not
        // adopted); R 5.7 "由启动响应的主体按照需要调整响应级别": he raises it to Ⅱ; "谁启动、谁结束": he ends it. The incident's view (GET
        // /incidents/{id} response.decisions) and a drill's level lane read these members; they are in the stored projection as written.
        var incident = ProposedDecidedRaisedEnded();

        var stored = IncidentEventSchema.DeserializeState(IncidentEventSchema.SerializeState(incident.State));

        (string, string?, string?, string?)[] expected =
            [("Propose", "II", null, null), ("Activate", "III", null, "II"), ("Adjust", "II", "III", null), ("Terminate", "II", null, null)];
        stored.Response.Decisions.Select(d => (d.Trigger, d.Level, d.FromLevel, d.ProposalNotAdopted)).Should().Equal(expected);
    }

    [Fact]
    public void A_projection_stored_before_the_decisions_carried_their_levels_reads_with_them_as_the_fold_gives_them()
    {
        // The same R 5.3.2 / 5.7 history, its projection written before 2026-12-05 (session 35): its response decisions have no level
        // members, and its details the contract's letters ("II", "III→II") as the lifecycle wrote them then. Read back, they have the ones the
        // fold of its events gives, details in the plans' numerals included, so a view of an old incident says what a new one says.
        var incident = ProposedDecidedRaisedEnded();
        var document = System.Text.Json.Nodes.JsonNode.Parse(IncidentEventSchema.SerializeState(incident.State))!;
        foreach (var decision in document["response"]!["decisions"]!.AsArray())
        {
            var level = (string?)decision!["level"];
            var from = (string?)decision["fromLevel"];
            decision["detail"] = from is null ? level : $"{from}→{level}";
            decision.AsObject().Remove("level");
            decision.AsObject().Remove("fromLevel");
        }

        var old = IncidentEventSchema.DeserializeState(document.ToJsonString());

        old.Response.Decisions.Should().Equal(incident.State.Response.Decisions);
        old.Response.Decisions.Should().OnlyContain(d => d.Level != null);
    }

    [Fact]
    public void Road_5_3_2_a_proposal_adopted_says_nothing_more()
    {
        var incident = Open("road-traffic", deaths: 4);
        incident.ProposeResponse(ResponseLevel.II, "死亡4人", Actors.OfficeDirector, T0.AddMinutes(10), Repository.Engine);

        incident.DecideResponse(ResponseLevel.II, false, "同意", Actors.DeputyCommander, T0.AddMinutes(20), Repository.Engine);

        incident.State.Timeline.Last(t => t.Type == "response-activated").Summary.Should().Be("启动Ⅱ级响应：同意");
    }

    private static Incident Disaster(long relocated) =>
        DutyScenario.Open(Guid.NewGuid(), "natural-disaster", new ReportedFigures { [Figure.Relocated] = relocated });

    [Fact]
    public void Natural_5_2_2_a_III_grown_to_II_the_office_proposes_II_while_the_III_goes_on_and_the_chairman_raises_it()
    {
        // N 5.3.2 "市安委会副主任(分管安全工作副市长)决定启动Ⅲ级响应"; then 5.2.2 "市安委办经分析评估,认定灾情达到启动条件,向市安委会提出启动II级
        // 响应的建议,市安委会副主任(分管安全工作副市长)报主任决定". The proposal was refused (409) while the Ⅲ was active.
        var incident = Disaster(80_000);
        incident.DecideResponse(ResponseLevel.III, false, "转移安置8万人", Actors.DeputyCommander, T0.AddMinutes(30), Repository.Engine);

        incident.ProposeResponse(ResponseLevel.II, "转移安置增至12万人", Actors.OfficeDirector, T0.AddHours(3), Repository.Engine);

        incident.State.Response.State.Should().Be(ResponseState.Active);
        (incident.State.Response.Level, incident.State.Response.ProposedLevel).Should().Be((ResponseLevel.III, ResponseLevel.II));
        var proposal = incident.State.Timeline.Last(t => t.Type == "response-proposed");
        proposal.Summary.Should().Be("提出启动Ⅱ级响应的建议（Ⅲ级响应继续实施）：转移安置增至12万人");
        proposal.Rule.Should().Contain("5.2.2");

        incident.DecideResponse(ResponseLevel.II, true, "同意启动Ⅱ级响应", Actors.Commander, T0.AddHours(4), Repository.Engine);

        (incident.State.Response.Level, incident.State.Response.ProposedLevel).Should().Be((ResponseLevel.II, (ResponseLevel?)null));
        incident.State.Timeline.Last(t => t.Type == "response-adjusted").Summary.Should().Be("响应调整为Ⅱ级（按已报数字应为Ⅲ级，高于此启动）：同意启动Ⅱ级响应",
            "the rise to 12万 was proposed, not reported: the figures on record call for Ⅲ (session 53)");
    }

    [Fact]
    public void Natural_5_2_2_the_chairman_declines_the_II_and_the_III_stays_in_force()
    {
        var incident = Disaster(80_000);
        incident.DecideResponse(ResponseLevel.III, false, "转移安置8万人", Actors.DeputyCommander, T0.AddMinutes(30), Repository.Engine);
        incident.ProposeResponse(ResponseLevel.II, "转移安置增至12万人", Actors.OfficeDirector, T0.AddHours(3), Repository.Engine);

        incident.DeclineResponse("经核实转移安置9万人，维持Ⅲ级", Actors.Commander, T0.AddHours(4));

        (incident.State.Response.State, incident.State.Response.Level, incident.State.Response.ProposedLevel)
            .Should().Be((ResponseState.Active, ResponseLevel.III, (ResponseLevel?)null));
        incident.State.Timeline.Last(t => t.Type == "response-declined").Summary.Should().Be("不同意启动Ⅱ级响应（Ⅲ级响应继续实施）：经核实转移安置9万人，维持Ⅲ级");
    }

    [Fact]
    public void Natural_a_proposal_of_the_level_in_force_or_below_is_refused_naming_the_level()
    {
        var incident = Disaster(80_000);
        incident.DecideResponse(ResponseLevel.III, false, "转移安置8万人", Actors.DeputyCommander, T0.AddMinutes(30), Repository.Engine);

        var act = () => incident.ProposeResponse(ResponseLevel.III, "建议", Actors.OfficeDirector, T0.AddHours(1), Repository.Engine);

        act.Should().Throw<IncidentCommandRejectedException>().Which.Field.Should().Be("level");
        incident.State.Response.ProposedLevel.Should().BeNull();
    }

    [Fact]
    public void Road_5_7_the_commander_ends_the_II_his_deputy_decided_and_the_timeline_says_so()
    {
        // R 5.3.2 "由市指挥部指挥长或副指挥长决定启动Ⅱ级响应"; 5.7 "由相应启动应急响应的指挥机构宣布应急响应终止": the 市指挥部 started it, and
        // its 指挥长 may end it (decision 0003). The record says whose level it was and on what footing the commander ended it.
        var incident = Open("road-traffic", deaths: 4);
        incident.DecideResponse(ResponseLevel.II, false, "死亡4人", Actors.DeputyCommander, T0.AddMinutes(10), Repository.Engine);

        incident.TerminateResponse("现场清理完毕", true, Actors.Commander, T0.AddHours(5), Repository.Engine);

        incident.State.Response.State.Should().Be(ResponseState.Terminated);
        incident.State.Response.Decisions[^1].StartedBy.Should().Be(Actors.DeputyCommander);
        incident.State.Timeline.Last(t => t.Type == "response-terminated").Summary.Should()
            .Contain("（Ⅱ级响应由市指挥部副指挥长决定，由市指挥部指挥长作为市指挥部的上级领导终止）：现场清理完毕");
    }

    [Fact]
    public void Natural_5_7_the_office_director_ends_the_IV_the_deputy_lowered_to_by_the_authority_of_that_level()
    {
        // N 5.4.2 "由市安委办主任决定启动Ⅳ级响应"; 5.7 "依据“谁启动、谁终止”的原则,按启动响应的相关权限终止响应". The director started Ⅳ, the 副主任
        // raised it to Ⅲ and lowered it back to Ⅳ; the director, who holds Ⅳ's authority, was refused the end as 越权 (a drill facilitator's
        // review, s63 D63-04; ADR 0003 #86).
        var incident = Disaster(4_000);
        incident.DecideResponse(ResponseLevel.IV, false, "转移安置4000人", Actors.OfficeDirector, T0.AddMinutes(30), Repository.Engine);
        incident.DecideResponse(ResponseLevel.III, true, "灾情加重", Actors.DeputyCommander, T0.AddHours(2), Repository.Engine);
        incident.DecideResponse(ResponseLevel.IV, true, "灾情减轻", Actors.DeputyCommander, T0.AddHours(6), Repository.Engine);

        incident.TerminateResponse("救灾应急工作结束", true, Actors.OfficeDirector, T0.AddHours(8), Repository.Engine);

        incident.State.Response.State.Should().Be(ResponseState.Terminated);
        incident.State.Timeline.Last(t => t.Type == "response-terminated").Summary.Should()
            .Contain("（Ⅳ级响应由市安委会副主任决定，由市安委办主任按Ⅳ级响应的启动权限终止）");
    }

    [Fact]
    public void Natural_5_7_the_office_director_may_not_end_the_III_the_deputy_decided_and_is_named_for_the_IV()
    {
        // Ⅲ is the 副主任's (5.3.2): the director holds no authority of it. The refusal of another body names the director once the level is Ⅳ.
        var incident = Disaster(4_000);
        incident.DecideResponse(ResponseLevel.III, false, "灾情", Actors.DeputyCommander, T0.AddMinutes(30), Repository.Engine);

        var endIII = () => incident.TerminateResponse("结束", true, Actors.OfficeDirector, T0.AddHours(2), Repository.Engine);
        endIII.Should().Throw<LifecycleAuthorityException>().Which.AuthorisedRoles.Should().Equal(RoleCatalogue.DeputyCommander, RoleCatalogue.Commander);

        incident.DecideResponse(ResponseLevel.IV, true, "灾情减轻", Actors.DeputyCommander, T0.AddHours(3), Repository.Engine);
        var byAnother = () => incident.TerminateResponse("结束", true, Actors.PartyCommitteeGovernment, T0.AddHours(4), Repository.Engine);
        byAnother.Should().Throw<LifecycleAuthorityException>().Which.AuthorisedRoles.Should()
            .Equal(RoleCatalogue.DeputyCommander, RoleCatalogue.Commander, RoleCatalogue.OfficeDirector);
    }

    [Fact]
    public void Road_5_7_no_level_authority_reading_the_office_director_may_not_end_the_III_the_commander_decided()
    {
        // R 5.7 "由相应启动应急响应的指挥机构宣布应急响应终止": the organ that decided it, not whoever may start the level (R 5.3.3 the office's Ⅲ).
        var incident = Open("road-traffic", deaths: 1);
        incident.DecideResponse(ResponseLevel.III, false, "死亡1人", Actors.Commander, T0.AddMinutes(10), Repository.Engine);

        var end = () => incident.TerminateResponse("现场清理完毕", true, Actors.OfficeDirector, T0.AddHours(5), Repository.Engine);

        end.Should().Throw<LifecycleAuthorityException>();
    }

    [Fact]
    public void Road_5_7_the_deputy_may_not_end_the_commanders_II()
    {
        // R 5.7 谁启动、谁结束: the deputy is below the commander who decided the Ⅱ (5.3.2).
        var incident = Open("road-traffic", deaths: 4);
        incident.DecideResponse(ResponseLevel.II, false, "死亡4人", Actors.Commander, T0.AddMinutes(10), Repository.Engine);

        var end = () => incident.TerminateResponse("现场清理完毕", true, Actors.DeputyCommander, T0.AddHours(5), Repository.Engine);

        end.Should().Throw<LifecycleAuthorityException>().Which.AuthorisedRoles.Should().Equal(RoleCatalogue.Commander);
        incident.State.Response.State.Should().Be(ResponseState.Active);
    }

    [Fact]
    public void Construction_4_6_the_commander_lowers_the_II_a_delegated_deputy_started_and_the_timeline_says_whose_it_was()
    {
        // C 4.3.2(2) "由市指挥部指挥长或委托副指挥长立即启动Ⅱ级响应"; 4.4 "可视情提高或降低"; 4.6 "由启动响应的指挥机构确认并结束应急响应".
        var incident = Open("construction", deaths: 4);
        incident.DecideResponse(ResponseLevel.II, false, "死亡4人", Actors.DelegatedDeputyCommander, T0.AddMinutes(10), Repository.Engine);

        incident.DecideResponse(ResponseLevel.III, true, "事故得到控制", Actors.Commander, T0.AddHours(3), Repository.Engine);

        incident.State.Timeline.Last(t => t.Type == "response-adjusted").Summary.Should()
            .Be("响应调整为Ⅲ级（Ⅱ级响应由市指挥部副指挥长（受市指挥部指挥长委托）决定，由市指挥部指挥长作为市指挥部的上级领导下调）：事故得到控制");
    }

    [Theory]
    // R 5.3.2 "由市指挥部指挥长或副指挥长决定启动Ⅱ级响应": the deputy decides in his own right; no 委托 to claim.
    [InlineData("road-traffic", ResponseLevel.II, "deputy-commander")]
    // The commander needs no delegation from himself (at Ⅲ either: 4.3.1(2) is the office director's, and the commander's by the reading).
    [InlineData("construction", ResponseLevel.III, "commander")]
    [InlineData("construction", ResponseLevel.II, "commander")]
    public void A_delegation_the_plan_does_not_have_is_refused_naming_the_flag(string plan, ResponseLevel level, string role)
    {
        var incident = Open(plan, deaths: 4);

        var act = () => incident.DecideResponse(level, false, "启动", Actors.ByRole(role, delegated: true), T0.AddMinutes(10), Repository.Engine);

        act.Should().Throw<IncidentCommandRejectedException>().Which.Field.Should().Be("delegatedByCommander");
        incident.State.Response.State.Should().Be(ResponseState.NotActivated);
    }

    [Fact]
    public void A_rise_with_no_level_in_force_recommends_starting_one_not_raising_it()
    {
        // R 5.3.2(1) "造成3人以上10人以下失联、死亡" → Ⅱ: nothing was activated for 1 dead (Ⅲ), so the rise says 建议启动, not 提升.
        var incident = Open("road-traffic", deaths: 1);

        DutyScenario.Continuation(incident, T0.AddMinutes(20), new ReportedFigures { [Figure.Deaths] = 3, [Figure.Missing] = 0 });

        incident.State.Escalation!.Recommendation.Should().StartWith("建议启动Ⅱ级响应（由");
    }
}
