using EmergencyPlans.Application.Ports;
using EmergencyPlans.Infrastructure.Persistence.Sqlite;
using Microsoft.Data.Sqlite;

namespace EmergencyPlans.Infrastructure.Tests.Persistence;

public sealed class SqliteIncidentStoreTests(SqliteStoreFixture fixture)
    : IncidentStoreContract<SqliteStoreFixture>(fixture);

/// <summary>A temporary directory per test class; each database is a real file in it.</summary>
public sealed class SqliteStoreFixture : IStoreFixture, IDisposable
{
    private readonly SqliteTestFolder _folder = new("sqlite-tests");

    private string SharedPath => _folder.File("incidents.db");

    public IIncidentStore OpenStore(TimeProvider clock) => new SqliteIncidentStore(SharedPath, clock);

    public IFeedStore OpenFeedStore(IIncidentStore incidents) => new SqliteFeedStore(SharedPath, incidents);

    public IAlertStore OpenAlertStore(IIncidentStore incidents) => new SqliteAlertStore(SharedPath, incidents);

    public Task<Func<IIncidentStore>> CreateDatabaseAsync(TimeProvider clock)
    {
        var path = _folder.File($"fresh-{Guid.NewGuid():N}.db");
        return Task.FromResult<Func<IIncidentStore>>(() => new SqliteIncidentStore(path, clock));
    }

    public async Task ExecuteRawAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={SharedPath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public async Task<IAsyncDisposable> HoldWriteLockAsync(Guid incidentId)
    {
        var connection = new SqliteConnection($"Data Source={SharedPath};Pooling=False");
        await connection.OpenAsync();
        await using (var begin = connection.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            await begin.ExecuteNonQueryAsync();
        }

        return new HeldLock(connection);
    }

    public void Dispose() => _folder.Dispose();
}

internal sealed class HeldLock(System.Data.Common.DbConnection connection) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        await using (var rollback = connection.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync();
        }

        await connection.DisposeAsync();
    }
}
