namespace EmergencyPlans.Core.Lifecycles;

/// <summary>One recorded decision of a lifecycle: what was done, by whom, when and why.</summary>
/// <param name="Trigger">The trigger fired, e.g. <c>Activate</c>.</param>
/// <param name="Actor">Who decided (for a warning issue: the issuer).</param>
/// <param name="At">When, as given by the caller (who reads it from <see cref="TimeProvider"/>).</param>
/// <param name="Reason">Why, in the decider's words.</param>
/// <param name="Detail">What was decided, e.g. "III", "III→II", "Orange", "on time".</param>
/// <param name="ApprovedBy">Who approved, when the plan separates approval from issue (road warnings).</param>
public sealed record LifecycleDecision(
    string Trigger,
    LifecycleActor Actor,
    DateTimeOffset At,
    string Reason,
    string? Detail = null,
    LifecycleActor? ApprovedBy = null);
