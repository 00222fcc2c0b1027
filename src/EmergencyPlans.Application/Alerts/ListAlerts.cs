using EmergencyPlans.Application.Common;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Contract;
using FluentValidation;
using Mediator;

namespace EmergencyPlans.Application.Alerts;

/// <summary>
/// GET /alerts: newest first; filters unacknowledged, kind, incident; paged by offset, or by id: <paramref name="Before"/> (newest
/// first below it) and <paramref name="After"/> (oldest first above it), which an alert stored or acknowledged between two pages
/// does not shift. <c>Dispatch</c>: only the alerts that name this feed record (<c>feed-road-warning</c>, which has no incident).
/// </summary>
public sealed record ListAlertsQuery(bool? Unacknowledged, string? Kind, Guid? Incident, int? Limit, int? Offset, long? Before = null, long? After = null, string? Dispatch = null)
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

public sealed class ListAlertsHandler(IAlertStore store) : IRequestHandler<ListAlertsQuery, IReadOnlyList<AlertView>>
{
    public async ValueTask<IReadOnlyList<AlertView>> Handle(ListAlertsQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var rows = await store.QueryAsync(new AlertQuery
        {
            Unacknowledged = request.Unacknowledged,
            Kind = request.Kind,
            IncidentId = request.Incident,
            DispatchId = request.Dispatch,
            Limit = request.Limit ?? AlertQuery.DefaultLimit,
            Offset = request.Offset ?? 0,
            BeforeId = request.Before,
            AfterId = request.After,
        }, cancellationToken).ConfigureAwait(false);
        return rows.Select(AlertView.From).ToArray();
    }
}
