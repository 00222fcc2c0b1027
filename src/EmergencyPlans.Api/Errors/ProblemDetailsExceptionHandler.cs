using System.Text.Json;
using EmergencyPlans.Application.Common;
using EmergencyPlans.Application.Feeds;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Lifecycles;
using EmergencyPlans.Infrastructure.Persistence;
using EmergencyPlans.Infrastructure.Persistence.Sqlite;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace EmergencyPlans.Api.Errors;

/// <summary>
/// The one error path (ARCHITECTURE.md habit 3): every exception that leaves a handler becomes an
/// RFC 9457 problem document. 400 names each field and what is wrong; 409 names the state and the
/// triggers allowed in it; 412 carries the current state.
/// </summary>
public sealed partial class ProblemDetailsExceptionHandler(
    IProblemDetailsService problems, ILogger<ProblemDetailsExceptionHandler> logger, StoreDamageWatch damage, ClientText text)
    : IExceptionHandler
{
    /// <summary>
    /// The Retry-After (seconds) of a 503 for a store being restored or unavailable for a while (RFC 9110 §10.2.3): soon enough for
    /// a restart of PostgreSQL or the end of a restore, not so soon that senders hammer a store that is down. docs/feed-122.md.
    /// </summary>
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var problem = exception switch
        {
            ValidationException v => Validation(v),
            BadHttpRequestException b => BadRequest(b),
            JsonException j => MalformedJson(j),
            NotFoundException n => new ProblemDetails { Status = 404, Title = "Not found", Detail = n.Message },
            IncidentCommandRejectedException r => new HttpValidationProblemDetails(new Dictionary<string, string[]> { [r.Field] = [r.Message] })
            {
                Status = 400, Title = "The incident's plan does not allow this", Detail = $"{r.Field}: {r.Message}",
            },
            IdempotencyKeyReusedException k => new HttpValidationProblemDetails(new Dictionary<string, string[]> { [IdempotencyKey.Header] = [k.Message] })
            {
                Status = 422, Title = "Idempotency-Key reused for a different request", Detail = k.Message,
            },
            LifecycleTransitionException t => Transition(t),
            LifecycleAuthorityException a => Authority(a),
            StaleVersionException s => Stale(s),
            PreconditionRequiredException r => new ProblemDetails { Status = 428, Title = "If-Match required", Detail = r.Message },
            ArgumentException a when a.ParamName is not null => new HttpValidationProblemDetails(new Dictionary<string, string[]> { [a.ParamName] = [a.Message] })
            {
                Status = 400, Title = "One or more fields are invalid", Detail = a.Message,
            },
            PlanNotInForceException p when OnAStoredIncident(httpContext) => PlanNotLoaded(p, httpContext),
            PlanNotInForceException p => new ProblemDetails { Status = 400, Title = "No plan in force", Detail = p.Message },
            QuarantineEntryResolvedException q => Resolved(q),
            QuarantineEventIdMismatchException m => Mismatch(m),
            // Started while `store restore` ran: nothing was stored, and the same request succeeds once the restore has ended.
            // The exception names the store's file, which stays in the log: a client is not told the server's paths.
            SqliteStoreRestoringException r => Restoring(r, httpContext),
            _ => StoreFailures.Of(exception) is { } store ? StoreUnavailable(store, exception, httpContext) : null,
        };

        if (problem is null)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            problem = new ProblemDetails { Status = 500, Title = "Internal error", Detail = "The error was logged; nothing was stored by this request." };
        }

        if (exception is LifecycleAuthorityException or LifecycleTransitionException or IncidentCommandRejectedException { Chinese: not null })
        {
            await InChineseIfAskedAsync(problem, exception, httpContext, cancellationToken).ConfigureAwait(false);
        }

        httpContext.Response.StatusCode = problem.Status ?? 500;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception })
            .ConfigureAwait(false);
    }

    /// <summary>
    /// The storage failed, not the request (a full disk, a failing file system, an unreachable PostgreSQL): 503 with the reason, and
    /// an error in the log for the operator, who must act; the client sends the same request again (its Idempotency-Key makes that safe).
    /// </summary>
    /// <remarks>
    /// With <c>Retry-After</c> unless the store is damaged, which does not mend by waiting (a backup must be restored). The detail
    /// names no path of the server (<see cref="ClientText"/>); the log keeps the exception whole.
    /// </remarks>
    private ProblemDetails StoreUnavailable(StoreUnavailable store, Exception exception, HttpContext httpContext)
    {
        logger.LogError(exception, "The store is unavailable on {Method} {Path}: {Reason}", httpContext.Request.Method, httpContext.Request.Path, store.English);
        damage.Saw(store);
        if (!store.Damaged)
        {
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return new ProblemDetails
        {
            Status = 503,
            Title = "The store is unavailable",
            Detail = $"{text.WithoutPaths(store.English)}. Nothing of this request was stored; send it again once the store is fixed.",
        };
    }

    /// <summary>
    /// A refusal of the plan's rules (403 authority, 409 state, 400 the plan does not allow it) in Chinese, with the posts named as the
    /// incident's plan names them (<see cref="RefusalTexts"/>), when the request prefers Chinese (<c>Accept-Language: zh-CN</c>): the text a
    /// duty office's client shows its officers. RFC 9457 3.1.4 lets <c>title</c> change for localisation by proactive negotiation (RFC 9110
    /// 12.1, 12.5.4); the members and their values stay as they are, so a client that reads them is unaffected, and without the header
    /// the document is the English it was.
    /// </summary>
    private static async Task InChineseIfAskedAsync(ProblemDetails problem, Exception exception, HttpContext httpContext, CancellationToken cancellationToken)
    {
        httpContext.Response.Headers.Append(Microsoft.Net.Http.Headers.HeaderNames.Vary, Microsoft.Net.Http.Headers.HeaderNames.AcceptLanguage);
        if (!PrefersChinese(httpContext.Request))
        {
            return;
        }

        // Only an authority refusal names posts, so only it reads the incident's plan.
        var (title, detail) = exception switch
        {
            LifecycleAuthorityException a => await PlanOfRequestAsync(httpContext, cancellationToken).ConfigureAwait(false) is { } plan
                ? ("无权作此决定", RefusalTexts.Text(a, plan))
                : (null, null),
            LifecycleTransitionException t => ("当前状态下不允许此操作", RefusalTexts.Transition(t)),
            IncidentCommandRejectedException { Chinese: { } chinese } => ("本预案不允许此操作", chinese),
            _ => (null, null),
        };
        if (detail is null)
        {
            return;
        }

        problem.Title = title;
        problem.Detail = detail;
        httpContext.Response.Headers.ContentLanguage = "zh-CN";
    }

    /// <summary>True when the request's Accept-Language ranks a Chinese tag (<c>zh</c>, <c>zh-CN</c>, <c>zh-Hans</c>…) above every other.</summary>
    internal static bool PrefersChinese(HttpRequest request)
    {
        var ranked = request.GetTypedHeaders().AcceptLanguage
            .Where(l => l.Quality is not 0)
            .OrderByDescending(l => l.Quality ?? 1)
            .FirstOrDefault();
        return ranked?.Value.Value is { } tag
               && (tag.Equals("zh", StringComparison.OrdinalIgnoreCase) || tag.StartsWith("zh-", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The plan of the incident the request is on (<c>/api/v1/incidents/{id}…</c>), or null: naming posts only, never failing the answer.</summary>
    private static async Task<EmergencyPlans.Core.Plans.Plan?> PlanOfRequestAsync(HttpContext httpContext, CancellationToken cancellationToken)
    {
        // From the path: the exception handler runs after the route values were cleared.
        if (!OnAStoredIncident(httpContext, out var rest) || !Guid.TryParse(rest.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(), out var id))
        {
            return null;
        }

        try
        {
            var services = httpContext.RequestServices;
            var stored = await services.GetRequiredService<Application.Ports.IIncidentStore>().GetAsync(id, cancellationToken).ConfigureAwait(false);
            return stored is null ? null : services.GetRequiredService<DecisionEngine>().Resolve(stored.PlanId, stored.OccurredAt);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>A request on an incident of the store (<c>/api/v1/incidents/{id}…</c>), whose plan was resolved from what the store holds.</summary>
    private static bool OnAStoredIncident(HttpContext httpContext) => OnAStoredIncident(httpContext, out _);

    /// <param name="httpContext">The request.</param>
    /// <param name="rest">What follows <c>/api/v1/incidents</c> in its path (<c>/{id}…</c>).</param>
    private static bool OnAStoredIncident(HttpContext httpContext, out string rest)
    {
        rest = httpContext.Request.Path.StartsWithSegments("/api/v1/incidents", out var after) && after.HasValue ? after.Value! : "";
        return rest.Length > 1;
    }

    /// <summary>
    /// The incident's plan file is not loaded: the server is missing a file, not the client mistaken (it was 400 "No plan in force").
    /// 503 naming the plan; without Retry-After, as waiting does not mend it (the file must be put back and the service restarted).
    /// </summary>
    private ProblemDetails PlanNotLoaded(PlanNotInForceException exception, HttpContext httpContext)
    {
        var plan = httpContext.RequestServices.GetService<Hosting.PlansOfStoredIncidents>()?.Find(exception.PlanId)?.Named
                   ?? $"'{exception.PlanId}' (the version in force at {exception.OccurredAt:O})";
        logger.LogError("Plan {Plan} is not loaded, but {Method} {Path} is on an incident handled under it", plan, httpContext.Request.Method, httpContext.Request.Path);
        return new ProblemDetails
        {
            Status = 503,
            Title = "The incident's plan is not loaded",
            Detail = $"This incident is handled under plan {plan}, whose file is not loaded by the service (EmergencyPlans:PlansDirectory): " +
                     "the service is missing a plan file. Nothing of this request was stored; it can be sent again once the file is back and the service restarted.",
        };
    }

    /// <summary>Started while <c>store restore</c> runs: 503 with <c>Retry-After</c>; the store's path is logged, not answered.</summary>
    private ProblemDetails Restoring(SqliteStoreRestoringException exception, HttpContext httpContext)
    {
        logger.LogWarning(exception, "The store is being restored on {Method} {Path}: {Reason}", httpContext.Request.Method, httpContext.Request.Path, exception.Message);
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new ProblemDetails
        {
            Status = 503,
            Title = "The store is being restored",
            Detail = "The store is being restored (store restore); nothing of this request was stored: send it again once the restore has ended.",
        };
    }

    private static HttpValidationProblemDetails Validation(ValidationException exception)
    {
        var errors = exception.Errors
            .GroupBy(e => string.IsNullOrEmpty(e.PropertyName) ? "$" : Camel(e.PropertyName, e.CustomState as SentName), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        return new HttpValidationProblemDetails(errors)
        {
            Status = 400,
            Title = "One or more fields are invalid",
            Detail = string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")),
        };
    }

    /// <summary>
    /// The 400 an endpoint answers itself for one field or header (a query value, Last-Event-ID), written as every other 400 of
    /// the service is: the title "One or more fields are invalid" and a detail "field: problem", not ASP.NET Core's default
    /// title "One or more validation errors occurred." without a detail.
    /// </summary>
    public static ValidationProblem Invalid(string field, params string[] problems) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = problems },
            detail: $"{field}: {string.Join(", ", problems)}", title: "One or more fields are invalid");

    /// <summary>
    /// Figures.Deaths → figures.deaths; FluentValidation keeps the C# casing of nested members. A header (Idempotency-Key) is named
    /// as it is sent: no member name holds a hyphen. A path that ends in a name the client wrote (<paramref name="sent"/>) keeps that
    /// end as written: figures.Deaths, an unknown figure, is not the field figures.deaths.
    /// </summary>
    private static string Camel(string path, SentName? sent)
    {
        var end = sent is not null && path.EndsWith(sent.Name, StringComparison.Ordinal) ? sent.Name : "";
        var parts = path[..^end.Length].Split('.');
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part.Length > 0 && char.IsUpper(part[0]) && !part.Contains('-', StringComparison.Ordinal))
            {
                parts[i] = char.ToLowerInvariant(part[0]) + part[1..];
            }
        }

        return string.Join('.', parts) + end;
    }

    private static ProblemDetails BadRequest(BadHttpRequestException exception)
    {
        if (exception.InnerException is JsonException json)
        {
            return MalformedJson(json);
        }

        if (exception.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            // A JSON body sent without a Content-Type: said as routing's 415 says it (AddProblemHandling fills in the detail,
            // naming the header), not "Bad request: Expected a supported JSON media type but got \"\"".
            return new ProblemDetails { Status = 415, Title = "Unsupported Media Type" };
        }

        if (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new ProblemDetails { Status = 413, Title = "Request body too large", Detail = exception.Message };
        }

        // A query or header value that is not of its parameter's type. ASP.NET Core says it in .NET terms
        // ("Failed to bind parameter "Nullable<bool> open" from "perhaps"."), naming the field only inside its text.
        if (UnboundParameter().Match(exception.Message) is { Success: true } unbound)
        {
            var field = unbound.Groups["name"].Value;
            var problem = $"must be {Expected(unbound.Groups["type"].Value)}; got '{unbound.Groups["value"].Value}'";
            return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [problem] })
            {
                Status = 400, Title = "One or more fields are invalid", Detail = $"{field}: {problem}",
            };
        }

        return new ProblemDetails { Status = exception.StatusCode, Title = "Bad request", Detail = exception.Message };
    }

    [System.Text.RegularExpressions.GeneratedRegex("^Failed to bind parameter \"(?<type>.+) (?<name>[^ \"]+)\" from \"(?<value>.*)\"\\.$", System.Text.RegularExpressions.RegexOptions.Singleline)]
    private static partial System.Text.RegularExpressions.Regex UnboundParameter();

    /// <summary>A parameter's C# type (<c>Nullable&lt;int&gt;</c>, <c>Guid</c>) in the terms of a query string.</summary>
    private static string Expected(string type)
    {
        var inner = type.StartsWith("Nullable<", StringComparison.Ordinal) ? type[9..^1] : type;
        return inner switch
        {
            "bool" => "true or false",
            "int" => $"a whole number (at most {int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture)})",
            "long" => "a whole number",
            "Guid" => JsonErrors.UuidForm,
            "DateTimeOffset" => "an ISO 8601 date and time with its UTC offset",
            _ => "a value of another type",
        };
    }

    private static HttpValidationProblemDetails MalformedJson(JsonException exception)
    {
        var field = string.IsNullOrEmpty(exception.Path) ? "$" : exception.Path.TrimStart('$', '.');
        if (field.Length == 0)
        {
            field = "$";
        }

        return new HttpValidationProblemDetails(new Dictionary<string, string[]>
        {
            [field] = [Describe(exception)],
        })
        {
            Status = 400,
            Title = "Malformed JSON",
            Detail = $"{field}: {Describe(exception)}",
        };
    }

    // System.Text.Json's message names the expected .NET type: JsonErrors says it in the body's terms, as the feed does.
    private static string Describe(JsonException exception) =>
        JsonErrors.Describe(exception)
        ?? (JsonErrors.IsUnmappedMember(exception) ? "is not a field of this request (misspelt?)" : "the body is not valid JSON: " + JsonErrors.WithoutPosition(exception.Message));

    private static ProblemDetails Transition(LifecycleTransitionException exception)
    {
        var problem = new ProblemDetails { Status = 409, Title = "Not allowed in the current state", Detail = exception.Message };
        problem.Extensions["lifecycle"] = exception.Lifecycle;
        problem.Extensions["state"] = exception.CurrentState;
        problem.Extensions["trigger"] = exception.Trigger;
        problem.Extensions["permittedTriggers"] = exception.PermittedTriggers;
        return problem;
    }

    private static ProblemDetails Authority(LifecycleAuthorityException exception)
    {
        var problem = new ProblemDetails { Status = 403, Title = "No authority for this decision", Detail = exception.Message };
        problem.Extensions["lifecycle"] = exception.Lifecycle;
        problem.Extensions["trigger"] = exception.Trigger;
        problem.Extensions["yourRole"] = exception.ActorRoleId;
        problem.Extensions["authorisedRoles"] = exception.AuthorisedRoles;
        return problem;
    }

    private static ProblemDetails Resolved(QuarantineEntryResolvedException exception)
    {
        var problem = new ProblemDetails { Status = 409, Title = "Quarantine entry already resolved", Detail = exception.Message };
        problem.Extensions["quarantineId"] = exception.QuarantineId;
        problem.Extensions["resolvedAt"] = exception.ResolvedAt;
        problem.Extensions["resolvedByEventId"] = exception.ResolvedByEventId;
        if (exception.DismissedBy is not null)
        {
            problem.Title = "Quarantine entry dismissed";
            problem.Extensions["dismissedBy"] = exception.DismissedBy;
            problem.Extensions["dismissalReason"] = exception.DismissalReason;
        }

        return problem;
    }

    /// <summary>
    /// 409 as for a resolved entry (the line does not fit the entry's state, whatever the line says), naming <c>eventId</c> in
    /// <c>errors</c> as a 400 names its fields, with the eventId the entry expects and the one received.
    /// </summary>
    private static HttpValidationProblemDetails Mismatch(QuarantineEventIdMismatchException exception)
    {
        var problem = new HttpValidationProblemDetails(new Dictionary<string, string[]> { ["eventId"] = [exception.Message] })
        {
            Status = 409, Title = "Correction for another eventId", Detail = "eventId: " + exception.Message,
        };
        problem.Extensions["quarantineId"] = exception.QuarantineId;
        problem.Extensions["expectedEventId"] = exception.ExpectedEventId;
        problem.Extensions["receivedEventId"] = exception.ReceivedEventId;
        return problem;
    }

    /// <summary>The 412 document; also used by the incidents endpoint filter, which can still set the ETag header.</summary>
    public static ProblemDetails Stale(StaleVersionException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        // A well-formed tag that is no version ("abc") matches nothing (RFC 9110 13.1.1: 412), but the incident has not changed.
        var title = exception.Expected < 0 ? "If-Match names no version of this incident" : "The incident changed since you read it";
        var problem = new ProblemDetails { Status = 412, Title = title, Detail = exception.Message };
        problem.Extensions["currentVersion"] = exception.Current;
        problem.Extensions["current"] = exception.CurrentState;
        return problem;
    }
}
