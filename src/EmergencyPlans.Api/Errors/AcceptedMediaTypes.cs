using EmergencyPlans.Core.Contract;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing.Template;

namespace EmergencyPlans.Api.Errors;

/// <summary>
/// The request body media types the endpoint a 415 was answered for takes, so the problem document names those and no
/// other: the drill endpoint's 415 said "send JSON (application/json)", the one type it refuses.
/// </summary>
internal static class AcceptedMediaTypes
{
    /// <summary>The detail of a 415: what was sent, and what this endpoint takes (its <c>Accepts</c>, or JSON for a JSON body).</summary>
    public static string Detail(HttpContext http)
    {
        var sent = http.Request.ContentType ?? Localized.Pick("(none)", "（未给出）");
        var types = For(http);
        if (types.Count == 0)
        {
            return Localized.Pick(
                $"Content-Type '{sent}' is not accepted here: send the media type the operation names in the API document (/openapi/v1.json).",
                $"此处不接受 Content-Type“{sent}”：请发送 API 文档（/openapi/v1.json）中该操作列出的类型。");
        }

        var named = types.Count == 1 ? types[0] : string.Join(", ", types.Take(types.Count - 1)) + Localized.Pick(" or ", " 或 ") + types[^1];
        return types.All(IsJson)
            ? Localized.Pick($"Content-Type '{sent}' is not accepted here: send JSON ({named}).", $"此处不接受 Content-Type“{sent}”：请发送 JSON（{named}）。")
            : Localized.Pick($"Content-Type '{sent}' is not accepted here: send {named}.", $"此处不接受 Content-Type“{sent}”：请发送 {named}。");
    }

    /// <summary>
    /// The endpoint's own types when it is the one that refused the body (a JSON body sent without a Content-Type); otherwise
    /// routing refused it before any endpoint ran, and its 415 endpoint says nothing of those it passed over: they are the
    /// endpoints of the request's path and method, found again in the route table.
    /// </summary>
    public static IReadOnlyList<string> For(HttpContext http)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>() is { ContentTypes.Count: > 0 } own)
        {
            return own.ContentTypes;
        }

        if (http.RequestServices.GetService<EndpointDataSource>() is not { } source)
        {
            return [];
        }

        var types = new List<string>();
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is not { ContentTypes.Count: > 0 } accepts
                || endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is not { } methods
                || !methods.HttpMethods.Contains(http.Request.Method, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            var matcher = new TemplateMatcher(new RouteTemplate(endpoint.RoutePattern), new RouteValueDictionary(endpoint.RoutePattern.Defaults));
            if (matcher.TryMatch(http.Request.Path, []))
            {
                types.AddRange(accepts.ContentTypes.Where(t => !types.Contains(t, StringComparer.OrdinalIgnoreCase)));
            }
        }

        return types;
    }

    private static bool IsJson(string type) =>
        type.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
}
