namespace EmergencyPlans.Infrastructure.Persistence;

/// <summary>Where incidents are stored. Bound from the <see cref="SectionName"/> configuration section.</summary>
public sealed record StoreOptions
{
    public const string SectionName = "Store";

    /// <summary><see cref="StoreProviders.Sqlite"/> or <see cref="StoreProviders.Postgres"/>.</summary>
    public string Provider { get; init; } = StoreProviders.Sqlite;

    /// <summary>Database file for the SQLite provider; created with its directory if missing.</summary>
    public string? SqlitePath { get; init; }

    /// <summary>Npgsql connection string for the PostgreSQL provider.</summary>
    public string? PostgresConnectionString { get; init; }
}

/// <summary>Names accepted in <see cref="StoreOptions.Provider"/>.</summary>
public static class StoreProviders
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";
}
