using GasLedger.Domain.Inspections;
using Marten;

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
        IQuerySession session, ServicePolicy policy, Calendar.Calendars calendars, TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors().When(withinDays is < 0 or > 366, "withinDays", "must be a whole number from 0 to 366.");
        var date = ReadInput.Date(asOf, "asOf", errors) ?? policy.LocalDate(clock.GetUtcNow());
        var within = withinDays ?? 30;
        var (number, size) = Paging.Read(page, pageSize, errors);
        if (errors.Any) return Problems.Invalid(errors.ToDictionary());

        var query = session.Query<Account>().Where(a => a.GasOnAt != null);
        if (!string.IsNullOrWhiteSpace(district)) query = query.Where(a => a.Address.District == district.Trim());

        // Streams every account with gas on; keeps only those due, which is a bounded share of them.
        var calendar = calendars.Current;
        var due = new List<InspectionDue>();
        await foreach (var account in query.ToAsyncEnumerable(ct))
        {
            var last = account.InspectedAt.Select(policy.LocalDate).Where(d => d <= date).Cast<DateOnly?>().DefaultIfEmpty(null).Max();
            InspectionDue Item(DateOnly next, DueReason reason)
            {
                var overdue = date.DayNumber - next.DayNumber;
                return new InspectionDue(account.Id, account.Number, account.Category,
                    GasLedger.Domain.Parties.Masking.Address(account.Address), account.Status, last, next,
                    overdue > 0 ? DueState.Overdue : DueState.Due, Math.Max(0, overdue), reason);
            }
            if (Classifier.NextInspectionDue(account, date, policy) is { } next && next <= date.AddDays(within))
                due.Add(Item(next, DueReason.Periodic));
            foreach (var holiday in HolidayInspections.Due(account, date, within, calendar, policy))
                due.Add(Item(holiday.DueBy, holiday.Holiday switch
                {
                    InspectionHoliday.SpringFestival => DueReason.BeforeSpringFestival,
                    InspectionHoliday.LabourDay => DueReason.BeforeLabourDay,
                    _ => DueReason.BeforeNationalDay,
                }));
        }
        var ordered = due.OrderBy(d => d.NextDue).ThenBy(d => d.Number).ToArray();
        return Results.Ok(new InspectionsDueAnswer(date, within, ordered.Skip((number - 1) * size).Take(size).ToArray(), number, size,
            ordered.Length, ordered.Count(d => d.Due == DueState.Overdue)));
    }
}
