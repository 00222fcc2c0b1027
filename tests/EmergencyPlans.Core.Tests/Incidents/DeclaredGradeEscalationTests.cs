using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Tests.Support;
using FluentAssertions;
using Xunit;

namespace EmergencyPlans.Core.Tests.Incidents;

/// <summary>
/// The natural-disaster plan's grade is declared (灾害等级 认定 by the competent department, DOMAIN §2), not read from a table of ours. A
/// 续报 that declares 特别重大 while the level stays cites what the declaration brings (N 4.1.3 "接到重特大自然灾害事件报告后,应急管理部门应
/// 第一时间……及时向省应急管理厅、应急管理部报告", 4.1.5 24小时零报告), and asks nobody to decide a level: the alert said the grade
/// "须由市安委会主任决定（5.2.2…）", citing the level's clause for a grade nobody in the city decides.
/// </summary>
public class DeclaredGradeEscalationTests
{
    private static readonly DateTimeOffset T0 = DutyScenario.T0;

    [Fact]
    public void A_declared_grade_rising_alone_cites_the_duties_it_brings_and_names_no_decider()
    {
        // 22 dead: N 5.2.1(1) "死亡和失踪20人以上" → Ⅱ, with no grade declared.
        var incident = DutyScenario.Open(Guid.NewGuid(), "natural-disaster", DutyScenario.Disaster(deaths: 22));

        DutyScenario.Continuation(incident, T0.AddMinutes(40), DutyScenario.Disaster(deaths: 22, declared: Grade.EspeciallySerious));

        var escalation = incident.State.Escalation!;
        (escalation.FromGrade, escalation.ToGrade).Should().Be(((Grade?)null, (Grade?)Grade.EspeciallySerious));
        escalation.ToLevel.Should().Be(escalation.FromLevel, "the level did not rise");
        escalation.Authority.Should().BeNull();
        escalation.ActivatedBy.Should().BeEmpty();
        escalation.Because.Select(b => b.Clause).Should().Contain("4.1.3").And.Contain("4.1.5").And.NotContain(c => c.StartsWith("5.", StringComparison.Ordinal));
    }

    [Fact]
    public void The_first_report_of_a_serious_disaster_to_the_same_recipients_is_also_the_report_4_1_3_asks_of_every_disaster()
    {
        // N 4.1.3 "市、县应急管理部门在接到灾害事件报告后,应在规定时限内向本级党委和政府及上级应急管理部门报告……接到重特大自然灾害事件报告后,应急
        // 管理部门应第一时间向本级党委和政府及上级应急管理部门报告": one report to the same recipients, made 第一时间 for 重特大. The general duty stayed
        // 未报 beside the 重特大 report made (a facilitator's review, session 54, F11).
        var incident = DutyScenario.Open(Guid.NewGuid(), "natural-disaster", DutyScenario.Disaster(deaths: 22));
        var general = incident.State.Obligations.Single(o => o.Code == "emergency-dept-report-in-set-time");
        DutyScenario.Continuation(incident, T0.AddMinutes(40), DutyScenario.Disaster(deaths: 22, declared: Grade.Serious));
        var serious = incident.State.Obligations.Single(o => o.Code == "first-report-serious-disaster");

        incident.FulfilObligation(serious.Key, T0.AddMinutes(45), "已电话报告市委、市政府和省应急管理厅", DutyScenario.Officer, T0.AddMinutes(45), Repository.Engine);

        incident.State.Obligations.Single(o => o.Key == general.Key).Clock.State.Should().Be(EmergencyPlans.Core.Lifecycles.ObligationState.Met);
    }

    [Fact]
    public void A_disaster_declared_serious_in_its_first_report_owes_the_first_report_alone()
    {
        var incident = DutyScenario.Open(Guid.NewGuid(), "natural-disaster", DutyScenario.Disaster(deaths: 22, declared: Grade.Serious));

        incident.State.Obligations.Select(o => o.Code).Should().Contain("first-report-serious-disaster").And.NotContain("emergency-dept-report-in-set-time");
    }
}
