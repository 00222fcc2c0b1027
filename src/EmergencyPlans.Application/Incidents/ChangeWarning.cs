using EmergencyPlans.Application.Common;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Lifecycles;
using FluentValidation;
using Mediator;

namespace EmergencyPlans.Application.Incidents;

/// <summary>
/// Warnings. Construction (3.2.2, 3.2.4) sets no colours: the office submits a warning for the headquarters'
/// judgement (propose, no colour), the commander judges (issue) and the office issues, updates (adjust, no colour,
/// 变更的应及时更新) and lifts it (谁发布,谁解除). Road warnings (4.4–4.6). propose: the office suggests a colour. issue / adjust: the approver of that
/// colour approves and the office issues — for orange and yellow the caller is the approver (commander,
/// deputy commander); for red the province approves, so the office records the province's approval.
/// lift: only the issuer (谁发布、谁解除). reject: the approver turns a proposal down.
/// </summary>
public sealed class WarningRequest
{
    /// <summary>propose | issue | adjust | lift | reject</summary>
    public string? Action { get; set; }
    public Guid? WarningId { get; set; }

    /// <summary>yellow | orange | red (propose, adjust) for a plan with colours (road); absent for a plan without (construction).</summary>
    public string? Colour { get; set; }
    public string? Reason { get; set; }
    public string? ActingAs { get; set; }

    /// <summary>Red only, and required to issue or adjust to red: who in the province approved (省人民政府或授权的省有关部门), as the office records it.</summary>
    public string? ProvinceApproval { get; set; }

    /// <summary>
    /// Lift only. True: the issuer confirms that the assessment of road 4.6 found the conditions for lifting met (有事实证明…危险已经解除的,
    /// 经评估符合相应条件时). Needed while the latest report still meets a colour that no other warning in force covers (else 409, naming the
    /// colour and the clause); recorded in the timeline and the decision. False is refused. Left out, a lift is recorded as not confirmed.
    /// </summary>
    public bool? ConditionsAssessed { get; set; }
}

public sealed record ChangeWarningCommand(Guid Id, long? IfMatch, WarningRequest Body, Actor Actor, string? IdempotencyKey = null, IncidentAnswer Answer = IncidentAnswer.View) : IRequest<IncidentChange>;

public sealed class ChangeWarningValidator : AbstractValidator<ChangeWarningCommand>
{
    public ChangeWarningValidator()
    {
        RuleFor(c => c.Body).NotNull().WithMessage(_ => CommandMessages.BodyRequired).OverridePropertyName("$");
        RuleFor(c => c.IdempotencyKey).ValidIdempotencyKey();
        RuleFor(c => c.Body.ActingAs).ValidActingAs().When(c => c.Body is not null);
        // Each rule states its own condition: a shared When block caches its result keyed by the command's structural hash.
        RuleFor(c => c.Body.Action).Must(a => a is "propose" or "issue" or "adjust" or "lift" or "reject")
            .WithMessage(_ => Localized.Pick("action must be one of propose, issue, adjust, lift, reject", "action 须为 propose（提请）、issue（发布）、adjust（调整）、lift（解除）或 reject（不予发布）")).When(c => c.Body is not null).OverridePropertyName("action");
        // Whether a colour is needed at all is the plan's to say (construction has none): the incident checks that.
        RuleFor(c => c.Body.Colour).Must(c => c is "yellow" or "orange" or "red").WithMessage(_ => Localized.Pick("colour must be yellow, orange or red", "colour 须为 yellow（黄色）、orange（橙色）或 red（红色）"))
            .When(c => c.Body is { Action: "propose" or "adjust", Colour: not null }).OverridePropertyName("colour");
        RuleFor(c => c.Body.Colour).Null().WithMessage(_ => Localized.Pick("colour is given only to propose or adjust", "只有提请（propose）或调整（adjust）预警时才给出颜色 colour"))
            .When(c => c.Body is { Action: "issue" or "lift" or "reject" }).OverridePropertyName("colour");
        RuleFor(c => c.Body.WarningId).NotNull().WithMessage(_ => Localized.Pick("warningId is required for this action", "此项操作须指明预警 warningId"))
            .When(c => c.Body is { Action: "issue" or "adjust" or "lift" or "reject" }).OverridePropertyName("warningId");
        RuleFor(c => c.Body.Reason).NotEmpty().WithMessage(_ => CommandMessages.ReasonRequired).MaximumLength(2000)
            .When(c => c.Body is not null).OverridePropertyName("reason");
        RuleFor(c => c.Body.ProvinceApproval).MaximumLength(500).When(c => c.Body is not null).OverridePropertyName("provinceApproval");
        RuleFor(c => c.Body.ConditionsAssessed).Null()
            .WithMessage(_ => Localized.Pick("conditionsAssessed is read only when a warning is lifted (action lift)",
                "conditionsAssessed 仅在解除预警（action 为 lift）时填写"))
            .When(c => c.Body is not null && c.Body.Action is "propose" or "issue" or "adjust" or "reject").OverridePropertyName("conditionsAssessed");
    }
}

public sealed class ChangeWarningHandler(IncidentWriter writer) : IRequestHandler<ChangeWarningCommand, IncidentChange>
{
    public async ValueTask<IncidentChange> Handle(ChangeWarningCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = request.Body;
        var caller = request.Actor.As(body.ActingAs);
        var key = IdempotencyKey.For(request.IdempotencyKey, "change-warning", request.Actor, request.Id.ToString(), body);
        WarningColour? colour = Names.TryParseColour(body.Colour, out var c) ? c : null;
        var proposalId = Guid.CreateVersion7(writer.Clock.GetUtcNow());
        return await writer.ChangeAsync(request.Id, request.IfMatch, key, request.Answer,
            (incident, now) =>
            {
                if (body.Action == "propose")
                {
                    incident.ProposeWarning(proposalId, colour, body.Reason!, caller, now);
                    return;
                }

                incident.ChangeWarning(body.WarningId!.Value, body.Action!, colour, body.Reason!, caller, body.ProvinceApproval, now, body.ConditionsAssessed);
            },
            cancellationToken).ConfigureAwait(false);
    }
}
