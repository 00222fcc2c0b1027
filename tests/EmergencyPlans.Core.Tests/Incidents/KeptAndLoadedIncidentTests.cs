using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Lifecycles;
using EmergencyPlans.Core.Tests.Support;
using FluentAssertions;
using Xunit;
using static EmergencyPlans.Core.Tests.Support.DutyScenario;

namespace EmergencyPlans.Core.Tests.Incidents;

/// <summary>
/// A service keeps the incidents it wrote and takes the next command on them; after a restart, on another instance, or after a refused
/// command it loads the incident from its stored projection instead, and the store can rebuild it from its events. All three must be
/// one incident: each random command, taken by the kept incident and by one loaded from its projection, must end in the same state and
/// the same events, and the state must be the fold of the log. The kept and the loaded incident differed once: the loaded one's duty
/// index had no owed list for a code whose duties were all met, and an occurrence correction stopped on it.
/// </summary>
public class KeptAndLoadedIncidentTests
{
    private static readonly string[] Plans = ["road-traffic", "construction", "natural-disaster"];
    private static readonly LifecycleActor[] Deciders =
    [
        Officer, new(RoleCatalogue.OfficeDirector, "主任"), new(RoleCatalogue.DeputyCommander, "副指挥长"), new(RoleCatalogue.Commander, "指挥长"),
    ];

    private static readonly string[] Events = [ClockEvents.CityRequest, ClockEvents.DispatchOrder, ClockEvents.HandlingFinished, ClockEvents.SituationStable,
        ClockEvents.SpecialCircumstancesSet, ClockEvents.Arrival, ClockEvents.CommandHandover];
    private static readonly string[] Takers = ["泽州县建设工程事故应急指挥部", "市指挥部现场指挥部"];

    private static readonly LifecycleActor Feed = new(RoleCatalogue.Feed, "122接处警");
    private static readonly string[] FeedStatuses = ["open", "open", "open", "closed", "cancelled"];
    private static readonly string[] WarningActions = ["issue", "adjust", "lift", "reject"];

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 45)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_kept_incident_and_one_loaded_from_its_projection_take_each_command_alike(int seed)
    {
        var r = new Random(seed);
        var planId = Plans[seed % Plans.Length];
        var plan = Repository.Latest(planId);
        var now = At(8, 5);
        var kept = Open(Guid.NewGuid(), planId, planId == "natural-disaster" ? Disaster(deaths: r.Next(0, 8)) : Accident(deaths: r.Next(0, 4)), occurredAt: At(8), now: now);
        var log = new List<IncidentEvent>(kept.Raised);
        kept.MarkCommitted();
        long deaths = 0;
        var taken = 0;
        for (var step = 0; step < 40; step++)
        {
            now = now.AddMinutes(r.Next(0, 240));
            var at = now;
            var choice = r.Next(planId == "natural-disaster" ? 9 : 11);
            deaths = Math.Max(0, deaths + r.Next(-1, 12));
            var figures = deaths;
            var owed = kept.State.Obligations.Where(o => o.Clock.State == ObligationState.Due).Select(o => o.Key).ToList();
            var duty = owed.Count > 0 && r.Next(4) > 0 ? owed[r.Next(owed.Count)] : kept.State.Obligations[r.Next(kept.State.Obligations.Count)].Key;
            var level = (ResponseLevel)r.Next(1, 5);
            var adjust = r.Next(3) == 0;
            var by = Deciders[r.Next(Deciders.Length)];
            var clock = Events[r.Next(Events.Length)];
            var taker = Takers[r.Next(Takers.Length)];
            var corrected = At(7, r.Next(0, 60));
            var warning = kept.State.Warnings.Count > 0 && r.Next(4) > 0 ? kept.State.Warnings[r.Next(kept.State.Warnings.Count)].Id : Guid.NewGuid();
            var warningAction = WarningActions[r.Next(WarningActions.Length)];
            WarningColour? colour = planId == "road-traffic" ? (WarningColour)r.Next(1, 4) : null;
            var status = FeedStatuses[r.Next(FeedStatuses.Length)];
            var r2 = r.Next(3) == 0;
            var final = step >= 35 && r.Next(3) == 0; // a final report closes the incident: late, so the rest of the life is compared first
            Action<Incident> command = choice switch
            {
                0 => i => i.FileReport(final, "续报", new IncidentReport { Figures = planId == "natural-disaster" ? Disaster(deaths: figures) : Accident(deaths: figures) },
                    Officer, at, Repository.Engine),
                // What a 122 record files: it meets none of the office's duties, may say when it happened, and may be withdrawn.
                1 => i => i.FileReport(false, "122续报", new IncidentReport { Figures = Accident(deaths: figures) }, Feed, at, Repository.Engine,
                    new ReportSource("122", $"JC122-{seed}-{step}", $"JC122-{seed}", step + 2, status), occurredAt: r2 ? corrected : null),
                2 => i => i.FileReport(false, "核实事发时间", new IncidentReport(), Officer, at, Repository.Engine, occurredAt: corrected),
                3 or 4 => i => i.FulfilObligation(duty, at, null, Officer, at, Repository.Engine),
                5 => i => i.DecideResponse(level, adjust, "研判", by, at, Repository.Engine),
                6 => i => i.ProposeResponse(level, "建议", Officer, at, Repository.Engine),
                7 => i => i.TerminateResponse("结束", true, by, at, Repository.Engine),
                9 => i => i.ProposeWarning(warning, colour, "团雾", Officer, at),
                10 => i => i.ChangeWarning(warning, warningAction, warningAction == "adjust" ? colour : null, "研判", by, "省指挥部", at),
                _ => i => i.RecordClockEvent(clock, at, clock == ClockEvents.DispatchOrder ? "city" : null, null, Officer, at, Repository.Engine,
                    clock == ClockEvents.CommandHandover ? taker : null),
            };

            var before = IncidentEventSchema.SerializeState(kept.State);
            var loaded = Incident.Load(IncidentEventSchema.DeserializeState(before), plan);
            var keptFailed = Try(command, kept);
            var loadedFailed = Try(command, loaded);

            loadedFailed?.GetType().Should().Be(keptFailed?.GetType(), $"seed {seed}, step {step}: {keptFailed?.Message} / {loadedFailed?.Message}");
            if (keptFailed is not null)
            {
                // A refused command: the writer keeps the incident only when nothing changed, else loads it again.
                kept = kept.IsUnchangedAfter(keptFailed) ? kept : Incident.Load(IncidentEventSchema.DeserializeState(before), plan);
                kept.MarkCommitted();
                continue;
            }

            IncidentEventSchema.SerializeState(loaded.State).Should().Be(IncidentEventSchema.SerializeState(kept.State), $"seed {seed}, step {step}");
            loaded.Raised.Select(IncidentEventSchema.Serialize).Should().Equal(kept.Raised.Select(IncidentEventSchema.Serialize), $"seed {seed}, step {step}");
            log.AddRange(kept.Raised);
            kept.MarkCommitted();
            taken++;
        }

        taken.Should().BeGreaterThanOrEqualTo(12, "most random commands are taken, so the comparison covers the incident's life");

        IncidentEventSchema.SerializeState(Incident.Rehydrate(log, Repository.Catalog).State).Should().Be(IncidentEventSchema.SerializeState(kept.State),
            "the projection is the fold of the log");
    }

    private static Exception? Try(Action<Incident> command, Incident incident)
    {
        try
        {
            command(incident);
            return null;
        }
#pragma warning disable CA1031 // A refusal is a result here: compared between the two incidents.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return e;
        }
    }
}
