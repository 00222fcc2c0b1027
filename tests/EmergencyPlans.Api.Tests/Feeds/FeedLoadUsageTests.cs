using System.Diagnostics;
using EmergencyPlans.Api.Tests.Support;

namespace EmergencyPlans.Api.Tests.Feeds;

/// <summary>
/// The feed's load tool (tests/EmergencyPlans.FeedLoad) asked for its usage, or missing a required option: it printed an unhandled
/// <c>ArgumentException: --out is required</c> and a stack trace (a 122 integrator's review, s62 F62-21). Only <c>generate</c> is run here,
/// never <c>bench</c>.
/// </summary>
public sealed class FeedLoadUsageTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task GenerateAskedForHelp_PrintsTheUsage_AndExits0(string help)
    {
        var (exit, output) = await RunAsync("generate", help);

        exit.Should().Be(0, output);
        output.Should().Contain("usage: feedload generate --out FILE").And.NotContain("Unhandled exception").And.NotContain("   at ");
    }

    [Fact]
    public async Task GenerateWithoutItsOutput_SaysWhichOptionIsMissing_WithTheUsage_AndExits2()
    {
        var (exit, output) = await RunAsync("generate", "--count", "10");

        exit.Should().Be(2, output);
        output.Should().Contain("--out is required").And.Contain("usage: feedload generate --out FILE").And.NotContain("Unhandled exception");
    }

    private static async Task<(int Exit, string Output)> RunAsync(params string[] arguments)
    {
        var dll = Paths.Built(Path.Combine("tests", "EmergencyPlans.FeedLoad"), "EmergencyPlans.FeedLoad.dll");
        File.Exists(dll).Should().BeTrue($"the load tool is built at {dll}");
        using var process = Process.Start(Paths.Process(dll, arguments))!;
        var (stdout, stderr) = (process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(limit.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
