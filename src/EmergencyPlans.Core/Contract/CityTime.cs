namespace EmergencyPlans.Core.Contract;

/// <summary>The offset the city keeps its clocks in.</summary>
public static class CityTime
{
    /// <summary>
    /// UTC+08:00 (China Standard Time, no daylight saving since 1991). The plan files do not carry an offset for the city,
    /// so this is the one place it is written: the API writes its instants in it, the plans' periods count their days in
    /// it, and messages for people give the time in it.
    /// </summary>
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>An instant as messages for people give it: the city's date and time to the minute (2026-03-01 08:30).</summary>
    public static string Minute(DateTimeOffset at) => at.ToOffset(Offset).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The same without the year, where the incident's day is near (an alert's 截止03-01 08:30).</summary>
    public static string DayMinute(DateTimeOffset at) => at.ToOffset(Offset).ToString("MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
