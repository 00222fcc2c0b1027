using Microsoft.Data.Sqlite;

namespace EmergencyPlans.Infrastructure.Tests.Persistence;

/// <summary>
/// A temporary folder for a test class's SQLite files. Disposing it empties the connection pool first (a pooled
/// connection keeps its file open) and then deletes the folder; a file the OS still holds is left for it to clean.
/// </summary>
internal sealed class SqliteTestFolder(string name) : IDisposable
{
    private readonly string _path = Directory.CreateTempSubdirectory($"emergencyplans-{name}-").FullName;

    /// <summary>The path of <paramref name="file"/> inside the folder.</summary>
    public string File(string file) => Path.Combine(_path, file);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_path, recursive: true);
        }
        catch (IOException)
        {
            // cleaned by the OS
        }
    }
}
