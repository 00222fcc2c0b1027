using Microsoft.Data.Sqlite;

namespace EmergencyPlans.Infrastructure.Persistence.Sqlite;

/// <summary>
/// A statement prepared on the connection's native handle, inside whatever transaction the connection has
/// open, bound by position (<c>?1</c>, <c>?2</c>…) and reset after each run (or after the last row of a query). A failed step
/// throws <see cref="SqliteException"/> with SQLite's code, as ADO.NET would.
/// </summary>
/// <remarks>
/// Used where ADO.NET's binding costs more than SQLite's own work (the feed's rows, ADR 0008), and where text is UTF-8
/// already: an incident write's projection and event bodies, which the event schema serialises to UTF-8 and which ADO.NET
/// could only take as .NET strings (UTF-16), to encode back to UTF-8. A run refuses to step while a parameter has never been
/// bound since the statement was made or <see cref="Fresh"/> (SQLite would bind NULL), as ADO.NET refuses an unset value.
/// </remarks>
internal sealed class SqliteNativeStatement : IDisposable
{
    private readonly SQLitePCL.sqlite3 _db;
    private readonly SQLitePCL.sqlite3_stmt _statement;
    private readonly ulong _all;
    private ulong _bound;
    private byte[] _buffer = new byte[256];

    public SqliteNativeStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle!;
        var rc = SQLitePCL.raw.sqlite3_prepare_v2(_db, sql, out _statement);
        SqliteException.ThrowExceptionForRC(rc, _db);
        var count = SQLitePCL.raw.sqlite3_bind_parameter_count(_statement);
        _all = count >= 64 ? ulong.MaxValue : (1UL << count) - 1;
    }

    /// <summary>Binds a string, encoded into a buffer this statement reuses (SQLite copies it); null binds NULL.</summary>
    public void Text(int index, string? value)
    {
        if (value is null)
        {
            Null(index);
            return;
        }

        var length = System.Text.Encoding.UTF8.GetMaxByteCount(value.Length);
        if (_buffer.Length < length)
        {
            _buffer = new byte[Math.Max(length, _buffer.Length * 2)];
        }

        Utf8(index, _buffer.AsSpan(0, System.Text.Encoding.UTF8.GetBytes(value, _buffer)));
    }

    /// <summary>Binds an instant as the store keeps it (<see cref="StoreInput.ToSortableText"/>), written as UTF-8 without a string between.</summary>
    public void Time(int index, DateTimeOffset value)
    {
        Span<byte> text = stackalloc byte[32];
        Utf8(index, text[..StoreInput.ToSortableUtf8(value, text)]);
    }

    /// <summary>Binds an instant as <see cref="Time(int, DateTimeOffset)"/> does, or NULL.</summary>
    public void Time(int index, DateTimeOffset? value)
    {
        if (value is { } at)
        {
            Time(index, at);
        }
        else
        {
            Null(index);
        }
    }

    /// <summary>Binds text that is UTF-8 already (SQLite copies it).</summary>
    public void Utf8(int index, ReadOnlySpan<byte> value) => Bound(index, value.IsEmpty
        ? SQLitePCL.raw.sqlite3_bind_text(_statement, index, "") // an empty span has no address: it would bind NULL
        : SQLitePCL.raw.sqlite3_bind_text(_statement, index, value));

    public void Integer(int index, long value) => Bound(index, SQLitePCL.raw.sqlite3_bind_int64(_statement, index, value));

    /// <summary>Binds a value or NULL.</summary>
    public void Integer(int index, long? value)
    {
        if (value is { } v)
        {
            Integer(index, v);
        }
        else
        {
            Null(index);
        }
    }

    public void Null(int index) => Bound(index, SQLitePCL.raw.sqlite3_bind_null(_statement, index));

    public void Blob(int index, byte[] value) => Bound(index, SQLitePCL.raw.sqlite3_bind_blob(_statement, index, value));

    /// <summary>Resets the statement and sets every parameter back to unbound, for a run that binds them all again.</summary>
    public void Fresh()
    {
        Reset();
        Check(SQLitePCL.raw.sqlite3_clear_bindings(_statement));
        _bound = 0;
    }

    /// <summary>Resets the statement (a query stopped before its last row, a failed step); its bindings stay.</summary>
    public void Reset() => SQLitePCL.raw.sqlite3_reset(_statement); // its code repeats the last step's error, already thrown

    /// <summary>Steps a query: true with a row to read; false when it is done, and the statement is reset.</summary>
    public bool Step()
    {
        CheckBound();
        var rc = SQLitePCL.raw.sqlite3_step(_statement);
        if (rc == SQLitePCL.raw.SQLITE_ROW)
        {
            return true;
        }

        if (rc != SQLitePCL.raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(rc & 0xFF, _db);
        }

        Check(SQLitePCL.raw.sqlite3_reset(_statement));
        return false;
    }

    /// <summary>A text column of the current row.</summary>
    public string ColumnText(int index) => SQLitePCL.raw.sqlite3_column_text(_statement, index).utf8_to_string();

    /// <summary>A column of the current row holding a GUID as text (<see cref="Guid.ToString()"/>, "D"), or null, read from its UTF-8.</summary>
    /// <param name="index">The column's place in the row.</param>
    /// <param name="column">The column's name, for the error should it hold something else.</param>
    public Guid? ColumnGuid(int index, string column)
    {
        if (SQLitePCL.raw.sqlite3_column_type(_statement, index) == SQLitePCL.raw.SQLITE_NULL)
        {
            return null;
        }

        // A text column's blob is its UTF-8 as stored.
        return System.Buffers.Text.Utf8Parser.TryParse(SQLitePCL.raw.sqlite3_column_blob(_statement, index), out Guid id, out var read, 'D') && read == 36
            ? id
            : throw new FormatException($"{column} is not a GUID");
    }

    /// <summary>An integer column of the current row.</summary>
    public long ColumnInteger(int index) => SQLitePCL.raw.sqlite3_column_int64(_statement, index);

    /// <summary>An integer column of the current row, or null.</summary>
    public long? ColumnIntegerOrNull(int index) =>
        SQLitePCL.raw.sqlite3_column_type(_statement, index) == SQLitePCL.raw.SQLITE_NULL ? null : SQLitePCL.raw.sqlite3_column_int64(_statement, index);

    /// <summary>A blob column of the current row, copied (SQLite's buffer lives only until the next step).</summary>
    public byte[] ColumnBlob(int index) => SQLitePCL.raw.sqlite3_column_blob(_statement, index).ToArray();

    /// <summary>Runs a statement that returns no rows; answers how many rows it changed.</summary>
    public int Run()
    {
        CheckBound();
        var rc = SQLitePCL.raw.sqlite3_step(_statement);
        if (rc != SQLitePCL.raw.SQLITE_DONE)
        {
            // v2 statements return the error itself; its primary code is what callers test (19: a constraint).
            SqliteException.ThrowExceptionForRC(rc & 0xFF, _db);
        }

        var changed = SQLitePCL.raw.sqlite3_changes(_db);
        Check(SQLitePCL.raw.sqlite3_reset(_statement));
        return changed;
    }

    public void Dispose() => _statement.Dispose();

    private void Bound(int index, int rc)
    {
        Check(rc);
        _bound |= 1UL << (index - 1);
    }

    private void CheckBound()
    {
        if ((_bound & _all) != _all)
        {
            throw new InvalidOperationException($"A parameter of the statement is not set: {SQLitePCL.raw.sqlite3_sql(_statement).utf8_to_string()}");
        }
    }

    private void Check(int rc) => SqliteException.ThrowExceptionForRC(rc, _db);
}
