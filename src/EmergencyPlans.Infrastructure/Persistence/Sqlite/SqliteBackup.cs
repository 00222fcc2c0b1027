using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace EmergencyPlans.Infrastructure.Persistence.Sqlite;

/// <summary>What a backup holds, read back from the copy itself once it was written and checked.</summary>
/// <param name="SchemaVersion">The copy's schema version (the migrations it has).</param>
/// <param name="Bytes">The copy's size.</param>
/// <param name="Rows">Rows per table of <see cref="SqliteBackup.CountedTables"/> present in the copy, in that order.</param>
public sealed record SqliteBackupResult(int SchemaVersion, long Bytes, IReadOnlyList<KeyValuePair<string, long>> Rows);

/// <summary>What a restore did: the copy now in place, and where the store it replaced was kept (null when there was none).</summary>
/// <param name="Restored">What the copy put in place holds.</param>
/// <param name="Kept">Where the replaced store was kept; null when there was none.</param>
/// <param name="Numbering">
/// The replaced store's numbering (the last alert id and quarantine id it gave, per table), carried into the copy so that nothing
/// numbered after the restore takes a number already given; empty when there was no store, null when it could not be read.
/// </param>
/// <param name="CopyNumbering">
/// The last alert id and quarantine id the copy itself had given, per table, as it was restored (before any carried): where the restored
/// store numbers on from when there was no store to carry from, though a service may have given numbers past them since the backup (a
/// data folder lost and made again: session 47). Empty when the copy numbered nothing.
/// </param>
/// <param name="KeptLogs">
/// The <c>-wal</c>, <c>-shm</c> or <c>-journal</c> found without their store (the database file deleted while the service ran), moved aside
/// under the name a replaced store is kept by (<c>emergencyplans.db.before-restore-{UTC time}-wal</c>); empty when there were none, or
/// when they went with the store kept (<paramref name="Kept"/>).
/// </param>
public sealed record SqliteRestoreResult(
    SqliteBackupResult Restored, string? Kept, IReadOnlyList<KeyValuePair<string, long>>? Numbering, IReadOnlyList<KeyValuePair<string, long>>? CopyNumbering = null,
    IReadOnlyList<string>? KeptLogs = null);

/// <summary>The store is open in another process (the service is running): a restore would pull the file from under it.</summary>
public sealed class SqliteStoreInUseException(string database, Exception? inner = null)
    : IOException($"the SQLite store {database} is open in another process: stop the service before restoring", inner)
{
    public string Database { get; } = database;
}

/// <summary>
/// The store cannot be read (SQLite finds it corrupt or not a database), so whether another process has it open cannot be told:
/// a restore over it needs the operator's word that the service is stopped (<c>force</c>).
/// </summary>
public sealed class SqliteStoreUnreadableException(string database, Exception inner)
    : IOException($"the SQLite store {database} cannot be read ({inner.Message}), so whether the service still has it open cannot be told", inner)
{
    public string Database { get; } = database;
}

/// <summary>
/// A copy of the SQLite store that is safe to take while the service runs (docs/operations.md, "Back up and restore"): <c>VACUUM INTO</c>
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
    /// <param name="database">The store (a full path).</param>
    /// <param name="target">The backup to write; it must not exist.</param>
    /// <param name="busyTimeout">
    /// How long reading the store waits for another process's lock (<see cref="DataStorageOptions.SqliteBusyTimeout"/>, as the stores
    /// wait), all its reads together: a store held past it is SQLITE_BUSY (<see cref="StoreFailures.IsBusy"/>), nothing written.
    /// </param>
    /// <param name="time">The clock the wait is counted on.</param>
    /// <param name="cancellationToken">Stops the copy.</param>
    /// <exception cref="FileNotFoundException">There is no database at <paramref name="database"/>.</exception>
    /// <exception cref="IOException"><paramref name="target"/> exists (it is never overwritten) or cannot be written.</exception>
    /// <exception cref="InvalidDataException">The copy failed its integrity check (it is deleted).</exception>
    public static async Task<SqliteBackupResult> CreateAsync(
        string database, string target, TimeSpan busyTimeout, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
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
        SqliteOwnerOnly.CreateFolder(folder);
        var partial = Beside(target);
        long sourceVersion;
        try
        {
            await using (var source = new SqliteConnection(SqliteConnections.Unpooled(database, SqliteOpenMode.ReadWrite)))
            {
                await source.OpenAsync(cancellationToken).ConfigureAwait(false);
                // A store in WAL mode blocks no reader; one whose lock another process holds alone (a commit of a store in rollback mode,
                // as a restore leaves it until the service opens it) is waited for as the stores wait, the setting, and is then busy.
                // One wait for the whole copy: its reads of the store (the schema version, then the copy) each wait what is left of it,
                // so a lock taken again between them is not waited for afresh. (Before 2026-12-05: 10 s per try, retried by
                // Microsoft.Data.Sqlite for its 30 s command timeout; until session 36 the setting per read, up to twice it.)
                var wait = new BusyWait(busyTimeout, time);
                sourceVersion = SchemaVersion(source, wait, cancellationToken);
                try
                {
                    Run(source, wait, "VACUUM INTO ?1", partial, cancellationToken);
                }
                catch (SqliteException e) when (StoreFailures.IsFileWriteFailure(e))
                {
                    // The store was open and read; what failed is writing the copy.
                    throw Unwritable(e);
                }
            }

            Sync(partial);
            SqliteBackupResult result;
            try
            {
                result = await CheckAsync(partial, cancellationToken).ConfigureAwait(false);
            }
            catch (SqliteException e)
            {
                // The copy cannot even be read back (seen with its disk full: VACUUM INTO had reported no error, and opening the copy
                // needs a -shm file beside it, which could not be made).
                throw Unwritable(e);
            }

            // Seen on a full disk: VACUUM INTO reported no error and left an empty file, which SQLite's check passes as an empty
            // database. A copy without the store's schema is not the store.
            if (result.SchemaVersion != sourceVersion)
            {
                throw new IOException(
                    $"the backup {target} is not whole ({result.Bytes} bytes, schema version {result.SchemaVersion} where the store has {sourceVersion}): is its disk full?");
            }

            SqliteOwnerOnly.Restrict(partial);
            File.Move(partial, target, overwrite: false);
            return result;
        }
        finally
        {
            // Gone after the rename; left behind only by a failure, with the files SQLite keeps beside it while it writes or reads it.
            foreach (var file in (string[])[partial, partial + "-journal", partial + "-wal", partial + "-shm"])
            {
                File.Delete(file);
            }
        }

        // Said of the backup, not of the store, which is as it was.
        IOException Unwritable(SqliteException e) =>
            new($"the backup {target} cannot be written or read back ({e.Message}): is its disk full or read-only?", e);
    }

    /// <summary>
    /// One wait for another connection's lock shared by the statements of a command (<c>store backup</c>'s reads of the store,
    /// <c>store restore</c>'s reads of the numbering of the store it replaces): each of
    /// SQLite's waits is given what is left of it (<c>busy_timeout</c>; none once it has run out), so the statements together wait at
    /// most <paramref name="wait"/>, however often the lock is let go and taken again between them.
    /// </summary>
    private sealed class BusyWait(TimeSpan wait, TimeProvider time)
    {
        private readonly long _start = time.GetTimestamp();

        /// <summary>Gives the connection's next wait what is left of the whole (0: SQLite answers busy at once).</summary>
        public void Apply(sqlite3 db)
        {
            var left = wait - time.GetElapsedTime(_start);
            raw.sqlite3_busy_timeout(db, left <= TimeSpan.Zero ? 0 : (int)Math.Ceiling(Math.Min(left.TotalMilliseconds, int.MaxValue)));
        }
    }

    /// <summary>
    /// Runs one statement on <paramref name="connection"/> within <paramref name="wait"/> (<see cref="Run(SqliteConnection, BusyWait, string, string?, Func{sqlite3_stmt, bool}, CancellationToken)"/>):
    /// the first column of its first row, null when it returns none.
    /// </summary>
    private static long? Run(SqliteConnection connection, BusyWait wait, string sql, string? text, CancellationToken cancellationToken)
    {
        long? first = null;
        Run(connection, wait, sql, text, row =>
        {
            first = raw.sqlite3_column_int64(row, 0);
            return false;
        }, cancellationToken);
        return first;
    }

    /// <summary>
    /// Runs one statement on <paramref name="connection"/> within <paramref name="wait"/> (preparing it may read the schema, and
    /// stepping it reads the store: each waits what is left), giving each row to <paramref name="row"/> until it returns false.
    /// <paramref name="text"/>, when given, is its parameter <c>?1</c>. Not through a Microsoft.Data.Sqlite command, which steps a
    /// statement answered busy again until its own timeout (<see cref="SqliteConnections.RetryFor"/>, whole seconds) has passed:
    /// with less than that left, it would wait past the end of <paramref name="wait"/>.
    /// </summary>
    private static void Run(
        SqliteConnection connection, BusyWait wait, string sql, string? text, Func<sqlite3_stmt, bool> row, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        wait.Apply(db);
        var rc = raw.sqlite3_prepare_v2(db, sql, out sqlite3_stmt statement);
        using (statement)
        {
            SqliteException.ThrowExceptionForRC(rc, db);
            if (text is not null)
            {
                SqliteException.ThrowExceptionForRC(raw.sqlite3_bind_text(statement, 1, text), db);
            }

            while (true)
            {
                wait.Apply(db);
                rc = raw.sqlite3_step(statement);
                if (rc != raw.SQLITE_ROW)
                {
                    break;
                }

                if (!row(statement))
                {
                    return;
                }
            }

            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, db);
            }
        }
    }

    /// <summary>The schema version of the store open on <paramref name="source"/> (0 when it has no schema_version table), its reads within <paramref name="wait"/>.</summary>
    private static long SchemaVersion(SqliteConnection source, BusyWait wait, CancellationToken cancellationToken) =>
        Run(source, wait, "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_version'", null, cancellationToken) == 0
            ? 0
            : Run(source, wait, "SELECT COALESCE(MAX(version), 0) FROM schema_version", null, cancellationToken) ?? 0;

    /// <summary>
    /// Puts the backup at <paramref name="backup"/> in place of the store at <paramref name="database"/> (full paths), keeping the store
    /// it replaces beside it as <c>emergencyplans.db.before-restore-{UTC time}</c>: a restore loses nothing, even one made by mistake.
    /// The backup is checked first (integrity, a schema this version knows). The store must not be in use elsewhere: every process
    /// that uses it holds its lock file shared (<see cref="SqliteStoreLock"/>), which the restore takes alone to its end; and leaving
    /// WAL mode needs the only connection to the file, which also finds a process of an older version, and folds the old store's
    /// log into it, so the file kept is whole and no stale <c>-wal</c> is left to be replayed onto the copy.
    /// </summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="backup"/>.</exception>
    /// <exception cref="InvalidDataException">The backup is not a whole SQLite store of this service, or comes from a newer version.</exception>
    /// <param name="backup">The backup to put in place (a full path).</param>
    /// <param name="database">The store it replaces (a full path); it need not exist.</param>
    /// <param name="force">
    /// The operator says the service is stopped: the store is not opened (a corrupt one cannot be), and its <c>-wal</c>, <c>-shm</c> and <c>-journal</c>
    /// are kept beside it under the kept name, where SQLite finds them when the kept store is opened. The lock is still taken: a
    /// service of this version that holds it is still refused.
    /// </param>
    /// <exception cref="SqliteStoreInUseException">The store is in use in another process (or being restored by one).</exception>
    /// <param name="busyTimeout">
    /// How long reading the replaced store's numbering waits for another process's lock (<see cref="DataStorageOptions.SqliteBusyTimeout"/>,
    /// as the stores wait), all its reads together, as the backup's. Not the check that the store is in use elsewhere, which is a short
    /// probe of its own (<see cref="InUseProbe"/>), before it: whether a service has the store open is another question than how long
    /// to wait for a write, and its wait taken from the setting would leave the numbering less, or none, to wait for a lock let go.
    /// </param>
    /// <param name="time">The clock the wait is counted on; also names the store kept (when the restore is made).</param>
    /// <param name="cancellationToken">Stops the checks and the wait for the store; once the old store is moved aside the restore runs to its end.</param>
    /// <exception cref="SqliteStoreUnreadableException">The store cannot be read, and <paramref name="force"/> was not given.</exception>
    public static async Task<SqliteRestoreResult> RestoreAsync(
        string backup, string database, bool force, TimeSpan busyTimeout, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentException.ThrowIfNullOrEmpty(backup);
        ArgumentException.ThrowIfNullOrEmpty(database);
        if (!File.Exists(backup))
        {
            throw new FileNotFoundException($"no backup at {backup}", backup);
        }

        SqliteBackupResult copy;
        try
        {
            copy = await CheckAsync(backup, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e)
        {
            throw new InvalidDataException($"{backup} is not an SQLite store: {e.Message}", e);
        }

        var latest = SqliteSchema.Migrations[^1].Version;
        if (copy.SchemaVersion == 0 || copy.SchemaVersion > latest)
        {
            throw new InvalidDataException(copy.SchemaVersion == 0
                ? $"{backup} is an SQLite file but not a store of this service (no schema_version)"
                : $"{backup} has schema version {copy.SchemaVersion}, newer than this version's {latest}: restore it with the version that wrote it");
        }

        var folder = Path.GetDirectoryName(database)!;
        SqliteOwnerOnly.CreateFolder(folder);
        // The copy is made and synced first, so that between the old store moving aside and the copy taking its name there are
        // only renames: a restore cut short there leaves the folder without a store for no longer than that.
        var partial = Beside(database);
        string? kept = null;
        // Held alone from the first look at the store to the last rename: a service that uses the store holds it shared, even with
        // no connection open, and one that starts meanwhile waits for the restore to end instead of writing into the file moved aside.
        using var alone = SqliteStoreLock.Exclusive(database);
        IReadOnlyList<KeyValuePair<string, long>>? numbering = [];
        IReadOnlyList<KeyValuePair<string, long>>? copyNumbering = [];
        var keptLogs = new List<string>();
        try
        {
            File.Copy(backup, partial);
            if (File.Exists(database))
            {
                if (!force)
                {
                    await ReleaseAsync(database, time, cancellationToken).ConfigureAwait(false);
                }

                numbering = await NumberingAsync(database, busyTimeout, time, cancellationToken).ConfigureAwait(false);
            }

            copyNumbering = await NumberingAsync(partial, busyTimeout, time, cancellationToken).ConfigureAwait(false);
            await CarryNumberingAsync(partial, numbering, cancellationToken).ConfigureAwait(false);
            Sync(partial);

            var keptName = $"{database}.before-restore-{time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";
            if (File.Exists(database))
            {
                kept = keptName;
                File.Move(database, kept, overwrite: false);
            }

            foreach (var suffix in (string[])["-wal", "-shm", "-journal"])
            {
                // A log beside the old file (a crash, or a store that could not be released) may hold what it committed last: it goes
                // with the file kept, where SQLite finds it. Left at the store's path, it would be replayed onto the backup and corrupt
                // it. So does a hot -journal (a writer that died mid-write on a store in rollback mode, as a restore leaves it,
                // restored over with force, which does not open the store): the pages it holds are the old store's, which SQLite would
                // copy into the file at its path when it is next opened, the copy (until session 36 it was left there).
                // A log without its store (the database file deleted under the service) is moved aside under the same kept name, not
                // deleted (until session 48 it was): its -wal may hold the last commits of the deleted file, for whoever recovers it.
                if (File.Exists(database + suffix))
                {
                    File.Move(database + suffix, keptName + suffix, overwrite: false);
                    if (kept is null)
                    {
                        keptLogs.Add(keptName + suffix);
                    }
                }
            }

            SqliteOwnerOnly.Restrict(partial);
            File.Move(partial, database, overwrite: false);
        }
        finally
        {
            foreach (var file in (string[])[partial, partial + "-journal", partial + "-wal", partial + "-shm"])
            {
                File.Delete(file);
            }
        }

        return new SqliteRestoreResult(copy, kept, numbering, copyNumbering, keptLogs);
    }

    /// <summary>
    /// The last number each <c>AUTOINCREMENT</c> table of the store at <paramref name="database"/> gave (alerts, quarantine entries), or
    /// null when the store cannot be read (a damaged store restored with force). Those numbers left the service: a duty office screen
    /// resumes the alert stream after the last alert id it saw and acknowledges alerts by id; a 122 sender corrects quarantine entries by
    /// id. A restored copy would give them again to other alerts and entries.
    /// </summary>
    private static async Task<IReadOnlyList<KeyValuePair<string, long>>?> NumberingAsync(
        string database, TimeSpan busyTimeout, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!HasSqliteHeader(database))
        {
            return null;
        }

        try
        {
            await using var connection = new SqliteConnection(SqliteConnections.Unpooled(database, SqliteOpenMode.ReadOnly));
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            // Released, the store is this command's alone; with --force a process the operator took for stopped may still be writing
            // into it: its write is waited for as the stores wait, and past that the numbering is unknown (null), as for a damaged store.
            // One wait for both reads, as the backup's: each waits what is left of it, so a lock let go and taken again between them is
            // not waited for afresh (until session 36 the setting per read, up to twice it).
            var wait = new BusyWait(busyTimeout, time);
            if (Run(connection, wait, "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = 'sqlite_sequence'", null, cancellationToken) == 0)
            {
                return []; // nothing was ever numbered
            }

            var numbering = new List<KeyValuePair<string, long>>();
            Run(connection, wait, "SELECT name, seq FROM sqlite_sequence ORDER BY name", null, row =>
            {
                numbering.Add(new(raw.sqlite3_column_text(row, 0).utf8_to_string(), raw.sqlite3_column_int64(row, 1)));
                return true;
            }, cancellationToken);
            return numbering;
        }
        catch (SqliteException)
        {
            return null;
        }
    }

    /// <summary>
    /// Makes the copy at <paramref name="copy"/> go on numbering after <paramref name="numbering"/> where it would give a number already
    /// given: <c>AUTOINCREMENT</c> never gives a number at or below the table's <c>sqlite_sequence</c> entry.
    /// </summary>
    private static async Task CarryNumberingAsync(string copy, IReadOnlyList<KeyValuePair<string, long>>? numbering, CancellationToken cancellationToken)
    {
        if (numbering is not { Count: > 0 })
        {
            return;
        }

        await using var connection = new SqliteConnection(SqliteConnections.Unpooled(copy, SqliteOpenMode.ReadWrite));
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction();
        foreach (var (table, last) in numbering)
        {
            await using var carry = connection.CreateCommand();
            carry.Transaction = transaction;
            // Every copy of schema 3 on has sqlite_sequence (feed_quarantine is numbered). A table the copy does not have yet (an older
            // backup) gets its entry all the same: the migration that creates it then numbers it on from there.
            carry.CommandText = """
                UPDATE sqlite_sequence SET seq = $last WHERE name = $table AND seq < $last;
                INSERT INTO sqlite_sequence (name, seq)
                SELECT $table, $last WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = $table);
                """;
            carry.Parameters.AddWithValue("$table", table);
            carry.Parameters.AddWithValue("$last", last);
            await carry.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// How long the restore lets another connection's lock go before it takes the store for in use: not the stores' wait
    /// (<see cref="DataStorageOptions.SqliteBusyTimeout"/>), which stands for waiting out another process's write. Leaving WAL mode needs
    /// the file's only connection, so any other connection, even an idle one of a running service that never lets go, answers busy:
    /// this is a probe of whether one is there, short so that a running service is said at once, long enough for a command that is
    /// just closing its connection. One wait for the probe's statement, its preparing and stepping together (<see cref="BusyWait"/>;
    /// about 30 s before 2026-12-05, Microsoft.Data.Sqlite retrying it for its command timeout, then up to 4 s until session 36). Not counted within the setting (session 36): it
    /// answers whether a service is using the store, not how long to wait for a write, and the numbering's read after it waits the
    /// setting from its own start, so a probe that waited for a closing command leaves the numbering its whole wait.
    /// </summary>
    private static readonly TimeSpan InUseProbe = TimeSpan.FromSeconds(2);

    /// <summary>Takes the store out of WAL mode, which only the file's one connection may do; anyone else's is a running service.</summary>
    private static async Task ReleaseAsync(string database, TimeProvider time, CancellationToken cancellationToken)
    {
        // A file whose header is not SQLite's is not opened at all: SQLite would take it for a new database and could drop the log
        // beside it, which may hold the store's last commits.
        if (!HasSqliteHeader(database))
        {
            throw new SqliteStoreUnreadableException(database, new InvalidDataException("its first bytes are not an SQLite header"));
        }

        string? mode;
        try
        {
            await using var connection = new SqliteConnection(SqliteConnections.Unpooled(database, SqliteOpenMode.ReadWrite));
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            // The probe is one wait of its own (the setting is the numbering's, after it), run as the numbering's reads are: through a
            // Microsoft.Data.Sqlite command, preparing the statement and stepping it each waited the 2 s, up to 4 s.
            mode = null;
            Run(connection, new BusyWait(InUseProbe, time), "PRAGMA journal_mode = DELETE", null, row =>
            {
                mode = raw.sqlite3_column_text(row, 0).utf8_to_string();
                return false;
            }, cancellationToken);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6) // SQLITE_BUSY, SQLITE_LOCKED
        {
            throw new SqliteStoreInUseException(database, e);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 11 or 26) // SQLITE_CORRUPT, SQLITE_NOTADB
        {
            throw new SqliteStoreUnreadableException(database, e);
        }

        if (!string.Equals(mode, "delete", StringComparison.OrdinalIgnoreCase))
        {
            throw new SqliteStoreInUseException(database);
        }
    }

    /// <summary>A temporary name in <paramref name="path"/>'s folder, so that the rename to it is atomic.</summary>
    private static string Beside(string path) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.partial");

    /// <summary>To the disk before the file takes its name: SQLite does not sync what <c>VACUUM INTO</c> writes, nor does a copy.</summary>
    private static void Sync(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        file.Flush(flushToDisk: true);
    }

    private static bool HasSqliteHeader(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        Span<byte> header = stackalloc byte[16];
        return file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) == header.Length && header.SequenceEqual("SQLite format 3\0"u8);
    }

    private static async Task<SqliteBackupResult> CheckAsync(string copy, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(SqliteConnections.Unpooled(copy, SqliteOpenMode.ReadOnly));
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

        // A copy of our own, which no other connection holds: the wait is never used.
        var version = SchemaVersion(connection, new BusyWait(SqliteConnections.DefaultBusyTimeout, TimeProvider.System), cancellationToken);
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
}
