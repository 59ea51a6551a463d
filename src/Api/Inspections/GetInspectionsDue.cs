using GasLedger.Domain.Inspections;
using GasLedger.Projections;
using GasLedger.Projections.Inspections;
using Marten;
using Npgsql;

namespace GasLedger.Api.Inspections;

public enum DueState { Overdue, Due }

/// <summary>Why the inspection is owed: periodic (R-INSP-1 frequency), or before a holiday (public-service buildings).</summary>
public enum DueReason { Periodic, BeforeSpringFestival, BeforeLabourDay, BeforeNationalDay }

public sealed record InspectionDue(Guid AccountId, string Number, CustomerCategory Category, Address Address, AccountStatus State,
    DateOnly? LastInspected, DateOnly NextDue, DueState Due, int DaysOverdue, DueReason Reason);

public sealed record InspectionsDueAnswer(DateOnly AsOf, int WithinDays, IReadOnlyList<InspectionDue> Items, int Page, int PageSize,
    long Total, int Overdue);

/// <summary>安检计划 — the inspections due.</summary>
public static class GetInspectionsDueEndpoint
{
    /// <summary>安检计划 — accounts whose inspection is overdue or falls due soon, paged.</summary>
    /// <remarks>
    /// Accounts with gas on whose periodic inspection is overdue on <c>asOf</c> (default today), or falls due within
    /// <c>withinDays</c> after it (default 30), as they stood on that date (R-INSP-1, R-INSP-2); a not-home visit does
    /// not count, so the account stays due. Public-service buildings are also listed before the Spring Festival, Labour
    /// Day and National Day on the calendar in force. Most overdue first, paged. Addresses to the building (R-INT-2).
    /// 400 when <c>asOf</c> is not a date or <c>withinDays</c> is not from 0 to 366.
    /// </remarks>
    [WolverineGet("/api/inspections/due"), ProducesResponseType<InspectionsDueAnswer>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get([Takes(QueryText.Date)] string? asOf, string? district, int? withinDays, int? page, int? pageSize,
        IQuerySession session, NpgsqlDataSource db, ServicePolicy policy, Calendar.Calendars calendars, TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors().When(withinDays is < 0 or > 366, "withinDays", "must be a whole number from 0 to 366.");
        var date = ReadInput.Date(asOf, "asOf", errors) ?? policy.LocalDate(clock.GetUtcNow());
        var within = withinDays ?? 30;
        var (number, size) = Paging.Read(page, pageSize, errors);
        if (errors.Any) return Problems.Invalid(errors.ToDictionary());

        var windows = HolidayInspections.Windows(date, within, calendars.Current, policy);
        var (rows, total, overdue) = await Due(db, DocumentTables.Of<InspectionDuePeriod>(session.DocumentStore), date,
            date >= policy.LocalDate(clock.GetUtcNow()), within,
            ReadInput.District(district), windows, (number - 1) * size, size, ct);
        var accounts = (await session.LoadManyAsync<Account>(ct, rows.Select(r => r.AccountId).Distinct())).ToDictionary(a => a.Id);
        var items = rows.Where(r => accounts.ContainsKey(r.AccountId)).Select(r =>
        {
            var account = accounts[r.AccountId];
            var days = date.DayNumber - r.NextDue.DayNumber;
            return new InspectionDue(account.Id, account.Number, account.Category, GasLedger.Domain.Parties.Masking.Address(account.Address),
                account.Status, r.LastInspected, r.NextDue, days > 0 ? DueState.Overdue : DueState.Due, Math.Max(0, days),
                r.Reason == 0 ? DueReason.Periodic : windows[r.Reason - 1].Due.Holiday switch
                {
                    InspectionHoliday.SpringFestival => DueReason.BeforeSpringFestival,
                    InspectionHoliday.LabourDay => DueReason.BeforeLabourDay,
                    _ => DueReason.BeforeNationalDay,
                });
        }).ToArray();
        return Results.Ok(new InspectionsDueAnswer(date, within, items, number, size, total, overdue));
    }

    /// <summary>
    /// Whether a holiday window's page (up to <c>rows</c> of it) is found by a walk of the public-service periods holding
    /// the date in order of number, which reads about rows × holding / owed of them, or by a search of the owed ones,
    /// which reads them all: the walk where owed² &gt; rows × holding. Tests set it to compare both ways with the oracle.
    /// </summary>
    internal static Func<long, long, long, bool> WalkByNumber { get; set; } = (rows, owed, holding) => owed * owed > rows * holding;

    private sealed record DueRow(Guid AccountId, DateOnly? LastInspected, DateOnly NextDue, int Reason);

    /// <summary>
    /// The inspections due on <paramref name="date"/> within <paramref name="within"/> days, from the periods of the
    /// accounts' schedules that hold on that date (<see cref="InspectionDuePeriod"/>): each account's periodic
    /// inspection, and each holiday window's inspection for the public-service accounts whose period holding the date
    /// counts from no inspection in the window (the period holding a date counts from the last inspection by it). The
    /// counts of all and of the overdue come from the running sums (<see cref="Hosting.RunningSums.InspectionsDue"/>),
    /// never from the rows; then one page, most due first, then by account number, the periodic one before the
    /// holidays, read through the indexes of <see cref="InspectionDueIndexes"/>.
    /// </summary>
    private static async Task<(List<DueRow> Rows, long Total, int Overdue)> Due(NpgsqlDataSource db, string table, DateOnly date,
        bool fromToday, int within, string? district, IReadOnlyList<HolidayInspections.Window> windows, int skip, int take, CancellationToken ct)
    {
        var inDistrict = district is null ? "" : " and p.district = @district";
        // One read-only transaction (the counts and the page from one snapshot), without parallel workers: PostgreSQL plans a parallel scan for some of these reads,
        // whose workers take longer to start, on two cores shared with the commands, than the read takes alone.
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "set transaction read only; set local max_parallel_workers_per_gather = 0";
        await cmd.ExecuteNonQueryAsync(ct);
        static DateOnly Month(DateOnly day) => new(day.Year, day.Month, 1);
        cmd.Parameters.AddWithValue("date", date);
        cmd.Parameters.AddWithValue("dateMonth", Month(date));
        cmd.Parameters.AddWithValue("days", Enumerable.Range(1, date.Day).Select(d => new DateOnly(date.Year, date.Month, d)).ToArray());
        cmd.Parameters.AddWithValue("by", date.AddDays(within));
        cmd.Parameters.AddWithValue("byMonth", Month(date.AddDays(within)));
        cmd.Parameters.AddWithValue("overdue", date.AddDays(-1));
        cmd.Parameters.AddWithValue("overdueMonth", Month(date.AddDays(-1)));
        cmd.Parameters.Add(SqlParameters.Text(district, "district"));
        cmd.Parameters.AddWithValue("skip", skip);
        cmd.Parameters.AddWithValue("take", take);
        cmd.Parameters.AddWithValue("rows", skip + take);
        cmd.Parameters.AddWithValue("last", skip + take - 1);
        for (var w = 0; w < windows.Count; w++)
        {
            cmd.Parameters.AddWithValue($"due{w}", windows[w].Due.DueBy);
            cmd.Parameters.AddWithValue($"opens{w}", windows[w].Opens);
        }

        // The counts: the periodic ones due by the horizon and before the date; for each holiday window, the
        // public-service periods holding the date (with no horizon) less those counting from an inspection in the
        // window (the window's days of inspections, a few).
        var inspected = Enumerable.Range(0, windows.Count).Select(w =>
            $", (select count(*) from {table} p where p.public_service and p.last_inspected >= @opens{w} and p.last_inspected <= @date " +
            $"and p.until > @date{inDistrict})");
        cmd.CommandText = Counts(district, string.Concat(inspected));
        long periodicTotal, overdue, publicHolding = 0;
        var owed = new long[windows.Count];
        await using (var sums = await cmd.ExecuteReaderAsync(ct))
        {
            await sums.ReadAsync(ct);
            (periodicTotal, overdue, publicHolding) = (sums.GetInt64(0), sums.GetInt64(1), sums.GetInt64(2));
            for (var w = 0; w < windows.Count; w++) owed[w] = publicHolding - sums.GetInt64(3 + w);
        }
        var total = periodicTotal + owed.Sum();
        if (skip >= total) return ([], total, (int)overdue);

        // The periodic inspections: from today on, the periods holding the date are those that last (a period ends on a
        // business day, never ahead of today), read in the answer's order from their own index. Before today, the
        // GiST index over the periods' days and due dates gives, in its distance order on the due date, the due date of
        // the page's last row without a sort; the page is then the few periods due by that date (ties at it included),
        // found in the same index and sorted (the inner distance order keeps PostgreSQL on that index).
        const string columns = "p.account_id, p.number, p.last_inspected, p.next_due, 0 as reason";
        var holds = $"daterange(p.\"from\", p.until) @> @date{inDistrict}";
        var periodic = fromToday
            ? $"""
              select {columns} from {table} p
              where p.until = '{InspectionDuePeriod.Lasting:yyyy-MM-dd}' and p."from" <= @date{inDistrict} and p.next_due <= @by
              order by p.next_due, p.number limit @rows
              """
            : $"""
              select * from (select {columns} from {table} p
                where {holds} and p.next_due <= coalesce((select p.next_due from {table} p where {holds} and p.next_due <= @by
                  order by p.next_due <-> '0001-01-01'::date offset @last limit 1), @by)
                order by p.next_due <-> '0001-01-01'::date) p
              order by p.next_due, p.number limit @rows
              """;
        var parts = new List<string> { $"({periodic})" };
        for (var w = 0; w < windows.Count; w++)
        {
            if (owed[w] == 0) continue;
            var owing = $"p.account_id, p.number, p.last_inspected, @due{w}::date, {w + 1}";
            // Where most public-service accounts owe it, a walk in order of number finds the page soon; where few do,
            // their periods are found as those spanning the window up to the date (counting from an inspection before
            // it; a window not open yet by the date is all of the date) or the first after gas-on holding the date, and
            // sorted.
            parts.Add(WalkByNumber(skip + take, owed[w], publicHolding)
                ? $"""
                  (select {owing} from {table} p
                   where p.public_service and p.until > @date and p."from" <= @date{inDistrict}
                     and (p.last_inspected is null or p.last_inspected < @opens{w}) order by p.number limit @rows)
                  """
                : $"""
                  (select * from (select {owing} from {table} p
                     where p.public_service and p.last_inspected is not null and daterange(p."from", p.until) @> daterange(least(@opens{w} - 1, @date), @date, '[]'){inDistrict}
                     union all
                     select {owing} from {table} p where p.public_service and p.last_inspected is null and {holds}) p
                   order by p.number limit @rows)
                  """);
        }
        cmd.CommandText = $"""
            select account_id, last_inspected, next_due, reason from ({string.Join(" union all ", parts)}) due
            order by next_due, number, reason offset @skip limit @take
            """;
        var rows = new List<DueRow>();
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                rows.Add(new DueRow(reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateOnly>(1),
                    reader.GetFieldValue<DateOnly>(2), reader.GetInt32(3)));
        return (rows, total, (int)overdue);
    }

    /// <summary>
    /// The periods holding <c>@date</c> that fall due by the horizon (<c>@by</c>), those due before the date
    /// (<c>@overdue</c>, the day before), and the public-service ones with no horizon, from the inspections due's running
    /// sums (<see cref="Hosting.RunningSums.InspectionsDue"/>): the changes of the months before the date's month and of
    /// its days up to the date (<c>@days</c>) at the due months before a horizon's month, read once for the three
    /// counts; and, for each horizon, the same months and days at the horizon's month's days up to it. Each date's month
    /// is given beside it (<c>@byMonth</c>), so that no row computes it. <paramref name="more"/>: further columns.
    /// </summary>
    private static string Counts(string? district, string more)
    {
        var only = district is null ? "" : " and district = @district";
        string UpTo(string by) => $"""
            (select coalesce(sum(accounts), 0) from (
              select accounts from {Hosting.RunningSums.InspectionDueMonth}
                where next_due >= {by}Month and next_due <= {by} and month < @dateMonth{only}
              union all
              select accounts from {Hosting.RunningSums.InspectionDueDay}
                where day = any(@days) and next_due >= {by}Month and next_due <= {by}{only}) s)
            """;
        return $"""
            with months as (
              select due_month, public_service, accounts from {Hosting.RunningSums.InspectionDueGrid} where month < @dateMonth{only}
              union all
              select due_month, public_service, accounts from {Hosting.RunningSums.InspectionDueDayMonth}
                where day >= @dateMonth and day <= @date{only}),
            whole as (
              select coalesce(sum(accounts) filter (where due_month < @byMonth), 0) as by_horizon,
                     coalesce(sum(accounts) filter (where due_month < @overdueMonth), 0) as overdue,
                     coalesce(sum(accounts) filter (where public_service), 0) as public_service
              from months)
            select (whole.by_horizon + {UpTo("@by")})::bigint, (whole.overdue + {UpTo("@overdue")})::bigint, whole.public_service::bigint{more}
            from whole
            """;
    }
}
