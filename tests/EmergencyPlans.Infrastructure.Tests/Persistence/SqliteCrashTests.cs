using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using EmergencyPlans.Infrastructure.Persistence.Sqlite;
using Microsoft.Data.Sqlite;

namespace EmergencyPlans.Infrastructure.Tests.Persistence;

/// <summary>
/// Kills a real writer process with SIGKILL in the middle of its writes and checks what it had
/// acknowledged. A kill leaves the OS page cache intact, so this proves commit-before-ack ordering
/// and crash recovery of the file, not survival of a power cut (that is what synchronous=FULL is for).
/// </summary>
public sealed class SqliteCrashTests : IDisposable
{
    private const int Rounds = 3;
    private const int AcknowledgementsPerRound = 300;
    private static readonly TimeSpan HarnessTimeout = TimeSpan.FromSeconds(60);

    private readonly SqliteTestFolder _folder = new("crash");

    [Fact]
    public async Task Store_killed_mid_write_keeps_every_acknowledged_event_and_a_consistent_projection()
    {
        var path = _folder.File("incidents.db");
        var incidentId = Guid.NewGuid();
        var acknowledged = new List<long>();

        // Several kills on the same file: each run first recovers what the previous one left.
        for (var round = 1; round <= Rounds; round++)
        {
            var acks = await RunHarnessAndKillAsync(path, incidentId);
            acks.Should().HaveCountGreaterThanOrEqualTo(AcknowledgementsPerRound, $"round {round}");
            acknowledged.AddRange(acks);

            IntegrityCheck(path).Should().Be("ok", $"round {round}");
            await using var store = new SqliteIncidentStore(path);
            var incident = await store.GetAsync(incidentId);
            var events = await store.ReadEventsAsync(incidentId);

            incident.Should().NotBeNull();
            events.Select(e => e.Sequence).Should().Equal(
                Enumerable.Range(1, events.Count).Select(i => (long)i), "the log has no gaps (round {0})", round);
            incident!.Version.Should().Be(events[^1].Version, "the projection was committed with its events");
            EventCount(incident.Projection.Json).Should().Be(events[^1].Sequence);
            incident.Version.Should().BeGreaterThanOrEqualTo(acknowledged.Max(), "every acknowledged write is durable (round {0})", round);
            acknowledged.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        }
    }

    [Fact]
    public async Task A_store_process_turns_off_SQLites_count_of_its_own_memory_before_its_first_open()
    {
        // The count takes a process-wide mutex at every allocation SQLite makes (SqliteLibrary); it can only be turned off before the
        // library's first open, so a process that writes through the store must show none counted. Run as its own process, as the
        // service is, since any test here that opened a connection first would have fixed the library's settings for this one.
        var start = new ProcessStartInfo(DotnetHost()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { HarnessPath(), _folder.File("library.db"), Guid.NewGuid().ToString(), "--library" })
        {
            start.ArgumentList.Add(argument);
        }

        using var harness = Process.Start(start) ?? throw new InvalidOperationException("The harness did not start.");
        var output = await harness.StandardOutput.ReadToEndAsync();
        var errors = await harness.StandardError.ReadToEndAsync();
        await harness.WaitForExitAsync();

        harness.ExitCode.Should().Be(0, errors);
        output.Split('\n', StringSplitOptions.TrimEntries).Should().Contain("1", "the incident was written").And.Contain("memory-used 0");
    }

    public void Dispose() => _folder.Dispose();

    private static async Task<List<long>> RunHarnessAndKillAsync(string databasePath, Guid incidentId)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(HarnessPath());
        start.ArgumentList.Add(databasePath);
        start.ArgumentList.Add(incidentId.ToString());

        using var harness = Process.Start(start) ?? throw new InvalidOperationException("The harness did not start.");
        var stderr = new StringBuilder();
        harness.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }
        };
        harness.BeginErrorReadLine();

        var acks = new List<long>();
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reading = Task.Run(async () =>
        {
            while (await harness.StandardOutput.ReadLineAsync() is { } line)
            {
                // A line cut short by the kill can only be a prefix of a larger acknowledged
                // version, so it never claims more than was committed.
                if (long.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
                {
                    acks.Add(version);
                    if (acks.Count == AcknowledgementsPerRound)
                    {
                        enough.TrySetResult();
                    }
                }
            }

            enough.TrySetResult();
        });

        var finished = await Task.WhenAny(enough.Task, Task.Delay(HarnessTimeout));
        var exitedBeforeKill = harness.HasExited;
        if (!exitedBeforeKill)
        {
            harness.Kill(); // SIGKILL on Unix: no finalisers, no disposal, no checkpoint.
        }

        await harness.WaitForExitAsync();
        await reading; // everything the harness printed before it died
        exitedBeforeKill.Should().BeFalse($"the harness should still be writing when killed; stderr:\n{stderr}");
        finished.Should().Be(enough.Task, $"the harness should acknowledge {AcknowledgementsPerRound} writes within {HarnessTimeout}; stderr:\n{stderr}");
        return acks;
    }

    private static string IntegrityCheck(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)command.ExecuteScalar()!;
    }

    private static long EventCount(string projectionJson)
    {
        using var document = JsonDocument.Parse(projectionJson);
        return document.RootElement.GetProperty("eventCount").GetInt64();
    }

    private static string HarnessPath()
    {
        var path = typeof(SqliteCrashTests).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "CrashHarnessPath")?.Value;
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            throw new InvalidOperationException(
                $"The crash harness is not built at '{path}'; build tests/EmergencyPlans.StoreCrashHarness.");
        }

        return path;
    }

    private static string DotnetHost() =>
        Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
}
