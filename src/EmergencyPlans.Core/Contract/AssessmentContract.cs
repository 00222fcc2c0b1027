using System.Globalization;
using System.Xml;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Plans;

namespace EmergencyPlans.Core.Contract;

/// <summary>Maps the REST contract to the engine and back. Expects a request that passed validation.</summary>
public static class AssessmentContract
{
    /// <summary>
    /// How far a reported time may lie on the wrong side of the service's clock or of the incident's occurrence: clocks
    /// differ, and an occurrence time is often estimated. Beyond it, a time in the future, or a report made or a clock
    /// event happening before the incident occurred, is refused.
    /// </summary>
    public static readonly TimeSpan ClockTolerance = TimeSpan.FromMinutes(5);

    /// <summary>Builds the engine input. Throws <see cref="FormatException"/> on a value validation should have refused.</summary>
    public static IncidentInput ToInput(AssessmentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return IncidentInput.From(
            request.Plan ?? throw new FormatException("plan is required"),
            request.OccurredAtInstant ?? throw new FormatException("occurredAt must be ISO 8601 with a UTC offset"),
            request.Figures?.ToFigures() ?? ReportedFigures.None,
            ToJudgements(request.Judgements),
            ToConditions(request.Conditions));
    }

    /// <summary>The human judgements (R6) as the engine reads them; none when omitted.</summary>
    public static JudgementInput ToJudgements(JudgementsDto? j)
    {
        if (j is null)
        {
            return JudgementInput.None;
        }

        var mask = 0u;
        var judgedNot = 0u;
        foreach (var judgement in JudgementCatalogue.All)
        {
            switch (j.Get(judgement.Judgement))
            {
                case true:
                    mask |= 1u << (int)judgement.Judgement;
                    break;
                case false:
                    judgedNot |= 1u << (int)judgement.Judgement;
                    break;
            }
        }

        return JudgementInput.FromMask(
            mask,
            j.HeadquartersLevel is null ? null : Names.TryParseLevel(j.HeadquartersLevel, out var l) ? l : throw new FormatException("headquartersLevel"),
            j.DecidedBy,
            j.Reason,
            judgedNot);
    }

    /// <summary>The road observations as the engine reads them; null when omitted.</summary>
    public static RoadConditions? ToConditions(ConditionsDto? c) => c is null
        ? null
        : new RoadConditions
        {
            WeatherWarning = c.WeatherWarning is null ? null : Names.TryParseColour(c.WeatherWarning, out var w) ? w : throw new FormatException("weatherWarning"),
            VisibilityMetres = c.VisibilityMetres,
            VisibilityCause = c.VisibilityCause is null ? null
                : Names.TryParseVisibilityCause(c.VisibilityCause, out var cause) ? cause : throw new FormatException("visibilityCause"),
            WindForce = c.WindForce,
            TownshipsAffected = c.TownshipsAffected,
            MainRoadRepairHours = c.MainRoadRepairHours,
            MainRoad = c.MainRoad,
            MainRoadSnowIce = c.MainRoadSnowIce,
        };

    /// <summary>
    /// Parses an ISO 8601 instant that states its UTC offset (<c>2026-03-01T08:00:00+08:00</c>, <c>…T00:00:00Z</c>; seconds and
    /// their fraction optional, as the feed's JSON Schema writes it); null for anything else. Only that form: .NET's lenient
    /// parse also took <c>01-OCT-2025 08:00:00</c> or <c>Thu 2026-01-01 08:00:00</c> (a 'T' in a month or a day's name passed
    /// for the time's) and read them in the server's zone, hours off the city's clock. The text ends with the offset: .NET's <c>$</c>
    /// also matched before a final line feed, and the parse then skipped it, so <c>"…+08:00\n"</c> was taken on every channel.
    /// </summary>
    /// <remarks>
    /// The form is the schema's pattern <c>^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,7})?)?(Z|[+-][0-9]{2}:[0-9]{2})\z</c>,
    /// read here field by field; and a time of that form is refused exactly where <see cref="DateTimeOffset.TryParse(string?, IFormatProvider?,
    /// DateTimeStyles, out DateTimeOffset)"/> refused it: a field out of its range (no second 60, no 24:00), an offset beyond ±14:00
    /// or with 60 minutes or more, an instant <see cref="DateTimeOffset"/> cannot hold. That expression and that parse took about
    /// 0.3 µs, and a feed line's three times were each read several times (ParseOccurredAtTests hold the two to the same answers).
    /// </remarks>
    public static DateTimeOffset? ParseOccurredAt(string? text) => ParseInstant(text, out InstantProblem _);

    /// <summary>
    /// <see cref="ParseOccurredAt"/>, saying too why a time is refused (<paramref name="problem"/>), so that its refusal says so: not of the
    /// form; an offset that is none (beyond ±14:00); a date or time that does not exist (2026-02-29, 24:00); or a time whose instant in UTC
    /// falls outside the years 0001–9999 (<c>0001-01-01T00:00:00+01:00</c> is 0000-12-31 in UTC), which no <see cref="DateTimeOffset"/>
    /// holds. Each was refused as not ISO 8601 with an offset, which all but the first are.
    /// </summary>
    public static DateTimeOffset? ParseInstant(string? text, out InstantProblem problem)
    {
        problem = InstantProblem.Form;
        var t = text.AsSpan();
        if (!Number(t, 0, 4, out var year) || !At(t, 4, '-') || !Number(t, 5, 2, out var month) || !At(t, 7, '-') || !Number(t, 8, 2, out var day)
            || !At(t, 10, 'T') || !Number(t, 11, 2, out var hour) || !At(t, 13, ':') || !Number(t, 14, 2, out var minute))
        {
            return null;
        }

        int second = 0, at = 16;
        long fraction = 0;
        if (At(t, at, ':'))
        {
            if (!Number(t, 17, 2, out second))
            {
                return null;
            }

            at = 19;
            if (At(t, at, '.'))
            {
                var digits = t[(at + 1)..].IndexOfAnyExceptInRange('0', '9');
                if (digits is < 1 or > 7)
                {
                    return null; // none, more than 7, or digits to the end (no offset)
                }

                _ = Number(t, at + 1, digits, out var units);
                fraction = units * TicksPerFractionUnit[digits];
                at += 1 + digits;
            }
        }

        var offsetMinutes = 0;
        if (at == t.Length - 6 && t[at] is '+' or '-' && Number(t, at + 1, 2, out var offsetHours) && At(t, at + 3, ':') && Number(t, at + 4, 2, out var minutes))
        {
            offsetMinutes = (t[at] == '-' ? -1 : 1) * ((offsetHours * 60) + minutes);
            if (minutes >= 60 || Math.Abs(offsetMinutes) > 14 * 60)
            {
                problem = InstantProblem.Offset;
                return null;
            }
        }
        else if (at != t.Length - 1 || t[at] != 'Z')
        {
            return null;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            problem = InstantProblem.NoSuchTime;
            return null;
        }

        var local = new DateTime(year, month, day, hour, minute, second).Ticks + fraction;
        var offset = TimeSpan.FromMinutes(offsetMinutes);
        var utc = local - offset.Ticks;
        var outside = utc < DateTime.MinValue.Ticks || utc > DateTime.MaxValue.Ticks;
        problem = outside ? InstantProblem.OutsideYears : InstantProblem.None;
        return outside ? null : new DateTimeOffset(local, offset);
    }

    /// <summary>Ticks in one unit of a fraction of a second written with 1 to 7 digits (the index: how many).</summary>
    private static readonly long[] TicksPerFractionUnit = [0, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1];

    /// <summary>Whether <paramref name="text"/> has <paramref name="c"/> at <paramref name="index"/>.</summary>
    private static bool At(ReadOnlySpan<char> text, int index, char c) => index < text.Length && text[index] == c;

    /// <summary>The number <paramref name="length"/> ASCII digits (0-9 only) write at <paramref name="start"/>; false when they are not all there.</summary>
    private static bool Number(ReadOnlySpan<char> text, int start, int length, out int value)
    {
        value = 0;
        if (start + length > text.Length)
        {
            return false;
        }

        foreach (var c in text.Slice(start, length))
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    /// <summary>The decision card of <paramref name="a"/>.</summary>
    /// <param name="a">The assessment.</param>
    /// <param name="warningIssued">True when the incident assessed has a warning issued (issued, adjusted, or since lifted): only then does the
    /// card list a publication that a warning's issue starts (R 4.4.3). False for an assessment of a report alone: nothing is issued there.</param>
    /// <param name="now">When the response is read: a hint's duty whose time from the occurrence has passed by then is said 立即 (ADR 0003 #71);
    /// null: said by its time, as before.</param>
    public static AssessmentResponse ToResponse(Assessment.Assessment a, bool warningIssued = false, DateTimeOffset? now = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        var plan = a.Plan;
        var id = plan.Id;
        // R6: a criterion a human judgement met names who decided, so it is not read as one the figures met.
        var judgedBy = a.Input.Judgements.DecidedBy ?? string.Empty;
        ObligationDto[] ifDeclared = a.IfDeclaredSerious.Count == 0 ? [] : [.. a.IfDeclaredSerious.Select(o => Obligation(o.Rule, o.DueAt))];
        var gradeQuestion = DeclaredGradeQuestion(a, ifDeclared);
        return new AssessmentResponse(
            new PlanRef(id, plan.Metadata.Title, plan.Metadata.DocumentNumber, plan.Metadata.Issued, plan.Metadata.ValidFrom),
            a.Input.OccurredAt,
            a.Grade is { } g
                ? new GradeDto(Names.Of(g.Value), g.Unjudged ? GradeResult.UnjudgedLabel : Names.Chinese(g.Value), g.Determined, Names.Of(g.UpTo), Names.Of(g.ForReporting), g.Declared,
                    g.Because.Select(r => Reason(plan, r, judgedBy)).ToArray(), g.Declared ? null : plan.Grade?.Provenance)
                : null,
            new ResponseDto(
                a.Response.Level is { } level ? Names.Of(level) : null,
                a.Response.Level is { } l2 ? Names.Chinese(l2) : null,
                a.Response.Determined,
                a.Response.UpTo is { } upTo ? Names.Of(upTo) : null,
                a.Response.Authority is { } auth ? new AuthorityDto(auth.ActivatedBy, auth.DelegationRequired, auth.Authority, auth.Clause, auth.Words) : null,
                a.Response.LowestOnly
                    ? a.Response.Because.Select(r => Reason(plan, r, judgedBy) with { Note = LowestOnlyNote }).ToArray()
                    : a.Response.Because.Select(r => Reason(plan, r, judgedBy)).ToArray(),
                a.Response.NoResponse is { } none
                    ? new ReasonDto(id, none.Clause, none.Words, "no-response") { Note = a.Response.Determined ? null : LevelResult.UndeterminedNoResponseNote }
                    : null,
                new ReasonDto(id, plan.Response.TerminatedBy.Clause, plan.Response.TerminatedBy.Words, "terminated-by")),
            a.Obligations.Select(o => Obligation(o.Rule, o.DueAt)).ToArray(),
            a.WorkGroups.Select(Plan.WorkGroupDto).ToArray(),
            a.Warning is { } warning
                ? new WarningDto(
                    Names.Of(warning.Colour.Colour), warning.Colour.ApprovedBy, warning.Colour.ApproverRoles[0], warning.Colour.IssuedBy, warning.Colour.AlsoRequired,
                    new ReasonDto(id, warning.Colour.ApprovalClause, warning.Colour.ApprovalWords, "approval-" + Names.Of(warning.Colour.Colour)),
                    warning.Because.Select(r => new ReasonDto(id, r.Clause, r.Words, r.Id) { JudgedBy = r.Judgement is null ? null : judgedBy }).ToArray(),
                    new ReasonDto(id, plan.Warnings!.LiftedBy.Clause, plan.Warnings.LiftedBy.Words, "lifted-by"))
                : null,
            a.Hints.Select(h => Threshold(a, h, now)).ToArray(),
            FigureNames.Of(a.UnknownsThatCouldRaise))
        {
            // Construction 4.4: a judgement that the plan says may raise the level is a suggestion for whoever decides, never a level.
            RaiseSuggestions = a.RaiseSuggestions.Count == 0 ? [] : a.RaiseSuggestions.Select(s => Suggestion(a, s)).ToArray(),
            IfDeclaredSerious = ifDeclared,
            // Construction 4.1 较大涉险事故: a question the report raises; a report that states the judgement either way has answered it. Natural
            // disaster: whether the disaster is 重大 or 特别重大 (DeclaredGradeQuestion).
            JudgementsToConsider = a.JudgementsToConsider.Count == 0 && gradeQuestion is null ? [] : [.. a.JudgementsToConsider
                .Select(j => ToConsider(a, j)), .. gradeQuestion is null ? [] : new[] { gradeQuestion }],
            UnknownsThatCouldRaiseGrade = a.UnknownsThatCouldRaiseGrade == InputField.None ? [] : FigureNames.Of(a.UnknownsThatCouldRaiseGrade),
            UnknownsThatCouldRaiseLevel = a.UnknownsThatCouldRaiseLevel == InputField.None ? [] : FigureNames.Of(a.UnknownsThatCouldRaiseLevel),
            // Road 4.3: a warning the report meets as far as it goes, open on the observations it lacks (two-valued, it said nothing).
            WarningsIfKnown = a.WarningsIfKnown.Count == 0 ? [] : a.WarningsIfKnown.Select(w => WarningIfKnown(id, w)).ToArray(),
            // Given, kept, and read by no criterion of the plan: said, so nobody believes they counted (the same rule for every plan).
            FiguresNotUsed = NotUsed(a),
            // Natural disaster 5.x.3: the measures of the assessed level, built when the plan was loaded (a shared list).
            Measures = plan.MeasureDtosAt(a.Response.Level),
            // Natural disaster 3: only when 需要提前采取应对措施 is judged; a shared object, no allocation.
            Preparation = plan.PreparationFor(a.Input.Judgements),
            // Construction 4.5, road 5.5, natural disaster 4.3.2: the plan's publications, whatever the grade (a shared list); road 4.4.3's
            // "预警信息应当……及时向公众发布" only once a warning is issued (start warning-issued): before, every road card listed it.
            Publications = plan.PublicationDtosFor(warningIssued),
            // Road 2.6: disruption in more than one county is a cross-county incident. Cross-city and
            // cross-province extents are not reported as figures, so they are not inferred. Else who commands on site first, where the
            // plan says (C 4.2: the general contractor's project manager, until the authorities arrive and take command over).
            Command = ((a.Input.DisruptedCounties.Distinct(StringComparer.Ordinal).Count() > 1 ? plan.CommandFor(CommandScopes.CrossCounty) : null)
                ?? plan.CommandFor(CommandScopes.OnSite)) is { } c
                ? new CommandDto(c.Scope, c.CommandedBy, c.CoordinatedBy, c.Clause, c.Words)
                : null,
            // Road 2.4: at Ⅰ and Ⅱ the city's 现场指挥部, commanded by the 市指挥部指挥长 or one it appoints (5.3.1/5.3.2 响应措施(1)).
            OnSiteHeadquarters = plan.OnSiteHeadquartersAt(a.Response.Level),
            Organiser = plan.OrganiserAt(a.Response.Level),
            // Road 1.4: an expressway or an oil, gas or coal-bed methane transport accident is led under another plan, this one supporting.
            LeadPlans = LeadPlans(plan, a.Input),
            // R6: the judgements are a person's decisions; the card says which were given, by whom and why.
            Judgements = Given(a.Input.Judgements),
        };
    }

    /// <summary>The plans that lead instead of <paramref name="plan"/> as far as the report says: those whose fact holds or is not stated.</summary>
    private static LeadPlanDto[] LeadPlans(Plan plan, IncidentInput input)
    {
        List<LeadPlanDto>? leads = null;
        foreach (var rule in plan.LeadPlans)
        {
            bool? applies = input.Has(rule.When) ? true : input.States(rule.When) ? false : null;
            // Unreported, asked only where the report makes it a question (road 1.4's earthquake case: weather or a disaster affects the traffic).
            if (applies is null && rule.AskedWhen is { } asked && !input.Has(asked))
            {
                continue;
            }

            if (applies != false)
            {
                var figure = FigureCatalog.Of(rule.When)!;
                (leads ??= []).Add(new LeadPlanDto(rule.Plan, figure.Name, plan.FigureLabels.Of(figure), applies, SupportingPlan, rule.Clause, rule.Words));
            }
        }

        return leads is null ? [] : [.. leads];
    }

    /// <summary>This plan's part when another leads (配合预案, road 1.4), as <see cref="LeadPlanDto.ThisPlan"/> says it.</summary>
    public const string SupportingPlan = "supporting";

    /// <summary>
    /// The judgements as the card says them: each stated, in the catalogue's order, with its value (true when held, false when stated as not
    /// holding, as the request or the incident's reports gave them), the headquarters level, decider and reason; null when none of these was given.
    /// </summary>
    private static GivenJudgementsDto? Given(JudgementInput held)
    {
        List<GivenJudgementDto>? stated = null;
        foreach (var d in JudgementCatalogue.All)
        {
            var value = held.Has(d.Judgement) ? true : held.Stated(d.Judgement) ? false : (bool?)null;
            if (value is { } v)
            {
                (stated ??= []).Add(new GivenJudgementDto(d.Name, d.Label, v));
            }
        }

        if (stated is null && held.HeadquartersLevel is null && held.DecidedBy is null && held.Reason is null)
        {
            return null;
        }

        return new GivenJudgementsDto(stated is null ? [] : [.. stated], held.HeadquartersLevel is { } level ? Names.Of(level) : null, held.DecidedBy, held.Reason);
    }

    /// <summary>What <see cref="FigureNotUsedDto.Note"/> says of a figure the plan does not read.</summary>
    public const string FigureNotUsedNote = "本预案的分级条件不含此项：已记录，不影响判定";

    /// <summary>What it says of road observations given to a plan that judges no warning from them.</summary>
    public const string ConditionsNotUsedNote = "本预案不据天气与道路条件判定预警或响应：已记录，不影响判定";

    /// <summary>What it says of a human judgement the plan's criteria do not read.</summary>
    public const string JudgementNotUsedNote = "本预案的条件不含此项判断：已记录，不影响判定";

    /// <summary>
    /// Every input given that the plan does not read, in one list (<c>figuresNotUsed</c>): figures and facts, then judgements, then the road
    /// observations; each by its contract name.
    /// </summary>
    private static FigureNotUsedDto[] NotUsed(Assessment.Assessment a)
    {
        var figures = a.FiguresNotUsed;
        var judgements = a.JudgementsNotUsed;
        var conditions = a.ConditionsNotUsed;
        if (figures.Count == 0 && judgements.Count == 0 && !conditions)
        {
            return [];
        }

        var notUsed = figures.Select(f => new FigureNotUsedDto(f.Name, a.Plan.FigureLabels.Of(f), FigureNotUsedNote)).ToList();
        notUsed.AddRange(judgements.Select(j => new FigureNotUsedDto(j.Name, j.Label, JudgementNotUsedNote)));
        if (conditions)
        {
            notUsed.Add(new FigureNotUsedDto(Plan.ConditionsInput, "天气与道路条件", ConditionsNotUsedNote));
        }

        return [.. notUsed];
    }

    private static RaiseSuggestionDto Suggestion(Assessment.Assessment a, RaiseSuggestion s)
    {
        ResponseLevel? higher = a.Response.Level switch
        {
            null => a.Plan.Response.Levels.Min(l => l.Level),
            ResponseLevel.I => null,
            { } level => a.Plan.Response.Find(level + 1) is not null ? level + 1 : null,
        };
        var because = new ReasonDto(a.Plan.Id, s.Clause, s.Words, s.Id) { JudgedBy = a.Input.Judgements.DecidedBy ?? string.Empty };
        if (s.Direct)
        {
            // C 4.4 "当出现紧急险情和严重态势时,可直接提高响应等级": 直接, with no one-level limit and no 视情; which level is the decider's.
            var highest = a.Plan.Response.Levels.Max(l => l.Level);
            var text = higher is null
                ? $"已为最高响应等级（{s.Clause}）"
                : $"可直接提高响应等级（{s.Clause}），提高至哪一级（至多{Names.Chinese(highest)}）由有权启动该级响应的机构决定";
            return new RaiseSuggestionDto(FigureNames.Of(s.Judgement), null, because, text) { UpTo = higher is null ? null : Names.Of(highest), Direct = true };
        }

        var said = higher is { } h ? $"可视情将响应等级提高至{Names.Chinese(h)}（{s.Clause}），由有权启动该级响应的机构决定" : $"已为最高响应等级（{s.Clause}）";
        var to = higher is { } l ? Names.Of(l) : null;
        return new RaiseSuggestionDto(FigureNames.Of(s.Judgement), to, because, said) { UpTo = to };
    }

    public static ObligationDto Obligation(ObligationRule rule, DateTimeOffset? dueAt)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return new ObligationDto(
            rule.Code, rule.To, rule.Act, dueAt, Timing(rule.Timing), Every(rule), rule.Clause, rule.Words)
        {
            Reporter = rule.Reporter,
            OutsideCommand = rule.OutsideCommand,
        };
    }

    /// <summary>The repeat period as an ISO 8601 duration (P1D, PT4H), or null for a one-off obligation.</summary>
    public static string? Every(ObligationRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return rule.Every is { } every ? XmlConvert.ToString(every) : null;
    }

    /// <summary>How the due time is stated, as the contract spells it.</summary>
    public static string Timing(ObligationTiming timing) => timing switch
    {
        ObligationTiming.Fixed => "fixed",
        ObligationTiming.Immediately => "immediately",
        ObligationTiming.Promptly => "promptly",
        ObligationTiming.OnCompletion => "on-completion",
        _ => throw new ArgumentOutOfRangeException(nameof(timing)),
    };

    /// <summary>
    /// The note on a level's grounds when nothing reported meets them (<see cref="LevelResult.LowestOnly"/>): the band holds only as the
    /// lowest level any report reaches, not as a criterion met (C 4.3.1(1)② "3人以下涉险、被困、失联" with none of them reported). 未报全, not
    /// 均未报: a band is not reached either with some of its figures reported (R 5.3.3(1) "3人以下失联、死亡" with 死亡 0 and 失联 unknown), and
    /// the note said none was (a duty officer's review, session 54).
    /// </summary>
    public const string LowestOnlyNote = "相关数字未报全，仅为本预案的最低响应级别，并非已满足此条件";

    /// <summary>
    /// A rule met, cited. A share of 本市农业人口 (N 5.x.1(4)) is met on the city file's figure, which may be provisional: the note says
    /// which figure and whether it is, so a rule is not read as met on a figure nobody gave (a natural-disaster duty officer's review).
    /// </summary>
    private static ReasonDto Reason(Plans.Plan plan, Rule rule, string judgedBy) => new(plan.Id, rule.Clause, rule.Words, rule.Id)
    {
        Note = rule.Test.ShareOf is not null ? ShareNote(plan.City.AgriculturalPopulation)
            // The head count stands for the share of its clause that is the same threshold (ADR 0003 #88): the share's words said beside it.
            : rule.ShareTwin is { } share ? $"与“{share.Words}”为同一门槛（{ShareNote(plan.City.AgriculturalPopulation)}）"
            : OtherDecider(rule, judgedBy),
        JudgedBy = JudgedBy(rule, judgedBy),
    };

    /// <summary>
    /// A decision the plan gives to a named body (N 5.1.1(5) "市委、市政府认为需要启动Ⅰ级响应的其他事项"; 5.2.1(5)–5.4.1(5) "市安委会认为…")
    /// recorded as made by another (<c>decidedBy</c> 市安委会 for Ⅰ): the level stands, since who decided is the report's to say, but the
    /// note says whose the clause is, so the card does not show a contradiction as settled; null when the decider names the body.
    /// </summary>
    private static string? OtherDecider(Rule rule, string judgedBy)
    {
        if (rule.Test.Kind != RuleKind.Decision || judgedBy.Length == 0 || rule.Words.IndexOf("认为", StringComparison.Ordinal) is not (> 0 and var at))
        {
            return null;
        }

        var body = rule.Words[..at];
        return judgedBy.Contains(body, StringComparison.Ordinal) ? null : $"本条由{body}认定；记录的决定者为“{judgedBy}”，请核实";
    }

    /// <summary>
    /// R6: the mark of a criterion a human judgement (超出…处置能力) or a headquarters decision (指挥部认为需要启动…的其他情形) met, the
    /// decider; null for a criterion the figures or observations met. The one rule for every <c>because</c> that cites plan rules.
    /// </summary>
    private static string? JudgedBy(Rule rule, string judgedBy) => rule.Test.Kind is RuleKind.Judgement or RuleKind.Decision ? judgedBy : null;

    /// <summary>
    /// A recorded escalation's <c>because</c> (<see cref="Incidents.EscalationRecommended.Because"/>: each rule's id, clause and words as
    /// recorded), cited as the card cites a rule met (<see cref="Reason"/>, with the words recorded): one met on a share of 本市农业人口 carries its
    /// note, and one the plan's grade or response criteria hold under that id and a human judgement or
    /// headquarters decision met carries <see cref="ReasonDto.JudgedBy"/>, <paramref name="decidedBy"/> (the <c>decidedBy</c> of the
    /// judgements in force when it was recommended; empty when they named none, as on the card); one the figures met, or a clause that is
    /// no criterion (the grade that cannot be judged for the missing, R3), has none.
    /// </summary>
    public static ReasonDto[] Because(Plans.Plan plan, IEnumerable<Incidents.RuleRef> because, string? decidedBy)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(because);
        var judgedBy = decidedBy ?? string.Empty;
        return because.Select(r => Criterion(plan, r.Rule) is { } rule
            ? Reason(plan, rule, judgedBy) with { Clause = r.Clause, Words = r.Words }
            : new ReasonDto(plan.Id, r.Clause, r.Words, r.Rule)).ToArray();
    }

    /// <summary>
    /// Natural disaster: whether the disaster is 重大 or 特别重大, put as the construction 较大涉险事故 question is (judgement
    /// <see cref="DeclaredGradeTexts.Judgement"/>), while no grade is declared and the figures call for <see cref="DeclaredGradeTexts.AskedFrom"/>
    /// or above: the plan has no grade table, the competent department declares it (DOMAIN §2), and 4.1.5 "重大及以上自然灾害灾情稳定前,相关各级
    /// 应急管理部门执行灾情24小时零报告制度", 4.1.3 "接到重特大自然灾害事件报告后,应急管理部门应第一时间…报告" and 4.2.1 "针对重大以上自然灾害过程…
    /// 及时组织相关部门召开灾情会商会" start only once it is. At Ⅰ with 53 dead and missing only the CLI card asked (a natural-disaster duty officer's
    /// review, session 61, ND-03). <c>wouldAdd</c> is <see cref="AssessmentResponse.IfDeclaredSerious"/>; no figure points at it (<c>figures</c>
    /// empty, <c>reported</c> 0); <c>because</c> the first of those duties' clause and words. Null when not asked.
    /// </summary>
    private static JudgementToConsiderDto? DeclaredGradeQuestion(Assessment.Assessment a, ObligationDto[] ifDeclared)
    {
        if (ifDeclared.Length == 0 || a.Response.Level is not { } level || level < DeclaredGradeTexts.AskedFrom)
        {
            return null;
        }

        var first = a.IfDeclaredSerious[0].Rule;
        return new JudgementToConsiderDto(
            DeclaredGradeTexts.Judgement,
            DeclaredGradeTexts.Label,
            new ReasonDto(a.Plan.Id, first.Clause, first.Words, "prompt-" + DeclaredGradeTexts.Judgement)
            {
                Note = $"本预案未设{a.Plan.GradeTerm}分级标准，是否属{DeclaredGradeTexts.Label}由主管部门认定；应启动{Names.Chinese(DeclaredGradeTexts.AskedFrom)}以上响应且尚未认定时提请认定。",
            },
            [],
            0m,
            ifDeclared,
            DeclaredGradeTexts.Question(a.Plan.GradeTerm, ifDeclared));
    }

    private static JudgementToConsiderDto ToConsider(Assessment.Assessment a, JudgementToConsider open)
    {
        var plan = a.Plan;
        var prompt = open.Prompt;
        var label = JudgementCatalogue.All[(int)prompt.Judgement].Label;
        var figures = prompt.When.Quantity.Select(FigureCatalog.Of).ToArray();
        var pointers = string.Join("、", figures.Select(plan.FigureLabels.Of));
        var duties = string.Join("；", open.WouldAdd.Select(d =>
            $"{DutyWords.Said(d.Rule)}（{(d.DueAt is { } at ? CityTime.DayMinute(at) + "前" : Names.ChineseTiming(Timing(d.Rule.Timing), d.Rule.Words))}，{d.Rule.Clause}）"));
        var text = $"已报{pointers}共{open.Reported.ToString(CultureInfo.InvariantCulture)}人：是否属{label}，须研判（{prompt.Clause}）。"
                   + $"若属{label}，另须：{duties}。研判结果（是或否）记入报告的 judgements.{FigureNames.Of(prompt.Judgement)}。";
        // A report's judgements replace the earlier ones whole (IncidentReport.Merge): an answer sent alone would drop a judgement that raised
        // the level. Said where it matters, with what to carry over.
        var held = a.Input.Judgements;
        var carried = JudgementCatalogue.All.Where(d => d.Judgement != prompt.Judgement && held.Stated(d.Judgement))
            .Select(d => $"{d.Label}：{(held.Has(d.Judgement) ? "是" : "否")}")
            .Concat(held.HeadquartersLevel is { } hq ? [$"headquartersLevel：{Names.Chinese(hq)}"] : [])
            .ToArray();
        if (carried.Length > 0)
        {
            text += $"报告的 judgements 整体取代此前的研判，须一并写明仍成立的：{string.Join("；", carried)}。";
        }

        return new JudgementToConsiderDto(
            FigureNames.Of(prompt.Judgement),
            label,
            new ReasonDto(plan.Id, prompt.Clause, prompt.Words, "prompt-" + FigureNames.Of(prompt.Judgement)) { Note = prompt.Reading },
            figures.Select(f => f.Name).ToArray(),
            open.Reported,
            open.WouldAdd.Select(d => Obligation(d.Rule, d.DueAt)).ToArray(),
            text);
    }

    private static WarningIfKnownDto WarningIfKnown(string plan, WarningIfKnown open)
    {
        var rule = open.Rule;
        var labels = open.Unknown.Select(ConditionNames.Label);
        // What lowers the visibility goes with the visibility (R 4.3.1(1) "能见度 ≤ 10 米的浓雾"): 若为浓雾, or 若能见度 ≤ 10 米且为浓雾 when
        // neither is reported; the other observations are alternatives.
        var cause = open.Unknown.Contains(ConditionNames.VisibilityCause)
            ? "为" + string.Join("或", rule.VisibilityCauses!.Select(c => Names.WordIn(c, rule.Words)))
            : null;
        var weather = open.Unknown.Where(u => u is not (ConditionNames.TownshipsAffected or ConditionNames.VisibilityCause)).Select(u => u switch
        {
            ConditionNames.WeatherWarning => $"已发布{Names.Chinese(rule.WeatherWarning!.Value)}及以上暴雨、暴雪气象预警",
            ConditionNames.VisibilityMetres => $"能见度 ≤ {rule.VisibilityAtMost!.Value.ToString(CultureInfo.InvariantCulture)} 米" + (cause is null ? "" : "且" + cause),
            ConditionNames.WindForce => $"风力达{rule.WindForceAtLeast!.Value.ToString(CultureInfo.InvariantCulture)}级以上",
            _ => $"主干道抢修预计{rule.RepairHoursAtLeast!.Value.ToString(CultureInfo.InvariantCulture)}小时以上",
        }).ToArray();
        if (cause is not null && !open.Unknown.Contains(ConditionNames.VisibilityMetres))
        {
            weather = [cause, .. weather];
        }

        var needs = string.Join("且", new[]
        {
            weather.Length == 0 ? null : string.Join("或", weather),
            open.Unknown.Contains(ConditionNames.TownshipsAffected) ? $"涉及{rule.TownshipsAtLeast!.Value.ToString(CultureInfo.InvariantCulture)}个以上乡(镇)" : null,
        }.OfType<string>());
        var colour = Names.Chinese(open.Colour.Colour) + "预警";
        return new WarningIfKnownDto(
            Names.Of(open.Colour.Colour), new ReasonDto(plan, rule.Clause, rule.Words, rule.Id), open.Unknown, open.Colour.ApprovedBy,
            // A weather warning of a higher colour calls for a higher road warning by a rule of its own (R 4.3.2(1) 橙色, 4.3.1(1) 红色): "及以上"
            // leads to this colour at least, not only to it.
            $"{string.Join("、", labels)}未报：若{needs}，应{(open.Unknown.Contains(ConditionNames.WeatherWarning) ? "至少" : "")}发布{colour}（{rule.Clause}），由{open.Colour.ApprovedBy}批准");
    }

    /// <summary>The plan's grade or response criterion with the id (ids are unique in a plan), or null.</summary>
    private static Rule? Criterion(Plans.Plan plan, string id) =>
        (plan.Grade?.Rules ?? []).Concat(plan.Response.Rules).FirstOrDefault(r => string.Equals(r.Id, id, StringComparison.Ordinal));

    private static string ShareNote(SourcedFigure population) =>
        Population(population)
        + (population.Provisional ? "，暂定：由预案各档比例与人数的对应推得，待市统计局提供实际数字后更正城市文件" : "");

    /// <summary>"本市农业人口按80万人计": the city file's figure a share is counted on.</summary>
    private static string Population(SourcedFigure population) =>
        $"本市农业人口按{(population.Value % 10000 == 0 ? (population.Value / 10000).ToString("0", System.Globalization.CultureInfo.InvariantCulture) + "万" : population.Value.ToString("0", System.Globalization.CultureInfo.InvariantCulture))}人计";

    /// <summary>
    /// The duties reaching <paramref name="grade"/> would start that the assessment does not already owe, each once: as
    /// <c>newObligations</c> gives them (the code, for a machine: <c>phone-report-to-city（30分钟内）</c>) and as the hint's text
    /// says them to a person (<c>30分钟内向市委、市政府报告</c>).
    /// </summary>
    private static (string[] Codes, string[] Said) FirstDueAt(Assessment.Assessment a, Grade grade, DateTimeOffset? now)
    {
        // A handful of duties on each side: plain scans, not the hash sets this ran per hint on every request.
        var first = a.Plan.ObligationsFirstDueAt(grade);
        var codes = new List<string>(first.Count);
        var said = new List<string>(first.Count);
        foreach (var rule in FollowedBy(a.Plan, first, grade))
        {
            // Owed by this rule, not by another of its code: at 较大 the daily 续报 is owed, and 重大 brings the 4-hourly one (R 5.1.2).
            if (Owed(a.Obligations, rule))
            {
                continue;
            }

            // Past its time from the occurrence (C 4.1(二) "事发后30分钟以内"), a duty the grade would bring now is owed 立即 (ADR 0003 #71):
            // the hint promised 30分钟内 an hour after the accident (review s55, finding 3).
            var passed = PassedAt(rule, a.Input.OccurredAt, now);
            var code = passed is { } over ? $"{rule.Code}（立即）" : rule.Due is { } due ? $"{rule.Code}（{Names.Chinese(due)}内）" : rule.Code;
            if (!codes.Contains(code))
            {
                codes.Add(code);
            }

            var text = DutyWords.Hinted(rule);
            if (passed is { } allowed)
            {
                var within = $"{Names.Chinese(allowed)}内";
                text = (text.StartsWith(within, StringComparison.Ordinal) ? "立即" + text[within.Length..] : text) + $"（事发已超过{Names.Chinese(allowed)}）";
            }

            if (!said.Contains(text))
            {
                said.Add(text);
            }
        }

        return ([.. codes], [.. said]);

        static bool Owed(IReadOnlyList<ObligationDue> owed, ObligationRule rule)
        {
            foreach (var o in owed)
            {
                if (string.Equals(o.Rule.Code, rule.Code, StringComparison.Ordinal) && string.Equals(o.Rule.Words, rule.Words, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>
    /// <paramref name="first"/>, each followed by the duties the plan starts on it (<c>start: previous-report</c>) under the same grade:
    /// R 5.1.1 "立即向上级值班室直报简要情况,随即书面报告具体详情" is two duties that 重大 brings, the second started by the first.
    /// </summary>
    private static IEnumerable<ObligationRule> FollowedBy(Plan plan, IReadOnlyList<ObligationRule> first, Grade grade)
    {
        foreach (var rule in first)
        {
            yield return rule;
            foreach (var next in plan.Obligations)
            {
                if (next.Start == DutyStart.PreviousReport && string.Equals(next.After, rule.Code, StringComparison.Ordinal)
                    && next.Condition?.HoldsForGradeAlone(grade) != false)
                {
                    yield return next;
                }
            }
        }
    }

    /// <summary>The rule's time from the occurrence when it has passed at <paramref name="now"/> (a single report timed from the occurrence); else null.</summary>
    private static TimeSpan? PassedAt(ObligationRule rule, DateTimeOffset occurredAt, DateTimeOffset? now) =>
        now is { } n && rule.Start == DutyStart.Occurrence && rule.Every is null && rule.Due is { } due && occurredAt + due < n ? due : null;

    /// <summary>
    /// Whether the time from the occurrence of one of the plan's single reports (C 4.1(二) 事发后30分钟、1小时) passes after
    /// <paramref name="from"/> and by <paramref name="to"/>: a response read at <paramref name="from"/> then says a hint's duty otherwise (立即).
    /// </summary>
    public static bool HintTimePasses(Plans.Plan plan, DateTimeOffset occurredAt, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(plan);
        foreach (var rule in plan.Obligations)
        {
            if (rule.Start == DutyStart.Occurrence && rule.Every is null && rule.Due is { } due && occurredAt + due >= from && occurredAt + due < to)
            {
                return true;
            }
        }

        return false;
    }

    private static ThresholdDto Threshold(Assessment.Assessment a, Hint hint, DateTimeOffset? now)
    {
        var figures = hint.Rule.Figures.Select(FigureNames.Of).ToArray();
        string reaches;
        string label;
        string[] newObligations = [];
        string[] said = [];
        if (hint.Table == HintTable.Grade)
        {
            var grade = hint.Rule.GradeOutcome;
            reaches = Names.Of(grade);
            label = Names.Chinese(grade);
            (newObligations, said) = FirstDueAt(a, grade, now);
        }
        else
        {
            var level = hint.Rule.LevelOutcome;
            reaches = Names.Of(level);
            label = Names.Chinese(level) + "响应";
            if (a.Plan.Response.Find(level) is { } definition)
            {
                newObligations = said = [$"启动权限：{definition.Authority}"];
            }
        }

        // Unknown is not zero (DOMAIN R1): with some of the rule's figures not reported the distance counts the known ones, and says so.
        var unknown = hint.Rule.Figures.Where(f => !a.Input.TryGet(f, out _)).ToArray();
        var partly = unknown.Length == 0 ? string.Empty : $"（{string.Join("、", unknown.Select(f => Count(a.Plan.FigureLabels, f)))}未知，按已知数字计）";

        // A share of 本市农业人口 (N 5.x.1(4)) is a head count on the city file's figure: said, so it is not read as the plan's own head count
        // (10% of 80万 and "8万人以上" gave two identical lines).
        // The head count that stands for its clause's share (the same threshold on the derived population, ADR 0003 #88) says the share too: one line.
        var shareRule = hint.Rule.Test.ShareOf is not null ? hint.Rule : hint.Rule.ShareTwin;
        var share = shareRule is null ? string.Empty
            : $"（{(shareRule == hint.Rule ? "" : "即")}占本市农业人口{(shareRule.Test.AtLeast * 100m).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)}%，{Population(a.Plan.City.AgriculturalPopulation)}）";

        // The text is for people: duties as they are said, not their codes (newObligations keeps the codes).
        var text = $"{More(a.Plan.FigureLabels, hint.Rule.Figures, hint.Needed, hint.Rule.Words)}{partly}{share} → {label}（{hint.Rule.Clause}）"
                   + (said.Length > 0 ? "：" + string.Join("；", said) : string.Empty);
        return new ThresholdDto(hint.Table == HintTable.Grade ? "grade" : "response", figures, hint.Current, hint.Needed, reaches, hint.Rule.Clause,
            hint.Rule.Words, newObligations, text)
        {
            Unknown = unknown.Length == 0 ? [] : unknown.Select(FigureNames.Of).ToArray(),
        };
    }

    /// <summary>A figure as a count is named: 失踪人数 for people, 直接经济损失 for an amount (the unit dropped from the label).</summary>
    private static string Count(FigureLabels names, Figure figure)
    {
        var definition = FigureCatalog.Of(figure);
        var label = names.Of(definition);
        return definition.Unit switch
        {
            "人" => label + "人数",
            { } u when label.EndsWith($"（{u}）", StringComparison.Ordinal) => label[..^(u.Length + 2)],
            _ => label,
        };
    }

    /// <summary>
    /// "死亡或失联再增加7人": the figures as the plan names them for people (natural disaster: 失踪; else the catalogue's label),
    /// and how much more reaches the rule. Where the rule's words count them together as one number, as N 5.x.1(1) "死亡和失踪50人以上"
    /// does, the hint says that number: "死亡和失踪人数再增加2人", not "死亡或失踪", which read as either one alone.
    /// </summary>
    private static string More(FigureLabels names, IReadOnlyList<Figure> figures, decimal needed, string words)
    {
        var definitions = figures.Select(FigureCatalog.Of).ToArray();
        var unit = definitions[0].Unit ?? "";
        var labels = definitions.Select(d => (Definition: d, Label: names.Of(d)))
            .Select(x => x.Definition.Unit is { } u && x.Label.EndsWith($"（{u}）", StringComparison.Ordinal) ? x.Label[..^(u.Length + 2)] : x.Label)
            .Distinct().ToArray();
        var together = string.Join("和", labels);
        var said = labels.Length > 1 && words.Contains(together, StringComparison.Ordinal)
            ? together + (unit == "人" ? "人数" : "")
            : string.Join("或", labels);
        return $"{said}再增加{needed.ToString("0.##", CultureInfo.InvariantCulture)}{unit}";
    }
}

/// <summary>Why a time was refused by <see cref="AssessmentContract.ParseInstant(string?, out InstantProblem)"/>, so that its refusal says it.</summary>
public enum InstantProblem
{
    /// <summary>Read.</summary>
    None,

    /// <summary>Not ISO 8601 with a UTC offset (<c>2026-03-01T08:05:00+08:00</c>, or <c>Z</c>).</summary>
    Form,

    /// <summary>The form is right but the offset is not one: beyond ±14:00, or 60 minutes or more.</summary>
    Offset,

    /// <summary>The form is right but the date or time does not exist (2026-02-29, month 13, 24:00).</summary>
    NoSuchTime,

    /// <summary>Its instant in UTC falls outside the years 0001–9999.</summary>
    OutsideYears,
}
