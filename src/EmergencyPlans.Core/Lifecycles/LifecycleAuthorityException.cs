namespace EmergencyPlans.Core.Lifecycles;

/// <summary>
/// The state accepts the trigger but the actor lacks the authority for it (e.g. a deputy commander
/// activating road Ⅰ, an office director ending a response the commander started). The REST layer
/// maps it to 403 Forbidden; <see cref="AuthorisedRoles"/> names who may do it.
/// </summary>
public sealed class LifecycleAuthorityException : Exception
{
    public LifecycleAuthorityException()
        : this("The actor lacks the authority for this decision.")
    {
    }

    public LifecycleAuthorityException(string message)
        : this(message, null)
    {
    }

    public LifecycleAuthorityException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Lifecycle = string.Empty;
        Trigger = string.Empty;
        ActorRoleId = string.Empty;
        AuthorisedRoles = [];
        Rule = string.Empty;
    }

    /// <param name="lifecycle">The lifecycle's name.</param>
    /// <param name="trigger">The trigger the actor tried.</param>
    /// <param name="actor">Who tried it.</param>
    /// <param name="authorisedRoles">Who may do it, e.g. "commander", "deputy-commander (delegated by commander)".</param>
    /// <param name="rule">The rule in the plan's words with its clause, e.g. "road-traffic 5.3.2 由市指挥部指挥长或副指挥长决定启动Ⅱ级响应".</param>
    public LifecycleAuthorityException(
        string lifecycle, string trigger, LifecycleActor actor, IReadOnlyList<string> authorisedRoles, string rule)
        : base(Describe(lifecycle, trigger, actor, authorisedRoles, rule))
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(authorisedRoles);
        Lifecycle = lifecycle;
        Trigger = trigger;
        ActorRoleId = actor.RoleId;
        AuthorisedRoles = authorisedRoles;
        Rule = rule;
    }

    /// <summary>The lifecycle's name.</summary>
    public string Lifecycle { get; }

    /// <summary>The trigger the actor tried.</summary>
    public string Trigger { get; }

    /// <summary>The role id of the actor who was refused.</summary>
    public string ActorRoleId { get; }

    /// <summary>Who may take this decision.</summary>
    public IReadOnlyList<string> AuthorisedRoles { get; }

    /// <summary>The rule that gives the authority, in the plan's words with its clause (for people, as the plans say it).</summary>
    public string Rule { get; }

    /// <summary>
    /// For a response level refused (an activation, an adjustment or a decline for want of the level's authority): the level asked for, so a
    /// refusal for people names it (无权启动Ⅱ级响应); null for any other refusal.
    /// </summary>
    public Domain.ResponseLevel? Level { get; init; }

    /// <summary>For a refused adjustment: the level in force then; null otherwise.</summary>
    public Domain.ResponseLevel? FromLevel { get; init; }

    /// <summary>
    /// For an end, a lowering or the decline of a proposed end refused under 谁启动、谁终止 (C 4.6 由启动响应的指挥机构确认并结束应急响应): the
    /// role that decided the level in force, so a refusal for people says whose level it is (Ⅱ级响应由市指挥部指挥长决定); null for any other
    /// refusal. A lowering carries <see cref="Level"/> (the level asked for) and <see cref="FromLevel"/> (the level in force) with it; an end
    /// carries the level in force as <see cref="FromLevel"/>.
    /// </summary>
    public string? DecidedBy { get; init; }

    /// <summary>
    /// True when the refused actor said he acted on the commander's delegation (C 4.3.2(2) 委托副指挥长) and the delegation does not reach the
    /// decision (the commander's Ⅰ, 4.3.3(2) 由市指挥部指挥长立即启动 I 级响应; a level of another organ), so a refusal for people says why the
    /// delegation does not help, not that he lacks one.
    /// </summary>
    public bool ActorDelegated { get; init; }

    /// <summary>
    /// For a warning issue refused because the actor is not the body that issues it (the commander issuing a red warning the province approved,
    /// road 4.4.1 …批准后,由市指挥部办公室发布): the colour, so a refusal for people says who approves and who issues it (无权发布红色预警); null
    /// for any other refusal, an approver refused among them.
    /// </summary>
    public Domain.WarningColour? IssueRefusedColour { get; init; }

    /// <summary>
    /// For a warning adjustment refused because the caller may not approve the new colour (the office director raising yellow to orange, road
    /// 4.4.1 经市指挥部指挥长批准): that colour, so a refusal for people says who approves it and who adjusts; null for any other refusal.
    /// </summary>
    public Domain.WarningColour? ApprovalRefusedColour { get; init; }

    private static string Describe(
        string lifecycle, string trigger, LifecycleActor actor, IReadOnlyList<string> authorisedRoles, string rule)
    {
        var who = authorisedRoles.Count == 0 ? "nobody" : string.Join(" or ", authorisedRoles);
        return $"{lifecycle}: {actor} may not {trigger}; only {who} may ({rule}).";
    }
}
