using EmergencyPlans.Api.Auth;
using EmergencyPlans.Api.OpenApi;
using EmergencyPlans.Application.Assessments;
using EmergencyPlans.Core.Contract;
using System.Security.Claims;
using EmergencyPlans.Application.Common;
using EmergencyPlans.Application.Duties;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace EmergencyPlans.Api.Endpoints;

public static class AssessmentEndpoints
{
    public static IEndpointRouteBuilder MapAssessments(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/assessments").WithTags("Assessments").RequireAuthorization(Policies.Read)
            .ProducesAuthorisationProblems();

        group.MapPost("/", async (AssessmentRequest? report, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey, ClaimsPrincipal user,
                    ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new AssessCommand(report!, idempotencyKey is null ? null : IncidentEndpoints.ActorOf(user), idempotencyKey), ct).ConfigureAwait(false)))
            .WithName("Assess")
            .WithSummary("Grade, response level, obligations and work groups for a report; nothing is stored.")
            .ProducesValidationProblem()
            .ProducesProblems(StatusCodes.Status422UnprocessableEntity);

        return app;
    }

    /// <summary>Duties that are not tied to an incident: drills, yearly surveys.</summary>
    public static IEndpointRouteBuilder MapDuties(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/duties").WithTags("Duties").RequireAuthorization(Policies.Read).ProducesAuthorisationProblems()
            .MapGet("/calendar", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new CalendarDutiesQuery(), ct).ConfigureAwait(false)))
            .WithName("CalendarDuties")
            .WithSummary("Calendar duties of the plans in force (drills at least every 3 years, yearly surveys), with the next date each falls due.");
        return app;
    }
}
