using EmergencyPlans.Tests.Shared;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Application.Alerts;
using EmergencyPlans.Application.Incidents;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Domain;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// A scan derives an incident's alerts from one version of it, the version it marks as scanned. It reads the incident's projection,
/// then its log: a command committed between the two reads put its events in the log but not in the view nor in the mark, and the
/// alert derived from them (an escalation) was raised by a scan that marked the version before it, its text mixing the two versions.
/// The host's clock is the fake one (<see cref="ApiFactory.Clock"/>); the background scan is off, so each scan is the test's own.
/// </summary>
public sealed class AlertScanVersionTests
{
    [Fact]
    public async Task Scan_TheIncidentChangedBetweenReadingItsViewAndItsLog_DerivesItsAlertsFromTheVersionItMarks()
    {
        using var host = new ApiFactory().With("Alerts:Enabled", "false");
        // Road plan 5.3.1: 3 dead is a level the office handles; 10 dead rises to Ⅰ级 (由市指挥部指挥长决定启动Ⅰ级响应): an escalation alert.
        // A minute before the clock's now (10:00): no duty is due within 10 minutes, so only the scan's first pass (the unscanned
        // incidents, which it marks) reads it, not the second (the duties due soon), which marks nothing.
        var incident = await host.OpenAsync(Bodies.Incident(figures: new { deaths = 3, missing = 0, seriousInjuries = 0, directLossWan = 10m },
            occurredAt: "2026-03-01T09:59:00+08:00"));
        var id = Guid.Parse(incident.Id);
        var store = host.Services.GetRequiredService<IIncidentStore>();
        var changed = false;
        var between = new BetweenReads(store, async () =>
        {
            if (!changed)
            {
                changed = true;
                await host.ChangeAsync(incident, "/reports", Bodies.Continuation(new { deaths = 10 }, "又有7人死亡"), RoleCatalogue.DutyOfficer);
            }
        });
        var marks = new MarkedAlerts(host.Services.GetRequiredService<IAlertStore>());
        var scanner = new AlertScanner(
            between, marks, host.Services.GetRequiredService<IncidentReader>(), host.Services.GetRequiredService<DecisionEngine>(),
            host.Services.GetRequiredService<AlertSignal>(), host.Clock, host.Services.GetRequiredService<IOptions<AlertOptions>>(),
            NullLogger<AlertScanner>.Instance);

        var first = await scanner.ScanAsync(CancellationToken.None);

        changed.Should().BeTrue("the continuation was filed between the scan's read of the view and its read of the log");
        (await store.QueryAsync(new IncidentQuery { Open = true, OverdueAt = host.Clock.GetUtcNow().AddMinutes(11), Limit = 10 }))
            .Should().BeEmpty("no duty is due soon: the first pass alone read the incident");
        marks.Marks.Should().Equal((id, 1L));
        first.Select(a => a.Alert.Kind).Should().Equal([AlertKinds.NewIncident],
            "the scan marked version 1, so every alert it raised is derived from version 1; the escalation is version 2's");

        var second = await scanner.ScanAsync(CancellationToken.None);

        marks.Marks.Should().Equal((id, 1L), (id, 2L));
        second.Should().ContainSingle(a => a.Alert.Kind == AlertKinds.Escalation, "the next scan reads version 2 whole and raises its escalation")
            .Which.Alert.Key.Should().EndWith(":I");
    }

    /// <summary>The store, running <paramref name="beforeLog"/> before each read of an incident's log (after its projection was read).</summary>
    private sealed class BetweenReads(IIncidentStore inner, Func<Task> beforeLog) : DelegatingIncidentStore(inner)
    {
        public override async Task<IReadOnlyList<StoredEvent>> ReadEventsAsync(Guid incidentId, CancellationToken cancellationToken = default)
        {
            await beforeLog();
            return await Inner.ReadEventsAsync(incidentId, cancellationToken);
        }
    }

    /// <summary>The alert store, recording each scan mark.</summary>
    private sealed class MarkedAlerts(IAlertStore inner) : DelegatingAlertStore(inner)
    {
        public List<(Guid Id, long Version)> Marks { get; } = [];

        public override Task MarkScannedAsync(Guid incidentId, long version, CancellationToken cancellationToken = default)
        {
            Marks.Add((incidentId, version));
            return Inner.MarkScannedAsync(incidentId, version, cancellationToken);
        }
    }
}
