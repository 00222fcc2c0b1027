using System.Text.Json;
using System.Text.Json.Serialization;
using EmergencyPlans.Core.Contract;

namespace EmergencyPlans.Api.Json;

/// <summary>
/// Writes every instant the API returns in <see cref="CityTime.Offset"/>: the store hands back UTC, and a duty
/// officer reads 09:10+08:00, not 01:10Z. The instant is unchanged; only its written offset is. Reading keeps
/// whatever offset the client sent.
/// </summary>
public sealed class CityOffsetDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);

        // The writer's own DateTimeOffset format: the same ISO 8601 text as without this converter, bar the offset.
        writer.WriteStringValue(value.ToOffset(CityTime.Offset));
    }
}
