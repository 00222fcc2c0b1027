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
    private const byte False = 0;
    private const byte Unknown = 1;
    private const byte True = 2;

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
                throw new PlanValidationException([new PlanProblem(plan.Metadata.FileName, "-", $"more than {MaxRules} rules in one table")]);
            }
        }
    }

    public PlanCatalog Catalog => _catalog;

    /// <summary>The plan version in force at the time of occurrence.</summary>
    public Plan Resolve(string planId, DateTimeOffset occurredAt) =>
        _catalog.Resolve(planId, occurredAt) ?? throw new PlanNotInForceException(planId, occurredAt, _catalog.Knows(planId));

    /// <summary>Grade and level only: allocation-free, on the compiled tables.</summary>
    public Classification Classify(IncidentInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var plan = Resolve(input.PlanId, input.OccurredAt);
        var facts = input.FactMask;
        var judgements = input.Judgements.Mask;
        var grade = plan.GradeClassifier is { } gradeTable
            ? Classify(gradeTable, plan, input, facts, judgements, default)
            : input.DeclaredGrade is { } g ? new Bounds((int)g + 1, (int)g + 1) : default;
        var level = Classify(plan.ResponseClassifier, plan, input, facts, judgements, grade);
        return ToClassification(grade, level);
    }

    private static Bounds Classify(ClassifierTable table, Plan plan, IncidentInput input, uint facts, uint judgements, Bounds grade)
    {
        var lower = 0;
        var upper = 0;
        var known = input.KnownMask;
        foreach (var series in table.SeriesArray)
        {
            if ((series.WhenBit & ~facts) != 0)
            {
                continue;
            }

            var sum = 0L;
            var mask = series.Mask;
            var partial = (mask & ~known) != 0;
            mask &= known;
            while (mask != 0)
            {
                sum += input.Scaled(System.Numerics.BitOperations.TrailingZeroCount(mask));
                mask &= mask - 1;
            }

            var reached = 0;
            var thresholds = series.Thresholds;
            for (var k = 0; k < thresholds.Length && sum >= thresholds[k]; k++)
            {
                reached = series.Outcomes[k];
            }

            lower = Math.Max(lower, reached);
            upper = Math.Max(upper, partial ? series.Top : reached);
        }

        var bits = table.JudgementBits;
        for (var i = 0; i < bits.Length; i++)
        {
            if ((judgements & bits[i]) != 0)
            {
                lower = Math.Max(lower, table.JudgementOutcomes[i]);
                upper = Math.Max(upper, table.JudgementOutcomes[i]);
            }
        }

        if (input.Judgements.HeadquartersLevel is { } decided && table.DecisionAt[(int)decided])
        {
            lower = Math.Max(lower, (int)decided);
            upper = Math.Max(upper, (int)decided);
        }

        lower = Math.Max(lower, table.FromGrade[grade.Lower]);
        upper = Math.Max(upper, table.FromGrade[grade.Upper]);

        foreach (var rule in table.PollutionRules)
        {
            if (rule.Test.When is { } when && (facts & (1u << (int)when)) == 0)
            {
                continue;
            }

            if (input.Pollution is not { } pollution)
            {
                upper = Math.Max(upper, rule.Outcome);
            }
            else if (pollution >= rule.Test.MinPollution)
            {
                lower = Math.Max(lower, rule.Outcome);
                upper = Math.Max(upper, rule.Outcome);
            }
        }

        if (table.Others.Length > 0 || (table.CountyRules.Length > 0 && input.DisruptedCounties.Count > 0))
        {
            var unknown = InputField.None;
            var counties = CountyStatus.Of(plan.City, input.DisruptedCounties);
            foreach (var rule in table.CountyRules)
            {
                if (Test(rule.Test, rule.Outcome, input, grade, counties, ref unknown) == True)
                {
                    lower = Math.Max(lower, rule.Outcome);
                    upper = Math.Max(upper, rule.Outcome);
                }
            }

            foreach (var rule in table.Others)
            {
                var value = Test(rule.Test, rule.Outcome, input, grade, counties, ref unknown);
                if (value == True)
                {
                    lower = Math.Max(lower, rule.Outcome);
                }

                if (value != False)
                {
                    upper = Math.Max(upper, rule.Outcome);
                }
            }
        }

        return new Bounds(lower, Math.Max(lower, upper));
    }

    /// <summary>The full decision with reasons, obligations, work groups, warning and nearest thresholds.</summary>
    public Assessment Assess(IncidentInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var plan = Resolve(input.PlanId, input.OccurredAt);
        Span<byte> gradeTri = stackalloc byte[MaxRules];
        Span<byte> levelTri = stackalloc byte[MaxRules];
        var unknown = InputField.None;
        var grade = EvaluateGrade(plan, input, gradeTri, ref unknown);
        var counties = CountyStatus.Of(plan.City, input.DisruptedCounties);
        var level = Evaluate(plan.Response.RulesArray, input, grade, counties, levelTri, ref unknown);

        GradeResult? gradeResult = null;
        if (plan.Grade is not null)
        {
            gradeResult = new GradeResult(
                (Grade)(grade.Lower - 1), grade.Lower == grade.Upper, (Grade)(grade.Upper - 1),
                Because(plan.Grade.RulesArray, gradeTri, grade.Lower), Declared: false);
        }
        else if (input.DeclaredGrade is { } declared)
        {
            gradeResult = new GradeResult(declared, true, declared, [], Declared: true);
        }

        var levelResult = new LevelResult(
            level.Lower == 0 ? null : (ResponseLevel)level.Lower,
            level.Lower == level.Upper,
            level.Upper == 0 ? null : (ResponseLevel)level.Upper,
            level.Lower == 0 ? null : plan.Response.LevelsByRank[level.Lower],
            Because(plan.Response.RulesArray, levelTri, level.Lower))
        {
            NoResponse = level.Lower == 0 ? plan.Response.NoResponse : null,
        };

        var hintCount = 0;
        Span<HintSlot> slots = stackalloc HintSlot[16];
        if (plan.Grade is not null)
        {
            CollectHints(plan.Grade.RulesArray, input, gradeTri, grade.Lower, HintTable.Grade, slots, ref hintCount);
        }

        CollectHints(plan.Response.RulesArray, input, levelTri, level.Lower, HintTable.Response, slots, ref hintCount);
        var hints = hintCount == 0 ? [] : new Hint[hintCount];
        for (var i = 0; i < hintCount; i++)
        {
            var rules = slots[i].Table == HintTable.Grade ? plan.Grade!.RulesArray : plan.Response.RulesArray;
            hints[i] = new Hint(slots[i].Table, rules[slots[i].Rule], slots[i].Current, slots[i].Needed);
        }

        return new Assessment(
            plan,
            input,
            gradeResult,
            levelResult,
            Obligations(plan, input, gradeResult, level.Lower),
            plan.WorkGroupsByLevel[level.Lower],
            Warning(plan, input),
            hints,
            Raising(plan.Grade?.RulesArray, gradeTri, grade.Lower, input) | Raising(plan.Response.RulesArray, levelTri, level.Lower, input));
    }

    private static Classification ToClassification(Bounds grade, Bounds level) =>
        new(
            grade.Lower > 0,
            grade.Lower > 0 ? (Grade)(grade.Lower - 1) : default,
            grade.Upper > 0 ? (Grade)(grade.Upper - 1) : default,
            level.Lower == 0 ? null : (ResponseLevel)level.Lower,
            level.Upper == 0 ? null : (ResponseLevel)level.Upper);

    private static Bounds EvaluateGrade(Plan plan, IncidentInput input, Span<byte> tri, ref InputField unknown)
    {
        if (plan.Grade is not null)
        {
            return Evaluate(plan.Grade.RulesArray, input, default, default, tri, ref unknown);
        }

        // No grade table (natural disaster): the grade, if any, is declared by the competent department.
        var declared = input.DeclaredGrade is { } g ? (int)g + 1 : 0;
        return new Bounds(declared, declared);
    }

    private static Bounds Evaluate(Rule[] rules, IncidentInput input, Bounds grade, CountyStatus counties, Span<byte> tri, ref InputField unknown)
    {
        var lower = 0;
        var upper = 0;
        for (var i = 0; i < rules.Length; i++)
        {
            var rule = rules[i];
            var value = Test(rule.Test, rule.Outcome, input, grade, counties, ref unknown);
            tri[i] = value;
            if (value == True)
            {
                lower = Math.Max(lower, rule.Outcome);
                upper = Math.Max(upper, rule.Outcome);
            }
            else if (value == Unknown)
            {
                upper = Math.Max(upper, rule.Outcome);
            }
        }

        return new Bounds(lower, upper);
    }

    private static byte Test(RuleTest test, int outcome, IncidentInput input, Bounds grade, CountyStatus counties, ref InputField unknown)
    {
        if (test.When is { } when && !input.Has(when))
        {
            return False;
        }

        switch (test.Kind)
        {
            case RuleKind.Quantity:
            case RuleKind.Share:
                var known = input.KnownMask;
                var missing = test.Mask & ~known;
                unknown |= (InputField)missing;
                var bits = test.Mask & known;
                var sum = 0L;
                while (bits != 0)
                {
                    sum += input.Scaled(System.Numerics.BitOperations.TrailingZeroCount(bits));
                    bits &= bits - 1;
                }

                return sum >= test.ScaledThreshold ? True : missing != 0 ? Unknown : False;

            case RuleKind.GradeAtLeast:
                var min = (int)test.MinGrade + 1;
                return grade.Lower >= min ? True : grade.Upper >= min ? Unknown : False;

            case RuleKind.Judgement:
                return input.Judgements.Has(test.Judgement) ? True : False;

            case RuleKind.Decision:
                return input.Judgements.HeadquartersLevel is { } decided && (int)decided == outcome ? True : False;

            case RuleKind.Counties:
                if (counties.Count < test.CountiesAtLeast)
                {
                    return False;
                }

                return !test.CountiesAdjacent || counties.HasAdjacentPair ? True : False;

            case RuleKind.Pollution:
                if (input.Pollution is not { } pollution)
                {
                    unknown |= InputField.Pollution;
                    return Unknown;
                }

                return pollution >= test.MinPollution ? True : False;

            default:
                throw new InvalidOperationException($"Unhandled rule kind {test.Kind}.");
        }
    }

    private static Rule[] Because(Rule[] rules, ReadOnlySpan<byte> tri, int lower)
    {
        if (lower == 0)
        {
            return [];
        }

        var count = 0;
        for (var i = 0; i < rules.Length; i++)
        {
            if (tri[i] == True && rules[i].Outcome == lower)
            {
                count++;
            }
        }

        var because = new Rule[count];
        count = 0;
        for (var i = 0; i < rules.Length; i++)
        {
            if (tri[i] == True && rules[i].Outcome == lower)
            {
                because[count++] = rules[i];
            }
        }

        return because;
    }

    /// <summary>Unknown inputs read by a rule that is still unknown and could raise the result above its lower bound.</summary>
    private static InputField Raising(Rule[]? rules, ReadOnlySpan<byte> tri, int lower, IncidentInput input)
    {
        if (rules is null)
        {
            return InputField.None;
        }

        var fields = InputField.None;
        for (var i = 0; i < rules.Length; i++)
        {
            if (tri[i] != Unknown || rules[i].Outcome <= lower)
            {
                continue;
            }

            var test = rules[i].Test;
            if (test.Kind == RuleKind.Pollution)
            {
                fields |= InputField.Pollution;
                continue;
            }

            foreach (var figure in test.Quantity)
            {
                if (!input.TryGet(figure, out _))
                {
                    fields |= (InputField)(1u << (int)figure);
                }
            }
        }

        return fields;
    }

    private static void CollectHints(Rule[] rules, IncidentInput input, ReadOnlySpan<byte> tri, int lower, HintTable table, Span<HintSlot> slots, ref int count)
    {
        for (var i = 0; i < rules.Length; i++)
        {
            var rule = rules[i];
            if (tri[i] != False || rule.Outcome <= lower || rule.Series < 0)
            {
                continue;
            }

            if (rule.Test.When is { } when && !input.Has(when))
            {
                continue;
            }

            var sum = 0m;
            foreach (var figure in rule.Test.Quantity)
            {
                input.TryGet(figure, out var value);
                sum += value;
            }

            // Only the next band up in each series: "1 more death → 较大", not also "28 more → 特别重大".
            var needed = rule.Test.Threshold - sum;
            if (rule.Test.Kind == RuleKind.Share)
            {
                needed = decimal.Ceiling(needed);
            }

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
                    slots[existing] = new HintSlot(table, i, rule.Series, rule.Outcome, sum, needed);
                }
            }
            else if (count < slots.Length)
            {
                slots[count++] = new HintSlot(table, i, rule.Series, rule.Outcome, sum, needed);
            }
        }
    }

    private static ObligationDue[] Obligations(Plan plan, IncidentInput input, GradeResult? grade, int levelLower)
    {
        var rules = plan.AssessedObligations;
        Span<int> chosen = stackalloc int[rules.Length];
        var count = 0;
        for (var i = 0; i < rules.Length; i++)
        {
            if (!Holds(rules[i].Condition!, input, grade, levelLower))
            {
                continue;
            }

            // Several rules can share a code (continuation: daily at 较大, every 4 h at 重大): the most demanding wins.
            var same = -1;
            for (var j = 0; j < count; j++)
            {
                if (string.Equals(rules[chosen[j]].Code, rules[i].Code, StringComparison.Ordinal))
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

        var result = new ObligationDue[count];
        for (var i = 0; i < count; i++)
        {
            var rule = rules[chosen[i]];
            result[i] = new ObligationDue(rule, rule.Due is { } due ? input.OccurredAt + due : null);
        }

        return result;
    }

    private static bool Holds(ObligationCondition condition, IncidentInput input, GradeResult? grade, int levelLower)
    {
        switch (condition.Kind)
        {
            case ConditionKind.ReportingGrade:
                return grade is not null && InRange((int)grade.ForReporting + 1, condition);
            case ConditionKind.Grade:
                return grade is not null && InRange((int)grade.Value + 1, condition);
            case ConditionKind.DeclaredGrade:
                return input.DeclaredGrade is { } declared && InRange((int)declared + 1, condition);
            case ConditionKind.Level:
                return levelLower >= condition.AtLeast;
            case ConditionKind.Fact:
                return input.Has(condition.Fact);
            case ConditionKind.Any:
                foreach (var test in condition.Any)
                {
                    if (test.Judgement is { } judgement && !input.Judgements.Has(judgement))
                    {
                        continue;
                    }

                    // Known figures are a lower bound: the obligation holds once they alone reach the threshold.
                    var sum = 0m;
                    foreach (var figure in test.Quantity)
                    {
                        if (input.TryGet(figure, out var value))
                        {
                            sum += value;
                        }
                    }

                    if (sum >= test.AtLeast)
                    {
                        return true;
                    }
                }

                return false;
            default:
                throw new InvalidOperationException($"Unhandled condition {condition.Kind}.");
        }

        static bool InRange(int rank, ObligationCondition c) => rank >= c.AtLeast && rank < c.Below;
    }

    private static WarningResult? Warning(Plan plan, IncidentInput input)
    {
        if (plan.Warnings is null || input.Road is not { } road)
        {
            return null;
        }

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

    private static bool Fires(WarningRule rule, RoadConditions road, IncidentInput input)
    {
        if (rule.TownshipsAtLeast is { } townships && !(road.TownshipsAffected >= townships))
        {
            return false;
        }

        return (rule.WeatherWarning is { } colour && road.WeatherWarning >= colour)
               || (rule.VisibilityAtMost is { } visibility && road.VisibilityMetres <= visibility)
               || (rule.WindForceAtLeast is { } wind && road.WindForce >= wind)
               || (rule.RepairHoursAtLeast is { } hours && road.MainRoadRepairHours >= hours)
               || (rule.Fact is { } fact && input.Has(fact))
               || (rule.Judgement is { } judgement && input.Judgements.Has(judgement));
    }

    private readonly record struct Bounds(int Lower, int Upper);

    private readonly record struct HintSlot(HintTable Table, int Rule, int Series, int Outcome, decimal Current, decimal Needed);

    /// <summary>Distinct counties named in the report and whether two of them are adjacent.</summary>
    private readonly record struct CountyStatus(int Count, bool HasAdjacentPair)
    {
        public static CountyStatus Of(City city, IReadOnlyList<string> counties)
        {
            var count = 0;
            var adjacent = false;
            for (var i = 0; i < counties.Count; i++)
            {
                var name = counties[i];
                if (!city.IsCounty(name))
                {
                    continue;
                }

                var duplicate = false;
                for (var j = 0; j < i; j++)
                {
                    if (string.Equals(counties[j], name, StringComparison.Ordinal))
                    {
                        duplicate = true;
                        break;
                    }

                    adjacent |= city.AreAdjacent(counties[j], name);
                }

                if (!duplicate)
                {
                    count++;
                }
            }

            return new CountyStatus(count, adjacent);
        }
    }
}
