using GasLedger.Domain;
using GasLedger.Domain.Inspections;
using JasperFx.Events;

namespace GasLedger.Projections.Ledgers;

/// <summary>
/// 安检台账 — one row per inspection visit (R-INSP-2), with the hazards it found (R-HAZ-1) and any charge (R-CB-4).
/// </summary>
public sealed record InspectionRow : ILedgerRow
{
    public Guid InspectionId { get; init; }
    public Guid AccountId { get; init; }
    public string AccountNumber { get; init; } = "";
    public string District { get; init; } = "";
    public string Inspector { get; init; } = "";

    /// <summary>The main date of this ledger.</summary>
    public DateTimeOffset VisitedAt { get; init; }
    public InspectionOutcome Outcome { get; init; }

    /// <summary>R-INSP-3: the holder asked for this inspection.</summary>
    public bool RequestedByHolder { get; init; }
    public int HazardCount { get; init; }
    public decimal? ChargeAmount { get; init; }
    public bool? ChargeInvoiced { get; init; }
    public string RecordedBy { get; init; } = "";
}

public sealed class InspectionLedgerProjection(SharedReads shared)
    : WorkLedgerProjection<InspectionRow>(shared, "InspectionLedger", typeof(InspectionVisited), typeof(HazardFound))
{
    public override Guid? WorkOf(IEvent e) => e.Data switch
    {
        InspectionVisited x => x.InspectionId,
        HazardFound { InspectionId: { } inspection } => inspection,
        _ => null,
    };

    public override Guid IdOf(InspectionRow row) => row.InspectionId;

    public override InspectionRow? Apply(InspectionRow? row, IEvent e, LedgerAccount account) => e.Data switch
    {
        InspectionVisited x => new InspectionRow
        {
            InspectionId = x.InspectionId, AccountId = account.AccountId, AccountNumber = account.Number,
            District = account.District, Inspector = x.Inspector, VisitedAt = x.OccurredAt, Outcome = x.Outcome,
            RequestedByHolder = x.RequestedByHolder, ChargeAmount = x.Charge?.Amount, ChargeInvoiced = x.Charge?.Invoiced,
            RecordedBy = e.By(),
        },
        HazardFound when row is not null => row with { HazardCount = row.HazardCount + 1 },
        _ => row,
    };
}
