using GasLedger.Domain.Accounts;
using GasLedger.Domain.Applications;

namespace GasLedger.Domain.Transfers;

/// <summary>Decisions of transfer (过户): R-TRF-1, R-TRF-2.</summary>
public static class TransferDecisions
{
    /// <summary>
    /// R-TRF-1: the holder party is replaced, the account number and history stay; the new payment method fits the
    /// meter and a direct debit comes with the new bank account (R-APP-2 (1), (3), (4)). R-TRF-2: a transfer may come
    /// with the application, so any state but closed takes one.
    /// </summary>
    public static Decision Transfer(Account account, HolderTransferred transferred, BankForm? bank)
    {
        if (AccountRules.RequiresOpen(account, "transfer the account") is { } refused)
            return refused;
        var errors = new FieldErrors();
        ApplicationRules.CheckPayment(account.MeterType, transferred.PaymentMethod, bank, errors);
        return errors.AsDecision() ?? Decision.Accepting(transferred);
    }
}
