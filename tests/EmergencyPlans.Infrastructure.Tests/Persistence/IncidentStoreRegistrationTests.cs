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

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    private ServiceCollection Services(string provider, string? connectionString, string? dataDirectory = null, string? contentRoot = null)
    {
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["EmergencyPlans:StoreProvider"] = provider,
            ["EmergencyPlans:PostgresConnectionString"] = connectionString,
            ["EmergencyPlans:DataDirectory"] = dataDirectory ?? _data,
            ["contentRoot"] = contentRoot,
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddInfrastructure(configuration);
        return services;
    }
}
