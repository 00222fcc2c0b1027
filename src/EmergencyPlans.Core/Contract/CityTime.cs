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
}
