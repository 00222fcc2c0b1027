using System.Globalization;
using System.Net;
using System.Text.Json;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Application.Alerts;
using EmergencyPlans.Application.Incidents;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Domain;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// Seeded random lives of an incident over REST, as duty officers and deciders would send them (valid requests, in any order; the
/// engine refuses what the plan does not allow), with the service restarted halfway on the same SQLite file. No request may be
/// answered 500; every answer that changes the incident is 200; the incident reads back; and its alerts can be derived at every
/// step (the scanner would otherwise log an error at each scan and that incident's alerts would never come).
/// </summary>
public sealed class RandomLifeTests : IDisposable
{
    private static readonly string[] Plans = ["road-traffic", "construction", "natural-disaster"];
    private static readonly string[] Deciders = [RoleCatalogue.DutyOfficer, RoleCatalogue.OfficeDirector, RoleCatalogue.DeputyCommander, RoleCatalogue.Commander];
    private static readonly string[] Levels = ["I", "II", "III", "IV"];
    private static readonly string[] Clocks = ["city-request", "dispatch-order", "handling-finished", "situation-stable", "special-circumstances-set", "arrival"];
    private static readonly string[] WarningActions = ["propose", "issue", "adjust", "lift", "reject"];
    private static readonly string[] Colours = ["yellow", "orange", "red"];
    private readonly string _folder = Directory.CreateTempSubdirectory("emergencyplans-life-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private ApiFactory Host(DateTimeOffset now)
    {
        var host = new ApiFactory().With("Alerts:Enabled", "false").With("EmergencyPlans:DataDirectory", _folder);
        host.Clock.SetUtcNow(now);
        return host;
    }

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 9)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task ARandomLife_IsNever500_AndItsAlertsCanAlwaysBeDerived(int seed)
    {
        var r = new Random(seed);
        var plan = Plans[seed % Plans.Length];
        var now = ApiFactory.Now;
        var host = Host(now);
        var figures = plan == "natural-disaster" ? (object)new { deaths = r.Next(0, 8), missing = 0, relocated = r.Next(0, 6000) } : new { deaths = r.Next(0, 4), missing = 0 };
        var incident = await host.OpenAsync(Bodies.Incident(plan, figures, occurredAt: now.AddMinutes(-20).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture)));
        var problems = new List<string>();
        var deaths = 0;
        var taken = 0;
        try
        {
            for (var step = 0; step < 40; step++)
            {
                if (step == 20)
                {
                    // The service restarts: the next commands take the incident as loaded from the store.
                    host.Dispose();
                    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                    host = Host(now);
                }

                now = now.AddMinutes(r.Next(0, 200));
                host.Clock.SetUtcNow(now);
                var view = (await host.GetAsync(incident.Id)).Body;
                var owed = view.GetProperty("obligations").EnumerateArray().Where(o => o.Str("status") is "pending" or "due-soon" or "overdue").Select(o => o.Str("key")).ToList();
                var warnings = view.GetProperty("warnings").EnumerateArray().Select(w => w.Str("id")).ToList();
                deaths = Math.Max(0, deaths + r.Next(-1, 12));
                var at = now.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
                var (path, body, role) = r.Next(8) switch
                {
                    0 or 1 => ("/reports", (object)new { kind = step > 34 && r.Next(3) == 0 ? "final" : "continuation", summary = "续报",
                        figures = plan == "natural-disaster" ? (object)new { deaths, relocated = r.Next(0, 250000) } : new { deaths, seriousInjuries = r.Next(0, 60) } }, RoleCatalogue.DutyOfficer),
                    2 => ("/reports", new { kind = "continuation", summary = "核实事发时间", occurredAt = ApiFactory.Now.AddMinutes(-r.Next(20, 90)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture) }, RoleCatalogue.DutyOfficer),
                    3 when owed.Count > 0 => ($"/obligations/{owed[r.Next(owed.Count)]}/fulfilment", new { madeAt = at, note = "已报告" }, RoleCatalogue.DutyOfficer),
                    4 => ("/response", new { level = Levels[r.Next(plan == "natural-disaster" ? 4 : 3)], reason = "研判", action = r.Next(3) == 0 ? "adjust" : r.Next(2) == 0 ? "propose" : "activate" },
                        Deciders[1 + r.Next(3)]),
                    5 => ("/response/termination", new { reason = "处置完毕", conditionsConfirmed = true }, Deciders[1 + r.Next(3)]),
                    6 when plan != "natural-disaster" => ("/warnings", WarningBody(r, plan, warnings), Deciders[r.Next(4)]),
                    _ => ("/clock-events", new { kind = Clocks[r.Next(plan == "natural-disaster" ? 4 : Clocks.Length)], orderedBy = "city" }, RoleCatalogue.DutyOfficer),
                };

                using (var client = host.As(role))
                using (var response = await client.PostJsonAsync(incident.Url + path, body, incident.ETag))
                {
                    taken += response.StatusCode == HttpStatusCode.OK ? 1 : 0;
                    if (response.StatusCode is HttpStatusCode.InternalServerError or HttpStatusCode.ServiceUnavailable)
                    {
                        problems.Add($"seed {seed}, step {step}: POST {path} {JsonSerializer.Serialize(body)} as {role}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    }
                }

                incident = await host.GetAsync(incident.Id);
                var store = host.Services.GetRequiredService<IIncidentStore>();
                var stored = await store.GetAsync(Guid.Parse(incident.Id));
                var events = await store.ReadEventsAsync(Guid.Parse(incident.Id));
                var reader = host.Services.GetRequiredService<IncidentReader>();
                var engine = host.Services.GetRequiredService<DecisionEngine>();
                try
                {
                    var current = reader.ToView(stored!, now);
                    AlertRules.Derive(current, events, now, "test", engine.Catalog.Resolve(current.PlanId, current.OccurredAt));
                }
#pragma warning disable CA1031 // What this test looks for: listed with its seed and step.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    problems.Add($"seed {seed}, step {step}: alerts: {e.GetType().Name}: {e.Message}");
                }
            }
        }
        finally
        {
            host.Dispose();
        }

        problems.Should().BeEmpty();
        taken.Should().BeGreaterThanOrEqualTo(10, "most requests are taken, so the life covers more than refusals");
    }

    private static object WarningBody(Random r, string plan, List<string> warnings)
    {
        var action = warnings.Count == 0 ? "propose" : WarningActions[r.Next(WarningActions.Length)];
        var colour = plan == "road-traffic" && action is "propose" or "adjust" ? Colours[r.Next(3)] : null;
        return new
        {
            action,
            warningId = action == "propose" || warnings.Count == 0 ? null : warnings[r.Next(warnings.Count)],
            colour,
            reason = "团雾",
            provinceApproval = action is "issue" or "adjust" ? "省指挥部" : null,
        };
    }
}
