using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Plans;

namespace EmergencyPlans.Core.Assessment;

/// <summary>
/// Turns an incident report into a decision using the plan version in force when it occurred.
/// Pure: no I/O, no clock, no shared mutable state, so one instance serves every thread.
/// </summary>
/// <remarks>
/// Three-valued evaluation (DOMAIN.md R1–R3). Each rule is read as its lower bound "quantity ≥ 以上":
/// true, false, or unknown when a figure it reads is unknown and the known part has not reached the
/// threshold (unknown figures are at least zero, so a known part that reaches it is already true).
/// The plans' "以下" upper bounds are not needed to evaluate: by R2 the most severe outcome that any
/// rule reaches wins, and the next band up has its own rule. They are kept for validation and display.
/// The result's lower bound is the most severe outcome of a true rule; its upper bound the most severe
/// outcome of a true-or-unknown rule; it is determined when they meet.
/// </remarks>
public sealed class DecisionEngine
{
    // Rule tables are small (under 40 rules); this bounds the stack buffers.
    private const int MaxRules = 128;

    private readonly PlanCatalog _catalog;

    public DecisionEngine(PlanCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _catalog = catalog;
        foreach (var plan in catalog.Plans)
        {
            if (plan.Response.RulesArray.Length > MaxRules || (plan.Grade?.RulesArray.Length ?? 0) > MaxRules)
            {
                throw new PlanValidationException([new PlanProblem(plan.Metadata.FileName, "-", $"more than {MaxRules} rules in one table",
                    $"一张规则表的规则超过 {MaxRules} 条，引擎无法按表判定")]);
            }
        }
    }

    public PlanCatalog Catalog => _catalog;

    /// <summary>The plan version in force at the time of occurrence.</summary>
    public Plan Resolve(string planId, DateTimeOffset occurredAt) =>
        _catalog.Resolve(planId, occurredAt)
        ?? throw new PlanNotInForceException(planId, occurredAt, _catalog.Knows(planId), _catalog.NotInForceChinese(planId, occurredAt));

    /// <summary>Grade and level only: the same single evaluation as <see cref="Assess(IncidentInput)"/>, without the trace. Allocation-free.</summary>
    public Classification Classify(IncidentInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var plan = Resolve(input.PlanId, input.OccurredAt);
        var (grade, level) = Evaluate(plan, input, default(NoTrace), default(NoTrace));
        return ToClassification(grade, level);
    }

    /// <summary>
    /// The road warning the input's conditions call for, alone: the same evaluation <see cref="Assess(Plan, IncidentInput)"/> makes for its
    /// <c>Warning</c>, without grading, duties and hints (a drill asks it after each report, whose assessment the incident already made).
    /// </summary>
    public static WarningResult? AssessWarning(Plan plan, IncidentInput input)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(input);
        return Warning(plan, input);
    }

    /// <summary>The full decision with reasons, obligations, work groups, warning and nearest thresholds.</summary>
    /// <remarks>
    /// The rules are evaluated once, by the compiled tables (<see cref="ClassifierTable.Evaluate"/>), which also
    /// record each rule's value; the reasons, the unknowns that could raise and the hints are read from that record.
    /// </remarks>
    public Assessment Assess(IncidentInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Assess(Resolve(input.PlanId, input.OccurredAt), input);
    }

    /// <summary>The full decision under <paramref name="plan"/>, already resolved by the caller (a request resolves its plan once).</summary>
    /// <exception cref="ArgumentException">The plan is not the one the input names.</exception>
    public Assessment Assess(Plan plan, IncidentInput input)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(input);
        if (!string.Equals(plan.Id, input.PlanId, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The input names plan '{input.PlanId}', not '{plan.Id}'.", nameof(plan));
        }

        Span<Truth> gradeTrace = stackalloc Truth[MaxRules];
        Span<Truth> levelTrace = stackalloc Truth[MaxRules];
        var gradeRecord = new RuleTrace(gradeTrace);
        var levelRecord = new RuleTrace(levelTrace);
        gradeRecord.Reset(plan.Grade?.RulesArray.Length ?? 0);
        levelRecord.Reset(plan.Response.RulesArray.Length);
        var (grade, level) = Evaluate(plan, input, gradeRecord, levelRecord);

        var gradeResult = ToGradeResult(plan, input, grade,
            plan.Grade is null ? [] : Because(plan.Grade.RulesArray, gradeTrace, grade.Lower, input, groundedOnly: true, gradeGrounded: true, out _));

        var levelResult = new LevelResult(
            level.Lower == 0 ? null : (ResponseLevel)level.Lower,
            level.Lower == level.Upper,
            level.Upper == 0 ? null : (ResponseLevel)level.Upper,
            level.Lower == 0 ? null : plan.Response.LevelsByRank[level.Lower],
            Because(plan.Response.RulesArray, levelTrace, level.Lower, input, groundedOnly: false,
                gradeGrounded: gradeResult is null || gradeResult.Declared || gradeResult.Because.Count > 0, out var levelGrounded))
        {
            NoResponse = level.Lower == 0 ? plan.Response.NoResponse : null,
            LowestOnly = level.Lower > 0 && !levelGrounded,
        };

        var hintCount = 0;
        Span<HintSlot> slots = stackalloc HintSlot[16];
        if (plan.Grade is not null)
        {
            CollectHints(plan.Grade.RulesArray, input, gradeTrace, grade.Lower, HintTable.Grade, slots, ref hintCount);
        }

        CollectHints(plan.Response.RulesArray, input, levelTrace, level.Lower, HintTable.Response, slots, ref hintCount);
        var hints = hintCount == 0 ? [] : new Hint[hintCount];
        for (var i = 0; i < hintCount; i++)
        {
            var rules = slots[i].Table == HintTable.Grade ? plan.Grade!.RulesArray : plan.Response.RulesArray;
            hints[i] = ToHint(slots[i].Table, rules[slots[i].Rule], input);
        }

        var warning = Warning(plan, input);
        var assessment = new Assessment(
            plan,
            input,
            gradeResult,
            levelResult,
            Obligations(plan, input, gradeResult, level.Lower),
            plan.WorkGroupsByLevel[level.Lower],
            warning,
            WarningsIfKnown(plan, input, warning),
            hints,
            Raising(plan.Grade?.RulesArray, gradeTrace, grade.Lower, input),
            Raising(plan.Response.RulesArray, levelTrace, level.Lower, input));
        if (plan.Response.RaiseSuggestions.Count > 0 && input.Judgements.Mask != 0)
        {
            assessment.RaiseSuggestions = HeldSuggestions(plan, input);
        }

        if (plan.Grade is null && input.DeclaredGrade is null && level.Lower > 0)
        {
            // Natural disaster with a city response before its grade is declared. Below every level the card says no more than that: a
            // 重大 disaster starts a response.
            assessment.IfDeclaredSerious = DutiesIfDeclared(assessment, plan, input, level.Lower);
        }

        return assessment;
    }

    /// <summary>
    /// The one evaluation of a report: the grade table (or the declared grade), then the response table, which reads
    /// the grade bounds. The traces receive the true and unknown rules, by index in the plan's tables.
    /// Internal rather than private so the property tests can hold the trace against each rule's definition.
    /// </summary>
    internal static (Bounds Grade, Bounds Level) Evaluate<TTrace>(Plan plan, IncidentInput input, TTrace gradeTrace, TTrace levelTrace)
        where TTrace : IRuleTrace, allows ref struct
    {
        var facts = input.FactMask;
        var judgements = input.Judgements.Mask;

        // No grade table (natural disaster): the grade, if any, is declared by the competent department.
        var grade = plan.GradeClassifier is { } gradeTable
            ? gradeTable.Evaluate(input, plan.City, facts, judgements, default, gradeTrace)
            : input.DeclaredGrade is { } g ? new Bounds((int)g + 1, (int)g + 1) : default;
        var level = plan.ResponseClassifier.Evaluate(input, plan.City, facts, judgements, grade, levelTrace);
        return (grade, level);
    }

    private static Classification ToClassification(Bounds grade, Bounds level) =>
        new(
            grade.Lower > 0,
            grade.Lower > 0 ? (Grade)(grade.Lower - 1) : default,
            grade.Upper > 0 ? (Grade)(grade.Upper - 1) : default,
            level.Lower == 0 ? null : (ResponseLevel)level.Lower,
            level.Upper == 0 ? null : (ResponseLevel)level.Upper);

    /// <summary>
    /// The true rules that reach the lower bound: the clauses the result rests on (R5). A band over figures none of which is known
    /// holds only because unknown figures count as at least zero ("10人以下重伤" with the serious injuries not reported): it is cited
    /// only when no rule reading a reported figure (or a fact, judgement or decision) reaches the bound, and never for the grade
    /// (<paramref name="groundedOnly"/>): with no figure known, "造成3人以下死亡" is not met, it is unknown, and the grade is
    /// 暂时无法判明 (<see cref="GradeResult.Unjudged"/>, R 5.1.1, C 4.1(二)). A response level still cites its band (road 5.3.3(1): every
    /// road accident reaches at least Ⅲ, ADR 0003).
    /// </summary>
    private static Rule[] Because(Rule[] rules, ReadOnlySpan<Truth> trace, int lower, IncidentInput input, bool groundedOnly, bool gradeGrounded, out bool anyGrounded)
    {
        anyGrounded = false;
        if (lower == 0)
        {
            return [];
        }

        var count = 0;
        var grounded = 0;
        for (var i = 0; i < rules.Length; i++)
        {
            if (trace[i] == Truth.True && rules[i].Outcome == lower && rules[i].HeadCountTwin is null)
            {
                count++;
                grounded += Grounded(rules[i], input, gradeGrounded) ? 1 : 0;
            }
        }

        anyGrounded = grounded > 0;
        if (groundedOnly && grounded == 0)
        {
            return [];
        }

        // The clause of the case the report states comes first: R 5.3.x(2) "易燃易爆物品、危险化学品运输车辆发生泄漏…" (when hazmatRelease) and
        // 5.3.x(3) "出现灾害性天气或自然灾害…" (when weatherOrNaturalDisaster) before 5.3.x(1) "发生道路交通事故…", which every report meets on
        // the same figures; the first cited is what an escalation and the timeline name (review s54 #12, #13; ADR 0003 #67).
        var because = new Rule[grounded > 0 ? grounded : count];
        count = 0;
        for (var pass = 0; pass < 2; pass++)
        {
            for (var i = 0; i < rules.Length; i++)
            {
                // A share of 本市农业人口 equal to its clause's head count is that threshold (Rule.HeadCountTwin): cited once, by the head count.
                if (trace[i] == Truth.True && rules[i].Outcome == lower && (rules[i].Test.When is null) == (pass == 1) && rules[i].HeadCountTwin is null
                    && (grounded == 0 || Grounded(rules[i], input, gradeGrounded)))
                {
                    because[count++] = rules[i];
                }
            }
        }

        return because;
    }

    /// <summary>
    /// A rule the report itself meets: one that reads a reported figure (for a band with an upper bound, a reported count above zero, or
    /// every figure it sums: C 4.3.1(1)② "造成3人以下涉险、被困、失联" is not what 失联 0 with 涉险 and 被困 unreported reaches, while R 5.3.3(1)
    /// "造成3人以下失联、死亡" is what 2 dead reach), or no figure at all (a fact, a
    /// judgement, a decision), or the grade while the grade itself rests on what was reported (C 4.3.1(1)① "发生一般事故" is not cited
    /// beside a grade 暂时无法判明). The others hold only as the lower bound every report has.
    /// </summary>
    private static bool Grounded(Rule rule, IncidentInput input, bool gradeGrounded) => rule.Test.Kind switch
    {
        RuleKind.Quantity or RuleKind.Share => rule.Test.Below is null
            ? (rule.Test.Mask & input.KnownMask) != 0
            : (rule.Test.Mask & ~input.KnownMask) == 0 || SomeReported(rule.Test.Mask, input),
        RuleKind.GradeAtLeast => gradeGrounded,
        _ => true,
    };

    /// <summary>True when a figure of <paramref name="mask"/> is reported above zero.</summary>
    private static bool SomeReported(uint mask, IncidentInput input)
    {
        for (var known = mask & input.KnownMask; known != 0; known &= known - 1)
        {
            if (input.Scaled(System.Numerics.BitOperations.TrailingZeroCount(known)) > 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The figures of <paramref name="possibly"/> that are unknown or above zero.</summary>
    private static uint MayBeSome(uint possibly, IncidentInput input)
    {
        var some = possibly & ~input.KnownMask;
        for (var known = possibly & input.KnownMask; known != 0; known &= known - 1)
        {
            var figure = System.Numerics.BitOperations.TrailingZeroCount(known);
            if (input.Scaled(figure) > 0)
            {
                some |= 1u << figure;
            }
        }

        return some;
    }

    /// <summary>Unknown inputs read by a rule that is still unknown and could raise the result above its lower bound.</summary>
    private static InputField Raising(Rule[]? rules, ReadOnlySpan<Truth> trace, int lower, IncidentInput input)
    {
        if (rules is null)
        {
            return InputField.None;
        }

        var fields = InputField.None;
        for (var i = 0; i < rules.Length; i++)
        {
            if (trace[i] != Truth.Unknown || rules[i].Outcome <= lower)
            {
                continue;
            }

            // An unknown rule reads pollution, a figure that is not known, the counties not reported, a precondition not stated, or the
            // grade (whose own unknowns are already counted from the grade table). Mask is the rule's figures as bits, as InputField
            // numbers them. People of unknown fate (失联) are named while there may be some, whether or not their number is known (DOMAIN R3).
            var test = rules[i].Test;
            fields |= test.Kind switch
            {
                RuleKind.Pollution => input.Pollution is null ? InputField.Pollution : InputField.None,
                RuleKind.Counties => input.CountiesKnown ? InputField.None : InputField.DisruptedCounties,
                _ => (InputField)((test.Mask & ~input.KnownMask) | MayBeSome(test.Possibly, input)),
            };
            if (test.When is { } when && !input.States(when))
            {
                fields |= FigureNames.Field(when);
            }
        }

        return fields;
    }

    /// <summary>
    /// Per series, the nearest band above the lower bound that the known figures have not reached (false in the
    /// trace: its figures are all known and its precondition holds). Only the rule is kept here; its current and
    /// needed values are read once per chosen hint, by <see cref="ToHint"/>.
    /// </summary>
    private static void CollectHints(Rule[] rules, IncidentInput input, ReadOnlySpan<Truth> trace, int lower, HintTable table, Span<HintSlot> slots, ref int count)
    {
        for (var i = 0; i < rules.Length; i++)
        {
            var rule = rules[i];
            if (rule.Outcome <= lower || rule.Series < 0
                || !(trace[i] == Truth.False || OnlyTheMissingMayReach(rule, input, trace[i]) || KnownPartShort(rule, input, trace[i])))
            {
                continue;
            }

            if (rule.Test.When is { } when && !input.Has(when))
            {
                continue;
            }

            // One threshold said once (a share equal to its clause's head count, Rule.HeadCountTwin), and none of a kind of disaster the report
            // rules out (droughtAidPeople stated 0: not a drought, FigureDefinition.ZeroRulesOutItsKind; review s61, ND-12).
            if (rule.HeadCountTwin is not null || RuledOutKind(rule, input))
            {
                continue;
            }

            // Only the next band up in each series: "1 more death → 较大", not also "28 more → 特别重大".
            var existing = -1;
            for (var s = 0; s < count; s++)
            {
                if (slots[s].Table == table && slots[s].Series == rule.Series)
                {
                    existing = s;
                    break;
                }
            }

            if (existing >= 0)
            {
                if (slots[existing].Outcome > rule.Outcome)
                {
                    slots[existing] = new HintSlot(table, i, rule.Series, rule.Outcome);
                }
            }
            else if (count < slots.Length)
            {
                slots[count++] = new HintSlot(table, i, rule.Series, rule.Outcome);
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="rule"/> reads only counts of a kind of disaster the report rules out by stating them 0 (<c>droughtAidPeople: 0</c>:
    /// not a drought, N 5.x.1(4)).
    /// </summary>
    private static bool RuledOutKind(Rule rule, IncidentInput input)
    {
        var kind = rule.Test.Mask & FigureCatalog.ZeroRulesOutItsKindMask;
        if (kind == 0 || kind != rule.Test.Mask)
        {
            return false;
        }

        foreach (var figure in rule.Test.Quantity)
        {
            if (!input.TryGet(figure, out var value) || value != 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether <paramref name="rule"/> is unknown only because people of unknown fate (失联) may be dead (DOMAIN R3), every figure it
    /// counts being known: its distance is still a count of known figures ("死亡再增加1人 → 重大" at 9 dead and 1 missing), and it is the
    /// next band up. Left out, the next band shown was the one above it (特别重大, 21 more), and the band whose duties start at the
    /// very next death was hidden.
    /// </summary>
    private static bool OnlyTheMissingMayReach(Rule rule, IncidentInput input, Truth truth)
    {
        if (truth != Truth.Unknown || rule.Test.Possibly == 0)
        {
            return false;
        }

        foreach (var figure in rule.Test.Quantity)
        {
            if (!input.TryGet(figure, out _))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether <paramref name="rule"/> is unknown because some of the figures it adds up are unknown while others are known and short of
    /// its threshold (N 5.4.1(1) "死亡和失踪 5 人以上" with 3 dead and the missing not reported): unknown is not zero, so the known part
    /// says how many more reach it, and the hint says so, naming the figures not known (the contract's <c>unknown</c>). Left out, the hint
    /// vanished while the missing count was unknown, and the card said nothing of what would change the level.
    /// </summary>
    private static bool KnownPartShort(Rule rule, IncidentInput input, Truth truth)
    {
        if (truth != Truth.Unknown || rule.Test.Kind is not (RuleKind.Quantity or RuleKind.Share))
        {
            return false;
        }

        foreach (var figure in rule.Test.Quantity)
        {
            if (input.TryGet(figure, out _))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The hint for a chosen rule: current and needed are read as decimals for display, since the evaluation
    /// compares whole hundredths.
    /// </summary>
    private static Hint ToHint(HintTable table, Rule rule, IncidentInput input)
    {
        var sum = 0m;
        foreach (var figure in rule.Test.Quantity)
        {
            input.TryGet(figure, out var value);
            sum += value;
        }

        var needed = rule.Test.Threshold - sum;
        if (rule.Test.Kind == RuleKind.Share)
        {
            needed = decimal.Ceiling(needed);
        }

        return new Hint(table, rule, sum, needed);
    }

    /// <summary>The grade of an evaluation: read from the plan's table, declared (natural disaster), or none.</summary>
    private static GradeResult? ToGradeResult(Plan plan, IncidentInput input, Bounds grade, IReadOnlyList<Rule> because) =>
        plan.Grade is not null
            ? new GradeResult((Grade)(grade.Lower - 1), grade.Lower == grade.Upper, (Grade)(grade.Upper - 1), because, Declared: false)
            : input.DeclaredGrade is { } declared ? new GradeResult(declared, true, declared, [], Declared: true) : null;

    /// <summary>
    /// The duties <see cref="Assess(Plan, IncidentInput)"/> would raise for <paramref name="input"/>: the same evaluation and choice of duties,
    /// without the reasons, hints and warnings nobody reads when only the duties a judgement or a declaration would add are wanted.
    /// </summary>
    private static ObligationDue[] ObligationsAlone(Plan plan, IncidentInput input)
    {
        var (grade, level) = Evaluate(plan, input, default(NoTrace), default(NoTrace));
        return Obligations(plan, input, ToGradeResult(plan, input, grade, []), level.Lower);
    }

    /// <summary>The duties of <paramref name="candidates"/> that are none of <paramref name="owed"/> by <paramref name="same"/>, in their order.</summary>
    private static ObligationDue[] NotAlreadyOwed(
        ObligationDue[] candidates, IReadOnlyList<ObligationDue> owed, Func<ObligationRule, ObligationRule, bool> same)
    {
        Span<bool> added = stackalloc bool[candidates.Length];
        var count = 0;
        for (var i = 0; i < candidates.Length; i++)
        {
            added[i] = true;
            for (var j = 0; j < owed.Count; j++)
            {
                if (same(owed[j].Rule, candidates[i].Rule))
                {
                    added[i] = false;
                    break;
                }
            }

            count += added[i] ? 1 : 0;
        }

        if (count == 0)
        {
            return [];
        }

        var result = new ObligationDue[count];
        for (int i = 0, n = 0; i < candidates.Length; i++)
        {
            if (added[i])
            {
                result[n++] = candidates[i];
            }
        }

        return result;
    }

    /// <summary>The plan's raise suggestions whose judgement the report holds (construction 4.4).</summary>
    private static RaiseSuggestion[] HeldSuggestions(Plan plan, IncidentInput input)
    {
        List<RaiseSuggestion>? held = null;
        foreach (var suggestion in plan.Response.RaiseSuggestions)
        {
            if (input.Judgements.Has(suggestion.Judgement))
            {
                (held ??= []).Add(suggestion);
            }
        }

        return held is null ? [] : [.. held];
    }

    private static ObligationDue[] DutiesIfDeclared(Assessment assessment, Plan plan, IncidentInput input, int levelLower)
    {
        // As if the competent department had declared 重大: the duties conditioned on the declared grade read it from the figures.
        var asDeclared = input.With(figures: input.Figures.With(DeclaredGradeFigure, Grade.Serious));
        var declared = Obligations(plan, asDeclared, new GradeResult(Grade.Serious, true, Grade.Serious, [], Declared: true), levelLower);
        // By code: a duty already owed at another cadence (续报 daily rather than every 4 hours) is not added again.
        return NotAlreadyOwed(declared, assessment.Obligations, static (owed, added) => owed.Code == added.Code);
    }

    private static readonly FigureDefinition DeclaredGradeFigure = FigureCatalog.All.First(f => f.Kind == FigureKind.DeclaredGrade);

    /// <summary>
    /// The plan's judgement prompts that the report points at (their <c>when</c> holds on what is known) and does not hold, each with the duties
    /// it would add, read by assessing the report again as if it were judged so: whatever the judgement touches (a duty, the level, a duty of the
    /// level) is counted the plan's way. A prompt that would add nothing (the grade already brings the 30-minute report) is not put.
    /// </summary>
    internal static JudgementToConsider[] JudgementsToConsider(Assessment assessment)
    {
        var (plan, input) = (assessment.Plan, assessment.Input);
        var levelLower = assessment.Response.Level is { } level ? (int)level : 0;
        List<JudgementToConsider>? open = null;
        for (var p = 0; p < plan.JudgementPrompts.Count; p++)
        {
            var prompt = plan.JudgementPrompts[p];
            if (input.Judgements.Stated(prompt.Judgement) || !prompt.When.Holds(input, assessment.Grade, levelLower, null))
            {
                continue;
            }

            var added = NotAlreadyOwed(ObligationsAlone(plan, input.With(judgements: input.Judgements.Holding(prompt.Judgement))), assessment.Obligations,
                static (owed, added) => ReferenceEquals(owed, added));
            if (added.Length > 0)
            {
                var reported = 0m;
                foreach (var figure in prompt.When.Quantity)
                {
                    reported += input.TryGet(figure, out var value) ? value : 0m;
                }

                (open ??= []).Add(new JudgementToConsider(prompt, reported, added));
            }
        }

        return open is null ? [] : [.. open];
    }

    private static ObligationDue[] Obligations(Plan plan, IncidentInput input, GradeResult? grade, int levelLower)
    {
        var rules = plan.AssessedObligations;
        var codes = plan.AssessedObligationCodes;
        var candidates = plan.AssessedDuties.For(grade, levelLower);
        Span<int> chosen = stackalloc int[candidates.Length];
        var count = 0;
        foreach (var candidate in candidates)
        {
            var i = candidate.Rule;
            var rule = rules[i];
            if (candidate.Decide
                && (!rule.InForceAt(input.OccurredAt) || (rule.Condition is { } condition && !condition.Holds(input, grade, levelLower, null))))
            {
                continue;
            }

            // Several rules can share a code (continuation: daily at 较大, every 4 h at 重大): the most demanding wins.
            var same = -1;
            for (var j = 0; j < count; j++)
            {
                if (codes[chosen[j]] == codes[i])
                {
                    same = j;
                    break;
                }
            }

            if (same < 0)
            {
                chosen[count++] = i;
            }
            else if ((rules[i].Due ?? TimeSpan.MaxValue) < (rules[chosen[same]].Due ?? TimeSpan.MaxValue))
            {
                chosen[same] = i;
            }
        }

        // A duty another chosen one stands for is not owed beside it (ObligationRule.SupersededBy): a 一般 construction accident judged a
        // 较大涉险事故 owes the 30-minute phone and 1-hour written reports, and the written one is its 1-hour report (4.1(二)); the card
        // listed both, to the same body at the same time.
        var kept = count;
        for (var i = 0; i < count; i++)
        {
            if (rules[chosen[i]].SupersededBy.Count > 0 && StoodFor(rules[chosen[i]], chosen[..count], rules))
            {
                chosen[i] = -1;
                kept--;
            }
        }

        var result = new ObligationDue[kept];
        for (int i = 0, n = 0; i < count; i++)
        {
            if (chosen[i] < 0)
            {
                continue;
            }

            var rule = rules[chosen[i]];
            // Only a clock that starts at the occurrence has a due time here; one that starts on receipt starts when the incident is opened.
            result[n++] = new ObligationDue(rule, rule.Start == DutyStart.Occurrence && rule.Due is { } due ? input.OccurredAt + due : null);
        }

        return result;

        // Indexed loops: on the assessment's path, where Enumerable.Contains with a comparer enumerated the list through an allocated enumerator.
        static bool StoodFor(ObligationRule rule, Span<int> chosen, ObligationRule[] rules)
        {
            var codes = rule.SupersededBy;
            foreach (var other in chosen)
            {
                for (var k = 0; other >= 0 && k < codes.Count; k++)
                {
                    if (string.Equals(codes[k], rules[other].Code, StringComparison.Ordinal))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }

    private static WarningResult? Warning(Plan plan, IncidentInput input)
    {
        if (plan.Warnings is null)
        {
            return null;
        }

        // Without road conditions the rules that read a fact or a judgement still fire: road 4.3.3(4) "其他严重影响道路交通安全的情形"
        // is the headquarters' judgement, and no weather figure is needed to make it.
        var road = input.Road ?? NoRoadConditions;

        foreach (var colour in plan.Warnings.ColoursArray)
        {
            List<WarningRule>? fired = null;
            foreach (var rule in colour.Rules)
            {
                if (Fires(rule, road, input))
                {
                    (fired ??= []).Add(rule);
                }
            }

            if (fired is not null)
            {
                return new WarningResult(colour, fired);
            }
        }

        return null;
    }

    private static readonly RoadConditions NoRoadConditions = new();

    /// <summary>
    /// The rules of colours above <paramref name="called"/> (every colour when it is null) that the report meets as far as it goes: at
    /// least one of a rule's conditions is observed and met, none is observed and missed, and the rest are not reported. A rule of one
    /// condition is never here (unreported, it is just not met): only a partial observation, such as fog of 40 米 over an unreported number
    /// of 乡(镇) (4.3.3(1)), is a warning the office could owe and cannot tell from the report.
    /// </summary>
    private static WarningIfKnown[] WarningsIfKnown(Plan plan, IncidentInput input, WarningResult? called)
    {
        if (plan.Warnings is null || input.Road is not { } road)
        {
            return [];
        }

        List<WarningIfKnown>? open = null;
        foreach (var colour in plan.Warnings.ColoursArray)
        {
            if (called is not null && colour.Colour <= called.Colour.Colour)
            {
                break;
            }

            foreach (var rule in colour.Rules)
            {
                if (Unreported(rule, road) is { Count: > 0 } unknown && !AnsweredAbove(open, rule, unknown))
                {
                    (open ??= []).Add(new WarningIfKnown(colour, rule, unknown));
                }
            }
        }

        return open is null ? [] : [.. open];

        // 10 米 of unstated cause leaves both 4.3.1(1) (≤ 10 米的浓雾) and 4.3.2(1) (≤ 20 米的浓雾) open on the same question, and the answer
        // that meets the orange meets the red: the red one, listed first, says it.
        static bool AnsweredAbove(List<WarningIfKnown>? listed, WarningRule rule, List<string> unknown) =>
            rule.VisibilityAtMost is not null && listed is not null
            && listed.Exists(l => l.Rule.VisibilityAtMost is not null && l.Unknown.SequenceEqual(unknown, StringComparer.Ordinal));
    }

    /// <summary>
    /// The observations <paramref name="rule"/> still needs when those reported meet it as far as they go (see <see cref="WarningsIfKnown"/>);
    /// null otherwise. Its weather observations are alternatives (any one met meets them; none met and some unreported leaves them open),
    /// and <see cref="WarningRule.TownshipsAtLeast"/> must hold as well. A rule's fact or judgement is stated or not, and a rule of a
    /// colour above the one called for does not hold it, so it is left out.
    /// </summary>
    private static List<string>? Unreported(WarningRule rule, RoadConditions road)
    {
        var weather = Truth.False;
        List<string>? unknown = null;
        Weigh(rule.WeatherWarning is { } colour ? road.WeatherWarning is { } w ? w >= colour : null : false, ConditionNames.WeatherWarning);
        var partly = false;
        if (rule.VisibilityAtMost is { } visibility)
        {
            WeighVisibility(visibility);
        }

        Weigh(rule.WindForceAtLeast is { } wind ? road.WindForce is { } f ? f >= wind : null : false, ConditionNames.WindForce);
        Weigh(rule.RepairHoursAtLeast is { } hours ? road.MainRoad == false ? false : road.MainRoadRepairHours is { } h ? h >= hours : null : false, ConditionNames.MainRoadRepairHours);
        if (weather == Truth.True)
        {
            unknown = null;
        }

        var townships = rule.TownshipsAtLeast is not { } least ? Truth.True
            : road.TownshipsAffected is not { } t ? Truth.Unknown
            : t >= least ? Truth.True : Truth.False;
        if (weather == Truth.False || townships == Truth.False)
        {
            return null;
        }

        if (townships == Truth.Unknown)
        {
            (unknown ??= []).Add(ConditionNames.TownshipsAffected);
        }

        // Open (not met, not missed), and something reported meets part of it: the weather, a visibility low enough whose cause is not
        // stated, or the 乡(镇) a rule counts.
        var observed = weather == Truth.True || partly || (townships == Truth.True && rule.TownshipsAtLeast is not null);
        return unknown is not null && observed ? unknown : null;

        // R 4.3.1(1)/4.3.2(1) "能见度 ≤ 10/20 米的浓雾", 4.3.3(1) "能见度 ≤ 50 米的特强沙尘暴或者大雾": the visibility, and what lowers it
        // where the rule does not read every cause. A stated cause the rule does not read misses it, whatever the visibility.
        void WeighVisibility(decimal atMost)
        {
            var cause = road.VisibilityCause;
            if (cause is { } stated && !rule.ReadsCause(stated))
            {
                return;
            }

            var causeOpen = cause is null && !rule.ReadsEveryCause;
            if (road.VisibilityMetres is not { } v)
            {
                Weigh(null, ConditionNames.VisibilityMetres);
                if (causeOpen)
                {
                    Weigh(null, ConditionNames.VisibilityCause);
                }

                return;
            }

            if (v > atMost)
            {
                return;
            }

            if (causeOpen)
            {
                partly = true;
                Weigh(null, ConditionNames.VisibilityCause);
                return;
            }

            Weigh(true, ConditionNames.VisibilityMetres);
        }

        void Weigh(bool? met, string name)
        {
            if (met == true)
            {
                weather = Truth.True;
            }
            else if (met is null)
            {
                weather = weather == Truth.True ? weather : Truth.Unknown;
                (unknown ??= []).Add(name);
            }
        }
    }

    private static bool Fires(WarningRule rule, RoadConditions road, IncidentInput input)
    {
        if (rule.TownshipsAtLeast is { } townships && !(road.TownshipsAffected >= townships))
        {
            return false;
        }

        return (rule.WeatherWarning is { } colour && road.WeatherWarning >= colour)
               || (rule.VisibilityAtMost is { } visibility && road.VisibilityMetres <= visibility
                   && (road.VisibilityCause is { } cause ? rule.ReadsCause(cause) : rule.ReadsEveryCause))
               || (rule.WindForceAtLeast is { } wind && road.WindForce >= wind)
               // R 4.3.x(2) "造成国(省)道等主干道交通中断或阻塞": a road said not to be one meets none (ADR 0003 #66).
               || (rule.RepairHoursAtLeast is { } hours && road.MainRoad != false && road.MainRoadRepairHours >= hours)
               || (rule.Fact is { } fact && input.Has(fact))
               || (rule.Judgement is { } judgement && input.Judgements.Has(judgement));
    }

    private readonly record struct HintSlot(HintTable Table, int Rule, int Series, int Outcome);
}
