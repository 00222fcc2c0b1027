using System.Text;
using EmergencyPlans.Application.Feeds;

namespace EmergencyPlans.Api.Tests.Feeds;

/// <summary>
/// The feed's lines read as bytes split, skip and decode as a text reader did before (the service's stored lines and
/// their hashes were made that way): every case is checked against <see cref="StreamReader.ReadLine"/> itself, with
/// buffers small enough to cut terminators and multi-byte characters between reads.
/// </summary>
public sealed class FeedLineReaderTests
{
    public static TheoryData<string, byte[]> Inputs() => new()
    {
        { "lf, last line without one", Utf8("{\"a\":1}\n{\"b\":\"泽州县\"}") },
        { "crlf", Utf8("{\"a\":1}\r\n{\"b\":2}\r\n") },
        { "a lone cr ends a line too", Utf8("a\rb\r\rc") },
        { "byte order mark", [0xEF, 0xBB, 0xBF, .. Utf8("{\"county\":\"阳城县\"}\n")] },
        { "blank lines between", Utf8("a\n\n \t\n\u3000\nb\n") },
        { "only a newline", Utf8("\n") },
        { "empty", [] },
        { "ends with cr", Utf8("a\r") },
        { "invalid utf-8 in a line", [.. Utf8("{\"text\":\""), 0xC3, 0x28, 0xFF, .. Utf8("\"}\nnext\n")] },
        { "chinese across every cut", Utf8(string.Concat(Enumerable.Repeat("晋城市泽州县高平市\r\n", 7))) },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task Lines_AreThoseATextReaderReads_AsUtf8(string name, byte[] input)
    {
        var expected = new List<byte[]>();
        using (var text = new StreamReader(new MemoryStream(input), Encoding.UTF8))
        {
            while (text.ReadLine() is { } line)
            {
                expected.Add(Encoding.UTF8.GetBytes(line));
            }
        }

        foreach (var buffer in new[] { 4, 5, 7, 64, FeedIngestor.FileBufferBytes })
        {
            using var reader = new FeedLineReader(new MemoryStream(input), buffer);
            var lines = new List<byte[]>();
            while (await reader.NextAsync(CancellationToken.None) is { } line)
            {
                lines.Add(line);
            }

            lines.Should().BeEquivalentTo(expected, o => o.WithStrictOrdering(), $"{name}, buffer of {buffer} bytes");
        }
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task Lines_ReadOneByteAtATime_AreThoseATextReaderReads_TheByteOrderMarkIncluded(string name, byte[] input)
    {
        // Chunked HTTP may hand the body over as EF BB, then BF and the record: the mark is still a mark.
        var expected = new List<byte[]>();
        using (var text = new StreamReader(new MemoryStream(input), Encoding.UTF8))
        {
            while (text.ReadLine() is { } line)
            {
                expected.Add(Encoding.UTF8.GetBytes(line));
            }
        }

        using var reader = new FeedLineReader(new TrickleStream(input, 1), 64);
        var lines = new List<byte[]>();
        while (await reader.NextAsync(CancellationToken.None) is { } line)
        {
            lines.Add(line);
        }

        lines.Should().BeEquivalentTo(expected, o => o.WithStrictOrdering(), name);
    }

    [Fact]
    public async Task ALineLongerThanTheLimit_KeepsItsFirstBytesCutWhereACharacterEnds_ReportsItsLength_AndTheNextLineIsRead()
    {
        // 20 MB without a newline, then a line: the reader keeps 100 bytes of the first, never the whole of it.
        const long Long = 20_000_000;
        var head = Utf8("{\"text\":\"" + new string('泽', 40)); // 9 bytes, then 3 bytes a character: byte 100 is inside one
        var input = new GeneratedStream(head, Long, "\r\n{\"b\":1}\n"u8.ToArray());
        foreach (var buffer in new[] { 7, FeedIngestor.FileBufferBytes })
        {
            input.Position = 0;
            using var reader = new FeedLineReader(input, buffer, maxLineBytes: 100);

            var first = await reader.NextAsync(CancellationToken.None);
            first.Should().Equal(head[..99], $"the first 100 bytes, cut back to the last whole character (buffer of {buffer} bytes)");
            reader.CutFrom.Should().Be(Long);
            reader.InvalidUtf8At.Should().BeNull("a cut where a character ends is not invalid UTF-8");
            (await reader.NextAsync(CancellationToken.None)).Should().Equal("{\"b\":1}"u8.ToArray());
            reader.CutFrom.Should().BeNull();
            (await reader.NextAsync(CancellationToken.None)).Should().BeNull();
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x61, 0xE6, 0xB3 }, 1)]
    [InlineData(new byte[] { 0x61, 0xE6, 0xB3, 0xBD }, 4)]
    [InlineData(new byte[] { 0x61, 0xF0, 0x9F, 0x98 }, 1)]
    [InlineData(new byte[] { 0x61, 0xC3 }, 1)]
    [InlineData(new byte[] { 0x61, 0x62 }, 2)]
    [InlineData(new byte[] { }, 0)]
    public void Utf8Prefix_LeavesOutACharacterCutInTwo(byte[] bytes, int expected)
    {
        FeedLineReader.Utf8Prefix(bytes).Should().Be(expected);
    }

    [Fact]
    public async Task InvalidUtf8At_NamesWhereEachLineStoppedBeingUtf8_KeepsItsBytes_AndIsClearedForTheNext()
    {
        // 0xC3 starts a two-byte sequence that 0x28 '(' does not continue: the line stops being UTF-8 at its 10th byte (index 9).
        byte[] invalid = [.. Utf8("{\"text\":\""), 0xC3, 0x28, 0xFF, .. Utf8("\"}")];
        byte[] input = [.. invalid, .. Utf8("\n{\"b\":\"泽州县\"}\n")];
        foreach (var buffer in new[] { 4, 64 })
        {
            using var reader = new FeedLineReader(new MemoryStream(input), buffer);

            (await reader.NextAsync(CancellationToken.None)).Should().NotBeNull();
            reader.InvalidUtf8At.Should().Be(9, $"buffer of {buffer} bytes");
            reader.InvalidUtf8Bytes.Should().Equal(invalid, "the line as received, before its invalid sequences were replaced");
            (await reader.NextAsync(CancellationToken.None)).Should().NotBeNull();
            reader.InvalidUtf8At.Should().BeNull();
            reader.InvalidUtf8Bytes.Should().BeNull();
        }
    }

    [Theory]
    [InlineData("", true)]
    [InlineData(" \t ", true)]
    [InlineData("\u3000", true)] // an ideographic space
    [InlineData("{}", false)]
    [InlineData(" 泽", false)]
    public void IsBlank_AsStringIsNullOrWhiteSpace(string line, bool blank)
    {
        FeedLineReader.IsBlank(Utf8(line)).Should().Be(blank).And.Be(string.IsNullOrWhiteSpace(line));
    }

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}

/// <summary>A stream that hands over at most <c>step</c> bytes a read, as a slow network does.</summary>
internal sealed class TrickleStream(byte[] bytes, int step) : MemoryStream(bytes)
{
    public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, step));

    public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, step)]);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        base.ReadAsync(buffer, offset, Math.Min(count, step), cancellationToken);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        base.ReadAsync(buffer[..Math.Min(buffer.Length, step)], cancellationToken);
}

/// <summary><c>head</c>, then <c>'a'</c> up to <c>length</c> bytes in all, then <c>tail</c>: a long line made as it is read.</summary>
internal sealed class GeneratedStream(byte[] head, long length, byte[] tail) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length + tail.Length;
    public override long Position { get; set; }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = 0;
        while (n < buffer.Length && Position < Length)
        {
            buffer[n++] = Position < head.Length ? head[Position] : Position < length ? (byte)'a' : tail[Position - length];
            Position++;
        }

        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
