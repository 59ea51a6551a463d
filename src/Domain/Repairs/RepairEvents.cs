namespace GasLedger.Domain.Repairs;

/// <summary>
/// 报修 / 报警 — a repair or, with <see cref="Emergency"/>, a gas-leak emergency was reported (R-REP-1/2), from its
/// <see cref="Source"/> (R-REP-4: the holder, the city hotline 12345, another department, found by staff at other work).
/// </summary>
public sealed record RepairReported(
    Guid RepairId,
    bool Emergency,
    string Description,
    RepairLocation Location,
    DateOnly? AppointmentDate,
    string ReceivedBy,
    DateTimeOffset OccurredAt,
    RepairSource Source = RepairSource.Holder) : Accounts.IAccountEvent;

/// <summary>派工 — the work order went to a technician.</summary>
public sealed record RepairDispatched(Guid RepairId, string Technician, DateTimeOffset OccurredAt) : Accounts.IAccountEvent;

/// <summary>The technician marked arrival on site.</summary>
public sealed record TechnicianArrived(Guid RepairId, DateTimeOffset OccurredAt) : Accounts.IAccountEvent;

/// <summary>
/// The work on site finished (R-REP-1/4): the airtightness test — a failed one keeps the repair open, on site, until a
/// later completion passes it —, the safety check, re-ignition and the holder's sign-off on the work order where
/// recorded; hazards found follow as <c>HazardFound</c> events naming this repair.
/// </summary>
public sealed record RepairCompleted(
    Guid RepairId,
    bool AirtightnessPassed,
    Charge? Charge,
    string? Notes,
    DateTimeOffset OccurredAt,
    bool? SafetyChecked = null,
    bool? Reignited = null,
    bool? HolderSignedOff = null) : Accounts.IAccountEvent
{
    /// <summary>R-REP-4: the repair is done only when its airtightness test passed.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Done => AirtightnessPassed;
}

/// <summary>转办 — a repair handed to another channel (another department, the property office …), with the reason (R-REP-4).</summary>
public sealed record RepairReferred(Guid RepairId, string ReferredTo, string Reason, DateTimeOffset OccurredAt) : Accounts.IAccountEvent;
