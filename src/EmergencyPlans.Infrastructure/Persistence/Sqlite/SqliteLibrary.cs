namespace EmergencyPlans.Infrastructure.Persistence.Sqlite;

/// <summary>The SQLite library's settings for the whole process, made before it opens its first file.</summary>
internal static class SqliteLibrary
{
    private const int ConfigMemoryStatistics = 9; // SQLITE_CONFIG_MEMSTATUS

    private static readonly bool Configured = ConfigureOnce();

    /// <summary>Makes the settings once, before the first open; after one, the library keeps its defaults.</summary>
    public static void Configure() => _ = Configured;

    /// <summary>
    /// SQLite's count of its own memory off (<c>SQLITE_CONFIG_MEMSTATUS</c>): it takes a process-wide mutex at every allocation and release
    /// the library makes, and nothing here reads it (<c>sqlite3_memory_used</c>, a soft heap limit). SQLite's recommended compile-time options
    /// turn it off (sqlite.org/compile.html, <c>SQLITE_DEFAULT_MEMSTATUS=0</c>); the bundled library keeps the default, so it is set here.
    /// Measured over a feed ingest: the mutex's lock and unlock went from 2.4 % to 1.1 % of the process's samples (ADR 0008, session 50).
    /// Only before the library is initialised (its first open); after that SQLite answers SQLITE_MISUSE and nothing changes.
    /// </summary>
    private static bool ConfigureOnce()
    {
        SQLitePCL.Batteries_V2.Init();
        return SQLitePCL.raw.sqlite3_config(ConfigMemoryStatistics, 0) == SQLitePCL.raw.SQLITE_OK;
    }
}
