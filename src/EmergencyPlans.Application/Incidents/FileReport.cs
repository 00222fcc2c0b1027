using EmergencyPlans.Application.Assessments;
using EmergencyPlans.Application.Common;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Incidents;
using EmergencyPlans.Core.Lifecycles;
using FluentValidation;
using Mediator;

namespace EmergencyPlans.Application.Incidents;

/// <summary>A continuation (续报) or final (终报) report. Figures present replace the previous ones; omitted ones stay.</summary>
public sealed class FileReportRequest
{
    /// <summary>continuation | final</summary>
    public string? Kind { get; set; }
    public string? Summary { get; set; }
    public FiguresDto? Figures { get; set; }
    public JudgementsDto? Judgements { get; set; }
    public ConditionsDto? Conditions { get; set; }

    /// <summary>
    /// When the incident really happened, when it is learned after the first report (a 122 record's <c>occurredAt</c>, unknown when the
    /// call came in): ISO 8601 with its offset. Omitted or equal to the incident's: unchanged. The duties counted from the occurrence
    /// (事发后) then run from this time.
    /// </summary>
    /// <remarks>Left out of a request's fingerprint when absent (<see cref="IdempotencyKey"/>): a retry, sent before this field existed,
    /// of a request whose key is stored still matches it.</remarks>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? OccurredAt { get; set; }

    /// <summary>
    /// When the report was made, when the office records it afterwards (补录: phoned to 市委、市政府 at 08:40, typed in at 08:53): ISO 8601 with
    /// its offset, not later than now, not before the occurrence. The duties the report meets are met at that time, as a fulfilment's
    /// <c>madeAt</c> is; the timeline says so. Omitted: made now.
    /// </summary>
    /// <remarks>Left out of a request's fingerprint when absent, as <see cref="OccurredAt"/>.</remarks>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? MadeAt { get; set; }

    /// <summary>
    /// True on a 终报 (<c>kind</c> final) that closes an incident opened in error (the wrong plan chosen, a false or duplicate report): every duty
    /// still owed ends as not needed (立案有误), and the incident reads <c>enteredInError</c>. <c>summary</c> says why. Omitted or false: a 终报.
    /// </summary>
    /// <remarks>Left out of a request's fingerprint when absent, as <see cref="OccurredAt"/>.</remarks>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public bool? EnteredInError { get; set; }

    /// <summary>
    /// True on a 续报 that corrects the report before it (the first report or the latest 续报), entered in error (30 dead typed for 3): its
    /// figures replace the mistaken ones as any report's do, and the duties that report raised which the corrected figures do not call for end
    /// as not needed (上次报告录入有误，已更正), overdue or not. <c>summary</c> says what was wrong. Omitted or false: a 续报.
    /// </summary>
    /// <remarks>Left out of a request's fingerprint when absent, as <see cref="OccurredAt"/>.</remarks>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public bool? CorrectsPrevious { get; set; }

    /// <summary>
    /// On a 续报 that corrects an earlier report than the one just before: that report's <c>reportRef</c> as the incident's timeline shows it
    /// (<c>report#2</c>: any report, the office's own over REST included), or its <c>source</c> (<c>122:JC122-20260301-0001#2</c>: 122 sent
    /// 12 dead at 序号2 and 2 at 序号3, and the office says 序号2 was wrong). The duties that report
    /// raised which the figures now do not call for end as not needed, as with <c>correctsPrevious</c>, which it implies.
    /// </summary>
    /// <remarks>Left out of a request's fingerprint when absent, as <see cref="OccurredAt"/>.</remarks>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Corrects { get; set; }
}

/// <remarks><c>Source</c>: the feed message the report came from (the 122 feed); null over REST, where a client cannot set it.
/// <c>Feed</c>: the 122 message itself, when the feed files it on its incident (<see cref="Feeds.FeedTie.FileMessage"/>: kept to what 122 stated
/// when the office reported since, and its call met after a tie); null otherwise.</remarks>
public sealed record FileReportCommand(Guid Id, long? IfMatch, FileReportRequest Body, Actor Actor, string? IdempotencyKey = null, ReportSource? Source = null,
    IncidentAnswer Answer = IncidentAnswer.View, Feeds.FeedFiling? Feed = null) : IRequest<IncidentChange>;

public sealed class FileReportValidator : AbstractValidator<FileReportCommand>
{
    public FileReportValidator(DecisionEngine engine, TimeProvider clock)
    {
        RuleFor(c => c.Body).NotNull().WithMessage(_ => CommandMessages.BodyRequired).OverridePropertyName("$");
        RuleFor(c => c.IdempotencyKey).ValidIdempotencyKey();
        RuleFor(c => c.Body.Kind).Must(k => k is "continuation" or "final").WithMessage(_ => Localized.Pick("kind must be 'continuation' (续报) or 'final' (终报)", "kind 须为 continuation（续报）或 final（终报）"))
            .When(c => c.Body is not null).OverridePropertyName("kind");
        // A blank summary reached the reporting lifecycle, which refuses it with an ArgumentException (a 400 in English about a
        // parameter; in a drill an internal error, exit 70): said here like any field.
        RuleFor(c => c.Body.Summary).Must(s => s is null || !string.IsNullOrWhiteSpace(s))
            .WithMessage(_ => Localized.Pick("summary must not be blank: leave it out, or say what the report adds", "summary 不能为空白：不填，或写明本次报告的内容"))
            .MaximumLength(2000).When(c => c.Body is not null).OverridePropertyName("summary");
        RuleFor(c => c.Body.OccurredAt).APastTime(clock, "occurredAt", ": an incident cannot have happened later than now", "：事件不会发生在现在之后")
            .When(c => c.Body?.OccurredAt is not null).OverridePropertyName("occurredAt");
        RuleFor(c => c.Body.EnteredInError).Must(e => e != true)
            .WithMessage(_ => Localized.Pick("enteredInError closes an incident opened in error: only with kind final (终报), with a summary saying why",
                "enteredInError 用于将误建的事件关闭：仅限终报（kind 为 final），并在 summary 中写明原因"))
            .When(c => c.Body is not null && (c.Body.Kind != "final" || string.IsNullOrWhiteSpace(c.Body.Summary))).OverridePropertyName("enteredInError");
        RuleFor(c => c.Body.CorrectsPrevious).Must(e => e != true)
            .WithMessage(_ => Localized.Pick("correctsPrevious corrects the report before this one: only with kind continuation (续报), with a summary saying what was wrong",
                "correctsPrevious 用于更正上次报告：仅限续报（kind 为 continuation），并在 summary 中写明更正内容"))
            .When(c => c.Body is not null && (c.Body.Kind != "continuation" || string.IsNullOrWhiteSpace(c.Body.Summary))).OverridePropertyName("correctsPrevious");
        RuleFor(c => c.Body.Corrects).Must(e => e is null)
            .WithMessage(_ => Localized.Pick("corrects names the earlier report a correction is of: only with kind continuation (续报), with a summary saying what was wrong",
                "corrects 用于指明所更正的报告：仅限续报（kind 为 continuation），并在 summary 中写明更正内容"))
            .When(c => c.Body is not null && (c.Body.Kind != "continuation" || string.IsNullOrWhiteSpace(c.Body.Summary))).OverridePropertyName("corrects");
        RuleFor(c => c.Body.Corrects).Must(e => !string.IsNullOrWhiteSpace(e) && e.Length <= 200)
            .WithMessage(_ => Localized.Pick("corrects must name a report by its reportRef as the timeline shows it (report#2) or by its source (122:<dispatchId>#<sequence>), at most 200 characters",
                "corrects 须按时间线中报告的编号 reportRef（如 report#2）或来源（如 122:JC122-20260301-0001#2）填写，不超过200个字符"))
            .When(c => c.Body?.Corrects is not null).OverridePropertyName("corrects");
        RuleFor(c => c.Body.MadeAt).APastTime(clock, "madeAt", ": a report cannot be recorded as made later than now", "：报告时间不能晚于现在")
            .When(c => c.Body?.MadeAt is not null).OverridePropertyName("madeAt");

        // The figures are checked with the same rules as a first report; plan and time are the incident's own.
        RuleFor(c => c.Body.Figures!).SetValidator(new AssessmentRequestValidator.FiguresValidator(engine.Catalog.City))
            .When(c => c.Body?.Figures is not null).OverridePropertyName("figures");
        RuleFor(c => c.Body.Judgements!).SetValidator(new AssessmentRequestValidator.JudgementsValidator())
            .When(c => c.Body?.Judgements is not null).OverridePropertyName("judgements");
        RuleFor(c => c.Body.Conditions!).SetValidator(new AssessmentRequestValidator.ConditionsValidator())
            .When(c => c.Body?.Conditions is not null).OverridePropertyName("conditions");
    }
}

public sealed class FileReportHandler(IncidentWriter writer, DecisionEngine engine) : IRequestHandler<FileReportCommand, IncidentChange>
{
    public async ValueTask<IncidentChange> Handle(FileReportCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = request.Body;
        var by = request.Actor.As(null);
        // The target is written out only for a keyed request (a drill's and most REST commands are not).
        var key = request.IdempotencyKey is null ? null : IdempotencyKey.For(request.IdempotencyKey, "file-report", request.Actor, request.Id.ToString(), body);
        return request.Feed is { } feed
            ? await writer.ChangeAsync(request.Id, request.IfMatch, key, request.Answer,
                (incident, now) => feed.Filing = Feeds.FeedTie.FileMessage(incident, body, feed, by, now, engine), cancellationToken).ConfigureAwait(false)
            : await writer.ChangeAsync(request.Id, request.IfMatch, key, request.Answer,
                (incident, now) => File(incident, body, request.Source, by, now, engine), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Files a checked report <paramref name="body"/> on <paramref name="incident"/>: the one reading of a request into the incident's report,
    /// for this handler and for a 122 record's state filed inside another change (a tie, ADR 0008), which is checked by the feed's validator.
    /// </summary>
    internal static void File(Incident incident, FileReportRequest body, ReportSource? source, LifecycleActor by, DateTimeOffset now, DecisionEngine engine)
    {
        var reported = new IncidentReport
        {
            Figures = body.Figures?.ToFigures() ?? ReportedFigures.None,
            Judgements = body.Judgements is null ? null : AssessmentContract.ToJudgements(body.Judgements),
            Conditions = AssessmentContract.ToConditions(body.Conditions),
        };
        incident.FileReport(body.Kind == "final", body.Summary, reported, by, now, engine, source, AssessmentContract.ParseOccurredAt(body.OccurredAt),
            CommandRules.TakenBefore(body.MadeAt, now), body.EnteredInError == true, body.CorrectsPrevious == true, body.Corrects);
    }
}
