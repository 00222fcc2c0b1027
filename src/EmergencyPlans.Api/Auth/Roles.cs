using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Api.Auth;

/// <summary>The roles a credential can carry: those of <see cref="RoleCatalogue"/> marked as credentials. Authority for a response level is checked per plan by the lifecycle.</summary>
public static class Roles
{
    /// <summary>Every role a credential may carry, in catalogue order.</summary>
    public static IReadOnlyList<string> All => RoleCatalogue.CredentialIds;
}

/// <summary>Authorisation policies by action; endpoints name a policy, never a role list.</summary>
public static class Policies
{
    /// <summary>Read incidents and assess reports (stateless): every authenticated role.</summary>
    public const string Read = "read";

    /// <summary>Open incidents and file reports.</summary>
    public const string Report = "report";

    /// <summary>Activate, adjust or terminate a response; the level's authority is then checked per plan.</summary>
    public const string Decide = "decide";

    /// <summary>Mark reporting obligations as made.</summary>
    public const string Fulfil = "fulfil";

    /// <summary>Propose, issue, adjust and lift road warnings; approval authority is then checked per colour.</summary>
    public const string Warn = "warn";

    /// <summary>Each policy is one capability of the role catalogue.</summary>
    private static readonly IReadOnlyDictionary<string, RoleCapabilities> CapabilityByPolicy = new Dictionary<string, RoleCapabilities>
    {
        [Read] = RoleCapabilities.Read,
        [Report] = RoleCapabilities.Report,
        [Decide] = RoleCapabilities.Decide,
        [Fulfil] = RoleCapabilities.Fulfil,
        [Warn] = RoleCapabilities.Warn,
    };

    /// <summary>For each policy, the credential roles whose capabilities include it.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> RolesByPolicy =
        CapabilityByPolicy.ToDictionary(p => p.Key, p => RoleCatalogue.With(p.Value).ToArray());
}
