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
/// occurrence correction on an incident loaded from the store was such a defect until it was fixed).
/// </summary>
public sealed class FeedDeadLetterTests : IDisposable
{
    private readonly ApiFactory _root = new();
    private readonly Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> _factory;
    private readonly FailOnEventId _fault = new("JC122-DLQ-2");

    public FeedDeadLetterTests() =>
        _factory = _root.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddSingleton<IPipelineBehavior<FileReportCommand, IncidentChange>>(_fault)));

    public void Dispose()
    {
        _factory.Dispose();
        _root.Dispose();
    }

    private static string Line(int sequence, int deaths) =>
        $$"""{"eventId":"JC122-DLQ-{{sequence}}","dispatchId":"JC122-DLQ","sequence":{{sequence}},"updatedAt":"2026-03-01T09:0{{sequence}}:00+08:00","callAt":"2026-03-01T08:55:00+08:00","occurredAt":"2026-03-01T08:50:00+08:00","county":"泽州县","nature":"collision","figures":{"deaths":{{deaths}}},"status":"open"}""";

    [Fact]
    public async Task TheServiceFailingOnOneRecord_QuarantinesIt_TakesTheRest_AndTheRecordIsTakenOnceResubmitted()
    {
        var ingestor = _factory.Services.GetRequiredService<FeedIngestor>();
        var incidents = _factory.Services.GetRequiredService<IIncidentStore>();

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

    /// <summary>The fault: the report of one 122 record fails as a defect in the service would, before anything is written.</summary>
    private sealed class FailOnEventId(string eventId) : IPipelineBehavior<FileReportCommand, IncidentChange>
    {
        public bool Enabled { get; set; } = true;

        public ValueTask<IncidentChange> Handle(FileReportCommand message, MessageHandlerDelegate<FileReportCommand, IncidentChange> next, CancellationToken cancellationToken) =>
            Enabled && message.Source?.MessageId == eventId ? throw new InvalidOperationException("a defect (test)") : next(message, cancellationToken);
    }
}
