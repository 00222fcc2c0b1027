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
    /// <remarks>
    /// Written digit by digit, as the custom format <c>yyyy-MM-dd HH:mm</c> of the invariant culture writes it: every timeline entry of a duty
    /// names its time so, and the general formatter (which parses its pattern at each call) was a few per cent of a drill's commands.
    /// </remarks>
    public static string Minute(DateTimeOffset at) => string.Create(16, at.ToOffset(Offset).DateTime, static (text, t) =>
    {
        Digits(text, t.Year, 4);
        text[4] = '-';
        DayAndTime(text[5..], t);
    });

    /// <summary>The same without the year, where the incident's day is near (an alert's 截止03-01 08:30).</summary>
    public static string DayMinute(DateTimeOffset at) => string.Create(11, at.ToOffset(Offset).DateTime, static (text, t) => DayAndTime(text, t));

    // MM-dd HH:mm
    private static void DayAndTime(Span<char> text, DateTime t)
    {
        Digits(text, t.Month, 2);
        text[2] = '-';
        Digits(text[3..], t.Day, 2);
        text[5] = ' ';
        Digits(text[6..], t.Hour, 2);
        text[8] = ':';
        Digits(text[9..], t.Minute, 2);
    }

    private static void Digits(Span<char> text, int value, int width)
    {
        for (var i = width - 1; i >= 0; i--)
        {
            text[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }
}
