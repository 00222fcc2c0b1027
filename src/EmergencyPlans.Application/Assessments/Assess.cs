using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Contract;
using FluentValidation;
using Mediator;

namespace EmergencyPlans.Application.Assessments;

/// <summary>POST /assessments: a stateless evaluation of a report; nothing is stored.</summary>
public sealed record AssessCommand(AssessmentRequest Report) : IRequest<AssessmentResponse>;

/// <summary>
/// Everything that can be checked without the plan version in force. The version is resolved once, by
/// the engine in <see cref="AssessHandler"/>, which reports "not in force" and an unknown headquarters
/// level as the same 400 failures.
/// </summary>
public sealed class AssessCommandValidator : AbstractValidator<AssessCommand>
{
    public AssessCommandValidator(DecisionEngine engine, TimeProvider clock)
    {
        RuleFor(c => c.Report).NotNull().WithMessage("a JSON body is required")
            .SetValidator(new AssessmentRequestValidator(engine, clock, checkPlanVersion: false))
            .OverridePropertyName(string.Empty);
    }
}

public sealed class AssessHandler(DecisionEngine engine) : IRequestHandler<AssessCommand, AssessmentResponse>
{
    public ValueTask<AssessmentResponse> Handle(AssessCommand request, CancellationToken cancellationToken)
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
            throw new ValidationException([PlanVersionChecks.NotInForce(report)]);
        }

        // Checked after assessing because only the resolved version knows its levels; an unknown level
        // cannot have changed the result (no decision rule names it), and nothing was stored.
        if (PlanVersionChecks.HeadquartersLevel(assessment.Plan, report) is { } failure)
        {
            throw new ValidationException([failure]);
        }

        return ValueTask.FromResult(AssessmentContract.ToResponse(assessment));
    }
}
