using System.Diagnostics;
using System.Text.Json;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.FeedLoad;

namespace EmergencyPlans.Api.Tests.Feeds;

/// <summary>
/// <c>emergencyplans feed ingest FILE --url … --key …</c> as docs/guide.md gives it: the real CLI as a process, sending to the
/// real host as a process. Each line is answered by the service, nothing acknowledged is applied twice on a second send,
/// and a service that refuses the key is reported in Chinese with exit code 69, never as a crash.
/// </summary>
public sealed class FeedCliThroughServiceTests : IDisposable
{
    private static readonly string Samples = Path.Combine(Paths.Repository, "tests", "EmergencyPlans.Api.Tests", "Feeds", "samples");
    private readonly string _dir = Directory.CreateTempSubdirectory("feed-cli-url-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task FeedIngestWithUrl_CoachRollover_AnsweredByTheService_SentAgainAllDuplicates_WrongKeyExits69()
    {
        using var api = await ApiProcess.StartAsync(Path.Combine(_dir, "data"),
            $"--Auth:Keys:1:Key={Keys.For(RoleCatalogue.Feed)}", $"--Auth:Keys:1:Roles:0={RoleCatalogue.Feed}");
        var url = $"http://127.0.0.1:{api.Port}";
        var file = Path.Combine(Samples, "coach-rollover-fog-g207.ndjson");

        var first = await CliAsync("feed", "ingest", file, "--url", url, "--key", Keys.For(RoleCatalogue.Feed));
        var again = await CliAsync("feed", "ingest", file, "--url", url, "--key", Keys.For(RoleCatalogue.Feed));
        var refused = await CliAsync("feed", "ingest", file, "--url", url, "--key", "not-a-key-of-this-service");

        first.Exit.Should().Be(0, first.Err);
        var answers = Answers(first.Out);
        answers.Select(StatusOf).Should().Equal("accepted", "accepted", "stale", "duplicate", null);
        var incident = answers[0].GetProperty("incidentId").GetString();
        (await api.Client.GetAsync($"/api/v1/incidents/{incident}")).StatusCode.Should().Be(System.Net.HttpStatusCode.OK, "the service opened it");
        first.Err.Should().Contain("立案 1");
        // The service's answers printed as the service writes them (JsonText.Encoder): ' plain, not \u0027 (a duty officer's review, session 54).
        first.Out.Should().Contain("continuation report filed on the record's incident").And.NotContain("\\u00");

        again.Exit.Should().Be(0, again.Err);
        Answers(again.Out).SkipLast(1).Select(StatusOf).Should().OnlyContain(s => s == "duplicate", "nothing acknowledged is applied twice");

        refused.Exit.Should().Be(69, refused.Err);
        refused.Err.Should().Contain("无法经服务提交").And.Contain("401").And.NotContain("Unhandled exception");

        // An empty input still asks the service: an operator checking the URL and the key with nothing to send was told 0 lines and
        // exit 0 with a wrong key, and nothing had been contacted (an operating engineer's review).
        var empty = Path.Combine(_dir, "empty.ndjson");
        await File.WriteAllTextAsync(empty, "");
        var emptyRefused = await CliAsync("feed", "ingest", empty, "--url", url, "--key", "not-a-key-of-this-service");
        emptyRefused.Exit.Should().Be(69, emptyRefused.Err);
        emptyRefused.Err.Should().Contain("401");
        var emptyTaken = await CliAsync("feed", "ingest", empty, "--url", url, "--key", Keys.For(RoleCatalogue.Feed));
        emptyTaken.Exit.Should().Be(0, emptyTaken.Err);

        // The service's own reading of the feed, through feed status --url with the same key.
        var status = await CliAsync("feed", "status", "--url", url, "--key", Keys.For(RoleCatalogue.Feed));
        status.Exit.Should().Be(0, status.Err);
        var read = JsonDocument.Parse(status.Out).RootElement;
        read.GetProperty("state").GetString().Should().Be("receiving");
        read.GetProperty("lastEventId").GetString().Should().Be(answers[2].GetProperty("eventId").GetString(), "the stale line 3 is the latest message stored");
        status.Err.Should().Contain("122接处警数据最近一次接收于");
        var statusRefused = await CliAsync("feed", "status", "--url", url, "--key", "not-a-key-of-this-service");
        statusRefused.Exit.Should().Be(69, statusRefused.Err);
        statusRefused.Err.Should().Contain("无法从服务读取122接处警数据状态").And.Contain("401");

        // Whoever runs the service sees each submission in its log; one that quarantined lines is a warning (the host
        // logs warnings and up here).
        var bad = await CliAsync("feed", "ingest", Path.Combine(Samples, "routine-with-bad-lines.ndjson"), "--url", url, "--key", Keys.For(RoleCatalogue.Feed));
        bad.Exit.Should().Be(1, bad.Err);
        api.Output.Should().MatchRegex(@"feed submission by \S+: 5 lines, 2 accepted \(0 opened, 0 updated\), 0 duplicate, 0 stale, 1 conflict, 2 rejected \(quarantined\); 1 commits in \d+ ms");
    }

    [Fact]
    public async Task FeedIngestWithUrl_ServiceKilledMidFile_Exits69InChinese_AndASecondSendLosesNothingAndAppliesNothingTwice()
    {
        const int Lines = 60_000;
        var data = Path.Combine(_dir, "data");
        var key = Keys.For(RoleCatalogue.Feed);
        string[] keys = [$"--Auth:Keys:1:Key={key}", $"--Auth:Keys:1:Roles:0={RoleCatalogue.Feed}"];
        var file = Path.Combine(_dir, "feed.ndjson");
        await File.WriteAllLinesAsync(file, new FeedGenerator(20261203, new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.FromHours(8))) { PlanShare = 0.02 }.Lines(Lines));

        var answered = new List<string>();
        int exit;
        string err;
        using (var api = await ApiProcess.StartAsync(data, keys))
        {
            var start = Paths.Process(Cli, ["feed", "ingest", file, "--url", $"http://127.0.0.1:{api.Port}", "--key", key], _dir);
            using var cli = Process.Start(start)!;
            var error = cli.StandardError.ReadToEndAsync();
            var reading = Task.Run(async () =>
            {
                while (await cli.StandardOutput.ReadLineAsync() is { } line)
                {
                    lock (answered)
                    {
                        answered.Add(line);
                    }
                }
            });

            // Killed once a few groups are answered, well inside the first part the CLI sends (20,000 lines).
            var watch = Stopwatch.StartNew();
            while (Count(answered) < 2_000)
            {
                cli.HasExited.Should().BeFalse("the CLI must still be sending when the service is killed");
                watch.Elapsed.Should().BeLessThan(TimeSpan.FromMinutes(3), "the service answers lines");
                await Task.Delay(20);
            }

            api.Kill();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await cli.WaitForExitAsync(timeout.Token);
            await reading;
            (exit, err) = (cli.ExitCode, await error);
        }

        exit.Should().Be(69, err);
        err.Should().Contain("无法经服务提交").And.NotContain("内部错误").And.NotContain("Unhandled exception");
        var first = answered.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        first.Should().HaveCountLessThan(Lines, "the service was killed before the end");
        first.Select(a => a.TryGetProperty("summary", out var summary)).Should().NotContain(true, "no summary: the send did not finish");
        var acknowledged = first.Where(a => StatusOf(a) is "accepted" or "stale").Select(a => a.GetProperty("eventId").GetString()).ToHashSet();
        acknowledged.Should().NotBeEmpty();

        using (var api = await ApiProcess.StartAsync(data, keys))
        {
            var (again, output, againErr) = await CliAsync("feed", "ingest", file, "--url", $"http://127.0.0.1:{api.Port}", "--key", key);
            again.Should().Be(1, "the generated feed has garbage and conflicting lines, which a finished send reports with 1: " + againErr);
            var second = Answers(output);
            second[^1].TryGetProperty("summary", out _).Should().BeTrue("the second send finishes");
            var lines = second.SkipLast(1).ToList();
            lines.Should().HaveCount(Lines);
            var duplicates = lines.Where(a => StatusOf(a) == "duplicate").Select(a => a.GetProperty("eventId").GetString()).ToHashSet();
            duplicates.Should().Contain(acknowledged, "every line acknowledged before the kill was stored, and is not applied again");
        }
    }

    [Fact]
    public async Task FeedIngestWithUrl_AGbkLine_IsRefusedAsNotUtf8_AsTheLocalIngestRefusesIt()
    {
        // The CLI sends the file's bytes: a GBK line is not read as UTF-8 text (U+FFFD for its Chinese) and sent on re-encoded.
        using var api = await ApiProcess.StartAsync(Path.Combine(_dir, "data"),
            $"--Auth:Keys:1:Key={Keys.For(RoleCatalogue.Feed)}", $"--Auth:Keys:1:Roles:0={RoleCatalogue.Feed}");
        var sample = File.ReadAllLines(Path.Combine(Samples, "routine-with-bad-lines.ndjson"));
        var gbk = System.Text.CodePagesEncodingProvider.Instance.GetEncoding(936)!.GetBytes(sample[0]);
        var file = Path.Combine(_dir, "gbk.ndjson");
        await File.WriteAllBytesAsync(file, [.. gbk, (byte)'\n', .. System.Text.Encoding.UTF8.GetBytes(sample[3] + "\n")]);

        var (exit, output, err) = await CliAsync("feed", "ingest", file, "--url", $"http://127.0.0.1:{api.Port}", "--key", Keys.For(RoleCatalogue.Feed));

        exit.Should().Be(1, err);
        var answers = Answers(output);
        answers.SkipLast(1).Select(StatusOf).Should().Equal("rejected", "accepted");
        answers[0].GetProperty("reason").GetString().Should().StartWith($"not UTF-8 from byte {Array.FindIndex(gbk, b => b >= 0x80) + 1}:");
    }

    private static string Cli => Paths.Built(Path.Combine("src", "EmergencyPlans.Cli"), "emergencyplans.dll");

    private static int Count(List<string> lines)
    {
        lock (lines)
        {
            return lines.Count;
        }
    }

    [Fact]
    public async Task FeedIngestWithUrl_NotAnHttpAddress_IsAUsageError()
    {
        var (exit, _, err) = await CliAsync("feed", "ingest", Path.Combine(Samples, "coach-rollover-fog-g207.ndjson"), "--url", "127.0.0.1:5080", "--key", "k");

        exit.Should().Be(64, err);
        err.Should().Contain("--url 应为服务的 http(s) 地址");
    }

    private async Task<(int Exit, string Out, string Err)> CliAsync(params string[] args)
    {
        File.Exists(Cli).Should().BeTrue($"the CLI is built at {Cli}");
        var start = Paths.Process(Cli, args, _dir);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    private static string? StatusOf(JsonElement answer) => answer.TryGetProperty("status", out var status) ? status.GetString() : null;

    private static List<JsonElement> Answers(string stdout) =>
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
}
