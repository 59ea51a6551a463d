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
    /// accounts' schedules that hold on that date (<see cref="InspectionDuePeriod"/>, a GiST range search): each
    /// account's periodic inspection, and each holiday window's inspection for the public-service accounts with no
    /// inspection in that window by the date. Most due first, then by account number, the periodic one before the
    /// holidays; one page, with the count of all and of the overdue.
    /// </summary>
    private static async Task<(List<DueRow> Rows, long Total, int Overdue)> Due(NpgsqlDataSource db, string table, DateOnly date,
        bool fromToday, int within, string? district, IReadOnlyList<HolidayInspections.Window> windows, int skip, int take, CancellationToken ct)
    {
        // From today on, the periods that hold a date are those that last (a period ends on a business day, never ahead
        // of today): their own index (InspectionDueDocuments) gives them in the order of the answer.
        var lasting = InspectionDuePeriod.Lasting.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var holds = (fromToday ? $"p.until = '{lasting}'" : "p.until > $1") + " and p.\"from\" <= $1 and ($3::text is null or p.district = $3)";
        var parts = new List<string> { $"select p.account_id, p.number, p.last_inspected, p.next_due, 0 as reason from {table} p where {holds} and p.next_due <= $2" };
        for (var w = 0; w < windows.Count; w++)
            parts.Add($"""
                select p.account_id, p.number, p.last_inspected, ${6 + 2 * w}::date, {w + 1} from {table} p
                where {holds} and p.public_service and not exists (select 1 from {table} q where q.account_id = p.account_id
                  and q.last_inspected >= ${7 + 2 * w} and q.last_inspected < ${6 + 2 * w}::date + 1 and q.last_inspected <= $1)
                """);
        var due = $"with due as ({string.Join(" union all ", parts)})";
        // Before today, the periods holding the date are found by their days and sorted (a walk of the due dates in
        // order would pass every period that ended before, years of them): "next_due + 0" keeps PostgreSQL from walking.
        var order = fromToday ? "next_due" : "next_due + 0";
        // The page and the counts apart: a count over the page's window would make PostgreSQL gather and sort every
        // matching period before the first row (a year's horizon holds every account), where the page alone is a top-N.
        await using var cmd = db.CreateCommand($"""
            {due}
            select account_id, last_inspected, next_due, reason from due order by {order}, number, reason offset $4 limit $5
            """);
        cmd.Parameters.AddWithValue(date);
        cmd.Parameters.AddWithValue(date.AddDays(within));
        cmd.Parameters.Add(SqlParameters.Text(district));
        cmd.Parameters.AddWithValue(skip);
        cmd.Parameters.AddWithValue(take);
        foreach (var window in windows)
        {
            cmd.Parameters.AddWithValue(window.Due.DueBy);
            cmd.Parameters.AddWithValue(window.Opens);
        }
        var rows = new List<DueRow>();
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                rows.Add(new DueRow(reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateOnly>(1),
                    reader.GetFieldValue<DateOnly>(2), reader.GetInt32(3)));
        long total = 0;
        var overdue = 0;
        if (rows.Count < take && skip == 0) (total, overdue) = (rows.Count, rows.Count(r => r.NextDue < date)); // the whole list is this page
        else
        {
            cmd.CommandText = $"{due} select count(*), count(*) filter (where next_due < $1) from due";
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct)) (total, overdue) = (reader.GetInt64(0), (int)reader.GetInt64(1));
        }
        return (rows, total, overdue);
    }
}
