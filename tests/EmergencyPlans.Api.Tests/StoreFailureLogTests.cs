using System.Net;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Tests.Shared;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// A store failure that repeats (PostgreSQL down, a failing disk) is logged whole once, when it starts, then in one line while it
/// repeats, and in one line when it ends (ops review, session 47, O11): every 503 logged a stack of about 30 lines, and the alert scan
/// (event 8003) one every 5 s, about a million lines a day. The answers do not change. A scan that fails as a whole makes readiness
/// Degraded, with the reason (it said Healthy: only a damaged file showed).
/// </summary>
public sealed class StoreFailureLogTests
{
    [Fact]
    public async Task RequestsMeetingTheSameStoreFailure_AreLoggedWholeOnce_ThenInOneLine_AndOnceWhenTheStoreServesAgain_ReadsAndWritesApart()
    {
        var logs = new LogCapture();
        var outage = new Outage();
        using var host = new LoggedApiFactory(logs, outage.Install).With("Alerts:Enabled", "false");
        using var client = host.As(RoleCatalogue.DutyOfficer);
        (await client.GetAsync(Http.Incidents)).StatusCode.Should().Be(HttpStatusCode.OK);
        using var failures = new StoreFailureCounter(host);

        outage.Requests = true;
        var problems = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var refused = await client.GetAsync(Http.Incidents);
            await refused.ShouldHaveStatusAsync(HttpStatusCode.ServiceUnavailable);
            refused.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(5));
            var problem = await refused.JsonAsync();
            problems.Add(string.Join("|", problem.Str("type"), problem.Str("title"), problem.Str("detail")));
        }

        using (var write = await client.PostJsonAsync(Http.Incidents, Bodies.Incident()))
        {
            await write.ShouldHaveStatusAsync(HttpStatusCode.ServiceUnavailable);
        }

        problems.Distinct().Should().ContainSingle("the problem document is the same at every request (its traceId aside)")
            .Which.Should().Contain("The store is unavailable").And.Contain("the SQLite store's file system failed");
        var reads = logs.Lines.Where(l => l.Message.StartsWith("The store is unavailable on GET", StringComparison.Ordinal)).ToArray();
        reads.Should().HaveCount(3, "one line a request");
        reads[0].Level.Should().Be(LogLevel.Error);
        reads[0].Exception.Should().NotBeNull("the first is logged whole, with its stack");
        reads[1..].Should().OnlyContain(l => l.Level == LogLevel.Warning && l.Exception == null && l.Message.Contains("the same failure since", StringComparison.Ordinal));
        reads[2].Message.Should().Contain("3 requests");
        logs.Lines.Should().ContainSingle(l => l.Message.StartsWith("The store is unavailable on POST", StringComparison.Ordinal))
            .Which.Exception.Should().NotBeNull("writes are followed apart from reads: a full disk fails writes while reads are answered");
        // Each 503 is counted, the repeats the log says in a line included (emergencyplans.store.failures).
        failures.Counted.Should().BeEquivalentTo(new Dictionary<string, long> { ["read|unavailable"] = 3, ["write|unavailable"] = 1 });

        outage.Requests = false;
        (await client.GetAsync(Http.Incidents)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync(Http.Incidents)).StatusCode.Should().Be(HttpStatusCode.OK);
        logs.Lines.Where(l => l.Message.StartsWith("The store serves", StringComparison.Ordinal)).Should().ContainSingle()
            .Which.Should().Match<LoggedLine>(l => l.Level == LogLevel.Information && l.Message.Contains("serves reads again", StringComparison.Ordinal)
                                                   && l.Message.Contains("after 3 failed requests", StringComparison.Ordinal));

        using (var write = await client.PostJsonAsync(Http.Incidents, Bodies.Incident()))
        {
            await write.ShouldHaveStatusAsync(HttpStatusCode.Created);
        }

        logs.Lines.Should().ContainSingle(l => l.Message.StartsWith("The store serves writes again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnAlertScanThatKeepsFailing_IsLoggedWholeOnce_ThenInOneLineAPass_ThenOnceWhenItRunsAgain_AndReadinessIsDegradedMeanwhile()
    {
        var logs = new LogCapture();
        var outage = new Outage { Scan = true };
        using var host = new LoggedApiFactory(logs, outage.Install).With("Alerts:ScanInterval", "00:00:01");
        using var anonymous = host.Anonymous();
        static bool ScanFailed(LoggedLine l) => l.EventId == 8003;

        (await logs.WaitForAsync(ScanFailed)).Should().HaveCount(1, "the scan at start failed");
        for (var pass = 2; pass <= 4; pass++)
        {
            host.Clock.Advance(TimeSpan.FromSeconds(1));
            (await logs.WaitForAsync(ScanFailed, pass)).Should().HaveCount(pass);
        }

        using (var ready = await anonymous.GetAsync("/health/ready"))
        {
            await ready.ShouldHaveStatusAsync(HttpStatusCode.OK);
            (await ready.ReadinessAsync()).Should().Be("Degraded", "no alert is raised while the scan fails (it said Healthy)");
            var alerts = await ready.ReadinessCheckAsync("alerts");
            alerts.Status.Should().Be("Degraded");
            alerts.Description.Should().Contain("the scan's own query failed").And.Contain("8003");
        }

        outage.Scan = false;
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        var ran = await logs.WaitForAsync(l => l.EventId == 8005);
        ran.Should().ContainSingle().Which.Message.Should().Contain("after 4 failed scans");
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        using (var ready = await anonymous.GetAsync("/health/ready"))
        {
            (await ready.ReadinessAsync()).Should().Be("Healthy", "the last scan ran");
        }

        var failed = logs.Lines.Where(ScanFailed).ToArray();
        failed.Should().HaveCount(4);
        failed[0].Level.Should().Be(LogLevel.Error);
        failed[0].Exception.Should().NotBeNull("the first failure is logged whole, with its stack");
        failed[1..].Should().OnlyContain(l => l.Level == LogLevel.Warning && l.Exception == null, "the same failure again: one line, no stack");
        failed[3].Message.Should().Contain("the scan's own query failed").And.Contain("4 scans");
    }

    /// <summary>What fails: the requests' reads and writes of incidents (a file system error), or the alert scan's first query.</summary>
    private sealed class Outage
    {
        public volatile bool Requests;
        public volatile bool Scan;

        public void Install(IServiceCollection services)
        {
            var incidents = services.Last(s => s.ServiceType == typeof(IIncidentStore));
            services.Remove(incidents);
            services.AddSingleton<IIncidentStore>(sp => new FailingIncidents((IIncidentStore)incidents.ImplementationFactory!(sp), this));
            var alerts = services.Last(s => s.ServiceType == typeof(IAlertStore));
            services.Remove(alerts);
            services.AddSingleton<IAlertStore>(sp => new FailingAlerts((IAlertStore)alerts.ImplementationFactory!(sp), this));
        }

        public void ThrowIfRequests()
        {
            if (Requests)
            {
                // SQLITE_IOERR (10): the file system failed, as a failing disk answers.
                throw new SqliteException("SQLite Error 10: 'disk I/O error'.", 10);
            }
        }
    }

    private sealed class FailingIncidents(IIncidentStore inner, Outage outage) : DelegatingIncidentStore(inner)
    {
        public override Task<IReadOnlyList<IncidentSummary>> QueryAsync(IncidentQuery query, CancellationToken cancellationToken = default)
        {
            outage.ThrowIfRequests();
            return base.QueryAsync(query, cancellationToken);
        }

        public override Task<long> CreateAsync(NewIncident incident, IReadOnlyList<EventRecord> events, IncidentProjection projection,
            IdempotencyRecord? idempotency = null, CancellationToken cancellationToken = default)
        {
            outage.ThrowIfRequests();
            return base.CreateAsync(incident, events, projection, idempotency, cancellationToken);
        }
    }

    private sealed class FailingAlerts(IAlertStore inner, Outage outage) : DelegatingAlertStore(inner)
    {
        public override Task<IReadOnlyList<(Guid Id, long Version)>> UnscannedIncidentsAsync(Guid? after, int limit, CancellationToken cancellationToken = default) =>
            outage.Scan
                ? throw new InvalidOperationException("the scan's own query failed")
                : base.UnscannedIncidentsAsync(after, limit, cancellationToken);
    }

    /// <summary>The host's <c>emergencyplans.store.failures</c>, summed by access and kind.</summary>
    private sealed class StoreFailureCounter : IDisposable
    {
        private readonly System.Diagnostics.Metrics.MeterListener _listener = new();
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _counted = new(StringComparer.Ordinal);

        public StoreFailureCounter(ApiFactory host)
        {
            var meters = host.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == "emergencyplans.store.failures" && ReferenceEquals(instrument.Meter.Scope, meters))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                var tag = tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString());
                _counted.AddOrUpdate($"{tag["access"]}|{tag["kind"]}", value, (_, sum) => sum + value);
            });
            _listener.Start();
        }

        public IReadOnlyDictionary<string, long> Counted => _counted;

        public void Dispose() => _listener.Dispose();
    }
}
