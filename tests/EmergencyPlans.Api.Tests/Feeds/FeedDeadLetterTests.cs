using EmergencyPlans.Api.Tests.Support;
using EmergencyPlans.Application.Feeds;
using EmergencyPlans.Application.Incidents;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Domain;
using Mediator;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyPlans.Api.Tests.Feeds;

/// <summary>
/// The service failing on one record (a defect in it, not in the record, nor a store outage) is that record's dead letter: it is
/// quarantined with the reason and the batch goes on. Before, the whole batch was rolled back and answered as failed; the sender
/// sends a failed batch again, it failed again, and the records behind the one the service could not take never arrived (an
/// occurrence correction on an incident loaded from the store was such a defect until it was fixed). A failure after the record's
/// incident write must leave nothing of it either: its change does not commit with the rest of the batch, and re-submitted once the
/// fault is fixed the record is applied once. The feed's incident writes carry no Idempotency-Key (ADR 0008, session 39): the line's
/// writes are undone with it (<see cref="IFeedStore.BeginLineAsync"/>), and this is what holds it.
/// </summary>
public sealed class FeedDeadLetterTests : IDisposable
{
    private readonly ApiFactory _root = new();
    private readonly Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> _factory;
    private readonly FailOnEventId _fault = new("JC122-DLQ-2");
    private readonly FailAfterWrite<FileReportCommand> _reportFault = new(c => c.Source?.MessageId);
    private readonly FailAfterWrite<OpenIncidentCommand> _openFault = new(c => c.Source?.MessageId);

    public FeedDeadLetterTests() =>
        _factory = _root.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IPipelineBehavior<FileReportCommand, IncidentChange>>(_fault);
            services.AddSingleton<IPipelineBehavior<FileReportCommand, IncidentChange>>(_reportFault);
            services.AddSingleton<IPipelineBehavior<OpenIncidentCommand, IncidentChange>>(_openFault);
        }));

    private FeedIngestor Ingestor => _factory.Services.GetRequiredService<FeedIngestor>();

    private IIncidentStore Incidents => _factory.Services.GetRequiredService<IIncidentStore>();

    public void Dispose()
    {
        _factory.Dispose();
        _root.Dispose();
    }

    private static string Line(int sequence, int deaths) => Line("JC122-DLQ", sequence, deaths);

    private static string Line(string dispatch, int sequence, int deaths) =>
        $$"""{"eventId":"{{dispatch}}-{{sequence}}","dispatchId":"{{dispatch}}","sequence":{{sequence}},"updatedAt":"2026-03-01T09:0{{sequence}}:00+08:00","callAt":"2026-03-01T08:55:00+08:00","occurredAt":"2026-03-01T08:50:00+08:00","county":"泽州县","nature":"collision","figures":{"deaths":{{deaths}}},"status":"open"}""";

    [Fact]
    public async Task TheServiceFailingOnOneRecord_QuarantinesIt_TakesTheRest_AndTheRecordIsTakenOnceResubmitted()
    {
        var (ingestor, incidents) = (Ingestor, Incidents);

        var results = await ingestor.IngestLinesAsync(Line(1, deaths: 1), Line(2, deaths: 2), Line(3, deaths: 3));

        results.Select(r => r.Status).Should().Equal(FeedStatus.Accepted, FeedStatus.Rejected, FeedStatus.Accepted);
        results[1].Reason.Should().StartWith("the service failed on this record (InvalidOperationException: a defect (test))");
        results[1].QuarantineId.Should().NotBeNull();
        results[2].Outcome.Should().Be(FeedOutcomes.Updated, "the batch went on past the failed record");
        var incident = await incidents.GetAsync(results[0].IncidentId!.Value);
        incident!.Version.Should().BeGreaterThan(1);

        // The fault fixed, the record is re-submitted from the quarantine: it is older than the sequence applied since, so it is
        // kept in the history as stale and changes nothing (each message is the whole state, EIDO), and the entry is resolved.
        _fault.Enabled = false;
        var again = await ingestor.ResubmitAsync(results[1].QuarantineId!.Value, Line(2, deaths: 2), "test");

        again.Status.Should().Be(FeedStatus.Stale);
        var store = _factory.Services.GetRequiredService<IFeedStore>();
        (await store.GetQuarantineAsync(results[1].QuarantineId!.Value))!.ResolvedByEventId.Should().Be("JC122-DLQ-2");
        (await incidents.GetAsync(incident.Id))!.Version.Should().Be(incident.Version);
    }

    [Fact]
    public async Task TheQuarantine_SaysEachEntrysKind_AndKindFailedListsTheDeadLettersAlone()
    {
        // Three entries: the record the service failed on (the dead letter), a line the sender must correct (a county that is not
        // Jincheng's), and a record sent again under its eventId with other content (a conflict). Their reason is rejected, rejected
        // and conflict: only the error's text told the dead letter from the bad line.
        var ingestor = _factory.Services.GetRequiredService<FeedIngestor>();
        var results = await ingestor.IngestLinesAsync(Line(1, deaths: 1), Line(2, deaths: 2), Line(3, deaths: 3).Replace("泽州县", "晋中市", StringComparison.Ordinal));
        var conflict = await ingestor.IngestLinesAsync(Line(1, deaths: 5));
        results.Select(r => r.Status).Should().Equal(FeedStatus.Accepted, FeedStatus.Rejected, FeedStatus.Rejected);
        conflict.Single().Status.Should().Be(FeedStatus.Conflict);
        using var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Keys.For(RoleCatalogue.Observer));

        var all = await EntriesAsync(client, "");
        var failed = await EntriesAsync(client, "?kind=failed");
        var firstInvalid = await PageAsync(client, "?kind=invalid&limit=1");
        using var unknown = await client.GetAsync($"{FeedHttp.Feed}/quarantine?kind=dead");

        all.Select(e => (e.Str("reason"), e.Str("kind"))).Should().Equal(("rejected", "failed"), ("rejected", "invalid"), ("conflict", "conflict"));
        failed.Should().ContainSingle().Which.GetProperty("id").GetInt64().Should().Be(results[1].QuarantineId!.Value);
        failed[0].Str("error").Should().StartWith("the service failed on this record");
        firstInvalid.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).Should().Equal(results[2].QuarantineId!.Value);
        firstInvalid.GetProperty("next").GetInt64().Should().Be(results[2].QuarantineId!.Value, "a full page has a next, as without a kind");
        (await EntriesAsync(client, $"?kind=invalid&after={results[2].QuarantineId}")).Should().BeEmpty();
        var problem = await (await unknown.ShouldHaveStatusAsync(System.Net.HttpStatusCode.BadRequest)).JsonAsync();
        problem.GetProperty("errors").GetProperty("kind").Strings().Single().Should().Be("unknown quarantine kind 'dead': one of invalid, conflict, failed");
    }

    private static async Task<System.Text.Json.JsonElement> PageAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync($"{FeedHttp.Feed}/quarantine{query}");
        await response.ShouldHaveStatusAsync(System.Net.HttpStatusCode.OK);
        return await response.JsonAsync();
    }

    private static async Task<System.Text.Json.JsonElement[]> EntriesAsync(HttpClient client, string query) =>
        [.. (await PageAsync(client, query)).GetProperty("entries").EnumerateArray()];

    [Fact]
    public async Task AReportThatFailsAfterItsWrite_IsUndone_AndResubmittedIsFiledOnce()
    {
        var (ingestor, incidents) = (Ingestor, Incidents);
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
        var (ingestor, incidents) = (Ingestor, Incidents);
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

    /// <summary>The fault: the report of one 122 record fails as a defect in the service would, before anything is written.</summary>
    private sealed class FailOnEventId(string eventId) : IPipelineBehavior<FileReportCommand, IncidentChange>
    {
        public bool Enabled { get; set; } = true;

        public ValueTask<IncidentChange> Handle(FileReportCommand message, MessageHandlerDelegate<FileReportCommand, IncidentChange> next, CancellationToken cancellationToken) =>
            Enabled && message.Source?.MessageId == eventId ? throw new InvalidOperationException("a defect (test)") : next(message, cancellationToken);
    }
}
