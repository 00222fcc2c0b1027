namespace EmergencyPlans.Api.OpenApi;

/// <summary>Documents the problem documents (RFC 9457) an endpoint can answer with, as the one exception handler writes them.</summary>
public static class ProblemResponses
{
    /// <summary>
    /// 401 without a valid key and 403 for a role the policy (or the plan's authority) does not allow:
    /// every endpoint of a group that requires authorisation.
    /// </summary>
    public static RouteGroupBuilder ProducesAuthorisationProblems(this RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return group.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
    }

    /// <summary>One <c>ProducesProblem</c> per status; 400 is documented with <c>ProducesValidationProblem</c> (it names fields).</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder endpoint, params int[] statuses)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(statuses);
        foreach (var status in statuses)
        {
            endpoint.ProducesProblem(status);
        }

        return endpoint;
    }
}
