namespace EmergencyPlans.Core.Lifecycles;

/// <summary>
/// Role identifiers used by the default authority tables. The same ids appear in the plan files
/// (<c>activatedBy</c>). For the natural-disaster plan the city safety committee (市安委会) plays the
/// part of the headquarters, so its director is the "commander" and so on.
/// </summary>
public static class LifecycleRoles
{
    /// <summary>市指挥部办公室主任; natural disaster: 市安委办主任. Also the office as the body that issues road warnings.</summary>
    public const string OfficeDirector = "office-director";

    /// <summary>市指挥部副指挥长; natural disaster: 市安委会副主任（分管安全工作副市长）.</summary>
    public const string DeputyCommander = "deputy-commander";

    /// <summary>市指挥部指挥长; natural disaster: 市安委会主任.</summary>
    public const string Commander = "commander";

    /// <summary>市委、市政府 (natural disaster Ⅰ).</summary>
    public const string PartyCommitteeGovernment = "party-committee-government";

    /// <summary>省人民政府或者省人民政府授权的省有关部门 (approves red road warnings, road 4.4.1).</summary>
    public const string Province = "province";
}
