using EmergencyPlans.Application.Common;
using EmergencyPlans.Application.Incidents;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Contract;
using FluentValidation;
using Mediator;

namespace EmergencyPlans.Application.Alerts;

/// <summary>
/// GET /alerts: newest first; filters unacknowledged, kind, incident; paged by offset, or by id: <paramref name="Before"/> (newest
/// first below it) and <paramref name="After"/> (oldest first above it), which an alert stored or acknowledged between two pages
/// does not shift. <c>Dispatch</c>: only the alerts that name this feed record (<c>feed-road-warning</c>, which has no incident).
/// <c>Current</c>: true, only the alerts nothing has overtaken yet (<see cref="AlertOvertaking"/>); false, only those overtaken.
/// </summary>
public sealed record ListAlertsQuery(bool? Unacknowledged, string? Kind, Guid? Incident, int? Limit, int? Offset, long? Before = null, long? After = null, string? Dispatch = null,
    bool? Current = null)
    : IRequest<IReadOnlyList<AlertView>>;

public sealed class ListAlertsValidator : AbstractValidator<ListAlertsQuery>
{
    public ListAlertsValidator()
    {
        RuleFor(q => q.Kind).Must(AlertKinds.IsKnown).When(q => q.Kind is not null)
            .WithMessage(q => Localized.Pick($"unknown alert kind '{q.Kind}': one of ", $"没有提醒种类“{q.Kind}”，可为：") + string.Join(", ", AlertKinds.All)).OverridePropertyName("kind");
        RuleFor(q => q.Limit).PageLimit(AlertQuery.MaxLimit);
        RuleFor(q => q.Offset).NotNegative("offset");
        RuleFor(q => q.Before).NotNegative("before");
        RuleFor(q => q.After).NotNegative("after");
        RuleFor(q => q.Dispatch).Must(d => !string.IsNullOrWhiteSpace(d) && d.Length <= 100).When(q => q.Dispatch is not null)
            .WithMessage(_ => Localized.Pick("dispatch must name a 122 record (its dispatchId, 1 to 100 characters)", "dispatch 须为122接警单编号（dispatchId，1至100个字符）"))
            .OverridePropertyName("dispatch");
    }
}

public sealed class ListAlertsHandler(IAlertStore store, IncidentReader reader, TimeProvider clock) : IRequestHandler<ListAlertsQuery, IReadOnlyList<AlertView>>
{
    /// <summary>How many alerts a <c>current</c> page reads at a time while it fills (or <c>limit</c>, when larger).</summary>
    private const int Chunk = 100;

    public async ValueTask<IReadOnlyList<AlertView>> Handle(ListAlertsQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = clock.GetUtcNow();
        var limit = request.Limit ?? AlertQuery.DefaultLimit;
        var query = new AlertQuery
        {
            Unacknowledged = request.Unacknowledged,
            Kind = request.Kind,
            IncidentId = request.Incident,
            DispatchId = request.Dispatch,
            Limit = limit,
            Offset = request.Offset ?? 0,
            BeforeId = request.Before,
            AfterId = request.After,
        };
        if (request.Current is not { } current)
        {
            var rows = await store.QueryAsync(query, cancellationToken).ConfigureAwait(false);
            return await AlertOvertaking.ViewsAsync(rows, store, reader, now, cancellationToken).ConfigureAwait(false);
        }

        // Whether an alert is overtaken is known only once its incident is read, so the page is filled from the store's pages by id, each
        // after the last row of the one before (the Link header goes on from the last alert answered, as for any page). A closed incident
        // overtakes all its alerts: current=true leaves them out in SQL, and only the rest is derived. The offset counts the alerts answered.
        var page = new List<AlertView>(limit);
        var skip = request.Offset ?? 0;
        var forward = request.After is not null;
        query = query with { Offset = 0, Limit = Math.Min(AlertQuery.MaxLimit, Math.Max(limit, Chunk)), WithoutClosedIncidents = current };
        while (true)
        {
            var rows = await store.QueryAsync(query, cancellationToken).ConfigureAwait(false);
            foreach (var view in await AlertOvertaking.ViewsAsync(rows, store, reader, now, cancellationToken).ConfigureAwait(false))
            {
                if ((view.Overtaken is null) != current)
                {
                    continue;
                }

                if (skip > 0)
                {
                    skip--;
                    continue;
                }

                page.Add(view);
                if (page.Count == limit)
                {
                    return page;
                }
            }

            if (rows.Count < query.Limit)
            {
                return page;
            }

            query = forward ? query with { AfterId = rows[^1].Id } : query with { BeforeId = rows[^1].Id };
        }
    }
}
