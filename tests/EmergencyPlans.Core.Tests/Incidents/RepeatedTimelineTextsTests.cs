using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Lifecycles;
using EmergencyPlans.Core.Tests.Support;
using FluentAssertions;
using Xunit;
using static EmergencyPlans.Core.Tests.Support.DutyScenario;

namespace EmergencyPlans.Core.Tests.Incidents;

/// <summary>
/// A long incident says the same line many times (续报 after 续报 concluding the same grade and level); it keeps one instance of such a
/// line, not one a command, and every line still says what was done.
/// </summary>
public class RepeatedTimelineTextsTests
{
    [Fact]
    public void Reports_concluding_the_same_keep_one_instance_of_their_timeline_line()
    {
        var incident = Open(Guid.NewGuid(), "road-traffic", Accident(deaths: 1), occurredAt: At(8), now: At(8, 5));
        var officer = new LifecycleActor(RoleCatalogue.DutyOfficer, "李四");

        incident.FileReport(false, "续报", new IncidentReport { Figures = Accident(deaths: 2) }, officer, At(8, 10), Repository.Engine);
        incident.FileReport(false, "续报", new IncidentReport { Figures = Accident(deaths: 2) }, officer, At(8, 20), Repository.Engine);
        incident.FileReport(false, "再次续报", new IncidentReport { Figures = Accident(deaths: 2) }, officer, At(8, 30), Repository.Engine);

        var lines = incident.State.Timeline.Where(t => t.Type == "continuation-report").Select(t => t.Summary).ToList();
        lines.Should().HaveCount(3);
        lines[0].Should().StartWith("续报 — ").And.Contain("等级：").And.Contain("响应：");
        lines[1].Should().Be(lines[0]).And.BeSameAs(lines[0], "the second report says word for word what the first said");
        lines[2].Should().StartWith("再次续报 — ").And.EndWith(lines[0]["续报 — ".Length..]);
    }
}
