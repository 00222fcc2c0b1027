using EmergencyPlans.Drills.Tests.Support;

namespace EmergencyPlans.Drills.Tests;

/// <summary>
/// Construction 4.1(二): "一般等级的建设工程事故,各级各部门须在事发后1小时以内向市委、市政府报告；较大以上或暂时无法判明等级的建设工程事故,各级各部门须在
/// 事发后30分钟以内向市委、市政府电话报告有关情况". A 一般 accident's 30-minute phone report was refused as 此时尚未产生该职责 with the advice to
/// make a decision first (如启动响应), which no later moment would mend: the grade, not a decision, decides which report is owed (a drill
/// facilitator's review, D5).
/// </summary>
public sealed class NotCalledForDutyTests
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
}
