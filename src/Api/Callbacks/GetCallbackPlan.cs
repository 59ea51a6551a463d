using GasLedger.Projections.Callbacks;
using GasLedger.Projections.Satisfaction;
using GasLedger.Projections;
using Marten;

namespace GasLedger.Api.Callbacks;

/// <summary>A page of the callback plan of one ISO week.</summary>
public sealed record CallbackPlanPage(
    string Week, DateOnly WeekStart, DateOnly WeekEnd, string? District, IReadOnlyList<CallbackPlanItem> Items, int Page, int PageSize,
    long Total);

/// <summary>回访计划 — the week's callback plan.</summary>
public static class GetCallbackPlanEndpoint
{
    private const string Where = """
        where data ->> 'windowStart' <= ? and data ->> 'windowEnd' >= ? and (data ->> 'cancelled')::boolean = false
          and (data ->> 'calledBackOn' is null or data ->> 'calledBackOn' >= ?)
          and (? = '' or data ->> 'district' = ?)
        """;

    /// <summary>回访计划 — who to call back in an ISO week, paged.</summary>
    /// <remarks>
    /// Who to call back in the ISO week <c>week</c> (e.g. 2026-W48; default this week, R-CAL-4), paged: every callback
    /// owed (R-CB-1) whose window overlaps the week and that was not made before the week began — so the plan of a past
    /// week still shows what was to be done, with when it was done (<c>calledBackAt</c>) or not. Items of a closed
    /// account that can no longer be called are left out. Ordered by the window's last day, then account number.
    /// Addresses are shown to the building (R-INT-2).
    /// </remarks>
    [WolverineGet("/api/callbacks/plan"), ProducesResponseType<CallbackPlanPage>(StatusCodes.Status200OK),
     ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public static async Task<IResult> Get([Takes(QueryText.IsoWeek)] string? week, string? district, int? page, int? pageSize,
        IQuerySession session, ServicePolicy policy, TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var (name, monday, sunday) = ReadInput.Week(week, policy.LocalDate(clock.GetUtcNow()), errors);
        var (number, size) = Paging.Read(page, pageSize, errors);
        if (errors.Any) return Problems.Invalid(errors.ToDictionary());
        var onlyDistrict = ReadInput.District(district);

        object[] filter = [Dates.Text(sunday), Dates.Text(monday), Dates.Text(monday), onlyDistrict ?? "", onlyDistrict ?? ""];
        var total = (await session.QueryAsync<long>(
            $"select count(*) from {DocumentTables.Of<CallbackPlanItem>(session.DocumentStore)} {Where}", ct, filter)).Single();
        var items = await session.QueryAsync<CallbackPlanItem>(
            $"{Where} order by data ->> 'windowEnd', data ->> 'accountNumber', (data ->> 'workAt')::timestamptz, data ->> 'kind', id limit ? offset ?", ct,
            [.. filter, size, (long)(number - 1) * size]);
        // Addresses to the building (R-INT-2).
        var masked = items.Select(i => i with { Address = GasLedger.Domain.Parties.Masking.Address(i.Address) }).ToArray();
        return Results.Ok(new CallbackPlanPage(name, monday, sunday, onlyDistrict, masked, number, size, total));
    }
}
