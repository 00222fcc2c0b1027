using System.Text;
using EmergencyPlans.Api.Auth;
using EmergencyPlans.Api.OpenApi;
using EmergencyPlans.Drills;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EmergencyPlans.Api.Endpoints;

/// <summary>Tabletop drills: run a script (YAML) and get the after-action report. Drill incidents live in the run's own store.</summary>
public static class DrillEndpoints
{
    private const string Markdown = "text/markdown; charset=utf-8";
    private const string Html = "text/html; charset=utf-8";

    public static IEndpointRouteBuilder MapDrills(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/drills").WithTags("Drills").RequireAuthorization(Policies.Drill).ProducesAuthorisationProblems()
            .MapPost("/runs", RunAsync)
            .WithName("RunDrill")
            .WithSummary("Run a drill script (docs/drills.md) and return the after-action report: JSON, or Markdown / HTML by Accept or ?format=.")
            .Accepts<string>("application/yaml", "text/yaml", "text/plain")
            .Produces<DrillReport>(StatusCodes.Status200OK)
            .Produces<string>(StatusCodes.Status200OK, "text/markdown", "text/html")
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<Results<Ok<DrillReport>, ContentHttpResult, ValidationProblem>> RunAsync(
        HttpRequest request, string? format, DrillRunner runner, CancellationToken ct)
    {
        string yaml;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8))
        {
            yaml = await reader.ReadToEndAsync(ct).ConfigureAwait(false);
        }

        if (format is not (null or "json" or "markdown" or "html"))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = ["format must be json, markdown or html"] });
        }

        DrillReport report;
        try
        {
            report = await runner.RunAsync(yaml, "script", ct).ConfigureAwait(false);
        }
        catch (DrillScriptException e)
        {
            // Each problem is keyed by its line, the field a script editor needs.
            return TypedResults.ValidationProblem(
                e.Problems.GroupBy(p => $"line {p.Line}").ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()),
                title: "演练脚本无效");
        }

        var accept = request.Headers.Accept.ToString();
        var chosen = format ?? (accept.Contains("text/html", StringComparison.OrdinalIgnoreCase) ? "html"
            : accept.Contains("text/markdown", StringComparison.OrdinalIgnoreCase) ? "markdown" : "json");
        return chosen switch
        {
            "html" => TypedResults.Content(DrillReportHtml.Render(report), Html),
            "markdown" => TypedResults.Content(DrillReportMarkdown.Render(report), Markdown),
            _ => TypedResults.Ok(report),
        };
    }
}
