using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Lifecycles;
using EmergencyPlans.Core.Plans;
using EmergencyPlans.Core.Tests.Lifecycles;
using EmergencyPlans.Core.Tests.Support;
using FluentAssertions;
using Xunit;
using static EmergencyPlans.Core.Tests.Support.DutyScenario;

namespace EmergencyPlans.Core.Tests.Incidents;

/// <summary>
/// What the issue of a road warning owes, read colour by colour from R 4.4.1 发布权限:
/// "一级(红色)预警,报省人民政府或者省人民政府授权的省有关部门批准后,由市指挥部办公室发布。"
/// "二级(橙色)预警,由市指挥部办公室提出建议,经市指挥部指挥长批准后,由市指挥部办公室发布,同时上报上级主管部门,并通报相邻的地级市。"
/// "三级(黄色)预警,由市指挥部办公室提出建议,经市指挥部副指挥长批准后,由市指挥部办公室发布。"
/// Only orange asks for more at its issue; 同时 is at the issue (immediately), and the office records each as done.
/// </summary>
public class WarningIssuedDutiesTests
{
    private const string ReportUp = "orange-warning-report-up";
    private const string NotifyNeighbours = "orange-warning-notify-neighbours";

    private static Incident Road() => Open(Guid.NewGuid(), "road-traffic", Accident(deaths: 1));

    private static Guid Issue(Incident incident, WarningColour colour, DateTimeOffset at)
    {
        var id = Guid.NewGuid();
        incident.ProposeWarning(id, colour, "国道阻断，抢修预计30小时", Actors.OfficeDirector, at);
        var approver = colour switch { WarningColour.Orange => Actors.Commander, WarningColour.Yellow => Actors.DeputyCommander, _ => Actors.OfficeDirector };
        incident.ChangeWarning(id, "issue", null, "同意发布", approver, colour == WarningColour.Red ? "山西省人民政府" : null, at.AddMinutes(5));
        return id;
    }

    [Fact]
    public void Road_4_4_1_OrangeIssued_OwesAtOnce_TheReportToTheSuperiorDepartment_AndTheNoticeToNeighbouringCities()
    {
        // "经市指挥部指挥长批准后,由市指挥部办公室发布,同时上报上级主管部门,并通报相邻的地级市".
        var incident = Road();

        Issue(incident, WarningColour.Orange, At(8, 10));

        var up = incident.State.Obligations.Single(o => o.Code == ReportUp);
        (up.Reporter, up.To, up.Act, up.Start, up.Timing, up.Clause).Should()
            .Be(("市指挥部办公室", "上级主管部门", "上报上级主管部门", "warning-issued", "immediately", "4.4.1"));
        (up.RaisedAt, up.Clock.State, up.Clock.DueAt).Should().Be((At(8, 15), ObligationState.Due, (DateTimeOffset?)null));
        var notice = incident.State.Obligations.Single(o => o.Code == NotifyNeighbours);
        (notice.To, notice.Act, notice.Clock.State).Should().Be(("相邻的地级市", "通报相邻的地级市", ObligationState.Due));
        incident.State.Timeline.Should().Contain(t => t.Type == "obligation-raised" && t.Summary.Contains("通报相邻的地级市", StringComparison.Ordinal));
    }

    [Fact]
    public void Road_4_4_1_TheOfficeRecordsEach_AsOtherNotifications()
    {
        var incident = Road();
        Issue(incident, WarningColour.Orange, At(8, 10));

        incident.FulfilObligation(ReportUp, At(8, 20), "已电话上报省公安厅交管局", Actors.OfficeDirector, At(8, 20), Repository.Engine);
        incident.FulfilObligation(NotifyNeighbours, At(8, 25), "已通报长治市、临汾市及河南焦作市", Actors.OfficeDirector, At(8, 25), Repository.Engine);

        incident.State.Obligations.Where(o => o.Code is ReportUp or NotifyNeighbours).Select(o => (o.Clock.State, o.Clock.FiledAt))
            .Should().Equal((ObligationState.Met, At(8, 20)), (ObligationState.Met, At(8, 25)));
    }

    [Theory]
    [InlineData(WarningColour.Yellow)]
    [InlineData(WarningColour.Red)]
    public void Road_4_4_1_YellowAndRed_OweNothingAtTheirIssue(WarningColour colour)
    {
        // Yellow: "经市指挥部副指挥长批准后,由市指挥部办公室发布。" Red: "报省人民政府……批准后,由市指挥部办公室发布。" Neither says more.
        // Whether red owes orange's "同时上报上级主管部门,并通报相邻的地级市" as the more severe colour is open (ADR 0003, "A red road
        // warning and orange's 同时上报…通报", 2026-12-05): not read in, so red raises nothing at its issue.
        var incident = Road();

        Issue(incident, colour, At(8, 10));

        incident.State.Obligations.Should().NotContain(o => o.Start == "warning-issued");
    }

    [Fact]
    public void Road_4_6_AYellowWarningAdjustedToOrange_IsIssuedAtOrange_AndOwesWhatOrangeOwes()
    {
        // 4.6 "根据实际情况进行预警级别调整": the adjusted warning stands at orange with the commander's approval, as if issued at it.
        var incident = Road();
        var id = Issue(incident, WarningColour.Yellow, At(8, 10));

        incident.ChangeWarning(id, "adjust", WarningColour.Orange, "能见度降至20米", Actors.Commander, null, At(9, 0));

        incident.State.Obligations.Where(o => o.Start == "warning-issued").Select(o => (o.Code, o.RaisedAt))
            .Should().Equal((ReportUp, At(9, 0)), (NotifyNeighbours, At(9, 0)));
        // The timeline says from which colour: it read 橙色预警已调整 alone (a road duty officer's review).
        incident.State.Timeline.Should().ContainSingle(t => t.Type == "warning-adjust")
            .Which.Summary.Should().StartWith("预警由黄色调整为橙色（").And.EndWith("批准）：能见度降至20米");
    }

    [Theory]
    [InlineData("deputy")]
    [InlineData("office")]
    public void Road_4_4_1_AYellowWarningRaisedToOrange_ByAnyoneButTheCommander_IsRefusedNamingTheCommander(string who)
    {
        // 4.4.1 "二级(橙色)预警……经市指挥部指挥长批准后,由市指挥部办公室发布": raising yellow to orange needs the commander's approval, so the
        // refusal names him, whoever asked. The deputy was told the office director may, who was then refused naming the commander.
        var incident = Road();
        var id = Issue(incident, WarningColour.Yellow, At(8, 10));
        var caller = who == "deputy" ? Actors.DeputyCommander : Actors.OfficeDirector;

        var refused = FluentActions.Invoking(() => incident.ChangeWarning(id, "adjust", WarningColour.Orange, "能见度降至20米", caller, null, At(9, 0)))
            .Should().Throw<LifecycleAuthorityException>().Which;

        refused.AuthorisedRoles.Should().Equal("commander");
        refused.Rule.Should().Contain("4.4.1");
    }

    [Fact]
    public void Road_4_4_1_AProposalNotYetApproved_OwesNothing()
    {
        // "经市指挥部指挥长批准后,由市指挥部办公室发布,同时……": 同时 goes with the issue, not with the office's proposal.
        var incident = Road();

        incident.ProposeWarning(Guid.NewGuid(), WarningColour.Orange, "国道阻断", Actors.OfficeDirector, At(8, 10));

        incident.State.Obligations.Should().NotContain(o => o.Start == "warning-issued");
    }

    [Fact]
    public void Road_4_4_1_TheDuties_AreTheCitysOffices_NotOutsideTheCommand()
    {
        // The issuer is 市指挥部办公室, a drill's participant (ADR 0003 "Duties owed outside the city command").
        var plan = Repository.Latest("road-traffic");

        plan.Obligations.Where(o => o.Start == DutyStart.WarningIssued).Select(o => (o.Code, o.WarningColour, o.OutsideCommand, o.Timing))
            .Should().Equal((ReportUp, WarningColour.Orange, false, ObligationTiming.Immediately), (NotifyNeighbours, WarningColour.Orange, false, ObligationTiming.Immediately));
    }

    [Fact]
    public void Road_4_6_A_final_report_with_a_warning_in_force_says_the_warning_still_stands_and_who_lifts_it()
    {
        // R 4.6 "按照“谁发布、谁解除”的原则,由发布单位及时解除预警": closing does not lift it, and nothing said it still stood (session 54).
        var incident = Road();
        Issue(incident, WarningColour.Orange, At(8, 10));

        incident.FileReport(true, "终报：处置完毕", new IncidentReport(), Officer, At(12, 0), Repository.Engine);

        incident.State.IsOpen.Should().BeFalse();
        incident.State.Timeline.Last(t => t.Type == "final-report").Summary
            .Should().EndWith("（橙色预警仍在发布：事件关闭不解除预警，由发布单位评估后解除，4.6）");
    }

    [Fact]
    public void Road_4_6_A_final_report_after_the_warning_was_lifted_says_nothing_of_it()
    {
        var incident = Road();
        var id = Issue(incident, WarningColour.Orange, At(8, 10));
        incident.ChangeWarning(id, "lift", null, "雾散，能见度恢复", Actors.OfficeDirector, null, At(11, 0), conditionsAssessed: true);

        incident.FileReport(true, "终报：处置完毕", new IncidentReport(), Officer, At(12, 0), Repository.Engine);

        incident.State.Timeline.Last(t => t.Type == "final-report").Summary.Should().NotContain("预警");
    }
}
