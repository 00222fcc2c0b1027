using EmergencyPlans.Drills.Tests.Support;

namespace EmergencyPlans.Drills.Tests;

/// <summary>The real CLI, started as a process: its exit codes (0 passed, 1 expectation not met, 2 invalid input, 64 usage, 66 no such file) and output.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("drill-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The plan files copied into a folder of this test's own, to break one of them.</summary>
    private string CopyOfThePlans()
    {
        var plans = Directory.CreateDirectory(Path.Combine(_dir, "plans")).FullName;
        foreach (var file in Directory.GetFiles(Paths.Plans, "*.json"))
        {
            File.Copy(file, Path.Combine(plans, Path.GetFileName(file)));
        }

        return plans;
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task DrillRun_SampleThatMeetsItsExpectations_Exits0AndWritesTheReports()
    {
        var html = Path.Combine(_dir, "report.html");
        var md = Path.Combine(_dir, "report.md");

        var (exit, stdout, stderr) = await Processes.CliAsync(_dir, "drill", "run", Path.Combine(Paths.SampleDrills, "construction-tower-crane.yaml"), "--html", html, "--markdown", md);

        exit.Should().Be(0, stderr);
        stdout.Should().StartWith("# 演练评估报告：").And.Contain("**总体结论：通过**");
        stderr.Should().Contain("演练结论：通过（8/8 项预期通过");
        (await File.ReadAllTextAsync(md)).Should().Be(stdout);
        (await File.ReadAllTextAsync(html)).Should().StartWith("<!DOCTYPE html>");
        Directory.Exists(Path.Combine(_dir, "data")).Should().BeFalse("a drill never opens the real store");
    }

    [Fact]
    public async Task DrillRun_ReportIntoAFolderThatDoesNotExist_Exits73BeforeRunning_NotAnInternalError()
    {
        var html = Path.Combine(_dir, "no-such-folder", "report.html");

        var (exit, stdout, stderr) = await Processes.CliAsync(_dir, "drill", "run", Path.Combine(Paths.SampleDrills, "construction-tower-crane.yaml"), "--html", html);

        exit.Should().Be(73, stderr);
        stderr.Should().Contain($"无法写入报告 {html}").And.Contain("不存在").And.NotContain("内部错误").And.NotContain("   at ");
        stdout.Should().BeEmpty("the drill is not run when its report cannot be written");
    }

    [Fact]
    public async Task DrillRun_ReportPathThatIsAFolder_Exits73AfterPrintingTheVerdict()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir, "report.md")).FullName;

        var (exit, stdout, stderr) = await Processes.CliAsync(_dir, "drill", "run", Path.Combine(Paths.SampleDrills, "construction-tower-crane.yaml"), "--markdown", folder);

        exit.Should().Be(73, stderr);
        stdout.Should().StartWith("# 演练评估报告：", "the report still reaches the terminal");
        stderr.Should().Contain("演练结论：通过").And.Contain($"无法写入报告 {folder}").And.NotContain("内部错误");
    }

    [Fact]
    public async Task DrillRun_StandardOutputOnAFullDisk_Exits73SayingSo_NotAnInternalError()
    {
        var (exit, _, stderr) = await Processes.CliOntoAFullDiskAsync(_dir, "drill", "run", Path.Combine(Paths.SampleDrills, "construction-tower-crane.yaml"));

        exit.Should().Be(73, stderr);
        stderr.Should().Contain("无法写出标准输出").And.Contain("磁盘已满").And.NotContain("内部错误").And.NotContain("   at ");
    }

    [Fact]
    public async Task DrillRun_ExpectationNotMet_Exits1()
    {
        var script = Write("late.yaml", Support.Drills.Road("""
              - at: "00:45"
                by: duty
                kind: fulfil-duty
                duty: phone-report-to-city
            """, """
              - id: E1
                kind: duty-on-time
                duty: phone-report-to-city
            """));

        var (exit, stdout, stderr) = await Processes.CliAsync(_dir, "drill", "run", script);

        exit.Should().Be(1);
        stdout.Should().Contain("**总体结论：未通过**").And.Contain("| 迟报 |");
        stderr.Should().Contain("未通过（0/1");
        stderr.Should().EndWith("\n", "the conclusion is a line of its own: the shell's prompt does not follow it on the same line");
    }

    [Fact]
    public async Task DrillRunAndValidate_InvalidScript_Exit2NamingTheLine()
    {
        var script = Write("bad.yaml", Support.Drills.Road("", "").Replace("role: deputy-commander", "role: mayor", StringComparison.Ordinal));
        var line = File.ReadAllLines(script).Select((l, i) => (l, i)).First(x => x.l.Contains("mayor", StringComparison.Ordinal)).i + 1;

        var run = await Processes.CliAsync(_dir, "drill", "run", script);
        var validate = await Processes.CliAsync(_dir, "drill", "validate", script);

        foreach (var (exit, stdout, stderr) in new[] { run, validate })
        {
            exit.Should().Be(2);
            stdout.Should().BeEmpty();
            stderr.Should().Contain($"bad.yaml:{line}: 未知角色 'mayor'");
        }
    }

    [Fact]
    public async Task DrillBench_ScriptThatDecodesButIsInvalid_AnswersAsDrillValidate_Exit2NamingTheLine_NotAnInternalError()
    {
        // An unknown role, and an action written before the one above it (time going backwards).
        var unknownRole = Write("role.yaml", Support.Drills.Road("", "").Replace("role: deputy-commander", "role: mayor", StringComparison.Ordinal));
        var backwards = Write("backwards.yaml", Support.Drills.TimeGoesBack);
        var backwardsLine = File.ReadAllLines(backwards).Select((l, i) => (l, i)).First(x => x.l.Contains("\"00:20\"", StringComparison.Ordinal)).i + 1;

        foreach (var (script, expected) in new[] { (unknownRole, "未知角色 'mayor'"), (backwards, $"backwards.yaml:{backwardsLine}: 时间倒流") })
        {
            var bench = await Processes.CliAsync(_dir, "drill", "bench", "--script", script, "--runs", "1");
            var validate = await Processes.CliAsync(_dir, "drill", "validate", script);

            bench.Exit.Should().Be(2, bench.Err);
            bench.Err.Should().Contain(expected).And.NotContain("内部错误").And.NotContain("   at ");
            bench.Out.Should().BeEmpty("nothing was measured");
            (bench.Exit, bench.Err).Should().Be((validate.Exit, validate.Err), "the same answer as drill validate, word for word");
        }
    }

    [Fact]
    public async Task DrillValidate_ValidScript_Exits0()
    {
        var (exit, stdout, stderr) = await Processes.CliAsync(_dir, "drill", "validate", Path.Combine(Paths.SampleDrills, "natural-disaster-rainstorm.yaml"));

        exit.Should().Be(0, stderr);
        stdout.Should().Contain("脚本有效").And.Contain("natural-disaster");
    }

    [Fact]
    public async Task DrillValidate_ActionThatRecordsADutyBeforeItIsOwed_IsAWarningNamingItsLine_TheScriptStillValid_Exit0()
    {
        // R 5.1.1 "市委、市政府要求核实的道路交通安全突发事件信息,必须在30分钟内报告": owed from the city's request, not before. The script has the
        // duty officer answer at +00:20, the request injected at +00:30: drill run refuses it as not owed yet; drill validate said the
        // script was fine.
        var script = Write("early.yaml", Support.Drills.Road("""
              - at: "00:20"
                by: duty
                kind: fulfil-duty
                duty: verify-on-request
            """, "", injects: """
              - {at: "00:30", kind: city-request, text: 市政府要求核实伤亡人数}
            """));
        var line = File.ReadAllLines(script).Select((l, i) => (l, i)).First(x => x.l.Contains("\"00:20\"", StringComparison.Ordinal)).i + 1;

        var validate = await Processes.CliAsync(_dir, "drill", "validate", script);
        var run = await Processes.CliAsync(_dir, "drill", "run", script);

        validate.Exit.Should().Be(0, validate.Err);
        validate.Out.Should().Contain("脚本有效").And.Contain("1 条警告");
        var warning = validate.Err.Split('\n').Should().ContainSingle(l => l.StartsWith($"early.yaml:{line}: 警告：", StringComparison.Ordinal)).Subject;
        warning.Should().Contain("此时尚未产生该职责").And.Contain("要求核实").And.Contain("被拒绝").And.NotContain("verify-on-request");
        // The same judgement as the run's, from the same code: its 问题与纠正措施 says it in the same words.
        run.Exit.Should().Be(0, run.Err);
        run.Out.Should().Contain(warning[(warning.IndexOf("警告：", StringComparison.Ordinal) + 3)..warning.IndexOf("（运行时", StringComparison.Ordinal)]);
    }

    [Fact]
    public async Task DrillValidate_Samples_GiveNoWarning()
    {
        foreach (var sample in Directory.GetFiles(Paths.SampleDrills, "*.yaml").Order(StringComparer.Ordinal))
        {
            var (exit, stdout, stderr) = await Processes.CliAsync(_dir, "drill", "validate", sample);

            exit.Should().Be(0, stderr);
            stdout.Should().Contain("脚本有效").And.NotContain("警告");
            stderr.Should().BeEmpty();
        }
    }

    [Fact]
    public async Task Drill_MissingFile_Exits66AndUnknownCommand_Exits64()
    {
        var missing = await Processes.CliAsync(_dir, "drill", "run", Path.Combine(_dir, "nope.yaml"));
        var usage = await Processes.CliAsync(_dir, "drill", "fly");

        missing.Exit.Should().Be(66);
        missing.Err.Should().Contain("找不到演练脚本");
        usage.Exit.Should().Be(64);
        usage.Err.Should().Contain("fly");
    }

    [Fact]
    public async Task UsageErrors_AreSaidInChinese_WithoutTheEnglishFullStop()
    {
        var none = await Processes.CliAsync(_dir);
        var unknown = await Processes.CliAsync(_dir, "assess", "--plan", "road-traffic", "--judgements");

        none.Exit.Should().Be(64);
        none.Err.Should().StartWith("未提供必需的命令。" + Environment.NewLine).And.Contain("用法：emergencyplans --help");
        unknown.Exit.Should().Be(64);
        unknown.Err.Should().StartWith("未识别命令或参数“'--judgements'”" + Environment.NewLine);
    }

    [Fact]
    public async Task Assess_FiguresOnTheCommandLine_PrintsTheDecisionCardInChinese()
    {
        // Road 1.5(3) 3人以上10人以下死亡 → 较大; 5.3.2(1) → Ⅱ级, activated by 市指挥部指挥长或副指挥长 (5.3.2).
        var (exit, stdout, stderr) = await Processes.CliAsync(_dir, "assess", "--plan", "road-traffic", "--at", "2026-03-01T08:00:00+08:00",
            "--figure", "deaths=3", "--figure", "missing=0", "--figure", "seriousInjuries=0", "--figure", "directLossWan=10");

        exit.Should().Be(0, stderr);
        stdout.Should().Contain("突发事件等级：较大", "R 5.1.1 初步判定突发事件等级: the road plan's word for the grade").And.Contain("响应级别：Ⅱ级").And.Contain("启动权限：市指挥部指挥长或副指挥长（5.3.2）")
            .And.Contain("  向市委、市政府电话报告，03-01 08:30 前——较大以上或暂时无法判明等级的道路交通安全突发事件,各级各部门须在事发后30分钟内向市委、市政府电话报告有关情况（5.1.1）");
    }

    [Fact]
    public async Task Assess_AnExpresswayAccident_TheCardSaysTheExpresswayPlanLeads_AndAsksOfTheOilAndGasOne()
    {
        // Road 1.4 "高速公路上发生以上情形的按照《晋城市境内高速公路交通安全属地救援应急预案》执行；石油、天然气、煤层气公路运输事故……按照
        // 《晋城市石油（天然气）煤层气公路运输事故应急预案》执行，本预案作为配合预案执行".
        var (exit, stdout, stderr) = await Processes.CliAsync(_dir, "assess", "--plan", "road-traffic", "--at", "2026-03-01T08:00:00+08:00",
            "--figure", "deaths=3", "--figure", "missing=0", "--figure", "seriousInjuries=0", "--figure", "onExpressway=true");

        exit.Should().Be(0, stderr);
        stdout.Should().Contain("主导预案：按《晋城市境内高速公路交通安全属地救援应急预案》执行，本预案作为配合预案执行（发生在高速公路上；1.4）")
            .And.Contain("是否石油、天然气、煤层气公路运输事故：未报；若是，按《晋城市石油（天然气）煤层气公路运输事故应急预案》执行，本预案作为配合预案执行（1.4）")
            .And.Contain("响应级别：Ⅱ级", "5.3.2(1): this plan's own reading stands beside the leading plan")
            .And.Contain("现场指挥：市道路交通安全应急救援现场指挥部（现场指挥长由市指挥部指挥长担任，或由市指挥部临时任命）（2.4：", "2.4 with 5.3.2 响应措施(1) at Ⅱ");
    }

    [Fact]
    public async Task Assess_RoadConditions_TheCardSaysTheWarningInChinese_AndOneTheUnreportedTownshipsLeaveOpen()
    {
        // Road 4.3.2(1) "能见度 ≤ 20 米的浓雾" → 二级(橙色), approved by 市指挥部指挥长 (4.4.1). The card printed "预警：orange", and the
        // command took no observations at all, so it could not say one.
        var orange = await Processes.CliAsync(_dir, "assess", "--plan", "road-traffic", "--at", "2026-03-01T08:00:00+08:00",
            "--condition", "visibilityMetres=20", "--condition", "visibilityCause=fog");
        // 4.3.3(1) "能见度 ≤ 50 米…大雾…且涉及四个以上乡(镇)的": 40 米 reported, the 乡(镇) not.
        var open = await Processes.CliAsync(_dir, "assess", "--plan", "road-traffic", "--at", "2026-03-01T08:00:00+08:00",
            "--condition", "visibilityMetres=40", "--condition", "townshipsAffected=unknown");

        orange.Exit.Should().Be(0, orange.Err);
        orange.Out.Should().Contain("预警：橙色预警，由 ").And.NotContain("orange");
        open.Exit.Should().Be(0, open.Err);
        open.Out.Should().NotContain("预警：").And.Contain("尚不能判断的预警（条件未报全）：\n  涉及乡(镇)数未报：若涉及4个以上乡(镇)，应发布黄色预警（4.3.3(1)）");
    }

    [Fact]
    public async Task Assess_VisibilityCause_ASandstormIsYellowAtMost_AndAnUnstatedCauseLeavesTheRedOfFogOpen()
    {
        // R 4.3.1(1) "能见度 ≤ 10 米的浓雾" is red; 4.3.3(1) "能见度 ≤ 50 米的特强沙尘暴或者大雾……且涉及四个以上乡(镇)的" is the only rule of a
        // sandstorm (ADR 0003 #39). The command took no cause, and 10 米 of sandstorm was red.
        var sandstorm = await Processes.CliAsync(_dir, "assess", "--plan", "road-traffic", "--at", "2026-03-01T08:00:00+08:00",
            "--condition", "visibilityMetres=10", "--condition", "visibilityCause=sandstorm", "--condition", "townshipsAffected=4");
        var unstated = await Processes.CliAsync(_dir, "assess", "--plan", "road-traffic", "--at", "2026-03-01T08:00:00+08:00",
            "--condition", "visibilityMetres=10", "--condition", "visibilityCause=unknown", "--condition", "townshipsAffected=4");

        sandstorm.Exit.Should().Be(0, sandstorm.Err);
        sandstorm.Out.Should().Contain("预警：黄色预警，由 ").And.NotContain("红色预警");
        unstated.Exit.Should().Be(0, unstated.Err);
        unstated.Out.Should().Contain("预警：黄色预警，由 ").And.Contain("能见度降低的原因未报：若为浓雾，应发布红色预警（4.3.1(1)）");
    }

    [Theory]
    [InlineData("visibility=40", "没有名为 'visibility' 的观测")]
    [InlineData("visibilityMetres=很低", "visibilityMetres（能见度）的值应为数字（未知的写 unknown），不是 '很低'")]
    [InlineData("townshipsAffected=4.5", "townshipsAffected（涉及乡(镇)数）的值应为整数")]
    // R 4.3.1(1) 浓雾, 4.3.3(1) 特强沙尘暴或者大雾: the cause is one of the two, named as people know them (the API's validator).
    [InlineData("visibilityCause=霾", "能见度降低的原因（visibilityCause）应为以下之一：fog（浓雾、大雾）、sandstorm（沙尘暴）")]
    public async Task Assess_ABadCondition_Exits2SayingWhichAndWhy(string pair, string said)
    {
        var (exit, _, stderr) = await Processes.CliAsync(_dir, "assess", "--plan", "road-traffic", "--at", "2026-03-01T08:00:00+08:00", "--condition", pair);

        exit.Should().Be(2, "an invalid input, as a bad --figure or --judgement");
        stderr.Should().Contain(said);
    }

    [Fact]
    public async Task Assess_NoFigures_TheCardSaysTheGradeCannotBeJudgedYet_AndCitesNoUnknownBand()
    {
        // R 5.1.1 "较大以上或暂时无法判明等级的道路交通安全突发事件……30分钟内……电话报告": with nothing reported the card said
        // "依据 1.5(4)：造成3人以下死亡" (and 10人以下重伤, 1000万元以下直接经济损失), figures nobody had given.
        var (exit, stdout, stderr) = await Processes.CliAsync(_dir, "assess", "--plan", "road-traffic", "--at", "2026-03-01T08:00:00+08:00");

        exit.Should().Be(0, stderr);
        stdout.Should().Contain("突发事件等级：暂时无法判明（定级所需数字均未知，最高可能 特别重大；按 较大 报告）\n")
            .And.NotContain("依据 1.5(4)").And.NotContain("造成3人以下死亡");
    }

    [Fact]
    public async Task Assess_NaturalDisasterBelowIV_WithFiguresUnknown_TheCardDoesNotSayItIsSettled()
    {
        // N 5.4.1 lists what starts Ⅳ (死亡和失踪 5 人以上…, 紧急转移安置…); with 3 dead and the rest unknown the level is not yet
        // reached on what is known, and could be up to Ⅰ. The headline said "未达到启动条件" as if settled (a natural-disaster
        // duty officer's review).
        var (exit, stdout, stderr) = await Processes.CliAsync(_dir, "assess", "--plan", "natural-disaster", "--at", "2026-03-01T08:00:00+08:00",
            "--figure", "deaths=3");

        exit.Should().Be(0, stderr);
        stdout.Should().Contain("响应级别：暂未达到启动条件（数字不全，最高可能 Ⅰ级）\n").And.Contain("  按已知数字未达到 5.4.1 所列任一情形：");
    }

    [Fact]
    public async Task Assess_NaturalDisasterWithoutADeclaredGrade_TheCardSaysWhatADeclared重大WouldAdd()
    {
        // N 4.1.3 "接到重特大自然灾害事件报告后…第一时间…报告"; 4.1.5 24小时零报告: owed once the 灾害等级 is declared 重大 or above.
        var (exit, stdout, stderr) = await Processes.CliAsync(_dir, "assess", "--plan", "natural-disaster", "--at", "2026-03-01T08:00:00+08:00",
            "--figure", "deaths=60", "--figure", "missing=0");

        exit.Should().Be(0, stderr);
        stdout.Should().Contain("灾害等级尚未认定；认定为重大或特别重大时还须：\n").And.Contain("（4.1.5）");
    }

    [Fact]
    public async Task Assess_DroughtShareRule_SaysTheAgriculturalPopulationItWasMetOnIsProvisional()
    {
        // N 5.3.1(4) "需政府救助人数占该市农业人口 15% 以上 20% 以下": the city file's 本市农业人口 (80万) is derived, marked provisional; the
        // card cited the share as met without saying on which figure (a natural-disaster duty officer's review).
        var (exit, stdout, stderr) = await Processes.CliAsync(_dir, "assess", "--plan", "natural-disaster", "--at", "2026-03-01T08:00:00+08:00",
            "--figure", "droughtAidPeople=130000");

        exit.Should().Be(0, stderr);
        // One threshold with 5.3.1(4)'s head count (12 万人以上 16 万人以下) while the population is derived: cited once, the share in its note (ADR 0003 #88).
        stdout.Should().Contain("“干旱灾害造成缺粮或缺水等生活困难,需政府救助人数占该市农业人口 15% 以上 20% 以下”为同一门槛（本市农业人口按80万人计，暂定：");
    }

    [Fact]
    public async Task Help_ListsTheExitCodes_TellingAStoreToRetryFromASettingToChange()
    {
        // 74 (retry once the store is fixed) and 78 (change the setting: the service refuses to start on the same store) were listed
        // only in docs/drills.md; a person at the terminal reads --help.
        var (exit, stdout, stderr) = await Processes.CliAsync(_dir, "--help");

        exit.Should().Be(0, stderr);
        stdout.Should().Contain("退出码").And.Contain("74 数据库暂不可用").And.Contain("78 设置有误").And.Contain("架构比本程序新").And.Contain("75 数据库正被占用");
    }

    [Fact]
    public async Task Assess_Help_NamesEveryFigureWithItsChineseLabel()
    {
        // The help said "名称见 FigureCatalog", a class of the code a facilitator cannot look up.
        var (exit, stdout, stderr) = await Processes.CliAsync(_dir, "assess", "--help");

        exit.Should().Be(0, stderr);
        stdout.Should().NotContain("FigureCatalog").And.Contain("deaths（").And.Contain("relocated").And.Contain("disruptedCounties（");
        // The judgements by the contract's names with their Chinese, as the API's "judgements" takes them.
        stdout.Should().Contain("--judgement").And.Contain("exceedsCountyCapacity（").And.Contain("decidedBy（");
    }

    [Fact]
    public async Task Assess_Judgement_ExceedsCountyCapacity_TheRoadLevelIsII_AsTheServiceSays()
    {
        // R 5.3.2 启动条件 "(4)超出事发地县(市、区)人民政府应急处置能力的道路交通安全突发事件" → Ⅱ级 whatever the figures (1 dead: 5.3.3(1) Ⅲ);
        // a human judgement (R6), so whose it is goes with it. The command line had no way to give it.
        string[] figures = ["assess", "--plan", "road-traffic", "--at", "2026-03-01T08:00:00+08:00", "-f", "deaths=1", "-f", "missing=0", "-f", "seriousInjuries=0", "-f", "directLossWan=10"];
        var without = await Processes.CliAsync(_dir, figures);
        var with = await Processes.CliAsync(_dir, [.. figures, "--judgement", "exceedsCountyCapacity=true", "-j", "decidedBy=市指挥部办公室", "-j", "reason=县级力量不足"]);
        var json = await Processes.CliAsync(_dir, [.. figures, "-j", "exceedsCountyCapacity=true", "-j", "decidedBy=市指挥部办公室", "--json"]);

        without.Exit.Should().Be(0, without.Err);
        without.Out.Should().Contain("响应级别：Ⅲ级");
        with.Exit.Should().Be(0, with.Err);
        with.Out.Should().Contain("响应级别：Ⅱ级").And.Contain("5.3.2(4)");
        // The card says what was judged and by whom (R6), so the raised level is read with the decision behind it.
        with.Out.Should().Contain("研判（市指挥部办公室）：超出事发地县(市、区)人民政府处置能力：是；理由：县级力量不足");
        without.Out.Should().NotContain("研判（");
        json.Exit.Should().Be(0, json.Err);
        using var card = System.Text.Json.JsonDocument.Parse(json.Out);
        card.RootElement.GetProperty("response").GetProperty("level").GetString().Should().Be("II");
    }

    [Fact]
    public async Task Assess_Judgements_TheTextCardAndTheJsonCardSayTheSame_FalseOnesAndTheHeadquartersLevelIncluded()
    {
        // R 5.3.2 "(5)市指挥部认为需要启动Ⅱ级响应的其他情形"; a judgement stated false (依靠事发地县(市、区)人民政府可以应对处置：否) is a
        // person's judgement too (R6). The text card's 研判 line is read from the JSON card's judgements: both say the same.
        string[] args = ["assess", "--plan", "road-traffic", "--at", "2026-03-01T08:00:00+08:00", "-f", "deaths=1", "-f", "missing=0",
            "-j", "countyCanHandle=false", "-j", "headquartersLevel=II", "-j", "decidedBy=市指挥部", "-j", "reason=节日客流高峰"];
        var text = await Processes.CliAsync(_dir, args);
        var json = await Processes.CliAsync(_dir, [.. args, "--json"]);

        text.Exit.Should().Be(0, text.Err);
        text.Out.Should().Contain("研判（市指挥部）：依靠事发地县(市、区)人民政府可以应对处置：否；市指挥部认为需要启动Ⅱ级响应的其他情形（5.3.2(5)）；理由：节日客流高峰\n");
        json.Exit.Should().Be(0, json.Err);
        using var card = System.Text.Json.JsonDocument.Parse(json.Out);
        var judgements = card.RootElement.GetProperty("judgements");
        judgements.GetProperty("decidedBy").GetString().Should().Be("市指挥部");
        judgements.GetProperty("reason").GetString().Should().Be("节日客流高峰");
        judgements.GetProperty("headquartersLevel").GetString().Should().Be("II");
        judgements.GetProperty("given")[0].GetProperty("name").GetString().Should().Be("countyCanHandle");
        judgements.GetProperty("given")[0].GetProperty("value").GetBoolean().Should().BeFalse();
        card.RootElement.GetProperty("response").GetProperty("because").EnumerateArray()
            .Single(b => b.GetProperty("clause").GetString() == "5.3.2(5)").GetProperty("judgedBy").GetString().Should().Be("市指挥部");
    }

    [Theory]
    // A judgement is true or false (the API takes a JSON boolean): "yes" is neither.
    [InlineData("exceedsCountyCapacity=yes", "exceedsCountyCapacity（超出事发地县(市、区)人民政府处置能力）的值应为 true 或 false")]
    // R6: a judgement is a human decision, so the record says whose (the API's validator, the same words).
    [InlineData("exceedsCountyCapacity=true", "给出研判时须写明决定者 decidedBy")]
    [InlineData("headquartersLevel=V", "headquartersLevel 应为 I、II、III、IV 之一")]
    [InlineData("exceedsProvinceCapacity=true", "没有名为 'exceedsProvinceCapacity' 的研判项")]
    [InlineData("exceedsCountyCapacity", "应写成 名称=值")]
    public async Task Assess_BadJudgement_IsRefusedInChinese_WithExitCode2(string judgement, string said)
    {
        var (exit, stdout, stderr) = await Processes.CliAsync(_dir, "assess", "--plan", "road-traffic", "--at", "2026-03-01T08:00:00+08:00",
            "-f", "deaths=1", "--judgement", judgement);

        exit.Should().Be(2, stdout);
        stderr.Should().Contain(said);
        stdout.Should().BeEmpty("nothing is assessed on a refused input");
    }

    [Fact]
    public async Task Assess_JudgementGivenTwice_IsRefused_WhichOneWasMeantIsNotOursToGuess()
    {
        var (exit, _, stderr) = await Processes.CliAsync(_dir, "assess", "--plan", "road-traffic", "-j", "exceedsCountyCapacity=true",
            "-j", "exceedsCountyCapacity=false", "-j", "decidedBy=市指挥部办公室");

        exit.Should().Be(2);
        stderr.Should().Contain("--judgement exceedsCountyCapacity 给了两次");
    }

    [Fact]
    public async Task Assess_CardSaysEachDutyInThePlansWords_OnlyTheJsonKeepsTheCodes()
    {
        // R 5.1.1 "较大以上…须在事发后30分钟内向市委、市政府电话报告有关情况,1小时以内向市委、市政府书面报告简要情况";
        // 5.1.2 "较大以上道路交通安全突发事件每日至少续报1次". A duty officer reads those words, not phone-report-to-city.
        string[] args = ["assess", "--plan", "road-traffic", "--at", "2026-03-01T08:00:00+08:00", "-f", "deaths=3", "-f", "missing=0", "-f", "seriousInjuries=0", "-f", "directLossWan=10"];
        var card = await Processes.CliAsync(_dir, args);
        var json = await Processes.CliAsync(_dir, [.. args, "--json"]);

        card.Exit.Should().Be(0, card.Err);
        card.Out.Should().Contain("应履行的职责：\n").And.Contain("""
              向市委、市政府电话报告，03-01 08:30 前——较大以上或暂时无法判明等级的道路交通安全突发事件,各级各部门须在事发后30分钟内向市委、市政府电话报告有关情况（5.1.1）
              向市委、市政府书面报告，03-01 09:00 前——1小时以内向市委、市政府书面报告简要情况（5.1.1）
            """).And.Contain("  向市委、市政府续报，03-02 08:00 前，每日——较大以上道路交通安全突发事件每日至少续报1次（5.1.2）");
        card.Out.Should().NotContainAny("phone-report-to-city", "written-report-to-city", "continuation-report", "-report", "-to-");

        json.Exit.Should().Be(0, json.Err);
        json.Out.Should().Contain("\"code\": \"phone-report-to-city\"").And.Contain("\"code\": \"written-report-to-city\"")
            .And.Contain("\"code\": \"continuation-report\"").And.NotContain("应履行的职责");
    }

    [Fact]
    public async Task Assess_CardSaysInChineseWhatMoreWouldChangeAndHowOftenToReport()
    {
        // Road 1.5(2) 重大: "造成10人以上30人以下死亡"; 5.1.1 重大及以上 "立即向上级值班室直报简要情况…报告时间不得晚于事发后30分钟";
        // 5.1.2 "较大以上…每日至少续报1次". With 3 dead and none missing, 7 more deaths reach 重大. (With the missing unknown, they could be
        // among the dead: the card names 失联 among the unknowns instead, DOMAIN R3.)
        var (exit, stdout, stderr) = await Processes.CliAsync(_dir, "assess", "--plan", "road-traffic", "--at", "2026-03-01T08:00:00+08:00",
            "--figure", "deaths=3", "--figure", "missing=0");

        exit.Should().Be(0, stderr);
        stdout.Should().Contain("""
            临近阈值：
              死亡再增加7人 → 重大（1.5(2)）：30分钟内向上级值班室直报；随即向上级值班室书面报告；每4小时续报1次,特殊情况每2小时续报1次
              死亡或失联再增加7人 → Ⅰ级响应（5.3.1(1)）：启动权限：市指挥部指挥长
            未知且可能提高突发事件等级的数字或情况：重伤、直接经济损失（万元）
            未知且可能提高响应级别的数字或情况：重伤、直接经济损失（万元）、
            """).And.Contain("  向市委、市政府续报，03-02 08:00 前，每日——较大以上道路交通安全突发事件每日至少续报1次（5.1.2）");
        stdout.Should().NotContain("direct-report-to-superior-duty-room", "the code is for machines: the --json newObligations keeps it");
        stdout.Should().NotContainAny(" more ", " within ", "P1D");
    }

    [Fact]
    public async Task Assess_NaturalDisasterCard_NamesMissingPeople失踪AsThePlanDoes_TheRoadCard失联()
    {
        // N 5.4.1(1) "死亡和失踪 5 人以上 10 人以下" → Ⅳ: with 3 dead and the missing unknown, 失踪 could raise the level.
        // R 5.3.2(1) "造成3人以上10人以下失联、死亡": the road plan's word is 失联.
        var natural = await Processes.CliAsync(_dir, "assess", "--plan", "natural-disaster", "--at", "2026-03-01T08:00:00+08:00", "--figure", "deaths=3");
        var road = await Processes.CliAsync(_dir, "assess", "--plan", "road-traffic", "--at", "2026-03-01T08:00:00+08:00", "--figure", "deaths=2");

        natural.Exit.Should().Be(0, natural.Err);
        natural.Out.Should().Contain("未知且可能提高响应级别的数字或情况：失踪、").And.NotContain("失联");
        road.Exit.Should().Be(0, road.Err);
        road.Out.Should().Contain("未知且可能提高突发事件等级的数字或情况：失联").And.NotContain("失踪");
    }

    [Fact]
    public async Task Assess_RoadCard_SaysWhoOwesADutyOutsideTheCityCommand()
    {
        // R 5.1.1 "获悉道路交通安全突发事件的单位、公民,立即拨打报警电话(122)": the card began its duties with 拨打报警电话(122)报告 and no subject,
        // read by the office as its own (a road duty officer's review); the city's own duties (各级各部门…向市委、市政府电话报告) say no one.
        var (exit, stdout, stderr) = await Processes.CliAsync(_dir, "assess", "--plan", "road-traffic", "--at", "2026-12-06T06:00:00+08:00",
            "-f", "deaths=2", "-f", "missing=0", "-f", "seriousInjuries=6");

        exit.Should().Be(0, stderr);
        stdout.Should().Contain("\n  获悉道路交通安全突发事件的单位、公民（非市级应急指挥机构及其办公室的职责）：拨打报警电话(122)报告，立即——")
            .And.Contain("\n  向市委、市政府电话报告，12-06 06:30 前——");
    }

    [Fact]
    public async Task Assess_ConstructionCard_TwelveTrapped_Puts较大涉险事故ToTheOffice_WithTheReportsAYesBrings()
    {
        // C 4.1(二) "建设工程事故或者较大涉险事故信息报送的起算时间为事故发生后……较大以上或暂时无法判明等级的建设工程事故,各级各部门须在事发后30分钟以内
        // 向市委、市政府电话报告有关情况,1小时以内向市委、市政府书面报告简要情况": the card said 一般（已确定） and the 1-hour report alone, and asked nothing.
        var (exit, stdout, stderr) = await Processes.CliAsync(_dir, "assess", "--plan", "construction", "--at", "2026-07-01T08:00:00+08:00",
            "-f", "deaths=0", "-f", "missing=0", "-f", "seriousInjuries=0", "-f", "directLossWan=0", "-f", "trapped=12", "-f", "endangered=0");

        exit.Should().Be(0, stderr);
        var lines = stdout.Split('\n');
        var question = Array.FindIndex(lines, l => l.StartsWith("待研判：", StringComparison.Ordinal));
        question.Should().BePositive(stdout);
        lines[question].Should().Be("待研判：是否属较大涉险事故（4.1(二)）——已报涉险、被困、失联共12人；若属，另须：");
        lines[question + 1].Should().StartWith("  向市委、市政府电话报告，07-01 08:30 前——");
        lines[question + 2].Should().StartWith("  向市委、市政府书面报告，07-01 09:00 前——");
    }

    [Fact]
    public async Task Assess_ConstructionCard_TrappedAndEndangeredUnknown_RaiseTheLevelNotTheSettledGrade()
    {
        // 条例第三条 grades on deaths, serious injuries and the loss (all 0 here: 一般, settled); 4.3.x(1)② "涉险、被困、失联" raise the
        // response level only. The card said 未知且可能提高等级的数字或情况：被困、涉险 under 事故等级：一般（已确定）.
        var (exit, stdout, stderr) = await Processes.CliAsync(_dir, "assess", "--plan", "construction", "--at", "2026-07-01T08:00:00+08:00",
            "-f", "deaths=0", "-f", "missing=0", "-f", "seriousInjuries=0", "-f", "directLossWan=0");

        exit.Should().Be(0, stderr);
        stdout.Should().Contain("事故等级：一般（已确定）").And.Contain("未知且可能提高响应级别的数字或情况：被困、涉险\n")
            .And.NotContain("可能提高事故等级").And.NotContain("可能提高等级");
        // C 4.2: who commands on site first, and the handover.
        stdout.Should().Contain("现场指挥（先期处置）：施工总承包单位项目负责人（现场抢险救援指挥的第一负责人）；其后上级指挥部（到达现场后由施工总承包单位项目主要负责人移交现场指挥权）（4.2）");
    }

    [Fact]
    public async Task Assess_NaturalDisasterCard_SaysTheDecisionInThePlansWords_AndThePreparationAndRaiseSuggestion()
    {
        // N 5.3.1(5) "市安委会认为需要启动Ⅲ级响应的其他事项" (the plan has no 指挥部); 5.5 "对……敏感地区、敏感时间……启动条件可酌情调整"
        // and 3 灾害救助准备 "(1)…(7)" were in --json only.
        var (exit, stdout, stderr) = await Processes.CliAsync(_dir, "assess", "--plan", "natural-disaster", "--at", "2026-07-01T08:00:00+08:00",
            "-f", "deaths=6", "-f", "missing=0", "-f", "relocated=0", "-f", "collapsedRooms=0", "-f", "collapsedHouseholds=0", "-f", "droughtAidPeople=0",
            "-j", "sensitiveAreaOrTime=true", "-j", "reliefPreparationNeeded=true", "-j", "headquartersLevel=III", "-j", "decidedBy=市安委会", "-j", "reason=汛期");

        exit.Should().Be(0, stderr);
        stdout.Should().Contain("市安委会认为需要启动Ⅲ级响应的其他事项（5.3.1(5)）").And.NotContain("指挥部认为")
            .And.Contain("可视情提高响应级别（建议，由有权者决定）：\n  ").And.Contain("（5.5）")
            .And.Contain("灾害救助准备（3，").And.Contain("\n  1. ");
    }

    [Fact]
    public async Task Assess_NaturalDisasterCard_SaysWhichGivenFiguresThePlanDoesNotGradeOn()
    {
        // N 5.4.1: "死亡和失踪…紧急转移安置…倒塌和严重损坏房屋…干旱": no hazmat release, no disrupted counties (the road plan's, R 5.3).
        // They are kept; the card says they decided nothing, so the officer does not believe they counted.
        string[] args = ["assess", "--plan", "natural-disaster", "--at", "2026-03-01T08:00:00+08:00", "-f", "deaths=3", "-f", "missing=0",
            "-f", "hazmatRelease=true", "-f", "disruptedCounties=泽州县,高平市"];
        var card = await Processes.CliAsync(_dir, args);
        var json = await Processes.CliAsync(_dir, [.. args, "--json"]);

        card.Exit.Should().Be(0, card.Err);
        card.Out.Should().Contain("""
            已记录但本预案不据以判定：
              危险化学品运输车辆泄漏、火灾、爆炸——本预案的分级条件不含此项：已记录，不影响判定
              交通受影响或中断的县（市、区）——本预案的分级条件不含此项：已记录，不影响判定
            """);
        json.Exit.Should().Be(0, json.Err);
        json.Out.Should().Contain("\"figuresNotUsed\"").And.Contain("\"name\": \"hazmatRelease\"");
    }

    [Fact]
    public async Task Assess_NaturalDisasterCard_SaysTheSetTimeLimitOf413AsThePlanDoes()
    {
        // N 4.1.3 "应在规定时限内向本级党委和政府及上级应急管理部门报告": the limit is set elsewhere; the card said 及时.
        var card = await Processes.CliAsync(_dir, "assess", "--plan", "natural-disaster", "--at", "2026-03-01T08:00:00+08:00", "-f", "deaths=5", "-f", "missing=0");

        card.Exit.Should().Be(0, card.Err);
        card.Out.Should().Contain("  向本级党委和政府及上级应急管理部门报告，规定时限内（本预案未写明）——市、县应急管理部门在接到灾害事件报告后,应在规定时限内");
    }

    [Fact]
    public async Task Assess_ConstructionCard_SaysADutyWhoseWordsCarryNoTimeWordAsSuch_Not及时()
    {
        // C 4.3.1(2) "市指挥部办公室接到事故报告,经预判后向市指挥部报告,提出启动Ⅲ级响应建议" and 4.1(一) "住房和城乡建设部门应当向上级部门
        // 报告建设工程事故,应同时报告同级党委和政府": no time word; the card said 及时.
        var card = await Processes.CliAsync(_dir, "assess", "--plan", "construction", "--at", "2026-03-01T08:00:00+08:00",
            "--figure", "deaths=1", "--figure", "missing=0", "--figure", "seriousInjuries=0");

        card.Exit.Should().Be(0, card.Err);
        card.Out.Should().Contain("向市指挥部报告,提出启动Ⅲ级响应建议，时限（本预案未写明）——市指挥部办公室接到事故报告,经预判后向市指挥部报告")
            .And.Contain("，时限（本预案未写明）——住房和城乡建设部门应当向上级部门报告建设工程事故");
    }

    [Fact]
    public async Task Assess_NaturalDisasterHint_Says失踪_AndTheJsonKeepsTheContractsName()
    {
        // N 5.4.1(1) "死亡和失踪 5 人以上": 3 dead, none missing → 2 more reach Ⅳ, counted together as the text counts them. With the
        // missing not reported the hint stays, counting the known part and saying the missing are unknown (unknown is not zero).
        var card = await Processes.CliAsync(_dir, "assess", "--plan", "natural-disaster", "--at", "2026-03-01T08:00:00+08:00", "-f", "deaths=3", "-f", "missing=0");
        var json = await Processes.CliAsync(_dir, "assess", "--plan", "natural-disaster", "--at", "2026-03-01T08:00:00+08:00", "-f", "deaths=3", "--json");
        var unknown = await Processes.CliAsync(_dir, "assess", "--plan", "natural-disaster", "--at", "2026-03-01T08:00:00+08:00", "-f", "deaths=3");

        card.Exit.Should().Be(0, card.Err);
        card.Out.Should().Contain("  死亡和失踪人数再增加2人 → Ⅳ级响应（5.4.1(1)）");
        unknown.Out.Should().Contain("  死亡和失踪人数再增加2人（失踪人数未知，按已知数字计） → Ⅳ级响应（5.4.1(1)）");
        json.Exit.Should().Be(0, json.Err);
        json.Out.Should().Contain("\"unknownsThatCouldRaise\": [").And.Contain("\"missing\"");
    }

    [Fact]
    public async Task Assess_NaturalDisasterBelowⅣ_SaysInChineseThatNoLevelIsReached_AndEachHintOnce()
    {
        // N 5.4.1 "本市行政区域内发生一次自然灾害过程,出现下列情况之一的,启动Ⅳ级响应": with none of (1)–(4) reached there is no city-level
        // response. (4) "需政府救助人数占本市农业人口 10% 以上 15% 以下,或 8 万人以上 12 万人以下" is two rules that need the same head count on the
        // derived population: one line (ADR 0003 #88). 10,000 people in need of aid: a drought, below Ⅳ.
        string[] args = ["assess", "--plan", "natural-disaster", "--at", "2026-03-01T08:00:00+08:00", "-f", "deaths=0", "-f", "missing=0", "-f", "relocated=0",
            "-f", "collapsedRooms=0", "-f", "collapsedHouseholds=0", "-f", "droughtAidPeople=10000"];
        var card = await Processes.CliAsync(_dir, args);
        var json = await Processes.CliAsync(_dir, [.. args, "--json"]);

        card.Exit.Should().Be(0, card.Err);
        card.Out.Should().Contain("响应级别：未达到启动条件\n  未达到 5.4.1 所列任一情形：本市行政区域内发生一次自然灾害过程,出现下列情况之一的,启动Ⅳ级响应\n");
        card.Out.Should().NotMatchRegex("[A-Za-z]{3,}", "the card is for people in Jincheng");
        var hints = card.Out.Split('\n').SkipWhile(l => l != "临近阈值：").Skip(1).TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal)).ToList();
        hints.Should().ContainSingle(l => l.Contains("因旱需政府救助人数再增加", StringComparison.Ordinal)).And.OnlyHaveUniqueItems();

        json.Exit.Should().Be(0, json.Err);
        json.Out.Should().Contain("\"title\": \"晋城市自然灾害救助应急预案\"", "the JSON is written as the other commands write theirs, Chinese as itself")
            .And.Contain("\"rule\": \"no-response\"");
    }

    [Theory]
    [InlineData("natural-disaster", "figures.missing：失踪（missing）不能为负数")]
    [InlineData("road-traffic", "figures.missing：失联（missing）不能为负数")]
    public async Task Assess_ANegativeMissingCount_IsRefusedInThePlansWord(string plan, string expected)
    {
        var (exit, stdout, stderr) = await Processes.CliAsync(_dir, "assess", "--plan", plan, "--at", "2026-03-01T08:00:00+08:00", "--figure", "missing=-1");

        exit.Should().Be(2, stdout);
        stderr.Should().Contain(expected);
    }

    [Fact]
    public async Task DrillRun_NaturalDisasterSample_ReportsItsInjectedMissingAs失踪()
    {
        // The rainstorm sample injects "missing: 3" (N 4.1.4 "遇有死亡和失踪人员相关信息"): the facilitator reads 失踪.
        var (exit, stdout, stderr) = await Processes.CliAsync(_dir, "drill", "run", Path.Combine(Paths.SampleDrills, "natural-disaster-rainstorm.yaml"));

        exit.Should().Be(0, stderr);
        stdout.Should().Contain("失踪 3人").And.NotContain("失联");
    }

    [Fact]
    public async Task Assess_ConstructionCard_ListsThePublicationsOf45InTheirOrder()
    {
        // C 4.5 "第一时间发布简要信息,随后发布初步核实情况、应对措施和公众防范措施等,并根据事件处置情况做好后续信息发布"
        // (随后 and 根据事件处置情况 state no time: items 2 and 3 read 时限（本预案未写明）, not 及时, ADR 0003 2026-12-05)
        var (exit, stdout, stderr) = await Processes.CliAsync(_dir, "assess", "--plan", "construction", "--at", "2026-03-01T08:00:00+08:00",
            "--figure", "deaths=1", "--figure", "missing=0", "--figure", "seriousInjuries=0");

        exit.Should().Be(0, stderr);
        stdout.Should().Contain("""
            信息发布（向社会，提示，不计时）：
              1. 市指挥部或其办公室：接报后立即——第一时间发布简要信息（4.5）
              2. 市指挥部或其办公室：第1项发布后，时限（本预案未写明）——随后发布初步核实情况、应对措施和公众防范措施等（4.5）
              3. 市指挥部或其办公室：第2项发布后，时限（本预案未写明），至终报——并根据事件处置情况做好后续信息发布（4.5）
            """);
    }

    [Fact]
    public async Task Assess_ConstructionCard_ListsTheMeasuresOfTheLevel_AtIWithIIsFirst()
    {
        // C 4.3.2(3) "①市指挥部指挥长、副指挥长赶赴现场或成立现场指挥部,加强现场指挥部力量。"; 4.3.3(3) "I 级响应启动后，在 II 级响应措施的基础上采取以下措施：
        // ①立即向市委、市政府、省住建部门及其他上级相关部门进行报告。" 3 dead → Ⅱ (4.3.2(1)①), 10 dead → Ⅰ (4.3.3(1)①).
        var (exit, stdout, stderr) = await Processes.CliAsync(_dir, "assess", "--plan", "construction", "--at", "2026-03-01T08:00:00+08:00",
            "-f", "deaths=3", "-f", "missing=0", "-f", "trapped=0", "-f", "endangered=0", "-f", "seriousInjuries=0", "-f", "directLossWan=0");

        exit.Should().Be(0, stderr);
        stdout.Should().Contain("""
            响应措施（视情采取，提示，不计时）：
              1. 市指挥部指挥长、副指挥长：市指挥部指挥长、副指挥长赶赴现场或成立现场指挥部,加强现场指挥部力量（4.3.2(3)①）
            """).And.Contain("  10. 市指挥部：积极贯彻落实市委、市政府和上级有关部门的决策部署，各级领导的指示、批示精神（4.3.2(3)⑩）\n信息发布");

        (exit, stdout, stderr) = await Processes.CliAsync(_dir, "assess", "--plan", "construction", "--at", "2026-03-01T08:00:00+08:00",
            "-f", "deaths=10", "-f", "missing=0", "-f", "trapped=0", "-f", "endangered=0", "-f", "seriousInjuries=0", "-f", "directLossWan=0");

        exit.Should().Be(0, stderr);
        stdout.Should().Contain("""
            响应措施（视情采取，提示，不计时）：
              依据 4.3.3(3)“I 级响应启动后，在 II 级响应措施的基础上采取以下措施”：第1–10项为Ⅱ级响应措施，第11–16项为Ⅰ级响应另采取的措施
              1. 市指挥部指挥长、副指挥长：
            """).And.Contain("  11. 市指挥部：立即向市委、市政府、省住建部门及其他上级相关部门进行报告（4.3.3(3)①）");
    }

    [Fact]
    public async Task Assess_UnknownFigure_Exits2NamingIt()
    {
        var (exit, _, stderr) = await Processes.CliAsync(_dir, "assess", "--plan", "road-traffic", "--figure", "dead=3");

        exit.Should().Be(2);
        stderr.Should().Contain("figures.dead").And.Contain("没有数字“dead”").And.NotContain("unknown figure");
    }

    [Theory]
    [InlineData("deaths=x", "figures.deaths：应为整数")]
    [InlineData("deaths=-1", "figures.deaths：死亡（deaths）不能为负数（不明时省略，或写 null；命令行写 unknown）")]
    [InlineData("disruptedCounties=太原市", "figures.disruptedCounties：本市没有县（市、区）“太原市”")]
    public async Task Assess_AFigureTheRulesRefuse_Exits2SayingWhyInChinese(string figure, string expected)
    {
        var (exit, stdout, stderr) = await Processes.CliAsync(_dir, "assess", "--plan", "road-traffic", "--figure", figure);

        exit.Should().Be(2, stdout);
        stderr.Should().Contain(expected);
        stdout.Should().NotContain("决策卡");
    }

    [Fact]
    public async Task Assess_AFigureGivenTwice_Exits2RatherThanPickingOne()
    {
        var (exit, stdout, stderr) = await Processes.CliAsync(_dir, "assess", "--plan", "construction", "-f", "deaths=1", "-f", "deaths=3");

        exit.Should().Be(2, stdout);
        stderr.Should().Contain("--figure deaths 给了两次");
        stdout.Should().NotContain("决策卡");
    }

    [Fact]
    public async Task PlansCheck_TheRepositoryPlans_Exit0()
    {
        var (exit, stdout, stderr) = await Processes.CliAsync(_dir, "plans", "check", Paths.Plans);

        exit.Should().Be(0, stderr);
        stdout.Should().Contain("晋市政办〔2025〕15号").And.Contain("晋市政办〔2025〕18号").And.Contain("晋市政办〔2026〕3号").And.Contain("预案文件有效");
    }

    [Fact]
    public async Task PlansDuties_ListsEachDutyByTheCodeAScriptUses_WithWhoToWhomWhenAndTheClause()
    {
        // R 5.1.1 "获悉道路交通安全突发事件的单位、公民,立即拨打报警电话(122)"; R 5.1.1 "发生一般等级的道路交通安全突发事件,各级各部门须在事发后
        // 1小时内向市委、市政府报告". A facilitator had only validate's list of codes to go by (exploratory review D4).
        var (exit, stdout, stderr) = await Processes.CliAsync(_dir, "plans", "duties", "road-traffic", "--plans", Paths.Plans);

        exit.Should().Be(0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().StartWith("晋城市道路交通安全应急预案（晋市政办〔2025〕18号）的报告职责");
        lines.Should().Contain("call-122\t获悉道路交通安全突发事件的单位、公民：立即拨打报警电话(122)报告（5.1.1）")
            .And.Contain("report-to-city\t各级各部门：1小时内向市委、市政府报告（5.1.1）");
    }

    [Fact]
    public async Task PlansDuties_OfTheNaturalDisasterPlan_NamesTheReportToTheDeputyDirectorIn542()
    {
        // N 5.4.2 启动程序: the Ⅳ activation is reported to 市安委会副主任(分管安全工作副市长); the code a script names it by is not guessable.
        var (exit, stdout, stderr) = await Processes.CliAsync(_dir, "plans", "duties", "natural-disaster", "--plans", Paths.Plans);

        exit.Should().Be(0, stderr);
        stdout.Should().Contain("activation-report-to-deputy\t").And.Contain("向市安委会副主任(分管安全工作副市长)报告").And.Contain("（5.4.2）");
    }

    [Fact]
    public async Task PlansDuties_SaysATimeWordOnce_AndCountsTheLinesItLists()
    {
        // N 5.6 "所涉及县(市、区)要立即启动自然灾害救助应急响应": said 立即立即启动; and the header counted codes (33) over 38 lines, the
        // 续报 of C 4.1(三) having a line per rule (a drill facilitator's review, session 60, F10).
        var (exit, stdout, stderr) = await Processes.CliAsync(_dir, "plans", "duties", "natural-disaster", "--plans", Paths.Plans);

        exit.Should().Be(0, stderr);
        stdout.Should().Contain("county-activate-response\t所涉及县(市、区)：立即启动自然灾害救助应急响应（5.6）").And.NotContain("立即立即");
        var lines = stdout.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var counted = System.Text.RegularExpressions.Regex.Match(lines[0], "共 (\\d+) 项");
        counted.Success.Should().BeTrue(lines[0]);
        int.Parse(counted.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture).Should().Be(lines.Length - 1, "the header counts the lines listed");
    }

    [Fact]
    public async Task PlansGuide_OfTheNaturalDisasterPlan_SaysItsFourLevelsAndDeciders_ItsEndProposal_AndThatItTakesNoRequestToVerify()
    {
        // N 5.4.2 "由市安委办主任决定启动Ⅳ级响应"; 5.3.2 "市安委办……向市安委会提出启动Ⅲ级响应的建议,市安委会副主任(分管安全工作副市长)决定启动Ⅲ级响应";
        // 2.2(2) 市安委办……提出自然灾害救助应急响应启动、终止建议. The plan has no 核实 on request and no arrival on site (drill review D14).
        var (exit, stdout, stderr) = await Processes.CliAsync(_dir, "plans", "guide", "natural-disaster", "--plans", Paths.Plans);

        exit.Should().Be(0, stderr);
        stdout.Should().Contain("decide-response 的 level：I、II、III、IV，亦可写作 Ⅰ、Ⅱ、Ⅲ、Ⅳ")
            .And.Contain("  Ⅳ级：市安委办主任（5.4.2）\n")
            .And.Contain("  Ⅲ级：市安委会副主任(分管安全工作副市长)（5.3.2）；由市安委办主任提出启动建议（action: propose，5.3.2）\n")
            // 5.2.2 "……向市安委会提出启动II级响应的建议,市安委会副主任(分管安全工作副市长)报主任决定" (review s61, ND-05).
            .And.Contain("  Ⅱ级：市安委会主任（5.2.2）；由市安委办主任提出启动建议（action: propose，5.2.2），市安委会副主任(分管安全工作副市长)将启动Ⅱ级响应的建议报市安委会主任决定"
                + "（职责 level-ii-proposal-to-director，5.2.2；市安委会主任决定或不同意启动即履行，也可由市安委会副主任(分管安全工作副市长)记录已报）\n")
            .And.Contain("市安委办主任先提出终止建议（action: propose，2.2(2)）")
            .And.Contain("  dispatch-order\t接到救灾物资调拨指令")
            .And.MatchRegex("本预案不适用[^\n]*city-request（市委、市政府要求核实事件信息）")
            .And.Contain("  本预案不设预警")
            .And.Contain("  activation-report-to-deputy\t");
        var roles = stdout[stdout.IndexOf("一、参演角色", StringComparison.Ordinal)..stdout.IndexOf("二、响应级别", StringComparison.Ordinal)];
        roles.Should().Contain("  duty-officer\t值班员").And.NotContain("feed").And.NotContain("drill", "the API's own roles take no part in a drill");
    }

    [Fact]
    public async Task PlansGuide_OfTheNaturalDisasterPlan_SaysThePerCountyDuties_AndOffersOnlyTheInjectsItTakes()
    {
        // N 5.6 (ADR 0003 #83): one instance per county, numbered in the order raised; hazmat, county-disrupted and city-request are refused
        // under this plan, yet the guide offered them (a drill facilitator's review, s63 D63-14).
        var (exit, stdout, stderr) = await Processes.CliAsync(_dir, "plans", "guide", "natural-disaster", "--plans", Paths.Plans);

        exit.Should().Be(0, stderr);
        stdout.Should().Contain("写 county: 县名，不写 #n").And.MatchRegex("    county-activate-response\t每个所涉及县（市、区）[^\n]*affectedCounties")
            .And.MatchRegex("    county-activation-report\t每个已启动县级响应的县（市、区）[^\n]*county-response-activated")
            .And.Contain("三、事件节点（record-clock-event 的 event；dispatch-order 也可作为导调组注入）");
        var injects = stdout[stdout.IndexOf("六、导调组注入", StringComparison.Ordinal)..];
        injects.Should().Contain("county-response-activated").And.Contain("figures").And.NotContain("hazmat").And.NotContain("county-disrupted").And.NotContain("city-request");
    }

    [Fact]
    public async Task PlansGuide_OfTheRoadPlan_SaysWhoApprovesEachColour_AndThatIIIIsDecidedWithoutAProposal()
    {
        // R 4.4.1: 一级(红色)预警报省人民政府或省人民政府授权的省有关部门批准; 二级(橙色) 市指挥部指挥长; 三级(黄色) 市指挥部副指挥长; 由市指挥部办公室发布.
        // 5.3.3 "由市指挥部办公室主任启动Ⅲ级应急响应" (no proposal); 5.7 "由相应启动应急响应的指挥机构宣布应急响应终止" (no proposal to end).
        var (exit, stdout, stderr) = await Processes.CliAsync(_dir, "plans", "guide", "road-traffic", "--plans", Paths.Plans);

        exit.Should().Be(0, stderr);
        stdout.Should().Contain("  red\t红色预警：由省人民政府或者省人民政府授权的省有关部门批准（4.4.1），市指挥部办公室发布")
            .And.Contain("  yellow\t黄色预警：由市指挥部副指挥长批准（4.4.1），市指挥部办公室发布")
            .And.Contain("  Ⅲ级：市指挥部办公室主任（5.3.3）\n")
            .And.Contain("本预案未规定提出终止建议（不可写 action: propose 或 decline）")
            .And.MatchRegex("本预案不适用[^\n]*command-handover");
    }

    [Fact]
    public async Task PlansGuide_OfTheConstructionPlan_TakesTheHandoverOfCommand_AndItsWarningsHaveNoColour()
    {
        // C 4.2 "向上级指挥部移交现场指挥权"; 3.2.2 gives warnings no colours.
        var (exit, stdout, stderr) = await Processes.CliAsync(_dir, "plans", "guide", "construction", "--plans", Paths.Plans);

        exit.Should().Be(0, stderr);
        stdout.Should().Contain("  command-handover\t现场指挥权移交").And.Contain("本预案的预警不分颜色（提请时不写 colour）")
            .And.Contain("  observer\t观察员（只读）：只观察，不参与处置");
    }

    [Theory]
    [InlineData("roads", null, "没有预案 'roads'，可用：construction、natural-disaster、road-traffic")]
    [InlineData("road-traffic", "2019-01-01T00:00:00+08:00", "没有施行中的版本")]
    [InlineData("road-traffic", "yesterday", "不是带时区的 ISO 8601 时间")]
    public async Task PlansDuties_AnUnknownPlanOrTime_Exit2SayingWhy(string plan, string? at, string said)
    {
        string[] args = at is null ? ["plans", "duties", plan, "--plans", Paths.Plans] : ["plans", "duties", plan, "--at", at, "--plans", Paths.Plans];

        var (exit, stdout, stderr) = await Processes.CliAsync(_dir, args);

        exit.Should().Be(2);
        stderr.Should().Contain(said);
        stdout.Should().BeEmpty();
    }

    [Fact]
    public async Task PlansCheck_DutiesSharingACodeDisagreeOnOutsideCommand_Exit2SayingSo()
    {
        // R 5.1.2 gives continuation-report twice (每日至少续报1次, 每4小时续报1次): one duty, one party; a drill must not count it at one level only.
        var plans = CopyOfThePlans();
        var road = Path.Combine(plans, "road-traffic.2025-18.json");
        var text = File.ReadAllText(road);
        var at = text.IndexOf("{\"code\": \"continuation-report\", \"reporter\": \"各级各部门\"", StringComparison.Ordinal);
        at.Should().BePositive();
        File.WriteAllText(road, text.Insert(text.IndexOf("\"reporter\"", at, StringComparison.Ordinal), "\"outsideCommand\": true, "));

        var (exit, stdout, _) = await Processes.CliAsync(_dir, "plans", "check", plans);

        exit.Should().Be(2);
        stdout.Should().Contain("continuation-report").And.Contain("“outsideCommand” 须一致");
    }

    [Fact]
    public async Task PlansCheck_BrokenPlanFiles_Exit2AndPrintEveryProblem()
    {
        var plans = CopyOfThePlans();

        // Two faults in two files: a misspelt key and an unknown role.
        var road = Path.Combine(plans, "road-traffic.2025-18.json");
        File.WriteAllText(road, File.ReadAllText(road).Replace("\"documentNumber\"", "\"documentNumbr\"", StringComparison.Ordinal));
        var construction = Path.Combine(plans, "construction.2025-15.json");
        File.WriteAllText(construction, File.ReadAllText(construction).Replace("\"office-director\"", "\"office-chief\"", StringComparison.Ordinal));

        var (exit, stdout, stderr) = await Processes.CliAsync(_dir, "plans", "check", plans);

        exit.Should().Be(2);
        stdout.Should().Contain("road-traffic.2025-18.json").And.Contain("construction.2025-15.json").And.Contain("office-chief");
        stderr.Should().Contain("预案文件有");

        // The editors read Chinese: each problem as file: rule: Chinese, and never the English the service logs.
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        var keyLine = File.ReadAllLines(road).Select((l, i) => (l, i)).First(x => x.l.Contains("\"documentNumbr\":", StringComparison.Ordinal));
        var afterColon = keyLine.l.IndexOf("\"documentNumbr\":", StringComparison.Ordinal) + "\"documentNumbr\":".Length;
        lines.Should().Contain(
            $"road-traffic.2025-18.json: $.documentNumbr: 不是有效的预案 JSON：读到 “$.documentNumbr”（第 {keyLine.i + 1} 行第 {afterColon + 1} 个字节）时出错。"
            + "请检查该处的语法（括号、引号、逗号）、字段名的拼写（是否为该处应有的字段）和值的类型");
        var unknownRole = $"未知角色 'office-chief'（可用：{string.Join("、", EmergencyPlans.Core.Domain.RoleCatalogue.Ids)}）";
        lines.Should().Contain($"construction.2025-15.json: level III: {unknownRole}").And.Contain($"construction.2025-15.json: warnings.ungraded: {unknownRole}");

        var problems = FluentActions.Invoking(() => EmergencyPlans.Core.Plans.PlanLoader.LoadDirectory(plans))
            .Should().Throw<EmergencyPlans.Core.Plans.PlanValidationException>().Which.Problems;
        lines.Should().Equal(problems.Select(p => $"{p.File}: {p.Rule}: {p.Chinese}"), "stdout is the problems, one Chinese line each");
        foreach (var p in problems)
        {
            lines.Should().NotContain(l => l.Contains(p.Problem, StringComparison.Ordinal), $"\"{p.Problem}\" is the log's English");
        }
    }

    [Fact]
    public async Task DrillValidateAndAssess_PlansThatDoNotLoad_Exit2WithEachProblemInChinese_NotACrash()
    {
        // A facilitator's plans folder with a broken file: the same Chinese lines as plans check, on stderr, and exit 2
        // (invalid input), never a stack trace with exit 1 (which would read as a drill that missed an expectation).
        var plans = CopyOfThePlans();

        var road = Path.Combine(plans, "road-traffic.2025-18.json");
        File.WriteAllText(road, File.ReadAllText(road).Replace("\"issued\": \"", "\"issued\": \"x", StringComparison.Ordinal));
        var problem = FluentActions.Invoking(() => EmergencyPlans.Core.Plans.PlanLoader.LoadDirectory(plans))
            .Should().Throw<EmergencyPlans.Core.Plans.PlanValidationException>().Which.Problems.Should().ContainSingle().Subject;

        var validate = await Processes.CliAsync(_dir, "drill", "validate", Path.Combine(Paths.SampleDrills, "natural-disaster-rainstorm.yaml"), "--plans", plans);
        var assess = await Processes.CliAsync(_dir, "assess", "--plan", "road-traffic", "--at", "2026-03-01T08:00:00+08:00", "--plans", plans);

        foreach (var (exit, _, stderr) in new[] { validate, assess })
        {
            exit.Should().Be(2, stderr);
            stderr.Should().Contain($"{problem.File}: {problem.Rule}: {problem.Chinese}").And.Contain("预案文件有 1 个问题")
                .And.NotContain("Unhandled exception").And.NotContain(problem.Problem);
        }
    }

    [Fact]
    public async Task DrillRun_PlansFolderMissing_Exits66AndSaysHowToNameIt()
    {
        var missing = Path.Combine(_dir, "no-plans-here");

        var (exit, _, stderr) = await Processes.CliAsync(_dir, "drill", "run", Path.Combine(Paths.SampleDrills, "natural-disaster-rainstorm.yaml"), "--plans", missing);

        exit.Should().Be(66, stderr);
        stderr.Should().Contain($"找不到预案目录：{missing}").And.Contain("--plans").And.NotContain("Unhandled exception");
    }
}
