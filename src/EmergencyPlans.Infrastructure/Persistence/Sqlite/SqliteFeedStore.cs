using System.Globalization;
using EmergencyPlans.Application.Feeds;
using EmergencyPlans.Application.Ports;
using Microsoft.Data.Sqlite;

namespace EmergencyPlans.Infrastructure.Persistence.Sqlite;

/// <summary>
/// <see cref="IFeedStore"/> in the incident store's SQLite file (tables of schema migration 3). Every
/// commit is fsynced (synchronous=FULL) before the feed acknowledges any line of it; lines are grouped
/// into one transaction per batch, which is what makes durable ingest fast.
/// </summary>
public sealed class SqliteFeedStore : IFeedStore
{
    private readonly string _connectionString;
    private readonly string _path;
    private readonly string _pragmas;
    private readonly MigratedBy _schema;

    /// <param name="path">The incident store's database file.</param>
    /// <param name="schemaOwner">The incident store of the same file, which applies the schema migrations.</param>
    /// <param name="busyTimeout">How long a batch waits for another process's write lock; 10 s when null.</param>
    public SqliteFeedStore(string path, IIncidentStore schemaOwner, TimeSpan? busyTimeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(schemaOwner);
        _schema = new MigratedBy(schemaOwner);
        _path = Path.GetFullPath(path);
        _connectionString = SqliteConnections.For(_path);
        _pragmas = SqliteConnections.Pragmas(busyTimeout ?? SqliteConnections.DefaultBusyTimeout);
    }

    public async Task<IReadOnlyDictionary<string, FeedMessageKey>> FindMessagesAsync(IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventIds);

        // On a replay every line is found here. The record and incident a duplicate's answer names come from the same row (its columns
        // stand before the line's), the incident parsed from its UTF-8 without a string.
        return await FindByIdAsync(eventIds, """
            SELECT ids.key, m.line_hash, m.dispatch_id, m.sequence, m.incident_id
            FROM json_each(?1) AS ids JOIN feed_messages AS m ON m.event_id = ids.value
            """, static (row, eventId) => new FeedMessageKey(
                eventId, row.ColumnBlob(1), row.ColumnText(2), row.ColumnInteger(3), row.ColumnGuid(4, "feed_messages.incident_id")),
            cancellationToken);
    }

    /// <summary>
    /// The rows of <paramref name="ids"/> that <paramref name="sql"/> finds, by id: one statement for the whole batch, the ids travelling
    /// as one JSON array (<c>?1</c>) and each probed in its table's unique index. The rows are read on the native handle, which took about
    /// a quarter less CPU than ADO.NET's reader in the replay bench (ADR 0008), and a row names its id by its place in the array (json_each's
    /// key, the statement's first column) rather than as text to decode into a new string. The eventIds' and the dispatch records' look-ups
    /// run in line order for every group.
    /// </summary>
    private async Task<Dictionary<string, T>> FindByIdAsync<T>(
        IReadOnlyCollection<string> ids, string sql, Func<SqliteNativeStatement, string, T> read, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, T>(ids.Count, StringComparer.Ordinal);
        if (ids.Count == 0)
        {
            return found;
        }

        var array = ids as string[] ?? [.. ids];
        await using var session = await SessionAsync(deferred: true, cancellationToken);
        using (var find = new SqliteNativeStatement(session.Connection, sql))
        {
            find.Utf8(1, JsonArrayUtf8(array).Span);
            while (find.Step())
            {
                var id = array[find.ColumnInteger(0)];
                found[id] = read(find, id);
            }
        }

        session.Complete();
        return found;
    }

    public async Task<IReadOnlyDictionary<string, string>> FindLinesAsync(IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventIds);
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        if (eventIds.Count == 0)
        {
            return found;
        }

        await using var session = await SessionAsync(deferred: true, cancellationToken);
        using (var find = Command(session.Connection, session.Transaction,
                   "SELECT event_id, line FROM feed_messages WHERE event_id IN (SELECT value FROM json_each($ids))"))
        {
            find.Parameters.AddWithValue("$ids", JsonArray(eventIds));
            using var reader = find.ExecuteReader();
            while (reader.Read())
            {
                found[reader.GetString(0)] = reader.GetString(1);
            }
        }

        session.Complete();
        return found;
    }

    public async Task<IReadOnlyList<FeedOpenQuarantine>> FindOpenQuarantineAsync(IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventIds);
        var found = new List<FeedOpenQuarantine>();
        if (eventIds.Count == 0)
        {
            return found;
        }

        // Every batch asks, a replay's too: each id is probed in the index of the open entries' eventIds (migration 10), on the native
        // handle like the messages' look-up; on a replay almost every probe misses.
        await using var session = await SessionAsync(deferred: true, cancellationToken);
        using (var find = new SqliteNativeStatement(session.Connection, """
                   SELECT q.id, q.event_id, q.reason FROM feed_quarantine AS q
                   WHERE q.resolved_at IS NULL AND q.event_id IN (SELECT value FROM json_each(?1))
                   """))
        {
            find.Utf8(1, JsonArrayUtf8(eventIds).Span);
            while (find.Step())
            {
                found.Add(new FeedOpenQuarantine(find.ColumnInteger(0), find.ColumnText(1), find.ColumnText(2)));
            }
        }

        session.Complete();
        return found;
    }

    public async Task<IReadOnlyDictionary<string, FeedDispatch>> FindDispatchesAsync(IReadOnlyCollection<string> dispatchIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dispatchIds);
        return await FindByIdAsync(dispatchIds, """
            SELECT ids.key, d.sequence, d.event_id, d.incident_id
            FROM json_each(?1) AS ids JOIN feed_dispatches AS d ON d.dispatch_id = ids.value
            """, static (row, dispatchId) => new FeedDispatch(dispatchId, row.ColumnInteger(1), row.ColumnText(2), row.ColumnGuid(3, "feed_dispatches.incident_id")),
            cancellationToken);
    }

    public async Task<FeedQuarantineIds> CommitAsync(FeedBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await using var session = await SessionAsync(deferred: false, cancellationToken);
        var connection = session.Connection;
        var transaction = session.Transaction;
        try
        {
            // The two row kinds of every line run on statements prepared once per batch and bound by position on
            // the native handle: binding by name through ADO.NET cost as much as SQLite's own insert (ADR 0008).
            if (batch.Messages.Count > 0)
            {
                using var insert = new SqliteNativeStatement(connection, """
                    INSERT INTO feed_messages (event_id, dispatch_id, sequence, updated_at, outcome, incident_id, line_hash, line, line_number, submitted_by, received_at)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                    """);
                // A prepared statement keeps its bindings across runs: what is the same for every line of a batch
                // (who submitted it, when it was received, mostly its outcome) is bound again only when it changes.
                string? receivedText = null, submittedBy = null, outcome = null;
                DateTimeOffset receivedAt = default;
                foreach (var m in batch.Messages)
                {
                    if (receivedText is null || m.ReceivedAt != receivedAt)
                    {
                        (receivedAt, receivedText) = (m.ReceivedAt, StoreInput.ToSortableText(m.ReceivedAt));
                        insert.Text(11, receivedText);
                    }

                    if (!ReferenceEquals(m.SubmittedBy, submittedBy))
                    {
                        insert.Text(10, submittedBy = m.SubmittedBy);
                    }

                    if (!ReferenceEquals(m.Outcome, outcome))
                    {
                        insert.Text(5, outcome = m.Outcome);
                    }

                    insert.Text(1, m.EventId);
                    insert.Text(2, m.DispatchId);
                    insert.Integer(3, m.Sequence);
                    insert.Time(4, m.UpdatedAt);
                    insert.Text(6, m.IncidentId is { } i ? IdText(i) : null);
                    insert.Blob(7, m.LineHash);
                    if (m.LineUtf8.IsEmpty)
                    {
                        insert.Text(8, m.Line);
                    }
                    else
                    {
                        insert.Utf8(8, m.LineUtf8.Span);
                    }

                    insert.Integer(9, m.LineNumber);
                    insert.Run();
                }
            }

            if (batch.Dispatches.Count > 0)
            {
                // Never lowers a record's sequence, whatever order two writers commit in.
                using var upsert = new SqliteNativeStatement(connection, """
                    INSERT INTO feed_dispatches (dispatch_id, sequence, event_id, incident_id, updated_at, moved_county, moved_place)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                    ON CONFLICT (dispatch_id) DO UPDATE SET
                        sequence = excluded.sequence, event_id = excluded.event_id,
                        incident_id = COALESCE(excluded.incident_id, feed_dispatches.incident_id), updated_at = excluded.updated_at,
                        moved_county = excluded.moved_county, moved_place = excluded.moved_place
                    WHERE excluded.sequence > feed_dispatches.sequence
                    """);
                var now = StoreInput.ToSortableText(batch.Messages.Count > 0 ? batch.Messages[^1].ReceivedAt : DateTimeOffset.UnixEpoch);
                foreach (var d in batch.Dispatches)
                {
                    upsert.Text(1, d.DispatchId);
                    upsert.Integer(2, d.Sequence);
                    upsert.Text(3, d.EventId);
                    upsert.Text(4, d.IncidentId is { } i ? IdText(i) : null);
                    upsert.Text(5, now);
                    upsert.Text(6, d.MovedCounty);
                    upsert.Text(7, d.MovedCounty is null ? null : d.MovedPlace);
                    upsert.Run();
                }
            }

            var ids = new FeedQuarantineIds(batch.Quarantine.Count);
            if (batch.Quarantine.Count > 0)
            {
                // A line quarantined before (the same bad line sent again, a replayed file) is looked up, not inserted
                // again: even an INSERT that does nothing on conflict writes the AUTOINCREMENT counter's page, so a
                // replay that stores nothing new would still write and fsync every batch.
                using var find = Command(connection, transaction, "SELECT id FROM feed_quarantine WHERE line_hash = $line_hash");
                var hash = find.Parameters.Add("$line_hash", SqliteType.Blob);
                using var insert = Command(connection, transaction, """
                    INSERT INTO feed_quarantine (line_hash, line_number, line, line_bytes, reason, field, error, event_id, submitted_by, received_at,
                                                 resolved_at, resolved_by_event_id, kind)
                    VALUES ($line_hash, $line_number, $line, $line_bytes, $reason, $field, $error, $event_id, $submitted_by, $received_at,
                            $resolved_at, $resolved_by_event_id, $kind)
                    ON CONFLICT (line_hash) DO NOTHING
                    """);
                var p = Parameters(insert, "$line_hash", "$line_number", "$line", "$reason", "$field", "$error", "$event_id", "$submitted_by", "$received_at", "$line_bytes",
                    "$resolved_at", "$resolved_by_event_id", "$kind");
                foreach (var q in batch.Quarantine)
                {
                    hash.Value = q.LineHash;
                    if (find.ExecuteScalar() is { } stored)
                    {
                        ids.Add(Convert.ToInt64(stored, CultureInfo.InvariantCulture));
                        ids.Existing.Add(ids[^1]);
                        continue;
                    }

                    p[0].Value = q.LineHash;
                    p[1].Value = q.LineNumber;
                    p[2].Value = q.Line;
                    p[3].Value = q.Reason;
                    p[4].Value = (object?)q.Field ?? DBNull.Value;
                    p[5].Value = q.Error;
                    p[6].Value = (object?)q.EventId ?? DBNull.Value;
                    p[7].Value = q.SubmittedBy;
                    p[8].Value = StoreInput.ToSortableText(q.ReceivedAt);
                    p[9].Value = (object?)q.LineBytes ?? DBNull.Value;
                    p[10].Value = q.ResolvedByEventId is null ? DBNull.Value : p[8].Value;
                    p[11].Value = (object?)q.ResolvedByEventId ?? DBNull.Value;
                    p[12].Value = q.Kind;
                    insert.ExecuteNonQuery();
                    ids.Add(Convert.ToInt64(find.ExecuteScalar(), CultureInfo.InvariantCulture));
                }
            }

            if (batch.Resolutions is { Count: > 0 } resolutions)
            {
                // Only open entries: one dismissed or resolved meanwhile keeps what closed it.
                using var resolve = Command(connection, transaction,
                    "UPDATE feed_quarantine SET resolved_at = $at, resolved_by_event_id = $event_id WHERE id = $id AND resolved_at IS NULL");
                var (at, eventId, id) = (resolve.Parameters.Add("$at", SqliteType.Text), resolve.Parameters.Add("$event_id", SqliteType.Text),
                    resolve.Parameters.Add("$id", SqliteType.Integer));
                foreach (var r in resolutions)
                {
                    at.Value = StoreInput.ToSortableText(r.At);
                    eventId.Value = r.EventId;
                    id.Value = r.QuarantineId;
                    resolve.ExecuteNonQuery();
                }
            }

            if (batch.ForAlerts is { Count: > 0 } warnings)
            {
                // Rare (a record below the intake rule reporting fog, wind, a long blockage): the alert scan reads them (migration 16).
                using var keep = Command(connection, transaction,
                    "INSERT INTO feed_warnings (event_id, dispatch_id, plan_id, alert_key) VALUES ($event_id, $dispatch_id, $plan_id, $alert_key)");
                var w = Parameters(keep, "$event_id", "$dispatch_id", "$plan_id", "$alert_key");
                foreach (var warning in warnings)
                {
                    (w[0].Value, w[1].Value, w[2].Value, w[3].Value) = (warning.EventId, warning.DispatchId, warning.PlanId, warning.AlertKey);
                    keep.ExecuteNonQuery();
                }
            }

            session.Complete(batchCommit: true);
            return ids;
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode is SqliteConstraintPrimaryKey or SqliteConstraintUnique)
        {
            // A message stored by another writer: its key, not any constraint. A CHECK or NOT NULL refused is this build's own
            // mistake, and read as a conflict it was decided again and again to the same refusal.
            // Disposing the session rolls the whole batch back: its incident writes too.
            throw new FeedWriteConflictException("Another writer stored a message of this feed batch first; nothing of the batch was written.", e);
        }
    }

    /// <summary>
    /// An incident a 122 record is tied to has a record (migration 19), marked in the tie's own transaction (one the feed opens is marked as
    /// it is written, <see cref="NewIncident.HasFeedRecord"/>): the same statement on both providers (TRUE is 1 to SQLite).
    /// </summary>
    internal const string MarkIncidentSql = "UPDATE incidents SET has_feed_record = TRUE WHERE id = $incident_id AND NOT has_feed_record";

    private const int SqliteConstraintPrimaryKey = 1555; // SQLITE_CONSTRAINT_PRIMARYKEY
    private const int SqliteConstraintUnique = 2067; // SQLITE_CONSTRAINT_UNIQUE

    public async Task LinkDispatchAsync(string dispatchId, Guid incidentId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(dispatchId);
        if (SqliteBatch.For(_path) is null)
        {
            throw new InvalidOperationException("A link is committed with its incident's event, in a batch begun on this flow (BeginBatchAsync).");
        }

        await using var session = await SessionAsync(deferred: false, cancellationToken);
        using (var link = Command(session.Connection, session.Transaction, LinkDispatchSql))
        {
            var p = Parameters(link, "$dispatch_id", "$incident_id", "$at");
            (p[0].Value, p[1].Value, p[2].Value) = (dispatchId, IdText(incidentId), StoreInput.ToSortableText(at));
            await link.ExecuteNonQueryAsync(cancellationToken);
        }

        session.Complete(batchCommit: true);
    }

    /// <summary>
    /// A record not received yet is kept at sequence -1 (every message of it is newer); a received one keeps its sequence, eventId and time.
    /// The same statement on both providers.
    /// </summary>
    internal const string LinkDispatchSql = """
        INSERT INTO feed_dispatches (dispatch_id, sequence, event_id, incident_id, updated_at) VALUES ($dispatch_id, -1, '', $incident_id, $at)
        ON CONFLICT (dispatch_id) DO UPDATE SET incident_id = excluded.incident_id;
        """ + MarkIncidentSql;

    public async Task<IReadOnlyList<FeedQuarantineEntry>> ListQuarantineAsync(long afterId, int limit, bool includeResolved, string? kind = null, CancellationToken cancellationToken = default)
    {
        await using var session = await SessionAsync(deferred: true, cancellationToken);
        // With a kind, the (kind, id) indexes (the open entries' own without includeResolved) give its entries in order.
        using var list = Command(session.Connection, session.Transaction, $"""
            SELECT {QuarantineColumns} FROM feed_quarantine
            WHERE id > $after {(includeResolved ? "" : "AND resolved_at IS NULL")} {(kind is null ? "" : "AND kind = $kind")}
            ORDER BY id LIMIT $limit
            """);
        list.Parameters.AddWithValue("$after", afterId);
        list.Parameters.AddWithValue("$limit", limit);
        if (kind is not null)
        {
            list.Parameters.AddWithValue("$kind", kind);
        }

        using var reader = list.ExecuteReader();
        var entries = new List<FeedQuarantineEntry>();
        while (reader.Read())
        {
            entries.Add(ReadQuarantine(reader));
        }

        return entries;
    }

    public async Task<FeedQuarantineEntry?> GetQuarantineAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var session = await SessionAsync(deferred: true, cancellationToken);
        using var get = Command(session.Connection, session.Transaction, $"SELECT {QuarantineColumns} FROM feed_quarantine WHERE id = $id");
        get.Parameters.AddWithValue("$id", id);
        using var reader = get.ExecuteReader();
        return reader.Read() ? ReadQuarantine(reader) : null;
    }

    public async Task<IReadOnlyList<FeedQuarantineEntry>> FindClosedQuarantineAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return [];
        }

        await using var session = await SessionAsync(deferred: true, cancellationToken);
        using var find = Command(session.Connection, session.Transaction,
            $"SELECT {QuarantineColumns} FROM feed_quarantine WHERE id IN (SELECT value FROM json_each($ids)) AND resolved_at IS NOT NULL ORDER BY id");
        find.Parameters.AddWithValue("$ids", "[" + string.Join(",", ids.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]");
        using var reader = find.ExecuteReader();
        var found = new List<FeedQuarantineEntry>();
        while (reader.Read())
        {
            found.Add(ReadQuarantine(reader));
        }

        return found;
    }

    /// <inheritdoc/>
    public bool IsStoreFailure(Exception exception) => StoreFailures.IsStoreFailure(exception);

    public async Task<bool> DismissQuarantineAsync(FeedDismissal dismissal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dismissal);
        await using var session = await SessionAsync(deferred: false, cancellationToken);
        using var dismiss = Command(session.Connection, session.Transaction,
            "UPDATE feed_quarantine SET resolved_at = $at, dismissed_by = $by, dismissal_reason = $reason WHERE id = $id AND resolved_at IS NULL");
        dismiss.Parameters.AddWithValue("$at", StoreInput.ToSortableText(dismissal.At));
        dismiss.Parameters.AddWithValue("$by", dismissal.By);
        dismiss.Parameters.AddWithValue("$reason", dismissal.Reason);
        dismiss.Parameters.AddWithValue("$id", dismissal.QuarantineId);
        var changed = dismiss.ExecuteNonQuery() == 1;
        session.Complete(batchCommit: changed);
        return changed;
    }

    public async Task<IReadOnlyList<FeedMessage>> ReadHistoryAsync(string dispatchId, CancellationToken cancellationToken = default)
    {
        await using var session = await SessionAsync(deferred: true, cancellationToken);
        using var read = Command(session.Connection, session.Transaction, """
            SELECT event_id, dispatch_id, sequence, updated_at, outcome, incident_id, line_hash, line, line_number, submitted_by, received_at
            FROM feed_messages WHERE dispatch_id = $id ORDER BY position
            """);
        read.Parameters.AddWithValue("$id", dispatchId);
        using var reader = read.ExecuteReader();
        var messages = new List<FeedMessage>();
        while (reader.Read())
        {
            messages.Add(new FeedMessage(
                reader.GetString(0), reader.GetString(1), reader.GetInt64(2), StoreInput.FromSortableText(reader.GetString(3)), reader.GetString(4),
                reader.IsDBNull(5) ? null : Guid.Parse(reader.GetString(5)), (byte[])reader[6], reader.GetString(7), reader.GetInt64(8),
                reader.GetString(9), StoreInput.FromSortableText(reader.GetString(10))));
        }

        return messages;
    }

    public async Task<FeedCounts> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var session = await SessionAsync(deferred: true, cancellationToken);
        using var count = Command(session.Connection, session.Transaction,
            "SELECT (SELECT COUNT(*) FROM feed_messages), (SELECT COUNT(*) FROM feed_dispatches), (SELECT COUNT(*) FROM feed_quarantine)");
        using var reader = count.ExecuteReader();
        reader.Read();
        return new FeedCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    public async Task<IReadOnlyList<FeedNearbyIncident>> FindOpenIncidentsAsync(string planId, string county, DateTimeOffset earliest, DateTimeOffset latest, int limit,
        bool withRecord, CancellationToken cancellationToken = default)
    {
        await using var session = await SessionAsync(deferred: true, cancellationToken);
        // Inside a feed batch (an opening's look-up), on the statement the batch keeps: prepared once a batch, not at every opening.
        var sql = withRecord ? FindOpenIncidentsWithRecordsSql : FindOpenIncidentsSql;
        using var find = session.Batch is { } batch ? batch.Native(sql) : SqliteNativeRun.Own(session.Connection, sql);
        var statement = find.Statement;
        statement.Text(1, planId);
        statement.Time(2, earliest);
        statement.Time(3, latest);
        statement.Text(4, FeedDuplicates.CountyNeedle(county));
        statement.Integer(5, limit);
        var found = new List<FeedNearbyIncident>();
        while (statement.Step())
        {
            if (FeedDuplicates.Read(statement.ColumnGuid(0, "id")!.Value, StoreInput.FromSortableText(statement.ColumnText(1)), statement.ColumnText(2), county) is { } near)
            {
                found.Add(near);
            }
        }

        return found;
    }

    public async Task<IReadOnlyList<FeedNearbyIncident>> FindMovedIncidentsAsync(string planId, string county, DateTimeOffset earliest, DateTimeOffset latest, int limit,
        CancellationToken cancellationToken = default)
    {
        await using var session = await SessionAsync(deferred: true, cancellationToken);
        using var find = session.Batch is { } batch ? batch.Native(FindMovedIncidentsSql) : SqliteNativeRun.Own(session.Connection, FindMovedIncidentsSql);
        var statement = find.Statement;
        statement.Text(1, planId);
        statement.Time(2, earliest);
        statement.Time(3, latest);
        statement.Text(4, county);
        statement.Integer(5, limit);
        var found = new List<FeedNearbyIncident>();
        while (statement.Step())
        {
            if (FeedDuplicates.ReadMoved(statement.ColumnGuid(0, "id")!.Value, StoreInput.FromSortableText(statement.ColumnText(1)), statement.ColumnText(2), county,
                    statement.ColumnText(3)) is { } near)
            {
                found.Add(near);
            }
        }

        return found;
    }

    /// <summary>
    /// The open incidents whose record's latest message moved them to a county (migration 21's partial index on the rows, nearly always empty),
    /// of the plan and window; drills are left out by FeedDuplicates.ReadMoved. Made once. CROSS JOIN keeps the moved rows the outer loop
    /// (SQLite takes the join's order from it): with a plain JOIN the planner walked every open incident of the window by incidents_open_idx
    /// and probed the moved index for each, at every opening the feed made (the feed benchmark 9 % slower side by side, session 63).
    /// </summary>
    internal static readonly string FindMovedIncidentsSql = $"""
        SELECT i.id, i.occurred_at, substr(i.projection, 1, {FeedDuplicates.ProjectionPrefix}), d.moved_place
        FROM feed_dispatches d CROSS JOIN incidents i ON i.id = d.incident_id
        WHERE d.moved_county = ?4 AND i.plan_id = ?1 AND i.occurred_at >= ?2 AND i.occurred_at <= ?3 AND i.is_open = 1
        ORDER BY i.occurred_at DESC, i.id LIMIT ?5
        """;

    /// <summary>
    /// The office's own open incidents of the window by their partial index (migration 19: those no 122 record opened or is tied to), the
    /// county's among them, drills left out, latest first, at most the caller's limit (FeedDuplicates asks for
    /// <see cref="FeedDuplicates.Examined"/>): an opening's one look-up. The documents run to kilobytes; json_extract parsed each in the
    /// window (20 ms for 450 of them under load): the county is matched on the document's beginning first, and only a candidate of the
    /// county is parsed for its drill flag (a CASE, so SQLite cannot reorder the two). Drills and other counties were left out after the
    /// limit, and a window of newer ones hid the one sought (a 122 integrator's review, s62 F62-06). Only the candidates' beginnings are
    /// read back and checked (FeedDuplicates.Read). Made once: an interpolated text was made again at every opening.
    /// </summary>
    private static readonly string FindOpenIncidentsSql = FindOpenIncidentsOf("has_feed_record = 0");

    /// <summary>
    /// The same of the open incidents a 122 record opened or is tied to, by the incidents' index of plan and occurrence: asked for an incident
    /// the office opens, a handful a day, so the rows it passes over (the office's own) are few.
    /// </summary>
    private static readonly string FindOpenIncidentsWithRecordsSql = FindOpenIncidentsOf("has_feed_record = 1");

    private static string FindOpenIncidentsOf(string recorded) => $"""
        SELECT id, occurred_at, substr(projection, 1, {FeedDuplicates.ProjectionPrefix})
        FROM incidents
        WHERE plan_id = ?1 AND occurred_at >= ?2 AND occurred_at <= ?3 AND is_open = 1 AND {recorded}
          AND CASE WHEN {ProjectionBeginsWith("projection", "?4")} THEN json_extract(projection, '$.drill') IS NOT 1 ELSE 0 END
        ORDER BY occurred_at DESC, id LIMIT ?5
        """;

    /// <summary>
    /// SQL true when the first <see cref="FeedDuplicates.NeedleWithin"/> characters of <paramref name="projection"/> hold <paramref name="needle"/>
    /// (a <see cref="FeedDuplicates.CountyNeedle"/>): a county matched without parsing the document, here and in the alert store's road look-up.
    /// </summary>
    internal static string ProjectionBeginsWith(string projection, string needle) =>
        $"instr(substr({projection}, 1, {FeedDuplicates.NeedleWithin}), {needle}) > 0";

    public async Task<FeedActivity> ReadActivityAsync(CancellationToken cancellationToken = default)
    {
        await using var session = await SessionAsync(deferred: true, cancellationToken);
        using var read = Command(session.Connection, session.Transaction, FeedActivitySql);
        using var reader = read.ExecuteReader();
        reader.Read();
        DateTimeOffset? At(int i) => reader.IsDBNull(i) ? null : StoreInput.FromSortableText(reader.GetString(i));
        return new FeedActivity(At(0), reader.IsDBNull(1) ? null : reader.GetString(1), At(2), reader.GetInt64(3), At(4));
    }

    /// <summary>The feed's activity by index: the latest message by position, the latest and oldest open quarantine entries by id.</summary>
    internal const string FeedActivitySql = """
        SELECT (SELECT received_at FROM feed_messages ORDER BY position DESC LIMIT 1),
               (SELECT event_id FROM feed_messages ORDER BY position DESC LIMIT 1),
               (SELECT received_at FROM feed_quarantine ORDER BY id DESC LIMIT 1),
               (SELECT COUNT(*) FROM feed_quarantine WHERE resolved_at IS NULL),
               (SELECT received_at FROM feed_quarantine WHERE resolved_at IS NULL ORDER BY id LIMIT 1)
        """;

    /// <summary>
    /// Begins a batch's unit of work on the caller's flow: one write transaction (BEGIN IMMEDIATE) on this file
    /// that the incident store's writes on the same flow join (ADR 0008); <see cref="CommitAsync"/> commits it,
    /// disposing it without that rolls everything back. The write lock makes batches one at a time.
    /// </summary>
    public ValueTask<IAsyncDisposable> BeginBatchAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult<IAsyncDisposable>(BeginBatch());

    public ValueTask<IFeedLineWrites> BeginLineAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IFeedLineWrites>((SqliteBatch.For(_path) ?? throw new InvalidOperationException(
            "A feed line's writes are part of a batch begun on this flow (BeginBatchAsync).")).Save("feed_line"));

    private SqliteBatch BeginBatch()
    {
        // Before the first batch: the migrations run on the incident store's own connection.
        _schema.Ensure();

        // Checked against the file at the path as it is taken, and again as the batch commits (SqliteBatch.Commit): once a batch,
        // not once a line.
        var connection = SqliteConnections.Open(_connectionString, _path, _pragmas);
        try
        {
            return SqliteBatch.Begin(_path, connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The batch's connection and transaction on this flow, or a connection and transaction of the call's own.</summary>
    private async Task<Session> SessionAsync(bool deferred, CancellationToken cancellationToken)
    {
        if (SqliteBatch.For(_path) is { } batch)
        {
            return new Session(batch.Connection, batch.Transaction, batch);
        }

        var connection = await OpenAsync(cancellationToken);
        return new Session(connection, connection.BeginTransaction(deferred), null, _path);
    }

    private sealed class Session(SqliteConnection connection, SqliteTransaction transaction, SqliteBatch? batch, string? path = null) : IAsyncDisposable
    {
        private bool _complete;

        public SqliteConnection Connection { get; } = connection;

        public SqliteTransaction Transaction { get; } = transaction;

        /// <summary>The feed batch open on this flow, whose kept statements a call inside it runs on; null for a call of its own.</summary>
        public SqliteBatch? Batch => batch;

        /// <summary>Commits the call's own transaction; inside a batch, commits the batch only when it writes.</summary>
        public void Complete(bool batchCommit = false)
        {
            if (batch is null)
            {
                Transaction.Commit();
                _complete = true;

                // A write of its own (a dismissal, a batch committed outside BeginBatch) is acknowledged only if it went into the store's file.
                SqliteConnections.CheckSameFile(Connection, path!);
            }
            else if (batchCommit)
            {
                batch.Commit();
            }

            _complete = true;
        }

        public async ValueTask DisposeAsync()
        {
            if (batch is not null)
            {
                return; // the batch's owner disposes it
            }

            if (!_complete)
            {
                Transaction.Rollback();
            }

            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
    }

    private const string QuarantineColumns =
        "id, line_number, line, reason, field, error, event_id, submitted_by, received_at, resolved_at, resolved_by_event_id, line_bytes, dismissed_by, dismissal_reason, kind";

    private static FeedQuarantineEntry ReadQuarantine(SqliteDataReader r) => new(
        r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.IsDBNull(11) ? null : (byte[])r.GetValue(11), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.GetString(5),
        r.IsDBNull(6) ? null : r.GetString(6), r.GetString(7), StoreInput.FromSortableText(r.GetString(8)),
        r.IsDBNull(9) ? null : StoreInput.FromSortableText(r.GetString(9)), r.IsDBNull(10) ? null : r.GetString(10),
        r.IsDBNull(12) ? null : r.GetString(12), r.IsDBNull(13) ? null : r.GetString(13), r.GetString(14));

    /// <summary>The keys as one JSON array of strings, for <c>json_each</c>.</summary>
    private static string JsonArray(IReadOnlyCollection<string> values) => System.Text.Encoding.UTF8.GetString(JsonArrayUtf8(values).Span);

    /// <summary><see cref="JsonArray"/> as the UTF-8 SQLite takes, sized for the keys up front (ASCII ids need no regrowth).</summary>
    private static ReadOnlyMemory<byte> JsonArrayUtf8(IReadOnlyCollection<string> values)
    {
        var length = 2;
        foreach (var value in values)
        {
            length += value.Length + 3;
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>(length);
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var value in values)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }

        return buffer.WrittenMemory;
    }

    private static string IdText(Guid id) => id.ToString("D", CultureInfo.InvariantCulture);

    // Untyped: each value's own type decides how it is bound (text, integer, blob, null).
    private static SqliteParameter[] Parameters(SqliteCommand command, params string[] names) =>
        names.Select(n => command.Parameters.Add(new SqliteParameter { ParameterName = n })).ToArray();

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await _schema.EnsureAsync(cancellationToken);
        return await SqliteConnections.OpenAsync(_connectionString, _path, _pragmas, cancellationToken);
    }
}
