using System.Globalization;
using System.Net;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Application.Alerts;
using EmergencyPlans.Application.Incidents;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Domain;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// The scanner against the alert rules themselves, over time. The scanner does not read back an incident whose alerts cannot change
/// before a later instant (the next duty to fall due soon or overdue); if that instant were wrong, an alert would come late or never.
/// Seeded lives of several incidents over the three plans, the clock moved by steps from a second to a day (so scans land on both
/// sides of due times), and after each scan the alerts stored must be exactly those <see cref="AlertRules.Derive"/> calls for, read
/// from every incident at every scan so far: nothing missing, nothing more.
/// </summary>
public sealed class AlertScanTimeTests
{
    private static readonly string[] Plans = ["road-traffic", "construction", "natural-disaster"];
    private static readonly TimeSpan[] Steps =
    [
        TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(59), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(9),
        TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(25), TimeSpan.FromHours(1), TimeSpan.FromHours(5), TimeSpan.FromDays(1),
    ];

    private static readonly string[] Clocks = ["city-request", "situation-stable", "special-circumstances-set", "special-circumstances-cleared"];

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 6)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Scans_AtRandomTimes_StoreExactlyTheAlertsTheRulesCallForAtEachScan(int seed)
    {
        var r = new Random(seed);
        using var host = new ApiFactory().With("Alerts:Enabled", "false");
        var scanner = host.Services.GetRequiredService<AlertScanner>();
        var incidents = host.Services.GetRequiredService<IIncidentStore>();
        var alerts = host.Services.GetRequiredService<IAlertStore>();
        var reader = host.Services.GetRequiredService<IncidentReader>();
        var engine = host.Services.GetRequiredService<DecisionEngine>();
        var opened = new List<Opened>();
        var expected = new HashSet<string>(StringComparer.Ordinal);

        for (var step = 0; step < 70; step++)
        {
            var now = host.Clock.GetUtcNow();
            var at = now.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
            if (opened.Count == 0 || (opened.Count < 6 && r.Next(5) == 0))
            {
                var plan = Plans[r.Next(Plans.Length)];
                var occurred = now.AddMinutes(-r.Next(0, 50)).ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
                opened.Add(await host.OpenAsync(Bodies.Incident(plan, Figures(r, plan), occurredAt: occurred)));
            }
            else if (r.Next(3) == 0)
            {
                var i = r.Next(opened.Count);
                var incident = await host.GetAsync(opened[i].Id);
                var plan = incident.Body.Str("planId");
                var owed = incident.Body.GetProperty("obligations").EnumerateArray()
                    .Where(o => o.Str("status") is "pending" or "due-soon" or "overdue").Select(o => o.Str("key")).ToList();
                var (path, body) = r.Next(4) switch
                {
                    0 when owed.Count > 0 => ($"/obligations/{Uri.EscapeDataString(owed[r.Next(owed.Count)])}/fulfilment", (object)new { madeAt = at, note = "已报告" }),
                    1 => ("/clock-events", new { kind = Clocks[r.Next(Clocks.Length)] }),
                    _ => ("/reports", new { kind = "continuation", summary = "续报", figures = Figures(r, plan) }),
                };
                using var client = host.As(path == "/clock-events" ? RoleCatalogue.OfficeDirector : RoleCatalogue.DutyOfficer);
                using var response = await client.PostJsonAsync(incident.Url + path, body, incident.ETag);
                var answer = await response.Content.ReadAsStringAsync();
                // A plan's rule may refuse it (a report made before the period it would stand for): nothing changes.
                var refusedByPlan = response.StatusCode == HttpStatusCode.BadRequest && answer.Contains("does not allow this", StringComparison.Ordinal);
                (refusedByPlan ? HttpStatusCode.OK : response.StatusCode).Should().BeOneOf([HttpStatusCode.OK, HttpStatusCode.Conflict, HttpStatusCode.UnprocessableEntity],
                    $"seed {seed}, step {step}: POST {path} ({plan}) is a request a duty officer could send: {answer}");
            }

            // Mostly steps shorter than the due-soon window, so scans fall inside it and on both sides of due times; now and then hours
            // or a day, so periods pass unmet between two scans.
            host.Clock.Advance(Steps[r.Next(10) < 8 ? r.Next(6) : 6 + r.Next(Steps.Length - 6)]);
            now = host.Clock.GetUtcNow();
            await scanner.ScanAsync(CancellationToken.None);

            foreach (var incident in opened)
            {
                var id = Guid.Parse(incident.Id);
                var view = reader.ToView((await incidents.GetAsync(id))!, now);
                var events = await incidents.ReadEventsAsync(id);
                expected.UnionWith(AlertRules.Derive(view, events, now, "test", engine.Catalog.Resolve(view.PlanId, view.OccurredAt)).Select(a => a.Key));
            }

            var stored = (await alerts.ReadAfterAsync(0, 10_000)).Select(a => a.Alert.Key);
            stored.Should().BeEquivalentTo(expected, $"seed {seed}, step {step}, at {now:O}: the scan raises what the rules call for at its time");
        }

        expected.Should().Contain(k => k.Contains(":duty-due-soon:", StringComparison.Ordinal), "the lives cross due-soon windows")
            .And.Contain(k => k.Contains(":duty-overdue:", StringComparison.Ordinal), "and due times");
    }

    private static object Figures(Random r, string plan) => plan == "natural-disaster"
        ? new { deaths = r.Next(0, 12), missing = 0, relocated = r.Next(0, 60000) }
        : new { deaths = r.Next(0, 5), missing = 0, seriousInjuries = r.Next(0, 12) };
}
