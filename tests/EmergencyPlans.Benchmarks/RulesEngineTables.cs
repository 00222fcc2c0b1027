using System.Globalization;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Plans;
using RulesEngine.Models;
using ReRule = RulesEngine.Models.Rule;

namespace EmergencyPlans.Benchmarks;

/// <summary>What a RulesEngine workflow decides: the most severe successful rule of each table.</summary>
public readonly record struct TableResult(Grade Grade, ResponseLevel? Level);

/// <summary>How the table is written for RulesEngine.</summary>
public enum Encoding
{
    /// <summary>One rule per band joined with || ("deaths ≥ 30 or serious ≥ 100 or loss ≥ 10000 → 特别重大"), the least
    /// severe band left to the caller: 3 grade rules, plus 2 level rules for road. The fewest rules; favours RulesEngine.</summary>
    Bands,

    /// <summary>One rule per clause, generated from the plan's own quantity rules ("以上…以下" bounds included,
    /// hazmat-only rules guarded by input.HazmatRelease): 12 grade rules, plus 15 level rules for road.</summary>
    Clauses,
}

/// <summary>
/// The construction / road-traffic grade table (事故等级) and the road-traffic response level table as Microsoft
/// RulesEngine workflows: lambda-expression rules over the same <see cref="IncidentInput"/> the decision engine reads.
/// </summary>
public sealed class RulesEngineTables
{
    private const string InputName = "input";

    // Dead + missing: the known part, as the engine reads a sum.
    private const string DeadMissing = "(input.Deaths ?? 0) + (input.Missing ?? 0)";

    private static readonly (string Rule, Grade Grade, string Expression)[] GradeBands =
    [
        ("band-grade-especially-serious", Grade.EspeciallySerious, "input.Deaths >= 30 || input.SeriousInjuries >= 100 || input.DirectLossWan >= 10000"),
        ("band-grade-serious", Grade.Serious, "input.Deaths >= 10 || input.SeriousInjuries >= 50 || input.DirectLossWan >= 5000"),
        ("band-grade-relatively-serious", Grade.RelativelySerious, "input.Deaths >= 3 || input.SeriousInjuries >= 10 || input.DirectLossWan >= 1000"),
    ];

    private static readonly (string Rule, ResponseLevel Level, string Expression)[] RoadLevelBands =
    [
        ("band-road-level-I", ResponseLevel.I, DeadMissing + " >= 10 || input.SeriousInjuries >= 50 || input.DirectLossWan >= 5000"),
        ("band-road-level-II", ResponseLevel.II, DeadMissing + " >= 3 || input.SeriousInjuries >= 10 || input.DirectLossWan >= 1000"),
    ];

    private readonly RulesEngine.RulesEngine _engine;

    // Rule name → what it decides: a grade for a grade rule, a level for a level rule.
    private readonly Dictionary<string, (Grade? Grade, ResponseLevel? Level)> _outcomes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _ruleCounts = new(StringComparer.Ordinal);

    public RulesEngineTables(PlanCatalog catalog, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var workflows = new List<Workflow>();
        foreach (var planId in new[] { Incidents.Construction, Incidents.RoadTraffic })
        {
            var road = planId == Incidents.RoadTraffic;
            var bands = GradeBands.Select(r => Add(r.Rule, r.Grade, null, r.Expression)).ToList();
            if (road)
            {
                bands.AddRange(RoadLevelBands.Select(r => Add(r.Rule, null, r.Level, r.Expression)));
            }

            var plan = catalog.Resolve(planId, at) ?? throw new InvalidOperationException($"{planId} not in force at {at}");
            var clauses = plan.Grade!.Rules
                .Where(r => r.Figures.Count > 0)
                .Select(r => Add($"{planId}/{r.Id}", r.GradeOutcome, null, FromPlan(r)))
                .ToList();
            if (road)
            {
                clauses.AddRange(plan.Response.Rules
                    .Where(r => r.Figures.Count > 0)
                    .Select(r => Add($"{planId}/{r.Id}", null, r.LevelOutcome, FromPlan(r))));
            }

            workflows.Add(new Workflow { WorkflowName = WorkflowName(planId, Encoding.Bands), Rules = bands });
            workflows.Add(new Workflow { WorkflowName = WorkflowName(planId, Encoding.Clauses), Rules = clauses });
            _ruleCounts[WorkflowName(planId, Encoding.Bands)] = bands.Count;
            _ruleCounts[WorkflowName(planId, Encoding.Clauses)] = clauses.Count;
        }

        _engine = new RulesEngine.RulesEngine([.. workflows], new ReSettings());
    }

    public static string WorkflowName(string planId, Encoding encoding) => $"{planId}/{encoding}";

    public static RuleParameter Parameter(IncidentInput input) => new(InputName, RulesEngineInput.From(input));

    /// <summary>Rules in each workflow, by workflow name.</summary>
    public IReadOnlyDictionary<string, int> RuleCounts => _ruleCounts;

    /// <summary>
    /// Runs the workflow with <c>ExecuteAllRulesAsync</c> and takes the most severe successful rule; 一般 and (road) Ⅲ when
    /// none succeeds, level null for construction (only its grade table is given to RulesEngine).
    /// </summary>
    public async ValueTask<TableResult> EvaluateAsync(string workflow, bool road, RuleParameter input)
    {
        var results = await _engine.ExecuteAllRulesAsync(workflow, input).ConfigureAwait(false);
        var grade = Grade.Ordinary;
        ResponseLevel? level = road ? ResponseLevel.III : null;
        foreach (var result in results)
        {
            if (!result.IsSuccess)
            {
                continue;
            }

            var (g, l) = _outcomes[result.Rule.RuleName];
            if (g is { } ruleGrade && ruleGrade > grade)
            {
                grade = ruleGrade;
            }

            if (l is { } ruleLevel && (level is null || ruleLevel > level))
            {
                level = ruleLevel;
            }
        }

        return new TableResult(grade, level);
    }

    /// <summary>
    /// Throws unless RulesEngine (both encodings; only <see cref="Encoding.Clauses"/> for a hazmat report, since the bands
    /// leave out the hazmat rules) and the decision engine agree on the grade (construction, road) and
    /// the level (road) for <paramref name="input"/>, and no rule expression failed to compile or evaluate (RulesEngine
    /// reports that as an unsuccessful rule, which would otherwise pass silently as "not reached").
    /// </summary>
    public void AssertAgrees(DecisionEngine engine, IncidentInput input)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(input);
        var road = input.PlanId == Incidents.RoadTraffic;
        var ours = engine.Classify(input);
        Encoding[] encodings = input.Has(Fact.HazmatRelease) ? [Encoding.Clauses] : [Encoding.Bands, Encoding.Clauses];
        foreach (var encoding in encodings)
        {
            var workflow = WorkflowName(input.PlanId, encoding);
            foreach (var result in _engine.ExecuteAllRulesAsync(workflow, Parameter(input)).AsTask().GetAwaiter().GetResult())
            {
                if (!string.IsNullOrEmpty(result.ExceptionMessage))
                {
                    throw new InvalidOperationException($"RulesEngine rule {result.Rule.RuleName} failed: {result.ExceptionMessage}");
                }
            }

            var theirs = EvaluateAsync(workflow, road, Parameter(input)).AsTask().GetAwaiter().GetResult();
            // Two-valued RulesEngine gives the grade the deaths reach; ours too, unsettled while missing people could be dead (DOMAIN R3).
            var missingMayBeDead = input.TryGet(Figure.Missing, out var missing) && missing > 0;
            var agree = ours.HasGrade && (ours.GradeDetermined || missingMayBeDead) && ours.Grade == theirs.Grade
                        && (!road || (ours.LevelDetermined && ours.Level == theirs.Level));
            if (!agree)
            {
                throw new InvalidOperationException(
                    $"{workflow} figures={input.Figures}: RulesEngine says {theirs}, the decision engine {ours}.");
            }
        }
    }

    /// <summary>The benchmark input plus every combination of values on either side of each threshold.</summary>
    public int AssertAgreesAroundThresholds(DecisionEngine engine, string planId)
    {
        var template = Incidents.For(planId);
        AssertAgrees(engine, template);
        var count = 1;
        long[] deaths = [0, 2, 3, 4, 9, 10, 29, 30];
        long[] missing = planId == Incidents.RoadTraffic ? [0, 1, 7] : [0];
        long[] serious = [0, 9, 10, 29, 30, 49, 50, 99, 100];
        decimal[] loss = [0m, 999.99m, 1000m, 4999m, 5000m, 9999m, 10000m];
        bool[] hazmat = planId == Incidents.RoadTraffic ? [false, true] : [false];
        foreach (var d in deaths)
        {
            foreach (var m in missing)
            {
                foreach (var s in serious)
                {
                    foreach (var l in loss)
                    {
                        foreach (var h in hazmat)
                        {
                            AssertAgrees(engine, new IncidentInput
                            {
                                PlanId = planId,
                                OccurredAt = template.OccurredAt,
                                Figures = new ReportedFigures
                                {
                                    [Figure.Deaths] = d,
                                    [Figure.Missing] = m,
                                    [Figure.Trapped] = 0,
                                    [Figure.Endangered] = 0,
                                    [Figure.SeriousInjuries] = s,
                                    [Figure.DirectLossWan] = l,
                                    [Fact.HazmatRelease] = h,

                                    // Known, so hazmat reports stay determined; "none" reaches no pollution rule.
                                    Pollution = h ? Pollution.None : null,
                                },
                            });
                            count++;
                        }
                    }
                }
            }
        }

        return count;
    }

    /// <summary>A plan quantity rule as a RulesEngine expression: "以上" included, "以下" excluded, its precondition kept.</summary>
    private static string FromPlan(EmergencyPlans.Core.Plans.Rule rule)
    {
        var quantity = rule.Figures.Count == 1
            ? $"input.{rule.Figures[0]}"
            : "(" + string.Join(" + ", rule.Figures.Select(f => $"(input.{f} ?? 0)")) + ")";
        var expression = $"{quantity} >= {Number(rule.AtLeast!.Value)}";
        if (rule.Below is { } below)
        {
            expression += $" && {quantity} < {Number(below)}";
        }

        return rule.Test.When switch
        {
            null => expression,
            Fact.HazmatRelease => "input.HazmatRelease && " + expression,
            { } other => throw new NotSupportedException($"{rule.Id}: precondition {other} not encoded for RulesEngine"),
        };
    }

    private static string Number(decimal value) =>
        value == decimal.Truncate(value)
            ? value.ToString("0", CultureInfo.InvariantCulture)
            : throw new NotSupportedException($"non-integer threshold {value}");

    private ReRule Add(string name, Grade? grade, ResponseLevel? level, string expression)
    {
        // Band rules are shared by both plans' workflows; a name always decides the same outcome.
        if (!_outcomes.TryAdd(name, (grade, level)) && _outcomes[name] != (grade, level))
        {
            throw new InvalidOperationException($"rule {name} decides two outcomes");
        }

        return new ReRule { RuleName = name, Expression = expression, RuleExpressionType = RuleExpressionType.LambdaExpression };
    }
}

/// <summary>
/// The flat object RulesEngine's expression strings read (<c>input.Deaths</c>): one property per engine figure,
/// named like <see cref="Figure"/>, built from the <see cref="IncidentInput"/> outside the measured path.
/// </summary>
public sealed record RulesEngineInput(
    long? Deaths, long? Missing, long? Trapped, long? Endangered, long? SeriousInjuries, long? Injured, decimal? DirectLossWan,
    long? Relocated, long? CollapsedRooms, long? CollapsedHouseholds, long? DroughtAidPeople, bool HazmatRelease)
{
    public static RulesEngineInput From(IncidentInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var f = input.Figures;
        long? Count(Figure figure) => f[figure] is { } v ? (long)v : null;
        return new RulesEngineInput(
            Count(Figure.Deaths), Count(Figure.Missing), Count(Figure.Trapped), Count(Figure.Endangered), Count(Figure.SeriousInjuries),
            Count(Figure.Injured), f[Figure.DirectLossWan], Count(Figure.Relocated), Count(Figure.CollapsedRooms), Count(Figure.CollapsedHouseholds),
            Count(Figure.DroughtAidPeople), input.Has(Fact.HazmatRelease));
    }
}
