using EmergencyPlans.Core.Domain;
namespace EmergencyPlans.Core.Lifecycles;

/// <summary>
/// Who may activate (and so adjust to) each response level of one plan. The response lifecycle asks
/// this instead of holding the plan tables itself, so a plan version can bring its own table.
/// </summary>
public interface IActivationAuthority
{
    /// <summary>The plan's levels, least severe first (road and construction have no Ⅳ).</summary>
    IReadOnlyList<ResponseLevel> Levels { get; }

    /// <summary>True when <paramref name="actor"/> may activate <paramref name="level"/> under this plan.</summary>
    bool MayActivate(LifecycleActor actor, ResponseLevel level);

    /// <summary>Who may activate <paramref name="level"/>; empty when the plan has no such level.</summary>
    IReadOnlyList<ActivationGrant> GrantsFor(ResponseLevel level);

    /// <summary>
    /// True when the commander's delegation reaches <paramref name="level"/> for <paramref name="actor"/>: a grant of that level requires it
    /// and covers him (C 4.3.2(2) 由市指挥部指挥长或委托副指挥长立即启动Ⅱ级响应); false in plans whose text delegates nothing.
    /// </summary>
    bool DelegationReaches(LifecycleActor actor, ResponseLevel level) => GrantsFor(level).Any(g => g.RequiresCommanderDelegation && g.Covers(actor));

    /// <summary>The plan's words on who changes an active level, cited when another body would lower it.</summary>
    string AdjustmentBasis => "由启动响应的主体调整响应级别";

    /// <summary>The plan's words on who ends a response (谁启动、谁结束), cited when another body would end it.</summary>
    string TerminationBasis => "谁启动、谁结束";

    /// <summary>The roles that propose a level to its decider (the office); empty when the plan says nothing, and any deciding body may.</summary>
    IReadOnlyList<string> ProposedBy => [];

    /// <summary>The plan's words on who proposes <paramref name="level"/>, cited when another body would.</summary>
    string ProposalBasis(ResponseLevel level) => "";

    /// <summary>
    /// The roles above <paramref name="roleId"/> in the organ it belongs to, nearest first (市指挥部: the commander above a deputy); empty
    /// when it has none or the plan names no organs. 谁启动、谁终止 is read per organ: a level is ended, or lowered, by the role that started
    /// it or by one of these (R 5.7 由相应启动应急响应的指挥机构宣布应急响应终止; C 4.6; N 5.7 按启动响应的相关权限终止响应).
    /// </summary>
    IReadOnlyList<string> RolesAbove(string roleId) => [];

    /// <summary>
    /// True when the plan has the level in force ended by the body its own clause has start it (N 5.7 "按启动响应的相关权限终止响应") and
    /// <paramref name="actor"/> is that body for <paramref name="level"/> (N 5.4.2 the 市安委办主任 for Ⅳ); false in plans whose end is the
    /// deciding organ's alone (R 5.7, C 4.6), and for a body that may start the level only by the reading that higher levels' bodies may.
    /// </summary>
    bool HoldsTheLevelsOwnAuthority(LifecycleActor actor, ResponseLevel level) => OwnGrantsThatEnd(level).Any(g => g.Covers(actor));

    /// <summary>
    /// The grants of <paramref name="level"/>'s own clause, when the plan has them end it too (N 5.7 按启动响应的相关权限终止响应): the 市安委办主任
    /// for Ⅳ (5.4.2); empty in plans whose end is the deciding organ's alone. A refusal names them beside the deciding body.
    /// </summary>
    IReadOnlyList<ActivationGrant> OwnGrantsThatEnd(ResponseLevel level) => [];

    /// <summary>The organ <paramref name="roleId"/> belongs to, as the plan names it (市指挥部); null when the plan names none.</summary>
    string? OrganOf(string roleId) => null;

    /// <summary>The reading that lets a role above end or lower a level <paramref name="roleId"/> started, cited beside 谁启动、谁终止; empty when none.</summary>
    string SuperiorBasis(string roleId) => "";

    /// <summary>
    /// The reading that lets a body acting on the commander's express delegation lower or end a level of the organ the commander leads, when
    /// the delegation could have started <paramref name="level"/> (C 4.3.2(2) 由市指挥部指挥长或委托副指挥长立即启动Ⅱ级响应; 4.6 由启动响应的指挥机构
    /// 确认并结束应急响应), cited beside 谁启动、谁终止; empty when no delegation reaches the level (C Ⅰ, every level of road and natural disaster).
    /// </summary>
    string DelegationBasis(ResponseLevel level) => "";

    /// <summary>
    /// The roles that propose ending an active response to the body that ends it (N 2.2(2) 市安委办……提出自然灾害救助应急响应启动、终止建议);
    /// empty when the plan has no such proposal (road 5.7, construction 4.6), and none may be made.
    /// </summary>
    IReadOnlyList<string> TerminationProposedBy => [];

    /// <summary>The plan's words on who proposes ending a response, cited when another body would; empty when the plan has none.</summary>
    string TerminationProposalBasis => "";

    /// <summary>True when <paramref name="actor"/> may propose a level under this plan.</summary>
    bool MayPropose(LifecycleActor actor) => ProposedBy.Count == 0 || ProposedBy.Contains(actor.RoleId, StringComparer.Ordinal);
}

/// <summary>One body's authority to activate one level.</summary>
/// <param name="RoleId">The body, e.g. <see cref="Domain.RoleCatalogue.Commander"/>.</param>
/// <param name="RequiresCommanderDelegation">
/// The body may act only when the commander has delegated it (construction Ⅱ "委托副指挥长").
/// </param>
/// <param name="Basis">The clause, or the reading, that grants it.</param>
public sealed record ActivationGrant(string RoleId, bool RequiresCommanderDelegation, string Basis)
{
    /// <summary>True when the grant covers <paramref name="actor"/>.</summary>
    public bool Covers(LifecycleActor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return string.Equals(actor.RoleId, RoleId, StringComparison.Ordinal)
            && (!RequiresCommanderDelegation || actor.DelegatedByCommander);
    }

    /// <summary>What <see cref="ToString"/> adds after the role id of a grant that needs the commander's delegation.</summary>
    public const string DelegationSuffix = " (delegated by commander)";

    /// <summary>The role id, with the delegation condition when there is one.</summary>
    public override string ToString() => RequiresCommanderDelegation ? RoleId + DelegationSuffix : RoleId;

    /// <summary>
    /// The bases of <paramref name="grants"/>, each once, joined with ；: a refusal's 依据. A basis that ends a sentence of the plan keeps its
    /// words but not its full stop before the next (N 5.2.2 "…并向市委、市政府报告。" and the reading after it read 。；). Our reading
    /// (<see cref="PlanActivationAuthority.Reading"/>) is said once, before the first basis it gives: N Ⅲ's bodies of Ⅱ and Ⅰ read
    /// 按本系统对预案的解读 twice in one refusal (a drill facilitator's review, session 60, F11).
    /// </summary>
    public static string Bases(IEnumerable<ActivationGrant> grants)
    {
        ArgumentNullException.ThrowIfNull(grants);
        var bases = grants.Select(g => g.Basis).Distinct().ToArray();
        const string reading = PlanActivationAuthority.Reading + "：";
        var readingSaid = false;
        return string.Join("；", bases.Select((b, i) =>
        {
            var basis = i < bases.Length - 1 ? b.TrimEnd('。') : b;
            if (basis.StartsWith(reading, StringComparison.Ordinal))
            {
                basis = readingSaid ? basis[reading.Length..] : basis;
                readingSaid = true;
            }

            return basis;
        }));
    }
}
