using Npgsql;

namespace EmergencyPlans.Tests.Shared;

/// <summary>
/// Whether a write made on PostgreSQL connections named <c>applicationName</c> is seen waiting for a lock: read from the server's own
/// view of its sessions (<c>pg_stat_activity</c>), not guessed from how long the write takes. Used by the feed's batch tests (a batch
/// holds an incident it read or was refused on) in the store's contract and through two service instances.
/// </summary>
internal static class PostgresLockWait
{
    /// <summary>True as soon as <paramref name="write"/> is seen waiting for a lock; false when it ends first or 10 s pass.</summary>
    public static async Task<bool> WaitsForALockAsync(string connectionString, string applicationName, Task write)
    {
        ArgumentNullException.ThrowIfNull(write);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        for (var i = 0; i < 500 && !write.IsCompleted; i++)
        {
            await using var waiting = new NpgsqlCommand(
                "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE application_name = @name AND wait_event_type = 'Lock')", connection);
            waiting.Parameters.AddWithValue("name", applicationName);
            if ((bool)(await waiting.ExecuteScalarAsync())!)
            {
                return true;
            }

            await Task.Delay(20);
        }

        return false;
    }
}
