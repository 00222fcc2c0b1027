using System.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace EmergencyPlans.Api.Errors;

/// <summary>
/// Writes a problem document as <c>application/problem+json</c> when ASP.NET Core's own writer declines because the request's
/// Accept names no JSON (a browser's <c>text/html</c>, <c>application/xml</c>). RFC 9110 lets a server answer in a type the
/// client did not list, and this API has no other: without it such a client got a 400 without a body (the validation failure
/// logged as an unhandled exception) and a 404 as <c>text/plain</c>. Registered after the default writer, so it is the last resort.
/// </summary>
public sealed class ProblemJsonWhateverAcceptWriter(IOptions<ProblemDetailsOptions> problems, IOptions<JsonOptions> json) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        var problem = context.ProblemDetails;

        // As the default writer does: the status's type and title where none is set, the trace id, then the service's customisation.
        problem.Status ??= http.Response.StatusCode;
        _ = TypedResults.Problem(problem);
        problem.Extensions.TryAdd("traceId", Activity.Current?.Id ?? http.TraceIdentifier);
        problems.Value.CustomizeProblemDetails?.Invoke(context);

        return new ValueTask(http.Response.WriteAsJsonAsync(problem, problem.GetType(), json.Value.SerializerOptions, "application/problem+json", http.RequestAborted));
    }
}
