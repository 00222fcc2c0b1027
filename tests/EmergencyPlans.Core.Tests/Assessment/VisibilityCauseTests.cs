using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Tests.Support;
using AssessmentResult = EmergencyPlans.Core.Assessment.Assessment;

namespace EmergencyPlans.Core.Tests.Assessment;

/// <summary>
/// What lowers the visibility, from 晋市政办〔2025〕18号 4.3 (docs/decisions/0003, #39):
/// 4.3.1(1) "可能出现或已经出现暴雨、暴雪、能见度 ≤ 10 米的浓雾等严重影响道路交通安全的情形" (一级, 红色);
/// 4.3.2(1) "……能见度 ≤ 20 米的浓雾……" (二级, 橙色);
/// 4.3.3(1) "……能见度 ≤ 50 米的特强沙尘暴或者大雾等严重影响道路交通安全的情形,且涉及四个以上乡(镇)的" (三级, 黄色).
/// Red and orange are for fog only; a sandstorm is yellow at most, with its 乡(镇); a cause not stated meets yellow (which reads either)
/// and leaves red or orange "若为浓雾" in <see cref="AssessmentResult.WarningsIfKnown"/>.
/// </summary>
public class VisibilityCauseTests
{
    private static readonly DateTimeOffset OccurredAt = new(2026, 3, 1, 8, 0, 0, TimeSpan.FromHours(8));

    private static AssessmentResult Assess(decimal metres, VisibilityCause? cause, int? townships) => Repository.Engine.Assess(new IncidentInput
    {
        PlanId = "road-traffic",
        OccurredAt = OccurredAt,
        Figures = new ReportedFigures { [Figure.Deaths] = 0, [Figure.Missing] = 0, [Figure.SeriousInjuries] = 0, [Figure.DirectLossWan] = 0 },
        Road = new RoadConditions { VisibilityMetres = metres, VisibilityCause = cause, TownshipsAffected = townships },
    });

    [Theory]
    // 4.3.1(1) "能见度 ≤ 10 米的浓雾": red, with or without 乡(镇)
    [InlineData(10, null, WarningColour.Red, "4.3.1(1)")]
    [InlineData(10, 4, WarningColour.Red, "4.3.1(1)")]
    // 4.3.2(1) "能见度 ≤ 20 米的浓雾": orange
    [InlineData(20, null, WarningColour.Orange, "4.3.2(1)")]
    [InlineData(20, 4, WarningColour.Orange, "4.3.2(1)")]
    public void Fog_RedAtTenMetres_OrangeAtTwenty(int metres, int? townships, WarningColour colour, string clause)
    {
        var a = Assess(metres, VisibilityCause.Fog, townships);

        a.Warning!.Colour.Colour.Should().Be(colour);
        a.Warning.Because.Should().ContainSingle().Which.Clause.Should().Be(clause);
        a.WarningsIfKnown.Should().BeEmpty("the cause is stated: nothing is left open");
    }

    [Theory]
    // 4.3.3(1) "能见度 ≤ 50 米的特强沙尘暴……且涉及四个以上乡(镇)的": a sandstorm of 10 or 20 米 is yellow with four 乡(镇), never red or orange
    [InlineData(10)]
    [InlineData(20)]
    public void Sandstorm_FourTownships_IsYellowOnly(int metres)
    {
        var a = Assess(metres, VisibilityCause.Sandstorm, 4);

        a.Warning!.Colour.Colour.Should().Be(WarningColour.Yellow, "4.3.1(1) and 4.3.2(1) are for 浓雾; a sandstorm has only 4.3.3(1)");
        a.Warning.Because.Should().ContainSingle().Which.Clause.Should().Be("4.3.3(1)");
        a.Warning.Colour.ApproverRoles[0].Should().Be("deputy-commander", "yellow is the deputy's (4.4.1), not the province's");
        a.WarningsIfKnown.Should().BeEmpty("a stated sandstorm leaves no 浓雾 rule open");
    }

    [Theory]
    // 4.3.3(1) "且涉及四个以上乡(镇)的": three 乡(镇) miss it, and a sandstorm has no other rule
    [InlineData(10)]
    [InlineData(20)]
    public void Sandstorm_ThreeTownships_CallsForNothing(int metres)
    {
        var a = Assess(metres, VisibilityCause.Sandstorm, 3);

        a.Warning.Should().BeNull();
        a.WarningsIfKnown.Should().BeEmpty();
    }

    [Fact]
    public void Sandstorm_TownshipsNotReported_OnlyYellowIsOpen()
    {
        // 4.3.3(1) half observed (the sandstorm); the 浓雾 rules are missed, not open.
        var a = Assess(10, VisibilityCause.Sandstorm, null);

        a.Warning.Should().BeNull();
        var open = a.WarningsIfKnown.Should().ContainSingle().Subject;
        open.Colour.Colour.Should().Be(WarningColour.Yellow);
        open.Unknown.Should().Equal(ConditionNames.TownshipsAffected);
    }

    [Theory]
    // Cause not stated: 4.3.3(1) reads "特强沙尘暴或者大雾", either, so with four 乡(镇) yellow is met; 4.3.1(1) "浓雾" (10 米) and
    // 4.3.2(1) "浓雾" (20 米) are not met but open on the cause.
    [InlineData(10, WarningColour.Red, "4.3.1(1)")]
    [InlineData(20, WarningColour.Orange, "4.3.2(1)")]
    public void CauseNotStated_FourTownships_YellowIsMet_TheFogColourIsOnlyIfKnown(int metres, WarningColour ifFog, string clause)
    {
        var a = Assess(metres, null, 4);

        a.Warning!.Colour.Colour.Should().Be(WarningColour.Yellow);
        a.Warning.Because.Should().ContainSingle().Which.Clause.Should().Be("4.3.3(1)");
        var open = a.WarningsIfKnown.Should().ContainSingle("the red and the orange of 10 米 hang on one answer; the red says it").Subject;
        open.Colour.Colour.Should().Be(ifFog);
        open.Rule.Clause.Should().Be(clause);
        open.Unknown.Should().Equal(ConditionNames.VisibilityCause);
    }

    [Theory]
    [InlineData(10, WarningColour.Red, "4.3.1(1)")]
    [InlineData(20, WarningColour.Orange, "4.3.2(1)")]
    public void CauseNotStated_TownshipsNotReported_NothingIsMet_TheFogColourIsOnlyIfKnown(int metres, WarningColour ifFog, string clause)
    {
        var a = Assess(metres, null, null);

        a.Warning.Should().BeNull("no rule is met: the 浓雾 rules need the fog, 4.3.3(1) its four 乡(镇)");
        a.WarningsIfKnown.Select(w => (w.Colour.Colour, w.Rule.Clause, string.Join(",", w.Unknown)))
            .Should().Equal((ifFog, clause, ConditionNames.VisibilityCause), (WarningColour.Yellow, "4.3.3(1)", ConditionNames.TownshipsAffected));
    }

    [Fact]
    public void CauseNotStated_ThreeTownships_NothingIsMet_RedIsOnlyIfKnown()
    {
        var a = Assess(10, null, 3);

        a.Warning.Should().BeNull();
        a.WarningsIfKnown.Should().ContainSingle().Which.Colour.Colour.Should().Be(WarningColour.Red);
    }

    [Fact]
    public void CauseNotStated_TheCardSaysIfItIsFog()
    {
        // The prompt names the plan's own word for the cause the rule reads: 4.3.1(1) "浓雾".
        var card = AssessmentContract.ToResponse(Assess(10, null, 4));

        var open = card.WarningsIfKnown.Should().ContainSingle().Subject;
        open.Colour.Should().Be("red");
        open.Unknown.Should().Equal("visibilityCause");
        open.Text.Should().StartWith("能见度降低的原因未报：若为浓雾，应发布红色预警（4.3.1(1)），由省人民政府");
        card.Warning!.Colour.Should().Be("yellow");
    }

    [Fact]
    public void Fog_AtTwentyOneMetres_IsYellowWithFourTownships_AsBefore()
    {
        // 21 米 misses "≤ 20 米的浓雾"; 4.3.3(1) "大雾" takes it with four 乡(镇).
        Assess(21, VisibilityCause.Fog, 4).Warning!.Colour.Colour.Should().Be(WarningColour.Yellow);
        Assess(21, VisibilityCause.Fog, 3).Warning.Should().BeNull();
    }
}
