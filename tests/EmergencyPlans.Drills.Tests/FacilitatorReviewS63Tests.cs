namespace EmergencyPlans.Drills.Tests;

/// <summary>
/// A drill facilitator's review of a two-county flood under the natural-disaster plan (晋市政办〔2026〕3号, s63): N 5.6 "启动县(市、区)级自然灾害救助
/// 应急响应的,应及时向市应急管理局报告……所涉及县(市、区)要立即启动自然灾害救助应急响应" is owed by each county (ADR 0003 #83), and a drill must
/// script and judge it county by county.
/// </summary>
public sealed class FacilitatorReviewS63Tests
{
    private const string Participants = """
          - {id: duty, name: 钱值班, role: duty-officer}
          - {id: director, name: 冯主任, role: office-director}
          - {id: deputy, name: 陈副市长, role: deputy-commander}
        """;

    /// <summary>
    /// 阳城县 (the incident's county) and 沁水县, concerned from +00:20; Ⅳ at +00:15; 沁水县 reports starting at +00:40, 阳城县 at +00:50; Ⅲ at +01:00
    /// (a raise owes no county its 5.6 start again: once per city response, D63-10, ADR 0003 #83).
    /// </summary>
    private static string TwoCounties(string expectations, string actions = "", string injects = "") => Support.Drills.FlashFlood("两县洪涝", Participants, $$$"""
          - {at: "00:20", kind: figures, text: 沁水县报告受灾, figures: {affectedCounties: [沁水县]}}
          - {at: "00:40", kind: county-response-activated, county: 沁水县, text: 沁水县应急管理局报告已启动县级自然灾害救助应急响应}
          - {at: "00:50", kind: county-response-activated, county: 阳城县}
        {{{injects}}}
        """, $$$"""
          - {at: "00:15", by: director, kind: decide-response, level: IV, reason: 紧急转移安置4000人}
          - {at: "01:00", by: deputy, kind: decide-response, action: adjust, level: III, reason: 演练}
        {{{actions}}}
        """, expectations);

    [Fact]
    public async Task DutyExpectation_NamingACounty_IsJudgedOnThatCountysInstancesOnly()
    {
        // D63-01: `county-activate-response#2` is whichever instance was raised second (numbered in the order raised), not "the second county".
        var report = await Support.Drills.RunAsync(TwoCounties("""
              - {id: E1, kind: duty-met, duty: county-activate-response, county: 沁水县}
              - {id: E2, kind: duty-met, duty: county-activation-report, county: 沁水县}
              - {id: E3, kind: duty-met, duty: county-activate-response, county: 泽州县}
            """));

        var e1 = report.Expectations.Single(e => e.Id == "E1");
        (e1.Passed, e1.Description).Should().Be((true, e1.Description));
        e1.Description.Should().Contain("沁水县立即启动自然灾害救助应急响应").And.NotContain("阳城县");
        e1.Evidence.Should().NotContain("阳城县");
        report.Expectations.Single(e => e.Id == "E2").Passed.Should().BeTrue();
        var e3 = report.Expectations.Single(e => e.Id == "E3");
        e3.Passed.Should().BeFalse();
        e3.Evidence.Should().Contain("演练中未产生泽州县的该项职责").And.Contain("所涉及县（市、区）");
        // D63-11: the counties' duties are theirs, without a time limit; the office follows them up.
        report.Problems.Should().Contain(p => p.Reference.Contains("E3", StringComparison.Ordinal)
                                              && p.CorrectiveAction.StartsWith("市安委办在启动市级响应后督促泽州县立即启动县级响应并报告（5.6）", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DutyExpectation_ByCodeOverAPerCountyDuty_NamesEachInstancesCountyInTimeOrder()
    {
        // D63-05: 沁水县 started at +00:40, 阳城县 at +00:50; the evidence read 陵川县's and 高平市's instances as one county's, out of time order.
        var report = await Support.Drills.RunAsync(TwoCounties("""
              - {id: E1, kind: duty-met, duty: county-activate-response}
            """));

        var e1 = report.Expectations.Single();
        e1.Description.Should().Contain("各县（市、区）立即启动自然灾害救助应急响应（各次）");
        e1.Evidence.Should().Contain("沁水县 2026-07-20 08:40").And.Contain("阳城县 2026-07-20 08:50");
        e1.Evidence.IndexOf("沁水县 2026-07-20 08:40", StringComparison.Ordinal).Should().BeLessThan(e1.Evidence.IndexOf("阳城县 2026-07-20 08:50", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CountyResponseActivatedInject_MeetsThatCountysReport_AsRecordedForTheCounty()
    {
        // D63-02: the county's report that it started is the 5.6 report; it read 事件关闭时未记录 and failed the expectation.
        var report = await Support.Drills.RunAsync(TwoCounties(""));

        var reported = report.Duties.Where(d => d.Code == "county-activation-report").ToList();
        reported.Select(d => (d.County, d.MetMinute, d.Verdict)).Should().BeEquivalentTo([("沁水县", (int?)40, "outside"), ("阳城县", (int?)50, "outside")]);
        var inject = report.Timeline.Single(t => t.Lane == "inject" && t.Offset == "+00:40");
        inject.Outcome.Should().Be("已记录：沁水县向市应急管理局报告：“启动县(市、区)级自然灾害救助应急响应的,应及时向市应急管理局报告”（沁水县报告）");
        inject.What.Should().Contain("（沁水县）");
    }

    [Fact]
    public async Task CountyResponseActivatedInject_KeepsTheCountiesStartedBefore()
    {
        // D63-03: 阳城县's report at +00:50 does not "un-start" 沁水县: at the Ⅲ raise (+01:00) 沁水县 is still in response, so no duty of it is left owed.
        var report = await Support.Drills.RunAsync(TwoCounties(""));

        report.Duties.Where(d => d.Code == "county-activate-response" && d.County == "沁水县").Should().NotBeEmpty()
            .And.OnlyContain(d => d.MetMinute != null);
    }

    [Fact]
    public async Task Overview_SaysTheCountiesConcernedAndWhichStarted_InEveryFormat()
    {
        // D63-07: 高平市 appeared only in inject texts and duty names.
        var report = await Support.Drills.RunAsync(TwoCounties(""));

        const string Row = "所涉及：阳城县（事发地，+00:10起）、沁水县（+00:20起）；已启动县级响应：沁水县（+00:40）、阳城县（+00:50）";
        report.Overview.CountiesText.Should().Be(Row);
        report.Overview.Counties!.Select(c => (c.County, c.IncidentCounty, c.SinceMinute, c.StartedMinute))
            .Should().Equal(("阳城县", true, 10, (int?)50), ("沁水县", false, 20, (int?)40));
        DrillReportMarkdown.Render(report).Should().Contain($"- **县（市、区）**：{Row}\n");
        DrillReportHtml.Render(report).Should().Contain(Row);
        report.Duties.Where(d => d.Code == "county-activate-response").Should().OnlyContain(d => d.County == "阳城县" || d.County == "沁水县");
    }

    [Fact]
    public async Task Overview_UnderAPlanWithoutPerCountyDuties_HasNoCountiesRow()
    {
        var report = await Support.Drills.RunAsync(Support.Drills.TimeGoesBack.Replace("""
          - at: "00:20"
            by: duty
            kind: fulfil-duty
            duty: written-report-to-city
        """, "", StringComparison.Ordinal));

        (report.Overview.CountiesText, report.Overview.Counties).Should().Be((null, null));
    }

    [Fact]
    public async Task FulfilDuty_NamingACounty_RecordsThatCountysReport_AsRecordedNotMade()
    {
        // D63-01 and D63-13: the duty officer records 沁水县's report (a figures inject said it started); it read 已报送, as if he had made it.
        var report = await Support.Drills.RunAsync(Support.Drills.FlashFlood("县报告", Participants, """
              - {at: "00:20", kind: figures, figures: {affectedCounties: [沁水县], countiesResponseActivated: [沁水县]}}
            """, """
              - {at: "00:15", by: director, kind: decide-response, level: IV, reason: 紧急转移安置4000人}
              - {at: "00:30", by: duty, kind: fulfil-duty, duty: county-activation-report, county: 沁水县}
              - {at: "00:35", by: duty, kind: fulfil-duty, duty: county-activation-report, county: 泽州县}
            """, ""));

        var recorded = report.Actions.Single(a => a.Offset == "+00:30");
        recorded.Verdict.Should().Be("accepted");
        recorded.What.Should().Be("已记录：沁水县向市应急管理局报告：“启动县(市、区)级自然灾害救助应急响应的,应及时向市应急管理局报告”（沁水县报告，由钱值班记录）");
        report.Duties.Single(d => d.Code == "county-activation-report" && d.County == "沁水县").MetMinute.Should().Be(30);
        var none = report.Actions.Single(a => a.Offset == "+00:35");
        none.Verdict.Should().Be("refused");
        none.Detail.Should().Contain("此时事件对泽州县尚未产生该职责");
    }

    [Fact]
    public async Task FulfilDuty_OfAnotherParticipantsReport_IsRecordedWithWhoMadeIt()
    {
        // D63-13: N 5.4.2 "由市安委办主任决定启动Ⅳ级响应,并向市安委会副主任(分管安全工作副市长)报告" is the director's report: the duty officer
        // records it (已记录, 冯主任's report); the director's own record of it is 已报送.
        var yaml = Support.Drills.FlashFlood("谁报告", Participants, "", """
              - {at: "00:15", by: director, kind: decide-response, level: IV, reason: 紧急转移安置4000人}
              - {at: "00:30", by: duty, kind: fulfil-duty, duty: activation-report-to-deputy}
            """, "");
        var byDuty = await Support.Drills.RunAsync(yaml);
        var byDirector = await Support.Drills.RunAsync(yaml.Replace("by: duty, kind: fulfil-duty", "by: director, kind: fulfil-duty", StringComparison.Ordinal));

        byDuty.Actions.Single(a => a.Offset == "+00:30").What.Should().StartWith("已记录：").And.EndWith("（冯主任报告，由钱值班记录）");
        byDirector.Actions.Single(a => a.Offset == "+00:30").What.Should().StartWith("已报送：").And.NotContain("记录");
    }

    [Fact]
    public void Script_CountyOfADutyExpectation_IsCheckedAgainstTheCityAndThePlansPerCountyDuties()
    {
        var problems = Support.Drills.Problems(TwoCounties("""
              - {id: E1, kind: duty-met, duty: county-activate-response, county: 高平}
              - {id: E2, kind: duty-on-time, duty: activation-report-to-deputy, county: 沁水县}
              - {id: E3, kind: duty-met, duty: "county-activate-response#2", county: 沁水县}
            """));

        problems.Should().Contain(p => p.Message.StartsWith("未知县（市、区）'高平'（可用：", StringComparison.Ordinal));
        problems.Should().Contain(p => p.Message.StartsWith("职责 'activation-report-to-deputy' 不按县（市、区）分别产生，不能给出 county", StringComparison.Ordinal));
        problems.Should().Contain(p => p.Message.StartsWith("county 与职责键 'county-activate-response#2' 不能同时给出", StringComparison.Ordinal));
        problems.Select(p => p.Line).Should().OnlyHaveUniqueItems().And.OnlyContain(l => l > 0);
    }

    [Fact]
    public void Script_CountyResponseActivatedInject_UnderAPlanWithoutCountyReports_IsRefusedNamingThePlan()
    {
        var problems = Support.Drills.Problems(Support.Drills.Road("", "", injects: """
              - {at: "00:10", kind: county-response-activated, county: 泽州县}
            """));

        problems.Should().ContainSingle(p => p.Message.Contains("county-response-activated", StringComparison.Ordinal))
            .Which.Message.Should().StartWith("预案 'road-traffic'（").And.Contain("没有县（市、区）启动县级响应的报告职责");
    }

    [Fact]
    public async Task Validate_AListThatLeavesOutAStartedCounty_OrContradictsTheOwnCountysFact_IsAWarning()
    {
        // D63-03: a report's list replaces the earlier one, so a county it leaves out reads as not started from then on.
        var yaml = Support.Drills.FlashFlood("名单", Participants, """
              - {at: "00:20", kind: figures, figures: {affectedCounties: [沁水县, 高平市], countiesResponseActivated: [沁水县]}}
              - {at: "00:30", kind: county-response-activated, county: 高平市}
              - {at: "00:40", kind: figures, figures: {countiesResponseActivated: [沁水县]}}
              - {at: "00:50", kind: figures, figures: {countyResponseActivated: false, countiesResponseActivated: [沁水县, 阳城县]}}
            """, """
              - {at: "00:15", by: director, kind: decide-response, level: IV, reason: 紧急转移安置4000人}
            """, "");

        var (_, warnings) = await Support.Drills.Runner.ValidateAsync(yaml, "nd.yaml");

        var lines = yaml.Split('\n');
        int LineOf(string text) => Array.FindIndex(lines, l => l.Contains(text, StringComparison.Ordinal)) + 1;
        var dropped = warnings.Should().ContainSingle(w => w.Message.Contains("不再列出高平市", StringComparison.Ordinal)).Subject;
        (dropped.Line, dropped.Message.Contains("视为高平市未启动", StringComparison.Ordinal)).Should().Be((LineOf("\"00:40\""), true));
        warnings.Should().ContainSingle(w => w.Message.Contains("countyResponseActivated: false", StringComparison.Ordinal))
            .Which.Line.Should().Be(LineOf("\"00:50\""));
    }

    [Fact]
    public void Script_AnUnknownInjectKind_OffersOnlyTheKindsThePlanTakes()
    {
        // D63-14: the list offered hazmat, county-disrupted and city-request, which this plan refuses.
        var problems = Support.Drills.Problems(TwoCounties("", injects: """
              - {at: "01:10", kind: county-activated, county: 沁水县}
            """));

        problems.Should().ContainSingle().Which.Message.Should().StartWith("未知的注入类型 'county-activated'（本预案可用：figures, weather, county-response-activated, dispatch-order")
            .And.NotContain("hazmat").And.NotContain("county-disrupted,").And.NotContain("city-request");
    }

    [Fact]
    public async Task AnEmptyCountyList_IsSaidAsNone_NotAsAnEmptyValue()
    {
        // D63-16: `figures: {affectedCounties: []}` printed 所涉及县（市、区）：） in the inject's row. The incident's own county is always concerned.
        var report = await Support.Drills.RunAsync(TwoCounties("", injects: """
              - {at: "01:30", kind: figures, text: 核实, figures: {affectedCounties: [], countiesResponseActivated: []}}
            """));

        var inject = report.Timeline.Single(t => t.Lane == "inject" && t.Offset == "+01:30");
        inject.What.Should().Contain("所涉及县（市、区）：仅事发地").And.Contain("已启动县级自然灾害救助应急响应的县（市、区）：无").And.NotContain("：）").And.NotContain("：，");
    }
}
