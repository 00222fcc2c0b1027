using System.Globalization;

namespace EmergencyPlans.Drills;

/// <summary>
/// The after-action report of one drill run (演练评估报告): 演练概况, the timeline, duties, actions checked
/// against authority, expectations and objectives with their verdicts, and 问题与纠正措施. Built only from the
/// script and the simulated clock, in a stable order, so two runs of one script give the same report.
/// </summary>
public sealed record DrillReport(
    DrillOverview Overview,
    IReadOnlyList<DrillTimelineEntry> Timeline,
    IReadOnlyList<DrillDutyResult> Duties,
    IReadOnlyList<DrillActionResult> Actions,
    IReadOnlyList<DrillExpectationResult> Expectations,
    IReadOnlyList<DrillObjectiveResult> Objectives,
    IReadOnlyList<DrillFinding> Problems)
{
    /// <summary>True when every expectation passed (a drill without expectations passes by definition: it set none; see <see cref="Judged"/>).</summary>
    public bool Passed => Expectations.All(e => e.Passed);

    /// <summary>
    /// False when the script set no expectations: nothing was judged. The reports then say 总体结论：未设预期，无从判定, not 通过（0/0 项预期通过）,
    /// which leaders receiving a report that lists problems read as a drill passed.
    /// </summary>
    public bool Judged => Expectations.Count > 0;

    /// <summary>
    /// The expectations passed out of those that apply, and those that do not (a duty the plan stopped requiring): <c>7/8 项预期通过，1 项不适用（所涉职责已不再需要）</c>,
    /// as the reports and the command line's verdict say it.
    /// </summary>
    public string ExpectationsSaid =>
        $"{Expectations.Count(e => e.Passed && !e.NotApplicable).ToString(CultureInfo.InvariantCulture)}/{Expectations.Count(e => !e.NotApplicable).ToString(CultureInfo.InvariantCulture)} 项预期通过"
        + (Expectations.Count(e => e.NotApplicable) is > 0 and var na ? $"，{na.ToString(CultureInfo.InvariantCulture)} 项不适用（{NotApplicableSaid}）" : "");

    // Why the expectations that do not apply do not: the duty ended before anything was owed, or the incident never raised it (s60 F4).
    private string NotApplicableSaid => (Expectations.Count(e => e.NotApplicable && !e.NeverArose), Expectations.Count(e => e.NeverArose)) switch
    {
        (_, 0) => "所涉职责已不再需要",
        (0, _) => "所涉职责在演练中未产生",
        var (ended, never) => $"{ended.ToString(CultureInfo.InvariantCulture)} 项所涉职责已不再需要，{never.ToString(CultureInfo.InvariantCulture)} 项所涉职责在演练中未产生",
    };

    /// <summary>The overall conclusion as the reports write it: 通过, 未通过, or 未设预期，无从判定.</summary>
    internal string Conclusion => !Judged ? "未设预期，无从判定" : Passed ? "通过" : "未通过";

    /// <summary>What follows the conclusion: the expectations passed, or, with none set, that nothing was judged and how many problems were found.</summary>
    internal string ConclusionNote => Judged
        ? ExpectationsSaid + "；预期逐项判定，不折算分数"
        : "脚本未设预期，本次演练未作逐项判定；"
          + (Problems.Count == 0 ? "未发现问题" : $"发现问题 {Problems.Count.ToString(CultureInfo.InvariantCulture)} 项，见“四、问题与纠正措施”");

    /// <summary>
    /// The response level over the drill, for the timeline chart: each proposal, decline, activation, adjustment and termination the
    /// incident's response recorded, in order. From the incident's response decisions and the levels the response lifecycle records on them
    /// (<c>level</c>, <c>fromLevel</c>, <c>proposalNotAdopted</c>; never a decision's text), so an action refused changes nothing here. Empty for a report built without them; the verdicts never read it.
    /// </summary>
    public IReadOnlyList<DrillResponseChange> ResponseLevels { get; init; } = [];

    /// <summary>
    /// The warnings in force over the drill, for the chart's warning lane and 演练概况's 预警 row: each warning at each colour, from its issue (or the
    /// adjustment that gave it the colour) to its lift (or the next adjustment), in the order issued. Only accepted actions make one. Empty for a
    /// plan without warnings, or when none was issued.
    /// </summary>
    public IReadOnlyList<DrillWarningSpan> Warnings { get; init; } = [];
}

/// <summary>
/// One warning of the drill at one colour while it was in force (R 4.4.1 issued, 4.6 adjusted or lifted, 谁发布、谁解除; C 3.2.2 and 3.2.4 without colours).
/// </summary>
/// <param name="Warning">Which warning of the drill (1 = the first proposed), as a script's <c>warning: N</c> names it.</param>
/// <param name="Colour">yellow, orange or red; null for a warning without colours (construction).</param>
/// <param name="Name">The warning as people read it: 橙色预警, or 预警.</param>
/// <param name="Offset">When it was issued at this colour (+00:20).</param>
/// <param name="Minute">Minutes from the start to <paramref name="Offset"/>.</param>
/// <param name="Approver">Who approved it (issue) or adjusted it to this colour, as the plan names the post (市指挥部指挥长); for red, the province's approval too.</param>
/// <param name="How">issue | adjust: how it came to be in force at this colour.</param>
/// <param name="EndedOffset">When it stopped being in force at this colour; null when still in force at the drill's end.</param>
/// <param name="EndedMinute">Minutes from the start to <paramref name="EndedOffset"/>.</param>
/// <param name="Ended">lift | adjust; null when still in force.</param>
public sealed record DrillWarningSpan(int Warning, string? Colour, string Name, string Offset, int Minute, string Approver, string How,
    string? EndedOffset, int? EndedMinute, string? Ended)
{
    /// <summary>
    /// The city post that issued it when the approver is the province (R 4.4.1 red: "报省人民政府或者省人民政府授权的省有关部门批准后,由市指挥部办公室
    /// 发布"), <see cref="Approver"/> then naming the province; null when the approver's own decision issued it.
    /// </summary>
    public string? Issuer { get; init; }

    /// <summary>Who approved and who issued it, each by what they did: 市指挥部指挥长批准; 省应急管理厅批准，市指挥部办公室主任发布; an adjustment's 决定.</summary>
    public string Who => How == "adjust" ? $"{Approver}决定" : Issuer is { } issuer ? $"{Approver}批准，{issuer}发布" : $"{Approver}批准";

    /// <summary>The exact offset it came into force at this colour.</summary>
    internal TimeSpan From { get; init; }

    /// <summary>The exact offset it stopped being in force at this colour; null when still in force.</summary>
    internal TimeSpan? To { get; init; }
}

/// <summary>One decision of the drill incident's response.</summary>
/// <remarks>Change: propose | decline | activate | adjust | terminate | propose-termination | decline-termination (N 2.2(2): the office's proposal
/// to end, and its decline; the level stays in force). <c>Level</c> in Chinese (Ⅱ级): the level in force after an activation or
/// adjustment, the one ended by a termination, the one proposed or declined; null when the decision named none.</remarks>
public sealed record DrillResponseChange(string Offset, int Minute, string Change, string? Level, string Text)
{
    /// <summary>
    /// <c>Level</c> as the API names it (I, II, III, IV), for a machine and the chart's fill; null when the decision named none. From the
    /// response decision's <c>level</c>, never from its text.
    /// </summary>
    public string? Code { get; init; }

    /// <summary>For an adjustment, the level in force before it, in Chinese (Ⅲ级); null otherwise.</summary>
    public string? From { get; init; }

    /// <summary>
    /// The level the office proposed (Ⅱ级) that this decision settled without adopting it: an activation or an adjustment to another level,
    /// or the end of the response while the proposal waited (the response decision's <c>proposalNotAdopted</c>); null otherwise.
    /// </summary>
    public string? NotAdopted { get; init; }
}

/// <summary>演练概况.</summary>
public sealed record DrillOverview(
    string Title,
    string Plan,
    string PlanTitle,
    string PlanDocumentNumber,
    string Start,
    string End,
    string Duration,
    int Minutes,
    string? Scope,
    string Script,
    string ScriptSha256,
    string Incident,
    IReadOnlyList<DrillParticipantLine> Participants,
    string FinalGrade,
    string FinalLevel,
    string ResponseState,
    int Injects,
    int Actions)
{
    /// <summary>
    /// What the plan calls the grade the overview gives: construction 1.5 事故分级 (事故等级); road 1.5 道路交通安全突发事件分级, 5.1.1
    /// "初步判定突发事件等级" (突发事件等级); natural disaster, a disaster and no accident, whose grade is the one the competent department
    /// declares (灾害等级).
    /// </summary>
    public string GradeTerm { get; init; } = "事故等级";

    /// <summary>
    /// The level the plan's conditions reached by the end (the latest assessment's, e.g. Ⅱ级), or 未达到响应条件; <see cref="FinalLevel"/> is the level
    /// activated (the one in force, or ended, e.g. Ⅲ级), 未启动 when none was, and nothing else. They differ when the response was short of what
    /// the figures called for. (Before 2026-12-06 <see cref="FinalLevel"/> carried the called-for level too, in text: 未启动（按预案条件应为Ⅲ级）.)
    /// </summary>
    public string LevelCalledFor { get; init; } = "";

    /// <summary>
    /// The two said together for people, as 一、演练概况's 预案响应 reads: the level activated and, when they differ, the level the plan's conditions
    /// reached (启动Ⅲ级（按预案条件应为Ⅱ级）, 未启动（按预案条件应为Ⅲ级）, 未达到响应条件).
    /// </summary>
    public string FinalLevelText { get; init; } = "";

    /// <summary>When the incident closed (the 终报 with the response ended or never activated), as <see cref="Start"/> is written; null when it was
    /// still open at the drill's end.</summary>
    public string? ClosedAt { get; init; }

    /// <summary>Minutes from the start to the close; null when it was still open at the drill's end. The chart marks the close there.</summary>
    public int? ClosedMinute { get; init; }

    /// <summary>
    /// Who commanded, as 演练概况's rows say it: on site, the plan's first commander and each handover recorded, from whom to whom and when
    /// (C 4.2 施工总承包单位项目负责人……向上级指挥部移交现场指挥权: 项目负责人 → 县指挥部（+00:40）→ 市现场指挥部（+01:30）); and what the final assessment
    /// says of command across a boundary (R 2.6), the on-site headquarters (R 2.4) and a plan that leads instead (R 1.4), worded as the CLI's card
    /// words them. Empty where the plan says none of these.
    /// </summary>
    public IReadOnlyList<DrillOverviewLine> Command { get; init; } = [];

    /// <summary>
    /// 演练概况's 预警 row for a plan with warnings: each warning issued, with who approved it, and when it was adjusted or lifted
    /// (橙色预警：+00:20发布（市指挥部指挥长批准），+04:10解除), or 未发布预警; null for a plan without warnings (natural disaster).
    /// </summary>
    public string? Warnings { get; init; }

    /// <summary>
    /// Under a plan owing 5.6 per county (natural disaster): each county concerned, the incident's own first, and whether and when it started
    /// its county response; null under any other plan. 演练概况's 县（市、区） row says it (<see cref="CountiesText"/>).
    /// </summary>
    public IReadOnlyList<DrillCountyLine>? Counties { get; init; }

    /// <summary>
    /// 演练概况's 县（市、区） row: 所涉及：陵川县（事发地，+00:10起）、高平市（+02:00起）；已启动县级响应：陵川县（+00:50）、高平市（+03:30）; null under a
    /// plan without per-county duties.
    /// </summary>
    public string? CountiesText { get; init; }
}

/// <summary>
/// A county concerned by the drill's incident (N 5.6 所涉及县(市、区)): the incident's own (事发地) or one a report listed in
/// <c>affectedCounties</c>, from when (<paramref name="Since"/>, as an offset), and when it reported starting its county response
/// (<paramref name="Started"/>; null when it did not).
/// </summary>
public sealed record DrillCountyLine(string County, bool IncidentCounty, string Since, int SinceMinute, string? Started, int? StartedMinute);

/// <summary>A row of 演练概况: its label and text, for people.</summary>
public sealed record DrillOverviewLine(string Label, string Text);

public sealed record DrillParticipantLine(string Id, string Name, string Role, string RoleName);

/// <summary>One line of the timeline: an inject, a participant's action, or what the engine did in return.</summary>
/// <remarks>Lane: inject | action | engine. A value, kept by the run in a <see cref="Core.Incidents.ChunkedList{T}"/> as the incident's timeline is.</remarks>
public readonly record struct DrillTimelineEntry(string Offset, string At, int Minute, string Lane, string Who, string What, string? Outcome, int? Line);

/// <summary>A duty of the drill incident and how it was met by the end.</summary>
/// <remarks>Verdict: on-time | late | missed | not-yet-due | ended | untimed | outside | met-untimed | unmet (without a due time and never done: by the
/// close, or by the drill's end with the incident open). <c>Key</c> and <c>Code</c> name it for a machine; <c>Duty</c> for
/// people, in the plan's words (向市委、市政府报告：“…”, 调拨物资运抵灾区：“…”), as the report's tables show it.</remarks>
public sealed record DrillDutyResult(string Key, string Code, string To, string Clause, int RaisedMinute, string? DueAt, int? DueMinute, string? MetAt, int? MetMinute, string Verdict, string VerdictText,
    string Duty)
{
    /// <summary>Who owes the duty, in the plan's words (its <c>reporter</c>): the report's 责任主体.</summary>
    public string Reporter { get; init; } = "";

    /// <summary>
    /// The county this instance is owed by or for, for a duty the plan owes once per county (N 5.6: <c>county-activate-response</c>,
    /// <c>county-activation-report</c>; ADR 0003 #83); null for any other duty.
    /// </summary>
    public string? County { get; init; }

    /// <summary>
    /// True for a duty owed by a party outside the city command and its office (the plan's <c>outsideCommand</c>: R 5.1.1 获悉…的单位、公民,
    /// C 4.1(一) 事发单位, N 4.1.1 监测单位、知情人, county bodies, insurers): listed as 非演练角色职责（不计入评估）, verdict <c>outside</c>,
    /// never a problem of the participants.
    /// </summary>
    public bool OutsideCommand { get; init; }

    /// <summary>When a duty that ended (verdict <c>ended</c>, <c>unmet</c> by the close, or an <c>outside</c> one the close ended) stopped being
    /// owed, as <see cref="DueAt"/> is written; null for any other, or when it ended after the drill.</summary>
    public string? EndedAt { get; init; }

    /// <summary>Minutes from the start to <see cref="EndedAt"/>: the chart draws the duty's wait to there, never past the close.</summary>
    public int? EndedMinute { get; init; }

    /// <summary>
    /// True for an <c>ended</c> duty owed and never done until a later decision ended it (the incident's <c>owedSince</c>: N 5.3.2 "并向市安委会主任
    /// 报告" owed from the Ⅲ activation, the level raised to Ⅱ later): its verdict text says how long it stood unmet, and it is a problem of the
    /// drill (drill review s60 F1). False for a duty that no longer applied before anything was owed (不适用).
    /// </summary>
    public bool Overtaken { get; init; }

    /// <summary>
    /// What the chart writes beside an <see cref="Overtaken"/> duty's ring, short enough for its lane (已终止（起算后2小时5分仍未报告）): the verdict
    /// text, with what ended it, is in the duty table. Null for any other duty, whose note is its verdict text. Not part of the JSON.
    /// </summary>
    internal string? ChartNote { get; init; }

    /// <summary>The note the chart writes beside the duty: <see cref="ChartNote"/>, else its verdict text.</summary>
    internal string Note => ChartNote ?? VerdictText;
}

/// <summary>A participant's action checked against the capabilities of the role and the plan's authority rules.</summary>
/// <remarks>Verdict: accepted | unauthorised | refused. <c>Role</c> is the role's id as the script wrote it; <c>RoleName</c> the role as
/// people in Jincheng read it (值班员, 市指挥部副指挥长…), which the report's tables and findings say. A value, kept by the run in a
/// <see cref="Core.Incidents.ChunkedList{T}"/> as its timeline rows are.</remarks>
public readonly record struct DrillActionResult(string Offset, string At, int Minute, string Who, string Role, string RoleName, string Kind, string What, string Verdict, string VerdictText, string? Detail,
    int Line)
{
    /// <summary>The corrective action this refusal calls for, when it is more particular than its category's (red warning without the province's approval).</summary>
    internal string? Correction { get; init; }

    /// <summary>For a duty met before the incident owed it: the duty's code (a plan's duty, not owed yet at that moment).</summary>
    internal string? NotYetOwed { get; init; }

    /// <summary>
    /// For <see cref="NotYetOwed"/>: the duty is one the report's figures raise (the grade, a level's conditions; start occurrence or receipt),
    /// which the figures reported did not call for: no later moment or other order would have raised it, another duty is the one owed.
    /// </summary>
    internal bool NotCalledForByTheReport { get; init; }

    /// <summary>The action's exact offset from the start.</summary>
    internal TimeSpan Exact { get; init; }

    /// <summary>
    /// A record of a duty the plan had stopped requiring before it (N 4.1.5 零报告 once the disaster is declared 较大): refused, and said so in
    /// the actions, but no problem of the participants, who owed nothing (a drill facilitator's review, s54 F3).
    /// </summary>
    internal bool NoLongerNeeded { get; init; }
}

/// <summary>
/// An expectation judged. <c>Passed</c> is false when it failed; true when it passed, and when it did not apply (<see cref="NotApplicable"/>):
/// nothing the participants did made it fail.
/// </summary>
public sealed record DrillExpectationResult(string Id, string Kind, string Description, bool Passed, string Verdict, string Evidence, int Line)
{
    /// <summary>
    /// True when what it judges no longer applied: every instance of its duty ended as no longer needed before anything was owed (N 4.1.5 零报告
    /// ended once the disaster is declared 较大). Its verdict reads 不适用, and it counts neither as passed nor as failed in the conclusion's note.
    /// </summary>
    public bool NotApplicable { get; init; }

    /// <summary>
    /// True when it is not applicable because the incident's grade and circumstances never raised its duty (C 4.1(三)'s notice to the foreign
    /// affairs offices with no foreign casualties): the scenario never asked it of anyone (s60 F4).
    /// </summary>
    public bool NeverArose { get; init; }
}

public sealed record DrillObjectiveResult(string Id, string Text, IReadOnlyList<string> Expectations, bool Met, string Verdict);

/// <summary>A problem found, with its corrective action (纠正措施).</summary>
public sealed record DrillFinding(int Number, string Category, string Problem, string CorrectiveAction, string Reference);
