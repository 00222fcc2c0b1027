using EmergencyPlans.Api.Endpoints;
using EmergencyPlans.Api.Hosting;
using EmergencyPlans.Application;
using EmergencyPlans.Application.Common;

var builder = WebApplication.CreateBuilder(args);
var options = builder.Configuration.GetSection(EmergencyPlans.Api.Hosting.HostOptions.Section).Get<EmergencyPlans.Api.Hosting.HostOptions>()
              ?? new EmergencyPlans.Api.Hosting.HostOptions();
options = options.Resolve(builder.Environment.ContentRootPath);
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:5080");
}

builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes);

// Per-request framework logs cost more than the requests; appsettings.json may lower this again.
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

builder.Services
    .AddPlans(options)
    .AddStore(options)
    .AddApplication()
    .AddApiKeyAuth(builder.Configuration, options)
    .AddProblemHandling()
    .AddHealth()
    .AddOpenApi();
builder.Services.AddMediator(o =>
{
    o.ServiceLifetime = ServiceLifetime.Singleton;
    o.Assemblies = [typeof(DependencyInjection)];
    o.PipelineBehaviors = [typeof(ValidationBehavior<,>)];
});

var app = builder.Build();
app.EnsureCredentials();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseSwaggerUI(o =>
{
    o.SwaggerEndpoint("/openapi/v1.json", "EmergencyPlans v1");
    o.RoutePrefix = "api-docs";
});
app.UseAuthentication();
app.UseAuthorization();

app.MapOpenApi().AllowAnonymous();
app.MapHealth();
app.MapAssessments();
app.MapIncidents();

app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
