using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Contract;
using FluentValidation;
using Mediator;

namespace EmergencyPlans.Application.Alerts;

/// <summary>GET /alerts: newest first; filters unacknowledged, kind, incident; paged.</summary>
public sealed record ListAlertsQuery(bool? Unacknowledged, string? Kind, Guid? Incident, int? Limit, int? Offset) : IRequest<IReadOnlyList<AlertView>>;

public sealed class ListAlertsValidator : AbstractValidator<ListAlertsQuery>
{
    public ListAlertsValidator()
    {
        RuleFor(q => q.Kind).Must(AlertKinds.IsKnown).When(q => q.Kind is not null)
            .WithMessage(q => Localized.Pick($"unknown alert kind '{q.Kind}': one of ", $"没有提醒种类“{q.Kind}”，可为：") + string.Join(", ", AlertKinds.All)).OverridePropertyName("kind");
        RuleFor(q => q.Limit).InclusiveBetween(1, AlertQuery.MaxLimit).OverridePropertyName("limit");
        RuleFor(q => q.Offset).GreaterThanOrEqualTo(0).OverridePropertyName("offset");
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
            Limit = request.Limit ?? AlertQuery.DefaultLimit,
            Offset = request.Offset ?? 0,
        }, cancellationToken).ConfigureAwait(false);
        return rows.Select(AlertView.From).ToArray();
    }
}
