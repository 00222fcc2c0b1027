using System.Data.Common;
using System.Globalization;
using EmergencyPlans.Application.Ports;
using Microsoft.Data.Sqlite;

namespace EmergencyPlans.Infrastructure.Persistence.Sqlite;

/// <summary><see cref="IAlertStore"/> in the incident store's SQLite file (one service instance).</summary>
public sealed class SqliteAlertStore : AlertStoreBase
{
    private readonly string _connectionString;
    private readonly string _path;
    private readonly string _pragmas;

    /// <param name="path">The incident store's database file.</param>
    /// <param name="schemaOwner">The incident store of the same file, which applies the schema migrations.</param>
    /// <param name="busyTimeout">How long a write waits for another process's write lock; 10 s when null.</param>
    public SqliteAlertStore(string path, IIncidentStore schemaOwner, TimeSpan? busyTimeout = null)
        : base(schemaOwner)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _path = Path.GetFullPath(path);
        _connectionString = SqliteConnections.For(_path);
        _pragmas = SqliteConnections.Pragmas(busyTimeout ?? SqliteConnections.DefaultBusyTimeout);
    }

    protected override string Greatest => "MAX";

    protected override string NextDueIndex => " INDEXED BY incidents_next_due_idx";

    protected override string ProjectionBeginsWith(string parameter) => SqliteFeedStore.ProjectionBeginsWith("projection", parameter);

    // Checked against the file at the path as it is taken (SqliteConnections), and a write again after its commit (Committed).
    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await SqliteConnections.OpenAsync(_connectionString, _path, _pragmas, cancellationToken).ConfigureAwait(false);

    // Committed into the file the connection has open: acknowledged only if that is still the store's file, as the incident and feed
    // stores' commits are (SqliteConnections.CheckSameFile). A connection checked when it was taken can be on a deleted file by its commit.
    protected override void Committed(DbConnection connection) => SqliteConnections.CheckSameFile((SqliteConnection)connection, _path);

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
