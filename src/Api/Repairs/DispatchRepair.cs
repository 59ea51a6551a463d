using System.ComponentModel.DataAnnotations;
using GasLedger.Api.Security;
using GasLedger.Domain.Repairs;

namespace GasLedger.Api.Repairs;

public sealed record DispatchRepair : AccountCommand
{
    [Required] public string? Technician { get; init; }
}

/// <summary>派工 — dispatching a repair.</summary>
public static class DispatchRepairEndpoint
{
    public static ProblemDetails Validate(DispatchRepair cmd) => Problems.Check(new FieldErrors().Require(cmd.Technician, "technician"));

    /// <summary>派工 — dispatch a repair's work order to a technician.</summary>
    /// <remarks>
    /// The work order goes to a technician (R-REP-1); until arrival it may be dispatched again to another. 400 when
    /// <c>technician</c> is missing. 404 when the account has no such repair; 409 when the repair is neither reported
    /// nor dispatched, or the account is closed.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/repairs/{repairId}/dispatch"), ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, Guid repairId, DispatchRepair cmd, AccountStreams streams, CancellationToken ct) =>
        streams.Decide(accountId, cmd, (account, at) =>
            RepairDecisions.Dispatch(account, new RepairDispatched(repairId, cmd.Technician!.Trim(), at)), ct: ct);
}
