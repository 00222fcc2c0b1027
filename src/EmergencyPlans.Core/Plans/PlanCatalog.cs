namespace EmergencyPlans.Core.Plans;

/// <summary>Every loaded plan version. An incident is judged by the version in force when it occurred.</summary>
public sealed class PlanCatalog
{
    private readonly Dictionary<string, Plan[]> _versions;

    // A handful of plans: an ordinal scan beats hashing the id on every evaluation.
    private readonly string[] _ids;
    private readonly Plan[][] _byId;

    internal PlanCatalog(IReadOnlyList<Plan> plans, City city)
    {
        City = city;
        Plans = plans;
        _versions = plans
            .GroupBy(p => p.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(p => p.Metadata.ValidFrom).ToArray(), StringComparer.Ordinal);
        _ids = _versions.Keys.ToArray();
        _byId = _ids.Select(id => _versions[id]).ToArray();
    }

    public City City { get; }
    public IReadOnlyList<Plan> Plans { get; }
    /// <summary>The ids of the loaded plans, in the order first loaded.</summary>
    public IReadOnlyList<string> PlanIds => _ids;

    public bool Knows(string planId) => _versions.ContainsKey(planId);

    /// <summary>The version of <paramref name="planId"/> in force at <paramref name="occurredAt"/>, or null.</summary>
    public Plan? Resolve(string planId, DateTimeOffset occurredAt)
    {
        Plan[]? versions = null;
        for (var i = 0; i < _ids.Length; i++)
        {
            if (string.Equals(_ids[i], planId, StringComparison.Ordinal))
            {
                versions = _byId[i];
                break;
            }
        }

        if (versions is null)
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
