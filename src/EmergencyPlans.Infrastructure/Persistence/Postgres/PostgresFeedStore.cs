using EmergencyPlans.Application.Feeds;
using EmergencyPlans.Application.Ports;
using Npgsql;
using NpgsqlTypes;

namespace EmergencyPlans.Infrastructure.Persistence.Postgres;

/// <summary>
/// <see cref="IFeedStore"/> on PostgreSQL (tables of schema migration 3), for several instances on one
/// database: a message stored by two instances at once violates its primary key in the second commit,
/// which is rolled back whole and reported as <see cref="FeedWriteConflictException"/>.
/// </summary>
public sealed class PostgresFeedStore : IFeedStore, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly MigratedBy _schema;
    private readonly IIncidentStore _incidents;

    /// <param name="connectionString">The incident store's database.</param>
    /// <param name="schemaOwner">The incident store of the same database, which applies the schema migrations.</param>
    public PostgresFeedStore(string connectionString, IIncidentStore schemaOwner)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(schemaOwner);
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _schema = new MigratedBy(schemaOwner);
        _incidents = schemaOwner;
    }

    public Task<IReadOnlyDictionary<string, FeedMessageKey>> FindMessagesAsync(IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken = default) =>
        FindAsync("SELECT event_id, line_hash, dispatch_id, sequence, incident_id FROM feed_messages WHERE event_id = ANY(@ids)", eventIds,
            static r => new FeedMessageKey(r.GetString(0), (byte[])r[1], r.GetString(2), r.GetInt64(3), r.IsDBNull(4) ? null : r.GetGuid(4)),
            cancellationToken);

    public Task<IReadOnlyDictionary<string, string>> FindLinesAsync(IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken = default) =>
        FindAsync("SELECT event_id, line FROM feed_messages WHERE event_id = ANY(@ids)", eventIds, static r => r.GetString(1), cancellationToken);

    public async Task<IReadOnlyList<FeedOpenQuarantine>> FindOpenQuarantineAsync(IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken = default)
    {
        // By the index of the open entries' eventIds (migration 10). Several entries may name one eventId: not keyed by it.
        ArgumentNullException.ThrowIfNull(eventIds);
        var found = new List<FeedOpenQuarantine>();
        if (eventIds.Count == 0)
        {
            return found;
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var find = new NpgsqlCommand(
            "SELECT id, event_id, reason FROM feed_quarantine WHERE resolved_at IS NULL AND event_id = ANY(@ids)", connection);
        find.Parameters.Add(new NpgsqlParameter<string[]>("ids", eventIds.ToArray()));
        await using var reader = await find.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(new FeedOpenQuarantine(reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
        }

        return found;
    }

    public Task<IReadOnlyDictionary<string, FeedDispatch>> FindDispatchesAsync(IReadOnlyCollection<string> dispatchIds, CancellationToken cancellationToken = default) =>
        FindAsync("SELECT dispatch_id, sequence, event_id, incident_id FROM feed_dispatches WHERE dispatch_id = ANY(@ids)", dispatchIds,
            static r => new FeedDispatch(r.GetString(0), r.GetInt64(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetGuid(3)), cancellationToken);

    /// <summary>The rows <paramref name="sql"/> finds for <paramref name="ids"/> (bound as <c>@ids</c>, a text array), by their first column.</summary>
    private async Task<IReadOnlyDictionary<string, T>> FindAsync<T>(string sql, IReadOnlyCollection<string> ids, Func<NpgsqlDataReader, T> read,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var found = new Dictionary<string, T>(StringComparer.Ordinal);
        if (ids.Count == 0)
        {
            return found;
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var find = new NpgsqlCommand(sql, connection);
        find.Parameters.Add(new NpgsqlParameter<string[]>("ids", ids.ToArray()));
        await using var reader = await find.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found[reader.GetString(0)] = read(reader);
        }

        return found;
    }

    public async Task<FeedQuarantineIds> CommitAsync(FeedBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);

        // Within a batch, on the transaction that holds the feed's lock: the rows commit only while the lock is held, and a lock lost
        // with its connection (a network cut, the server ending the session) fails the commit instead of letting another instance
        // decide the same dispatch records on rows not yet written. Outside a batch, on a connection of the call's own.
        var held = PostgresFeedBatch.Held(this);
        var own = held is null ? await OpenAsync(cancellationToken) : null;
        var connection = held?.Connection ?? own!;
        var transaction = held?.Transaction ?? await own!.BeginTransactionAsync(cancellationToken);
        try
        {
            if (batch.Messages.Count > 0)
            {
                var m = batch.Messages;
                await using var insert = new NpgsqlCommand("""
                    INSERT INTO feed_messages (event_id, dispatch_id, sequence, updated_at, outcome, incident_id, line_hash, line, line_number, submitted_by, received_at)
                    SELECT * FROM unnest(@event_id, @dispatch_id, @sequence, @updated_at, @outcome, @incident_id, @line_hash, @line, @line_number, @submitted_by, @received_at)
                    """, connection, transaction);
                insert.Parameters.Add(new NpgsqlParameter<string[]>("event_id", m.Select(x => x.EventId).ToArray()));
                insert.Parameters.Add(new NpgsqlParameter<string[]>("dispatch_id", m.Select(x => x.DispatchId).ToArray()));
                insert.Parameters.Add(new NpgsqlParameter<long[]>("sequence", m.Select(x => x.Sequence).ToArray()));
                insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]>("updated_at", m.Select(x => StoreInput.Normalize(x.UpdatedAt)).ToArray()));
                insert.Parameters.Add(new NpgsqlParameter<string[]>("outcome", m.Select(x => x.Outcome).ToArray()));
                insert.Parameters.Add(new NpgsqlParameter<Guid?[]>("incident_id", m.Select(x => x.IncidentId).ToArray()) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
                insert.Parameters.Add(new NpgsqlParameter<byte[][]>("line_hash", m.Select(x => x.LineHash).ToArray()) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
                insert.Parameters.Add(new NpgsqlParameter<string[]>("line", m.Select(x => x.Line).ToArray()));
                insert.Parameters.Add(new NpgsqlParameter<long[]>("line_number", m.Select(x => x.LineNumber).ToArray()));
                insert.Parameters.Add(new NpgsqlParameter<string[]>("submitted_by", m.Select(x => x.SubmittedBy).ToArray()));
                insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]>("received_at", m.Select(x => StoreInput.Normalize(x.ReceivedAt)).ToArray()));
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            if (batch.Dispatches.Count > 0)
            {
                var d = batch.Dispatches;
                var now = StoreInput.Normalize(batch.Messages.Count > 0 ? batch.Messages[^1].ReceivedAt : DateTimeOffset.UnixEpoch);
                // Never lowers a record's sequence, whatever order two writers commit in.
                await using var upsert = new NpgsqlCommand("""
                    INSERT INTO feed_dispatches AS f (dispatch_id, sequence, event_id, incident_id, updated_at, moved_county, moved_place)
                    SELECT u.dispatch_id, u.sequence, u.event_id, u.incident_id, @now, u.moved_county, u.moved_place
                    FROM unnest(@dispatch_id, @sequence, @event_id, @incident_id, @moved_county, @moved_place)
                         AS u (dispatch_id, sequence, event_id, incident_id, moved_county, moved_place)
                    ON CONFLICT (dispatch_id) DO UPDATE SET
                        sequence = excluded.sequence, event_id = excluded.event_id,
                        incident_id = COALESCE(excluded.incident_id, f.incident_id), updated_at = excluded.updated_at,
                        moved_county = excluded.moved_county, moved_place = excluded.moved_place
                    WHERE excluded.sequence > f.sequence
                    """, connection, transaction);
                upsert.Parameters.Add(new NpgsqlParameter<string[]>("dispatch_id", d.Select(x => x.DispatchId).ToArray()));
                upsert.Parameters.Add(new NpgsqlParameter<long[]>("sequence", d.Select(x => x.Sequence).ToArray()));
                upsert.Parameters.Add(new NpgsqlParameter<string[]>("event_id", d.Select(x => x.EventId).ToArray()));
                upsert.Parameters.Add(new NpgsqlParameter<Guid?[]>("incident_id", d.Select(x => x.IncidentId).ToArray()) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
                upsert.Parameters.Add(new NpgsqlParameter<string?[]>("moved_county", d.Select(x => x.MovedCounty).ToArray()) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
                upsert.Parameters.Add(new NpgsqlParameter<string?[]>("moved_place", d.Select(x => x.MovedCounty is null ? null : x.MovedPlace).ToArray())
                    { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
                upsert.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now));
                await upsert.ExecuteNonQueryAsync(cancellationToken);
            }

            var ids = new FeedQuarantineIds(batch.Quarantine.Count);
            foreach (var q in batch.Quarantine)
            {
                // A line quarantined before (the same bad line sent again, a replayed file) is looked up, not inserted
                // again: an insert that meets the conflict still takes an identity value and makes the batch's commit
                // a write, so a replay that stores nothing new would flush the WAL at every group (as on SQLite).
                await using (var find = new NpgsqlCommand("SELECT id FROM feed_quarantine WHERE line_hash = @line_hash", connection, transaction))
                {
                    find.Parameters.Add(new NpgsqlParameter<byte[]>("line_hash", q.LineHash));
                    if (await find.ExecuteScalarAsync(cancellationToken) is long stored)
                    {
                        ids.Add(stored);
                        ids.Existing.Add(stored);
                        continue;
                    }
                }

                // Another instance may quarantine the same line meanwhile: its entry stands and its id is answered.
                await using var insert = new NpgsqlCommand("""
                    INSERT INTO feed_quarantine (line_hash, line_number, line, line_bytes, reason, field, error, event_id, submitted_by, received_at,
                                                 resolved_at, resolved_by_event_id, kind)
                    VALUES (@line_hash, @line_number, @line, @line_bytes, @reason, @field, @error, @event_id, @submitted_by, @received_at,
                            CASE WHEN @resolved_by_event_id IS NULL THEN NULL ELSE @received_at END, @resolved_by_event_id, @kind)
                    ON CONFLICT (line_hash) DO NOTHING;
                    SELECT id FROM feed_quarantine WHERE line_hash = @line_hash;
                    """, connection, transaction);
                insert.Parameters.Add(new NpgsqlParameter<byte[]>("line_hash", q.LineHash));
                insert.Parameters.Add(new NpgsqlParameter<long>("line_number", q.LineNumber));
                insert.Parameters.Add(new NpgsqlParameter<string>("line", q.Line));
                insert.Parameters.Add(new NpgsqlParameter("line_bytes", NpgsqlDbType.Bytea) { Value = (object?)q.LineBytes ?? DBNull.Value });
                insert.Parameters.Add(new NpgsqlParameter<string>("reason", q.Reason));
                insert.Parameters.Add(new NpgsqlParameter("field", NpgsqlDbType.Text) { Value = (object?)q.Field ?? DBNull.Value });
                insert.Parameters.Add(new NpgsqlParameter<string>("error", q.Error));
                insert.Parameters.Add(new NpgsqlParameter<string>("kind", q.Kind));
                insert.Parameters.Add(new NpgsqlParameter("event_id", NpgsqlDbType.Text) { Value = (object?)q.EventId ?? DBNull.Value });
                insert.Parameters.Add(new NpgsqlParameter<string>("submitted_by", q.SubmittedBy));
                insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("received_at", StoreInput.Normalize(q.ReceivedAt)));
                insert.Parameters.Add(new NpgsqlParameter("resolved_by_event_id", NpgsqlDbType.Text) { Value = (object?)q.ResolvedByEventId ?? DBNull.Value });
                ids.Add((long)(await insert.ExecuteScalarAsync(cancellationToken))!);
            }

            if (batch.Resolutions is { Count: > 0 } resolutions)
            {
                // One statement for the batch; only open entries: one dismissed or resolved meanwhile keeps what closed it.
                await using var resolve = new NpgsqlCommand("""
                    UPDATE feed_quarantine AS q SET resolved_at = r.at, resolved_by_event_id = r.event_id
                    FROM unnest(@id, @event_id, @at) AS r (id, event_id, at)
                    WHERE q.id = r.id AND q.resolved_at IS NULL
                    """, connection, transaction);
                resolve.Parameters.Add(new NpgsqlParameter<long[]>("id", resolutions.Select(x => x.QuarantineId).ToArray()));
                resolve.Parameters.Add(new NpgsqlParameter<string[]>("event_id", resolutions.Select(x => x.EventId).ToArray()));
                resolve.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]>("at", resolutions.Select(x => StoreInput.Normalize(x.At)).ToArray()));
                await resolve.ExecuteNonQueryAsync(cancellationToken);
            }

            if (batch.ForAlerts is { Count: > 0 } warnings)
            {
                // Rare (a record below the intake rule reporting fog, wind, a long blockage): the alert scan reads them (migration 16).
                await using var keep = new NpgsqlCommand("""
                    INSERT INTO feed_warnings (event_id, dispatch_id, plan_id, alert_key)
                    SELECT * FROM unnest(@event_id, @dispatch_id, @plan_id, @alert_key)
                    """, connection, transaction);
                keep.Parameters.Add(new NpgsqlParameter<string[]>("event_id", warnings.Select(x => x.EventId).ToArray()));
                keep.Parameters.Add(new NpgsqlParameter<string[]>("dispatch_id", warnings.Select(x => x.DispatchId).ToArray()));
                keep.Parameters.Add(new NpgsqlParameter<string[]>("plan_id", warnings.Select(x => x.PlanId).ToArray()));
                keep.Parameters.Add(new NpgsqlParameter<string[]>("alert_key", warnings.Select(x => x.AlertKey).ToArray()));
                await keep.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            held?.Committed();
            return ids;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await transaction.RollbackAsync(cancellationToken);
            held?.Committed();
            throw new FeedWriteConflictException("Another writer stored a message of this feed batch first; nothing of the batch was written.", e);
        }
        finally
        {
            if (own is not null)
            {
                await transaction.DisposeAsync();
                await own.DisposeAsync();
            }
        }
    }

    public async Task LinkDispatchAsync(string dispatchId, Guid incidentId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(dispatchId);
        var held = PostgresFeedBatch.Held(this)
                   ?? throw new InvalidOperationException("A link is committed with its incident's event, in a batch begun on this flow (BeginBatchAsync).");
        await using (var link = new NpgsqlCommand(Sqlite.SqliteFeedStore.LinkDispatchSql.Replace('$', '@'), held.Connection, held.Transaction))
        {
            link.Parameters.Add(new NpgsqlParameter<string>("dispatch_id", dispatchId));
            link.Parameters.Add(new NpgsqlParameter<Guid>("incident_id", incidentId));
            link.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("at", StoreInput.Normalize(at)));
            await link.ExecuteNonQueryAsync(cancellationToken);
        }

        await held.Transaction!.CommitAsync(cancellationToken);
        held.Committed();
    }

    public async Task<IReadOnlyList<FeedQuarantineEntry>> ListQuarantineAsync(long afterId, int limit, bool includeResolved, string? kind = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        // With a kind, the (kind, id) indexes (the open entries' own without includeResolved) give its entries in order.
        await using var list = new NpgsqlCommand($"""
            SELECT {QuarantineColumns} FROM feed_quarantine
            WHERE id > @after {(includeResolved ? "" : "AND resolved_at IS NULL")} {(kind is null ? "" : "AND kind = @kind")}
            ORDER BY id LIMIT @limit
            """, connection);
        list.Parameters.Add(new NpgsqlParameter<long>("after", afterId));
        list.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        if (kind is not null)
        {
            list.Parameters.Add(new NpgsqlParameter<string>("kind", kind));
        }

        await using var reader = await list.ExecuteReaderAsync(cancellationToken);
        var entries = new List<FeedQuarantineEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(ReadQuarantine(reader));
        }

        return entries;
    }

    /// <inheritdoc/>
    public bool IsStoreFailure(Exception exception) => StoreFailures.IsStoreFailure(exception);

    public async Task<bool> DismissQuarantineAsync(FeedDismissal dismissal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dismissal);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // After any batch being decided (a correction of this entry among them, which checks the entry under the same lock).
        await LockBatchesAsync(connection, transaction, cancellationToken);

        await using var dismiss = new NpgsqlCommand(
            "UPDATE feed_quarantine SET resolved_at = @at, dismissed_by = @by, dismissal_reason = @reason WHERE id = @id AND resolved_at IS NULL", connection, transaction);
        dismiss.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("at", StoreInput.Normalize(dismissal.At)));
        dismiss.Parameters.Add(new NpgsqlParameter<string>("by", dismissal.By));
        dismiss.Parameters.Add(new NpgsqlParameter<string>("reason", dismissal.Reason));
        dismiss.Parameters.Add(new NpgsqlParameter<long>("id", dismissal.QuarantineId));
        var dismissed = await dismiss.ExecuteNonQueryAsync(cancellationToken) == 1;
        await transaction.CommitAsync(cancellationToken);
        return dismissed;
    }

    public async Task<FeedQuarantineEntry?> GetQuarantineAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var get = new NpgsqlCommand($"SELECT {QuarantineColumns} FROM feed_quarantine WHERE id = @id", connection);
        get.Parameters.Add(new NpgsqlParameter<long>("id", id));
        await using var reader = await get.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadQuarantine(reader) : null;
    }

    public async Task<IReadOnlyList<FeedQuarantineEntry>> FindClosedQuarantineAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return [];
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var find = new NpgsqlCommand($"SELECT {QuarantineColumns} FROM feed_quarantine WHERE id = ANY(@ids) AND resolved_at IS NOT NULL ORDER BY id", connection);
        find.Parameters.Add(new NpgsqlParameter<long[]>("ids", [.. ids]));
        await using var reader = await find.ExecuteReaderAsync(cancellationToken);
        var found = new List<FeedQuarantineEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(ReadQuarantine(reader));
        }

        return found;
    }

    public async Task<IReadOnlyList<FeedMessage>> ReadHistoryAsync(string dispatchId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var read = new NpgsqlCommand("""
            SELECT event_id, dispatch_id, sequence, updated_at, outcome, incident_id, line_hash, line, line_number, submitted_by, received_at
            FROM feed_messages WHERE dispatch_id = @id ORDER BY position
            """, connection);
        read.Parameters.Add(new NpgsqlParameter<string>("id", dispatchId));
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        var messages = new List<FeedMessage>();
        while (await reader.ReadAsync(cancellationToken))
        {
            messages.Add(new FeedMessage(
                reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetGuid(5), (byte[])reader[6], reader.GetString(7), reader.GetInt64(8),
                reader.GetString(9), reader.GetFieldValue<DateTimeOffset>(10)));
        }

        return messages;
    }

    public async Task<FeedCounts> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var count = new NpgsqlCommand(
            "SELECT (SELECT COUNT(*) FROM feed_messages), (SELECT COUNT(*) FROM feed_dispatches), (SELECT COUNT(*) FROM feed_quarantine)", connection);
        await using var reader = await count.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new FeedCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    public async Task<IReadOnlyList<FeedNearbyIncident>> FindOpenIncidentsAsync(string planId, string county, DateTimeOffset earliest, DateTimeOffset latest, int limit,
        bool withRecord, CancellationToken cancellationToken = default)
    {
        // The office's own open incidents of the window by incidents_office_open_idx (migration 19), or those a record has by incidents_plan_idx
        // (a literal, not a parameter, so that the partial index's predicate is proved), then the county's: as on SQLite (FeedDuplicates).
        // Within a batch on its transaction, so an incident the batch opened before is seen, as on SQLite.
        var held = PostgresFeedBatch.Held(this);
        await using var own = held is null ? await OpenAsync(cancellationToken) : null;
        // As on SQLite: the document's beginning matched, not the document parsed (json, stored as text), and the candidates' beginnings checked.
        await using var find = new NpgsqlCommand(withRecord ? FindOpenIncidentsWithRecordsSql : FindOpenIncidentsSql, held?.Connection ?? own!, held?.Transaction);
        find.Parameters.Add(new NpgsqlParameter<string>("plan", planId));
        find.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("from", StoreInput.Normalize(earliest)));
        find.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("to", StoreInput.Normalize(latest)));
        find.Parameters.Add(new NpgsqlParameter<string>("needle", FeedDuplicates.CountyNeedle(county)));
        find.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        await using var reader = await find.ExecuteReaderAsync(cancellationToken);
        var found = new List<FeedNearbyIncident>();
        while (await reader.ReadAsync(cancellationToken))
        {
            if (FeedDuplicates.Read(reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), county) is { } near)
            {
                found.Add(near);
            }
        }

        return found;
    }

    public async Task<IReadOnlyList<FeedNearbyIncident>> FindMovedIncidentsAsync(string planId, string county, DateTimeOffset earliest, DateTimeOffset latest, int limit,
        CancellationToken cancellationToken = default)
    {
        // As on SQLite: the rows' partial index of the moved county (migration 21), their incidents of the plan and window; within a batch on its transaction.
        var held = PostgresFeedBatch.Held(this);
        await using var own = held is null ? await OpenAsync(cancellationToken) : null;
        await using var find = new NpgsqlCommand($"""
            SELECT i.id, i.occurred_at, left(i.projection::text, {FeedDuplicates.ProjectionPrefix}), d.moved_place
            FROM feed_dispatches d JOIN incidents i ON i.id = d.incident_id
            WHERE d.moved_county = @county AND i.plan_id = @plan AND i.occurred_at >= @from AND i.occurred_at <= @to AND i.is_open
            ORDER BY i.occurred_at DESC, i.id LIMIT @limit
            """, held?.Connection ?? own!, held?.Transaction);
        find.Parameters.Add(new NpgsqlParameter<string>("plan", planId));
        find.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("from", StoreInput.Normalize(earliest)));
        find.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("to", StoreInput.Normalize(latest)));
        find.Parameters.Add(new NpgsqlParameter<string>("county", county));
        find.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        await using var reader = await find.ExecuteReaderAsync(cancellationToken);
        var found = new List<FeedNearbyIncident>();
        while (await reader.ReadAsync(cancellationToken))
        {
            if (FeedDuplicates.ReadMoved(reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), county,
                    reader.IsDBNull(3) ? null : reader.GetString(3)) is { } near)
            {
                found.Add(near);
            }
        }

        return found;
    }

    /// <summary>The look-up of the office's own open incidents (incidents_office_open_idx) and of those a record has (as SQLite's), made once.</summary>
    private static readonly string FindOpenIncidentsSql = FindOpenIncidentsOf("NOT has_feed_record");

    private static readonly string FindOpenIncidentsWithRecordsSql = FindOpenIncidentsOf("has_feed_record");

    /// <remarks>
    /// As on SQLite: the county matched on the document's beginning, then (a CASE: evaluated in that order) only a candidate of the county
    /// parsed for its drill flag, both before the limit: drills and other counties counted toward it, and newer ones hid the one sought
    /// (a 122 integrator's review, s62 F62-06).
    /// </remarks>
    private static string FindOpenIncidentsOf(string recorded) => $"""
        SELECT id, occurred_at, left(projection::text, {FeedDuplicates.ProjectionPrefix})
        FROM incidents
        WHERE plan_id = @plan AND occurred_at >= @from AND occurred_at <= @to AND is_open AND {recorded}
          AND CASE WHEN {ProjectionBeginsWith("projection", "@needle")} THEN (projection ->> 'drill') IS DISTINCT FROM 'true' ELSE false END
        ORDER BY occurred_at DESC, id LIMIT @limit
        """;

    /// <summary>
    /// SQL true when the first <see cref="FeedDuplicates.NeedleWithin"/> characters of <paramref name="projection"/> (the json document as text)
    /// hold <paramref name="needle"/> (a <see cref="FeedDuplicates.CountyNeedle"/>): here and in the alert store's road look-up.
    /// </summary>
    internal static string ProjectionBeginsWith(string projection, string needle) =>
        $"strpos(left({projection}::text, {FeedDuplicates.NeedleWithin}), {needle}) > 0";

    public async Task<FeedActivity> ReadActivityAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var read = new NpgsqlCommand(Sqlite.SqliteFeedStore.FeedActivitySql, connection);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        DateTimeOffset? At(int i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateTimeOffset>(i);
        return new FeedActivity(At(0), reader.IsDBNull(1) ? null : reader.GetString(1), At(2), reader.GetInt64(3), At(4));
    }

    /// <summary>
    /// Holds the feed's advisory lock (<see cref="BatchLockKey"/>) until disposed, so that the instances on this database decide
    /// their batches one at a time, as SQLite's write lock makes them. Without it, two instances given messages of one dispatch
    /// record at once both found no incident for it and both opened one. The lock is a transaction's (<c>pg_advisory_xact_lock</c>)
    /// on a connection of the batch's own: it ends with that transaction, so a connection lost or a process killed mid-batch
    /// releases it. The batch's incident writes (as savepoints, <see cref="PostgresIncidentStore"/>) and its feed rows
    /// (<see cref="CommitAsync"/>) are all made on that transaction: the batch is one commit, as on SQLite, written only while the
    /// lock is held, and a batch that fails (its lock's session lost included) leaves none of its incident writes behind (ADR 0008).
    /// </summary>
    public ValueTask<IAsyncDisposable> BeginBatchAsync(CancellationToken cancellationToken = default)
    {
        // Set on the caller's flow before anything is awaited (an async method's changes to an AsyncLocal do not flow back), so the
        // CommitAsync that the same flow calls later finds it.
        var batch = PostgresFeedBatch.Begin(this, _incidents);
        return LockAsync(batch, cancellationToken);
    }

    public async ValueTask<IFeedLineWrites> BeginLineAsync(CancellationToken cancellationToken = default) =>
        await PostgresSavepoint.SaveAsync(
            PostgresFeedBatch.Held(this)?.Transaction ?? throw new InvalidOperationException("A feed line's writes are part of a batch begun on this flow (BeginBatchAsync)."),
            "feed_line", cancellationToken);

    private async ValueTask<IAsyncDisposable> LockAsync(PostgresFeedBatch batch, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);

            // The lock's transaction stays idle while the batch's lines are read, parsed and decided between its writes: a server set to
            // end sessions idle in a transaction (idle_in_transaction_session_timeout) must not end this one, releasing the lock mid-batch.
            await using (var keep = new NpgsqlCommand("SET LOCAL idle_in_transaction_session_timeout = 0", connection, transaction))
            {
                await keep.ExecuteNonQueryAsync(cancellationToken);
            }

            await LockBatchesAsync(connection, transaction, cancellationToken);
            batch.Holds(connection, transaction);
            return batch;
        }
        catch
        {
            batch.Committed();
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Advisory lock held while a feed batch is decided and committed (<see cref="BeginBatchAsync"/>).</summary>
    public const long BatchLockKey = 0x454D_504C_4645_4544; // "EMPLFEED"

    /// <summary>Waits for <see cref="BatchLockKey"/> and holds it until <paramref name="transaction"/> ends.</summary>
    private static async Task LockBatchesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({BatchLockKey})", connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
    }

    public void Dispose()
    {
        _dataSource.Dispose();
    }

    private const string QuarantineColumns =
        "id, line_number, line, reason, field, error, event_id, submitted_by, received_at, resolved_at, resolved_by_event_id, line_bytes, dismissed_by, dismissal_reason, kind";

    private static FeedQuarantineEntry ReadQuarantine(NpgsqlDataReader r) => new(
        r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.IsDBNull(11) ? null : r.GetFieldValue<byte[]>(11), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.GetString(5),
        r.IsDBNull(6) ? null : r.GetString(6), r.GetString(7), r.GetFieldValue<DateTimeOffset>(8),
        r.IsDBNull(9) ? null : r.GetFieldValue<DateTimeOffset>(9), r.IsDBNull(10) ? null : r.GetString(10),
        r.IsDBNull(12) ? null : r.GetString(12), r.IsDBNull(13) ? null : r.GetString(13), r.GetString(14));

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await _schema.EnsureAsync(cancellationToken);

        return await _dataSource.OpenConnectionAsync(cancellationToken);
    }
}
