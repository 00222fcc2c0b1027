using System.Globalization;
using EmergencyPlans.Application.Feeds;
using EmergencyPlans.Application.Incidents;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Lifecycles;
using EmergencyPlans.Core.Plans;

namespace EmergencyPlans.Application.Alerts;

/// <summary>
/// Which alerts an incident calls for at an instant: derived from its log (opening, escalation
/// recommendations), its current view (duty statuses as <see cref="IncidentReader"/> derives them,
/// and the assessment's road warning) and nothing else. Pure: the same incident and instant give the
/// same alerts with the same keys, so a re-scan raises nothing new.
/// </summary>
public static class AlertRules
{
    /// <summary>How much of the incident's nature an alert's title carries; the text carries all of it.</summary>
    public const int TitleNatureLength = 40;

    /// <summary>The alerts <paramref name="view"/> calls for now; <paramref name="events"/> is its log.</summary>
    /// <param name="view">The incident as a duty officer reads it at <paramref name="now"/>.</param>
    /// <param name="events">Its log.</param>
    /// <param name="now">The service clock's now.</param>
    /// <param name="raisedBy">The instance raising them.</param>
    /// <param name="plan">The incident's plan: its feed intake rule (the rule a withdrawn record's incident was opened under) and who decides
    /// each level (a standing proposal's decider).</param>
    /// <param name="sentAt">When the sender changed its record to what a feed message says (122's <c>updatedAt</c>), by the message's id, for
    /// the messages that withdrew a record (<see cref="CancellingMessage"/>): the feed-cancelled alert names it. A message not in it (none
    /// given, or its line not found) gives the time its event was recorded, as before.</param>
    /// <param name="duplicates">For an incident a feed record opened: the open incidents it may duplicate (<see cref="FeedDuplicates"/>), which its
    /// new-incident alert names; null or empty for none.</param>
    public static IReadOnlyList<NewAlert> Derive(IncidentView view, IReadOnlyList<StoredEvent> events, DateTimeOffset now, string raisedBy,
        Plan? plan = null, IReadOnlyDictionary<string, DateTimeOffset>? sentAt = null, IReadOnlyList<FeedNearbyIncident>? duplicates = null)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(events);
        var intake = plan?.FeedIntake;
        var alerts = new List<NewAlert>();
        var prefix = view.Drill ? "【演练】" : "";
        // The grade as the plan names it (突发事件等级, 事故等级, 灾害等级).
        var term = plan?.GradeTerm ?? "事件等级";
        var where = Where.Of(view.County, string.IsNullOrEmpty(view.Place) ? null : view.Place);

        NewAlert Alert(string key, string kind, string title, string text, AlertCause cause, AlertDetails details, string? dutyKey = null, DateTimeOffset? dueAt = null) =>
            new(key, kind, view.Id, view.PlanId, view.Drill, now, raisedBy, prefix + title, prefix + text, cause, dutyKey, dueAt, details);

        // A feed alert's cause: the plan's feed intake rule (road 5.1.1 …核实情况), else what the sender did.
        AlertCause IntakeCause(string happened) => intake is not null
            ? new AlertCause(view.PlanId, "feed-intake", intake.Clause, intake.Words)
            : new AlertCause(view.PlanId, "feed-intake", "", happened);

        // (a) a new plan incident and the duties its first report started.
        IncidentOpened? opened = null;
        var started = new List<AlertDuty>();
        var startedSaid = new List<DutyName>();
        // Each rise, with the figures known at its version and the feed message of the report that raised it (null over REST).
        // With it, the level in force then (null when none) and whether one had been started before (ended since): the event's From is the level
        // the figures called for, which no one may have started (a natural-disaster duty officer's review, session 61, ND-07).
        var escalations = new List<(EscalationRecommended Event, long Version, ReportedFigures Figures, ReportSource? Sent, ResponseLevel? InForce, bool Ended)>();
        (ResponseLevel? Level, bool Ended) response = (null, false);
        var figures = ReportedFigures.None;
        (ReportSource? Source, long Version) report = (null, 0);
        ResponseProposed? proposal = null;
        // Each correction of the occurrence time, with the duties its command rescheduled (the same version).
        var corrections = new List<(OccurrenceCorrected Corrected, long Version, List<ObligationRescheduled> Moved)>();
        // When each duty arose, and at which version (a key is the incident's once: a later instance is #n): a duty owed at once is due then.
        var arose = new Dictionary<string, (DateTimeOffset At, long Version)>(StringComparer.Ordinal);
        // The keys of the duties each version raised, in order: a grade declared with Ⅰ in force says the duties its report started (ND-08).
        var raisedAt = new Dictionary<long, List<string>>();
        // Each warning found below the colour a report calls for (one per colour required, the incident raises it so).
        var belowThePlan = new List<WarningBelowThePlan>();
        // The sender's withdrawals, per record (the first message of each run of cancelled ones of a record; an incident may have several
        // records, the one that opened it and those a duty officer tied to it), and the messages that sent a withdrawn record again, not
        // cancelled: a message of another record neither reinstates a record nor overtakes its withdrawal (a 122 integrator's review, s62
        // F62-04). The records standing withdrawn after the last message filed, in the order withdrawn; those that stand, not withdrawn.
        var withdrawals = new Dictionary<string, (ReportSource Message, DateTimeOffset At)>(StringComparer.Ordinal);
        var live = new HashSet<string>(StringComparer.Ordinal);
        var reinstatements = new List<(ReportSource Withdrawn, DateTimeOffset WithdrawnAt, ReportSource Again, DateTimeOffset At)>();
        // The place (county, road number) each 122 record last gave on this incident, from its opening (the incident's own) or its continuations'
        // summaries; and the messages that gave another than the incident's and than the record's before: 122 moved the accident (s62 F62-07).
        var ownPlace = (County: view.County ?? "", Road: FeedDuplicates.RoadCode(view.Place));
        var placeSaid = new Dictionary<string, (string County, string? Road)>(StringComparer.Ordinal);
        var placeMoves = new List<(ReportSource Message, string County, string? Place, DateTimeOffset At)>();
        foreach (var stored in events)
        {
            var e = IncidentEventLog.FromStored(stored);
            if (e is IncidentOpened { Source: { } first })
            {
                placeSaid[first.Reference] = ownPlace;
            }
            else if (e is ReportFiled { Source: { Channel: FeedIngestor.Channel } by } filedBy && FeedIngestor.PlaceOfContinuation(filedBy.Summary) is var (county, place))
            {
                var road = FeedDuplicates.RoadCode(place);
                var before = placeSaid.GetValueOrDefault(by.Reference, ownPlace);
                if ((county != ownPlace.County || !FeedDuplicates.SameRoad(place, view.Place)) && (county != before.County || road != before.Road))
                {
                    placeMoves.Add((by, county, place, e.At));
                }

                placeSaid[by.Reference] = (county, road);
            }

            var source = (e as IncidentOpened)?.Source ?? (e as ReportFiled)?.Source;
            if (source is { Status: FeedStatuses.Cancelled })
            {
                live.Remove(source.Reference);
                // When 122 withdrew it (the message's updatedAt), not when the service received it: a late delivery put the
                // withdrawal hours late (session 46's review).
                withdrawals.TryAdd(source.Reference, (source, sentAt is not null && sentAt.TryGetValue(source.MessageId, out var sent) ? sent : e.At));
            }
            else if (source is not null)
            {
                live.Add(source.Reference);
                if (withdrawals.Remove(source.Reference, out var was))
                {
                    reinstatements.Add((was.Message, was.At, source, e.At));
                }
            }

            switch (e)
            {
                case IncidentOpened o:
                    opened = o;
                    figures = o.Report.Figures;
                    break;
                case ReportFiled filed:
                    figures = figures.Merge(filed.Reported.Figures);
                    report = (filed.Source, stored.Version);
                    break;
                case ObligationRaised raised:
                    arose[raised.Key] = (raised.At, stored.Version);
                    (raisedAt.TryGetValue(stored.Version, out var keys) ? keys : raisedAt[stored.Version] = []).Add(raised.Key);
                    if (stored.Version == 1)
                    {
                        started.Add(new AlertDuty(raised.Key, raised.Code, raised.Reporter, raised.To, raised.DueAt, raised.Clause, raised.Words));
                        startedSaid.Add(DutyWords.Of(raised.To, raised.Act, raised.Start, raised.Words, raised.Key, raised.Every, raised.County));
                    }

                    break;
                case EscalationRecommended x:
                    escalations.Add((x, stored.Version, figures, report.Version == stored.Version ? report.Source : null, response.Level, response.Ended));
                    break;
                case ResponseActivated activated:
                    response = (activated.Level, false);
                    break;
                case ResponseAdjusted adjusted:
                    response = (adjusted.Level, false);
                    break;
                case ResponseTerminated:
                    response = (null, true);
                    break;
                case ResponseProposed p:
                    proposal = p;
                    break;
                case WarningBelowThePlan b:
                    belowThePlan.Add(b);
                    break;
                case OccurrenceCorrected c:
                    corrections.Add((c, stored.Version, []));
                    break;
                // Only the correction's own moves: a 续报 that carries the correction also moves the next day's 续报 later (每日至少续报1次),
                // which the alert listed as a deadline the correction brought forward.
                case ObligationRescheduled r when r.Reason == ObligationRescheduled.OccurrenceCorrection && corrections.Count > 0 && corrections[^1].Version == stored.Version:
                    corrections[^1].Moved.Add(r);
                    break;
            }
        }

        // A title names the incident in a line of an alert list; the text keeps the whole nature (a 122 record's runs to hundreds of characters).
        var subject = where + TitleNature(view.Nature, opened?.Source);

        if (opened is not null)
        {
            var first = opened.Assessed.Because.Count > 0 ? opened.Assessed.Because[0] : null;
            var cause = first is not null
                ? new AlertCause(view.PlanId, first.Rule, first.Clause, first.Words)
                : started.Count > 0 ? new AlertCause(view.PlanId, started[0].Code, started[0].Clause, started[0].Words)
                : new AlertCause(view.PlanId, "incident-opened", "", view.Nature);
            // As the incident's own assessment says the grade (DOMAIN R3; a feed integrator's review, session 52: the incident read 暂时无法判明
            // and its alert 初判一般（尚未确定）, which a duty officer reads as minor): no figure the grade table reads is known yet (the incident
            // still says so, figures only ever being added), or what the known ones give and how it is reported meanwhile.
            var grade = opened.Assessed.Grade is not { } g ? ""
                : opened.Assessed.GradeDetermined ? $"，初判{Names.Chinese(g)}"
                : view.Assessment?.Grade is { Label: Core.Assessment.GradeResult.UnjudgedLabel } ? $"，{term}{Core.Assessment.GradeResult.UnjudgedLabel}（按较大以上报告）"
                : $"，初判{Names.Chinese(g)}（尚未确定{(g < Grade.RelativelySerious ? "，按较大报告" : "")}）";
            // What the figures call for, not a level in force (none is, yet); with figures missing only at least that (DOMAIN R3).
            // None reached by the known figures, others unknown: said so, as the incident's timeline does (an N slide with nothing known said
            // nothing of the level; a duty officer's review, session 53).
            var level = opened.Assessed.Level is { } l ? $"，达到{Names.Chinese(l)}响应条件{(opened.Assessed.LevelDetermined ? "" : "（数字不全，可能更高）")}"
                : opened.Assessed.LevelDetermined ? "" : "，" + Core.Assessment.LevelResult.UndeterminedNone;
            // Who decides that level, as an escalation says it (a feed integrator's review, session 52: an incident opened at Ⅰ told no one
            // who must activate it; only a later rise did).
            var levelRule = opened.Assessed.Level is { } ll ? plan?.Response.Find(ll) : null;
            var decide = levelRule is null ? "" : $"须由{levelRule.Authority}决定是否启动（{levelRule.Clause}）。";
            // The duties the first report started, at the due time in force now: a correction of the occurrence (a 122 record's occurredAt
            // in the same batch as its call) moved them before the scan, and the text said 05:48 beside a deadline counted from 06:03. One
            // already met (the 122 call the record itself is, met at its callAt) is said so: it led a list of duties to act on.
            // One whose due time has passed unmet when the alert is raised (an incident opened after the occurrence's 30 minutes) is said 已超时,
            // as the deadlines-brought-forward alert says it: it read 截止12-07 19:59 beside an alert raised at 20:14 (a construction duty
            // officer's review, session 58, #12).
            var inForce = started.Select(d => view.Obligations.FirstOrDefault(o => o.Key == d.Key) is { DueAt: { } due } ? d with { DueAt = due } : d).ToList();
            var duties = inForce.Count == 0 ? "无" : string.Join("；", inForce.Select((d, i) => Duty(d, startedSaid[i])
                + (view.Obligations.FirstOrDefault(o => o.Key == d.Key) switch
                {
                    { MetAt: { } metAt } => $"（已于{CityTime.DayMinute(metAt)}{startedSaid[i].Done}）",
                    { Status: "overdue" } => "（已超时）",
                    _ => "",
                })));
            var corrected = view.OccurredAt != opened.OccurredAt
                ? $"事发时间已由{OccurredText(opened.OccurredAt)}更正为{OccurredText(view.OccurredAt)}，时限按更正后的时间计。"
                : "";
            // Another open incident of the same accident, maybe (a county's call opened over REST, 122's record opening this one): said last,
            // with how the office keeps one (session 56).
            // The reverse too: an incident the office opened beside one a 122 record opened (session 57).
            var duplicate = duplicates is not { Count: > 0 } ? ""
                : opened.Source is { } record ? FeedDuplicates.Said(duplicates, record.Record)
                : FeedDuplicates.SaidOfRecords(duplicates, view.Id);
            // A question the plan puts to the office whose "yes" owes more, sooner (C 4.1(二) 较大涉险事故: the 30-minute phone report), as the card
            // and the incident's assessment put it: the alert listed only the 1-hour report of a settled 一般, and by the time anyone read the
            // question on the card the 30 minutes could be gone (a construction duty officer's review, session 58, finding 2).
            var toJudge = view.Assessment?.JudgementsToConsider is { Count: > 0 } open ? "待研判：" + string.Concat(open.Select(j => j.Text)) : "";
            var toAsk = UnknownsSaid(view, plan);
            alerts.Add(Alert(
                $"{view.Id:D}:{AlertKinds.NewIncident}",
                AlertKinds.NewIncident,
                $"新预案事件：{subject}",
                $"{view.PlanDocumentNumber}：{OccurredText(view.OccurredAt)}{where}发生{view.Nature}{grade}{level}。{decide}{toAsk}{LeadPlans(view, asked: true)}{corrected}启动职责：{duties}。{toJudge}{duplicate}",
                cause,
                new AlertDetails
                {
                    Duties = inForce, ToGrade = opened.Assessed.Grade is { } og ? Names.Of(og) : null, ToLevel = opened.Assessed.Level is { } ol ? Names.Of(ol) : null,
                    DecidedBy = levelRule is null ? null
                        : new AlertAuthority(levelRule.ActivatedBy, [.. levelRule.ActivatedBy.Select(r => plan!.RoleNames.Of(r))], levelRule.DelegationRequired, levelRule.Authority,
                            levelRule.Clause, levelRule.Words),
                    PossibleDuplicateOf = duplicate.Length > 0 ? [.. duplicates!.Select(d => d.Id)] : null,
                }));
        }

        // (b) each rise in grade or level: a recommendation, and who must decide it; and the office's proposal when one stands (提出启动……响应建议,
        // 由……决定), so the decider knows it waits on him.
        // A proposal stands while nothing is decided on it: Proposed, or a higher level proposed while one is in force (N 5.2.2).
        var standing = view.Response.ProposedLevel is not null ? proposal : null;
        foreach (var (x, version, known, sent, inForce, ended) in escalations)
        {
            var because = x.Because.Count > 0 ? x.Because[0] : new RuleRef("escalation", x.AuthorityClause ?? "", x.Recommendation);
            var names = x.ActivatedBy.Select(r => plan?.RoleNames.Of(r) ?? RoleCatalogue.Find(r)?.ChineseName ?? r).ToArray();
            // The plan's own words for who decides (road: 市指挥部指挥长或副指挥长), else its names for the posts (roleNames).
            var decide = x.Authority is not null
                ? $"须由{x.Authority}决定（{x.AuthorityClause}：{x.AuthorityWords}）"
                : names.Length > 0 ? $"须由{string.Join("或", names)}决定" : "请值班领导研判是否调整响应";
            // The step the plan puts before the decision, where its data has one for the level (R 5.3.1/5.3.2 启动程序 "市指挥部办公室接到报告后,
            // 经分析研判,向市指挥部提出启动Ⅰ级应急响应的建议,由市指挥部指挥长决定启动Ⅰ级响应"; C 4.3.x(2); N 5.x.2): who proposes it, said before who
            // decides, unless that proposal already stands (said below). The alerts named the decider only, and the officer's next call at night is
            // to the 办公室主任 (a road duty officer's review, session 59, finding 6). Not for a level the plan has no proposal for (road Ⅲ, N Ⅳ).
            var proposer = ProposalStep(x, plan, standing);
            if (proposer is { } step)
            {
                // The clause only: the decider's words follow, and the proposal's are in details.proposedBy (they would say 提出启动…建议 as
                // though a proposal stood).
                // And who carries it to the decider where the plan has someone do so (N 5.2.2 "市安委会副主任(分管安全工作副市长)报主任决定"): the
                // officer's call after the office's is to the 副主任, not the 主任 (review s61, ND-05).
                var relay = x.ToLevel is { } proposedLevel ? plan?.ProposalRelaySaid(proposedLevel) : null;
                decide = $"由{step.Authority}提出建议（{step.Clause}），{(relay is null ? "" : relay + "，")}{decide}";
            }

            // The event carries both pairs whichever rose: name only what rose. Deaths 1 → 1 dead and 2 missing raised the
            // response Ⅲ→Ⅱ with the grade still 一般, and the title said "等级上升：…（事件等级一般→一般，响应Ⅲ级→Ⅱ级）".
            var gradeRose = x.ToGrade is { } rg && (x.FromGrade is not { } rfg || rg > rfg);
            var levelRose = x.ToLevel is { } rl && (x.FromLevel is not { } rfl || rl > rfl);
            var rise = string.Join("，", new[]
            {
                // 未定, as the incident's timeline says a grade not declared (灾害等级：未定); it read 未定级 (ND-08).
                gradeRose ? $"{term}{(x.FromGrade is { } fg ? Names.Chinese(fg) : "未定")}→{Names.Chinese(x.ToGrade!.Value)}" : null,
                levelRose ? LevelChange(x.FromLevel, x.ToLevel!.Value, inForce, ended) : null,
            }.Where(s => s is not null));
            // Missing people who may be dead leave a settled 一般 undetermined (DOMAIN R3): reported like 较大 from now, said beside the rise.
            var undetermined = x.GradeNowUndetermined == true;
            if (undetermined)
            {
                // "突发事件等级一般暂时无法判明" read as "the grade generally cannot be judged": say what it was and what it is now.
                var settled = x.FromGrade ?? x.ToGrade;
                rise = string.Join("，", new[] { rise, $"{term}{(settled is { } ug ? $"由{Names.Chinese(ug)}变为" : "")}暂时无法判明，按较大以上报告" }.Where(s => s.Length > 0));
            }

            // A level activated below the plan's (the event's From is the level in force): nothing rose, the office chose less.
            var below = x.BelowThePlan == true;
            if (below)
            {
                rise = $"已启动{Names.Chinese(x.FromLevel!.Value)}响应，预案规定{Names.Chinese(x.ToLevel!.Value)}";
            }

            // A grade that rose while Ⅰ is in force (the highest level: N 5 "其中Ⅰ级为最高级别", C 4.3, R 5.3 likewise) leaves no level to review:
            // nobody is asked to 研判是否调整响应, and the duties the report started are said instead. It asked 请复核响应级别…请值班领导研判是否调整响应
            // of a 重大 declared at Ⅰ (a natural-disaster duty officer's review, session 61, ND-08).
            // Likewise, at any level, under a plan whose levels the grade does not set (N: no grade table; the declared 重大 changes the reporting).
            var atTop = gradeRose && !levelRose && !below && (inForce == ResponseLevel.I || plan is { Grade: null });
            if (atTop && x.Authority is null && names.Length == 0)
            {
                decide = DutiesStarted(raisedAt.GetValueOrDefault(version), view.Obligations);
            }

            var what = (gradeRose, levelRose) switch
            {
                _ when below => "响应级别低于预案规定",
                (true, true) => $"{term}、响应级别上升",
                (true, false) => $"{term}上升",
                (false, true) when undetermined => $"响应级别上升、{term}暂时无法判明",
                (false, true) => "响应级别上升",
                _ when undetermined => $"{term}暂时无法判明",
                // Not raised by the engine (it raises the event only on a rise); kept for an event read from an older log.
                _ => "等级上升",
            };
            // The recommendation names who decides in passing (建议将响应提升至Ⅱ级（由…决定）); the sentence after says it with the plan's
            // clause and words, so the text said it twice.
            var recommendation = x.Authority is { } decider ? x.Recommendation.Replace($"（由{decider}决定）", "", StringComparison.Ordinal) : x.Recommendation;
            if (atTop)
            {
                // As the incident's escalation says it since session 61 (an event written before says 请复核响应级别和报告义务).
                recommendation = $"{term}升至{Names.Chinese(x.ToGrade!.Value)}：{(inForce == ResponseLevel.I ? Names.TopLevelInForce : Names.LevelNotByDeclaredGrade)}";
            }
            // The figures that raised it, as the report that did gave them (死亡12人): the title names the incident by its first report's
            // nature, and the clause's words (10人以上失联、死亡) say the threshold, not how many are dead now.
            var counted = FiguresSaid(x, known, plan);
            var owedNow = OwedAtOnce(view.Obligations);
            var reported = counted.Length == 0 ? "" : sent is { } by ? $"据{Sent(by)}：{counted}。" : $"现报{counted}。";
            alerts.Add(Alert(
                $"{view.Id:D}:{AlertKinds.Escalation}:{(x.ToGrade is { } kg ? Names.Of(kg) : "-")}:{(x.ToLevel is { } kl ? Names.Of(kl) : "-")}{(undetermined ? ":undetermined" : "")}{(below ? $":below:{Names.Of(x.FromLevel!.Value)}:v{version}" : "")}",
                AlertKinds.Escalation,
                rise.Length > 0 ? $"{what}：{subject}（{rise}）" : $"{what}：{subject}",
                $"{(rise.Length > 0 && !below ? rise + "。" : "")}{(below ? "" : reported)}{recommendation}。{(below ? reported : "")}{(standing is { } p && p.Level == x.ToLevel ? Proposal(p, x, plan) + "。" : "")}{(decide.Length == 0 ? "" : decide + "。")}{(standing is { } q && q.Level != x.ToLevel ? Proposal(q, x, plan) + "。" : "")}{(x.Because.Count > 0 ? $"依据{because.Clause}：{because.Words}。" : "")}{LeadPlans(view, asked: false)}{GradeAsked(x, inForce, view, term)}{owedNow}",
                new AlertCause(view.PlanId, because.Rule, because.Clause, because.Words),
                new AlertDetails
                {
                    FromGrade = x.FromGrade is { } a ? Names.Of(a) : null, ToGrade = x.ToGrade is { } b ? Names.Of(b) : null,
                    FromLevel = x.FromLevel is { } c ? Names.Of(c) : null, ToLevel = x.ToLevel is { } d ? Names.Of(d) : null,
                    LevelInForce = inForce is { } f ? Names.Of(f) : null,
                    DecidedBy = new AlertAuthority(x.ActivatedBy, names, x.DelegationRequired, x.Authority, x.AuthorityClause, x.AuthorityWords),
                    ProposedBy = proposer,
                }));
        }

        // (c), (d) duties due within 10 minutes or overdue: the status is the reader's, never derived twice.
        // Periods of one repeating duty overdue together alert once, as the latest of them (see MissedPeriods).
        var missed = MissedPeriods(view.Obligations);
        foreach (var o in view.Obligations)
        {
            if (o.DueAt is not { } due || (o.Status != "due-soon" && o.Status != "overdue"))
            {
                continue;
            }

            var overdue = o.Status == "overdue";
            var periods = overdue && o.Every is not null && missed.TryGetValue(RepeatingDuties.Chain(o.Code), out var chain) ? chain : null;
            if (periods is not null && !ReferenceEquals(periods[^1], o))
            {
                continue;
            }

            var kind = overdue ? AlertKinds.DutyOverdue : AlertKinds.DutyDueSoon;
            var duty = new AlertDuty(o.Key, o.Code, o.Reporter, o.To, due, o.Clause, o.Words);
            var said = o.Said();
            var earlier = periods is { Count: > 1 }
                ? $"该职责已连续{periods.Count}期{said.NotDone}（最早一期应于{CityTime.DayMinute(periods[0].DueAt!.Value)}前），每期各需一次。"
                : "";
            // The title names the duty in a line of an alert list: what is done and to whom, and its period (the key stays in dutyKey).
            var named = said.Brief.Length > 0 ? said.Brief : said.Full;
            var minutes = (int)Math.Ceiling((due - now).TotalMinutes);
            alerts.Add(Alert(
                $"{view.Id:D}:{kind}:{o.Key}:{due.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}",
                kind,
                overdue ? $"职责已超时：{subject} {named}" : $"职责即将到期：{subject} {named}",
                overdue
                    ? $"{Duty(duty, said)}，到时{said.NotDone}，已超时。{earlier}"
                    : $"{Duty(duty, said)}，距截止还有{minutes}分钟。",
                new AlertCause(view.PlanId, o.Code, o.Clause, o.Words),
                new AlertDetails { Duties = periods is { Count: > 1 } ? [.. periods.Select(p => new AlertDuty(p.Key, p.Code, p.Reporter, p.To, p.DueAt, p.Clause, p.Words))] : [duty] },
                o.Key,
                due));
        }

        // (c') a duty owed now, with no due time, that a later command raised: one the plan owes at once (立即, 随即, 同时, 第一时间: timing
        // immediately; since session 59), the commander's Ⅰ (C 4.3.3(3)① "立即向市委、市政府、省住建部门及其他上级相关部门进行报告"), the phone
        // direct report recorded (4.1(二) "随即书面报告具体详情"), an orange warning issued (R 4.4.1 "同时上报上级主管部门"); or 及时 (timing
        // promptly; since session 60), the Ⅳ's report to the 副主任 (N 5.4.3(1) "有关情况及时上报市安委会副主任…并通报有关成员单位"), with the
        // duties of that timing whose words give no time word (N 5.4.2 "决定启动Ⅳ级响应,并向市安委会副主任…报告"; ADR 0003 convention 2).
        // Neither is ever due within 10 minutes nor past a due time, so (c) and (d) never named them, and the duty office was told of none (a
        // construction duty officer's review, session 58, finding 1; a drill facilitator's review, session 60, F1: 5.4.3(1)'s 及时上报 unmet two
        // hours at night; N 4.1.2 "坚决杜绝迟报、瞒报、漏报"). It is due now: a duty-due-soon whose dueAt is when it arose, live until it is done
        // or no longer needed (AlertOvertaking), said in the plan's time word (OwedNowWords). Not the duties of the first report (the
        // new-incident alert lists them), nor one a rise made owed 立即 because its time from the occurrence had passed, nor the office's
        // proposal a rise raised: that rise's escalation alert says them (须立即; 由…提出建议) and stays live for them.
        // One alert for the instances of a duty that one 续报 meets (R 5.1.2, C 4.1(三) "造成伤亡人数发生变化的,应立即续报": one owed per change): the
        // earliest owed says it, live until the 续报 meets them all; a 122 record updated 60 times before the office reported raised 59 alerts
        // "须立即履行", all met by one report (a 122 integrator's review, s62 F62-09). The duties stay one per change, as the plan owes them.
        var escalated = escalations.Select(e => e.Version).ToHashSet();
        HashSet<string>? saidOnce = null;
        foreach (var o in view.Obligations)
        {
            if (!OwedNowSince(o, arose, escalated, plan, out var since)
                || (plan?.DutyRule(o.Code, o.Clause, o.Words) is { MetBy: DutyMetBy.ContinuationReport } && !(saidOnce ??= new(StringComparer.Ordinal)).Add(o.Code)))
            {
                continue;
            }

            var said = o.Said();
            var named = said.Brief.Length > 0 ? said.Brief : said.Full;
            var decided = o.Start == DutyNames.Of(DutyStart.Activation) ? DecisionAt(view, since) : null;
            var (title, owed, from) = OwedNowWords(o, said);
            alerts.Add(Alert(
                $"{view.Id:D}:{AlertKinds.DutyDueSoon}:{o.Key}:{since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}",
                AlertKinds.DutyDueSoon,
                $"{title}：{subject} {named}",
                $"{o.Reporter}{said.Full}（{o.Clause}），{owed}：自{CityTime.DayMinute(since)}{(decided is null ? "" : $"（{decided}）")}{from}{said.Done}，尚未{said.Done}。",
                new AlertCause(view.PlanId, o.Code, o.Clause, o.Words),
                new AlertDetails { Duties = [new AlertDuty(o.Key, o.Code, o.Reporter, o.To, since, o.Clause, o.Words)] },
                o.Key,
                since));
        }

        // (g) the incident happened earlier than it held (a 122 record's occurredAt, unknown when its call opened it; a duty officer's
        // correction): the duties counted from the occurrence (事发后30分钟内) fall due sooner, perhaps already past. Once per correction
        // that brought a duty still owed forward; a correction to a later time relaxes them and raises nothing.
        foreach (var (corrected, version, moved) in view.Open ? corrections.Where(c => c.Corrected.OccurredAt < c.Corrected.Was) : [])
        {
            var owed = moved.Select(m => (Moved: m, Now: view.Obligations.FirstOrDefault(o => o.Key == m.Key)))
                .Where(d => d.Now is { Status: "pending" or "due-soon" or "overdue" }).ToArray();
            if (owed.Length == 0)
            {
                continue;
            }

            // Periods of one repeating duty already overdue are said once, as the latest of them with how many and the earliest due time, as the
            // overdue alert says them: a record received nine months late moved 279 daily 续报 periods, and the alert listed each with its quote.
            var duties = new List<AlertDuty>();
            var said = new List<string>();
            foreach (var chain in owed.GroupBy(d => d.Now!.Every is not null && d.Now.Status == "overdue" ? (Missed: true, Id: RepeatingDuties.Chain(d.Now.Code)) : (Missed: false, Id: d.Now.Key)))
            {
                var periods = chain.OrderBy(d => d.Moved.DueAt).ToArray();
                var (latest, held) = (periods[^1].Moved, periods[^1].Now!);
                var duty = new AlertDuty(held.Key, held.Code, held.Reporter, held.To, latest.DueAt, held.Clause, held.Words);
                var name = held.Said();
                if (periods.Length > 1)
                {
                    duty = duty with { Periods = periods.Length, FirstDueAt = periods[0].Moved.DueAt };
                    said.Add(Duty(duty, name) + $"（已超时，该职责已连续{periods.Length}期{name.NotDone}，最早一期应于{CityTime.DayMinute(periods[0].Moved.DueAt)}前）");
                }
                else
                {
                    said.Add(Duty(duty, name) + (held.Status == "overdue" ? "（已超时）" : ""));
                }

                duties.Add(duty);
            }

            var lines = string.Join("；", said);
            var first = duties[0];
            alerts.Add(Alert(
                $"{view.Id:D}:{AlertKinds.DeadlinesBroughtForward}:{version.ToString(CultureInfo.InvariantCulture)}",
                AlertKinds.DeadlinesBroughtForward,
                $"事发时间提前，时限随之提前：{subject}",
                $"事发时间更正：{(corrected.Source is { } s ? $"据{Sent(s)}，" : "")}由{OccurredText(corrected.Was)}改为{OccurredText(corrected.OccurredAt)}"
                + $"。自事发起算的职责时限随之提前：{lines}。",
                new AlertCause(view.PlanId, first.Code, first.Clause, first.Words),
                new AlertDetails { Duties = [.. duties] }));
        }

        // (f) the feed's sender withdrew the record the incident came from: the office verifies (the intake rule's clause) before it
        // goes on with duties and a response raised for what may be a false report. Once per incident, while it is open, and only while the
        // withdrawal stands: raised after 122 had sent the record again as open, it was the office's last word, and the office closed on it
        // (a feed integrator's review, session 52).
        // The incident rests on the withdrawn record alone when that record opened it and no other record of it stands: otherwise the duty office
        // opened it on its own report (a county's call, then 122's record tied to it), or another record of the accident stands, and the
        // withdrawal of one record (a duplicate call 122 merged into another) ends nothing: said so, without the advice to end the incident
        // as opened in error (a 122 integrator's review, s62 F62-05).
        if (view.Open && withdrawals.Count > 0)
        {
            var (w, withdrawnAt) = withdrawals.Values.MinBy(x => x.At);
            var cause = IntakeCause($"{w.Channel}接处警撤销了接警单");
            var alone = opened?.Source is { } openedBy && string.Equals(openedBy.Reference, w.Reference, StringComparison.Ordinal) && live.Count == 0;
            var others = string.Join("、", live.Order(StringComparer.Ordinal));
            alerts.Add(Alert(
                $"{view.Id:D}:{AlertKinds.FeedCancelled}",
                AlertKinds.FeedCancelled,
                $"{w.Channel}已撤销接警单：{subject}",
                $"{w.Channel}接处警于{CityTime.DayMinute(withdrawnAt)}将接警单{w.Reference}标为撤销（序号{w.Sequence.ToString(CultureInfo.InvariantCulture)}，消息{w.MessageId}），"
                + (alone
                    ? $"而据此立案的事件仍未关闭。请核实情况{(intake is null ? "" : $"（{intake.Clause}）")}：如确属误报或重复报警，已启动的响应先由启动者终止，再报终报并注明立案有误（enteredInError），未履行的报告职责随之不再需要。"
                    : (opened?.Source is null ? "该接警单系值班室关联到本事件的；本事件由值班室据报立案，" : "")
                      + (others.Length > 0 ? $"本事件关联的接警单{others}未撤销，" : "")
                      + $"事件不因此撤销，已报数字和报告职责照旧。请核实该接警单与本事件的关系{(intake is null ? "" : $"（{intake.Clause}）")}：如122系将重复报警并入其他接警单，无需处理。"),
                cause,
                new AlertDetails()));
        }

        // (g) the sender sent the record again, not cancelled, after withdrawing it, while the incident is open: the withdrawal no longer
        // stands, whatever a feed-cancelled alert said. Once per message that reinstated it.
        foreach (var (was, wasAt, again, againAt) in view.Open ? reinstatements : [])
        {
            var cause = IntakeCause($"{again.Channel}接处警恢复了接警单");
            alerts.Add(Alert(
                $"{view.Id:D}:{AlertKinds.FeedReinstated}:{again.MessageId}",
                AlertKinds.FeedReinstated,
                $"{again.Channel}已恢复接警单：{subject}",
                $"{again.Channel}接处警于{CityTime.DayMinute(wasAt)}将接警单{was.Reference}标为撤销（序号{was.Sequence.ToString(CultureInfo.InvariantCulture)}），"
                + $"其后又报来该接警单（序号{again.Sequence.ToString(CultureInfo.InvariantCulture)}，{(again.Status is { } st && FeedStatuses.Names.TryGetValue(st, out var said) ? said : "未撤销")}，"
                + $"消息{again.MessageId}，{CityTime.DayMinute(againAt)}收到）：撤销不再成立，事件继续按预案处置{(intake is null ? "" : $"，请核实情况（{intake.Clause}）")}。",
                cause,
                new AlertDetails()));
        }

        // (i) a 122 message named another county or road than the incident's (122 corrected where it happened): the duties are owed by the
        // office of the place where it happened (事发地, R 5.1.1; 2.6), so the office verifies it and the right county's office carries on. Once
        // per such message, while the incident is open; a record repeating the same place raises nothing more. The incident keeps its place.
        foreach (var (by, county, place, at) in view.Open ? placeMoves : [])
        {
            var countyDiffers = county != ownPlace.County;
            var roadDiffers = !FeedDuplicates.SameRoad(place, view.Place);
            var what = countyDiffers && roadDiffers ? "县（市、区）和道路" : countyDiffers ? "县（市、区）" : "道路";
            var clause = intake is null ? "" : $"（{intake.Clause}）";
            alerts.Add(Alert(
                $"{view.Id:D}:{AlertKinds.FeedPlaceChanged}:{by.MessageId}",
                AlertKinds.FeedPlaceChanged,
                $"{by.Channel}所报事发地与事件不同：{subject}（{by.Channel}现报{county}{FeedDuplicates.RoadCode(place)}）",
                $"{Sent(by)}（消息{by.MessageId}，{CityTime.DayMinute(at)}收到）报事发地为{county}{(place is null ? "" : " " + place)}，"
                + $"本事件立案为{ownPlace.County}{(string.IsNullOrEmpty(view.Place) ? "" : " " + view.Place)}：{what}不同。"
                + $"报警由事发地道路交通安全应急指挥部办公室核实情况、初步判定并上报{clause}。请核实事发地；如属实，由事发地{county}值班部门续报、接续处置。"
                + "本事件的县（市、区）和地点未随之更改。",
                IntakeCause($"{by.Channel}接处警更正了事发地"),
                new AlertDetails()) with { DispatchId = by.Reference });
        }

        // (h) a road warning in force below the colour a report calls for (R 4.3; 4.6 根据实际情况进行预警级别调整): who may approve the colour
        // required, as (b) says who decides a level below the plan's. Once per colour required, as the incident raises it; keyed so.
        foreach (var b in belowThePlan)
        {
            var because = b.Because.Count > 0 ? b.Because[0] : new RuleRef("warning-below-the-plan", b.ApprovalClause ?? "", b.Recommendation);
            var names = b.ApproverRoles.Select(r => plan?.RoleNames.Of(r) ?? RoleCatalogue.Find(r)?.ChineseName ?? r).ToArray();
            var (inForce, required) = (Names.Chinese(b.InForce), Names.Chinese(b.Required));
            alerts.Add(Alert(
                $"{view.Id:D}:{AlertKinds.WarningBelowThePlan}:{Names.Of(b.Required)}",
                AlertKinds.WarningBelowThePlan,
                $"预警级别低于预案规定：{subject}（已发布{inForce}预警，预案规定{required}）",
                $"{b.Recommendation}。依据{because.Clause}：{because.Words}。"
                + (b.ApprovalClause is { } clause ? $"{required}预警的发布（{clause}）：{b.ApprovalWords}" : ""),
                new AlertCause(view.PlanId, because.Rule, because.Clause, because.Words),
                new AlertDetails
                {
                    Colour = Names.Of(b.Required), ColourInForce = Names.Of(b.InForce),
                    DecidedBy = new AlertAuthority(b.ApproverRoles, names, [], b.ApprovedBy, b.ApprovalClause, b.ApprovalWords),
                }));
        }

        // (e) a road warning condition met by the current assessment; not a colour that (h) raises as above the warning in force: one rise of
        // colour with orange issued gave two alerts, the second silent on the orange and on who approves (a duty officer's review, session 54).
        if (view.Open && view.Assessment?.Warning is { } warning
            && !belowThePlan.Exists(b => string.Equals(Names.Of(b.Required), warning.Colour, StringComparison.Ordinal)))
        {
            var because = warning.Because.Count > 0 ? warning.Because[0] : warning.Approval;
            alerts.Add(Alert(
                $"{view.Id:D}:{AlertKinds.RoadWarning}:{warning.Colour}",
                AlertKinds.RoadWarning,
                $"道路交通预警条件已满足：{ColourChinese(warning.Colour)}预警（{where}）",
                $"{because.Clause}：{because.Words}。应发布{ColourChinese(warning.Colour)}预警，由{warning.ApprovedBy}批准（{warning.Approval.Clause}），{warning.IssuedBy}发布。",
                new AlertCause(view.PlanId, because.Rule, because.Clause, because.Words),
                new AlertDetails { Colour = warning.Colour }));
        }

        return alerts;
    }

    /// <summary>
    /// The key of a feed record's road warning alert: one per record and colour, as an incident's <c>road-warning</c> is one per incident and colour
    /// (docs/alerts.md).
    /// </summary>
    public static string FeedRoadWarningKey(string dispatchId, WarningColour colour) =>
        $"{FeedIngestor.Channel}:{dispatchId}:{AlertKinds.FeedRoadWarning}:{Names.Of(colour)}";

    /// <summary>
    /// The alert of a feed record that opened no incident and whose observations meet <paramref name="warning"/> under <paramref name="plan"/>
    /// (FeedIngestor.RoadWarningOf): what 122 saw and where, the rule met with its words, who approves and issues the colour (4.4.1), and that
    /// the office decides the warning on such reports (4.2, the plan's <c>warnings.reportedTo</c>). It names the record, not an incident.
    /// </summary>
    /// <param name="record">The record, as its stored line reads.</param>
    /// <param name="plan">The plan whose warning it meets.</param>
    /// <param name="warning">The warning its observations call for.</param>
    /// <param name="now">When the alert is raised.</param>
    /// <param name="raisedBy">The instance raising it.</param>
    /// <param name="incidentClosed">Whether the record opened an incident that is closed now (else it met no intake condition): the text says which.</param>
    /// <param name="afterWithdrawal">
    /// The <c>feed-cancelled</c> alert that told the office 122 withdrew the record, when <paramref name="record"/> sent it again after that (the
    /// colour was told before the withdrawal, under <see cref="FeedRoadWarningKey"/>): raised again once, keyed <see cref="FeedRoadWarningAgainKey"/>,
    /// its text saying so. Null for the record's first alert of the colour.
    /// </param>
    public static NewAlert FeedRoadWarning(FeedRecord record, Plan plan, WarningResult warning, DateTimeOffset now, string raisedBy, bool incidentClosed = false,
        StoredAlert? afterWithdrawal = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(warning);
        var colour = warning.Colour;
        var because = warning.Because.Count > 0
            ? new AlertCause(plan.Id, warning.Because[0].Id, warning.Because[0].Clause, warning.Because[0].Words)
            : new AlertCause(plan.Id, "approval-" + Names.Of(colour.Colour), colour.ApprovalClause, colour.ApprovalWords);
        var chinese = Names.Chinese(colour.Colour);
        var where = Where.Of(record.County!, FeedIngestor.Place(record.Road));
        var sent = new ReportSource(FeedIngestor.Channel, record.EventId!, record.DispatchId!, record.Sequence!.Value, record.Status);
        var status = record.Status is { } st && FeedStatuses.Names.TryGetValue(st, out var said) ? "，" + said : "";
        var updated = record.UpdatedAtInstant is { } at ? "，" + CityTime.DayMinute(at) : "";
        var observed = record.Conditions is { } c ? ConditionNames.Said(c) : "";
        var text = string.IsNullOrWhiteSpace(record.Text) ? "" : "；" + record.Text.Trim();
        // Which of the two the scan knows (a duty officer's review, session 54: the text said 未满足接报立案条件，或接警单的事件已关闭).
        var intake = incidentClosed ? "（接警单的事件已关闭）" : plan.FeedIntake is { } rule ? $"（未满足接报立案条件，{rule.Clause}）" : "";
        var reportedTo = plan.Warnings?.ReportedTo is { } to ? $"请市指挥部办公室分析研判，确定是否发布预警（{to.Clause}：{to.Words}）。" : "";
        var names = colour.ApproverRoles.Select(role => plan.RoleNames.Of(role) ?? RoleCatalogue.Find(role)?.ChineseName ?? role).ToArray();
        // Sent again after a withdrawal the office was told of: the report a warning may have been lifted on stands again (R 4.2).
        var again = afterWithdrawal is { } told && WithdrawingMessage(told.Alert.Key, record.DispatchId!) is { } withdrawing
            ? $"{FeedIngestor.Channel}此前撤销了该接警单（消息{withdrawing}，已于{CityTime.DayMinute(told.Alert.RaisedAt)}提示，提醒{told.Id.ToString(CultureInfo.InvariantCulture)}），其后又报来：撤销不再成立，预警条件重新有报告依据。"
            : "";
        return new NewAlert(
            again.Length > 0 ? FeedRoadWarningAgainKey(record.DispatchId!, colour.Colour, WithdrawingMessage(afterWithdrawal!.Alert.Key, record.DispatchId!)!)
                : FeedRoadWarningKey(record.DispatchId!, colour.Colour),
            AlertKinds.FeedRoadWarning,
            null,
            plan.Id,
            false,
            now,
            raisedBy,
            $"{FeedIngestor.Channel}报告达到{chinese}{FeedRoadWarningTitleBeforePlace}{where}（{sent.Record}）",
            // A nature of other says nothing ("…国道207线其他：能见度8米" read as a place named 其他).
            again + $"{sent.Record}（序号{sent.Sequence.ToString(CultureInfo.InvariantCulture)}{status}{updated}）报告{where}{(record.Nature == "other" ? "" : FeedNatures.Names[record.Nature!])}：{observed}{text}。"
            + $"此条报告未立为事件{intake}。{because.Clause}：{because.Words}。应发布{chinese}预警，由{colour.ApprovedBy}批准（{colour.ApprovalClause}），{colour.IssuedBy}发布。"
            + reportedTo,
            because,
            null,
            null,
            new AlertDetails
            {
                Colour = Names.Of(colour.Colour),
                DecidedBy = new AlertAuthority(colour.ApproverRoles, names, [], colour.ApprovedBy, colour.ApprovalClause, colour.ApprovalWords),
            })
        {
            DispatchId = record.DispatchId,
        };
    }

    /// <summary>What a <c>feed-road-warning</c>'s title says just before the record's place (<see cref="FeedRoadWarningPlace"/> reads it back).</summary>
    private const string FeedRoadWarningTitleBeforePlace = "预警条件：";

    /// <summary>
    /// The county and road number of the record a <c>feed-road-warning</c> alert names, read back from its title as <see cref="FeedRoadWarning"/>
    /// wrote it (the county, then the record's road, <see cref="Where.Of"/>, then the record in brackets), so an alert stored before this was
    /// asked reads as one raised now: the county is the city's that the place begins with, the road number the one the rest holds
    /// (<see cref="FeedDuplicates.RoadCode"/>, as the feed matches a record's road to an incident's). Null for another kind or a title naming no
    /// county of <paramref name="city"/>; the road null when the record gave none (or a number not as GB/T 917-2017 writes it).
    /// </summary>
    public static (string County, string? Road)? FeedRoadWarningPlace(NewAlert alert, City city)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(city);
        var title = alert.Title;
        var start = alert.Kind == AlertKinds.FeedRoadWarning ? title.IndexOf(FeedRoadWarningTitleBeforePlace, StringComparison.Ordinal) : -1;
        var end = title.LastIndexOf('（');
        if (start < 0 || end < start + FeedRoadWarningTitleBeforePlace.Length)
        {
            return null;
        }

        var where = title[(start + FeedRoadWarningTitleBeforePlace.Length)..end];
        var county = city.Counties.Select(c => c.Name).Where(c => where.StartsWith(c, StringComparison.Ordinal)).MaxBy(c => c.Length);
        return county is null ? null : (county, FeedDuplicates.RoadCode(where[county.Length..]));
    }

    /// <summary>
    /// The key of the alert telling that 122 withdrew (<c>cancelled</c>) a record that opened no incident, after its road warning reached the
    /// office: one per withdrawing message (a record sent again and withdrawn again is told again).
    /// </summary>
    public static string FeedWithdrawnKey(string dispatchId, string eventId) =>
        $"{FeedIngestor.Channel}:{dispatchId}:{AlertKinds.FeedCancelled}:{eventId}";

    /// <summary>
    /// The key of a record's road warning told again because 122 sent the record again after a withdrawal the office was told of (the
    /// <c>feed-cancelled</c> of <paramref name="withdrawingEventId"/>): once per such withdrawal and colour.
    /// </summary>
    public static string FeedRoadWarningAgainKey(string dispatchId, WarningColour colour, string withdrawingEventId) =>
        $"{FeedRoadWarningKey(dispatchId, colour)}:after:{withdrawingEventId}";

    /// <summary>Whether <paramref name="key"/> is <paramref name="colourKey"/> (a <see cref="FeedRoadWarningKey"/>) or one of its <see cref="FeedRoadWarningAgainKey"/>.</summary>
    public static bool IsFeedRoadWarningOf(string key, string colourKey) =>
        string.Equals(key, colourKey, StringComparison.Ordinal) || (key is not null && key.StartsWith(colourKey + ":after:", StringComparison.Ordinal));

    /// <summary>The withdrawing message a <see cref="FeedWithdrawnKey"/> of <paramref name="dispatchId"/> names; null for any other key.</summary>
    public static string? WithdrawingMessage(string key, string dispatchId)
    {
        var prefix = FeedWithdrawnKey(dispatchId, "");
        return key is not null && key.StartsWith(prefix, StringComparison.Ordinal) && key.Length > prefix.Length ? key[prefix.Length..] : null;
    }

    /// <summary>Whether <paramref name="key"/> is a <see cref="FeedWithdrawnKey"/> (a feed message kept for the scan carries one or a <see cref="FeedRoadWarningKey"/>).</summary>
    public static bool IsFeedWithdrawnKey(string key) =>
        key is not null && key.StartsWith(FeedIngestor.Channel + ":", StringComparison.Ordinal)
                        && key.Contains($":{AlertKinds.FeedCancelled}:", StringComparison.Ordinal);

    /// <summary>
    /// The alert of a withdrawal (<paramref name="withdrawing"/>, <c>cancelled</c>) of a record that opened no incident and whose road warning
    /// had reached the office (<paramref name="warned"/>, its <c>feed-road-warning</c> alerts): the report a warning may have been issued on is
    /// withdrawn, and a warning issued is lifted by its issuer (R 4.6 谁发布、谁解除). It names the record, as those alerts did.
    /// </summary>
    public static NewAlert FeedWithdrawn(FeedRecord withdrawing, Plan plan, IReadOnlyList<StoredAlert> warned, DateTimeOffset now, string raisedBy)
    {
        ArgumentNullException.ThrowIfNull(withdrawing);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(warned);
        if (warned.Count == 0)
        {
            throw new ArgumentException("a withdrawal is told only of a record whose road warning was raised", nameof(warned));
        }

        var sent = new ReportSource(FeedIngestor.Channel, withdrawing.EventId!, withdrawing.DispatchId!, withdrawing.Sequence!.Value, withdrawing.Status);
        var where = Where.Of(withdrawing.County!, FeedIngestor.Place(withdrawing.Road));
        var at = withdrawing.UpdatedAtInstant is { } u ? CityTime.DayMinute(u) : null;
        var earlier = string.Join("、", warned.OrderBy(a => a.Id).Select(a =>
            $"{(a.Alert.Details.Colour is { } c ? ColourChinese(c) : "")}预警条件（告警{a.Id.ToString(CultureInfo.InvariantCulture)}，"
            + $"{CityTime.DayMinute(a.Alert.RaisedAt)}）"));
        var lifted = plan.Warnings?.LiftedBy is { Clause.Length: > 0 } l ? l : null;
        var cause = lifted is not null
            ? new AlertCause(plan.Id, "warning-lifting", lifted.Clause, lifted.Words)
            : new AlertCause(plan.Id, "warning-lifting", "", $"{FeedIngestor.Channel}接处警撤销了接警单");
        return new NewAlert(
            FeedWithdrawnKey(withdrawing.DispatchId!, withdrawing.EventId!),
            AlertKinds.FeedCancelled,
            null,
            plan.Id,
            false,
            now,
            raisedBy,
            $"{FeedIngestor.Channel}已撤销接警单：{where}（{sent.Record}）",
            $"{FeedIngestor.Channel}接处警{(at is null ? "" : $"于{at}")}将接警单{sent.Reference}标为撤销（序号{sent.Sequence.ToString(CultureInfo.InvariantCulture)}，消息{sent.MessageId}）。"
            + $"此前已据该接警单提示{earlier}，此条报告未立为事件；撤销后该预警条件已无报告依据。请核实情况："
            + (lifted is null ? "如已据此发布预警，由发布单位决定是否解除。" : $"如已据此发布预警，由发布单位评估是否解除（{lifted.Clause}：{lifted.Words}）。"),
            cause,
            null,
            null,
            new AlertDetails())
        {
            DispatchId = withdrawing.DispatchId,
        };
    }

    /// <summary>
    /// The first instant after <paramref name="now"/> at which <see cref="Derive"/> could call for an alert it does not call for at
    /// <paramref name="now"/>, for the same version of the incident; <see cref="DateTimeOffset.MaxValue"/> when only a new version
    /// can. Time enters the alerts through the duties' statuses alone (due soon, overdue), and a repeating duty's next period is
    /// shown once the running one is overdue, which is one of those changes.
    /// </summary>
    public static DateTimeOffset NextChangeByTime(IncidentView view, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(view);
        var next = DateTimeOffset.MaxValue;
        foreach (var o in view.Obligations)
        {
            if (IncidentReader.NextStatusChange(o.DueAt, o.Status, now) is { } change && change < next)
            {
                next = change;
            }
        }

        return next;
    }

    /// <summary>
    /// A duty a rise made owed 立即 because its time from the occurrence had passed before it (ADR 0003 #71), still owed: the escalation's
    /// alert says it (<see cref="OwedAtOnce"/>) and stays live until it is done (AlertOvertaking).
    /// </summary>
    public static bool IsOwedAtOnce(ObligationView duty)
    {
        ArgumentNullException.ThrowIfNull(duty);
        return duty.ArosePastDueAt is not null && duty.Status is "pending" or "due-soon" or "overdue";
    }

    /// <summary>
    /// Whether <paramref name="duty"/> is owed now with no due time (timing immediately or promptly, still pending) since a command after the
    /// opening (<paramref name="since"/>: when it arose, from <paramref name="arose"/>), and no escalation alert says it: one a rise made owed
    /// 立即 because its time from the occurrence had passed (ADR 0003 #71), and the office's proposal of the level a rise recommends (metBy
    /// response-proposal: 由…提出建议, session 60), are said by the escalation of the version that raised them (<paramref name="escalated"/>).
    /// </summary>
    private static bool OwedNowSince(ObligationView duty, Dictionary<string, (DateTimeOffset At, long Version)> arose, HashSet<long> escalated, Plan? plan,
        out DateTimeOffset since)
    {
        since = default;
        if (duty is not { Timing: "immediately" or "promptly", DueAt: null, Status: "pending" } || !arose.TryGetValue(duty.Key, out var raised) || raised.Version <= 1
            || (escalated.Contains(raised.Version)
                && (duty.ArosePastDueAt is not null || plan?.DutyRule(duty.Code, duty.Clause, duty.Words) is { MetBy: DutyMetBy.ResponseProposal })))
        {
            return false;
        }

        since = raised.At;
        return true;
    }

    /// <summary>
    /// How an alert of a duty owed now (<see cref="OwedNowSince"/>) says its time, in the plan's word (ADR 0003 convention 2): the title's
    /// <c>职责须立即履行</c>, the text's <c>须立即报告</c> and <c>起即应</c> for one owed at once; <c>职责须及时履行</c>, <c>须及时报告</c> and
    /// <c>起应</c> for one the plan owes 及时 (N 5.4.3(1): the plan does not say 立即); and for a promptly duty whose words give no time word
    /// (N 5.4.2 "…决定启动Ⅳ级响应,并向市安委会副主任…报告"; <see cref="Names.IsUnstated"/>) or refer to a limit they do not state (N 4.1.3
    /// 规定时限), <c>职责待履行</c> and <c>须报告（本预案未写明时限）</c>: not 及时, which the plan does not say either. What is done is the
    /// duty's own (<see cref="DutyName.Done"/>): 报告, or 完成 for a notice (C 4.1(三) 及时通知, N 5.6 通报).
    /// </summary>
    private static (string Title, string Owed, string From) OwedNowWords(ObligationView duty, DutyName said)
    {
        if (duty.Timing == "immediately")
        {
            return ("职责须立即履行", $"须立即{said.Done}", "起即应");
        }

        return Names.ChineseTiming(duty.Timing, duty.Words) switch
        {
            Names.PromptlyWord => ("职责须及时履行", $"须{Names.PromptlyWord}{said.Done}", "起应"),
            Names.SetTimeLimitSaid => ("职责待履行", $"须在{Names.SetTimeLimit}内{said.Done}（{Names.UnstatedPlain}）", "起应"),
            _ => ("职责待履行", $"须{said.Done}（{Names.UnstatedPlain}）", "起应"),
        };
    }

    /// <summary>The level decision taken at <paramref name="at"/> as people say it (启动Ⅰ级响应, 调整为Ⅰ级响应); null when none was.</summary>
    private static string? DecisionAt(IncidentView view, DateTimeOffset at)
    {
        foreach (var d in view.Response.Decisions)
        {
            if (d.At == at && d.Trigger is "Activate" or "Adjust" && AlertOvertaking.LevelOf(d) is { } level)
            {
                return AlertOvertaking.LevelDecisionSaid(d, level);
            }
        }

        return null;
    }

    /// <summary>
    /// The duties a rise made owed 立即 because their time from the occurrence had passed before it (ADR 0003 #71): they have no due time, so no
    /// due-soon or overdue alert ever names them, and before, arising overdue, the overdue alert said at once that they were owed. The
    /// escalation's alert says them: 须立即：向市委、市政府电话报告（按预案应于09:40前报告，需报告时该时限已过）. Empty when there is none.
    /// </summary>
    private static string OwedAtOnce(IReadOnlyList<ObligationView> obligations)
    {
        var owed = obligations.Where(IsOwedAtOnce)
            .Select(OwedAtOnceSaid)
            .ToArray();
        return owed.Length == 0 ? "" : "须立即：" + string.Join("；", owed) + "。";
    }

    /// <summary>
    /// The plans that lead instead of this one (R 1.4 "高速公路上发生以上情形的按照《晋城市境内高速公路交通安全属地救援应急预案》执行……本预案作为配合预案
    /// 执行"), as the card says them: 主导预案 when the report states the fact; with <paramref name="asked"/> (the new-incident alert) the question
    /// too while it does not. The alerts recommended this plan's levels and deciders as though it led an expressway accident, and only the card
    /// said otherwise: at night it decides whom the office calls first (a road duty officer's review, session 59, finding 2).
    /// </summary>
    private static string LeadPlans(IncidentView view, bool asked) =>
        view.Assessment?.LeadPlans is not { Count: > 0 } leads ? ""
            : string.Concat(leads.Where(l => l.Applies == true || (asked && l.Applies is null))
                .Select(l => CommandTexts.LeadPlan(l) is var (label, text) ? $"{label}：{text}。" : ""));

    /// <summary>
    /// How an escalation's text says <paramref name="duty"/>, owed at once (<see cref="IsOwedAtOnce"/>): what is done and to whom, in the plan's
    /// words, with the time that had passed and the clause. The escalation stays live while a duty its text says so is owed (AlertOvertaking).
    /// </summary>
    private static string OwedAtOnceSaid(ObligationView duty)
    {
        ArgumentNullException.ThrowIfNull(duty);
        return $"{OwedAtOnceNamed(duty)}{CityTime.DayMinute(duty.ArosePastDueAt!.Value)}前报告，需报告时该时限已过，{duty.Clause}）";
    }

    /// <summary>How <see cref="OwedAtOnceSaid"/> begins for <paramref name="duty"/>, whatever its time (an occurrence corrected since moves it).</summary>
    public static string OwedAtOnceNamed(ObligationView duty)
    {
        ArgumentNullException.ThrowIfNull(duty);
        return $"{duty.Said().Full}（按预案应于";
    }

    /// <summary>
    /// The overdue periods of each repeating duty (its chain: its code), earliest due first. Every period that passes unmet is
    /// owed (ADR 0003), but a duty office that learns of an incident late (a 122 record received days after the call, a service
    /// that was down) would otherwise get one alert per missed period at once: 279 for a daily 续报 nine months late. Live, each
    /// period still alerts when it falls due (the latest overdue period is a new one each time); periods found overdue together
    /// alert once, as the latest, with the count and every period in <c>details.duties</c>.
    /// </summary>
    private static Dictionary<string, List<ObligationView>> MissedPeriods(IReadOnlyList<ObligationView> obligations) =>
        obligations.Where(o => o.Every is not null && o.Status == "overdue" && o.DueAt is not null)
            .GroupBy(o => RepeatingDuties.Chain(o.Code))
            .ToDictionary(g => g.Key, g => g.OrderBy(o => o.DueAt).ThenBy(o => o.Key, StringComparer.Ordinal).ToList(), StringComparer.Ordinal);

    /// <summary>Who owes a duty and the duty in the plan's words (<see cref="DutyWords"/>), its clause and due time; never its code.</summary>
    private static string Duty(AlertDuty d, DutyName said) =>
        $"{d.Reporter}{said.Full}（{d.Clause}）"
        + (d.DueAt is { } due ? $"，截止{CityTime.DayMinute(due)}" : "");

    /// <summary>
    /// The office's proposal standing on the incident (提出启动Ⅱ级响应建议): who made it and when, and who it waits on — said by the escalation's
    /// own sentence on who decides when it proposes the level the escalation recommends, else by the plan's words for the proposed level's authority.
    /// </summary>
    private static string Proposal(ResponseProposed p, EscalationRecommended x, Plan? plan)
    {
        // The post that proposed, as the plan names it (road: 市指挥部办公室主任; natural disaster: 市安委办主任); the person is in the timeline.
        var who = plan?.RoleNames.Of(p.By.RoleId) ?? RoleCatalogue.Find(p.By.RoleId)?.ChineseName ?? p.By.DisplayName;
        if (p.Level == x.ToLevel || x.ToLevel is not { } recommended)
        {
            // Who takes it to the decider, where the plan has someone do so (N 5.2.2 副主任报主任决定).
            var relay = plan?.ProposalRelaySaid(p.Level) is { } carried ? $"：{carried}" : "";
            return $"{who}已于{CityTime.DayMinute(p.At)}提出启动{Names.Chinese(p.Level)}响应建议（{p.Reason}），尚待决定{relay}";
        }

        // A proposal of another level than the one now recommended: said apart, after who decides the recommendation, with its own decider,
        // so the alert does not name two levels and two deciders in one sentence (a construction duty officer's review).
        var waits = plan?.Response.Find(p.Level) is { } level ? $"待{level.Authority}决定" : "尚待有权启动该级响应的机构决定";
        return $"另：{who}已于{CityTime.DayMinute(p.At)}提出的启动{Names.Chinese(p.Level)}响应建议（{p.Reason}）{(p.Level < recommended ? "低于" : "高于")}现应启动的{Names.Chinese(recommended)}，{waits}";
    }

    private static string OccurredText(DateTimeOffset at) => CityTime.Minute(at);

    /// <summary>
    /// The natural-disaster grade question on an escalation to <see cref="DeclaredGradeTexts.AskedFrom"/> or above (or one while such a level is
    /// in force), while no grade is declared: the incident's assessment puts it (<c>judgementsToConsider</c>, judgement <c>declaredGrade</c>) in
    /// the same words (<see cref="DeclaredGradeTexts.Question"/>), from its <c>ifDeclaredSerious</c>. An officer who watched only the alerts was
    /// never told that the 4.1.5 24小时零报告, the 4.1.3 第一时间 report and the 4.2.1 会商 wait on the declaration (a natural-disaster duty
    /// officer's review, session 61, ND-03). Empty otherwise (a plan with a grade table has no <c>ifDeclaredSerious</c>).
    /// </summary>
    private static string GradeAsked(EscalationRecommended x, ResponseLevel? inForce, IncidentView view, string term) =>
        (x.ToLevel >= DeclaredGradeTexts.AskedFrom || inForce >= DeclaredGradeTexts.AskedFrom) && view.Assessment?.IfDeclaredSerious is { Count: > 0 } duties
            ? DeclaredGradeTexts.Question(term, duties)
            : "";

    /// <summary>
    /// The duties a report started (its version's <c>obligation-raised</c>), as the incident holds them now, each as the grade question says a
    /// duty (<see cref="DeclaredGradeTexts.Duty(string, DateTimeOffset?, string, string, string?, string)"/>): <c>须：向本级党委和政府及上级应急管理部门报告
    /// （第一时间，4.1.3）；…</c>. From the plan's data, as the incident raised them; empty when it raised none.
    /// </summary>
    private static string DutiesStarted(IReadOnlyList<string>? keys, IReadOnlyList<ObligationView> obligations)
    {
        var said = (keys ?? []).Select(k => obligations.FirstOrDefault(o => o.Key == k)).OfType<ObligationView>()
            .Select(o => DeclaredGradeTexts.Duty(DutyWords.Of(o.To, o.Act, o.Start, o.Words, o.Code, null).Brief, o.DueAt, o.Timing, o.Words, o.Every, o.Clause))
            .ToArray();
        return said.Length == 0 ? "" : "须：" + string.Join("；", said);
    }

    /// <summary>
    /// A rise of the level as an escalation's title and text say it. The event's From is the level the figures called for before the report,
    /// not a level in force: <c>响应Ⅳ级→Ⅲ级</c> only when that level is the one in force (N 5.4.2 "由市安委办主任决定启动Ⅳ级响应": a level is in
    /// force by a decision, not by the figures); <c>应启动级别Ⅳ级→Ⅱ级，尚未启动响应</c> when none was started (<c>响应已终止</c> when one was, and
    /// ended); <c>应启动级别Ⅲ级→Ⅱ级，现行Ⅳ级响应</c> when another level is in force. <c>响应无→Ⅲ级</c> as before when nothing was called for and
    /// nothing is in force. It said 响应Ⅳ级→Ⅱ级 of an incident on which no Ⅳ was ever started (a natural-disaster duty officer's review,
    /// session 61, ND-07).
    /// </summary>
    private static string LevelChange(ResponseLevel? from, ResponseLevel to, ResponseLevel? inForce, bool ended)
    {
        if (inForce == from)
        {
            return $"响应{Names.ChineseChange(from, to)}";
        }

        var calledFor = $"应启动级别{Names.ChineseChange(from, to)}";
        return inForce is { } current ? $"{calledFor}，现行{Names.Chinese(current)}响应" : $"{calledFor}，{(ended ? "响应已终止" : "尚未启动响应")}";
    }

    /// <summary>How many of the open questions a new-incident alert names; the rest are counted (the incident's assessment lists them all).</summary>
    public const int UnknownsSaidAtMost = 3;

    /// <summary>
    /// What the first report leaves open that could raise the level or call a road warning (DOMAIN R3; R 4.3.3(1) 涉及四个以上乡(镇); R 5.3.2(2)
    /// 可能造成一定环境污染), as the card says it (<see cref="UnknownTexts.CouldChange"/>): the first <see cref="UnknownsSaidAtMost"/>, and how many
    /// more. The alert said only 数字不全，可能更高, and the officer heard of the fog's warning when 122 reported 15 m (a road duty officer's
    /// review, session 59, finding 5). Empty when nothing is open, or without the plan or the assessment.
    /// </summary>
    private static string UnknownsSaid(IncidentView view, Plan? plan)
    {
        if (plan is null || view.Assessment is not { } assessment)
        {
            return "";
        }

        var open = UnknownTexts.CouldChange(assessment, plan);
        if (open.Count == 0)
        {
            return "";
        }

        var more = open.Count > UnknownsSaidAtMost ? $"；另有{(open.Count - UnknownsSaidAtMost).ToString(CultureInfo.InvariantCulture)}项（见事件研判）" : "";
        // 预警 only under a plan that has warnings (road 4.3, construction 3.2): the natural-disaster plan issues none (`plans guide`: 本预案不设预警), and
        // the alert asked the office to consider one (a natural-disaster duty officer's review, session 61, ND-06).
        return $"{UnknownsHeading(plan)}：{string.Join("；", open.Take(UnknownsSaidAtMost))}{more}。";
    }

    /// <summary>
    /// How the new-incident alert introduces what the report leaves open: <c>待核实（未报，可能提高响应级别或需发布预警）</c> under a plan with warnings,
    /// <c>待核实（未报，可能提高响应级别）</c> under one without (the natural-disaster plan).
    /// </summary>
    public static string UnknownsHeading(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.Warnings is null ? "待核实（未报，可能提高响应级别）" : "待核实（未报，可能提高响应级别或需发布预警）";
    }

    /// <summary>
    /// Who proposes the level <paramref name="x"/> recommends, with the plan's clause and words (<c>response.proposal</c>), when the plan has the
    /// proposal for that level and none of it stands yet; null otherwise (no level recommended, none for the level, or already proposed).
    /// </summary>
    private static AlertAuthority? ProposalStep(EscalationRecommended x, Plan? plan, ResponseProposed? standing)
    {
        if (plan?.Response.Proposal is not { } proposal || x.ToLevel is not { } level || !proposal.Levels.TryGetValue(level, out var said)
            || (standing is not null && standing.Level == level))
        {
            return null;
        }

        // A rise of the grade alone recommends no level (the level stays): nothing to propose.
        var levelRose = x.FromLevel is not { } from || level > from;
        if (!levelRose && x.BelowThePlan != true)
        {
            return null;
        }

        var names = proposal.By.Select(r => plan.RoleNames.Of(r)).ToArray();
        return new AlertAuthority(proposal.By, names, [], string.Join("或", names), said.Clause, said.Words);
    }

    /// <summary>
    /// The id of the feed message that withdrew the record <paramref name="events"/>' incident came from (the first report of the last run of
    /// reports whose source's status is cancelled), or null: the message whose time the feed-cancelled alert names.
    /// </summary>
    public static string? CancellingMessage(IReadOnlyList<StoredEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (!events.Any(stored => stored.PayloadJson.Contains("\"cancelled\"", StringComparison.Ordinal)))
        {
            // Only a log with a body that says "cancelled" is read: most have none.
            return null;
        }

        string? message = null;
        var withdrawn = false;
        foreach (var stored in events)
        {
            var e = IncidentEventLog.FromStored(stored);
            if (((e as IncidentOpened)?.Source ?? (e as ReportFiled)?.Source) is not { } source)
            {
                continue;
            }

            if (source.Status == FeedStatuses.Cancelled && !withdrawn)
            {
                message = source.MessageId;
            }

            withdrawn = source.Status == FeedStatuses.Cancelled;
        }

        return message;
    }

    /// <summary>
    /// The feed message a text cites: <c>122接警单JC122-20260301-0007（序号3）</c>. The sequence is the sender's ordering number for the record's
    /// messages (any increasing number: a timestamp, 1, 3, 4), not a count of updates, so it is said as its number (序号), never 第N次更新.
    /// </summary>
    private static string Sent(ReportSource s) => $"{s.Record}（序号{s.Sequence.ToString(CultureInfo.InvariantCulture)}）";

    /// <summary>
    /// The incident's nature as a title names it, at most <see cref="TitleNatureLength"/> characters (more only for a record number longer
    /// than that alone). An incident a feed opened is named up to
    /// its record's number (<c>碰撞，涉及营运大客车（122接警单ESC-D）</c>, FeedIngestor's nature): the dispatcher's text after it is the first
    /// message's (一人死亡) and goes stale as later messages change the figures; the text of the new-incident alert keeps it. The record's number
    /// is kept whole, the words before it cut: cut at 40 characters, two tankers' alerts on one road read the same
    /// (<c>…危险化学品泄漏，涉及危险货物运输车辆（122接警单JC122-20261206…</c>) and the list could not tell them apart.
    /// </summary>
    private static string TitleNature(string nature, ReportSource? source)
    {
        if (source is not null)
        {
            var record = $"（{source.Record}）";
            var end = nature.IndexOf(record, StringComparison.Ordinal);
            if (end >= 0)
            {
                var room = TitleNatureLength - record.Length;
                return end <= room ? nature[..(end + record.Length)] : (room > 1 ? nature[..(room - 1)] + "…" : string.Empty) + record;
            }
        }

        return nature.Length <= TitleNatureLength ? nature : nature[..(TitleNatureLength - 1)] + "…";
    }

    /// <summary>
    /// The figures behind an escalation as a duty officer reads them (<c>死亡12人，失联0人</c>): those the rules it cites read (R 5.3.1(1) deaths and
    /// missing), as known at its version, named as the plan names them; without such rules (a judgement, a decision) the casualties known.
    /// Unknown figures are left out (never read as zero); empty when none is known.
    /// </summary>
    private static string FiguresSaid(EscalationRecommended x, ReportedFigures known, Plan? plan)
    {
        var rules = plan is null ? [] : (plan.Grade?.Rules ?? []).Concat(plan.Response.Rules).ToArray();
        var read = x.Because.SelectMany(b => rules.Where(r => r.Id == b.Rule)).SelectMany(r => r.Reads)
            .Select(n => FigureCatalog.TryFind(n, out var f) ? f : null).OfType<FigureDefinition>().Distinct().ToList();
        // A fact that raised it (R 5.3.2(2) 可能造成一定环境污染; 5.3.2(3) the counties) is named first, then the casualties known: the text quoted
        // 重伤2人，受伤6人 (Ⅲ under 5.3.3(2)) for a rise on pollution alone (a road duty officer's review, session 59, finding 9).
        var facts = read.Where(f => f.Quantity is null).OrderBy(f => f.Index).ToList();
        var figures = read.Where(f => f.Quantity is not null).ToList();
        if (figures.Count == 0)
        {
            figures = [.. FigureCatalog.Casualties.Where(f => known[f] is long n && n > 0)];
        }

        return string.Join("，", facts.Concat(figures.OrderBy(f => f.Index)).Where(f => known[f] is not null).Select(f =>
        {
            var label = plan?.FigureLabels.Of(f) ?? f.Label;
            if (f.Quantity is null)
            {
                // Said, not counted: 环境污染：可能造成一定环境污染; 交通受影响或中断的县（市、区）：陵川县、高平市.
                return $"{label}：{known[f] switch
                {
                    Pollution.None => "无",
                    Pollution p => $"可能造成{Names.Chinese(p)}环境污染",
                    IEnumerable<string> counties => string.Join("、", counties),
                    var other => Convert.ToString(other, CultureInfo.InvariantCulture),
                }}";
            }

            // 直接经济损失（万元） 1200 → 直接经济损失1200万元.
            label = f.Unit is { } unit && label.EndsWith($"（{unit}）", StringComparison.Ordinal) ? label[..^(unit.Length + 2)] : label;
            var value = known[f] switch
            {
                long n => n.ToString(CultureInfo.InvariantCulture),
                decimal d => d.ToString("0.##", CultureInfo.InvariantCulture),
                var other => Convert.ToString(other, CultureInfo.InvariantCulture),
            };
            return $"{label}{value}{f.Unit}";
        }));
    }

    private static string ColourChinese(string colour) => Names.TryParseColour(colour, out var c) ? Names.Chinese(c) : colour;
}
