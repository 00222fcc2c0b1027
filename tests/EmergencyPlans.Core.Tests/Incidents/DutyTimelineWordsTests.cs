using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Tests.Support;

using static EmergencyPlans.Core.Tests.Support.DutyScenario;

namespace EmergencyPlans.Core.Tests.Incidents;

/// <summary>
/// An incident's timeline says each duty as the plan does: what is done and to whom, the plan's words, and for a repeating duty its
/// period (第2期); never the duty's code or key, which are for machines. Written from the plans' words: the 2026 notice's relief supplies
/// are delivered (运抵), not reported; the road plan's reports are reports.
/// </summary>
public class DutyTimelineWordsTests
{
    private static readonly Guid Id = new("6f1c1d9e-0000-4000-8000-000000000077");

    private const string Notice = "晋市政发〔2026〕1号 (十九)";

    private static TimelineEntry[] Entries(Incident incident, string type) => [.. incident.State.Timeline.Where(t => t.Type == type)];

    [Fact]
    public void ReliefSupplies_OrderedByTheCountyAndDeliveredLate_TimelineSaysTheSuppliesReachTheAreaNeverAReport()
    {
        // 晋市政发〔2026〕1号 (十九): "确保接到调拨指令后,首批救灾物资县级6小时……运抵灾区" — the county's first supplies are owed to the
        // disaster area within 6 hours of the order, as a delivery: ordered at 10:00, due 16:00, arriving 16:30.
        var incident = Open(Id, "natural-disaster", Disaster(1));
        Clock(incident, ClockEvents.DispatchOrder, At(10), "county");

        incident.FulfilObligation("relief-supplies-county", At(16, 30), null, Officer, At(16, 30), Repository.Engine);

        const string said = "调拨物资运抵灾区：“确保接到调拨指令后,首批救灾物资县级6小时……运抵灾区”";
        Entries(incident, "obligation-raised").Should().ContainSingle(t => t.Rule == Notice)
            .Which.Summary.Should().Be($"{said}，2026-03-01 16:00前");
        Entries(incident, "obligation-fulfilled").Should().ContainSingle(t => t.Rule == Notice)
            .Which.Summary.Should().Be($"{said}，已于2026-03-01 16:30运抵（逾时运抵：应于2026-03-01 16:00前）");
        var supplies = incident.State.Obligations.Single(o => o.Code == "relief-supplies-county");
        supplies.Clock.Decisions[^1].Reason.Should().Be("已于2026-03-01 16:30运抵", "the record of its arrival, when nobody wrote a note");
        incident.State.Timeline.Where(t => t.Rule == Notice).Should().OnlyContain(t => !t.Summary.Contains("报告") && !t.Summary.Contains("relief-supplies"),
            "the supplies are delivered to the area, not reported, and the duty is named in the notice's words");
    }

    [Fact]
    public void Natural413_ALimitThePlanRefersToButDoesNotState_IsSaidSo_Not及时()
    {
        // N 4.1.3 "市、县应急管理部门在接到灾害事件报告后,应在规定时限内向本级党委和政府及上级应急管理部门报告": a limit set elsewhere, which
        // the plan does not state. The timeline said 及时, a word the clause does not use; the sector's 通报 of the same clause says 及时.
        var incident = Open(Id, "natural-disaster", Disaster(1));

        Entries(incident, "obligation-raised").Should().ContainSingle(t => t.Summary.Contains("应在规定时限内", StringComparison.Ordinal))
            .Which.Summary.Should().EndWith("，规定时限内（本预案未写明）");
        Entries(incident, "obligation-raised").Should().ContainSingle(t => t.Summary.Contains("应及时将本行业灾情通报", StringComparison.Ordinal))
            .Which.Summary.Should().EndWith("，及时");
        EmergencyPlans.Core.Plans.DutyWords.Said(Repository.NaturalDisaster.Obligations.Single(o => o.Code == "emergency-dept-report-in-set-time"))
            .Should().StartWith("规定时限内（本预案未写明）");
    }

    private const string Unstated = "，时限（本预案未写明）";

    private static string Raised(Incident incident, string words) =>
        Entries(incident, "obligation-raised").Should().ContainSingle(t => t.Summary.Contains(words, StringComparison.Ordinal)).Which.Summary;

    [Fact]
    public void Natural_DutiesWhoseWordsCarryNoTimeWord_AreSaidSo_Not及时()
    {
        // N 5.3.2 "市安委会副主任(分管安全工作副市长)决定启动Ⅲ级响应,并向市安委会主任报告"; 2.2(2) "提出自然灾害救助应急响应启动、终止建议,
        // 发出启动、终止通知"; 5.6 "启动市级自然灾害救助应急响应后,市安委办、市应急管理局要向相关县(市、区)通报并上报省应急管理厅": no time
        // word, and the timeline said 及时. 5.3.3(1) "有关情况及时上报市安委会主任并通报有关成员单位" says 及时 and still reads so.
        var incident = Open(Id, "natural-disaster", Disaster(12));
        incident.DecideResponse(ResponseLevel.III, false, "启动", EmergencyPlans.Core.Tests.Lifecycles.Actors.DeputyCommander, At(10), Repository.Engine);

        Raised(incident, "决定启动Ⅲ级响应,并向市安委会主任报告").Should().EndWith(Unstated);
        Raised(incident, "发出启动、终止通知").Should().EndWith(Unstated);
        Raised(incident, "要向相关县(市、区)通报并上报省应急管理厅").Should().EndWith(Unstated);
        Raised(incident, "有关情况及时上报市安委会主任").Should().EndWith("，及时");
        EmergencyPlans.Core.Plans.DutyWords.Said(Repository.NaturalDisaster.Obligations.Single(o => o.Code == "activation-report-to-director"))
            .Should().Be("向市安委会主任报告，时限（本预案未写明）");
    }

    [Fact]
    public void Construction_DutiesWhoseWordsCarryNoTimeWord_AreSaidSo_Not及时()
    {
        // C 4.1(一) "住房和城乡建设部门应当向上级部门报告建设工程事故,应同时报告同级党委和政府"; 4.3.1(2) "市指挥部办公室接到事故报告,经预判后
        // 向市指挥部报告,提出启动Ⅲ级响应建议": no time word (同时 joins the second addressee); the timeline said 及时.
        var incident = Open(Id, "construction", Accident(1));

        Raised(incident, "住房和城乡建设部门应当向上级部门报告建设工程事故").Should().EndWith(Unstated);
        Raised(incident, "经预判后向市指挥部报告,提出启动Ⅲ级响应建议").Should().EndWith(Unstated);
    }

    [Fact]
    public void Road_DutiesWhoseWordsCarryNoTimeWord_AreSaidSo_Not及时()
    {
        // R 5.3.2 启动程序 "市指挥部办公室接到报告后,经分析研判,向市指挥部提出启动Ⅱ级应急响应的建议"; 5.3.2 响应措施(9) "根据救援工作需要,
        // 向市委、市政府和上级有关部门报告现场情况和应急处置情况": no time word; the timeline said 及时.
        var incident = Open(Id, "road-traffic", Accident(3));
        incident.DecideResponse(ResponseLevel.II, false, "启动", EmergencyPlans.Core.Tests.Lifecycles.Actors.Commander, At(10), Repository.Engine);

        Raised(incident, "向市指挥部提出启动Ⅱ级应急响应的建议").Should().EndWith(Unstated);
        Raised(incident, "根据救援工作需要,向市委、市政府和上级有关部门报告现场情况和应急处置情况").Should().EndWith(Unstated);
    }

    [Fact]
    public void Natural422And62_AReportAfterAnInvestigationOrAnEvaluation_IsSaidAfterThatWork_Not处置结束后()
    {
        // N 4.2.2 "部门间数据不一致或定性存在争议的,会同相关部门联合开展调查,并向本级党委和政府报告,同时抄报上一级应急管理部门": the report
        // follows the joint investigation. N 6.2 "倒损住房恢复重建工作结束后,县级应急管理部门应……对本地因灾倒损住房恢复重建补助资金管理使用
        // 工作开展绩效评价,并将评价结果报市应急管理局": the results are reported when the evaluation is done. Both read 处置结束后, which
        // neither clause says; the contract's timing stays on-completion.
        var incident = Open(Id, "natural-disaster", Disaster(1, null, 1, Fact.FiguresDisputed));
        Clock(incident, ClockEvents.HandlingFinished, At(18));
        Clock(incident, ClockEvents.ReconstructionFinished, At(18, day: 20));

        Raised(incident, "会同相关部门联合开展调查,并向本级党委和政府报告").Should().EndWith("，联合调查结束后");
        Raised(incident, "开展绩效评价,并将评价结果报市应急管理局").Should().EndWith("，绩效评价结束后");
        incident.State.Obligations.Where(o => o.Code is "disputed-figures-report" or "reconstruction-evaluation-report")
            .Should().HaveCount(2).And.OnlyContain(o => o.Timing == "on-completion");
        EmergencyPlans.Core.Plans.DutyWords.Said(Repository.NaturalDisaster.Obligations.Single(o => o.Code == "disputed-figures-report"))
            .Should().StartWith("联合调查结束后");
        EmergencyPlans.Core.Plans.DutyWords.Said(Repository.NaturalDisaster.Obligations.Single(o => o.Code == "reconstruction-evaluation-report"))
            .Should().StartWith("绩效评价结束后");
        // R 5.1.2 终报 "终报要素包括:道路交通安全突发事件处置结果……" is still 处置结束后.
        EmergencyPlans.Core.Plans.DutyWords.Said(Repository.Road.Obligations.Single(o => o.Code == "final-report")).Should().StartWith("处置结束后");
    }

    [Fact]
    public void Road_DutiesRaisedMetLateMissedAndEnded_TimelineNamesEachInThePlansWordsNeverByItsCodeOrKey()
    {
        // R 5.1.1 "较大以上……须在事发后30分钟内向市委、市政府电话报告有关情况"; 5.1.2 "重大以上道路交通安全突发事件每4小时续报1次,特殊情况每2小时续报1次".
        // 10 dead at 08:00 (重大): the phone report is made at 08:20; no 续报 comes until 17:00, so the periods due 12:00 and 16:00 pass
        // unmet (the 17:00 续报 meets the first, late); the 终报 at 18:00 is not a 续报 ("信息报告分首报、续报、终报"): the second stays
        // missed, and the 终报 ends the one due 20:00.
        var incident = Open(Id, "road-traffic", Accident(deaths: 10));
        incident.FulfilObligation("phone-report-to-city", At(8, 20), null, Officer, At(8, 20), Repository.Engine);
        Continuation(incident, At(17));
        incident.FileReport(true, "终报", new IncidentReport { Figures = ReportedFigures.None }, Officer, At(18), Repository.Engine);

        var codes = Repository.Road.Obligations.Select(o => o.Code).Distinct().ToArray();
        var duties = incident.State.Timeline.Where(t => t.Type.StartsWith("obligation-", StringComparison.Ordinal)).ToArray();
        duties.Should().NotBeEmpty();
        duties.Should().OnlyContain(t => !codes.Any(c => t.Summary.Contains(c, StringComparison.Ordinal)) && !t.Summary.Contains('#'),
            "a person reads the duty in the plan's words; its code and key are for machines");

        const string phone = "向市委、市政府电话报告：“较大以上或暂时无法判明等级的道路交通安全突发事件,各级各部门须在事发后30分钟内向市委、市政府电话报告有关情况”";
        const string every4h = "“重大以上道路交通安全突发事件每4小时续报1次,特殊情况每2小时续报1次”";
        Entries(incident, "obligation-raised").Select(t => t.Summary).Should().Contain(
        [
            $"{phone}，2026-03-01 08:30前",
            $"向市委、市政府续报（第1期）：{every4h}，2026-03-01 12:00前",
            $"向市委、市政府续报（第2期）：{every4h}，2026-03-01 16:00前",
            $"向市委、市政府续报（第3期）：{every4h}，2026-03-01 20:00前",
        ]);
        Entries(incident, "obligation-fulfilled").Select(t => t.Summary).Should().Contain(
        [
            $"{phone}，已于2026-03-01 08:20报告（按时）",
            $"向市委、市政府续报（第1期）：{every4h}，已于2026-03-01 17:00报告（迟报：应于2026-03-01 12:00前）",
        ]);
        Entries(incident, "obligation-fulfilled").Should().NotContain(t => t.Summary.StartsWith("向市委、市政府续报（第2期）", StringComparison.Ordinal));
        Entries(incident, "obligation-cancelled").Select(t => t.Summary).Should().Contain($"向市委、市政府续报（第3期）：{every4h}，不再需要：终报已报送");
    }

    [Theory]
    [InlineData("construction", 4, "“较大以上建设工程事故每日至少续报1次”")]
    [InlineData("construction", 11, "“重大以上建设工程事故每4小时续报1次,特殊情况每2小时续报1次”")]
    [InlineData("road-traffic", 4, "“较大以上道路交通安全突发事件每日至少续报1次”")]
    [InlineData("road-traffic", 11, "“重大以上道路交通安全突发事件每4小时续报1次,特殊情况每2小时续报1次”")]
    public void PeriodicContinuation_TimelineSays续报_AsTheTextDoes(string plan, long deaths, string words)
    {
        // C 4.1(三) "较大以上建设工程事故每日至少续报1次;重大以上建设工程事故每4小时续报1次,特殊情况每2小时续报1次" (R 5.1.2 the same for road):
        // what is owed to 市委、市政府 each period is a 续报, as the phone report of 4.1(二) is a 电话报告 and is said so. The periods read
        // 向市委、市政府报告（第1期）, where every other duty says what is done (a construction duty officer's review, session 58, finding 12).
        var incident = Open(Id, plan, Accident(deaths));
        Continuation(incident, At(9));

        Entries(incident, "obligation-raised").Should().Contain(t => t.Summary.StartsWith($"向市委、市政府续报（第1期）：{words}，", StringComparison.Ordinal));
        Entries(incident, "obligation-fulfilled").Select(t => t.Summary).Should().Contain($"向市委、市政府续报（第1期）：{words}，已于2026-03-01 09:00报告（按时）");
        incident.State.Timeline.Should().NotContain(t => t.Summary.Contains("向市委、市政府报告（第", StringComparison.Ordinal));
    }
}
