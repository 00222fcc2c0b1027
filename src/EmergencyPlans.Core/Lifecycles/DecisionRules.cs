namespace EmergencyPlans.Core.Lifecycles;

/// <summary>Argument checks shared by the lifecycles. Failures are bad requests, not refused transitions.</summary>
internal static class DecisionRules
{
    public static void RequireActor(LifecycleActor actor, string paramName) =>
        ArgumentNullException.ThrowIfNull(actor, paramName);

    public static void RequireReason(string reason, string paramName) =>
        ArgumentException.ThrowIfNullOrWhiteSpace(reason, paramName);

    /// <summary>
    /// A decision time must be set and must not precede the last recorded decision: the record is an
    /// ordered log, and a default or backwards time is a caller bug (clock not injected, stale form).
    /// </summary>
    public static void RequireTime(DateTimeOffset at, IReadOnlyList<LifecycleDecision> history, string paramName)
    {
        if (at == default)
        {
            throw new ArgumentException("A decision time is required (read it from TimeProvider).", paramName);
        }

        if (history.Count > 0 && at < history[^1].At)
        {
            throw new ArgumentOutOfRangeException(
                paramName, at, $"A decision cannot precede the previous one ({history[^1].Trigger} at {history[^1].At:O}).");
        }
    }

    /// <summary>
    /// The history with <paramref name="decision"/> added, the history itself unchanged (a snapshot already handed out,
    /// in a view for one, keeps what it had). Persistent rather than copied: an incident's reporting record gains a
    /// decision at every report, and copying it each time made a long incident's (or drill's) reports cost their square.
    /// </summary>
    public static IReadOnlyList<LifecycleDecision> Append(IReadOnlyList<LifecycleDecision> history, LifecycleDecision decision) =>
        AppendOnlyHistory<LifecycleDecision>.Of(history, decision);
}
