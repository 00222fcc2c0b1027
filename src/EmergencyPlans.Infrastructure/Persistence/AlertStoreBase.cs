using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using EmergencyPlans.Application.Alerts;
using EmergencyPlans.Application.Ports;

namespace EmergencyPlans.Infrastructure.Persistence;

/// <summary>
/// <see cref="IAlertStore"/> in SQL shared by both providers (migration 4 of SqliteSchema and
/// PostgresSchema). The provider supplies connections, the write transaction, parameter and column
/// conversions. Both parameter syntaxes accept <c>@name</c>.
/// </summary>
public abstract class AlertStoreBase : IAlertStore
{
    private const string Columns =
        "id, key, kind, incident_id, plan_id, drill, raised_at, raised_by, title, text, rule, clause, words, duty_key, due_at, details, acknowledged_at, acknowledged_by, dispatch_id";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly MigratedBy _schema;

    /// <param name="schemaOwner">
    /// The incident store on the same database: it runs the migrations (including the alert tables) the
    /// first time it is used, which <see cref="IIncidentStore.PingAsync"/> triggers.
    /// </param>
    protected AlertStoreBase(IIncidentStore schemaOwner)
    {
        _schema = new MigratedBy(schemaOwner);
    }

    /// <summary>SQL for the <c>details</c> parameter (PostgreSQL casts text to json).</summary>
    protected virtual string DetailsParameter => "@details";

    /// <summary>The SQL function giving the larger of two values.</summary>
    protected abstract string Greatest { get; }

    /// <summary>
    /// What follows <c>FROM incidents</c> in <see cref="DueIncidentsAsync"/> to read it by the next-due index: SQLite, unlike PostgreSQL,
    /// has no statistics to tell that nearly every incident is open, and took the open incidents' index, sorting them all at every page.
    /// </summary>
    protected virtual string NextDueIndex => "";

    public async Task<IReadOnlyList<StoredAlert>> RaiseAsync(IReadOnlyList<NewAlert> alerts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        if (alerts.Count == 0)
        {
            return [];
        }

        foreach (var alert in alerts)
        {
            Check(alert);
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await BeginRaiseAsync(connection, cancellationToken).ConfigureAwait(false);
        var stored = new List<StoredAlert>();
        foreach (var a in alerts)
        {
            await using var insert = Command(connection, transaction, $"""
                INSERT INTO alerts (key, kind, incident_id, plan_id, drill, raised_at, raised_by, title, text, rule, clause, words, duty_key, due_at, details, dispatch_id)
                VALUES (@key, @kind, @incident_id, @plan_id, @drill, @raised_at, @raised_by, @title, @text, @rule, @clause, @words, @duty_key, @due_at, {DetailsParameter},
                        @dispatch_id)
                ON CONFLICT (key) DO NOTHING
                RETURNING id
                """);
            Add(insert, "key", a.Key);
            Add(insert, "kind", a.Kind);
            Add(insert, "incident_id", a.IncidentId);
            Add(insert, "plan_id", a.PlanId);
            Add(insert, "drill", a.Drill);
            Add(insert, "raised_at", StoreInput.Normalize(a.RaisedAt));
            Add(insert, "raised_by", a.RaisedBy);
            Add(insert, "title", a.Title);
            Add(insert, "text", a.Text);
            Add(insert, "rule", a.Cause.Rule);
            Add(insert, "clause", a.Cause.Clause);
            Add(insert, "words", a.Cause.Words);
            Add(insert, "duty_key", a.DutyKey);
            Add(insert, "due_at", StoreInput.Normalize(a.DueAt));
            Add(insert, "details", JsonSerializer.Serialize(a.Details, Json));
            Add(insert, "dispatch_id", a.DispatchId);
            if (await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is { } id and not DBNull)
            {
                stored.Add(new StoredAlert(Convert.ToInt64(id, CultureInfo.InvariantCulture), a with
                {
                    RaisedAt = StoreInput.Normalize(a.RaisedAt),
                    DueAt = StoreInput.Normalize(a.DueAt),
                }, null, null));
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        Committed(connection);
        return stored;
    }

    public async Task<StoredAlert?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await GetAsync(connection, null, id, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StoredAlert>> QueryAsync(AlertQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1, nameof(query));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, AlertQuery.MaxLimit, nameof(query));
        ArgumentOutOfRangeException.ThrowIfNegative(query.Offset, nameof(query));
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "");
        var sql = new StringBuilder($"SELECT {Columns} FROM alerts WHERE 1 = 1");
        if (query.Unacknowledged is { } unacknowledged)
        {
            sql.Append(unacknowledged ? " AND acknowledged_at IS NULL" : " AND acknowledged_at IS NOT NULL");
        }

        Where("kind = @kind", "kind", query.Kind);
        Where("incident_id = @incident_id", "incident_id", query.IncidentId);
        Where("dispatch_id = @dispatch_id", "dispatch_id", query.DispatchId);
        Where("id < @before", "before", query.BeforeId);
        Where("id > @after", "after", query.AfterId);
        if (query.WithoutClosedIncidents)
        {
            // A closed incident overtakes every alert of it (AlertOvertaking): left out here, so a page of live alerts reads past them in SQL.
            sql.Append(" AND (incident_id IS NULL OR EXISTS (SELECT 1 FROM incidents i WHERE i.id = alerts.incident_id AND i.is_open))");
        }

        sql.Append(query.AfterId is null ? " ORDER BY id DESC" : " ORDER BY id").Append(" LIMIT @limit OFFSET @offset");
        Add(command, "limit", query.Limit);
        Add(command, "offset", query.Offset);
        command.CommandText = sql.ToString();
        return await ReadAlertsAsync(command, cancellationToken).ConfigureAwait(false);

        // A filter given: its condition, and its parameter bound.
        void Where(string condition, string name, object? value)
        {
            if (value is not null)
            {
                sql.Append(" AND ").Append(condition);
                Add(command, name, value);
            }
        }
    }

    public async Task<IReadOnlyList<StoredAlert>> ReadAfterAsync(long afterId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, $"SELECT {Columns} FROM alerts WHERE id > @after ORDER BY id LIMIT @limit");
        Add(command, "after", afterId);
        Add(command, "limit", limit);
        return await ReadAlertsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<long> LastIdAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "SELECT COALESCE(MAX(id), 0) FROM alerts");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    public async Task<StoredAlert?> AcknowledgeAsync(long id, string by, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var update = Command(connection, null,
            "UPDATE alerts SET acknowledged_at = @at, acknowledged_by = @by WHERE id = @id AND acknowledged_at IS NULL"))
        {
            // Only the first acknowledgement is recorded; the row is never otherwise changed.
            Add(update, "at", StoreInput.Normalize(at));
            Add(update, "by", by);
            Add(update, "id", id);
            await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        Committed(connection);
        return await GetAsync(connection, null, id, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<long>> AcknowledgeAllAsync(Guid? incidentId, string? dispatchId, long through, string by, DateTimeOffset at,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        if ((incidentId is null) == (dispatchId is null))
        {
            throw new ArgumentException("name one incident or one 122 record");
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        // One statement: only the first acknowledgement of each is recorded, and the ids it recorded come back with it.
        await using var update = Command(connection, null, $"""
            UPDATE alerts SET acknowledged_at = @at, acknowledged_by = @by
            WHERE {(incidentId is null ? "dispatch_id = @subject" : "incident_id = @subject")} AND id <= @through AND acknowledged_at IS NULL
            RETURNING id
            """);
        Add(update, "at", StoreInput.Normalize(at));
        Add(update, "by", by);
        Add(update, "subject", incidentId is { } incident ? incident : dispatchId);
        Add(update, "through", through);
        var ids = new List<long>();
        await using (var reader = await update.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                ids.Add(reader.GetInt64(0));
            }
        }

        Committed(connection);
        ids.Sort();
        return ids;
    }

    public async Task<IReadOnlyList<(Guid Id, long Version)>> UnscannedIncidentsAsync(Guid? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, $"""
            SELECT i.id, i.version FROM incidents i
            LEFT JOIN alert_scan_marks m ON m.incident_id = i.id
            WHERE (m.incident_id IS NULL OR m.version < i.version){(after is null ? "" : " AND i.id > @after")}
            ORDER BY i.id LIMIT @limit
            """);
        if (after is { } start)
        {
            Add(command, "after", start);
        }

        Add(command, "limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<(Guid, long)>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add((ReadGuid(reader, 0), reader.GetInt64(1)));
        }

        return rows;
    }

    public async Task<IReadOnlyList<DueIncident>> DueIncidentsAsync(DateTimeOffset dueBefore, DuePosition? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        // By incidents_next_due_idx, as the incident list's due query, but the columns written before the document only: the documents of
        // incidents owing months of daily reports run to hundreds of kilobytes, and reading (SQLite: their overflow pages, to reach the
        // response state stored after them) and parsing them for every due incident at every scan was the idle service's whole cost.
        // The page starts at its position in the index (next_due_at >= …, implied by the keyset's OR, which neither provider reads as a
        // bound): without it each page read the index from its first row, and on SQLite sorted every open incident (10,465 of them: 1.6 s
        // a scan, against 0.04 s).
        await using var command = Command(connection, null, $"""
            SELECT id, version, next_due_at FROM incidents{NextDueIndex}
            WHERE is_open = @open AND next_due_at < @before{(after is null ? "" : " AND next_due_at >= @after_due AND (next_due_at > @after_due OR (next_due_at = @after_due AND id > @after_id))")}
            ORDER BY next_due_at, id LIMIT @limit
            """);
        Add(command, "open", true);
        Add(command, "before", StoreInput.Normalize(dueBefore));
        if (after is not null)
        {
            Add(command, "after_due", StoreInput.Normalize(after.DueAt));
            Add(command, "after_id", after.Id);
        }

        Add(command, "limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<DueIncident>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new DueIncident(ReadGuid(reader, 0), reader.GetInt64(1), ReadTime(reader, 2)));
        }

        return rows;
    }

    public async Task<IReadOnlyList<FeedMessageToScan>> FeedMessagesToScanAsync(long after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        // The record as it stands now beside the message: whether its incident is open (which alerts the warning itself; two red alerts for
        // one fog, one saying no incident existed: an operations review, session 53), and its latest message, whether 122 has withdrawn it.
        await using var command = Command(connection, null, """
            SELECT w.position, w.event_id, w.dispatch_id, w.plan_id, w.alert_key, m.line, latest.line, d.event_id,
                   CASE WHEN EXISTS (SELECT 1 FROM alerts a WHERE a.key = w.alert_key) THEN 1 ELSE 0 END,
                   CASE WHEN i.id IS NULL THEN 0 WHEN i.is_open THEN 2 ELSE 1 END
            FROM feed_warnings w
            JOIN feed_messages m ON m.event_id = w.event_id
            LEFT JOIN feed_dispatches d ON d.dispatch_id = w.dispatch_id
            LEFT JOIN feed_messages latest ON latest.event_id = d.event_id
            LEFT JOIN incidents i ON i.id = d.incident_id
            WHERE w.position > @after
            ORDER BY w.position LIMIT @limit
            """);
        Add(command, "after", after);
        Add(command, "limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<FeedMessageToScan>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var incident = reader.GetInt32(9);
            rows.Add(new FeedMessageToScan(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5))
            {
                LatestLine = reader.IsDBNull(6) ? null : reader.GetString(6),
                LatestEventId = reader.IsDBNull(7) ? null : reader.GetString(7),
                Alerted = reader.GetInt32(8) == 1,
                HasIncident = incident > 0,
                IncidentOpen = incident == 2,
            });
        }

        return rows;
    }

    public async Task SettleFeedMessagesAsync(IReadOnlyCollection<long> positions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(positions);
        if (positions.Count == 0)
        {
            return;
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var chunk in positions.Chunk(500))
        {
            await using var command = Command(connection, null,
                $"DELETE FROM feed_warnings WHERE position IN ({string.Join(", ", chunk.Select((_, i) => "@p" + i.ToString(CultureInfo.InvariantCulture)))})");
            for (var i = 0; i < chunk.Length; i++)
            {
                Add(command, "p" + i.ToString(CultureInfo.InvariantCulture), chunk[i]);
            }

            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        Committed(connection);
    }

    public async Task MarkScannedAsync(Guid incidentId, long version, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, $"""
            INSERT INTO alert_scan_marks (incident_id, version) VALUES (@id, @version)
            ON CONFLICT (incident_id) DO UPDATE SET version = {Greatest}(alert_scan_marks.version, excluded.version)
            """);
        Add(command, "id", incidentId);
        Add(command, "version", version);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        Committed(connection);
    }

    public async Task<IReadOnlyList<StoredIncident>> IncidentsAsync(IReadOnlyCollection<Guid> incidentIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(incidentIds);
        if (incidentIds.Count == 0)
        {
            return [];
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<StoredIncident>(incidentIds.Count);
        foreach (var chunk in incidentIds.Distinct().Chunk(500))
        {
            // StoreRows.Incident reads the columns in their order; the id follows them.
            await using var command = Command(connection, null, "");
            command.CommandText = $"SELECT {StoreRows.IncidentColumns}, id FROM incidents WHERE id IN ({In(command, "i", chunk.Cast<object>())})";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(StoreRows.Incident(reader, ReadGuid(reader, 9), ReadTime));
            }
        }

        return rows;
    }

    public async Task<IReadOnlyList<AlertMark>> FeedAlertsOfAsync(IReadOnlyCollection<Guid> incidentIds, IReadOnlyCollection<string> dispatchIds,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(incidentIds);
        ArgumentNullException.ThrowIfNull(dispatchIds);
        if (incidentIds.Count == 0 && dispatchIds.Count == 0)
        {
            return [];
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "");
        var subjects = new List<string>(2);
        if (incidentIds.Count > 0)
        {
            subjects.Add($"incident_id IN ({In(command, "i", incidentIds.Distinct().Cast<object>())})");
        }

        if (dispatchIds.Count > 0)
        {
            subjects.Add($"dispatch_id IN ({In(command, "d", dispatchIds.Distinct(StringComparer.Ordinal))})");
        }

        command.CommandText = $"""
            SELECT id, kind, incident_id, dispatch_id, raised_at FROM alerts
            WHERE kind IN ('{AlertKinds.FeedCancelled}', '{AlertKinds.FeedReinstated}', '{AlertKinds.FeedRoadWarning}') AND ({string.Join(" OR ", subjects)})
            ORDER BY id
            """;
        var marks = new List<AlertMark>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            marks.Add(new AlertMark(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : ReadGuid(reader, 2),
                reader.IsDBNull(3) ? null : reader.GetString(3), ReadTime(reader, 4)));
        }

        return marks;
    }

    public async Task<IReadOnlyList<StoredIncident>> IncidentsOfCountiesAsync(IReadOnlyCollection<string> planIds, IReadOnlyCollection<string> counties,
        DateTimeOffset earliest, DateTimeOffset latest, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(planIds);
        ArgumentNullException.ThrowIfNull(counties);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        if (planIds.Count == 0 || counties.Count == 0)
        {
            return [];
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "");
        // The plan and occurrence by incidents_plan_idx (open or closed: a warning issued on an incident closed since still overtakes), then
        // the county on the document's beginning, as the feed's look-up of nearby incidents matches it: the documents run to kilobytes, and
        // json is not parsed in SQL. A county is one of the city file's, a handful: one needle each.
        var needles = string.Join(" OR ", counties.Distinct(StringComparer.Ordinal).Select((county, i) =>
        {
            var name = "n" + i.ToString(CultureInfo.InvariantCulture);
            Add(command, name, Application.Feeds.FeedDuplicates.CountyNeedle(county));
            return ProjectionBeginsWith("@" + name);
        }));
        command.CommandText = $"""
            SELECT {StoreRows.IncidentColumns}, id FROM incidents
            WHERE plan_id IN ({In(command, "p", planIds.Distinct(StringComparer.Ordinal))}) AND occurred_at >= @from AND occurred_at <= @to AND ({needles})
            ORDER BY occurred_at DESC, id LIMIT @limit
            """;
        Add(command, "from", StoreInput.Normalize(earliest));
        Add(command, "to", StoreInput.Normalize(latest));
        Add(command, "limit", limit);
        var rows = new List<StoredIncident>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(StoreRows.Incident(reader, ReadGuid(reader, 9), ReadTime));
        }

        return rows;
    }

    public async Task<IReadOnlyList<StoredIncident>> IncidentsOfRecordsAsync(IReadOnlyCollection<string> dispatchIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dispatchIds);
        if (dispatchIds.Count == 0)
        {
            return [];
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<StoredIncident>();
        foreach (var chunk in dispatchIds.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            // The records' rows by their key (feed_dispatches.dispatch_id), their incidents by theirs: the same on both providers.
            await using var command = Command(connection, null, "");
            command.CommandText = $"""
                SELECT {StoreRows.IncidentColumns}, id FROM incidents
                WHERE id IN (SELECT incident_id FROM feed_dispatches WHERE incident_id IS NOT NULL AND dispatch_id IN ({In(command, "d", chunk)}))
                """;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(StoreRows.Incident(reader, ReadGuid(reader, 9), ReadTime));
            }
        }

        return rows;
    }

    /// <summary>
    /// SQL true when the first <see cref="Application.Feeds.FeedDuplicates.NeedleWithin"/> characters of an incident's <c>projection</c> hold
    /// the text of <paramref name="parameter"/> (a <see cref="Application.Feeds.FeedDuplicates.CountyNeedle"/>).
    /// </summary>
    protected abstract string ProjectionBeginsWith(string parameter);

    /// <summary>An open connection to the store's database.</summary>
    protected abstract Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The transaction alert inserts run in. It must make ids increase in commit order: SQLite's write
    /// lock does; PostgreSQL takes an advisory lock for it.
    /// </summary>
    protected abstract Task<DbTransaction> BeginRaiseAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// Run on the connection of each alert write once it committed (a raise, an acknowledgement, a scan mark), before the write is
    /// acknowledged: throws when what was committed is not in the store (SQLite: the file was deleted or replaced while the
    /// connection had it open). Nothing to check by default.
    /// </summary>
    protected virtual void Committed(DbConnection connection)
    {
    }

    /// <summary>A value as the provider's parameter expects it (ids, instants, booleans differ).</summary>
    protected abstract object ToParameter(object value);

    protected abstract Guid ReadGuid(DbDataReader reader, int ordinal);

    protected abstract DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    protected static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static void Check(NewAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentException.ThrowIfNullOrWhiteSpace(alert.Key);
        if (!AlertKinds.IsKnown(alert.Kind))
        {
            throw new ArgumentException($"unknown alert kind '{alert.Kind}'", nameof(alert));
        }
    }

    private void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value is null ? DBNull.Value : ToParameter(value);
        command.Parameters.Add(parameter);
    }

    /// <summary>Binds each of <paramref name="values"/> as a parameter named <paramref name="prefix"/> and its index; their placeholders, comma separated.</summary>
    private string In(DbCommand command, string prefix, IEnumerable<object> values)
    {
        var names = new List<string>();
        foreach (var value in values)
        {
            var name = prefix + names.Count.ToString(CultureInfo.InvariantCulture);
            Add(command, name, value);
            names.Add("@" + name);
        }

        return string.Join(", ", names);
    }

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await _schema.EnsureAsync(cancellationToken).ConfigureAwait(false);

        return await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<StoredAlert?> GetAsync(DbConnection connection, DbTransaction? transaction, long id, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, $"SELECT {Columns} FROM alerts WHERE id = @id");
        Add(command, "id", id);
        var rows = await ReadAlertsAsync(command, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    private async Task<IReadOnlyList<StoredAlert>> ReadAlertsAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<StoredAlert>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var planId = reader.GetString(4);
            var alert = new NewAlert(
                Key: reader.GetString(1),
                Kind: reader.GetString(2),
                IncidentId: reader.IsDBNull(3) ? null : ReadGuid(reader, 3),
                PlanId: planId,
                Drill: reader.GetBoolean(5),
                RaisedAt: ReadTime(reader, 6),
                RaisedBy: reader.GetString(7),
                Title: reader.GetString(8),
                Text: reader.GetString(9),
                Cause: new AlertCause(planId, reader.GetString(10), reader.GetString(11), reader.GetString(12)),
                DutyKey: reader.IsDBNull(13) ? null : reader.GetString(13),
                DueAt: reader.IsDBNull(14) ? null : ReadTime(reader, 14),
                Details: JsonSerializer.Deserialize<AlertDetails>(reader.GetString(15), Json) ?? new AlertDetails())
            {
                DispatchId = reader.IsDBNull(18) ? null : reader.GetString(18),
            };
            rows.Add(new StoredAlert(
                reader.GetInt64(0),
                alert,
                reader.IsDBNull(16) ? null : ReadTime(reader, 16),
                reader.IsDBNull(17) ? null : reader.GetString(17)));
        }

        return rows;
    }
}
