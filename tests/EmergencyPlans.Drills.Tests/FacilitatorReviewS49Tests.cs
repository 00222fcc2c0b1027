using EmergencyPlans.Drills.Tests.Support;

namespace EmergencyPlans.Drills.Tests;

/// <summary>
/// From a drill facilitator's review (session 49, /work/drafts/explore-s49-drills.md). D5, construction 4.1(二): "一般等级的建设工程事故,各级各部门须在
/// 事发后1小时以内向市委、市政府报告；较大以上或暂时无法判明等级的建设工程事故,各级各部门须在事发后30分钟以内向市委、市政府电话报告有关情况". A 一般
/// accident's 30-minute phone report was refused as 此时尚未产生该职责 with the advice to make a decision first (如启动响应), which no later moment
/// would mend: the grade, not a decision, decides which report is owed. D7: the city's relief delivery after a county order. D10: figures the
/// plan never reads.
/// </summary>
public sealed class FacilitatorReviewS49Tests
{
    // The sample tower-crane drill with every figure of the grade reported at once: 一般 (no death, 2 trapped, loss 50万元), determined.
    private static string Ordinary() =>
        File.ReadAllText(Path.Combine(Paths.SampleDrills, "construction-tower-crane.yaml"))
            .Replace("  figures:\n    trapped: 2\n    injured: 1\n", "  figures:\n    trapped: 2\n    injured: 1\n    deaths: 0\n    missing: 0\n    seriousInjuries: 0\n    directLossWan: 50\n",
                StringComparison.Ordinal);

    [Fact]
    public async Task APhoneReportForA一般Accident_IsRefusedAsNotCalledForByTheGrade_NamingTheOneHourReportOwed()
    {
        var yaml = Ordinary();
        yaml.Should().Contain("directLossWan: 50", "the figures went into the script");

        var report = await Support.Drills.RunAsync(yaml);

        var phone = report.Actions.First(a => a.What.Contains("电话报告", StringComparison.Ordinal));
        phone.Verdict.Should().Be("refused");
        phone.Detail.Should().StartWith("按已报情况事件不负有此项职责：").And.Contain("已报情况研判为一般")
            .And.Contain("此时应履行的是：").And.Contain("（report-to-city，4.1(二)）").And.NotContain("如启动响应");
        report.Problems.Should().Contain(p => p.Problem.Contains("按已报情况事件不负有此项职责", StringComparison.Ordinal)
            && p.CorrectiveAction.Contains("按已报情况研判的等级选择应履行的报告职责（report-to-city）", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Validate_SaysToCheckTheDutyAgainstTheGrade_NotTheOrderOfTheActions()
    {
        var (_, warnings) = await Support.Drills.Runner.ValidateAsync(Ordinary(), "ordinary.yaml");

        warnings.Should().Contain(p => p.Message.Contains("请核对所选职责是否与已报情况研判的等级相符", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheCitysDelivery_AfterACountyOrder_NamesTheOrderGiven_AndTheCountysDeliveryItCalledFor()
    {
        // 晋市政发〔2026〕1号 (十九) "确保接到调拨指令后,首批救灾物资县级6小时、市级8小时运抵灾区": the control cell gave a county order, so the
        // county's 6-hour delivery is owed, not the city's 8-hour one. It was told to wait for a dispatch order, as if none had come (D7).
        var yaml = File.ReadAllText(Path.Combine(Paths.SampleDrills, "natural-disaster-rainstorm.yaml"))
            .Replace("    text: 市应急管理局下达市级救灾物资调拨指令（帐篷、折叠床、棉被）\n    orderedBy: city", "    text: 阳城县下达县级救灾物资调拨指令\n    orderedBy: county",
                StringComparison.Ordinal);
        yaml.Should().Contain("orderedBy: county");

        var report = await Support.Drills.RunAsync(yaml);

        var city = report.Actions.First(a => a.Detail?.Contains("须有市级调拨指令", StringComparison.Ordinal) == true);
        city.Verdict.Should().Be("refused");
        city.Detail.Should().Contain("须有市级调拨指令（orderedBy: city）；导调组下达的是县级调拨指令（orderedBy: county），对应的是")
            .And.Contain("（relief-supplies-county）").And.NotContain("须在下达调拨指令");
    }

    [Fact]
    public async Task Trapped_InANaturalDisasterScript_IsAWarningThatThePlanDoesNotReadIt()
    {
        // N 5.x.1: the levels read 死亡和失踪, 紧急转移安置, 倒塌房屋 and 因旱需救助, never 被困 or 涉险 (a drill facilitator's review, D10).
        var yaml = File.ReadAllText(Path.Combine(Paths.SampleDrills, "natural-disaster-rainstorm.yaml"))
            .Replace("figures: {relocated: 12000, collapsedRooms: 800}", "figures: {relocated: 12000, collapsedRooms: 800, trapped: 3}", StringComparison.Ordinal);
        yaml.Should().Contain("trapped: 3");

        var (_, warnings) = await Support.Drills.Runner.ValidateAsync(yaml, "nd.yaml");

        warnings.Should().ContainSingle(w => w.Message.Contains("不读取", StringComparison.Ordinal))
            .Which.Message.Should().Contain("（trapped）").And.Contain("写入只作记录，不改变等级、响应和职责").And.NotContain("relocated");
    }

    // The rainstorm sample with a grade expected at +03:00: the natural-disaster plan has no grade table; its 灾害等级 is the one the competent
    // department declares (4.1.3 "接到重特大自然灾害事件报告后", declaredGrade), which the sample reports nowhere.
    private static string RainstormExpecting(string grade, string declared = "")
    {
        var yaml = File.ReadAllText(Path.Combine(Paths.SampleDrills, "natural-disaster-rainstorm.yaml"))
            .Replace("expectations:\n  - id: E1", $"expectations:\n  - {{id: E9, kind: grade-at, grade: {grade}, at: \"03:00\"}}\n  - id: E1", StringComparison.Ordinal)
            .Replace("figures: {relocated: 3800, countyResponseActivated: true}", "figures: {relocated: 3800, countyResponseActivated: true" + declared + "}", StringComparison.Ordinal);
        yaml.Should().Contain("id: E9").And.Contain("countyResponseActivated: true" + declared + "}");
        return yaml;
    }

    [Fact]
    public async Task AGradeExpected_WithNoDeclaredGrade_IsAWarningAtValidate_AndTheReportSaysThePlanHasNoTable()
    {
        // D10: validate said 脚本有效; the run failed E9 with 该时刻尚无等级研判结果 and the advice 对照分级标准核对伤亡和影响数字, a table N does not have.
        var yaml = RainstormExpecting("较大");

        var (_, warnings) = await Support.Drills.Runner.ValidateAsync(yaml, "nd.yaml");
        var report = await Support.Drills.RunAsync(yaml);

        warnings.Should().ContainSingle(w => w.Message.Contains("E9", StringComparison.Ordinal)).Which.Message.Should()
            .Contain("不设分级标准，灾害等级以主管部门的认定为准").And.Contain("+03:00").And.Contain("declaredGrade");
        var e9 = report.Expectations.Single(e => e.Id == "E9");
        e9.Passed.Should().BeFalse();
        e9.Evidence.Should().Be("该时刻尚无认定的灾害等级：本预案不设分级标准，灾害等级以主管部门的认定为准");
        report.Problems.Single(p => p.Reference.Contains("E9", StringComparison.Ordinal)).CorrectiveAction.Should()
            .Be("及时向主管部门了解认定的灾害等级并记录，认定变化时立即续报（本预案不设分级标准）").And.NotContain("对照分级标准");
    }

    [Fact]
    public async Task AGradeExpected_AfterTheDeclaredGradeIsReported_PassesWithoutAWarning()
    {
        var yaml = RainstormExpecting("较大", ", declaredGrade: 较大");

        var (_, warnings) = await Support.Drills.Runner.ValidateAsync(yaml, "nd.yaml");
        var report = await Support.Drills.RunAsync(yaml);

        warnings.Should().NotContain(w => w.Message.Contains("E9", StringComparison.Ordinal));
        report.Expectations.Single(e => e.Id == "E9").Passed.Should().BeTrue(report.Expectations.Single(e => e.Id == "E9").Evidence);
    }

    [Fact]
    public async Task AGradeExpected_UnderAPlanWithATable_KeepsItsOwnAdvice()
    {
        // Construction 1.5 grades by its table: a grade-at that fails is a matter of judging the figures, as before.
        var yaml = Ordinary().Replace("expectations:\n  - id: E1", "expectations:\n  - {id: E9, kind: grade-at, grade: 重大, at: \"00:10\"}\n  - id: E1", StringComparison.Ordinal);
        yaml.Should().Contain("id: E9");

        var (_, warnings) = await Support.Drills.Runner.ValidateAsync(yaml, "c.yaml");
        var report = await Support.Drills.RunAsync(yaml);

        warnings.Should().NotContain(w => w.Message.Contains("E9", StringComparison.Ordinal));
        report.Problems.Single(p => p.Reference.Contains("E9", StringComparison.Ordinal)).CorrectiveAction.Should().StartWith("加强信息研判：对照分级标准");
    }

    [Fact]
    public async Task ALateDelivery_CitesTheNotice_NotAsAPlan()
    {
        // 晋市政发〔2026〕1号 (十九) "首批救灾物资县级6小时、市级8小时运抵灾区" is the city's 2026 safety and emergency work notice, not a 预案: the
        // problem's reference read 预案 晋市政发〔2026〕1号 (十九) (D13). The city's order at +06:00, delivered at +15:00: an hour late.
        var yaml = File.ReadAllText(Path.Combine(Paths.SampleDrills, "natural-disaster-rainstorm.yaml"))
            .Replace("  - at: \"11:00\"\n    by: director\n    kind: fulfil-duty\n    duty: relief-supplies-city", "  - at: \"15:00\"\n    by: director\n    kind: fulfil-duty\n    duty: relief-supplies-city",
                StringComparison.Ordinal);
        yaml.Should().Contain("  - at: \"15:00\"\n    by: director");

        var report = await Support.Drills.RunAsync(yaml);

        var late = report.Problems.Single(p => p.Problem.StartsWith("调拨物资运抵灾区", StringComparison.Ordinal));
        late.Reference.Should().StartWith("晋市政发〔2026〕1号 (十九)");
        report.Problems.Should().NotContain(p => p.Reference.Contains("预案 晋", StringComparison.Ordinal));
        report.Problems.Should().Contain(p => p.Reference.StartsWith("预案 5.", StringComparison.Ordinal), "the plan's own clauses are still the 预案's");
    }

    [Fact]
    public async Task ALevelExpected_SaysWhoActivatedIt_WithoutSpaces()
    {
        // D13: 「+04:40 由 市安委会副主任 启动Ⅲ级响应」.
        var report = await Support.Drills.RunAsync(File.ReadAllText(Path.Combine(Paths.SampleDrills, "construction-tower-crane.yaml")));

        report.Expectations.Single(e => e.Id == "E1").Evidence.Should().Be("+00:18 由市指挥部办公室主任启动Ⅲ级响应");
    }

    [Theory]
    [InlineData("feed")]
    [InlineData("drill")]
    public void AParticipantWithTheApisOwnRole_IsAProblem_AndTheRolesOfferedAreThoseThatTakePart(string role)
    {
        // docs/drills.md: feed and drill "may do nothing in the drill"; the unknown-role message offered them (D13).
        var yaml = File.ReadAllText(Path.Combine(Paths.SampleDrills, "construction-tower-crane.yaml"))
            .Replace("    role: deputy-commander\n", $"    role: deputy-commander\n  - id: x\n    name: 某某\n    role: {role}\n", StringComparison.Ordinal);
        var unknown = File.ReadAllText(Path.Combine(Paths.SampleDrills, "construction-tower-crane.yaml"))
            .Replace("    role: deputy-commander\n", "    role: deputy-commander\n  - id: x\n    name: 某某\n    role: captain\n", StringComparison.Ordinal);

        Support.Drills.Problems(yaml).Should().ContainSingle().Which.Message.Should().Contain($"角色 '{role}'").And.Contain("不参与演练");
        var offered = Support.Drills.Problems(unknown).Should().ContainSingle().Which.Message;
        offered.Should().Contain("duty-officer").And.Contain("observer").And.NotContain("feed").And.NotContain("drill");
    }

    // The tower-crane sample with an observer (an evaluator: reads only) and one more action of someone's before the deputy's +00:45 decision.
    private static string TowerCraneWith(string action)
    {
        var anchor = "  - at: \"00:45\"\n    by: ";
        var yaml = File.ReadAllText(Path.Combine(Paths.SampleDrills, "construction-tower-crane.yaml"))
            .Replace("    role: deputy-commander\n", "    role: deputy-commander\n  - id: obs\n    name: 评估员孙某\n    role: observer\n", StringComparison.Ordinal)
            .Replace(anchor, action + anchor, StringComparison.Ordinal);
        yaml.Should().Contain("role: observer").And.Contain(action);
        return yaml;
    }

    [Fact]
    public async Task AnObserversAction_IsCorrectedAsTheScriptsMistake_NotAsATrainingOnLevels()
    {
        // D11: an evaluator recording a handover was told 按预案明确各级响应的启动、调整、终止权限和预警审批权限…组织专题培训.
        var report = await Support.Drills.RunAsync(TowerCraneWith(
            "  - {at: \"00:30\", by: obs, kind: record-clock-event, event: command-handover, takenBy: 城区建设工程事故应急指挥部}\n"));

        var problem = report.Problems.Single(p => p.Category == "越权行为");
        problem.Problem.Should().Contain("评估员孙某");
        problem.CorrectiveAction.Should().StartWith("观察员").And.Contain("不参与处置：核对脚本中此行动的执行人（by）").And.NotContain("响应");
    }

    [Fact]
    public async Task ADutyOfficersDecision_KeepsTheAdviceOnTheLevelsAuthority()
    {
        // C 4.3.1(2) "由市指挥部办公室主任宣布启动Ⅲ级响应": a duty officer decides no level; that is the authority the default action trains on.
        var report = await Support.Drills.RunAsync(TowerCraneWith("  - {at: \"00:30\", by: duty, kind: decide-response, level: III, reason: 被困2人}\n"));

        report.Problems.Single(p => p.Category == "越权行为" && p.Problem.Contains("+00:30", StringComparison.Ordinal)).CorrectiveAction
            .Should().StartWith("按预案明确各级响应的启动、调整、终止权限");
    }

    [Theory]
    [InlineData("construction-tower-crane.yaml")]
    [InlineData("natural-disaster-rainstorm.yaml")]
    [InlineData("road-hazmat-fog.yaml")]
    public async Task TheSampleScripts_ReportNoFigureTheirPlanDoesNotRead(string sample)
    {
        var (_, warnings) = await Support.Drills.Runner.ValidateAsync(File.ReadAllText(Path.Combine(Paths.SampleDrills, sample)), sample);

        warnings.Should().NotContain(w => w.Message.Contains("不读取", StringComparison.Ordinal));
    }
}
