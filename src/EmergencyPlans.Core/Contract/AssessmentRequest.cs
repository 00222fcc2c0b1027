using System.Text.Json;
using System.Text.Json.Serialization;
using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Core.Contract;

// The JSON taken by POST /api/v1/assessments (and embedded in incident reports). Everything is nullable
// so the validator, not the parser, says what is missing; null counts mean UNKNOWN, never zero.
#pragma warning disable CA1002, CA2227 // Bound by System.Text.Json.

/// <summary>An incident report to assess. Unsealed so a first report (OpenIncidentRequest) is one, parsed once.</summary>
public class AssessmentRequest
{
    /// <summary>construction | road-traffic | natural-disaster</summary>
    public string? Plan { get; set; }

    /// <summary>ISO 8601 with its UTC offset, e.g. 2026-03-01T08:00:00+08:00.</summary>
    public string? OccurredAt
    {
        get => _occurredAt;
        set
        {
            _occurredAt = value;

            // Parsed here, once per request: the validator and the mapping to the engine read the result.
            OccurredAtInstant = AssessmentContract.ParseOccurredAt(value);
        }
    }

    /// <summary><see cref="OccurredAt"/> as an instant; null when absent or not ISO 8601 with a UTC offset.</summary>
    [JsonIgnore]
    public DateTimeOffset? OccurredAtInstant { get; private set; }

    private string? _occurredAt;

    public FiguresDto? Figures { get; set; }
    public JudgementsDto? Judgements { get; set; }

    /// <summary>Road-traffic warning observations (weather, blockage).</summary>
    public ConditionsDto? Conditions { get; set; }
}

/// <summary>
/// The <c>figures</c> object as the client sent it: one JSON property per entry of <see cref="FigureCatalog"/>
/// (<c>{"deaths": 2, "missing": null, "pollution": "some", "disruptedCounties": ["泽州县"]}</c>). Values are
/// kept as sent so the validator, not the parser, names every wrong field; an unknown name is kept too, for
/// the validator to refuse. Omitted or null counts, amounts and counties are unknown; an omitted fact is not stated (no duty starts on it; a response rule behind it stays possible, ADR 0003).
/// </summary>
[JsonConverter(typeof(FiguresDtoJsonConverter))]
public sealed class FiguresDto
{
    private readonly Dictionary<string, JsonElement> _sent = new(StringComparer.Ordinal);
    private readonly List<string> _unknown = [];

    /// <summary>
    /// The figures in <see cref="_sent"/>, a bit per catalogue index (modulo 64): a figure whose bit is clear was not sent, and is
    /// answered without looking its name up (every catalogue figure is asked for once per validation, and a report sends one or two).
    /// </summary>
    private ulong _sentIndexes;

    private static ulong Bit(FigureDefinition figure) => 1UL << (figure.Index % 64);

    /// <summary>Names the client sent that are not figures, in the order sent.</summary>
    public IReadOnlyList<string> UnknownNames => _unknown;

    /// <summary>The JSON value sent for <paramref name="figure"/>; false when omitted or null.</summary>
    public bool TryGetSent(FigureDefinition figure, out JsonElement value)
    {
        ArgumentNullException.ThrowIfNull(figure);
        if ((_sentIndexes & Bit(figure)) == 0)
        {
            value = default;
            return false;
        }

        return _sent.TryGetValue(figure.Name, out value);
    }

    /// <summary>
    /// The value sent for <paramref name="figure"/> as its JSON type allows: <see cref="long"/> (count),
    /// <see cref="decimal"/> (amount), <see cref="bool"/>, <see cref="string"/> (pollution, grade) or a string
    /// array (counties); null when omitted, or when the JSON type is wrong (then <paramref name="problem"/>
    /// says what it must be, as the problem documents have always said it).
    /// </summary>
    public object? Read(FigureDefinition figure, out string? problem)
    {
        problem = null;
        if (!TryGetSent(figure, out var e))
        {
            return null;
        }

        switch (figure.Kind)
        {
            // A whole number however written (2.0 is 2: JSON Schema's and the OpenAPI document's "integer"). One beyond Int64 reads as
            // Int64's bound, as an amount beyond decimal reads as decimal's: far past every figure's Max, so validation refuses it as
            // implausibly large (or negative) instead of as not a number.
            case FigureKind.Count when WholeNumber.Read(e, out var count) is var whole && whole != WholeNumberReading.NotWhole:
                return whole switch
                {
                    WholeNumberReading.AboveInt64 => long.MaxValue,
                    WholeNumberReading.BelowInt64 => long.MinValue,
                    _ => count,
                };
            case FigureKind.Count:
                problem = Localized.Pick("must be a whole number", "应为整数");
                return null;
            case FigureKind.AmountWan when e.ValueKind == JsonValueKind.Number && e.TryGetDecimal(out var amount):
                return amount;
            case FigureKind.AmountWan when e.ValueKind == JsonValueKind.Number:
                return SaturatingDecimalConverter.Bound(negative: e.GetRawText().StartsWith('-'));
            case FigureKind.AmountWan:
                problem = Localized.Pick("must be a number", "应为数字");
                return null;
            case FigureKind.Fact when e.ValueKind is JsonValueKind.True or JsonValueKind.False:
                return e.GetBoolean();
            case FigureKind.Fact:
                problem = Localized.Pick("must be true or false", "应为 true 或 false");
                return null;
            case FigureKind.Counties when e.ValueKind == JsonValueKind.Array && e.EnumerateArray().All(c => c.ValueKind == JsonValueKind.String):
                var counties = e.EnumerateArray().Select(Text).ToArray();
                if (counties.Any(c => c is null))
                {
                    problem = TextWithoutControlCharactersConverter.NotUnicode;
                    return null;
                }

                return counties;
            case FigureKind.Counties:
                problem = Localized.Pick("must be an array of county names (strings)", "应为县（市、区）名称的数组");
                return null;
            case FigureKind.Pollution or FigureKind.DeclaredGrade when e.ValueKind == JsonValueKind.String:
                if (Text(e) is { } text)
                {
                    return text;
                }

                problem = TextWithoutControlCharactersConverter.NotUnicode;
                return null;
            default:
                problem = Localized.Pick("must be a string", "应为字符串");
                return null;
        }
    }

    /// <summary>A JSON string's text; null when its escapes are not valid UTF-16 (a lone "\ud800"), which .NET cannot make a string of.</summary>
    private static string? Text(JsonElement e)
    {
        try
        {
            return e.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The domain value. Throws <see cref="FormatException"/> on a value validation should have refused.</summary>
    public ReportedFigures ToFigures()
    {
        if (_unknown.Count > 0)
        {
            throw new FormatException($"unknown figure '{_unknown[0]}'");
        }

        return ReportedFigures.Read(this, static (figure, dto) =>
        {
            var value = dto.Read(figure, out var problem);
            if (problem is not null)
            {
                throw new FormatException($"{figure.Name} {problem}");
            }

            return figure.Kind switch
            {
                _ when value is null => null,
                FigureKind.Pollution => Names.TryParsePollution((string)value, out var p) ? p : throw new FormatException(figure.Name),
                FigureKind.DeclaredGrade => Names.TryParseGrade((string)value, out var g) ? g : throw new FormatException(figure.Name),
                _ => value,
            };
        });
    }

    /// <summary>The contract form of <paramref name="figures"/> (for a stored report shown back to clients).</summary>
    public static FiguresDto From(ReportedFigures figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        var element = JsonSerializer.SerializeToElement(figures);
        var dto = new FiguresDto();
        foreach (var property in element.EnumerateObject())
        {
            dto.Add(property.Name, property.Value);
        }

        return dto;
    }

    /// <param name="name">The property name sent.</param>
    /// <param name="value">A value that owns its document (parsed with <see cref="JsonElement.ParseValue"/> or serialised to an element), so it is kept as is.</param>
    internal void Add(string name, JsonElement value) => Add(name, FigureCatalog.TryFind(name, out var figure) ? figure : null, value);

    /// <param name="name">The property name sent.</param>
    /// <param name="figure">The figure of that name; null when none is.</param>
    /// <param name="value">As for <see cref="Add(string, JsonElement)"/>.</param>
    internal void Add(string name, FigureDefinition? figure, JsonElement value)
    {
        if (figure is null)
        {
            _unknown.Add(name);
        }
        else if (value.ValueKind != JsonValueKind.Null)
        {
            _sent[name] = value;
            _sentIndexes |= Bit(figure);
        }
    }
}

/// <summary>
/// Reads the <c>figures</c> object property by property and writes every catalogue figure back (null when
/// not reported), which is the shape the API has always shown in <c>report.figures</c>.
/// </summary>
public sealed class FiguresDtoJsonConverter : JsonConverter<FiguresDto>
{
    public override FiguresDto Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            // Thrown without a path, so System.Text.Json adds "$.figures" and the problem names the field.
            throw new JsonException(JsonErrors.NotAnObject);
        }

        var dto = new FiguresDto();

        // The figures already sent, by catalogue index (a set of names cost about 0.5 KB per object read); an unknown name sent
        // before is in the dto's unknown names.
        Span<bool> seen = stackalloc bool[FigureCatalog.All.Count];
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            var known = FigureCatalog.TryFind(name, out var figure);
            if ((known ? seen[figure.Index] : dto.UnknownNames.Contains(name, StringComparer.Ordinal)) && !options.AllowDuplicateProperties)
            {
                // The same refusal System.Text.Json gives elsewhere. The path names the figure: the serializer
                // would only know "$.figures", and the figures object sits at the top of every request.
                throw new JsonException($"Duplicate property '{name}' encountered during deserialization.", $"$.figures.{name}", null, null);
            }

            if (known)
            {
                seen[figure.Index] = true;
            }

            reader.Read();
            // An element that owns its (unpooled) document: no rented buffer to return, nothing to clone.
            dto.Add(name, known ? figure : null, JsonElement.ParseValue(ref reader));
        }

        return dto;
    }

    public override void Write(Utf8JsonWriter writer, FiguresDto value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        foreach (var figure in FigureCatalog.All)
        {
            writer.WritePropertyName(figure.Name);
            if (value.TryGetSent(figure, out var sent))
            {
                sent.WriteTo(writer);
            }
            else
            {
                writer.WriteNullValue();
            }
        }

        writer.WriteEndObject();
    }
}

/// <summary>Human judgements (R6): inputs with who decided and why, never inferred.</summary>
/// <remarks>The typed properties are the contract; code that does not name one judgement reads and writes them by
/// <see cref="JudgementCatalogue"/> through <see cref="Get"/> and <see cref="Set"/>.</remarks>
public sealed class JudgementsDto
{
    private readonly bool?[] _values = new bool?[JudgementCatalogue.All.Count];

    /// <summary>The value sent for <paramref name="judgement"/>; null when omitted.</summary>
    public bool? Get(Judgement judgement) => _values[(int)judgement];

    /// <summary>Sets the value for <paramref name="judgement"/>.</summary>
    public void Set(Judgement judgement, bool? value) => _values[(int)judgement] = value;

    public bool? ExceedsCountyCapacity { get => Get(Judgement.ExceedsCountyCapacity); set => Set(Judgement.ExceedsCountyCapacity, value); }
    public bool? ExceedsCityCapacity { get => Get(Judgement.ExceedsCityCapacity); set => Set(Judgement.ExceedsCityCapacity, value); }
    public bool? CountyCanHandle { get => Get(Judgement.CountyCanHandle); set => Set(Judgement.CountyCanHandle, value); }
    public bool? LargeSocialImpact { get => Get(Judgement.LargeSocialImpact); set => Set(Judgement.LargeSocialImpact, value); }
    public bool? OtherSeriousRoadImpact { get => Get(Judgement.OtherSeriousRoadImpact); set => Set(Judgement.OtherSeriousRoadImpact, value); }

    /// <summary>较大涉险事故 (construction 4.1(二)).</summary>
    public bool? RelativelySeriousNearMiss { get => Get(Judgement.RelativelySeriousNearMiss); set => Set(Judgement.RelativelySeriousNearMiss, value); }

    /// <summary>重要情况 (natural disaster 3(5), 5.2.3(1)).</summary>
    public bool? ImportantSituation { get => Get(Judgement.ImportantSituation); set => Set(Judgement.ImportantSituation, value); }

    /// <summary>需要提前采取应对措施 (natural disaster 3).</summary>
    public bool? ReliefPreparationNeeded { get => Get(Judgement.ReliefPreparationNeeded); set => Set(Judgement.ReliefPreparationNeeded, value); }

    /// <summary>紧急险情和严重态势 (construction 4.4): the level may be raised directly.</summary>
    public bool? EmergencySituation { get => Get(Judgement.EmergencySituation); set => Set(Judgement.EmergencySituation, value); }

    /// <summary>重要地段、重大节假日、重大活动和重要会议期间 (construction 4.4): the level may be raised.</summary>
    public bool? ImportantPlaceOrPeriod { get => Get(Judgement.ImportantPlaceOrPeriod); set => Set(Judgement.ImportantPlaceOrPeriod, value); }

    /// <summary>灾害发生在敏感地区、敏感时间 (natural disaster 5.5): the starting conditions may be adjusted, i.e. a higher level suggested.</summary>
    public bool? SensitiveAreaOrTime { get => Get(Judgement.SensitiveAreaOrTime); set => Set(Judgement.SensitiveAreaOrTime, value); }

    /// <summary>救助能力薄弱、欠发达地区等特殊情况 (natural disaster 5.5).</summary>
    public bool? WeakReliefCapacityArea { get => Get(Judgement.WeakReliefCapacityArea); set => Set(Judgement.WeakReliefCapacityArea, value); }

    /// <summary>灾害对经济社会造成重大影响 (natural disaster 5.5).</summary>
    public bool? MajorSocioEconomicImpact { get => Get(Judgement.MajorSocioEconomicImpact); set => Set(Judgement.MajorSocioEconomicImpact, value); }

    /// <summary>指挥部认为需要启动…级响应的其他情形: I | II | III | IV.</summary>
    public string? HeadquartersLevel { get; set; }
    public string? DecidedBy { get; set; }
    public string? Reason { get; set; }
}

/// <summary>Road warning observations (4.2–4.3).</summary>
public sealed class ConditionsDto
{
    /// <summary>Colour of the meteorological rainstorm/blizzard warning already issued: blue | yellow | orange | red.</summary>
    public string? WeatherWarning { get; set; }

    /// <summary>A number beyond decimal's range is read as its bound, which validation refuses as too large (not "must be a number").</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(SaturatingDecimalConverter))]
    public decimal? VisibilityMetres { get; set; }

    /// <summary>
    /// What lowers <c>visibilityMetres</c>: fog (浓雾、大雾) | sandstorm (沙尘暴). Not stated, a visibility meets only 4.3.3(1), which
    /// reads either; 4.3.1(1) and 4.3.2(1) read 浓雾 alone.
    /// </summary>
    public string? VisibilityCause { get; set; }

    [System.Text.Json.Serialization.JsonConverter(typeof(WholeNumberInt32Converter))]
    public int? WindForce { get; set; }

    [System.Text.Json.Serialization.JsonConverter(typeof(WholeNumberInt32Converter))]
    public int? TownshipsAffected { get; set; }

    /// <summary>Read as <c>visibilityMetres</c> is.</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(SaturatingDecimalConverter))]
    public decimal? MainRoadRepairHours { get; set; }

    /// <summary>
    /// Whether the blocked road is a 国(省)道等主干道 (R 4.3.x(2)): false, the repair hours meet no blockage warning; null or omitted, the
    /// repair hours are read as a main road's, as the member's name says. A 122 record's road number states it (G/S: true; X/Y/Z/C: false).
    /// </summary>
    public bool? MainRoad { get; set; }
    public bool? MainRoadSnowIce { get; set; }
}
#pragma warning restore CA1002, CA2227
