using EmergencyPlans.Application.Incidents;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Lifecycles;

namespace EmergencyPlans.Drills.Tests;

/// <summary>
/// A drill run's store keeps the incident port's contract as the durable stores do (IncidentStoreContract): the log read back
/// numbered, each event with the version of the change that appended it and the store's time of that change, its body as the
/// event's own; the document at a version the fold of the log up to it. It keeps each domain event alone, not a record of it
/// (ADR 0007), so these are what would break if what it kept and what it gives back drifted apart.
/// </summary>
public sealed class DrillIncidentStoreTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, China);
    private static readonly LifecycleActor Officer = new(RoleCatalogue.DutyOfficer, "值班员");
    private static readonly Guid Id = new("0d7a1e55-0000-4000-8000-000000000001");

    private static (Incident Incident, DrillIncidentStore Store, DrillClock Clock) Opened()
    {
        var engine = Support.Drills.Runner.Engine;
        var clock = new DrillClock(T0.AddMinutes(10));
        var figures = new ReportedFigures
        {
            [Figure.Deaths] = 1, [Figure.SeriousInjuries] = 0, [Figure.Injured] = 2, [Figure.DirectLossWan] = 0,
            [Figure.Missing] = 0, [Figure.Trapped] = 0, [Figure.Endangered] = 0,
        };
        var incident = Incident.Open(Id, engine.Catalog.Resolve("construction", T0)!, T0, new IncidentReport { Figures = figures }, "泽州县", null, "塔吊倒塌",
            new Reporter("值班员", null, null), true, Officer, clock.GetUtcNow(), engine);
        return (incident, new DrillIncidentStore(clock, engine.Catalog), clock);
    }

    private static IncidentEvent[] Commit(Incident incident)
    {
        IncidentEvent[] raised = [.. incident.Raised];
        incident.MarkCommitted();
        return raised;
    }

    [Fact]
    public async Task The_log_reads_back_numbered_with_each_changes_version_and_time_and_each_events_own_body()
    {
        var (incident, store, clock) = Opened();
        var opening = Commit(incident);
        await store.CreateAsync(new NewIncident(Id, "construction", T0), IncidentEventLog.ToRecords(opening), IncidentEventLog.ToProjection(incident));
        clock.MoveTo(T0.AddMinutes(40));
        incident.FileReport(false, "续报", new IncidentReport { Figures = new ReportedFigures { [Figure.Injured] = 3 } }, Officer, clock.GetUtcNow(), Support.Drills.Runner.Engine);
        var report = Commit(incident);
        await store.AppendAsync(Id, 1, IncidentEventLog.ToRecords(report), IncidentEventLog.ToProjection(incident));
        clock.MoveTo(T0.AddMinutes(50));
        // A change that appends no event is a version of its own; a body given as text (as the port allows) comes back as given.
        await store.AppendAsync(Id, 2, [], IncidentEventLog.ToProjection(incident));
        await store.AppendAsync(Id, 3, [new EventRecord("note-added", 1, T0.AddMinutes(45), "duty-officer-7", """{ "text": "现场已封控" }""")],
            IncidentEventLog.ToProjection(incident));

        var events = await store.ReadEventsAsync(Id);

        opening.Length.Should().BeGreaterThan(1, "the opening raises the plan's duties with it");
        report.Should().NotBeEmpty();
        var expected = opening.Select(e => (Version: 1L, RecordedAt: T0.AddMinutes(10), Event: e))
            .Concat(report.Select(e => (Version: 2L, RecordedAt: T0.AddMinutes(40), Event: e)))
            .Select((x, i) => new StoredEvent(Id, i + 1, x.Version, IncidentEventSchema.NameOf(x.Event), IncidentEventSchema.Version, x.Event.At.ToUniversalTime(),
                x.RecordedAt.ToUniversalTime(), x.Event.By.ToString(), IncidentEventSchema.Serialize(x.Event)))
            .Append(new StoredEvent(Id, opening.Length + report.Length + 1, 4, "note-added", 1, T0.AddMinutes(45).ToUniversalTime(), T0.AddMinutes(50).ToUniversalTime(),
                "duty-officer-7", """{ "text": "现场已封控" }"""));
        events.Should().Equal(expected);
    }

    [Fact]
    public async Task The_document_read_at_a_version_is_the_fold_of_the_log_up_to_it_even_once_the_log_has_grown()
    {
        var (incident, store, clock) = Opened();
        await store.CreateAsync(new NewIncident(Id, "construction", T0), IncidentEventLog.ToRecords(Commit(incident)), IncidentEventLog.ToProjection(incident));
        var atOpening = IncidentEventSchema.SerializeState(incident.State);
        var first = await store.GetAsync(Id);
        clock.MoveTo(T0.AddMinutes(40));
        incident.FileReport(false, "续报", new IncidentReport { Figures = new ReportedFigures { [Figure.Deaths] = 3 } }, Officer, clock.GetUtcNow(), Support.Drills.Runner.Engine);
        await store.AppendAsync(Id, 1, IncidentEventLog.ToRecords(Commit(incident)), IncidentEventLog.ToProjection(incident));

        var second = await store.GetAsync(Id);

        first!.Version.Should().Be(1);
        first.Projection.Json.Should().Be(atOpening, "the document read at version 1 stops at version 1's events");
        second!.Version.Should().Be(2);
        second.Projection.Json.Should().Be(IncidentEventSchema.SerializeState(incident.State));
        second.Projection.Json.Should().NotBe(atOpening);
    }

    [Fact]
    public async Task A_filed_report_and_a_duty_met_read_back_with_everything_they_were_made_with_and_fold_as_made()
    {
        // Kept as values (the event, its report and its source are not kept as objects): every part set, the source with its status.
        var (incident, store, clock) = Opened();
        await store.CreateAsync(new NewIncident(Id, "construction", T0), IncidentEventLog.ToRecords(Commit(incident)), IncidentEventLog.ToProjection(incident));
        clock.MoveTo(T0.AddMinutes(40));
        var reported = new IncidentReport
        {
            Figures = new ReportedFigures { [Figure.Deaths] = 2, [Figure.Trapped] = 1 },
            Judgements = new JudgementInput { LargeSocialImpact = true, DecidedBy = "市指挥部", Reason = "社会影响较大" },
            Conditions = new RoadConditions { VisibilityMetres = 80, WindForce = 6 },
        };
        incident.FileReport(true, "终报：现场处置完毕", reported, Officer, clock.GetUtcNow(), Support.Drills.Runner.Engine,
            new ReportSource("drill-inject", "42", "导调组", 7, "closed"));
        var raised = Commit(incident);
        await store.AppendAsync(Id, 1, IncidentEventLog.ToRecords(raised), IncidentEventLog.ToProjection(incident));
        // And a duty met with a note, kept the same way.
        clock.MoveTo(T0.AddMinutes(45));
        var owed = incident.State.Obligations.First(o => o.Clock.State == ObligationState.Due);
        incident.FulfilObligation(owed.Key, T0.AddMinutes(44), "电话报告市政府总值班室", Officer, clock.GetUtcNow(), Support.Drills.Runner.Engine);
        var fulfilled = Commit(incident);
        await store.AppendAsync(Id, 2, IncidentEventLog.ToRecords(fulfilled), IncidentEventLog.ToProjection(incident));

        var filed = raised.OfType<ReportFiled>().Should().ContainSingle().Subject;
        filed.Source.Should().NotBeNull();
        var met = fulfilled.OfType<ObligationFulfilled>().Should().ContainSingle().Subject;
        met.Note.Should().NotBeNull();
        var log = await store.ReadEventsAsync(Id);
        log.Where(e => e.Type == IncidentEventSchema.NameOf(filed)).Should().ContainSingle().Which.PayloadJson.Should().Be(IncidentEventSchema.Serialize(filed));
        log.Where(e => e.Type == IncidentEventSchema.NameOf(met)).Select(e => e.PayloadJson).Should().Contain(IncidentEventSchema.Serialize(met));
        var document = await store.GetAsync(Id);
        document!.Projection.Json.Should().Be(IncidentEventSchema.SerializeState(incident.State), "the fold reads the filed report back as it was filed");
    }

    [Fact]
    public void A_duty_raised_with_every_property_set_is_kept_and_made_again_equal()
    {
        // Every property set, none at its default: a part the form drops or swaps comes back different.
        var raised = new ObligationRaised
        {
            At = T0, By = Officer, Key = "continuation-report#2", Code = "continuation-report", Reporter = "事发地县（市、区）政府", To = "市政府",
            Act = "通知市政府有关涉外部门", Start = "activation", Until = "final-report", SpecialEvery = "PT4H", MetByReport = "continuation-report",
            Clause = "5.2.1", Words = "每日至少续报1次", Timing = "fixed", Every = "P1D", DueAt = T0.AddDays(1),
            ArosePastDueAt = T0.AddMinutes(30), County = "高平市",
        };

        var again = DrillIncidentStore.RaisedDuty.Of(raised).ToEvent();

        again.Should().Be(raised);
        IncidentEventSchema.Serialize(again).Should().Be(IncidentEventSchema.Serialize(raised));
    }

    [Fact]
    public void A_clock_event_with_every_property_set_is_kept_and_made_again_equal()
    {
        var recorded = new ClockEventRecorded
        {
            At = T0.AddMinutes(30), By = Officer, Kind = "city-request", HappenedAt = T0.AddMinutes(25), OrderedBy = "市政府总值班室", Note = "要求核实伤亡人数",
        };

        var again = DrillIncidentStore.ClockEvent.Of(recorded).ToEvent();

        again.Should().Be(recorded);
        IncidentEventSchema.Serialize(again).Should().Be(IncidentEventSchema.Serialize(recorded));
    }

    [Fact]
    public void The_forms_filed_reports_duties_and_clock_events_are_kept_in_carry_every_property_of_their_events()
    {
        // DrillIncidentStore.FiledReport, MetDuty, RaisedDuty and ClockEvent copy these one by one: a property added to any of them must be kept there too,
        // or the drill's log and its fold would silently lose it.
        static string[] Properties(Type type) => [.. type.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance).Select(p => p.Name)];

        Properties(typeof(ReportFiled)).Should().BeEquivalentTo("At", "By", "Final", "Summary", "Reported", "Assessed", "Source", "MadeAt", "EnteredInError", "CorrectsPrevious", "Corrects");
        Properties(typeof(IncidentReport)).Should().BeEquivalentTo("Figures", "Judgements", "Conditions");
        Properties(typeof(ReportSource)).Should().BeEquivalentTo("Channel", "MessageId", "Reference", "Sequence", "Status", "Record");
        Properties(typeof(ObligationFulfilled)).Should().BeEquivalentTo("At", "By", "Key", "MadeAt", "Note");
        Properties(typeof(ObligationRaised)).Should().BeEquivalentTo("At", "By", "Key", "Code", "Reporter", "To", "Act", "Start", "Until", "SpecialEvery",
            "MetByReport", "Clause", "Words", "Timing", "Every", "DueAt", "ArosePastDueAt", "County");
        Properties(typeof(ClockEventRecorded)).Should().BeEquivalentTo("At", "By", "Kind", "HappenedAt", "OrderedBy", "Note", "TakenBy");
    }
}
