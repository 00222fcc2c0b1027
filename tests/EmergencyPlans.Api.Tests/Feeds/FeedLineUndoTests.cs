using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Application.Feeds;
using EmergencyPlans.Application.Incidents;
using EmergencyPlans.Application.Ports;
using Mediator;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyPlans.Api.Tests.Feeds;

/// <summary>
/// The service failing on a record after its incident write (a defect after the store took the change, not before it) must leave
/// nothing of the record: it is answered <c>rejected</c> and waits in the quarantine, so its change must not commit with the rest of
/// the batch, and re-submitted once the fault is fixed it must be applied once. The feed's incident writes carry no Idempotency-Key
/// (ADR 0008, session 39): the line's writes are undone with it (<see cref="IFeedStore.BeginLineAsync"/>), and this is what holds it.
/// </summary>
public sealed class FeedLineUndoTests : IDisposable
{
    private readonly ApiFactory _root = new();
    private readonly Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> _factory;
    private readonly FailAfterWrite<FileReportCommand> _reportFault = new(c => c.Source?.MessageId);
    private readonly FailAfterWrite<OpenIncidentCommand> _openFault = new(c => c.Source?.MessageId);

    public FeedLineUndoTests() =>
        _factory = _root.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IPipelineBehavior<FileReportCommand, IncidentChange>>(_reportFault);
            services.AddSingleton<IPipelineBehavior<OpenIncidentCommand, IncidentChange>>(_openFault);
        }));

    public void Dispose()
    {
        _factory.Dispose();
        _root.Dispose();
    }

    private static string Line(string dispatch, int sequence, int deaths) =>
        $$"""{"eventId":"{{dispatch}}-{{sequence}}","dispatchId":"{{dispatch}}","sequence":{{sequence}},"updatedAt":"2026-03-01T09:0{{sequence}}:00+08:00","callAt":"2026-03-01T08:55:00+08:00","occurredAt":"2026-03-01T08:50:00+08:00","county":"泽州县","nature":"collision","figures":{"deaths":{{deaths}}},"status":"open"}""";

    [Fact]
    public async Task AReportThatFailsAfterItsWrite_IsUndone_AndResubmittedIsFiledOnce()
    {
        var ingestor = _factory.Services.GetRequiredService<FeedIngestor>();
        var incidents = _factory.Services.GetRequiredService<IIncidentStore>();
        _reportFault.EventId = "JC122-UNDO-2";

        var results = await ingestor.IngestLinesAsync(Line("JC122-UNDO", 1, deaths: 1), Line("JC122-UNDO", 2, deaths: 2));

        results.Select(r => r.Status).Should().Equal(FeedStatus.Accepted, FeedStatus.Rejected);
        results[1].Reason.Should().StartWith("the service failed on this record (InvalidOperationException: a defect after the write (test))");
        _reportFault.Written.Should().Be(1, "the fault struck after the store had taken the report");
        var id = results[0].IncidentId!.Value;
        var opened = (await incidents.GetAsync(id))!.Version;
        (await ReportsFromAsync(incidents, id, "JC122-UNDO-2")).Should().Be(0, "the failed line's report was undone with it");

        _reportFault.EventId = null;
        var again = await ingestor.ResubmitAsync(results[1].QuarantineId!.Value, Line("JC122-UNDO", 2, deaths: 2), "test");

        again.Status.Should().Be(FeedStatus.Accepted);
        again.Outcome.Should().Be(FeedOutcomes.Updated);
        (await ReportsFromAsync(incidents, id, "JC122-UNDO-2")).Should().Be(1, "re-submitted, the record is filed once");
        (await incidents.GetAsync(id))!.Version.Should().Be(opened + 1);

        // Sent once more, it is the duplicate of the message now stored, and the incident is not touched.
        (await ingestor.IngestLinesAsync(Line("JC122-UNDO", 2, deaths: 2))).Single().Status.Should().Be(FeedStatus.Duplicate);
        (await incidents.GetAsync(id))!.Version.Should().Be(opened + 1);
    }

    [Fact]
    public async Task AnOpeningThatFailsAfterItsWrite_LeavesNoIncident_AndResubmittedOpensOne()
    {
        var ingestor = _factory.Services.GetRequiredService<FeedIngestor>();
        var incidents = _factory.Services.GetRequiredService<IIncidentStore>();
        _openFault.EventId = "JC122-OPEN-1";

        var results = await ingestor.IngestLinesAsync(Line("JC122-OPEN", 1, deaths: 1), Line("JC122-OTHER", 1, deaths: 2));

        results.Select(r => r.Status).Should().Equal(FeedStatus.Rejected, FeedStatus.Accepted);
        _openFault.Written.Should().Be(1, "the fault struck after the store had taken the new incident");
        var listed = await incidents.QueryAsync(new IncidentQuery());
        listed.Should().ContainSingle("only the other record's incident was kept").Which.Id.Should().Be(results[1].IncidentId!.Value);

        _openFault.EventId = null;
        var again = await ingestor.ResubmitAsync(results[0].QuarantineId!.Value, Line("JC122-OPEN", 1, deaths: 1), "test");

        again.Status.Should().Be(FeedStatus.Accepted);
        again.Outcome.Should().Be(FeedOutcomes.Opened);
        (await incidents.QueryAsync(new IncidentQuery())).Select(i => i.Id).Should().BeEquivalentTo([results[1].IncidentId!.Value, again.IncidentId!.Value]);
    }

    /// <summary>How many events of the incident came from the 122 message <paramref name="eventId"/>.</summary>
    private static async Task<int> ReportsFromAsync(IIncidentStore incidents, Guid id, string eventId) =>
        (await incidents.ReadEventsAsync(id)).Count(e => e.PayloadJson.Contains($"\"{eventId}\"", StringComparison.Ordinal));

    /// <summary>The fault: the command of one 122 record fails as a defect in the service would, after its handler wrote the change.</summary>
    private sealed class FailAfterWrite<TCommand>(Func<TCommand, string?> messageOf) : IPipelineBehavior<TCommand, IncidentChange>
        where TCommand : notnull, IMessage
    {
        public string? EventId { get; set; }

        public int Written { get; private set; }

        public async ValueTask<IncidentChange> Handle(TCommand message, MessageHandlerDelegate<TCommand, IncidentChange> next, CancellationToken cancellationToken)
        {
            var change = await next(message, cancellationToken);
            if (EventId is not null && messageOf(message) == EventId)
            {
                Written++;
                throw new InvalidOperationException("a defect after the write (test)");
            }

            return change;
        }
    }
}
