namespace EmergencyPlans.Api.Tests.Support;

/// <summary>
/// A fact that needs the PostgreSQL server named by EMERGENCYPLANS_TEST_POSTGRES (scripts/postgres prints
/// its connection string). Skipped without it, except under CI=true, where it runs and fails.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string VariableName = "EMERGENCYPLANS_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (ConnectionString is null && !IsCi)
        {
            Skip = $"{VariableName} is not set; export {VariableName}=\"$(scripts/postgres | tail -1)\"";
        }
    }

    public static string? ConnectionString =>
        Environment.GetEnvironmentVariable(VariableName) is { Length: > 0 } value ? value : null;

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The connection string, or a failure that says what CI is missing.</summary>
    public static string Required =>
        ConnectionString ?? throw new InvalidOperationException($"CI=true requires the PostgreSQL tests to run, but {VariableName} is not set.");
}
