using System.ComponentModel.DataAnnotations;
using GasLedger.Api.Parties;
using GasLedger.Domain.Applications;
using GasLedger.Domain.Counter;
using GasLedger.Domain.Parties;

namespace GasLedger.Api.AccountKeeping;

public sealed record ChangePaymentMethod : CounterCommand
{
    [Required] public PaymentMethod? PaymentMethod { get; init; }

    /// <summary>The bank card of a direct debit: card number, bank name and card holder.</summary>
    public BankForm? Bank { get; init; }
}

/// <summary>缴费方式变更 — a new payment method, a direct debit set up or its card changed (R-ACC-7, R-APP-5).</summary>
public static class ChangePaymentMethodEndpoint
{
    public static ProblemDetails Validate(ChangePaymentMethod cmd) => Problems.Check(cmd.Check().Require(cmd.PaymentMethod, "paymentMethod"));

    /// <summary>缴费方式变更 — change the payment method or set up a direct debit.</summary>
    /// <remarks>
    /// The payment method changes, or a direct debit is set up (R-APP-5: 5 minutes) or moved to another card (R-ACC-7).
    /// The card goes to the holder's party record, encrypted; the event keeps a token and the last four digits
    /// (R-ACC-4). 400 when <c>paymentMethod</c> is missing or does not fit the meter, or the bank details do not come
    /// exactly with a direct debit of a read meter (R-APP-2). 409 when the account is closed or its holder's record
    /// was erased.
    /// </remarks>
    [WolverinePost("/api/accounts/{accountId}/payment-method"), ProducesResponseType<CommandAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid accountId, ChangePaymentMethod cmd, AccountStreams streams, PartyVault vault, CancellationToken ct) =>
        streams.DecideAsync(accountId, cmd, async (account, at) =>
        {
            var card = cmd.Bank is { IsEmpty: false } b && !string.IsNullOrWhiteSpace(b.CardNumber)
                && !string.IsNullOrWhiteSpace(b.BankName) && !string.IsNullOrWhiteSpace(b.CardHolder)
                ? new BankCard(BankCard.NewToken(), b.CardNumber.Trim(), b.BankName.Trim(), b.CardHolder.Trim())
                : null;
            var decision = CounterDecisions.ChangePaymentMethod(account,
                new PaymentMethodChanged(cmd.PaymentMethod!.Value, card?.ToMandate(), cmd.HandlingMinutes, cmd.CounterName, at), cmd.Bank);
            if (decision is not Decision.Accept) return decision;
            var record = await streams.Session.LoadAsync<PartyRecord>(account.HolderPartyId, ct);
            if (record is null || vault.Unlock(record) is not { } holder)
                return Decision.Refuse($"The holder of account {account.Number} has no personal record (erased): set the payment method with a transfer. Nothing was written.");
            streams.Session.Store(vault.Lock(holder with { Bank = card }));
            return decision;
        }, ct: ct);
}
