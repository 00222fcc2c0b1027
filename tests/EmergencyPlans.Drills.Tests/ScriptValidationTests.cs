using EmergencyPlans.Drills.Tests.Support;

namespace EmergencyPlans.Drills.Tests;

/// <summary>Scripts are validated like any input: each problem names its line, and all are reported at once.</summary>
public sealed class ScriptValidationTests
{
    /// <summary>The line of the first line of <paramref name="yaml"/> containing <paramref name="text"/> (1-based).</summary>
    private static int LineOf(string yaml, string text) => yaml.Split('\n').Select((l, i) => (l, i)).First(x => x.l.Contains(text, StringComparison.Ordinal)).i + 1;

    [Fact]
    public void Read_EverySampleDrill_IsValid()
    {
        var files = Directory.GetFiles(Paths.SampleDrills, "*.yaml");
        files.Should().HaveCountGreaterThanOrEqualTo(3);
        foreach (var file in files)
        {
            var script = Support.Drills.Runner.Read(File.ReadAllText(file), Path.GetFileName(file));
            script.Expectations.Should().NotBeEmpty(file);
        }
    }

    [Theory]
    [InlineData("title: a\n\tplan: road-traffic\n", 2, "缩进用了制表符（Tab）")]
    [InlineData("title: \"a\n", 1, "引号没有闭合")]
    [InlineData("title: a\nplan: road-traffic\n start: x\n", 3, "冒号用错了地方")]
    [InlineData("title: [\n", 2, "此处缺少值")]
    public void Read_AYamlMistake_IsSaidInChinese_WithItsLine(string yaml, int line, string said)
    {
        // The facilitator who wrote the script reads the problem; the YAML parser's own words are English.
        var problem = Support.Drills.Problems(yaml).Should().ContainSingle().Subject;

        problem.Line.Should().Be(line);
        problem.Message.Should().StartWith("YAML 语法错误：" + said);
        problem.Message.Should().NotContainAny("While", "found", "expected");
    }

    [Fact]
    public void Read_AKeyWrittenTwice_IsAProblemOnTheSecondsLine_AndTheScriptIsReadOn()
    {
        // It stopped the reading as a syntax error: the missing plan and start were not reported with it (since 2026-12-05 they are).
        var problems = Support.Drills.Problems("title: a\ntitle: b\n");

        problems.Should().Contain(p => p.Line == 2 && p.Message.StartsWith("键“title”重复出现（第 1 行已写过）", StringComparison.Ordinal));
        problems.Should().HaveCountGreaterThan(1);
    }

    [Theory]
    [InlineData("title", 201)]
    [InlineData("scope", 2001)]
    public void Read_ATitleOrScopeTooLongForTheReport_IsAProblemOnItsLine(string key, int length)
    {
        // Both head the after-action report; a title of any length was taken and ran over the report's page.
        var yaml = Support.Drills.Road("", "").Replace("title: 测试演练", key == "title" ? $"title: {new string('演', length)}" : $"title: 测试演练\nscope: {new string('演', length)}",
            StringComparison.Ordinal);

        var problem = Support.Drills.Problems(yaml).Should().ContainSingle().Subject;

        problem.Line.Should().Be(LineOf(yaml, key + ":"));
        problem.Message.Should().Be($"{key} 过长：{length} 个字符，最多 {length - 1} 个");
    }

    [Fact]
    public void Read_UnknownRole_NamesTheLineOfTheRole()
    {
        var yaml = Support.Drills.Road("", "").Replace("role: deputy-commander", "role: vice-mayor", StringComparison.Ordinal);

        var problems = Support.Drills.Problems(yaml);

        problems.Should().ContainSingle().Which.Line.Should().Be(LineOf(yaml, "vice-mayor"));
        problems[0].Message.Should().Contain("未知角色 'vice-mayor'").And.Contain("deputy-commander");
        problems[0].ToString().Should().StartWith($"test.yaml:{LineOf(yaml, "vice-mayor")}: ");
    }

    [Fact]
    public void Read_ActionEarlierThanThePreviousOne_NamesTheLineWhereTimeGoesBack()
    {
        var yaml = Support.Drills.TimeGoesBack;

        var problem = Support.Drills.Problems(yaml).Should().ContainSingle().Subject;

        problem.Line.Should().Be(LineOf(yaml, "\"00:20\""));
        problem.Message.Should().Contain("时间倒流");
    }

    [Fact]
    public void Read_AColourOnAWarningLift_NamesItsLine()
    {
        // A colour goes with propose or adjust only: on a lift it is a mistake in the script, found before the drill runs.
        var yaml = Support.Drills.Road("""
              - at: "00:10"
                by: director
                kind: change-warning
                action: propose
                colour: yellow
                reason: 能见度约40米
              - at: "00:12"
                by: director
                kind: change-warning
                action: lift
                warning: 1
                colour: red
                reason: 团雾消散
            """, "");

        var problem = Support.Drills.Problems(yaml).Should().ContainSingle().Subject;

        problem.Line.Should().Be(LineOf(yaml, "colour: red"));
        problem.Message.Should().Contain("lift 不带 colour");
    }

    [Fact]
    public void Read_DutyThePlanDoesNotKnow_NamesItsLine()
    {
        var yaml = Support.Drills.Road("""
              - at: "00:20"
                by: duty
                kind: fulfil-duty
                duty: fax-to-province
            """, "");

        var problem = Support.Drills.Problems(yaml).Should().ContainSingle().Subject;

        problem.Line.Should().Be(LineOf(yaml, "fax-to-province"));
        problem.Message.Should().Contain("没有职责 'fax-to-province'").And.Contain("phone-report-to-city").And.Contain("emergencyplans plans duties road-traffic");
    }

    [Theory]
    // R 5.1.1 "各级各部门须在事发后30分钟内向市委、市政府电话报告有关情况,1小时以内向市委、市政府书面报告简要情况": a facilitator who writes part of a code, or misspells it,
    // is told which code it likely is and what that duty is, not left to read the plan's list (a drill facilitator's review, session 60, F11).
    [InlineData("phone-report", "是否指 phone-report-to-city（")]
    [InlineData("phone-reprot-to-city", "是否指 phone-report-to-city（")]
    public void Read_DutyCodeMisspeltOrCut_NamesTheCodeItLikelyMeant_WithWhatThatDutyIs(string written, string named)
    {
        var yaml = Support.Drills.Road($"""
              - at: "00:20"
                by: duty
                kind: fulfil-duty
                duty: {written}
            """, "");

        var problem = Support.Drills.Problems(yaml).Should().ContainSingle().Subject;

        problem.Message.Should().Contain($"没有职责 '{written}'：{named}").And.Contain("30分钟内向市委、市政府电话报告");
    }

    [Fact]
    public void Read_ActionKindThatDoesNotExist_NamesItsLine()
    {
        var yaml = Support.Drills.Road("""
              - at: "00:20"
                by: duty
                kind: send-fax
            """, "");

        var problem = Support.Drills.Problems(yaml).Should().ContainSingle().Subject;

        problem.Line.Should().Be(LineOf(yaml, "send-fax"));
        problem.Message.Should().Contain("未知的行动类型 'send-fax'").And.Contain("decide-response");
    }

    [Fact]
    public void Read_LevelThePlanDoesNotHave_NamesItsLine()
    {
        // The road plan has levels Ⅰ to Ⅲ only (5.3); Ⅳ exists only in the natural-disaster plan (5.4).
        var yaml = Support.Drills.Road("""
              - at: "00:20"
                by: director
                kind: decide-response
                level: IV
            """, "");

        var problem = Support.Drills.Problems(yaml).Should().ContainSingle().Subject;

        problem.Line.Should().Be(LineOf(yaml, "level: IV"));
        problem.Message.Should().Contain("没有 Ⅳ级响应");
    }

    [Fact]
    public void Read_ManyProblems_AreAllReportedInLineOrder()
    {
        var yaml = Support.Drills.Road("""
              - at: "00:20"
                by: nobody
                kind: fulfil-duty
                duty: phone-report-to-city
              - at: "later"
                by: duty
                kind: fulfil-duty
                duty: phone-report-to-city
            """, """
              - id: E1
                kind: duty-on-time
                duty: phone-report-to-city
                colour: red
            """).Replace("county: 泽州县", "county: 太原市", StringComparison.Ordinal);

        var problems = Support.Drills.Problems(yaml);

        problems.Select(p => p.Line).Should().Equal(
            LineOf(yaml, "太原市"), LineOf(yaml, "by: nobody"), LineOf(yaml, "\"later\""), LineOf(yaml, "colour: red"));
        problems[0].Message.Should().Contain("未知县（市、区）'太原市'");
        problems[1].Message.Should().Contain("未知参演人员 'nobody'");
        problems[2].Message.Should().Contain("HH:MM");
        problems[3].Message.Should().Contain("未知的键 'colour'");
    }

    [Fact]
    public void Read_UnknownFigure_NamesTheLineOfTheFigure()
    {
        var yaml = Support.Drills.Road("", "", injects: """
              - at: "00:20"
                kind: figures
                figures:
                  deaths: 4
                  dead: 5
            """);

        var problem = Support.Drills.Problems(yaml).Should().ContainSingle().Subject;

        problem.Line.Should().Be(LineOf(yaml, "dead: 5"));
        problem.Message.Should().Contain("没有数字“dead”", "a drill's problems are the facilitator's, in Chinese");
    }

    [Fact]
    public void Read_ActionBeforeTheFirstReport_IsRefused()
    {
        // The incident reaches the office at +00:10: nothing can be done to it before.
        var yaml = Support.Drills.Road("""
              - at: "00:05"
                by: duty
                kind: fulfil-duty
                duty: phone-report-to-city
            """, "");

        var problem = Support.Drills.Problems(yaml).Should().ContainSingle().Subject;

        problem.Line.Should().Be(LineOf(yaml, "\"00:05\"") - 0);
        problem.Message.Should().Contain("事件尚未建立");
    }

    [Fact]
    public void Read_YamlSyntaxError_NamesItsLine()
    {
        var yaml = "title: x\nplan: road-traffic\nparticipants:\n  - id: [unclosed\n";

        var problem = Support.Drills.Problems(yaml).Should().ContainSingle().Subject;

        problem.Line.Should().BeInRange(4, 5);
        problem.Message.Should().StartWith("YAML 语法错误");
    }

    [Fact]
    public void Read_ObjectiveNamingAnUnknownExpectation_NamesItsLine()
    {
        var yaml = Support.Drills.Road("", """
              - id: E1
                kind: no-unauthorised-actions
            """) + "objectives:\n  - id: O1\n    text: 报告及时\n    expectations: [E1, E9]\n";

        var problem = Support.Drills.Problems(yaml).Should().ContainSingle().Subject;

        problem.Line.Should().Be(LineOf(yaml, "[E1, E9]"));
        problem.Message.Should().Contain("'E9'");
    }

    [Fact]
    public void Read_FirstReportByAnObserver_IsRefusedAtReportedByNamingWhoMayReport()
    {
        // Over the API an observer (read only) cannot open an incident (403): a drill cannot start from a report no such role could make.
        var yaml = OnlyTheFirstReport().Replace("  - {id: duty, name: 值班, role: duty-officer}",
            "  - {id: duty, name: 值班, role: duty-officer}\n  - {id: watcher, name: 观察员, role: observer}", StringComparison.Ordinal)
            .Replace("reportedBy: duty", "reportedBy: watcher", StringComparison.Ordinal);

        var problem = Support.Drills.Problems(yaml).Should().ContainSingle().Subject;

        problem.Line.Should().Be(LineOf(yaml, "reportedBy: watcher"));
        problem.Message.Should().Contain("'watcher'").And.Contain("observer").And.Contain("无权报告").And.Contain("duty-officer");
    }

    [Fact]
    public void Read_FirstReportByTheDutyOfficer_IsAccepted()
    {
        var read = () => Support.Drills.Runner.Read(OnlyTheFirstReport(), "test.yaml");

        read.Should().NotThrow("值班员 reports incidents (the other side of the rule above)");
    }

    /// <summary>A script with only its first report (reported at +00:10), and <paramref name="tail"/> appended.</summary>
    private static string OnlyTheFirstReport(string tail = "") => """
        title: 最小
        plan: road-traffic
        start: 2026-07-12T09:00:00+08:00
        participants:
          - {id: duty, name: 值班, role: duty-officer}
        incident:
          reportedBy: duty
          county: 泽州县
          nature: 追尾
          reportedAt: "00:10"
          reporter: {name: 张某}

        """ + tail;

    [Fact]
    public async Task Run_NothingAfterTheFirstReport_EndsAtTheFirstReport()
    {
        // docs/drills.md: nothing may happen before incident.reportedAt, and the incident is opened then.
        var report = await Support.Drills.RunAsync(OnlyTheFirstReport());

        report.Overview.Duration.Should().Be("00:10");
        report.Overview.End.Should().Be("2026-07-12 09:10");
    }

    [Fact]
    public void Read_AnEndBeforeTheFirstReport_IsRefusedAtItsLine()
    {
        var yaml = OnlyTheFirstReport("end: \"00:05\"\n");

        var problem = Support.Drills.Problems(yaml).Should().ContainSingle().Subject;

        problem.Line.Should().Be(LineOf(yaml, "end:"));
        problem.Message.Should().Contain("早于首报到达值班室的时间 +00:10");
    }

    [Fact]
    public void Read_AnExpectationJudgedBeforeTheFirstReport_IsRefusedAtItsLine()
    {
        var yaml = OnlyTheFirstReport("expectations:\n  - {id: E1, kind: grade-at, grade: 一般, at: \"00:05\"}\n");

        var problem = Support.Drills.Problems(yaml).Should().ContainSingle().Subject;

        problem.Line.Should().Be(LineOf(yaml, "id: E1"));
        problem.Message.Should().Contain("事件尚未建立");
    }

    [Theory]
    [InlineData("title: x\nparticipants: [{id: a, name: b, role: duty-officer}\nplan: road-traffic\n", 2, "方括号 [ 没有闭合")]
    [InlineData("title: [x\nplan: road-traffic\n", 1, "方括号 [ 没有闭合")]
    [InlineData("title: \"x\nplan: road-traffic\n", 1, "引号")]
    [InlineData("title: x\nplan: &a road-traffic\nstart: *b\n", 3, "锚点 &b 不存在")]
    public void Read_AYamlMistakeTheParserHasNoWordsFor_IsSaidInChinese_WithItsLine(string yaml, int line, string said)
    {
        // docs/drills.md: YAML syntax errors are reported with their line (exit 2), in Chinese; never an internal error.
        var problem = Support.Drills.Problems(yaml).Should().ContainSingle().Subject;

        problem.Line.Should().Be(line);
        problem.Message.Should().StartWith("YAML 语法错误：").And.Contain(said);
        problem.Message.Should().NotContainAny("While", "found", "expected", "does not", "Operation");
    }

    [Fact]
    public void Read_BracketsNestedTensOfThousandsDeep_AreASyntaxErrorOnTheirLine_NotAStackOverflow()
    {
        // 60 KB, under the service's 64 KB body limit for a script: YamlDotNet's document model recursed once a level, and this
        // overflowed the stack, which no handler catches (the CLI aborted with 134; POST /api/v1/drills/runs took the service down).
        var yaml = "title: x\nobjectives: " + new string('[', 60_000) + "\n";

        var problem = Support.Drills.Problems(yaml).Should().ContainSingle().Subject;

        problem.Line.Should().Be(2);
        problem.Message.Should().StartWith("YAML 语法错误：").And.Contain("嵌套超过 64 层");
    }

    [Theory]
    [InlineData(63, false)]
    [InlineData(64, true)]
    public void Read_NestingUpTo64Levels_IsReadAsYaml_OneMoreIsRefused(int brackets, bool refused)
    {
        // The script's own mapping is the first level: 63 brackets inside it make 64.
        var yaml = "title: x\nobjectives: " + new string('[', brackets) + new string(']', brackets) + "\n";

        var problems = Support.Drills.Problems(yaml);

        if (refused)
        {
            problems.Should().ContainSingle().Which.Message.Should().Contain("嵌套超过 64 层");
        }
        else
        {
            // Read as YAML: what is left are the script's own problems (no plan, no participants…), not its nesting.
            problems.Should().NotBeEmpty().And.NotContain(p => p.Message.Contains("嵌套", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Read_FiguresNamingAnAliasThatExpandsToBillions_IsRefusedAtTheFigures_InsteadOfRunningForever()
    {
        // "Billion laughs": each anchor lists the one before ten times. 3.7 KB of script made the reader write 10^12 nodes as the
        // figures' JSON (timed out after 30 s by hand; over REST a core and the service's memory until it died).
        var anchors = "laughs:\n  l0: &l0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n"
            + string.Concat(Enumerable.Range(1, 11).Select(i => $"  l{i}: &l{i} [{string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 10))}]\n"));
        var yaml = anchors + Support.Drills.Road("", "", injects: """
              - at: "00:20"
                kind: figures
                figures: {deaths: 4, many: *l11}
            """);

        var problems = Support.Drills.Problems(yaml);

        problems.Should().Contain(p => p.Line == LineOf(yaml, "many: *l11") && p.Message.Contains("figures 内容过多", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_AFlowMappingInsideFigures_IsAProblemOnItsLine_NotAnInternalError()
    {
        // A stray pair of braces makes "{injured: 2}" a key of the figures mapping: the reader cast every key to a scalar (exit 70,
        // a 500 over REST).
        var yaml = Support.Drills.Road("", "", injects: """
              - at: "00:20"
                kind: figures
                figures: {deaths: 4, {injured: 2}}
            """);

        var problem = Support.Drills.Problems(yaml).Should().ContainSingle().Subject;

        problem.Line.Should().Be(LineOf(yaml, "{injured: 2}"));
        problem.Message.Should().Contain("figures 中的键应为名称");
    }

    [Fact]
    public void Read_AQuotedBlankText_IsAProblemOnItsLine_NotAnInternalError()
    {
        // text: ' ' on a figures inject became a blank report summary, which the reporting lifecycle refuses: the run stopped
        // with exit 70 (found by mutating the sample scripts).
        var yaml = Support.Drills.Road("", "", injects: """
              - at: "00:20"
                kind: figures
                text: ' '
                figures: {deaths: 4}
            """);

        var problem = Support.Drills.Problems(yaml).Should().ContainSingle().Subject;

        problem.Line.Should().Be(LineOf(yaml, "text: ' '"));
        problem.Message.Should().Contain("text 不能为空白");
    }

    [Theory]
    [InlineData("\"现场续报\\e[2J\\e[31m红字\"", "U+001B")] // an escape: clears the terminal, then prints red
    [InlineData("\"现场续报\\x9b2J\"", "U+009B")] // the one-character CSI of C1
    [InlineData("\"现场续报\\a\"", "U+0007")] // the bell
    [InlineData("\"现场续报\\0\"", "U+0000")]
    public void Read_ATextHoldingAControlCharacter_IsAProblemOnItsLine_NamingTheCharacter(string text, string named)
    {
        // The Markdown report printed a script's texts to the facilitator's terminal as they were, and the terminal ran the
        // escapes: "\e[2J" cleared the screen above the verdicts, "\e]0;…\a" retitled the window.
        var yaml = Support.Drills.Road("", "", injects: $$"""
              - at: "00:20"
                kind: figures
                text: {{text}}
                figures: {deaths: 4}
            """);

        var problem = Support.Drills.Problems(yaml).Should().ContainSingle().Subject;

        problem.Line.Should().Be(LineOf(yaml, "现场续报"));
        problem.Message.Should().Contain("控制字符 " + named);
    }

    [Fact]
    public void Read_TabsAndLineBreaksInAText_AreStillText()
    {
        var yaml = Support.Drills.Road("", "", injects: """
              - at: "00:20"
                kind: figures
                text: "现场续报：\t死亡4人\r\n另有2人受伤"
                figures: {deaths: 4}
            """);

        var script = Support.Drills.Runner.Read(yaml, "test.yaml");

        script.Steps.Should().Contain(s => s.Text == "现场续报：\t死亡4人\r\n另有2人受伤");
    }

    [Fact]
    public void Read_ATimeWithAFullWidthDigit_SaysTheDigitsMustBeHalfWidth()
    {
        // A Chinese input method types "１" (U+FF11): the times are HH:MM in ASCII digits.
        var yaml = OnlyTheFirstReport().Replace("\"00:10\"", "\"１0:10\"", StringComparison.Ordinal);

        var problem = Support.Drills.Problems(yaml).Should().ContainSingle().Subject;

        problem.Line.Should().Be(LineOf(yaml, "１0:10"));
        problem.Message.Should().Contain("全角").And.Contain("半角");
    }

    [Fact]
    public void Read_TwoObjectivesWithOneId_NamesTheSecond()
    {
        var yaml = Support.Drills.Road("", """
              - id: E1
                kind: no-unauthorised-actions
            """) + "objectives:\n  - {id: O1, text: a, expectations: [E1]}\n  - {id: O1, text: b, expectations: [E1]}\n";

        var problem = Support.Drills.Problems(yaml).Should().ContainSingle().Subject;

        problem.Line.Should().Be(LineOf(yaml, "text: b"));
        problem.Message.Should().Contain("演练目标 id 'O1' 重复");
    }

    [Theory]
    [InlineData("continuation-report#0")]
    [InlineData("continuation-report#1")]
    [InlineData("phone-report-to-city#x")]
    public void Read_ADutyKeyTheIncidentNeverGives_NamesItsLine(string key)
    {
        // A code's first duty is keyed by the code alone, later ones code#2, code#3 (docs/drills.md: continuation-report#2).
        var yaml = Support.Drills.Road($$"""
              - {at: "00:20", by: duty, kind: fulfil-duty, duty: "{{key}}"}
            """, "");

        var problem = Support.Drills.Problems(yaml).Should().ContainSingle().Subject;

        problem.Line.Should().Be(LineOf(yaml, key));
        problem.Message.Should().Contain($"职责键 '{key}' 无效");
    }

    /// <summary>
    /// A natural-disaster drill (晋市政办〔2026〕3号): the plan sets no warnings of its own, grades no hazardous goods,
    /// no traffic disruption and no weather conditions, and no duty of it starts from the city's request to verify.
    /// </summary>
    private static string Rainstorm(string rest) => """
        title: 暴雨
        plan: natural-disaster
        start: 2026-07-12T09:00:00+08:00
        participants:
          - {id: duty, name: 值班, role: duty-officer}
          - {id: d, name: 主任, role: office-director}
        incident:
          at: "00:00"
          reportedAt: "00:10"
          reportedBy: duty
          county: 城区
          place: 某地
          nature: 暴雨
          reporter: {name: 张某, unit: 单位}
          figures: {relocated: 4000}

        """ + rest;

    [Fact]
    public void Read_AWarningExpectedInAPlanWithoutWarnings_NamesItsLine()
    {
        var yaml = Rainstorm("expectations:\n  - {id: E1, kind: warning-issued, colour: yellow, by: \"01:00\"}\n");

        var problem = Support.Drills.Problems(yaml).Should().ContainSingle().Subject;

        problem.Line.Should().Be(LineOf(yaml, "warning-issued"));
        problem.Message.Should().Contain("没有预警");
    }

    [Fact]
    public void Read_AColourInAPlanWhoseWarningsHaveNone_NamesItsLine()
    {
        // Construction 3.2.2: the command judges a warning by the danger; the plan sets no colours.
        var yaml = Support.Drills.Road("", "").Replace("plan: road-traffic", "plan: construction", StringComparison.Ordinal)
            .Replace("county: 泽州县", "county: 城区", StringComparison.Ordinal)
            + "expectations:\n  - {id: E1, kind: warning-issued, colour: yellow, by: \"01:00\"}\n";

        var problem = Support.Drills.Problems(yaml).Should().ContainSingle().Subject;

        problem.Line.Should().Be(LineOf(yaml, "warning-issued"));
        problem.Message.Should().Contain("不分颜色");
    }

    [Theory]
    [InlineData("{at: \"00:20\", kind: hazmat, text: 化工厂进水, figures: {pollution: major}}", "hazmatRelease")]
    [InlineData("{at: \"00:30\", kind: county-disrupted, county: 阳城县, text: 阳城交通中断}", "disruptedCounties")]
    [InlineData("{at: \"00:50\", kind: weather, text: 大雾, conditions: {visibilityMetres: 5}}", "conditions")]
    public void Read_AnInjectThePlanDoesNotRead_NamesItsLine(string inject, string input)
    {
        var yaml = Rainstorm("injects:\n  - " + inject + "\n");

        var problem = Support.Drills.Problems(yaml).Should().ContainSingle().Subject;

        problem.Line.Should().Be(LineOf(yaml, "kind:"));
        problem.Message.Should().Contain("不研判").And.Contain(input);
    }

    [Fact]
    public void Read_ACityRequestInAPlanWithoutADutyItStarts_NamesItsLine()
    {
        var yaml = Rainstorm("injects:\n  - {at: \"00:40\", kind: city-request, text: 市委要求核实}\n");

        var problem = Support.Drills.Problems(yaml).Should().ContainSingle().Subject;

        problem.Line.Should().Be(LineOf(yaml, "city-request"));
        problem.Message.Should().Contain("city-request");
    }

    [Theory]
    [InlineData("injects:\n  - {at: \"00:20\", kind: dispatch-order, orderedBy: city}\n", "dispatch-order")]
    [InlineData("actions:\n  - {at: \"00:30\", by: deputy, kind: record-clock-event, event: situation-stable}\n", "situation-stable")]
    public void Read_AClockEventTheRoadPlanDoesNotKnow_NamesItsLine(string tail, string name)
    {
        // The road plan's duties start from the occurrence, a report, a request to verify, arrival or the end of handling:
        // relief supplies (调拨) and 灾情稳定 are the natural-disaster plan's.
        var yaml = Support.Drills.Road("", "") + tail;

        var problem = Support.Drills.Problems(yaml).Should().ContainSingle().Subject;

        problem.Line.Should().Be(LineOf(yaml, name));
        problem.Message.Should().Contain($"'{name}'");
    }

    [Theory]
    [InlineData("propose")]
    [InlineData("decline")]
    public void Read_AProposalToEndTheResponse_UnderTheRoadPlan_NamesItsLine(string action)
    {
        // R 5.7 "按照“谁启动、谁结束”的原则,由相应启动应急响应的指挥机构宣布应急响应终止": no proposal to end it (N 2.2(2) has one). It passed
        // validation and was refused only when the drill ran (a drill facilitator's review, D9).
        var yaml = Support.Drills.Road($"  - {{at: \"00:30\", by: director, kind: terminate-response, action: {action}, reason: 处置结束}}\n", "");

        var problem = Support.Drills.Problems(yaml).Should().ContainSingle().Subject;

        problem.Line.Should().Be(LineOf(yaml, "terminate-response"));
        problem.Message.Should().Contain("未规定提出终止应急响应的建议").And.Contain("5.7");
    }

    [Fact]
    public void Read_ANatureLongerThanTheApiTakes_IsRefusedAtItsLine()
    {
        var limit = EmergencyPlans.Application.Incidents.OpenIncidentValidator.NatureMaxLength;
        var yaml = OnlyTheFirstReport().Replace("nature: 追尾", "nature: " + new string('长', limit + 1), StringComparison.Ordinal);

        var problem = Support.Drills.Problems(yaml).Should().ContainSingle().Subject;

        problem.Line.Should().Be(LineOf(yaml, "nature:"));
        problem.Message.Should().Contain($"最多 {limit} 个");
        Support.Drills.Runner.Read(OnlyTheFirstReport().Replace("nature: 追尾", "nature: " + new string('长', limit), StringComparison.Ordinal), "ok.yaml")
            .Incident.Nature.Should().HaveLength(limit);
    }

    [Fact]
    public void Read_APlaceLongerThanTheApiTakes_IsRefusedAtItsLine()
    {
        var limit = EmergencyPlans.Application.Incidents.OpenIncidentValidator.PlaceMaxLength;
        var yaml = OnlyTheFirstReport().Replace("nature: 追尾", "nature: 追尾\n  place: " + new string('路', limit + 1), StringComparison.Ordinal);

        var problem = Support.Drills.Problems(yaml).Should().ContainSingle().Subject;

        problem.Line.Should().Be(LineOf(yaml, "place:"));
        problem.Message.Should().Contain($"最多 {limit} 个");
    }
}
