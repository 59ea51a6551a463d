using GasLedger.Api.Security;
using GasLedger.Domain.Inspections;

namespace GasLedger.Api.Inspections;

public sealed record RequestInspection : AccountCommand
{
    public DateOnly? PreferredDate { get; init; }
    [FreeText] public string? Reason { get; init; }
}

/// <summary>安检 — the holder's request for an inspection.</summary>
public static class RequestInspectionEndpoint
{
    /// <summary>安检 — the holder asks for an inspection.</summary>
    /// <remarks>
    /// The holder asks for an inspection, done within 3 days (R-INSP-3); the next visit that finds the holder home
    /// answers it. The body may be empty. 409 when the account's gas is not on (active or suspended), or a request is
    /// already open.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/inspections/request"), ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, RequestInspection? cmd, AccountStreams streams, CancellationToken ct)
    {
        cmd ??= new RequestInspection();
        return streams.Decide(accountId, cmd, (account, at) =>
            InspectionDecisions.Request(account, new InspectionRequested(cmd.PreferredDate, cmd.Reason, at)), ct: ct);
    }
}
