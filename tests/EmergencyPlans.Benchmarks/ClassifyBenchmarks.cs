using BenchmarkDotNet.Attributes;
using EmergencyPlans.Core.Assessment;

namespace EmergencyPlans.Benchmarks;

/// <summary>The hot path: grade and level only. Target: 0 bytes allocated.</summary>
public class ClassifyBenchmarks
{
    private DecisionEngine _engine = null!;
    private IncidentInput _input = null!;

    [Params(Incidents.Construction, Incidents.RoadTraffic, Incidents.NaturalDisaster)]
    public string Plan { get; set; } = Incidents.RoadTraffic;

    [GlobalSetup]
    public void Setup()
    {
        _engine = Incidents.Engine;
        _input = Incidents.Checked(Plan);
    }

    [Benchmark]
    public Classification Classify() => _engine.Classify(_input);
}
