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
