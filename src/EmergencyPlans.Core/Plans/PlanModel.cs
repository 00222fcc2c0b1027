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
        IReadOnlyList<CommandRule>? command = null,
        IReadOnlyList<LeadPlanRule>? leadPlans = null)
    {
        Command = command ?? [];
        LeadPlans = leadPlans ?? [];
        ActivationAuthority = Lifecycles.PlanActivationAuthority.FromLevels(metadata.Id, response.Levels, response.Adjustment, response.Termination, metadata.DocumentNumber,
            response.Proposal, response.Organs, response.AdjustedBy);
        WarningAuthority = warnings is null ? null : Lifecycles.PlanWarningAuthority.FromTable(metadata.Id, warnings, metadata.DocumentNumber);
        Metadata = metadata;
        Grade = grade;
        Response = response;
        Obligations = obligations;
        WorkGroups = workGroups;
        WorkGroupsNote = workGroupsNote;
        Warnings = warnings;
        City = city;
        // The duties whose clocks the report itself starts: from the occurrence or from its receipt.
        AssessedObligations = obligations.Where(o => o.Start is DutyStart.Occurrence or DutyStart.Receipt).ToArray();

        // Rules sharing a code (continuation daily at 较大, every 4 h at 重大) share a small number, so the engine
        // compares integers rather than strings on every assessment.
        var codes = AssessedObligations.Select(o => o.Code).Distinct(StringComparer.Ordinal).ToList();
        AssessedObligationCodes = AssessedObligations.Select(o => codes.IndexOf(o.Code)).ToArray();
        AssessedDuties = Assessment.AssessedDutyIndex.Build(AssessedObligations);
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

        // Work groups as the contract shows them, per level, once.
        WorkGroupDtosByRank = WorkGroupsByLevel.Select(gs => gs.Select(WorkGroupDto).ToArray()).ToArray();

        // Measures as the contract shows them, per level, once: every response for that level shares the list.
        MeasureDtosByRank = response.MeasuresByRank
            .Select(ms => ms.Select(m => new Contract.MeasureDto(Names.Of(m.Level), m.Clause, m.Lead, m.With, m.Words, m.LeadWords)).ToArray())
            .ToArray();
        TerminationDto = response.Termination is { } t ? new Contract.TerminationDto(t.Clause, t.Words, t.Principle, t.Conditions, t.Afterwards) : null;

        Reads = ReadInputs(grade, response, obligations, warnings, Command, LeadPlans);
        _judgementsRead = new Lazy<uint>(ReadJudgements);
        Unread = FigureCatalog.All.Where(f => !Reads.Contains(f.Name)).ToArray();

        ObligationsFirstDueAtGrade = new ObligationRule[4][];
        for (var g = 0; g < 4; g++)
        {
            ObligationsFirstDueAtGrade[g] = AssessedObligations
                .Where(o => o.Condition?.HoldsForGradeAlone((Domain.Grade)g) == true
                            && (g == 0 || o.Condition.HoldsForGradeAlone((Domain.Grade)(g - 1)) != true))
                .ToArray();
        }
    }

    public PlanMetadata Metadata { get; }
    public string Id => Metadata.Id;

    /// <summary>
    /// The report inputs the plan's criteria read, by their contract names: figures and facts (deaths, hazmatRelease…),
    /// <c>pollution</c>, <c>disruptedCounties</c>, and <c>conditions</c> when its warnings are judged from the weather
    /// (road 4.2). An input outside this set changes nothing under this plan.
    /// </summary>
    public IReadOnlySet<string> Reads { get; }

    public const string ConditionsInput = "conditions";

    /// <summary>The grade a competent department declares (<c>declaredGrade</c>; a natural disaster's, N 4.1.3).</summary>
    private const string DeclaredGradeInput = "declaredGrade";

    /// <summary>The catalogue's figures outside <see cref="Reads"/>: reported under this plan, they are kept and change nothing.</summary>
    private FigureDefinition[] Unread { get; }

    /// <summary>
    /// The figures <paramref name="figures"/> gives (any value, a false fact included) that no criterion of this plan reads, in catalogue
    /// order: kept with the report, but no grade, level, duty or warning rests on them (a natural-disaster duty officer's review: road
    /// figures on a disaster were accepted without a word, and the officer believed they counted). Empty when every given figure is read.
    /// </summary>
    public IReadOnlyList<FigureDefinition> FiguresNotRead(ReportedFigures figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        List<FigureDefinition>? given = null;
        foreach (var figure in Unread)
        {
            if (figures[figure] is not null)
            {
                (given ??= []).Add(figure);
            }
        }

        return given is null ? [] : given;
    }

    /// <summary>
    /// The judgements <paramref name="judgements"/> holds that no criterion of this plan reads, in catalogue order: kept with the report,
    /// but no grade, level, duty, warning, raise suggestion or preparation rests on them (N reads no 超出事发地县(市、区)人民政府处置能力:
    /// its levels are counted from figures, N 5.1.1–5.4.1). Empty when every judgement held is read. A judgement not held is not
    /// listed: nothing rests on it either way.
    /// </summary>
    public IReadOnlyList<JudgementDefinition> JudgementsNotRead(Assessment.JudgementInput judgements)
    {
        ArgumentNullException.ThrowIfNull(judgements);
        var unread = judgements.Mask & ~JudgementsRead;
        return unread == 0 ? [] : JudgementCatalogue.All.Where(d => (unread & (1u << (int)d.Judgement)) != 0).ToArray();
    }

    /// <summary>The judgements the plan's criteria read, as bits (bit i = <see cref="Judgement"/> i); computed once, the preparation being set at load.</summary>
    private uint JudgementsRead => _judgementsRead.Value;

    private readonly Lazy<uint> _judgementsRead;

    private uint ReadJudgements()
    {
        var mask = 0u;
        foreach (var rule in (Grade?.Rules ?? []).Concat(Response.Rules).Where(r => r.Test.Kind == RuleKind.Judgement))
        {
            Add(rule.Test.Judgement);
        }

        foreach (var o in Obligations)
        {
            AddCondition(o.Condition);
        }

        foreach (var rule in Warnings?.Colours.SelectMany(c => c.Rules) ?? [])
        {
            if (rule.Judgement is { } judgement)
            {
                Add(judgement);
            }
        }

        foreach (var suggestion in Response.RaiseSuggestions)
        {
            Add(suggestion.Judgement);
        }

        if (Preparation is { } preparation)
        {
            Add(preparation.When);
        }

        return mask;

        void Add(Judgement judgement) => mask |= 1u << (int)judgement;

        void AddCondition(ObligationCondition? condition)
        {
            if (condition is null)
            {
                return;
            }

            if (condition.Kind == ConditionKind.Judgement)
            {
                Add(condition.Judgement);
            }

            foreach (var part in condition.Parts)
            {
                AddCondition(part);
            }
        }
    }

    private static HashSet<string> ReadInputs(
        GradeTable? grade, ResponseTable response, IReadOnlyList<ObligationRule> obligations, WarningTable? warnings, IReadOnlyList<CommandRule> command,
        IReadOnlyList<LeadPlanRule> leadPlans)
    {
        var reads = new HashSet<string>(StringComparer.Ordinal);

        // A plan without a grade table takes the grade the competent department declares (N 4.1.3 重特大): the figure is its grade.
        if (grade is null)
        {
            reads.Add(DeclaredGradeInput);
        }

        // Which plan leads (R 1.4) is read from the facts its rules name.
        reads.UnionWith(leadPlans.Select(l => FigureNames.Of(l.When)));
        foreach (var rule in (grade?.Rules ?? []).Concat(response.Rules))
        {
            var test = rule.Test;
            reads.UnionWith(test.Quantity.Select(FigureNames.Of));
            if (test.When is { } when)
            {
                reads.Add(FigureNames.Of(when));
            }

            switch (test.Kind)
            {
                case RuleKind.Counties:
                    reads.Add("disruptedCounties");
                    break;
                case RuleKind.Pollution:
                    reads.Add("pollution");
                    break;
            }
        }

        foreach (var o in obligations)
        {
            Add(o.Condition);
            if (o.EachCounty is { } list)
            {
                // A duty owed per county reads the list it is owed for (N 5.6 所涉及县(市、区)).
                reads.UnionWith(CountyLists.Reads(list));
            }

            if (o.Start == DutyStart.CasualtyChange)
            {
                // "造成伤亡人数发生变化的,应立即续报" (C 4.1(三), R 5.1.2): a change to the dead, missing or injured starts the duty. The
                // trapped and endangered no longer do (ADR 0003 #81), but stay read here, as the counts the same clauses' 首报要素 list: not
                // called unused on the card of an incident 122 opened for the trapped (R's intake rule).
                reads.UnionWith(FigureCatalog.Casualties.Select(f => f.Name));
            }
        }

        // Who commands across counties (R 2.6) is read from the counties whose traffic is disrupted.
        if (command.Any(c => CommandScopes.IsBoundary(c.Scope)))
        {
            // A boundary's command (R 2.6) reads the counties; who commands on site first (C 4.2) reads nothing.
            reads.Add("disruptedCounties");
        }

        // A warning colour is judged from the weather and the roads (road 4.2: conditions), and may name a fact.
        foreach (var rule in warnings?.Colours.SelectMany(c => c.Rules) ?? [])
        {
            reads.Add(ConditionsInput);
            if (rule.Fact is { } fact)
            {
                reads.Add(FigureNames.Of(fact));
            }
        }

        return reads;

        void Add(ObligationCondition? condition)
        {
            if (condition is null)
            {
                return;
            }

            if (condition.Kind == ConditionKind.Fact)
            {
                reads.Add(FigureNames.Of(condition.Fact));
            }
            else if (condition.Kind == ConditionKind.AnyCounty)
            {
                reads.UnionWith(CountyLists.Reads(condition.Counties));
            }
            else if (condition.Kind == ConditionKind.DeclaredGrade)
            {
                reads.Add(DeclaredGradeInput);
            }

            reads.UnionWith(condition.Quantity.Select(FigureNames.Of));
            foreach (var part in condition.Parts)
            {
                Add(part);
            }
        }
    }

    /// <summary>Null for a plan without a grade table (natural disaster: the grade is declared).</summary>
    public GradeTable? Grade { get; }
    public ResponseTable Response { get; }
    public IReadOnlyList<ObligationRule> Obligations { get; }
    public IReadOnlyList<WorkGroup> WorkGroups { get; }
    public string? WorkGroupsNote { get; }
    public WarningTable? Warnings { get; }
    public City City { get; }

    /// <summary>Which records of an automatic feed open an incident under this plan (<c>feedIntake</c>); null when no feed comes in.</summary>
    public FeedIntakeRule? FeedIntake { get; init; }

    /// <summary>
    /// What this plan calls each figure (<c>figureLabels</c>, falling back to the catalogue's label): every text a duty
    /// officer reads about an incident under it names a figure so (natural disaster: 失踪, not the catalogue's 失联).
    /// </summary>
    public FigureLabels FigureLabels { get; init; } = FigureLabels.None;

    /// <summary>
    /// What this plan calls the post of each role (<c>roleNames</c>, falling back to the catalogue's label): a text about an
    /// incident or a drill under the road plan names 市指挥部办公室主任, not the natural-disaster plan's 市安委办主任 beside it.
    /// </summary>
    public RoleNames RoleNames { get; init; } = RoleNames.None;

    /// <summary>
    /// What this plan calls the grade (<c>gradeTerm</c>): construction 事故等级, road 突发事件等级 (5.1.1 初步判定突发事件等级), natural disaster
    /// 灾害等级. Every text for people names the grade so; 等级 when the file says nothing.
    /// </summary>
    public string GradeTerm { get; init; } = "等级";

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

    /// <summary>The plans that lead instead of this one when a reported fact holds, this plan then supporting (road 1.4); empty for most plans.</summary>
    public IReadOnlyList<LeadPlanRule> LeadPlans { get; }

    /// <summary>What the plan says must be published to the public, in its order; empty when the file lists none.</summary>
    public IReadOnlyList<Publication> Publications
    {
        get => _publications;
        init
        {
            _publications = value;
            // As the contract shows them, once: every decision card of the plan shares the list.
            PublicationDtos = [.. value.Select(p => new Contract.PublicationDto(p.Code, p.By, DutyNames.Of(p.Start), p.After,
                Contract.AssessmentContract.Timing(p.Timing), p.Until is { } until ? DutyNames.Of(until) : null, p.Clause, p.Words))];
            var warningStart = DutyNames.Of(DutyStart.WarningIssued);
            PublicationDtosWithoutWarning = PublicationDtos.Any(p => p.Start == warningStart)
                ? [.. PublicationDtos.Where(p => p.Start != warningStart)]
                : PublicationDtos;
        }
    }

    private readonly IReadOnlyList<Publication> _publications = [];

    /// <summary><see cref="Publications"/> as the decision card shows them once a warning is issued: all of them.</summary>
    public IReadOnlyList<Contract.PublicationDto> PublicationDtos { get; private init; } = [];

    /// <summary>
    /// <see cref="Publications"/> as the decision card shows them while no warning is issued: without those a warning's issue starts
    /// (R 4.4.3 "预警信息应当……及时向公众发布" is said of 预警信息, which exists only once a warning is issued). Every other publication starts
    /// with the incident itself (receipt, the publication before it, 灾情稳定) and is shown whatever the state.
    /// </summary>
    public IReadOnlyList<Contract.PublicationDto> PublicationDtosWithoutWarning { get; private init; } = [];

    /// <summary>The publications a decision card shows: a warning's publication only when <paramref name="warningIssued"/>.</summary>
    public IReadOnlyList<Contract.PublicationDto> PublicationDtosFor(bool warningIssued) => warningIssued ? PublicationDtos : PublicationDtosWithoutWarning;

    /// <summary>The judgements to put to the duty office when the report points at them (construction 4.1 较大涉险事故); empty for most plans.</summary>
    public IReadOnlyList<JudgementPrompt> JudgementPrompts { get; init; } = [];

    /// <summary>灾害救助准备 (natural disaster 3); null when the plan has none.</summary>
    public Preparation? Preparation
    {
        get => _preparation;
        init
        {
            _preparation = value;
            _preparationDto = value is null ? null : new Contract.PreparationDto(value.Clause, FigureNames.Of(value.When), value.By, value.Words, value.Measures);
        }
    }

    private readonly Preparation? _preparation;

    // The preparation as the contract shows it, built once when the plan is loaded.
    private readonly Contract.PreparationDto? _preparationDto;

    /// <summary>The preparation measures when <paramref name="judgements"/> hold the judgement that calls for them (a shared object); else null.</summary>
    public Contract.PreparationDto? PreparationFor(Assessment.JudgementInput judgements)
    {
        ArgumentNullException.ThrowIfNull(judgements);
        return _preparation is { } p && judgements.Has(p.When) ? _preparationDto : null;
    }

    /// <summary>The command rule for a scope (cross-county, cross-city, cross-province), or null.</summary>
    public CommandRule? CommandFor(string scope) => Command.FirstOrDefault(c => c.Scope == scope);

    /// <summary>
    /// The response rule a decision to start <paramref name="level"/> meets (the contract's <c>judgements.headquartersLevel</c>), in the
    /// plan's words for who decides: R 5.3.2(5) 市指挥部认为需要启动Ⅱ级响应的其他情形, N 5.2.1(5) 市安委会认为…, N 5.1.1(5) 市委、市政府认为…;
    /// null where the plan has none at that level.
    /// </summary>
    public Rule? DecisionRule(ResponseLevel level) =>
        Response.RulesArray.FirstOrDefault(r => r.Test.Kind == RuleKind.Decision && r.LevelOutcome == level);

    /// <summary>Obligations the assessment itself raises (the others start on an event: a request, a dispatch order...).</summary>
    internal ObligationRule[] AssessedObligations { get; }

    /// <summary>For each of <see cref="AssessedObligations"/>, a number shared by the rules with the same code.</summary>
    internal int[] AssessedObligationCodes { get; }

    /// <summary>Which of <see cref="AssessedObligations"/> may apply at each grade and level, settled at load.</summary>
    internal Assessment.AssessedDutyIndex AssessedDuties { get; }

    internal WorkGroupAssignment[][] WorkGroupsByLevel { get; }

    internal Assessment.ClassifierTable? GradeClassifier { get; }
    internal Assessment.ClassifierTable ResponseClassifier { get; }

    private Contract.MeasureDto[][] MeasureDtosByRank { get; }

    private Contract.WorkGroupDto[][] WorkGroupDtosByRank { get; }

    /// <summary>A work group set up at a level as the contract shows it.</summary>
    internal static Contract.WorkGroupDto WorkGroupDto(WorkGroupAssignment w) =>
        new(w.Group.Name, w.Group.Aliases, w.Group.Lead, w.Group.Members, w.Group.Duties, w.Group.Clause, w.Mandatory);

    /// <summary>The work groups of <paramref name="level"/> as the contract shows them (none without a level): a list shared by every read.</summary>
    public IReadOnlyList<Contract.WorkGroupDto> WorkGroupDtosAt(ResponseLevel? level) => WorkGroupDtosByRank[level is { } l ? (int)l : 0];

    /// <summary>
    /// The city's on-site headquarters where the plan sets one up at <paramref name="level"/> (R 2.4, C 2.2: at Ⅰ and Ⅱ), as the contract shows
    /// it; null at other levels, without a level, or where the plan has none.
    /// </summary>
    public Contract.CommandDto? OnSiteHeadquartersAt(ResponseLevel? level) =>
        level is { } l && CommandFor(CommandScopes.OnSiteHeadquarters) is { } hq && hq.Levels.Contains(l)
            ? new Contract.CommandDto(hq.Scope, hq.CommandedBy, hq.CoordinatedBy, hq.Clause, hq.Words)
            : null;

    /// <summary>
    /// Who organises and coordinates the city-level relief at <paramref name="level"/> (N 5.1.3 "市安委会主任或市委、市政府指定的负责人统一组织、
    /// 协调市级层面自然灾害救助工作", 5.2.3–5.4.3), as the contract shows it; null without a level or where the plan says none.
    /// </summary>
    public Contract.CommandDto? OrganiserAt(ResponseLevel? level)
    {
        if (level is not { } l)
        {
            return null;
        }

        foreach (var c in Command)
        {
            if (c.Scope == CommandScopes.ReliefOrganiser && c.Levels.Contains(l))
            {
                return new Contract.CommandDto(c.Scope, c.CommandedBy, c.CoordinatedBy, c.Clause, c.Words);
            }
        }

        return null;
    }

    /// <summary>The measures of <paramref name="level"/> as the contract shows them: a list shared by every read (no allocation).</summary>
    public IReadOnlyList<Contract.MeasureDto> MeasureDtosAt(ResponseLevel? level) => MeasureDtosByRank[level is { } l ? (int)l : 0];

    /// <summary>The termination checklist as the contract shows it; null when the plan file lists no conditions.</summary>
    public Contract.TerminationDto? TerminationDto { get; }

    /// <summary>Obligations that a grade brings that the grade below it does not (for "1 more death → …" hints).</summary>
    internal ObligationRule[][] ObligationsFirstDueAtGrade { get; }

    public bool IsInForceAt(DateTimeOffset instant) =>
        instant >= Metadata.ValidFrom && (Metadata.ValidUntil is null || instant < Metadata.ValidUntil);

    /// <summary>The obligations that newly apply when the grade reaches <paramref name="grade"/>.</summary>
    public IReadOnlyList<ObligationRule> ObligationsFirstDueAt(Grade grade) => ObligationsFirstDueAtGrade[(int)grade];

    /// <summary>
    /// The rule behind a duty: the one with its <paramref name="code"/> (and <paramref name="clause"/>, when given) whose words it carries,
    /// else the first with them. A code, even with its clause, may name several rules (R 5.1.2: 较大以上每日至少续报1次 and
    /// 重大以上每4小时续报1次); a duty's words follow it when a rise in grade reschedules it (ADR 0003, "Same code, several whens").
    /// </summary>
    public ObligationRule? DutyRule(string? code, string? clause, string? words)
    {
        ObligationRule? first = null;
        foreach (var rule in Obligations)
        {
            if (rule.Code == code && (clause is null || rule.Clause == clause))
            {
                if (rule.Words == words)
                {
                    return rule;
                }

                first ??= rule;
            }
        }

        return first;
    }

    /// <summary>
    /// The duty that takes the office's proposal of <paramref name="level"/> to the body that decides it, where the plan has one (N 5.2.2
    /// "市安委会副主任(分管安全工作副市长)报主任决定"); null for the levels whose proposal goes straight to the decider (N 5.1.2, 5.3.2; road, construction).
    /// </summary>
    public ObligationRule? ProposalRelay(ResponseLevel level)
    {
        foreach (var rule in Obligations)
        {
            if (rule.Start == DutyStart.Proposal && rule.ProposedLevel == level)
            {
                return rule;
            }
        }

        return null;
    }

    /// <summary>
    /// The relay of <paramref name="level"/>'s proposal as people read it: <c>市安委会副主任(分管安全工作副市长)将启动Ⅱ级响应的建议报市安委会主任决定（5.2.2）</c>;
    /// null when the plan has none for the level (<see cref="ProposalRelay"/>).
    /// </summary>
    public string? ProposalRelaySaid(ResponseLevel level) =>
        ProposalRelay(level) is { } relay ? $"{relay.Reporter}{relay.Act ?? $"向{relay.To}报告"}（{relay.Clause}）" : null;
}

/// <summary>How text for people cites a plan's clause: with the plan's document number (晋市政办〔2025〕18号 5.1.1), in the timeline and in
/// the authority rules alike; a clause that names its own document (晋市政发〔2026〕1号 (十九)) as it is.</summary>
public static class Citation
{
    public static string Of(string documentNumber, string clause) =>
        clause.Contains('〔', StringComparison.Ordinal) ? clause : $"{documentNumber} {clause}";
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
    int? ReviewEveryYears,
    string Source,
    string FileName,
    string? Reading)
{
    /// <summary>
    /// The clause that says when the plan is reviewed, in its words (C 8.2 "原则上每3年评估一次"; N 8.3 "适时召集有关部门和专家开展复盘、评估");
    /// null when the file quotes none. <see cref="ReviewEveryYears"/> is null when the text gives no number of years (N: 适时).
    /// </summary>
    public ClauseWords? Review { get; init; }
}

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

    /// <summary>
    /// For a share of 本市农业人口 (N 5.x.1(4) "需政府救助人数占本市农业人口…%以上"): the head-count rule of the same level and clause whose band it
    /// equals on the city file's population ("……或…万人以上"; with the derived 80万 every share is its clause's head count). The two are one
    /// threshold: the head count stands for both, and the share is neither cited nor hinted apart (review s61, ND-12; ADR 0003 #88). Null when
    /// the city's figure makes them differ, and for every other rule.
    /// </summary>
    internal Rule? HeadCountTwin { get; set; }

    /// <summary>For a head-count rule, the share rule that is the same threshold (<see cref="HeadCountTwin"/> read the other way); else null.</summary>
    internal Rule? ShareTwin { get; set; }

    public Grade GradeOutcome => (Grade)(Outcome - 1);
    public ResponseLevel LevelOutcome => (ResponseLevel)Outcome;

    /// <summary>Figures the rule reads (empty for judgements and decisions).</summary>
    public IReadOnlyList<Figure> Figures => Test.Quantity;

    /// <summary>
    /// The reported inputs the rule reads, by their contract names: its figures (<see cref="Figures"/>), or the fact it compares
    /// (<c>pollution</c> for R 5.3.1(2)/5.3.2(2) 可能造成…环境污染, <c>disruptedCounties</c> for R 5.3.x(3)); empty for judgements and decisions.
    /// Not the fact the rule is read under (<see cref="WhenFact"/>).
    /// </summary>
    public IReadOnlyList<string> Reads => Test.Kind switch
    {
        RuleKind.Pollution => ["pollution"],
        RuleKind.Counties => ["disruptedCounties"],
        _ => [.. Test.Quantity.Select(FigureNames.Of)],
    };

    /// <summary>The fact the rule is read under (<c>hazmatRelease</c>, <c>weatherOrNaturalDisaster</c>), by its contract name; null when none.</summary>
    public string? WhenFact => Test.When is { } fact ? FigureNames.Of(fact) : null;

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

    /// <summary>
    /// Figures of people of unknown fate who may count in this rule's quantity (<see cref="UnknownFate"/>), as bits: they can raise
    /// the upper bound, never the lower. Set by the loader on the grade bands over <see cref="UnknownFate.CountsAs"/> alone.
    /// </summary>
    public uint Possibly { get; set; }
}

public sealed class GradeTable
{
    internal GradeTable(string provenance, Rule[] rules, UnknownFate? unknownFate = null)
    {
        Provenance = provenance;
        RulesArray = rules;
        UnknownFate = unknownFate;
    }

    public string Provenance { get; }
    public IReadOnlyList<Rule> Rules => RulesArray;
    internal Rule[] RulesArray { get; }

    /// <summary>People of unknown fate who may count as another figure (失联 may be 死亡), or null (DOMAIN R3).</summary>
    public UnknownFate? UnknownFate { get; }
}

/// <summary>
/// DOMAIN R3: people of unknown fate (<paramref name="Figure"/>, 失联) may turn out to be <paramref name="CountsAs"/> (死亡). While the
/// bands over <paramref name="CountsAs"/> alone would reach a higher grade with them counted (or their number is unknown), the grade
/// is undetermined, at least what <paramref name="CountsAs"/> alone reaches: "暂时无法判明等级", reported like 较大以上.
/// </summary>
public sealed record UnknownFate(Figure Figure, Figure CountsAs, string Clause, string Words, string? Reading);

public sealed record LevelDefinition(
    ResponseLevel Level,
    IReadOnlyList<string> ActivatedBy,
    IReadOnlyList<string> DelegationRequired,
    string Authority,
    string Clause,
    string Words);

public sealed record ClauseWords(string Clause, string Words);

/// <summary>The scopes of a plan's <c>command</c> rules (<see cref="CommandRule.Scope"/>), as the plan files spell them.</summary>
public static class CommandScopes
{
    /// <summary>Who commands on site first (C 4.2): the command a handover passes on.</summary>
    public const string OnSite = "on-site";

    /// <summary>The city's on-site headquarters at the levels that set it up (R 2.4, at Ⅰ and Ⅱ).</summary>
    public const string OnSiteHeadquarters = "on-site-headquarters";

    /// <summary>An incident across a county's boundary (R 2.6).</summary>
    public const string CrossCounty = "cross-county";

    public const string CrossCity = "cross-city";

    public const string CrossProvince = "cross-province";

    /// <summary>Who organises and coordinates the city-level relief at a level (N 5.1.3–5.4.3 "…组织协调市级层面灾害救助工作"), distinct from
    /// who decides the level: one entry per level (ADR 0003 #73).</summary>
    public const string ReliefOrganiser = "relief-organiser";

    /// <summary>Every scope, in the order the loader's refusal lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [OnSite, OnSiteHeadquarters, CrossCounty, CrossCity, CrossProvince, ReliefOrganiser];

    /// <summary>True for the scopes of a boundary crossed (R 2.6), which the counties whose traffic is disrupted decide.</summary>
    public static bool IsBoundary(string scope) => scope is CrossCounty or CrossCity or CrossProvince;
}

/// <summary>Who commands and who coordinates when an incident crosses a boundary of the given scope.</summary>
public sealed record CommandRule(string Scope, string CommandedBy, string? CoordinatedBy, string Clause, string Words)
{
    /// <summary>The response levels at which the rule applies (road 2.4's on-site headquarters at Ⅰ and Ⅱ); empty for every level.</summary>
    public IReadOnlyList<ResponseLevel> Levels { get; init; } = [];
}

/// <summary>
/// Another plan that leads when <paramref name="When"/> holds, this plan executed as its supporting plan (配合预案, road 1.4); the
/// plan's name as the text writes it, with its book-title marks.
/// </summary>
public sealed record LeadPlanRule(Fact When, string Plan, string Clause, string Words)
{
    /// <summary>
    /// While <see cref="When"/> is not reported, the fact that makes the question worth asking (road 1.4's earthquake case only where weather
    /// or a natural disaster is what affects the traffic, <see cref="Fact.WeatherOrNaturalDisaster"/>); null: asked of every report.
    /// </summary>
    public Fact? AskedWhen { get; init; }
}

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

    /// <summary>Judgements under which the plan says the level may be raised (construction 4.4).</summary>
    public IReadOnlyList<RaiseSuggestion> RaiseSuggestions { get; init; } = [];

    /// <summary>
    /// The organs the deciding roles belong to, each with its roles highest rank first (<c>response.organs</c>): 谁启动、谁终止 is read per
    /// organ (R 5.7 由相应启动应急响应的指挥机构宣布应急响应终止, C 4.6 由启动响应的指挥机构确认并结束, N 5.7 按启动响应的相关权限终止), so a
    /// level is ended or lowered by the role that started it or by a role above it in the same organ (decision 0003).
    /// </summary>
    public IReadOnlyList<CommandOrgan> Organs { get; init; } = [];

    /// <summary>The conditions for ending a response, as a checklist (construction 4.6, road 5.7, natural disaster 5.7); null when the file lists none.</summary>
    public Termination? Termination { get; init; }

    /// <summary>
    /// Who ends a response where the plan has no proposal to end it, for people: 由启动响应的主体按“谁启动、谁结束”的原则终止响应（5.7）. Said by the
    /// incident refusing such a proposal and by a drill script's validation, in one wording.
    /// </summary>
    public string EndedByItsStarter =>
        $"由启动响应的主体按“{Termination?.Principle ?? "谁启动、谁结束"}”的原则终止响应（{Termination?.Clause ?? TerminatedBy.Clause}）";

    /// <summary>
    /// Who proposes a level to the body that decides it (<c>response.proposal</c>: R 5.3.1 市指挥部办公室……向市指挥部提出启动Ⅰ级应急响应的建议;
    /// C 4.3.2(2); N 5.2.2 市安委办……提出启动II级响应的建议); null when the plan file says nothing (any deciding body may propose).
    /// </summary>
    public ResponseProposal? Proposal { get; init; }

    /// <summary>
    /// Who adjusts an active level: <c>activating-body</c> (road 5.7 由启动响应的主体…调整响应级别), or null where the
    /// text names no adjusting body for the active response.
    /// </summary>
    public string? AdjustedBy { get; init; }

    /// <summary>
    /// The response measures of every level with their lead units, in the plan's order, each under the level whose list gives it;
    /// empty when the file lists none.
    /// </summary>
    public IReadOnlyList<Measure> Measures { get; init; } = [];

    /// <summary>
    /// Levels whose list says they also take another level's measures (construction 4.3.3(3) 在 II 级响应措施的基础上采取以下措施);
    /// empty when every level's list is its own (road 5.3.x, natural disaster 5.x.3).
    /// </summary>
    public IReadOnlyList<MeasureInclude> MeasureIncludes { get; init; } = [];

    /// <summary>What the plan says about the measures as a whole (市安委会及其有关成员单位视情采取以下措施); null when nothing.</summary>
    public string? MeasuresNote { get; init; }

    /// <summary>
    /// The measures taken at each level (index = rank, 0 = none): the measures of a level it includes, then its own. Built once, when
    /// the plan is loaded (<see cref="Plan"/> reads them), and shared by every read.
    /// </summary>
    internal Measure[][] MeasuresByRank => LazyInitializer.EnsureInitialized(ref _measuresByRank, BuildMeasuresByRank);

    private Measure[][]? _measuresByRank;

    private Measure[][] BuildMeasuresByRank()
    {
        var byRank = new Measure[5][];
        for (var rank = 0; rank < byRank.Length; rank++)
        {
            var own = Measures.Where(m => (int)m.Level == rank);
            byRank[rank] = MeasureIncludes
                .Where(i => (int)i.Level == rank)
                .SelectMany(i => Measures.Where(m => m.Level == i.Includes))
                .Concat(own)
                .ToArray();
        }

        return byRank;
    }

    /// <summary>The measures taken at <paramref name="level"/> (a shared list: no allocation); empty for none.</summary>
    public IReadOnlyList<Measure> MeasuresAt(ResponseLevel? level) => MeasuresByRank[level is { } l ? (int)l : 0];

    /// <summary>What the plan says when no level is reached (natural disaster below Ⅳ); null when every report reaches a level.</summary>
    public ClauseWords? NoResponse { get; }
    public IReadOnlyList<Rule> Rules => RulesArray;
    internal Rule[] RulesArray { get; }
    internal LevelDefinition?[] LevelsByRank { get; }
    internal int LowestRank { get; }

    public LevelDefinition? Find(ResponseLevel level) => LevelsByRank[(int)level];
}

/// <summary>
/// What a plan says must be published to the public (信息发布: construction 4.5, road 5.5, natural disaster 4.3.2): not a
/// report to a body, so not a duty with a clock, but said with the same words for when it starts and ends.
/// </summary>
/// <param name="Code">Its code, unique in the plan.</param>
/// <param name="By">Who publishes, in the plan's words.</param>
/// <param name="Start">What it follows (接报后, 随后…).</param>
/// <param name="After">For <see cref="DutyStart.PreviousReport"/>: the publication it follows.</param>
/// <param name="Timing">立即/第一时间 or 及时.</param>
/// <param name="Until">For a rolling publication: what ends it (终报, 灾情稳定前); null for once.</param>
/// <param name="Clause">The clause.</param>
/// <param name="Words">The plan's words.</param>
public sealed record Publication(string Code, string By, DutyStart Start, string? After, ObligationTiming Timing, DutyEnd? Until, string Clause, string Words);

/// <summary>
/// 灾害救助准备 (natural disaster 3): before any level, when a human judgement says preparation is needed, one body
/// (市安委办) takes the listed measures as needed (视情采取以下一项或多项措施).
/// </summary>
/// <param name="Clause">The clause.</param>
/// <param name="When">The judgement that calls for it.</param>
/// <param name="By">The body, in the plan's words.</param>
/// <param name="Words">The plan's words that name the body and the condition.</param>
/// <param name="Measures">The measures, each with its clause and words.</param>
public sealed record Preparation(string Clause, Judgement When, string By, string Words, IReadOnlyList<ClauseWords> Measures);

/// <summary>One response measure of a level (natural disaster 5.x.3, road 5.3.x, construction 4.3.x(3) 响应措施) and the units that lead it.</summary>
/// <param name="Level">The level whose measures list it (at construction Ⅰ, a Ⅱ measure stays <c>II</c>: 4.3.3(3) takes Ⅱ's list as it is).</param>
/// <param name="Clause">The clause, e.g. 5.1.3(4).</param>
/// <param name="Lead">The units that lead it, in the plan's words (牵头).</param>
/// <param name="With">The units the lead works with (会同…), in the plan's words; empty when none.</param>
/// <param name="Words">The plan's words.</param>
/// <param name="LeadWords">Where the measure names no unit (会商研判…), the plan's words that do (市安委会及其成员单位视情采取以下措施); else null.</param>
public sealed record Measure(ResponseLevel Level, string Clause, IReadOnlyList<string> Lead, IReadOnlyList<string> With, string Words, string? LeadWords);

/// <summary>A level whose list says it also takes another level's measures (construction 4.3.3(3) 在 II 级响应措施的基础上采取以下措施).</summary>
/// <param name="Level">The level that takes them.</param>
/// <param name="Includes">The level whose measures it takes too.</param>
/// <param name="Clause">The clause that says so.</param>
/// <param name="Words">The plan's words.</param>
public sealed record MeasureInclude(ResponseLevel Level, ResponseLevel Includes, string Clause, string Words);

/// <summary>One organ that decides response levels (市指挥部, 市指挥部办公室; 市委、市政府, 市安委会, 市安委办) and its roles, highest rank first.</summary>
/// <param name="Id">The organ's id in the plan file, e.g. <c>city-hq</c>.</param>
/// <param name="Name">The organ as the plan names it, e.g. 市指挥部.</param>
/// <param name="Ranks">Its roles, highest first (commander before deputy-commander).</param>
/// <param name="Clause">Where the plan sets the organ up.</param>
/// <param name="Words">The plan's words.</param>
/// <param name="Reading">How the ranks are read, when the words do not say it outright.</param>
public sealed record CommandOrgan(string Id, string Name, IReadOnlyList<string> Ranks, string Clause, string Words, string? Reading);

/// <summary>How a response ends: the principle, the conditions the terminating body confirms (a checklist), and what follows.</summary>
/// <param name="Clause">The clause.</param>
/// <param name="Words">The plan's full words.</param>
/// <param name="Principle">谁启动、谁终止 as the plan writes it.</param>
/// <param name="Conditions">The conditions, each in the plan's words.</param>
/// <param name="Afterwards">What the terminating body does then (road 5.7 逐步解除已经采取的措施…); null when nothing.</param>
public sealed record Termination(string Clause, string Words, string Principle, IReadOnlyList<string> Conditions, string? Afterwards)
{
    /// <summary>
    /// Who proposes ending an active response to the body that ends it (<c>response.terminatedBy.proposal</c>: N 2.2(2) 市安委办……提出自然灾害救助
    /// 应急响应启动、终止建议); null when the plan has no such proposal (road 5.7, construction 4.6 name only the body that ends it).
    /// </summary>
    public TerminationProposal? Proposal { get; init; }

    /// <summary>
    /// The level in force is also ended by the body its own clause has start it (<c>response.terminatedBy.byTheLevelsAuthority</c>: N 5.7
    /// "按启动响应的相关权限终止响应"), whoever decided it last: the 市安委办主任 ends the Ⅳ the 副主任 lowered to (5.4.2 由市安委办主任决定启动Ⅳ级
    /// 响应; review s63, D63-04; ADR 0003 #86). False: only the body that decided it, or one above it in its organ.
    /// </summary>
    public bool ByTheLevelsAuthority { get; init; }

    /// <summary>As clause and words.</summary>
    public ClauseWords AsClauseWords() => new(Clause, Words);
}

/// <summary>The roles that propose ending a response (N 2.2(2) 提出……终止建议), with the clause that has them do so.</summary>
/// <param name="By">The roles (the office).</param>
/// <param name="Clause">The clause.</param>
/// <param name="Words">The plan's words.</param>
public sealed record TerminationProposal(IReadOnlyList<string> By, string Clause, string Words);

/// <summary>
/// A judgement the plan's duties read and leaves undefined, to be put to the duty office when the report points at it (<c>judgementPrompts</c>):
/// C 4.1 "建设工程事故或者较大涉险事故" brings the 30-minute phone report and the 1-hour written report, and the plan never says what a
/// 较大涉险事故 is, so people 涉险、被困、失联 (4.3.1(1)②'s words) are a reason to ask, not a reason to decide (ADR 0003 #11).
/// </summary>
/// <param name="Judgement">The judgement to put.</param>
/// <param name="Clause">The clause whose duties read it.</param>
/// <param name="Words">The plan's words.</param>
/// <param name="Reading">Why and when it is asked, in Chinese; null when the words say it.</param>
public sealed record JudgementPrompt(Judgement Judgement, string Clause, string Words, string? Reading)
{
    /// <summary>When the report points at the judgement (the figures it names reach the threshold on what is known).</summary>
    internal ObligationCondition When { get; init; } = new();
}

/// <summary>
/// A judgement under which the plan allows a higher level than the figures reach. <paramref name="Direct"/>: raised directly, to whichever
/// higher level the decider chooses (C 4.4 "当出现紧急险情和严重态势时,可直接提高响应等级"); else one level up, as appropriate (C 4.4
/// "视情适当提高", N 5.5 "可酌情调整").
/// </summary>
public sealed record RaiseSuggestion(string Id, Judgement Judgement, string Clause, string Words, bool Direct = false);

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

/// <summary>What starts a duty's clock (the texts' 事发后, 接报后, 启动响应后, 要求核实, 接到调拨指令后, 到达现场后, 随即, 处置结束后).</summary>
public enum DutyStart
{
    /// <summary>The occurrence (事发后).</summary>
    Occurrence,
    /// <summary>Receipt of the report (接报、接到报告后): when the incident is opened here.</summary>
    Receipt,
    /// <summary>A response level actually activated (or adjusted to).</summary>
    Activation,
    /// <summary>市委、市政府要求核实.</summary>
    CityRequest,
    /// <summary>A relief-supply dispatch order (调拨指令).</summary>
    DispatchOrder,
    /// <summary>The authorities' arrival on site.</summary>
    Arrival,
    /// <summary>Another duty's report was made (随即书面报告): see <see cref="ObligationRule.After"/>.</summary>
    PreviousReport,
    /// <summary>The end of handling (处置结束): the final report and what follows it.</summary>
    HandlingFinished,
    /// <summary>Casualty figures changed (伤亡人数发生变化).</summary>
    CasualtyChange,
    /// <summary>A date in the year, or a period such as drills every 3 years: not tied to an incident.</summary>
    Calendar,
    /// <summary>The situation was recorded as stable (灾情稳定后: natural disaster 4.3.2, 5.2.3(9)).</summary>
    SituationStable,
    /// <summary>The response was ended (终止应急响应: the termination notice, natural disaster 2.2(2) 发出……终止通知).</summary>
    Termination,
    /// <summary>
    /// A warning of <see cref="ObligationRule.WarningColour"/> was issued, or adjusted to that colour (road 4.4.1 二级(橙色)预警……由市指挥部办公室发布,
    /// 同时上报上级主管部门,并通报相邻的地级市).
    /// </summary>
    WarningIssued,
    /// <summary>
    /// 倒损住房恢复重建工作结束 was recorded (natural disaster 6.2 "倒损住房恢复重建工作结束后,县级应急管理部门应……开展绩效评价,并将评价结果
    /// 报市应急管理局"): later than the end of handling, often months after the incident closed.
    /// </summary>
    ReconstructionFinished,
    /// <summary>
    /// The office's proposal of <see cref="ObligationRule.ProposedLevel"/> was recorded (N 5.2.2 "市安委办……向市安委会提出启动II级响应的建议,
    /// 市安委会副主任(分管安全工作副市长)报主任决定"): the step between the proposal and the decision that someone else owes (review s61, ND-05).
    /// </summary>
    Proposal,
}

/// <summary>What ends a repeating duty.</summary>
public enum DutyEnd
{
    /// <summary>The final report (终报).</summary>
    FinalReport,
    /// <summary>The situation is stable (灾情稳定前).</summary>
    SituationStable,
}

/// <summary>The report a filing of the incident's own reports fulfils, so no separate call is needed.</summary>
public enum DutyMetBy
{
    /// <summary>Only by recording the duty's report as made.</summary>
    Recording,
    /// <summary>Also by filing a continuation report (续报).</summary>
    ContinuationReport,
    /// <summary>Also by filing the final report (终报).</summary>
    FinalReport,
    /// <summary>Also by the office's proposal of a response level, which is the report with the proposal (C 4.3.x(2) 报告并提出启动…响应建议).</summary>
    ResponseProposal,
    /// <summary>Also by a report that the county's own relief response is activated (fact <c>countyResponseActivated</c>): N 5.6
    /// "所涉及县(市、区)要立即启动自然灾害救助应急响应" is the county's act, which the city learns from its report.</summary>
    CountyResponseActivated,
    /// <summary>
    /// Also by the decision on the proposal the duty's clock started with (<see cref="DutyStart.Proposal"/>), taken by a body that holds the
    /// proposed level's authority: the level activated or adjusted to (the one proposed or another), or the proposal declined. N 5.2.2
    /// "市安委会副主任(分管安全工作副市长)报主任决定": the 主任's decision shows the proposal reached him.
    /// </summary>
    ResponseDecision,
}

/// <summary>A calendar duty's schedule: a period (drills every 3 years) or a yearly window (9月下旬, 10月底前).</summary>
/// <param name="Every">The period; null where the text says only 定期.</param>
/// <param name="From">Start of a yearly window (month, day); null for none.</param>
/// <param name="By">Yearly deadline (month, day); null for a period only.</param>
/// <param name="EveryText">The period as the plan file writes it (P3Y), for people.</param>
/// <param name="Years">The period in years where the file writes it so (3 for P3Y); null otherwise. <see cref="Every"/> reads a year as 365 days.</param>
public sealed record CalendarRule(TimeSpan? Every, (int Month, int Day)? From, (int Month, int Day)? By, string? EveryText, int? Years = null);

/// <summary>One reporting duty of a plan: who reports to whom, what starts its clock, by when, how it repeats and when it applies.</summary>
public sealed class ObligationRule
{
    internal ObligationRule(
        string code, string reporter, string? to, string clause, string words, ObligationCondition? condition, DutyStart start, string? after,
        TimeSpan? due, TimeSpan? every, DutyEnd? until, TimeSpan? specialEvery, ObligationTiming timing, DutyMetBy metBy, string? orderedBy,
        DateOnly? validFrom, DateOnly? validUntil, string? source, CalendarRule? calendar, string? act = null, IReadOnlyList<string>? supersededBy = null)
    {
        Code = code;
        SupersededBy = supersededBy ?? [];
        Act = act;
        Reporter = reporter;
        To = to ?? "";
        Clause = clause;
        Words = words;
        Condition = condition;
        Start = start;
        After = after;
        Due = due;
        Every = every;
        Until = until;
        SpecialEvery = specialEvery;
        Timing = timing;
        MetBy = metBy;
        OrderedBy = orderedBy;
        ValidFrom = validFrom;
        ValidUntil = validUntil;
        Source = source;
        Calendar = calendar;
    }

    public string Code { get; }

    /// <summary>Who must report, in the plan's words.</summary>
    public string Reporter { get; }

    /// <summary>To whom, in the plan's words; empty for duties that report to no one: calendar duties (drills) and work done whose words name no reader (C 5.2 总结……评估).</summary>
    public string To { get; }

    /// <summary>
    /// What is done and to whom, in the plan's words, where it is not a plain report to <see cref="To"/> (<c>通知市政府有关涉外部门</c>,
    /// <c>报市级应急管理部门备案</c>); null for <c>向{To}报告</c>. Never on a delivery (<see cref="Plans.DutyWords.IsDelivery(DutyStart)"/>).
    /// </summary>
    public string? Act { get; }
    public string Clause { get; }
    public string Words { get; }

    /// <summary>When it applies; null: always, once its clock starts.</summary>
    internal ObligationCondition? Condition { get; }

    /// <summary>What starts the clock.</summary>
    public DutyStart Start { get; }

    /// <summary>For <see cref="DutyStart.PreviousReport"/>: the code of the duty whose report starts this one.</summary>
    public string? After { get; }

    /// <summary>The period from the start of the clock, for <see cref="ObligationTiming.Fixed"/>.</summary>
    public TimeSpan? Due { get; }

    /// <summary>The repeat period of a repeating duty.</summary>
    public TimeSpan? Every { get; }

    /// <summary>What ends a repeating duty.</summary>
    public DutyEnd? Until { get; }

    /// <summary>The cadence while special circumstances hold (特殊情况每2小时).</summary>
    public TimeSpan? SpecialEvery { get; }
    public ObligationTiming Timing { get; }

    /// <summary>Which of the incident's own reports fulfils it besides recording it.</summary>
    public DutyMetBy MetBy { get; }

    /// <summary>For a dispatch-order duty: the level whose order starts it (county, city); null for any.</summary>
    public string? OrderedBy { get; }

    /// <summary>
    /// For a repeating duty the text asks for at least once a period (R 5.1.2, C 4.1(三) 每日至少续报1次): the periods run back to back, each
    /// met by its first report, and the one owed is due a period after the last report made (a later report moves it), so no more than a
    /// period passes without a report. False: each period is due when it ends (每4小时续报1次).
    /// </summary>
    public bool RunsFromReport { get; init; }

    /// <summary>For a <see cref="DutyStart.WarningIssued"/> duty: the colour whose issue starts it (road 4.4.1: orange); null otherwise.</summary>
    public WarningColour? WarningColour { get; init; }

    /// <summary>For a <see cref="DutyStart.Proposal"/> duty: the level whose proposal starts it (N 5.2.2: Ⅱ); null otherwise.</summary>
    public ResponseLevel? ProposedLevel { get; init; }

    /// <summary>First day the duty applies (a duty from another document applies from that document's date).</summary>
    public DateOnly? ValidFrom { get; }
    public DateOnly? ValidUntil { get; }

    /// <summary>The document it comes from when not the plan itself.</summary>
    public string? Source { get; }

    /// <summary>The schedule of a calendar duty.</summary>
    public CalendarRule? Calendar { get; }

    /// <summary>
    /// Duties (codes) that stand for this one: it is not raised for an incident that already owes or owed one of them, and when it
    /// is owed, the report that meets one of them meets it too. The 1-hour report of a 一般 incident (road 5.1.1, construction 4.1(二))
    /// is not owed again when the grade settles at 一般 after the office owed the 30-minute phone report and the 1-hour written
    /// report of a grade it could not yet judge; and when the grade rises from 一般, the phone or written report is also that report.
    /// </summary>
    public IReadOnlyList<string> SupersededBy { get; }

    /// <summary>
    /// For a report the decision itself calls for (N 5.3.2 副主任决定启动Ⅲ级响应,并向市安委会主任报告; R 5.3.3 由市指挥部办公室主任启动Ⅲ级应急响应,
    /// 同时报告市指挥部): the roles whose activation owes it. A higher body that activated the level (the 主任 himself, the commander)
    /// does not report to itself. Empty: whoever activated.
    /// </summary>
    public IReadOnlyList<string> OnlyWhenActivatedBy { get; init; } = [];

    /// <summary>
    /// True for a duty owed by a party outside the city command and its office (plan file <c>outsideCommand</c>): the unit or citizen
    /// that learns of the event (R 5.1.1 获悉…的单位、公民), the unit where it happened (C 4.1(一) 事发单位), a monitoring unit (N 4.1.1),
    /// a county body, an insurer, the traffic police. The incident still keeps its clock; a drill lists it but does not count it against
    /// the participants (ADR 0003).
    /// </summary>
    public bool OutsideCommand { get; init; }

    /// <summary>
    /// For a duty owed once per county (plan file <c>eachCounty</c>, the name of a county list of <see cref="CountyLists"/>): N 5.6
    /// "所涉及县(市、区)要立即启动自然灾害救助应急响应" (<c>affectedCounties</c>) and "启动县(市、区)级自然灾害救助应急响应的,应及时向市应急管理局
    /// 报告" (<c>countiesResponseActivated</c>). The incident raises one instance for each county of the list, each carrying its county
    /// (ADR 0003 #83). Null: one duty for the incident.
    /// </summary>
    public string? EachCounty { get; init; }

    /// <summary>True when the duty applies to a clock started at <paramref name="at"/> (its period of validity, in the plan's offset).</summary>
    public bool InForceAt(DateTimeOffset at)
    {
        if (ValidFrom is null && ValidUntil is null)
        {
            return true;
        }

        // Days are counted in Jincheng (+08:00), as the document that sets the period dates them.
        var day = DateOnly.FromDateTime(at.ToOffset(Contract.CityTime.Offset).DateTime);
        return (ValidFrom is not { } from || day >= from) && (ValidUntil is not { } until || day <= until);
    }

    /// <summary>The condition holds for an assessed report and, for conditions on it, the level actually activated.</summary>
    public bool AppliesTo(Assessment.Assessment assessment, ResponseLevel? activated)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        return Condition is null || Condition.Holds(assessment.Input, assessment.Grade, assessment.Response.Level is { } l ? (int)l : 0, activated);
    }

    /// <summary>
    /// The judgement the duty office has not given that alone keeps the rule from holding (N 5.2.3(1) at Ⅱ: "重要情况及时向市委、市政府、市安委会
    /// 报告" once 重要情况 is judged); null when it holds, or when something else keeps it from holding.
    /// </summary>
    public Judgement? AwaitedJudgement(Assessment.Assessment assessment, ResponseLevel? activated)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        if (Condition is not { Kind: ConditionKind.All } all || AppliesTo(assessment, activated))
        {
            return null;
        }

        Judgement? awaited = null;
        foreach (var part in all.Parts)
        {
            if (part.Holds(assessment.Input, assessment.Grade, assessment.Response.Level is { } l ? (int)l : 0, activated))
            {
                continue;
            }

            if (part.Kind != ConditionKind.Judgement || awaited is not null)
            {
                return null;
            }

            awaited = part.Judgement;
        }

        return awaited;
    }
}

internal enum ConditionKind
{
    ReportingGrade,
    Grade,
    DeclaredGrade,
    Level,
    ActivatedLevel,
    Fact,
    Judgement,
    Quantity,
    /// <summary>A county list (<see cref="ObligationCondition.Counties"/>, one of <see cref="CountyLists"/>) names at least one county.</summary>
    AnyCounty,
    Any,
    All,
}

internal sealed class ObligationCondition
{
    public ConditionKind Kind { get; init; }
    public int AtLeast { get; init; }
    public int Below { get; init; } = int.MaxValue;
    public Fact Fact { get; init; }
    public Judgement Judgement { get; init; }
    public Figure[] Quantity { get; init; } = [];
    public decimal QuantityAtLeast { get; init; }
    public ObligationCondition[] Parts { get; init; } = [];

    /// <summary>For <see cref="ConditionKind.AnyCounty"/>: the county list, by its name (<c>countiesResponseActivated</c>).</summary>
    public string Counties { get; init; } = "";

    /// <summary>Whether the condition holds for a determined grade, or null if it does not depend on the grade alone.</summary>
    public bool? HoldsForGradeAlone(Grade grade) => Kind switch
    {
        ConditionKind.ReportingGrade or ConditionKind.Grade => InRange((int)grade + 1),
        ConditionKind.Any => Parts.Any(p => p.HoldsForGradeAlone(grade) == true) ? true : null,
        _ => null,
    };

    /// <param name="input">The report.</param>
    /// <param name="grade">The assessed grade, if the plan grades.</param>
    /// <param name="assessedLevel">The assessed level's rank (Ⅳ = 1 … Ⅰ = 4; 0 for none).</param>
    /// <param name="activated">The level actually activated; null when none is active.</param>
    public bool Holds(Assessment.IncidentInput input, Assessment.GradeResult? grade, int assessedLevel, ResponseLevel? activated)
    {
        switch (Kind)
        {
            case ConditionKind.ReportingGrade:
                return grade is not null && InRange((int)grade.ForReporting + 1);
            case ConditionKind.Grade:
                return grade is not null && InRange((int)grade.Value + 1);
            case ConditionKind.DeclaredGrade:
                return input.DeclaredGrade is { } declared && InRange((int)declared + 1);
            case ConditionKind.Level:
                return InRange(assessedLevel);
            case ConditionKind.ActivatedLevel:
                return activated is { } a && InRange((int)a);
            case ConditionKind.Fact:
                return input.Has(Fact);
            case ConditionKind.Judgement:
                return input.Judgements.Has(Judgement);
            case ConditionKind.AnyCounty:
                return CountyLists.Listed(Counties, input.Figures).Count > 0;
            case ConditionKind.Quantity:
                // Known figures are a lower bound: the duty holds once they alone reach the threshold.
                var sum = 0m;
                foreach (var figure in Quantity)
                {
                    if (input.TryGet(figure, out var value))
                    {
                        sum += value;
                    }
                }

                return sum >= QuantityAtLeast;
            case ConditionKind.Any:
                foreach (var part in Parts)
                {
                    if (part.Holds(input, grade, assessedLevel, activated))
                    {
                        return true;
                    }
                }

                return false;
            case ConditionKind.All:
                foreach (var part in Parts)
                {
                    if (!part.Holds(input, grade, assessedLevel, activated))
                    {
                        return false;
                    }
                }

                return true;
            default:
                throw new InvalidOperationException($"Unhandled condition {Kind}.");
        }
    }

    internal bool InRange(int rank) => rank >= AtLeast && rank < Below;
}


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

    /// <summary>Most severe first; empty for a plan that sets no colours (construction 3.2.2: see <see cref="Ungraded"/>).</summary>
    public IReadOnlyList<WarningColourRule> Colours => ColoursArray;
    public ClauseWords LiftedBy { get; }
    public string? Input { get; }
    internal WarningColourRule[] ColoursArray { get; }

    /// <summary>For a plan whose warnings have no colours or thresholds: who proposes, judges, issues; null for a plan with colours.</summary>
    public UngradedWarningRule? Ungraded { get; init; }

    /// <summary>Why the plan's warnings have no levels, in our words; null when they do.</summary>
    public string? LevelsNote { get; init; }

    /// <summary>What a warning announcement contains (construction 3.2.2, road 4.4.2).</summary>
    public ClauseWords? Content { get; init; }

    /// <summary>The issuer updates a warning when it changes (construction 3.2.2 预警信息发布后发生变更的应及时更新; road 4.6 预警级别调整).</summary>
    public ClauseWords? UpdatedBy { get; init; }

    /// <summary>A report upward the issuer owes (construction 3.2.2 对重大事故以上应按照有关规定及时上报); null when none.</summary>
    public ClauseWords? ReportUp { get; init; }

    /// <summary>
    /// Who the hazards a warning reads are reported to, and who then decides the warning (road 4.2 各成员单位…及时向市指挥部办公室报告…市指挥部办公室
    /// 根据各部门报送的信息,开展分析研判,确定交通安全预警发布): the feed's alert of a 122 record meeting a warning condition cites it. Null when the
    /// plan says none.
    /// </summary>
    public ClauseWords? ReportedTo { get; init; }
}

/// <summary>
/// A warning without colours (construction 3.2): 市住房和城乡建设局 proposes to 市指挥部, the office submits it
/// for the headquarters' judgement (研判) and issues it 根据危险程度; the text sets no colour, level or threshold.
/// </summary>
/// <param name="ProposedBy">The body that proposes, in the plan's words.</param>
/// <param name="Proposal">Clause and words of the proposal.</param>
/// <param name="ApprovedBy">The body that judges, in the plan's words.</param>
/// <param name="ApproverRoles">Role ids whose judgement suffices (the first is the text's body).</param>
/// <param name="ApproverReading">Why a role beyond the text's is listed; null when none is.</param>
/// <param name="IssuedBy">The issuing body, in the plan's words.</param>
/// <param name="IssuerRole">Role id of the issuing body: it submits, issues, updates and lifts (谁发布,谁解除).</param>
/// <param name="ApprovalClause">The clause that sets judgement and issue.</param>
/// <param name="ApprovalWords">The plan's words for it.</param>
public sealed record UngradedWarningRule(
    string ProposedBy,
    ClauseWords Proposal,
    string ApprovedBy,
    IReadOnlyList<string> ApproverRoles,
    string? ApproverReading,
    string IssuedBy,
    string IssuerRole,
    string ApprovalClause,
    string ApprovalWords);

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

/// <summary>
/// One condition of a road warning colour (4.3): exactly one test (the meteorological warning, the visibility, the wind, the repair time, a
/// fact or a judgement), with the 乡(镇) a rule counts. <see cref="VisibilityCauses"/> goes with <see cref="VisibilityAtMost"/> (and only
/// with it): what may lower the visibility for the rule to hold, as its words name it (4.3.1(1) "浓雾": fog; 4.3.3(1) "特强沙尘暴或者大雾":
/// sandstorm and fog). A visibility of an unstated cause meets the rule only when it names every cause; null for the rules of other tests.
/// </summary>
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
    Judgement? Judgement,
    IReadOnlyList<VisibilityCause>? VisibilityCauses = null)
{
    /// <summary>Whether a visibility lowered by <paramref name="cause"/> can meet the rule.</summary>
    public bool ReadsCause(VisibilityCause cause) => VisibilityCauses?.Contains(cause) == true;

    /// <summary>Whether the rule reads a visibility whatever lowers it (every cause named): one of unstated cause meets it.</summary>
    /// <remarks>The loader refuses a cause listed twice, so the count says it.</remarks>
    public bool ReadsEveryCause => VisibilityCauses?.Count == CauseCount;

    private static readonly int CauseCount = Enum.GetValues<VisibilityCause>().Length;
}

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

/// <summary>Who proposes a response level (提出启动……响应的建议), with the clause and words that say so for each level.</summary>
/// <param name="By">The roles that may propose (the office: <see cref="Domain.RoleCatalogue.OfficeDirector"/>).</param>
/// <param name="Levels">Per level, the clause and the plan's words (R 5.3.1 for Ⅰ, 5.3.2 for Ⅱ); a level the plan proposes nothing for is absent.</param>
public sealed record ResponseProposal(IReadOnlyList<string> By, IReadOnlyDictionary<ResponseLevel, ClauseWords> Levels)
{
    /// <summary>Where the plan has the office propose <paramref name="level"/>, or else the first level it does (a proposal of Ⅲ under road, which has the office director start Ⅲ himself).</summary>
    public ClauseWords For(ResponseLevel level) => Levels.TryGetValue(level, out var cw) ? cw : Levels.OrderByDescending(l => l.Key).First().Value;
}
