using EmergencyPlans.Core.Lifecycles;

namespace EmergencyPlans.Core.Incidents;

/// <summary>
/// An incident's duties, looked up without walking them all: by key, by code, the ones still owed (in the order they
/// were raised, as the list holds them), and the earliest due time among those. Built from the state when a command
/// first needs it, then kept in step by <see cref="Incident"/>'s <c>Apply</c>, so a command costs the same on an
/// incident's thousandth duty as on its first: a long incident or a long drill raises many (every request to verify,
/// every repeating report), and a walk per command made their cost grow with their square.
/// </summary>
internal sealed class ObligationIndex
{
    private readonly Dictionary<string, (int Ordinal, ObligationEntry Entry)> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ObligationEntry>> _byCode = new(StringComparer.Ordinal);
    private readonly SortedDictionary<int, ObligationEntry> _owed = [];
    private readonly Dictionary<string, SortedDictionary<int, ObligationEntry>> _owedByCode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedDictionary<int, ObligationEntry>> _owedByReport = new(StringComparer.Ordinal);

    // Owed duties by due time. An entry whose duty was met, ended or moved stays until it reaches the top and is dropped there.
    private readonly PriorityQueue<ObligationEntry, DateTimeOffset> _dueTimes = new();

    public ObligationIndex(IReadOnlyList<ObligationEntry> obligations)
    {
        for (var i = 0; i < obligations.Count; i++)
        {
            Raised(obligations[i], i);
        }
    }

    /// <summary>A duty was added at position <paramref name="ordinal"/> of the incident's list.</summary>
    public void Raised(ObligationEntry duty, int ordinal)
    {
        _byKey[duty.Key] = (ordinal, duty);
        if (!_byCode.TryGetValue(duty.Code, out var all))
        {
            _byCode[duty.Code] = all = [];
        }

        all.Add(duty);
        ClockChanged(duty);
    }

    /// <summary>A duty's clock changed: met, ended, or its due time moved.</summary>
    public void ClockChanged(ObligationEntry duty)
    {
        var ordinal = _byKey[duty.Key].Ordinal;
        var owed = duty.Clock.State == ObligationState.Due;
        Set(_owed, ordinal, duty, owed);
        Set(_owedByCode, duty.Code, ordinal, duty, owed);
        if (duty.MetByReport is { } report)
        {
            Set(_owedByReport, report, ordinal, duty, owed);
        }

        if (owed && duty.Clock.DueAt is { } due)
        {
            _dueTimes.Enqueue(duty, due);
        }
    }

    private static void Set(Dictionary<string, SortedDictionary<int, ObligationEntry>> sets, string key, int ordinal, ObligationEntry duty, bool owed)
    {
        if (!sets.TryGetValue(key, out var set))
        {
            if (!owed)
            {
                return;
            }

            sets[key] = set = [];
        }

        Set(set, ordinal, duty, owed);
    }

    private static void Set(SortedDictionary<int, ObligationEntry> set, int ordinal, ObligationEntry duty, bool owed)
    {
        if (owed)
        {
            set[ordinal] = duty;
        }
        else
        {
            set.Remove(ordinal);
        }
    }

    /// <summary>The duty with this key, or null.</summary>
    public ObligationEntry? Find(string key) => _byKey.TryGetValue(key, out var hit) ? hit.Entry : null;

    /// <summary>How many duties with this code were ever raised.</summary>
    public int Count(string code) => _byCode.TryGetValue(code, out var all) ? all.Count : 0;

    /// <summary>Every duty with this code, in the order raised.</summary>
    public IReadOnlyList<ObligationEntry> WithCode(string code) => _byCode.TryGetValue(code, out var all) ? all : [];

    /// <summary>The duties still owed, in the order raised. Copy before raising events that change them.</summary>
    public IEnumerable<ObligationEntry> Owed => _owed.Values;

    /// <summary>The duties with this code still owed, in the order raised.</summary>
    public IEnumerable<ObligationEntry> OwedWithCode(string code) =>
        _owedByCode.TryGetValue(code, out var owed) ? owed.Values : [];

    /// <summary>The duties still owed that a report of this kind meets (continuation-report, final-report), in the order raised.</summary>
    public IEnumerable<ObligationEntry> OwedMetBy(string report) =>
        _owedByReport.TryGetValue(report, out var owed) ? owed.Values : [];

    /// <summary>The earliest due time among the duties still owed that have one.</summary>
    public DateTimeOffset? NextDueAt
    {
        get
        {
            while (_dueTimes.TryPeek(out var duty, out var due))
            {
                if (duty.Clock.State == ObligationState.Due && duty.Clock.DueAt == due)
                {
                    return due;
                }

                _dueTimes.Dequeue();
            }

            return null;
        }
    }
}
