using System.Collections.Concurrent;
using System.Net;
using EmergencyPlans.Api.Tests.Support;
using Microsoft.Data.Sqlite;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// The host as a real process on the SQLite store: what it acknowledged survives a graceful restart and
/// a SIGKILL in the middle of concurrent writes, and the file it leaves is consistent.
/// </summary>
[Collection(SerialProcessTests.Name)]
[Trait("Category", "Process")]
public sealed class ProcessDurabilityTests : IDisposable
{
    private const int Workers = 8;
    private const int AcknowledgementsBeforeKill = 120;
    private const int KillRounds = 2;

    private readonly string _data = Directory.CreateTempSubdirectory("emergencyplans-process-").FullName;

    [Fact]
    public async Task Host_RestartedGracefully_KeepsEveryIncidentWithItsData()
    {
        var written = new Dictionary<string, (long Deaths, long Version, string Summary)>();
        using (var host = await ApiProcess.StartAsync(_data))
        {
            for (var i = 0; i < 10; i++)
            {
                using var created = await host.Client.PostJsonAsync(Http.Incidents, Bodies.Incident(figures: new { deaths = i }));
                await created.ShouldHaveStatusAsync(HttpStatusCode.Created);
                var id = (await created.JsonAsync()).Str("id");
                var summary = $"重启前续报 {i}";
                using var report = await host.Client.PostJsonAsync($"{Http.Incidents}/{id}/reports", Bodies.Continuation(new { injured = i }, summary), 1);
                await report.ShouldHaveStatusAsync(HttpStatusCode.OK);
                written[id] = (i, report.ETag(), summary);
            }

            await host.StopAsync();
        }

        using (var again = await ApiProcess.StartAsync(_data))
        {
            foreach (var (id, (deaths, version, summary)) in written)
            {
                using var response = await again.Client.GetAsync($"{Http.Incidents}/{id}");
                await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
                response.ETag().Should().Be(version);
                var body = await response.JsonAsync();
                body.GetProperty("report").GetProperty("figures").GetProperty("deaths").GetInt64().Should().Be(deaths);
                body.GetProperty("timeline").EnumerateArray().Should().Contain(t => t.Str("summary").StartsWith(summary));
            }

            using var list = await again.Client.GetAsync($"{Http.Incidents}?limit=500");
            (await list.JsonAsync()).GetArrayLength().Should().Be(written.Count);
            await again.StopAsync();
        }

        IntegrityCheck().Should().Be("ok");
    }

    [Fact]
    public async Task Host_KilledMidWrite_KeepsEveryAcknowledgedWriteAndStaysConsistent()
    {
        var created = new ConcurrentDictionary<string, (long Deaths, string Nature)>();
        var reported = new ConcurrentDictionary<string, string>();

        for (var round = 1; round <= KillRounds; round++)
        {
            using (var host = await ApiProcess.StartAsync(_data))
            {
                using var stop = new CancellationTokenSource();
                var acknowledged = 0;
                var workers = Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
                {
                    for (var n = 0; !stop.IsCancellationRequested; n++)
                    {
                        try
                        {
                            var deaths = (worker * 1000) + n;
                            var nature = $"第{round}轮 工人{worker} 第{n}起";
                            var body = Bodies.Incident(figures: new { deaths });
                            body["nature"] = nature;
                            using var opened = await host.Client.PostJsonAsync(Http.Incidents, body);
                            if (opened.StatusCode != HttpStatusCode.Created)
                            {
                                continue;
                            }

                            var id = (await opened.JsonAsync()).Str("id");
                            created[id] = (deaths, nature);
                            Interlocked.Increment(ref acknowledged);

                            var summary = $"{nature} 续报";
                            using var report = await host.Client.PostJsonAsync($"{Http.Incidents}/{id}/reports", Bodies.Continuation(summary: summary), 1);
                            if (report.StatusCode == HttpStatusCode.OK)
                            {
                                reported[id] = summary;
                                Interlocked.Increment(ref acknowledged);
                            }
                        }
                        catch (HttpRequestException)
                        {
                            return; // the host is gone: whatever was in flight has no acknowledgement
                        }
                        catch (TaskCanceledException)
                        {
                            return;
                        }
                    }
                })).ToArray();

                var waited = System.Diagnostics.Stopwatch.StartNew();
                while (Volatile.Read(ref acknowledged) < AcknowledgementsBeforeKill * round && waited.Elapsed < TimeSpan.FromSeconds(60))
                {
                    await Task.Delay(10);
                }

                host.Kill();
                await stop.CancelAsync();
                await Task.WhenAll(workers);
                Volatile.Read(ref acknowledged).Should().BeGreaterThanOrEqualTo(AcknowledgementsBeforeKill,
                    "round {0} should have acknowledged writes before the kill; output:\n{1}", round, host.Output);
            }

            using var restarted = await ApiProcess.StartAsync(_data);
            foreach (var (id, (deaths, nature)) in created)
            {
                using var response = await restarted.Client.GetAsync($"{Http.Incidents}/{id}");
                await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
                var body = await response.JsonAsync();
                body.GetProperty("report").GetProperty("figures").GetProperty("deaths").GetInt64().Should().Be(deaths);
                body.Str("nature").Should().Be(nature);
                if (reported.TryGetValue(id, out var summary))
                {
                    response.ETag().Should().BeGreaterThanOrEqualTo(2);
                    body.GetProperty("timeline").EnumerateArray().Should().Contain(t => t.Str("summary").StartsWith(summary),
                        "the acknowledged report of {0} survives round {1}", id, round);
                }
            }

            using var list = await restarted.Client.GetAsync($"{Http.Incidents}?limit=500");
            await list.ShouldHaveStatusAsync(HttpStatusCode.OK);
            var listed = (await list.JsonAsync()).EnumerateArray().Select(e => e.Str("id")).ToArray();
            created.Count.Should().BeLessThan(500, "the list below reads one page");
            listed.Should().Contain(created.Keys, "every acknowledged incident is listed");
            foreach (var id in listed.Except(created.Keys))
            {
                // Written but cut off before its 201 left the host: present or not, it must be whole.
                using var unacknowledged = await restarted.Client.GetAsync($"{Http.Incidents}/{id}");
                await unacknowledged.ShouldHaveStatusAsync(HttpStatusCode.OK);
            }

            await restarted.StopAsync();
            IntegrityCheck().Should().Be("ok", "round {0}", round);
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    private string IntegrityCheck()
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_data, "emergencyplans.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)command.ExecuteScalar()!;
    }
}
