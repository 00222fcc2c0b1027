using System.Security.Cryptography;
using System.Text;
using EmergencyPlans.Application.Alerts;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Tests.Shared;
using Microsoft.Extensions.Time.Testing;

namespace EmergencyPlans.Infrastructure.Tests.Persistence;

/// <summary>
/// The storage contract of <see cref="IFeedStore"/> (the 122 feed's history, dispatch records and quarantine),
/// one suite run once per provider. Every test uses ids of its own on the class's shared database.
/// </summary>
public abstract class FeedStoreContract<TFixture> : IClassFixture<TFixture>, IAsyncLifetime
    where TFixture : class, IStoreFixture
{
    protected static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.FromHours(8));
    private readonly TFixture _fixture;
    private IIncidentStore? _incidents;
    private IFeedStore? _store;

    protected FeedStoreContract(TFixture fixture) => _fixture = fixture;

    private IFeedStore Store => _store ??= _fixture.OpenFeedStore(_incidents ??= _fixture.OpenStore(new FakeTimeProvider(T0)));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var disposable in new object?[] { _store, _incidents })
        {
            await DisposeOfAsync(disposable);
        }
    }

    /// <summary>Disposes a store, whichever of the two disposals it offers.</summary>
    private static async Task DisposeOfAsync(object? store)
    {
        switch (store)
        {
            case IAsyncDisposable a:
                await a.DisposeAsync();
                break;
            case IDisposable d:
                d.Dispose();
                break;
        }
    }

    [StoreFact]
    public async Task Commit_then_find_returns_the_fingerprints_and_the_dispatch_record()
    {
        var dispatch = NewId("D");
        var message = Message(dispatch, 1, "routine");

        await Store.CommitAsync(new FeedBatch([message], [new FeedDispatch(dispatch, 1, message.EventId, null)], []));

        var found = await Store.FindMessagesAsync([message.EventId, NewId("absent")]);
        found.Should().ContainSingle();
        found[message.EventId].LineHash.Should().Equal(message.LineHash);
        (await Store.FindDispatchesAsync([dispatch]))[dispatch].Should().Be(new FeedDispatch(dispatch, 1, message.EventId, null));
    }

    [StoreFact]
    public async Task A_message_kept_for_the_alert_scan_is_listed_with_what_the_scan_decides_by_until_it_is_settled()
    {
        // The feed keeps a routine message the alert scan must look at with its alert's key (FeedBatch.ForAlerts); the scan reads, in the order
        // kept and after a position, the message's line, the record's latest message, whether the key is stored; a settled message is left out.
        var dispatch = NewId("D");
        var (first, second, other) = (Message(dispatch, 1, "routine"), Message(dispatch, 2, "routine"), Message(NewId("D"), 1, "routine"));
        var (red, otherRed) = ($"122:{dispatch}:feed-road-warning:red", $"122:{other.DispatchId}:feed-road-warning:red");
        await Store.CommitAsync(new FeedBatch([first, second, other],
            [new FeedDispatch(dispatch, 2, second.EventId, null), new FeedDispatch(other.DispatchId, 1, other.EventId, null)], [], null,
            [new FeedMessageForAlert(first.EventId, dispatch, "road-traffic", red), new FeedMessageForAlert(second.EventId, dispatch, "road-traffic", red),
             new FeedMessageForAlert(other.EventId, other.DispatchId, "road-traffic", otherRed)]));
        var alerts = _fixture.OpenAlertStore(_incidents!);

        var listed = (await alerts.FeedMessagesToScanAsync(0, 500)).Where(w => w.DispatchId == dispatch || w.DispatchId == other.DispatchId).ToArray();
        listed.Select(w => (w.EventId, w.AlertKey, w.PlanId, w.Line, w.LatestEventId, w.LatestLine, w.Alerted, w.HasIncident, w.IncidentOpen)).Should().Equal(
            (first.EventId, red, "road-traffic", first.Line, second.EventId, second.Line, false, false, false),
            (second.EventId, red, "road-traffic", second.Line, second.EventId, second.Line, false, false, false),
            (other.EventId, otherRed, "road-traffic", other.Line, other.EventId, other.Line, false, false, false));
        listed.Select(w => w.Position).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        (await alerts.FeedMessagesToScanAsync(listed[0].Position, 500)).Select(w => w.EventId).Should().NotContain(first.EventId).And.Contain(second.EventId);

        // An alert of no incident, naming the record instead: its messages are listed as alerted until settled.
        var raised = await alerts.RaiseAsync([new NewAlert(red, AlertKinds.FeedRoadWarning, null, "road-traffic", false, T0, "instance-a", "122报告达到红色预警条件",
            "能见度8米", new AlertCause("road-traffic", "warning-4.3.1(1)-fog", "4.3.1(1)", "能见度 ≤ 10 米的浓雾"), null, null, new AlertDetails { Colour = "red" })
            { DispatchId = dispatch }]);

        var stored = raised.Should().ContainSingle().Subject;
        (await alerts.GetAsync(stored.Id))!.Alert.Should().Match<NewAlert>(a => a.IncidentId == null && a.DispatchId == dispatch && a.Kind == AlertKinds.FeedRoadWarning);
        (await alerts.FeedMessagesToScanAsync(0, 500)).Where(w => w.DispatchId == dispatch).Select(w => w.Alerted).Should().Equal(true, true);
        (await alerts.QueryAsync(new AlertQuery { Kind = AlertKinds.DutyOverdue })).Should().NotContain(a => a.Id == stored.Id);

        // Settled (twice, as two instances may), they are left out; the other record's is not touched.
        await alerts.SettleFeedMessagesAsync([listed[0].Position, listed[1].Position]);
        await alerts.SettleFeedMessagesAsync([listed[0].Position]);
        (await alerts.FeedMessagesToScanAsync(0, 500)).Where(w => w.DispatchId == dispatch || w.DispatchId == other.DispatchId).Select(w => w.EventId)
            .Should().Equal(other.EventId);
        await DisposeOfAsync(alerts);
    }

    [StoreFact]
    public async Task The_open_incidents_near_a_new_one_are_those_of_its_plan_county_and_window_latest_first_without_closed_ones_drills_or_a_records()
    {
        // The look-up a feed opening makes for an incident of the same accident already open (FeedDuplicates; docs/feed-122.md).
        var plan = NewId("road");
        var incidents = _incidents ??= _fixture.OpenStore(new FakeTimeProvider(T0));
        async Task<Guid> Create(DateTimeOffset occurredAt, string county = "阳城县", bool open = true, bool drill = false, string? planId = null, bool fed = false)
        {
            var id = Guid.NewGuid();
            var json = $$"""{"county":"{{county}}","place":"S331 K131","drill":{{(drill ? "true" : "false")}}}""";
            await incidents.CreateAsync(new NewIncident(id, planId ?? plan, occurredAt, HasFeedRecord: fed), [new EventRecord("IncidentOpened", 1, T0, "duty-officer-7", """{"n":0}""")],
                new IncidentProjection(json, open, null, "NotActivated", null, T0));
            return id;
        }

        var same = await Create(T0);
        var later = await Create(T0.AddHours(2));
        await Create(T0, county: "泽州县");
        await Create(T0.AddHours(-7));
        await Create(T0, open: false);
        await Create(T0, drill: true);
        // A drill newer than the rest: left out by the query itself, it takes no place of the limit (it took one, and at a limit of 1 the
        // answer was empty: a 122 integrator's review, s62 F62-06).
        await Create(T0.AddHours(2.5), drill: true);
        await Create(T0, planId: NewId("other"));
        // One a 122 record has (opened, or tied to it): another accident's, by 122's one record per accident. One the feed opened is
        // marked as it is written, before its batch's dispatch row is (a later opening of the same batch must pass it over too).
        var fed = await Create(T0.AddHours(1), fed: true);
        // One the office opened and then tied to a record before any message of it came (a tie, not a commit, names it).
        var tied = await Create(T0.AddHours(3));
        await using (await Store.BeginBatchAsync())
        {
            await Store.LinkDispatchAsync(NewId("D"), tied, T0.AddHours(3));
        }

        var found = await Store.FindOpenIncidentsAsync(plan, "阳城县", T0.AddHours(-6), T0.AddHours(6), 10, withRecord: false);

        found.Should().Equal(new FeedNearbyIncident(later, T0.AddHours(2), "阳城县", "S331 K131"), new FeedNearbyIncident(same, T0, "阳城县", "S331 K131"));
        (await Store.FindOpenIncidentsAsync(plan, "阳城县", T0.AddHours(-6), T0.AddHours(6), 1, withRecord: false)).Select(i => i.Id).Should().Equal(later);
        // Asked for an incident the office opens: those a record has, the opened and the tied one, latest first.
        (await Store.FindOpenIncidentsAsync(plan, "阳城县", T0.AddHours(-6), T0.AddHours(6), 10, withRecord: true)).Select(i => i.Id).Should().Equal(tied, fed);
    }

    [StoreFact]
    public async Task An_incident_whose_record_moved_it_to_a_county_is_found_there_by_the_records_place_until_a_later_message_moves_it_back()
    {
        // 122 corrected the county of a record that has an incident (s62 F62-07): the record's row keeps the place (migration 21), and the
        // possible-duplicate look-up of the new county finds the incident there, by 122's place and with the county it was opened in.
        var plan = NewId("road");
        var incidents = _incidents ??= _fixture.OpenStore(new FakeTimeProvider(T0));
        var id = Guid.NewGuid();
        await incidents.CreateAsync(new NewIncident(id, plan, T0, HasFeedRecord: true), [new EventRecord("IncidentOpened", 1, T0, "feed", """{"n":0}""")],
            new IncidentProjection("""{"county":"阳城县","place":"S331 K130"}""", true, null, "NotActivated", null, T0));
        var dispatch = NewId("D");
        var (first, second) = (Message(dispatch, 1, "opened"), Message(dispatch, 2, "updated"));
        await Store.CommitAsync(new FeedBatch([first], [new FeedDispatch(dispatch, 1, first.EventId, id)], []));
        (await Store.FindMovedIncidentsAsync(plan, "沁水县", T0.AddHours(-6), T0.AddHours(6), 10)).Should().BeEmpty();

        await Store.CommitAsync(new FeedBatch([second], [new FeedDispatch(dispatch, 2, second.EventId, id) { MovedCounty = "沁水县", MovedPlace = "S331 K80" }], []));
        (await Store.FindMovedIncidentsAsync(plan, "沁水县", T0.AddHours(-6), T0.AddHours(6), 10)).Should()
            .Equal(new FeedNearbyIncident(id, T0, "沁水县", "S331 K80") { OpenedIn = "阳城县" });
        (await Store.FindMovedIncidentsAsync(plan, "沁水县", T0.AddHours(1), T0.AddHours(6), 10)).Should().BeEmpty("outside the window");
        (await Store.FindMovedIncidentsAsync(plan, "阳城县", T0.AddHours(-6), T0.AddHours(6), 10)).Should().BeEmpty();

        var third = Message(dispatch, 3, "updated");
        await Store.CommitAsync(new FeedBatch([third], [new FeedDispatch(dispatch, 3, third.EventId, id)], []));
        (await Store.FindMovedIncidentsAsync(plan, "沁水县", T0.AddHours(-6), T0.AddHours(6), 10)).Should().BeEmpty("the record's latest message is back at the incident's place");
    }

    [StoreFact]
    public async Task Find_answers_each_stored_messages_dispatch_sequence_and_own_incident()
    {
        // A duplicate's answer names the stored message's record and incident (docs/feed-122.md) without reading its line: the look-up
        // that finds the fingerprints brings them. The incident is the message's own as stored: none for a routine one.
        var dispatch = NewId("D");
        var incident = Guid.NewGuid();
        var routine = Message(dispatch, 1, "routine");
        var opened = Message(dispatch, 3, "opened", incident);
        var stale = Message(dispatch, 2, "stale", incident);
        await Store.CommitAsync(new FeedBatch([routine, opened, stale], [new FeedDispatch(dispatch, 3, opened.EventId, incident)], []));

        var found = await Store.FindMessagesAsync([routine.EventId, opened.EventId, stale.EventId, NewId("absent")]);

        found.Values.Select(k => (k.EventId, k.DispatchId, k.Sequence, k.IncidentId)).Should().BeEquivalentTo(new[]
        {
            (routine.EventId, dispatch, 1L, (Guid?)null), (opened.EventId, dispatch, 3L, (Guid?)incident), (stale.EventId, dispatch, 2L, (Guid?)incident),
        });
    }

    [StoreFact]
    public async Task Find_answers_each_stored_id_by_its_own_name_among_absent_ones_and_ids_that_need_escaping()
    {
        // The SQLite store sends the ids as one JSON array and names each row by its place in it: every id, however it is
        // written in JSON, must come back under its own name with its own fingerprints.
        var dispatch = NewId("D");
        var messages = new[] { "E-\"quoted\"-" + Guid.NewGuid().ToString("N"), "E-中文-" + Guid.NewGuid().ToString("N"), NewId("E") }
            .Select((id, i) => Message(dispatch, i + 1, "routine") with { EventId = id, LineHash = SHA256.HashData(Encoding.UTF8.GetBytes("line " + id)) })
            .ToArray();
        await Store.CommitAsync(new FeedBatch(messages, [], []));

        var asked = new[] { NewId("absent"), messages[2].EventId, NewId("absent"), messages[0].EventId, messages[1].EventId, NewId("absent") };
        var found = await Store.FindMessagesAsync(asked);

        found.Keys.Should().BeEquivalentTo(messages.Select(m => m.EventId));
        foreach (var m in messages)
        {
            found[m.EventId].EventId.Should().Be(m.EventId);
            found[m.EventId].LineHash.Should().Equal(m.LineHash);
        }
    }

    [StoreFact]
    public async Task Commit_with_the_line_as_utf8_stores_the_same_line_and_every_column_of_each_message()
    {
        // The feed hands the store each line's bytes as well (FeedMessage.LineUtf8); what is stored must be the line,
        // Chinese text included, and every message of a batch keeps its own values although a store may bind what
        // repeats (submitter, outcome, time received) only once.
        var dispatch = NewId("D");
        var first = Message(dispatch, 1, "routine") with { SubmittedBy = "cli:duty" };
        var line = $"{{\"eventId\":\"{first.EventId}\",\"text\":\"团雾路段车速过快，一车撞击护栏 ✓\"}}";
        // Made from the bytes alone, as the feed makes it: the text is decoded only when a store (PostgreSQL) reads it.
        first = new FeedMessage(first.EventId, first.DispatchId, first.Sequence, first.UpdatedAt, first.Outcome, first.IncidentId, first.LineHash,
            Encoding.UTF8.GetBytes(line), first.LineNumber, first.SubmittedBy, first.ReceivedAt);
        var second = Message(dispatch, 2, "stale", Guid.NewGuid()) with { SubmittedBy = "feed-key", ReceivedAt = T0.AddSeconds(1) };
        var third = Message(dispatch, 3, "routine") with { SubmittedBy = "cli:duty" };

        await Store.CommitAsync(new FeedBatch([first, second, third], [new FeedDispatch(dispatch, 3, third.EventId, null)], []));

        var history = await Store.ReadHistoryAsync(dispatch);
        history.Select(m => (m.EventId, m.Line, m.Outcome, m.SubmittedBy, m.ReceivedAt, m.IncidentId, m.UpdatedAt, m.LineNumber)).Should().Equal(
            new[] { first, second, third }.Select(m => (m.EventId, m.Line, m.Outcome, m.SubmittedBy, m.ReceivedAt, m.IncidentId, m.UpdatedAt, m.LineNumber)));
        history[0].Line.Should().Be(line);
    }

    [StoreFact]
    public async Task Dispatch_sequence_is_never_lowered_and_its_incident_is_kept()
    {
        var dispatch = NewId("D");
        var incident = Guid.NewGuid();
        var third = Message(dispatch, 3, "opened", incident);
        await Store.CommitAsync(new FeedBatch([third], [new FeedDispatch(dispatch, 3, third.EventId, incident)], []));
        var second = Message(dispatch, 2, "stale");

        await Store.CommitAsync(new FeedBatch([second], [new FeedDispatch(dispatch, 2, second.EventId, null)], []));

        (await Store.FindDispatchesAsync([dispatch]))[dispatch].Should().Be(new FeedDispatch(dispatch, 3, third.EventId, incident));
        (await Store.ReadHistoryAsync(dispatch)).Select(m => (m.Sequence, m.Outcome, m.IncidentId)).Should().Equal((3L, "opened", (Guid?)incident), (2L, "stale", null));
    }

    [StoreFact]
    public async Task A_message_stored_twice_is_a_write_conflict_and_nothing_of_the_second_batch_is_written()
    {
        var dispatch = NewId("D");
        var message = Message(dispatch, 1, "routine");
        await Store.CommitAsync(new FeedBatch([message], [new FeedDispatch(dispatch, 1, message.EventId, null)], []));
        var other = Message(NewId("D"), 1, "routine");
        var before = await Store.CountAsync();

        var again = () => Store.CommitAsync(new FeedBatch([other, message], [], [Quarantine("bad line " + Guid.NewGuid())]));

        await again.Should().ThrowAsync<FeedWriteConflictException>();
        (await Store.CountAsync()).Should().Be(before, "the batch is one transaction");
        (await Store.FindMessagesAsync([other.EventId])).Should().BeEmpty();
    }

    [StoreFact]
    public async Task A_line_quarantined_again_takes_no_id_the_next_new_line_gets_the_next_one()
    {
        // A replayed file sends its bad lines again: they must not consume ids (nor write anything at all; the SQLite
        // store's own test reads data_version for that), so the next new line's id follows the first one's.
        var first = await Store.CommitAsync(new FeedBatch([], [], [Quarantine("{\"eventId\":\"again-" + Guid.NewGuid() + "\",")]));
        var line = first;
        for (var i = 0; i < 3; i++)
        {
            line = await Store.CommitAsync(new FeedBatch([], [], [Quarantine((await Store.GetQuarantineAsync(first[0]))!.Line)]));
        }

        var next = await Store.CommitAsync(new FeedBatch([], [], [Quarantine("{\"eventId\":\"next-" + Guid.NewGuid() + "\",")]));

        line.Should().Equal(first);
        next.Should().Equal(first[0] + 1);
    }

    [StoreFact]
    public async Task The_same_line_quarantined_twice_is_one_entry_with_one_id()
    {
        var line = "{\"eventId\":\"q-" + Guid.NewGuid() + "\",";
        var first = await Store.CommitAsync(new FeedBatch([], [], [Quarantine(line)]));
        var before = await Store.CountAsync();

        var second = await Store.CommitAsync(new FeedBatch([], [], [Quarantine(line)]));

        second.Should().Equal(first);
        (await Store.CountAsync()).Should().Be(before);
        var entry = await Store.GetQuarantineAsync(first[0]);
        entry!.Line.Should().Be(line);
        entry.LineBytes.Should().BeNull("the line was UTF-8: its text is its bytes");
        entry.LineNumber.Should().Be(7);
        entry.Field.Should().Be("$");
        entry.ResolvedAt.Should().BeNull();
    }

    [StoreFact]
    public async Task A_line_that_was_not_UTF8_keeps_its_bytes_as_received()
    {
        // "城区" in GBK, then bytes no encoding reads: the text column holds the line read with U+FFFD, the bytes what came. (A NUL
        // byte never reaches a store's text: the ingestor shows it as U+FFFD, as PostgreSQL cannot keep it.)
        byte[] received = [.. "{\"county\":\""u8, 0xB3, 0xC7, 0xC7, 0xF8, 0xFF, 0x80, .. "\"}"u8, .. Encoding.UTF8.GetBytes(Guid.NewGuid().ToString())];
        var line = Encoding.UTF8.GetString(received);
        line.Should().Contain("\uFFFD");

        var ids = await Store.CommitAsync(new FeedBatch([], [], [Quarantine(line, received)]));

        var entry = await Store.GetQuarantineAsync(ids[0]);
        entry!.Line.Should().Be(line);
        entry.LineBytes.Should().Equal(received);
        (await Store.ListQuarantineAsync(ids[0] - 1, 10, includeResolved: false)).Single(e => e.Id == ids[0]).LineBytes.Should().Equal(received);
    }

    [StoreFact]
    public async Task A_resolved_entry_leaves_the_open_list_and_names_the_message_that_resolved_it()
    {
        var ids = await Store.CommitAsync(new FeedBatch([], [], [Quarantine("broken " + Guid.NewGuid())]));
        var dispatch = NewId("D");
        var corrected = Message(dispatch, 1, "routine");

        await Store.CommitAsync(new FeedBatch([corrected], [new FeedDispatch(dispatch, 1, corrected.EventId, null)], [], [new FeedResolution(ids[0], corrected.EventId, T0.AddHours(1))]));

        (await Store.ListQuarantineAsync(ids[0] - 1, 500, includeResolved: false)).Select(e => e.Id).Should().NotContain(ids[0]);
        var resolved = (await Store.ListQuarantineAsync(ids[0] - 1, 500, includeResolved: true)).Single(e => e.Id == ids[0]);
        resolved.ResolvedByEventId.Should().Be(corrected.EventId);
        resolved.ResolvedAt.Should().Be(T0.AddHours(1));
    }

    [StoreFact]
    public async Task FindOpenQuarantine_answers_the_open_entries_of_each_eventId_asked_and_no_closed_one()
    {
        // A batch asks once which open entries wait for its lines' eventIds (docs/feed-122.md, Quarantine): several entries may name one
        // eventId (two bad versions of a record, a conflict); one resolved or dismissed is no longer waiting.
        var (x, y, closed) = (NewId("E"), NewId("E"), NewId("E"));
        var ids = await Store.CommitAsync(new FeedBatch([], [], [
            Quarantine("x bad " + x, eventId: x), Quarantine("x worse " + x, eventId: x), Quarantine("x other " + x, eventId: x, reason: "conflict"),
            Quarantine("y bad " + y, eventId: y), Quarantine("no id " + Guid.NewGuid()), Quarantine("closed a " + closed, eventId: closed),
            Quarantine("closed b " + closed, eventId: closed)]));
        await Store.DismissQuarantineAsync(new FeedDismissal(ids[5], "ops", "试验", T0.AddHours(1)));
        var dispatch = NewId("D");
        var message = Message(dispatch, 1, "routine") with { EventId = closed };
        await Store.CommitAsync(new FeedBatch([message], [new FeedDispatch(dispatch, 1, closed, null)], [], [new FeedResolution(ids[6], closed, T0.AddHours(1))]));

        var open = await Store.FindOpenQuarantineAsync([x, closed, NewId("absent"), y]);

        open.Should().BeEquivalentTo(new[]
        {
            new FeedOpenQuarantine(ids[0], x, "rejected"), new FeedOpenQuarantine(ids[1], x, "rejected"), new FeedOpenQuarantine(ids[2], x, "conflict"),
            new FeedOpenQuarantine(ids[3], y, "rejected"),
        });
        (await Store.FindOpenQuarantineAsync([])).Should().BeEmpty();
    }

    [StoreFact]
    public async Task FindClosedQuarantine_answers_the_entries_asked_that_are_corrected_or_dismissed_and_no_open_one()
    {
        // A bad line sent again is answered with its entry's id; the batch asks once which of those entries are closed (a feed
        // integrator's review, session 52: a replay was told corrected lines still wait).
        var x = NewId("E");
        var ids = await Store.CommitAsync(new FeedBatch([], [], [Quarantine("a " + x, eventId: x), Quarantine("b " + x), Quarantine("c " + x)]));
        await Store.DismissQuarantineAsync(new FeedDismissal(ids[1], "ops", "重复", T0.AddHours(1)));
        var dispatch = NewId("D");
        await Store.CommitAsync(new FeedBatch([Message(dispatch, 1, "routine") with { EventId = x }], [new FeedDispatch(dispatch, 1, x, null)], [],
            [new FeedResolution(ids[0], x, T0.AddHours(2))]));

        var closed = await Store.FindClosedQuarantineAsync([ids[0], ids[1], ids[2], long.MaxValue]);

        closed.Select(e => (e.Id, e.ResolvedAt, e.ResolvedByEventId, e.DismissedBy)).Should().Equal(
            (ids[0], T0.AddHours(2), x, null), (ids[1], T0.AddHours(1), null, "ops"));
        (await Store.FindClosedQuarantineAsync([])).Should().BeEmpty();
    }

    [StoreFact]
    public async Task A_batch_resolves_several_open_entries_and_leaves_a_closed_one_as_it_was()
    {
        var x = NewId("E");
        var ids = await Store.CommitAsync(new FeedBatch([], [], [
            Quarantine("a " + x, eventId: x), Quarantine("b " + x, eventId: x), Quarantine("c " + x, eventId: x), Quarantine("d " + x, eventId: x)]));
        await Store.DismissQuarantineAsync(new FeedDismissal(ids[2], "ops", "重复", T0.AddHours(1)));
        var before = await Store.ReadActivityAsync();
        var dispatch = NewId("D");
        var corrected = Message(dispatch, 1, "routine") with { EventId = x };

        await Store.CommitAsync(new FeedBatch([corrected], [new FeedDispatch(dispatch, 1, x, null)], [],
            [new FeedResolution(ids[0], x, T0.AddHours(2)), new FeedResolution(ids[1], x, T0.AddHours(2)), new FeedResolution(ids[2], x, T0.AddHours(2))]));

        var entries = (await Store.ListQuarantineAsync(ids[0] - 1, 500, includeResolved: true)).Where(e => ids.Contains(e.Id)).ToArray();
        entries.Select(e => (e.Id, e.ResolvedAt, e.ResolvedByEventId, e.DismissedBy)).Should().Equal(
            (ids[0], T0.AddHours(2), x, null), (ids[1], T0.AddHours(2), x, null), (ids[2], T0.AddHours(1), null, "ops"), (ids[3], null, null, null));
        (await Store.ReadActivityAsync()).OpenQuarantine.Should().Be(before.OpenQuarantine - 2);
    }

    [StoreFact]
    public async Task A_new_line_quarantined_resolved_is_stored_resolved_one_quarantined_before_keeps_its_state()
    {
        // A bad line and, later in the same batch, its correction: the entry is added resolved by the correction's eventId at the batch's time.
        var x = NewId("E");
        var open = await Store.CommitAsync(new FeedBatch([], [], [Quarantine("before " + x, eventId: x)]));

        var ids = await Store.CommitAsync(new FeedBatch([], [], [
            Quarantine("bad " + x, eventId: x) with { ResolvedByEventId = x, ReceivedAt = T0.AddHours(3) },
            Quarantine("before " + x, eventId: x) with { ResolvedByEventId = x }]));

        var added = (await Store.GetQuarantineAsync(ids[0]))!;
        (added.ResolvedAt, added.ResolvedByEventId, added.ReceivedAt).Should().Be((T0.AddHours(3), x, T0.AddHours(3)));
        ids[1].Should().Be(open[0]);
        (await Store.GetQuarantineAsync(open[0]))!.ResolvedAt.Should().BeNull("a line in the quarantine already is not added again, nor changed");
        (await Store.FindOpenQuarantineAsync([x])).Select(e => e.Id).Should().Equal(open[0]);
    }

    [StoreFact]
    public async Task A_dismissed_entry_leaves_the_open_list_with_who_and_why_and_cannot_be_dismissed_or_resolved_again()
    {
        var ids = await Store.CommitAsync(new FeedBatch([], [], [Quarantine("{\"eventId\":\"E-typo-" + Guid.NewGuid() + "\",")]));

        (await Store.DismissQuarantineAsync(new FeedDismissal(ids[0], "122接处警 运维", "eventId 录入错误，已按正确编号重发", T0.AddHours(2)))).Should().BeTrue();

        (await Store.ListQuarantineAsync(ids[0] - 1, 500, includeResolved: false)).Select(e => e.Id).Should().NotContain(ids[0]);
        var dismissed = (await Store.GetQuarantineAsync(ids[0]))!;
        dismissed.ResolvedAt.Should().Be(T0.AddHours(2));
        dismissed.ResolvedByEventId.Should().BeNull("no line resolved it");
        dismissed.DismissedBy.Should().Be("122接处警 运维");
        dismissed.DismissalReason.Should().Be("eventId 录入错误，已按正确编号重发");

        (await Store.DismissQuarantineAsync(new FeedDismissal(ids[0], "other", "again", T0.AddHours(3)))).Should().BeFalse();
        var dispatch = NewId("D");
        var late = Message(dispatch, 1, "routine");
        await Store.CommitAsync(new FeedBatch([late], [new FeedDispatch(dispatch, 1, late.EventId, null)], [], [new FeedResolution(ids[0], late.EventId, T0.AddHours(4))]));
        var after = (await Store.GetQuarantineAsync(ids[0]))!;
        after.Should().BeEquivalentTo(dismissed, "a dismissal is final: neither a second dismissal nor a resolution rewrites it");
        (await Store.DismissQuarantineAsync(new FeedDismissal(long.MaxValue, "x", "absent", T0))).Should().BeFalse();
    }

    [StoreFact]
    public async Task An_entry_resolved_by_a_line_cannot_be_dismissed()
    {
        var ids = await Store.CommitAsync(new FeedBatch([], [], [Quarantine("broken " + Guid.NewGuid())]));
        var dispatch = NewId("D");
        var corrected = Message(dispatch, 1, "routine");
        await Store.CommitAsync(new FeedBatch([corrected], [new FeedDispatch(dispatch, 1, corrected.EventId, null)], [], [new FeedResolution(ids[0], corrected.EventId, T0.AddHours(1))]));

        (await Store.DismissQuarantineAsync(new FeedDismissal(ids[0], "ops", "late", T0.AddHours(2)))).Should().BeFalse();

        var entry = (await Store.GetQuarantineAsync(ids[0]))!;
        entry.ResolvedByEventId.Should().Be(corrected.EventId);
        entry.DismissedBy.Should().BeNull();
    }

    [StoreFact]
    public async Task FindLines_answers_the_stored_line_of_each_received_eventId_and_nothing_for_the_others()
    {
        var dispatch = NewId("D");
        var first = Message(dispatch, 1, "routine");
        var second = Message(dispatch, 2, "routine");
        await Store.CommitAsync(new FeedBatch([first, second], [new FeedDispatch(dispatch, 2, second.EventId, null)], []));

        var lines = await Store.FindLinesAsync([first.EventId, second.EventId, "never-" + Guid.NewGuid()]);

        lines.Should().BeEquivalentTo(new Dictionary<string, string> { [first.EventId] = first.Line, [second.EventId] = second.Line });
        (await Store.FindLinesAsync([])).Should().BeEmpty();
    }

    [StoreFact]
    public async Task Activity_names_the_latest_message_and_quarantined_line_and_counts_the_open_entries()
    {
        // The class's database is shared: what this test adds is the latest, and the open count moves by what it opens and closes.
        var before = await Store.ReadActivityAsync();
        var dispatch = NewId("D");
        var first = Message(dispatch, 1, "routine") with { ReceivedAt = T0.AddDays(30) };
        var second = Message(dispatch, 2, "routine") with { ReceivedAt = T0.AddDays(30).AddMinutes(1) };
        await Store.CommitAsync(new FeedBatch([first, second], [new FeedDispatch(dispatch, 2, second.EventId, null)], []));
        var ids = await Store.CommitAsync(new FeedBatch([], [], [
            Quarantine("open " + Guid.NewGuid()) with { ReceivedAt = T0.AddDays(30).AddMinutes(2) },
            Quarantine("dismissed " + Guid.NewGuid()) with { ReceivedAt = T0.AddDays(30).AddMinutes(3) }]));
        await Store.DismissQuarantineAsync(new FeedDismissal(ids[1], "ops", "试验", T0.AddDays(30).AddMinutes(4)));

        var activity = await Store.ReadActivityAsync();

        activity.LastEventId.Should().Be(second.EventId);
        activity.LastMessageAt.Should().Be(second.ReceivedAt);
        activity.LastQuarantinedAt.Should().Be(T0.AddDays(30).AddMinutes(3), "the latest line quarantined, dismissed or not");
        activity.OpenQuarantine.Should().Be(before.OpenQuarantine + 1);
        activity.OldestOpenQuarantineAt.Should().NotBeNull().And.BeOnOrBefore(T0.AddDays(30).AddMinutes(2));
    }

    [StoreFact]
    public async Task Quarantine_lists_oldest_first_after_the_given_id()
    {
        var ids = await Store.CommitAsync(new FeedBatch([], [], [Quarantine("a " + Guid.NewGuid()), Quarantine("b " + Guid.NewGuid()), Quarantine("c " + Guid.NewGuid())]));

        var page = await Store.ListQuarantineAsync(ids[0], 2, includeResolved: false);

        page.Select(e => e.Id).Should().Equal(ids[1], ids[2]);
        ids.Should().BeInAscendingOrder();
    }

    [StoreFact]
    public async Task Quarantine_of_one_kind_lists_full_pages_of_that_kind_as_the_unfiltered_listing_does()
    {
        // The kind is stored with the entry and filtered by the store (docs/feed-122.md, ?kind=): a page of dead letters holds
        // limit of them however many lines of other kinds lie between, where the listing used to sort a bounded read of the
        // quarantine and could answer a short page, even an empty one, that still had a next.
        string[] kinds =
        [
            QuarantineKinds.Failed, .. Enumerable.Repeat(QuarantineKinds.Invalid, 6), QuarantineKinds.Conflict, QuarantineKinds.Failed,
            QuarantineKinds.Invalid, QuarantineKinds.Failed, QuarantineKinds.Conflict,
        ];
        var resolvedBy = NewId("E");
        var ids = await Store.CommitAsync(new FeedBatch([], [], [
            .. kinds.Select(k => OfKind(k)), OfKind(QuarantineKinds.Failed) with { EventId = resolvedBy, ResolvedByEventId = resolvedBy }]));
        var start = ids[0] - 1;
        long[] Of(string kind) => [.. ids.Take(kinds.Length).Where((_, i) => kinds[i] == kind)];

        var all = await Store.ListQuarantineAsync(start, 500, includeResolved: true);
        var failed = await Store.ListQuarantineAsync(start, 2, includeResolved: false, QuarantineKinds.Failed);
        var failedRest = await Store.ListQuarantineAsync(failed[^1].Id, 2, includeResolved: false, QuarantineKinds.Failed);
        var failedWithResolved = await Store.ListQuarantineAsync(failedRest[^1].Id, 2, includeResolved: true, QuarantineKinds.Failed);
        var invalid = await Store.ListQuarantineAsync(start, 7, includeResolved: false, QuarantineKinds.Invalid);
        var conflict = await Store.ListQuarantineAsync(start, 1, includeResolved: false, QuarantineKinds.Conflict);
        var conflictRest = await Store.ListQuarantineAsync(conflict[^1].Id, 1, includeResolved: false, QuarantineKinds.Conflict);

        all.Select(e => e.Kind).Should().Equal([.. kinds, QuarantineKinds.Failed], "each entry keeps the kind it was quarantined with");
        failed.Select(e => e.Id).Should().Equal(Of(QuarantineKinds.Failed)[..2], "a full page of the kind, six lines of another kind between");
        failedRest.Select(e => e.Id).Should().Equal(Of(QuarantineKinds.Failed)[2..], "the resolved dead letter only with includeResolved");
        failedWithResolved.Select(e => e.Id).Should().Equal(ids[^1]);
        invalid.Select(e => e.Id).Should().Equal(Of(QuarantineKinds.Invalid));
        invalid.Should().OnlyContain(e => e.Kind == QuarantineKinds.Invalid && e.Reason == "rejected");
        conflict.Select(e => e.Id).Should().Equal(Of(QuarantineKinds.Conflict)[0]);
        conflictRest.Select(e => e.Id).Should().Equal(Of(QuarantineKinds.Conflict)[1]);
        (await Store.GetQuarantineAsync(ids[0]))!.Kind.Should().Be(QuarantineKinds.Failed);
    }

    [StoreFact]
    public async Task Migration11_gives_the_entries_stored_before_the_kind_column_their_kind_by_reason_and_error()
    {
        // A store at schema 10 knew an entry's kind only from its text: reason conflict, else an error beginning "the service failed
        // on this record" (exactly: a capitalised one is a sender's line), else invalid. The migration must give each that kind.
        var items = new[]
        {
            OfKind(QuarantineKinds.Failed), OfKind(QuarantineKinds.Conflict), OfKind(QuarantineKinds.Invalid),
            OfKind(QuarantineKinds.Invalid, "The service failed on this record: quoted by a sender"),
            OfKind(QuarantineKinds.Invalid, "eventId: the service failed on this record is not a prefix here"),
        };
        var ids = await Store.CommitAsync(new FeedBatch([], [], items));
        await _fixture.ExecuteRawAsync(SchemaRewind.To(10));

        await OnUpgradedStoreAsync(async upgraded =>
        {
            var entries = (await upgraded.ListQuarantineAsync(ids[0] - 1, 500, includeResolved: true)).Where(e => ids.Contains(e.Id));
            var failed = await upgraded.ListQuarantineAsync(ids[0] - 1, 500, includeResolved: false, QuarantineKinds.Failed);

            entries.Select(e => e.Kind).Should().Equal(QuarantineKinds.Failed, QuarantineKinds.Conflict, QuarantineKinds.Invalid, QuarantineKinds.Invalid, QuarantineKinds.Invalid);
            failed.Select(e => e.Id).Should().Equal(ids[0]);
            var next = await upgraded.CommitAsync(new FeedBatch([], [], [OfKind(QuarantineKinds.Failed)]));
            (await upgraded.GetQuarantineAsync(next[0]))!.Kind.Should().Be(QuarantineKinds.Failed, "after the migration the store writes the kind");
        });
    }

    [StoreFact]
    public async Task Migration12_drops_the_content_hash_and_keeps_every_message_as_it_was()
    {
        // A store at schema 11 kept each message's content hash beside its line: the migration drops that column only.
        var dispatch = NewId("D");
        var messages = new[] { Message(dispatch, 1, "routine"), Message(dispatch, 2, "stale", Guid.NewGuid()) };
        await Store.CommitAsync(new FeedBatch(messages, [new FeedDispatch(dispatch, 1, messages[0].EventId, null)], []));
        await _fixture.ExecuteRawAsync(SchemaRewind.To(11) + "UPDATE feed_messages SET content_hash = line_hash;");

        await OnUpgradedStoreAsync(async upgraded =>
        {
            var found = await upgraded.FindMessagesAsync([.. messages.Select(m => m.EventId)]);
            var history = await upgraded.ReadHistoryAsync(dispatch);
            var next = Message(dispatch, 3, "routine");
            await upgraded.CommitAsync(new FeedBatch([next], [], []));

            found.Values.Should().BeEquivalentTo(messages.Select(m => new FeedMessageKey(m.EventId, m.LineHash, m.DispatchId, m.Sequence, m.IncidentId)));
            history.Select(m => (m.EventId, m.Outcome, m.IncidentId, m.Line)).Should().Equal(messages.Select(m => (m.EventId, m.Outcome, m.IncidentId, m.Line)));
            (await upgraded.ReadHistoryAsync(dispatch)).Select(m => m.EventId).Should().Equal(messages.Select(m => m.EventId).Append(next.EventId));
        });
    }

    [StoreFact]
    public async Task Migration19_marks_the_incidents_stored_records_name_so_that_only_the_offices_own_are_named_beside_a_new_one()
    {
        // A store at schema 18 knew an incident's 122 record from the dispatch rows only: the migration must mark every incident a row
        // names (opened by the feed, or tied), or each would be named as the office's own beside the next opening of its county.
        var plan = NewId("road");
        var incidents = _incidents ??= _fixture.OpenStore(new FakeTimeProvider(T0));
        async Task<Guid> Create(DateTimeOffset occurredAt)
        {
            var id = Guid.NewGuid();
            await incidents.CreateAsync(new NewIncident(id, plan, occurredAt), [new EventRecord("IncidentOpened", 1, T0, "duty-officer-7", """{"n":0}""")],
                new IncidentProjection("""{"county":"阳城县","place":"S331 K131","drill":false}""", true, null, "NotActivated", null, T0));
            return id;
        }

        var own = await Create(T0);
        var opened = await Create(T0.AddHours(1));
        var tied = await Create(T0.AddHours(2));
        var first = Message(NewId("D"), 1, "opened", opened);
        await Store.CommitAsync(new FeedBatch([first], [new FeedDispatch(first.DispatchId, 1, first.EventId, opened)], []));
        await using (await Store.BeginBatchAsync())
        {
            await Store.LinkDispatchAsync(NewId("D"), tied, T0.AddHours(2));
        }

        await _fixture.ExecuteRawAsync(SchemaRewind.To(18));

        await OnUpgradedStoreAsync(async upgraded =>
            (await upgraded.FindOpenIncidentsAsync(plan, "阳城县", T0.AddHours(-6), T0.AddHours(6), 10, withRecord: false)).Select(i => i.Id).Should().Equal(own));
    }

    /// <summary>Opens the stores again on the rewound database, so that they migrate it, and runs <paramref name="check"/> on the feed store.</summary>
    private async Task OnUpgradedStoreAsync(Func<IFeedStore, Task> check)
    {
        var incidents = _fixture.OpenStore(new FakeTimeProvider(T0));
        var upgraded = _fixture.OpenFeedStore(incidents);
        try
        {
            await check(upgraded);
        }
        finally
        {
            foreach (var disposable in new object[] { upgraded, incidents })
            {
                if (disposable is IAsyncDisposable a)
                {
                    await a.DisposeAsync();
                }
                else if (disposable is IDisposable d)
                {
                    d.Dispose();
                }
            }
        }
    }

    protected static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    protected static FeedMessage Message(string dispatch, long sequence, string outcome, Guid? incident = null)
    {
        var line = $"{{\"eventId\":\"{NewId("E")}\",\"dispatchId\":\"{dispatch}\",\"sequence\":{sequence}}}";
        return new FeedMessage(NewId("E"), dispatch, sequence, T0.AddMinutes(sequence), outcome, incident,
            SHA256.HashData(Encoding.UTF8.GetBytes(line)), line, sequence, "test", T0);
    }

    // A batch is one commit on both providers (ADR 0008): the incident writes made on its flow join its transaction, so a batch that
    // is not committed leaves none of them. On PostgreSQL each incident write used to commit on its own, so an incident opened by a
    // batch that then failed stayed, decided without the feed rows that explain it.

    [StoreFact]
    public async Task A_batch_not_committed_leaves_none_of_its_incident_writes()
    {
        var incidents = Incidents;
        var id = Guid.NewGuid();
        await using (await Store.BeginBatchAsync())
        {
            await incidents.CreateAsync(new NewIncident(id, "road-traffic", T0), [IncidentEvent("incident-opened")], IncidentProjection());
            (await incidents.GetAsync(id)).Should().NotBeNull("the batch reads what it wrote");
            (await incidents.AppendAsync(id, 1, [IncidentEvent("report-filed")], IncidentProjection())).Should().Be(2);
            (await incidents.ReadEventsAsync(id)).Should().HaveCount(2);
        }

        (await incidents.GetAsync(id)).Should().BeNull("the batch was disposed without its commit");
        (await incidents.ReadEventsAsync(id)).Should().BeEmpty();
    }

    [StoreFact]
    public async Task A_lines_writes_not_kept_are_undone_alone_and_kept_ones_commit_with_the_batch()
    {
        // A line the service fails on after its incident writes (the feed's dead letter) must leave none of them, while the lines
        // before and after it commit with the batch: its writes are undone to the line's savepoint, inside which each incident write
        // has a savepoint of its own (ADR 0008, session 39).
        var incidents = Incidents;
        var (kept, failed, later) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var dispatch = NewId("D");
        var message = Message(dispatch, 1, "opened");
        await using (await Store.BeginBatchAsync())
        {
            await using (var line = await Store.BeginLineAsync())
            {
                await incidents.CreateAsync(new NewIncident(kept, "road-traffic", T0), [IncidentEvent("incident-opened")], IncidentProjection());
                await line.KeepAsync();
            }

            await using (await Store.BeginLineAsync())
            {
                await incidents.AppendAsync(kept, 1, [IncidentEvent("report-filed")], IncidentProjection());
                await incidents.CreateAsync(new NewIncident(failed, "road-traffic", T0), [IncidentEvent("incident-opened")], IncidentProjection());
                (await incidents.GetAsync(failed)).Should().NotBeNull("the line reads what it wrote until it is undone");
            }

            (await incidents.GetAsync(failed)).Should().BeNull("the line was not kept");
            (await incidents.GetAsync(kept))!.Version.Should().Be(1, "the failed line's report is undone with it");
            await using (var line = await Store.BeginLineAsync())
            {
                (await incidents.AppendAsync(kept, 1, [IncidentEvent("report-filed")], IncidentProjection())).Should().Be(2, "the version the undone line took is free again");
                await incidents.CreateAsync(new NewIncident(later, "road-traffic", T0), [IncidentEvent("incident-opened")], IncidentProjection());
                await line.KeepAsync();
            }

            await Store.CommitAsync(new FeedBatch([message], [new FeedDispatch(dispatch, 1, message.EventId, kept)], []));
        }

        (await incidents.GetAsync(kept))!.Version.Should().Be(2);
        (await incidents.ReadEventsAsync(kept)).Select(e => e.Type).Should().Equal("incident-opened", "report-filed");
        (await incidents.GetAsync(failed)).Should().BeNull();
        (await incidents.GetAsync(later)).Should().NotBeNull();
        (await Store.FindMessagesAsync([message.EventId])).Should().ContainKey(message.EventId);
    }

    [StoreFact]
    public async Task A_line_begun_outside_a_batch_is_refused()
    {
        var begin = async () => await Store.BeginLineAsync();
        await begin.Should().ThrowAsync<InvalidOperationException>();
    }

    [StoreFact]
    public async Task An_incident_write_refused_inside_a_batch_leaves_the_batchs_other_writes()
    {
        var incidents = Incidents;
        var (id, other) = (Guid.NewGuid(), Guid.NewGuid());
        var key = NewId("key");
        var dispatch = NewId("D");
        var message = Message(dispatch, 1, "opened");
        await using (await Store.BeginBatchAsync())
        {
            await incidents.CreateAsync(new NewIncident(id, "road-traffic", T0), [IncidentEvent("incident-opened")], IncidentProjection(),
                new IdempotencyRecord(key, "hash", id, 1));
            var sameKey = () => incidents.CreateAsync(new NewIncident(other, "road-traffic", T0), [IncidentEvent("incident-opened")], IncidentProjection(),
                new IdempotencyRecord(key, "hash", other, 1));
            await sameKey.Should().ThrowAsync<IdempotencyKeyTakenException>();
            var stale = () => incidents.AppendAsync(id, 5, [IncidentEvent("report-filed")], IncidentProjection());
            await stale.Should().ThrowAsync<ConcurrencyConflictException>();
            (await incidents.RecordIdempotencyAsync(new IdempotencyRecord(key, "hash", id, 1))).Should().BeFalse();
            await Store.CommitAsync(new FeedBatch([message], [new FeedDispatch(dispatch, 1, message.EventId, id)], []));
        }

        (await incidents.GetAsync(id))!.Version.Should().Be(1);
        (await incidents.GetAsync(other)).Should().BeNull("its write was refused and undone alone");
        (await incidents.FindIdempotencyAsync(key))!.IncidentId.Should().Be(id);
        (await Store.FindMessagesAsync([message.EventId])).Should().ContainKey(message.EventId);
    }

    [StoreFact]
    public async Task A_row_the_schema_refuses_is_not_reported_as_another_writers_message()
    {
        // FeedWriteConflictException makes the ingestor decide the batch again: it means another writer stored one of its messages
        // first (the message's key), not that a row broke a CHECK, which would be refused again at every attempt.
        var dispatch = NewId("D");
        var message = Message(dispatch, 1, "no-such-outcome");
        var commit = () => Store.CommitAsync(new FeedBatch([message], [new FeedDispatch(dispatch, 1, message.EventId, null)], []));

        (await commit.Should().ThrowAsync<Exception>()).Which.Should().NotBeOfType<FeedWriteConflictException>();
        (await Store.FindMessagesAsync([message.EventId])).Should().BeEmpty();
    }

    /// <summary>The incident store of the test's database, the one its feed store's batches join.</summary>
    protected IIncidentStore Incidents
    {
        get
        {
            _ = Store;
            return _incidents!;
        }
    }

    private static EventRecord IncidentEvent(string type) => new(type, 1, T0, "test", "{}");

    private static IncidentProjection IncidentProjection() => new("{}", true, null, "NotActivated", null, T0);

    private static FeedQuarantineItem Quarantine(string line, byte[]? received = null, string? eventId = null, string reason = "rejected",
        string kind = QuarantineKinds.Invalid, string error = "not a valid feed record") =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes(line)), 7, line, received, reason, "$", error, kind, eventId, "test", T0);

    /// <summary>An entry of <paramref name="kind"/> as the ingestor writes it: its reason and error, and the kind it decided.</summary>
    private static FeedQuarantineItem OfKind(string kind, string? error = null)
    {
        var line = kind + " " + Guid.NewGuid();
        return kind switch
        {
            QuarantineKinds.Conflict => Quarantine(line, eventId: NewId("E"), reason: "conflict", kind: kind, error: error ?? "eventId received before with other content"),
            QuarantineKinds.Failed => Quarantine(line, eventId: NewId("E"), kind: kind,
                error: error ?? "the service failed on this record (InvalidOperationException: defect); it waits in the quarantine"),
            _ => Quarantine(line, kind: kind, error: error ?? "not a valid feed record"),
        };
    }
}

public sealed class SqliteFeedStoreTests(SqliteStoreFixture fixture) : FeedStoreContract<SqliteStoreFixture>(fixture);

[RequiresPostgres]
public sealed class PostgresFeedStoreTests : FeedStoreContract<PostgresStoreFixture>
{
    private readonly PostgresStoreFixture _postgres;

    public PostgresFeedStoreTests(PostgresStoreFixture fixture)
        : base(fixture) => _postgres = fixture;

    // The feed's lock is held by a transaction on a connection of the batch's own (ADR 0008); the batch's rows must be written only
    // while it holds. Each test's store names its connections, so that only its own lock-holding session is ended.

    [StoreFact]
    public async Task A_batch_whose_lock_session_ended_commits_none_of_its_rows()
    {
        // A network cut or an administrator ending the session releases the lock: another instance may then decide the same dispatch
        // records. The rows used to commit on another connection all the same, after a decision taken without the lock.
        var name = NewId("lock-lost");
        await using var incidents = new EmergencyPlans.Infrastructure.Persistence.Postgres.PostgresIncidentStore(Named(name), TimeProvider.System);
        await using var store = new EmergencyPlans.Infrastructure.Persistence.Postgres.PostgresFeedStore(Named(name), incidents);
        var dispatch = NewId("D");
        var message = Message(dispatch, 1, "routine");

        await using (await store.BeginBatchAsync())
        {
            await _postgres.ExecuteRawAsync($"""
                SELECT pg_terminate_backend(a.pid) FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid
                WHERE a.application_name = '{name}' AND l.locktype = 'advisory' AND l.granted
                """);
            var commit = () => store.CommitAsync(new FeedBatch([message], [new FeedDispatch(dispatch, 1, message.EventId, null)], []));
            var refused = await commit.Should().ThrowAsync<Exception>();
            store.IsStoreFailure(refused.Which).Should().BeTrue("the batch fails as the store failing (503, lines not acknowledged), not as a bug");
        }

        (await store.FindMessagesAsync([message.EventId])).Should().BeEmpty("nothing is written once the lock is gone");
        (await store.FindDispatchesAsync([dispatch])).Should().BeEmpty();
    }

    [StoreFact]
    public async Task A_batch_on_a_server_that_ends_idle_transactions_keeps_its_lock_while_its_incident_writes_run()
    {
        // The lock's transaction is idle while the batch's incident writes commit on other connections. A server set to end sessions
        // idle in a transaction (here after 300 ms) ended it, releasing the lock mid-batch; the batch now sets that off for itself.
        var name = NewId("idle");
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(Named(name)) { Options = "-c idle_in_transaction_session_timeout=300" }.ConnectionString;
        await using var incidents = new EmergencyPlans.Infrastructure.Persistence.Postgres.PostgresIncidentStore(connection, TimeProvider.System);
        await using var store = new EmergencyPlans.Infrastructure.Persistence.Postgres.PostgresFeedStore(connection, incidents);
        var dispatch = NewId("D");
        var message = Message(dispatch, 1, "routine");

        await using (await store.BeginBatchAsync())
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            await store.CommitAsync(new FeedBatch([message], [new FeedDispatch(dispatch, 1, message.EventId, null)], []));
        }

        (await store.FindMessagesAsync([message.EventId])).Should().ContainKey(message.EventId);
    }

    [StoreFact]
    public async Task A_batch_whose_lock_session_ended_after_an_incident_write_leaves_no_incident()
    {
        // Still open until 2026-12-05: an incident write committed on its own connection before the lock was lost stayed, and another
        // instance deciding another message of the same dispatch record could then open a second incident for it (ADR 0008).
        var name = NewId("lock-lost-incident");
        await using var incidents = new EmergencyPlans.Infrastructure.Persistence.Postgres.PostgresIncidentStore(Named(name), TimeProvider.System);
        await using var store = new EmergencyPlans.Infrastructure.Persistence.Postgres.PostgresFeedStore(Named(name), incidents);
        var id = Guid.NewGuid();
        var dispatch = NewId("D");
        var message = Message(dispatch, 1, "opened");

        await using (await store.BeginBatchAsync())
        {
            await incidents.CreateAsync(new NewIncident(id, "road-traffic", T0), [new EventRecord("incident-opened", 1, T0, "test", "{}")],
                new IncidentProjection("{}", true, null, "NotActivated", null, T0));
            await _postgres.ExecuteRawAsync($"""
                SELECT pg_terminate_backend(a.pid) FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid
                WHERE a.application_name = '{name}' AND l.locktype = 'advisory' AND l.granted
                """);
            var commit = () => store.CommitAsync(new FeedBatch([message], [new FeedDispatch(dispatch, 1, message.EventId, id)], []));
            var refused = await commit.Should().ThrowAsync<Exception>();
            store.IsStoreFailure(refused.Which).Should().BeTrue();
        }

        await using var reader = new EmergencyPlans.Infrastructure.Persistence.Postgres.PostgresIncidentStore(_postgres.ConnectionString, TimeProvider.System);
        (await reader.GetAsync(id)).Should().BeNull("the incident was written on the lock's transaction, which ended with its session");
        (await store.FindMessagesAsync([message.EventId])).Should().BeEmpty();
    }

    [StoreFact]
    public async Task A_batch_refused_on_an_incidents_version_holds_the_incident_so_its_next_attempt_at_the_current_one_lands()
    {
        // The feed files a continuation on the version it last wrote; a duty officer reporting through another instance had moved the
        // incident on. The batch was told the current version and tried again on it, racing the officer afresh at every attempt: in CI
        // (session 31) it lost three times and the whole batch failed. Refused once, the batch now holds the incident until it ends:
        // the officer's next write waits for it and is then refused (412), and the batch's attempt on the version it was told lands.
        var officerName = NewId("officer");
        await using var incidents = new EmergencyPlans.Infrastructure.Persistence.Postgres.PostgresIncidentStore(_postgres.ConnectionString, TimeProvider.System);
        await using var store = new EmergencyPlans.Infrastructure.Persistence.Postgres.PostgresFeedStore(_postgres.ConnectionString, incidents);
        await using var officer = new EmergencyPlans.Infrastructure.Persistence.Postgres.PostgresIncidentStore(Named(officerName), TimeProvider.System);
        var id = Guid.NewGuid();
        var projection = new IncidentProjection("{}", true, null, "NotActivated", null, T0);
        EventRecord[] report = [new EventRecord("report-filed", 1, T0, "test", "{}")];
        await officer.CreateAsync(new NewIncident(id, "road-traffic", T0), [new EventRecord("incident-opened", 1, T0, "test", "{}")], projection);
        (await officer.AppendAsync(id, 1, report, projection)).Should().Be(2, "the officer moved it on; the feed still has version 1");
        var dispatch = NewId("D");
        var message = Message(dispatch, 2, "updated", id);
        Task<long> officerAgain;
        await using (await store.BeginBatchAsync())
        {
            var stale = () => incidents.AppendAsync(id, 1, report, projection);
            (await stale.Should().ThrowAsync<ConcurrencyConflictException>()).Which.CurrentVersion.Should().Be(2);

            // The officer writes again, on the version the batch was just told: before, it landed, and the batch's next attempt failed too.
            officerAgain = Task.Run(() => officer.AppendAsync(id, 2, report, projection));
            (await PostgresLockWait.WaitsForALockAsync(_postgres.ConnectionString, officerName, officerAgain)).Should().BeTrue("the batch holds the incident it was refused on until it ends");

            (await incidents.AppendAsync(id, 2, report, projection)).Should().Be(3);
            await store.CommitAsync(new FeedBatch([message], [new FeedDispatch(dispatch, 2, message.EventId, id)], []));
        }

        (await officerAgain.Awaiting(t => t).Should().ThrowAsync<ConcurrencyConflictException>()).Which.CurrentVersion.Should().Be(3);
        (await incidents.ReadEventsAsync(id)).Select(e => e.Sequence).Should().Equal(1, 2, 3);
    }

    [StoreFact]
    public async Task An_incident_read_inside_a_batch_is_held_by_it_until_it_ends()
    {
        // A continuation with no version remembered reads the incident's version, then writes on it: another instance's writer could take
        // that version in between. The batch's read holds the row as its write would.
        var officerName = NewId("officer");
        await using var incidents = new EmergencyPlans.Infrastructure.Persistence.Postgres.PostgresIncidentStore(_postgres.ConnectionString, TimeProvider.System);
        await using var store = new EmergencyPlans.Infrastructure.Persistence.Postgres.PostgresFeedStore(_postgres.ConnectionString, incidents);
        await using var officer = new EmergencyPlans.Infrastructure.Persistence.Postgres.PostgresIncidentStore(Named(officerName), TimeProvider.System);
        var id = Guid.NewGuid();
        var projection = new IncidentProjection("{}", true, null, "NotActivated", null, T0);
        EventRecord[] report = [new EventRecord("report-filed", 1, T0, "test", "{}")];
        await officer.CreateAsync(new NewIncident(id, "road-traffic", T0), [new EventRecord("incident-opened", 1, T0, "test", "{}")], projection);
        Task<long> officerWrite;
        await using (await store.BeginBatchAsync())
        {
            (await incidents.GetAsync(id))!.Version.Should().Be(1);
            officerWrite = Task.Run(() => officer.AppendAsync(id, 1, report, projection));
            (await PostgresLockWait.WaitsForALockAsync(_postgres.ConnectionString, officerName, officerWrite)).Should().BeTrue("the batch read the incident to write on it");
            (await incidents.AppendAsync(id, 1, report, projection)).Should().Be(2);
            await store.CommitAsync(new FeedBatch([], [], []));
        }

        (await officerWrite.Awaiting(t => t).Should().ThrowAsync<ConcurrencyConflictException>()).Which.CurrentVersion.Should().Be(2);
    }

    private string Named(string applicationName) =>
        new Npgsql.NpgsqlConnectionStringBuilder(_postgres.ConnectionString) { ApplicationName = applicationName }.ConnectionString;
}
