using System.Text.Json.Serialization;

namespace EmergencyPlans.Core.Lifecycles;

/// <summary>One recorded decision of a lifecycle: what was done, by whom, when and why.</summary>
/// <param name="Trigger">The trigger fired, e.g. <c>Activate</c>.</param>
/// <param name="Actor">Who decided (for a warning issue: the issuer).</param>
/// <param name="At">When, as given by the caller (who reads it from <see cref="TimeProvider"/>).</param>
/// <param name="Reason">Why, in the decider's words.</param>
/// <param name="Detail">What was decided, for people, e.g. "Ⅲ级", "Ⅲ级→Ⅱ级", "橙色", "橙色→红色", "on time".</param>
/// <param name="ApprovedBy">Who approved, when the plan separates approval from issue (road warnings).</param>
/// <param name="StartedBy">
/// For a response ended or lowered by a role above the one whose level it was (the 指挥长 ending the Ⅱ his 副指挥长 started, R 5.3.2, 5.7):
/// that role, who started the level or last adjusted it; null when the decider is that body itself. The decider acts on his own authority
/// as the higher rank of the same organ (decision 0003, 谁启动、谁终止).
/// </param>
/// <param name="ProposalNotAdopted">
/// For an activation while the office's proposal of another level stood (proposed Ⅱ, the decider activated Ⅲ): the level proposed ("II"),
/// which this decision did not adopt; null when nothing was proposed or the proposed level was activated. The proposal's fate is recorded
/// with the decision that settled it, as a decline is (R 5.3.2, C 4.3.2(2), N 5.2.2: the office proposes, the decider decides).
/// </param>
/// <param name="Level">
/// For a response decision, the level it concerns as the API names it ("II"): the level proposed, the one declined (the level that was
/// proposed), activated, adjusted to, or ended (the level in force when it ended); null for the decisions of other lifecycles, and not
/// written then. Set where the response lifecycle decides (<see cref="ResponseLifecycle"/>), so a reader (a drill's level lane, a client)
/// never folds the response again nor reads <paramref name="Detail"/>, which is for people. A projection stored before 2026-12-05 (session 35)
/// has none; it is read back with it (<see cref="ResponseLifecycle.WithLevels"/>).
/// </param>
/// <param name="FromLevel">For a response adjustment, the level in force before it ("III" for Ⅲ raised to Ⅱ); null otherwise, and not written then.</param>
public sealed record LifecycleDecision(
    string Trigger,
    LifecycleActor Actor,
    DateTimeOffset At,
    string Reason,
    string? Detail = null,
    LifecycleActor? ApprovedBy = null,
    LifecycleActor? StartedBy = null,
    string? ProposalNotAdopted = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Level = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? FromLevel = null);
