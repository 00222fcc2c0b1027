using EmergencyPlans.Application.Common;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Incidents;
using FluentValidation;
using Mediator;

namespace EmergencyPlans.Application.Feeds;

/// <summary>
/// The quarantine of the 122 feed, oldest first: lines rejected or in conflict, kept verbatim with their line number and error; only
/// the entries of one <see cref="QuarantineKinds"/> kind when <paramref name="Kind"/> is given (the dead letters: <c>failed</c>).
/// </summary>
public sealed record ListFeedQuarantineQuery(long? After, int? Limit, bool? IncludeResolved, string? Kind = null) : IRequest<FeedQuarantinePage>;

/// <summary>One page; ask again with <c>after</c> = <see cref="Next"/> for the following one (null at the end).</summary>
public sealed record FeedQuarantinePage(IReadOnlyList<FeedQuarantineEntry> Entries, long? Next);

public sealed class ListFeedQuarantineValidator : AbstractValidator<ListFeedQuarantineQuery>
{
    public const int MaxLimit = 500;

    public ListFeedQuarantineValidator()
    {
        RuleFor(q => q.After).NotNegative("after");
        RuleFor(q => q.Limit).PageLimit(MaxLimit);
        RuleFor(q => q.Kind).Must(k => k is null || QuarantineKinds.All.Contains(k, StringComparer.Ordinal))
            .WithMessage(q => Localized.Pick($"unknown quarantine kind '{q.Kind}': one of ", $"没有隔离种类“{q.Kind}”，可为：") + string.Join(", ", QuarantineKinds.All))
            .OverridePropertyName("kind");
    }
}

public sealed class ListFeedQuarantineHandler(IFeedStore store) : IRequestHandler<ListFeedQuarantineQuery, FeedQuarantinePage>
{
    public async ValueTask<FeedQuarantinePage> Handle(ListFeedQuarantineQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var limit = request.Limit ?? 100;
        // The kind is a column of the entry, filtered by the store: a page of one kind is a page like any other (full, it has a next).
        var entries = await store.ListQuarantineAsync(request.After ?? 0, limit, request.IncludeResolved ?? false, request.Kind, cancellationToken).ConfigureAwait(false);
        return new FeedQuarantinePage(entries, entries.Count == limit ? entries[^1].Id : null);
    }
}

/// <summary>A corrected line for a quarantine entry: processed like any feed line; the entry is resolved when it is taken.</summary>
public sealed record ResubmitFeedLineCommand(long QuarantineId, string? Line, Actor Actor) : IRequest<FeedLineResult>;

public sealed class ResubmitFeedLineValidator : AbstractValidator<ResubmitFeedLineCommand>
{
    public ResubmitFeedLineValidator(FeedOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        RuleFor(c => c.Line).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(_ => Localized.Pick("the body is the corrected line: one JSON feed record", "请求体应为更正后的一行：一条 JSON 接警记录"))
            .Must(l => !l!.Trim().Contains('\n', StringComparison.Ordinal))
            .WithMessage(_ => Localized.Pick("send one line: a corrected record replaces one quarantined line", "只发一行：一条更正记录替换一行被隔离的记录"))
            .MaximumLength(options.MaxLineBytes)
            .OverridePropertyName("$");
    }
}

public sealed class ResubmitFeedLineHandler(FeedIngestor ingestor) : IRequestHandler<ResubmitFeedLineCommand, FeedLineResult>
{
    public async ValueTask<FeedLineResult> Handle(ResubmitFeedLineCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await ingestor.ResubmitAsync(request.QuarantineId, request.Line!, request.Actor.Name, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>
/// A line re-submitted for a quarantine entry that another line already resolved: 409, naming when and by which eventId, so a tool
/// knows the entry is done. The line is not processed; sent to the feed itself it is processed like any other.
/// </summary>
public sealed class QuarantineEntryResolvedException : Exception
{
    public QuarantineEntryResolvedException(long quarantineId, DateTimeOffset resolvedAt, string? resolvedByEventId, string? dismissedBy = null, string? dismissalReason = null)
        : base(dismissedBy is null
            ? $"quarantine entry {quarantineId.ToString(System.Globalization.CultureInfo.InvariantCulture)} was already resolved at "
              + $"{CityInstant(resolvedAt)} by eventId '{resolvedByEventId}'; "
              + "only that line can be sent here again. Send other lines to the feed itself."
            : $"quarantine entry {quarantineId.ToString(System.Globalization.CultureInfo.InvariantCulture)} was dismissed at "
              + $"{CityInstant(resolvedAt)} by '{dismissedBy}' ({dismissalReason}); "
              + "it takes no line any more. Send the record to the feed itself.")
    {
        QuarantineId = quarantineId;
        ResolvedAt = resolvedAt;
        ResolvedByEventId = resolvedByEventId;
        DismissedBy = dismissedBy;
        DismissalReason = dismissalReason;
    }

    /// <summary>
    /// The time in the city's offset, as the problem's <c>resolvedAt</c> beside it is written (the API writes its instants so): the store
    /// gives it in UTC, and the detail said <c>10:29:48…+00:00</c> beside <c>resolvedAt</c> 18:29:48+08:00.
    /// </summary>
    private static string CityInstant(DateTimeOffset at) => at.ToOffset(CityTime.Offset).ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    public QuarantineEntryResolvedException()
        : this("a quarantine entry was already resolved")
    {
    }

    public QuarantineEntryResolvedException(string message)
        : base(message)
    {
    }

    public QuarantineEntryResolvedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public long QuarantineId { get; }
    public DateTimeOffset? ResolvedAt { get; }
    public string? ResolvedByEventId { get; }

    /// <summary>Who dismissed the entry (closed it without a correction); null for an entry a line resolved.</summary>
    public string? DismissedBy { get; }

    /// <summary>Why it was dismissed.</summary>
    public string? DismissalReason { get; }
}

/// <summary>
/// Closes an open quarantine entry without a corrected line, saying why: a line that cannot be corrected here (its eventId is itself
/// the typo, the sender withdrew the record or sent it to the feed under its own id) would otherwise stay open for ever.
/// </summary>
public sealed record DismissFeedQuarantineCommand(long QuarantineId, FeedDismissalRequest? Body, Actor Actor) : IRequest<FeedQuarantineEntry>;

/// <summary>The body of a dismissal.</summary>
public sealed class FeedDismissalRequest
{
    /// <summary>Why the entry is closed without a correction (kept with it).</summary>
    public string? Reason { get; set; }
}

public sealed class DismissFeedQuarantineValidator : AbstractValidator<DismissFeedQuarantineCommand>
{
    public const int MaxReasonLength = 500;

    public DismissFeedQuarantineValidator()
    {
        RuleFor(c => c.Body).NotNull()
            .WithMessage(_ => Localized.Pick("the body is {\"reason\": \"...\"}: why the entry is closed without a correction", "请求体应为 {\"reason\": \"...\"}：说明为何不经更正即关闭该条目"))
            .OverridePropertyName("$");
        RuleFor(c => c.Body!.Reason).Cascade(CascadeMode.Stop)
            .Must(r => !string.IsNullOrWhiteSpace(r))
            .WithMessage(_ => Localized.Pick("reason is required: say why the entry is closed without a correction", "缺少理由 reason：说明为何不经更正即关闭该条目"))
            .MaximumLength(MaxReasonLength)
            .When(c => c.Body is not null).OverridePropertyName("reason");
    }
}

public sealed class DismissFeedQuarantineHandler(IFeedStore store, TimeProvider clock) : IRequestHandler<DismissFeedQuarantineCommand, FeedQuarantineEntry>
{
    public async ValueTask<FeedQuarantineEntry> Handle(DismissFeedQuarantineCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = request.QuarantineId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var dismissal = new FeedDismissal(request.QuarantineId, request.Actor.Name, request.Body!.Reason!.Trim(), clock.GetUtcNow());
        if (!await store.DismissQuarantineAsync(dismissal, cancellationToken).ConfigureAwait(false))
        {
            // Not open: absent, or resolved (by a line or another dismissal) before this one; nothing was written.
            var entry = await store.GetQuarantineAsync(request.QuarantineId, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException("quarantine entry", id);
            throw new QuarantineEntryResolvedException(entry.Id, entry.ResolvedAt!.Value, entry.ResolvedByEventId, entry.DismissedBy, entry.DismissalReason);
        }

        return await store.GetQuarantineAsync(request.QuarantineId, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException("quarantine entry", id);
    }
}

/// <summary>
/// A line re-submitted for an open quarantine entry whose line named another eventId: 409, naming the eventId the entry expects. The
/// line is not processed and nothing is stored: taken, it would be applied as another record and mark the entry resolved, hiding the
/// bad line's real correction. A record of its own belongs in the feed itself.
/// </summary>
public sealed class QuarantineEventIdMismatchException : Exception
{
    public QuarantineEventIdMismatchException(long quarantineId, string expectedEventId, string receivedEventId)
        : base($"quarantine entry {quarantineId.ToString(System.Globalization.CultureInfo.InvariantCulture)} holds the line of eventId "
               + $"'{expectedEventId}': a correction must carry eventId '{expectedEventId}', not '{receivedEventId}'. "
               + "Send another record to the feed itself.")
    {
        QuarantineId = quarantineId;
        ExpectedEventId = expectedEventId;
        ReceivedEventId = receivedEventId;
    }

    public QuarantineEventIdMismatchException()
        : this("a correction carries another eventId than its quarantine entry")
    {
    }

    public QuarantineEventIdMismatchException(string message)
        : base(message)
    {
    }

    public QuarantineEventIdMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public long QuarantineId { get; }

    /// <summary>The eventId of the entry's line, which a correction must carry.</summary>
    public string? ExpectedEventId { get; }

    /// <summary>The eventId of the line that was sent.</summary>
    public string? ReceivedEventId { get; }
}
