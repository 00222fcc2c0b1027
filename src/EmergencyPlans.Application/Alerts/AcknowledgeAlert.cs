using EmergencyPlans.Application.Common;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using FluentValidation;
using Mediator;

namespace EmergencyPlans.Application.Alerts;

/// <summary>POST /alerts/{id}/acknowledge: who and when are recorded once; a second acknowledgement changes nothing.</summary>
public sealed record AcknowledgeAlertCommand(long Id, Actor Actor) : IRequest<AlertView>;

public sealed class AcknowledgeAlertValidator : AbstractValidator<AcknowledgeAlertCommand>
{
    public AcknowledgeAlertValidator()
    {
        RuleFor(c => c.Id).GreaterThanOrEqualTo(1).OverridePropertyName("id");
    }
}

public sealed class AcknowledgeAlertHandler(IAlertStore store, TimeProvider clock) : IRequestHandler<AcknowledgeAlertCommand, AlertView>
{
    public async ValueTask<AlertView> Handle(AcknowledgeAlertCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // "display name (role)", as the incident log names actors; the role is the caller's first that may acknowledge.
        var role = request.Actor.Roles.FirstOrDefault(r => RoleCatalogue.Find(r)?.Can(RoleCapabilities.Acknowledge) == true)
                   ?? (request.Actor.Roles.Count > 0 ? request.Actor.Roles[0] : "none");
        var stored = await store.AcknowledgeAsync(request.Id, $"{request.Actor.Name} ({role})", clock.GetUtcNow(), cancellationToken).ConfigureAwait(false)
                     ?? throw new NotFoundException("alert", request.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return AlertView.From(stored);
    }
}
