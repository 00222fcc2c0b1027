using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Core.Assessment;

/// <summary>
/// What the engine judges: one incident report. Counts, amounts and the disrupted counties not reported are UNKNOWN (never
/// zero, never none); facts not reported are not stated: no duty or warning starts on them, and a response rule behind one
/// (<c>when</c>) is possible, never met (DOMAIN R3). Built once per request (<see cref="From"/>); the engine only reads it.
/// </summary>
public sealed class IncidentInput
{
    public required string PlanId { get; init; }

    /// <summary>Time of occurrence with its UTC offset: the reporting clocks start here.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    // Figures are kept as a vector of whole hundredths (a count × 100, 万元 × 100 rounded down) with a
    // known-mask, so the engine compares integers instead of decimals. Rounding the loss down is exact
    // for "≥ threshold" because every threshold in the plans has at most two decimal places (checked on load).
    // The vector and masks are filled once from the catalogue when Figures is set.
    private FigureVector _scaled;
    private uint _known;
    private uint _facts;
    private uint _statedFacts;
    private ReportedFigures _figures = ReportedFigures.None;
    private IReadOnlyList<string> _counties = [];
    private bool _countiesKnown;

    /// <summary>The figures as reported; what the engine reads is derived from them once, here.</summary>
    public ReportedFigures Figures
    {
        get => _figures;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            _figures = value;
            _known = 0;
            _facts = 0;
            _statedFacts = 0;
            // Indexed: an assessment that weighs a judgement builds an input again, and a list's enumerator is an allocation each time.
            var all = FigureCatalog.All;
            for (var i = 0; i < all.Count; i++)
            {
                var figure = all[i];
                switch (value[figure])
                {
                    case long count when figure.Quantity is { } slot:
                        _scaled[(int)slot] = count >= MaxScaledValue / 100 ? MaxScaledValue : count * 100;
                        _known |= 1u << (int)slot;
                        break;
                    case decimal amount when figure.Quantity is { } slot:
                        _scaled[(int)slot] = amount >= MaxScaledValue / 100m ? MaxScaledValue : (long)decimal.Floor(amount * 100m);
                        _known |= 1u << (int)slot;
                        break;
                    case bool holds when figure.Fact is { } fact:
                        _statedFacts |= 1u << (int)fact;
                        if (holds)
                        {
                            _facts |= 1u << (int)fact;
                        }

                        break;
                }
            }

            _counties = value.DisruptedCounties ?? [];
            _countiesKnown = value.DisruptedCounties is not null;
        }
    }

    /// <summary>Builds the engine input from the reported figures, the human judgements and the road observations.</summary>
    public static IncidentInput From(string planId, DateTimeOffset occurredAt, ReportedFigures figures, JudgementInput? judgements = null, RoadConditions? road = null) =>
        new()
        {
            PlanId = planId,
            OccurredAt = occurredAt,
            Figures = figures,
            Judgements = judgements ?? JudgementInput.None,
            Road = road,
        };

    /// <summary>Larger values are held at this cap (a trillion people or 万元): far above every threshold, and sums cannot overflow.</summary>
    internal const long MaxScaledValue = 100_000_000_000_000;

    /// <summary>Bit i set when figure i is known.</summary>
    internal uint KnownMask => _known;

    /// <summary>Figure i in hundredths (valid when known).</summary>
    internal long Scaled(int i) => _scaled[i];

    /// <summary>Facts stated, true or false, as bits (bit i = <see cref="Fact"/> i).</summary>
    internal uint StatedFactMask => FactMask | _statedFacts;

    /// <summary>Facts that hold as bits (bit i = <see cref="Fact"/> i).</summary>
    internal uint FactMask => _facts | (Road is { MainRoadSnowIce: true } ? 1u << (int)Fact.MainRoadSnowIce : 0);

    /// <summary>Only read when the hazmat fact holds; null then means unknown.</summary>
    public Pollution? Pollution => _figures.Pollution;

    /// <summary>Counties whose traffic is affected or blocked, as written in the city file; empty when none or not reported (<see cref="CountiesKnown"/>).</summary>
    public IReadOnlyList<string> DisruptedCounties => _counties;

    /// <summary>Whether the report says which counties are disrupted (an empty list: none), rather than leaving it unknown.</summary>
    public bool CountiesKnown => _countiesKnown;

    /// <summary>Natural disaster: the grade declared by the competent department (the plan has no grade table).</summary>
    public Grade? DeclaredGrade => _figures.DeclaredGrade;

    public JudgementInput Judgements { get; init; } = JudgementInput.None;

    /// <summary>Road warnings: weather and blockage observations. Null when none were given.</summary>
    public RoadConditions? Road { get; init; }

    /// <summary>
    /// This report with <paramref name="figures"/> or <paramref name="judgements"/> in place of its own, the rest as it is: what the engine
    /// assesses "as if" (a 灾害等级 declared 重大, N 4.1.3; a judgement made, C 4.1 较大涉险事故).
    /// </summary>
    internal IncidentInput With(ReportedFigures? figures = null, JudgementInput? judgements = null) => new()
    {
        PlanId = PlanId, OccurredAt = OccurredAt, Road = Road, Figures = figures ?? Figures, Judgements = judgements ?? Judgements,
    };

    /// <summary>Reads a figure; false when it is unknown.</summary>
    public bool TryGet(Figure figure, out decimal value)
    {
        var i = (int)figure;
        if ((uint)i >= FigureVector.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(figure));
        }

        if ((_known & (1u << i)) == 0)
        {
            value = 0;
            return false;
        }

        // The reported value, not the capped vector entry: hints and reasons show what was reported.
        value = _figures[figure] ?? 0;
        return true;
    }

    public bool Has(Fact fact) => (uint)fact < 32 && (FactMask & (1u << (int)fact)) != 0;

    /// <summary>Whether the report says whether <paramref name="fact"/> holds (true or false), rather than leaving it unknown.</summary>
    public bool States(Fact fact) => Has(fact) || ((uint)fact < 32 && (_statedFacts & (1u << (int)fact)) != 0);
}

/// <summary>One slot per engine figure, inline, without an array allocation.</summary>
[System.Runtime.CompilerServices.InlineArray(Length)]
internal struct FigureVector
{
    // The catalogue checks that its counts and amounts fit (FigureCatalog.QuantityCapacity).
    public const int Length = FigureCatalog.QuantityCapacity;
    private long _element0;
}

/// <summary>Human judgements (R6). Who decided and why travel with them so the record shows it.</summary>
/// <remarks>The judgements are held as the engine's bits (<see cref="JudgementCatalogue"/>); the properties read and set them.</remarks>
public sealed record JudgementInput
{
    public static readonly JudgementInput None = new();

    private uint _mask;
    private uint _judgedNot;

    /// <summary>
    /// The judgements set in <paramref name="mask"/> (bit i = <see cref="Judgement"/> i), as the contract maps them by the catalogue; those in
    /// <paramref name="judgedNot"/> were stated as not holding (a bit in both holds).
    /// </summary>
    public static JudgementInput FromMask(uint mask, ResponseLevel? headquartersLevel, string? decidedBy, string? reason, uint judgedNot = 0) =>
        new() { _mask = mask, _judgedNot = judgedNot & ~mask, HeadquartersLevel = headquartersLevel, DecidedBy = decidedBy, Reason = reason };

    public bool ExceedsCountyCapacity { get => Has(Judgement.ExceedsCountyCapacity); init => Set(Judgement.ExceedsCountyCapacity, value); }
    public bool ExceedsCityCapacity { get => Has(Judgement.ExceedsCityCapacity); init => Set(Judgement.ExceedsCityCapacity, value); }
    public bool CountyCanHandle { get => Has(Judgement.CountyCanHandle); init => Set(Judgement.CountyCanHandle, value); }
    public bool LargeSocialImpact { get => Has(Judgement.LargeSocialImpact); init => Set(Judgement.LargeSocialImpact, value); }
    public bool OtherSeriousRoadImpact { get => Has(Judgement.OtherSeriousRoadImpact); init => Set(Judgement.OtherSeriousRoadImpact, value); }
    public bool RelativelySeriousNearMiss { get => Has(Judgement.RelativelySeriousNearMiss); init => Set(Judgement.RelativelySeriousNearMiss, value); }
    public bool ImportantSituation { get => Has(Judgement.ImportantSituation); init => Set(Judgement.ImportantSituation, value); }
    public bool ReliefPreparationNeeded { get => Has(Judgement.ReliefPreparationNeeded); init => Set(Judgement.ReliefPreparationNeeded, value); }
    public bool EmergencySituation { get => Has(Judgement.EmergencySituation); init => Set(Judgement.EmergencySituation, value); }
    public bool ImportantPlaceOrPeriod { get => Has(Judgement.ImportantPlaceOrPeriod); init => Set(Judgement.ImportantPlaceOrPeriod, value); }
    public bool SensitiveAreaOrTime { get => Has(Judgement.SensitiveAreaOrTime); init => Set(Judgement.SensitiveAreaOrTime, value); }
    public bool WeakReliefCapacityArea { get => Has(Judgement.WeakReliefCapacityArea); init => Set(Judgement.WeakReliefCapacityArea, value); }
    public bool MajorSocioEconomicImpact { get => Has(Judgement.MajorSocioEconomicImpact); init => Set(Judgement.MajorSocioEconomicImpact, value); }

    /// <summary>指挥部认为应当启动…级响应的其他情形: the level headquarters decided on, if any.</summary>
    public ResponseLevel? HeadquartersLevel { get; init; }

    public string? DecidedBy { get; init; }
    public string? Reason { get; init; }

    /// <summary>
    /// The judgements stated as not holding (a request's <c>false</c>), by their request names in catalogue order; null when none. Kept so that a
    /// question the plan puts about one (<see cref="Assessment.JudgementsToConsider"/>: 是否属较大涉险事故) is answered by a "no" as by a "yes";
    /// the engine's criteria read only <see cref="Has"/>. Absent from reports stored before 2026-12-06 (session 48), which kept a false as
    /// not given, and written only when some judgement is stated false, so every other report's stored body is as before.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? JudgedNot
    {
        get => _judgedNot == 0 ? null : JudgementCatalogue.All.Where(d => (_judgedNot & (1u << (int)d.Judgement)) != 0).Select(d => d.Name).ToArray();
        init
        {
            var bits = 0u;
            foreach (var name in value ?? [])
            {
                bits |= 1u << (int)(JudgementCatalogue.Find(name)?.Judgement
                                    ?? throw new System.Text.Json.JsonException($"judgedNot: '{name}' is not a judgement of the catalogue."));
            }

            _judgedNot = bits;
        }
    }

    /// <summary>Judgements as bits (bit i = <see cref="Judgement"/> i).</summary>
    internal uint Mask => _mask;

    public bool Has(Judgement judgement) => (uint)judgement < 32 && (_mask & (1u << (int)judgement)) != 0;

    /// <summary>These judgements with <paramref name="judgement"/> held as well (no longer stated as not holding).</summary>
    internal JudgementInput Holding(Judgement judgement) =>
        this with { _mask = _mask | (1u << (int)judgement), _judgedNot = _judgedNot & ~(1u << (int)judgement) };

    /// <summary>Whether the judgement was stated either way: held (<see cref="Has"/>) or stated as not holding (<see cref="JudgedNot"/>).</summary>
    public bool Stated(Judgement judgement) => (uint)judgement < 32 && ((_mask | _judgedNot) & (1u << (int)judgement)) != 0;

    private void Set(Judgement judgement, bool value) =>
        _mask = value ? _mask | (1u << (int)judgement) : _mask & ~(1u << (int)judgement);
}

/// <summary>Observations for road-traffic warnings (road 4.2–4.3). Omitted observations are not present.</summary>
public sealed record RoadConditions
{
    /// <summary>Colour of the meteorological rainstorm/blizzard warning already issued (4.2).</summary>
    public WarningColour? WeatherWarning { get; init; }

    /// <summary>Fog or sandstorm visibility in metres.</summary>
    public decimal? VisibilityMetres { get; init; }

    /// <summary>
    /// What lowers <see cref="VisibilityMetres"/>: fog (4.3.1(1), 4.3.2(1) 浓雾; 4.3.3(1) 大雾) or sandstorm (4.3.3(1) 特强沙尘暴); null
    /// when not stated, which meets only the rules that read either (4.3.3(1)). Stored (event schema 9) only when stated, so a report
    /// without it is written as before.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public VisibilityCause? VisibilityCause { get; init; }

    /// <summary>Wind force on the Beaufort scale (级).</summary>
    public int? WindForce { get; init; }

    /// <summary>Townships (乡镇) the weather affects.</summary>
    public int? TownshipsAffected { get; init; }

    /// <summary>Expected hours to clear a blocked national/provincial main road.</summary>
    public decimal? MainRoadRepairHours { get; init; }

    /// <summary>
    /// Whether the blocked road is a 国(省)道等主干道 (R 4.3.x(2)); null when not said, which reads <see cref="MainRoadRepairHours"/> as
    /// what its name says, the repair of a main road (ADR 0003 #66). False: the repair hours meet no 4.3.x(2) rule. Stored (event schema
    /// 13) only when stated, so a report without it is written as before.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public bool? MainRoad { get; init; }

    /// <summary>
    /// 国(省)道等主干道大面积积雪、结冰 (R 4.3.3(3)); null when not reported. Stored only when stated: an event written before session 55
    /// holds <c>false</c> for "not reported or not the case", and reads as before (only true meets 4.3.3(3)).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public bool? MainRoadSnowIce { get; init; }
}
