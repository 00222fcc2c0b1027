using EmergencyPlans.Tests.Shared;
using EmergencyPlans.Application.Common;
using EmergencyPlans.Application.Incidents;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Lifecycles;
using EmergencyPlans.Core.Plans;
using EmergencyPlans.Infrastructure.Persistence.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace EmergencyPlans.Infrastructure.Tests.Persistence;

/// <summary>
/// A command the incident refuses before it changes anything (ADR 0006) leaves the writer's kept incident as it was, so the
/// next command is judged on it without reading the whole incident back. A drill is where participants make mistakes:
/// when each refusal made the next command reload the incident, a 30,000-inject drill with 300 refused actions ran at
/// 189 injects/s instead of 21,000. That the kept incident is still right is checked by <see cref="IncidentRebuildContract{TFixture}"/>.
/// </summary>
public sealed class IncidentWriterRefusalTests : IDisposable
{
    private readonly SqliteTestFolder _folder = new("refusal");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 5, 12, 9, 30, 0, TimeSpan.FromHours(8)));

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task RefusedByTheResponseAuthority_TheNextCommand_IsJudgedWithoutReadingTheIncidentBack()
    {
        var (writer, store, engine, id) = await OpenAsync();
        var officer = new LifecycleActor(RoleCatalogue.DutyOfficer, "值班员");

        // Construction 4.3.x: a duty officer activates no level (the lifecycle's authority check, inside the aggregate).
        var refused = async () => await writer.ChangeAsync(id, 1, null, IncidentAnswer.Receipt,
            (incident, now) => incident.DecideResponse(ResponseLevel.III, false, "越权", officer, now, engine), default);
        await refused.Should().ThrowAsync<LifecycleAuthorityException>();
        var readsAfterRefusal = store.Reads;

        var accepted = await writer.ChangeAsync(id, 1, null, IncidentAnswer.Receipt, (incident, now) =>
            incident.RecordClockEvent(ClockEvents.CityRequest, now, null, null, officer, now, engine), default);

        accepted.Version.Should().Be(2);
        store.Reads.Should().Be(readsAfterRefusal, "the refused command left the kept incident as it was");
    }

    [Fact]
    public async Task RefusedForAnUnknownDuty_TheNextCommand_IsJudgedWithoutReadingTheIncidentBack()
    {
        var (writer, store, engine, id) = await OpenAsync();
        var officer = new LifecycleActor(RoleCatalogue.DutyOfficer, "值班员");

        var refused = async () => await writer.ChangeAsync(id, 1, null, IncidentAnswer.Receipt,
            (incident, now) => incident.FulfilObligation("no-such-duty", now, null, officer, now, engine), default);
        await refused.Should().ThrowAsync<NotFoundException>();
        var readsAfterRefusal = store.Reads;

        (await writer.ChangeAsync(id, 1, null, IncidentAnswer.Receipt, (incident, now) =>
            incident.FulfilObligation("phone-report-to-city", now, null, officer, now, engine), default)).Version.Should().Be(2);
        store.Reads.Should().Be(readsAfterRefusal);
    }

    private async Task<(IncidentWriter Writer, CountingStore Store, DecisionEngine Engine, Guid Id)> OpenAsync()
    {
        var plans = TestPlans.Catalog;
        var engine = new DecisionEngine(plans);
        var store = new CountingStore(new SqliteIncidentStore(_folder.File("incidents.db"), _clock));
        var writer = new IncidentWriter(store, new IncidentReader(store, engine), engine, _clock);
        var plan = plans.Resolve("construction", _clock.GetUtcNow())!;
        var opened = await writer.OpenAsync(null, IncidentAnswer.Receipt, (id, now) => Incident.Open(id, plan, now.AddMinutes(-20),
            new IncidentReport { Figures = ReportedFigures.None.With(FigureCatalog.Of(Figure.Trapped), 2m) }, "城区", "塔吊", "塔吊倒塌",
            new Reporter("值班员", null, null), false, new LifecycleActor(RoleCatalogue.DutyOfficer, "值班员"), now, engine), default);
        return (writer, store, engine, opened.Id);
    }

    /// <summary>The store, counting the reads of a whole incident.</summary>
    private sealed class CountingStore(IIncidentStore inner) : DelegatingIncidentStore(inner)
    {
        public int Reads { get; private set; }

        public override Task<StoredIncident?> GetAsync(Guid incidentId, CancellationToken cancellationToken = default)
        {
            Reads++;
            return Inner.GetAsync(incidentId, cancellationToken);
        }
    }
}
