using EmergencyPlans.Core.Domain;
using System.Collections.ObjectModel;

namespace EmergencyPlans.Core.Lifecycles;

/// <summary>
/// A table-driven <see cref="IActivationAuthority"/>, with the default tables of the three city
/// plans (DOMAIN.md section 3).
/// </summary>
/// <remarks>
/// <para>
/// Reading: a higher body of the same headquarters may also activate a lower level. The texts name
/// one body per level in the activation procedure (road 5.3.x, construction 4.3.x(2), natural
/// 5.x.2), but every level's conditions end with "市指挥部（市安委会）认为需要启动…级响应的其他情形",
/// the headquarters the commander and deputies lead and the office serves (road 2.3, construction
/// 2.1, natural 2.2); road Ⅱ already names the commander beside his deputy; and the lower body in
/// each procedure reports up to the higher one ("同时报告市指挥部", "并向市安委会主任报告"). So the
/// commander may activate Ⅱ and Ⅲ, a deputy commander Ⅲ. These grants cite the reading as their
/// basis, so a table built from the plan files can leave them out.
/// </para>
/// <para>
/// The reading only reaches down, never up, and it keeps every condition the text sets: a deputy
/// still needs the commander's delegation for construction Ⅱ (4.3.2(2) "指挥长或委托副指挥长"),
/// but not for construction Ⅲ, which the text gives to the office director, a body below him,
/// without any delegation.
/// </para>
/// </remarks>
public sealed class PlanActivationAuthority : IActivationAuthority
{
    private const string HigherBodyReading = "reading: a higher body of the headquarters may activate a lower level";

    private readonly ReadOnlyDictionary<ResponseLevel, IReadOnlyList<ActivationGrant>> _grants;

    /// <param name="planId">The plan the table belongs to, e.g. "road-traffic".</param>
    /// <param name="grants">For each level the plan defines, who may activate it.</param>
    public PlanActivationAuthority(string planId, IReadOnlyDictionary<ResponseLevel, IReadOnlyList<ActivationGrant>> grants)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(planId);
        ArgumentNullException.ThrowIfNull(grants);
        foreach (var (level, list) in grants)
        {
            if (list is null || list.Count == 0)
            {
                throw new ArgumentException($"Plan {planId}: level {level} has no body that may activate it.", nameof(grants));
            }
        }

        PlanId = planId;
        _grants = new ReadOnlyDictionary<ResponseLevel, IReadOnlyList<ActivationGrant>>(
            grants.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<ActivationGrant>)[.. kv.Value]));
        Levels = [.. grants.Keys.Order()];
    }

    /// <summary>Road traffic safety, 晋市政办〔2025〕18号 5.3.</summary>
    public static PlanActivationAuthority RoadTraffic { get; } = new("road-traffic", new Dictionary<ResponseLevel, IReadOnlyList<ActivationGrant>>
    {
        [ResponseLevel.I] = [new(LifecycleRoles.Commander, false, "road 5.3.1 由市指挥部指挥长决定启动Ⅰ级响应")],
        [ResponseLevel.II] =
        [
            new(LifecycleRoles.Commander, false, "road 5.3.2 由市指挥部指挥长或副指挥长决定启动Ⅱ级响应"),
            new(LifecycleRoles.DeputyCommander, false, "road 5.3.2 由市指挥部指挥长或副指挥长决定启动Ⅱ级响应"),
        ],
        [ResponseLevel.III] =
        [
            new(LifecycleRoles.OfficeDirector, false, "road 5.3.3 由市指挥部办公室主任启动Ⅲ级应急响应"),
            new(LifecycleRoles.DeputyCommander, false, HigherBodyReading + " (road 5.3.3(5))"),
            new(LifecycleRoles.Commander, false, HigherBodyReading + " (road 5.3.3(5))"),
        ],
    });

    /// <summary>Construction accidents, 晋市政办〔2025〕15号 4.3.</summary>
    public static PlanActivationAuthority Construction { get; } = new("construction", new Dictionary<ResponseLevel, IReadOnlyList<ActivationGrant>>
    {
        [ResponseLevel.I] = [new(LifecycleRoles.Commander, false, "construction 4.3.3(2) 由市指挥部指挥长立即启动I级响应")],
        [ResponseLevel.II] =
        [
            new(LifecycleRoles.Commander, false, "construction 4.3.2(2) 由市指挥部指挥长或委托副指挥长立即启动Ⅱ级响应"),
            new(LifecycleRoles.DeputyCommander, true, "construction 4.3.2(2) 由市指挥部指挥长或委托副指挥长立即启动Ⅱ级响应"),
        ],
        [ResponseLevel.III] =
        [
            new(LifecycleRoles.OfficeDirector, false, "construction 4.3.1(2) 由市指挥部办公室主任宣布启动Ⅲ级响应"),
            new(LifecycleRoles.DeputyCommander, false, HigherBodyReading + " (construction 4.3.1(1)④)"),
            new(LifecycleRoles.Commander, false, HigherBodyReading + " (construction 4.3.1(1)④)"),
        ],
    });

    /// <summary>Natural disaster relief, 晋市政办〔2026〕3号 5.1.2–5.4.2.</summary>
    public static PlanActivationAuthority NaturalDisaster { get; } = new("natural-disaster", new Dictionary<ResponseLevel, IReadOnlyList<ActivationGrant>>
    {
        [ResponseLevel.I] = [new(LifecycleRoles.PartyCommitteeGovernment, false, "natural 5.1.2 报市委、市政府决定")],
        [ResponseLevel.II] =
        [
            new(LifecycleRoles.Commander, false, "natural 5.2.2 市安委会副主任报主任决定"),
            new(LifecycleRoles.PartyCommitteeGovernment, false, HigherBodyReading + " (natural 5.2.2 并向市委、市政府报告)"),
        ],
        [ResponseLevel.III] =
        [
            new(LifecycleRoles.DeputyCommander, false, "natural 5.3.2 市安委会副主任决定启动Ⅲ级响应"),
            new(LifecycleRoles.Commander, false, HigherBodyReading + " (natural 5.3.1(5))"),
            new(LifecycleRoles.PartyCommitteeGovernment, false, HigherBodyReading),
        ],
        [ResponseLevel.IV] =
        [
            new(LifecycleRoles.OfficeDirector, false, "natural 5.4.2 由市安委办主任决定启动Ⅳ级响应"),
            new(LifecycleRoles.DeputyCommander, false, HigherBodyReading + " (natural 5.4.1(5))"),
            new(LifecycleRoles.Commander, false, HigherBodyReading + " (natural 5.4.1(5))"),
            new(LifecycleRoles.PartyCommitteeGovernment, false, HigherBodyReading),
        ],
    });

    /// <summary>The plan the table belongs to.</summary>
    public string PlanId { get; }

    /// <inheritdoc/>
    public IReadOnlyList<ResponseLevel> Levels { get; }

    /// <inheritdoc/>
    public bool MayActivate(LifecycleActor actor, ResponseLevel level)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return GrantsFor(level).Any(g => g.Covers(actor));
    }

    /// <inheritdoc/>
    public IReadOnlyList<ActivationGrant> GrantsFor(ResponseLevel level) =>
        _grants.TryGetValue(level, out var grants) ? grants : [];
}
