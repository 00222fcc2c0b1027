using System.Diagnostics;

namespace EmergencyPlans.Infrastructure.Tests.Persistence;

/// <summary>
/// A clock on which <paramref name="waited"/> had already gone by when a store command (backup, restore) began counting its wait for a
/// lock: its first reading is 0, every later one <paramref name="waited"/> plus the real time since. So a test can show a command waits
/// only what is left of its one deadline, not the whole setting again.
/// </summary>
internal sealed class AlreadyWaited(TimeSpan waited) : TimeProvider
{
    private readonly Stopwatch _real = Stopwatch.StartNew();
    private int _calls;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() =>
        Interlocked.Increment(ref _calls) == 1 ? 0 : waited.Ticks + _real.Elapsed.Ticks;
}
