using System.Text.Json;
using EmergencyPlans.Application.Common;
using EmergencyPlans.Application.Incidents;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Lifecycles;
using EmergencyPlans.Core.Plans;
using Microsoft.Extensions.Time.Testing;

namespace EmergencyPlans.Infrastructure.Tests.Persistence;

/// <summary>
/// The projection is a fold of the log: random sequences of commands go through the real write path
/// (aggregate, writer, store), then every incident rebuilt from its stored events must equal the stored
/// projection, byte for byte. Run once per provider by the concrete subclasses.
/// </summary>
/// <remarks>
/// Two writers share the store, as two instances would, and each keeps the incidents it wrote (it does not read
/// them back): after every accepted command, what the writer answers from its kept incident must equal what a
/// fresh reader reads from the store, byte for byte; a command sent with a stale If-Match, or refused, must leave
/// nothing behind that a later command could build on (a refused command's incident is kept as it was, so the next
/// accepted command is answered from it and compared with the store).
/// </remarks>
public abstract class IncidentRebuildContract<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : class, IStoreFixture
{
    private static readonly Lazy<PlanCatalog> Plans = new(() => TestPlans.Catalog);

    [StoreFact]
    public Task RandomCommands_Seed20261201_RebuiltFromTheLog_EqualTheStoredProjection() => RunAsync(20261201);

    [StoreFact]
    public Task RandomCommands_Seed7_RebuiltFromTheLog_EqualTheStoredProjection() => RunAsync(7);

    [StoreFact]
    public Task RandomCommands_Seed424242_RebuiltFromTheLog_EqualTheStoredProjection() => RunAsync(424242);

    private async Task RunAsync(int seed)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 0, 30, 0, TimeSpan.Zero));
        var store = (await fixture.CreateDatabaseAsync(clock))();
        var engine = new DecisionEngine(Plans.Value);
        var reader = new IncidentReader(store, engine);
        IncidentWriter[] writers = [new(store, reader, engine, clock), new(store, new IncidentReader(store, engine), engine, clock)];
        var random = new Random(seed);
        var stale = 0;
        var ids = new List<Guid>();
        var accepted = 0;
        var refused = 0;

        for (var step = 0; step < 160; step++)
        {
            clock.Advance(TimeSpan.FromMinutes(random.Next(1, 40)));
            var writer = writers[random.Next(writers.Length)];
            var answer = random.Next(2) == 0 ? IncidentAnswer.View : IncidentAnswer.Receipt;
            try
            {
                IncidentChange change;
                if (ids.Count == 0 || random.Next(6) == 0)
                {
                    change = await OpenAsync(writer, engine, random, clock, answer);
                    ids.Add(change.Id);
                }
                else
                {
                    var id = ids[random.Next(ids.Count)];
                    var current = await reader.GetAsync(id, clock.GetUtcNow(), default);
                    if (current.Version > 1 && random.Next(10) == 0)
                    {
                        // A client that missed a change: refused with 412, and the writer's kept incident is not touched.
                        var refusal = async () => await ChangeAsync(writer, engine, random, current with { Version = current.Version - 1 }, answer);
                        (await refusal.Should().ThrowAsync<StaleVersionException>()).Which.Current.Should().Be(current.Version);
                        stale++;
                        continue;
                    }

                    change = await ChangeAsync(writer, engine, random, current, answer);
                }

                var stored = await new IncidentReader(store, engine).GetAsync(change.Id, clock.GetUtcNow(), default);
                stored.Version.Should().Be(change.Version);
                change.Grade.Should().Be(stored.Assessment?.Grade?.Value, "the receipt's grade is the view's");
                change.Level.Should().Be(stored.Assessment?.Response.Level, "the receipt's level is the view's");
                change.Warnings.Should().Equal(stored.Warnings.Select(w => w.Id), "the receipt lists the view's warnings");
                if (answer == IncidentAnswer.View)
                {
                    JsonSerializer.Serialize(change.View).Should().Be(JsonSerializer.Serialize(stored),
                        $"the view answered from the writer's kept incident is the one read back from the store (step {step}, seed {seed})");
                }
                else
                {
                    change.View.Should().BeNull();
                }

                accepted++;
            }
            catch (Exception e) when (e is LifecycleTransitionException or LifecycleAuthorityException or IncidentCommandRejectedException
                                          or NotFoundException or ArgumentException)
            {
                refused++; // a refusal writes nothing; the rebuild below checks that too
            }
        }

        accepted.Should().BeGreaterThan(60, "the sequence must really change incidents");
        stale.Should().BeGreaterThan(3, "stale If-Match values must really be tried");
        foreach (var id in ids)
        {
            var stored = await store.GetAsync(id);
            var events = await store.ReadEventsAsync(id);
            var rebuilt = Incident.Rehydrate(events.Select(IncidentEventLog.FromStored), Plans.Value);

            IncidentEventSchema.SerializeState(rebuilt.State).Should().Be(stored!.Projection.Json, $"incident {id} (seed {seed}) is the fold of its {events.Count} events");
            stored.Version.Should().Be(events[^1].Version);
            stored.Projection.NextObligationDueAt.Should().Be(
                rebuilt.State.Obligations.Where(o => o.Clock.State == ObligationState.Due).Min(o => o.Clock.DueAt) is { } due ? Micro(due) : null,
                "the column is the earliest due time among the duties still owed");
        }

        refused.Should().BeGreaterThan(10, "refusals must really be tried: the writer keeps an incident a refusal left unchanged");
    }

    private static DateTimeOffset Micro(DateTimeOffset t) => new(t.UtcTicks - (t.UtcTicks % 10), TimeSpan.Zero);

    private static Task<IncidentChange> OpenAsync(IncidentWriter writer, DecisionEngine engine, Random random, TimeProvider clock, IncidentAnswer answer)
    {
        var plan = Plans.Value.Plans[random.Next(Plans.Value.Plans.Count)];
        var occurredAt = clock.GetUtcNow().AddMinutes(-random.Next(0, 90)).ToOffset(TimeSpan.FromHours(8));
        var report = new IncidentReport { Figures = RandomFigures(random, plan.Id) };
        var county = Plans.Value.City.Counties[random.Next(Plans.Value.City.Counties.Count)].Name;
        // Half the incidents come from the 122 feed: the source must survive the fold too (schema version 2).
        var source = random.Next(2) == 0 ? new ReportSource("122", $"E-{random.Next():x}", $"JC-{random.Next(1000)}", random.Next(1, 9)) : null;
        return writer.OpenAsync(null, answer, (id, now) => Incident.Open(id, plan, occurredAt, report, county, null, "随机事故", new Reporter("值班员", null, null),
            false, new LifecycleActor(RoleCatalogue.DutyOfficer, "值班员"), now, engine, source), default);
    }

    private static Task<IncidentChange> ChangeAsync(IncidentWriter writer, DecisionEngine engine, Random random, IncidentView current, IncidentAnswer answer)
    {
        var plan = engine.Resolve(current.PlanId, current.OccurredAt);
        var officer = new LifecycleActor(RoleCatalogue.DutyOfficer, "值班员");
        Action<Incident, DateTimeOffset> change = random.Next(10) switch
        {
            // The office proposes a level, or the decider turns a standing proposal down (refused by the lifecycle when nothing is
            // proposed or a response is already in force).
            9 => (incident, now) =>
            {
                if (incident.State.Response is { State: ResponseState.Proposed, ProposedLevel: { } proposed } && random.Next(2) == 0)
                {
                    var role = plan.Response.Find(proposed)!.ActivatedBy[0];
                    incident.DeclineResponse("暂不启动", new LifecycleActor(role, role, delegatedByCommander: true), now);
                }
                else
                {
                    incident.ProposeResponse(plan.Response.Levels[random.Next(plan.Response.Levels.Count)].Level, "建议启动",
                        new LifecycleActor(RoleCatalogue.OfficeDirector, "办公室主任"), now, engine);
                }
            },
            // Refused inside the aggregate, by the response lifecycle's authority check: a duty officer activates no level.
            // The writer keeps the incident as it was; the next command's answer is checked against the store.
            7 => (incident, now) => incident.DecideResponse(plan.Response.Levels[random.Next(plan.Response.Levels.Count)].Level, false, "越权决定", officer, now, engine),
            6 => (incident, now) =>
            {
                var kind = ClockEvents.All[random.Next(ClockEvents.All.Count)];
                incident.RecordClockEvent(kind.Name, now.AddMinutes(-random.Next(0, 20)), kind.Name == ClockEvents.DispatchOrder ? (random.Next(2) == 0 ? "county" : "city") : null,
                    null, new LifecycleActor(RoleCatalogue.OfficeDirector, "办公室主任"), now, engine,
                    kind.Name == ClockEvents.CommandHandover ? (random.Next(2) == 0 ? "泽州县建设工程事故应急指挥部" : "市指挥部现场指挥部") : null);
            },
            0 => (incident, now) => incident.FileReport(false, "续报", new IncidentReport { Figures = RandomFigures(random, plan.Id) }, officer, now, engine),
            1 => (incident, now) => incident.FileReport(false, "122续报", new IncidentReport { Figures = RandomFigures(random, plan.Id) },
                new LifecycleActor(RoleCatalogue.Feed, "122接处警"), now, engine, new ReportSource("122", $"E-{random.Next():x}", "JC-1", random.Next(2, 9))),
            2 => (incident, now) =>
            {
                var level = plan.Response.Levels[random.Next(plan.Response.Levels.Count)];
                var role = level.ActivatedBy[random.Next(level.ActivatedBy.Count)];
                incident.DecideResponse(level.Level, incident.State.Response.State == ResponseState.Active, "随机决定",
                    new LifecycleActor(role, role, delegatedByCommander: true), now, engine);
            },
            3 => (incident, now) =>
            {
                var body = incident.State.Response.ResponsibleBody ?? officer;
                incident.TerminateResponse("处置结束", now.Ticks % 2 == 0 ? true : null, body, now, engine);
            },
            4 => (incident, now) =>
            {
                var open = incident.State.Obligations.Where(o => o.Clock.State == ObligationState.Due).ToArray();
                var key = open.Length > 0 ? open[random.Next(open.Length)].Key : "phone-report-to-city";
                incident.FulfilObligation(key, now.AddMinutes(-random.Next(0, 30)), null, officer, now, engine);
            },
            5 => (incident, now) =>
            {
                if (incident.Plan.WarningAuthority is { } authority)
                {
                    var colour = (WarningColour)random.Next(1, 4);
                    var id = incident.ProposeWarning(Guid.NewGuid(), colour, "能见度低", new LifecycleActor(authority.IssuerRoles(colour)[0], "办公室"), now);
                    _ = id;
                }
                else
                {
                    incident.FileReport(false, null, IncidentReport.Empty, officer, now, engine);
                }
            },
            _ => (incident, now) => incident.FileReport(true, "终报", IncidentReport.Empty, officer, now, engine),
        };

        return writer.ChangeAsync(current.Id, current.Version, null, answer, change, default);
    }

    private static ReportedFigures RandomFigures(Random random, string planId)
    {
        var figures = ReportedFigures.None;
        foreach (var figure in FigureCatalog.Quantities)
        {
            if (random.Next(3) == 0)
            {
                figures = figures.With(figure, (decimal)random.Next(0, planId == "natural-disaster" ? 200_000 : 60));
            }
        }

        return figures;
    }
}

public sealed class SqliteIncidentRebuildTests(SqliteStoreFixture fixture) : IncidentRebuildContract<SqliteStoreFixture>(fixture);

[RequiresPostgres]
public sealed class PostgresIncidentRebuildTests(PostgresStoreFixture fixture) : IncidentRebuildContract<PostgresStoreFixture>(fixture);
