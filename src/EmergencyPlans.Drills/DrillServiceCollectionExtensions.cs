using EmergencyPlans.Core.Assessment;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EmergencyPlans.Drills;

/// <summary>Drills, for any host (API, CLI).</summary>
public static class DrillServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="DrillRunner"/>. <paramref name="addMediator"/> is the host's own Mediator registration
    /// (generated into the host, with its pipeline behaviours); each run calls it on a container of its own, next to a
    /// simulated clock and an in-memory store, so drill incidents never reach the host's store.
    /// </summary>
    public static IServiceCollection AddDrills(this IServiceCollection services, IConfiguration configuration, Action<IServiceCollection> addMediator)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(addMediator);
        services.TryAddSingleton(sp => new DrillRunner(sp.GetRequiredService<DecisionEngine>(), configuration, addMediator));
        return services;
    }
}
