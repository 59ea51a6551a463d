using System.ComponentModel.DataAnnotations;
using GasLedger.Domain.Counter;

namespace GasLedger.Api.AccountKeeping;

public sealed record ReissueCard : CounterCommand
{
    [Required] public CardReissueReason? Reason { get; init; }

    /// <summary>The card's fee, CNY.</summary>
    public decimal? Fee { get; init; }
}

/// <summary>补卡 — an IC card issued again (R-ACC-7).</summary>
public static class ReissueCardEndpoint
{
    public static ProblemDetails Validate(ReissueCard cmd, ServicePolicy policy) =>
        Problems.Check(cmd.Check().Require(cmd.Reason, "reason").Amount(cmd.Fee, "fee", policy));

    /// <summary>补卡 — issue the account's IC card again.</summary>
    /// <remarks>
    /// An IC card issued again, lost or damaged, with any fee (R-ACC-7). 400 when <c>reason</c> is missing or the fee is out
    /// of range. 409 when the account has a read meter or is closed.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/ic-card/reissue"), ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, ReissueCard cmd, AccountStreams streams, CancellationToken ct) =>
        streams.Decide(accountId, cmd, (account, at) => CounterDecisions.ReissueCard(account,
            new IcCardReissued(cmd.Reason!.Value, cmd.Fee, cmd.HandlingMinutes, cmd.CounterName, at)), ct: ct);
}
