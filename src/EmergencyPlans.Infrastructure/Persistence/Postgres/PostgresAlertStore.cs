using System.Data.Common;
using EmergencyPlans.Application.Ports;
using Npgsql;

namespace EmergencyPlans.Infrastructure.Persistence.Postgres;

/// <summary>
/// <see cref="IAlertStore"/> on PostgreSQL, shared by several service instances. The unique key makes an
/// alert stored once whichever instance inserts it first (<c>ON CONFLICT (key) DO NOTHING</c>: the loser
/// waits for the winner's commit and inserts nothing).
/// </summary>
public sealed class PostgresAlertStore : AlertStoreBase, IAsyncDisposable, IDisposable
{
    /// <summary>Advisory lock held by each alert insert transaction, so ids are handed out in commit order.</summary>
    public const long RaiseLockKey = 0x454D_504C_414C_5254; // "EMPLALRT"

    private readonly NpgsqlDataSource _dataSource;

    public PostgresAlertStore(string connectionString, IIncidentStore schemaOwner)
        : base(schemaOwner)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _dataSource = NpgsqlDataSource.Create(connectionString);
    }

    protected override string DetailsParameter => "CAST(@details AS json)";

    protected override string Greatest => "GREATEST";

    protected override string ProjectionBeginsWith(string parameter) => PostgresFeedStore.ProjectionBeginsWith("projection", parameter);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();

    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    // Without the lock, an identity value taken by a transaction that commits later than a higher one
    // would appear behind a stream reader that already moved past it. Alerts are few; serialising their
    // inserts across instances costs nothing noticeable.
    protected override async Task<DbTransaction> BeginRaiseAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, transaction, $"SELECT pg_advisory_xact_lock({RaiseLockKey})");
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return transaction;
    }

    protected override object ToParameter(object value) => value;

    protected override Guid ReadGuid(DbDataReader reader, int ordinal) => reader.GetGuid(ordinal);

    protected override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);
}
