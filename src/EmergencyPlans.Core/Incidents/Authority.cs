using System.Runtime.CompilerServices;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Lifecycles;
using EmergencyPlans.Core.Plans;

namespace EmergencyPlans.Core.Incidents;

// TEMPORARY: replaced by the plan's own authority when the roles/authority change lands.
internal static class Authority
{
    private static readonly ConditionalWeakTable<Plan, IActivationAuthority> Cache = [];

    public static IActivationAuthority ActivationFor(Plan plan) => Cache.GetValue(plan, Build);

    private static PlanActivationAuthority Build(Plan plan)
    {
        var grants = new Dictionary<ResponseLevel, IReadOnlyList<ActivationGrant>>();
        foreach (var level in plan.Response.Levels)
        {
            var list = new List<ActivationGrant>();
            foreach (var higher in plan.Response.Levels.Where(h => h.Level >= level.Level))
            {
                foreach (var role in higher.ActivatedBy)
                {
                    if (list.Exists(g => g.RoleId == role))
                    {
                        continue;
                    }

                    var basis = higher.Level == level.Level
                        ? $"{plan.Id} {higher.Clause}: {higher.Words}"
                        : $"reading: a body that may activate {Names.Of(higher.Level)} ({higher.Clause}) may activate the lower level {Names.Of(level.Level)}";
                    list.Add(new ActivationGrant(role, higher.Level == level.Level && higher.DelegationRequired.Contains(role), basis));
                }
            }

            grants[level.Level] = list;
        }

        return new PlanActivationAuthority(plan.Id, grants);
    }
}
