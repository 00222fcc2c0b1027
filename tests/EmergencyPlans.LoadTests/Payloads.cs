using System.Globalization;

namespace EmergencyPlans.LoadTests;

/// <summary>
/// Request bodies, serialised once. The assessment figures straddle the road-traffic plan's thresholds
/// (no response, IV, III, II, I) so the server does the same variety of work, and answers of different sizes,
/// that a real duty desk would send.
/// </summary>
internal static class Payloads
{
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

    public static IReadOnlyList<string> Assessments { get; } = Figures
        .Select(f => string.Create(CultureInfo.InvariantCulture,
            $$$"""{"plan":"road-traffic","occurredAt":"2026-03-01T08:00:00+08:00","figures":{"deaths":{{{f.Deaths}}},"missing":{{{f.Missing}}},"seriousInjuries":{{{f.Serious}}},"directLossWan":{{{f.LossWan}}}}}"""))
        .ToArray();

    public static string Incident(int n)
    {
        var f = Figures[n % Figures.Length];
        return string.Create(CultureInfo.InvariantCulture,
            $$$"""{"plan":"road-traffic","occurredAt":"2026-03-01T08:{{{n % 60:00}}}:00+08:00","location":{"county":"泽州县"},"nature":"两车相撞","figures":{"deaths":{{{f.Deaths}}},"missing":{{{f.Missing}}},"seriousInjuries":{{{f.Serious}}},"directLossWan":{{{f.LossWan}}}},"reporter":{"name":"王五"}}""");
    }
}
