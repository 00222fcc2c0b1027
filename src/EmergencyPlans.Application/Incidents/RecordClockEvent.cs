using EmergencyPlans.Application.Common;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Lifecycles;
using EmergencyPlans.Core.Plans;
using FluentValidation;
using FluentValidation.Results;
using Mediator;

namespace EmergencyPlans.Application.Incidents;

/// <summary>Something that starts or ends duty clocks: the city asks to verify, a dispatch order, arrival on site, special circumstances set or cleared, handling finished, the situation stable.</summary>
public sealed class ClockEventRequest
{
    /// <summary>One of the kinds in <see cref="ClockEvents"/>.</summary>
    public string? Kind { get; set; }

    /// <summary>When it happened (ISO 8601 with offset); defaults to now. The clocks it starts run from here.</summary>
    public string? HappenedAt { get; set; }

    /// <summary>For a dispatch order: county | city (who gave the order; the notice sets 6 h for county and 8 h for city supplies).</summary>
    public string? OrderedBy { get; set; }

    /// <summary>
    /// For a command handover (<c>command-handover</c>, construction 4.2 向上级指挥部移交现场指挥权): who took command on site, as the
    /// 上级指挥部 is called (泽州县建设工程事故应急指挥部, 市指挥部现场指挥部). Required for that kind, refused with any other.
    /// </summary>
    public string? TakenBy { get; set; }

    public string? Note { get; set; }
    public string? ActingAs { get; set; }
}

public sealed record RecordClockEventCommand(Guid Id, long? IfMatch, ClockEventRequest Body, Actor Actor, string? IdempotencyKey = null, IncidentAnswer Answer = IncidentAnswer.View) : IRequest<IncidentChange>;

public sealed class RecordClockEventValidator : AbstractValidator<RecordClockEventCommand>
{
    /// <summary>The longest <see cref="ClockEventRequest.TakenBy"/>: a headquarters' full name with its county is under 40 characters.</summary>
    public const int TakenByMaxLength = 100;

    public RecordClockEventValidator(TimeProvider clock)
    {
        RuleFor(c => c.Body).NotNull().WithMessage(_ => CommandMessages.BodyRequired).OverridePropertyName("$");
        RuleFor(c => c.IdempotencyKey).ValidIdempotencyKey();
        RuleFor(c => c.Body.ActingAs).ValidActingAs().When(c => c.Body is not null);
        // Each rule states its own condition: a shared When block caches its result keyed by the command's structural hash, which cost a quarter of a drill step.
        // kind, and orderedBy for a dispatch order, are checked against the incident's plan by the handler (RecordClockEventCommandHandler.Check):
        // the kinds a plan takes differ, and a plan without dispatch orders refuses the kind before asking who gave the order.
        RuleFor(c => c.Body.HappenedAt).APastTime(clock, "happenedAt", ": a clock event is recorded once it has happened", "：节点发生后才能记录")
            .When(c => c.Body?.HappenedAt is not null).OverridePropertyName("happenedAt");
        RuleFor(c => c.Body.OrderedBy).Null().WithMessage(_ => Localized.Pick("orderedBy goes with a dispatch order only", "只有调拨指令（dispatch-order）才写下达者 orderedBy"))
            .When(c => c.Body is not null && c.Body.Kind != ClockEvents.DispatchOrder).OverridePropertyName("orderedBy");
        RuleFor(c => c.Body.TakenBy).Null().WithMessage(_ => Localized.Pick("takenBy goes with a command handover only", "只有现场指挥权移交才写接管者 takenBy"))
            .When(c => c.Body is not null && c.Body.Kind != ClockEvents.CommandHandover).OverridePropertyName("takenBy");
        RuleFor(c => c.Body.TakenBy).MaximumLength(TakenByMaxLength).When(c => c.Body is not null).OverridePropertyName("takenBy");
        RuleFor(c => c.Body.Note).MaximumLength(2000).When(c => c.Body is not null).OverridePropertyName("note");
    }
}

public sealed class RecordClockEventCommandHandler(IncidentWriter writer, DecisionEngine engine) : IRequestHandler<RecordClockEventCommand, IncidentChange>
{
    public async ValueTask<IncidentChange> Handle(RecordClockEventCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = request.Body;
        var kind = ClockEvents.Find(body.Kind); // null: refused naming kind once the incident's plan is known
        var by = request.Actor.As(body.ActingAs);
        if (kind is not null && (RoleCatalogue.Find(by.RoleId) is not { } role || !role.Can(kind.Capability)))
        {
            // A fact the office learns is recorded by whoever reports; a judgement about the situation only by a body that decides.
            // Only roles that may also reach this endpoint (it needs Report) are named.
            throw new LifecycleAuthorityException("incident", "record " + kind.Name, by, RoleCatalogue.With(kind.Capability | RoleCapabilities.Report), kind.Label);
        }

        // The target is written out only for a keyed request (a drill's and most REST commands are not).
        var key = request.IdempotencyKey is null ? null : IdempotencyKey.For(request.IdempotencyKey, "record-clock-event", request.Actor, request.Id.ToString(), body);
        var happenedAt = AssessmentContract.ParseOccurredAt(body.HappenedAt);
        return await writer.ChangeAsync(request.Id, request.IfMatch, key, request.Answer,
            (incident, now) =>
            {
                Check(incident.Plan, kind, body.OrderedBy);
                incident.RecordClockEvent(kind!.Name, happenedAt ?? now, body.OrderedBy, body.Note, by, now, engine, body.TakenBy);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// What the validator cannot check without the incident's plan, as it would (400 naming the field): a missing or unknown kind, listing
    /// the kinds <paramref name="plan"/> takes (it listed every kind, city-request and arrival among them, to a natural-disaster incident that
    /// refuses them); and who gave a dispatch order, asked only where the plan takes one (a construction incident was told to name
    /// orderedBy for a dispatch order the plan does not take at all, then refused the kind once it did: the incident refuses the kind first).
    /// </summary>
    private static void Check(Plan plan, ClockEventKind? kind, string? orderedBy)
    {
        if (kind is null)
        {
            var taken = ClockEvents.All.Where(k => ClockEvents.AppliesTo(plan, k)).ToArray();
            throw new ValidationException([new ValidationFailure("kind", Localized.Pick(
                $"kind must be one of the kinds this plan ({plan.Metadata.DocumentNumber}) takes: {string.Join(", ", taken.Select(k => k.Name))}",
                $"kind 须为本预案（{plan.Metadata.DocumentNumber}）所用的下列之一：{string.Join("，", taken.Select(k => $"{k.Name}（{k.Label}）"))}"))]);
        }

        if (kind.Name == ClockEvents.DispatchOrder && ClockEvents.AppliesTo(plan, kind) && orderedBy is not ("county" or "city"))
        {
            throw new ValidationException([new ValidationFailure("orderedBy", Localized.Pick(
                "orderedBy (county or city) is required for a dispatch order: the notice sets different times for each",
                "调拨指令须写明下达者 orderedBy（county 县级或 city 市级）：晋市政发〔2026〕1号（十九）对两者规定的运抵时限不同"))]);
        }
    }
}
