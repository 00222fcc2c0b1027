using System.Data.Common;
using System.Text;
using EmergencyPlans.Application.Ports;

namespace EmergencyPlans.Infrastructure.Persistence;

/// <summary>
/// The column lists, the row mapping and the incident query shared by the providers, so that both
/// read the same columns into the same values and filter, order and page a query the same way.
/// What differs stays with the provider and is passed in: how an instant is stored (timestamptz on
/// PostgreSQL, sortable text on SQLite), how an id is stored, and how a value becomes a parameter.
/// </summary>
internal static class StoreRows
{
    /// <summary>The columns <see cref="Incident"/> reads, in its order.</summary>
    public const string IncidentColumns =
        "plan_id, occurred_at, version, is_open, level, next_due_at, updated_at, projection, response_state";

    /// <summary>The columns <see cref="Event"/> reads, in its order.</summary>
    public const string EventColumns = "sequence, type, occurred_at, recorded_at, actor, payload, schema_version, version";

    /// <summary>The columns <see cref="Idempotency"/> reads, in its order.</summary>
    public const string IdempotencyColumns = "key, request_hash, incident_id, version";

    /// <summary>
    /// The message with which a store written by the previous version (schema 1, whose log held REST
    /// request bodies) is refused: its events are not domain events, so the log cannot be folded.
    /// </summary>
    public static string LegacyLogRefusal(string where) =>
        $"The incident store {where} was written by an earlier EmergencyPlans (store schema 1): its event log holds REST request "
        + "bodies, not domain events, and cannot be rebuilt into incidents by this version. Nothing was changed. To migrate: "
        + "(1) with the earlier release still running, export what is open (GET /api/v1/incidents?open=true and each incident); "
        + "(2) stop it and move the database aside as an archive (SQLite: the .db file with its -wal and -shm files; PostgreSQL: "
        + "rename the schema or use a new database); (3) start this version, which creates an empty store, and re-open the open "
        + "incidents from the export (POST /api/v1/incidents, then their reports). See docs/events.md, \"Upgrading a store\".";

    /// <summary><see cref="LegacyLogRefusal"/> for the command line, in Chinese.</summary>
    public static string LegacyLogRefusalChinese(string where) =>
        $"数据库 {where} 由早期版本的 EmergencyPlans 写入（存储架构 1）：其事件日志存的是 REST 请求正文而非领域事件，本版本无法据此重建事件，"
        + "数据未作任何改动。迁移方法见 docs/events.md“Upgrading a store”：先用早期版本导出未结事件，再把该数据库移开存档，由本版本新建空库后重新录入";

    /// <summary>The columns <see cref="Summary"/> reads, in its order.</summary>
    public const string SummaryColumns =
        "id, plan_id, occurred_at, version, is_open, level, next_due_at, updated_at, response_state";

    /// <summary>Reads the instant in column <paramref name="ordinal"/> as the provider stores it.</summary>
    public delegate DateTimeOffset TimeReader(DbDataReader reader, int ordinal);

    /// <summary>
    /// Adds <paramref name="value"/> (a bool, int, string, <see cref="Guid"/> or <see cref="DateTimeOffset"/>) to the
    /// command as the parameter <paramref name="name"/> and returns its placeholder in the SQL.
    /// </summary>
    public delegate string ParameterBinder(string name, object value);

    /// <summary>A row of <see cref="IncidentColumns"/>.</summary>
    public static StoredIncident Incident(DbDataReader reader, Guid incidentId, TimeReader time)
    {
        var projection = new IncidentProjection(
            json: reader.GetString(7),
            isOpen: reader.GetBoolean(3),
            level: reader.IsDBNull(4) ? null : reader.GetString(4),
            responseState: reader.GetString(8),
            nextObligationDueAt: reader.IsDBNull(5) ? null : time(reader, 5),
            updatedAt: time(reader, 6));
        return new StoredIncident(
            incidentId,
            reader.GetString(0),
            time(reader, 1),
            reader.GetInt64(2),
            projection);
    }

    /// <summary>A row of <see cref="EventColumns"/>.</summary>
    public static StoredEvent Event(DbDataReader reader, Guid incidentId, TimeReader time) =>
        new(
            incidentId,
            reader.GetInt64(0),
            reader.GetInt64(7),
            reader.GetString(1),
            reader.GetInt32(6),
            time(reader, 2),
            time(reader, 3),
            reader.GetString(4),
            reader.GetString(5));

    /// <summary>A row of <see cref="IdempotencyColumns"/>; the incident id (column 2) is read by the provider.</summary>
    public static IdempotencyRecord Idempotency(DbDataReader reader, Guid? incidentId) =>
        new(reader.GetString(0), reader.GetString(1), incidentId, reader.IsDBNull(3) ? null : reader.GetInt64(3));

    /// <summary>
    /// A row of <see cref="SummaryColumns"/> followed by the provider's three described columns (county, place, nature read from the
    /// projection); <paramref name="id"/> is its first column, read by the provider.
    /// </summary>
    public static IncidentSummary Summary(DbDataReader reader, Guid id, TimeReader time) =>
        new(
            id,
            reader.GetString(1),
            time(reader, 2),
            reader.GetInt64(3),
            reader.GetBoolean(4),
            reader.IsDBNull(5) ? null : reader.GetString(5),
            reader.GetString(8),
            reader.IsDBNull(6) ? null : time(reader, 6),
            time(reader, 7),
            reader.IsDBNull(9) ? "" : reader.GetString(9),
            reader.IsDBNull(10) ? null : reader.GetString(10),
            reader.IsDBNull(11) ? "" : reader.GetString(11));

    /// <summary>Every remaining row of <paramref name="reader"/>, mapped in order.</summary>
    public static async Task<IReadOnlyList<T>> ReadAllAsync<T>(
        DbDataReader reader,
        Func<DbDataReader, T> map,
        CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    /// <summary>
    /// The SELECT of <see cref="SummaryColumns"/> for <paramref name="query"/>: its filters joined by
    /// AND, its order and its page. Only fixed fragments are concatenated; every value goes through
    /// <paramref name="bind"/> as a parameter.
    /// </summary>
    /// <param name="query">The filters, order and page.</param>
    /// <param name="bind">Adds a value as a parameter and returns its placeholder.</param>
    /// <param name="described">The provider's SQL for the projection's county, place and nature (in that order), which the list
    /// shows so that incidents can be told apart without reading each one.</param>
    public static string QuerySql(IncidentQuery query, ParameterBinder bind, string described)
    {
        var where = new List<string>();
        if (query.Open is { } open)
        {
            where.Add("is_open = " + bind("open", open));
        }

        if (query.PlanId is { } planId)
        {
            where.Add("plan_id = " + bind("plan_id", planId));
        }

        if (query.Level is { } level)
        {
            where.Add("level = " + bind("level", level));
        }

        if (query.ResponseState is { } responseState)
        {
            where.Add("response_state = " + bind("response_state", responseState));
        }

        if (query.OverdueAt is { } overdueAt)
        {
            where.Add("next_due_at < " + bind("overdue_at", overdueAt));
        }

        if (query.AfterDue is { } position)
        {
            // Keyset on the order below: (next_due_at, id) strictly after the position.
            var dueAt = bind("after_due_at", position.DueAt);
            where.Add($"(next_due_at > {dueAt} OR (next_due_at = {dueAt} AND id > {bind("after_id", position.Id)}))");
        }

        // The page's ids first, then their columns and documents: a database computes a row's selected values before it sorts, so a
        // query whose order no index gives (no filter; a level) read the document of every incident to describe five of them (10,465
        // feed incidents: 1.0 to 1.8 s for ?limit=5 on SQLite, against 5 ms with open=true, whose index gives the order).
        var page = new StringBuilder("SELECT id FROM incidents");
        if (where.Count > 0)
        {
            page.Append(" WHERE ").AppendJoin(" AND ", where);
        }

        var order = query.OverdueAt is null ? "occurred_at DESC, id" : "next_due_at, id";
        page.Append(" ORDER BY ").Append(order);
        page.Append(" LIMIT ").Append(bind("limit", query.Limit));
        page.Append(" OFFSET ").Append(bind("offset", query.Offset));
        return new StringBuilder("SELECT ").AppendJoin(", ", SummaryColumns.Split(", ").Select(c => "i." + c)).Append(", ").Append(described)
            .Append(" FROM (").Append(page).Append(") page JOIN incidents i ON i.id = page.id ORDER BY ")
            .AppendJoin(", ", order.Split(", ").Select(c => "i." + c)).ToString();
    }

    /// <summary>
    /// The grouped SELECT of <see cref="IIncidentStore.UncoveredAsync"/>: plan id, count and the least id (as text) of the incidents no
    /// version of <paramref name="loaded"/> covers. Standard SQL, the same on both providers; every value goes through
    /// <paramref name="bind"/>.
    /// </summary>
    public static string UncoveredSql(IReadOnlyList<PlanInForce> loaded, ParameterBinder bind)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        var covered = new List<string>(loaded.Count);
        for (var i = 0; i < loaded.Count; i++)
        {
            var version = loaded[i];
            var condition = new StringBuilder("(plan_id = ").Append(bind($"plan_{i}", version.PlanId))
                .Append(" AND occurred_at >= ").Append(bind($"from_{i}", version.From));
            if (version.Until is { } until)
            {
                condition.Append(" AND occurred_at < ").Append(bind($"until_{i}", until));
            }

            covered.Add(condition.Append(')').ToString());
        }

        var sql = new StringBuilder("SELECT plan_id, COUNT(*), MIN(CAST(id AS TEXT)) FROM incidents");
        if (covered.Count > 0)
        {
            sql.Append(" WHERE NOT (").AppendJoin(" OR ", covered).Append(')');
        }

        return sql.Append(" GROUP BY plan_id ORDER BY plan_id").ToString();
    }

    /// <summary>A row of <see cref="UncoveredSql"/>.</summary>
    public static UncoveredIncidents Uncovered(DbDataReader reader) =>
        new(reader.GetString(0), checked((int)reader.GetInt64(1)), Guid.Parse(reader.GetString(2)));
}
