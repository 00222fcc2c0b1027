using EmergencyPlans.Core.Contract;
using EmergencyPlans.Core.Domain;
using EmergencyPlans.Core.Lifecycles;
using FluentValidation;

namespace EmergencyPlans.Application.Common;

/// <summary>The authenticated caller, as the host saw it: name and roles from the credential.</summary>
/// <param name="Name">The name the log and the views show.</param>
/// <param name="Roles">The roles the credential holds.</param>
/// <param name="Id">
/// Who the caller is, stable across restarts and instances, for the Idempotency-Key fingerprint: a configured key's name, or its
/// hash when it has none (its <paramref name="Name"/>, <c>key-0</c>, is its position in the configuration). Null: <paramref name="Name"/>.
/// </param>
public sealed record Actor(string Name, IReadOnlyList<string> Roles, string? Id = null)
{
    /// <summary><see cref="Id"/>, or <see cref="Name"/> when the host gave none.</summary>
    public string Identity => Id ?? Name;

    /// <summary>A caller the host did not name (in-process use without authentication).</summary>
    public static readonly Actor Anonymous = new("anonymous", []);

    /// <summary>The body this caller acts as: the requested role if they hold it, else their first role.</summary>
    public LifecycleActor As(string? role, bool delegatedByCommander = false)
    {
        var chosen = role ?? (Roles.Count > 0 ? Roles[0] : null) ?? throw new InvalidOperationException("an actor needs a role");
        if (!Roles.Contains(chosen))
        {
            throw new LifecycleAuthorityException("request", "act-as", new LifecycleActor(Roles.Count > 0 ? Roles[0] : "none", Name), [chosen],
                $"you do not hold the role '{chosen}' (your roles: {string.Join(", ", Roles)})");
        }

        return new LifecycleActor(chosen, Name, delegatedByCommander);
    }
}

/// <summary>The rule every body with <c>actingAs</c> shares: absent, or a role the service knows.</summary>
public static class ActingAsRules
{
    /// <summary>
    /// A role of <see cref="RoleCatalogue"/>. "" or a name no role has ("commandr") was answered 403 "only  may" / "only commandr
    /// may", as if some body held that authority; holding a known role is still the authority check's (403).
    /// </summary>
    public static IRuleBuilderOptions<T, string?> ValidActingAs<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(role => role is null || RoleCatalogue.IsKnown(role))
            .WithMessage((_, role) => Localized.Pick($"actingAs must be one of the roles {string.Join(", ", RoleCatalogue.Ids)}; got '{role}'",
                $"actingAs 须为下列角色之一：{string.Join("、", RoleCatalogue.Ids)}；收到 '{role}'"))
            .OverridePropertyName("actingAs");
}

/// <summary>A change to an existing incident without If-Match: 428, so no one overwrites what they have not seen.</summary>
public sealed class PreconditionRequiredException : Exception
{
    public PreconditionRequiredException()
        : base(Localized.Pick("Send If-Match with the ETag from your last GET of this incident, so a change you have not seen is never overwritten.",
            "请带上 If-Match，其值为您最近一次 GET 本事件所得的 ETag，以免覆盖您未看到的变更。"))
    {
    }

    public PreconditionRequiredException(string message)
        : base(message)
    {
    }

    public PreconditionRequiredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
