using System.Security.Cryptography;
using GasLedger.Api.Hosting;
using Npgsql;

namespace GasLedger.Api.Security;

/// <summary>One issued key as an administrator sees it: never the key, never its hash.</summary>
public sealed record IssuedKeyView(
    Guid Id, string StaffId, string[] Roles, string? Label,
    DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? RevokedAt, string? RevokedBy)
{
    public bool Revoked => RevokedAt is not null;
}

/// <summary>
/// The keys an administrator issues, in <c>gasledger.api_key</c> (<see cref="Storage.ApiKeys"/>). A key is 256 random bits
/// (<c>glk_</c> and 64 hex digits), shown once; only its SHA-256 is stored. A plain hash, not a slow password hash, is
/// enough for keys this random: nobody can guess one from its hash. Revoking keeps the row with when and by whom.
/// </summary>
public sealed class StoredApiKeys(NpgsqlDataSource db, TimeProvider clock)
{
    public const string Prefix = "glk_";

    private const string Columns = "id, staff_id, roles, label, created_at, created_by, revoked_at, revoked_by";

    /// <summary>The staff member and roles of a key that is issued and not revoked, by the key's hash.</summary>
    public async Task<ApiKeyEntry?> Find(string hash, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(
            $"select staff_id, roles from {Storage.Schema}.api_key where key_hash = $1 and revoked_at is null");
        cmd.Parameters.AddWithValue(hash);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return new ApiKeyEntry { Hash = hash, StaffId = reader.GetString(0), Roles = reader.GetFieldValue<string[]>(1) };
    }

    /// <summary>Makes a new key, stores its hash, and returns the key in clear: the only time anyone sees it.</summary>
    public async Task<(IssuedKeyView View, string Key)> Issue(string staffId, string[] roles, string? label, string by,
        CancellationToken ct)
    {
        var key = Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var view = new IssuedKeyView(Guid.CreateVersion7(), staffId, roles, label,
            Truncate(clock.GetUtcNow()), by, null, null);
        await using var cmd = db.CreateCommand(
            $"insert into {Storage.Schema}.api_key (id, key_hash, staff_id, roles, label, created_at, created_by) values ($1, $2, $3, $4, $5, $6, $7)");
        cmd.Parameters.AddWithValue(view.Id);
        cmd.Parameters.AddWithValue(ApiKeyOptions.Hash(key));
        cmd.Parameters.AddWithValue(staffId);
        cmd.Parameters.AddWithValue(roles);
        cmd.Parameters.AddWithValue((object?)label ?? DBNull.Value);
        cmd.Parameters.AddWithValue(view.CreatedAt);
        cmd.Parameters.AddWithValue(by);
        await cmd.ExecuteNonQueryAsync(ct);
        return (view, key);
    }

    /// <summary>Issued keys, newest first, optionally of one staff member; paged.</summary>
    public async Task<(IReadOnlyList<IssuedKeyView> Items, long Total)> List(string? staffId, int page, int pageSize, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(
            $"select {Columns}, count(*) over () from {Storage.Schema}.api_key where ($1::text is null or staff_id = $1) " +
            "order by created_at desc, id desc limit $2 offset $3");
        cmd.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)staffId ?? DBNull.Value);
        cmd.Parameters.AddWithValue(pageSize);
        cmd.Parameters.AddWithValue((long)(page - 1) * pageSize);
        var items = new List<IssuedKeyView>();
        long total = 0;
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            items.Add(Read(reader));
            total = reader.GetInt64(8);
        }
        if (items.Count == 0 && page > 1) total = await Count(staffId, ct);
        return (items, total);
    }

    private async Task<long> Count(string? staffId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"select count(*) from {Storage.Schema}.api_key where ($1::text is null or staff_id = $1)");
        cmd.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)staffId ?? DBNull.Value);
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// Revokes a key: from the next request on it answers 401. Revoking a revoked key changes nothing (the first
    /// revocation's time and author stay). Null when there is no such key.
    /// </summary>
    public async Task<IssuedKeyView?> Revoke(Guid id, string by, CancellationToken ct)
    {
        await using (var cmd = db.CreateCommand(
                         $"update {Storage.Schema}.api_key set revoked_at = $2, revoked_by = $3 where id = $1 and revoked_at is null"))
        {
            cmd.Parameters.AddWithValue(id);
            cmd.Parameters.AddWithValue(Truncate(clock.GetUtcNow()));
            cmd.Parameters.AddWithValue(by);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        await using var read = db.CreateCommand($"select {Columns} from {Storage.Schema}.api_key where id = $1");
        read.Parameters.AddWithValue(id);
        await using var reader = await read.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    private static IssuedKeyView Read(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetString(1), r.GetFieldValue<string[]>(2), r.IsDBNull(3) ? null : r.GetString(3),
        r.GetFieldValue<DateTimeOffset>(4), r.GetString(5),
        r.IsDBNull(6) ? null : r.GetFieldValue<DateTimeOffset>(6), r.IsDBNull(7) ? null : r.GetString(7));

    /// <summary>PostgreSQL keeps microseconds; the answer shows what is stored.</summary>
    private static DateTimeOffset Truncate(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % 10, TimeSpan.Zero);
}
