using EmergencyPlans.Application.Common;
using EmergencyPlans.Infrastructure.Persistence;

namespace EmergencyPlans.Api.Errors;

/// <summary>
/// How the requests' store failures are logged: the first of a failure whole (an error with the exception and its stack, a warning for a
/// busy store, as before), then one line a request while the same failure repeats, and one line when a request on the store is answered
/// again. Every 503 logged its stack, about 30 lines, and a duty office's screens and a 122 sender retrying every few seconds against a
/// PostgreSQL that was down filled the log with copies of one stack. The answers (the 503 problem documents) do not change.
/// </summary>
/// <remarks>
/// Reads and writes are followed apart: on a full disk reads are answered while every write fails, and a read answered must not end the
/// writes' failure (each write would then log its stack again). A request counts as a read for GET and HEAD, a write otherwise, and is
/// known to have used the store when it is answered 2xx by an endpoint marked <see cref="StoreEndpoints.UsesTheStore"/> (the incidents, the 122 feed,
/// the alerts), without having met a failure itself (a 122 submission cut mid-way has answered 200 before it fails).
/// </remarks>
public sealed partial class StoreFailureLog(TimeProvider clock, ILogger<StoreFailureLog> logger, ServiceMetrics? metrics = null)
{
    private readonly RecurringFailure _reads = new(clock);
    private readonly RecurringFailure _writes = new(clock);

    /// <summary>
    /// Notes <paramref name="store"/>, met by the request of <paramref name="http"/>. True when it starts a failure: the caller logs it
    /// whole, with its exception. False when it repeats the failure under way: it is logged here in one line, without the stack.
    /// </summary>
    public bool First(HttpContext http, StoreUnavailable store)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(store);
        http.Items[MetAFailure] = true;
        metrics?.StoreFailed(IsRead(http) ? "read" : "write", store.Damaged ? "damaged" : store.Busy ? "busy" : "unavailable");
        var seen = Of(http).Saw(store.English);
        if (seen.First)
        {
            return true;
        }

        var (method, path) = (http.Request.Method, http.Request.Path.Value ?? "");
        if (store.Busy)
        {
            LogBusyAgain(method, path, store.English, seen.Since, seen.Times);
        }
        else
        {
            LogUnavailableAgain(method, path, store.English, seen.Since, seen.Times);
        }

        return false;
    }

    /// <summary>A request on the store answered 2xx: the failure under way for its kind (reads or writes), if any, has ended.</summary>
    public void Served(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var failure = Of(http);
        if (failure.Failing && failure.Ended() is { } ended)
        {
            LogServesAgain(Kind(http), http.Request.Method, http.Request.Path.Value ?? "", ended.Times, ended.Since, ended.Reason);
        }
    }

    /// <summary>Ends a failure once a request on the store is answered 2xx (<see cref="StoreEndpoints.UsesTheStore"/>).</summary>
    public static IApplicationBuilder UseStoreFailureLog(IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        await next(context).ConfigureAwait(false);
        // Not the alert stream: it answers 200 and says a store outage in its events (it stays open through one), so its end proves nothing.
        if (context.Response.StatusCode is >= 200 and < 300 && !context.Items.ContainsKey(MetAFailure)
            && context.Response.ContentType?.StartsWith("text/event-stream", StringComparison.Ordinal) != true && context.GetEndpoint()?.Metadata.GetMetadata<StoreEndpoints.Marker>() is not null)
        {
            context.RequestServices.GetRequiredService<StoreFailureLog>().Served(context);
        }
    });

    // Set on a request that met a store failure: its 2xx (a 122 submission's answer begun before the failure) ends none.
    private static readonly object MetAFailure = new();

    private RecurringFailure Of(HttpContext http) => IsRead(http) ? _reads : _writes;

    private static bool IsRead(HttpContext http) => HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method);

    private static string Kind(HttpContext http) => IsRead(http) ? "reads" : "writes";

    [LoggerMessage(EventId = Hosting.LogEvents.StoreUnavailableAgain, Level = LogLevel.Warning,
        Message = "The store is unavailable on {Method} {Path}: {Reason} (the same failure since {Since:O}, {Times} requests; its exception was logged at the first)")]
    private partial void LogUnavailableAgain(string method, string path, string reason, DateTimeOffset since, long times);

    [LoggerMessage(EventId = Hosting.LogEvents.StoreBusyAgain, Level = LogLevel.Warning,
        Message = "The store is busy on {Method} {Path}: {Reason} (the same since {Since:O}, {Times} requests; its exception was logged at the first)")]
    private partial void LogBusyAgain(string method, string path, string reason, DateTimeOffset since, long times);

    [LoggerMessage(EventId = Hosting.LogEvents.StoreServesAgain, Level = LogLevel.Information,
        Message = "The store serves {Kind} again ({Method} {Path} answered) after {Times} failed requests since {Since:O} ({Reason})")]
    private partial void LogServesAgain(string kind, string method, string path, long times, DateTimeOffset since, string reason);
}

/// <summary>The endpoints that read or write the store, whose 2xx answers end a failure of the store (<see cref="StoreFailureLog"/>).</summary>
public static class StoreEndpoints
{
    /// <summary>Marks <paramref name="builder"/>'s endpoints as reading or writing the store.</summary>
    public static TBuilder UsesTheStore<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(Marker.Instance);

    /// <summary>The mark.</summary>
    public sealed class Marker
    {
        internal static readonly Marker Instance = new();

        private Marker()
        {
        }
    }
}
