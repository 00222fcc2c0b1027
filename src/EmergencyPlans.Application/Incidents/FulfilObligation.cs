using EmergencyPlans.Application.Common;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Lifecycles;
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
        RuleFor(c => c.Body!).SetValidator(new FulfilmentRequestValidator(clock)).When(c => c.Body is not null).OverridePropertyName(string.Empty);
    }
}

/// <summary>A fulfilment's own rules: made in the past (not after now), a note of at most 2,000 characters.</summary>
public sealed class FulfilmentRequestValidator : AbstractValidator<FulfilmentRequest>
{
    public FulfilmentRequestValidator(TimeProvider clock)
    {
        RuleFor(b => b.MadeAt).APastTime(clock, "madeAt", ": a report cannot be marked as made before it was made", "：报告尚未作出，不能记为已报告")
            .When(b => b.MadeAt is not null).OverridePropertyName("madeAt");
        RuleFor(b => b.Note).MaximumLength(2000).OverridePropertyName("note");
    }
}

/// <summary>
/// A duty already done when its incident is opened, recorded in the opening's own change: the 122 call that opened a feed incident
/// (R 5.1.1). One write, as if <see cref="FulfilObligationCommand"/> had followed the opening at once. <paramref name="IfOwed"/>: recorded
/// only when the opening owes a duty of that code (a report the closed incident of the same accident made, carried to the incident 122's
/// later casualties opened again: the opening owes it only when its figures call for it).
/// </summary>
public sealed record OpeningFulfilment(string Code, FulfilmentRequest Body, bool IfOwed = false);

public sealed class FulfilObligationHandler(IncidentWriter writer, DecisionEngine engine) : IRequestHandler<FulfilObligationCommand, IncidentChange>
{
    public async ValueTask<IncidentChange> Handle(FulfilObligationCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var by = request.Actor.As(null);
        // The target is written out only for a keyed request (a drill's and most REST commands are not).
        var key = request.IdempotencyKey is null ? null : IdempotencyKey.For(request.IdempotencyKey, "fulfil-obligation", request.Actor, $"{request.Id}/{request.Code}", request.Body);
        return await writer.ChangeAsync(request.Id, request.IfMatch, key, request.Answer,
            (incident, now) => Fulfil(incident, request.Code, request.Body, by, now, engine),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Records a validated fulfilment on the incident's duty <paramref name="code"/>, made at its <c>madeAt</c>, else now: the one reading of a
    /// <see cref="FulfilmentRequest"/>, for this command and for a duty done at an opening (<see cref="OpeningFulfilment"/>).
    /// </summary>
    internal static void Fulfil(Incident incident, string code, FulfilmentRequest? body, LifecycleActor by, DateTimeOffset now, DecisionEngine engine) =>
        incident.FulfilObligation(code, AssessmentContract.ParseOccurredAt(body?.MadeAt) ?? now, body?.Note, by, now, engine);
}
