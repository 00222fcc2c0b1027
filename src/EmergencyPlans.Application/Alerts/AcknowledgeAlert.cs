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

/// <remarks>
/// Acknowledging is idempotent by nature (the first acknowledgement is kept), so a retry is simply done
/// again; an Idempotency-Key is still remembered so that reusing it for another alert is refused (422), as
/// on every other POST.
/// </remarks>
public sealed class AcknowledgeAlertHandler(IAlertStore store, IIncidentStore keys, TimeProvider clock) : IRequestHandler<AcknowledgeAlertCommand, AlertView>
{
    public async ValueTask<AlertView> Handle(AcknowledgeAlertCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // "display name (role)", as the incident log names actors; the role is the caller's first that may acknowledge.
        var role = request.Actor.Roles.FirstOrDefault(r => RoleCatalogue.Find(r)?.Can(RoleCapabilities.Acknowledge) == true)
                   ?? (request.Actor.Roles.Count > 0 ? request.Actor.Roles[0] : "none");
        var target = request.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (Common.IdempotencyKey.For(request.IdempotencyKey, "acknowledge-alert", request.Actor, target, null) is { } key)
        {
            if (await keys.FindIdempotencyAsync(key.Key, cancellationToken).ConfigureAwait(false) is { } recorded)
            {
                key.EnsureSameRequest(recorded);
            }
            else if (!await keys.RecordIdempotencyAsync(key.Record(null, null), cancellationToken).ConfigureAwait(false))
            {
                key.EnsureSameRequest(await keys.FindIdempotencyAsync(key.Key, cancellationToken).ConfigureAwait(false) ?? key.Record(null, null));
            }
        }

        var stored = await store.AcknowledgeAsync(request.Id, new LifecycleActor(role, request.Actor.Name).ToString(), clock.GetUtcNow(), cancellationToken).ConfigureAwait(false)
                     ?? throw new NotFoundException("alert", target);
        return AlertView.From(stored);
    }
}
