using EmergencyPlans.Application.Ports;
using EmergencyPlans.Infrastructure.Persistence.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace EmergencyPlans.Infrastructure.Tests.Persistence;

/// <summary>
/// Incident writes inside a feed batch (ADR 0008) on SQLite: the batch keeps one prepared command per statement and
/// every write of the batch runs on it, so what one write bound must never leak into the next.
/// </summary>
public sealed class SqliteBatchTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 8, 0, 0, TimeSpan.FromHours(8));
    private readonly string _directory = Directory.CreateTempSubdirectory("emergencyplans-sqlite-batch-").FullName;
    private readonly SqliteIncidentStore _incidents;
    private readonly SqliteFeedStore _feeds;

    public SqliteBatchTests()
    {
        _incidents = new SqliteIncidentStore(DatabasePath, new FakeTimeProvider(T0));
        _feeds = new SqliteFeedStore(DatabasePath, _incidents);
    }

    private string DatabasePath => Path.Combine(_directory, "incidents.db");

    public void Dispose()
    {
        _incidents.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Run_ParameterLeftUnsetOnAKeptCommand_ThrowsInsteadOfBindingThePreviousValue()
    {
        var statement = new SqliteStatement("INSERT INTO t (a, b) VALUES ($a, $b)", "$a", "$b");
        await using var connection = await OpenAsync("CREATE TABLE t (a TEXT, b TEXT)");
        await using (var batch = SqliteBatch.Begin(DatabasePath, connection))
        {
            using (var run = batch.Run(statement))
            {
                run[0] = "x";
                run[1] = "y";
                run.Command.ExecuteNonQuery();
            }

            using (var run = batch.Run(statement))
            {
                run[0] = "z";
                var forgotten = () => run.Command.ExecuteNonQuery();
                forgotten.Should().Throw<InvalidOperationException>();
            }

            using (var run = batch.Run(statement))
            {
                run[0] = "z";
                run[1] = null;
                run.Command.ExecuteNonQuery();
            }

            batch.Commit();
        }

        (await RowsAsync()).Should().Equal(("x", "y"), ("z", (string?)null));
    }

    [Fact]
    public async Task Run_StatementStillRunning_GetsACommandOfItsOwnAndTheKeptOneComesBack()
    {
        var statement = new SqliteStatement("SELECT a FROM t WHERE a >= $a ORDER BY a", "$a");
        await using var connection = await OpenAsync("CREATE TABLE t (a TEXT, b TEXT); INSERT INTO t VALUES ('p', NULL), ('q', NULL)");
        await using var batch = SqliteBatch.Begin(DatabasePath, connection);

        SqliteCommand kept;
        using (var outer = batch.Run(statement))
        {
            kept = outer.Command;
            outer[0] = "p";
            await using var reader = await outer.Command.ExecuteReaderAsync();
            reader.Read().Should().BeTrue();

            using var inner = batch.Run(statement);
            inner.Command.Should().NotBeSameAs(kept);
            inner[0] = "q";
            (await inner.Command.ExecuteScalarAsync()).Should().Be("q");
            reader.GetString(0).Should().Be("p");
        }

        using var after = batch.Run(statement);
        after.Command.Should().BeSameAs(kept);
    }

    private async Task<SqliteConnection> OpenAsync(string setup)
    {
        var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = setup;
        await command.ExecuteNonQueryAsync();
        return connection;
    }

    private async Task<List<(string?, string?)>> RowsAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT a, b FROM t ORDER BY rowid";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string?, string?)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
        }

        return rows;
    }

    private static EventRecord Event(string type) => new(type, 1, T0, "feed-122", $$"""{"type":"{{type}}"}""");

    private static IncidentProjection Projection(string state, string? level, bool isOpen = true) =>
        new($$"""{"state":"{{state}}"}""", isOpen, level, isOpen ? T0.AddHours(1) : null, T0);

    private static IdempotencyRecord Key(string key, Guid incidentId, long version) => new(key, "hash-" + key, incidentId, version);
}
