using System.Text.Json;

namespace EmergencyPlans.Core.Contract;

/// <summary>
/// What is wrong with a JSON value that System.Text.Json could not read, said in the document's terms. Its own
/// messages name the .NET type a value could not become (<c>System.Nullable`1[System.Int64]</c>,
/// <c>EmergencyPlans.Application.Feeds.FeedRecord</c>), which a caller of the API or a 122 integrator does not know.
/// Used for request bodies (the API's problem documents) and for feed lines, so both say it the same way.
/// </summary>
public static partial class JsonErrors
{
    /// <summary>
    /// The problem, to follow the field's name ("must be a whole number", "is named twice in the same object; send it
    /// once"); null when System.Text.Json's message is not one of a wrong type or a repeated name (the JSON itself is broken).
    /// </summary>
    public static string? Describe(JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = exception.Message;

        // AllowDuplicateProperties = false: the path already ends with the repeated property.
        if (message.StartsWith("Duplicate property", StringComparison.Ordinal))
        {
            return NamedTwice;
        }

        if (message.StartsWith(TextWithoutControlCharactersConverter.Problem, StringComparison.Ordinal))
        {
            return WithoutPosition(message);
        }

        if (message.StartsWith(NotAnObject, StringComparison.Ordinal))
        {
            return NotAnObject;
        }

        if (message.StartsWith(TextWithoutControlCharactersConverter.NotUnicode, StringComparison.Ordinal))
        {
            return TextWithoutControlCharactersConverter.NotUnicode;
        }

        // "must be a whole number", with its range when the number is a whole one beyond Int64.
        if (message.StartsWith(WholeNumberConverter.Problem, StringComparison.Ordinal))
        {
            return WithoutPosition(message).TrimEnd('.');
        }

        // A raw control byte inside a string (a TAB or a 0x01 pasted from a dispatcher's screen): said as what to send instead, not in the
        // parser's words ("'0x01' is invalid within a JSON string. The string should be correctly escaped."; a feed integrator's review, s52).
        if (RawControl().Match(message) is { Success: true } control)
        {
            var code = Convert.ToInt32(control.Groups[1].Value, 16);
            return $"holds a raw control character (U+{code:X4}) inside a string: write it escaped, \\u{code:x4}, or leave it out";
        }

        const string Converted = "could not be converted to ";
        var at = message.IndexOf(Converted, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var type = message[(at + Converted.Length)..].Split(". Path:", 2)[0].TrimEnd('.');
        return "must be " + Expected(type, IsRoot(exception.Path));
    }

    /// <summary>The part of System.Text.Json's message before its path and position, which are reported apart.</summary>
    public static string WithoutPosition(string message) => message.Split(" Path:", 2)[0];

    /// <summary>
    /// The message without its position, where a member the document's format does not have ("could not be mapped to any
    /// .NET member contained in type '…'") is said as <paramref name="notAMember"/> (e.g. "is not a field of a 122 record").
    /// </summary>
    public static string Plainly(string message, string notAMember) =>
        UnmappedMember().Replace(WithoutPosition(message), notAMember.TrimEnd('.') + ".");

    /// <summary>True when the document has a member its format does not (System.Text.Json's unmapped member; the path ends with it).</summary>
    public static bool IsUnmappedMember(JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return UnmappedMember().IsMatch(exception.Message);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^'0x([0-9A-Fa-f]{1,2})' is invalid within a JSON string")]
    private static partial System.Text.RegularExpressions.Regex RawControl();

    [System.Text.RegularExpressions.GeneratedRegex(@"could not be mapped to any \.NET member contained in type '[^']*'\.")]
    private static partial System.Text.RegularExpressions.Regex UnmappedMember();

    /// <summary>
    /// The problem of a value where an object belongs, as System.Text.Json's own failure is said; a converter of the service that
    /// reads an object throws it as its message (Describe then says it as is, not as "the body is not valid JSON").
    /// </summary>
    public const string NotAnObject = "must be a JSON object";

    /// <summary>What an id is, as a problem says it ("must be " + this), in a body or a query.</summary>
    public const string UuidForm = "an id in UUID form (e.g. 01a23853-ce63-7ea8-be54-9c9079d965b9)";

    private const string NamedTwice = "is named twice in the same object; send it once";

    /// <summary>
    /// What <see cref="Describe"/> said, in Chinese, for an API client that asks for it; a problem it does not know stays as it is.
    /// Describe itself stays English whatever the culture: the plan loader's English line and the feed's answers read it.
    /// </summary>
    public static string InChinese(string described)
    {
        ArgumentNullException.ThrowIfNull(described);
        return described == NamedTwice ? "在同一对象中出现两次；只发一次"
            : described == NotAnObject ? "应为 JSON 对象"
            : described.StartsWith("must be ", StringComparison.Ordinal) && Type(described["must be ".Length..]) is { } type ? "应为" + type
            : described;
    }

    /// <summary>
    /// JSON that does not parse (<see cref="Describe"/> null), in Chinese with where the reader stopped: System.Text.Json's own sentence
    /// ("…trailing comma… Change the reader options") is advice for the service's developers, and a client reading Chinese got it
    /// untranslated. The reader's commonest failures are said in the body's terms; any other is said as broken, with its position.
    /// </summary>
    public static string BrokenInChinese(JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = exception.Message;
        var what = message.Contains("trailing comma", StringComparison.Ordinal) ? "多了一个逗号（最后一项之后不能有逗号）"
            : message.StartsWith("Expected depth to be zero", StringComparison.Ordinal) ? "请求体不完整：有未闭合的对象或数组（缺少 } 或 ]）"
            : message.Contains("reached end of data", StringComparison.Ordinal) || message.Contains("end of the JSON payload", StringComparison.Ordinal)
                ? "请求体不完整：在 JSON 结束之前就结束了"
            : message.Contains("invalid start of a property name", StringComparison.Ordinal) ? "属性名须用英文双引号括起"
            : message.Contains("is invalid after a property name", StringComparison.Ordinal) ? "属性名之后须为冒号"
            : message.Contains("is invalid after a value", StringComparison.Ordinal) ? "值之后须为逗号或 } ]（缺少逗号，或多出字符）"
            : message.Contains("invalid start of a value", StringComparison.Ordinal) ? "此处不是合法的 JSON 值（文字须用英文双引号括起）"
            : message.Contains("does not contain any JSON tokens", StringComparison.Ordinal) ? "请求体为空"
            : "JSON 语法有误";
        var where = exception.BytePositionInLine is { } at
            ? (exception.LineNumber is > 0 ? $"（第{exception.LineNumber + 1}行第{at + 1}个字节附近）" : $"（第{at + 1}个字节附近）")
            : string.Empty;
        return $"请求体不是有效的 JSON：{what}{where}";
    }

    private static string? Type(string expected) => expected switch
    {
        "a JSON object" => "JSON 对象",
        "an array" => "数组",
        UuidForm => "UUID 形式的编号（如 01a23853-ce63-7ea8-be54-9c9079d965b9）",
        "a number" => "数字",
        "a whole number" => "整数",
        "true or false" => " true 或 false",
        "a string" => "字符串",
        "an ISO 8601 date and time with its UTC offset, in a string" => "带时区偏移的 ISO 8601 日期时间（字符串）",
        "a value of another type" => "其他类型的值",
        _ => null,
    };

    private static bool IsRoot(string? path) => string.IsNullOrEmpty(path) || path == "$";

    // The containers first: the service's own type names may hold "Int" or "List" (FeedIntakeDocument, ListAlerts…), and a
    // string array's name holds "String".
    private static string Expected(string type, bool root) =>
        root ? "a JSON object"
        : type.EndsWith("[]", StringComparison.Ordinal) || type.Contains("List`1", StringComparison.Ordinal) ? "an array"
        : type.StartsWith("EmergencyPlans.", StringComparison.Ordinal) || type.Contains("Dictionary`2", StringComparison.Ordinal) ? "a JSON object"
        : type.Contains("Guid", StringComparison.Ordinal) ? UuidForm
        : type.Contains("Decimal", StringComparison.Ordinal) || type.Contains("Double", StringComparison.Ordinal) ? "a number"
        : type.Contains("Int", StringComparison.Ordinal) ? "a whole number"
        : type.Contains("Boolean", StringComparison.Ordinal) ? "true or false"
        : type.Contains("DateTimeOffset", StringComparison.Ordinal) ? "an ISO 8601 date and time with its UTC offset, in a string"
        : type.Contains("String", StringComparison.Ordinal) ? "a string"
        : "a value of another type";
}
