using EmergencyPlans.Application.Ports;
using EmergencyPlans.Infrastructure.Persistence.Postgres;
using EmergencyPlans.Infrastructure.Persistence.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyPlans.Infrastructure.Persistence;

public static class IncidentStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IIncidentStore"/> as a singleton for the configured provider. The options
    /// are checked here so that a misconfigured host fails at start-up, not on the first request.
    /// The store stamps event recording times with the registered <see cref="TimeProvider"/>, or the
    /// system clock if none is registered.
    /// </summary>
    public static IServiceCollection AddIncidentStore(this IServiceCollection services, StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);

        switch (options.Provider?.Trim().ToUpperInvariant())
        {
            case "SQLITE":
                var path = options.SqlitePath;
                if (string.IsNullOrWhiteSpace(path))
                {
                    throw new ArgumentException("Store:SqlitePath is required when Store:Provider is 'sqlite'.", nameof(options));
                }

                services.AddSingleton<IIncidentStore>(sp => new SqliteIncidentStore(path, sp.GetService<TimeProvider>()));
                break;

            case "POSTGRES":
                var connectionString = options.PostgresConnectionString;
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new ArgumentException(
                        "Store:PostgresConnectionString is required when Store:Provider is 'postgres'.", nameof(options));
                }

                services.AddSingleton<IIncidentStore>(sp => new PostgresIncidentStore(connectionString, sp.GetService<TimeProvider>()));
                break;

            default:
                throw new ArgumentException(
                    $"Store:Provider '{options.Provider}' is not supported; use '{StoreProviders.Sqlite}' or '{StoreProviders.Postgres}'.",
                    nameof(options));
        }

        return services;
    }
}
