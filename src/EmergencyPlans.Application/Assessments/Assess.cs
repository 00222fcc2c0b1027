using EmergencyPlans.Application.Common;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Contract;
using FluentValidation;
using Mediator;

namespace EmergencyPlans.Application.Assessments;

/// <summary>POST /assessments: a stateless evaluation of a report; nothing is stored.</summary>
public sealed record AssessCommand(AssessmentRequest Report, Actor? Actor = null, string? IdempotencyKey = null) : IRequest<AssessmentResponse>;

/// <summary>
/// Everything that can be checked without the plan version in force. The version is resolved once, by
/// the engine in <see cref="AssessHandler"/>, which reports "not in force" and an unknown headquarters
/// level as the same 400 failures.
/// </summary>
public sealed class AssessCommandValidator : AbstractValidator<AssessCommand>
{
    public AssessCommandValidator(DecisionEngine engine, TimeProvider clock)
    {
        RuleFor(c => c.Report).NotNull().WithMessage(_ => CommandMessages.BodyRequired)
            .SetValidator(new AssessmentRequestValidator(engine, clock, checkPlanVersion: false))
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
        var report = request.Report;
        Assessment assessment;
        try
        {
            // The one resolution of the plan for this request happens inside Assess.
            assessment = engine.Assess(AssessmentContract.ToInput(report));
        }
        catch (PlanNotInForceException e) when (e.PlanKnown)
        {
            throw new ValidationException([PlanVersionChecks.NotInForce(engine.Catalog, report)]);
        }

        // Checked after assessing because only the resolved version knows its levels; an unknown level
        // cannot have changed the result (no decision rule names it), and nothing was stored.
        if (PlanVersionChecks.HeadquartersLevel(assessment.Plan, report) is { } failure)
        {
            throw new ValidationException([failure]);
        }

        if (IdempotencyKey.For(request.IdempotencyKey, "assess", request.Actor ?? Actor.Anonymous, "", report) is { } key)
        {
            if (await store.FindIdempotencyAsync(key.Key, cancellationToken).ConfigureAwait(false) is { } recorded)
            {
                key.EnsureSameRequest(recorded);
            }
            else if (!await store.RecordIdempotencyAsync(key.Record(null, null), cancellationToken).ConfigureAwait(false))
            {
                key.EnsureSameRequest(await store.FindIdempotencyAsync(key.Key, cancellationToken).ConfigureAwait(false) ?? key.Record(null, null));
            }
        }

        return AssessmentContract.ToResponse(assessment);
    }
}
