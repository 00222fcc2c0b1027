using EmergencyPlans.Application.Common;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Contract;
using FluentValidation;
using Mediator;

namespace EmergencyPlans.Application.Assessments;

/// <summary>POST /assessments: a stateless evaluation of a report; nothing is stored.</summary>
public sealed record AssessCommand(AssessmentRequest Report, Actor? Actor = null, string? IdempotencyKey = null) : IRequest<AssessmentResponse>;

public sealed class AssessCommandValidator : AbstractValidator<AssessCommand>
{
    public AssessCommandValidator(DecisionEngine engine, TimeProvider clock)
    {
        RuleFor(c => c.Report).NotNull().WithMessage("a JSON body is required")
            .SetValidator(new AssessmentRequestValidator(engine, clock))
            .OverridePropertyName(string.Empty);
        RuleFor(c => c.IdempotencyKey).ValidIdempotencyKey();
    }
}

/// <remarks>
/// An assessment changes nothing, so a retry is simply computed again; an Idempotency-Key is still
/// remembered so that reusing it for a different report is refused (422) as on every other POST.
/// </remarks>
public sealed class AssessHandler(DecisionEngine engine, IIncidentStore store) : IRequestHandler<AssessCommand, AssessmentResponse>
{
    public async ValueTask<AssessmentResponse> Handle(AssessCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (IdempotencyKey.For(request.IdempotencyKey, "assess", request.Actor ?? Actor.Anonymous, "", request.Report) is { } key
            && (await store.FindIdempotencyAsync(key.Key, cancellationToken).ConfigureAwait(false)) is var recorded)
        {
            if (recorded is not null)
            {
                key.EnsureSameRequest(recorded);
            }
            else if (!await store.RecordIdempotencyAsync(key.Record(null, null), cancellationToken).ConfigureAwait(false))
            {
                key.EnsureSameRequest(await store.FindIdempotencyAsync(key.Key, cancellationToken).ConfigureAwait(false) ?? key.Record(null, null));
            }
        }

        var assessment = engine.Assess(AssessmentContract.ToInput(request.Report));
        return AssessmentContract.ToResponse(assessment);
    }
}
