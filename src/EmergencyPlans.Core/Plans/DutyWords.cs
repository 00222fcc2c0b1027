using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Core.Plans;

/// <summary>
/// How a duty is said to people, the one place for it: a decision card's hint, an incident's timeline, its overdue lines, the alerts
/// and a drill's after-action report all say a duty this way. The plan files give duties codes (<c>phone-report-to-city</c>,
/// <c>relief-supplies-county</c>), not names, and the codes are for machines; a person reads what is done and to whom, the
/// plan's own words for it, and for a repeating duty which period it is (第2期, where the key says <c>#2</c>). What is done is
/// <c>向{to}报告</c>, unless the plan file's <c>act</c> says otherwise in the plan's words (<c>通知市政府有关涉外部门</c>,
/// <c>报市级应急管理部门备案</c>: a notice or a filing is not a report), or a delivery's 调拨物资运抵{to}.
/// </summary>
public static partial class DutyWords
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
    /// The verbs by which the plans' duties are done other than by reporting (报告、上报、报送、续报…): a duty whose words use one of them
    /// says in its <c>act</c> what is done (<c>通知市政府有关涉外部门</c>, <c>报市级应急管理部门备案</c>), since 向…报告 would tell the
    /// officer to do something else; such a duty is done (已于…完成), not reported (ADR 0003). The plan loader reads the same list.
    /// </summary>
    public static IReadOnlyList<string> OtherVerbs { get; } = ["通知", "通报", "抄送", "抄报", "备案", "批准", "建议"];

    /// <summary>
    /// The verbs of work a duty's reporter does itself and reports to nobody: C 5.2 "市指挥部负责对事故应急救援情况进行总结,根据事故现场检测、
    /// 鉴定的数据,分析事故原因,评估事故应急响应情况" names no reader. An act may name them (<c>对事故应急救援情况进行总结，分析事故原因，评估事故应急响应情况</c>),
    /// and such a duty is done (已于…完成), not reported (ADR 0003). Unlike <see cref="OtherVerbs"/>, words that use them need no act: R 6.4
    /// "进行总结评估,形成事故专项报告,报本级人民政府…" is a report of the evaluation, said 向{to}报告 as before. 启动 (session 55): N 5.6
    /// "所涉及县(市、区)要立即启动自然灾害救助应急响应", the county's own act, which it reports to nobody in that sentence (ADR 0003 #70).
    /// 调查 and 演练 (session 61): the calendar duties' work, N 6.3 "每年9月下旬组织开展受灾群众冬春生活困难情况调查", C 7.3 "每3年至少进行一次
    /// 演练"; they were said 限时报告 (a drill facilitator's review, session 60, F10).
    /// </summary>
    public static IReadOnlyList<string> WorkVerbs { get; } = ["总结", "分析", "评估", "启动", "调查", "演练"];

    // Said at every duty entry of a timeline: one search, no allocation (a drill of a million injects says a duty per inject).
    private static readonly System.Buffers.SearchValues<string> OtherVerbSearch = System.Buffers.SearchValues.Create([.. OtherVerbs, .. WorkVerbs], StringComparison.Ordinal);

    /// <summary>The verbs of reporting the plans use (报告 and its kinds): with <see cref="OtherVerbs"/>, what an <c>act</c> may name.</summary>
    public static IReadOnlyList<string> ReportVerbs { get; } = ["报告", "上报", "报送", "续报", "直报", "补报", "汇报"];

    /// <summary><see cref="OtherVerbs"/>, <see cref="ReportVerbs"/> then <see cref="WorkVerbs"/>: every verb an <c>act</c> may name.</summary>
    public static IReadOnlyList<string> Verbs { get; } = [.. OtherVerbs, .. ReportVerbs, .. WorkVerbs];

    /// <summary>The verbs of <see cref="Verbs"/> that <paramref name="text"/> names, in list order.</summary>
    public static IEnumerable<string> VerbsIn(string text) => In(Verbs, text);

    /// <summary>The verbs of <see cref="OtherVerbs"/> that <paramref name="text"/> names, in list order: words that do a duty otherwise than by reporting.</summary>
    public static IEnumerable<string> OtherVerbsIn(string text) => In(OtherVerbs, text);

    /// <summary>Whether <paramref name="act"/> names work its reporter does itself (<see cref="WorkVerbs"/>): such a duty may name no reader (C 5.2).</summary>
    public static bool NamesWork(string act) => In(WorkVerbs, act).Any();

    private static IEnumerable<string> In(IReadOnlyList<string> verbs, string text) => verbs.Where(v => text.Contains(v, StringComparison.Ordinal));

    /// <summary>
    /// A duty of a plan as a hint says it, from the plan's data: when, and what is done to whom — <c>30分钟内向市委、市政府电话报告</c>,
    /// <c>每日向市委、市政府续报</c>, <c>及时通知市政府有关涉外部门</c>, <c>6小时内调拨物资运抵灾区</c>; a duty whose words carry no
    /// time word <c>向市安委会主任报告，时限（本预案未写明）</c>.
    /// </summary>
    public static string Said(ObligationRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.Calendar is { } calendar)
        {
            return CalendarSaid(rule, calendar);
        }

        var when = rule.Every is { } every ? (every == TimeSpan.FromDays(1) ? "每日" : "每" + Names.Chinese(every))
            : rule.Due is { } due ? $"{Names.Chinese(due)}内"
            : Names.ChineseTiming(AssessmentContract.Timing(rule.Timing), rule.Words);
        var what = Action(rule.To, rule.Act, IsDelivery(rule.Start)) is { Length: > 0 } action ? action : "报告";
        // No time word in the plan's words: what is done first, then that the plan states no time (向市安委会主任报告，时限（本预案未写明）).
        // An act that begins with its own time word (N 5.6 act 立即启动自然灾害救助应急响应) is said once: 立即立即启动 before (drill review s60, F10).
        return when == Names.UnstatedSaid ? $"{what}，{when}" : what.StartsWith(when, StringComparison.Ordinal) ? what : when + what;
    }

    /// <summary>
    /// A duty of the calendar (a survey each year, a drill every few years), which no incident starts: what is done, then when by the calendar —
    /// <c>组织开展受灾群众冬春生活困难情况调查，每年9月21日至9月30日</c> (N 6.3 "每年9月下旬"), <c>组织演练，每3年至少1次</c> (C 7.3 "每3年至少
    /// 进行一次演练"), <c>定期组织演练</c> (N 8.3 "定期组织演练", no period). Its timing is no report's deadline: it read 限时报告 before (drill
    /// review s60, F10).
    /// </summary>
    private static string CalendarSaid(ObligationRule rule, CalendarRule calendar)
    {
        var what = Action(rule.To, rule.Act, delivery: false) is { Length: > 0 } action ? action : "报告";
        var window = (calendar.From, calendar.By) switch
        {
            ({ } from, { } by) => $"{from.Month}月{from.Day}日至{by.Month}月{by.Day}日",
            (null, { } by) => $"{by.Month}月{by.Day}日前",
            ({ } from, null) => $"{from.Month}月{from.Day}日起",
            _ => "",
        };
        if (calendar.Every is null)
        {
            return "定期" + what + (window.Length > 0 ? "，" + window : "");
        }

        var years = calendar.Years ?? 0;
        var period = years switch { 0 => "每" + Names.Chinese(calendar.Every.Value), 1 => "每年", _ => $"每{years}年" };
        var times = years > 1 ? (rule.Words.Contains("至少", StringComparison.Ordinal) ? "至少1次" : "1次") : "";
        return $"{what}，{period}{window}{times}";
    }

    /// <summary>
    /// A duty as a hint lists it among those a higher grade brings, in the plan's words where its data says them less exactly: a repeating
    /// duty by the plan's own cadence (R 5.1.2 <c>每日至少续报1次</c>, <c>每4小时续报1次,特殊情况每2小时续报1次</c>, not
    /// <c>每日向市委、市政府报告</c>), and a duty due at once by the plan's time word (R 5.1.1 <c>随即</c>书面报告, not 立即). Else as
    /// <see cref="Said"/>.
    /// </summary>
    public static string Hinted(ObligationRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.Every is not null && Cadence().Match(rule.Words) is { Success: true } cadence)
        {
            return cadence.Value;
        }

        if (rule.Timing == ObligationTiming.Immediately && rule.Due is null && AtOnceWord(rule.Words) is { } word)
        {
            return word + (Action(rule.To, rule.Act, IsDelivery(rule.Start)) is { Length: > 0 } action ? action : "报告");
        }

        return Said(rule);
    }

    // ADR 0003 convention 2: the words the plans use for "at once" (timing immediately), the plan's own before ours.
    private static readonly string[] TimeWords = ["随即", "立即", "第一时间", "迅速", "同时"];

    /// <summary>
    /// The plan's own word for "at once" in <paramref name="words"/> (N 4.1.3 "应第一时间……报告": 第一时间; R 5.1.1 随即), the first of the plans'
    /// words for it (ADR 0003 convention 2); null when the words use none.
    /// </summary>
    public static string? AtOnceWord(string words)
    {
        ArgumentNullException.ThrowIfNull(words);
        return Array.Find(TimeWords, w => words.Contains(w, StringComparison.Ordinal));
    }

    // "每日至少续报1次", "每4小时续报1次,特殊情况每2小时续报1次", "每日向市安委办报告有关情况": from 每 to the end of the clause, with a
    // special-circumstances cadence that follows it.
    [System.Text.RegularExpressions.GeneratedRegex(@"每(?:日|天|\d+小时)[^,，;；。]*(?:[,，]特殊情况[^,，;；。]*)?")]
    private static partial System.Text.RegularExpressions.Regex Cadence();

    /// <summary>
    /// An incident's duty as people name it: what is done and to whom, the period of a repeating duty, and the plan's words —
    /// <c>向市委、市政府续报（第2期）：“较大以上道路交通安全突发事件每日至少续报1次”</c>,
    /// <c>通知市政府有关涉外部门：“事故伤亡、失踪、被困人员有港澳台或外国人员时,市指挥部要及时通知市政府有关涉外部门”</c>,
    /// <c>调拨物资运抵灾区：“确保接到调拨指令后,首批救灾物资县级6小时……运抵灾区”</c>.
    /// </summary>
    /// <param name="to">To whom, in the plan's words; empty when to nobody (a drill the plan asks for).</param>
    /// <param name="act">What is done and to whom where it is not a plain report (the plan's <c>act</c>, kept by the duty's event); null
    /// for <c>向{to}报告</c>, as for every duty raised before the plans said it.</param>
    /// <param name="start">What started its clock, as events spell it (<c>dispatch-order</c>).</param>
    /// <param name="words">The plan's words for it.</param>
    /// <param name="key">Its key in the incident (<c>continuation-report#2</c>): the number of its period.</param>
    /// <param name="every">Its repeat period (ISO 8601), null when it does not repeat: only a repeating duty has periods.</param>
    /// <param name="county">The county the instance is owed by or for, for a duty owed once per county (N 5.6): named first, as the one who
    /// does it, <c>高平市立即启动自然灾害救助应急响应：“所涉及县(市、区)要立即启动自然灾害救助应急响应”</c>; null for any other duty.</param>
    public static DutyName Of(string? to, string? act, string? start, string words, string key, string? every, string? county = null)
    {
        var delivery = IsDelivery(start);
        var action = county is null ? Action(to, act, delivery) : county + Action(to, act, delivery);
        var brief = every is null ? action : $"{action}（第{DutyNames.Instance(key).ToString(System.Globalization.CultureInfo.InvariantCulture)}期）";
        // A duty that does not repeat is named by its rule alone: one text per recipient and words, as 向{to}报告 is one per recipient.
        var full = every is null ? Named.GetOrAdd((brief, words), static k => Full(k.Brief, k.Words)) : Full(brief, words);
        return new DutyName(brief, full, Deed(act, start));

        static string Full(string brief, string words) => brief.Length == 0 ? $"“{words}”" : $"{brief}：“{words}”";
    }

    /// <summary>How a duty is done: delivered (a dispatch-order duty), done as its act says when that names a verb other than reporting
    /// (<see cref="OtherVerbs"/>: 通知, 通报, 备案…; <see cref="WorkVerbs"/>: 总结, 分析, 评估), else reported. An act that is first a report,
    /// with a proposal or a notice joined to it, is a report: C 4.3.1(2) "经预判后向市指挥部报告,提出启动Ⅲ级响应建议", N 5.3.3(1)
    /// "有关情况及时上报市安委会主任并通报有关成员单位" (未报, 迟报, 已报告, not 未完成); one that begins with another verb is done as it says
    /// (N 5.6 "向相关县(市、区)通报并上报省应急管理厅").</summary>
    /// <param name="act">The duty's act; null for 向{to}报告.</param>
    /// <param name="start">Its start, as events spell it.</param>
    public static DutyDeed Deed(string? act, string? start) =>
        IsDelivery(start) ? DutyDeed.Delivery
        : act is not null && act.AsSpan().ContainsAny(OtherVerbSearch) && !FirstIsReport(act) ? DutyDeed.Other
        : DutyDeed.Report;

    /// <summary>True when the first verb <paramref name="act"/> names is a report's (<see cref="ReportVerbs"/>: 报告, 上报…).</summary>
    public static bool FirstIsReport(string? act)
    {
        if (string.IsNullOrEmpty(act))
        {
            return false;
        }

        var first = Verbs.Select(v => (Verb: v, At: act.IndexOf(v, StringComparison.Ordinal))).Where(x => x.At >= 0)
            .OrderBy(x => x.At).ThenByDescending(x => x.Verb.Length).FirstOrDefault();
        return first.Verb is not null && ReportVerbs.Contains(first.Verb, StringComparer.Ordinal);
    }

    /// <inheritdoc cref="Deed(string?, string?)"/>
    public static DutyDeed Deed(ObligationRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return Deed(rule.Act, DutyNames.Of(rule.Start));
    }

    /// <summary>What is done and to whom: <c>向市委、市政府报告</c>, the plan's <c>act</c> (<c>通知市政府有关涉外部门</c>), <c>调拨物资运抵灾区</c>;
    /// empty for a report to nobody.</summary>
    private static string Action(string? to, string? act, bool delivery) =>
        delivery ? $"调拨物资运抵{to}" : !string.IsNullOrEmpty(act) ? act : string.IsNullOrEmpty(to) ? "" : ReportTo.GetOrAdd(to, static t => $"向{t}报告");

    // 向{to}报告 by recipient: the plans name a few dozen, and every duty's timeline text asked for the same string anew.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> ReportTo = new(StringComparer.Ordinal);

    // A non-repeating duty's name by what is done and the plan's words: the plans' rules hold a few hundred. Every instance of a duty (each
    // request to verify, each 立即续报) was named anew wherever it was said, and a drill's report kept one copy of the text per duty.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Brief, string Words), string> Named = new();
}

/// <summary>How a duty is done: reported (报告), delivered (运抵), or otherwise done as its act says (通知, 通报, 备案…).</summary>
public enum DutyDeed
{
    /// <summary>向…报告, and the plan's acts that are reports (电话报告, 上报, 汇报…).</summary>
    Report,

    /// <summary>Supplies delivered (运抵): <see cref="DutyWords.IsDelivery(DutyStart)"/>.</summary>
    Delivery,

    /// <summary>An act whose verb is not a report (<see cref="DutyWords.OtherVerbs"/>, <see cref="DutyWords.WorkVerbs"/>): 通知, 通报, 抄送, 备案, 总结…</summary>
    Other,
}

/// <summary>A duty as people name it (<see cref="DutyWords.Of"/>).</summary>
/// <param name="Brief">What is done and to whom, with the period of a repeating duty, for a title or a chart's label: <c>向市委、市政府续报（第2期）</c>.</param>
/// <param name="Full">With the plan's words: <c>向市委、市政府续报（第2期）：“较大以上道路交通安全突发事件每日至少续报1次”</c>.</param>
/// <param name="Deed">How it is done: reported, delivered (运抵), or done as its act says (通知, 通报, 备案…).</param>
public readonly record struct DutyName(string Brief, string Full, DutyDeed Deed)
{
    /// <summary>
    /// <see cref="Full"/> where instances of a duty stand side by side (a drill report's duty table and chart lanes): a later instance of a
    /// duty that does not repeat (a second 立即续报 on another casualty change, a second request to verify: key <c>#2</c>) with its number,
    /// <c>向市委、市政府报告（第2次）：“…”</c>; they read alike there (a drill facilitator's review, D12). A period already has its number (第2期), a
    /// first instance needs none. Elsewhere (timelines, actions) the shared <see cref="Full"/> is said: one text for thousands of instances.
    /// </summary>
    /// <param name="instance">Which instance of this duty it is, counted among the incident's duties of the same code and clause: not the
    /// key's number, which counts the code across clauses (N 5.3.3(1)'s report to the 市安委会主任 after 5.4.3(1)'s to the 副主任, one code:
    /// it read （第2次）, a first report; a facilitator's review, session 54).</param>
    /// <param name="every">Its repeat period; null when it does not repeat.</param>
    public string Listed(int instance, string? every)
    {
        return every is not null || instance < 2 || Brief.Length == 0
            ? Full
            : $"{Brief}（第{instance.ToString(System.Globalization.CultureInfo.InvariantCulture)}次）{Full[Brief.Length..]}";
    }

    /// <summary>True for a delivery (运抵), false otherwise (<see cref="DutyWords.IsDelivery(DutyStart)"/>).</summary>
    public bool Delivery => Deed == DutyDeed.Delivery;

    /// <summary>Doing it: 报告, 运抵 for a delivery (已于…运抵), 完成 for a duty done otherwise (已于…完成: a notice is not a report).</summary>
    public string Done => Deed switch { DutyDeed.Delivery => "运抵", DutyDeed.Other => "完成", _ => "报告" };

    /// <summary>Not done by its time: 未报, 未运抵, or 未完成.</summary>
    public string NotDone => Deed switch { DutyDeed.Delivery => "未运抵", DutyDeed.Other => "未完成", _ => "未报" };

    /// <summary>Done after its time: 迟报, 逾时运抵, or 逾时完成.</summary>
    public string Late => Deed switch { DutyDeed.Delivery => "逾时运抵", DutyDeed.Other => "逾时完成", _ => "迟报" };

    public override string ToString() => Full;
}
