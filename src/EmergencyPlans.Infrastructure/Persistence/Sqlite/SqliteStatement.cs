using Microsoft.Data.Sqlite;

namespace EmergencyPlans.Infrastructure.Persistence.Sqlite;

/// <summary>
/// One SQL statement a store runs again and again, with the names of its parameters in the order a caller sets them
/// (<see cref="SqliteRun.this"/>).
/// </summary>
/// <remarks>
/// Microsoft.Data.Sqlite keeps a statement prepared only as long as its <see cref="SqliteCommand"/> lives
/// (dotnet/efcore#14044): a command made for every run prepares the SQL every time, which was the largest part of an
/// incident write's CPU inside a feed batch. Inside a <see cref="SqliteBatch"/> the command is therefore made once and
/// kept by the batch (<see cref="SqliteBatch.Run"/>); outside one, each run has a command of its own, as before. The incident
/// store's writes and key look-up have since moved to native statements (<see cref="SqliteNativeRun"/>), which bind the JSON bodies
/// as UTF-8; the reads whose rows <c>StoreRows</c> maps from a data reader stay here.
/// </remarks>
internal sealed class SqliteStatement(string sql, params string[] parameters)
{
    public string Sql { get; } = sql;

    public IReadOnlyList<string> Parameters { get; } = parameters;

    /// <summary>A command for this statement on <paramref name="connection"/>, with its parameters declared and unset.</summary>
    public (SqliteCommand Command, SqliteParameter[] Parameters) Create(SqliteConnection connection, SqliteTransaction? transaction)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = Sql;

        // Untyped: each value's own type decides how it is bound (text, integer, null), as AddWithValue did.
        var declared = new SqliteParameter[Parameters.Count];
        for (var i = 0; i < declared.Length; i++)
        {
            declared[i] = command.Parameters.Add(new SqliteParameter { ParameterName = Parameters[i] });
        }

        return (command, declared);
    }
}

/// <summary>
/// One run of a <see cref="SqliteStatement"/>: the command kept by the batch (given back on dispose) or a command of
/// its own (disposed). Every parameter starts unset, so one a caller forgets to set fails the run (Microsoft.Data.Sqlite
/// refuses an unset value) instead of binding the previous run's value.
/// </summary>
internal readonly struct SqliteRun : IDisposable
{
    private readonly SqliteParameter[] _parameters;
    private readonly SqliteBatch.Kept<(SqliteCommand Command, SqliteParameter[] Parameters)>? _kept;

    private SqliteRun(SqliteCommand command, SqliteParameter[] parameters, SqliteBatch.Kept<(SqliteCommand Command, SqliteParameter[] Parameters)>? kept)
    {
        Command = command;
        _parameters = parameters;
        _kept = kept;
    }

    public SqliteCommand Command { get; }

    /// <summary>The value of the statement's parameter at <paramref name="index"/> (its place in <see cref="SqliteStatement.Parameters"/>).</summary>
    public object? this[int index]
    {
        set => _parameters[index].Value = value ?? DBNull.Value;
    }

    /// <summary>A run on a command of its own, for a call outside any batch.</summary>
    public static SqliteRun Own(SqliteStatement statement, SqliteConnection connection, SqliteTransaction? transaction)
    {
        var (command, parameters) = statement.Create(connection, transaction);
        return new SqliteRun(command, parameters, null);
    }

    /// <summary>A run on a kept command, which the caller has marked in use; its parameters are unset first.</summary>
    internal static SqliteRun Kept(SqliteBatch.Kept<(SqliteCommand Command, SqliteParameter[] Parameters)> kept)
    {
        var (command, parameters) = kept.Value;
        foreach (var parameter in parameters)
        {
            parameter.Value = null;
        }

        return new SqliteRun(command, parameters, kept);
    }

    public void Dispose()
    {
        if (_kept is { } kept)
        {
            kept.InUse = false;
        }
        else
        {
            Command.Dispose();
        }
    }
}

/// <summary>
/// One run of a <see cref="SqliteNativeStatement"/>: the statement kept by the batch (reset and given back on dispose, its
/// parameters unbound when handed out) or one of its own (finalized on dispose).
/// </summary>
internal readonly struct SqliteNativeRun : IDisposable
{
    private readonly SqliteBatch.Kept<SqliteNativeStatement>? _kept;

    private SqliteNativeRun(SqliteNativeStatement statement, SqliteBatch.Kept<SqliteNativeStatement>? kept)
    {
        Statement = statement;
        _kept = kept;
    }

    public SqliteNativeStatement Statement { get; }

    /// <summary>A run on a statement of its own, prepared on <paramref name="connection"/> for this run only.</summary>
    public static SqliteNativeRun Own(SqliteConnection connection, string sql) => new(new SqliteNativeStatement(connection, sql), null);

    /// <summary>A run on a kept statement, which the caller has marked in use; its parameters are unbound first.</summary>
    internal static SqliteNativeRun Kept(SqliteBatch.Kept<SqliteNativeStatement> kept)
    {
        kept.Value.Fresh();
        return new SqliteNativeRun(kept.Value, kept);
    }

    public void Dispose()
    {
        if (_kept is { } kept)
        {
            // A query stopped at its first row (or a failed step) leaves the statement running: reset before the next write.
            kept.Value.Reset();
            kept.InUse = false;
        }
        else
        {
            Statement.Dispose();
        }
    }
}
