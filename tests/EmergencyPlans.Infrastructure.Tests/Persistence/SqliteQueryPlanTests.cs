using EmergencyPlans.Infrastructure.Persistence.Sqlite;
using FluentAssertions;
using Microsoft.Data.Sqlite;
using Xunit;

namespace EmergencyPlans.Infrastructure.Tests.Persistence;

/// <summary>
/// How SQLite runs the statements the feed runs at every opening, on the schema as the migrations make it (no statistics, as a store has
/// until someone runs ANALYZE). The moved-record look-up (F62-07) joined the dispatch rows to the incidents, and the planner walked every
/// open incident of the window by incidents_open_idx, probing the moved index for each: the feed benchmark ran 9 % slower side by side
/// with the build before it (session 63). The rows 122 moved, nearly always none, must be the outer loop.
/// </summary>
public sealed class SqliteQueryPlanTests : IDisposable
{
    private readonly SqliteTestFolder _folder = new("sqlite-plans");

    [Fact]
    public void The_moved_record_look_up_starts_from_the_moved_rows_index()
    {
        using var connection = new SqliteConnection($"Data Source={_folder.File("plan.db")};Pooling=False");
        connection.Open();
        foreach (var (_, sql) in SqliteSchema.Migrations)
        {
            using var migrate = connection.CreateCommand();
            migrate.CommandText = sql;
            migrate.ExecuteNonQuery();
        }

        using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + SqliteFeedStore.FindMovedIncidentsSql;
        foreach (var (name, value) in new[] { ("?1", "road-traffic"), ("?2", "2026-06-01"), ("?3", "2026-06-02"), ("?4", "高平市"), ("?5", "10") })
        {
            explain.Parameters.AddWithValue(name, value);
        }

        var steps = new List<string>();
        using (var reader = explain.ExecuteReader())
        {
            while (reader.Read())
            {
                steps.Add(reader.GetString(3));
            }
        }

        steps[0].Should().Be("SEARCH d USING INDEX feed_dispatches_moved_idx (moved_county=?)", "the moved rows drive the join");
        steps.Should().Contain(s => s.StartsWith("SEARCH i USING INDEX sqlite_autoindex_incidents_1 (id=?)", StringComparison.Ordinal));
    }

    public void Dispose() => _folder.Dispose();
}
