using EmergencyPlans.Core.Contract;

namespace EmergencyPlans.Api.Errors;

/// <summary>
/// The language of a request's problem documents, chosen once, at the start of the pipeline: a request whose Accept-Language ranks
/// Chinese first runs under the Chinese user-interface culture (<see cref="Localized.Chinese"/>), so every text the service writes
/// through <see cref="Localized.Pick"/> (the validators' messages, FluentValidation's own, the titles and details of the problem
/// documents, the 401 and 403 of the policies) is Chinese, and any other runs under the invariant culture the host set: English.
/// One mechanism for all of them; the members (type, status, the keys of <c>errors</c>, extension members) never change with it.
/// The 122 feed's line answers set the invariant culture themselves: they are an interface, in English whatever is asked.
/// </summary>
public static class RequestLanguage
{
    /// <summary>Content-Language of a problem document in Chinese.</summary>
    public const string ChineseTag = "zh-CN";

    /// <summary>Runs the rest of the pipeline, the exception handler and the status-code pages included, in the request's language.</summary>
    public static IApplicationBuilder UseRequestLanguage(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (PrefersChinese(context.Request))
        {
            // The change flows into everything this request runs below, and ends with it (an async flow's own culture).
            System.Globalization.CultureInfo.CurrentUICulture = Localized.Chinese;
        }

        return next(context);
    });

    /// <summary>True when the request's Accept-Language ranks a Chinese tag (<c>zh</c>, <c>zh-CN</c>, <c>zh-Hans</c>…) above every other.</summary>
    public static bool PrefersChinese(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ranked = request.GetTypedHeaders().AcceptLanguage
            .Where(l => l.Quality is not 0)
            .OrderByDescending(l => l.Quality ?? 1)
            .FirstOrDefault();
        return ranked?.Value.Value is { } tag
               && (tag.Equals("zh", StringComparison.OrdinalIgnoreCase) || tag.StartsWith("zh-", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Every problem document varies by Accept-Language (a cache must not give the English one to a client that asked for Chinese),
    /// and one written in Chinese says so.
    /// </summary>
    public static void Mark(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var vary = context.Response.Headers.Vary;
        if (!vary.Any(v => v is not null && v.Contains(Microsoft.Net.Http.Headers.HeaderNames.AcceptLanguage, StringComparison.OrdinalIgnoreCase)))
        {
            context.Response.Headers.Append(Microsoft.Net.Http.Headers.HeaderNames.Vary, Microsoft.Net.Http.Headers.HeaderNames.AcceptLanguage);
        }

        if (Localized.IsChinese)
        {
            context.Response.Headers.ContentLanguage = ChineseTag;
        }
    }
}
