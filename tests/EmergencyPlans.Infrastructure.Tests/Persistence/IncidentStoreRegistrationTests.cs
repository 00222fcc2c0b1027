using EmergencyPlans.Application.Ports;
using EmergencyPlans.Infrastructure.Persistence;
using EmergencyPlans.Infrastructure.Persistence.Postgres;
using EmergencyPlans.Infrastructure.Persistence.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EmergencyPlans.Infrastructure.Tests.Persistence;

/// <summary>AddInfrastructure as every host calls it: settings in, the configured store out, bad settings named.</summary>
public sealed class IncidentStoreRegistrationTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), $"emergencyplans-di-{Guid.NewGuid():N}");

    [Theory]
    [InlineData("sqlite", typeof(SqliteIncidentStore))]
    [InlineData("SQLite", typeof(SqliteIncidentStore))]
    [InlineData("postgres", typeof(PostgresIncidentStore))]
    public async Task AddInfrastructure_ConfiguredProvider_RegistersASingletonOfIt(string provider, Type expected)
    {
        var services = Services(provider, "Host=127.0.0.1;Port=1;Username=nobody;Database=none");

        services.Should().ContainSingle(d => d.ServiceType == typeof(IIncidentStore))
            .Which.Lifetime.Should().Be(ServiceLifetime.Singleton);
        await using var provided = services.BuildServiceProvider();
        var store = provided.GetRequiredService<IIncidentStore>();
        store.Should().BeOfType(expected);
        provided.GetRequiredService<IIncidentStore>().Should().BeSameAs(store);
    }

    [Fact]
    public async Task AddInfrastructure_RelativeDataDirectory_IsTakenFromTheContentRoot()
    {
        var services = Services("sqlite", null, dataDirectory: "relative-data", contentRoot: _data);

        await using var provided = services.BuildServiceProvider();

        provided.GetRequiredService<IOptions<DataStorageOptions>>().Value.SqlitePath
            .Should().Be(Path.Combine(_data, "relative-data", DataStorageOptions.SqliteFileName));
    }

    [Theory]
    [InlineData("postgres", null, "EmergencyPlans:PostgresConnectionString is required when StoreProvider is postgres")]
    [InlineData("mysql", "Host=x", "EmergencyPlans:StoreProvider must be sqlite or postgres; got 'mysql'")]
    [InlineData("", "Host=x", "EmergencyPlans:StoreProvider must be sqlite or postgres; got ''")]
    public async Task AddInfrastructure_BadSettings_FailNamingTheSetting(string provider, string? connectionString, string message)
    {
        await using var provided = Services(provider, connectionString).BuildServiceProvider();

        var resolve = () => provided.GetRequiredService<IIncidentStore>();

        resolve.Should().Throw<OptionsValidationException>().Which.Failures.Should().Contain(message);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:00:01")]
    [InlineData("00:00:00.500")]
    [InlineData("00:02:00.001")]
    [InlineData("1.00:00:00")]
    public async Task AddInfrastructure_ABusyTimeoutUnderASecondOrAboveTwoMinutes_FailsNamingTheSetting(string timeout)
    {
        // The store's wait for another process's write lock: none at all would answer 503 at every overlap, hours would hold
        // the caller (and the feed's batch) long after it has given up.
        await using var provided = Services("sqlite", null, busyTimeout: timeout).BuildServiceProvider();

        var resolve = () => provided.GetRequiredService<IIncidentStore>();

        resolve.Should().Throw<OptionsValidationException>().Which.Failures.Should().ContainSingle()
            .Which.Should().StartWith("EmergencyPlans:SqliteBusyTimeout must be a time from 00:00:01 to 00:02:00");
    }

    [Fact]
    public async Task AddInfrastructure_TheBusyTimeout_IsHowLongAWriteWaitsForAnotherProcesssWriteLock()
    {
        // 10 s was fixed in the pragmas every connection runs, and Microsoft.Data.Sqlite retried the busy statement for its command
        // timeout (30 s) on top: a busy write waited 30 s. The setting is now the whole wait of the stores the host registers.
        var services = Services("sqlite", null, busyTimeout: "00:00:01.500");
        await using var provided = services.BuildServiceProvider();
        provided.GetRequiredService<IOptions<DataStorageOptions>>().Value.SqliteBusyTimeout.Should().Be(TimeSpan.FromMilliseconds(1500));
        var store = provided.GetRequiredService<IIncidentStore>();
        await store.PingAsync();

        // Another process's write begun and not committed, on a connection of its own.
        var path = provided.GetRequiredService<IOptions<DataStorageOptions>>().Value.SqlitePath;
        await using var other = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        await other.OpenAsync();
        await using var held = other.BeginTransaction(deferred: false);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var busy = await Assert.ThrowsAnyAsync<Exception>(() => store.RecordIdempotencyAsync(new IdempotencyRecord("k", "h", null, null)));
        watch.Stop();

        StoreFailures.IsBusy(busy).Should().BeTrue();
        StoreFailures.Of(busy)!.English.Should().Contain("EmergencyPlans:SqliteBusyTimeout");
        watch.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(1400)).And.BeLessThan(TimeSpan.FromSeconds(6), "it waits 1.5 s as set, not 10 s or 30 s");
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    private ServiceCollection Services(string provider, string? connectionString, string? dataDirectory = null, string? contentRoot = null, string? busyTimeout = null)
    {
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["EmergencyPlans:StoreProvider"] = provider,
            ["EmergencyPlans:PostgresConnectionString"] = connectionString,
            ["EmergencyPlans:DataDirectory"] = dataDirectory ?? _data,
            ["contentRoot"] = contentRoot,
        };
        if (busyTimeout is not null)
        {
            settings["EmergencyPlans:SqliteBusyTimeout"] = busyTimeout;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddInfrastructure(configuration);
        return services;
    }
}
