using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Tests.Support;
using FluentAssertions;
using Xunit;

namespace EmergencyPlans.Core.Tests.Incidents;

/// <summary>
/// DOMAIN R6: R 5.3.2 "(4)超出事发地县(市、区)人民政府应急处置能力的道路交通安全突发事件" is met by a person's judgement. An escalation a
/// report's judgement caused cites it marked with who decided (<c>judgedBy</c>), as the card does; the escalation's event keeps no decider,
/// so the incident folds it from its reports.
/// </summary>
public class EscalationJudgedByTests
{
    private const string Decider = "市指挥部办公室";
    private static readonly DateTimeOffset T0 = DutyScenario.T0;

    private static Incident RaisedByJudgement()
    {
        // One dead: R 5.3.3(1) "发生道路交通事故,造成3人以下失联、死亡" (Ⅲ); then the judgement 超出事发地县(市、区)人民政府应急处置能力 → Ⅱ.
        var incident = DutyScenario.Open(Guid.NewGuid(), "road-traffic", DutyScenario.Accident(deaths: 1));
        incident.FileReport(false, "续报：县级力量不足", new IncidentReport
        {
            Judgements = new JudgementInput { ExceedsCountyCapacity = true, DecidedBy = Decider, Reason = "桥梁垮塌" },
        }, DutyScenario.Officer, T0.AddMinutes(20), Repository.Engine);
        return incident;
    }

    [Fact]
    public void Road_5_3_2_4_an_escalation_a_judgement_caused_cites_the_criterion_marked_with_its_decider()
    {
        var incident = RaisedByJudgement();

        incident.State.Escalation!.ToLevel.Should().Be(Core.Domain.ResponseLevel.II);
        incident.State.EscalationDecidedBy.Should().Be(Decider);
        var because = AssessmentContract.Because(Repository.Latest("road-traffic"), incident.State.Escalation.Because, incident.State.EscalationDecidedBy);
        because.Single(b => b.Clause == "5.3.2(4)").JudgedBy.Should().Be(Decider);
        because.Where(b => b.Clause != "5.3.2(4)").Should().NotContain(b => b.JudgedBy != null);
    }

    [Fact]
    public void Road_5_3_1_1_an_escalation_the_figures_caused_is_not_marked_though_a_decider_is_in_force()
    {
        // R 5.3.1 "(1)造成10人以上失联、死亡": the figures raise Ⅱ (judged) to Ⅰ; no criterion of Ⅰ cited is a judgement.
        var incident = RaisedByJudgement();
        DutyScenario.Continuation(incident, T0.AddMinutes(40), DutyScenario.Accident(deaths: 10));

        incident.State.Escalation!.ToLevel.Should().Be(Core.Domain.ResponseLevel.I);
        var because = AssessmentContract.Because(Repository.Latest("road-traffic"), incident.State.Escalation.Because, incident.State.EscalationDecidedBy);
        because.Should().NotBeEmpty().And.OnlyContain(b => b.JudgedBy == null && b.Clause.StartsWith("5.3.1", StringComparison.Ordinal));
    }

    [Fact]
    public void A_projection_stored_before_the_escalation_kept_its_decider_reads_with_the_decider_of_its_judgements()
    {
        var incident = RaisedByJudgement();
        var document = System.Text.Json.Nodes.JsonNode.Parse(IncidentEventSchema.SerializeState(incident.State))!.AsObject();
        document.Remove("escalationDecidedBy").Should().BeTrue("the member is stored under this name");

        var old = IncidentEventSchema.DeserializeState(document.ToJsonString());

        old.EscalationDecidedBy.Should().Be(Decider);
        IncidentEventSchema.DeserializeState(IncidentEventSchema.SerializeState(DutyScenario.Open(Guid.NewGuid(), "road-traffic", DutyScenario.Accident(deaths: 1)).State))
            .EscalationDecidedBy.Should().BeNull("no escalation, no decider");
    }

    [Fact]
    public void N_5_3_1_4_an_escalation_on_a_share_of_the_agricultural_population_says_the_figure_it_was_met_on_as_the_card_does()
    {
        // N 5.4.1(4) (Ⅳ) then 5.3.1(4) "需政府救助人数占该市农业人口 15% 以上 20% 以下" (Ⅲ): the share is met on the city file's 本市农业人口,
        // provisional; the card says so in the criterion's note, and the escalation the same criterion caused said nothing.
        var incident = DutyScenario.Open(Guid.NewGuid(), "natural-disaster", DutyScenario.Disaster(deaths: 5));
        var drought = DutyScenario.Disaster(deaths: 5).Merge(new ReportedFigures { [Figure.DroughtAidPeople] = 130_000 });
        DutyScenario.Continuation(incident, T0.AddHours(2), drought);

        incident.State.Escalation.Should().NotBeNull("the share raises the level");
        var because = AssessmentContract.Because(Repository.Latest("natural-disaster"), incident.State.Escalation!.Because, incident.State.EscalationDecidedBy);
        // One threshold with 5.3.1(4)'s head count while the population is derived: cited by the head count, the share and the figure in its note (ADR 0003 #88).
        because.Should().ContainSingle().Which.Note.Should().Contain("占该市农业人口 15% 以上 20% 以下”为同一门槛（本市农业人口按80万人计");
        because.Should().OnlyContain(b => b.JudgedBy == null, "the figures met them");
    }
}
