using System.Net;
using System.Text.Json;
using EmergencyPlans.Core.Domain;

namespace EmergencyPlans.Api.Tests.Support;

/// <summary>An incident created for a test, with the ETag of its latest version.</summary>
public sealed record Opened(string Id, long ETag, JsonElement Body)
{
    public string Url => $"{Http.Incidents}/{Id}";
}

/// <summary>Steps most tests share, each asserting its own success so a broken set-up fails loudly.</summary>
public static class Scenario
{
    public static async Task<Opened> OpenAsync(this ApiFactory factory, object? body = null, string role = RoleCatalogue.DutyOfficer)
    {
        using var client = factory.As(role);
        using var response = await client.PostJsonAsync(Http.Incidents, body ?? Bodies.Incident());
        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var json = await response.JsonAsync();
        return new Opened(json.Str("id"), response.ETag(), json);
    }

    /// <summary>POSTs a change with If-Match and expects 200; returns the incident with its new ETag.</summary>
    public static async Task<Opened> ChangeAsync(this ApiFactory factory, Opened incident, string path, object body, string role)
    {
        using var client = factory.As(role);
        using var response = await client.PostJsonAsync(incident.Url + path, body, incident.ETag);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return new Opened(incident.Id, response.ETag(), await response.JsonAsync());
    }

    public static async Task<Opened> GetAsync(this ApiFactory factory, string id, string role = RoleCatalogue.Observer)
    {
        using var client = factory.As(role);
        using var response = await client.GetAsync($"{Http.Incidents}/{id}");
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return new Opened(id, response.ETag(), await response.JsonAsync());
    }

    /// <summary>
    /// POSTs <paramref name="json"/> as written to <paramref name="path"/> of the incident, with its If-Match, asking for Chinese; returns the
    /// status and the body (a problem document when refused), whatever the status.
    /// </summary>
    public static async Task<(HttpStatusCode Status, JsonElement Body)> PostRawAsync(this ApiFactory factory, Opened incident, string path, string json,
        string role = RoleCatalogue.DutyOfficer)
    {
        using var client = factory.As(role);
        var request = Http.Request(incident.Url + path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"), incident.ETag);
        request.Headers.TryAddWithoutValidation("Accept-Language", "zh-CN");
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.JsonAsync());
    }

    /// <summary>How many incidents the list shows (up to the maximum page).</summary>
    public static async Task<int> CountAsync(this ApiFactory factory, string query = "")
    {
        using var client = factory.As(RoleCatalogue.Observer);
        using var response = await client.GetAsync($"{Http.Incidents}?limit=500{query}");
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return (await response.JsonAsync()).GetArrayLength();
    }

    public static async Task<IReadOnlyList<string>> ListIdsAsync(this ApiFactory factory, string query)
    {
        using var client = factory.As(RoleCatalogue.Observer);
        using var response = await client.GetAsync($"{Http.Incidents}?limit=500&{query}");
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return (await response.JsonAsync()).EnumerateArray().Select(e => e.Str("id")).ToArray();
    }
}
