using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EmergencyPlans.Application.Common;
using EmergencyPlans.Application.Incidents;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Lifecycles;
using EmergencyPlans.Core.Plans;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmergencyPlans.Application.Feeds;

/// <summary>
/// The one way into the service for 122 records, whichever host reads them (POST /api/v1/feeds/122, the
/// CLI's <c>feed ingest</c>): reads NDJSON, decides each line (docs/feed-122.md), opens and updates
/// incidents through the same commands as REST, commits the feed's rows in groups, and answers each line
/// only after the commit that holds it.
/// </summary>
/// <remarks>
/// <para>Exactly once: a line's incident writes join its batch's transaction (<see cref="IFeedStore.BeginBatchAsync"/>) and
/// commit with its feed row, whose eventId is unique; a line the service fails on after a write is undone alone
/// (<see cref="IFeedStore.BeginLineAsync"/>). A crash before the commit leaves neither the line nor its incident change; sent
/// again, the line is decided anew, and a line already committed is a <c>duplicate</c> before any incident is touched (ADR 0008).</para>
/// <para>One batch at a time across processes (the store's write lock, PostgreSQL's advisory lock); should two still race on
/// a message's unique key, the loser's batch rolls back whole, its incident writes with it, and is decided again.</para>
/// </remarks>
public sealed partial class FeedIngestor(
    IFeedStore store,
    IIncidentStore incidents,
    ISender sender,
    IncidentWriter writer,
    DecisionEngine engine,
    FeedRecordValidator validator,
    FeedOptions options,
    TimeProvider clock,
    ILogger<FeedIngestor>? logger = null,
    ServiceMetrics? metrics = null,
    Microsoft.Extensions.Hosting.IHostApplicationLifetime? lifetime = null,
    IShutdownTimeout? shutdown = null) : IDisposable
{
    /// <summary>The feed's channel name, as events and the plan's <c>feedIntake</c> spell it.</summary>
    public const string Channel = "122";

    /// <summary>
    /// The caller every incident write of the feed is made as, whoever submitted the line (an API key, the
    /// CLI): the incident's events and timeline name the 122 feed, and the message's history keeps who sent it.
    /// </summary>
    public static readonly Actor FeedActor = new("122接处警", [RoleCatalogue.Feed]);

    /// <summary>
    /// The buffer a host reads a feed file through. On Linux each asynchronous read of a file is a hop through the
    /// thread pool; at 64 KB a million lines cost about 7,300 of them and the replay bench spent 1.2 s of its 6 s reading
    /// lines, at 1 MB about 0.7 s.
    /// </summary>
    public const int FileBufferBytes = 1 << 20;

    private const int MaxAttempts = 3;

    /// <summary>How many incident versions <see cref="_versions"/> keeps before it starts again.</summary>
    private const int MaxRememberedVersions = 100_000;

    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>
    /// Whether a group being prepared is read (parsed and validated) then, or as it is decided: false after a group whose lines were
    /// mostly byte-identical to stored ones (a replay), which are duplicates unread. Only ever a matter of where the work is done.
    /// </summary>
    private volatile bool _readAhead = true;

    /// <summary>
    /// The version each incident had after this ingestor's last write to it (guarded by <see cref="_gate"/>): the
    /// If-Match of the next continuation, so a continuation does not read the incident once more before its command
    /// does. Only a hint: a stale one (a duty officer's change, a rolled-back batch) is answered with the current
    /// version and the command is sent again.
    /// </summary>
    private readonly Dictionary<Guid, long> _versions = [];

    /// <summary>
    /// Ingests every line of <paramref name="input"/> (NDJSON; blank lines are skipped but counted), calling
    /// <paramref name="onResult"/> once per line, in order, after the commit that holds it.
    /// </summary>
    /// <param name="input">The feed, one JSON record per line, in UTF-8 (read by <see cref="FeedLineReader"/>).</param>
    /// <param name="submittedBy">Who sent it (the API key's name, <c>cli</c>), kept with each message.</param>
    /// <param name="onResult">Receives each line's answer once it is committed.</param>
    /// <param name="cancellationToken">Stops between lines; what was committed stays.</param>
    /// <returns>The counts per status.</returns>
    public Task<FeedSummary> IngestAsync(
        Stream input,
        string submittedBy,
        Func<FeedLineResult, CancellationToken, ValueTask> onResult,
        CancellationToken cancellationToken = default) => IngestAsync(input, 1, submittedBy, onResult, null, cancellationToken);

    /// <summary>
    /// How long the input may pause, with lines read and not yet decided, before those lines are decided, committed and answered
    /// without waiting for their group to fill. A sender that keeps its body open and writes each record as 122 takes it (a live
    /// feed) has every record checked and answered within this of its arrival, instead of when <see cref="FeedOptions.BatchSize"/>
    /// records have come, maybe hours later. A file or a busy feed never pauses this long, so its groups stay whole.
    /// </summary>
    public static readonly TimeSpan InputPause = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// The largest first line number a part may give (<c>?firstLine=N</c>): 2^53-1, the largest integer a JavaScript or other
    /// double-reading JSON client reads exactly, so the line numbers answered and stored stay exact for every client, and far
    /// enough from <see cref="long.MaxValue"/> that counting a body's lines from it cannot overflow.
    /// </summary>
    public const long MaxFirstLine = 9_007_199_254_740_991;

    /// <summary>
    /// As <see cref="IngestAsync(Stream, string, Func{FeedLineResult, CancellationToken, ValueTask}, CancellationToken)"/>, for
    /// a part of a file whose first line is line <paramref name="firstLine"/> of the file (POST /api/v1/feeds/122?firstLine=N,
    /// sent by <c>FeedClient</c> for each part): answers and stored rows carry the line's number in the file.
    /// </summary>
    /// <param name="input">The feed, one JSON record per line, in UTF-8.</param>
    /// <param name="firstLine">The number (1-based) in the whole file of the input's first line, at most <see cref="MaxFirstLine"/>.</param>
    /// <param name="onGroupAnswered">
    /// Called after each group's answers have been given to <paramref name="onResult"/> (the endpoint sends them on then); null
    /// when nothing is to be done then.
    /// </param>
    /// <param name="submittedBy">Who sent it, kept with each message.</param>
    /// <param name="onResult">Receives each line's answer once it is committed.</param>
    /// <param name="cancellationToken">Stops between lines; what was committed stays.</param>
    /// <returns>The counts per status.</returns>
    public async Task<FeedSummary> IngestAsync(
        Stream input,
        long firstLine,
        string submittedBy,
        Func<FeedLineResult, CancellationToken, ValueTask> onResult,
        Func<CancellationToken, ValueTask>? onGroupAnswered,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfLessThan(firstLine, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstLine, MaxFirstLine);
        ArgumentException.ThrowIfNullOrWhiteSpace(submittedBy);
        ArgumentNullException.ThrowIfNull(onResult);
        var counts = new Counts();
        var started = clock.GetTimestamp();
        // A line longer than the limit is cut as it is read: it is refused whatever follows its first bytes.
        using var lines = new FeedLineReader(input, FileBufferBytes, options.MaxLineBytes);

        // Two stages (ADR 0008, "A group read while the one before is committed"): a task reads the next group and does each of its
        // lines' own work (ReadGroupsAsync, on both cores) while the group before it is decided in line order and committed here, and no
        // further ahead. A line is still answered only after the commit that holds it, in the order read.
        var groups = System.Threading.Channels.Channel.CreateBounded<Group>(new System.Threading.Channels.BoundedChannelOptions(1)
        {
            SingleReader = true,
            SingleWriter = true,
        });
        using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = Task.Run(() => ReadGroupsAsync(lines, firstLine, groups.Writer, counts, stopReading.Token), CancellationToken.None);
        try
        {
            // Every group read whole before the input failed (a body cut off, over the feed's limit) is committed and answered first,
            // as when the groups were read one after the other; then the input's failure is this method's.
            await foreach (var group in groups.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                await RunAsync(group.Lines, group.Items, submittedBy, null, counts, onResult, cancellationToken).ConfigureAwait(false);
                if (onGroupAnswered is not null)
                {
                    await onGroupAnswered(cancellationToken).ConfigureAwait(false);
                }
            }

            await reading.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The reading stops before the reader is disposed and this method returns: nothing reads the caller's stream after it.
            await stopReading.CancelAsync().ConfigureAwait(false);
            try
            {
                await reading.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Its own end (cancelled above, or the failure being thrown here): the submission's failure is e.
            }

            // The submission did not end (the host's shutdown cut it after HostOptions:ShutdownTimeout, the sender went away, the store
            // failed): event 8101 is logged only for one that ends, and a cut one left no trace in the log (session 47, O5).
            Log.Interrupted(logger ?? NullLogger<FeedIngestor>.Instance, submittedBy, InterruptionOf(e), firstLine, counts.Answered,
                counts.Answered > 0 ? counts.LastAnswered : null, counts.Committed, counts.Committed > 0 ? counts.LastCommitted : null,
                counts.Answered > 0 ? counts.LastAnswered + 1 : firstLine);
            throw;
        }

        var summary = counts.Summary();
        var took = clock.GetElapsedTime(started);
        metrics?.FeedSubmission(took);
        Log.Submission(logger ?? NullLogger<FeedIngestor>.Instance, summary.Rejected + summary.Conflict > 0 ? LogLevel.Warning : LogLevel.Information,
            submittedBy, summary.Lines, summary.Accepted, summary.Opened, summary.Updated, summary.Duplicate, summary.Stale, summary.Conflict,
            summary.Rejected, summary.Commits, (long)took.TotalMilliseconds);
        return summary;
    }

    /// <summary>The lines of a group as read, and the work on each of them that needs no other line (<see cref="Prepare"/>).</summary>
    private sealed record Group(List<SubmittedLine> Lines, Item[] Items);

    /// <summary>
    /// The reading stage of <see cref="IngestAsync(Stream, long, string, Func{FeedLineResult, CancellationToken, ValueTask}, Func{CancellationToken, ValueTask}?, CancellationToken)"/>:
    /// reads the input into groups of <see cref="FeedOptions.BatchSize"/> lines (fewer when the sender pauses, <see cref="InputPause"/>),
    /// prepares each and hands it on. Blank lines are counted, not kept.
    /// </summary>
    private async Task ReadGroupsAsync(FeedLineReader lines, long firstLine, System.Threading.Channels.ChannelWriter<Group> groups, Counts counts,
        CancellationToken cancellationToken)
    {
        // The validators' messages are the API's English in every channel (see RunAsync).
        System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.InvariantCulture;
        var batch = new List<SubmittedLine>(Math.Max(1, options.BatchSize));
        var lineNumber = firstLine - 1;
        try
        {
            while (true)
            {
                // Lines taken and the sender pausing: they are decided, committed and answered now, not when their group fills.
                var (line, paused) = await lines.NextOrPauseAsync(batch.Count > 0 ? InputPause : null, clock, cancellationToken).ConfigureAwait(false);
                if (paused)
                {
                    await HandOnAsync().ConfigureAwait(false);
                    continue;
                }

                if (line is null)
                {
                    break;
                }

                // Cannot wrap: firstLine is at most 2^53-1, and passing long.MaxValue would take a body of 2^63-2^53 lines (as many bytes at
                // least, far beyond any MaxRequestBytes). Checked all the same: a wrapped number would be answered and stored as a negative line.
                lineNumber = checked(lineNumber + 1);
                if (FeedLineReader.IsBlank(line))
                {
                    // The summary's blankLines (only this stage writes it; the summary is read once it has ended).
                    counts.BlankLines++;
                    continue;
                }

                batch.Add(new SubmittedLine(lineNumber, line, lines.InvalidUtf8At, lines.InvalidUtf8Bytes, lines.CutFrom));
                if (batch.Count >= options.BatchSize)
                {
                    await HandOnAsync().ConfigureAwait(false);
                }
            }

            if (batch.Count > 0)
            {
                await HandOnAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            groups.TryComplete();
        }

        async ValueTask HandOnAsync()
        {
            var group = new Group(batch, Prepare(batch, _readAhead));
            batch = new List<SubmittedLine>(Math.Max(1, options.BatchSize));
            await groups.WriteAsync(group, cancellationToken).ConfigureAwait(false);

            // The next group is read once this one is taken, so that one group is prepared while another is decided and no more: each
            // prepared group held longer outlives more of the collector's youngest generations.
            _ = await groups.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Why a submission stopped, for event 8103.</summary>
    private string InterruptionOf(Exception exception) =>
        lifetime is { ApplicationStopping.IsCancellationRequested: true }
            ? "the service is stopping: the host's shutdown ends every request still running after HostOptions:ShutdownTimeout" + (shutdown is null ? ""
                : $", {shutdown.ShutdownTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s here ({shutdown.ShutdownTimeout.ToString("c", CultureInfo.InvariantCulture)})")
            : exception is OperationCanceledException
                ? "cancelled: the sender closed the connection, or the command was interrupted"
                : $"{exception.GetType().Name}: {exception.Message}";

    private static partial class Log
    {
        /// <summary>
        /// One line per submission for whoever runs the feed: what came in and what it came to. A warning when lines went to
        /// the quarantine (rejected or conflicting), which someone must look at (GET /api/v1/feeds/122/quarantine).
        /// </summary>
        [LoggerMessage(EventId = 8101, Message = "feed submission by {SubmittedBy}: {Lines} lines, {Accepted} accepted ({Opened} opened, {Updated} updated), "
            + "{Duplicate} duplicate, {Stale} stale, {Conflict} conflict, {Rejected} rejected (quarantined); {Commits} commits in {ElapsedMs} ms")]
        public static partial void Submission(ILogger logger, LogLevel level, string submittedBy, long lines, long accepted, long opened, long updated,
            long duplicate, long stale, long conflict, long rejected, long commits, long elapsedMs);

        /// <summary>
        /// A submission that did not end: every line answered is stored; lines committed past the last answered (a group committed,
        /// its answers not yet sent) are stored too and answered <c>duplicate</c> when sent again. A warning: the sender must send the
        /// rest again from <c>nextLine</c>.
        /// </summary>
        [LoggerMessage(EventId = 8103, Level = LogLevel.Warning, Message = "feed submission by {SubmittedBy} interrupted ({Reason}): from line {FirstLine}, "
            + "{Answered} lines answered (the last: line {LastAnswered}), {Committed} lines committed (the last: line {LastCommitted}); "
            + "the lines answered are stored, the sender must send the rest again from line {NextLine} (a line stored before is answered duplicate)")]
        public static partial void Interrupted(ILogger logger, string submittedBy, string reason, long firstLine, long answered, long? lastAnswered,
            long committed, long? lastCommitted, long nextLine);

        /// <summary>The service failed on one line (a defect): the line is quarantined, the batch goes on. An error: someone must fix the fault.</summary>
        [LoggerMessage(EventId = 8102, Level = LogLevel.Error, Message = "feed line {Line} (eventId {EventId}, dispatch {DispatchId}) failed and was quarantined")]
        public static partial void LineFailed(ILogger logger, Exception exception, long line, string eventId, string dispatchId);
    }

    /// <summary>
    /// Processes a corrected line for quarantine entry <paramref name="quarantineId"/> like any other line.
    /// When it is taken (accepted, or a duplicate or stale message: its content is in) the entry is marked
    /// resolved in the same commit; when it is refused again the entry stays open and no new one is added. A <c>conflict</c> entry
    /// stays open either way: the stored record sent to it is a duplicate that says nothing of the other content it holds.
    /// </summary>
    /// <exception cref="NotFoundException">No quarantine entry has this id.</exception>
    /// <exception cref="QuarantineEntryResolvedException">The entry was resolved by another line.</exception>
    /// <exception cref="QuarantineEventIdMismatchException">The entry has a valid eventId and the line carries another; nothing was stored.</exception>
    public async Task<FeedLineResult> ResubmitAsync(long quarantineId, string correctedLine, string submittedBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(correctedLine);
        var entry = await store.GetQuarantineAsync(quarantineId, cancellationToken).ConfigureAwait(false)
                    ?? throw new NotFoundException("quarantine entry", quarantineId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var bytes = Encoding.UTF8.GetBytes(correctedLine.Trim());

        // Refused here without waiting behind the batch being decided; checked again inside the batch, where it is decisive.
        await EnsureTakesLineAsync(entry, bytes, cancellationToken).ConfigureAwait(false);

        // An entry whose line named a valid eventId is corrected by a line with that eventId, and by no other: another record
        // taken here would be applied and mark the entry resolved, hiding the bad line's real correction. An entry with no
        // eventId that could be read (a garbage line), or whose eventId is itself what is wrong, takes any valid line.
        var expected = entry.EventId is { } id && FeedRecordValidator.IsEventId(id) ? id : null;
        FeedLineResult? answer = null;
        List<SubmittedLine> lines = [new SubmittedLine(entry.LineNumber, bytes)];
        await RunAsync(lines, Prepare(lines, read: true), submittedBy, new Resubmission(quarantineId, expected, entry.Reason == FeedStatus.Conflict),
            new Counts(), (r, _) =>
        {
            answer = r;
            return ValueTask.CompletedTask;
        }, cancellationToken).ConfigureAwait(false);
        return answer!;
    }

    /// <summary>
    /// Refuses <paramref name="bytes"/> for <paramref name="entry"/> once the entry is resolved, unless it is the line that resolved
    /// it: a retry of that line is answered as before (a duplicate); any other line, one with the same eventId and other content
    /// included, is not a correction of this entry any more, and taking it here would hide from its sender that the entry was done.
    /// A dismissed entry takes no line at all.
    /// </summary>
    private async Task EnsureTakesLineAsync(FeedQuarantineEntry entry, byte[] bytes, CancellationToken cancellationToken)
    {
        if (entry is { ResolvedAt: { } resolvedAt, ResolvedByEventId: var resolvedBy }
            && !await IsResolvingLineAsync(bytes, resolvedBy, cancellationToken).ConfigureAwait(false))
        {
            throw new QuarantineEntryResolvedException(entry.Id, resolvedAt, resolvedBy, entry.DismissedBy, entry.DismissalReason);
        }
    }

    /// <summary>
    /// A line re-submitted for quarantine entry <paramref name="QuarantineId"/>; <paramref name="EventId"/> is the eventId a
    /// correction must carry (null when any line may correct the entry); <paramref name="Conflict"/> when the entry is a <c>conflict</c>,
    /// which no line resolves (its content was never taken; see where a taken line resolves its entry).
    /// </summary>
    private sealed record Resubmission(long QuarantineId, string? EventId, bool Conflict);

    /// <summary>
    /// Whether <paramref name="bytes"/> is the line that resolved a quarantine entry: the message stored under
    /// <paramref name="resolvedBy"/>, byte for byte or as the same record written differently.
    /// </summary>
    private async Task<bool> IsResolvingLineAsync(byte[] bytes, string? resolvedBy, CancellationToken cancellationToken)
    {
        if (resolvedBy is null || FeedJson.PeekEventId(bytes) != resolvedBy)
        {
            return false;
        }

        var known = await store.FindMessagesAsync([resolvedBy], cancellationToken).ConfigureAwait(false);
        if (!known.TryGetValue(resolvedBy, out var stored))
        {
            return false;
        }

        if (stored.LineHash.AsSpan().SequenceEqual(SHA256.HashData(bytes)))
        {
            return true;
        }

        if (FeedJson.Parse(bytes, out _, out _) is not { } record || !validator.Validate(record).IsValid)
        {
            return false;
        }

        return (await StoredRecordsAsync([record.EventId!], cancellationToken).ConfigureAwait(false)).GetValueOrDefault(record.EventId!) is { } earlier
               && FeedJson.SameRecord(record, earlier);
    }

    private async Task RunAsync(
        List<SubmittedLine> lines,
        Item[] items,
        string submittedBy,
        Resubmission? resolves,
        Counts counts,
        Func<FeedLineResult, CancellationToken, ValueTask> onResult,
        CancellationToken cancellationToken)
    {
        // The answers are the feed's interface (docs/feed-122.md): the same words whichever channel carries them, so
        // the validators' messages are the API's English here even inside the command line, which runs in Chinese
        // (Localized). Set inside this asynchronous method, the culture goes back to the caller's when it returns.
        System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.InvariantCulture;
        FeedLineResult[] results;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    results = await DecideAndCommitAsync(lines, items, submittedBy, resolves, counts, cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (FeedWriteConflictException) when (attempt < MaxAttempts)
                {
                    _versions.Clear(); // the batch's incident writes were rolled back
                    // Another instance stored some of these messages first: decide the batch again on what it wrote.
                }
                catch (Exception e) when (e is QuarantineEventIdMismatchException or QuarantineEntryResolvedException)
                {
                    // Refused before any line was applied: nothing was written, the versions still hold.
                    throw;
                }
                catch
                {
                    _versions.Clear();
                    throw;
                }
            }
        }
        finally
        {
            _gate.Release();
        }

        foreach (var result in results)
        {
            counts.Add(result);
            metrics?.FeedLine(result);
            await onResult(result, cancellationToken).ConfigureAwait(false);
            counts.Answered++;
            counts.LastAnswered = result.Line;
        }
    }

    /// <summary>
    /// A line as read, with its number in the submission and, for a line that was not UTF-8, where it stopped being UTF-8 and its
    /// bytes as received (<see cref="FeedLineReader.InvalidUtf8At"/>, <see cref="FeedLineReader.InvalidUtf8Bytes"/>), and for a line
    /// longer than <see cref="FeedOptions.MaxLineBytes"/>, cut as it was read, its whole length in bytes (<see cref="FeedLineReader.CutFrom"/>).
    /// </summary>
    private readonly record struct SubmittedLine(long Line, byte[] Bytes, int? InvalidUtf8At = null, byte[]? Received = null, long? CutFrom = null);

    private sealed class Item
    {
        private string? _text;

        public long Line;
        public byte[] Bytes = [];
        public int? InvalidUtf8At;
        public byte[]? Received;
        public long? CutFrom;

        /// <summary>The line as text, made from its bytes only when asked (a quarantined line; a stored one goes to the store as its bytes).</summary>
        public string Text
        {
            get => _text ??= Encoding.UTF8.GetString(Bytes);
            set => _text = value;
        }

        public byte[] LineHash = [];

        // What the line's own work found (Prepare): a refusal before it is read, the eventId its start names, and, once read, its
        // record when valid or what is wrong with it. Kept apart from the decision below, which starts from them each time.
        public string? UnreadField;
        public string? UnreadError;
        public string? PeekedEventId;
        public bool IsRead;
        public FeedRecord? Valid;
        public string? ReadField;
        public string? ReadError;

        public string? EventId;
        public FeedRecord? Record;
        public string? Field;
        public string? Error;
        public bool FastDuplicate;
        public DateTimeOffset UpdatedAt;
    }

    private async Task<FeedLineResult[]> DecideAndCommitAsync(List<SubmittedLine> lines, Item[] items, string submittedBy, Resubmission? resolves,
        Counts counts, CancellationToken cancellationToken)
    {
        // The batch's unit of work: on SQLite its incident writes and its feed rows are one fsynced commit.
        await using var batch = await store.BeginBatchAsync(cancellationToken).ConfigureAwait(false);
        if (resolves is not null && await store.GetQuarantineAsync(resolves.QuarantineId, cancellationToken).ConfigureAwait(false) is { } entry)
        {
            // Checked again now that no other batch or dismissal can change the entry: between the first check and the batch, a
            // dismissal on another instance (or a correction sent twice) resolved it, and both the dismissal and this line were
            // answered as done, the entry saying "dismissed, nothing applied" of a line that had opened an incident.
            await EnsureTakesLineAsync(entry, lines[0].Bytes, cancellationToken).ConfigureAwait(false);
        }

        var written = new List<Guid>();
        try
        {
            return await DecideAndCommitAsync(items, submittedBy, resolves, written, counts, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // The batch rolls back as it is disposed: the incident writes it held never became durable, so the writer
            // must not keep them as the versions they would have been (ADR 0006, kept incidents). Forgotten before the
            // rollback, so no command can take one in between.
            foreach (var id in written)
            {
                writer.Forget(id);
            }

            throw;
        }
    }

    /// <summary>
    /// Each line's own work, which depends on no other line and on nothing stored: its bytes' checks, hash and eventId, and, when
    /// <paramref name="read"/>, its parse and validation (<see cref="Read"/>). It runs on every core, for a group read from an input while
    /// the group before it is decided and committed; everything decided across lines stays in line order in
    /// <see cref="DecideAndCommitAsync(Item[], string, Resubmission?, List{Guid}, Counts, CancellationToken)"/>.
    /// </summary>
    private Item[] Prepare(List<SubmittedLine> lines, bool read)
    {
        var items = new Item[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            items[i] = new Item { Line = lines[i].Line, Bytes = lines[i].Bytes, InvalidUtf8At = lines[i].InvalidUtf8At, Received = lines[i].Received, CutFrom = lines[i].CutFrom };
        }

        ForEachLine(items, item =>
        {
            if (item.CutFrom is not null || item.Bytes.Length > options.MaxLineBytes)
            {
                // Cut in bytes, where a character ends: the kept line is at most MaxLineBytes bytes of UTF-8 (a line the reader
                // cut is within it already, unless its invalid sequences grew as U+FFFD).
                var length = item.CutFrom ?? item.Received?.Length ?? item.Bytes.Length;
                if (item.Bytes.Length > options.MaxLineBytes)
                {
                    item.Bytes = item.Bytes[..FeedLineReader.Utf8Prefix(item.Bytes.AsSpan(0, options.MaxLineBytes))];
                }

                item.Received = item.Received?[..Math.Min(item.Received.Length, options.MaxLineBytes)];
                (item.UnreadField, item.UnreadError) = ("$", $"line longer than {options.MaxLineBytes} bytes (kept cut to that length; the line had {length} bytes)");
            }

            item.LineHash = SHA256.HashData(item.Bytes);
            var byteOrderMark = false;
            if (item.UnreadError is null && FeedLineReader.Utf16Sign(item.Received ?? item.Bytes) is { } utf16)
            {
                // A UTF-16 file (Windows' "Unicode"): its lines were asked whether they were GBK, or, ASCII with a NUL after each
                // character (valid UTF-8), told "'0x00' is an invalid start of a value". Said before either.
                (item.UnreadField, item.UnreadError) = ("$", $"not UTF-8 but UTF-16, by {utf16}: the feed is UTF-8 (docs/feed-122.md); was the file saved as UTF-16 (Unicode)? "
                                                 + "Send it as UTF-8");
            }
            else if (item.UnreadError is null && item.InvalidUtf8At is { } invalid)
            {
                // Read on, a GBK line's Chinese would be U+FFFD or other characters: an unknown county at best, a garbled 122 text
                // in an incident at worst.
                (item.UnreadField, item.UnreadError) = ("$", $"not UTF-8 from byte {invalid + 1}: the feed is UTF-8 (docs/feed-122.md); was the line written in GBK?");
            }
            else if (item.UnreadError is null && FeedLineReader.StartsWithByteOrderMark(item.Bytes))
            {
                // Two UTF-8 files with byte order marks joined into one: the second's mark starts a line in the middle of the input,
                // which only skips a leading one. It was answered "'0xEF' is an invalid start of a value", which said nothing of it.
                byteOrderMark = true;
                (item.UnreadField, item.UnreadError) = ("$", "a byte order mark (EF BB BF) in the middle of the input, at the start of this line: only one at the start of the "
                                                 + "input is skipped (were two files joined?); send the line again without it");
            }

            // A line refused before it is read (cut for its length, not UTF-8, a byte order mark) still names its record when its start
            // can be read: its quarantine entry then expects that eventId from a correction, as one of a line that breaks off does, and a
            // line of another record cannot close it. An id with a replaced byte in it (U+FFFD, from GBK) is not the sender's id.
            item.PeekedEventId = FeedJson.PeekEventId(byteOrderMark ? item.Bytes.AsSpan(3) : item.Bytes) is { } peeked
                                 && (item.UnreadError is null || !peeked.Contains('\uFFFD', StringComparison.Ordinal))
                ? peeked
                : null;
            if (read && item.UnreadError is null)
            {
                Read(item);
            }
        });

        return items;
    }

    /// <summary>Parses and validates the line (<see cref="Item.IsRead"/>): its record when valid, else the field and what is wrong with it.</summary>
    private void Read(Item item)
    {
        if (FeedJson.Parse(item.Bytes, out item.ReadField, out item.ReadError) is { } record)
        {
            var validation = validator.Validate(record);
            if (validation.IsValid)
            {
                item.Valid = record;
            }
            else
            {
                item.ReadField = validation.Errors[0].PropertyName;
                item.ReadError = string.Join("; ", validation.Errors.Select(e => e.ErrorMessage));
            }
        }

        item.IsRead = true;
    }

    private async Task<FeedLineResult[]> DecideAndCommitAsync(Item[] items, string submittedBy, Resubmission? resolves, List<Guid> written,
        Counts counts, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();

        // Decided from the lines as prepared, each time: a batch decided again (another instance stored some of its messages first)
        // starts from them, not from its first decision.
        foreach (var item in items)
        {
            (item.Field, item.Error, item.EventId, item.FastDuplicate, item.Record) = (item.UnreadField, item.UnreadError, item.PeekedEventId, false, null);
        }

        // The batch's sets and maps hold up to a line each: made at that size, rather than grown (rehashed) several times a batch.
        var eventIds = new HashSet<string>(items.Length, StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (item.EventId is { } id)
            {
                eventIds.Add(id);
            }
        }

        var known = await store.FindMessagesAsync(eventIds, cancellationToken).ConfigureAwait(false);

        // The open quarantine entries waiting for one of these eventIds, read once for the batch: a line taken below resolves them.
        var waiting = await WaitingEntriesAsync(eventIds, cancellationToken).ConfigureAwait(false);

        // Pass 1: a byte-identical replay of a stored line is a duplicate whether it was read or not; the rest is read (most lines were,
        // as they were prepared) and checked.
        ForEachLine(items, item =>
        {
            if (item.Error is not null)
            {
                return;
            }

            if (item.EventId is { } id && known.TryGetValue(id, out var stored) && stored.LineHash.AsSpan().SequenceEqual(item.LineHash))
            {
                item.FastDuplicate = true;
                return;
            }

            if (!item.IsRead)
            {
                Read(item);
            }

            if (item.Valid is not { } record)
            {
                (item.Field, item.Error) = (item.ReadField, item.ReadError);
                return;
            }

            item.Record = record;
            item.EventId = record.EventId;
            item.UpdatedAt = record.UpdatedAtInstant!.Value;
        });

        // A replay's lines are duplicates, read for nothing: the next groups are prepared without reading them while this one's are.
        var duplicates = 0;
        foreach (var item in items)
        {
            duplicates += item.FastDuplicate ? 1 : 0;
        }

        _readAhead = duplicates * 2 < items.Length;

        // A correction for an entry that expects an eventId carries it: read from the record once parsed (the record is what would be
        // applied), else as far as the line could be read. A line whose eventId cannot be read at all is refused below with its own reason.
        if (resolves is { EventId: { } expected } && items is [{ EventId: { } received }] && !string.Equals(received, expected, StringComparison.Ordinal))
        {
            throw new QuarantineEventIdMismatchException(resolves.QuarantineId, expected, received);
        }

        var dispatchIds = new HashSet<string>(items.Length, StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (item.Record is { } record)
            {
                dispatchIds.Add(record.DispatchId!);
            }
        }

        var dispatches = new Dictionary<string, FeedDispatch>(items.Length, StringComparer.Ordinal);
        foreach (var (id, stored) in await store.FindDispatchesAsync(dispatchIds, cancellationToken).ConfigureAwait(false))
        {
            dispatches.Add(id, stored);
        }

        // A line whose bytes differ from its stored message's is a conflict, or the same record written differently: the stored
        // records are read for the whole batch at once (one look-up each made a replay of the bench's conflicts 13% slower).
        var differing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (item.Record is { EventId: { } id } && known.ContainsKey(id))
            {
                differing.Add(id);
            }
        }

        var storedRecords = await StoredRecordsAsync(differing, cancellationToken).ConfigureAwait(false);

        // Pass 2: in line order, against what is stored and what this batch has already taken.
        // Sized for the batch up front: grown by doubling, its last table would be a large object (a gen-2 collection's
        // business) for every batch of 2,000 lines.
        // Each message this batch stored, with the incident it was stored with: a later line repeating it is answered as its duplicate,
        // naming that incident as one of a message stored before would.
        var seen = new Dictionary<string, (byte[] Line, FeedRecord? Record, Guid? IncidentId)>(items.Length, StringComparer.Ordinal);
        var changed = new Dictionary<string, FeedDispatch>(items.Length, StringComparer.Ordinal);
        var messages = new List<FeedMessage>(items.Length);
        var quarantine = new List<FeedQuarantineItem>();
        var quarantineSlot = new Dictionary<int, int>();
        List<FeedResolution>? resolutions = null;
        List<FeedMessageForAlert>? forAlerts = null;
        Dictionary<string, List<int>>? rejectedHere = null; // this batch's rejected lines by the eventId their entry waits for: their slots
        var results = new FeedLineResult[items.Length];
        // One for the batch, each line's writes begun, kept or undone in turn.
        var writes = new LineWrites(store);
        for (var i = 0; i < items.Length; i++)
        {
            var item = items[i];
            if (item.FastDuplicate)
            {
                // Answered from the stored message's row, the line unread: a sender retrying after a lost answer learns the record and
                // incident its line went to.
                var stored = known[item.EventId!];
                results[i] = Duplicate(item, stored.DispatchId, stored.Sequence, stored.IncidentId);
                Taken(item.EventId!);
                continue;
            }

            if (item.Record is not { } record)
            {
                Quarantine(i, FeedStatus.Rejected, QuarantineKinds.Invalid, item.Field, item.Error!);
                results[i] = Result(item, FeedStatus.Rejected, field: item.Field, reason: item.Error);
                continue;
            }

            var eventId = record.EventId!;
            (byte[] Line, FeedRecord? Record, Guid? IncidentId)? prior = seen.TryGetValue(eventId, out var s) ? s
                : known.TryGetValue(eventId, out var k) ? (k.LineHash, null, k.IncidentId) : null;
            if (prior is { } p)
            {
                // The same bytes, or the same record written differently (other spacing or member order, 912.0 and 912, another offset
                // of the same instant, an empty object for an absent one): the two records themselves are compared (ADR 0008).
                if (p.Line.AsSpan().SequenceEqual(item.LineHash)
                    || (p.Record ?? storedRecords.GetValueOrDefault(eventId)) is { } earlier && FeedJson.SameRecord(record, earlier))
                {
                    // The same record: its dispatchId and sequence are the stored message's.
                    results[i] = Duplicate(item, record.DispatchId!, record.Sequence!.Value, p.IncidentId);
                    Taken(eventId);
                }
                else
                {
                    var why = Conflicting(eventId, "received");
                    Quarantine(i, FeedStatus.Conflict, QuarantineKinds.Conflict, "eventId", why);
                    results[i] = Result(item, FeedStatus.Conflict, field: "eventId", reason: why);
                }

                continue;
            }

            var dispatchId = record.DispatchId!;
            var sequence = record.Sequence!.Value;
            dispatches.TryGetValue(dispatchId, out var dispatch);
            if (dispatch is not null && sequence <= dispatch.Sequence)
            {
                seen[eventId] = (item.LineHash, record, dispatch.IncidentId);
                messages.Add(Message(item, record, FeedOutcomes.Stale, dispatch.IncidentId));
                results[i] = Result(item, FeedStatus.Stale, FeedOutcomes.Stale, dispatch.IncidentId,
                    reason: $"sequence {sequence} is not newer than {dispatch.Sequence}, already applied for {dispatchId}: kept in the history, nothing changed");
                Taken(eventId);
                continue;
            }

            Applied applied;
            try
            {
                try
                {
                    applied = await ApplyAsync(record, dispatch, writes, cancellationToken).ConfigureAwait(false);
                    await writes.KeepAsync(cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    // Not kept: the line failed (or its batch does) after one of its writes, which is undone before the line is answered.
                    if (await writes.UndoAsync().ConfigureAwait(false) is { } undone)
                    {
                        writer.Forget(undone);
                        _versions.Remove(undone);
                    }
                }
            }
            catch (ValidationException e)
            {
                var failure = e.Errors.FirstOrDefault();
                var why = string.Join("; ", e.Errors.Select(x => x.ErrorMessage));
                Quarantine(i, FeedStatus.Rejected, QuarantineKinds.Invalid, failure?.PropertyName, why);
                results[i] = Result(item, FeedStatus.Rejected, field: failure?.PropertyName, reason: why);
                continue;
            }
            catch (Exception e) when (e is not (OperationCanceledException or StaleVersionException or FeedWriteConflictException) && !store.IsStoreFailure(e))
            {
                // The service failed on this record (a defect: an occurrence correction once stopped on an incident loaded from the
                // store). A dead letter, not a stop: the record waits in the quarantine and the rest of the batch goes on, where a
                // failed batch would have been sent again, and failed again, by a sender whose later records then never arrive.
                // Logged as an error for the operator; re-submitted from the quarantine once fixed. What it wrote before it failed was
                // undone with it (LineWrites), so it is applied once.
                Log.LineFailed(logger ?? NullLogger<FeedIngestor>.Instance, e, item.Line, eventId, dispatchId);
                var why = $"{QuarantineKinds.ServiceFailed} ({e.GetType().Name}: {e.Message}); it waits in the quarantine, the rest of the batch was taken: "
                    + "re-submit it once the fault (logged) is fixed";
                Quarantine(i, FeedStatus.Rejected, QuarantineKinds.Failed, null, why);
                results[i] = Result(item, FeedStatus.Rejected, reason: why);
                continue;
            }

            if (applied.Outcome is FeedOutcomes.Opened or FeedOutcomes.Updated && applied.IncidentId is { } writtenId)
            {
                written.Add(writtenId);
            }

            var incidentId = applied.IncidentId ?? dispatch?.IncidentId;
            var reason = applied.Reason;
            // A record that opens no incident but observes what a road warning is issued for (fog of 8 米, nobody hurt) reaches the duty
            // office as an alert of its own (R 4.2: such hazards are reported to the 市指挥部办公室, which decides the warning); before, it was
            // kept as routine and reached no one (a 122 integrator's review, session 52). Only a record with observations is looked at.
            if (applied.Outcome == FeedOutcomes.Routine && record.Conditions is not null
                && IntakePlan(engine.Catalog, (record.OccurredAtInstant ?? record.CallAtInstant)!.Value) is { } warningPlan
                && RoadWarningOf(record, warningPlan) is { } warning)
            {
                var key = Alerts.AlertRules.FeedRoadWarningKey(dispatchId, warning.Colour.Colour);
                (forAlerts ??= []).Add(new FeedMessageForAlert(eventId, dispatchId, warningPlan.Id, key));
                reason += $"; its conditions meet the {Names.Of(warning.Colour.Colour)} road warning ({(warning.Because.Count > 0 ? warning.Because[0].Clause : warning.Colour.Clause)}): kept for the duty office's alert "
                          + $"({Alerts.AlertKinds.FeedRoadWarning} {key}, raised by the service's alert scan)";
            }
            else if (applied.Outcome == FeedOutcomes.Routine && record.Status == FeedStatuses.Cancelled && dispatch is { IncidentId: null }
                     && IntakePlan(engine.Catalog, (record.OccurredAtInstant ?? record.CallAtInstant)!.Value) is { } withdrawnPlan)
            {
                // 122 withdrew a record that opened no incident: if its fog or wind had reached the office as a feed-road-warning, the office is
                // told the report it may have issued a warning on is withdrawn (R 4.6: the issuer lifts it). Whether one was raised is the
                // alert store's to say, so the scan decides; before, the withdrawal told no one (session 53's note). Rare: a record 122 withdraws
                // after sending it once.
                (forAlerts ??= []).Add(new FeedMessageForAlert(eventId, dispatchId, withdrawnPlan.Id, Alerts.AlertRules.FeedWithdrawnKey(dispatchId, eventId)));
            }

            seen[eventId] = (item.LineHash, record, incidentId);
            dispatches[dispatchId] = changed[dispatchId] = new FeedDispatch(dispatchId, sequence, eventId, incidentId)
            {
                MovedCounty = applied.MovedTo?.County, MovedPlace = applied.MovedTo?.Place,
            };
            messages.Add(Message(item, record, applied.Outcome, incidentId));
            results[i] = Result(item, FeedStatus.Accepted, applied.Outcome, incidentId, reason: reason);
            Taken(eventId);
        }

        // A conflict entry is not resolved by a line: the line it must carry has its eventId, already stored, so it is the stored record
        // again (a duplicate) or other content again (a conflict). The stored record says nothing of the content the entry holds, which
        // was never taken, as on the feed's own path (WaitingEntriesAsync); it was marked resolved, and the conflict looked corrected
        // (exploratory review, session 46). It is closed by a dismissal.
        if (resolves is { QuarantineId: var qid, Conflict: false } && results.Length == 1
            && results[0].Status is FeedStatus.Accepted or FeedStatus.Duplicate or FeedStatus.Stale
            && resolutions?.Exists(r => r.QuarantineId == qid) != true)
        {
            (resolutions ??= []).Insert(0, new FeedResolution(qid, results[0].EventId!, now));
        }

        // A re-submitted line that is refused again leaves its entry open; it adds none. Nothing to resolve writes nothing: a replay
        // still commits no change (ADR 0008).
        var toQuarantine = resolves is null ? quarantine : [];
        var ids = await store.CommitAsync(new FeedBatch(messages, [.. changed.Values], toQuarantine, resolutions, forAlerts), cancellationToken).ConfigureAwait(false);

        // Counted committed as soon as the commit returns, before anything more is awaited: a cut (the host's shutdown, the sender gone)
        // that cancels the look-up of closed entries below left a committed group uncounted, and event 8103 said "34000 lines committed"
        // of a store holding 35000 (a 122 integrator's review, s62 F62-11).
        counts.Commits++;
        counts.Committed += items.Length;
        if (items.Length > 0)
        {
            counts.LastCommitted = items[^1].Line;
        }
        if (resolves is { QuarantineId: var open })
        {
            if (results[0].Status is FeedStatus.Rejected or FeedStatus.Conflict)
            {
                results[0] = results[0] with { QuarantineId = open };
            }
        }
        else
        {
            foreach (var (index, slot) in quarantineSlot)
            {
                results[index] = results[index] with { QuarantineId = ids[slot] };
            }

            // The same bad line sent again after its entry was corrected or dismissed gets that entry's id: said closed, not as waiting
            // for a correction (a replayed file was told its 21 lines wait, 3 of them long corrected: a feed integrator's review, session 52).
            // Asked only of the entries the commit found there before: a group whose bad lines are new (nearly every one) asks nothing.
            if (ids.Existing.Count > 0
                && await store.FindClosedQuarantineAsync(ids.Existing, cancellationToken).ConfigureAwait(false) is { Count: > 0 } closed)
            {
                var byId = closed.ToDictionary(e => e.Id);
                foreach (var (index, _) in quarantineSlot)
                {
                    if (results[index].QuarantineId is { } entryId && byId.TryGetValue(entryId, out var entry))
                    {
                        var how = entry.ResolvedByEventId is { } by ? $"corrected by message {by}" : $"dismissed by {entry.DismissedBy}";
                        // In the city's offset, as the entry's resolvedAt and the feed's other times are written: the store gives UTC, and
                        // a 122 engineer at 05:55 read "21:54+00:00" as last night (a 122 integrator's review, s62 F62-14).
                        var closedAt = entry.ResolvedAt?.ToOffset(CityTime.Offset);
                        results[index] = results[index] with
                        {
                            Reason = $"{results[index].Reason} (this line was quarantined before as entry {entryId}, {how} at {closedAt:O}: nothing waits for a correction)",
                            QuarantineClosedAt = closedAt,
                        };
                    }
                }
            }
        }

        return results;

        void Quarantine(int index, string reason, string kind, string? field, string error)
        {
            var item = items[index];
            var (text, received) = (item.Text, item.Received);
            if (text.Contains('\0', StringComparison.Ordinal))
            {
                // A raw NUL byte (valid UTF-8, never valid JSON): no text column can keep it (PostgreSQL refuses it), so the text
                // shows U+FFFD and the bytes keep the line as received.
                (text, received) = (text.Replace('\0', '\uFFFD'), received ?? item.Bytes);
            }

            if (reason == FeedStatus.Rejected && WaitsFor(item.EventId))
            {
                rejectedHere ??= new Dictionary<string, List<int>>(StringComparer.Ordinal);
                if (!rejectedHere.TryGetValue(item.EventId!, out var slots))
                {
                    rejectedHere[item.EventId!] = slots = [];
                }

                slots.Add(quarantine.Count);
            }

            quarantineSlot[index] = quarantine.Count;
            quarantine.Add(new FeedQuarantineItem(item.LineHash, item.Line, text, received, reason, field, error, kind, item.EventId, submittedBy, now));
        }

        // A line of eventId taken (accepted, or a duplicate or stale message: its content is in) resolves, in this batch's commit, the
        // open entries that wait for it: those stored before the batch, and this batch's own rejected lines above it (a correction that
        // follows its bad line in one body resolves it as it would in the next body).
        void Taken(string eventId)
        {
            if (waiting is not null && waiting.Remove(eventId, out var entries))
            {
                resolutions ??= [];
                foreach (var entry in entries)
                {
                    resolutions.Add(new FeedResolution(entry, eventId, now));
                }
            }

            if (rejectedHere is not null && rejectedHere.Remove(eventId, out var slots))
            {
                foreach (var slot in slots)
                {
                    quarantine[slot] = quarantine[slot] with { ResolvedByEventId = eventId };
                }
            }
        }

        FeedMessage Message(Item item, FeedRecord record, string outcome, Guid? incidentId) => new(
            record.EventId!, record.DispatchId!, record.Sequence!.Value, item.UpdatedAt, outcome, incidentId,
            item.LineHash, item.Bytes, item.Line, submittedBy, now);
    }

    /// <summary>
    /// Whether a quarantine entry whose line named <paramref name="eventId"/> waits for a line of that eventId, as
    /// <see cref="ResubmitAsync"/> expects one from its correction: its eventId is valid (an entry with none, a garbage line, or with an
    /// invalid one takes any correction, so no line of the feed says it is done).
    /// </summary>
    /// <summary>A conflict's reason: what happened, and what the sender does instead (a changed record is a new message).</summary>
    private static string Conflicting(string eventId, string how) =>
        $"eventId '{eventId}' was already {how} with other content; the first one stands: a changed record is a new message: send it with a new "
        + "eventId and a sequence higher than the last one sent for its dispatchId";

    private static bool WaitsFor(string? eventId) => eventId is { } id && FeedRecordValidator.IsEventId(id);

    /// <summary>
    /// The open entries a taken line of one of <paramref name="eventIds"/> resolves, by eventId; null when none (a replay, as a rule). Only
    /// <c>rejected</c> entries: a <c>conflict</c> waits for no line of its eventId, whose stored content stands; a duplicate of that
    /// content, which every replay of the body sends again, says nothing of the other content the entry holds.
    /// </summary>
    private async Task<Dictionary<string, List<long>>?> WaitingEntriesAsync(HashSet<string> eventIds, CancellationToken cancellationToken)
    {
        Dictionary<string, List<long>>? waiting = null;
        foreach (var entry in await store.FindOpenQuarantineAsync(eventIds, cancellationToken).ConfigureAwait(false))
        {
            if (entry.Reason != FeedStatus.Rejected || !WaitsFor(entry.EventId))
            {
                continue;
            }

            waiting ??= new Dictionary<string, List<long>>(StringComparer.Ordinal);
            if (!waiting.TryGetValue(entry.EventId, out var ids))
            {
                waiting[entry.EventId] = ids = [];
            }

            ids.Add(entry.Id);
        }

        return waiting;
    }

    /// <summary>
    /// The records stored under <paramref name="eventIds"/>, read back from their lines, to compare a record with by what it says
    /// (<see cref="FeedJson.SameRecord"/>), not by how it is written. Only asked for lines whose bytes differ from the stored
    /// message's, which is rare (a conflict, or the same record written differently).
    /// </summary>
    private async Task<Dictionary<string, FeedRecord>> StoredRecordsAsync(HashSet<string> eventIds, CancellationToken cancellationToken)
    {
        var records = new Dictionary<string, FeedRecord>(StringComparer.Ordinal);
        if (eventIds.Count == 0)
        {
            return records;
        }

        foreach (var (eventId, line) in await store.FindLinesAsync(eventIds, cancellationToken).ConfigureAwait(false))
        {
            if (FeedJson.Parse(Encoding.UTF8.GetBytes(line), out _, out _) is { } record)
            {
                records[eventId] = record;
            }
        }

        return records;
    }

    /// <inheritdoc/>
    public void Dispose() => _gate.Dispose();

    /// <summary>Runs <paramref name="work"/> on each item, in parallel ranges when the batch is large enough to pay for it.</summary>
    private static void ForEachLine(Item[] items, Action<Item> work)
    {
        const int Range = 256;
        if (items.Length <= Range || Environment.ProcessorCount == 1)
        {
            foreach (var item in items)
            {
                work(item);
            }

            return;
        }

        try
        {
            Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, items.Length, Range), range =>
            {
                for (var i = range.Item1; i < range.Item2; i++)
                {
                    work(items[i]);
                }
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // The same exception as the sequential loop would throw.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }

    /// <summary>
    /// The incident writes of the line being applied (<see cref="IFeedStore.BeginLineAsync"/>), begun at its first write, since most lines
    /// write none: kept once the line is applied, undone when the service fails on it after a write, so that nothing of a line answered
    /// <c>rejected</c> stays in the batch's commit (ADR 0008). One serves a batch's lines in turn: keeping or undoing a line's writes ends them.
    /// </summary>
    private sealed class LineWrites(IFeedStore store)
    {
        private IFeedLineWrites? _writes;
        private Guid? _incident;

        /// <summary>Begins the line's writes, unless begun; <paramref name="incident"/> is the incident written, when known before.</summary>
        public async ValueTask BeginAsync(Guid? incident, CancellationToken cancellationToken)
        {
            _incident ??= incident;
            _writes ??= await store.BeginLineAsync(cancellationToken).ConfigureAwait(false);
        }

        /// <summary>The incident the line opened.</summary>
        public void Wrote(Guid incident) => _incident = incident;

        public async ValueTask KeepAsync(CancellationToken cancellationToken)
        {
            _incident = null;
            if (_writes is { } writes)
            {
                _writes = null;
                await writes.KeepAsync(cancellationToken).ConfigureAwait(false);
                await writes.DisposeAsync().ConfigureAwait(false);
            }
        }

        /// <summary>Undoes the writes not kept; the incident they wrote, for the caller to forget the version it was left at.</summary>
        public async ValueTask<Guid?> UndoAsync()
        {
            var incident = _incident;
            _incident = null;
            if (_writes is not { } writes)
            {
                return null;
            }

            _writes = null;
            await writes.DisposeAsync().ConfigureAwait(false);
            return incident;
        }
    }

    private void Remember(IncidentChange view)
    {
        if (_versions.Count >= MaxRememberedVersions)
        {
            _versions.Clear();
        }

        _versions[view.Id] = view.Version;
    }

    private static FeedLineResult Result(Item item, string status, string? outcome = null, Guid? incidentId = null, string? field = null, string? reason = null) =>
        new(item.Line, status, item.Record?.EventId ?? item.EventId, item.Record?.DispatchId, item.Record?.Sequence, outcome, incidentId, field, reason, null);

    /// <summary>
    /// A line whose record is stored already (docs/feed-122.md): answered with the stored message's dispatchId, sequence and own incident,
    /// whether the line was read or, byte-identical, not.
    /// </summary>
    private static FeedLineResult Duplicate(Item item, string dispatchId, long sequence, Guid? incidentId) =>
        new(item.Line, FeedStatus.Duplicate, item.Record?.EventId ?? item.EventId, dispatchId, sequence, null, incidentId, null,
            "already received with the same content", null);

    private sealed record Applied(string Outcome, Guid? IncidentId, string Reason)
    {
        /// <summary>For a message filed on its incident that gives another place than the incident's: that place (the dispatch row keeps it, migration 21).</summary>
        public (string County, string? Place)? MovedTo { get; init; }
    }

    /// <summary>The answer to a routine record under <paramref name="Plan"/>: the same for every such record, so made once.</summary>
    private sealed record RoutineAnswer(Plan Plan, Applied Applied);

    private RoutineAnswer? _routine;

    /// <summary>
    /// Opens the record's incident, files a continuation on it, or counts it as routine. A <see cref="ValueTask{TResult}"/>: most
    /// records are routine and answered without waiting, and each of them made a task.
    /// </summary>
    private async ValueTask<Applied> ApplyAsync(FeedRecord record, FeedDispatch? dispatch, LineWrites writes, CancellationToken cancellationToken)
    {
        string? reinstated = null;
        // For people, on the incident opened again: which incident of the record was closed, and why this one opens (a feed integrator's
        // review, session 52: the new incident and its alert said nothing of the one the office had closed minutes before).
        string? reinstatedSaid = null;
        // What the incident the office closed carries to the one more casualties open again (the figures it had, the reports it made).
        CarriedOver? carried = null;
        if (dispatch?.IncidentId is { } id)
        {
            var report = ContinuationOf(record);
            // The record's first message after a duty officer tied it before any came (sequence -1): the record's call meets the incident's
            // call-122 duty, in the report's own write, unless the office recorded it (ADR 0008, session 56). Any other message files as before.
            var firstAfterTie = dispatch.Sequence < 0;
            // The version this ingestor last wrote is the usual If-Match; the store is read only when it has none.
            if (!_versions.TryGetValue(id, out var version))
            {
                version = (await incidents.GetAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException("incident", id.ToString())).Version;
            }

            string? occurrenceRefused = null;
            var held = false;
            while (true)
            {
                try
                {
                    await writes.BeginAsync(id, cancellationToken).ConfigureAwait(false);
                    var (filed, filing) = await FileOnItsIncidentAsync(id, version, record, report, firstAfterTie, cancellationToken).ConfigureAwait(false);
                    Remember(filed);
                    return new Applied(FeedOutcomes.Updated, id, "continuation report filed on the record's incident (its county, road and nature in the report's "
                                                                 + "summary: the incident keeps those it was opened with)"
                        + (filing.Moved is { } was ? $"; its place ({record.County}{(Place(record.Road) is { } at ? " " + at : "")}) is not the incident's ({was.County}"
                            + $"{(was.Place is null ? "" : " " + was.Place)}): the duty office's {Alerts.AlertKinds.FeedPlaceChanged} alert tells it, and an incident opened in "
                            + $"{record.County} is told this one may be the same accident" : "")
                        + (filing.OfficeReportedAt is { } office ? $"; stated by 122 at {record.UpdatedAt}, before the duty office's own latest report on the incident "
                            + $"({office:yyyy-MM-dd'T'HH:mm:sszzz}): recorded in the timeline, its figures, conditions and occurredAt not taken" : "")
                        + (occurrenceRefused is null ? "" : $"; its occurredAt was not taken ({occurrenceRefused})")
                        + (filing.CallMet ? $"; the record's first message since the incident was tied to it: its callAt {record.CallAt} meets the incident's call duty (R 5.1.1)" : ""))
                    {
                        MovedTo = filing.Moved is null ? null : (record.County!, Place(record.Road)),
                    };
                }
                catch (StaleVersionException stale) when (!held)
                {
                    // A duty officer changed the incident meanwhile (or a rolled-back batch left a version that is not there): file on the current
                    // one. Once the store has answered so, the batch holds the incident until it ends (PostgreSQL: the row's lock on the batch's
                    // transaction; SQLite: the batch's write lock), so no other writer can take that version first and once is enough. Before,
                    // each attempt raced the officer afresh, and a third lost race failed the whole batch (FeedConcurrentTests in CI, ADR 0008).
                    version = stale.Current;
                    held = true;
                }
                catch (IncidentCommandRejectedException e) when (e.Field == "occurredAt" && report.OccurredAt is not null)
                {
                    // The incident cannot take the record's occurrence time (after its first report, or under another version of the
                    // plan): the rest of the record (its figures) is still what 122 knows, and is filed without it.
                    occurrenceRefused = e.Message;
                    report.OccurredAt = null;
                }
                catch (LifecycleTransitionException)
                {
                    // The duty office closed the incident. When it closed it on 122's cancellation (the cancelled record was filed on the
                    // incident, a false call, so the office closed it) and 122 now sends the record again as a real one, the accident reaches
                    // nobody unless it is opened again: a new incident, through the intake rule, with its new-incident alert. Any other record
                    // for a closed incident is kept in the history and changes nothing: one the office closed on its own 终报 while 122's
                    // record was open stays closed, even when a cancellation came after the close (that one was kept as routine, never filed).
                    // Before, the last message applied decided, so such a late cancellation and an open message after it opened a second
                    // incident for the record, "closed on 122's cancellation" (exploratory review, session 46).
                    // Nor did a record that reports more people dead, missing, trapped or seriously injured than the incident knew when the office
                    // closed it: kept as routine, three dead reported after a close on one reached no one (exploratory review, session 52). The
                    // accident needs handling again, so it opens again through the intake rule, as a record reinstated after a cancellation does.
                    if (record.Status != FeedStatuses.Cancelled && await WhyOpenAgainAsync(id, record, cancellationToken).ConfigureAwait(false) is { } why)
                    {
                        (reinstated, reinstatedSaid, carried) = why;
                        break;
                    }

                    return new Applied(FeedOutcomes.Routine, id,
                        $"the record's incident {id} is closed (the duty office ended it): kept in the history, not applied (it reports no one dead, missing, "
                        + "trapped or seriously injured beyond what the incident knew when it was closed)");
                }
            }
        }

        var occurredText = record.OccurredAt ?? record.CallAt!;
        var occurredAt = (record.OccurredAt is null ? record.CallAtInstant : record.OccurredAtInstant)!.Value;
        var plan = IntakePlan(engine.Catalog, occurredAt) ?? throw new ValidationException(
            [new FluentValidation.Results.ValidationFailure(record.OccurredAt is null ? "callAt" : "occurredAt",
                $"no plan with a {Channel} feed intake rule is in force at {occurredText}")]);
        // The figures with what the record's nature and flags say (a hazmat-leak record's hazmatRelease meets the hazmat condition, as a
        // hazardous-goods vehicle's fire's does). Only
        // a nature can make a condition hold that the figures as sent do not (it says a fact is true); the hazmatVehicle flag alone only
        // ever says hazmatRelease is false, which meets nothing. So the routine record (nearly every line) is judged on its figures as sent,
        // without a copy of them: making one for each line with the flag cost about 1 KB a line (session 46's change; bisected by the
        // bench's allocations, session 49).
        var figures = NatureSaysAFact(record) ? Figures(record) : record.Figures;
        var met = plan.FeedIntake!.FirstMet(figures);
        if (met is null)
        {
            if (reinstated is not null)
            {
                return new Applied(FeedOutcomes.Routine, dispatch?.IncidentId, reinstated + "; " + RoutineReason(plan));
            }

            if (_routine is not { } routine || !ReferenceEquals(routine.Plan, plan))
            {
                _routine = routine = new RoutineAnswer(plan, new Applied(FeedOutcomes.Routine, null, RoutineReason(plan)));
            }

            return routine.Applied;
        }

        if (record.Status == "cancelled")
        {
            // 122 withdrew the record (a false or duplicate call) before any incident was opened for it: opening one now would start
            // duties for an accident 122 says did not happen, and raise its feed-cancelled alert at once. A later message that is not
            // cancelled opens it as any other would.
            return new Applied(FeedOutcomes.Routine, null,
                $"routine: the record meets the intake rule ({met.Label}) but 122 has cancelled it (a false or duplicate call): kept, no incident opened");
        }

        var opening = Source(record);
        var body = new OpenIncidentRequest
        {
            Plan = plan.Id,
            // Opened again for more casualties: the same accident, as the closed incident knew it, and this message filed on it as the 续报 of
            // the change (ThenFiled below).
            OccurredAt = carried is null ? occurredText : carried.OccurredAt.ToString("O", CultureInfo.InvariantCulture),
            Figures = carried is not null ? FiguresDto.From(carried.Figures) : ReferenceEquals(figures, record.Figures) ? Figures(record) : figures,
            Conditions = Conditions(record),
            Location = new LocationDto { County = record.County, Place = Place(record.Road) is { } place ? Cut(place, OpenIncidentValidator.PlaceMaxLength) : null },
            // A record 122 had already closed when it first reached the service (补录警情，已处理完毕) said so nowhere: continuations carry their
            // status (（序号2，已结案）), the opening did not (a feed integrator's review, session 52).
            Nature = Cut(NatureText(record, opening, record.Status == FeedStatuses.Closed
                ? reinstatedSaid is null ? "122报来时已结案" : reinstatedSaid + "；122报来时已结案"
                : reinstatedSaid), OpenIncidentValidator.NatureMaxLength),
            Reporter = new ReporterDto { Name = FeedActor.Name, Unit = "晋城市公安局交通警察支队122指挥中心" },
        };
        // The incident exists because 122 took the call: "获悉…的单位、公民,立即拨打报警电话(122)" (R 5.1.1) was done, at the record's callAt
        // (报警时间). Recorded as any fulfilment is (POST …/obligations/call-122/fulfilment), by the feed, in the opening's own change: it
        // stayed pending and ended "unmet" at the close (事件关闭时仍未报), the incident's record saying the call 122 took was never made
        // (exploratory review, session 46). One write, not two: a second write of the whole new incident cost each opening about 80 µs
        // (ADR 0008, session 50). A time the aggregate would refuse cannot reach it: callAt is not after updatedAt, so not in the future,
        // and the occurrence is not after it beyond the clock tolerance (FeedRecordValidator).
        IReadOnlyList<OpeningFulfilment>? called = plan.FeedIntake?.CallMeets is { } callDuty
            ? [new OpeningFulfilment(callDuty, new FulfilmentRequest { MadeAt = record.CallAt, Note = $"{opening.Record}：报警时间{record.CallAt}" })]
            : null;
        // The reports the closed incident made: its call is met by this record's own (above).
        var made = carried?.Made.Where(m => m.Code != plan.FeedIntake?.CallMeets).ToArray() ?? [];
        if (made.Length > 0)
        {
            called = [.. called ?? [], .. made];
        }

        await writes.BeginAsync(null, cancellationToken).ConfigureAwait(false);
        var view = await sender.Send(new OpenIncidentCommand(body, FeedActor, null, opening, IncidentAnswer.Receipt, called,
            carried is null ? null : ContinuationOf(record)), cancellationToken).ConfigureAwait(false);
        writes.Wrote(view.Id);
        Remember(view);
        // An open incident of the same accident (phoned in by a county, opened over REST and not tied to this record): named here and in the
        // new-incident alert, so the office keeps one (ADR 0008, session 56). One indexed statement, on openings only.
        // An incident a record of this batch opened is another record's, marked as such when it was written (NewIncident.HasFeedRecord), as
        // those of batches committed before: a group's answer is the one a submission in smaller groups gets.
        var duplicates = await FeedDuplicates.FindAsync(store, plan.Id, record.County!, occurredAt, body.Location.Place, view.Id, withRecord: false, cancellationToken)
            .ConfigureAwait(false);

        return new Applied(FeedOutcomes.Opened, view.Id, (reinstated is null ? "" : reinstated + ": a new incident is ") + $"opened: {met.Label} ({met.Test})"
            + (carried is null ? "" : $", with the figures the closed incident had and this message filed on it as the continuation of the change (R 5.1.2 应立即续报); "
                + (made.Length == 0 ? "it had recorded no report made" : $"the reports it made stand as made ({string.Join(", ", made.Select(m => m.Code))})"))
            + (duplicates.Count > 0 ? FeedDuplicates.Reason(duplicates) : ""));
    }

    /// <summary>
    /// Files a record's message on its incident (<see cref="FeedTie.FileMessage"/>: kept to what 122 stated when the office reported since;
    /// the record's first message after a duty officer tied it before any came meets the incident's call-122 duty with the record's call
    /// unless the office recorded it, ADR 0008, session 56), in one write.
    /// </summary>
    private async Task<(IncidentChange Filed, FeedTie.Filing Filing)> FileOnItsIncidentAsync(Guid id, long version, FeedRecord record, FileReportRequest report,
        bool firstAfterTie, CancellationToken cancellationToken)
    {
        var message = new FeedFiling(record, firstAfterTie);
        var filed = await sender.Send(new FileReportCommand(id, version, report, FeedActor, null, Source(record), IncidentAnswer.Receipt, message), cancellationToken)
            .ConfigureAwait(false);
        return (filed, message.Filing);
    }

    /// <summary>
    /// Whether the closed incident <paramref name="id"/> opens again for <paramref name="record"/>, and why: it was closed on 122's
    /// cancellation (the last 122 message filed on it, the one that opened it or a continuation, carried the status <c>cancelled</c>, so the
    /// record stood withdrawn when the office closed it; a cancellation that came after the close was never filed and says nothing of why the
    /// office closed it), or the record, still open, counts more people dead, missing, trapped or seriously injured than the incident knew.
    /// In the second case the accident is the one the office handled and closed: what it knew and the reports it made are carried
    /// (<see cref="CarriedOver"/>). Read from the incident's own events and projection (inside the batch, through its transaction, so a
    /// message filed earlier in the batch counts); only asked when a record meets a closed incident, which is rare.
    /// </summary>
    private async Task<(string English, string Chinese, CarriedOver? Carried)?> WhyOpenAgainAsync(Guid id, FeedRecord record, CancellationToken cancellationToken)
    {
        ReportSource? last = null;
        foreach (var stored in await incidents.ReadEventsAsync(id, cancellationToken).ConfigureAwait(false))
        {
            if (stored.Type is not ("incident-opened" or "report-filed"))
            {
                continue;
            }

            var source = IncidentEventLog.FromStored(stored) switch
            {
                IncidentOpened o => o.Source,
                ReportFiled r => r.Source,
                _ => null,
            };
            if (source is { Channel: Channel })
            {
                last = source;
            }
        }

        // Events written before the source kept the sender's status: the status of the message itself, as stored.
        var status = last is null
            ? null
            : last.Status ?? (await StoredRecordsAsync([last.MessageId], cancellationToken).ConfigureAwait(false)).GetValueOrDefault(last.MessageId)?.Status;
        if (status == FeedStatuses.Cancelled)
        {
            return ($"122 sent the record again, not cancelled, after its incident {id} was closed on 122's cancellation",
                $"此前据此接警单立案的事件{id}已因122撤销而关闭，122其后又报来该接警单", null);
        }

        // A record 122 has itself closed adds nothing to handle; one still open that counts more casualties than the incident did does.
        if (record.Status != FeedStatuses.Open || record.Figures?.ToFigures() is not { } sent)
        {
            return null;
        }

        var closed = IncidentEventSchema.DeserializeState((await incidents.GetAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException("incident", id.ToString())).Projection.Json);
        var known = closed.Report.Figures;
        var more = CasualtiesOpeningAgain.Where(f => sent[f] is { } now && now > (known[f] ?? 0))
            .Select(f => $"{FigureCatalog.Of(f)!.Name} {sent[f]!.Value.ToString(CultureInfo.InvariantCulture)}, the incident had {(known[f] is { } had ? had.ToString(CultureInfo.InvariantCulture) : "none reported")}")
            .ToArray();
        return more.Length == 0
            ? null
            : ($"122 reported more casualties after the duty office closed its incident {id} ({string.Join("; ", more)})",
                $"此前据此接警单立案的事件{id}已由值班室关闭{ResponseSaid(closed.Response)}，其后122报来的伤亡人数增加；按该事件关闭时所知立案，122此次所报作为续报，该事件已作的报告记为已报告",
                CarriedOver.From(id, closed));
    }

    /// <summary>The closed incident's response as its reopening says it: <c>（曾启动Ⅰ级响应，已终止）</c>; empty when none was activated.</summary>
    private static string ResponseSaid(ResponseSnapshot response) => response switch
    {
        { State: ResponseState.Terminated, Level: { } level } => $"（曾启动{Names.Chinese(level)}响应，已终止）",
        { State: ResponseState.Active, Level: { } level } => $"（关闭时{Names.Chinese(level)}响应未终止）",
        _ => "",
    };

    /// <summary>
    /// What an incident the office closed carries to the one 122's later casualties open again for the same accident (R 5.1.2 造成伤亡人数发生
    /// 变化的,应立即续报; a road duty officer's review, session 59, finding 1): its occurrence and the figures it knew, so that the message is
    /// filed on the new incident as the 续报 of the change, which owes the 立即续报 the plan asks for; and the reports it made that the opening
    /// owes again (the 30-minute phone report, the 1-hour written one, 重大's direct report to the superior duty room), met when and as they
    /// were made there. Before, the new incident owed every first report again, overdue since the first half hour of an accident already
    /// reported, and not the 续报 of the change.
    /// </summary>
    private sealed record CarriedOver(DateTimeOffset OccurredAt, ReportedFigures Figures, IReadOnlyList<OpeningFulfilment> Made)
    {
        public static CarriedOver From(Guid id, IncidentState closed)
        {
            var made = new List<OpeningFulfilment>();
            foreach (var duty in closed.Obligations)
            {
                // The reports made once (首报): not the repeating 续报 nor those a kind of report meets (续报, 终报, the office's proposal), which
                // the new incident owes on its own news; the 122 call is met by this message's own call.
                if (duty.Clock is not { State: ObligationState.Met, FiledAt: { } madeAt } || duty.Every is not null || duty.MetByReport is not null
                    || made.Exists(m => m.Code == duty.Code))
                {
                    continue;
                }

                var note = $"已于{CityTime.DayMinute(madeAt)}在此前事件{id}中报告（{duty.MetByName ?? duty.MetBy}记录）" + (string.IsNullOrWhiteSpace(duty.Note) ? "" : "：" + duty.Note);
                made.Add(new OpeningFulfilment(duty.Code, new FulfilmentRequest { MadeAt = madeAt.ToString("O", CultureInfo.InvariantCulture), Note = Cut(note, 2000) }, IfOwed: true));
            }

            return new CarriedOver(closed.OccurredAt, closed.Report.Figures, made);
        }
    }

    /// <summary>The counts of the intake rule (people dead, missing, trapped, seriously injured) a record reporting more of after a close opens again.</summary>
    private static readonly Figure[] CasualtiesOpeningAgain = [Figure.Deaths, Figure.Missing, Figure.Trapped, Figure.SeriousInjuries];

    /// <summary>
    /// The continuation report (续报) a message of a record with an incident files on it: its figures and conditions as the record states them,
    /// its occurredAt, and where and what the message says it is in the summary (the incident keeps the county, place and nature it was
    /// opened with, and a later message correcting them, 更正：地点在高平市G207, was told of nowhere: a feed integrator's review, session 52).
    /// The sequence is the sender's ordering number, not a count of updates. Filed by the ingestor, and by a tie of the record to an incident
    /// the office opened (<see cref="FeedTie"/>).
    /// </summary>
    internal static FileReportRequest ContinuationOf(FeedRecord record, string? suffix = null) => new()
    {
        Kind = "continuation",
        Summary = Cut($"122续报（序号{record.Sequence}，{FeedStatuses.Names[record.Status!]}；{record.County}{(Place(record.Road) is { } at ? " " + at : "")}，{FeedNatures.Names[record.Nature!]}）"
                      + (string.IsNullOrWhiteSpace(record.Text) ? "" : "：" + record.Text), 2000 - (suffix?.Length ?? 0)) + suffix,
        Figures = Figures(record),
        Conditions = Conditions(record),
        // When it happened, once 122 knows it: the record opened its incident with the call's time standing for it (unknown then).
        OccurredAt = record.OccurredAt,
    };

    /// <summary>What <see cref="ContinuationOf"/>'s summary begins with, before the message's status and place.</summary>
    private const string ContinuationOpening = Channel + "续报（序号";

    /// <summary>
    /// The county and place (the road as <see cref="Place"/> writes it, null when the record gave none) a continuation's summary says the
    /// message gave, read back from the summary <see cref="ContinuationOf"/> wrote (<c>122续报（序号5，处置中；高平市 G207 K1012.6 国道207线，碰撞）…</c>),
    /// so that every continuation stored since session 52 reads alike and the event keeps its schema; null for any other summary. A county
    /// is one of the city file's (FeedRecordValidator), none holding a space or a comma; the place runs to the comma before the nature.
    /// </summary>
    public static (string County, string? Place)? PlaceOfContinuation(string? summary)
    {
        if (summary is null || !summary.StartsWith(ContinuationOpening, StringComparison.Ordinal))
        {
            return null;
        }

        var semicolon = summary.IndexOf('；', ContinuationOpening.Length);
        if (semicolon < 0)
        {
            return null;
        }

        var rest = summary.AsSpan(semicolon + 1);
        var end = rest.IndexOfAny(' ', '，');
        if (end <= 0)
        {
            return null;
        }

        var county = rest[..end].ToString();
        if (rest[end] != ' ')
        {
            return (county, null);
        }

        var place = rest[(end + 1)..];
        var stop = place.IndexOf('，');
        return (county, (stop < 0 ? place : place[..stop]).Trim().ToString() is { Length: > 0 } said ? said : null);
    }

    /// <summary>The 122 record a report comes from, as its incident's timeline names it.</summary>
    internal static ReportSource Source(FeedRecord record) =>
        new(Channel, record.EventId!, record.DispatchId!, record.Sequence!.Value, record.Status);

    private static string RoutineReason(Plan plan) => "routine: no intake condition met (" + plan.Metadata.DocumentNumber + " feedIntake)";

    /// <summary>Whether the record's nature says a fact of its figures (<see cref="Figures"/>): the natures that can meet an intake condition the figures as sent do not.</summary>
    private static bool NatureSaysAFact(FeedRecord record) => record.Nature is "weather-blockage" or "geological-blockage" or "hazmat-leak" || HazmatVehicleOnFire(record);

    /// <summary>
    /// A fire with a hazardous-goods vehicle involved (<c>fire</c>, <c>flags.hazmatVehicle: true</c>): R 5.3.x(2) "易燃易爆物品、危险化学品运输车辆
    /// 发生泄漏、爆炸、燃烧" counts its burning as a leak is counted. Before (session 54's review), a burning LPG tanker with nobody hurt was
    /// kept as routine and reached no one.
    /// </summary>
    private static bool HazmatVehicleOnFire(FeedRecord record) => record.Nature == "fire" && record.Flags?.HazmatVehicle == true;

    /// <summary>
    /// The record's road observations for the report it files (R 4.3: the 122 record is how 4.1's "气象监测预警与公安交管应急处置互通融合"
    /// reaches the office): null when it carries none, <c>{}</c> and an object of nulls included (the same record as one without them,
    /// <see cref="FeedJson.SameRecord"/>), so the report keeps the incident's earlier observations; else the whole set, which replaces the
    /// earlier one as a REST report's does.
    /// </summary>
    /// <remarks>
    /// Conditions that do not say whether the blocked road is a main road (<c>mainRoad</c>) take it from the road's number (R 4.3.x(2)
    /// "国(省)道等主干道", <see cref="FeedRoad.IsNationalOrProvincial"/>): a 乡道 Y012 blocked 60 hours met the red warning (review s54, #7a).
    /// </remarks>
    private static ConditionsDto? Conditions(FeedRecord record) => record.Conditions is not { } c
        || ((c.WeatherWarning ?? c.VisibilityCause) is null && c.VisibilityMetres is null && c.WindForce is null && c.TownshipsAffected is null
            && c.MainRoadRepairHours is null && c.MainRoad is null && c.MainRoadSnowIce is null)
            ? null
            : c.MainRoad is null && record.Road?.IsNationalOrProvincial() is { } main
                ? new ConditionsDto
                {
                    WeatherWarning = c.WeatherWarning, VisibilityMetres = c.VisibilityMetres, VisibilityCause = c.VisibilityCause, WindForce = c.WindForce,
                    TownshipsAffected = c.TownshipsAffected, MainRoadRepairHours = c.MainRoadRepairHours, MainRoad = main, MainRoadSnowIce = c.MainRoadSnowIce,
                }
                : record.Conditions;

    /// <summary>
    /// The record's figures, with what 122's nature and flags say of them, each unless the record's figures state it themselves (a value,
    /// not null):
    /// <list type="bullet">
    /// <item>a record of traffic blocked by weather or by a geological hazard (<c>weather-blockage</c>, <c>geological-blockage</c>) says
    /// <c>weatherOrNaturalDisaster</c>, the cause the road plan's county rules ask for (5.3.x(3) 出现灾害性天气或自然灾害…阻断交通); any other
    /// nature leaves the cause as the record gives it (unknown when it does not), since a collision in fog may be one;</item>
    /// <item>a hazardous-goods vehicle that is not involved (<c>flags.hazmatVehicle: false</c>) says <c>hazmatRelease: false</c>: no
    /// 危险化学品运输车辆 leaked, burned or exploded (5.3.x(2));</item>
    /// <item>otherwise a <c>hazmat-leak</c> record, or a <c>fire</c> with <c>flags.hazmatVehicle: true</c> (燃烧, 5.3.x(2)), says
    /// <c>hazmatRelease: true</c>: 122 names the leak or the fire itself. The engine reads an unstated
    /// <c>hazmatRelease</c> as unknown (a leak with 5 dead is Ⅰ, 5.3.1(2), else Ⅱ), and the intake rule's hazmat condition held only when
    /// the record's figures repeated it;</item>
    /// <item>a record whose road is numbered (or named) as an expressway says <c>onExpressway: true</c>, and one numbered as an ordinary
    /// road says false (<see cref="FeedRoad.IsExpressway"/>): road 1.4 has the expressway plan lead then, this plan supporting.</item>
    /// </list>
    /// </summary>
    private static FiguresDto? Figures(FeedRecord record)
    {
        ReportedFigures? said = null;
        if (record.Nature is "weather-blockage" or "geological-blockage"
            && FigureCatalog.Of(Fact.WeatherOrNaturalDisaster) is { } cause && !States(record, cause))
        {
            said = Base(record).With(cause, true);
        }

        if (FigureCatalog.Of(Fact.HazmatRelease) is { } release && !States(record, release)
            && (record.Flags?.HazmatVehicle == false ? false : record.Nature == "hazmat-leak" || HazmatVehicleOnFire(record) ? true : (bool?)null) is { } released)
        {
            said = (said ?? Base(record)).With(release, released);
        }

        if (record.Road?.IsExpressway() is { } expressway && FigureCatalog.Of(Fact.OnExpressway) is { } onExpressway && !States(record, onExpressway))
        {
            said = (said ?? Base(record)).With(onExpressway, expressway);
        }

        return said is null ? record.Figures : FiguresDto.From(said);

        static bool States(FeedRecord record, FigureDefinition figure) =>
            record.Figures is { } sent && sent.TryGetSent(figure, out var stated) && stated.ValueKind != System.Text.Json.JsonValueKind.Null;

        static ReportedFigures Base(FeedRecord record) => record.Figures?.ToFigures() ?? ReportedFigures.None;
    }

    /// <summary>
    /// The road warning <paramref name="record"/>'s own observations call for under <paramref name="plan"/> (R 4.3), or null: none, no
    /// observation, or a record 122 withdrew (a false call observes nothing). Read for a record that opens no incident (an incident's own
    /// assessment reads them otherwise): the feed keeps the colour with the message (<see cref="FeedMessageForAlert"/>), and the alert scan
    /// reads the same function again from the stored line, so the alert says what the ingest decided.
    /// </summary>
    internal static WarningResult? RoadWarningOf(FeedRecord record, Plan plan)
    {
        if (plan.Warnings is null || record.Status == FeedStatuses.Cancelled || Conditions(record) is not { } conditions)
        {
            return null;
        }

        var at = (record.OccurredAtInstant ?? record.CallAtInstant)!.Value;
        return DecisionEngine.AssessWarning(plan, IncidentInput.From(plan.Id, at, Figures(record)?.ToFigures() ?? ReportedFigures.None, null,
            AssessmentContract.ToConditions(conditions)));
    }

    /// <summary>The plan with this channel's intake rule in force at <paramref name="occurredAt"/>, or null (every record of that time is refused).</summary>
    public static Plan? IntakePlan(PlanCatalog catalog, DateTimeOffset occurredAt)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var ids = catalog.PlanIds;
        for (var i = 0; i < ids.Count; i++)
        {
            if (catalog.Resolve(ids[i], occurredAt) is { FeedIntake.Channel: Channel } plan)
            {
                return plan;
            }
        }

        return null;
    }

    /// <summary>Where on the road a record is (<c>G207 K1108.5 国道207线</c>), or null without a road.</summary>
    internal static string? Place(FeedRoad? road) => road is null
        ? null
        : road.Code + (road.Km is { } km ? $" K{km.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "") + (road.Name is null ? "" : " " + road.Name);

    /// <summary>The incident's nature from the record: the nature in Chinese, its flags, the record, <paramref name="note"/> (why it opens again), the dispatcher's text.</summary>
    private static string NatureText(FeedRecord r, ReportSource source, string? note = null)
    {
        var text = new StringBuilder(FeedNatures.Names[r.Nature!]);
        if (r.Flags?.HazmatVehicle == true)
        {
            text.Append("，涉及危险货物运输车辆");
        }

        if (r.Flags?.OperatingCoach == true)
        {
            text.Append("，涉及营运大客车");
        }

        if (r.Flags?.ForeignersInvolved == true)
        {
            text.Append("，涉外");
        }

        text.Append('（').Append(source.Record).Append('）');
        if (note is not null)
        {
            text.Append('（').Append(note).Append('）');
        }

        if (!string.IsNullOrWhiteSpace(r.Text))
        {
            text.Append('：').Append(r.Text);
        }

        return text.ToString();
    }

    /// <summary>
    /// <paramref name="text"/> in at most <paramref name="max"/> UTF-16 units (the incident's limits count them), cut with "…" where a
    /// character ends: the record's limits count characters, so its road and text can hold twice as many units, and half a
    /// surrogate pair is not text any store or JSON writer keeps.
    /// </summary>
    private static string Cut(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var end = max - 1;
        if (char.IsHighSurrogate(text[end - 1]))
        {
            end--; // the last unit kept would be the first half of a pair: cut before it
        }

        return text[..end] + "…";
    }

    private sealed class Counts
    {
        public long Lines, Accepted, Opened, Updated, Routine, Duplicate, Stale, Conflict, Rejected, Commits, QuarantineClosed;

        /// <summary>Blank lines read: counted by the reading stage alone, read once it has ended.</summary>
        public long BlankLines;

        /// <summary>Lines committed, and handed to the caller's answer (<see cref="LastAnswered"/> the last of them): for a submission cut off.</summary>
        public long Committed, LastCommitted, Answered, LastAnswered;

        public void Add(FeedLineResult r)
        {
            Lines++;
            if (r.QuarantineClosedAt is not null)
            {
                QuarantineClosed++;
            }

            switch (r.Status)
            {
                case FeedStatus.Accepted:
                    Accepted++;
                    switch (r.Outcome)
                    {
                        case FeedOutcomes.Opened: Opened++; break;
                        case FeedOutcomes.Updated: Updated++; break;
                        default: Routine++; break;
                    }

                    break;
                case FeedStatus.Duplicate: Duplicate++; break;
                case FeedStatus.Stale: Stale++; break;
                case FeedStatus.Conflict: Conflict++; break;
                default: Rejected++; break;
            }
        }

        public FeedSummary Summary() => new(Lines, Accepted, Opened, Updated, Routine, Duplicate, Stale, Conflict, Rejected, Commits)
        {
            BlankLines = BlankLines,
            QuarantineClosed = QuarantineClosed,
        };
    }
}
