using EmergencyPlans.Application.Incidents;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Lifecycles;
using EmergencyPlans.Infrastructure.Tests.Persistence;

namespace EmergencyPlans.Infrastructure.Tests.Views;

/// <summary>
/// A read shows, at each passed due time, the duty not reported by then (obligation-overdue), among the entries the incident recorded:
/// in time order, a recorded entry before a missed duty at the same instant, and nothing recorded moved or lost.
/// </summary>
public sealed class IncidentTimelineViewTests
{
    private static readonly DateTimeOffset Occurred = new(2026, 5, 12, 9, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public void Missed_duties_show_among_the_recorded_entries_at_their_due_times()
    {
        var engine = new DecisionEngine(TestPlans.Catalog);
        var plan = TestPlans.Catalog.Resolve("construction", Occurred)!;
        var officer = new LifecycleActor(RoleCatalogue.DutyOfficer, "值班员");
        var incident = Incident.Open(Guid.NewGuid(), plan, Occurred, new IncidentReport { Figures = ReportedFigures.None.With(FigureCatalog.Of(Figure.Deaths), 1m) },
            "城区", "工地", "塔吊倒塌", new Reporter("值班员", null, null), false, officer, Occurred.AddMinutes(5), engine);
        // Entries every quarter of an hour for three hours, none of them a duty met: the duties due in between pass unmet.
        for (var minutes = 15; minutes <= 180; minutes += 15)
        {
            incident.FileReport(false, $"现场情况{minutes}", new IncidentReport(), officer, Occurred.AddMinutes(minutes), engine);
        }

        var recorded = incident.State.Timeline.ToList();
        var reader = new IncidentReader(null!, engine);

        var timeline = reader.ToView(incident.State, 14, Occurred.AddHours(4)).Timeline;

        var missed = timeline.Where(t => t.Type == "obligation-overdue").ToList();
        missed.Should().NotBeEmpty("duties with due times passed unmet");
        timeline.Where(t => t.Type != "obligation-overdue").Should().Equal(recorded, "every recorded entry, in the order recorded");
        timeline.Select(t => t.At).Should().BeInAscendingOrder();
        for (var i = 1; i < timeline.Count; i++)
        {
            if (timeline[i].At == timeline[i - 1].At && timeline[i - 1].Type == "obligation-overdue")
            {
                timeline[i].Type.Should().Be("obligation-overdue", "a recorded entry comes before a missed duty at the same instant");
            }
        }

        // Each missed duty sits after the last entry recorded by its due time and before the first recorded after it.
        foreach (var m in missed)
        {
            var at = timeline.ToList().IndexOf(m);
            timeline.Take(at).Where(t => t.Type != "obligation-overdue").Should().OnlyContain(t => t.At <= m.At);
            timeline.Skip(at + 1).Where(t => t.Type != "obligation-overdue").Should().OnlyContain(t => t.At > m.At);
        }

        var (second, last) = (recorded[1].At, recorded[^1].At);
        missed.Select(m => m.At).Should().Contain(a => a > second && a < last, "some fall between recorded entries, not only at the ends");
    }
}
