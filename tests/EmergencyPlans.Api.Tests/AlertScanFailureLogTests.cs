using System.Collections.Concurrent;
using System.Net;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Application.Alerts;
using EmergencyPlans.Core.Domain;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EmergencyPlans.Api.Tests;

/// <summary>An incident whose alerts cannot be derived (its plan file is gone) is logged once, not at every scan (every 5 s).</summary>
public sealed class AlertScanFailureLogTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("emergencyplans-scanlog-").FullName;

    [Fact]
    public async Task AnIncidentThatFailsEveryScan_IsLoggedOnce()
    {
        var plans = Path.Combine(_root, "plans");
        var data = Path.Combine(_root, "data");
        foreach (var file in Directory.EnumerateFiles(Paths.Plans, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(plans, Path.GetRelativePath(Paths.Plans, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        using (var before = new ApiFactory().With("EmergencyPlans:DataDirectory", data).With("EmergencyPlans:PlansDirectory", plans))
        {
            using var officer = before.As(RoleCatalogue.DutyOfficer);
            using var opened = await officer.PostJsonAsync("/api/v1/incidents", Bodies.Incident("road-traffic"));
            await opened.ShouldHaveStatusAsync(HttpStatusCode.Created);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(Path.Combine(plans, "road-traffic.2025-18.json"));
        var logs = new Captured();
        using var after = new LoggingFactory(logs).With("EmergencyPlans:DataDirectory", data).With("EmergencyPlans:PlansDirectory", plans)
            .With("Alerts:Enabled", "false");
        using var client = after.As(RoleCatalogue.DutyOfficer);
        var scanner = after.Services.GetRequiredService<AlertScanner>();

        for (var i = 0; i < 3; i++)
        {
            await scanner.ScanAsync(CancellationToken.None);
            scanner.LastScan!.FailedIncidents.Should().Be(1);
        }

        logs.Lines.Count(l => l.EventId == 8002).Should().Be(1);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    private sealed class LoggingFactory(Captured logs) : ApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(l => l.AddProvider(logs));
        }
    }

    private sealed class Captured : ILoggerProvider, ILogger
    {
        public ConcurrentQueue<(int EventId, string Message)> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue((eventId.Id, formatter(state, exception)));

        public void Dispose()
        {
        }
    }
}
