using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace EmergencyPlans.Api.Auth;

/// <summary>Authenticates "Authorization: Bearer &lt;key&gt;" against the hashed key registry.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyRegistry registry)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.Fail("Authorization must be 'Bearer <key>'."));
        }

        var principal = registry.Find(header["Bearer ".Length..].Trim());
        if (principal is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("Unknown key."));
        }

        var claims = new List<Claim> { new(ClaimTypes.Name, principal.Name), new(ApiPrincipal.IdClaim, principal.Id) };
        claims.AddRange(principal.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        var identity = new ClaimsIdentity(claims, SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(
                statusCode: 401,
                title: "Authentication required",
                detail: "Send 'Authorization: Bearer <key>' with a key issued to you (see the README).")
            .ExecuteAsync(Context).ConfigureAwait(false);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Results.Problem(
                statusCode: 403,
                title: "Not allowed for your role",
                detail: $"Your roles ({string.Join(", ", Context.User.FindAll(ClaimTypes.Role).Select(c => c.Value))}) may not do this.")
            .ExecuteAsync(Context).ConfigureAwait(false);
    }
}
