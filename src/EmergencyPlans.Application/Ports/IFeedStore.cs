namespace EmergencyPlans.Application.Ports;

/// <summary>
/// The 122 dispatch feed's own store (docs/feed-122.md): every message received (the history, applied or
/// stale), the highest sequence of each dispatch record with the incident it opened, and the quarantine of
/// lines that were not applied. Incidents themselves are written through <see cref="IIncidentStore"/>.
/// </summary>
/// <remarks>
/// A batch is committed in one transaction: no message of it is acknowledged before that commit, and a
/// crash before it leaves none of it. Two writers racing on the same message get
/// <see cref="FeedWriteConflictException"/> and nothing of the loser's batch is written.
/// </remarks>
public interface IFeedStore
{
    /// <summary>
    /// Begins one batch's unit of work on the caller's asynchronous flow (call it from the method that then
    /// decides and commits the batch), waiting until no other batch of the store is being decided: batches are
    /// decided one at a time across every instance, so each sees the dispatch records as the one before left them
    /// (two instances deciding messages of one dispatch record at once each opened an incident for it). The incident
    /// writes made on this flow until <see cref="CommitAsync"/> (through the incident store of the same database) join the
    /// batch's transaction, so the batch is one durable commit on both providers.
    /// Disposing it without <see cref="CommitAsync"/> rolls back whatever joined it; disposing it lets the next batch begin.
    /// An incident the batch reads, or whose write it is refused for a stale version, is held by the batch until it ends (SQLite's
    /// write lock; PostgreSQL's row lock, on the batch's transaction): a write of the batch on the version it then read lands, however
    /// busy other writers are on that incident; theirs wait for the batch and meet its version.
    /// </summary>
    ValueTask<IAsyncDisposable> BeginBatchAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Begins one line's part of the batch begun on this flow (<see cref="BeginBatchAsync"/>): the incident writes made for the line
    /// until <see cref="IFeedLineWrites.KeepAsync"/> are undone together if the scope is disposed without it. A line the service fails
    /// on after one of its writes (a dead letter, docs/feed-122.md) thus leaves none of them, and the line's eventId, stored with its
    /// feed row in the batch's commit, is the one key of its whole effect: sent again or re-submitted, it is applied once (ADR 0008).
    /// </summary>
    ValueTask<IFeedLineWrites> BeginLineAsync(CancellationToken cancellationToken = default);

    /// <summary>The stored fingerprints of those of <paramref name="eventIds"/> already received.</summary>
    Task<IReadOnlyDictionary<string, FeedMessageKey>> FindMessagesAsync(IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// The stored lines of those of <paramref name="eventIds"/> already received, by eventId: read, for a whole batch at once, when a
    /// line's hashes differ from its stored message's, to compare the two records by what they say (ADR 0008).
    /// </summary>
    Task<IReadOnlyDictionary<string, string>> FindLinesAsync(IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// The open quarantine entries (neither resolved nor dismissed) whose eventId is one of <paramref name="eventIds"/>, in one statement
    /// for a whole batch: a line of the feed that is taken resolves the entries waiting for its eventId (docs/feed-122.md, Quarantine).
    /// Read by an index of the open entries' eventIds, so a replay's look-up costs a probe a line whatever the quarantine holds.
    /// </summary>
    Task<IReadOnlyList<FeedOpenQuarantine>> FindOpenQuarantineAsync(IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken = default);

    /// <summary>The state of those of <paramref name="dispatchIds"/> already received.</summary>
    Task<IReadOnlyDictionary<string, FeedDispatch>> FindDispatchesAsync(IReadOnlyCollection<string> dispatchIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a batch in one transaction: its messages, the new highest sequence of its dispatch records
    /// (never lowered), its quarantine entries (a line already quarantined is not added twice; a new one may be added resolved,
    /// <see cref="FeedQuarantineItem.ResolvedByEventId"/>), and the open quarantine entries its lines resolve
    /// (<see cref="FeedBatch.Resolutions"/>; an entry no longer open is left as it is), and its messages the alert scan must look at
    /// (<see cref="FeedBatch.ForAlerts"/>). A batch with nothing new writes nothing.
    /// </summary>
    /// <returns>The quarantine id of each entry of <see cref="FeedBatch.Quarantine"/>, in order (the earlier id for a line already there, which
    /// <see cref="FeedQuarantineIds.Existing"/> names).</returns>
    /// <exception cref="FeedWriteConflictException">Another writer stored one of the messages first; nothing was written.</exception>
    Task<FeedQuarantineIds> CommitAsync(FeedBatch batch, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ties the dispatch record <paramref name="dispatchId"/> to the incident <paramref name="incidentId"/> a duty officer opened over REST
    /// (feed-record-linked), and commits the batch begun on this flow (<see cref="BeginBatchAsync"/>) with it: the incident's event written
    /// on the flow and the link are one commit. A record not received yet is kept at sequence -1 with no eventId, so its first message is
    /// applied (filed on the incident); a record received keeps its sequence and history, and its later messages reach the incident.
    /// </summary>
    /// <exception cref="InvalidOperationException">No batch was begun on this flow.</exception>
    Task LinkDispatchAsync(string dispatchId, Guid incidentId, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>
    /// The open incidents of plan <paramref name="planId"/> in <paramref name="county"/> that occurred from <paramref name="earliest"/> to
    /// <paramref name="latest"/>, drills left out, latest first, at most <paramref name="limit"/> (the county and the drill flag are
    /// decided before the limit: another county's or a drill takes no place of it): those no 122 record has (none opened it, none is tied to it: the office's own;
    /// <paramref name="withRecord"/> false), which a record the feed opens an incident for may duplicate; or those one has (true), which an
    /// incident the office opens may duplicate (<see cref="Feeds.FeedDuplicates"/>). One statement: the office's own by their partial index
    /// (an incident is marked as having a 122 record as it is written when a record opens it, <see cref="NewIncident.HasFeedRecord"/>, and in a
    /// tie's transaction, <see cref="LinkDispatchAsync"/>), the others by the incidents' index of plan and occurrence. Asked only when the feed
    /// opens an incident and when the alert scan raises a new-incident alert, never for a routine record. Within a batch, on its transaction.
    /// </summary>
    Task<IReadOnlyList<FeedNearbyIncident>> FindOpenIncidentsAsync(string planId, string county, DateTimeOffset earliest, DateTimeOffset latest, int limit,
        bool withRecord, CancellationToken cancellationToken = default);

    /// <summary>
    /// The open incidents of <paramref name="planId"/> occurring from <paramref name="earliest"/> to <paramref name="latest"/> whose 122 record's
    /// latest message moved the accident to <paramref name="county"/> (<see cref="FeedDispatch.MovedCounty"/>), latest first, at most
    /// <paramref name="limit"/>, drills left out: each with the record's county and place (<see cref="FeedNearbyIncident.OpenedIn"/> the
    /// incident's own county). By the rows' partial index (migration 21), nearly always empty. Within a batch, on its transaction.
    /// </summary>
    Task<IReadOnlyList<FeedNearbyIncident>> FindMovedIncidentsAsync(string planId, string county, DateTimeOffset earliest, DateTimeOffset latest, int limit,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Quarantine entries, oldest first, from <paramref name="afterId"/> on; unresolved only unless <paramref name="includeResolved"/>;
    /// only those of <paramref name="kind"/> (<see cref="QuarantineKinds"/>) when it is given: at most <paramref name="limit"/> of them,
    /// fewer only at the end, with a kind as without one (the kind is a column of the entry, not read from its error).
    /// </summary>
    Task<IReadOnlyList<FeedQuarantineEntry>> ListQuarantineAsync(long afterId, int limit, bool includeResolved, string? kind = null, CancellationToken cancellationToken = default);

    /// <summary>One quarantine entry, or null.</summary>
    Task<FeedQuarantineEntry?> GetQuarantineAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>
    /// The entries <paramref name="ids"/> that are closed (corrected or dismissed): a batch answers a bad line sent again, already
    /// quarantined (<see cref="FeedQuarantineIds.Existing"/>), with its entry's id, and says so when that entry is closed. Asked only for a
    /// batch with such lines (a replay); an id not found or still open is left out.
    /// </summary>
    Task<IReadOnlyList<FeedQuarantineEntry>> FindClosedQuarantineAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default);

    /// <summary>
    /// Closes an open quarantine entry without a corrected line (<see cref="FeedDismissal"/>): resolved at its time, by no eventId,
    /// with who dismissed it and why.
    /// </summary>
    /// <returns>False when the entry is not open (resolved or dismissed meanwhile, or absent): nothing was written.</returns>
    Task<bool> DismissQuarantineAsync(FeedDismissal dismissal, CancellationToken cancellationToken = default);

    /// <summary>
    /// True when <paramref name="exception"/> is a failure of the store or its database (its disk is full, its server cannot be
    /// reached, a restore holds it, or any error the database answered: a deadlock or a busy file passes when sent again): the batch
    /// stops, nothing of it is acknowledged, and the sender sends it again. Any other failure met while applying one line (a defect of
    /// the service on that record) is that line's: the line is quarantined and the rest of the batch goes on.
    /// </summary>
    bool IsStoreFailure(Exception exception);

    /// <summary>A dispatch record's messages in the order received, stale ones included.</summary>
    Task<IReadOnlyList<FeedMessage>> ReadHistoryAsync(string dispatchId, CancellationToken cancellationToken = default);

    /// <summary>Row counts (messages, dispatch records, quarantine entries): tests and benchmarks check that a replay adds none.</summary>
    Task<FeedCounts> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// When the feed last brought something new (the latest message stored, the latest line quarantined) and what waits in the
    /// quarantine: the feed's status and its health check. Reads a few rows by index, whatever the history's size.
    /// </summary>
    Task<FeedActivity> ReadActivityAsync(CancellationToken cancellationToken = default);
}

/// <summary>An open incident a new one may duplicate (<see cref="IFeedStore.FindOpenIncidentsAsync"/>): its id, occurrence, county and place.</summary>
public sealed record FeedNearbyIncident(Guid Id, DateTimeOffset OccurredAt, string County, string? Place)
{
    /// <summary>
    /// For an incident whose 122 record moved it (<see cref="IFeedStore.FindMovedIncidentsAsync"/>): the county the incident was opened in;
    /// <see cref="County"/> and <see cref="Place"/> are then the record's latest. Null otherwise.
    /// </summary>
    public string? OpenedIn { get; init; }
}

/// <summary>What the feed last stored and what its quarantine holds open.</summary>
/// <param name="LastMessageAt">When the latest message stored was received; null when none has been.</param>
/// <param name="LastEventId">That message's eventId.</param>
/// <param name="LastQuarantinedAt">When the latest line quarantined was received; null when none has been.</param>
/// <param name="OpenQuarantine">Quarantine entries neither resolved nor dismissed.</param>
/// <param name="OldestOpenQuarantineAt">When the oldest of them was received.</param>
public sealed record FeedActivity(
    DateTimeOffset? LastMessageAt,
    string? LastEventId,
    DateTimeOffset? LastQuarantinedAt,
    long OpenQuarantine,
    DateTimeOffset? OldestOpenQuarantineAt);

/// <summary>
/// What decides duplicate against conflict for a message already received, and what a duplicate's answer says of the stored message
/// (its record and incident), read in the same look-up so that a byte-identical replay is answered without parsing its line.
/// </summary>
/// <param name="EventId">The message id.</param>
/// <param name="LineHash">SHA-256 of the line's bytes as received: a byte-identical replay is a duplicate without parsing.</param>
/// <param name="DispatchId">The stored message's dispatch record.</param>
/// <param name="Sequence">The stored message's sequence.</param>
/// <param name="IncidentId">The stored message's own incident (the one it was applied to, or was stale against); null for a routine one.</param>
public sealed record FeedMessageKey(string EventId, byte[] LineHash, string DispatchId, long Sequence, Guid? IncidentId);

/// <summary>An open quarantine entry that names an eventId (<see cref="IFeedStore.FindOpenQuarantineAsync"/>).</summary>
/// <param name="Id">The entry.</param>
/// <param name="EventId">The eventId its line named.</param>
/// <param name="Reason"><c>rejected</c> or <c>conflict</c>.</param>
public sealed record FeedOpenQuarantine(long Id, string EventId, string Reason);

/// <summary>A dispatch record as far as the feed has applied it.</summary>
/// <param name="DispatchId">The sender's record (接警单编号).</param>
/// <param name="Sequence">The highest sequence applied; a message at or below it is stale. -1 for a record a duty officer tied to an
/// incident before any of its messages came (<see cref="IFeedStore.LinkDispatchAsync"/>).</param>
/// <param name="EventId">The message that brought it; empty for a record tied before any of its messages came.</param>
/// <param name="IncidentId">The incident the record opened, or a duty officer tied it to; null while it is routine.</param>
public sealed record FeedDispatch(string DispatchId, long Sequence, string EventId, Guid? IncidentId)
{
    /// <summary>
    /// The county the record's latest message gives when it is not its incident's (122 moved the accident: s62 F62-07), else null; written with
    /// the row by the feed's commit (migration 21), read by <see cref="IFeedStore.FindMovedIncidentsAsync"/>. Not read back into a dispatch.
    /// </summary>
    public string? MovedCounty { get; init; }

    /// <summary>With <see cref="MovedCounty"/>: the place (road, kilometre, name) that message gives; null when it gives none.</summary>
    public string? MovedPlace { get; init; }
}

/// <summary>How a message that was not refused was taken.</summary>
public static class FeedOutcomes
{
    /// <summary>Kept and counted; below the intake rule, no incident.</summary>
    public const string Routine = "routine";

    /// <summary>Opened the dispatch record's incident.</summary>
    public const string Opened = "opened";

    /// <summary>Filed as a continuation report on the record's incident.</summary>
    public const string Updated = "updated";

    /// <summary>Older than what was applied for its record: kept in the history, changed nothing.</summary>
    public const string Stale = "stale";
}

/// <summary>A received message as stored (the history).</summary>
public sealed record FeedMessage(
    string EventId,
    string DispatchId,
    long Sequence,
    DateTimeOffset UpdatedAt,
    string Outcome,
    Guid? IncidentId,
    byte[] LineHash,
    string Line,
    long LineNumber,
    string SubmittedBy,
    DateTimeOffset ReceivedAt)
{
    private string? _line = Line;

    /// <summary>
    /// A message whose line the caller has as UTF-8 only (the feed reads each line's bytes to hash them): a store may write
    /// these bytes as they are, and <see cref="Line"/> is decoded from them only when something reads it, so a batch of
    /// routine lines stored on SQLite never makes a string of each.
    /// </summary>
    public FeedMessage(string eventId, string dispatchId, long sequence, DateTimeOffset updatedAt, string outcome, Guid? incidentId, byte[] lineHash,
        ReadOnlyMemory<byte> lineUtf8, long lineNumber, string submittedBy, DateTimeOffset receivedAt)
        : this(eventId, dispatchId, sequence, updatedAt, outcome, incidentId, lineHash, (string)null!, lineNumber, submittedBy, receivedAt)
    {
        LineUtf8 = lineUtf8;
    }

    /// <summary>The line as received (UTF-8 decoded from <see cref="LineUtf8"/> when the message was made from bytes).</summary>
    public string Line
    {
        get => _line ??= System.Text.Encoding.UTF8.GetString(LineUtf8.Span);
        init => _line = value;
    }

    /// <summary>
    /// <see cref="Line"/> as UTF-8, when the caller has it already: a store may write these bytes instead of encoding the
    /// line again. Empty when not given; never different from <see cref="Line"/>.
    /// </summary>
    public ReadOnlyMemory<byte> LineUtf8 { get; init; }
}

/// <summary>
/// A line that was not applied: <c>rejected</c> (malformed or invalid) or <c>conflict</c> (an eventId already received with other
/// content). <c>Line</c> is its text (an invalid UTF-8 sequence, and a NUL, read as U+FFFD: it never holds U+0000, which PostgreSQL's
/// text refuses); <c>LineBytes</c> its bytes as received, only when the text is not them. <c>ResolvedByEventId</c>: a later line of the
/// same batch carrying the entry's eventId was taken, so the entry is added resolved by it at <c>ReceivedAt</c> (ignored when the line
/// is in the quarantine already: that entry, if open, is resolved through <see cref="FeedBatch.Resolutions"/>). <c>Kind</c>
/// (<see cref="QuarantineKinds"/>): whose the fault is, as the ingestor decided when it quarantined the line; stored with the entry.
/// </summary>
public sealed record FeedQuarantineItem(
    byte[] LineHash,
    long LineNumber,
    string Line,
    byte[]? LineBytes,
    string Reason,
    string? Field,
    string Error,
    string Kind,
    string? EventId,
    string SubmittedBy,
    DateTimeOffset ReceivedAt,
    string? ResolvedByEventId = null);

/// <summary>
/// A quarantine entry as stored. <c>Line</c> is the line as text (an invalid UTF-8 sequence read as U+FFFD); <c>LineBytes</c> the
/// line's bytes as received, only for a line that was not UTF-8 (a GBK line), which the text cannot hold: the quarantine keeps a
/// line verbatim. Base64 in JSON; null for every UTF-8 line. <c>Kind</c>: invalid | conflict | failed (<see cref="QuarantineKinds"/>),
/// whose the fault is, as stored when the line was quarantined (entries stored before the column took it from their reason and
/// error); the listing's member <c>kind</c>, extending it: <c>reason</c> stays <c>rejected</c> | <c>conflict</c>.
/// </summary>
public sealed record FeedQuarantineEntry(
    long Id,
    long LineNumber,
    string Line,
    byte[]? LineBytes,
    string Reason,
    string? Field,
    string Error,
    string? EventId,
    string SubmittedBy,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? ResolvedAt,
    string? ResolvedByEventId,
    string? DismissedBy,
    string? DismissalReason,
    string Kind);

/// <summary>
/// The kinds of quarantine entry (docs/feed-122.md): <c>invalid</c>, a line the sender must correct (not JSON, not a record, a field
/// that fails a check: reason <c>rejected</c>); <c>conflict</c>, an eventId already received with other content; <c>failed</c>, a
/// valid record the service failed on (reason <c>rejected</c>, its error starting <see cref="ServiceFailed"/>): the dead letter,
/// re-submitted once the fault is fixed.
/// </summary>
public static class QuarantineKinds
{
    public const string Invalid = "invalid";
    public const string Conflict = "conflict";
    public const string Failed = "failed";

    /// <summary>
    /// How the error of a record the service failed on begins (FeedIngestor writes it). The stores' migration that added the kind
    /// column took <c>failed</c> for the entries stored before it whose error begins so; the kind is no longer read from it.
    /// </summary>
    public const string ServiceFailed = "the service failed on this record";

    /// <summary>Every kind, in the order the documentation gives them.</summary>
    public static IReadOnlyList<string> All { get; } = [Invalid, Conflict, Failed];
}

/// <summary>
/// Quarantine entry <paramref name="QuarantineId"/> closed without a correction: the line cannot be corrected here (an eventId
/// that is itself a typo, a record the sender withdrew or sent again under its own id) and someone who runs the feed says why.
/// </summary>
public sealed record FeedDismissal(long QuarantineId, string By, string Reason, DateTimeOffset At);

/// <summary>
/// A line resolved quarantine entry <paramref name="QuarantineId"/>: its correction re-submitted to it, or a line of the feed carrying the
/// eventId the entry waits for, taken (accepted, or a duplicate or stale message: its content is in).
/// </summary>
public sealed record FeedResolution(long QuarantineId, string EventId, DateTimeOffset At);

/// <summary>One commit of the feed; <paramref name="Resolutions"/> are the open quarantine entries its lines resolve (none when null).</summary>
public sealed record FeedBatch(
    IReadOnlyList<FeedMessage> Messages,
    IReadOnlyList<FeedDispatch> Dispatches,
    IReadOnlyList<FeedQuarantineItem> Quarantine,
    IReadOnlyList<FeedResolution>? Resolutions = null,
    IReadOnlyList<FeedMessageForAlert>? ForAlerts = null);

/// <summary>
/// A message of the batch, of a record that opened no incident, that the alert scan must look at: one whose observations meet a road
/// warning condition (R 4.3; <see cref="Alerts.AlertKinds.FeedRoadWarning"/>, once per record and colour), or one withdrawing the record
/// (<c>cancelled</c>; <see cref="Alerts.AlertKinds.FeedCancelled"/>, raised only if the record's road warning was). Kept with the message,
/// so the scan raises the alert once, from the store, whichever instance scans; the key says which.
/// </summary>
/// <param name="EventId">The message (one of the batch's).</param>
/// <param name="DispatchId">Its dispatch record.</param>
/// <param name="PlanId">The plan whose rules it is read by.</param>
/// <param name="AlertKey">The key of the alert it may call for (<see cref="Alerts.AlertRules.FeedRoadWarningKey"/>,
/// <see cref="Alerts.AlertRules.FeedWithdrawnKey"/>).</param>
public sealed record FeedMessageForAlert(string EventId, string DispatchId, string PlanId, string AlertKey);

/// <summary>Rows in the feed's tables.</summary>
public sealed record FeedCounts(long Messages, long Dispatches, long Quarantine);

/// <summary>Another writer stored a message of the batch first; nothing of the batch was written. Read again and retry.</summary>
public sealed class FeedWriteConflictException : Exception
{
    public FeedWriteConflictException()
        : base("Another writer stored a message of this feed batch first; nothing of the batch was written.")
    {
    }

    public FeedWriteConflictException(string message)
        : base(message)
    {
    }

    public FeedWriteConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A line's incident writes inside a feed batch (<see cref="IFeedStore.BeginLineAsync"/>): kept, or undone as it is disposed.</summary>
public interface IFeedLineWrites : IAsyncDisposable
{
    /// <summary>Keeps the line's writes in the batch (they commit, or roll back, with it).</summary>
    ValueTask KeepAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// The quarantine ids of a committed batch's entries, in the order of <see cref="FeedBatch.Quarantine"/>, and those of them the commit found
/// already there, the same bad line stored before (looked up by its hash rather than inserted again), whose entries may since be closed.
/// </summary>
public sealed class FeedQuarantineIds(int capacity) : List<long>(capacity)
{
    /// <summary>The ids of entries stored before this commit.</summary>
    public HashSet<long> Existing { get; } = [];
}
