using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Tests.Support;

namespace EmergencyPlans.Core.Tests.Assessment;

/// <summary>
/// A hint's text is for people: the duties a higher grade would start are said (when, to whom), while
/// <c>newObligations</c> keeps their codes for machines, as it always has.
/// </summary>
public class HintDutiesTextTests
{
    private static readonly DateTimeOffset OccurredAt = new(2026, 3, 1, 8, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public void Construction_OneDeathShortOfRelativelySerious_SaysTheDutiesOf41_AndKeepsTheirCodesForMachines()
    {
        // 条例第三条(三) "3人以上10人以下死亡" → 较大 (1.5). C 4.1(二) "较大以上…须在事发后30分钟以内向市委、市政府电话报告有关情况,
        // 1小时以内向市委、市政府书面报告简要情况"; 4.1(三) "较大以上建设工程事故每日至少续报1次". The phone report and the written one
        // are two things to do, said as the plan says them (电话报告, 书面报告), not twice "向市委、市政府报告".
        var card = AssessmentContract.ToResponse(Repository.Engine.Assess(IncidentInput.From("construction", OccurredAt,
            new ReportedFigures
            {
                [Figure.Deaths] = 2, [Figure.Missing] = 0, [Figure.Trapped] = 0, [Figure.Endangered] = 0,
                [Figure.SeriousInjuries] = 0, [Figure.DirectLossWan] = 0,
            },
            JudgementInput.None)));

        var hint = card.NearestThresholds.Should().ContainSingle(t => t.Table == "grade" && t.Figures.Count == 1 && t.Figures[0] == "deaths").Subject;
        hint.Reaches.Should().Be("relatively-serious");
        // The 续报 in the plan's words: "每日至少续报1次", not "每日向市委、市政府报告".
        hint.Text.Should().Be("死亡再增加1人 → 较大（1.5 附件1 (条例第三条(三))）：30分钟内向市委、市政府电话报告；1小时内向市委、市政府书面报告；每日至少续报1次");
        hint.NewObligations.Should().Equal("phone-report-to-city（30分钟内）", "written-report-to-city（1小时内）", "continuation-report（24小时内）");
    }

    [Fact]
    public void Road_SevenDeathsShortOfSerious_SaysEveryDuty重大Brings_InThePlansWords()
    {
        // 1.5(2) "造成10人以上30人以下死亡" → 重大. R 5.1.1 "重大及以上道路交通安全突发事件发生后,……立即向上级值班室直报简要情况,随即书面报告
        // 具体详情,报告时间不得晚于事发后30分钟"; 5.1.2 "重大以上道路交通安全突发事件每4小时续报1次,特殊情况每2小时续报1次". At 较大 the
        // daily 续报 is owed already; the 4-hourly one is another rule of the same code and is new at 重大, as is the written report that
        // follows the direct one. The hint said only "30分钟内向上级值班室直报".
        var card = AssessmentContract.ToResponse(Repository.Engine.Assess(IncidentInput.From("road-traffic", OccurredAt,
            new ReportedFigures { [Figure.Deaths] = 3, [Figure.Missing] = 0, [Figure.SeriousInjuries] = 0, [Figure.DirectLossWan] = 10 },
            JudgementInput.None)));

        var hint = card.NearestThresholds.Should().ContainSingle(t => t.Table == "grade" && t.Figures.Count == 1 && t.Figures[0] == "deaths").Subject;
        hint.Reaches.Should().Be("serious");
        hint.Text.Should().Be("死亡再增加7人 → 重大（1.5(2)）：30分钟内向上级值班室直报；随即向上级值班室书面报告；每4小时续报1次,特殊情况每2小时续报1次");
        hint.NewObligations.Should().Equal("direct-report-to-superior-duty-room（30分钟内）", "direct-written-details", "continuation-report（4小时内）");
    }

    [Fact]
    public void Road_OneDeathShortOfRelativelySerious_Says每日至少续报1次()
    {
        // R 5.1.2 "较大以上道路交通安全突发事件每日至少续报1次".
        var card = AssessmentContract.ToResponse(Repository.Engine.Assess(IncidentInput.From("road-traffic", OccurredAt,
            new ReportedFigures { [Figure.Deaths] = 2, [Figure.Missing] = 0, [Figure.SeriousInjuries] = 0, [Figure.DirectLossWan] = 10 },
            JudgementInput.None)));

        card.NearestThresholds.Single(t => t.Table == "grade" && t.Figures[0] == "deaths").Text
            .Should().EndWith("；每日至少续报1次").And.NotContain("每日向市委、市政府报告");
    }
}
