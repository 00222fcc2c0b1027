using System.Text.Json;
using EmergencyPlans.Application.Ports;
using EmergencyPlans.Core.Plans;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace EmergencyPlans.Api.Hosting;

/// <summary>A plan the store's incidents are handled under whose file is not loaded: they cannot be read or changed.</summary>
/// <param name="PlanId">The plan's id.</param>
/// <param name="DocumentNumber">The version's gazette number as the incident recorded it when opened; null when unread.</param>
/// <param name="OccurredAt">When the example incident occurred: the version in force then is the one missing.</param>
/// <param name="Example">One of those incidents.</param>
/// <param name="Incidents">How many incidents of the store need it.</param>
public sealed record MissingPlan(string PlanId, string? DocumentNumber, DateTimeOffset OccurredAt, Guid Example, int Incidents)
{
    /// <summary>The plan as an operator looks for its file: id and gazette number, or the time whose version is wanted.</summary>
    public string Named => DocumentNumber is null ? $"'{PlanId}' (the version in force at {OccurredAt:O})" : $"'{PlanId}' {DocumentNumber}";
}

/// <summary>
/// The plans the store's incidents need that no loaded plan file provides (a file removed or renamed under plans/ while the store
/// still holds incidents judged by it), found at start. Plans are loaded once, and a new incident is opened only under a loaded
/// plan, so what is missing at start stays missing until the next start; the readiness probe says Unhealthy naming it.
/// </summary>
public sealed class PlansOfStoredIncidents
{
    private volatile IReadOnlyList<MissingPlan> _missing = [];

    /// <summary>What was missing at start; empty when every incident's plan is loaded (or the store could not be read then).</summary>
    public IReadOnlyList<MissingPlan> Missing => _missing;

    /// <summary>The missing plan of <paramref name="planId"/>, if it is one.</summary>
    public MissingPlan? Find(string planId) => _missing.FirstOrDefault(m => string.Equals(m.PlanId, planId, StringComparison.Ordinal));

    /// <summary>
    /// Asks the store, in one grouped query, for the incidents no loaded plan version covers (their plan id and time outside every
    /// version of it in force), and keeps them by plan: how many, and one of them with its plan's gazette number as it was opened.
    /// </summary>
    public async Task<IReadOnlyList<MissingPlan>> CheckAsync(IIncidentStore store, PlanCatalog catalog, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(catalog);
        var loaded = catalog.Plans.Select(p => new PlanInForce(p.Id, p.Metadata.ValidFrom, p.Metadata.ValidUntil)).ToList();
        var missing = new List<MissingPlan>();
        foreach (var uncovered in await store.UncoveredAsync(loaded, cancellationToken).ConfigureAwait(false))
        {
            // Rare (a plan file gone): the example's own time and first event, so that the version named is the one it needs.
            var example = await store.GetAsync(uncovered.Example, cancellationToken).ConfigureAwait(false);
            var events = await store.ReadEventsAsync(uncovered.Example, cancellationToken).ConfigureAwait(false);
            missing.Add(new MissingPlan(uncovered.PlanId, DocumentNumber(events), example?.OccurredAt ?? default, uncovered.Example, uncovered.Count));
        }

        _missing = missing;
        return missing;
    }

    /// <summary>The plan version's gazette number from the incident's first event (incident-opened: <c>planDocumentNumber</c>).</summary>
    private static string? DocumentNumber(IReadOnlyList<StoredEvent> events)
    {
        if (events.Count == 0)
        {
            return null;
        }

        try
        {
            using var opened = JsonDocument.Parse(events[0].PayloadJson);
            return opened.RootElement.ValueKind == JsonValueKind.Object
                   && opened.RootElement.TryGetProperty("planDocumentNumber", out var number) && number.ValueKind == JsonValueKind.String
                ? number.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>Unhealthy (503) while incidents of the store are handled under a plan whose file is not loaded: they answer 503 too.</summary>
internal sealed class PlansHealthCheck(PlansOfStoredIncidents plans) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(plans.Missing is { Count: > 0 } missing
            ? HealthCheckResult.Unhealthy(string.Join("; ", missing.Select(m =>
                $"plan {m.Named} is not loaded from EmergencyPlans:PlansDirectory, but {m.Incidents} incident(s) of the store are handled under it " +
                $"(e.g. {m.Example}): they cannot be read or changed until its file is put back and the service restarted")))
            : HealthCheckResult.Healthy());
}
