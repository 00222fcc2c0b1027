using EmergencyPlans.Core.Domain;
using System.Security.Claims;
using System.Text.Encodings.Web;
using EmergencyPlans.Application.Common;
using EmergencyPlans.Core.Contract;
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
                title: Localized.Pick("Authentication required", "须先认证"),
                detail: Localized.Pick(
                    "Send 'Authorization: Bearer <key>' with a key issued to you (docs/operations.md, \"Keys and credentials\", says how keys are issued).",
                    "请发送“Authorization: Bearer <密钥>”，密钥须是发给您的（密钥如何发放见 docs/operations.md 的“Keys and credentials”一节）。"))
            .ExecuteAsync(Context).ConfigureAwait(false);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        var chinese = $"您的角色（{string.Join("、", Context.User.FindAll(ClaimTypes.Role).Select(c => RoleCatalogue.Find(c.Value)?.ChineseName ?? c.Value))}）不能执行此操作。";
        if (Localized.IsChinese && await WhoMayAsync().ConfigureAwait(false) is { } who)
        {
            chinese += who;
        }

        await Results.Problem(
                statusCode: 403,
                title: Localized.Pick("Not allowed for your role", "您的角色无权执行此操作"),
                detail: Localized.Pick(
                    $"Your roles ({string.Join(", ", Context.User.FindAll(ClaimTypes.Role).Select(c => c.Value))}) may not do this.",
                    chinese))
            .ExecuteAsync(Context).ConfigureAwait(false);
    }

    /// <summary>
    /// On <c>…/response/termination</c>, who ends the incident's response and who proposes its end, as its plan says (谁启动、谁终止; N 2.2(2)
    /// 市安委办……提出自然灾害救助应急响应启动、终止建议): a duty officer proposing the end of a natural-disaster response was told only 您的角色
    /// （值班员）不能执行此操作 (a duty officer's review, N8). On <c>…/response</c>, who starts each level and who proposes it (the same review's
    /// carried point: the body is not read before the policy refuses, so the level asked for is not known, and every level is said). Null on
    /// any other endpoint, or when the incident's plan cannot be read. On <c>…/warnings</c>, who proposes, approves and issues the plan's warnings
    /// (road 4.4.1 "由市指挥部办公室提出建议,经…批准后,由市指挥部办公室发布"; road review s54, #11).
    /// </summary>
    private async Task<string?> WhoMayAsync()
    {
        var endpoint = Context.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;
        if (endpoint is not ("TerminateResponse" or "DecideResponse" or "ChangeWarning")
            || await Errors.ProblemDetailsExceptionHandler.PlanOfRequestAsync(Context, Context.RequestAborted).ConfigureAwait(false) is not { } plan)
        {
            return null;
        }

        return endpoint switch
        {
            "TerminateResponse" => RefusalTexts.WhoEnds(plan) + "。",
            "DecideResponse" => RefusalTexts.WhoDecides(plan) + "。",
            _ => RefusalTexts.WhoWarns(plan) is { } who ? who + "。" : null,
        };
    }
}
