using EmergencyPlans.Application.Ports;
using EmergencyPlans.Infrastructure.Persistence.Postgres;
using Npgsql;

namespace EmergencyPlans.Infrastructure.Tests.Persistence;

/// <summary>
/// The shared suite against the server in EMERGENCYPLANS_TEST_POSTGRES (see scripts/postgres).
/// Skipped without it, except under CI=true, where the fixture fails every test instead.
/// </summary>
[RequiresPostgres]
public sealed class PostgresIncidentStoreTests(PostgresStoreFixture fixture)
    : IncidentStoreContract<PostgresStoreFixture>(fixture)
{
    [StoreFact]
    public async Task Truncate_of_the_event_log_is_rejected_by_the_database()
    {
        await CreateAsync(Store);

        var truncate = () => Fixture.ExecuteRawAsync("TRUNCATE incident_events CASCADE");

        (await truncate.Should().ThrowAsync<PostgresException>()).Which.MessageText.Should().Contain("append-only");
    }
}

/// <summary>
/// A schema of its own per test class (and per fresh store), selected through the connection's
/// search path, so parallel and repeated runs never see each other's rows. Dropped afterwards.
/// </summary>
public sealed class PostgresStoreFixture : IStoreFixture, IAsyncLifetime
{
    private readonly List<string> _schemas = [];
    private string? _serverConnectionString;
    private string? _sharedConnectionString;

    public async Task InitializeAsync()
    {
        _serverConnectionString = PostgresTestEnvironment.ConnectionString;
        if (_serverConnectionString is null)
        {
            if (PostgresTestEnvironment.IsCi)
            {
                throw new InvalidOperationException(
                    $"CI=true requires the PostgreSQL store tests to run. {PostgresTestEnvironment.MissingMessage}");
            }

            return; // every test in the class is skipped
        }

        _sharedConnectionString = await CreateSchemaAsync();
    }

    public IIncidentStore OpenStore(TimeProvider clock) => new PostgresIncidentStore(SharedConnectionString, clock);

    public IFeedStore OpenFeedStore(IIncidentStore incidents) => new PostgresFeedStore(SharedConnectionString, incidents);

    public IAlertStore OpenAlertStore(IIncidentStore incidents) => new PostgresAlertStore(SharedConnectionString, incidents);

    public async Task<Func<IIncidentStore>> CreateDatabaseAsync(TimeProvider clock)
    {
        var connectionString = await CreateSchemaAsync();
        return () => new PostgresIncidentStore(connectionString, clock);
    }

    public async Task ExecuteRawAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(SharedConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<IAsyncDisposable> HoldWriteLockAsync(Guid incidentId)
    {
        var connection = new NpgsqlConnection(SharedConnectionString);
        await connection.OpenAsync();
        await using var begin = new NpgsqlCommand("BEGIN; SELECT 1 FROM incidents WHERE id = @id FOR UPDATE", connection);
        begin.Parameters.AddWithValue("id", incidentId);
        await begin.ExecuteNonQueryAsync();
        return new HeldLock(connection);
    }

    public async Task DisposeAsync()
    {
        if (_serverConnectionString is null || _schemas.Count == 0)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_serverConnectionString);
        await connection.OpenAsync();
        foreach (var schema in _schemas)
        {
            await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    /// <summary>The class's database (its own schema), for a test that opens stores with settings of its own.</summary>
    public string ConnectionString => SharedConnectionString;

    private string SharedConnectionString =>
        _sharedConnectionString ?? throw new InvalidOperationException(PostgresTestEnvironment.MissingMessage);

    private async Task<string> CreateSchemaAsync()
    {
        var schema = $"ep_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(_serverConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE SCHEMA \"{schema}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        lock (_schemas)
        {
            _schemas.Add(schema);
        }

        return new NpgsqlConnectionStringBuilder(_serverConnectionString) { SearchPath = schema }.ConnectionString;
    }
}
