using EmergencyPlans.Application.Ports;
using EmergencyPlans.Infrastructure.Persistence;
using EmergencyPlans.Infrastructure.Persistence.Postgres;
using EmergencyPlans.Infrastructure.Persistence.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyPlans.Infrastructure.Tests.Persistence;

public sealed class IncidentStoreRegistrationTests
{
    [Theory]
    [InlineData("sqlite", typeof(SqliteIncidentStore))]
    [InlineData("SQLite", typeof(SqliteIncidentStore))]
    [InlineData("postgres", typeof(PostgresIncidentStore))]
    public async Task AddIncidentStore_registers_a_singleton_of_the_configured_provider(string provider, Type expected)
    {
        var services = new ServiceCollection();
        var options = new StoreOptions
        {
            Provider = provider,
            SqlitePath = Path.Combine(Path.GetTempPath(), $"emergencyplans-di-{Guid.NewGuid():N}", "incidents.db"),
            PostgresConnectionString = "Host=127.0.0.1;Port=1;Username=nobody;Database=none",
        };

        services.AddIncidentStore(options);

        var descriptor = services.Should().ContainSingle(d => d.ServiceType == typeof(IIncidentStore)).Which;
        descriptor.Lifetime.Should().Be(ServiceLifetime.Singleton);
        var store = descriptor.ImplementationFactory!(new NoServices());
        store.Should().BeOfType(expected);
        await ((IAsyncDisposable)store).DisposeAsync();
        if (Path.GetDirectoryName(options.SqlitePath) is { } directory && Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("sqlite", null, null)]
    [InlineData("postgres", "/tmp/x.db", null)]
    [InlineData("mysql", "/tmp/x.db", "Host=x")]
    [InlineData("", "/tmp/x.db", "Host=x")]
    public void AddIncidentStore_with_incomplete_options_fails_at_registration(string provider, string? path, string? connectionString)
    {
        var options = new StoreOptions { Provider = provider, SqlitePath = path, PostgresConnectionString = connectionString };

        var register = () => new ServiceCollection().AddIncidentStore(options);

        register.Should().Throw<ArgumentException>().WithMessage("*Store:*");
    }

    private sealed class NoServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}
