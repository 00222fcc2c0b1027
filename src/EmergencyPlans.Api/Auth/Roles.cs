using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Api.Auth;

/// <summary>The roles a credential can carry: those of <see cref="RoleCatalogue"/> marked as credentials. Authority for a response level is checked per plan by the lifecycle.</summary>
public static class Roles
{
    /// <summary>Every role a credential may carry, in catalogue order.</summary>
    public static IReadOnlyList<string> All => RoleCatalogue.CredentialIds;
}

/// <summary>
/// Authorisation policies by action; endpoints name a policy, never a role list. Each policy is one
/// <see cref="RoleCapabilities"/> of the role catalogue, named by it in lower case.
/// </summary>
public static class Policies
{
    /// <summary>Read incidents and assess reports (stateless): every authenticated role.</summary>
    public static string Read { get; } = For(RoleCapabilities.Read);

    /// <summary>Open incidents and file reports.</summary>
    public static string Report { get; } = For(RoleCapabilities.Report);

    /// <summary>Activate, adjust or terminate a response; the level's authority is then checked per plan.</summary>
    public static string Decide { get; } = For(RoleCapabilities.Decide);

    /// <summary>Mark reporting obligations as made.</summary>
    public static string Fulfil { get; } = For(RoleCapabilities.Fulfil);

    /// <summary>Propose, issue, adjust and lift road warnings; approval authority is then checked per colour.</summary>
    public static string Warn { get; } = For(RoleCapabilities.Warn);

    /// <summary>Send 122 feed records (POST /api/v1/feeds/122): the feed role, which writes through the feed only.</summary>
    public static string Ingest { get; } = For(RoleCapabilities.Ingest);

    /// <summary>Run drill scripts; drill incidents live in a store of their own.</summary>
    public static string Drill { get; } = For(RoleCapabilities.Drill);

    /// <summary>Acknowledge alerts (the duty office and its leaders; never the feed).</summary>
    public static string Acknowledge { get; } = For(RoleCapabilities.Acknowledge);

    /// <summary>For each policy, the credential roles whose capabilities include it.</summary>
    public static IReadOnlyDictionary<string, string[]> RolesByPolicy { get; } = Enum.GetValues<RoleCapabilities>()
        .Where(c => c != RoleCapabilities.None)
        .ToDictionary(For, c => RoleCatalogue.With(c).ToArray());

    /// <summary>The policy name of a capability: "read", "report", "decide", "fulfil", "warn".</summary>
#pragma warning disable CA1308 // Policy names are lower case by convention; they are compared, never normalised.
    public static string For(RoleCapabilities capability) => capability.ToString().ToLowerInvariant();
#pragma warning restore CA1308
}
