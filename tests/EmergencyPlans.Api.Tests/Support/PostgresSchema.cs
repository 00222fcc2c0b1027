using Npgsql;

namespace EmergencyPlans.Api.Tests.Support;

/// <summary>
/// A schema of its own on the test PostgreSQL server (<see cref="PostgresFactAttribute"/>), selected by the connection's search
/// path and dropped when disposed: lists and counts see only what its test wrote, however many runs the shared database has seen.
/// </summary>
public sealed class PostgresSchema : IAsyncDisposable
{
    private PostgresSchema(string name, string connectionString) => (Name, ConnectionString) = (name, connectionString);

    public string Name { get; }

    /// <summary>The server's connection string, with this schema as its search path.</summary>
    public string ConnectionString { get; }

    /// <summary>A new schema named <paramref name="prefix"/> and a random suffix; null when no server is set (the test skips, or fails under CI).</summary>
    public static async Task<PostgresSchema?> CreateAsync(string prefix, string? applicationName = null)
    {
        if (PostgresFactAttribute.ConnectionString is not { } server)
        {
            return null;
        }

        var name = prefix + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync($"CREATE SCHEMA {name}");
        var builder = new NpgsqlConnectionStringBuilder(server) { SearchPath = name };
        if (applicationName is not null)
        {
            builder.ApplicationName = applicationName;
        }

        return new PostgresSchema(name, builder.ConnectionString);
    }

    /// <summary>
    /// <paramref name="schema"/>'s connection string, or the failure that says what CI is missing: for a test that runs only with a
    /// server, whose schema is null when there is none.
    /// </summary>
    public static string Required(PostgresSchema? schema) => schema?.ConnectionString ?? PostgresFactAttribute.Required;

    /// <summary>A service host on <paramref name="schema"/> (<see cref="Required"/>), its background alert scan off unless <paramref name="alerts"/>.</summary>
    public static ApiFactory Host(PostgresSchema? schema, bool alerts = false) => new ApiFactory()
        .With("Alerts:Enabled", alerts ? "true" : "false")
        .With("EmergencyPlans:StoreProvider", "postgres")
        .With("EmergencyPlans:PostgresConnectionString", Required(schema));

    /// <summary>Runs <paramref name="sql"/> on the server's own connection (outside any test schema).</summary>
    public static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresFactAttribute.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"DROP SCHEMA IF EXISTS {Name} CASCADE");
    }
}
