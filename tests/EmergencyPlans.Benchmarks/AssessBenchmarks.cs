using BenchmarkDotNet.Attributes;
using EmergencyPlans.Core.Assessment;

namespace EmergencyPlans.Benchmarks;

/// <summary>The full assessment (reasons, obligations with due times, work groups, hints). Target: median &lt; 2 µs, &lt; 2 KB.</summary>
public class AssessBenchmarks
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
    public Assessment Assess() => _engine.Assess(_input);
}
