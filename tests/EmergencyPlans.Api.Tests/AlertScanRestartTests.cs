using EmergencyPlans.Tests.Shared;
using System.Net;
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
/// The scanner across a restart: its caches (keys known stored, incidents unchanged until an instant) are the process's, the store's
/// keys and scan marks are not. A process that dies after an incident's alerts were committed and before its scan mark was written
/// leaves the incident unscanned; the restarted scanner reads it again and raises nothing twice, and an alert acknowledged meanwhile
/// keeps its one acknowledgement. Nothing is lost either: the mark follows the raise, so an incident is never marked without it.
/// </summary>
public sealed class AlertScanRestartTests
{
    [Fact]
    public async Task Restart_AfterTheRaiseCommittedButBeforeTheMark_RaisesNothingTwice_AndTheAcknowledgementStands()
    {
        using var host = new ApiFactory().With("Alerts:Enabled", "false");
        var alerts = host.Services.GetRequiredService<IAlertStore>();
        // 09:10 in Jincheng, the host at 10:00: the phone report to the city (5.1.1, 30 minutes) is overdue.
        var incident = await host.OpenAsync(Bodies.Incident(figures: new { deaths = 2, injured = 9, seriousInjuries = 3 }));

        var dying = Scanner(host, new DiesBeforeTheMark(alerts));
        var raised = await dying.ScanAsync(CancellationToken.None);
        raised.Select(a => a.Alert.Kind).Should().Contain([AlertKinds.NewIncident, AlertKinds.DutyOverdue]);
        (await alerts.UnscannedIncidentsAsync(null, 10)).Should().ContainSingle("the mark was never written").Which.Id.Should().Be(Guid.Parse(incident.Id));

        var overdue = raised.First(a => a.Alert.Kind == AlertKinds.DutyOverdue);
        using (var officer = host.As(RoleCatalogue.DutyOfficer))
        using (var ack = await officer.PostJsonAsync($"/api/v1/alerts/{overdue.Id}/acknowledge", null))
        {
            await ack.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var acknowledged = await alerts.GetAsync(overdue.Id);
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        var restarted = Scanner(host, alerts);
        var again = await restarted.ScanAsync(CancellationToken.None);

        again.Should().BeEmpty("every key derived again is stored already");
        (await alerts.UnscannedIncidentsAsync(null, 10)).Should().BeEmpty("the restarted scan marked it");
        var stored = await alerts.QueryAsync(new AlertQuery { IncidentId = Guid.Parse(incident.Id), Limit = 500 });
        stored.Select(a => a.Id).Should().BeEquivalentTo(raised.Select(a => a.Id), "the same alerts, none twice");
        (await alerts.GetAsync(overdue.Id)).Should().BeEquivalentTo(acknowledged, "acknowledged once, and still so");
    }

    private static AlertScanner Scanner(ApiFactory host, IAlertStore alerts) => new(
        host.Services.GetRequiredService<IIncidentStore>(), alerts, host.Services.GetRequiredService<IncidentReader>(),
        host.Services.GetRequiredService<DecisionEngine>(), new AlertSignal(), host.Clock,
        host.Services.GetRequiredService<IOptions<AlertOptions>>(), NullLogger<AlertScanner>.Instance);

    /// <summary>The store, as a process that dies between committing an incident's alerts and writing its scan mark sees it.</summary>
    private sealed class DiesBeforeTheMark(IAlertStore inner) : DelegatingAlertStore(inner)
    {
        public override Task MarkScannedAsync(Guid incidentId, long version, CancellationToken cancellationToken = default) =>
            throw new IOException("the process ended here");
    }
}
