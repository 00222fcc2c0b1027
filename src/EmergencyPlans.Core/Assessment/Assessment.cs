using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Plans;

namespace EmergencyPlans.Core.Assessment;

/// <summary>The decision for one incident report: grade, response level, obligations, work groups, warning, and why.</summary>
public sealed class Assessment
{
    internal Assessment(
        Plan plan, IncidentInput input, GradeResult? grade, LevelResult response, ObligationDue[] obligations,
        WorkGroupAssignment[] workGroups, WarningResult? warning, Hint[] hints, InputField unknownsThatCouldRaise)
    {
        Plan = plan;
        Input = input;
        Grade = grade;
        Response = response;
        Obligations = obligations;
        WorkGroups = workGroups;
        Warning = warning;
        Hints = hints;
        UnknownsThatCouldRaise = unknownsThatCouldRaise;
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

    /// <summary>The nearest known thresholds that would raise the grade or the level.</summary>
    public IReadOnlyList<Hint> Hints { get; }

    /// <summary>Unknown inputs that could still raise the grade or the level.</summary>
    public InputField UnknownsThatCouldRaise { get; }

    /// <summary>The plan's raise suggestions whose judgement the report holds (construction 4.4).</summary>
    public IReadOnlyList<RaiseSuggestion> RaiseSuggestions { get; init; } = [];
}

/// <summary>
/// The grade: <see cref="Value"/> is what the known figures establish (a lower bound); <see cref="UpTo"/> the most
/// severe grade the unknown figures still allow. Determined when the two are equal (R3).
/// </summary>
public sealed record GradeResult(Grade Value, bool Determined, Grade UpTo, IReadOnlyList<Rule> Because, bool Declared)
{
    /// <summary>R3: an undetermined grade is reported like 较大以上.</summary>
    public Grade ForReporting => Determined || Value >= Domain.Grade.RelativelySerious ? Value : Domain.Grade.RelativelySerious;
}

/// <summary>The response level; null <see cref="Level"/> means no city-level response (natural disaster below Ⅳ).</summary>
public sealed record LevelResult(ResponseLevel? Level, bool Determined, ResponseLevel? UpTo, LevelDefinition? Authority, IReadOnlyList<Rule> Because)
{
    /// <summary>When no level is reached: the clause that says so (natural disaster below Ⅳ).</summary>
    public ClauseWords? NoResponse { get; init; }
}

/// <summary>An obligation with its absolute due time (in the offset of the time of occurrence); null when the plan gives no fixed time.</summary>
public readonly record struct ObligationDue(ObligationRule Rule, DateTimeOffset? DueAt);

public sealed record WarningResult(WarningColourRule Colour, IReadOnlyList<WarningRule> Because);

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
