namespace EmergencyPlans.Core.Domain;

/// <summary>What a credential carrying a role may ask the API to do. Each capability is one authorisation policy.</summary>
/// <remarks>
/// A capability only opens the door: the plan then decides whether this body may act on this level or
/// colour (<c>Plan.ActivationAuthority</c>, <c>Plan.WarningAuthority</c>).
/// </remarks>
[Flags]
public enum RoleCapabilities
{
    /// <summary>No API action (a body outside the city that never holds a credential).</summary>
    None = 0,
    /// <summary>Read incidents and assess reports.</summary>
    Read = 1,
    /// <summary>Open incidents and file reports.</summary>
    Report = 2,
    /// <summary>Activate, adjust or terminate a response.</summary>
    Decide = 4,
    /// <summary>Mark reporting obligations as made.</summary>
    Fulfil = 8,
    /// <summary>Propose, issue, adjust, lift and reject road warnings.</summary>
    Warn = 16,
    /// <summary>Send records of the 122 dispatch feed (POST /api/v1/feeds/122), which open and update incidents through the feed's own path only.</summary>
    Ingest = 32,
    /// <summary>Run drill scripts (POST /api/v1/drills/runs), which never touch real incidents.</summary>
    Drill = 64,
    /// <summary>Acknowledge alerts raised for the duty office.</summary>
    Acknowledge = 128,
}

/// <summary>One body or role: its id as the plan files and credentials spell it, and what it may do.</summary>
/// <param name="Id">The id used in plan files (<c>activatedBy</c>, <c>approverRoles</c>, <c>issuerRole</c>) and on credentials.</param>
/// <param name="ChineseName">The body as the plans name it, for people.</param>
/// <param name="Credential">True when an API credential may carry the role; false for a body outside the city (the province).</param>
/// <param name="Capabilities">The API actions a credential carrying the role may ask for.</param>
public sealed record Role(string Id, string ChineseName, bool Credential, RoleCapabilities Capabilities)
{
    /// <summary>True when the role has every capability in <paramref name="capability"/>.</summary>
    public bool Can(RoleCapabilities capability) => capability != RoleCapabilities.None && (Capabilities & capability) == capability;

    /// <inheritdoc/>
    public override string ToString() => $"{Id} ({ChineseName})";
}

/// <summary>
/// The one catalogue of roles. Plan files, API credentials, authorisation policies and lifecycles all
/// name roles by these ids; the plan loader refuses a plan file that names any other.
/// </summary>
/// <remarks>
/// For the natural-disaster plan the city safety committee (市安委会) plays the part of the
/// headquarters (2.2), so its director is the commander, its deputy director the deputy commander and
/// the director of its office (市安委办) the office director. The ids are constants so that tests and
/// attributes can name them; <see cref="All"/> is the list every other place loops over.
/// </remarks>
public static class RoleCatalogue
{
    /// <summary>值班员 of the duty office.</summary>
    public const string DutyOfficer = "duty-officer";

    /// <summary>市指挥部办公室主任; natural disaster: 市安委办主任. Also the office as the body that issues road warnings.</summary>
    public const string OfficeDirector = "office-director";

    /// <summary>市指挥部副指挥长; natural disaster: 市安委会副主任（分管安全工作副市长）.</summary>
    public const string DeputyCommander = "deputy-commander";

    /// <summary>市指挥部指挥长; natural disaster: 市安委会主任.</summary>
    public const string Commander = "commander";

    /// <summary>市委、市政府 (natural disaster Ⅰ).</summary>
    public const string PartyCommitteeGovernment = "party-committee-government";

    /// <summary>Reads only.</summary>
    public const string Observer = "observer";

    /// <summary>The 122 feed: sends feed records, which open incidents and file reports; it cannot write over the other endpoints.</summary>
    public const string Feed = "feed";

    /// <summary>The drill runner: runs drill scripts against a store of their own and reads; never opens or changes a real incident.</summary>
    public const string Drill = "drill";

    /// <summary>省人民政府或者省人民政府授权的省有关部门 (approves red road warnings, road 4.4.1). Never holds a credential.</summary>
    public const string Province = "province";

    private const RoleCapabilities Leader = RoleCapabilities.Read | RoleCapabilities.Report | RoleCapabilities.Decide | RoleCapabilities.Fulfil | RoleCapabilities.Warn | RoleCapabilities.Acknowledge;

    /// <summary>Every role, credential roles first in the order the API lists them.</summary>
    public static IReadOnlyList<Role> All { get; } =
    [
        new(DutyOfficer, "值班员", true, RoleCapabilities.Read | RoleCapabilities.Report | RoleCapabilities.Fulfil | RoleCapabilities.Acknowledge),
        new(OfficeDirector, "市指挥部办公室主任（市安委办主任）", true, Leader),
        new(DeputyCommander, "市指挥部副指挥长（市安委会副主任）", true, Leader),
        new(Commander, "市指挥部指挥长（市安委会主任）", true, Leader),
        new(PartyCommitteeGovernment, "市委、市政府", true, RoleCapabilities.Read | RoleCapabilities.Decide),
        new(Observer, "观察员（只读）", true, RoleCapabilities.Read),
        new(Feed, "122接警数据接入", true, RoleCapabilities.Read | RoleCapabilities.Ingest),
        new(Drill, "演练", true, RoleCapabilities.Read | RoleCapabilities.Drill),
        new(Province, "省人民政府或者省人民政府授权的省有关部门", false, RoleCapabilities.None),
    ];

    /// <summary>The ids an API credential may carry, in catalogue order.</summary>
    public static IReadOnlyList<string> CredentialIds { get; } = [.. All.Where(r => r.Credential).Select(r => r.Id)];

    /// <summary>Every id, in catalogue order.</summary>
    public static IReadOnlyList<string> Ids { get; } = [.. All.Select(r => r.Id)];

    /// <summary>The role with id <paramref name="id"/> (ordinal), or null.</summary>
    public static Role? Find(string? id) => All.FirstOrDefault(r => string.Equals(r.Id, id, StringComparison.Ordinal));

    /// <summary>True when <paramref name="id"/> is a role of the catalogue.</summary>
    public static bool IsKnown(string? id) => Find(id) is not null;

    /// <summary>The credential roles that have <paramref name="capability"/>, in catalogue order.</summary>
    public static IReadOnlyList<string> With(RoleCapabilities capability) =>
        [.. All.Where(r => r.Credential && r.Can(capability)).Select(r => r.Id)];
}
