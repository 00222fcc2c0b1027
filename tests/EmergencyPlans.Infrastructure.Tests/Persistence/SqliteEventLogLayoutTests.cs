using EmergencyPlans.Application.Ports;
using EmergencyPlans.Infrastructure.Persistence;
using EmergencyPlans.Infrastructure.Persistence.Sqlite;
using FluentAssertions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace EmergencyPlans.Infrastructure.Tests.Persistence;

/// <summary>
/// SQLite keeps an incident's log as rows in the order they were written (migration 13: a position, the incident and sequence
/// a separate unique index), so that a change's events fill the pages at the table's end instead of splitting pages among the
/// incident's earlier events. A store written in the layout before it is carried over whole and in order.
/// </summary>
public sealed class SqliteEventLogLayoutTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 8, 0, 0, TimeSpan.FromHours(8));
    private readonly SqliteTestFolder _folder = new("sqlite-event-log");

    // The layout of migrations 1 and 2: the rows keyed by incident and sequence, no position.
    private const string LayoutBeforeMigration13 =
        """
        CREATE TABLE incident_events_v12 (
            incident_id TEXT    NOT NULL REFERENCES incidents (id),
            sequence    INTEGER NOT NULL CHECK (sequence >= 1),
            type        TEXT    NOT NULL,
            occurred_at TEXT    NOT NULL,
            recorded_at TEXT    NOT NULL,
            actor       TEXT    NOT NULL,
            payload     TEXT    NOT NULL CHECK (json_valid(payload)),
            schema_version INTEGER NOT NULL DEFAULT 1 CHECK (schema_version >= 1),
            version INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (incident_id, sequence)
        ) WITHOUT ROWID;
        INSERT INTO incident_events_v12 SELECT incident_id, sequence, type, occurred_at, recorded_at, actor, payload, schema_version, version
            FROM incident_events;
        DROP TABLE incident_events;
        ALTER TABLE incident_events_v12 RENAME TO incident_events;
        CREATE TRIGGER incident_events_no_update BEFORE UPDATE ON incident_events
        BEGIN SELECT RAISE(ABORT, 'incident_events is append-only: UPDATE is not allowed'); END;
        CREATE TRIGGER incident_events_no_delete BEFORE DELETE ON incident_events
        BEGIN SELECT RAISE(ABORT, 'incident_events is append-only: DELETE is not allowed'); END;
        DELETE FROM schema_version WHERE version > 12;
        """;

    [Fact]
    public async Task The_log_keeps_its_rows_in_the_order_they_were_written_across_incidents()
    {
        var path = _folder.File("order.db");
        var (first, second) = await WriteTwoIncidentsAsync(path);

        (await RowsInStoredOrderAsync(path)).Should().Equal(
            (first, 1L), (second, 1L), (first, 2L), (first, 3L), (second, 2L));
    }

    [Fact]
    public async Task A_store_written_before_migration_13_keeps_every_event_in_order_and_its_log_stays_append_only()
    {
        var path = _folder.File("upgrade.db");
        var clock = new FakeTimeProvider(T0);
        var (first, second) = await WriteTwoIncidentsAsync(path, clock);
        IReadOnlyList<StoredEvent> firstBefore, secondBefore;
        using (var store = new SqliteIncidentStore(path, clock))
        {
            firstBefore = await store.ReadEventsAsync(first);
            secondBefore = await store.ReadEventsAsync(second);
        }

        // The migrations after 12 undone, then the log's layout before 13 made by hand.
        await ExecuteAsync(path, SchemaRewind.To(12));
        await ExecuteAsync(path, LayoutBeforeMigration13);
        (await ScalarAsync(path, "SELECT sql FROM sqlite_master WHERE name = 'incident_events'")).Should().Contain("WITHOUT ROWID");

        using (var store = new SqliteIncidentStore(path, clock))
        {
            (await store.ReadEventsAsync(first)).Should().Equal(firstBefore);
            (await store.ReadEventsAsync(second)).Should().Equal(secondBefore);
            store.Migrated.Should().Be(new StoreSchemaMigration(12, SqliteSchema.Migrations[^1].Version));

            // The next change continues each incident's sequence after the rows carried over.
            clock.Advance(TimeSpan.FromMinutes(1));
            await store.AppendAsync(first, 2, [Event()], Projection());
            (await store.ReadEventsAsync(first)).Select(e => e.Sequence).Should().Equal(1, 2, 3, 4);
        }

        // The rows were copied in the order they were recorded, the new one after them.
        (await RowsInStoredOrderAsync(path)).Should().Equal(
            (first, 1L), (second, 1L), (first, 2L), (first, 3L), (second, 2L), (first, 4L));
        var update = () => ExecuteAsync(path, "UPDATE incident_events SET actor = 'tampered'");
        var delete = () => ExecuteAsync(path, "DELETE FROM incident_events");
        (await update.Should().ThrowAsync<SqliteException>()).Which.Message.Should().Contain("append-only");
        (await delete.Should().ThrowAsync<SqliteException>()).Which.Message.Should().Contain("append-only");
    }

    public void Dispose() => _folder.Dispose();

    // Two incidents whose changes interleave: first opened, second opened, first changed with two events, second changed. Each
    // write a minute after the one before, so that the recorded times give the order written.
    private static async Task<(Guid First, Guid Second)> WriteTwoIncidentsAsync(string path, FakeTimeProvider? clock = null)
    {
        clock ??= new FakeTimeProvider(T0);
        using var store = new SqliteIncidentStore(path, clock);
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        await store.CreateAsync(new NewIncident(first, "road-traffic", T0), [Event()], Projection());
        clock.Advance(TimeSpan.FromMinutes(1));
        await store.CreateAsync(new NewIncident(second, "construction", T0), [Event()], Projection());
        clock.Advance(TimeSpan.FromMinutes(1));
        await store.AppendAsync(first, 1, [Event(), Event()], Projection());
        clock.Advance(TimeSpan.FromMinutes(1));
        await store.AppendAsync(second, 1, [Event()], Projection());
        return (first, second);
    }

    private static EventRecord Event() => new("report-filed", 1, T0, "duty-officer-7", """{"text":"续报"}""");

    private static IncidentProjection Projection() => new("""{"state":"open"}""", true, "IV", "NotActivated", null, T0);

    private static async Task<List<(Guid, long)>> RowsInStoredOrderAsync(string path)
    {
        await using var connection = await OpenAsync(path);
        await using var read = connection.CreateCommand();
        read.CommandText = "SELECT incident_id, sequence FROM incident_events ORDER BY position";
        await using var rows = await read.ExecuteReaderAsync();
        var result = new List<(Guid, long)>();
        while (await rows.ReadAsync())
        {
            result.Add((Guid.Parse(rows.GetString(0)), rows.GetInt64(1)));
        }

        return result;
    }

    private static async Task ExecuteAsync(string path, string sql)
    {
        await using var connection = await OpenAsync(path);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> ScalarAsync(string path, string sql)
    {
        await using var connection = await OpenAsync(path);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<SqliteConnection> OpenAsync(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        return connection;
    }
}
