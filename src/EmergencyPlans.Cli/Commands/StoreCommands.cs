using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EmergencyPlans.Infrastructure.Persistence;
using EmergencyPlans.Infrastructure.Persistence.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EmergencyPlans.Cli.Commands;

/// <summary>
/// <c>store backup FILE</c>: a checked copy of the configured SQLite store, safe to take while the service runs (README, "Back up
/// and restore"; <see cref="SqliteBackup"/>). What the copy holds goes to stdout as JSON and to stderr in Chinese.
/// </summary>
internal static class StoreCommands
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public static Command Create(Option<string?> plans)
    {
        var target = new Argument<string>("FILE") { Description = "备份文件（不得已存在；所在目录不存在时创建）" };
        var data = new Option<string?>("--data") { Description = "本地存储目录（缺省：环境变量 EmergencyPlans__DataDirectory，否则 ./data）" };
        var backup = new Command("backup", "备份 SQLite 存储：服务运行时亦可，得到某一时刻已提交数据的完整副本，经完整性检查后才以目标文件名落盘")
        {
            target, data,
        };
        backup.SetAction((result, ct) => BackupAsync(result.GetRequiredValue(target), result.GetValue(plans), result.GetValue(data), ct));
        return new Command("store", "数据存储的维护") { backup };
    }

    private static async Task<int> BackupAsync(string target, string? plans, string? data, CancellationToken ct)
    {
        string database;
        await using (var services = CliHost.Build(plans, data))
        {
            var options = services.GetRequiredService<IOptions<DataStorageOptions>>().Value;
            if (!options.Uses(StoreProviders.Sqlite))
            {
                await Console.Error.WriteLineAsync("当前存储为 PostgreSQL：请用 pg_dump 备份（见 README“备份与恢复”）；store backup 只备份 SQLite 存储").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            database = Path.GetFullPath(options.SqlitePath);
        }

        var path = Path.GetFullPath(target);
        if (File.Exists(path) || Directory.Exists(path))
        {
            throw new CliException(ExitCodes.CannotCreate, $"备份文件已存在，不会覆盖：{path}（请另取文件名，如加上日期时间）");
        }

        SqliteBackupResult copy;
        try
        {
            copy = await SqliteBackup.CreateAsync(database, path, ct).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            throw new CliException(ExitCodes.NoInput, $"找不到数据库：{database}（用 --data 或环境变量 EmergencyPlans__DataDirectory 指定服务的数据目录）");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.CannotCreate, $"无法写入备份 {path}：{e.Message}");
        }
        catch (InvalidDataException e)
        {
            throw new CliException(ExitCodes.Internal, $"备份未通过完整性检查，已删除，原数据库未受影响：{e.Message}");
        }

        await using (var output = Console.OpenStandardOutput())
        {
            await JsonSerializer.SerializeAsync(output, new
            {
                path,
                database,
                copy.SchemaVersion,
                copy.Bytes,
                rows = copy.Rows.ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal),
            }, Json, ct).ConfigureAwait(false);
            output.WriteByte((byte)'\n');
        }

        await Console.Error.WriteLineAsync(
            $"已备份到 {path}（{copy.Bytes.ToString("N0", CultureInfo.InvariantCulture)} 字节，架构版本 {copy.SchemaVersion}，完整性检查通过）：" +
            string.Join("，", copy.Rows.Select(r => $"{Chinese(r.Key)} {r.Value.ToString(CultureInfo.InvariantCulture)}"))).ConfigureAwait(false);
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
