using EmergencyPlans.Application.Common;
using EmergencyPlans.Application.Feeds;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Incidents;
using FluentValidation;
using Mediator;

namespace EmergencyPlans.Application.Incidents;

/// <summary>Ties an incident opened over REST to the 122 dispatch record of the same accident (docs/feed-122.md, "An incident the office opened").</summary>
public sealed class LinkFeedRecordRequest
{
    /// <summary>The 122 dispatch record (接警单编号), exactly as 122 sends it in <c>dispatchId</c>.</summary>
    public string? DispatchId { get; set; }

    public string? Note { get; set; }
    public string? ActingAs { get; set; }

    /// <summary>
    /// True to tie a record received before that does not look like the incident's accident (another county, another road number, or
    /// occurring more than 6 hours apart): refused (409) without it, naming the differences, since a mistyped number would file another
    /// accident's reports on this incident (a 122 integrator's review, s62 F62-02). Omitted or false: the check applies.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public bool? ConfirmMismatch { get; set; }
}

public sealed record LinkFeedRecordCommand(Guid Id, long? IfMatch, LinkFeedRecordRequest Body, Actor Actor, string? IdempotencyKey = null, IncidentAnswer Answer = IncidentAnswer.View)
    : IRequest<IncidentChange>;

public sealed class LinkFeedRecordValidator : AbstractValidator<LinkFeedRecordCommand>
{
    public LinkFeedRecordValidator()
    {
        RuleFor(c => c.Body).NotNull().WithMessage(_ => CommandMessages.BodyRequired).OverridePropertyName("$");
        RuleFor(c => c.IdempotencyKey).ValidIdempotencyKey();
        RuleFor(c => c.Body.ActingAs).ValidActingAs().When(c => c.Body is not null);
        // The feed's own rule for the id, so a record the feed takes is one an officer can name.
        RuleFor(c => c.Body.DispatchId).Must(id => FeedRecordValidator.DispatchIdProblem(id) is null)
            .WithMessage(c => FeedRecordValidator.DispatchIdProblem(c.Body.DispatchId)!)
            .When(c => c.Body is not null).OverridePropertyName("dispatchId");
        RuleFor(c => c.Body.Note).MaximumLength(2000).When(c => c.Body is not null).OverridePropertyName("note");
    }
}

/// <summary>
/// Ties the incident to the record under the feed's lock (<see cref="IFeedStore.BeginBatchAsync"/>), in one commit with the incident's
/// event: no batch of the feed decides a message of the record between the look-up and the link, so none opens a second incident for it,
/// and the link is never stored without the event that says who made it.
/// </summary>
public sealed class LinkFeedRecordHandler(IncidentWriter writer, IFeedStore feeds, IIncidentStore incidents, DecisionEngine engine, TimeProvider clock)
    : IRequestHandler<LinkFeedRecordCommand, IncidentChange>
{
    public async ValueTask<IncidentChange> Handle(LinkFeedRecordCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = request.Body;
        var dispatchId = body.DispatchId!;
        var by = request.Actor.As(body.ActingAs);
        var key = request.IdempotencyKey is null ? null : IdempotencyKey.For(request.IdempotencyKey, "link-feed-record", request.Actor, request.Id.ToString(), body);
        if (request.IfMatch is null && key is null)
        {
            throw new PreconditionRequiredException();
        }

        await using var batch = await feeds.BeginBatchAsync(cancellationToken).ConfigureAwait(false);
        var found = await feeds.FindDispatchesAsync([dispatchId], cancellationToken).ConfigureAwait(false);
        Guid? replaces = null;
        if (found.TryGetValue(dispatchId, out var dispatch) && dispatch.IncidentId is { } other)
        {
            if (other == request.Id)
            {
                // Already tied (a retry after a lost answer, with its key or without): the incident as it stands, nothing written.
                return IncidentChange.Of(await writer.CurrentViewAsync(request.Id, cancellationToken).ConfigureAwait(false));
            }

            {
                if (await incidents.GetAsync(other, cancellationToken).ConfigureAwait(false) is { Projection.IsOpen: true })
                {
                    // One accident, two open incidents: the office ends the one it does not keep first, so that no duty of it is left owed. The
                    // record opened that incident, or a duty officer tied it to one (then "already opened" was wrong: s62 F62-18).
                    var events = await incidents.ReadEventsAsync(other, cancellationToken).ConfigureAwait(false);
                    var opened = events.Count > 0 && IncidentEventLog.FromStored(events[0]) is IncidentOpened { Source: { } source }
                                 && string.Equals(source.Reference, dispatchId, StringComparison.Ordinal);
                    throw new IncidentCommandRejectedException("dispatchId",
                        $"the {FeedIngestor.Channel} record {dispatchId} {(opened ? "already opened" : "is tied to")} incident {other}, which is open: continue that one, or close the one "
                        + "not kept as opened in error (a final report with enteredInError, after its response is ended) and link again",
                        $"{FeedIngestor.Channel}接警单{dispatchId}{(opened ? "已立为" : "已关联到")}事件{other}，该事件尚未关闭：请在该事件上继续处置；如两者为同一起事故而须保留本事件，"
                        + "先将另一事件作为立案有误结束（已启动的响应由启动者终止后，报终报并注明 enteredInError），再关联")
                    {
                        Status = 409,
                        Extensions = new Dictionary<string, object?> { ["incidentId"] = other },
                    };
                }

                replaces = other;
            }
        }

        // A record received before the tie: its latest message is filed as the incident's continuation and its call meets the call-122 duty,
        // in the tie's own change (FeedTie; ADR 0008, session 56).
        var latest = await FeedTie.LatestAsync(feeds, dispatch, cancellationToken).ConfigureAwait(false);
        IncidentChange change;
        while (true)
        {
            try
            {
                change = await writer.ChangeAsync(request.Id, request.IfMatch, key, request.Answer, (incident, now) =>
                {
                    if (latest is not null && body.ConfirmMismatch != true && FeedTie.Mismatch(incident.State, latest.Record) is { } differs)
                    {
                        throw new IncidentCommandRejectedException("dispatchId",
                            $"the {FeedIngestor.Channel} record {dispatchId} does not look like this incident's accident ({differs.English}): if it is the same accident, "
                            + "link it again with confirmMismatch: true",
                            $"{FeedIngestor.Channel}接警单{dispatchId}与本事件不像同一起事故（{differs.Chinese}）：请核对接警单编号；如确为同一起事故，请在请求中加 \"confirmMismatch\": true 再关联")
                        {
                            Status = 409,
                        };
                    }

                    incident.LinkFeedRecord(FeedIngestor.Channel, dispatchId, replaces, body.Note, by, now);
                    latest?.FileOn(incident, now, engine);
                }, cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (IncidentCommandRejectedException e) when (e.Field == "occurredAt" && latest is { OccurrenceRefused: false, Record.OccurredAt: not null })
            {
                latest.OccurrenceRefused = true;
            }
        }

        await feeds.LinkDispatchAsync(dispatchId, request.Id, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return change;
    }
}
