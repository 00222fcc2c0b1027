using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace EmergencyPlans.Infrastructure.Persistence.Sqlite;

/// <summary>
/// How every store on the SQLite file connects. The incident, feed and alert stores share one connection pool, so a
/// setting made per connection must be made by all of them alike, or a pooled connection behaves by whichever store
/// opened it first.
/// </summary>
/// <remarks>
/// <para>A store's file is never made again after its first use: the pooled connection string opens it read-write without
/// create, so a file deleted while the service runs is a refused open (SQLITE_CANTOPEN, said as the file gone), never a
/// new empty store served as if it were the old one. Only the incident store's migration (<see cref="ForCreate"/>) makes it.</para>
/// <para>A pooled connection holds its file open: when the file is deleted (its data folder removed) or another is moved
/// over it, the connection goes on reading and committing into the unlinked file, and what it acknowledged is gone at the
/// next start. Every connection a store takes is therefore checked against the file now at its path when it is opened
/// (<see cref="OpenAsync"/>, before a read or write) and after each commit (<see cref="CheckSameFile"/>), so that nothing
/// committed into a file that is no longer the store is acknowledged. The check is SQLite's own
/// (<c>SQLITE_FCNTL_HAS_MOVED</c>: one <c>stat</c> of the path, compared with the inode the connection opened), so it costs a
/// system call per store call, not per statement or per feed line.</para>
/// </remarks>
internal static class SqliteConnections
{
    /// <summary>Every open in the process goes through this class: the library's process-wide settings come first.</summary>
    static SqliteConnections() => SqliteLibrary.Configure();

    /// <summary>How long a writer waits for another connection's write lock by default (EmergencyPlans:SqliteBusyTimeout).</summary>
    public static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Run on every connection a store opens. synchronous=FULL: in WAL mode NORMAL syncs only at checkpoints, so a
    /// power cut or OS crash can lose the last committed transactions; an acknowledged incident event, feed line or
    /// alert that later vanishes would mislead the duty office, so every commit is fsynced before it is acknowledged.
    /// busy_timeout: how long a writer waits for another connection's write lock before failing (the store's setting; see
    /// <see cref="RetryFor"/> for why it is the whole wait).
    /// foreign_keys: SQLite checks REFERENCES only where a connection asks it to (an alert names an incident that must
    /// exist, as on PostgreSQL).
    /// </summary>
    public static string Pragmas(TimeSpan busyTimeout) => BusyTimeout(busyTimeout) + """

        PRAGMA synchronous = FULL;
        PRAGMA foreign_keys = ON;
        """;

    /// <summary>
    /// How long a statement on the connection waits for another connection's lock before SQLite answers busy: the whole wait on a
    /// connection of this class's (<see cref="RetryFor"/>). The stores' setting, and <c>store backup</c>'s and <c>store restore</c>'s.
    /// </summary>
    public static string BusyTimeout(TimeSpan busyTimeout) =>
        string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds};");

    /// <summary>
    /// Microsoft.Data.Sqlite's own retry of a statement SQLite answered busy, in seconds: it steps the statement again until a command's
    /// timeout (30 s by default) has passed since the first step. With busy_timeout 10 000 that made every busy write wait 30 s (three
    /// waits of SQLite's), not the 10 s said. One second: the first wait of SQLite's, busy_timeout (at least 1 s,
    /// <see cref="DataStorageOptions.SqliteBusyTimeout"/>), is then the whole wait.
    /// </summary>
    public const int RetryFor = 1;

    /// <summary>The pooled connection string for the database file at <paramref name="path"/> (a full path): the file must exist.</summary>
    public static string For(string path) => Build(path, SqliteOpenMode.ReadWrite, pooling: true);

    /// <summary>For the incident store's migration only: makes the file when missing, on a connection of its own (not pooled).</summary>
    public static string ForCreate(string path) => Build(path, SqliteOpenMode.ReadWriteCreate, pooling: false);

    /// <summary>
    /// A connection of a command's own to the file at <paramref name="path"/> (<c>store backup</c>, <c>store restore</c>: the store, a
    /// backup, a copy being made), not pooled: a copy is renamed once checked, and the store's pool is not the command's to keep. It
    /// waits as the stores' do (<see cref="RetryFor"/>): <see cref="BusyTimeout"/> is the whole wait.
    /// </summary>
    public static string Unpooled(string path, SqliteOpenMode mode) => Build(path, mode, pooling: false);

    private static string Build(string path, SqliteOpenMode mode, bool pooling) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = mode,
        Pooling = pooling,
        DefaultTimeout = RetryFor,
    }.ToString();

    /// <summary>
    /// Opens a connection of <paramref name="connectionString"/> to the store at <paramref name="path"/>, sets
    /// <paramref name="pragmas"/>, and checks that its file is still the one at the path (<see cref="Open"/>: Microsoft.Data.Sqlite opens
    /// and runs statements synchronously whatever a method is called, so one body serves both).
    /// </summary>
    /// <exception cref="SqliteStoreGoneException">The file (or its data folder) was deleted, or another was put in its place.</exception>
    public static Task<SqliteConnection> OpenAsync(string connectionString, string path, string pragmas, CancellationToken cancellationToken)
    {
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Task.FromResult(Open(connectionString, path, pragmas));
        }
        catch (Exception e)
        {
            return Task.FromException<SqliteConnection>(e);
        }
    }

    /// <summary>
    /// Opens a connection of <paramref name="connectionString"/> to the store at <paramref name="path"/>, sets <paramref name="pragmas"/>,
    /// and checks that its file is still the one at the path; also for a caller that cannot await (a feed batch begins synchronously).
    /// </summary>
    /// <exception cref="SqliteStoreGoneException">The file (or its data folder) was deleted, or another was put in its place.</exception>
    public static SqliteConnection Open(string connectionString, string path, string pragmas)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            try
            {
                connection.Open();
            }
            catch (SqliteException e) when (Gone(e, path) is { } gone)
            {
                throw gone;
            }

            CheckSameFile(connection, path);
            using var command = connection.CreateCommand();
            command.CommandText = pragmas;
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Throws when the file <paramref name="connection"/> has open is no longer the file at <paramref name="path"/> (deleted, its folder
    /// removed, or another moved over it), after emptying the pool of the handles on it: what the connection committed is not in the
    /// store. Run when a connection is taken and after every commit, before the write is acknowledged.
    /// </summary>
    /// <exception cref="SqliteStoreGoneException">The file was deleted or replaced.</exception>
    public static void CheckSameFile(SqliteConnection connection, string path)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!HasMoved(connection, path))
        {
            return;
        }

        // Every pooled connection of the store has the same dead file open: none may serve again. Connections in use are closed
        // when they are given back.
        SqliteConnection.ClearPool(connection);
        throw SqliteStoreGoneException.Of(path, inner: null);
    }

    /// <summary>The open failure <paramref name="e"/> as the store's file gone, when it is (SQLITE_CANTOPEN and no file at the path).</summary>
    private static SqliteStoreGoneException? Gone(SqliteException e, string path) =>
        (e.SqliteErrorCode & 0xFF) == SqliteCantOpen && !File.Exists(path) ? SqliteStoreGoneException.Of(path, e) : null;

    private const int SqliteCantOpen = 14;

    // https://sqlite.org/c3ref/c_fcntl_begin_atomic_write.html: "whether or not the database file has been moved or deleted".
    private const int SqliteFcntlHasMoved = 20;
    private const int SqliteOk = 0;

    private static readonly byte[] Main = "main\0"u8.ToArray();

    // Set once the bundled SQLite cannot be called directly (another SQLite provider, a trimmed build): the path's existence is then
    // the check, which sees a deleted file or folder but not a file moved over the store.
    private static volatile bool s_noFileControl;

    /// <summary>Whether the check asks SQLite (true until the bundled library cannot be called); tests turn it off to check the fallback.</summary>
    internal static bool UsesFileControl
    {
        get => !s_noFileControl;
        set => s_noFileControl = !value;
    }

    /// <summary>
    /// True when SQLite says the file of <paramref name="connection"/>'s main database was unlinked or renamed since it was opened
    /// (the unix VFS stats the path and compares the inode). Where it cannot tell (another VFS answers SQLITE_NOTFOUND, the library
    /// is not the bundled one), true when no file is at <paramref name="path"/>.
    /// </summary>
    private static bool HasMoved(SqliteConnection connection, string path)
    {
        if (s_noFileControl)
        {
            return !File.Exists(path);
        }

        var handle = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        var moved = 0;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            return FileControl(handle.DangerousGetHandle(), Main, SqliteFcntlHasMoved, ref moved) == SqliteOk ? moved != 0 : !File.Exists(path);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            s_noFileControl = true;
            return !File.Exists(path);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    // The bundled SQLite that Microsoft.Data.Sqlite loads (SQLitePCLRaw's e_sqlite3), whose wrapper has no sqlite3_file_control.
    [DllImport("e_sqlite3", EntryPoint = "sqlite3_file_control", ExactSpelling = true)]
    private static extern int FileControl(IntPtr db, byte[] name, int op, ref int arg);
}

/// <summary>
/// The store's database file is no longer the file at its path: it was deleted (or its data folder was), or another file was moved
/// over it, while the process ran. What a connection on the old file committed is not in the store, so it is not acknowledged.
/// </summary>
public sealed class SqliteStoreGoneException : IOException
{
    private SqliteStoreGoneException(string database, SqliteStoreGone what, Exception? inner)
        : base($"the SQLite store {database} {Said(what)} while the process ran", inner)
    {
        Database = database;
        What = what;
    }

    public string Database { get; }

    /// <summary>What became of the file.</summary>
    public SqliteStoreGone What { get; }

    /// <summary>The store at <paramref name="database"/> gone, saying whether its folder, its file, or only the file it had open is.</summary>
    internal static SqliteStoreGoneException Of(string database, Exception? inner) => new(
        database,
        !Directory.Exists(Path.GetDirectoryName(database)) ? SqliteStoreGone.Folder
            : !File.Exists(database) ? SqliteStoreGone.File
            : SqliteStoreGone.Replaced,
        inner);

    private static string Said(SqliteStoreGone what) => what switch
    {
        SqliteStoreGone.Folder => "is gone: its data folder was deleted",
        SqliteStoreGone.File => "is gone: its database file was deleted",
        _ => "was replaced: another file was put at its path",
    };
}

/// <summary>What became of a store's file (<see cref="SqliteStoreGoneException"/>).</summary>
public enum SqliteStoreGone
{
    /// <summary>Its data folder no longer exists.</summary>
    Folder,

    /// <summary>Its folder is there, its database file is not.</summary>
    File,

    /// <summary>A file is at its path, but not the one the store had open (moved or copied over it).</summary>
    Replaced,
}
