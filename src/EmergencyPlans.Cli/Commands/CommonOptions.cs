using System.CommandLine;
using System.Text.Json;
using EmergencyPlans.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EmergencyPlans.Cli.Commands;

/// <summary>Options several command groups take, said the same way in each, and how they write a JSON document.</summary>
internal static class CommonOptions
{
    /// <summary><c>--data</c>: the local store's folder, as the service resolves it. A new instance per command (System.CommandLine gives an option one parent).</summary>
    public static Option<string?> Data() => new("--data") { Description = "本地存储目录（缺省：环境变量 EmergencyPlans__DataDirectory，否则 ./data）" };

    /// <summary>
    /// The service's start check of the local store's folder (<c>--data</c>, else the setting, else ./data), made by every command that
    /// opens the SQLite store (<c>feed</c>, <c>store backup</c>, <c>store restore</c>) before it does: a folder the service refuses to start
    /// with (it cannot be created or written: no permission, a file in the way, a read-only file system) is a setting to correct (78,
    /// <see cref="DataFolder.Refusal"/>), said before the store is touched rather than as another failure at its first use; one it makes
    /// is 0700 as the service makes it. A folder open to group or others is said on stderr, as the service's start warns (event 1005),
    /// and left as it is.
    /// </summary>
    public static void CheckDataFolder(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<DataStorageOptions>>().Value;
        if (DataFolder.Refusal(options) is { } refusal)
        {
            throw new CliException(ExitCodes.Configuration, refusal.Chinese);
        }

        if (!options.Uses(StoreProviders.Postgres) && DataFolder.OpenToOthers(options.DataDirectory) is { } mode)
        {
            Console.Error.WriteLine(
                $"警告：数据目录 {options.DataDirectory} 的权限为 {DataFolder.Octal(mode)}，同组或其他用户可读取或进入；其中存有事件数据库（含姓名、电话）与 API 密钥哈希。"
                + $"权限未作改动：请收紧（chmod 700 {options.DataDirectory}，与服务新建目录时相同），或用环境变量 EmergencyPlans__DataDirectory 或 --data 另指目录");
        }
    }

    /// <summary>Every member, null ones too, Chinese readable: a command's JSON document on stdout (its summary goes to stderr).</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = EmergencyPlans.Core.Contract.JsonText.Encoder };

    /// <summary>The same, indented: a document a person reads in the terminal (<c>assess --json</c>).</summary>
    private static readonly JsonSerializerOptions Indented = new(Json) { WriteIndented = true };

    /// <summary>Writes <paramref name="value"/> on stdout: one JSON line, or indented for a person to read.</summary>
    public static async Task WriteJsonAsync<T>(T value, CancellationToken ct, bool indented = false)
    {
        await using var output = StandardOutput.Open();
        await JsonSerializer.SerializeAsync(output, value, indented ? Indented : Json, ct).ConfigureAwait(false);
        output.WriteByte((byte)'\n');
        await output.FlushAsync(ct).ConfigureAwait(false);
    }
}
