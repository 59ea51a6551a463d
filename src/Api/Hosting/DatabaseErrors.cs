using System.Text;
using Marten.Services;
using Marten;
using Npgsql;

namespace GasLedger.Api.Hosting;

/// <summary>
/// What the server log says of a failure: the exceptions' types, PostgreSQL's error code and the table, column or
/// constraint it names — never a message, a statement's parameters or PostgreSQL's <c>Where</c>/<c>Detail</c>, which
/// quote the data a request sent (a NUL in a complaint's text came back as the JSON around it).
/// </summary>
public static class DatabaseErrors
{
    public static string Describe(Exception exception)
    {
        var text = new StringBuilder();
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (text.Length > 0) text.Append(" ← ");
            text.Append(e.GetType().Name);
            if (e is PostgresException pg)
            {
                text.Append(' ').Append(pg.SqlState);
                if (pg.TableName is { } table) text.Append(" table ").Append(table);
                if (pg.ColumnName is { } column) text.Append(" column ").Append(column);
                if (pg.ConstraintName is { } constraint) text.Append(" constraint ").Append(constraint);
            }
            else if (e is NpgsqlException npgsql)
                // Npgsql's own texts ("No suitable host was found.", "The connection pool has been exhausted…"), never
                // a statement's data: that comes only in the server's answer (PostgresException).
                text.Append(npgsql.SqlState is { } state ? $" {state}" : "").Append(": ").Append(npgsql.Message);
        }
        return text.ToString();
    }

    /// <summary>Where it failed: the innermost exception's stack (method names only).</summary>
    public static string? Stack(Exception exception)
    {
        var innermost = exception;
        while (innermost.InnerException is not null) innermost = innermost.InnerException;
        return innermost.StackTrace;
    }
}

/// <summary>
/// Marten's log, without the statements' data: Marten's default logger writes every failed command with its parameter
/// values (and PostgreSQL's quote of them). This one writes the failure's <see cref="DatabaseErrors.Describe"/>; schema
/// changes at debug level.
/// </summary>
public sealed class StorageLog(ILogger<StorageLog> log) : IMartenLogger, IMartenSessionLogger
{
    public IMartenSessionLogger StartSession(IQuerySession session) => this;

    public void SchemaChange(string sql) => log.LogDebug("Schema change: {Sql}", sql);

    public void LogSuccess(NpgsqlCommand command) { }

    public void LogSuccess(NpgsqlBatch batch) { }

    public void LogFailure(NpgsqlCommand command, Exception ex) => Failed(ex);

    public void LogFailure(NpgsqlBatch batch, Exception ex) => Failed(ex);

    public void LogFailure(Exception ex, string message) => Failed(ex);

    public void RecordSavedChanges(IDocumentSession session, IChangeSet commit) { }

    public void OnBeforeExecute(NpgsqlCommand command) { }

    public void OnBeforeExecute(NpgsqlBatch batch) { }

    private void Failed(Exception ex)
    {
        // A conflict of concurrent writers is an answer (409), not a failure of the server: Marten's own code for a stale
        // stream version (MT003), the event table's key on stream and version, or its own exceptions for them.
        var conflict = ex is JasperFx.ConcurrencyException or Marten.Exceptions.ExistingStreamIdCollisionException
            or PostgresException { SqlState: "MT003" }
            or PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "pk_mt_events_stream_and_version" };
        var level = conflict ? LogLevel.Information : LogLevel.Error;
        log.Log(level, "Database command failed: {Error}", DatabaseErrors.Describe(ex));
    }
}
