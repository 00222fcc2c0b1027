using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Tests.Support;
using AssessmentResult = EmergencyPlans.Core.Assessment.Assessment;

namespace EmergencyPlans.Core.Tests.Assessment;

/// <summary>
/// The accident grade table two plans share, on both sides of every threshold, run once per plan:
/// 晋城市道路交通安全应急预案 (晋市政办〔2025〕18号) 1.5, and 晋城市建设工程事故应急预案 (晋市政办〔2025〕15号),
/// whose 1.5 points to 附件1, which DOMAIN.md §2 reads with the 生产安全事故报告和调查处理条例 第三条 table —
/// word for word the road plan's 1.5. Each case comment cites both clauses: 条例第三条(…) for construction,
/// 1.5(…) for road. "以上"含本数, "以下"不含本数 (construction 8.1, road 8.4).
/// What only one plan says about its grade stays in <see cref="ConstructionRulesTests"/> and <see cref="RoadTrafficRulesTests"/>.
/// </summary>
public class GradeTableTests
{
    private const string Construction = "construction";
    private const string RoadTraffic = "road-traffic";

    /// <summary>The input each plan's own tests build: every figure it reads known, the defaults zero.</summary>
    private static IncidentInput Known(string plan, long deaths = 0, long seriousInjuries = 0, decimal lossWan = 0) => plan switch
    {
        Construction => ConstructionRulesTests.Known(deaths: deaths, seriousInjuries: seriousInjuries, lossWan: lossWan),
        RoadTraffic => RoadTrafficRulesTests.Known(deaths: deaths, seriousInjuries: seriousInjuries, lossWan: lossWan),
        _ => throw new ArgumentOutOfRangeException(nameof(plan), plan, "not a plan with the shared grade table"),
    };

    private static AssessmentResult Assess(IncidentInput input) => Repository.Engine.Assess(input);

    /// <summary>Every case, once for each plan.</summary>
    private static TheoryData<string, T, Grade> ForEachPlan<T>(params (T Figure, Grade Expected)[] cases)
    {
        var data = new TheoryData<string, T, Grade>();
        foreach (var plan in new[] { Construction, RoadTraffic })
        {
            foreach (var (figure, expected) in cases)
            {
                data.Add(plan, figure, expected);
            }
        }

        return data;
    }

    public static TheoryData<string, long, Grade> DeathCases => ForEachPlan<long>(
        // 条例第三条(四) / 1.5(4) 一般事故: "造成3人以下死亡"
        (0, Grade.Ordinary),
        (2, Grade.Ordinary),
        // 条例第三条(三) / 1.5(3) 较大事故: "造成3人以上10人以下死亡"
        (3, Grade.RelativelySerious),
        (9, Grade.RelativelySerious),
        // 条例第三条(二) / 1.5(2) 重大事故: "造成10人以上30人以下死亡"
        (10, Grade.Serious),
        (29, Grade.Serious),
        // 条例第三条(一) / 1.5(1) 特别重大事故: "造成30人以上死亡"
        (30, Grade.EspeciallySerious));

    public static TheoryData<string, long, Grade> SeriousInjuryCases => ForEachPlan<long>(
        // 条例第三条(四) / 1.5(4) 一般: "10人以下重伤"
        (9, Grade.Ordinary),
        // 条例第三条(三) / 1.5(3) 较大: "10人以上50人以下重伤"
        (10, Grade.RelativelySerious),
        (49, Grade.RelativelySerious),
        // 条例第三条(二) / 1.5(2) 重大: "50人以上100人以下重伤"
        (50, Grade.Serious),
        (99, Grade.Serious),
        // 条例第三条(一) / 1.5(1) 特别重大: "100人以上重伤"
        (100, Grade.EspeciallySerious));

    public static TheoryData<string, decimal, Grade> DirectLossWanCases => ForEachPlan<decimal>(
        // 条例第三条(四) / 1.5(4) 一般: "1000万元以下直接经济损失"
        (999.99m, Grade.Ordinary),
        // 条例第三条(三) / 1.5(3) 较大: "1000万元以上5000万元以下"
        (1000m, Grade.RelativelySerious),
        (4999.99m, Grade.RelativelySerious),
        // 条例第三条(二) / 1.5(2) 重大: "5000万元以上1亿元以下"
        (5000m, Grade.Serious),
        (9999.99m, Grade.Serious),
        // 条例第三条(一) / 1.5(1) 特别重大: "1亿元以上" (1亿元 = 10000万元)
        (10000m, Grade.EspeciallySerious));

    [Theory]
    [MemberData(nameof(DeathCases))]
    public void Grade_Deaths_BothSidesOfEveryThreshold(string plan, long deaths, Grade expected)
    {
        var a = Assess(Known(plan, deaths: deaths));

        a.Grade!.Value.Should().Be(expected);
        a.Grade.Determined.Should().BeTrue();
        a.Grade.UpTo.Should().Be(expected);
    }

    [Theory]
    [MemberData(nameof(SeriousInjuryCases))]
    public void Grade_SeriousInjuries_BothSidesOfEveryThreshold(string plan, long seriousInjuries, Grade expected)
    {
        var a = Assess(Known(plan, seriousInjuries: seriousInjuries));

        a.Grade!.Value.Should().Be(expected);
        a.Grade.Determined.Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(DirectLossWanCases))]
    public void Grade_DirectLossWan_BothSidesOfEveryThreshold(string plan, decimal lossWan, Grade expected)
    {
        var a = Assess(Known(plan, lossWan: lossWan));

        a.Grade!.Value.Should().Be(expected);
        a.Grade.Determined.Should().BeTrue();
    }
}
