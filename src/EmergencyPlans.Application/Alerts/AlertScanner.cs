using System.Collections.Concurrent;
using EmergencyPlans.Application.Common;
using EmergencyPlans.Application.Incidents;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Assessment;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmergencyPlans.Application.Alerts;

/// <summary>Settings of the alert worker (section <c>Alerts</c>).</summary>
public sealed class AlertOptions
{
    public const string Section = "Alerts";

    /// <summary>False turns the background scan off (the API still lists, streams and acknowledges).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Time between scans, on the service clock (<see cref="TimeProvider"/>); from <see cref="MinScanInterval"/> to
    /// <see cref="MaxScanInterval"/>, checked at start.
    /// </summary>
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The shortest <see cref="ScanInterval"/> accepted (the tests scan every 200 ms; below, the scans would follow each other).</summary>
    public static readonly TimeSpan MinScanInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The longest <see cref="ScanInterval"/> accepted: a duty is alerted as due soon 10 minutes before its time, so a longer interval
    /// could pass over that window, and every overdue alert would come that much late.
    /// </summary>
    public static readonly TimeSpan MaxScanInterval = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How often a live stream looks for alerts raised by other instances (and reads again after a store failure); from
    /// <see cref="MinStreamPollInterval"/> to <see cref="MaxStreamPollInterval"/>.
    /// </summary>
    public TimeSpan StreamPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The shortest <see cref="StreamPollInterval"/> accepted.</summary>
    public static readonly TimeSpan MinStreamPollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest <see cref="StreamPollInterval"/> accepted: another instance's alert reaches a screen this late.</summary>
    public static readonly TimeSpan MaxStreamPollInterval = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a live stream may stay silent before it sends a <c>keep-alive</c> event: proxies close a connection
    /// idle for about a minute (nginx's default read timeout is 60 s), and a duty office whose stream was cut
    /// without its noticing would miss the next alert until it reconnects.
    /// </summary>
    public TimeSpan StreamKeepAlive { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The shortest <see cref="StreamKeepAlive"/> accepted.</summary>
    public static readonly TimeSpan MinStreamKeepAlive = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest <see cref="StreamKeepAlive"/> accepted: the stream also says the 122 feed's silence about this often, and a proxy
    /// closes a connection idle for its read timeout (a minute for nginx), which must be longer still.
    /// </summary>
    public static readonly TimeSpan MaxStreamKeepAlive = TimeSpan.FromMinutes(5);

    /// <summary>Names this instance in <c>raisedBy</c> and in its logs; default host name and process id.</summary>
    public string? InstanceName { get; set; }
}

/// <summary>What a completed scan could not do: the incidents whose alerts it could not derive (each logged, event 8002).</summary>
/// <param name="At">The scan's time on the service clock.</param>
/// <param name="FailedIncidents">How many incidents failed; 0 when every one was scanned.</param>
/// <param name="Example">One of them (the least id), for the operator to look up.</param>
public sealed record AlertScanOutcome(DateTimeOffset At, int FailedIncidents, Guid? Example)
{
    /// <summary>How many 122 messages kept for the scan (a road warning condition, a withdrawal) it could not derive the alerts of (event 8006); 0 when none failed.</summary>
    public int FailedFeedMessages { get; init; }

    /// <summary>One of them (the least eventId), for the operator to look up.</summary>
    public string? FeedMessageExample { get; init; }
}

/// <summary>A scan that could not run to its end (the store unreachable, a query that failed): no alert is raised until one does.</summary>
/// <param name="At">The scan's time on the service clock.</param>
/// <param name="Error">What stopped it.</param>
public sealed record AlertScanFailure(DateTimeOffset At, Exception Error);

/// <summary>Wakes the live streams of this instance when it has raised alerts (others are found by polling).</summary>
public sealed class AlertSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next <see cref="Notify"/>; take it before reading, so no raise is missed.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Notify() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}

/// <summary>
/// One pass over the incident store: every incident whose version was not scanned yet (opened or
/// changed: new-incident, escalation, road-warning) and every open incident whose earliest duty is due
/// within 10 minutes or overdue (the clock's kinds). Each is read, its alerts derived
/// (<see cref="AlertRules"/>) and inserted if absent; only the instance whose insert stored a key raises
/// that alert. Reads incidents, never writes them (ADR 0006: time passing never changes a version). An incident that cannot be read
/// because the store is damaged is reported to <c>damage</c>, the readiness probe's watch, as a request's failure is.
/// </summary>
public sealed partial class AlertScanner(
    IIncidentStore incidents,
    IAlertStore alerts,
    IncidentReader reader,
    DecisionEngine engine,
    AlertSignal signal,
    TimeProvider clock,
    IOptions<AlertOptions> options,
    ILogger<AlertScanner> logger,
    ServiceMetrics? metrics = null,
    IFeedStore? feeds = null,
    IStoreDamageWatch? damage = null,
    IStoreOutages? outages = null)
{
    private const int BatchSize = 200;
    private const int KnownCapacity = 100_000;

    // Keys this instance knows are stored: an overdue duty stays a candidate every scan until it is met,
    // and this spares the insert that would find its key taken. Bounded; cleared when full.
    private readonly ConcurrentDictionary<string, byte> _known = new(StringComparer.Ordinal);

    // Incidents whose alerts were derived at a version and cannot change by time alone before an instant (AlertRules.NextChangeByTime),
    // under the plan version then loaded: an open incident with an overdue duty stays in the next-due index until the duty is met, and
    // reading it back at every scan cost about 0.35 ms an incident (1,000 such incidents: a third of a second every scan). The clock pass
    // reads the candidates' ids and versions only (IAlertStore.DueIncidentsAsync) and the whole incident of those not skipped; each pass
    // that reads the candidate set to its end drops the entries of incidents no longer in it, and the map is cleared if it ever fills.
    private readonly ConcurrentDictionary<Guid, Derived> _unchangedUntil = new();

    // The failure last logged for each incident whose alerts could not be derived: the same failure again (a plan file missing
    // fails every scan, every 5 s) is not logged again until it changes or the incident reads again. Bounded; cleared when full.
    private readonly ConcurrentDictionary<Guid, string> _failing = new();

    // The same for feed messages whose road warning alert could not be derived (by eventId).
    private readonly ConcurrentDictionary<string, string> _failingFeed = new(StringComparer.Ordinal);

    private AlertScanOutcome? _last;

    private AlertScanFailure? _failure;

    /// <summary>The last scan this instance completed, or null before the first: the health check reads it.</summary>
    public AlertScanOutcome? LastScan => Volatile.Read(ref _last);

    /// <summary>
    /// The failure of this instance's last scan when it could not run to its end, or null when the last one completed (or none ran):
    /// the health check reads it. Only completed scans were known to it, and readiness said Healthy while every scan failed.
    /// </summary>
    public AlertScanFailure? LastFailure => Volatile.Read(ref _failure);

    /// <summary>The name written as <c>raisedBy</c>.</summary>
    public string Instance { get; } = options.Value.InstanceName is { Length: > 0 } name ? name : $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>Scans once at the clock's now; returns the alerts this call raised.</summary>
    public async Task<IReadOnlyList<StoredAlert>> ScanAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        try
        {
            var raised = await ScanAtAsync(now, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _failure, null);
            return raised;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Volatile.Write(ref _failure, new AlertScanFailure(now, e));
            throw;
        }
    }

    private async Task<IReadOnlyList<StoredAlert>> ScanAtAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var raised = new List<StoredAlert>();
        var failed = new HashSet<Guid>();

        // Opened or changed since their last scan. A version is immutable, so a mark at version n means
        // every event up to n was looked at; a later commit raises the version and brings it back. Pages go
        // on from the last id seen, so incidents that fail (unmarked, retried next scan) never hide the rest.
        Guid? after = null;
        while (true)
        {
            var batch = await alerts.UnscannedIncidentsAsync(after, BatchSize, cancellationToken).ConfigureAwait(false);
            foreach (var (id, _) in batch)
            {
                await TryScanAsync(id, now, raised, failed, mark: true, cancellationToken).ConfigureAwait(false);
            }

            if (batch.Count < BatchSize)
            {
                break;
            }

            after = batch[^1].Id;
        }

        // Open incidents whose earliest unmet duty is due by now + 10 minutes (the store's next-due index), but those whose alerts
        // were derived at their current version and cannot change by time before a later instant.
        // Each page goes on from the last row of the one before (due time, then id), not from an offset: an incident of an earlier
        // page whose duty is met or that closes meanwhile left the set, and an offset then skipped the incident that moved up into
        // its place, an overdue duty not alerted that scan. One whose due time moves past the position is read again (its keys are
        // stored once); one whose due time moves before it changed its version, so the next scan's first pass reads it.
        // The rows are the candidates' ids, versions and due times only, never their documents: until session 58 each page was the
        // incident list's query, which read every candidate's document (its county, place and nature) at every scan, skipped or not;
        // 2,446 open feed incidents owing six months of daily reports kept an idle service at 92 % of a core and 1.6 GB.
        var horizon = now + IncidentReader.DueSoon + TimeSpan.FromMilliseconds(1);
        var candidates = new HashSet<Guid>();
        DuePosition? position = null;
        while (true)
        {
            var due = await alerts.DueIncidentsAsync(horizon, position, BatchSize, cancellationToken).ConfigureAwait(false);
            foreach (var row in due)
            {
                candidates.Add(row.Id);
                if (_unchangedUntil.TryGetValue(row.Id, out var derived) && derived.Version == row.Version && now < derived.Until
                    && ReferenceEquals(engine.Catalog.Resolve(derived.PlanId, derived.OccurredAt), derived.Plan))
                {
                    continue;
                }

                await TryScanAsync(row.Id, now, raised, failed, mark: false, cancellationToken).ConfigureAwait(false);
            }

            if (due.Count < BatchSize)
            {
                break;
            }

            position = new DuePosition(due[^1].DueAt, due[^1].Id);
        }

        // Only the candidate set's incidents are looked up: the others' entries (closed, duties met, scanned by the first pass with nothing
        // due within 10 minutes, whose entry runs out as they enter the set) are dropped, so the map holds at most the set.
        foreach (var id in _unchangedUntil.Keys)
        {
            if (!candidates.Contains(id))
            {
                _unchangedUntil.TryRemove(id, out _);
            }
        }

        // Feed messages of records that opened no incident, kept for the scan by the feed's commit (a road warning condition met; a withdrawal):
        // page after page by the order kept, so one that fails never hides the rest. Each is settled (taken off the list) once its alert is
        // stored or it can call for none any more, so a scan reads what may still alert, not every such message ever received.
        var kept = 0L;
        var failedMessages = new List<string>();
        var settled = new List<long>();
        while (true)
        {
            var page = await alerts.FeedMessagesToScanAsync(kept, BatchSize, cancellationToken).ConfigureAwait(false);
            foreach (var message in page)
            {
                if (await TryRaiseFromFeedAsync(message, now, raised, failedMessages, cancellationToken).ConfigureAwait(false))
                {
                    settled.Add(message.Position);
                }
            }

            if (page.Count < BatchSize)
            {
                break;
            }

            kept = page[^1].Position;
        }

        try
        {
            await alerts.SettleFeedMessagesAsync(settled, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Not settled, a message is looked at again next scan and settled then: its alert is stored once, by its key.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            LogFeedSettleFailed(e, settled.Count);
            damage?.Saw(e);
        }

        NotifyRaised(raised);
        if (failedMessages.Count > 0)
        {
            metrics?.AlertScanFailed();
        }

        Volatile.Write(ref _last, new AlertScanOutcome(now, failed.Count, failed.Count > 0 ? failed.Min() : null)
        {
            FailedFeedMessages = failedMessages.Count, FeedMessageExample = failedMessages.Count > 0 ? failedMessages.Min(StringComparer.Ordinal) : null,
        });
        return raised;
    }

    /// <summary>
    /// When 122 withdrew the record of an incident whose feed-cancelled alert is about to be raised: the cancelling message's
    /// <c>updatedAt</c>, read from its line in the feed's history (the incident's events keep no sender's time). Null when there is
    /// none, or no feed store. Asked only when that alert is new, so a scan of any other incident reads no feed line.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, DateTimeOffset>?> WithdrawalTimeAsync(IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken)
    {
        if (feeds is null || AlertRules.CancellingMessage(events) is not { } message)
        {
            return null;
        }

        var lines = await feeds.FindLinesAsync([message], cancellationToken).ConfigureAwait(false);
        return lines.TryGetValue(message, out var line)
               && Feeds.FeedJson.Parse(System.Text.Encoding.UTF8.GetBytes(line), out _, out _)?.UpdatedAtInstant is { } updatedAt
            ? new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal) { [message] = updatedAt }
            : null;
    }

    /// <summary>
    /// For an incident whose new-incident alert is about to be raised: the open incidents it may duplicate (<see cref="Feeds.FeedDuplicates"/>),
    /// read now. For one a feed record opened, the office's own, as the feed's answer to the opening line named them; for one the office
    /// opened under a plan 122's records open incidents for (feedIntake), those a record has: a county's call for an accident 122 had already
    /// sent became a second incident, and nothing told the office (session 57). Null for a drill, a plan the feed does not open incidents
    /// for, or without a feed store; one indexed statement otherwise, only when that alert is new.
    /// </summary>
    private async Task<IReadOnlyList<FeedNearbyIncident>?> DuplicatesAsync(IncidentView view, StoredEvent[] events, Core.Plans.Plan? plan, CancellationToken cancellationToken)
    {
        if (feeds is null || view.Drill || events.Length == 0 || IncidentEventLog.FromStored(events[0]) is not Core.Incidents.IncidentOpened opened)
        {
            return null;
        }

        var fromFeed = opened.Source is { Channel: Feeds.FeedIngestor.Channel };
        return fromFeed || plan?.FeedIntake is not null
            ? await Feeds.FeedDuplicates.FindAsync(feeds, view.PlanId, view.County, view.OccurredAt, view.Place, view.Id, withRecord: !fromFeed, cancellationToken).ConfigureAwait(false)
            : null;
    }

    private async Task TryScanAsync(Guid id, DateTimeOffset now, List<StoredAlert> raised, HashSet<Guid> failed, bool mark, CancellationToken cancellationToken)
    {
        try
        {
            var stored = await incidents.GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (stored is null)
            {
                return;
            }

            // The log up to the version read (and marked), no further: the log is read after the projection, and a command committed
            // between the two reads made its events part of the log but not of the view, nor of the mark. An alert derived from them
            // (an escalation of the newer version) then named the older version's state in its text, and was derived again at the next
            // scan, which reads that version. The next scan reads the newer version whole.
            var events = (await incidents.ReadEventsAsync(id, cancellationToken).ConfigureAwait(false)).Where(e => e.Version <= stored.Version).ToArray();
            var view = reader.ToView(stored, now);
            var plan = engine.Catalog.Resolve(view.PlanId, view.OccurredAt);
            var fresh = AlertRules.Derive(view, events, now, Instance, plan).Where(a => !_known.ContainsKey(a.Key)).ToArray();
            var sentAt = Array.Exists(fresh, a => a.Kind is AlertKinds.FeedCancelled or AlertKinds.FeedReinstated) ? await WithdrawalTimeAsync(events, cancellationToken).ConfigureAwait(false) : null;
            var duplicates = Array.Exists(fresh, a => a.Kind == AlertKinds.NewIncident) ? await DuplicatesAsync(view, events, plan, cancellationToken).ConfigureAwait(false) : null;
            if (sentAt is not null || duplicates is { Count: > 0 })
            {
                // Rare (a record withdrawn or sent again, its alert not yet raised; a record's new incident beside another open one): derived again
                // with 122's own time for the withdrawal (the reinstatement's alert says it too: it said when the service received it, s62 F62-10),
                // and the incidents the new one may duplicate.
                fresh = AlertRules.Derive(view, events, now, Instance, plan, sentAt, duplicates).Where(a => !_known.ContainsKey(a.Key)).ToArray();
            }

            if (fresh.Length > 0)
            {
                var inserted = await alerts.RaiseAsync(fresh, cancellationToken).ConfigureAwait(false);
                foreach (var alert in inserted)
                {
                    LogRaised(alert.Id, alert.Alert.Key, Instance);
                    metrics?.AlertRaised(alert.Alert.Kind);
                }

                raised.AddRange(inserted);
                if (_known.Count >= KnownCapacity)
                {
                    _known.Clear();
                }

                foreach (var alert in fresh)
                {
                    _known[alert.Key] = 0;
                }
            }

            if (mark)
            {
                await alerts.MarkScannedAsync(id, stored.Version, cancellationToken).ConfigureAwait(false);
            }

            if (_unchangedUntil.Count >= KnownCapacity)
            {
                _unchangedUntil.Clear();
            }

            _unchangedUntil[id] = new Derived(stored.Version, AlertRules.NextChangeByTime(view, now), view.PlanId, view.OccurredAt, plan);
            if (_failing.TryRemove(id, out _))
            {
                LogRecovered(id);
            }
        }
        catch (Exception e) when (outages?.IsOutage(e) == true)
        {
            // The store as a whole (a full disk, a lock held, the server gone): the scan fails as one (event 8003, logged whole once), not
            // as this incident, and the next incidents are not tried against it. What this pass raised before is told to the streams.
            NotifyRaised(raised);
            throw;
        }
#pragma warning disable CA1031 // One incident that cannot be read must not stop the alerts of the others; it is retried next scan.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            var failure = $"{e.GetType().FullName}: {e.Message}";
            if (!_failing.TryGetValue(id, out var logged) || !string.Equals(logged, failure, StringComparison.Ordinal))
            {
                if (_failing.Count >= KnownCapacity)
                {
                    _failing.Clear();
                }

                _failing[id] = failure;
                LogFailed(e, id);
            }

            if (failed.Add(id))
            {
                metrics?.AlertScanFailed();
            }

            // An incident whose pages are damaged: the readiness probe learns of it as from a request that read them.
            damage?.Saw(e);
        }
    }

    /// <summary>
    /// Raises the alert of a feed message meeting a road warning condition, derived again from its stored line by the rule the feed used
    /// (<see cref="Feeds.FeedIngestor.RoadWarningOf"/>, the plan the feed kept it under): the alert says what the ingest decided. A line
    /// that no longer meets it (the plan's files were replaced since) raises nothing, and this instance does not look at its key again.
    /// </summary>
    /// <summary>
    /// Raises the alert <paramref name="message"/> was kept for, if it still calls for one; true when it is settled (its alert stored, or
    /// none can come of it any more), false when it must be looked at again (a record 122 withdrew may be sent again; a failure is retried).
    /// </summary>
    private async Task<bool> TryRaiseFromFeedAsync(FeedMessageToScan message, DateTimeOffset now, List<StoredAlert> raised, List<string> failedMessages,
        CancellationToken cancellationToken)
    {
        try
        {
            var withdrawal = AlertRules.IsFeedWithdrawnKey(message.AlertKey);
            var latest = string.Equals(message.LatestEventId, message.EventId, StringComparison.Ordinal);
            // Alerted: settled, but the record's latest road warning message after a withdrawal the office was told of, which tells its colour
            // again (below). Before, it was settled too, and a record 122 sent again after such a withdrawal raised nothing (session 54's note).
            if (message.Alerted && (withdrawal || !latest || message.IncidentOpen))
            {
                return true;
            }

            if (message.IncidentOpen || (withdrawal && message.HasIncident))
            {
                // The record opened an incident since: that incident's road-warning and feed-cancelled alerts are the office's.
                return true;
            }

            var record = Feeds.FeedJson.Parse(System.Text.Encoding.UTF8.GetBytes(message.Line), out _, out var error)
                         ?? throw new InvalidOperationException($"the stored line of feed message {message.EventId} does not read as a record: {error}");
            var at = (record.OccurredAtInstant ?? record.CallAtInstant)
                     ?? throw new InvalidOperationException($"the stored line of feed message {message.EventId} has no time");
            var plan = engine.Catalog.Resolve(message.PlanId, at);
            NewAlert? alert;
            if (withdrawal)
            {
                // Told only while this message is the record's latest (sent again, the withdrawal no longer stands; withdrawn again, the later
                // message is the one to tell), and only if the record's road warning had reached the office.
                if (!string.Equals(message.LatestEventId, message.EventId, StringComparison.Ordinal) || plan is null)
                {
                    return true;
                }

                var warned = await alerts.QueryAsync(new AlertQuery { DispatchId = message.DispatchId, Kind = AlertKinds.FeedRoadWarning, Limit = AlertQuery.MaxLimit },
                    cancellationToken).ConfigureAwait(false);
                alert = warned.Count == 0 ? null : AlertRules.FeedWithdrawn(record, plan, warned, now, Instance);
            }
            else
            {
                // The record's latest message, read only here: whether 122 has withdrawn it since (this message's own line when it is the latest).
                var latestCancelled = message.LatestLine is { } latestLine
                    && (string.Equals(message.LatestEventId, message.EventId, StringComparison.Ordinal) ? record.Status == Feeds.FeedStatuses.Cancelled
                        : Feeds.FeedJson.Parse(System.Text.Encoding.UTF8.GetBytes(latestLine), out _, out _)?.Status == Feeds.FeedStatuses.Cancelled);
                if (latestCancelled)
                {
                    // 122 withdrew the record (a false call) before its warning was alerted: the fog it reported is not a report to act on, and
                    // the message is settled. A message sending the record again is kept for the scan by the feed's commit as any other, with
                    // its own observations, and alerted then. (Until session 55 this one stayed on the list, probed every scan until the
                    // record was sent again, and then alerted the old message's fog.)
                    return true;
                }

                var met = plan is null ? null : Feeds.FeedIngestor.RoadWarningOf(record, plan);
                if (met is null)
                {
                    alert = null;
                }
                else if (!message.Alerted)
                {
                    alert = AlertRules.FeedRoadWarning(record, plan!, met, now, Instance, incidentClosed: message.HasIncident);
                }
                else
                {
                    // The colour was told; told again once if 122 withdrew the record since (a feed-cancelled told after the colour's last
                    // alert) and this, its latest message, sends it again: the office may have lifted a warning on the withdrawal (R 4.6).
                    var told = await alerts.QueryAsync(new AlertQuery { DispatchId = message.DispatchId, Limit = AlertQuery.MaxLimit }, cancellationToken)
                        .ConfigureAwait(false);
                    var withdrawn = told.Where(a => a.Alert.Kind == AlertKinds.FeedCancelled).MaxBy(a => a.Id);
                    var colour = told.Where(a => AlertRules.IsFeedRoadWarningOf(a.Alert.Key, message.AlertKey)).MaxBy(a => a.Id);
                    alert = withdrawn is not null && (colour is null || colour.Id < withdrawn.Id)
                        ? AlertRules.FeedRoadWarning(record, plan!, met, now, Instance, incidentClosed: message.HasIncident, afterWithdrawal: withdrawn)
                        : null;
                }
            }

            if (alert is not null)
            {
                foreach (var stored in await alerts.RaiseAsync([alert], cancellationToken).ConfigureAwait(false))
                {
                    LogRaised(stored.Id, stored.Alert.Key, Instance);
                    metrics?.AlertRaised(stored.Alert.Kind);
                    raised.Add(stored);
                }
            }

            return true;
        }
        catch (Exception e) when (outages?.IsOutage(e) == true)
        {
            // As for an incident (TryScanAsync): the scan fails as one.
            NotifyRaised(raised);
            throw;
        }
#pragma warning disable CA1031 // One message whose alert cannot be derived must not stop the others; it is retried next scan.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            var failure = $"{e.GetType().FullName}: {e.Message}";
            if (!_failingFeed.TryGetValue(message.EventId, out var logged) || !string.Equals(logged, failure, StringComparison.Ordinal))
            {
                if (_failingFeed.Count >= KnownCapacity)
                {
                    _failingFeed.Clear();
                }

                _failingFeed[message.EventId] = failure;
                LogFeedWarningFailed(e, message.EventId, message.DispatchId);
            }

            failedMessages.Add(message.EventId);
            damage?.Saw(e);
            return false;
        }
    }

    private void NotifyRaised(List<StoredAlert> raised)
    {
        if (raised.Count > 0)
        {
            signal.Notify();
        }
    }

    /// <summary>
    /// What the scan derived an incident's alerts from: its version, the first instant its alerts can change by time alone, and the plan
    /// version it was judged by (resolved from its plan id and occurrence, as a view is): plans reloaded since, it is read again.
    /// </summary>
    private sealed record Derived(long Version, DateTimeOffset Until, string PlanId, DateTimeOffset OccurredAt, Core.Plans.Plan? Plan);

    [LoggerMessage(EventId = 8007, Level = LogLevel.Warning,
        Message = "{Count} feed message(s) whose alerts the scan decided could not be settled; they are looked at again next scan")]
    private partial void LogFeedSettleFailed(Exception exception, int count);

    [LoggerMessage(EventId = 8006, Level = LogLevel.Error,
        Message = "the alert of feed message {EventId} (dispatch record {DispatchId}) could not be derived; retried every scan, logged again when the failure changes")]
    private partial void LogFeedWarningFailed(Exception exception, string eventId, string dispatchId);

    [LoggerMessage(EventId = 8001, Level = LogLevel.Information, Message = "alert {Id} raised: {Key} by {Instance}")]
    private partial void LogRaised(long id, string key, string instance);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Error,
        Message = "alerts of incident {IncidentId} could not be derived; retried every scan, logged again when the failure changes")]
    private partial void LogFailed(Exception exception, Guid incidentId);

    [LoggerMessage(EventId = 8004, Level = LogLevel.Information, Message = "alerts of incident {IncidentId} are derived again")]
    private partial void LogRecovered(Guid incidentId);
}
