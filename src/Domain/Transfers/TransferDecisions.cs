using GasLedger.Domain.Accounts;

namespace GasLedger.Domain.Transfers;

/// <summary>Decisions of transfer (过户): R-TRF-1, R-TRF-2.</summary>
public static class TransferDecisions
{
    /// <summary>
    /// R-TRF-1: the holder party is replaced, the account number and history stay. R-TRF-2: a transfer may come with
    /// the application, so any state but closed takes one.
    /// </summary>
    public static Decision Transfer(Account account, HolderTransferred transferred)
    {
        if (Lifecycle.RequiresOpen(account, "transfer the account") is { } refused)
            return refused;
        return Decision.Accepting(transferred);
    }
}
