using EmergencyPlans.Core.Assessment;
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
