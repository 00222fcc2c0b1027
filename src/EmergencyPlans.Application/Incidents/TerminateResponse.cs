using EmergencyPlans.Application.Common;
using EmergencyPlans.Core.Assessment;
using FluentValidation;
using Mediator;

namespace EmergencyPlans.Application.Incidents;

public sealed class TerminationRequest
{
    public string? Reason { get; set; }
    public string? ActingAs { get; set; }
}

/// <summary>End the response: only the body that started it (谁启动、谁终止).</summary>
public sealed record TerminateResponseCommand(Guid Id, long? IfMatch, TerminationRequest Body, Actor Actor) : IRequest<IncidentView>;

public sealed class TerminateResponseValidator : AbstractValidator<TerminateResponseCommand>
{
    public TerminateResponseValidator()
    {
        RuleFor(c => c.Body).NotNull().WithMessage("a JSON body is required").OverridePropertyName("$");
        RuleFor(c => c.Body.Reason).NotEmpty().WithMessage("reason is required: every decision records why").MaximumLength(2000)
            .When(c => c.Body is not null).OverridePropertyName("reason");
    }
}

public sealed class TerminateResponseHandler(IncidentWriter writer, DecisionEngine engine) : IRequestHandler<TerminateResponseCommand, IncidentView>
{
    public async ValueTask<IncidentView> Handle(TerminateResponseCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var actor = request.Actor.As(request.Body.ActingAs);
        return await writer.ChangeAsync(request.Id, request.IfMatch, "response-terminated", request.Actor, request.Body,
            (record, now) => IncidentAggregate.Terminate(record, engine.Resolve(record.PlanId, record.OccurredAt), request.Body.Reason!, actor, now),
            cancellationToken).ConfigureAwait(false);
    }
}
