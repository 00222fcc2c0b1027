namespace EmergencyPlans.Core.Domain;

/// <summary>One human judgement (R6) as the catalogue defines it.</summary>
/// <param name="Judgement">The engine's bit.</param>
/// <param name="Name">The JSON name clients send and the plan files use (<c>largeSocialImpact</c>).</param>
/// <param name="Label">What a duty officer reads: the plans' words for it.</param>
/// <param name="Where">Where the plans use it, for people.</param>
public sealed record JudgementDefinition(Judgement Judgement, string Name, string Label, string Where);

/// <summary>
/// The one list of human judgements. The engine's bits (<see cref="Judgement"/>), the names in plan files and
/// requests, the validator's "a judgement needs decidedBy" and the incident view all loop over it; the typed
/// properties of the request and of <c>JudgementInput</c> are the contract, read and written through it.
/// </summary>
public static class JudgementCatalogue
{
    /// <summary>Every judgement, in the order of <see cref="Judgement"/>.</summary>
    public static IReadOnlyList<JudgementDefinition> All { get; } = Checked(
    [
        new(Judgement.ExceedsCountyCapacity, "exceedsCountyCapacity", "超出事发地县(市、区)人民政府处置能力", "C 4.3.2(1)③, R 5.3.2(4)"),
        new(Judgement.ExceedsCityCapacity, "exceedsCityCapacity", "超出市级应急处置能力", "C 4.3.3(1)③, R 5.3.1(4)"),
        new(Judgement.CountyCanHandle, "countyCanHandle", "依靠事发地县(市、区)人民政府可以应对处置", "C 4.3.1(1)③, R 5.3.3(4)"),
        new(Judgement.LargeSocialImpact, "largeSocialImpact", "造成较大社会影响", "C 4.4, R 6.2.2 ¶2"),
        new(Judgement.OtherSeriousRoadImpact, "otherSeriousRoadImpact", "其他严重影响道路交通安全的情形", "R 4.3.3(4)"),
        new(Judgement.RelativelySeriousNearMiss, "relativelySeriousNearMiss", "较大涉险事故", "C 4.1(二)"),
        new(Judgement.ImportantSituation, "importantSituation", "重要情况", "N 3(5), 5.2.3(1)"),
        new(Judgement.ReliefPreparationNeeded, "reliefPreparationNeeded", "需要提前采取应对措施", "N 3"),
        new(Judgement.EmergencySituation, "emergencySituation", "紧急险情和严重态势", "C 4.4"),
        new(Judgement.ImportantPlaceOrPeriod, "importantPlaceOrPeriod", "重要地段、重大节假日、重大活动和重要会议期间", "C 4.4"),
        new(Judgement.SensitiveAreaOrTime, "sensitiveAreaOrTime", "灾害发生在敏感地区、敏感时间", "N 5.5"),
        new(Judgement.WeakReliefCapacityArea, "weakReliefCapacityArea", "救助能力薄弱、欠发达地区等特殊情况", "N 5.5"),
        new(Judgement.MajorSocioEconomicImpact, "majorSocioEconomicImpact", "灾害对经济社会造成重大影响", "N 5.5"),
    ]);

    /// <summary>The judgement named <paramref name="name"/> (ordinal), or null.</summary>
    public static JudgementDefinition? Find(string? name) => All.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.Ordinal));

    private static JudgementDefinition[] Checked(JudgementDefinition[] all)
    {
        // The engine keeps judgements as bits of a uint, indexed by the enum: the list must follow it, one for one.
        var values = Enum.GetValues<Judgement>();
        if (all.Length != values.Length || all.Length > 32 || all.Where((d, i) => (int)d.Judgement != i).Any())
        {
            throw new InvalidOperationException("JudgementCatalogue must list every Judgement once, in enum order (at most 32).");
        }

        return all;
    }
}
