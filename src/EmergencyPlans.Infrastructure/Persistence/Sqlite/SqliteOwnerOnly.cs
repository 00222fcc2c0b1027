namespace EmergencyPlans.Infrastructure.Persistence.Sqlite;

/// <summary>
/// The store holds names and telephone numbers of people caught up in incidents: on Unix its folder is the service user's alone
/// (0700 when this service makes it) and its files, backups included, are readable and writable by that user only (0600). A file
/// or folder this user does not own is left as it is (the operator chose its mode).
/// </summary>
public static class SqliteOwnerOnly
{
    /// <summary>rw------- (0600).</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>rwx------ (0700).</summary>
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Makes <paramref name="folder"/> if missing, 0700 on Unix; an existing folder keeps its mode.</summary>
    public static void CreateFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, FolderMode);
        }
    }

    /// <summary>Sets <paramref name="path"/> to 0600 on Unix when it exists and this user may; otherwise does nothing.</summary>
    public static void Restrict(string path)
    {
        if (OperatingSystem.IsWindows() || !File.Exists(path))
        {
            return;
        }

        try
        {
            if (File.GetUnixFileMode(path) != FileMode)
            {
                File.SetUnixFileMode(path, FileMode);
            }
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            // Not this user's file, or gone meanwhile: its mode is not this service's to set.
        }
    }

    /// <summary>
    /// Before SQLite first opens <paramref name="database"/>: creates it empty with 0600 when missing (SQLite gives its -wal and -shm
    /// the database file's mode), or sets it and its -wal and -shm to 0600.
    /// </summary>
    public static void PrepareDatabase(string database)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        if (!File.Exists(database))
        {
            try
            {
                using var created = new FileStream(database, new FileStreamOptions
                {
                    Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = FileMode,
                });
            }
            catch (IOException) when (File.Exists(database))
            {
                // Another process made it first.
            }
        }

        foreach (var file in (string[])[database, database + "-wal", database + "-shm"])
        {
            Restrict(file);
        }
    }
}
