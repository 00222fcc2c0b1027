using EmergencyPlans.Application.Incidents;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Lifecycles;

namespace EmergencyPlans.Application.Feeds;

/// <summary>
/// What a 122 record brings to an incident the duty office opened and tied to it (<c>POST /api/v1/incidents/{id}/feed-records</c>;
/// docs/feed-122.md, "An incident the office opened"; ADR 0008, session 56): the record's latest state, filed as the incident's
/// continuation (续报) when the tie is made, and the record's call, which meets the road plan's duty that the accident be reported to 122
/// (R 5.1.1 "获悉道路交通安全突发事件的单位、公民,立即拨打报警电话(122)"), as it does for an incident the record opens itself.
/// </summary>
internal static class FeedTie
{
    /// <summary>
    /// Meets the incident's call duty (the plan's <c>feedIntake.callMeets</c>, road: <c>call-122</c>) at the record's <c>callAt</c>, when it
    /// is still owed. A fulfilment the office recorded (met, or ended) is never replaced; nor is the duty met when the call is more than the
    /// clock tolerance before the incident's occurrence as it now stands (the office's time is not the record's, and the incident refuses a
    /// report before the accident): the office then records it as before. A call time after now (within the feed's clock tolerance) is read
    /// as now, as a fulfilment's <c>madeAt</c> is.
    /// </summary>
    /// <remarks><c>tied</c>: true when met by the tie itself (the record was received before it), for the note. True when the duty was met.</remarks>
    public static bool MeetCall(Incident incident, FeedRecord record, LifecycleActor by, DateTimeOffset now, DecisionEngine engine, bool tied)
    {
        var state = incident.State;
        if (record.CallAtInstant is not { } callAt
            || engine.Catalog.Resolve(state.PlanId, state.OccurredAt)?.FeedIntake?.CallMeets is not { } code
            || !state.Obligations.Exists(o => o.Code == code && o.Clock.State == ObligationState.Due)
            || callAt < state.OccurredAt - AssessmentContract.ClockTolerance)
        {
            return false;
        }

        // A call before the incident's occurrence (within the tolerance: 05:08 for an accident the county put at 05:10) shows the occurrence is
        // too late, and the deadlines counted from it (事发后30分钟内) late with it; the incident takes no correction after its first report, so the
        // office is told where it reads the call (a 122 integrator's review, s62 F62-13).
        var note = $"{FeedIngestor.Channel}接警单{record.DispatchId}：报警时间{record.CallAt}"
                   + (tied ? "（关联接警单时据其记录）" : "（关联接警单后收到的第一条消息）")
                   + (callAt < state.OccurredAt
                       ? $"；报警时间早于本事件事发时间{CityTime.DayMinute(state.OccurredAt)}，事发时间可能偏晚，自事发起算的报告时限随之偏晚，请核实"
                       : "");
        incident.FulfilObligation(code, callAt < now ? callAt : now, note, by, now, engine);
        return true;
    }

    /// <summary>
    /// The record's latest message, the whole state of the record as 122 last sent it (EIDO: each message is the record, not a change to
    /// it): the message the record's row names (its highest sequence; stale ones are lower), read back from its line. Null when the record
    /// has not been received (tied before any message: its first message is filed as any later one), or its line no longer reads.
    /// </summary>
    public static async Task<Latest?> LatestAsync(Ports.IFeedStore feeds, Ports.FeedDispatch? dispatch, CancellationToken cancellationToken)
    {
        if (dispatch is not { Sequence: >= 0, EventId.Length: > 0 })
        {
            return null;
        }

        var message = (await feeds.ReadHistoryAsync(dispatch.DispatchId, cancellationToken).ConfigureAwait(false))
            .LastOrDefault(m => string.Equals(m.EventId, dispatch.EventId, StringComparison.Ordinal));
        return message is not null && FeedJson.Parse(System.Text.Encoding.UTF8.GetBytes(message.Line), out _, out _) is { } record
            ? new Latest(record, message.ReceivedAt)
            : null;
    }

    /// <summary>A record's latest message received before a tie (<see cref="LatestAsync"/>), and what the tie files of it.</summary>
    public sealed class Latest(FeedRecord record, DateTimeOffset receivedAt)
    {
        public FeedRecord Record { get; } = record;

        /// <summary>True once the incident refused the record's occurredAt (after its first report here, or another plan version then):
        /// the rest of the record is filed without it, as the ingestor files a message.</summary>
        public bool OccurrenceRefused { get; set; }

        /// <summary>
        /// Files the record on the tied incident as its continuation and meets its call duty (<see cref="MeetCall"/>), in the tie's own change.
        /// By the feed (122接处警), whose report it is, as a message filed after the tie would be.
        /// </summary>
        public void FileOn(Incident incident, DateTimeOffset now, DecisionEngine engine)
        {
            var by = FeedIngestor.FeedActor.As(null);
            // Newer than what the incident holds (122 stated it after the incident's latest report): its figures, conditions and occurredAt are
            // taken, as a message filed after the tie would be. Older: the office reported since what 122 had stated (phoned from the scene at
            // 09:45, 122's record as of 09:30), and 122's older state replacing it would put the incident back (2 dead read as none, its grade
            // and duties with it); the continuation then says what 122 stated and takes nothing of it. EIDO's rule within a record, the newest
            // state wins, applied across the record and the office's own reports, whose order the tie knows (ADR 0008, session 56).
            var newer = Record.UpdatedAtInstant > incident.State.Reporting.LastReportAt;
            var report = newer
                ? FeedIngestor.ContinuationOf(Record, TiedSuffix(Record, receivedAt)
                    + (OccurrenceRefused && Record.OccurredAt is { } refused ? $"（122所报事发时间{refused}未采用，本事件事发时间不变）" : ""))
                : RecordedOnly(Record, incident.State.Reporting.LastReportAt, TiedSuffix(Record, receivedAt));
            if (OccurrenceRefused)
            {
                report.OccurredAt = null;
            }

            FileReportHandler.File(incident, report, FeedIngestor.Source(Record), by, now, engine);
            MeetCall(incident, Record, by, now, engine, tied: true);
        }
    }

    /// <summary>
    /// Files a message of a record that has an incident (the one it opened, or the one a duty officer tied it to) as the incident's continuation,
    /// in the change <paramref name="report"/> is filed in; with the record's first message since a tie made before any came
    /// (<see cref="FeedFiling.FirstAfterTie"/>) its call meets the incident's call duty (<see cref="MeetCall"/>). Run by
    /// <see cref="FileReportHandler"/> for a <see cref="FileReportCommand"/> that carries the message, so the feed's continuations pass the
    /// same pipeline as before.
    /// A message stating the record as 122 knew it (<c>updatedAt</c>) before the office's own latest report on the incident (a report made over
    /// REST, the latest of the incident's reports: the county phoned 3 dead at 05:57, 122's record as of 05:10 arrived at 06:00 saying none)
    /// is filed as recorded only (<see cref="RecordedOnly"/>), as the record's latest state is at a tie: 122's older state would put the incident
    /// back, its grade and duties with it (a 122 integrator's review, s62 F62-01; before, it replaced the office's figures). The latest report
    /// being 122's own (this record's or another's), the message is filed as before: within a record the highest sequence wins, and the
    /// service's receipt of one message is not the sender's time of another.
    /// </summary>
    public static Filing FileMessage(Incident incident, FileReportRequest report, FeedFiling message, LifecycleActor by, DateTimeOffset now, DecisionEngine engine)
    {
        var record = message.Record;
        var officeAt = OfficeReportedAfter(incident.State, record);
        if (officeAt is { } at)
        {
            report = RecordedOnly(record, at, null);
        }

        FileReportHandler.File(incident, report, FeedIngestor.Source(record), by, now, engine);
        return new Filing(message.FirstAfterTie && MeetCall(incident, record, by, now, engine, tied: false), officeAt, MovedFrom(incident.State, record));
    }

    /// <summary>What <see cref="FileMessage"/> did besides filing: met the call duty; filed the message as recorded only, the office having
    /// reported at <paramref name="OfficeReportedAt"/>, after 122 stated it; <paramref name="Moved"/> the incident's own county and place when the
    /// message gives another county or road number (<see cref="MovedFrom"/>).</summary>
    public readonly record struct Filing(bool CallMet, DateTimeOffset? OfficeReportedAt, (string County, string? Place)? Moved = null);

    /// <summary>
    /// The incident's county and place when <paramref name="record"/> gives another county, or another road number where both give one
    /// (<see cref="FeedDuplicates.SameRoad(string?, string?)"/>), else null: 122 moved the accident (s62 F62-07). The incident keeps its own.
    /// </summary>
    internal static (string County, string? Place)? MovedFrom(IncidentState incident, FeedRecord record) =>
        record.County != incident.County || !FeedDuplicates.SameRoad(FeedIngestor.Place(record.Road), incident.Place) ? (incident.County, incident.Place) : null;

    /// <summary>
    /// When the office's own report (made over REST: without a source) is the incident's latest and was made after 122 stated the record's
    /// state (<c>updatedAt</c>): its time; null otherwise. Read from the timeline's last report entry, a few entries from its end.
    /// </summary>
    private static DateTimeOffset? OfficeReportedAfter(IncidentState state, FeedRecord record)
    {
        var timeline = state.Timeline;
        for (var i = timeline.Count - 1; i >= 0; i--)
        {
            var entry = timeline[i];
            if (TimelineEntry.IsReport(entry.Type))
            {
                return entry.Source is null && record.UpdatedAtInstant is { } stated && stated < state.Reporting.LastReportAt ? state.Reporting.LastReportAt : null;
            }
        }

        return null;
    }

    /// <summary>
    /// The continuation a 122 message older than the incident's latest report files: what 122 stated, said in its summary
    /// (<c>（早于本事件03-01 10:00的报告：122所报死亡0人，…；其数字、路况和事发时间仅作记录，未替换本事件的）</c>), and none of its figures,
    /// road observations or occurrence taken. EIDO's rule within a record, the newest state wins, applied across the record and the office's
    /// own reports (ADR 0008, sessions 56 and 62).
    /// </summary>
    private static FileReportRequest RecordedOnly(FeedRecord record, DateTimeOffset reportedAt, string? suffix)
    {
        var report = FeedIngestor.ContinuationOf(record, suffix + $"（早于本事件{CityTime.DayMinute(reportedAt)}的报告：{CasualtiesSaid(record)}"
                                                          + "其数字、路况和事发时间仅作记录，未替换本事件的）");
        (report.Figures, report.Conditions, report.OccurredAt) = (null, null, null);
        return report;
    }

    /// <summary>
    /// How a record received before a tie differs from the incident it is to be tied to, in the ways the possible-duplicate check reads an
    /// accident (<see cref="FeedDuplicates"/>): another county; another road number where both give one; occurring (its <c>occurredAt</c>, else
    /// its call) more than <see cref="FeedDuplicates.Window"/> from the incident's occurrence. Null when it differs in none: a mistyped number
    /// (JC122-BUS for JC122-BIS) filed 沁水县's coach rollover, 5 dead, on 高平市's motorcycle incident (a 122 integrator's review, s62 F62-02).
    /// </summary>
    public static (string English, string Chinese)? Mismatch(IncidentState incident, FeedRecord record)
    {
        var english = new List<string>();
        var chinese = new List<string>();
        if (record.County is { } county && !string.Equals(county, incident.County, StringComparison.Ordinal))
        {
            english.Add($"the record is in {county}, the incident in {incident.County}");
            chinese.Add($"接警单在{county}，本事件在{incident.County}");
        }

        if (!FeedDuplicates.SameRoad(record.Road?.Code, incident.Place))
        {
            var (road, own) = (FeedDuplicates.RoadCode(record.Road?.Code), string.Join("、", FeedDuplicates.RoadCodes(incident.Place)));
            english.Add($"the record's road is {road}, the incident's {own}");
            chinese.Add($"接警单道路{road}，本事件{own}");
        }

        var (at, what) = record.OccurredAtInstant is { } occurred ? (occurred, "事发") : (record.CallAtInstant, "报警");
        if (at is { } t && (t - incident.OccurredAt).Duration() > FeedDuplicates.Window)
        {
            english.Add($"the record's {(what == "事发" ? "occurrence" : "call")} {record.OccurredAt ?? record.CallAt} is more than {FeedDuplicates.Window.TotalHours:0} hours from the incident's");
            chinese.Add($"接警单{what}{CityTime.DayMinute(t)}，本事件{CityTime.DayMinute(incident.OccurredAt)}事发，相差超过{FeedDuplicates.Window.TotalHours:0}小时");
        }

        return english.Count == 0 ? null : (string.Join("; ", english), string.Join("；", chinese));
    }

    /// <summary>The casualties a record states (<c>122所报死亡0人，重伤0人，受伤4人；</c>), unknown ones left out; empty when it states none.</summary>
    private static string CasualtiesSaid(FeedRecord record)
    {
        var figures = record.Figures?.ToFigures();
        if (figures is null)
        {
            return "";
        }

        var said = string.Join("，", FigureCatalog.Casualties.Where(f => figures[f] is not null)
            .Select(f => $"{f.Label}{Convert.ToString(figures[f], System.Globalization.CultureInfo.InvariantCulture)}{f.Unit}"));
        return said.Length == 0 ? "" : $"122所报{said}；";
    }

    /// <summary>
    /// The end of the summary of the continuation a tie files (<see cref="FeedIngestor.ContinuationOf"/>): when 122 stated it and when the
    /// service received it, so a reader of the timeline sees it is 122's record as it stood then, filed at the tie.
    /// </summary>
    public static string TiedSuffix(FeedRecord record, DateTimeOffset receivedAt) =>
        $"（关联接警单时补记：122于{Local(record.UpdatedAtInstant)}所报，{Local(receivedAt)}已收到）";

    private static string Local(DateTimeOffset? at) => at is { } t ? CityTime.DayMinute(t) : "";
}

/// <summary>
/// A 122 message the feed files on its incident (<see cref="FileReportCommand.Feed"/>): the record, whether it is the record's first message
/// since a duty officer tied it before any came, and what filing it did (<see cref="FeedTie.Filing"/>, set by the handler).
/// </summary>
public sealed class FeedFiling(FeedRecord record, bool firstAfterTie)
{
    public FeedRecord Record { get; } = record;

    public bool FirstAfterTie { get; } = firstAfterTie;

    internal FeedTie.Filing Filing { get; set; }
}
