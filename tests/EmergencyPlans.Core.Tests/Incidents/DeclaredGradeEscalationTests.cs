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
}
