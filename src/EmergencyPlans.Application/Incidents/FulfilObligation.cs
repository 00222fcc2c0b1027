using EmergencyPlans.Application.Common;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Incidents;
using FluentValidation;
using Mediator;

namespace EmergencyPlans.Application.Incidents;

public sealed class FulfilmentRequest
{
    /// <summary>When the report was actually made (ISO 8601 with offset); defaults to now.</summary>
    public string? MadeAt { get; set; }
    public string? Note { get; set; }
}

/// <summary>Mark a phone, written or continuation report as made; on time or late is computed from its due time.</summary>
public sealed record FulfilObligationCommand(Guid Id, string Code, long? IfMatch, FulfilmentRequest? Body, Actor Actor, string? IdempotencyKey = null, IncidentAnswer Answer = IncidentAnswer.View) : IRequest<IncidentChange>;

public sealed class FulfilObligationValidator : AbstractValidator<FulfilObligationCommand>
{
    public FulfilObligationValidator(TimeProvider clock)
    {
        RuleFor(c => c.Code).NotEmpty().MaximumLength(100).OverridePropertyName("code");
        RuleFor(c => c.IdempotencyKey).ValidIdempotencyKey();
        RuleFor(c => c.Body!.MadeAt).APastTime(clock, "madeAt", ": a report cannot be marked as made before it was made", "：报告尚未作出，不能记为已报告")
            .When(c => c.Body?.MadeAt is not null).OverridePropertyName("madeAt");
        RuleFor(c => c.Body!.Note).MaximumLength(2000).When(c => c.Body is not null).OverridePropertyName("note");
    }
}

public sealed class FulfilObligationHandler(IncidentWriter writer, DecisionEngine engine) : IRequestHandler<FulfilObligationCommand, IncidentChange>
{
    public async ValueTask<IncidentChange> Handle(FulfilObligationCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var by = request.Actor.As(null);
        // The target is written out only for a keyed request (a drill's and most REST commands are not).
        var key = request.IdempotencyKey is null ? null : IdempotencyKey.For(request.IdempotencyKey, "fulfil-obligation", request.Actor, $"{request.Id}/{request.Code}", request.Body);
        var madeAt = AssessmentContract.ParseOccurredAt(request.Body?.MadeAt);
        return await writer.ChangeAsync(request.Id, request.IfMatch, key, request.Answer,
            (incident, now) => incident.FulfilObligation(request.Code, madeAt ?? now, request.Body?.Note, by, now, engine),
            cancellationToken).ConfigureAwait(false);
    }
}
