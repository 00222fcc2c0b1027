using EmergencyPlans.Core.Plans;

namespace EmergencyPlans.Core.Assessment;

/// <summary>
/// Built when a plan is loaded: for each grade an assessment can give and each assessed level, the assessed duties
/// whose condition may hold, in the plan's order, and which of them the report itself must still decide (a fact, a
/// judgement, a quantity, a declared grade or a period of validity). A duty whose condition reads only the grade
/// and the level is settled here once, not on every assessment.
/// </summary>
internal sealed class AssessedDutyIndex
{
    private const int Levels = 5;      // none, Ⅳ … Ⅰ
    private const int GradeStates = 17; // no grade, or (grade for reporting, grade) among the 4 × 4

    private readonly Candidate[][] _candidates;

    private AssessedDutyIndex(Candidate[][] candidates) => _candidates = candidates;

    /// <summary>One duty that may apply; <see cref="Decide"/> when the report must still be read to know.</summary>
    internal readonly record struct Candidate(int Rule, bool Decide);

    internal static AssessedDutyIndex Build(ObligationRule[] rules)
    {
        var candidates = new Candidate[GradeStates * Levels][];
        for (var state = 0; state < GradeStates; state++)
        {
            var hasGrade = state > 0;
            var reporting = hasGrade ? (state - 1) / 4 : 0;
            var grade = hasGrade ? (state - 1) % 4 : 0;
            for (var level = 0; level < Levels; level++)
            {
                var list = new List<Candidate>();
                for (var i = 0; i < rules.Length; i++)
                {
                    var value = rules[i].Condition is { } condition ? Settle(condition, hasGrade, reporting, grade, level) : Truth.True;
                    if (value == Truth.False)
                    {
                        continue;
                    }

                    var dated = rules[i].ValidFrom is not null || rules[i].ValidUntil is not null;
                    list.Add(new Candidate(i, value == Truth.Unknown || dated));
                }

                candidates[state * Levels + level] = [.. list];
            }
        }

        return new AssessedDutyIndex(candidates);
    }

    /// <summary>The candidates for an assessed grade (null when the plan does not grade) and level rank (0 for none).</summary>
    internal ReadOnlySpan<Candidate> For(GradeResult? grade, int level)
    {
        var state = grade is null ? 0 : 1 + ((int)grade.ForReporting * 4) + (int)grade.Value;
        return _candidates[state * Levels + level];
    }

    /// <summary>
    /// The condition read with the grade and the level alone, as <see cref="ObligationCondition.Holds"/> reads them for
    /// an assessment (no level is activated yet); unknown when it also reads the report.
    /// </summary>
    private static Truth Settle(ObligationCondition condition, bool hasGrade, int reporting, int grade, int level)
    {
        switch (condition.Kind)
        {
            case ConditionKind.ReportingGrade:
                return hasGrade && condition.InRange(reporting + 1) ? Truth.True : Truth.False;
            case ConditionKind.Grade:
                return hasGrade && condition.InRange(grade + 1) ? Truth.True : Truth.False;
            case ConditionKind.Level:
                return condition.InRange(level) ? Truth.True : Truth.False;
            case ConditionKind.ActivatedLevel:
                return Truth.False;
            // Kleene logic on False < Unknown < True: any is the greatest of its parts, all the least.
            case ConditionKind.Any:
                return condition.Parts.Aggregate(Truth.False, (value, part) => (Truth)Math.Max((int)value, (int)Settle(part, hasGrade, reporting, grade, level)));
            case ConditionKind.All:
                return condition.Parts.Aggregate(Truth.True, (value, part) => (Truth)Math.Min((int)value, (int)Settle(part, hasGrade, reporting, grade, level)));
            default:
                return Truth.Unknown;
        }
    }
}
