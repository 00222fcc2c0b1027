using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Core.Plans;

/// <summary>
/// How a duty is said to people, the one place for it: a decision card's hint, an incident's timeline, its overdue lines, the alerts
/// and a drill's after-action report all say a duty this way. The plan files give duties codes (<c>phone-report-to-city</c>,
/// <c>relief-supplies-county</c>), not names, and the codes are for machines; a person reads what is done and to whom, the
/// plan's own words for it, and for a repeating duty which period it is (第2期, where the key says <c>#2</c>).
/// </summary>
public static class DutyWords
{
    /// <summary>
    /// True when the duty is a delivery, not a report: its clock starts at a dispatch order (接到调拨指令后). The supplies ordered are
    /// owed to the place (首批救灾物资……运抵灾区, notice (十九)), so it is done by 运抵, never by 报告 (ADR 0003). The start is the
    /// model's own kind, checked by the plan loader; the addressee (灾区) and the words are text the city may reword.
    /// </summary>
    public static bool IsDelivery(DutyStart start) => start == DutyStart.DispatchOrder;

    /// <inheritdoc cref="IsDelivery(DutyStart)"/>
    /// <param name="start">The start as events and the API spell it (<c>dispatch-order</c>).</param>
    public static bool IsDelivery(string? start) => DutyNames.TryParse(start, out DutyStart s) && IsDelivery(s);

    /// <summary>
    /// A duty of a plan as a hint says it, from the plan's data: when, and what is done to whom — <c>30分钟内向市委、市政府报告</c>,
    /// <c>每日向市委、市政府报告</c>, <c>立即向上级值班室报告</c>, <c>6小时内调拨物资运抵灾区</c>.
    /// </summary>
    public static string Said(ObligationRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var when = rule.Every is { } every ? (every == TimeSpan.FromDays(1) ? "每日" : "每" + Names.Chinese(every))
            : rule.Due is { } due ? $"{Names.Chinese(due)}内"
            : Names.ChineseTiming(AssessmentContract.Timing(rule.Timing));
        return when + (Action(rule.To, IsDelivery(rule.Start)) is { Length: > 0 } action ? action : "报告");
    }

    /// <summary>
    /// An incident's duty as people name it: what is done and to whom, the period of a repeating duty, and the plan's words —
    /// <c>向市委、市政府报告（第2期）：“较大以上道路交通安全突发事件每日至少续报1次”</c>,
    /// <c>调拨物资运抵灾区：“确保接到调拨指令后,首批救灾物资县级6小时……运抵灾区”</c>.
    /// </summary>
    /// <param name="to">To whom, in the plan's words; empty when to nobody (a drill the plan asks for).</param>
    /// <param name="start">What started its clock, as events spell it (<c>dispatch-order</c>).</param>
    /// <param name="words">The plan's words for it.</param>
    /// <param name="key">Its key in the incident (<c>continuation-report#2</c>): the number of its period.</param>
    /// <param name="every">Its repeat period (ISO 8601), null when it does not repeat: only a repeating duty has periods.</param>
    public static DutyName Of(string? to, string? start, string words, string key, string? every)
    {
        var delivery = IsDelivery(start);
        var action = Action(to, delivery);
        var brief = every is null ? action : $"{action}（第{DutyNames.Instance(key).ToString(System.Globalization.CultureInfo.InvariantCulture)}期）";
        return new DutyName(brief, brief.Length == 0 ? $"“{words}”" : $"{brief}：“{words}”", delivery);
    }

    /// <summary>What is done and to whom: <c>向市委、市政府报告</c>, <c>调拨物资运抵灾区</c>; empty for a report to nobody.</summary>
    private static string Action(string? to, bool delivery) =>
        delivery ? $"调拨物资运抵{to}" : string.IsNullOrEmpty(to) ? "" : $"向{to}报告";
}

/// <summary>A duty as people name it (<see cref="DutyWords.Of"/>).</summary>
/// <param name="Brief">What is done and to whom, with the period of a repeating duty, for a title or a chart's label: <c>向市委、市政府报告（第2期）</c>.</param>
/// <param name="Full">With the plan's words: <c>向市委、市政府报告（第2期）：“较大以上道路交通安全突发事件每日至少续报1次”</c>.</param>
/// <param name="Delivery">True for a delivery (运抵), false for a report (<see cref="DutyWords.IsDelivery(DutyStart)"/>).</param>
public readonly record struct DutyName(string Brief, string Full, bool Delivery)
{
    /// <summary>Doing it: 报告, or 运抵 for a delivery (已于…运抵).</summary>
    public string Done => Delivery ? "运抵" : "报告";

    /// <summary>Not done by its time: 未报, or 未运抵.</summary>
    public string NotDone => Delivery ? "未运抵" : "未报";

    /// <summary>Done after its time: 迟报, or 逾时运抵.</summary>
    public string Late => Delivery ? "逾时运抵" : "迟报";

    public override string ToString() => Full;
}
