using System.Globalization;
using EmergencyPlans.Application.Common;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Plans;
using FluentValidation;
using FluentValidation.Results;

namespace EmergencyPlans.Application.Assessments;

/// <summary>
/// Validates an incident report against the contract and the loaded plans. Property names in failures
/// are the JSON paths a client sent (figures.deaths), so a problem document names the field.
/// </summary>
public sealed class AssessmentRequestValidator : AbstractValidator<AssessmentRequest>
{
    /// <summary>Reports from a clock a few minutes fast are accepted; later ones are refused.</summary>
    public static readonly TimeSpan FutureTolerance = AssessmentContract.ClockTolerance;

    /// <summary>Every rule, including those that need the plan version in force (one resolution per validation).</summary>
    public AssessmentRequestValidator(DecisionEngine engine, TimeProvider clock)
        : this(engine, clock, checkPlanVersion: true)
    {
    }

    /// <param name="engine">The plans.</param>
    /// <param name="clock">For "not in the future".</param>
    /// <param name="checkPlanVersion">
    /// False when the caller resolves the plan itself and reports <see cref="PlanVersionChecks"/> from that
    /// single resolution (the assessment handler), so the plan is not resolved twice for one request.
    /// </param>
    public AssessmentRequestValidator(DecisionEngine engine, TimeProvider clock, bool checkPlanVersion)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(clock);
        var catalog = engine.Catalog;

        RuleFor(r => r.Plan).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(_ => Localized.Pick("plan is required: one of " + catalog.Listed(false), "缺少预案 plan，可为：" + catalog.Listed(true)))
            .Must(p => catalog.Knows(p!)).WithMessage(r => Localized.Pick($"unknown plan '{r.Plan}': one of {catalog.Listed(false)}", $"没有预案“{r.Plan}”，可为：{catalog.Listed(true)}"))
            .OverridePropertyName("plan");

        // OccurredAtInstant was parsed once, when the request was read; the rules only look at the result.
        RuleFor(r => r.OccurredAt).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(_ => Localized.Pick("occurredAt is required", "缺少事发时间 occurredAt"))
            .Must((r, _) => r.OccurredAtInstant is not null)
            .WithMessage(_ => Localized.Pick("occurredAt must be an ISO 8601 date and time with its UTC offset, e.g. 2026-03-01T08:00:00+08:00",
                "事发时间 occurredAt 应为带时区的 ISO 8601 时间，如 2026-03-01T08:00:00+08:00"))
            .Must((r, _) => r.OccurredAtInstant <= clock.GetUtcNow() + FutureTolerance)
            .WithMessage(_ => Localized.Pick($"occurredAt is more than {FutureTolerance.TotalMinutes:0} minutes in the future (now {clock.GetUtcNow().ToOffset(CityTime.Offset):yyyy-MM-ddTHH:mm:sszzz})",
                $"事发时间 occurredAt 晚于现在 {FutureTolerance.TotalMinutes:0} 分钟以上（现在 {clock.GetUtcNow().ToOffset(CityTime.Offset):yyyy-MM-dd HH:mm}）"))
            .OverridePropertyName("occurredAt");

        if (checkPlanVersion)
        {
            // One resolution answers both questions that need the version in force.
            RuleFor(r => r.OccurredAtInstant).Custom((at, context) =>
            {
                var r = context.InstanceToValidate;
                if (at is not { } instant || r.Plan is null || !catalog.Knows(r.Plan))
                {
                    return;
                }

                var failure = catalog.Resolve(r.Plan, instant) is { } plan ? PlanVersionChecks.HeadquartersLevel(plan, r) : PlanVersionChecks.NotInForce(catalog, r);
                if (failure is not null)
                {
                    context.AddFailure(failure.PropertyName, failure.ErrorMessage);
                }
            });
        }

        // A figure is named in the words of the plan the report is for (natural disaster: 失踪), resolved only to say a problem.
        RuleFor(r => r.Figures!).SetValidator(new FiguresValidator(catalog.City, context =>
                context.ParentContext?.InstanceToValidate is AssessmentRequest { Plan: { } planId, OccurredAtInstant: { } at } && catalog.Knows(planId)
                    ? catalog.Resolve(planId, at)?.FigureLabels ?? FigureLabels.None
                    : FigureLabels.None))
            .When(r => r.Figures is not null).OverridePropertyName("figures");
        RuleFor(r => r.Judgements!).SetValidator(new JudgementsValidator()).When(r => r.Judgements is not null).OverridePropertyName("judgements");
        RuleFor(r => r.Conditions!).SetValidator(new ConditionsValidator()).When(r => r.Conditions is not null).OverridePropertyName("conditions");
    }

    /// <summary>The figures' rules, one set per entry of <see cref="FigureCatalog"/> by its kind.</summary>
    public sealed class FiguresValidator : AbstractValidator<FiguresDto>
    {
        public FiguresValidator(Core.Plans.City city)
            : this(city, null)
        {
        }

        /// <param name="city">The counties a report may name.</param>
        /// <param name="labels">
        /// The words of the plan the figures are reported under, asked for only when a problem is said; null: the catalogue's.
        /// </param>
        public FiguresValidator(Core.Plans.City city, Func<IValidationContext, FigureLabels>? labels)
        {
            ArgumentNullException.ThrowIfNull(city);
            _city = city;
            _labels = labels;
            RuleFor(f => f).Custom((f, context) => Check(f, context, string.Empty));
        }

        private readonly Core.Plans.City _city;
        private readonly Func<IValidationContext, FigureLabels>? _labels;

        /// <summary>
        /// Adds to <paramref name="context"/> what is wrong with <paramref name="f"/>, each failure named <paramref name="prefix"/> and the
        /// figure as sent (after the context's property chain). This validator's one rule; a parent validator may run it in a rule of its
        /// own instead of as a child validator (FeedRecordValidator, prefix <c>figures.</c>), whose context cost a feed record about
        /// 0.6 KB and 0.5 µs.
        /// </summary>
        public void Check<T>(FiguresDto f, ValidationContext<T> context, string prefix)
        {
            ArgumentNullException.ThrowIfNull(f);
            ArgumentNullException.ThrowIfNull(context);
            ArgumentNullException.ThrowIfNull(prefix);
            var (city, labels) = (_city, _labels);
            foreach (var sent in f.UnknownNames)
            {
                // Named as the client wrote it ("Deaths" is not "deaths"): hosts that recase member paths leave it alone.
                context.AddFailure(new ValidationFailure(context.PropertyChain.BuildPropertyPath(prefix + sent),
                    Localized.Pick($"unknown figure '{sent}': one of ", $"没有数字“{sent}”，可为：") + string.Join(", ", FigureCatalog.All.Select(d => d.Name)))
                {
                    CustomState = new SentName(sent),
                });
            }

            // One pass over the figures the client sent, not one FluentValidation rule per catalogue entry: the
            // per-rule overhead of ~60 rules was a quarter of an assessment's CPU (load test, 2026-12-01).
            foreach (var figure in FigureCatalog.All)
            {
                var value = f.Read(figure, out var problem);
                var name = figure.Name;
                if (problem is not null)
                {
                    // A wrong JSON type (a count sent as "12" or 1.5) is named like any other invalid value.
                    context.AddFailure(prefix + name, problem);
                    continue;
                }

                if (value is null)
                {
                    continue;
                }

                switch (figure.Kind)
                {
                    case FigureKind.Count or FigureKind.AmountWan:
                        var number = Convert.ToDecimal(value, CultureInfo.InvariantCulture);
                        if (number < 0)
                        {
                            context.AddFailure(prefix + name, Localized.Pick($"{name} cannot be negative (leave it out or null when unknown)", $"{Label(labels, context, figure)}（{name}）不能为负数（不明时省略，或写 null；命令行写 unknown）"));
                        }
                        else if (number > figure.Max!.Value)
                        {
                            context.AddFailure(prefix + name, Localized.Pick($"{name} is implausibly large (at most {figure.Max.Value.ToString(CultureInfo.InvariantCulture)}); check the figure",
                                $"{Label(labels, context, figure)}（{name}）大得不合常理（至多 {figure.Max.Value.ToString(CultureInfo.InvariantCulture)}），请核实"));
                        }

                        if (figure.Includes is { } included && FigureCatalog.TryFind(included, out var part)
                            && f.Read(part, out _) is { } partValue && number < Convert.ToDecimal(partValue, CultureInfo.InvariantCulture))
                        {
                            context.AddFailure(prefix + name, Localized.Pick($"{name} counts all {name}, so it cannot be less than {included}",
                                $"{Label(labels, context, figure)}（{name}）包含{Label(labels, context, part)}（{included}），不能少于它"));
                        }

                        break;
                    case FigureKind.Pollution when !Names.TryParsePollution((string)value, out _):
                        // The Chinese names the meaning beside each value (一般、较大…): a duty officer who sent 重大 learns which to send.
                        context.AddFailure(prefix + name, Localized.Pick($"{name} must be one of " + string.Join(", ", Enum.GetValues<Pollution>().Select(Names.Of)),
                            $"{Label(labels, context, figure)}（{name}）应为以下之一：" + string.Join("、", Enum.GetValues<Pollution>().Select(v => $"{Names.Of(v)}（{Names.Chinese(v)}）"))));
                        break;
                    case FigureKind.DeclaredGrade when !Names.TryParseGrade((string)value, out _):
                        context.AddFailure(prefix + name, Localized.Pick($"{name} must be one of " + string.Join(", ", Enum.GetValues<Grade>().Select(Names.Of)),
                            $"{Label(labels, context, figure)}（{name}）应为以下之一：" + string.Join("、", Enum.GetValues<Grade>().Select(v => $"{Names.Of(v)}（{Names.Chinese(v)}）"))));
                        break;
                    case FigureKind.Counties:
                        var counties = (string[])value;
                        foreach (var county in counties.Where(c => !city.IsCounty(c)))
                        {
                            context.AddFailure(prefix + name, Localized.Pick($"unknown county '{county}': one of ", $"本市没有县（市、区）“{county}”，可为：") + string.Join(", ", city.Counties.Select(c => c.Name)));
                        }

                        if (counties.Distinct(StringComparer.Ordinal).Count() != counties.Length)
                        {
                            context.AddFailure(prefix + name, Localized.Pick("a county is listed twice", "同一县（市、区）列了两次"));
                        }

                        break;
                }
            }
        }

        // Only when a problem is said (rare): no closure or plan resolution on the path of a valid report.
        private static string Label(Func<IValidationContext, FigureLabels>? labels, IValidationContext context, FigureDefinition figure) =>
            (labels?.Invoke(context) ?? FigureLabels.None).Of(figure);
    }

    public sealed class JudgementsValidator : AbstractValidator<JudgementsDto>
    {
        public JudgementsValidator()
        {
            RuleFor(j => j.DecidedBy).NotEmpty()
                .When(j => JudgementCatalogue.All.Any(d => j.Get(d.Judgement) == true) || j.HeadquartersLevel is not null)
                .WithMessage(_ => Localized.Pick("decidedBy is required with a judgement: it is a human decision and the record must say whose (R6)",
                    "给出研判时须写明决定者 decidedBy：研判是人的决定，记录须写明是谁"))
                .OverridePropertyName("decidedBy");
            RuleFor(j => j.DecidedBy).MaximumLength(200).OverridePropertyName("decidedBy");
            RuleFor(j => j.HeadquartersLevel).Must(l => Names.TryParseLevel(l, out _)).When(j => j.HeadquartersLevel is not null)
                .WithMessage(_ => Localized.Pick("headquartersLevel must be one of I, II, III, IV", "headquartersLevel 应为 I、II、III、IV 之一")).OverridePropertyName("headquartersLevel");
            RuleFor(j => j.Reason).MaximumLength(2000).OverridePropertyName("reason");
            // C 4.3.1(1)③ / R 5.3.3(4) "依靠事发地县(市、区)人民政府可以应对处置" against C 4.3.2(1)③ / R 5.3.2(4) "超出事发地县(市、区)人民政府
            // (应急)处置能力" (and 超出市级): opposite judgements, both held, gave Ⅱ without a word.
            RuleFor(j => j.CountyCanHandle).Must(v => v != true).When(j => j.ExceedsCountyCapacity == true || j.ExceedsCityCapacity == true)
                .WithMessage(_ => Localized.Pick(
                    "countyCanHandle cannot be true together with exceedsCountyCapacity or exceedsCityCapacity: they say the opposite; keep one",
                    "countyCanHandle（依靠事发地县(市、区)人民政府可以应对处置）与超出县级或市级处置能力的研判不能同时为“是”：二者相反，请只保留一项"))
                .OverridePropertyName("countyCanHandle");
        }
    }

    public sealed class ConditionsValidator : AbstractValidator<ConditionsDto>
    {
        public ConditionsValidator()
        {
            // R 4.3.x(1) "暴雨、暴雪": the colour of the meteorological rainstorm or blizzard warning issued; the colours with their Chinese names.
            RuleFor(c => c.WeatherWarning).Must(w => Names.TryParseColour(w, out _)).When(c => c.WeatherWarning is not null)
                .WithMessage(_ => Localized.Pick("weatherWarning must be one of blue, yellow, orange, red",
                    $"{ConditionNames.Label(ConditionNames.WeatherWarning)}（weatherWarning）应为以下之一："
                    + string.Join("、", Enum.GetValues<WarningColour>().Select(v => $"{Names.Of(v)}（{Names.Chinese(v)}）"))))
                .OverridePropertyName("weatherWarning");
            // R 4.3.1(1)/4.3.2(1) "浓雾", 4.3.3(1) "特强沙尘暴或者大雾": what lowers the visibility, with the names people know it by.
            RuleFor(c => c.VisibilityCause).Must(v => Names.TryParseVisibilityCause(v, out _)).When(c => c.VisibilityCause is not null)
                .WithMessage(_ => Localized.Pick("visibilityCause must be one of " + string.Join(", ", Enum.GetValues<VisibilityCause>().Select(Names.Of)),
                    $"{ConditionNames.Label(ConditionNames.VisibilityCause)}（visibilityCause）应为以下之一："
                    + string.Join("、", Enum.GetValues<VisibilityCause>().Select(v => $"{Names.Of(v)}（{Names.Chinese(v)}）"))))
                .OverridePropertyName("visibilityCause");
            // Bounds far past anything observed (100 km, about 11 years, a hundred thousand townships where the city has about a hundred):
            // a number beyond them, 1e30 included, is a typo. Said with the observation's Chinese name and unit, as the figures are (the English
            // as FluentValidation words it, unchanged for clients).
            Range(RuleFor(c => c.VisibilityMetres), ConditionNames.VisibilityMetres, 0, ImplausiblyLarge, "米");
            Range(RuleFor(c => c.WindForce), ConditionNames.WindForce, 0, 17, "级");
            Range(RuleFor(c => c.TownshipsAffected), ConditionNames.TownshipsAffected, 0, (int)ImplausiblyLarge, "个");
            Range(RuleFor(c => c.MainRoadRepairHours), ConditionNames.MainRoadRepairHours, 0, ImplausiblyLarge, "小时");
        }

        private const decimal ImplausiblyLarge = 100_000m;

        private static void Range<T>(IRuleBuilderInitial<ConditionsDto, T?> rule, string name, T from, T to, string unit)
            where T : struct, IComparable<T>, IComparable =>
            rule.InclusiveBetween(from, to)
                .WithMessage((_, value) => Localized.Pick(
                    $"'{name}' must be between {from} and {to}. You entered {value}.",
                    $"{ConditionNames.Label(name)}（{name}）应在{from}至{to}{unit}之间，收到 {value}"))
                .OverridePropertyName(name);
    }
}

/// <summary>
/// The checks that need the plan version in force, worded once for the validator and for the assessment
/// handler that reports them from its single resolution.
/// </summary>
public static class PlanVersionChecks
{
    /// <summary>No version of the plan was in force at the time of occurrence: a failure on <c>occurredAt</c>, worded by the catalog.</summary>
    public static ValidationFailure NotInForce(PlanCatalog catalog, AssessmentRequest report)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(report);
        return new ValidationFailure("occurredAt", Localized.Pick($"no version of plan '{report.Plan}' was in force at {report.OccurredAt}",
            report.OccurredAtInstant is { } at ? catalog.NotInForceChinese(report.Plan!, at) : $"{report.OccurredAt} 时预案“{report.Plan}”尚无有效版本"));
    }

    /// <summary>The level headquarters decided on is not a level of this plan version; null when it is, or none was decided.</summary>
    public static ValidationFailure? HeadquartersLevel(Plan plan, AssessmentRequest report)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(report);
        return report.Judgements?.HeadquartersLevel is { } text && Names.TryParseLevel(text, out var level) && plan.Response.Find(level) is null
            ? new ValidationFailure("judgements.headquartersLevel", Localized.Pick($"plan '{report.Plan}' has no level {text}",
                $"本预案（{plan.Metadata.Title}，{plan.Metadata.DocumentNumber}）未设{Names.Chinese(level)}响应，只设{string.Join("、", plan.Response.Levels.Select(l => l.Level).OrderDescending().Select(Names.Chinese))}"))
            : null;
    }
}
