using EmergencyPlans.Application.Common;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using FluentValidation;
using Mediator;

namespace EmergencyPlans.Application.Incidents;

/// <summary>
/// Activate a response level, or adjust the active one; or record the office's proposal to activate one (提出启动……响应建议) and
/// the decider turning it down. The level's authority is checked per plan.
/// </summary>
public sealed class ResponseDecisionRequest
{
    /// <summary>I | II | III | IV; not read by decline (the proposal's level is the one declined).</summary>
    public string? Level { get; set; }

    /// <summary>activate (the default) | adjust | propose | decline</summary>
    public string? Action { get; set; }
    public string? Reason { get; set; }

    /// <summary>The role the caller acts in, when the credential carries several.</summary>
    public string? ActingAs { get; set; }

    /// <summary>
    /// Construction: the commander delegated this deputy (4.3.2(2) 由市指挥部指挥长或委托副指挥长立即启动Ⅱ级响应): he starts Ⅱ (and Ⅲ below it),
    /// raises to it, and lowers the commander's level when the delegation could have started it (Ⅱ; never Ⅰ, 4.3.3(2) 由市指挥部指挥长立即启动;
    /// 4.6 由启动响应的指挥机构确认并结束应急响应, ADR 0003 #76). Refused (400) where the plan delegates nothing to the caller's role (road,
    /// natural disaster; the commander himself). The timeline says （受市指挥部指挥长委托）.
    /// </summary>
    public bool? DelegatedByCommander { get; set; }

    /// <summary>
    /// activate and adjust: when the body decided, when the office records it afterwards (a decision by phone at 09:05, typed in at 09:20): ISO
    /// 8601 with its offset, not later than now, not before the occurrence nor the response's last decision. The decision and the duties it
    /// starts take this time; the timeline says （…决定，补录）. Omitted: decided now.
    /// </summary>
    /// <remarks>Left out of a request's fingerprint when absent: a retry sent before this field existed still matches its stored key.</remarks>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? DecidedAt { get; set; }
}

public sealed record DecideResponseCommand(Guid Id, long? IfMatch, ResponseDecisionRequest Body, Actor Actor, string? IdempotencyKey = null, IncidentAnswer Answer = IncidentAnswer.View) : IRequest<IncidentChange>;

public sealed class DecideResponseValidator : AbstractValidator<DecideResponseCommand>
{
    public DecideResponseValidator(TimeProvider clock)
    {
        RuleFor(c => c.Body).NotNull().WithMessage(_ => CommandMessages.BodyRequired).OverridePropertyName("$");
        RuleFor(c => c.IdempotencyKey).ValidIdempotencyKey();
        RuleFor(c => c.Body.ActingAs).ValidActingAs().When(c => c.Body is not null);
        RuleFor(c => c.Body.Level).Must(l => Names.TryParseLevel(l, out _)).WithMessage(_ => Localized.Pick("level must be one of I, II, III, IV", "level 须为 I、II、III 或 IV（Ⅰ—Ⅳ级）"))
            .When(c => c.Body is not null && (c.Body.Action != "decline" || c.Body.Level is not null)).OverridePropertyName("level");
        RuleFor(c => c.Body.Action).Must(a => a is null or "activate" or "adjust" or "propose" or "decline")
            .WithMessage(_ => Localized.Pick("action must be one of activate, adjust, propose, decline",
                "action 须为 activate（启动）、adjust（调整）、propose（提出启动建议）或 decline（不同意启动）"))
            .When(c => c.Body is not null).OverridePropertyName("action");
        RuleFor(c => c.Body.Reason).NotEmpty().WithMessage(_ => CommandMessages.ReasonRequired).MaximumLength(2000)
            .When(c => c.Body is not null).OverridePropertyName("reason");
        RuleFor(c => c.Body.DecidedAt).APastTime(clock, "decidedAt", ": a decision cannot be recorded as taken later than now", "：决定时间不能晚于现在")
            .When(c => c.Body?.DecidedAt is not null && c.Body.Action is null or "activate" or "adjust").OverridePropertyName("decidedAt");
        RuleFor(c => c.Body.DecidedAt).Null()
            .WithMessage(_ => Localized.Pick("decidedAt goes with activate or adjust", "decidedAt 仅用于启动（activate）或调整（adjust）响应"))
            .When(c => c.Body is not null && c.Body.Action is "propose" or "decline").OverridePropertyName("decidedAt");
        // The office proposing a level (C 4.3.2(2) 市指挥部办公室……提出启动Ⅱ级响应建议; R 5.3.x 启动程序) acts in its own name: the commander's
        // delegation is the decider's (由市指挥部指挥长或委托副指挥长……启动). Read nowhere on a proposal, the flag was taken in silence, as the
        // termination's proposal refuses it (TerminateResponse).
        RuleFor(c => c.Body.DelegatedByCommander).Null()
            .WithMessage(_ => Localized.Pick("delegatedByCommander is read only when a level is decided (activate, adjust) or a proposed one declined (decline)",
                "delegatedByCommander 仅在启动（activate）、调整（adjust）或不同意启动（decline）时填写：提出启动建议的是市指挥部办公室（市安委办），不涉及指挥长委托"))
            .When(c => c.Body is not null && c.Body.Action is "propose").OverridePropertyName("delegatedByCommander");
    }
}

public sealed class DecideResponseHandler(IncidentWriter writer, DecisionEngine engine) : IRequestHandler<DecideResponseCommand, IncidentChange>
{
    public async ValueTask<IncidentChange> Handle(DecideResponseCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = request.Body;
        _ = Names.TryParseLevel(body.Level, out var level); // validated
        var by = request.Actor.As(body.ActingAs, body.DelegatedByCommander ?? false);
        var key = IdempotencyKey.For(request.IdempotencyKey, "decide-response", request.Actor, request.Id.ToString(), body);
        return await writer.ChangeAsync(request.Id, request.IfMatch, key, request.Answer,
            (incident, now) =>
            {
                switch (body.Action)
                {
                    case "propose":
                        incident.ProposeResponse(level, body.Reason!, by, now, engine);
                        break;
                    case "decline":
                        incident.DeclineResponse(body.Reason!, by, now);
                        break;
                    default:
                        incident.DecideResponse(level, body.Action == "adjust", body.Reason!, by, now, engine, CommandRules.TakenBefore(body.DecidedAt, now));
                        break;
                }
            },
            cancellationToken).ConfigureAwait(false);
    }
}
