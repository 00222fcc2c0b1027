using System.Security.Cryptography;
using System.Text;
using EmergencyPlans.Application.Alerts;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Infrastructure.Persistence;
using EmergencyPlans.Infrastructure.Persistence.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace EmergencyPlans.Infrastructure.Tests.Persistence;

/// <summary>
/// The data folder (or the database file) deleted while the process runs, after the store was used: Microsoft.Data.Sqlite pools
/// connections by connection string, and a pooled connection keeps the unlinked file open and goes on committing into it. A write
/// was acknowledged (201, a feed line "accepted") and was gone at the next start. It must be refused before it is acknowledged, as
/// the store being unavailable (503, CLI 74), and never land in a file that is no longer the one at the store's path.
/// </summary>
/// <remarks>In the pool's collection: another class clearing all pools between the first write and the deletion would hide the pooled handle.</remarks>
[Collection(SqlitePoolTests.Name)]
public sealed class SqliteStoreDeletedTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 8, 0, 0, TimeSpan.FromHours(8));
    private readonly SqliteTestFolder _root = new("store-deleted");
    private readonly SqliteIncidentStore _incidents;
    private readonly SqliteFeedStore _feeds;
    private readonly SqliteAlertStore _alerts;
    private SQLitePCL.delegate_commit? _commitHook; // kept alive while SQLite may call it

    public SqliteStoreDeletedTests()
    {
        _incidents = new SqliteIncidentStore(Database, new FakeTimeProvider(T0));
        _feeds = new SqliteFeedStore(Database, _incidents);
        _alerts = new SqliteAlertStore(Database, _incidents);
    }

    private string Folder => _root.File("data");

    private string Database => Path.Combine(Folder, DataStorageOptions.SqliteFileName);

    public void Dispose()
    {
        _incidents.Dispose();
        _root.Dispose();
    }

    [Fact]
    public async Task AnIncidentWrite_AfterTheDataFolderWasDeletedUnderPooledConnections_IsRefusedAsTheStoreUnavailable_SayingTheFolderIsGone()
    {
        await _incidents.CreateAsync(Incident(), [Opened()], Projection());
        Directory.Delete(Folder, recursive: true);

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => _incidents.CreateAsync(Incident(), [Opened()], Projection()));

        var unavailable = StoreFailures.Of(refused);
        unavailable.Should().NotBeNull("the write must not be acknowledged: it would be committed into the deleted file and lost");
        unavailable!.English.Should().Contain("data folder no longer exists").And.NotContain("cannot be opened");
        unavailable.Chinese.Should().Contain("数据库所在文件夹已不存在");
        _feeds.IsStoreFailure(refused).Should().BeTrue();
        Directory.Exists(Folder).Should().BeFalse("an empty store made in its place would hide the loss");

        // The pool is emptied of the dead handles: the next write is refused too, by a new connection that finds no file.
        var again = await Assert.ThrowsAnyAsync<Exception>(() => _incidents.CreateAsync(Incident(), [Opened()], Projection()));
        StoreFailures.Of(again)!.English.Should().Contain("data folder no longer exists");
    }

    [Fact]
    public async Task AFeedBatch_AfterTheDataFolderWasDeleted_IsRefusedBeforeItsLinesAreAcknowledged()
    {
        await CommitBatchAsync();
        Directory.Delete(Folder, recursive: true);

        var refused = await Assert.ThrowsAnyAsync<Exception>(CommitBatchAsync);

        _feeds.IsStoreFailure(refused).Should().BeTrue("the feed stops for a store failure instead of acknowledging the lines");
        StoreFailures.Of(refused)!.English.Should().Contain("data folder no longer exists");
    }

    [Fact]
    public async Task AFeedBatch_WhoseFolderIsDeletedWhileItRuns_IsRefusedAtItsCommit()
    {
        // Begun (and its connection checked) before the deletion, committed after: the commit went into the unlinked file.
        await CommitBatchAsync();
        var refused = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using (await _feeds.BeginBatchAsync())
            {
                var incident = Incident();
                await _incidents.CreateAsync(incident, [Opened()], Projection());
                Directory.Delete(Folder, recursive: true);
                await _feeds.CommitAsync(new FeedBatch([Message("D-1", 2, "opened", incident.Id)], [], []));
            }
        });

        _feeds.IsStoreFailure(refused).Should().BeTrue();
        StoreFailures.Of(refused)!.English.Should().Contain("data folder no longer exists");
    }

    [Fact]
    public async Task AnAlertWrite_AfterTheDataFolderWasDeleted_IsRefused()
    {
        await _alerts.LastIdAsync();
        Directory.Delete(Folder, recursive: true);

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => _alerts.MarkScannedAsync(Guid.NewGuid(), 1));

        StoreFailures.Of(refused)!.English.Should().Contain("data folder no longer exists");
    }

    [Fact]
    public async Task AnAlertRaise_WhoseFolderIsDeletedWhileItsConnectionIsOpen_IsRefusedAtItsCommit_NotAnsweredAsRaised()
    {
        // The scanner's raise: the connection it took was checked, then the folder went before its commit, which went into the
        // unlinked file. Answered as raised (and the alert pushed to the duty office's screens) it was gone at the next start.
        var incident = await IncidentAsync();
        DeleteTheFolderAtTheNextCommit();

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => _alerts.RaiseAsync([Alert(incident, "raise")]));

        StoreFailures.Of(refused)!.English.Should().Contain("data folder no longer exists");
        var again = await Assert.ThrowsAnyAsync<Exception>(() => _alerts.RaiseAsync([Alert(incident, "raise again")]));
        StoreFailures.Of(again)!.English.Should().Contain("data folder no longer exists", "the pool keeps no handle on the dead file");
    }

    [Fact]
    public async Task AnAlertAcknowledgement_WhoseFolderIsDeletedWhileItsConnectionIsOpen_IsRefused_NotAnsweredAsAcknowledged()
    {
        // POST /api/v1/alerts/{id}/acknowledgement answered 200 with the acknowledgement, which was gone at the next start: the alert
        // was unacknowledged again, and who took it on was lost.
        var incident = await IncidentAsync();
        var raised = await _alerts.RaiseAsync([Alert(incident, "to acknowledge")]);
        DeleteTheFolderAtTheNextCommit();

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => _alerts.AcknowledgeAsync(raised[0].Id, "值班员", T0.AddMinutes(5)));

        StoreFailures.Of(refused)!.English.Should().Contain("data folder no longer exists");
    }

    [Fact]
    public async Task AnAlertScanMark_WhoseFolderIsDeletedWhileItsConnectionIsOpen_IsRefused()
    {
        var incident = await IncidentAsync();
        DeleteTheFolderAtTheNextCommit();

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => _alerts.MarkScannedAsync(incident, 1));

        StoreFailures.Of(refused)!.English.Should().Contain("data folder no longer exists");
    }

    [Fact]
    public async Task AReadAfterTheDataFolderWasDeleted_IsTheStoreUnavailable_NotWhatTheDeletedFileHeld()
    {
        var incident = Incident();
        await _incidents.CreateAsync(incident, [Opened()], Projection());
        Directory.Delete(Folder, recursive: true);

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => _incidents.GetAsync(incident.Id));

        StoreFailures.Of(refused)!.English.Should().Contain("data folder no longer exists");
    }

    [Fact]
    public async Task TheDatabaseFileDeleted_AndItsFolderLeft_IsRefused_AndNoEmptyStoreIsMadeInItsPlace()
    {
        await _incidents.CreateAsync(Incident(), [Opened()], Projection());
        foreach (var file in Directory.GetFiles(Folder, DataStorageOptions.SqliteFileName + "*"))
        {
            File.Delete(file);
        }

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => _incidents.CreateAsync(Incident(), [Opened()], Projection()));
        var again = await Assert.ThrowsAnyAsync<Exception>(() => _incidents.CreateAsync(Incident(), [Opened()], Projection()));

        foreach (var failure in new[] { refused, again })
        {
            var unavailable = StoreFailures.Of(failure);
            unavailable.Should().NotBeNull();
            unavailable!.English.Should().Contain("database file no longer exists").And.NotContain("cannot be opened");
            unavailable.Chinese.Should().Contain("数据库文件已不存在");
        }

        File.Exists(Database).Should().BeFalse("a new empty file at the path would be served as if it were the store");
    }

    [Fact]
    public async Task TheDatabaseFileReplacedByAnother_AWriteOnAHandleOfTheOldFile_IsRefused_ThenTheStoreServesTheFileAtItsPath()
    {
        // Put back by hand (a copy moved over the file while the service ran): the pooled handles still point at the old file.
        await _incidents.CreateAsync(Incident(), [Opened()], Projection());
        var copy = Path.Combine(Folder, "copy.db");
        await SqliteBackup.CreateAsync(Database, copy, SqliteConnections.DefaultBusyTimeout, TimeProvider.System, CancellationToken.None);
        // The old file's log written back into it and emptied first: this test is about the handles of the old file. A -wal left at the path
        // is the old file's, and SQLite applies it to whatever file is there (a copy laid out otherwise than its source reads "malformed"):
        // VACUUM INTO lays a copy out afresh, so it matched only while a new store had no free page (migration 20's rebuild of alerts leaves one).
        using (var checkpoint = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Database};Pooling=False"))
        {
            checkpoint.Open();
            using var truncate = checkpoint.CreateCommand();
            truncate.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            truncate.ExecuteNonQuery();
        }

        File.Move(copy, Database, overwrite: true);

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => _incidents.CreateAsync(Incident(), [Opened()], Projection()));
        StoreFailures.Of(refused)!.English.Should().Contain("replaced");

        var incident = Incident();
        await _incidents.CreateAsync(incident, [Opened()], Projection());
        (await _incidents.GetAsync(incident.Id)).Should().NotBeNull();
    }

    [Fact]
    public async Task WhereSQLiteCannotBeAskedWhetherTheFileMoved_ADeletedFolderIsStillRefused_ByThePath()
    {
        // Another SQLite provider than the bundled e_sqlite3 (or a VFS that does not answer SQLITE_FCNTL_HAS_MOVED): the check
        // falls back to the file's existence at the path, which sees a deletion (not a file moved over the store).
        await _incidents.CreateAsync(Incident(), [Opened()], Projection());
        SqliteConnections.UsesFileControl = false;
        try
        {
            Directory.Delete(Folder, recursive: true);

            var refused = await Assert.ThrowsAnyAsync<Exception>(() => _incidents.CreateAsync(Incident(), [Opened()], Projection()));

            StoreFailures.Of(refused)!.English.Should().Contain("data folder no longer exists");
        }
        finally
        {
            SqliteConnections.UsesFileControl = true;
        }
    }

    private async Task<Guid> IncidentAsync()
    {
        var incident = Incident();
        await _incidents.CreateAsync(incident, [Opened()], Projection());
        await _alerts.LastIdAsync();
        return incident.Id;
    }

    /// <summary>
    /// Leaves one connection in the store's pool (the one its next call takes, checked as it is taken) that deletes the data folder as
    /// it makes its next commit (SQLite's commit hook, called just before the commit is written): the folder deleted between the
    /// check of a connection and its commit.
    /// </summary>
    private void DeleteTheFolderAtTheNextCommit()
    {
        var path = Path.GetFullPath(Database);
        var connectionString = SqliteConnections.For(path);
        using (var pooled = new SqliteConnection(connectionString))
        {
            SqliteConnection.ClearPool(pooled);
        }

        var connection = SqliteConnections.Open(connectionString, path, SqliteConnections.Pragmas(SqliteConnections.DefaultBusyTimeout));
        var deleted = false;
        _commitHook = _ =>
        {
            if (!deleted)
            {
                deleted = true;
                Directory.Delete(Folder, recursive: true);
            }

            return 0; // the commit goes on, into the unlinked file
        };
        SQLitePCL.raw.sqlite3_commit_hook(connection.Handle, _commitHook, null);
        connection.Dispose(); // back to the pool, the only connection in it
    }

    private static NewAlert Alert(Guid incident, string key) => new(
        key, AlertKinds.DutyOverdue, incident, "plan-a", false, T0, "scanner", "职责逾期", "职责已逾期",
        new AlertCause("plan-a", "rule", "clause", "words"), "duty", T0.AddMinutes(30), new AlertDetails());

    private async Task CommitBatchAsync()
    {
        await using (await _feeds.BeginBatchAsync())
        {
            await _feeds.CommitAsync(new FeedBatch([Message("D-" + Guid.NewGuid().ToString("N"), 1, "routine")], [], []));
        }
    }

    private static NewIncident Incident() => new(Guid.NewGuid(), "plan-a", T0);

    private static EventRecord Opened() => new("opened", 1, T0, "test", """{"type":"opened"}""");

    private static IncidentProjection Projection() => new("""{"state":"open"}""", true, "IV", "NotActivated", T0.AddHours(1), T0);

    private static FeedMessage Message(string dispatch, long sequence, string outcome, Guid? incident = null)
    {
        var eventId = "E-" + Guid.NewGuid().ToString("N");
        var line = $"{{\"eventId\":\"{eventId}\",\"dispatchId\":\"{dispatch}\",\"sequence\":{sequence}}}";
        return new FeedMessage(eventId, dispatch, sequence, T0.AddMinutes(sequence), outcome, incident,
            SHA256.HashData(Encoding.UTF8.GetBytes(line)), line, sequence, "test", T0);
    }
}
