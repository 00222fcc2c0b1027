using EmergencyPlans.Application.Incidents;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Application.Alerts;

/// <summary>
/// What has overtaken an alert since it was raised (docs/alerts.md, "Overtaken"; ADR 0009), derived as the alert is read from its incident's
/// current state (or, for a 122 record's alerts, the record's later alerts), never stored: an alert is a fact of the moment it was raised, and
/// what overtakes it changes with every command. Per kind, from what the plan asks:
/// <list type="bullet">
/// <item><c>duty-due-soon</c>, <c>duty-overdue</c>: the duty (every period an overdue alert stands for) <c>met</c>, or <c>not-needed</c> (it
/// no longer applies: 灾情稳定, a grade that no longer calls for it); a due-soon one <c>overdue</c> once its due time passed unmet (the
/// overdue alert takes over), either <c>rescheduled</c> when the duty's due time is no longer the alert's (an occurrence corrected: the
/// alerts of the new time take over). A due-soon alert of a duty owed at once (due now, session 59) or 及时 (session 60) is overtaken the
/// same way: met or not needed; its duty has no due time, so it is never overdue nor rescheduled.</item>
/// <item><c>escalation</c>: <c>decided</c> once a level at least the one recommended was activated (or adjusted to); one that raised the grade
/// alone asks only for the reports the grade calls for, which are duties of their own, so only the close overtakes it.</item>
/// <item><c>road-warning</c>, <c>warning-below-the-plan</c>: <c>issued</c> once a warning of that colour or above was issued or adjusted to
/// (R 4.4), even if lifted since.</item>
/// <item><c>deadlines-brought-forward</c>: <c>met</c> once every duty it moved is met or no longer applies.</item>
/// <item><c>feed-cancelled</c> of an incident: <c>reinstated</c> once 122 sent the record again (its <c>feed-reinstated</c> alert).</item>
/// <item><c>feed-road-warning</c>: <c>withdrawn</c> once 122's withdrawal of the record was told (a later <c>feed-cancelled</c> of the record),
/// else <c>issued</c> once a road incident of the record's county and road had a warning of that colour or above in force at or after the
/// alert was raised (session 58: the office decides a fog bank's warning once, on its incident, and 122's records of it were all left current);
/// <c>feed-cancelled</c> of a record: <c>resent</c> once the record, sent again, raised its road warning again. Else a <c>feed-road-warning</c>
/// is <c>tied</c> once a duty officer tied the record to an incident (<c>feed-record-linked</c>), whose own alerts (its <c>road-warning</c>) carry
/// the record's fog on from then (a 122 integrator's review, s62 F62-19: two live alerts for one fog), unless that incident was closed before
/// the alert was raised.</item>
/// <item><c>escalation</c>: also <c>corrected</c> once withdrawn because the report that recommended it was corrected as entered in error
/// (escalation-withdrawn, session 55).</item>
/// <item>every alert of an incident: <c>closed</c> once the incident is closed, if nothing above overtook it first.</item>
/// </list>
/// A page is read with one read of its incidents (and, only when it holds 122 alerts, one of their records' alerts; only when it holds
/// <c>feed-road-warning</c> alerts with a county and road, one of the road incidents that may overtake them), not one per alert.
/// </summary>
public static class AlertOvertaking
{
    public const string Met = "met";
    public const string NotNeeded = "not-needed";
    public const string Overdue = "overdue";
    public const string Rescheduled = "rescheduled";
    public const string Decided = "decided";
    public const string Issued = "issued";
    public const string Closed = "closed";
    public const string Reinstated = "reinstated";
    public const string Withdrawn = "withdrawn";
    public const string Resent = "resent";
    public const string Corrected = "corrected";
    public const string Tied = "tied";

    /// <summary>The reasons <see cref="AlertOvertaken.By"/> takes.</summary>
    public static IReadOnlyList<string> All { get; } = [Met, NotNeeded, Overdue, Rescheduled, Decided, Issued, Closed, Reinstated, Withdrawn, Resent, Corrected, Tied];

    /// <summary>
    /// The views of <paramref name="rows"/>, each with what overtook it as of <paramref name="now"/>: one read of their incidents, and one of
    /// their 122 records' alerts when the page holds alerts that such alerts overtake.
    /// </summary>
    public static async Task<IReadOnlyList<AlertView>> ViewsAsync(IReadOnlyList<StoredAlert> rows, IAlertStore store, IncidentReader reader, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(reader);
        if (rows.Count == 0)
        {
            return [];
        }

        var incidentIds = rows.Select(r => r.Alert.IncidentId).OfType<Guid>().ToHashSet();
        var incidents = incidentIds.Count == 0 ? []
            : (await store.IncidentsAsync(incidentIds, cancellationToken).ConfigureAwait(false)).ToDictionary(i => i.Id);

        var withdrawnIncidents = rows.Where(r => r.Alert is { Kind: AlertKinds.FeedCancelled, IncidentId: not null }).Select(r => r.Alert.IncidentId!.Value).ToHashSet();
        var records = rows.Where(r => r.Alert.DispatchId is not null && r.Alert.Kind is AlertKinds.FeedRoadWarning or AlertKinds.FeedCancelled)
            .Select(r => r.Alert.DispatchId!).ToHashSet(StringComparer.Ordinal);
        var marks = withdrawnIncidents.Count + records.Count == 0 ? []
            : await store.FeedAlertsOfAsync(withdrawnIncidents, records, cancellationToken).ConfigureAwait(false);

        // The page's feed-road-warning alerts with a county and a road: the road incidents whose warnings may overtake them, in one read.
        var fogs = new Dictionary<long, (string County, string Road)>();
        foreach (var row in rows)
        {
            if (row.Alert is { Kind: AlertKinds.FeedRoadWarning, IncidentId: null } && AlertRules.FeedRoadWarningPlace(row.Alert, reader.City) is ({ } county, { } road))
            {
                fogs[row.Id] = (county, road);
            }
        }

        // The incidents the page's record alerts' records have now (opened or tied): a tie overtakes a record's road warning, in one read.
        var warnedRecords = rows.Where(r => r.Alert is { Kind: AlertKinds.FeedRoadWarning, IncidentId: null, DispatchId: not null })
            .Select(r => r.Alert.DispatchId!).ToHashSet(StringComparer.Ordinal);
        var recordIncidents = warnedRecords.Count == 0 ? []
            : await store.IncidentsOfRecordsAsync(warnedRecords, cancellationToken).ConfigureAwait(false);

        IReadOnlyList<StoredIncident> roadIncidents = [];
        if (fogs.Count > 0)
        {
            var fogAlerts = rows.Where(r => fogs.ContainsKey(r.Id)).Select(r => r.Alert).ToList();
            roadIncidents = await store.IncidentsOfCountiesAsync(fogAlerts.Select(a => a.PlanId).ToHashSet(StringComparer.Ordinal),
                fogs.Values.Select(f => f.County).ToHashSet(StringComparer.Ordinal), fogAlerts.Min(a => a.RaisedAt) - RoadWindow, now, RoadLimit,
                cancellationToken).ConfigureAwait(false);
        }

        // Each incident read once for the page (the reader keeps the state of a version, so a version already read is not parsed again).
        var views = new Dictionary<Guid, IncidentView?>();
        IncidentView? ViewOf(StoredIncident stored)
        {
            if (!views.TryGetValue(stored.Id, out var view))
            {
                try
                {
                    view = reader.ToView(stored, now);
                }
#pragma warning disable CA1031 // An incident that cannot be read (its plan not loaded) still tells whether it is closed, from its row.
                catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
                {
                    view = null;
                }

                views[stored.Id] = view;
            }

            return view;
        }

        var result = new AlertView[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var stored = row.Alert.IncidentId is { } id && incidents.TryGetValue(id, out var s) ? s : null;
            var onTheRoad = fogs.TryGetValue(row.Id, out var fog) ? OnTheRoad(row.Alert, fog.County, fog.Road, roadIncidents, ViewOf) : null;
            var tiedTo = row.Alert is { Kind: AlertKinds.FeedRoadWarning, IncidentId: null, DispatchId: { } record }
                ? recordIncidents.Select(ViewOf).FirstOrDefault(v => v is not null && TieOf(v, record) is not null)
                : null;
            result[i] = AlertView.From(row) with { Overtaken = Of(row, stored, stored is null ? null : ViewOf(stored), marks, onTheRoad, now, tiedTo) };
        }

        return result;
    }

    /// <summary>
    /// What overtook <paramref name="row"/>: from <paramref name="view"/>, its incident now (null when it cannot be read: then only whether
    /// <paramref name="incident"/> is closed), and <paramref name="marks"/>, the 122 alerts of its incident or record; for a
    /// <c>feed-road-warning</c>, <paramref name="onTheRoad"/> too, the road incidents of its record's county and road (<see cref="OnTheRoad"/>),
    /// whose warnings in force at <paramref name="now"/> or since it was raised overtake it, and <paramref name="tiedTo"/>, the incident a duty
    /// officer tied its record to (TiedOf); null while it is live.
    /// </summary>
    public static AlertOvertaken? Of(StoredAlert row, StoredIncident? incident, IncidentView? view, IReadOnlyList<AlertMark> marks,
        IReadOnlyList<IncidentView>? onTheRoad = null, DateTimeOffset? now = null, IncidentView? tiedTo = null)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(marks);
        var alert = row.Alert;
        if (alert.IncidentId is null)
        {
            return alert.Kind switch
            {
                // The record's own word first, as the incident's own state comes before its close below: a withdrawn record asks for nothing,
                // whatever was issued on its road.
                // A warning issued on its road says the fog is done with; a tie, that the incident's own alerts carry it on (F62-19).
                AlertKinds.FeedRoadWarning => Later(row, marks, AlertKinds.FeedCancelled, Withdrawn, "122已撤销该接警单")
                                              ?? IssuedOnTheRoad(alert, onTheRoad ?? [], now ?? DateTimeOffset.MaxValue)
                                              ?? TiedOf(alert, tiedTo),
                AlertKinds.FeedCancelled => Later(row, marks, AlertKinds.FeedRoadWarning, Resent, "122已重新报来该接警单，预警条件已再次提示"),
                _ => null,
            };
        }

        if (incident is null)
        {
            return null;
        }

        var specific = view is null ? null : alert.Kind switch
        {
            AlertKinds.DutyDueSoon or AlertKinds.DutyOverdue => DutyOvertaken(alert, view),
            AlertKinds.DeadlinesBroughtForward => DutiesMet(alert.Details.Duties.Select(d => d.Key), view),
            AlertKinds.Escalation => DecidedOf(alert, view),
            AlertKinds.RoadWarning or AlertKinds.WarningBelowThePlan => IssuedOf(alert, view),
            AlertKinds.FeedCancelled => Later(row, marks, AlertKinds.FeedReinstated, Reinstated, "122已重新报来该接警单，撤销不再成立"),
            _ => null,
        };
        if (specific is not null)
        {
            return specific;
        }

        if (incident.Projection.IsOpen)
        {
            return null;
        }

        // When it closed: the timeline's entry (the row's last change when the incident cannot be read).
        var closedAt = view?.Timeline.LastOrDefault(t => t.Type == "incident-closed").At is { } at && at != default ? at : incident.Projection.UpdatedAt;
        return new AlertOvertaken(Closed, closedAt, $"事件已于{CityTime.DayMinute(closedAt)}结束");
    }

    /// <summary>A duty alert: its duty met, no longer needed, past due (due-soon), or due at another time now.</summary>
    private static AlertOvertaken? DutyOvertaken(NewAlert alert, IncidentView view)
    {
        // An overdue alert of a repeating duty's missed periods stands for each of them (details.duties); any other, for its duty.
        var keys = alert.Kind == AlertKinds.DutyOverdue && alert.Details.Duties.Count > 1 ? alert.Details.Duties.Select(d => d.Key) : [alert.DutyKey!];
        if (DutiesMet(keys, view) is { } done)
        {
            return done;
        }

        if (view.Obligations.FirstOrDefault(o => o.Key == alert.DutyKey) is not { } duty || !view.Open)
        {
            return null;
        }

        if (alert.DueAt is { } was && duty.DueAt is { } now && now != was)
        {
            return new AlertOvertaken(Rescheduled, null, $"时限已改为{CityTime.DayMinute(now)}前");
        }

        return alert.Kind == AlertKinds.DutyDueSoon && duty.Status == "overdue" && duty.DueAt is { } due
            ? new AlertOvertaken(Overdue, due, $"已于{CityTime.DayMinute(due)}超时，见超时提醒")
            : null;
    }

    /// <summary>Every duty of <paramref name="keys"/> met (at the latest of their times) or no longer needed; null while one is owed, or unknown.</summary>
    private static AlertOvertaken? DutiesMet(IEnumerable<string> keys, IncidentView view)
    {
        DateTimeOffset? last = null;
        string? done = null;
        var any = false;
        var notNeeded = false;
        foreach (var key in keys)
        {
            if (view.Obligations.FirstOrDefault(o => o.Key == key) is not { } duty)
            {
                return null;
            }

            any = true;
            switch (duty.Status)
            {
                case "met-on-time" or "met-late":
                    if (duty.MetAt is { } at && (last is null || at > last))
                    {
                        (last, done) = (at, duty.Said().Done);
                    }

                    break;
                case "ended" when duty.EndedAs == "not-needed" && view.Open:
                    notNeeded = true;
                    break;
                default:
                    return null; // owed; or ended unmet by the close, which the close says
            }
        }

        if (!any)
        {
            return null;
        }

        return last is { } met && !notNeeded ? new AlertOvertaken(Met, met, $"已于{CityTime.DayMinute(met)}{done}")
            : notNeeded && last is null ? new AlertOvertaken(NotNeeded, null, "该职责已不再需要")
            : last is { } some ? new AlertOvertaken(Met, some, $"已于{CityTime.DayMinute(some)}{done}，其余已不再需要")
            : null;
    }

    /// <summary>An escalation of the response level: decided once a level at least the recommended one was activated or adjusted to.</summary>
    private static AlertOvertaken? DecidedOf(NewAlert alert, IncidentView view)
    {
        // Withdrawn: the report that recommended it was corrected as entered in error (escalation-withdrawn). The incident's escalation is
        // the latest one; an alert of the same rise is that one's.
        if (view.Escalation is { WithdrawnAt: { } withdrawn } latest && latest.ToGrade == alert.Details.ToGrade && latest.ToLevel == alert.Details.ToLevel)
        {
            return new AlertOvertaken(Corrected, withdrawn, $"升级建议已撤回：{latest.WithdrawnReason}");
        }

        if (!Names.TryParseLevel(alert.Details.ToLevel, out var to)
            || (Names.TryParseLevel(alert.Details.FromLevel, out var from) && from >= to && !alert.Key.Contains(":below:", StringComparison.Ordinal)))
        {
            return null;
        }

        // A report the rise made owed 立即 (须立即, said at the end of the alert's text) keeps it live past the decision until it is made or no
        // longer needed: it has no due time, so no due-soon or overdue alert names it, and the escalation was the one alert that did. Decided,
        // the alert left the current list with 重大's direct report to the province still owed (C 4.1(二) "立即向…省委、省政府总值班室电话直报…
        // 报告时间不得晚于事发后30分钟"; a construction duty officer's review, session 58, finding 1).
        // Only a report this alert names: a later rise's own 须立即 report (Ⅰ's direct report) kept the earlier rise's alert (Ⅱ, its phone
        // report made) on the current list after Ⅰ was activated (a road duty officer's review, session 59, finding 4).
        if (view.Obligations.Any(o => AlertRules.IsOwedAtOnce(o) && alert.Text.Contains(AlertRules.OwedAtOnceNamed(o), StringComparison.Ordinal)))
        {
            return null;
        }

        foreach (var d in view.Response.Decisions)
        {
            if (d.Trigger is "Activate" or "Adjust" && LevelOf(d) is { } level && level >= to)
            {
                return new AlertOvertaken(Decided, d.At, $"已于{CityTime.DayMinute(d.At)}{LevelDecisionSaid(d, level)}");
            }
        }

        return null;
    }

    /// <summary>A level decision as people say it: 启动Ⅰ级响应, 调整为Ⅰ级响应.</summary>
    internal static string LevelDecisionSaid(Core.Lifecycles.LifecycleDecision d, ResponseLevel level) =>
        $"{(d.Trigger == "Activate" ? "启动" : "调整为")}{Names.Chinese(level)}响应";

    /// <summary>The level a decision activated or adjusted to, from its level or its detail (Ⅱ→Ⅰ); null when it names none.</summary>
    internal static ResponseLevel? LevelOf(Core.Lifecycles.LifecycleDecision d)
    {
        if (Names.TryParseLevel(d.Level, out var level))
        {
            return level;
        }

        var detail = d.Detail?.Split('→')[^1];
        return Names.TryParseLevel(detail, out level) ? level : null;
    }

    /// <summary>A road warning called for: issued once a warning of that colour or above was issued or adjusted to.</summary>
    private static AlertOvertaken? IssuedOf(NewAlert alert, IncidentView view)
    {
        if (!Names.TryParseColour(alert.Details.Colour, out var wanted))
        {
            return null;
        }

        DateTimeOffset? first = null;
        WarningColour issued = default;
        foreach (var warning in view.Warnings)
        {
            foreach (var d in warning.Decisions)
            {
                if (d.Trigger is "Issue" or "Adjust" && ColourOf(d.Detail) is { } colour && colour >= wanted && (first is null || d.At < first))
                {
                    (first, issued) = (d.At, colour);
                }
            }
        }

        return first is { } at ? new AlertOvertaken(Issued, at, IssuedSaid(at, issued)) : null;
    }

    /// <summary>How an <c>issued</c> overtaking is said: <c>已于03-01 10:04发布橙色预警</c> (an adjustment to the colour is said so too).</summary>
    private static string IssuedSaid(DateTimeOffset at, WarningColour colour) => $"已于{CityTime.DayMinute(at)}发布{Names.Chinese(colour)}预警";

    /// <summary>
    /// How far before a <c>feed-road-warning</c> was raised the road incident whose warning overtakes it may have occurred. The office opens
    /// the incident of a fog bank (团雾、大雾) or a blocked road when the condition is first reported and issues the warning on it; 122 goes on
    /// sending records of the same condition for as long as it lasts: hours for fog, a day or two for snow, ice or a blockage (4.3.1(2) counts
    /// a repair of 48 hours and more as red). Two days covers those, and keeps a page's look-up to the incidents of two days of the counties
    /// it names. A warning on an incident that occurred earlier does not overtake the alert, which then stays current: it errs on telling.
    /// </summary>
    public static readonly TimeSpan RoadWindow = TimeSpan.FromHours(48);

    /// <summary>
    /// At most this many road incidents (the latest by occurrence) are read for a page: more than the road-traffic incidents of a few counties
    /// over two days (Jincheng's office has a handful open at a time, 122's benchmark some thousands in all), a bound on the read in any store.
    /// </summary>
    public const int RoadLimit = 500;

    /// <summary>
    /// The incidents of <paramref name="read"/> on the road of <paramref name="alert"/>'s record: the same plan, <paramref name="county"/>, the
    /// same road number (<see cref="Feeds.FeedDuplicates.RoadCode"/> of the incident's place, as the feed matches a record to an incident; an
    /// incident whose place gives none is not on it), occurring from <see cref="RoadWindow"/> before the alert was raised; not a drill. Open
    /// or closed: a warning issued stays issued when the incident is closed.
    /// </summary>
    private static List<IncidentView> OnTheRoad(NewAlert alert, string county, string road, IReadOnlyList<StoredIncident> read, Func<StoredIncident, IncidentView?> viewOf)
    {
        var found = new List<IncidentView>();
        foreach (var stored in read)
        {
            if (stored.PlanId == alert.PlanId && viewOf(stored) is { Drill: false } view && view.County == county
                && view.OccurredAt >= alert.RaisedAt - RoadWindow && Feeds.FeedDuplicates.RoadCodes(view.Place).Contains(road))
            {
                found.Add(view);
            }
        }

        return found;
    }

    /// <summary>
    /// A road warning a 122 record called for (<c>feed-road-warning</c>): issued once one of <paramref name="onTheRoad"/> has a warning of the
    /// alert's colour or above that was in force at some moment at or after the alert was raised: issued or adjusted to that colour (or above)
    /// by <paramref name="now"/>, and not lifted, nor adjusted below it, before the alert was raised. A warning lifted before the fog was
    /// reported again does not answer the new report. <c>at</c> when that warning reached the colour; the earliest of several.
    /// </summary>
    private static AlertOvertaken? IssuedOnTheRoad(NewAlert alert, IReadOnlyList<IncidentView> onTheRoad, DateTimeOffset now)
    {
        if (onTheRoad.Count == 0 || !Names.TryParseColour(alert.Details.Colour, out var wanted))
        {
            return null;
        }

        DateTimeOffset? first = null;
        WarningColour issued = default;
        var place = "";
        foreach (var view in onTheRoad)
        {
            foreach (var warning in view.Warnings)
            {
                // Each stretch the warning was at the colour or above: from the decision that reached it to the one that lifted it or took
                // it below (or now).
                (DateTimeOffset At, WarningColour Colour)? reached = null;
                foreach (var d in warning.Decisions)
                {
                    if (d.At > now)
                    {
                        break;
                    }

                    var colour = d.Trigger is "Issue" or "Adjust" ? ColourOf(d.Detail) : null;
                    if (colour >= wanted)
                    {
                        reached ??= (d.At, colour.Value);
                    }
                    else if (d.Trigger is "Adjust" or "Lift" && reached is { } stretch)
                    {
                        Take(stretch, d.At, view);
                        reached = null;
                    }
                }

                if (reached is { } open)
                {
                    Take(open, DateTimeOffset.MaxValue, view);
                }
            }
        }

        return first is { } at ? new AlertOvertaken(Issued, at, $"{IssuedSaid(at, issued)}（{place}）") : null;

        // A stretch ending before the alert was raised answered an earlier report, not this one.
        void Take((DateTimeOffset At, WarningColour Colour) stretch, DateTimeOffset ended, IncidentView view)
        {
            if (ended >= alert.RaisedAt && (first is null || stretch.At < first))
            {
                (first, issued) = (stretch.At, stretch.Colour);
                place = $"{view.County}{Feeds.FeedDuplicates.RoadCode(view.Place)}事件，{CityTime.DayMinute(view.OccurredAt)}事发";
            }
        }
    }

    /// <summary>
    /// A <c>feed-road-warning</c> whose record a duty officer tied to <paramref name="tiedTo"/> (POST …/feed-records): from the tie every message of
    /// the record is filed on that incident, whose assessment takes its observations and whose own <c>road-warning</c> asks for the colour, so the
    /// record's alert is done (a 122 integrator's review, s62 F62-19: two live alerts for one fog). Not an alert raised after that incident was
    /// closed: the record's later messages are told as a record with no incident again (docs/alerts.md). <c>at</c> the tie.
    /// </summary>
    private static AlertOvertaken? TiedOf(NewAlert alert, IncidentView? tiedTo)
    {
        if (tiedTo is null || alert.DispatchId is not { } record || TieOf(tiedTo, record) is not { } tie)
        {
            return null;
        }

        if (!tiedTo.Open && tiedTo.Timeline.LastOrDefault(t => t.Type == "incident-closed").At is { } closed && closed != default && alert.RaisedAt > closed)
        {
            return null;
        }

        var road = Feeds.FeedDuplicates.RoadCode(tiedTo.Place);
        return new AlertOvertaken(Tied, tie.LinkedAt,
            $"已于{CityTime.DayMinute(tie.LinkedAt)}关联到事件{tiedTo.Id:D}（{tiedTo.County}{road}，{CityTime.DayMinute(tiedTo.OccurredAt)}事发），由该事件的预警提醒接续");
    }

    /// <summary>The tie of the 122 record <paramref name="dispatchId"/> to <paramref name="view"/>, if a duty officer tied it (its <c>linkedFeedRecords</c>).</summary>
    private static Core.Incidents.LinkedFeedRecord? TieOf(IncidentView view, string dispatchId) =>
        view.LinkedFeedRecords.LastOrDefault(l => l.Channel == Feeds.FeedIngestor.Channel && string.Equals(l.DispatchId, dispatchId, StringComparison.Ordinal));

    /// <summary>The colour a warning decision's detail names (橙色, or 黄色→橙色 as older decisions wrote it; the identifiers too).</summary>
    private static WarningColour? ColourOf(string? detail)
    {
        var said = detail?.Split('→')[^1].Trim();
        if (string.IsNullOrEmpty(said))
        {
            return null;
        }

        foreach (var colour in Enum.GetValues<WarningColour>())
        {
            if (said.StartsWith(Names.Chinese(colour), StringComparison.Ordinal) || string.Equals(said, Names.Of(colour), StringComparison.OrdinalIgnoreCase)
                || string.Equals(said, colour.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                return colour;
            }
        }

        return null;
    }

    /// <summary>A later alert of <paramref name="kind"/> of the same incident or record overtakes <paramref name="row"/>.</summary>
    private static AlertOvertaken? Later(StoredAlert row, IReadOnlyList<AlertMark> marks, string kind, string by, string said)
    {
        var alert = row.Alert;
        var later = marks.FirstOrDefault(m => m.Id > row.Id && m.Kind == kind
            && (alert.IncidentId is { } incident ? m.IncidentId == incident : string.Equals(m.DispatchId, alert.DispatchId, StringComparison.Ordinal)));
        return later is null ? null : new AlertOvertaken(by, later.RaisedAt, $"{said}（提醒{later.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)}，{CityTime.DayMinute(later.RaisedAt)}）");
    }
}
