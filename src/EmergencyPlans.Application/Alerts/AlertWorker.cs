using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmergencyPlans.Application.Alerts;

/// <summary>
/// Runs <see cref="AlertScanner"/> at start and then every <see cref="AlertOptions.ScanInterval"/> of the
/// service clock. Every instance runs one; the store's unique keys make each alert raised once. A scan that fails on a damaged store
/// is reported to <paramref name="damage"/>, the readiness probe's watch, as a request's failure is.
/// </summary>
public sealed partial class AlertWorker(
    AlertScanner scanner, TimeProvider clock, IOptions<AlertOptions> options, ILogger<AlertWorker> logger, Ports.IStoreDamageWatch? damage = null) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        // Let the host finish starting before the first scan touches the store.
        await Task.Yield();
        using var timer = new PeriodicTimer(options.Value.ScanInterval, clock);
        do
        {
            try
            {
                await scanner.ScanAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A failed scan (store briefly unreachable) is logged and retried at the next tick.
            catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
            {
                LogScanFailed(e);

                // A damaged file fails every pass and mends only by a restore: readiness says Unhealthy, as when a request meets it.
                damage?.Saw(e);
            }
        }
        while (await Tick(timer, stoppingToken).ConfigureAwait(false));
    }

    /// <summary>
    /// False once the host stops. The wait is cancelled then, which is no failure: thrown out of the worker, it was logged as a
    /// critical "BackgroundService has thrown" when a start was refused (port in use), over the reason the start was refused.
    /// </summary>
    private static async Task<bool> Tick(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    [LoggerMessage(EventId = 8003, Level = LogLevel.Error, Message = "alert scan failed; retried at the next tick")]
    private partial void LogScanFailed(Exception exception);
}
