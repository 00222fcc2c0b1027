using Microsoft.Data.Sqlite;

namespace EmergencyPlans.Infrastructure.Persistence.Sqlite;

/// <summary>
/// One write transaction shared, on one asynchronous flow, by the feed store and the incident store of the
/// same file: a feed batch's incident writes and its own rows are committed together, with one fsync, so a
/// batch costs one durable commit however many incidents it opens or updates (ADR 0008).
/// </summary>
/// <remarks>
/// The incident store joins it through <see cref="For"/>: each of its writes becomes a savepoint of the
/// batch (a refused write rolls back to it), its reads see the batch's own writes. Other flows (REST
/// requests) are untouched: they wait for the database write lock as they wait for any writer.
/// </remarks>
internal sealed class SqliteBatch : IAsyncDisposable
{
    private static readonly AsyncLocal<SqliteBatch?> Current = new();
    private bool _done;

    private SqliteBatch(string path, SqliteConnection connection)
    {
        Path = path;
        Connection = connection;
        Transaction = connection.BeginTransaction(deferred: false);
    }

    public string Path { get; }

    public SqliteConnection Connection { get; }

    public SqliteTransaction Transaction { get; }

    /// <summary>The batch open on this flow for the file at <paramref name="path"/>, or null.</summary>
    public static SqliteBatch? For(string path) => Current.Value is { _done: false } batch && batch.Path == path ? batch : null;

    /// <summary>Begins a batch on the caller's flow (a synchronous method, so the caller's context keeps it).</summary>
    public static SqliteBatch Begin(string path, SqliteConnection connection)
    {
        var batch = new SqliteBatch(path, connection);
        Current.Value = batch;
        return batch;
    }

    public void Commit()
    {
        Transaction.Commit();
        _done = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_done)
        {
            _done = true;
            Transaction.Rollback();
        }

        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }
}
