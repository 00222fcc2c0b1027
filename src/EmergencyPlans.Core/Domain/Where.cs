namespace EmergencyPlans.Core.Domain;

/// <summary>Where an incident happened, as people read it: the county, then the place.</summary>
public static class Where
{
    /// <summary>
    /// The county, then the place; the county said once when the place already begins with it (阳城县东冶镇, not 阳城县阳城县东冶镇:
    /// a reporter, or a 122 record's road name, often writes the county into the place).
    /// </summary>
    public static string Of(string county, string? place) =>
        place is not null && place.StartsWith(county, StringComparison.Ordinal) ? place : county + place;
}
