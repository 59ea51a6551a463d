using System.Security.Cryptography;
using GasLedger.Api.Security;
using Marten;
using Npgsql;

namespace GasLedger.Api.Hosting;

/// <summary>
/// <c>Idempotency-Key</c> (api-contract.md, Conventions): the first answer to a POST with a key is kept, per staff
/// member and key; a repeat with the same body gets that answer again and writes nothing more; a repeat with another
/// body is refused with 422.
/// <para>
/// A command that writes through Marten keeps its answer <b>in its own transaction</b> (<see cref="IdempotencyClaim"/>):
/// the events and the answer commit together or not at all. So a key whose row has no answer was never applied — a
/// crash, a failure, a lost connection — and a retry runs the command; a key with an answer replays it. Two requests
/// with one key at the same moment meet on the row's lock: the second waits for the first, then replays its answer.
/// No key is ever stuck. Answers that write nothing (a refusal) are kept after the fact, and if that fails the client
/// still gets the true answer.
/// </para>
/// </summary>
public sealed class Idempotency(RequestDelegate next, ILogger<Idempotency> log)
{
    public const string Header = "Idempotency-Key";

    /// <summary>
    /// An endpoint whose answer holds a secret (an issued API key) calls this: the answer is not kept, so a repeat runs
    /// again rather than replaying the secret from the database.
    /// </summary>
    public static void DoNotKeep(HttpContext context) => context.Items[NotKept] = true;

    private const string NotKept = "GasLedger.Idempotency.NotKept";
    private const int MaxKeyLength = 255;

    private sealed record Stored(string Hash, int? Status, string? ContentType, byte[]? Body);

    public async Task InvokeAsync(HttpContext context, NpgsqlDataSource db)
    {
        var key = context.Request.Headers[Header].FirstOrDefault();
        var staff = context.User.StaffId();
        if (!HttpMethods.IsPost(context.Request.Method) || string.IsNullOrEmpty(key) || staff is null)
        {
            await next(context);
            return;
        }
        if (key.Length > MaxKeyLength || Http.TextInput.Refusal(key) is not null)
        {
            await Problems.Invalid(new Dictionary<string, string[]>
            {
                [Header] = [$"must be one line of at most {MaxKeyLength} characters, without control or invisible characters."],
            }).ExecuteAsync(context);
            return;
        }

        context.Request.EnableBuffering();
        var hash = await RequestHash(context.Request);
        context.Request.Body.Position = 0;

        var stored = await ClaimAndRead(db, staff, key, hash, context.RequestAborted);
        if (stored is not null && await Answered(stored, hash, key, context)) return;

        var claim = new IdempotencyClaim(staff, key);
        context.Features.Set(claim);
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

        if (claim.AnsweredMeanwhile)
        {
            // Another request with this key committed while this one waited on the row: its answer is the answer.
            context.Response.Clear();
            var theirs = await Read(db, staff, key, context.RequestAborted);
            if (theirs is not null && await Answered(theirs, hash, key, context)) return;
            throw new InvalidOperationException("An idempotency row reported answered has no answer.");
        }
        if (!claim.Kept)
        {
            if (context.Response.StatusCode >= 500 || context.Items.ContainsKey(NotKept)) await Release(db, staff, key);
            else await Keep(db, staff, key, context.Response.StatusCode, context.Response.ContentType, buffer.ToArray());
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(original);
    }

    /// <summary>Replays a kept answer, or refuses a different body under the same key; false if the row has no answer yet.</summary>
    private static async Task<bool> Answered(Stored stored, string hash, string key, HttpContext context)
    {
        if (stored.Hash != hash)
        {
            await Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency key reused.",
                detail: $"{Header} '{key}' was used before for a different request. Nothing was written.").ExecuteAsync(context);
            return true;
        }
        if (stored.Status is not { } status) return false;
        context.Response.StatusCode = status;
        if (stored.ContentType is { } type) context.Response.ContentType = type;
        context.Response.Headers["Idempotent-Replayed"] = "true";
        if (stored.Body is { } body) await context.Response.Body.WriteAsync(body, context.RequestAborted);
        return true;
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

    /// <summary>The key's row, made first if it is new (without an answer): one round trip.</summary>
    private static async Task<Stored?> ClaimAndRead(NpgsqlDataSource db, string staff, string key, string hash, CancellationToken ct)
    {
        await using var batch = db.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            $"insert into {Storage.Schema}.idempotent_request (staff_id, idempotency_key, request_hash) values ($1, $2, $3) on conflict do nothing")
        {
            Parameters = { new() { Value = staff }, new() { Value = key }, new() { Value = hash } },
        });
        batch.BatchCommands.Add(Select(staff, key));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        return await ReadStored(reader, ct);
    }

    private static async Task<Stored?> Read(NpgsqlDataSource db, string staff, string key, CancellationToken ct)
    {
        await using var batch = db.CreateBatch();
        batch.BatchCommands.Add(Select(staff, key));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        return await ReadStored(reader, ct);
    }

    private static NpgsqlBatchCommand Select(string staff, string key) => new(
        $"select request_hash, status_code, content_type, body from {Storage.Schema}.idempotent_request where staff_id = $1 and idempotency_key = $2")
    {
        Parameters = { new() { Value = staff }, new() { Value = key } },
    };

    private static async Task<Stored?> ReadStored(NpgsqlDataReader reader, CancellationToken ct)
    {
        if (!await reader.ReadAsync(ct)) return null;
        return new Stored(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetInt32(1),
            reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : (byte[])reader[3]);
    }

    /// <summary>Keeps an answer that wrote nothing. If that fails the answer still goes out: a retry then runs again, as it may.</summary>
    private async Task Keep(NpgsqlDataSource db, string staff, string key, int status, string? contentType, byte[] body)
    {
        try
        {
            await using var cmd = db.CreateCommand(
                $"update {Storage.Schema}.idempotent_request set status_code = $3, content_type = $4, body = $5 where staff_id = $1 and idempotency_key = $2 and status_code is null");
            cmd.Parameters.AddWithValue(staff);
            cmd.Parameters.AddWithValue(key);
            cmd.Parameters.AddWithValue(status);
            cmd.Parameters.AddWithValue((object?)contentType ?? DBNull.Value);
            cmd.Parameters.AddWithValue(body);
            await cmd.ExecuteNonQueryAsync();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            log.LogWarning("Could not keep the answer of an idempotent request: {Error}", DatabaseErrors.Describe(e));
        }
    }

    /// <summary>
    /// Frees a key whose request failed (its row has no answer, so nothing was applied under it): the client may send another
    /// body under it. Best effort: a row left behind is harmless, a retry with the same body runs the command.
    /// </summary>
    private async Task Release(NpgsqlDataSource db, string staff, string key)
    {
        try
        {
            await using var cmd = db.CreateCommand(
                $"delete from {Storage.Schema}.idempotent_request where staff_id = $1 and idempotency_key = $2 and status_code is null");
            cmd.Parameters.AddWithValue(staff);
            cmd.Parameters.AddWithValue(key);
            await cmd.ExecuteNonQueryAsync();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            log.LogWarning("Could not release an idempotency key: {Error}", DatabaseErrors.Describe(e));
        }
    }
}

/// <summary>
/// The <c>Idempotency-Key</c> of a request, for the command that writes: a feature of the request
/// (<see cref="Of"/>), there only when the request carries a key. Inside the command's transaction, <see cref="Lock"/>
/// takes the key's row (waiting for a twin request that holds it), and <see cref="Keep"/> stores the answer with the
/// events.
/// </summary>
public sealed class IdempotencyClaim(string staff, string key)
{
    /// <summary>The claim of <paramref name="context"/>'s request, or null when it carries no key.</summary>
    public static IdempotencyClaim? Of(HttpContext? context) => context?.Features.Get<IdempotencyClaim>();

    /// <summary>The answer went into the command's transaction.</summary>
    public bool Kept { get; private set; }

    /// <summary>A request with the same key committed first: its answer is to be replayed, this one writes nothing.</summary>
    public bool AnsweredMeanwhile { get; private set; }

    /// <summary>
    /// Begins <paramref name="session"/>'s transaction and locks the key's row in it. False if the row has an answer by
    /// then (another request with the key committed while this one waited): write nothing, the answer is replayed.
    /// </summary>
    public async Task<bool> Lock(IDocumentSession session, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        await using var cmd = new NpgsqlCommand(
            $"select status_code is not null from {Storage.Schema}.idempotent_request where staff_id = $1 and idempotency_key = $2 for update",
            session.Connection);
        cmd.Parameters.AddWithValue(staff);
        cmd.Parameters.AddWithValue(key);
        AnsweredMeanwhile = await cmd.ExecuteScalarAsync(ct) is true;
        return !AnsweredMeanwhile;
    }

    /// <summary>Stores the answer in <paramref name="session"/>'s unit of work: it commits with the command's events.</summary>
    public void Keep(IDocumentSession session, int status, string contentType, byte[] body)
    {
        session.QueueSqlCommand(
            $"update {Storage.Schema}.idempotent_request set status_code = ?, content_type = ?, body = ? where staff_id = ? and idempotency_key = ?",
            status, contentType, body, staff, key);
        Kept = true;
    }
}
