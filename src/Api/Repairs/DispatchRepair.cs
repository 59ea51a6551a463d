using GasLedger.Api.Security;
using GasLedger.Domain.Repairs;

namespace GasLedger.Api.Repairs;

public sealed record DispatchRepair : AccountCommand
{
    public string? Technician { get; init; }
}

/// <summary>派工 — <c>POST …/repairs/{repairId}/dispatch</c>: the work order goes to a technician (R-REP-1).</summary>
public static class DispatchRepairEndpoint
{
    public static ProblemDetails Validate(DispatchRepair cmd) => Problems.Check(new FieldErrors().Require(cmd.Technician, "technician"));

    [WolverinePost("/api/accounts/{accountId}/repairs/{repairId}/dispatch"), ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, Guid repairId, DispatchRepair cmd, AccountStreams streams, CancellationToken ct) =>
        streams.Decide(accountId, cmd, (account, at) =>
            RepairDecisions.Dispatch(account, new RepairDispatched(repairId, cmd.Technician!.Trim(), at)), ct: ct);
}
