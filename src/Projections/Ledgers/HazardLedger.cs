using GasLedger.Domain;
using GasLedger.Domain.Inspections;
using GasLedger.Domain.Repairs;
using GasLedger.Domain.Supply;
using JasperFx.Events;

namespace GasLedger.Projections.Ledgers;

/// <summary>
/// 隐患台账 — one row per hazard (R-HAZ-1): what, how severe, found when, by whom and on which inspection or repair;
/// open until rectified and re-checked (闭环管理); whether it suspended supply (R-HAZ-2).
/// </summary>
public sealed record HazardRow : ILedgerRow
{
    public Guid HazardId { get; init; }
    public Guid AccountId { get; init; }
    public string AccountNumber { get; init; } = "";
    public string District { get; init; } = "";
    public HazardCode Code { get; init; }
    public HazardSeverity Severity { get; init; }
    public string? Description { get; init; }

    /// <summary>R-HAZ-1: the rectification notice's number, and whether the holder signed it, where recorded.</summary>
    public string? NoticeNumber { get; init; }
    public bool? SignedByHolder { get; init; }

    /// <summary>The main date of this ledger.</summary>
    public DateTimeOffset FoundAt { get; init; }

    /// <summary>The inspector, or the technician of the repair, who found it.</summary>
    public string FoundBy { get; init; } = "";
    public Guid? InspectionId { get; init; }
    public Guid? RepairId { get; init; }
    public bool SuspendedSupply { get; init; }
    public bool Open { get; init; }
    public DateTimeOffset? RectifiedAt { get; init; }
    public string? RecheckedBy { get; init; }
    public string RecordedBy { get; init; } = "";
}

public sealed class HazardLedgerProjection(SharedReads shared)
    : WorkLedgerProjection<HazardRow>(shared, "HazardLedger", typeof(HazardFound), typeof(HazardRectified), typeof(SupplySuspended))
{
    public override Guid? WorkOf(IEvent e) => e.Data switch
    {
        HazardFound x => x.HazardId,
        HazardRectified x => x.HazardId,
        SupplySuspended { HazardId: { } hazard } => hazard,
        _ => null,
    };

    public override Guid IdOf(HazardRow row) => row.HazardId;

    /// <summary>A hazard found takes its finder from the visit or the repair's dispatch before it: folded from the stream.</summary>
    public override bool NeedsHistory(IEvent e) => e.Data is HazardFound;

    public override HazardRow? Apply(HazardRow? row, IEvent e, LedgerAccount account) => e.Data switch
    {
        SupplySuspended when row is not null => row with { SuspendedSupply = true },
        HazardRectified x when row is not null => row with { Open = false, RectifiedAt = x.OccurredAt, RecheckedBy = x.RecheckedBy },
        _ => row,
    };

    public override HazardRow? Fold(Guid hazardId, IReadOnlyList<IEvent> stream)
    {
        var account = LedgerAccount.Of(stream);
        var visitors = new Dictionary<Guid, string>();
        HazardRow? row = null;
        foreach (var e in stream)
        {
            switch (e.Data)
            {
                case InspectionVisited x:
                    visitors[x.InspectionId] = x.Inspector;
                    break;
                case RepairDispatched x:
                    visitors[x.RepairId] = x.Technician;
                    break;
                case HazardFound x when x.HazardId == hazardId:
                    row = new HazardRow
                    {
                        HazardId = x.HazardId, AccountId = account.AccountId, AccountNumber = account.Number, District = account.District,
                        Code = x.Code, Severity = x.Severity, Description = x.Description, FoundAt = x.OccurredAt,
                        NoticeNumber = x.NoticeNumber, SignedByHolder = x.SignedByHolder,
                        FoundBy = visitors.GetValueOrDefault(x.InspectionId ?? x.RepairId ?? Guid.Empty, ""),
                        InspectionId = x.InspectionId, RepairId = x.RepairId, Open = true, RecordedBy = e.By(),
                    };
                    break;
                case SupplySuspended or HazardRectified when WorkOf(e) == hazardId:
                    row = Apply(row, e, account);
                    break;
            }
        }
        return row;
    }
}
