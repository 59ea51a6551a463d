namespace GasLedger.Domain.Repairs;

/// <summary>报修 / 报警 — a repair or, with <see cref="Emergency"/>, a gas-leak emergency was reported (R-REP-1/2).</summary>
public sealed record RepairReported(
    Guid RepairId,
    bool Emergency,
    string Description,
    RepairLocation Location,
    DateOnly? AppointmentDate,
    string ReceivedBy,
    DateTimeOffset OccurredAt) : Accounts.IAccountEvent;

/// <summary>派工 — the work order went to a technician.</summary>
public sealed record RepairDispatched(Guid RepairId, string Technician, DateTimeOffset OccurredAt) : Accounts.IAccountEvent;

/// <summary>The technician marked arrival on site.</summary>
public sealed record TechnicianArrived(Guid RepairId, DateTimeOffset OccurredAt) : Accounts.IAccountEvent;

/// <summary>
/// Repaired (R-REP-1): airtightness test, safety check and re-ignition done; hazards found follow as
/// <c>HazardFound</c> events naming this repair.
/// </summary>
public sealed record RepairCompleted(
    Guid RepairId,
    bool AirtightnessPassed,
    Charge? Charge,
    string? Notes,
    DateTimeOffset OccurredAt) : Accounts.IAccountEvent;
