using EmergencyPlans.Application.Incidents;
using Mediator;
using Microsoft.Extensions.Options;

namespace EmergencyPlans.Api.Hosting;

/// <summary>Sends <see cref="CheckDeadlinesCommand"/> on a fixed period (EmergencyPlans:DeadlineCheckSeconds, default 30; 0 turns it off).</summary>
public sealed partial class DeadlineWatcher(IServiceScopeFactory scopes, IOptions<DeadlineWatcherOptions> options, TimeProvider clock, ILogger<DeadlineWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = options.Value.DeadlineCheckSeconds;
        if (seconds <= 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var marked = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new CheckDeadlinesCommand(), stoppingToken).ConfigureAwait(false);
                if (marked > 0)
                {
                    LogOverdue(logger, marked);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The watcher must survive a failed round (store briefly unreachable); it logs and tries again.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} reporting obligations became overdue")]
    private static partial void LogOverdue(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Deadline check failed; will retry")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
