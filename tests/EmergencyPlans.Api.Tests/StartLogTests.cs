using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Core.Domain;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EmergencyPlans.Api.Tests;

/// <summary>What the start logs for the operator (ops review, session 47, O4 and O11; docs/operations.md, the start's events).</summary>
public sealed class StartLogTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("emergencyplans-startlog-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task TheStart_ListsThePlansLoaded_WithTheirDocumentNumberValidityAndFile_InOneLine()
    {
        var logs = new LogCapture();
        using var host = new LoggedApiFactory(logs).With("Alerts:Enabled", "false");
        using var client = host.Anonymous();
        (await client.GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);

        var line = logs.Lines.Should().ContainSingle(l => Ours(l, 1006)).Which;
        line.Level.Should().Be(LogLevel.Information);
        line.Message.Should().StartWith($"3 plan versions loaded from {Paths.Plans}: ")
            .And.Contain("road-traffic 晋市政办〔2025〕18号 valid from 2025-07-29 until further notice (road-traffic.2025-18.json)")
            .And.Contain("construction 晋市政办〔2025〕15号").And.Contain("natural-disaster 晋市政办〔2026〕3号");
    }

    [Fact]
    public async Task PostgresConfigured_OverADataFolderHoldingAPopulatedSqliteStore_WarnsNamingTheFileAndItsIncidents_AndLeavesItAsItWas()
    {
        using (var before = new ApiFactory().With("Alerts:Enabled", "false").With("EmergencyPlans:DataDirectory", _folder))
        {
            await before.OpenAsync(Bodies.Incident());
            await before.OpenAsync(Bodies.Incident(figures: new { deaths = 3 }));
        }

        SqliteConnection.ClearAllPools();
        var untouched = Snapshot();
        var logs = new LogCapture();
        using var host = PostgresOver(_folder, logs);
        using var client = host.Anonymous();
        (await client.GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);

        var warning = logs.Lines.Should().ContainSingle(l => Ours(l, 1007)).Which;
        warning.Level.Should().Be(LogLevel.Warning);
        warning.Message.Should().Contain(Path.Combine(_folder, "emergencyplans.db")).And.Contain("2 incident(s)")
            .And.Contain("there is no migration from SQLite to PostgreSQL");
        Snapshot().Should().Equal(untouched, "the store is read as immutable: no byte of it, no -wal or -shm, no lock file made or changed");
    }

    /// <summary>A host configured for a PostgreSQL nobody listens on, over <paramref name="folder"/>: the start checks run, the store is never reached.</summary>
    private static ApiFactory PostgresOver(string folder, LogCapture logs) => new LoggedApiFactory(logs)
        .With("Alerts:Enabled", "false")
        .With("EmergencyPlans:DataDirectory", folder)
        .With("EmergencyPlans:StoreProvider", "postgres")
        .With("EmergencyPlans:PostgresConnectionString", "Host=127.0.0.1;Port=9;Username=u;Password=p;Database=d;Timeout=2");

    [Fact]
    public async Task PostgresConfigured_OverAnEmptyDataFolder_SaysNothingOfSqlite()
    {
        var logs = new LogCapture();
        using var host = PostgresOver(_folder, logs);
        using var client = host.Anonymous();
        (await client.GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);

        logs.Lines.Should().NotContain(l => Ours(l, 1007));
        Directory.GetFileSystemEntries(_folder).Should().BeEmpty();
    }

    [PostgresFact]
    public async Task StartedWithPostgresDown_TheMigrationOnceTheServerIsUp_IsLoggedAsEvent1001()
    {
        await using var schema = await PostgresSchema.CreateAsync("startlog_");
        var server = new NpgsqlConnectionStringBuilder(PostgresSchema.Required(schema));
        using var relay = new Relay(server.Host!, server.Port);
        var down = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Host = "127.0.0.1", Port = relay.Port, Timeout = 3 };
        var logs = new LogCapture();
        using var host = new LoggedApiFactory(logs)
            .With("Alerts:Enabled", "false")
            .With("EmergencyPlans:StoreProvider", "postgres")
            .With("EmergencyPlans:PostgresConnectionString", down.ConnectionString);
        using var client = host.Anonymous();

        using (var ready = await client.GetAsync("/health/ready"))
        {
            await ready.ShouldHaveStatusAsync(HttpStatusCode.ServiceUnavailable);
        }

        logs.Lines.Should().Contain(l => Ours(l, 1002), "the server is down at start");
        logs.Lines.Should().NotContain(l => Ours(l, 1001));

        relay.Start();
        using (var ready = await client.GetAsync("/health/ready"))
        {
            await ready.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var migrated = logs.Lines.Should().ContainSingle(l => Ours(l, 1001)).Which;
        migrated.Level.Should().Be(LogLevel.Information);
        migrated.Message.Should().MatchRegex(@"^store schema 0 → \d+ \(postgres, host 127\.0\.0\.1:\d+, database ");
    }

    /// <summary>A line of the service's start (the framework numbers its own events from 1 too).</summary>
    private static bool Ours(LoggedLine line, int eventId) =>
        line.EventId == eventId && line.Category.StartsWith("EmergencyPlans.Api.Hosting", StringComparison.Ordinal);

    /// <summary>Names, sizes, contents and times of every file in the data folder.</summary>
    private string[] Snapshot() => Directory.GetFiles(_folder).Order(StringComparer.Ordinal)
        .Select(f => $"{Path.GetFileName(f)} {new FileInfo(f).Length} {File.GetLastWriteTimeUtc(f):O} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))}")
        .ToArray();

    /// <summary>A port that refuses connections until <see cref="Start"/>, then relays each to the PostgreSQL server: a server coming up.</summary>
    private sealed class Relay : IDisposable
    {
        private readonly string _host;
        private readonly int _port;
        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stop = new();

        public Relay(string host, int port)
        {
            (_host, _port) = (host, port);
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            _listener = new TcpListener(IPAddress.Loopback, Port);
        }

        public int Port { get; }

        public void Start()
        {
            _listener.Start();
            _ = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    _ = Task.Run(async () =>
                    {
                        using (client)
                        using (var upstream = new TcpClient())
                        {
                            await upstream.ConnectAsync(_host, _port, _stop.Token);
                            var a = client.GetStream();
                            var b = upstream.GetStream();
                            await Task.WhenAny(a.CopyToAsync(b, _stop.Token), b.CopyToAsync(a, _stop.Token));
                        }
                    });
                }
            });
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            NpgsqlConnection.ClearAllPools();
        }
    }
}
