using System.Data.Common;
using System.Globalization;
using EmergencyPlans.Application.Ports;
using Microsoft.Data.Sqlite;

namespace EmergencyPlans.Infrastructure.Persistence.Sqlite;

/// <summary>
/// <see cref="IIncidentStore"/> on a single SQLite file, for one service instance (a single host
/// with several connections, not several hosts on a network share).
/// </summary>
/// <remarks>
/// Writes take the database write lock up front (<c>BEGIN IMMEDIATE</c>) and compare the version
/// inside that transaction, so two appenders with the same expected version are serialised and
/// the second sees the first one's version. A deferred transaction would instead read a snapshot,
/// and its write would fail with SQLITE_BUSY_SNAPSHOT rather than a typed conflict.
/// </remarks>
public sealed class SqliteIncidentStore : IIncidentStore, IDisposable, IAsyncDisposable
{
    // synchronous=FULL: in WAL mode NORMAL syncs only at checkpoints, so a power cut or OS crash
    // can lose the last committed transactions. An acknowledged incident event that later vanishes
    // would mislead the duty office, so every commit is fsynced before it is acknowledged; the cost
    // is one fsync per write, which the incident rate (a few per minute) easily affords.
    // busy_timeout: how long a writer waits for another connection's write lock before failing.
    private const string ConnectionPragmas = """
        PRAGMA busy_timeout = 10000;
        PRAGMA synchronous = FULL;
        PRAGMA foreign_keys = ON;
        """;

    private readonly string _connectionString;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private volatile bool _schemaReady;

    public SqliteIncidentStore(string path, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        DatabasePath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Full path of the database file.</summary>
    public string DatabasePath { get; }

    public async Task<long> CreateAsync(
        NewIncident incident,
        IReadOnlyList<EventRecord> events,
        IncidentProjection projection,
        IdempotencyRecord? idempotency = null,
        CancellationToken cancellationToken = default)
    {
        StoreInput.Check(incident, events, projection, idempotency);
        await using var lease = await LeaseAsync(cancellationToken);
        var connection = lease.Connection;
        await using var write = Write.Begin(lease);
        var transaction = write.Transaction;
        var id = IdText(incident.Id);

        await using (var exists = Command(connection, transaction, "SELECT 1 FROM incidents WHERE id = $id"))
        {
            exists.Parameters.AddWithValue("$id", id);
            if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
            {
                throw new IncidentAlreadyExistsException(incident.Id);
            }
        }

        await using (var insert = Command(
            connection,
            transaction,
            """
            INSERT INTO incidents (id, plan_id, occurred_at, version, is_open, level, next_due_at, updated_at, projection)
            VALUES ($id, $plan_id, $occurred_at, $version, $is_open, $level, $next_due_at, $updated_at, $projection)
            """))
        {
            insert.Parameters.AddWithValue("$id", id);
            insert.Parameters.AddWithValue("$version", 1L);
            insert.Parameters.AddWithValue("$plan_id", incident.PlanId);
            insert.Parameters.AddWithValue("$occurred_at", StoreInput.ToSortableText(incident.OccurredAt));
            AddProjection(insert, projection);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        var recordedAt = _timeProvider.GetUtcNow();
        await InsertEventsAsync(connection, transaction, id, 1, 1, events, recordedAt, cancellationToken);

        await InsertIdempotencyAsync(connection, transaction, idempotency, recordedAt, cancellationToken);
        await write.CommitAsync(cancellationToken);
        return 1;
    }

    public async Task<long> AppendAsync(
        Guid incidentId,
        long expectedVersion,
        IReadOnlyList<EventRecord> events,
        IncidentProjection newProjection,
        IdempotencyRecord? idempotency = null,
        CancellationToken cancellationToken = default)
    {
        StoreInput.Check(expectedVersion, events, newProjection, idempotency);
        await using var lease = await LeaseAsync(cancellationToken);
        var connection = lease.Connection;
        await using var write = Write.Begin(lease);
        var transaction = write.Transaction;
        var id = IdText(incidentId);

        await using (var read = Command(connection, transaction, "SELECT version FROM incidents WHERE id = $id"))
        {
            read.Parameters.AddWithValue("$id", id);
            var current = await read.ExecuteScalarAsync(cancellationToken);
            if (current is null)
            {
                throw new IncidentNotFoundException(incidentId);
            }

            var currentVersion = Convert.ToInt64(current, CultureInfo.InvariantCulture);
            if (currentVersion != expectedVersion)
            {
                throw new ConcurrencyConflictException(incidentId, expectedVersion, currentVersion);
            }
        }

        long lastSequence;
        await using (var last = Command(connection, transaction, "SELECT COALESCE(MAX(sequence), 0) FROM incident_events WHERE incident_id = $id"))
        {
            last.Parameters.AddWithValue("$id", id);
            lastSequence = Convert.ToInt64(await last.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }

        var recordedAt = _timeProvider.GetUtcNow();
        var newVersion = expectedVersion + 1;
        await InsertEventsAsync(connection, transaction, id, lastSequence + 1, newVersion, events, recordedAt, cancellationToken);

        await using (var update = Command(
            connection,
            transaction,
            """
            UPDATE incidents
            SET version = $version, is_open = $is_open, level = $level, next_due_at = $next_due_at,
                updated_at = $updated_at, projection = $projection
            WHERE id = $id AND version = $expected
            """))
        {
            update.Parameters.AddWithValue("$id", id);
            update.Parameters.AddWithValue("$expected", expectedVersion);
            update.Parameters.AddWithValue("$version", newVersion);
            AddProjection(update, newProjection);
            if (await update.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                // Unreachable while BEGIN IMMEDIATE holds the write lock; kept so that a future
                // change to the locking cannot silently lose an update.
                throw new InvalidOperationException($"Incident {incidentId} changed inside a write transaction.");
            }
        }

        await InsertIdempotencyAsync(connection, transaction, idempotency, recordedAt, cancellationToken);
        await write.CommitAsync(cancellationToken);
        return newVersion;
    }

    public async Task<IdempotencyRecord?> FindIdempotencyAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        await using var lease = await LeaseAsync(cancellationToken);
        var connection = lease.Connection;
        await using var command = Command(connection, lease.Ambient, $"SELECT {StoreRows.IdempotencyColumns} FROM idempotency_keys WHERE key = $key");
        command.Parameters.AddWithValue("$key", key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? StoreRows.Idempotency(reader, reader.IsDBNull(2) ? null : Guid.Parse(reader.GetString(2)))
            : null;
    }

    public async Task<bool> RecordIdempotencyAsync(IdempotencyRecord record, CancellationToken cancellationToken = default)
    {
        StoreInput.Check(record);
        await using var lease = await LeaseAsync(cancellationToken);
        var connection = lease.Connection;
        await using var write = Write.Begin(lease);
        var transaction = write.Transaction;
        try
        {
            await InsertIdempotencyAsync(connection, transaction, record, _timeProvider.GetUtcNow(), cancellationToken);
        }
        catch (IdempotencyKeyTakenException)
        {
            return false;
        }

        await write.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<StoredIncident?> GetAsync(Guid incidentId, CancellationToken cancellationToken = default)
    {
        await using var lease = await LeaseAsync(cancellationToken);
        var connection = lease.Connection;
        await using var command = Command(
            connection,
            lease.Ambient,
            $"SELECT {StoreRows.IncidentColumns} FROM incidents WHERE id = $id");
        command.Parameters.AddWithValue("$id", IdText(incidentId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? StoreRows.Incident(reader, incidentId, ReadTime) : null;
    }

    public async Task<IReadOnlyList<StoredEvent>> ReadEventsAsync(Guid incidentId, CancellationToken cancellationToken = default)
    {
        await using var lease = await LeaseAsync(cancellationToken);
        var connection = lease.Connection;
        await using var command = Command(
            connection,
            lease.Ambient,
            $"""
            SELECT {StoreRows.EventColumns}
            FROM incident_events WHERE incident_id = $id ORDER BY sequence
            """);
        command.Parameters.AddWithValue("$id", IdText(incidentId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await StoreRows.ReadAllAsync(reader, row => StoreRows.Event(row, incidentId, ReadTime), cancellationToken);
    }

    public async Task<IReadOnlyList<IncidentSummary>> QueryAsync(IncidentQuery query, CancellationToken cancellationToken = default)
    {
        StoreInput.Check(query);
        await using var lease = await LeaseAsync(cancellationToken);
        var connection = lease.Connection;
        await using var command = connection.CreateCommand();
        command.Transaction = lease.Ambient;

        command.CommandText = StoreRows.QuerySql(query, (name, value) =>
        {
            command.Parameters.AddWithValue("$" + name, value is DateTimeOffset at ? StoreInput.ToSortableText(at) : value);
            return "$" + name;
        });

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await StoreRows.ReadAllAsync(
            reader,
            row => StoreRows.Summary(row, Guid.Parse(row.GetString(0)), ReadTime),
            cancellationToken);
    }

    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        await using var lease = await LeaseAsync(cancellationToken);
        var connection = lease.Connection;
        await using var command = Command(connection, lease.Ambient, "SELECT COUNT(*) FROM schema_version");
        await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>Closes the pooled connections so the file is no longer held open.</summary>
    public void Dispose()
    {
        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        _schemaGate.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Instants are stored as <see cref="StoreInput.ToSortableText"/> text.</summary>
    private static DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => StoreInput.FromSortableText(reader.GetString(ordinal));

    private static string IdText(Guid id) => id.ToString("D", CultureInfo.InvariantCulture);

    // Microsoft.Data.Sqlite issues BEGIN IMMEDIATE for a non-deferred transaction.
    private static SqliteTransaction BeginWrite(SqliteConnection connection) =>
        connection.BeginTransaction(deferred: false);

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static void AddProjection(SqliteCommand command, IncidentProjection projection)
    {
        command.Parameters.AddWithValue("$is_open", projection.IsOpen);
        command.Parameters.AddWithValue("$level", (object?)projection.Level ?? DBNull.Value);
        command.Parameters.AddWithValue(
            "$next_due_at",
            projection.NextObligationDueAt is { } due ? StoreInput.ToSortableText(due) : DBNull.Value);
        command.Parameters.AddWithValue("$updated_at", StoreInput.ToSortableText(projection.UpdatedAt));
        command.Parameters.AddWithValue("$projection", projection.Json);
    }

    /// <summary>Appends <paramref name="events"/> from <paramref name="firstSequence"/> on, with one statement prepared once for all of them.</summary>
    private static async Task InsertEventsAsync(
        SqliteConnection connection,
        SqliteTransaction transaction,
        string incidentId,
        long firstSequence,
        long version,
        IReadOnlyList<EventRecord> events,
        DateTimeOffset recordedAt,
        CancellationToken cancellationToken)
    {
        await using var insert = Command(
            connection,
            transaction,
            """
            INSERT INTO incident_events (incident_id, sequence, version, type, schema_version, occurred_at, recorded_at, actor, payload)
            VALUES ($incident_id, $sequence, $version, $type, $schema_version, $occurred_at, $recorded_at, $actor, $payload)
            """);
        insert.Parameters.AddWithValue("$version", version);
        insert.Parameters.AddWithValue("$incident_id", incidentId);
        insert.Parameters.AddWithValue("$recorded_at", StoreInput.ToSortableText(recordedAt));
        var schemaVersion = insert.Parameters.Add("$schema_version", SqliteType.Integer);
        var sequence = insert.Parameters.Add("$sequence", SqliteType.Integer);
        var type = insert.Parameters.Add("$type", SqliteType.Text);
        var occurredAt = insert.Parameters.Add("$occurred_at", SqliteType.Text);
        var actor = insert.Parameters.Add("$actor", SqliteType.Text);
        var payload = insert.Parameters.Add("$payload", SqliteType.Text);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            schemaVersion.Value = e.SchemaVersion;
            sequence.Value = firstSequence + i;
            type.Value = e.Type;
            occurredAt.Value = StoreInput.ToSortableText(e.OccurredAt);
            actor.Value = e.Actor;
            payload.Value = e.PayloadJson;
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Records the request's key in the write's transaction; a key already there means another request won.</summary>
    private static async Task InsertIdempotencyAsync(
        SqliteConnection connection,
        SqliteTransaction transaction,
        IdempotencyRecord? record,
        DateTimeOffset recordedAt,
        CancellationToken cancellationToken)
    {
        if (record is null)
        {
            return;
        }

        await using var insert = Command(
            connection,
            transaction,
            """
            INSERT INTO idempotency_keys (key, request_hash, incident_id, version, recorded_at)
            VALUES ($key, $request_hash, $incident_id, $version, $recorded_at)
            ON CONFLICT (key) DO NOTHING
            """);
        insert.Parameters.AddWithValue("$key", record.Key);
        insert.Parameters.AddWithValue("$request_hash", record.RequestHash);
        insert.Parameters.AddWithValue("$incident_id", record.IncidentId is { } id ? IdText(id) : DBNull.Value);
        insert.Parameters.AddWithValue("$version", (object?)record.Version ?? DBNull.Value);
        insert.Parameters.AddWithValue("$recorded_at", StoreInput.ToSortableText(recordedAt));
        if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw new IdempotencyKeyTakenException(record.Key);
        }
    }

    /// <summary>A connection for one call: the feed batch's on this flow (ADR 0008), else a pooled one of its own.</summary>
    private async Task<Lease> LeaseAsync(CancellationToken cancellationToken)
    {
        if (SqliteBatch.For(DatabasePath) is { } batch)
        {
            return new Lease(batch.Connection, batch.Transaction, owned: false);
        }

        return new Lease(await OpenAsync(cancellationToken), null, owned: true);
    }

    private sealed class Lease(SqliteConnection connection, SqliteTransaction? ambient, bool owned) : IAsyncDisposable
    {
        public SqliteConnection Connection { get; } = connection;

        /// <summary>The feed batch's transaction, which every command on its connection must name; null otherwise.</summary>
        public SqliteTransaction? Ambient { get; } = ambient;

        public ValueTask DisposeAsync() => owned ? Connection.DisposeAsync() : ValueTask.CompletedTask;
    }

    /// <summary>A write: its own BEGIN IMMEDIATE transaction, or a savepoint of the feed batch it joins.</summary>
    private sealed class Write : IAsyncDisposable
    {
        private const string Savepoint = "incident_write";
        private readonly bool _savepoint;
        private bool _committed;

        private Write(SqliteTransaction transaction, bool savepoint)
        {
            Transaction = transaction;
            _savepoint = savepoint;
        }

        public SqliteTransaction Transaction { get; }

        public static Write Begin(Lease lease)
        {
            if (lease.Ambient is { } batch)
            {
                batch.Save(Savepoint);
                return new Write(batch, savepoint: true);
            }

            return new Write(BeginWrite(lease.Connection), savepoint: false);
        }

        public async Task CommitAsync(CancellationToken cancellationToken)
        {
            if (_savepoint)
            {
                Transaction.Release(Savepoint);
            }
            else
            {
                await Transaction.CommitAsync(cancellationToken);
            }

            _committed = true;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_savepoint)
            {
                await Transaction.DisposeAsync();
            }
            else if (!_committed)
            {
                Transaction.Rollback(Savepoint);
                Transaction.Release(Savepoint);
            }
        }
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_schemaReady)
        {
            await EnsureSchemaAsync(cancellationToken);
        }

        return await OpenConnectionAsync(cancellationToken);
    }

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var pragmas = Command(connection, null, ConnectionPragmas);
            await pragmas.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        await _schemaGate.WaitAsync(cancellationToken);
        try
        {
            if (_schemaReady)
            {
                return;
            }

            await using var connection = await OpenConnectionAsync(cancellationToken);

            // WAL lets readers (queries, the deadline watcher) run while a write commits. The mode
            // is stored in the file, and it cannot be changed inside a transaction.
            await using (var wal = Command(connection, null, "PRAGMA journal_mode = WAL"))
            {
                var mode = (string?)await wal.ExecuteScalarAsync(cancellationToken);
                if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidOperationException(
                        $"SQLite refused WAL mode for {DatabasePath} (journal mode is '{mode}'); the store needs a local file system.");
                }
            }

            // BEGIN IMMEDIATE also serialises migrations between processes opening the same file.
            await using var transaction = BeginWrite(connection);
            await using (var create = Command(
                connection,
                transaction,
                "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL)"))
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            long current;
            await using (var read = Command(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_version"))
            {
                current = Convert.ToInt64(await read.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            }

            var latest = SqliteSchema.Migrations[^1].Version;
            if (current > latest)
            {
                throw new InvalidOperationException(
                    $"{DatabasePath} has schema version {current}, newer than this build knows ({latest}).");
            }

            if (current is > 0 and < SqliteSchema.DomainEventsVersion)
            {
                await using var any = Command(connection, transaction, "SELECT EXISTS (SELECT 1 FROM incident_events)");
                if (Convert.ToInt64(await any.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) != 0)
                {
                    throw new InvalidOperationException(StoreRows.LegacyLogRefusal(DatabasePath));
                }
            }

            foreach (var (version, sql) in SqliteSchema.Migrations.Where(m => m.Version > current))
            {
                await using var migrate = Command(connection, transaction, sql);
                await migrate.ExecuteNonQueryAsync(cancellationToken);
                if (version == SqliteSchema.AlertsVersion && current > 0)
                {
                    await using var baseline = Command(connection, transaction, SqliteSchema.AlertsBaselineSql);
                    await baseline.ExecuteNonQueryAsync(cancellationToken);
                }

                await using var record = Command(
                    connection, transaction, "INSERT INTO schema_version (version, applied_at) VALUES ($version, $applied_at)");
                record.Parameters.AddWithValue("$version", version);
                record.Parameters.AddWithValue("$applied_at", StoreInput.ToSortableText(_timeProvider.GetUtcNow()));
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            _schemaReady = true;
        }
        finally
        {
            _schemaGate.Release();
        }
    }
}
