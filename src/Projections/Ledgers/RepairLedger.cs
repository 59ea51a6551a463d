using GasLedger.Domain;
using GasLedger.Domain.Inspections;
using GasLedger.Domain.Repairs;
using JasperFx.Events;

namespace GasLedger.Projections.Ledgers;

/// <summary>
/// 报修台账 — one row per repair or emergency (R-REP-1/2): reported, dispatched, on site, completed, the airtightness
/// test, what was charged and the hazards found.
/// </summary>
public sealed record RepairRow : ILedgerRow
{
    public Guid RepairId { get; init; }
    public Guid AccountId { get; init; }
    public string AccountNumber { get; init; } = "";
    public string District { get; init; } = "";

    /// <summary>A gas-leak emergency (报警) rather than a repair (报修).</summary>
    public bool Emergency { get; init; }
    public string Description { get; init; } = "";
    public RepairLocation Location { get; init; }
    public DateOnly? AppointmentDate { get; init; }

    /// <summary>The main date of this ledger.</summary>
    public DateTimeOffset ReportedAt { get; init; }
    public string ReceivedBy { get; init; } = "";

    /// <summary>The first dispatch (派工).</summary>
    public DateTimeOffset? DispatchedAt { get; init; }

    /// <summary>The technician of the latest dispatch: the one who went.</summary>
    public string? Technician { get; init; }
    public int Dispatches { get; init; }
    public DateTimeOffset? ArrivedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public bool? AirtightnessPassed { get; init; }
    public decimal? ChargeAmount { get; init; }
    public bool? ChargeInvoiced { get; init; }
    public int HazardsFound { get; init; }
    public string? Notes { get; init; }
    public RepairStatus Status { get; init; }

    /// <summary>R-REP-4: where it came from; the safety check, re-ignition and the holder's sign-off at completion; where it was referred.</summary>
    public RepairSource Source { get; init; }
    public bool? SafetyChecked { get; init; }
    public bool? Reignited { get; init; }
    public bool? HolderSignedOff { get; init; }
    public string? ReferredTo { get; init; }
}

public sealed class RepairLedgerProjection(SharedReads shared)
    : WorkLedgerProjection<RepairRow>(shared, "RepairLedger", typeof(RepairReported), typeof(RepairDispatched), typeof(TechnicianArrived),
        typeof(RepairCompleted), typeof(RepairReferred), typeof(HazardFound))
{
    public override Guid? WorkOf(IEvent e) => e.Data switch
    {
        RepairReported x => x.RepairId,
        RepairDispatched x => x.RepairId,
        TechnicianArrived x => x.RepairId,
        RepairCompleted x => x.RepairId,
        RepairReferred x => x.RepairId,
        HazardFound { RepairId: { } repair } => repair,
        _ => null,
    };

    public override Guid IdOf(RepairRow row) => row.RepairId;

    public override RepairRow? Apply(RepairRow? row, IEvent e, LedgerAccount account) => e.Data switch
    {
        RepairReported x => new RepairRow
        {
            RepairId = x.RepairId, AccountId = account.AccountId, AccountNumber = account.Number, District = account.District,
            Emergency = x.Emergency, Description = x.Description, Location = x.Location, AppointmentDate = x.AppointmentDate,
            ReportedAt = x.OccurredAt, ReceivedBy = x.ReceivedBy, Status = RepairStatus.Reported, Source = x.Source,
        },
        RepairDispatched x when row is not null => row with
        {
            DispatchedAt = row.DispatchedAt ?? x.OccurredAt, Technician = x.Technician, Dispatches = row.Dispatches + 1,
            Status = RepairStatus.Dispatched,
        },
        TechnicianArrived x when row is not null => row with { ArrivedAt = x.OccurredAt, Status = RepairStatus.OnSite },
        RepairCompleted x when row is not null => row with
        {
            CompletedAt = x.Done ? x.OccurredAt : null, AirtightnessPassed = x.AirtightnessPassed, ChargeAmount = x.Charge?.Amount,
            ChargeInvoiced = x.Charge?.Invoiced, Notes = x.Notes, Status = x.Done ? RepairStatus.Completed : RepairStatus.OnSite,
            SafetyChecked = x.SafetyChecked, Reignited = x.Reignited, HolderSignedOff = x.HolderSignedOff,
        },
        RepairReferred x when row is not null => row with { Status = RepairStatus.Referred, ReferredTo = x.ReferredTo, Notes = x.Reason },
        HazardFound when row is not null => row with { HazardsFound = row.HazardsFound + 1 },
        _ => row,
    };
}
