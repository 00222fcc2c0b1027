using EmergencyPlans.Core.Plans;
using EmergencyPlans.Core.Tests.Support;

namespace EmergencyPlans.Core.Tests.Plans;

/// <summary>What each plan's criteria read, from the plan files: a drill script is refused an input its plan never reads.</summary>
public sealed class PlanReadsTests
{
    [Fact]
    public void Reads_TheRoadPlan_ReadsHazardousGoodsCountiesAndConditions()
    {
        // 晋市政办〔2025〕18号 5.3: 危险化学品运输车辆发生泄漏… (hazmatRelease, pollution), 涉及3个以上县(市、区)
        // (disruptedCounties); 4.2: warnings from the weather (conditions).
        Repository.Road.Reads.Should().Contain(["hazmatRelease", "pollution", "disruptedCounties", Plan.ConditionsInput, "deaths"]);
    }

    [Fact]
    public void Reads_TheNaturalDisasterPlan_ReadsNoneOfTheRoadsInputs()
    {
        // 晋市政办〔2026〕3号 grades by people relocated, houses collapsed…; it sets no warnings of its own.
        Repository.NaturalDisaster.Reads.Should().NotContain(["hazmatRelease", "pollution", "disruptedCounties", Plan.ConditionsInput])
            .And.Contain("relocated");
        Repository.Construction.Reads.Should().NotContain(["hazmatRelease", "disruptedCounties", Plan.ConditionsInput]);
    }
}
