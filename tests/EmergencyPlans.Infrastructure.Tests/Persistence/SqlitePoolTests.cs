namespace EmergencyPlans.Infrastructure.Tests.Persistence;

/// <summary>
/// Tests that read which native connection Microsoft.Data.Sqlite's pool hands out, run alone: every other test class may clear all
/// pools as it ends (<see cref="SqliteTestFolder"/>, a restore that must find the store closed), and one clearing between a batch's
/// return and the next open made the pooled connection a new one (CI, once).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SqlitePoolTests
{
    public const string Name = "SQLite connection pool";
}
