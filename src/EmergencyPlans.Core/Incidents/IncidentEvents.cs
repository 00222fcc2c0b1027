using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Lifecycles;

namespace EmergencyPlans.Core.Incidents;

// The incident's log, in domain terms (docs/events.md). These records are the stored schema: a field
// is never renamed or re-typed once released; a change is a new field with a default, or a new event
// type, and bumps IncidentEventSchema.Version. Request and response shapes of the REST API are never
// stored: an event says what happened to the incident, not what a client sent.

/// <summary>Something that happened to an incident: when, and which body did it.</summary>
public abstract record IncidentEvent
{
    /// <summary>When it happened (the service's clock when the command was taken).</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The body (role) and person who did it; the engine or the system for derived events.</summary>
    public required LifecycleActor By { get; init; }
}

/// <summary>Who made the first report (报告人).</summary>
public sealed record Reporter(string Name, string? Unit, string? Phone);

/// <summary>
/// Where a report came from when a feed sent it rather than a person over REST (schema version 2):
/// the feed, its message and the record of the sender it states.
/// </summary>
/// <param name="Channel">The feed: <c>122</c> (the traffic police dispatch centre).</param>
/// <param name="MessageId">The sender's message id (the 122 <c>eventId</c>).</param>
/// <param name="Reference">The sender's record (the 122 <c>dispatchId</c>, 接警单编号).</param>
/// <param name="Sequence">The message's place among the record's updates.</param>
/// <param name="Status">The sender's status of its record when it sent this message (122: open, closed, cancelled); null when it gave
/// none, and in events written before it was kept.</param>
public sealed record ReportSource(string Channel, string MessageId, string Reference, long Sequence, string? Status = null)
{
    /// <summary>The status a sender gives a record it withdraws (122 <c>cancelled</c>: a false or duplicate call).</summary>
    public const string WithdrawnStatus = "cancelled";

    /// <summary>
    /// True when the sender withdrew its record with this message (a false or duplicate call): it says the accident it reported did not
    /// happen as reported, not that anything happened since. A method, not a property: the event's JSON (and the drill store's copy of it)
    /// carries the status, not this reading of it.
    /// </summary>
    public bool Withdraws() => string.Equals(Status, WithdrawnStatus, StringComparison.Ordinal);

    /// <summary>How the timeline shows it: <c>122:JC-20261202-0001#3</c>.</summary>
    public override string ToString() => $"{Channel}:{Reference}#{Sequence}";

    /// <summary>
    /// The sender's record as people read it, <c>122接警单JC-20261202-0001</c>: in the nature of an incident the record opened, where an
    /// alert's title ends, and wherever an alert names the record.
    /// </summary>
    public string Record => $"{Channel}接警单{Reference}";
}

/// <summary>A rule that produced a result, as the plan words it.</summary>
public sealed record RuleRef(string Rule, string Clause, string Words);

/// <summary>What the engine concluded from the figures at the time of a report.</summary>
/// <param name="Grade">The grade's lower bound; null where the plan grades nothing (natural disaster undeclared).</param>
/// <param name="GradeDetermined">False while unknown figures could still raise the grade.</param>
/// <param name="Level">The response level's lower bound; null for no city-level response.</param>
/// <param name="LevelDetermined">False while unknown figures could still raise the level.</param>
/// <param name="Because">The first rules behind the level, then the grade.</param>
public sealed record AssessedOutcome(Grade? Grade, bool GradeDetermined, ResponseLevel? Level, bool LevelDetermined, IReadOnlyList<RuleRef> Because);

/// <summary>The first report (首报) opened the incident.</summary>
public sealed record IncidentOpened : IncidentEvent
{
    public required Guid IncidentId { get; init; }
    public required string PlanId { get; init; }

    /// <summary>The version of the plan judged against (its gazette number): the one in force when the incident occurred.</summary>
    public required string PlanDocumentNumber { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    public required string County { get; init; }
    public string? Place { get; init; }
    public required string Nature { get; init; }
    public required Reporter Reporter { get; init; }
    public bool Drill { get; init; }
    public required IncidentReport Report { get; init; }
    public required AssessedOutcome Assessed { get; init; }

    /// <summary>The feed message the report came from; null for a report over REST (and in every schema-1 event).</summary>
    public ReportSource? Source { get; init; }
}

/// <summary>A continuation (续报) or final (终报) report: the figures it gave, merged into what was known.</summary>
public sealed record ReportFiled : IncidentEvent
{
    public required bool Final { get; init; }
    public string? Summary { get; init; }

    /// <summary>What this report said; figures it left out keep their earlier value.</summary>
    public required IncidentReport Reported { get; init; }
    public required AssessedOutcome Assessed { get; init; }

    /// <summary>The feed message the report came from; null for a report over REST (and in every schema-1 event).</summary>
    public ReportSource? Source { get; init; }

    /// <summary>
    /// When the report was made, when the office records it afterwards (补录: phoned at 08:40, typed in at 08:53); the duties it meets are met
    /// at this time. Null (not written) for a report made when it was recorded, and in every event written before 2026-12-07.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? MadeAt { get; init; }

    /// <summary>
    /// True on a 终报 that closes an incident opened in error (the wrong plan, a false report): the duties still owed ended as not needed.
    /// Null (not written) otherwise, and in every event written before 2026-12-07.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public bool? EnteredInError { get; init; }

    /// <summary>
    /// True on a 续报 that corrects the report before it, entered in error (30 dead typed for 3): the duties that report raised and the corrected
    /// figures do not call for ended as not needed. Null (not written) otherwise, and in every event written before 2026-12-07.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public bool? CorrectsPrevious { get; init; }

    /// <summary>
    /// On a correction of an earlier report than the one just before, that report's source as the timeline shows it (<c>122:JC-…#2</c>: 122
    /// sent 12 dead, then 2; the office corrects the first) or, since schema version 14, its reference (<c>report#2</c>, its place among the
    /// incident's reports: any report, one made over REST included); <see cref="CorrectsPrevious"/> is true with it. Null (not written)
    /// otherwise, and in every event written before schema version 11.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Corrects { get; init; }
}

/// <summary>A report raised the grade or the level: a recommendation for whoever holds the authority.</summary>
public sealed record EscalationRecommended : IncidentEvent
{
    public Grade? FromGrade { get; init; }
    public Grade? ToGrade { get; init; }
    public ResponseLevel? FromLevel { get; init; }
    public ResponseLevel? ToLevel { get; init; }
    public required string Recommendation { get; init; }
    public required IReadOnlyList<RuleRef> Because { get; init; }

    /// <summary>Who may activate the recommended level, from the plan.</summary>
    public IReadOnlyList<string> ActivatedBy { get; init; } = [];
    public IReadOnlyList<string> DelegationRequired { get; init; } = [];
    public string? Authority { get; init; }
    public string? AuthorityClause { get; init; }
    public string? AuthorityWords { get; init; }

    /// <summary>
    /// True when what rose is how the grade is reported, not the grade or the level: a settled grade can no longer be judged
    /// (暂时无法判明等级, DOMAIN R3: people missing who may be dead), so it is reported like 较大以上. Null in events written before it.
    /// </summary>
    public bool? GradeNowUndetermined { get; init; }

    /// <summary>
    /// True when nothing rose: a level was just activated or adjusted below the level the assessment calls for (<see cref="FromLevel"/>
    /// the level in force, <see cref="ToLevel"/> the plan's), which no rule makes right (R 5.7 避免响应不足). Null in events written before it.
    /// </summary>
    public bool? BelowThePlan { get; init; }
}

/// <summary>
/// The escalation a report recommended is withdrawn because that report was corrected as entered in error and the corrected figures no
/// longer call for it (schema 15): 30 dead typed for 3 recommended 特别重大 and Ⅰ, and the recommendation stood, live, after the correction.
/// </summary>
public sealed record EscalationWithdrawn : IncidentEvent
{
    /// <summary>Why, for people: which report was entered in error.</summary>
    public required string Reason { get; init; }
}

/// <summary>A reporting duty started: who reports to whom, by when, and the clause that demands it.</summary>
public sealed record ObligationRaised : IncidentEvent
{
    /// <summary>Unique within the incident: the code, with #n for later instances (continuation-report#2).</summary>
    public required string Key { get; init; }
    public required string Code { get; init; }

    /// <summary>Who must report, in the plan's words.</summary>
    public string Reporter { get; init; } = "";
    public required string To { get; init; }

    /// <summary>
    /// What is done and to whom where the plan's verb is not a plain report (schema 5): the plan's <c>act</c>, e.g. <c>通知市政府有关涉外部门</c>.
    /// Null for <c>向{To}报告</c>, and in every event written before schema 5, which reads as a report as it did.
    /// </summary>
    public string? Act { get; init; }

    /// <summary>What started its clock (occurrence, receipt, activation, city-request, …).</summary>
    public string Start { get; init; } = "occurrence";

    /// <summary>What ends a repeating duty: final-report or situation-stable.</summary>
    public string? Until { get; init; }

    /// <summary>The repeat period while special circumstances hold (ISO 8601).</summary>
    public string? SpecialEvery { get; init; }

    /// <summary>Which of the incident's own reports fulfils it besides recording: continuation-report or final-report.</summary>
    public string? MetByReport { get; init; }
    public required string Clause { get; init; }
    public required string Words { get; init; }

    /// <summary>fixed | immediately | promptly | on-completion.</summary>
    public required string Timing { get; init; }

    /// <summary>The repeat period (ISO 8601), for a recurring duty.</summary>
    public string? Every { get; init; }
    public DateTimeOffset? DueAt { get; init; }

    /// <summary>
    /// The due time the plan's words give (C 4.1(二) "事发后30分钟以内"), when it had passed before the duty arose (a grade reached by a
    /// secondary collapse 50 minutes after the occurrence): the duty is then owed 立即 (<c>timing</c> immediately, no <c>dueAt</c>), and this
    /// keeps the text's own clock beside it (ADR 0003 #71, schema 14). Null (not written) otherwise.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? ArosePastDueAt { get; init; }

    /// <summary>
    /// The county this instance is owed by or for, for a duty the plan owes once per county (<c>eachCounty</c>, N 5.6: 所涉及县(市、区)要立即启动
    /// 自然灾害救助应急响应; 启动县(市、区)级…的,应及时向市应急管理局报告), as the city file writes it (schema 17, ADR 0003 #83). Null (not
    /// written) for any other duty, and in every event written before schema 17, which reads as one duty for the incident's own county.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? County { get; init; }
}

/// <summary>A more frequent rule now applies to an open duty (continuation every 4 h once 重大): its clock is brought forward.</summary>
public sealed record ObligationRescheduled : IncidentEvent
{
    public required string Key { get; init; }
    public required DateTimeOffset DueAt { get; init; }
    public string? Every { get; init; }

    /// <summary>The cadence while special circumstances hold, of the rule that now applies.</summary>
    public string? SpecialEvery { get; init; }

    /// <summary>What ends the duty, under the rule that now applies.</summary>
    public string? Until { get; init; }
    public required string Clause { get; init; }
    public required string Words { get; init; }

    /// <summary>
    /// Why the due time moved, in words for people (事发时间更正; a later 续报 the same day, 每日至少续报1次); null for the reasons told by
    /// the state itself (special circumstances set or cleared), and in every event before schema version 5.
    /// </summary>
    public string? Reason { get; init; }

    /// <summary>The <see cref="Reason"/> of a due time moved by a correction of the occurrence time.</summary>
    public const string OccurrenceCorrection = "事发时间更正";
}

/// <summary>
/// A later report said when the incident really happened (schema version 5): the 122 record's <c>occurredAt</c>, unknown when it
/// opened the incident (its call time stood for it), or a duty officer's correction. The duties counted from the occurrence (事发后)
/// are rescheduled by the events that follow it.
/// </summary>
public sealed record OccurrenceCorrected : IncidentEvent
{
    /// <summary>When it happened, as now known.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>What the incident held before.</summary>
    public required DateTimeOffset Was { get; init; }

    /// <summary>The feed message that said it; null for a correction over REST.</summary>
    public ReportSource? Source { get; init; }
}

/// <summary>The report a duty asked for was made at <see cref="MadeAt"/>.</summary>
public sealed record ObligationFulfilled : IncidentEvent
{
    public required string Key { get; init; }
    public required DateTimeOffset MadeAt { get; init; }
    public string? Note { get; init; }
}

/// <summary>
/// A duty ends unmet: either it no longer applies (the final report ends the continuation reports not yet due, 灾情稳定, the end of the
/// response), or (<see cref="Unmet"/>) the incident closed while a duty without a due time was still owed and never done.
/// </summary>
public sealed record ObligationCancelled : IncidentEvent
{
    /// <summary>The reason the close writes for a duty without a due time still owed (the only reason written with <see cref="Unmet"/>).</summary>
    public const string ClosedReason = "事件已关闭";

    public required string Key { get; init; }
    public required string Reason { get; init; }

    /// <summary>
    /// Schema 6: true when the duty was owed and never done when it ended (the incident closed with 立即续报 or the office's proposal still
    /// owed); false when it no longer applied. Bodies of schema 1–5 are read with it true for <see cref="ClosedReason"/>, the close's
    /// reason, which was written for nothing else (<see cref="IncidentEventSchema.Deserialize"/>).
    /// </summary>
    public bool Unmet { get; init; }

    /// <summary>
    /// Schema 16: for a duty without a due time that a later decision ended (N 5.3.2 "决定启动Ⅲ级响应,并向市安委会主任报告" owed from the
    /// Ⅲ activation and ended when the level was raised to Ⅱ; the office's proposal of Ⅱ ended by the Ⅱ decided without it): since when it had
    /// been owed and not done, its start passed (when it was raised). Null when nothing was owed when it ended (a timed duty not yet due, a
    /// duty raised at that very moment, one a report entered in error raised) and for every other ending; not written then.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? OwedSince { get; init; }
}

/// <summary>
/// The office proposed activating a level (市指挥部办公室……提出启动Ⅱ级响应建议, C 4.3.2, R 5.3.2, N 5.2.2), or revised its proposal;
/// the body with the level's authority then activates a level or declines (schema 4).
/// </summary>
public sealed record ResponseProposed : IncidentEvent
{
    public required ResponseLevel Level { get; init; }
    public required string Reason { get; init; }
}

/// <summary>The body with the proposed level's authority turned the proposal down; no response is active (schema 4).</summary>
public sealed record ResponseDeclined : IncidentEvent
{
    public required string Reason { get; init; }
}

/// <summary>
/// The office proposed ending the active response (N 2.2(2) 市安委办……提出自然灾害救助应急响应启动、终止建议); the response stays active until
/// the body that may end it (5.7 按启动响应的相关权限终止响应) terminates or declines (schema 7).
/// </summary>
public sealed record ResponseTerminationProposed : IncidentEvent
{
    public required string Reason { get; init; }
}

/// <summary>The body that may end the response turned the office's proposal to end it down; the level stays in force (schema 7).</summary>
public sealed record ResponseTerminationDeclined : IncidentEvent
{
    public required string Reason { get; init; }
}

/// <summary>A response level was activated by a body with the authority for it.</summary>
public sealed record ResponseActivated : IncidentEvent
{
    public required ResponseLevel Level { get; init; }
    public required string Reason { get; init; }

    /// <summary>
    /// When the body decided, when the office records the decision afterwards (a leader's decision by phone at 09:05, typed in at 09:20):
    /// the decision and the duties it starts take this time. Null (not written) for a decision recorded as it was taken, and in every event
    /// written before 2026-12-07.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? DecidedAt { get; init; }
}

/// <summary>The active response was raised or lowered.</summary>
public sealed record ResponseAdjusted : IncidentEvent
{
    public required ResponseLevel Level { get; init; }
    public required string Reason { get; init; }

    /// <summary>
    /// When the body decided, when the office records the decision afterwards (a leader's decision by phone at 09:05, typed in at 09:20):
    /// the decision and the duties it starts take this time. Null (not written) for a decision recorded as it was taken, and in every event
    /// written before 2026-12-07.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? DecidedAt { get; init; }
}

/// <summary>The response was ended by the body that started it (谁启动、谁结束).</summary>
public sealed record ResponseTerminated : IncidentEvent
{
    public required string Reason { get; init; }

    /// <summary>
    /// True when the body ending the response confirmed that the plan's termination conditions hold (C 4.6 "确认并结束",
    /// R 5.7, N 5.7); null when it did not say (schema 2 and earlier, or a request without it). Never false: a
    /// termination whose conditions are said not to hold is refused.
    /// </summary>
    public bool? ConditionsConfirmed { get; init; }

    /// <summary>
    /// When the body decided to end the response, when the office records it afterwards (the commander ended it by phone at 14:00, typed in at
    /// 14:20); null (not written) when decided as recorded, and in every event written before schema version 11.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? DecidedAt { get; init; }
}

/// <summary>The office proposed a warning (road 4.4.1), or submitted one for judgement (construction 3.2.2).</summary>
public sealed record WarningProposed : IncidentEvent
{
    public required Guid WarningId { get; init; }

    /// <summary>The colour; null for a plan whose warnings have none (construction 3.2.2).</summary>
    public required WarningColour? Colour { get; init; }
    public required string Reason { get; init; }
}

/// <summary>The approver of the colour approved, and the issuer issued, a proposed warning.</summary>
public sealed record WarningIssued : IncidentEvent
{
    public required Guid WarningId { get; init; }
    public required LifecycleActor ApprovedBy { get; init; }
    public required string Reason { get; init; }
}

/// <summary>A warning in force changed colour, with the new colour's approval; or, without colour, was updated (construction 3.2.2 变更的应及时更新).</summary>
public sealed record WarningAdjusted : IncidentEvent
{
    public required Guid WarningId { get; init; }

    /// <summary>The new colour; null for an update of a warning without colour.</summary>
    public required WarningColour? Colour { get; init; }
    public required LifecycleActor ApprovedBy { get; init; }
    public required string Reason { get; init; }
}

/// <summary>The approver turned a proposal down.</summary>
public sealed record WarningRejected : IncidentEvent
{
    public required Guid WarningId { get; init; }
    public required string Reason { get; init; }
}

/// <summary>The issuer lifted a warning (谁发布、谁解除).</summary>
public sealed record WarningLifted : IncidentEvent
{
    public required Guid WarningId { get; init; }
    public required string Reason { get; init; }

    /// <summary>
    /// True when the issuer confirmed that the 4.6 assessment found the conditions for lifting met (有事实证明…危险已经解除的,经评估符合相应条件时)
    /// (schema 9, the request's <c>conditionsAssessed</c>); null when it did not say, and in every event written before schema 9. Never false: a
    /// lift whose conditions are said not to be met is refused. Required while the latest report still meets a colour and no other warning in
    /// force covers it.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public bool? ConditionsAssessed { get; init; }

    /// <summary>
    /// The colour the latest report still met when the warning was lifted with <see cref="ConditionsAssessed"/> (schema 9); null when none was
    /// met, or the lift left a warning in force at or above it.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public WarningColour? StillMet { get; init; }

    /// <summary>The rule of <see cref="StillMet"/> the report met (the first), with its clause and words; null with it.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public RuleRef? StillMetBy { get; init; }
}

/// <summary>
/// The warning in force (the highest colour issued or adjusted to and not lifted) is below the colour the latest report's assessment calls
/// for (schema 9): after an issue, an adjustment, or a report that raised the colour required (road 4.3.2(1) 能见度 ≤ 20 米 → 橙色 with a
/// yellow in force). As <see cref="EscalationRecommended.BelowThePlan"/> is for a response level: the colour is not refused (the office may
/// know what the report does not say), but nobody is left unaware of it. Raised once per colour required, per incident.
/// </summary>
public sealed record WarningBelowThePlan : IncidentEvent
{
    /// <summary>The warning in force at <see cref="InForce"/>.</summary>
    public required Guid WarningId { get; init; }

    /// <summary>The colour in force.</summary>
    public required WarningColour InForce { get; init; }

    /// <summary>The colour the latest report's assessment calls for.</summary>
    public required WarningColour Required { get; init; }

    /// <summary>The rules of <see cref="Required"/> the report met (4.3.2(1) …能见度 ≤ 20 米的浓雾…).</summary>
    public required IReadOnlyList<RuleRef> Because { get; init; }

    /// <summary>What the office is told to do, and who may approve the required colour, for people.</summary>
    public required string Recommendation { get; init; }

    /// <summary>The roles that approve <see cref="Required"/> (plan <c>warnings.colours[].approverRoles</c>).</summary>
    public IReadOnlyList<string> ApproverRoles { get; init; } = [];

    /// <summary>The approver of <see cref="Required"/> in the plan's words (市指挥部指挥长; 省人民政府或者省人民政府授权的省有关部门).</summary>
    public string? ApprovedBy { get; init; }

    /// <summary>Who issues it, in the plan's words (市指挥部办公室).</summary>
    public string? IssuedBy { get; init; }

    /// <summary>The approval's clause and words (4.4.1 …).</summary>
    public string? ApprovalClause { get; init; }
    public string? ApprovalWords { get; init; }
}

/// <summary>Something that starts or ends duty clocks happened (<see cref="ClockEvents"/>): the city asked to verify, a dispatch order, arrival on site, special circumstances, handling finished, the situation stable.</summary>
public sealed record ClockEventRecorded : IncidentEvent
{
    /// <summary>The kind, as <see cref="ClockEvents"/> names it.</summary>
    public required string Kind { get; init; }

    /// <summary>When it happened (the clocks it starts run from here); may be before it was recorded.</summary>
    public required DateTimeOffset HappenedAt { get; init; }

    /// <summary>For a dispatch order: who gave it (county, city).</summary>
    public string? OrderedBy { get; init; }
    public string? Note { get; init; }

    /// <summary>
    /// For a command handover (C 4.2): who took command on site, as the report names the 上级指挥部 (schema 9). Written only when given,
    /// so every other clock event's body is written as before.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? TakenBy { get; init; }
}

/// <summary>
/// A duty officer tied the incident to a feed's record of the same accident (schema 12): the office opened it over REST (phoned in
/// first, or opened to issue a warning on a record below the intake rule) and the 122 dispatch centre keeps a record of it. The feed's
/// later messages of that record are filed on this incident as continuations, instead of opening a second incident for one accident.
/// </summary>
public sealed record FeedRecordLinked : IncidentEvent
{
    /// <summary>The feed: <c>122</c>.</summary>
    public required string Channel { get; init; }

    /// <summary>The sender's record (the 122 <c>dispatchId</c>, 接警单编号).</summary>
    public required string Reference { get; init; }

    /// <summary>The closed incident the record had opened before, which its later messages no longer reach; null when it had none.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public Guid? Replaces { get; init; }

    public string? Note { get; init; }
}

/// <summary>The final report is in and no response is still active: the incident is closed.</summary>
public sealed record IncidentClosed : IncidentEvent
{
    public required string Reason { get; init; }
}
