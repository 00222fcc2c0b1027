using System.Globalization;

namespace EmergencyPlans.LoadTests;

/// <summary>
/// Request bodies, serialised once. The assessment figures straddle the road-traffic plan's thresholds
/// (no response, IV, III, II, I) so the server does the same variety of work, and answers of different sizes,
/// that a real duty desk would send.
/// </summary>
/// <remarks>
/// The occurrence is <see cref="OccurredAt"/>: by default two hours before the run (the incidents 1–2 hours old, as a duty desk's
/// open incidents are). Until 2026-12-07 it was fixed at 2026-03-01 08:00, so every incident owed one more missed daily 续报 for each
/// day the test was run later (280 periods by December), and what the test measured grew with the calendar (`--occurred-at` keeps
/// that shape for comparison).
/// </remarks>
internal static class Payloads
{
    /// <summary>When the assessed and opened incidents occurred (each incident <c>n % 60</c> minutes later).</summary>
    public static DateTimeOffset OccurredAt { get; set; } = DefaultOccurredAt(DateTimeOffset.UtcNow);

    /// <summary>Two hours before <paramref name="now"/>, to the minute, in the city's offset (+08:00).</summary>
    public static DateTimeOffset DefaultOccurredAt(DateTimeOffset now)
    {
        var at = now.ToOffset(TimeSpan.FromHours(8)).AddHours(-2);
        return new DateTimeOffset(at.Year, at.Month, at.Day, at.Hour, at.Minute, 0, at.Offset);
    }

    private static readonly (int Deaths, int Missing, int Serious, int LossWan)[] Figures =
    [
        (0, 0, 0, 5),
        (0, 0, 1, 20),
        (1, 0, 2, 50),
        (2, 1, 3, 50),
        (3, 0, 5, 200),
        (5, 2, 12, 800),
        (9, 1, 30, 3000),
        (12, 3, 60, 12000),
    ];

    public static IReadOnlyList<string> Assessments() => Figures
        .Select(f => string.Create(CultureInfo.InvariantCulture,
            $$$"""{"plan":"road-traffic","occurredAt":"{{{Time(OccurredAt)}}}","figures":{"deaths":{{{f.Deaths}}},"missing":{{{f.Missing}}},"seriousInjuries":{{{f.Serious}}},"directLossWan":{{{f.LossWan}}}}}"""))
        .ToArray();

    public static string Incident(int n)
    {
        var f = Figures[n % Figures.Length];
        return string.Create(CultureInfo.InvariantCulture,
            $$$"""{"plan":"road-traffic","occurredAt":"{{{Time(OccurredAt.AddMinutes(n % 60))}}}","location":{"county":"泽州县"},"nature":"两车相撞","figures":{"deaths":{{{f.Deaths}}},"missing":{{{f.Missing}}},"seriousInjuries":{{{f.Serious}}},"directLossWan":{{{f.LossWan}}}},"reporter":{"name":"王五"}}""");
    }

    private static string Time(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
