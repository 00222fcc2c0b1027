using EmergencyPlans.Drills.Tests.Support;

namespace EmergencyPlans.Drills.Tests;

/// <summary>Every sample drill under plans/drills runs and meets the expectations written in it.</summary>
public sealed class SampleDrillTests
{
    public static TheoryData<string> Samples() => new(Directory.GetFiles(Paths.SampleDrills, "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task SampleDrill_Run_MeetsEveryExpectationWrittenInIt(string file)
    {
        var yaml = await File.ReadAllTextAsync(Path.Combine(Paths.SampleDrills, file));
        var script = Support.Drills.Runner.Read(yaml, file);

        var report = await Support.Drills.Runner.RunAsync(script, yaml);

        report.Expectations.Select(e => e.Id).Should().Equal(script.Expectations.Select(e => e.Id));
        report.Expectations.Where(e => !e.Passed).Should().BeEmpty();
        report.Objectives.Should().OnlyContain(o => o.Met);
        report.Passed.Should().BeTrue();
        report.Timeline.Should().HaveCountGreaterThan(script.Steps.Count);
    }

    [Fact]
    public async Task TowerCrane_TrappedCountRising_EscalatesFromIIIToIIAndRecordsTheLateWrittenReport()
    {
        // Construction 4.3.1(1)②: 被困 <3 → Ⅲ (office director, 4.3.1(2)); 4.3.2(1)②: 3–9 → Ⅱ (commander, or a deputy he delegates, 4.3.2(2)).
        var report = await Support.Drills.RunAsync(await File.ReadAllTextAsync(Path.Combine(Paths.SampleDrills, "construction-tower-crane.yaml")));

        report.Timeline.Should().Contain(t => t.Lane == "engine" && t.What.Contains("Ⅱ级") && t.Offset == "+00:20");
        report.Duties.Single(d => d.Key == "written-report-to-city").Verdict.Should().Be("late");
        // 4.1(二): verification within 30 minutes of the city's request at +00:40, not of the occurrence.
        var verify = report.Duties.Single(d => d.Key == "verify-on-request");
        (verify.RaisedMinute, verify.DueMinute, verify.Verdict).Should().Be((40, 70, "on-time"));
        report.Problems.Should().ContainSingle(p => p.Category == "迟报");
        // 4.3.2(2) 由市指挥部指挥长或委托副指挥长: the deputy's Ⅱ at +00:45 is valid by the delegation, and the report says so.
        report.Actions.Single(a => a.Offset == "+00:45").What.Should().Contain("Ⅱ级响应（受市指挥部指挥长委托）");
    }

    [Fact]
    public async Task HazmatInFog_OfficeDirectorRaisingToII_IsFoundUnauthorisedButTheDeputyRaisesIt()
    {
        var report = await Support.Drills.RunAsync(await File.ReadAllTextAsync(Path.Combine(Paths.SampleDrills, "road-hazmat-fog.yaml")));

        report.Actions.Where(a => a.Verdict != "accepted").Should().ContainSingle()
            .Which.Should().Match<DrillActionResult>(a => a.Role == "office-director" && a.Offset == "+00:45" && a.Verdict == "unauthorised");
        report.Overview.FinalLevel.Should().Be("Ⅱ级");
    }

    [Fact]
    public async Task HazmatInFog_PollutionInject_IsReadToTheFacilitatorAsThePlanSaysIt()
    {
        // R 5.3.2(2) "……可能造成一定环境污染的" → Ⅱ: the script writes `pollution: some`, the report says 一定, as the plan does.
        var report = await Support.Drills.RunAsync(await File.ReadAllTextAsync(Path.Combine(Paths.SampleDrills, "road-hazmat-fog.yaml")));

        report.Timeline.Should().Contain(t => t.Offset == "+00:40" && t.What.Contains("（环境污染：一定）", StringComparison.Ordinal))
            .And.NotContain(t => t.What.Contains("some", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task SampleDrill_Report_IsInChinese_ButForTheScriptsOwnNames(string file)
    {
        // The report is for facilitators and evaluators in Jincheng. The only Latin words left are what the script itself names (its file,
        // the plan's id, the participants' role ids) and the run's SHA-256.
        var yaml = await File.ReadAllTextAsync(Path.Combine(Paths.SampleDrills, file));
        var script = Support.Drills.Runner.Read(yaml, file);
        var markdown = DrillReportMarkdown.Render(await Support.Drills.Runner.RunAsync(script, yaml));

        string[] allowed = [Path.GetFileNameWithoutExtension(file), "yaml", script.PlanId, "SHA-", .. script.Participants.Select(p => p.Role)];
        System.Text.RegularExpressions.Regex.Matches(markdown, "[A-Za-z][A-Za-z-]{2,}").Select(m => m.Value)
            .Where(w => !allowed.Contains(w, StringComparer.Ordinal) && !System.Text.RegularExpressions.Regex.IsMatch(w, "^[0-9a-f-]+$"))
            .Should().BeEmpty();
        // The role ids only where the participants table maps them to the roles' names; the actions table says 值班员, not duty-officer.
        var afterParticipants = markdown[markdown.IndexOf("## 二、", StringComparison.Ordinal)..];
        foreach (var role in script.Participants.Select(p => p.Role))
        {
            afterParticipants.Should().NotContain(role);
        }
    }

    [Fact]
    public async Task Rainstorm_RelocationsRising_PassTheIVIIIAndIIThresholdsOfThePlan()
    {
        // Natural disaster 5.4.1(2) 3000, 5.3.1(2) 5000 (upper bound 100000 of Ⅲ), 5.2.1(2) 100000 紧急转移安置和需紧急生活救助.
        var report = await Support.Drills.RunAsync(await File.ReadAllTextAsync(Path.Combine(Paths.SampleDrills, "natural-disaster-rainstorm.yaml")));

        report.Timeline.Where(t => t.Lane == "engine" && t.What.StartsWith("建议", StringComparison.Ordinal)).Select(t => t.Offset)
            .Should().Equal("+02:00", "+04:00", "+10:00");
        report.Overview.ResponseState.Should().Be("Ⅱ级响应进行中");
    }

    [Fact]
    public async Task Rainstorm_SituationStableUnderII_TheCountiesLossAssessmentIsOwedFromThenAndMet()
    {
        // Natural disaster 5.2.3(9), a measure of the Ⅱ response: "灾情稳定后,受灾县(市、区)人民政府组织开展灾害损失综合评估工作,
        // 及时将评估结果报送市安委会". The script records the situation as stable at +28:00 and the counties' report at +31:00. The duty is the
        // counties' (受灾县(市、区)人民政府), outside the city command: listed, not judged; the expectation naming it still passes.
        var report = await Support.Drills.RunAsync(await File.ReadAllTextAsync(Path.Combine(Paths.SampleDrills, "natural-disaster-rainstorm.yaml")));

        var duty = report.Duties.Should().ContainSingle(d => d.Code == "loss-assessment-to-committee").Subject;
        (duty.To, duty.Clause, duty.RaisedMinute, duty.MetMinute, duty.Verdict).Should().Be(("市安委会", "5.2.3(9)", 28 * 60, 31 * 60, "outside"));
        (duty.Reporter, duty.OutsideCommand).Should().Be(("受灾县(市、区)人民政府", true));
        report.Expectations.Single(e => e.Id == "E7").Passed.Should().BeTrue();
    }
}
