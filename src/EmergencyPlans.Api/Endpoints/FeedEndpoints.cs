using System.Security.Claims;
using System.Text;
using System.Text.Json;
using EmergencyPlans.Api.Auth;
using EmergencyPlans.Api.OpenApi;
using EmergencyPlans.Application.Feeds;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Infrastructure.Persistence;
using Mediator;
using Microsoft.AspNetCore.Http.Features;

namespace EmergencyPlans.Api.Endpoints;

/// <summary>
/// The 122 dispatch feed (docs/feed-122.md): POST an NDJSON body, get one NDJSON answer per line as each
/// group of lines is committed, then a summary line. The feed role writes through here only.
/// </summary>
public static class FeedEndpoints
{
    /// <summary>The media type of the request and answer bodies.</summary>
    public const string Ndjson = "application/x-ndjson";

    private static readonly byte[] NewLine = "\n"u8.ToArray();

    public static IEndpointRouteBuilder MapFeeds(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/feeds/122").WithTags("Feed 122").ProducesAuthorisationProblems();

        group.MapPost("/", Ingest)
            .RequireAuthorization(Policies.Ingest).WithName("IngestFeed122")
            .WithSummary("Ingest 122 dispatch records (NDJSON, one record per line; docs/feed-122.md); firstLine=N numbers the lines of a part from N.")
            .WithDescription("""
                Streams the body: lines are decided in order and committed in groups; each line is answered (NDJSON,
                `{"line","status","eventId","dispatchId","sequence","outcome","incidentId","field","reason","quarantineId"}`,
                status accepted | duplicate | stale | conflict | rejected) only after the commit that holds it, and the
                answer ends with `{"summary":{…}}`. A bad line is quarantined and never stops the batch. The body is not
                bound by the ordinary body limit; EmergencyPlans:Feed:MaxRequestBytes applies. If the service fails
                mid-way the answer ends with `{"aborted":"…"}`: lines answered before it are committed, send the rest again
                (a line sent twice is a duplicate). A file sent in parts gives each part's first line number in the file as
                `?firstLine=N` (a whole number from 1 to 9007199254740991, i.e. 2^53-1, the largest a JSON client reads exactly, less the
                body's length in bytes, so that its last line's number stays within it too; default 1; anything else is answered 400):
                answers and quarantine entries then carry the line's number in the file.
                """)
            .Accepts<string>(Ndjson)
            .WithMetadata(TakesNoIdempotencyKey.Instance)
            .Produces<FeedLineResult>(StatusCodes.Status200OK, Ndjson)
            .ProducesValidationProblem()
            .ProducesProblems(StatusCodes.Status413PayloadTooLarge);

        group.MapGet("/dispatches/{dispatchId}", async (string dispatchId, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new GetFeedDispatchQuery(dispatchId), ct).ConfigureAwait(false)))
            .RequireAuthorization(Policies.Read).WithName("GetFeed122Dispatch")
            .WithSummary("One dispatch record (接警单): the message applied last, its incident, and every message kept for it in the order received.")
            .WithDescription("""
                Each message with its outcome (opened | updated | routine | stale), sequence, updatedAt, when it was received, by whom,
                its line number in the submission and the line verbatim. A duplicate is not kept again (the first copy is here); a
                conflict is in the quarantine. 404 for a dispatchId the feed has not applied. docs/feed-122.md.
                """)
            .Produces<FeedDispatchView>(StatusCodes.Status200OK)
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status404NotFound);
        group.MapGet("/status", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new GetFeedStatusQuery(), ct).ConfigureAwait(false)))
            .RequireAuthorization(Policies.Read).WithName("GetFeed122Status")
            .WithSummary("Is the feed flowing: when it last brought something new, whether that is longer ago than the silence alarm, and the open quarantine.")
            .WithDescription("""
                `state` is receiving | silent | never-received: silent when neither a new message nor a new quarantined line has come for
                longer than EmergencyPlans:Feed:SilenceAlarm (default one hour; zero turns it off). Duplicates bring nothing new and do
                not count. The health check `feed-122` reads the same and is Degraded while silent. `summary` says it in Chinese for the
                duty office. docs/feed-122.md, "Is the feed flowing?".
                """)
            .Produces<FeedStatusView>(StatusCodes.Status200OK);
        group.MapGet("/quarantine", async (long? after, int? limit, bool? includeResolved, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new ListFeedQuarantineQuery(after, limit, includeResolved), ct).ConfigureAwait(false)))
            .RequireAuthorization(Policies.Read).WithName("ListFeed122Quarantine")
            .WithSummary("Quarantined lines, oldest first (unresolved unless includeResolved): verbatim, with line number, field and error.")
            .ProducesValidationProblem();

        group.MapPost("/quarantine/{id}/resubmit", async (long id, HttpRequest request, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            {
                using var reader = new StreamReader(request.Body, Encoding.UTF8);
                var line = await reader.ReadToEndAsync(ct).ConfigureAwait(false);
                // Written as the stream writes each line's answer (absent members left out), so one parser reads both.
                return TypedResults.Json(await sender.Send(new ResubmitFeedLineCommand(id, line, IncidentEndpoints.ActorOf(user)), ct).ConfigureAwait(false),
                    FeedAnswer.Json);
            })
            .RequireAuthorization(Policies.Ingest).WithName("ResubmitFeed122Line")
            .WithSummary("Re-submit a corrected line for a quarantine entry; processed like any line, and the entry is resolved when it is taken.")
            .WithDescription("""
                The corrected line must carry the entry's eventId when the entry has a valid one (409 naming `eventId`, with
                `expectedEventId` and `receivedEventId`, otherwise; nothing is stored). An entry without a readable eventId takes any
                valid line. A resolved entry takes only the line that resolved it again (409 otherwise). docs/feed-122.md, Quarantine.
                """)
            .Accepts<string>(Ndjson, "application/json")
            .WithMetadata(TakesNoIdempotencyKey.Instance)
            .Produces<FeedLineResult>(StatusCodes.Status200OK)
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        group.MapPost("/quarantine/{id}/dismissal", async (long id, FeedDismissalRequest? body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new DismissFeedQuarantineCommand(id, body, IncidentEndpoints.ActorOf(user)), ct).ConfigureAwait(false)))
            .RequireAuthorization(Policies.Ingest).WithName("DismissFeed122QuarantineEntry")
            .WithMetadata(TakesNoIdempotencyKey.Instance)
            .WithSummary("Close an open quarantine entry without a corrected line, saying why (body {\"reason\": \"...\"}); it then takes no line.")
            .WithDescription("""
                For a line that cannot be corrected through its entry: its eventId is itself the typo (a correction must carry the entry's
                eventId), the sender withdrew the record, or sent it to the feed under its own id. The entry is resolved at the service's
                time with `dismissedBy` and `dismissalReason`, and no line is stored or applied. 409 when the entry is already resolved
                or dismissed. docs/feed-122.md, Quarantine.
                """)
            .Produces<FeedQuarantineEntry>(StatusCodes.Status200OK)
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        return app;
    }

    private static async Task Ingest(HttpContext http, FeedIngestor ingestor, FeedOptions options, ClaimsPrincipal user,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "firstLine")] string? firstLine, CancellationToken ct)
    {
        // The number in the file of the body's first line, for a file sent in parts (FeedClient): a whole number from 1 to 2^53-1
        // (FeedIngestor.MaxFirstLine). Unbounded, 9223372036854775807 numbered the next lines -9223372036854775808, … and stored them so.
        long first = 1;
        if (firstLine is not null && !(long.TryParse(firstLine, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out first)
                                       && first is >= 1 and <= FeedIngestor.MaxFirstLine))
        {
            var shown = firstLine.Length > 40 ? firstLine[..40] + "…" : firstLine;
            await Errors.ProblemDetailsExceptionHandler.Invalid(
                    "firstLine", $"must be a whole number from 1 to {FeedIngestor.MaxFirstLine} (the number in the file of the body's first line), not '{shown}'")
                .ExecuteAsync(http).ConfigureAwait(false);
            return;
        }

        // The feed's own limit instead of the ordinary one; set before the body is read.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = options.MaxRequestBytes;
        }

        if (http.Request.ContentLength > options.MaxRequestBytes)
        {
            await TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Feed body too large",
                detail: $"A feed submission is at most {options.MaxRequestBytes} bytes (EmergencyPlans:Feed:MaxRequestBytes); split the file.")
                .ExecuteAsync(http).ConfigureAwait(false);
            return;
        }

        // Every line but the last ends with a line break, so the body's last line is at most firstLine plus its length in bytes (the
        // feed's limit for a body sent in chunks): bounded so, the last line's number stays within 2^53-1 too, exact for every client.
        var span = http.Request.ContentLength ?? options.MaxRequestBytes;
        if (first > FeedIngestor.MaxFirstLine - span)
        {
            await Errors.ProblemDetailsExceptionHandler.Invalid(
                    "firstLine", $"with a body of up to {span} bytes, must be at most {FeedIngestor.MaxFirstLine - span}: the number of the body's last line must stay within {FeedIngestor.MaxFirstLine} (2^53-1)")
                .ExecuteAsync(http).ConfigureAwait(false);
            return;
        }

        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = Ndjson;
        var body = response.Body;
        var pending = 0;
        try
        {
            var summary = await ingestor.IngestAsync(http.Request.Body, first, IncidentEndpoints.ActorOf(user).Name, async (result, token) =>
            {
                await JsonSerializer.SerializeAsync(body, result, FeedAnswer.Json, token).ConfigureAwait(false);
                await body.WriteAsync(NewLine, token).ConfigureAwait(false);
                // Each group is answered as soon as it is committed.
                if (++pending >= options.BatchSize)
                {
                    pending = 0;
                    await body.FlushAsync(token).ConfigureAwait(false);
                }
            }, ct).ConfigureAwait(false);
            await JsonSerializer.SerializeAsync(body, new { summary }, FeedAnswer.Json, ct).ConfigureAwait(false);
            await body.WriteAsync(NewLine, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not (OperationCanceledException or BadHttpRequestException) && http.Response.HasStarted)
        {
            // The answer has begun: a problem document can no longer be sent, so the answer says where it stopped.
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FeedEndpoints)).LogError(e, "122 feed ingest failed mid-way");
            var failure = StoreFailures.Of(e);
            if (failure is not null)
            {
                http.RequestServices.GetRequiredService<StoreDamageWatch>().Saw(failure);
            }

            await WriteAbortAsync(body, failure is { } store
                ? $"the store is unavailable: {store.English}; the lines answered above are committed, send the rest again once it is fixed"
                : "the service failed; the lines answered above are committed, send the rest again: " + e.Message).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e)
        {
            // The body broke off or passed the feed limit after the answer began: say so in the answer itself.
            await WriteAbortAsync(body, e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? $"the body passed the feed limit of {options.MaxRequestBytes} bytes; the lines answered above are committed"
                : "the request body could not be read to the end: " + e.Message).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Marks the feed's POSTs, which take no Idempotency-Key because the request is its own key (OpenAPI leaves the header off
    /// them): every line carries its eventId, so a line sent twice is a duplicate whatever the request; a quarantine entry is
    /// dismissed once, and a dismissal sent again is answered 409 with the one that stands.
    /// </summary>
    public sealed class TakesNoIdempotencyKey
    {
        public static readonly TakesNoIdempotencyKey Instance = new();

        private TakesNoIdempotencyKey()
        {
        }
    }

    private static async Task WriteAbortAsync(Stream body, string reason)
    {
        await JsonSerializer.SerializeAsync(body, new { aborted = reason }, FeedAnswer.Json).ConfigureAwait(false);
        await body.WriteAsync(NewLine).ConfigureAwait(false);
    }
}
