namespace EmergencyPlans.Drills;

/// <summary>The simulated clock of a drill run: it stands still until the runner moves it to the next step's time.</summary>
public sealed class DrillClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow() => _now.ToUniversalTime();

    /// <summary>Moves the clock to <paramref name="now"/>; never backwards.</summary>
    public void MoveTo(DateTimeOffset now)
    {
        if (now < _now)
        {
            throw new InvalidOperationException($"the drill clock cannot go back from {_now:O} to {now:O}");
        }

        _now = now;
    }
}
