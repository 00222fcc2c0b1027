using System.Reflection;
using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Application.Feeds;
using EmergencyPlans.Application.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EmergencyPlans.Api.Tests.Feeds;

/// <summary>
/// Event 8103 for a submission cut off (SIGTERM past the shutdown wait, the sender gone): the lines committed are those the store holds.
/// A group committed and then cut before its answers were given (the request's token cancelled between the commit and the look-up of the
/// group's closed quarantine entries, which a replayed file makes) was left out: "34000 lines committed" while 35000 were, lines 34001–35000
/// coming back <c>duplicate</c> (a 122 integrator's review, s62 F62-11). Saying too few is safe for the sender, who resends from the line
/// after the last answered; the operator's log said the opposite of what the store held.
/// </summary>
public sealed class FeedInterruptionTests : IDisposable
{
    private const string Routine =
        """{"eventId":"JC122-CUT-1","dispatchId":"JC122-CUT","sequence":1,"updatedAt":"2026-03-01T07:02:00+08:00","callAt":"2026-03-01T07:00:00+08:00","occurredAt":"2026-03-01T06:58:00+08:00","county":"陵川县","nature":"collision","figures":{"injured":1},"status":"open"}""";

    private const string Bad = "接警记录导出失败 ERROR 0x2a";

    private readonly LogCapture _logs = new();
    private readonly LoggedApiFactory _factory;

    public FeedInterruptionTests() => _factory = new LoggedApiFactory(_logs, services =>
    {
        var original = services.Single(d => d.ServiceType == typeof(IFeedStore));
        services.RemoveAll<IFeedStore>();
        services.AddSingleton(sp => CutAfterCommit.Wrap((IFeedStore)original.ImplementationFactory!(sp)));
    });

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task AGroupCommittedAndCutBeforeItsAnswers_IsCountedCommitted_AndTheSenderIsToldToResendFromItsFirstLine()
    {
        var ingestor = _factory.Services.GetRequiredService<FeedIngestor>();
        var store = (CutAfterCommit)(object)_factory.Services.GetRequiredService<IFeedStore>();
        // The bad line quarantined once: sent again, the group looks its entry up after the commit (is it closed?).
        (await ingestor.IngestLinesAsync(Bad)).Single().Status.Should().Be(FeedStatus.Rejected);
        using var cut = new CancellationTokenSource();
        store.Cut = cut;
        var answered = 0;

        var ingest = async () => await ingestor.IngestAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Bad + "\n" + Routine + "\n")), "gw-122",
            (_, token) =>
            {
                token.ThrowIfCancellationRequested();
                answered++;
                return ValueTask.CompletedTask;
            }, cut.Token);

        await ingest.Should().ThrowAsync<OperationCanceledException>();
        answered.Should().Be(0);
        (await store.Inner.FindMessagesAsync(["JC122-CUT-1"])).Should().ContainKey("JC122-CUT-1", "the group was committed before the cut");
        var logged = _logs.Lines.Where(l => l.EventId == 8103).Should().ContainSingle().Subject.Message;
        logged.Should().Contain("feed submission by gw-122 interrupted (cancelled")
            .And.Contain("from line 1, 0 lines answered").And.Contain(", 2 lines committed (the last: line 2);")
            .And.Contain("send the rest again from line 1 ");
    }

    /// <summary>The real store; after a commit, when armed, cancels the submission (the host's shutdown landing just after it).</summary>
    public class CutAfterCommit : DispatchProxy
    {
        public IFeedStore Inner { get; private set; } = null!;

        public CancellationTokenSource? Cut { get; set; }

        public static IFeedStore Wrap(IFeedStore inner)
        {
            var proxy = Create<IFeedStore, CutAfterCommit>();
            ((CutAfterCommit)(object)proxy).Inner = inner;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            object? result;
            try
            {
                result = targetMethod!.Invoke(Inner, args);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }

            return targetMethod.Name == nameof(IFeedStore.CommitAsync) && Cut is { } cut ? CutAsync((Task<FeedQuarantineIds>)result!, cut) : result;
        }

        private static async Task<FeedQuarantineIds> CutAsync(Task<FeedQuarantineIds> commit, CancellationTokenSource cut)
        {
            var ids = await commit;
            await cut.CancelAsync();
            return ids;
        }
    }
}
