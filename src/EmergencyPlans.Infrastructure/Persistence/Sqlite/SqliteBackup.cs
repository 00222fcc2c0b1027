using System.Globalization;
using Microsoft.Data.Sqlite;

namespace EmergencyPlans.Infrastructure.Persistence.Sqlite;

/// <summary>What a backup holds, read back from the copy itself once it was written and checked.</summary>
/// <param name="SchemaVersion">The copy's schema version (the migrations it has).</param>
/// <param name="Bytes">The copy's size.</param>
/// <param name="Rows">Rows per table of <see cref="SqliteBackup.CountedTables"/> present in the copy, in that order.</param>
public sealed record SqliteBackupResult(int SchemaVersion, long Bytes, IReadOnlyList<KeyValuePair<string, long>> Rows);

/// <summary>
/// A copy of the SQLite store that is safe to take while the service runs (README, "Back up and restore"): <c>VACUUM INTO</c>
/// reads one snapshot in a read transaction, so it holds what was committed when it began and nothing half-written, and in WAL
/// mode it blocks no writer. SQLite does not sync the file it writes, and a copy cut short by a crash would be corrupt, so the
/// copy is written under a temporary name beside the target, synced, checked (<c>PRAGMA integrity_check</c>) and only then
/// renamed to the target: a target that exists is always a whole, checked copy.
/// </summary>
public static class SqliteBackup
{
    /// <summary>The tables whose rows a backup reports: what the duty office and the feed have recorded.</summary>
    public static IReadOnlyList<string> CountedTables { get; } = ["incidents", "incident_events", "feed_messages", "feed_quarantine", "alerts"];

    /// <summary>Copies the store at <paramref name="database"/> (a full path) to <paramref name="target"/>, which must not exist.</summary>
    /// <exception cref="FileNotFoundException">There is no database at <paramref name="database"/>.</exception>
    /// <exception cref="IOException"><paramref name="target"/> exists (it is never overwritten) or cannot be written.</exception>
    /// <exception cref="InvalidDataException">The copy failed its integrity check (it is deleted).</exception>
    public static async Task<SqliteBackupResult> CreateAsync(string database, string target, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(database);
        ArgumentException.ThrowIfNullOrEmpty(target);
        if (!File.Exists(database))
        {
            throw new FileNotFoundException($"no SQLite store at {database}", database);
        }

        if (File.Exists(target) || Directory.Exists(target))
        {
            throw new IOException($"{target} exists: a backup never overwrites a file");
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(target))!;
        Directory.CreateDirectory(folder);
        var partial = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.partial");
        try
        {
            await using (var source = new SqliteConnection(Connection(database, SqliteOpenMode.ReadWrite)))
            {
                await source.OpenAsync(cancellationToken).ConfigureAwait(false);
                await using var command = source.CreateCommand();
                command.CommandText = "PRAGMA busy_timeout = 10000; VACUUM INTO $target";
                command.Parameters.AddWithValue("$target", partial);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using (var written = new FileStream(partial, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            {
                written.Flush(flushToDisk: true);
            }

            var result = await CheckAsync(partial, cancellationToken).ConfigureAwait(false);
            File.Move(partial, target, overwrite: false);
            return result;
        }
        finally
        {
            File.Delete(partial); // gone after the rename; left behind only by a failure
        }
    }

    private static async Task<SqliteBackupResult> CheckAsync(string copy, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(Connection(copy, SqliteOpenMode.ReadOnly));
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

        var problems = new List<string>();
        await using (var check = connection.CreateCommand())
        {
            check.CommandText = "PRAGMA integrity_check";
            await using var reader = await check.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                problems.Add(reader.GetString(0));
            }
        }

        if (problems is not ["ok"])
        {
            throw new InvalidDataException($"the copy failed SQLite's integrity check: {string.Join("; ", problems)}");
        }

        var tables = new HashSet<string>(StringComparer.Ordinal);
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_schema WHERE type = 'table'";
            await using var reader = await list.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                tables.Add(reader.GetString(0));
            }
        }

        var version = tables.Contains("schema_version") ? await ScalarAsync(connection, "SELECT COALESCE(MAX(version), 0) FROM schema_version", cancellationToken).ConfigureAwait(false) : 0;
        var rows = new List<KeyValuePair<string, long>>();
        foreach (var table in CountedTables.Where(tables.Contains))
        {
            // The names are this class's own constants, never input.
            rows.Add(new(table, await ScalarAsync(connection, $"SELECT COUNT(*) FROM {table}", cancellationToken).ConfigureAwait(false)));
        }

        return new SqliteBackupResult((int)version, new FileInfo(copy).Length, rows);
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    /// <summary>Not pooled: the copy is renamed once checked, and the store's own pool is not this command's to keep.</summary>
    private static string Connection(string path, SqliteOpenMode mode) =>
        new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString();
}
