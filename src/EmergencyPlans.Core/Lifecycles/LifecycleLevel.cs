namespace EmergencyPlans.Core.Lifecycles;

/// <summary>
/// Response level as the lifecycles see it. The numeric value orders severity: Ⅰ is the most severe,
/// so "raise" means a larger value. Kept apart from <c>Domain.ResponseLevel</c> (same values) until
/// the engine and the lifecycles are unified.
/// </summary>
#pragma warning disable CA1008 // No zero value on purpose: "no level" is a null level, never a default one.
public enum LifecycleLevel
#pragma warning restore CA1008
{
    /// <summary>Ⅳ级 (natural-disaster plan only).</summary>
    IV = 1,
    /// <summary>Ⅲ级</summary>
    III = 2,
    /// <summary>Ⅱ级</summary>
    II = 3,
    /// <summary>Ⅰ级, the most severe.</summary>
    I = 4,
}
