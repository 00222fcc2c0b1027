using System.Net;
using System.Net.Sockets;
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
/// The addresses the web server is to listen on (<c>--urls</c> / <c>ASPNETCORE_URLS</c>), each parsed as Kestrel parses it and bound once
/// and let go, after the settings and the plans but before the store and the credentials: the web server itself binds them last, after
/// every other hosted service has started, so an address it could not use (not a URL, one this host does not have, a port taken)
/// was found only once the store was migrated and first-run keys written, and only "address already in use" was a refusal; the
/// others aborted the process with a stack trace (134). The web server still binds them itself afterwards; a port taken between the
/// two is refused as before (Program.Refused).
/// </summary>
internal sealed class ListenAddressesAtStart(IServiceProvider services, IConfiguration configuration) : IHostedService
{
    private const string Setting = "--urls / ASPNETCORE_URLS";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Only for Kestrel (a test's TestServer listens nowhere), and only when it takes these addresses: endpoints of its own
        // (Kestrel:Endpoints) replace them.
        var server = services.GetService<Microsoft.AspNetCore.Hosting.Server.IServer>();
        if (server?.GetType().Assembly != typeof(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions).Assembly
            || configuration.GetSection("Kestrel:Endpoints").Exists()
            || configuration[WebHostDefaults.ServerUrlsKey] is not { Length: > 0 } urls)
        {
            return Task.CompletedTask;
        }

        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Refusal(url) is { } refusal)
            {
                throw new NotStartedException(refusal);
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Why the web server could not listen at <paramref name="url"/>, in one sentence naming the setting; null when it can.</summary>
    internal static string? Refusal(string url)
    {
        BindingAddress address;
        try
        {
            address = BindingAddress.Parse(url);
        }
        catch (FormatException)
        {
            return $"{Setting}: '{url}' is not an address to listen on: give a URL with its scheme, host and port, such as " +
                   "http://127.0.0.1:5080 (this host alone) or http://0.0.0.0:5080 (every address of this host).";
        }

        if (address.IsUnixPipe || address.IsNamedPipe)
        {
            return null;
        }

        var shown = $"{address.Scheme}://{address.Host}:{address.Port}";
        if (!string.Equals(address.Scheme, "http", StringComparison.OrdinalIgnoreCase) && !string.Equals(address.Scheme, "https", StringComparison.OrdinalIgnoreCase))
        {
            return $"{Setting}: '{url}' is not an address to listen on: the scheme must be http or https, such as http://127.0.0.1:5080.";
        }

        if (address.PathBase is { Length: > 0 } path)
        {
            return $"{Setting}: '{url}' has a path ({path}); the service answers at the root of its address: give {shown} without it.";
        }

        // As Kestrel reads the host: localhost is the loopback (it binds both families and needs one), an IP address is itself, and
        // anything else (*, +, a name) is every address of this host.
        var localhost = string.Equals(address.Host, "localhost", StringComparison.OrdinalIgnoreCase);
        var ip = localhost ? IPAddress.Loopback : IPAddress.TryParse(address.Host, out var parsed) ? parsed : null;
        try
        {
            Probe(ip is null ? (Socket.OSSupportsIPv6 ? IPAddress.IPv6Any : IPAddress.Any) : ip, address.Port);
            return null;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            // Kestrel's words for it, which Program.Refused gives when Kestrel meets it.
            return $"{Setting}: Failed to bind to address {shown}: address already in use. Another process listens there: stop it, or give this service another address.";
        }
        catch (SocketException) when (localhost)
        {
            // The other family may do; Kestrel says so if neither does.
            return null;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressNotAvailable)
        {
            return $"{Setting}: cannot listen on {shown}: this host has no address {address.Host} ({e.Message}). Give one of its own addresses, " +
                   "127.0.0.1 for this host alone, or 0.0.0.0 for every address it has.";
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AccessDenied)
        {
            return $"{Setting}: cannot listen on {shown}: permission denied ({e.Message}). Ports below 1024 need root or the CAP_NET_BIND_SERVICE " +
                   "capability: give a port from 1024 up (behind a proxy), or grant the capability.";
        }
        catch (SocketException e)
        {
            return $"{Setting}: cannot listen on {shown}: {e.Message} ({e.SocketErrorCode}).";
        }
    }

    /// <summary>Binds and listens at the address as the web server will, then lets it go.</summary>
    private static void Probe(IPAddress ip, int port)
    {
        using var socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (ip.Equals(IPAddress.IPv6Any))
        {
            socket.DualMode = true;
        }

        socket.Bind(new IPEndPoint(ip, port));
        socket.Listen(1);
    }
}

/// <summary>
/// At start, after the settings (the data folder among them, <see cref="DataFolderValidator"/>) and the plans: the store opens and is migrated (the migration logged),
/// and only then the credentials are loaded, first-run keys written. A store refused for good (credentials, a database that does not
/// exist, a schema newer than this build) stops the start; one unreachable for now (PostgreSQL down) does not: the service answers 503
/// until it is back, as it does when it goes away later. The API keys' own refusals (a damaged api-keys.json, no key at all) are the
/// settings' (AuthOptionsValidator), found before this opens or migrates the store.
/// </summary>
internal sealed partial class StoreAndCredentialsAtStart(
    IServiceProvider services,
    IOptions<DataStorageOptions> storage,
    Core.Assessment.DecisionEngine engine,
    PlansOfStoredIncidents plans,
    IOptions<Core.Plans.PlanCatalogOptions> plansFolder,
    ILogger<StoreAndCredentialsAtStart> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Which plan versions this instance judges by: a plan file missing (and no incident of it stored) started two plans in silence.
        var loaded = engine.Catalog.Plans;
        LogPlansLoaded(loaded.Count, plansFolder.Value.PlansDirectory, PlansLoaded(loaded));

        var o = storage.Value;
        var postgres = o.Uses(StoreProviders.Postgres);
        if (!postgres && DataFolder.OpenToOthers(o.DataDirectory) is { } mode)
        {
            // An operator's folder keeps the mode it was given (only a folder this service makes is 0700): said, not changed.
            LogDataFolderOpenToOthers(o.DataDirectory, DataFolder.Octal(mode));
        }

        if (postgres && SqliteStoreLeftBehind.Read(o.SqlitePath) is { } left && (left.Incidents is not 0 || left.UnreadLog))
        {
            // Switched to PostgreSQL over a populated data folder: nothing of it is carried over, and nothing else would say so.
            LogSqliteStoreNotUsed(o.SqlitePath, left.Incidents is { } incidents
                ? $"{incidents} incident(s){(left.UnreadLog ? " in its main file, and more changes in its -wal, not read" : "")}"
                : $"contents that could not be read ({left.Error})");
        }

        var store = services.GetRequiredService<IIncidentStore>();

        // Logged when the store migrates: now, in the ping below, or later, once a store unreachable at start (PostgreSQL down) first
        // answers (that migration went unlogged, while this page promised event 1001).
        var migration = store switch
        {
            SqliteIncidentStore s => s.Migration,
            PostgresIncidentStore p => p.Migration,
            _ => null,
        };
        var (provider, location) = (postgres ? StoreProviders.Postgres : StoreProviders.Sqlite, Location(o));
        migration?.WhenMigrated(m => LogMigrated(m.From, m.To, provider, location));
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

        var count = services.GetRequiredService<ApiKeyRegistry>().Count;
        LogCredentials(count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Each plan version as an operator checks it against the city's gazette: id, document number, validity, file.</summary>
    internal static string PlansLoaded(IReadOnlyList<Core.Plans.Plan> loaded) => string.Join("; ", loaded
        .OrderBy(p => p.Id, StringComparer.Ordinal).ThenBy(p => p.Metadata.ValidFrom)
        .Select(p => $"{p.Id} {p.Metadata.DocumentNumber} valid from {p.Metadata.ValidFrom:yyyy-MM-dd} until " +
                     $"{(p.Metadata.ValidUntil is { } until ? until.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "further notice")} ({p.Metadata.FileName})"));

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

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "{Count} plan versions loaded from {Folder}: {Plans}")]
    private partial void LogPlansLoaded(int count, string folder, string plans);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning,
        Message = "EmergencyPlans:StoreProvider is postgres, but the data folder holds an SQLite store, {File}, with {Contents}: this service " +
                  "does not use it, and nothing of it is in PostgreSQL (there is no migration from SQLite to PostgreSQL; docs/operations.md, " +
                  "PostgreSQL). If its incidents are still being handled, run the service on it (StoreProvider sqlite) until they are closed; " +
                  "keep it, read-only, as the record. The file is left as it is")]
    private partial void LogSqliteStoreNotUsed(string file, string contents);

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
