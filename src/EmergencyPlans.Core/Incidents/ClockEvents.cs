using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Plans;

namespace EmergencyPlans.Core.Incidents;

/// <summary>One kind of happening that starts or ends duty clocks, recorded on an incident by a person.</summary>
/// <param name="Name">The kind as the API spells it.</param>
/// <param name="Label">What it is called in Jincheng.</param>
/// <param name="Starts">The duties it starts (their <see cref="ObligationRule.Start"/>); null when it starts none.</param>
/// <param name="Capability">What a credential needs to record it: a fact the office learns is a report; a judgement about the situation is a decision.</param>
public sealed record ClockEventKind(string Name, string Label, DutyStart? Starts, RoleCapabilities Capability);

/// <summary>The catalogue of clock events: every place that needs the list loops over this one.</summary>
public static class ClockEvents
{
    public const string CityRequest = "city-request";
    public const string DispatchOrder = "dispatch-order";
    public const string Arrival = "arrival";
    public const string SpecialCircumstancesSet = "special-circumstances-set";
    public const string SpecialCircumstancesCleared = "special-circumstances-cleared";
    public const string HandlingFinished = "handling-finished";
    public const string SituationStable = "situation-stable";
    public const string ReconstructionFinished = "reconstruction-finished";
    public const string CommandHandover = "command-handover";

    public static IReadOnlyList<ClockEventKind> All { get; } =
    [
        new(CityRequest, "市委、市政府要求核实事件信息", DutyStart.CityRequest, RoleCapabilities.Report),
        new(DispatchOrder, "接到救灾物资调拨指令", DutyStart.DispatchOrder, RoleCapabilities.Report),
        new(Arrival, "有关部门到达现场", DutyStart.Arrival, RoleCapabilities.Report),
        new(SpecialCircumstancesSet, "出现特殊情况（续报加密）", null, RoleCapabilities.Decide),
        new(SpecialCircumstancesCleared, "特殊情况解除", null, RoleCapabilities.Decide),
        new(HandlingFinished, "应急处置结束", DutyStart.HandlingFinished, RoleCapabilities.Decide),
        new(SituationStable, "灾情稳定", DutyStart.SituationStable, RoleCapabilities.Decide),
        // N 6.2 "倒损住房恢复重建工作结束后": a fact the office learns from the county that organises the reconstruction (6.2 "由受灾县(市、区)
        // 人民政府负责组织实施"), recorded by whoever reports; taken on a closed incident too (Incident.RecordClockEvent).
        new(ReconstructionFinished, "倒损住房恢复重建工作结束", DutyStart.ReconstructionFinished, RoleCapabilities.Report),
        // C 4.2 "向上级指挥部移交现场指挥权" (and 4.3.3(3)⑤ "当上级指挥部接管现场指挥权后"): who commands on site from then on, a fact the office
        // learns, recorded by whoever reports. It starts no clock; the incident's onSiteCommand says who commands.
        new(CommandHandover, "现场指挥权移交", null, RoleCapabilities.Report),
    ];

    /// <summary>
    /// Whether <paramref name="plan"/> has anything that <paramref name="kind"/> starts or ends: a duty whose clock it starts (a city request
    /// starts R 5.1.1 / C 4.1(二)'s 30-minute verification), the cadence it changes (特殊情况每2小时续报), or the repeating duty it ends
    /// (灾情稳定), or the command on site it hands over (C 4.2). The end of handling always counts: every plan's 终报 and after-handling work follow it. A kind that does none of these
    /// means nothing under that plan: the natural-disaster plan has no verification on request, no special cadence and no arrival on site.
    /// </summary>
    public static bool AppliesTo(Plan plan, ClockEventKind kind)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(kind);
        return kind.Name switch
        {
            HandlingFinished => true,
            SpecialCircumstancesSet or SpecialCircumstancesCleared => plan.Obligations.Any(o => o.SpecialEvery is not null),
            SituationStable => plan.Obligations.Any(o => o.Start == DutyStart.SituationStable || o.Until == DutyEnd.SituationStable),
            // Only where the plan names who commands on site first (construction 4.2): there is a command to hand over.
            CommandHandover => plan.CommandFor(CommandScopes.OnSite) is not null,
            _ => kind.Starts is { } start && plan.Obligations.Any(o => o.Start == start),
        };
    }

    /// <summary>
    /// Who commands on site first where <paramref name="plan"/> names one (C 4.2 施工总承包单位项目负责人), without the plan's gloss in brackets:
    /// the one the first handover passes command on from; empty where the plan names nobody on site.
    /// </summary>
    public static string FirstOnSiteCommander(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.CommandFor(CommandScopes.OnSite) is { CommandedBy: var name } ? name.IndexOf('（', StringComparison.Ordinal) is var at and > 0 ? name[..at] : name : "";
    }

    /// <summary>The kind named <paramref name="name"/>, or null.</summary>
    public static ClockEventKind? Find(string? name) => All.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.Ordinal));
}
