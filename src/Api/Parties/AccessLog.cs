using System.Security.Claims;
using GasLedger.Api.Hosting;
using GasLedger.Api.Security;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace GasLedger.Api.Parties;

/// <summary>One entry of the party access log: who, when, what (<c>read</c> unmasked, or <c>erase</c>), which party, which route.</summary>
public sealed record AccessLogEntry(Guid Id, DateTimeOffset At, string StaffId, string[] Roles, string Action, Guid PartyId,
    Guid? AccountId, string Route);

/// <summary>
/// 访问日志 — writes to the append-only <c>party_access_log</c> (R-INT-2: every read of unmasked personal data is
/// logged). An unmasked read writes its entry before the answer leaves; an erasure writes its entry in the erasure's
/// own transaction.
/// </summary>
public static class AccessLog
{
    public const string Read = "read";
    public const string Erase = "erase";

    private const string Insert =
        $"insert into {Storage.Schema}.party_access_log (id, at, staff_id, roles, action, party_id, account_id, route) values ";

    public static AccessLogEntry Entry(ClaimsPrincipal user, DateTimeOffset at, string action, Guid partyId, Guid? accountId,
        string route) =>
        new(Guid.CreateVersion7(), at, user.StaffId() ?? "?", user.FindAll(ClaimTypes.Role).Select(c => c.Value).Distinct().ToArray(),
            action, partyId, accountId, route);

    public static async Task Write(NpgsqlDataSource db, AccessLogEntry e, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(Insert + "($1, $2, $3, $4, $5, $6, $7, $8)");
        cmd.Parameters.AddWithValue(e.Id);
        cmd.Parameters.AddWithValue(e.At);
        cmd.Parameters.AddWithValue(e.StaffId);
        cmd.Parameters.AddWithValue(e.Roles);
        cmd.Parameters.AddWithValue(e.Action);
        cmd.Parameters.AddWithValue(e.PartyId);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)e.AccountId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        cmd.Parameters.AddWithValue(e.Route);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The entry queued in a Marten session, so that it commits with the session's other changes.</summary>
    public static void Queue(IDocumentSession session, AccessLogEntry e) =>
        session.QueueSqlCommand(Insert + "(?, ?, ?, ?, ?, ?, ?, ?)",
            e.Id, e.At, e.StaffId, e.Roles, e.Action, e.PartyId, e.AccountId ?? Guid.Empty, e.Route);
}

/// <summary>访问日志 — reading the party access log.</summary>
public static class GetAccessLogEndpoint
{
    /// <summary>访问日志 — the party access log, newest first, paged.</summary>
    /// <remarks>
    /// The party access log (R-INT-2): who read unmasked personal data (<c>read</c>) or erased a party (<c>erase</c>),
    /// when, with which roles, which party and account, by which route; newest first, paged, filtered by
    /// <c>partyId</c>, <c>accountId</c>, <c>staffId</c>, <c>action</c> and the period. <c>from</c>/<c>to</c> take a
    /// date (company time, inclusive) or an instant. 400 when <c>from</c> or <c>to</c> does not parse, or <c>action</c>
    /// is neither read nor erase.
    /// </remarks>
    [WolverineGet("/api/audit/access-log"), ProducesResponseType<Paged<AccessLogEntry>>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid? partyId, Guid? accountId, string? staffId, string? action, [Takes(QueryText.DateOrTime)] string? from, [Takes(QueryText.DateOrTime)] string? to,
        int? page, int? pageSize, NpgsqlDataSource db, ServicePolicy policy, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var start = Bound(from, "from", policy, errors, endOfDay: false)?.ToUniversalTime();
        var end = Bound(to, "to", policy, errors, endOfDay: true)?.ToUniversalTime();
        var (number, size) = Paging.ReadClamped(page, pageSize, errors);
        if (action is not (null or "" or AccessLog.Read or AccessLog.Erase)) errors.Add("action", "is read or erase.");
        if (errors.Any) return Problems.Invalid(errors.ToDictionary());

        const string where = """
             where ($1::uuid is null or party_id = $1) and ($2::uuid is null or account_id = $2) and ($3::text is null or staff_id = $3)
               and ($4::text is null or action = $4) and ($5::timestamptz is null or at >= $5) and ($6::timestamptz is null or at <= $6)
            """;
        void Bind(NpgsqlCommand c)
        {
            c.Parameters.Add(new NpgsqlParameter { Value = (object?)partyId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
            c.Parameters.Add(new NpgsqlParameter { Value = (object?)accountId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
            c.Parameters.Add(new NpgsqlParameter { Value = string.IsNullOrWhiteSpace(staffId) ? DBNull.Value : staffId.Trim(),
                NpgsqlDbType = NpgsqlDbType.Text });
            c.Parameters.Add(new NpgsqlParameter { Value = string.IsNullOrWhiteSpace(action) ? DBNull.Value : action,
                NpgsqlDbType = NpgsqlDbType.Text });
            c.Parameters.Add(new NpgsqlParameter { Value = (object?)start ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            c.Parameters.Add(new NpgsqlParameter { Value = (object?)end ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        }

        long total;
        await using (var count = db.CreateCommand($"select count(*) from {Storage.Schema}.party_access_log" + where))
        {
            Bind(count);
            total = (long)(await count.ExecuteScalarAsync(ct))!;
        }
        var items = new List<AccessLogEntry>();
        await using (var select = db.CreateCommand(
            $"select id, at, staff_id, roles, action, party_id, account_id, route from {Storage.Schema}.party_access_log{where} order by at desc, id desc limit $7 offset $8"))
        {
            Bind(select);
            select.Parameters.AddWithValue(size);
            select.Parameters.AddWithValue((long)(number - 1) * size);
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                items.Add(new AccessLogEntry(reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2),
                    reader.GetFieldValue<string[]>(3), reader.GetString(4), reader.GetGuid(5),
                    reader.IsDBNull(6) ? null : reader.GetGuid(6), reader.GetString(7)));
        }
        return Results.Ok(new Paged<AccessLogEntry>(items, number, size, total));
    }

    private static DateTimeOffset? Bound(string? text, string field, ServicePolicy policy, FieldErrors errors, bool endOfDay)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", out var date) && BusinessDates.Holds(date.Year))
        {
            var midnight = (endOfDay ? date.AddDays(1) : date).ToDateTime(TimeOnly.MinValue);
            var at = new DateTimeOffset(midnight, policy.TimeZone.GetUtcOffset(midnight));
            return endOfDay ? at.AddTicks(-1) : at;
        }
        if (DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.None, out var instant)
            && BusinessDates.Holds(instant.Year))
            return instant;
        errors.Add(field, $"must be a date (2026-11-20) or an ISO 8601 time with offset, in {BusinessDates.Range}.");
        return null;
    }
}
