using EmergencyPlans.Application.Common;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;
using FluentValidation;
using Mediator;

namespace EmergencyPlans.Application.Incidents;

/// <summary>GET /incidents/{id}. Obligation status (pending, met, late, overdue) is computed against now.</summary>
public sealed record GetIncidentQuery(Guid Id) : IRequest<IncidentView>;

public sealed class GetIncidentHandler(IncidentReader reader, TimeProvider clock) : IRequestHandler<GetIncidentQuery, IncidentView>
{
    public async ValueTask<IncidentView> Handle(GetIncidentQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await reader.GetAsync(request.Id, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>GET /incidents: filters open, plan, level, response state, overdue; newest first.</summary>
public sealed record ListIncidentsQuery(bool? Open, string? Plan, string? Level, bool? Overdue, int? Limit, int? Offset, string? ResponseState)
    : IRequest<IReadOnlyList<IncidentSummaryView>>;

public sealed class ListIncidentsValidator : AbstractValidator<ListIncidentsQuery>
{
    public ListIncidentsValidator(DecisionEngine engine)
    {
        RuleFor(q => q.Plan).Must(p => engine.Catalog.Knows(p!)).When(q => q.Plan is not null)
            .WithMessage(q => Localized.Pick($"unknown plan '{q.Plan}': one of {engine.Catalog.Listed(false)}", $"没有预案“{q.Plan}”，可为：{engine.Catalog.Listed(true)}")).OverridePropertyName("plan");
        RuleFor(q => q.Level).Must(l => Names.TryParseLevel(l, out _)).When(q => q.Level is not null)
            .WithMessage(_ => Localized.Pick("level must be one of I, II, III, IV", "level 须为 I、II、III 或 IV（Ⅰ—Ⅳ级）")).OverridePropertyName("level");
        RuleFor(q => q.ResponseState).Must(ResponseStates.IsKnown).When(q => q.ResponseState is not null)
            .WithMessage(_ => Localized.Pick("responseState must be one of ", "responseState 须为下列之一：") + string.Join(", ", ResponseStates.All)).OverridePropertyName("responseState");
        RuleFor(q => q.Limit).PageLimit(IncidentQuery.MaxLimit);
        RuleFor(q => q.Offset).NotNegative("offset");
    }
}

public sealed class ListIncidentsHandler(IIncidentStore store, IncidentReader reader, TimeProvider clock) : IRequestHandler<ListIncidentsQuery, IReadOnlyList<IncidentSummaryView>>
{
    public async ValueTask<IReadOnlyList<IncidentSummaryView>> Handle(ListIncidentsQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = clock.GetUtcNow();
        var rows = await store.QueryAsync(new IncidentQuery
        {
            Open = request.Open,
            PlanId = request.Plan,
            Level = request.Level,
            ResponseState = request.ResponseState,
            OverdueAt = request.Overdue == true ? now : null,
            Limit = request.Limit ?? IncidentQuery.DefaultLimit,
            Offset = request.Offset ?? 0,
        }, cancellationToken).ConfigureAwait(false);
        var views = new IncidentSummaryView[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            views[i] = IncidentReader.ToView(rows[i], await reader.AssessmentAsync(rows[i].Id, rows[i].Version, cancellationToken).ConfigureAwait(false), now);
        }

        return views;
    }
}
