namespace EmergencyPlans.Api.Hosting;

/// <summary>
/// When this instance started, on the service's clock: a hosted service, so the host's start sets it, not the first readiness probe that
/// asks. The feed check reads it (a feed never heard from since the start, longer than the silence alarm).
/// </summary>
public sealed class InstanceStart(TimeProvider clock) : Microsoft.Extensions.Hosting.IHostedService
{
    /// <summary>The instant the host's start created it.</summary>
    public DateTimeOffset At { get; } = clock.GetUtcNow();

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
