using EmergencyPlans.Core.Assessment;
using EmergencyPlans.Core.Hosting;
using EmergencyPlans.Core.Plans;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EmergencyPlans.Core;

/// <summary>The plans and the engine, for any host (API, CLI, workers).</summary>
public static class CoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="PlanCatalogOptions"/> (validated at start), the <see cref="PlanCatalog"/> loaded from
    /// <c>EmergencyPlans:PlansDirectory</c>, the <see cref="DecisionEngine"/>, and <see cref="TimeProvider.System"/>
    /// unless a clock is already registered. The plans are loaded when the host starts, so an invalid plan
    /// stops it before it serves anything.
    /// </summary>
    public static IServiceCollection AddCore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<PlanCatalogOptions>()
            .Bind(configuration.GetSection(PlanCatalogOptions.Section))
            .PostConfigure<IServiceProvider>((o, sp) => o.PlansDirectory = ConfiguredPath.Resolve(o.PlansDirectory, sp, configuration))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PlanCatalogOptions>, PlanCatalogOptionsValidator>());

        services.TryAddSingleton(sp => PlanLoader.LoadDirectory(sp.GetRequiredService<IOptions<PlanCatalogOptions>>().Value.PlansDirectory));
        services.TryAddSingleton(sp => new DecisionEngine(sp.GetRequiredService<PlanCatalog>()));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PlanCatalogPreload>());
        return services;
    }

    /// <summary>Resolving the engine loads and validates every plan; doing it at start turns a bad plan into a failed start.</summary>
    private sealed class PlanCatalogPreload(DecisionEngine engine) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            _ = engine;
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
