namespace EmergencyPlans.Core.Domain;

/// <summary>
/// The county lists of a natural disaster's report that a duty can be owed for, one instance per county (a plan file's <c>eachCounty</c>),
/// and which counties each counts. N 5.6 "启动市级自然灾害救助应急响应后,市安委办、市应急管理局要向相关县(市、区)通报并上报省应急管理厅。
/// 所涉及县(市、区)要立即启动自然灾害救助应急响应" and "启动县(市、区)级自然灾害救助应急响应的,应及时向市应急管理局报告": per county, and one
/// disaster (5.1.1 "一次自然灾害过程") may concern several. One incident's single <c>countyResponseActivated</c> met 5.6 for every county
/// (a natural-disaster duty officer's review, s61, ND-02; ADR 0003 #83).
/// </summary>
public static class CountyLists
{
    /// <summary>所涉及县(市、区): the incident's own county (<c>location.county</c>), listed or not, then those of <c>affectedCounties</c>.</summary>
    public const string Affected = "affectedCounties";

    /// <summary>
    /// The counties that have started their own relief response: the incident's own county when the fact <c>countyResponseActivated</c> is
    /// true (the interface the REST contract, the 122 feed and drills already had), then those of <c>countiesResponseActivated</c>.
    /// </summary>
    public const string ResponseActivated = "countiesResponseActivated";

    /// <summary>The fact that says the incident's own county has started its response.</summary>
    private const string OwnCountyActivated = "countyResponseActivated";

    /// <summary>The lists a duty can be owed for, by their figure names.</summary>
    public static IReadOnlyList<string> Names { get; } = [Affected, ResponseActivated];

    /// <summary>Whether <paramref name="list"/> names one of <see cref="Names"/>.</summary>
    public static bool IsKnown(string? list) => list is Affected or ResponseActivated;

    /// <summary>The report inputs a list reads: its figure, and for the started responses the fact said of the incident's own county.</summary>
    public static IReadOnlyList<string> Reads(string list) => list == ResponseActivated ? [ResponseActivated, OwnCountyActivated] : [list];

    /// <summary>The counties the figure <paramref name="list"/> itself names, as reported (none when not reported).</summary>
    public static IReadOnlyList<string> Listed(string list, ReportedFigures figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        return list switch
        {
            Affected => figures.AffectedCounties ?? [],
            ResponseActivated => figures.CountiesResponseActivated ?? [],
            _ => throw new ArgumentOutOfRangeException(nameof(list), list, "not a county list"),
        };
    }

    /// <summary>
    /// The counties an incident in <paramref name="ownCounty"/> counts for <paramref name="list"/> with these figures, each once: its own county
    /// first when it counts (always among the affected; among the started when <c>countyResponseActivated</c> is true), then the listed ones
    /// in the order reported.
    /// </summary>
    public static IReadOnlyList<string> Of(string list, string ownCounty, ReportedFigures figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        var listed = Listed(list, figures);
        var own = list == Affected || figures[Fact.CountyResponseActivated] == true;
        if (listed.Count == 0)
        {
            return own ? [ownCounty] : [];
        }

        var counties = new List<string>(listed.Count + 1);
        if (own)
        {
            counties.Add(ownCounty);
        }

        foreach (var county in listed)
        {
            if (!counties.Contains(county, StringComparer.Ordinal))
            {
                counties.Add(county);
            }
        }

        return counties;
    }
}
