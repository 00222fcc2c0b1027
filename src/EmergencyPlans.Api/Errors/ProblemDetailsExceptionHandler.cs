using System.Text.Json;
using EmergencyPlans.Api.Hosting;
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
    IProblemDetailsService problems, ILogger<ProblemDetailsExceptionHandler> logger, StoreDamageWatch damage, ClientText text, StoreFailureLog failures)
    : IExceptionHandler
{
    /// <summary>
    /// The Retry-After (seconds) of a 503 for a store being restored or unavailable for a while (RFC 9110 §10.2.3): soon enough for
    /// a restart of PostgreSQL or the end of a restore, not so soon that senders hammer a store that is down. docs/feed-122.md.
    /// </summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>Where a line the quarantine does not take belongs, in Chinese (the English messages say "the feed itself").</summary>
    private const string TheFeedItself = "数据接口本身（POST /api/v1/feeds/122）";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var problem = exception switch
        {
            ValidationException v => Validation(v),
            BadHttpRequestException b => BadRequest(b),
            JsonException j => MalformedJson(j),
            NotFoundException n => new ProblemDetails { Status = 404, Title = Localized.Pick("Not found", "未找到"), Detail = Localized.Pick(n.Message, RefusalTexts.NotFound(n)) },
            IncidentCommandRejectedException r => Rejected(r),
            IdempotencyKeyReusedException k => KeyReused(k),
            LifecycleTransitionException t => Transition(t),
            LifecycleAuthorityException a => Authority(a),
            StaleVersionException s => Stale(s),
            PreconditionRequiredException r => new ProblemDetails { Status = 428, Title = Localized.Pick("If-Match required", "须带 If-Match"), Detail = r.Message },
            // A null where a guard asks for a value is the service's own defect (the validators refuse a missing member first): a 500 that
            // is logged as an error, not a 400 that tells the client to correct a field it cannot correct.
            ArgumentException a when a is not ArgumentNullException && a.ParamName is not null => Argument(a, a.ParamName, httpContext),
            PlanNotInForceException p when OnAStoredIncident(httpContext) => PlanNotLoaded(p, httpContext),
            PlanNotInForceException p => new ProblemDetails
            {
                Status = 400, Title = Localized.Pick("No plan in force", "没有有效的预案"), Detail = Localized.Pick(p.Message, p.Chinese + "。"),
            },
            QuarantineEntryResolvedException q => Resolved(q),
            QuarantineEventIdMismatchException m => Mismatch(m),
            // Started while `store restore` ran: nothing was stored, and the same request succeeds once the restore has ended.
            // The exception names the store's file, which stays in the log: a client is not told the server's paths.
            SqliteStoreRestoringException r => Restoring(r, httpContext),
            _ => StoreFailures.Of(exception) is { } store ? StoreUnavailable(store, exception, httpContext) : null,
        };

        if (problem is null)
        {
            logger.LogError(LogEvents.UnhandledError, exception, "Unhandled error on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            problem = new ProblemDetails
            {
                Status = 500,
                Title = Localized.Pick("Internal error", "服务内部错误"),
                Detail = Localized.Pick("The error was logged; nothing was stored by this request.", "错误已记入日志；本次请求未保存任何内容。"),
            };
        }

        if (Localized.IsChinese && exception is LifecycleAuthorityException authority
            && await PlanOfRequestAsync(httpContext, cancellationToken).ConfigureAwait(false) is { } plan)
        {
            // Only an authority refusal names posts, as the incident's plan names them, so only it reads the plan.
            problem.Detail = RefusalTexts.Text(authority, plan);
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
    /// names no path of the server (<see cref="ClientText"/>); the log keeps the exception whole, at the first request that met the
    /// failure, and says each later one in a line (<see cref="StoreFailureLog"/>).
    /// </remarks>
    private ProblemDetails StoreUnavailable(StoreUnavailable store, Exception exception, HttpContext httpContext)
    {
        if (!failures.First(httpContext, store))
        {
            // The same failure again: logged in one line by the failure log, its stack at the first.
        }
        else if (store.Busy)
        {
            // Expected and transient (another process's write, a restore's check): a warning, kept apart from the failures the operator must fix.
            logger.LogWarning(LogEvents.StoreBusy, exception, "The store is busy on {Method} {Path}: {Reason}", httpContext.Request.Method, httpContext.Request.Path, store.English);
        }
        else
        {
            logger.LogError(LogEvents.StoreUnavailable, exception, "The store is unavailable on {Method} {Path}: {Reason}", httpContext.Request.Method, httpContext.Request.Path, store.English);
        }

        damage.Saw(store);
        if (!store.Damaged)
        {
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        // A busy store (another process holds the SQLite write lock past its wait) has nothing to fix, only to wait (the CLI exits 75).
        var (title, chineseTitle, then, chineseThen) = store.Busy
            ? ("The store is busy", "数据存储繁忙", "send it again in a few seconds", "请稍后重新发送")
            : ("The store is unavailable", "数据存储不可用", "send it again once the store is fixed", "存储修复后请重新发送");
        return new ProblemDetails
        {
            Status = 503,
            Title = Localized.Pick(title, chineseTitle),
            Detail = Localized.Pick(
                $"{text.WithoutPaths(store.English)}. Nothing of this request was stored; {then}.",
                $"{text.WithoutPaths(store.Chinese)}。本次请求未保存任何内容；{chineseThen}。"),
        };
    }

    /// <summary>
    /// A guard of the lifecycles or the stores (an <see cref="ArgumentException"/> naming its parameter): 400 naming it. No request is
    /// known to reach one (the validators and the engine's refusals meet each first, ADR 0007), so the service has no Chinese of its
    /// own for them: in Chinese the field's message and the detail are a generic sentence, and the English message is logged.
    /// </summary>
    private HttpValidationProblemDetails Argument(ArgumentException exception, string field, HttpContext httpContext)
    {
        logger.LogWarning(LogEvents.GuardRefused, exception, "A guard refused {Field} on {Method} {Path}: {Reason}", field, httpContext.Request.Method, httpContext.Request.Path, exception.Message);
        var text = Localized.Pick(exception.Message, "取值不被接受（服务的内部检查未通过，原因已记入日志）");
        return OneField(400, FieldsInvalid, field, text, Localized.Pick(exception.Message, $"{field}：{text}"));
    }

    /// <summary>The plan of the incident the request is on (<c>/api/v1/incidents/{id}…</c>), or null: naming posts only, never failing the answer.</summary>
    internal static async Task<EmergencyPlans.Core.Plans.Plan?> PlanOfRequestAsync(HttpContext httpContext, CancellationToken cancellationToken)
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
        logger.LogError(LogEvents.PlanNotLoaded, "Plan {Plan} is not loaded, but {Method} {Path} is on an incident handled under it", plan, httpContext.Request.Method, httpContext.Request.Path);
        return new ProblemDetails
        {
            Status = 503,
            Title = Localized.Pick("The incident's plan is not loaded", "本事件所依据的预案未加载"),
            Detail = Localized.Pick(
                $"This incident is handled under plan {plan}, whose file is not loaded by the service (EmergencyPlans:PlansDirectory): " +
                "the service is missing a plan file. Nothing of this request was stored; it can be sent again once the file is back and the service restarted.",
                $"本事件依据预案 {plan} 处置，但服务未加载该预案文件（EmergencyPlans:PlansDirectory）：服务缺少预案文件。本次请求未保存任何内容；" +
                "待文件放回、服务重启后可重新发送。"),
        };
    }

    /// <summary>Started while <c>store restore</c> runs: 503 with <c>Retry-After</c>; the store's path is logged, not answered.</summary>
    private ProblemDetails Restoring(SqliteStoreRestoringException exception, HttpContext httpContext)
    {
        logger.LogWarning(LogEvents.StoreRestoring, exception, "The store is being restored on {Method} {Path}: {Reason}", httpContext.Request.Method, httpContext.Request.Path, exception.Message);
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new ProblemDetails
        {
            Status = 503,
            Title = Localized.Pick("The store is being restored", "数据存储正在恢复"),
            Detail = Localized.Pick(
                "The store is being restored (store restore); nothing of this request was stored: send it again once the restore has ended.",
                "数据存储正在恢复（store restore）；本次请求未保存任何内容：恢复结束后请重新发送。"),
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
            Title = FieldsInvalid,
            Detail = Localized.Pick(
                string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")),
                string.Join("；", errors.Select(e => $"{e.Key}：{string.Join("，", e.Value)}"))),
        };
    }

    /// <summary>
    /// The 400 an endpoint answers itself for one field or header (a query value, Last-Event-ID), written as every other 400 of
    /// the service is: the title "One or more fields are invalid" and a detail "field: problem", not ASP.NET Core's default
    /// title "One or more validation errors occurred." without a detail.
    /// </summary>
    public static ValidationProblem Invalid(string field, params string[] problems) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = problems },
            detail: Localized.Pick($"{field}: {string.Join(", ", problems)}", $"{field}：{string.Join("，", problems)}"), title: FieldsInvalid);

    /// <summary>The title of every 400 that names its fields.</summary>
    public static string FieldsInvalid => Localized.Pick("One or more fields are invalid", "请求中有字段不合规");

    /// <summary>
    /// A problem that names one field (or header) in <c>errors</c> with <paramref name="message"/>; its detail is <paramref name="detail"/>,
    /// else "field: message" in the request's language.
    /// </summary>
    public static HttpValidationProblemDetails OneField(int status, string title, string field, string message, string? detail = null) =>
        new(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = status, Title = title, Detail = detail ?? Localized.Pick($"{field}: {message}", $"{field}：{message}"),
        };

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
            return new ProblemDetails { Status = 415, Title = Localized.Pick("Unsupported Media Type", "不支持的请求体类型") };
        }

        if (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // In Chinese, AddProblemHandling fills in the detail naming the limit and its setting.
            return new ProblemDetails { Status = 413, Title = BodyTooLarge, Detail = Localized.IsChinese ? null : exception.Message };
        }

        // A query or header value that is not of its parameter's type. ASP.NET Core says it in .NET terms
        // ("Failed to bind parameter "Nullable<bool> open" from "perhaps"."), naming the field only inside its text.
        if (UnboundParameter().Match(exception.Message) is { Success: true } unbound)
        {
            var field = unbound.Groups["name"].Value;
            var problem = Localized.Pick($"must be {Expected(unbound.Groups["type"].Value)}; got '{unbound.Groups["value"].Value}'",
                $"应为{Expected(unbound.Groups["type"].Value)}；收到的是“{unbound.Groups["value"].Value}”");
            return OneField(400, FieldsInvalid, field, problem);
        }

        return new ProblemDetails { Status = exception.StatusCode, Title = Localized.Pick("Bad request", "请求有误"), Detail = exception.Message };
    }

    /// <summary>The title of a 413 (the detail names the limit and its setting: <c>AddProblemHandling</c>).</summary>
    public static string BodyTooLarge => Localized.Pick("Request body too large", "请求体过大");

    [System.Text.RegularExpressions.GeneratedRegex("^Failed to bind parameter \"(?<type>.+) (?<name>[^ \"]+)\" from \"(?<value>.*)\"\\.$", System.Text.RegularExpressions.RegexOptions.Singleline)]
    private static partial System.Text.RegularExpressions.Regex UnboundParameter();

    /// <summary>A parameter's C# type (<c>Nullable&lt;int&gt;</c>, <c>Guid</c>) in the terms of a query string.</summary>
    private static string Expected(string type)
    {
        var inner = type.StartsWith("Nullable<", StringComparison.Ordinal) ? type[9..^1] : type;
        return inner switch
        {
            "bool" => Localized.Pick("true or false", " true 或 false"),
            "int" => Localized.Pick($"a whole number (at most {int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture)})",
                $"整数（至多 {int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture)}）"),
            "long" => Localized.Pick("a whole number", "整数"),
            "Guid" => Localized.Pick(JsonErrors.UuidForm, "UUID 形式的编号（如 01a23853-ce63-7ea8-be54-9c9079d965b9）"),
            "DateTimeOffset" => Localized.Pick("an ISO 8601 date and time with its UTC offset", "带时区偏移的 ISO 8601 日期时间"),
            _ => Localized.Pick("a value of another type", "其他类型的值"),
        };
    }

    private static HttpValidationProblemDetails MalformedJson(JsonException exception)
    {
        // A body that ends too soon ends at its last member, which is not what is wrong with it: the whole body is.
        var field = string.IsNullOrEmpty(exception.Path) || exception.Message.StartsWith("Expected depth to be zero", StringComparison.Ordinal)
            ? "$" : exception.Path.TrimStart('$', '.');
        if (field.Length == 0)
        {
            field = "$";
        }

        // A member the request does not have is well-formed JSON: titled as what it is (a duty officer's review, session 58: "JSON 格式有误" for
        // delegatedByCommander on a termination read as a broken body).
        var title = JsonErrors.IsUnmappedMember(exception)
            ? Localized.Pick("A field this request does not have", "请求含本接口没有的字段")
            : Localized.Pick("Malformed JSON", "JSON 格式有误");
        return OneField(400, title, field, Describe(exception));
    }

    // System.Text.Json's message names the expected .NET type: JsonErrors says it in the body's terms, as the feed does.
    private static string Describe(JsonException exception) =>
        (JsonErrors.Describe(exception) is { } described ? Localized.Pick(described, JsonErrors.InChinese(described)) : null)
        ?? (JsonErrors.IsUnmappedMember(exception)
            ? Localized.Pick("is not a field of this request (misspelt?)", "不是本请求的字段（拼错了？）")
            : Localized.Pick("the body is not valid JSON: " + JsonErrors.WithoutPosition(exception.Message), JsonErrors.BrokenInChinese(exception)));

    /// <summary>422: the Idempotency-Key was used for another request; <c>errors</c> names the header.</summary>
    private static HttpValidationProblemDetails KeyReused(IdempotencyKeyReusedException exception)
    {
        var text = Localized.Pick(exception.Message, $"Idempotency-Key“{exception.Key}”已用于另一个请求（请求体、对象或调用者不同）。新请求请用新的键。");
        return OneField(422, Localized.Pick("Idempotency-Key reused for a different request", "Idempotency-Key 已用于另一个请求"), IdempotencyKey.Header, text, text);
    }

    private static ProblemDetails Transition(LifecycleTransitionException exception)
    {
        var problem = new ProblemDetails
        {
            Status = 409, Title = Localized.Pick("Not allowed in the current state", "当前状态下不允许此操作"),
            Detail = Localized.Pick(exception.Message, RefusalTexts.Transition(exception)),
        };
        problem.Extensions["lifecycle"] = exception.Lifecycle;
        problem.Extensions["state"] = exception.CurrentState;
        problem.Extensions["trigger"] = exception.Trigger;
        problem.Extensions["permittedTriggers"] = exception.PermittedTriggers;
        return problem;
    }

    private static ProblemDetails Authority(LifecycleAuthorityException exception)
    {
        // In Chinese the detail names the posts as the incident's plan names them (TryHandleAsync reads the plan for it).
        var problem = new ProblemDetails { Status = 403, Title = Localized.Pick("No authority for this decision", "无权作此决定"), Detail = exception.Message };
        problem.Extensions["lifecycle"] = exception.Lifecycle;
        problem.Extensions["trigger"] = exception.Trigger;
        problem.Extensions["yourRole"] = exception.ActorRoleId;
        problem.Extensions["authorisedRoles"] = exception.AuthorisedRoles;
        return problem;
    }

    /// <summary>
    /// 400 the incident's plan does not allow this, naming the field: the field's message and the detail in the request's language,
    /// the engine's Chinese (<see cref="IncidentCommandRejectedException.Chinese"/>) where it gave one; the key of <c>errors</c> is the same.
    /// </summary>
    /// <remarks>409 where the refusal is of the incident's present state (<see cref="IncidentCommandRejectedException.Status"/>: a warning lifted while
    /// the latest report still meets its colour, R 4.6), titled as the lifecycles' 409; the field is named the same way.</remarks>
    private static HttpValidationProblemDetails Rejected(IncidentCommandRejectedException exception)
    {
        var text = Localized.Pick(exception.Message, exception.Chinese ?? exception.Message);
        var title = exception.Status == 409
            ? Localized.Pick("Not allowed in the current state", "当前状态下不允许此操作")
            : exception.AboutTime ? Localized.Pick("The time given does not fit the incident", "所填时间与本事件不符")
            : Localized.Pick("The incident's plan does not allow this", "本预案不允许此操作");
        var problem = OneField(exception.Status, title, exception.Field, text,
            Localized.Pick($"{exception.Field}: {exception.Message}", exception.Chinese ?? $"{exception.Field}：{exception.Message}"));
        foreach (var (name, value) in exception.Extensions ?? new Dictionary<string, object?>())
        {
            problem.Extensions[name] = value;
        }

        return problem;
    }

    private static ProblemDetails Resolved(QuarantineEntryResolvedException exception)
    {
        var id = exception.QuarantineId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var chinese = exception.ResolvedAt is not { } at
            ? exception.Message
            : exception.DismissedBy is null
                ? $"隔离条目 {id} 已于 {CityTime.Minute(at)} 由 eventId“{exception.ResolvedByEventId}”的行处理；此处只能再次发送该行。其他行请发送至{TheFeedItself}。"
                // 注销 for a dismissal, as the feed's status says (更正后重新提交或注销): 撤销 is 122 withdrawing a record (s62 F62-20).
                : $"隔离条目 {id} 已于 {CityTime.Minute(at)} 由“{exception.DismissedBy}”注销（{exception.DismissalReason}），不再接受任何行。该记录请发送至{TheFeedItself}。";
        var problem = new ProblemDetails
        {
            Status = 409, Title = Localized.Pick("Quarantine entry already resolved", "该隔离条目已处理"), Detail = Localized.Pick(exception.Message, chinese),
        };
        problem.Extensions["quarantineId"] = exception.QuarantineId;
        problem.Extensions["resolvedAt"] = exception.ResolvedAt;
        problem.Extensions["resolvedByEventId"] = exception.ResolvedByEventId;
        if (exception.DismissedBy is not null)
        {
            problem.Title = Localized.Pick("Quarantine entry dismissed", "该隔离条目已注销");
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
        var text = Localized.Pick(exception.Message, exception.ExpectedEventId is null
            ? exception.Message
            : $"隔离条目 {exception.QuarantineId.ToString(System.Globalization.CultureInfo.InvariantCulture)} 存放的是 eventId“{exception.ExpectedEventId}”的行："
              + $"更正须带 eventId“{exception.ExpectedEventId}”，而不是“{exception.ReceivedEventId}”。其他记录请发送至{TheFeedItself}。");
        var problem = OneField(409, Localized.Pick("Correction for another eventId", "更正的是另一个 eventId"), "eventId", text);
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
        var current = exception.Current.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var title = exception.Expected < 0
            ? Localized.Pick("If-Match names no version of this incident", "If-Match 不是本事件的任何版本")
            : Localized.Pick("The incident changed since you read it", "事件在您读取之后已有变化");
        var detail = Localized.Pick(exception.Message, exception.Expected < 0
            ? $"所发的 If-Match 不对应本事件的任何版本；事件现为第 {current} 版。请发送您所依据版本的 ETag（如 \"{current}\"）。"
            : $"事件已有变化：您所依据的是第 {exception.Expected.ToString(System.Globalization.CultureInfo.InvariantCulture)} 版，现为第 {current} 版。请查看当前状态后重新操作。");
        var problem = new ProblemDetails { Status = 412, Title = title, Detail = detail };
        problem.Extensions["currentVersion"] = exception.Current;
        problem.Extensions["current"] = exception.CurrentState;
        return problem;
    }
}
