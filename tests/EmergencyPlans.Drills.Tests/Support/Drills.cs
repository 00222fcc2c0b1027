using System.Reflection;
using EmergencyPlans.Cli;
using EmergencyPlans.Drills;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyPlans.Drills.Tests.Support;

public static class Paths
{
    public static string Repository { get; } = typeof(Paths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    public static string Configuration { get; } = typeof(Paths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "Configuration").Value!;

    public static string Plans => Path.Combine(Repository, "plans");

    public static string SampleDrills => Path.Combine(Plans, "drills");

    /// <summary>The built CLI, started as a real process by the exit-code tests.</summary>
    public static string Cli => Path.Combine(Repository, "src", "EmergencyPlans.Cli", "bin", Configuration, "net10.0", "emergencyplans.dll");
}

/// <summary>One runner for the tests, wired as the CLI wires it (CliHost: AddCore, AddApplication, AddInfrastructure, AddMediator).</summary>
public static class Drills
{
    private static readonly Lazy<ServiceProvider> Services = new(() => CliHost.Build(Paths.Plans));

    public static DrillRunner Runner => Services.Value.GetRequiredService<DrillRunner>();

    public static Task<DrillReport> RunAsync(string yaml) => Runner.RunAsync(yaml, "test.yaml");

    /// <summary>Reads a script that must be invalid and returns its problems.</summary>
    public static IReadOnlyList<DrillProblem> Problems(string yaml)
    {
        var act = () => Runner.Read(yaml, "test.yaml");
        return act.Should().Throw<DrillScriptException>().Which.Problems;
    }

    /// <summary>A road drill whose second action (at 00:20) is written after one at 00:40: time goes backwards on its line, the one holding "00:20".</summary>
    public static string TimeGoesBack => Road("""
          - at: "00:40"
            by: duty
            kind: fulfil-duty
            duty: phone-report-to-city
          - at: "00:20"
            by: duty
            kind: fulfil-duty
            duty: written-report-to-city
        """, "");

    /// <summary>
    /// A natural-disaster drill (晋市政办〔2026〕3号): a flash flood in 阳城县东冶镇 at 08:00, reported to the office at 08:10 with 4,000
    /// relocated (Ⅳ, 5.4.1). <paramref name="participants"/>, <paramref name="injects"/>, <paramref name="actions"/> and
    /// <paramref name="expectations"/> are YAML list items, indented by two spaces; the duty officer reports the incident.
    /// </summary>
    public static string FlashFlood(string title, string participants, string injects, string actions, string expectations) => $$"""
        title: {{title}}
        plan: natural-disaster
        start: 2026-07-20T08:00:00+08:00
        end: "02:00"
        participants:
        {{participants.TrimEnd()}}
        incident:
          at: "00:00"
          reportedAt: "00:10"
          reportedBy: duty
          county: 阳城县
          place: 东冶镇
          nature: 山洪
          reporter: {name: 县应急局}
          figures: {relocated: 4000, deaths: 0, missing: 0}

        """
        + (injects.Length > 0 ? "injects:\n" + injects.TrimEnd() + "\n" : "")
        + (actions.Length > 0 ? "actions:\n" + actions.TrimEnd() + "\n" : "")
        + (expectations.Length > 0 ? "expectations:\n" + expectations.TrimEnd() + "\n" : "");

    /// <summary>
    /// A construction drill (晋市政办〔2025〕15号): a formwork collapse (高支模坍塌) at a school in 沁水县 at 14:00 on 2026-09-08, reported to the office at
    /// 14:10 with <paramref name="trapped"/> people trapped; the duty officer (duty), the office director (director) and the commander (cmd).
    /// <paramref name="injects"/>, <paramref name="actions"/> and <paramref name="expectations"/> are YAML list items, indented by two spaces.
    /// </summary>
    public static string Formwork(string title, string end, int trapped, string actions, string expectations, string injects = "") => $$"""
        title: {{title}}
        plan: construction
        start: 2026-09-08T14:00:00+08:00
        end: "{{end}}"
        participants:
          - {id: duty, name: 蒋值班, role: duty-officer}
          - {id: director, name: 沈主任, role: office-director}
          - {id: cmd, name: 杨市长, role: commander}
        incident:
          at: "00:00"
          reportedAt: "00:10"
          reportedBy: duty
          county: 沁水县
          place: 龙港镇某中学
          nature: 高支模坍塌
          reporter: {name: 刘某, unit: 施工总承包单位}
          figures: {trapped: {{trapped}}}

        """
        + (injects.Length > 0 ? "injects:\n" + injects.TrimEnd() + "\n" : "")
        + (actions.Length > 0 ? "actions:\n" + actions.TrimEnd() + "\n" : "")
        + (expectations.Length > 0 ? "expectations:\n" + expectations.TrimEnd() + "\n" : "");

    /// <summary>
    /// A small road-traffic drill (晋市政办〔2025〕18号): a coach overturned at 08:00, reported to the office at 08:10
    /// with 3 dead (较大, 1.5(3); Ⅱ级, 5.3.2(1)), so 5.1.1's phone report to the city is due within 30 minutes of the occurrence (08:30) and the
    /// written report within 1 hour (09:00). <paramref name="actions"/> and <paramref name="expectations"/> are YAML
    /// list items, indented by two spaces.
    /// </summary>
    public static string Road(string actions, string expectations, string end = "01:30", string injects = "") =>
        Header(end)
        + (injects.Length > 0 ? "injects:\n" + injects.TrimEnd() + "\n" : "")
        + (actions.Length > 0 ? "actions:\n" + actions.TrimEnd() + "\n" : "")
        + (expectations.Length > 0 ? "expectations:\n" + expectations.TrimEnd() + "\n" : "");

    private static string Header(string end) => $$"""
        title: 测试演练
        plan: road-traffic
        start: 2026-03-01T08:00:00+08:00
        end: "{{end}}"
        participants:
          - id: duty
            name: 值班员甲
            role: duty-officer
          - id: director
            name: 办公室主任乙
            role: office-director
          - id: deputy
            name: 副指挥长丙
            role: deputy-commander
        incident:
          at: "00:00"
          reportedAt: "00:10"
          reportedBy: duty
          county: 泽州县
          nature: 大客车侧翻
          reporter: {name: 交警}
          figures: {deaths: 3, missing: 0, injured: 5}

        """;
}
