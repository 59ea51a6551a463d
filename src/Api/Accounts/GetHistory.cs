using GasLedger.Domain;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace GasLedger.Api.Accounts;

/// <summary>
/// <c>GET /api/accounts/{accountId}/history</c>: every event of the account's stream in order (R-ACC-1), each with its
/// global sequence, version, type, business and recorded time, data and who recorded it; paged; <c>?asOf=</c> keeps
/// the events that had occurred by then.
/// </summary>
public static class GetHistoryEndpoint
{
    [WolverineGet("/api/accounts/{accountId}/history"), ProducesResponseType<Paged<HistoryEntry>>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid accountId, string? asOf, int? page, int? pageSize, IQuerySession session, ServicePolicy policy, CancellationToken ct)
    {
        if (!AsOf.TryParse(asOf, policy, out var at)) return AsOf.Invalid();
        if (page is < 1) return Problems.Invalid(new Dictionary<string, string[]> { ["page"] = ["starts at 1."] });
        var size = AsOf.ClampPageSize(pageSize);
        var number = page ?? 1;

        var events = await session.Events.FetchStreamAsync(accountId, token: ct);
        if (events.Count == 0) return Problems.NotFound($"No account {accountId}.");
        var upTo = at is null ? events.Count : (int)(AsOf.VersionAt(events, at.Value) ?? 0);

        var items = events.Take(upTo).Skip((number - 1) * size).Take(size)
            .Select(e => new HistoryEntry(e.Id, e.Sequence, e.Version, Lifecycle(e.EventType.Name), ((GasLedger.Domain.Accounts.IAccountEvent)e.Data).OccurredAt,
                e.Timestamp, e.Data, e.UserName, e.CorrelationId, e.CausationId))
            .ToArray();
        return Results.Ok(new Paged<HistoryEntry>(items, number, size, upTo));
    }

    private static string Lifecycle(string typeName) => GasLedger.Domain.Accounts.Lifecycle.JsonName(typeName);
}
