using EmergencyPlans.Core.Plans;

namespace EmergencyPlans.Core.Contract;

/// <summary>
/// How an assessment's command and lead plans are said to people, as a label and its text: the CLI's card writes them <c>label：text</c>,
/// a drill's 演练概况 as rows. One wording for both, so the card and the after-action report never say the same rule two ways.
/// </summary>
public static class CommandTexts
{
    /// <summary>
    /// Who commands (<see cref="AssessmentResponse.Command"/>): on site first (C 4.2: 现场指挥（先期处置）, then whoever takes over), or across a
    /// boundary (R 2.6: 指挥, with the plan's words).
    /// </summary>
    public static (string Label, string Text) Command(CommandDto command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return command.Scope == CommandScopes.OnSite
            ? ("现场指挥（先期处置）", $"{command.CommandedBy}；其后{command.CoordinatedBy}（{command.Clause}）")
            : ("指挥", $"{command.CommandedBy}{(command.CoordinatedBy is null ? "" : "，" + command.CoordinatedBy)}（{command.Clause}：{command.Words}）");
    }

    /// <summary>The city's on-site headquarters at Ⅰ and Ⅱ (<see cref="AssessmentResponse.OnSiteHeadquarters"/>, R 2.4).</summary>
    public static (string Label, string Text) OnSiteHeadquarters(CommandDto headquarters)
    {
        ArgumentNullException.ThrowIfNull(headquarters);
        return ("现场指挥", $"{headquarters.CommandedBy}（{headquarters.Clause}：{headquarters.Words}）");
    }

    /// <summary>
    /// A plan that leads instead (<see cref="AssessmentResponse.LeadPlans"/>, R 1.4): 主导预案 when the report states the fact; while it does not,
    /// the question (是否发生在高速公路上：未报；若是，…), as other unknowns are asked.
    /// </summary>
    public static (string Label, string Text) LeadPlan(LeadPlanDto lead)
    {
        ArgumentNullException.ThrowIfNull(lead);
        return lead.Applies == true
            ? ("主导预案", $"按{lead.Plan}执行，本预案作为配合预案执行（{lead.WhenLabel}；{lead.Clause}）")
            : ($"是否{lead.WhenLabel}", $"未报；若是，按{lead.Plan}执行，本预案作为配合预案执行（{lead.Clause}）");
    }
}
