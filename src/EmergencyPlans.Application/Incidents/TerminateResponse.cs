using EmergencyPlans.Application.Common;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Incidents;
using FluentValidation;
using Mediator;

namespace EmergencyPlans.Application.Incidents;

public sealed class TerminationRequest
{
    public string? Reason { get; set; }
    public string? ActingAs { get; set; }

    /// <summary>
    /// True: the body ending the response confirms that the plan's termination conditions hold (the incident's
    /// <c>response.termination.conditions</c>). False is refused. Left out, the termination is recorded as not confirmed.
    /// </summary>
    public bool? ConditionsConfirmed { get; set; }
}

/// <summary>End the response: only the body that started it (谁启动、谁终止).</summary>
public sealed record TerminateResponseCommand(Guid Id, long? IfMatch, TerminationRequest Body, Actor Actor, string? IdempotencyKey = null, IncidentAnswer Answer = IncidentAnswer.View) : IRequest<IncidentChange>;

public sealed class TerminateResponseValidator : AbstractValidator<TerminateResponseCommand>
{
    public TerminateResponseValidator()
    {
        RuleFor(c => c.Body).NotNull().WithMessage(_ => CommandMessages.BodyRequired).OverridePropertyName("$");
        RuleFor(c => c.IdempotencyKey).ValidIdempotencyKey();
        RuleFor(c => c.Body.ActingAs).ValidActingAs().When(c => c.Body is not null);
        RuleFor(c => c.Body.Reason).NotEmpty().WithMessage(_ => CommandMessages.ReasonRequired).MaximumLength(2000)
            .When(c => c.Body is not null).OverridePropertyName("reason");
    }
}

public sealed class TerminateResponseHandler(IncidentWriter writer, DecisionEngine engine) : IRequestHandler<TerminateResponseCommand, IncidentChange>
{
    public async ValueTask<IncidentChange> Handle(TerminateResponseCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var by = request.Actor.As(request.Body.ActingAs);
        var key = IdempotencyKey.For(request.IdempotencyKey, "terminate-response", request.Actor, request.Id.ToString(), request.Body);
        return await writer.ChangeAsync(request.Id, request.IfMatch, key, request.Answer,
            (incident, now) => incident.TerminateResponse(request.Body.Reason!, request.Body.ConditionsConfirmed, by, now, engine),
            cancellationToken).ConfigureAwait(false);
    }
}
