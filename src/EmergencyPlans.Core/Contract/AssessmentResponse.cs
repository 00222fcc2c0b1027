namespace EmergencyPlans.Core.Contract;

/// <summary>The JSON given by POST /api/v1/assessments.</summary>
public sealed record AssessmentResponse(
    PlanRef Plan,
    DateTimeOffset OccurredAt,
    GradeDto? Grade,
    ResponseDto Response,
    IReadOnlyList<ObligationDto> Obligations,
    IReadOnlyList<WorkGroupDto> WorkGroups,
    WarningDto? Warning,
    IReadOnlyList<ThresholdDto> NearestThresholds,
    IReadOnlyList<string> UnknownsThatCouldRaise)
{
    /// <summary>
    /// Of <see cref="UnknownsThatCouldRaise"/>, those that could raise the grade (事故等级 / 突发事件等级 / 灾害等级 by its table): deaths,
    /// serious injuries, the loss, people of unknown fate; not 被困 and 涉险, which raise only the level (C 4.3.x(1)②).
    /// </summary>
    public IReadOnlyList<string> UnknownsThatCouldRaiseGrade { get; init; } = [];

    /// <summary>Of <see cref="UnknownsThatCouldRaise"/>, those that could raise the response level (many raise both).</summary>
    public IReadOnlyList<string> UnknownsThatCouldRaiseLevel { get; init; } = [];

    /// <summary>
    /// Who commands: when the disruption crosses county boundaries (road 2.6, scope <c>cross-county</c>); else who commands on site first
    /// where the plan says (construction 4.2, scope <c>on-site</c>: the general contractor's project manager, until the authorities
    /// arrive and command is handed over); null otherwise.
    /// </summary>
    public CommandDto? Command { get; init; }

    /// <summary>
    /// The city's on-site headquarters at the levels whose measures set it up (road 2.4 with 5.3.1/5.3.2 响应措施(1), scope
    /// <c>on-site-headquarters</c>: at Ⅰ and Ⅱ the 现场指挥部, its commander the 市指挥部指挥长 or one the 市指挥部 appoints, directly commands the
    /// handling); beside <see cref="Command"/>, which says who commands across a boundary. Null at other levels and under other plans.
    /// </summary>
    public CommandDto? OnSiteHeadquarters { get; init; }

    /// <summary>
    /// Who organises and coordinates the city-level relief at the level the figures call for (natural disaster 5.1.3–5.4.3, scope
    /// <c>relief-organiser</c>: Ⅰ 市安委会主任或市委、市政府指定的负责人, Ⅱ 市安委会副主任(分管安全工作副市长)或市安委会主任指定的负责人, Ⅲ 市安委会副主任
    /// (分管安全工作副市长)或其他副主任, Ⅳ 市安委办), distinct from who decides the level (<c>response.authority</c>). Null without a level and under
    /// plans that say none (ADR 0003 #73).
    /// </summary>
    public CommandDto? Organiser { get; init; }

    /// <summary>
    /// Another plan that leads the response instead of this one, this plan executed as its supporting plan (road 1.4: an expressway,
    /// an oil, natural gas or coal-bed methane transport accident): <c>applies</c> true when the report states the fact (<c>when</c>),
    /// null while it does not say (it would apply if the fact holds); a fact stated false lists nothing. Empty for plans without such a clause.
    /// </summary>
    public IReadOnlyList<LeadPlanDto> LeadPlans { get; init; } = [];

    /// <summary>Judgements under which the plan says the level may be raised (construction 4.4): suggestions, not levels.</summary>
    public IReadOnlyList<RaiseSuggestionDto> RaiseSuggestions { get; init; } = [];

    /// <summary>The response measures the plan lists for the assessed level, each with its lead units (natural disaster 5.x.3); empty when none.</summary>
    public IReadOnlyList<MeasureDto> Measures { get; init; } = [];

    /// <summary>灾害救助准备 (natural disaster 3) when the report holds the judgement that calls for it; null otherwise.</summary>
    public PreparationDto? Preparation { get; init; }

    /// <summary>
    /// What the plan says the city must publish to the public (信息发布: construction 4.5, road 5.5, natural disaster 4.3.2), in
    /// the plan's order. Reminders for the office, not reporting duties: they go to the public, so no clock is kept and
    /// nobody records them as made (ADR 0003, #27).
    /// </summary>
    public IReadOnlyList<PublicationDto> Publications { get; init; } = [];

    /// <summary>
    /// Natural disaster while no 灾害等级 is declared (`declaredGrade` unknown): the duties a declared 重大 or 特别重大 would add (N 4.1.3,
    /// 4.1.5); empty otherwise.
    /// </summary>
    public IReadOnlyList<ObligationDto> IfDeclaredSerious { get; init; } = [];

    /// <summary>
    /// Judgements the plan leaves to the duty office that the report points at and does not hold, each with the duties it would add
    /// (construction 4.1: people 涉险、被困、失联 and 较大涉险事故 not judged; if it is one, the 30-minute phone report and the 1-hour written
    /// report). A question for a person, never applied; empty when none, and when the request gives the judgement (true or false).
    /// </summary>
    public IReadOnlyList<JudgementToConsiderDto> JudgementsToConsider { get; init; } = [];

    /// <summary>
    /// Road: the warnings above <see cref="Warning"/> (of any colour while it is null) that a rule of the plan would call for once the
    /// observations named in <c>unknown</c> are reported, the ones reported meeting it as far as they go: fog of 40 米 with the number
    /// of 乡(镇) it covers not reported may call for 三级(黄色) (4.3.3(1)). Highest colour first; empty when none.
    /// </summary>
    public IReadOnlyList<WarningIfKnownDto> WarningsIfKnown { get; init; } = [];

    /// <summary>
    /// The inputs the report gives that the plan's criteria do not read (its grade and response conditions, duties, warnings, raise
    /// suggestions, preparation): kept with the report, but nothing here rests on them (road figures such as <c>hazmatRelease</c> or
    /// <c>disruptedCounties</c> on a natural disaster; a judgement held, such as <c>exceedsCountyCapacity</c>, that the plan does not read,
    /// noted 本预案的条件不含此项判断). Figures and facts first, then judgements, then <c>conditions</c>. Each has its contract name, its
    /// Chinese label and a note; empty when every input given is read.
    /// </summary>
    public IReadOnlyList<FigureNotUsedDto> FiguresNotUsed { get; init; } = [];

    /// <summary>
    /// The human judgements (R6) the assessment was given: each judgement stated, the level headquarters decided on, who decided
    /// (<c>decidedBy</c>) and why (<c>reason</c>); null when none was given. A criterion a judgement met carries <see cref="ReasonDto.JudgedBy"/>.
    /// </summary>
    public GivenJudgementsDto? Judgements { get; init; }
}

/// <summary>
/// The human judgements (R6) an assessment was given. <paramref name="Given"/>: each judgement stated, in the order of the catalogue, by its
/// request name with the plans' words for it and the value given (true or false; an incident keeps both since 2026-12-06, session 48;
/// its reports stored before kept only the true ones). <paramref name="HeadquartersLevel"/>: 指挥部认为需要启动…级响应 (I–IV), null when not decided.
/// <paramref name="DecidedBy"/> and <paramref name="Reason"/> as the report gave them.
/// </summary>
public sealed record GivenJudgementsDto(IReadOnlyList<GivenJudgementDto> Given, string? HeadquartersLevel, string? DecidedBy, string? Reason);

/// <summary>
/// A judgement to put to the duty office: <paramref name="Judgement"/> as the request spells it (<c>relativelySeriousNearMiss</c>) and
/// <paramref name="Label"/> in the plan's words (较大涉险事故); <paramref name="Because"/> the clause and words whose duties read it, with the
/// reading of when it is asked as its note; <paramref name="Figures"/> the figures that point at it (contract names) and
/// <paramref name="Reported"/> their known sum; <paramref name="WouldAdd"/> the duties it would bring that the report does not; and
/// <paramref name="Text"/> saying all this in Chinese.
/// </summary>
public sealed record JudgementToConsiderDto(
    string Judgement, string Label, ReasonDto Because, IReadOnlyList<string> Figures, decimal Reported, IReadOnlyList<ObligationDto> WouldAdd, string Text);

/// <summary>A judgement stated: <paramref name="Name"/> as the request spells it, <paramref name="Label"/> in the plans' words, <paramref name="Value"/> as judged.</summary>
public sealed record GivenJudgementDto(string Name, string Label, bool Value);

/// <summary>
/// An input given that the plan does not judge on: <paramref name="Name"/> as the request spells it (<c>hazmatRelease</c>, a judgement
/// such as <c>exceedsCountyCapacity</c>, or <c>conditions</c> for the road observations), <paramref name="Label"/> as the plan names it, and <paramref name="Note"/> saying so
/// in Chinese (本预案的分级条件不含此项).
/// </summary>
public sealed record FigureNotUsedDto(string Name, string Label, string Note);

/// <summary>
/// One publication to the public: who publishes (<paramref name="By"/>), what starts it (<paramref name="Start"/>: occurrence,
/// receipt, or previous-report of the publication <paramref name="After"/>), how soon (<paramref name="Timing"/>: immediately
/// 第一时间, promptly 及时), and for a rolling one what ends it (<paramref name="Until"/>: final-report, situation-stable).
/// </summary>
public sealed record PublicationDto(string Code, string By, string Start, string? After, string Timing, string? Until, string Clause, string Words);

/// <summary>Measures <paramref name="By"/> takes as needed when <paramref name="Judgement"/> holds, before any level (natural disaster 3).</summary>
public sealed record PreparationDto(string Clause, string Judgement, string By, string Words, IReadOnlyList<Plans.ClauseWords> Measures);

/// <summary>One response measure of <paramref name="Level"/>: the units that lead it (牵头), those they work with (会同), clause and words;
/// <paramref name="LeadWords"/> quotes the words that name the lead where the measure's own words do not.</summary>
public sealed record MeasureDto(string Level, string Clause, IReadOnlyList<string> Lead, IReadOnlyList<string> With, string Words, string? LeadWords);

/// <summary>How a response ends (谁启动、谁终止): the conditions are a checklist for the terminating body.</summary>
public sealed record TerminationDto(string Clause, string Words, string Principle, IReadOnlyList<string> Conditions, string? Afterwards);

/// <summary>
/// The level may be raised because of <paramref name="Judgement"/>. <paramref name="ToLevel"/> is one level up (视情适当提高), null when
/// already at Ⅰ, and null when the plan lets the level be raised directly (<see cref="Direct"/>, C 4.4 可直接提高响应等级): the decider
/// chooses the level, any up to <see cref="UpTo"/>.
/// </summary>
public sealed record RaiseSuggestionDto(string Judgement, string? ToLevel, ReasonDto Because, string Text)
{
    /// <summary>The highest level the suggestion allows: <c>toLevel</c>, or for a direct raise the plan's highest (Ⅰ); null at Ⅰ.</summary>
    public string? UpTo { get; init; }

    /// <summary>True when the plan lets the level be raised directly, to a level the decider chooses (C 4.4 可直接提高响应等级).</summary>
    public bool Direct { get; init; }
}

public sealed record CommandDto(string Scope, string CommandedBy, string? CoordinatedBy, string Clause, string Words);

/// <summary>
/// A plan that leads instead (<see cref="AssessmentResponse.LeadPlans"/>): its name (<paramref name="Plan"/>, with book-title marks), the fact
/// that makes it lead (<paramref name="When"/>, a figure name; <paramref name="WhenLabel"/> in Chinese), whether that holds (true, or null
/// when not reported), and this plan's part (<paramref name="ThisPlan"/>: <c>supporting</c>, 配合预案).
/// </summary>
public sealed record LeadPlanDto(string Plan, string When, string WhenLabel, bool? Applies, string ThisPlan, string Clause, string Words);

public sealed record PlanRef(string Id, string Title, string DocumentNumber, string Issued, DateTimeOffset ValidFrom);

/// <summary>A criterion that produced a result: plan, clause and the plan's words (R5).</summary>
public sealed record ReasonDto(string Plan, string Clause, string Words, string Rule)
{
    /// <summary>What a person should know about how the rule was applied (a provisional city figure it was met on); null for most rules.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Note { get; init; }

    /// <summary>
    /// Who decided, when a human judgement met the rule (R6: 超出…处置能力, 指挥部认为需要启动…的其他情形; the assessment's
    /// <c>judgements.decidedBy</c>): the mark that tells it from a rule the figures met, which has no such member.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? JudgedBy { get; init; }
}

public sealed record GradeDto(
    string Value,
    string Label,
    bool Determined,
    string UpTo,
    string ForReporting,
    bool Declared,
    IReadOnlyList<ReasonDto> Because,
    string? Provenance);

public sealed record AuthorityDto(IReadOnlyList<string> Roles, IReadOnlyList<string> DelegationRequired, string Authority, string Clause, string Words);

public sealed record ResponseDto(
    string? Level,
    string? Label,
    bool Determined,
    string? UpTo,
    AuthorityDto? ActivatedBy,
    IReadOnlyList<ReasonDto> Because,
    ReasonDto? NoResponse,
    ReasonDto TerminatedBy);

/// <summary>A duty the report starts. <paramref name="Act"/>: what is done and to whom where the plan's verb is not a plain report
/// (<c>通知市政府有关涉外部门</c>); null for <c>向{To}报告</c>.</summary>
public sealed record ObligationDto(
    string Code,
    string To,
    string? Act,
    DateTimeOffset? DueAt,
    string Timing,
    string? Every,
    string Clause,
    string Words)
{
    /// <summary>Who owes it, in the plan's words (R 5.1.1 获悉道路交通安全突发事件的单位、公民; 各级各部门); the incident view's duties had it, the card not.</summary>
    public string? Reporter { get; init; }

    /// <summary>
    /// True when a party outside the city command and its office owes it (the caller of 122, the unit where it happened, a county body):
    /// the office does not do it, and a drill does not count it against the participants. The card listed such duties as the office's.
    /// </summary>
    public bool OutsideCommand { get; init; }
}

public sealed record WorkGroupDto(
    string Name,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<string> Lead,
    IReadOnlyList<string> Members,
    string? Duties,
    string Clause,
    bool Mandatory);

public sealed record WarningDto(
    string Colour,
    string ApprovedBy,
    string ApproverRole,
    string IssuedBy,
    IReadOnlyList<string> AlsoRequired,
    ReasonDto Approval,
    IReadOnlyList<ReasonDto> Because,
    ReasonDto LiftedBy);

/// <summary>
/// A road warning the unknown observations leave open (<see cref="AssessmentResponse.WarningsIfKnown"/>): its <paramref name="Colour"/>
/// (yellow, orange, red), the rule with its clause and words (<paramref name="Because"/>), the <c>conditions</c> it still needs
/// (<paramref name="Unknown"/>: townshipsAffected, visibilityMetres, visibilityCause, windForce, weatherWarning, mainRoadRepairHours), who approves it
/// (<paramref name="ApprovedBy"/>), and <paramref name="Text"/> for people: 涉及乡(镇)数未报：若涉及4个以上乡(镇)，应发布黄色预警（4.3.3(1)），由…批准.
/// </summary>
public sealed record WarningIfKnownDto(string Colour, ReasonDto Because, IReadOnlyList<string> Unknown, string ApprovedBy, string Text);

/// <summary>How close the figures are to a rule, for people: "死亡再增加1人 → 较大（1.5(3)）：30分钟内向市委、市政府报告；…" (<see cref="NewObligations"/> keeps the duty codes).</summary>
public sealed record ThresholdDto(
    string Table,
    IReadOnlyList<string> Figures,
    decimal Current,
    decimal Needed,
    string Reaches,
    string Clause,
    string Words,
    IReadOnlyList<string> NewObligations,
    string Text)
{
    /// <summary>
    /// The rule's figures not reported (<c>missing</c> while 3 dead are known, N 5.4.1(1)): <c>current</c> and <c>needed</c>
    /// count the known ones only, and an unknown one may already make up the difference. Empty when every figure is known.
    /// </summary>
    public IReadOnlyList<string> Unknown { get; init; } = [];
}
