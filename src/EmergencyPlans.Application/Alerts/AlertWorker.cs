using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmergencyPlans.Application.Alerts;

/// <summary>
/// Runs <see cref="AlertScanner"/> at start and then every <see cref="AlertOptions.ScanInterval"/> of the
/// service clock. Every instance runs one; the store's unique keys make each alert raised once. A scan that fails on a damaged store
/// is reported to <paramref name="damage"/>, the readiness probe's watch, as a request's failure is. A scan that keeps failing (PostgreSQL
/// down) is logged whole once, then in one line a pass while the same failure repeats, and once when a scan runs again.
/// </summary>
public sealed partial class AlertWorker(
    AlertScanner scanner, TimeProvider clock, IOptions<AlertOptions> options, ILogger<AlertWorker> logger, Ports.IStoreDamageWatch? damage = null) : BackgroundService
{
    // With PostgreSQL down every pass failed the same way, and each logged its stack: about 30 lines every 5 s, a million a day.
    private readonly Common.RecurringFailure _failure = new(clock);

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
                if (_failure.Ended() is { } ended)
                {
                    LogScanRunsAgain(ended.Times, ended.Since, ended.Reason);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A failed scan (store briefly unreachable) is logged and retried at the next tick.
            catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
            {
                var reason = $"{e.GetType().FullName}: {e.Message}";
                if (_failure.Saw(reason) is { First: false } again)
                {
                    LogScanFailedAgain(reason, again.Since, again.Times);
                }
                else
                {
                    LogScanFailed(e);
                }

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

    [LoggerMessage(EventId = 8003, Level = LogLevel.Warning,
        Message = "alert scan failed again: {Reason} (the same failure since {Since:O}, {Times} scans; its exception was logged at the first); retried at the next tick")]
    private partial void LogScanFailedAgain(string reason, DateTimeOffset since, long times);

    [LoggerMessage(EventId = 8005, Level = LogLevel.Information, Message = "alert scan runs again after {Times} failed scans since {Since:O} ({Reason})")]
    private partial void LogScanRunsAgain(long times, DateTimeOffset since, string reason);
}
