using EmergencyPlans.Core.Contract;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EmergencyPlans.Api.Errors;

/// <summary>
/// The titles ASP.NET Core gives a problem document it writes itself (the status-code pages: a path no endpoint serves, a method
/// it does not take, a body type routing refuses), in Chinese for a request that asks for it (<see cref="RequestLanguage"/>).
/// A title the service wrote is left as it is: it was chosen in the request's language already.
/// </summary>
internal static class StatusTitles
{
    private static readonly Dictionary<int, string> Chinese = new()
    {
        [400] = "请求有误",
        [401] = "须先认证",
        [403] = "无权访问",
        [404] = "未找到",
        [405] = "不支持此请求方法",
        [406] = "无法提供所要求的响应类型",
        [408] = "请求超时",
        [409] = "与当前状态冲突",
        [412] = "前提条件不成立",
        [413] = "请求体过大",
        [415] = "不支持的请求体类型",
        [422] = "无法处理此请求",
        [428] = "须带前提条件",
        [429] = "请求过多",
        [500] = "服务内部错误",
        [503] = "服务暂不可用",
    };

    /// <summary><paramref name="title"/>, or its Chinese when it is the framework's default title of <paramref name="status"/> and the request is in Chinese.</summary>
    public static string? InRequestLanguage(int? status, string? title)
    {
        if (!Localized.IsChinese || status is not { } code || !Chinese.TryGetValue(code, out var chinese))
        {
            return title;
        }

        return title == ValidationDefault ? "请求中有字段不合规" : title is null || title == Default(code) ? chinese : title;
    }

    // The framework's defaults, read from the framework rather than copied (a later version may reword them).
    private static string? Default(int status) => TypedResults.Problem(statusCode: status).ProblemDetails.Title;

    private static readonly string? ValidationDefault = TypedResults.ValidationProblem(new Dictionary<string, string[]>()).ProblemDetails.Title;
}
