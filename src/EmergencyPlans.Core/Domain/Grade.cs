namespace EmergencyPlans.Core.Domain;

/// <summary>Severity grade of an accident (事故等级), least severe first.</summary>
public enum Grade
{
    /// <summary>一般</summary>
    Ordinary = 0,
    /// <summary>较大</summary>
    RelativelySerious = 1,
    /// <summary>重大</summary>
    Serious = 2,
    /// <summary>特别重大</summary>
    EspeciallySerious = 3,
}

/// <summary>Response level. The numeric value orders severity: Ⅰ is the most severe.</summary>
public enum ResponseLevel
{
    IV = 1,
    III = 2,
    II = 3,
    I = 4,
}

/// <summary>Environmental pollution caused by a hazardous-goods vehicle (road 5.3.1(2), 5.3.2(2)).</summary>
public enum Pollution
{
    None = 0,
    /// <summary>可能造成一定环境污染</summary>
    Some = 1,
    /// <summary>可能造成较大环境污染</summary>
    Major = 2,
}

/// <summary>Colour of a warning, least severe first. Blue exists only for meteorological warnings.</summary>
public enum WarningColour
{
    Blue = 0,
    Yellow = 1,
    Orange = 2,
    Red = 3,
}

/// <summary>
/// What lowers the visibility a road report gives (road 4.3): the text's visibility rules name fog (4.3.1(1), 4.3.2(1) 浓雾; 4.3.3(1) 大雾)
/// and sandstorm (4.3.3(1) 特强沙尘暴) only. 浓雾 and 大雾 are one phenomenon, told apart by the visibility each rule gives
/// (docs/decisions/0003, #39).
/// </summary>
public enum VisibilityCause
{
    /// <summary>雾: 浓雾 (4.3.1(1), 4.3.2(1)) and 大雾 (4.3.3(1)).</summary>
    Fog = 0,

    /// <summary>沙尘暴: 4.3.3(1) 特强沙尘暴.</summary>
    Sandstorm = 1,
}

/// <summary>Spellings used in plan files and the REST contract.</summary>
public static class Names
{
    public static string Of(Grade grade) => grade switch
    {
        Grade.Ordinary => "ordinary",
        Grade.RelativelySerious => "relatively-serious",
        Grade.Serious => "serious",
        Grade.EspeciallySerious => "especially-serious",
        _ => throw new ArgumentOutOfRangeException(nameof(grade)),
    };

    public static string Chinese(Grade grade) => grade switch
    {
        Grade.Ordinary => "一般",
        Grade.RelativelySerious => "较大",
        Grade.Serious => "重大",
        Grade.EspeciallySerious => "特别重大",
        _ => throw new ArgumentOutOfRangeException(nameof(grade)),
    };

    public static string Of(ResponseLevel level) => level switch
    {
        ResponseLevel.I => "I",
        ResponseLevel.II => "II",
        ResponseLevel.III => "III",
        ResponseLevel.IV => "IV",
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    /// <summary>A duty's timing as the contract names it (fixed, immediately, promptly, on-completion), as the plans say it: 限时, 立即, 及时, 处置结束后.</summary>
    public static string ChineseTiming(string timing) => timing switch
    {
        "fixed" => "限时",
        "immediately" => "立即",
        "promptly" => "及时",
        "on-completion" => "处置结束后",
        _ => timing,
    };

    /// <summary>What <see cref="SetTimeLimit"/> reads as: the plan's words, and that it does not say the limit.</summary>
    public const string SetTimeLimitSaid = "规定时限内（本预案未写明）";

    /// <summary>The plan's words for a limit it refers to but does not state (N 4.1.3 "应在规定时限内…报告").</summary>
    public const string SetTimeLimit = "规定时限";

    /// <summary>
    /// A duty's timing as its own words say it: a duty without a figure whose words say "规定时限" (N 4.1.3 "应在规定时限内向本级党委和政府
    /// 及上级应急管理部门报告") reads 规定时限内（本预案未写明）, not 及时: the plan refers to a limit set elsewhere and does not state it.
    /// A <c>promptly</c> duty whose words carry no time word reads <see cref="UnstatedSaid"/> (<see cref="IsUnstated"/>); an <c>on-completion</c>
    /// duty whose words name the work it follows reads that work's end (<see cref="CompletedWork"/>). Otherwise as <see cref="ChineseTiming(string)"/>.
    /// </summary>
    public static string ChineseTiming(string timing, string? words) =>
        timing != "fixed" && words is not null && words.Contains(SetTimeLimit, StringComparison.Ordinal) ? SetTimeLimitSaid
        : IsUnstated(timing, words) ? UnstatedSaid
        : timing == "on-completion" && CompletedWork(words) is { } work ? work
        : ChineseTiming(timing);

    /// <summary>
    /// The work whose completion an <c>on-completion</c> duty follows when its words name one other than the handling: N 4.2.2 "会同相关部门
    /// 联合开展调查,并向本级党委和政府报告" reads 联合调查结束后 and N 6.2 "开展绩效评价,并将评价结果报市应急管理局" reads 绩效评价结束后,
    /// not 处置结束后. The contract's <c>timing</c> stays <c>on-completion</c>; only what people read changes (ADR 0003, "Upon completion of which work").
    /// </summary>
    private static string? CompletedWork(string? words) =>
        words is null ? null
        : words.Contains("联合开展调查", StringComparison.Ordinal) ? "联合调查结束后"
        : words.Contains("开展绩效评价", StringComparison.Ordinal) ? "绩效评价结束后"
        : null;

    /// <summary>The plans' word for "promptly" (<c>promptly</c>).</summary>
    public const string PromptlyWord = "及时";

    /// <summary>
    /// What a duty reads as when its words carry no time word (N 5.3.2 "决定启动Ⅲ级响应,并向市安委会主任报告", N 2.2(2) "发出启动、终止通知",
    /// R 5.3.2 响应措施(9) "向市委、市政府和上级有关部门报告现场情况和应急处置情况"): the plan does not say by when, so it is not said 及时.
    /// </summary>
    public const string UnstatedSaid = "时限（本预案未写明）";

    /// <summary><see cref="UnstatedSaid"/> where it stands in brackets already (a drill's verdict: 未报（本预案未写明时限）).</summary>
    public const string UnstatedPlain = "本预案未写明时限";

    /// <summary>
    /// True when a duty without a figure is <c>promptly</c> in the data (ADR 0003 convention 2: 及时, or no time word) and its words do not say
    /// 及时: the plan states no time for it. The contract's <c>timing</c> stays <c>promptly</c> (no clock is kept either way); only what people
    /// read changes. Words not recorded (an event written before duties carried them) read as before.
    /// </summary>
    public static bool IsUnstated(string timing, string? words) =>
        timing == "promptly" && words is not null && !words.Contains(PromptlyWord, StringComparison.Ordinal);

    /// <summary>A span of time as people in Jincheng say it: 30分钟, 4小时, 3天.</summary>
    public static string Chinese(TimeSpan span) =>
        span < TimeSpan.FromMinutes(1) ? $"{span.TotalSeconds:0}秒" : span.TotalMinutes < 60 ? $"{span.TotalMinutes:0}分钟" : span.TotalHours < 48 ? $"{span.TotalHours:0.#}小时" : $"{span.TotalDays:0.#}天";

    /// <summary>
    /// A span to the minute, as an evaluator reads how long a duty stood unmet: 45分钟, 2小时5分, 3小时 (<see cref="Chinese(TimeSpan)"/> rounds
    /// 2 h 5 min to 2.1小时).
    /// </summary>
    public static string ChineseToTheMinute(TimeSpan span)
    {
        var minutes = (long)Math.Floor(span.TotalMinutes);
        return minutes < 1 ? $"{span.TotalSeconds:0}秒"
            : minutes < 60 ? $"{minutes}分钟"
            : minutes % 60 == 0 ? $"{minutes / 60}小时"
            : $"{minutes / 60}小时{minutes % 60}分";
    }

    public static string Chinese(ResponseLevel level) => level switch
    {
        ResponseLevel.I => "Ⅰ级",
        ResponseLevel.II => "Ⅱ级",
        ResponseLevel.III => "Ⅲ级",
        ResponseLevel.IV => "Ⅳ级",
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    /// <summary>
    /// A change of level as people read it: Ⅲ级→Ⅱ级, or 无→Ⅱ级 when none was in force. A response decision's detail and an escalation
    /// alert both say it so; the decision's detail read III→II, the contract's letters in Chinese text (a natural-disaster duty officer's review).
    /// </summary>
    public static string ChineseChange(ResponseLevel? from, ResponseLevel to) => $"{(from is { } f ? Chinese(f) : "无")}→{Chinese(to)}";

    /// <summary>
    /// What a rise of the grade says of the level when Ⅰ is in force: the highest level of every plan (N 5 "其中Ⅰ级为最高级别"), so no level is left
    /// to review. The incident's escalation and the alert said 请复核响应级别和报告义务 of a 重大 declared at Ⅰ (a natural-disaster duty officer's
    /// review, session 61, ND-08).
    /// </summary>
    public const string TopLevelInForce = "Ⅰ级响应已在实施，为最高级别，无须调整响应级别";

    /// <summary>
    /// What a rise of the declared grade says of the level under a plan without a grade table (the natural-disaster plan: its levels are set
    /// by the figures, 5.1.1–5.4.1, and 重大/重特大 is the competent department's call, which changes the reporting, 4.1.3, 4.1.5, 4.2.1): no level
    /// to review. Below Ⅰ it still said 请复核响应级别和报告义务 (session 61, noted with ND-08).
    /// </summary>
    public const string LevelNotByDeclaredGrade = "本预案的响应级别按灾情数字确定，认定的灾害等级不改变响应级别，须落实其报告义务";

    /// <summary>A change of warning colour as people read it: 黄色→橙色, or 无→橙色 when none was set (a warning decision's detail).</summary>
    public static string ChineseChange(WarningColour? from, WarningColour to) => $"{(from is { } f ? Chinese(f) : "无")}→{Chinese(to)}";

    public static string Of(Pollution pollution) => pollution switch
    {
        Pollution.None => "none",
        Pollution.Some => "some",
        Pollution.Major => "major",
        _ => throw new ArgumentOutOfRangeException(nameof(pollution)),
    };

    /// <summary>As the road plan says it: 5.3.2(2) 可能造成一定环境污染, 5.3.1(2) 可能造成较大环境污染.</summary>
    public static string Chinese(Pollution pollution) => pollution switch
    {
        Pollution.None => "无",
        Pollution.Some => "一定",
        Pollution.Major => "较大",
        _ => throw new ArgumentOutOfRangeException(nameof(pollution)),
    };

    public static string Of(WarningColour colour) => colour switch
    {
        WarningColour.Blue => "blue",
        WarningColour.Yellow => "yellow",
        WarningColour.Orange => "orange",
        WarningColour.Red => "red",
        _ => throw new ArgumentOutOfRangeException(nameof(colour)),
    };

    public static string Chinese(WarningColour colour) => colour switch
    {
        WarningColour.Blue => "蓝色",
        WarningColour.Yellow => "黄色",
        WarningColour.Orange => "橙色",
        WarningColour.Red => "红色",
        _ => throw new ArgumentOutOfRangeException(nameof(colour)),
    };

    public static string Of(VisibilityCause cause) => cause switch
    {
        VisibilityCause.Fog => "fog",
        VisibilityCause.Sandstorm => "sandstorm",
        _ => throw new ArgumentOutOfRangeException(nameof(cause)),
    };

    /// <summary>As people name it; the fog's two words are the text's (浓雾 4.3.1(1)/4.3.2(1), 大雾 4.3.3(1)).</summary>
    public static string Chinese(VisibilityCause cause) => cause switch
    {
        VisibilityCause.Fog => "浓雾、大雾",
        VisibilityCause.Sandstorm => "沙尘暴",
        _ => throw new ArgumentOutOfRangeException(nameof(cause)),
    };

    /// <summary>
    /// The words the road plan uses for <paramref name="cause"/>, in the order a rule's words are searched for the one it says
    /// (<see cref="WordIn"/>).
    /// </summary>
    private static string[] PlanWords(VisibilityCause cause) => cause switch
    {
        VisibilityCause.Fog => ["浓雾", "大雾"],
        VisibilityCause.Sandstorm => ["特强沙尘暴", "沙尘暴"],
        _ => throw new ArgumentOutOfRangeException(nameof(cause)),
    };

    /// <summary>
    /// <paramref name="cause"/> as the rule's <paramref name="words"/> say it (4.3.1(1) "浓雾", 4.3.3(1) "大雾", "特强沙尘暴"); the first
    /// of its words when they say none.
    /// </summary>
    public static string WordIn(VisibilityCause cause, string words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var said = PlanWords(cause);
        return said.FirstOrDefault(w => words.Contains(w, StringComparison.Ordinal)) ?? said[0];
    }

    public static bool TryParseVisibilityCause(string? text, out VisibilityCause cause)
    {
        switch (text)
        {
            case "fog": cause = VisibilityCause.Fog; return true;
            case "sandstorm": cause = VisibilityCause.Sandstorm; return true;
            default: cause = default; return false;
        }
    }

    public static bool TryParseGrade(string? text, out Grade grade)
    {
        switch (text)
        {
            case "ordinary": grade = Grade.Ordinary; return true;
            case "relatively-serious": grade = Grade.RelativelySerious; return true;
            case "serious": grade = Grade.Serious; return true;
            case "especially-serious": grade = Grade.EspeciallySerious; return true;
            default: grade = default; return false;
        }
    }

    /// <summary>
    /// A level as the contract writes it (I, II, III, IV), or as the plans print it (Ⅰ, Ⅱ, Ⅲ, Ⅳ: U+2160–U+2163, what a duty officer
    /// copying from the plan types); always answered in the contract's letters.
    /// </summary>
    public static bool TryParseLevel(string? text, out ResponseLevel level)
    {
        switch (text)
        {
            case "I" or "Ⅰ": level = ResponseLevel.I; return true;
            case "II" or "Ⅱ": level = ResponseLevel.II; return true;
            case "III" or "Ⅲ": level = ResponseLevel.III; return true;
            case "IV" or "Ⅳ": level = ResponseLevel.IV; return true;
            default: level = default; return false;
        }
    }

    public static bool TryParsePollution(string? text, out Pollution pollution)
    {
        switch (text)
        {
            case "none": pollution = Pollution.None; return true;
            case "some": pollution = Pollution.Some; return true;
            case "major": pollution = Pollution.Major; return true;
            default: pollution = default; return false;
        }
    }

    public static bool TryParseColour(string? text, out WarningColour colour)
    {
        switch (text)
        {
            case "blue": colour = WarningColour.Blue; return true;
            case "yellow": colour = WarningColour.Yellow; return true;
            case "orange": colour = WarningColour.Orange; return true;
            case "red": colour = WarningColour.Red; return true;
            default: colour = default; return false;
        }
    }
}
