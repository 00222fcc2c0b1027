using Stateless;
using Stateless.Reflection;

namespace EmergencyPlans.Core.Lifecycles;

/// <summary>Where a reporting obligation stands. Overdue is not a state: it is derived at read time from the due time and the clock.</summary>
public enum ObligationState
{
    /// <summary>Not yet met.</summary>
    Due = 0,
    /// <summary>The report was filed, on time or late (final).</summary>
    Met = 2,
    /// <summary>The obligation no longer applies, e.g. a continuation report after the final report (final).</summary>
    Cancelled = 3,
}

/// <summary>What can happen to a reporting obligation.</summary>
public enum ObligationTrigger
{
    /// <summary>The report was filed.</summary>
    Fulfil,
    /// <summary>The obligation no longer applies.</summary>
    Cancel,
}

/// <summary>What a store persists for an obligation lifecycle.</summary>
/// <param name="State">The state.</param>
/// <param name="DueAt">When the report is due; null for an untimed duty (及时, 立即, on completion).</param>
/// <param name="FiledAt">When the report was made.</param>
/// <param name="OnTime">Whether it was made by <paramref name="DueAt"/>; null until met, and for untimed duties.</param>
/// <param name="Decisions">Filing and cancellation decisions, oldest first.</param>
public readonly record struct ObligationSnapshot(
    ObligationState State,
    DateTimeOffset? DueAt,
    DateTimeOffset? FiledAt,
    bool? OnTime,
    IReadOnlyList<LifecycleDecision> Decisions)
{
    /// <summary>A new obligation, due at <paramref name="dueAt"/> (null: untimed).</summary>
    public static ObligationSnapshot New(DateTimeOffset? dueAt) => new(ObligationState.Due, dueAt, null, null, []);
}

/// <summary>
/// The lifecycle of one reporting obligation (e.g. "phone 市委、市政府 within 30 minutes", road 5.1.1):
/// Due → Met (on time or late), or Due → Cancelled.
/// </summary>
/// <remarks>
/// <para>On time means filed at or before the due time ("30分钟内", "不得晚于事发后30分钟"): the
/// clock is the time the report was made, which the caller passes in. So a phone report made on
/// time but entered later still counts as on time.</para>
/// <para>Overdue is a reading of the clock, not a transition: a Due obligation is overdue whenever
/// now is past its due time (<see cref="IsOverdueAt"/>). No system write is needed to mark it, so
/// the passing of time never changes an incident's version under a person's If-Match.</para>
/// </remarks>
public sealed class ObligationLifecycle
{
    private const string Name = nameof(ObligationLifecycle);

    private readonly StateMachine<ObligationState, ObligationTrigger> _machine;
    private readonly StateMachine<ObligationState, ObligationTrigger>.TriggerWithParameters<Filing> _fulfil;
    private readonly StateMachine<ObligationState, ObligationTrigger>.TriggerWithParameters<Filing> _cancel;
    private ObligationSnapshot _snapshot;

    /// <summary>A new obligation, due at <paramref name="dueAt"/> (null: untimed).</summary>
    public ObligationLifecycle(DateTimeOffset? dueAt)
        : this(ObligationSnapshot.New(dueAt))
    {
    }

    /// <summary>An obligation as a store persisted it.</summary>
    /// <exception cref="ArgumentException">The snapshot is inconsistent (e.g. Met without a filing time).</exception>
    public ObligationLifecycle(ObligationSnapshot snapshot)
    {
        Validate(snapshot);
        _snapshot = snapshot;

        _machine = new StateMachine<ObligationState, ObligationTrigger>(() => _snapshot.State, s => _snapshot = _snapshot with { State = s });
        _fulfil = _machine.SetTriggerParameters<Filing>(ObligationTrigger.Fulfil);
        _cancel = _machine.SetTriggerParameters<Filing>(ObligationTrigger.Cancel);

        _machine.Configure(ObligationState.Due)
            .Permit(ObligationTrigger.Fulfil, ObligationState.Met)
            .Permit(ObligationTrigger.Cancel, ObligationState.Cancelled);

        _machine.Configure(ObligationState.Met)
            .OnEntryFrom(_fulfil, OnFulfilled, "record filing time and whether on time");

        _machine.Configure(ObligationState.Cancelled)
            .OnEntryFrom(_cancel, f => Record(f.Record(ObligationTrigger.Cancel, null)), "record who cancelled and why");

        _machine.OnUnhandledTrigger((state, trigger) => throw LifecycleTransitionException.Refused(Name, state, trigger, PermittedTriggers));
    }

    /// <summary>The current state.</summary>
    public ObligationState State => _snapshot.State;

    /// <summary>When the report is due; null for an untimed duty.</summary>
    public DateTimeOffset? DueAt => _snapshot.DueAt;

    /// <summary>When the report was made; null until met.</summary>
    public DateTimeOffset? FiledAt => _snapshot.FiledAt;

    /// <summary>Whether the report was made by the due time; null until met and for untimed duties.</summary>
    public bool? OnTime => _snapshot.OnTime;

    /// <summary>Filing and cancellation decisions, oldest first.</summary>
    public IReadOnlyList<LifecycleDecision> Decisions => _snapshot.Decisions;

    /// <summary>Everything a store needs to rebuild this lifecycle.</summary>
    public ObligationSnapshot Snapshot => _snapshot;

    /// <summary>The triggers a person may fire in the current state.</summary>
    public IReadOnlyList<ObligationTrigger> PermittedTriggers => [.. Enum.GetValues<ObligationTrigger>().Where(t => _machine.CanFire(t))];

    /// <summary>True when the current state accepts <paramref name="trigger"/>.</summary>
    public bool CanFire(ObligationTrigger trigger) => _machine.CanFire(trigger);

    /// <summary>True when the obligation is Due and <paramref name="now"/> is past its due time.</summary>
    public bool IsOverdueAt(DateTimeOffset now) => State == ObligationState.Due && _snapshot.DueAt is { } due && now > due;

    /// <summary>Records the report as made at <paramref name="filedAt"/>; on time when filedAt ≤ due time.</summary>
    /// <exception cref="LifecycleTransitionException">The obligation is already met or cancelled.</exception>
    public void Fulfil(LifecycleActor filedBy, DateTimeOffset filedAt, string note)
    {
        DecisionRules.RequireActor(filedBy, nameof(filedBy));
        DecisionRules.RequireReason(note, nameof(note));
        if (filedAt == default)
        {
            throw new ArgumentException("The filing time is required.", nameof(filedAt));
        }

        // A refusal is the machine's own (its unhandled-trigger handler throws the same LifecycleTransitionException): no second look-up first.
        _machine.Fire(_fulfil, new Filing(filedBy, filedAt, note));
    }

    /// <summary>The obligation no longer applies.</summary>
    /// <exception cref="LifecycleTransitionException">The obligation is not pending (Due).</exception>
    public void Cancel(LifecycleActor actor, DateTimeOffset at, string reason)
    {
        DecisionRules.RequireActor(actor, nameof(actor));
        DecisionRules.RequireReason(reason, nameof(reason));
        DecisionRules.RequireTime(at, _snapshot.Decisions, nameof(at));
        // A refusal is the machine's own (its unhandled-trigger handler throws the same LifecycleTransitionException): no second look-up first.
        _machine.Fire(_cancel, new Filing(actor, at, reason));
    }

    /// <summary>
    /// Points this lifecycle at another obligation as a store persisted it, so one configured machine serves every duty
    /// of an incident in turn (an incident may raise thousands; configuring a machine costs more than firing it).
    /// </summary>
    /// <exception cref="ArgumentException">The snapshot is inconsistent.</exception>
    public void Reload(ObligationSnapshot snapshot)
    {
        Validate(snapshot);
        _snapshot = snapshot;
    }

    /// <summary>The machine's structure, for the exported diagram.</summary>
    internal StateMachineInfo GetInfo() => _machine.GetInfo();

    private void OnFulfilled(Filing f)
    {
        bool? onTime = _snapshot.DueAt is { } due ? f.At <= due : null;
        // One copy of the snapshot, not one for the filing and another for its decision.
        _snapshot = _snapshot with
        {
            FiledAt = f.At,
            OnTime = onTime,
            Decisions = DecisionRules.Append(_snapshot.Decisions, f.Record(ObligationTrigger.Fulfil, onTime switch { true => "on time", false => "late", null => null })),
        };
    }

    private void Record(LifecycleDecision decision) =>
        _snapshot = _snapshot with { Decisions = DecisionRules.Append(_snapshot.Decisions, decision) };

    private static void Validate(ObligationSnapshot snapshot)
    {
        if (snapshot.Decisions is null || snapshot.DueAt == default(DateTimeOffset))
        {
            throw new ArgumentException("An obligation snapshot needs a decision list, and a due time that is set when given.", nameof(snapshot));
        }

        var met = snapshot.FiledAt is not null && (snapshot.OnTime is not null) == (snapshot.DueAt is not null);
        var notMet = snapshot.FiledAt is null && snapshot.OnTime is null;
        var consistent = snapshot.State switch
        {
            ObligationState.Due => notMet,
            ObligationState.Met => met,
            ObligationState.Cancelled => notMet,
            _ => false,
        };
        if (!consistent)
        {
            throw new ArgumentException($"Inconsistent obligation snapshot for state {snapshot.State}: {snapshot}.", nameof(snapshot));
        }
    }

    private sealed record Filing(LifecycleActor Actor, DateTimeOffset At, string Reason)
    {
        public LifecycleDecision Record(ObligationTrigger trigger, string? detail) => new(trigger.ToString(), Actor, At, Reason, detail);
    }
}
