using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Application.Feeds;
using EmergencyPlans.Application.Incidents;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Lifecycles;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EmergencyPlans.Api.Tests.Feeds;

/// <summary>
/// A feed batch on SQLite is one transaction holding its incident writes. When it rolls back, the writer must not keep
/// those incidents as the versions they would have been: another instance may then write that version number with other
/// content, and a command taking the phantom would build on a state the store never held.
/// </summary>
public sealed class FeedRollbackTests : IDisposable
{
    private readonly ApiFactory _root = new();
    private readonly WebApplicationFactoryWithFailingCommit _factory;

    public FeedRollbackTests() => _factory = new WebApplicationFactoryWithFailingCommit(_root);

    public void Dispose()
    {
        _factory.Dispose();
        _root.Dispose();
    }

    [Fact]
    public async Task BatchRolledBackAfterAContinuation_AnotherInstanceWritesThatVersion_TheNextCommandBuildsOnTheStoredOne()
    {
        var services = _factory.Factory.Services;
        var ingestor = services.GetRequiredService<FeedIngestor>();
        var incidents = services.GetRequiredService<IIncidentStore>();
        var engine = services.GetRequiredService<DecisionEngine>();
        var failing = (FailingCommitFeedStore)services.GetRequiredService<IFeedStore>();

        // Sequence 1 opens the incident (a death meets the road plan's intake rule), committed: opened with its call to 122 recorded, one change.
        var opened = await ingestor.IngestLinesAsync(Line(1, deaths: 1));
        var id = opened.Single().IncidentId!.Value;
        var first = (await incidents.GetAsync(id))!.Version;
        first.Should().Be(1, "the incident was opened with its call-122 duty met at callAt in the one change");

        // Sequence 2 files a continuation (3 deaths) inside a batch whose commit then fails: nothing of it is durable.
        failing.FailNextCommit = true;
        var rolledBack = async () => await ingestor.IngestLinesAsync(Line(2, deaths: 3));
        await rolledBack.Should().ThrowAsync<IOException>();
        (await incidents.GetAsync(id))!.Version.Should().Be(first, "the batch rolled back");

        // Another instance (its own writer on the same database) writes the next version: the city asks to verify.
        var clock = _root.Clock;
        var other = new IncidentWriter(incidents, new IncidentReader(incidents, engine), engine, clock);
        await other.ChangeAsync(id, first, null, IncidentAnswer.Receipt, (incident, now) => incident.RecordClockEvent(
            ClockEvents.CityRequest, now, null, null, new LifecycleActor(RoleCatalogue.DutyOfficer, "值班员"), now, engine), default);

        // This instance's next command on that version must build on the version the store holds.
        var writer = services.GetRequiredService<IncidentWriter>();
        await writer.ChangeAsync(id, first + 1, null, IncidentAnswer.Receipt, (incident, now) => incident.FileReport(false, "续报", IncidentReport.Empty,
            new LifecycleActor(RoleCatalogue.DutyOfficer, "值班员"), now, engine), default);

        var stored = await incidents.GetAsync(id);
        var state = IncidentEventSchema.DeserializeState(stored!.Projection.Json);
        state.Report.Figures[Figure.Deaths].Should().Be(1, "the rolled-back continuation's 3 deaths were never stored");
        var events = await incidents.ReadEventsAsync(id);
        IncidentEventSchema.SerializeState(Incident.Rehydrate(events.Select(IncidentEventLog.FromStored), engine.Catalog).State)
            .Should().Be(stored.Projection.Json, "the projection is the fold of the log");
    }

    [Fact]
    public async Task ACommitFailing_WhileTheNextGroupIsRead_TheIngestStopsReadingTheInputBeforeItThrows()
    {
        // The next group is read while a group is committed (ADR 0008): when the commit fails, the submission ends with the store's
        // failure, and nothing reads the sender's body after it (a host disposes it then). An endless body would otherwise keep the
        // reading waiting for the group it handed on to be taken, and the submission would never end.
        var services = _factory.Factory.Services;
        var ingestor = services.GetRequiredService<FeedIngestor>();
        var failing = (FailingCommitFeedStore)services.GetRequiredService<IFeedStore>();
        using var body = new EndlessBody();
        failing.FailNextCommit = true;

        var ingest = async () => await ingestor.IngestAsync(body, "test", (_, _) => ValueTask.CompletedTask).WaitAsync(TimeSpan.FromSeconds(60));
        await ingest.Should().ThrowAsync<IOException>("the first group's commit failed");
        var readsAtTheEnd = body.Reads;
        await Task.Delay(200);

        body.Reads.Should().Be(readsAtTheEnd, "nothing reads the body once the submission has ended");
    }

    /// <summary>A body that never ends: each read gives one routine record, of a dispatch record of its own.</summary>
    private sealed class EndlessBody : Stream
    {
        private int _reads;

        public int Reads => Volatile.Read(ref _reads);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = Interlocked.Increment(ref _reads);
            var line = System.Text.Encoding.UTF8.GetBytes(
                $$"""{"eventId":"JC122-ENDLESS-{{n}}","dispatchId":"JC122-ENDLESS-{{n}}","sequence":1,"updatedAt":"2026-03-01T09:00:00+08:00","callAt":"2026-03-01T08:55:00+08:00","county":"泽州县","nature":"collision","figures":{"deaths":0,"injuries":1},"status":"open"}""" + "\n");
            // Whole lines only: a buffer smaller than a line is not asked for by the feed's reader.
            line.AsSpan().CopyTo(buffer);
            return line.Length;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.FromResult(Read(buffer.Span));
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static string Line(int sequence, int deaths) =>
        $$"""{"eventId":"JC122-ROLLBACK-{{sequence}}","dispatchId":"JC122-ROLLBACK","sequence":{{sequence}},"updatedAt":"2026-03-01T09:0{{sequence}}:00+08:00","callAt":"2026-03-01T08:55:00+08:00","occurredAt":"2026-03-01T08:50:00+08:00","county":"泽州县","nature":"collision","figures":{"deaths":{{deaths}}},"status":"open"}""";

    /// <summary>The service with its feed store wrapped so that a commit can be made to fail.</summary>
    private sealed class WebApplicationFactoryWithFailingCommit : IDisposable
    {
        public WebApplicationFactoryWithFailingCommit(ApiFactory root)
        {
            Factory = root.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            {
                var original = services.Single(d => d.ServiceType == typeof(IFeedStore));
                services.RemoveAll<IFeedStore>();
                services.AddSingleton<IFeedStore>(sp => new FailingCommitFeedStore((IFeedStore)original.ImplementationFactory!(sp)));
            }));
        }

        public Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> Factory { get; }

        public void Dispose() => Factory.Dispose();
    }

    /// <summary>The real store, whose next commit fails (as a full disk or a lost connection would) when asked.</summary>
    private sealed class FailingCommitFeedStore(IFeedStore inner) : IFeedStore
    {
        public bool FailNextCommit { get; set; }

        public ValueTask<IAsyncDisposable> BeginBatchAsync(CancellationToken cancellationToken = default) => inner.BeginBatchAsync(cancellationToken);

        public ValueTask<IFeedLineWrites> BeginLineAsync(CancellationToken cancellationToken = default) => inner.BeginLineAsync(cancellationToken);

        public Task<IReadOnlyDictionary<string, FeedMessageKey>> FindMessagesAsync(IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken = default) =>
            inner.FindMessagesAsync(eventIds, cancellationToken);

        public Task<IReadOnlyList<FeedOpenQuarantine>> FindOpenQuarantineAsync(IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken = default) =>
            inner.FindOpenQuarantineAsync(eventIds, cancellationToken);

        public Task<IReadOnlyDictionary<string, FeedDispatch>> FindDispatchesAsync(IReadOnlyCollection<string> dispatchIds, CancellationToken cancellationToken = default) =>
            inner.FindDispatchesAsync(dispatchIds, cancellationToken);

        public Task<IReadOnlyDictionary<string, string>> FindLinesAsync(IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken = default) =>
            inner.FindLinesAsync(eventIds, cancellationToken);

        public Task<bool> DismissQuarantineAsync(FeedDismissal dismissal, CancellationToken cancellationToken = default) =>
            inner.DismissQuarantineAsync(dismissal, cancellationToken);

        public bool IsStoreFailure(Exception exception) => inner.IsStoreFailure(exception);

        public Task<FeedQuarantineIds> CommitAsync(FeedBatch batch, CancellationToken cancellationToken = default)
        {
            if (FailNextCommit)
            {
                FailNextCommit = false;
                throw new IOException("disk full (test)");
            }

            return inner.CommitAsync(batch, cancellationToken);
        }

        public Task LinkDispatchAsync(string dispatchId, Guid incidentId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
            inner.LinkDispatchAsync(dispatchId, incidentId, at, cancellationToken);

        public Task<IReadOnlyList<FeedNearbyIncident>> FindOpenIncidentsAsync(string planId, string county, DateTimeOffset earliest, DateTimeOffset latest, int limit,
            bool withRecord, CancellationToken cancellationToken = default) => inner.FindOpenIncidentsAsync(planId, county, earliest, latest, limit, withRecord, cancellationToken);

        public Task<IReadOnlyList<FeedNearbyIncident>> FindMovedIncidentsAsync(string planId, string county, DateTimeOffset earliest, DateTimeOffset latest, int limit,
            CancellationToken cancellationToken = default) => inner.FindMovedIncidentsAsync(planId, county, earliest, latest, limit, cancellationToken);

        public Task<IReadOnlyList<FeedQuarantineEntry>> ListQuarantineAsync(long afterId, int limit, bool includeResolved, string? kind = null, CancellationToken cancellationToken = default) =>
            inner.ListQuarantineAsync(afterId, limit, includeResolved, kind, cancellationToken);

        public Task<FeedQuarantineEntry?> GetQuarantineAsync(long id, CancellationToken cancellationToken = default) => inner.GetQuarantineAsync(id, cancellationToken);

        public Task<IReadOnlyList<FeedQuarantineEntry>> FindClosedQuarantineAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default) =>
            inner.FindClosedQuarantineAsync(ids, cancellationToken);

        public Task<IReadOnlyList<FeedMessage>> ReadHistoryAsync(string dispatchId, CancellationToken cancellationToken = default) =>
            inner.ReadHistoryAsync(dispatchId, cancellationToken);

        public Task<FeedCounts> CountAsync(CancellationToken cancellationToken = default) => inner.CountAsync(cancellationToken);

        public Task<FeedActivity> ReadActivityAsync(CancellationToken cancellationToken = default) => inner.ReadActivityAsync(cancellationToken);
    }
}
