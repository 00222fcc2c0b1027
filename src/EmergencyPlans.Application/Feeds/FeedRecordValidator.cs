using EmergencyPlans.Application.Assessments;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Contract;
using FluentValidation;

namespace EmergencyPlans.Application.Feeds;

/// <summary>
/// The rules a 122 record must meet before anything is decided about it (docs/feed-122.md). A failure
/// names the field; the line is then rejected and quarantined, and the batch goes on.
/// </summary>
public sealed class FeedRecordValidator : AbstractValidator<FeedRecord>
{
    /// <summary>Longest eventId: it becomes part of an Idempotency-Key (at most 200 characters).</summary>
    public const int MaxEventIdLength = 180;

    /// <summary>The longest dispatchId (接警单编号) a record may carry.</summary>
    public const int MaxDispatchIdLength = 100;

    /// <summary>Whether <paramref name="id"/> is a valid eventId: 1 to <see cref="MaxEventIdLength"/> printable ASCII characters without spaces.</summary>
    public static bool IsEventId(string id) =>
        id is { Length: > 0 and <= MaxEventIdLength } && id.All(c => c is >= '!' and <= '~');

    public FeedRecordValidator(DecisionEngine engine, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(clock);
        var city = engine.Catalog.City;

        RuleFor(r => r.EventId).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("eventId is required")
            .Must(id => IsEventId(id!))
            .WithMessage($"eventId must be 1 to {MaxEventIdLength} printable ASCII characters without spaces")
            .OverridePropertyName("eventId");
        RuleFor(r => r.DispatchId).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("dispatchId (接警单编号) is required").MaximumLength(MaxDispatchIdLength)
            .OverridePropertyName("dispatchId");
        RuleFor(r => r.Sequence).NotNull().WithMessage("sequence is required").GreaterThanOrEqualTo(0).OverridePropertyName("sequence");
        RuleFor(r => r.UpdatedAt).Must(BeATime).WithMessage("updatedAt must be ISO 8601 with its UTC offset, e.g. 2026-03-01T08:05:00+08:00")
            .OverridePropertyName("updatedAt");
        RuleFor(r => r.CallAt).Must(BeATime).WithMessage("callAt (报警时间) must be ISO 8601 with its UTC offset, e.g. 2026-03-01T08:01:00+08:00")
            .OverridePropertyName("callAt");
        RuleFor(r => r.OccurredAt).Must(BeATime).WithMessage("occurredAt must be ISO 8601 with its UTC offset, or null while unknown")
            .When(r => r.OccurredAt is not null).OverridePropertyName("occurredAt");
        RuleFor(r => r).Must(r => AssessmentContract.ParseOccurredAt(r.OccurredAt ?? r.CallAt) is not { } at
                                  || AssessmentContract.ParseOccurredAt(r.UpdatedAt) is not { } updated || at <= updated)
            .WithMessage("occurredAt (or callAt while it is unknown) cannot be after updatedAt").OverridePropertyName("occurredAt");

        // A sender whose clock runs fast: every record says so, not only the ones that would open an incident (whose occurrence the
        // incident's own check refused, as "occurredAt" even when callAt stood for it, while the routine ones were taken).
        RuleFor(r => r.UpdatedAt).Must(t => AssessmentContract.ParseOccurredAt(t) is not { } at || at <= clock.GetUtcNow() + AssessmentContract.ClockTolerance)
            .WithMessage(r => $"updatedAt {r.UpdatedAt} is more than {AssessmentContract.ClockTolerance.TotalMinutes:0} minutes after the service's clock "
                              + $"(now {clock.GetUtcNow().ToOffset(CityTime.Offset):yyyy-MM-ddTHH:mm:sszzz}): is the sender's clock right? Correct it and send the line again")
            .OverridePropertyName("updatedAt");
        RuleFor(r => r.County).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("county is required")
            .Must(c => city.IsCounty(c!)).WithMessage(r => $"unknown county '{r.County}': one of {string.Join(", ", city.Counties.Select(x => x.Name))}")
            .OverridePropertyName("county");
        RuleFor(r => r.Road!.Code).NotEmpty().WithMessage("road.code is required when road is given (G207, S331…)").MaximumLength(20)
            .When(r => r.Road is not null).OverridePropertyName("road.code");
        RuleFor(r => r.Road!.Km).GreaterThanOrEqualTo(0).WithMessage("road.km cannot be negative").LessThan(100_000m)
            .When(r => r.Road is not null).OverridePropertyName("road.km");
        RuleFor(r => r.Road!.Name).MaximumLength(100).When(r => r.Road is not null).OverridePropertyName("road.name");
        RuleFor(r => r.Nature).Must(n => n is not null && FeedNatures.Names.ContainsKey(n))
            .WithMessage(r => $"nature must be one of {string.Join(" | ", FeedNatures.Names.Keys)}; got '{r.Nature}'").OverridePropertyName("nature");
        RuleFor(r => r.Figures!).SetValidator(new AssessmentRequestValidator.FiguresValidator(city))
            .When(r => r.Figures is not null).OverridePropertyName("figures");
        RuleFor(r => r.Text).MaximumLength(4000).OverridePropertyName("text");
        RuleFor(r => r.Status).Must(s => s is not null && FeedStatuses.Names.ContainsKey(s))
            .WithMessage(r => $"status must be one of {string.Join(" | ", FeedStatuses.Names.Keys)}; got '{r.Status}'").OverridePropertyName("status");
    }

    private static bool BeATime(string? text) => AssessmentContract.ParseOccurredAt(text) is not null;
}
