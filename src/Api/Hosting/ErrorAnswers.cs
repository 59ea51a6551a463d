using System.Net.Sockets;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace GasLedger.Api.Hosting;

/// <summary>
/// The one place exceptions become answers. A concurrent writer that got in first (Marten's concurrency exceptions,
/// and a stream id that already exists) is a 409; an unreadable body is a 400, one over the size limit a 413; the
/// database unreachable, starting or shutting down is a 503 with <c>Retry-After</c>; anything else is a 500 that tells
/// nothing of the inside (no stack trace, no SQL). An answer says "nothing was written" only when that is known: once
/// a command has begun to save (<see cref="WriteAttempts"/>), a failure leaves its outcome unknown, and the answer
/// says so — the retry with the same <c>Idempotency-Key</c> settles it.
/// </summary>
public sealed class ErrorAnswers(ILogger<ErrorAnswers> log) : IExceptionHandler
{
    /// <summary>Seconds a client is asked to wait before retrying when the database is away.</summary>
    public const int RetryAfterSeconds = 2;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var unknown = WriteAttempts.Began(context);
        var outcome = unknown
            ? "The outcome is unknown: the failure came while saving. Retry with the same Idempotency-Key: " +
                "it answers as the first time if it was applied, or applies it once."
            : "Nothing was written.";
        var (status, title, detail) = exception switch
        {
            JasperFx.ConcurrencyException or Marten.Exceptions.ExistingStreamIdCollisionException =>
                (409, "Conflict.", "The account was changed by another request at the same time. Nothing was written; reload and retry."),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                (413, "The request body is too large.", "The request body is over the size limit. Nothing was written."),
            BadHttpRequestException or JsonException =>
                (400, "The request is invalid.", "The body could not be read as the JSON this route takes. Nothing was written."),
            _ when DatabaseAway(exception) =>
                (503, "The database is unavailable.",
                    $"The database cannot be reached or is starting up; retry in a few seconds. {outcome}"),
            _ => (500, "Internal error.", $"The request failed on the server. {outcome}"),
        };
        // By type, code and stack alone: a message may quote the request (DatabaseErrors).
        if (status == 500)
            log.LogError("Unhandled error on {Method} {Path}: {Error}{NewLine}{Stack}", context.Request.Method, context.Request.Path,
                DatabaseErrors.Describe(exception), Environment.NewLine, DatabaseErrors.Stack(exception));
        else if (status == 503)
            log.LogWarning("{Method} {Path} answered 503: {Error}", context.Request.Method, context.Request.Path,
                DatabaseErrors.Describe(exception));
        else log.LogInformation("{Method} {Path} answered {Status}: {Error}", context.Request.Method, context.Request.Path, status,
            exception.GetType().Name);

        if (context.Response.HasStarted) return false;
        context.Response.Clear();
        if (status == 503)
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(context);
        return true;
    }

    private static int _classified;

    /// <summary>
    /// Tells the projection daemon (JasperFx's <c>TransientFailures</c>) that a database away is a fault that clears by
    /// itself: a projection that met a failover restarts after a while instead of stopping until an operator comes. Once
    /// a process.
    /// </summary>
    public static void ClassifyForProjections()
    {
        if (Interlocked.Exchange(ref _classified, 1) == 1) return;
        JasperFx.Events.Daemon.TransientFailures.AddClassifier(e => DatabaseAway(e) ? true : null);
    }

    /// <summary>
    /// The database is away, not wrong: a connection refused, broken or timed out, the server starting up, shutting down
    /// or out of connections, or a standby reached during a failover (Npgsql's own exceptions, PostgreSQL's classes
    /// 08 and 57P, 53300, 25006).
    /// </summary>
    public static bool DatabaseAway(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            switch (e)
            {
                // 25006: a write reached a standby (a failover under way; the primary is found again within seconds).
                case PostgresException pg when pg.SqlState.StartsWith("08") || pg.SqlState.StartsWith("57P") || pg.SqlState is "53300" or "25006":
                    return true;
                case PostgresException:
                    return false;
                // Npgsql's own failures (not the server's answer, which is a PostgresException above): no host that is
                // primary right now (a failover under way), the pool exhausted while the database stalls, the
                // connection broken or timed out.
                case NpgsqlException or SocketException or TimeoutException:
                    return true;
            }
        return false;
    }
}

/// <summary>
/// Marks a request once a command has begun to save (a Marten session of the request calls <c>SaveChanges</c>, or a
/// writer outside Marten says so): from then on a failure leaves the outcome unknown (<see cref="ErrorAnswers"/>).
/// </summary>
public sealed class WriteAttempts(IHttpContextAccessor http) : DocumentSessionListenerBase
{
    private const string Item = "GasLedger.WriteBegan";

    public static void Mark(HttpContext? context)
    {
        if (context is not null) context.Items[Item] = true;
    }

    public static bool Began(HttpContext context) => context.Items.ContainsKey(Item);

    public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        Mark(http.HttpContext);
        return Task.CompletedTask;
    }
}
