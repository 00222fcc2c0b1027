using System.Data.Common;
using System.Globalization;
using EmergencyPlans.Application.Ports;
using Microsoft.Data.Sqlite;

namespace EmergencyPlans.Infrastructure.Persistence.Sqlite;

/// <summary><see cref="IAlertStore"/> in the incident store's SQLite file (one service instance).</summary>
public sealed class SqliteAlertStore : AlertStoreBase
{
    private readonly string _connectionString;

    public SqliteAlertStore(string path, IIncidentStore schemaOwner)
        : base(schemaOwner)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _connectionString = SqliteConnections.For(Path.GetFullPath(path));
    }

    protected override string Greatest => "MAX";

    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var pragmas = Command(connection, null, SqliteConnections.Pragmas);
            await pragmas.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // BEGIN IMMEDIATE: the write lock from the start, so ids are handed out in commit order.
    protected override Task<DbTransaction> BeginRaiseAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    protected override object ToParameter(object value) => value switch
    {
        Guid id => id.ToString("D", CultureInfo.InvariantCulture),
        DateTimeOffset at => StoreInput.ToSortableText(at),
        bool b => b ? 1 : 0,
        _ => value,
    };

    protected override Guid ReadGuid(DbDataReader reader, int ordinal) => Guid.Parse(reader.GetString(ordinal));

    protected override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => StoreInput.FromSortableText(reader.GetString(ordinal));
}
