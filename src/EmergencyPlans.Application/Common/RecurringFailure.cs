namespace EmergencyPlans.Application.Common;

/// <summary>
/// How often a failure that repeats has been met, so that it is logged whole (with its exception's stack) once, when it starts, then
/// in one line while the same failure repeats, and once more when it ends. With PostgreSQL down the alert scan (event 8003) logged a
/// stack of about 30 lines every 5 s, about a million lines a day, and every 503 of a request its own: the one stack that says why
/// was lost among the copies. Thread-safe: requests report concurrently.
/// </summary>
/// <param name="clock">The service clock, for when the failure began.</param>
public sealed class RecurringFailure(TimeProvider clock)
{
    private readonly Lock _gate = new();
    private string? _reason;
    private DateTimeOffset _since;
    private long _times;

    /// <summary>True while a failure is met and has not ended (<see cref="Ended"/>).</summary>
    public bool Failing
    {
        get
        {
            lock (_gate)
            {
                return _reason is not null;
            }
        }
    }

    /// <summary>
    /// Notes a failure for <paramref name="reason"/> (what identifies it: the same text is the same failure). <see cref="FailureSeen.First"/>
    /// when it starts a failure, or replaces another one; otherwise it repeats the one under way.
    /// </summary>
    public FailureSeen Saw(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        lock (_gate)
        {
            if (string.Equals(_reason, reason, StringComparison.Ordinal))
            {
                _times++;
                return new FailureSeen(First: false, _since, _times);
            }

            _reason = reason;
            _since = clock.GetUtcNow();
            _times = 1;
            return new FailureSeen(First: true, _since, _times);
        }
    }

    /// <summary>The failure under way, ended now that the work succeeded; null when none was (nothing to log).</summary>
    public FailureEnded? Ended()
    {
        lock (_gate)
        {
            if (_reason is not { } reason)
            {
                return null;
            }

            _reason = null;
            return new FailureEnded(reason, _since, _times);
        }
    }
}

/// <summary>A failure met (<see cref="RecurringFailure.Saw"/>).</summary>
/// <param name="First">True when it starts (log it whole); false when it repeats the failure under way (one line).</param>
/// <param name="Since">When the failure under way was first met.</param>
/// <param name="Times">How many times it has been met, this one included.</param>
public sealed record FailureSeen(bool First, DateTimeOffset Since, long Times);

/// <summary>A failure that ended (<see cref="RecurringFailure.Ended"/>).</summary>
/// <param name="Reason">What it was.</param>
/// <param name="Since">When it was first met.</param>
/// <param name="Times">How many times it was met.</param>
public sealed record FailureEnded(string Reason, DateTimeOffset Since, long Times);
