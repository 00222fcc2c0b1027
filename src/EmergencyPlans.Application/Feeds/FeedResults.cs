namespace EmergencyPlans.Application.Feeds;

/// <summary>The answer to one line, written as soon as the commit holding it is done.</summary>
/// <param name="Line">1-based line number in the submission.</param>
/// <param name="Status">accepted | duplicate | stale | conflict | rejected (<see cref="FeedStatus"/>).</param>
/// <param name="EventId">The line's eventId, when it could be read.</param>
/// <param name="DispatchId">The line's dispatchId, when it could be read; for a duplicate, the stored message's (even when its line was not read).</param>
/// <param name="Sequence">The line's sequence, when it could be read; for a duplicate, the stored message's.</param>
/// <param name="Outcome">For accepted: routine, opened or updated (the incident); null otherwise.</param>
/// <param name="IncidentId">
/// The dispatch record's incident, when it has one; for a duplicate, the stored message's own (the incident it was applied to or
/// was stale against; null when it was stored as routine).
/// </param>
/// <param name="Field">For rejected: the field at fault (<c>$</c> for the whole line).</param>
/// <param name="Reason">Why, for every status but accepted; for accepted, the intake condition met or "routine".</param>
/// <param name="QuarantineId">For rejected and conflict: the quarantine entry holding the line.</param>
public sealed record FeedLineResult(
    long Line,
    string Status,
    string? EventId,
    string? DispatchId,
    long? Sequence,
    string? Outcome,
    Guid? IncidentId,
    string? Field,
    string? Reason,
    long? QuarantineId)
{
    /// <summary>
    /// For a line answered with the id of a quarantine entry already closed (the same bad line sent again after its entry was corrected
    /// or dismissed): when it was closed. Nothing waits for a correction; null for any other line.
    /// </summary>
    public DateTimeOffset? QuarantineClosedAt { get; init; }
}

/// <summary>
/// How answers are written, over HTTP (POST /api/v1/feeds/122) and on the command line (<c>feed ingest</c>) alike:
/// one JSON object per line with web names, nulls left out, then <c>{"summary":{…}}</c>. Chinese (a plan's document number
/// in a reason, a county) is written as it is, as in the API's other answers, not as <c>\uXXXX</c> escapes.
/// </summary>
public static class FeedAnswer
{
    public static System.Text.Json.JsonSerializerOptions Json { get; } = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Encoder = EmergencyPlans.Core.Contract.JsonText.Encoder,
    };
}

/// <summary>What each line of a submission came to.</summary>
public static class FeedStatus
{
    public const string Accepted = "accepted";
    public const string Duplicate = "duplicate";
    public const string Stale = "stale";
    public const string Conflict = "conflict";
    public const string Rejected = "rejected";
}

/// <summary>The last line of an answer: counts per status (and, for accepted, per outcome). Every member is defined in docs/feed-122.md.</summary>
/// <param name="Lines">The lines answered, one answer each: accepted + duplicate + stale + conflict + rejected (blank lines are not answered: <see cref="BlankLines"/>).</param>
/// <param name="Accepted">Lines whose message was taken: opened + updated + routine.</param>
/// <param name="Opened">Accepted lines that opened an incident.</param>
/// <param name="Updated">Accepted lines filed on the record's incident as a continuation.</param>
/// <param name="Routine">Accepted lines kept as routine (no incident).</param>
/// <param name="Duplicate">Lines whose message was received before with the same content.</param>
/// <param name="Stale">Lines kept in the history whose sequence was not newer than the one applied.</param>
/// <param name="Conflict">Lines whose eventId was received before with other content (quarantined).</param>
/// <param name="Rejected">Lines refused (quarantined).</param>
/// <param name="Commits">The groups committed.</param>
public sealed record FeedSummary(
    long Lines,
    long Accepted,
    long Opened,
    long Updated,
    long Routine,
    long Duplicate,
    long Stale,
    long Conflict,
    long Rejected,
    long Commits)
{
    /// <summary>
    /// Blank lines (empty, or nothing but white space, an ideographic space included): skipped, not answered, but counted in the line numbers, so
    /// <see cref="Lines"/> + this is the lines of the body (since session 62: a file of 11 lines, one blank, said 10 and nothing more).
    /// </summary>
    public long BlankLines { get; init; }

    /// <summary>
    /// Of the <see cref="Rejected"/> and <see cref="Conflict"/> lines, those answered with a quarantine entry already closed (corrected or
    /// dismissed: <see cref="FeedLineResult.QuarantineClosedAt"/>), the same bad line sent again: nothing waits for them. The rest wait in
    /// the quarantine (since session 62: a replay could not tell them apart).
    /// </summary>
    public long QuarantineClosed { get; init; }
}

/// <summary>How the feed groups and bounds its work.</summary>
public sealed class FeedOptions
{
    /// <summary>Configuration section (EmergencyPlans:Feed).</summary>
    public const string Section = "EmergencyPlans:Feed";

    /// <summary>
    /// Lines per commit: no line is acknowledged before the commit holding it. Larger groups mean fewer fsyncs, but a group's lines live
    /// from their read to their commit, and at 2,000 the collector promoted them to its oldest generation (ADR 0008, session 37).
    /// </summary>
    public int BatchSize { get; set; } = DefaultBatchSize;

    /// <summary>The default of <see cref="BatchSize"/>.</summary>
    public const int DefaultBatchSize = 1000;

    /// <summary>Longest line accepted, in bytes; a longer one is rejected (and quarantined cut to this length).</summary>
    public int MaxLineBytes { get; set; } = 64 * 1024;

    /// <summary>Largest body of one POST /api/v1/feeds/122 (the ordinary body limit does not apply): 1 GiB.</summary>
    public long MaxRequestBytes { get; set; } = 1L << 30;

    /// <summary>
    /// How long the feed may bring nothing new before its status says <c>silent</c> and the health check is Degraded (docs/feed-122.md):
    /// 122 in a city of two million takes calls every hour of the day. Zero turns the alarm off (a service without a 122 feed); else from
    /// <see cref="MinSilenceAlarm"/> to <see cref="MaxSilenceAlarm"/>, checked at start.
    /// </summary>
    public TimeSpan SilenceAlarm { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The shortest <see cref="SilenceAlarm"/> accepted but zero.</summary>
    public static readonly TimeSpan MinSilenceAlarm = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest <see cref="SilenceAlarm"/> accepted: a feed silent for half a day is long broken, and <c>1</c> (read as a day) is
    /// refused rather than taken.
    /// </summary>
    public static readonly TimeSpan MaxSilenceAlarm = TimeSpan.FromHours(12);
}
