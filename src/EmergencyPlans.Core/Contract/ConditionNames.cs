namespace EmergencyPlans.Core.Contract;

/// <summary>
/// The road observations of a request's <c>conditions</c> (<see cref="ConditionsDto"/>), as the contract spells them and as people name
/// them: the one list the engine's open warnings, the card and the command line's <c>--condition</c> read.
/// </summary>
public static class ConditionNames
{
    public const string WeatherWarning = "weatherWarning";
    public const string VisibilityMetres = "visibilityMetres";
    public const string VisibilityCause = "visibilityCause";
    public const string WindForce = "windForce";
    public const string TownshipsAffected = "townshipsAffected";
    public const string MainRoadRepairHours = "mainRoadRepairHours";
    public const string MainRoad = "mainRoad";
    public const string MainRoadSnowIce = "mainRoadSnowIce";

    /// <summary>Every name, in the order of <see cref="ConditionsDto"/>.</summary>
    public static IReadOnlyList<string> All { get; } = [WeatherWarning, VisibilityMetres, VisibilityCause, WindForce, TownshipsAffected, MainRoadRepairHours, MainRoad, MainRoadSnowIce];

    /// <summary>A road observation as people name it.</summary>
    public static string Label(string name) => name switch
    {
        WeatherWarning => "已发布的暴雨、暴雪气象预警",
        VisibilityMetres => "能见度",
        VisibilityCause => "能见度降低的原因",
        WindForce => "风力",
        TownshipsAffected => "涉及乡(镇)数",
        MainRoadRepairHours => "主干道预计抢修时间",
        MainRoad => "受阻道路属国(省)道等主干道",
        MainRoadSnowIce => "主干道大面积积雪、结冰",
        _ => name,
    };

    /// <summary>
    /// What <paramref name="c"/> reports, for people (<c>能见度8米（浓雾、大雾），风力9级</c>), in the order of <see cref="All"/>; the unknown left out,
    /// and <c>mainRoadSnowIce</c> only when true. Empty when nothing is reported.
    /// </summary>
    public static string Said(ConditionsDto c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var said = new List<string>();
        if (c.WeatherWarning is { } warning)
        {
            said.Add($"{Label(WeatherWarning)}：{(Domain.Names.TryParseColour(warning, out var colour) ? Domain.Names.Chinese(colour) : warning)}");
        }

        if (c.VisibilityMetres is { } metres)
        {
            said.Add($"能见度{metres.ToString(System.Globalization.CultureInfo.InvariantCulture)}米"
                     + (c.VisibilityCause is { } cause ? $"（{(Domain.Names.TryParseVisibilityCause(cause, out var v) ? Domain.Names.Chinese(v) : cause)}）" : ""));
        }

        if (c.WindForce is { } wind)
        {
            said.Add($"风力{wind.ToString(System.Globalization.CultureInfo.InvariantCulture)}级");
        }

        if (c.TownshipsAffected is { } townships)
        {
            said.Add($"涉及乡(镇){townships.ToString(System.Globalization.CultureInfo.InvariantCulture)}个");
        }

        if (c.MainRoadRepairHours is { } hours)
        {
            said.Add($"主干道预计抢修{hours.ToString(System.Globalization.CultureInfo.InvariantCulture)}小时");
        }

        if (c.MainRoad is { } main)
        {
            said.Add(main ? Label(MainRoad) : "受阻道路不属国(省)道等主干道");
        }

        if (c.MainRoadSnowIce == true)
        {
            said.Add(Label(MainRoadSnowIce));
        }

        return string.Join("，", said);
    }
}
