using GasLedger.Domain.Callbacks;
using GasLedger.Projections.Callbacks;
using GasLedger.Projections.Satisfaction;
using GasLedger.Projections;
using Marten;

namespace GasLedger.Api.Callbacks;

/// <summary>A page of irregular-charge findings of a period.</summary>
public sealed record FindingsPage(
    DateOnly From, DateOnly To, string? District, FindingKind? Kind, IReadOnlyList<IrregularChargeFinding> Items, int Page, int PageSize,
    long Total);

/// <summary>违规收费 — irregular-charge findings.</summary>
public static class GetIrregularChargeFindingsEndpoint
{
    private const string Where = """
        where data ->> 'date' >= ? and data ->> 'date' <= ? and (? = '' or data ->> 'district' = ?) and (? = '' or lower(data ->> 'kind') = ?)
        """;

    /// <summary>违规收费 — the irregular-charge findings of a period, paged.</summary>
    /// <remarks>
    /// Every irregular-charge finding (R-CB-4) whose company date is in <c>from</c>..<c>to</c> (both included; default
    /// this month), oldest first (then by account number and kind), paged: charges reported at callbacks, hoses sold or
    /// charges taken without invoice at ignition, inspectors' charges, uninvoiced repair charges, and over-length pipe
    /// charges heard at a callback that are not the counter's record.
    /// </remarks>
    [WolverineGet("/api/callbacks/findings"), ProducesResponseType<FindingsPage>(StatusCodes.Status200OK),
     ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public static async Task<IResult> Get([Takes(QueryText.Date)] string? from, [Takes(QueryText.Date)] string? to, string? district, [OneOf(typeof(FindingKind))] string? kind, int? page, int? pageSize,
        IQuerySession session, ServicePolicy policy, TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var (start, end) = ReadInput.Period(from, to, policy.LocalDate(clock.GetUtcNow()), errors);
        var onlyKind = ReadInput.Enum<FindingKind>(kind, "kind", errors);
        var (number, size) = Paging.Read(page, pageSize, errors);
        if (errors.Any) return Problems.Invalid(errors.ToDictionary());
        var onlyDistrict = ReadInput.District(district);
        var kindName = onlyKind?.ToString().ToLowerInvariant() ?? "";

        object[] filter = [Dates.Text(start), Dates.Text(end), onlyDistrict ?? "", onlyDistrict ?? "", kindName, kindName];
        var total = (await session.QueryAsync<long>(
            $"select count(*) from {DocumentTables.Of<IrregularChargeFinding>(session.DocumentStore)} {Where}", ct, filter)).Single();
        var items = await session.QueryAsync<IrregularChargeFinding>(
            $"{Where} order by (data ->> 'occurredAt')::timestamptz, data ->> 'accountNumber', data ->> 'kind', id limit ? offset ?", ct,
            [.. filter, size, (long)(number - 1) * size]);
        return Results.Ok(new FindingsPage(start, end, onlyDistrict, onlyKind, items, number, size, total));
    }
}
