using System.Text.Json;
using EmergencyPlans.Drills.Tests.Support;

namespace EmergencyPlans.Drills.Tests;

/// <summary>
/// <c>emergencyplans feed ingest</c>, the real CLI as a process, into a SQLite store of its own: each line answered as
/// the endpoint answers it, a summary, and exit code 1 when a line was rejected or conflicted (it is quarantined).
/// </summary>
public sealed class FeedCliTests : IDisposable
{
    private static readonly string Samples = Path.Combine(Paths.Repository, "tests", "EmergencyPlans.Api.Tests", "Feeds", "samples");
    private readonly string _dir = Directory.CreateTempSubdirectory("feed-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task FeedIngest_CoachRollover_OpensOneIncidentAndExits0_ThenReplaysAsDuplicates()
    {
        var file = Path.Combine(Samples, "coach-rollover-fog-g207.ndjson");
        var lines = File.ReadAllLines(file).Count(l => l.Length > 0);

        var first = await Processes.CliAsync(_dir, "feed", "ingest", file);
        var again = await Processes.CliAsync(_dir, "feed", "ingest", file);

        first.Exit.Should().Be(0, first.Err);
        var answers = Answers(first.Out);
        answers.Should().HaveCount(lines + 1, "one answer per line, then the summary");
        // As the endpoint answers the same file: sequence 3 updates, the late sequence 2 is stale, line 4 repeats line 2.
        answers.Take(lines).Select(StatusOf).Should().Equal("accepted", "accepted", "stale", "duplicate");
        answers.Take(2).Select(a => a.GetProperty("incidentId").GetString()).Distinct().Should().ContainSingle("one incident per dispatch record");
        answers[^1].GetProperty("summary").GetProperty("opened").GetInt64().Should().Be(1);
        first.Err.Should().Contain($"共 {lines} 行").And.Contain("立案 1");
        // Written as the service's answers are (JsonText.Encoder): ' and " plain, Chinese as itself; it printed the record\u0027s incident.
        first.Out.Should().Contain("continuation report filed on the record's incident").And.NotContain("\\u00");
        File.Exists(Path.Combine(_dir, "data", "emergencyplans.db")).Should().BeTrue("the CLI writes the configured store");

        again.Exit.Should().Be(0, again.Err);
        Answers(again.Out).Take(lines).Select(StatusOf).Should().OnlyContain(s => s == "duplicate", "nothing acknowledged is applied twice");
    }

    [Fact]
    public async Task FeedIngest_AnswersOntoAFullDisk_Exits73_AndTheSameFileAgainStoresTheRestOnce()
    {
        // The answers redirected to a full disk: before, exit 70 and a stack trace. What was committed stays; sent again, the file
        // is taken as a first ingest would take it, each line once.
        var file = Path.Combine(Samples, "coach-rollover-fog-g207.ndjson");
        var fresh = Directory.CreateDirectory(Path.Combine(_dir, "fresh")).FullName;

        var failed = await Processes.CliOntoAFullDiskAsync(_dir, "feed", "ingest", file);
        var again = await Processes.CliAsync(_dir, "feed", "ingest", file);
        var once = await Processes.CliAsync(fresh, "feed", "ingest", file);

        failed.Exit.Should().Be(73, failed.Err);
        failed.Err.Should().Contain("无法写出标准输出").And.NotContain("内部错误");
        again.Exit.Should().Be(0, again.Err);
        var summary = Answers(again.Out)[^1].GetProperty("summary");
        var expected = Answers(once.Out)[^1].GetProperty("summary");
        (summary.GetProperty("accepted").GetInt64() + summary.GetProperty("duplicate").GetInt64() + summary.GetProperty("stale").GetInt64())
            .Should().Be(expected.GetProperty("accepted").GetInt64() + expected.GetProperty("duplicate").GetInt64() + expected.GetProperty("stale").GetInt64());
        Answers(again.Out).Where(a => a.TryGetProperty("incidentId", out _)).Select(a => a.GetProperty("incidentId").GetString()).Distinct()
            .Should().HaveCountLessThanOrEqualTo(1, "one incident for the dispatch record, opened once");
    }

    [Fact]
    public async Task FeedStatus_OnTheLocalStore_SaysWhenTheFeedLastSpoke_AndExits1OnceItIsSilent()
    {
        var never = await Processes.CliAsync(_dir, "feed", "status");
        never.Exit.Should().Be(0, never.Err);
        JsonDocument.Parse(never.Out).RootElement.GetProperty("state").GetString().Should().Be("never-received");
        never.Err.Should().Contain("尚未收到122接处警数据");

        await Processes.CliAsync(_dir, "feed", "ingest", Path.Combine(Samples, "routine-with-bad-lines.ndjson"));
        var receiving = await Processes.CliAsync(_dir, "feed", "status");
        receiving.Exit.Should().Be(0, receiving.Err);
        var status = JsonDocument.Parse(receiving.Out).RootElement;
        status.GetProperty("state").GetString().Should().Be("receiving");
        status.GetProperty("openQuarantine").GetInt64().Should().Be(3, "the sample's garbage, invalid and conflicting lines wait in the quarantine");
        status.GetProperty("lastReceivedAt").GetString().Should().EndWith("+08:00", "instants in the city's time, as the API writes them");
        receiving.Err.Should().Contain("122接处警数据最近一次接收于").And.Contain("隔离区有3行待处理");

        // A silence alarm of one second, and two seconds without a line: the scheduler or monitor sees exit code 1.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var silent = await Processes.CliWithSettingsAsync(_dir, new Dictionary<string, string> { ["EmergencyPlans__Feed__SilenceAlarm"] = "00:00:01" }, "feed", "status");
        silent.Exit.Should().Be(1, silent.Err);
        JsonDocument.Parse(silent.Out).RootElement.GetProperty("state").GetString().Should().Be("silent");
        silent.Err.Should().Contain("请与122指挥中心核实数据推送是否中断");
    }

    [Theory]
    [InlineData("EmergencyPlans__Feed__BatchSize", "0", "EmergencyPlans:Feed:BatchSize must be a positive number of lines")]
    [InlineData("EmergencyPlans__Feed__SilenceAlarm", "1h", "EmergencyPlans:Feed:SilenceAlarm")]
    [InlineData("EmergencyPlans__StoreProvider", "mysql", "EmergencyPlans:StoreProvider must be sqlite or postgres; got 'mysql'")]
    public async Task Feed_ASettingTheServiceWouldRefuse_Exits78NamingIt_NotAnInternalError(string variable, string value, string named)
    {
        var (exit, _, stderr) = await Processes.CliWithSettingsAsync(_dir, new Dictionary<string, string> { [variable] = value }, "feed", "status");

        exit.Should().Be(78, stderr);
        stderr.Should().StartWith("设置有误：").And.Contain(named).And.NotContain("内部错误");
    }

    [Fact]
    public async Task FeedIngest_BadLines_AreRejectedWithTheirLineAndExit1_TheRestAccepted()
    {
        var (exit, stdout, stderr) = await Processes.CliAsync(_dir, "feed", "ingest", Path.Combine(Samples, "routine-with-bad-lines.ndjson"));

        exit.Should().Be(1, stderr);
        var answers = Answers(stdout);
        var statuses = answers.Select(StatusOf).ToList();
        var rejected = answers.Where(a => StatusOf(a) == "rejected").ToList();
        rejected.Should().NotBeEmpty();
        rejected.Select(a => a.GetProperty("line").GetInt64()).Should().OnlyContain(line => line > 0);
        rejected.Select(a => a.GetProperty("quarantineId").GetInt64()).Should().OnlyContain(id => id > 0);
        statuses.Should().Contain("accepted", "a bad line never stops the rest");
        stderr.Should().Contain("拒收").And.Contain("已隔离");
        // The routine line's reason names the plan by its document number, readable as written (not \uXXXX escapes).
        stdout.Should().Contain("(晋市政办〔2025〕18号 feedIntake)");
    }

    [Fact]
    public async Task FeedIngest_RejectedLines_AnswerTheApisEnglishReasons_ThoughTheCommandLineSpeaksChinese()
    {
        var routine = File.ReadLines(Path.Combine(Samples, "routine-with-bad-lines.ndjson")).First();
        var negative = routine.Replace("\"figures\":{\"injured\":0}", "\"figures\":{\"injured\":-1}", StringComparison.Ordinal)
            .Replace("-0020-1\"", "-0020-9\"", StringComparison.Ordinal);
        negative.Should().NotBe(routine);
        var file = Path.Combine(_dir, "lines.ndjson");
        await File.WriteAllLinesAsync(file, [negative, File.ReadLines(Path.Combine(Samples, "routine-with-bad-lines.ndjson")).ElementAt(1)]);

        var (exit, stdout, stderr) = await Processes.CliAsync(_dir, "feed", "ingest", file);

        exit.Should().Be(1, stderr);
        // The per-line answers are the feed's interface: word for word what POST /api/v1/feeds/122 answers.
        Answers(stdout).Take(2).Select(a => (a.GetProperty("field").GetString(), a.GetProperty("reason").GetString())).Should().Equal(
            ("figures.injured", "injured cannot be negative (leave it out or null when unknown)"),
            ("county", "unknown county '晋中市': one of 城区, 泽州县, 高平市, 阳城县, 陵川县, 沁水县"));
        stderr.Should().Contain("拒收", "the summary is for the person at the terminal");
    }

    [Fact]
    public async Task FeedIngest_AReplayWhoseBadLinesAreAllCorrected_Exits0_AndSaysNoneIsLeft_CountingTheBlankLines()
    {
        // A nightly replay of a file whose bad lines were all corrected exited 1 ("其余可更正后重新提交" of none left), paging someone every
        // night; the summary said 共 10 行 of an 11-line file with a blank line, its answers numbered to 11 (a 122 integrator's review, s62
        // F62-16, F62-17).
        var routine = File.ReadLines(Path.Combine(Samples, "routine-with-bad-lines.ndjson")).First();
        var bad = routine.Replace("高平市", "晋中市", StringComparison.Ordinal);
        bad.Should().NotBe(routine);
        var otherBad = bad.Replace("-0020-1\"", "-0020-7\"", StringComparison.Ordinal);
        var (badFile, fixedFile, replayFile, mixedFile) = (Path.Combine(_dir, "bad.ndjson"), Path.Combine(_dir, "fixed.ndjson"), Path.Combine(_dir, "replay.ndjson"),
            Path.Combine(_dir, "mixed.ndjson"));
        await File.WriteAllLinesAsync(badFile, [bad]);
        await File.WriteAllLinesAsync(fixedFile, [routine]);
        await File.WriteAllLinesAsync(replayFile, [bad, ""]);
        await File.WriteAllLinesAsync(mixedFile, [bad, otherBad]);
        (await Processes.CliAsync(_dir, "feed", "ingest", badFile)).Exit.Should().Be(1, "the bad line waits for its correction");
        (await Processes.CliAsync(_dir, "feed", "ingest", fixedFile)).Exit.Should().Be(0, "the correction, sent through the feed, closes the entry");

        var replay = await Processes.CliAsync(_dir, "feed", "ingest", replayFile);
        var mixed = await Processes.CliAsync(_dir, "feed", "ingest", mixedFile);

        replay.Exit.Should().Be(0, "nothing waits in the quarantine: " + replay.Err);
        var summary = Answers(replay.Out)[^1].GetProperty("summary");
        (summary.GetProperty("lines").GetInt64(), summary.GetProperty("blankLines").GetInt64(), summary.GetProperty("rejected").GetInt64(),
            summary.GetProperty("quarantineClosed").GetInt64()).Should().Be((1L, 1L, 1L, 1L));
        replay.Err.Should().Contain("共 2 行（其中空行 1 行，已跳过）：").And.Contain("拒收 1（均此前已隔离并已更正或注销，无需再处理）").And.NotContain("其余");
        mixed.Exit.Should().Be(1, "the other bad line waits: " + mixed.Err);
        mixed.Err.Should().Contain("共 2 行：").And.Contain("拒收 2（已隔离；其中 1 行此前已隔离并已更正或注销，无需再处理；其余 1 行可更正后重新提交）");
    }

    [Fact]
    public async Task FeedIngest_DataFolderThatCannotBeCreated_Exits78NamingIt_AsTheServiceRefusesToStart()
    {
        // 73 before: the service refuses the same folder at start with exit 78 naming EmergencyPlans:DataDirectory (DataFolder.Refusal,
        // one check for both); it is a setting to change, not a file to retry.
        var inTheWay = Path.Combine(_dir, "a-file");
        await File.WriteAllTextAsync(inTheWay, "");

        var (exit, stdout, stderr) = await Processes.CliAsync(_dir, "feed", "ingest", Path.Combine(Samples, "coach-rollover-fog-g207.ndjson"), "--data", inTheWay);

        exit.Should().Be(78, stderr);
        stderr.Should().Contain($"无法使用数据目录 {inTheWay}").And.Contain("--data").And.Contain("EmergencyPlans__DataDirectory").And.NotContain("内部错误");
        stdout.Should().BeEmpty("no line was read, so none is answered");
    }

    [Fact]
    public async Task FeedIngest_MissingFile_Exits66()
    {
        var (exit, _, stderr) = await Processes.CliAsync(_dir, "feed", "ingest", Path.Combine(_dir, "no-such.ndjson"));

        exit.Should().Be(66);
        stderr.Should().Contain("找不到文件");
    }

    private static string? StatusOf(JsonElement answer) => answer.TryGetProperty("status", out var status) ? status.GetString() : null;

    private static List<JsonElement> Answers(string stdout) =>
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
}
