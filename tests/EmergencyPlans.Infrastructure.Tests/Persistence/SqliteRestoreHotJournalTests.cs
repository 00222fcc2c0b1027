using EmergencyPlans.Infrastructure.Persistence.Sqlite;
using Microsoft.Data.Sqlite;

namespace EmergencyPlans.Infrastructure.Tests.Persistence;

/// <summary>
/// A store in rollback mode (as a restore leaves it until the service opens it) whose writer died mid-write has a hot
/// <c>-journal</c> beside it: the pages as they were before that write, which SQLite copies back into the file at that path when
/// it is next opened. <c>store restore --force</c> (the store is not opened) moved the store and its <c>-wal</c>/<c>-shm</c> under
/// the kept name but left the <c>-journal</c> where the copy was then put, and SQLite played the old store's pages into the copy.
/// </summary>
public sealed class SqliteRestoreHotJournalTests : IDisposable
{
    private readonly SqliteTestFolder _folder = new("restore-journal");

    private string Database => _folder.File("emergencyplans.db");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task AForcedRestore_OverAStoreWithAHotJournal_KeepsTheJournalWithTheStoreKept_NotBesideTheCopy()
    {
        Execute(Database, """
            CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);
            INSERT INTO schema_version VALUES (1, '2026-12-05T08:00:00.0000000+00:00');
            CREATE TABLE incidents (id INTEGER PRIMARY KEY, body BLOB NOT NULL);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100) INSERT INTO incidents SELECT i, randomblob(900) FROM n;
            """);
        var backup = _folder.File("backup.db");
        await SqliteBackup.CreateAsync(Database, backup, SqliteConnections.DefaultBusyTimeout, TimeProvider.System, CancellationToken.None);
        // The store goes on after the backup (another layout than the copy's), then a writer dies mid-write: its file and hot journal
        // as a crash leaves them, copied while the write was under way.
        Execute(Database, "DELETE FROM incidents WHERE id % 2 = 0; INSERT INTO incidents SELECT id + 1000, randomblob(700) FROM incidents;");
        CrashMidWrite();

        var done = await SqliteBackup.RestoreAsync(backup, Database, force: true, SqliteConnections.DefaultBusyTimeout, TimeProvider.System, CancellationToken.None);

        File.Exists(Database + "-journal").Should().BeFalse("the old store's journal is not the copy's");
        Scalar(Database, "PRAGMA integrity_check").Should().Be("ok");
        Scalar(Database, "SELECT COUNT(*) || '/' || MAX(id) FROM incidents").Should().Be("100/100", "the copy is the backup, not the old store's pages");
        File.Exists(done.Kept + "-journal").Should().BeTrue("the journal goes with the store kept, where SQLite finds it");
        Scalar(done.Kept!, "PRAGMA integrity_check").Should().Be("ok", "opened, the store kept is rolled back to its last commit");
        Scalar(done.Kept!, "SELECT COUNT(*) FROM incidents").Should().Be("100");
    }

    [Fact]
    public async Task ARestore_WhereTheStoreFileWasDeleted_KeepsItsOrphanedLogsAside_AsItKeepsAReplacedStore_NotDeleted()
    {
        // The database file deleted under the service (ops review, session 47): its -wal (which may hold its last commits) and -shm
        // are left without it. They were deleted by the restore; a replaced store is kept, so they are kept too, moved off the path.
        Execute(Database, """
            CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);
            INSERT INTO schema_version VALUES (1, '2026-12-05T08:00:00.0000000+00:00');
            CREATE TABLE incidents (id INTEGER PRIMARY KEY, body BLOB NOT NULL);
            INSERT INTO incidents VALUES (1, randomblob(100));
            """);
        var backup = _folder.File("backup.db");
        await SqliteBackup.CreateAsync(Database, backup, SqliteConnections.DefaultBusyTimeout, TimeProvider.System, CancellationToken.None);
        File.Delete(Database);
        var wal = new byte[] { 1, 2, 3, 4 };
        await File.WriteAllBytesAsync(Database + "-wal", wal);
        await File.WriteAllBytesAsync(Database + "-shm", new byte[] { 5, 6 });

        var done = await SqliteBackup.RestoreAsync(backup, Database, force: false, SqliteConnections.DefaultBusyTimeout, TimeProvider.System, CancellationToken.None);

        done.Kept.Should().BeNull("there was no store to keep");
        File.Exists(Database + "-wal").Should().BeFalse("an old log beside the copy would be replayed onto it");
        File.Exists(Database + "-shm").Should().BeFalse();
        done.KeptLogs.Should().HaveCount(2).And.OnlyContain(f => Path.GetFileName(f).StartsWith("emergencyplans.db.before-restore-", StringComparison.Ordinal));
        (await File.ReadAllBytesAsync(done.KeptLogs!.Single(f => f.EndsWith("-wal", StringComparison.Ordinal)))).Should().Equal(wal, "kept as it was");
        Scalar(Database, "SELECT COUNT(*) FROM incidents").Should().Be("1", "the copy is in place and reads");
    }

    /// <summary>Leaves at <see cref="Database"/> the store and its hot <c>-journal</c> as a writer killed in the middle of a write leaves them.</summary>
    private void CrashMidWrite()
    {
        var crashed = _folder.File("crashed.db");
        using (var writer = new SqliteConnection($"Data Source={Database};Pooling=False"))
        {
            writer.Open();
            using var write = writer.CreateCommand();
            // A cache of a few pages spills the write into the file before its commit; the journal holds the pages it overwrote.
            write.CommandText = "PRAGMA cache_size = 2; BEGIN; UPDATE incidents SET body = randomblob(800);";
            write.ExecuteNonQuery();
            new FileInfo(Database + "-journal").Length.Should().BeGreaterThan(0);
            File.Copy(Database, crashed);
            File.Copy(Database + "-journal", crashed + "-journal");
            write.CommandText = "ROLLBACK";
            write.ExecuteNonQuery();
        }

        File.Move(crashed, Database, overwrite: true);
        File.Move(crashed + "-journal", Database + "-journal", overwrite: true);
    }

    private static void Execute(string database, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string? Scalar(string database, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
