using Stateless;
using Stateless.Reflection;

namespace EmergencyPlans.Core.Lifecycles;

/// <summary>Where an incident stands in its reporting (首报 → 续报 → 终报) and closure.</summary>
public enum ReportingState
{
    /// <summary>The first report (首报) is in.</summary>
    Open = 0,
    /// <summary>At least one continuation report (续报) is in.</summary>
    Reporting = 1,
    /// <summary>The final report (终报) is in; no more reports are taken.</summary>
    FinalReported = 2,
    /// <summary>Closed (final).</summary>
    Closed = 3,
}

/// <summary>What can happen to an incident once opened by its first report.</summary>
public enum ReportingTrigger
{
    /// <summary>A continuation report (续报).</summary>
    FileContinuation,
    /// <summary>The final report (终报).</summary>
    FileFinal,
    /// <summary>Close the incident.</summary>
    Close,
}

/// <summary>What a store persists for an incident lifecycle.</summary>
/// <param name="State">The state.</param>
/// <param name="FirstReportAt">When the first report was made.</param>
/// <param name="ContinuationCount">How many continuation reports are in.</param>
/// <param name="LastReportAt">When the latest report of any kind was made.</param>
/// <param name="Decisions">Reports and the closing decision, oldest first.</param>
public sealed record ReportingSnapshot(
    ReportingState State,
    DateTimeOffset FirstReportAt,
    int ContinuationCount,
    DateTimeOffset LastReportAt,
    IReadOnlyList<LifecycleDecision> Decisions);

/// <summary>
/// The lifecycle of one incident as the duty office follows it: Open (首报) → Reporting (续报, any
/// number) → FinalReported (终报) → Closed.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Opening is the first report: an incident exists for the office from the moment it is first
/// reported (road 5.1.2, construction 4.1 "首报要快").</item>
/// <item>The final report may follow the first directly (a small incident needs no continuation),
/// and nothing is reported after it: it carries the outcome (处置结果、善后安置…), so later facts
/// belong to a new report chain, not to this one. For the same reason the incident refuses it while
/// a response is proposed or in force (<c>Incident.FileReport</c>).</item>
/// <item>Closing needs the final report ("有始有终", road 5.1.2) and a response that is terminated or
/// was never activated; a pending proposal or an active response keeps the incident open. The
/// response state is passed in, so this lifecycle does not own the response.</item>
/// </list>
/// </remarks>
public sealed class ReportingLifecycle
{
    private const string Name = nameof(ReportingLifecycle);

    private readonly StateMachine<ReportingState, ReportingTrigger> _machine;
    private readonly StateMachine<ReportingState, ReportingTrigger>.TriggerWithParameters<Report> _continuation;
    private readonly StateMachine<ReportingState, ReportingTrigger>.TriggerWithParameters<Report> _final;
    private readonly StateMachine<ReportingState, ReportingTrigger>.TriggerWithParameters<Closing> _close;
    private ReportingSnapshot _snapshot;

    /// <summary>An incident as a store persisted it.</summary>
    /// <exception cref="ArgumentException">The snapshot is inconsistent.</exception>
    public ReportingLifecycle(ReportingSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Validate(snapshot);
        _snapshot = snapshot;

        _machine = new StateMachine<ReportingState, ReportingTrigger>(() => _snapshot.State, s => _snapshot = _snapshot with { State = s });
        _continuation = _machine.SetTriggerParameters<Report>(ReportingTrigger.FileContinuation);
        _final = _machine.SetTriggerParameters<Report>(ReportingTrigger.FileFinal);
        _close = _machine.SetTriggerParameters<Closing>(ReportingTrigger.Close);

        _machine.Configure(ReportingState.Open)
            .Permit(ReportingTrigger.FileContinuation, ReportingState.Reporting)
            .Permit(ReportingTrigger.FileFinal, ReportingState.FinalReported);

        _machine.Configure(ReportingState.Reporting)
            .OnEntryFrom(_continuation, OnContinuation, "count the continuation report")
            .PermitReentry(ReportingTrigger.FileContinuation)
            .Permit(ReportingTrigger.FileFinal, ReportingState.FinalReported);

        _machine.Configure(ReportingState.FinalReported)
            .OnEntryFrom(_final, r => OnReport(r, ReportingTrigger.FileFinal), "record the final report")
            .PermitIf(_close, ReportingState.Closed, c => c is null || ResponseAllowsClosing(c.ResponseState), "response terminated or never activated");

        _machine.Configure(ReportingState.Closed)
            .OnEntryFrom(_close, c => Record(new LifecycleDecision(nameof(ReportingTrigger.Close), c.Actor, c.At, c.Reason, $"response {c.ResponseState}")), "record who closed and why");

        _machine.OnUnhandledTrigger((state, trigger) => throw LifecycleTransitionException.Refused(Name, state, trigger, PermittedTriggers));
    }

    /// <summary>The current state.</summary>
    public ReportingState State => _snapshot.State;

    /// <summary>When the first report was made.</summary>
    public DateTimeOffset FirstReportAt => _snapshot.FirstReportAt;

    /// <summary>How many continuation reports are in.</summary>
    public int ContinuationCount => _snapshot.ContinuationCount;

    /// <summary>When the latest report was made.</summary>
    public DateTimeOffset LastReportAt => _snapshot.LastReportAt;

    /// <summary>Reports and the closing decision, oldest first.</summary>
    public IReadOnlyList<LifecycleDecision> Decisions => _snapshot.Decisions;

    /// <summary>Everything a store needs to rebuild this lifecycle.</summary>
    public ReportingSnapshot Snapshot => _snapshot;

    /// <summary>The triggers the current state accepts (closing shown whatever the response's state).</summary>
    public IReadOnlyList<ReportingTrigger> PermittedTriggers => [.. Enum.GetValues<ReportingTrigger>().Where(t => _machine.CanFire(t))];

    /// <summary>True when the current state accepts <paramref name="trigger"/>.</summary>
    public bool CanFire(ReportingTrigger trigger) => _machine.CanFire(trigger);

    /// <summary>True when the incident may be closed now, given the response's state.</summary>
    public bool CanClose(ResponseState responseState) =>
        CanFire(ReportingTrigger.Close) && ResponseAllowsClosing(responseState);

    /// <summary>Opens an incident with its first report (首报).</summary>
    public static ReportingLifecycle Open(LifecycleActor reportedBy, DateTimeOffset at, string summary)
    {
        DecisionRules.RequireActor(reportedBy, nameof(reportedBy));
        DecisionRules.RequireReason(summary, nameof(summary));
        DecisionRules.RequireTime(at, [], nameof(at));
        var first = new LifecycleDecision("FileFirst", reportedBy, at, summary);
        return new ReportingLifecycle(new ReportingSnapshot(ReportingState.Open, at, 0, at, [first]));
    }

    /// <summary>Records a continuation report (续报).</summary>
    /// <exception cref="LifecycleTransitionException">The final report is in, or the incident is closed.</exception>
    public void FileContinuation(LifecycleActor reportedBy, DateTimeOffset at, string summary)
    {
        CheckArguments(reportedBy, at, summary, nameof(reportedBy), nameof(summary));
        // A refusal is the machine's own (its unhandled-trigger handler throws the same LifecycleTransitionException): no second look-up first.
        _machine.Fire(_continuation, new Report(reportedBy, at, summary));
    }

    /// <summary>Records the final report (终报); no report is taken after it.</summary>
    /// <exception cref="LifecycleTransitionException">The final report is already in, or the incident is closed.</exception>
    public void FileFinal(LifecycleActor reportedBy, DateTimeOffset at, string summary)
    {
        CheckArguments(reportedBy, at, summary, nameof(reportedBy), nameof(summary));
        // A refusal is the machine's own (its unhandled-trigger handler throws the same LifecycleTransitionException): no second look-up first.
        _machine.Fire(_final, new Report(reportedBy, at, summary));
    }

    /// <summary>Closes the incident.</summary>
    /// <param name="responseState">The state of the incident's response (NotActivated when none was ever proposed).</param>
    /// <param name="actor">Who closes it.</param>
    /// <param name="at">When.</param>
    /// <param name="reason">Why.</param>
    /// <exception cref="LifecycleTransitionException">
    /// The final report is not in, or the response is still proposed or active.
    /// </exception>
    public void Close(ResponseState responseState, LifecycleActor actor, DateTimeOffset at, string reason)
    {
        CheckArguments(actor, at, reason, nameof(actor), nameof(reason));
        EnsureStateAccepts(ReportingTrigger.Close);
        if (!ResponseAllowsClosing(responseState))
        {
            throw LifecycleTransitionException.Refused(
                Name, State, ReportingTrigger.Close, PermittedTriggers,
                $"the response is {responseState}; it must be terminated (or never activated) first");
        }

        _machine.Fire(_close, new Closing(responseState, actor, at, reason));
    }

    /// <summary>The machine's structure, for the exported diagram.</summary>
    internal StateMachineInfo GetInfo() => _machine.GetInfo();

    private static bool ResponseAllowsClosing(ResponseState responseState) =>
        responseState is ResponseState.NotActivated or ResponseState.Terminated;

    private void OnContinuation(Report r) => OnReport(r, ReportingTrigger.FileContinuation, continuations: 1);

    // One copy of the snapshot per report: the count, the time and the decision were three copies in a row, two dropped at once.
    private void OnReport(Report r, ReportingTrigger trigger, int continuations = 0) =>
        _snapshot = _snapshot with
        {
            ContinuationCount = _snapshot.ContinuationCount + continuations,
            LastReportAt = r.At,
            Decisions = DecisionRules.Append(_snapshot.Decisions, new LifecycleDecision(trigger.ToString(), r.Actor, r.At, r.Summary)),
        };

    private void Record(LifecycleDecision decision) =>
        _snapshot = _snapshot with { Decisions = DecisionRules.Append(_snapshot.Decisions, decision) };

    private void CheckArguments(LifecycleActor actor, DateTimeOffset at, string text, string actorParamName, string textParamName)
    {
        DecisionRules.RequireActor(actor, actorParamName);
        DecisionRules.RequireReason(text, textParamName);
        DecisionRules.RequireTime(at, _snapshot.Decisions, nameof(at));
    }

    private void EnsureStateAccepts(ReportingTrigger trigger)
    {
        if (!_machine.CanFire(trigger))
        {
            throw LifecycleTransitionException.Refused(Name, State, trigger, PermittedTriggers);
        }
    }

    private static void Validate(ReportingSnapshot snapshot)
    {
        var consistent = snapshot.Decisions is not null
            && snapshot.FirstReportAt != default
            && snapshot.LastReportAt >= snapshot.FirstReportAt
            && snapshot.ContinuationCount >= 0
            && (snapshot.State != ReportingState.Open || snapshot.ContinuationCount == 0)
            && (snapshot.State != ReportingState.Reporting || snapshot.ContinuationCount > 0)
            && Enum.IsDefined(snapshot.State);
        if (!consistent)
        {
            throw new ArgumentException($"Inconsistent incident snapshot for state {snapshot.State}: {snapshot}.", nameof(snapshot));
        }
    }

    private sealed record Report(LifecycleActor Actor, DateTimeOffset At, string Summary);

    private sealed record Closing(ResponseState ResponseState, LifecycleActor Actor, DateTimeOffset At, string Reason);
}
