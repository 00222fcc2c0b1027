using System.Collections.Concurrent;
using System.Reflection;
using EmergencyPlans.Application.Assessments;
using EmergencyPlans.Application.Common;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EmergencyPlans.Application;

/// <summary>The use cases' services, for any host (API, CLI, workers).</summary>
public static class DependencyInjection
{
    /// <summary>The display name of each member a rule is for, as <see cref="ValidatorOptions.Global"/> resolves it.</summary>
    private static readonly ConcurrentDictionary<MemberInfo, string> DisplayNames = new();

    /// <summary>
    /// Registers the validators, the handlers' helpers and the pipeline behaviours, in the order they run.
    /// Needs <c>AddCore</c> (engine, clock) and <c>AddInfrastructure</c> (store).
    /// <para>
    /// Mediator itself (<c>services.AddMediator(...)</c>) is not called here: that method is written by
    /// Mediator's source generator into the outermost project (the API host, a CLI), which is the only place
    /// the generator can see every handler (ARCHITECTURE.md habit 4). Each host calls it next to this method,
    /// with <c>ServiceLifetime.Singleton</c> and without <c>PipelineBehaviors</c>: the behaviours are here.
    /// </para>
    /// <para>
    /// Validators, handlers and behaviours are singletons: they hold no per-request state, only the engine,
    /// the store and the clock. Scoped validators were rebuilt on every request (about 45% of an assessment's CPU).
    /// </para>
    /// </summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        // FluentValidation's own messages name a field by its display name, which it makes by splitting the member's name
        // ("The length of 'province Approval' must be…"); the bodies' fields are the members' names in camelCase, as sent.
        // FluentValidation asks for it each time a rule runs, failing or not: made once per member (it made two strings per rule and run,
        // about 1.2 KB of a 122 record's validation).
        ValidatorOptions.Global.DisplayNameResolver = static (_, member, _) =>
            member is null || member.Name.Length == 0 ? null : DisplayNames.GetOrAdd(member, static m => char.ToLowerInvariant(m.Name[0]) + m.Name[1..]);
        services.AddValidatorsFromAssemblyContaining<AssessCommandValidator>(ServiceLifetime.Singleton, filter: r => r.ValidatorType.DeclaringType is null, includeInternalTypes: false);
        services.TryAddSingleton<Incidents.IncidentWriter>();
        services.TryAddSingleton<Incidents.IncidentReader>();
        services.TryAddSingleton<Feeds.FeedIngestor>();
        services.TryAddSingleton<Feeds.FeedRecordValidator>();
        services.AddOptions<Alerts.AlertOptions>();
        services.TryAddSingleton<Alerts.AlertSignal>();
        services.TryAddSingleton<Alerts.AlertScanner>();

        // Pipeline behaviours run in the order registered (outermost first).
        return services;
    }
}
