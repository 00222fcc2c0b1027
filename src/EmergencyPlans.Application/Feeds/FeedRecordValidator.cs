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

    /// <summary>Longest dispatchId, in characters (Unicode code points, as the schema's maxLength counts).</summary>
    public const int MaxDispatchIdLength = 100;

    /// <summary>Longest road.code, in characters.</summary>
    public const int MaxRoadCodeLength = 20;

    /// <summary>Longest road.name, in characters.</summary>
    public const int MaxRoadNameLength = 100;

    /// <summary>Longest text, in characters.</summary>
    public const int MaxTextLength = 4000;

    /// <summary>road.km is below this: no road in China has a kilometre post of 100,000.</summary>
    public const decimal KmBound = 100_000m;

    /// <summary>
    /// The characters in <paramref name="text"/> as JSON Schema's <c>maxLength</c> counts them: Unicode code points. A character
    /// outside the Basic Multilingual Plane (CJK Extension B's 𠀀, which place and person names use) is one, not the two UTF-16
    /// units <see cref="string.Length"/> counts; a record the schema calls valid was refused for half the length it allows.
    /// </summary>
    public static int Characters(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var count = text.Length;
        foreach (var c in text)
        {
            if (char.IsLowSurrogate(c))
            {
                count--; // the second half of a pair; a lone surrogate never gets here (the parse refuses it)
            }
        }

        return count;
    }

    /// <summary>
    /// What is wrong with <paramref name="id"/> as a dispatchId (接警单编号), or null when it is one: present, not only white space, at
    /// most <see cref="MaxDispatchIdLength"/> characters. The one rule for a record's and for the dispatch history's
    /// (<see cref="GetFeedDispatchValidator"/>), so an id the feed takes is one the history answers for.
    /// </summary>
    public static string? DispatchIdProblem(string? id) =>
        id is null ? Localized.Pick("dispatchId (接警单编号) is required", "缺少接警单编号 dispatchId")
        : IsBlank(id) ? Localized.Pick("dispatchId (接警单编号) cannot be empty or only white space", "接警单编号 dispatchId 不能为空或只有空白")
        : Characters(id) > MaxDispatchIdLength ? TooLong("dispatchId", id, MaxDispatchIdLength)
        : null;

    /// <summary>Whether <paramref name="text"/> is only white space (<see cref="char.IsWhiteSpace(char)"/>: the schema's class), or empty.</summary>
    public static bool IsBlank(string text) => string.IsNullOrWhiteSpace(text);

    /// <summary>Whether <paramref name="id"/> is a valid eventId: 1 to <see cref="MaxEventIdLength"/> printable ASCII characters without spaces.</summary>
    public static bool IsEventId(string id) =>
        id is { Length: > 0 and <= MaxEventIdLength } && !id.AsSpan().ContainsAnyExceptInRange('!', '~');

    public FeedRecordValidator(DecisionEngine engine, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(clock);
        var city = engine.Catalog.City;

        // An eventId sent but empty or blank is not "required" but wrong: it says what an eventId is.
        RuleFor(r => r.EventId).Cascade(CascadeMode.Stop)
            .NotNull().WithMessage("eventId is required")
            .Must(id => IsEventId(id!))
            .WithMessage($"eventId must be 1 to {MaxEventIdLength} printable ASCII characters without spaces")
            .OverridePropertyName("eventId");
        RuleFor(r => r.DispatchId).Must(id => DispatchIdProblem(id) is null).WithMessage(r => DispatchIdProblem(r.DispatchId)!)
            .OverridePropertyName("dispatchId");
        // In the feed's words, as the parse's own refusals of a sequence ("sequence must be a whole number at most …"): not
        // FluentValidation's default ("'sequence' must be greater than or equal to '0'.").
        RuleFor(r => r.Sequence).Cascade(CascadeMode.Stop).NotNull().WithMessage("sequence is required")
            .GreaterThanOrEqualTo(0).WithMessage(r => $"sequence must be a whole number from 0 to {long.MaxValue}, not {r.Sequence}")
            .OverridePropertyName("sequence");
        // The times as the schema's pattern has them (the shared parser's, AssessmentContract.ParseOccurredAt): each was parsed once, as
        // the record was read, and the rules look at the instants.
        // A time of the right form whose instant in UTC is outside the years 0001–9999 says so (the documented refusal): it was told
        // it "must be ISO 8601 with its UTC offset", which it is.
        RuleFor(r => r.UpdatedAtInstant).NotNull()
            .WithMessage(r => NotATime("updatedAt", r.UpdatedAt, "updatedAt must be ISO 8601 with its UTC offset, e.g. 2026-03-01T08:05:00+08:00"))
            .OverridePropertyName("updatedAt");
        RuleFor(r => r.CallAtInstant).NotNull()
            .WithMessage(r => NotATime("callAt", r.CallAt, "callAt (报警时间) must be ISO 8601 with its UTC offset, e.g. 2026-03-01T08:01:00+08:00"))
            .OverridePropertyName("callAt");
        RuleFor(r => r.OccurredAtInstant).NotNull()
            .WithMessage(r => NotATime("occurredAt", r.OccurredAt, "occurredAt must be ISO 8601 with its UTC offset, or null while unknown"))
            .When(r => r.OccurredAt is not null).OverridePropertyName("occurredAt");
        RuleFor(r => r).Must(r => r.OccurredAtInstant is not { } at || r.UpdatedAtInstant is not { } updated || at <= updated)
            .WithMessage("occurredAt cannot be after updatedAt").OverridePropertyName("occurredAt");
        // The record is 122's from the call on, so 122 changed it after the call came: a callAt after updatedAt is a typing error (a year,
        // an hour) or a clock's, and since updatedAt is not in the future, neither is the call a record's incident records as made
        // (call-122, met at callAt). Named callAt whether or not occurredAt is known: with occurredAt null the rule above answered it
        // naming occurredAt, a member the record left null, so the sender looked for the error where there was none.
        RuleFor(r => r).Must(r => r.CallAtInstant is not { } call || r.UpdatedAtInstant is not { } updated || call <= updated)
            .WithMessage(r => $"callAt {r.CallAt} is after updatedAt {r.UpdatedAt}: 122 changed the record after the call came, not before; correct it and send the line again")
            .OverridePropertyName("callAt");
        // The call to 122 follows the accident (R 5.1.1 counts 信息报送 from 事件发生后): an occurrence after the call is impossible, and
        // taken it ran the plan's deadlines from a time after the call, so a phone report already overdue on receipt showed as pending.
        // Within the clock tolerance every other time check allows, as such times are often noted from memory. Compared as their
        // difference: a time at the ends of DateTimeOffset's range cannot take the tolerance added.
        RuleFor(r => r).Must(r => r.OccurredAtInstant is not { } occurred || r.CallAtInstant is not { } call || occurred - call <= AssessmentContract.ClockTolerance)
            .WithMessage(r => $"occurredAt {r.OccurredAt} is after callAt {r.CallAt}: an accident is reported after it happens (more than "
                              + $"{AssessmentContract.ClockTolerance.TotalMinutes:0} minutes later is not a clock's error); correct it and send the line again")
            .OverridePropertyName("occurredAt");

        // A sender whose clock runs fast: every record says so, not only the ones that would open an incident (whose occurrence the
        // incident's own check refused, as "occurredAt" even when callAt stood for it, while the routine ones were taken).
        RuleFor(r => r.UpdatedAtInstant).Must(at => at is null || at <= clock.GetUtcNow() + AssessmentContract.ClockTolerance)
            .WithMessage(r => $"updatedAt {r.UpdatedAt} is more than {AssessmentContract.ClockTolerance.TotalMinutes:0} minutes after the service's clock "
                              + $"(now {clock.GetUtcNow().ToOffset(CityTime.Offset):yyyy-MM-ddTHH:mm:sszzz}): is the sender's clock right? Correct it and send the line again")
            .OverridePropertyName("updatedAt");
        // IsBlank, not NotEmpty: NotEmpty tries a string as a sequence too, an enumerator a record (64 MB a million lines).
        RuleFor(r => r.County).Cascade(CascadeMode.Stop)
            .Must(c => c is not null && !IsBlank(c)).WithMessage("county is required")
            .Must(c => city.IsCounty(c!)).WithMessage(r => $"unknown county '{r.County}': one of {string.Join(", ", city.Counties.Select(x => x.Name))}")
            .OverridePropertyName("county");
        RuleFor(r => r.Road!.Code).Cascade(CascadeMode.Stop)
            .Must(code => code is not null && !IsBlank(code)).WithMessage("road.code is required when road is given (G207, S331…)")
            .Must(code => Characters(code!) <= MaxRoadCodeLength).WithMessage(r => TooLong("road.code", r.Road!.Code!, MaxRoadCodeLength))
            .When(r => r.Road is not null).OverridePropertyName("road.code");
        RuleFor(r => r.Road!.Km).GreaterThanOrEqualTo(0).WithMessage("road.km cannot be negative")
            .LessThan(KmBound).WithMessage($"road.km must be less than {KmBound.ToString(System.Globalization.CultureInfo.InvariantCulture)}")
            .When(r => r.Road is not null).OverridePropertyName("road.km");
        RuleFor(r => r.Road!.Name).Must(name => name is null || Characters(name) <= MaxRoadNameLength).WithMessage(r => TooLong("road.name", r.Road!.Name!, MaxRoadNameLength))
            .When(r => r.Road is not null).OverridePropertyName("road.name");
        // A member left out (or null) is said to be missing, not "got ''", which read as though an empty string had been sent.
        RuleFor(r => r.Nature).Must(n => n is not null && FeedNatures.Names.ContainsKey(n))
            .WithMessage(r => OneOf("nature", r.Nature, FeedNatures.Names.Keys)).OverridePropertyName("nature");
        // The figures' rules of the REST API, run in a rule of this validator: as a child validator, their context cost about 0.6 KB
        // and 0.5 µs per record.
        var figures = new AssessmentRequestValidator.FiguresValidator(city);
        RuleFor(r => r.Figures).Custom((f, context) =>
        {
            if (f is not null)
            {
                figures.Check(f, context, "figures.");
            }
        });
        // The road observations under the REST assessment's rules (ConditionsValidator), each failure named conditions.<name> as the
        // assessment's problem names it. Run only for a record that carries them: routine records have none.
        var conditions = new AssessmentRequestValidator.ConditionsValidator();
        RuleFor(r => r.Conditions).Custom((c, context) =>
        {
            if (c is not null)
            {
                foreach (var failure in conditions.Validate(c).Errors)
                {
                    context.AddFailure("conditions." + failure.PropertyName, failure.ErrorMessage);
                }
            }
        });
        RuleFor(r => r.Text).Must(text => text is null || Characters(text) <= MaxTextLength).WithMessage(r => TooLong("text", r.Text!, MaxTextLength))
            .OverridePropertyName("text");
        RuleFor(r => r.Status).Must(s => s is not null && FeedStatuses.Names.ContainsKey(s))
            .WithMessage(r => OneOf("status", r.Status, FeedStatuses.Names.Keys)).OverridePropertyName("status");
    }

    /// <summary>The refusal of a member that must be one of <paramref name="names"/>: required when it is missing, else what it was.</summary>
    private static string OneOf(string field, string? value, IEnumerable<string> names) => value is null
        ? $"{field} is required: one of {string.Join(" | ", names)}"
        : $"{field} must be one of {string.Join(" | ", names)}; got '{value}'";

    /// <summary>
    /// Why <paramref name="text"/> is not a time of <paramref name="field"/>: outside the years 0001–9999 in UTC when it is of the right form
    /// and only its instant is out of range, else <paramref name="notIso"/>.
    /// </summary>
    /// <summary>
    /// Why a time was refused, in the sender's terms: every refusal said "must be ISO 8601 with its UTC offset", a missing time and
    /// 2026-02-29 with its offset too, which sent the integrator looking at the offset (a feed integrator's review, session 52).
    /// </summary>
    private static string NotATime(string field, string? text, string notIso)
    {
        if (text is null)
        {
            return $"{field} is required";
        }

        _ = AssessmentContract.ParseInstant(text, out InstantProblem problem);
        return problem switch
        {
            InstantProblem.OutsideYears => $"{field} {text} is a time whose instant in UTC is outside the years 0001-9999; correct it and send the line again",
            InstantProblem.Offset => $"{field} {text} has a UTC offset that is not one: at most ±14:00, with minutes below 60",
            InstantProblem.NoSuchTime => $"{field} {text} names a date or time that does not exist (month 01-12, a day of that month, hour 00-23, minute and second 00-59)",
            _ => notIso,
        };
    }

    private static string TooLong(string field, string value, int max) => $"{field} must be at most {max} characters; it has {Characters(value)}";
}
