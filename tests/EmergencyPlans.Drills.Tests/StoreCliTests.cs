using System.Text.Json;
using EmergencyPlans.Drills.Tests.Support;
using EmergencyPlans.Tests.Shared;
using Microsoft.Data.Sqlite;

namespace EmergencyPlans.Drills.Tests;

/// <summary>
/// <c>emergencyplans store backup</c> and <c>store restore</c>, the real CLI as a process on a real SQLite file (docs/operations.md, "Back up and
/// restore"): a copy of what was committed, taken while another connection holds a write open, that a restored store answers as the
/// original did; a restore that keeps the store it replaces and refuses while the store is open elsewhere.
/// </summary>
public sealed class StoreCliTests : IDisposable
{
    private static readonly string Coach = Path.Combine(Paths.Repository, "tests", "EmergencyPlans.Api.Tests", "Feeds", "samples", "coach-rollover-fog-g207.ndjson");
    private static readonly string Tanker = Path.Combine(Paths.Repository, "tests", "EmergencyPlans.Api.Tests", "Feeds", "samples", "hazmat-tanker-leak-g22.ndjson");
    private readonly string _dir = Directory.CreateTempSubdirectory("store-cli-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private string Database => Path.Combine(_dir, "data", "emergencyplans.db");

    [Fact]
    public async Task Backup_WhileAWriteIsOpen_HoldsWhatWasCommittedOnly_AndARestoredStoreAnswersAsTheOriginal()
    {
        (await Processes.CliAsync(_dir, "feed", "ingest", Coach)).Exit.Should().Be(0);
        var statusBefore = await Processes.CliAsync(_dir, "feed", "status");

        // The service is writing: a transaction holds the write lock, with a change not yet committed.
        await using var writer = new SqliteConnection($"Data Source={Database};Pooling=False");
        await writer.OpenAsync();
        await using var transaction = (SqliteTransaction)await writer.BeginTransactionAsync();
        await using (var change = writer.CreateCommand())
        {
            change.Transaction = transaction;
            change.CommandText = "CREATE TABLE not_committed (x INTEGER); INSERT INTO not_committed VALUES (1);";
            await change.ExecuteNonQueryAsync();
        }

        var copy = Path.Combine(_dir, "backups", "2026-03-01.db");
        var backup = await Processes.CliAsync(_dir, "store", "backup", copy);
        await transaction.RollbackAsync();

        backup.Exit.Should().Be(0, backup.Err);
        var said = JsonDocument.Parse(backup.Out).RootElement;
        said.GetProperty("path").GetString().Should().Be(copy);
        said.GetProperty("schemaVersion").GetInt32().Should().BeGreaterThan(0);
        said.GetProperty("rows").GetProperty("incidents").GetInt64().Should().Be(1, "the coach rollover opened one incident");
        said.GetProperty("rows").GetProperty("feed_messages").GetInt64().Should().Be(3, "two accepted lines and the stale one; the duplicate is not kept again");
        backup.Err.Should().Contain("已备份到").And.Contain("完整性检查通过").And.Contain("事件 1");
        Directory.GetFiles(Path.GetDirectoryName(copy)!).Should().Equal([copy], "the copy is renamed into place once checked; nothing partial is left");

        await using (var restoredCopy = new SqliteConnection($"Data Source={copy};Mode=ReadOnly;Pooling=False"))
        {
            await restoredCopy.OpenAsync();
            await using var tables = restoredCopy.CreateCommand();
            tables.CommandText = "SELECT COUNT(*) FROM sqlite_schema WHERE name = 'not_committed'";
            ((long)(await tables.ExecuteScalarAsync())!).Should().Be(0, "a change not committed when the copy began is not in it");
        }

        // Restored: the file put in place of another deployment's store. It answers as the original, and the same feed again is
        // all duplicates: nothing acknowledged before the backup is applied twice after a restore.
        var restored = Path.Combine(_dir, "restored");
        Directory.CreateDirectory(Path.Combine(restored, "data"));
        File.Copy(copy, Path.Combine(restored, "data", "emergencyplans.db"));
        var statusAfter = await Processes.CliAsync(restored, "feed", "status");
        statusAfter.Exit.Should().Be(0, statusAfter.Err);
        JsonDocument.Parse(statusAfter.Out).RootElement.GetProperty("lastEventId").GetString()
            .Should().Be(JsonDocument.Parse(statusBefore.Out).RootElement.GetProperty("lastEventId").GetString());
        var replay = await Processes.CliAsync(restored, "feed", "ingest", Coach);
        replay.Exit.Should().Be(0, replay.Err);
        replay.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).SkipLast(1)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("status").GetString()).Should().OnlyContain(s => s == "duplicate");
    }

    [Fact]
    public async Task Restore_PutsTheBackupBack_AndKeepsTheStoreItReplaced()
    {
        (await Processes.CliAsync(_dir, "feed", "ingest", Coach)).Exit.Should().Be(0);
        var copy = Path.Combine(_dir, "backups", "before-the-tanker.db");
        (await Processes.CliAsync(_dir, "store", "backup", copy)).Exit.Should().Be(0);
        var backedUp = JsonDocument.Parse((await Processes.CliAsync(_dir, "feed", "status")).Out).RootElement.GetProperty("lastEventId").GetString();
        (await Processes.CliAsync(_dir, "feed", "ingest", Tanker)).Exit.Should().Be(0);
        var later = await CountAsync(Database, "feed_messages");
        var keysFile = Path.Combine(_dir, "data", "api-keys.json"); // as the service's first run left it
        await File.WriteAllTextAsync(keysFile, "[]");

        var restore = await Processes.CliAsync(_dir, "store", "restore", copy);

        restore.Exit.Should().Be(0, restore.Err);
        var said = JsonDocument.Parse(restore.Out).RootElement;
        var kept = said.GetProperty("kept").GetString()!;
        kept.Should().StartWith(Database + ".before-restore-");
        restore.Err.Should().Contain("被替换的数据库保留为").And.Contain("启动服务即可").And.NotContain("没有 API 密钥散列文件");
        said.GetProperty("keysFile").GetString().Should().Be(keysFile);
        said.GetProperty("keysFileFound").GetBoolean().Should().BeTrue();
        (await CountAsync(kept, "feed_messages")).Should().Be(later, "the store replaced is kept whole, its log folded in: a restore loses nothing");
        File.Exists(Database + "-wal").Should().BeFalse("no log of the old file is left to be replayed onto the copy");
        var status = await Processes.CliAsync(_dir, "feed", "status");
        JsonDocument.Parse(status.Out).RootElement.GetProperty("lastEventId").GetString().Should().Be(backedUp);
        (await CountAsync(Database, "feed_messages")).Should().Be(3);

        // The service starts on the restored store: the tanker's lines, later than the backup, are taken again as new.
        var again = await Processes.CliAsync(_dir, "feed", "ingest", Tanker);
        again.Exit.Should().Be(0, again.Err);
        again.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0].Should().Contain("\"accepted\"");
    }

    [Fact]
    public async Task Restore_WhileTheStoreIsOpenElsewhere_Is75_AndChangesNothing()
    {
        (await Processes.CliAsync(_dir, "feed", "ingest", Coach)).Exit.Should().Be(0);
        var copy = Path.Combine(_dir, "copy.db");
        (await Processes.CliAsync(_dir, "store", "backup", copy)).Exit.Should().Be(0);
        (await Processes.CliAsync(_dir, "feed", "ingest", Tanker)).Exit.Should().Be(0);
        var before = await CountAsync(Database, "feed_messages");

        // The running service: a connection open on the store in WAL mode, idle between requests.
        await using (var service = new SqliteConnection($"Data Source={Database};Pooling=False"))
        {
            await service.OpenAsync();
            await using (var read = service.CreateCommand())
            {
                read.CommandText = "PRAGMA journal_mode = WAL; SELECT COUNT(*) FROM incidents;";
                await read.ExecuteScalarAsync();
            }

            var clock = System.Diagnostics.Stopwatch.StartNew();
            var restore = await Processes.CliAsync(_dir, "store", "restore", copy);
            clock.Stop();

            restore.Exit.Should().Be(75, restore.Err);
            restore.Err.Should().Contain("请先停止服务再恢复");
            // The check for another connection is a probe of 2 s (SqliteBackup.InUseProbe): about 30 s before 2026-12-05, retried by
            // Microsoft.Data.Sqlite for its command timeout.
            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(15), "a running service is said at once, not after 30 s");
        }

        (await CountAsync(Database, "feed_messages")).Should().Be(before);
        Directory.GetFiles(Path.Combine(_dir, "data"), "*before-restore*").Should().BeEmpty();
    }

    [Fact]
    public async Task FeedIngest_WhileARestoreRuns_Is75_AndStoresNothing_ThenIngestsOnceItEnds()
    {
        (await Processes.CliAsync(_dir, "feed", "ingest", Coach)).Exit.Should().Be(0);
        var before = await CountAsync(Database, "feed_messages");
        SqliteConnection.ClearAllPools();

        // What `store restore` holds from its first look at the store to its last rename (the store's lock file, alone).
        using (new FileStream(Database + ".lock", FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            var refused = await Processes.CliAsync(_dir, "feed", "ingest", Tanker);

            refused.Exit.Should().Be(75, refused.Err);
            refused.Err.Should().Contain("正在恢复");
            refused.Out.Should().BeEmpty("no line was answered, so none is acknowledged");
        }

        (await CountAsync(Database, "feed_messages")).Should().Be(before);
        (await Processes.CliAsync(_dir, "feed", "ingest", Tanker)).Exit.Should().Be(0);
    }

    [Fact]
    public async Task FeedIngest_WhileAnotherProcessHoldsTheWriteLockPastTheStoresWait_Is75_SayingToRetry_ThenIngestsOnceItLetsGo()
    {
        // Exit 70 before, "内部错误" with a stack trace: SQLITE_BUSY after the store's 10 s busy_timeout is no fault of the tool or
        // the input. Another connection, as the service's would, holds the write lock of the real file with a change not committed.
        (await Processes.CliAsync(_dir, "feed", "ingest", Coach)).Exit.Should().Be(0);
        var before = await CountAsync(Database, "feed_messages");
        SqliteConnection.ClearAllPools();
        var busy = await SqliteWriteLock.WhileHeldAsync(Database, () => Processes.CliAsync(_dir, "feed", "ingest", Tanker));

        busy.Exit.Should().Be(75, busy.Err);
        busy.Err.Should().Contain("正被其他进程占用").And.Contain("重新运行").And.NotContain("内部错误").And.NotContain("   at ");
        busy.Out.Should().BeEmpty("no line was answered, so none is acknowledged");
        (await CountAsync(Database, "feed_messages")).Should().Be(before);
        (await Processes.CliAsync(_dir, "feed", "ingest", Tanker)).Exit.Should().Be(0, "the same command once the other lets go");
    }

    [Fact]
    public async Task Backup_OfAStoreAnotherProcessHoldsAlone_GivesUpAfterTheStoresBusyWait_Is75_ThenCopiesOnceItLetsGo()
    {
        // EmergencyPlans:SqliteBusyTimeout is the stores' wait for another process's lock (docs/operations.md); the backup waited
        // 10 s per try, retried by Microsoft.Data.Sqlite for its 30 s command timeout (about 30 s here, where the read before the
        // copy did), whatever the setting. A store in rollback mode, as a restore leaves it until the service opens it, whose lock a
        // commit holds alone: readers wait for it too.
        (await Processes.CliAsync(_dir, "feed", "ingest", Coach)).Exit.Should().Be(0);
        SqliteConnection.ClearAllPools();
        await using (var rollbackMode = new SqliteConnection($"Data Source={Database};Pooling=False"))
        {
            await rollbackMode.OpenAsync();
            await using var command = rollbackMode.CreateCommand();
            command.CommandText = "PRAGMA journal_mode = DELETE";
            (await command.ExecuteScalarAsync()).Should().Be("delete");
        }

        var copy = Path.Combine(_dir, "backups", "busy.db");
        var oneSecond = new Dictionary<string, string> { ["EmergencyPlans__SqliteBusyTimeout"] = "00:00:01" };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var busy = await SqliteWriteLock.WhileHeldAloneAsync(Database, () => Processes.CliWithSettingsAsync(_dir, oneSecond, "store", "backup", copy));
        clock.Stop();

        busy.Exit.Should().Be(75, busy.Err);
        busy.Err.Should().Contain("正被其他进程占用").And.Contain("重新运行").And.NotContain("内部错误").And.NotContain("   at ");
        // The setting (1 s) is the whole wait, with the command's start: not 10 s, not 30 s and more as before.
        clock.Elapsed.Should().BeGreaterThan(TimeSpan.FromSeconds(1), "the backup waits the setting for the other's lock").And.BeLessThan(TimeSpan.FromSeconds(8));
        File.Exists(copy).Should().BeFalse();
        Directory.Exists(Path.GetDirectoryName(copy)).Should().BeTrue();
        Directory.GetFiles(Path.GetDirectoryName(copy)!).Should().BeEmpty("nothing partial is left");
        (await Processes.CliWithSettingsAsync(_dir, oneSecond, "store", "backup", copy)).Exit.Should().Be(0, "the same command once the other lets go");
    }

    [Fact]
    public async Task ACommandWhoseDataFolderRefusesTheStoresLockFile_Is74_TheStoreUnavailableForNow_NotAnInternalError()
    {
        // The lock file cannot be opened for a reason other than a restore holding it (here a symbolic link to itself: ELOOP, a real
        // file-system error, as a read-only folder or an I/O error would be): SqliteStoreFolderException, met when the command first
        // opens the store, after the data folder's own check passed. 74 (EX_IOERR), as the service answers 503: nothing was stored.
        (await Processes.CliAsync(_dir, "feed", "ingest", Coach)).Exit.Should().Be(0);
        SqliteConnection.ClearAllPools();
        File.Delete(Database + ".lock");
        File.CreateSymbolicLink(Database + ".lock", Database + ".lock");

        var status = await Processes.CliAsync(_dir, "feed", "status");
        var ingest = await Processes.CliAsync(_dir, "feed", "ingest", Tanker);

        foreach (var refused in new[] { status, ingest })
        {
            refused.Exit.Should().Be(74, refused.Err);
            refused.Err.Should().Contain("数据库所在文件夹无法写入").And.NotContain("内部错误").And.NotContain("   at ");
        }

        ingest.Out.Should().BeEmpty("no line was answered");
    }

    [Fact]
    public async Task ACommandOnADamagedStore_Is74_SayingToRestoreIt_NotAnInternalError()
    {
        // Exit 70 with a stack trace before: a damaged file is the store's failure, and restoring a backup is what fixes it.
        (await Processes.CliAsync(_dir, "feed", "ingest", Coach)).Exit.Should().Be(0);
        SqliteConnection.ClearAllPools();
        await using (var file = new FileStream(Database, FileMode.Open, FileAccess.Write))
        {
            await file.WriteAsync(new byte[100]);
        }

        var status = await Processes.CliAsync(_dir, "feed", "status");
        var backup = await Processes.CliAsync(_dir, "store", "backup", Path.Combine(_dir, "copy-of-damaged.db"));

        foreach (var refused in new[] { status, backup })
        {
            refused.Exit.Should().Be(74, refused.Err);
            refused.Err.Should().Contain("数据库文件已损坏").And.Contain("store restore").And.NotContain("内部错误").And.NotContain("   at ");

            // The feed submission's note ("已答复的行已入库…") belongs to feed ingest alone: these commands answered no line.
            refused.Err.Should().NotContain("feed ingest").And.NotContain("已答复的行");
        }
    }

    [Fact]
    public async Task ACommandOnAStoreNewerThanTheBuild_Is78NamingTheDataFolderInChinese_AsTheServiceRefusesToStart()
    {
        // 74 before ("retry once fixed"): the service refuses to start on it with exit 78, and no retry mends it; the CLI now
        // classifies it as the host does (StoreFailures.RefusalOf).
        (await Processes.CliAsync(_dir, "feed", "ingest", Coach)).Exit.Should().Be(0);
        SqliteConnection.ClearAllPools();
        await using (var connection = new SqliteConnection($"Data Source={Database};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var newer = connection.CreateCommand();
            newer.CommandText = "INSERT INTO schema_version (version, applied_at) SELECT MAX(version) + 1, '2027-01-01T00:00:00Z' FROM schema_version";
            await newer.ExecuteNonQueryAsync();
        }

        var status = await Processes.CliAsync(_dir, "feed", "status");
        var ingest = await Processes.CliAsync(_dir, "feed", "ingest", Tanker);

        foreach (var refused in new[] { status, ingest })
        {
            refused.Exit.Should().Be(78, refused.Err);
            refused.Err.Should().Contain("设置有误").And.Contain("比本程序所知的").And.Contain("EmergencyPlans__DataDirectory")
                .And.Contain("恢复升级前的备份").And.NotContain("内部错误").And.NotContain("   at ");
        }

        ingest.Out.Should().BeEmpty("no line was answered");
    }

    [Fact]
    public async Task Restore_WhileAnotherCommandUsesTheStore_Is75()
    {
        (await Processes.CliAsync(_dir, "feed", "ingest", Coach)).Exit.Should().Be(0);
        var copy = Path.Combine(_dir, "copy.db");
        (await Processes.CliAsync(_dir, "store", "backup", copy)).Exit.Should().Be(0);
        SqliteConnection.ClearAllPools();

        // A process that uses the store holds its lock file shared for as long as it runs, connections open or not.
        using (new FileStream(Database + ".lock", FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            var restore = await Processes.CliAsync(_dir, "store", "restore", copy, "--force");

            restore.Exit.Should().Be(75, restore.Err);
            restore.Err.Should().Contain("请先停止服务再恢复");
        }

        Directory.GetFiles(Path.Combine(_dir, "data"), "*before-restore*").Should().BeEmpty();
    }

    [Fact]
    public async Task Restore_OverAStoreThatCannotBeRead_AsksForForce_ThenKeepsTheDamagedFileWithItsLog()
    {
        (await Processes.CliAsync(_dir, "feed", "ingest", Coach)).Exit.Should().Be(0);
        var copy = Path.Combine(_dir, "copy.db");
        (await Processes.CliAsync(_dir, "store", "backup", copy)).Exit.Should().Be(0);
        SqliteConnection.ClearAllPools();
        // The disk went wrong: the store's header is overwritten, and a log of the last commits lies beside it.
        await using (var file = new FileStream(Database, FileMode.Open, FileAccess.Write))
        {
            await file.WriteAsync(new byte[100]);
        }

        await File.WriteAllTextAsync(Database + "-wal", "the last commits");
        var damaged = await File.ReadAllBytesAsync(Database);

        var refused = await Processes.CliAsync(_dir, "store", "restore", copy);

        refused.Exit.Should().Be(75, refused.Err);
        refused.Err.Should().Contain("无法读取").And.Contain("--force");
        (await File.ReadAllBytesAsync(Database)).Should().Equal(damaged, "nothing changes without the operator's word");

        var forced = await Processes.CliAsync(_dir, "store", "restore", copy, "--force");

        forced.Exit.Should().Be(0, forced.Err);
        var kept = JsonDocument.Parse(forced.Out).RootElement.GetProperty("kept").GetString()!;
        JsonDocument.Parse(forced.Out).RootElement.GetProperty("numbering").ValueKind.Should().Be(JsonValueKind.Null);
        forced.Err.Should().Contain("新编号可能与恢复前已发出的重复").And.Contain("不带 Last-Event-ID 重新连接",
            "alert ids the duty office saw before may be given again, and whoever runs the service must say so to the screens");
        (await File.ReadAllBytesAsync(kept)).Should().Equal(damaged, "the damaged store is kept as it was, for whoever repairs it");
        (await File.ReadAllTextAsync(kept + "-wal")).Should().Be("the last commits", "its log goes with it, where SQLite looks for it");
        File.Exists(Database + "-wal").Should().BeFalse();
        (await CountAsync(Database, "incidents")).Should().Be(1);
    }

    [Fact]
    public async Task Restore_FromAFileThatIsNotABackup_Is2_AndChangesNothing()
    {
        (await Processes.CliAsync(_dir, "feed", "ingest", Coach)).Exit.Should().Be(0);
        var notABackup = Path.Combine(_dir, "notes.db");
        await File.WriteAllTextAsync(notABackup, "值班记录，不是数据库");

        var restore = await Processes.CliAsync(_dir, "store", "restore", notABackup);

        restore.Exit.Should().Be(2, restore.Err);
        restore.Err.Should().Contain("数据库未改动");
        (await CountAsync(Database, "feed_messages")).Should().Be(3);
        (await Processes.CliAsync(_dir, "store", "restore", Path.Combine(_dir, "missing.db"))).Exit.Should().Be(66);
    }

    [Fact]
    public async Task Restore_IntoAFolderWithoutAStore_StartsANewDeploymentFromTheBackup()
    {
        (await Processes.CliAsync(_dir, "feed", "ingest", Coach)).Exit.Should().Be(0);
        var copy = Path.Combine(_dir, "copy.db");
        (await Processes.CliAsync(_dir, "store", "backup", copy)).Exit.Should().Be(0);
        var elsewhere = Path.Combine(_dir, "new-machine");
        Directory.CreateDirectory(elsewhere);

        var restore = await Processes.CliAsync(elsewhere, "store", "restore", copy);

        restore.Exit.Should().Be(0, restore.Err);
        JsonDocument.Parse(restore.Out).RootElement.GetProperty("kept").ValueKind.Should().Be(JsonValueKind.Null);
        restore.Err.Should().Contain("原先没有数据库");
        // Session 47: "numbering":{} and nothing said, while the service that ran after the backup may have given alert ids past it;
        // restored, they were given again to other alerts, and a screen resuming with Last-Event-ID missed the new ones.
        var said = JsonDocument.Parse(restore.Out).RootElement;
        said.GetProperty("numbering").ValueKind.Should().Be(JsonValueKind.Null, "the numbers given before the restore are unknown");
        said.GetProperty("backupNumbering").ValueKind.Should().Be(JsonValueKind.Object);
        restore.Err.Should().Contain("备份之后服务若已发出更大的编号，恢复后会再次发给别的告警与隔离行")
            .And.Contain("不带 Last-Event-ID 重新连接").And.Contain("先恢复更新的备份");
        (await CountAsync(Path.Combine(elsewhere, "data", "emergencyplans.db"), "incidents")).Should().Be(1);

        // Review s58, finding 6: it ended "启动服务即可", and that start issued new first-run keys: every key handed out, the 122
        // sender's too, was refused.
        var keysFile = Path.Combine(elsewhere, "data", "api-keys.json");
        said.GetProperty("keysFile").GetString().Should().Be(keysFile);
        said.GetProperty("keysFileFound").GetBoolean().Should().BeFalse();
        restore.Err.Should().Contain($"数据目录中没有 API 密钥散列文件 {keysFile}").And.Contain("下次启动会签发新的首次运行密钥")
            .And.Contain("此前发出的所有密钥（值班人员的、122 发送方的）都将被拒绝（401）")
            .And.Contain($"请先把与备份一同保存的 api-keys.json 放回 {Path.Combine(elsewhere, "data")}，或为服务配置 Auth:Keys")
            .And.NotContain("启动服务即可");
    }

    private static async Task<long> CountAsync(string database, string table)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)(await count.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task BackupAndRestore_WorkWithoutThePlans_WhichMayBeWhatWentWrong()
    {
        (await Processes.CliAsync(_dir, "feed", "ingest", Coach)).Exit.Should().Be(0);
        var noPlans = new Dictionary<string, string> { ["EmergencyPlans__PlansDirectory"] = Path.Combine(_dir, "no-plans-here") };
        var copy = Path.Combine(_dir, "copy.db");

        var backup = await Processes.CliWithSettingsAsync(_dir, noPlans, "store", "backup", copy);
        var restore = await Processes.CliWithSettingsAsync(_dir, noPlans, "store", "restore", copy);

        backup.Exit.Should().Be(0, backup.Err);
        restore.Exit.Should().Be(0, restore.Err);
        (await Processes.CliWithSettingsAsync(_dir, noPlans, "feed", "status")).Exit.Should().Be(66, "the commands that judge incidents still need the plans");
    }

    [Fact]
    public async Task Backup_ToAFileThatExists_IsRefusedWith73_AndTheFileIsLeftAsItWas()
    {
        (await Processes.CliAsync(_dir, "feed", "ingest", Coach)).Exit.Should().Be(0);
        var existing = Path.Combine(_dir, "yesterday.db");
        await File.WriteAllTextAsync(existing, "yesterday's backup");

        var backup = await Processes.CliAsync(_dir, "store", "backup", existing);

        backup.Exit.Should().Be(73, backup.Err);
        backup.Err.Should().Contain("备份文件已存在，不会覆盖");
        (await File.ReadAllTextAsync(existing)).Should().Be("yesterday's backup");
    }

    [Fact]
    public async Task Backup_WithoutAStore_Is66_AndCreatesNone()
    {
        var backup = await Processes.CliAsync(_dir, "store", "backup", Path.Combine(_dir, "copy.db"));

        backup.Exit.Should().Be(66, backup.Err);
        backup.Err.Should().Contain("找不到数据库");
        File.Exists(Database).Should().BeFalse("a backup reads a store; it never creates an empty one");
        File.Exists(Path.Combine(_dir, "copy.db")).Should().BeFalse();
    }

    [Fact]
    public async Task Backup_OfAPostgresDeployment_SaysToUsePgDump_With64()
    {
        var backup = await Processes.CliWithSettingsAsync(_dir, new Dictionary<string, string>
        {
            ["EmergencyPlans__StoreProvider"] = "postgres",
            ["EmergencyPlans__PostgresConnectionString"] = "Host=127.0.0.1;Port=1;Database=none",
        }, "store", "backup", Path.Combine(_dir, "copy.db"));

        backup.Exit.Should().Be(64, backup.Err);
        backup.Err.Should().Contain("pg_dump");
    }
}
