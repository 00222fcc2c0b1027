using EmergencyPlans.Api.Auth;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Infrastructure.Persistence;
using EmergencyPlans.Infrastructure.Persistence.Postgres;
using EmergencyPlans.Infrastructure.Persistence.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EmergencyPlans.Api.Hosting;

/// <summary>
/// A setting the service cannot start with, found by a check that needs more than the setting's value (a folder to write, a store to
/// open): the host stops with "Not started: …" naming the setting and exit 78, as for a setting's own validation.
/// </summary>
public sealed class NotStartedException : Exception
{
    public NotStartedException()
    {
    }

    public NotStartedException(string message)
        : base(message)
    {
    }

    public NotStartedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// At start, after the settings (the data folder among them, <see cref="DataFolderValidator"/>) and the plans: the store opens and is migrated (the migration logged),
/// and only then the credentials are loaded, first-run keys written. A store refused for good (credentials, a database that does not
/// exist, a schema newer than this build) stops the start; one unreachable for now (PostgreSQL down) does not: the service answers 503
/// until it is back, as it does when it goes away later.
/// </summary>
internal sealed partial class StoreAndCredentialsAtStart(
    IServiceProvider services,
    IOptions<DataStorageOptions> storage,
    Core.Assessment.DecisionEngine engine,
    PlansOfStoredIncidents plans,
    ILogger<StoreAndCredentialsAtStart> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = storage.Value;
        var postgres = o.Uses(StoreProviders.Postgres);
        if (!postgres && DataFolder.OpenToOthers(o.DataDirectory) is { } mode)
        {
            // An operator's folder keeps the mode it was given (only a folder this service makes is 0700): said, not changed.
            LogDataFolderOpenToOthers(o.DataDirectory, DataFolder.Octal(mode));
        }

        var store = services.GetRequiredService<IIncidentStore>();
        try
        {
            await store.PingAsync(cancellationToken).ConfigureAwait(false);
            foreach (var missing in await plans.CheckAsync(store, engine.Catalog, cancellationToken).ConfigureAwait(false))
            {
                LogPlanMissing(missing.Named, missing.Incidents, missing.Example);
            }
        }
        catch (Exception e) when (StoreFailures.Refusal(e) is { } refusal)
        {
            throw new NotStartedException(refusal, e);
        }
        catch (Exception e) when (StoreFailures.Of(e) is { } unavailable)
        {
            LogStoreUnavailableAtStart(unavailable.English);
        }
        catch (Exception e) when (StoreFailures.IsUnavailable(e))
        {
            LogStoreUnavailableAtStart(e.Message);
        }

        var migrated = store switch
        {
            SqliteIncidentStore s => s.Migrated,
            PostgresIncidentStore p => p.Migrated,
            _ => null,
        };
        if (migrated is not null)
        {
            LogMigrated(migrated.From, migrated.To, postgres ? StoreProviders.Postgres : StoreProviders.Sqlite, Location(o));
        }

        var count = services.GetRequiredService<ApiKeyRegistry>().Count;
        LogCredentials(count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Where the store is, without secrets: the SQLite file, or PostgreSQL's host, port, database, user and search path.</summary>
    private static string Location(DataStorageOptions o)
    {
        if (!o.Uses(StoreProviders.Postgres))
        {
            return o.SqlitePath;
        }

        var c = new NpgsqlConnectionStringBuilder(o.PostgresConnectionString);
        return $"host {c.Host}:{c.Port}, database {c.Database ?? c.Username}, user {c.Username}"
               + (string.IsNullOrEmpty(c.SearchPath) ? "" : $", schema {c.SearchPath}");
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "store schema {From} → {To} ({Provider}, {Location})")]
    private partial void LogMigrated(int from, int to, string provider, string location);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning,
        Message = "the store is not available at start ({Reason}): the service starts and answers 503 until it is")]
    private partial void LogStoreUnavailableAtStart(string reason);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Error,
        Message = "plan {Plan} is not loaded from EmergencyPlans:PlansDirectory, but {Count} incident(s) of the store are handled under it (e.g. {Example}): " +
                  "they answer 503 and the service is not ready until its file is put back and the service restarted")]
    private partial void LogPlanMissing(string plan, int count, Guid example);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning,
        Message = "the data folder {Folder} has mode {Mode}: its group or other users may read or enter it, and it holds the incident store " +
                  "(names, phone numbers) and the API key hashes. Its mode is left as it is: restrict it (chmod 700 {Folder}, as the service " +
                  "makes a folder it creates), or name another folder in EmergencyPlans:DataDirectory")]
    private partial void LogDataFolderOpenToOthers(string folder, string mode);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "{Count} API credentials loaded")]
    private partial void LogCredentials(int count);
}

/// <summary>
/// The SQLite provider's data folder, made if missing and written once to find out whether it can be, as the settings are validated:
/// before anything (the store, the credentials) is made in it. A folder under a file, on a read-only file system or owned by someone
/// else is refused naming EmergencyPlans:DataDirectory, not met later as an unhandled exception. The check is
/// <see cref="DataFolder.Refusal"/>, which the command line makes too.
/// </summary>
internal sealed class DataFolderValidator : IValidateOptions<DataStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, DataStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Uses(StoreProviders.Postgres) || string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            return ValidateOptionsResult.Skip;
        }

        return DataFolder.Refusal(options) is { } refusal ? ValidateOptionsResult.Fail(refusal.English) : ValidateOptionsResult.Success;
    }
}
