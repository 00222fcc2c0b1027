using System.Globalization;
using System.Text.Json;
using EmergencyPlans.Application.Ports;

namespace EmergencyPlans.Infrastructure.Persistence;

/// <summary>
/// Checks and normalisation shared by the providers, so that both reject the same input with the
/// same exception before touching the database and store the same values.
/// </summary>
internal static class StoreInput
{
    private const string SortableUtcFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    private static readonly string[] Levels = ["I", "II", "III", "IV"];

    /// <summary>
    /// UTC, truncated to whole microseconds: PostgreSQL's timestamptz resolution. SQLite stores the
    /// same value so that a round trip gives the same instant whichever provider is configured.
    /// </summary>
    public static DateTimeOffset Normalize(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % 10), TimeSpan.Zero);

    public static DateTimeOffset? Normalize(DateTimeOffset? value) =>
        value is { } v ? Normalize(v) : null;

    /// <summary>Fixed-width ISO 8601 in UTC: text order is time order, so SQLite can compare and index it.</summary>
    public static string ToSortableText(DateTimeOffset value) =>
        Normalize(value).ToString(SortableUtcFormat, CultureInfo.InvariantCulture);

    /// <summary><see cref="ToSortableText"/>'s text written as UTF-8 into <paramref name="destination"/> (at least 27 bytes), without a string.</summary>
    public static int ToSortableUtf8(DateTimeOffset value, Span<byte> destination) =>
        Normalize(value).TryFormat(destination, out var written, SortableUtcFormat, CultureInfo.InvariantCulture)
            ? written
            : throw new ArgumentException("The buffer is too small for a sortable instant.", nameof(destination));

    public static DateTimeOffset FromSortableText(string text) =>
        DateTimeOffset.ParseExact(
            text,
            SortableUtcFormat,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static void Check(NewIncident incident, IReadOnlyList<EventRecord> events, IncidentProjection projection, IdempotencyRecord? idempotency)
    {
        ArgumentNullException.ThrowIfNull(incident);
        if (incident.Id == Guid.Empty)
        {
            throw new ArgumentException("Incident id must not be empty.", nameof(incident));
        }

        if (string.IsNullOrWhiteSpace(incident.PlanId))
        {
            throw new ArgumentException("Plan id is required.", nameof(incident));
        }

        Check(events, projection, idempotency);
    }

    public static void Check(long expectedVersion, IReadOnlyList<EventRecord> events, IncidentProjection projection, IdempotencyRecord? idempotency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(expectedVersion, 1);
        Check(events, projection, idempotency);
    }

    public static void Check(IdempotencyRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentException.ThrowIfNullOrWhiteSpace(record.Key);
        ArgumentException.ThrowIfNullOrWhiteSpace(record.RequestHash);
    }

    private static void Check(IReadOnlyList<EventRecord> events, IncidentProjection projection, IdempotencyRecord? idempotency)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (idempotency is not null)
        {
            Check(idempotency);
        }

        if (events.Count == 0)
        {
            throw new ArgumentException("At least one event is required: the projection only changes through events.", nameof(events));
        }

        foreach (var e in events)
        {
            Check(e, nameof(events));
        }

        Check(projection);
    }

    public static void Check(IncidentQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1, nameof(query));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, IncidentQuery.MaxLimit, nameof(query));
        ArgumentOutOfRangeException.ThrowIfNegative(query.Offset, nameof(query));
        if (query.AfterDue is not null && query.OverdueAt is null)
        {
            throw new ArgumentException("AfterDue is a position in the due order, which only OverdueAt gives", nameof(query));
        }

        CheckLevel(query.Level, nameof(query));
        if (query.ResponseState is not null)
        {
            CheckResponseState(query.ResponseState, nameof(query));
        }
    }

    private static void Check(EventRecord e, string paramName)
    {
        if (e is null)
        {
            throw new ArgumentNullException(paramName);
        }

        if (string.IsNullOrWhiteSpace(e.Type))
        {
            throw new ArgumentException("Event type is required.", paramName);
        }

        if (e.SchemaVersion < 1)
        {
            throw new ArgumentException("Event schema version must be 1 or more.", paramName);
        }

        if (string.IsNullOrWhiteSpace(e.Actor))
        {
            throw new ArgumentException("Event actor is required.", paramName);
        }

        // A body the event schema serialises from a domain event is JSON by construction: reading it back whole
        // at every write was about a sixth of a feed incident write. Text given as such is still checked.
        if (e.Event is null)
        {
            CheckJson(e.PayloadUtf8.Span, "Event payload", paramName);
        }
    }

    private static void Check(IncidentProjection projection)
    {
        ArgumentNullException.ThrowIfNull(projection);
        if (!projection.IsSerialised)
        {
            CheckJson(projection.Utf8.Span, "Projection", nameof(projection));
        }

        CheckLevel(projection.Level, nameof(projection));
        CheckResponseState(projection.ResponseState, nameof(projection));
    }

    private static void CheckResponseState(string? state, string paramName)
    {
        if (!ResponseStates.IsKnown(state))
        {
            throw new ArgumentException($"Response state '{state}' is not one of {string.Join(", ", ResponseStates.All)}.", paramName);
        }
    }

    private static void CheckLevel(string? level, string paramName)
    {
        if (level is not null && !Levels.Contains(level, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Level '{level}' is not one of I, II, III, IV.", paramName);
        }
    }

    /// <summary>Checks text given as JSON in the UTF-8 the store will write (a store binds those bytes, so they are encoded once).</summary>
    private static void CheckJson(ReadOnlySpan<byte> json, string what, string paramName)
    {
        if (json.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw new ArgumentException($"{what} JSON is required.", paramName);
        }

        try
        {
            // Read to the end without building a document: the same verdict as JsonDocument.Parse (one complete
            // value, nothing after it), without allocating a tree for a projection of tens of kilobytes.
            var reader = new Utf8JsonReader(json);
            while (reader.Read())
            {
            }
        }
        catch (JsonException ex)
        {
            // Blank text that is not JSON's own whitespace (U+3000, U+00A0…) is missing text too, as string.IsNullOrWhiteSpace says.
            if (string.IsNullOrWhiteSpace(System.Text.Encoding.UTF8.GetString(json)))
            {
                throw new ArgumentException($"{what} JSON is required.", paramName);
            }

            throw new ArgumentException($"{what} is not valid JSON: {ex.Message}", paramName, ex);
        }
    }
}
