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
    // The statements of the write path and of the reads a feed batch makes, run through SqliteStatement so that
    // inside a feed batch each is prepared once per batch (ADR 0008); the parameters are set in the order named.
    private static readonly SqliteStatement IncidentExists = new("SELECT 1 FROM incidents WHERE id = $id", "$id");

    private static readonly SqliteStatement InsertIncident = new(
        """
        INSERT INTO incidents (id, plan_id, occurred_at, version, is_open, level, next_due_at, updated_at, projection, response_state)
        VALUES ($id, $plan_id, $occurred_at, $version, $is_open, $level, $next_due_at, $updated_at, $projection, $response_state)
        """,
        "$id", "$plan_id", "$occurred_at", "$version", "$is_open", "$level", "$next_due_at", "$updated_at", "$projection", "$response_state");

    // The version to compare and the last sequence to continue from, in one statement: no row when the incident is not there.
    private static readonly SqliteStatement ReadHead = new(
        """
        SELECT version, (SELECT COALESCE(MAX(sequence), 0) FROM incident_events WHERE incident_id = $id)
        FROM incidents WHERE id = $id
        """,
        "$id");

    private static readonly SqliteStatement UpdateIncident = new(
        """
        UPDATE incidents
        SET version = $version, is_open = $is_open, level = $level, next_due_at = $next_due_at,
            updated_at = $updated_at, projection = $projection, response_state = $response_state,
            occurred_at = COALESCE($occurred_at, occurred_at)
        WHERE id = $id AND version = $expected
        """,
        "$id", "$expected", "$version", "$is_open", "$level", "$next_due_at", "$updated_at", "$projection", "$response_state", "$occurred_at");

    private static readonly SqliteStatement InsertEvent = new(
        """
        INSERT INTO incident_events (incident_id, sequence, version, type, schema_version, occurred_at, recorded_at, actor, payload)
        VALUES ($incident_id, $sequence, $version, $type, $schema_version, $occurred_at, $recorded_at, $actor, $payload)
        """,
        "$incident_id", "$sequence", "$version", "$type", "$schema_version", "$occurred_at", "$recorded_at", "$actor", "$payload");

    private static readonly SqliteStatement InsertIdempotency = new(
        """
        INSERT INTO idempotency_keys (key, request_hash, incident_id, version, recorded_at)
        VALUES ($key, $request_hash, $incident_id, $version, $recorded_at)
        ON CONFLICT (key) DO NOTHING
        """,
        "$key", "$request_hash", "$incident_id", "$version", "$recorded_at");

    private static readonly SqliteStatement FindIdempotency = new(
        $"SELECT {StoreRows.IdempotencyColumns} FROM idempotency_keys WHERE key = $key", "$key");

    private static readonly SqliteStatement GetIncident = new($"SELECT {StoreRows.IncidentColumns} FROM incidents WHERE id = $id", "$id");

    private static readonly SqliteStatement ReadEvents = new(
        $"""
        SELECT {StoreRows.EventColumns}
        FROM incident_events WHERE incident_id = $id ORDER BY sequence
        """,
        "$id");

    private readonly string _connectionString;
    private readonly string _createString;
    private readonly string _pragmas;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private volatile bool _schemaReady;

    // Held shared while this store lives, so that a restore cannot move the file from under it (SqliteStoreLock).
    private FileStream? _lock;

    /// <param name="path">The database file.</param>
    /// <param name="timeProvider">Stamps the events' recording times; the system clock when null.</param>
    /// <param name="busyTimeout">How long a write waits for another process's write lock (<see cref="DataStorageOptions.SqliteBusyTimeout"/>); 10 s when null.</param>
    public SqliteIncidentStore(string path, TimeProvider? timeProvider = null, TimeSpan? busyTimeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        DatabasePath = Path.GetFullPath(path);
        SqliteOwnerOnly.CreateFolder(Path.GetDirectoryName(DatabasePath)!);
        _connectionString = SqliteConnections.For(DatabasePath);
        _createString = SqliteConnections.ForCreate(DatabasePath);
        _pragmas = SqliteConnections.Pragmas(busyTimeout ?? SqliteConnections.DefaultBusyTimeout);
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
        await using var write = Write.Begin(lease, DatabasePath);
        var transaction = write.Transaction;
        var id = IdText(incident.Id);

        using (var exists = lease.Run(IncidentExists, transaction))
        {
            exists[0] = id;
            if (await exists.Command.ExecuteScalarAsync(cancellationToken) is not null)
            {
                throw new IncidentAlreadyExistsException(incident.Id);
            }
        }

        using (var insert = lease.Run(InsertIncident, transaction))
        {
            insert[0] = id;
            insert[1] = incident.PlanId;
            insert[2] = StoreInput.ToSortableText(incident.OccurredAt);
            insert[3] = 1L;
            SetProjection(insert, 4, projection);
            await insert.Command.ExecuteNonQueryAsync(cancellationToken);
        }

        var recordedAt = _timeProvider.GetUtcNow();
        await InsertEventsAsync(lease, transaction, id, 1, 1, events, recordedAt, cancellationToken);

        await InsertIdempotencyAsync(lease, transaction, idempotency, recordedAt, cancellationToken);
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
        await using var write = Write.Begin(lease, DatabasePath);
        var transaction = write.Transaction;
        var id = IdText(incidentId);

        long lastSequence;
        using (var head = lease.Run(ReadHead, transaction))
        {
            head[0] = id;
            await using var reader = await head.Command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw new IncidentNotFoundException(incidentId);
            }

            var currentVersion = reader.GetInt64(0);
            if (currentVersion != expectedVersion)
            {
                throw new ConcurrencyConflictException(incidentId, expectedVersion, currentVersion);
            }

            lastSequence = reader.GetInt64(1);
        }

        var recordedAt = _timeProvider.GetUtcNow();
        var newVersion = expectedVersion + 1;
        await InsertEventsAsync(lease, transaction, id, lastSequence + 1, newVersion, events, recordedAt, cancellationToken);

        using (var update = lease.Run(UpdateIncident, transaction))
        {
            update[0] = id;
            update[1] = expectedVersion;
            update[2] = newVersion;
            SetProjection(update, 3, newProjection);
            update[9] = newProjection.OccurredAt is { } occurredAt ? StoreInput.ToSortableText(occurredAt) : null;
            if (await update.Command.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                // Unreachable while BEGIN IMMEDIATE holds the write lock; kept so that a future
                // change to the locking cannot silently lose an update.
                throw new InvalidOperationException($"Incident {incidentId} changed inside a write transaction.");
            }
        }

        await InsertIdempotencyAsync(lease, transaction, idempotency, recordedAt, cancellationToken);
        await write.CommitAsync(cancellationToken);
        return newVersion;
    }

    public async Task<IdempotencyRecord?> FindIdempotencyAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        await using var lease = await LeaseAsync(cancellationToken);
        using var find = lease.Run(FindIdempotency, lease.Ambient);
        find[0] = key;
        await using var reader = await find.Command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? StoreRows.Idempotency(reader, reader.IsDBNull(2) ? null : Guid.Parse(reader.GetString(2)))
            : null;
    }

    public async Task<bool> RecordIdempotencyAsync(IdempotencyRecord record, CancellationToken cancellationToken = default)
    {
        StoreInput.Check(record);
        await using var lease = await LeaseAsync(cancellationToken);
        var connection = lease.Connection;
        await using var write = Write.Begin(lease, DatabasePath);
        var transaction = write.Transaction;
        try
        {
            await InsertIdempotencyAsync(lease, transaction, record, _timeProvider.GetUtcNow(), cancellationToken);
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
        using var get = lease.Run(GetIncident, lease.Ambient);
        get[0] = IdText(incidentId);
        await using var reader = await get.Command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? StoreRows.Incident(reader, incidentId, ReadTime) : null;
    }

    public async Task<IReadOnlyList<StoredEvent>> ReadEventsAsync(Guid incidentId, CancellationToken cancellationToken = default)
    {
        await using var lease = await LeaseAsync(cancellationToken);
        using var read = lease.Run(ReadEvents, lease.Ambient);
        read[0] = IdText(incidentId);
        await using var reader = await read.Command.ExecuteReaderAsync(cancellationToken);
        return await StoreRows.ReadAllAsync(reader, row => StoreRows.Event(row, incidentId, ReadTime), cancellationToken);
    }

    public async Task<IReadOnlyList<IncidentSummary>> QueryAsync(IncidentQuery query, CancellationToken cancellationToken = default)
    {
        StoreInput.Check(query);
        await using var lease = await LeaseAsync(cancellationToken);
        var connection = lease.Connection;
        await using var command = connection.CreateCommand();
        command.Transaction = lease.Ambient;

        command.CommandText = StoreRows.QuerySql(query, Binder(command),
            "json_extract(projection, '$.county'), json_extract(projection, '$.place'), json_extract(projection, '$.nature')");

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await StoreRows.ReadAllAsync(
            reader,
            row => StoreRows.Summary(row, Guid.Parse(row.GetString(0)), ReadTime),
            cancellationToken);
    }

    /// <summary>How <see cref="StoreRows"/>' SQL binds a value on <paramref name="command"/>: adds the parameter (instants as sortable text), answers its placeholder.</summary>
    private static StoreRows.ParameterBinder Binder(SqliteCommand command) => (name, value) =>
    {
        command.Parameters.AddWithValue("$" + name, value switch
        {
            DateTimeOffset at => StoreInput.ToSortableText(at),
            Guid id => IdText(id),
            _ => value,
        });
        return "$" + name;
    };

    public async Task<IReadOnlyList<UncoveredIncidents>> UncoveredAsync(IReadOnlyList<PlanInForce> loaded, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        await using var lease = await LeaseAsync(cancellationToken);
        var connection = lease.Connection;
        await using var command = connection.CreateCommand();
        command.Transaction = lease.Ambient;
        command.CommandText = StoreRows.UncoveredSql(loaded, Binder(command));

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await StoreRows.ReadAllAsync(reader, StoreRows.Uncovered, cancellationToken);
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

        _lock?.Dispose();
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

    /// <summary>Sets the six projection parameters ($is_open, $level, $next_due_at, $updated_at, $projection, $response_state) from <paramref name="first"/> on.</summary>
    private static void SetProjection(SqliteRun run, int first, IncidentProjection projection)
    {
        run[first] = projection.IsOpen;
        run[first + 1] = projection.Level;
        run[first + 2] = projection.NextObligationDueAt is { } due ? StoreInput.ToSortableText(due) : null;
        run[first + 3] = StoreInput.ToSortableText(projection.UpdatedAt);
        run[first + 4] = projection.Json;
        run[first + 5] = projection.ResponseState;
    }

    /// <summary>Appends <paramref name="events"/> from <paramref name="firstSequence"/> on, with one statement prepared once for all of them.</summary>
    private static async Task InsertEventsAsync(
        Lease lease,
        SqliteTransaction transaction,
        string incidentId,
        long firstSequence,
        long version,
        IReadOnlyList<EventRecord> events,
        DateTimeOffset recordedAt,
        CancellationToken cancellationToken)
    {
        using var insert = lease.Run(InsertEvent, transaction);
        insert[0] = incidentId;
        insert[2] = version;
        insert[6] = StoreInput.ToSortableText(recordedAt);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            insert[1] = firstSequence + i;
            insert[3] = e.Type;
            insert[4] = e.SchemaVersion;
            insert[5] = StoreInput.ToSortableText(e.OccurredAt);
            insert[7] = e.Actor;
            insert[8] = e.PayloadJson;
            await insert.Command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Records the request's key in the write's transaction; a key already there means another request won.</summary>
    private static async Task InsertIdempotencyAsync(
        Lease lease,
        SqliteTransaction transaction,
        IdempotencyRecord? record,
        DateTimeOffset recordedAt,
        CancellationToken cancellationToken)
    {
        if (record is null)
        {
            return;
        }

        using var insert = lease.Run(InsertIdempotency, transaction);
        insert[0] = record.Key;
        insert[1] = record.RequestHash;
        insert[2] = record.IncidentId is { } id ? IdText(id) : null;
        insert[3] = record.Version;
        insert[4] = StoreInput.ToSortableText(recordedAt);
        if (await insert.Command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw new IdempotencyKeyTakenException(record.Key);
        }
    }

    /// <summary>A connection for one call: the feed batch's on this flow (ADR 0008), else a pooled one of its own.</summary>
    private async Task<Lease> LeaseAsync(CancellationToken cancellationToken)
    {
        if (SqliteBatch.For(DatabasePath) is { } batch)
        {
            return new Lease(batch.Connection, batch);
        }

        return new Lease(await OpenAsync(cancellationToken), null);
    }

    private sealed class Lease(SqliteConnection connection, SqliteBatch? batch) : IAsyncDisposable
    {
        public SqliteConnection Connection { get; } = connection;

        /// <summary>The feed batch this call joins, whose kept commands it runs on; null for a connection of the call's own.</summary>
        public SqliteBatch? Batch { get; } = batch;

        /// <summary>The feed batch's transaction, which every command on its connection must name; null otherwise.</summary>
        public SqliteTransaction? Ambient => Batch?.Transaction;

        /// <summary>A run of <paramref name="statement"/>: on the batch's kept command, else on a command of its own in <paramref name="transaction"/>.</summary>
        public SqliteRun Run(SqliteStatement statement, SqliteTransaction? transaction) =>
            Batch is { } batch ? batch.Run(statement) : SqliteRun.Own(statement, Connection, transaction);

        public ValueTask DisposeAsync() => Batch is null ? Connection.DisposeAsync() : ValueTask.CompletedTask;
    }

    /// <summary>A write: its own BEGIN IMMEDIATE transaction, or a savepoint of the feed batch it joins.</summary>
    /// <remarks>
    /// The savepoint's three statements run on the batch's kept commands: <see cref="SqliteTransaction.Save"/> and its
    /// siblings would prepare their SQL again for every write. They are the same statements those methods run.
    /// </remarks>
    private sealed class Write : IAsyncDisposable
    {
        private static readonly SqliteStatement Save = new("SAVEPOINT incident_write");
        private static readonly SqliteStatement Release = new("RELEASE incident_write");
        private static readonly SqliteStatement RollbackTo = new("ROLLBACK TO incident_write");

        private readonly SqliteBatch? _batch;
        private readonly SqliteConnection _connection;
        private readonly string _path;
        private bool _committed;

        private Write(SqliteTransaction transaction, SqliteBatch? batch, SqliteConnection connection, string path)
        {
            Transaction = transaction;
            _batch = batch;
            _connection = connection;
            _path = path;
        }

        public SqliteTransaction Transaction { get; }

        public static Write Begin(Lease lease, string path)
        {
            if (lease.Batch is { } batch)
            {
                Run(batch, Save);
                return new Write(batch.Transaction, batch, lease.Connection, path);
            }

            return new Write(BeginWrite(lease.Connection), null, lease.Connection, path);
        }

        public async Task CommitAsync(CancellationToken cancellationToken)
        {
            if (_batch is { } batch)
            {
                Run(batch, Release);
            }
            else
            {
                await Transaction.CommitAsync(cancellationToken);

                // Committed into the file the connection has open: acknowledged only if that is still the store's file (the batch's
                // commit checks for the writes that join it).
                SqliteConnections.CheckSameFile(_connection, _path);
            }

            _committed = true;
        }

        public async ValueTask DisposeAsync()
        {
            if (_batch is null)
            {
                await Transaction.DisposeAsync();
            }
            else if (!_committed && SQLitePCL.raw.sqlite3_get_autocommit(_batch.Connection.Handle) == 0)
            {
                // Undone to the savepoint. Not when SQLite has already rolled the whole batch back itself (a full disk, an I/O
                // error: the connection is back in autocommit mode): there is nothing left to undo, and a statement run now would
                // throw "This SqliteTransaction has completed" over the error that says why.
                Run(_batch, RollbackTo);
                Run(_batch, Release);
            }
        }

        private static void Run(SqliteBatch batch, SqliteStatement statement)
        {
            using var run = batch.Run(statement);
            run.Command.ExecuteNonQuery();
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

    private Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        SqliteConnections.OpenAsync(_connectionString, DatabasePath, _pragmas, cancellationToken);

    /// <summary>The migration this instance ran on the store, once it has: for the host to log (from 0 on a new store).</summary>
    public StoreSchemaMigration? Migrated { get; private set; }

    private async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        await _schemaGate.WaitAsync(cancellationToken);
        try
        {
            if (_schemaReady)
            {
                return;
            }

            // Before the first connection: a restore running now would otherwise be followed by writes into the file it moves aside.
            _lock ??= SqliteStoreLock.Share(DatabasePath);

            // Incident data (names, telephone numbers): the file and its -wal and -shm are the service user's alone.
            SqliteOwnerOnly.PrepareDatabase(DatabasePath);
            // The one connection that may make the file (on Windows, where PrepareDatabase leaves it to SQLite): not pooled, so that
            // no connection of the store's pool can make it again once it is deleted.
            await using var connection = await SqliteConnections.OpenAsync(_createString, DatabasePath, _pragmas, cancellationToken);

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
                throw new StoreRefusedException(
                    $"{DatabasePath} has store schema {current}, newer than this build knows ({latest}): it was migrated by a later release; run that release, or restore a backup taken before the upgrade.",
                    $"数据库 {DatabasePath}（数据目录：环境变量 EmergencyPlans__DataDirectory）的存储架构版本为 {current}，比本程序所知的 {latest} 新：它已由更新的版本迁移过。请改用那个版本，或恢复升级前的备份（store restore）");
            }

            if (current is > 0 and < SqliteSchema.DomainEventsVersion)
            {
                await using var any = Command(connection, transaction, "SELECT EXISTS (SELECT 1 FROM incident_events)");
                if (Convert.ToInt64(await any.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) != 0)
                {
                    throw new StoreRefusedException(StoreRows.LegacyLogRefusal(DatabasePath), StoreRows.LegacyLogRefusalChinese(DatabasePath));
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
            if (current < latest)
            {
                Migrated = new StoreSchemaMigration((int)current, latest);
            }

            _schemaReady = true;
        }
        finally
        {
            _schemaGate.Release();
        }
    }
}
