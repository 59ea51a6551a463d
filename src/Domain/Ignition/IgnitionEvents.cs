namespace GasLedger.Domain.Ignition;

/// <summary>通气点火申请 — the holder asked for gas-on (R-IGN-1).</summary>
public sealed record IgnitionRequested(DateOnly RequestedDate, DateTimeOffset OccurredAt) : Accounts.IAccountEvent;

/// <summary>通气点火 — gas turned on (R-IGN-2, R-IGN-3).</summary>
public sealed record IgnitionCompleted(
    string Technician,
    bool StoveHasFlameOutProtection,
    bool AirtightnessPassed,
    HoseSale? Hose,
    Charge? Charge,
    DateTimeOffset OccurredAt) : Accounts.IAccountEvent;

/// <summary>The gas-on visit was refused, with its reason (R-IGN-2). The holder asks again when it is fixed.</summary>
public sealed record IgnitionRefused(string Technician, IgnitionRefusalReason Reason, string? Note, DateTimeOffset OccurredAt)
    : Accounts.IAccountEvent;
