using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Tests.Support;
using AssessmentResult = EmergencyPlans.Core.Assessment.Assessment;

namespace EmergencyPlans.Core.Tests.Assessment;

/// <summary>
/// Road-traffic warnings, by hand from 晋市政办〔2025〕18号 4.3 (分级) and 4.4.1 (发布权限).
/// 暴雨、暴雪 are read by the colour of the meteorological warning already issued (4.2; DOMAIN.md §5).
/// </summary>
public class WarningsTests
{
    private static readonly DateTimeOffset OccurredAt = new(2026, 3, 1, 8, 0, 0, TimeSpan.FromHours(8));

    private static AssessmentResult Assess(RoadConditions? road) => Repository.Engine.Assess(new IncidentInput
    {
        PlanId = "road-traffic",
        OccurredAt = OccurredAt,
        Figures = new ReportedFigures
        {
            [Figure.Deaths] = 0,
            [Figure.Missing] = 0,
            [Figure.SeriousInjuries] = 0,
            [Figure.DirectLossWan] = 0,
        },
        Road = road,
    });

    private static WarningColour? ColourOf(RoadConditions? road) => Assess(road).Warning?.Colour.Colour;

    // ---- 暴雨、暴雪 ----

    [Fact]
    public void Red_RedMeteorologicalRainstormWarning()
    {
        // 4.3.1(1) "可能出现或已经出现暴雨、暴雪…等严重影响道路交通安全的情形"
        var a = Assess(new RoadConditions { WeatherWarning = WarningColour.Red });

        a.Warning!.Colour.Colour.Should().Be(WarningColour.Red);
        a.Warning.Because.Should().Contain(r => r.Clause.StartsWith("4.3.1(1)"));
    }

    [Fact]
    public void Orange_OrangeMeteorologicalRainstormWarning()
    {
        // 4.3.2(1) "暴雨、暴雪…" read at the orange meteorological warning
        ColourOf(new RoadConditions { WeatherWarning = WarningColour.Orange }).Should().Be(WarningColour.Orange);
    }

    [Theory]
    // 4.3.3(1) "暴雨、暴雪、8级以上大风…且涉及四个以上乡(镇)的"
    [InlineData(4, WarningColour.Yellow)]
    [InlineData(3, null)]
    public void Yellow_YellowMeteorologicalRainstormWarning_NeedsFourTownships(int townships, WarningColour? expected)
    {
        ColourOf(new RoadConditions { WeatherWarning = WarningColour.Yellow, TownshipsAffected = townships }).Should().Be(expected);
    }

    // ---- 浓雾 / 大雾 visibility (visibilityCause fog; sandstorm and an unstated cause: VisibilityCauseTests) ----

    [Theory]
    // 4.3.1(1) "能见度 ≤ 10 米的浓雾" → red
    [InlineData(5, WarningColour.Red)]
    [InlineData(10, WarningColour.Red)]
    // 4.3.2(1) "能见度 ≤ 20 米的浓雾" → orange
    [InlineData(11, WarningColour.Orange)]
    [InlineData(20, WarningColour.Orange)]
    // 4.3.3(1) "能见度 ≤ 50 米…大雾…且涉及四个以上乡(镇)" → yellow only with four townships
    [InlineData(21, null)]
    [InlineData(50, null)]
    public void Visibility_WithoutTownships(int metres, WarningColour? expected)
    {
        ColourOf(new RoadConditions { VisibilityCause = VisibilityCause.Fog, VisibilityMetres = metres }).Should().Be(expected);
    }

    [Theory]
    [InlineData(50, 4, WarningColour.Yellow)]
    [InlineData(21, 4, WarningColour.Yellow)]
    [InlineData(51, 4, null)]
    [InlineData(50, 3, null)]
    // a red/orange fog needs no township count, and four townships do not lower it
    [InlineData(10, 4, WarningColour.Red)]
    [InlineData(20, 4, WarningColour.Orange)]
    public void Visibility_WithTownships(int metres, int townships, WarningColour? expected)
    {
        // 4.3.3(1) "能见度 ≤ 50 米的特强沙尘暴或者大雾等…且涉及四个以上乡(镇)的"
        ColourOf(new RoadConditions { VisibilityCause = VisibilityCause.Fog, VisibilityMetres = metres, TownshipsAffected = townships }).Should().Be(expected);
    }

    [Fact]
    public void Visibility_ElevenMetres_IsOrangeNotRed()
    {
        // "≤ 10 米" red; 11 m is not ≤ 10 but is "≤ 20 米" → orange.
        ColourOf(new RoadConditions { VisibilityCause = VisibilityCause.Fog, VisibilityMetres = 11 }).Should().Be(WarningColour.Orange);
    }

    // ---- 8级以上大风 ----

    [Theory]
    // 4.3.3(1) "8级以上大风…且涉及四个以上乡(镇)的"
    [InlineData(8, 4, WarningColour.Yellow)]
    [InlineData(10, 6, WarningColour.Yellow)]
    [InlineData(8, 3, null)]
    [InlineData(7, 4, null)]
    [InlineData(8, null, null)]
    public void Wind(int force, int? townships, WarningColour? expected)
    {
        ColourOf(new RoadConditions { WindForce = force, TownshipsAffected = townships }).Should().Be(expected);
    }

    // ---- 国(省)道等主干道交通中断或阻塞, 处置、抢修时间 ----

    [Theory]
    // 4.3.1(2) "处置、抢修时间预计在48小时以上的" → red
    [InlineData(48, WarningColour.Red)]
    [InlineData(72, WarningColour.Red)]
    // 4.3.2(2) "…24小时以上的" → orange
    [InlineData(47.5, WarningColour.Orange)]
    [InlineData(24, WarningColour.Orange)]
    // 4.3.3(2) "…12小时以上的" → yellow (no township condition in (2))
    [InlineData(23.9, WarningColour.Yellow)]
    [InlineData(12, WarningColour.Yellow)]
    [InlineData(11, null)]
    public void MainRoadBlocked_RepairHours(double hours, WarningColour? expected)
    {
        ColourOf(new RoadConditions { MainRoadRepairHours = (decimal)hours }).Should().Be(expected);
    }

    [Theory]
    // 4.3.1(2) "造成国(省)道等主干道交通中断或阻塞,处置、抢修时间预计在48小时以上的", 4.3.2(2) "…24小时以上的", 4.3.3(2) "…12小时以上的":
    // each is of a 国(省)道等主干道. A road said not to be one (a 乡道) meets none of them, however long its repair; one said to be one, or
    // not said (the hours are then read as the name mainRoadRepairHours says, a main road's), meets them as before (ADR 0003 #66).
    [InlineData(false, 60, null)]
    [InlineData(false, 30, null)]
    [InlineData(false, 12, null)]
    [InlineData(true, 60, WarningColour.Red)]
    [InlineData(true, 30, WarningColour.Orange)]
    [InlineData(null, 60, WarningColour.Red)]
    public void MainRoadBlocked_OnlyAMainRoadsRepairMeetsTheBlockageWarnings(bool? mainRoad, double hours, WarningColour? expected)
    {
        var a = Assess(new RoadConditions { MainRoadRepairHours = (decimal)hours, MainRoad = mainRoad });

        a.Warning?.Colour.Colour.Should().Be(expected);
        a.WarningsIfKnown.Should().BeEmpty("a road said not to be a main road leaves nothing open on 4.3.x(2)");
    }

    [Fact]
    public void Yellow_MainRoadSnowAndIce_NotReported_IsUnknownNotFalse()
    {
        // 4.3.3(3) "将导致国(省)道等主干道大面积积雪、结冰的": not reported is not "no snow or ice" (docs/feed-122.md: each member null while unknown).
        var conditions = EmergencyPlans.Core.Contract.AssessmentContract.ToConditions(new EmergencyPlans.Core.Contract.ConditionsDto { VisibilityMetres = 300 });

        conditions!.MainRoadSnowIce.Should().BeNull();
        Assess(conditions).Warning.Should().BeNull();
    }

    [Fact]
    public void Yellow_MainRoadSnowAndIce()
    {
        // 4.3.3(3) "可能出现或已经出现雨雪等，将导致国(省)道等主干道大面积积雪、结冰的"
        var a = Assess(new RoadConditions { MainRoadSnowIce = true });

        a.Warning!.Colour.Colour.Should().Be(WarningColour.Yellow);
        a.Warning.Because.Should().Contain(r => r.Clause.StartsWith("4.3.3(3)"));
    }

    [Fact]
    public void Yellow_OtherSeriousImpactJudgedByHeadquarters_WithOrWithoutRoadConditions()
    {
        // 4.3.3(4) "可能出现或已经出现其他严重影响道路交通安全的情形" — a human judgement (R6), which needs no weather figure: without
        // a conditions object it was ignored.
        foreach (var road in new[] { new RoadConditions(), null })
        {
            var judged = Repository.Engine.Assess(new IncidentInput
            {
                PlanId = "road-traffic",
                OccurredAt = OccurredAt,
                Figures = new ReportedFigures { [Figure.Deaths] = 0 },
                Road = road,
                Judgements = new JudgementInput { OtherSeriousRoadImpact = true, DecidedBy = "市指挥部办公室", Reason = "test" },
            });
            judged.Warning!.Colour.Colour.Should().Be(WarningColour.Yellow, road is null ? "without road conditions" : "with empty road conditions");
        }

        var a = Repository.Engine.Assess(new IncidentInput
        {
            PlanId = "road-traffic",
            OccurredAt = OccurredAt,
            Figures = new ReportedFigures
            {
                [Figure.Deaths] = 0,
                [Figure.Missing] = 0,
                [Figure.SeriousInjuries] = 0,
                [Figure.DirectLossWan] = 0,
            },
            Road = new RoadConditions(),
            Judgements = new JudgementInput { OtherSeriousRoadImpact = true, DecidedBy = "市指挥部办公室", Reason = "test" },
        });

        a.Warning!.Colour.Colour.Should().Be(WarningColour.Yellow);
        a.Warning.Because.Should().Contain(r => r.Clause.StartsWith("4.3.3(4)"));
    }

    [Fact]
    public void MostSevereColourWins()
    {
        // Yellow by wind (8级, 5 townships) and red by repair time (≥ 48 h): the warning is red.
        ColourOf(new RoadConditions { WindForce = 8, TownshipsAffected = 5, MainRoadRepairHours = 50 }).Should().Be(WarningColour.Red);
    }

    // ---- No conditions ----

    [Fact]
    public void NoConditions_NoWarning()
    {
        ColourOf(new RoadConditions()).Should().BeNull();
        ColourOf(null).Should().BeNull();
    }

    [Fact]
    public void BlueMeteorologicalWarning_NoRoadWarning()
    {
        // 4.2: the road warning follows a meteorological warning "黄色以上"; blue is below every road colour.
        ColourOf(new RoadConditions { WeatherWarning = WarningColour.Blue, TownshipsAffected = 10 }).Should().BeNull();
    }

    // ---- Approval (4.4.1 发布权限) ----

    [Fact]
    public void Approval_Red_ByTheProvince()
    {
        // "一级(红色)预警，报省人民政府或者省人民政府授权的省有关部门批准后，由市指挥部办公室发布"
        var a = Assess(new RoadConditions { VisibilityCause = VisibilityCause.Fog, VisibilityMetres = 10 });

        a.Warning!.Colour.ApproverRoles.Should().Equal("province");
        a.Warning.Colour.IssuerRole.Should().Be("office-director");
        a.Warning.Colour.ApprovedBy.Should().Contain("省人民政府");
        a.Warning.Colour.IssuedBy.Should().Contain("市指挥部办公室");
    }

    [Fact]
    public void Approval_Orange_ByTheCommander_ReportedUpAndToNeighbouringCities()
    {
        // "二级(橙色)预警…经市指挥部指挥长批准后，由市指挥部办公室发布，同时上报上级主管部门，并通报相邻的地级市"
        var a = Assess(new RoadConditions { VisibilityCause = VisibilityCause.Fog, VisibilityMetres = 20 });

        a.Warning!.Colour.Colour.Should().Be(WarningColour.Orange);
        a.Warning.Colour.ApproverRoles.Should().Equal("commander");
        a.Warning.Colour.AlsoRequired.Should().NotBeEmpty();
    }

    [Fact]
    public void Approval_Yellow_ByTheDeputyCommander()
    {
        // "三级(黄色)预警…经市指挥部副指挥长批准后，由市指挥部办公室发布"
        var a = Assess(new RoadConditions { MainRoadRepairHours = 12 });

        a.Warning!.Colour.Colour.Should().Be(WarningColour.Yellow);
        a.Warning.Colour.ApproverRoles[0].Should().Be("deputy-commander");
    }

    // ---- 4.3.3(1) "…且涉及四个以上乡(镇)的": one half observed, the other not reported ----

    private static (WarningColour Colour, string Clause, string[] Unknown)[] Open(RoadConditions road) =>
        Assess(road).WarningsIfKnown.Select(w => (w.Colour.Colour, w.Rule.Clause, w.Unknown.ToArray())).ToArray();

    [Theory]
    // "能见度 ≤ 50 米的特强沙尘暴或者大雾…且涉及四个以上乡(镇)": fog of 21–50 米 over townships not reported may call for yellow.
    [InlineData(21)]
    [InlineData(50)]
    public void Fog_TownshipsNotReported_YellowIsOpenOnTheTownships(int metres)
    {
        var a = Assess(new RoadConditions { VisibilityCause = VisibilityCause.Fog, VisibilityMetres = metres });

        a.Warning.Should().BeNull("four townships are not reported, so 4.3.3(1) is not met");
        var open = Open(new RoadConditions { VisibilityCause = VisibilityCause.Fog, VisibilityMetres = metres }).Should().ContainSingle().Subject;
        open.Colour.Should().Be(WarningColour.Yellow);
        open.Clause.Should().Be("4.3.3(1)");
        open.Unknown.Should().Equal("townshipsAffected");
    }

    [Fact]
    public void Fog_TooLightForYellow_NothingIsOpen()
    {
        // 51 米 misses "能见度 ≤ 50 米" whatever the townships: no warning hangs on them.
        Open(new RoadConditions { VisibilityCause = VisibilityCause.Fog, VisibilityMetres = 51 }).Should().BeEmpty();
    }

    [Theory]
    // "8级以上大风…且涉及四个以上乡(镇)"; "暴雨、暴雪…" at the yellow meteorological warning, same proviso.
    [InlineData(8, null)]
    [InlineData(null, WarningColour.Yellow)]
    public void WindOrYellowWeather_TownshipsNotReported_YellowIsOpen(int? wind, WarningColour? weather)
    {
        var road = new RoadConditions { WindForce = wind, WeatherWarning = weather };

        Assess(road).Warning.Should().BeNull();
        Open(road).Should().ContainSingle().Which.Unknown.Should().Equal("townshipsAffected");
    }

    [Fact]
    public void FewerThanFourTownshipsReported_NothingIsOpen()
    {
        // Three 乡(镇) reported: "涉及四个以上" is missed, not unknown.
        Open(new RoadConditions { VisibilityCause = VisibilityCause.Fog, VisibilityMetres = 40, TownshipsAffected = 3 }).Should().BeEmpty();
    }

    [Fact]
    public void FourTownshipsReported_WeatherNotReported_EachWeatherOfYellowIsOpen()
    {
        // The other half observed: four 乡(镇) are affected, by what is not reported. Each weather of 4.3.3(1) would call for yellow.
        var open = Open(new RoadConditions { TownshipsAffected = 4 });

        open.Should().OnlyContain(o => o.Colour == WarningColour.Yellow && o.Clause == "4.3.3(1)");
        open.Select(o => o.Unknown.Single()).Should().BeEquivalentTo("weatherWarning", "windForce", "visibilityMetres");
    }

    [Fact]
    public void OrangeCalledFor_OnlyHigherColoursAreOpen()
    {
        // Fog of 20 米 calls for orange (4.3.2(1)); nothing reported half-meets red (4.3.1 needs no townships), and yellow is below.
        var a = Assess(new RoadConditions { VisibilityCause = VisibilityCause.Fog, VisibilityMetres = 20 });

        a.Warning!.Colour.Colour.Should().Be(WarningColour.Orange);
        a.WarningsIfKnown.Should().BeEmpty();
    }

    [Fact]
    public void YellowCalledFor_ByABlockedMainRoad_FogOverUnreportedTownshipsIsNotRepeated()
    {
        // 4.3.3(2) 抢修 12 小时 calls for yellow already: the fog's 4.3.3(1), also yellow, adds nothing.
        Open(new RoadConditions { MainRoadRepairHours = 12, VisibilityCause = VisibilityCause.Fog, VisibilityMetres = 40 }).Should().BeEmpty();
    }

    [Fact]
    public void SingleConditionRules_NotReported_AreNotOpen()
    {
        // 4.3.1(1)/(2), 4.3.2 and 4.3.3(2)-(4) are one condition each: unreported, they are simply not met. A collision with no
        // observations at all must not list every warning of the plan.
        Open(new RoadConditions()).Should().BeEmpty();
        Assess(null).WarningsIfKnown.Should().BeEmpty();
    }
}
