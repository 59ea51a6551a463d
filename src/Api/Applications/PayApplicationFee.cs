using System.ComponentModel.DataAnnotations;
using GasLedger.Api.Security;
using GasLedger.Domain.Applications;

namespace GasLedger.Api.Applications;

public sealed record PayApplicationFee : AccountCommand
{
    [Required] public decimal? Amount { get; init; }
    [Required] public string? InvoiceNumber { get; init; }
    [Required] public DateOnly? InvoiceDate { get; init; }
}

/// <summary>报装费 — the application fee.</summary>
public static class PayApplicationFeeEndpoint
{
    public static ProblemDetails Validate(PayApplicationFee cmd, ServicePolicy policy) => Problems.Check(new FieldErrors()
        .Require(cmd.Amount, "amount").Require(cmd.InvoiceNumber, "invoiceNumber").Require(cmd.InvoiceDate, "invoiceDate")
        .When(cmd.Amount <= 0, "amount", "must be more than zero.").Amount(cmd.Amount, "amount", policy));

    /// <summary>报装费 — record the application fee paid and its invoice.</summary>
    /// <remarks>
    /// Records the application fee and its invoice (R-APP-3), once, while the account is applied; a residential fee
    /// must equal the schedule for the account's building type. 400 when <c>amount</c>, <c>invoiceNumber</c> or
    /// <c>invoiceDate</c> is missing, the amount is not more than zero or above the policy's maximum, a residential
    /// amount is not the scheduled fee, or the invoice is dated after the payment. 409 when the fee is already
    /// recorded, or the account is not applied.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/application-fee"), ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, PayApplicationFee cmd, AccountStreams streams, CancellationToken ct) =>
        streams.Decide(accountId, cmd, (account, at) => ApplicationDecisions.PayFee(account,
            new ApplicationFeePaid(cmd.Amount!.Value, cmd.InvoiceNumber!.Trim(), cmd.InvoiceDate!.Value, at), streams.Policy), ct: ct);
}
