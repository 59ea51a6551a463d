using GasLedger.Domain;
using GasLedger.Domain.Callbacks;
using GasLedger.Domain.Complaints;
using GasLedger.Domain.Ignition;
using GasLedger.Domain.Inspections;
using GasLedger.Domain.Installation;
using GasLedger.Domain.Repairs;
using GasLedger.Domain.Supply;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace GasLedger.Projections.Satisfaction;

/// <summary>
/// Builds the callback plan (R-CB-1), one document per callback an account is owed, and the callback ledger (R-CB-3),
/// one document per callback or complaint follow-up. Async. At every event that changes what an account is owed (work
/// done, a callback, a follow-up, a usage reading that may make it a key customer, closure) the account's items are
/// computed again from its history up to that event (<see cref="CallbackPlan.Of"/>, a pure function) and stored whole:
/// nothing is read back from documents written earlier, so the order of batches does not matter and a rebuild gives
/// the same documents.
/// </summary>
public sealed class CallbackPlanProjection : EventProjection
{
    private readonly ServicePolicy _policy;

    public CallbackPlanProjection(ServicePolicy policy)
    {
        _policy = policy;
        IncludeType<InstallationCompleted>();
        IncludeType<IgnitionCompleted>();
        IncludeType<InspectionVisited>();
        IncludeType<RepairCompleted>();
        IncludeType<ComplaintResolved>();
        IncludeType<ComplaintFollowedUp>();
        IncludeType<CallbackMade>();
        IncludeType<UsageRecorded>();
        IncludeType<AccountClosed>();
        Options.BatchSize = LedgerProjections.BatchSize;
        RegisterPublishedType(typeof(CallbackPlanItem));
        RegisterPublishedType(typeof(CallbackLedgerEntry));
    }

    private readonly Batches _batches = new();

    /// <summary>The batch's account snapshots and streams, read once for the batch (<see cref="BatchReads"/>).</summary>
    public override Task EnrichEventsAsync(IQuerySession session, IReadOnlyList<IEvent> events, CancellationToken ct) =>
        _batches.Enrich(session, events, streams: true, ct);

    public override async ValueTask ApplyAsync(IDocumentOperations ops, IEvent e, CancellationToken ct)
    {
        switch (e.Data)
        {
            case InstallationCompleted or IgnitionCompleted or InspectionVisited or RepairCompleted or ComplaintResolved or UsageRecorded or AccountClosed:
                await StorePlan(ops, e, ct);
                break;
            case CallbackMade c:
                await StorePlan(ops, e, ct);
                await StoreLedger(ops, e, c.Kind, false, c.Staff, c.FollowsWorkId, c.Reached, c.Satisfaction, c.IrregularChargeReported, c.Opinions,
                    c.OccurredAt, ct);
                break;
            case ComplaintFollowedUp f:
                await StorePlan(ops, e, ct);
                await StoreLedger(ops, e, CallbackKind.AfterComplaint, true, f.By, f.ComplaintId, true, f.Satisfaction, false, null, f.OccurredAt, ct);
                break;
        }
    }

    private async Task StorePlan(IDocumentOperations ops, IEvent e, CancellationToken ct)
    {
        var items = CallbackPlan.Of(await AccountHistory.Through(_batches[e], ops, e, ct), _policy);
        if (items.Count == 0 || await BatchReads.Account(_batches[e], ops, e, ct) is not { } account) return;
        ops.Store(items.Select(i => CallbackPlanItem.Of(account.Id, account.Number, account.Address, i)).ToArray());
    }

    private async Task StoreLedger(IDocumentOperations ops, IEvent e, CallbackKind kind, bool followUp, string staff, Guid? follows, bool reached,
        SatisfactionLevel? satisfaction, bool irregular, string? opinions, DateTimeOffset at, CancellationToken ct)
    {
        if (await BatchReads.Account(_batches[e], ops, e, ct) is not { } account) return;
        var date = _policy.LocalDate(at);
        ops.Store(new CallbackLedgerEntry(e.Id.ToString(), account.Id, account.Number, account.Address.District, kind, followUp, staff, follows, reached,
            satisfaction, irregular, string.IsNullOrWhiteSpace(opinions) ? null : opinions.Trim(), at, Dates.Text(date), Dates.Month(date)));
    }
}
