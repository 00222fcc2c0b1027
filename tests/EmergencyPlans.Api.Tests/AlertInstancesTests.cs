using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using EmergencyPlans.Api.Tests.Support;
using Xunit.Abstractions;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// Issue 8: "With PostgreSQL and several instances, exactly one instance raises each alert." Two real host
/// processes on one PostgreSQL schema, each running its alert worker every 200 ms on the real clock, so both
/// scan the same incidents over and over. The incidents occurred three hours ago, so their first duties
/// are overdue at real time (no test clock is needed in the processes). Each instance logs every alert it
/// raises; every stored alert must appear in exactly one instance's log, and both instances list and stream
/// the same alerts from the shared table.
/// </summary>
[Collection(SerialProcessTests.Name)]
[Trait("Category", "Process")]
public sealed partial class AlertInstancesTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Incidents = 6;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(90);

    private readonly List<string> _directories = [];
    private PostgresSchema? _postgres;

    public async Task InitializeAsync() => _postgres = await PostgresSchema.CreateAsync("alert_instances_");

    public async Task DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        foreach (var directory in _directories)
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // cleaned by the OS
            }
        }
    }

    [PostgresFact]
    public async Task Alerts_TwoHostProcessesOnOnePostgres_EachAlertRaisedByExactlyOneInstance()
    {
        var connectionString = PostgresSchema.Required(_postgres);
        using var a = await StartAsync("A", connectionString);
        using var b = await StartAsync("B", connectionString);
        var hosts = new[] { a, b };

        // Three hours ago in Jincheng: the phone (30 min) and written (1 h) reports are overdue at real time.
        var occurredAt = TimeProvider.System.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).AddHours(-3)
            .ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        var expected = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Incidents; i++)
        {
            var host = hosts[i % 2];
            using var opened = await host.Client.PostJsonAsync(Http.Incidents, Bodies.Incident(figures: new { deaths = 3, missing = 0, seriousInjuries = 0, directLossWan = 10m }, occurredAt: occurredAt));
            await opened.ShouldHaveStatusAsync(HttpStatusCode.Created);
            var incident = await opened.JsonAsync();
            var id = incident.Str("id");
            expected.Add($"{id}:new-incident");
            if (i % 3 == 0)
            {
                // The other instance takes the continuation that raises the level: an escalation alert.
                using var report = await hosts[(i + 1) % 2].Client.PostJsonAsync($"{Http.Incidents}/{id}/reports", Bodies.Continuation(new { deaths = 10 }, "又有7人死亡"), opened.ETag());
                await report.ShouldHaveStatusAsync(HttpStatusCode.OK);
                incident = await report.JsonAsync();
                expected.Add($"{id}:escalation:{Grade(incident)}:{incident.GetProperty("escalation").Str("toLevel")}");
            }

            foreach (var duty in incident.GetProperty("obligations").EnumerateArray().Where(o => o.Str("status") == "overdue"))
            {
                var due = DateTimeOffset.Parse(duty.Str("dueAt"), CultureInfo.InvariantCulture).UtcDateTime;
                expected.Add($"{id}:duty-overdue:{duty.Str("key")}:{due.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}");
            }
        }

        expected.Count.Should().BeGreaterThan(Incidents * 2, "every incident has overdue duties besides its new-incident alert");

        // Until every expected alert is stored (the workers run every 200 ms), then three more scan periods for late duplicates.
        using var budget = new CancellationTokenSource(Budget);
        JsonElement[] stored;
        do
        {
            await Task.Delay(200, budget.Token);
            stored = await ListAsync(a);
        }
        while (!expected.IsSubsetOf(stored.Select(s => s.Str("key"))));

        await Task.Delay(600, budget.Token);
        stored = await ListAsync(a);
        var storedKeys = stored.Select(s => s.Str("key")).ToArray();
        storedKeys.Should().OnlyHaveUniqueItems();
        (await ListAsync(b)).Select(s => s.Str("key")).Should().BeEquivalentTo(storedKeys, "both instances list the shared table");

        var raisedA = Raised(a.Output).ToArray();
        var raisedB = Raised(b.Output).ToArray();
        output.WriteLine($"{storedKeys.Length} alerts; raised by A: {raisedA.Length}, by B: {raisedB.Length}");
        raisedA.Concat(raisedB).Select(r => r.Key).Should().BeEquivalentTo(storedKeys, "every stored alert was raised by exactly one instance, once");
        foreach (var alert in stored)
        {
            var raiser = raisedA.Any(r => r.Key == alert.Str("key")) ? "A" : "B";
            alert.Str("raisedBy").Should().Be(raiser, "the stored raiser is the instance that logged the raise");
        }

        // A client of B sees A's alerts too: the stream replays the shared table from the start.
        using var safety = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var stream = await b.Client.GetAsync("/api/v1/alerts/stream?after=0", HttpCompletionOption.ResponseHeadersRead, safety.Token);
        await stream.ShouldHaveStatusAsync(HttpStatusCode.OK);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(safety.Token));
        var streamed = new HashSet<string>(StringComparer.Ordinal);
        string? name = null;
        while (streamed.Count < storedKeys.Length && await reader.ReadLineAsync(safety.Token) is { } line)
        {
            // Only alert events: a keep-alive or a feed-status event carries no alert (docs/alerts.md).
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line[7..];
            }
            else if (name == "alert" && line.StartsWith("data: ", StringComparison.Ordinal))
            {
                using var document = JsonDocument.Parse(line[6..]);
                streamed.Add(document.RootElement.Str("key"));
            }
        }

        streamed.Should().BeEquivalentTo(storedKeys);

        // Both stop gracefully, B with the stream still open: a stream ends when its host stops.
        await a.StopAsync();
        await b.StopAsync();
    }

    private static string Grade(JsonElement incident) =>
        incident.GetProperty("escalation").TryGetProperty("toGrade", out var grade) && grade.ValueKind == JsonValueKind.String ? grade.GetString()! : "-";

    private static async Task<JsonElement[]> ListAsync(ApiProcess host)
    {
        using var response = await host.Client.GetAsync("/api/v1/alerts?limit=500");
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return (await response.JsonAsync()).EnumerateArray().ToArray();
    }

    private static IEnumerable<(long Id, string Key)> Raised(string log) =>
        RaisedLine().Matches(log).Select(m => (long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m.Groups[2].Value));

    [GeneratedRegex(@"alert (\d+) raised: (\S+) by ")]
    private static partial Regex RaisedLine();

    private async Task<ApiProcess> StartAsync(string name, string connectionString)
    {
        var directory = Directory.CreateTempSubdirectory($"emergencyplans-alerts-{name}-").FullName;
        _directories.Add(directory);
        return await ApiProcess.StartAsync(
            directory,
            "--EmergencyPlans:StoreProvider=postgres",
            $"--EmergencyPlans:PostgresConnectionString={connectionString}",
            $"--Alerts:InstanceName={name}",
            "--Alerts:ScanInterval=00:00:00.200",
            "--Logging:LogLevel:EmergencyPlans.Application.Alerts=Information");
    }
}
