namespace GasLedger.Domain.Applications;

/// <summary>
/// 报装 — an application was accepted (R-APP-1). Starts the account stream. The holder's personal data lives in the
/// party record <see cref="HolderPartyId"/> (R-ACC-4); the SMS number too, only its provider is here.
/// <see cref="HandlingMinutes"/>: how long the counter took (R-APP-4), when it was measured. <see cref="PreMeteredSerial"/>:
/// the meter a developer fitted to a collectively metered home (R-APP-7: no installation step). R-APP-8: the holder signed
/// for the safety leaflets, the supply contract and the safe-use agreement.
/// </summary>
public sealed record ApplicationSubmitted(
    Guid AccountId,
    string AccountNumber,
    Guid HolderPartyId,
    PartyKind HolderKind,
    bool SpecialCare,
    Address Address,
    CustomerCategory Category,
    BuildingType? BuildingType,
    MeterType MeterType,
    PaymentMethod PaymentMethod,
    BankMandate? Bank,
    ApplicationChannel Channel,
    ApplicationNature Nature,
    ApplicationPriority Priority,
    string? SmsProvider,
    DateOnly? InvoiceDate,
    string? Remarks,
    DateTimeOffset OccurredAt,
    int? HandlingMinutes = null,
    string? PreMeteredSerial = null,
    bool LeafletsReceived = false,
    bool SupplyContractSigned = false,
    bool SafeUseAgreementSigned = false) : Accounts.IAccountEvent;

/// <summary>安全宣传 — safety material handed to the holder in the year's round (R-APP-8: at least once a year).</summary>
public sealed record SafetyMaterialHanded(int Year, string HandedBy, string? Material, DateTimeOffset OccurredAt) : Accounts.IAccountEvent;

/// <summary>报装费 — the application fee was paid and invoiced (R-APP-3).</summary>
public sealed record ApplicationFeePaid(decimal Amount, string InvoiceNumber, DateOnly InvoiceDate, DateTimeOffset OccurredAt)
    : Accounts.IAccountEvent;

/// <summary>
/// 婉拒 — an application declined after assessment because supply is not possible (R-APP-6): the reason, and when and how
/// the holder was told. The account closes as declined with it (<see cref="Supply.AccountClosed"/>, reason declined).
/// </summary>
public sealed record ApplicationDeclined(string Reason, DateTimeOffset HolderToldAt, string? ToldBy, DateTimeOffset OccurredAt)
    : Accounts.IAccountEvent;
