using EmergencyPlans.Application.Incidents;
using EmergencyPlans.Core.Plans;

namespace EmergencyPlans.Drills;

/// <summary>
/// How the after-action report says a duty is done. A duty whose act is first a report, with a proposal or a notice joined to it, is a report:
/// C 4.3.1(2) "经预判后向市指挥部报告,提出启动Ⅲ级响应建议", N 5.3.3(1)/5.4.3(1) "有关情况及时上报市安委会主任并通报有关成员单位". The
/// plan's <c>act</c> names a verb other than reporting (建议, 通报), so <see cref="DutyWords.Deed(string?, string?)"/> reads it as done otherwise
/// (未完成, 逾时完成) and the corrective action asked for a 通知（通报）文稿; the report reads the act's first verb: 未报, 迟报, 已报告, with a
/// report template that carries the proposal or names whom it is also sent to. An act that begins with another verb (N 5.6
/// "向相关县(市、区)通报并上报省应急管理厅", R 5.3.2 "向市指挥部提出…建议") is done as it says.
/// </summary>
internal static class DrillDutyWords
{
    /// <summary>The duty as people name it, a report when its act is first a report.</summary>
    public static DutyName Said(ObligationView duty)
    {
        ArgumentNullException.ThrowIfNull(duty);
        return Reported(duty.Said(), duty.Act);
    }

    /// <summary><paramref name="said"/> as a report when <paramref name="act"/> is first a report.</summary>
    public static DutyName Reported(DutyName said, string? act) =>
        said.Deed == DutyDeed.Other && FirstIsReport(act) ? said with { Deed = DutyDeed.Report } : said;

    /// <summary>How a duty of the plan is done, a report when its act is first a report.</summary>
    public static DutyDeed Deed(ObligationRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var deed = DutyWords.Deed(rule);
        return deed == DutyDeed.Other && FirstIsReport(rule.Act) ? DutyDeed.Report : deed;
    }

    /// <summary>
    /// What a report of <paramref name="act"/> carries beside the report itself, for the template to prepare: the proposal (提出启动Ⅲ级响应建议),
    /// or those it is also sent to (并通报有关成员单位); empty for a plain report.
    /// </summary>
    public static string Carries(string? act)
    {
        if (act is null || !FirstIsReport(act))
        {
            return "";
        }

        var others = DutyWords.OtherVerbsIn(act).ToList();
        return others.Contains("建议") ? "（随报告一并提出启动响应的建议）"
            : others.Contains("通报") ? "，并明确同时通报的对象和渠道"
            : "";
    }

    /// <summary>True when the first verb <paramref name="act"/> names is a report's (报告, 上报…).</summary>
    private static bool FirstIsReport(string? act)
    {
        if (string.IsNullOrEmpty(act))
        {
            return false;
        }

        var first = DutyWords.Verbs.Select(v => (Verb: v, At: act.IndexOf(v, StringComparison.Ordinal))).Where(x => x.At >= 0)
            .OrderBy(x => x.At).ThenByDescending(x => x.Verb.Length).FirstOrDefault();
        return first.Verb is not null && DutyWords.ReportVerbs.Contains(first.Verb, StringComparer.Ordinal);
    }
}
