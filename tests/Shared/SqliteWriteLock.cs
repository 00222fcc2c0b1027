using Microsoft.Data.Sqlite;

namespace EmergencyPlans.Tests.Shared;

/// <summary>
/// Another process's hold on a real SQLite file's write lock, as a second connection makes it: a write begun and not committed while
/// <c>action</c> runs, then rolled back. Used by the service's 503 and the command line's exit 75 for a busy store.
/// </summary>
internal static class SqliteWriteLock
{
    public static async Task<T> WhileHeldAsync<T>(string database, Func<Task<T>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        await using var writer = new SqliteConnection($"Data Source={database};Pooling=False");
        await writer.OpenAsync();
        await using var transaction = (SqliteTransaction)await writer.BeginTransactionAsync();
        await using (var change = writer.CreateCommand())
        {
            change.Transaction = transaction;
            change.CommandText = "CREATE TABLE held_open (x INTEGER); INSERT INTO held_open VALUES (1);";
            await change.ExecuteNonQueryAsync();
        }

        var result = await action();
        await transaction.RollbackAsync();
        return result;
    }

    /// <summary>
    /// The same hold taken alone (<c>BEGIN EXCLUSIVE</c>), as a commit holds it: on a store in rollback mode (as a restore leaves it
    /// until the service opens it) readers wait for it too; in WAL mode they do not.
    /// </summary>
    public static async Task<T> WhileHeldAloneAsync<T>(string database, Func<Task<T>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        await using var writer = new SqliteConnection($"Data Source={database};Pooling=False");
        await writer.OpenAsync();
        await using (var begin = writer.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE; CREATE TABLE held_open (x INTEGER); INSERT INTO held_open VALUES (1);";
            await begin.ExecuteNonQueryAsync();
        }

        var result = await action();
        await using (var rollback = writer.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync();
        }

        return result;
    }
}
