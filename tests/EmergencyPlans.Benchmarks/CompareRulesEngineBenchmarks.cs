using BenchmarkDotNet.Attributes;
using EmergencyPlans.Core.Assessment;
using RulesEngine.Models;

namespace EmergencyPlans.Benchmarks;

/// <summary>
/// The same grading table (and, for road-traffic, the response level table) decided by our engine and by Microsoft
/// RulesEngine 6.0.1, side by side in one run so the Ratio column compares like with like. Target: ours ≥ 50× faster, 0 B.
/// Ours does strictly more: it also evaluates the construction response table and the road rules RulesEngine is not
/// given (pollution, counties, judgements, decisions), in three-valued logic.
/// </summary>
public class CompareRulesEngineBenchmarks
{
    private DecisionEngine _engine = null!;
    private IncidentInput _input = null!;
    private RulesEngineTables _tables = null!;
    private RuleParameter _parameter = null!;
    private string _bands = null!;
    private string _clauses = null!;
    private bool _road;

    [Params(Incidents.Construction, Incidents.RoadTraffic)]
    public string Plan { get; set; } = Incidents.RoadTraffic;

    [GlobalSetup]
    public void Setup()
    {
        _engine = Incidents.Engine;
        _input = Incidents.Checked(Plan);
        _tables = new RulesEngineTables(_engine.Catalog, _input.OccurredAt);

        // Honesty check before measuring; it also compiles and caches RulesEngine's expressions.
        var count = _tables.AssertAgreesAroundThresholds(_engine, Plan);
        _bands = RulesEngineTables.WorkflowName(Plan, Encoding.Bands);
        _clauses = RulesEngineTables.WorkflowName(Plan, Encoding.Clauses);
        Console.WriteLine(
            $"// RulesEngine ({_tables.RuleCounts[_bands]} band rules, {_tables.RuleCounts[_clauses]} clause rules) and the " +
            $"decision engine agree on {count} {Plan} reports: the benchmark input and both sides of every threshold.");
        _parameter = RulesEngineTables.Parameter(_input);
        _road = Plan == Incidents.RoadTraffic;
    }

    [Benchmark(Baseline = true)]
    public Classification DecisionEngine_Classify() => _engine.Classify(_input);

    [Benchmark]
    public ValueTask<TableResult> RulesEngine_Bands() => _tables.EvaluateAsync(_bands, _road, _parameter);

    [Benchmark]
    public ValueTask<TableResult> RulesEngine_Clauses() => _tables.EvaluateAsync(_clauses, _road, _parameter);
}
