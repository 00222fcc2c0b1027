using System.Text.Json;
using System.Text.Json.Serialization;

namespace EmergencyPlans.Core.Contract;

/// <summary>
/// Reads every JSON string of a request body or a feed line, refusing one that holds a control character other than tab and
/// line breaks (<see cref="ControlCharacters"/>), sent as an escape such as <c>\u0000</c> or <c>\u001b</c>. U+0000 was the
/// first: PostgreSQL's text refuses it and its JSON operators refuse the escape, so one incident whose nature held it made
/// every incident list on that store fail. Writes strings as System.Text.Json does (the feed compares records by their canonical JSON).
/// </summary>
public sealed class TextWithoutControlCharactersConverter : JsonConverter<string>
{
    /// <summary>How the problem begins, as it follows the field's name in an answer (<see cref="JsonErrors.Describe"/>).</summary>
    public const string Problem = "must not contain the control character ";

    /// <summary>
    /// The problem with the character found: "must not contain the control character U+001B; only tab and line breaks are
    /// allowed: remove it" (U+0000 is said to be NUL, which no text here can hold).
    /// </summary>
    public static string ProblemWith(char c) =>
        Problem + ControlCharacters.Name(c) + (c == '\0' ? " (NUL), which no text here can hold" : "") + "; only tab and line breaks are allowed: remove it";

    /// <summary>The character a message of <see cref="ProblemWith"/> names (<c>U+001B</c>), or null for any other message.</summary>
    public static string? CharacterNamedIn(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var name = ControlCharacters.Name('\0').Length;
        return message.StartsWith(Problem, StringComparison.Ordinal) && message.Length >= Problem.Length + name
            ? message.Substring(Problem.Length, name)
            : null;
    }

    /// <summary>
    /// The problem of a JSON string .NET cannot make text of: bytes that are not UTF-8, or an escape of half a surrogate pair
    /// (<c>\ud800</c> alone). System.Text.Json said "could not be converted to System.String", which read as "must be a string"
    /// of a value that is one.
    /// </summary>
    public static string NotUnicode => Localized.Pick(
        "must be text in valid Unicode (UTF-8, without a lone surrogate escape such as \\ud800)",
        "应为有效的 Unicode 文本（UTF-8 编码，不含单独的代理项转义如 \\ud800）");

    /// <inheritdoc/>
    public override bool HandleNull => false;

    /// <inheritdoc/>
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string? value;
        try
        {
            value = reader.GetString();
        }
        catch (InvalidOperationException) when (reader.TokenType == JsonTokenType.String)
        {
            // A string token whose text is not Unicode; another token (a number where text belongs) keeps System.Text.Json's answer.
            throw new JsonException(NotUnicode);
        }

        return value is not null && ControlCharacters.IndexOfRefused(value) is var at and >= 0 ? throw new JsonException(ProblemWith(value[at])) : value;
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }
}
