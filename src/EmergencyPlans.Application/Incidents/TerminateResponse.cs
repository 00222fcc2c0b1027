using EmergencyPlans.Application.Common;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Contract;
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

    /// <summary>
    /// terminate (the default: end the response) | propose (the office proposes ending it, N 2.2(2) 提出……终止建议; only where the plan has such a
    /// proposal) | decline (the body that would end it turns the proposal down; the response stays active). <c>conditionsConfirmed</c> is read
    /// only by terminate.
    /// </summary>
    public string? Action { get; set; }

    /// <summary>
    /// terminate and decline: the caller, a deputy, acts on the commander's express delegation (construction 4.3.2(2) 由市指挥部指挥长或委托副指挥长;
    /// 4.6 由启动响应的指挥机构确认并结束应急响应): he ends the commander's level as the 市指挥部 would, when the delegation could have started it
    /// (Ⅱ, and Ⅲ below it; never Ⅰ, 4.3.3(2) 由市指挥部指挥长立即启动). Refused (400) where the plan delegates nothing to the caller's role (road,
    /// natural disaster; the commander himself), and with a proposal; a level the delegation does not reach is refused (403) saying why.
    /// The timeline says （受市指挥部指挥长委托）. Left out: not delegated.
    /// </summary>
    /// <remarks>Left out of a request's fingerprint when absent: a retry sent before this field existed still matches its stored key.</remarks>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public bool? DelegatedByCommander { get; set; }

    /// <summary>
    /// When the body decided to end the response, when the office records it afterwards (ended by phone at 14:00, typed in at 14:20): the
    /// termination and the duties it starts take that time (the timeline says （14:00决定，补录）). With offset; not later than now, nor before
    /// the response's last decision. Read only by terminate. Left out: now.
    /// </summary>
    /// <remarks>Left out of a request's fingerprint when absent.</remarks>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? DecidedAt { get; set; }
}

/// <summary>
/// End the response: only the body that started it (谁启动、谁终止); or record the office's proposal to end it (N 2.2(2)) and the body that ends it
/// turning that down.
/// </summary>
public sealed record TerminateResponseCommand(Guid Id, long? IfMatch, TerminationRequest Body, Actor Actor, string? IdempotencyKey = null, IncidentAnswer Answer = IncidentAnswer.View) : IRequest<IncidentChange>;

public sealed class TerminateResponseValidator : AbstractValidator<TerminateResponseCommand>
{
    public TerminateResponseValidator(TimeProvider clock)
    {
        RuleFor(c => c.Body).NotNull().WithMessage(_ => CommandMessages.BodyRequired).OverridePropertyName("$");
        RuleFor(c => c.IdempotencyKey).ValidIdempotencyKey();
        RuleFor(c => c.Body.ActingAs).ValidActingAs().When(c => c.Body is not null);
        RuleFor(c => c.Body.Action).Must(a => a is null or "terminate" or "propose" or "decline")
            .WithMessage(_ => Localized.Pick("action must be one of terminate, propose, decline",
                "action 须为 terminate（终止响应）、propose（提出终止建议）或 decline（不同意终止）"))
            .When(c => c.Body is not null).OverridePropertyName("action");
        RuleFor(c => c.Body.ConditionsConfirmed).Null()
            .WithMessage(_ => Localized.Pick("conditionsConfirmed is read only when the response is ended (action terminate)",
                "conditionsConfirmed 仅在终止响应（action 为 terminate）时填写"))
            .When(c => c.Body is not null && c.Body.Action is "propose" or "decline").OverridePropertyName("conditionsConfirmed");
        RuleFor(c => c.Body.DecidedAt).APastTime(clock, "decidedAt", ": a decision cannot be recorded as taken later than now", "：决定时间不能晚于现在")
            .When(c => c.Body?.DecidedAt is not null && c.Body.Action is null or "terminate").OverridePropertyName("decidedAt");
        RuleFor(c => c.Body.DecidedAt).Null()
            .WithMessage(_ => Localized.Pick("decidedAt is read only when the response is ended (action terminate)", "decidedAt 仅在终止响应（action 为 terminate）时填写"))
            .When(c => c.Body is not null && c.Body.Action is "propose" or "decline").OverridePropertyName("decidedAt");
        RuleFor(c => c.Body.Reason).NotEmpty().WithMessage(_ => CommandMessages.ReasonRequired).MaximumLength(2000)
            .When(c => c.Body is not null).OverridePropertyName("reason");
        // The office proposing an end (N 2.2(2)) acts in its own name: no delegation to state. It was no member of the request at all, so a
        // deputy ending the commander's level on his delegation could not say so (a construction duty officer's review, s58 #5).
        RuleFor(c => c.Body.DelegatedByCommander).Null()
            .WithMessage(_ => Localized.Pick("delegatedByCommander is read only when the response is ended (terminate) or its proposed end declined (decline)",
                "delegatedByCommander 仅在终止响应（terminate）或不同意终止（decline）时填写：提出终止建议的是市指挥部办公室（市安委办），不涉及指挥长委托"))
            .When(c => c.Body is not null && c.Body.Action is "propose").OverridePropertyName("delegatedByCommander");
    }
}

public sealed class TerminateResponseHandler(IncidentWriter writer, DecisionEngine engine) : IRequestHandler<TerminateResponseCommand, IncidentChange>
{
    public async ValueTask<IncidentChange> Handle(TerminateResponseCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var by = request.Actor.As(request.Body.ActingAs, request.Body.DelegatedByCommander ?? false);
        var key = IdempotencyKey.For(request.IdempotencyKey, "terminate-response", request.Actor, request.Id.ToString(), request.Body);
        return await writer.ChangeAsync(request.Id, request.IfMatch, key, request.Answer,
            (incident, now) =>
            {
                switch (request.Body.Action)
                {
                    case "propose":
                        incident.ProposeTermination(request.Body.Reason!, by, now);
                        break;
                    case "decline":
                        incident.DeclineTermination(request.Body.Reason!, by, now);
                        break;
                    default:
                        incident.TerminateResponse(request.Body.Reason!, request.Body.ConditionsConfirmed, by, now, engine, CommandRules.TakenBefore(request.Body.DecidedAt, now));
                        break;
                }
            },
            cancellationToken).ConfigureAwait(false);
    }
}
