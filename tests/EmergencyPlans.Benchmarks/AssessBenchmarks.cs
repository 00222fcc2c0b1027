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

    /// <summary>
    /// The assessment with its judgement prompts read, as the card reads them: since session 56 they are worked out on first read rather
    /// than with the rest (an incident's commands never read them), and the benchmark keeps measuring the whole card.
    /// </summary>
    [Benchmark]
    public Assessment Assess()
    {
        var assessment = _engine.Assess(_input);
        _ = assessment.JudgementsToConsider;
        return assessment;
    }
}
