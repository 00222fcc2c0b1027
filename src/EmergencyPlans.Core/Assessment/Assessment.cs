using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Plans;

namespace EmergencyPlans.Core.Assessment;

/// <summary>The decision for one incident report: grade, response level, obligations, work groups, warning, and why.</summary>
public sealed class Assessment
{
    internal Assessment(
        Plan plan, IncidentInput input, GradeResult? grade, LevelResult response, ObligationDue[] obligations,
        WorkGroupAssignment[] workGroups, WarningResult? warning, WarningIfKnown[] warningsIfKnown, Hint[] hints,
        InputField unknownsThatCouldRaiseGrade, InputField unknownsThatCouldRaiseLevel)
    {
        Plan = plan;
        Input = input;
        Grade = grade;
        Response = response;
        Obligations = obligations;
        WorkGroups = workGroups;
        Warning = warning;
        WarningsIfKnown = warningsIfKnown;
        Hints = hints;
        UnknownsThatCouldRaiseGrade = unknownsThatCouldRaiseGrade;
        UnknownsThatCouldRaiseLevel = unknownsThatCouldRaiseLevel;
    }

    /// <summary>The plan version in force when the incident occurred.</summary>
    public Plan Plan { get; }
    public IncidentInput Input { get; }

    /// <summary>Null for a natural disaster with no declared grade.</summary>
    public GradeResult? Grade { get; }
    public LevelResult Response { get; }

    /// <summary>Obligations raised by this assessment, with their due times from the time of occurrence.</summary>
    public IReadOnlyList<ObligationDue> Obligations { get; }

    /// <summary>Work groups for the (lower bound of the) response level.</summary>
    public IReadOnlyList<WorkGroupAssignment> WorkGroups { get; }

    /// <summary>The road-traffic warning the conditions call for, or null.</summary>
    public WarningResult? Warning { get; }

    /// <summary>
    /// The road warnings above <see cref="Warning"/> (any colour, when it is null) that a rule would call for once the observations it
    /// still lacks are reported: 能见度 ≤ 50 米 is observed and how many 乡(镇) it covers is not (4.3.3(1)). Empty when none, and for a plan
    /// without warnings. A warning rule has two values on what is reported; this is what the unknowns leave open.
    /// </summary>
    public IReadOnlyList<WarningIfKnown> WarningsIfKnown { get; }

    /// <summary>The nearest known thresholds that would raise the grade or the level.</summary>
    public IReadOnlyList<Hint> Hints { get; }

    /// <summary>Unknown inputs that could still raise the grade or the level (the contract's <c>unknownsThatCouldRaise</c>).</summary>
    public InputField UnknownsThatCouldRaise => UnknownsThatCouldRaiseGrade | UnknownsThatCouldRaiseLevel;

    /// <summary>
    /// Unknown inputs that could still raise the grade alone: the grade table's rules above the lower bound that they leave open (people
    /// of unknown fate while there may be some). 被困 and 涉险 raise only the level (C 4.3.2(1)②), and are not here.
    /// </summary>
    public InputField UnknownsThatCouldRaiseGrade { get; }

    /// <summary>Unknown inputs that could still raise the response level, by the response table's rules.</summary>
    public InputField UnknownsThatCouldRaiseLevel { get; }

    /// <summary>The plan's raise suggestions whose judgement the report holds (construction 4.4).</summary>
    public IReadOnlyList<RaiseSuggestion> RaiseSuggestions { get; internal set; } = [];

    /// <summary>
    /// For a plan whose grade is declared rather than read from figures (natural disaster: 灾害等级 is 认定), while none is declared:
    /// the duties a declared 重大 would add (N 4.1.3 重特大…第一时间报告, 4.1.5 24小时零报告). Without them an officer on a Ⅰ-level disaster
    /// was given no prompt that reporting to the province and the ministry hangs on the declaration. Empty otherwise.
    /// </summary>
    public IReadOnlyList<ObligationDue> IfDeclaredSerious { get; internal set; } = [];

    /// <summary>
    /// The judgements the plan asks the duty office to make (<see cref="Plan.JudgementPrompts"/>) that the report points at and does not hold,
    /// each with the duties it would add: 12 people 被困 under construction, 较大涉险事故 not judged, brings no 30-minute report until someone
    /// judges it (C 4.1(二)). Empty otherwise. Worked out on first read, not with the rest: only the card and the CLI read it, and an incident's
    /// command (a 续报, a drill's inject) that assessed it each time paid for a second evaluation nobody looked at (session 56, drill bench
    /// bisect: 0.5 KiB of the drill's 10.4 an inject). The plan and the input are immutable, so any reader gets the same list.
    /// </summary>
    public IReadOnlyList<JudgementToConsider> JudgementsToConsider =>
        _judgementsToConsider ??= Plan.JudgementPrompts.Count == 0 ? [] : DecisionEngine.JudgementsToConsider(this);

    private IReadOnlyList<JudgementToConsider>? _judgementsToConsider;

    /// <summary>
    /// The figures the report gives that no criterion of the plan reads (<see cref="Plan.FiguresNotRead"/>): kept, and said to be unused,
    /// so an officer does not believe they counted (road figures on a natural disaster). Read from the plan on each access.
    /// </summary>
    public IReadOnlyList<FigureDefinition> FiguresNotUsed => Plan.FiguresNotRead(Input.Figures);

    /// <summary>
    /// The judgements the report holds that no criterion of the plan reads (<see cref="Plan.JudgementsNotRead"/>): kept, and said to be
    /// unused (超出事发地县(市、区)人民政府处置能力 on a natural disaster). Read from the plan on each access.
    /// </summary>
    public IReadOnlyList<JudgementDefinition> JudgementsNotUsed => Plan.JudgementsNotRead(Input.Judgements);

    /// <summary>Road observations (<c>conditions</c>) were given, and the plan judges no warning from them: kept, and unused.</summary>
    public bool ConditionsNotUsed => Input.Road is not null && !Plan.Reads.Contains(Plan.ConditionsInput);
}

/// <summary>
/// The grade: <see cref="Value"/> is what the known figures establish (a lower bound); <see cref="UpTo"/> the most
/// severe grade the unknown figures still allow. Determined when the two are equal (R3).
/// </summary>
public sealed record GradeResult(Grade Value, bool Determined, Grade UpTo, IReadOnlyList<Rule> Because, bool Declared)
{
    /// <summary>R3: an undetermined grade is reported like 较大以上.</summary>
    public Grade ForReporting => Determined || Value >= Domain.Grade.RelativelySerious ? Value : Domain.Grade.RelativelySerious;

    /// <summary>
    /// No reported figure establishes any grade yet (every figure the table reads unknown): the plans' "暂时无法判明等级" (R 5.1.1,
    /// C 4.1(二)), read so (<see cref="UnjudgedLabel"/>) rather than as the lowest grade, which holds only because unknown figures count
    /// as at least zero. <see cref="Value"/> stays that lowest grade for machines, and <see cref="ForReporting"/> is 较大 as before.
    /// </summary>
    public bool Unjudged => !Determined && !Declared && Because.Count == 0;

    /// <summary>What a person reads for an <see cref="Unjudged"/> grade: the plans' own words.</summary>
    public const string UnjudgedLabel = "暂时无法判明";
}

/// <summary>The response level; null <see cref="Level"/> means no city-level response (natural disaster below Ⅳ).</summary>
public sealed record LevelResult(ResponseLevel? Level, bool Determined, ResponseLevel? UpTo, LevelDefinition? Authority, IReadOnlyList<Rule> Because)
{
    /// <summary>When no level is reached: the clause that says so (natural disaster below Ⅳ).</summary>
    public ClauseWords? NoResponse { get; init; }

    /// <summary>
    /// For people, when no level is reached by the known figures and others are unknown: whether a city response is called for cannot be said
    /// yet (N 5.4.1 starts Ⅳ when one of its cases holds; with none known, it is not known that none holds).
    /// </summary>
    public const string UndeterminedNone = "尚不能判断是否启动市级响应（数字不全）";

    /// <summary>The note on <see cref="NoResponse"/>'s citation while the level is not determined: the known figures meet none of its cases, no more.</summary>
    public const string UndeterminedNoResponseNote = "按已知数字未达到所列任一情形；数字不全，尚不能判断是否启动市级响应";

    /// <summary>
    /// The level is the plan's lowest only because nothing reported reaches a band of it (C 4.3.1(1) with 涉险、被困、失联 and the grade
    /// unreported): <see cref="Because"/> lists the bands that hold at that bound, none of them met by the report.
    /// </summary>
    public bool LowestOnly { get; init; }
}

/// <summary>An obligation with its absolute due time (in the offset of the time of occurrence); null when the plan gives no fixed time.</summary>
public readonly record struct ObligationDue(ObligationRule Rule, DateTimeOffset? DueAt);

public sealed record WarningResult(WarningColourRule Colour, IReadOnlyList<WarningRule> Because);

/// <summary>
/// A warning <paramref name="Rule"/> of <paramref name="Colour"/> whose reported observations meet it as far as they go, with those it
/// also needs and the report does not give (<paramref name="Unknown"/>, contract names of <c>conditions</c>: <c>townshipsAffected</c>).
/// </summary>
public sealed record WarningIfKnown(WarningColourRule Colour, WarningRule Rule, IReadOnlyList<string> Unknown);

/// <summary>
/// A judgement to put to the duty office: <paramref name="Prompt"/> (the plan's words and why it is asked), <paramref name="Reported"/> the
/// known figures that point at it (the sum of those the prompt names: 涉险、被困、失联 together), and <paramref name="WouldAdd"/> the duties it
/// would bring, each with its due time, that the report does not already bring.
/// </summary>
public sealed record JudgementToConsider(JudgementPrompt Prompt, decimal Reported, IReadOnlyList<ObligationDue> WouldAdd);

public enum HintTable
{
    Grade,
    Response,
}

/// <summary>"1 more death → 较大": <see cref="Needed"/> more of the rule's quantity would reach the rule's outcome.</summary>
public readonly record struct Hint(HintTable Table, Rule Rule, decimal Current, decimal Needed);

/// <summary>Grade and level alone, without reasons: what the hot path returns, allocation-free.</summary>
public readonly record struct Classification(
    bool HasGrade,
    Grade Grade,
    Grade GradeUpTo,
    ResponseLevel? Level,
    ResponseLevel? LevelUpTo)
{
    public bool GradeDetermined => !HasGrade || Grade == GradeUpTo;
    public bool LevelDetermined => Level == LevelUpTo;
}
