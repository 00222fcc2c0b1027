namespace EmergencyPlans.Core.Plans;

/// <summary>Every loaded plan version. An incident is judged by the version in force when it occurred.</summary>
public sealed class PlanCatalog
{
    private readonly Dictionary<string, Plan[]> _versions;

    internal PlanCatalog(IReadOnlyList<Plan> plans, City city)
    {
        City = city;
        Plans = plans;
        _versions = plans
            .GroupBy(p => p.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(p => p.Metadata.ValidFrom).ToArray(), StringComparer.Ordinal);
    }

    public City City { get; }
    public IReadOnlyList<Plan> Plans { get; }
    public IEnumerable<string> PlanIds => _versions.Keys;

    public bool Knows(string planId) => _versions.ContainsKey(planId);

    /// <summary>The version of <paramref name="planId"/> in force at <paramref name="occurredAt"/>, or null.</summary>
    public Plan? Resolve(string planId, DateTimeOffset occurredAt)
    {
        if (!_versions.TryGetValue(planId, out var versions))
        {
            return null;
        }

        // Newest first: versions do not overlap (checked on load), so the first match is the only one.
        for (var i = versions.Length - 1; i >= 0; i--)
        {
            if (versions[i].IsInForceAt(occurredAt))
            {
                return versions[i];
            }
        }

        return null;
    }
}
