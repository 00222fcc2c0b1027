using System.Net;
using System.Text.Json;
using EmergencyPlans.Application.Alerts;
using EmergencyPlans.Core.Domain;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyPlans.Api.Tests.Support;

/// <summary>
/// The alert tests' steps on a host whose own scan is off (<c>Alerts:Enabled false</c>): one scan now, the list as a client reads it, and
/// a duty's alert found by kind and duty key with the list said when it is not there. Written once (each alert test class had its copy).
/// </summary>
public static class AlertHttp
{
    public const string Alerts = "/api/v1/alerts";

    /// <summary>One scan of the host's alert scanner, on its fake clock.</summary>
    public static Task<IReadOnlyList<StoredAlert>> ScanAsync(ApiFactory host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.Services.GetRequiredService<AlertScanner>().ScanAsync(CancellationToken.None);
    }

    /// <summary><c>GET /api/v1/alerts?limit=500&amp;{query}</c> as <paramref name="role"/>, expected 200.</summary>
    public static async Task<JsonElement[]> ListAsync(ApiFactory host, string query = "", string role = RoleCatalogue.Observer)
    {
        ArgumentNullException.ThrowIfNull(host);
        using var client = host.As(role);
        using var response = await client.GetAsync($"{Alerts}?limit=500&{query}");
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return (await response.JsonAsync()).EnumerateArray().ToArray();
    }

    public static string? DutyKey(JsonElement alert) => alert.TryGetProperty("dutyKey", out var k) ? k.GetString() : null;

    /// <summary>The alerts one per line (kind, duty key, title), for a failure's message.</summary>
    public static string Listed(JsonElement[] alerts) =>
        string.Join("\n", alerts.Select(a => $"{a.Str("kind")} {DutyKey(a)} {a.Str("title")}"));

    /// <summary>The one alert of <paramref name="kind"/> about <paramref name="dutyKey"/>.</summary>
    public static JsonElement DutyAlert(JsonElement[] alerts, string kind, string dutyKey) =>
        alerts.Should().ContainSingle(a => a.Str("kind") == kind && DutyKey(a) == dutyKey, "the alerts of the incident are:\n" + Listed(alerts)).Which;
}
