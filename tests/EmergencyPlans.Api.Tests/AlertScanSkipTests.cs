using System.Globalization;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Application.Alerts;
using EmergencyPlans.Application.Incidents;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// The scan's clock pass (the open incidents with a duty due within 10 minutes or overdue) reads an incident's document only when its
/// alerts may have changed since this instance last derived them: its version changed, or the clock reached a due-soon window or a due
/// time of one of its unmet duties. An incident left open with overdue duties stays in that set for ever, and until session 58 every scan
/// read the documents of all of them (2,446 open feed incidents owing six months of daily reports: an idle service at 92 % of a core).
/// The store is counted (<see cref="Reads"/>): every incident document the scanner reads, whole (GetAsync) or through the incident
/// list's query (QueryAsync, whose rows carry the county, place and nature read from each document).
/// </summary>
public sealed class AlertScanSkipTests
{
    [Fact]
    public async Task Scans_NothingChanged_ReadNoDocumentOfAnIncidentWhoseOverdueAlertsAreStored()
    {
        using var host = new ApiFactory().With("Alerts:Enabled", "false");
        var (incident, reads, scanner) = await OverdueIncidentAsync(host);

        for (var i = 0; i < 5; i++)
        {
            host.Clock.Advance(TimeSpan.FromSeconds(5));
            reads.Clear();
            (await scanner.ScanAsync(CancellationToken.None)).Should().BeEmpty("nothing changed");
            reads.Of(incident).Should().Be(0, $"scan {i + 2}: its alerts are stored and nothing can have changed since the last scan read it");
        }

        (await Due(host)).Should().Contain(Guid.Parse(incident.Id), "it is still in the clock pass's candidate set: skipped, not out of it");
    }

    [Fact]
    public async Task Scan_TheVersionChanged_ReadsItAgainThoughAnotherInstanceMarkedTheVersion()
    {
        using var host = new ApiFactory().With("Alerts:Enabled", "false");
        var (incident, reads, scanner) = await OverdueIncidentAsync(host);
        host.Clock.Advance(TimeSpan.FromSeconds(5));
        reads.Clear();
        await scanner.ScanAsync(CancellationToken.None);
        reads.Of(incident).Should().Be(0);

        // Another instance scans the new version first (its first pass marks it): this instance's first pass no longer sees it, and only
        // the clock pass's version check can tell that what this instance derived is stale.
        await host.ChangeAsync(incident, "/reports", Bodies.Continuation(new { deaths = 10 }, "又有7人死亡"), RoleCatalogue.DutyOfficer);
        var other = Scanner(host, host.Services.GetRequiredService<IIncidentStore>(), "other");
        (await other.ScanAsync(CancellationToken.None)).Should().Contain(a => a.Alert.Kind == AlertKinds.Escalation);
        host.Clock.Advance(TimeSpan.FromSeconds(5));
        reads.Clear();

        await scanner.ScanAsync(CancellationToken.None);

        reads.Of(incident).Should().Be(1, "its version is not the one this instance derived its alerts from");
        host.Clock.Advance(TimeSpan.FromSeconds(5));
        reads.Clear();
        await scanner.ScanAsync(CancellationToken.None);
        reads.Of(incident).Should().Be(0, "read at version 2, nothing changed since");
    }

    [Fact]
    public async Task Scans_TheClockReachesALaterDutysDueSoonWindowThenItsDueTime_ReadItAtThoseScansOnlyAndRaiseItsAlerts()
    {
        using var host = new ApiFactory().With("Alerts:Enabled", "false");
        var (incident, reads, scanner) = await OverdueIncidentAsync(host);
        var (key, dueAt) = await NextPendingAsync(host, incident);
        var soon = dueAt - IncidentReader.DueSoon;

        host.Clock.Advance(soon - TimeSpan.FromSeconds(1) - host.Clock.GetUtcNow());
        reads.Clear();
        (await scanner.ScanAsync(CancellationToken.None)).Should().BeEmpty($"a second before {key}'s due-soon window");
        reads.Of(incident).Should().Be(0, "no due time was reached since the last scan");

        host.Clock.Advance(TimeSpan.FromSeconds(1));
        reads.Clear();
        (await scanner.ScanAsync(CancellationToken.None)).Should().ContainSingle("the window opens 10 minutes before the due time, at this scan")
            .Which.Alert.Key.Should().StartWith($"{incident.Id}:duty-due-soon:{key}");
        reads.Of(incident).Should().Be(1);

        host.Clock.Advance(dueAt - TimeSpan.FromSeconds(1) - host.Clock.GetUtcNow());
        reads.Clear();
        (await scanner.ScanAsync(CancellationToken.None)).Should().BeEmpty("due soon, not yet overdue");
        reads.Of(incident).Should().Be(0, "the due-soon alert is stored, and the due time is not reached");

        host.Clock.Advance(TimeSpan.FromSeconds(2));
        reads.Clear();
        (await scanner.ScanAsync(CancellationToken.None)).Should().ContainSingle(a => a.Alert.Key.StartsWith($"{incident.Id}:duty-overdue:{key}", StringComparison.Ordinal),
            "the due time passed unmet before this scan");
        reads.Of(incident).Should().Be(1);

        host.Clock.Advance(TimeSpan.FromSeconds(5));
        reads.Clear();
        await scanner.ScanAsync(CancellationToken.None);
        reads.Of(incident).Should().Be(0);
    }

    /// <summary>
    /// A road incident of 3 dead that occurred three hours before the clock's now: its first duties (the phone and written reports) are
    /// overdue, a later one is still to come. Scanned once by a counted scanner, which stores its alerts.
    /// </summary>
    private static async Task<(Opened Incident, Reads Reads, AlertScanner Scanner)> OverdueIncidentAsync(ApiFactory host)
    {
        var occurred = host.Clock.GetUtcNow().AddHours(-3).ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
        var incident = await host.OpenAsync(Bodies.Incident(figures: new { deaths = 3, missing = 0, seriousInjuries = 0, directLossWan = 10m }, occurredAt: occurred));
        var reads = new Reads(host.Services.GetRequiredService<IIncidentStore>());
        var scanner = Scanner(host, reads, "this");
        var first = await scanner.ScanAsync(CancellationToken.None);
        first.Should().Contain(a => a.Alert.Kind == AlertKinds.DutyOverdue, "the set-up's incident owes overdue duties");
        reads.Of(incident).Should().BeGreaterThan(0, "the first scan reads it");
        (await Due(host)).Should().Contain(Guid.Parse(incident.Id), "an overdue duty keeps it in the clock pass's candidate set");
        return (incident, reads, scanner);
    }

    /// <summary>The incident's earliest pending duty with a due time (not yet due within 10 minutes): its key and due time.</summary>
    private static async Task<(string Key, DateTimeOffset DueAt)> NextPendingAsync(ApiFactory host, Opened incident)
    {
        var view = await host.GetAsync(incident.Id);
        var next = view.Body.GetProperty("obligations").EnumerateArray()
            .Where(o => o.Str("status") == "pending" && o.GetProperty("dueAt").ValueKind == System.Text.Json.JsonValueKind.String)
            .Select(o => (Key: o.Str("key"), DueAt: DateTimeOffset.Parse(o.Str("dueAt"), CultureInfo.InvariantCulture)))
            .OrderBy(o => o.DueAt).First();
        next.DueAt.Should().BeAfter(host.Clock.GetUtcNow() + IncidentReader.DueSoon, "the set-up needs a duty still to come");
        return next;
    }

    /// <summary>The open incidents with a duty due within 10 minutes or overdue, as the store lists them (read past the counter).</summary>
    private static async Task<IEnumerable<Guid>> Due(ApiFactory host) =>
        (await host.Services.GetRequiredService<IIncidentStore>().QueryAsync(
            new IncidentQuery { Open = true, OverdueAt = host.Clock.GetUtcNow() + IncidentReader.DueSoon, Limit = 100 })).Select(r => r.Id);

    private static AlertScanner Scanner(ApiFactory host, IIncidentStore store, string instance) => new(
        store, host.Services.GetRequiredService<IAlertStore>(), host.Services.GetRequiredService<IncidentReader>(),
        host.Services.GetRequiredService<DecisionEngine>(), host.Services.GetRequiredService<AlertSignal>(), host.Clock,
        Options.Create(new AlertOptions { InstanceName = instance }), NullLogger<AlertScanner>.Instance);

    /// <summary>The incident store, counting the documents read per incident: whole, or as a row of the incident list's query.</summary>
    private sealed class Reads(IIncidentStore inner) : DelegatingIncidentStore(inner)
    {
        private readonly Dictionary<Guid, int> _reads = [];

        public int Of(Opened incident) => _reads.GetValueOrDefault(Guid.Parse(incident.Id));

        public void Clear() => _reads.Clear();

        public override async Task<StoredIncident?> GetAsync(Guid incidentId, CancellationToken cancellationToken = default)
        {
            Count(incidentId);
            return await Inner.GetAsync(incidentId, cancellationToken);
        }

        public override async Task<IReadOnlyList<IncidentSummary>> QueryAsync(IncidentQuery query, CancellationToken cancellationToken = default)
        {
            var rows = await Inner.QueryAsync(query, cancellationToken);
            foreach (var row in rows)
            {
                Count(row.Id);
            }

            return rows;
        }

        private void Count(Guid id)
        {
            lock (_reads)
            {
                _reads[id] = _reads.GetValueOrDefault(id) + 1;
            }
        }
    }
}
