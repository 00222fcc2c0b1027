using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Api.Tests.Feeds;

/// <summary>
/// SIGTERM while a sender's submission runs: the host lets requests run for HostOptions:ShutdownTimeout (30 s by default), then cuts
/// them. Every line answered before the cut is stored, but the log said nothing of the cut submission (session 47, O5): event 8101
/// is logged only for one that ends. Now event 8103 names the sender, the last line answered and the lines committed.
/// </summary>
[Collection(SerialProcessTests.Name)]
public sealed class FeedShutdownTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("feed-shutdown-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task ASubmissionCutByTheShutdown_IsLogged_WithTheSenderTheLastLineAnsweredAndTheLinesCommitted()
    {
        using var api = await ApiProcess.StartAsync(Path.Combine(_dir, "data"),
            $"--Auth:Keys:1:Key={Keys.For(RoleCatalogue.Feed)}", $"--Auth:Keys:1:Roles:0={RoleCatalogue.Feed}", "--Auth:Keys:1:Name=feed-122-gateway",
            "--HostOptions:ShutdownTimeout=00:00:02");
        var records = FeedHttp.Sample("routine-with-bad-lines.ndjson");
        using var socket = new TcpClient();
        await socket.ConnectAsync("127.0.0.1", api.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST {FeedHttp.Feed} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {Keys.For(RoleCatalogue.Feed)}\r\n"
            + "Content-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n"));

        // Two records, each answered while the body stays open (the sender pauses after each); the body is never ended.
        var received = new StringBuilder();
        var buffer = new byte[65536];
        for (var i = 0; i < 2; i++)
        {
            var bytes = Encoding.UTF8.GetBytes(records[i] + "\n");
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"{bytes.Length:x}\r\n"));
            await stream.WriteAsync(bytes);
            await stream.WriteAsync("\r\n"u8.ToArray());
            while (received.ToString().Split("\r\n").Count(l => l.StartsWith("{\"line\":", StringComparison.Ordinal)) < i + 1)
            {
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                var n = await stream.ReadAsync(buffer, wait.Token);
                n.Should().BePositive($"the service closed the connection; received: {received}");
                received.Append(Encoding.UTF8.GetString(buffer, 0, n));
            }
        }

        var stopping = Stopwatch.StartNew();
        await api.StopAsync();
        stopping.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(15), "HostOptions:ShutdownTimeout (2 s here) bounds the wait for the submission");

        var output = api.Output;
        output.Should().Contain("[8103]", "the cut submission is logged; output:\n{0}", output);
        output.Should().Contain("feed submission by feed-122-gateway interrupted (the service is stopping");
        output.Should().Contain("2 lines answered (the last: line 2), 2 lines committed (the last: line 2)");
        output.Should().Contain("send the rest again from line 3");
    }
}
