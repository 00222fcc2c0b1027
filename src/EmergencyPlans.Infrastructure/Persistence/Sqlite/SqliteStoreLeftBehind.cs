using System.Globalization;
using Microsoft.Data.Sqlite;

namespace EmergencyPlans.Infrastructure.Persistence.Sqlite;

/// <summary>What an SQLite store that the service does not use holds, read without changing a byte of it or its folder.</summary>
/// <param name="Incidents">How many incidents its file holds; null when it could not be read (<paramref name="Error"/>).</param>
/// <param name="UnreadLog">True when a <c>-wal</c> lies beside it: what it holds (the last commits) is not counted.</param>
/// <param name="Error">Why it could not be read; null when it was.</param>
public sealed record SqliteStoreContents(long? Incidents, bool UnreadLog, string? Error);

/// <summary>
/// An SQLite store in the data folder of a service configured for PostgreSQL (<c>EmergencyPlans:StoreProvider=postgres</c>): switched
/// over a populated folder, the service started Healthy on an empty PostgreSQL store and said nothing of the thousands of incidents
/// beside it (ops review, session 47, O4).
/// </summary>
public static class SqliteStoreLeftBehind
{
    /// <summary>
    /// The incidents of the store at <paramref name="database"/>, opened as immutable (SQLite's <c>immutable=1</c>): no lock taken, no
    /// <c>-wal</c> or <c>-shm</c> made or touched (a read-only open made both beside a store in WAL mode, and left them), and only the main
    /// file read, so commits still in a <c>-wal</c> are not counted (<see cref="SqliteStoreContents.UnreadLog"/>). Null when there is no file.
    /// </summary>
    public static SqliteStoreContents? Read(string database)
    {
        ArgumentException.ThrowIfNullOrEmpty(database);
        if (!File.Exists(database))
        {
            return null;
        }

        SqliteLibrary.Configure(); // this look may be the process's first open
        var unreadLog = new FileInfo(database + "-wal") is { Exists: true, Length: > 0 };
        try
        {
            var uri = new Uri(Path.GetFullPath(database)).AbsoluteUri + "?immutable=1";
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = uri, Mode = SqliteOpenMode.ReadOnly, Pooling = false,
            }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = 'incidents'";
            if (Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
            {
                return new SqliteStoreContents(0, unreadLog, null);
            }

            command.CommandText = "SELECT COUNT(*) FROM incidents";
            return new SqliteStoreContents(Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture), unreadLog, null);
        }
        catch (SqliteException e)
        {
            return new SqliteStoreContents(null, unreadLog, e.Message);
        }
    }
}
