using EmergencyPlans.Core.Hosting;
using Microsoft.Extensions.Options;

namespace EmergencyPlans.Infrastructure.Persistence;

/// <summary>
/// Where and how the host keeps its data: the data folder (SQLite file, API key hashes) and which incident
/// store to use. Bound from the <see cref="Section"/> section, validated at start-up.
/// </summary>
public sealed class DataStorageOptions
{
    /// <summary>The configuration section shared by the host's own settings.</summary>
    public const string Section = "EmergencyPlans";

    /// <summary>File name of the SQLite database inside <see cref="DataDirectory"/>.</summary>
    public const string SqliteFileName = "emergencyplans.db";

    /// <summary>
    /// File name, inside <see cref="DataDirectory"/>, of the first-run API keys' hashes the service writes and reads (without Auth:Keys),
    /// named here for the store commands: a restore into a folder without it is followed by new keys at the next start.
    /// </summary>
    public const string KeysFileName = "api-keys.json";

    /// <summary>Where the SQLite file, keys and other state live; created on first use. Relative to the content root; absolute after start-up.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary><see cref="StoreProviders.Sqlite"/> (default, embedded) or <see cref="StoreProviders.Postgres"/> (several instances behind a load balancer).</summary>
    public string StoreProvider { get; set; } = StoreProviders.Sqlite;

    /// <summary>Npgsql connection string; required when <see cref="StoreProvider"/> is postgres.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>
    /// Below this many bytes free on the data folder's file system the readiness probe says Degraded (it still answers 200), so the
    /// operator frees space before the store fills: a full disk refuses every write (503). 512 MiB by default; 0 turns it off.
    /// </summary>
    public long DiskSpaceAlarmBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>
    /// How long a write on the SQLite store waits for another process's write lock (a CLI command, a second service on the folder)
    /// before it is refused as the store being busy (503 with Retry-After, CLI exit 75). 10 s by default; from
    /// <see cref="MinSqliteBusyTimeout"/> to <see cref="MaxSqliteBusyTimeout"/>: a request waits this long holding its caller, and the
    /// feed's batch with it.
    /// </summary>
    public TimeSpan SqliteBusyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The shortest <see cref="SqliteBusyTimeout"/> accepted: Microsoft.Data.Sqlite retries a busy statement for a whole number of
    /// seconds, at least one, so a shorter wait would not be the wait.
    /// </summary>
    public static readonly TimeSpan MinSqliteBusyTimeout = TimeSpan.FromSeconds(1);

    /// <summary>The longest <see cref="SqliteBusyTimeout"/> accepted: past it clients and proxies give up before the store does.</summary>
    public static readonly TimeSpan MaxSqliteBusyTimeout = TimeSpan.FromMinutes(2);

    /// <summary>The SQLite database file.</summary>
    public string SqlitePath => Path.Combine(DataDirectory, SqliteFileName);

    /// <summary>True when <see cref="StoreProvider"/> names <paramref name="provider"/>, in any letter case.</summary>
    public bool Uses(string provider) => string.Equals(StoreProvider?.Trim(), provider, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Names accepted in <see cref="DataStorageOptions.StoreProvider"/>.</summary>
public static class StoreProviders
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";
}

/// <summary>Every message names the setting as the operator types it (EmergencyPlans:StoreProvider …).</summary>
internal sealed class DataStorageOptionsValidator : IValidateOptions<DataStorageOptions>
{
    private const string Prefix = DataStorageOptions.Section + ":";

    public ValidateOptionsResult Validate(string? name, DataStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            failures.Add($"{Prefix}{nameof(DataStorageOptions.DataDirectory)} is required: the folder for the SQLite file and the API key hashes");
        }

        if (options.DiskSpaceAlarmBytes < 0)
        {
            failures.Add($"{Prefix}{nameof(DataStorageOptions.DiskSpaceAlarmBytes)} must be a number of bytes (0 turns the alarm off); got {options.DiskSpaceAlarmBytes}");
        }

        if (DurationSetting.Refusal($"{Prefix}{nameof(DataStorageOptions.SqliteBusyTimeout)}", options.SqliteBusyTimeout,
                DataStorageOptions.MinSqliteBusyTimeout, DataStorageOptions.MaxSqliteBusyTimeout,
                "how long a write waits for another process's write lock", new DataStorageOptions().SqliteBusyTimeout) is { } busy)
        {
            failures.Add(busy);
        }

        if (!options.Uses(StoreProviders.Sqlite) && !options.Uses(StoreProviders.Postgres))
        {
            failures.Add($"{Prefix}{nameof(DataStorageOptions.StoreProvider)} must be {StoreProviders.Sqlite} or {StoreProviders.Postgres}; got '{options.StoreProvider}'");
        }

        if (options.Uses(StoreProviders.Postgres) && string.IsNullOrWhiteSpace(options.PostgresConnectionString))
        {
            failures.Add($"{Prefix}{nameof(DataStorageOptions.PostgresConnectionString)} is required when StoreProvider is {StoreProviders.Postgres}");
        }

        else if (options.Uses(StoreProviders.Postgres))
        {
            try
            {
                _ = new Npgsql.NpgsqlConnectionStringBuilder(options.PostgresConnectionString);
            }
            catch (ArgumentException e)
            {
                // "Couldn't set usernme" for a misspelt keyword; the message names the keyword, never a value.
                failures.Add($"{Prefix}{nameof(DataStorageOptions.PostgresConnectionString)} is not a valid connection string: {e.Message}");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
