using EmergencyPlans.Application.Ports;
using Npgsql;

namespace EmergencyPlans.Infrastructure.Persistence.Postgres;

/// <summary>
/// The feed batch begun on this asynchronous flow (<see cref="PostgresFeedStore.BeginBatchAsync"/>): the connection and transaction
/// holding the feed's advisory lock, on which the batch's incident writes (<see cref="PostgresIncidentStore"/>) and its feed rows
/// (<see cref="PostgresFeedStore.CommitAsync"/>) are made, so that the batch is one commit (ADR 0008).
/// </summary>
internal sealed class PostgresFeedBatch : IAsyncDisposable
{
    private static readonly AsyncLocal<PostgresFeedBatch?> Current = new();
    private readonly PostgresFeedStore _feed;
    private readonly IIncidentStore _incidents;
    private bool _ended;

    private PostgresFeedBatch(PostgresFeedStore feed, IIncidentStore incidents) => (_feed, _incidents) = (feed, incidents);

    public NpgsqlConnection? Connection { get; private set; }

    public NpgsqlTransaction? Transaction { get; private set; }

    /// <summary>Begins the batch of <paramref name="feed"/> on this flow; <paramref name="incidents"/> is the incident store of the same database.</summary>
    public static PostgresFeedBatch Begin(PostgresFeedStore feed, IIncidentStore incidents) => Current.Value = new PostgresFeedBatch(feed, incidents);

    /// <summary>The batch of <paramref name="feed"/> begun on this flow whose lock is held and whose rows are not committed yet; null for none.</summary>
    public static PostgresFeedBatch? Held(PostgresFeedStore feed) =>
        Current.Value is { _ended: false, Transaction: not null } batch && ReferenceEquals(batch._feed, feed) ? batch : null;

    /// <summary>The batch on this flow that the writes of <paramref name="incidents"/> join; null for none (they commit on their own).</summary>
    public static PostgresFeedBatch? JoinedBy(IIncidentStore incidents) =>
        Current.Value is { _ended: false, Transaction: not null } batch && ReferenceEquals(batch._incidents, incidents) ? batch : null;

    public void Holds(NpgsqlConnection connection, NpgsqlTransaction transaction) => (Connection, Transaction) = (connection, transaction);

    /// <summary>The rows committed (or refused) on the lock's transaction, which ended it and released the lock.</summary>
    public void Committed() => _ended = true;

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_ended && Transaction is not null)
            {
                // Not committed: ending it rolls back the batch's incident writes and releases the lock.
                await Transaction.RollbackAsync();
            }
        }
        catch (Exception e) when (e is NpgsqlException or ObjectDisposedException or InvalidOperationException)
        {
            // The connection is gone (the batch failed because of it): the server ended its transaction and the lock with it.
            // Thrown from here it would hide the batch's own error.
        }
        finally
        {
            _ended = true;
            if (Transaction is not null)
            {
                await Transaction.DisposeAsync();
            }

            if (Connection is not null)
            {
                await Connection.DisposeAsync();
            }
        }
    }
}
