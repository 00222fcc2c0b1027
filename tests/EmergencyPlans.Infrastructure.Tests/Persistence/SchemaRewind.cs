using EmergencyPlans.Infrastructure.Persistence.Postgres;
using EmergencyPlans.Infrastructure.Persistence.Sqlite;
using FluentAssertions;
using Xunit;

namespace EmergencyPlans.Infrastructure.Tests.Persistence;

/// <summary>
/// Takes a store back to an earlier schema version (the same SQL on both providers), so that a test can run the migrations above it
/// over rows stored before them, as an upgrade of a real store would. One list, so a new migration is undone in one place.
/// </summary>
internal static class SchemaRewind
{
    /// <summary>What undoes each migration, newest first (versions 6, 9, 14, 15 and 20 only widened a CHECK, 17 rewrote a column and 13 copies rows into the layout it makes: run again, they write the same).</summary>
    internal static readonly IReadOnlyList<(int Version, string Undo)> Undo =
    [
        (21, "DROP INDEX feed_dispatches_moved_idx; ALTER TABLE feed_dispatches DROP COLUMN moved_place; ALTER TABLE feed_dispatches DROP COLUMN moved_county;"),
        (20, ""),
        (19, "DROP INDEX incidents_office_open_idx; ALTER TABLE incidents DROP COLUMN has_feed_record; "
             + "CREATE INDEX feed_dispatches_incident_idx ON feed_dispatches (incident_id) WHERE incident_id IS NOT NULL;"),
        (18, "DROP INDEX feed_dispatches_incident_idx;"),
        // 17 only rewrites a terminated response's level from its projection: run again, it writes the same.
        (17, ""),
        // 16 run again rebuilds SQLite's alerts from the same columns and, on PostgreSQL, adds only what is missing.
        (16, "DROP TABLE feed_warnings; DELETE FROM alerts WHERE incident_id IS NULL;"),
        (15, ""),
        (14, ""),
        // 13 run again copies SQLite's log into the same layout (PostgreSQL's 13 changes nothing); SqliteEventLogLayoutTests
        // rebuilds the layout before it by hand.
        (13, ""),
        (12, "ALTER TABLE feed_messages ADD COLUMN content_hash bytea NOT NULL DEFAULT '';"),
        (11, "DROP INDEX feed_quarantine_open_kind_idx; DROP INDEX feed_quarantine_kind_idx; ALTER TABLE feed_quarantine DROP COLUMN kind;"),
        (10, "DROP INDEX feed_quarantine_open_event_idx;"),
        (9, ""),
        (8, "ALTER TABLE feed_quarantine DROP COLUMN dismissal_reason; ALTER TABLE feed_quarantine DROP COLUMN dismissed_by;"),
        (7, "ALTER TABLE feed_quarantine DROP COLUMN line_bytes;"),
        (6, ""),
        (5, "DROP INDEX incidents_response_idx; ALTER TABLE incidents DROP COLUMN response_state;"),
        (4, "DROP TABLE alerts; DROP TABLE alert_scan_marks;"),
    ];

    /// <summary>The SQL that leaves the store at <paramref name="version"/>: the next start migrates it again from there.</summary>
    public static string To(int version)
    {
        version.Should().BeGreaterThanOrEqualTo(Undo[^1].Version - 1, "migrations below that are not undone here");
        return string.Concat(Undo.Where(u => u.Version > version).Select(u => u.Undo)) + $"DELETE FROM schema_version WHERE version > {version};";
    }
}

public sealed class SchemaRewindTests
{
    [Fact]
    public void Every_migration_of_both_providers_has_its_undo()
    {
        SqliteSchema.Migrations[^1].Version.Should().Be(SchemaRewind.Undo[0].Version, "a new SQLite migration needs its undo in SchemaRewind");
        PostgresSchema.Migrations[^1].Version.Should().Be(SchemaRewind.Undo[0].Version, "a new PostgreSQL migration needs its undo in SchemaRewind");
        SchemaRewind.Undo.Select(u => u.Version).Should().BeInDescendingOrder().And.OnlyHaveUniqueItems();
    }
}
