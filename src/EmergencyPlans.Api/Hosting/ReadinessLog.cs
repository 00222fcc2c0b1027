using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EmergencyPlans.Api.Hosting;

/// <summary>
/// One log line when a readiness check changes state (event 8301, category <see cref="LogEvents.HealthCategory"/>): Healthy to Degraded,
/// Degraded to Unhealthy, back to Healthy. ASP.NET's own line for each check not Healthy
/// (<c>Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService[103]</c>) came at every probe: with the disk below its
/// alarm, a load balancer probing every few seconds wrote a warning with the data folder's path each time (review s58, operations nits).
/// That category is off by default (<see cref="ApiServiceCollectionExtensions.AddHealth"/>); this says each change once.
/// </summary>
/// <remarks>
/// Per check and per instance, as this instance's probes see it: a check first seen not Healthy is said at that probe, one first seen
/// Healthy is not. A change between two probes is said at the later one; a state that comes and goes between probes is not seen.
/// </remarks>
public sealed partial class ReadinessLog(ILoggerFactory loggers)
{
    /// <summary>The category of ASP.NET's per-probe lines, filtered out by default.</summary>
    public const string FrameworkCategory = "Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService";

    private readonly ILogger _logger = loggers.CreateLogger(LogEvents.HealthCategory);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, HealthStatus> _last = new(StringComparer.Ordinal);

    /// <summary>Notes a probe's report, logging each check whose state differs from the last probe's.</summary>
    public void Observe(HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        foreach (var (name, entry) in report.Entries)
        {
            HealthStatus? before;
            lock (_gate)
            {
                before = _last.TryGetValue(name, out var last) ? last : null;
                if (before == entry.Status)
                {
                    continue;
                }

                _last[name] = entry.Status;
            }

            if (before is null && entry.Status == HealthStatus.Healthy)
            {
                continue;
            }

            var level = entry.Status switch
            {
                HealthStatus.Healthy => LogLevel.Information,
                HealthStatus.Degraded => LogLevel.Warning,
                _ => LogLevel.Error,
            };
            Changed(_logger, level, entry.Exception, name, before?.ToString() ?? "not probed before", entry.Status.ToString(),
                entry.Description ?? entry.Exception?.Message ?? "no reason given", report.Status.ToString());
        }
    }

    [LoggerMessage(EventId = 8301, Message = "readiness check {Check}: {From} → {To} ({Reason}); /health/ready answers {Overall}")]
    private static partial void Changed(ILogger logger, LogLevel level, Exception? exception, string check, string from, string to, string reason, string overall);
}
