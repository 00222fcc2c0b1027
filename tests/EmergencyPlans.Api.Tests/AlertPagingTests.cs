using EmergencyPlans.Tests.Shared;
using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
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
/// Paging that other writes do not shift. The alert scanner walks the due incidents in pages of 200 while duty officers meet duties,
/// and a duty office walks its unacknowledged alerts while it acknowledges them: with an offset, a row that left the set before the
/// page's end moved the next page one row on, and the row that moved up into its place was never read, an overdue duty not alerted,
/// or an alert the office never saw. Pages go on from the last row seen instead.
/// </summary>
public sealed class AlertPagingTests
{
    private const string Alerts = "/api/v1/alerts";

    [Fact]
    public async Task Scan_ADutyMetWhileTheScanIsBetweenPages_EveryOtherDueIncidentIsStillRead()
    {
        using var host = new ApiFactory().With("Alerts:Enabled", "false");
        var store = host.Services.GetRequiredService<IIncidentStore>();
        var alerts = host.Services.GetRequiredService<IAlertStore>();
        var now = host.Clock.GetUtcNow();

        // 250 open incidents with a duty overdue, each a minute later than the one before, already scanned at their version (the
        // scan's first pass has nothing to do): the second pass reads them in two pages of 200, most overdue first.
        var due = new List<Guid>();
        for (var i = 0; i < 250; i++)
        {
            var id = Guid.NewGuid();
            await store.CreateAsync(new NewIncident(id, "road-traffic", now.AddHours(-6)), [new EventRecord("incident-opened", 1, now.AddHours(-6), "test", "{}")],
                new IncidentProjection("{}", true, null, "NotActivated", now.AddMinutes(-300 + i), now));
            await alerts.MarkScannedAsync(id, 1);
            due.Add(id);
        }

        // The incidents' documents are not real projections, so deriving their alerts fails (logged, retried next scan): what is
        // asserted is which incidents the scan reads. Between the two pages, the most overdue incident's duty is met (a duty officer's write, in the store): it leaves the set.
        var observed = new ObservedIncidents(store);
        var pages = new ObservedDuePages(alerts, async page =>
        {
            await store.AppendAsync(page[0].Id, 1, [new EventRecord("obligation-met", 1, now, "test", "{}")],
                new IncidentProjection("{}", true, null, "NotActivated", null, now));
        });
        var scanner = new AlertScanner(
            observed, pages, host.Services.GetRequiredService<IncidentReader>(), host.Services.GetRequiredService<DecisionEngine>(),
            host.Services.GetRequiredService<AlertSignal>(), host.Clock, host.Services.GetRequiredService<IOptions<AlertOptions>>(),
            NullLogger<AlertScanner>.Instance);

        await scanner.ScanAsync(CancellationToken.None);

        pages.Pages.Should().Be(2);
        due.Skip(1).Where(id => !observed.Read.ContainsKey(id)).Should().BeEmpty(
            "every incident still overdue is read by the scan (with an offset, the 201st, moved up into the first page, was not)");
    }

    [Fact]
    public async Task List_WalkingTheUnacknowledgedAlertsByTheNextLinkWhileAcknowledgingThem_SeesEachExactlyOnce()
    {
        using var host = new ApiFactory().With("Alerts:Enabled", "false");
        var ids = await RaiseAsync(host, 5);
        using var officer = host.As(RoleCatalogue.DutyOfficer);
        var seen = new List<long>();
        var url = $"{Alerts}?unacknowledged=true&limit=2";
        var pages = 0;
        while (url is not null)
        {
            using var response = await officer.GetAsync(url);
            await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
            var page = (await response.JsonAsync()).EnumerateArray().Select(a => a.GetProperty("id").GetInt64()).ToArray();
            seen.AddRange(page);
            foreach (var id in page)
            {
                using var ack = await officer.PostJsonAsync($"{Alerts}/{id}/acknowledge", null);
                await ack.ShouldHaveStatusAsync(HttpStatusCode.OK);
            }

            url = NextLink(response);
            pages++;
        }

        seen.Should().Equal(ids.AsEnumerable().Reverse(), "newest first, each alert once although the ones before were acknowledged meanwhile");
        pages.Should().Be(3, "a full page has a next link, the last (one alert) has none");
    }

    [Fact]
    public async Task List_OffsetStillPagesAsBefore_AndAfterGoesForwardOldestFirst()
    {
        using var host = new ApiFactory().With("Alerts:Enabled", "false");
        var ids = await RaiseAsync(host, 5);
        using var observer = host.As(RoleCatalogue.Observer);

        async Task<(long[] Ids, string? Next)> Get(string query)
        {
            using var response = await observer.GetAsync($"{Alerts}?{query}");
            await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
            return ((await response.JsonAsync()).EnumerateArray().Select(a => a.GetProperty("id").GetInt64()).ToArray(), NextLink(response));
        }

        (await Get("limit=2&offset=1")).Ids.Should().Equal(ids[3], ids[2]);
        var first = await Get("limit=2&offset=1");
        first.Next.Should().Be($"{Alerts}?limit=2&before={ids[2]}", "the next link goes on below the last alert, without the offset");
        (await Get("limit=2&after=0")).Ids.Should().Equal(ids[0], ids[1]);
        var forward = await Get($"limit=2&after={ids[1]}");
        forward.Ids.Should().Equal(ids[2], ids[3]);
        forward.Next.Should().Be($"{Alerts}?limit=2&after={ids[3]}");
        (await Get($"after={ids[3]}")).Next.Should().BeNull("a page that is not full is the last");

        using var bad = await observer.GetAsync($"{Alerts}?before=-1");
        (await (await bad.ShouldHaveStatusAsync(HttpStatusCode.BadRequest)).JsonAsync()).ErrorFields().Should().Contain("before");
    }

    private static string? NextLink(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        var link = values.Single();
        link.Should().EndWith(">; rel=\"next\"");
        return link[1..link.IndexOf('>', StringComparison.Ordinal)];
    }

    /// <summary>Raises <paramref name="count"/> alerts of one incident straight into the store; their ids, oldest first.</summary>
    private static async Task<long[]> RaiseAsync(ApiFactory host, int count)
    {
        var store = host.Services.GetRequiredService<IIncidentStore>();
        var alerts = host.Services.GetRequiredService<IAlertStore>();
        var now = host.Clock.GetUtcNow();
        var incident = Guid.NewGuid();
        await store.CreateAsync(new NewIncident(incident, "road-traffic", now), [new EventRecord("incident-opened", 1, now, "test", "{}")],
            new IncidentProjection("{}", true, null, "NotActivated", null, now));
        var raised = await alerts.RaiseAsync([.. Enumerable.Range(1, count).Select(i => new NewAlert(
            $"paging-{i}", AlertKinds.DutyOverdue, incident, "road-traffic", false, now, "test", "职责已超时", "到时未报，已超时。",
            new AlertCause("road-traffic", "phone-report-to-city", "5.1.1", "事发后30分钟内…电话报告"), "phone-report-to-city", now, new AlertDetails()))]);
        return [.. raised.Select(a => a.Id)];
    }

    /// <summary>The store, recording which incidents are read whole.</summary>
    private sealed class ObservedIncidents(IIncidentStore inner) : DelegatingIncidentStore(inner)
    {
        public ConcurrentDictionary<Guid, int> Read { get; } = new();

        public override Task<StoredIncident?> GetAsync(Guid incidentId, CancellationToken cancellationToken = default)
        {
            Read.AddOrUpdate(incidentId, 1, (_, n) => n + 1);
            return Inner.GetAsync(incidentId, cancellationToken);
        }
    }

    /// <summary>The alert store, counting the pages of the scan's clock pass (since session 58 its own read of the due incidents) and running <paramref name="afterFirstDuePage"/> after the first.</summary>
    private sealed class ObservedDuePages(IAlertStore inner, Func<IReadOnlyList<DueIncident>, Task> afterFirstDuePage) : DelegatingAlertStore(inner)
    {
        public int Pages { get; private set; }

        public override async Task<IReadOnlyList<DueIncident>> DueIncidentsAsync(DateTimeOffset dueBefore, DuePosition? after, int limit, CancellationToken cancellationToken = default)
        {
            var page = await Inner.DueIncidentsAsync(dueBefore, after, limit, cancellationToken);
            if (++Pages == 1)
            {
                await afterFirstDuePage(page);
            }

            return page;
        }
    }
}
