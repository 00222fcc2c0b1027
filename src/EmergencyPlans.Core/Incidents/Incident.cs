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
    private ObligationLifecycle? _obligation;
    private readonly Dictionary<Guid, WarningLifecycle> _warnings = [];
    private ReportingLifecycle? _reporting;
    private ResponseLifecycle? _response;
    private ObligationIndex? _index;
    private (IncidentReport Report, DateTimeOffset OccurredAt, DecisionEngine Engine, Assessment.Assessment Assessment)? _assessment;
    // The report FileReport merged for the ReportFiled it raises: the fold takes it rather than merging the same two reports again.
    private (IncidentReport Before, IncidentReport Reported, IncidentReport Merged)? _merged;
    private readonly Dictionary<string, string> _rules = new(StringComparer.Ordinal);
    private readonly Dictionary<LifecycleActor, string> _names = [];
    private readonly HashSet<LifecycleActor> _actors = [];

    private Incident(Plan plan, IncidentState state)
    {
        _plan = plan;
        _state = state;
    }

    /// <summary>The state after every event so far. Read it; only the incident writes it.</summary>
    public IncidentState State => _state;

    /// <summary>The plan version the incident is judged by.</summary>
    public Plan Plan => _plan;

    /// <summary>Events raised by commands since the incident was loaded (or last committed), oldest first: what the store must append.</summary>
    public IReadOnlyList<IncidentEvent> Raised => _raised;

    /// <summary>The earliest due time among the timed duties still owed.</summary>
    public DateTimeOffset? NextDueAt => Index.NextDueAt;

    /// <summary>
    /// The store has appended <see cref="Raised"/>: the incident takes its next command from here, raising afresh
    /// (a writer keeps the incident it wrote rather than reading it back).
    /// </summary>
    public void MarkCommitted() => _raised.Clear();

    /// <summary>
    /// True when the command that threw <paramref name="error"/> left the incident as it was: the error is a refusal
    /// (an unknown duty or warning, a rejected command, a transition or an authority the lifecycles refuse) and no
    /// event was applied. Commands change the state only by applying events, and the lifecycles check their guards
    /// before they change anything, so a refusal of the first event leaves nothing behind. Any other error, or a
    /// refusal after an event was applied, may have: the caller must read the incident again.
    /// </summary>
    public bool IsUnchangedAfter(Exception error) =>
        _raised.Count == 0
        && error is NotFoundException or IncidentCommandRejectedException or LifecycleTransitionException or LifecycleAuthorityException;

    /// <summary>Opens an incident with its first report (首报), judged by the plan version in force when it occurred.</summary>
    /// <remarks>The caller resolves <paramref name="plan"/>: the version in force when the incident occurred.</remarks>
    public static Incident Open(
        Guid id, Plan plan, DateTimeOffset occurredAt, IncidentReport report, string county, string? place, string nature,
        Reporter reporter, bool drill, LifecycleActor by, DateTimeOffset now, DecisionEngine engine, ReportSource? source = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(engine);
        var assessment = engine.Assess(plan, report.ToInput(plan.Id, occurredAt));
        var incident = new Incident(assessment.Plan, new IncidentState());
        incident.Raise(new IncidentOpened
        {
            At = now, By = by, IncidentId = id, PlanId = assessment.Plan.Id, PlanDocumentNumber = assessment.Plan.Metadata.DocumentNumber,
            OccurredAt = occurredAt, County = county, Place = place, Nature = nature, Reporter = reporter, Drill = drill,
            Report = report, Assessed = Outcome(assessment, null), Source = source,
        });
        incident.StartDuties(assessment, now, opening: true);
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

    /// <summary>
    /// A continuation (续报) or final (终报) report: merges its figures, re-assesses, recommends escalation, raises or ends duties. With a
    /// <c>source</c> (a 122 dispatch record) it is what the office learned from another system, and meets none of the office's duties.
    /// With <paramref name="occurredAt"/> it also says when the incident really happened (<see cref="CorrectOccurrence"/>).
    /// </summary>
    /// <remarks>
    /// <c>madeAt</c>: when the report was made, when it is recorded afterwards (补录); null: now. The duties it meets are met at this time
    /// (a 续报 phoned at 08:40, due 08:45 and typed in at 08:53 was recorded 迟报 with no way to say so; a duty officer's review, session 53).
    /// Not before the occurrence, nor later than now; a feed's report (<c>source</c>) meets nothing and takes none.
    /// <c>corrects</c>: the earlier report a correction is of, by its source as the timeline shows it (<c>122:JC-20261202-0001#2</c>), when it is
    /// not the report just before (122 sent 12 dead at 序号2 and 2 at 序号3: the office corrects 序号2); it makes the report a correction.
    /// </remarks>
    public void FileReport(bool final, string? summary, IncidentReport reported, LifecycleActor by, DateTimeOffset now, DecisionEngine engine, ReportSource? source = null,
        DateTimeOffset? occurredAt = null, DateTimeOffset? madeAt = null, bool enteredInError = false, bool correctsPrevious = false, string? corrects = null)
    {
        correctsPrevious |= corrects is not null;
        by = Known(by);
        ArgumentNullException.ThrowIfNull(reported);
        ArgumentNullException.ThrowIfNull(engine);
        if (enteredInError && (!final || source is not null || string.IsNullOrWhiteSpace(summary)))
        {
            throw new IncidentCommandRejectedException("enteredInError",
                !final ? "only a final report closes an incident opened in error" : source is not null ? "a feed cannot close an incident as opened in error"
                    : "say why the incident was opened in error (summary)",
                !final ? "只有终报可以将事件作为误建关闭" : source is not null ? "数据接口不能将事件作为误建关闭" : "请在 summary 中写明立案有误的原因");
        }

        if (madeAt is { } early)
        {
            if (source is not null)
            {
                throw new IncidentCommandRejectedException("madeAt", "a report from a feed meets no duty and takes no madeAt", "来自数据接口的报告不履行报告职责，不能指定报告时间");
            }

            TakenByNow("madeAt", early, now, ("a report cannot have been made later than it is recorded", "报告时间（madeAt）不能晚于录入时间"),
                ("a report on it cannot have been made", "不可能在事发前已就此报告"));
        }

        if (correctsPrevious && (final || source is not null))
        {
            throw new IncidentCommandRejectedException(corrects is null ? "correctsPrevious" : "corrects",
                final ? "a final report corrects nothing: file the correction as a continuation report first" : "a feed's message is the sender's whole record, not a correction",
                final ? "终报不能作为更正：请先以续报更正上次报告" : "数据接口的消息不作为更正");
        }

        // The time the duties this report meets are met at.
        var made = madeAt ?? now;
        // The report this one corrects (the one named, else the first report or the latest 续报): the duties raised with it are those its
        // figures brought.
        var previousAt = corrects is null ? _state.Reporting.LastReportAt : CorrectedReportAt(corrects);
        if (final && _state.Response.State is ResponseState.Proposed or ResponseState.Active)
        {
            // "终报要素包括:……处置结果、社会维稳、善后安置、恢复重建、对整个……的调查评估等" (R 5.1.2, C 4.1(三)): a 终报 filed while a
            // response was in force (or proposed) ended the 续报 owed under it, and a later 应急处置结束 raised a final report that closing
            // then dropped as 不再需要, though one had been filed.
            var pending = _state.Response.State == ResponseState.Proposed
                ? ("a response is proposed and not yet decided", "启动响应的建议尚待决定")
                : ($"the level {Names.Of(_state.Response.Level!.Value)} response is still in force", $"{Names.Chinese(_state.Response.Level!.Value)}应急响应仍在进行");
            // An incident opened in error (a duplicate call 122 withdrew) has no handling to report on: what stands in the way is the response,
            // ended by whoever started it, not a 续报 (a duty officer's review, session 54).
            throw enteredInError
                ? new IncidentCommandRejectedException("kind",
                    $"{pending.Item1}: an incident opened in error is closed once the response is {(_state.Response.State == ResponseState.Proposed ? "turned down" : "ended by whoever activated it")}; then file this final report again",
                    $"{pending.Item2}：立案有误的事件，须先{(_state.Response.State == ResponseState.Proposed ? "由决定者对启动建议作出决定（不启动）" : "由启动者终止响应（谁启动、谁结束）")}，再报终报作为误建关闭")
                : new IncidentCommandRejectedException("kind",
                    $"{pending.Item1}: the final report carries the outcome of the handling, so it is filed once the response has ended; file a continuation report",
                    $"{pending.Item2}：终报须在应急处置结束、响应终止后报送（终报要素包括处置结果、善后安置、恢复重建等），现在请报送续报");
        }

        CatchUp(now);
        if (occurredAt is { } corrected && corrected != _state.OccurredAt)
        {
            CorrectOccurrence(corrected, by, now, engine, source);
        }

        var before = _state.Report;
        var merged = before.Merge(reported);
        // A report that gives no figure (merged is the report as it stood) is assessed as the figures stand: the cached assessment.
        var assessment = ReferenceEquals(merged, before) ? Assess(engine) : engine.Assess(_plan, merged.ToInput(_state.PlanId, _state.OccurredAt));
        var was = _state.Assessed;
        var now_ = Outcome(assessment, was);
        _merged = (before, reported, merged);
        Raise(new ReportFiled
        {
            At = now, By = by, Final = final, Summary = summary, Reported = reported, Assessed = now_, Source = source, MadeAt = madeAt,
            EnteredInError = enteredInError ? true : null, CorrectsPrevious = correctsPrevious ? true : null, Corrects = corrects,
        });
        if (ReferenceEquals(_state.Report, merged))
        {
            // The engine is deterministic: this is what Assess would compute again for the next command that asks (a duty met, a clock event).
            _assessment = (merged, _state.OccurredAt, engine, assessment);
        }

        var gradeRose = Rank(now_.Grade) > Rank(was.Grade);
        // A level the figures now reach that the response in force already meets asks nobody to decide anything: Ⅱ activated while
        // four were trapped, then Ⅲ once they were rescued, then 较大 (C 4.3.2(1)①) is Ⅱ again, and "建议将响应提升至Ⅱ级" with Ⅱ in force
        // for two hours was a wrong answer (a facilitator's review, session 54, F2).
        var levelRose = Rank(now_.Level) > Rank(was.Level) && !(ActiveLevel is { } inForce && Rank(inForce) >= Rank(now_.Level));

        // A settled grade that can no longer be judged (people now missing may be dead, DOMAIN R3) is reported like 较大以上: the
        // 30-minute phone report and the 1-hour written one are owed from now, and the office is told so at once, as of a rise.
        // With these plans it comes with a higher level more often than not (1 dead + 2 missing: 5.3.2(1) "3人以上……失联、死亡" → Ⅱ).
        var nowUndetermined = !gradeRose && now_.Grade is { } g && g < Grade.RelativelySerious && !now_.GradeDetermined
                              && was.GradeDetermined && _plan.Grade?.UnknownFate is not null;
        if (gradeRose || levelRose || nowUndetermined)
        {
            // A rise of the grade alone asks nobody to decide a level: the level's body (N 5.2.2 市安委会主任) was named as the one to
            // decide the grade, which the competent department declares (灾害等级 认定).
            var authority = levelRose || !gradeRose ? assessment.Response.Authority : null;
            // Raised (提升) only when a level is in force; with none (never activated, or ended) it is started (启动).
            var recommendation = levelRose
                ? (ActiveLevel is null ? $"建议启动{Names.Chinese(now_.Level!.Value)}响应" : $"建议将响应提升至{Names.Chinese(now_.Level!.Value)}") + $"（由{authority?.Authority}决定）"
                : gradeRose ? $"{_plan.GradeTerm}升至{Names.Chinese(now_.Grade!.Value)}：{(ActiveLevel == ResponseLevel.I ? Names.TopLevelInForce : _plan.Grade is null ? Names.LevelNotByDeclaredGrade : "请复核响应级别和报告义务")}"
                : null;
            var because = levelRose ? Refs(assessment.Response.Because)
                : gradeRose ? assessment.Grade!.Declared ? DutiesOfTheDeclaredGrade(assessment) : Refs(assessment.Grade!.Because)
                : [];
            if (nowUndetermined && _plan.Grade!.UnknownFate is { } fate)
            {
                recommendation = (recommendation is null ? "" : recommendation + "；") + $"失联人员生死未明，{_plan.GradeTerm}暂时无法判明：按较大以上报告（电话报告、书面报告时限自事发起算）";
                because = [.. because, new RuleRef("grade-unknown-fate", fate.Clause, fate.Words)];
            }

            Raise(Escalation(now, (was.Grade, now_.Grade), (was.Level, now_.Level), recommendation!, because, authority,
                gradeNowUndetermined: nowUndetermined ? true : null));
        }

        // A report that raises the colour its conditions call for above the warning in force (能见度降至15米 with a yellow issued, R 4.3.2(1)).
        FlagIfWarningBelowThePlan(assessment.Warning, now);

        // The duties this report's own news raised (立即续报 on the casualties it changes), by their place in the list.
        var carried = (From: _state.Obligations.Count, To: _state.Obligations.Count);
        // A message withdrawing the sender's record (122 cancelled: a false or duplicate call) reports no casualties the accident "造成": it says
        // the accident did not happen as reported, and what the office owes is to verify it and close the incident as opened in error (the
        // feed-cancelled alert), not a 立即续报 of the figures it sets to none (a road duty officer's review, session 59, finding 10; ADR 0003 #81).
        if (before.CasualtiesDiffer(merged) && source?.Withdraws() != true)
        {
            // "造成伤亡人数发生变化的，应立即续报" (construction 4.1(三), road 5.1.2): the report that carries the
            // change is that 续报, so the duty is raised before this report meets the duties a report meets.
            StartDuties(DutyStart.CasualtyChange, now, null, assessment);
            carried.To = _state.Obligations.Count;
        }

        if (final)
        {
            // The 终报 is made once 应急处置结束 (R 5.1.2, C 4.1(三) "终报…处置结果"): the duties the end of handling starts (the 终报
            // itself, R 6.4 事故专项报告, C 5.1 善后处理意见) are owed from it when the office did not record the end of handling first.
            // They were never raised, and the incident closed without them.
            if (!_state.HandlingFinished)
            {
                StartDuties(DutyStart.HandlingFinished, now, null, assessment);
            }

            // 终报 ends the reporting: the periods of repeating duties that run until the final report and are not yet due end
            // ("终报已报送": no later 续报 is owed). It is the final report and nothing else: "信息报告分首报、续报、终报" (R 5.1.2,
            // C 4.1(三)), so it meets the duty met by the final report (终报 itself) and no other. A 续报 whose time has passed unmet
            // stays overdue (missed, and can still be recorded late); an immediate 续报 owed since an earlier casualty change and the
            // office's report with its proposal (C 4.3.x(2) 向市指挥部报告，提出启动…响应建议) stay owed, and the close ends them as
            // never done. Before 2026-12-05 it met all of them at its own time, so a drill in which nobody made them showed them
            // 已报告 (ADR 0003). The one exception is this report's own news: a 终报 that carries changed casualties is the report of
            // that change (the 立即续报 its figures raise, raised and met by the same filing, as a 续报's are).
            foreach (var open in Owed().Where(o => o.Until == DutyNames.Of(DutyEnd.FinalReport) && !IsOverdue(o, now)).ToArray())
            {
                Raise(new ObligationCancelled { At = now, By = by, Key = open.Key, Reason = "终报已报送" });
            }

            foreach (var duty in Index.OwedMetBy(DutyNames.Of(DutyMetBy.FinalReport)).ToArray())
            {
                Fulfil(duty, made, summary ?? "终报", by, now, assessment);
            }

            for (var i = carried.From; i < carried.To; i++)
            {
                if (_state.Obligations[i] is { Clock.State: ObligationState.Due, MetByReport: { } metBy } own && metBy == DutyNames.Of(DutyMetBy.ContinuationReport))
                {
                    Fulfil(own, made, summary ?? "终报", by, now, assessment);
                }
            }

            if (enteredInError)
            {
                // Opened in error (the wrong plan chosen, a false report, a duplicate): none of its duties was ever owed, so every one still
                // owed ends as not needed, timed ones and the work after handling included. Before (a duty officer's review, session 53),
                // closed by a 终报 its timed duties stayed owed for ever (a missed report stays missed): overdue alerts, ?overdue=true, and
                // 未报 duties on the record of an incident that never was.
                foreach (var duty in Owed().ToArray())
                {
                    Raise(new ObligationCancelled { At = now, By = by, Key = duty.Key, Reason = $"立案有误（{summary}），不再需要" });
                }
            }

            CloseIfDone(now);
            return;
        }

        // A continuation report (续报) is the report the continuation duties ask for: no separate call. A repeating one only in
        // its own period: a second 续报 the same day does not stand for tomorrow's. A report that came in from another system (a
        // 122 dispatch record, source set) is what the office learned, not the office's 续报 to 市委、市政府: it raises what the
        // change calls for (立即续报 on changed casualties) and meets nothing.
        // One 续报 is one report: of a repeating duty it meets the earliest period still owed whose period has begun (late, when that
        // period's time has passed), not every period missed before it (ADR 0003).
        // The duties this report's news newly calls for first (R 5.1.2 "较大以上…每日至少续报1次" once 2 dead and 3 missing may be 较大):
        // the 续报 that brings them is that day's report, as the report of a casualty change is its 立即续报. Raised after, the daily
        // duty stood owed until the next day although the office had just reported. A duty already owed is moved to a sooner cadence
        // only after this report has met it (3 dead at 09:10, 10 at 10:00: the daily report is met, the 4-hourly one owed by 13:10).
        var mistaken = correctsPrevious ? $"{(corrects is null ? "上次报告" : CorrectedReportSaid(corrects))}录入有误，已更正" : null;
        var neverOwed = $"{mistaken}{(summary is null ? "" : $"（{summary}）")}，不再需要";
        if (mistaken is not null)
        {
            // What the report entered in error moved is put back before this report meets anything (C 4.1(三) "续报要准…必须实事求是"): 40 dead
            // typed for 4 moved 第2期 to the 4-hourly rule of 重大以上, and the correction then met it as the 4-hourly 续报 of a 重大 accident
            // that never was (a construction duty officer's review, session 58, finding 4; ADR 0003 #78).
            PutBackPeriodsTheMistakenReportMoved(assessment, previousAt, made, mistaken, neverOwed, by, now);
        }

        StartDuties(assessment, now, raiseOnly: true);
        HashSet<string>? chains = null;
        foreach (var duty in source is null ? Index.OwedMetBy(DutyNames.Of(DutyMetBy.ContinuationReport)).ToArray() : [])
        {
            if (duty.Every is not null && !(chains ??= []).Add(RepeatingDuties.Chain(duty)))
            {
                continue;
            }

            if (PeriodStart(duty) is not { } start || made >= start)
            {
                Fulfil(duty, made, summary ?? "续报", by, now, assessment);
            }
            else
            {
                // 每日至少续报1次: a second 续报 the same day meets no day, and the next day's report is owed within a day of it.
                MoveToReport(duty, made, now);
            }
        }

        StartDuties(assessment, now);
        if (mistaken is not null)
        {
            // The report before this one was entered in error (30 dead typed for 3): the duties it raised that the corrected figures do not call
            // for were never owed, so they end as not needed, overdue or not (特别重大's 30-minute direct report to the province, overdue at
            // once). Kept as a missed report, they stayed overdue and alerted for good (a duty officer's review, session 53). A duty the
            // corrected figures still call for stays owed.
            foreach (var duty in Owed().Where(o => o.RaisedAt == previousAt).ToArray())
            {
                if (_plan.DutyRule(duty.Code, duty.Clause, duty.Words) is { } rule && !rule.AppliesTo(assessment, ActiveLevel))
                {
                    Raise(new ObligationCancelled
                    {
                        At = now, By = by, Key = duty.Key,
                        Reason = neverOwed,
                    });
                }
            }

            // The escalation that report recommended (特别重大 and Ⅰ for 30 dead typed for 3) stood as the incident's recommendation, its
            // alert live, after the correction (a duty officer's review, sessions 53 and 55): withdrawn when the corrected figures no longer
            // reach what it recommended. A level already activated on it stays the decider's to adjust (R 5.7 避免响应过度).
            if (_state.Escalation is { } recommended && recommended.At == previousAt && _state.EscalationWithdrawnAt is null
                && !(Rank(recommended.ToGrade) > Rank(recommended.FromGrade) && Rank(now_.Grade) >= Rank(recommended.ToGrade))
                && !(Rank(recommended.ToLevel) > Rank(recommended.FromLevel) && Rank(now_.Level) >= Rank(recommended.ToLevel))
                && !(recommended.GradeNowUndetermined == true && !now_.GradeDetermined))
            {
                Raise(new EscalationWithdrawn { At = now, By = by, Reason = mistaken });
            }
        }

        StopRepeatingDutiesNoLongerOwed(assessment, now, reportedAt: source is null ? made : null);
        EndProposalsNoLongerNeeded(now, activated: null, calledFor: assessment.Response.Level);
        if (ActiveLevel is not null)
        {
            // A condition that first holds now (重要情况 judged after Ⅱ was activated) starts its duty now.
            StartDuties(DutyStart.Activation, now, null, assessment);
        }

        MeetIfCountyResponseActivated(made, by, now, assessment);
    }

    /// <summary>
    /// N 5.6 "所涉及县(市、区)要立即启动自然灾害救助应急响应": each county's act, met when the incident's report says that county's response is
    /// activated (<c>countiesResponseActivated</c>, or for the incident's own county the fact <c>countyResponseActivated</c>, which also owe
    /// the county's report of it, 5.6 "启动县(市、区)级…的,应及时向市应急管理局报告"), at the time of the report, or at the city's activation
    /// when the report said so before it (ADR 0003 #70, #83). A county not reported activated stays owed: 陵川县 started, 高平市 not.
    /// </summary>
    private void MeetIfCountyResponseActivated(DateTimeOffset at, LifecycleActor by, DateTimeOffset now, Assessment.Assessment assessment)
    {
        var activated = CountyLists.Of(CountyLists.ResponseActivated, _state.County, _state.Report.Figures);
        if (activated.Count == 0)
        {
            return;
        }

        foreach (var duty in Index.OwedMetBy(DutyNames.Of(DutyMetBy.CountyResponseActivated)).ToArray())
        {
            // One raised before schema 17 carries no county: it stands for the incident's own, as the fact said of it.
            if (activated.Contains(duty.County ?? _state.County, StringComparer.Ordinal))
            {
                Fulfil(duty, at < duty.RaisedAt ? duty.RaisedAt : at,
                    duty.County is { } county ? $"据报告，{county}已启动自然灾害救助应急响应" : "据报告，县（市、区）已启动自然灾害救助应急响应", by, now, assessment);
            }
        }
    }

    /// <summary>Activates a response level, or adjusts the active one; the plan's authority for the level is checked.</summary>
    /// <exception cref="IncidentCommandRejectedException">The plan has no such level, or an adjustment names the level already in force.</exception>
    /// <remarks>
    /// <c>decidedAt</c>: when the body decided, when the office records it afterwards (a leader's decision by phone at 09:05, typed in at 09:20;
    /// a duty officer's review, session 53: the decision was stamped when typed); null: now. The decision and the duties it starts take that
    /// time. Not later than now, not before the occurrence nor before the response's last decision.
    /// </remarks>
    public void DecideResponse(ResponseLevel level, bool adjust, string reason, LifecycleActor by, DateTimeOffset now, DecisionEngine engine,
        DateTimeOffset? decidedAt = null)
    {
        by = Known(by);
        ArgumentNullException.ThrowIfNull(engine);
        EnsureNotClosed(nameof(DecideResponse));
        EnsurePlanHasLevel(level);
        if (decidedAt is { } decided)
        {
            DecidedInOrder(decided, now);
        }

        // When the decision was taken: the time its lifecycle decision and the duties it starts carry.
        var at = decidedAt ?? now;
        if (adjust && ActiveLevel == level)
        {
            // An adjustment changes the level (road 5.7 调整响应级别); one to the level in force changes nothing. Refused here, before
            // anything is raised, rather than by the lifecycle's argument check, which a drill took for an internal error.
            throw new IncidentCommandRejectedException("level", $"the response is already at level {Names.Of(level)}; an adjustment must change the level",
                $"响应已是{Names.Chinese(level)}，调整须改为另一级别");
        }

        if (by.DelegatedByCommander && _plan.ActivationAuthority.MayActivate(by, level)
            && !_plan.ActivationAuthority.DelegationReaches(by, level))
        {
            // Only construction Ⅱ has the commander delegate (C 4.3.2(2) 由市指挥部指挥长或委托副指挥长). Elsewhere the flag claimed a
            // delegation the plan does not have, and with it the commander's say over ending the level (谁启动、谁结束).
            var definition = _plan.Response.Find(level)!;
            throw new IncidentCommandRejectedException("delegatedByCommander",
                $"level {Names.Of(level)} of this plan is activated without a delegation from the commander ({definition.Clause}: {definition.Words}); leave delegatedByCommander out",
                $"本预案{Names.Chinese(level)}响应的启动没有“受指挥长委托”之说（{definition.Clause}：{definition.Words}），不能标记为受{_plan.RoleNames.Of(RoleCatalogue.Commander)}委托");
        }

        CatchUp(now);
        // A raise is the activation of the higher level ("决定启动Ⅲ级响应", N 5.3.2; R 5.3.2 "决定启动Ⅱ级响应"): what its activation owes
        // is owed again, the 启动通知 (N 2.2(2)) and the 通报、上报 (N 5.6 "启动市级…响应后") among them. Before 2026-12-05 only the first
        // activation raised them, and raising Ⅳ to Ⅲ to Ⅱ sent no notice of the new level. A lowering activates nothing.
        var raised = adjust && ActiveLevel is { } before && level > before;
        Raise(adjust
            ? new ResponseAdjusted { At = now, By = by, Level = level, Reason = reason, DecidedAt = decidedAt }
            : new ResponseActivated { At = now, By = by, Level = level, Reason = reason, DecidedAt = decidedAt });

        // Duties that start when a level is activated (启动响应后…报告), for the level actually in force.
        var assessment = Assess(engine);
        StartDuties(DutyStart.Activation, at, null, assessment, activatedAt: raised ? at : null);
        MeetIfCountyResponseActivated(at, by, now, assessment);
        if (raised)
        {
            EndMeasuresOfTheLevelBelow(assessment, level, now);
        }
        // The body the proposal goes to decided without it (the commander activating Ⅰ, C 4.3.3(2)): nothing is left to propose. Nor when the
        // office declared the level itself (C 4.3.1(2) "……提出启动Ⅲ级响应建议,由市指挥部办公室主任宣布启动Ⅲ级响应,并报告市指挥部有关领导":
        // one sequence, whose report after the declaration is its own duty, level-iii-report-to-hq-leaders). Until 2026-12-07 the proposal
        // stayed owed after the director's Ⅲ and a proposal of the Ⅲ in force was refused (a construction duty officer's review, s58 #9;
        // ADR 0003 #76).
        EndProposalsNoLongerNeeded(now, activated: level, calledFor: null, activatedBy: by);

        if (adjust && !raised)
        {
            // A lowering ends the reports owed only at the levels above it (N 5.1.3(3), 5.2.3(3) 每日向市安委办报告 at Ⅰ and Ⅱ, not at Ⅲ
            // or Ⅳ): the period not yet due is not owed, as at the end of the response; one already missed stays missed.
            StopRepeatingDutiesNoLongerOwed(assessment, now, $"响应已调整为{Names.Chinese(level)}，该级别不要求此项报告");
        }

        // The decision on the office's proposal is what its carrier (N 5.2.2 副主任报主任决定) was to bring about.
        SettleProposalRelays(by, at, now, decided: true);
        RecommendIfBelowThePlan(level, assessment, now);
    }

    /// <summary>
    /// What a declared grade brings, as the clauses of its duties (N 4.1.3 重特大…第一时间报告, 4.1.5 24小时零报告): no criterion of the plan
    /// declares it, so the escalation rests on what it calls for, not on the level's clause (an alert cited 5.2.2 and its words).
    /// </summary>
    private static RuleRef[] DutiesOfTheDeclaredGrade(Assessment.Assessment assessment)
    {
        var refs = new List<RuleRef>();
        foreach (var duty in assessment.Obligations)
        {
            if (ReadsDeclaredGrade(duty.Rule.Condition) && !refs.Exists(r => r.Clause == duty.Rule.Clause))
            {
                refs.Add(new RuleRef(duty.Rule.Code, duty.Rule.Clause, duty.Rule.Words));
            }
        }

        return [.. refs];

        static bool ReadsDeclaredGrade(ObligationCondition? condition) =>
            condition is not null && (condition.Kind == ConditionKind.DeclaredGrade || condition.Parts.Any(ReadsDeclaredGrade));
    }

    /// <summary>
    /// A level activated or adjusted below the one the assessment calls for (Ⅳ for a disaster whose 10万 relocated people call for Ⅱ,
    /// N 5.2.1(2)) is recommended up at once, to the body that holds the plan's level: the level may be lower for a reason the office
    /// knows, but nobody is left unaware that it is (R 5.7 "避免响应不足或响应过度"). A lower level is not refused: the decider is the
    /// plan's body, and the engine's figures may be incomplete.
    /// </summary>
    private void RecommendIfBelowThePlan(ResponseLevel inForce, Assessment.Assessment assessment, DateTimeOffset now)
    {
        if (_state.Assessed.Level is not { } called || Rank(called) <= Rank(inForce))
        {
            return;
        }

        var authority = assessment.Response.Authority;
        Raise(Escalation(now, (_state.Assessed.Grade, _state.Assessed.Grade), (inForce, called),
            $"已启动的{Names.Chinese(inForce)}响应低于预案规定的{Names.Chinese(called)}：建议将响应提升至{Names.Chinese(called)}（由{authority?.Authority}决定）",
            Refs(assessment.Response.Because), authority, belowThePlan: true));
    }

    /// <summary>An escalation recommended to the body with the recommended level's authority: its roles, and the plan's words and clause for it.</summary>
    private static EscalationRecommended Escalation(DateTimeOffset now, (Grade? From, Grade? To) grade, (ResponseLevel? From, ResponseLevel? To) level,
        string recommendation, IReadOnlyList<RuleRef> because, LevelDefinition? authority, bool? gradeNowUndetermined = null, bool? belowThePlan = null) => new()
    {
        At = now, By = Engine, FromGrade = grade.From, ToGrade = grade.To, FromLevel = level.From, ToLevel = level.To,
        Recommendation = recommendation, Because = because,
        ActivatedBy = authority?.ActivatedBy ?? [], DelegationRequired = authority?.DelegationRequired ?? [],
        Authority = authority?.Authority, AuthorityClause = authority?.Clause, AuthorityWords = authority?.Words,
        GradeNowUndetermined = gradeNowUndetermined, BelowThePlan = belowThePlan,
    };

    /// <summary>
    /// Records the office's proposal to activate <paramref name="level"/> (提出启动……响应建议), or revises it. Nothing is in force
    /// until the body with the level's authority activates a level (the proposed one or another) or declines. While a level is in force
    /// the office proposes a higher one (N 5.2.2: a Ⅲ grown to Ⅱ, 市安委办向市安委会提出启动II级响应的建议): the level in force stays until
    /// the decider raises the response or declines.
    /// </summary>
    /// <exception cref="IncidentCommandRejectedException">The plan has no such level, or a level is in force and the one proposed is not higher.</exception>
    /// <exception cref="LifecycleTransitionException">A response is in force at the plan's highest level.</exception>
    public void ProposeResponse(ResponseLevel level, string reason, LifecycleActor by, DateTimeOffset now, DecisionEngine engine)
    {
        by = Known(by);
        ArgumentNullException.ThrowIfNull(engine);
        EnsureNotClosed(nameof(ProposeResponse));
        EnsurePlanHasLevel(level);
        if (_plan.Response.Proposal is { } proposal && !proposal.Levels.ContainsKey(level) && _plan.Response.Find(level) is { } decided)
        {
            // The office proposes only the levels the plan has it propose (N 5.1.2–5.3.2: Ⅰ–Ⅲ; R 5.3.1–5.3.2: Ⅰ–Ⅱ). N 5.4.2 "由市安委办主任决定启动Ⅳ级
            // 响应" and R 5.3.3 "由市指挥部办公室主任启动Ⅲ级应急响应" are decided without one; a proposal of them was taken and cited under
            // the activation's clause (a natural-disaster duty officer's review).
            var proposedLevels = string.Join("、", proposal.Levels.Keys.Order().Select(Names.Chinese));
            throw new IncidentCommandRejectedException("level",
                $"plan '{_plan.Id}' has the office propose only {string.Join(", ", proposal.Levels.Keys.Order().Select(Names.Of))}; {Names.Of(level)} is decided without a proposal ({decided.Clause})",
                $"预案只规定提出启动{proposedLevels}响应的建议；{Names.Chinese(level)}响应由{decided.Authority}直接决定（{decided.Clause}）");
        }

        if (ActiveLevel is { } inForce && level <= inForce && _plan.Response.Levels.Any(l => l.Level > inForce))
        {
            // Refused here, before anything is raised, rather than by the lifecycle's argument check (a drill took that for an internal error).
            throw new IncidentCommandRejectedException("level",
                $"level {Names.Of(inForce)} is in force; while it lasts the office proposes only a higher level",
                $"{Names.Chinese(inForce)}响应正在实施，响应期间只能提出提升至更高级别响应的建议");
        }

        CatchUp(now);
        Raise(new ResponseProposed { At = now, By = by, Level = level, Reason = reason });

        // The proposal is the report the plan asks for with it (C 4.3.x(2) "向市指挥部报告，并提出启动Ⅱ级响应建议"): no separate call.
        var proposed = Index.OwedMetBy(DutyNames.Of(DutyMetBy.ResponseProposal));
        if (proposed.Count > 0)
        {
            var assessment = Assess(engine);
            foreach (var duty in proposed.ToArray())
            {
                // A proposal of Ⅱ is not the proposal of Ⅰ the plan asks for once the figures call for Ⅰ; one of Ⅰ stands for a lower one owed.
                if (ProposalLevelOf(duty) is { } owed && owed > level)
                {
                    continue;
                }

                Fulfil(duty, now, $"提出启动{Names.Chinese(level)}响应建议：{reason}", by, now, assessment);
            }
        }

        // A proposal revised to another level leaves the step after the earlier one with nothing to carry; the new one owes its own.
        SettleProposalRelays(by, now, now, decided: false);
        StartProposalRelay(level, now);
    }

    /// <summary>
    /// Raises the duty that takes the proposal of <paramref name="level"/> to the body that decides it, where the plan has one (N 5.2.2
    /// "市安委办……向市安委会提出启动II级响应的建议,市安委会副主任(分管安全工作副市长)报主任决定"), unless one is owed already (a proposal
    /// revised to the same level is the same proposal). Nothing showed the 副主任 carrying the office's Ⅱ proposal to the 主任, who alone decides
    /// it (review s61, ND-05; ADR 0003 #87).
    /// </summary>
    private void StartProposalRelay(ResponseLevel level, DateTimeOffset now)
    {
        for (var ruleIndex = 0; ruleIndex < _plan.Obligations.Count; ruleIndex++)
        {
            var rule = _plan.Obligations[ruleIndex];
            if (rule.Start == DutyStart.Proposal && rule.ProposedLevel == level && rule.InForceAt(now) && Index.OwedWithCode(rule.Code).Count == 0)
            {
                Raise(DutyFor(rule, rule.Due is { } due ? now + due : null, now));
            }
        }
    }

    /// <summary>
    /// Settles the duties owed to carry a proposal to its decider (<see cref="DutyMetBy.ResponseDecision"/>) once that proposal no longer stands:
    /// met by a decision on it (<paramref name="decided"/>: a level activated or adjusted to, or the proposal declined) of a body that holds the
    /// proposed level's authority (N 5.2.2 the 主任, or 市委、市政府 above him), at the decision's time; ended otherwise (the office revised its
    /// proposal, the response was ended), with since when it stood unmet. While the proposal stands (a lower level decided by one who may not
    /// decide it, which leaves it pending) the duty stays owed.
    /// </summary>
    private void SettleProposalRelays(LifecycleActor by, DateTimeOffset at, DateTimeOffset now, bool decided)
    {
        var owed = Index.OwedMetBy(DutyNames.Of(DutyMetBy.ResponseDecision));
        if (owed.Count == 0)
        {
            return;
        }

        var standing = _state.Response.ProposedLevel;
        foreach (var duty in owed.ToArray())
        {
            if (_plan.DutyRule(duty.Code, duty.Clause, duty.Words)?.ProposedLevel is not { } level || standing == level)
            {
                continue;
            }

            if (decided && _plan.ActivationAuthority.MayActivate(by, level))
            {
                var decision = _state.Response.Decisions[^1];
                var what = decision.Trigger == nameof(ResponseTrigger.Decline) ? $"不同意启动{Names.Chinese(level)}响应"
                    : decision.Trigger == nameof(ResponseTrigger.Adjust) ? $"决定将响应调整为{Names.Chinese(ActiveLevel!.Value)}"
                    : $"决定启动{Names.Chinese(ActiveLevel!.Value)}响应";
                Raise(new ObligationFulfilled { At = now, By = by, Key = duty.Key, MadeAt = at, Note = $"启动{Names.Chinese(level)}响应的建议已由{NameOf(by)}{what}" });
                continue;
            }

            var reason = standing is { } other ? $"建议已改为启动{Names.Chinese(other)}响应，启动{Names.Chinese(level)}响应的建议不再待决"
                : _state.Response.State == ResponseState.Terminated ? $"响应已终止，启动{Names.Chinese(level)}响应的建议不再待决"
                : $"启动{Names.Chinese(level)}响应的建议已不再待决";
            Raise(new ObligationCancelled { At = now, By = Engine, Key = duty.Key, Reason = reason, OwedSince = OwedUnmet(duty, now) });
        }
    }

    /// <summary>The body with the proposed level's authority turns the proposal down; the response returns to not activated.</summary>
    /// <exception cref="LifecycleTransitionException">Nothing is proposed.</exception>
    /// <exception cref="LifecycleAuthorityException">The caller could not have activated the proposed level.</exception>
    public void DeclineResponse(string reason, LifecycleActor by, DateTimeOffset now)
    {
        by = Known(by);
        CatchUp(now);
        Raise(new ResponseDeclined { At = now, By = by, Reason = reason });
        SettleProposalRelays(by, now, now, decided: true);
    }

    /// <summary>
    /// The office proposes ending the active response (N 2.2(2) 市安委办……提出自然灾害救助应急响应启动、终止建议); the level stays in force until the
    /// body that may end it (5.7 依据“谁启动、谁终止”的原则，按启动响应的相关权限终止响应) terminates, adopting the proposal, or declines.
    /// </summary>
    /// <exception cref="IncidentCommandRejectedException">
    /// The plan has no proposal to end a response (road 5.7, construction 4.6: the body that started it ends it), or the office proposes the end
    /// of a level it started itself (N 5.4.2 Ⅳ), which it ends.
    /// </exception>
    /// <exception cref="LifecycleTransitionException">No response is active, or a proposal (to end, or of a higher level) is pending.</exception>
    /// <exception cref="LifecycleAuthorityException">The caller is not the office.</exception>
    public void ProposeTermination(string reason, LifecycleActor by, DateTimeOffset now)
    {
        by = Known(by);
        var (termination, proposal) = EnsurePlanHasTerminationProposal();
        if (ActiveLevel is { } level && proposal.By.Contains(by.RoleId, StringComparer.Ordinal) && Response.CanTerminate(by))
        {
            throw new IncidentCommandRejectedException("action",
                $"the level {Names.Of(level)} response was started by {by.RoleId}, who ends it ({termination.Clause}); it does not propose its end",
                $"{Names.Chinese(level)}响应由本机构启动，按“{termination.Principle}”的原则由本机构终止（{termination.Clause}），无需提出终止建议");
        }

        CatchUp(now);
        Raise(new ResponseTerminationProposed { At = now, By = by, Reason = reason });
    }

    /// <summary>The body that may end the response turns the office's proposal to end it down; the level stays in force.</summary>
    /// <exception cref="LifecycleTransitionException">No end is proposed.</exception>
    /// <exception cref="LifecycleAuthorityException">The caller is neither the body that started the level nor a role above it in its organ.</exception>
    /// <exception cref="IncidentCommandRejectedException">The plan has no proposal to end a response, so none to decline.</exception>
    public void DeclineTermination(string reason, LifecycleActor by, DateTimeOffset now)
    {
        by = Known(by);

        // Road 5.7 and construction 4.6 have no proposal to end: there is never one to decline, which a 409 ("not in this state") implied
        // there might be later.
        EnsurePlanHasTerminationProposal();
        EnsureTheDelegationExists(by, "不同意终止");
        CatchUp(now);
        Raise(new ResponseTerminationDeclined { At = now, By = by, Reason = reason });
    }

    /// <summary>
    /// Refuses, naming <c>delegatedByCommander</c>, an end (or the decline of a proposed end) said to be on the commander's delegation when the
    /// plan delegates nothing to the actor's role: only construction has the commander delegate (C 4.3.2(2) 由市指挥部指挥长或委托副指挥长), and
    /// only to the deputy. Elsewhere (R 5.7, N 5.7; the commander himself) the flag claimed an authority the text does not give, as it does on a
    /// decision (<see cref="DecideResponse"/>). Whether the delegation reaches the level in force is the lifecycle's (403, ADR 0003 #76).
    /// </summary>
    private void EnsureTheDelegationExists(LifecycleActor by, string what)
    {
        var authority = _plan.ActivationAuthority;
        if (!by.DelegatedByCommander || authority.Levels.Any(l => authority.DelegationReaches(by, l)))
        {
            return;
        }

        var commander = _plan.RoleNames.Of(RoleCatalogue.Commander);
        throw new IncidentCommandRejectedException("delegatedByCommander",
            $"this plan has no delegation from the commander to {by.RoleId} ({authority.TerminationBasis}); leave delegatedByCommander out",
            $"本预案没有{_plan.RoleNames.Of(by.RoleId)}受{commander}委托{what}响应之说（{authority.TerminationBasis}），不能标记为受{commander}委托");
    }

    /// <summary>Refuses, naming <c>action</c>, a proposal to end a response (or its decline) under a plan that has none (road 5.7, construction 4.6).</summary>
    private (Termination Termination, TerminationProposal Proposal) EnsurePlanHasTerminationProposal()
    {
        var termination = _plan.Response.Termination;
        if (termination?.Proposal is not { } proposal)
        {
            var clause = termination?.Clause ?? _plan.Response.TerminatedBy.Clause;
            throw new IncidentCommandRejectedException("action",
                $"plan '{_plan.Id}' has no proposal to end a response: the body that started it ends it ({clause})",
                $"{_plan.Metadata.Title}未规定提出终止应急响应的建议，{_plan.Response.EndedByItsStarter}");
        }

        return (termination, proposal);
    }

    /// <summary>
    /// A closed incident (终报 in, the response ended or never activated) takes nothing that would put a response or a warning in force, nor
    /// a new clock: refused as a conflict with its state before anything is raised. A response proposed or activated after it closed
    /// left a closed incident with an active response. Meeting a duty still owed and ending a warning stay open to it.
    /// </summary>
    /// <summary>
    /// Ties the incident to a feed's record of the same accident (<see cref="FeedRecordLinked"/>): the office opened it over REST and the feed
    /// (122) keeps its own record of it, whose later messages are then filed here. One accident reached the office as two incidents, each
    /// with its own duties and alerts, when it was phoned in and 122 sent its record too (a road duty officer's review, session 54); R 5.1.1
    /// "报送、报告事故信息时,应当做到及时、客观、真实,不得迟报、谎报、瞒报和漏报". Whether the record is free (no other open incident of it) is the
    /// feed store's to say, under the feed's own lock; the incident checks what is its own.
    /// </summary>
    /// <exception cref="IncidentCommandRejectedException">The incident's plan takes no records from <paramref name="channel"/> (400), or the record
    /// is tied to it already (409).</exception>
    public void LinkFeedRecord(string channel, string dispatchId, Guid? replaces, string? note, LifecycleActor by, DateTimeOffset now)
    {
        by = Known(by);
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        ArgumentException.ThrowIfNullOrWhiteSpace(dispatchId);
        EnsureNotClosed(nameof(LinkFeedRecord));
        if (_plan.FeedIntake is not { } intake || !string.Equals(intake.Channel, channel, StringComparison.Ordinal))
        {
            throw new IncidentCommandRejectedException("dispatchId",
                $"plan '{_plan.Id}' takes no records from the {channel} feed: only an incident of the road traffic plan can be tied to a {channel} dispatch record",
                $"{_plan.Metadata.Title}不接收{channel}接警单：只有道路交通事故的事件可关联{channel}接警单");
        }

        if (_state.LinkedFeedRecords.Exists(r => r.Channel == channel && r.DispatchId == dispatchId))
        {
            throw new IncidentCommandRejectedException("dispatchId", $"the {channel} record {dispatchId} is already tied to this incident",
                $"{channel}接警单{dispatchId}已关联本事件，不必再关联") { Status = 409 };
        }

        CatchUp(now);
        Raise(new FeedRecordLinked { At = now, By = by, Channel = channel, Reference = dispatchId, Replaces = replaces, Note = note });
    }

    private void EnsureNotClosed(string command)
    {
        if (_state.Reporting.State == ReportingState.Closed)
        {
            throw new LifecycleTransitionException(nameof(ReportingLifecycle), nameof(ReportingState.Closed), command, []);
        }
    }

    private void EnsurePlanHasLevel(ResponseLevel level)
    {
        if (_plan.Response.Find(level) is null)
        {
            throw new IncidentCommandRejectedException("level",
                $"plan '{_plan.Id}' has no level {Names.Of(level)}; its levels are {string.Join(", ", _plan.Response.Levels.Select(l => Names.Of(l.Level)))}",
                $"预案未设{Names.Chinese(level)}响应；可启动：{string.Join("、", _plan.Response.Levels.Select(l => Names.Chinese(l.Level)))}");
        }
    }

    /// <summary>Records something that starts or ends duty clocks (<see cref="ClockEvents"/>).</summary>
    /// <exception cref="IncidentCommandRejectedException">The incident's state makes it meaningless (special circumstances already set, handling already finished…).</exception>
    public void RecordClockEvent(string kind, DateTimeOffset happenedAt, string? orderedBy, string? note, LifecycleActor by, DateTimeOffset now, DecisionEngine engine,
        string? takenBy = null)
    {
        by = Known(by);
        ArgumentNullException.ThrowIfNull(engine);
        var what = ClockEvents.Find(kind) ?? throw new IncidentCommandRejectedException("kind", $"unknown kind '{kind}'", $"未知事件节点“{kind}”");
        if (kind != ClockEvents.ReconstructionFinished)
        {
            // N 6.2 "倒损住房恢复重建工作结束后" comes months after the 终报 closes a disaster's incident: the one clock event a closed incident
            // takes, since it starts only work after handling (an evaluation reported on completion, no clock), which the close leaves owed.
            EnsureNotClosed(nameof(RecordClockEvent));
        }

        if (!ClockEvents.AppliesTo(_plan, what))
        {
            // Taken before, it wrote "市委、市政府要求核实事件信息" into a natural-disaster timeline as if a 30-minute clock ran (a natural-disaster
            // duty officer's review): nothing in this plan starts or ends with it.
            throw new IncidentCommandRejectedException("kind",
                $"plan '{_plan.Id}' has no duty or cadence that '{kind}' starts or ends",
                $"{_plan.Metadata.Title}未规定与“{what.Label}”相关的报告或时限，不必记录");
        }

        (string English, string Chinese)? refusal = kind switch
        {
            ClockEvents.SpecialCircumstancesSet when _state.SpecialCircumstances => ("special circumstances are already recorded", "已记录为特殊情况，不必再记"),
            ClockEvents.SpecialCircumstancesCleared when !_state.SpecialCircumstances => ("no special circumstances are recorded", "未记录特殊情况，无从解除"),
            ClockEvents.HandlingFinished when _state.HandlingFinished => ("handling is already recorded as finished", "已记录应急处置结束，不必再记"),
            ClockEvents.SituationStable when _state.SituationStable => ("the situation is already recorded as stable", "已记录灾情稳定，不必再记"),
            ClockEvents.ReconstructionFinished when _state.ReconstructionFinished =>
                ("the reconstruction of collapsed and damaged housing is already recorded as finished", "已记录倒损住房恢复重建工作结束，不必再记"),
            ClockEvents.CommandHandover when string.IsNullOrWhiteSpace(takenBy) =>
                ("takenBy is required for a command handover: who took command on site", "现场指挥权移交须写明接管者 takenBy（接管现场指挥权的上级指挥部）"),
            ClockEvents.CommandHandover when string.Equals(takenBy!.Trim(), OnSiteCommander(), StringComparison.Ordinal) =>
                ($"{OnSiteCommander()} already commands on site", $"现场指挥权已由{OnSiteCommander()}行使，不必再记"),
            _ => null,
        };
        if (refusal is { } r)
        {
            throw new IncidentCommandRejectedException(kind == ClockEvents.CommandHandover ? "takenBy" : "kind", r.English, r.Chinese);
        }

        if (kind != ClockEvents.DispatchOrder)
        {
            // A relief dispatch order alone may come before the disaster: N 3(3) "做好救灾物资准备,紧急情况下提前调拨" (ordered on the forecast); the
            // notice's 6 or 8 hours still run from it (晋市政发〔2026〕1号（十九） "接到调拨指令后"). It was refused as before the occurrence (a duty
            // officer's review, session 53).
            NotBeforeTheOccurrence("happenedAt", happenedAt, "it cannot have happened", "事件发生前不会有此节点");
        }

        if (kind == ClockEvents.CommandHandover && _state.CommandHandovers.Count > 0 && happenedAt < _state.CommandHandovers[^1].HappenedAt)
        {
            // Each handover passes on the command the one before gave: recorded out of their order, the list would name the wrong holder.
            throw new IncidentCommandRejectedException("happenedAt",
                "a command handover cannot be before the one recorded before it",
                $"现场指挥权移交不能早于此前记录的移交（{Local(_state.CommandHandovers[^1].HappenedAt)}移交{_state.CommandHandovers[^1].TakenBy}）");
        }

        CatchUp(now);
        Raise(new ClockEventRecorded
        {
            At = now, By = by, Kind = what.Name, HappenedAt = happenedAt, OrderedBy = orderedBy, Note = note,
            TakenBy = kind == ClockEvents.CommandHandover ? takenBy!.Trim() : null,
        });
        var assessment = Assess(engine);
        if (what.Starts is { } start)
        {
            StartDuties(start, happenedAt, orderedBy, assessment);
        }

        switch (kind)
        {
            case ClockEvents.SpecialCircumstancesSet:
                // 特殊情况每2小时续报1次: an owed report falls due by the special cadence if that is sooner. The first one owed: 2 hours after
                // the later of the last 续报 (the one that met the period before) and when they arose: a leader who orders a report every 2
                // hours expects the next within 2 hours, and it was put 2 hours after the end of the 4-hourly period the last 续报 met, up to
                // 5 h 40 min on (review s55, finding 6; ADR 0003 #72). A later one (special circumstances recorded after the periods since
                // were raised): 2 hours from when its period began, if that is later.
                foreach (var duty in Owed().Where(o => o.SpecialEvery is not null).ToArray())
                {
                    var previous = Previous(duty);
                    var from = previous is null || previous.Clock.State != ObligationState.Due
                        ? previous is { Clock.State: ObligationState.Met, Clock.FiledAt: { } lastReport } && lastReport > happenedAt ? lastReport : happenedAt
                        : PeriodEnd(previous) is { } began && began > happenedAt && began < duty.Clock.DueAt ? began : happenedAt;
                    var sooner = from + XmlConvert.ToTimeSpan(duty.SpecialEvery!);
                    if (duty.Clock.DueAt is not { } due || sooner < due)
                    {
                        Raise(new ObligationRescheduled
                        {
                            At = now, By = Engine, Key = duty.Key, DueAt = sooner, Every = duty.Every, SpecialEvery = duty.SpecialEvery, Until = duty.Until,
                            Clause = duty.Clause, Words = duty.Words,
                        });
                    }
                }

                break;
            case ClockEvents.SpecialCircumstancesCleared:
                // "每4小时续报1次,特殊情况每2小时续报1次": the 2-hour cadence lasts while the special circumstances do. A report owed and not yet
                // due falls due by the duty's own cadence again: at the end of its period counted from when that period began (the due
                // time of the instance before it, or for the first the rule's own due time). A report already missed stays missed.
                foreach (var duty in Owed().Where(o => o.SpecialEvery is not null && o.Every is not null && !IsOverdue(o, now)).ToArray())
                {
                    if (NormalDueAt(duty, assessment) is { } normal && duty.Clock.DueAt is { } due && normal > due)
                    {
                        Raise(new ObligationRescheduled
                        {
                            At = now, By = Engine, Key = duty.Key, DueAt = normal, Every = duty.Every, SpecialEvery = duty.SpecialEvery, Until = duty.Until,
                            Clause = duty.Clause, Words = duty.Words,
                        });
                    }
                }

                break;
            case ClockEvents.SituationStable:
                // "重大及以上自然灾害灾情稳定前,…执行灾情24小时零报告制度" (N 4.1.5): the reports due before the situation was stable were
                // owed; one missed then stays overdue (as a missed 续报 does at the 终报), and only those not yet due when it became
                // stable end. Compared with when it became stable, not when that was recorded.
                foreach (var duty in Owed().Where(o => o.Until == DutyNames.Of(DutyEnd.SituationStable) && !IsOverdue(o, happenedAt)).ToArray())
                {
                    Raise(new ObligationCancelled { At = now, By = by, Key = duty.Key, Reason = "灾情稳定" });
                }

                break;
        }
    }

    /// <summary>Ends the response: only the body that started it (谁启动、谁结束), once it has judged the plan's conditions met.</summary>
    /// <param name="reason">Why, in the deciding body's words.</param>
    /// <param name="conditionsConfirmed">True when that body confirms the plan's termination conditions hold; null when it does not say (recorded as such).</param>
    /// <param name="by">Who ends it (the lifecycle checks 谁启动、谁结束).</param>
    /// <param name="now">When.</param>
    /// <param name="engine">Assesses the incident for the duties the termination starts (N 2.2(2) 终止通知).</param>
    /// <param name="decidedAt">When the body decided, when the office records it afterwards (a duty officer's review, session 53, for activations;
    /// terminations since session 54): the termination and the duties it starts take that time. Not later than now, nor before the response's
    /// last decision. Null: now.</param>
    /// <exception cref="IncidentCommandRejectedException">The body says the conditions do not hold (false), or <paramref name="decidedAt"/> is out of order.</exception>
    public void TerminateResponse(string reason, bool? conditionsConfirmed, LifecycleActor by, DateTimeOffset now, DecisionEngine engine, DateTimeOffset? decidedAt = null)
    {
        by = Known(by);
        ArgumentNullException.ThrowIfNull(engine);
        if (decidedAt is { } decided)
        {
            DecidedInOrder(decided, now);
        }

        if (conditionsConfirmed == false)
        {
            var termination = _plan.Response.Termination;
            throw new IncidentCommandRejectedException("conditionsConfirmed",
                termination is null
                    ? "a response ends only once the body that started it judges it can (send true, or leave it out)"
                    : $"{termination.Clause} ends the response only when its conditions hold ({string.Join("; ", termination.Conditions)}): "
                      + "send true once the body that started it has confirmed them",
                termination is null
                    ? "终止应急响应须由启动响应的主体确认可以终止"
                    : $"预案 {termination.Clause} 规定{string.Join("、", termination.Conditions)}方可终止应急响应；终止主体认为条件尚不具备，不能终止");
        }

        EnsureTheDelegationExists(by, "终止");
        CatchUp(now);
        Raise(new ResponseTerminated { At = now, By = by, Reason = reason, ConditionsConfirmed = conditionsConfirmed, DecidedAt = decidedAt });

        // Duties the termination itself starts (N 2.2(2) 发出……终止通知), for the level that was in force, from when it was decided.
        StartDuties(DutyStart.Termination, decidedAt ?? now, null, Assess(engine));

        // Reports owed while a level is in force (每日向市安委办报告…) stop repeating with the response. A report the activation itself
        // called for (决定启动Ⅲ级响应，并向市安委会主任报告; 启动…后通报并上报省应急管理厅) is still owed once the level was activated, and a
        // repeating one whose time has passed unmet stays overdue: ending the response does not make a missed report not missed.
        foreach (var duty in Owed().Where(o => o.Start == DutyNames.Of(DutyStart.Activation) && o.Every is not null && !IsOverdue(o, now)).ToArray())
        {
            Raise(new ObligationCancelled { At = now, By = by, Key = duty.Key, Reason = "响应已终止" });
        }

        SettleProposalRelays(by, decidedAt ?? now, now, decided: false);
        CloseIfDone(now);
    }

    /// <summary>Records a duty's report as made at <paramref name="madeAt"/>; a recurring duty starts its next instance.</summary>
    /// <remarks>The key is the duty's key (continuation-report#2), or its code for the earliest one still owed.</remarks>
    /// <exception cref="NotFoundException">No duty has that key or code.</exception>
    public ObligationEntry FulfilObligation(string key, DateTimeOffset madeAt, string? note, LifecycleActor by, DateTimeOffset now, DecisionEngine engine)
    {
        by = Known(by);
        ArgumentNullException.ThrowIfNull(engine);
        // Open to a closed incident too: a duty whose time had not come when the 终报 closed it (the 1-hour written report of an
        // incident settled in minutes) is still owed, and the report made afterwards must be recordable.
        // The periods that passed unmet first: a read shows them with their keys (continuation-report#3, overdue), and the report
        // made for one of them must find it (it was answered 404 until the next command recorded them).
        CatchUp(now);

        // By key, else the earliest owed one with that code, else the exact key even if already met
        // (so a second fulfilment is refused by its lifecycle with 409, not 404).
        var byKey = Index.Find(key);
        var duty = (byKey is { Clock.State: ObligationState.Due } ? byKey : null)
                   ?? EarliestOwed(key)
                   ?? byKey
                   ?? throw new NotFoundException("obligation", key);
        NotBeforeTheOccurrence("madeAt", madeAt, "a report on it cannot have been made", "不可能在事发前已就此报告");
        if (duty.Clock.State == ObligationState.Due && PeriodStart(duty) is { } start && madeAt < start)
        {
            // 每日至少续报1次: a 续报 made on the day before, after the one that met it, is a report of that day and stands for no other;
            // the day this duty stands for still owes one, due within a day of it (ADR 0003, 2026-12-05). Refused only when it moves
            // nothing: made before the report the due time already runs from.
            if (MoveToReport(duty, madeAt, now))
            {
                return duty;
            }

            throw new IncidentCommandRejectedException("madeAt",
                $"{duty.Key} is the report for the period from {Local(start)} to {Local(duty.Clock.DueAt!.Value)}; a report made at {Local(madeAt)} "
                + "belongs to an earlier period and cannot stand for this one",
                $"{duty.Said().Full}是{Local(start)}至{Local(duty.Clock.DueAt!.Value)}这一期的报告，{Local(madeAt)}所作的报告属于此前一期，不能顶替") { AboutTime = true };
        }

        if (duty.Clock.State == ObligationState.Due && duty.Every is null && duty.Start != DutyNames.Of(DutyStart.Occurrence)
            && (ClockStart(duty) ?? StartedByAnEvent(duty)) is { } started && madeAt < started - AssessmentContract.ClockTolerance)
        {
            // 市委、市政府要求核实…30分钟内 (R 5.1.1): a report made before the city asked is not the answer to its request; relief
            // supplies cannot have arrived before they were ordered. Within the clock tolerance, as for the occurrence: such times are
            // often noted from memory.
            throw new IncidentCommandRejectedException("madeAt",
                $"{duty.Key} started at {Local(started)} ({duty.Start}); a report made at {Local(madeAt)}, before it, cannot be the one it asks for",
                $"{duty.Said().Full}自{Local(started)}起算（{(DutyNames.TryParse(duty.Start, out DutyStart from) ? DutyNames.Label(from) : duty.Start)}），"
                + $"{Local(madeAt)}早于起算时间，不能算作履行此项职责") { AboutTime = true };
        }

        Fulfil(duty, madeAt, note, by, now, Assess(engine));
        return duty;
    }

    /// <summary>
    /// When a timed duty's clock started (the city's request, the dispatch order, the activation…): its due time less the time its rule
    /// allows. Null for a duty without a due time, or whose rule is not in the plan.
    /// </summary>
    private DateTimeOffset? ClockStart(ObligationEntry duty) =>
        duty.Clock.DueAt is { } due && Allowed(duty) is { } allowed
            ? due - allowed
            : null;

    /// <summary>
    /// When an untimed duty started, where its start is a step of the incident recorded with its time (the activation, the termination, the
    /// situation's stabilising…): the time it was raised, which is that step's. A notice of a termination cannot have been sent before the
    /// termination (N 2.2(2) "发出启动、终止通知"); only the timed duties were held to their start (a natural-disaster duty officer's review,
    /// session 61, ND-01). Null for a timed duty (<see cref="ClockStart"/>) and for one that runs from the occurrence or the receipt, which a
    /// report may precede the incident's recording.
    /// </summary>
    private static DateTimeOffset? StartedByAnEvent(ObligationEntry duty) =>
        duty.Clock.DueAt is null && DutyNames.TryParse(duty.Start, out DutyStart start)
            && start is not (DutyStart.Occurrence or DutyStart.Receipt or DutyStart.PreviousReport or DutyStart.Calendar)
            ? duty.RaisedAt
            : null;

    /// <summary>The time a duty's rule allows from its clock's start (30分钟内); null when the rule gives none or is not in the plan.</summary>
    private TimeSpan? Allowed(ObligationEntry duty) => _plan.DutyRule(duty.Code, duty.Clause, duty.Words)?.Due;

    /// <summary>
    /// When a repeating duty's period began: its due time less its period (每日至少续报1次: each day needs a report of its own, and
    /// a report made before the day began stands for the day before). Null for a duty that does not repeat or has no due time.
    /// </summary>
    /// <remarks>
    /// The days of 每日至少续报1次 (<see cref="ObligationRule.RunsFromReport"/>) run back to back, each a day long, from the first
    /// (which begins a day before its first due time: the occurrence), whatever moved their due times: a day's report is due within a
    /// day of the last 续报 made (<see cref="MoveToReport"/>), at the latest when the day ends, and the first 续报 of a day meets it. Run
    /// from the report that met the day before (2026-12-05, session 33), every 续报 began a new day, so a 续报 every two hours made
    /// twelve days of one (ADR 0003).
    /// </remarks>
    private DateTimeOffset? PeriodStart(ObligationEntry duty)
    {
        if (duty.Every is not { } every || duty.Clock.DueAt is not { } due)
        {
            return null;
        }

        if (RunsFromReport(duty) && DayStart(duty) is { } day)
        {
            return day;
        }

        // The period after another begins when that one ended, whatever cadence either ran at (special circumstances set or cleared):
        // at its report when it was made within it, else when it fell due (RepeatingDuties.PeriodEnd).
        if (Previous(duty) is { } before && PeriodEnd(before) is { } previous && previous < due)
        {
            return previous;
        }

        var period = _state.SpecialCircumstances && duty.SpecialEvery is { } special ? special : every;
        return due - XmlConvert.ToTimeSpan(period);
    }

    /// <summary>
    /// When a repeating duty falls due by its own cadence (每4小时), outside special circumstances: a period after the time the instance
    /// before it fell due; the first instance when its rule says. Null when neither is known.
    /// </summary>
    private DateTimeOffset? NormalDueAt(ObligationEntry duty, Assessment.Assessment assessment)
    {
        if (duty.Every is not { } every || duty.Clock.DueAt is not { } due)
        {
            return null;
        }

        if (Previous(duty) is { } before && PeriodEnd(before) is { } previous && previous < due)
        {
            return previous + XmlConvert.ToTimeSpan(every);
        }

        for (var owedIndex = 0; owedIndex < assessment.Obligations.Count; owedIndex++)
        {
            var owed = assessment.Obligations[owedIndex];
            if (owed.Rule.Code == duty.Code && owed.Rule.Words == duty.Words)
            {
                return owed.DueAt;
            }
        }

        return null;
    }

    /// <summary>The instance of the same repeating duty (its code) raised before <paramref name="duty"/>; null for the first.</summary>
    private ObligationEntry? Previous(ObligationEntry duty)
    {
        var all = Index.WithCode(duty.Code);
        // From where the duty is (the index knows), not by walking from the list's end: DayStart asks this of each day of a long run.
        var i = Index.Position(duty);
        for (i--; i >= 0; i--)
        {
            if (RepeatingDuties.SameChain(duty, all[i]))
            {
                return all[i];
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="duty"/>'s rule runs each period from the report before it (每日至少续报1次, <see cref="ObligationRule.RunsFromReport"/>).</summary>
    private bool RunsFromReport(ObligationEntry duty) => _plan.DutyRule(duty.Code, duty.Clause, duty.Words)?.RunsFromReport == true;

    /// <summary>
    /// For an instance of 每日至少续报1次 that follows another of it: when its day began, the day of the first of that run of days plus a
    /// day for each instance before it. Null for the first of a run (its period begins as any other's: <see cref="PeriodStart"/>).
    /// </summary>
    /// <remarks>
    /// The run before each instance (its first, and the days its instances stand for) is kept by the index, worked out from the instance
    /// before it: a call costs the same on the sixtieth day as on the second. It walked back over the whole run each time, and each step of
    /// the walk looked for the instance from the list's end, so every 续报 of a long incident cost more than the one before (2026-12-05).
    /// </remarks>
    private DateTimeOffset? DayStart(ObligationEntry duty)
    {
        var (first, days) = DailyRun(duty);
        return first is not null && PeriodStart(first) is { } began ? began + days : null;
    }

    /// <summary>
    /// The run of daily instances just before <paramref name="duty"/> (each of <see cref="RunsFromReport"/> with a cadence): its first and the
    /// days its instances stand for (their periods added up); no first when the instance before it is not one. From the nearest instance
    /// whose run the index already keeps, each one after it its run before's plus its own period.
    /// </summary>
    private (ObligationEntry? First, TimeSpan Days) DailyRun(ObligationEntry duty)
    {
        var index = Index;
        var pending = new List<ObligationEntry>();
        var at = duty;
        (ObligationEntry? First, TimeSpan Days) run;
        while (!index.TryDailyRun(at, out run))
        {
            pending.Add(at);
            if (Previous(at) is not { } before || !RunsFromReport(before) || before.Every is null)
            {
                run = (null, TimeSpan.Zero);
                index.DailyRun(at, run);
                pending.RemoveAt(pending.Count - 1);
                break;
            }

            at = before;
        }

        // Forward again: each instance's run is the one before it's, with that instance's day added (or begun by it).
        for (var i = pending.Count - 1; i >= 0; i--)
        {
            var before = Previous(pending[i])!;
            var day = XmlConvert.ToTimeSpan(before.Every!);
            run = run.First is null ? (before, day) : (run.First, run.Days + day);
            index.DailyRun(pending[i], run);
        }

        return run;
    }

    /// <summary>
    /// "每日至少续报1次" (R 5.1.2, C 4.1(三)): never a day without a 续报. A 续报 made at <paramref name="madeAt"/> before the day
    /// <paramref name="duty"/> stands for began meets no day (its own day was met by the first 续报 in it), but the next is owed within
    /// a day of it: the owed day's due time moves to a day after it (<c>obligation-rescheduled</c>, with the reason), one instance whose
    /// time moves, not a new one per 续报. False (nothing raised) when the duty does not run from the report, is already overdue, or
    /// its due time is already that late.
    /// </summary>
    private bool MoveToReport(ObligationEntry duty, DateTimeOffset madeAt, DateTimeOffset now)
    {
        if (duty.Clock.State != ObligationState.Due || duty.Every is not { } every || !RunsFromReport(duty) || duty.Clock.DueAt is not { } due
            || due < madeAt || madeAt + XmlConvert.ToTimeSpan(every) <= due)
        {
            return false;
        }

        Raise(new ObligationRescheduled
        {
            At = now, By = Engine, Key = duty.Key, DueAt = madeAt + XmlConvert.ToTimeSpan(every), Every = duty.Every, SpecialEvery = duty.SpecialEvery,
            Until = duty.Until, Clause = duty.Clause, Words = duty.Words, Reason = $"{Local(madeAt)}已续报（每日至少续报1次，自最近一次续报起算）",
        });
        return true;
    }

    /// <summary>When the period <paramref name="instance"/> stands for ended (<see cref="RepeatingDuties.PeriodEnd(ObligationEntry, bool)"/>), by its rule.</summary>
    private DateTimeOffset? PeriodEnd(ObligationEntry instance) => RepeatingDuties.PeriodEnd(instance, RunsFromReport(instance));

    /// <summary>The instances of the same repeating duty (its code) raised after <paramref name="duty"/>, in the order raised.</summary>
    private List<ObligationEntry> Later(ObligationEntry duty)
    {
        var all = Index.WithCode(duty.Code);
        var later = new List<ObligationEntry>();
        var seen = false;
        foreach (var other in all)
        {
            if (ReferenceEquals(other, duty))
            {
                seen = true;
            }
            else if (seen && RepeatingDuties.SameChain(duty, other))
            {
                later.Add(other);
            }
        }

        return later;
    }

    /// <summary>True when no later instance of the same repeating duty (its code) was raised after <paramref name="duty"/>.</summary>
    private bool IsLatest(ObligationEntry duty)
    {
        var all = Index.WithCode(duty.Code);
        for (var i = all.Count - 1; i >= 0; i--)
        {
            if (ReferenceEquals(all[i], duty))
            {
                return true;
            }

            if (RepeatingDuties.SameChain(duty, all[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Raises, before a command does anything else, the periods of repeating duties that passed unmet since their latest instance fell
    /// due, up to the one running at <paramref name="now"/> (<see cref="RepeatingDuties"/>): each period owes its own report, so each
    /// missed one is on the record with its own due time, as a read showed it.
    /// </summary>
    private void CatchUp(DateTimeOffset now)
    {
        List<ObligationEntry>? lapsed = null;
        foreach (var duty in Index.OwedRepeating)
        {
            if (RepeatingDuties.Lapsed(duty, _state, now) && IsLatest(duty))
            {
                (lapsed ??= []).Add(duty);
            }
        }

        if (lapsed is null)
        {
            return;
        }

        foreach (var p in RepeatingDuties.Periods(lapsed, _state, now, Index.Count))
        {
            Raise(new ObligationRaised
            {
                At = now, By = Engine, Key = p.Key, Code = p.Code, Reporter = p.Reporter, To = p.To, Act = p.Act, Start = p.Start, Until = p.Until,
                SpecialEvery = p.SpecialEvery, MetByReport = p.MetByReport, Clause = p.Clause, Words = p.Words, Timing = p.Timing,
                Every = p.Every, DueAt = p.Clock.DueAt,
            });
        }
    }

    /// <summary>
    /// Refuses a time given for this incident that lies before its occurrence (beyond <see cref="AssessmentContract.ClockTolerance"/>):
    /// it would meet a duty "on time" years before it existed, or start clocks that are overdue at once.
    /// </summary>
    private void NotBeforeTheOccurrence(string field, DateTimeOffset at, string english, string chinese)
    {
        if (at < _state.OccurredAt - AssessmentContract.ClockTolerance)
        {
            throw new IncidentCommandRejectedException(field,
                $"{field} {at.ToString("O", CultureInfo.InvariantCulture)} is more than {AssessmentContract.ClockTolerance.TotalMinutes:0} minutes before the incident occurred ({_state.OccurredAt.ToString("O", CultureInfo.InvariantCulture)}): {english}",
                $"{Local(at)}早于事发时间{Local(_state.OccurredAt)}超过{AssessmentContract.ClockTolerance.TotalMinutes:0}分钟（事发时间常为估计，容许此误差）：{chinese}") { AboutTime = true };
        }
    }

    /// <summary>
    /// The incident happened at <paramref name="occurredAt"/>, not at the time it holds: a 122 record opens an incident with the call's
    /// time standing for an occurrence still unknown, and its later messages say when it happened; a duty officer learns it later too.
    /// The clocks that run from the occurrence (事发后30分钟内, road 5.1.1; construction 4.1) run from the time now known: a duty still
    /// owed and counted from the occurrence falls due that much sooner (or later), and may be overdue at once; one already met is judged
    /// again against its corrected time (on time against the call, late against the accident). A repeating duty's later periods run
    /// from the period before, so those on the plan's cadence move with it; those on the special cadence keep their times.
    /// </summary>
    /// <exception cref="IncidentCommandRejectedException">The time is after the incident was reported here or after something
    /// recorded in it, or another version of the plan is in force at it (the incident was judged by this one: open it again).</exception>
    private void CorrectOccurrence(DateTimeOffset occurredAt, LifecycleActor by, DateTimeOffset now, DecisionEngine engine, ReportSource? source)
    {
        var reportedAt = _state.Reporting.FirstReportAt;
        if (occurredAt > reportedAt + AssessmentContract.ClockTolerance)
        {
            throw new IncidentCommandRejectedException("occurredAt",
                $"occurredAt {occurredAt.ToString("O", CultureInfo.InvariantCulture)} is after the incident was first reported ({reportedAt.ToString("O", CultureInfo.InvariantCulture)})",
                $"更正后的事发时间{Local(occurredAt)}晚于首报时间{Local(reportedAt)}：事件不会在报告之后才发生");
        }

        foreach (var duty in _state.Obligations)
        {
            var recorded = duty.Clock.FiledAt is { } filed ? (At: filed, What: "报告") : ClockStart(duty) is { } started && duty.Start != DutyNames.Of(DutyStart.Occurrence)
                && duty.Start != DutyNames.Of(DutyStart.Receipt) ? (At: started, What: "起算") : default;
            if (recorded.What is not null && occurredAt > recorded.At + AssessmentContract.ClockTolerance)
            {
                throw new IncidentCommandRejectedException("occurredAt",
                    $"occurredAt {occurredAt.ToString("O", CultureInfo.InvariantCulture)} is after {recorded.At.ToString("O", CultureInfo.InvariantCulture)}, recorded in this incident for {duty.Key}",
                    recorded.What == "报告"
                        ? $"更正后的事发时间{Local(occurredAt)}晚于本事件已记录的{duty.Said().Brief}报告时间{Local(recorded.At)}"
                        // The event that started the duty's clock by its name (市委、市政府要求核实): three duties are 向市委、市政府报告, and the
                        // refusal named the duty alone (a duty officer's review, session 53).
                        : $"更正后的事发时间{Local(occurredAt)}晚于本事件已记录的{(DutyNames.TryParse(duty.Start, out DutyStart from) ? DutyNames.Label(from).TrimEnd('后') : duty.Start)}时间"
                          + $"{Local(recorded.At)}（{duty.Said().Brief}自此起算）");
            }
        }

        var inForce = engine.Catalog.Resolve(_state.PlanId, occurredAt);
        if (inForce is null)
        {
            // Before the plan took effect no version is in force: "open it again under that version" sent the officer after one that does not exist.
            throw new IncidentCommandRejectedException("occurredAt",
                $"no version of the plan is in force at {occurredAt.ToString("O", CultureInfo.InvariantCulture)} (this incident is judged by {_state.PlanDocumentNumber}, in force later): the time was not taken",
                $"{Local(occurredAt)}尚无有效的预案版本（本事件依据的{_state.PlanDocumentNumber}此后才施行）：未采用该时间");
        }

        if (!ReferenceEquals(inForce, _plan))
        {
            throw new IncidentCommandRejectedException("occurredAt",
                $"another version of the plan is in force at {occurredAt.ToString("O", CultureInfo.InvariantCulture)}; this incident was judged by {_state.PlanDocumentNumber}: open it again under that version",
                $"{Local(occurredAt)}适用的预案版本不是本事件所依据的{_state.PlanDocumentNumber}：请按该版本重新建立事件");
        }

        var was = _state.OccurredAt;
        // Decided before anything is raised, in the order the duties were raised, so each later period of a repeating duty finds where
        // the period before it moved.
        var moves = new List<(ObligationEntry Duty, DateTimeOffset Moved)>();
        var movedTo = new Dictionary<ObligationEntry, (DateTimeOffset Due, DateTimeOffset Moved)>(ReferenceEqualityComparer.Instance);
        foreach (var duty in _state.Obligations.Where(o => o.Start == DutyNames.Of(DutyStart.Occurrence) && o.Clock.DueAt is not null
            && o.Clock.State is ObligationState.Due or ObligationState.Met))
        {
            var due = duty.Clock.DueAt!.Value;
            DateTimeOffset moved;
            if (Previous(duty) is not { } previous)
            {
                // A due time the occurrence set moves with it. One brought sooner by something else (特殊情况每2小时续报1次, counted from
                // when the special circumstances arose) stays, unless the corrected occurrence now brings it sooner still.
                var allowed = Allowed(duty);
                moved = allowed is { } a && due < was + a ? (occurredAt + a < due ? occurredAt + a : due) : due + (occurredAt - was);
            }
            else if (movedTo.TryGetValue(previous, out var before) && duty.Every is { } every && due == before.Due + XmlConvert.ToTimeSpan(every))
            {
                // 每4小时续报1次: a later period on the plan's cadence runs from the period before, so it moves as that one did. One on the
                // special cadence runs from when the special circumstances arose, and stays.
                moved = before.Moved + XmlConvert.ToTimeSpan(every);
            }
            else
            {
                continue;
            }

            movedTo[duty] = (due, moved);
            if (moved != due)
            {
                moves.Add((duty, moved));
            }
        }

        Raise(new OccurrenceCorrected { At = now, By = by, OccurredAt = occurredAt, Was = was, Source = source });
        // Met duties too: the plan's 事发后30分钟内 counts from the accident, so a report on time against the call may be late against it
        // (and one late against the call on time). Such a duty is judged again against its corrected time; nothing is asked of anyone.
        foreach (var (duty, moved) in moves)
        {
            Raise(new ObligationRescheduled
            {
                At = now, By = Engine, Key = duty.Key, DueAt = moved, Every = duty.Every, SpecialEvery = duty.SpecialEvery, Until = duty.Until,
                Clause = duty.Clause, Words = duty.Words, Reason = ObligationRescheduled.OccurrenceCorrection,
            });
        }

        CatchUp(now);
    }

    /// <summary>Meets a duty, starts its next instance if it repeats, and the duties that follow its report (随即书面报告).</summary>
    private void Fulfil(ObligationEntry duty, DateTimeOffset madeAt, string? note, LifecycleActor by, DateTimeOffset now, Assessment.Assessment assessment)
    {
        Raise(new ObligationFulfilled { At = now, By = by, Key = duty.Key, MadeAt = madeAt, Note = note });

        // The next period's instance, unless it is already owed (a period that passed unmet, raised by CatchUp) or the duty has stopped
        // repeating (终报, 灾情稳定, the end of the response it repeats under).
        if (duty.Every is not null && duty.Clock.DueAt is { } due && RepeatingDuties.Continues(duty, _state) && IsLatest(duty)
            && RepeatingRuleNow(duty, assessment) is { } next)
        {
            // The next period by the rule that applies now: a 重大 accident corrected to 较大 owes its next 续报 the next day (R 5.1.2
            // 较大以上…每日至少续报1次), not 4 hours on (重大以上…每4小时续报1次), which went on with the met duty's own period.
            var nextEvery = AssessmentContract.Every(next)!;
            var nextSpecial = next.SpecialEvery is { } s ? XmlConvert.ToString(s) : null;
            var period = _state.SpecialCircumstances && nextSpecial is { } special ? special : nextEvery;
            // "每日至少续报1次" (R 5.1.2, C 4.1(三)): never a day without a 续报. The next day's report is due a day after this one when it
            // was made in time, else a day after the due time it missed: a late report does not put the next one off (ADR 0003); a later
            // 续报 the same day moves it (MoveToReport). It ran from the due time whatever the report's, so a 续报 at 09:00 on day 1 left the
            // next owed by 08:00 on day 3, 47 hours on. Other repeating duties (每4小时续报1次) run period after period from the first due time.
            Raise(new ObligationRaised
            {
                At = now, By = Engine, Key = KeyFor(duty.Code), Code = duty.Code, Reporter = duty.Reporter, To = duty.To, Act = duty.Act, Start = duty.Start,
                Until = duty.Until, SpecialEvery = nextSpecial, MetByReport = duty.MetByReport, Clause = next.Clause, Words = next.Words,
                // From the report when the rule that applies now runs from it: a 重大 accident's 4-hourly 续报 made at 08:53 and lowering it to
                // 较大 owes the next a day after 08:53, not a day after the 4-hour period's end (12:40), 27 hours on (a duty officer's review, s53).
                Timing = duty.Timing, Every = nextEvery, DueAt = (madeAt < due && next.RunsFromReport ? madeAt : due) + XmlConvert.ToTimeSpan(period),
            });
        }
        else if (duty.Every is not null && duty.Clock.DueAt is { } dueAt && madeAt < dueAt && RunsFromReport(duty) && !IsLatest(duty))
        {
            // A report made within its period and recorded after the periods that followed were raised (a read showed them, the next
            // command recorded them, each from the due time before it): they run from the report, so each falls due that much sooner, up
            // to the first one already met, which ran from its own report.
            var sooner = dueAt - madeAt;
            foreach (var later in Later(duty))
            {
                if (later.Clock.State != ObligationState.Due || later.Clock.DueAt is not { } laterDue)
                {
                    break;
                }

                Raise(new ObligationRescheduled
                {
                    At = now, By = Engine, Key = later.Key, DueAt = laterDue - sooner, Every = later.Every, SpecialEvery = later.SpecialEvery, Until = later.Until,
                    Clause = later.Clause, Words = later.Words, Reason = $"上一期已于{Local(madeAt)}报告，本期自该报告起算",
                });
            }
        }

        for (var ruleIndex = 0; ruleIndex < _plan.Obligations.Count; ruleIndex++)
        {
            var rule = _plan.Obligations[ruleIndex];
            if (rule.Start == DutyStart.PreviousReport && rule.After == duty.Code && rule.InForceAt(madeAt) && rule.AppliesTo(assessment, ActiveLevel)
                && Index.OwedWithCode(rule.Code).Count == 0)
            {
                Raise(DutyFor(rule, rule.Due is { } d ? madeAt + d : null, now));
            }

            // A duty this report stands for (ObligationRule.SupersededBy) is done by it: the phone or written report to 市委、市政府 of an
            // incident whose grade rose from 一般 is also its 1-hour report, which stays owed from when it was graded 一般.
            if (rule.SupersededBy.Contains(duty.Code, StringComparer.Ordinal))
            {
                foreach (var stoodFor in Index.OwedWithCode(rule.Code).ToArray())
                {
                    Raise(new ObligationFulfilled { At = now, By = by, Key = stoodFor.Key, MadeAt = madeAt, Note = note });
                }
            }
        }
    }

    /// <summary>The office proposes a warning of <paramref name="colour"/> (null for a plan whose warnings have no colour: construction 3.2.2).</summary>
    /// <exception cref="IncidentCommandRejectedException">The plan issues no warnings, or the colour is not one of the plan's (or given where the plan has none).</exception>
    public Guid ProposeWarning(Guid warningId, WarningColour? colour, string reason, LifecycleActor by, DateTimeOffset now)
    {
        by = Known(by);
        EnsureNotClosed(nameof(ProposeWarning));
        RequireColour(colour);
        Raise(new WarningProposed { At = now, By = by, WarningId = warningId, Colour = colour, Reason = reason });
        return warningId;
    }

    /// <summary>Issues, adjusts, rejects or lifts a warning; approval and issuing authority come from the plan.</summary>
    /// <remarks>
    /// <para>The action is one of issue, adjust, reject, lift. <paramref name="caller"/> is the person acting.</para>
    /// <para>Issue and adjust (road 4.4.1): when the caller holds a role that approves the colour, the caller
    /// approves and the plan's issuer issues. When the colour's approver is a body outside the city's credentials
    /// (the province approves red), the caller records that body's approval (<paramref name="externalApproval"/>,
    /// its name as written) and issues. Otherwise the caller stands as approver, and the lifecycle refuses (403).</para>
    /// <para>Lift (road 4.6): <c>conditionsAssessed</c> true when the issuer confirms that the 4.6 assessment found the conditions for lifting met
    /// (经评估符合相应条件时); required while the latest report still meets a colour that no other warning in force covers. Null when not said.</para>
    /// </remarks>
    /// <exception cref="IncidentCommandRejectedException">A lift said not assessed (false), or refused (409) while the latest report still meets a
    /// colour and the lift is not confirmed as assessed.</exception>
    public void ChangeWarning(Guid warningId, string action, WarningColour? colour, string reason, LifecycleActor caller, string? externalApproval, DateTimeOffset now,
        bool? conditionsAssessed = null)
    {
        caller = Known(caller);
        if (action is "issue" or "adjust")
        {
            // Lifting or turning down stays open: a warning of the road's conditions may outlive the incident (谁发布、谁解除).
            EnsureNotClosed(nameof(ChangeWarning));
        }

        var authority = WarningAuthority;
        var entry = _state.Warnings.FirstOrDefault(w => w.Id == warningId) ?? throw new NotFoundException("warning", warningId.ToString());
        LifecycleActor by = caller;
        LifecycleActor? approvedBy = null;
        if (action is "issue" or "adjust")
        {
            if (action == "adjust")
            {
                // Road 4.6 changes the colour; construction 3.2.2 updates a warning that has none.
                RequireColour(colour);
                if (colour is { } same && same == entry.Snapshot.Colour && entry.Snapshot.State is WarningState.Issued or WarningState.Adjusted)
                {
                    // 预警级别调整 changes the colour; the lifecycle's argument check made this an internal error (as a response adjusted to its level).
                    throw new IncidentCommandRejectedException("colour", $"the warning is already {Names.Of(same)}; an adjustment must change the colour",
                        $"预警已是{Names.Chinese(same)}预警，调整须改为另一级别");
                }
            }

            var target = action == "adjust" ? colour : entry.Snapshot.Colour;
            var (issuedBy, approvedByName) = target is { } t
                ? _plan.Warnings!.Colours.Where(c => c.Colour == t).Select(c => (c.IssuedBy, c.ApprovedBy)).First()
                : (_plan.Warnings!.Ungraded!.IssuedBy, _plan.Warnings.Ungraded.ApprovedBy);
            var approvers = authority.ApproverRoles(target);
            if (approvers.Contains(caller.RoleId, StringComparer.Ordinal))
            {
                approvedBy = caller;
                by = new LifecycleActor(authority.IssuerRoles(target)[0], issuedBy);
            }
            else if (approvers.FirstOrDefault(r => RoleCatalogue.Find(r) is { Credential: false }) is { } external)
            {
                // Road 4.4.1 "报省人民政府…批准后，由市指挥部办公室发布": the office issues once the province has approved, and says who did.
                // Without it the record named the province as approver of a warning nobody said it approved.
                if (string.IsNullOrWhiteSpace(externalApproval))
                {
                    throw new IncidentCommandRejectedException("provinceApproval",
                        $"this warning is issued only once {approvedByName} has approved it: say who approved it (provinceApproval)",
                        $"此级预警须经{approvedByName}批准后方可发布：请写明批准单位（provinceApproval）");
                }

                approvedBy = new LifecycleActor(external, externalApproval);
            }
            else
            {
                approvedBy = caller;
            }
        }

        var stillMet = action == "lift" ? LiftGuard(warningId, caller, conditionsAssessed) : null;
        Raise(action switch
        {
            "issue" => new WarningIssued { At = now, By = by, WarningId = warningId, ApprovedBy = approvedBy!, Reason = reason },
            "adjust" => new WarningAdjusted { At = now, By = by, WarningId = warningId, Colour = colour, ApprovedBy = approvedBy!, Reason = reason },
            "reject" => new WarningRejected { At = now, By = by, WarningId = warningId, Reason = reason },
            "lift" => new WarningLifted
            {
                At = now, By = by, WarningId = warningId, Reason = reason, ConditionsAssessed = conditionsAssessed,
                StillMet = stillMet?.Colour.Colour, StillMetBy = stillMet is { } met ? Ref(met.Because[0]) : null,
            },
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, "unknown warning action"),
        });

        // R 4.4.1 "二级(橙色)预警……由市指挥部办公室发布,同时上报上级主管部门,并通报相邻的地级市": the issue owes them at once. An adjustment
        // to the colour issues the warning at it (4.6 预警级别调整 needs the new colour's approval), so it owes them too.
        if (action is "issue" or "adjust" && _state.Warnings.First(w => w.Id == warningId).Snapshot.Colour is { } inForce)
        {
            StartWarningDuties(inForce, now);
        }

        if (action is "issue" or "adjust")
        {
            // A colour issued or adjusted below the one the latest report calls for (a yellow for fog of 15 米, R 4.3.2(1)).
            FlagIfWarningBelowThePlan(RequiredWarning(), now);
        }
    }

    /// <summary>
    /// The road warning the latest report's conditions call for (R 4.3), as the engine assesses it for the card: null when none, and for a plan
    /// whose warnings have no colour. The static evaluation needs no engine: the plan version the incident is judged by is enough.
    /// </summary>
    private WarningResult? RequiredWarning()
    {
        if (_plan.Warnings is not { Colours.Count: > 0 })
        {
            return null;
        }

        return _assessment is { } last && ReferenceEquals(last.Report, _state.Report) && last.OccurredAt.EqualsExact(_state.OccurredAt)
            ? last.Assessment.Warning
            : DecisionEngine.AssessWarning(_plan, _state.Report.ToInput(_state.PlanId, _state.OccurredAt));
    }

    /// <summary>The warning in force at the highest colour (issued or adjusted, not lifted), leaving out <paramref name="except"/>; null when none.</summary>
    private (Guid Id, WarningColour Colour)? WarningInForce(Guid? except = null)
    {
        (Guid Id, WarningColour Colour)? highest = null;
        foreach (var w in _state.Warnings)
        {
            if (w.Id != except && w.Snapshot is { State: WarningState.Issued or WarningState.Adjusted, Colour: { } c } && (highest is null || c > highest.Value.Colour))
            {
                highest = (w.Id, c);
            }
        }

        return highest;
    }

    /// <summary>
    /// The warning in force below the colour <paramref name="required"/> calls for is flagged, as a level below the plan's is
    /// (<see cref="RecommendIfBelowThePlan"/>): a timeline line and an alert, naming who approves the required colour (R 4.4.1). Not refused: the
    /// office may know what the report does not say. Once per colour required: a later report that calls for it again, or another decision that
    /// leaves the warning below it, adds nothing. With no warning in force nothing is flagged here: the road-warning alert says a colour is called for.
    /// </summary>
    private void FlagIfWarningBelowThePlan(WarningResult? required, DateTimeOffset now)
    {
        if (required is null || WarningInForce() is not { } inForce || inForce.Colour >= required.Colour.Colour
            || _state.WarningColoursBelowThePlan.Contains(required.Colour.Colour))
        {
            return;
        }

        var rule = required.Colour;
        var approvers = string.Join("或", rule.ApproverRoles.Select(_plan.RoleNames.Of));
        Raise(new WarningBelowThePlan
        {
            At = now, By = Engine, WarningId = inForce.Id, InForce = inForce.Colour, Required = rule.Colour,
            Because = [.. required.Because.Select(Ref)],
            Recommendation = $"已发布的{Names.Chinese(inForce.Colour)}预警低于预案规定的{Names.Chinese(rule.Colour)}（{required.Because[0].Clause}）："
                             + $"建议将预警调整为{Names.Chinese(rule.Colour)}，经{approvers}批准后由{rule.IssuedBy}发布（{rule.ApprovalClause}）",
            ApproverRoles = rule.ApproverRoles, ApprovedBy = rule.ApprovedBy, IssuedBy = rule.IssuedBy,
            ApprovalClause = rule.ApprovalClause, ApprovalWords = rule.ApprovalWords,
        });
    }

    /// <summary>
    /// R 4.6 "有事实证明突发事件不可能发生或者危险已经解除的,经评估符合相应条件时…解除预警": a lift while the latest report still meets a colour, and no
    /// other warning in force is at it or above, is refused unless the issuer confirms the assessment (<paramref name="conditionsAssessed"/> true).
    /// A lift the lifecycle refuses anyway (not in force, not the issuer) is left to it. Returns what the report still meets when the lift is taken
    /// on the confirmation, null otherwise.
    /// </summary>
    private WarningResult? LiftGuard(Guid warningId, LifecycleActor caller, bool? conditionsAssessed)
    {
        var liftedBy = _plan.Warnings?.LiftedBy;
        var basis = liftedBy is null ? "" : $"（{liftedBy.Clause}：{liftedBy.Words}）";
        if (conditionsAssessed == false)
        {
            throw new IncidentCommandRejectedException("conditionsAssessed",
                $"a warning is lifted once its issuer has assessed the conditions for lifting as met{(liftedBy is null ? "" : $" ({liftedBy.Clause})")}: send true, or leave it out",
                $"预警须经发布单位评估符合解除条件后方可解除{basis}；发布单位认为条件尚不具备，不能解除预警");
        }

        if (!Warning(warningId).CanLift(caller) || RequiredWarning() is not { } required
            || WarningInForce(except: warningId) is { } other && other.Colour >= required.Colour.Colour)
        {
            return null;
        }

        if (conditionsAssessed == true)
        {
            return required;
        }

        var named = Names.Chinese(required.Colour.Colour);
        var met = required.Because[0];
        var lifted = _state.Warnings.First(w => w.Id == warningId).Snapshot.Colour is { } c ? Names.Chinese(c) : "";
        throw new IncidentCommandRejectedException("conditionsAssessed",
            $"the latest report still meets the {Names.Of(required.Colour.Colour)} warning condition ({met.Clause}: {met.Words}) and no other warning in force covers it: "
            + $"file a report with the new observations, or, once the issuer has assessed the conditions for lifting as met{(liftedBy is null ? "" : $" ({liftedBy.Clause})")}, send conditionsAssessed: true",
            $"最新报告仍满足{named}预警条件（{met.Clause}：{met.Words}），解除{lifted}预警后将没有{named}及以上级别的预警仍在发布。"
            + $"如现场情况已有变化，请先报送续报写明新的观测（如能见度、风力、抢修时间）；如已有事实证明危险已经解除、经评估符合解除条件{basis}，"
            + "解除时应注明已经评估（conditionsAssessed: true）")
        {
            Status = 409,
            Extensions = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["stillMet"] = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["colour"] = Names.Of(required.Colour.Colour), ["clause"] = met.Clause, ["rule"] = met.Id,
                },
            },
        };
    }

    /// <summary>Raises the duties the issue of a warning of <paramref name="colour"/> starts (start warning-issued), each issue its own.</summary>
    private void StartWarningDuties(WarningColour colour, DateTimeOffset at)
    {
        for (var ruleIndex = 0; ruleIndex < _plan.Obligations.Count; ruleIndex++)
        {
            var rule = _plan.Obligations[ruleIndex];
            if (rule.Start == DutyStart.WarningIssued && rule.WarningColour == colour && rule.InForceAt(at))
            {
                Raise(DutyFor(rule, rule.Due is { } due ? at + due : null, at));
            }
        }
    }

    /// <summary>
    /// The reporting states the incident may move to now (for what a client may offer): not the 终报 while a response is proposed or in
    /// force, which <see cref="FileReport"/> refuses.
    /// </summary>
    public IReadOnlyList<ReportingTrigger> AllowedReports => _state.Response.State is ResponseState.Proposed or ResponseState.Active
        ? [.. Reporting.PermittedTriggers.Where(t => t != ReportingTrigger.FileFinal)]
        : Reporting.PermittedTriggers;

    /// <summary>The response triggers the current state accepts, whoever asks; none once the incident is closed, which refuses them all.</summary>
    public IReadOnlyList<ResponseTrigger> AllowedResponseTriggers => _state.Reporting.State == ReportingState.Closed ? [] : Response.PermittedTriggers;

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
                Log(e, "first-report", Summary(o.Assessed), Rule(o.Assessed), o.Source);
                break;

            case ReportFiled r:
                _state.EnteredInError |= r.EnteredInError == true;
                if (r.Final)
                {
                    Reporting.FileFinal(r.By, r.At, r.Summary ?? "终报");
                }
                else
                {
                    Reporting.FileContinuation(r.By, r.At, r.Summary ?? "续报");
                }

                _state.Reporting = Reporting.Snapshot;
                var before = _state.Report.Figures;
                _state.Report = _merged is { } m && ReferenceEquals(m.Before, _state.Report) && ReferenceEquals(m.Reported, r.Reported)
                    ? m.Merged
                    : _state.Report.Merge(r.Reported);
                _merged = null;
                _state.Assessed = r.Assessed;
                Log(e, r.Final ? "final-report" : "continuation-report",
                    (r.EnteredInError == true ? "立案有误，作为误建关闭："
                        : r.Corrects is { } corrected ? $"更正{CorrectedReportSaid(corrected)}（录入有误）："
                        : r.CorrectsPrevious == true ? "更正上次报告（录入有误）：" : "") + (r.MadeAt is { } madeAt ? $"（{CityTime.DayMinute(madeAt)}所作，补录）" : "")
                    + (r.Summary is null ? "" : r.Summary + " — ") + Summary(r.Assessed)
                    + Lowered(before, _state.Report.Figures) + AboveTheReport(r.Assessed) + (r.Final ? WarningsLeftInForce() : ""), Rule(r.Assessed), r.Source);
                break;

            case EscalationWithdrawn w:
                Log(e, "escalation-withdrawn", $"撤回此前的升级建议（{_state.Escalation?.Recommendation}）：{w.Reason}", null);
                (_state.EscalationWithdrawnAt, _state.EscalationWithdrawnReason) = (w.At, w.Reason);
                break;

            case EscalationRecommended x:
                _state.Escalation = x;
                // The judgements in force now (the report it follows is merged in) are the ones it was recommended on (R6).
                _state.EscalationDecidedBy = _state.Report.Judgements?.DecidedBy ?? string.Empty;
                (_state.EscalationWithdrawnAt, _state.EscalationWithdrawnReason) = (null, null);
                Log(e, "escalation-recommended", x.Recommendation, x.Because.Count > 0 ? x.Because[0].Clause : null);
                break;

            case ObligationRaised o:
                _state.Obligations.Add(new ObligationEntry
                {
                    Key = o.Key, Code = o.Code, Reporter = o.Reporter, To = o.To, Act = o.Act, Start = o.Start, Until = o.Until, SpecialEvery = o.SpecialEvery, MetByReport = o.MetByReport,
                    Clause = o.Clause, Words = o.Words, Timing = o.Timing, Every = o.Every, RaisedAt = o.At, Clock = ObligationSnapshot.New(o.DueAt),
                    Cadence = CadenceNow(o.Every, o.SpecialEvery), ArosePastDueAt = o.ArosePastDueAt, County = o.County,
                });
                _index?.Raised(_state.Obligations[^1]);
                Log(e, "obligation-raised", $"{_state.Obligations[^1].Said().Full}，" + (o.DueAt is { } at ? $"{Local(at)}前" : Names.ChineseTiming(o.Timing, o.Words))
                    + (o.ArosePastDueAt is { } passed ? $"（按预案应于{Local(passed)}前报告，需报告时该时限已过，应立即报告）" : ""), o.Clause);
                break;

            case ObligationRescheduled o:
            {
                var duty = Duty(o.Key);
                // One report that moves a duty twice (its 续报 puts the daily period off to tomorrow, then the 重大 it reports brings the 4-hourly
                // one: 推后至明天 and 提前至23:58 for one 第2期) is one line, the last, said against the due time before the report (a
                // construction duty officer's review, session 58, finding 6). Only while every entry since is of the same instant: the line keeps
                // the first one's place, among the report's own entries.
                var again = _rescheduled is { } r && r.Key == o.Key && r.At == o.At && r.Entry < _state.Timeline.Count && AllAt(r.Entry, o.At);
                var dueBefore = again ? _rescheduled!.Value.DueBefore : duty.Clock.DueAt;
                var later = dueBefore is { } was && o.DueAt > was;
                // A met duty (only an occurrence correction moves one) is judged again against its new time.
                var filed = duty.Clock.State == ObligationState.Met ? duty.Clock.FiledAt : null;
                if (duty.Every != o.Every || duty.Clause != o.Clause || duty.Words != o.Words)
                {
                    _index?.CadenceChanged();
                }

                duty.Clock = duty.Clock with { DueAt = o.DueAt, OnTime = filed is { } f ? f <= o.DueAt : duty.Clock.OnTime };
                duty.DueSetAt = o.At;
                duty.Every = o.Every;
                duty.SpecialEvery = o.SpecialEvery;
                // Owed, it is now due by the cadence in force; met (an occurrence correction moves one), it keeps the period it stood for.
                duty.Cadence = duty.Clock.State == ObligationState.Due ? CadenceNow(o.Every, o.SpecialEvery) : duty.Cadence ?? CadenceNow(o.Every, o.SpecialEvery);
                duty.Until = o.Until;
                duty.Clause = o.Clause;
                duty.Words = o.Words;
                _index?.ClockChanged(duty);
                var said = duty.Said();
                var entry = Entry(e, "obligation-rescheduled",
                    filed is { } made ? $"{said.Full}，因{o.Reason}，时限{(later ? "推后" : "提前")}至{Local(o.DueAt)}；已于{Local(made)}{said.Done}，"
                        + (duty.Clock.OnTime == true ? "按更正后的时限属按时" : $"按更正后的时限属{said.Late}")
                    : o.Reason is { } reason && dueBefore == o.DueAt ? $"{said.Full}，因{reason}，改按{o.Clause}，仍于{Local(o.DueAt)}前{said.Done}"
                    : o.Reason is { } reason2 ? $"{said.Full}，因{reason2}，{(later ? "推后" : "提前")}至{Local(o.DueAt)}前{said.Done}"
                    : later ? $"{said.Full}，特殊情况解除，恢复为{Local(o.DueAt)}前{said.Done}" : $"{said.Full}，提前至{Local(o.DueAt)}前{said.Done}", o.Clause);
                var place = again ? _rescheduled!.Value.Entry : _state.Timeline.Count;
                if (again)
                {
                    _state.Timeline[place] = entry;
                }
                else
                {
                    _state.Timeline.Add(entry);
                }

                _rescheduled = (o.Key, o.At, place, dueBefore);
                break;
            }

            case OccurrenceCorrected c:
                _state.OccurredAt = c.OccurredAt;
                Log(e, "occurrence-corrected", $"事发时间更正：由{Local(c.Was)}改为{Local(c.OccurredAt)}", null, c.Source);
                break;

            case ObligationFulfilled f:
            {
                var duty = Duty(f.Key);
                var said = duty.Said();
                var clock = Obligation(duty);
                clock.Fulfil(f.By, f.MadeAt, string.IsNullOrWhiteSpace(f.Note) ? RepeatedTexts.Shared($"已于{Local(f.MadeAt)}{said.Done}") : f.Note);
                duty.Clock = clock.Snapshot;
                duty.MetBy = f.By.ToString();
                duty.MetByName = NameOf(f.By);
                duty.Note = f.Note;
                Ended(duty);
                Log(e, "obligation-fulfilled",
                    $"{said.Full}，已于{Local(f.MadeAt)}{said.Done}"
                    + (duty.Clock.OnTime switch { true => "（按时）", false => $"（{said.Late}：应于{Local(duty.Clock.DueAt!.Value)}前）", null => "" }),
                    duty.Clause);
                break;
            }

            case ObligationCancelled c:
            {
                var duty = Duty(c.Key);
                var clock = Obligation(duty);
                clock.Cancel(c.By, c.At, c.Reason);
                duty.Clock = clock.Snapshot;
                // A duty of a body outside the city command (C 4.1(一) 事发单位, R 5.1.1 拨打122) the office only records: the close knows it
                // was not recorded, not that it was never made; the city heard of the accident through those bodies (a construction duty
                // officer's review, session 58, finding 8; ADR 0003 #77). The event is the close's as before (unmet): the plan says whose it is.
                // The plan gives the duty to a body outside the city command (outsideCommand: C 4.1(一) 事发单位, R 5.1.1 获悉…的单位、公民): the office
                // records it and does not make it. The loader has every entry of a code agree.
                var unrecorded = c.Unmet && _plan.DutyRule(duty.Code, duty.Clause, duty.Words) is { OutsideCommand: true };
                duty.EndedAs = unrecorded ? ObligationEntry.EndedUnrecorded : c.Unmet ? ObligationEntry.EndedUnmet : ObligationEntry.EndedNotNeeded;
                (duty.EndedAt, duty.OwedSince) = (c.At, c.OwedSince);
                Ended(duty);
                // A duty the close ended was owed and never done: "不再需要" said of it that it had not been needed (a drill's 立即续报).
                // One a later decision overtook while owed says how long it had stood unmet, not that it was never needed (drill review s60 F1).
                var said = duty.Said();
                Log(e, "obligation-cancelled",
                    unrecorded ? $"{said.Full}，事件关闭时未记录：{c.Reason}"
                    : c.Unmet ? $"{said.Full}，事件关闭时仍{said.NotDone}：{c.Reason}"
                    : c.OwedSince is { } owed && c.At > owed ? $"{said.Full}，起算后{Names.ChineseToTheMinute(c.At - owed)}仍未{said.Done}，此后不再单列：{c.Reason}"
                    : $"{said.Full}，不再需要：{c.Reason}", duty.Clause);
                break;
            }

            case ResponseProposed p:
            {
                var inForce = ActiveLevel;
                Response.Propose(p.Level, p.By, p.At, p.Reason);
                _state.Response = Response.Snapshot;
                Log(e, "response-proposed", $"提出启动{Names.Chinese(p.Level)}响应的建议{Continues(inForce)}：{p.Reason}",
                    _plan.Response.Proposal?.Levels.GetValueOrDefault(p.Level)?.Clause ?? _plan.Response.Find(p.Level)?.Clause);
                break;
            }

            case ResponseDeclined d:
            {
                var proposed = Response.ProposedLevel;
                Response.Decline(d.By, d.At, d.Reason);
                _state.Response = Response.Snapshot;
                Log(e, "response-declined", $"不同意启动{(proposed is { } l ? Names.Chinese(l) : "")}响应{Continues(ActiveLevel)}：{d.Reason}",
                    proposed is { } c ? _plan.Response.Find(c)?.Clause : null);
                break;
            }

            case ResponseActivated a:
            {
                Response.Activate(a.Level, a.By, a.DecidedAt ?? a.At, a.Reason);
                _state.Response = Response.Snapshot;
                _state.TerminationConditionsConfirmed = null; // activated again after an earlier termination: that one's confirmation is history

                // A proposal of another level is answered by this activation: not adopted (it was left standing in the timeline before).
                Log(e, "response-activated", $"启动{Names.Chinese(a.Level)}响应{Delegated(a.By)}{NotAdopted(Response.Decisions[^1])}{AboveTheFigures(a.Level)}{DecidedEarlier(a.DecidedAt)}：{a.Reason}",
                    _plan.Response.Find(a.Level)?.Clause);
                break;
            }

            case ResponseAdjusted a:
            {
                var from = Response.Level;
                var endProposed = Response.Snapshot.TerminationProposed;
                Response.Adjust(a.Level, a.By, a.DecidedAt ?? a.At, a.Reason);
                _state.Response = Response.Snapshot;
                Log(e, "response-adjusted",
                    $"响应调整为{Names.Chinese(a.Level)}{Delegated(a.By)}{BySuperior(Response.Decisions[^1], from, "下调")}{NotAdopted(Response.Decisions[^1])}{AboveTheFigures(a.Level)}"
                    + $"{(endProposed ? "（未采纳终止响应的建议）" : "")}{DecidedEarlier(a.DecidedAt)}：{a.Reason}",
                    _plan.Response.Find(a.Level)?.Clause);
                break;
            }

            case ResponseTerminated t:
            {
                var endProposed = Response.Snapshot.TerminationProposed;
                Response.Terminate(t.By, t.DecidedAt ?? t.At, t.Reason);
                _state.Response = Response.Snapshot;
                _state.TerminationConditionsConfirmed = t.ConditionsConfirmed;
                Log(e, "response-terminated", TerminationText(t, endProposed), _plan.Response.TerminatedBy.Clause);
                break;
            }

            case ResponseTerminationProposed p:
            {
                var level = Response.Level;
                Response.ProposeTermination(p.By, p.At, p.Reason);
                _state.Response = Response.Snapshot;
                Log(e, "response-termination-proposed",
                    $"{ActivationAuthority.OrganOf(p.By.RoleId)}提出终止{(level is { } l ? Names.Chinese(l) : "")}响应的建议{Continues(level)}：{p.Reason}",
                    _plan.Response.Termination?.Proposal?.Clause);
                break;
            }

            case ResponseTerminationDeclined d:
            {
                Response.DeclineTermination(d.By, d.At, d.Reason);
                _state.Response = Response.Snapshot;
                Log(e, "response-termination-declined",
                    $"不同意终止{(ActiveLevel is { } l ? Names.Chinese(l) : "")}响应{Continues(ActiveLevel)}：{d.Reason}", _plan.Response.TerminatedBy.Clause);
                break;
            }

            case WarningProposed w:
            {
                var lifecycle = WarningLifecycle.Propose(WarningAuthority, w.Colour, w.By, w.At, w.Reason);
                _warnings[w.WarningId] = lifecycle;
                _state.Warnings.Add(new WarningEntry { Id = w.WarningId, Snapshot = lifecycle.Snapshot });
                Log(e, "warning-proposed", (w.Colour is null ? "提请研判预警" : $"建议发布{ColourText(w.Colour)}预警") + $"：{w.Reason}", ApprovalClause(w.Colour));
                break;
            }

            case WarningIssued w:
                ChangeWarning(w.WarningId, e, "issue", w.ApprovedBy, w.Reason);
                break;

            case WarningAdjusted w:
                ChangeWarning(w.WarningId, e, "adjust", w.ApprovedBy, w.Reason);
                break;

            case WarningRejected w:
                ChangeWarning(w.WarningId, e, "reject", null, w.Reason);
                break;

            case WarningLifted w:
                ChangeWarning(w.WarningId, e, "lift", null, w.Reason);
                break;

            case WarningBelowThePlan b:
                _state.WarningColoursBelowThePlan.Add(b.Required);
                Log(e, "warning-below-the-plan", b.Recommendation, b.Because.Count > 0 ? b.Because[0].Clause : null);
                break;

            case FeedRecordLinked l:
                _state.LinkedFeedRecords.Add(new LinkedFeedRecord(l.Channel, l.Reference, l.At, NameOf(e.By), l.Replaces));
                Log(e, "feed-record-linked",
                    $"关联{l.Channel}接警单{l.Reference}：此后{l.Channel}对该接警单的报告作为本事件的续报"
                    + (l.Replaces is { } replaced ? $"（该接警单此前立的事件{replaced}已关闭）" : "")
                    + (string.IsNullOrWhiteSpace(l.Note) ? "" : $"：{l.Note}"),
                    _plan.FeedIntake?.Clause);
                break;

            case ClockEventRecorded k:
                _state.SpecialCircumstances = k.Kind switch
                {
                    ClockEvents.SpecialCircumstancesSet => true,
                    ClockEvents.SpecialCircumstancesCleared => false,
                    _ => _state.SpecialCircumstances,
                };
                _state.HandlingFinished |= k.Kind == ClockEvents.HandlingFinished;
                _state.SituationStable |= k.Kind == ClockEvents.SituationStable;
                _state.ReconstructionFinished |= k.Kind == ClockEvents.ReconstructionFinished;
                if (k.Kind == ClockEvents.CommandHandover && k.TakenBy is { } taker)
                {
                    var from = OnSiteCommander();
                    _state.CommandHandovers.Add(new CommandHandover(from, taker, k.HappenedAt, NameOf(e.By)));
                    Log(e, "clock-event", $"现场指挥权由{from}移交{taker}（{Local(k.HappenedAt)}）" + (k.Note is null ? "" : $"：{k.Note}"),
                        _plan.CommandFor(CommandScopes.OnSite)?.Clause);
                    break;
                }

                Log(e, "clock-event", $"{ClockEvents.Find(k.Kind)?.Label ?? k.Kind}（{Local(k.HappenedAt)}）" + (k.Note is null ? "" : $"：{k.Note}")
                    + (k.Kind == ClockEvents.SpecialCircumstancesSet ? NothingToReportEveryTwoHours() : ""), null);
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
        _plan.WarningAuthority ?? throw new IncidentCommandRejectedException("action", $"plan '{_plan.Id}' issues no warnings", "本预案不发布预警");

    private WarningLifecycle Warning(Guid id)
    {
        if (!_warnings.TryGetValue(id, out var lifecycle))
        {
            var entry = _state.Warnings.FirstOrDefault(w => w.Id == id) ?? throw new NotFoundException("warning", id.ToString());
            lifecycle = new WarningLifecycle(WarningAuthority, entry.Snapshot);
            _warnings[id] = lifecycle;
        }

        return lifecycle;
    }

    // No lambdas here or in Apply: a closure over Apply's pattern variables would be allocated for every event applied.
    private void ChangeWarning(Guid id, IncidentEvent e, string action, LifecycleActor? approvedBy, string reason)
    {
        var lifecycle = Warning(id);
        var was = lifecycle.Colour;
        switch (e)
        {
            case WarningIssued w:
                lifecycle.Issue(w.ApprovedBy, w.By, w.At, w.Reason);
                break;
            case WarningAdjusted w:
                lifecycle.Adjust(w.Colour, w.ApprovedBy, w.By, w.At, w.Reason);
                break;
            case WarningRejected w:
                lifecycle.Reject(w.By, w.At, w.Reason);
                break;
            default:
                lifecycle.Lift(e.By, e.At, ((WarningLifted)e).Reason, LiftAssessed((WarningLifted)e));
                break;
        }

        var entry = _state.Warnings.First(w => w.Id == id);
        entry.Snapshot = lifecycle.Snapshot;
        var clause = action switch
        {
            "issue" or "reject" => ApprovalClause(lifecycle.Colour),
            "adjust" => _plan.Warnings?.UpdatedBy?.Clause ?? _plan.Warnings?.LiftedBy.Clause,
            _ => _plan.Warnings?.LiftedBy.Clause,
        };
        var done = action switch { "issue" => "已发布", "adjust" when lifecycle.Colour is null => "已更新", "adjust" => "已调整", "reject" => "建议未获批准", _ => "已解除" };
        // R 4.6 根据实际情况进行预警级别调整: an adjustment says from which colour (it read 橙色预警已调整 alone; a road duty officer's review).
        var what = action == "adjust" && was is { } from && lifecycle.Colour is { } to && from != to
            ? $"预警由{ColourText(from)}调整为{ColourText(to)}"
            : $"{ColourText(lifecycle.Colour)}预警{done}";
        var assessed = e is WarningLifted lifted ? LiftAssessed(lifted) ?? "" : "";
        Log(e, "warning-" + action, what + assessed + (approvedBy is null ? "" : $"（{approvedBy.DisplayName}批准）") + $"：{reason}", clause);
    }

    /// <summary>
    /// What a lift confirmed as assessed says (R 4.6 经评估符合相应条件时): （经评估符合解除条件，4.6）, and the colour the latest report still met
    /// then (最新报告仍满足橙色预警条件，4.3.2(1)); null for a lift that did not say.
    /// </summary>
    private string? LiftAssessed(WarningLifted lifted) => lifted.ConditionsAssessed != true
        ? null
        : $"（经评估符合解除条件，{_plan.Warnings?.LiftedBy.Clause}"
          + (lifted.StillMet is { } met ? $"；最新报告仍满足{Names.Chinese(met)}预警条件，{lifted.StillMetBy?.Clause}" : "") + "）";

    private string? ApprovalClause(WarningColour? colour) => colour is { } c
        ? _plan.Warnings?.Colours.FirstOrDefault(r => r.Colour == c)?.ApprovalClause
        : _plan.Warnings?.Ungraded?.ApprovalClause;

    /// <summary>A colour the plan defines, or none for a plan whose warnings have none: a bad request otherwise, before any event.</summary>
    private void RequireColour(WarningColour? colour)
    {
        var colours = WarningAuthority.Colours;
        if (colour is null && colours.Count > 0)
        {
            throw new IncidentCommandRejectedException("colour", $"colour is required: plan '{_plan.Id}' warns in {string.Join(", ", colours.Select(c => Names.Of(c)))}",
                $"须写明预警级别：{string.Join("、", colours.Select(c => Names.Chinese(c)))}");
        }

        if (colour is not null && colours.Count == 0)
        {
            throw new IncidentCommandRejectedException("colour",
                $"plan '{_plan.Id}' sets no warning colours ({_plan.Warnings!.Ungraded!.ApprovalClause} 根据危险程度发布): give no colour",
                $"本预案预警不分颜色级别（{_plan.Warnings!.Ungraded!.ApprovalClause} 根据危险程度发布），不应写明颜色");
        }
    }

    private ObligationEntry Duty(string key) => Index.Find(key) ?? throw new NotFoundException("obligation", key);

    private ObligationIndex Index => _index ??= new ObligationIndex(_state.Obligations);

    /// <summary>A duty was met or ended: it leaves the owed ones.</summary>
    private void Ended(ObligationEntry duty) => _index?.ClockChanged(duty);

    /// <summary>The lifecycle of <paramref name="duty"/>'s clock: one machine, pointed at each duty in turn (configuring a machine costs more than firing it).</summary>
    private ObligationLifecycle Obligation(ObligationEntry duty)
    {
        if (_obligation is null)
        {
            _obligation = new ObligationLifecycle(duty.Clock);
        }
        else
        {
            _obligation.Reload(duty.Clock);
        }

        return _obligation;
    }

    /// <summary>Raises the duties the assessment calls for that the incident does not have yet, and brings forward a clock a more frequent rule now sets.</summary>
    private void StartDuties(Assessment.Assessment assessment, DateTimeOffset now, bool raiseOnly = false, bool opening = false)
    {
        for (var dueIndex = 0; dueIndex < assessment.Obligations.Count; dueIndex++)
        {
            var due = assessment.Obligations[dueIndex];
            var rule = due.Rule;
            if (rule.EachCounty is { } list)
            {
                // N 5.6 "启动县(市、区)级自然灾害救助应急响应的,应及时向市应急管理局报告": once for each county that started, on receipt of the report
                // that says so (ADR 0003 #83).
                RaiseForEachCounty(rule, list, rule.Start == DutyStart.Receipt && rule.Due is { } d1 ? now + d1 : due.DueAt, now, once: false, activatedAt: null);
                continue;
            }

            if (Index.Count(rule.Code) == 0 || IsProposalOfANewLevel(rule))
            {
                // Stood for by a duty already raised (the 1-hour report of a 一般 incident, once the phone and written reports of a
                // grade that could not be judged were owed): not owed a second time when the grade settles.
                if (Superseded(rule) || ProposalOfALevelInForce(rule))
                {
                    continue;
                }

                // A clock that starts on receipt (接报后) starts now, when the office takes the report.
                var raised = DutyFor(rule, rule.Start == DutyStart.Receipt && rule.Due is { } d0 ? now + d0 : FirstPeriodNotPast(rule, due.DueAt, now), now);
                if (!opening && rule.Start == DutyStart.Occurrence && rule.Every is null && raised.DueAt is { } textDue && textDue < now)
                {
                    // C 4.1(二) "起算时间为事故发生后…较大以上…须在事发后30分钟以内…电话报告": the clock runs from the occurrence, so an
                    // incident opened late owes its reports late (the chain knew late). A duty that arises only later, from a later report
                    // (a secondary collapse makes the accident 较大 50 minutes on), was nobody's before its deadline: it is owed 立即, as
                    // 4.1(三) asks of a later change ("造成伤亡人数发生变化的,应立即续报"), with the text's time kept beside it. It was
                    // overdue the moment it arose, and a report 20 seconds later was recorded 迟报 (review s55, finding 3; ADR 0003 #71).
                    raised = raised with { DueAt = null, Timing = AssessmentContract.Timing(ObligationTiming.Immediately), ArosePastDueAt = textDue };
                }

                Raise(raised);
                if (rule.Until == DutyEnd.SituationStable && _state.SituationStable)
                {
                    // N 4.1.5 "重大及以上自然灾害灾情稳定前…执行灾情24小时零报告制度": a 重大 declared once the situation is stable (the
                    // 会商核定 of 4.2.1 / 4.3.2 "灾情稳定后…核定" often comes then) owes no zero report. Raised and ended at once, so the
                    // view says why it is not owed (ADR 0003 #68); it was owed every day until the 终报 (review s55, finding 2).
                    Raise(new ObligationCancelled { At = now, By = Engine, Key = raised.Key, Reason = StableBeforeDeclared });
                }

                continue;
            }

            // Only another rule for the same duty (continuation every 4 h once 重大, after daily at 较大) moves an owed clock:
            // the rule that raised it gives no earlier time than the one it already set.
            if (raiseOnly || Rescheduled(rule, due.DueAt) is not { } earlier)
            {
                continue;
            }

            foreach (var open in earlier)
            {
                Raise(new ObligationRescheduled
                {
                    At = now, By = Engine, Key = open.Key, DueAt = due.DueAt!.Value, Every = AssessmentContract.Every(rule), Clause = rule.Clause, Words = rule.Words,
                    SpecialEvery = rule.SpecialEvery is { } special ? XmlConvert.ToString(special) : null, Until = rule.Until is { } until ? DutyNames.Of(until) : null,
                });
            }
        }
    }

    /// <summary>
    /// The first due time of a repeating duty counted in periods from the occurrence that has not passed when it is raised, for a duty
    /// only its own report meets (N 4.1.5 24小时零报告, raised when 重大 is declared): the periods before it was owed were nobody's to
    /// report, and a 重大 declared 30 hours after the disaster made its first zero report overdue the moment it was owed. The periods keep
    /// the occurrence's rhythm (declared at 20:00 for a disaster of 08:00: due 08:00 the next day). A 续报 that raises its daily duty is
    /// that day's report (it meets it), so those are counted as before.
    /// </summary>
    private static DateTimeOffset? FirstPeriodNotPast(ObligationRule rule, DateTimeOffset? dueAt, DateTimeOffset now)
    {
        if (rule.Start != DutyStart.Occurrence || rule.Every is not { } every || every <= TimeSpan.Zero || rule.MetBy != DutyMetBy.Recording
            || dueAt is not { } due || due > now)
        {
            return dueAt;
        }

        return due + every * (Math.Floor((now - due) / every) + 1);
    }

    /// <summary>
    /// True for the office's proposal of a level (<c>metBy: response-proposal</c>) whose entry the incident has not raised yet, although it
    /// raised the proposal of another level under the same code: R 5.3.2 then 5.3.1, C 4.3.2(2) then 4.3.3(2) each have the office propose
    /// its own level ("向市指挥部提出启动Ⅰ级应急响应的建议"), so figures that rise from Ⅱ to Ⅰ owe the proposal of Ⅰ, made or not that of Ⅱ.
    /// </summary>
    private bool IsProposalOfANewLevel(ObligationRule rule)
    {
        if (rule.MetBy != DutyMetBy.ResponseProposal)
        {
            return false;
        }

        foreach (var raised in Index.WithCode(rule.Code))
        {
            if (raised.Clause == rule.Clause)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The level whose proposal <paramref name="duty"/> is (the lowest level its entry applies at); null when its entry names none.</summary>
    private ResponseLevel? ProposalLevelOf(ObligationEntry duty) => _plan.DutyRule(duty.Code, duty.Clause, duty.Words) is { } rule ? ProposalLevelOf(rule) : null;

    private static ResponseLevel? ProposalLevelOf(ObligationRule rule) =>
        rule.Condition is { Kind: ConditionKind.Level, AtLeast: var rank } && Enum.IsDefined((ResponseLevel)rank) ? (ResponseLevel)rank : null;

    /// <summary>
    /// True for the office's proposal (<c>metBy: response-proposal</c>) of a level at or below the one in force (a Ⅱ raised under C 4.4 before
    /// the figures reached it, N Ⅲ activated before the relocated reached 5.3.1): the proposal is the step before that decision (C 4.3.2(2)
    /// "提出启动Ⅱ级响应建议,由市指挥部指挥长……立即启动Ⅱ级响应"), so nothing is left to propose. Raised when the figures caught up, it could never be
    /// met (a proposal of the level in force is refused) and closed as the office's unmet duty (a duty officer's review, session 53). As at an
    /// activation (<see cref="EndProposalsNoLongerNeeded"/>), a level the proposer declared itself (the office's Ⅲ, C 4.3.1(2)) included since
    /// 2026-12-07 (ADR 0003 #76): what it owes after the declaration is its report (并报告市指挥部有关领导), a duty of its own.
    /// </summary>
    private bool ProposalOfALevelInForce(ObligationRule rule) =>
        rule.MetBy == DutyMetBy.ResponseProposal && ActiveLevel is { } inForce && ProposalLevelOf(rule) is { } level && level <= inForce;

    /// <summary>
    /// The repeating rule of <paramref name="duty"/>'s code that applies to <paramref name="assessment"/>: the duty's own period's when it
    /// still applies, else another (the daily 续报 of 较大 after a 重大 chain); null when none does.
    /// </summary>
    private ObligationRule? RepeatingRuleNow(ObligationEntry duty, Assessment.Assessment assessment)
    {
        ObligationRule? other = null;
        var own = duty.Every is null ? (TimeSpan?)null : XmlConvert.ToTimeSpan(duty.Every);
        for (var ruleIndex = 0; ruleIndex < _plan.Obligations.Count; ruleIndex++)
        {
            var rule = _plan.Obligations[ruleIndex];
            if (rule.Code == duty.Code && rule.Every is { } every && rule.AppliesTo(assessment, ActiveLevel))
            {
                if (every == own)
                {
                    return rule;
                }

                other ??= rule;
            }
        }

        return other;
    }

    /// <summary>
    /// True while one of the plan's rules for <paramref name="duty"/>'s code that repeats still applies to <paramref name="assessment"/>:
    /// "较大以上……每日至少续报1次" (road 5.1.2) is not owed day after day by an incident whose grade has settled at 一般.
    /// </summary>
    private bool StillRepeats(ObligationEntry duty, Assessment.Assessment assessment) => RepeatingRuleNow(duty, assessment) is not null;

    /// <summary>
    /// Ends the periods not yet due of repeating duties that the report's assessment no longer calls for (the grade of an incident
    /// reported without its missing count settles at 一般 once they are reported as none: no daily 续报 of 较大以上). A period already
    /// overdue stays owed: a missed report stays missed.
    /// </summary>
    private void StopRepeatingDutiesNoLongerOwed(Assessment.Assessment assessment, DateTimeOffset now, string reason = NoLongerApplies, DateTimeOffset? reportedAt = null)
    {
        // Every report runs this (a drill's every figures inject): the index's owed repeating duties only, and a list only when one stops.
        List<ObligationEntry>? stopped = null;
        List<(ObligationEntry Duty, ObligationRule Rule)>? slower = null;
        foreach (var duty in Index.OwedRepeating)
        {
            if (IsOverdue(duty, now))
            {
                continue;
            }

            if (RepeatingRuleNow(duty, assessment) is not { } rule)
            {
                (stopped ??= []).Add(duty);
            }
            else if (rule.RunsFromReport && rule.Every is { } every && duty.Every is { } own && every != XmlConvert.ToTimeSpan(own))
            {
                (slower ??= []).Add((duty, rule));
            }
        }

        foreach (var duty in stopped ?? [])
        {
            Raise(new ObligationCancelled { At = now, By = Engine, Key = duty.Key, Reason = reason });
        }

        foreach (var (duty, rule) in slower ?? [])
        {
            // Its own rule no longer applies, another of its code does (C 4.1(三) "重大以上……每4小时续报1次" lowered to 较大, "较大以上……每日至少续报1次"):
            // the period not yet begun is owed by that rule, a day after the last 续报 made (this report when it is the office's own), as
            // "每日至少续报1次" reads (ADR 0003). It stayed owed 4 hours on at 较大 (a duty officer's review, session 53).
            OweByTheRuleNow(duty, rule, reportedAt, ByTheLatestAssessment, now);
        }
    }

    /// <summary>
    /// Puts a period of a repeating duty on <paramref name="rule"/>, another rule of its code (the daily 续报 of 较大以上 for the 4-hourly one of
    /// 重大以上): due a period of that rule after the last 续报 made (<paramref name="reportedAt"/>, the report being filed, when it is the office's
    /// own and later), as "每日至少续报1次" reads (ADR 0003 "重大 lowered to 较大"). <paramref name="why"/> begins the reason.
    /// </summary>
    private void OweByTheRuleNow(ObligationEntry duty, ObligationRule rule, DateTimeOffset? reportedAt, string why, DateTimeOffset now)
    {
        var last = reportedAt;
        foreach (var other in Index.WithCode(duty.Code))
        {
            if (other.Clock.FiledAt is { } made && (last is null || made > last))
            {
                last = made;
            }
        }

        var every = AssessmentContract.Every(rule)!;
        var special = rule.SpecialEvery is { } sp ? XmlConvert.ToString(sp) : null;
        var period = XmlConvert.ToTimeSpan(_state.SpecialCircumstances && special is not null ? special : every);
        Raise(new ObligationRescheduled
        {
            At = now, By = Engine, Key = duty.Key, DueAt = (last ?? _state.OccurredAt) + period, Every = every, SpecialEvery = special,
            Until = rule.Until is { } until ? DutyNames.Of(until) : null, Clause = rule.Clause, Words = rule.Words,
            Reason = $"{why}改按“{rule.Words}”（{rule.Clause}），自最近一次续报起算",
        });
    }

    /// <summary>
    /// On a correction (<c>correctsPrevious</c>, <c>corrects</c>), puts back the periods of repeating duties that the report entered in error
    /// (<paramref name="mistakenAt"/>) raised or moved, or that were raised since while its figures stood, under a rule the corrected figures do
    /// not call for: 40 dead typed for 4 moved 第2期 of C 4.1(三) "较大以上……每日至少续报1次" to "重大以上……每4小时续报1次". The first such period of
    /// a duty is owed by the rule of its code that the corrected figures call for, as at a real lowering (<see cref="OweByTheRuleNow"/>: a day
    /// after the last 续报 made, the correction itself, made at <paramref name="made"/>); the 4-hourly periods after it, and every one when no
    /// rule of its code is called for, were never owed and end as not needed, overdue or not, as the other duties that report raised do
    /// (ADR 0003 #78). Run before the correction meets anything: it met the period as the 4-hourly 续报 of a 重大 accident that never
    /// was; a second 续报 on the day the mistaken one met, it meets no day of the daily rule.
    /// </summary>
    private void PutBackPeriodsTheMistakenReportMoved(Assessment.Assessment assessment, DateTimeOffset? mistakenAt, DateTimeOffset made, string mistaken,
        string neverOwed, LifecycleActor by, DateTimeOffset now)
    {
        if (mistakenAt is not { } at)
        {
            return;
        }

        // Set since that report (by it, or by a later command while its figures stood: the 4-hourly periods that passed unmet before the
        // correction, raised by this command's catching up), in the order raised.
        List<ObligationEntry>? moved = null;
        foreach (var duty in Index.OwedRepeating)
        {
            if ((duty.DueSetAt ?? duty.RaisedAt) >= at && _plan.DutyRule(duty.Code, duty.Clause, duty.Words) is { } own && !own.AppliesTo(assessment, ActiveLevel))
            {
                (moved ??= []).Add(duty);
            }
        }

        HashSet<string>? putBack = null;
        foreach (var duty in moved ?? [])
        {
            // The first of its chain is the period the rule now called for owes; the 4-hourly periods after it were never owed under that rule.
            if ((putBack ??= []).Add(RepeatingDuties.Chain(duty)) && RepeatingRuleNow(duty, assessment) is { } rule)
            {
                OweByTheRuleNow(duty, rule, made, $"{mistaken}，", now);
            }
            else
            {
                Raise(new ObligationCancelled { At = now, By = by, Key = duty.Key, Reason = neverOwed });
            }
        }
    }

    /// <summary>
    /// Ends, as no longer needed, the office's proposals owed (C 4.3.x(2), R 5.3.x 启动程序, N 5.1.2 "提出启动…响应的建议": the step before
    /// the activation) of a level that is moot: at or below the level just <paramref name="activated"/> by the body the proposal goes to
    /// (the decider activated it without one); or, after a report, above the level its figures now call for (<paramref name="calledFor"/>, null for none: 3 dead corrected
    /// to 2, no Ⅱ to propose). Left owed, they closed with the incident as the office's unmet duty, and the office could not meet them
    /// (a proposal of the level in force is refused).
    /// </summary>
    private void EndProposalsNoLongerNeeded(DateTimeOffset now, ResponseLevel? activated, ResponseLevel? calledFor, LifecycleActor? activatedBy = null)
    {
        var owed = Index.OwedMetBy(DutyNames.Of(DutyMetBy.ResponseProposal));
        if (owed.Count == 0)
        {
            return;
        }

        foreach (var duty in owed.ToArray())
        {
            if (ProposalLevelOf(duty) is not { } level)
            {
                continue;
            }

            var reason = activated is { } inForce
                ? level <= inForce ? $"{Names.Chinese(inForce)}响应已{ByTheProposer(activatedBy)}启动，无需再提出启动{Names.Chinese(level)}响应的建议" : null
                : calledFor is not { } called || level > called ? $"{ByTheLatestAssessment}，本事件已不需启动{Names.Chinese(level)}响应，无需再提出建议" : null;
            if (reason is not null)
            {
                // The decision overtook a proposal owed before it (N 5.2.2 "市安委办…向市安委会提出启动II级响应的建议" never made before the Ⅱ
                // decided): ended, with since when it had been owed (drill review s60 F1, F7). A report's lowered figures end it as before.
                Raise(new ObligationCancelled { At = now, By = Engine, Key = duty.Key, Reason = reason, OwedSince = activated is null ? null : OwedUnmet(duty, now) });
            }
        }
    }

    /// <summary>
    /// Who declared the level, when it is the body that would have proposed it (C 4.3.1(2) 由市指挥部办公室主任宣布启动Ⅲ级响应): "由市指挥部办公室主任";
    /// empty for the body the proposal goes to, as before.
    /// </summary>
    private string ByTheProposer(LifecycleActor? activatedBy) =>
        activatedBy is { } by && _plan.Response.Proposal is { } proposer && proposer.By.Contains(by.RoleId, StringComparer.Ordinal)
            ? $"由{_plan.RoleNames.Of(by.RoleId)}"
            : "";

    /// <summary>
    /// On a raise, ends the reports an activation owed at the level below whose rule does not hold at the level now in force: each level's
    /// 响应措施 are its own (N 5.4.3 "市安委会及其成员单位视情采取以下措施", as 5.3.3, 5.2.3 and 5.1.3 say for theirs), so Ⅳ's 5.4.3(1) report to
    /// the 市安委会副主任 is not owed beside Ⅲ's 5.3.3(1) to the 市安委会主任, which the raise owes. One already overdue stays owed: a missed
    /// report stays missed. Before (drill review s49, D6) the lower level's report stayed owed to the end of the drill and was reported 未报.
    /// The reason says the new level does not ask for it (该级别不要求此项报告), not that its 响应措施 lack it: the reports so ended include those
    /// of the 启动程序 (N 5.4.2 "由市安委办主任决定启动Ⅳ级响应,并向市安委会副主任……报告"; review s61, ND-04).
    /// </summary>
    private void EndMeasuresOfTheLevelBelow(Assessment.Assessment assessment, ResponseLevel level, DateTimeOffset now)
    {
        List<(ObligationEntry Duty, string Reason)>? ended = null;
        foreach (var duty in Index.Owed)
        {
            if (duty.Start != DutyNames.Of(DutyStart.Activation) || IsOverdue(duty, now)
                || _plan.DutyRule(duty.Code, duty.Clause, duty.Words) is not { } rule || rule.AppliesTo(assessment, level))
            {
                continue;
            }

            var instead = Index.OwedWithCode(duty.Code).Find(o => o.Clause != duty.Clause);
            if (instead is null && _plan.Obligations.Any(r => r.Code == duty.Code && r.Start == DutyStart.Activation && r.AppliesTo(assessment, level)))
            {
                // The duty stands for the new level's own of its code, which the raise did not owe again: the daily report of the member
                // units runs on from Ⅱ into Ⅰ (5.2.3(3), 5.1.3(3): one report a day, whichever level is in force).
                continue;
            }

            (ended ??= []).Add((duty, instead is not null
                ? $"响应已提升为{Names.Chinese(level)}，由该级别的同项报告（{instead.Clause}）代替"
                : AwaitingAJudgement(duty.Code, assessment, level) is var (awaiting, judgement)
                    // N 5.2.3(1) "重要情况及时向市委、市政府、市安委会报告": the new level has the report, once the judgement is given; it read
                    // "该级别不要求此项报告" (a drill facilitator's review, s63 D63-09).
                    ? $"响应已提升为{Names.Chinese(level)}，此后按{awaiting.Clause}“{awaiting.Words}”办理（研判为“{JudgementCatalogue.All.First(j => j.Judgement == judgement).Label}”时报告）"
                    : $"响应已提升为{Names.Chinese(level)}，该级别不要求此项报告"));
        }

        foreach (var (duty, reason) in ended ?? [])
        {
            // A report without a due time owed since the level below was activated (N 5.3.2 "并向市安委会主任报告", 5.3.3(1) "及时上报"), never
            // made, is overtaken, not made needless: the raise ends it with since when it stood unmet (drill review s60 F1).
            Raise(new ObligationCancelled { At = now, By = Engine, Key = duty.Key, Reason = reason, OwedSince = OwedUnmet(duty, now) });
        }
    }

    /// <summary>The new level's rule of <paramref name="code"/> that only a judgement not given keeps from holding, with that judgement; null for none.</summary>
    private (ObligationRule Rule, Judgement Judgement)? AwaitingAJudgement(string code, Assessment.Assessment assessment, ResponseLevel level)
    {
        foreach (var rule in _plan.Obligations)
        {
            if (rule.Code == code && rule.Start == DutyStart.Activation && rule.AwaitedJudgement(assessment, level) is { } judgement)
            {
                return (rule, judgement);
            }
        }

        return null;
    }

    /// <summary>
    /// Since when <paramref name="duty"/>, ended at <paramref name="now"/> by a decision, had been owed and not done: when it was raised, for a duty
    /// without a due time (立即, 及时, no time word: owed from its start) raised before now; null for a timed duty (not yet due: nothing owed yet; an
    /// overdue one is never ended so) and for one raised at this very moment, which nobody had a moment to do.
    /// </summary>
    private static DateTimeOffset? OwedUnmet(ObligationEntry duty, DateTimeOffset now) =>
        duty.Clock.DueAt is null && duty.Clock.State != ObligationState.Met && duty.RaisedAt < now ? duty.RaisedAt : null;

    /// <summary>Why a repeating duty stops when the report's assessment no longer calls for it.</summary>
    /// <summary>
    /// Said beside 特殊情况 set on an incident that owes no 续报 the special cadence brings forward ("重大以上…每4小时续报1次,特殊情况每2小时续报1次",
    /// C 4.1(三), R 5.1.2): recorded, and the office told it changes nothing now, rather than accepted as 续报加密 in silence (review s55,
    /// finding 6; ADR 0003 #72). Empty when a 续报 with a special cadence is owed.
    /// </summary>
    private string NothingToReportEveryTwoHours()
    {
        if (Owed().Exists(o => o.SpecialEvery is not null) || _plan.Obligations.FirstOrDefault(r => r.SpecialEvery is not null) is not { } rule)
        {
            return "";
        }

        var grade = _state.Assessed.Grade is { } g ? $"本{(_plan.GradeTerm.EndsWith("等级", StringComparison.Ordinal) ? _plan.GradeTerm[..^2] : "事件")}现为{Names.Chinese(g)}{(_state.Assessed.GradeDetermined ? "" : "（尚未确定）")}，" : "";
        return $"（特殊情况每2小时续报1次适用于重大以上（{rule.Clause}）；{grade}现无每4小时续报可加密，已记录备查）";
    }

    private const string StableBeforeDeclared = "灾情已稳定（“灾情稳定前”执行，4.1.5）";

    private const string NoLongerApplies = ByTheLatestAssessment + "，本事件已不属于该项报告的适用情形";

    /// <summary>
    /// How every reason a report's assessment gives for a duty's change begins (a duty no longer called for, a proposal no longer needed, a period
    /// switched): a drill tells such an end apart from the close's or the response's by it, and says the grade's fall instead.
    /// </summary>
    public const string ByTheLatestAssessment = "按最新研判";

    private bool Superseded(ObligationRule rule)
    {
        foreach (var code in rule.SupersededBy)
        {
            if (Index.Count(code) > 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The duties of <paramref name="rule"/>'s code, owed under another rule's words, that <paramref name="dueAt"/> brings forward; null for none.</summary>
    private List<ObligationEntry>? Rescheduled(ObligationRule rule, DateTimeOffset? dueAt)
    {
        List<ObligationEntry>? earlier = null;
        if (dueAt is { } d)
        {
            foreach (var open in Index.OwedWithCode(rule.Code))
            {
                if (open.Words != rule.Words && open.Clock.DueAt is { } current && d < current)
                {
                    (earlier ??= []).Add(open);
                }
            }
        }

        return earlier;
    }

    /// <summary>
    /// Starts the duties whose clock <paramref name="start"/> starts at <paramref name="at"/>, where their condition holds. A duty that
    /// starts once per activation is not raised again while one is owed or since the activation: the latest <c>Activate</c>, or
    /// <paramref name="activatedAt"/> when a raise activates a higher level.
    /// </summary>
    private void StartDuties(DutyStart start, DateTimeOffset at, string? orderedBy, Assessment.Assessment assessment, DateTimeOffset? activatedAt = null)
    {
        for (var ruleIndex = 0; ruleIndex < _plan.Obligations.Count; ruleIndex++)
        {
            var rule = _plan.Obligations[ruleIndex];
            if (rule.Start != start)
            {
                continue;
            }

            // A request, an order, an arrival or a casualty change each start a clock of their own; a level (or the end of
            // handling) starts its duties once, however often the condition is looked at again.
            var once = start is DutyStart.Activation or DutyStart.HandlingFinished or DutyStart.PreviousReport;
            // A termination's duties are judged by the level it ended; every other start by the level in force.
            var level = start == DutyStart.Termination ? _state.Response.Level : ActiveLevel;
            if (rule.InForceAt(at) && (rule.OrderedBy is null || rule.OrderedBy == orderedBy) && rule.AppliesTo(assessment, level)
                && ActivatedByOneOf(rule.OnlyWhenActivatedBy))
            {
                if (rule.EachCounty is { } list)
                {
                    // N 5.6 "所涉及县(市、区)要立即启动自然灾害救助应急响应": once for each county concerned, at the activation for those known then,
                    // and at a later report for a county it names anew while the response is in force (ADR 0003 #83). Once per city response, not
                    // per level: a county starts once and then adjusts ("根据灾情发展变化及时作出调整"), so a raise (activatedAt) asks none again;
                    // each raise owed every county a new 立即启动 (review s63, D63-10).
                    RaiseForEachCounty(rule, list, rule.Due is { } d1 ? at + d1 : null, at, once, activatedAt: null);
                }
                else if (once && AlreadyStarted(rule, activatedAt))
                {
                    continue;
                }
                else if (rule.Every is not null && Repeating(rule.Code))
                {
                    if (level is { } inForce)
                    {
                        CiteTheRuleInForce(rule, inForce, at);
                    }
                }
                else
                {
                    Raise(DutyFor(rule, rule.Due is { } due ? at + due : null, at));
                }
            }
        }
    }

    /// <summary>
    /// Raises <paramref name="rule"/>, a duty owed once per county (<c>eachCounty</c>), for each county of <paramref name="list"/> that does not
    /// have it yet, in the list's order (the incident's own county first: it keeps the plain key, as the one duty did before): a duty started
    /// once per activation (<paramref name="once"/>) where none for the county is owed or was raised since the activation, any other where the
    /// incident never owed it for the county. A county a later report no longer lists keeps the instance raised for it (ADR 0003 #83).
    /// </summary>
    private void RaiseForEachCounty(ObligationRule rule, string list, DateTimeOffset? dueAt, DateTimeOffset at, bool once, DateTimeOffset? activatedAt)
    {
        foreach (var county in CountyLists.Of(list, _state.County, _state.Report.Figures))
        {
            if (!AlreadyStarted(rule, activatedAt, county, once))
            {
                Raise(DutyFor(rule, dueAt, at) with { County = county });
            }
        }
    }

    /// <summary>
    /// A repeating duty that runs on under another level's rule of its code (N 5.2.3(3) at Ⅱ, 5.1.3(3) at Ⅰ: "市安委会有关成员单位…每日向市安委办报告"):
    /// the period not yet due when the level changed is owed under the rule now in force, so it cites that rule's clause and words from then on,
    /// and the periods after it follow it. Its due time stays (the loader requires such rules to share their cadence); a period already overdue
    /// was owed under the level before and keeps its citation (review s61, ND-11; ADR 0003 #84).
    /// </summary>
    private void CiteTheRuleInForce(ObligationRule rule, ResponseLevel level, DateTimeOffset at)
    {
        foreach (var duty in Index.OwedWithCode(rule.Code).ToArray())
        {
            if (duty.Every is not null && duty.Clock.DueAt is { } due && due > at && (duty.Clause != rule.Clause || duty.Words != rule.Words))
            {
                Raise(new ObligationRescheduled
                {
                    At = at, By = Engine, Key = duty.Key, DueAt = due, Every = AssessmentContract.Every(rule), Clause = rule.Clause, Words = rule.Words,
                    SpecialEvery = rule.SpecialEvery is { } special ? XmlConvert.ToString(special) : null, Until = rule.Until is { } until ? DutyNames.Of(until) : null,
                    Reason = $"响应级别调整为{Names.Chinese(level)}",
                });
            }
        }
    }

    /// <summary>True when the rule asks for no particular activating body, or the body that took the latest decision is one it names.</summary>
    private bool ActivatedByOneOf(IReadOnlyList<string> roles) =>
        roles.Count == 0 || (_state.Response.ResponsibleBody is { } by && roles.Contains(by.RoleId, StringComparer.Ordinal));

    /// <summary>
    /// True while a repeating duty of this code runs (an instance owed): another rule of the code continues it rather than start a second
    /// chain. N 5.2.3(3) and 5.1.3(3) both say 市安委会有关成员单位每日向市安委办报告; raised again when Ⅱ became Ⅰ, the member units owed two
    /// reports a day, each chain overdue on its own. The plan loader requires such rules to share their cadence.
    /// </summary>
    private bool Repeating(string code)
    {
        foreach (var duty in Index.OwedWithCode(code))
        {
            if (duty.Every is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A duty of this rule is owed, or was raised since the response was activated (a method of its own: a lambda in the
    /// caller's loop would allocate its closure for every rule looked at). For a duty owed per county, <paramref name="county"/>'s instances
    /// alone (one raised before schema 17 stands for the incident's own county); <paramref name="once"/> false (a duty not started once per
    /// activation): any instance ever raised.</summary>
    private bool AlreadyStarted(ObligationRule rule, DateTimeOffset? activatedAt, string? county = null, bool once = true) =>
        Index.WithCode(rule.Code).Any(o => o.Clause == rule.Clause && o.Words == rule.Words
                                           && (county is null || string.Equals(o.County ?? _state.County, county, StringComparison.Ordinal))
                                           && (!once || o.Clock.State == ObligationState.Due
                                               || (activatedAt is { } raise ? o.RaisedAt >= raise : RaisedUnderThisActivation(o))));

    private ObligationRaised DutyFor(ObligationRule rule, DateTimeOffset? dueAt, DateTimeOffset now) => new()
    {
        At = now, By = Engine, Key = KeyFor(rule.Code), Code = rule.Code, Reporter = rule.Reporter, To = rule.To, Act = rule.Act, Start = DutyNames.Of(rule.Start),
        Until = rule.Until is { } until ? DutyNames.Of(until) : null, SpecialEvery = rule.SpecialEvery is { } special ? XmlConvert.ToString(special) : null,
        MetByReport = rule.MetBy == DutyMetBy.Recording ? null : DutyNames.Of(rule.MetBy),
        Clause = rule.Clause, Words = rule.Words, Timing = AssessmentContract.Timing(rule.Timing), Every = AssessmentContract.Every(rule), DueAt = dueAt,
    };

    /// <summary>True when the duty was raised since the response was activated (an adjustment owes only the new level's own duties).</summary>
    private bool RaisedUnderThisActivation(ObligationEntry duty) =>
        _state.Response.Decisions.LastOrDefault(d => d.Trigger == "Activate") is { } decision && duty.RaisedAt >= decision.At;

    /// <summary>
    /// The owed duty with this code that falls due first, the first raised among equals, one with no due time before any
    /// (the order <c>OrderBy(DueAt)</c> gives); null when none is owed. One pass: a drill may owe hundreds of one code.
    /// </summary>
    private ObligationEntry? EarliestOwed(string code)
    {
        ObligationEntry? earliest = null;
        foreach (var duty in Index.OwedWithCode(code))
        {
            if (earliest is null || Nullable.Compare(duty.Clock.DueAt, earliest.Clock.DueAt) < 0)
            {
                earliest = duty;
            }
        }

        return earliest;
    }

    /// <summary>The duties still owed.</summary>
    private List<ObligationEntry> Owed() => Index.Owed;

    /// <summary>The level actually in force, for duties conditioned on it.</summary>
    private ResponseLevel? ActiveLevel => _state.Response.State == ResponseState.Active ? _state.Response.Level : null;

    /// <summary>The engine's assessment of the figures as they stand. The engine is deterministic and the plan fixed, so the last one is
    /// reused while the report is the same object: a clock event or a duty met does not change what the figures say.</summary>
    private Assessment.Assessment Assess(DecisionEngine engine)
    {
        // The occurrence time too: a report that corrects it and gives no figure keeps the report object (IncidentReport.Merge).
        if (_assessment is { } last && ReferenceEquals(last.Report, _state.Report) && last.OccurredAt.EqualsExact(_state.OccurredAt) && ReferenceEquals(last.Engine, engine))
        {
            return last.Assessment;
        }

        var assessment = engine.Assess(_plan, _state.Report.ToInput(_state.PlanId, _state.OccurredAt));
        _assessment = (_state.Report, _state.OccurredAt, engine, assessment);
        return assessment;
    }

    /// <summary>A duty whose due time passed before <paramref name="now"/> unmet (a report made at the due time is on time).</summary>
    private static bool IsOverdue(ObligationEntry duty, DateTimeOffset now) => duty.Clock.DueAt is { } due && due < now;

    private void CloseIfDone(DateTimeOffset now)
    {
        if (_state.Reporting.State == ReportingState.FinalReported && Reporting.CanClose(_state.Response.State))
        {
            // A duty with no due time (单位、公民拨打122, 立即/及时 reports never recorded: a 立即续报, the office's report with its
            // proposal) could otherwise stay pending for ever: it ends with the incident, as never done (`unmet`), not as a duty that no
            // longer applied: it was owed and nobody did it. A duty with a due time that was missed stays overdue, as it was. The work
            // after handling (后期处置: R 6.4 总结评估形成事故专项报告, C 5.1 善后处理意见, N 终止通知) is owed after the close, not
            // ended by it: it starts when handling ends or the response ends, and the close comes then.
            foreach (var duty in Owed().Where(o => o.Clock.DueAt is null && !AfterHandling(o)).ToArray())
            {
                Raise(new ObligationCancelled { At = now, By = System, Key = duty.Key, Reason = ObligationCancelled.ClosedReason, Unmet = true });
            }

            Raise(new IncidentClosed
            {
                At = now, By = System,
                Reason = _state.Response.State == ResponseState.Terminated ? "终报已报送，响应已终止，事件关闭" : "终报已报送，未启动响应，事件关闭",
            });
        }
    }

    /// <summary>
    /// Whether <paramref name="duty"/> is work after handling: its clock starts when handling ends, the response ends or the situation
    /// becomes stable (N 5.2.3(9) "灾情稳定后,…组织开展灾害损失综合评估工作,及时将评估结果报送市安委会": the assessment comes after the
    /// disaster's handling, and the 终报 did not make it 不再需要).
    /// </summary>
    private static bool AfterHandling(ObligationEntry duty) => DutyNames.IsAfterHandling(duty.Start);

    private string KeyFor(string code) => DutyNames.Key(code, Index.Count(code) + 1);

    /// <summary>
    /// When the report <paramref name="corrects"/> names was filed: the time the duties it raised carry. It names the report by its reference
    /// (<c>report#2</c>, the timeline's <c>reportRef</c>: any report, the office's own over REST included) or by its source as the timeline
    /// shows it (<c>122:JC122-20260301-0001#2</c>, a 122 message).
    /// </summary>
    /// <exception cref="IncidentCommandRejectedException">No report of this incident has that reference or came from that source.</exception>
    private DateTimeOffset CorrectedReportAt(string corrects)
    {
        // Counted, not read from the entries' reportRef: a projection stored before session 55 has entries without it.
        string? lastSource = null;
        var reports = 0;
        DateTimeOffset? named = null;
        for (var i = 0; i < _state.Timeline.Count; i++)
        {
            var entry = _state.Timeline[i];
            if (!TimelineEntry.IsReport(entry.Type))
            {
                continue;
            }

            reports++;
            lastSource = entry.Source ?? lastSource;
            if (entry.Type is "first-report" or "continuation-report"
                && (string.Equals(entry.Source, corrects, StringComparison.Ordinal)
                    || string.Equals(TimelineEntry.ReportRefPrefix + reports.ToString(CultureInfo.InvariantCulture), corrects, StringComparison.Ordinal)))
            {
                named = entry.At;
            }
        }

        if (named is { } at)
        {
            return at;
        }

        var lastRef = TimelineEntry.ReportRefPrefix + Math.Max(reports, 1).ToString(CultureInfo.InvariantCulture);
        // The example is one of this incident's own reports: a construction or natural-disaster incident never has a 122 source (review s55, finding 1).
        var own = lastRef;
        var first = TimelineEntry.ReportRefPrefix + "1";
        var example = own == first ? own : $"{first}至{own}";
        throw new IncidentCommandRejectedException("corrects",
            $"no report of this incident has the reference or source '{corrects}': name the report by its reportRef as the timeline shows it ({first}…{own})"
            + (lastSource is null ? "" : $" or by its source ({lastSource})"),
            $"本事件没有编号或来源为“{corrects}”的报告：请按时间线中该报告的编号 reportRef 填写（本事件的报告为 {example}）"
            + (lastSource is null ? "" : $"，或按其来源填写（如 {lastSource}）"));
    }

    /// <summary>A corrected report as people read it: <c>122接警单JC-20261202-0001序号2的报告</c> for a feed's source, <c>第2份报告（report#2）</c>
    /// for a reference, else the source itself.</summary>
    private static string CorrectedReportSaid(string corrects)
    {
        if (corrects.StartsWith(TimelineEntry.ReportRefPrefix, StringComparison.Ordinal))
        {
            return $"第{corrects[TimelineEntry.ReportRefPrefix.Length..]}份报告（{corrects}）";
        }

        var (colon, hash) = (corrects.IndexOf(':', StringComparison.Ordinal), corrects.LastIndexOf('#'));
        return colon > 0 && hash > colon + 1
            ? $"{corrects[..colon]}接警单{corrects[(colon + 1)..hash]}序号{corrects[(hash + 1)..]}的报告"
            : $"报告{corrects}";
    }

    private void Log(IncidentEvent e, string type, string summary, string? clause, ReportSource? source = null)
    {
        if (TimelineEntry.IsReport(type))
        {
            // A report begins a change of its own: no reschedule of an earlier one is said again with its (ObligationRescheduled).
            _rescheduled = null;
        }

        _state.Timeline.Add(Entry(e, type, summary, clause, source));
    }

    private TimelineEntry Entry(IncidentEvent e, string type, string summary, string? clause, ReportSource? source = null) =>
        new(e.At, type, ReferenceEquals(e.By, Engine) || e.By.RoleId == Engine.RoleId ? "engine" : e.By.ToString(),
            RepeatedTexts.Shared(summary), Cite(clause), source?.ToString(), NameOf(e.By), TimelineEntry.IsReport(type) ? NextReportRef() : null);

    /// <summary>
    /// The duty the latest <c>obligation-rescheduled</c> entry moved: its key, the event's time, the entry's place and the duty's due time before
    /// it. A second reschedule of the same duty by the same report replaces that entry (<see cref="Apply"/>).
    /// </summary>
    private (string Key, DateTimeOffset At, int Entry, DateTimeOffset? DueBefore)? _rescheduled;

    /// <summary>Whether every timeline entry from <paramref name="from"/> on is of the instant <paramref name="at"/>.</summary>
    private bool AllAt(int from, DateTimeOffset at)
    {
        for (var i = from; i < _state.Timeline.Count; i++)
        {
            if (_state.Timeline[i].At != at)
            {
                return false;
            }
        }

        return true;
    }

    // The incident's reports counted once per loaded incident, then one more per report logged: a drill logs a million entries.
    private int? _reports;

    /// <summary>The reference of the report being logged: <c>report#n</c>, its place among the incident's reports (ADR 0003 #69).</summary>
    private string NextReportRef()
    {
        if (_reports is null)
        {
            var n = 0;
            for (var i = 0; i < _state.Timeline.Count; i++)
            {
                n += TimelineEntry.IsReport(_state.Timeline[i].Type) ? 1 : 0;
            }

            _reports = n;
        }

        _reports++;
        // Written straight into the one text the entry keeps: a number's text and then the two joined were two strings a report.
        return string.Create(CultureInfo.InvariantCulture, $"{TimelineEntry.ReportRefPrefix}{_reports.Value}");
    }

    /// <summary>
    /// The instance of <paramref name="by"/> this incident already holds, when it holds an equal one (the same body and name): each command
    /// brings its caller anew, and every event, decision and timeline entry it makes names the caller, so a drill's or a feed's incident
    /// otherwise kept one actor and its text per command (ADR 0007).
    /// </summary>
    /// <exception cref="ArgumentNullException">No caller (named as the command names it).</exception>
    private LifecycleActor Known(LifecycleActor by, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(by))] string? parameter = null)
    {
        ArgumentNullException.ThrowIfNull(by, parameter);
        if (_actors.TryGetValue(by, out var known))
        {
            return known;
        }

        _actors.Add(by);
        return by;
    }

    /// <summary>
    /// Who, as the duty office reads it: the post as the plan names it, after the person's name when there is one
    /// (张三（市指挥部副指挥长）), and the delegation when the decision was made on it. The timeline's <c>actor</c> said
    /// "张三 (deputy-commander)", "engine" and "EmergencyPlans (system)" in a Chinese record (a road duty officer's review). One text per
    /// actor, not one per entry: a timeline keeps every entry.
    /// </summary>
    /// <summary>
    /// Who, as the duty office reads it (<see cref="NameOf"/>): the name the timeline's <c>actorName</c> gives, e.g. first-run-commander（市安委会主任）.
    /// The view's <c>response.responsibleBody</c> says it so; it read "first-run-commander (commander)", a role id in text for people.
    /// </summary>
    public string ActorName(LifecycleActor by)
    {
        ArgumentNullException.ThrowIfNull(by);
        return NameOf(by);
    }

    private string NameOf(LifecycleActor by)
    {
        if (_names.TryGetValue(by, out var name))
        {
            return name;
        }

        if (by.RoleId == Engine.RoleId)
        {
            name = "系统（依预案研判）";
        }
        else if (by.RoleId == System.RoleId)
        {
            name = "系统";
        }
        else
        {
            name = by.Named(_plan.RoleNames.Of(by.RoleId));
            if (by.DelegatedByCommander)
            {
                name += _plan.RoleNames.DelegatedByCommander;
            }
        }

        _names[by] = name;
        return name;
    }

    private static string? Rule(AssessedOutcome a) => a.Because.Count == 0 ? null : a.Because[0].Clause;

    /// <summary>
    /// A timeline entry's rule: the clause with the plan's document number (晋市政办〔2025〕18号 5.1.1), every entry alike; a clause that
    /// names its own document (晋市政发〔2026〕1号 (十九)) as it is. One text per clause, not one per entry: a timeline keeps every entry.
    /// </summary>
    private string? Cite(string? clause)
    {
        if (string.IsNullOrEmpty(clause))
        {
            return null;
        }

        if (!_rules.TryGetValue(clause, out var rule))
        {
            _rules[clause] = rule = Citation.Of(_state.PlanDocumentNumber, clause);
        }

        return rule;
    }

    /// <summary>
    /// The casualty counts a report lowered, said after its line (；较前次报告减少：死亡7人→5人): a later figure replaces an earlier one, a correction
    /// as much as a 122 message sent before the office's own count (7 dead reported by the office, then 122's 5), and the timeline showed
    /// neither (a feed integrator's review, session 52). Empty when none was lowered, as for nearly every report. When the same report raised
    /// others, those are said first (；较前次报告增加：死亡4人→11人；减少：失联1人→0人): the line named only the missing found, and the 续报 that
    /// took the dead from 4 to 11 (重大) read as good news (a construction duty officer's review, session 58).
    /// </summary>
    private string Lowered(ReportedFigures before, ReportedFigures after)
    {
        if (before.CasualtiesLowered(after) is not { Count: > 0 } lowered)
        {
            return "";
        }

        var raised = before.CasualtiesRaised(after);
        return (raised.Count > 0 ? "；较前次报告增加：" + Changes(raised) + "；减少：" : "；较前次报告减少：") + Changes(lowered);

        string Changes(IReadOnlyList<(FigureDefinition Figure, object Was, object Now)> changes) => string.Join("，", changes.Select(l =>
            $"{_plan.FigureLabels.Of(l.Figure)}{Convert.ToString(l.Was, CultureInfo.InvariantCulture)}{l.Figure.Unit}→{Convert.ToString(l.Now, CultureInfo.InvariantCulture)}{l.Figure.Unit}"));
    }

    /// <summary>
    /// A level decided above the one the reported figures call for, said so beside the decision (（按已报数字应为Ⅲ级，高于此启动）): the decider's
    /// reason is the basis (C 4.4 视情提高, N 5.x.1(5) 市安委会认为…, 5.5 酌情调整), and a Ⅳ started with no criterion met passed without a word
    /// (a duty officer's review, session 53). Empty when the figures call for it or more, or cannot say yet.
    /// </summary>
    /// <summary>
    /// An act recorded afterwards (a report's <c>madeAt</c>, a decision's <c>decidedAt</c>) was taken between the occurrence and now: refused
    /// naming <paramref name="field"/> with <paramref name="later"/> when after now, with <paramref name="before"/> when before the occurrence.
    /// </summary>
    private void TakenByNow(string field, DateTimeOffset at, DateTimeOffset now, (string English, string Chinese) later, (string English, string Chinese) before)
    {
        if (at > now)
        {
            throw new IncidentCommandRejectedException(field, later.English, later.Chinese) { AboutTime = true };
        }

        NotBeforeTheOccurrence(field, at, before.English, before.Chinese);
    }

    /// <summary>A decision recorded after it was taken, said so (（09:05决定，补录）); empty for one recorded as taken.</summary>
    /// <summary>
    /// A decision recorded afterwards (<c>decidedAt</c>) is taken by now, after the occurrence, and not before the response's last decision:
    /// the decisions are recorded in the order they were taken.
    /// </summary>
    private void DecidedInOrder(DateTimeOffset decided, DateTimeOffset now)
    {
        TakenByNow("decidedAt", decided, now, ("a decision cannot have been taken later than it is recorded", "决定时间（decidedAt）不能晚于录入时间"),
            ("no response can have been decided", "事件发生前不会有启动响应的决定"));
        if (_state.Response.Decisions.Count > 0 && decided < _state.Response.Decisions[^1].At)
        {
            var last = _state.Response.Decisions[^1].At;
            throw new IncidentCommandRejectedException("decidedAt",
                $"decidedAt {decided.ToString("O", CultureInfo.InvariantCulture)} is before the response's last decision ({last.ToString("O", CultureInfo.InvariantCulture)})",
                $"决定时间{Local(decided)}早于本事件响应的上一次决定（{Local(last)}）：请按决定的先后录入") { AboutTime = true };
        }
    }

    private static string DecidedEarlier(DateTimeOffset? decidedAt) => decidedAt is { } at ? $"（{CityTime.DayMinute(at)}决定，补录）" : "";

    private string AboveTheFigures(ResponseLevel level) => _state.Assessed switch
    {
        { Level: { } called } when level > called => $"（按已报数字应为{Names.Chinese(called)}，高于此启动）",
        { Level: null, LevelDetermined: true } => "（按已报数字未达到任一级别的启动条件）",
        _ => "",
    };

    private string Summary(AssessedOutcome a) =>
        Summaries.GetOrAdd((_plan.GradeTerm, a.Grade, a.GradeDetermined, Unjudged(a), a.Level, a.LevelDetermined), static k =>
            // An undetermined grade below 较大 is reported like 较大以上 (R3: the 30-minute and 1-hour clocks), as the new-incident alert says
            // (初判一般（尚未确定，按较大报告）); the line said only 一般（数字不全，可能更高） (review s55, finding 9). One no rule of the grade table
            // established (12 trapped, nothing else known) is the plans' 暂时无法判明, as the assessment and the alert say it; the line said
            // 一般 (a construction duty officer's review, session 58).
            $"{k.Term}：{(k.Unjudged ? $"{Assessment.GradeResult.UnjudgedLabel}（按较大以上报告）" : k.Grade is { } g ? Names.Chinese(g) : "未定")}"
            + (k.GradeDetermined || k.Unjudged ? "" : k.Grade < Grade.RelativelySerious ? "（数字不全，可能更高；按较大报告）" : "（数字不全，可能更高）") + "；"
            // No level reached by the known figures, others unknown: that no level is called for cannot be said (N 5.4.1 starts Ⅳ when one of its
            // cases holds; with none known it is not known that none holds). It read 不启动市级响应（数字不全，可能更高） (a duty officer's review, s53).
            + "响应：" + (k.Level is { } l ? Names.Chinese(l) + (k.LevelDetermined ? "" : "（数字不全，可能更高）")
                : k.LevelDetermined ? "不启动市级响应" : Assessment.LevelResult.UndeterminedNone));

    /// <summary>
    /// The warnings still in force when a 终报 closes the incident: it closes with them standing, and nothing said so (a red approved by the
    /// province left in force with nobody reminded; a duty officer's review, session 54). R 4.6 "按照“谁发布、谁解除”的原则,由发布单位及时解除
    /// 预警": the closing does not lift them, their issuer does, on the closed incident as before. Said, not refused: the fog may outlast the
    /// accident. Empty when none is in force.
    /// </summary>
    private string WarningsLeftInForce()
    {
        var inForce = _state.Warnings.Where(w => w.Snapshot.State is WarningState.Issued or WarningState.Adjusted)
            .Select(w => w.Snapshot.Colour is { } c ? Names.Chinese(c) + "预警" : "预警").ToArray();
        if (inForce.Length == 0)
        {
            return "";
        }

        var lifted = _plan.Warnings?.LiftedBy is { Clause.Length: > 0 } l ? $"，{l.Clause}" : "";
        return $"（{string.Join("、", inForce)}仍在发布：事件关闭不解除预警，由发布单位评估后解除{lifted}）";
    }

    /// <summary>
    /// When the level in force is above the one a report's settled figures call for (Ⅰ in force, the figures corrected to Ⅱ's): the line's
    /// 响应：Ⅱ级 read as if the response had changed, and nothing said the level in force was above it (R 5.7 "由启动响应的主体按照需要调整响应
    /// 级别,避免响应不足或响应过度"; a duty officer's review, session 54). Said, never decided: the body that activated it judges. Empty otherwise.
    /// </summary>
    private string AboveTheReport(AssessedOutcome a)
    {
        // After the termination the line's 响应：Ⅰ级 read as if Ⅰ were still in force (N 5.7; a natural-disaster duty officer's review, session
        // 61, ND-09): it is the level the figures call for, and the response has ended.
        if (_state.Response.State == ResponseState.Terminated && _state.Response.Level is { } ended)
        {
            var at = _state.Response.Decisions.LastOrDefault(d => d.Trigger == nameof(ResponseTrigger.Terminate))?.At;
            return $"（{Names.Chinese(ended)}响应已{(at is { } t ? $"于{CityTime.DayMinute(t)}" : "")}终止；以上为按已报数字应启动的级别）";
        }

        if (_state.Response.State != ResponseState.Active || _state.Response.Level is not { } inForce || Rank(a.Level) >= Rank(inForce))
        {
            return "";
        }

        // With figures unknown the level may still be the one in force: what is said is what the known figures call for.
        var said = a.Level is null
            ? a.LevelDetermined ? "：按本次报告已达不到启动条件" : "：按已知数字未达到启动条件（数字不全）"
            : a.LevelDetermined ? "高于按本次报告应启动的级别" : "高于按已知数字应启动的级别（数字不全）";
        return $"（现行{Names.Chinese(inForce)}响应{said}，由启动响应的主体研判是否调整" + (_plan.Response.Adjustment is { } adjustment ? $"，{adjustment.Clause}）" : "）");
    }

    // Plan's term × grade × level × known: a few dozen texts for every timeline entry an assessment writes.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Term, Grade? Grade, bool GradeDetermined, bool Unjudged, ResponseLevel? Level, bool LevelDetermined), string> Summaries = new();

    /// <summary>
    /// A grade not determined that no rule of the plan's grade table established (<see cref="Assessment.GradeResult.Unjudged"/>, read from what the
    /// report recorded: its <c>because</c> holds the response's rules and then the grade's).
    /// </summary>
    private bool Unjudged(AssessedOutcome a)
    {
        if (a.GradeDetermined || a.Grade is null || _plan.Grade is not { } table)
        {
            return false;
        }

        foreach (var because in a.Because)
        {
            foreach (var rule in table.Rules)
            {
                if (rule.Id == because.Rule)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>The repeat period a duty scheduled now runs at: its special one while special circumstances hold, else its own (null: not repeating).</summary>
    private string? CadenceNow(string? every, string? specialEvery) =>
        every is null ? null : _state.SpecialCircumstances && specialEvery is not null ? specialEvery : every;

    /// <summary>A time for people in Jincheng, in the city's clock (not the offset the reporter wrote the occurrence in: "…Z" put the timeline 8 hours off).</summary>
    private static string Local(DateTimeOffset at) => Contract.CityTime.Minute(at);

    /// <summary>
    /// Who commands on site now (C 4.2): the taker of the last handover recorded, else the one the plan names first
    /// (施工总承包单位项目负责人), without the plan's gloss in brackets; empty where the plan names nobody on site.
    /// </summary>
    public string OnSiteCommander() =>
        _state.CommandHandovers.Count > 0 ? _state.CommandHandovers[^1].TakenBy : ClockEvents.FirstOnSiteCommander(_plan);

    /// <summary>The timeline's words for a termination: whether the plan's conditions were confirmed, and which.</summary>
    private string TerminationText(ResponseTerminated t, bool endProposed)
    {
        // N 2.2(2) 市安委办……提出……终止建议: the end the office proposed is adopted by this termination.
        var superior = BySuperior(Response.Decisions[^1], Response.Level, "终止") + NotAdopted(Response.Decisions[^1])
            + (endProposed ? $"（采纳{ActivationAuthority.OrganOf(Response.Decisions.Last(d => d.Trigger == nameof(ResponseTrigger.ProposeTermination)).Actor.RoleId)}终止响应的建议）" : "");
        // The level ended is named (Ⅱ级响应终止), as the activation and adjustment entries name theirs (a natural-disaster duty officer's review).
        // C 4.3.2(2) 委托副指挥长, 4.6: ended on the commander's delegation, said as a delegated decision is (启动Ⅱ级响应（受市指挥部指挥长委托）).
        var ended = (Response.Level is { } level ? Names.Chinese(level) : "") + "响应终止" + Delegated(t.By);
        return (_plan.Response.Termination, t.ConditionsConfirmed) switch
        {
            (null, _) => $"{ended}{superior}{DecidedEarlier(t.DecidedAt)}：{t.Reason}",
            ({ } c, true) => $"{ended}（已确认终止条件：{string.Join("；", c.Conditions)}）{superior}{DecidedEarlier(t.DecidedAt)}：{t.Reason}",
            _ => $"{ended}（未确认预案规定的终止条件）{superior}{DecidedEarlier(t.DecidedAt)}：{t.Reason}",
        };
    }

    /// <summary>
    /// What the timeline says when a role above the one whose level it was ends or lowers it (the 指挥长 ending the Ⅱ his 副指挥长 decided,
    /// R 5.3.2, 5.7 由相应启动应急响应的指挥机构宣布应急响应终止): who decided the level, and that the decider acts as the higher rank of the same
    /// organ (decision 0003); empty when the decider is the body itself.
    /// </summary>
    private string BySuperior(LifecycleDecision decision, ResponseLevel? level, string verb)
    {
        if (decision.StartedBy is not { } startedBy)
        {
            return "";
        }

        var decided = $"（{(level is { } l ? Names.Chinese(l) : "")}响应由{_plan.RoleNames.Of(startedBy.RoleId)}{Delegated(startedBy)}决定，";
        if (level is { } own && !ActivationAuthority.RolesAbove(startedBy.RoleId).Contains(decision.Actor.RoleId, StringComparer.Ordinal)
            && ActivationAuthority.HoldsTheLevelsOwnAuthority(decision.Actor, own))
        {
            // N 5.7 按启动响应的相关权限终止响应: the level's own body, not a rank above the one that decided it (ADR 0003 #86).
            return decided + $"由{_plan.RoleNames.Of(decision.Actor.RoleId)}按{Names.Chinese(own)}响应的启动权限{verb}）";
        }

        var organ = ActivationAuthority.OrganOf(decision.Actor.RoleId);
        return decided + $"由{_plan.RoleNames.Of(decision.Actor.RoleId)}作为{organ}的上级领导{verb}）";
    }

    private static string ColourText(WarningColour? colour) => colour is { } c ? Names.Chinese(c) : "";

    /// <summary>
    /// What <paramref name="a"/> concluded; <paramref name="last"/> itself when it concluded the same (most reports change no
    /// grade, level or rule): the incident keeps every report's outcome for its whole life, so equal ones are one object.
    /// </summary>
    private static AssessedOutcome Outcome(Assessment.Assessment a, AssessedOutcome? last)
    {
        var grade = a.Grade?.Value;
        var gradeDetermined = a.Grade?.Determined ?? true;
        var gradeBecause = a.Grade?.Because ?? [];
        if (last is not null && last.Grade == grade && last.GradeDetermined == gradeDetermined && last.Level == a.Response.Level
            && last.LevelDetermined == a.Response.Determined && last.Because.Count == a.Response.Because.Count + gradeBecause.Count)
        {
            var same = true;
            for (var i = 0; same && i < last.Because.Count; i++)
            {
                var rule = i < a.Response.Because.Count ? a.Response.Because[i] : gradeBecause[i - a.Response.Because.Count];
                same = last.Because[i] == Ref(rule);
            }

            if (same)
            {
                return last;
            }
        }

        return new(grade, gradeDetermined, a.Response.Level, a.Response.Determined, Refs(a.Response.Because.Concat(gradeBecause)));
    }

    private static RuleRef[] Refs(IEnumerable<Rule> rules) => rules.Select(Ref).ToArray();

    /// <summary>One reference per rule of a loaded plan (a record: equal to any other reference to the same rule).</summary>
    private static RuleRef Ref(Rule rule) => RefsByRule.GetValue(rule, static r => new RuleRef(r.Id, r.Clause, r.Words));

    /// <summary>A road warning rule as a reference (R 4.3.2(1) and its words).</summary>
    private static RuleRef Ref(WarningRule rule) => new(rule.Id, rule.Clause, rule.Words);

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Rule, RuleRef> RefsByRule = [];

    /// <summary>What the timeline says of a decision made on the commander's delegation (C 4.3.2(2) 委托副指挥长), which the actor's name alone does not.</summary>
    private string Delegated(LifecycleActor by) => by.DelegatedByCommander ? _plan.RoleNames.DelegatedByCommander : "";

    /// <summary>What the timeline adds to a decision that settled the office's proposal of another level without adopting it.</summary>
    private static string NotAdopted(LifecycleDecision decision) =>
        Names.TryParseLevel(decision.ProposalNotAdopted, out var level) ? $"（未采纳提出的{Names.Chinese(level)}响应建议）" : "";

    /// <summary>What the timeline adds to a proposal or a decline while a level is in force: that level stays in force meanwhile.</summary>
    private static string Continues(ResponseLevel? inForce) => inForce is { } l ? $"（{Names.Chinese(l)}响应继续实施）" : "";

    private static int Rank(Grade? grade) => grade is { } g ? (int)g + 1 : 0;

    private static int Rank(ResponseLevel? level) => level is { } l ? (int)l : 0;

}
