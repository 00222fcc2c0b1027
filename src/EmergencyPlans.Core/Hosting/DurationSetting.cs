using System.Globalization;

namespace EmergencyPlans.Core.Hosting;

/// <summary>
/// A duration setting (a <see cref="TimeSpan"/>: <c>Alerts:ScanInterval</c>, <c>EmergencyPlans:SqliteBusyTimeout</c> …) checked against
/// its range at start. The configuration binder reads a bare number as days: <c>Alerts__ScanInterval=5</c>, meant as 5 seconds, scanned
/// every five days without a word, and <c>=60</c> was past what a timer takes (about 49.7 days) and aborted the process once it listened.
/// Every range here is well under a day, so any bare number is refused, and the refusal says how it was read and how to write it.
/// </summary>
public static class DurationSetting
{
    /// <summary>
    /// Null when <paramref name="value"/> lies from <paramref name="min"/> to <paramref name="max"/> (or is zero where
    /// <paramref name="off"/> says what zero means); else one sentence naming the setting, the accepted range as hh:mm:ss, what the
    /// setting is for and its default, and the value read.
    /// </summary>
    public static string? Refusal(string setting, TimeSpan value, TimeSpan min, TimeSpan max, string purpose, TimeSpan byDefault, string? off = null)
    {
        ArgumentNullException.ThrowIfNull(setting);
        if ((value >= min && value <= max) || (off is not null && value == TimeSpan.Zero))
        {
            return null;
        }

        var range = $"a time from {Text(min)} to {Text(max)}";
        var accepted = off is null ? range : $"00:00:00 ({off}) or {range}";
        return $"{setting} must be {accepted}, written hh:mm:ss ({purpose}; {Text(byDefault)} by default); got {Text(value)}{AsDays(value)}";
    }

    /// <summary>
    /// A duration as the settings take it: hh:mm:ss, the fraction of a second only when there is one (00:00:00.2), the days only
    /// when there are some (5.00:00:00).
    /// </summary>
    public static string Text(TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            return value == TimeSpan.MinValue ? value.ToString("c", CultureInfo.InvariantCulture) : "-" + Text(value.Negate());
        }

        var whole = value.ToString(value.Days > 0 ? @"d\.hh\:mm\:ss" : @"hh\:mm\:ss", CultureInfo.InvariantCulture);
        var fraction = value.Ticks % TimeSpan.TicksPerSecond;
        return fraction == 0 ? whole : whole + "." + fraction.ToString("D7", CultureInfo.InvariantCulture).TrimEnd('0');
    }

    /// <summary>What a whole number of days most likely was: a bare number, meant as seconds.</summary>
    private static string AsDays(TimeSpan value)
    {
        if (value < TimeSpan.FromDays(1) || value.Ticks % TimeSpan.TicksPerDay != 0)
        {
            return "";
        }

        var days = value.Days;
        var (dayUnit, secondUnit) = days == 1 ? ("day", "second") : ("days", "seconds");
        return $", which is {days} {dayUnit}: a bare number is read as days, so {days} {secondUnit} is written {Text(TimeSpan.FromSeconds(days))}";
    }
}
