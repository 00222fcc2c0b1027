using EmergencyPlans.Application.Feeds;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Hosting;
using EmergencyPlans.Infrastructure.Persistence;
using EmergencyPlans.Infrastructure.Persistence.Postgres;
using EmergencyPlans.Infrastructure.Persistence.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EmergencyPlans.Infrastructure;

/// <summary>Storage, for any host (API, CLI, workers).</summary>
public static class InfrastructureServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="DataStorageOptions"/> (validated at start: a wrong provider or a missing connection
    /// string stops the host with a message naming the setting) and <see cref="IIncidentStore"/> as a singleton
    /// of the configured provider. The store stamps event recording times with the registered
    /// <see cref="TimeProvider"/>, or the system clock if none is registered.
    /// </summary>
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<DataStorageOptions>()
            .Bind(configuration.GetSection(DataStorageOptions.Section))
            .PostConfigure<IServiceProvider>((o, sp) => o.DataDirectory = ConfiguredPath.Resolve(o.DataDirectory, sp, configuration))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DataStorageOptions>, DataStorageOptionsValidator>());
        services.TryAddSingleton(CreateIncidentStore);
        services.TryAddSingleton(CreateFeedStore);
        services.AddOptions<FeedOptions>().Bind(configuration.GetSection(FeedOptions.Section))
            .Validate(o => o.BatchSize > 0, $"{FeedOptions.Section}:{nameof(FeedOptions.BatchSize)} must be a positive number of lines")
            .Validate(o => o.MaxLineBytes > 0, $"{FeedOptions.Section}:{nameof(FeedOptions.MaxLineBytes)} must be a positive number of bytes")
            .Validate(o => o.MaxRequestBytes > 0, $"{FeedOptions.Section}:{nameof(FeedOptions.MaxRequestBytes)} must be a positive number of bytes")
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FeedOptions>, FeedSilenceAlarmValidator>());
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<FeedOptions>>().Value);
        services.TryAddSingleton(CreateAlertStore);

        // The damage a request or the alert scan met, which the readiness probe's store check reads besides its own query: one watch
        // per process, reached by the scan through its port.
        services.TryAddSingleton<StoreDamageWatch>();
        services.TryAddSingleton<IStoreDamageWatch>(sp => sp.GetRequiredService<StoreDamageWatch>());
        services.TryAddSingleton<IStoreOutages, StoreOutages>();
        return services;
    }

    /// <summary>The feed's tables live in the incident store's database, whose migrations create them.</summary>
    private static IFeedStore CreateFeedStore(IServiceProvider services) =>
        BesideIncidents<IFeedStore>(services, (cs, incidents) => new PostgresFeedStore(cs, incidents), (o, incidents) => new SqliteFeedStore(o.SqlitePath, incidents, o.SqliteBusyTimeout));

    /// <summary>Alerts live in the incident store's database, whose migrations create their tables.</summary>
    private static IAlertStore CreateAlertStore(IServiceProvider services) =>
        BesideIncidents<IAlertStore>(services, (cs, incidents) => new PostgresAlertStore(cs, incidents), (o, incidents) => new SqliteAlertStore(o.SqlitePath, incidents, o.SqliteBusyTimeout));

    /// <summary>A store in the configured provider's database, next to (and migrated by) the incident store.</summary>
    private static T BesideIncidents<T>(IServiceProvider services, Func<string, IIncidentStore, T> postgres, Func<DataStorageOptions, IIncidentStore, T> sqlite)
    {
        var options = services.GetRequiredService<IOptions<DataStorageOptions>>().Value;
        var incidents = services.GetRequiredService<IIncidentStore>();
        return options.Uses(StoreProviders.Postgres)
            ? postgres(options.PostgresConnectionString!, incidents)
            : sqlite(options, incidents);
    }

    private static IIncidentStore CreateIncidentStore(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<DataStorageOptions>>().Value;
        var clock = services.GetService<TimeProvider>();
        return options.Uses(StoreProviders.Postgres)
            ? new PostgresIncidentStore(options.PostgresConnectionString!, clock)
            : new SqliteIncidentStore(options.SqlitePath, clock, options.SqliteBusyTimeout);
    }
}

/// <summary>
/// <c>EmergencyPlans:Feed:SilenceAlarm</c>: 00:00:00 for no alarm, or a time within its range. <c>1</c> is read as a day by the
/// configuration binder, and a silence alarm of days never rang: refused naming the setting and the value read.
/// </summary>
internal sealed class FeedSilenceAlarmValidator : IValidateOptions<FeedOptions>
{
    public ValidateOptionsResult Validate(string? name, FeedOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return DurationSetting.Refusal($"{FeedOptions.Section}:{nameof(FeedOptions.SilenceAlarm)}", options.SilenceAlarm,
                FeedOptions.MinSilenceAlarm, FeedOptions.MaxSilenceAlarm,
                "how long the 122 feed may bring nothing new before it is reported silent", new FeedOptions().SilenceAlarm, off: "no alarm") is { } refusal
            ? ValidateOptionsResult.Fail(refusal)
            : ValidateOptionsResult.Success;
    }
}
