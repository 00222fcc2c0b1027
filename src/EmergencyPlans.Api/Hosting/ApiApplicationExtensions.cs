using EmergencyPlans.Api.Auth;
using EmergencyPlans.Api.Errors;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace EmergencyPlans.Api.Hosting;

/// <summary>The HTTP pipeline and the endpoints that are not use cases (probes, API description).</summary>
public static class ApiApplicationExtensions
{
    /// <summary>Listens on loopback port 5080 unless --urls or ASPNETCORE_URLS says otherwise: never exposed by accident.</summary>
    public static WebApplicationBuilder UseLoopbackUnlessUrlsGiven(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls("http://127.0.0.1:5080");
        }

        return builder;
    }

    /// <summary>Errors as problem documents, the interactive API page, then authentication and authorisation.</summary>
    public static WebApplication UseApiPipeline(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // First: the exception handler and the status-code pages write in the language the request asked for.
        app.UseRequestLanguage();
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        // A store failure logged whole once ends with a line when a request on the store is answered again.
        StoreFailureLog.UseStoreFailureLog(app);

        // Two Idempotency-Key fields were joined into one key ("a,b") and the request taken: a client that sends two cannot know which
        // request a retry repeats. Refused before anything runs, as any invalid key is (400 naming the header).
        app.Use((context, next) =>
        {
            var keys = context.Request.Headers[Application.Common.IdempotencyKey.Header];
            return keys.Count > 1
                ? throw new FluentValidation.ValidationException([new FluentValidation.Results.ValidationFailure(Application.Common.IdempotencyKey.Header,
                    Core.Contract.Localized.Pick($"Idempotency-Key must be sent once; the request carried it {keys.Count} times",
                        $"Idempotency-Key 只能发送一次；本请求带了 {keys.Count} 次"))])
                : next(context);
        });

        // Before authentication: the page is middleware, not an endpoint, so AllowAnonymous cannot reach it.
        app.UseSwaggerUI(o =>
        {
            o.SwaggerEndpoint("/openapi/v1.json", "EmergencyPlans v1");
            o.RoutePrefix = "api-docs";
        });
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>/openapi/v1.json and the probes, open to all.</summary>
    public static WebApplication MapApiDescriptionAndHealth(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapOpenApi().AllowAnonymous();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        // Each check with its status and reason, as JSON (HealthReportJson); the status codes stay the framework's. A check's change of
        // state is logged once (ReadinessLog), not at every probe.
        var readinessLog = app.Services.GetRequiredService<ReadinessLog>();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains("ready"),
            ResponseWriter = (context, report) =>
            {
                readinessLog.Observe(report);
                return HealthReportJson.WriteAsync(context, report);
            },
        }).AllowAnonymous();
        return app;
    }
}
