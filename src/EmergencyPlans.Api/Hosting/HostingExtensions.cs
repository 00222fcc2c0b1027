using EmergencyPlans.Api.Auth;
using EmergencyPlans.Api.Errors;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Plans;
using EmergencyPlans.Infrastructure.Persistence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EmergencyPlans.Api.Hosting;

/// <summary>Where the host finds its plans and keeps its data; validated at start-up.</summary>
public sealed class HostOptions
{
    public const string Section = "EmergencyPlans";

    /// <summary>The plans/ folder; a relative path is taken from the content root (the project folder under dotnet run).</summary>
    public string PlansDirectory { get; set; } = "plans";

    /// <summary>Where the SQLite file, keys and other state live; created on first run. Relative to the content root.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>sqlite (default, embedded) or postgres.</summary>
    public string StoreProvider { get; set; } = StoreProviders.Sqlite;

    public string? PostgresConnectionString { get; set; }

    /// <summary>Resolves the configured folders against the content root once, at start-up.</summary>
    public HostOptions Resolve(string contentRoot) => new()
    {
        PlansDirectory = Path.GetFullPath(PlansDirectory, contentRoot),
        DataDirectory = Path.GetFullPath(DataDirectory, contentRoot),
        StoreProvider = StoreProvider,
        PostgresConnectionString = PostgresConnectionString,
        MaxRequestBodyBytes = MaxRequestBodyBytes,
    };

    /// <summary>Largest request body accepted, in bytes.</summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;
}

public static class HostingExtensions
{
    /// <summary>Loads and validates plans/: an invalid plan stops the host before it serves anything.</summary>
    public static IServiceCollection AddPlans(this IServiceCollection services, HostOptions options)
    {
        var catalog = PlanLoader.LoadDirectory(Path.GetFullPath(options.PlansDirectory));
        services.AddSingleton(catalog);
        services.AddSingleton(new DecisionEngine(catalog));
        services.AddSingleton(TimeProvider.System);
        return services;
    }

    public static IServiceCollection AddStore(this IServiceCollection services, HostOptions options)
    {
        var data = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(data);
        return services.AddIncidentStore(new StoreOptions
        {
            Provider = options.StoreProvider,
            SqlitePath = Path.Combine(data, "emergencyplans.db"),
            PostgresConnectionString = options.PostgresConnectionString,
        });
    }

    public static IServiceCollection AddApiKeyAuth(this IServiceCollection services, IConfiguration configuration, HostOptions options)
    {
        var auth = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        services.AddSingleton(sp => ApiKeyRegistry.Create(auth, Path.GetFullPath(options.DataDirectory), sp.GetRequiredService<ILoggerFactory>().CreateLogger("Auth")));
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization(o =>
        {
            // Default deny: an endpoint without a policy still needs an authenticated caller.
            o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
            foreach (var (policy, roles) in Policies.RolesByPolicy)
            {
                o.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireRole(roles));
            }
        });
        return services;
    }

    /// <summary>Builds the key registry now, so first-run keys exist (and are logged) before the first request.</summary>
    public static WebApplication EnsureCredentials(this WebApplication app)
    {
        var count = app.Services.GetRequiredService<ApiKeyRegistry>().Count;
        app.Logger.LogInformation("{Count} API credentials loaded", count);
        return app;
    }

    public static IServiceCollection AddProblemHandling(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Instance ??= c.HttpContext.Request.Path;
            c.ProblemDetails.Type ??= $"https://www.rfc-editor.org/rfc/rfc9110#status.{c.ProblemDetails.Status}";
        });
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        EmergencyPlans.Api.OpenApi.OpenApiCatalogueExtensions.AddCatalogueSchemas(services); // figures described from FigureCatalog
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());

            // A count sent as "12" is refused like any other wrong type: figures must be JSON numbers.
            o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;

            // Chinese plan words stay readable in the JSON instead of \u escapes.
            o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
        });
        return services;
    }

    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck("plans", () => HealthCheckResult.Healthy(), tags: ["ready"])
            .AddCheck<StoreHealthCheck>("store", tags: ["ready"]);
        return services;
    }

    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        return app;
    }

    private sealed class StoreHealthCheck(IIncidentStore store) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await store.PingAsync(cancellationToken).ConfigureAwait(false);
                return HealthCheckResult.Healthy();
            }
#pragma warning disable CA1031 // Any failure means "not ready"; the probe reports it rather than crashing.
            catch (Exception e)
#pragma warning restore CA1031
            {
                return HealthCheckResult.Unhealthy("store unreachable: " + e.Message);
            }
        }
    }
}
