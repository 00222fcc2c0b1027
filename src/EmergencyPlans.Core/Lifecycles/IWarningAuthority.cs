namespace EmergencyPlans.Core.Lifecycles;

/// <summary>Colour of a road-traffic warning (road 4.3), least severe first. Values match <c>Domain.WarningColour</c>.</summary>
#pragma warning disable CA1008 // No zero value on purpose: road warnings have no blue; "no warning" is a null colour.
public enum RoadWarningColour
#pragma warning restore CA1008
{
    /// <summary>三级（黄色）</summary>
    Yellow = 1,
    /// <summary>二级（橙色）</summary>
    Orange = 2,
    /// <summary>一级（红色）</summary>
    Red = 3,
}

/// <summary>Who approves and who issues each colour of road-traffic warning.</summary>
public interface IWarningAuthority
{
    /// <summary>Bodies whose approval a warning of <paramref name="colour"/> needs (any one suffices).</summary>
    IReadOnlyList<string> ApproverRoles(RoadWarningColour colour);

    /// <summary>Bodies that propose, issue, adjust and lift a warning of <paramref name="colour"/>.</summary>
    IReadOnlyList<string> IssuerRoles(RoadWarningColour colour);
}

/// <summary>
/// The road plan's table (4.4.1): red is approved by the province (省人民政府或者省人民政府授权的省有关
/// 部门), orange by the commander, yellow by a deputy commander; the city HQ office proposes and
/// issues every colour ("由市指挥部办公室提出建议…由市指挥部办公室发布").
/// </summary>
/// <remarks>
/// Reading: the commander may also approve yellow. He stands above the deputies who approve it and
/// himself approves the more severe orange, the same reading as for response levels
/// (<see cref="PlanActivationAuthority"/>). Nobody in the city approves red: the province does.
/// </remarks>
public sealed class RoadWarningAuthority : IWarningAuthority
{
    private RoadWarningAuthority()
    {
    }

    /// <summary>The table of 晋市政办〔2025〕18号 4.4.1.</summary>
    public static RoadWarningAuthority Default { get; } = new();

    /// <inheritdoc/>
    public IReadOnlyList<string> ApproverRoles(RoadWarningColour colour) => colour switch
    {
        RoadWarningColour.Red => [LifecycleRoles.Province],
        RoadWarningColour.Orange => [LifecycleRoles.Commander],
        RoadWarningColour.Yellow => [LifecycleRoles.DeputyCommander, LifecycleRoles.Commander],
        _ => throw new ArgumentOutOfRangeException(nameof(colour), colour, "Road warnings are yellow, orange or red."),
    };

    /// <inheritdoc/>
    public IReadOnlyList<string> IssuerRoles(RoadWarningColour colour) => colour switch
    {
        RoadWarningColour.Red or RoadWarningColour.Orange or RoadWarningColour.Yellow => [LifecycleRoles.OfficeDirector],
        _ => throw new ArgumentOutOfRangeException(nameof(colour), colour, "Road warnings are yellow, orange or red."),
    };
}
