using System.Collections.Concurrent;
using System.Globalization;
using EmergencyPlans.Application.Common;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Lifecycles;
using EmergencyPlans.Core.Plans;

namespace EmergencyPlans.Application.Incidents;

/// <summary>GET /incidents/{id}: figures, current decision, obligations with status, warnings and the timeline. Built at read time; never stored.</summary>
public sealed record IncidentView(
    Guid Id,
    long Version,
    string PlanId,
    string PlanDocumentNumber,
    DateTimeOffset OccurredAt,
    string County,
    string? Place,
    string Nature,
    Reporter Reporter,
    bool Drill,
    bool Open,
    string State,
    IReadOnlyList<string> AllowedReports,
    ReportView Report,
    AssessmentResponse? Assessment,
    EscalationDto? Escalation,
    ResponseView Response,
    IReadOnlyList<ObligationView> Obligations,
    IReadOnlyList<WarningView> Warnings,
    IReadOnlyList<TimelineEntry> Timeline)
{
    /// <summary>Who commands on site (construction 4.2), with each handover recorded; null where the plan names nobody who commands on site first.</summary>
    public OnSiteCommandView? OnSiteCommand { get; init; }

    /// <summary>True once the incident was closed as opened in error (a 终报 with <c>enteredInError</c>: the wrong plan chosen, a false report).</summary>
    public bool EnteredInError { get; init; }

    /// <summary>
    /// The 122 dispatch records a duty officer tied to the incident (<c>POST …/feed-records</c>), in the order tied: their later messages are
    /// filed on it. Empty for an incident no record was tied to (one a 122 record opened names its record in its timeline's sources).
    /// </summary>
    public IReadOnlyList<LinkedFeedRecord> LinkedFeedRecords { get; init; } = [];
}

/// <summary>
/// Who commands on site now: <paramref name="CommandedBy"/>, the plan's first commander (施工总承包单位项目负责人) until a handover is recorded,
/// then the last taker, <paramref name="Since"/> that handover (null before one); <paramref name="Clause"/> and <paramref name="Words"/> the
/// plan's (C 4.2 向上级指挥部移交现场指挥权); <paramref name="Handovers"/> each recorded, in order (<c>record-clock-event</c> kind <c>command-handover</c>).
/// </summary>
public sealed record OnSiteCommandView(string CommandedBy, DateTimeOffset? Since, string Clause, string Words, IReadOnlyList<CommandHandover> Handovers);

/// <summary>
/// What the reports say so far (later ones merged in), with the members of an assessment request: what the engine was
/// given. <paramref name="OccurredAt"/> is an instant like every other the API writes (in the city's offset), not the text
/// a reporter sent.
/// </summary>
public sealed record ReportView(string Plan, DateTimeOffset OccurredAt, FiguresDto Figures, JudgementsDto? Judgements, ConditionsDto? Conditions);

/// <summary>A report raised the grade or level: a recommendation, for a human with the authority to act on.</summary>
public sealed record EscalationDto(
    DateTimeOffset At,
    string? FromGrade,
    string? ToGrade,
    string? FromLevel,
    string? ToLevel,
    string Recommendation,
    IReadOnlyList<ReasonDto> Because,
    AuthorityDto? ActivatedBy)
{
    /// <summary>
    /// True once it is dealt with: a level at least the recommended one was activated (in force or since ended), or the incident is
    /// closed. The latest recommendation stays on the incident as the record of it; without this it read as an open call to act after
    /// Ⅱ had been activated and even after the close (a natural-disaster duty officer's review).
    /// </summary>
    public bool ActedOn { get; init; }

    /// <summary>
    /// When it was withdrawn: the report that recommended it was corrected as entered in error and the corrected figures no longer call for
    /// it (escalation-withdrawn); null while it stands. Since session 55: 特别重大 and Ⅰ recommended for 30 dead typed for 3 stood after the
    /// correction.
    /// </summary>
    public DateTimeOffset? WithdrawnAt { get; init; }

    /// <summary>Why it was withdrawn, in Chinese (上次报告录入有误，已更正); null while it stands.</summary>
    public string? WithdrawnReason { get; init; }
}

/// <summary>The response: <paramref name="Measures"/> are the plan's measures for the level in force (none when no level is);
/// <paramref name="Termination"/> the conditions the terminating body confirms (谁启动、谁终止);
/// <paramref name="ConditionsConfirmed"/> true once a termination confirmed them, null before or when the termination did not say;
/// <paramref name="ResponsibleBody"/> who decided the level in force (or last in force) as the timeline's <c>actorName</c> names him, the post as
/// the plan names it (张三（市安委会主任）); a client reads the role from the decisions' <c>actor</c>.</summary>
public sealed record ResponseView(string State, string? Level, string? ProposedLevel, string? ResponsibleBody, IReadOnlyList<string> AllowedTriggers, IReadOnlyList<LifecycleDecision> Decisions,
    IReadOnlyList<MeasureDto> Measures, TerminationDto? Termination, bool? ConditionsConfirmed)
{
    /// <summary>
    /// True while the office's proposal to end the active response is pending (N 2.2(2) 市安委办……提出……终止建议): the level stays in force
    /// until the body that may end it terminates (adopting it) or declines. False where the plan has no such proposal.
    /// </summary>
    public bool TerminationProposed { get; init; }

    /// <summary>
    /// The work groups of the level in force (C 2.2 at Ⅱ and Ⅰ, R 2.4.x), as <see cref="Measures"/> are: a level raised above the figures'
    /// (C 4.4 视情提高) sets them up although the assessment, which reads the figures, lists none (a duty officer's review, session 53). Empty
    /// while no response is active.
    /// </summary>
    public IReadOnlyList<WorkGroupDto> WorkGroups { get; init; } = [];

    /// <summary>The city's on-site headquarters the level in force sets up (R 2.4, C 2.2); null at other levels or while none is active.</summary>
    public CommandDto? OnSiteHeadquarters { get; init; }

    /// <summary>Who organises and coordinates the city-level relief at the level in force (N 5.1.3–5.4.3), distinct from who decided it
    /// (<c>responsibleBody</c>); null while none is active and under plans that say none (ADR 0003 #73).</summary>
    public CommandDto? Organiser { get; init; }
}

/// <summary>A duty of the incident. <paramref name="Act"/>: what is done and to whom where the plan's verb is not a plain report
/// (<c>通知市政府有关涉外部门</c>); null for <c>向{To}报告</c>, and for duties raised before the plans said it.
/// <paramref name="Status"/>: pending, due-soon, overdue, met-on-time, met-late or ended (a vocabulary other systems rely on; never extended).
/// <paramref name="EndedAs"/>: how an <c>ended</c> duty ended, null for any other status: <c>unmet</c> when the incident closed while the
/// duty (one without a due time: 立即续报, the office's report with its proposal, 及时报告) was owed and had not been done;
/// <c>unrecorded</c> when the incident closed while such a duty of a body outside the city command (the plan's <c>outsideCommand</c>: 拨打122,
/// 事发单位报告属地县住建部门) was owed and not recorded: the office records it and does not make it, so nothing says it was never made;
/// <c>not-needed</c> when it no longer applied (a 续报 not yet due when the 终报 came, 灾情稳定, the end of the response, a grade that no
/// longer calls for it; and, with <c>owedSince</c> set, a duty without a due time that a later decision overtook while it was owed and not
/// done: it stood unmet from <c>owedSince</c> to <c>endedAt</c>, which an after-action review lists).</summary>
public sealed record ObligationView(
    string Key,
    string Code,
    string Reporter,
    string To,
    string? Act,
    string Start,
    string? Until,
    DateTimeOffset? DueAt,
    string Status,
    string? EndedAs,
    string Timing,
    string? Every,
    DateTimeOffset? MetAt,
    bool? OnTime,
    string? MetBy,
    string Clause,
    string Words)
{
    /// <summary>The duty as people name it (<see cref="DutyWords"/>): what is done and to whom, its period, the plan's words; never its key.</summary>
    public DutyName Said() => DutyWords.Of(To, Act, Start, Words, Key, Every, County);

    /// <summary>
    /// The county this instance is owed by or for, for a duty the plan owes once per county (N 5.6: <c>county-activate-response</c>, 所涉及县(市、区)
    /// 要立即启动自然灾害救助应急响应, one for each county concerned; <c>county-activation-report</c>, one for each county that started its
    /// response), as the city file writes it. Null for any other duty, and for one raised before event schema 17, which stands for the
    /// incident's own county (ADR 0003 #83).
    /// </summary>
    public string? County { get; init; }

    /// <summary>
    /// <c>metBy</c> in Chinese, as the timeline's <c>actorName</c> says who acted (122接处警（数据接口）): <c>metBy</c> keeps its form
    /// (<c>122接处警 (feed)</c>, with the role's English id) for systems that read it. Null while not met, and for a duty met before 2026-12-07.
    /// </summary>
    public string? MetByName { get; init; }

    /// <summary>
    /// The due time the plan's words give (C 4.1(二), R 5.1.1 事发后30分钟) when it had passed before the duty arose from a later report: the
    /// duty is owed 立即 (<c>timing</c> <c>immediately</c>, no <c>dueAt</c>; ADR 0003 #71). Null otherwise (and for a duty raised before session 55).
    /// </summary>
    public DateTimeOffset? ArosePastDueAt { get; init; }

    /// <summary>When an <c>ended</c> duty ended; null for any other status (and for a duty that ended before schema 16 was written).</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>
    /// For an <c>ended</c> duty without a due time that a later decision ended while it was owed and not done (N 5.3.2 "并向市安委会主任报告"
    /// owed from the Ⅲ activation, ended when the level was raised to Ⅱ; the office's proposal ended by the level decided without it): since when
    /// it had been owed, so it stood unmet from this to <c>endedAt</c> (its <c>endedAs</c> stays <c>not-needed</c>). Null for every other
    /// duty, one that no longer applied before anything was owed included.
    /// </summary>
    public DateTimeOffset? OwedSince { get; init; }

    /// <summary>
    /// The note the report was recorded as made with (<c>电话已报市委、市政府总值班室</c>; for a report the office made on the incident it closed,
    /// carried to the one 122's later casualties opened again, where and when it was made: <c>已于03-01 06:50在此前事件…中报告</c>). Null while
    /// not met, when none was given, and for a duty whose note was its own text (已于…报告).
    /// </summary>
    public string? Note { get; init; }
}

/// <summary>A warning: <paramref name="Colour"/> as the request and the assessment spell it (<c>yellow</c>, <c>orange</c>, <c>red</c>; until 2026-12-06
/// the enum's names, <c>Yellow</c>: road review R5), null for a plan whose warnings have none (construction 3.2.2);
/// <paramref name="IssuerDuties"/> are the plan's words for what the issuer owes while it stands (update, report up, lift).</summary>
public sealed record WarningView(Guid Id, string State, string? Colour, string ProposedBy, string? ApprovedBy, string? IssuedBy, IReadOnlyList<string> AllowedTriggers,
    IReadOnlyList<LifecycleDecision> Decisions, IReadOnlyList<ClauseWords> IssuerDuties);

/// <summary>A row of the incident list.</summary>
/// <param name="Id">The incident.</param>
/// <param name="PlanId">The plan it is handled under.</param>
/// <param name="OccurredAt">When it happened.</param>
/// <param name="Version">The version to send as If-Match.</param>
/// <param name="Open">False once it is closed.</param>
/// <param name="Level">The response level in force, else the level the latest assessment calls for (also after the response was
/// terminated: <paramref name="ResponseState"/> tells which).</param>
/// <param name="ResponseState">Where the response stands, as the incident's <c>response.state</c>: NotActivated, Proposed, Active or Terminated.</param>
/// <param name="NextObligationDueAt">When the earliest duty still owed falls due.</param>
/// <param name="Overdue">True when that time has passed.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="County">Where it happened: the county (县（市、区）).</param>
/// <param name="Place">The place within it, as reported (null when none was).</param>
/// <param name="Nature">What happened, as the first report said (事故性质).</param>
public sealed record IncidentSummaryView(Guid Id, string PlanId, DateTimeOffset OccurredAt, long Version, bool Open, string? Level, string ResponseState,
    DateTimeOffset? NextObligationDueAt, bool Overdue, DateTimeOffset UpdatedAt, string County, string? Place, string Nature)
{
    /// <summary>The grade its figures give, as the incident's <c>assessment.grade.value</c> (ordinary … especially-serious); null where the plan grades nothing.</summary>
    public string? Grade { get; init; }

    /// <summary>The grade for people, as <c>assessment.grade.label</c> (一般, 较大, 暂时无法判明 …).</summary>
    public string? GradeLabel { get; init; }

    /// <summary>False while unknown figures could still raise the grade (it is then reported as 较大 at least, DOMAIN R3); null with no grade.</summary>
    public bool? GradeDetermined { get; init; }

    /// <summary>The level its figures call for, as <c>assessment.response.level</c>, whatever level is in force; null when they call for none.</summary>
    public string? LevelCalledFor { get; init; }

    /// <summary>
    /// True while the incident is open with a level in force below <c>levelCalledFor</c>: the incident's escalation 响应级别低于预案规定
    /// (R 5.7 "避免响应不足"), shown in the list so that it is seen without opening the incident.
    /// </summary>
    public bool BelowThePlan { get; init; }
}

/// <summary>
/// Reads incidents for people: the stored state, the assessment of its figures under its plan, and
/// what the clock says now (overdue duties). Overdue is derived here at read time, never written, so
/// the passing of time never bumps an incident's version.
/// </summary>
public sealed class IncidentReader(IIncidentStore store, DecisionEngine engine)
{
    // Deserialised states and their assessments, keyed by incident and version: a version never
    // changes once written, so a hit is current for that version, with several instances too.
    // Bounded; when full it is simply cleared. Entries are read-only: writers load their own copy.
    private const int Capacity = 10_000;
    private readonly ConcurrentDictionary<Guid, (long Version, IncidentState State, Plan Plan, AssessmentResponse Assessment, DateTimeOffset At)> _cache = new();

    /// <summary>The city of the plan files: its counties, as incidents and 122 records name them.</summary>
    public City City => engine.Catalog.City;

    /// <summary>The current view, or <see cref="NotFoundException"/>.</summary>
    public async Task<IncidentView> GetAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException("incident", id.ToString());
        return ToView(stored, now);
    }

    /// <summary>The view of a stored projection.</summary>
    public IncidentView ToView(StoredIncident stored, DateTimeOffset now)
    {
        var hit = Read(stored, now);
        // A hint's duty timed from the occurrence is said 立即 once its time has passed (ADR 0003 #71): read again when one passed since.
        if (AssessmentContract.HintTimePasses(hit.Plan, hit.State.OccurredAt, hit.At, now))
        {
            hit = (hit.Version, hit.State, hit.Plan, Assess(hit.State, hit.Plan, now), now);
            _cache[stored.Id] = hit;
        }

        return ToView(hit.State, hit.Version, hit.Plan, hit.Assessment, now);
    }

    /// <summary>
    /// The assessment an incident's view shows at <paramref name="version"/> (the list's grade and the level its figures call for), read
    /// from the cache when that version is there, else from the store (whatever version it holds now); null when the store has no such
    /// incident, or when its plan is not loaded: the list still lists it (the incident itself answers 503 naming the plan, and the
    /// readiness probe says which file is missing), without a grade.
    /// </summary>
    public async ValueTask<AssessmentResponse?> AssessmentAsync(Guid id, long version, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(id, out var hit) && hit.Version == version)
        {
            return hit.Assessment;
        }

        var stored = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        try
        {
            return stored is null ? null : Read(stored, null).Assessment;
        }
        catch (PlanNotInForceException)
        {
            return null;
        }
    }

    private (long Version, IncidentState State, Plan Plan, AssessmentResponse Assessment, DateTimeOffset At) Read(StoredIncident stored, DateTimeOffset? now)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (!_cache.TryGetValue(stored.Id, out var hit) || hit.Version != stored.Version)
        {
            var state = IncidentEventSchema.DeserializeState(stored.Projection.Json);
            var plan = engine.Resolve(state.PlanId, state.OccurredAt);
            hit = (stored.Version, state, plan, Assess(state, plan, now), now ?? DateTimeOffset.MinValue);
            if (_cache.Count >= Capacity)
            {
                _cache.Clear();
            }

            _cache[stored.Id] = hit;
        }

        return hit;
    }

    /// <summary>The view of a state an incident has just reached.</summary>
    public IncidentView ToView(IncidentState state, long version, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        var plan = engine.Resolve(state.PlanId, state.OccurredAt);
        return ToView(state, version, plan, Assess(state, plan, now), now);
    }

    /// <summary>The incident as it was at <paramref name="version"/>: the fold of its first events (what a retried request is answered with).</summary>
    public async Task<IncidentView> ViewAtAsync(Guid id, long version, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var events = await store.ReadEventsAsync(id, cancellationToken).ConfigureAwait(false);
        if (events.Count == 0 || events[^1].Version < version)
        {
            throw new NotFoundException("incident version", $"{id}@{version}");
        }

        var incident = Incident.Rehydrate(events.TakeWhile(e => e.Version <= version).Select(IncidentEventLog.FromStored), engine.Catalog);
        return ToView(incident.State, version, now);
    }

    /// <summary>A row of the list, with the grade and the level its figures call for from <paramref name="assessment"/> (null: none read).</summary>
    public static IncidentSummaryView ToView(IncidentSummary s, AssessmentResponse? assessment, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(s);
        var calledFor = assessment?.Response.Level;
        // As the incident's escalation reads it (响应级别低于预案规定): a level in force below the one the figures call for, while open.
        var below = s.IsOpen && s.ResponseState == ResponseStates.Of(ResponseState.Active)
            && Names.TryParseLevel(s.Level, out var inForce) && Names.TryParseLevel(calledFor, out var called) && called > inForce;
        return new IncidentSummaryView(s.Id, s.PlanId, s.OccurredAt, s.Version, s.IsOpen, s.Level, s.ResponseState, s.NextObligationDueAt,
            s.NextObligationDueAt is { } due && due < now, s.UpdatedAt, s.County, s.Place, s.Nature)
        {
            Grade = assessment?.Grade?.Value,
            GradeLabel = assessment?.Grade?.Label,
            GradeDetermined = assessment?.Grade?.Determined,
            LevelCalledFor = calledFor,
            BelowThePlan = below,
        };
    }

    /// <summary>How close to its due time a duty shows as due soon.</summary>
    public static readonly TimeSpan DueSoon = TimeSpan.FromMinutes(10);

    /// <summary>pending, due-soon, overdue, met-on-time, met-late or ended, as of <paramref name="now"/>.</summary>
    public static string Status(ObligationEntry o, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(o);
        return o.Clock.State switch
        {
            ObligationState.Cancelled => "ended",
            ObligationState.Met => o.Clock.OnTime == false ? "met-late" : "met-on-time",
            _ => o.Clock.DueAt is not { } due ? "pending" : now > due ? "overdue" : due - now <= DueSoon ? "due-soon" : "pending",
        };
    }

    /// <summary>
    /// The first instant after <paramref name="now"/> at which a duty shown with <paramref name="status"/> and <paramref name="dueAt"/>
    /// shows another status by time alone (<see cref="Status"/>: due soon from 10 minutes before its due time, overdue once past it),
    /// or null when time alone never changes it (met, ended, overdue, or without a due time).
    /// </summary>
    public static DateTimeOffset? NextStatusChange(DateTimeOffset? dueAt, string status, DateTimeOffset now) => (dueAt, status) switch
    {
        ({ } due, "pending") when now < due - DueSoon => due - DueSoon,
        ({ } due, "pending" or "due-soon") => due.AddTicks(1),
        _ => null,
    };

    // The plan is resolved once per state read, by the caller, and serves both the assessment and the view.
    private AssessmentResponse Assess(IncidentState state, Plan plan, DateTimeOffset? now = null) =>
        AssessmentContract.ToResponse(engine.Assess(plan, state.Report.ToInput(state.PlanId, state.OccurredAt)), WarningIssued(state), now);

    /// <summary>Whether a warning was issued on the incident: in force (issued, adjusted) or since lifted; a proposal or a rejected one is not.</summary>
    public static bool WarningIssued(IncidentState state) =>
        state.Warnings.Exists(w => w.Snapshot.State is WarningState.Issued or WarningState.Adjusted or WarningState.Lifted);

    private static IncidentView ToView(IncidentState s, long version, Plan plan, AssessmentResponse assessment, DateTimeOffset now)
    {
        var incident = Incident.Load(s, plan);
        // Each period of a repeating duty owes its own report: the periods that passed since its latest instance fell due unmet are
        // shown as the next command will record them, each with its own due time (nothing is written while time passes).
        var passed = RepeatingDuties.PassedPeriods(s, now);
        var obligations = passed.Count == 0 ? s.Obligations : [.. s.Obligations, .. passed];
        return new IncidentView(
            s.Id, version, s.PlanId, s.PlanDocumentNumber, s.OccurredAt, s.County, s.Place, s.Nature, s.Reporter, s.Drill,
            s.IsOpen, s.Reporting.State.ToString(), incident.AllowedReports.Select(t => t.ToString()).ToArray(),
            new ReportView(s.PlanId, s.OccurredAt, FiguresDto.From(s.Report.Figures), Judgements(s.Report.Judgements), Conditions(s.Report.Conditions)),
            assessment,
            s.Escalation is { } x ? Escalation(plan, x, s.EscalationDecidedBy) with
            {
                ActedOn = ActedOn(s, x), WithdrawnAt = s.EscalationWithdrawnAt, WithdrawnReason = s.EscalationWithdrawnReason,
            } : null,
            new ResponseView(ResponseStates.Of(s.Response.State), s.Response.Level?.ToString(), s.Response.ProposedLevel?.ToString(),
                s.Response.ResponsibleBody is { } body ? incident.ActorName(body) : null, incident.AllowedResponseTriggers.Select(t => t.ToString()).ToArray(), s.Response.Decisions,
                plan.MeasureDtosAt(s.Response.State == ResponseState.Active ? s.Response.Level : null), plan.TerminationDto,
                s.TerminationConditionsConfirmed)
            {
                TerminationProposed = s.Response.TerminationProposed,
                WorkGroups = plan.WorkGroupDtosAt(s.Response.State == ResponseState.Active ? s.Response.Level : null),
                OnSiteHeadquarters = plan.OnSiteHeadquartersAt(s.Response.State == ResponseState.Active ? s.Response.Level : null),
                Organiser = plan.OrganiserAt(s.Response.State == ResponseState.Active ? s.Response.Level : null),
            },
            obligations.Select(o => new ObligationView(o.Key, o.Code, o.Reporter, o.To, o.Act, o.Start, o.Until, o.Clock.DueAt, Status(o, now), o.Ending(), o.Timing,
                o.ScheduledEvery(s.SpecialCircumstances),
                o.Clock.FiledAt, o.Clock.OnTime, o.MetBy, o.Clause, o.Words) { MetByName = o.MetByName, ArosePastDueAt = o.ArosePastDueAt, Note = o.Note, EndedAt = o.EndedAt, OwedSince = o.OwedSince, County = o.County }).ToArray(),
            s.Warnings.Select(w => new WarningView(w.Id, w.Snapshot.State.ToString(), w.Snapshot.Colour is { } colour ? Names.Of(colour) : null, w.Snapshot.ProposedBy.ToString(),
                w.Snapshot.ApprovedBy?.ToString(), w.Snapshot.IssuedBy?.ToString(), incident.AllowedWarningTriggers(w.Id).Select(t => t.ToString()).ToArray(),
                w.Snapshot.Decisions, IssuerDuties(plan))).ToArray(),
            Timeline(s, obligations, now))
        {
            OnSiteCommand = plan.CommandFor(CommandScopes.OnSite) is { } onSite
                ? new OnSiteCommandView(incident.OnSiteCommander(), s.CommandHandovers.Count > 0 ? s.CommandHandovers[^1].HappenedAt : null, onSite.Clause, onSite.Words,
                    s.CommandHandovers)
                : null,
            EnteredInError = s.EnteredInError,
            LinkedFeedRecords = s.LinkedFeedRecords,
        };
    }

    /// <summary>What the issuer of a warning owes while it stands, in the plan's words: update it, report up, lift it.</summary>
    private static ClauseWords[] IssuerDuties(Plan plan) =>
        plan.Warnings is not { } w ? [] : new[] { w.UpdatedBy, w.ReportUp, w.LiftedBy }.OfType<ClauseWords>().ToArray();

    /// <summary>The stored timeline with, at each passed due time (or when the duty was raised, if later), the duty that was not reported by then.</summary>
    private static TimelineEntry[] Timeline(IncidentState s, IReadOnlyList<ObligationEntry> obligations, DateTimeOffset now)
    {
        var missed = obligations
            .Where(o => o.Clock.DueAt is { } due && due < now
                        && (o.Clock.State == ObligationState.Due
                            || (o.Clock.FiledAt is { } filed && filed > due)
                            || (o.Clock.State == ObligationState.Cancelled && o.Clock.Decisions.Count > 0 && o.Clock.Decisions[^1].At > due)))
            // At its due time, or when it was raised if that came later (a grade that rose, or could not be judged any more, after the
            // time its duty counts from), or when its due time was last moved if that came later (an occurrence corrected after the
            // time it now counts to): the timeline never shows a duty missed before it existed, nor before the time it missed was set.
            .Select(o => new TimelineEntry(Later(o.DueSetAt ?? o.RaisedAt, o.Clock.DueAt!.Value), "obligation-overdue", "clock",
                Overdue(o.Said(), o.Clock.DueAt!.Value), o.Clause, ActorName: TimelineEntry.ClockName))
            .ToArray();
        // A duty already overdue when the incident was first reported shows right after the first report.
        var first = s.Timeline.Count > 0 ? s.Timeline[0].At : DateTimeOffset.MinValue;
        return missed.Length == 0 ? s.Timeline.ToArray() : Merged(s.Timeline, missed, t => t.At < first ? first : t.At);
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>
    /// <paramref name="stored"/> and <paramref name="missed"/> in the order of <paramref name="key"/>, the stored entry first among equals,
    /// as a stable sort of the two one after the other gives them. The stored timeline is written in time order, so the few missed entries
    /// are sorted alone and merged in: a drill's incident has millions of entries, and sorting them all again cost more than the rest of
    /// the view. A timeline out of order (a clock that stepped back) is sorted whole, as before.
    /// </summary>
    private static TimelineEntry[] Merged(ChunkedList<TimelineEntry> stored, TimelineEntry[] missed, Func<TimelineEntry, DateTimeOffset> key)
    {
        for (var i = 1; i < stored.Count; i++)
        {
            if (key(stored[i]) < key(stored[i - 1]))
            {
                return [.. stored.Concat(missed).OrderBy(key)];
            }
        }

        var late = missed.OrderBy(key).ToArray();
        var merged = new TimelineEntry[stored.Count + late.Length];
        for (int n = 0, s = 0, m = 0; n < merged.Length; n++)
        {
            merged[n] = m < late.Length && (s == stored.Count || key(late[m]) < key(stored[s])) ? late[m++] : stored[s++];
        }

        return merged;
    }

    /// <summary>
    /// A duty whose due time passed unmet, as the timeline says it: <c>向市委、市政府报告：“…”，应于2026-03-01 08:30前报告，到时未报</c>. A drill's
    /// report finds the duty an <c>obligation-overdue</c> entry names by this text.
    /// </summary>
    public static string Overdue(DutyName duty, DateTimeOffset due) =>
        $"{duty.Full}，应于{CityTime.Minute(due)}前{duty.Done}，到时{duty.NotDone}";

    private static JudgementsDto? Judgements(JudgementInput? j)
    {
        if (j is null)
        {
            return null;
        }

        var dto = new JudgementsDto { HeadquartersLevel = j.HeadquartersLevel is { } level ? Names.Of(level) : null, DecidedBy = j.DecidedBy, Reason = j.Reason };
        foreach (var judgement in JudgementCatalogue.All)
        {
            dto.Set(judgement.Judgement, j.Has(judgement.Judgement));
        }

        return dto;
    }

    private static ConditionsDto? Conditions(RoadConditions? c) => c is null ? null : new ConditionsDto
    {
        WeatherWarning = c.WeatherWarning is { } colour ? Names.Of(colour) : null, VisibilityMetres = c.VisibilityMetres,
        VisibilityCause = c.VisibilityCause is { } cause ? Names.Of(cause) : null, WindForce = c.WindForce, TownshipsAffected = c.TownshipsAffected, MainRoadRepairHours = c.MainRoadRepairHours, MainRoad = c.MainRoad, MainRoadSnowIce = c.MainRoadSnowIce,
    };

    private static bool ActedOn(IncidentState s, EscalationRecommended x) =>
        !s.IsOpen || (x.ToLevel is { } to && s.Response.State is ResponseState.Active or ResponseState.Terminated && s.Response.Level is { } level && level >= to);

    // The because is cited as the card cites it: a criterion a judgement met carries judgedBy, the decider it was recommended on (R6).
    private static EscalationDto Escalation(Plan plan, EscalationRecommended x, string? decidedBy) => new(
        x.At,
        x.FromGrade is { } fg ? Names.Of(fg) : null,
        x.ToGrade is { } tg ? Names.Of(tg) : null,
        x.FromLevel is { } fl ? Names.Of(fl) : null,
        x.ToLevel is { } tl ? Names.Of(tl) : null,
        x.Recommendation,
        AssessmentContract.Because(plan, x.Because, decidedBy),
        x.Authority is null ? null : new AuthorityDto(x.ActivatedBy, x.DelegationRequired, x.Authority, x.AuthorityClause ?? "", x.AuthorityWords ?? ""));
}
