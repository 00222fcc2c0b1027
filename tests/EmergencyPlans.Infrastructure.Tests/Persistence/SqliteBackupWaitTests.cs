using System.Diagnostics;
using EmergencyPlans.Infrastructure.Persistence;
using EmergencyPlans.Infrastructure.Persistence.Sqlite;
using EmergencyPlans.Tests.Shared;
using Microsoft.Data.Sqlite;

namespace EmergencyPlans.Infrastructure.Tests.Persistence;

/// <summary>
/// <c>store backup</c> waits for another process's lock on the store at most EmergencyPlans:SqliteBusyTimeout, the whole command: its
/// reads of the store (the schema version, then the copy) each waited the setting, so a lock let go and taken again between them
/// made it wait up to twice the setting. A store in rollback mode (as a restore leaves it until the service opens it) whose lock
/// another connection holds alone, as a commit holds it: readers wait for it too.
/// </summary>
public sealed class SqliteBackupWaitTests : IDisposable
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);
    private readonly SqliteTestFolder _folder = new("backup-wait");

    public SqliteBackupWaitTests()
    {
        using var connection = new SqliteConnection($"Data Source={Database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);
            INSERT INTO schema_version VALUES (1, '2026-12-05T08:00:00.0000000+00:00');
            CREATE TABLE incidents (id TEXT PRIMARY KEY);
            INSERT INTO incidents VALUES ('one');
            """;
        command.ExecuteNonQuery();
    }

    private string Database => _folder.File("emergencyplans.db");

    private string Copy => _folder.File("copy.db");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task AReadOfTheStore_WhenEarlierReadsOfTheSameBackupWaitedMostOfTheSetting_WaitsOnlyWhatIsLeft_NotTheSettingAgain()
    {
        // The backup's clock says 0.9 s of the 1 s setting went by before this read (an earlier read of the same command waited for a
        // lock that was let go and taken again): the read under the lock waits the 0.1 s left, then the command is busy. Before, every
        // read waited the whole setting afresh.
        var clock = Stopwatch.StartNew();
        var refused = await SqliteWriteLock.WhileHeldAloneAsync(Database, () => Assert.ThrowsAnyAsync<Exception>(
            () => SqliteBackup.CreateAsync(Database, Copy, OneSecond, new AlreadyWaited(TimeSpan.FromMilliseconds(900)), CancellationToken.None)));
        clock.Stop();

        StoreFailures.IsBusy(refused).Should().BeTrue(refused.ToString());
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromMilliseconds(700), "only 0.1 s of the setting was left; not the setting again");
        File.Exists(Copy).Should().BeFalse();
    }

    [Fact]
    public async Task ALockHeldThroughout_TheBackupGivesUpAfterTheSetting_NotTwiceIt_AndLeavesNothing()
    {
        var clock = Stopwatch.StartNew();
        var refused = await SqliteWriteLock.WhileHeldAloneAsync(Database, () => Assert.ThrowsAnyAsync<Exception>(
            () => SqliteBackup.CreateAsync(Database, Copy, OneSecond, TimeProvider.System, CancellationToken.None)));
        clock.Stop();

        StoreFailures.IsBusy(refused).Should().BeTrue(refused.ToString());
        clock.Elapsed.Should().BeGreaterThan(TimeSpan.FromMilliseconds(900), "the backup waits the setting for the other's lock")
            .And.BeLessThan(TimeSpan.FromMilliseconds(1800), "the setting is the whole command's wait");
        Directory.GetFiles(_folder.File("."), "*.partial*").Should().BeEmpty();
        File.Exists(Copy).Should().BeFalse();
    }

    [Fact]
    public async Task ALockLetGoWithinTheSetting_IsWaitedFor_AndTheCopyIsWhole()
    {
        var backup = await SqliteWriteLock.WhileHeldAloneAsync(Database, async () =>
        {
            // On a thread of its own: SQLite waits for the lock synchronously, whatever the method is called.
            var started = Task.Run(() => SqliteBackup.CreateAsync(Database, Copy, TimeSpan.FromSeconds(10), TimeProvider.System, CancellationToken.None));
            await Task.Delay(300);
            return started;
        });

        var copy = await backup;
        copy.SchemaVersion.Should().Be(1);
        copy.Rows.Should().Contain(new KeyValuePair<string, long>("incidents", 1));
    }
}
