using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Lifecycles;
using EmergencyPlans.Core.Tests.Support;

using static EmergencyPlans.Core.Tests.Support.DutyScenario;

namespace EmergencyPlans.Core.Tests.Incidents;

/// <summary>
/// The work after handling (后期处置) is owed after the incident closes, not ended by the close:
/// R 6.4 "各级道路交通安全指挥部办公室要及时对预警信息、应急响应、处置情况、应急保障、协同作战等进行总结评估,形成事故专项报告,报本级人民政府和上级主管部门";
/// C 5.1 "建设工程事故应急处置结束后,市、县指挥部…提出善后处理意见,并报市、县人民政府"; C 5.2 "市指挥部负责对事故应急救援情况进行总结,……评估事故应急响应情况". All start when handling ends, and the 终报 closes the
/// incident right then: they were set to 不再需要（事件已关闭）at once and could not be recorded afterwards (409), and a 终报 filed without
/// the end of handling recorded first never raised them.
/// </summary>
public class AfterHandlingDutiesTests
{
    private static readonly Guid Id = new("6f1c1d9e-0000-4000-8000-0000000000c4");

    private static ObligationEntry Duty(Incident incident, string code) => incident.State.Obligations.Single(o => o.Code == code);

    private static void Final(Incident incident, DateTimeOffset at) =>
        incident.FileReport(true, "终报：处置完毕", new IncidentReport(), Officer, at, Repository.Engine);

    [Theory]
    [InlineData("road-traffic", "special-report")]
    [InlineData("construction", "aftermath-opinion")]
    // C 5.2 "市指挥部负责对事故应急救援情况进行总结,……分析事故原因,评估事故应急响应情况"
    [InlineData("construction", "rescue-summary-evaluation")]
    public void EndOfHandlingRecorded_ThenTheFinalReport_TheWorkAfterHandlingIsStillOwed_AndCanBeRecorded(string plan, string code)
    {
        var incident = Open(Id, plan, Accident(deaths: 1));
        Clock(incident, "handling-finished", At(12));
        Duty(incident, code).Clock.State.Should().Be(ObligationState.Due);

        Final(incident, At(13));

        incident.State.Reporting.State.Should().Be(ReportingState.Closed);
        Duty(incident, code).Clock.State.Should().Be(ObligationState.Due, "it is owed after handling, and the close comes then");

        incident.FulfilObligation(code, At(16), "专项报告已报送", Officer, At(16), Repository.Engine);

        Duty(incident, code).Clock.State.Should().Be(ObligationState.Met);
    }

    [Theory]
    [InlineData("road-traffic", "special-report")]
    [InlineData("construction", "aftermath-opinion")]
    [InlineData("construction", "rescue-summary-evaluation")]
    public void FinalReportWithoutTheEndOfHandlingRecorded_StartsTheWorkAfterHandlingFromIt(string plan, string code)
    {
        // R 5.1.2 / C 4.1(三): the 终报 is made once handling is over; filed without that recorded, it stands for it.
        var incident = Open(Id, plan, Accident(deaths: 1));

        Final(incident, At(13));

        incident.State.Reporting.State.Should().Be(ReportingState.Closed);
        Duty(incident, code).Clock.State.Should().Be(ObligationState.Due);
        Duty(incident, "final-report").Clock.State.Should().Be(ObligationState.Met, "this 终报 is the final report the end of handling asks for");
    }

    [Fact]
    public void Road_AnImmediateReportNeverMade_StillEndsWithTheIncident()
    {
        // ADR 0003: a duty with no due time that is not work after handling (单位、公民拨打122) ends with the incident, as before.
        var incident = Open(Id, "road-traffic", Accident(deaths: 1));
        Duty(incident, "call-122").Clock.State.Should().Be(ObligationState.Due);

        Final(incident, At(13));

        Duty(incident, "call-122").Clock.State.Should().Be(ObligationState.Cancelled);
    }
}
