using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EmergencyPlans.Core.Contract;

/// <summary>What a JSON number is as a whole number (<see cref="WholeNumber.Read(ReadOnlySpan{byte}, out long)"/>).</summary>
public enum WholeNumberReading
{
    /// <summary>A whole number within Int64, in the value.</summary>
    Whole,

    /// <summary>Not a whole number (<c>2.5</c>, <c>1e-3</c>), or not a JSON number at all.</summary>
    NotWhole,

    /// <summary>A whole number above <see cref="long.MaxValue"/> (<c>9223372036854775808</c>, <c>1e20</c>).</summary>
    AboveInt64,

    /// <summary>A whole number below <see cref="long.MinValue"/>.</summary>
    BelowInt64,
}

/// <summary>
/// A JSON number read as the whole number it is, however it is written: <c>3</c>, <c>3.0</c>, <c>0.3e1</c> and <c>30E-1</c> are
/// all 3, as JSON Schema's <c>integer</c> says (a number is its value: RFC 8259 gives its spelling no meaning). System.Text.Json's
/// Int64 reader takes only the first spelling, and said "must be a whole number" of the others, and of a whole number beyond Int64,
/// which the published schemas (docs/feed-122.schema.json, the OpenAPI figures) call valid. Exact: the digits are read as written,
/// never rounded through a double or a decimal (<c>2.00000000000000000000000000001</c> is not whole).
/// </summary>
public static class WholeNumber
{
    /// <summary>The value of <paramref name="element"/>, a JSON number, as a whole number.</summary>
    public static WholeNumberReading Read(JsonElement element, out long value)
    {
        if (element.ValueKind != JsonValueKind.Number)
        {
            value = 0;
            return WholeNumberReading.NotWhole;
        }

        return element.TryGetInt64(out value) ? WholeNumberReading.Whole : Read(JsonMarshal.GetRawUtf8Value(element), out value);
    }

    /// <summary>The value of <paramref name="number"/>, the text of a JSON number (RFC 8259 section 6), as a whole number.</summary>
    public static WholeNumberReading Read(ReadOnlySpan<byte> number, out long value)
    {
        value = 0;
        var i = 0;
        var negative = i < number.Length && number[i] == '-';
        if (negative)
        {
            i++;
        }

        // The digits as written, integer part then fraction: the value is digits × 10^(exponent − fraction digits).
        var intStart = i;
        while (i < number.Length && IsDigit(number[i]))
        {
            i++;
        }

        var digits = number[intStart..i];
        var fraction = ReadOnlySpan<byte>.Empty;
        if (i < number.Length && number[i] == '.')
        {
            var fracStart = ++i;
            while (i < number.Length && IsDigit(number[i]))
            {
                i++;
            }

            fraction = number[fracStart..i];
        }

        long exponent = 0;
        if (i < number.Length && (number[i] | 0x20) == 'e')
        {
            i++;
            var negativeExponent = i < number.Length && number[i] == '-';
            if (i < number.Length && number[i] is (byte)'-' or (byte)'+')
            {
                i++;
            }

            var expStart = i;
            while (i < number.Length && IsDigit(number[i]))
            {
                // Saturated: an exponent past a billion says the same as a billion (a line is at most 64 KB of digits).
                exponent = Math.Min(exponent * 10 + (number[i] - '0'), 1_000_000_000);
                i++;
            }

            if (i == expStart)
            {
                return WholeNumberReading.NotWhole;
            }

            exponent = negativeExponent ? -exponent : exponent;
        }

        if (digits.IsEmpty || i != number.Length)
        {
            return WholeNumberReading.NotWhole;
        }

        // The significant digits (without leading and trailing zeros) and the power of ten they are multiplied by.
        var all = digits.Length + fraction.Length;
        var first = 0;
        while (first < all && Digit(digits, fraction, first) == '0')
        {
            first++;
        }

        if (first == all)
        {
            return WholeNumberReading.Whole; // zero, however written (-0.0e5)
        }

        var last = all - 1;
        while (Digit(digits, fraction, last) == '0')
        {
            last--;
        }

        var power = exponent - fraction.Length + (all - 1 - last);
        if (power < 0)
        {
            return WholeNumberReading.NotWhole;
        }

        // Int64 has 19 digits: more significant digits than that, with the power, is out of its range.
        var significant = last - first + 1;
        if (significant + power > 19)
        {
            return negative ? WholeNumberReading.BelowInt64 : WholeNumberReading.AboveInt64;
        }

        UInt128 magnitude = 0;
        for (var k = first; k <= last; k++)
        {
            magnitude = (magnitude * 10) + (uint)(Digit(digits, fraction, k) - '0');
        }

        for (var p = 0; p < power; p++)
        {
            magnitude *= 10;
        }

        if (negative)
        {
            if (magnitude > (UInt128)long.MaxValue + 1)
            {
                return WholeNumberReading.BelowInt64;
            }

            value = magnitude == (UInt128)long.MaxValue + 1 ? long.MinValue : -(long)magnitude;
            return WholeNumberReading.Whole;
        }

        if (magnitude > long.MaxValue)
        {
            return WholeNumberReading.AboveInt64;
        }

        value = (long)magnitude;
        return WholeNumberReading.Whole;
    }

    /// <summary>The <paramref name="k"/>th digit of the integer part followed by the fraction.</summary>
    private static byte Digit(ReadOnlySpan<byte> digits, ReadOnlySpan<byte> fraction, int k) => k < digits.Length ? digits[k] : fraction[k - digits.Length];

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';
}

/// <summary>
/// Reads an Int64 member as <see cref="WholeNumber"/> does (<c>3.0</c> is 3) and writes it as System.Text.Json writes an Int64 (so a
/// record's canonical JSON, which the feed compares records by, is unchanged). Anything else is refused with a <see cref="JsonException"/> whose message starts
/// with <see cref="Problem"/>, which <see cref="JsonErrors.Describe"/> passes on after the field's name.
/// </summary>
public sealed class WholeNumberConverter : JsonConverter<long>
{
    /// <summary>The start of every refusal: "must be a whole number", then its range when it is out of range.</summary>
    public const string Problem = "must be a whole number";

    /// <inheritdoc/>
    public override long Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonException(Problem);
        }

        if (reader.TryGetInt64(out var value))
        {
            return value;
        }

        var text = reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan;
        return WholeNumber.Read(text, out value) switch
        {
            WholeNumberReading.Whole => value,
            WholeNumberReading.AboveInt64 => throw new JsonException($"{Problem} at most {long.MaxValue}"),
            WholeNumberReading.BelowInt64 => throw new JsonException($"{Problem} at least {long.MinValue}"),
            _ => throw new JsonException(Problem),
        };
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, long value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(value);
    }
}

/// <summary>
/// <see cref="WholeNumberConverter"/> for an <see cref="int"/> field (<c>windForce</c>, <c>townshipsAffected</c>): a JSON number
/// whose value is whole (<c>8</c>, <c>8.0</c>, <c>80e-1</c>) within the Int32 range, as the counts are read; System.Text.Json's own
/// reading refused <c>8.0</c> for these while the counts beside them took it.
/// </summary>
public sealed class WholeNumberInt32Converter : JsonConverter<int>
{
    private static readonly WholeNumberConverter Whole = new();

    /// <inheritdoc/>
    public override int Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Whole.Read(ref reader, typeof(long), options) switch
        {
            > int.MaxValue => throw new JsonException($"{WholeNumberConverter.Problem} at most {int.MaxValue}"),
            < int.MinValue => throw new JsonException($"{WholeNumberConverter.Problem} at least {int.MinValue}"),
            var value => (int)value,
        };

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, int value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(value);
    }
}
