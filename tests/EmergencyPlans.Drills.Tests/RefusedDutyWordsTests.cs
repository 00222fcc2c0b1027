namespace EmergencyPlans.Drills.Tests;

/// <summary>
/// A refused <c>fulfil-duty</c> says what was attempted, never that it was done: it read "已报送：…" in the timeline, 问题与纠正措施 and
/// <c>drill validate</c>'s warning, and only then 被拒绝, which a facilitator reads as "it was sent" (a drill evaluator's review, 2026-12-05).
/// </summary>
public sealed class RefusedDutyWordsTests
{
    private static string Road(string participants, string actions) => $$"""
        title: 拒绝行动措辞演练
        plan: road-traffic
        start: 2026-03-01T08:00:00+08:00
        end: "02:00"
        participants:
          - {id: duty, name: 值班员甲, role: duty-officer}
          - {id: director, name: 办公室主任乙, role: office-director}
        {{participants}}
        incident:
          at: "00:00"
          reportedAt: "00:10"
          reportedBy: duty
          county: 泽州县
          place: G207线某路段
          nature: 团雾中多车追尾
          reporter: {name: 交警}
          figures: {deaths: 1, missing: 0, injured: 2}
        {{actions}}
        """;

    // R 5.3.3 启动程序 "由市指挥部办公室主任启动Ⅲ级应急响应,同时报告市指挥部": owed once the director has activated Ⅲ, not before.
    private const string ReportBeforeActivation = """
        actions:
          - {at: "00:20", by: director, kind: fulfil-duty, duty: level-iii-report-to-hq}
          - {at: "00:20", by: director, kind: decide-response, level: III}
          - {at: "00:25", by: director, kind: fulfil-duty, duty: level-iii-report-to-hq}
        """;

    [Fact]
    public async Task DutyNotOwedYet_Refused_IsSaidAsAttempted_InTheTimelineTheProblemAndTheWarning_NeverAs已报送()
    {
        var yaml = Road("", ReportBeforeActivation);
        var report = await Support.Drills.RunAsync(yaml);

        var early = report.Actions[0];
        early.Verdict.Should().Be("refused", "the verdict code is kept");
        // Named as the incident names the duty it came to owe at 00:20 (it read 试图记为已报送：立即向市指挥部报告, the rule's words, until 2026-12-05).
        early.What.Should().StartWith("试图记为已报送：向市指挥部报告：“");
        var entry = report.Timeline.Single(t => t.Lane == "action" && t.Line == early.Line);
        entry.What.Should().Be(early.What);
        entry.Outcome.Should().StartWith("被拒绝：");
        var problem = report.Problems.Single(p => p.Category == "行动未被受理").Problem;
        problem.Should().StartWith($"{early.Offset} {early.Who}：试图记为已报送：");

        var (_, warnings) = await Support.Drills.Runner.ValidateAsync(yaml, "order.yaml");
        var warning = warnings.Should().ContainSingle().Subject.ToString();
        warning.Should().Contain("警告：+00:20 办公室主任乙：试图记为已报送：");
        foreach (var text in new[] { entry.What, problem, warning })
        {
            // 已报送 only as what was attempted (试图记为已报送) or refused (不能记为已报送), never standing as a fact.
            text.Replace("试图记为已报送", "", StringComparison.Ordinal).Replace("不能记为已报送", "", StringComparison.Ordinal)
                .Should().NotContain("已报送", "a refused action was not sent: {0}", text);
        }

        // The same duty recorded once it is owed says it was done, as before.
        report.Actions.Should().ContainSingle(a => a.Kind == "fulfil-duty" && a.Verdict == "accepted").Which.What.Should().StartWith("已报送：向市指挥部报告");
    }

    [Fact]
    public async Task OneDuty_RefusedThenAccepted_IsNamedTheSameInBothLines_AsTheIncidentNamesIt()
    {
        // R 5.3.3 "由市指挥部办公室主任启动Ⅲ级应急响应,同时报告市指挥部": refused at 00:20 (not owed yet: the Ⅲ activation comes after it
        // at that minute), accepted at 00:25. The refused line named the duty from the plan's rule (立即向市指挥部报告), the accepted one from
        // the incident's duty (向市指挥部报告：“…”): one duty in two wordings in one report.
        var report = await Support.Drills.RunAsync(Road("", ReportBeforeActivation));

        var duties = report.Actions.Where(a => a.Kind == "fulfil-duty").ToList();
        duties.Select(a => a.Verdict).Should().Equal("refused", "accepted");
        var refused = duties[0].What;
        var accepted = duties[1].What;
        accepted.Should().StartWith("已报送：");
        refused.Should().Be("试图记为" + accepted, "the same duty, named from the same source: the incident's duty");
        var entries = report.Timeline.Where(t => t.Lane == "action" && duties.Any(a => a.Line == t.Line)).Select(t => t.What).ToList();
        entries.Should().Equal(refused, accepted);
        report.Problems.Single(p => p.Category == "行动未被受理").Problem.Should().Contain(refused);
    }

    [Fact]
    public async Task DutyTheIncidentNeverHad_Refused_KeepsThePlansWords()
    {
        // R 5.3.3 "…启动Ⅲ级应急响应,同时报告市指挥部": never activated, the incident never owes it: the rule's words are all there is.
        var report = await Support.Drills.RunAsync(Road("", """
            actions:
              - {at: "00:20", by: director, kind: fulfil-duty, duty: level-iii-report-to-hq}
            """));

        report.Actions.Single().What.Should().Be("试图记为已报送：立即向市指挥部报告");
    }

    [Fact]
    public async Task DutyRecordedByARoleWithoutAuthority_Unauthorised_IsSaidAsAttempted_NeverAs已报送()
    {
        // R 5.1.1 "各级各部门须在事发后30分钟内向市委、市政府电话报告有关情况": an observer (read only) cannot record it.
        var report = await Support.Drills.RunAsync(Road("  - {id: watcher, name: 观察员丙, role: observer}", """
            actions:
              - {at: "00:20", by: watcher, kind: fulfil-duty, duty: phone-report-to-city}
            """));

        var action = report.Actions.Single();
        action.Verdict.Should().Be("unauthorised", "the verdict code is kept");
        action.What.Should().StartWith("试图记为已报送：向市委、市政府电话报告");
        report.Timeline.Single(t => t.Lane == "action").What.Should().Be(action.What);
        report.Problems.Single(p => p.Category == "越权行为").Problem.Should().Contain("观察员丙（观察员（只读））试图记为已报送：");
        System.Text.Json.JsonSerializer.Serialize(report).Should().Contain("\"Verdict\":\"unauthorised\"").And.Contain("\"Kind\":\"fulfil-duty\"");
    }
}
