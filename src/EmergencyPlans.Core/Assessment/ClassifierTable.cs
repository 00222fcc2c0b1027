using System.Numerics;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Plans;

namespace EmergencyPlans.Core.Assessment;

/// <summary>The three values of a rule read as its lower bound "quantity ≥ 以上" (ADR 0002).</summary>
/// <remarks>False is 0 so that a cleared trace reads "no rule holds" and only true or unknown rules are written.</remarks>
internal enum Truth : byte
{
    False = 0,
    Unknown = 1,
    True = 2,
}

/// <summary>Where an evaluation writes each rule's value, by rule index; a type parameter so that each use is compiled apart.</summary>
/// <remarks>
/// <see cref="ClassifierTable.Evaluate{TTrace}"/> is generic over this so the JIT specialises it per struct: with
/// <see cref="NoTrace"/> every "if (trace.On)" block is removed and grade-and-level-only costs what it did before the
/// trace existed; with <see cref="RuleTrace"/> the same code also records the values.
/// </remarks>
internal interface IRuleTrace
{
    bool On { get; }

    void Set(int rule, Truth value);
}

/// <summary>Grade and level only: nothing recorded.</summary>
internal readonly struct NoTrace : IRuleTrace
{
    public bool On => false;

    public void Set(int rule, Truth value)
    {
    }
}

/// <summary>Records each rule's value in a caller's buffer (stack memory in <see cref="DecisionEngine.Assess(IncidentInput)"/>).</summary>
internal readonly ref struct RuleTrace(Span<Truth> values) : IRuleTrace
{
    private readonly Span<Truth> _values = values;

    public bool On => true;

    public void Set(int rule, Truth value) => _values[rule] = value;

    /// <summary>Every rule false, so that an evaluation only writes the true and unknown ones.</summary>
    public void Reset(int rules) => _values[..rules].Clear();
}

/// <summary>[most severe true outcome, most severe true-or-unknown outcome] as ranks (0 = none).</summary>
internal readonly record struct Bounds(int Lower, int Upper);

/// <summary>
/// One rule table (grade or response) compiled for evaluation, and THE evaluator of its rules: both
/// <see cref="DecisionEngine.Classify"/> and <see cref="DecisionEngine.Assess(IncidentInput)"/> go through <see cref="Evaluate"/>.
/// Rules over the same quantity become one series of ascending thresholds, so each quantity is summed once and
/// compared with a few integers; judgements become bits; the grade-to-level rules a lookup. Every compiled entry
/// remembers the index of the rule it came from, so that one evaluation can also say which rules are true or
/// unknown (the trace) for the explanation, instead of the explanation evaluating the rules a second way.
/// </summary>
internal sealed class ClassifierTable
{
    private ClassifierTable(
        Rule[] rules, Series[] series, uint[] judgementBits, int[] judgementOutcomes, int[] judgementRules,
        bool[] decisionAt, int[] decisionRules, int[] fromGrade, int[] gradeRules,
        int[] countyRules, int[] pollutionRules, int[] others)
    {
        Rules = rules;
        SeriesArray = series;
        JudgementBits = judgementBits;
        JudgementOutcomes = judgementOutcomes;
        JudgementRules = judgementRules;
        DecisionAt = decisionAt;
        DecisionRules = decisionRules;
        FromGrade = fromGrade;
        GradeRules = gradeRules;
        CountyRules = countyRules;
        PollutionRules = pollutionRules;
        Others = others;
    }

    /// <summary>The table's rules in plan order; every index below refers to this array (and to a trace).</summary>
    public Rule[] Rules { get; }

    public Series[] SeriesArray { get; }
    public uint[] JudgementBits { get; }
    public int[] JudgementOutcomes { get; }

    /// <summary>Rule index of each entry of <see cref="JudgementBits"/>.</summary>
    public int[] JudgementRules { get; }

    /// <summary>Indexed by level rank: a headquarters decision for that level is a rule of this table.</summary>
    public bool[] DecisionAt { get; }

    /// <summary>Rules behind <see cref="DecisionAt"/> (only read to trace).</summary>
    public int[] DecisionRules { get; }

    /// <summary>Indexed by grade rank (0 none … 4 特别重大): the most severe outcome the gradeAtLeast rules give.</summary>
    public int[] FromGrade { get; }

    /// <summary>Rules behind <see cref="FromGrade"/> (only read to trace).</summary>
    public int[] GradeRules { get; }

    /// <summary>County rules without a precondition: only read when the report names counties (none named: all false).</summary>
    public int[] CountyRules { get; }

    /// <summary>Pollution rules (hazardous goods): only read when their precondition holds.</summary>
    public int[] PollutionRules { get; }

    /// <summary>Rules evaluated one by one: judgements, decisions, grades and counties behind a precondition.</summary>
    public int[] Others { get; }

    public static ClassifierTable Build(IReadOnlyList<Rule> rules)
    {
        var all = rules.ToArray();
        var indexed = all.Select((rule, index) => (Rule: rule, Index: index)).ToArray();

        // The loader numbers the series (same quantity, precondition and share base) and checks that thresholds
        // rise with the outcome, so sorting by threshold also sorts by outcome.
        var series = indexed
            .Where(r => r.Rule.Test.Kind is RuleKind.Quantity or RuleKind.Share)
            .GroupBy(r => r.Rule.Series)
            .Select(g =>
            {
                var bands = g.OrderBy(r => r.Rule.Test.ScaledThreshold).ToArray();
                return new Series(
                    bands[0].Rule.Test.Mask,
                    bands[0].Rule.Test.Possibly,
                    bands[0].Rule.Test.When is { } when ? 1u << (int)when : 0,
                    bands.Select(b => b.Rule.Test.ScaledThreshold).ToArray(),
                    bands.Select(b => b.Rule.Outcome).ToArray(),
                    bands.Select(b => b.Index).ToArray());
            })
            .ToArray();

        var judgements = indexed.Where(r => r.Rule.Test.Kind == RuleKind.Judgement && r.Rule.Test.When is null).ToArray();
        var decisions = indexed.Where(r => r.Rule.Test.Kind == RuleKind.Decision && r.Rule.Test.When is null).ToArray();
        var decisionAt = new bool[5];
        foreach (var (rule, _) in decisions)
        {
            decisionAt[rule.Outcome] = true;
        }

        var grades = indexed.Where(r => r.Rule.Test.Kind == RuleKind.GradeAtLeast && r.Rule.Test.When is null).ToArray();
        var fromGrade = new int[5];
        foreach (var (rule, _) in grades)
        {
            for (var rank = (int)rule.Test.MinGrade + 1; rank <= 4; rank++)
            {
                fromGrade[rank] = Math.Max(fromGrade[rank], rule.Outcome);
            }
        }

        var counties = indexed.Where(r => r.Rule.Test.Kind == RuleKind.Counties && r.Rule.Test.When is null).ToArray();
        var pollution = indexed.Where(r => r.Rule.Test.Kind == RuleKind.Pollution).ToArray();
        var others = indexed
            .Where(r => r.Rule.Test.When is not null && r.Rule.Test.Kind is RuleKind.Judgement or RuleKind.Decision or RuleKind.GradeAtLeast or RuleKind.Counties)
            .ToArray();

        var compiled = series.Sum(s => s.Rules.Length) + judgements.Length + decisions.Length + grades.Length
                       + counties.Length + pollution.Length + others.Length;
        if (compiled != all.Length)
        {
            // Every rule must land in exactly one place, or the table and the plan would disagree silently.
            throw new InvalidOperationException($"Compiled {compiled} of {all.Length} rules: a rule kind is not compiled.");
        }

        return new ClassifierTable(
            all,
            series,
            judgements.Select(r => 1u << (int)r.Rule.Test.Judgement).ToArray(),
            judgements.Select(r => r.Rule.Outcome).ToArray(),
            judgements.Select(r => r.Index).ToArray(),
            decisionAt,
            decisions.Select(r => r.Index).ToArray(),
            fromGrade,
            grades.Select(r => r.Index).ToArray(),
            counties.Select(r => r.Index).ToArray(),
            pollution.Select(r => r.Index).ToArray(),
            others.Select(r => r.Index).ToArray());
    }

    /// <summary>
    /// Evaluates every rule of the table once, in three values, and returns the bounds; <paramref name="trace"/> receives
    /// the value of each rule that is true or unknown, by rule index (a <see cref="RuleTrace"/> must be reset first:
    /// unwritten rules are false). With <see cref="NoTrace"/> it allocates nothing and records nothing.
    /// </summary>
    /// <param name="input">The report.</param>
    /// <param name="city">The plan's city, for county rules.</param>
    /// <param name="facts"><see cref="IncidentInput.FactMask"/>, read once per report for both tables.</param>
    /// <param name="judgements">The report's judgements as bits, read once per report for both tables.</param>
    /// <param name="grade">The grade bounds, read by gradeAtLeast rules (default for the grade table itself).</param>
    /// <param name="trace">Receives the true and unknown rules by index in <see cref="Rules"/>, or nothing.</param>
    public Bounds Evaluate<TTrace>(IncidentInput input, City city, uint facts, uint judgements, Bounds grade, TTrace trace)
        where TTrace : IRuleTrace, allows ref struct
    {
        var lower = 0;
        var upper = 0;
        var known = input.KnownMask;
        var stated = input.StatedFactMask;
        foreach (var series in SeriesArray)
        {
            // Precondition (e.g. hazmatRelease) stated false: every band is false. Not stated: no band is met, and every band the
            // figures reach or may reach is possible (DOMAIN R3: a tanker that may have leaked may be Ⅰ at five dead).
            var unstated = false;
            if ((series.WhenBit & ~facts) != 0)
            {
                if ((series.WhenBit & stated) != 0)
                {
                    continue;
                }

                unstated = true;
            }

            // Unknown figures are at least zero: the known part is a lower bound of the quantity.
            var sum = 0L;
            var mask = series.Mask;
            var partial = (mask & ~known) != 0;
            mask &= known;
            while (mask != 0)
            {
                sum += input.Scaled(BitOperations.TrailingZeroCount(mask));
                mask &= mask - 1;
            }

            var thresholds = series.Thresholds;
            var reachedBands = 0;
            while (reachedBands < thresholds.Length && sum >= thresholds[reachedBands])
            {
                reachedBands++;
            }

            // People of unknown fate (失联) may be in the quantity (死亡) too: the bands the sum with them reaches are possible, not
            // reached, and while their number is unknown every band above is possible (DOMAIN R3).
            var possibleBands = reachedBands;
            if (series.Possibly != 0)
            {
                var possibly = series.Possibly;
                partial |= (possibly & ~known) != 0;
                possibly &= known;
                var withThem = sum;
                while (possibly != 0)
                {
                    withThem += input.Scaled(BitOperations.TrailingZeroCount(possibly));
                    possibly &= possibly - 1;
                }

                while (possibleBands < thresholds.Length && withThem >= thresholds[possibleBands])
                {
                    possibleBands++;
                }
            }

            if (unstated)
            {
                reachedBands = 0;
            }

            var reached = reachedBands == 0 ? 0 : series.Outcomes[reachedBands - 1];
            var possible = possibleBands == 0 ? 0 : series.Outcomes[possibleBands - 1];
            lower = Math.Max(lower, reached);
            upper = Math.Max(upper, partial ? series.Top : possible);
            if (trace.On)
            {
                // Bands below the sum are true; those only the people of unknown fate could reach, those behind a precondition not
                // stated, and the rest while a figure is unknown, are unknown; else false (already cleared).
                for (var k = 0; k < reachedBands; k++)
                {
                    trace.Set(series.Rules[k], Truth.True);
                }

                for (var k = reachedBands; k < (partial ? thresholds.Length : possibleBands); k++)
                {
                    trace.Set(series.Rules[k], Truth.Unknown);
                }
            }
        }

        var bits = JudgementBits;
        for (var i = 0; i < bits.Length; i++)
        {
            if ((judgements & bits[i]) != 0)
            {
                lower = Math.Max(lower, JudgementOutcomes[i]);
                upper = Math.Max(upper, JudgementOutcomes[i]);
                if (trace.On)
                {
                    trace.Set(JudgementRules[i], Truth.True);
                }
            }
        }

        if (input.Judgements.HeadquartersLevel is { } decided && DecisionAt[(int)decided])
        {
            lower = Math.Max(lower, (int)decided);
            upper = Math.Max(upper, (int)decided);
            if (trace.On)
            {
                foreach (var index in DecisionRules)
                {
                    if (Rules[index].Outcome == (int)decided)
                    {
                        trace.Set(index, Truth.True);
                    }
                }
            }
        }

        lower = Math.Max(lower, FromGrade[grade.Lower]);
        upper = Math.Max(upper, FromGrade[grade.Upper]);
        if (trace.On)
        {
            foreach (var index in GradeRules)
            {
                var min = (int)Rules[index].Test.MinGrade + 1;
                trace.Set(index, grade.Lower >= min ? Truth.True : grade.Upper >= min ? Truth.Unknown : Truth.False);
            }
        }

        foreach (var index in PollutionRules)
        {
            var rule = Rules[index];
            var unstated = false;
            if (rule.Test.When is { } when && (facts & (1u << (int)when)) == 0)
            {
                // Stated false: not met. Not stated: possible wherever the pollution reported (or not yet) would meet it.
                if ((stated & (1u << (int)when)) != 0)
                {
                    continue;
                }

                unstated = true;
            }

            if (input.Pollution is not { } pollution || (unstated && pollution >= rule.Test.MinPollution))
            {
                upper = Math.Max(upper, rule.Outcome);
                if (trace.On)
                {
                    trace.Set(index, Truth.Unknown);
                }
            }
            else if (pollution >= rule.Test.MinPollution)
            {
                lower = Math.Max(lower, rule.Outcome);
                upper = Math.Max(upper, rule.Outcome);
                if (trace.On)
                {
                    trace.Set(index, Truth.True);
                }
            }
        }

        // Counties need a pass over the named counties and the city's adjacency: only when a rule can read them
        // (a county rule needs at least one county, checked on load, so none named means all false; not reported, all possible).
        if (Others.Length > 0 || (CountyRules.Length > 0 && (input.DisruptedCounties.Count > 0 || !input.CountiesKnown)))
        {
            var counties = CountyStatus.Of(city, input.DisruptedCounties);
            foreach (var index in CountyRules)
            {
                Apply(index, Test(Rules[index].Test, Rules[index].Outcome, input, grade, counties), ref lower, ref upper, trace);
            }

            foreach (var index in Others)
            {
                Apply(index, Test(Rules[index].Test, Rules[index].Outcome, input, grade, counties), ref lower, ref upper, trace);
            }
        }

        return new Bounds(lower, Math.Max(lower, upper));
    }

    /// <summary>One rule's value into the bounds: true raises both, unknown the upper one.</summary>
    private void Apply<TTrace>(int index, Truth value, ref int lower, ref int upper, TTrace trace)
        where TTrace : IRuleTrace, allows ref struct
    {
        var outcome = Rules[index].Outcome;
        if (value == Truth.True)
        {
            lower = Math.Max(lower, outcome);
        }

        if (value != Truth.False)
        {
            upper = Math.Max(upper, outcome);
        }

        if (trace.On && value != Truth.False)
        {
            trace.Set(index, value);
        }
    }

    /// <summary>One rule that did not compile into a series, bit or lookup (counties, or behind a precondition).</summary>
    private static Truth Test(RuleTest test, int outcome, IncidentInput input, Bounds grade, CountyStatus counties)
    {
        // A test whose precondition is stated false is not met; not stated (counties blocked, by what unknown: road 5.3.x(3) asks for
        // 灾害性天气或自然灾害), it is possible where it would hold, never met.
        if (test.When is { } when && !input.Has(when))
        {
            if (input.States(when))
            {
                return Truth.False;
            }

            return Holds(test, outcome, input, grade, counties) == Truth.False ? Truth.False : Truth.Unknown;
        }

        return Holds(test, outcome, input, grade, counties);
    }

    /// <summary>The test itself, its precondition aside.</summary>
    private static Truth Holds(RuleTest test, int outcome, IncidentInput input, Bounds grade, CountyStatus counties)
    {
        switch (test.Kind)
        {
            case RuleKind.GradeAtLeast:
                var min = (int)test.MinGrade + 1;
                return grade.Lower >= min ? Truth.True : grade.Upper >= min ? Truth.Unknown : Truth.False;

            case RuleKind.Judgement:
                return input.Judgements.Has(test.Judgement) ? Truth.True : Truth.False;

            case RuleKind.Decision:
                return input.Judgements.HeadquartersLevel is { } decided && (int)decided == outcome ? Truth.True : Truth.False;

            case RuleKind.Counties:
                // Not reported: any number of counties may be disrupted. Reported: the named ones, and their adjacency.
                if (!input.CountiesKnown)
                {
                    return Truth.Unknown;
                }

                if (counties.Count < test.CountiesAtLeast)
                {
                    return Truth.False;
                }

                return !test.CountiesAdjacent || counties.HasAdjacentPair ? Truth.True : Truth.False;

            default:
                // Quantities compile into series and pollution rules into PollutionRules (checked in Build).
                throw new InvalidOperationException($"Rule kind {test.Kind} is not evaluated one by one.");
        }
    }

    /// <summary>Bands of one quantity: thresholds (hundredths) ascending, with the outcome and rule index of each.</summary>
    internal sealed class Series(uint mask, uint possibly, uint whenBit, long[] thresholds, int[] outcomes, int[] rules)
    {
        public uint Mask { get; } = mask;

        /// <summary>Figures of people of unknown fate who may count in the quantity (<see cref="RuleTest.Possibly"/>): they raise the upper bound only.</summary>
        public uint Possibly { get; } = possibly;
        public uint WhenBit { get; } = whenBit;
        public long[] Thresholds { get; } = thresholds;
        public int[] Outcomes { get; } = outcomes;
        public int[] Rules { get; } = rules;
        public int Top { get; } = outcomes[^1];
    }

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
