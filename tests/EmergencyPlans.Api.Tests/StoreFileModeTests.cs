using System.Net;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Infrastructure.Persistence.Sqlite;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// The data folder holds incident data (names, telephone numbers) and key hashes: on Unix the folder is the service user's alone
/// (0700) and the database, its -wal and -shm, the key files and backups are 0600, not world-readable.
/// </summary>
public sealed class StoreFileModeTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly string _root = Directory.CreateTempSubdirectory("emergencyplans-modes-").FullName;

    [Fact]
    public async Task TheDataFolder_ItsStoreAndItsBackups_AreTheServiceUsersAlone()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var data = Path.Combine(_root, "data");
        using (var host = new ApiFactory().With("EmergencyPlans:DataDirectory", data))
        {
            using var client = host.As(RoleCatalogue.DutyOfficer);
            using var opened = await client.PostJsonAsync("/api/v1/incidents", Bodies.Incident());
            await opened.ShouldHaveStatusAsync(HttpStatusCode.Created);

            File.GetUnixFileMode(data).Should().Be(OwnerOnly | UnixFileMode.UserExecute);

            // SQLite deletes -wal and -shm when the last connection closes (another test class clearing every pool did, and this test
            // found no -wal in CI). A connection of the test's own, held open while the modes are read, keeps them there: SQLite
            // creates them with the database file's mode, which is what the service relies on.
            using var reader = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(data, "emergencyplans.db")};Pooling=False");
            reader.Open();
            using (var read = reader.CreateCommand())
            {
                read.CommandText = "SELECT count(*) FROM sqlite_master";
                read.ExecuteScalar();
            }

            foreach (var file in new[] { "emergencyplans.db", "emergencyplans.db-wal", "emergencyplans.db-shm", "emergencyplans.db.lock" })
            {
                File.GetUnixFileMode(Path.Combine(data, file)).Should().Be(OwnerOnly, file);
            }

            var backup = Path.Combine(_root, "backups", "copy.db");
            await SqliteBackup.CreateAsync(Path.Combine(data, "emergencyplans.db"), backup, new EmergencyPlans.Infrastructure.Persistence.DataStorageOptions().SqliteBusyTimeout, TimeProvider.System, CancellationToken.None);
            File.GetUnixFileMode(backup).Should().Be(OwnerOnly);
            File.GetUnixFileMode(Path.GetDirectoryName(backup)!).Should().Be(OwnerOnly | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public async Task AStoreMadeBeforeIsMadeOwnerOnly_WhenTheServiceOpensIt()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var data = Path.Combine(_root, "older");
        Directory.CreateDirectory(data);
        var database = Path.Combine(data, "emergencyplans.db");
        await File.WriteAllBytesAsync(database, []);
        File.SetUnixFileMode(database, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var lockFile = database + ".lock";
        await File.WriteAllBytesAsync(lockFile, []);
        File.SetUnixFileMode(lockFile, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        using var host = new ApiFactory().With("EmergencyPlans:DataDirectory", data);
        using var client = host.As(RoleCatalogue.DutyOfficer);
        using var ready = await client.GetAsync("/health/ready");

        await ready.ShouldHaveStatusAsync(HttpStatusCode.OK);
        File.GetUnixFileMode(database).Should().Be(OwnerOnly);
        File.GetUnixFileMode(lockFile).Should().Be(OwnerOnly, "the lock file an older build made 0644 is set as the database is");
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }
}
