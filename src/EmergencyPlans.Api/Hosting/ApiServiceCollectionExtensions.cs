using System.Text.Json.Serialization;
using EmergencyPlans.Api.Auth;
using EmergencyPlans.Api.Errors;
using EmergencyPlans.Api.Json;
using EmergencyPlans.Api.OpenApi;
using EmergencyPlans.Application.Alerts;
using EmergencyPlans.Application.Feeds;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Hosting;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Infrastructure.Persistence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace EmergencyPlans.Api.Hosting;

/// <summary>What only the HTTP host needs: limits, credentials, problem documents, JSON, probes, OpenAPI, the watcher.</summary>
public static class ApiServiceCollectionExtensions
{
    /// <summary>Everything the HTTP host adds on top of <c>AddCore</c>, <c>AddApplication</c> and <c>AddInfrastructure</c>.</summary>
    public static IServiceCollection AddApi(this IServiceCollection services, IConfiguration configuration) => services
        .AddApiLimits(configuration)
        .AddApiKeyAuth(configuration)
        .AddProblemHandling()
        .AddHttpJson()
        .AddHealth()
        .AddApiDocument()
        .AddServiceMetrics()
        .AddStartupChecks()
        .AddShutdownDrain(configuration)
        .AddAlertWorker(configuration);

    /// <summary>The longest <c>HostOptions:ShutdownTimeout</c> accepted.</summary>
    public static readonly TimeSpan MaxShutdownTimeout = TimeSpan.FromHours(1);

    /// <summary>
    /// <c>HostOptions:ShutdownTimeout</c> (environment <c>HostOptions__ShutdownTimeout</c>): how long a stop (SIGTERM) lets the requests
    /// still running end, a long 122 feed submission above all, before the host cuts them (30 s, .NET's default). .NET itself reads only
    /// <c>shutdownTimeoutSeconds</c>; the section was not bound, so the setting the documentation names was taken without effect. Checked
    /// at start like every time setting: a bare number is read as days.
    /// </summary>
    public static IServiceCollection AddShutdownDrain(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HostOptions>().Bind(configuration.GetSection("HostOptions"));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HostOptions>, ShutdownTimeoutValidator>());

        // The wait in force, for the log line of a 122 submission the stop cut (event 8103), which named .NET's default whatever was set.
        services.TryAddSingleton<Application.Common.IShutdownTimeout, HostShutdownTimeout>();
        return services;
    }

    /// <summary><c>HostOptions:ShutdownTimeout</c> as the host applies it (the section, else .NET's <c>shutdownTimeoutSeconds</c>, else 30 s).</summary>
    private sealed class HostShutdownTimeout(IOptions<HostOptions> options) : Application.Common.IShutdownTimeout
    {
        public TimeSpan ShutdownTimeout => options.Value.ShutdownTimeout;
    }

    private sealed class ShutdownTimeoutValidator : IValidateOptions<HostOptions>
    {
        public ValidateOptionsResult Validate(string? name, HostOptions options)
        {
            ArgumentNullException.ThrowIfNull(options);
            return DurationSetting.Refusal("HostOptions:" + nameof(HostOptions.ShutdownTimeout), options.ShutdownTimeout, TimeSpan.FromSeconds(1),
                    MaxShutdownTimeout, "how long a stop lets running requests, a 122 feed submission above all, end before it cuts them", TimeSpan.FromSeconds(30))
                is { } refusal ? ValidateOptionsResult.Fail(refusal) : ValidateOptionsResult.Success;
        }
    }

    /// <summary>
    /// The data folder, the listen addresses, the store and the credentials checked at start, after the settings and the plans, before
    /// the alert scan and the web server: an address the web server cannot use or a store refused for good stops the start (exit 78);
    /// the store is made and first-run keys are written only once all the rest is checked.
    /// </summary>
    public static IServiceCollection AddStartupChecks(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DataStorageOptions>, DataFolderValidator>());
        services.AddHostedService<ListenAddressesAtStart>();
        // Made by the host's start (a hosted service), not by the first readiness probe that asks for it.
        services.TryAddSingleton<InstanceStart>();
        services.AddHostedService(sp => sp.GetRequiredService<InstanceStart>());
        services.AddHostedService<StoreAndCredentialsAtStart>();
        return services;
    }

    /// <summary>
    /// The service's instruments (meter <c>EmergencyPlans</c>: feed lines and submissions, alerts raised), through the
    /// host's <see cref="System.Diagnostics.Metrics.IMeterFactory"/> so each host's meter is its own.
    /// </summary>
    public static IServiceCollection AddServiceMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<Application.Common.ServiceMetrics>();
        return services;
    }

    /// <summary>The background scan that raises alerts (section <c>Alerts</c>); every instance runs one.</summary>
    public static IServiceCollection AddAlertWorker(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<Application.Alerts.AlertOptions>()
            .Bind(configuration.GetSection(Application.Alerts.AlertOptions.Section))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<Application.Alerts.AlertOptions>, AlertOptionsValidator>());
        services.AddHostedService<Application.Alerts.AlertWorker>();
        return services;
    }

    /// <summary>
    /// The alert section's times, each within its range: <c>Alerts:ScanInterval=5</c> (read as five days by the configuration binder)
    /// scanned once at start and then not for five days, and <c>=60</c> was past what the scan's timer takes and aborted the process.
    /// </summary>
    private sealed class AlertOptionsValidator : IValidateOptions<Application.Alerts.AlertOptions>
    {
        public ValidateOptionsResult Validate(string? name, Application.Alerts.AlertOptions options)
        {
            ArgumentNullException.ThrowIfNull(options);
            const string Section = Application.Alerts.AlertOptions.Section + ":";
            var defaults = new Application.Alerts.AlertOptions();
            string?[] refusals =
            [
                DurationSetting.Refusal(Section + nameof(options.ScanInterval), options.ScanInterval,
                    Application.Alerts.AlertOptions.MinScanInterval, Application.Alerts.AlertOptions.MaxScanInterval,
                    "the time between alert scans", defaults.ScanInterval),
                DurationSetting.Refusal(Section + nameof(options.StreamPollInterval), options.StreamPollInterval,
                    Application.Alerts.AlertOptions.MinStreamPollInterval, Application.Alerts.AlertOptions.MaxStreamPollInterval,
                    "how often an alert stream looks for the alerts of other instances", defaults.StreamPollInterval),
                DurationSetting.Refusal(Section + nameof(options.StreamKeepAlive), options.StreamKeepAlive,
                    Application.Alerts.AlertOptions.MinStreamKeepAlive, Application.Alerts.AlertOptions.MaxStreamKeepAlive,
                    "how long an alert stream stays silent before it sends a keep-alive", defaults.StreamKeepAlive),
            ];
            var failures = refusals.OfType<string>().ToArray();
            return failures.Length == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }

    /// <summary>EmergencyPlans:MaxRequestBodyBytes, applied to Kestrel.</summary>
    public static IServiceCollection AddApiLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiLimitsOptions>()
            .Bind(configuration.GetSection(ApiLimitsOptions.Section))
            .Validate(o => o.MaxRequestBodyBytes > 0, $"{ApiLimitsOptions.Section}:{nameof(ApiLimitsOptions.MaxRequestBodyBytes)} must be a positive number of bytes")
            .ValidateOnStart();
        services.AddOptions<KestrelServerOptions>()
            .Configure<IOptions<ApiLimitsOptions>>((kestrel, limits) => kestrel.Limits.MaxRequestBodySize = limits.Value.MaxRequestBodyBytes);
        return services;
    }

    /// <summary>API keys (hashes under the data folder) as the only credential; default deny.</summary>
    public static IServiceCollection AddApiKeyAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>());
        services.AddSingleton(sp => ApiKeyRegistry.Create(
            sp.GetRequiredService<IOptions<AuthOptions>>().Value,
            sp.GetRequiredService<IOptions<DataStorageOptions>>().Value.DataDirectory,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger(LogEvents.AuthCategory)));
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization(o =>
        {
            // Default deny: an endpoint without a policy still needs an authenticated caller.
            o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
            foreach (var (policy, roles) in Policies.RolesByPolicy)
            {
                o.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireRole(roles));
            }
        });
        return services;
    }

    /// <summary>The one error path: every failure becomes an RFC 9457 problem document.</summary>
    public static IServiceCollection AddProblemHandling(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Instance ??= c.HttpContext.Request.Path;
            c.ProblemDetails.Type ??= $"https://www.rfc-editor.org/rfc/rfc9110#status.{c.ProblemDetails.Status}";
            if (c.ProblemDetails.Status == StatusCodes.Status413PayloadTooLarge)
            {
                // The JSON binder answers a body over the limit with the bare status: say the limit and its setting. (The
                // 122 feed, with a limit of its own, words its 413 itself.)
                var limit = c.HttpContext.RequestServices.GetRequiredService<IOptions<ApiLimitsOptions>>().Value.MaxRequestBodyBytes;
                var setting = $"{ApiLimitsOptions.Section}:{nameof(ApiLimitsOptions.MaxRequestBodyBytes)}";
                c.ProblemDetails.Detail ??= Localized.Pick($"The request body is larger than the {limit} bytes accepted here ({setting}).",
                    $"请求体超过此处接受的 {limit} 字节（{setting}）。");
            }

            if (c.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType)
            {
                // Routing refuses the body's type before any endpoint runs, and says nothing of what it wanted: name what this
                // endpoint takes (the drill endpoint's 415 told a client sending JSON to "send JSON").
                c.ProblemDetails.Detail ??= AcceptedMediaTypes.Detail(c.HttpContext);
            }

            // The framework's own titles (a 404 of no route, a 405, a 415 of routing) in the request's language, and the headers
            // that say a problem document's language depends on Accept-Language.
            c.ProblemDetails.Title = StatusTitles.InRequestLanguage(c.ProblemDetails.Status, c.ProblemDetails.Title);
            RequestLanguage.Mark(c.HttpContext);
        });
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();

        // Failures' text as a client reads it, without the server's paths (the handler, the feed's abort).
        services.TryAddSingleton<ClientText>();

        // A store failure that repeats at every request is logged whole once, then in a line a request (StoreFailureLog).
        services.TryAddSingleton<StoreFailureLog>();

        // After the default writer (AddProblemDetails registered it): a client whose Accept names no JSON still gets the document.
        services.AddSingleton<IProblemDetailsWriter, ProblemJsonWhateverAcceptWriter>();

        // Bad JSON throws into the exception handler instead of a bare 400, so it gets the same problem document.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>The JSON the endpoints read and write.</summary>
    public static IServiceCollection AddHttpJson(this IServiceCollection services) => services.Configure<JsonOptions>(o =>
    {
        o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());

        // Instants leave in the city's offset (the store keeps UTC): one converter instead of a conversion per view.
        o.SerializerOptions.Converters.Add(new CityOffsetDateTimeOffsetConverter());

        // A count sent as "12" is refused like any other wrong type: figures must be JSON numbers.
        o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;

        // {"deaths": 1, "deaths": 3} is ambiguous (which one did the reporter mean?): refused with 400, never "last wins".
        o.SerializerOptions.AllowDuplicateProperties = false;

        // A misspelt member ("figure" for "figures") would otherwise be dropped in silence, and the incident judged without
        // what the reporter sent: refused with 400 naming it, as the feed and the plan files refuse theirs.
        o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;

        // Chinese plan words stay readable in the JSON instead of \u escapes.
        o.SerializerOptions.Encoder = EmergencyPlans.Core.Contract.JsonText.Encoder;

        // "\u0000" in any text is refused with 400 naming the field: a store on PostgreSQL cannot keep the character.
        o.SerializerOptions.Converters.Add(new EmergencyPlans.Core.Contract.TextWithoutControlCharactersConverter());
    });

    /// <summary>
    /// The readiness checks, and their log: a check's change of state once (<see cref="ReadinessLog"/>, event 8301), not ASP.NET's line
    /// at every probe while a check is not Healthy.
    /// </summary>
    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.TryAddSingleton<PlansOfStoredIncidents>();
        services.TryAddSingleton<ReadinessLog>();

        // ASP.NET's per-probe lines off by default; a level an operator gives this category in the configuration (Logging:LogLevel:
        // Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService) still applies.
        services.AddDefaultLogLevel(ReadinessLog.FrameworkCategory, LogLevel.None);
        services.AddHealthChecks()
            .AddCheck<PlansHealthCheck>("plans", tags: ["ready"])
            .AddCheck<StoreHealthCheck>("store", tags: ["ready"])
            .AddCheck<FeedHealthCheck>("feed-122", tags: ["ready"])
            .AddCheck<DiskSpaceHealthCheck>("disk", tags: ["ready"])
            .AddCheck<AlertScanHealthCheck>("alerts", tags: ["ready"]);
        return services;
    }

    /// <summary>
    /// Degraded while the data folder's file system has less free space than <see cref="DataStorageOptions.DiskSpaceAlarmBytes"/>: the
    /// service still answers (200), but a full disk would refuse every write, so whoever watches the probe frees space first.
    /// </summary>
    private sealed class DiskSpaceHealthCheck(IOptions<DataStorageOptions> options) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var o = options.Value;
            if (o.DiskSpaceAlarmBytes == 0)
            {
                return Task.FromResult(HealthCheckResult.Healthy("disk alarm off"));
            }

            // The folder is made on first use; until then its parent holds the space it will take.
            var folder = Path.GetFullPath(o.DataDirectory);
            while (!Directory.Exists(folder) && Path.GetDirectoryName(folder) is { } parent)
            {
                folder = parent;
            }

            var free = new DriveInfo(folder).AvailableFreeSpace;
            return Task.FromResult(free < o.DiskSpaceAlarmBytes
                ? HealthCheckResult.Degraded(
                    $"{free} bytes free on the disk of {Path.TrimEndingDirectorySeparator(o.DataDirectory)}, below the alarm of " +
                    $"{o.DiskSpaceAlarmBytes} (EmergencyPlans:DiskSpaceAlarmBytes); a full disk refuses every write, and at a (re)start reads too")
                : HealthCheckResult.Healthy($"{free} bytes free"));
        }
    }

    /// <summary>
    /// Degraded while the 122 feed is silent (<see cref="FeedStates"/>): the service still answers, so it stays ready (Degraded is
    /// 200), but whoever watches the probe learns that accidents no longer arrive from 122. A store it cannot read is the store
    /// check's to report. Degraded too while no loaded plan has a 122 intake rule in force now (the road plan's file missing): every
    /// record is refused and quarantined, and the probe said Healthy, the feed "receiving" (operations review, session 58, finding 3).
    /// </summary>
    /// <remarks>
    /// Degraded too once this instance has run longer than the silence alarm without 122 ever sending (<c>never-received</c>): a new
    /// deployment, or a host moved, whose 122 sender was never pointed at it stayed Healthy for ever (review s58, operations finding 9).
    /// A service without a feed sets <c>EmergencyPlans:Feed:SilenceAlarm</c> to <c>00:00:00</c>, as for the silence.
    /// </remarks>
    private sealed class FeedHealthCheck(Mediator.ISender sender, Core.Assessment.DecisionEngine engine, TimeProvider clock, FeedOptions feed, InstanceStart started)
        : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            if (FeedIngestor.IntakePlan(engine.Catalog, clock.GetUtcNow()) is null)
            {
                return HealthCheckResult.Degraded(
                    $"no loaded plan has a {FeedIngestor.Channel} feed intake rule in force now (the road traffic plan's file missing from the plans folder?): " +
                    "every 122 record is refused and quarantined");
            }

            FeedStatusView status;
            try
            {
                status = await sender.Send(new GetFeedStatusQuery(), cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // The store check reports an unreachable store; this one says only that the feed's state is unknown.
            catch (Exception e)
#pragma warning restore CA1031
            {
                return HealthCheckResult.Degraded("feed-122 status unknown: " + (StoreFailures.Of(e)?.English ?? e.Message));
            }

            var up = clock.GetUtcNow() - started.At;
            return status.State == FeedStates.Silent
                ? HealthCheckResult.Degraded($"feed-122 silent for {status.SilentForSeconds} s (alarm {status.SilenceAlarmSeconds} s); last received {status.LastReceivedAt:O}")
                : status.State == FeedStates.NeverReceived && feed.SilenceAlarm > TimeSpan.Zero && up > feed.SilenceAlarm
                    ? HealthCheckResult.Degraded(
                        $"feed-122 never-received: no 122 message has been received since this instance started at " +
                        $"{started.At.ToOffset(Core.Contract.CityTime.Offset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture)}, " +
                        $"{(long)up.TotalSeconds} s ago (alarm {(long)feed.SilenceAlarm.TotalSeconds} s): " +
                        "is the 122 sender pointed at this service? (EmergencyPlans:Feed:SilenceAlarm 00:00:00 for a service without a feed)")
                : HealthCheckResult.Healthy($"feed-122 {status.State}");
        }
    }

    /// <summary>
    /// Degraded while this instance's last alert scan could not derive the alerts of some incident (log event 8002, the counter
    /// <c>emergencyplans.alerts.scan.failures</c>), and while its last scan could not run to its end (event 8003: a query that failed,
    /// the store unreachable): the service answers, but the duty office is not alerted of those incidents' duties, escalations or
    /// warnings until they read again, or of any until a scan runs again. (Until session 48 a scan that failed as a whole left the
    /// check Healthy: only a damaged file, which the store check reports as Unhealthy through <see cref="StoreDamageWatch"/>, showed.)
    /// </summary>
    private sealed class AlertScanHealthCheck(AlertScanner scanner) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(
                scanner.LastFailure is { } failed ? HealthCheckResult.Degraded(
                    $"the alert scan at {failed.At:O} failed: {StoreFailures.Of(failed.Error)?.English ?? failed.Error.Message}; " +
                    "no alert is raised until a scan runs again (log event 8003)")
                : scanner.LastScan is not { } last ? HealthCheckResult.Healthy("no alert scan completed (yet, or Alerts:Enabled is false)")
                : last.FailedIncidents > 0 ? HealthCheckResult.Degraded(
                    $"the alert scan at {last.At:O} could not derive the alerts of {last.FailedIncidents} incident(s), e.g. {last.Example}: " +
                    "the duty office is not alerted of their duties until they can be read (log event 8002)")
                : last.FailedFeedMessages > 0 ? HealthCheckResult.Degraded(
                    $"the alert scan at {last.At:O} could not derive the alerts of {last.FailedFeedMessages} 122 message(s) kept for them (road warning conditions, " +
                    $"withdrawals), e.g. {last.FeedMessageExample}: the duty office is not told of the road conditions they report, or of their withdrawal (log event 8006)")
                : HealthCheckResult.Healthy($"last alert scan {last.At:O}"));
    }

    private sealed class StoreHealthCheck(IIncidentStore store, StoreDamageWatch damage) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            if (damage.Damage is { } damaged)
            {
                // A request met the damage; the probe's own query may read only undamaged pages.
                return HealthCheckResult.Unhealthy("store damaged: " + damaged.English);
            }

            try
            {
                await store.PingAsync(cancellationToken).ConfigureAwait(false);
                return HealthCheckResult.Healthy("store answers");
            }
#pragma warning disable CA1031 // Any failure means "not ready"; the probe reports it rather than crashing.
            catch (Exception e)
#pragma warning restore CA1031
            {
                // Said as the requests' 503 says it (a full disk at a restart was "disk I/O error" here while they said the disk is full).
                return HealthCheckResult.Unhealthy("store unreachable: " + (StoreFailures.Of(e)?.English ?? e.Message));
            }
        }
    }
}
