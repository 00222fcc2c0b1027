using EmergencyPlans.Application.Alerts;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Incidents;
using FluentValidation;
using Mediator;

namespace EmergencyPlans.Application.Feeds;

/// <summary>
/// One 122 dispatch record (接警单) as the feed holds it: the message applied last, the incident it opened and every message kept
/// for it, in the order received. The answer to "what did you do with my message?" for the integrator, and to "what did 122 send
/// about this accident?" for the duty office. Duplicates are not kept again and conflicts are in the quarantine.
/// </summary>
public sealed record GetFeedDispatchQuery(string? DispatchId) : IRequest<FeedDispatchView>;

/// <summary>Where a dispatch record's history is read (<c>GET /api/v1/feeds/122/dispatches/{dispatchId}</c>, a '/' in the id sent as %2F).</summary>
public static class FeedRecordLinks
{
    public static string Dispatch(string dispatchId) => "/api/v1/feeds/" + FeedIngestor.Channel + "/dispatches/" + Uri.EscapeDataString(dispatchId);
}

/// <summary>A dispatch record and its history (docs/feed-122.md, "A dispatch record's history").</summary>
/// <param name="DispatchId">The sender's record (接警单编号).</param>
/// <param name="AppliedSequence">The highest sequence applied: a message at or below it is stale.</param>
/// <param name="AppliedEventId">The message that brought it.</param>
/// <param name="IncidentId">The incident the record opened; null while it is routine.</param>
/// <param name="IncidentUrl">Where that incident is read.</param>
/// <param name="Messages">Every message kept for the record, in the order received.</param>
/// <param name="Alerts">The alerts the record caused (since session 56): every alert of the incidents its messages opened or were filed on (and
/// of the incident a duty officer tied it to), and those naming the record itself (<c>feed-road-warning</c>), in the order raised.</param>
public sealed record FeedDispatchView(
    string DispatchId,
    long AppliedSequence,
    string AppliedEventId,
    Guid? IncidentId,
    string? IncidentUrl,
    IReadOnlyList<FeedDispatchMessage> Messages,
    IReadOnlyList<FeedDispatchAlert> Alerts);

/// <summary>An alert of a dispatch record's history (<see cref="FeedDispatchView.Alerts"/>), as the alert list names it.</summary>
/// <param name="Id">The alert's id (<c>GET /api/v1/alerts/{id}</c>).</param>
/// <param name="Kind">new-incident, escalation, duty-due-soon, … (docs/alerts.md).</param>
/// <param name="IncidentId">Its incident; null for one naming the record itself.</param>
/// <param name="RaisedAt">When it was raised.</param>
/// <param name="Acknowledged">Whether a duty officer acknowledged it.</param>
/// <param name="AcknowledgedAt">When.</param>
/// <param name="AcknowledgedBy">Who (<c>name (role id)</c>).</param>
/// <param name="Title">Its title, for people.</param>
/// <param name="Text">Its text, for people.</param>
/// <param name="Url">Where it is read.</param>
public sealed record FeedDispatchAlert(
    long Id,
    string Kind,
    Guid? IncidentId,
    DateTimeOffset RaisedAt,
    bool Acknowledged,
    DateTimeOffset? AcknowledgedAt,
    string? AcknowledgedBy,
    string Title,
    string Text,
    string Url);

/// <summary>A message as kept: <paramref name="Outcome"/> is <c>opened</c>, <c>updated</c>, <c>routine</c> or <c>stale</c>.</summary>
/// <param name="EventId">The message's id (the deduplication key).</param>
/// <param name="Sequence">Its sequence within the record.</param>
/// <param name="UpdatedAt">The sender's time of the state it carries.</param>
/// <param name="Outcome">What it did.</param>
/// <param name="IncidentId">The incident it opened or updated, or, when stale, the record's incident then.</param>
/// <param name="ReceivedAt">When the service received it.</param>
/// <param name="SubmittedBy">Who sent it (the feed credential's name).</param>
/// <param name="LineNumber">Its line in the submission.</param>
/// <param name="Line">The line verbatim.</param>
public sealed record FeedDispatchMessage(
    string EventId,
    long Sequence,
    DateTimeOffset UpdatedAt,
    string Outcome,
    Guid? IncidentId,
    DateTimeOffset ReceivedAt,
    string SubmittedBy,
    long LineNumber,
    string Line);

public sealed class GetFeedDispatchValidator : AbstractValidator<GetFeedDispatchQuery>
{
    public GetFeedDispatchValidator()
    {
        // By a record's own rule (its length in characters, as the schema counts): an id no record can carry is a bad request, not a
        // 404, and one a record can carry is looked up.
        RuleFor(q => q.DispatchId).Must(id => FeedRecordValidator.DispatchIdProblem(id) is null)
            .WithMessage(q => FeedRecordValidator.DispatchIdProblem(q.DispatchId)!)
            .OverridePropertyName("dispatchId");
    }
}

public sealed class GetFeedDispatchHandler(IFeedStore store, IAlertStore alerts) : IRequestHandler<GetFeedDispatchQuery, FeedDispatchView>
{
    public async ValueTask<FeedDispatchView> Handle(GetFeedDispatchQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = request.DispatchId!;
        var found = await store.FindDispatchesAsync([id], cancellationToken).ConfigureAwait(false);
        if (!found.TryGetValue(id, out var dispatch))
        {
            throw new NotFoundException("dispatch record", id);
        }

        var history = await store.ReadHistoryAsync(id, cancellationToken).ConfigureAwait(false);
        // The incidents the record reached: those its messages opened or were filed on (a stale message names the record's incident then,
        // which a message of it reached), and the one it is tied to, in the order first met.
        var incidents = history.Where(m => m.Outcome is not FeedOutcomes.Routine && m.IncidentId is not null).Select(m => m.IncidentId!.Value)
            .Append(dispatch.IncidentId ?? Guid.Empty).Where(i => i != Guid.Empty).Distinct().ToArray();
        var raised = new List<StoredAlert>();
        foreach (var query in incidents.Select(i => new AlertQuery { IncidentId = i }).Append(new AlertQuery { DispatchId = id }))
        {
            raised.AddRange(await AllAsync(query, cancellationToken).ConfigureAwait(false));
        }

        return new FeedDispatchView(dispatch.DispatchId, dispatch.Sequence, dispatch.EventId, dispatch.IncidentId,
            dispatch.IncidentId is { } incident ? $"/api/v1/incidents/{incident:D}" : null,
            [.. history.Select(m => new FeedDispatchMessage(m.EventId, m.Sequence, m.UpdatedAt, m.Outcome, m.IncidentId, m.ReceivedAt, m.SubmittedBy, m.LineNumber, m.Line))],
            [.. raised.DistinctBy(a => a.Id).OrderBy(a => a.Id).Select(a => new FeedDispatchAlert(a.Id, a.Alert.Kind, a.Alert.IncidentId, a.Alert.RaisedAt,
                a.AcknowledgedAt is not null, a.AcknowledgedAt, a.AcknowledgedBy, a.Alert.Title, a.Alert.Text, $"/api/v1/alerts/{a.Id}"))]);
    }

    /// <summary>Every alert <paramref name="query"/> selects, oldest first, page after page (an incident's alerts are a few dozen).</summary>
    private async Task<List<StoredAlert>> AllAsync(AlertQuery query, CancellationToken cancellationToken)
    {
        var all = new List<StoredAlert>();
        var after = 0L;
        while (true)
        {
            var page = await alerts.QueryAsync(query with { AfterId = after, Limit = AlertQuery.MaxLimit }, cancellationToken).ConfigureAwait(false);
            all.AddRange(page);
            if (page.Count < AlertQuery.MaxLimit)
            {
                return all;
            }

            after = page[^1].Id;
        }
    }
}
