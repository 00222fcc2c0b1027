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
        hint.Text.Should().Be("死亡再增加1人 → 较大（1.5 附件1 (条例第三条(三))）：30分钟内向市委、市政府电话报告；1小时内向市委、市政府书面报告；每日向市委、市政府报告");
        hint.NewObligations.Should().Equal("phone-report-to-city（30分钟内）", "written-report-to-city（1小时内）", "continuation-report（24小时内）");
    }
}
