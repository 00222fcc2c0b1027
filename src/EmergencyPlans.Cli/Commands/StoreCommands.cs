using System.CommandLine;
using System.Globalization;
using EmergencyPlans.Infrastructure.Persistence;
using EmergencyPlans.Infrastructure.Persistence.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EmergencyPlans.Cli.Commands;

/// <summary>
/// <c>store backup FILE</c>: a checked copy of the configured SQLite store, safe to take while the service runs. <c>store restore
/// BACKUP</c>: that copy put back, the service stopped, the replaced store kept beside it (docs/operations.md, "Back up and restore";
/// <see cref="SqliteBackup"/>). What the copy holds goes to stdout as JSON and to stderr in Chinese.
/// </summary>
internal static class StoreCommands
{
    public static Command Create(Option<string?> plans)
    {
        var target = new Argument<string>("FILE") { Description = "备份文件（不得已存在；所在目录不存在时创建）" };
        var data = CommonOptions.Data();
        var backup = new Command("backup", "备份 SQLite 存储：服务运行时亦可，得到某一时刻已提交数据的完整副本，经完整性检查后才以目标文件名落盘")
        {
            target, data,
        };
        backup.SetAction((result, ct) => BackupAsync(result.GetRequiredValue(target), result.GetValue(plans), result.GetValue(data), ct));

        var source = new Argument<string>("BACKUP") { Description = "store backup 得到的备份文件" };
        var restoreData = CommonOptions.Data();
        var force = new Option<bool>("--force")
        {
            Description = "现有数据库已损坏、无法确认服务是否仍在使用它时：确认服务已停止后使用，不再检查（被替换的数据库及其 -wal、-shm 仍原样保留）",
        };
        var restore = new Command("restore", "用备份替换 SQLite 存储（须先停止服务）：备份先经完整性检查，被替换的数据库原样保留在旁边，不会丢失")
        {
            source, restoreData, force,
        };
        restore.SetAction((result, ct) => RestoreAsync(result.GetRequiredValue(source), result.GetValue(plans), result.GetValue(restoreData), result.GetValue(force), ct));
        return new Command("store", "数据存储的维护：备份与恢复") { backup, restore };
    }

    /// <summary>
    /// The SQLite file of the configured store (a full path) and how long the stores wait for another process's lock
    /// (<see cref="DataStorageOptions.SqliteBusyTimeout"/>, which the copy waits too), or null after saying that a PostgreSQL
    /// deployment uses its own tools. For a backup (<paramref name="backingUp"/>) a data folder that does not exist is not made: there is no
    /// store to copy (66, as a missing store file), and the start check below would have left an empty folder at a mistyped path.
    /// </summary>
    private static async Task<(string Database, TimeSpan BusyTimeout)?> SqliteDatabaseAsync(string? plans, string? data, string postgresTool, bool backingUp = false)
    {
        await using var services = CliHost.Build(plans, data, withPlans: false);
        var options = services.GetRequiredService<IOptions<DataStorageOptions>>().Value;
        if (!options.Uses(StoreProviders.Sqlite))
        {
            await Console.Error.WriteLineAsync($"当前存储为 PostgreSQL：请用 {postgresTool}（见 docs/operations.md“Back up and restore”）；store 命令只处理 SQLite 存储").ConfigureAwait(false);
            return null;
        }

        if (backingUp && !string.IsNullOrWhiteSpace(options.DataDirectory) && !Directory.Exists(options.DataDirectory) && !File.Exists(options.DataDirectory))
        {
            throw new CliException(ExitCodes.NoInput, NoStore(Path.GetFullPath(options.SqlitePath)));
        }

        // The service's start check of the data folder, as feed commands make it: a folder the service refuses is 78 naming the
        // setting (a backup said "no store there" (66), a restore "cannot replace" (73)), and one open to others is said.
        CommonOptions.CheckDataFolder(services);
        return (Path.GetFullPath(options.SqlitePath), options.SqliteBusyTimeout);
    }

    private static async Task<int> RestoreAsync(string backup, string? plans, string? data, bool force, CancellationToken ct)
    {
        if (await SqliteDatabaseAsync(plans, data, "pg_restore 或 psql").ConfigureAwait(false) is not ({ } database, var busyTimeout))
        {
            return ExitCodes.Usage;
        }

        var path = Path.GetFullPath(backup);
        SqliteRestoreResult done;
        try
        {
            done = await SqliteBackup.RestoreAsync(path, database, force, busyTimeout, TimeProvider.System, ct).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            throw new CliException(ExitCodes.NoInput, $"找不到备份文件：{path}");
        }
        catch (InvalidDataException e)
        {
            throw new CliException(ExitCodes.InvalidInput, $"不能用这个文件恢复，数据库未改动：{e.Message}");
        }
        catch (SqliteStoreUnreadableException e)
        {
            throw new CliException(ExitCodes.InUse,
                $"现有数据库 {database} 无法读取（{(e.InnerException is InvalidDataException ? "文件头不是 SQLite 数据库" : e.InnerException?.Message)}），"
                + "因而无法确认服务是否仍在使用它：确认服务已停止后，加 --force 再恢复（原文件及其 -wal、-shm 仍会保留）；数据库未改动");
        }
        catch (SqliteStoreInUseException)
        {
            throw new CliException(ExitCodes.InUse, $"数据库 {database} 正被其他进程使用（服务仍在运行？）：请先停止服务再恢复；数据库未改动");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.CannotCreate, $"无法替换数据库 {database}：{e.Message}");
        }

        // The first-run keys' hashes are not in the store: restored without them (a lost folder, a new machine), the next start issues
        // new keys and every key handed out, the 122 sender's too, is refused. Said instead of "start the service" (review s58, finding 6).
        var keysFile = Path.Combine(Path.GetDirectoryName(database)!, DataStorageOptions.KeysFileName);
        var keysFileFound = File.Exists(keysFile);
        await CommonOptions.WriteJsonAsync(new
        {
            backup = path,
            database,
            keysFile,
            keysFileFound,
            kept = done.Kept,
            keptLogs = done.KeptLogs ?? [],
            done.Restored.SchemaVersion,
            done.Restored.Bytes,
            rows = Rows(done.Restored),
            // With no store before (a data folder made again), the numbers given before the restore are unknown, as with a store that
            // could not be read: null, not {} (which read as "nothing to carry", while the service may have given ids past the backup's).
            numbering = done.Kept is null ? null : done.Numbering?.ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal),
            backupNumbering = done.CopyNumbering?.ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal),
        }, ct).ConfigureAwait(false);
        await Console.Error.WriteLineAsync(
            $"已用 {path} 恢复数据库 {database}（架构版本 {done.Restored.SchemaVersion}，完整性检查通过）：{Said(done.Restored)}。" +
            (done.Kept is null ? "原先没有数据库。" + KeptLogs(done.KeptLogs) + WithoutStore(done.CopyNumbering) : $"被替换的数据库保留为 {done.Kept}。" + Numbered(done.Numbering))
            + (keysFileFound ? "启动服务即可。" : WithoutKeysFile(keysFile))).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static string NoStore(string database) => $"找不到数据库：{database}（用 --data 或环境变量 EmergencyPlans__DataDirectory 指定服务的数据目录）";

    /// <summary>The data folder holds no api-keys.json: what the next start does then, and how to keep the keys handed out.</summary>
    private static string WithoutKeysFile(string keysFile) =>
        $"注意：数据目录中没有 API 密钥散列文件 {keysFile}（它不在数据库里，恢复不会带回）。服务未配置 Auth:Keys 时，下次启动会签发新的首次运行密钥，"
        + "此前发出的所有密钥（值班人员的、122 发送方的）都将被拒绝（401）。"
        + $"启动服务前，请先把与备份一同保存的 {DataStorageOptions.KeysFileName} 放回 {Path.GetDirectoryName(keysFile)}，或为服务配置 Auth:Keys"
        + "（docs/operations.md“Back up and restore”）。";

    /// <summary>
    /// The logs of a store whose file was deleted (under the running service), moved aside rather than deleted: the -wal may hold what
    /// that store committed last.
    /// </summary>
    private static string KeptLogs(IReadOnlyList<string>? logs) => logs is not { Count: > 0 }
        ? ""
        : $"数据库位置上留有没有数据库文件的日志文件，已改名保留为 {string.Join("、", logs)}（其中 -wal 可能含有被删除的数据库最后提交的内容；若找回了那个数据库文件，将其改名为同名去掉后缀的文件即可一并读取）。";

    /// <summary>
    /// A restore into a folder without a store (the folder lost and made again, a new machine): the numbering is the backup's, and a
    /// service that ran after the backup may have given ids past it. Said nothing until session 47: alert 5 was given again to another
    /// alert, a screen resuming with Last-Event-ID: 6 missed the new one, and acknowledging 5 met another alert.
    /// </summary>
    private static string WithoutStore(IReadOnlyList<KeyValuePair<string, long>>? copy)
    {
        var used = copy?.Where(n => n.Value > 0).ToArray() ?? [];
        var from = used.Length == 0
            ? "告警编号与隔离行编号从备份中的编号接着发（备份中尚无编号）"
            : "告警编号与隔离行编号从备份中的编号接着发（" + string.Join("，", used.Select(n => $"{Chinese(n.Key)}编号已用至 {n.Value.ToString(CultureInfo.InvariantCulture)}")) + "）";
        return from + "：备份之后服务若已发出更大的编号，恢复后会再次发给别的告警与隔离行。"
               + "请值班室的告警屏幕不带 Last-Event-ID 重新连接，按编号确认告警前先核对告警内容，122 发送方按隔离列表重新核对待更正的隔离行。"
               + "若还留有服务最后使用的数据库文件或更新的备份，应先将其放回数据库位置（或先恢复更新的备份），再恢复本备份：编号即接在其已发出的编号之后（docs/operations.md“Back up and restore”）。";
    }

    /// <summary>
    /// What the restore did with the numbers the replaced store had given: alert ids (a duty office screen resumes the stream after the
    /// last one it saw, and acknowledges by id) and quarantine ids (a 122 sender corrects an entry by its id).
    /// </summary>
    private static string Numbered(IReadOnlyList<KeyValuePair<string, long>>? numbering) => numbering switch
    {
        null => "被替换的数据库无法读取，不知道它已发出的告警编号与隔离行编号：恢复后的新编号可能与恢复前已发出的重复。"
                + "请值班室的告警屏幕不带 Last-Event-ID 重新连接，122 发送方按隔离列表重新核对待更正的隔离行。",
        _ when !numbering.Any(n => n.Value > 0) => "",
        _ => "新编号接在被替换数据库已发出的编号之后（" + string.Join("，", numbering.Where(n => n.Value > 0).Select(n => $"{Chinese(n.Key)}编号已用至 {n.Value.ToString(CultureInfo.InvariantCulture)}"))
             + "），不会与恢复前已发出的重复。",
    };

    private static Dictionary<string, long> Rows(SqliteBackupResult copy) => copy.Rows.ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);

    private static string Said(SqliteBackupResult copy) =>
        string.Join("，", copy.Rows.Select(r => $"{Chinese(r.Key)} {r.Value.ToString(CultureInfo.InvariantCulture)}"));


    private static async Task<int> BackupAsync(string target, string? plans, string? data, CancellationToken ct)
    {
        if (await SqliteDatabaseAsync(plans, data, "pg_dump 备份", backingUp: true).ConfigureAwait(false) is not ({ } database, var busyTimeout))
        {
            return ExitCodes.Usage;
        }

        var path = Path.GetFullPath(target);
        if (File.Exists(path) || Directory.Exists(path))
        {
            throw new CliException(ExitCodes.CannotCreate, $"备份文件已存在，不会覆盖：{path}（请另取文件名，如加上日期时间）");
        }

        SqliteBackupResult copy;
        try
        {
            copy = await SqliteBackup.CreateAsync(database, path, busyTimeout, TimeProvider.System, ct).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            throw new CliException(ExitCodes.NoInput, NoStore(database));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.CannotCreate, $"无法写入备份 {path}（备份所在磁盘是否已满或只读？），原数据库未受影响：{e.Message}");
        }
        catch (InvalidDataException e)
        {
            throw new CliException(ExitCodes.Internal, $"备份未通过完整性检查，已删除，原数据库未受影响：{e.Message}");
        }

        await CommonOptions.WriteJsonAsync(new { path, database, copy.SchemaVersion, copy.Bytes, rows = Rows(copy) }, ct).ConfigureAwait(false);
        await Console.Error.WriteLineAsync(
            $"已备份到 {path}（{copy.Bytes.ToString("N0", CultureInfo.InvariantCulture)} 字节，架构版本 {copy.SchemaVersion}，完整性检查通过）：{Said(copy)}").ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static string Chinese(string table) => table switch
    {
        "incidents" => "事件",
        "incident_events" => "事件记录",
        "feed_messages" => "122消息",
        "feed_quarantine" => "隔离行",
        "alerts" => "告警",
        _ => table,
    };
}
