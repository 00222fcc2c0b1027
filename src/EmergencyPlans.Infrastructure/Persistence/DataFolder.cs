using EmergencyPlans.Infrastructure.Persistence.Sqlite;

namespace EmergencyPlans.Infrastructure.Persistence;

/// <summary>
/// The SQLite provider's data folder (<see cref="DataStorageOptions.DataDirectory"/>) as the host checks it at start and the command
/// line before it opens the store: one check, so that both refuse the same folders naming the same setting (exit 78).
/// </summary>
public static class DataFolder
{
    private const string Setting = DataStorageOptions.Section + ":" + nameof(DataStorageOptions.DataDirectory);

    private const string Variable = DataStorageOptions.Section + "__" + nameof(DataStorageOptions.DataDirectory);

    private const UnixFileMode GroupOrOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>
    /// Makes the folder if it is missing (0700 on Unix; an existing one keeps its mode) and writes a file in it once, to find out
    /// whether it can be. Null when it can, or when the store is PostgreSQL; otherwise why not: a folder under a file, on a
    /// read-only file system or owned by someone else, named as the setting.
    /// </summary>
    public static StoreRefusal? Refusal(DataStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Uses(StoreProviders.Postgres) || string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            return null;
        }

        var folder = options.DataDirectory;
        try
        {
            SqliteOwnerOnly.CreateFolder(folder);
            var probe = Path.Combine(folder, $".write-check-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new StoreRefusal(
                $"{Setting} '{folder}' cannot be created or written ({e.Message}): name a folder this service's user may write",
                $"无法使用数据目录 {folder}：无法创建或写入（{e.Message}）。请用环境变量 {Variable} 或 --data 指定本用户可写的目录");
        }
    }

    /// <summary>
    /// The mode of <paramref name="folder"/> when group or others may read, write or enter it (Unix only): the store and the key
    /// hashes in it hold names and phone numbers. Null when only its owner may, or when it cannot be read.
    /// </summary>
    public static UnixFileMode? OpenToOthers(string folder)
    {
        if (OperatingSystem.IsWindows() || !Directory.Exists(folder))
        {
            return null;
        }

        try
        {
            var mode = File.GetUnixFileMode(folder);
            return (mode & GroupOrOthers) != 0 ? mode : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary><paramref name="mode"/> as <c>ls</c> and <c>chmod</c> write it in octal (0755).</summary>
    public static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0x1FF, 8).PadLeft(3, '0');
}
