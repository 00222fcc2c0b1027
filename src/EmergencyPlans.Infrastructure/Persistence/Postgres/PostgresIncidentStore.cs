using System.Data.Common;
using EmergencyPlans.Application.Ports;
using Npgsql;
using NpgsqlTypes;

namespace EmergencyPlans.Infrastructure.Persistence.Postgres;

/// <summary>
/// <see cref="IIncidentStore"/> on PostgreSQL, safe for several service instances sharing one database.
/// </summary>
/// <remarks>
/// An append first runs <c>UPDATE incidents ... WHERE id = @id AND version = @expected</c>. The row
/// lock it takes serialises concurrent appenders; a second appender with the same expected version
/// re-checks the predicate after the first commits, updates no row, and gets a typed conflict. The
/// events are inserted in the same transaction, and the (incident_id, sequence) key is a second
/// guard against a duplicate sequence number.
/// Inside a 122 feed batch on the caller's flow (<see cref="PostgresFeedStore.BeginBatchAsync"/>) a write is a savepoint of the
/// batch's transaction and reads go through it too, so the batch's incident writes commit with its feed rows or not at all (ADR 0008).
/// An incident the batch reads, or whose append it is refused for its version, is locked on that transaction until the batch ends, so
/// the batch's write on the version it read lands; another instance's writer waits for the batch and meets its version (412).
/// </remarks>
public sealed class PostgresIncidentStore : IIncidentStore, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private volatile bool _schemaReady;

    public PostgresIncidentStore(string connectionString, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    public async Task<long> CreateAsync(
        NewIncident incident,
        IReadOnlyList<EventRecord> events,
        IncidentProjection projection,
        IdempotencyRecord? idempotency = null,
        CancellationToken cancellationToken = default)
    {
        StoreInput.Check(incident, events, projection, idempotency);
        await using var lease = await LeaseAsync(cancellationToken);
        await using var write = await Write.BeginAsync(lease, cancellationToken);
        var (connection, transaction) = (lease.Connection, write.Transaction);

        await using (var insert = new NpgsqlCommand(
            """
            INSERT INTO incidents (id, plan_id, occurred_at, version, is_open, level, next_due_at, updated_at, projection, response_state, has_feed_record)
            VALUES (@id, @plan_id, @occurred_at, @version, @is_open, @level, @next_due_at, @updated_at, @projection, @response_state, @has_feed_record)
            ON CONFLICT (id) DO NOTHING
            """,
            connection,
            transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter<Guid>("id", incident.Id));
            insert.Parameters.Add(new NpgsqlParameter<long>("version", 1L));
            insert.Parameters.Add(new NpgsqlParameter<string>("plan_id", incident.PlanId));
            insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("occurred_at", StoreInput.Normalize(incident.OccurredAt)));
            insert.Parameters.Add(new NpgsqlParameter<bool>("has_feed_record", incident.HasFeedRecord));
            AddProjection(insert, projection);

            // A concurrent create of the same id waits for the first to commit, then inserts nothing.
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                throw new IncidentAlreadyExistsException(incident.Id);
            }
        }

        await InsertEventsAsync(connection, transaction, incident.Id, 0, 1, events, cancellationToken);
        await InsertIdempotencyAsync(connection, transaction, idempotency, cancellationToken);
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
        var newVersion = expectedVersion + 1;
        await using var lease = await LeaseAsync(cancellationToken);
        await using var write = await Write.BeginAsync(lease, cancellationToken);
        var (connection, transaction) = (lease.Connection, write.Transaction);

        await using (var update = new NpgsqlCommand(
            """
            UPDATE incidents
            SET version = @version, is_open = @is_open, level = @level, next_due_at = @next_due_at,
                updated_at = @updated_at, projection = @projection, response_state = @response_state,
                occurred_at = COALESCE(@occurred_at, occurred_at)
            WHERE id = @id AND version = @expected
            """,
            connection,
            transaction))
        {
            update.Parameters.Add(new NpgsqlParameter<Guid>("id", incidentId));
            update.Parameters.Add(new NpgsqlParameter<long>("expected", expectedVersion));
            update.Parameters.Add(new NpgsqlParameter<long>("version", newVersion));
            AddProjection(update, newProjection);
            update.Parameters.Add(new NpgsqlParameter("occurred_at", NpgsqlDbType.TimestampTz)
            {
                Value = StoreInput.Normalize(newProjection.OccurredAt) is { } occurredAt ? occurredAt : DBNull.Value,
            });
            if (await update.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                // Inside a feed batch the write's savepoint is undone first and the row is then read with its lock on the batch's own
                // transaction: the batch holds the incident from now until it ends, so its next attempt at the version read here cannot
                // be overtaken by another instance's writer. Read without the lock, each attempt could lose the same race again, and
                // the batch failed after its last one (FeedConcurrentTests, ADR 0008).
                await write.UndoAsync();
                await using var read = new NpgsqlCommand(
                    "SELECT version FROM incidents WHERE id = @id" + (lease.Ambient is null ? "" : " FOR NO KEY UPDATE"), connection, transaction);
                read.Parameters.Add(new NpgsqlParameter<Guid>("id", incidentId));
                var current = await read.ExecuteScalarAsync(cancellationToken);
                throw current is long currentVersion
                    ? new ConcurrencyConflictException(incidentId, expectedVersion, currentVersion)
                    : new IncidentNotFoundException(incidentId);
            }
        }

        // The row lock taken by the UPDATE above serialises appenders, so MAX(sequence) is stable here.
        long lastSequence;
        await using (var last = new NpgsqlCommand("SELECT COALESCE(MAX(sequence), 0) FROM incident_events WHERE incident_id = @id", connection, transaction))
        {
            last.Parameters.Add(new NpgsqlParameter<Guid>("id", incidentId));
            lastSequence = (long)(await last.ExecuteScalarAsync(cancellationToken))!;
        }

        await InsertEventsAsync(connection, transaction, incidentId, lastSequence, newVersion, events, cancellationToken);
        await InsertIdempotencyAsync(connection, transaction, idempotency, cancellationToken);
        await write.CommitAsync(cancellationToken);
        return newVersion;
    }

    public async Task<IdempotencyRecord?> FindIdempotencyAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        await using var lease = await LeaseAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT {StoreRows.IdempotencyColumns} FROM idempotency_keys WHERE key = @key", lease.Connection, lease.Ambient);
        command.Parameters.Add(new NpgsqlParameter<string>("key", key));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? StoreRows.Idempotency(reader, reader.IsDBNull(2) ? null : reader.GetGuid(2))
            : null;
    }

    public async Task<bool> RecordIdempotencyAsync(IdempotencyRecord record, CancellationToken cancellationToken = default)
    {
        StoreInput.Check(record);
        await using var lease = await LeaseAsync(cancellationToken);
        await using var write = await Write.BeginAsync(lease, cancellationToken);
        try
        {
            await InsertIdempotencyAsync(lease.Connection, write.Transaction, record, cancellationToken);
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

        // Inside a feed batch an incident is read to be written (a continuation's version, the writer's check of it): the read takes
        // the row's lock on the batch's transaction, which its write would take anyway, so no other instance can change the version
        // between the batch reading it and writing on it (ADR 0008).
        await using var command = new NpgsqlCommand(
            $"SELECT {StoreRows.IncidentColumns} FROM incidents WHERE id = @id" + (lease.Ambient is null ? "" : " FOR NO KEY UPDATE"),
            lease.Connection,
            lease.Ambient);
        command.Parameters.Add(new NpgsqlParameter<Guid>("id", incidentId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? StoreRows.Incident(reader, incidentId, ReadTime) : null;
    }

    public async Task<IReadOnlyList<StoredEvent>> ReadEventsAsync(Guid incidentId, CancellationToken cancellationToken = default)
    {
        await using var lease = await LeaseAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"""
            SELECT {StoreRows.EventColumns}
            FROM incident_events WHERE incident_id = @id ORDER BY sequence
            """,
            lease.Connection,
            lease.Ambient);
        command.Parameters.Add(new NpgsqlParameter<Guid>("id", incidentId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await StoreRows.ReadAllAsync(reader, row => StoreRows.Event(row, incidentId, ReadTime), cancellationToken);
    }

    public async Task<IReadOnlyList<IncidentSummary>> QueryAsync(IncidentQuery query, CancellationToken cancellationToken = default)
    {
        StoreInput.Check(query);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();

        command.CommandText = StoreRows.QuerySql(query, Binder(command), "projection ->> 'county', projection ->> 'place', projection ->> 'nature'");

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await StoreRows.ReadAllAsync(
            reader,
            row => StoreRows.Summary(row, row.GetGuid(0), ReadTime),
            cancellationToken);
    }

    public async Task<IReadOnlyList<UncoveredIncidents>> UncoveredAsync(IReadOnlyList<PlanInForce> loaded, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = StoreRows.UncoveredSql(loaded, Binder(command));

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await StoreRows.ReadAllAsync(reader, StoreRows.Uncovered, cancellationToken);
    }

    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM schema_version", connection);
        await command.ExecuteScalarAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        _schemaGate.Dispose();
    }

    public void Dispose()
    {
        _dataSource.Dispose();
        _schemaGate.Dispose();
    }

    /// <summary>timestamptz columns come back as UTC <see cref="DateTimeOffset"/> values.</summary>
    private static DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    /// <summary>How <see cref="StoreRows"/>' SQL binds a value on <paramref name="command"/>: adds the parameter, answers its placeholder.</summary>
    private static StoreRows.ParameterBinder Binder(NpgsqlCommand command) => (name, value) =>
    {
        command.Parameters.Add(Parameter(name, value));
        return "@" + name;
    };

    /// <summary>A typed parameter for a value of <see cref="StoreRows.QuerySql"/>; instants are normalised to UTC microseconds.</summary>
    private static NpgsqlParameter Parameter(string name, object value) => value switch
    {
        bool b => new NpgsqlParameter<bool>(name, b),
        int i => new NpgsqlParameter<int>(name, i),
        string s => new NpgsqlParameter<string>(name, s),
        Guid id => new NpgsqlParameter<Guid>(name, id),
        DateTimeOffset at => new NpgsqlParameter<DateTimeOffset>(name, StoreInput.Normalize(at)),
        _ => throw new ArgumentException($"No parameter type for {value.GetType()}.", nameof(value)),
    };

    private static void AddProjection(NpgsqlCommand command, IncidentProjection projection)
    {
        command.Parameters.Add(new NpgsqlParameter<bool>("is_open", projection.IsOpen));
        command.Parameters.Add(new NpgsqlParameter("level", NpgsqlDbType.Text) { Value = (object?)projection.Level ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("next_due_at", NpgsqlDbType.TimestampTz)
        {
            Value = StoreInput.Normalize(projection.NextObligationDueAt) is { } due ? due : DBNull.Value,
        });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("updated_at", StoreInput.Normalize(projection.UpdatedAt)));
        command.Parameters.Add(new NpgsqlParameter<string>("projection", NpgsqlDbType.Json) { TypedValue = projection.Json });
        command.Parameters.Add(new NpgsqlParameter<string>("response_state", NpgsqlDbType.Text) { TypedValue = projection.ResponseState });
    }

    private async Task InsertEventsAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        Guid incidentId,
        long lastSequence,
        long version,
        IReadOnlyList<EventRecord> events,
        CancellationToken cancellationToken)
    {
        var recordedAt = StoreInput.Normalize(_timeProvider.GetUtcNow());
        await using var batch = new NpgsqlBatch(connection, transaction);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var insert = new NpgsqlBatchCommand(
                """
                INSERT INTO incident_events (incident_id, sequence, version, type, schema_version, occurred_at, recorded_at, actor, payload)
                VALUES (@incident_id, @sequence, @version, @type, @schema_version, @occurred_at, @recorded_at, @actor, @payload)
                """);
            insert.Parameters.Add(new NpgsqlParameter<long>("version", version));
            insert.Parameters.Add(new NpgsqlParameter<int>("schema_version", e.SchemaVersion));
            insert.Parameters.Add(new NpgsqlParameter<Guid>("incident_id", incidentId));
            insert.Parameters.Add(new NpgsqlParameter<long>("sequence", lastSequence + i + 1));
            insert.Parameters.Add(new NpgsqlParameter<string>("type", e.Type));
            insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("occurred_at", StoreInput.Normalize(e.OccurredAt)));
            insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("recorded_at", recordedAt));
            insert.Parameters.Add(new NpgsqlParameter<string>("actor", e.Actor));
            insert.Parameters.Add(new NpgsqlParameter<string>("payload", NpgsqlDbType.Json) { TypedValue = e.PayloadJson });
            batch.BatchCommands.Add(insert);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Records the request's key in the write's transaction; a key already there means another request won.</summary>
    private async Task InsertIdempotencyAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        IdempotencyRecord? record,
        CancellationToken cancellationToken)
    {
        if (record is null)
        {
            return;
        }

        // A concurrent insert of the same key waits for the first to commit, then inserts nothing.
        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO idempotency_keys (key, request_hash, incident_id, version, recorded_at)
            VALUES (@key, @request_hash, @incident_id, @version, @recorded_at)
            ON CONFLICT (key) DO NOTHING
            """,
            connection,
            transaction);
        insert.Parameters.Add(new NpgsqlParameter<string>("key", record.Key));
        insert.Parameters.Add(new NpgsqlParameter<string>("request_hash", record.RequestHash));
        insert.Parameters.Add(new NpgsqlParameter("incident_id", NpgsqlDbType.Uuid) { Value = record.IncidentId is { } id ? id : DBNull.Value });
        insert.Parameters.Add(new NpgsqlParameter("version", NpgsqlDbType.Bigint) { Value = record.Version is { } v ? v : DBNull.Value });
        insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("recorded_at", StoreInput.Normalize(_timeProvider.GetUtcNow())));
        if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw new IdempotencyKeyTakenException(record.Key); // the write is rolled back as it is disposed (Write)
        }
    }

    /// <summary>
    /// A connection for one call: the feed batch's on this flow, so that the batch's incident writes commit with its feed rows and its
    /// reads see what it wrote (ADR 0008); else a pooled one of the call's own.
    /// </summary>
    private async Task<Lease> LeaseAsync(CancellationToken cancellationToken) =>
        PostgresFeedBatch.JoinedBy(this) is { Connection: { } connection, Transaction: { } transaction }
            ? new Lease(connection, transaction)
            : new Lease(await OpenAsync(cancellationToken), null);

    private sealed class Lease(NpgsqlConnection connection, NpgsqlTransaction? ambient) : IAsyncDisposable
    {
        public NpgsqlConnection Connection { get; } = connection;

        /// <summary>The feed batch's transaction this call joins; null on a connection of the call's own.</summary>
        public NpgsqlTransaction? Ambient { get; } = ambient;

        public ValueTask DisposeAsync() => Ambient is null ? Connection.DisposeAsync() : ValueTask.CompletedTask;
    }

    /// <summary>A write: its own transaction, or a savepoint of the feed batch it joins; not committed, it is undone as it is disposed.</summary>
    private sealed class Write : IAsyncDisposable
    {
        private readonly PostgresSavepoint? _savepoint;

        private Write(NpgsqlTransaction transaction, PostgresSavepoint? savepoint) => (Transaction, _savepoint) = (transaction, savepoint);

        public NpgsqlTransaction Transaction { get; }

        public static async Task<Write> BeginAsync(Lease lease, CancellationToken cancellationToken) =>
            lease.Ambient is { } ambient
                ? new Write(ambient, await PostgresSavepoint.SaveAsync(ambient, "incident_write", cancellationToken))
                : new Write(await lease.Connection.BeginTransactionAsync(cancellationToken), null);

        public async Task CommitAsync(CancellationToken cancellationToken)
        {
            if (_savepoint is not null)
            {
                await _savepoint.KeepAsync(cancellationToken);
            }
            else
            {
                await Transaction.CommitAsync(cancellationToken);
            }
        }

        /// <summary>
        /// Undoes the write now, not when it is disposed: a joined write goes back to its savepoint (<see cref="PostgresSavepoint.UndoAsync"/>).
        /// A write of its own is left to be disposed.
        /// </summary>
        public Task UndoAsync() => _savepoint?.UndoAsync() ?? Task.CompletedTask;

        public async ValueTask DisposeAsync()
        {
            if (_savepoint is null)
            {
                await Transaction.DisposeAsync(); // rolls back unless committed
                return;
            }

            await _savepoint.DisposeAsync();
        }
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_schemaReady)
        {
            await EnsureSchemaAsync(cancellationToken);
        }

        return await _dataSource.OpenConnectionAsync(cancellationToken);
    }

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

            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var command = new NpgsqlCommand(
                $"""
                SELECT pg_advisory_xact_lock({PostgresSchema.MigrationLockKey});
                CREATE TABLE IF NOT EXISTS schema_version (
                    version    integer     NOT NULL PRIMARY KEY,
                    applied_at timestamptz NOT NULL
                );
                """,
                connection,
                transaction))
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            int current;
            await using (var read = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_version", connection, transaction))
            {
                current = (int)(await read.ExecuteScalarAsync(cancellationToken))!;
            }

            var latest = PostgresSchema.Migrations[^1].Version;
            if (current > latest)
            {
                throw new StoreRefusedException(
                    $"PostgreSQL database '{connection.Database}' has store schema {current}, newer than this build knows ({latest}): it was migrated by a later release; run that release, or restore a dump taken before the upgrade.",
                    $"PostgreSQL 数据库“{connection.Database}”（环境变量 EmergencyPlans__PostgresConnectionString）的存储架构版本为 {current}，比本程序所知的 {latest} 新：它已由更新的版本迁移过。请改用那个版本，或恢复升级前的转储");
            }

            if (current is > 0 and < PostgresSchema.DomainEventsVersion)
            {
                await using var any = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM incident_events)", connection, transaction);
                if ((bool)(await any.ExecuteScalarAsync(cancellationToken))!)
                {
                    throw new StoreRefusedException(
                        StoreRows.LegacyLogRefusal($"in PostgreSQL database '{connection.Database}'"),
                        StoreRows.LegacyLogRefusalChinese($"PostgreSQL 数据库“{connection.Database}”"));
                }
            }

            foreach (var (version, sql) in PostgresSchema.Migrations.Where(m => m.Version > current))
            {
                await using var migrate = new NpgsqlCommand(sql, connection, transaction);
                await migrate.ExecuteNonQueryAsync(cancellationToken);
                if (version == PostgresSchema.AlertsVersion && current > 0)
                {
                    await using var baseline = new NpgsqlCommand(PostgresSchema.AlertsBaselineSql, connection, transaction);
                    await baseline.ExecuteNonQueryAsync(cancellationToken);
                }

                await using var record = new NpgsqlCommand(
                    "INSERT INTO schema_version (version, applied_at) VALUES (@version, @applied_at)", connection, transaction);
                record.Parameters.Add(new NpgsqlParameter<int>("version", version));
                record.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("applied_at", StoreInput.Normalize(_timeProvider.GetUtcNow())));
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            if (current < latest)
            {
                migrated = new StoreSchemaMigration(current, latest);
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
