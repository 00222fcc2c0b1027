using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Lifecycles;
using EmergencyPlans.Core.Tests.Support;
using FluentAssertions;
using Xunit;
using static EmergencyPlans.Core.Tests.Support.DutyScenario;

namespace EmergencyPlans.Core.Tests.Incidents;

/// <summary>
/// Every command brings its caller anew (the API makes one per request, a drill one per step), and every event, decision and timeline
/// entry the command makes names it. The incident keeps one instance of each caller, so a long incident does not keep one per command;
/// a caller with another name or role is another caller.
/// </summary>
public class IncidentActorsTests
{
    [Fact]
    public void Commands_by_the_same_caller_name_one_instance_of_it_and_another_caller_keeps_its_own()
    {
        var incident = Open(Guid.NewGuid(), "road-traffic", Accident(deaths: 1), occurredAt: At(8), now: At(8, 5));
        var first = new LifecycleActor(RoleCatalogue.DutyOfficer, "李四");
        var again = new LifecycleActor(RoleCatalogue.DutyOfficer, "李四");
        var other = new LifecycleActor(RoleCatalogue.DutyOfficer, "王五");

        incident.FileReport(false, "续报", new IncidentReport { Figures = Accident(deaths: 2) }, first, At(8, 10), Repository.Engine);
        incident.FileReport(false, "续报", new IncidentReport { Figures = Accident(deaths: 3) }, again, At(8, 20), Repository.Engine);
        incident.FileReport(false, "续报", new IncidentReport { Figures = Accident(deaths: 3) }, other, At(8, 30), Repository.Engine);

        var reports = incident.Raised.OfType<ReportFiled>().ToList();
        reports.Should().HaveCount(3);
        reports[1].By.Should().BeSameAs(reports[0].By).And.BeSameAs(first);
        reports[2].By.Should().BeSameAs(other);
        var decisions = incident.State.Reporting.Decisions.Where(d => d.At >= At(8, 10)).ToList();
        decisions.Select(d => d.Actor.DisplayName).Should().Equal("李四", "李四", "王五");
        decisions[1].Actor.Should().BeSameAs(decisions[0].Actor);
        incident.State.Timeline.Where(t => t.Type == "continuation-report").Select(t => t.ActorName).Should()
            .Equal("李四（值班员）", "李四（值班员）", "王五（值班员）");
    }
}
