namespace EmergencyPlans.Infrastructure.Persistence.Postgres;

/// <summary>
/// Schema migrations, applied in order and recorded in schema_version, in the first schema of the
/// connection's search path. A migration is never edited once released: a change is a new entry.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>
    /// Advisory lock key taken while migrating, so that several service instances starting together
    /// do not race on CREATE TABLE.
    /// </summary>
    public const long MigrationLockKey = 0x454D_504C_414E_5331; // "EMPLANS1"

    public static readonly IReadOnlyList<(int Version, string Sql)> Migrations =
    [
        (1, """
            CREATE TABLE incidents (
                id          uuid        NOT NULL PRIMARY KEY,
                plan_id     text        NOT NULL,
                occurred_at timestamptz NOT NULL,
                version     bigint      NOT NULL CHECK (version >= 1),
                is_open     boolean     NOT NULL,
                level       text        NULL CHECK (level IN ('I', 'II', 'III', 'IV')),
                next_due_at timestamptz NULL,
                updated_at  timestamptz NOT NULL,
                -- json, not jsonb: the document is stored and returned byte for byte, as in SQLite.
                projection  json        NOT NULL
            );

            CREATE TABLE incident_events (
                incident_id uuid        NOT NULL REFERENCES incidents (id),
                sequence    bigint      NOT NULL CHECK (sequence >= 1),
                type        text        NOT NULL,
                occurred_at timestamptz NOT NULL,
                recorded_at timestamptz NOT NULL,
                actor       text        NOT NULL,
                payload     json        NOT NULL,
                PRIMARY KEY (incident_id, sequence)
            );

            -- The log is the record of what the duty office knew and did: it is never rewritten.
            CREATE FUNCTION incident_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'incident_events is append-only: % is not allowed', TG_OP
                    USING ERRCODE = 'integrity_constraint_violation';
            END
            $$;

            CREATE TRIGGER incident_events_no_update_delete
                BEFORE UPDATE OR DELETE ON incident_events
                FOR EACH ROW EXECUTE FUNCTION incident_events_append_only();

            CREATE TRIGGER incident_events_no_truncate
                BEFORE TRUNCATE ON incident_events
                FOR EACH STATEMENT EXECUTE FUNCTION incident_events_append_only();

            CREATE INDEX incidents_plan_idx ON incidents (plan_id, occurred_at DESC);
            CREATE INDEX incidents_open_idx ON incidents (is_open, occurred_at DESC);
            CREATE INDEX incidents_next_due_idx ON incidents (next_due_at) WHERE next_due_at IS NOT NULL;
            """),
        // 2: the log holds domain events (docs/events.md) with their schema version, and requests sent
        // with an Idempotency-Key are remembered in the same transaction as their change. A store that
        // already holds schema-1 events (REST request bodies) is refused before this runs.
        (2, """
            ALTER TABLE incident_events ADD COLUMN schema_version integer NOT NULL DEFAULT 1 CHECK (schema_version >= 1);
            -- The incident version (change number) that appended the event: one change, one or more events.
            ALTER TABLE incident_events ADD COLUMN version bigint NOT NULL DEFAULT 0;

            CREATE TABLE idempotency_keys (
                key          text        NOT NULL PRIMARY KEY,
                request_hash text        NOT NULL,
                incident_id  uuid        NULL,
                version      bigint      NULL,
                recorded_at  timestamptz NOT NULL
            );
            """),
        // 3: the 122 dispatch feed (docs/feed-122.md): every message kept (history, accepted or stale), the
        // highest sequence per dispatch record with its incident, and the quarantine of bad lines.
        (3, """
            CREATE TABLE feed_messages (
                position     bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY, -- the order received
                event_id     text        NOT NULL UNIQUE,
                dispatch_id  text        NOT NULL,
                sequence     bigint      NOT NULL,
                updated_at   timestamptz NOT NULL,
                outcome      text        NOT NULL CHECK (outcome IN ('routine', 'opened', 'updated', 'stale')),
                incident_id  uuid        NULL,
                line_hash    bytea       NOT NULL,
                content_hash bytea       NOT NULL,
                line         text        NOT NULL,
                line_number  bigint      NOT NULL,
                submitted_by text        NOT NULL,
                received_at  timestamptz NOT NULL
            );
            CREATE INDEX feed_messages_dispatch_idx ON feed_messages (dispatch_id, sequence);

            CREATE TABLE feed_dispatches (
                dispatch_id text        NOT NULL PRIMARY KEY,
                sequence    bigint      NOT NULL,
                event_id    text        NOT NULL,
                incident_id uuid        NULL,
                updated_at  timestamptz NOT NULL
            );

            CREATE TABLE feed_quarantine (
                id                   bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                line_hash            bytea       NOT NULL UNIQUE,
                line_number          bigint      NOT NULL,
                line                 text        NOT NULL,
                reason               text        NOT NULL CHECK (reason IN ('rejected', 'conflict')),
                field                text        NULL,
                error                text        NOT NULL,
                event_id             text        NULL,
                submitted_by         text        NOT NULL,
                received_at          timestamptz NOT NULL,
                resolved_at          timestamptz NULL,
                resolved_by_event_id text        NULL
            );
            CREATE INDEX feed_quarantine_open_idx ON feed_quarantine (id) WHERE resolved_at IS NULL;
            """),
        // 4: alerts for the duty office (docs/alerts.md). The key is unique: an alert is stored once,
        // whichever instance raises it. alert_scan_marks: the incident version whose alerts were last derived.
        (4, """
            CREATE TABLE alerts (
                id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                key             text        NOT NULL UNIQUE,
                kind            text        NOT NULL CHECK (kind IN ('new-incident', 'escalation', 'duty-due-soon', 'duty-overdue', 'road-warning')),
                incident_id     uuid        NOT NULL REFERENCES incidents (id),
                plan_id         text        NOT NULL,
                drill           boolean     NOT NULL,
                raised_at       timestamptz NOT NULL,
                raised_by       text        NOT NULL,
                title           text        NOT NULL,
                text            text        NOT NULL,
                rule            text        NOT NULL,
                clause          text        NOT NULL,
                words           text        NOT NULL,
                duty_key        text        NULL,
                due_at          timestamptz NULL,
                details         json        NOT NULL,
                acknowledged_at timestamptz NULL,
                acknowledged_by text        NULL
            );

            CREATE INDEX alerts_incident_idx ON alerts (incident_id, id);
            CREATE INDEX alerts_kind_idx ON alerts (kind, id);
            CREATE INDEX alerts_unacknowledged_idx ON alerts (id) WHERE acknowledged_at IS NULL;

            CREATE TABLE alert_scan_marks (
                incident_id uuid   NOT NULL PRIMARY KEY,
                version     bigint NOT NULL
            );
            """),
        // 5: where the response stands, beside the level, so that the incident list does not show a terminated
        // response's level as if it were in force. Incidents written before take it from their projection.
        (5, """
            ALTER TABLE incidents ADD COLUMN response_state text NOT NULL DEFAULT 'NotActivated'
                CHECK (response_state IN ('NotActivated', 'Proposed', 'Active', 'Terminated'));
            UPDATE incidents SET response_state = projection -> 'response' ->> 'state'
                WHERE projection -> 'response' ->> 'state' IN ('Proposed', 'Active', 'Terminated');
            CREATE INDEX incidents_response_idx ON incidents (response_state, occurred_at DESC);
            """),
        // 6: the alert kind feed-cancelled (the 122 record behind an open incident was withdrawn).
        (6, WidenAlertKinds("'new-incident', 'escalation', 'duty-due-soon', 'duty-overdue', 'road-warning', 'feed-cancelled'")),
        // 7: a quarantined line that was not UTF-8 (a GBK line) kept as received: its text column holds it read with U+FFFD.
        (7, "ALTER TABLE feed_quarantine ADD COLUMN line_bytes bytea NULL"),
        // 8: an entry closed without a correction (dismissed): who closed it and why; resolved_at says when.
        (8, "ALTER TABLE feed_quarantine ADD COLUMN dismissed_by text NULL; ALTER TABLE feed_quarantine ADD COLUMN dismissal_reason text NULL;"),
        // 9: the alert kind deadlines-brought-forward (a report said the incident happened earlier: the 事发后 duties fall due sooner).
        (9, WidenAlertKinds("'new-incident', 'escalation', 'duty-due-soon', 'duty-overdue', 'road-warning', 'feed-cancelled', 'deadlines-brought-forward'")),
        // 10: the open quarantine entries by eventId: each batch of the feed asks which of them its lines' eventIds resolve (docs/feed-122.md),
        // a probe a line, where the open entries' own index would be read whole for every batch.
        (10, "CREATE INDEX feed_quarantine_open_event_idx ON feed_quarantine (event_id) WHERE resolved_at IS NULL"),
        // 11: each quarantine entry's kind (docs/feed-122.md): invalid (the sender must correct the line), conflict, failed (the
        // dead letter: a valid record the service failed on). Written by the ingestor when it quarantines a line and filtered by the
        // listing (?kind=), where it was read from the error's text. The entries stored before take it by the rule that read it:
        // reason conflict, else an error beginning "the service failed on this record", else invalid. No default: every entry's
        // kind is written by the store.
        (11, """
            ALTER TABLE feed_quarantine ADD COLUMN kind text NULL;
            UPDATE feed_quarantine SET kind = CASE
                WHEN reason = 'conflict' THEN 'conflict'
                WHEN error LIKE 'the service failed on this record%' THEN 'failed'
                ELSE 'invalid' END;
            ALTER TABLE feed_quarantine ALTER COLUMN kind SET NOT NULL;
            ALTER TABLE feed_quarantine ADD CONSTRAINT feed_quarantine_kind_check CHECK (kind IN ('invalid', 'conflict', 'failed'));
            CREATE INDEX feed_quarantine_open_kind_idx ON feed_quarantine (kind, id) WHERE resolved_at IS NULL;
            CREATE INDEX feed_quarantine_kind_idx ON feed_quarantine (kind, id);
            """),
        // 12: a message's content hash (SHA-256 of its record written back by the build) is no longer kept: a line whose bytes differ
        // from its eventId's stored message is compared with that message's record itself, which was read for it already (ADR 0008,
        // session 40); computing the hash for every line cost about a twentieth of the feed's ingest for the few that differ.
        (12, "ALTER TABLE feed_messages DROP COLUMN content_hash"),
        // 13: nothing here. SQLite's 13 rebuilds its log so that rows are appended in the order written; PostgreSQL's heap already
        // appends them so, its (incident_id, sequence) key an index apart. The number is kept so that a version names one schema
        // on both providers.
        (13, "SELECT 1"),
        // 14: the alert kind warning-below-the-plan (a road warning in force below the colour the latest report calls for, R 4.3).
        (14, WidenAlertKinds("'new-incident', 'escalation', 'duty-due-soon', 'duty-overdue', 'road-warning', 'feed-cancelled', 'deadlines-brought-forward', 'warning-below-the-plan'")),
        // 15: the alert kind feed-reinstated (122 sent an open incident's record again, not cancelled, after withdrawing it).
        (15, WidenAlertKinds("'new-incident', 'escalation', 'duty-due-soon', 'duty-overdue', 'road-warning', 'feed-cancelled', 'deadlines-brought-forward', 'warning-below-the-plan', 'feed-reinstated'")),
        // 16: the alert kind feed-road-warning, the one with no incident (a 122 record below the intake rule meeting a road warning
        // condition, R 4.2/4.3): alerts name its record instead (dispatch_id), every alert one or the other; feed_warnings keeps each such
        // message with its alert's key, written in the feed's commit, read by the alert scan until the key is stored.
        (16, WidenAlertKinds("'new-incident', 'escalation', 'duty-due-soon', 'duty-overdue', 'road-warning', 'feed-cancelled', 'deadlines-brought-forward', 'warning-below-the-plan', 'feed-reinstated', 'feed-road-warning'") + """
            ALTER TABLE alerts ALTER COLUMN incident_id DROP NOT NULL;
            -- IF [NOT] EXISTS: the tests' rewind (SchemaRewind) runs it again over its own columns, as SQLite's rebuild can be.
            ALTER TABLE alerts ADD COLUMN IF NOT EXISTS dispatch_id text NULL;
            ALTER TABLE alerts DROP CONSTRAINT IF EXISTS alerts_subject_check;
            ALTER TABLE alerts ADD CONSTRAINT alerts_subject_check CHECK (incident_id IS NOT NULL OR dispatch_id IS NOT NULL);

            CREATE TABLE feed_warnings (
                position    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                event_id    text   NOT NULL UNIQUE,
                dispatch_id text   NOT NULL,
                plan_id     text   NOT NULL,
                alert_key   text   NOT NULL
            );
            """),
        // 17: a terminated response's row lists the level that was ended, not the one the figures came to call for (IncidentState.CurrentLevel):
        // the rows written before take it from their projection, as 5 took response_state.
        (17, """
            UPDATE incidents SET level = projection -> 'response' ->> 'level'
                WHERE response_state = 'Terminated' AND projection -> 'response' ->> 'level' IN ('I', 'II', 'III', 'IV');
            """),
        // 18: the dispatch records by their incident (as SQLite's 18): the feed's look-up of an office's incident no 122 record has.
        (18, "CREATE INDEX feed_dispatches_incident_idx ON feed_dispatches (incident_id) WHERE incident_id IS NOT NULL"),
        // 19: whether a 122 record opened or was tied to an incident, on its row, and the office's own open incidents (as SQLite's 19).
        (19, """
            ALTER TABLE incidents ADD COLUMN has_feed_record boolean NOT NULL DEFAULT false;
            UPDATE incidents SET has_feed_record = true WHERE id IN (SELECT incident_id FROM feed_dispatches WHERE incident_id IS NOT NULL);
            CREATE INDEX incidents_office_open_idx ON incidents (plan_id, occurred_at DESC) WHERE is_open AND NOT has_feed_record;
            DROP INDEX feed_dispatches_incident_idx;
            """),
        // 20: the alert kind feed-place-changed (a 122 message of a record with an incident names another county or road than the incident's).
        (20, WidenAlertKinds("'new-incident', 'escalation', 'duty-due-soon', 'duty-overdue', 'road-warning', 'feed-cancelled', 'deadlines-brought-forward', 'warning-below-the-plan', 'feed-reinstated', 'feed-road-warning', 'feed-place-changed'")),
        // 21: the place a record's latest message gives when it is not its incident's, on its row, and those rows by county (as SQLite's 21).
        (21, """
            ALTER TABLE feed_dispatches ADD COLUMN moved_county text NULL;
            ALTER TABLE feed_dispatches ADD COLUMN moved_place text NULL;
            CREATE INDEX feed_dispatches_moved_idx ON feed_dispatches (moved_county) WHERE moved_county IS NOT NULL;
            """),
    ];

    /// <summary>Widens the CHECK on <c>alerts.kind</c> to <paramref name="kinds"/>; each migration that adds a kind passes its own literal
    /// list, so a released migration's SQL never changes.</summary>
    private static string WidenAlertKinds(string kinds) => $$"""
        ALTER TABLE alerts DROP CONSTRAINT alerts_kind_check;
        ALTER TABLE alerts ADD CONSTRAINT alerts_kind_check
            CHECK (kind IN ({{kinds}}));
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
