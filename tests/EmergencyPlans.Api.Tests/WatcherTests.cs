using System.Net;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// The deadline watcher (EmergencyPlans:DeadlineCheckSeconds) records an obligation that passed its due
/// time unreported, once, in the incident's timeline; an officer holding the older ETag redoes the change.
/// </summary>
public sealed class WatcherTests
{
    /// <summary>Real time allowed for the background round the fake clock triggered; not a tolerance on any result.</summary>
    private static readonly TimeSpan BackgroundRound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Watcher_PhoneReportPastDue_RecordsItOnceAndTheOfficerRetriesOnTheNewETag()
    {
        using var factory = new ApiFactory().With("EmergencyPlans:DeadlineCheckSeconds", "30");
        var incident = await factory.OpenAsync(Bodies.Incident(figures: new { deaths = 3 }, occurredAt: "2026-03-01T10:00:00+08:00"));

        factory.Clock.Advance(TimeSpan.FromMinutes(30));
        factory.Clock.Advance(TimeSpan.FromSeconds(30));
        var marked = await WaitForAsync(factory, incident.Id, version: 2);

        var overdue = marked.Body.GetProperty("timeline").EnumerateArray().Where(t => t.Str("type") == "obligation-overdue").ToArray();
        overdue.Should().ContainSingle().Which.Str("summary").Should().StartWith("phone-report-to-city");
        overdue[0].GetProperty("at").GetDateTimeOffset().Should().Be(DateTimeOffset.Parse("2026-03-01T10:30:30+08:00"));
        marked.Body.Obligation("phone-report-to-city").Str("status").Should().Be("overdue");

        using var client = factory.As(RoleCatalogue.DutyOfficer);
        using var stale = await client.PostJsonAsync(incident.Url + "/obligations/phone-report-to-city/fulfilment",
            Bodies.Fulfil("2026-03-01T10:31:00+08:00"), incident.ETag);
        await stale.ShouldHaveStatusAsync(HttpStatusCode.PreconditionFailed);
        var fulfilled = await factory.ChangeAsync(marked, "/obligations/phone-report-to-city/fulfilment",
            Bodies.Fulfil("2026-03-01T10:31:00+08:00"), RoleCatalogue.DutyOfficer);
        fulfilled.Body.Obligation("phone-report-to-city").Str("status").Should().Be("late");

        factory.Clock.Advance(TimeSpan.FromSeconds(30));
        factory.Clock.Advance(TimeSpan.FromMinutes(30));
        var again = await WaitForAsync(factory, incident.Id, version: fulfilled.ETag + 1);
        again.Body.GetProperty("timeline").EnumerateArray().Where(t => t.Str("type") == "obligation-overdue")
            .Select(t => t.Str("summary").Split(' ')[0]).Should().Equal("phone-report-to-city", "written-report-to-city");
    }

    private static async Task<Opened> WaitForAsync(ApiFactory factory, string id, long version)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var current = await factory.GetAsync(id);
            if (current.ETag >= version || waited.Elapsed > BackgroundRound)
            {
                current.ETag.Should().Be(version, "the watcher's round should have recorded the overdue obligation");
                return current;
            }

            await Task.Delay(50);
        }
    }
}
