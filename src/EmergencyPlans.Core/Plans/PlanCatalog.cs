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

    /// <summary>
    /// The loaded plans for a refusal that lists them: ids alone in English, each with its title in Chinese (construction（晋城市建设工程事故
    /// 应急预案）), the latest version's: a duty officer knows the plans by their names, not by the service's ids.
    /// </summary>
    public string Listed(bool chinese) => chinese
        ? string.Join("，", _ids.Select((id, i) => $"{id}（{_byId[i][^1].Metadata.Title}）"))
        : string.Join(", ", _ids);

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

    /// <summary>
    /// Why no version of a known plan was in force at <paramref name="occurredAt"/>, for people: before the first version this service holds
    /// it names that version, when it took effect and what it replaced (C: 晋市政办〔2021〕48号 was in force before 2025-07-10, and the
    /// message said 预案“construction”尚无有效版本, as if the city had none); after the last, that it has expired. The one wording of it,
    /// for the validators and the exception alike.
    /// </summary>
    public string NotInForceChinese(string planId, DateTimeOffset occurredAt)
    {
        var at = Contract.CityTime.Minute(occurredAt);
        if (!_versions.TryGetValue(planId, out var versions) || versions.Length == 0)
        {
            return $"没有预案“{planId}”";
        }

        var first = versions[0].Metadata;
        if (occurredAt < first.ValidFrom)
        {
            return $"{at} 时《{first.Title}》（{first.DocumentNumber}）尚未施行：本系统收录的版本自{Contract.CityTime.Minute(first.ValidFrom)[..10]}起施行，"
                   + (first.Replaces is { } replaced ? $"此前适用的{replaced}本系统未收录" : "此前的版本本系统未收录");
        }

        var last = versions[^1].Metadata;
        return $"{at} 时本系统收录的《{last.Title}》各版本均不在施行期内（最新的{last.DocumentNumber}施行至{(last.ValidUntil is { } until ? Contract.CityTime.Minute(until)[..10] : "今")}）";
    }
}
