using GasLedger.Domain.Ignition;
using GasLedger.Domain.Inspections;
using GasLedger.Domain.Installation;
using GasLedger.Domain.Repairs;

namespace GasLedger.Domain.Callbacks;

/// <summary>R-CB-4: what kind of irregular charge a finding is.</summary>
public enum FindingKind
{
    /// <summary>The holder told a callback of an irregular charge.</summary>
    ReportedAtCallback,

    /// <summary>A hose (波纹软管) was sold at ignition without an invoice.</summary>
    HoseNotInvoiced,

    /// <summary>A charge was taken at ignition without an invoice.</summary>
    IgnitionChargeNotInvoiced,

    /// <summary>The inspector charged the holder (安检 is free of charge to the holder).</summary>
    InspectorCharged,

    /// <summary>A repair charge was taken without an invoice.</summary>
    RepairChargeNotInvoiced,

    /// <summary>The over-length pipe charge the holder told a callback of is not the one the counter recorded (R-INS-3).</summary>
    OverLengthChargeMismatch,
}

/// <summary>
/// 违规收费 — an irregular charge the system surfaces (R-CB-4): its kind, the amount (for a mismatch: the amount the
/// holder reported) and the amount on record where there is one, the staff concerned (who took the charge; for a
/// report at a callback with no amount, the callback staff who heard it), the work it concerns, and the callback that
/// found it, if one did.
/// </summary>
public sealed record Finding(
    FindingKind Kind, decimal? Amount, decimal? RecordedAmount, bool? Invoiced, string? Staff, Guid? WorkId, Guid? CallbackId,
    CallbackKind? CallbackKind, string? Detail, DateTimeOffset OccurredAt);

/// <summary>R-CB-4 as a pure function: the findings an event makes, given the account's events before it.</summary>
public static class IrregularCharges
{
    public static IReadOnlyList<Finding> Of(StreamEvent e, IReadOnlyList<StreamEvent> before)
    {
        var found = new List<Finding>();
        switch (e.Data)
        {
            case IgnitionCompleted g:
                if (g.Hose is { Invoiced: false, Price: > 0 } hose)
                    found.Add(new Finding(FindingKind.HoseNotInvoiced, hose.Price, null, false, g.Technician, e.Id, null, null,
                        $"hose {hose.LengthMeters} m sold for {hose.Price} without an invoice", g.OccurredAt));
                if (g.Charge is { Invoiced: false, Amount: > 0 } ignitionCharge)
                    found.Add(new Finding(FindingKind.IgnitionChargeNotInvoiced, ignitionCharge.Amount, null, false, g.Technician, e.Id,
                        null, null, null, g.OccurredAt));
                break;
            case InspectionVisited v when v.Charge is { Amount: > 0 } inspectorCharge:
                found.Add(new Finding(FindingKind.InspectorCharged, inspectorCharge.Amount, null, inspectorCharge.Invoiced, v.Inspector,
                    v.InspectionId, null, null, null, v.OccurredAt));
                break;
            case RepairCompleted r when r.Charge is { Invoiced: false, Amount: > 0 } repairCharge:
                found.Add(new Finding(FindingKind.RepairChargeNotInvoiced, repairCharge.Amount, null, false,
                    TechnicianOf(r.RepairId, before), r.RepairId, null, null, r.Notes, r.OccurredAt));
                break;
            case CallbackMade c:
                if (c.IrregularChargeReported)
                    found.Add(new Finding(FindingKind.ReportedAtCallback, null, null, null, c.Staff, c.FollowsWorkId, c.CallbackId, c.Kind,
                        c.IrregularChargeDetail, c.OccurredAt));
                if (c.OverLengthChargeHeard is { } heard)
                {
                    var recordedAt = before.LastOrDefault(b => b.Data is InstallationCompleted);
                    var installation = recordedAt?.Data as InstallationCompleted;
                    if (heard != (installation?.OverLengthCharge ?? 0m))
                        found.Add(new Finding(FindingKind.OverLengthChargeMismatch, heard, installation?.OverLengthCharge, null,
                            installation?.Installer, recordedAt?.Id, c.CallbackId, c.Kind, c.IrregularChargeDetail, c.OccurredAt));
                }
                break;
        }
        return found;
    }

    private static string? TechnicianOf(Guid repairId, IReadOnlyList<StreamEvent> before) =>
        before.Select(b => b.Data).OfType<RepairDispatched>().LastOrDefault(d => d.RepairId == repairId)?.Technician;
}
