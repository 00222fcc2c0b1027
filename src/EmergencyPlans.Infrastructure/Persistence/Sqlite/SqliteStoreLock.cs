namespace EmergencyPlans.Infrastructure.Persistence.Sqlite;

/// <summary>
/// The store's lock file (<c>emergencyplans.db.lock</c>, beside the database): every process that uses the store holds it shared for
/// as long as its store lives, and a restore holds it alone from its first check to its last rename.
/// </summary>
/// <remarks>
/// <para>Without it a restore could only tell a running service by the connections the service had open at the moment it looked (WAL
/// mode can be left only by the file's one connection): a service idle with its pool emptied, or one started between that check and
/// the rename, kept writing into the file the restore had moved aside, and what it acknowledged was not in the store put in place.
/// The lock covers the whole restore, and it is the process's own: the kernel lets it go when the process ends, kill -9 included, so
/// a crash leaves nothing to clean up.</para>
/// <para>The lock is <c>flock(2)</c>, taken by .NET's <see cref="FileShare"/> on Unix (a reader's share for the users, none for the
/// restore). It is advisory: it guards against this service's own processes, not against someone copying files by hand, and it is
/// off when <c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING</c> is set, in which case only the connection check stands.</para>
/// </remarks>
internal static class SqliteStoreLock
{
    /// <summary>The lock file of the store at <paramref name="database"/> (a full path).</summary>
    public static string PathOf(string database) => database + ".lock";

    /// <summary>Takes the lock shared, as a process that uses the store; held until the stream is disposed.</summary>
    /// <exception cref="SqliteStoreRestoringException">A restore of this store is running.</exception>
    public static FileStream Share(string database)
    {
        try
        {
            return Open(database, FileAccess.Read, FileShare.ReadWrite);
        }
        catch (IOException e) when (IsHeld(e))
        {
            throw new SqliteStoreRestoringException(database, e);
        }
        catch (IOException e) when (e is not FileNotFoundException)
        {
            // The data folder refuses the lock file (read-only, an I/O error), or is gone (deleted while the process ran, after it was
            // made: a DirectoryNotFoundException, which was an internal error): the store cannot be used, and says why.
            throw new SqliteStoreFolderException(database, e);
        }
    }

    /// <summary>Takes the lock alone, as a restore; held until the stream is disposed.</summary>
    /// <exception cref="SqliteStoreInUseException">Another process uses the store (or restores it).</exception>
    public static FileStream Exclusive(string database)
    {
        try
        {
            return Open(database, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (IsHeld(e))
        {
            throw new SqliteStoreInUseException(database, e);
        }
    }

    /// <summary>
    /// Opens (or makes) the lock file: 0600 on Unix like every file of the data folder (it was made 0644, the process's default, while
    /// operations.md says every file there is the service user's alone); one made before by an older build is set to 0600 as the
    /// database is (<see cref="SqliteOwnerOnly.Restrict"/>). It is empty, but its name tells who uses the store.
    /// </summary>
    private static FileStream Open(string database, FileAccess access, FileShare share)
    {
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = access, Share = share };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = SqliteOwnerOnly.FileMode;
        }

        var stream = new FileStream(PathOf(database), options);
        SqliteOwnerOnly.Restrict(stream.Name);
        return stream;
    }

    /// <summary>
    /// True for the lock held by another process: a plain <see cref="IOException"/> with flock's EWOULDBLOCK (11 on Linux, 35 on macOS)
    /// or Windows' sharing violation. Any other error opening the lock file is not a restore: a read-only file system (EROFS, 30) was
    /// answered "the store is being restored" at every request, and the operator waited for a restore that was not running. Its
    /// subclasses (file or folder not found, path too long) are other failures too.
    /// </summary>
    internal static bool IsHeld(IOException e) =>
        e.GetType() == typeof(IOException) && e.HResult is 11 or 35 or unchecked((int)0x80070020);
}

/// <summary>The store's folder refuses its lock file for a reason other than a restore (a read-only file system, an I/O error), or is gone.</summary>
public sealed class SqliteStoreFolderException(string database, IOException inner)
    : IOException($"the SQLite store {database} cannot be used: its lock file {SqliteStoreLock.PathOf(database)} cannot be opened ({inner.Message})", inner)
{
    public string Database { get; } = database;
}

/// <summary>The store is being restored (<c>store restore</c> holds its lock): it cannot be used until the restore ends.</summary>
public sealed class SqliteStoreRestoringException(string database, Exception? inner = null)
    : IOException($"the SQLite store {database} is being restored (store restore holds {SqliteStoreLock.PathOf(database)}); use it once the restore has ended", inner)
{
    public string Database { get; } = database;
}
