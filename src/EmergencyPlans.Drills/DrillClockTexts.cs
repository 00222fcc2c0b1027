using System.Globalization;

namespace EmergencyPlans.Drills;

/// <summary>
/// The report's times as text, one string per distinct time for the whole run: the local time to the minute
/// ("2026-03-01 08:30", in the script's offset, "2026-03-01 08:30:30" within a minute) and the drill offset ("+00:30", or "+00:30:05" within a minute).
/// A generated drill of a million injects puts ten steps in each second and six hundred in each minute; each
/// step's entry used to format and keep strings of its own, most of them equal.
/// </summary>
internal sealed class DrillClockTexts(TimeSpan zone)
{
    private readonly Dictionary<long, string> _seconds = [];
    private readonly Dictionary<long, string> _offsets = [];

    /// <summary>
    /// The local time of <paramref name="at"/> in the script's offset: to the minute, or to the second when it falls within
    /// a minute (scripts may write "00:30:30"; "09:30" for a report made at 09:30:30 would contradict its verdict).
    /// </summary>
    public string At(DateTimeOffset at)
    {
        var second = at.UtcTicks / TimeSpan.TicksPerSecond;
        if (!_seconds.TryGetValue(second, out var text))
        {
            _seconds[second] = text = at.ToOffset(zone).ToString(second % 60 == 0 ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        }

        return text;
    }

    /// <summary>The drill offset as scripts write it (<see cref="DrillScriptReader.FormatOffset"/>).</summary>
    public string Offset(TimeSpan offset)
    {
        if (offset.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            return DrillScriptReader.FormatOffset(offset);
        }

        var second = offset.Ticks / TimeSpan.TicksPerSecond;
        if (!_offsets.TryGetValue(second, out var text))
        {
            _offsets[second] = text = DrillScriptReader.FormatOffset(offset);
        }

        return text;
    }
}
