namespace GasLedger.Domain.Transfers;

/// <summary>
/// 过户 — the holder changed (R-TRF-1). The new holder's identity and the property proof are in the new party record;
/// the account number and history stay.
/// </summary>
public sealed record HolderTransferred(
    Guid PreviousHolderPartyId,
    Guid NewHolderPartyId,
    PartyKind NewHolderKind,
    bool SpecialCare,
    PaymentMethod PaymentMethod,
    BankMandate? Bank,
    DateTimeOffset OccurredAt,
    int? HandlingMinutes = null) : Accounts.IAccountEvent;
