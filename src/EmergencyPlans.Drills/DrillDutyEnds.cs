using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Plans;

namespace EmergencyPlans.Drills;

/// <summary>
/// A duty the plan stopped requiring, said for the people who read the report: when, and why in the plan's terms. The incident gives its own
/// reason (终报已报送, 响应已终止, or 按最新研判，本事件已不属于该项报告的适用情形 when a report's assessment no longer calls for it); when that report
/// lowered the grade, the grade is the reason people understand (N 4.1.5 "重大及以上自然灾害…执行灾情24小时零报告制度" once the disaster is
/// declared 较大: 该职责于+06:00因灾害等级核定为较大而不再需要（4.1.5）). A drill facilitator's review, s54 F3: such a duty was scored as the
/// participants' failure (职责已终止，未报), and a record of it refused in the lifecycle's words (当前为“已终止”…（已是最终状态）).
/// </summary>
internal static class DrillDutyEnds
{
    /// <summary>
    /// Why the duty ended at <paramref name="ended"/> (from the drill's start), in words: the grade's fall when the assessment recorded then
    /// lowered it and the incident's reason is its latest assessment, else the incident's own reason.
    /// </summary>
    /// <returns>The cause (灾害等级核定为较大) and whether it is the grade's fall (said 因…而不再需要) rather than the incident's reason.</returns>
    public static (string Cause, bool GradeFell) Cause(Plan plan, TimeSpan ended, string reason,
        IReadOnlyList<(TimeSpan At, string? Grade, bool Determined, string? Level)> assessed)
    {
        if (reason.StartsWith(Incident.ByTheLatestAssessment, StringComparison.Ordinal) && GradeFell(assessed, ended) is { } now)
        {
            // The natural-disaster plan's grade is the one the competent department declares (核定); the others' follows the figures.
            return ($"{plan.GradeTerm}{(plan.Grade is null ? "核定为" : "降为")}{Names.Chinese(now)}", true);
        }

        return (reason, false);
    }

    /// <summary>The duty's end as an expectation's evidence says it: 该职责于+06:00因灾害等级核定为较大而不再需要（4.1.5）.</summary>
    public static string Said(Plan plan, DrillClockTexts texts, TimeSpan ended, string reason, string clause,
        IReadOnlyList<(TimeSpan At, string? Grade, bool Determined, string? Level)> assessed)
    {
        var (cause, gradeFell) = Cause(plan, ended, reason, assessed);
        return gradeFell
            ? $"该职责于{texts.Offset(ended)}因{cause}而不再需要（{clause}）"
            : $"该职责于{texts.Offset(ended)}不再需要：{cause}（{clause}）";
    }

    /// <summary>The grade the assessment recorded at <paramref name="at"/> lowered the grade to, or null when it did not lower it.</summary>
    private static Grade? GradeFell(IReadOnlyList<(TimeSpan At, string? Grade, bool Determined, string? Level)> assessed, TimeSpan at)
    {
        Grade? now = null;
        Grade? before = null;
        foreach (var a in assessed)
        {
            if (a.At > at)
            {
                break;
            }

            Grade? grade = Names.TryParseGrade(a.Grade, out var g) ? g : null;
            if (a.At < at)
            {
                before = grade;
            }

            now = grade;
        }

        return now is { } n && before is { } b && n < b ? n : null;
    }
}
