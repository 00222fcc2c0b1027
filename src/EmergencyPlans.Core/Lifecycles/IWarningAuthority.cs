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

/// <summary>
/// Who approves and who issues each colour of warning; a plan's answer is <c>Plan.WarningAuthority</c>. A plan
/// that sets no colours (construction 3.2.2) answers for the colour <c>null</c>, and only for it.
/// </summary>
public interface IWarningAuthority
{
    /// <summary>The colours the plan defines, least severe first; empty when its warnings have none.</summary>
    IReadOnlyList<RoadWarningColour> Colours { get; }

    /// <summary>Bodies whose approval a warning of <paramref name="colour"/> needs (any one suffices).</summary>
    IReadOnlyList<string> ApproverRoles(RoadWarningColour? colour);

    /// <summary>Bodies that propose, issue, adjust and lift a warning of <paramref name="colour"/>.</summary>
    IReadOnlyList<string> IssuerRoles(RoadWarningColour? colour);

    /// <summary>The plan's rule for approving and issuing, for a refusal: plan, clause and words.</summary>
    string ApprovalRule(RoadWarningColour? colour);

    /// <summary>The plan's rule for updating or adjusting a warning in force, for a refusal.</summary>
    string UpdateRule { get; }

    /// <summary>The plan's rule for lifting (谁发布、谁解除), for a refusal.</summary>
    string LiftRule { get; }
}
