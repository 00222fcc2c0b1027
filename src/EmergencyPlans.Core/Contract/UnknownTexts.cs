using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Plans;

namespace EmergencyPlans.Core.Contract;

/// <summary>
/// How an assessment's unknowns are said to people (DOMAIN R3: unknowns are first-class): the CLI's card lists the figures that could raise
/// the grade or the level, the new-incident alert asks for those that could raise the level or call a warning (since session 60). One
/// wording for both, so the card and the alert never name an unknown two ways.
/// </summary>
public static class UnknownTexts
{
    /// <summary>The inputs named by <paramref name="names"/> (contract names) as the plan calls them, in order: <c>失联、直接经济损失（万元）、环境污染</c>.</summary>
    public static string Named(IEnumerable<string> names, Plan plan)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(plan);
        return string.Join("、", names.Select(plan.FigureLabels.Of));
    }

    /// <summary>
    /// What the report leaves open that could raise the response level or call a road warning, one compact clause each, warnings first:
    /// each of <see cref="AssessmentResponse.WarningsIfKnown"/> as the assessment words it (<c>涉及乡(镇)数未报：若涉及4个以上乡(镇)，应发布黄色预警
    /// （4.3.3(1)），由市指挥部副指挥长批准</c>), then each of <see cref="AssessmentResponse.UnknownsThatCouldRaiseLevel"/> with the lowest level
    /// above the assessed one and the highest that a rule of the plan reading it reaches, and those rules' clauses (<c>死亡未报（可能达到Ⅳ级至Ⅰ级响应，
    /// 5.4.1(1)—5.1.1(1)）</c>, <c>环境污染未报（可能达到Ⅱ级至Ⅰ级响应，5.3.2(2)—5.3.1(2)）</c>; since session 61 the highest too, see <see cref="Reach"/>).
    /// Empty when nothing is open.
    /// </summary>
    public static IReadOnlyList<string> CouldChange(AssessmentResponse assessment, Plan plan)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        ArgumentNullException.ThrowIfNull(plan);
        var said = new List<string>(assessment.WarningsIfKnown.Count + assessment.UnknownsThatCouldRaiseLevel.Count);
        said.AddRange(assessment.WarningsIfKnown.Select(w => w.Text));
        var current = Names.TryParseLevel(assessment.Response.Level, out var level) ? (int)level : 0;
        foreach (var name in assessment.UnknownsThatCouldRaiseLevel)
        {
            var rules = plan.Response.Rules
                .Where(r => (int)r.LevelOutcome > current && (r.Reads.Contains(name, StringComparer.Ordinal) || r.WhenFact == name))
                .ToArray();
            said.Add($"{plan.FigureLabels.Of(name)}未报{Reach(rules)}");
        }

        return said;
    }

    /// <summary>
    /// The levels an unknown figure could bring the response to (DOMAIN R3), as the new-incident alert says them: the lowest above the assessed
    /// one and the highest that a rule of the plan reading it reaches, each with that rule's clause, the plan's order deciding among the rules of
    /// one level (<c>（可能达到Ⅳ级至Ⅰ级响应，5.4.1(1)—5.1.1(1)）</c>); one level when the lowest is the highest (<c>（可能达到Ⅱ级响应，5.3.2(2)）</c>);
    /// empty when no rule reads it. The lowest alone read as the most it could do: an unknown death toll under N 5.4.1(1) "死亡和失踪5人以上"
    /// reaches Ⅰ by 5.1.1(1) "死亡和失踪50人以上" (a natural-disaster duty officer's review, session 61, ND-06).
    /// </summary>
    private static string Reach(Rule[] rules)
    {
        if (rules.Length == 0)
        {
            return "";
        }

        // The lowest rise first (the plan's order among rules of one level): the question the office puts to the scene is whether the
        // next level is reached (5.3.2(2) 可能造成一定环境污染 → Ⅱ before 5.3.1(2) 较大环境污染 → Ⅰ).
        var lowest = rules.OrderBy(r => (int)r.LevelOutcome).First();
        var highest = rules.OrderByDescending(r => (int)r.LevelOutcome).First();
        return lowest.LevelOutcome == highest.LevelOutcome
            ? $"（可能达到{Names.Chinese(lowest.LevelOutcome)}响应，{lowest.Clause}）"
            : $"（可能达到{Names.Chinese(lowest.LevelOutcome)}至{Names.Chinese(highest.LevelOutcome)}响应，{lowest.Clause}—{highest.Clause}）";
    }
}
