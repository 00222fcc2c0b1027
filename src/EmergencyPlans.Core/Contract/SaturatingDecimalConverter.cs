using System.Text.Json;
using System.Text.Json.Serialization;

namespace EmergencyPlans.Core.Contract;

/// <summary>
/// A JSON number read as a <see cref="decimal"/>, one beyond decimal's range (<c>1e30</c>) as decimal's bound of its sign,
/// as the figures' amounts (万元) are read: it is a number, far past every plausible
/// bound, so validation refuses it by that bound ("must be less than 100000") instead of as "not a number".
/// Written as System.Text.Json writes a decimal, so a record's canonical JSON (which the feed compares records by) is unchanged.
/// </summary>
public sealed class SaturatingDecimalConverter : JsonConverter<decimal>
{
    /// <inheritdoc/>
    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonException(); // System.Text.Json's "could not be converted to System.Decimal": "must be a number"
        }

        return reader.TryGetDecimal(out var value) ? value : Bound(negative: reader.ValueSpan[0] == (byte)'-');
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(value);
    }

    /// <summary>The bound a number beyond decimal's range reads as.</summary>
    public static decimal Bound(bool negative) => negative ? decimal.MinValue : decimal.MaxValue;
}
