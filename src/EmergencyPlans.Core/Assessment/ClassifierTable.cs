using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Plans;

namespace EmergencyPlans.Core.Assessment;

/// <summary>
/// A rule table compiled for grade-and-level-only evaluation: rules over the same quantity become one
/// series of ascending thresholds, so each quantity is summed once and compared with at most four
/// integers; judgements become bits; the grade-to-level rules a lookup. Same semantics as evaluating
/// each rule as "quantity ≥ 以上" in three values (the property tests compare the two paths).
/// </summary>
internal sealed class ClassifierTable
{
    private ClassifierTable(Series[] series, uint[] judgementBits, int[] judgementOutcomes, bool[] decisionAt, int[] fromGrade, Rule[] others, int max)
    {
        CountyRules = others.Where(r => r.Test.Kind == RuleKind.Counties && r.Test.When is null).ToArray();
        PollutionRules = others.Where(r => r.Test.Kind == RuleKind.Pollution).ToArray();
        others = others.Except(CountyRules).Except(PollutionRules).ToArray();
        SeriesArray = series;
        JudgementBits = judgementBits;
        JudgementOutcomes = judgementOutcomes;
        DecisionAt = decisionAt;
        FromGrade = fromGrade;
        Others = others;
        MaxOutcome = max;
    }

    public Series[] SeriesArray { get; }
    public uint[] JudgementBits { get; }
    public int[] JudgementOutcomes { get; }

    /// <summary>Indexed by level rank: a headquarters decision for that level is a rule of this table.</summary>
    public bool[] DecisionAt { get; }

    /// <summary>Indexed by grade rank (0 none … 4 特别重大): the most severe outcome the gradeAtLeast rules give.</summary>
    public int[] FromGrade { get; }

    /// <summary>Rules evaluated one by one (counties, pollution, and anything with a precondition that is not a series).</summary>
    public Rule[] Others { get; }

    public int MaxOutcome { get; }

    /// <summary>County rules: only read when the report names counties.</summary>
    public Rule[] CountyRules { get; }

    /// <summary>Pollution rules (hazardous goods): only read when their precondition holds.</summary>
    public Rule[] PollutionRules { get; }

    public static ClassifierTable Build(IReadOnlyList<Rule> rules)
    {
        var series = rules
            .Where(r => r.Test.Kind is RuleKind.Quantity or RuleKind.Share)
            .GroupBy(r => r.Series)
            .Select(g =>
            {
                var bands = g.OrderBy(r => r.Test.ScaledThreshold).ToArray();
                return new Series(
                    bands[0].Test.Mask,
                    bands[0].Test.When is { } when ? 1u << (int)when : 0,
                    bands.Select(b => b.Test.ScaledThreshold).ToArray(),
                    bands.Select(b => b.Outcome).ToArray());
            })
            .ToArray();
        var judgements = rules.Where(r => r.Test.Kind == RuleKind.Judgement && r.Test.When is null).ToArray();
        var decisionAt = new bool[5];
        foreach (var rule in rules.Where(r => r.Test.Kind == RuleKind.Decision && r.Test.When is null))
        {
            decisionAt[rule.Outcome] = true;
        }

        var fromGrade = new int[5];
        foreach (var rule in rules.Where(r => r.Test.Kind == RuleKind.GradeAtLeast && r.Test.When is null))
        {
            for (var rank = (int)rule.Test.MinGrade + 1; rank <= 4; rank++)
            {
                fromGrade[rank] = Math.Max(fromGrade[rank], rule.Outcome);
            }
        }

        var others = rules.Where(r => r.Test.Kind is RuleKind.Counties or RuleKind.Pollution
                                      || (r.Test.Kind is RuleKind.Judgement or RuleKind.Decision or RuleKind.GradeAtLeast && r.Test.When is not null)).ToArray();
        return new ClassifierTable(
            series,
            judgements.Select(r => 1u << (int)r.Test.Judgement).ToArray(),
            judgements.Select(r => r.Outcome).ToArray(),
            decisionAt,
            fromGrade,
            others,
            rules.Count == 0 ? 0 : rules.Max(r => r.Outcome));
    }

    /// <summary>Bands of one quantity: thresholds (hundredths) ascending, with the outcome each reaches.</summary>
    internal sealed class Series(uint mask, uint whenBit, long[] thresholds, int[] outcomes)
    {
        public uint Mask { get; } = mask;
        public uint WhenBit { get; } = whenBit;
        public long[] Thresholds { get; } = thresholds;
        public int[] Outcomes { get; } = outcomes;
        public int Top { get; } = outcomes[^1];
    }
}
