namespace EmergencyPlans.Drills.Tests;

/// <summary>
/// terminate-response's action propose / decline: N 2.2(2) 市安委办……"提出自然灾害救助应急响应启动、终止建议,发出启动、终止通知"; N 5.7 "依据“谁启动、
/// 谁终止”的原则,按启动响应的相关权限终止响应". Road 5.7 and construction 4.6 have no proposal to end.
/// </summary>
public sealed class TerminationProposalDrillTests
{
    private static string Natural(string actions) => """
        title: 测试演练
        plan: natural-disaster
        start: 2026-07-01T08:00:00+08:00
        end: "03:00"
        participants:
          - id: duty
            name: 值班员甲
            role: duty-officer
          - id: director
            name: 市安委办主任乙
            role: office-director
          - id: deputy
            name: 市安委会副主任丙
            role: deputy-commander
        incident:
          at: "00:00"
          reportedAt: "00:10"
          reportedBy: duty
          county: 泽州县
          nature: 暴雨洪涝
          reporter: {name: 县应急管理局}
          figures: {deaths: 12, missing: 0}
        actions:

        """ + actions.TrimEnd() + "\n";

    [Fact]
    public async Task Natural_2_2_2_the_office_proposes_the_end_the_deputy_declines_then_ends_it_and_the_lane_ends_only_at_the_end()
    {
        var report = await Support.Drills.RunAsync(Natural("""
              - {at: "00:20", by: deputy, kind: decide-response, level: III, reason: 死亡12人}
              - {at: "01:00", by: director, kind: terminate-response, action: propose, reason: 救灾应急工作结束}
              - {at: "01:05", by: deputy, kind: terminate-response, action: decline, reason: 仍有群众未返迁}
              - {at: "01:30", by: director, kind: terminate-response, action: propose, reason: 群众已返迁}
              - {at: "01:40", by: deputy, kind: terminate-response, reason: 同意终止, conditionsConfirmed: true}
            """));

        report.Actions.Select(a => a.Verdict).Should().Equal("accepted", "accepted", "accepted", "accepted", "accepted");
        report.ResponseLevels.Select(c => (c.Offset, c.Change, c.Code)).Should().Equal(
            ("+00:20", "activate", "III"),
            ("+01:00", "propose-termination", "III"),
            ("+01:05", "decline-termination", "III"),
            ("+01:30", "propose-termination", "III"),
            ("+01:40", "terminate", "III"));
        report.ResponseLevels[1].Text.Should().Be("提出终止Ⅲ级响应的建议");
        report.ResponseLevels[2].Text.Should().Be("不同意终止Ⅲ级响应");
    }

    [Fact]
    public async Task Natural_2_2_2_the_duty_officer_proposing_the_end_is_told_the_office_proposes_it()
    {
        // N 2.2(2) 市安委办……"提出自然灾害救助应急响应启动、终止建议": it read 值班员无此权限；可由：<the roles that decide>.
        var report = await Support.Drills.RunAsync(Natural("""
              - {at: "00:20", by: deputy, kind: decide-response, level: III, reason: 死亡12人}
              - {at: "01:00", by: duty, kind: terminate-response, action: propose, reason: 救灾应急工作结束}
            """));

        report.Actions.Select(a => a.Verdict).Should().Equal("accepted", "unauthorised");
        report.Actions[1].Detail.Should().StartWith("值班员无权提出终止建议；可由：市安委办主任（依据：晋市政办〔2026〕3号 2.2(2) ")
            .And.Contain("提出自然灾害救助应急响应启动、终止建议");
    }

    [Fact]
    public void Road_5_7_has_no_proposal_to_end_the_script_is_refused_at_its_line()
    {
        // It was refused only when the drill ran; the plan's lack of a proposal is known from the script (a drill facilitator's review, D9).
        var problems = Support.Drills.Problems(Support.Drills.Road("""
              - {at: "00:15", by: deputy, kind: decide-response, level: II, reason: 3人死亡}
              - {at: "00:50", by: director, kind: terminate-response, action: propose, reason: 建议终止}
            """, ""));

        problems.Should().ContainSingle().Which.Message.Should().StartWith("晋城市道路交通安全应急预案未规定提出终止应急响应的建议（action: propose）");
    }

    [Fact]
    public void An_unknown_termination_action_or_conditions_with_a_proposal_is_a_script_problem()
    {
        var problems = Support.Drills.Problems(Support.Drills.Road("""
              - {at: "00:50", by: director, kind: terminate-response, action: withdraw, reason: x}
              - {at: "00:55", by: director, kind: terminate-response, action: propose, reason: x, conditionsConfirmed: true}
            """, ""));

        problems.Select(p => p.Message).Should().Contain(m => m.Contains("propose（提出终止建议）", StringComparison.Ordinal))
            .And.Contain(m => m.Contains("不带 conditionsConfirmed", StringComparison.Ordinal));
    }
}
