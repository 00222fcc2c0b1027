namespace EmergencyPlans.Infrastructure.Tests.Persistence;

/// <summary>Where the PostgreSQL tests find their server.</summary>
public static class PostgresTestEnvironment
{
    public const string VariableName = "EMERGENCYPLANS_TEST_POSTGRES";

    public static string? ConnectionString =>
        Environment.GetEnvironmentVariable(VariableName) is { Length: > 0 } value ? value : null;

    public static bool IsCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string MissingMessage =>
        $"{VariableName} is not set. Start a local server and export its connection string: " +
        $"export {VariableName}=\"$(scripts/postgres | tail -1)\"";

    /// <summary>Null when the PostgreSQL tests must run: a server is configured, or this is CI.</summary>
    public static string? SkipReason =>
        ConnectionString is null && !IsCi ? MissingMessage : null;
}
