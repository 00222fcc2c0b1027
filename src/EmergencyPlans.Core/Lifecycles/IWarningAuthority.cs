using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Core.Lifecycles;

/// <summary>
/// Who approves and who issues each colour of warning; a plan's answer is <c>Plan.WarningAuthority</c>. A plan
/// that sets no colours (construction 3.2.2) answers for the colour <c>null</c>, and only for it.
/// </summary>
public interface IWarningAuthority
{
    /// <summary>The colours the plan defines, least severe first; empty when its warnings have none.</summary>
    IReadOnlyList<WarningColour> Colours { get; }

    /// <summary>Bodies whose approval a warning of <paramref name="colour"/> needs (any one suffices).</summary>
    IReadOnlyList<string> ApproverRoles(WarningColour? colour);

    /// <summary>Bodies that propose, issue, adjust and lift a warning of <paramref name="colour"/>.</summary>
    IReadOnlyList<string> IssuerRoles(WarningColour? colour);

    /// <summary>The plan's rule for approving and issuing, for a refusal: plan, clause and words.</summary>
    string ApprovalRule(WarningColour? colour);

    /// <summary>The plan's rule for updating or adjusting a warning in force, for a refusal.</summary>
    string UpdateRule { get; }

    /// <summary>The plan's rule for lifting (谁发布、谁解除), for a refusal.</summary>
    string LiftRule { get; }
}
