using GasLedger.Api.Security;
using GasLedger.Domain.Applications;

namespace GasLedger.Api.Applications;

public sealed record PayApplicationFee : AccountCommand
{
    public decimal? Amount { get; init; }
    public string? InvoiceNumber { get; init; }
    public DateOnly? InvoiceDate { get; init; }
}

/// <summary>报装费 — <c>POST /api/accounts/{accountId}/application-fee</c>: the fee and its invoice (R-APP-3).</summary>
public static class PayApplicationFeeEndpoint
{
    public static ProblemDetails Validate(PayApplicationFee cmd, ServicePolicy policy) => Problems.Check(new FieldErrors()
        .Require(cmd.Amount, "amount").Require(cmd.InvoiceNumber, "invoiceNumber").Require(cmd.InvoiceDate, "invoiceDate")
        .When(cmd.Amount <= 0, "amount", "must be more than zero.").Amount(cmd.Amount, "amount", policy));

    [WolverinePost("/api/accounts/{accountId}/application-fee"), ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, PayApplicationFee cmd, AccountStreams streams, CancellationToken ct) =>
        streams.Decide(accountId, cmd, (account, at) => ApplicationDecisions.PayFee(account,
            new ApplicationFeePaid(cmd.Amount!.Value, cmd.InvoiceNumber!.Trim(), cmd.InvoiceDate!.Value, at), streams.Policy), ct: ct);
}
