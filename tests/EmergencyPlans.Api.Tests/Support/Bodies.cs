namespace EmergencyPlans.Api.Tests.Support;

/// <summary>Request bodies as a duty officer would send them.</summary>
public static class Bodies
{
    /// <summary>50 minutes before <see cref="ApiFactory.Now"/>: 2026-03-01 09:10 (UTC+8).</summary>
    public const string OccurredAt = "2026-03-01T09:10:00+08:00";

    public static Dictionary<string, object?> Incident(string plan = "road-traffic", object? figures = null, string occurredAt = OccurredAt,
        string county = "泽州县", bool drill = false, string place = "G207 K1023") => new()
    {
        ["plan"] = plan,
        ["occurredAt"] = occurredAt,
        ["location"] = new { county, place },
        ["nature"] = "两车相撞",
        ["figures"] = figures ?? new { deaths = 1, seriousInjuries = 2, directLossWan = 50m },
        ["reporter"] = new { name = "王值班", unit = "泽州县交警大队", phone = "0356-0000000" },
        ["drill"] = drill,
    };

    public static object Assessment(string plan = "road-traffic", object? figures = null, string occurredAt = OccurredAt) => new
    {
        plan,
        occurredAt,
        figures = figures ?? new { deaths = 1, seriousInjuries = 2, directLossWan = 50m },
    };

    public static object Continuation(object? figures = null, string summary = "续报") => new { kind = "continuation", summary, figures };

    public static object Final(string summary = "终报: 处置完毕") => new { kind = "final", summary };

    public static object Activate(string level, bool? delegatedByCommander = null) =>
        new { level, action = "activate", reason = "启动响应", delegatedByCommander };

    public static object Terminate() => new { reason = "处置完毕，终止响应" };

    public static object Fulfil(string madeAt, string note = "电话已报市委、市政府总值班室") => new { madeAt, note };
}
