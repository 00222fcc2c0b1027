using EmergencyPlans.Application.Assessments;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyPlans.Application;

public static class DependencyInjection
{
    /// <summary>Validators (scoped, like the Mediator handlers and behaviours that use them).</summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        services.AddValidatorsFromAssemblyContaining<AssessCommandValidator>(ServiceLifetime.Scoped, filter: r => r.ValidatorType.DeclaringType is null, includeInternalTypes: false);
        services.AddScoped<Incidents.IncidentWriter>();
        return services;
    }
}
