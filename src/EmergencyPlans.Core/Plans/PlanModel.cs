using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Core.Plans;

/// <summary>One version of one plan, loaded and validated. Immutable; shared by every evaluation.</summary>
public sealed class Plan
{
    internal Plan(
        PlanMetadata metadata,
        GradeTable? grade,
        ResponseTable response,
        IReadOnlyList<ObligationRule> obligations,
        IReadOnlyList<WorkGroup> workGroups,
        string? workGroupsNote,
        WarningTable? warnings,
        City city,
        IReadOnlyList<CommandRule>? command = null)
    {
        Command = command ?? [];
        ActivationAuthority = Lifecycles.PlanActivationAuthority.FromLevels(metadata.Id, response.Levels);
        WarningAuthority = warnings is null ? null : Lifecycles.PlanWarningAuthority.FromTable(metadata.Id, warnings);
        Metadata = metadata;
        Grade = grade;
        Response = response;
        Obligations = obligations;
        WorkGroups = workGroups;
        WorkGroupsNote = workGroupsNote;
        Warnings = warnings;
        City = city;
        AssessedObligations = obligations.Where(o => o.Condition is not null).ToArray();
        GradeClassifier = grade is null ? null : Assessment.ClassifierTable.Build(grade.Rules);
        ResponseClassifier = Assessment.ClassifierTable.Build(response.Rules);
        WorkGroupsByLevel = new WorkGroupAssignment[5][];
        for (var rank = 0; rank < WorkGroupsByLevel.Length; rank++)
        {
            WorkGroupsByLevel[rank] = rank == 0
                ? []
                : workGroups
                    .Where(g => g.Levels.Contains((ResponseLevel)rank))
                    .Select(g => new WorkGroupAssignment(g, g.MandatoryLevels.Contains((ResponseLevel)rank)))
                    .ToArray();
        }

        ObligationsFirstDueAtGrade = new ObligationRule[4][];
        for (var g = 0; g < 4; g++)
        {
            ObligationsFirstDueAtGrade[g] = AssessedObligations
                .Where(o => o.Condition!.HoldsForGradeAlone((Domain.Grade)g) == true
                            && (g == 0 || o.Condition.HoldsForGradeAlone((Domain.Grade)(g - 1)) != true))
                .ToArray();
        }
    }

    public PlanMetadata Metadata { get; }
    public string Id => Metadata.Id;

    /// <summary>Null for a plan without a grade table (natural disaster: the grade is declared).</summary>
    public GradeTable? Grade { get; }
    public ResponseTable Response { get; }
    public IReadOnlyList<ObligationRule> Obligations { get; }
    public IReadOnlyList<WorkGroup> WorkGroups { get; }
    public string? WorkGroupsNote { get; }
    public WarningTable? Warnings { get; }
    public City City { get; }

    /// <summary>
    /// Who may activate, adjust to and terminate each response level, read from
    /// <c>response.levels[].activatedBy</c> and <c>delegationRequired</c> when the plan was loaded.
    /// </summary>
    public Lifecycles.IActivationAuthority ActivationAuthority { get; }

    /// <summary>
    /// Who approves and who issues each colour of warning, read from <c>warnings.colours[]</c> when the
    /// plan was loaded; null for a plan without warnings.
    /// </summary>
    public Lifecycles.IWarningAuthority? WarningAuthority { get; }

    /// <summary>Who commands an incident that crosses a boundary (road 2.6); empty when the plan says nothing.</summary>
    public IReadOnlyList<CommandRule> Command { get; }

    /// <summary>The command rule for a scope (cross-county, cross-city, cross-province), or null.</summary>
    public CommandRule? CommandFor(string scope) => Command.FirstOrDefault(c => c.Scope == scope);

    /// <summary>Obligations the assessment itself raises (the others start on an event: a request, a dispatch order...).</summary>
    internal ObligationRule[] AssessedObligations { get; }

    internal WorkGroupAssignment[][] WorkGroupsByLevel { get; }

    internal Assessment.ClassifierTable? GradeClassifier { get; }
    internal Assessment.ClassifierTable ResponseClassifier { get; }

    /// <summary>Obligations that a grade brings that the grade below it does not (for "1 more death → …" hints).</summary>
    internal ObligationRule[][] ObligationsFirstDueAtGrade { get; }

    public bool IsInForceAt(DateTimeOffset instant) =>
        instant >= Metadata.ValidFrom && (Metadata.ValidUntil is null || instant < Metadata.ValidUntil);

    /// <summary>The obligations that newly apply when the grade reaches <paramref name="grade"/>.</summary>
    public IReadOnlyList<ObligationRule> ObligationsFirstDueAt(Grade grade) => ObligationsFirstDueAtGrade[(int)grade];
}

public sealed record PlanMetadata(
    string Id,
    string Title,
    string DocumentNumber,
    string Issued,
    DateTimeOffset ValidFrom,
    DateTimeOffset? ValidUntil,
    string? Replaces,
    string Owner,
    int ReviewEveryYears,
    string Source,
    string FileName,
    string? Reading);

/// <summary>A criterion quoted from a plan: the clause, the plan's own words, and a typed test. No code in data.</summary>
public sealed class Rule
{
    internal Rule(string id, string clause, string words, int outcome, RuleTest test)
    {
        Id = id;
        Clause = clause;
        Words = words;
        Outcome = outcome;
        Test = test;
    }

    public string Id { get; }
    public string Clause { get; }
    public string Words { get; }

    /// <summary>Rank of what the rule reaches: grade rank (一般 = 1 … 特别重大 = 4) or level rank (Ⅳ = 1 … Ⅰ = 4).</summary>
    internal int Outcome { get; }

    internal RuleTest Test { get; }

    /// <summary>Index of the series of bands this rule belongs to (same quantity, same precondition); -1 if none.</summary>
    internal int Series { get; set; } = -1;

    public Grade GradeOutcome => (Grade)(Outcome - 1);
    public ResponseLevel LevelOutcome => (ResponseLevel)Outcome;

    /// <summary>Figures the rule reads (empty for judgements and decisions).</summary>
    public IReadOnlyList<Figure> Figures => Test.Quantity;

    /// <summary>The threshold as the plan states it ("以上": included).</summary>
    public decimal? AtLeast => Test.Kind is RuleKind.Quantity or RuleKind.Share ? Test.AtLeast : null;

    /// <summary>The upper bound as the plan states it ("以下": excluded), for display and validation only.</summary>
    public decimal? Below => Test.Below;

    public override string ToString() => $"{Id} ({Clause})";
}

internal enum RuleKind
{
    Quantity,
    Share,
    GradeAtLeast,
    Judgement,
    Decision,
    Counties,
    Pollution,
}

internal sealed class RuleTest
{
    public RuleKind Kind { get; init; }
    public Figure[] Quantity { get; init; } = [];

    /// <summary>For Share: the share as written (0.25); <see cref="Threshold"/> holds the head count.</summary>
    public decimal AtLeast { get; init; }
    public decimal? Below { get; init; }

    /// <summary>The value the quantity must reach: AtLeast, or for a share, share × population.</summary>
    public decimal Threshold { get; init; }

    /// <summary>The figures of <see cref="Quantity"/> as bits (bit i = <see cref="Figure"/> i).</summary>
    public uint Mask { get; init; }

    /// <summary><see cref="Threshold"/> in hundredths, as the engine compares it (a share's head count rounded up first).</summary>
    public long ScaledThreshold { get; init; }
    public Fact? When { get; init; }
    public Grade MinGrade { get; init; }
    public Judgement Judgement { get; init; }
    public int CountiesAtLeast { get; init; }
    public bool CountiesAdjacent { get; init; }
    public Pollution MinPollution { get; init; }
    public string? ShareOf { get; init; }
}

public sealed class GradeTable
{
    internal GradeTable(string provenance, Rule[] rules)
    {
        Provenance = provenance;
        RulesArray = rules;
    }

    public string Provenance { get; }
    public IReadOnlyList<Rule> Rules => RulesArray;
    internal Rule[] RulesArray { get; }
}

public sealed record LevelDefinition(
    ResponseLevel Level,
    IReadOnlyList<string> ActivatedBy,
    IReadOnlyList<string> DelegationRequired,
    string Authority,
    string Clause,
    string Words);

public sealed record ClauseWords(string Clause, string Words);

/// <summary>Who commands and who coordinates when an incident crosses a boundary of the given scope.</summary>
public sealed record CommandRule(string Scope, string CommandedBy, string? CoordinatedBy, string Clause, string Words);

public sealed class ResponseTable
{
    internal ResponseTable(LevelDefinition[] levels, ClauseWords terminatedBy, ClauseWords? adjustment, ClauseWords? noResponse, Rule[] rules)
    {
        Levels = levels;
        NoResponse = noResponse;
        TerminatedBy = terminatedBy;
        Adjustment = adjustment;
        RulesArray = rules;
        LevelsByRank = new LevelDefinition?[5];
        foreach (var level in levels)
        {
            LevelsByRank[(int)level.Level] = level;
        }

        LowestRank = levels.Min(l => (int)l.Level);
    }

    /// <summary>Most severe first, as the plan lists them.</summary>
    public IReadOnlyList<LevelDefinition> Levels { get; }
    public ClauseWords TerminatedBy { get; }
    public ClauseWords? Adjustment { get; }

    /// <summary>What the plan says when no level is reached (natural disaster below Ⅳ); null when every report reaches a level.</summary>
    public ClauseWords? NoResponse { get; }
    public IReadOnlyList<Rule> Rules => RulesArray;
    internal Rule[] RulesArray { get; }
    internal LevelDefinition?[] LevelsByRank { get; }
    internal int LowestRank { get; }

    public LevelDefinition? Find(ResponseLevel level) => LevelsByRank[(int)level];
}

/// <summary>How the time an obligation is due is stated when the plan gives no fixed number of minutes.</summary>
public enum ObligationTiming
{
    /// <summary>A fixed period after the start of the clock (<see cref="ObligationRule.Due"/>).</summary>
    Fixed,
    /// <summary>立即 / 第一时间.</summary>
    Immediately,
    /// <summary>及时.</summary>
    Promptly,
    /// <summary>When handling is finished (终报).</summary>
    OnCompletion,
}

public sealed class ObligationRule
{
    internal ObligationRule(
        string code, string to, string clause, string words, ObligationCondition? condition, string? trigger,
        TimeSpan? due, TimeSpan? every, ObligationTiming timing)
    {
        Code = code;
        To = to;
        Clause = clause;
        Words = words;
        Condition = condition;
        Trigger = trigger;
        Due = due;
        Every = every;
        Timing = timing;
    }

    public string Code { get; }
    public string To { get; }
    public string Clause { get; }
    public string Words { get; }

    /// <summary>When the assessment raises it; null for obligations started by an event (<see cref="Trigger"/>).</summary>
    internal ObligationCondition? Condition { get; }

    /// <summary>The event that starts the clock when not the occurrence: city-request, casualty-change, handling-finished, dispatch-order.</summary>
    public string? Trigger { get; }
    public TimeSpan? Due { get; }
    public TimeSpan? Every { get; }
    public ObligationTiming Timing { get; }
}

internal enum ConditionKind
{
    ReportingGrade,
    Grade,
    DeclaredGrade,
    Level,
    Fact,
    Any,
}

internal sealed class ObligationCondition
{
    public ConditionKind Kind { get; init; }
    public int AtLeast { get; init; }
    public int Below { get; init; } = int.MaxValue;
    public Fact Fact { get; init; }
    public QuantityTest[] Any { get; init; } = [];

    /// <summary>Whether the condition holds for a determined grade, or null if it does not depend on the grade alone.</summary>
    public bool? HoldsForGradeAlone(Grade grade)
    {
        if (Kind is not (ConditionKind.ReportingGrade or ConditionKind.Grade))
        {
            return null;
        }

        var rank = (int)grade + 1;
        return rank >= AtLeast && rank < Below;
    }
}

internal sealed record QuantityTest(Figure[] Quantity, decimal AtLeast, Judgement? Judgement);

public sealed record WorkGroup(
    string Name,
    IReadOnlyList<string> Aliases,
    string Clause,
    IReadOnlyList<string> Lead,
    IReadOnlyList<string> Members,
    string? Duties,
    IReadOnlyList<ResponseLevel> Levels,
    IReadOnlyList<ResponseLevel> MandatoryLevels);

/// <summary>A work group to set up at a level; <see cref="Mandatory"/> false means "as needed" (根据需要).</summary>
public readonly record struct WorkGroupAssignment(WorkGroup Group, bool Mandatory);

public sealed class WarningTable
{
    internal WarningTable(WarningColourRule[] colours, ClauseWords liftedBy, string? input)
    {
        ColoursArray = colours;
        LiftedBy = liftedBy;
        Input = input;
    }

    /// <summary>Most severe first.</summary>
    public IReadOnlyList<WarningColourRule> Colours => ColoursArray;
    public ClauseWords LiftedBy { get; }
    public string? Input { get; }
    internal WarningColourRule[] ColoursArray { get; }
}

/// <summary>One colour of warning: when it applies, who approves it and who issues (and so lifts) it.</summary>
/// <param name="Colour">The colour.</param>
/// <param name="Clause">The clause that sets its conditions.</param>
/// <param name="ApprovedBy">The approving body in the plan's words.</param>
/// <param name="ApproverRoles">Role ids (<see cref="RoleCatalogue"/>) whose approval suffices, any one of them; the first is the body the text names, any further one comes from <paramref name="ApproverReading"/>.</param>
/// <param name="ApproverReading">Why a role beyond the text's approver is listed, citing the reading; null when the roles are the text's alone.</param>
/// <param name="IssuedBy">The issuing body in the plan's words.</param>
/// <param name="IssuerRole">Role id of the issuing body: it proposes, issues, adjusts and lifts (谁发布、谁解除).</param>
/// <param name="ApprovalClause">The clause that sets approval and issue.</param>
/// <param name="ApprovalWords">The plan's words for approval and issue.</param>
/// <param name="AlsoRequired">What else the issuer must do (report up, notify neighbours).</param>
/// <param name="Rules">The conditions, any one of which calls for the colour.</param>
public sealed record WarningColourRule(
    WarningColour Colour,
    string Clause,
    string ApprovedBy,
    IReadOnlyList<string> ApproverRoles,
    string? ApproverReading,
    string IssuedBy,
    string IssuerRole,
    string ApprovalClause,
    string ApprovalWords,
    IReadOnlyList<string> AlsoRequired,
    IReadOnlyList<WarningRule> Rules);

public sealed record WarningRule(
    string Id,
    string Clause,
    string Words,
    WarningColour? WeatherWarning,
    decimal? VisibilityAtMost,
    int? WindForceAtLeast,
    int? TownshipsAtLeast,
    decimal? RepairHoursAtLeast,
    Fact? Fact,
    Judgement? Judgement);

/// <summary>The city file: county-level divisions with adjacency, and figures with their sources.</summary>
public sealed class City
{
    private readonly Dictionary<string, int> _index;
    private readonly bool[,] _adjacent;

    internal City(string id, string name, IReadOnlyList<County> counties, string adjacencySource, SourcedFigure agriculturalPopulation, string fileName)
    {
        Id = id;
        Name = name;
        Counties = counties;
        AdjacencySource = adjacencySource;
        AgriculturalPopulation = agriculturalPopulation;
        FileName = fileName;
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < counties.Count; i++)
        {
            _index[counties[i].Name] = i;
        }

        _adjacent = new bool[counties.Count, counties.Count];
        for (var i = 0; i < counties.Count; i++)
        {
            foreach (var other in counties[i].Adjacent)
            {
                _adjacent[i, _index[other]] = true;
            }
        }
    }

    public string Id { get; }
    public string Name { get; }
    public IReadOnlyList<County> Counties { get; }
    public string AdjacencySource { get; }
    public SourcedFigure AgriculturalPopulation { get; }
    public string FileName { get; }

    public bool IsCounty(string name) => _index.ContainsKey(name);

    public bool AreAdjacent(string a, string b) =>
        _index.TryGetValue(a, out var i) && _index.TryGetValue(b, out var j) && _adjacent[i, j];
}

public sealed record County(string Name, IReadOnlyList<string> Adjacent, string? Note);

public sealed record SourcedFigure(decimal Value, string Source, bool Provisional);
