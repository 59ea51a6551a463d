using GasLedger.Api.Accounts;
using GasLedger.Domain;
using GasLedger.Domain.Accounts;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace GasLedger.Api.Inspections;

public enum DueState { Overdue, Due }

public sealed record InspectionDue(Guid AccountId, string Number, CustomerCategory Category, Address Address, AccountStatus State,
    DateOnly? LastInspected, DateOnly NextDue, DueState Due, int DaysOverdue);

public sealed record InspectionsDueAnswer(DateOnly AsOf, int WithinDays, IReadOnlyList<InspectionDue> Items, int Page, int PageSize, long Total, int Overdue);

/// <summary>
/// 安检计划 — <c>GET /api/inspections/due?asOf=&amp;district=&amp;withinDays=</c> (R-INSP-1, R-INSP-2): accounts with gas on
/// whose periodic inspection is overdue on <c>asOf</c>, or falls due within <c>withinDays</c> after it (default 30), as
/// they stood on that date; a not-home visit does not count, so the account stays due. Most overdue first, paged.
/// </summary>
public static class GetInspectionsDueEndpoint
{
    [WolverineGet("/api/inspections/due"), ProducesResponseType<InspectionsDueAnswer>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string? asOf, string? district, string? withinDays, string? page, string? pageSize,
        IQuerySession session, ServicePolicy policy, TimeProvider clock, CancellationToken ct)
    {
        var args = new QueryArgs();
        var date = args.Date(asOf, "asOf", QueryArgs.Today(clock, policy));
        var within = args.Int(withinDays, "withinDays", 30, 0, 366);
        var (number, size) = args.Paging(page, pageSize);
        if (args.Invalid) return args.Problem();

        var query = session.Query<Account>().Where(a => a.GasOnAt != null);
        if (!string.IsNullOrWhiteSpace(district)) query = query.Where(a => a.Address.District == district.Trim());

        // Streams every account with gas on; keeps only those due, which is a bounded share of them.
        var due = new List<InspectionDue>();
        await foreach (var account in query.ToAsyncEnumerable(ct))
        {
            if (Classifier.NextInspectionDue(account, date, policy) is not { } next || next > date.AddDays(within)) continue;
            var last = account.InspectedAt.Select(policy.LocalDate).Where(d => d <= date).Cast<DateOnly?>().DefaultIfEmpty(null).Max();
            var overdue = date.DayNumber - next.DayNumber;
            due.Add(new InspectionDue(account.Id, account.Number, account.Category, account.Address, account.Status, last, next,
                overdue > 0 ? DueState.Overdue : DueState.Due, Math.Max(0, overdue)));
        }
        var ordered = due.OrderBy(d => d.NextDue).ThenBy(d => d.Number).ToArray();
        return Results.Ok(new InspectionsDueAnswer(date, within, ordered.Skip((number - 1) * size).Take(size).ToArray(), number, size,
            ordered.Length, ordered.Count(d => d.Due == DueState.Overdue)));
    }
}
