using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Core.Assessment;

/// <summary>
/// What the engine judges: one incident report. Counts and amounts left null are UNKNOWN (never zero);
/// facts and judgements left false are false. Built once per request; the engine only reads it.
/// </summary>
public sealed class IncidentInput
{
    public required string PlanId { get; init; }

    /// <summary>Time of occurrence with its UTC offset: the reporting clocks start here.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    // Figures are kept as a vector of whole hundredths (a count × 100, 万元 × 100 rounded down) with a
    // known-mask, so the engine compares integers instead of decimals. Rounding the loss down is exact
    // for "≥ threshold" because every threshold in the plans has at most two decimal places (checked on load).
    private FigureVector _scaled;
    private uint _known;
    private decimal? _directLossWan;

    public long? Deaths { get => Count(Figure.Deaths); init => SetCount(Figure.Deaths, value); }
    public long? Missing { get => Count(Figure.Missing); init => SetCount(Figure.Missing, value); }
    public long? Trapped { get => Count(Figure.Trapped); init => SetCount(Figure.Trapped, value); }
    public long? Endangered { get => Count(Figure.Endangered); init => SetCount(Figure.Endangered, value); }
    public long? SeriousInjuries { get => Count(Figure.SeriousInjuries); init => SetCount(Figure.SeriousInjuries, value); }
    public long? Injured { get => Count(Figure.Injured); init => SetCount(Figure.Injured, value); }

    public decimal? DirectLossWan
    {
        get => _directLossWan;
        init
        {
            _directLossWan = value;
            const int i = (int)Figure.DirectLossWan;
            if (value is { } v)
            {
                _scaled[i] = v >= MaxScaledValue / 100m ? MaxScaledValue : v <= 0 ? 0 : (long)decimal.Floor(v * 100m);
                _known |= 1u << i;
            }
            else
            {
                _known &= ~(1u << i);
            }
        }
    }

    public long? Relocated { get => Count(Figure.Relocated); init => SetCount(Figure.Relocated, value); }
    public long? CollapsedRooms { get => Count(Figure.CollapsedRooms); init => SetCount(Figure.CollapsedRooms, value); }
    public long? CollapsedHouseholds { get => Count(Figure.CollapsedHouseholds); init => SetCount(Figure.CollapsedHouseholds, value); }
    public long? DroughtAidPeople { get => Count(Figure.DroughtAidPeople); init => SetCount(Figure.DroughtAidPeople, value); }

    /// <summary>Larger values are held at this cap (a trillion people or 万元): far above every threshold, and sums cannot overflow.</summary>
    internal const long MaxScaledValue = 100_000_000_000_000;

    /// <summary>Bit i set when figure i is known.</summary>
    internal uint KnownMask => _known;

    /// <summary>Figure i in hundredths (valid when known).</summary>
    internal long Scaled(int i) => _scaled[i];

    /// <summary>Facts as bits (bit i = <see cref="Fact"/> i).</summary>
    internal uint FactMask =>
        (HazmatRelease ? 1u << (int)Fact.HazmatRelease : 0)
        | (ForeignCasualties ? 1u << (int)Fact.ForeignCasualties : 0)
        | (Road is { MainRoadSnowIce: true } ? 1u << (int)Fact.MainRoadSnowIce : 0);

    private long? Count(Figure figure) =>
        (_known & (1u << (int)figure)) != 0 ? _scaled[(int)figure] / 100 : null;

    private void SetCount(Figure figure, long? value)
    {
        var i = (int)figure;
        if (value is { } v)
        {
            _scaled[i] = v >= MaxScaledValue / 100 ? MaxScaledValue : v <= 0 ? 0 : v * 100;
            _known |= 1u << i;
        }
        else
        {
            _known &= ~(1u << i);
        }
    }

    public bool HazmatRelease { get; init; }
    public bool ForeignCasualties { get; init; }

    /// <summary>Only read when <see cref="HazmatRelease"/> is true; null then means unknown.</summary>
    public Pollution? Pollution { get; init; }

    /// <summary>Counties whose traffic is affected or blocked, as written in the city file. Omitted means none.</summary>
    public IReadOnlyList<string> DisruptedCounties { get; init; } = [];

    /// <summary>Natural disaster: the grade declared by the competent department (the plan has no grade table).</summary>
    public Grade? DeclaredGrade { get; init; }

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

        value = figure == Figure.DirectLossWan ? _directLossWan!.Value : _scaled[i] / 100;
        return true;
    }

    public bool Has(Fact fact) => fact switch
    {
        Fact.HazmatRelease => HazmatRelease,
        Fact.ForeignCasualties => ForeignCasualties,
        Fact.MainRoadSnowIce => Road?.MainRoadSnowIce ?? false,
        _ => throw new ArgumentOutOfRangeException(nameof(fact)),
    };
}

/// <summary>Eleven figures inline, without an array allocation.</summary>
[System.Runtime.CompilerServices.InlineArray(Length)]
internal struct FigureVector
{
    public const int Length = 11;
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
        | (OtherSeriousRoadImpact ? 1u << (int)Judgement.OtherSeriousRoadImpact : 0);

    public bool Has(Judgement judgement) => judgement switch
    {
        Judgement.ExceedsCountyCapacity => ExceedsCountyCapacity,
        Judgement.ExceedsCityCapacity => ExceedsCityCapacity,
        Judgement.CountyCanHandle => CountyCanHandle,
        Judgement.LargeSocialImpact => LargeSocialImpact,
        Judgement.OtherSeriousRoadImpact => OtherSeriousRoadImpact,
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
