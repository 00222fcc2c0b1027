using System.Text.RegularExpressions;

namespace EmergencyPlans.Drills.Tests;

/// <summary>
/// The chart's response-level lane (<see cref="DrillReport.ResponseLevels"/>): each decision with the levels the incident's events carry. It
/// took them by cutting the decision's text ("III→II") at its arrow, so rewording that text for people would have left the lane without levels.
/// </summary>
public sealed class ResponseLevelLaneTests
{
    [Fact]
    public async Task ResponseLevels_EachDecision_CarriesTheLevelsOfItsEvent_TheLevelBeforeAnAdjustmentToo()
    {
        // R 5.3.2: the office "向市指挥部提出启动Ⅱ级应急响应的建议", the commander or a deputy "决定启动Ⅱ级响应"; 5.7 "由启动响应的主体按照需要
        // 调整响应级别" and ends it. A decline concerns the level proposed, a termination the level in force.
        var report = await Support.Drills.RunAsync(Support.Drills.Road("""
              - {at: "00:12", by: director, kind: decide-response, action: propose, level: II, reason: 3人死亡}
              - {at: "00:14", by: deputy, kind: decide-response, action: decline, reason: 县级已处置}
              - {at: "00:20", by: director, kind: decide-response, action: propose, level: II, reason: 伤情加重}
              - {at: "00:25", by: deputy, kind: decide-response, level: II, reason: 同意启动}
              - {at: "00:50", by: deputy, kind: decide-response, action: adjust, level: III, reason: 态势减弱}
              - {at: "01:10", by: deputy, kind: terminate-response, reason: 处置完毕, conditionsConfirmed: true}
            """, ""));

        report.ResponseLevels.Select(c => (c.Offset, c.Change, c.Level, c.Code, c.From)).Should().Equal(
            ("+00:12", "propose", "Ⅱ级", "II", null),
            ("+00:14", "decline", "Ⅱ级", "II", null),
            ("+00:20", "propose", "Ⅱ级", "II", null),
            ("+00:25", "activate", "Ⅱ级", "II", null),
            ("+00:50", "adjust", "Ⅲ级", "III", "Ⅱ级"),
            ("+01:10", "terminate", "Ⅲ级", "III", null));
        report.ResponseLevels.Select(c => c.Text).Should().Equal(
            "提出启动Ⅱ级响应的建议", "不同意启动Ⅱ级响应", "提出启动Ⅱ级响应的建议", "启动Ⅱ级响应", "调整响应级别，Ⅱ级降低为Ⅲ级响应", "终止Ⅲ级响应"); // C 4.4 提高或降低 (F5; it read 由Ⅱ级调整为Ⅲ级响应)
    }

    [Fact]
    public async Task ResponseLevels_AProposalLeftByAnEnd_IsNotAdoptedOnce_NotAgainAtTheNextActivation()
    {
        // R 5.3.3 "由市指挥部办公室主任启动Ⅲ级应急响应"; the office proposes Ⅱ (5.3.2 向市指挥部提出启动Ⅱ级应急响应的建议) and the director ends
        // his Ⅲ instead (5.7 谁启动、谁结束): the end settles the proposal, not adopted (the lifecycle records it with the end). A Ⅲ started
        // again later answers no proposal. The lane's own fold of the events kept the ended proposal and said 启动Ⅲ级响应（未采纳Ⅱ级响应的建议）.
        var report = await Support.Drills.RunAsync(Support.Drills.Road("""
              - {at: "00:12", by: director, kind: decide-response, level: III, reason: 研判}
              - {at: "00:20", by: director, kind: decide-response, action: propose, level: II, reason: 伤情加重}
              - {at: "00:30", by: director, kind: terminate-response, reason: 处置完毕, conditionsConfirmed: true}
              - {at: "00:40", by: director, kind: decide-response, level: III, reason: 复燃}
            """, ""));

        report.Actions.Should().OnlyContain(a => a.Verdict == "accepted");
        report.ResponseLevels.Select(c => (c.Change, c.NotAdopted)).Should().Equal(
            ("activate", null), ("propose", null), ("terminate", "Ⅱ级"), ("activate", null));
        report.ResponseLevels[^1].Text.Should().Be("启动Ⅲ级响应");
    }

    [Fact]
    public async Task ResponseLevels_AnActionRefused_ChangesNothing()
    {
        // The office director may not adjust to Ⅱ (R 5.3.2: 由市指挥部指挥长或副指挥长决定启动Ⅱ级响应): 越权, not recorded, not drawn.
        var report = await Support.Drills.RunAsync(Support.Drills.Road("""
              - {at: "00:15", by: director, kind: decide-response, level: III, reason: 先启动Ⅲ级}
              - {at: "00:20", by: director, kind: decide-response, action: adjust, level: II, reason: 主任自行升级}
            """, ""));

        report.Actions.Select(a => a.Verdict).Should().Equal("accepted", "unauthorised");
        report.ResponseLevels.Select(c => (c.Change, c.Code)).Should().Equal(("activate", "III"));
    }

    [Fact]
    public async Task Chart_LevelBand_IsFilledByTheLevelsCode_WhateverItsTextForPeopleSays()
    {
        // The band's shade says how high the level is (色越深级别越高): from the level's code, not from matching its Chinese name.
        var report = await Support.Drills.RunAsync(Support.Drills.Road("""
              - {at: "00:15", by: deputy, kind: decide-response, level: II, reason: 3人死亡}
            """, ""));
        var reworded = report with
        {
            ResponseLevels = [.. report.ResponseLevels.Select(c => c with { Level = "二级", Text = "启动二级应急响应" })],
        };

        var html = DrillReportHtml.Render(reworded);

        Regex.Match(html, "<rect class=\"level\" data-level=\"二级\"[^>]*fill=\"([^\"]+)\"").Groups[1].Value.Should().Be("#9dbcf0", "Ⅱ's shade");
    }
}
