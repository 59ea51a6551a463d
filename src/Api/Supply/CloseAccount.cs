using System.ComponentModel.DataAnnotations;
using GasLedger.Api.Security;
using GasLedger.Domain.Supply;

namespace GasLedger.Api.Supply;

public sealed record CloseAccount : AccountCommand
{
    [Required] public ClosureReason? Reason { get; init; }
}

/// <summary>销户 — closing an account.</summary>
public static class CloseAccountEndpoint
{
    public static ProblemDetails Validate(CloseAccount cmd) => Problems.Check(new FieldErrors().Require(cmd.Reason, "reason"));

    /// <summary>销户 — close the account, finally.</summary>
    /// <remarks>
    /// The account is closed, finally (R-SUP-2, R-ACC-6), from any state; nothing is accepted on it afterwards. 400
    /// when <c>reason</c> is missing. 409 when it is already closed.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/close"), ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, CloseAccount cmd, AccountStreams streams, CancellationToken ct) =>
        streams.Decide(accountId, cmd, (account, at) => SupplyDecisions.Close(account, new AccountClosed(cmd.Reason!.Value, at)), ct: ct);
}
