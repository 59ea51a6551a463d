using GasLedger.Domain.Accounts;
using GasLedger.Domain.Callbacks;
using GasLedger.Domain.Ignition;
using GasLedger.Domain.Inspections;
using GasLedger.Domain.Repairs;
using GasLedger.Domain;
using GasLedger.Projections.Callbacks;
using GasLedger.Projections;
using JasperFx.Events;
using Marten.Events.Projections;
using Marten;

namespace GasLedger.Projections.Callbacks;

/// <summary>
/// Builds the irregular-charge findings (R-CB-4), one document per finding (<see cref="IrregularCharges.Of"/>): a hose
/// or a charge without invoice at ignition, an inspector's charge, an uninvoiced repair charge, a charge reported at a
/// callback, an over-length pipe charge heard at a callback that is not the counter's record. Async; from the events
/// and the account's history before each.
/// </summary>
public sealed class IrregularChargeProjection(ServicePolicy policy, SharedReads shared) : ReadModelMember(policy, shared,
    [typeof(IgnitionCompleted), typeof(InspectionVisited), typeof(RepairCompleted), typeof(CallbackMade)],
    typeof(IrregularChargeFinding))
{
    /// <summary>An uninvoiced repair charge takes its technician, and a heard over-length charge the recorded one, from before.</summary>
    private static bool NeedsHistory(IEvent e) =>
        e.Data is RepairCompleted { Charge.Invoiced: false } or CallbackMade { OverLengthChargeHeard: not null };

    /// <summary>
    /// The batch's account facts, and the streams of the accounts whose findings need their history, read once for the
    /// batch (<see cref="BatchReads"/>).
    /// </summary>
    public override Task EnrichEventsAsync(IQuerySession session, IReadOnlyList<IEvent> events, CancellationToken ct) =>
        Shared.Enrich(session, events, NeedsHistory, ct);

    public override async ValueTask ApplyAsync(IDocumentOperations ops, IEvent e, CancellationToken ct)
    {
        IReadOnlyList<StreamEvent> before;
        switch (e.Data)
        {
            case IgnitionCompleted:
            case InspectionVisited:
                before = [];
                break;
            case RepairCompleted or CallbackMade when NeedsHistory(e):
                before = await AccountHistory.Before(Shared, ops, e, ct);
                break;
            case CallbackMade:
                before = [];
                break;
            default:
                return;
        }

        var findings = IrregularCharges.Of(new StreamEvent(e.Id, (IAccountEvent)e.Data), before);
        if (findings.Count == 0 || await Shared.Account(ops, e, ct) is not { } account) return;
        ops.Store(findings.Select(f => new IrregularChargeFinding(IrregularChargeFinding.IdOf(e.Id, f.Kind), account.Id, account.Number,
            account.Address.District, f.Kind, f.Amount, f.RecordedAmount, f.Invoiced, f.Staff, f.WorkId, f.CallbackId, f.CallbackKind,
            f.Detail, f.OccurredAt, Dates.Text(Policy.LocalDate(f.OccurredAt)))).ToArray());
    }
}
