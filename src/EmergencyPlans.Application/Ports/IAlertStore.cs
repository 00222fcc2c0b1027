using EmergencyPlans.Application.Alerts;

namespace EmergencyPlans.Application.Ports;

/// <summary>
/// Durable alerts for the duty office, in the same database as the incidents. Every alert has a
/// deterministic key (docs/alerts.md); a key is stored at most once, whoever raises it, so several
/// service instances on one PostgreSQL raise each alert exactly once. Alerts never write to incidents.
/// </summary>
/// <remarks>
/// Ids increase in commit order (PostgreSQL serialises alert inserts under an advisory lock, SQLite has
/// one writer), so a reader that has seen id n has seen every alert below it: the live stream resumes
/// after the last id it sent.
/// </remarks>
public interface IAlertStore
{
    /// <summary>Inserts the alerts whose keys are not stored yet, in order, in one transaction.</summary>
    /// <returns>The alerts this call stored (with their ids); keys already present are left out.</returns>
    Task<IReadOnlyList<StoredAlert>> RaiseAsync(IReadOnlyList<NewAlert> alerts, CancellationToken cancellationToken = default);

    /// <summary>One alert, or null for an unknown id.</summary>
    Task<StoredAlert?> GetAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Alerts matching every filter set, newest (highest id) first (oldest first with <see cref="AlertQuery.AfterId"/>), one page.</summary>
    Task<IReadOnlyList<StoredAlert>> QueryAsync(AlertQuery query, CancellationToken cancellationToken = default);

    /// <summary>Alerts with an id above <paramref name="afterId"/>, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<StoredAlert>> ReadAfterAsync(long afterId, int limit, CancellationToken cancellationToken = default);

    /// <summary>The highest id stored, 0 when there is none.</summary>
    Task<long> LastIdAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Records who acknowledged the alert and when, once: a second acknowledgement changes nothing and
    /// gets the first one back. Null for an unknown id.
    /// </summary>
    Task<StoredAlert?> AcknowledgeAsync(long id, string by, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>
    /// Acknowledges, once each, every alert of one incident (<paramref name="incidentId"/>) or of one 122 record (<paramref name="dispatchId"/>,
    /// the alerts that name it) nobody has acknowledged, up to and including <paramref name="through"/> (the newest the officer saw: one raised
    /// since is left for them to see). The ids acknowledged by this call, ascending; none when all were already acknowledged.
    /// </summary>
    Task<IReadOnlyList<long>> AcknowledgeAllAsync(Guid? incidentId, string? dispatchId, long through, string by, DateTimeOffset at,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Incidents whose current version has not been scanned for alerts yet (never, or at a lower
    /// version), by id, at most <paramref name="limit"/>, starting after the id <paramref name="after"/>
    /// (from the first when null): a page of incidents that cannot be scanned must not hide the ones behind it.
    /// </summary>
    Task<IReadOnlyList<(Guid Id, long Version)>> UnscannedIncidentsAsync(Guid? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// The open incidents whose earliest unmet duty is due strictly before <paramref name="dueBefore"/> (the store's next-due index), by
    /// due time then id, after <paramref name="after"/> (from the first when null), at most <paramref name="limit"/>: each row's id, version
    /// and due time only, read from the row's leading columns and never from its document, so the scan's clock pass can pass over an
    /// incident it derived at that version and whose alerts time cannot have changed since (<see cref="Alerts.AlertScanner"/>).
    /// The order and the paging are those of <see cref="IIncidentStore.QueryAsync"/> with <see cref="IncidentQuery.OverdueAt"/>.
    /// </summary>
    Task<IReadOnlyList<DueIncident>> DueIncidentsAsync(DateTimeOffset dueBefore, DuePosition? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// The feed's messages kept for the alert scan (<see cref="FeedMessageForAlert"/>, by the feed's commit) and not settled yet, in the
    /// order kept, after <paramref name="after"/>, at most <paramref name="limit"/>, each with what the scan decides by: its line, the
    /// record's latest message, whether its alert key is stored, and the record's incident if one was opened since. A message whose alert
    /// cannot be derived must not hide the ones behind it.
    /// </summary>
    Task<IReadOnlyList<FeedMessageToScan>> FeedMessagesToScanAsync(long after, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes the kept messages at <paramref name="positions"/> from the scan's list: their alert is stored, or they can call for none any
    /// more (<see cref="FeedMessagesToScanAsync"/> then probes only what may still alert, not every message ever kept). Positions already
    /// removed (by another instance) are ignored.
    /// </summary>
    Task SettleFeedMessagesAsync(IReadOnlyCollection<long> positions, CancellationToken cancellationToken = default);

    /// <summary>Records that the incident's alerts were derived at <paramref name="version"/> (a lower mark never overwrites a higher one).</summary>
    Task MarkScannedAsync(Guid incidentId, long version, CancellationToken cancellationToken = default);

    /// <summary>
    /// The incidents <paramref name="incidentIds"/> as stored now (those that exist), in one read: what a page of alerts is overtaken by
    /// (<see cref="Alerts.AlertOvertaking"/>) is derived from them as the page is read, never stored.
    /// </summary>
    Task<IReadOnlyList<StoredIncident>> IncidentsAsync(IReadOnlyCollection<Guid> incidentIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// The 122 alerts (<c>feed-cancelled</c>, <c>feed-reinstated</c>, <c>feed-road-warning</c>) of the incidents <paramref name="incidentIds"/> or
    /// naming the records <paramref name="dispatchIds"/>, in one read, by id: a withdrawal told after a record's road warning, a reinstatement after
    /// an incident's withdrawal, overtake the earlier alert.
    /// </summary>
    Task<IReadOnlyList<AlertMark>> FeedAlertsOfAsync(IReadOnlyCollection<Guid> incidentIds, IReadOnlyCollection<string> dispatchIds,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// The incidents of the plans <paramref name="planIds"/> whose county is one of <paramref name="counties"/>, open or closed, occurring from
    /// <paramref name="earliest"/> to <paramref name="latest"/>, latest first, at most <paramref name="limit"/>, as stored now, in one read: the road
    /// incidents whose warnings may overtake a page's <c>feed-road-warning</c> alerts (<see cref="Alerts.AlertOvertaking"/>). Read by the
    /// incidents' index of plan and occurrence, the county matched on the projection's beginning as the feed's look-up matches it
    /// (<see cref="Feeds.FeedDuplicates.CountyNeedle"/>); the caller checks county, road and drill flag in each incident's view.
    /// </summary>
    Task<IReadOnlyList<StoredIncident>> IncidentsOfCountiesAsync(IReadOnlyCollection<string> planIds, IReadOnlyCollection<string> counties,
        DateTimeOffset earliest, DateTimeOffset latest, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// The incidents the 122 records <paramref name="dispatchIds"/> have now (the feed's dispatch rows: the one a record opened, or the one a duty
    /// officer tied it to), as stored now, in one read: a tie overtakes the record's <c>feed-road-warning</c> alerts (<see cref="Alerts.AlertOvertaking"/>;
    /// the incident's <c>linkedFeedRecords</c> say which records were tied, and when). Records with no incident give none.
    /// </summary>
    Task<IReadOnlyList<StoredIncident>> IncidentsOfRecordsAsync(IReadOnlyCollection<string> dispatchIds, CancellationToken cancellationToken = default);
}

/// <summary>A row of <see cref="IAlertStore.DueIncidentsAsync"/>: an open incident with a duty due, its current version and its earliest due time.</summary>
public sealed record DueIncident(Guid Id, long Version, DateTimeOffset DueAt);

/// <summary>What <see cref="IAlertStore.FeedAlertsOfAsync"/> reads of an alert: its id, kind, subject, when it was raised.</summary>
public sealed record AlertMark(long Id, string Kind, Guid? IncidentId, string? DispatchId, DateTimeOffset RaisedAt);

/// <summary>A feed message kept for the alert scan, not settled yet (<see cref="IAlertStore.FeedMessagesToScanAsync"/>).</summary>
/// <param name="Position">Its place in the order kept (the next page starts after it; <see cref="IAlertStore.SettleFeedMessagesAsync"/>).</param>
/// <param name="EventId">The message.</param>
/// <param name="DispatchId">Its dispatch record.</param>
/// <param name="PlanId">The plan whose rules it is read by.</param>
/// <param name="AlertKey">The key of its alert (whose kind it names).</param>
/// <param name="Line">The message's line as received: the alert is derived from it.</param>
public sealed record FeedMessageToScan(long Position, string EventId, string DispatchId, string PlanId, string AlertKey, string Line)
{
    /// <summary>The line of the record's latest applied message (this one's, or a later one's): whether 122 has withdrawn the record since.</summary>
    public string? LatestLine { get; init; }

    /// <summary>The eventId of the record's latest applied message.</summary>
    public string? LatestEventId { get; init; }

    /// <summary>Whether the alert of <see cref="AlertKey"/> is stored.</summary>
    public bool Alerted { get; init; }

    /// <summary>Whether the record has opened an incident since (a later message met the intake rule).</summary>
    public bool HasIncident { get; init; }

    /// <summary>Whether that incident is open now.</summary>
    public bool IncidentOpen { get; init; }
}
