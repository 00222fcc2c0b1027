using EmergencyPlans.Application.Common;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Lifecycles;
using FluentValidation;
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
    public string? Note { get; set; }
    public string? ActingAs { get; set; }
}

public sealed record RecordClockEventCommand(Guid Id, long? IfMatch, ClockEventRequest Body, Actor Actor, string? IdempotencyKey = null, IncidentAnswer Answer = IncidentAnswer.View) : IRequest<IncidentChange>;

public sealed class RecordClockEventValidator : AbstractValidator<RecordClockEventCommand>
{
    public RecordClockEventValidator(TimeProvider clock)
    {
        RuleFor(c => c.Body).NotNull().WithMessage(_ => CommandMessages.BodyRequired).OverridePropertyName("$");
        RuleFor(c => c.IdempotencyKey).ValidIdempotencyKey();
        RuleFor(c => c.Body.ActingAs).ValidActingAs().When(c => c.Body is not null);
        // Each rule states its own condition: a shared When block caches its result keyed by the command's structural hash, which cost a quarter of a drill step.
        RuleFor(c => c.Body.Kind).Must(k => ClockEvents.Find(k) is not null)
            .WithMessage(_ => Localized.Pick("kind must be one of ", "kind 须为下列之一：") + string.Join(", ", ClockEvents.All.Select(k => k.Name)))
            .When(c => c.Body is not null).OverridePropertyName("kind");
        RuleFor(c => c.Body.HappenedAt).APastTime(clock, "happenedAt", "", "")
            .When(c => c.Body?.HappenedAt is not null).OverridePropertyName("happenedAt");
        RuleFor(c => c.Body.OrderedBy).Must(o => o is "county" or "city")
            .WithMessage(_ => Localized.Pick("orderedBy (county or city) is required for a dispatch order: the notice sets different times for each", "调度指令须写明下达者 orderedBy（county 县级或 city 市级）：通知对两者规定的时限不同"))
            .When(c => c.Body?.Kind == ClockEvents.DispatchOrder).OverridePropertyName("orderedBy");
        RuleFor(c => c.Body.OrderedBy).Null().WithMessage(_ => Localized.Pick("orderedBy goes with a dispatch order only", "只有调度指令才写下达者 orderedBy"))
            .When(c => c.Body is not null && c.Body.Kind != ClockEvents.DispatchOrder).OverridePropertyName("orderedBy");
        RuleFor(c => c.Body.Note).MaximumLength(2000).When(c => c.Body is not null).OverridePropertyName("note");
    }
}

public sealed class RecordClockEventCommandHandler(IncidentWriter writer, DecisionEngine engine) : IRequestHandler<RecordClockEventCommand, IncidentChange>
{
    public async ValueTask<IncidentChange> Handle(RecordClockEventCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = request.Body;
        var kind = ClockEvents.Find(body.Kind)!; // validated
        var by = request.Actor.As(body.ActingAs);
        if (RoleCatalogue.Find(by.RoleId) is not { } role || !role.Can(kind.Capability))
        {
            // A fact the office learns is recorded by whoever reports; a judgement about the situation only by a body that decides.
            // Only roles that may also reach this endpoint (it needs Report) are named.
            throw new LifecycleAuthorityException("incident", "record " + kind.Name, by, RoleCatalogue.With(kind.Capability | RoleCapabilities.Report), kind.Label);
        }

        // The target is written out only for a keyed request (a drill's and most REST commands are not).
        var key = request.IdempotencyKey is null ? null : IdempotencyKey.For(request.IdempotencyKey, "record-clock-event", request.Actor, request.Id.ToString(), body);
        var happenedAt = AssessmentContract.ParseOccurredAt(body.HappenedAt);
        return await writer.ChangeAsync(request.Id, request.IfMatch, key, request.Answer,
            (incident, now) => incident.RecordClockEvent(kind.Name, happenedAt ?? now, body.OrderedBy, body.Note, by, now, engine),
            cancellationToken).ConfigureAwait(false);
    }
}
