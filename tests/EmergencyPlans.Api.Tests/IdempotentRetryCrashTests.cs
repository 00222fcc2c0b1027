using EmergencyPlans.Core.Domain;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using EmergencyPlans.Api.Tests.Support;
using FluentAssertions.Execution;
using Xunit.Abstractions;

namespace EmergencyPlans.Api.Tests;

/// <summary>
/// The Idempotency-Key contract against the real host, killed with SIGKILL while clients write:
/// every intended write has its own key, chosen before its first attempt, and a write that got no
/// answer is sent again with the same key and body until it is answered. However often the host
/// died between "committed" and "answered", each intended write takes effect exactly once, and a
/// retried If-Match write answers with the version its first attempt produced instead of 412.
/// </summary>
/// <remarks>
/// The kill moments, the clients' plans and their back-off come from one seed, written to the test
/// output. Set EMERGENCYPLANS_CRASH_SEED to that number to run the same schedule again (thread timing
/// still varies, so a failure it found is likely, not certain, to come back).
/// </remarks>
[Collection(SerialProcessTests.Name)]
[Trait("Category", "Process")]
public sealed class IdempotentRetryCrashTests(ITestOutputHelper output) : IDisposable
{
    private const string KeyHeader = "Idempotency-Key";
    private const string SeedVariable = "EMERGENCYPLANS_CRASH_SEED";
    private const int Clients = 6;
    private const int OpensPerClient = 6;
    private const int MaxReportsPerIncident = 4;
    private const int Kills = 5;
    private const int MaxAttemptsPerWrite = 60;
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RunBudget = TimeSpan.FromSeconds(120);

    private readonly string _data = Directory.CreateTempSubdirectory("emergencyplans-idempotency-").FullName;
    private readonly List<ApiProcess> _hosts = [];

    [Fact]
    public async Task Writes_RetriedWithTheirKeyAcrossKills_TakeEffectExactlyOnce()
    {
        var seed = Seed();
        output.WriteLine($"seed {seed} (run again with {SeedVariable}={seed})");
        var random = new Random(seed);
        var plans = Enumerable.Range(0, Clients).Select(c => Plan(c, new Random(random.Next()))).ToArray();
        var intendedWrites = plans.Sum(p => p.Count);
        var killAfter = KillGaps(random, intendedWrites);
        output.WriteLine($"{Clients} clients, {intendedWrites} intended writes; each kill after {string.Join(", ", killAfter)} more acknowledgements");

        var host = new Host(await StartHostAsync());
        using var http = LoopbackClient();
        var run = new Run(host, http);
        using var budget = new CancellationTokenSource(RunBudget);
        var clock = Stopwatch.StartNew();

        var clients = plans.Select((plan, c) => RunClientAsync(c, plan, new Random(random.Next()), run, budget.Token)).ToArray();
        var allDone = Task.WhenAll(clients);
        var kills = 0;
        var inFlightAtKills = 0;
        foreach (var gap in killAfter)
        {
            var threshold = Volatile.Read(ref run.Acknowledged) + gap;
            while (Volatile.Read(ref run.Acknowledged) < threshold && !allDone.IsCompleted && !budget.IsCancellationRequested)
            {
                await Task.WhenAny(allDone, Task.Delay(5));
            }

            if (allDone.IsCompleted || budget.IsCancellationRequested)
            {
                break;
            }

            await Task.Delay(random.Next(0, 30));
            var inFlight = Volatile.Read(ref run.InFlight);
            host.Current.Kill();
            kills++;
            inFlightAtKills += inFlight;
            output.WriteLine($"{clock.Elapsed.TotalSeconds,6:F2}s kill {kills}: {Volatile.Read(ref run.Acknowledged)} acknowledged, {inFlight} requests in flight");
            await Task.Delay(random.Next(50, 500));
            host.Current = await StartHostAsync();
            output.WriteLine($"{clock.Elapsed.TotalSeconds,6:F2}s restarted on port {host.Current.Port}");
        }

        try
        {
            await allDone; // every wait in the clients ends when the budget does
        }
        catch (Exception) when (allDone.IsCompleted)
        {
            foreach (var failed in clients.Where(c => c.IsFaulted))
            {
                run.Violate($"a client stopped: {failed.Exception!.InnerException}");
            }
        }

        var finished = clients.All(c => c.IsCompletedSuccessfully);
        var results = clients.Where(c => c.IsCompletedSuccessfully).Select(c => c.Result).ToArray();
        output.WriteLine($"{clock.Elapsed.TotalSeconds,6:F2}s clients done: {run.Retries} retries ({run.Refused} refused, {run.CutOff} cut off, " +
                         $"{run.TimedOut} timed out, {run.InProgress} in progress), {run.Violations.Count} violations");

        var expectedIds = results.SelectMany(r => r.Incidents).Where(i => i.Id is not null).ToDictionary(i => i.Id!, i => i);
        var listed = await ListIdsAsync(host.Current.Client);
        var mismatches = new List<string>();
        foreach (var (id, incident) in expectedIds)
        {
            using var response = await host.Current.Client.GetAsync($"{Http.Incidents}/{id}");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                mismatches.Add($"{incident.Nature} ({id}): GET answered {(int)response.StatusCode}");
                continue;
            }

            var body = await response.JsonAsync();
            var continuations = body.GetProperty("timeline").EnumerateArray().Count(t => t.Str("type") == "continuation-report");
            if (continuations != incident.IntendedReports || response.ETag() != 1 + incident.IntendedReports)
            {
                mismatches.Add($"{incident.Nature} ({id}): {continuations} continuation reports at version {response.ETag()}, " +
                               $"intended {incident.IntendedReports} at version {1 + incident.IntendedReports}");
            }
        }

        var extras = new List<string>();
        foreach (var id in listed.Where(id => !expectedIds.ContainsKey(id)))
        {
            using var response = await host.Current.Client.GetAsync($"{Http.Incidents}/{id}");
            extras.Add($"{(await response.JsonAsync()).Str("nature")} ({id})");
        }

        var (replayed, mismatch) = await DifferentBodySameKeyAsync(host.Current.Client);

        using var scope = new AssertionScope();
        scope.AddReportable("seed", $"{seed.ToString(CultureInfo.InvariantCulture)} (run again with {SeedVariable}={seed})");
        finished.Should().BeTrue("every client finishes its writes within {0} with retries bounded to {1} attempts a write", RunBudget, MaxAttemptsPerWrite);
        kills.Should().Be(Kills, "the host is killed {0} times while the clients write", Kills);
        run.Retries.Should().BeGreaterThan(0, "the kills must leave requests unanswered, or the test proves nothing");
        inFlightAtKills.Should().BeGreaterThan(0, "some requests were in flight when the host was killed");
        run.Violations.Should().BeEmpty("every write, retried with its key, is answered as its first attempt would have been: " +
                                        "201 for an open, 200 at If-Match + 1 for a report, never 412 for a retried report whose first attempt committed");
        listed.Count.Should().Be(Clients * OpensPerClient, "each intended open creates exactly one incident, however often it was sent");
        extras.Should().BeEmpty("every listed incident is one a client was answered with; these are second effects of retried opens");
        expectedIds.Keys.Should().BeSubsetOf(listed, "the incident each client was answered with is the one stored");
        mismatches.Should().BeEmpty("each incident holds exactly one continuation report per intended report");
        replayed.Should().Be("201 with the same incident", "the same key with the same body returns the first response and has no second effect");
        mismatch.Should().Be("422 application/problem+json", "the same key with a different body is refused with a problem document");
    }

    public void Dispose()
    {
        foreach (var host in _hosts)
        {
            host.Dispose();
        }

        Directory.Delete(_data, recursive: true);
    }

    private static int Seed() =>
        int.TryParse(Environment.GetEnvironmentVariable(SeedVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed)
            ? seed
            : Random.Shared.Next();

    /// <summary>
    /// One client's intended writes, in its order: its opens, and the continuation reports on incidents
    /// it opened earlier in the list, interleaved. Each has its key and body fixed here, before any attempt.
    /// </summary>
    private static List<Write> Plan(int client, Random random)
    {
        var intended = Enumerable.Range(0, OpensPerClient).Select(_ => random.Next(1, MaxReportsPerIncident + 1)).ToArray();
        var filed = new int[OpensPerClient];
        var opened = 0;
        var writes = new List<Write>();
        while (true)
        {
            var reportable = Enumerable.Range(0, opened).Where(s => filed[s] < intended[s]).ToArray();
            if (opened == OpensPerClient && reportable.Length == 0)
            {
                return writes;
            }

            if (opened < OpensPerClient && (reportable.Length == 0 || random.Next(3) == 0))
            {
                var body = Bodies.Incident(figures: new { deaths = 1, seriousInjuries = opened, directLossWan = 10m });
                body["nature"] = Nature(client, opened);
                writes.Add(new Write(Kind.Open, opened, Guid.NewGuid(), JsonSerializer.Serialize(body, JsonSerializerOptions.Web), intended[opened]));
                opened++;
            }
            else
            {
                var slot = reportable[random.Next(reportable.Length)];
                filed[slot]++;
                var body = Bodies.Continuation(summary: $"{Nature(client, slot)} 续报{filed[slot]}");
                writes.Add(new Write(Kind.Report, slot, Guid.NewGuid(), JsonSerializer.Serialize(body, JsonSerializerOptions.Web), intended[slot]));
            }
        }
    }

    private static string Nature(int client, int slot) => $"客户端{client} 第{slot}起";

    /// <summary>
    /// How many writes the restarted host acknowledges before each kill: at least a few, so every kill hits
    /// a host that is taking writes, and together at most 80% of the run, so every kill lands while the
    /// clients still have writes to send.
    /// </summary>
    private static int[] KillGaps(Random random, int writes)
    {
        var most = Math.Max(3, writes * 80 / 100 / Kills);
        return Enumerable.Range(0, Kills).Select(_ => random.Next(2, most + 1)).ToArray();
    }

    private static async Task<ClientResult> RunClientAsync(int client, IReadOnlyList<Write> plan, Random random, Run run, CancellationToken budget)
    {
        await Task.Yield();
        var incidents = Enumerable.Range(0, OpensPerClient)
            .Select(s => new Incident(Nature(client, s), plan.First(w => w.Kind == Kind.Open && w.Slot == s).IntendedReports))
            .ToArray();
        foreach (var write in plan)
        {
            var incident = incidents[write.Slot];
            if (write.Kind == Kind.Open)
            {
                var answer = await SendUntilAnsweredAsync(Http.Incidents, write, null, random, run, budget);
                if (answer is null)
                {
                    run.Violate($"{incident.Nature}: the open (key {write.Key}) got no answer in {MaxAttemptsPerWrite} attempts");
                    continue;
                }

                if (answer.Status != HttpStatusCode.Created || answer.ETag != 1)
                {
                    run.Violate($"{incident.Nature}: the open (key {write.Key}, attempt {answer.Attempt}) answered {answer}");
                    continue;
                }

                using var json = JsonDocument.Parse(answer.Body);
                incident.Id = json.RootElement.Str("id");
                incident.Version = 1;
                run.Acknowledge();
                continue;
            }

            if (incident.Id is null)
            {
                continue; // its open already failed the test
            }

            var ifMatch = incident.Version;
            var report = await SendUntilAnsweredAsync($"{Http.Incidents}/{incident.Id}/reports", write, ifMatch, random, run, budget);
            if (report is null)
            {
                run.Violate($"{incident.Nature}: a report (key {write.Key}) got no answer in {MaxAttemptsPerWrite} attempts");
                continue;
            }

            if (report.Status == HttpStatusCode.PreconditionFailed)
            {
                // Only this client writes to this incident, so the version moved under If-Match only
                // because an earlier attempt of this very write committed.
                run.Violate($"{incident.Nature}: report (key {write.Key}, If-Match {ifMatch}) answered 412 on attempt {report.Attempt}: " +
                            "its first attempt committed, and the retry with the same key was not given the first response");
                incident.Version = report.ETag ?? incident.Version;
                continue;
            }

            using var document = report.Status == HttpStatusCode.OK ? JsonDocument.Parse(report.Body) : null;
            if (document is null || report.ETag != ifMatch + 1 || document.RootElement.GetProperty("version").GetInt64() != ifMatch + 1)
            {
                run.Violate($"{incident.Nature}: report (key {write.Key}, If-Match {ifMatch}, attempt {report.Attempt}) " +
                            $"answered {report}; expected 200 at version {ifMatch + 1}, the version its first attempt produced");
                incident.Version = report.ETag ?? incident.Version;
                continue;
            }

            incident.Version = report.ETag.Value;
            run.Acknowledge();
        }

        return new ClientResult(incidents);
    }

    /// <summary>
    /// Sends the write with its key until the host answers: a refused or reset connection or a timeout is
    /// no answer, and the same body goes again with the same key. A 409 to a retry is the host saying the
    /// key's first attempt is still running (the key header draft's answer to a concurrent duplicate): also
    /// no answer yet. Null after <see cref="MaxAttemptsPerWrite"/> attempts.
    /// </summary>
    private static async Task<Answer?> SendUntilAnsweredAsync(string path, Write write, long? ifMatch, Random random, Run run, CancellationToken budget)
    {
        for (var attempt = 1; attempt <= MaxAttemptsPerWrite; attempt++)
        {
            if (attempt > 1)
            {
                Interlocked.Increment(ref run.Retries);
                // Backing off to about a second: a host restart takes ~5 s on a loaded machine, and a write
                // can meet two of them, so a fixed short delay ran out of attempts while the host was down.
                var ceiling = Math.Min(1000, 50 << Math.Min(attempt, 5));
                await Task.Delay(random.Next(ceiling / 2, ceiling), budget);
            }

            using var request = Http.Request(run.Host.BaseAddress + path, new StringContent(write.Json, Encoding.UTF8, "application/json"), ifMatch);
            request.Headers.TryAddWithoutValidation(KeyHeader, write.Key.ToString());
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(budget);
            timeout.CancelAfter(AttemptTimeout);
            Interlocked.Increment(ref run.InFlight);
            try
            {
                using var response = await run.Http.SendAsync(request, timeout.Token);
                var body = await response.Content.ReadAsStringAsync(timeout.Token);
                if (response.StatusCode == HttpStatusCode.Conflict && attempt > 1)
                {
                    Interlocked.Increment(ref run.InProgress);
                    continue;
                }

                long? etag = response.Headers.ETag is { } tag && long.TryParse(tag.Tag.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
                return new Answer(response.StatusCode, etag, body, attempt);
            }
            catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ConnectionError && e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                Interlocked.Increment(ref run.Refused);
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                Interlocked.Increment(ref run.CutOff);
            }
            catch (OperationCanceledException) when (!budget.IsCancellationRequested)
            {
                Interlocked.Increment(ref run.TimedOut);
            }
            finally
            {
                Interlocked.Decrement(ref run.InFlight);
            }
        }

        return null;
    }

    /// <summary>The direct check, host up: a key used again with the same body replays; with another body it is refused with 422.</summary>
    private static async Task<(string Replayed, string Mismatch)> DifferentBodySameKeyAsync(HttpClient client)
    {
        var key = Guid.NewGuid().ToString();
        var first = Bodies.Incident();
        first["nature"] = "同键不同体 原请求";
        var other = Bodies.Incident();
        other["nature"] = "同键不同体 改过的请求";

        using var created = await client.SendAsync(Keyed(first, key));
        await created.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var id = (await created.JsonAsync()).Str("id");

        using var again = await client.SendAsync(Keyed(first, key));
        var replayed = again.StatusCode == HttpStatusCode.Created && (await again.JsonAsync()).Str("id") == id
            ? "201 with the same incident"
            : $"{(int)again.StatusCode} {Short(await again.Content.ReadAsStringAsync())}";

        using var refused = await client.SendAsync(Keyed(other, key));
        var mismatch = refused.StatusCode == HttpStatusCode.UnprocessableEntity && refused.Content.Headers.ContentType?.MediaType == "application/problem+json"
            ? "422 application/problem+json"
            : $"{(int)refused.StatusCode} {refused.Content.Headers.ContentType?.MediaType} {Short(await refused.Content.ReadAsStringAsync())}";
        return (replayed, mismatch);

        static HttpRequestMessage Keyed(object body, string key)
        {
            var request = Http.Request(Http.Incidents, new StringContent(JsonSerializer.Serialize(body, JsonSerializerOptions.Web), Encoding.UTF8, "application/json"), null);
            request.Headers.TryAddWithoutValidation(KeyHeader, key);
            return request;
        }
    }

    private static string Short(string body) => body.Length <= 160 ? body : body[..160] + "…";

    private static async Task<IReadOnlyList<string>> ListIdsAsync(HttpClient client)
    {
        using var list = await client.GetAsync($"{Http.Incidents}?limit=500");
        await list.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return (await list.JsonAsync()).EnumerateArray().Select(e => e.Str("id")).ToArray();
    }

    /// <summary>Loopback only, no pooled connection outliving a kill for long, and timeouts per attempt instead of per client.</summary>
    private static HttpClient LoopbackClient()
    {
        var client = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2), UseProxy = false })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Keys.For(RoleCatalogue.DutyOfficer));
        return client;
    }

    private async Task<ApiProcess> StartHostAsync()
    {
        var started = Stopwatch.StartNew();
        var host = await ApiProcess.StartAsync(_data);
        _hosts.Add(host);
        output.WriteLine($"host {_hosts.Count} ready on 127.0.0.1:{host.Port} in {started.ElapsedMilliseconds} ms");
        return host;
    }

    private enum Kind
    {
        Open,
        Report,
    }

    /// <summary>One intended write: its key and body are fixed before the first attempt and never change.</summary>
    private sealed record Write(Kind Kind, int Slot, Guid Key, string Json, int IntendedReports);

    private sealed record Answer(HttpStatusCode Status, long? ETag, string Body, int Attempt)
    {
        public override string ToString() => $"{(int)Status} ETag {ETag?.ToString(CultureInfo.InvariantCulture) ?? "none"} {Short(Body)}";
    }

    private sealed class Incident(string nature, int intendedReports)
    {
        public string Nature { get; } = nature;

        public int IntendedReports { get; } = intendedReports;

        public string? Id { get; set; }

        public long Version { get; set; }
    }

    private sealed record ClientResult(IReadOnlyList<Incident> Incidents);

    /// <summary>The host the clients should talk to now; replaced after each kill.</summary>
    private sealed class Host(ApiProcess first)
    {
        private volatile ApiProcess _current = first;

        public ApiProcess Current
        {
            get => _current;
            set => _current = value;
        }

        public string BaseAddress => $"http://127.0.0.1:{_current.Port}";
    }

    /// <summary>What the clients share: the host, the HTTP client, counters and the violations they saw.</summary>
    private sealed class Run(Host host, HttpClient http)
    {
        public int Acknowledged;
        public int InFlight;
        public int Retries;
        public int Refused;
        public int CutOff;
        public int TimedOut;
        public int InProgress;

        public Host Host { get; } = host;

        public HttpClient Http { get; } = http;

        public System.Collections.Concurrent.ConcurrentQueue<string> Violations { get; } = new();

        public void Acknowledge() => Interlocked.Increment(ref Acknowledged);

        public void Violate(string violation) => Violations.Enqueue(violation);
    }
}
