using GasLedger.Api.Security;
using GasLedger.Domain.Supply;

namespace GasLedger.Api.Supply;

public sealed record CloseAccount : AccountCommand
{
    public ClosureReason? Reason { get; init; }
}

/// <summary>销户 — <c>POST …/close</c>: the account is closed, finally (R-SUP-2, R-ACC-6).</summary>
public static class CloseAccountEndpoint
{
    public static ProblemDetails Validate(CloseAccount cmd) => Problems.Check(new FieldErrors().Require(cmd.Reason, "reason"));

    [WolverinePost("/api/accounts/{accountId}/close"), ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, CloseAccount cmd, AccountStreams streams, CancellationToken ct) =>
        streams.Decide(accountId, cmd, (account, at) => SupplyDecisions.Close(account, new AccountClosed(cmd.Reason!.Value, at)), ct: ct);
}
