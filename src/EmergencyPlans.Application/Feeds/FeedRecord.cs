using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Application.Feeds;

#pragma warning disable CA1002, CA2227 // Bound by System.Text.Json.

/// <summary>
/// One line of the 122 dispatch feed (docs/feed-122.md, docs/feed-122.schema.json): the whole state of a
/// dispatch record (接警单) as the sender knew it at <see cref="UpdatedAt"/> (NENA EIDO), not a delta.
/// Everything is nullable so the validator, not the parser, names what is missing.
/// </summary>
public sealed class FeedRecord
{
    /// <summary>Unique per message: the deduplication key.</summary>
    public string? EventId { get; set; }

    /// <summary>The dispatch record (接警单编号); several messages update one accident.</summary>
    public string? DispatchId { get; set; }

    /// <summary>
    /// Increases per dispatch record; the highest applied one wins. A whole number however written (<c>3.0</c> is 3, as the schema's
    /// <c>integer</c> says); one beyond Int64, which no store keeps, is refused naming the field.
    /// </summary>
    [JsonConverter(typeof(WholeNumberConverter))]
    public long? Sequence { get; set; }

    // Each time is parsed once, as it is read: the validator's rules and the ingestor look at the instants (they parsed each time
    // up to three times more, a fifth of a line's validation). Not public: the record's public members are its JSON's.

    /// <summary>When the sender last changed the record, ISO 8601 with offset.</summary>
    public string? UpdatedAt
    {
        get;
        set => (field, UpdatedAtInstant) = (value, AssessmentContract.ParseOccurredAt(value));
    }

    /// <summary>The call (报警时间), ISO 8601 with offset.</summary>
    public string? CallAt
    {
        get;
        set => (field, CallAtInstant) = (value, AssessmentContract.ParseOccurredAt(value));
    }

    /// <summary>When the accident happened, ISO 8601 with offset; null while unknown.</summary>
    public string? OccurredAt
    {
        get;
        set => (field, OccurredAtInstant) = (value, AssessmentContract.ParseOccurredAt(value));
    }

    /// <summary><see cref="UpdatedAt"/> as an instant; null when absent or not a time (<see cref="AssessmentContract.ParseOccurredAt"/>).</summary>
    internal DateTimeOffset? UpdatedAtInstant { get; private set; }

    /// <summary><see cref="CallAt"/> as an instant; null when absent or not a time.</summary>
    internal DateTimeOffset? CallAtInstant { get; private set; }

    /// <summary><see cref="OccurredAt"/> as an instant; null when absent (unknown) or not a time.</summary>
    internal DateTimeOffset? OccurredAtInstant { get; private set; }

    /// <summary>A county of the city file (plans/city.*.json).</summary>
    public string? County { get; set; }

    public FeedRoad? Road { get; set; }

    /// <summary>One of <see cref="FeedNatures"/>.</summary>
    public string? Nature { get; set; }

    /// <summary>The figures of the assessment contract (<see cref="Core.Domain.FigureCatalog"/>), each null or omitted when unknown.</summary>
    public FiguresDto? Figures { get; set; }

    public FeedFlags? Flags { get; set; }

    /// <summary>
    /// The road observations of the REST assessment's <c>conditions</c> (R 4.2–4.3: <c>weatherWarning</c>, <c>visibilityMetres</c>,
    /// <c>visibilityCause</c>, <c>windForce</c>, <c>townshipsAffected</c>, <c>mainRoadRepairHours</c>, <c>mainRoadSnowIce</c>), the same names
    /// and rules; null or omitted when the record observes none. Read only when the line carries it: a record without it allocates nothing more.
    /// </summary>
    public ConditionsDto? Conditions { get; set; }

    /// <summary>Free text of the dispatcher.</summary>
    public string? Text { get; set; }

    /// <summary>open | closed | cancelled.</summary>
    public string? Status { get; set; }
}

/// <summary>Where on the road network: <c>{"code":"G207","km":1234.5,"name":"…"}</c>.</summary>
public sealed class FeedRoad
{
    public string? Code { get; set; }

    /// <summary>The kilometre post; a number beyond decimal's range is read as its bound, which validation refuses as too large.</summary>
    [JsonConverter(typeof(SaturatingDecimalConverter))]
    public decimal? Km { get; set; }
    public string? Name { get; set; }

    /// <summary>
    /// Whether the road is an expressway (高速公路), by its number as GB/T 917-2017 writes road numbers: an expressway is G or S and one
    /// or two digits, or four (G22 青兰高速, G5512, S86); an ordinary national, provincial, county, township, special or village road is
    /// G, S, X, Y, Z or C and three digits (G207, S226, X123). A number in neither form says nothing, and then a name with 高速 in it
    /// says it is one. Null when neither tells.
    /// </summary>
    public bool? IsExpressway() => Number() switch
    {
        ('G' or 'S', 1 or 2 or 4) => true,
        ('G' or 'S' or 'X' or 'Y' or 'Z' or 'C', 3) => false,
        _ => Name is { } name && name.Contains("高速", StringComparison.Ordinal) ? true : null,
    };

    /// <summary>
    /// Whether the road is a 国(省)道 (R 4.3.x(2) "国(省)道等主干道") by its number as GB/T 917-2017 writes it: G or S (national or
    /// provincial, expressways included) is; X, Y, Z or C and three digits (county, township, special, village road) is not. Null for a
    /// number in neither form, or none: the record does not say (ADR 0003 #66).
    /// </summary>
    public bool? IsNationalOrProvincial() => Number() switch
    {
        ('G' or 'S', 1 or 2 or 3 or 4) => true,
        ('X' or 'Y' or 'Z' or 'C', 3) => false,
        _ => null,
    };

    /// <summary>The road number's letter (upper case) and how many digits follow it; null when <see cref="Code"/> is not a letter and digits.</summary>
    private (char Kind, int Digits)? Number() =>
        Code is { } code && code.Trim() is { Length: >= 2 } number && number.AsSpan(1).ContainsAnyExceptInRange('0', '9') is false
            ? (char.ToUpperInvariant(number[0]), number.Length - 1)
            : null;
}

/// <summary>The vehicles and people involved, as the dispatcher marked them.</summary>
public sealed class FeedFlags
{
    /// <summary>A hazardous-goods vehicle is involved (危险货物运输车辆); its release is the figure <c>hazmatRelease</c>.</summary>
    public bool? HazmatVehicle { get; set; }

    /// <summary>An operating coach (营运大客车) is involved.</summary>
    public bool? OperatingCoach { get; set; }

    /// <summary>Foreigners are involved (涉外).</summary>
    public bool? ForeignersInvolved { get; set; }
}
#pragma warning restore CA1002, CA2227

/// <summary>The values of <see cref="FeedRecord.Nature"/>, with the words a duty officer reads.</summary>
public static class FeedNatures
{
    /// <summary>Each feed code and its Chinese name.</summary>
    public static IReadOnlyDictionary<string, string> Names { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["collision"] = "碰撞",
        ["rollover"] = "侧翻",
        ["fire"] = "车辆起火",
        ["hazmat-leak"] = "危险化学品泄漏",
        ["weather-blockage"] = "恶劣天气阻断交通",
        ["geological-blockage"] = "地质灾害阻断交通",
        ["other"] = "其他",
    };
}

/// <summary>The values of <see cref="FeedRecord.Status"/>.</summary>
public static class FeedStatuses
{
    /// <summary>The sender withdrew its record (a false or duplicate call); the incident reads it from the report's source.</summary>
    public const string Cancelled = Core.Incidents.ReportSource.WithdrawnStatus;

    /// <summary>The sender is still handling the accident.</summary>
    public const string Open = "open";

    /// <summary>The sender finished handling it.</summary>
    public const string Closed = "closed";

    public static IReadOnlyDictionary<string, string> Names { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["open"] = "处置中",
        ["closed"] = "已结案",
        ["cancelled"] = "已撤销",
    };
}

/// <summary>Reading a line and fingerprinting it.</summary>
public static partial class FeedJson
{
    /// <summary>Exact names only: an unknown or misspelt member, or one sent twice, refuses the line.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = false,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
        MaxDepth = 16,
        Converters = { new TextWithoutControlCharactersConverter() },
    };

    /// <summary>The record, or the JSON path and reason it cannot be read.</summary>
    public static FeedRecord? Parse(ReadOnlySpan<byte> line, out string? field, out string? error)
    {
        field = null;
        error = null;
        try
        {
            var record = JsonSerializer.Deserialize<FeedRecord>(line, Options);
            if (record is null)
            {
                field = "$";
                error = "a line must be a JSON object, not null";
            }

            return record;
        }
        catch (JsonException e)
        {
            field = FieldOf(e.Path);
            if (line.TrimStart(" \t\r"u8) is { Length: > 0 } start && start[0] != (byte)'{' && start[0] != (byte)'[')
            {
                // Not JSON at all (a log line, a CSV row): System.Text.Json's own words were about a literal it expected ("'this is not
                // json' is an invalid JSON literal. Expected the literal 'true'"), which told the sender nothing (a feed integrator's review,
                // session 52).
                field = "$";
                error = "not a valid feed record: a line must be one JSON object, {\"eventId\": …}; this one does not begin with {";
                return null;
            }

            var problem = JsonErrors.Describe(e);
            if (problem is null && e.Message.Contains("trailing comma", StringComparison.Ordinal) && TrailingComma(line) is { } comma)
            {
                // System.Text.Json's words ("…contains a trailing comma at the end which is not supported in this mode. Change the reader
                // options.") advised the service's developer; the sender cannot change the service's options (a 122 integrator's review,
                // s62 F62-15). Said as what is wrong and where: the object or array that holds the comma, and its last member.
                (field, error) = comma;
                return null;
            }

            if (problem is null && EndsTooSoon(line, out var lastMember))
            {
                // The field says where the line breaks off; the reason said it as System.Text.Json does ("Expected depth to be zero
                // at the end of the JSON payload…"), which told a reader of the quarantine nothing of what to correct. Cut inside a member's
                // name or after a comma, no member holds the break: the reason names the last whole member before it (a feed integrator's
                // review, session 52: "at …" was promised and missing).
                error = "not a valid feed record: the line ends before its JSON does"
                        + (field != "$" ? $", at {field}" : lastMember is null ? "" : $", after the member {lastMember}")
                        + " (an object, array or string is left open): was it cut short? Send the whole record";
                return null;
            }

            error = "not a valid feed record: " + (problem is null
                ? Trim(e.Message)
                : field == "$" ? $"a line {problem}" : $"{field} {problem}");
            return null;
        }
    }

    /// <summary>
    /// Where <paramref name="line"/> has a comma after the last member of an object or the last item of an array, which JSON does not allow:
    /// the field (the object or array that holds it; <c>$</c> for the record itself) and the reason, naming the last member before it. Null
    /// when the reader finds no such comma.
    /// </summary>
    private static (string Field, string Error)? TrailingComma(ReadOnlySpan<byte> line)
    {
        // The open objects and arrays, outermost first: each one's path, whether it is an object, its last member's name, its items so far.
        var open = new List<(string Path, bool IsObject, string? Last, int Items)>();
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = Options.MaxDepth });
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        open[^1] = open[^1] with { Last = reader.GetString() };
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        var path = open.Count == 0 ? ""
                            : open[^1].IsObject ? (open[^1].Path.Length == 0 ? "" : open[^1].Path + ".") + open[^1].Last
                            : $"{open[^1].Path}[{open[^1].Items.ToString(CultureInfo.InvariantCulture)}]";
                        Counted();
                        open.Add((path, reader.TokenType == JsonTokenType.StartObject, null, 0));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        open.RemoveAt(open.Count - 1);
                        break;
                    default:
                        Counted();
                        break;
                }
            }
        }
        catch (JsonException e) when (e.Message.Contains("trailing comma", StringComparison.Ordinal) && open.Count > 0)
        {
            var (at, isObject, last, _) = open[^1];
            var where = isObject
                ? (at.Length == 0 ? "the record's last member" : $"the last member of {at}") + (last is null ? "" : $" ({last})")
                : $"the last item of {(at.Length == 0 ? "the line's array" : at)}";
            return (at.Length == 0 ? "$" : at, $"not a valid feed record: a comma after {where}, where JSON allows none: remove it");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Another fault (or a name that is not valid UTF-16): said as the parse says it.
        }

        return null;

        void Counted()
        {
            if (open.Count > 0 && !open[^1].IsObject)
            {
                open[^1] = open[^1] with { Items = open[^1].Items + 1 };
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="line"/> is the beginning of a JSON document that was cut off: read as a block that more may follow,
    /// nothing in it is wrong, and what it opened is not closed.
    /// </summary>
    private static bool EndsTooSoon(ReadOnlySpan<byte> line, out string? lastMember)
    {
        lastMember = null;
        var reader = new Utf8JsonReader(line, isFinalBlock: false, state: default);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
                {
                    // The record's own members (a nested one is named by the field already).
                    lastMember = reader.GetString();
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        return reader.CurrentDepth > 0 || reader.BytesConsumed < line.TrimEnd(" \t"u8).Length;
    }

    /// <summary>
    /// Whether two valid records say the same, however each was written: numbers by value (<c>912.0</c> and <c>912</c>,
    /// <c>1.5</c> and <c>1.50</c>), <c>updatedAt</c>, <c>callAt</c> and <c>occurredAt</c> by the instant they name
    /// (<c>08:05:00+08:00</c> and <c>00:05:00Z</c>), and a member that is null, an empty object or an object of nulls as absent
    /// (<c>"figures":{}</c>, <c>"flags":null</c>), and a county list of <c>figures</c> (<c>disruptedCounties</c>…) as the set it is (the schema's
    /// <c>uniqueItems</c>): the same counties in another order are the same record. Asked of a line whose bytes differ from those of the
    /// message already received with its eventId: a conflict, or the same record written differently (ADR 0008).
    /// </summary>
    public static bool SameRecord(FeedRecord a, FeedRecord b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);

        // The members written as they are read (text as sent, the sequence a whole number) say the same only when they are equal: two
        // records that differ in one differ whatever else they say. Nearly every conflict does, and is told so without the two
        // normalised documents (~180 µs a comparison, on the feed's line-ordered path: ADR 0008, session 39).
        if (a.Sequence != b.Sequence || !SameText(a.DispatchId, b.DispatchId) || !SameText(a.County, b.County) || !SameText(a.Nature, b.Nature)
            || !SameText(a.Status, b.Status) || !SameText(a.Text, b.Text))
        {
            return false;
        }

        // Written back by this build (every member in one order, figures in catalogue order), the same bytes: the same record sent with
        // other spacing or member order, told in a few microseconds. Only what that leaves open needs the normalised documents.
        return JsonSerializer.SerializeToUtf8Bytes(a, Options).AsSpan().SequenceEqual(JsonSerializer.SerializeToUtf8Bytes(b, Options))
            || string.Equals(Normalised(a), Normalised(b), StringComparison.Ordinal);

        static bool SameText(string? x, string? y) => string.Equals(x, y, StringComparison.Ordinal);
    }

    private static readonly HashSet<string> Instants = new(StringComparer.Ordinal) { "updatedAt", "callAt", "occurredAt" };

    /// <summary>An array the record holds as a set, order without meaning: a county list of <c>figures</c> (<c>disruptedCounties</c>,
    /// <c>affectedCounties</c>, <c>countiesResponseActivated</c>; <c>uniqueItems</c>).</summary>
    private static bool IsSet(JsonArray array) =>
        array.Parent is JsonObject { Parent: JsonObject { Parent: null } record } figures
        && ReferenceEquals(record["figures"], figures) && array.GetPropertyName() is { } name
        && FigureCatalog.TryFind(name, out var figure) && figure.Kind == FigureKind.Counties && ReferenceEquals(figures[name], array);

    private static string Normalised(FeedRecord record) =>
        Normalise(JsonSerializer.SerializeToNode(record, Options), instant: false)?.ToJsonString() ?? "null";

    private static JsonNode? Normalise(JsonNode? node, bool instant)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject o:
            {
                var copy = new JsonObject();
                foreach (var (name, value) in o)
                {
                    if (Normalise(value, ReferenceEquals(node.Parent, null) && Instants.Contains(name)) is { } kept)
                    {
                        copy[name] = kept;
                    }
                }

                return copy.Count == 0 ? null : copy;
            }

            case JsonArray a:
            {
                var items = a.Select(item => Normalise(item, instant: false));
                if (IsSet(a))
                {
                    // A set: its items in one order (ordinal order of their JSON), whatever order the sender wrote.
                    items = items.OrderBy(item => item?.ToJsonString() ?? "null", StringComparer.Ordinal).ToList();
                }

                var copy = new JsonArray();
                foreach (var item in items)
                {
                    copy.Add(item);
                }

                return copy;
            }

            default:
                var v = node.AsValue();
                if (v.GetValueKind() == JsonValueKind.Number)
                {
                    var text = v.ToJsonString();
                    return JsonValue.Create(decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                        ? "number:" + number.ToString("G29", CultureInfo.InvariantCulture)
                        : "number:" + text);
                }

                if (instant && v.GetValueKind() == JsonValueKind.String && AssessmentContract.ParseOccurredAt(v.GetValue<string>()) is { } at)
                {
                    return JsonValue.Create("instant:" + at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
                }

                return v.DeepClone();
        }
    }

    /// <summary>
    /// The top-level <c>eventId</c> of a line without reading the rest, or null: a replayed line whose bytes
    /// are stored already is answered without parsing it.
    /// </summary>
    public static string? PeekEventId(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 16 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isEventId = reader.ValueTextEquals("eventId"u8);
                if (!reader.Read())
                {
                    return null;
                }

                if (isEventId)
                {
                    // An id holding a control character is no id (U+0000: no store can look it up, PostgreSQL refusing the
                    // character), and the parse refuses the line for it.
                    return reader.TokenType == JsonTokenType.String && reader.GetString() is { } id && ControlCharacters.IndexOfRefused(id) < 0 ? id : null;
                }

                reader.Skip();
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string escape that is not valid UTF-16 (a lone "\ud800"); the full
            // parse then refuses the line with its reason.
        }

        return null;
    }

    private static string FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "$";
        }

        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
    }

    // System.Text.Json appends "Path: … | LineNumber: … | BytePositionInLine: …" (the field is reported apart) and names the
    // .NET type a member could not be mapped to; integrators know the record by its fields.
    private static string Trim(string message) => JsonErrors.Plainly(message, "is not a field of a 122 record (docs/feed-122.md)");
}
