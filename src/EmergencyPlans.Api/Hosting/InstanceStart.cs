namespace EmergencyPlans.Api.Hosting;

/// <summary>
/// When this instance started, on the service's clock: made with the start's hosted service, so the first readiness probe does not set it.
/// The feed check reads it (a feed never heard from since the start, longer than the silence alarm).
/// </summary>
public sealed class InstanceStart(TimeProvider clock)
{
    /// <summary>The instant the host's start created it.</summary>
    public DateTimeOffset At { get; } = clock.GetUtcNow();
}
