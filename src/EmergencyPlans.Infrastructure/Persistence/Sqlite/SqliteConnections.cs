using Microsoft.Data.Sqlite;

namespace EmergencyPlans.Infrastructure.Persistence.Sqlite;

/// <summary>
/// How every store on the SQLite file connects. The incident, feed and alert stores share one connection pool, so a
/// setting made per connection must be made by all of them alike, or a pooled connection behaves by whichever store
/// opened it first.
/// </summary>
internal static class SqliteConnections
{
    /// <summary>
    /// Run on every connection a store opens. synchronous=FULL: in WAL mode NORMAL syncs only at checkpoints, so a
    /// power cut or OS crash can lose the last committed transactions; an acknowledged incident event, feed line or
    /// alert that later vanishes would mislead the duty office, so every commit is fsynced before it is acknowledged.
    /// busy_timeout: how long a writer waits for another connection's write lock before failing. foreign_keys: SQLite
    /// checks REFERENCES only where a connection asks it to (an alert names an incident that must exist, as on
    /// PostgreSQL).
    /// </summary>
    public const string Pragmas = """
        PRAGMA busy_timeout = 10000;
        PRAGMA synchronous = FULL;
        PRAGMA foreign_keys = ON;
        """;

    /// <summary>The pooled connection string for the database file at <paramref name="path"/> (a full path).</summary>
    public static string For(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
    }.ToString();
}
