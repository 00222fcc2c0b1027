using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Domain;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyPlans.Api.Tests.Feeds;

/// <summary>
/// The feed's HTTP surface as a 122 integrator's black-box review met it (docs/feed-122.md): bodies it cannot read as sent
/// (compressed, another charset) are refused with 415 before anything is read; a dispatchId holding '/' has a readable history;
/// a conflict says what the sender should do; a set sent in another order is the same record.
/// </summary>
public sealed class FeedHttpTests : IDisposable
{
    private const string Feed = FeedHttp.Feed;

    private const string Routine =
        """{"eventId":"JC122-20260301-0040-1","dispatchId":"JC122-20260301-0040","sequence":1,"updatedAt":"2026-03-01T07:02:00+08:00","callAt":"2026-03-01T07:00:00+08:00","occurredAt":"2026-03-01T06:58:00+08:00","county":"陵川县","nature":"collision","figures":{"injured":1},"status":"open"}""";

    private readonly ApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    [InlineData("identity, deflate")]
    public async Task Ingest_ACompressedBody_Is415NamingContentEncoding_AndNothingIsReadOrStored(string coding)
    {
        using var client = _factory.As(RoleCatalogue.Feed);
        using var content = new ByteArrayContent(Gzip(Routine + "\n"));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        content.Headers.TryAddWithoutValidation("Content-Encoding", coding).Should().BeTrue();

        using var response = await client.PostAsync(Feed, content);

        await response.ShouldHaveStatusAsync(HttpStatusCode.UnsupportedMediaType);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        response.Headers.GetValues("Accept-Encoding").Should().Equal("identity");
        var problem = await response.JsonAsync();
        problem.GetProperty("errors").GetProperty("Content-Encoding")[0].GetString().Should().Contain("is not accepted").And.Contain("uncompressed");
        problem.Str("detail").Should().StartWith("Content-Encoding: '");
        await NothingStoredAsync();
    }

    [Theory]
    [InlineData("application/x-ndjson; charset=gbk", "gbk")]
    [InlineData("application/x-ndjson; charset=\"GB2312\"", "GB2312")]
    [InlineData("application/x-ndjson;charset=utf-16", "utf-16")]
    public async Task Ingest_ACharsetOtherThanUtf8_Is415NamingIt_AndNothingIsReadOrStored(string contentType, string charset)
    {
        using var client = _factory.As(RoleCatalogue.Feed);
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Routine + "\n"));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType).Should().BeTrue();

        using var response = await client.PostAsync(Feed, content);

        await response.ShouldHaveStatusAsync(HttpStatusCode.UnsupportedMediaType);
        var problem = await response.JsonAsync();
        problem.GetProperty("errors").GetProperty("Content-Type")[0].GetString().Should().Contain($"charset '{charset}' is not accepted").And.Contain("UTF-8");
        await NothingStoredAsync();
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/plain; charset=utf-8")]
    public async Task Ingest_AnotherMediaType_Is415NamingWhatTheFeedTakes(string contentType)
    {
        using var client = _factory.As(RoleCatalogue.Feed);
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Routine + "\n"));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType).Should().BeTrue();

        using var response = await client.PostAsync(Feed, content);

        await response.ShouldHaveStatusAsync(HttpStatusCode.UnsupportedMediaType);
        (await response.JsonAsync()).Str("detail").Should().Contain("application/x-ndjson");
        await NothingStoredAsync();
    }

    [Theory]
    [InlineData("application/json", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("application/x-ndjson", HttpStatusCode.Forbidden)]
    [InlineData("application/x-ndjson; charset=gbk", HttpStatusCode.Forbidden)]
    public async Task Ingest_ByARoleThatMayNotPost_IsForbidden_ButAnotherMediaTypeIsRefusedByRoutingFirst(string contentType, HttpStatusCode expected)
    {
        // docs/feed-122.md, "Known order": the media type is matched by routing (the endpoint's Accepts), before authorisation; the
        // charset and Content-Encoding are the endpoint's own checks, after it. Held so a change of either order is seen.
        using var client = _factory.As(RoleCatalogue.Observer);
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Routine + "\n"));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType).Should().BeTrue();

        using var response = await client.PostAsync(Feed, content);

        await response.ShouldHaveStatusAsync(expected);
        await NothingStoredAsync();
    }

    [Theory]
    [InlineData("application/x-ndjson; charset=utf-8", "identity")]
    [InlineData("application/x-ndjson; charset=UTF8", null)]
    [InlineData(null, null)]
    public async Task Ingest_Utf8Uncompressed_OrWithoutAContentType_IsTaken(string? contentType, string? coding)
    {
        using var client = _factory.As(RoleCatalogue.Feed);
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Routine + "\n"));
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType).Should().BeTrue();
        }

        if (coding is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Encoding", coding).Should().BeTrue();
        }

        using var response = await client.PostAsync(Feed, content);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Contain("\"status\":\"accepted\"");
    }

    [Fact]
    public async Task Resubmit_ACompressedOrGbkBody_Is415_AndTheEntryStaysOpen()
    {
        var (results, _) = await _factory.PostFeedAsync([Routine.Replace("陵川县", "晋中市", StringComparison.Ordinal)]);
        var entry = results[0].GetProperty("quarantineId").GetInt64();
        using var client = _factory.As(RoleCatalogue.Feed);

        using var gzip = new ByteArrayContent(Gzip(Routine));
        gzip.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        gzip.Headers.ContentEncoding.Add("gzip");
        using var compressed = await client.PostAsync($"{Feed}/quarantine/{entry}/resubmit", gzip);
        using var gbk = new ByteArrayContent(Encoding.UTF8.GetBytes(Routine));
        gbk.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=gbk").Should().BeTrue();
        using var otherCharset = await client.PostAsync($"{Feed}/quarantine/{entry}/resubmit", gbk);

        await compressed.ShouldHaveStatusAsync(HttpStatusCode.UnsupportedMediaType);
        (await compressed.JsonAsync()).GetProperty("errors").TryGetProperty("Content-Encoding", out _).Should().BeTrue();
        await otherCharset.ShouldHaveStatusAsync(HttpStatusCode.UnsupportedMediaType);
        (await otherCharset.JsonAsync()).GetProperty("errors").TryGetProperty("Content-Type", out _).Should().BeTrue();
        (await _factory.Services.GetRequiredService<IFeedStore>().GetQuarantineAsync(entry))!.ResolvedAt.Should().BeNull();
    }

    [Fact]
    public async Task Dispatch_AnIdHoldingSlashes_IsReadSentEncodedOrAsItIs()
    {
        const string Id = "晋城/122/0007";
        await _factory.PostFeedAsync([Routine.Replace("JC122-20260301-0040\"", Id + "\"", StringComparison.Ordinal)]);
        using var client = _factory.As(RoleCatalogue.Observer);

        using var encoded = await client.GetAsync($"{Feed}/dispatches/{Uri.EscapeDataString(Id)}");
        using var plain = await client.GetAsync($"{Feed}/dispatches/晋城/122/0007");
        using var unknown = await client.GetAsync($"{Feed}/dispatches/{Uri.EscapeDataString("晋城/122/9999")}");

        await encoded.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await encoded.JsonAsync()).Str("dispatchId").Should().Be(Id);
        await plain.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await plain.JsonAsync()).Str("dispatchId").Should().Be(Id);
        await unknown.ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        (await unknown.JsonAsync()).Str("detail").Should().Contain("'晋城/122/9999'");
    }

    [Fact]
    public async Task Dispatch_NoId_Is400NamingDispatchId()
    {
        using var client = _factory.As(RoleCatalogue.Observer);

        using var response = await client.GetAsync($"{Feed}/dispatches/");

        await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        (await response.JsonAsync()).GetProperty("errors").TryGetProperty("dispatchId", out _).Should().BeTrue();
    }

    [Fact]
    public async Task Ingest_AConflict_SaysASenderToSendAChangedRecordWithANewEventIdAndAHigherSequence()
    {
        await _factory.PostFeedAsync([Routine]);

        var (results, _) = await _factory.PostFeedAsync([Routine.Replace("\"injured\":1", "\"injured\":2", StringComparison.Ordinal)]);

        results[0].Str("status").Should().Be("conflict");
        results[0].Str("field").Should().Be("eventId");
        results[0].Str("reason").Should().Be(
            "eventId 'JC122-20260301-0040-1' was already received with other content; the first one stands: a changed record is a new message: "
            + "send it with a new eventId and a sequence higher than the last one sent for its dispatchId");
    }

    [Fact]
    public async Task Ingest_TheDisruptedCountiesInAnotherOrder_IsADuplicate_AnotherSetAConflict()
    {
        var line = FeedHttp.Sample("hazmat-tanker-leak-g22.ndjson")[1];
        line.Should().Contain("\"disruptedCounties\":[\"阳城县\",\"沁水县\"]");
        var reordered = line.Replace("[\"阳城县\",\"沁水县\"]", "[\"沁水县\",\"阳城县\"]", StringComparison.Ordinal);
        var another = line.Replace("[\"阳城县\",\"沁水县\"]", "[\"沁水县\",\"泽州县\"]", StringComparison.Ordinal);

        var (first, _) = await _factory.PostFeedAsync([line]);
        var (again, _) = await _factory.PostFeedAsync([reordered, another]);
        var (sameBatch, _) = await _factory.PostFeedAsync([reordered.Replace("0011-2", "0011-3", StringComparison.Ordinal).Replace("\"sequence\":2", "\"sequence\":3", StringComparison.Ordinal),
            line.Replace("0011-2", "0011-3", StringComparison.Ordinal).Replace("\"sequence\":2", "\"sequence\":3", StringComparison.Ordinal)]);

        first[0].Str("status").Should().Be("accepted");
        again.Select(r => r.Str("status")).Should().Equal(["duplicate", "conflict"], "a set's order says nothing; other counties are another record");
        sameBatch.Select(r => r.Str("status")).Should().Equal(["accepted", "duplicate"], "within one batch too");
    }

    private async Task NothingStoredAsync()
    {
        using var reader = _factory.As(RoleCatalogue.Observer);
        using var status = await reader.GetAsync($"{Feed}/status");
        (await status.JsonAsync()).Str("state").Should().Be("never-received", "no line was read: nothing is new");
        using var quarantine = await reader.GetAsync($"{Feed}/quarantine");
        (await quarantine.JsonAsync()).GetProperty("entries").GetArrayLength().Should().Be(0, "nothing was quarantined as garbage");
    }

    private static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }
}

/// <summary>
/// The feed on Kestrel, which enforces the body limits (TestServer does not) and keeps the request target as sent: a body sent in chunks over
/// EmergencyPlans:Feed:MaxRequestBytes, and a re-submitted line as long as EmergencyPlans:Feed:MaxLineBytes.
/// </summary>
public sealed class FeedOnKestrelTests
{
    private const string Feed = FeedHttp.Feed;

    [Fact]
    public async Task Ingest_AChunkedBodyOverTheLimit_BeforeAnyAnswer_Is413()
    {
        using var factory = Kestrel(new ApiFactory().With("EmergencyPlans:Feed:MaxRequestBytes", "2000"));
        using var client = factory.As(RoleCatalogue.Feed);
        var body = Encoding.UTF8.GetBytes(string.Join('\n', FeedHttp.Sample("coach-rollover-fog-g207.ndjson")) + "\n");
        body.Length.Should().BeGreaterThan(2000);

        using var response = await client.PostAsync(Feed, Chunked([body]));

        await response.ShouldHaveStatusAsync(HttpStatusCode.RequestEntityTooLarge);
        (await response.JsonAsync()).Str("detail").Should().Contain("?firstLine=");
        (await factory.Services.GetRequiredService<IFeedStore>().CountAsync()).Should().Be(new FeedCounts(0, 0, 0), "no line was committed");
    }

    [Fact]
    public async Task Ingest_AChunkedBodyPassingTheLimitAfterLinesWereAnswered_EndsAbortedWithTheLineToGoOnFrom_AndTheRestGoesInAPart()
    {
        var lines = FeedHttp.Sample("coach-rollover-fog-g207.ndjson");
        var head = Encoding.UTF8.GetBytes(string.Join('\n', lines[..2]) + "\n");
        var tail = Encoding.UTF8.GetBytes(string.Join('\n', lines[2..]) + "\n");
        using var factory = Kestrel(new ApiFactory()
            .With("EmergencyPlans:Feed:MaxRequestBytes", (head.Length + 10).ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("EmergencyPlans:Feed:BatchSize", "1"));
        using var client = factory.As(RoleCatalogue.Feed);

        // A first submission warms the service up, so that the lines below are answered within the pause between the parts.
        await factory.PostFeedAsync([FeedHttp.Sample("routine-with-bad-lines.ndjson")[0]]);

        // The first two lines, then (once they are answered) the rest, which passes the limit: written on the socket itself, so
        // that the first part is on the wire before the second is written.
        var answers = await PostInTwoChunksAsync(client.BaseAddress!, head, tail);

        answers[..^1].Select(a => a.GetProperty("line").GetInt64()).Should().Equal(1L, 2L);
        var aborted = answers[^1];
        aborted.TryGetProperty("summary", out _).Should().BeFalse();
        aborted.Str("aborted").Should().Contain("passed the feed limit").And.Contain("from line 3").And.Contain("?firstLine=");
        aborted.GetProperty("nextLine").GetInt64().Should().Be(3);

        using var rest = new ByteArrayContent(tail);
        rest.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        using var part = await client.PostAsync($"{Feed}?firstLine=3", rest);
        await part.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var partAnswers = (await part.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToArray();
        partAnswers[0].GetProperty("line").GetInt64().Should().Be(3);
        partAnswers[^1].GetProperty("summary").GetProperty("rejected").GetInt64().Should().Be(0);
    }

    [Fact]
    public async Task Resubmit_ALineOfMaxLineBytesAndItsLineEnding_IsTaken_ALongerBodyIs413()
    {
        const string Routine =
            """{"eventId":"JC122-20260301-0040-1","dispatchId":"JC122-20260301-0040","sequence":1,"updatedAt":"2026-03-01T07:02:00+08:00","callAt":"2026-03-01T07:00:00+08:00","occurredAt":"2026-03-01T06:58:00+08:00","county":"陵川县","nature":"collision","figures":{"injured":1},"status":"open"}""";
        using var factory = Kestrel(new ApiFactory());
        var (results, _) = await factory.PostFeedAsync([Routine.Replace("陵川县", "晋中市", StringComparison.Ordinal)]);
        var entry = results[0].GetProperty("quarantineId").GetInt64();
        // 65,536 bytes of JSON (the default MaxLineBytes, also the default ordinary body limit), padded with white space.
        var padded = "{" + new string(' ', (64 * 1024) - Encoding.UTF8.GetByteCount(Routine)) + Routine[1..];
        Encoding.UTF8.GetByteCount(padded).Should().Be(64 * 1024);
        using var client = factory.As(RoleCatalogue.Feed);

        using var tooLong = await client.PostAsync($"{Feed}/quarantine/{entry}/resubmit",
            new StringContent(" " + padded + "\r\n\n", Encoding.UTF8, "application/x-ndjson"));
        using var taken = await client.PostAsync($"{Feed}/quarantine/{entry}/resubmit", new StringContent(padded + "\r\n", Encoding.UTF8, "application/x-ndjson"));

        await tooLong.ShouldHaveStatusAsync(HttpStatusCode.RequestEntityTooLarge);
        (await tooLong.JsonAsync()).Str("detail").Should().Contain("EmergencyPlans:Feed:MaxLineBytes");
        await taken.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await taken.JsonAsync()).Str("status").Should().Be("accepted");
    }

    [Fact]
    public async Task Dispatch_AnIdHoldingSlashesOrThePercentSign_IsReadFromTheTargetAsSent()
    {
        // On Kestrel, whose path leaves %2F encoded and decodes %25: the id is read from the request's target as sent, so
        // "JC%2F9" (sent as JC%252F9) is not taken for "JC/9".
        const string Routine =
            """{"eventId":"JC122-20260301-0040-1","dispatchId":"JC122-20260301-0040","sequence":1,"updatedAt":"2026-03-01T07:02:00+08:00","callAt":"2026-03-01T07:00:00+08:00","occurredAt":"2026-03-01T06:58:00+08:00","county":"陵川县","nature":"collision","figures":{"injured":1},"status":"open"}""";
        using var factory = Kestrel(new ApiFactory());
        await factory.PostFeedAsync([
            Routine.Replace("JC122-20260301-0040\"", "JC/9\"", StringComparison.Ordinal),
            Routine.Replace("JC122-20260301-0040-1", "JC122-20260301-0041-1", StringComparison.Ordinal).Replace("JC122-20260301-0040\"", "JC%2F9\"", StringComparison.Ordinal),
        ]);
        using var client = factory.As(RoleCatalogue.Observer);

        foreach (var (sent, id) in new[] { ("JC%2F9", "JC/9"), ("JC/9", "JC/9"), ("JC%252F9", "JC%2F9") })
        {
            using var response = await client.GetAsync($"{Feed}/dispatches/{sent}");
            await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
            (await response.JsonAsync()).Str("dispatchId").Should().Be(id, $"sent as {sent}");
        }
    }

    /// <summary>POSTs <paramref name="head"/> and, once its answers have come, <paramref name="tail"/> in chunks; the answer's lines.</summary>
    private static async Task<JsonElement[]> PostInTwoChunksAsync(Uri server, byte[] head, byte[] tail)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        var stream = tcp.GetStream();
        async Task WriteAsync(byte[] bytes) => await stream.WriteAsync(bytes);
        async Task ChunkAsync(byte[] bytes)
        {
            await WriteAsync(Encoding.ASCII.GetBytes($"{bytes.Length:x}\r\n"));
            await WriteAsync(bytes);
            await WriteAsync("\r\n"u8.ToArray());
        }

        await WriteAsync(Encoding.ASCII.GetBytes($"POST {Feed} HTTP/1.1\r\nHost: {server.Authority}\r\nAuthorization: Bearer {Keys.For(RoleCatalogue.Feed)}\r\n"
            + "Content-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"));
        await ChunkAsync(head);
        var received = new MemoryStream();
        var buffer = new byte[8192];
        // The answers to the first part (the status line, headers and two answer lines) before the second part is sent.
        while (Encoding.UTF8.GetString(received.ToArray()).Split("\"line\":").Length < 3)
        {
            var n = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            n.Should().BePositive("the first part's lines are answered while the body is still coming");
            received.Write(buffer, 0, n);
        }

        try
        {
            await ChunkAsync(tail);
            await WriteAsync("0\r\n\r\n"u8.ToArray());
        }
        catch (IOException)
        {
            // The server may close the connection once the limit is passed.
        }

        int read;
        while ((read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(30))) > 0)
        {
            received.Write(buffer, 0, read);
        }

        var bytes = received.ToArray();
        Encoding.ASCII.GetString(bytes, 0, 12).Should().Be("HTTP/1.1 200");
        // The body, taken out of its chunks: each chunk's size in hex, CRLF, the bytes, CRLF; a chunk of 0 ends it.
        var at = bytes.AsSpan().IndexOf("\r\n\r\n"u8) + 4;
        var body = new MemoryStream();
        while (at < bytes.Length)
        {
            var end = at + bytes.AsSpan(at).IndexOf("\r\n"u8);
            var size = Convert.ToInt32(Encoding.ASCII.GetString(bytes, at, end - at), 16);
            if (size == 0)
            {
                break;
            }

            body.Write(bytes, end + 2, size);
            at = end + 2 + size + 2;
        }

        return Encoding.UTF8.GetString(body.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToArray();
    }

    private static ApiFactory Kestrel(ApiFactory factory)
    {
        factory.UseKestrel(0);
        return factory;
    }

    /// <summary>A body without Content-Length, sent in chunks: each part flushed, then a pause so the service answers what it has read.</summary>
    private static PartsContent Chunked(byte[][] parts) => new(parts);

    private sealed class PartsContent : HttpContent
    {
        private readonly byte[][] _parts;

        public PartsContent(byte[][] parts)
        {
            _parts = parts;
            Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var i = 0; i < _parts.Length; i++)
            {
                if (i > 0)
                {
                    await Task.Delay(TimeSpan.FromSeconds(3));
                }

                await stream.WriteAsync(_parts[i]);
                await stream.FlushAsync();
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
