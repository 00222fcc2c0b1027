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

    public long? Deaths { get; init; }
    public long? Missing { get; init; }
    public long? Trapped { get; init; }
    public long? Endangered { get; init; }
    public long? SeriousInjuries { get; init; }
    public long? Injured { get; init; }
    public decimal? DirectLossWan { get; init; }
    public long? Relocated { get; init; }
    public long? CollapsedRooms { get; init; }
    public long? CollapsedHouseholds { get; init; }
    public long? DroughtAidPeople { get; init; }

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
        long? count;
        switch (figure)
        {
            case Figure.Deaths: count = Deaths; break;
            case Figure.Missing: count = Missing; break;
            case Figure.Trapped: count = Trapped; break;
            case Figure.Endangered: count = Endangered; break;
            case Figure.SeriousInjuries: count = SeriousInjuries; break;
            case Figure.Injured: count = Injured; break;
            case Figure.DirectLossWan:
                value = DirectLossWan.GetValueOrDefault();
                return DirectLossWan.HasValue;
            case Figure.Relocated: count = Relocated; break;
            case Figure.CollapsedRooms: count = CollapsedRooms; break;
            case Figure.CollapsedHouseholds: count = CollapsedHouseholds; break;
            case Figure.DroughtAidPeople: count = DroughtAidPeople; break;
            default: throw new ArgumentOutOfRangeException(nameof(figure));
        }

        value = count.GetValueOrDefault();
        return count.HasValue;
    }

    public bool Has(Fact fact) => fact switch
    {
        Fact.HazmatRelease => HazmatRelease,
        Fact.ForeignCasualties => ForeignCasualties,
        Fact.MainRoadSnowIce => Road?.MainRoadSnowIce ?? false,
        _ => throw new ArgumentOutOfRangeException(nameof(fact)),
    };
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
