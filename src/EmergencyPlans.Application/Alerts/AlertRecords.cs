using System.Text.Json.Serialization;

namespace EmergencyPlans.Application.Alerts;

/// <summary>The kinds of alert (docs/alerts.md): the one list every other place loops over.</summary>
public static class AlertKinds
{
    /// <summary>A plan incident was opened; lists the duties it starts.</summary>
    public const string NewIncident = "new-incident";

    /// <summary>A report raised the grade or the response level: who must decide.</summary>
    public const string Escalation = "escalation";

    /// <summary>
    /// A duty falls due within 10 minutes; or a duty owed at once (立即, 随即, 同时, 第一时间: no due time) that a command after the opening raised
    /// (the commander's Ⅰ, C 4.3.3(3)①) is due now: its <c>dueAt</c> is when it arose (since session 59); likewise one owed 及时 (timing
    /// promptly, no due time: N 5.4.3(1) 及时上报, raised by the Ⅳ), said 及时, not 立即 (since session 60).
    /// </summary>
    public const string DutyDueSoon = "duty-due-soon";

    /// <summary>A duty's due time passed without the report.</summary>
    public const string DutyOverdue = "duty-overdue";

    /// <summary>The assessment meets a road warning condition (road plan 4.4).</summary>
    public const string RoadWarning = "road-warning";

    /// <summary>The feed's sender withdrew the record an open incident came from (122: status cancelled): verify before going on.</summary>
    public const string FeedCancelled = "feed-cancelled";

    /// <summary>A report said the incident happened earlier than it held: the duties counted from the occurrence fall due sooner.</summary>
    public const string DeadlinesBroughtForward = "deadlines-brought-forward";

    /// <summary>
    /// The road warning in force is below the colour the latest report calls for (road 4.3; 已发布的黄色预警低于预案规定的橙色): who may approve the
    /// colour required. A colour called for with no warning in force at all is <see cref="RoadWarning"/>'s.
    /// </summary>
    public const string WarningBelowThePlan = "warning-below-the-plan";

    /// <summary>
    /// The feed's sender sent the record of an open incident again as not cancelled after withdrawing it: the withdrawal no longer stands, and a
    /// <see cref="FeedCancelled"/> alert read before says otherwise (a feed integrator's review, session 52).
    /// </summary>
    public const string FeedReinstated = "feed-reinstated";

    /// <summary>
    /// A feed record that opens no incident (below the intake rule) reports road conditions meeting a warning condition (R 4.2: the members
    /// report such hazards to the 市指挥部办公室, which decides the warning; 4.3 the colours). The one kind with no incident: it names its
    /// dispatch record instead (a 122 integrator's review, session 52: fog of 8 米 with nobody hurt reached no one).
    /// </summary>
    public const string FeedRoadWarning = "feed-road-warning";

    /// <summary>
    /// A feed message of a record that has an incident names another county, or another road number, than the incident was opened with (122
    /// corrected where it happened: 经核实事发地点为高平市境内…): the duties are owed by the office of the place where it happened (事发地, road
    /// 5.1.1; 2.6), so the office verifies it and the right county's duty office carries on. It names the incident and the record
    /// (<c>dispatchId</c>); the incident keeps its county and place (a 122 integrator's review, s62 F62-07).
    /// </summary>
    public const string FeedPlaceChanged = "feed-place-changed";

    public static IReadOnlyList<string> All { get; } = [NewIncident, Escalation, DutyDueSoon, DutyOverdue, RoadWarning, FeedCancelled, DeadlinesBroughtForward, WarningBelowThePlan, FeedReinstated, FeedRoadWarning, FeedPlaceChanged];

    public static bool IsKnown(string? kind) => All.Contains(kind, StringComparer.Ordinal);
}

/// <summary>The rule that caused an alert: plan, clause and the plan's words.</summary>
public sealed record AlertCause(string Plan, string Rule, string Clause, string Words);

/// <summary>A duty an alert is about or lists.</summary>
public sealed record AlertDuty(string Key, string Code, string Reporter, string To, DateTimeOffset? DueAt, string Clause, string Words)
{
    /// <summary>
    /// deadlines-brought-forward: how many missed periods of a repeating duty this entry stands for (the entry is the latest of them, its key
    /// and due time); null (not written) for an entry that is one duty.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Periods { get; init; }

    /// <summary>With <c>periods</c>: when the earliest of those periods was due.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? FirstDueAt { get; init; }
}

/// <summary>Who must decide an escalation, from the plan (Plan.ActivationAuthority as recorded in the escalation event): role ids of the catalogue and the same bodies in Chinese.</summary>
public sealed record AlertAuthority(IReadOnlyList<string> Roles, IReadOnlyList<string> Names, IReadOnlyList<string> DelegationRequired, string? Authority, string? Clause, string? Words);

/// <summary>What only some kinds carry.</summary>
public sealed record AlertDetails
{
    /// <summary>new-incident: the duties the incident started; due-soon / overdue: the duty; deadlines-brought-forward: the duties, at their new time.</summary>
    public IReadOnlyList<AlertDuty> Duties { get; init; } = [];
    public string? FromGrade { get; init; }
    public string? ToGrade { get; init; }
    public string? FromLevel { get; init; }
    public string? ToLevel { get; init; }

    /// <summary>
    /// escalation (since session 61): the level in force when the rise was recorded (<c>IV</c>), which <c>fromLevel</c> (the level the
    /// figures called for) need not be; null, and not written, when none was in force (never started, or ended), and for every other kind.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LevelInForce { get; init; }

    /// <summary>escalation: who must decide.</summary>
    public AlertAuthority? DecidedBy { get; init; }

    /// <summary>
    /// escalation (since session 60): who proposes the recommended level to the body that decides it, with the plan's clause and words
    /// (<c>response.proposal</c>: R 5.3.1 启动程序 市指挥部办公室……向市指挥部提出启动Ⅰ级应急响应的建议); null, and not written, where the plan has
    /// no proposal for the level (road Ⅲ, natural disaster Ⅳ), that proposal already stands, or no level is recommended.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public AlertAuthority? ProposedBy { get; init; }

    /// <summary>road-warning: the colour (red, orange, yellow); warning-below-the-plan: the colour the report calls for.</summary>
    public string? Colour { get; init; }

    /// <summary>warning-below-the-plan: the colour in force (yellow, orange); null for every other kind, and not written then.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ColourInForce { get; init; }

    /// <summary>
    /// new-incident: the open road incidents of the same county (and road, where both give one) occurring within 6 hours of it, which may be
    /// the same accident (docs/feed-122.md, "A possible duplicate"): for an incident a 122 record opened, the office's own; for one the office
    /// opened (since session 57), those a 122 record opened or is tied to. Null when there is none, and not written then (nor for any other kind).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Guid>? PossibleDuplicateOf { get; init; }
}

/// <summary>
/// An alert to raise. The key is deterministic (the same condition always gives the same key, docs/alerts.md);
/// title and text are Chinese, for the duty officer; duty key and due time are set for due-soon and overdue. Every alert names its
/// incident but <see cref="AlertKinds.FeedRoadWarning"/>, which names the feed's record it came from (<see cref="DispatchId"/>) instead.
/// </summary>
public sealed record NewAlert(
    string Key,
    string Kind,
    Guid? IncidentId,
    string PlanId,
    bool Drill,
    DateTimeOffset RaisedAt,
    string RaisedBy,
    string Title,
    string Text,
    AlertCause Cause,
    string? DutyKey,
    DateTimeOffset? DueAt,
    AlertDetails Details)
{
    /// <summary>The feed record (122's 接警单编号) an alert with no incident came from; null for every alert of an incident.</summary>
    public string? DispatchId { get; init; }
}

/// <summary>A stored alert: its id (increasing in commit order) and its acknowledgement.</summary>
public sealed record StoredAlert(long Id, NewAlert Alert, DateTimeOffset? AcknowledgedAt, string? AcknowledgedBy);

/// <summary>
/// Filters for <see cref="Ports.IAlertStore.QueryAsync"/>; unset filters match everything. Newest (highest id) first, or oldest
/// first when <see cref="AfterId"/> is set.
/// </summary>
public sealed record AlertQuery
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    /// <summary>True: only alerts nobody acknowledged; false: only acknowledged ones.</summary>
    public bool? Unacknowledged { get; init; }
    public string? Kind { get; init; }
    public Guid? IncidentId { get; init; }

    /// <summary>Only the alerts that name this feed record instead of an incident (<see cref="AlertKinds.FeedRoadWarning"/>).</summary>
    public string? DispatchId { get; init; }

    /// <summary>
    /// Only alerts with a lower id (the next page of a newest-first walk, after the last id of the page before). Ids never move, so
    /// an alert stored or acknowledged between two pages neither hides nor repeats another, as it does with <see cref="Offset"/>.
    /// </summary>
    public long? BeforeId { get; init; }

    /// <summary>Only alerts with a higher id, oldest first (a walk forward, or a client catching up from the last alert it saw).</summary>
    public long? AfterId { get; init; }

    /// <summary>
    /// Leaves out the alerts of closed incidents (a closed incident overtakes every alert of it, <see cref="AlertOvertaking"/>): the first,
    /// cheap, part of <c>current=true</c>; the rest is derived from each incident's state as the page is read.
    /// </summary>
    public bool WithoutClosedIncidents { get; init; }

    public int Limit { get; init; } = DefaultLimit;
    public int Offset { get; init; }
}
