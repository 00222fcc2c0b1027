using EmergencyPlans.Application.Incidents;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Lifecycles;
using EmergencyPlans.Infrastructure.Persistence.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace EmergencyPlans.Infrastructure.Tests.Persistence;

/// <summary>
/// What the SQLite store keeps of a write is, byte for byte, the UTF-8 the event schema's serializer wrote for the projection
/// and for each event, stored as TEXT (the store binds those bytes; nothing re-encodes them on the way): outside a feed batch and
/// inside one, for a create and for an append.
/// </summary>
public sealed class SqliteStoredTextTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 8, 0, 0, TimeSpan.FromHours(8));
    private readonly SqliteTestFolder _folder = new("sqlite-stored-text");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_stored_projection_and_event_bodies_are_the_schema_serializers_UTF8_as_text(bool inFeedBatch)
    {
        var path = _folder.File($"text-{inFeedBatch}.db");
        var clock = new FakeTimeProvider(T0);
        using var store = new SqliteIncidentStore(path, clock);
        var engine = new DecisionEngine(TestPlans.Catalog);
        var plan = TestPlans.Catalog.Plans.First(p => p.Id == "road-traffic");
        var officer = new LifecycleActor(RoleCatalogue.DutyOfficer, "值班员");
        var figures = ReportedFigures.None.With(FigureCatalog.Quantities[0], 3m);
        var incident = Incident.Open(Guid.NewGuid(), plan, T0, new IncidentReport { Figures = figures }, TestPlans.Catalog.City.Counties[0].Name,
            "环城路“东段”\u3000\\ \"引号\"", "追尾事故 😀", new Reporter("值班员", null, null), false, officer, T0, engine);
        var id = incident.State.Id;
        var opened = incident.Raised.ToArray();

        await WriteAsync(path, inFeedBatch, () => store.CreateAsync(
            new NewIncident(id, incident.State.PlanId, incident.State.OccurredAt), IncidentEventLog.ToRecords(opened), IncidentEventLog.ToProjection(incident)));
        await CheckAsync(path, id, incident, opened, 1);

        incident.MarkCommitted();
        clock.Advance(TimeSpan.FromMinutes(20));
        incident.FileReport(false, "续报：车道“已封闭”", new IncidentReport { Figures = figures.With(FigureCatalog.Quantities[0], 5m) }, officer, clock.GetUtcNow(), engine);
        var appended = incident.Raised.ToArray();
        await WriteAsync(path, inFeedBatch, () => store.AppendAsync(id, 1, IncidentEventLog.ToRecords(appended), IncidentEventLog.ToProjection(incident)));
        await CheckAsync(path, id, incident, [.. opened, .. appended], 2);
    }

    public void Dispose() => _folder.Dispose();

    private static async Task WriteAsync(string path, bool inFeedBatch, Func<Task<long>> write)
    {
        if (!inFeedBatch)
        {
            await write();
            return;
        }

        // The incident store joins the batch the feed store opens on this flow on the same file (ADR 0008).
        using var incidents = new SqliteIncidentStore(path);
        var feed = new SqliteFeedStore(path, incidents);
        await using (await feed.BeginBatchAsync())
        {
            await write();
            await feed.CommitAsync(new FeedBatch([], [], []));
        }
    }

    private static async Task CheckAsync(string path, Guid id, Incident incident, IncidentEvent[] events, long version)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT typeof(projection), CAST(projection AS BLOB), version FROM incidents WHERE id = $id";
            read.Parameters.AddWithValue("$id", id.ToString("D"));
            await using var row = await read.ExecuteReaderAsync();
            (await row.ReadAsync()).Should().BeTrue();
            row.GetString(0).Should().Be("text");
            ((byte[])row.GetValue(1)).Should().Equal(IncidentEventSchema.SerializeStateToUtf8(incident.State), "the projection is stored as the serializer wrote it");
            row.GetInt64(2).Should().Be(version);
        }

        await using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT typeof(payload), CAST(payload AS BLOB) FROM incident_events WHERE incident_id = $id ORDER BY sequence";
            read.Parameters.AddWithValue("$id", id.ToString("D"));
            await using var rows = await read.ExecuteReaderAsync();
            foreach (var e in events)
            {
                (await rows.ReadAsync()).Should().BeTrue();
                rows.GetString(0).Should().Be("text");
                ((byte[])rows.GetValue(1)).Should().Equal(IncidentEventSchema.SerializeToUtf8(e), $"the {IncidentEventSchema.NameOf(e)} body is stored as the serializer wrote it");
            }

            (await rows.ReadAsync()).Should().BeFalse();
        }
    }
}
