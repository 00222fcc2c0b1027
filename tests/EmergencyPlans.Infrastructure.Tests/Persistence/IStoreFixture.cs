using EmergencyPlans.Application.Ports;

namespace EmergencyPlans.Infrastructure.Tests.Persistence;

/// <summary>What the shared storage suite needs from a provider.</summary>
public interface IStoreFixture
{
    /// <summary>A new store instance over the test class's database; the caller disposes it.</summary>
    IIncidentStore OpenStore(TimeProvider clock);

    /// <summary>
    /// Creates an empty database of its own (no schema yet) and returns a way to open stores over
    /// it, for tests that count rows or close and reopen the store.
    /// </summary>
    Task<Func<IIncidentStore>> CreateDatabaseAsync(TimeProvider clock);

    /// <summary>A feed store over the test class's database; <paramref name="incidents"/> applies the schema.</summary>
    IFeedStore OpenFeedStore(IIncidentStore incidents);

    /// <summary>An alert store over the test class's database; <paramref name="incidents"/> applies the schema.</summary>
    IAlertStore OpenAlertStore(IIncidentStore incidents);

    /// <summary>Runs SQL on the test class's database directly, bypassing the store.</summary>
    Task ExecuteRawAsync(string sql);

    /// <summary>
    /// Holds, on a connection of its own, the lock a writer of this incident needs (SQLite: the
    /// database write lock; PostgreSQL: the incident row), until the result is disposed.
    /// </summary>
    Task<IAsyncDisposable> HoldWriteLockAsync(Guid incidentId);
}
