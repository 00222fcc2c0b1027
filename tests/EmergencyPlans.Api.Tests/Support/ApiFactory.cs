using System.Reflection;
using EmergencyPlans.Core.Domain;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace EmergencyPlans.Api.Tests.Support;

/// <summary>
/// The real host in memory: its own data directory, one clear-text key per role, no first-run keys,
/// and a <see cref="FakeTimeProvider"/> standing still at <see cref="Now"/> so every due time is exact.
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>
{
    /// <summary>The instant the host believes it is: 2026-03-01 10:00 in Jincheng (UTC+8).</summary>
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 10, 0, 0, TimeSpan.FromHours(8));

    private readonly Dictionary<string, string> _settings = new(StringComparer.Ordinal);

    public ApiFactory()
    {
        DataDirectory = Directory.CreateTempSubdirectory("emergencyplans-api-").FullName;
    }

    public FakeTimeProvider Clock { get; } = new(Now);

    public string DataDirectory { get; }

    /// <summary>Adds or overrides a configuration value before the host is first built.</summary>
    public ApiFactory With(string key, string value)
    {
        _settings[key] = value;
        return this;
    }

    /// <summary>A client that sends the key of <paramref name="role"/>.</summary>
    public HttpClient As(string role)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Keys.For(role));
        return client;
    }

    /// <summary>A client without credentials.</summary>
    public HttpClient Anonymous() => CreateClient();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseSetting("EmergencyPlans:DataDirectory", DataDirectory);
        builder.UseSetting("EmergencyPlans:PlansDirectory", Paths.Plans);

        // A key per role (Keys), so each test acts in the role it names.
        foreach (var (key, value) in Keys.Settings())
        {
            builder.UseSetting(key, value);
        }

        // The probe's disk alarm reads the machine's free space, which no test but its own should depend on (DiskSpaceHealthTests).
        builder.UseSetting("EmergencyPlans:DiskSpaceAlarmBytes", "0");

        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        // The host logs every 4xx it explains; the tests assert those answers themselves.
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.Hosting.Lifetime", "Warning");
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by a pool on a slow shutdown: the temp folder is cleaned by the OS.
            }
        }
    }
}

/// <summary>
/// One key per credential role of <see cref="RoleCatalogue"/>, in clear (>= 16 characters), as
/// Auth:Keys:{i}:Key and Auth:Keys:{i}:Roles:0. A test names a key by its role id, e.g. <see cref="RoleCatalogue.Commander"/>.
/// </summary>
public static class Keys
{
    /// <summary>Every role a credential may carry, in catalogue order (the order RoleMatrixTests' rows follow).</summary>
    public static IReadOnlyList<string> Roles => RoleCatalogue.CredentialIds;

    /// <summary>A second duty officer, so two officers can race each other.</summary>
    public const string SecondDutyOfficer = "duty-officer#2";

    public const string WrongKey = "this-key-was-never-issued-0000";

    public static string For(string role) => $"test-key-{role.Replace('#', '-')}-0123456789abcdef";

    public static IEnumerable<(string Key, string Value)> Settings()
    {
        yield return ("Auth:CreateKeysOnFirstRun", "false");
        var i = 0;
        foreach (var role in Roles)
        {
            yield return ($"Auth:Keys:{i}:Name", $"test {role}");
            yield return ($"Auth:Keys:{i}:Key", For(role));
            yield return ($"Auth:Keys:{i}:Roles:0", role);
            i++;
        }

        yield return ($"Auth:Keys:{i}:Name", "test duty-officer 2");
        yield return ($"Auth:Keys:{i}:Key", For(SecondDutyOfficer));
        yield return ($"Auth:Keys:{i}:Roles:0", RoleCatalogue.DutyOfficer);
    }
}

public static class Paths
{
    /// <summary>The repository root, recorded at build time.</summary>
    public static string Repository { get; } = typeof(Paths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    public static string Plans => Path.Combine(Repository, "plans");

    /// <summary>The build configuration of these tests (Debug, Release), recorded at build time.</summary>
    public static string Configuration { get; } = typeof(Paths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "Configuration").Value!;

    /// <summary>
    /// A program of this repository as built with these tests (a project they build first without referencing it), by its
    /// project folder under the repository and its dll's name: <c>Built("src/EmergencyPlans.Cli", "emergencyplans.dll")</c>.
    /// </summary>
    public static string Built(string projectFolder, string dll) =>
        Path.Combine(Repository, projectFolder, "bin", Configuration, "net10.0", dll);

    /// <summary>
    /// How to start <paramref name="dll"/> with <paramref name="arguments"/> as a process of its own, on the dotnet host running
    /// these tests, its output redirected for the test to read.
    /// </summary>
    public static System.Diagnostics.ProcessStartInfo Process(string dll, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var start = new System.Diagnostics.ProcessStartInfo(
            Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet")
        {
            WorkingDirectory = workingDirectory ?? "",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }
}
