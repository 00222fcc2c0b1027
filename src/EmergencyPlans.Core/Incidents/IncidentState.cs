using EmergencyPlans.Core.Lifecycles;

namespace EmergencyPlans.Core.Incidents;

#pragma warning disable CA1002, CA2227 // The fold's document, bound by System.Text.Json; only Incident.Apply writes it.

/// <summary>
/// An incident's state: the fold of its events (<see cref="Incident"/>), stored beside the log as the
/// projection and rebuilt from the log at will. The lifecycles' states live here as snapshots, so the
/// machines inside <see cref="Incident"/> hold no state of their own.
/// </summary>
public sealed class IncidentState
{
    public Guid Id { get; set; }
    public string PlanId { get; set; } = "";
    public string PlanDocumentNumber { get; set; } = "";
    public DateTimeOffset OccurredAt { get; set; }
    public string County { get; set; } = "";
    public string? Place { get; set; }
    public string Nature { get; set; } = "";
    public Reporter Reporter { get; set; } = new("", null, null);
    public bool Drill { get; set; }

    /// <summary>The figures as last reported (later reports merged in).</summary>
    public IncidentReport Report { get; set; } = IncidentReport.Empty;

    /// <summary>What the engine concluded at the latest report.</summary>
    public AssessedOutcome Assessed { get; set; } = new(null, true, null, true, []);

    /// <summary>The latest escalation recommendation, if any report raised the grade or the level.</summary>
    public EscalationRecommended? Escalation { get; set; }

    /// <summary>
    /// Who decided the human judgements (R6) in force when <see cref="Escalation"/> was recommended (the report's <c>decidedBy</c>; empty
    /// when none was named): a criterion of its <c>because</c> that a judgement met is marked with it, as on the card. Folded from the
    /// reports, the event keeping no decider; null with no escalation.
    /// </summary>
    public string? EscalationDecidedBy { get; set; }

    /// <summary>
    /// When <see cref="Escalation"/> was withdrawn (escalation-withdrawn, schema 15: the report that recommended it was corrected as entered in
    /// error); null while it stands, and in a projection stored before.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? EscalationWithdrawnAt { get; set; }

    /// <summary>Why it was withdrawn, for people; null while it stands.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? EscalationWithdrawnReason { get; set; }

    /// <summary>Special circumstances hold (特殊情况): repeating duties run at their special cadence.</summary>
    public bool SpecialCircumstances { get; set; }

    /// <summary>The situation was recorded as stable (灾情稳定): duties that run until then have ended.</summary>
    public bool SituationStable { get; set; }

    /// <summary>
    /// Whether the body that ended the response confirmed the plan's termination conditions: true, or null when the response
    /// has not ended or the termination did not say.
    /// </summary>
    public bool? TerminationConditionsConfirmed { get; set; }

    /// <summary>倒损住房恢复重建工作结束 was recorded (natural disaster 6.2): the duties that follow it have been started.</summary>
    public bool ReconstructionFinished { get; set; }

    /// <summary>Handling was recorded as finished (处置结束).</summary>
    public bool HandlingFinished { get; set; }

    /// <summary>The incident was closed as opened in error (a 终报 with <c>enteredInError</c>); false in a projection stored before it.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool EnteredInError { get; set; }

    /// <summary>Each handover of command on site (C 4.2 向上级指挥部移交现场指挥权), in the order recorded; the last one's taker commands.</summary>
    public List<CommandHandover> CommandHandovers { get; set; } = [];

    /// <summary>
    /// The feed records a duty officer tied to the incident (feed-record-linked, schema 12), in the order linked: their later messages are
    /// filed on it. Empty in a projection stored before it, whose log has no such event.
    /// </summary>
    public List<LinkedFeedRecord> LinkedFeedRecords { get; set; } = [];

    public ReportingSnapshot Reporting { get; set; } = null!;
    public ResponseSnapshot Response { get; set; } = ResponseSnapshot.Initial;
    public List<ObligationEntry> Obligations { get; set; } = [];
    public List<WarningEntry> Warnings { get; set; } = [];

    /// <summary>
    /// The colours a report called for while the warning in force was below them (warning-below-the-plan, schema 9), each once: the incident's
    /// flag is raised once per colour required. Empty in a projection stored before it, whose log has no such event.
    /// </summary>
    public List<Domain.WarningColour> WarningColoursBelowThePlan { get; set; } = [];
    public ChunkedList<TimelineEntry> Timeline { get; set; } = [];

    /// <summary>When the latest event happened.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Open until the final report is in and no response is still active.</summary>
    public bool IsOpen => Reporting.State != ReportingState.Closed;

    /// <summary>
    /// The response level in force, or the one ended (the response's state says which); otherwise the level the latest assessment calls
    /// for. A terminated Ⅰ listed as the Ⅱ the figures came to call for read as "a Ⅱ response was ended", and a search for the Ⅰ
    /// responses of the week (R 6.4 总结评估) missed it (a duty officer's review, session 54).
    /// </summary>
    public Domain.ResponseLevel? CurrentLevel =>
        Response.State is ResponseState.Active or ResponseState.Terminated && Response.Level is { } level ? level : Assessed.Level;
}

/// <summary>One reporting duty of the incident and its clock.</summary>
public sealed class ObligationEntry
{
    /// <summary>Unique within the incident: the code, with #n for later instances.</summary>
    public string Key { get; set; } = "";
    public string Code { get; set; } = "";

    /// <summary>Who must report, in the plan's words.</summary>
    public string Reporter { get; set; } = "";
    public string To { get; set; } = "";

    /// <summary>What is done and to whom where it is not a plain report (the plan's <c>act</c>); null for <c>向{To}报告</c>.</summary>
    public string? Act { get; set; }

    /// <summary>What started its clock.</summary>
    public string Start { get; set; } = "occurrence";

    /// <summary>What ends it when it repeats: final-report or situation-stable.</summary>
    public string? Until { get; set; }

    /// <summary>The repeat period while special circumstances hold.</summary>
    public string? SpecialEvery { get; set; }

    /// <summary>Which of the incident's own reports fulfils it: continuation-report or final-report.</summary>
    public string? MetByReport { get; set; }
    public string Clause { get; set; } = "";
    public string Words { get; set; } = "";
    public string Timing { get; set; } = "fixed";
    public string? Every { get; set; }

    /// <summary>The due time the plan's words give, when it had passed before the duty arose: owed 立即 since (ADR 0003 #71); null otherwise.</summary>
    public DateTimeOffset? ArosePastDueAt { get; set; }

    /// <summary>
    /// The county this instance is owed by or for, for a duty the plan owes once per county (N 5.6, <see cref="ObligationRaised.County"/>); null for
    /// any other duty, and for one raised before schema 17, which stands for the incident's own county (<see cref="IncidentState.County"/>).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? County { get; set; }

    /// <summary>
    /// The repeat period this instance was scheduled by (ISO 8601): its <see cref="SpecialEvery"/> when special circumstances held as it
    /// was raised or last rescheduled while owed, else <see cref="Every"/>. A period met at 每4小时 stays 4-hourly when special
    /// circumstances later set the 2-hour cadence. Null for a duty that does not repeat, and in a projection stored before session 47:
    /// read it through <see cref="ScheduledEvery"/>.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Cadence { get; set; }

    /// <summary>
    /// <see cref="Cadence"/>, or where none was kept (a projection stored before it), the period the duty runs at now: the special one
    /// while <paramref name="special"/> (special circumstances hold), else its own.
    /// </summary>
    public string? ScheduledEvery(bool special) => Cadence ?? (special && SpecialEvery is not null ? SpecialEvery : Every);

    public DateTimeOffset RaisedAt { get; set; }

    /// <summary>
    /// When the due time in <see cref="Clock"/> was last moved (obligation-rescheduled: an occurrence corrected, special circumstances);
    /// null while it is the one the duty was raised with (read <see cref="RaisedAt"/>), and in a projection stored before session 48. A
    /// duty is never shown missed before its due time was set: a 122 record's later <c>occurredAt</c> brought a duty's time back to one
    /// already past, and the timeline showed it overdue above the correction that set that time.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? DueSetAt { get; set; }

    public ObligationSnapshot Clock { get; set; }

    /// <summary>Who recorded the report as made.</summary>
    public string? MetBy { get; set; }

    /// <summary>
    /// <see cref="MetBy"/> as people read it (122接处警（数据接口）, 王值班（值班员）), as the timeline's <c>actorName</c>; null before it is met, and in
    /// a projection stored before 2026-12-07.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? MetByName { get; set; }
    public string? Note { get; set; }

    /// <summary>
    /// How a duty that ended (state Cancelled) ended: <see cref="EndedUnmet"/> when the incident closed while it was owed and had not been
    /// done, <see cref="EndedNotNeeded"/> when it no longer applied; null while it is owed or once met. A projection stored before schema 6
    /// has none: read it through <see cref="Ending"/>.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? EndedAs { get; set; }

    /// <summary>When the duty ended (state Cancelled), as its <c>obligation-cancelled</c> says; null while owed or once met, and in a projection
    /// stored before schema 16.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>
    /// For a duty without a due time that a later decision ended while it was owed and not done (a level raised past the report the level below
    /// owed, a level decided without the office's proposal): since when it had been owed (<see cref="ObligationCancelled.OwedSince"/>), so the
    /// span it stood unmet is <see cref="EndedAt"/> minus this. Null for any other duty: one that no longer applied before anything was owed.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? OwedSince { get; set; }

    /// <summary>The <see cref="EndedAs"/> of a duty owed and never done when the incident closed.</summary>
    public const string EndedUnmet = "unmet";

    /// <summary>The <see cref="EndedAs"/> of a duty that no longer applied (终报已报送, 灾情稳定, 响应已终止, a grade that no longer calls for it).</summary>
    public const string EndedNotNeeded = "not-needed";

    /// <summary>
    /// The <see cref="EndedAs"/> of a duty of a body outside the city command and its office (the plan's <c>outsideCommand</c>: C 4.1(一) 事发单位,
    /// R 5.1.1 拨打122) still owed, not recorded, when the incident closed: the office only records such a duty, so the close knows that it was
    /// not recorded, not that it was never done (ADR 0003 #77).
    /// </summary>
    public const string EndedUnrecorded = "unrecorded";

    /// <summary>
    /// How the duty ended (<see cref="EndedAs"/>), null unless it ended. A projection stored before schema 6 kept no such field: its
    /// cancellation is read as the log reader reads an event of that schema (the close's reason 事件已关闭 means never done).
    /// </summary>
    public string? Ending() => Clock.State != ObligationState.Cancelled
        ? null
        : EndedAs ?? (Clock.Decisions.Count > 0 && Clock.Decisions[^1].Reason == ObligationCancelled.ClosedReason ? EndedUnmet : EndedNotNeeded);

    /// <summary>
    /// Where the duty is among the incident's duties of its <see cref="Code"/>, in the order raised: set by the incident's index when it
    /// takes the duty in, -1 before. Not part of the document (the list's order is).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    internal int CodePosition { get; set; } = -1;

    /// <summary>The duty as people name it (<see cref="Plans.DutyWords"/>): what is done and to whom, its period, the plan's words; never its key.</summary>
    public Plans.DutyName Said() => Plans.DutyWords.Of(To, Act, Start, Words, Key, Every, County);
}

/// <summary>One road-traffic warning of the incident.</summary>
public sealed class WarningEntry
{
    public Guid Id { get; set; }
    public WarningSnapshot Snapshot { get; set; } = null!;
}

/// <summary>What happened, who did it, which rule applied, and the feed message it came from (<c>122:dispatchId#sequence</c>; null over REST).</summary>
/// <param name="At">When it was recorded.</param>
/// <param name="Type">The event's type (docs/events.md).</param>
/// <param name="Actor">Who, as an identifier: the display name with the role id (<c>张三 (deputy-commander)</c>), <c>engine</c>, <c>clock</c>.</param>
/// <param name="Summary">What happened, in Chinese.</param>
/// <param name="Rule">The clause it rests on, with the plan's document number.</param>
/// <param name="Source">The system a report came from (the 122 feed's message), or null.</param>
/// <param name="ActorName">Who, as the duty office reads it: the plan's name of the post (张三（市指挥部副指挥长）, 系统（依预案研判）).</param>
/// <param name="ReportRef">On a report's entry (首报, 续报, 终报): its place among the incident's reports, <c>report#1</c> for the first, the
/// reference a correction (<c>corrects</c>) names it by whatever its source; null on other entries.</param>
/// <remarks>A value, kept in the incident's <see cref="ChunkedList{T}"/>: an object per entry was what a long incident kept most of.</remarks>
public readonly record struct TimelineEntry(DateTimeOffset At, string Type, string Actor, string Summary, string? Rule, string? Source = null, string? ActorName = null,
    string? ReportRef = null)
{
    /// <summary>The service's own entries (a duty that passed unmet) as the duty office reads their author.</summary>
    public const string ClockName = "系统（报告时限）";

    /// <summary>The prefix of <see cref="ReportRef"/>: <c>report#</c> then the report's place (1 for the first report).</summary>
    public const string ReportRefPrefix = "report#";

    /// <summary>Whether an entry of this type is a report's (首报, 续报, 终报), numbered by <see cref="ReportRef"/>.</summary>
    public static bool IsReport(string type) => type is "first-report" or "continuation-report" or "final-report";
}
#pragma warning restore CA1002, CA2227

/// <summary>Command on site passed on (C 4.2): from <paramref name="From"/> to <paramref name="TakenBy"/> at <paramref name="HappenedAt"/>, recorded by <paramref name="RecordedBy"/>.</summary>
public sealed record CommandHandover(string From, string TakenBy, DateTimeOffset HappenedAt, string RecordedBy);

/// <summary>A feed record tied to the incident by a duty officer (<see cref="FeedRecordLinked"/>).</summary>
/// <param name="Channel">The feed (<c>122</c>).</param>
/// <param name="DispatchId">The sender's record (接警单编号).</param>
/// <param name="LinkedAt">When it was tied.</param>
/// <param name="LinkedBy">Who tied it, as the timeline names them.</param>
/// <param name="Replaces">The closed incident the record had opened before; null when it had none.</param>
public sealed record LinkedFeedRecord(string Channel, string DispatchId, DateTimeOffset LinkedAt, string LinkedBy, Guid? Replaces);
