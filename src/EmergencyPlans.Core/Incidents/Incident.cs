using System.Globalization;
using System.Xml;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Lifecycles;
using EmergencyPlans.Core.Plans;

namespace EmergencyPlans.Core.Incidents;

/// <summary>
/// The incident aggregate: it owns the reporting, response, duty and warning lifecycles, takes
/// commands and returns the domain events they produced. Nothing outside it changes an incident.
/// </summary>
/// <remarks>
/// <para>Every change is an event first: a command decides (asking the engine and the plan), then
/// raises events, and <see cref="Apply"/> is the only code that changes the state. Rebuilding an
/// incident is applying its stored events in order (<see cref="Rehydrate"/>), so the projection is
/// a fold of the log by construction.</para>
/// <para>The Stateless machines are private and hold no state: each wraps the snapshot kept in
/// <see cref="IncidentState"/>, and is created when first needed. Their guards (authority for a
/// level, 谁启动谁结束, 谁发布谁解除) are checked when an event is applied, before any state changes.</para>
/// <para>Derived facts (the assessment at a report, escalation recommendations, duties raised) are
/// events too, so a rebuilt incident never needs the engine and never changes when a plan file is
/// corrected later; authority is taken from the plan version the incident is judged by.</para>
/// <para>No I/O and no clock: the caller passes the time, read from <see cref="TimeProvider"/>.</para>
/// </remarks>
public sealed class Incident
{
    /// <summary>The engine, as the author of derived events.</summary>
    public static readonly LifecycleActor Engine = new("engine", "EmergencyPlans engine");

    /// <summary>The service itself, as the author of closure.</summary>
    public static readonly LifecycleActor System = new("system", "EmergencyPlans");

    private readonly Plan _plan;
    private readonly IncidentState _state;
    private readonly List<IncidentEvent> _raised = [];
    private readonly Dictionary<string, ObligationLifecycle> _obligations = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, WarningLifecycle> _warnings = [];
    private ReportingLifecycle? _reporting;
    private ResponseLifecycle? _response;

    private Incident(Plan plan, IncidentState state)
    {
        _plan = plan;
        _state = state;
    }

    /// <summary>The state after every event so far. Read it; only the incident writes it.</summary>
    public IncidentState State => _state;

    /// <summary>The plan version the incident is judged by.</summary>
    public Plan Plan => _plan;

    /// <summary>Events raised by commands since the incident was loaded, oldest first: what the store must append.</summary>
    public IReadOnlyList<IncidentEvent> Raised => _raised;

    /// <summary>Opens an incident with its first report (首报), judged by the plan version in force when it occurred.</summary>
    /// <exception cref="PlanNotInForceException">No version of the plan was in force at <paramref name="occurredAt"/>.</exception>
    public static Incident Open(
        Guid id, string planId, DateTimeOffset occurredAt, IncidentReport report, string county, string? place, string nature,
        Reporter reporter, bool drill, LifecycleActor by, DateTimeOffset now, DecisionEngine engine)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(engine);
        var assessment = engine.Assess(report.ToInput(planId, occurredAt));
        var incident = new Incident(assessment.Plan, new IncidentState());
        incident.Raise(new IncidentOpened
        {
            At = now, By = by, IncidentId = id, PlanId = assessment.Plan.Id, PlanDocumentNumber = assessment.Plan.Metadata.DocumentNumber,
            OccurredAt = occurredAt, County = county, Place = place, Nature = nature, Reporter = reporter, Drill = drill,
            Report = report, Assessed = Outcome(assessment),
        });
        incident.StartDuties(assessment, now);
        return incident;
    }

    /// <summary>An incident as its stored projection holds it, to take further commands.</summary>
    public static Incident Load(IncidentState state, Plan plan)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(plan);
        return new Incident(plan, state);
    }

    /// <summary>Rebuilds an incident from its log: the fold of its events.</summary>
    /// <exception cref="InvalidOperationException">The log does not start with <see cref="IncidentOpened"/>, or its plan version is not loaded.</exception>
    public static Incident Rehydrate(IEnumerable<IncidentEvent> events, PlanCatalog plans)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(plans);
        Incident? incident = null;
        foreach (var e in events)
        {
            if (incident is null)
            {
                if (e is not IncidentOpened opened)
                {
                    throw new InvalidOperationException($"An incident's log starts with {nameof(IncidentOpened)}, not {e.GetType().Name}.");
                }

                var plan = plans.Resolve(opened.PlanId, opened.OccurredAt)
                           ?? throw new InvalidOperationException($"No version of plan '{opened.PlanId}' in force at {opened.OccurredAt:O} is loaded.");
                if (plan.Metadata.DocumentNumber != opened.PlanDocumentNumber)
                {
                    throw new InvalidOperationException(
                        $"Incident {opened.IncidentId} was judged by {opened.PlanDocumentNumber}, but {plan.Metadata.DocumentNumber} is loaded for that time.");
                }

                incident = new Incident(plan, new IncidentState());
            }

            incident.Apply(e);
        }

        return incident ?? throw new InvalidOperationException("An incident's log cannot be empty.");
    }

    /// <summary>A continuation (续报) or final (终报) report: merges its figures, re-assesses, recommends escalation, raises or ends duties.</summary>
    public void FileReport(bool final, string? summary, IncidentReport reported, LifecycleActor by, DateTimeOffset now, DecisionEngine engine)
    {
        ArgumentNullException.ThrowIfNull(reported);
        ArgumentNullException.ThrowIfNull(engine);
        var before = _state.Report;
        var merged = before.Merge(reported);
        var assessment = engine.Assess(merged.ToInput(_state.PlanId, _state.OccurredAt));
        var was = _state.Assessed;
        var now_ = Outcome(assessment);
        Raise(new ReportFiled { At = now, By = by, Final = final, Summary = summary, Reported = reported, Assessed = now_ });

        var gradeRose = Rank(now_.Grade) > Rank(was.Grade);
        var levelRose = Rank(now_.Level) > Rank(was.Level);
        if (gradeRose || levelRose)
        {
            var authority = assessment.Response.Authority;
            Raise(new EscalationRecommended
            {
                At = now, By = Engine, FromGrade = was.Grade, ToGrade = now_.Grade, FromLevel = was.Level, ToLevel = now_.Level,
                Recommendation = levelRose
                    ? $"Escalate the response to {Names.Chinese(now_.Level!.Value)} ({authority?.Authority})"
                    : $"The grade rose to {Names.Chinese(now_.Grade!.Value)}: review the response level and the reporting obligations",
                Because = Refs(levelRose ? assessment.Response.Because : assessment.Grade!.Because),
                ActivatedBy = authority?.ActivatedBy ?? [], DelegationRequired = authority?.DelegationRequired ?? [],
                Authority = authority?.Authority, AuthorityClause = authority?.Clause, AuthorityWords = authority?.Words,
            });
        }

        if (final)
        {
            // 终报 ends the reporting: recurring continuation reports still owed are no longer owed,
            // and the final report's own duty is met by this very report.
            foreach (var open in _state.Obligations.Where(o => o.Code.StartsWith("continuation", StringComparison.Ordinal) && o.Clock.State == ObligationState.Due).ToArray())
            {
                Raise(new ObligationCancelled { At = now, By = by, Key = open.Key, Reason = "终报已报送 (final report filed)" });
            }

            foreach (var duty in _state.Obligations.Where(o => o.Code == "final-report" && o.Clock.State == ObligationState.Due).ToArray())
            {
                Raise(new ObligationFulfilled { At = now, By = by, Key = duty.Key, MadeAt = now, Note = summary ?? "终报" });
            }

            CloseIfDone(now);
            return;
        }

        StartDuties(assessment, now);
        if (before.CasualtiesDiffer(merged) && _plan.Obligations.FirstOrDefault(o => o.Trigger == "casualty-change") is { } rule)
        {
            // "造成伤亡人数发生变化的，应立即续报" (construction 4.1(三), road 5.1.2).
            Raise(DutyFor(rule, null, now));
        }
    }

    /// <summary>Activates a response level, or adjusts the active one; the plan's authority for the level is checked.</summary>
    /// <exception cref="IncidentCommandRejectedException">The plan has no such level.</exception>
    public void DecideResponse(ResponseLevel level, bool adjust, string reason, LifecycleActor by, DateTimeOffset now)
    {
        if (_plan.Response.Find(level) is null)
        {
            throw new IncidentCommandRejectedException("level",
                $"plan '{_plan.Id}' has no level {Names.Of(level)}; its levels are {string.Join(", ", _plan.Response.Levels.Select(l => Names.Of(l.Level)))}");
        }

        Raise(adjust
            ? new ResponseAdjusted { At = now, By = by, Level = level, Reason = reason }
            : new ResponseActivated { At = now, By = by, Level = level, Reason = reason });
    }

    /// <summary>Ends the response: only the body that started it (谁启动、谁结束).</summary>
    public void TerminateResponse(string reason, LifecycleActor by, DateTimeOffset now)
    {
        Raise(new ResponseTerminated { At = now, By = by, Reason = reason });
        CloseIfDone(now);
    }

    /// <summary>Records a duty's report as made at <paramref name="madeAt"/>; a recurring duty starts its next instance.</summary>
    /// <remarks>The key is the duty's key (continuation-report#2), or its code for the earliest one still owed.</remarks>
    /// <exception cref="IncidentPartNotFoundException">No duty has that key or code.</exception>
    public ObligationEntry FulfilObligation(string key, DateTimeOffset madeAt, string? note, LifecycleActor by, DateTimeOffset now)
    {
        // By key, else the earliest owed one with that code, else the exact key even if already met
        // (so a second fulfilment is refused by its lifecycle with 409, not 404).
        var duty = _state.Obligations.FirstOrDefault(o => o.Key == key && o.Clock.State == ObligationState.Due)
                   ?? _state.Obligations.Where(o => o.Code == key && o.Clock.State == ObligationState.Due).OrderBy(o => o.Clock.DueAt).FirstOrDefault()
                   ?? _state.Obligations.FirstOrDefault(o => o.Key == key)
                   ?? throw new IncidentPartNotFoundException("obligation", key);
        Raise(new ObligationFulfilled { At = now, By = by, Key = duty.Key, MadeAt = madeAt, Note = note });

        if (duty.Every is { } every && duty.Clock.DueAt is { } due && _state.Reporting.State is not (ReportingState.FinalReported or ReportingState.Closed))
        {
            Raise(new ObligationRaised
            {
                At = now, By = Engine, Key = KeyFor(duty.Code), Code = duty.Code, To = duty.To, Clause = duty.Clause, Words = duty.Words,
                Timing = duty.Timing, Every = duty.Every, DueAt = due + XmlConvert.ToTimeSpan(every),
            });
        }

        return duty;
    }

    /// <summary>The office proposes a road-traffic warning of <paramref name="colour"/>.</summary>
    public Guid ProposeWarning(Guid warningId, RoadWarningColour colour, string reason, LifecycleActor by, DateTimeOffset now)
    {
        RequireWarnings();
        Raise(new WarningProposed { At = now, By = by, WarningId = warningId, Colour = colour, Reason = reason });
        return warningId;
    }

    /// <summary>Issues, adjusts, rejects or lifts a warning; approval and issuing authority come from the plan.</summary>
    /// <remarks>The action is one of issue, adjust, reject, lift.</remarks>
    public void ChangeWarning(Guid warningId, string action, RoadWarningColour? colour, LifecycleActor? approvedBy, string reason, LifecycleActor by, DateTimeOffset now)
    {
        RequireWarnings();
        if (_state.Warnings.All(w => w.Id != warningId))
        {
            throw new IncidentPartNotFoundException("warning", warningId.ToString());
        }

        Raise(action switch
        {
            "issue" => new WarningIssued { At = now, By = by, WarningId = warningId, ApprovedBy = approvedBy!, Reason = reason },
            "adjust" => new WarningAdjusted { At = now, By = by, WarningId = warningId, Colour = colour!.Value, ApprovedBy = approvedBy!, Reason = reason },
            "reject" => new WarningRejected { At = now, By = by, WarningId = warningId, Reason = reason },
            "lift" => new WarningLifted { At = now, By = by, WarningId = warningId, Reason = reason },
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, "unknown warning action"),
        });
    }

    /// <summary>The reporting states the incident may move to now (for what a client may offer).</summary>
    public IReadOnlyList<ReportingTrigger> AllowedReports => Reporting.PermittedTriggers;

    /// <summary>The response triggers the current state accepts, whoever asks.</summary>
    public IReadOnlyList<ResponseTrigger> AllowedResponseTriggers => Response.PermittedTriggers;

    /// <summary>The warning triggers the warning's current state accepts, whoever asks.</summary>
    public IReadOnlyList<WarningTrigger> AllowedWarningTriggers(Guid warningId) => Warning(warningId).PermittedTriggers;

    /// <summary>Applies one event to the state: the only code that changes an incident.</summary>
    private void Apply(IncidentEvent e)
    {
        switch (e)
        {
            case IncidentOpened o:
                _state.Id = o.IncidentId;
                _state.PlanId = o.PlanId;
                _state.PlanDocumentNumber = o.PlanDocumentNumber;
                _state.OccurredAt = o.OccurredAt;
                _state.County = o.County;
                _state.Place = o.Place;
                _state.Nature = o.Nature;
                _state.Reporter = o.Reporter;
                _state.Drill = o.Drill;
                _state.Report = o.Report;
                _state.Assessed = o.Assessed;
                _reporting = ReportingLifecycle.Open(o.By, o.At, $"首报: {o.Nature} @ {o.County}");
                _state.Reporting = _reporting.Snapshot;
                Log(e, "first-report", Summary(o.Assessed), Rule(o.Assessed));
                break;

            case ReportFiled r:
                if (r.Final)
                {
                    Reporting.FileFinal(r.By, r.At, r.Summary ?? "终报");
                }
                else
                {
                    Reporting.FileContinuation(r.By, r.At, r.Summary ?? "续报");
                }

                _state.Reporting = Reporting.Snapshot;
                _state.Report = _state.Report.Merge(r.Reported);
                _state.Assessed = r.Assessed;
                Log(e, r.Final ? "final-report" : "continuation-report", (r.Summary is null ? "" : r.Summary + " — ") + Summary(r.Assessed), Rule(r.Assessed));
                break;

            case EscalationRecommended x:
                _state.Escalation = x;
                Log(e, "escalation-recommended", x.Recommendation, x.Because.Count > 0 ? $"{_state.PlanDocumentNumber} {x.Because[0].Clause}" : null);
                break;

            case ObligationRaised o:
                _state.Obligations.Add(new ObligationEntry
                {
                    Key = o.Key, Code = o.Code, To = o.To, Clause = o.Clause, Words = o.Words, Timing = o.Timing, Every = o.Every,
                    RaisedAt = o.At, Clock = ObligationSnapshot.New(o.DueAt),
                });
                Log(e, "obligation-raised", o.Key + (o.DueAt is { } at ? $" due {Format(at)}" : $" ({o.Timing})"), o.Clause);
                break;

            case ObligationRescheduled o:
            {
                var duty = Duty(o.Key);
                duty.Clock = duty.Clock with { DueAt = o.DueAt };
                duty.Every = o.Every;
                duty.Clause = o.Clause;
                duty.Words = o.Words;
                _obligations.Remove(o.Key);
                Log(e, "obligation-rescheduled", $"{o.Key} now due {Format(o.DueAt)}", o.Clause);
                break;
            }

            case ObligationFulfilled f:
            {
                var duty = Duty(f.Key);
                var clock = Obligation(duty);
                clock.Fulfil(f.By, f.MadeAt, string.IsNullOrWhiteSpace(f.Note) ? $"made at {Format(f.MadeAt)}" : f.Note);
                duty.Clock = clock.Snapshot;
                duty.MetBy = f.By.ToString();
                duty.Note = f.Note;
                Log(e, "obligation-fulfilled",
                    $"{duty.Key} made at {Format(f.MadeAt)}" + (duty.Clock.OnTime switch { true => " (on time)", false => $" (late: due {Format(duty.Clock.DueAt!.Value)})", null => "" }),
                    duty.Clause);
                break;
            }

            case ObligationCancelled c:
            {
                var duty = Duty(c.Key);
                var clock = Obligation(duty);
                clock.Cancel(c.By, c.At, c.Reason);
                duty.Clock = clock.Snapshot;
                Log(e, "obligation-cancelled", $"{duty.Key}: {c.Reason}", duty.Clause);
                break;
            }

            case ResponseActivated a:
                Response.Activate(a.Level, a.By, a.At, a.Reason);
                _state.Response = Response.Snapshot;
                Log(e, "response-activated", $"{Names.Chinese(a.Level)}响应: {a.Reason}", _plan.Response.Find(a.Level)?.Clause);
                break;

            case ResponseAdjusted a:
                Response.Adjust(a.Level, a.By, a.At, a.Reason);
                _state.Response = Response.Snapshot;
                Log(e, "response-adjusted", $"{Names.Chinese(a.Level)}响应: {a.Reason}", _plan.Response.Find(a.Level)?.Clause);
                break;

            case ResponseTerminated t:
                Response.Terminate(t.By, t.At, t.Reason);
                _state.Response = Response.Snapshot;
                Log(e, "response-terminated", t.Reason, _plan.Response.TerminatedBy.Clause);
                break;

            case WarningProposed w:
            {
                var lifecycle = WarningLifecycle.Propose(WarningAuthority, w.Colour, w.By, w.At, w.Reason);
                _warnings[w.WarningId] = lifecycle;
                _state.Warnings.Add(new WarningEntry { Id = w.WarningId, Snapshot = lifecycle.Snapshot });
                Log(e, "warning-proposed", $"{w.Colour} warning proposed: {w.Reason}", ApprovalClause(w.Colour));
                break;
            }

            case WarningIssued w:
                ChangeWarning(w.WarningId, l => l.Issue(w.ApprovedBy, w.By, w.At, w.Reason), e, "issue", w.ApprovedBy, w.Reason);
                break;

            case WarningAdjusted w:
                ChangeWarning(w.WarningId, l => l.Adjust(w.Colour, w.ApprovedBy, w.By, w.At, w.Reason), e, "adjust", w.ApprovedBy, w.Reason);
                break;

            case WarningRejected w:
                ChangeWarning(w.WarningId, l => l.Reject(w.By, w.At, w.Reason), e, "reject", null, w.Reason);
                break;

            case WarningLifted w:
                ChangeWarning(w.WarningId, l => l.Lift(w.By, w.At, w.Reason), e, "lift", null, w.Reason);
                break;

            case IncidentClosed c:
                Reporting.Close(_state.Response.State, c.By, c.At, c.Reason);
                _state.Reporting = Reporting.Snapshot;
                Log(e, "incident-closed", c.Reason, null);
                break;

            default:
                throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "unknown incident event");
        }

        _state.UpdatedAt = e.At;
    }

    private void Raise(IncidentEvent e)
    {
        Apply(e);
        _raised.Add(e);
    }

    private ReportingLifecycle Reporting => _reporting ??= new ReportingLifecycle(_state.Reporting);

    private ResponseLifecycle Response => _response ??= new ResponseLifecycle(ActivationAuthority, _state.Response);

    private IActivationAuthority ActivationAuthority => _plan.ActivationAuthority;

    private IWarningAuthority WarningAuthority =>
        _plan.WarningAuthority ?? throw new IncidentCommandRejectedException("action", $"plan '{_plan.Id}' issues no road-traffic warnings (road 4.4)");

    private WarningLifecycle Warning(Guid id)
    {
        if (!_warnings.TryGetValue(id, out var lifecycle))
        {
            var entry = _state.Warnings.FirstOrDefault(w => w.Id == id) ?? throw new IncidentPartNotFoundException("warning", id.ToString());
            lifecycle = new WarningLifecycle(WarningAuthority, entry.Snapshot);
            _warnings[id] = lifecycle;
        }

        return lifecycle;
    }

    private void ChangeWarning(Guid id, Action<WarningLifecycle> change, IncidentEvent e, string action, LifecycleActor? approvedBy, string reason)
    {
        var lifecycle = Warning(id);
        change(lifecycle);
        var entry = _state.Warnings.First(w => w.Id == id);
        entry.Snapshot = lifecycle.Snapshot;
        var clause = action is "issue" or "reject" ? ApprovalClause(lifecycle.Colour) : _plan.Warnings?.LiftedBy.Clause;
        Log(e, "warning-" + action, $"{lifecycle.Colour} warning {action}" + (approvedBy is null ? "" : $" (approved by {approvedBy})") + $": {reason}", clause);
    }

    private string? ApprovalClause(RoadWarningColour colour) =>
        _plan.Warnings?.Colours.FirstOrDefault(c => (int)c.Colour == (int)colour)?.ApprovalClause;

    private void RequireWarnings() => _ = WarningAuthority;

    private ObligationEntry Duty(string key) =>
        _state.Obligations.FirstOrDefault(o => o.Key == key) ?? throw new IncidentPartNotFoundException("obligation", key);

    private ObligationLifecycle Obligation(ObligationEntry duty)
    {
        if (!_obligations.TryGetValue(duty.Key, out var lifecycle) || !ReferenceEquals(lifecycle.Snapshot, duty.Clock))
        {
            lifecycle = new ObligationLifecycle(duty.Clock);
            _obligations[duty.Key] = lifecycle;
        }

        return lifecycle;
    }

    /// <summary>Raises the duties the assessment calls for that the incident does not have yet, and brings forward a clock a more frequent rule now sets.</summary>
    private void StartDuties(Assessment.Assessment assessment, DateTimeOffset now)
    {
        foreach (var due in assessment.Obligations)
        {
            var rule = due.Rule;
            var existing = _state.Obligations.Where(o => o.Code == rule.Code).ToArray();
            if (existing.Length == 0)
            {
                Raise(DutyFor(rule, due.DueAt, now));
                continue;
            }

            foreach (var open in existing.Where(o => o.Clock.State == ObligationState.Due && o.Clock.DueAt is { } current && due.DueAt is { } d && d < current))
            {
                Raise(new ObligationRescheduled
                {
                    At = now, By = Engine, Key = open.Key, DueAt = due.DueAt!.Value, Every = AssessmentContract.Every(rule), Clause = rule.Clause, Words = rule.Words,
                });
            }
        }
    }

    private ObligationRaised DutyFor(ObligationRule rule, DateTimeOffset? dueAt, DateTimeOffset now) => new()
    {
        At = now, By = Engine, Key = KeyFor(rule.Code), Code = rule.Code, To = rule.To, Clause = rule.Clause, Words = rule.Words,
        Timing = AssessmentContract.Timing(rule.Timing), Every = AssessmentContract.Every(rule), DueAt = dueAt,
    };

    private void CloseIfDone(DateTimeOffset now)
    {
        if (_state.Reporting.State == ReportingState.FinalReported && Reporting.CanClose(_state.Response.State))
        {
            Raise(new IncidentClosed
            {
                At = now, By = System,
                Reason = _state.Response.State == ResponseState.Terminated ? "final report filed and response terminated" : "final report filed; no response was activated",
            });
        }
    }

    private string KeyFor(string code)
    {
        var n = _state.Obligations.Count(o => o.Code == code);
        return n == 0 ? code : $"{code}#{n + 1}";
    }

    private void Log(IncidentEvent e, string type, string summary, string? rule) =>
        _state.Timeline.Add(new TimelineEntry(e.At, type, ReferenceEquals(e.By, Engine) || e.By.RoleId == Engine.RoleId ? "engine" : e.By.ToString(), summary, rule));

    private string? Rule(AssessedOutcome a) => a.Because.Count > 0 ? $"{_state.PlanDocumentNumber} {a.Because[0].Clause}" : null;

    private static string Summary(AssessedOutcome a) =>
        $"grade {(a.Grade is { } g ? Names.Chinese(g) : "-")}{(a.GradeDetermined ? "" : " (undetermined)")}, "
        + $"response {(a.Level is { } l ? Names.Chinese(l) : "none")}{(a.LevelDetermined ? "" : " (undetermined)")}";

    private static AssessedOutcome Outcome(Assessment.Assessment a) => new(
        a.Grade?.Value, a.Grade?.Determined ?? true, a.Response.Level, a.Response.Determined,
        Refs(a.Response.Because.Concat(a.Grade?.Because ?? [])));

    private static RuleRef[] Refs(IEnumerable<Rule> rules) => rules.Select(r => new RuleRef(r.Id, r.Clause, r.Words)).ToArray();

    private static int Rank(Grade? grade) => grade is { } g ? (int)g + 1 : 0;

    private static int Rank(ResponseLevel? level) => level is { } l ? (int)l : 0;

    private static string Format(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);
}
