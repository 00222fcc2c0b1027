using System.Globalization;

namespace EmergencyPlans.Api.Tests.Support;

/// <summary>
/// Seeded random 122 traffic, every line valid: a few dispatch records, each a run of messages with rising figures, an
/// occurrence time sometimes learned late, the last one open, closed or cancelled. Lines are in dispatch and sequence order.
/// </summary>
public static class RandomFeed
{
    private static readonly string[] Counties = ["泽州县", "高平市", "阳城县", "陵川县", "沁水县", "城区"];
    private static readonly string[] Statuses = ["open", "open", "open", "open", "closed", "cancelled"];

    public sealed record Line(string Dispatch, long Sequence, string EventId, string Text);

    /// <summary><paramref name="dispatches"/> dispatch records of 1 to 8 messages each, their ids unique to <paramref name="tag"/>.</summary>
    public static List<Line> Lines(Random r, string tag, int dispatches = 6)
    {
        ArgumentNullException.ThrowIfNull(r);
        var lines = new List<Line>();
        var start = ApiFactory.Now.AddHours(-6);
        for (var d = 0; d < dispatches; d++)
        {
            var dispatch = $"JC122-{tag}-{d}";
            var county = Counties[r.Next(Counties.Length)];
            var call = start.AddMinutes(r.Next(0, 120));
            int deaths = r.Next(0, 2), serious = r.Next(0, 3);
            var count = r.Next(1, 9);
            for (var s = 1; s <= count; s++)
            {
                deaths += r.Next(0, 3);
                serious += r.Next(0, 4);
                var occurred = s > 1 && r.Next(3) == 0 ? $"\"{Time(call.AddMinutes(-r.Next(0, 30)))}\"" : "null";
                var status = s == count ? Statuses[r.Next(Statuses.Length)] : "open";
                var eventId = $"{dispatch}-{s}";
                var text = $$"""{"eventId":"{{eventId}}","dispatchId":"{{dispatch}}","sequence":{{s}},"updatedAt":"{{Time(call.AddMinutes(s * 10))}}","callAt":"{{Time(call)}}","occurredAt":{{occurred}},"county":"{{county}}","road":{"code":"G207","km":{{1100 + d}}.5},"nature":"collision","figures":{"deaths":{{deaths}},"seriousInjuries":{{serious}},"trapped":{{r.Next(0, 3)}}},"flags":{"hazmatVehicle":false,"operatingCoach":{{(r.Next(2) == 0 ? "true" : "false")}},"foreignersInvolved":false},"text":"随机测试","status":"{{status}}"}""";
                lines.Add(new Line(dispatch, s, eventId, text));
            }
        }

        return lines;
    }

    private static string Time(DateTimeOffset t) => t.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
}
