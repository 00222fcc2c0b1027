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
/// The batch also keeps the commands its stores run (<see cref="Run"/>), so each statement is prepared once per batch
/// rather than once per incident write.
/// </remarks>
internal sealed class SqliteBatch : IAsyncDisposable
{
    private static readonly AsyncLocal<SqliteBatch?> Current = new();
    private readonly Dictionary<string, Kept<(SqliteCommand Command, SqliteParameter[] Parameters)>> _kept = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Kept<SqliteNativeStatement>> _native = new(StringComparer.Ordinal);
    private bool _done;

    private SqliteBatch(string path, SqliteConnection connection)
    {
        Path = path;
        Connection = connection;

        // Each incident write is a savepoint, and SQLite copies every page it changes under a savepoint to a
        // statement journal, a temporary file by default: about 27 pwrite calls a write (strace of `feedload writes`).
        // That journal only serves ROLLBACK TO and is gone at RELEASE, so it is kept in memory for the batch (a few
        // hundred KB at most: the pages of one incident write). Set before BEGIN (SQLite may refuse it inside a
        // transaction) and put back in DisposeAsync, because the pooled connection goes on to serve other stores.
        using (var temp = connection.CreateCommand())
        {
            temp.CommandText = "PRAGMA temp_store = MEMORY";
            temp.ExecuteNonQuery();
        }

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

    /// <summary>
    /// A run of <paramref name="statement"/> in the batch's transaction, on the command the batch keeps for its SQL
    /// (prepared on first use, disposed with the batch). Should that command still be running (a reader still open on
    /// it), the run gets a command of its own.
    /// </summary>
    public SqliteRun Run(SqliteStatement statement) =>
        Take(_kept, statement.Sql, (this, statement), static s => s.statement.Create(s.Item1.Connection, s.Item1.Transaction)) is { } kept
            ? SqliteRun.Kept(kept)
            : SqliteRun.Own(statement, Connection, Transaction);

    /// <summary>
    /// A run of <paramref name="sql"/> on the native statement the batch keeps for it (prepared on first use, finalized with the
    /// batch), in the batch's transaction. Should that statement still be running, the run gets a statement of its own.
    /// </summary>
    public SqliteNativeRun Native(string sql) =>
        Take(_native, sql, (Connection, sql), static s => new SqliteNativeStatement(s.Connection, s.sql)) is { } kept
            ? SqliteNativeRun.Kept(kept)
            : SqliteNativeRun.Own(Connection, sql);

    /// <summary>
    /// What the batch keeps for <paramref name="sql"/>, made by <paramref name="make"/> on first use, marked in use; null while a run
    /// still has it (a reader still open on it), for the run to make one of its own.
    /// </summary>
    private static Kept<T>? Take<T, TState>(Dictionary<string, Kept<T>> kept, string sql, TState state, Func<TState, T> make)
    {
        if (!kept.TryGetValue(sql, out var k))
        {
            kept.Add(sql, k = new Kept<T>(make(state)));
        }
        else if (k.InUse)
        {
            return null;
        }

        k.InUse = true;
        return k;
    }

    /// <summary>
    /// Commits the batch, then checks that the file it committed into is still the store's (<see cref="SqliteConnections.CheckSameFile"/>):
    /// the feed acknowledges the batch's lines only when this returns.
    /// </summary>
    public void Commit()
    {
        Transaction.Commit();
        _done = true;
        SqliteConnections.CheckSameFile(Connection, Path);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_done)
        {
            _done = true;
            Transaction.Rollback();
        }

        foreach (var kept in _kept.Values)
        {
            await kept.Value.Command.DisposeAsync();
        }

        _kept.Clear();
        foreach (var kept in _native.Values)
        {
            kept.Value.Dispose();
        }

        _native.Clear();
        await Transaction.DisposeAsync();
        try
        {
            await using var temp = Connection.CreateCommand();
            temp.CommandText = "PRAGMA temp_store = DEFAULT";
            await temp.ExecuteNonQueryAsync();
        }
        catch (SqliteException)
        {
            // The connection is unusable: it must not go back to the pool with the batch's setting.
            SqliteConnection.ClearPool(Connection);
        }

        await Connection.DisposeAsync();
    }

    /// <summary>
    /// A savepoint of the batch named <paramref name="name"/>: released by <see cref="Savepoint.KeepAsync"/>, else rolled back to (and
    /// released) as it is disposed. An incident write is one; a feed line's writes are one around theirs (<see cref="SqliteFeedStore.BeginLineAsync"/>).
    /// </summary>
    public Savepoint Save(string name)
    {
        Execute("SAVEPOINT " + name);
        return new Savepoint(this, name);
    }

    private void Execute(string sql)
    {
        using var run = Native(sql);
        run.Statement.Run();
    }

    /// <summary>A savepoint begun by <see cref="Save"/>.</summary>
    internal sealed class Savepoint(SqliteBatch batch, string name) : Application.Ports.IFeedLineWrites
    {
        private bool _ended;

        public ValueTask KeepAsync(CancellationToken cancellationToken = default)
        {
            batch.Execute("RELEASE " + name);
            _ended = true;
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            if (!_ended && SQLitePCL.raw.sqlite3_get_autocommit(batch.Connection.Handle) == 0)
            {
                // Undone to the savepoint. Not when SQLite has already rolled the whole batch back itself (a full disk, an I/O
                // error: the connection is back in autocommit mode): there is nothing left to undo, and a statement run now would
                // throw "This SqliteTransaction has completed" over the error that says why.
                batch.Execute("ROLLBACK TO " + name);
                batch.Execute("RELEASE " + name);
            }

            _ended = true;
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>A statement the batch keeps prepared (a command with its parameters, or a native statement), and whether a run has it now.</summary>
    internal sealed class Kept<T>(T value)
    {
        public T Value { get; } = value;

        public bool InUse { get; set; }
    }
}
