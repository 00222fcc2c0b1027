using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Tests.Support;

namespace EmergencyPlans.Core.Tests.Properties;

/// <summary>
/// Properties that must hold for every report, checked over thousands of generated reports per plan.
/// Generators are hand-rolled and seeded, so a failure names its seed and case and reproduces exactly.
/// Values are drawn across many magnitudes (0–15, 0–120, 0–12 000, 0–300 000), not from the plan tables.
/// </summary>
public class EnginePropertyTests
{
    private const int Cases = 3000;

    public static TheoryData<string, int> Plans => new()
    {
        { "construction", 11 },
        { "road-traffic", 22 },
        { "natural-disaster", 33 },
    };

    private static readonly string[] Counties = ["城区", "泽州县", "高平市", "阳城县", "陵川县", "沁水县"];

    [Theory]
    [MemberData(nameof(Plans))]
    public void RaisingAnyCount_NeverLowersGradeOrLevel(string plan, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < Cases; i++)
        {
            var before = Generate(random, plan);
            var figure = (Figure)random.Next(FigureCount);
            var after = Raise(before, figure, Magnitude(random) + 1);

            var a = Repository.Engine.Classify(before);
            var b = Repository.Engine.Classify(after);

            var because = $"seed {seed} case {i}: raising {figure} in {Describe(before)}";
            Rank(b.Level).Should().BeGreaterThanOrEqualTo(Rank(a.Level), because);
            Rank(b.LevelUpTo).Should().BeGreaterThanOrEqualTo(Rank(a.Level), because);
            if (a.HasGrade)
            {
                ((int)b.Grade).Should().BeGreaterThanOrEqualTo((int)a.Grade, because);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Plans))]
    public void FillingInAnUnknown_NeverContradictsTheEarlierBounds(string plan, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < Cases; i++)
        {
            var before = Generate(random, plan);
            var unknown = Enumerable.Range(0, FigureCount).Select(f => (Figure)f).Where(f => !before.TryGet(f, out _)).ToArray();
            if (unknown.Length == 0)
            {
                continue;
            }

            var figure = unknown[random.Next(unknown.Length)];
            var after = Raise(before, figure, Magnitude(random));

            var a = Repository.Engine.Classify(before);
            var b = Repository.Engine.Classify(after);

            // The new result lies inside the old [lower, upper] interval: knowing more only narrows it.
            var because = $"seed {seed} case {i}: filling {figure} in {Describe(before)}";
            Rank(b.Level).Should().BeGreaterThanOrEqualTo(Rank(a.Level), because);
            Rank(b.LevelUpTo).Should().BeLessThanOrEqualTo(Rank(a.LevelUpTo), because);
            if (a.HasGrade)
            {
                ((int)b.Grade).Should().BeGreaterThanOrEqualTo((int)a.Grade, because);
                ((int)b.GradeUpTo).Should().BeLessThanOrEqualTo((int)a.GradeUpTo, because);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Plans))]
    public void EveryResult_CitesAtLeastOneClause_AndEveryCitedRuleHolds(string plan, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < Cases; i++)
        {
            var input = Generate(random, plan);
            var assessment = Repository.Engine.Assess(input);
            var because = $"seed {seed} case {i}: {Describe(input)}";

            var cited = assessment.Response.Because.Select(r => r.Clause)
                .Concat(assessment.Grade?.Because.Select(r => r.Clause) ?? [])
                .Concat(assessment.Response.NoResponse is { } none ? [none.Clause] : []);
            cited.Should().Contain(c => !string.IsNullOrWhiteSpace(c), because);

            if (assessment.Grade is { Declared: false } grade)
            {
                grade.Because.Should().NotBeEmpty(because);
            }

            if (assessment.Response.Level is not null)
            {
                assessment.Response.Because.Should().NotBeEmpty(because);
                assessment.Response.Because.Should().OnlyContain(r => r.LevelOutcome == assessment.Response.Level, because);
            }

            // A cited threshold is reached by the known figures alone (unknown ones count as at least zero).
            foreach (var rule in assessment.Response.Because.Concat(assessment.Grade?.Because ?? []))
            {
                if (rule.AtLeast is { } atLeast && rule.Figures.Count > 0 && rule.Id.Contains("drought-share", StringComparison.Ordinal) is false)
                {
                    rule.Figures.Sum(f => input.TryGet(f, out var v) ? v : 0m).Should().BeGreaterThanOrEqualTo(atLeast, because + " cites " + rule.Id);
                }
            }

            foreach (var obligation in assessment.Obligations)
            {
                obligation.Rule.Clause.Should().NotBeNullOrWhiteSpace(because);
                if (obligation.Rule.Due is { } due)
                {
                    obligation.DueAt.Should().Be(input.OccurredAt + due, because);
                    obligation.DueAt!.Value.Offset.Should().Be(input.OccurredAt.Offset, because);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Plans))]
    public void AllFiguresKnown_IsAlwaysDetermined(string plan, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < Cases; i++)
        {
            var input = Generate(random, plan, unknownShare: 0, withPollution: true);
            var result = Repository.Engine.Classify(input);

            result.LevelDetermined.Should().BeTrue($"seed {seed} case {i}: {Describe(input)}");
            result.GradeDetermined.Should().BeTrue($"seed {seed} case {i}: {Describe(input)}");
        }
    }

    [Theory]
    [MemberData(nameof(Plans))]
    public void ClassifyAndAssess_Agree(string plan, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < Cases; i++)
        {
            var input = Generate(random, plan);
            var classification = Repository.Engine.Classify(input);
            var assessment = Repository.Engine.Assess(input);

            assessment.Response.Level.Should().Be(classification.Level);
            assessment.Response.UpTo.Should().Be(classification.LevelUpTo);
            assessment.Response.Determined.Should().Be(classification.LevelDetermined);
            if (classification.HasGrade && assessment.Grade is { Declared: false } grade)
            {
                grade.Value.Should().Be(classification.Grade);
                grade.UpTo.Should().Be(classification.GradeUpTo);
            }
        }
    }

    private const int FigureCount = 11;

    private static int Rank(ResponseLevel? level) => level is null ? 0 : (int)level;

    private static long Magnitude(Random random) => random.Next(5) switch
    {
        0 => random.Next(0, 16),
        1 => random.Next(0, 121),
        2 => random.Next(0, 12_001),
        3 => random.Next(0, 300_001),
        _ => random.Next(0, 4),
    };

    private static long? Maybe(Random random, double unknownShare) =>
        random.NextDouble() < unknownShare ? null : Magnitude(random);

    private static IncidentInput Generate(Random random, string plan, double unknownShare = 0.3, bool withPollution = false)
    {
        var hazmat = plan == "road-traffic" && random.Next(3) == 0;
        return new IncidentInput
        {
            PlanId = plan,
            OccurredAt = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.FromHours(8)).AddMinutes(random.Next(0, 500_000)),
            Figures = new ReportedFigures
            {
                [Figure.Deaths] = Maybe(random, unknownShare),
                [Figure.Missing] = Maybe(random, unknownShare),
                [Figure.Trapped] = Maybe(random, unknownShare),
                [Figure.Endangered] = Maybe(random, unknownShare),
                [Figure.SeriousInjuries] = Maybe(random, unknownShare),
                [Figure.Injured] = Maybe(random, unknownShare),
                [Figure.DirectLossWan] = Maybe(random, unknownShare) is { } loss ? loss + (random.Next(100) / 100m) : null,
                [Figure.Relocated] = Maybe(random, unknownShare),
                [Figure.CollapsedRooms] = Maybe(random, unknownShare),
                [Figure.CollapsedHouseholds] = Maybe(random, unknownShare),
                [Figure.DroughtAidPeople] = Maybe(random, unknownShare),
                [Fact.HazmatRelease] = hazmat,
                Pollution = hazmat && (withPollution || random.Next(2) == 0) ? (Pollution)random.Next(3) : null,
                DisruptedCounties = Counties.OrderBy(_ => random.Next()).Take(random.Next(0, 4)).ToArray(),
                DeclaredGrade = plan == "natural-disaster" && random.Next(2) == 0 ? (Grade)random.Next(4) : null,
                [Fact.ForeignCasualties] = random.Next(10) == 0,
            },
            Judgements = new JudgementInput
            {
                ExceedsCountyCapacity = random.Next(10) == 0,
                ExceedsCityCapacity = random.Next(20) == 0,
                CountyCanHandle = random.Next(10) == 0,
                LargeSocialImpact = random.Next(10) == 0,
                HeadquartersLevel = random.Next(10) == 0 ? (ResponseLevel)random.Next(1, 5) : null,
            },
        };
    }

    /// <summary>A copy of <paramref name="input"/> with <paramref name="figure"/> raised by <paramref name="by"/> (an unknown starts from 0).</summary>
    private static IncidentInput Raise(IncidentInput input, Figure figure, long by) =>
        new()
        {
            PlanId = input.PlanId,
            OccurredAt = input.OccurredAt,
            Figures = input.Figures.With(FigureCatalog.Of(figure), (input.Figures[figure] ?? 0) + by),
            Judgements = input.Judgements,
        };

    private static string Describe(IncidentInput x) => $"{x.PlanId} {x.Figures}";
}
