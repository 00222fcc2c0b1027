using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace EmergencyPlans.Application.Feeds;

/// <summary>
/// Reads a feed's lines as UTF-8 bytes, as <see cref="StreamReader.ReadLineAsync(CancellationToken)"/> would split them
/// (at <c>\n</c>, <c>\r\n</c> or a lone <c>\r</c>; a leading byte order mark skipped; the last line without a terminator
/// kept), without making a string of every line and encoding it back: a replayed line is hashed and looked up from its
/// bytes and never needs its text.
/// </summary>
/// <remarks>
/// <para>A line longer than <c>maxLineBytes</c> is not buffered whole: its first <c>maxLineBytes</c> bytes are kept (cut back to
/// the last whole UTF-8 character), the rest is read and dropped up to its terminator, and <see cref="CutFrom"/> gives the
/// line's whole length, so one line without a newline cannot take the service's memory.</para>
/// <para>A line that is not valid UTF-8 comes back as a text reader would have read it: each invalid sequence replaced by
/// U+FFFD, so its bytes and its hash are those the service has always stored for it; <see cref="InvalidUtf8At"/> says
/// where it stopped being UTF-8, so the line can be refused for what is wrong with it.</para>
/// </remarks>
public sealed class FeedLineReader(Stream input, int bufferBytes = FeedIngestor.FileBufferBytes, int maxLineBytes = int.MaxValue) : IDisposable
{
    private static readonly byte[] ByteOrderMark = [0xEF, 0xBB, 0xBF];

    /// <summary>How much of <see cref="_buffer"/> is read into: the pool may hand out a larger array, and the cuts must not depend on it.</summary>
    private readonly int _capacity = Math.Max(bufferBytes, 4);

    // Rented: each submission (a POST, a part of a file) reads through its own reader, and a new 1 MB array each time is a
    // large object for the collector's gen 2 (the bench's 100 parts of 200,000 lines replayed about 15% slower for it).
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(bufferBytes, 4));
    private readonly ArrayBufferWriter<byte> _partial = new();
    private int _start;
    private int _end;
    private bool _started;
    private bool _ended;
    private bool _afterCarriageReturn;
    private long _length;
    private readonly int _maxLineBytes = Math.Max(maxLineBytes, 4);

    /// <summary>A read <see cref="NextOrPauseAsync"/> left waiting for input when the pause passed: the next call takes its line.</summary>
    private Task<byte[]?>? _waiting;

    /// <summary>
    /// For the line <see cref="NextAsync"/> returned last, when it was longer than the reader's <c>maxLineBytes</c>: its whole
    /// length in bytes (without its terminator), of which only the first bytes were kept; null when it was not cut.
    /// </summary>
    public long? CutFrom { get; private set; }

    /// <summary>
    /// For the line <see cref="NextAsync"/> returned last: the byte (0-based) where it stopped being UTF-8, before its invalid
    /// sequences were replaced; null when it was UTF-8.
    /// </summary>
    public int? InvalidUtf8At { get; private set; }

    /// <summary>
    /// For the line <see cref="NextAsync"/> returned last, when it was not UTF-8: its bytes as read, before its invalid sequences were
    /// replaced (the quarantine keeps them verbatim); null when it was UTF-8.
    /// </summary>
    public byte[]? InvalidUtf8Bytes { get; private set; }

    /// <summary>The next line's bytes, without its terminator; null at the end of the input.</summary>
    public ValueTask<byte[]?> NextAsync(CancellationToken cancellationToken)
    {
        if (_waiting is { } waiting)
        {
            _waiting = null;
            return new ValueTask<byte[]?>(waiting);
        }

        return ReadNextAsync(cancellationToken);
    }

    /// <summary>
    /// The next line as <see cref="NextAsync"/> gives it, or <c>Paused</c> when the input gives none for <paramref name="pause"/> on
    /// <paramref name="clock"/> first (null: no pause, it waits as <see cref="NextAsync"/> does). The read goes on, and the next call
    /// (to either method) takes its line. For a caller holding lines it has taken, which passes the pause only then: a sender that
    /// pauses, a live feed writing each record as it comes, has them dealt with at once, not when more come. A read that completes
    /// at once (a buffered line, a file's next block) is never a pause.
    /// </summary>
    public ValueTask<(byte[]? Line, bool Paused)> NextOrPauseAsync(TimeSpan? pause, TimeProvider clock, CancellationToken cancellationToken) =>
        WaitOrPauseAsync(NextAsync(cancellationToken), pause, clock, cancellationToken);

    private async ValueTask<(byte[]? Line, bool Paused)> WaitOrPauseAsync(
        ValueTask<byte[]?> next, TimeSpan? pause, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (next.IsCompleted || pause is null)
        {
            return (await next.ConfigureAwait(false), false);
        }

        var reading = next.AsTask();
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var paused = Task.Delay(pause.Value, clock, timer.Token);
        var first = await Task.WhenAny(reading, paused).ConfigureAwait(false);
        await timer.CancelAsync().ConfigureAwait(false);
        if (first == reading || !paused.IsCompletedSuccessfully)
        {
            return (await reading.ConfigureAwait(false), false);
        }

        _waiting = reading;
        return (null, true);
    }

    private async ValueTask<byte[]?> ReadNextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (!_started)
            {
                // The byte order mark is looked for in the first three bytes of the input however its reads are cut (chunked
                // HTTP may hand over EF BB and then BF).
                _started = true;
                while (_end < ByteOrderMark.Length)
                {
                    var read = await input.ReadAsync(_buffer.AsMemory(_end, _capacity - _end), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        _ended = true;
                        break;
                    }

                    _end += read;
                }

                if (_buffer.AsSpan(0, _end).StartsWith(ByteOrderMark))
                {
                    _start = ByteOrderMark.Length;
                }

                continue;
            }

            if (_start == _end)
            {
                if (_ended)
                {
                    return _length > 0 ? Take(ReadOnlySpan<byte>.Empty) : null;
                }

                _start = 0;
                _end = await input.ReadAsync(_buffer.AsMemory(0, _capacity), cancellationToken).ConfigureAwait(false);
                if (_end == 0)
                {
                    _ended = true;
                }

                continue;
            }

            if (_afterCarriageReturn)
            {
                // A \r ended the last read's line: a \n that follows it belongs to the same terminator.
                _afterCarriageReturn = false;
                if (_buffer[_start] == (byte)'\n')
                {
                    _start++;
                    continue;
                }
            }

            var span = _buffer.AsSpan(_start, _end - _start);
            var at = span.IndexOfAny((byte)'\n', (byte)'\r');
            if (at < 0)
            {
                Keep(span);
                _start = _end;
                continue;
            }

            var line = Take(span[..at]);
            var next = at + 1;
            if (span[at] == (byte)'\r')
            {
                if (next < span.Length)
                {
                    next += span[next] == (byte)'\n' ? 1 : 0;
                }
                else
                {
                    _afterCarriageReturn = true;
                }
            }

            _start += next;
            return line;
        }
    }

    /// <summary>True for a line a text reader would call blank (<see cref="string.IsNullOrWhiteSpace"/>), which the feed skips.</summary>
    public static bool IsBlank(byte[] line)
    {
        ArgumentNullException.ThrowIfNull(line);
        foreach (var b in line)
        {
            if (b >= 0x80)
            {
                // Whitespace beyond ASCII (an ideographic space): rare, so decoded only here.
                return string.IsNullOrWhiteSpace(Encoding.UTF8.GetString(line));
            }

            if (!char.IsWhiteSpace((char)b))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="line"/> starts with UTF-8's byte order mark (EF BB BF): one not at the start of the input.</summary>
    public static bool StartsWithByteOrderMark(ReadOnlySpan<byte> line) => line.StartsWith(ByteOrderMark);

    /// <summary>
    /// What makes <paramref name="line"/> look like UTF-16, not UTF-8 (a file saved as Windows' "Unicode"), or null when nothing does:
    /// a UTF-16 byte order mark at its start (FF FE, FE FF), or NUL bytes at every other byte (the high bytes of ASCII characters, the
    /// JSON's punctuation and names): at least half the bytes of one parity are NUL, and the other parity has at most a quarter as many
    /// (a CJK character such as 一, U+4E00, has a NUL byte of its own). A lone NUL is what a UTF-16 line break (0A 00, 0D 00 0A 00)
    /// leaves of a line once the bytes are split at 0A and 0D.
    /// </summary>
    public static string? Utf16Sign(ReadOnlySpan<byte> line)
    {
        if (line.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return "its byte order mark FF FE (UTF-16LE)";
        }

        if (line.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return "its byte order mark FE FF (UTF-16BE)";
        }

        if (!line.Contains((byte)0))
        {
            return null;
        }

        int even = 0, odd = 0;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == 0)
            {
                _ = (i & 1) == 0 ? even++ : odd++;
            }
        }

        int evens = (line.Length + 1) / 2, odds = line.Length / 2;
        var alternating = (even * 2 >= evens && odd * 4 <= even) || (odds > 0 && odd * 2 >= odds && even * 4 <= odd);
        return alternating ? "the NUL bytes between its characters" : null;
    }

    /// <summary>Adds part of the current line, keeping no more than the first <see cref="_maxLineBytes"/> bytes of it.</summary>
    private void Keep(ReadOnlySpan<byte> part)
    {
        var room = (int)Math.Max(0, _maxLineBytes - _length);
        _partial.Write(part.Length <= room ? part : part[..room]);
        _length += part.Length;
    }

    private byte[] Take(ReadOnlySpan<byte> tail)
    {
        byte[] line;
        if (_length > 0)
        {
            Keep(tail);
            line = _partial.WrittenSpan.ToArray();
            _partial.ResetWrittenCount();
        }
        else
        {
            _length = tail.Length;
            line = tail.Length <= _maxLineBytes ? tail.ToArray() : tail[.._maxLineBytes].ToArray();
        }

        CutFrom = _length > _maxLineBytes ? _length : null;
        _length = 0;
        if (CutFrom is not null)
        {
            // Cut where a character ends, not inside one: the kept part is not called invalid UTF-8 for the cut alone.
            line = line[..Utf8Prefix(line)];
        }

        if (Utf8.IsValid(line))
        {
            InvalidUtf8At = null;
            InvalidUtf8Bytes = null;
            return line;
        }

        InvalidUtf8At = FirstInvalidByte(line);
        InvalidUtf8Bytes = line;
        return Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(line));
    }

    /// <summary>
    /// The length of <paramref name="bytes"/> without a last UTF-8 sequence that is started and not finished (a character cut in
    /// two); the bytes themselves are returned whole when they do not end inside a sequence.
    /// </summary>
    public static int Utf8Prefix(ReadOnlySpan<byte> bytes)
    {
        // Back over at most three continuation bytes to the byte that starts the last sequence.
        var start = bytes.Length;
        while (start > 0 && bytes.Length - start < 4 && (bytes[start - 1] & 0xC0) == 0x80)
        {
            start--;
        }

        if (start == 0)
        {
            return bytes.Length;
        }

        var lead = bytes[start - 1];
        var need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return lead >= 0x80 && lead < 0xC0 ? bytes.Length : bytes.Length - (start - 1) < need ? start - 1 : bytes.Length;
    }

    private static int FirstInvalidByte(byte[] bytes)
    {
        var at = 0;
        while (at < bytes.Length && Rune.DecodeFromUtf8(bytes.AsSpan(at), out _, out var used) == OperationStatus.Done)
        {
            at += used;
        }

        return at;
    }

    /// <summary>
    /// Gives the read buffer back to the pool; the reader reads no more. Not while a read left waiting (<see cref="NextOrPauseAsync"/>)
    /// may still write into it: the collector takes that buffer instead, or the pool would hand it to another reader first.
    /// </summary>
    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0 && _waiting is not { IsCompleted: false })
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
