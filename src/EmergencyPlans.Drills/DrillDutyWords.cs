using EmergencyPlans.Application.Incidents;
using EmergencyPlans.Core.Plans;

namespace EmergencyPlans.Drills;

/// <summary>
/// What a report carries beside itself, for the corrective action's template: a duty whose act is first a report with a proposal or a notice
/// joined (C 4.3.1(2) "经预判后向市指挥部报告,提出启动Ⅲ级响应建议", N 5.3.3(1) "…上报市安委会主任并通报有关成员单位") is a report
/// (<see cref="DutyWords.Deed(string?, string?)"/>), and its template carries the proposal or names whom it is also sent to.
/// </summary>
internal static class DrillDutyWords
{
    /// <summary>
    /// What a report of <paramref name="act"/> carries beside the report itself, for the template to prepare: the proposal (提出启动Ⅲ级响应建议),
    /// or those it is also sent to (并通报有关成员单位); empty for a plain report.
    /// </summary>
    public static string Carries(string? act)
    {
        if (act is null || !DutyWords.FirstIsReport(act))
        {
            return "";
        }

        var others = DutyWords.OtherVerbsIn(act).ToList();
        return others.Contains("建议") ? "（随报告一并提出启动响应的建议）"
            : others.Contains("通报") ? "，并明确同时通报的对象和渠道"
            : "";
    }
}
