using EmergencyPlans.Api.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// A readiness check's change of state is logged once (event 8301), not at every probe: while the disk was below its alarm ASP.NET logged
/// a warning with the data folder's path at each probe (<c>DefaultHealthCheckService[103]</c>), and a load balancer probing every few
/// seconds filled the log (review s58, operations nits). The lines are counted as the console would write them: through the host's
/// logging filters (the configuration's levels and the service's own rules), not <see cref="LoggedApiFactory"/>'s capture of every line.
/// </summary>
public sealed class ReadinessLogTests
{
    private const string Framework = "Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService";
    private const int Changed = 8301;

    private static string AboveTheFreeSpace => (new DriveInfo(Path.GetTempPath()).AvailableFreeSpace * 4).ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task TheDiskBelowItsAlarm_ProbedFiveTimes_IsOneLine_AndNoFrameworkWarning()
    {
        using var logs = new LogCapture();
        using var host = new FilteredLogFactory(logs);
        host.With("EmergencyPlans:DiskSpaceAlarmBytes", AboveTheFreeSpace);

        await ProbeAsync(host, 5, "Degraded");

        logs.Lines.Where(l => l.Category == Framework).Should().BeEmpty("ASP.NET's line at every probe is off by default");
        var changes = logs.Lines.Where(l => l.EventId == Changed).ToArray();
        changes.Should().ContainSingle("one line for the change, not one a probe");
        changes[0].Category.Should().Be("EmergencyPlans.Api.Health");
        changes[0].Level.Should().Be(LogLevel.Warning);
        changes[0].Message.Should().StartWith("readiness check disk: not probed before → Degraded (")
            .And.Contain($"bytes free on the disk of {host.DataDirectory}, below the alarm of")
            .And.EndWith("; /health/ready answers Degraded");
    }

    [Fact]
    public async Task TheFeedGoingDegradedAndBack_IsOneLineEachWay_HoweverOftenProbed()
    {
        using var logs = new LogCapture();
        using var host = new FilteredLogFactory(logs);

        await ProbeAsync(host, 2, "Healthy");
        logs.Lines.Where(l => l.EventId == Changed).Should().BeEmpty("every check Healthy from the first probe: nothing changed");

        // An hour and a minute without a word from 122 since the start: feed-122 Degraded (never-received).
        host.Clock.Advance(TimeSpan.FromMinutes(61));
        await ProbeAsync(host, 4, "Degraded");
        var degraded = logs.Lines.Where(l => l.EventId == Changed).Should().ContainSingle().Subject;
        degraded.Level.Should().Be(LogLevel.Warning);
        degraded.Message.Should().StartWith("readiness check feed-122: Healthy → Degraded (feed-122 never-received: ");

        await host.PostFeedAsync(FeedHttp.Sample("coach-rollover-fog-g207.ndjson"));
        await ProbeAsync(host, 3, "Healthy");
        var changes = logs.Lines.Where(l => l.EventId == Changed).ToArray();
        changes.Should().HaveCount(2, "one line back to Healthy, whatever the number of probes");
        changes[1].Level.Should().Be(LogLevel.Information);
        changes[1].Message.Should().Be("readiness check feed-122: Degraded → Healthy (feed-122 receiving); /health/ready answers Healthy");
        logs.Lines.Where(l => l.Category == Framework).Should().BeEmpty();
    }

    [Fact]
    public async Task AnOperatorsLevelForTheFrameworksCategory_StillApplies()
    {
        // The default is a rule the configuration can override, not a filter fixed in code.
        using var logs = new LogCapture();
        using var host = new FilteredLogFactory(logs);
        host.With("EmergencyPlans:DiskSpaceAlarmBytes", AboveTheFreeSpace).With($"Logging:LogLevel:{Framework}", "Warning");

        await ProbeAsync(host, 3, "Degraded");

        logs.Lines.Where(l => l.Category == Framework && l.Level == LogLevel.Warning).Should().HaveCount(3, "asked for in the configuration");
        logs.Lines.Where(l => l.EventId == Changed).Should().ContainSingle();
    }

    [Fact]
    public async Task AnOperatorsLevelForAspNetCore_StillApplies()
    {
        // Program.cs's default (Warning, per-request lines off) was a filter added after the configuration's rules, so it beat an operator's
        // Logging:LogLevel:Microsoft.AspNetCore=Information: the request log could not be turned on without a code change.
        using var logs = new LogCapture();
        using var host = new FilteredLogFactory(logs, ("Logging:LogLevel:Microsoft.AspNetCore", "Information"));

        await ProbeAsync(host, 1, "Healthy");

        logs.Lines.Should().Contain(l => l.Category == "Microsoft.AspNetCore.Hosting.Diagnostics" && l.Level == LogLevel.Information,
            "the request's start and end are logged at Information when the configuration asks for it");
    }

    [Fact]
    public async Task AspNetCoresRequestLines_AreOffByDefault()
    {
        using var logs = new LogCapture();
        using var host = new FilteredLogFactory(logs, ("Logging:LogLevel:Default", "Information"), ("Logging:LogLevel:Microsoft.AspNetCore", null));

        await ProbeAsync(host, 1, "Healthy");

        logs.Lines.Where(l => l.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) && l.Level < LogLevel.Warning).Should().BeEmpty();
    }

    private static async Task ProbeAsync(ApiFactory host, int times, string expected)
    {
        using var client = host.Anonymous();
        for (var i = 0; i < times; i++)
        {
            using var ready = await client.GetAsync("/health/ready");
            (await ready.ReadinessAsync()).Should().Be(expected);
        }
    }

    /// <summary>
    /// The host with <paramref name="logs"/> as one more logging provider, under the same filters as the console, and
    /// <paramref name="levels"/> set over ApiFactory's own (a null value takes ApiFactory's setting away).
    /// </summary>
    private sealed class FilteredLogFactory(LogCapture logs, params (string Key, string? Value)[] levels) : ApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            // ApiFactory keeps the host's log at Warning; the change back to Healthy is Information.
            builder.UseSetting("Logging:LogLevel:EmergencyPlans.Api.Health", "Information");
            foreach (var (key, value) in levels)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureLogging(l => l.AddProvider(logs));
        }
    }
}
