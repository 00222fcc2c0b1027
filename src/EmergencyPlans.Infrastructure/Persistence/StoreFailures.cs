using EmergencyPlans.Application.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace EmergencyPlans.Infrastructure.Persistence;

/// <summary>Why the store cannot take a write now, for the operator who must act on it and the user who must send again.</summary>
/// <param name="English">What is wrong, for the problem document and the log.</param>
/// <param name="Chinese">What is wrong, for the command line's verdict.</param>
/// <param name="Damaged">The store's file is damaged: it will not serve again until a backup is restored (the readiness probe says so).</param>
/// <param name="Busy">Another process holds the SQLite store's write lock past the store's wait (<see cref="StoreFailures.IsBusy"/>): nothing is
/// wrong, and the same request succeeds once it lets go.</param>
public sealed record StoreUnavailable(string English, string Chinese, bool Damaged = false, bool Busy = false);

/// <summary>Why the store can never be used as configured, naming what the operator must change (<see cref="StoreFailures.RefusalOf"/>).</summary>
/// <param name="English">For the host's "Not started: …" line, the log and the problem document.</param>
/// <param name="Chinese">For the command line's verdict, the setting named as the environment variable a person in the duty office sets.</param>
public sealed record StoreRefusal(string English, string Chinese);

/// <summary>
/// Remembers that the store answered it is damaged (SQLite's CORRUPT or NOTADB), for the readiness probe: its own query reads a page
/// or two and passed while every incident request failed 503, so a load balancer kept sending work to the instance. A damaged file
/// does not mend itself; restoring a backup needs the service stopped, so what is remembered lasts as long as the process. Requests
/// (the exception handler, the feed's abort) and the alert scan (<see cref="Application.Ports.IStoreDamageWatch"/>) report to it.
/// </summary>
public sealed class StoreDamageWatch : Application.Ports.IStoreDamageWatch
{
    private StoreUnavailable? _damage;

    /// <summary>The first damage a request or the alert scan met, or null.</summary>
    public StoreUnavailable? Damage => Volatile.Read(ref _damage);

    /// <summary>Takes note of <paramref name="exception"/> when it is a storage failure (<see cref="StoreFailures.Of"/>) saying the store is damaged.</summary>
    public void Saw(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (StoreFailures.Of(exception) is { } failure)
        {
            Saw(failure);
        }
    }

    /// <summary>Takes note of <paramref name="failure"/> when it says the store is damaged.</summary>
    public void Saw(StoreUnavailable failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        if (failure.Damaged)
        {
            Interlocked.CompareExchange(ref _damage, failure, null);
        }
    }
}

/// <summary>
/// The store as a whole cannot serve now (<see cref="StoreFailures.IsUnavailable"/>) for a reason a wait or the operator mends: a full
/// disk, a busy lock, a server unreachable, a folder gone, a restore. Damage is not one here: a damaged page may be one incident's, and the
/// alert scan goes on past it to the others while <see cref="StoreDamageWatch"/> tells readiness.
/// </summary>
public sealed class StoreOutages : Application.Ports.IStoreOutages
{
    public bool IsOutage(Exception exception) =>
        StoreFailures.IsUnavailable(exception) && StoreFailures.Of(exception) is not { Damaged: true };
}

/// <summary>
/// The store cannot be used by this build with this configuration, however often it is tried: its schema is newer than the build
/// knows, or its log is of a version it cannot read. The host refuses to start on it (exit 78); a request that meets it is answered
/// 503 with the reason.
/// </summary>
public sealed class StoreRefusedException : InvalidOperationException
{
    public StoreRefusedException()
    {
    }

    /// <param name="message">What is wrong and what to do, in English (the host's log).</param>
    /// <param name="chinese">The same for the command line, in Chinese.</param>
    public StoreRefusedException(string message, string chinese)
        : base(message)
    {
        Chinese = chinese;
    }

    /// <summary>The reason in Chinese, for the command line; null when only the English one was given.</summary>
    public string? Chinese { get; }

    public StoreRefusedException(string message)
        : base(message)
    {
    }

    public StoreRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Failures of the storage itself rather than of a request: the disk is full, the file system refuses writes or reads, the file is
/// damaged, the database server is unreachable. Nothing of the request that met one was stored, and the same request succeeds once the operator has
/// fixed the cause, so hosts answer them as unavailable (503, exit 74) with the reason, never as an internal error.
/// </summary>
public static class StoreFailures
{
    // SQLite's primary result codes (https://sqlite.org/rescode.html); extended codes keep them in their low byte.
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteReadOnly = 8;
    private const int SqliteIoError = 10;
    // SQLITE_IOERR_SHMSIZE: the unix VFS could not grow the WAL index (the -shm file) beside the store, which a full disk does (ENOSPC; a
    // quota's EDQUOT alike). Every connection's first read needs it, so a store opened on a full disk fails its reads as well.
    private const int SqliteIoErrorShmSize = SqliteIoError | (19 << 8);
    private const int SqliteCorrupt = 11;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;
    private const int SqliteNotADatabase = 26;

    /// <summary>
    /// True when SQLite could not write or open a file (full, read-only, an I/O error, cannot open), as opposed to finding the data
    /// damaged or refusing the statement: for a caller that knows which file it was writing (a backup's copy, not the store).
    /// </summary>
    internal static bool IsFileWriteFailure(SqliteException e) => (e.SqliteErrorCode & 0xFF) is SqliteReadOnly or SqliteIoError or SqliteFull or SqliteCantOpen;

    /// <summary>
    /// What the operator must change when <paramref name="exception"/> says the store can never be used as configured, whatever is
    /// retried: PostgreSQL refused the credentials (28P01, 28000), has no such database (3D000), lets the user create or use no table
    /// (42501) or has no schema to create them in (3F000), the store's schema is newer than
    /// this build or its log of a version it cannot read, its data folder cannot be written (<see cref="StoreRefusedException"/>).
    /// Null for anything else (an unreachable server, a full disk, a busy database: those may mend by themselves). The one
    /// classification of the host (exit 78, "Not started: …") and the command line (exit 78, in Chinese).
    /// </summary>
    public static StoreRefusal? RefusalOf(Exception exception)
    {
        foreach (var e in ExceptionChain.Of(exception))
        {
            switch (e)
            {
                case PostgresException { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification } p:
                    return new StoreRefusal(
                        $"{ConnectionSetting}: the PostgreSQL server refused the user or password ({p.SqlState}: {p.MessageText})",
                        $"PostgreSQL 服务器拒绝了用户名或密码（{p.SqlState}：{p.MessageText}）：请改正环境变量 {ConnectionVariable} 中的 Username / Password");
                case PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName } p:
                    return new StoreRefusal(
                        $"{ConnectionSetting}: the PostgreSQL server has no such database ({p.SqlState}: {p.MessageText})",
                        $"PostgreSQL 服务器上没有这个数据库（{p.SqlState}：{p.MessageText}）：请改正环境变量 {ConnectionVariable} 中的 Database，或先建库");
                // The user may not create or use the store's tables (PostgreSQL 15 grants CREATE on public to the database's owner only), or
                // the Search Path names no schema: a stack and exit 134 at start, restarted for ever by the documented unit (an operations
                // review, session 53).
                case PostgresException { SqlState: PostgresErrorCodes.InsufficientPrivilege } p:
                    return new StoreRefusal(
                        $"{ConnectionSetting}: the PostgreSQL user may not create or use the store's tables ({p.SqlState}: {p.MessageText}); grant it "
                        + "USAGE and CREATE on the schema (since PostgreSQL 15 only the database's owner may create in public), or connect as the owner",
                        $"PostgreSQL 用户无权建立或使用本服务的表（{p.SqlState}：{p.MessageText}）：请授予该用户对所用 schema 的 USAGE 和 CREATE 权限"
                        + $"（PostgreSQL 15 起只有数据库所有者可在 public 中建表），或改用所有者连接（环境变量 {ConnectionVariable}）");
                case PostgresException { SqlState: PostgresErrorCodes.InvalidSchemaName } p:
                    return new StoreRefusal(
                        $"{ConnectionSetting}: there is no schema to keep the store's tables in ({p.SqlState}: {p.MessageText}); create the schema its "
                        + "Search Path names, or correct Search Path",
                        $"没有可用于存放本服务数据表的 schema（{p.SqlState}：{p.MessageText}）：请先建立环境变量 {ConnectionVariable} 中 Search Path 所指的 schema，或改正 Search Path");
                case StoreRefusedException r:
                    return new StoreRefusal(r.Message, r.Chinese ?? r.Message);
            }
        }

        return null;
    }

    /// <summary>
    /// True when the SQLite store is held by another connection past the store's busy timeout (SQLITE_BUSY, SQLITE_LOCKED, extended
    /// codes included): another process (the service, a second command) keeps a write open. Nothing is wrong with the store, and the
    /// same command succeeds once the other lets go; the command line exits 75 (EX_TEMPFAIL) for it, not 70 as a bug.
    /// </summary>
    public static bool IsBusy(Exception exception) =>
        ExceptionChain.Of(exception).Any(e => e is SqliteException s && (s.SqliteErrorCode & 0xFF) is SqliteBusy or SqliteLocked);

    /// <summary>The English reason of <see cref="RefusalOf"/>, as the host logs it; null when the failure is not a refusal.</summary>
    public static string? Refusal(Exception exception) => RefusalOf(exception)?.English;

    private const string BusySetting = DataStorageOptions.Section + ":" + nameof(DataStorageOptions.SqliteBusyTimeout);

    private const string BusyVariable = DataStorageOptions.Section + "__" + nameof(DataStorageOptions.SqliteBusyTimeout);

    private const string ConnectionSetting = DataStorageOptions.Section + ":" + nameof(DataStorageOptions.PostgresConnectionString);

    private const string ConnectionVariable = DataStorageOptions.Section + "__" + nameof(DataStorageOptions.PostgresConnectionString);

    /// <summary>The storage failure behind <paramref name="exception"/> (itself or an inner exception); null for any other failure.</summary>
    public static StoreUnavailable? Of(Exception exception)
    {
        if (RefusalOf(exception) is { } refusal)
        {
            // Not mended by waiting, but not the request's fault either: the operator must change the configuration or the build.
            return new StoreUnavailable($"the store cannot be used: {refusal.English}", $"无法使用数据库：{refusal.Chinese}");
        }

        foreach (var e in ExceptionChain.Of(exception))
        {
            var found = e switch
            {
                SqliteException s => (s.SqliteErrorCode & 0xFF) switch
                {
                    SqliteFull => Full(s.Message),
                    // Another process (a command, a second service on the folder) held the write lock past busy_timeout: the API
                    // answered 500 for it, while the command line exits 75 (it tests IsBusy first). Nothing of the request was written.
                    SqliteBusy or SqliteLocked => new StoreUnavailable(
                        $"the SQLite store is busy: another process holds its write lock longer than the store waits for it ({BusySetting}, 10 s unless set) ({s.Message})",
                        $"数据库正被其他进程占用（另一进程持有写锁，超过本程序的等待时间仍未释放；等待时间由环境变量 {BusyVariable} 设定，默认 10 秒）（{s.Message}）", Busy: true),
                    // Seen on a full tmpfs at a (re)start: "disk I/O error", said until session 59 as a failing file system (review s58,
                    // operations finding 5), while the disk check beside it said 0 bytes free.
                    SqliteIoError when s.SqliteExtendedErrorCode == SqliteIoErrorShmSize => new StoreUnavailable(
                        $"the store's disk is full: SQLite could not grow the store's shared-memory file (-shm) beside it ({s.Message}), so reads fail as well as writes: free space for it",
                        $"数据库所在磁盘已满：无法扩展数据库旁的共享内存文件（-shm）（{s.Message}），读取和写入均无法进行：请腾出空间"),
                    SqliteIoError => new StoreUnavailable($"the SQLite store's file system failed ({s.Message})", $"数据库文件读写失败（{s.Message}）"),
                    SqliteReadOnly => new StoreUnavailable($"the SQLite store is read-only ({s.Message})", $"数据库为只读，无法写入（{s.Message}）"),
                    SqliteCantOpen => new StoreUnavailable($"the SQLite store cannot be opened ({s.Message})", $"无法打开数据库文件（{s.Message}）"),
                    SqliteCorrupt or SqliteNotADatabase => new StoreUnavailable(
                        $"the SQLite store is damaged ({s.Message}): stop the service and restore a backup (store restore)",
                        $"数据库文件已损坏（{s.Message}）：请停止服务，用 store restore 从备份恢复", Damaged: true),
                    _ => null,
                },
                PostgresException p => p.SqlState switch
                {
                    PostgresErrorCodes.DiskFull => Full(p.MessageText),
                    PostgresErrorCodes.IoError => new StoreUnavailable($"the PostgreSQL server's storage failed ({p.MessageText})", $"PostgreSQL 服务器存储读写失败（{p.MessageText}）"),
                    PostgresErrorCodes.ReadOnlySqlTransaction => new StoreUnavailable($"the PostgreSQL server takes no writes ({p.MessageText})", $"PostgreSQL 服务器不接受写入（{p.MessageText}）"),
                    // The server shut down or restarted under the connection (57P01: pg_terminate_backend, a fast shutdown), is starting
                    // up, or the connection failed (class 08): the next request, on a new connection, may well succeed.
                    var state when state is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
                        || state.StartsWith("08", StringComparison.Ordinal) =>
                        new StoreUnavailable($"the PostgreSQL server ended the connection ({p.SqlState}: {p.MessageText})", $"PostgreSQL 服务器中断了连接（{p.SqlState}：{p.MessageText}）"),
                    _ => null,
                },
                // The store's file deleted (or its folder) or replaced while the process ran, met by a pooled connection still on the
                // old file or by a new one finding none: nothing of what it committed, if anything, is in the store (SqliteConnections).
                Sqlite.SqliteStoreGoneException { What: Sqlite.SqliteStoreGone.Folder } => new StoreUnavailable(
                    "the SQLite store's data folder no longer exists (it was deleted while the service ran): put it back, or restore a backup into it (store restore)",
                    "数据库所在文件夹已不存在（在服务运行期间被删除）：请将其放回，或用 store restore 从备份恢复到该文件夹"),
                Sqlite.SqliteStoreGoneException { What: Sqlite.SqliteStoreGone.File } => new StoreUnavailable(
                    "the SQLite store's database file no longer exists (it was deleted while the service ran): put it back, or restore a backup (store restore)",
                    "数据库文件已不存在（在服务运行期间被删除）：请将其放回，或用 store restore 从备份恢复"),
                Sqlite.SqliteStoreGoneException => new StoreUnavailable(
                    "the SQLite store's database file was replaced while the service ran (another file was put at its path): this write went to the file it replaced and was not kept",
                    "数据库文件在服务运行期间被替换（其路径上已是另一个文件）：本次写入落在被替换的旧文件中，未被保存"),
                // The data folder was deleted while the process ran: the store's files went with it. Not made again here, which would
                // start an empty store in its place; the operator puts it back (or restores a backup into it).
                Sqlite.SqliteStoreFolderException { InnerException: DirectoryNotFoundException gone } => new StoreUnavailable(
                    $"the SQLite store's data folder no longer exists ({gone.Message}): put it back, or restore a backup into it (store restore)",
                    $"数据库所在文件夹已不存在（{gone.Message}）：请将其放回，或用 store restore 从备份恢复到该文件夹"),
                // The data folder refused the store's lock file (a read-only file system, an I/O error): not a restore.
                Sqlite.SqliteStoreFolderException f => new StoreUnavailable(
                    $"the SQLite store's folder cannot be written ({f.InnerException!.Message}): check that it is not read-only and that its disk works",
                    $"数据库所在文件夹无法写入（{f.InnerException!.Message}）：请检查该文件夹是否只读、磁盘是否正常"),
                // Not a server's answer but the way to it (refused, broken pipe, timeout): Npgsql calls those transient.
                NpgsqlException { IsTransient: true } n =>
                    new StoreUnavailable($"the PostgreSQL server cannot be reached ({n.Message})", $"无法连接 PostgreSQL 服务器（{n.Message}）"),
                _ => null,
            };
            if (found is not null)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>
    /// True when the store cannot serve now for a reason of its own, which a host answers with 503: a failure <see cref="Of"/> names,
    /// or a restore holding the SQLite store (<see cref="Sqlite.SqliteStoreRestoringException"/>).
    /// </summary>
    public static bool IsUnavailable(Exception exception) =>
        ExceptionChain.Find<Sqlite.SqliteStoreRestoringException>(exception) is not null || Of(exception) is not null;

    /// <summary>
    /// True for a failure of the store or its database: <see cref="IsUnavailable"/>, or any error a database answered
    /// (<see cref="System.Data.Common.DbException"/>, itself or inner), transient ones included. What a feed batch stops for rather than
    /// quarantining the line it was applying (<see cref="Application.Ports.IFeedStore.IsStoreFailure"/>).
    /// </summary>
    public static bool IsStoreFailure(Exception exception) =>
        ExceptionChain.Find<System.Data.Common.DbException>(exception) is not null || IsUnavailable(exception);

    private static StoreUnavailable Full(string message) =>
        new($"the store's disk is full ({message}): free space for it", $"数据库所在磁盘已满（{message}）：请腾出空间");
}
