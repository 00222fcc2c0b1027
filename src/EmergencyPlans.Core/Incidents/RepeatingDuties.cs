using System.Xml;
using EmergencyPlans.Core.Lifecycles;
using EmergencyPlans.Core.Plans;

namespace EmergencyPlans.Core.Incidents;

/// <summary>
/// The periods of repeating duties (每日至少续报1次, 每4小时续报1次, 每日向市安委办报告): each instance of such a duty stands for one period,
/// the one that ends at its due time, and the period after it begins there (ADR 0003). 每日至少续报1次 is counted in days back to back from the
/// first, each met by its first 续报 and due a day after the last 续报 made before it (a later 续报 that day moves it: obligation-rescheduled).
/// </summary>
/// <remarks>
/// <para>Each period owes a report of its own, so a period that passes unmet is owed (and overdue) with its own due time, however many
/// pass before the office reports. The passing of time writes nothing (docs/events.md): a read derives the periods passed since the
/// latest instance (<see cref="PassedPeriods"/>), and the next command on the incident raises them (<c>obligation-raised</c>), with the
/// keys a read showed, before it does anything else.</para>
/// <para>A chain is the instances of one duty: the same code, in the order raised. Rules that share a code are one duty (the most
/// demanding wins: 续报 daily at 较大 and every 4 hours at 重大, R 5.1.2; 每日向市安委办报告 at Ⅱ and at Ⅰ, N 5.2.3(3) and 5.1.3(3)), so an
/// instance keeps its chain when another rule of the code reschedules it or a new level's rule continues it.</para>
/// </remarks>
public static class RepeatingDuties
{
    private static readonly string Activation = DutyNames.Of(DutyStart.Activation);
    private static readonly string UntilStable = DutyNames.Of(DutyEnd.SituationStable);

    /// <summary>
    /// The periods of the incident's repeating duties that began after the latest instance of each fell due unmet, up to the one
    /// running at <paramref name="now"/>: new entries (not in the state), owed, with the keys the next command will give them.
    /// </summary>
    public static IReadOnlyList<ObligationEntry> PassedPeriods(IncidentState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        var obligations = state.Obligations;
        List<ObligationEntry>? latest = null;
        HashSet<string>? seen = null;
        for (var i = obligations.Count - 1; i >= 0; i--)
        {
            // The latest instance of each chain: walking back, the first one met.
            var duty = obligations[i];
            if (duty.Every is not null && (seen ??= []).Add(Chain(duty)) && Lapsed(duty, state, now))
            {
                (latest ??= []).Add(duty);
            }
        }

        if (latest is null)
        {
            return [];
        }

        latest.Reverse();
        return Periods(latest, state, now, code => obligations.Count(o => o.Code == code));
    }

    /// <summary>The chain an instance of a repeating duty belongs to: its code.</summary>
    internal static string Chain(ObligationEntry duty) => Chain(duty.Code);

    /// <summary>
    /// The chain of a repeating duty with this code, the one definition of "the same repeating duty" (its periods:
    /// <c>continuation-report</c>, <c>#2</c>, <c>#3</c>…) for whoever holds duties as views: the alerts, a drill's evaluation.
    /// </summary>
    public static string Chain(string code) => code;

    /// <summary>True when <paramref name="other"/> is an instance of the same repeating duty as <paramref name="duty"/> (the same chain).</summary>
    internal static bool SameChain(ObligationEntry duty, ObligationEntry other) =>
        other.Every is not null && string.Equals(Chain(other), Chain(duty), StringComparison.Ordinal);

    /// <summary>True when <paramref name="duty"/>, the latest instance of its chain, fell due unmet before <paramref name="now"/> and its duty still repeats.</summary>
    internal static bool Lapsed(ObligationEntry duty, IncidentState state, DateTimeOffset now) =>
        duty.Every is not null && duty.Clock.State == ObligationState.Due && duty.Clock.DueAt is { } due && due < now && Continues(duty, state);

    /// <summary>
    /// The periods after each of <paramref name="latest"/> (lapsed latest instances, in the order raised) up to the one running at
    /// <paramref name="now"/>, keyed on from <paramref name="count"/> (how many duties of a code the incident has).
    /// </summary>
    internal static List<ObligationEntry> Periods(IEnumerable<ObligationEntry> latest, IncidentState state, DateTimeOffset now, Func<string, int> count)
    {
        var periods = new List<ObligationEntry>();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var duty in latest)
        {
            var period = Period(duty, state);
            if (period <= TimeSpan.Zero || duty.Clock.DueAt is not { } due)
            {
                continue;
            }

            if (!counts.TryGetValue(duty.Code, out var n))
            {
                n = count(duty.Code);
            }

            while (due < now)
            {
                due += period;
                n++;
                periods.Add(Next(duty, DutyNames.Key(duty.Code, n), due, now));
            }

            counts[duty.Code] = n;
        }

        return periods;
    }

    /// <summary>
    /// When the period an instance of a repeating duty stands for ended, and so the next one began when that is of another cadence (the
    /// 4-hourly 续报 after a daily one): for a duty whose periods run from the report (<see cref="Plans.ObligationRule.RunsFromReport"/>:
    /// 每日至少续报1次), at its report when that was made within the period; else, and for an instance missed, late or still owed, at its
    /// due time. Null without a due time. A daily instance after a daily one begins when that one's day ends (ADR 0003, 2026-12-05).
    /// </summary>
    public static DateTimeOffset? PeriodEnd(ObligationEntry instance, bool runsFromReport)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return PeriodEnd(instance.Clock.DueAt, instance.Clock.State == ObligationState.Met ? instance.Clock.FiledAt : null, runsFromReport);
    }

    /// <summary>The same, from an instance's due time and the time it was met (null while not met), as a report's view of it gives them.</summary>
    public static DateTimeOffset? PeriodEnd(DateTimeOffset? dueAt, DateTimeOffset? metAt, bool runsFromReport) =>
        dueAt is not { } due ? null
        : runsFromReport && metAt is { } met && met < due ? met
        : due;

    /// <summary>The repeat period a duty runs at now: its special one while special circumstances hold (特殊情况每2小时), else its own.</summary>
    public static TimeSpan Period(ObligationEntry duty, IncidentState state)
    {
        ArgumentNullException.ThrowIfNull(duty);
        ArgumentNullException.ThrowIfNull(state);
        var period = state.SpecialCircumstances && duty.SpecialEvery is { } special ? special : duty.Every;
        return period is null ? TimeSpan.Zero : XmlConvert.ToTimeSpan(period);
    }

    /// <summary>
    /// True while a repeating duty still repeats: not after the final report (or closing), not once the situation is stable for a
    /// duty that runs until then, and for one that repeats while a response lasts (每日向市安委办报告), not once it has ended.
    /// </summary>
    public static bool Continues(ObligationEntry duty, IncidentState state)
    {
        ArgumentNullException.ThrowIfNull(duty);
        ArgumentNullException.ThrowIfNull(state);
        return state.Reporting.State is not (ReportingState.FinalReported or ReportingState.Closed)
               && !(duty.Until == UntilStable && state.SituationStable)
               && !(duty.Start == Activation && state.Response.State != ResponseState.Active);
    }

    /// <summary>The next instance of a chain: the same duty, owed, due at <paramref name="dueAt"/>.</summary>
    private static ObligationEntry Next(ObligationEntry latest, string key, DateTimeOffset dueAt, DateTimeOffset raisedAt) => new()
    {
        Key = key, Code = latest.Code, Reporter = latest.Reporter, To = latest.To, Act = latest.Act, Start = latest.Start, Until = latest.Until,
        SpecialEvery = latest.SpecialEvery, MetByReport = latest.MetByReport, Clause = latest.Clause, Words = latest.Words,
        Timing = latest.Timing, Every = latest.Every, RaisedAt = raisedAt, Clock = ObligationSnapshot.New(dueAt),
    };
}
