using System.Text.Json;
using System.Text.Json.Serialization;

namespace EmergencyPlans.Core.Contract;

/// <summary>
/// Reads every JSON string of a request body or a feed line, refusing one that holds U+0000 (sent as <c>\u0000</c>): no text of
/// the service can keep it. PostgreSQL's text refuses the character, and its JSON operators refuse the escape, so one incident
/// whose nature held it made every incident list on that store fail; a person in Jincheng never types it. Writes strings as
/// System.Text.Json does (the feed's content hash depends on that).
/// </summary>
public sealed class TextWithoutNulConverter : JsonConverter<string>
{
    /// <summary>The problem, as it follows the field's name in an answer (<see cref="JsonErrors.Describe"/>).</summary>
    public const string Problem = "must not contain the character U+0000 (NUL), which no text here can hold; remove it";

    /// <inheritdoc/>
    public override bool HandleNull => false;

    /// <inheritdoc/>
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.GetString();
        return value is not null && value.Contains('\0', StringComparison.Ordinal) ? throw new JsonException(Problem) : value;
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }
}
