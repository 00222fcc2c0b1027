using System.Security.Claims;
using System.Text;
using EmergencyPlans.Api.Auth;
using EmergencyPlans.Api.OpenApi;
using EmergencyPlans.Application.Common;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Contract;
using EmergencyPlans.Drills;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

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
            .WithSummary("Run a drill script (UTF-8 YAML, docs/drills.md) and return the after-action report: JSON, or Markdown / HTML by Accept or ?format=.")
            .WithDescription($"""
                {ScriptBody} A script in any other encoding (GBK, the ANSI code page of a Chinese Windows; UTF-16) is refused with
                400 (title 演练脚本无效), its error keyed `line N` naming the line and the byte where the body stops being UTF-8:
                save the script as UTF-8 and send it again. Any other problem of the script is a 400 keyed by its line as well.
                """)
            // The three docs/drills.md names (text/plain since the endpoint came, for tools that cannot name a YAML type); any other is a
            // 415 naming them.
            .Accepts<string>("application/yaml", "text/yaml", "text/plain")
            .AddOpenApiOperationTransformer(DescribeScriptBody)
            .Produces<DrillReport>(StatusCodes.Status200OK)
            .Produces<string>(StatusCodes.Status200OK, "text/markdown", "text/html")
            .ProducesValidationProblem()
            .ProducesProblems(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    /// <summary>What the request body is, said in the operation's description and the request body's.</summary>
    private const string ScriptBody =
        "The body is the drill script (docs/drills.md) as YAML encoded in UTF-8 (a UTF-8 byte order mark is allowed), whatever charset the Content-Type names.";

    /// <summary>
    /// The request body's description, and its media types with <c>charset=utf-8</c>: the body is read as UTF-8 and a script in GBK is
    /// refused (400). Only the document says the charset: requests are matched by the media types of <c>Accepts</c>, which a
    /// Content-Type without a charset, or with one, both meet.
    /// </summary>
    private static Task DescribeScriptBody(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.RequestBody is OpenApiRequestBody body)
        {
            body.Description = ScriptBody + " A script in GBK or UTF-16 is refused with 400 naming the line and byte.";
            if (body.Content is { Count: > 0 } content)
            {
                var declared = content.ToArray();
                content.Clear();
                foreach (var (type, media) in declared)
                {
                    content[type.Contains("charset", StringComparison.OrdinalIgnoreCase) ? type : type + "; charset=utf-8"] = media;
                }
            }
        }

        return Task.CompletedTask;
    }

    private static readonly InlineValidator<string?> KeyRule = CreateKeyRule();

    private static InlineValidator<string?> CreateKeyRule()
    {
        var rule = new InlineValidator<string?>();
        rule.RuleFor(k => k).ValidIdempotencyKey();
        return rule;
    }

    private static async Task<Results<Ok<DrillReport>, ContentHttpResult, ValidationProblem>> RunAsync(
        HttpRequest request, string? format, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey, ClaimsPrincipal user,
        DrillRunner runner, IIncidentStore store, CancellationToken ct)
    {
        // The body is UTF-8 (a byte order mark allowed): read as such with replacement, a script saved in GBK would run with every
        // Chinese name garbled. One that is not is refused as an invalid script, naming the line and byte where it stops being UTF-8.
        string yaml;
        using (var body = new MemoryStream())
        {
            await request.Body.CopyToAsync(body, ct).ConfigureAwait(false);
            try
            {
                yaml = DrillScriptText.Decode(body.GetBuffer().AsSpan(0, (int)body.Length), "script");
            }
            catch (DrillScriptException e)
            {
                return InvalidScript(e);
            }
        }

        if (format is not (null or "json" or "markdown" or "html"))
        {
            return Errors.ProblemDetailsExceptionHandler.Invalid("format", Localized.Pick("format must be json, markdown or html", "format 须为 json、markdown 或 html"));
        }

        // A run changes nothing, and the same script always gives the same report, so a retry simply runs again;
        // the key is still remembered so that reusing it for another script is refused (422), as on every POST.
        if (idempotencyKey is not null)
        {
            if (KeyRule.Validate(idempotencyKey) is { IsValid: false } invalid)
            {
                return Errors.ProblemDetailsExceptionHandler.Invalid(IdempotencyKey.Header, [.. invalid.Errors.Select(e => e.ErrorMessage)]);
            }

            var key = IdempotencyKey.For(idempotencyKey, "run-drill", IncidentEndpoints.ActorOf(user), "", yaml)!;
            if (await store.FindIdempotencyAsync(key.Key, ct).ConfigureAwait(false) is { } recorded)
            {
                key.EnsureSameRequest(recorded);
            }
            else if (!await store.RecordIdempotencyAsync(key.Record(null, null), ct).ConfigureAwait(false)
                     && await store.FindIdempotencyAsync(key.Key, ct).ConfigureAwait(false) is { } raced)
            {
                key.EnsureSameRequest(raced);
            }
        }

        DrillReport report;
        try
        {
            // A posted script has no file name: the report names it by its title (DrillRunner.Unnamed), not as "script".
            report = await runner.RunAsync(yaml, DrillRunner.Unnamed, ct).ConfigureAwait(false);
        }
        catch (DrillScriptException e)
        {
            return InvalidScript(e);
        }

        var chosen = format ?? Negotiate(request);
        return chosen switch
        {
            "html" => TypedResults.Content(DrillReportHtml.Render(report), Html),
            "markdown" => TypedResults.Content(DrillReportMarkdown.Render(report), Markdown),
            _ => TypedResults.Ok(report),
        };
    }

    /// <summary>400 for a script that is not valid: each problem keyed by its line, the field a script editor needs.</summary>
    private static ValidationProblem InvalidScript(DrillScriptException e) => TypedResults.ValidationProblem(
        e.Problems.GroupBy(p => $"line {p.Line}").ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()),
        title: "演练脚本无效");

    /// <summary>
    /// The report's form by the Accept header, as RFC 9110 12.5.1 reads it: the most preferred (highest q) of the forms
    /// offered, the header's order among equals; q=0 refuses a form. JSON when nothing offered is asked for.
    /// </summary>
    private static string Negotiate(HttpRequest request)
    {
        var ranked = request.GetTypedHeaders().Accept
            .Select((range, order) => (Range: range, Quality: range.Quality ?? 1.0, Order: order))
            .Where(a => a.Quality > 0)
            .OrderByDescending(a => a.Quality).ThenBy(a => a.Order);
        foreach (var (range, _, _) in ranked)
        {
            var type = range.MediaType.Value;
            if (string.Equals(type, "text/html", StringComparison.OrdinalIgnoreCase))
            {
                return "html";
            }

            if (string.Equals(type, "text/markdown", StringComparison.OrdinalIgnoreCase))
            {
                return "markdown";
            }

            if (string.Equals(type, "application/json", StringComparison.OrdinalIgnoreCase) || type is "*/*" or "application/*")
            {
                return "json";
            }
        }

        return "json";
    }
}
