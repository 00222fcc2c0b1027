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
    private readonly Dictionary<string, ObligationEntry> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ObligationEntry>> _byCode = new(StringComparer.Ordinal);

    // For an instance of 每日至少续报1次, the first of the run of daily instances before it and the days those instances stand for
    // (Incident.DayStart): a run only grows at its end, so each instance's is worked out once, from the one before it. Dropped when a
    // duty's cadence or rule changes (a daily 续报 that the grade makes 4-hourly), which may end a run or start one.
    private readonly Dictionary<ObligationEntry, (ObligationEntry? First, TimeSpan Days)> _dailyRuns = new(ReferenceEqualityComparer.Instance);

    // The owed duties in raise order: a duty is owed from when it is raised until it is met or ended, never again after,
    // so it is appended once and removed once. Lists rather than sorted sets: an incident owes tens of duties at a time
    // (thousands over its life), and walking a list allocates nothing.
    private readonly List<ObligationEntry> _owed = [];
    private readonly Dictionary<string, List<ObligationEntry>> _owedByCode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ObligationEntry>> _owedByReport = new(StringComparer.Ordinal);

    // The owed instances of repeating duties (每日/每4小时续报…): a few at a time, looked at by every command to record the periods
    // that passed unmet, while the other owed duties can be hundreds (a drill's requests to verify, each answered a minute later).
    private readonly List<ObligationEntry> _owedRepeating = [];

    // Owed duties by due time. An entry whose duty was met, ended or moved stays until it reaches the top and is dropped there.
    private readonly PriorityQueue<ObligationEntry, DateTimeOffset> _dueTimes = new();

    // The lists are handed out as lists, so that a caller's foreach walks them with the list's own enumerator: through
    // IReadOnlyList it was boxed, an allocation per loop, and a command loops over them several times. Callers only read them.
    private static readonly List<ObligationEntry> None = [];

    public ObligationIndex(IReadOnlyList<ObligationEntry> obligations)
    {
        foreach (var duty in obligations)
        {
            Raised(duty);
        }
    }

    /// <summary>A duty was added to the end of the incident's list.</summary>
    public void Raised(ObligationEntry duty)
    {
        _byKey[duty.Key] = duty;
        Add(_byCode, duty.Code, duty);
        // Where it is in its code's list, kept on the duty: the instance before a repeating duty's is found from there, not by walking the
        // list from its end. A map from each duty to its place hashed every duty raised for the few that repeat (ADR 0007).
        duty.CodePosition = _byCode[duty.Code].Count - 1;
        if (duty.Clock.State != ObligationState.Due)
        {
            return;
        }

        _owed.Add(duty);
        if (duty.Every is not null)
        {
            _owedRepeating.Add(duty);
        }

        Add(_owedByCode, duty.Code, duty);
        if (duty.MetByReport is { } report)
        {
            Add(_owedByReport, report, duty);
        }

        if (duty.Clock.DueAt is { } due)
        {
            _dueTimes.Enqueue(duty, due);
        }
    }

    /// <summary>A duty's clock changed: met, ended, or its due time moved.</summary>
    public void ClockChanged(ObligationEntry duty)
    {
        if (duty.Clock.State == ObligationState.Due)
        {
            if (duty.Clock.DueAt is { } due)
            {
                _dueTimes.Enqueue(duty, due);
            }

            // A rescheduled duty may start or stop repeating (a daily 续报 that the grade makes 4-hourly keeps repeating; the rule's
            // cadence is what the event carries): rare, so the list is made again from the owed ones, which keeps their raise order.
            if ((duty.Every is not null) != _owedRepeating.Contains(duty))
            {
                _owedRepeating.Clear();
                _owedRepeating.AddRange(_owed.Where(o => o.Every is not null));
            }

            return;
        }

        // A duty that was not owed may change too: a met one is judged again when the occurrence time is corrected. Built from the
        // state, the index then has no owed list for its code (a KeyNotFoundException stopped the correction: a 500 over REST).
        _owed.Remove(duty);
        _owedRepeating.Remove(duty);
        if (_owedByCode.TryGetValue(duty.Code, out var ofCode))
        {
            ofCode.Remove(duty);
        }

        if (duty.MetByReport is { } report && _owedByReport.TryGetValue(report, out var ofReport))
        {
            ofReport.Remove(duty);
        }
    }

    private static void Add(Dictionary<string, List<ObligationEntry>> lists, string key, ObligationEntry duty)
    {
        if (!lists.TryGetValue(key, out var list))
        {
            lists[key] = list = [];
        }

        list.Add(duty);
    }

    /// <summary>The duty with this key, or null.</summary>
    public ObligationEntry? Find(string key) => _byKey.GetValueOrDefault(key);

    /// <summary>How many duties with this code were ever raised.</summary>
    public int Count(string code) => _byCode.TryGetValue(code, out var all) ? all.Count : 0;

    /// <summary>Every duty with this code, in the order raised.</summary>
    public List<ObligationEntry> WithCode(string code) => _byCode.TryGetValue(code, out var all) ? all : None;

    /// <summary>Where <paramref name="duty"/> is in <see cref="WithCode"/>'s list of its code; -1 when it is not there.</summary>
    public int Position(ObligationEntry duty) =>
        duty.CodePosition is var at && at >= 0 && _byCode.TryGetValue(duty.Code, out var all) && at < all.Count && ReferenceEquals(all[at], duty) ? at : -1;

    /// <summary>The run of daily instances before <paramref name="duty"/> as last worked out (see <see cref="_dailyRuns"/>), if it was.</summary>
    public bool TryDailyRun(ObligationEntry duty, out (ObligationEntry? First, TimeSpan Days) run) => _dailyRuns.TryGetValue(duty, out run);

    /// <summary>Keeps the run of daily instances before <paramref name="duty"/>.</summary>
    public void DailyRun(ObligationEntry duty, (ObligationEntry? First, TimeSpan Days) run) => _dailyRuns[duty] = run;

    /// <summary>A duty's cadence, clause or words changed: which instances run daily may have changed, so every run is worked out again.</summary>
    public void CadenceChanged() => _dailyRuns.Clear();

    /// <summary>The duties still owed, in the order raised. Copy before raising events that change them.</summary>
    public List<ObligationEntry> Owed => _owed;

    /// <summary>The instances of repeating duties still owed, in the order raised. Copy before raising events that change them.</summary>
    public List<ObligationEntry> OwedRepeating => _owedRepeating;

    /// <summary>The duties with this code still owed, in the order raised.</summary>
    public List<ObligationEntry> OwedWithCode(string code) => _owedByCode.TryGetValue(code, out var owed) ? owed : None;

    /// <summary>The duties still owed that a report of this kind meets (continuation-report, final-report), in the order raised.</summary>
    public List<ObligationEntry> OwedMetBy(string report) => _owedByReport.TryGetValue(report, out var owed) ? owed : None;

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
