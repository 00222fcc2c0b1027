namespace EmergencyPlans.Core.Contract;

// The JSON taken by POST /api/v1/assessments (and embedded in incident reports). Everything is nullable
// so the validator, not the parser, says what is missing; null counts mean UNKNOWN, never zero.
#pragma warning disable CA1002, CA2227 // Bound by System.Text.Json.

/// <summary>An incident report to assess.</summary>
public sealed class AssessmentRequest
{
    /// <summary>construction | road-traffic | natural-disaster</summary>
    public string? Plan { get; set; }

    /// <summary>ISO 8601 with its UTC offset, e.g. 2026-03-01T08:00:00+08:00.</summary>
    public string? OccurredAt { get; set; }

    public FiguresDto? Figures { get; set; }
    public JudgementsDto? Judgements { get; set; }

    /// <summary>Road-traffic warning observations (weather, blockage).</summary>
    public ConditionsDto? Conditions { get; set; }
}

/// <summary>Figures of the report. Omitted or null counts and amounts are unknown; omitted facts are false.</summary>
public sealed class FiguresDto
{
    /// <summary>死亡</summary>
    public long? Deaths { get; set; }
    /// <summary>失联 / 失踪</summary>
    public long? Missing { get; set; }
    /// <summary>被困</summary>
    public long? Trapped { get; set; }
    /// <summary>涉险 (not trapped or missing)</summary>
    public long? Endangered { get; set; }
    /// <summary>重伤</summary>
    public long? SeriousInjuries { get; set; }
    /// <summary>受伤, all injured including serious injuries</summary>
    public long? Injured { get; set; }
    /// <summary>直接经济损失 in 万元</summary>
    public decimal? DirectLossWan { get; set; }
    public bool? HazmatRelease { get; set; }
    /// <summary>none | some | major</summary>
    public string? Pollution { get; set; }
    public List<string>? DisruptedCounties { get; set; }
    /// <summary>紧急转移安置和需紧急生活救助</summary>
    public long? Relocated { get; set; }
    /// <summary>倒塌和严重损坏房屋 (间)</summary>
    public long? CollapsedRooms { get; set; }
    /// <summary>倒塌和严重损坏房屋 (户)</summary>
    public long? CollapsedHouseholds { get; set; }
    public long? DroughtAidPeople { get; set; }
    /// <summary>Natural disaster: ordinary | relatively-serious | serious | especially-serious, as declared.</summary>
    public string? DeclaredGrade { get; set; }
    public bool? ForeignCasualties { get; set; }
}

/// <summary>Human judgements (R6): inputs with who decided and why, never inferred.</summary>
public sealed class JudgementsDto
{
    public bool? ExceedsCountyCapacity { get; set; }
    public bool? ExceedsCityCapacity { get; set; }
    public bool? CountyCanHandle { get; set; }
    public bool? LargeSocialImpact { get; set; }
    public bool? OtherSeriousRoadImpact { get; set; }

    /// <summary>指挥部认为需要启动…级响应的其他情形: I | II | III | IV.</summary>
    public string? HeadquartersLevel { get; set; }
    public string? DecidedBy { get; set; }
    public string? Reason { get; set; }
}

/// <summary>Road warning observations (4.2–4.3).</summary>
public sealed class ConditionsDto
{
    /// <summary>Colour of the meteorological rainstorm/blizzard warning already issued: blue | yellow | orange | red.</summary>
    public string? WeatherWarning { get; set; }
    public decimal? VisibilityMetres { get; set; }
    public int? WindForce { get; set; }
    public int? TownshipsAffected { get; set; }
    public decimal? MainRoadRepairHours { get; set; }
    public bool? MainRoadSnowIce { get; set; }
}
#pragma warning restore CA1002, CA2227
