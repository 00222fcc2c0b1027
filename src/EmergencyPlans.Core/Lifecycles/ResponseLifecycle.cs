using EmergencyPlans.Core.Domain;
using Stateless;
using Stateless.Reflection;

namespace EmergencyPlans.Core.Lifecycles;

/// <summary>Where a city-level emergency response stands.</summary>
public enum ResponseState
{
    /// <summary>No response, or a proposal was declined.</summary>
    NotActivated = 0,
    /// <summary>The office has proposed a level (提出启动…级响应的建议); optional.</summary>
    Proposed = 1,
    /// <summary>
    /// In force at <see cref="ResponseLifecycle.Level"/>; an adjustment keeps it active. A higher level may be proposed meanwhile
    /// (<see cref="ResponseLifecycle.ProposedLevel"/> set): the level in force stays until the decider raises it or declines.
    /// </summary>
    Active = 2,
    /// <summary>Ended (final).</summary>
    Terminated = 3,
}

/// <summary>What can happen to a response.</summary>
public enum ResponseTrigger
{
    /// <summary>Propose a level, or revise the proposal.</summary>
    Propose,
    /// <summary>The decider turns the proposal down.</summary>
    Decline,
    /// <summary>Activate a level.</summary>
    Activate,
    /// <summary>Raise or lower the level of an active response.</summary>
    Adjust,
    /// <summary>End the response.</summary>
    Terminate,
    /// <summary>
    /// The office proposes ending the active response (N 2.2(2) 提出……终止建议); it stays active, the proposal pending, until the body that
    /// ends it terminates (adopting it) or declines.
    /// </summary>
    ProposeTermination,
    /// <summary>The body that would end the response turns the proposal to end it down; the response stays active at its level.</summary>
    DeclineTermination,
}

/// <summary>What a store persists for a response lifecycle.</summary>
/// <param name="State">The state.</param>
/// <param name="ProposedLevel">The level proposed, while <see cref="ResponseState.Proposed"/>, or a higher level proposed while <see cref="ResponseState.Active"/>.</param>
/// <param name="Level">The level in force (Active) or last in force (Terminated).</param>
/// <param name="ResponsibleBody">Who took the latest activation or adjustment decision, and so ends it (as may a role above it in its organ).</param>
/// <param name="Decisions">Every decision, oldest first.</param>
public sealed record ResponseSnapshot(
    ResponseState State,
    ResponseLevel? ProposedLevel,
    ResponseLevel? Level,
    LifecycleActor? ResponsibleBody,
    IReadOnlyList<LifecycleDecision> Decisions)
{
    /// <summary>A response that has not been proposed or activated.</summary>
    public static ResponseSnapshot Initial { get; } = new(ResponseState.NotActivated, null, null, null, []);

    /// <summary>
    /// True while the office's proposal to end the active response is pending (N 2.2(2) 提出……终止建议): until the body that ends it terminates
    /// (the proposal adopted), declines it, or adjusts the level. Only while <see cref="ResponseState.Active"/>; a projection stored before
    /// 2026-12-05 (session 35) has none and reads false.
    /// </summary>
    public bool TerminationProposed { get; init; }
}

/// <summary>
/// The lifecycle of one city-level emergency response: NotActivated → (Proposed) → Active(level)
/// → (adjusted, still Active) → Terminated.
/// </summary>
/// <remarks>
/// <para>Rules, with their source:</para>
/// <list type="bullet">
/// <item>Activation needs the authority for the level, as <see cref="IActivationAuthority"/> answers
/// (road 5.3, construction 4.3, natural 5.x.2). The proposal is optional: "必要时，市委、市政府直接
/// 决定启动Ⅰ级响应" (natural 5.1.2), and the decider may choose another level than proposed.
/// Anyone may propose; proposing decides nothing. A proposal is declined by a body that could
/// have activated the proposed level.</item>
/// <item>Adjustment (road 5.7 "由启动响应的主体按照需要调整响应级别"; construction 4.4 "可视情提高或
/// 降低…可直接提高"): the actor needs the authority for the new level. The responsible body (or a role
/// above it in its organ, below) may raise or lower; another body may only raise, because the
/// responsible body may lack the authority for the higher level (the office director who started road
/// Ⅲ cannot decide Ⅱ), so escalation is the higher level's activation by the body that holds it.
/// Lowering stays with the responsible body and those above it, or the office could lower the
/// commander's Ⅱ to Ⅲ and then end it.</item>
/// <item>Termination: "谁启动、谁结束…由相应启动应急响应的指挥机构宣布应急响应终止" (road 5.7),
/// "由启动响应的指挥机构确认并结束" (construction 4.6), "按启动响应的相关权限终止" (natural 5.7).
/// The texts name the organ, not the person: the body (role id) that took the latest activation or
/// adjustment decision ends it, or a role above it in the same organ as the plan file lists its ranks
/// (<see cref="IActivationAuthority.RolesAbove"/>: the 指挥长 ends the Ⅱ his 副指挥长 started, R 5.3.2);
/// never a role below it nor one of another organ (the office, 市委、市政府). After an adjustment the
/// responsible body is the adjuster, since the adjustment is that body's decision to run the response at
/// the new level and 5.7 makes whoever decides the level the one who adjusts it. A decision by a role
/// above records whose level it was (<see cref="LifecycleDecision.StartedBy"/>).</item>
/// <item>A proposal while a level is in force (N 5.2.2 "市安委办…向市安委会提出启动II级响应的建议" for a Ⅲ that has grown to Ⅱ; C 4.4
/// 可视情提高; R 5.7 调整响应级别): the office may propose a higher level; the response stays Active at its level with the proposal
/// pending (<see cref="ProposedLevel"/>) until the decider raises it (an adjustment) or declines, which keeps the level in force. An
/// adjustment or an end settles a pending proposal too (recorded as not adopted when it did not take the proposed level).</item>
/// <item>A proposal to end (N 2.2(2) 市安委办……提出自然灾害救助应急响应启动、终止建议; 5.7 按启动响应的相关权限终止响应): where the plan has one
/// (<see cref="IActivationAuthority.TerminationProposedBy"/>; road and construction have none), the office may propose ending an active level
/// another body started; the response stays Active with the proposal pending (<see cref="ResponseSnapshot.TerminationProposed"/>) until the body that may end it
/// terminates (adopting it) or declines (recorded; the level stays in force). An adjustment settles it too (the response goes on). The
/// office does not propose the end of a level it started itself (N 5.4.2 Ⅳ): it ends that one. One proposal at a time: not while a higher
/// level is proposed, nor a higher level while an end is.</item>
/// </list>
/// <para>State is held outside (<see cref="Snapshot"/>) so a store can persist it; the Stateless
/// machine is rebuilt around it on each load.</para>
/// </remarks>
public sealed class ResponseLifecycle
{
    private const string Name = nameof(ResponseLifecycle);

    private readonly IActivationAuthority _authority;
    private readonly StateMachine<ResponseState, ResponseTrigger> _machine;
    private readonly StateMachine<ResponseState, ResponseTrigger>.TriggerWithParameters<LevelDecision> _propose;
    private readonly StateMachine<ResponseState, ResponseTrigger>.TriggerWithParameters<Decision> _decline;
    private readonly StateMachine<ResponseState, ResponseTrigger>.TriggerWithParameters<LevelDecision> _activate;
    private readonly StateMachine<ResponseState, ResponseTrigger>.TriggerWithParameters<LevelDecision> _adjust;
    private readonly StateMachine<ResponseState, ResponseTrigger>.TriggerWithParameters<Decision> _terminate;
    private readonly StateMachine<ResponseState, ResponseTrigger>.TriggerWithParameters<Decision> _proposeTermination;
    private readonly StateMachine<ResponseState, ResponseTrigger>.TriggerWithParameters<Decision> _declineTermination;
    private ResponseSnapshot _snapshot;

    /// <summary>A new response, not yet proposed or activated.</summary>
    public ResponseLifecycle(IActivationAuthority authority)
        : this(authority, ResponseSnapshot.Initial)
    {
    }

    /// <summary>A response as a store persisted it.</summary>
    /// <exception cref="ArgumentException">The snapshot is inconsistent (e.g. Active without a level).</exception>
    public ResponseLifecycle(IActivationAuthority authority, ResponseSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(authority);
        ArgumentNullException.ThrowIfNull(snapshot);
        Validate(snapshot);
        _authority = authority;
        _snapshot = snapshot;

        _machine = new StateMachine<ResponseState, ResponseTrigger>(() => _snapshot.State, s => _snapshot = _snapshot with { State = s });
        _propose = _machine.SetTriggerParameters<LevelDecision>(ResponseTrigger.Propose);
        _decline = _machine.SetTriggerParameters<Decision>(ResponseTrigger.Decline);
        _activate = _machine.SetTriggerParameters<LevelDecision>(ResponseTrigger.Activate);
        _adjust = _machine.SetTriggerParameters<LevelDecision>(ResponseTrigger.Adjust);
        _terminate = _machine.SetTriggerParameters<Decision>(ResponseTrigger.Terminate);
        _proposeTermination = _machine.SetTriggerParameters<Decision>(ResponseTrigger.ProposeTermination);
        _declineTermination = _machine.SetTriggerParameters<Decision>(ResponseTrigger.DeclineTermination);

        // Stateless hands a parameterised guard default(T) when asked CanFire(trigger) without
        // arguments; a null decision therefore means "does this state accept the trigger at all",
        // which is what PermittedTriggers offers a UI. Guards only read; they never record.
        _machine.Configure(ResponseState.NotActivated)
            .OnEntryFrom(_decline, OnDeclined, "record who declined and why")
            .Permit(ResponseTrigger.Propose, ResponseState.Proposed)
            .PermitIf(_activate, ResponseState.Active, d => d is null || MayActivate(d.Level, d.Actor), "actor holds the authority for the level");

        _machine.Configure(ResponseState.Proposed)
            .OnEntryFrom(_propose, OnProposed, "record proposed level")
            .PermitReentry(ResponseTrigger.Propose)
            .PermitIf(_decline, ResponseState.NotActivated, d => d is null || MayDecline(d.Actor), "actor holds the authority for the proposed level")
            .PermitIf(_activate, ResponseState.Active, d => d is null || MayActivate(d.Level, d.Actor), "actor holds the authority for the level");

        _machine.Configure(ResponseState.Active)
            .OnEntryFrom(_activate, OnActivated, "record level and responsible body")
            .OnEntryFrom(_adjust, OnAdjusted, "record new level and responsible body")
            .OnEntryFrom(_propose, OnProposedWhileActive, "record the proposed higher level; the level in force stays")
            .OnEntryFrom(_decline, OnDeclined, "record who declined; the level in force stays")
            .OnEntryFrom(_proposeTermination, OnTerminationProposed, "record the proposal to end; the level in force stays")
            .OnEntryFrom(_declineTermination, OnTerminationDeclined, "record who declined the proposal to end; the level in force stays")
            .PermitReentryIf(_propose, d => HigherLevelExists() && !_snapshot.TerminationProposed && (d is null || d.Level > _snapshot.Level),
                "a higher level than the one in force is proposed, and no end is")
            .PermitReentryIf(_proposeTermination, d => TerminationMayBeProposed() && (d is null || MayProposeTermination(d.Actor)),
                "the plan has the office propose an end, none is pending nor a higher level, and the actor is the office")
            .PermitReentryIf(_declineTermination, d => _snapshot.TerminationProposed && (d is null || MayEnd(d.Actor)),
                "an end is proposed and the actor is the responsible body or a role above it in its organ")
            .PermitReentryIf(_decline, d => _snapshot.ProposedLevel is not null && (d is null || MayDecline(d.Actor)), "a higher level is proposed and the actor holds its authority")
            .PermitReentryIf(_adjust, d => d is null || MayAdjust(d.Level, d.Actor), "actor holds the authority for the new level and only the responsible body or a role above it in its organ lowers")
            .PermitIf(_terminate, ResponseState.Terminated, d => d is null || MayEnd(d.Actor), "actor is the responsible body or a role above it in its organ (whoever activated ends)");

        // Ending a response is not the end of the incident: casualties that rise afterwards (a 12-death accident whose Ⅲ the office
        // ended) call for a level again, activated by the body with its authority (C 4.3.3(2) 由市指挥部指挥长立即启动 I 级响应). No plan
        // makes 终止 final; a terminated response that could not be activated again left the commander refused a level the plan gives him.
        _machine.Configure(ResponseState.Terminated)
            .OnEntryFrom(_terminate, OnTerminated, "record who ended and why")
            .PermitIf(_activate, ResponseState.Active, d => d is null || MayActivate(d.Level, d.Actor), "actor holds the authority for the level (activated again)")
            .Permit(ResponseTrigger.Propose, ResponseState.Proposed);

        // Every public method checks before firing; this only turns a missed check into the typed refusal.
        _machine.OnUnhandledTrigger((state, trigger) => throw LifecycleTransitionException.Refused(Name, state, trigger, PermittedTriggers));
    }

    /// <summary>The current state.</summary>
    public ResponseState State => _snapshot.State;

    /// <summary>The level in force (Active) or last in force (Terminated); null before activation.</summary>
    public ResponseLevel? Level => _snapshot.Level;

    /// <summary>The level proposed, while Proposed, or the higher level proposed while Active (pending until raised to or declined).</summary>
    public ResponseLevel? ProposedLevel => _snapshot.ProposedLevel;

    /// <summary>Who took the latest activation or adjustment decision: the body that ends the response (or a role above it in its organ).</summary>
    public LifecycleActor? ResponsibleBody => _snapshot.ResponsibleBody;

    /// <summary>Every decision, oldest first.</summary>
    public IReadOnlyList<LifecycleDecision> Decisions => _snapshot.Decisions;

    /// <summary>Everything a store needs to rebuild this lifecycle.</summary>
    public ResponseSnapshot Snapshot => _snapshot;

    /// <summary>The triggers the current state accepts, whoever asks (what a UI may offer).</summary>
    public IReadOnlyList<ResponseTrigger> PermittedTriggers => [.. Enum.GetValues<ResponseTrigger>().Where(t => _machine.CanFire(t))];

    /// <summary>True when the current state accepts <paramref name="trigger"/> (authority not considered).</summary>
    public bool CanFire(ResponseTrigger trigger) => _machine.CanFire(trigger);

    /// <summary>True when <paramref name="actor"/> may activate <paramref name="level"/> now.</summary>
    public bool CanActivate(ResponseLevel level, LifecycleActor actor) =>
        CanFire(ResponseTrigger.Activate) && MayActivate(level, actor);

    /// <summary>True when <paramref name="actor"/> may adjust the response to <paramref name="newLevel"/> now.</summary>
    public bool CanAdjust(ResponseLevel newLevel, LifecycleActor actor) =>
        CanFire(ResponseTrigger.Adjust) && MayAdjust(newLevel, actor);

    /// <summary>True when <paramref name="actor"/> may end the response now.</summary>
    public bool CanTerminate(LifecycleActor actor) =>
        CanFire(ResponseTrigger.Terminate) && MayEnd(actor);

    /// <summary>
    /// Records the office's proposal to activate <paramref name="level"/>, or revises it; while a level is in force, its proposal of a
    /// higher level, pending until the decider raises the response or declines.
    /// </summary>
    /// <exception cref="LifecycleTransitionException">The response is active at the plan's highest level.</exception>
    /// <exception cref="LifecycleAuthorityException">The actor is not the body the plan has propose (the office).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The plan has no such level.</exception>
    /// <exception cref="ArgumentException">A level is in force and the one proposed is not higher.</exception>
    public void Propose(ResponseLevel level, LifecycleActor actor, DateTimeOffset at, string reason)
    {
        CheckArguments(actor, at, reason);
        EnsureStateAccepts(ResponseTrigger.Propose);
        EnsureLevelDefined(level, nameof(level));
        if (State == ResponseState.Active && level <= _snapshot.Level)
        {
            throw new ArgumentException($"Level {_snapshot.Level} is in force; while it lasts only a higher level may be proposed.", nameof(level));
        }

        if (!_authority.MayPropose(actor))
        {
            // R 5.3.1, C 4.3.2(2), N 5.2.2: the office proposes and the headquarters decides; a proposal by the decider (or by 市委、市政府,
            // who have no part in the road and construction plans) replaced the office's and was cited under the office's clause.
            throw new LifecycleAuthorityException(Name, nameof(ResponseTrigger.Propose), actor, _authority.ProposedBy, _authority.ProposalBasis(level))
            {
                // Named in the refusal for people (无权提出启动Ⅰ级响应的建议), as a refused decision names its level.
                Level = level,
            };
        }

        _machine.Fire(_propose, new LevelDecision(level, actor, at, reason));
    }

    /// <summary>The decider turns the proposal down; the response returns to NotActivated, or stays at the level in force.</summary>
    /// <exception cref="LifecycleTransitionException">Nothing is proposed.</exception>
    /// <exception cref="LifecycleAuthorityException">The actor could not have activated the proposed level.</exception>
    public void Decline(LifecycleActor actor, DateTimeOffset at, string reason)
    {
        CheckArguments(actor, at, reason);
        EnsureStateAccepts(ResponseTrigger.Decline);
        if (!MayDecline(actor))
        {
            throw AuthorityRefused(ResponseTrigger.Decline, actor, _snapshot.ProposedLevel!.Value);
        }

        _machine.Fire(_decline, new Decision(actor, at, reason));
    }

    /// <summary>Activates the response at <paramref name="level"/>; the actor becomes the responsible body.</summary>
    /// <exception cref="LifecycleTransitionException">The response is already active (a terminated one may be activated again).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The plan has no such level.</exception>
    /// <exception cref="LifecycleAuthorityException">The actor may not activate that level.</exception>
    public void Activate(ResponseLevel level, LifecycleActor actor, DateTimeOffset at, string reason)
    {
        CheckArguments(actor, at, reason);
        EnsureStateAccepts(ResponseTrigger.Activate);
        EnsureLevelDefined(level, nameof(level));
        if (!MayActivate(level, actor))
        {
            throw AuthorityRefused(ResponseTrigger.Activate, actor, level);
        }

        _machine.Fire(_activate, new LevelDecision(level, actor, at, reason));
    }

    /// <summary>Raises or lowers an active response; the actor becomes the responsible body.</summary>
    /// <exception cref="LifecycleTransitionException">The response is not active.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The plan has no such level.</exception>
    /// <exception cref="ArgumentException">The new level is the current one.</exception>
    /// <exception cref="LifecycleAuthorityException">
    /// The actor lacks the authority for the new level, or tries to lower and is neither the responsible body nor a role above it in its organ.
    /// </exception>
    public void Adjust(ResponseLevel newLevel, LifecycleActor actor, DateTimeOffset at, string reason)
    {
        CheckArguments(actor, at, reason);
        EnsureStateAccepts(ResponseTrigger.Adjust);
        EnsureLevelDefined(newLevel, nameof(newLevel));
        var current = _snapshot.Level!.Value;
        if (newLevel == current)
        {
            throw new ArgumentException($"The response is already at level {current}; an adjustment must change the level.", nameof(newLevel));
        }

        // A lowering is first a decision on the level in force, which is whoever decided it's (谁启动、谁终止, per organ; ADR 0003): refused
        // for that before the new level's authority, or an undelegated deputy lowering the commander's construction Ⅱ was told the office
        // director may take the response to Ⅲ.
        if (newLevel < current && !MayEnd(actor))
        {
            throw new LifecycleAuthorityException(
                Name, nameof(ResponseTrigger.Adjust), actor, ResponsibleRoles(),
                WithDelegation(WithSuperiors(_authority.AdjustmentBasis)))
            {
                // Named in the refusal for people: whose level it is, from and to which level (a construction duty officer's review, s58 #5:
                // 无权调整响应级别, citing 4.4 alone, said to a deputy who had just raised the same commander's level on his delegation).
                Level = newLevel,
                FromLevel = current,
                DecidedBy = _snapshot.ResponsibleBody!.RoleId,
                ActorDelegated = actor.DelegatedByCommander,
            };
        }

        if (!_authority.MayActivate(actor, newLevel))
        {
            throw AuthorityRefused(ResponseTrigger.Adjust, actor, newLevel);
        }

        _machine.Fire(_adjust, new LevelDecision(newLevel, actor, at, reason));
    }

    /// <summary>Ends the response.</summary>
    /// <exception cref="LifecycleTransitionException">The response is not active.</exception>
    /// <exception cref="LifecycleAuthorityException">The actor is neither the responsible body nor a role above it in its organ (谁启动、谁结束).</exception>
    public void Terminate(LifecycleActor actor, DateTimeOffset at, string reason)
    {
        CheckArguments(actor, at, reason);
        EnsureStateAccepts(ResponseTrigger.Terminate);
        EnsureMayEnd(actor, ResponseTrigger.Terminate);

        _machine.Fire(_terminate, new Decision(actor, at, reason));
    }

    /// <summary>
    /// Refuses <paramref name="trigger"/> (an end, or the decline of a proposed end) to an actor that is neither the responsible body nor a
    /// role above it in its organ: only who may end the response settles its end (谁启动、谁终止).
    /// </summary>
    private void EnsureMayEnd(LifecycleActor actor, ResponseTrigger trigger)
    {
        if (!MayEnd(actor))
        {
            throw new LifecycleAuthorityException(Name, trigger.ToString(), actor, ResponsibleRoles(), WithDelegation(WithSuperiors(_authority.TerminationBasis)))
            {
                FromLevel = _snapshot.Level,
                DecidedBy = _snapshot.ResponsibleBody!.RoleId,
                ActorDelegated = actor.DelegatedByCommander,
            };
        }
    }

    /// <summary>
    /// Records the office's proposal to end the active response (N 2.2(2) 提出自然灾害救助应急响应……终止建议); the response stays active, the
    /// proposal pending, until the body that may end it (5.7 按启动响应的相关权限终止响应) terminates or declines.
    /// </summary>
    /// <exception cref="LifecycleTransitionException">
    /// No response is active, the plan has no such proposal, one is already pending, or a higher level is proposed.
    /// </exception>
    /// <exception cref="LifecycleAuthorityException">The actor is not the body the plan has propose an end (the office).</exception>
    /// <exception cref="ArgumentException">The actor may end the response itself (the office's own Ⅳ): it ends it, it does not propose.</exception>
    public void ProposeTermination(LifecycleActor actor, DateTimeOffset at, string reason)
    {
        CheckArguments(actor, at, reason);
        EnsureStateAccepts(ResponseTrigger.ProposeTermination);
        if (!_authority.TerminationProposedBy.Contains(actor.RoleId, StringComparer.Ordinal))
        {
            throw new LifecycleAuthorityException(Name, nameof(ResponseTrigger.ProposeTermination), actor, _authority.TerminationProposedBy,
                _authority.TerminationProposalBasis);
        }

        if (MayEnd(actor))
        {
            throw new ArgumentException($"{actor} started (or stands above the body that started) the level in force and ends it itself; it does not propose its end.", nameof(actor));
        }

        _machine.Fire(_proposeTermination, new Decision(actor, at, reason));
    }

    /// <summary>The body that may end the response turns the office's proposal to end it down; the response stays active at its level.</summary>
    /// <exception cref="LifecycleTransitionException">No end is proposed.</exception>
    /// <exception cref="LifecycleAuthorityException">The actor is neither the responsible body nor a role above it in its organ.</exception>
    public void DeclineTermination(LifecycleActor actor, DateTimeOffset at, string reason)
    {
        CheckArguments(actor, at, reason);
        EnsureStateAccepts(ResponseTrigger.DeclineTermination);
        EnsureMayEnd(actor, ResponseTrigger.DeclineTermination);

        _machine.Fire(_declineTermination, new Decision(actor, at, reason));
    }

    /// <summary>
    /// <paramref name="snapshot"/> as a reader takes it from a stored projection: each response decision with its level facts
    /// (<see cref="LifecycleDecision.Level"/>, <see cref="LifecycleDecision.FromLevel"/>) and its detail for people in the plans' numerals
    /// (<see cref="Said(ResponseLevel?)"/>). A projection stored before the decisions carried the facts (2026-12-05, session 35) has them read
    /// from the detail this lifecycle wrote then, the level's code ("II"), "III→II" for an adjustment, and for a decline the level proposed;
    /// one stored before 2026-12-06 (session 48) has that detail, which now reads Ⅱ级 / Ⅲ级→Ⅱ级 as every decision since is recorded. The
    /// snapshot itself when every decision is as recorded now.
    /// </summary>
    public static ResponseSnapshot WithLevels(ResponseSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Decisions is null || snapshot.Decisions.All(d => d.Detail is null || (d.Level is not null && !IsCode(d.Detail))))
        {
            return snapshot;
        }

        return snapshot with { Decisions = [.. snapshot.Decisions.Select(WithLevel)] };
    }

    /// <summary>A level as a decision's detail says it: Ⅱ级; null for none.</summary>
    private static string? Said(ResponseLevel? level) => level is { } l ? Names.Chinese(l) : null;

    /// <summary>True when <paramref name="detail"/> is as this lifecycle wrote it before 2026-12-06: the contract's letters ("II", "III→II").</summary>
    private static bool IsCode(string detail) => detail.Split('→').All(part => part is "I" or "II" or "III" or "IV");

    private static LifecycleDecision WithLevel(LifecycleDecision d)
    {
        if (d.Detail is not { } detail || !Enum.TryParse<ResponseTrigger>(d.Trigger, out var trigger))
        {
            return d;
        }

        if (d.Level is null)
        {
            var (from, to) = trigger == ResponseTrigger.Adjust && detail.Split('→') is [var f, var t] ? (f, t) : (null, detail);
            if (!Names.TryParseLevel(to, out var level))
            {
                return d;
            }

            d = d with { Level = Names.Of(level), FromLevel = Names.TryParseLevel(from, out var before) ? Names.Of(before) : null };
        }

        if (!IsCode(detail) || !Names.TryParseLevel(d.Level, out var said))
        {
            return d;
        }

        return d with
        {
            Detail = trigger == ResponseTrigger.Adjust && Names.TryParseLevel(d.FromLevel, out var was) ? Names.ChineseChange(was, said) : Names.Chinese(said),
        };
    }

    /// <summary>The machine's structure, for the exported diagram.</summary>
    internal StateMachineInfo GetInfo() => _machine.GetInfo();

    /// <summary>An end may be proposed now: the plan has such a proposal, none is pending, and no higher level is proposed.</summary>
    private bool TerminationMayBeProposed() =>
        _authority.TerminationProposedBy.Count > 0 && !_snapshot.TerminationProposed && _snapshot.ProposedLevel is null;

    private bool MayProposeTermination(LifecycleActor actor) =>
        _authority.TerminationProposedBy.Contains(actor.RoleId, StringComparer.Ordinal) && !MayEnd(actor);

    private bool HigherLevelExists() => _snapshot.Level is { } current && _authority.Levels.Any(l => l > current);

    private bool MayActivate(ResponseLevel level, LifecycleActor actor) =>
        _authority.Levels.Contains(level) && _authority.MayActivate(actor, level);

    private bool MayDecline(LifecycleActor actor) =>
        _snapshot.ProposedLevel is { } proposed && _authority.MayActivate(actor, proposed);

    private bool MayAdjust(ResponseLevel newLevel, LifecycleActor actor) =>
        _snapshot.Level is { } current
        && newLevel != current
        && MayActivate(newLevel, actor)
        && (newLevel > current || MayEnd(actor));

    /// <summary>
    /// The body that activated (or last adjusted), or a role above it in its organ as the plan lists the ranks: the texts have the organ end
    /// the level, not the person (R 5.7 由相应启动应急响应的指挥机构宣布应急响应终止; C 4.6 由启动响应的指挥机构确认并结束; N 5.7 按启动响应的
    /// 相关权限终止响应). So the 指挥长 ends the Ⅱ his 副指挥长 started in his own right (R 5.3.2) or on his delegation (C 4.3.2(2)); a deputy
    /// never ends the commander's level, and the office never a level of the 市指挥部 (another organ).
    /// </summary>
    private bool MayEnd(LifecycleActor actor) =>
        _snapshot.ResponsibleBody is { } body
        && (body.IsSameBodyAs(actor) || _authority.RolesAbove(body.RoleId).Contains(actor.RoleId, StringComparer.Ordinal) || ActsForTheCommander(actor)
            || (_snapshot.Level is { } level && _authority.HoldsTheLevelsOwnAuthority(actor, level)));

    /// <summary>
    /// True when <paramref name="actor"/> acts on the commander's express delegation for a level of the commander's organ that the delegation
    /// could have started: he ends or lowers it as the commander would (C 4.3.2(2) "由市指挥部指挥长或委托副指挥长立即启动Ⅱ级响应"; 4.6 "由启动
    /// 响应的指挥机构确认并结束应急响应": the deputy on the delegation is the 市指挥部 acting; ADR 0003 #76). Not a level the delegation could not
    /// have started (C Ⅰ, 4.3.3(2) 由市指挥部指挥长立即启动), nor one the commander could not end himself (the office's Ⅲ). Only plans whose text
    /// delegates have such a grant (construction); elsewhere the flag is refused before it reaches here.
    /// </summary>
    private bool ActsForTheCommander(LifecycleActor actor) =>
        actor.DelegatedByCommander
        && _snapshot.ResponsibleBody is { } body && _snapshot.Level is { } level
        && (body.RoleId == RoleCatalogue.Commander || _authority.RolesAbove(body.RoleId).Contains(RoleCatalogue.Commander, StringComparer.Ordinal))
        && _authority.DelegationReaches(actor, level);

    /// <summary>
    /// The roles <see cref="MayEnd"/> accepts, as a refusal names them: the responsible body first, then those above it, then a role that may
    /// act on the commander's delegation (<c>deputy-commander (delegated by commander)</c>) when the level is the commander's organ's and the
    /// delegation reaches it.
    /// </summary>
    private List<string> ResponsibleRoles()
    {
        var body = _snapshot.ResponsibleBody!.RoleId;
        List<string> roles = [body, .. _authority.RolesAbove(body)];
        if (_snapshot.Level is { } inForce)
        {
            // N 5.7 按启动响应的相关权限: the level's own body, when another decided it last (the 市安委办主任 for the Ⅳ the 副主任 lowered to).
            roles.AddRange(_authority.OwnGrantsThatEnd(inForce).Select(g => g.RoleId).Where(r => !roles.Contains(r, StringComparer.Ordinal)));
        }

        if (roles.Contains(RoleCatalogue.Commander, StringComparer.Ordinal) && _snapshot.Level is { } level)
        {
            roles.AddRange(_authority.GrantsFor(level).Where(g => g.RequiresCommanderDelegation && !roles.Contains(g.RoleId, StringComparer.Ordinal)).Select(g => g.ToString()));
        }

        return roles;
    }

    /// <summary>The plan's rule, and where roles above the responsible body may act too, the reading that lets them.</summary>
    private string WithSuperiors(string basis) =>
        _authority.SuperiorBasis(_snapshot.ResponsibleBody!.RoleId) is { Length: > 0 } reading ? $"{basis}；{reading}" : basis;

    /// <summary>The rule, and where a role may act on the commander's delegation for the level in force (<see cref="ResponsibleRoles"/>), the reading that lets it.</summary>
    private string WithDelegation(string basis) =>
        ResponsibleRoles().Any(r => r.EndsWith(ActivationGrant.DelegationSuffix, StringComparison.Ordinal))
        && _authority.DelegationBasis(_snapshot.Level!.Value) is { Length: > 0 } reading
            ? $"{basis}；{reading}"
            : basis;

    /// <summary>The level proposed, when a decision settles on <paramref name="decided"/> instead; null when none is proposed or it is adopted.</summary>
    private string? NotAdopted(ResponseLevel decided) => _snapshot.ProposedLevel is { } proposed && proposed != decided ? proposed.ToString() : null;

    /// <summary>The body whose level <paramref name="actor"/> ends or lowers, when it is not the actor's own (a role above it decides); else null.</summary>
    private LifecycleActor? StartedByAnother(LifecycleActor actor) =>
        // The deputy on the commander's delegation acts as the commander, not as a rank above whoever decided it (the timeline says 受…委托).
        _snapshot.ResponsibleBody is { } body && !body.IsSameBodyAs(actor) && !(ActsForTheCommander(actor) && body.RoleId == RoleCatalogue.Commander) ? body : null;

    private void OnProposed(LevelDecision d) => _snapshot = _snapshot with
    {
        ProposedLevel = d.Level,
        // Proposed after an earlier response ended: nothing is in force while the proposal waits (the ended level is in the decisions).
        Level = null,
        ResponsibleBody = null,
        Decisions = DecisionRules.Append(_snapshot.Decisions, d.Record(ResponseTrigger.Propose, Names.Chinese(d.Level), d.Level)),
    };

    private void OnProposedWhileActive(LevelDecision d) => _snapshot = _snapshot with
    {
        ProposedLevel = d.Level,
        Decisions = DecisionRules.Append(_snapshot.Decisions, d.Record(ResponseTrigger.Propose, Names.Chinese(d.Level), d.Level)),
    };

    private void OnDeclined(Decision d) => _snapshot = _snapshot with
    {
        Decisions = DecisionRules.Append(_snapshot.Decisions, d.Record(ResponseTrigger.Decline, Said(_snapshot.ProposedLevel), _snapshot.ProposedLevel)),
        ProposedLevel = null,
    };

    private void OnTerminationProposed(Decision d) => _snapshot = _snapshot with
    {
        TerminationProposed = true,
        Decisions = DecisionRules.Append(_snapshot.Decisions, d.Record(ResponseTrigger.ProposeTermination, Said(_snapshot.Level), _snapshot.Level)),
    };

    private void OnTerminationDeclined(Decision d) => _snapshot = _snapshot with
    {
        TerminationProposed = false,
        Decisions = DecisionRules.Append(_snapshot.Decisions, d.Record(ResponseTrigger.DeclineTermination, Said(_snapshot.Level), _snapshot.Level)),
    };

    private void OnActivated(LevelDecision d) => _snapshot = _snapshot with
    {
        ProposedLevel = StillPending(d),
        Level = d.Level,
        ResponsibleBody = d.Actor,
        // The decider may choose another level than proposed (R 5.3.2 由市指挥部指挥长或副指挥长决定): the proposal is then not adopted, and the
        // record says so rather than leaving it without an answer; unless it was not the decider's to answer (StillPending).
        Decisions = DecisionRules.Append(_snapshot.Decisions, d.Record(ResponseTrigger.Activate, Names.Chinese(d.Level), d.Level) with
        {
            ProposalNotAdopted = StillPending(d) is null ? NotAdopted(d.Level) : null,
        }),
    };

    /// <summary>
    /// The proposal that stays pending after <paramref name="d"/> puts a lower level in force: a higher level proposed that the actor holds no
    /// authority over (R 5.3.1 "向市指挥部提出启动Ⅰ级应急响应的建议,由市指挥部指挥长决定启动Ⅰ级响应": a 副指挥长's Ⅱ (5.3.2) does not answer it, as
    /// he may not decline it). It waits for the body that may decide it, with the lower level in force, as a proposal made while a level is in
    /// force does. Null when nothing is proposed, when the decision reaches the proposed level or goes above it, or when the actor could have
    /// decided the proposed level and chose another (then it is not adopted).
    /// </summary>
    private ResponseLevel? StillPending(LevelDecision d) =>
        _snapshot.ProposedLevel is { } proposed && proposed > d.Level && !_authority.MayActivate(d.Actor, proposed) ? proposed : null;

    private void OnAdjusted(LevelDecision d) => _snapshot = _snapshot with
    {
        // A raise by another body is its own decision at a level it holds; a lowering by another is by a role above the responsible body.
        // A pending proposal of a higher level is settled by the adjustment: adopted when it took that level, else not adopted, unless the actor
        // holds no authority over the proposed level (StillPending).
        Decisions = DecisionRules.Append(_snapshot.Decisions, d.Record(ResponseTrigger.Adjust, Names.ChineseChange(_snapshot.Level, d.Level), d.Level, _snapshot.Level) with
        {
            StartedBy = d.Level < _snapshot.Level ? StartedByAnother(d.Actor) : null,
            ProposalNotAdopted = StillPending(d) is null ? NotAdopted(d.Level) : null,
        }),
        ProposedLevel = StillPending(d),
        // The decider runs the response on at another level: a pending proposal to end it is settled, not adopted.
        TerminationProposed = false,
        Level = d.Level,
        ResponsibleBody = d.Actor,
    };

    private void OnTerminated(Decision d) => _snapshot = _snapshot with
    {
        Decisions = DecisionRules.Append(_snapshot.Decisions, d.Record(ResponseTrigger.Terminate, Said(_snapshot.Level), _snapshot.Level) with
        {
            StartedBy = StartedByAnother(d.Actor),
            ProposalNotAdopted = _snapshot.ProposedLevel?.ToString(),
        }),
        ProposedLevel = null,
        TerminationProposed = false,
    };

    private void CheckArguments(LifecycleActor actor, DateTimeOffset at, string reason)
    {
        DecisionRules.RequireActor(actor, nameof(actor));
        DecisionRules.RequireReason(reason, nameof(reason));
        DecisionRules.RequireTime(at, _snapshot.Decisions, nameof(at));
    }

    private void EnsureStateAccepts(ResponseTrigger trigger)
    {
        if (!_machine.CanFire(trigger))
        {
            throw LifecycleTransitionException.Refused(Name, State, trigger, PermittedTriggers);
        }
    }

    private void EnsureLevelDefined(ResponseLevel level, string paramName)
    {
        if (!_authority.Levels.Contains(level))
        {
            throw new ArgumentOutOfRangeException(
                paramName, level, $"The plan has no level {level}; its levels are {string.Join(", ", _authority.Levels)}.");
        }
    }

    private LifecycleAuthorityException AuthorityRefused(ResponseTrigger trigger, LifecycleActor actor, ResponseLevel level)
    {
        var grants = _authority.GrantsFor(level);
        return new LifecycleAuthorityException(
            Name, trigger.ToString(), actor, [.. grants.Select(g => g.ToString())],
            ActivationGrant.Bases(grants))
        {
            // Named in the refusal for people (a construction duty officer's review: 无权启动响应 said no level, nor what the office may do).
            Level = level,
            FromLevel = trigger == ResponseTrigger.Adjust ? _snapshot.Level : null,
        };
    }

    private static void Validate(ResponseSnapshot snapshot)
    {
        if (snapshot.Decisions is null)
        {
            throw new ArgumentException("A response snapshot needs a decision list (empty for a new response).", nameof(snapshot));
        }

        var consistent = snapshot.State switch
        {
            ResponseState.NotActivated => snapshot.ProposedLevel is null && snapshot.Level is null && snapshot.ResponsibleBody is null,
            ResponseState.Proposed => snapshot.ProposedLevel is not null && snapshot.Level is null && snapshot.ResponsibleBody is null,
            ResponseState.Active => snapshot.Level is not null && snapshot.ResponsibleBody is not null && (snapshot.ProposedLevel is null || snapshot.ProposedLevel > snapshot.Level),
            ResponseState.Terminated => snapshot.ProposedLevel is null && snapshot.Level is not null && snapshot.ResponsibleBody is not null,
            _ => false,
        };
        if (!consistent || (snapshot.TerminationProposed && (snapshot.State != ResponseState.Active || snapshot.ProposedLevel is not null)))
        {
            throw new ArgumentException($"Inconsistent response snapshot for state {snapshot.State}: {snapshot}.", nameof(snapshot));
        }
    }

    /// <summary>
    /// A decision as recorded: <paramref name="detail"/> for people ("Ⅲ级→Ⅱ级"); <paramref name="level"/> and <paramref name="from"/> the level
    /// facts a reader takes instead (<see cref="LifecycleDecision.Level"/>, <see cref="LifecycleDecision.FromLevel"/>).
    /// </summary>
    private static LifecycleDecision Recorded(ResponseTrigger trigger, LifecycleActor actor, DateTimeOffset at, string reason, string? detail,
        ResponseLevel? level, ResponseLevel? from) =>
        new(trigger.ToString(), actor, at, reason, detail, Level: level is { } l ? Names.Of(l) : null, FromLevel: from is { } f ? Names.Of(f) : null);

    private sealed record Decision(LifecycleActor Actor, DateTimeOffset At, string Reason)
    {
        public LifecycleDecision Record(ResponseTrigger trigger, string? detail, ResponseLevel? level) => Recorded(trigger, Actor, At, Reason, detail, level, null);
    }

    private sealed record LevelDecision(ResponseLevel Level, LifecycleActor Actor, DateTimeOffset At, string Reason)
    {
        public LifecycleDecision Record(ResponseTrigger trigger, string? detail, ResponseLevel level, ResponseLevel? from = null) =>
            Recorded(trigger, Actor, At, Reason, detail, level, from);
    }
}
