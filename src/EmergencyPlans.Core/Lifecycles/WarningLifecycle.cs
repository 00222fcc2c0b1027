using EmergencyPlans.Core.Domain;
using Stateless;
using Stateless.Reflection;

namespace EmergencyPlans.Core.Lifecycles;

/// <summary>Where a road-traffic warning stands.</summary>
public enum WarningState
{
    /// <summary>The office has proposed a colour (提出建议); awaiting approval.</summary>
    Proposed = 0,
    /// <summary>Approved and issued (发布); in force.</summary>
    Issued = 1,
    /// <summary>Issued, then its colour was adjusted (预警级别调整); in force.</summary>
    Adjusted = 2,
    /// <summary>Lifted (解除) by its issuer (final).</summary>
    Lifted = 3,
    /// <summary>The approver turned the proposal down (final).</summary>
    Rejected = 4,
}

/// <summary>What can happen to a road-traffic warning once proposed.</summary>
public enum WarningTrigger
{
    /// <summary>Approve and issue the proposed colour.</summary>
    Issue,
    /// <summary>The approver turns the proposal down.</summary>
    Reject,
    /// <summary>Change the colour of a warning in force.</summary>
    Adjust,
    /// <summary>Lift the warning.</summary>
    Lift,
}

/// <summary>What a store persists for a warning lifecycle.</summary>
/// <param name="State">The state.</param>
/// <param name="Colour">The colour proposed, or in force, or last in force; null for a plan whose warnings have no colour (construction 3.2.2).</param>
/// <param name="ProposedBy">Who proposed it.</param>
/// <param name="ApprovedBy">Who approved the colour in force; null until issued.</param>
/// <param name="IssuedBy">Who issued it, and so lifts it; null until issued.</param>
/// <param name="Decisions">Every decision, oldest first.</param>
public sealed record WarningSnapshot(
    WarningState State,
    WarningColour? Colour,
    LifecycleActor ProposedBy,
    LifecycleActor? ApprovedBy,
    LifecycleActor? IssuedBy,
    IReadOnlyList<LifecycleDecision> Decisions);

/// <summary>
/// The lifecycle of one road-traffic warning (road 4.4–4.6): Proposed(colour) → Issued(colour,
/// approved by, issued by) → Adjusted(colour) → Lifted; or Proposed → Rejected.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Each colour needs its approver's approval before the office issues it (4.4.1); the table
/// comes from <see cref="IWarningAuthority"/>.</item>
/// <item>Adjustment is made by the issuing unit (4.6 "发布预警信息的单位…进行预警级别调整") and
/// needs the approval that the new colour needs, because an adjusted warning is issued at that
/// colour: raising yellow to red needs the province.</item>
/// <item>Lifting: "谁发布、谁解除…由发布单位及时解除预警" (4.6): only the issuer's body lifts, and the
/// text asks for no approval to lift.</item>
/// </list>
/// </remarks>
public sealed class WarningLifecycle
{
    private const string Name = nameof(WarningLifecycle);

    private readonly IWarningAuthority _authority;
    private readonly StateMachine<WarningState, WarningTrigger> _machine;
    private readonly StateMachine<WarningState, WarningTrigger>.TriggerWithParameters<ApprovedDecision> _issue;
    private readonly StateMachine<WarningState, WarningTrigger>.TriggerWithParameters<Decision> _reject;
    private readonly StateMachine<WarningState, WarningTrigger>.TriggerWithParameters<ApprovedDecision> _adjust;
    private readonly StateMachine<WarningState, WarningTrigger>.TriggerWithParameters<Decision> _lift;
    private WarningSnapshot _snapshot;

    /// <summary>A warning as a store persisted it.</summary>
    /// <exception cref="ArgumentException">The snapshot is inconsistent (e.g. Issued without an issuer).</exception>
    public WarningLifecycle(IWarningAuthority authority, WarningSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(authority);
        ArgumentNullException.ThrowIfNull(snapshot);
        Validate(snapshot);
        _authority = authority;
        _snapshot = snapshot;

        _machine = new StateMachine<WarningState, WarningTrigger>(() => _snapshot.State, s => _snapshot = _snapshot with { State = s });
        _issue = _machine.SetTriggerParameters<ApprovedDecision>(WarningTrigger.Issue);
        _reject = _machine.SetTriggerParameters<Decision>(WarningTrigger.Reject);
        _adjust = _machine.SetTriggerParameters<ApprovedDecision>(WarningTrigger.Adjust);
        _lift = _machine.SetTriggerParameters<Decision>(WarningTrigger.Lift);

        // A null decision is Stateless asking CanFire(trigger) without arguments: "does the state accept it".
        _machine.Configure(WarningState.Proposed)
            .PermitIf(_issue, WarningState.Issued, d => d is null || MayIssue(d.Colour, d.ApprovedBy, d.Actor), "approver holds the approval for the colour and the issuer is the office")
            .PermitIf(_reject, WarningState.Rejected, d => d is null || MayApprove(_snapshot.Colour, d.Actor), "actor holds the approval for the colour");

        _machine.Configure(WarningState.Issued)
            .OnEntryFrom(_issue, OnIssued, "record colour, approver and issuer")
            .PermitIf(_adjust, WarningState.Adjusted, d => d is null || MayAdjust(d.Colour, d.ApprovedBy, d.Actor), "issuer adjusts with the approval for the new colour")
            .PermitIf(_lift, WarningState.Lifted, d => d is null || IsIssuer(d.Actor), "actor is the issuer (whoever issued lifts)");

        _machine.Configure(WarningState.Adjusted)
            .OnEntryFrom(_adjust, OnAdjusted, "record new colour and approver")
            .PermitReentryIf(_adjust, d => d is null || MayAdjust(d.Colour, d.ApprovedBy, d.Actor), "issuer adjusts with the approval for the new colour")
            .PermitIf(_lift, WarningState.Lifted, d => d is null || IsIssuer(d.Actor), "actor is the issuer (whoever issued lifts)");

        _machine.Configure(WarningState.Lifted)
            .OnEntryFrom(_lift, d => Record(d.Record(WarningTrigger.Lift, _snapshot.Colour)), "record who lifted and why");

        _machine.Configure(WarningState.Rejected)
            .OnEntryFrom(_reject, d => Record(d.Record(WarningTrigger.Reject, _snapshot.Colour)), "record who rejected and why");

        _machine.OnUnhandledTrigger((state, trigger) => throw LifecycleTransitionException.Refused(Name, state, trigger, PermittedTriggers));
    }

    /// <summary>The current state.</summary>
    public WarningState State => _snapshot.State;

    /// <summary>The colour proposed, or in force, or last in force; null for a plan whose warnings have no colour.</summary>
    public WarningColour? Colour => _snapshot.Colour;

    /// <summary>Who proposed the warning.</summary>
    public LifecycleActor ProposedBy => _snapshot.ProposedBy;

    /// <summary>Who approved the colour in force.</summary>
    public LifecycleActor? ApprovedBy => _snapshot.ApprovedBy;

    /// <summary>Who issued the warning: the body that lifts it.</summary>
    public LifecycleActor? IssuedBy => _snapshot.IssuedBy;

    /// <summary>True while the warning is in force (Issued or Adjusted).</summary>
    public bool IsInForce => State is WarningState.Issued or WarningState.Adjusted;

    /// <summary>Every decision, oldest first.</summary>
    public IReadOnlyList<LifecycleDecision> Decisions => _snapshot.Decisions;

    /// <summary>Everything a store needs to rebuild this lifecycle.</summary>
    public WarningSnapshot Snapshot => _snapshot;

    /// <summary>The triggers the current state accepts, whoever asks.</summary>
    public IReadOnlyList<WarningTrigger> PermittedTriggers => [.. Enum.GetValues<WarningTrigger>().Where(t => _machine.CanFire(t))];

    /// <summary>True when the current state accepts <paramref name="trigger"/> (authority not considered).</summary>
    public bool CanFire(WarningTrigger trigger) => _machine.CanFire(trigger);

    /// <summary>True when <paramref name="actor"/> may lift the warning now.</summary>
    public bool CanLift(LifecycleActor actor) => CanFire(WarningTrigger.Lift) && IsIssuer(actor);

    /// <summary>The office proposes (road 4.4.1) or submits for judgement (construction 3.2.2 提请市指挥部研判) a warning of <paramref name="colour"/>.</summary>
    /// <param name="authority">The plan's warning authority.</param>
    /// <param name="colour">One of the plan's colours; null for a plan whose warnings have none.</param>
    /// <param name="actor">The office.</param>
    /// <param name="at">When.</param>
    /// <param name="reason">Why.</param>
    /// <exception cref="ArgumentOutOfRangeException">The colour is not one the plan defines (or a colour is given to a plan with none).</exception>
    /// <exception cref="LifecycleAuthorityException">The actor is not the issuing office.</exception>
    public static WarningLifecycle Propose(
        IWarningAuthority authority, WarningColour? colour, LifecycleActor actor, DateTimeOffset at, string reason)
    {
        ArgumentNullException.ThrowIfNull(authority);
        DecisionRules.RequireActor(actor, nameof(actor));
        DecisionRules.RequireReason(reason, nameof(reason));
        DecisionRules.RequireTime(at, [], nameof(at));
        EnsureColourDefined(authority, colour, nameof(colour));
        var issuers = authority.IssuerRoles(colour);
        if (!issuers.Contains(actor.RoleId, StringComparer.Ordinal))
        {
            throw new LifecycleAuthorityException(Name, "Propose", actor, issuers, authority.ApprovalRule(colour));
        }

        var proposal = new LifecycleDecision("Propose", actor, at, reason, Said(colour));
        return new WarningLifecycle(authority, new WarningSnapshot(WarningState.Proposed, colour, actor, null, null, [proposal]));
    }

    /// <summary>Issues the proposed colour with <paramref name="approvedBy"/>'s approval.</summary>
    /// <exception cref="LifecycleTransitionException">The warning is not a pending proposal.</exception>
    /// <exception cref="LifecycleAuthorityException">The approver may not approve the colour, or the issuer is not the office.</exception>
    public void Issue(LifecycleActor approvedBy, LifecycleActor issuedBy, DateTimeOffset at, string reason)
    {
        DecisionRules.RequireActor(approvedBy, nameof(approvedBy));
        CheckArguments(issuedBy, at, reason, nameof(issuedBy));
        EnsureStateAccepts(WarningTrigger.Issue);
        var colour = _snapshot.Colour;
        EnsureApprover(WarningTrigger.Issue, colour, approvedBy);
        EnsureIssuerRole(WarningTrigger.Issue, colour, issuedBy);
        _machine.Fire(_issue, new ApprovedDecision(colour, approvedBy, issuedBy, at, reason));
    }

    /// <summary>The approver turns the proposal down.</summary>
    /// <exception cref="LifecycleTransitionException">The warning is not a pending proposal.</exception>
    /// <exception cref="LifecycleAuthorityException">The actor may not approve the colour.</exception>
    public void Reject(LifecycleActor actor, DateTimeOffset at, string reason)
    {
        CheckArguments(actor, at, reason, nameof(actor));
        EnsureStateAccepts(WarningTrigger.Reject);
        EnsureApprover(WarningTrigger.Reject, _snapshot.Colour, actor);
        _machine.Fire(_reject, new Decision(actor, at, reason));
    }

    /// <summary>
    /// The issuer changes the colour of the warning in force, with the new colour's approval; for a plan whose
    /// warnings have no colour, the issuer updates the warning (construction 3.2.2 预警信息发布后发生变更的应及时更新)
    /// with the judgement that issued it, and <paramref name="newColour"/> is null.
    /// </summary>
    /// <exception cref="LifecycleTransitionException">The warning is not in force.</exception>
    /// <exception cref="ArgumentException">The new colour is the current one.</exception>
    /// <exception cref="LifecycleAuthorityException">The actor is not the issuer, or the approver may not approve the new colour.</exception>
    public void Adjust(WarningColour? newColour, LifecycleActor approvedBy, LifecycleActor actor, DateTimeOffset at, string reason)
    {
        DecisionRules.RequireActor(approvedBy, nameof(approvedBy));
        CheckArguments(actor, at, reason, nameof(actor));
        EnsureStateAccepts(WarningTrigger.Adjust);
        EnsureColourDefined(_authority, newColour, nameof(newColour));
        if (newColour is not null && newColour == _snapshot.Colour)
        {
            throw new ArgumentException($"The warning is already {newColour}; an adjustment must change the colour.", nameof(newColour));
        }

        // The new colour's approver first, as for an issue: a deputy raising yellow to orange is refused naming the commander who approves
        // orange (4.4.1), not the office that issues, which would be refused in turn.
        EnsureApprover(WarningTrigger.Adjust, newColour, approvedBy, refusedColour: newColour);
        EnsureIssuer(WarningTrigger.Adjust, actor, _authority.UpdateRule, refusedColour: newColour);
        _machine.Fire(_adjust, new ApprovedDecision(newColour, approvedBy, actor, at, reason));
    }

    /// <summary>The issuer lifts the warning.</summary>
    /// <param name="actor">The issuer.</param>
    /// <param name="at">When.</param>
    /// <param name="reason">Why.</param>
    /// <param name="assessed">What the issuer confirmed of the 4.6 assessment (（经评估符合解除条件，4.6）), said after the colour in the decision's
    /// detail; null when it did not say.</param>
    /// <exception cref="LifecycleTransitionException">The warning is not in force.</exception>
    /// <exception cref="LifecycleAuthorityException">The actor is not the issuer (谁发布、谁解除).</exception>
    public void Lift(LifecycleActor actor, DateTimeOffset at, string reason, string? assessed = null)
    {
        CheckArguments(actor, at, reason, nameof(actor));
        EnsureStateAccepts(WarningTrigger.Lift);
        EnsureIssuer(WarningTrigger.Lift, actor, _authority.LiftRule);
        _machine.Fire(_lift, new Decision(actor, at, reason, assessed));
    }

    /// <summary>The machine's structure, for the exported diagram.</summary>
    internal StateMachineInfo GetInfo() => _machine.GetInfo();

    private bool MayApprove(WarningColour? colour, LifecycleActor approver) =>
        _authority.ApproverRoles(colour).Contains(approver.RoleId, StringComparer.Ordinal);

    private bool MayIssue(WarningColour? colour, LifecycleActor approver, LifecycleActor issuer) =>
        MayApprove(colour, approver) && _authority.IssuerRoles(colour).Contains(issuer.RoleId, StringComparer.Ordinal);

    private bool MayAdjust(WarningColour? colour, LifecycleActor approver, LifecycleActor actor) =>
        (colour is null || colour != _snapshot.Colour) && IsIssuer(actor) && MayApprove(colour, approver);

    private bool IsIssuer(LifecycleActor actor) => _snapshot.IssuedBy is { } issuer && issuer.IsSameBodyAs(actor);

    private void OnIssued(ApprovedDecision d)
    {
        _snapshot = _snapshot with { ApprovedBy = d.ApprovedBy, IssuedBy = d.Actor };
        Record(d.Record(WarningTrigger.Issue));
    }

    private void OnAdjusted(ApprovedDecision d)
    {
        var from = _snapshot.Colour;
        _snapshot = _snapshot with { Colour = d.Colour, ApprovedBy = d.ApprovedBy };
        Record(d.Record(WarningTrigger.Adjust) with { Detail = d.Colour is { } to ? Names.ChineseChange(from, to) : null });
    }

    private void Record(LifecycleDecision decision) =>
        _snapshot = _snapshot with { Decisions = DecisionRules.Append(_snapshot.Decisions, decision) };

    private void CheckArguments(LifecycleActor actor, DateTimeOffset at, string reason, string actorParamName)
    {
        DecisionRules.RequireActor(actor, actorParamName);
        DecisionRules.RequireReason(reason, nameof(reason));
        DecisionRules.RequireTime(at, _snapshot.Decisions, nameof(at));
    }

    private void EnsureStateAccepts(WarningTrigger trigger)
    {
        if (!_machine.CanFire(trigger))
        {
            throw LifecycleTransitionException.Refused(Name, State, trigger, PermittedTriggers);
        }
    }

    /// <summary>Refuses <paramref name="approver"/> unless it may approve <paramref name="colour"/>; on an adjustment the refusal names the new
    /// colour (<see cref="LifecycleAuthorityException.ApprovalRefusedColour"/>, passed as <c>refusedColour</c>).</summary>
    private void EnsureApprover(WarningTrigger trigger, WarningColour? colour, LifecycleActor approver, WarningColour? refusedColour = null)
    {
        if (!MayApprove(colour, approver))
        {
            throw new LifecycleAuthorityException(
                Name, trigger.ToString(), approver, _authority.ApproverRoles(colour), _authority.ApprovalRule(colour)) { ApprovalRefusedColour = refusedColour };
        }
    }

    private void EnsureIssuerRole(WarningTrigger trigger, WarningColour? colour, LifecycleActor issuer)
    {
        var issuers = _authority.IssuerRoles(colour);
        if (!issuers.Contains(issuer.RoleId, StringComparer.Ordinal))
        {
            throw new LifecycleAuthorityException(Name, trigger.ToString(), issuer, issuers, _authority.ApprovalRule(colour)) { IssueRefusedColour = colour };
        }
    }

    /// <summary>Refuses <paramref name="actor"/> unless it issued the warning (谁发布、谁解除); on an adjustment the refusal names the new colour
    /// (<see cref="LifecycleAuthorityException.IssueRefusedColour"/>, passed as <c>refusedColour</c>).</summary>
    private void EnsureIssuer(WarningTrigger trigger, LifecycleActor actor, string rule, WarningColour? refusedColour = null)
    {
        if (!IsIssuer(actor))
        {
            throw new LifecycleAuthorityException(Name, trigger.ToString(), actor, [_snapshot.IssuedBy!.RoleId], rule) { IssueRefusedColour = refusedColour };
        }
    }

    private static void EnsureColourDefined(IWarningAuthority authority, WarningColour? colour, string paramName)
    {
        var colours = authority.Colours;
        if (colour is { } c ? !colours.Contains(c) : colours.Count > 0)
        {
            throw new ArgumentOutOfRangeException(paramName, colour,
                colours.Count == 0 ? "This plan's warnings have no colour; give none." : $"The plan's warning colours are {string.Join(", ", colours)}.");
        }
    }

    private static void Validate(WarningSnapshot snapshot)
    {
        if (snapshot.Decisions is null || snapshot.ProposedBy is null || (snapshot.Colour is { } colour && !Enum.IsDefined(colour)))
        {
            throw new ArgumentException("A warning snapshot needs a defined colour, a proposer and a decision list.", nameof(snapshot));
        }

        var issued = snapshot.ApprovedBy is not null && snapshot.IssuedBy is not null;
        var notIssued = snapshot.ApprovedBy is null && snapshot.IssuedBy is null;
        var consistent = snapshot.State switch
        {
            WarningState.Proposed or WarningState.Rejected => notIssued,
            WarningState.Issued or WarningState.Adjusted or WarningState.Lifted => issued,
            _ => false,
        };
        if (!consistent)
        {
            throw new ArgumentException($"Inconsistent warning snapshot for state {snapshot.State}: {snapshot}.", nameof(snapshot));
        }
    }

    /// <summary>
    /// <paramref name="snapshot"/> as a reader takes it from a stored projection: each decision's detail for people in Chinese (橙色,
    /// 橙色→红色). Until 2026-12-06 (session 48) this lifecycle wrote the enum's English names there ("Orange", "Orange→Red"), which the
    /// incident's <c>decisions[].detail</c> showed a duty officer; such details are read as they are written now. The snapshot itself when
    /// none is.
    /// </summary>
    public static WarningSnapshot WithChineseDetails(WarningSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return snapshot.Decisions.All(d => d.Detail is null || !IsEnglish(d.Detail))
            ? snapshot
            : snapshot with { Decisions = [.. snapshot.Decisions.Select(d => d.Detail is { } detail && IsEnglish(detail) ? d with { Detail = Chinese(detail) } : d)] };

        static bool IsEnglish(string detail) => detail.Split('→').All(part => part.Length == 0 || Enum.TryParse<WarningColour>(part, out _));

        // "Orange" or "Yellow→Orange" ("→Orange" when none was set), as this lifecycle wrote them.
        static string Chinese(string detail) => detail.Split('→') is [var from, var to]
            ? Names.ChineseChange(from.Length == 0 ? null : Enum.Parse<WarningColour>(from), Enum.Parse<WarningColour>(to))
            : Names.Chinese(Enum.Parse<WarningColour>(detail));
    }

    /// <summary>A colour as a decision's detail says it: 橙色; null for none (a plan whose warnings have no colour).</summary>
    private static string? Said(WarningColour? colour) => colour is { } c ? Names.Chinese(c) : null;

    private sealed record Decision(LifecycleActor Actor, DateTimeOffset At, string Reason, string? Note = null)
    {
        public LifecycleDecision Record(WarningTrigger trigger, WarningColour? colour) =>
            new(trigger.ToString(), Actor, At, Reason, Note is null ? Said(colour) : Said(colour) + Note);
    }

    // Actor is the issuer; ApprovedBy approved Colour.
    private sealed record ApprovedDecision(WarningColour? Colour, LifecycleActor ApprovedBy, LifecycleActor Actor, DateTimeOffset At, string Reason)
    {
        public LifecycleDecision Record(WarningTrigger trigger) =>
            new(trigger.ToString(), Actor, At, Reason, Said(Colour), ApprovedBy);
    }
}
