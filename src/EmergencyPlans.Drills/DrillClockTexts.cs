using System.Globalization;

namespace EmergencyPlans.Drills;

/// <summary>
/// The report's times as text, one string per distinct time for the whole run: the local time to the minute
/// ("2026-03-01 08:30", in the script's offset) and the drill offset ("+00:30", or "+00:30:05" within a minute).
/// A generated drill of a million injects puts ten steps in each second and six hundred in each minute; each
/// step's entry used to format and keep strings of its own, most of them equal.
/// </summary>
internal sealed class DrillClockTexts(TimeSpan zone)
{
    private readonly Dictionary<long, string> _minutes = [];
    private readonly Dictionary<long, string> _offsets = [];

    /// <summary>The local time of <paramref name="at"/> to the minute, in the script's offset.</summary>
    public string At(DateTimeOffset at)
    {
        var minute = at.UtcTicks / TimeSpan.TicksPerMinute;
        if (!_minutes.TryGetValue(minute, out var text))
        {
            _minutes[minute] = text = at.ToOffset(zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
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
