using EmergencyPlans.Application.Common;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Lifecycles;
using FluentValidation;
using Mediator;

namespace EmergencyPlans.Application.Alerts;

/// <summary>POST /alerts/{id}/acknowledge: who and when are recorded once; a second acknowledgement changes nothing.</summary>
public sealed record AcknowledgeAlertCommand(long Id, Actor Actor, string? IdempotencyKey = null) : IRequest<AlertView>;

public sealed class AcknowledgeAlertValidator : AbstractValidator<AcknowledgeAlertCommand>
{
    public AcknowledgeAlertValidator()
    {
        RuleFor(c => c.Id).GreaterThanOrEqualTo(1)
            .WithMessage(_ => Localized.Pick("id must be an alert's id, 1 or more", "id 须为提醒编号（1或更大的整数）")).OverridePropertyName("id");
        RuleFor(c => c.IdempotencyKey).ValidIdempotencyKey();
    }
}

/// <remarks>Idempotent by nature, as <see cref="Acknowledgers.RememberKeyAsync"/> says.</remarks>
public sealed class AcknowledgeAlertHandler(IAlertStore store, IIncidentStore keys, TimeProvider clock, Incidents.IncidentReader reader)
    : IRequestHandler<AcknowledgeAlertCommand, AlertView>
{
    public async ValueTask<AlertView> Handle(AcknowledgeAlertCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        var target = request.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Acknowledgers.RememberKeyAsync(keys, request.IdempotencyKey, "acknowledge-alert", request.Actor, target, null, cancellationToken).ConfigureAwait(false);
        var stored = await store.AcknowledgeAsync(request.Id, Acknowledgers.By(request.Actor), clock.GetUtcNow(), cancellationToken).ConfigureAwait(false)
                     ?? throw new NotFoundException("alert", target);
        return (await AlertOvertaking.ViewsAsync([stored], store, reader, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false))[0];
    }
}

/// <summary>GET /alerts/{id}: one alert as the list gives it, with what overtook it.</summary>
public sealed record GetAlertQuery(long Id) : IRequest<AlertView>;

public sealed class GetAlertValidator : AbstractValidator<GetAlertQuery>
{
    public GetAlertValidator()
    {
        RuleFor(c => c.Id).GreaterThanOrEqualTo(1)
            .WithMessage(_ => Localized.Pick("id must be an alert's id, 1 or more", "id 须为提醒编号（1或更大的整数）")).OverridePropertyName("id");
    }
}

public sealed class GetAlertHandler(IAlertStore store, TimeProvider clock, Incidents.IncidentReader reader) : IRequestHandler<GetAlertQuery, AlertView>
{
    public async ValueTask<AlertView> Handle(GetAlertQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stored = await store.GetAsync(request.Id, cancellationToken).ConfigureAwait(false)
                     ?? throw new NotFoundException("alert", request.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return (await AlertOvertaking.ViewsAsync([stored], store, reader, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false))[0];
    }
}

/// <summary>What acknowledging one alert and acknowledging an incident's alerts share: who acknowledged, and the Idempotency-Key.</summary>
internal static class Acknowledgers
{
    /// <summary>"display name (role)", as the incident log names actors; the role is the caller's first that may acknowledge.</summary>
    public static string By(Actor actor)
    {
        var role = actor.Roles.FirstOrDefault(r => RoleCatalogue.Find(r)?.Can(RoleCapabilities.Acknowledge) == true)
                   ?? (actor.Roles.Count > 0 ? actor.Roles[0] : "none");
        return new LifecycleActor(role, actor.Name).ToString();
    }

    /// <summary>
    /// Acknowledging is idempotent by nature (the first acknowledgement is kept), so a retry is simply done again; an Idempotency-Key is
    /// still remembered so that reusing it for another request is refused (422), as on every other POST.
    /// </summary>
    public static async Task RememberKeyAsync(IIncidentStore keys, string? idempotencyKey, string operation, Actor actor, string target, object? body,
        CancellationToken cancellationToken)
    {
        if (Common.IdempotencyKey.For(idempotencyKey, operation, actor, target, body) is not { } key)
        {
            return;
        }

        if (await keys.FindIdempotencyAsync(key.Key, cancellationToken).ConfigureAwait(false) is { } recorded)
        {
            key.EnsureSameRequest(recorded);
        }
        else if (!await keys.RecordIdempotencyAsync(key.Record(null, null), cancellationToken).ConfigureAwait(false))
        {
            key.EnsureSameRequest(await keys.FindIdempotencyAsync(key.Key, cancellationToken).ConfigureAwait(false) ?? key.Record(null, null));
        }
    }
}

/// <summary>
/// POST /alerts/acknowledge: every alert of one incident, or of one 122 record, nobody has acknowledged yet, up to the newest the officer
/// saw (<see cref="AcknowledgeAlertsRequest.Through"/>). An incident dealt with left its done alerts in the unacknowledged list one by one
/// (a duty officer's review, session 54: 29 unacknowledged, most of them done, the live ones lost among them).
/// </summary>
public sealed record AcknowledgeAlertsCommand(AcknowledgeAlertsRequest Body, Actor Actor, string? IdempotencyKey = null) : IRequest<AlertsAcknowledged>;

/// <summary>Whose alerts to acknowledge: one incident or one 122 record, up to an alert id.</summary>
public sealed class AcknowledgeAlertsRequest
{
    /// <summary>The incident whose alerts are acknowledged; or <c>dispatchId</c>, not both.</summary>
    public Guid? IncidentId { get; set; }

    /// <summary>The 122 record whose alerts (those that name it, with no incident) are acknowledged; or <c>incidentId</c>.</summary>
    public string? DispatchId { get; set; }

    /// <summary>The newest alert id the officer saw: alerts above it (raised since) are left unacknowledged.</summary>
    public long? Through { get; set; }
}

/// <summary>The alerts this request acknowledged (ascending; empty when all were already acknowledged), by whom and when.</summary>
public sealed record AlertsAcknowledged(IReadOnlyList<long> Acknowledged, string AcknowledgedBy, string? AcknowledgedByName, DateTimeOffset AcknowledgedAt);

public sealed class AcknowledgeAlertsValidator : AbstractValidator<AcknowledgeAlertsCommand>
{
    public AcknowledgeAlertsValidator()
    {
        RuleFor(c => c.Body).NotNull().WithMessage(_ => Common.CommandMessages.BodyRequired).OverridePropertyName("$");
        RuleFor(c => c.Body.IncidentId).Must((c, id) => (id is null) != (c.Body.DispatchId is null))
            .WithMessage(_ => Localized.Pick("name the alerts' incident (incidentId) or their 122 record (dispatchId), one of the two",
                "须指明提醒所属的事件（incidentId）或122接警单（dispatchId），二者取一"))
            .When(c => c.Body is not null).OverridePropertyName("incidentId");
        RuleFor(c => c.Body.DispatchId).Must(d => !string.IsNullOrWhiteSpace(d) && d.Length <= 100)
            .WithMessage(_ => Localized.Pick("dispatchId must name a 122 record (1 to 100 characters)", "dispatchId 须为122接警单编号（1至100个字符）"))
            .When(c => c.Body?.DispatchId is not null).OverridePropertyName("dispatchId");
        RuleFor(c => c.Body.Through).Must(t => t is >= 1)
            .WithMessage(_ => Localized.Pick("through must be the newest alert id seen (1 or more): alerts raised since are left for you to see",
                "through 须为已看到的最新提醒编号（1或更大的整数）：此后新产生的提醒不在确认之列"))
            .When(c => c.Body is not null).OverridePropertyName("through");
        RuleFor(c => c.IdempotencyKey).ValidIdempotencyKey();
    }
}

public sealed class AcknowledgeAlertsHandler(IAlertStore store, IIncidentStore keys, TimeProvider clock) : IRequestHandler<AcknowledgeAlertsCommand, AlertsAcknowledged>
{
    public async ValueTask<AlertsAcknowledged> Handle(AcknowledgeAlertsCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = request.Body;
        var target = body.IncidentId is { } incident ? incident.ToString("D") : "122:" + body.DispatchId;
        await Acknowledgers.RememberKeyAsync(keys, request.IdempotencyKey, "acknowledge-alerts", request.Actor, target, body, cancellationToken).ConfigureAwait(false);
        var (by, at) = (Acknowledgers.By(request.Actor), clock.GetUtcNow());
        var ids = await store.AcknowledgeAllAsync(body.IncidentId, body.DispatchId, body.Through!.Value, by, at, cancellationToken).ConfigureAwait(false);
        return new AlertsAcknowledged(ids, by, AlertView.NameOf(by), at);
    }
}
