using System.Security.Claims;
using System.Text;
using System.Text.Json;
using EmergencyPlans.Api.Auth;
using EmergencyPlans.Api.Errors;
using EmergencyPlans.Api.OpenApi;
using EmergencyPlans.Application.Feeds;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Infrastructure.Persistence;
using EmergencyPlans.Api.Hosting;
using EmergencyPlans.Application.Common;
using EmergencyPlans.Infrastructure.Persistence.Sqlite;
using EmergencyPlans.Core.Contract;
using Mediator;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

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
        var group = app.MapGroup("/api/v1/feeds/122").WithTags("Feed 122").ProducesAuthorisationProblems().UsesTheStore();

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
                answers and quarantine entries then carry the line's number in the file. The body is UTF-8 and not compressed: a
                charset other than utf-8 or a Content-Encoding other than identity is answered 415 and nothing is read. A body sent in
                chunks that passes the limit is answered 200 and ends with `{"aborted":"…","nextLine":N}`: send the rest from line N in
                smaller parts, each with `?firstLine=`.
                """)
            .Accepts<string>(Ndjson)
            .WithMetadata(TakesNoIdempotencyKey.Instance)
            .Produces<FeedLineResult>(StatusCodes.Status200OK, Ndjson)
            .ProducesValidationProblem()
            .ProducesProblems(StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);

        // A catch-all: a dispatchId may hold '/' (晋城/122/0007, which the schema allows), sent as it is or as %2F.
        group.MapGet("/dispatches/{**dispatchId}", async (string? dispatchId, HttpContext http, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new GetFeedDispatchQuery(DispatchIdOf(http, dispatchId)), ct).ConfigureAwait(false)))
            .RequireAuthorization(Policies.Read).WithName("GetFeed122Dispatch")
            .WithSummary("One dispatch record (接警单): the message applied last, its incident, and every message kept for it in the order received.")
            .WithDescription("""
                Each message with its outcome (opened | updated | routine | stale), sequence, updatedAt, when it was received, by whom,
                its line number in the submission and the line verbatim. A duplicate is not kept again (the first copy is here); a
                conflict is in the quarantine. 404 for a dispatchId the feed has not applied. A dispatchId holding '/' is sent with it
                percent-encoded (%2F) or as it is. docs/feed-122.md.
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
        group.MapGet("/quarantine", async (long? after, int? limit, bool? includeResolved, string? kind, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new ListFeedQuarantineQuery(after, limit, includeResolved, kind), ct).ConfigureAwait(false)))
            .RequireAuthorization(Policies.Read).WithName("ListFeed122Quarantine")
            .WithSummary("Quarantined lines, oldest first (unresolved unless includeResolved): verbatim, with line number, field and error.")
            .WithDescription("""
                Each entry's kind is invalid (the sender must correct the line), conflict (an eventId received with other content) or
                failed (a valid record the service failed on: the dead letter, re-submitted once the fault is fixed); kind=failed lists
                only those, in pages like any other (limit entries of that kind, next while there may be more). docs/feed-122.md.
                """)
            .ProducesValidationProblem();

        group.MapPost("/quarantine/{id}/resubmit", async Task<IResult> (long id, HttpRequest request, FeedOptions options, IOptions<ApiLimitsOptions> limits,
                ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            {
                if (Unreadable(request) is { } refused)
                {
                    return refused;
                }

                // The body is one line: it may be as long as a line of the feed (MaxLineBytes) and its line ending, even where that
                // is more than the ordinary body limit (a valid line of 65,536 bytes and its "\n" was answered 413).
                var most = Math.Max(limits.Value.MaxRequestBodyBytes, options.MaxLineBytes + 2L);
                if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
                {
                    limit.MaxRequestBodySize = most;
                }

                string line;
                try
                {
                    using var reader = new StreamReader(request.Body, Encoding.UTF8);
                    line = await reader.ReadToEndAsync(ct).ConfigureAwait(false);
                }
                catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
                {
                    // Refused by the server as it began to read (Content-Length) or as it passed the limit (chunks), which also
                    // closes the connection: an answer given before reading, the rest left unread, was cut off by the drain.
                    return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: Errors.ProblemDetailsExceptionHandler.BodyTooLarge,
                        detail: Localized.Pick(
                            $"A re-submitted line is at most {options.MaxLineBytes} bytes (EmergencyPlans:Feed:MaxLineBytes) and its line ending ({most} bytes in all).",
                            $"重新提交的一行至多 {options.MaxLineBytes} 字节（EmergencyPlans:Feed:MaxLineBytes）加行尾（共 {most} 字节）。"));
                }

                // Written as the stream writes each line's answer (absent members left out), so one parser reads both.
                return TypedResults.Json(await sender.Send(new ResubmitFeedLineCommand(id, line, IncidentEndpoints.ActorOf(user)), ct).ConfigureAwait(false),
                    FeedAnswer.Json);
            })
            .RequireAuthorization(Policies.Ingest).WithName("ResubmitFeed122Line")
            .WithSummary("Re-submit a corrected line for a quarantine entry; processed like any line, and the entry is resolved when it is taken.")
            .WithDescription("""
                The corrected line must carry the entry's eventId when the entry has a valid one (409 naming `eventId`, with
                `expectedEventId` and `receivedEventId`, otherwise; nothing is stored). An entry without a readable eventId takes any
                valid line. A resolved entry takes only the line that resolved it again (409 otherwise). The body is one line of at most
                EmergencyPlans:Feed:MaxLineBytes bytes and its line ending (413 beyond), UTF-8 and not compressed (415 for another
                charset or a Content-Encoding other than identity). docs/feed-122.md, Quarantine.
                """)
            .Accepts<string>(Ndjson, "application/json")
            .WithMetadata(TakesNoIdempotencyKey.Instance)
            .Produces<FeedLineResult>(StatusCodes.Status200OK)
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict,
                StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);

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
        // The feed's answers, its problem documents included, are its interface (docs/feed-122.md): English whatever the sender's
        // Accept-Language. Set inside this asynchronous method, the culture goes back to the caller's when it returns.
        System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.InvariantCulture;
        if (Unreadable(http.Request) is { } refused)
        {
            await refused.ExecuteAsync(http).ConfigureAwait(false);
            return;
        }

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
            await TooLarge(options).ExecuteAsync(http).ConfigureAwait(false);
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
        // The number in the file of the line an aborted answer asks to be sent from: the one after the last line answered.
        var next = first;
        try
        {
            var summary = await ingestor.IngestAsync(http.Request.Body, first, IncidentEndpoints.ActorOf(user).Name, async (result, token) =>
            {
                next = result.Line + 1;
                await JsonSerializer.SerializeAsync(body, result, FeedAnswer.Json, token).ConfigureAwait(false);
                await body.WriteAsync(NewLine, token).ConfigureAwait(false);
            },
            // Each group is sent as soon as it is committed: a whole group, or the lines taken before the sender paused.
            token => new ValueTask(body.FlushAsync(token)), ct).ConfigureAwait(false);
            await JsonSerializer.SerializeAsync(body, new { summary }, FeedAnswer.Json, ct).ConfigureAwait(false);
            await body.WriteAsync(NewLine, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not (OperationCanceledException or BadHttpRequestException) && http.Response.HasStarted)
        {
            // The answer has begun: a problem document can no longer be sent, so the answer says where it stopped.
            var failure = StoreFailures.Of(e);
            var log = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FeedEndpoints));
            if (failure is not null && !http.RequestServices.GetRequiredService<Errors.StoreFailureLog>().First(http, failure))
            {
                // The same failure as the requests before: one line, logged by the failure log.
            }
            else if (failure is { Busy: true })
            {
                // Another process's write lock past the store's wait: expected and transient, the sender resends from the line named.
                log.LogWarning(Hosting.LogEvents.FeedIngestStoreBusy, e, "122 feed ingest stopped mid-way: the store is busy");
            }
            else
            {
                log.LogError(Hosting.LogEvents.FeedIngestFailed, e, "122 feed ingest failed mid-way");
            }

            if (failure is not null)
            {
                http.RequestServices.GetRequiredService<StoreDamageWatch>().Saw(failure);
            }

            var paths = http.RequestServices.GetRequiredService<Errors.ClientText>();
            var reason = failure is { } store
                ? $"the store is unavailable: {paths.WithoutPaths(store.English)}; the lines answered above are committed, send the rest again from line {next} once it is fixed"
                : ExceptionChain.Find<SqliteStoreRestoringException>(e) is not null
                    ? $"the store is being restored; the lines answered above are committed, send the rest again from line {next} once the restore has ended"
                    : $"the service failed; the lines answered above are committed, send the rest again from line {next}: " + paths.WithoutPaths(e.Message);
            await WriteAbortAsync(body, reason, next).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge && !http.Response.HasStarted)
        {
            // A body sent in chunks passed the limit before any line was answered (so before any was committed): still a 413.
            response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            response.ContentType = null;
            await TooLarge(options).ExecuteAsync(http).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e)
        {
            // The body broke off or passed the feed limit after the answer began (a body sent in chunks has no Content-Length to
            // refuse it by before): say so in the answer itself, and from which line to go on. Sending the same body again would
            // pass the limit again; FeedClient sends a file in parts, each with ?firstLine=N.
            await WriteAbortAsync(body, e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? $"the body passed the feed limit of {options.MaxRequestBytes} bytes (EmergencyPlans:Feed:MaxRequestBytes); the lines answered above are committed: "
                  + $"send the rest of the file from line {next} in parts under the limit, each with ?firstLine= its first line's number in the file"
                : $"the request body could not be read to the end: {e.Message}; the lines answered above are committed, send the rest again from line {next}",
                next).ConfigureAwait(false);
        }
    }

    private static ProblemHttpResult TooLarge(FeedOptions options) =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Feed body too large",
            detail: $"A feed submission is at most {options.MaxRequestBytes} bytes (EmergencyPlans:Feed:MaxRequestBytes); split the file into parts, each with ?firstLine= its first line's number in the file.");

    /// <summary>
    /// The 415 for a body the feed cannot read as it was sent, or null: a Content-Encoding other than identity (gzip's bytes were
    /// read as lines, each refused as not UTF-8 and quarantined as garbage, RFC 9110 §8.4.1), or a charset other than UTF-8 (the
    /// feed is UTF-8; docs/feed-122.md). Asked before anything of the body is read.
    /// </summary>
    internal static IResult? Unreadable(HttpRequest request)
    {
        foreach (var value in request.Headers.ContentEncoding)
        {
            foreach (var coding in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!coding.Equals("identity", StringComparison.OrdinalIgnoreCase))
                {
                    // RFC 9110 §12.5.3: the codings this resource takes in a request.
                    request.HttpContext.Response.Headers.AcceptEncoding = "identity";
                    return Unsupported("Content-Encoding", Localized.Pick(
                        $"'{Shown(coding)}' is not accepted: send the body uncompressed (no Content-Encoding, or identity)",
                        $"不接受“{Shown(coding)}”：请发送未压缩的请求体（不带 Content-Encoding，或为 identity）"));
                }
            }
        }

        if (request.ContentType is { } type && Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(type, out var media)
            && media.Charset.HasValue)
        {
            var charset = Microsoft.Net.Http.Headers.HeaderUtilities.RemoveQuotes(media.Charset).Value ?? "";
            if (!charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
            {
                return Unsupported("Content-Type", Localized.Pick(
                    $"charset '{Shown(charset)}' is not accepted: the feed is UTF-8 (docs/feed-122.md); send the body in UTF-8, with charset=utf-8 or no charset",
                    $"不接受字符集“{Shown(charset)}”：数据接口为 UTF-8（docs/feed-122.md）；请以 UTF-8 发送，charset=utf-8 或不写 charset"));
            }
        }

        return null;

        static string Shown(string value) => value.Length > 40 ? value[..40] + "…" : value;
    }

    private static ProblemHttpResult Unsupported(string header, string problem) =>
        TypedResults.Problem(Errors.ProblemDetailsExceptionHandler.OneField(
            StatusCodes.Status415UnsupportedMediaType, Localized.Pick("Unsupported Media Type", "不支持的请求体类型"), header, problem));

    /// <summary>
    /// The dispatchId of a history request, '/' included: routing leaves %2F undecoded in the path (晋城%2F122%2F0007 was looked up
    /// as written and not found), so the id is decoded from the request's target as sent when it can be, which also keeps an id
    /// holding "%2F" itself (sent as %252F) apart; otherwise from the route value, %2F read as '/'.
    /// </summary>
    private static string DispatchIdOf(HttpContext http, string? routed)
    {
        const string Prefix = "/api/v1/feeds/122/dispatches/";
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (raw is not null)
        {
            var query = raw.IndexOf('?', StringComparison.Ordinal);
            var path = query < 0 ? raw : raw[..query];
            var start = http.Request.PathBase.ToUriComponent() + Prefix;
            if (path.StartsWith(start, StringComparison.Ordinal))
            {
                try
                {
                    return Uri.UnescapeDataString(path[start.Length..]);
                }
                catch (UriFormatException)
                {
                    // Not percent-encoding as written: the route value below.
                }
            }
        }

        return (routed ?? "").Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
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

    /// <summary>
    /// Ends an answer that began: <c>aborted</c> says why, <c>nextLine</c> the number in the file of the line after the last one
    /// answered, from which the sender goes on (<c>?firstLine=</c>).
    /// </summary>
    private static async Task WriteAbortAsync(Stream body, string reason, long nextLine)
    {
        await JsonSerializer.SerializeAsync(body, new { aborted = reason, nextLine }, FeedAnswer.Json).ConfigureAwait(false);
        await body.WriteAsync(NewLine).ConfigureAwait(false);
    }
}
