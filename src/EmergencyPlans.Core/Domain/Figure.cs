namespace EmergencyPlans.Core.Domain;

/// <summary>
/// The engine's slot for a count or amount of an incident report (bit and vector index). Names, kinds,
/// units and labels live in <see cref="FigureCatalog"/>. Unknown (null) is never read as zero.
/// </summary>
public enum Figure
{
    /// <summary>死亡</summary>
    Deaths,
    /// <summary>失联 / 失踪</summary>
    Missing,
    /// <summary>被困</summary>
    Trapped,
    /// <summary>涉险 (neither trapped nor missing)</summary>
    Endangered,
    /// <summary>重伤</summary>
    SeriousInjuries,
    /// <summary>受伤, all injured including the seriously injured (road 6.2.2 伤亡人员)</summary>
    Injured,
    /// <summary>直接经济损失, 万元</summary>
    DirectLossWan,
    /// <summary>紧急转移安置和需紧急生活救助 (people)</summary>
    Relocated,
    /// <summary>倒塌和严重损坏房屋, 间</summary>
    CollapsedRooms,
    /// <summary>倒塌和严重损坏房屋, 户</summary>
    CollapsedHouseholds,
    /// <summary>因干旱需政府救助人数</summary>
    DroughtAidPeople,
}

/// <summary>
/// A true/false fact of the report. Omitted, it is not stated: a duty or warning that needs it does not start, while a response
/// rule behind it (<c>when</c>: <see cref="HazmatRelease"/>, <see cref="WeatherOrNaturalDisaster"/>) stays possible (DOMAIN R3).
/// </summary>
public enum Fact
{
    /// <summary>易燃易爆物品、危险化学品运输车辆发生泄漏、火灾、爆炸、燃烧 (road).</summary>
    HazmatRelease,
    /// <summary>伤亡、失踪、被困人员有港澳台或外国人员 (construction 4.1).</summary>
    ForeignCasualties,
    /// <summary>国(省)道等主干道大面积积雪、结冰 (road warning 4.3.3(3)).</summary>
    MainRoadSnowIce,
    /// <summary>发现险情 (construction 3.1(5)).</summary>
    DangerDiscovered,
    /// <summary>需要救助基金垫付抢救费用 (road 6.2.2).</summary>
    RescueFundAdvanceNeeded,
    /// <summary>断电、断路、断网等特殊紧急情况 (natural disaster 4.1.4).</summary>
    CommunicationsDown,
    /// <summary>部门间数据不一致或定性存在争议 (natural disaster 4.2.2).</summary>
    FiguresDisputed,
    /// <summary>县(市、区)已启动自然灾害救助应急响应 (natural disaster 5.6).</summary>
    CountyResponseActivated,
    /// <summary>灾害性天气或自然灾害 is what affects or blocks the traffic (road 5.3.1(3), 5.3.2(3), 5.3.3(3)).</summary>
    WeatherOrNaturalDisaster,
    /// <summary>高速公路上发生 (road 1.4: the expressway plan leads, this plan supports).</summary>
    OnExpressway,
    /// <summary>石油、天然气、煤层气公路运输事故 (road 1.4: the oil, gas and coal-bed methane transport plan leads, this plan supports).</summary>
    OilGasCbmTransport,
    /// <summary>地震等不可抗力引发的严重地质灾害、气象灾害 (road 1.4: the earthquake and meteorological-disaster plans lead, this plan supports).</summary>
    ForceMajeureDisaster,
}

/// <summary>A human judgement (R6): an input with who decided it, never inferred.</summary>
public enum Judgement
{
    ExceedsCountyCapacity,
    ExceedsCityCapacity,
    CountyCanHandle,
    LargeSocialImpact,
    OtherSeriousRoadImpact,
    /// <summary>较大涉险事故 (construction 4.1(二)).</summary>
    RelativelySeriousNearMiss,
    /// <summary>重要情况 (natural disaster 3(5), 5.2.3(1)).</summary>
    ImportantSituation,
    /// <summary>可能威胁人民生命财产安全、需要提前采取应对措施 (natural disaster 3).</summary>
    ReliefPreparationNeeded,
    /// <summary>紧急险情和严重态势 (construction 4.4).</summary>
    EmergencySituation,
    /// <summary>重要地段、重大节假日、重大活动和重要会议期间 (construction 4.4).</summary>
    ImportantPlaceOrPeriod,
    /// <summary>敏感地区、敏感时间 (natural disaster 5.5).</summary>
    SensitiveAreaOrTime,
    /// <summary>救助能力薄弱、欠发达地区等特殊情况 (natural disaster 5.5).</summary>
    WeakReliefCapacityArea,
    /// <summary>灾害对经济社会造成重大影响 (natural disaster 5.5).</summary>
    MajorSocioEconomicImpact,
}

/// <summary>Inputs whose absence can leave a result undetermined, as flags.</summary>
[Flags]
public enum InputField : uint
{
    None = 0,
    Deaths = 1u << Figure.Deaths,
    Missing = 1u << Figure.Missing,
    Trapped = 1u << Figure.Trapped,
    Endangered = 1u << Figure.Endangered,
    SeriousInjuries = 1u << Figure.SeriousInjuries,
    Injured = 1u << Figure.Injured,
    DirectLossWan = 1u << Figure.DirectLossWan,
    Relocated = 1u << Figure.Relocated,
    CollapsedRooms = 1u << Figure.CollapsedRooms,
    CollapsedHouseholds = 1u << Figure.CollapsedHouseholds,
    DroughtAidPeople = 1u << Figure.DroughtAidPeople,
    Pollution = 1u << 16,
    /// <summary>The counties whose traffic is affected or blocked (<c>disruptedCounties</c>) not reported.</summary>
    DisruptedCounties = 1u << 17,

    // A fact not stated is bit FigureNames.FactBit + the fact (FigureNames.Field(Fact)).
}

/// <summary>The contract and plan-file names of figures, facts, judgements and unknown inputs.</summary>
public static class FigureNames
{
    // The quantity names come from the catalogue, in engine slot order, so a figure is named in one place.
    private static readonly string[] Figures = FigureCatalog.Quantities.Select(d => d.Name).ToArray();

    private static readonly string[] Facts = ["hazmatRelease", "foreignCasualties", "mainRoadSnowIce", "dangerDiscovered", "rescueFundAdvanceNeeded", "communicationsDown", "figuresDisputed", "countyResponseActivated", "weatherOrNaturalDisaster", "onExpressway", "oilGasCbmTransport", "forceMajeureDisaster"];

    // Judgement names come from their catalogue, in bit order.
    private static readonly string[] Judgements = JudgementCatalogue.All.Select(d => d.Name).ToArray();

    public static IReadOnlyList<string> AllFigures => Figures;

    public static string Of(Figure figure) => Figures[(int)figure];

    public static string Of(Fact fact) => Facts[(int)fact];

    /// <summary>The flag of <paramref name="fact"/> not stated, among the unknown inputs.</summary>
    public static InputField Field(Fact fact) => (InputField)(1u << (FactBit + (int)fact));

    /// <summary>The bit of <see cref="InputField"/> for the first fact not stated; the facts follow in <see cref="Fact"/> order.</summary>
    internal const int FactBit = 18;

    public static string Of(Judgement judgement) => Judgements[(int)judgement];

    public static bool TryParse(string? name, out Figure figure) => TryFind(Figures, name, out figure);

    public static bool TryParse(string? name, out Fact fact) => TryFind(Facts, name, out fact);

    public static bool TryParse(string? name, out Judgement judgement) => TryFind(Judgements, name, out judgement);

    /// <summary>The names of the inputs set in <paramref name="fields"/>, in a stable order.</summary>
    public static IReadOnlyList<string> Of(InputField fields)
    {
        var names = new List<string>();
        for (var i = 0; i < Figures.Length; i++)
        {
            if ((fields & (InputField)(1u << i)) != 0)
            {
                names.Add(Figures[i]);
            }
        }

        if ((fields & InputField.Pollution) != 0)
        {
            names.Add("pollution");
        }

        if ((fields & InputField.DisruptedCounties) != 0)
        {
            names.Add("disruptedCounties");
        }

        for (var i = 0; i < Facts.Length; i++)
        {
            if ((fields & Field((Fact)i)) != 0)
            {
                names.Add(Facts[i]);
            }
        }

        return names;
    }

    private static bool TryFind<T>(string[] names, string? name, out T value)
        where T : struct, Enum
    {
        var index = Array.IndexOf(names, name);
        value = index < 0 ? default : (T)(object)index;
        return index >= 0;
    }
}
