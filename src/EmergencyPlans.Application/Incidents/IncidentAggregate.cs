using System.Globalization;
using System.Xml;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Lifecycles;
using EmergencyPlans.Core.Plans;

namespace EmergencyPlans.Application.Incidents;

/// <summary>
/// The incident's behaviour: every change goes through a lifecycle (Stateless) held as a snapshot in the
/// record, is written to the timeline with who, when and which rule, and yields one event for the log.
/// No I/O and no clock of its own: the handler passes the time from <see cref="TimeProvider"/>.
/// </summary>
public static class IncidentAggregate
{
    public static IncidentRecord Open(Guid id, AssessmentRequest report, string county, string nature, ReporterDto reporter, bool drill,
        LifecycleActor actor, DateTimeOffset now, DecisionEngine engine)
    {
        var input = AssessmentContract.ToInput(report);
        var assessment = engine.Assess(input);
        var incident = IncidentLifecycle.Open(actor, now, $"首报: {nature} @ {county}");
        var record = new IncidentRecord
        {
            Id = id,
            PlanId = assessment.Plan.Id,
            PlanDocumentNumber = assessment.Plan.Metadata.DocumentNumber,
            OccurredAt = input.OccurredAt,
            County = county,
            Nature = nature,
            Reporter = reporter,
            Drill = drill,
            Report = report,
            Assessment = AssessmentContract.ToResponse(assessment),
            Incident = incident.Snapshot,
        };
        record.Timeline.Add(new TimelineEntry(now, "first-report", Who(actor), Summary(record.Assessment), Rule(record.Assessment)));
        SyncObligations(record, assessment, now);
        return record;
    }

    /// <summary>续报 or 终报: merges the new figures, re-assesses, recommends escalation, raises obligations.</summary>
    public static void FileReport(IncidentRecord record, AssessmentRequest update, bool final, string? summary, LifecycleActor actor, DateTimeOffset now, DecisionEngine engine)
    {
        var lifecycle = new IncidentLifecycle(record.Incident);
        if (final)
        {
            lifecycle.FileFinal(actor, now, summary ?? "终报");
        }
        else
        {
            lifecycle.FileContinuation(actor, now, summary ?? "续报");
        }

        record.Incident = lifecycle.Snapshot;
        var before = record.Assessment!;
        var casualtiesChanged = Merge(record.Report, update);
        var assessment = engine.Assess(AssessmentContract.ToInput(record.Report));
        var after = AssessmentContract.ToResponse(assessment);
        record.Assessment = after;
        record.Timeline.Add(new TimelineEntry(now, final ? "final-report" : "continuation-report", Who(actor),
            (summary is null ? "" : summary + " — ") + Summary(after), Rule(after)));

        var gradeRose = Rank(after.Grade?.Value) > Rank(before.Grade?.Value);
        var levelRose = LevelRank(after.Response.Level) > LevelRank(before.Response.Level);
        if (gradeRose || levelRose)
        {
            var text = levelRose
                ? $"Escalate the response to {after.Response.Label ?? after.Response.Level} ({after.Response.ActivatedBy?.Authority})"
                : $"The grade rose to {after.Grade!.Label}: review the response level and the reporting obligations";
            record.Escalation = new EscalationDto(now, before.Grade?.Value, after.Grade?.Value, before.Response.Level, after.Response.Level, text,
                levelRose ? after.Response.Because : after.Grade!.Because, after.Response.ActivatedBy);
            record.Timeline.Add(new TimelineEntry(now, "escalation-recommended", "engine", text, Rule(after)));
        }

        if (final)
        {
            // 终报 ends the reporting: recurring continuation reports still due are no longer owed.
            foreach (var obligation in record.Obligations.Where(o => o.Code.StartsWith("continuation", StringComparison.Ordinal) && IsOpen(o)))
            {
                Cancel(obligation, actor, now, "终报已报送 (final report filed)");
            }

            foreach (var obligation in record.Obligations.Where(o => o.Code == "final-report" && o.MetAt is null))
            {
                obligation.MetAt = now;
                obligation.MetBy = Who(actor);
            }

            return;
        }

        SyncObligations(record, assessment, now);
        if (casualtiesChanged)
        {
            // "造成伤亡人数发生变化的，应立即续报" (construction 4.1(三), road 5.1.2).
            var rule = assessment.Plan.Obligations.FirstOrDefault(o => o.Trigger == "casualty-change");
            if (rule is not null)
            {
                Add(record, rule, null, now, KeyFor(record, rule.Code));
                record.Timeline.Add(new TimelineEntry(now, "obligation-raised", "engine", "casualty figures changed: continuation report to the city immediately", rule.Clause));
            }
        }
    }

    public static void Activate(IncidentRecord record, Plan plan, ResponseLevel level, bool adjust, string reason, LifecycleActor actor, DateTimeOffset now)
    {
        var response = new ResponseLifecycle(AuthorityFor(plan), record.Response);
        if (adjust)
        {
            response.Adjust(level, actor, now, reason);
        }
        else
        {
            response.Activate(level, actor, now, reason);
        }

        record.Response = response.Snapshot;
        var definition = plan.Response.Find(level);
        record.Timeline.Add(new TimelineEntry(now, adjust ? "response-adjusted" : "response-activated", Who(actor),
            $"{Names.Chinese(level)}响应: {reason}", definition?.Clause));
    }

    public static void Terminate(IncidentRecord record, Plan plan, string reason, LifecycleActor actor, DateTimeOffset now)
    {
        var response = new ResponseLifecycle(AuthorityFor(plan), record.Response);
        response.Terminate(actor, now, reason);
        record.Response = response.Snapshot;
        record.Timeline.Add(new TimelineEntry(now, "response-terminated", Who(actor), reason, plan.Response.TerminatedBy.Clause));
    }

    /// <summary>Marks an obligation as made at <paramref name="madeAt"/>; a recurring one raises its next instance.</summary>
    public static ObligationRecord Fulfil(IncidentRecord record, string key, DateTimeOffset madeAt, string? note, LifecycleActor actor, DateTimeOffset now)
    {
        // By key (continuation-report#2), else the earliest open one with that code, else the exact key even if
        // already met (so a second fulfilment is refused by its lifecycle with 409, not 404).
        var obligation = record.Obligations.FirstOrDefault(o => o.Key == key && IsOpen(o))
                         ?? record.Obligations.Where(o => o.Code == key && IsOpen(o)).OrderBy(o => o.Clock?.DueAt).FirstOrDefault()
                         ?? record.Obligations.FirstOrDefault(o => o.Key == key)
                         ?? throw new Common.NotFoundException("obligation", key);
        if (obligation.Clock is { } clock)
        {
            var lifecycle = new ObligationLifecycle(clock);
            lifecycle.CheckDeadline(now);
            lifecycle.Fulfil(actor, madeAt, string.IsNullOrWhiteSpace(note) ? $"made at {Format(madeAt)}" : note);
            obligation.Clock = lifecycle.Snapshot;
        }
        else
        {
            if (obligation.MetAt is not null || obligation.Cancelled)
            {
                throw new LifecycleTransitionException("obligation", obligation.Cancelled ? "Cancelled" : "Met", "Fulfil", []);
            }

            obligation.MetAt = madeAt;
        }

        obligation.MetBy = Who(actor);
        obligation.Note = note;
        var onTime = obligation.Clock?.OnTime;
        record.Timeline.Add(new TimelineEntry(now, "obligation-fulfilled", Who(actor),
            $"{obligation.Key} made at {madeAt:O}" + (onTime is null ? "" : onTime.Value ? " (on time)" : $" (late: due {obligation.Clock!.DueAt:O})"),
            obligation.Clause));

        if (obligation.Every is { } every && obligation.Clock is not null && record.Incident.State is not (IncidentState.FinalReported or IncidentState.Closed))
        {
            var next = obligation.Clock.DueAt + XmlConvert.ToTimeSpan(every);
            var copy = new ObligationRecord
            {
                Key = KeyFor(record, obligation.Code), Code = obligation.Code, To = obligation.To, Clause = obligation.Clause, Words = obligation.Words,
                Timing = obligation.Timing, Every = obligation.Every, RaisedAt = now, Clock = new ObligationLifecycle(next).Snapshot,
            };
            record.Obligations.Add(copy);
        }

        return obligation;
    }

    public static Guid ProposeWarning(IncidentRecord record, RoadWarningColour colour, string reason, LifecycleActor actor, DateTimeOffset now, Guid id)
    {
        var warning = WarningLifecycle.Propose(RoadWarningAuthority.Default, colour, actor, now, reason);
        record.Warnings.Add(new WarningRecord { Id = id, Snapshot = warning.Snapshot });
        record.Timeline.Add(new TimelineEntry(now, "warning-proposed", Who(actor), $"{colour} warning proposed: {reason}", "4.4.1"));
        return id;
    }

    public static void ChangeWarning(IncidentRecord record, Guid id, string action, RoadWarningColour? colour, LifecycleActor? approvedBy, string reason,
        LifecycleActor actor, DateTimeOffset now)
    {
        var entry = record.Warnings.FirstOrDefault(w => w.Id == id) ?? throw new Common.NotFoundException("warning", id.ToString());
        var warning = new WarningLifecycle(RoadWarningAuthority.Default, entry.Snapshot);
        string clause;
        switch (action)
        {
            case "issue":
                warning.Issue(approvedBy!, actor, now, reason);
                clause = "4.4.1";
                break;
            case "reject":
                warning.Reject(actor, now, reason);
                clause = "4.4.1";
                break;
            case "adjust":
                warning.Adjust(colour!.Value, approvedBy!, actor, now, reason);
                clause = "4.6";
                break;
            case "lift":
                warning.Lift(actor, now, reason);
                clause = "4.6";
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(action), action, "unknown warning action");
        }

        entry.Snapshot = warning.Snapshot;
        record.Timeline.Add(new TimelineEntry(now, "warning-" + action, Who(actor),
            $"{warning.Colour} warning {action}" + (approvedBy is null ? "" : $" (approved by {approvedBy})") + $": {reason}", clause));
    }

    /// <summary>Adds the obligations the assessment raises that the incident does not have yet.</summary>
    private static void SyncObligations(IncidentRecord record, Assessment assessment, DateTimeOffset now)
    {
        foreach (var due in assessment.Obligations)
        {
            var rule = due.Rule;
            var existing = record.Obligations.Where(o => o.Code == rule.Code).ToList();
            if (existing.Count == 0)
            {
                Add(record, rule, due.DueAt, now, KeyFor(record, rule.Code));
                record.Timeline.Add(new TimelineEntry(now, "obligation-raised", "engine",
                    $"{rule.Code}" + (due.DueAt is { } at ? $" due {at:O}" : $" ({AssessmentContract.Timing(rule.Timing)})"), rule.Clause));
                continue;
            }

            // A more frequent rule for the same obligation (continuation every 4 h once 重大): bring the open clock forward.
            foreach (var open in existing.Where(o => o.Clock is { State: ObligationState.Due } && due.DueAt is { } d && d < o.Clock.DueAt))
            {
                open.Clock = new ObligationLifecycle(due.DueAt!.Value).Snapshot;
                open.Every = AssessmentContract.Every(rule);
                open.Clause = rule.Clause;
                open.Words = rule.Words;
            }
        }
    }

    private static void Add(IncidentRecord record, ObligationRule rule, DateTimeOffset? dueAt, DateTimeOffset now, string key) =>
        record.Obligations.Add(new ObligationRecord
        {
            Key = key, Code = rule.Code, To = rule.To, Clause = rule.Clause, Words = rule.Words, Timing = AssessmentContract.Timing(rule.Timing),
            Every = AssessmentContract.Every(rule), RaisedAt = now,
            Clock = dueAt is { } at ? new ObligationLifecycle(at).Snapshot : null,
        });

    private static string KeyFor(IncidentRecord record, string code)
    {
        var n = record.Obligations.Count(o => o.Code == code);
        return n == 0 ? code : $"{code}#{n + 1}";
    }

    private static void Cancel(ObligationRecord obligation, LifecycleActor actor, DateTimeOffset now, string reason)
    {
        if (obligation.Clock is { State: ObligationState.Due } clock)
        {
            var lifecycle = new ObligationLifecycle(clock);
            lifecycle.Cancel(actor, now, reason);
            obligation.Clock = lifecycle.Snapshot;
        }

        obligation.Cancelled = true;
    }

    public static bool IsOpen(ObligationRecord o) =>
        !o.Cancelled && (o.Clock is { } c ? c.State is ObligationState.Due or ObligationState.Overdue : o.MetAt is null);

    /// <summary>pending, met, late, overdue or cancelled, as of <paramref name="now"/>.</summary>
    public static string Status(ObligationRecord o, DateTimeOffset now)
    {
        if (o.Cancelled)
        {
            return "cancelled";
        }

        if (o.Clock is not { } clock)
        {
            return o.MetAt is null ? "pending" : "met";
        }

        return clock.State switch
        {
            ObligationState.Met => clock.OnTime == true ? "met" : "late",
            ObligationState.Cancelled => "cancelled",
            _ => now > clock.DueAt ? "overdue" : "pending",
        };
    }

    /// <summary>Who may activate each level, from the plan file (section 3), plus the reading that a higher body may activate a lower level.</summary>
    public static IActivationAuthority AuthorityFor(Plan plan)
    {
        var grants = new Dictionary<ResponseLevel, IReadOnlyList<ActivationGrant>>();
        foreach (var level in plan.Response.Levels)
        {
            var list = new List<ActivationGrant>();
            foreach (var higher in plan.Response.Levels.Where(h => h.Level >= level.Level))
            {
                foreach (var role in higher.ActivatedBy)
                {
                    if (list.Exists(g => g.RoleId == role))
                    {
                        continue;
                    }

                    var basis = higher.Level == level.Level
                        ? $"{plan.Id} {higher.Clause}: {higher.Words}"
                        : $"reading: a body that may activate {Names.Of(higher.Level)} ({higher.Clause}) may activate the lower level {Names.Of(level.Level)}";
                    // Delegation (construction Ⅱ 委托副指挥长) is a condition of that level only.
                    list.Add(new ActivationGrant(role, higher.Level == level.Level && higher.DelegationRequired.Contains(role), basis));
                }
            }

            grants[level.Level] = list;
        }

        return new PlanActivationAuthority(plan.Id, grants);
    }

    private static string Who(LifecycleActor actor) => actor.ToString();

    private static string Summary(AssessmentResponse a) =>
        $"grade {a.Grade?.Label ?? "-"}{(a.Grade is { Determined: false } ? " (undetermined)" : "")}, response {a.Response.Label ?? "none"}{(a.Response.Determined ? "" : " (undetermined)")}";

    private static string? Rule(AssessmentResponse a) =>
        a.Response.Because.Concat(a.Grade?.Because ?? []).Select(r => $"{a.Plan.DocumentNumber} {r.Clause}").FirstOrDefault();

    private static int Rank(string? grade) => Names.TryParseGrade(grade, out var g) ? (int)g + 1 : 0;

    private static int LevelRank(string? level) => Names.TryParseLevel(level, out var l) ? (int)l : 0;

    /// <summary>Copies the fields present in <paramref name="update"/>; true when a casualty figure changed.</summary>
    private static bool Merge(AssessmentRequest current, AssessmentRequest update)
    {
        var before = current.Figures?.ToFigures() ?? ReportedFigures.None;
        var merged = before.Merge(update.Figures?.ToFigures() ?? ReportedFigures.None);
        current.Figures = FiguresDto.From(merged);
        current.Judgements = update.Judgements ?? current.Judgements;
        current.Conditions = update.Conditions ?? current.Conditions;
        return before.CasualtiesDiffer(merged);
    }

    internal static string Format(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);
}
