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

    private sealed record DueRow(Guid AccountId, DateOnly? LastInspected, DateOnly NextDue, int Reason);

    /// <summary>
    /// The inspections due on <paramref name="date"/> within <paramref name="within"/> days, from the periods of the
    /// accounts' schedules that hold on that date (<see cref="InspectionDuePeriod"/>): each account's periodic
    /// inspection, and each holiday window's inspection for the public-service accounts whose period holding the date
    /// counts from no inspection in the window (the period holding a date counts from the last inspection by it). Most
    /// due first, then by account number, the periodic one before the holidays: one page, read through the indexes of
    /// <see cref="InspectionDueIndexes"/>; the counts of all and of the overdue from the running sums
    /// (<see cref="Hosting.RunningSums.InspectionsDue"/>), never from the rows.
    /// </summary>
    private static async Task<(List<DueRow> Rows, long Total, int Overdue)> Due(NpgsqlDataSource db, string table, DateOnly date,
        bool fromToday, int within, string? district, IReadOnlyList<HolidayInspections.Window> windows, int skip, int take, CancellationToken ct)
    {
        var inDistrict = district is null ? "" : " and p.district = @district";
        var holds = $"p.until > @date and p.\"from\" <= @date{inDistrict}";
        // The periodic inspections: from today on, the periods holding the date are those that last (a period ends on a
        // business day, never ahead of today), read in the answer's order from their own index. Before today, the
        // GiST index's distance order on the due date finds the due date of the page's last row without a sort; the
        // page is then the few periods due by that date (ties at it included), sorted.
        var periodic = fromToday
            ? $"p.until = '{InspectionDuePeriod.Lasting:yyyy-MM-dd}' and p.\"from\" <= @date{inDistrict} and p.next_due <= @by"
            : $"""
              {holds} and p.next_due <= coalesce((select p.next_due from {table} p where {holds} and p.next_due <= @by
                order by p.next_due <-> '0001-01-01'::date offset @last limit 1), @by)
              """;
        var parts = new List<string>
        {
            $"(select p.account_id, p.number, p.last_inspected, p.next_due, 0 as reason from {table} p where {periodic} order by p.next_due, p.number limit @rows)",
        };
        for (var w = 0; w < windows.Count; w++)
            parts.Add($"""
                (select p.account_id, p.number, p.last_inspected, @due{w}::date, {w + 1} from {table} p
                 where p.public_service and {holds} and (p.last_inspected is null or p.last_inspected < @opens{w}) order by p.number limit @rows)
                """);
        await using var cmd = db.CreateCommand($"""
            select account_id, last_inspected, next_due, reason from ({string.Join(" union all ", parts)}) due
            order by next_due, number, reason offset @skip limit @take
            """);
        cmd.Parameters.AddWithValue("date", date);
        cmd.Parameters.AddWithValue("by", date.AddDays(within));
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
        var rows = new List<DueRow>();
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                rows.Add(new DueRow(reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateOnly>(1),
                    reader.GetFieldValue<DateOnly>(2), reader.GetInt32(3)));
        if (rows.Count < take && skip == 0) return (rows, rows.Count, rows.Count(r => r.NextDue < date)); // the whole list is this page

        // The counts: the periodic ones due by the horizon and before the date from the sums; for each holiday window,
        // the public-service periods holding the date (the sums, with no horizon) less those counting from an
        // inspection in the window (the window's days of inspections, a few).
        var counts = new List<string> { Holding(district, "@by", publicService: false), Holding(district, "@overdue", publicService: false) };
        if (windows.Count > 0) counts.Add(Holding(district, $"'{InspectionDuePeriod.Lasting:yyyy-MM-dd}'::date", publicService: true));
        for (var w = 0; w < windows.Count; w++)
            counts.Add($"(select count(*) from {table} p where p.public_service and p.last_inspected >= @opens{w} and p.last_inspected <= @date " +
                       $"and p.until > @date{inDistrict})");
        cmd.CommandText = $"select {string.Join(", ", counts)}";
        cmd.Parameters.AddWithValue("overdue", date.AddDays(-1));
        await using var sums = await cmd.ExecuteReaderAsync(ct);
        await sums.ReadAsync(ct);
        var total = sums.GetInt64(0);
        for (var w = 0; w < windows.Count; w++) total += sums.GetInt64(2) - sums.GetInt64(3 + w);
        return (rows, total, (int)sums.GetInt64(1));
    }

    /// <summary>
    /// The number of periods holding <c>@date</c> that fall due by <paramref name="by"/> (SQL), from the inspections
    /// due's running sums: the changes of the months before the date's month at the due months before the horizon's,
    /// at the horizon's month's days up to it, and the changes of the date's month's days up to it.
    /// </summary>
    private static string Holding(string? district, string by, bool publicService)
    {
        var only = (district is null ? "" : " and district = @district") + (publicService ? " and public_service" : "");
        return $"""
            (select coalesce(sum(accounts), 0)::bigint from (
              select accounts from {Hosting.RunningSums.InspectionDueGrid}
                where month < date_trunc('month', @date)::date and due_month < date_trunc('month', {by})::date{only}
              union all
              select accounts from {Hosting.RunningSums.InspectionDueMonth}
                where month < date_trunc('month', @date)::date and next_due >= date_trunc('month', {by})::date and next_due <= {by}{only}
              union all
              select accounts from {Hosting.RunningSums.InspectionDueDay}
                where day >= date_trunc('month', @date)::date and day <= @date and next_due <= {by}{only}) s)
            """;
    }
}
