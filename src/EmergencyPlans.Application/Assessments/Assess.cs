using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Contract;
using FluentValidation;
using Mediator;

namespace EmergencyPlans.Application.Assessments;

/// <summary>POST /assessments: a stateless evaluation of a report; nothing is stored.</summary>
public sealed record AssessCommand(AssessmentRequest Report) : IRequest<AssessmentResponse>;

public sealed class AssessCommandValidator : AbstractValidator<AssessCommand>
{
    public AssessCommandValidator(DecisionEngine engine, TimeProvider clock)
    {
        RuleFor(c => c.Report).NotNull().WithMessage("a JSON body is required")
            .SetValidator(new AssessmentRequestValidator(engine, clock))
            .OverridePropertyName(string.Empty);
    }
}

public sealed class AssessHandler(DecisionEngine engine) : IRequestHandler<AssessCommand, AssessmentResponse>
{
    public ValueTask<AssessmentResponse> Handle(AssessCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var assessment = engine.Assess(AssessmentContract.ToInput(request.Report));
        return ValueTask.FromResult(AssessmentContract.ToResponse(assessment));
    }
}
