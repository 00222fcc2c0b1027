using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using EmergencyPlans.Api.Auth;
using EmergencyPlans.Api.Errors;
using EmergencyPlans.Api.OpenApi;
using EmergencyPlans.Application.Alerts;
using EmergencyPlans.Application.Common;
using EmergencyPlans.Application.Feeds;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Infrastructure.Persistence;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace EmergencyPlans.Api.Endpoints;

/// <summary>Alerts for the duty office (docs/alerts.md): list, live stream, acknowledgement.</summary>
public static class AlertEndpoints
{
    /// <summary>The event a silent stream sends every <see cref="AlertOptions.StreamKeepAlive"/> (data: null).</summary>
    public const string KeepAliveEvent = "keep-alive";

    /// <summary>The event of each alert (data: the alert, id: its id).</summary>
    public const string AlertEvent = "alert";

    /// <summary>
    /// The event that says the 122 feed went silent or came back (data: the feed's status, as GET /api/v1/feeds/122/status; no id).
    /// </summary>
    public const string FeedStatusEvent = "feed-status";

    /// <summary>
    /// The event that says the store stopped answering the stream, or answers again (data: <see cref="StoreStatusView"/>; no id). Alerts
    /// stored meanwhile follow it, from the last one sent.
    /// </summary>
    public const string StoreStatusEvent = "store-status";

    /// <summary>The data of a <see cref="StoreStatusEvent"/>: <c>unavailable</c> or <c>available</c>, when, in Chinese, and the reason (English, for the operator).</summary>
    public sealed record StoreStatusView(string State, DateTimeOffset At, string Summary, string? Reason);

    public static IEndpointRouteBuilder MapAlerts(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/alerts").WithTags("Alerts").ProducesAuthorisationProblems().UsesTheStore();

        group.MapGet("/", async (bool? unacknowledged, string? kind, Guid? incident, string? dispatch, int? limit, int? offset, long? before, long? after, bool? current,
                ISender sender, HttpContext http, CancellationToken ct) =>
            {
                var page = await sender.Send(new ListAlertsQuery(unacknowledged, kind, incident, limit, offset, before, after, dispatch, current), ct).ConfigureAwait(false);
                if (page.Count > 0 && page.Count == (limit ?? AlertQuery.DefaultLimit))
                {
                    http.Response.Headers.Link = NextLink(http.Request, page[^1].Id, forward: after is not null);
                }

                return TypedResults.Ok(page);
            })
            .RequireAuthorization(Policies.Read).WithName("ListAlerts")
            .WithSummary("Alerts, newest first; filters unacknowledged, kind (new-incident, escalation, duty-due-soon, duty-overdue, road-warning, feed-cancelled, deadlines-brought-forward, warning-below-the-plan, feed-reinstated, feed-road-warning, feed-place-changed), incident, dispatch (a 122 record's dispatchId: the feed-road-warning, feed-cancelled and feed-place-changed alerts that name it); current=true only the alerts nothing has overtaken (each alert's `overtaken`: the duty met, the warning issued, the escalation decided, the incident closed…; null while live), current=false only the overtaken; limit, offset. Paging by id: before={id} (newest first below it), after={id} (oldest first above it); a full page has a Link header rel=\"next\" that goes on from its last alert, which an alert raised or acknowledged meanwhile does not shift (an offset does).")
            .ProducesValidationProblem();

        group.MapGet("/stream", async Task<Results<ServerSentEventsResult<object>, ValidationProblem>> (
                [FromHeader(Name = "Last-Event-ID")] string? lastEventId, long? after, ISender sender, HttpContext http, CancellationToken ct) =>
            {
                var from = after;
                if (!string.IsNullOrWhiteSpace(lastEventId))
                {
                    if (!long.TryParse(lastEventId.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var resumed))
                    {
                        return Errors.ProblemDetailsExceptionHandler.Invalid("Last-Event-ID", Localized.Pick("Last-Event-ID must be the id of an alert event this stream sent (a whole number)",
                            "Last-Event-ID 须为本数据流发出的某条提醒事件的编号（整数）"));
                    }

                    from = resumed;
                }

                if (from < 0)
                {
                    // As the list says it (QueryRules.NotNegative): the stream said after 须为 0 或更大.
                    return Errors.ProblemDetailsExceptionHandler.Invalid("after", Localized.Pick("after must be 0 or more", "after 须为 0 或更大的整数"));
                }

                // The start is fixed before the headers go out: whatever is stored after the client sees 200 reaches it. A store that
                // does not answer cannot fix it; a 503 would end a browser's EventSource for good, so the stream opens all the same,
                // says the store is unavailable, and starts from the alerts raised from this moment once the store answers.
                if (from is null)
                {
                    try
                    {
                        from = await sender.Send(new LastAlertIdQuery(), ct).ConfigureAwait(false);
                    }
                    catch (Exception e) when (StoreFailures.IsUnavailable(e))
                    {
                        return TypedResults.ServerSentEvents(Events(http, sender, new Start(null, http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(), e), ct));
                    }
                }

                return TypedResults.ServerSentEvents(Events(http, sender, new Start(from, default, null), ct));
            })
            .RequireAuthorization(Policies.Read).WithName("StreamAlerts")
            .WithSummary("Server-sent events: each new alert of every instance as an `alert` event whose id is the alert id. Resume with Last-Event-ID; `after=0` replays all; without either, only alerts stored from now on. A `feed-status` event (no id; data as GET /api/v1/feeds/122/status) says when the 122 feed goes silent or comes back, and on connecting while it is silent; `keep-alive` events keep a quiet stream open.")
            .Produces<AlertView>(StatusCodes.Status200OK, "text/event-stream")
            .ProducesValidationProblem();

        group.MapGet("/{id}", async (long id, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new GetAlertQuery(id), ct).ConfigureAwait(false)))
            .RequireAuthorization(Policies.Read).WithName("GetAlert")
            .WithSummary("One alert as the list gives it, with what has overtaken it (`overtaken`, null while live).")
            .ProducesValidationProblem()
            .ProducesProblems(StatusCodes.Status404NotFound);

        group.MapPost("/{id}/acknowledge", async (long id, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey, System.Security.Claims.ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new AcknowledgeAlertCommand(id, IncidentEndpoints.ActorOf(user), idempotencyKey), ct).ConfigureAwait(false)))
            .RequireAuthorization(Policies.Acknowledge).WithName("AcknowledgeAlert")
            .WithSummary("A duty officer acknowledges an alert; who and when are recorded once, a second acknowledgement changes nothing.")
            .ProducesValidationProblem()
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity);

        group.MapPost("/acknowledge", async (AcknowledgeAlertsRequest? body, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey,
                    System.Security.Claims.ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new AcknowledgeAlertsCommand(body!, IncidentEndpoints.ActorOf(user), idempotencyKey), ct).ConfigureAwait(false)))
            .RequireAuthorization(Policies.Acknowledge).WithName("AcknowledgeAlerts")
            .WithSummary("A duty officer acknowledges every alert of one incident (incidentId) or of one 122 record (dispatchId) nobody has acknowledged, up to the newest alert id seen (through): one raised since is left unacknowledged. Answers the ids this request acknowledged (none when all already were), by whom and when.")
            .ProducesValidationProblem()
            .ProducesProblems(StatusCodes.Status422UnprocessableEntity);

        return app;
    }

    /// <summary>
    /// The <c>Link</c> header (RFC 8288) of a full page of GET /alerts: the same request, without <c>offset</c>, going on from the page's
    /// last alert (<c>before</c> it, newest first; or <c>after</c> it, oldest first, when the page was asked with <c>after</c>).
    /// </summary>
    private static string NextLink(HttpRequest request, long lastId, bool forward)
    {
        var query = request.Query
            .Where(p => !string.Equals(p.Key, "offset", StringComparison.OrdinalIgnoreCase)
                && !string.Equals(p.Key, forward ? "after" : "before", StringComparison.OrdinalIgnoreCase))
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)))
            .Append(new(forward ? "after" : "before", lastId.ToString(CultureInfo.InvariantCulture)));
        var target = request.PathBase + request.Path + QueryString.Create(query);
        return $"<{target}>; rel=\"next\"";
    }

    /// <summary>
    /// Where a stream starts: after the alert <paramref name="After"/>; or, when the store could not say which alert is the last
    /// (<paramref name="Failure"/>), with the first alert raised at or after <paramref name="OpenedAt"/>, found once it answers.
    /// </summary>
    private sealed record Start(long? After, DateTimeOffset OpenedAt, Exception? Failure);

    private static async IAsyncEnumerable<SseItem<object>> Events(HttpContext http, ISender sender, Start start, [EnumeratorCancellation] CancellationToken ct)
    {
        // A stream never ends by itself: it ends when the client goes away or the host stops (else a graceful
        // stop would wait for every open stream until its shutdown timeout).
        var stopping = http.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var until = CancellationTokenSource.CreateLinkedTokenSource(ct, stopping);

        // The result has set the event-stream headers by now; send them, so a client is connected (and its
        // start fixed) before the first alert, instead of waiting for it.
        await http.Response.Body.FlushAsync(until.Token).ConfigureAwait(false);

        // A silent stream sends a keep-alive event now and then, so a proxy does not close it as idle
        // (clients that listen for `alert` events ignore it).
        var options = http.RequestServices.GetRequiredService<IOptions<AlertOptions>>().Value;
        var clock = http.RequestServices.GetRequiredService<TimeProvider>();
        var log = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AlertEndpoints));

        // The store can fail under an open stream (PostgreSQL restarted, a full disk). The stream does not end then: a client that
        // reconnected would meet a 503 while it lasts, which a browser's EventSource takes as the end for good. It says so once as a
        // store-status event, reads again every poll interval from the last alert it sent, and says when the store answers again.
        var storeDown = false;

        // Logged once per outage and stream, not at every read that fails again.
        SseItem<object> Unavailable(Exception failure)
        {
            log.LogWarning(Hosting.LogEvents.AlertStreamStoreUnavailable, failure, "Alert stream: the store is unavailable; reading again every {Interval}", options.StreamPollInterval);
            return StoreStatusItem(false, failure, clock);
        }

        // While the store does not answer, the stream still sends a keep-alive as often as a quiet one would: else a proxy closes
        // it as idle, and the client reconnects only to meet the same outage.
        var quietSince = clock.GetUtcNow();
        bool KeepAliveDue()
        {
            if (clock.GetUtcNow() - quietSince < options.StreamKeepAlive)
            {
                return false;
            }

            quietSince = clock.GetUtcNow();
            return true;
        }

        // Opened while the store did not answer: said at once, then asked every poll interval where the stream starts.
        long last;
        if (start.After is { } after)
        {
            last = after;
        }
        else
        {
            storeDown = true;
            yield return Unavailable(start.Failure!);
            long? found = null;
            while (found is null)
            {
                if (!await PauseAsync(options.StreamPollInterval, clock, until.Token).ConfigureAwait(false))
                {
                    yield break;
                }

                found = await StartAsync(sender, start.OpenedAt, until.Token).ConfigureAwait(false);
                if (found is null && KeepAliveDue())
                {
                    yield return new SseItem<object>(null!, KeepAliveEvent);
                }
            }

            last = found.Value;
        }

        // Whether 122 still sends is looked at on connecting and then about as often as a keep-alive would go: a feed gone
        // silent (or back) is said as a feed-status event, so the duty office learns it where it watches its alerts.
        var (feed, stopped, failure) = await FeedStatusAsync(sender, until.Token).ConfigureAwait(false);
        if (stopped)
        {
            yield break;
        }

        var feedReadAt = clock.GetUtcNow();
        if (failure is not null)
        {
            if (!storeDown)
            {
                storeDown = true;
                yield return Unavailable(failure);
            }
        }
        else
        {
            if (storeDown)
            {
                storeDown = false;
                yield return StoreStatusItem(true, null, clock);
            }

            if (FeedStates.IsNews(null, feed!))
            {
                yield return FeedStatusItem(feed!);
            }
        }

        var enumerator = sender.CreateStream(new AlertStreamQuery(last), until.Token).GetAsyncEnumerator(until.Token);
        var next = enumerator.MoveNextAsync().AsTask();
        try
        {
            while (true)
            {
                bool keepAlive, stop = false;
                Exception? failed = null;
                try
                {
                    keepAlive = !next.IsCompleted && await QuietAsync(next, options.StreamKeepAlive, clock, until.Token).ConfigureAwait(false);
                    if (!keepAlive && !await next.ConfigureAwait(false))
                    {
                        yield break;
                    }
                }
                catch (OperationCanceledException) when (until.IsCancellationRequested)
                {
                    keepAlive = false;
                    stop = true;
                }
#pragma warning disable CA1031 // Whatever the store threw, the stream goes on: said to the client, logged, read again.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    keepAlive = false;
                    failed = e;
                }

                if (failed is not null)
                {
                    if (!storeDown)
                    {
                        storeDown = true;
                        quietSince = clock.GetUtcNow();
                        yield return Unavailable(failed);
                    }
                    else if (KeepAliveDue())
                    {
                        yield return new SseItem<object>(null!, KeepAliveEvent);
                    }

                    // The failed read ended its stream: a new one, after a poll interval, from the last alert sent.
                    await enumerator.DisposeAsync().ConfigureAwait(false);
                    stop = !await PauseAsync(options.StreamPollInterval, clock, until.Token).ConfigureAwait(false);
                    enumerator = sender.CreateStream(new AlertStreamQuery(last), until.Token).GetAsyncEnumerator(until.Token);
                    next = stop ? Task.FromResult(false) : enumerator.MoveNextAsync().AsTask();
                    if (stop)
                    {
                        yield break;
                    }

                    continue;
                }

                if (!stop && (keepAlive || clock.GetUtcNow() - feedReadAt >= options.StreamKeepAlive))
                {
                    var (now, ended, broken) = await FeedStatusAsync(sender, until.Token).ConfigureAwait(false);
                    stop = ended;
                    if (broken is not null)
                    {
                        feedReadAt = clock.GetUtcNow();
                        if (!storeDown)
                        {
                            storeDown = true;
                            yield return Unavailable(broken);
                            if (keepAlive)
                            {
                                continue;
                            }
                        }
                    }
                    else if (now is not null)
                    {
                        if (storeDown)
                        {
                            storeDown = false;
                            yield return StoreStatusItem(true, null, clock);
                        }

                        var news = FeedStates.IsNews(feed, now);
                        (feed, feedReadAt) = (now, clock.GetUtcNow());
                        if (news)
                        {
                            yield return FeedStatusItem(now);
                            if (keepAlive)
                            {
                                continue; // it keeps the connection alive as a keep-alive would
                            }
                        }
                    }
                }

                if (stop)
                {
                    yield break;
                }

                if (keepAlive)
                {
                    yield return new SseItem<object>(null!, KeepAliveEvent);
                    continue;
                }

                var alert = enumerator.Current;
                last = alert.Id;
                if (storeDown)
                {
                    storeDown = false;
                    yield return StoreStatusItem(true, null, clock);
                }

                yield return new SseItem<object>(alert, AlertEvent) { EventId = alert.Id.ToString(CultureInfo.InvariantCulture) };
                next = enumerator.MoveNextAsync().AsTask();
            }
        }
        finally
        {
            // The enumerator is disposed on the way out: its pending step must have ended first.
            await SettleAsync(next).ConfigureAwait(false);
            await enumerator.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The store-status event: the store stopped answering the stream (<paramref name="available"/> false, with the reason), or answers
    /// again. Data: <c>{"state":"unavailable"|"available","at":…,"summary":"…","reason":"…"}</c>; no id.
    /// </summary>
    private static SseItem<object> StoreStatusItem(bool available, Exception? reason, TimeProvider clock) => new(
        new StoreStatusView(
            available ? "available" : "unavailable",
            clock.GetUtcNow(),
            available ? "数据库已恢复：告警继续推送，中断期间产生的告警已补发" : "数据库暂不可用：告警推送暂停，恢复后自动续传，不会遗漏",
            reason?.Message),
        StoreStatusEvent);

    /// <summary>Waits <paramref name="interval"/> on the service clock; false when the stream is being stopped.</summary>
    private static async Task<bool> PauseAsync(TimeSpan interval, TimeProvider clock, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(interval, clock, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>The id after which a stream opened at <paramref name="openedAt"/> starts; null while the store does not answer.</summary>
    private static async Task<long?> StartAsync(ISender sender, DateTimeOffset openedAt, CancellationToken cancellationToken)
    {
        try
        {
            return await sender.Send(new LastAlertIdQuery(openedAt), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (StoreFailures.IsUnavailable(e) || (e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            return null; // still down; or the stream is being stopped, which the next pause finds
        }
    }

    private static SseItem<object> FeedStatusItem(FeedStatusView status) => new(status, FeedStatusEvent);

    /// <summary>The feed's status; or that the stream is being stopped; or the store's failure to say it.</summary>
    private static async Task<(FeedStatusView? Status, bool Stopped, Exception? Failure)> FeedStatusAsync(ISender sender, CancellationToken cancellationToken)
    {
        try
        {
            return (await sender.Send(new GetFeedStatusQuery(), cancellationToken).ConfigureAwait(false), false, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (null, true, null);
        }
#pragma warning disable CA1031 // The store failed: the caller says so on the stream and goes on.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return (null, false, e);
        }
    }

    private static async Task SettleAsync(Task step)
    {
        try
        {
            await step.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Only its end is awaited: cancelled as the stream stops, or failed on a store the stream has already said is down.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>True when <paramref name="quiet"/> passed on the service clock before <paramref name="next"/> completed.</summary>
    private static async Task<bool> QuietAsync(Task next, TimeSpan quiet, TimeProvider clock, CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (await Task.WhenAny(next, Task.Delay(quiet, clock, timer.Token)).ConfigureAwait(false) == next)
        {
            await timer.CancelAsync().ConfigureAwait(false);
            return false;
        }

        cancellationToken.ThrowIfCancellationRequested();
        return true;
    }
}
