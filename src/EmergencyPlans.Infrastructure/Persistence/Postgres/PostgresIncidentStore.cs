using System.Text;
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
/// </remarks>
public sealed class PostgresIncidentStore : IIncidentStore, IAsyncDisposable, IDisposable
{
    private const string SummaryColumns =
        "id, plan_id, occurred_at, version, is_open, level, next_due_at, updated_at";

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
        IncidentEvent firstEvent,
        IncidentProjection projection,
        CancellationToken cancellationToken = default)
    {
        StoreInput.Check(incident, firstEvent, projection);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await using (var insert = new NpgsqlCommand(
            """
            INSERT INTO incidents (id, plan_id, occurred_at, version, is_open, level, next_due_at, updated_at, projection)
            VALUES (@id, @plan_id, @occurred_at, 1, @is_open, @level, @next_due_at, @updated_at, @projection)
            ON CONFLICT (id) DO NOTHING
            """,
            connection,
            transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter<Guid>("id", incident.Id));
            insert.Parameters.Add(new NpgsqlParameter<string>("plan_id", incident.PlanId));
            insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("occurred_at", StoreInput.Normalize(incident.OccurredAt)));
            AddProjection(insert, projection);

            // A concurrent create of the same id waits for the first to commit, then inserts nothing.
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                throw new IncidentAlreadyExistsException(incident.Id);
            }
        }

        await InsertEventsAsync(connection, transaction, incident.Id, 0, [firstEvent], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return 1;
    }

    public async Task<long> AppendAsync(
        Guid incidentId,
        long expectedVersion,
        IReadOnlyList<IncidentEvent> events,
        IncidentProjection newProjection,
        CancellationToken cancellationToken = default)
    {
        StoreInput.Check(expectedVersion, events, newProjection);
        var newVersion = expectedVersion + events.Count;
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await using (var update = new NpgsqlCommand(
            """
            UPDATE incidents
            SET version = @version, is_open = @is_open, level = @level, next_due_at = @next_due_at,
                updated_at = @updated_at, projection = @projection
            WHERE id = @id AND version = @expected
            """,
            connection,
            transaction))
        {
            update.Parameters.Add(new NpgsqlParameter<Guid>("id", incidentId));
            update.Parameters.Add(new NpgsqlParameter<long>("expected", expectedVersion));
            update.Parameters.Add(new NpgsqlParameter<long>("version", newVersion));
            AddProjection(update, newProjection);
            if (await update.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                await using var read = new NpgsqlCommand("SELECT version FROM incidents WHERE id = @id", connection, transaction);
                read.Parameters.Add(new NpgsqlParameter<Guid>("id", incidentId));
                var current = await read.ExecuteScalarAsync(cancellationToken);
                await transaction.RollbackAsync(cancellationToken);
                throw current is long currentVersion
                    ? new ConcurrencyConflictException(incidentId, expectedVersion, currentVersion)
                    : new IncidentNotFoundException(incidentId);
            }
        }

        await InsertEventsAsync(connection, transaction, incidentId, expectedVersion, events, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return newVersion;
    }

    public async Task<StoredIncident?> GetAsync(Guid incidentId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT plan_id, occurred_at, version, is_open, level, next_due_at, updated_at, projection FROM incidents WHERE id = @id",
            connection);
        command.Parameters.Add(new NpgsqlParameter<Guid>("id", incidentId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var projection = new IncidentProjection(
            Json: reader.GetString(7),
            IsOpen: reader.GetBoolean(3),
            Level: reader.IsDBNull(4) ? null : reader.GetString(4),
            NextObligationDueAt: reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
            UpdatedAt: reader.GetFieldValue<DateTimeOffset>(6));
        return new StoredIncident(
            incidentId,
            reader.GetString(0),
            reader.GetFieldValue<DateTimeOffset>(1),
            reader.GetInt64(2),
            projection);
    }

    public async Task<IReadOnlyList<StoredEvent>> ReadEventsAsync(Guid incidentId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            SELECT sequence, type, occurred_at, recorded_at, actor, payload
            FROM incident_events WHERE incident_id = @id ORDER BY sequence
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter<Guid>("id", incidentId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<StoredEvent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new StoredEvent(
                incidentId,
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetFieldValue<DateTimeOffset>(3),
                reader.GetString(4),
                reader.GetString(5)));
        }

        return events;
    }

    public async Task<IReadOnlyList<IncidentSummary>> QueryAsync(IncidentQuery query, CancellationToken cancellationToken = default)
    {
        StoreInput.Check(query);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();

        // Only fixed fragments are concatenated; every value is a parameter.
        var where = new List<string>();
        if (query.Open is { } open)
        {
            where.Add("is_open = @open");
            command.Parameters.Add(new NpgsqlParameter<bool>("open", open));
        }

        if (query.PlanId is { } planId)
        {
            where.Add("plan_id = @plan_id");
            command.Parameters.Add(new NpgsqlParameter<string>("plan_id", planId));
        }

        if (query.Level is { } level)
        {
            where.Add("level = @level");
            command.Parameters.Add(new NpgsqlParameter<string>("level", level));
        }

        if (query.OverdueAt is { } overdueAt)
        {
            where.Add("next_due_at < @overdue_at");
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("overdue_at", StoreInput.Normalize(overdueAt)));
        }

        var sql = new StringBuilder("SELECT ").Append(SummaryColumns).Append(" FROM incidents");
        if (where.Count > 0)
        {
            sql.Append(" WHERE ").AppendJoin(" AND ", where);
        }

        sql.Append(query.OverdueAt is null ? " ORDER BY occurred_at DESC, id" : " ORDER BY next_due_at, id");
        sql.Append(" LIMIT @limit OFFSET @offset");
        command.Parameters.Add(new NpgsqlParameter<int>("limit", query.Limit));
        command.Parameters.Add(new NpgsqlParameter<int>("offset", query.Offset));
        command.CommandText = sql.ToString();

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var results = new List<IncidentSummary>();
        while (await reader.ReadAsync(cancellationToken))
        {
            results.Add(new IncidentSummary(
                reader.GetGuid(0),
                reader.GetString(1),
                reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetInt64(3),
                reader.GetBoolean(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
                reader.GetFieldValue<DateTimeOffset>(7)));
        }

        return results;
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
    }

    private async Task InsertEventsAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        Guid incidentId,
        long previousVersion,
        IReadOnlyList<IncidentEvent> events,
        CancellationToken cancellationToken)
    {
        var recordedAt = StoreInput.Normalize(_timeProvider.GetUtcNow());
        await using var batch = new NpgsqlBatch(connection, transaction);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var insert = new NpgsqlBatchCommand(
                """
                INSERT INTO incident_events (incident_id, sequence, type, occurred_at, recorded_at, actor, payload)
                VALUES (@incident_id, @sequence, @type, @occurred_at, @recorded_at, @actor, @payload)
                """);
            insert.Parameters.Add(new NpgsqlParameter<Guid>("incident_id", incidentId));
            insert.Parameters.Add(new NpgsqlParameter<long>("sequence", previousVersion + i + 1));
            insert.Parameters.Add(new NpgsqlParameter<string>("type", e.Type));
            insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("occurred_at", StoreInput.Normalize(e.OccurredAt)));
            insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("recorded_at", recordedAt));
            insert.Parameters.Add(new NpgsqlParameter<string>("actor", e.Actor));
            insert.Parameters.Add(new NpgsqlParameter<string>("payload", NpgsqlDbType.Json) { TypedValue = e.PayloadJson });
            batch.BatchCommands.Add(insert);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_schemaReady)
        {
            await EnsureSchemaAsync(cancellationToken);
        }

        return await _dataSource.OpenConnectionAsync(cancellationToken);
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
                throw new InvalidOperationException(
                    $"The database has incident store schema version {current}, newer than this build knows ({latest}).");
            }

            foreach (var (version, sql) in PostgresSchema.Migrations.Where(m => m.Version > current))
            {
                await using var migrate = new NpgsqlCommand(sql, connection, transaction);
                await migrate.ExecuteNonQueryAsync(cancellationToken);
                await using var record = new NpgsqlCommand(
                    "INSERT INTO schema_version (version, applied_at) VALUES (@version, @applied_at)", connection, transaction);
                record.Parameters.Add(new NpgsqlParameter<int>("version", version));
                record.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("applied_at", StoreInput.Normalize(_timeProvider.GetUtcNow())));
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
