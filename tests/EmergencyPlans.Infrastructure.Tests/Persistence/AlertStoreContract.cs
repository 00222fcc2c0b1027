using EmergencyPlans.Application.Alerts;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Infrastructure.Persistence.Postgres;
using EmergencyPlans.Infrastructure.Persistence.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace EmergencyPlans.Infrastructure.Tests.Persistence;

/// <summary>
/// The storage contract of <see cref="IAlertStore"/>, run once per provider, each test on a database of
/// its own: insert-if-absent by key (also racing from two store instances), round trip, filters and
/// paging, acknowledgement once, reading after an id, and the scan marks against incident versions.
/// </summary>
public abstract class AlertStoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 2, 0, 0, TimeSpan.Zero);
    private readonly List<IAsyncDisposable> _owned = [];

    protected FakeTimeProvider Clock { get; } = new(T0);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }

        await DropAsync();
    }

    /// <summary>A fresh, empty database; the function opens another pair of stores over it.</summary>
    protected abstract Task<Func<(IIncidentStore Incidents, IAlertStore Alerts)>> CreateDatabaseAsync();

    protected virtual Task DropAsync() => Task.CompletedTask;

    /// <summary>Runs SQL on the database the last <see cref="CreateDatabaseAsync"/> made, bypassing the stores.</summary>
    protected abstract Task ExecuteRawAsync(string sql);

    private async Task<(IIncidentStore Incidents, IAlertStore Alerts, Func<(IIncidentStore, IAlertStore)> Open)> FreshAsync()
    {
        var open = await CreateDatabaseAsync();
        Func<(IIncidentStore, IAlertStore)> tracked = () =>
        {
            var pair = open();
            foreach (var o in new object[] { pair.Incidents, pair.Alerts })
            {
                if (o is IAsyncDisposable d)
                {
                    _owned.Add(d);
                }
            }

            return pair;
        };
        var (incidents, alerts) = tracked();
        return (incidents, alerts, tracked);
    }

    private static async Task<Guid> IncidentAsync(IIncidentStore store)
    {
        var id = Guid.NewGuid();
        await store.CreateAsync(new NewIncident(id, "road-traffic", T0), [new EventRecord("incident-opened", 1, T0, "test", "{}")],
            new IncidentProjection("{}", true, null, "NotActivated", null, T0));
        return id;
    }

    private static NewAlert Alert(Guid incident, string key, string kind = AlertKinds.DutyOverdue, string by = "instance-a") => new(
        key, kind, incident, "road-traffic", false, T0.AddMinutes(1), by, "职责已超时：泽州县大客车侧翻", "市委、市政府：到时未报，已超时。",
        new AlertCause("road-traffic", "phone-report-to-city", "5.1.1", "事发后30分钟内…电话报告"), "phone-report-to-city", T0.AddMinutes(-5),
        new AlertDetails
        {
            Duties = [new AlertDuty("phone-report-to-city", "phone-report-to-city", "县级", "市委、市政府", T0.AddMinutes(-5), "5.1.1", "电话报告")],
            DecidedBy = new AlertAuthority(["commander"], ["市指挥部指挥长"], [], "市指挥部", "2.3", "指挥长决定"),
        });

    [StoreFact]
    public async Task RaiseAsync_SameKeyTwice_StoresItOnceAndReturnsItOnlyTheFirstTime()
    {
        var (incidents, alerts, _) = await FreshAsync();
        var incident = await IncidentAsync(incidents);

        var first = await alerts.RaiseAsync([Alert(incident, "k1")]);
        var second = await alerts.RaiseAsync([Alert(incident, "k1", by: "instance-b"), Alert(incident, "k2")]);

        first.Should().ContainSingle().Which.Alert.Key.Should().Be("k1");
        second.Select(a => a.Alert.Key).Should().Equal("k2");
        var stored = await alerts.QueryAsync(new AlertQuery());
        stored.Select(a => a.Alert.Key).Should().BeEquivalentTo(["k1", "k2"]);
        stored.Single(a => a.Alert.Key == "k1").Alert.RaisedBy.Should().Be("instance-a", "the first raise is kept");
    }

    [StoreFact]
    public async Task RaiseAsync_TwoStoreInstancesRacingOnTheSameKeys_EachKeyRaisedByExactlyOne()
    {
        var (incidents, _, open) = await FreshAsync();
        var incident = await IncidentAsync(incidents);
        var (_, a) = open();
        var (_, b) = open();
        var keys = Enumerable.Range(0, 40).Select(i => $"race-{i}").ToArray();

        // Both stores go through the same keys in the same order, one insert at a time each, so they meet on every key.
        async Task<StoredAlert[]> RaiseAll(IAlertStore store, string by)
        {
            var raised = new List<StoredAlert>();
            foreach (var key in keys)
            {
                raised.AddRange(await store.RaiseAsync([Alert(incident, key, by: by)]));
            }

            return [.. raised];
        }

        var results = await Task.WhenAll(Task.Run(() => RaiseAll(a, "a")), Task.Run(() => RaiseAll(b, "b")));

        results.SelectMany(r => r).Select(r => r.Alert.Key).Should().BeEquivalentTo(keys, "every key is raised, and by one store only");
        (await a.QueryAsync(new AlertQuery { Limit = 500 })).Should().HaveCount(keys.Length);
    }

    [StoreFact]
    public async Task GetAsync_AfterRaise_RoundTripsEveryField()
    {
        var (incidents, alerts, _) = await FreshAsync();
        var incident = await IncidentAsync(incidents);
        var alert = Alert(incident, "round-trip");

        var id = (await alerts.RaiseAsync([alert])).Single().Id;
        var stored = await alerts.GetAsync(id);

        stored.Should().NotBeNull();
        stored!.Alert.Should().BeEquivalentTo(alert);
        stored.AcknowledgedAt.Should().BeNull();
        (await alerts.GetAsync(id + 1000)).Should().BeNull();
    }

    [StoreFact]
    public async Task QueryAsync_Filters_NewestFirstAndPaged()
    {
        var (incidents, alerts, _) = await FreshAsync();
        var one = await IncidentAsync(incidents);
        var two = await IncidentAsync(incidents);
        await alerts.RaiseAsync([Alert(one, "a", AlertKinds.NewIncident), Alert(one, "b"), Alert(two, "c", AlertKinds.NewIncident), Alert(two, "d")]);
        var b = (await alerts.QueryAsync(new AlertQuery())).Single(x => x.Alert.Key == "b");
        await alerts.AcknowledgeAsync(b.Id, "王值班 (duty-officer)", T0.AddMinutes(2));

        (await alerts.QueryAsync(new AlertQuery())).Select(x => x.Alert.Key).Should().Equal("d", "c", "b", "a");
        (await alerts.QueryAsync(new AlertQuery { Kind = AlertKinds.NewIncident })).Select(x => x.Alert.Key).Should().Equal("c", "a");
        (await alerts.QueryAsync(new AlertQuery { IncidentId = one })).Select(x => x.Alert.Key).Should().Equal("b", "a");
        (await alerts.QueryAsync(new AlertQuery { Unacknowledged = true })).Select(x => x.Alert.Key).Should().Equal("d", "c", "a");
        (await alerts.QueryAsync(new AlertQuery { Unacknowledged = false })).Select(x => x.Alert.Key).Should().Equal("b");
        (await alerts.QueryAsync(new AlertQuery { Limit = 2, Offset = 1 })).Select(x => x.Alert.Key).Should().Equal("c", "b");
    }

    [StoreFact]
    public async Task QueryAsync_PagedById_AlertsAcknowledgedOrRaisedBetweenPagesNeitherHideNorRepeatAnother()
    {
        // A duty officer walks the unacknowledged alerts page by page and acknowledges each page: with an offset the second page
        // skipped as many unacknowledged alerts as were acknowledged, alerts the office then never saw. Below the last id seen, each
        // is seen exactly once; an alert raised meanwhile is above it (ids increase in commit order), for the next walk from the top.
        var (incidents, alerts, _) = await FreshAsync();
        var incident = await IncidentAsync(incidents);
        var raised = await alerts.RaiseAsync([.. Enumerable.Range(1, 5).Select(i => Alert(incident, "p" + i))]);
        var seen = new List<string>();
        var page = await alerts.QueryAsync(new AlertQuery { Unacknowledged = true, Limit = 2 });
        while (page.Count > 0)
        {
            seen.AddRange(page.Select(a => a.Alert.Key));
            foreach (var alert in page)
            {
                await alerts.AcknowledgeAsync(alert.Id, "王值班 (duty-officer)", T0.AddMinutes(2));
            }

            await alerts.RaiseAsync([Alert(incident, "new" + seen.Count)]);
            page = await alerts.QueryAsync(new AlertQuery { Unacknowledged = true, Limit = 2, BeforeId = page[^1].Id });
        }

        seen.Should().Equal("p5", "p4", "p3", "p2", "p1");
        (await alerts.QueryAsync(new AlertQuery { AfterId = raised[1].Id, Limit = 3 })).Select(a => a.Alert.Key)
            .Should().Equal(["p3", "p4", "p5"], "after an id, oldest first");
        (await alerts.QueryAsync(new AlertQuery { AfterId = raised[1].Id, BeforeId = raised[4].Id })).Select(a => a.Alert.Key)
            .Should().Equal("p3", "p4");
        (await alerts.QueryAsync(new AlertQuery { Unacknowledged = true })).Select(a => a.Alert.Key)
            .Should().Equal(["new5", "new4", "new2"], "the alerts raised during the walk wait at the top");
    }

    [StoreFact]
    public async Task AcknowledgeAsync_Twice_KeepsTheFirstAndUnknownIsNull()
    {
        var (incidents, alerts, _) = await FreshAsync();
        var id = (await alerts.RaiseAsync([Alert(await IncidentAsync(incidents), "ack")])).Single().Id;

        var first = await alerts.AcknowledgeAsync(id, "王值班 (duty-officer)", T0.AddMinutes(2));
        var second = await alerts.AcknowledgeAsync(id, "李值班 (duty-officer)", T0.AddMinutes(9));

        first!.AcknowledgedBy.Should().Be("王值班 (duty-officer)");
        first.AcknowledgedAt.Should().Be(T0.AddMinutes(2));
        second.Should().BeEquivalentTo(first);
        (await alerts.AcknowledgeAsync(id + 1000, "x (duty-officer)", T0)).Should().BeNull();
    }

    [StoreFact]
    public async Task AcknowledgeAllAsync_AnIncidentsOrARecordsAlerts_UpToTheNewestSeen_EachOnce()
    {
        var (incidents, alerts, _) = await FreshAsync();
        var (incident, other) = (await IncidentAsync(incidents), await IncidentAsync(incidents));
        var ids = (await alerts.RaiseAsync([Alert(incident, "all-1"), Alert(incident, "all-2"), Alert(other, "all-other"), Alert(incident, "all-3"),
            Alert(incident, "all-fog", AlertKinds.FeedRoadWarning) with { IncidentId = null, DispatchId = "FOG-ALL" }])).ToDictionary(a => a.Alert.Key, a => a.Id);
        await alerts.AcknowledgeAsync(ids["all-1"], "王值班 (duty-officer)", T0.AddMinutes(2));

        // all-1 was acknowledged before; all-3 was raised after the newest the officer saw (all-2).
        var acknowledged = await alerts.AcknowledgeAllAsync(incident, null, ids["all-2"], "李值班 (duty-officer)", T0.AddMinutes(5));

        acknowledged.Should().Equal(ids["all-2"]);
        (await alerts.GetAsync(ids["all-1"]))!.AcknowledgedBy.Should().Be("王值班 (duty-officer)", "the first acknowledgement is kept");
        (await alerts.GetAsync(ids["all-2"]))!.AcknowledgedAt.Should().Be(T0.AddMinutes(5));
        (await alerts.GetAsync(ids["all-3"]))!.AcknowledgedAt.Should().BeNull();
        (await alerts.GetAsync(ids["all-other"]))!.AcknowledgedAt.Should().BeNull();
        (await alerts.AcknowledgeAllAsync(incident, null, ids["all-2"], "李值班 (duty-officer)", T0.AddMinutes(6))).Should().BeEmpty();

        (await alerts.AcknowledgeAllAsync(null, "FOG-ALL", long.MaxValue, "李值班 (duty-officer)", T0.AddMinutes(7))).Should().Equal(ids["all-fog"]);
        (await alerts.GetAsync(ids["all-3"]))!.AcknowledgedAt.Should().BeNull("a record's alerts are its own");
    }

    [StoreFact]
    public async Task WhatOvertakesAlerts_IsReadOncePerPage_TheIncidentsAsStored_AndTheirRecords122Alerts_AndClosedIncidentsLeftOut()
    {
        // docs/alerts.md "Overtaken": a page reads its incidents in one query, and its 122 alerts' later ones in one more; current=true leaves
        // the alerts of closed incidents out in the query. Both providers alike.
        var (incidents, alerts, _) = await FreshAsync();
        var (open, closed) = (await IncidentAsync(incidents), await IncidentAsync(incidents));
        await incidents.AppendAsync(closed, 1, [new EventRecord("incident-closed", 1, T0.AddMinutes(30), "test", "{}")],
            new IncidentProjection("{\"closed\":true}", false, null, "NotActivated", null, T0.AddMinutes(30)));
        var ids = (await alerts.RaiseAsync([Alert(open, "o-1"), Alert(closed, "c-1"), Alert(open, "o-cancelled", AlertKinds.FeedCancelled),
            Alert(open, "o-reinstated", AlertKinds.FeedReinstated), Alert(closed, "c-reinstated", AlertKinds.FeedReinstated),
            Alert(open, "fog", AlertKinds.FeedRoadWarning) with { IncidentId = null, DispatchId = "FOG-O" },
            Alert(open, "fog-withdrawn", AlertKinds.FeedCancelled) with { IncidentId = null, DispatchId = "FOG-O" },
            Alert(open, "fog-other", AlertKinds.FeedRoadWarning) with { IncidentId = null, DispatchId = "FOG-X" }])).ToDictionary(a => a.Alert.Key, a => a.Id);

        var read = await alerts.IncidentsAsync([open, closed, Guid.NewGuid()]);
        read.Select(i => (i.Id, i.Projection.IsOpen, i.Version)).Should().BeEquivalentTo([(open, true, 1L), (closed, false, 2L)]);
        read.Single(i => i.Id == closed).Projection.Json.Should().Contain("closed").And.Contain("true");
        read.Single(i => i.Id == closed).Projection.UpdatedAt.Should().Be(T0.AddMinutes(30));
        (await alerts.IncidentsAsync([])).Should().BeEmpty();

        var marks = await alerts.FeedAlertsOfAsync([open], ["FOG-O"]);
        marks.Select(m => m.Id).Should().Equal(ids["o-cancelled"], ids["o-reinstated"], ids["fog"], ids["fog-withdrawn"]);
        marks.Single(m => m.Id == ids["fog-withdrawn"]).Should().Be(new AlertMark(ids["fog-withdrawn"], AlertKinds.FeedCancelled, null, "FOG-O", T0.AddMinutes(1)));
        marks.Single(m => m.Id == ids["o-reinstated"]).IncidentId.Should().Be(open);
        (await alerts.FeedAlertsOfAsync([], [])).Should().BeEmpty();

        (await alerts.QueryAsync(new AlertQuery { WithoutClosedIncidents = true, Limit = 100 })).Select(a => a.Alert.Key)
            .Should().BeEquivalentTo(["o-1", "o-cancelled", "o-reinstated", "fog", "fog-withdrawn", "fog-other"], "a record's alerts have no incident to close");
    }

    [StoreFact]
    public async Task TheRoadIncidentsOfAPagesRecordAlerts_AreThoseOfThePlansCountiesAndWindow_OpenOrClosed_LatestFirst_InOneRead()
    {
        // docs/alerts.md "Overtaken": a feed-road-warning is overtaken by a warning issued on a road incident of its record's county and road;
        // the page reads the candidates in one query, by plan and occurrence, the county matched on the document's beginning. Both alike.
        var (incidents, alerts, _) = await FreshAsync();
        async Task<Guid> Create(DateTimeOffset occurredAt, string county, bool open = true, string planId = "road-traffic")
        {
            var id = Guid.NewGuid();
            var json = $$"""{"id":"{{id}}","county":"{{county}}","place":"G207 K1108"}""";
            await incidents.CreateAsync(new NewIncident(id, planId, occurredAt), [new EventRecord("incident-opened", 1, occurredAt, "test", "{}")],
                new IncidentProjection(json, true, null, "NotActivated", null, occurredAt));
            if (!open)
            {
                await incidents.AppendAsync(id, 1, [new EventRecord("incident-closed", 1, occurredAt.AddMinutes(30), "test", "{}")],
                    new IncidentProjection(json, false, null, "NotActivated", null, occurredAt.AddMinutes(30)));
            }

            return id;
        }

        var zezhou = await Create(T0, "泽州县");
        var closed = await Create(T0.AddHours(-1), "泽州县", open: false);
        var yangcheng = await Create(T0.AddHours(-2), "阳城县");
        await Create(T0, "陵川县");
        await Create(T0.AddHours(-30), "泽州县");
        await Create(T0.AddHours(1), "泽州县");
        await Create(T0, "泽州县", planId: "construction");

        var read = await alerts.IncidentsOfCountiesAsync(["road-traffic"], ["泽州县", "阳城县"], T0.AddHours(-3), T0.AddMinutes(30), 10);
        read.Select(i => i.Id).Should().Equal([zezhou, closed, yangcheng], "the plan's, of those counties, in the window, open or closed, latest first");
        read.Single(i => i.Id == closed).Projection.IsOpen.Should().BeFalse();
        read[0].Projection.Json.Should().Contain("泽州县");
        (await alerts.IncidentsOfCountiesAsync(["road-traffic"], ["泽州县", "阳城县"], T0.AddHours(-3), T0.AddMinutes(30), 2)).Select(i => i.Id)
            .Should().Equal(zezhou, closed);
        (await alerts.IncidentsOfCountiesAsync(["road-traffic"], [], T0.AddHours(-3), T0, 10)).Should().BeEmpty();
    }

    [StoreFact]
    public async Task ReadAfterAsync_ReturnsLaterIdsOldestFirst()
    {
        var (incidents, alerts, _) = await FreshAsync();
        var incident = await IncidentAsync(incidents);
        (await alerts.LastIdAsync()).Should().Be(0);
        var raised = await alerts.RaiseAsync([Alert(incident, "r1"), Alert(incident, "r2"), Alert(incident, "r3")]);

        (await alerts.ReadAfterAsync(raised[0].Id, 10)).Select(a => a.Alert.Key).Should().Equal("r2", "r3");
        (await alerts.ReadAfterAsync(0, 2)).Select(a => a.Alert.Key).Should().Equal("r1", "r2");
        (await alerts.LastIdAsync()).Should().Be(raised[2].Id);
    }

    [StoreFact]
    public async Task LastAlertIdRaisedBefore_FindsTheLastAlertRaisedBeforeTheTime_AcrossPages()
    {
        // A stream opened while the store did not answer starts, once it answers, after the last alert raised before it opened
        // (AlertEndpoints); the handler pages newest first, 100 at a time, so 250 alerts cross two pages.
        var (incidents, alerts, _) = await FreshAsync();
        var incident = await IncidentAsync(incidents);
        var handler = new LastAlertIdHandler(alerts);
        (await handler.Handle(new LastAlertIdQuery(T0), CancellationToken.None)).Should().Be(0, "there is none");
        var raised = await alerts.RaiseAsync([.. Enumerable.Range(0, 250).Select(i => Alert(incident, "t" + i) with { RaisedAt = T0.AddSeconds(i) })]);

        (await handler.Handle(new LastAlertIdQuery(T0.AddSeconds(30)), CancellationToken.None)).Should().Be(raised[29].Id);
        (await handler.Handle(new LastAlertIdQuery(T0.AddSeconds(249)), CancellationToken.None)).Should().Be(raised[248].Id);
        (await handler.Handle(new LastAlertIdQuery(T0.AddHours(1)), CancellationToken.None)).Should().Be(raised[249].Id);
        (await handler.Handle(new LastAlertIdQuery(T0), CancellationToken.None)).Should().Be(0, "every alert was raised at or after it");
        (await handler.Handle(new LastAlertIdQuery(), CancellationToken.None)).Should().Be(raised[249].Id);
    }

    [StoreFact]
    public async Task UnscannedIncidents_FollowTheIncidentVersion()
    {
        var (incidents, alerts, _) = await FreshAsync();
        var id = await IncidentAsync(incidents);

        (await alerts.UnscannedIncidentsAsync(null, 10)).Should().Equal((id, 1L));
        await alerts.MarkScannedAsync(id, 1);
        (await alerts.UnscannedIncidentsAsync(null, 10)).Should().BeEmpty();

        await incidents.AppendAsync(id, 1, [new EventRecord("report-filed", 1, T0, "test", "{}")], new IncidentProjection("{}", true, null, "NotActivated", null, T0));
        (await alerts.UnscannedIncidentsAsync(null, 10)).Should().Equal((id, 2L));

        await alerts.MarkScannedAsync(id, 2);
        await alerts.MarkScannedAsync(id, 1); // a slower instance finishing an older scan
        (await alerts.UnscannedIncidentsAsync(null, 10)).Should().BeEmpty("a lower mark never overwrites a higher one");
    }

    [StoreFact]
    public async Task DueIncidents_OpenOnesDueBeforeTheInstant_ByDueTimeThenId_PagedAfterAPosition()
    {
        // The scan's clock pass: ids, versions and due times of the open incidents due before its horizon, most overdue first, each
        // page strictly after the last row of the one before (two share a due time: ordered by id).
        var (incidents, alerts, _) = await FreshAsync();
        var ids = Enumerable.Range(0, 5).Select(_ => Guid.CreateVersion7()).ToArray();
        var due = new[] { T0.AddMinutes(3), T0.AddMinutes(1), T0.AddMinutes(1), T0.AddMinutes(20), T0.AddMinutes(2) };
        for (var i = 0; i < ids.Length; i++)
        {
            await incidents.CreateAsync(new NewIncident(ids[i], "road-traffic", T0), [new EventRecord("incident-opened", 1, T0, "test", "{}")],
                new IncidentProjection("{}", true, null, "NotActivated", due[i], T0));
        }

        // Closed: no longer a candidate, whatever its due time.
        await incidents.AppendAsync(ids[4], 1, [new EventRecord("incident-closed", 1, T0, "test", "{}")], new IncidentProjection("{}", false, null, "NotActivated", due[4], T0));
        var tied = string.CompareOrdinal(ids[1].ToString(), ids[2].ToString()) < 0 ? new[] { ids[1], ids[2] } : [ids[2], ids[1]];

        var all = await alerts.DueIncidentsAsync(T0.AddMinutes(10), null, 10);
        all.Should().Equal(new DueIncident(tied[0], 1, T0.AddMinutes(1)), new DueIncident(tied[1], 1, T0.AddMinutes(1)), new DueIncident(ids[0], 1, T0.AddMinutes(3)));

        var first = await alerts.DueIncidentsAsync(T0.AddMinutes(10), null, 1);
        var second = await alerts.DueIncidentsAsync(T0.AddMinutes(10), new DuePosition(first[^1].DueAt, first[^1].Id), 1);
        var third = await alerts.DueIncidentsAsync(T0.AddMinutes(10), new DuePosition(second[^1].DueAt, second[^1].Id), 1);
        var fourth = await alerts.DueIncidentsAsync(T0.AddMinutes(10), new DuePosition(third[^1].DueAt, third[^1].Id), 1);
        first.Concat(second).Concat(third).Should().Equal(all);
        fourth.Should().BeEmpty();
    }

    [StoreFact]
    public async Task UnscannedIncidents_PagedAfterAnId_GoOnPastIncidentsLeftUnmarked()
    {
        // The scanner leaves an incident it could not read unmarked and pages on from the last id it saw; each page
        // must start strictly after that id, in the store's own order, and a marked incident must not come back.
        var (incidents, alerts, _) = await FreshAsync();
        for (var i = 0; i < 5; i++)
        {
            await IncidentAsync(incidents);
        }

        var all = await alerts.UnscannedIncidentsAsync(null, 10);
        all.Should().HaveCount(5);
        await alerts.MarkScannedAsync(all[3].Id, 1);

        var first = await alerts.UnscannedIncidentsAsync(null, 2);
        var second = await alerts.UnscannedIncidentsAsync(first[^1].Id, 2);
        var third = await alerts.UnscannedIncidentsAsync(second[^1].Id, 2);

        first.Should().Equal(all[0], all[1]);
        second.Should().Equal(all[2], all[4]);
        third.Should().BeEmpty();
    }

    [StoreFact]
    public async Task Raise_EveryKindTheServiceRaises_IsStored()
    {
        // The alerts table checks its kind: a kind added to AlertKinds without a migration would fail every scan that raises it.
        var (incidents, alerts, _) = await FreshAsync();
        var incident = await IncidentAsync(incidents);

        var raised = await alerts.RaiseAsync([.. AlertKinds.All.Select(kind => Alert(incident, $"{incident}:{kind}", kind))]);

        raised.Select(a => a.Alert.Kind).Should().BeEquivalentTo(AlertKinds.All);
    }

    [StoreFact]
    public async Task Migration6_RebuildingTheAlertKinds_KeepsEveryAlertItsIdAndItsAcknowledgement()
    {
        // A store at schema 5 with alerts: migration 6 widens the kinds (on SQLite by rebuilding the table). Run again from 5, it
        // must keep each alert under its id (the stream resumes by id) and the next id must follow the highest.
        var (incidents, alerts, open) = await FreshAsync();
        var incident = await IncidentAsync(incidents);
        var first = await alerts.RaiseAsync([Alert(incident, "a"), Alert(incident, "b")]);
        await alerts.AcknowledgeAsync(first[0].Id, "值班员 (duty-officer)", T0.AddMinutes(2));
        await ExecuteRawAsync(SchemaRewind.To(5));

        var (_, upgraded) = open();
        var after = await upgraded.ReadAfterAsync(0, 10);
        var next = await upgraded.RaiseAsync([Alert(incident, "c", AlertKinds.FeedCancelled)]);

        after.Select(a => (a.Id, a.Alert.Key)).Should().Equal(first.Select(a => (a.Id, a.Alert.Key)));
        after[0].AcknowledgedBy.Should().Be("值班员 (duty-officer)");
        next.Should().ContainSingle().Which.Id.Should().BeGreaterThan(first.Max(a => a.Id));
    }

    /// <summary>SQL that moves the alerts' numbering on to <paramref name="last"/>, as <c>store restore</c> carries the replaced store's over.</summary>
    protected abstract string CarryNumbering(long last);

    [StoreFact]
    public async Task AnUpgradeThatRebuildsTheAlerts_KeepsANumberingCarriedOverByARestore()
    {
        // A backup of schema 15 restored over a store that had given ids up to 50 carries 50 over (operations.md); migration 16 rebuilt the
        // SQLite table and its counter went back to the highest id copied: the next alerts took ids already given (an operations review, s53).
        var (incidents, alerts, open) = await FreshAsync();
        var incident = await IncidentAsync(incidents);
        await alerts.RaiseAsync([Alert(incident, "a"), Alert(incident, "b")]);
        await ExecuteRawAsync(SchemaRewind.To(15) + CarryNumbering(50));

        var (_, upgraded) = open();
        var next = await upgraded.RaiseAsync([Alert(incident, "c")]);

        next.Should().ContainSingle().Which.Id.Should().BeGreaterThan(50);
    }

    [StoreFact]
    public async Task UnscannedIncidents_StoreThatPredatesAlerts_OnlyChangesAfterTheUpgradeAreScanned()
    {
        // A store at schema 3 (the feed, no alerts) holding two incidents, one of them since changed.
        var (incidents, _, open) = await FreshAsync();
        var before = await IncidentAsync(incidents);
        var changed = await IncidentAsync(incidents);
        await incidents.AppendAsync(changed, 1, [new EventRecord("report-filed", 1, T0, "test", "{}")], new IncidentProjection("{}", true, null, "NotActivated", null, T0));
        await ExecuteRawAsync(SchemaRewind.To(3));

        // The upgrade: they are not new to the duty office, so neither is raised as new.
        var (upgraded, alerts) = open();
        (await alerts.UnscannedIncidentsAsync(null, 10)).Should().BeEmpty("incidents stored before alerts existed start from the version they had");

        // What happens after it is scanned: a new incident, and a change to an old one.
        var after = await IncidentAsync(upgraded);
        await upgraded.AppendAsync(before, 1, [new EventRecord("report-filed", 1, T0, "test", "{}")], new IncidentProjection("{}", true, null, "NotActivated", null, T0));
        (await alerts.UnscannedIncidentsAsync(null, 10)).Should().BeEquivalentTo([(after, 1L), (before, 2L)]);
    }
}

public sealed class SqliteAlertStoreTests : AlertStoreContract, IDisposable
{
    private readonly SqliteTestFolder _folder = new("alerts");
    private string? _path;

    protected override async Task ExecuteRawAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    protected override string CarryNumbering(long last) => $"UPDATE sqlite_sequence SET seq = {last} WHERE name = 'alerts';";

    protected override Task<Func<(IIncidentStore, IAlertStore)>> CreateDatabaseAsync()
    {
        var path = _path = _folder.File($"alerts-{Guid.NewGuid():N}.db");
        return Task.FromResult<Func<(IIncidentStore, IAlertStore)>>(() =>
        {
            var incidents = new SqliteIncidentStore(path, Clock);
            return (incidents, new SqliteAlertStore(path, incidents));
        });
    }

    public void Dispose() => _folder.Dispose();
}

[RequiresPostgres]
public sealed class PostgresAlertStoreTests : AlertStoreContract
{
    private readonly List<string> _schemas = [];
    private string? _connectionString;

    protected override Task ExecuteRawAsync(string sql) => ExecuteAsync(_connectionString!, sql);

    protected override string CarryNumbering(long last) => $"SELECT setval(pg_get_serial_sequence('alerts', 'id'), {last});";

    protected override async Task<Func<(IIncidentStore, IAlertStore)>> CreateDatabaseAsync()
    {
        var server = PostgresTestEnvironment.ConnectionString
            ?? throw new InvalidOperationException($"CI=true requires the PostgreSQL store tests to run. {PostgresTestEnvironment.MissingMessage}");
        var schema = "alerts_" + Guid.NewGuid().ToString("N")[..12];
        _schemas.Add(schema);
        await ExecuteAsync(server, $"CREATE SCHEMA {schema}");
        var connectionString = _connectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString;
        return () =>
        {
            var incidents = new PostgresIncidentStore(connectionString, Clock);
            return (incidents, new PostgresAlertStore(connectionString, incidents));
        };
    }

    protected override async Task DropAsync()
    {
        if (PostgresTestEnvironment.ConnectionString is { } server)
        {
            NpgsqlConnection.ClearAllPools();
            foreach (var schema in _schemas)
            {
                await ExecuteAsync(server, $"DROP SCHEMA IF EXISTS {schema} CASCADE");
            }
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
