using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Lifecycles;
using EmergencyPlans.Core.Plans;

namespace EmergencyPlans.Core.Tests.Support;

/// <summary>The repository's real plans/ folder, loaded once for all tests.</summary>
public static class Repository
{
    private static readonly Lazy<PlanCatalog> LazyCatalog = new(() => PlanLoader.LoadDirectory(PlansDirectory));

    public static string Root { get; } = FindRoot();

    public static string PlansDirectory => Path.Combine(Root, "plans");

    public static PlanCatalog Catalog => LazyCatalog.Value;

    public static DecisionEngine Engine { get; } = new(Catalog);

    /// <summary>晋市政办〔2025〕18号 as loaded from plans/: its authority is what the lifecycle tests exercise.</summary>
    public static Plan Road => Latest("road-traffic");

    /// <summary>晋市政办〔2025〕15号 as loaded from plans/.</summary>
    public static Plan Construction => Latest("construction");

    /// <summary>晋市政办〔2026〕3号 as loaded from plans/.</summary>
    public static Plan NaturalDisaster => Latest("natural-disaster");

    /// <summary>The road plan's warning authority (4.4.1), which the plan file must define.</summary>
    public static IWarningAuthority RoadWarnings => Road.WarningAuthority ?? throw new InvalidOperationException("the road plan file has no warnings section");

    /// <summary>The newest version of a plan in plans/.</summary>
    public static Plan Latest(string planId) =>
        Catalog.Plans.Where(p => p.Id == planId).MaxBy(p => p.Metadata.ValidFrom) ?? throw new InvalidOperationException($"no plan '{planId}' in plans/");

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "EmergencyPlans.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("EmergencyPlans.sln not found above " + AppContext.BaseDirectory);
    }
}
