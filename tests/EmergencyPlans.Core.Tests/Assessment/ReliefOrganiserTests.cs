using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Tests.Support;

using static EmergencyPlans.Core.Tests.Support.DutyScenario;

namespace EmergencyPlans.Core.Tests.Assessment;

/// <summary>
/// Natural disaster 5.1.3–5.4.3 (响应措施, first sentence of each): who organises and coordinates the city-level relief at each level, which
/// is not who decides it (5.1.2–5.4.2). A leader's first question once a level is on; it was nowhere (review s55, finding 4; ADR 0003 #73).
/// </summary>
public class ReliefOrganiserTests
{
    [Theory]
    // 5.1.1(1) "死亡和失踪50人以上" → Ⅰ, decided by 市委、市政府 (5.1.2); 5.1.3 "市安委会主任或市委、市政府指定的负责人统一组织、协调市级层面自然灾害救助工作"
    [InlineData(50, "I", "市委、市政府", "市安委会主任或市委、市政府指定的负责人", "5.1.3")]
    // 5.2.1(1) 20–49 → Ⅱ, 市安委会主任 decides (5.2.2); 5.2.3 "市安委会副主任(分管安全工作副市长)或市安委会主任指定的负责人组织协调市级层面灾害救助工作"
    [InlineData(20, "II", "市安委会主任", "市安委会副主任(分管安全工作副市长)或市安委会主任指定的负责人", "5.2.3")]
    // 5.3.3 "市安委会副主任(分管安全工作副市长)或其他副主任组织协调市级层面灾害救助工作"
    [InlineData(10, "III", "市安委会副主任(分管安全工作副市长)", "市安委会副主任(分管安全工作副市长)或其他副主任", "5.3.3")]
    // 5.4.3 "市安委办组织协调市级层面灾害救助工作"
    [InlineData(5, "IV", "市安委办主任", "市安委办", "5.4.3")]
    public void Natural_EachLevel_NamesWhoOrganisesTheCityRelief_BesideWhoDecides(long deaths, string level, string decider, string organiser, string clause)
    {
        var card = AssessmentContract.ToResponse(Repository.Engine.Assess(IncidentInput.From("natural-disaster", T0, Disaster(deaths), JudgementInput.None)));

        card.Response.Level.Should().Be(level);
        card.Response.ActivatedBy!.Authority.Should().Contain(decider);
        card.Organiser.Should().NotBeNull();
        (card.Organiser!.CommandedBy, card.Organiser.Clause).Should().Be((organiser, clause));
        card.Organiser.Words.Should().Contain(organiser).And.Contain("组织");
    }

    [Fact]
    public void BelowIV_AndOtherPlans_NameNoOrganiser()
    {
        AssessmentContract.ToResponse(Repository.Engine.Assess(IncidentInput.From("natural-disaster", T0, Disaster(1), JudgementInput.None))).Organiser.Should().BeNull();
        AssessmentContract.ToResponse(Repository.Engine.Assess(IncidentInput.From("construction", T0, Accident(10), JudgementInput.None))).Organiser.Should().BeNull();
    }
}
