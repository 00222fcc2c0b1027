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
    // The statements of the write path run on native statements bound by position (SqliteNativeStatement): the projection and
    // event bodies are bound as the UTF-8 the event schema's serializer wrote, which ADO.NET could only take as .NET strings
    // (transcoded from that UTF-8, then back to it to bind), and ADO.NET's parameters cost as much again. Inside a feed batch
    // each is prepared once per batch (ADR 0008). The reads a feed batch makes return rows through StoreRows and stay on
    // ADO.NET (SqliteStatement), kept by the batch the same way.
    private const string IncidentExists = "SELECT 1 FROM incidents WHERE id = ?1";

    private const string InsertIncident =
        """
        INSERT INTO incidents (id, plan_id, occurred_at, version, is_open, level, next_due_at, updated_at, projection, response_state, has_feed_record)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
        """;

    // The version to compare and the last sequence to continue from, in one statement: no row when the incident is not there.
    private const string ReadHead =
        """
        SELECT version, (SELECT COALESCE(MAX(sequence), 0) FROM incident_events WHERE incident_id = ?1)
        FROM incidents WHERE id = ?1
        """;

    private const string UpdateIncident =
        """
        UPDATE incidents
        SET version = ?3, is_open = ?4, level = ?5, next_due_at = ?6,
            updated_at = ?7, projection = ?8, response_state = ?9,
            occurred_at = COALESCE(?10, occurred_at)
        WHERE id = ?1 AND version = ?2
        """;

    private const string InsertEvent =
        """
        INSERT INTO incident_events (incident_id, sequence, version, type, schema_version, occurred_at, recorded_at, actor, payload)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
        """;

    private const string InsertIdempotencyKey =
        """
        INSERT INTO idempotency_keys (key, request_hash, incident_id, version, recorded_at)
        VALUES (?1, ?2, ?3, ?4, ?5)
        ON CONFLICT (key) DO NOTHING
        """;

    // Every keyed feed write looks its key up first.
    private const string FindIdempotency = $"SELECT {StoreRows.IdempotencyColumns} FROM idempotency_keys WHERE key = ?1";

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
        await using var write = Write.Begin(lease, DatabasePath);
        var id = IdText(incident.Id);

        cancellationToken.ThrowIfCancellationRequested();
        using (var exists = lease.Native(IncidentExists))
        {
            exists.Statement.Text(1, id);
            if (exists.Statement.Step())
            {
                throw new IncidentAlreadyExistsException(incident.Id);
            }
        }

        using (var insert = lease.Native(InsertIncident))
        {
            var statement = insert.Statement;
            statement.Text(1, id);
            statement.Text(2, incident.PlanId);
            statement.Time(3, incident.OccurredAt);
            statement.Integer(4, 1);
            SetProjection(statement, 5, projection);
            statement.Integer(11, incident.HasFeedRecord ? 1 : 0);
            statement.Run();
        }

        var recordedAt = _timeProvider.GetUtcNow();
        InsertEvents(lease, id, 1, 1, events, recordedAt);

        InsertIdempotency(lease, idempotency, recordedAt);
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
        await using var write = Write.Begin(lease, DatabasePath);
        var id = IdText(incidentId);

        cancellationToken.ThrowIfCancellationRequested();
        long lastSequence;
        using (var head = lease.Native(ReadHead))
        {
            var statement = head.Statement;
            statement.Text(1, id);
            if (!statement.Step())
            {
                throw new IncidentNotFoundException(incidentId);
            }

            var currentVersion = statement.ColumnInteger(0);
            if (currentVersion != expectedVersion)
            {
                throw new ConcurrencyConflictException(incidentId, expectedVersion, currentVersion);
            }

            lastSequence = statement.ColumnInteger(1);
        }

        var recordedAt = _timeProvider.GetUtcNow();
        var newVersion = expectedVersion + 1;
        InsertEvents(lease, id, lastSequence + 1, newVersion, events, recordedAt);

        using (var update = lease.Native(UpdateIncident))
        {
            var statement = update.Statement;
            statement.Text(1, id);
            statement.Integer(2, expectedVersion);
            statement.Integer(3, newVersion);
            SetProjection(statement, 4, newProjection);
            statement.Time(10, newProjection.OccurredAt);
            if (statement.Run() != 1)
            {
                // Unreachable while BEGIN IMMEDIATE holds the write lock; kept so that a future
                // change to the locking cannot silently lose an update.
                throw new InvalidOperationException($"Incident {incidentId} changed inside a write transaction.");
            }
        }

        InsertIdempotency(lease, idempotency, recordedAt);
        await write.CommitAsync(cancellationToken);
        return newVersion;
    }

    public async Task<IdempotencyRecord?> FindIdempotencyAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        await using var lease = await LeaseAsync(cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        using var find = lease.Native(FindIdempotency);
        var statement = find.Statement;
        statement.Text(1, key);
        return statement.Step()
            ? new IdempotencyRecord(statement.ColumnText(0), statement.ColumnText(1), statement.ColumnGuid(2, "idempotency_keys.incident_id"), statement.ColumnIntegerOrNull(3))
            : null;
    }

    public async Task<bool> RecordIdempotencyAsync(IdempotencyRecord record, CancellationToken cancellationToken = default)
    {
        StoreInput.Check(record);
        await using var lease = await LeaseAsync(cancellationToken);
        await using var write = Write.Begin(lease, DatabasePath);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            InsertIdempotency(lease, record, _timeProvider.GetUtcNow());
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

    /// <summary>
    /// Binds the six projection parameters (is_open, level, next_due_at, updated_at, projection, response_state) from <paramref name="first"/>
    /// on; the document as its UTF-8, bound as TEXT.
    /// </summary>
    private static void SetProjection(SqliteNativeStatement statement, int first, IncidentProjection projection)
    {
        statement.Integer(first, projection.IsOpen ? 1 : 0);
        statement.Text(first + 1, projection.Level);
        statement.Time(first + 2, projection.NextObligationDueAt);
        statement.Time(first + 3, projection.UpdatedAt);
        statement.Utf8(first + 4, projection.Utf8.Span);
        statement.Text(first + 5, projection.ResponseState);
    }

    /// <summary>Appends <paramref name="events"/> from <paramref name="firstSequence"/> on, with one statement prepared once for all of them.</summary>
    private static void InsertEvents(
        Lease lease,
        string incidentId,
        long firstSequence,
        long version,
        IReadOnlyList<EventRecord> events,
        DateTimeOffset recordedAt)
    {
        using var insert = lease.Native(InsertEvent);
        var statement = insert.Statement;

        // A statement keeps its bindings from one run to the next: what all the events share is bound once.
        statement.Text(1, incidentId);
        statement.Integer(3, version);
        statement.Time(7, recordedAt);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            statement.Integer(2, firstSequence + i);
            statement.Text(4, e.Type);
            statement.Integer(5, e.SchemaVersion);
            statement.Time(6, e.OccurredAt);
            statement.Text(8, e.Actor);
            statement.Utf8(9, e.PayloadUtf8.Span);
            statement.Run();
        }
    }

    /// <summary>Records the request's key in the write's transaction; a key already there means another request won.</summary>
    private static void InsertIdempotency(Lease lease, IdempotencyRecord? record, DateTimeOffset recordedAt)
    {
        if (record is null)
        {
            return;
        }

        using var insert = lease.Native(InsertIdempotencyKey);
        var statement = insert.Statement;
        statement.Text(1, record.Key);
        statement.Text(2, record.RequestHash);
        statement.Text(3, record.IncidentId is { } id ? IdText(id) : null);
        statement.Integer(4, record.Version);
        statement.Time(5, recordedAt);
        if (statement.Run() == 0)
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

        /// <summary>
        /// A run of <paramref name="sql"/> on a native statement: the batch's kept one, else one of its own. It runs in whatever
        /// transaction the connection has open (the write's, the batch's).
        /// </summary>
        public SqliteNativeRun Native(string sql) => Batch is { } batch ? batch.Native(sql) : SqliteNativeRun.Own(Connection, sql);

        public ValueTask DisposeAsync() => Batch is null ? Connection.DisposeAsync() : ValueTask.CompletedTask;
    }

    /// <summary>A write: its own BEGIN IMMEDIATE transaction, or a savepoint of the feed batch it joins.</summary>
    /// <remarks>
    /// The savepoint's three statements run on the batch's kept native statements: <see cref="SqliteTransaction.Save"/> and its
    /// siblings would prepare their SQL again for every write. They are the same statements those methods run.
    /// </remarks>
    private sealed class Write : IAsyncDisposable
    {
        private readonly SqliteBatch.Savepoint? _savepoint;
        private readonly SqliteConnection _connection;
        private readonly string _path;

        private Write(SqliteTransaction transaction, SqliteBatch.Savepoint? savepoint, SqliteConnection connection, string path)
        {
            Transaction = transaction;
            _savepoint = savepoint;
            _connection = connection;
            _path = path;
        }

        public SqliteTransaction Transaction { get; }

        public static Write Begin(Lease lease, string path) =>
            lease.Batch is { } batch
                ? new Write(batch.Transaction, batch.Save("incident_write"), lease.Connection, path)
                : new Write(BeginWrite(lease.Connection), null, lease.Connection, path);

        public async Task CommitAsync(CancellationToken cancellationToken)
        {
            if (_savepoint is not null)
            {
                await _savepoint.KeepAsync(cancellationToken);
                return;
            }

            await Transaction.CommitAsync(cancellationToken);

            // Committed into the file the connection has open: acknowledged only if that is still the store's file (the batch's
            // commit checks for the writes that join it).
            SqliteConnections.CheckSameFile(_connection, _path);
        }

        public async ValueTask DisposeAsync()
        {
            if (_savepoint is null)
            {
                await Transaction.DisposeAsync();
            }
            else
            {
                // Undone to its savepoint unless committed.
                await _savepoint.DisposeAsync();
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

    private Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        SqliteConnections.OpenAsync(_connectionString, DatabasePath, _pragmas, cancellationToken);

    /// <summary>The migration this instance ran on the store, once it has: for the host to log (from 0 on a new store).</summary>
    public StoreSchemaMigration? Migrated => Migration.Done;

    /// <summary>The migration this instance runs on the store, said when it runs: at start, or once an unreachable store first answers.</summary>
    public SchemaMigrationReport Migration { get; } = new();

    private async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        StoreSchemaMigration? migrated = null;
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
                migrated = new StoreSchemaMigration((int)current, latest);
            }

            _schemaReady = true;
        }
        finally
        {
            _schemaGate.Release();
        }

        if (migrated is not null)
        {
            // Outside the gate: a listener (the host's log) must not hold up the store's other callers.
            Migration.Report(migrated);
        }
    }
}
