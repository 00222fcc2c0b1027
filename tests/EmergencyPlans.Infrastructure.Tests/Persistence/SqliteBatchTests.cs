using EmergencyPlans.Application.Ports;
using EmergencyPlans.Infrastructure.Persistence.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace EmergencyPlans.Infrastructure.Tests.Persistence;

/// <summary>
/// Feed batches on SQLite (ADR 0008). Incident writes inside a batch: the batch keeps one prepared command per statement and
/// every write of the batch runs on it, so what one write bound must never leak into the next.
/// </summary>
[Collection(SqlitePoolTests.Name)]
public sealed class SqliteBatchTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 8, 0, 0, TimeSpan.FromHours(8));
    private readonly SqliteTestFolder _folder = new("sqlite-batch");
    private readonly SqliteIncidentStore _incidents;
    private readonly SqliteFeedStore _feeds;

    public SqliteBatchTests()
    {
        _incidents = new SqliteIncidentStore(DatabasePath, new FakeTimeProvider(T0));
        _feeds = new SqliteFeedStore(DatabasePath, _incidents);
    }

    private string DatabasePath => _folder.File("incidents.db");

    public void Dispose()
    {
        _incidents.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task IncidentWrites_TwoIncidentsInterleavedInOneBatch_EachKeepsItsOwnLogVersionProjectionAndKeys()
    {
        var a = new NewIncident(Guid.NewGuid(), "plan-a", T0);
        var b = new NewIncident(Guid.NewGuid(), "plan-b", T0.AddMinutes(1));

        await using (await _feeds.BeginBatchAsync())
        {
            await _incidents.CreateAsync(a, [Event("a-opened")], Projection("a1", "IV"), Key("a-open", a.Id, 1));
            await _incidents.CreateAsync(b, [Event("b-opened"), Event("b-noted")], Projection("b1", null), Key("b-open", b.Id, 1));
            await _incidents.AppendAsync(a.Id, 1, [Event("a-raised"), Event("a-noted")], Projection("a2", "III"), Key("a-raise", a.Id, 2));
            await _incidents.AppendAsync(b.Id, 1, [Event("b-raised")], Projection("b2", "II"), Key("b-raise", b.Id, 2));
            await _incidents.AppendAsync(a.Id, 2, [Event("a-closed")], Projection("a3", null, isOpen: false));

            // Read inside the batch, on its kept commands too.
            (await _incidents.GetAsync(b.Id))!.Version.Should().Be(2);
            await _feeds.CommitAsync(new FeedBatch([], [], []));
        }

        var storedA = (await _incidents.GetAsync(a.Id))!;
        storedA.Should().Be(new StoredIncident(a.Id, "plan-a", T0, 3, Projection("a3", null, isOpen: false)));
        var storedB = (await _incidents.GetAsync(b.Id))!;
        storedB.Should().Be(new StoredIncident(b.Id, "plan-b", T0.AddMinutes(1), 2, Projection("b2", "II")));
        (await _incidents.ReadEventsAsync(a.Id)).Select(e => (e.IncidentId, e.Sequence, e.Version, e.Type)).Should().Equal(
            (a.Id, 1L, 1L, "a-opened"), (a.Id, 2L, 2L, "a-raised"), (a.Id, 3L, 2L, "a-noted"), (a.Id, 4L, 3L, "a-closed"));
        (await _incidents.ReadEventsAsync(b.Id)).Select(e => (e.IncidentId, e.Sequence, e.Version, e.Type)).Should().Equal(
            (b.Id, 1L, 1L, "b-opened"), (b.Id, 2L, 1L, "b-noted"), (b.Id, 3L, 2L, "b-raised"));
        (await _incidents.FindIdempotencyAsync("a-raise"))!.Should().Match<IdempotencyRecord>(r => r.IncidentId == a.Id && r.Version == 2);
        (await _incidents.FindIdempotencyAsync("b-raise"))!.Should().Match<IdempotencyRecord>(r => r.IncidentId == b.Id && r.Version == 2);
        (await _incidents.FindIdempotencyAsync("b-open"))!.Should().Match<IdempotencyRecord>(r => r.IncidentId == b.Id && r.Version == 1);
    }

    [Fact]
    public async Task AppendAsync_StaleVersionOrUnknownIncidentInsideBatch_ThrowsWritesNothingAndTheNextWriteOfTheBatchStillLands()
    {
        var id = Guid.NewGuid();

        await using (await _feeds.BeginBatchAsync())
        {
            await _incidents.CreateAsync(new NewIncident(id, "plan-a", T0), [Event("opened")], Projection("v1", "IV"));
            await _incidents.AppendAsync(id, 1, [Event("raised")], Projection("v2", "III"));

            var stale = () => _incidents.AppendAsync(id, 1, [Event("stale"), Event("stale")], Projection("stale", "I"), Key("stale", id, 2));
            var conflict = (await stale.Should().ThrowAsync<ConcurrencyConflictException>()).Which;
            conflict.CurrentVersion.Should().Be(2);
            var unknown = () => _incidents.AppendAsync(Guid.NewGuid(), 1, [Event("lost")], Projection("lost", null));
            await unknown.Should().ThrowAsync<IncidentNotFoundException>();

            await _incidents.AppendAsync(id, 2, [Event("closed")], Projection("v3", null, isOpen: false));
            await _feeds.CommitAsync(new FeedBatch([], [], []));
        }

        (await _incidents.GetAsync(id))!.Should().Match<StoredIncident>(s => s.Version == 3 && s.Projection.Json == Projection("v3", null, false).Json);
        (await _incidents.ReadEventsAsync(id)).Select(e => (e.Sequence, e.Type)).Should().Equal((1L, "opened"), (2L, "raised"), (3L, "closed"));
        (await _incidents.FindIdempotencyAsync("stale")).Should().BeNull("the refused write's key was rolled back with it");
    }

    [Fact]
    public async Task CreateAsync_KeyTakenInsideBatch_ThrowsAndRollsBackOnlyThatWrite()
    {
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();

        await using (await _feeds.BeginBatchAsync())
        {
            await _incidents.CreateAsync(new NewIncident(first, "plan-a", T0), [Event("opened")], Projection("first", "IV"), Key("feed-122:E1", first, 1));

            var again = () => _incidents.CreateAsync(new NewIncident(second, "plan-a", T0), [Event("opened")], Projection("second", "IV"), Key("feed-122:E1", second, 1));
            await again.Should().ThrowAsync<IdempotencyKeyTakenException>();
            await _feeds.CommitAsync(new FeedBatch([], [], []));
        }

        (await _incidents.GetAsync(first)).Should().NotBeNull();
        (await _incidents.GetAsync(second)).Should().BeNull("the savepoint of the refused write was rolled back");
        (await _incidents.ReadEventsAsync(second)).Should().BeEmpty();
        (await _incidents.FindIdempotencyAsync("feed-122:E1"))!.IncidentId.Should().Be(first);
    }

    [Fact]
    public async Task IncidentWrites_BatchDisposedWithoutCommit_LeaveNothing()
    {
        var id = Guid.NewGuid();

        await using (await _feeds.BeginBatchAsync())
        {
            await _incidents.CreateAsync(new NewIncident(id, "plan-a", T0), [Event("opened")], Projection("v1", "IV"), Key("rolled-back", id, 1));
            await _incidents.AppendAsync(id, 1, [Event("raised")], Projection("v2", "III"));
        }

        (await _incidents.GetAsync(id)).Should().BeNull();
        (await _incidents.ReadEventsAsync(id)).Should().BeEmpty();
        (await _incidents.FindIdempotencyAsync("rolled-back")).Should().BeNull();
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

    [Fact]
    public async Task Batch_Disposed_PutsTheStatementJournalBackOnItsDefaultBeforeTheConnectionReturnsToThePool()
    {
        // A pool of its own (one file, one connection string): the connection opened after the batch is the batch's.
        var pooled = new SqliteConnectionStringBuilder { DataSource = _folder.File("pooled.db"), Pooling = true }.ToString();
        var connection = new SqliteConnection(pooled);
        await connection.OpenAsync();
        await Scalar(connection, "PRAGMA cache_size = -1234"); // marks this native connection
        await using (var batch = SqliteBatch.Begin(_folder.File("pooled.db"), connection))
        {
            (await Scalar(connection, "PRAGMA temp_store", batch.Transaction)).Should().Be(2L, "a savepoint's journal is kept in memory during the batch");
        }

        await using var next = new SqliteConnection(pooled);
        await next.OpenAsync();
        (await Scalar(next, "PRAGMA cache_size")).Should().Be(-1234L, "the pool hands out the batch's connection again");
        (await Scalar(next, "PRAGMA temp_store")).Should().Be(0L);
    }

    [Fact]
    public async Task CommitAsync_OnlyLinesQuarantinedBefore_AnswersTheirIdsAndWritesNothing()
    {
        // A replayed file: its bad lines are quarantined already and nothing else is new. The batch must not write (and
        // fsync) the database at all; an INSERT that does nothing on conflict still wrote the AUTOINCREMENT counter.
        var bad = new FeedQuarantineItem(System.Security.Cryptography.SHA256.HashData("{\"eventId\":"u8), 3, "{\"eventId\":", null, "rejected", "$",
            "not a valid feed record", QuarantineKinds.Invalid, null, "test", T0);
        var first = await _feeds.CommitAsync(new FeedBatch([], [], [bad]));
        await using var observer = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await observer.OpenAsync();
        var version = await Scalar(observer, "PRAGMA data_version");

        var again = await _feeds.CommitAsync(new FeedBatch([], [], [bad with { LineNumber = 9 }]));

        again.Should().Equal(first);
        (await Scalar(observer, "PRAGMA data_version")).Should().Be(version, "a batch with nothing new commits no change");
        (await _feeds.GetQuarantineAsync(first[0]))!.LineNumber.Should().Be(3, "the first entry stands");
    }

    private static async Task<object?> Scalar(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
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

    [Fact]
    public async Task AnIncidentWriteThatFillsTheDatabase_FailsWithSqlitesOwnError_NotOneAboutTheSavepoint()
    {
        // Opened and written once, so the pool holds the connection the batch will take.
        var id = Guid.NewGuid();
        await using (await _feeds.BeginBatchAsync())
        {
            await _incidents.CreateAsync(new NewIncident(id, "plan-a", T0), [Event("opened")], Projection("v1", "IV"));
            await _feeds.CommitAsync(new FeedBatch([], [], []));
        }

        SqliteConnection.ClearAllPools();
        // The disk is full: SQLite's own limit on the file's pages, set on the one pooled connection the next batch takes.
        await using (var limited = new SqliteConnection(SqliteConnections.For(DatabasePath)))
        {
            await limited.OpenAsync();
            await using var pages = limited.CreateCommand();
            pages.CommandText = "SELECT page_count FROM pragma_page_count";
            var count = (long)(await pages.ExecuteScalarAsync())!;
            pages.CommandText = $"PRAGMA max_page_count = {count + 2}";
            await pages.ExecuteNonQueryAsync();
        }

        var big = "{\"text\":\"" + new string('x', 64 * 1024) + "\"}";
        var full = async () =>
        {
            await using (await _feeds.BeginBatchAsync())
            {
                await _incidents.AppendAsync(id, 1, [new EventRecord("big", 1, T0, "feed-122", big)], Projection("v2", "III"));
            }
        };

        var error = (await full.Should().ThrowAsync<Exception>()).Which;
        error.Should().BeOfType<SqliteException>().Which.SqliteErrorCode.Should().Be(13, error.ToString());
        EmergencyPlans.Infrastructure.Persistence.StoreFailures.Of(error)!.English.Should().Contain("disk is full");
        SqliteConnection.ClearAllPools();
        (await _incidents.GetAsync(id))!.Version.Should().Be(1);
    }

    private static EventRecord Event(string type) => new(type, 1, T0, "feed-122", $$"""{"type":"{{type}}"}""");

    private static IncidentProjection Projection(string state, string? level, bool isOpen = true) =>
        new($$"""{"state":"{{state}}"}""", isOpen, level, "NotActivated", isOpen ? T0.AddHours(1) : null, T0);

    private static IdempotencyRecord Key(string key, Guid incidentId, long version) => new(key, "hash-" + key, incidentId, version);
}
