using EmergencyPlans.Application;
using EmergencyPlans.Core;
using EmergencyPlans.Drills;
using EmergencyPlans.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyPlans.Cli;

/// <summary>
/// The CLI's container, wired like the API host: AddCore, AddApplication, AddInfrastructure and AddMediator with the
/// same pipeline behaviours. Settings come from the environment (<c>EmergencyPlans__PlansDirectory</c>…) and
/// <c>--plans</c>; relative folders are taken from the current directory.
/// </summary>
internal static class CliHost
{
    public static ServiceProvider Build(string? plansDirectory, string? dataDirectory = null)
    {
        var overrides = new Dictionary<string, string?>();
        if (plansDirectory is not null)
        {
            overrides["EmergencyPlans:PlansDirectory"] = Path.GetFullPath(plansDirectory);
        }

        if (dataDirectory is not null)
        {
            overrides["EmergencyPlans:DataDirectory"] = Path.GetFullPath(dataDirectory);
        }

        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(overrides).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services
            .AddCore(configuration)
            .AddApplication()
            .AddInfrastructure(configuration)
            .AddDrills(configuration, AddMediator);
        AddMediator(services);
        return services.BuildServiceProvider();
    }

    /// <summary>As in src/EmergencyPlans.Api/Program.cs: the generated Mediator, singleton, with the behaviours compiled in.</summary>
    public static void AddMediator(IServiceCollection services) =>
        services.AddMediator(o =>
        {
            o.ServiceLifetime = ServiceLifetime.Singleton;
            o.Assemblies = [typeof(DependencyInjection)];
            o.PipelineBehaviors = [typeof(EmergencyPlans.Application.Common.ValidationBehavior<,>)];
        });
}
