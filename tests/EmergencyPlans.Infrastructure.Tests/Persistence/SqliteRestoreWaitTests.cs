using System.Diagnostics;
using EmergencyPlans.Infrastructure.Persistence.Sqlite;
using EmergencyPlans.Tests.Shared;
using Microsoft.Data.Sqlite;

namespace EmergencyPlans.Infrastructure.Tests.Persistence;

/// <summary>
/// <c>store restore</c> waits for another process's lock on the store it replaces at most EmergencyPlans:SqliteBusyTimeout, as
/// <c>store backup</c> does: its two reads of that store's numbering (is there a sqlite_sequence, then its rows) each waited the
/// setting, so a lock let go and taken again between them made it wait up to twice it. With <c>--force</c> (the operator says the
/// service is stopped) no in-use probe runs first, and a process the operator took for stopped may still be writing: a store in
/// rollback mode (as a restore leaves it until the service opens it) whose lock another connection holds alone, as a commit holds it.
/// </summary>
public sealed class SqliteRestoreWaitTests : IDisposable
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);
    private readonly SqliteTestFolder _folder = new("restore-wait");

    public SqliteRestoreWaitTests()
    {
        Execute("""
            CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);
            INSERT INTO schema_version VALUES (1, '2026-12-05T08:00:00.0000000+00:00');
            CREATE TABLE alerts (id INTEGER PRIMARY KEY AUTOINCREMENT, text TEXT NOT NULL);
            INSERT INTO alerts (text) VALUES ('one'), ('two');
            """);
    }

    private string Database => _folder.File("emergencyplans.db");

    private string Backup => _folder.File("backup.db");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task AForcedRestore_WhenAnEarlierReadOfTheNumberingWaitedMostOfTheSetting_WaitsOnlyWhatIsLeft_NotTheSettingAgain()
    {
        await BackUpThenNumberOnAsync();
        // The restore's clock says 0.9 s of the 1 s setting went by before this read (its first read of the numbering waited for a lock
        // that was let go and taken again): the read under the lock waits the 0.1 s left, then the numbering is unknown. Before, every
        // read waited the whole setting afresh.
        var clock = Stopwatch.StartNew();
        var done = await SqliteWriteLock.WhileHeldAloneAsync(Database, () =>
            SqliteBackup.RestoreAsync(Backup, Database, force: true, OneSecond, new AlreadyWaited(TimeSpan.FromMilliseconds(900)), CancellationToken.None));
        clock.Stop();

        clock.Elapsed.Should().BeLessThan(TimeSpan.FromMilliseconds(700), "only 0.1 s of the setting was left; not the setting again");
        done.Numbering.Should().BeNull("the replaced store could not be read within the setting, and the operator must be told");
        done.Kept.Should().NotBeNull();
    }

    [Fact]
    public async Task ALockHeldThroughout_TheForcedRestoreGivesUpWaitingAfterTheSetting_NotTwiceIt()
    {
        await BackUpThenNumberOnAsync();
        var clock = Stopwatch.StartNew();
        var done = await SqliteWriteLock.WhileHeldAloneAsync(Database, () =>
            SqliteBackup.RestoreAsync(Backup, Database, force: true, OneSecond, TimeProvider.System, CancellationToken.None));
        clock.Stop();

        clock.Elapsed.Should().BeGreaterThan(TimeSpan.FromMilliseconds(900), "the restore waits the setting for the other's lock")
            .And.BeLessThan(TimeSpan.FromMilliseconds(1800), "the setting is the whole restore's wait");
        done.Numbering.Should().BeNull();
    }

    [Fact]
    public async Task ALockLetGoWithinTheSetting_IsWaitedFor_AndTheRestoreCarriesTheNumbering()
    {
        await BackUpThenNumberOnAsync();
        var restore = await SqliteWriteLock.WhileHeldAloneAsync(Database, async () =>
        {
            // On a thread of its own: SQLite waits for the lock synchronously, whatever the method is called.
            var started = Task.Run(() => SqliteBackup.RestoreAsync(Backup, Database, force: true, TimeSpan.FromSeconds(10), TimeProvider.System, CancellationToken.None));
            await Task.Delay(300);
            return started;
        });

        var done = await restore;
        done.Numbering.Should().BeEquivalentTo(new Dictionary<string, long> { ["alerts"] = 5 });
        Execute("INSERT INTO alerts (text) VALUES ('after')");
        Scalar("SELECT MAX(id) FROM alerts").Should().Be(6, "numbers given before the restore are never given again");
    }

    [Fact]
    public async Task WithoutForce_ALockHeldThroughout_IsTheStoreInUse_SaidByTheProbe_NotAfterTheSetting()
    {
        // The in-use probe (2 s) is not the busy setting: a restore refused because another process holds the store says so after the
        // probe, not after a setting of 10 s.
        await BackUpThenNumberOnAsync();
        var clock = Stopwatch.StartNew();
        var refused = await SqliteWriteLock.WhileHeldAloneAsync(Database, () => Assert.ThrowsAnyAsync<Exception>(() =>
            SqliteBackup.RestoreAsync(Backup, Database, force: false, TimeSpan.FromSeconds(10), TimeProvider.System, CancellationToken.None)));
        clock.Stop();

        refused.Should().BeOfType<SqliteStoreInUseException>(refused.ToString());
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(6), "the probe is 2 s; the setting, 10 s, is not waited");
        Directory.GetFiles(_folder.File("."), "*before-restore*").Should().BeEmpty();
    }

    [Fact]
    public async Task TheInUseProbe_WhenItsStatementAlreadyWaitedMostOfItsTwoSeconds_WaitsOnlyWhatIsLeft()
    {
        // The probe's clock says 1.9 s of its 2 s went by (preparing its statement waited for a lock let go and taken again before
        // stepping it): it waits the 0.1 s left and says the store is in use. Before, through a Microsoft.Data.Sqlite command,
        // preparing and stepping each waited the 2 s.
        await BackUpThenNumberOnAsync();
        var clock = Stopwatch.StartNew();
        var refused = await SqliteWriteLock.WhileHeldAloneAsync(Database, () => Assert.ThrowsAnyAsync<Exception>(() =>
            SqliteBackup.RestoreAsync(Backup, Database, force: false, TimeSpan.FromSeconds(10), new AlreadyWaited(TimeSpan.FromMilliseconds(1900)), CancellationToken.None)));
        clock.Stop();

        refused.Should().BeOfType<SqliteStoreInUseException>(refused.ToString());
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromMilliseconds(1500), "only 0.1 s of the probe was left");
    }

    /// <summary>Backs the store up (alerts 1 and 2), then numbers three more alerts in it: the last number given is 5.</summary>
    private async Task BackUpThenNumberOnAsync()
    {
        await SqliteBackup.CreateAsync(Database, Backup, OneSecond, TimeProvider.System, CancellationToken.None);
        Execute("INSERT INTO alerts (text) VALUES ('three'), ('four'), ('five')");
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private long Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
