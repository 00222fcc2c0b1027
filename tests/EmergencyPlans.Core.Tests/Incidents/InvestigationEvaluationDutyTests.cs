using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Lifecycles;
using EmergencyPlans.Core.Plans;
using EmergencyPlans.Core.Tests.Lifecycles;
using EmergencyPlans.Core.Tests.Support;

using static EmergencyPlans.Core.Tests.Support.DutyScenario;

namespace EmergencyPlans.Core.Tests.Incidents;

/// <summary>
/// C 5.2 调查评估: "建设工程事故调查工作按照《生产安全事故报告和调查处理条例》执行。市指挥部负责对事故应急救援情况进行总结,根据事故现场检测、
/// 鉴定的数据,分析事故原因,评估事故应急响应情况。" Written from the text: a duty of 市指挥部 in 5 后期处置, after 5.1's "建设工程事故应急处置结束后",
/// so owed once handling has ended and not before; it names no reader and no time word, so it is work done (已于…完成), never a report,
/// and its time is 时限（本预案未写明）. The plan data did not encode it (a gap noted since session 31).
/// </summary>
public class InvestigationEvaluationDutyTests
{
    private static readonly Guid Id = new("6f1c1d9e-0000-4000-8000-0000000005c2");

    private const string Code = "rescue-summary-evaluation";

    private const string Act = "对事故应急救援情况进行总结，分析事故原因，评估事故应急响应情况";

    private static ObligationEntry[] Owed(Incident incident) => [.. incident.State.Obligations.Where(o => o.Code == Code)];

    [Fact]
    public void Construction5_2_HandlingFinished_市指挥部OwesTheSummaryOfTheRescue_TheCausesAndTheEvaluationOfTheResponse()
    {
        // C 5.2 "市指挥部负责对事故应急救援情况进行总结,……分析事故原因,评估事故应急响应情况"; 5.1 "建设工程事故应急处置结束后".
        var incident = Open(Id, "construction", Accident(deaths: 1));

        Clock(incident, ClockEvents.HandlingFinished, At(18));

        var duty = Owed(incident).Should().ContainSingle().Subject;
        duty.Reporter.Should().Be("市指挥部");
        duty.Clause.Should().Be("5.2");
        duty.Act.Should().Be(Act);
        duty.Start.Should().Be("handling-finished");
        duty.RaisedAt.Should().Be(At(18));
        duty.Timing.Should().Be("promptly", "5.2 has no time word (ADR 0003 convention 2)");
        duty.Clock.DueAt.Should().BeNull("the plan gives no time for it");
        duty.Clock.State.Should().Be(ObligationState.Due);
    }

    [Fact]
    public void Construction5_2_BeforeHandlingFinished_TheSummaryIsNotOwed()
    {
        // The summary is of the rescue (应急救援情况) and evaluates the response (应急响应情况): 5 后期处置, after the handling ends. While the
        // rescue goes on — reported, a 续报 filed, the response activated and terminated — it is not owed.
        var incident = Open(Id, "construction", Accident(deaths: 3));
        Continuation(incident, At(10), Accident(deaths: 3, injured: 2));
        incident.DecideResponse(ResponseLevel.II, false, "死亡3人", Actors.Commander, At(10, 30), Repository.Engine);
        incident.TerminateResponse("现场处置完毕", true, Actors.Commander, At(17), Repository.Engine);

        Owed(incident).Should().BeEmpty();
    }

    [Fact]
    public void Construction5_2_IsWorkDone_NotAReportToAnyone_AndTheTimelineSaysSo()
    {
        // C 5.2 names no one the summary goes to: said by what is done, recorded as 完成, never 向…报告.
        var incident = Open(Id, "construction", Accident(deaths: 1));
        Clock(incident, ClockEvents.HandlingFinished, At(18));

        incident.FulfilObligation(Code, At(20), null, Officer, At(20), Repository.Engine);

        var entries = incident.State.Timeline.Where(t => t.Summary.Contains("市指挥部负责对事故应急救援情况进行总结", StringComparison.Ordinal)).ToArray();
        entries.Should().Contain(t => t.Type == "obligation-raised").Which.Summary.Should().StartWith(Act + "：“市指挥部负责对事故应急救援情况进行总结");
        entries.Should().Contain(t => t.Type == "obligation-fulfilled").Which.Summary.Should().Contain("已于2026-03-01 20:00完成");
        entries.Should().OnlyContain(t => !t.Summary.Contains("报告", StringComparison.Ordinal) && !t.Summary.Contains("未写明报送对象", StringComparison.Ordinal));
        DutyWords.Said(Repository.Construction.Obligations.Single(o => o.Code == Code)).Should().Be(Act + "，时限（本预案未写明）");
    }

    [Fact]
    public void Road6_4_TheSummaryEvaluationThatIsReported_IsStillAReport()
    {
        // R 6.4 "……进行总结评估,形成事故专项报告,报本级人民政府和上级主管部门": its 总结评估 is reported to a reader, so it stays 向…报告.
        var rule = Repository.Road.Obligations.Single(o => o.Code == "special-report");

        DutyWords.Deed(rule).Should().Be(DutyDeed.Report);
        DutyWords.Said(rule).Should().Be("及时向本级人民政府和上级主管部门报告");
    }

    [Fact]
    public void AnActThatIsFirstAReport_WithAProposalOrANoticeJoined_IsAReport_OneThatBeginsWithANotice_IsDoneAsItSays()
    {
        // C 4.3.1(2) "经预判后向市指挥部报告,提出启动Ⅲ级响应建议" and N 5.3.3(1) "有关情况及时上报市安委会主任并通报有关成员单位" are reports first:
        // made or missed as a report (已报告, 未报), which the incident's timeline, the API and the alerts said 完成/未完成 while only the
        // drill's report read them as reports. N 5.6 "向相关县(市、区)通报并上报省应急管理厅" begins with the notice: done as it says.
        Deeds(Repository.Construction, "office-report-with-proposal").Should().HaveCount(3).And.OnlyContain(d => d == DutyDeed.Report, "C 4.3.1(2)–4.3.3(2)");
        Deeds(Repository.NaturalDisaster, "situation-report-to-city").Should().NotBeEmpty().And.OnlyContain(d => d == DutyDeed.Report);
        Deeds(Repository.NaturalDisaster, "notify-counties-and-province").Should().NotBeEmpty().And.OnlyContain(d => d == DutyDeed.Other);

        static DutyDeed[] Deeds(Plan plan, string code) => plan.Obligations.Where(o => o.Code == code).Select(DutyWords.Deed).ToArray();
    }
}
