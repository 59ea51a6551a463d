using System.Security.Cryptography;
using GasLedger.Api.Accounts;
using GasLedger.Api.Security;
using Npgsql;

namespace GasLedger.Api.Hosting;

/// <summary>
/// <c>Idempotency-Key</c> (api-contract.md, Conventions): the first answer to a POST with a key is kept, per staff
/// member and key; a repeat with the same body gets that answer again and writes nothing more. A repeat with another
/// body is refused with 422; one that arrives while the first is still running gets 409. An answer of 5xx is not kept,
/// so the client may retry.
/// </summary>
public sealed class Idempotency(RequestDelegate next)
{
    public const string Header = "Idempotency-Key";

    /// <summary>
    /// An endpoint whose answer holds a secret (an issued API key) calls this: the answer is not kept, so a repeat runs
    /// again rather than replaying the secret from the database.
    /// </summary>
    public static void DoNotKeep(HttpContext context) => context.Items[NotKept] = true;

    private const string NotKept = "GasLedger.Idempotency.NotKept";
    private const int MaxKeyLength = 255;

    public async Task InvokeAsync(HttpContext context, NpgsqlDataSource db)
    {
        var key = context.Request.Headers[Header].FirstOrDefault();
        var staff = context.User.StaffId();
        if (!HttpMethods.IsPost(context.Request.Method) || string.IsNullOrEmpty(key) || staff is null)
        {
            await next(context);
            return;
        }
        if (key.Length > MaxKeyLength)
        {
            await Problems.Invalid(new Dictionary<string, string[]> { [Header] = [$"may be at most {MaxKeyLength} characters."] }).ExecuteAsync(context);
            return;
        }

        context.Request.EnableBuffering();
        var hash = await RequestHash(context.Request);
        context.Request.Body.Position = 0;

        if (!await Claim(db, staff, key, hash, context.RequestAborted))
        {
            await Replay(db, staff, key, hash, context);
            return;
        }

        var original = context.Response.Body;
        await using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        catch
        {
            await Release(db, staff, key);
            throw;
        }
        finally
        {
            context.Response.Body = original;
        }

        if (context.Response.StatusCode >= 500 || context.Items.ContainsKey(NotKept)) await Release(db, staff, key);
        else await Keep(db, staff, key, context.Response.StatusCode, context.Response.ContentType, buffer.ToArray());
        buffer.Position = 0;
        await buffer.CopyToAsync(original);
    }

    private static async Task<string> RequestHash(HttpRequest request)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk)) > 0) sha.AppendData(chunk, 0, read);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static async Task<bool> Claim(NpgsqlDataSource db, string staff, string key, string hash, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(
            $"insert into {Storage.Schema}.idempotent_request (staff_id, idempotency_key, request_hash) values ($1, $2, $3) on conflict do nothing");
        cmd.Parameters.AddWithValue(staff);
        cmd.Parameters.AddWithValue(key);
        cmd.Parameters.AddWithValue(hash);
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    private static async Task Replay(NpgsqlDataSource db, string staff, string key, string hash, HttpContext context)
    {
        await using var cmd = db.CreateCommand(
            $"select request_hash, status_code, content_type, body from {Storage.Schema}.idempotent_request where staff_id = $1 and idempotency_key = $2");
        cmd.Parameters.AddWithValue(staff);
        cmd.Parameters.AddWithValue(key);
        await using var reader = await cmd.ExecuteReaderAsync(context.RequestAborted);
        if (!await reader.ReadAsync(context.RequestAborted) || reader.IsDBNull(1))
        {
            await Problems.Conflict($"A request with {Header} '{key}' is still being processed; retry once it has answered.").ExecuteAsync(context);
            return;
        }
        if (reader.GetString(0) != hash)
        {
            await Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency key reused.",
                detail: $"{Header} '{key}' was used before for a different request. Nothing was written.").ExecuteAsync(context);
            return;
        }
        context.Response.StatusCode = reader.GetInt32(1);
        if (!reader.IsDBNull(2)) context.Response.ContentType = reader.GetString(2);
        context.Response.Headers["Idempotent-Replayed"] = "true";
        if (!reader.IsDBNull(3)) await context.Response.Body.WriteAsync((byte[])reader[3], context.RequestAborted);
    }

    private static async Task Keep(NpgsqlDataSource db, string staff, string key, int status, string? contentType, byte[] body)
    {
        await using var cmd = db.CreateCommand(
            $"update {Storage.Schema}.idempotent_request set status_code = $3, content_type = $4, body = $5 where staff_id = $1 and idempotency_key = $2");
        cmd.Parameters.AddWithValue(staff);
        cmd.Parameters.AddWithValue(key);
        cmd.Parameters.AddWithValue(status);
        cmd.Parameters.AddWithValue((object?)contentType ?? DBNull.Value);
        cmd.Parameters.AddWithValue(body);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task Release(NpgsqlDataSource db, string staff, string key)
    {
        await using var cmd = db.CreateCommand(
            $"delete from {Storage.Schema}.idempotent_request where staff_id = $1 and idempotency_key = $2 and status_code is null");
        cmd.Parameters.AddWithValue(staff);
        cmd.Parameters.AddWithValue(key);
        await cmd.ExecuteNonQueryAsync();
    }
}
