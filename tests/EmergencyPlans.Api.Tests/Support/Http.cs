using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace EmergencyPlans.Api.Tests.Support;

/// <summary>Small HTTP helpers: JSON in, JSON out, ETags as numbers.</summary>
public static class Http
{
    public const string Incidents = "/api/v1/incidents";

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object? body, long? ifMatch = null) =>
        client.SendAsync(Request(url, body is null ? null : JsonContent.Create(body), ifMatch));

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string url, string json, long? ifMatch = null) =>
        client.SendAsync(Request(url, new StringContent(json, Encoding.UTF8, "application/json"), ifMatch));

    public static HttpRequestMessage Request(string url, HttpContent? content, long? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        if (ifMatch is { } version)
        {
            request.Headers.TryAddWithoutValidation("If-Match", Quote(version));
        }

        return request;
    }

    public static string Quote(long version) => "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>The response's ETag ("5" → 5); fails the test when it is missing or not a number.</summary>
    public static long ETag(this HttpResponseMessage response)
    {
        response.Headers.ETag.Should().NotBeNull("a response about an incident carries its ETag");
        return long.Parse(response.Headers.ETag!.Tag.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture);
    }

    /// <summary>Asserts the status, showing the body when it differs.</summary>
    public static async Task<HttpResponseMessage> ShouldHaveStatusAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync();
            response.StatusCode.Should().Be(expected, "the body was: {0}", body);
        }

        return response;
    }

    /// <summary>The readiness probe's overall status ("Healthy", "Degraded", "Unhealthy") from its JSON body.</summary>
    public static async Task<string> ReadinessAsync(this HttpResponseMessage response) => (await response.JsonAsync()).Str("status");

    /// <summary>The description of the readiness probe's check <paramref name="name"/>, from its JSON body.</summary>
    public static async Task<(string Status, string? Description)> ReadinessCheckAsync(this HttpResponseMessage response, string name)
    {
        var check = (await response.JsonAsync()).GetProperty("checks").EnumerateArray().Single(c => c.Str("name") == name);
        return (check.Str("status"), check.TryGetProperty("description", out var d) ? d.GetString() : null);
    }

    public static string Str(this JsonElement element, string property) => element.GetProperty(property).GetString()!;

    /// <summary>The incident's obligation with this key.</summary>
    public static JsonElement Obligation(this JsonElement incident, string key) =>
        incident.GetProperty("obligations").EnumerateArray().Single(o => o.Str("key") == key);

    public static IReadOnlyList<string> Strings(this JsonElement array) =>
        array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    /// <summary>The names of the fields a 400 problem document's <c>errors</c> names.</summary>
    public static IReadOnlyList<string> ErrorFields(this JsonElement problem) =>
        problem.TryGetProperty("errors", out var errors) ? errors.EnumerateObject().Select(p => p.Name).ToArray() : [];
}
