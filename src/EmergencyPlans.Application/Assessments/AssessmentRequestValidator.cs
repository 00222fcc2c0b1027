using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;
using FluentValidation;

namespace EmergencyPlans.Application.Assessments;

/// <summary>
/// Validates an incident report against the contract and the loaded plans. Property names in failures
/// are the JSON paths a client sent (figures.deaths), so a problem document names the field.
/// </summary>
public sealed class AssessmentRequestValidator : AbstractValidator<AssessmentRequest>
{
    /// <summary>Reports from a clock a few minutes fast are accepted; later ones are refused.</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    public AssessmentRequestValidator(DecisionEngine engine, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(clock);
        var catalog = engine.Catalog;

        RuleFor(r => r.Plan).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("plan is required: one of " + string.Join(", ", catalog.PlanIds))
            .Must(p => catalog.Knows(p!)).WithMessage(r => $"unknown plan '{r.Plan}': one of {string.Join(", ", catalog.PlanIds)}")
            .OverridePropertyName("plan");

        RuleFor(r => r.OccurredAt).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("occurredAt is required")
            .Must(t => AssessmentContract.ParseOccurredAt(t) is not null)
            .WithMessage("occurredAt must be an ISO 8601 date and time with its UTC offset, e.g. 2026-03-01T08:00:00+08:00")
            .Must(t => AssessmentContract.ParseOccurredAt(t) <= clock.GetUtcNow() + FutureTolerance)
            .WithMessage(_ => $"occurredAt is more than {FutureTolerance.TotalMinutes:0} minutes in the future (now {clock.GetUtcNow():O})")
            .OverridePropertyName("occurredAt");

        RuleFor(r => r).Must(r => catalog.Resolve(r.Plan!, AssessmentContract.ParseOccurredAt(r.OccurredAt)!.Value) is not null)
            .When(r => r.Plan is not null && catalog.Knows(r.Plan) && AssessmentContract.ParseOccurredAt(r.OccurredAt) is not null)
            .WithMessage(r => $"no version of plan '{r.Plan}' was in force at {r.OccurredAt}")
            .OverridePropertyName("occurredAt");

        RuleFor(r => r.Figures!).SetValidator(new FiguresValidator(catalog.City)).When(r => r.Figures is not null).OverridePropertyName("figures");
        RuleFor(r => r.Judgements!).SetValidator(new JudgementsValidator()).When(r => r.Judgements is not null).OverridePropertyName("judgements");
        RuleFor(r => r.Judgements!.HeadquartersLevel)
            .Must((r, l) => Names.TryParseLevel(l, out var level) && engine.Resolve(r.Plan!, AssessmentContract.ParseOccurredAt(r.OccurredAt)!.Value).Response.Find(level) is not null)
            .When(r => r.Judgements?.HeadquartersLevel is not null && Names.TryParseLevel(r.Judgements.HeadquartersLevel, out _)
                       && r.Plan is not null && AssessmentContract.ParseOccurredAt(r.OccurredAt) is { } at && catalog.Resolve(r.Plan, at) is not null)
            .WithMessage(r => $"plan '{r.Plan}' has no level {r.Judgements!.HeadquartersLevel}")
            .OverridePropertyName("judgements.headquartersLevel");
        RuleFor(r => r.Conditions!).SetValidator(new ConditionsValidator()).When(r => r.Conditions is not null).OverridePropertyName("conditions");
    }

    public sealed class FiguresValidator : AbstractValidator<FiguresDto>
    {
        public FiguresValidator(Core.Plans.City city)
        {
            const string NotNegative = "{PropertyName} cannot be negative (leave it out or null when unknown)";

            // Far above every threshold (the city has about 2.2 million people): a larger figure is a typing error.
            const long MaxCount = 100_000_000;
            const string TooLarge = "{PropertyName} is implausibly large (at most {ComparisonValue}); check the figure";
            void Count(System.Linq.Expressions.Expression<Func<FiguresDto, long?>> figure, string name) =>
                RuleFor(figure).GreaterThanOrEqualTo(0).WithMessage(NotNegative).LessThanOrEqualTo(MaxCount).WithMessage(TooLarge).OverridePropertyName(name);

            Count(f => f.Deaths, "deaths");
            Count(f => f.Missing, "missing");
            Count(f => f.Trapped, "trapped");
            Count(f => f.Endangered, "endangered");
            Count(f => f.SeriousInjuries, "seriousInjuries");
            Count(f => f.Injured, "injured");
            Count(f => f.Relocated, "relocated");
            Count(f => f.CollapsedRooms, "collapsedRooms");
            Count(f => f.CollapsedHouseholds, "collapsedHouseholds");
            Count(f => f.DroughtAidPeople, "droughtAidPeople");
            RuleFor(f => f.DirectLossWan).GreaterThanOrEqualTo(0).WithMessage(NotNegative)
                .LessThanOrEqualTo(1_000_000_000m).WithMessage(TooLarge).OverridePropertyName("directLossWan");
            RuleFor(f => f.Injured).GreaterThanOrEqualTo(f => f.SeriousInjuries)
                .When(f => f.Injured is not null && f.SeriousInjuries is not null)
                .WithMessage("injured counts all injured, so it cannot be less than seriousInjuries").OverridePropertyName("injured");
            RuleFor(f => f.Pollution).Must(p => Names.TryParsePollution(p, out _)).When(f => f.Pollution is not null)
                .WithMessage("pollution must be one of none, some, major").OverridePropertyName("pollution");
            RuleFor(f => f.DeclaredGrade).Must(g => Names.TryParseGrade(g, out _)).When(f => f.DeclaredGrade is not null)
                .WithMessage("declaredGrade must be one of ordinary, relatively-serious, serious, especially-serious").OverridePropertyName("declaredGrade");
            RuleForEach(f => f.DisruptedCounties).Must(c => city.IsCounty(c))
                .WithMessage((_, county) => $"unknown county '{county}': one of {string.Join(", ", city.Counties.Select(c => c.Name))}")
                .OverridePropertyName("disruptedCounties");
            RuleFor(f => f.DisruptedCounties).Must(c => c!.Distinct(StringComparer.Ordinal).Count() == c!.Count)
                .When(f => f.DisruptedCounties is not null).WithMessage("a county is listed twice").OverridePropertyName("disruptedCounties");
        }
    }

    public sealed class JudgementsValidator : AbstractValidator<JudgementsDto>
    {
        public JudgementsValidator()
        {
            RuleFor(j => j.DecidedBy).NotEmpty()
                .When(j => j.ExceedsCountyCapacity == true || j.ExceedsCityCapacity == true || j.CountyCanHandle == true || j.LargeSocialImpact == true
                           || j.OtherSeriousRoadImpact == true || j.HeadquartersLevel is not null)
                .WithMessage("decidedBy is required with a judgement: it is a human decision and the record must say whose (R6)")
                .OverridePropertyName("decidedBy");
            RuleFor(j => j.DecidedBy).MaximumLength(200).OverridePropertyName("decidedBy");
            RuleFor(j => j.HeadquartersLevel).Must(l => Names.TryParseLevel(l, out _)).When(j => j.HeadquartersLevel is not null)
                .WithMessage("headquartersLevel must be one of I, II, III, IV").OverridePropertyName("headquartersLevel");
            RuleFor(j => j.Reason).MaximumLength(2000).OverridePropertyName("reason");
        }
    }

    public sealed class ConditionsValidator : AbstractValidator<ConditionsDto>
    {
        public ConditionsValidator()
        {
            RuleFor(c => c.WeatherWarning).Must(w => Names.TryParseColour(w, out _)).When(c => c.WeatherWarning is not null)
                .WithMessage("weatherWarning must be one of blue, yellow, orange, red").OverridePropertyName("weatherWarning");
            RuleFor(c => c.VisibilityMetres).GreaterThanOrEqualTo(0).OverridePropertyName("visibilityMetres");
            RuleFor(c => c.WindForce).InclusiveBetween(0, 17).OverridePropertyName("windForce");
            RuleFor(c => c.TownshipsAffected).GreaterThanOrEqualTo(0).OverridePropertyName("townshipsAffected");
            RuleFor(c => c.MainRoadRepairHours).GreaterThanOrEqualTo(0).OverridePropertyName("mainRoadRepairHours");
        }
    }
}
