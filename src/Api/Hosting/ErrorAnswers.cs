using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace GasLedger.Api.Hosting;

/// <summary>
/// The one place exceptions become answers. A concurrent writer that got in first (Marten's concurrency exceptions,
/// and a stream id that already exists) is a 409; an unreadable body is a 400, one over the size limit a 413; anything else is a 500 that tells
/// nothing of the inside (no stack trace, no SQL).
/// </summary>
public sealed class ErrorAnswers(ILogger<ErrorAnswers> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var (status, title, detail) = exception switch
        {
            JasperFx.ConcurrencyException or Marten.Exceptions.ExistingStreamIdCollisionException =>
                (409, "Conflict.", "The account was changed by another request at the same time. Nothing was written; reload and retry."),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                (413, "The request body is too large.", "The request body is over the size limit. Nothing was written."),
            BadHttpRequestException or JsonException =>
                (400, "The request is invalid.", "The body could not be read as the JSON this route takes. Nothing was written."),
            _ => (500, "Internal error.", "The request failed on the server. Nothing was written."),
        };
        // By type, code and stack alone: a message may quote the request (DatabaseErrors).
        if (status == 500)
            log.LogError("Unhandled error on {Method} {Path}: {Error}{NewLine}{Stack}", context.Request.Method, context.Request.Path,
                DatabaseErrors.Describe(exception), Environment.NewLine, DatabaseErrors.Stack(exception));
        else log.LogInformation("{Method} {Path} answered {Status}: {Error}", context.Request.Method, context.Request.Path, status, exception.GetType().Name);

        if (context.Response.HasStarted) return false;
        context.Response.Clear();
        await Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(context);
        return true;
    }
}
