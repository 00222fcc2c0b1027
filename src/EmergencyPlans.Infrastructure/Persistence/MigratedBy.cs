using EmergencyPlans.Application.Ports;

namespace EmergencyPlans.Infrastructure.Persistence;

/// <summary>
/// For a store whose tables the incident store's migrations create (the feed's, the alerts'): its first use waits
/// until that store has migrated (<see cref="IIncidentStore.PingAsync"/> runs the migrations, serialised on the
/// incident store's side); later uses go straight on. Callers racing on the first use just ping twice.
/// </summary>
internal sealed class MigratedBy(IIncidentStore owner)
{
    private readonly IIncidentStore _owner = owner ?? throw new ArgumentNullException(nameof(owner));
    private volatile bool _ready;

    public ValueTask EnsureAsync(CancellationToken cancellationToken) => _ready ? ValueTask.CompletedTask : PingAsync(cancellationToken);

    /// <summary>For a caller that cannot await (a feed batch begins synchronously).</summary>
    public void Ensure()
    {
        if (!_ready)
        {
            PingAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }
    }

    private async ValueTask PingAsync(CancellationToken cancellationToken)
    {
        await _owner.PingAsync(cancellationToken).ConfigureAwait(false);
        _ready = true;
    }
}

/// <summary>The store schema a store had (0: a new store) and the one it was migrated to.</summary>
public sealed record StoreSchemaMigration(int From, int To);

/// <summary>
/// The schema migration a store ran, said to whoever listens when it runs: at start, or later, when the store first answers (the
/// service started with PostgreSQL down migrates once the server is up, and the host, which looked only at start, never logged it).
/// </summary>
public sealed class SchemaMigrationReport
{
    private readonly Lock _gate = new();
    private readonly List<Action<StoreSchemaMigration>> _listeners = [];
    private StoreSchemaMigration? _done;

    /// <summary>The migration this store ran, once it has; null before (or when there was nothing to migrate).</summary>
    public StoreSchemaMigration? Done
    {
        get
        {
            lock (_gate)
            {
                return _done;
            }
        }
    }

    /// <summary>Calls <paramref name="listener"/> once the store has migrated: now, if it has; else when it does, on the migrating thread.</summary>
    public void WhenMigrated(Action<StoreSchemaMigration> listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        StoreSchemaMigration? done;
        lock (_gate)
        {
            done = _done;
            if (done is null)
            {
                _listeners.Add(listener);
                return;
            }
        }

        listener(done);
    }

    internal void Report(StoreSchemaMigration migration)
    {
        Action<StoreSchemaMigration>[] listeners;
        lock (_gate)
        {
            _done = migration;
            listeners = [.. _listeners];
            _listeners.Clear();
        }

        foreach (var listener in listeners)
        {
            listener(migration);
        }
    }
}
