using EmergencyPlans.Core.Plans;

namespace EmergencyPlans.Infrastructure.Tests.Persistence;

/// <summary>The repository's plans/, loaded once for the tests that drive the real aggregate over a store.</summary>
internal static class TestPlans
{
    private static readonly Lazy<PlanCatalog> Loaded = new(() => PlanLoader.LoadDirectory(Directory()));

    public static PlanCatalog Catalog => Loaded.Value;

    private static string Directory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EmergencyPlans.sln")))
            {
                return Path.Combine(dir.FullName, "plans");
            }
        }

        throw new InvalidOperationException("EmergencyPlans.sln not found above the test binaries.");
    }
}
