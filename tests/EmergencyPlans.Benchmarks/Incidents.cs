using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Plans;

namespace EmergencyPlans.Benchmarks;

/// <summary>The repository's plans and one realistic report per plan, shared by every benchmark class.</summary>
public static class Incidents
{
    public const string Construction = "construction";
    public const string RoadTraffic = "road-traffic";
    public const string NaturalDisaster = "natural-disaster";

    // After 2026-02-04, so every plan (natural-disaster 2026-3 is the newest) is in force.
    private static readonly DateTimeOffset OccurredAt = new(2026, 3, 15, 10, 30, 0, TimeSpan.FromHours(8));

    /// <summary>
    /// One report per plan. Every figure the plan's tables read is known, so grade and level are determined
    /// and comparable with an engine that has no notion of "unknown".
    /// </summary>
    public static IncidentInput For(string planId) => planId switch
    {
        // 2 dead, 3 trapped, 1 endangered; no missing, 5 seriously injured, 300 万元: 一般, Ⅱ (4 persons ≥ 3).
        Construction => new IncidentInput
        {
            PlanId = Construction,
            OccurredAt = OccurredAt,
            Figures = new ReportedFigures
            {
                [Figure.Deaths] = 2,
                [Figure.Missing] = 0,
                [Figure.Trapped] = 3,
                [Figure.Endangered] = 1,
                [Figure.SeriousInjuries] = 5,
                [Figure.DirectLossWan] = 300m,
            },
        },

        // 4 dead, 1 missing, 12 seriously injured, 800 万元: 较大 (deaths, serious injuries), Ⅱ (5 dead+missing, 12 serious).
        RoadTraffic => new IncidentInput
        {
            PlanId = RoadTraffic,
            OccurredAt = OccurredAt,
            Figures = new ReportedFigures
            {
                [Figure.Deaths] = 4,
                [Figure.Missing] = 1,
                [Figure.SeriousInjuries] = 12,
                [Figure.DirectLossWan] = 800m,
                [Figure.Trapped] = 0,

                // The road's other cases (5.3.x(2) a hazardous-goods vehicle, 5.3.x(3) weather) stated as not the case: unknown, each could
                // still raise the level to Ⅰ, and the input was no longer "every figure known": the benchmark's own check refused it
                // (found in session 55, at the session's start commit too).
                [Fact.HazmatRelease] = false,
                [Fact.WeatherOrNaturalDisaster] = false,
                Pollution = Pollution.None,
            },
        },

        // 6 dead+missing, 4200 relocated, 1200 rooms / 600 households collapsed, no drought aid: Ⅳ; no declared grade.
        NaturalDisaster => new IncidentInput
        {
            PlanId = NaturalDisaster,
            OccurredAt = OccurredAt,
            Figures = new ReportedFigures
            {
                [Figure.Deaths] = 4,
                [Figure.Missing] = 2,
                [Figure.Relocated] = 4200,
                [Figure.CollapsedRooms] = 1200,
                [Figure.CollapsedHouseholds] = 600,
                [Figure.DroughtAidPeople] = 0,
            },
        },

        _ => throw new ArgumentOutOfRangeException(nameof(planId), planId, "no benchmark input for this plan"),
    };

    /// <summary>What the engine must return for <see cref="For"/>; checked before measuring.</summary>
    public static Classification Expected(string planId) => planId switch
    {
        Construction => new Classification(true, Grade.Ordinary, Grade.Ordinary, ResponseLevel.II, ResponseLevel.II),
        RoadTraffic => new Classification(true, Grade.RelativelySerious, Grade.RelativelySerious, ResponseLevel.II, ResponseLevel.II),
        NaturalDisaster => new Classification(false, default, default, ResponseLevel.IV, ResponseLevel.IV),
        _ => throw new ArgumentOutOfRangeException(nameof(planId), planId, "no benchmark input for this plan"),
    };

    private static readonly Lazy<DecisionEngine> SharedEngine = new(() => new DecisionEngine(PlanLoader.LoadDirectory(PlansDirectory())));

    /// <summary>One engine over the repository's plans/ (loaded once per benchmark process).</summary>
    public static DecisionEngine Engine => SharedEngine.Value;

    /// <summary>Runs the engine once on the benchmark input and throws unless it classifies as expected.</summary>
    public static IncidentInput Checked(string planId)
    {
        var input = For(planId);
        var actual = Engine.Classify(input);
        var expected = Expected(planId);
        if (actual != expected)
        {
            throw new InvalidOperationException($"{planId}: engine classified the benchmark input as {actual}, expected {expected}.");
        }

        return input;
    }

    /// <summary>
    /// plans/ of this repository: $EMERGENCYPLANS_PLANS if set, else found by walking up from the binary
    /// (BenchmarkDotNet runs a generated copy from bin/Release/.../&lt;id&gt;/, still inside the repository).
    /// </summary>
    private static string PlansDirectory()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("EMERGENCYPLANS_PLANS");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EmergencyPlans.sln")) && Directory.Exists(Path.Combine(dir.FullName, "plans")))
            {
                return Path.Combine(dir.FullName, "plans");
            }
        }

        throw new DirectoryNotFoundException($"plans/ not found above {AppContext.BaseDirectory}; set EMERGENCYPLANS_PLANS.");
    }
}
