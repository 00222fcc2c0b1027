using EmergencyPlans.Infrastructure.Persistence.Sqlite;
using Microsoft.Data.Sqlite;

namespace EmergencyPlans.Infrastructure.Tests.Persistence;

/// <summary>
/// A restore and a process that uses the store never overlap (<see cref="SqliteStoreLock"/>). Before the lock, a restore found a
/// running service only by the connections it had open at the moment it looked: a service idle with its pool emptied, or one that
/// started between that look and the rename, went on writing into the file moved aside, and what it acknowledged was not in the store
/// put in place.
/// </summary>
public sealed class SqliteStoreLockTests : IDisposable
{
    private readonly SqliteTestFolder _folder = new("store-lock");

    private string Database => _folder.File("emergencyplans.db");

    [Fact]
    public void TheLockHeldByAnotherProcess_IsTheOneErrorReadAsARestore()
    {
        // The store's lock held alone (as a restore holds it) is what .NET reports when the shared lock is refused; a read-only data
        // folder (EROFS: "Read-only file system") was read the same way and answered "the store is being restored" at every request.
        using var restore = SqliteStoreLock.Exclusive(Database);
        var held = Assert.Throws<SqliteStoreRestoringException>(() => SqliteStoreLock.Share(Database));

        SqliteStoreLock.IsHeld((IOException)held.InnerException!).Should().BeTrue();
        SqliteStoreLock.IsHeld(new IOException("Read-only file system : 'emergencyplans.db.lock'", 30)).Should().BeFalse();
        SqliteStoreLock.IsHeld(new IOException("Input/output error", 5)).Should().BeFalse();
    }

    [Fact]
    public async Task TheDataFolderDeletedAfterTheStoreWasMade_IsTheStoreUnavailable_SayingTheFolderIsGone_NotAnInternalError()
    {
        // The folder is made when the store is (as the service and the CLI make it at start), then deleted while the process runs,
        // before the store's first use: opening the lock file raised DirectoryNotFoundException, which no store failure named, so
        // the service answered 500 and the CLI exited 70. It is the store being unavailable (503, exit 74), and it is not made again.
        var folder = _folder.File("data");
        var database = Path.Combine(folder, "emergencyplans.db");
        using var store = new SqliteIncidentStore(database);
        Directory.Delete(folder, recursive: true);

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => store.PingAsync());

        failure.Should().BeOfType<SqliteStoreFolderException>().Which.InnerException.Should().BeOfType<DirectoryNotFoundException>();
        var unavailable = EmergencyPlans.Infrastructure.Persistence.StoreFailures.Of(failure);
        unavailable.Should().NotBeNull();
        unavailable!.English.Should().Contain("data folder no longer exists");
        unavailable.Chinese.Should().Contain("数据库所在文件夹已不存在");
        Directory.Exists(folder).Should().BeFalse("an empty store made in its place would hide the loss");
    }

    public void Dispose() => _folder.Dispose();

    private async Task<string> BackupAsync()
    {
        using (var store = new SqliteIncidentStore(Database))
        {
            await store.PingAsync();
        }

        var copy = _folder.File("copy.db");
        await SqliteBackup.CreateAsync(Database, copy, SqliteConnections.DefaultBusyTimeout, TimeProvider.System, CancellationToken.None);
        return copy;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Restore_WhileAStoreLivesWithNoConnectionOpen_IsRefused_AndChangesNothing(bool force)
    {
        var copy = await BackupAsync();
        using var service = new SqliteIncidentStore(Database);
        await service.PingAsync();
        // The service between requests, its pool emptied (as after an idle timeout): no connection holds the file.
        SqliteConnection.ClearAllPools();

        var restore = () => SqliteBackup.RestoreAsync(copy, Database, force, SqliteConnections.DefaultBusyTimeout, TimeProvider.System, CancellationToken.None);

        (await restore.Should().ThrowAsync<SqliteStoreInUseException>()).Which.Database.Should().Be(Database);
        Directory.GetFiles(Path.GetDirectoryName(Database)!, "*before-restore*").Should().BeEmpty();
        await service.PingAsync();
    }

    [Fact]
    public async Task Restore_OnceTheStoreIsDisposed_GoesAhead()
    {
        var copy = await BackupAsync();
        using (var service = new SqliteIncidentStore(Database))
        {
            await service.PingAsync();
        }

        var done = await SqliteBackup.RestoreAsync(copy, Database, force: false, SqliteConnections.DefaultBusyTimeout, TimeProvider.System, CancellationToken.None);

        done.Kept.Should().NotBeNull();
        File.Exists(done.Kept).Should().BeTrue();
    }

    [Fact]
    public async Task AStoreFirstUsedWhileARestoreRuns_IsRefusedWithoutTouchingTheFile_AndWorksOnceTheRestoreEnds()
    {
        await BackupAsync();
        var before = await File.ReadAllBytesAsync(Database);
        using var store = new SqliteIncidentStore(Database);

        using (SqliteStoreLock.Exclusive(Database))
        {
            var use = () => store.PingAsync();

            (await use.Should().ThrowAsync<SqliteStoreRestoringException>()).Which.Message.Should().Contain("being restored");
            (await File.ReadAllBytesAsync(Database)).Should().Equal(before);
            File.Exists(Database + "-wal").Should().BeFalse("no connection was opened");
        }

        await store.PingAsync();
    }

    [Fact]
    public async Task TwoProcessesUsingTheStore_ShareTheLock()
    {
        using var first = new SqliteIncidentStore(Database);
        using var second = new SqliteIncidentStore(Database);

        await first.PingAsync();
        await second.PingAsync();

        var restore = () => SqliteStoreLock.Exclusive(Database);
        restore.Should().Throw<SqliteStoreInUseException>();
    }
}
