namespace EmergencyPlans.Core.Domain;

/// <summary>What sort of value a figure holds; it decides how the figure is read, checked and judged.</summary>
public enum FigureKind
{
    /// <summary>A whole number of people, rooms or households; null is unknown, never zero.</summary>
    Count,

    /// <summary>An amount in 万元 (10,000 CNY), up to two decimal places matter; null is unknown.</summary>
    AmountWan,

    /// <summary>true/false; omitted is not stated: no duty starts on it, a response rule behind it stays possible (ADR 0003).</summary>
    Fact,

    /// <summary>none | some | major (road 5.3, hazardous goods).</summary>
    Pollution,

    /// <summary>Counties as written in the city file; omitted reads as none.</summary>
    Counties,

    /// <summary>ordinary | relatively-serious | serious | especially-serious, as the competent department declared it.</summary>
    DeclaredGrade,
}

/// <summary>One figure of an incident report, as the catalogue defines it.</summary>
/// <param name="Name">The JSON name clients send and the plan files use (<c>deaths</c>).</param>
/// <param name="Kind">What sort of value it holds.</param>
/// <param name="Unit">The unit for people (人, 万元, 间, 户); null for facts, grades and lists.</param>
/// <param name="Label">The Chinese label a duty officer reads (死亡, 直接经济损失（万元）).</param>
/// <param name="IsCasualty">A count of people harmed or at risk, one of the 首报要素 "涉险人数、遇难人数、受伤人数、被困人数、失联人数" (construction
/// 4.1(三), road 5.1.2): said wherever a report's people are listed (the timeline's 较前次报告增加/减少, a tie's 122所报…).</param>
public sealed record FigureDefinition(string Name, FigureKind Kind, string? Unit, string Label, bool IsCasualty)
{
    /// <summary>
    /// Counted in the 伤亡人数 whose change owes an immediate continuation report: "造成伤亡人数发生变化的,应立即续报" (construction 4.1(三),
    /// road 5.1.2). The dead and the injured (伤亡), and the missing, who may be among the dead (DOMAIN R3; R 5.3 counts "失联、死亡" together).
    /// Not the trapped and the endangered: the same clauses list 被困人数 and 涉险人数 apart from 遇难人数 and 受伤人数, and C 4.1(三) says
    /// "事故伤亡、失踪、被困人员" (ADR 0003 #81).
    /// </summary>
    public bool InCasualtyCount { get; internal init; }

    /// <summary>
    /// A count that says which kind of disaster it is: stated 0, the incident is not of that kind, and the bands that read it are not near
    /// (N 5.x.1(4) "因干旱灾害造成……需政府救助人数": a rainstorm's <c>droughtAidPeople: 0</c> is no drought, and "因旱需政府救助人数再增加200000人"
    /// was listed among a flood's nearest thresholds; review s61, ND-12). Unknown, or above 0, it reads as any count.
    /// </summary>
    public bool ZeroRulesOutItsKind { get; internal init; }

    /// <summary>Position in <see cref="FigureCatalog.All"/>.</summary>
    public int Index { get; internal init; }

    /// <summary>The engine's slot for a count or amount (bit and vector index); null for other kinds.</summary>
    public Figure? Quantity { get; internal init; }

    /// <summary>The engine's fact bit for a <see cref="FigureKind.Fact"/>; null for other kinds.</summary>
    public Fact? Fact { get; internal init; }

    /// <summary>
    /// Another figure this one counts within it (受伤 includes 重伤), so this one cannot be smaller.
    /// </summary>
    public string? Includes { get; internal init; }

    /// <summary>Largest plausible value of a count or amount: a larger one is a typing error, not a report.</summary>
    public decimal? Max => Kind switch
    {
        // Far above every threshold (the city has about 2.2 million people).
        FigureKind.Count => 100_000_000m,
        FigureKind.AmountWan => 1_000_000_000m,
        _ => null,
    };

    /// <summary>True for counts and amounts: the figures the plans' thresholds read.</summary>
    public bool IsQuantity => Kind is FigureKind.Count or FigureKind.AmountWan;
}

/// <summary>
/// The one list of the figures an incident report carries (ARCHITECTURE.md: one catalogue per concept).
/// The REST shape, the validation rules, the engine input, the merge of a continuation report and the
/// OpenAPI description are all derived by looping over it. The <see cref="Figure"/> and <see cref="Fact"/>
/// enums remain the engine's slot numbers; the catalogue is checked against them when it is first used.
/// </summary>
public static class FigureCatalog
{
    // Order is the order of the JSON the API has always written; keep new figures at the end.
    private static readonly FigureDefinition[] Definitions = Number(
    [
        new("deaths", FigureKind.Count, "人", "死亡", IsCasualty: true) { InCasualtyCount = true, Quantity = Figure.Deaths },
        new("missing", FigureKind.Count, "人", "失联", IsCasualty: true) { InCasualtyCount = true, Quantity = Figure.Missing },
        new("trapped", FigureKind.Count, "人", "被困", IsCasualty: true) { Quantity = Figure.Trapped },
        new("endangered", FigureKind.Count, "人", "涉险", IsCasualty: true) { Quantity = Figure.Endangered },
        new("seriousInjuries", FigureKind.Count, "人", "重伤", IsCasualty: true) { InCasualtyCount = true, Quantity = Figure.SeriousInjuries },
        new("injured", FigureKind.Count, "人", "受伤", IsCasualty: true) { InCasualtyCount = true, Quantity = Figure.Injured, Includes = "seriousInjuries" },
        new("directLossWan", FigureKind.AmountWan, "万元", "直接经济损失（万元）", IsCasualty: false) { Quantity = Figure.DirectLossWan },
        new("hazmatRelease", FigureKind.Fact, null, "危险化学品运输车辆泄漏、火灾、爆炸", IsCasualty: false) { Fact = Domain.Fact.HazmatRelease },
        new("pollution", FigureKind.Pollution, null, "环境污染", IsCasualty: false),
        new("disruptedCounties", FigureKind.Counties, null, "交通受影响或中断的县（市、区）", IsCasualty: false),
        new("relocated", FigureKind.Count, "人", "紧急转移安置和需紧急生活救助人数", IsCasualty: false) { Quantity = Figure.Relocated },
        new("collapsedRooms", FigureKind.Count, "间", "倒塌和严重损坏房屋（间）", IsCasualty: false) { Quantity = Figure.CollapsedRooms },
        new("collapsedHouseholds", FigureKind.Count, "户", "倒塌和严重损坏房屋（户）", IsCasualty: false) { Quantity = Figure.CollapsedHouseholds },
        new("droughtAidPeople", FigureKind.Count, "人", "因旱需政府救助人数", IsCasualty: false) { Quantity = Figure.DroughtAidPeople, ZeroRulesOutItsKind = true },
        new("declaredGrade", FigureKind.DeclaredGrade, null, "认定的灾害等级", IsCasualty: false),
        new("foreignCasualties", FigureKind.Fact, null, "伤亡、失踪、被困人员有港澳台或外国人员", IsCasualty: false) { Fact = Domain.Fact.ForeignCasualties },
        new("dangerDiscovered", FigureKind.Fact, null, "发现险情", IsCasualty: false) { Fact = Domain.Fact.DangerDiscovered },
        new("rescueFundAdvanceNeeded", FigureKind.Fact, null, "需要道路交通事故社会救助基金垫付抢救费用", IsCasualty: false) { Fact = Domain.Fact.RescueFundAdvanceNeeded },
        new("communicationsDown", FigureKind.Fact, null, "断电、断路、断网等特殊紧急情况", IsCasualty: false) { Fact = Domain.Fact.CommunicationsDown },
        new("figuresDisputed", FigureKind.Fact, null, "部门间灾情数据不一致或定性存在争议", IsCasualty: false) { Fact = Domain.Fact.FiguresDisputed },
        new("countyResponseActivated", FigureKind.Fact, null, "县（市、区）已启动自然灾害救助应急响应", IsCasualty: false) { Fact = Domain.Fact.CountyResponseActivated },
        new("weatherOrNaturalDisaster", FigureKind.Fact, null, "灾害性天气或自然灾害影响或阻断交通", IsCasualty: false) { Fact = Domain.Fact.WeatherOrNaturalDisaster },
        new("onExpressway", FigureKind.Fact, null, "发生在高速公路上", IsCasualty: false) { Fact = Domain.Fact.OnExpressway },
        new("oilGasCbmTransport", FigureKind.Fact, null, "石油、天然气、煤层气公路运输事故", IsCasualty: false) { Fact = Domain.Fact.OilGasCbmTransport },
        new("forceMajeureDisaster", FigureKind.Fact, null, "地震等不可抗力引发的严重地质灾害、气象灾害", IsCasualty: false) { Fact = Domain.Fact.ForceMajeureDisaster },
        // N 5.6 "所涉及县(市、区)要立即启动自然灾害救助应急响应": the counties a natural disaster concerns besides the incident's own (location.county,
        // which always counts), and those that have started their own response ("启动县(市、区)级自然灾害救助应急响应的,应及时向市应急管理局报告").
        // The fact countyResponseActivated says it of the incident's own county (ADR 0003 #83).
        new("affectedCounties", FigureKind.Counties, null, "所涉及县（市、区）", IsCasualty: false),
        new("countiesResponseActivated", FigureKind.Counties, null, "已启动县级自然灾害救助应急响应的县（市、区）", IsCasualty: false),
    ]);

    private static readonly Dictionary<string, FigureDefinition> ByName = Definitions.ToDictionary(d => d.Name, StringComparer.Ordinal);
    private static readonly FigureDefinition?[] ByQuantity = Slots(Definitions.Where(d => d.Quantity is not null), d => (int)d.Quantity!.Value);
    private static readonly FigureDefinition?[] ByFact = Slots(Definitions.Where(d => d.Fact is not null), d => (int)d.Fact!.Value);

    /// <summary>Engine slots for counts and amounts: bits below <see cref="InputField.Pollution"/> are figures.</summary>
    public const int QuantityCapacity = 16;

    /// <summary>Every figure, in the order the JSON is written.</summary>
    public static IReadOnlyList<FigureDefinition> All => Definitions;

    /// <summary>The engine bits of the counts whose stated 0 rules out their kind of disaster (<see cref="FigureDefinition.ZeroRulesOutItsKind"/>).</summary>
    public static uint ZeroRulesOutItsKindMask { get; } = Definitions.Where(d => d.ZeroRulesOutItsKind && d.Quantity is not null)
        .Aggregate(0u, (mask, d) => mask | (1u << (int)d.Quantity!.Value));

    /// <summary>The counts and amounts, in engine slot order (<see cref="Figure"/>).</summary>
    public static IReadOnlyList<FigureDefinition> Quantities { get; } = ByQuantity.OfType<FigureDefinition>().ToArray();

    /// <summary>The counts of people harmed or at risk (<see cref="FigureDefinition.IsCasualty"/>), as reports list them.</summary>
    public static IReadOnlyList<FigureDefinition> Casualties { get; } = Definitions.Where(d => d.IsCasualty).ToArray();

    /// <summary>The figures of the 伤亡人数 whose change owes an immediate continuation report (<see cref="FigureDefinition.InCasualtyCount"/>).</summary>
    public static IReadOnlyList<FigureDefinition> CasualtyCount { get; } = Definitions.Where(d => d.InCasualtyCount).ToArray();

    /// <summary>The figure of engine slot <paramref name="figure"/>.</summary>
    public static FigureDefinition Of(Figure figure) =>
        (uint)figure < (uint)ByQuantity.Length && ByQuantity[(int)figure] is { } d ? d : throw new ArgumentOutOfRangeException(nameof(figure));

    /// <summary>The figure of a reported fact; null for facts that are not figures (mainRoadSnowIce is a road condition).</summary>
    public static FigureDefinition? Of(Fact fact) => (uint)fact < (uint)ByFact.Length ? ByFact[(int)fact] : null;

    /// <summary>Finds a figure by its JSON name (case-sensitive, as the contract spells it).</summary>
    public static bool TryFind(string? name, out FigureDefinition definition)
    {
        if (name is not null && ByName.TryGetValue(name, out var found))
        {
            definition = found;
            return true;
        }

        definition = null!;
        return false;
    }

    private static FigureDefinition[] Number(FigureDefinition[] definitions)
    {
        var numbered = definitions.Select((d, i) => d with { Index = i }).ToArray();

        // The engine's enums are slot numbers: each must have exactly one figure, and the other way round.
        var quantities = numbered.Where(d => d.IsQuantity).Select(d => d.Quantity).ToArray();
        if (quantities.Contains(null) || quantities.Distinct().Count() != quantities.Length
            || !Enum.GetValues<Figure>().All(f => quantities.Contains(f)) || quantities.Length > QuantityCapacity)
        {
            throw new InvalidOperationException("FigureCatalog: every count and amount needs its own Figure slot, and every Figure a catalogue entry");
        }

        if (numbered.Any(d => (d.Kind == FigureKind.Fact) != (d.Fact is not null))
            || numbered.Any(d => d.Includes is { } inc && !numbered.Any(o => o.Name == inc && o.Kind == d.Kind)))
        {
            throw new InvalidOperationException("FigureCatalog: facts need a Fact bit; 'Includes' must name a figure of the same kind");
        }

        return numbered;
    }

    private static FigureDefinition?[] Slots(IEnumerable<FigureDefinition> definitions, Func<FigureDefinition, int> slot)
    {
        var list = definitions.ToList();
        var slots = new FigureDefinition?[list.Count == 0 ? 0 : list.Max(slot) + 1];
        foreach (var d in list)
        {
            slots[slot(d)] = d;
        }

        return slots;
    }
}
