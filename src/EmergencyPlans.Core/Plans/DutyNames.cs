namespace EmergencyPlans.Core.Plans;

/// <summary>How plan files, events and the API spell the duty model's kinds: one table each, read both ways.</summary>
public static class DutyNames
{
    private static readonly (DutyStart Value, string Name, string Label)[] Starts =
    [
        (DutyStart.Occurrence, "occurrence", "事发后"),
        (DutyStart.Receipt, "receipt", "接报后"),
        (DutyStart.Activation, "activation", "启动响应后"),
        (DutyStart.CityRequest, "city-request", "市委、市政府要求核实后"),
        (DutyStart.DispatchOrder, "dispatch-order", "接到调拨指令后"),
        (DutyStart.Arrival, "arrival", "到达现场后"),
        (DutyStart.PreviousReport, "previous-report", "前一报告后"),
        (DutyStart.HandlingFinished, "handling-finished", "处置结束后"),
        (DutyStart.Termination, "termination", "响应终止后"),
        (DutyStart.CasualtyChange, "casualty-change", "伤亡人数变化后"),
        (DutyStart.Calendar, "calendar", "按年度或周期"),
        (DutyStart.SituationStable, "situation-stable", "灾情稳定后"),
        (DutyStart.WarningIssued, "warning-issued", "发布预警后"),
        (DutyStart.ReconstructionFinished, "reconstruction-finished", "倒损住房恢复重建工作结束后"),
        (DutyStart.Proposal, "proposal", "提出启动响应建议后"),
    ];

    private static readonly (DutyEnd Value, string Name, string Label)[] Ends =
    [
        (DutyEnd.FinalReport, "final-report", "至终报"),
        (DutyEnd.SituationStable, "situation-stable", "至灾情稳定"),
    ];

    // No label: nothing says how a duty is met in words of its own (DutyWords says the deed).
    private static readonly (DutyMetBy Value, string Name, string? Label)[] MetBys =
    [
        (DutyMetBy.Recording, "recording", null),
        (DutyMetBy.ContinuationReport, "continuation-report", null),
        (DutyMetBy.FinalReport, "final-report", null),
        (DutyMetBy.ResponseProposal, "response-proposal", null),
        (DutyMetBy.CountyResponseActivated, "county-response-activated", null),
        (DutyMetBy.ResponseDecision, "response-decision", null),
    ];

    // Looked up by a loop over the table, not First with a lambda: every command asks these several times (each duty's names,
    // its timeline text), and a lambda capturing the value allocated a closure and an enumerator per call.
    public static string Of(DutyStart start) => Starts[IndexOf(Starts, start)].Name;

    public static string Label(DutyStart start) => Starts[IndexOf(Starts, start)].Label;

    public static string Of(DutyEnd end) => Ends[IndexOf(Ends, end)].Name;

    public static string Label(DutyEnd end) => Ends[IndexOf(Ends, end)].Label;

    public static string Of(DutyMetBy metBy) => MetBys[IndexOf(MetBys, metBy)].Name;

    private static int IndexOf<T, TLabel>((T Value, string Name, TLabel Label)[] table, T value)
        where T : struct, Enum
    {
        for (var i = 0; i < table.Length; i++)
        {
            if (EqualityComparer<T>.Default.Equals(table[i].Value, value))
            {
                return i;
            }
        }

        throw new InvalidOperationException("Sequence contains no matching element");
    }

    /// <summary>
    /// Whether a duty whose clock starts at <paramref name="start"/> (as events spell it) is work after handling: it starts when handling ends,
    /// the response ends or the situation becomes stable (R 6.4 总结评估形成事故专项报告, C 5.1 善后处理意见, N 终止通知, N 5.2.3(9) 灾情稳定后…
    /// 及时将评估结果报送). Such work is owed after the close; an untimed duty of any other start, never done when the incident closes, ends as
    /// never done (ADR 0003, duties without a due time when the incident closes), and a drill that ends first reads it the same way.
    /// </summary>
    public static bool IsAfterHandling(string start) =>
        start == Of(DutyStart.HandlingFinished) || start == Of(DutyStart.Termination) || start == Of(DutyStart.SituationStable)
        || start == Of(DutyStart.ReconstructionFinished);

    /// <summary>
    /// The key of an incident's <paramref name="n"/>-th duty of <paramref name="code"/> (1-based): the code for the first, <c>code#n</c>
    /// after it (<c>continuation-report#2</c>). Keys are in events and the API; a person reads the number as 第n期 (<see cref="DutyWords"/>).
    /// </summary>
    public static string Key(string code, int n) => n <= 1 ? code : $"{code}#{n.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>
    /// The code of a duty's key (<see cref="Key"/> read back): <c>continuation-report</c> for <c>continuation-report#2</c> and for itself. The one
    /// place a key is split (a drill script names a duty by its key; the reader, the runner and the evaluation each split it on their own).
    /// </summary>
    public static string CodeOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var hash = key.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? key : key[..hash];
    }

    /// <summary>Which of its code's duties <paramref name="key"/> is (1-based): 2 for <c>continuation-report#2</c>, 1 for the bare code.</summary>
    public static int Instance(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var hash = key.LastIndexOf('#');
        return hash >= 0 && int.TryParse(key.AsSpan(hash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 1;
    }

    public static IEnumerable<string> StartNames => Starts.Select(s => s.Name);

    public static IEnumerable<string> EndNames => Ends.Select(e => e.Name);

    public static IEnumerable<string> MetByNames => MetBys.Select(m => m.Name);

    // Read from the tables themselves: every duty's timeline text asks (DutyWords.IsDelivery), and a Select made an iterator per call.
    public static bool TryParse(string? name, out DutyStart start) => TryFind(Starts, name, out start);

    public static bool TryParse(string? name, out DutyEnd end) => TryFind(Ends, name, out end);

    public static bool TryParse(string? name, out DutyMetBy metBy) => TryFind(MetBys, name, out metBy);

    private static bool TryFind<T, TLabel>((T Value, string Name, TLabel Label)[] table, string? name, out T value)
        where T : struct, Enum
    {
        foreach (var (v, n, _) in table)
        {
            if (string.Equals(n, name, StringComparison.Ordinal))
            {
                value = v;
                return true;
            }
        }

        value = default;
        return false;
    }
}
