using System.Text.Json.Nodes;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Plans;
using EmergencyPlans.Core.Tests.Lifecycles;
using EmergencyPlans.Core.Tests.Support;

using static EmergencyPlans.Core.Tests.Support.DutyScenario;

namespace EmergencyPlans.Core.Tests.Incidents;

/// <summary>
/// A duty is said by what the plan says is done, not always as a report: written from the plans' texts, a 通知 is said 通知…, a 通报
/// 通报…, and never 向…报告, on the decision card (its duties and the hint's words, <see cref="DutyWords.Said(ObligationRule)"/>) and in
/// an incident's timeline. A duty raised before the plans said it (an event without <c>act</c>) still reads as the report it was.
/// </summary>
public class DutyActWordsTests
{
    private static readonly Guid Id = new("6f1c1d9e-0000-4000-8000-000000000078");

    private static AssessmentResponse Card(string plan, ReportedFigures figures) =>
        AssessmentContract.ToResponse(Repository.Engine.Assess(IncidentInput.From(plan, T0, figures, JudgementInput.None)));

    private static ObligationRule Rule(Plan plan, string code, string? clause = null) =>
        plan.Obligations.Single(o => o.Code == code && (clause is null || o.Clause == clause));

    private static string[] Timeline(Incident incident) => [.. incident.State.Timeline.Select(t => t.Summary)];

    [Fact]
    public void Construction_ForeignCasualties_CardAndTimelineSay通知市政府有关涉外部门_NeverAReportToThem()
    {
        // C 4.1(三) "事故伤亡、失踪、被困人员有港澳台或外国人员时,市指挥部要及时通知市政府有关涉外部门": the headquarters notifies the
        // foreign-affairs departments; it does not report to them.
        const string words = "“事故伤亡、失踪、被困人员有港澳台或外国人员时,市指挥部要及时通知市政府有关涉外部门”";
        var figures = Accident(1, 0, 0, Fact.ForeignCasualties);

        Card("construction", figures).Obligations.Single(o => o.Code == "notify-foreign-affairs").Act.Should().Be("通知市政府有关涉外部门");
        DutyWords.Said(Rule(Repository.Construction, "notify-foreign-affairs")).Should().Be("及时通知市政府有关涉外部门");

        var incident = Open(Id, "construction", figures);
        incident.FulfilObligation("notify-foreign-affairs", At(8, 40), null, Officer, At(8, 40), Repository.Engine);

        Timeline(incident).Should().Contain($"通知市政府有关涉外部门：{words}，及时");
        Timeline(incident).Should().Contain($"通知市政府有关涉外部门：{words}，已于2026-03-01 08:40完成",
            "a notice is done, not reported (已于…报告 would say the wrong thing)");
        incident.State.Obligations.Single(o => o.Code == "notify-foreign-affairs").Clock.Decisions[^1].Reason.Should().Be("已于2026-03-01 08:40完成");
        Timeline(incident).Should().NotContain(s => s.Contains("向市政府有关涉外部门报告"));
    }

    [Fact]
    public void Construction_OneDeathShortOf较大_HintSaysThePhoneAndTheWrittenReport_AsTheTextDoes()
    {
        // C 4.1(二) "须在事发后30分钟以内向市委、市政府电话报告有关情况,1小时以内向市委、市政府书面报告简要情况".
        var hint = Card("construction", Accident(deaths: 2)).NearestThresholds.Single(t => t.Table == "grade" && t.Figures.SequenceEqual(["deaths"]));

        hint.Text.Should().Contain("30分钟内向市委、市政府电话报告；1小时内向市委、市政府书面报告");
    }

    [Fact]
    public void Construction_HintAfterTheDeadline_Says立即_NotTheMinutesThatHavePassed()
    {
        // C 4.1(二) "重大建设工程事故发生后,属地县、乡政府值班部门…立即向市委、市政府、省委、省政府总值班室电话直报简要情况…报告时间不得晚于
        // 事发后30分钟": read 50 minutes after the occurrence with 4 dead, the 30 minutes have passed; 重大 reached now is owed 立即
        // (ADR 0003 #71). The hint still promised 30分钟内 (review s55, finding 3).
        var a = Repository.Engine.Assess(IncidentInput.From("construction", T0, Accident(deaths: 4), JudgementInput.None));
        static ThresholdDto Serious(AssessmentResponse card) => card.NearestThresholds.First(t => t.Table == "grade" && t.Reaches == "serious" && t.Figures.SequenceEqual(["deaths"]));

        var inTime = Serious(AssessmentContract.ToResponse(a, now: T0.AddMinutes(20)));
        inTime.Text.Should().Contain("30分钟内向市委、市政府、省委、省政府总值班室电话直报");
        var past = Serious(AssessmentContract.ToResponse(a, now: T0.AddMinutes(50)));
        past.Text.Should().Contain("立即向市委、市政府、省委、省政府总值班室电话直报").And.Contain("（事发已超过30分钟）").And.NotContain("30分钟内向市委");
        past.NewObligations.Should().Contain("direct-report-to-province（立即）");
    }

    [Fact]
    public void Road_RescueFund_CardAndTimelineSay通知相关救助基金管理保险机构()
    {
        // R 6.2.2 ¶1 "发生道路交通事故,公安交警部门应通知相关救助基金管理保险机构垫付道路交通事故受害人的抢救费用、丧葬费用".
        const string said = "通知相关救助基金管理保险机构：“发生道路交通事故,公安交警部门应通知相关救助基金管理保险机构垫付道路交通事故受害人的抢救费用、丧葬费用”";
        var figures = Accident(1, 0, 0, Fact.RescueFundAdvanceNeeded);

        Card("road-traffic", figures).Obligations.Single(o => o.Code == "notify-rescue-fund").Act.Should().Be("通知相关救助基金管理保险机构");
        // No time word in the clause (应通知): said 时限（本预案未写明）, not 及时 (ADR 0003, 2026-12-05).
        DutyWords.Said(Rule(Repository.Road, "notify-rescue-fund")).Should().Be("通知相关救助基金管理保险机构，时限（本预案未写明）");

        var incident = Open(Id, "road-traffic", figures);

        Timeline(incident).Should().Contain($"{said}，时限（本预案未写明）");
        Timeline(incident).Should().NotContain(s => s.Contains("向相关救助基金管理保险机构报告"));
    }

    [Fact]
    public void Road_EightDeadShortOf重大_HintSaysTheDirectReportToTheSuperiorDutyRoom()
    {
        // R 5.1.1 "重大及以上……立即向上级值班室直报简要情况……报告时间不得晚于事发后30分钟".
        var hint = Card("road-traffic", Accident(deaths: 8)).NearestThresholds.Single(t => t.Table == "grade" && t.Figures.SequenceEqual(["deaths"]));

        hint.Text.Should().Contain("30分钟内向上级值班室直报");
    }

    [Fact]
    public void Natural_CardSays通报_And抄送_AsTheTextDoes()
    {
        // N 4.1.3 "县级人民政府有关涉灾部门应及时将本行业灾情通报同级应急管理部门"; 4.1.1 "相关部门(单位)要……立即向上级主管部门、
        // 本级人民政府报告,并抄送同级应急部门".
        var card = Card("natural-disaster", Disaster(1));

        card.Obligations.Single(o => o.Code == "sector-notify-emergency-dept").Act.Should().Be("通报同级应急管理部门");
        card.Obligations.Single(o => o.Code == "department-report-up").Act.Should().Be("向上级主管部门、本级人民政府报告,并抄送同级应急部门");
        DutyWords.Said(Rule(Repository.NaturalDisaster, "sector-notify-emergency-dept")).Should().Be("及时通报同级应急管理部门");
        // 6.3 "经本级党委和政府批准后组织实施,并报市级应急管理部门备案" carries no time word: the filing is said first, then 时限（本预案未写明）.
        DutyWords.Said(Rule(Repository.NaturalDisaster, "county-winter-spring-filing")).Should().Be("报市级应急管理部门备案，时限（本预案未写明）",
            "N 6.3 \"并报市级应急管理部门备案\": a filing, not a report to 市级应急管理部门（备案）, and no time word");
    }

    [Fact]
    public void Natural_LevelIIIActivated_TimelineSaysTheNoticeTheNotificationsAndTheReportUp()
    {
        // N 2.2(2) 市安委办 "发出启动、终止通知"; 5.6 "启动市级自然灾害救助应急响应后,市安委办、市应急管理局要向相关县(市、区)通报并上报
        // 省应急管理厅"; 5.3.3(1) "有关情况及时上报市安委会主任并通报有关成员单位".
        var incident = Open(Id, "natural-disaster", Disaster(10));
        incident.DecideResponse(ResponseLevel.III, false, "测试启动", Actors.DeputyCommander, At(10), Repository.Engine);

        var raised = incident.State.Timeline.Where(t => t.Type == "obligation-raised").Select(t => t.Summary).ToArray();
        raised.Should().Contain(s => s.StartsWith("向相关部门和县(市、区)发出启动通知（原文未写明对象）：“", StringComparison.Ordinal));
        raised.Should().Contain(s => s.StartsWith("向相关县(市、区)通报并上报省应急管理厅：“启动市级自然灾害救助应急响应后", StringComparison.Ordinal));
        raised.Should().Contain(s => s.StartsWith("上报市安委会主任并通报有关成员单位：“", StringComparison.Ordinal));
        raised.Should().NotContain(s => s.Contains("省应急管理厅报告") || s.Contains("（原文未写明对象）报告") || s.Contains("有关成员单位报告"));
    }

    [Fact]
    public void ObligationRaised_WithoutAct_WrittenBeforeSchema5_StillReadsAsTheReportItWas()
    {
        // An incident logged before the plans said what is done: its notify-foreign-affairs event has no act. Rebuilt from that log it
        // reads as it did then (向市政府有关涉外部门报告), not as a notice the event never recorded, and an event of this build keeps its act.
        var incident = Open(Id, "construction", Accident(1, 0, 0, Fact.ForeignCasualties));
        var written = incident.Raised.Select(e => (Name: IncidentEventSchema.NameOf(e), Json: IncidentEventSchema.Serialize(e))).ToArray();
        written.Should().Contain(e => e.Name == "obligation-raised" && e.Json.Contains("\"act\":\"通知市政府有关涉外部门\""));

        var old = written.Select(e =>
        {
            var body = JsonNode.Parse(e.Json)!.AsObject();
            body.Remove("act");
            return IncidentEventSchema.Deserialize(e.Name, 4, body.ToJsonString());
        });
        var rebuilt = Incident.Rehydrate(old, Repository.Catalog);

        var duty = rebuilt.State.Obligations.Single(o => o.Code == "notify-foreign-affairs");
        duty.Act.Should().BeNull();
        duty.Said().Brief.Should().Be("向市政府有关涉外部门报告");
        duty.Said().Done.Should().Be("报告");
        var current = Incident.Rehydrate(written.Select(e => IncidentEventSchema.Deserialize(e.Name, IncidentEventSchema.Version, e.Json)), Repository.Catalog);
        current.State.Obligations.Single(o => o.Code == "notify-foreign-affairs").Said().Brief.Should().Be("通知市政府有关涉外部门");
    }

    [Fact]
    public void TheCardsDuties_SayWhoOwesThem_AndWhetherTheCityCommandDoes()
    {
        // R 5.1.1 "获悉道路交通安全突发事件的单位、公民,立即拨打报警电话(122)" is not the office's duty; "各级各部门须在事发后30分钟内向市委、市政府电话报告"
        // is. The card's duties had neither who nor whether (the incident view's had the reporter).
        var card = Card("road-traffic", new ReportedFigures { [Figure.Deaths] = 2, [Figure.Missing] = 0 });

        var call = card.Obligations.Single(o => o.Code == "call-122");
        (call.Reporter, call.OutsideCommand).Should().Be(("获悉道路交通安全突发事件的单位、公民", true));
        var phone = card.Obligations.Single(o => o.Code == "phone-report-to-city");
        phone.OutsideCommand.Should().BeFalse();
        phone.Reporter.Should().Be("各级各部门");
    }
}
