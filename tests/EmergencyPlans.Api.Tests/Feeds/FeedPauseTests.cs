using System.Text;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Application.Feeds;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Domain;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyPlans.Api.Tests.Feeds;

/// <summary>
/// A sender may keep its body open and write each record as 122 takes it. A record must then be checked against the plan, its
/// incident opened and the line answered once the sender pauses (<see cref="FeedIngestor.InputPause"/> on the service's clock),
/// not when a whole group of <see cref="FeedOptions.BatchSize"/> lines has come: before, a coach rollover sent alone waited,
/// unanswered and without an incident or an alert, for 999 more records.
/// </summary>
public sealed class FeedPauseTests : IDisposable
{
    private static readonly string Rollover = FeedHttp.Sample("coach-rollover-fog-g207.ndjson")[0];
    private static readonly string Routine = FeedHttp.Sample("routine-with-bad-lines.ndjson")[0];

    private readonly ApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task ARecordSentAlone_IsDecidedCommittedAndAnswered_WhenTheSenderPauses_NotWhenItsGroupFills()
    {
        var input = new HeldOpenStream();
        var answers = new List<FeedLineResult>();
        var groups = 0;
        var ingest = _factory.Services.GetRequiredService<FeedIngestor>().IngestAsync(input, 1, "test", (r, _) =>
        {
            lock (answers)
            {
                answers.Add(r);
            }

            return ValueTask.CompletedTask;
        }, _ => { Interlocked.Increment(ref groups); return ValueTask.CompletedTask; });

        await input.SendAsync(Rollover + "\n");
        (await Answered(answers, 1)).Should().BeFalse("the sender has not paused on the service's clock: the line may still be joined by others");

        var first = await AdvanceUntilAnswered(answers, 1);
        first.Should().BeTrue("the sender paused with a line taken");
        answers[0].Status.Should().Be(FeedStatus.Accepted);
        answers[0].Outcome.Should().Be(FeedOutcomes.Opened);
        (await _factory.Services.GetRequiredService<IIncidentStore>().GetAsync(answers[0].IncidentId!.Value)).Should().NotBeNull("committed before it was answered");
        Volatile.Read(ref groups).Should().Be(1, "the answered lines are sent on at once");

        await input.SendAsync(Routine + "\n");
        (await AdvanceUntilAnswered(answers, 2)).Should().BeTrue();
        input.End();
        var summary = await ingest;

        answers.Select(a => (a.Line, a.Status)).Should().Equal((1L, FeedStatus.Accepted), (2L, FeedStatus.Accepted));
        summary.Commits.Should().Be(2, "one group for each pause");
        groups.Should().Be(2);
    }

    [Fact]
    public async Task AFeedThatDoesNotPause_IsStillDecidedInWholeGroups()
    {
        // Every read waits (as a file's or a socket's does) but the clock never reaches the pause: the groups are as configured.
        var lines = Enumerable.Range(1, 7).Select(n => Routine.Replace("0020-1", $"0020-{n}", StringComparison.Ordinal)
            .Replace("\"sequence\":1", $"\"sequence\":{n}", StringComparison.Ordinal)).ToArray();
        using var factory = new ApiFactory().With("EmergencyPlans:Feed:BatchSize", "3");
        var body = new YieldingStream(Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n"))), step: 40);

        var answers = new List<FeedLineResult>();
        var summary = await factory.Services.GetRequiredService<FeedIngestor>().IngestAsync(body, "test", (r, _) =>
        {
            answers.Add(r);
            return ValueTask.CompletedTask;
        });

        answers.Should().HaveCount(7).And.OnlyContain(a => a.Status == FeedStatus.Accepted);
        summary.Commits.Should().Be(3, "groups of 3, 3 and 1");
    }

    [Fact]
    public async Task TheReader_SaysPaused_WhenTheClockPassesThePauseFirst_AndTheWaitingReadGivesTheNextLineAfter()
    {
        var input = new HeldOpenStream();
        using var reader = new FeedLineReader(input);
        await input.SendAsync("a\nb");

        (await reader.NextAsync(CancellationToken.None)).Should().Equal("a"u8.ToArray());
        // "b" may go on: nothing says the line has ended, so the reader must wait for input.
        var next = reader.NextOrPauseAsync(FeedIngestor.InputPause, _factory.Clock, CancellationToken.None).AsTask();
        (await AdvanceUntil(() => next.IsCompleted)).Should().BeTrue();
        (await next).Should().Be(((byte[]?)null, true));

        await input.SendAsync("c\nd\n");
        (await reader.NextAsync(CancellationToken.None)).Should().Equal("bc"u8.ToArray(), "the read left waiting goes on where it was");
        var (line, paused) = await reader.NextOrPauseAsync(FeedIngestor.InputPause, _factory.Clock, CancellationToken.None);
        paused.Should().BeFalse("a line read already is never a pause");
        line.Should().Equal((byte)'d');
        input.End();
        (await reader.NextAsync(CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public async Task TheCommandLinesClient_SendsWhatItHasRead_WhenItsInputPauses()
    {
        // feed ingest - --url …: a pipe a dispatch export writes each record into as it comes.
        var input = new HeldOpenStream();
        var answers = new List<FeedLineResult>();
        var client = new EmergencyPlans.Infrastructure.Feeds.FeedClient(_factory.CreateClient(), _factory.Server.BaseAddress,
            Keys.For(RoleCatalogue.Feed), _factory.Clock);
        var sending = client.SendAsync(input, (r, _) =>
        {
            lock (answers)
            {
                answers.Add(r);
            }

            return ValueTask.CompletedTask;
        });

        await input.SendAsync(Rollover + "\n");
        (await AdvanceUntilAnswered(answers, 1)).Should().BeTrue("the part is sent once the input pauses, not after 19,999 more lines");
        await input.SendAsync(Routine + "\n");
        (await AdvanceUntilAnswered(answers, 2)).Should().BeTrue();
        input.End();
        var summary = await sending;

        answers.Select(a => (a.Line, a.Status, a.Outcome)).Should().Equal(
            (1L, FeedStatus.Accepted, FeedOutcomes.Opened), (2L, FeedStatus.Accepted, FeedOutcomes.Routine));
        summary.Lines.Should().Be(2);
        summary.Commits.Should().Be(2, "two parts, one request each");
    }

    private static async Task<bool> Answered(List<FeedLineResult> answers, int count)
    {
        // Real time for the ingest to get as far as it can without the clock moving.
        await Task.Delay(200);
        lock (answers)
        {
            return answers.Count >= count;
        }
    }

    private Task<bool> AdvanceUntilAnswered(List<FeedLineResult> answers, int count) => AdvanceUntil(() =>
    {
        lock (answers)
        {
            return answers.Count >= count;
        }
    });

    // The pause is measured on the service's clock: moved by a pause at a time until the condition holds, within 20 s of real time.
    private async Task<bool> AdvanceUntil(Func<bool> done)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (!done())
        {
            if (DateTime.UtcNow > until)
            {
                return false;
            }

            _factory.Clock.Advance(FeedIngestor.InputPause);
            await Task.Delay(20);
        }

        return true;
    }

    /// <summary>A body whose sender writes when told and keeps it open until <see cref="End"/>.</summary>
    private sealed class HeldOpenStream : Stream
    {
        private readonly System.Threading.Channels.Channel<byte[]> _chunks = System.Threading.Channels.Channel.CreateUnbounded<byte[]>();
        private byte[] _current = [];
        private int _at;

        public Task SendAsync(string text) => _chunks.Writer.WriteAsync(Encoding.UTF8.GetBytes(text)).AsTask();

        public void End() => _chunks.Writer.Complete();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            while (_at == _current.Length)
            {
                if (!await _chunks.Reader.WaitToReadAsync(cancellationToken))
                {
                    return 0;
                }

                _current = await _chunks.Reader.ReadAsync(cancellationToken);
                _at = 0;
            }

            var n = Math.Min(buffer.Length, _current.Length - _at);
            _current.AsSpan(_at, n).CopyTo(buffer.Span);
            _at += n;
            return n;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("read asynchronously");
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Hands over <paramref name="step"/> bytes a read, each read completing only after a yield, as a file's or a socket's may.</summary>
    private sealed class YieldingStream(byte[] bytes, int step) : MemoryStream(bytes)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            return Read(buffer.Span[..Math.Min(step, buffer.Length)]);
        }
    }
}
