using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Api.Tests.Feeds;

/// <summary>
/// POST /api/v1/feeds/122 on a raw socket, its body written a chunk at a time (HTTP/1.1 chunked) and kept open for as long as the test
/// says: the test, not a client library, decides when each chunk goes. The answer's NDJSON objects are read as they arrive.
/// </summary>
internal sealed class HeldOpenFeedSubmission : IDisposable
{
    private readonly TcpClient _socket;
    private readonly NetworkStream _stream;
    private readonly StringBuilder _received = new();
    private readonly byte[] _buffer = new byte[65536];
    private int _taken;

    private HeldOpenFeedSubmission(TcpClient socket)
    {
        _socket = socket;
        _stream = socket.GetStream();
    }

    /// <summary>Connects to the service on <paramref name="port"/> and sends the request's head with the feed role's key.</summary>
    public static async Task<HeldOpenFeedSubmission> OpenAsync(int port)
    {
        var socket = new TcpClient();
        await socket.ConnectAsync("127.0.0.1", port);
        var submission = new HeldOpenFeedSubmission(socket);
        await submission._stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST {FeedHttp.Feed} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {Keys.For(RoleCatalogue.Feed)}\r\n"
            + "Content-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n"));
        return submission;
    }

    /// <summary>Sends <paramref name="text"/> as one chunk of the body.</summary>
    public async Task SendAsync(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        await _stream.WriteAsync(Encoding.ASCII.GetBytes($"{bytes.Length:x}\r\n"));
        await _stream.WriteAsync(bytes);
        await _stream.WriteAsync("\r\n"u8.ToArray());
        await _stream.FlushAsync();
    }

    /// <summary>Ends the body (the last, empty chunk).</summary>
    public Task EndAsync() => _stream.WriteAsync("0\r\n\r\n"u8.ToArray()).AsTask();

    /// <summary>The answer's next NDJSON object (a line of JSON begins with '{'; chunk sizes and headers do not), waiting up to 10 s.</summary>
    public async Task<JsonElement> NextAnswerAsync()
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            // Only what a chunk's end has followed: the last piece may still be arriving.
            var pieces = _received.ToString().Split("\r\n");
            var objects = pieces[..^1].Where(l => l.StartsWith('{')).ToArray();
            if (objects.Length > _taken)
            {
                return JsonDocument.Parse(objects[_taken++]).RootElement;
            }

            watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), $"an answer should have come; received so far: {_received}");
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var n = await _stream.ReadAsync(_buffer, wait.Token);
            n.Should().BePositive($"the service closed the connection; received: {_received}");
            _received.Append(Encoding.UTF8.GetString(_buffer, 0, n));
        }
    }

    public void Dispose() => _socket.Dispose();
}
