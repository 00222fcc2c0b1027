namespace EmergencyPlans.Drills.Tests;

/// <summary>
/// A drill facilitator's review, session 60 (`c1.yaml`, `c3.yaml`, `r1.yaml` from its appendix, as run). Each test quotes the plan's clause.
/// </summary>
public sealed class FacilitatorReviewS60Tests
{
    /// <summary>The review's c1.yaml: a 较大 tower-crane collapse (3 dead), no foreign casualties, never 重大.</summary>
    private const string C1 = """
        title: 泽州县金村镇某安置房项目塔吊倒塌事故桌面推演（含典型失误）
        plan: construction
        start: 2026-06-18T14:00:00+08:00
        end: "05:00"
        scope: 市建设工程事故应急指挥部办公室、副指挥长、指挥长；检验时限报告、分级响应权限与终止程序
        participants:
          - {id: duty, name: 周值班, role: duty-officer}
          - {id: director, name: 孙主任, role: office-director}
          - {id: deputy, name: 吴副指挥长, role: deputy-commander}
          - {id: commander, name: 郑指挥长, role: commander}
          - {id: eval, name: 评估员杨某, role: observer}
        incident:
          at: "00:00"
          reportedAt: "00:12"
          reportedBy: duty
          county: 泽州县
          place: 金村镇某安置房项目5号楼
          nature: 塔式起重机倒塌，砸中临建工棚
          reporter: {name: 项目经理刘某, unit: 施工总承包单位}
          figures: {trapped: 3, injured: 2}
        objectives:
          - {id: O1, text: 值班室按时电话、书面报告并按要求核实, expectations: [E1, E2, E3]}
          - {id: O2, text: 由有权主体及时启动Ⅱ级响应, expectations: [E4, E5]}
          - {id: O3, text: 伤亡变化立即续报, expectations: [E6]}
          - {id: O4, text: 研判与终止, expectations: [E7, E8]}
        injects:
          - {at: "01:20", kind: figures, text: 消防救援：搜出3名遇难者，仍有1人被困, figures: {deaths: 3, trapped: 1, injured: 2}}
          - {at: "01:30", kind: city-request, text: 市委总值班室要求核实遇难人数}
          - {at: "03:00", kind: figures, text: 被困人员救出，无失联；重伤2人；直接经济损失约600万元, figures: {deaths: 3, trapped: 0, missing: 0, injured: 4, seriousInjuries: 2, directLossWan: 600}}
        actions:
          - {at: "00:25", by: director, kind: decide-response, level: II, reason: 被困3人}
          - {at: "00:30", by: director, kind: decide-response, action: propose, level: II, reason: 被困3人，达到4.3.2(1)②}
          - {at: "00:38", by: duty, kind: fulfil-duty, duty: phone-report-to-city, text: 电话报告市委、市政府总值班室}
          - {at: "00:40", by: deputy, kind: decide-response, level: II, reason: 被困3人}
          - {at: "00:50", by: commander, kind: decide-response, level: II, reason: 被困3人，启动Ⅱ级}
          - {at: "00:55", by: duty, kind: fulfil-duty, duty: written-report-to-city}
          - {at: "01:00", by: eval, kind: file-report, text: 评估员代为续报}
          - {at: "02:05", by: duty, kind: fulfil-duty, duty: verify-on-request, text: 核实后回复}
          - {at: "04:00", by: director, kind: terminate-response, reason: 被困人员全部救出}
          - {at: "04:10", by: commander, kind: terminate-response, reason: 被困人员全部救出}
          - {at: "04:30", by: duty, kind: file-report, report: final, text: 终报}
        expectations:
          - {id: E1, kind: duty-on-time, duty: phone-report-to-city}
          - {id: E2, kind: duty-on-time, duty: written-report-to-city}
          - {id: E3, kind: duty-on-time, duty: verify-on-request}
          - {id: E4, kind: level-activated, level: II, by: "00:45"}
          - {id: E5, kind: no-unauthorised-actions}
          - {id: E6, kind: duty-on-time, duty: continuation-on-casualty-change}
          - {id: E7, kind: grade-at, grade: 较大, at: "01:30"}
          - {id: E8, kind: response-terminated, by: "04:30"}
        """;

    /// <summary>The review's c3.yaml: a first report that reaches the office 45 minutes after the occurrence.</summary>
    private const string C3 = """
        title: 晚报的首报与响应不足
        plan: construction
        start: 2026-10-01T08:00:00+08:00
        end: "03:00"
        participants:
          - {id: duty, name: 马值班, role: duty-officer}
          - {id: director, name: 孙主任, role: office-director}
        incident:
          at: "00:00"
          reportedAt: "00:45"
          reportedBy: duty
          county: 城区
          place: 城区某项目
          nature: 基坑坍塌
          reporter: {name: 安全员, unit: 施工总承包单位}
          figures: {deaths: 0, trapped: 4}
        actions:
          - {at: "00:50", by: duty, kind: fulfil-duty, duty: phone-report-to-city}
          - {at: "01:00", by: director, kind: decide-response, level: III, reason: 先启动Ⅲ级}
          - {at: "01:05", by: director, kind: fulfil-duty, duty: level-iii-report-to-hq-leaders}
        expectations:
          - {id: E1, kind: duty-on-time, duty: phone-report-to-city}
        """;

    /// <summary>The review's r1.yaml: a red road warning approved by the province and issued by the city office.</summary>
    private const string R1 = """
        title: G207国道泽州—高平段暴雨山体滑坡阻断交通桌面推演
        plan: road-traffic
        start: 2026-07-15T16:00:00+08:00
        end: "12:00"
        participants:
          - {id: duty, name: 赵值班（交警支队）, role: duty-officer}
          - {id: director, name: 钱主任, role: office-director}
          - {id: deputy, name: 李副指挥长, role: deputy-commander}
          - {id: commander, name: 王指挥长, role: commander}
        incident:
          at: "00:00"
          reportedAt: "00:10"
          reportedBy: duty
          county: 泽州县
          place: G207国道泽州县晋庙铺镇段
          nature: 暴雨引发山体滑坡，多车被埋，国道双向中断
          reporter: {name: 泽州县交警大队值班员, unit: 泽州县公安局交警大队}
          figures: {deaths: 1, missing: 2, seriousInjuries: 2, disruptedCounties: [泽州县, 高平市], weatherOrNaturalDisaster: true}
          conditions: {weatherWarning: orange, mainRoadRepairHours: 30}
        injects:
          - {at: "02:00", kind: weather, text: 市气象台升级发布暴雨红色预警, conditions: {weatherWarning: red, mainRoadRepairHours: 30}}
          - {at: "09:00", kind: weather, text: 暴雨红色预警解除，滑坡体清理完毕，国道恢复通行, conditions: {weatherWarning: blue, mainRoadRepairHours: 0}}
        actions:
          - {at: "00:25", by: duty, kind: fulfil-duty, duty: phone-report-to-city}
          - {at: "00:30", by: director, kind: decide-response, action: propose, level: II, reason: 死亡失联3人，涉及2个相邻县}
          - {at: "00:35", by: deputy, kind: decide-response, level: II, reason: 达到5.3.2(1)(3)}
          - {at: "00:40", by: director, kind: change-warning, action: propose, colour: orange, reason: 暴雨橙色气象预警，国道抢修预计30小时}
          - {at: "00:50", by: deputy, kind: change-warning, action: issue}
          - {at: "01:00", by: commander, kind: change-warning, action: issue}
          - {at: "01:20", by: director, kind: fulfil-duty, duty: orange-warning-report-up}
          - {at: "02:10", by: director, kind: change-warning, action: propose, colour: red, reason: 暴雨红色气象预警}
          - {at: "02:20", by: commander, kind: change-warning, action: issue}
          - {at: "02:40", by: director, kind: change-warning, action: issue, provinceApproval: 省公安厅交通管理局（经省政府授权）}
          - {at: "08:00", by: deputy, kind: change-warning, action: lift, warning: 2}
          - {at: "08:10", by: director, kind: change-warning, action: lift, warning: 2}
          - {at: "09:10", by: director, kind: change-warning, action: lift, warning: 2}
          - {at: "09:15", by: director, kind: change-warning, action: lift, warning: 1}
          - {at: "10:00", by: deputy, kind: terminate-response, conditionsConfirmed: true, reason: 国道恢复通行}
          - {at: "10:30", by: duty, kind: file-report, report: final, text: 终报}
        expectations:
          - {id: E1, kind: level-activated, level: II, by: "00:45"}
          - {id: E2, kind: warning-issued, colour: orange, by: "01:00"}
          - {id: E3, kind: warning-issued, colour: red, by: "03:00"}
          - {id: E4, kind: warning-lifted, colour: red, by: "10:00"}
          - {id: E5, kind: no-unauthorised-actions}
          - {id: E6, kind: duty-on-time, duty: phone-report-to-city}
          - {id: E7, kind: duty-met, duty: orange-warning-notify-neighbours}
        """;

    private const string C1b = C1 + """

          - {id: E10, kind: duty-met, duty: notify-foreign-affairs}
          - {id: E11, kind: duty-on-time, duty: direct-report-to-province}
        """;

    [Fact]
    public async Task F4_AnExpectationOnADutyTheScenarioNeverRaises_IsNotApplicable_NamedInThePlansWords_NotListedAsAProblem()
    {
        // C 4.1(三) "事故伤亡、失踪、被困人员有港澳台或外国人员时,市指挥部要及时通知市政府有关涉外部门"; C 4.1(二) "重大建设工程事故发生后,属地县、乡政府
        // 值班部门必须……电话直报": c1 has no foreign casualties and never reaches 重大, so neither was owed and nobody failed anything.
        var report = await Support.Drills.RunAsync(C1b);

        foreach (var id in new[] { "E10", "E11" })
        {
            var e = report.Expectations.Single(x => x.Id == id);
            e.Verdict.Should().Be("不适用");
            e.NotApplicable.Should().BeTrue();
            e.Description.Should().NotContain("notify-foreign-affairs").And.NotContain("direct-report-to-province");
            e.Evidence.Should().StartWith("演练中未产生该职责").And.Contain("本事件的等级与情形不触发它").And.Contain("参演人员无须履行");
            report.Problems.Should().NotContain(p => p.Reference.StartsWith($"预期 {id}", StringComparison.Ordinal));
        }

        report.Expectations.Single(x => x.Id == "E10").Evidence.Should().Contain("4.1(三)").And.Contain("有港澳台或外国人员时");
        report.ExpectationsSaid.Should().EndWith("2 项不适用（所涉职责在演练中未产生）");
    }

    [Fact]
    public async Task F4_ValidateWarnsOnTheExpectationsLine_WhenItsDutyNeverArises()
    {
        var (_, warnings) = await Support.Drills.Runner.ValidateAsync(C1b, "c1b.yaml");
        var lines = C1b.Split('\n');
        int LineOf(string id) => Array.FindIndex(lines, l => l.Contains($"id: {id},", StringComparison.Ordinal) && l.Contains("duty:", StringComparison.Ordinal)) + 1;

        foreach (var (id, code) in new[] { ("E10", "notify-foreign-affairs"), ("E11", "direct-report-to-province") })
        {
            var line = LineOf(id);
            warnings.Should().ContainSingle(w => w.Line == line && w.Message.Contains($"预期 {id}", StringComparison.Ordinal))
                .Which.Message.Should().Contain(code).And.Contain("在演练中未产生").And.Contain("记为不适用");
        }
    }

    [Fact]
    public async Task F6_ARedRoadWarning_ReadsApprovedByTheProvince_AndIssuedByTheCityOffice_NeverApprovedByTheOffice()
    {
        // R 4.4.1 "一级(红色)预警,报省人民政府或者省人民政府授权的省有关部门批准后,由市指挥部办公室发布": the office only issues red.
        // The chart's band says who approved and who issued each, as the overview does.
        var report = await Support.Drills.RunAsync(R1);

        report.Overview.Warnings.Should().Contain("红色预警：+02:40发布（省公安厅交通管理局（经省政府授权）批准，市指挥部办公室主任发布），+09:10解除")
            .And.Contain("橙色预警：+01:00发布（市指挥部指挥长批准）").And.NotContain("发布批准");
        var issued = report.Actions.Single(a => a.Offset == "+02:40");
        issued.What.Should().Be("红色预警：发布（经省公安厅交通管理局（经省政府授权）批准）");
        DrillReportMarkdown.Render(report).Should().NotContain("发布批准").And.NotContain("红色预警：批准发布（");
        DrillReportHtml.Render(report).Should().NotContain("发布批准")
            .And.Contain(System.Net.WebUtility.HtmlEncode("红色预警：+02:40发布（省公安厅交通管理局（经省政府授权）批准，市指挥部办公室主任发布）"));
    }

    [Fact]
    public async Task F2_ImmediateContinuationReportsNeverMade_AreSaidNotMade_NotMadeLate()
    {
        // C 4.1(三) "造成伤亡人数发生变化的,应立即续报": no fixed time, so an instance never made is 未报告, not 未按时报告. c1's two figures
        // injects (+01:20, +03:00) change the casualties and the players file no 续报 before the 终报.
        var report = await Support.Drills.RunAsync(C1);

        var e6 = report.Expectations.Single(e => e.Id == "E6");
        e6.Passed.Should().BeFalse();
        e6.Evidence.Should().StartWith("共2次，2次未报告：").And.NotContain("未按时");
    }

    [Fact]
    public async Task F5_AFirstReportOwedPastItsDeadlineAtReceipt_Stays迟报_SayingTheTimeHadPassedWhenTheOfficeLearnedOfIt()
    {
        // C 4.1(二) "各级各部门须在事发后30分钟以内向市委、市政府电话报告有关情况": due +00:30 from the occurrence, the report reaching the office
        // at +00:45 (C 4.1(一) "事发单位应立即报告属地县(市、区)住房和城乡建设部门": the delay lies before the city). Phoned at +00:50: 迟报 by the
        // letter, 5 minutes after receipt.
        var report = await Support.Drills.RunAsync(C3);

        var phone = report.Duties.Single(d => d.Code == "phone-report-to-city");
        phone.Verdict.Should().Be("late");
        phone.VerdictText.Should().Be("迟报（接报时已超过时限（+00:45接报，时限+00:30）；接报后5分钟报告）");
        var problem = report.Problems.Single(p => p.Category == "迟报" && p.Problem.Contains("向市委、市政府电话报告", StringComparison.Ordinal));
        problem.Problem.Should().Contain("接报时已超过时限（+00:45接报，时限+00:30）；接报后5分钟报告");
        problem.CorrectiveAction.Should().NotContain("到时提醒").And.Contain("事发单位和属地县（市、区）向市级报送的时效");
        report.Expectations.Single(e => e.Id == "E1").Passed.Should().BeFalse("the verdict stays 迟报 (C 4.1(二))");
    }

    private const string C1Phone = """  - {at: "00:38", by: duty, kind: fulfil-duty, duty: phone-report-to-city, text: 电话报告市委、市政府总值班室}""";

    private static int LineOf(string yaml, string text) => Array.FindIndex(yaml.Split('\n'), l => l.Contains(text, StringComparison.Ordinal)) + 1;

    [Fact]
    public void F3_AFullWidthColonAfterAKey_IsNamed_NotSaidAnIndentationProblem()
    {
        // A key typed in Chinese mode (kind：fulfil-duty): the line is indented right, its colon is full-width.
        var yaml = C1.Replace(C1Phone, """
              - at: "00:38"
                by: duty
                kind：fulfil-duty
                duty: phone-report-to-city
            """.TrimEnd(), StringComparison.Ordinal);
        yaml.Should().Contain("kind：fulfil-duty");

        var problem = Support.Drills.Problems(yaml).Should().ContainSingle().Subject;
        problem.Line.Should().Be(LineOf(yaml, "kind：fulfil-duty"));
        problem.Message.Should().Contain("全角冒号“：”").And.Contain("半角冒号").And.NotContain("缩进");
    }

    [Fact]
    public void F11_AnUnknownRoleWrittenAsThePost_IsAnsweredWithTheIdThatPostHas_AndEachIdsName()
    {
        // C 4.3.2(2) 市指挥部指挥长: a facilitator writes the post (指挥长), and was offered the ids alone.
        var yaml = C1.Replace("{id: commander, name: 郑指挥长, role: commander}", "{id: commander, name: 郑指挥长, role: 指挥长}", StringComparison.Ordinal);
        yaml.Should().Contain("role: 指挥长");

        var problem = Support.Drills.Problems(yaml).Should().ContainSingle().Subject;
        problem.Line.Should().Be(LineOf(yaml, "role: 指挥长"));
        problem.Message.Should().StartWith("未知角色 '指挥长'：是否指 commander（市指挥部指挥长）？")
            .And.Contain("duty-officer（值班员）").And.Contain("office-director（市指挥部办公室主任）");
    }

    [Fact]
    public void F3_AFullWidthCommaInBraces_IsNamed_NotSaidAMissingComma()
    {
        var yaml = C1.Replace("figures: {trapped: 3, injured: 2}", "figures: {trapped: 3，injured: 2}", StringComparison.Ordinal);
        yaml.Should().Contain("3，injured");

        var problem = Support.Drills.Problems(yaml).Should().ContainSingle().Subject;
        problem.Line.Should().Be(LineOf(yaml, "3，injured"));
        problem.Message.Should().Contain("全角逗号“，”").And.NotContain("缺少逗号");
    }

    [Fact]
    public void F3_ChineseQuotesAroundATime_AreNamed()
    {
        var yaml = C1.Replace(C1Phone, """
              - at: “00:38”
                by: duty
                kind: fulfil-duty
                duty: phone-report-to-city
            """.TrimEnd(), StringComparison.Ordinal);

        var problem = Support.Drills.Problems(yaml).Should().ContainSingle().Subject;
        problem.Line.Should().Be(LineOf(yaml, "“00:38”"));
        problem.Message.Should().Contain("中文引号“ ”");
    }

    [Fact]
    public void F3_FullWidthPunctuationInsideAText_IsStillReadAsText()
    {
        // c1's inject text 消防救援：搜出3名遇难者，仍有1人被困 has both: a valid script.
        Support.Drills.Runner.Read(C1, "c1.yaml").Title.Should().StartWith("泽州县金村镇");
    }
}
