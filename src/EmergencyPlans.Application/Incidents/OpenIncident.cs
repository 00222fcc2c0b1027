using EmergencyPlans.Application.Assessments;
using EmergencyPlans.Application.Common;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Lifecycles;
using FluentValidation;
using Mediator;

namespace EmergencyPlans.Application.Incidents;

/// <summary>
/// The first report (首报): the report itself (plan, time, figures, judgements, conditions, as an
/// assessment takes them, so its time is parsed once) plus where, what and who reported it.
/// </summary>
public sealed class OpenIncidentRequest : AssessmentRequest
{
    public LocationDto? Location { get; set; }
    public string? Nature { get; set; }
    public ReporterDto? Reporter { get; set; }
    public bool? Drill { get; set; }
}

public sealed class LocationDto
{
    public string? County { get; set; }
    public string? Place { get; set; }
}

/// <summary>Who made the first report (报告人).</summary>
public sealed class ReporterDto
{
    public string? Name { get; set; }
    public string? Unit { get; set; }
    public string? Phone { get; set; }
}

/// <remarks>
/// <c>Source</c>: the feed message the first report came from (the 122 feed); null over REST, where a client cannot set it.
/// <c>Fulfilled</c>: duties already done at the opening, recorded in the same change (the feed's 122 call); null over REST.
/// <c>ThenFiled</c>: a continuation (续报) filed right after, in the same change, from <c>Source</c>: the 122 message that opened an incident
/// again for more casualties after the office closed the first one, which is opened with the figures the closed one had, so that this
/// message is the casualty change it is (R 5.1.2 造成伤亡人数发生变化的，应立即续报); null over REST.
/// </remarks>
public sealed record OpenIncidentCommand(OpenIncidentRequest Body, Actor Actor, string? IdempotencyKey = null, ReportSource? Source = null, IncidentAnswer Answer = IncidentAnswer.View,
    IReadOnlyList<OpeningFulfilment>? Fulfilled = null, FileReportRequest? ThenFiled = null) : IRequest<IncidentChange>;

public sealed class OpenIncidentValidator : AbstractValidator<OpenIncidentCommand>
{
    /// <summary>The longest nature (事故性质) a first report may give, in characters.</summary>
    public const int NatureMaxLength = 500;

    /// <summary>The longest reporter name or unit, in characters.</summary>
    public const int ReporterMaxLength = 200;

    /// <summary>Longest place (location.place): a road, kilometre and name, or an address; it is repeated in every alert's title.</summary>
    public const int PlaceMaxLength = 200;

    public OpenIncidentValidator(DecisionEngine engine, TimeProvider clock)
    {
        RuleFor(c => c.Body).NotNull().WithMessage(_ => CommandMessages.BodyRequired).OverridePropertyName("$");
        RuleFor(c => c.IdempotencyKey).ValidIdempotencyKey();
        // The plan version is resolved once, by the handler, which reports "not in force" the same way.
        RuleFor(c => (AssessmentRequest)c.Body).SetValidator(new AssessmentRequestValidator(engine, clock, checkPlanVersion: false))
            .When(c => c.Body is not null).OverridePropertyName(string.Empty);
        RuleFor(c => c.Body.Location).NotNull().WithMessage(_ => Localized.Pick("location.county is required", "缺少事发县（市、区）location.county")).When(c => c.Body is not null).OverridePropertyName("location.county");
        RuleFor(c => c.Body.Reporter).NotNull().WithMessage(_ => Localized.Pick("reporter.name (报告人) is required", "缺少报告人 reporter.name")).When(c => c.Body is not null).OverridePropertyName("reporter.name");
        RuleFor(c => c.Body.Location!.County).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(_ => Localized.Pick("location.county is required", "缺少事发县（市、区）location.county"))
            .Must(c => engine.Catalog.City.IsCounty(c!))
            .WithMessage(c => Localized.Pick($"unknown county '{c.Body.Location!.County}': one of ", $"晋城市没有“{c.Body.Location!.County}”这个县（市、区），可为：")
                               + string.Join(", ", engine.Catalog.City.Counties.Select(x => x.Name)))
            .When(c => c.Body?.Location is not null).OverridePropertyName("location.county");
        RuleFor(c => c.Body.Location!.Place).MaximumLength(PlaceMaxLength).When(c => c.Body?.Location is not null).OverridePropertyName("location.place");
        RuleFor(c => c.Body.Nature).NotEmpty().WithMessage(_ => Localized.Pick("nature (what happened: 事故或灾害的类别) is required", "缺少事件性质 nature（发生了什么：如塔吊倒塌、大客车侧翻、暴雨洪涝）")).MaximumLength(NatureMaxLength)
            .When(c => c.Body is not null).OverridePropertyName("nature");
        RuleFor(c => c.Body.Reporter!.Name).NotEmpty().WithMessage(_ => Localized.Pick("reporter.name (报告人) is required", "缺少报告人 reporter.name")).MaximumLength(ReporterMaxLength)
            .When(c => c.Body?.Reporter is not null).OverridePropertyName("reporter.name");
        RuleFor(c => c.Body.Reporter!.Unit).MaximumLength(ReporterMaxLength).When(c => c.Body?.Reporter is not null).OverridePropertyName("reporter.unit");
        RuleForEach(c => c.Fulfilled).ChildRules(f =>
        {
            f.RuleFor(x => x.Code).NotEmpty().MaximumLength(100).OverridePropertyName("code");
            f.RuleFor(x => x.Body).NotNull().SetValidator(new FulfilmentRequestValidator(clock)).OverridePropertyName(string.Empty);
        }).When(c => c.Fulfilled is not null).OverridePropertyName("fulfilled");
    }
}

public sealed class OpenIncidentHandler(IncidentWriter writer, DecisionEngine engine) : IRequestHandler<OpenIncidentCommand, IncidentChange>
{
    public async ValueTask<IncidentChange> Handle(OpenIncidentCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = request.Body;
        var occurredAt = body.OccurredAtInstant!.Value; // parsed once when the body was read; validated

        // The one resolution of the plan version for this request.
        var plan = engine.Catalog.Resolve(body.Plan!, occurredAt) ?? throw new ValidationException([PlanVersionChecks.NotInForce(engine.Catalog, body)]);
        if (PlanVersionChecks.HeadquartersLevel(plan, body) is { } failure)
        {
            throw new ValidationException([failure]);
        }

        var by = request.Actor.As(null);
        var key = IdempotencyKey.For(request.IdempotencyKey, "open-incident", request.Actor, "", body);
        var report = new IncidentReport
        {
            Figures = body.Figures?.ToFigures() ?? ReportedFigures.None,
            Judgements = body.Judgements is null ? null : AssessmentContract.ToJudgements(body.Judgements),
            Conditions = AssessmentContract.ToConditions(body.Conditions),
        };
        var reporter = new Reporter(body.Reporter!.Name!, body.Reporter.Unit, body.Reporter.Phone);
        return await writer.OpenAsync(key, request.Answer, (id, now) =>
            {
                var incident = Incident.Open(id, plan, occurredAt, report, body.Location!.County!, body.Location.Place, body.Nature!, reporter,
                    body.Drill ?? false, by, now, engine, request.Source);
                foreach (var done in request.Fulfilled ?? [])
                {
                    if (!done.IfOwed || incident.State.Obligations.Any(o => o.Code == done.Code && o.Clock.State == ObligationState.Due))
                    {
                        FulfilObligationHandler.Fulfil(incident, done.Code, done.Body, by, now, engine);
                    }
                }

                if (request.ThenFiled is { } continuation)
                {
                    FileReportHandler.File(incident, continuation, request.Source, by, now, engine);
                }

                return incident;
            },
            cancellationToken).ConfigureAwait(false);
    }
}
