using System.Globalization;
using System.Security.Claims;
using EmergencyPlans.Api.Auth;
using EmergencyPlans.Api.Errors;
using EmergencyPlans.Api.OpenApi;
using EmergencyPlans.Application.Common;
using EmergencyPlans.Application.Incidents;
using EmergencyPlans.Core.Contract;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace EmergencyPlans.Api.Endpoints;

/// <summary>Incidents: thin endpoints that turn HTTP into a Mediator request and a view into a typed result with its ETag.</summary>
public static class IncidentEndpoints
{
    public static IEndpointRouteBuilder MapIncidents(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/incidents").WithTags("Incidents").UsesTheStore().AddEndpointFilter(StaleVersionFilter)
            .ProducesAuthorisationProblems();

        group.MapPost("/", async (OpenIncidentRequest? body, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey, ClaimsPrincipal user, ISender sender, HttpContext http, CancellationToken ct) =>
            {
                var view = (await sender.Send(new OpenIncidentCommand(body!, ActorOf(user), idempotencyKey), ct).ConfigureAwait(false)).RequiredView;
                SetETag(http, view);
                return TypedResults.Created($"/api/v1/incidents/{view.Id}", view);
            })
            .RequireAuthorization(Policies.Report).WithName("OpenIncident").WithSummary("Open an incident from its first report (首报).").ProducesValidationProblem()
            .ProducesProblems(StatusCodes.Status422UnprocessableEntity);

        group.MapGet("/", async (bool? open, string? plan, string? level, string? responseState, bool? overdue, int? limit, int? offset, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new ListIncidentsQuery(open, plan, level, overdue, limit, offset, responseState), ct).ConfigureAwait(false)))
            .RequireAuthorization(Policies.Read).WithName("ListIncidents")
            .WithSummary("Incidents, newest first; filters open, plan, level, responseState (NotActivated, Proposed, Active, Terminated), overdue.")
            .ProducesValidationProblem();

        // {id} without a route constraint: an id that is no UUID is bound, refused and answered 400 naming id (a constraint made it
        // a 404 without a word, as for a path that does not exist). The same for the alerts' and the quarantine's numeric ids.
        group.MapGet("/{id}", async (Guid id, ISender sender, HttpContext http, CancellationToken ct) =>
            {
                var view = await sender.Send(new GetIncidentQuery(id), ct).ConfigureAwait(false);
                SetETag(http, view);
                return TypedResults.Ok(view);
            })
            .RequireAuthorization(Policies.Read).WithName("GetIncident").WithSummary("Figures, current decision, obligations with status, and the timeline.")
            .ProducesProblems(StatusCodes.Status404NotFound);

        group.MapPost("/{id}/reports", (Guid id, FileReportRequest? body, [FromHeader(Name = "If-Match")] string? ifMatch, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey, ClaimsPrincipal user, ISender sender, HttpContext http, CancellationToken ct) =>
                Change(http, sender.Send(new FileReportCommand(id, Version(ifMatch), body!, ActorOf(user), idempotencyKey), ct)))
            .RequireAuthorization(Policies.Report).WithName("FileReport").WithSummary("A continuation (续报) or final (终报) report.").ProducesValidationProblem()
            .ProducesProblems(ChangeProblems);

        group.MapPost("/{id}/response", (Guid id, ResponseDecisionRequest? body, [FromHeader(Name = "If-Match")] string? ifMatch, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey, ClaimsPrincipal user, ISender sender, HttpContext http, CancellationToken ct) =>
                Change(http, sender.Send(new DecideResponseCommand(id, Version(ifMatch), body!, ActorOf(user), idempotencyKey), ct)))
            .RequireAuthorization(Policies.Decide).WithName("DecideResponse").WithSummary("Activate or adjust the response level (authority per plan; a lowering, like an end, by the body that decided the level in force or a role above it in its organ, or in construction a deputy on the commander's delegation, delegatedByCommander, for a level the delegation reaches: Ⅱ and Ⅲ, not Ⅰ); or propose a level (the office) and decline a proposal (the decider).").ProducesValidationProblem()
            .ProducesProblems(ChangeProblems);

        group.MapPost("/{id}/response/termination", (Guid id, TerminationRequest? body, [FromHeader(Name = "If-Match")] string? ifMatch, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey, ClaimsPrincipal user, ISender sender, HttpContext http, CancellationToken ct) =>
                Change(http, sender.Send(new TerminateResponseCommand(id, Version(ifMatch), body!, ActorOf(user), idempotencyKey), ct)))
            .RequireAuthorization(Policies.Decide).WithName("TerminateResponse").WithSummary("End the response: only the body that started it or a role above it in its organ (谁启动、谁终止), or in construction a deputy on the commander's delegation (delegatedByCommander, C 4.3.2(2), 4.6) for a level the delegation reaches (Ⅱ and Ⅲ, not Ⅰ); or, where the plan has it (N 2.2(2)), the office proposes the end (action propose) and that body declines it (action decline).").ProducesValidationProblem()
            .ProducesProblems(ChangeProblems);

        group.MapPost("/{id}/clock-events", (Guid id, ClockEventRequest? body, [FromHeader(Name = "If-Match")] string? ifMatch, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey, ClaimsPrincipal user, ISender sender, HttpContext http, CancellationToken ct) =>
                Change(http, sender.Send(new RecordClockEventCommand(id, Version(ifMatch), body!, ActorOf(user), idempotencyKey), ct)))
            .RequireAuthorization(Policies.Report).WithName("RecordClockEvent")
            .WithSummary("Record what starts or ends duty clocks: a city verification request, a dispatch order, arrival on site, special circumstances, handling finished, the situation stable.")
            .ProducesValidationProblem()
            .ProducesProblems(ChangeProblems);

        group.MapPost("/{id}/obligations/{code}/fulfilment", (Guid id, string code, FulfilmentRequest? body, [FromHeader(Name = "If-Match")] string? ifMatch, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey, ClaimsPrincipal user, ISender sender, HttpContext http, CancellationToken ct) =>
                Change(http, sender.Send(new FulfilObligationCommand(id, code, Version(ifMatch), body, ActorOf(user), idempotencyKey), ct)))
            .RequireAuthorization(Policies.Fulfil).WithName("FulfilObligation").WithSummary("Mark a report as made; on time or late is computed.").ProducesValidationProblem()
            .ProducesProblems(ChangeProblems);

        group.MapPost("/{id}/warnings", (Guid id, WarningRequest? body, [FromHeader(Name = "If-Match")] string? ifMatch, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey, ClaimsPrincipal user, ISender sender, HttpContext http, CancellationToken ct) =>
                Change(http, sender.Send(new ChangeWarningCommand(id, Version(ifMatch), body!, ActorOf(user), idempotencyKey), ct)))
            .RequireAuthorization(Policies.Warn).WithName("ChangeWarning").WithSummary("Propose, issue, adjust, lift or reject a road warning.").ProducesValidationProblem()
            .ProducesProblems(ChangeProblems);

        group.MapPost("/{id}/feed-records", (Guid id, LinkFeedRecordRequest? body, [FromHeader(Name = "If-Match")] string? ifMatch, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey, ClaimsPrincipal user, ISender sender, HttpContext http, CancellationToken ct) =>
                Change(http, sender.Send(new LinkFeedRecordCommand(id, Version(ifMatch), body!, ActorOf(user), idempotencyKey), ct)))
            .RequireAuthorization(Policies.Report).WithName("LinkFeedRecord")
            .WithSummary("Tie a road incident opened over REST to the 122 dispatch record of the same accident: 122's later messages of the record are filed on it as continuations, instead of opening a second incident.")
            .ProducesValidationProblem()
            .ProducesProblems(ChangeProblems);

        return app;
    }

    /// <summary>
    /// A change to an existing incident: 404 unknown incident, 409 not allowed in its state, 412 stale If-Match,
    /// 422 Idempotency-Key reused with another body, 428 If-Match missing.
    /// </summary>
    private static readonly int[] ChangeProblems =
    [
        StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status412PreconditionFailed,
        StatusCodes.Status422UnprocessableEntity, StatusCodes.Status428PreconditionRequired,
    ];

    private static async Task<Ok<IncidentView>> Change(HttpContext http, ValueTask<IncidentChange> change)
    {
        var view = (await change.ConfigureAwait(false)).RequiredView;
        SetETag(http, view);
        return TypedResults.Ok(view);
    }

    /// <summary>
    /// 412 with the current ETag. The exception handler middleware clears ETag and cache headers before it
    /// writes, so the stale case is answered here, with the same problem document.
    /// </summary>
    private static async ValueTask<object?> StaleVersionFilter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (StaleVersionException stale)
        {
            var current = $"\"{stale.Current.ToString(CultureInfo.InvariantCulture)}\"";
            context.HttpContext.Response.Headers.ETag = current;
            var problem = Errors.ProblemDetailsExceptionHandler.Stale(stale);
            if (stale.Expected < 0 && context.HttpContext.Request.Headers.IfMatch.ToString().Trim().StartsWith("W/", StringComparison.Ordinal))
            {
                // The tag may even name the current version: say why it still did not match, and what to send instead.
                problem.Title = Localized.Pick("A weak entity tag never matches If-Match", "弱实体标签（W/）永不匹配 If-Match");
                problem.Detail = Localized.Pick(
                    "If-Match uses the strong comparison (RFC 9110 13.1.1), under which a weak entity tag (W/\"…\") matches no "
                    + $"version; the incident is at version {stale.Current.ToString(CultureInfo.InvariantCulture)}. Send the ETag as the "
                    + $"service sent it, without W/ (e.g. {current}), after reviewing the current state.",
                    "If-Match 用强比较（RFC 9110 13.1.1），弱实体标签（W/\"…\"）不匹配任何版本；事件现为第 "
                    + $"{stale.Current.ToString(CultureInfo.InvariantCulture)} 版。请查看当前状态后，按服务发来的原样发送 ETag，不带 W/（如 {current}）。");
            }

            return TypedResults.Problem(problem);
        }
    }

    internal static Actor ActorOf(ClaimsPrincipal user) =>
        new(user.Identity?.Name ?? "unknown", user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToArray(), user.FindFirst(Auth.ApiPrincipal.IdClaim)?.Value);

    private static void SetETag(HttpContext http, IncidentView view) =>
        http.Response.Headers.ETag = $"\"{view.Version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>
    /// "5" → 5; absent → null (the handler answers 428); * → 428 at once. An entity tag that is no version ("abc", "-1") → -1,
    /// which never matches: 412, as RFC 9110 answers a tag that does not match. A weak tag (W/"5") → -1 too: If-Match uses the
    /// strong comparison (RFC 9110 13.1.1), under which a weak tag matches nothing, so it is 412 (said so by
    /// <see cref="StaleVersionFilter"/>), never applied. Anything that is not one entity tag (5 without its quotes, W/ alone,
    /// "5"x, a list of tags) → 400 naming the header: it was read as version -1 and answered 412 "you sent version -1", as if
    /// the incident had moved, and a bare 5 was read as version 5 though the README calls for the ETag as the service sent it.
    /// </summary>
    private static long? Version(string? ifMatch)
    {
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            return null;
        }

        var text = ifMatch.Trim();
        if (text == "*")
        {
            // "Any version" would defeat the lost-update check: ask for the real ETag (428), saying why this one is refused.
            throw new PreconditionRequiredException(Localized.Pick(
                "If-Match: * is not accepted: it matches any version, so a change could overwrite one you have not seen. "
                + "Send the ETag from your last GET of this incident.",
                "不接受 If-Match: *：它匹配任何版本，变更可能覆盖您未看到的版本。请发送您最近一次 GET 本事件所得的 ETag。"));
        }

        var weak = text.StartsWith("W/", StringComparison.Ordinal);
        var tag = weak ? text[2..] : text;

        // RFC 9110 8.8.3: DQUOTE *etagc DQUOTE, etagc being any visible character but DQUOTE (and obs-text).
        if (tag.Length >= 2 && tag[0] == '"' && tag[^1] == '"' && tag[1..^1].All(c => c is '!' or (>= '#' and <= '~') or >= '\u0080'))
        {
            return !weak && long.TryParse(tag[1..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : -1;
        }

        var shown = ifMatch.Length > 100 ? ifMatch[..100] + "…" : ifMatch;
        throw new FluentValidation.ValidationException([new FluentValidation.Results.ValidationFailure("If-Match", text.Contains(',', StringComparison.Ordinal)
            ? Localized.Pick($"If-Match must be the one ETag of the version the change is based on (e.g. \"3\"), not a list; got '{shown}'",
                $"If-Match 须是变更所依据版本的那一个 ETag（如 \"3\"），不能是列表；收到的是“{shown}”")
            : long.TryParse(tag, NumberStyles.None, CultureInfo.InvariantCulture, out var bare)
                ? Localized.Pick($"If-Match must be an ETag as the service sent it, in double quotes (\"{bare.ToString(CultureInfo.InvariantCulture)}\"); got '{shown}'",
                    $"If-Match 须是服务发来的原样 ETag，带双引号（\"{bare.ToString(CultureInfo.InvariantCulture)}\"）；收到的是“{shown}”")
                : Localized.Pick($"If-Match must be an ETag as the service sent it (e.g. \"3\"); got '{shown}'",
                    $"If-Match 须是服务发来的原样 ETag（如 \"3\"）；收到的是“{shown}”"))]);
    }
}
