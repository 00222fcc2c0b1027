namespace EmergencyPlans.Api.Auth;

/// <summary>The roles a credential can carry. Authority for a response level is checked per plan by the lifecycle.</summary>
public static class Roles
{
    public const string DutyOfficer = "duty-officer";
    public const string OfficeDirector = "office-director";
    public const string DeputyCommander = "deputy-commander";
    public const string Commander = "commander";
    public const string PartyCommitteeGovernment = "party-committee-government";
    public const string Observer = "observer";
    public const string Feed = "feed";
    public const string Drill = "drill";

    public static readonly IReadOnlyList<string> All =
        [DutyOfficer, OfficeDirector, DeputyCommander, Commander, PartyCommitteeGovernment, Observer, Feed, Drill];
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

    public static readonly IReadOnlyDictionary<string, string[]> RolesByPolicy = new Dictionary<string, string[]>
    {
        [Read] = [.. Roles.All],
        [Report] = [Roles.DutyOfficer, Roles.OfficeDirector, Roles.DeputyCommander, Roles.Commander, Roles.Feed, Roles.Drill],
        [Decide] = [Roles.OfficeDirector, Roles.DeputyCommander, Roles.Commander, Roles.PartyCommitteeGovernment],
        [Fulfil] = [Roles.DutyOfficer, Roles.OfficeDirector, Roles.DeputyCommander, Roles.Commander, Roles.Drill],
        [Warn] = [Roles.OfficeDirector, Roles.DeputyCommander, Roles.Commander],
    };
}
