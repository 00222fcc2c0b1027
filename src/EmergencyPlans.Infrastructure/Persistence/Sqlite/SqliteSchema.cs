namespace EmergencyPlans.Infrastructure.Persistence.Sqlite;

/// <summary>
/// Schema migrations, applied in order and recorded in schema_version. A migration is never edited
/// once released: a change is a new entry.
/// </summary>
internal static class SqliteSchema
{
    public static readonly IReadOnlyList<(int Version, string Sql)> Migrations =
    [
        (1, $$"""
            CREATE TABLE incidents (
                id          TEXT    NOT NULL PRIMARY KEY,
                plan_id     TEXT    NOT NULL,
                occurred_at TEXT    NOT NULL,
                version     INTEGER NOT NULL CHECK (version >= 1),
                is_open     INTEGER NOT NULL CHECK (is_open IN (0, 1)),
                level       TEXT    NULL CHECK (level IN ('I', 'II', 'III', 'IV')),
                next_due_at TEXT    NULL,
                updated_at  TEXT    NOT NULL,
                projection  TEXT    NOT NULL CHECK (json_valid(projection))
            );

            CREATE TABLE incident_events (
                incident_id TEXT    NOT NULL REFERENCES incidents (id),
                sequence    INTEGER NOT NULL CHECK (sequence >= 1),
                type        TEXT    NOT NULL,
                occurred_at TEXT    NOT NULL,
                recorded_at TEXT    NOT NULL,
                actor       TEXT    NOT NULL,
                payload     TEXT    NOT NULL CHECK (json_valid(payload)),
                PRIMARY KEY (incident_id, sequence)
            ) WITHOUT ROWID;

            {{EventLogAppendOnly}}

            CREATE INDEX incidents_plan_idx ON incidents (plan_id, occurred_at DESC);
            CREATE INDEX incidents_open_idx ON incidents (is_open, occurred_at DESC);
            CREATE INDEX incidents_next_due_idx ON incidents (next_due_at) WHERE next_due_at IS NOT NULL;
            """),
        // 2: the log holds domain events (docs/events.md) with their schema version, and requests sent
        // with an Idempotency-Key are remembered in the same transaction as their change. A store that
        // already holds schema-1 events (REST request bodies) is refused before this runs.
        (2, """
            ALTER TABLE incident_events ADD COLUMN schema_version INTEGER NOT NULL DEFAULT 1 CHECK (schema_version >= 1);
            -- The incident version (change number) that appended the event: one change, one or more events.
            ALTER TABLE incident_events ADD COLUMN version INTEGER NOT NULL DEFAULT 0;

            CREATE TABLE idempotency_keys (
                key          TEXT    NOT NULL PRIMARY KEY,
                request_hash TEXT    NOT NULL,
                incident_id  TEXT    NULL,
                version      INTEGER NULL,
                recorded_at  TEXT    NOT NULL
            ) WITHOUT ROWID;
            """),
        // 3: the 122 dispatch feed (docs/feed-122.md): every message kept (history, accepted or stale), the
        // highest sequence per dispatch record with its incident, and the quarantine of bad lines.
        (3, """
            CREATE TABLE feed_messages (
                position     INTEGER NOT NULL PRIMARY KEY, -- the order received
                event_id     TEXT    NOT NULL UNIQUE,
                dispatch_id  TEXT    NOT NULL,
                sequence     INTEGER NOT NULL,
                updated_at   TEXT    NOT NULL,
                outcome      TEXT    NOT NULL CHECK (outcome IN ('routine', 'opened', 'updated', 'stale')),
                incident_id  TEXT    NULL,
                line_hash    BLOB    NOT NULL,
                content_hash BLOB    NOT NULL,
                line         TEXT    NOT NULL,
                line_number  INTEGER NOT NULL,
                submitted_by TEXT    NOT NULL,
                received_at  TEXT    NOT NULL
            );
            CREATE INDEX feed_messages_dispatch_idx ON feed_messages (dispatch_id, sequence);

            CREATE TABLE feed_dispatches (
                dispatch_id TEXT    NOT NULL PRIMARY KEY,
                sequence    INTEGER NOT NULL,
                event_id    TEXT    NOT NULL,
                incident_id TEXT    NULL,
                updated_at  TEXT    NOT NULL
            ) WITHOUT ROWID;

            CREATE TABLE feed_quarantine (
                id                   INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
                line_hash            BLOB    NOT NULL UNIQUE,
                line_number          INTEGER NOT NULL,
                line                 TEXT    NOT NULL,
                reason               TEXT    NOT NULL CHECK (reason IN ('rejected', 'conflict')),
                field                TEXT    NULL,
                error                TEXT    NOT NULL,
                event_id             TEXT    NULL,
                submitted_by         TEXT    NOT NULL,
                received_at          TEXT    NOT NULL,
                resolved_at          TEXT    NULL,
                resolved_by_event_id TEXT    NULL
            );
            CREATE INDEX feed_quarantine_open_idx ON feed_quarantine (id) WHERE resolved_at IS NULL;
            """),
        // 4: alerts for the duty office (docs/alerts.md). The key is unique: an alert is stored once,
        // whoever raises it. alert_scan_marks: the incident version whose alerts were last derived.
        (4, """
            CREATE TABLE alerts (
                id              INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
                key             TEXT    NOT NULL UNIQUE,
                kind            TEXT    NOT NULL CHECK (kind IN ('new-incident', 'escalation', 'duty-due-soon', 'duty-overdue', 'road-warning')),
                incident_id     TEXT    NOT NULL REFERENCES incidents (id),
                plan_id         TEXT    NOT NULL,
                drill           INTEGER NOT NULL CHECK (drill IN (0, 1)),
                raised_at       TEXT    NOT NULL,
                raised_by       TEXT    NOT NULL,
                title           TEXT    NOT NULL,
                text            TEXT    NOT NULL,
                rule            TEXT    NOT NULL,
                clause          TEXT    NOT NULL,
                words           TEXT    NOT NULL,
                duty_key        TEXT    NULL,
                due_at          TEXT    NULL,
                details         TEXT    NOT NULL CHECK (json_valid(details)),
                acknowledged_at TEXT    NULL,
                acknowledged_by TEXT    NULL
            );

            CREATE INDEX alerts_incident_idx ON alerts (incident_id, id);
            CREATE INDEX alerts_kind_idx ON alerts (kind, id);
            CREATE INDEX alerts_unacknowledged_idx ON alerts (id) WHERE acknowledged_at IS NULL;

            CREATE TABLE alert_scan_marks (
                incident_id TEXT    NOT NULL PRIMARY KEY,
                version     INTEGER NOT NULL
            ) WITHOUT ROWID;
            """),
        // 5: where the response stands, beside the level, so that the incident list does not show a terminated
        // response's level as if it were in force. Incidents written before take it from their projection.
        (5, """
            ALTER TABLE incidents ADD COLUMN response_state TEXT NOT NULL DEFAULT 'NotActivated'
                CHECK (response_state IN ('NotActivated', 'Proposed', 'Active', 'Terminated'));
            UPDATE incidents SET response_state = json_extract(projection, '$.response.state')
                WHERE json_extract(projection, '$.response.state') IN ('Proposed', 'Active', 'Terminated');
            CREATE INDEX incidents_response_idx ON incidents (response_state, occurred_at DESC);
            """),
        // 6: the alert kind feed-cancelled (the 122 record behind an open incident was withdrawn).
        (6, RebuildAlerts(6, "'new-incident', 'escalation', 'duty-due-soon', 'duty-overdue', 'road-warning', 'feed-cancelled'")),
        // 7: a quarantined line that was not UTF-8 (a GBK line) kept as received: its text column holds it read with U+FFFD.
        (7, "ALTER TABLE feed_quarantine ADD COLUMN line_bytes BLOB NULL"),
        // 8: an entry closed without a correction (dismissed): who closed it and why; resolved_at says when.
        (8, "ALTER TABLE feed_quarantine ADD COLUMN dismissed_by TEXT NULL; ALTER TABLE feed_quarantine ADD COLUMN dismissal_reason TEXT NULL;"),
        // 9: the alert kind deadlines-brought-forward (a report said the incident happened earlier: the 事发后 duties fall due sooner).
        (9, RebuildAlerts(9, "'new-incident', 'escalation', 'duty-due-soon', 'duty-overdue', 'road-warning', 'feed-cancelled', 'deadlines-brought-forward'")),
        // 10: the open quarantine entries by eventId: each batch of the feed asks which of them its lines' eventIds resolve (docs/feed-122.md),
        // a probe a line, where the open entries' own index would be read whole for every batch.
        (10, "CREATE INDEX feed_quarantine_open_event_idx ON feed_quarantine (event_id) WHERE resolved_at IS NULL"),
        // 11: each quarantine entry's kind (docs/feed-122.md): invalid (the sender must correct the line), conflict, failed (the
        // dead letter: a valid record the service failed on). Written by the ingestor when it quarantines a line and filtered by the
        // listing (?kind=), where it was read from the error's text. The entries stored before take it by the rule that read it:
        // reason conflict, else an error beginning "the service failed on this record" (compared exactly: SQLite's LIKE ignores
        // case), else invalid. SQLite adds a NOT NULL column only with a default: the store writes the kind of every entry.
        (11, """
            ALTER TABLE feed_quarantine ADD COLUMN kind TEXT NOT NULL DEFAULT 'invalid' CHECK (kind IN ('invalid', 'conflict', 'failed'));
            UPDATE feed_quarantine SET kind = CASE
                WHEN reason = 'conflict' THEN 'conflict'
                WHEN substr(error, 1, length('the service failed on this record')) = 'the service failed on this record' THEN 'failed'
                ELSE 'invalid' END;
            CREATE INDEX feed_quarantine_open_kind_idx ON feed_quarantine (kind, id) WHERE resolved_at IS NULL;
            CREATE INDEX feed_quarantine_kind_idx ON feed_quarantine (kind, id);
            """),
        // 12: a message's content hash (SHA-256 of its record written back by the build) is no longer kept: a line whose bytes differ
        // from its eventId's stored message is compared with that message's record itself, which was read for it already (ADR 0008,
        // session 40); computing the hash for every line cost about a twentieth of the feed's ingest for the few that differ. SQLite
        // rewrites each row of the table to drop the column, once.
        (12, "ALTER TABLE feed_messages DROP COLUMN content_hash"),
        // 13: the log as a table of rows in the order written (position), its (incident, sequence) key a separate index. Keyed by
        // incident, each change's events were inserted among that incident's earlier ones: pages split half empty and every change
        // wrote whole pages of other rows again, and an event too long for an index page's row spilled into an overflow page of its
        // own (a store of a million feed lines held 117 MB of events in 247 MB). Appended by position, the rows fill their pages
        // and a commit writes the few pages at the table's end (ADR 0008, session 45). The rows are copied in the order they were
        // recorded; the triggers go with the old table and are made again (EventLogAppendOnly).
        (13, $$"""
            CREATE TABLE incident_events_v13 (
                position       INTEGER NOT NULL PRIMARY KEY,
                incident_id    TEXT    NOT NULL REFERENCES incidents (id),
                sequence       INTEGER NOT NULL CHECK (sequence >= 1),
                type           TEXT    NOT NULL,
                occurred_at    TEXT    NOT NULL,
                recorded_at    TEXT    NOT NULL,
                actor          TEXT    NOT NULL,
                payload        TEXT    NOT NULL CHECK (json_valid(payload)),
                schema_version INTEGER NOT NULL DEFAULT 1 CHECK (schema_version >= 1),
                version        INTEGER NOT NULL DEFAULT 0,
                UNIQUE (incident_id, sequence)
            );
            INSERT INTO incident_events_v13 (incident_id, sequence, type, occurred_at, recorded_at, actor, payload, schema_version, version)
                SELECT incident_id, sequence, type, occurred_at, recorded_at, actor, payload, schema_version, version
                FROM incident_events ORDER BY recorded_at, incident_id, sequence;
            DROP TABLE incident_events;
            ALTER TABLE incident_events_v13 RENAME TO incident_events;

            {{EventLogAppendOnly}}
            """),
        // 14: the alert kind warning-below-the-plan (a road warning in force below the colour the latest report calls for, R 4.3).
        (14, RebuildAlerts(14, "'new-incident', 'escalation', 'duty-due-soon', 'duty-overdue', 'road-warning', 'feed-cancelled', 'deadlines-brought-forward', 'warning-below-the-plan'")),
        // 15: the alert kind feed-reinstated (122 sent an open incident's record again, not cancelled, after withdrawing it).
        (15, RebuildAlerts(15, "'new-incident', 'escalation', 'duty-due-soon', 'duty-overdue', 'road-warning', 'feed-cancelled', 'deadlines-brought-forward', 'warning-below-the-plan', 'feed-reinstated'")),
        // 16: the alert kind feed-road-warning, the one with no incident (a 122 record below the intake rule meeting a road warning
        // condition, R 4.2/4.3): alerts name its record instead (dispatch_id), every alert one or the other; the table is rebuilt as 14
        // did, with the new column and incident_id nullable. feed_warnings keeps each such message with its alert's key, written in the
        // feed's commit, read by the alert scan until the key is stored.
        (16, KeepAlertNumberingBefore + """
            CREATE TABLE alerts_v16 (
                id              INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
                key             TEXT    NOT NULL UNIQUE,
                kind            TEXT    NOT NULL CHECK (kind IN ('new-incident', 'escalation', 'duty-due-soon', 'duty-overdue', 'road-warning', 'feed-cancelled',
                                                                 'deadlines-brought-forward', 'warning-below-the-plan', 'feed-reinstated', 'feed-road-warning')),
                incident_id     TEXT    NULL REFERENCES incidents (id),
                plan_id         TEXT    NOT NULL,
                drill           INTEGER NOT NULL CHECK (drill IN (0, 1)),
                raised_at       TEXT    NOT NULL,
                raised_by       TEXT    NOT NULL,
                title           TEXT    NOT NULL,
                text            TEXT    NOT NULL,
                rule            TEXT    NOT NULL,
                clause          TEXT    NOT NULL,
                words           TEXT    NOT NULL,
                duty_key        TEXT    NULL,
                due_at          TEXT    NULL,
                details         TEXT    NOT NULL CHECK (json_valid(details)),
                acknowledged_at TEXT    NULL,
                acknowledged_by TEXT    NULL,
                dispatch_id     TEXT    NULL,
                CHECK (incident_id IS NOT NULL OR dispatch_id IS NOT NULL)
            );
            INSERT INTO alerts_v16 (id, key, kind, incident_id, plan_id, drill, raised_at, raised_by, title, text, rule, clause, words,
                                    duty_key, due_at, details, acknowledged_at, acknowledged_by)
                SELECT id, key, kind, incident_id, plan_id, drill, raised_at, raised_by, title, text, rule, clause, words,
                       duty_key, due_at, details, acknowledged_at, acknowledged_by
                FROM alerts;
            DROP TABLE alerts;
            ALTER TABLE alerts_v16 RENAME TO alerts;
            CREATE INDEX alerts_incident_idx ON alerts (incident_id, id);
            CREATE INDEX alerts_kind_idx ON alerts (kind, id);
            CREATE INDEX alerts_unacknowledged_idx ON alerts (id) WHERE acknowledged_at IS NULL;
            """ + KeepAlertNumberingAfter + """

            CREATE TABLE feed_warnings (
                position    INTEGER NOT NULL PRIMARY KEY,
                event_id    TEXT    NOT NULL UNIQUE,
                dispatch_id TEXT    NOT NULL,
                plan_id     TEXT    NOT NULL,
                alert_key   TEXT    NOT NULL
            );
            """),
        // 17: a terminated response's row lists the level that was ended, not the one the figures came to call for (IncidentState.CurrentLevel):
        // the rows written before take it from their projection, as 5 took response_state.
        (17, """
            UPDATE incidents SET level = json_extract(projection, '$.response.level')
                WHERE response_state = 'Terminated' AND json_extract(projection, '$.response.level') IN ('I', 'II', 'III', 'IV');
            """),
        // 18: the dispatch records by their incident: a record the feed opens an incident for names the office's open incidents of the same
        // county and road, those no 122 record has (ADR 0008, session 56), and asks of each candidate whether one does. Partial: a routine
        // record's row (no incident, nearly every line) is not indexed.
        (18, "CREATE INDEX feed_dispatches_incident_idx ON feed_dispatches (incident_id) WHERE incident_id IS NOT NULL"),
        // 19: whether a 122 record opened an incident or was tied to it, on the incident's row (written with the incident when a record opens
        // it, and in a tie's transaction; those stored before marked from their dispatch rows), and the office's own open incidents by plan
        // and occurrence: 18's look-up went through the latest open incidents of the window and asked each whether a record had it, reading
        // the rows of the feed's own incidents to pass them over (0.4 ms an opening with 10,000 of them open: about 10 % of the feed
        // benchmark; ADR 0008, session 57). 18's index served that look-up only.
        (19, """
            ALTER TABLE incidents ADD COLUMN has_feed_record INTEGER NOT NULL DEFAULT 0 CHECK (has_feed_record IN (0, 1));
            UPDATE incidents SET has_feed_record = 1 WHERE id IN (SELECT incident_id FROM feed_dispatches WHERE incident_id IS NOT NULL);
            CREATE INDEX incidents_office_open_idx ON incidents (plan_id, occurred_at DESC) WHERE is_open = 1 AND has_feed_record = 0;
            DROP INDEX feed_dispatches_incident_idx;
            """),
        // 20: the alert kind feed-place-changed (a 122 message of a record with an incident names another county or road than the incident's:
        // the place the duties are owed by, 事发地, R 5.1.1; s62 F62-07). The table as 16 made it (incident or record), rebuilt as before.
        (20, RebuildAlertsWithRecords(20, "'new-incident', 'escalation', 'duty-due-soon', 'duty-overdue', 'road-warning', 'feed-cancelled', 'deadlines-brought-forward', 'warning-below-the-plan', 'feed-reinstated', 'feed-road-warning', 'feed-place-changed'")),
        // 21: the place a record's latest message gives when it is not its incident's (122 moved the accident to another county or road: s62
        // F62-07), on the record's row, written by the feed's commit with the row (null otherwise), and the rows that have one by that county:
        // the possible-duplicate look-up of an opening in the new county finds the incident (FeedDuplicates). Partial: nearly every row has none.
        (21, """
            ALTER TABLE feed_dispatches ADD COLUMN moved_county TEXT NULL;
            ALTER TABLE feed_dispatches ADD COLUMN moved_place TEXT NULL;
            CREATE INDEX feed_dispatches_moved_idx ON feed_dispatches (moved_county) WHERE moved_county IS NOT NULL;
            """),
    ];

    /// <summary>
    /// The triggers that keep the incident log append-only, made by migration 1 and again by 13 (which replaces the table they
    /// belong to). Released migrations run this text: it is never changed; a change is a new migration.
    /// </summary>
    private const string EventLogAppendOnly = """
        -- The log is the record of what the duty office knew and did: it is never rewritten.
        CREATE TRIGGER incident_events_no_update BEFORE UPDATE ON incident_events
        BEGIN
            SELECT RAISE(ABORT, 'incident_events is append-only: UPDATE is not allowed');
        END;

        CREATE TRIGGER incident_events_no_delete BEFORE DELETE ON incident_events
        BEGIN
            SELECT RAISE(ABORT, 'incident_events is append-only: DELETE is not allowed');
        END;
        """;

    /// <summary>
    /// Rebuilds <c>alerts</c> with <paramref name="kinds"/> as the CHECK on its kind: SQLite cannot change a CHECK in place, so the
    /// table is rebuilt with the same columns, rows and ids, then its indexes, and its numbering kept (<see cref="KeepAlertNumberingBefore"/>).
    /// Each migration that adds a kind passes its own literal list, so the kinds a released migration allows never change.
    /// </summary>
    private static string RebuildAlerts(int version, string kinds) => $$"""
        {{KeepAlertNumberingBefore}}
        CREATE TABLE alerts_v{{version}} (
            id              INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
            key             TEXT    NOT NULL UNIQUE,
            kind            TEXT    NOT NULL CHECK (kind IN ({{kinds}})),
            incident_id     TEXT    NOT NULL REFERENCES incidents (id),
            plan_id         TEXT    NOT NULL,
            drill           INTEGER NOT NULL CHECK (drill IN (0, 1)),
            raised_at       TEXT    NOT NULL,
            raised_by       TEXT    NOT NULL,
            title           TEXT    NOT NULL,
            text            TEXT    NOT NULL,
            rule            TEXT    NOT NULL,
            clause          TEXT    NOT NULL,
            words           TEXT    NOT NULL,
            duty_key        TEXT    NULL,
            due_at          TEXT    NULL,
            details         TEXT    NOT NULL CHECK (json_valid(details)),
            acknowledged_at TEXT    NULL,
            acknowledged_by TEXT    NULL
        );
        INSERT INTO alerts_v{{version}} (id, key, kind, incident_id, plan_id, drill, raised_at, raised_by, title, text, rule, clause, words,
                               duty_key, due_at, details, acknowledged_at, acknowledged_by)
            SELECT id, key, kind, incident_id, plan_id, drill, raised_at, raised_by, title, text, rule, clause, words,
                   duty_key, due_at, details, acknowledged_at, acknowledged_by
            FROM alerts;
        DROP TABLE alerts;
        ALTER TABLE alerts_v{{version}} RENAME TO alerts;
        CREATE INDEX alerts_incident_idx ON alerts (incident_id, id);
        CREATE INDEX alerts_kind_idx ON alerts (kind, id);
        CREATE INDEX alerts_unacknowledged_idx ON alerts (id) WHERE acknowledged_at IS NULL;
        {{KeepAlertNumberingAfter}}
        """;

    /// <summary>
    /// <see cref="RebuildAlerts"/> of the table as migration 16 left it (an alert names an incident or a 122 record, <c>dispatch_id</c>, and the
    /// CHECK that one of the two is set), for the migrations that add a kind after 16. A released migration's text never changes: each passes
    /// its own literal list.
    /// </summary>
    private static string RebuildAlertsWithRecords(int version, string kinds) => $$"""
        {{KeepAlertNumberingBefore}}
        CREATE TABLE alerts_v{{version}} (
            id              INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
            key             TEXT    NOT NULL UNIQUE,
            kind            TEXT    NOT NULL CHECK (kind IN ({{kinds}})),
            incident_id     TEXT    NULL REFERENCES incidents (id),
            plan_id         TEXT    NOT NULL,
            drill           INTEGER NOT NULL CHECK (drill IN (0, 1)),
            raised_at       TEXT    NOT NULL,
            raised_by       TEXT    NOT NULL,
            title           TEXT    NOT NULL,
            text            TEXT    NOT NULL,
            rule            TEXT    NOT NULL,
            clause          TEXT    NOT NULL,
            words           TEXT    NOT NULL,
            duty_key        TEXT    NULL,
            due_at          TEXT    NULL,
            details         TEXT    NOT NULL CHECK (json_valid(details)),
            acknowledged_at TEXT    NULL,
            acknowledged_by TEXT    NULL,
            dispatch_id     TEXT    NULL,
            CHECK (incident_id IS NOT NULL OR dispatch_id IS NOT NULL)
        );
        INSERT INTO alerts_v{{version}} (id, key, kind, incident_id, plan_id, drill, raised_at, raised_by, title, text, rule, clause, words,
                               duty_key, due_at, details, acknowledged_at, acknowledged_by, dispatch_id)
            SELECT id, key, kind, incident_id, plan_id, drill, raised_at, raised_by, title, text, rule, clause, words,
                   duty_key, due_at, details, acknowledged_at, acknowledged_by, dispatch_id
            FROM alerts;
        DROP TABLE alerts;
        ALTER TABLE alerts_v{{version}} RENAME TO alerts;
        CREATE INDEX alerts_incident_idx ON alerts (incident_id, id);
        CREATE INDEX alerts_kind_idx ON alerts (kind, id);
        CREATE INDEX alerts_unacknowledged_idx ON alerts (id) WHERE acknowledged_at IS NULL;
        {{KeepAlertNumberingAfter}}
        """;

    /// <summary>
    /// The SQL around a rebuild of <c>alerts</c> that keeps its numbering: dropping the table drops its <c>sqlite_sequence</c> entry, and the new
    /// table's counts from the highest id copied, below what a restore carried over from the replaced store (<c>store restore</c>: "新编号接在被替换
    /// 数据库已发出的编号之后"). A backup older than a rebuild, restored and then migrated, gave out the replaced store's ids again: a screen that had
    /// seen them never received the new alerts, and acknowledging one by its id acknowledged another (an operations review, session 53). The
    /// counter read before the rebuild is put back after it when it is higher.
    /// </summary>
    private const string KeepAlertNumberingBefore = "CREATE TEMP TABLE alerts_numbering AS SELECT seq FROM sqlite_sequence WHERE name = 'alerts';";

    /// <summary>The second half of <see cref="KeepAlertNumberingBefore"/>, after the rebuild (a constant: the migrations' list, a static field, reads it).</summary>
    private const string KeepAlertNumberingAfter = """
        UPDATE sqlite_sequence SET seq = (SELECT MAX(seq) FROM temp.alerts_numbering)
            WHERE name = 'alerts' AND seq < (SELECT MAX(seq) FROM temp.alerts_numbering);
        INSERT INTO sqlite_sequence (name, seq)
            SELECT 'alerts', seq FROM temp.alerts_numbering
            WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'alerts') LIMIT 1;
        DROP TABLE temp.alerts_numbering;
        """;

    /// <summary>The first version whose log holds domain events; stores below it with events are refused.</summary>
    public const int DomainEventsVersion = 2;

    /// <summary>The version that adds alerts (<c>alerts</c>, <c>alert_scan_marks</c>).</summary>
    public const int AlertsVersion = 4;

    /// <summary>
    /// Run with <see cref="AlertsVersion"/> on a store that already had incidents before it: they are not new to the duty
    /// office, so their scan starts from the version they have, and only later changes raise new-incident or escalation
    /// alerts. Their due and overdue duties are still alerted by the clock's scan. A store created at version 4 or later
    /// never runs this, so an incident written but not yet scanned is never marked as seen.
    /// </summary>
    public const string AlertsBaselineSql = "INSERT INTO alert_scan_marks (incident_id, version) SELECT id, version FROM incidents";
}
