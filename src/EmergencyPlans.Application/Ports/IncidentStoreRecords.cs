using EmergencyPlans.Core.Incidents;

namespace EmergencyPlans.Application.Ports;

/// <summary>The facts about an incident that never change after it is opened.</summary>
/// <param name="Id">Chosen by the caller, so a retried create is detected as a duplicate.</param>
/// <param name="PlanId">The emergency plan the incident is handled under.</param>
/// <param name="OccurredAt">When the incident happened (not when it was recorded).</param>
/// <param name="HasFeedRecord">A 122 record opened it (its opening report came from the feed): stored on the incident's row, so that the
/// feed's look-up of the office's own open incidents passes it over by index from the moment it is written (ADR 0008, session 57). A record
/// tied to an incident later marks it where the tie is written.</param>
public sealed record NewIncident(Guid Id, string PlanId, DateTimeOffset OccurredAt, bool HasFeedRecord = false);

/// <summary>An event to append to an incident's log, in its stored form. The store stamps the recording time.</summary>
/// <param name="Type">Event type name, e.g. <c>incident-opened</c> (docs/events.md).</param>
/// <param name="SchemaVersion">The schema version its body is written in.</param>
/// <param name="OccurredAt">When it happened in the world.</param>
/// <param name="Actor">Who or what caused it (user id, feed name, "system").</param>
/// <remarks>
/// A record made from a domain event (<see cref="EventRecord(IncidentEvent)"/>) writes its body when a store first
/// reads it: a durable store does so while it appends, as UTF-8 (<see cref="PayloadUtf8"/>, the serializer's own output);
/// a drill's store keeps the event and never needs the body. Domain events are immutable, so the body is the same whenever
/// it is written. Either form, once made, is kept; the text (<see cref="PayloadJson"/>) of a serialised body is decoded from its UTF-8.
/// </remarks>
public sealed record EventRecord(string Type, int SchemaVersion, DateTimeOffset OccurredAt, string Actor)
{
    private string? _payloadJson;
    private byte[]? _payloadUtf8;

    /// <param name="type">Event type name, e.g. <c>incident-opened</c> (docs/events.md).</param>
    /// <param name="schemaVersion">The schema version its body is written in.</param>
    /// <param name="occurredAt">When it happened in the world.</param>
    /// <param name="actor">Who or what caused it (user id, feed name, "system").</param>
    /// <param name="payloadJson">The event body as a JSON document.</param>
    public EventRecord(string type, int schemaVersion, DateTimeOffset occurredAt, string actor, string payloadJson)
        : this(type, schemaVersion, occurredAt, actor) => _payloadJson = payloadJson;

    /// <summary>The stored form of a domain event, in the current schema version.</summary>
    public EventRecord(IncidentEvent e)
        : this(IncidentEventSchema.NameOf(e), IncidentEventSchema.Version, e.At, e.By.ToString()) => Event = e;

    /// <summary>The domain event this record was made from, when it was made from one.</summary>
    public IncidentEvent? Event { get; }

    /// <summary>The event body as a JSON document.</summary>
    public string PayloadJson => _payloadJson ??= System.Text.Encoding.UTF8.GetString(PayloadUtf8.Span);

    /// <summary>The event body as a JSON document in UTF-8, as a store writes it (empty for a record given no text).</summary>
    public ReadOnlyMemory<byte> PayloadUtf8 => _payloadUtf8 ??= Event is { } e
        ? IncidentEventSchema.SerializeToUtf8(e)
        : _payloadJson is null ? [] : System.Text.Encoding.UTF8.GetBytes(_payloadJson);

    /// <summary>
    /// Equal when the fields are, and the bodies: the events when both records have one, else the text (which either form, once
    /// made, would give): not which forms of the body have been made so far.
    /// </summary>
    public bool Equals(EventRecord? other) =>
        ReferenceEquals(this, other)
        || (other is not null && Type == other.Type && SchemaVersion == other.SchemaVersion && OccurredAt.Equals(other.OccurredAt) && Actor == other.Actor
            && (Event is not null && other.Event is not null
                ? Event.Equals(other.Event)
                : _payloadJson is not null && other._payloadJson is not null
                    ? _payloadJson == other._payloadJson
                    : PayloadUtf8.Span.SequenceEqual(other.PayloadUtf8.Span)));

    public override int GetHashCode() => HashCode.Combine(Type, SchemaVersion, OccurredAt, Actor);
}

/// <summary>
/// What the store keeps of a request sent with an Idempotency-Key: a fingerprint of the request, and
/// the incident version it produced, so a retry is answered with that version and changes nothing.
/// </summary>
/// <param name="Key">The client's key.</param>
/// <param name="RequestHash">Fingerprint of operation, caller, target and body.</param>
/// <param name="IncidentId">The incident it created or changed; null for a request that changed nothing.</param>
/// <param name="Version">The incident version the request produced.</param>
public sealed record IdempotencyRecord(string Key, string RequestHash, Guid? IncidentId, long? Version);

/// <summary>An event as stored in the log.</summary>
/// <param name="IncidentId">The incident the event belongs to.</param>
/// <param name="Sequence">1 for the first event, contiguous after that.</param>
/// <param name="Version">The incident version the change that wrote it produced.</param>
/// <param name="Type">Event type name.</param>
/// <param name="SchemaVersion">The schema version its body is written in.</param>
/// <param name="OccurredAt">When it happened in the world.</param>
/// <param name="RecordedAt">When the store committed it (the store's clock).</param>
/// <param name="Actor">Who or what caused it.</param>
/// <param name="PayloadJson">The event body as a JSON document, exactly as appended.</param>
public sealed record StoredEvent(
    Guid IncidentId,
    long Sequence,
    long Version,
    string Type,
    int SchemaVersion,
    DateTimeOffset OccurredAt,
    DateTimeOffset RecordedAt,
    string Actor,
    string PayloadJson);

/// <summary>
/// The current state of an incident: the full document plus the few values that queries filter on,
/// which the caller derives from the document (the store does not parse it).
/// </summary>
/// <remarks>
/// A projection handed to <see cref="IIncidentStore.CreateAsync"/> or <see cref="IIncidentStore.AppendAsync"/> may
/// write its document from the writer's live incident when it is first read: a store reads it during that call (a durable
/// store writes its UTF-8, <see cref="Utf8"/>, the serializer's own output), or never (a drill's store, which folds its events
/// when asked), and never keeps the projection past the call. Either form, once made, is kept; the text (<see cref="Json"/>)
/// of a written document is decoded from its UTF-8.
/// </remarks>
/// <param name="IsOpen">False once the incident is closed.</param>
/// <param name="Level">Current alert level, "I" to "IV", or null before one is assessed.</param>
/// <param name="ResponseState">Where the response stands (<see cref="ResponseStates"/>): a level shown after the response
/// was terminated is no longer in force.</param>
/// <param name="NextObligationDueAt">Due time of the earliest pending obligation, or null if none is pending.</param>
/// <param name="UpdatedAt">When this projection was produced.</param>
public sealed record IncidentProjection(bool IsOpen, string? Level, string ResponseState, DateTimeOffset? NextObligationDueAt, DateTimeOffset UpdatedAt)
{
    private readonly Func<byte[]>? _write;
    private string? _json;
    private byte[]? _utf8;

    /// <param name="json">The projection as a JSON document.</param>
    /// <param name="isOpen">False once the incident is closed.</param>
    /// <param name="level">Current alert level, or null.</param>
    /// <param name="responseState">Where the response stands (<see cref="ResponseStates"/>).</param>
    /// <param name="nextObligationDueAt">Due time of the earliest pending obligation, or null.</param>
    /// <param name="updatedAt">When this projection was produced.</param>
    public IncidentProjection(string json, bool isOpen, string? level, string responseState, DateTimeOffset? nextObligationDueAt, DateTimeOffset updatedAt)
        : this(isOpen, level, responseState, nextObligationDueAt, updatedAt) => _json = json;

    /// <summary>A projection whose document <paramref name="write"/> produces, as UTF-8, when it is first read.</summary>
    public IncidentProjection(Func<byte[]> write, bool isOpen, string? level, string responseState, DateTimeOffset? nextObligationDueAt, DateTimeOffset updatedAt)
        : this(isOpen, level, responseState, nextObligationDueAt, updatedAt) => _write = write;

    /// <summary>The projection as a JSON document.</summary>
    public string Json => _json ??= System.Text.Encoding.UTF8.GetString(Utf8.Span);

    /// <summary>The projection as a JSON document in UTF-8, as a store writes it (empty for a projection given no text).</summary>
    public ReadOnlyMemory<byte> Utf8 => _utf8 ??= _write is not null ? _write() : _json is null ? [] : System.Text.Encoding.UTF8.GetBytes(_json);

    /// <summary>True when the document is written from an incident by the event schema's serializer (valid JSON by construction), not given as text.</summary>
    public bool IsSerialised => _write is not null;

    /// <summary>Equal when the columns are and the documents' text is: not which forms of the document have been made so far.</summary>
    public bool Equals(IncidentProjection? other) =>
        ReferenceEquals(this, other)
        || (other is not null && IsOpen == other.IsOpen && Level == other.Level && ResponseState == other.ResponseState
            && Nullable.Equals(NextObligationDueAt, other.NextObligationDueAt) && UpdatedAt.Equals(other.UpdatedAt) && Nullable.Equals(OccurredAt, other.OccurredAt)
            && (_json is not null && other._json is not null ? _json == other._json : Utf8.Span.SequenceEqual(other.Utf8.Span)));

    public override int GetHashCode() => HashCode.Combine(IsOpen, Level, ResponseState, NextObligationDueAt, UpdatedAt, OccurredAt);

    /// <summary>
    /// When the incident happened, as now known: an append sets the stored row's occurrence time (which orders the incident list) to
    /// it, since a later report may correct it (<c>occurrence-corrected</c>); null leaves the row's as it is.
    /// </summary>
    public DateTimeOffset? OccurredAt { get; init; }
}

/// <summary>An incident's current projection and the version to pass as the next expected version.</summary>
public sealed record StoredIncident(
    Guid Id,
    string PlanId,
    DateTimeOffset OccurredAt,
    long Version,
    IncidentProjection Projection);

/// <summary>
/// A row of a query result: the queryable columns without the document, and from the document what a list needs to tell one
/// incident from another (<paramref name="County"/>, <paramref name="Place"/>, <paramref name="Nature"/>; empty when the document has none).
/// </summary>
public sealed record IncidentSummary(
    Guid Id,
    string PlanId,
    DateTimeOffset OccurredAt,
    long Version,
    bool IsOpen,
    string? Level,
    string ResponseState,
    DateTimeOffset? NextObligationDueAt,
    DateTimeOffset UpdatedAt,
    string County,
    string? Place,
    string Nature);

/// <summary>
/// Filters for <see cref="IIncidentStore.QueryAsync"/>; unset filters match everything.
/// Results are ordered by <see cref="IncidentSummary.OccurredAt"/> descending, or, when
/// <see cref="OverdueAt"/> is set, by the obligation due time ascending (most overdue first);
/// ties are broken by id.
/// </summary>
public sealed record IncidentQuery
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    /// <summary>Only open (true) or only closed (false) incidents.</summary>
    public bool? Open { get; init; }

    /// <summary>Only incidents handled under this plan.</summary>
    public string? PlanId { get; init; }

    /// <summary>Only incidents currently at this level ("I" to "IV").</summary>
    public string? Level { get; init; }

    /// <summary>Only incidents whose response stands so (one of <see cref="ResponseStates.All"/>).</summary>
    public string? ResponseState { get; init; }

    /// <summary>Only incidents whose earliest pending obligation was due strictly before this instant.</summary>
    public DateTimeOffset? OverdueAt { get; init; }

    /// <summary>
    /// With <see cref="OverdueAt"/> only: the incidents ordered after this position (due time, then id), the next page of a walk
    /// that goes on from the last row it saw. Unlike <see cref="Offset"/>, a row before the position that leaves the set between
    /// two pages (its duty met, the incident closed) does not move the rest up, so none of them is skipped.
    /// </summary>
    public DuePosition? AfterDue { get; init; }

    /// <summary>Page size, 1 to <see cref="MaxLimit"/>.</summary>
    public int Limit { get; init; } = DefaultLimit;

    /// <summary>Rows to skip, 0 or more.</summary>
    public int Offset { get; init; }
}

/// <summary>A row's place in the due order of <see cref="IncidentQuery.OverdueAt"/>: its earliest pending obligation's due time, then its id.</summary>
public sealed record DuePosition(DateTimeOffset DueAt, Guid Id);

/// <summary>
/// The response states as the store's <c>response_state</c> column and the incident list hold them: the names the
/// incident view gives <c>response.state</c>.
/// </summary>
public static class ResponseStates
{
    /// <summary>Every state, in the lifecycle's order.</summary>
    public static readonly IReadOnlyList<string> All = Enum.GetNames<Core.Lifecycles.ResponseState>();

    /// <summary>The name of <paramref name="state"/>.</summary>
    public static string Of(Core.Lifecycles.ResponseState state) => state.ToString();

    /// <summary>True when <paramref name="state"/> is one of <see cref="All"/>.</summary>
    public static bool IsKnown(string? state) => state is not null && All.Contains(state, StringComparer.Ordinal);
}

/// <summary>
/// A loaded plan version's time in force: incidents of <paramref name="PlanId"/> that occurred from <paramref name="From"/> until
/// before <paramref name="Until"/> (open-ended when null) are judged by it.
/// </summary>
public sealed record PlanInForce(string PlanId, DateTimeOffset From, DateTimeOffset? Until);

/// <summary>
/// The incidents of <paramref name="PlanId"/> that no loaded plan version covers (<see cref="IIncidentStore.UncoveredAsync"/>):
/// how many, and one of them.
/// </summary>
public sealed record UncoveredIncidents(string PlanId, int Count, Guid Example);
