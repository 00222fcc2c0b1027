using System.Diagnostics;
using System.Text.Json;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Api.Tests.Feeds;

/// <summary>
/// <c>emergencyplans feed ingest FILE --url … --key …</c> as the README gives it: the real CLI as a process, sending to the
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

        again.Exit.Should().Be(0, again.Err);
        Answers(again.Out).SkipLast(1).Select(StatusOf).Should().OnlyContain(s => s == "duplicate", "nothing acknowledged is applied twice");

        refused.Exit.Should().Be(69, refused.Err);
        refused.Err.Should().Contain("无法经服务提交").And.Contain("401").And.NotContain("Unhandled exception");
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
        var dll = Paths.Built(Path.Combine("src", "EmergencyPlans.Cli"), "emergencyplans.dll");
        File.Exists(dll).Should().BeTrue($"the CLI is built at {dll}");
        var start = Paths.Process(dll, args, _dir);
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
