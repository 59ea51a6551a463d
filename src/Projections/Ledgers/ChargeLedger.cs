using GasLedger.Domain;
using GasLedger.Domain.Applications;
using GasLedger.Domain.Ignition;
using GasLedger.Domain.Inspections;
using GasLedger.Domain.Installation;
using GasLedger.Domain.Repairs;
using GasLedger.Domain.Supply;
using JasperFx.Events;
using Marten;

namespace GasLedger.Projections.Ledgers;

/// <summary>What a charge taken from a holder was for.</summary>
public enum ChargeKind { ApplicationFee, OverLengthPipe, Hose, IgnitionOther, Inspection, Repair, IcCardPurchase }

/// <summary>
/// 收费台账 — one row per charge taken from a holder: the application fee (R-APP-3), an over-length pipe charge at
/// installation (R-INS-3), a hose sold and any other charge at ignition (R-IGN-3) or at a hose replacement (R-TL-1), an inspection charge, a repair charge,
/// an IC-card purchase (R-SUP-3). The irregular-charge check of callbacks (R-CB-4) compares with it. A charge of zero is
/// no charge and has no row. <see cref="Invoiced"/> is null where the event does not say.
/// </summary>
public sealed record ChargeRow
{
    /// <summary>The event id and the kind: one event may take two charges (a hose and another charge at ignition).</summary>
    public string ChargeId { get; init; } = "";
    public Guid EventId { get; init; }

    /// <summary>
    /// The work charged for: the account (application, installation), the ignition visit, inspection, repair or
    /// purchase.
    /// </summary>
    public Guid WorkId { get; init; }
    public Guid AccountId { get; init; }
    public string AccountNumber { get; init; } = "";
    public string District { get; init; } = "";
    public ChargeKind Kind { get; init; }
    public decimal Amount { get; init; }
    public bool? Invoiced { get; init; }
    public string? InvoiceNumber { get; init; }

    /// <summary>Who took the charge: the installer, technician or inspector, or the counter staff who recorded it.</summary>
    public string Staff { get; init; } = "";

    /// <summary>The main date of this ledger.</summary>
    public DateTimeOffset ChargedAt { get; init; }
    public string RecordedBy { get; init; } = "";
}

public sealed partial class ChargeLedgerProjection(SharedReads shared) : EventLedgerProjection<ChargeRow>(shared, "ChargeLedger",
    typeof(ApplicationFeePaid), typeof(InstallationCompleted), typeof(IgnitionCompleted), typeof(InspectionVisited),
    typeof(RepairCompleted), typeof(UsageRecorded), typeof(GasLedger.Domain.Visits.VisitDone))
{
    /// <summary>A repair's charge names the technician of its latest dispatch, from the stream.</summary>
    protected override bool NeedsStream(IEvent e) => e.Data is RepairCompleted { Charge.Amount: > 0 };

    /// <summary>Usage readings are most of the log and only IC-card purchases are charges.</summary>
    protected override bool MakesRow(IEvent e) => e.Data is not UsageRecorded { Kind: not UsageKind.IcPurchase };

    public override async ValueTask ApplyAsync(IDocumentOperations ops, IEvent e, CancellationToken ct)
    {
        // What the event charged; the switch names every event that may charge a holder.
        Taken[] charges = e.Data switch
        {
            ApplicationFeePaid x => [new(ChargeKind.ApplicationFee, e.StreamId, x.Amount, true, x.InvoiceNumber, e.By())],
            InstallationCompleted x => [new(ChargeKind.OverLengthPipe, e.StreamId, x.OverLengthCharge, null, null, x.Installer)],
            IgnitionCompleted x =>
            [
                new(ChargeKind.Hose, e.Id, x.Hose?.Price ?? 0, x.Hose?.Invoiced, null, x.Technician),
                new(ChargeKind.IgnitionOther, e.Id, x.Charge?.Amount ?? 0, x.Charge?.Invoiced, null, x.Technician),
            ],
            InspectionVisited x =>
                [new(ChargeKind.Inspection, x.InspectionId, x.Charge?.Amount ?? 0, x.Charge?.Invoiced, null, x.Inspector)],
            RepairCompleted x => [new(ChargeKind.Repair, x.RepairId, x.Charge?.Amount ?? 0, x.Charge?.Invoiced, null, "")],
            GasLedger.Domain.Visits.VisitDone { Hose: { } hose } x => [new(ChargeKind.Hose, x.VisitId, hose.Price, hose.Invoiced, null, x.Technician)],
            UsageRecorded { Kind: UsageKind.IcPurchase } x =>
                [new(ChargeKind.IcCardPurchase, x.UsageId, x.Amount ?? 0, null, null, e.By())],
            _ => [],
        };
        charges = charges.Where(c => c.Amount > 0).ToArray();
        if (charges.Length == 0) return;

        LedgerAccount account;
        if (e.Data is RepairCompleted completed)
        {
            // The repair's technician is on its latest dispatch.
            var stream = await Shared.Stream(ops, e, e.Version, ct);
            account = LedgerAccount.Of(stream);
            var technician = stream.Select(s => s.Data).OfType<RepairDispatched>()
                .LastOrDefault(d => d.RepairId == completed.RepairId)?.Technician ?? "";
            charges = charges.Select(c => c with { Staff = technician }).ToArray();
        }
        else account = await LedgerAccount.Load(Shared, ops, e, ct);

        foreach (var c in charges)
            ops.Store(new ChargeRow
            {
                ChargeId = $"{e.Id}:{GasLedger.Domain.Accounts.WireNames.Of(c.Kind.ToString())}", EventId = e.Id, WorkId = c.Work,
                AccountId = e.StreamId, AccountNumber = account.Number, District = account.District, Kind = c.Kind, Amount = c.Amount,
                Invoiced = c.Invoiced, InvoiceNumber = c.InvoiceNumber, Staff = c.Staff, ChargedAt = e.At(), RecordedBy = e.By(),
            });
    }

    /// <summary>A charge an event took: what for, the work, amount, invoiced, invoice number, who took it.</summary>
    private sealed record Taken(ChargeKind Kind, Guid Work, decimal Amount, bool? Invoiced, string? InvoiceNumber, string Staff);
}
