using System.Net;
using System.Text.Json;
using EmergencyPlans.Api.Auth;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Infrastructure.Persistence;
using Npgsql;

namespace EmergencyPlans.Api.Tests;

/// <summary>Configured keys (Auth:Keys) are the only valid ones: first-run keys made before stop working.</summary>
public sealed class ConfiguredKeysTests
{
    private const string FirstRunKey = "ep_0123456789abcdef0123456789abcdef0123456789abcdef";

    [Fact]
    public async Task ConfiguredKeys_TurnTheFirstRunKeysOff()
    {
        using var factory = new ApiFactory();
        Directory.CreateDirectory(factory.DataDirectory);
        await File.WriteAllTextAsync(Path.Combine(factory.DataDirectory, ApiKeyRegistry.KeysFileName),
            JsonSerializer.Serialize(new[] { new { Name = "first-run-commander", Role = RoleCatalogue.Commander, Sha256 = ApiKeyRegistry.Hash(FirstRunKey) } }));
        using var configured = factory.As(RoleCatalogue.Commander);
        using var firstRun = factory.Anonymous();
        firstRun.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", FirstRunKey);

        using var refused = await firstRun.GetAsync("/api/v1/incidents");
        using var accepted = await configured.GetAsync("/api/v1/incidents");

        await refused.ShouldHaveStatusAsync(HttpStatusCode.Unauthorized);
        await accepted.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public void WithoutConfiguredKeys_TheFirstRunKeysAreTheKeys_AndTheirFilesOwnerOnly()
    {
        var data = Directory.CreateTempSubdirectory("emergencyplans-keys-").FullName;
        try
        {
            var registry = ApiKeyRegistry.Create(new AuthOptions(), data, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

            registry.Count.Should().Be(Roles.All.Count);
            var key = File.ReadAllLines(Path.Combine(data, "first-run-keys.txt"))[0].Split('\t')[1];
            registry.Find(key).Should().NotBeNull();
            if (!OperatingSystem.IsWindows())
            {
                File.GetUnixFileMode(Path.Combine(data, "first-run-keys.txt")).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
                File.GetUnixFileMode(Path.Combine(data, ApiKeyRegistry.KeysFileName)).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>
    /// An <c>api-keys.json</c> put back from a backup with <c>cp</c> under umask 022 is 0644: the service that loads it sets it to 0600, as it
    /// does a database file made before (review s58, operations finding 9: it stayed 0644 after a start, without a word).
    /// </summary>
    [Fact]
    public void AKeysFileOpenToOthers_IsMadeOwnerOnly_WhenItsKeysAreLoaded()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var data = Directory.CreateTempSubdirectory("emergencyplans-keys-").FullName;
        try
        {
            ApiKeyRegistry.Create(new AuthOptions(), data, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
            var file = Path.Combine(data, ApiKeyRegistry.KeysFileName);
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

            var registry = ApiKeyRegistry.Create(new AuthOptions(), data, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

            registry.Count.Should().Be(Roles.All.Count, "the keys it holds are loaded");
            File.GetUnixFileMode(file).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>A store refused for good at run time (a password changed under a running service) is 503 with the reason, not 500.</summary>
    [Fact]
    public void PermanentStoreFailures_AreUnavailable_NamingTheSetting()
    {
        var password = StoreFailures.Of(new PostgresException("password authentication failed for user \"x\"", "FATAL", "FATAL", "28P01"));
        var database = StoreFailures.Of(new PostgresException("database \"y\" does not exist", "FATAL", "FATAL", "3D000"));
        var newer = StoreFailures.Of(new StoreRefusedException("data/emergencyplans.db has store schema 11, newer than this build knows (10)"));

        password!.English.Should().Contain("EmergencyPlans:PostgresConnectionString").And.Contain("28P01");
        database!.English.Should().Contain("3D000");
        newer!.English.Should().Contain("newer than this build");
        new[] { password, database, newer }.Should().OnlyContain(f => !f.Damaged, "they are answered with Retry-After, as the operator can fix them");
    }
}
