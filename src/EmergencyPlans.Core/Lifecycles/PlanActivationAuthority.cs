using System.Collections.ObjectModel;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Plans;

namespace EmergencyPlans.Core.Lifecycles;

/// <summary>
/// Who may activate (and so adjust to, and terminate) each response level of one plan, read from the
/// plan file's <c>response.levels[].activatedBy</c> and <c>delegationRequired</c>. Built once when the
/// plan is loaded (<see cref="Plan.ActivationAuthority"/>); C# holds no table of its own.
/// </summary>
/// <remarks>
/// <para>
/// Reading (docs/decisions/0003-readings-of-the-plans.md, "Who may activate a lower level"): a body
/// that may activate a higher level of a plan may also activate a lower one. Every level's conditions
/// end with "市指挥部（市安委会）认为需要启动…级响应的其他情形", the headquarters the commander and deputies
/// lead (road 2.3, construction 2.1, natural 2.2); road Ⅱ names the commander beside his deputy; and
/// the lower body in each procedure reports up to the higher one ("同时报告市指挥部"). Grants made by
/// this reading say so in their <see cref="ActivationGrant.Basis"/>.
/// </para>
/// <para>
/// The reading only reaches down, never up, and it carries a delegation condition with it (construction Ⅱ
/// "指挥长或委托副指挥长", <c>delegationRequired</c>): the deputy is 有权启动Ⅱ级响应者 only when delegated, so he may start
/// construction Ⅲ (4.3.1(2) gives it to the office director) only when delegated too. Until 2026-12-06 (session 49) the
/// condition bound only its own level and an undelegated deputy's Ⅲ was taken as 合规 (a drill facilitator's review, D1).
/// </para>
/// </remarks>
public sealed class PlanActivationAuthority : IActivationAuthority
{
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

    /// <summary>
    /// The authority a plan file gives: each level's <c>activatedBy</c> with its clause, the delegation
    /// condition where the level lists the body in <c>delegationRequired</c>, and, by the reading in the
    /// remarks, the bodies of every higher level without their delegation condition.
    /// </summary>
    /// <param name="planId">The plan's id, e.g. "construction".</param>
    /// <param name="cite">How the texts for people cite the plan: its document number (晋市政办〔2025〕15号), as the timeline does; the id when not given.</param>
    /// <param name="levels">The plan's levels as loaded (any order).</param>
    /// <param name="adjustment">The plan's clause on changing an active level (road 5.7), if it has one.</param>
    /// <param name="termination">The plan's clause on ending a response (谁启动、谁终止), if it has one.</param>
    /// <param name="proposal">Who proposes a level to its decider (the office), if the plan says.</param>
    /// <param name="organs">The organs the deciding roles belong to, highest rank first (<c>response.organs</c>); none: each role stands alone.</param>
    /// <param name="adjustedBy">
    /// Who the adjustment clause has adjust (<c>response.adjustment.by</c>, road 5.7 由启动响应的主体): null when its words name nobody (C 4.4
    /// 可视情提高或降低), and a lowering is then refused citing the termination principle, not a clause that says nothing of who.
    /// </param>
    public static PlanActivationAuthority FromLevels(string planId, IReadOnlyList<LevelDefinition> levels, ClauseWords? adjustment = null, Termination? termination = null,
        string? cite = null, ResponseProposal? proposal = null, IReadOnlyList<CommandOrgan>? organs = null, string? adjustedBy = null)
    {
        cite ??= planId;
        ArgumentNullException.ThrowIfNull(levels);
        var grants = new Dictionary<ResponseLevel, IReadOnlyList<ActivationGrant>>();
        foreach (var level in levels)
        {
            var list = new List<ActivationGrant>();

            // The level's own bodies first, then those of each higher level, nearest first, so a body
            // the text names for this level keeps the text's clause as its basis.
            foreach (var source in levels.Where(h => h.Level >= level.Level).OrderBy(h => h.Level))
            {
                foreach (var role in source.ActivatedBy.Where(r => !list.Exists(g => g.RoleId == r)))
                {
                    list.Add(source.Level == level.Level
                        ? new ActivationGrant(role, source.DelegationRequired.Contains(role), $"{Citation.Of(cite, source.Clause)} {source.Words}")
                        // With the source level's delegation condition: a deputy whom the text lets start Ⅱ only when delegated (C 4.3.2(2)
                        // 委托副指挥长) is not 有权启动Ⅱ级响应者 without it, so the reading gives him no lower level without it either.
                        : new ActivationGrant(role, source.DelegationRequired.Contains(role),
                            $"{Reading}：有权启动{Names.Chinese(source.Level)}响应者（{Citation.Of(cite, source.Clause)}）亦可启动较低的{Names.Chinese(level.Level)}响应"));
                }
            }

            grants[level.Level] = list;
        }

        // Cited when a body other than the one that activated would lower or end the response: the plan's own clause, not another
        // plan's (a construction incident was told "road-traffic 5.7").
        return new PlanActivationAuthority(planId, grants)
        {
            AdjustmentBasis = adjustment is { } a && (adjustedBy is not null || termination is null) ? $"{Citation.Of(cite, a.Clause)} {a.Words}"
                // C 4.4 "可视情提高或降低" names nobody: a lowering refused by it alone said nothing of who may (a construction duty officer's
                // review, s58 #5). Who lowers is who ends (ADR 0003, 谁启动、谁终止 read per organ), cited first, 4.4 as what allows lowering.
                : adjustment is { } a1 && termination is { } t1
                    ? $"{t1.Principle}（{Citation.Of(cite, t1.Clause)}）；{Reading}：降低响应等级（{Citation.Of(cite, a1.Clause)} 可视情提高或降低）未写明由谁作出，与终止同，由启动响应的指挥机构作出"
                // N has no clause on adjusting (ADR 0003 #29): the reading is said as ours, beside the termination principle it follows,
                // not quoted under 5.7 as if the plan said it (the words are road 5.7's).
                : termination is { } t0 ? $"{Reading}：由启动响应的主体调整响应级别（本预案未规定调整主体，参照{Citation.Of(cite, t0.Clause)}“{t0.Principle}”）"
                : "由启动响应的主体调整响应级别",
            TerminationBasis = termination is { } t
                ? $"{t.Principle}{(t.ByTheLevelsAuthority ? "，按启动响应的相关权限终止响应" : "")}（{Citation.Of(cite, t.Clause)}）"
                : "谁启动、谁结束",
            // N 5.7 按启动响应的相关权限: each level's own grants (its clause's bodies, not those a higher level's reading adds), kept to end it.
            OwnEnders = termination?.ByTheLevelsAuthority == true
                ? grants.ToDictionary(g => g.Key, g => (IReadOnlyList<ActivationGrant>)g.Value.Where(x => levels.Any(l => l.Level == g.Key && l.ActivatedBy.Contains(x.RoleId))).ToArray())
                : new Dictionary<ResponseLevel, IReadOnlyList<ActivationGrant>>(),
            ProposedBy = proposal?.By ?? [],
            TerminationProposedBy = termination?.Proposal?.By ?? [],
            TerminationProposalBasis = termination?.Proposal is { } tp ? $"{Citation.Of(cite, tp.Clause)} {tp.Words}" : "",
            Proposal = proposal,
            Cite = cite,
            Organs = organs ?? [],
            // C 4.3.2(2) "由市指挥部指挥长或委托副指挥长立即启动Ⅱ级响应": the levels whose own text has the commander delegate, cited as the
            // ground of a delegated lowering or end (ADR 0003 #76); none in road and natural disaster, whose texts delegate nothing.
            Delegation = string.Join("；", levels.Where(l => l.DelegationRequired.Count > 0).OrderByDescending(l => l.Level)
                .Select(l => $"{Citation.Of(cite, l.Clause)} {l.Words}")),
        };
    }

    /// <summary>Each level's own grants, when its own body ends it too (<see cref="Termination.ByTheLevelsAuthority"/>); empty otherwise.</summary>
    private Dictionary<ResponseLevel, IReadOnlyList<ActivationGrant>> OwnEnders { get; init; } = [];

    /// <inheritdoc/>
    public IReadOnlyList<ActivationGrant> OwnGrantsThatEnd(ResponseLevel level) => OwnEnders.TryGetValue(level, out var own) ? own : [];

    /// <summary>The clauses (with their words) by which the plan has the commander delegate a level; empty when it has none.</summary>
    private string Delegation { get; init; } = "";

    /// <inheritdoc/>
    public string DelegationBasis(ResponseLevel level) =>
        Delegation.Length > 0 && GrantsFor(level).Any(g => g.RequiresCommanderDelegation)
            ? $"{Reading}：受指挥长委托者代表启动响应的指挥机构行事，亦可下调或终止其受委托可启动的响应（{Delegation}）"
            : "";

    /// <summary>The organs the deciding roles belong to, highest rank first.</summary>
    private IReadOnlyList<CommandOrgan> Organs { get; init; } = [];

    private CommandOrgan? Organ(string roleId) => Organs.FirstOrDefault(o => o.Ranks.Contains(roleId, StringComparer.Ordinal));

    /// <inheritdoc/>
    public IReadOnlyList<string> RolesAbove(string roleId)
    {
        ArgumentNullException.ThrowIfNull(roleId);
        return Organ(roleId) is { } organ ? [.. organ.Ranks.TakeWhile(r => !string.Equals(r, roleId, StringComparison.Ordinal)).Reverse()] : [];
    }

    /// <inheritdoc/>
    public string? OrganOf(string roleId) => Organ(roleId)?.Name;

    /// <inheritdoc/>
    public string SuperiorBasis(string roleId) =>
        Organ(roleId) is { } organ && RolesAbove(roleId).Count > 0
            ? $"{Reading}：{organ.Name}中位次在启动者之上的领导亦可终止或下调其启动的响应（{Citation.Of(Cite, organ.Clause)}）"
            : "";

    /// <summary>
    /// How a grant the text does not make itself names its basis: a reading of the plans (docs/decisions/0003), said for people. It said
    /// 按对预案的解读（决策记录0003）, a record a duty officer or a leader reading a drill's 复盘 cannot look up (drill review D11); the decision
    /// record is for the engineers.
    /// </summary>
    public const string Reading = "按本系统对预案的解读";

    /// <inheritdoc/>
    public string AdjustmentBasis { get; private init; } = "由启动响应的主体调整响应级别";

    /// <inheritdoc/>
    public string TerminationBasis { get; private init; } = "谁启动、谁结束";

    /// <inheritdoc/>
    public IReadOnlyList<string> ProposedBy { get; private init; } = [];

    /// <inheritdoc/>
    public IReadOnlyList<string> TerminationProposedBy { get; private init; } = [];

    /// <inheritdoc/>
    public string TerminationProposalBasis { get; private init; } = "";

    /// <summary>Who proposes each level, and where the plan says so; null when the plan file says nothing.</summary>
    private ResponseProposal? Proposal { get; init; }

    /// <summary>How the texts for people cite the plan (its document number).</summary>
    private string Cite { get; init; } = "";

    /// <inheritdoc/>
    public string ProposalBasis(ResponseLevel level) => Proposal?.For(level) is { } cw ? $"{Citation.Of(Cite, cw.Clause)} {cw.Words}" : "";

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
