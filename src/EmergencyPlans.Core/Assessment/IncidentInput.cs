using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Core.Assessment;

/// <summary>
/// What the engine judges: one incident report. Counts and amounts not reported are UNKNOWN (never zero);
/// facts not reported are false. Built once per request (<see cref="From"/>); the engine only reads it.
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
    private ReportedFigures _figures = ReportedFigures.None;
    private IReadOnlyList<string> _counties = [];

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
            foreach (var figure in FigureCatalog.All)
            {
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
                    case true when figure.Fact is { } fact:
                        _facts |= 1u << (int)fact;
                        break;
                }
            }

            _counties = value.DisruptedCounties ?? [];
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

    /// <summary>Facts as bits (bit i = <see cref="Fact"/> i).</summary>
    internal uint FactMask => _facts | (Road is { MainRoadSnowIce: true } ? 1u << (int)Fact.MainRoadSnowIce : 0);

    /// <summary>Only read when the hazmat fact holds; null then means unknown.</summary>
    public Pollution? Pollution => _figures.Pollution;

    /// <summary>Counties whose traffic is affected or blocked, as written in the city file. Omitted means none.</summary>
    public IReadOnlyList<string> DisruptedCounties => _counties;

    /// <summary>Natural disaster: the grade declared by the competent department (the plan has no grade table).</summary>
    public Grade? DeclaredGrade => _figures.DeclaredGrade;

    public JudgementInput Judgements { get; init; } = JudgementInput.None;

    /// <summary>Road warnings: weather and blockage observations. Null when none were given.</summary>
    public RoadConditions? Road { get; init; }

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
public sealed record JudgementInput
{
    public static readonly JudgementInput None = new();

    public bool ExceedsCountyCapacity { get; init; }
    public bool ExceedsCityCapacity { get; init; }
    public bool CountyCanHandle { get; init; }
    public bool LargeSocialImpact { get; init; }
    public bool OtherSeriousRoadImpact { get; init; }
    public bool RelativelySeriousNearMiss { get; init; }
    public bool ImportantSituation { get; init; }
    public bool ReliefPreparationNeeded { get; init; }
    public bool EmergencySituation { get; init; }
    public bool ImportantPlaceOrPeriod { get; init; }

    /// <summary>指挥部认为应当启动…级响应的其他情形: the level headquarters decided on, if any.</summary>
    public ResponseLevel? HeadquartersLevel { get; init; }

    public string? DecidedBy { get; init; }
    public string? Reason { get; init; }

    /// <summary>Judgements as bits (bit i = <see cref="Judgement"/> i).</summary>
    internal uint Mask =>
        (ExceedsCountyCapacity ? 1u << (int)Judgement.ExceedsCountyCapacity : 0)
        | (ExceedsCityCapacity ? 1u << (int)Judgement.ExceedsCityCapacity : 0)
        | (CountyCanHandle ? 1u << (int)Judgement.CountyCanHandle : 0)
        | (LargeSocialImpact ? 1u << (int)Judgement.LargeSocialImpact : 0)
        | (OtherSeriousRoadImpact ? 1u << (int)Judgement.OtherSeriousRoadImpact : 0)
        | (RelativelySeriousNearMiss ? 1u << (int)Judgement.RelativelySeriousNearMiss : 0)
        | (ImportantSituation ? 1u << (int)Judgement.ImportantSituation : 0)
        | (ReliefPreparationNeeded ? 1u << (int)Judgement.ReliefPreparationNeeded : 0)
        | (EmergencySituation ? 1u << (int)Judgement.EmergencySituation : 0)
        | (ImportantPlaceOrPeriod ? 1u << (int)Judgement.ImportantPlaceOrPeriod : 0);

    public bool Has(Judgement judgement) => judgement switch
    {
        Judgement.ExceedsCountyCapacity => ExceedsCountyCapacity,
        Judgement.ExceedsCityCapacity => ExceedsCityCapacity,
        Judgement.CountyCanHandle => CountyCanHandle,
        Judgement.LargeSocialImpact => LargeSocialImpact,
        Judgement.OtherSeriousRoadImpact => OtherSeriousRoadImpact,
        Judgement.RelativelySeriousNearMiss => RelativelySeriousNearMiss,
        Judgement.ImportantSituation => ImportantSituation,
        Judgement.ReliefPreparationNeeded => ReliefPreparationNeeded,
        Judgement.EmergencySituation => EmergencySituation,
        Judgement.ImportantPlaceOrPeriod => ImportantPlaceOrPeriod,
        _ => throw new ArgumentOutOfRangeException(nameof(judgement)),
    };
}

/// <summary>Observations for road-traffic warnings (road 4.2–4.3). Omitted observations are not present.</summary>
public sealed record RoadConditions
{
    /// <summary>Colour of the meteorological rainstorm/blizzard warning already issued (4.2).</summary>
    public WarningColour? WeatherWarning { get; init; }

    /// <summary>Fog or sandstorm visibility in metres.</summary>
    public decimal? VisibilityMetres { get; init; }

    /// <summary>Wind force on the Beaufort scale (级).</summary>
    public int? WindForce { get; init; }

    /// <summary>Townships (乡镇) the weather affects.</summary>
    public int? TownshipsAffected { get; init; }

    /// <summary>Expected hours to clear a blocked national/provincial main road.</summary>
    public decimal? MainRoadRepairHours { get; init; }

    public bool MainRoadSnowIce { get; init; }
}
