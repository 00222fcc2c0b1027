using System.Text;

namespace EmergencyPlans.Cli;

/// <summary>
/// The command's standard output, whose failure is said as such: a full disk under a redirection (<c>drill run … &gt; report.md</c>,
/// <c>feed ingest … &gt; answers.ndjson</c>) used to end the command as an internal error (exit 70, a stack trace "for the
/// maintainers"). (A pipe whose reader has gone is not a failure: .NET ignores EPIPE on the console.) Every write to stdout goes through <see cref="Open"/> or <see cref="Console.Out"/> once <see cref="Guard"/> has
/// run; a failure is a <see cref="StandardOutputException"/>, which the program reports with exit 73.
/// </summary>
internal static class StandardOutput
{
    /// <summary>Routes <see cref="Console.Out"/> through the guarded stream (UTF-8 without a BOM, flushed at every write, as before).</summary>
    public static void Guard() =>
        Console.SetOut(TextWriter.Synchronized(new StreamWriter(Open(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { AutoFlush = true }));

    /// <summary>Standard output as a stream whose write failures are <see cref="StandardOutputException"/>.</summary>
    public static Stream Open() => new GuardedStream(Console.OpenStandardOutput());

    private sealed class GuardedStream(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            try
            {
                inner.Write(buffer);
            }
            catch (IOException e)
            {
                throw new StandardOutputException(e);
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new StandardOutputException(e);
            }
        }

        public override void Flush()
        {
            try
            {
                inner.Flush();
            }
            catch (IOException e)
            {
                throw new StandardOutputException(e);
            }
        }

        public override async Task FlushAsync(CancellationToken cancellationToken)
        {
            try
            {
                await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new StandardOutputException(e);
            }
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}

/// <summary>Standard output could not be written: the disk of the file it is redirected to is full or fails.</summary>
public sealed class StandardOutputException : IOException
{
    public StandardOutputException(IOException inner)
        : base($"standard output cannot be written ({inner?.Message})", inner)
    {
    }

    public StandardOutputException()
    {
    }

    public StandardOutputException(string message)
        : base(message)
    {
    }

    public StandardOutputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
