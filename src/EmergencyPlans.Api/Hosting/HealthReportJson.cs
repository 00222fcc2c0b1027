using System.Text.Json;
using EmergencyPlans.Api.Errors;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EmergencyPlans.Api.Hosting;

/// <summary>
/// The readiness probe's body: its status and, for each check, its status and description (the reason), as JSON. It answered only
/// "Healthy" or "Degraded", and the reason was in the log alone: whoever watched the probe had to find the host's log to learn that
/// the 122 feed was silent or the disk nearly full. The HTTP status is the framework's as before (200 for Healthy and Degraded, 503
/// for Unhealthy).
/// </summary>
/// <remarks>
/// The probe is anonymous (a load balancer calls it without a key), so the body holds only what the checks' descriptions say, with the
/// data folder's path left out (<see cref="ClientText"/>, as a problem document leaves it): no exception, no stack, no setting's value.
/// No check's description holds a connection string or a key: PostgreSQL's failures name its host and port at most, never the
/// password (HealthReportJsonTests).
/// </remarks>
internal static class HealthReportJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = Core.Contract.JsonText.Encoder };

    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        var text = context.RequestServices.GetRequiredService<ClientText>();
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(context.Response.Body, Options);
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteStartArray("checks");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteStartObject();
            json.WriteString("name", name);
            json.WriteString("status", entry.Status.ToString());
            if (entry.Description is { Length: > 0 } description)
            {
                json.WriteString("description", text.WithoutPaths(description));
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
