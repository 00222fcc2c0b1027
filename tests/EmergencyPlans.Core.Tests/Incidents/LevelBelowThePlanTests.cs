using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Tests.Lifecycles;
using EmergencyPlans.Core.Tests.Support;
using FluentAssertions;
using Xunit;

namespace EmergencyPlans.Core.Tests.Incidents;

/// <summary>
/// A level activated or adjusted below the one the plan calls for is recommended up at once, to the body with the plan's level
/// (R 5.7 "由启动响应的主体按照需要调整响应级别，避免响应不足或响应过度"). It is not refused: the plan's body decides.
/// </summary>
public class LevelBelowThePlanTests
{
    private static readonly DateTimeOffset T0 = DutyScenario.T0;

    // N 5.2.1(2) "紧急转移安置和需紧急生活救助10万人以上20万人以下" → Ⅱ, and 5.2.2: the 市安委会主任 decides it; 5.4.2 gives the
    // 市安委办主任 Ⅳ only. Every other figure is reported, so the level is settled.
    private static Incident NaturalII() => DutyScenario.Open(Guid.NewGuid(), "natural-disaster", new ReportedFigures
    {
        [Figure.Deaths] = 0, [Figure.Missing] = 0, [Figure.Relocated] = 150_000, [Figure.CollapsedRooms] = 0,
        [Figure.CollapsedHouseholds] = 0, [Figure.DroughtAidPeople] = 0,
    });

    [Fact]
    public void Natural_IV_activated_for_a_disaster_that_calls_for_II_is_recommended_up_to_the_commander()
    {
        var incident = NaturalII();
        incident.State.Assessed.Level.Should().Be(ResponseLevel.II);

        incident.DecideResponse(ResponseLevel.IV, false, "安委办主任启动Ⅳ级", Actors.OfficeDirector, T0.AddMinutes(10), Repository.Engine);

        incident.State.Response.Level.Should().Be(ResponseLevel.IV, "a lower level is recorded as decided: the plan's body decides, not the engine");
        var x = incident.State.Escalation!;
        x.BelowThePlan.Should().BeTrue();
        (x.FromLevel, x.ToLevel).Should().Be((ResponseLevel.IV, ResponseLevel.II));
        x.ActivatedBy.Should().Equal(RoleCatalogue.Commander);
        x.Because.Should().Contain(r => r.Clause == "5.2.1(2)");
        incident.State.Timeline.Last(t => t.Type == "escalation-recommended").Summary
            .Should().StartWith("已启动的Ⅳ级响应低于预案规定的Ⅱ级：建议将响应提升至Ⅱ级");
    }

    [Fact]
    public void Road_lowering_below_the_plans_level_is_recommended_up_again()
    {
        // R 5.3.1(1) "造成10人以上……死亡" → Ⅰ; the commander lowers to Ⅱ (5.7 由启动响应的主体……调整响应级别).
        var incident = DutyScenario.Open(Guid.NewGuid(), "road-traffic", new ReportedFigures { [Figure.Deaths] = 12, [Figure.Missing] = 0 });
        incident.DecideResponse(ResponseLevel.I, false, "启动Ⅰ级", Actors.Commander, T0.AddMinutes(10), Repository.Engine);
        incident.State.Escalation.Should().BeNull("Ⅰ is the plan's level");

        incident.DecideResponse(ResponseLevel.II, true, "现场已控制", Actors.Commander, T0.AddMinutes(40), Repository.Engine);

        incident.State.Escalation!.BelowThePlan.Should().BeTrue();
        (incident.State.Escalation.FromLevel, incident.State.Escalation.ToLevel).Should().Be((ResponseLevel.II, ResponseLevel.I));
    }

    [Theory]
    [InlineData(ResponseLevel.II)]
    [InlineData(ResponseLevel.I)]
    public void At_or_above_the_plans_level_nothing_is_recommended(ResponseLevel level)
    {
        var incident = NaturalII();

        incident.DecideResponse(level, false, "启动", level == ResponseLevel.I ? Actors.PartyCommitteeGovernment : Actors.Commander, T0.AddMinutes(10), Repository.Engine);

        incident.State.Escalation.Should().BeNull();
        incident.State.Timeline.Should().NotContain(t => t.Type == "escalation-recommended");
    }
}
