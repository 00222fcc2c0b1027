using EmergencyPlans.Application.Ports;
using Npgsql;

namespace EmergencyPlans.Infrastructure.Persistence.Postgres;

/// <summary>
/// A savepoint of a feed batch's transaction (<see cref="PostgresFeedBatch"/>): released by <see cref="KeepAsync"/>, else rolled back
/// to (and released) by <see cref="UndoAsync"/> or as it is disposed. An incident write that joins the batch is one; a feed line's
/// writes are one around theirs (<see cref="PostgresFeedStore.BeginLineAsync"/>).
/// </summary>
internal sealed class PostgresSavepoint : IFeedLineWrites
{
    private readonly NpgsqlTransaction _transaction;
    private readonly string _name;
    private bool _ended; // released or undone

    private PostgresSavepoint(NpgsqlTransaction transaction, string name) => (_transaction, _name) = (transaction, name);

    public static async Task<PostgresSavepoint> SaveAsync(NpgsqlTransaction transaction, string name, CancellationToken cancellationToken)
    {
        await transaction.SaveAsync(name, cancellationToken);
        return new PostgresSavepoint(transaction, name);
    }

    public async ValueTask KeepAsync(CancellationToken cancellationToken = default)
    {
        await _transaction.ReleaseAsync(_name, cancellationToken);
        _ended = true;
    }

    /// <summary>
    /// Undoes what was done since the savepoint now, not when it is disposed, so that what the batch's transaction does next (a row lock)
    /// is the batch's and is not undone with it.
    /// </summary>
    public async Task UndoAsync()
    {
        if (!_ended)
        {
            await _transaction.RollbackAsync(_name);
            await _transaction.ReleaseAsync(_name);
            _ended = true; // nothing left to undo
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // Undone to the savepoint, leaving the batch's other writes; after an error PostgreSQL accepts nothing else first.
            await UndoAsync();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or ObjectDisposedException)
        {
            // The batch's connection is gone: the server rolled the whole batch back, and the batch fails at its commit. Thrown
            // from here it would hide the error that says why.
            _ended = true;
        }
    }
}
