using GasLedger.Domain.Accounts;
using GasLedger.Domain.Applications;
using GasLedger.Domain.Callbacks;
using GasLedger.Domain.Complaints;
using GasLedger.Domain.Ignition;
using GasLedger.Domain.Inspections;
using GasLedger.Domain.Installation;
using GasLedger.Domain.Repairs;
using GasLedger.Domain.Supply;
using GasLedger.Domain;
using GasLedger.Projections.Callbacks;
using GasLedger.Projections;
using JasperFx.Events;
using Marten.Events.Projections;
using Marten;

namespace GasLedger.Projections.Callbacks;

/// <summary>
/// Builds the callback plan (R-CB-1), one document per callback an account is owed, and the callback ledger (R-CB-3),
/// one document per callback or complaint follow-up. Async. At every event that changes what an account is owed (work
/// done, a callback, a follow-up, a usage reading that may make it a key customer, closure) the account's plan is folded
/// from its history up to that event (<see cref="CallbackPlan.Next"/>, a pure function; within a batch, on from the
/// account's previous event) and the items the event added or changed are stored: nothing is read back from documents
/// written earlier, so the order of batches does not matter and a rebuild gives the same documents.
/// </summary>
public sealed class CallbackPlanProjection(ServicePolicy policy, SharedReads shared, Func<Domain.Calendar.WorkingCalendar> calendar)
    : ReadModelMember(policy, shared,
    [typeof(ApplicationSubmitted), typeof(RepairDispatched), typeof(InstallationCompleted), typeof(IgnitionCompleted), typeof(InspectionVisited), typeof(RepairCompleted), typeof(ComplaintResolved), typeof(ComplaintFollowedUp), typeof(CallbackMade), typeof(UsageRecorded), typeof(AccountClosed), typeof(KeyCustomerDesignated), typeof(KeyCustomerUndesignated)],
    typeof(CallbackPlanItem), typeof(ComplaintFollowUpEntry), typeof(CallbackPlanFold))
{
    /// <summary>
    /// The batch's account facts (<see cref="BatchReads"/>) and the plans as earlier batches left them
    /// (<see cref="CallbackPlanFold"/>), each read in one query for the batch.
    /// </summary>
    public override async Task EnrichEventsAsync(IQuerySession session, IReadOnlyList<IEvent> events, CancellationToken ct)
    {
        if (events.Count == 0) return;
        var batch = new Folded(events.Min(e => e.Sequence), events.Max(e => e.Sequence));
        foreach (var e in events)
            if (IncludedEventTypes.Contains(e.EventType) && (!batch.Last.TryGetValue(e.StreamId, out var last) || last < e.Version))
                batch.Last[e.StreamId] = e.Version;
        // Where whole streams are held (a rebuild), the plans are folded from them instead.
        var stored = events.Where(e => !Shared.HoldsStream(e)).Select(e => e.StreamId).Distinct().ToArray();
        if (stored.Length > 0)
            foreach (var fold in await session.LoadManyAsync<CallbackPlanFold>(ct, stored))
                batch.Plans[fold.Id] = (fold.Version, fold.Progress);
        lock (_folded)
        {
            _folded.AddFirst(batch);
            while (_folded.Count > 4) _folded.RemoveLast();
        }
        await Shared.Enrich(session, events, streams: false, ct);
    }

    public override async ValueTask ApplyAsync(IDocumentOperations ops, IEvent e, CancellationToken ct)
    {
        switch (e.Data)
        {
            case ApplicationSubmitted or RepairDispatched or InstallationCompleted or IgnitionCompleted or InspectionVisited
                or RepairCompleted or ComplaintResolved or UsageRecorded or AccountClosed or CallbackMade
                or KeyCustomerDesignated or KeyCustomerUndesignated:
                await StorePlan(ops, e, ct);
                break;
            case ComplaintFollowedUp f:
                await StorePlan(ops, e, ct);
                await StoreFollowUp(ops, e, f, ct);
                break;
        }
    }

    private async Task StorePlan(IDocumentOperations ops, IEvent e, CancellationToken ct)
    {
        var (before, after, lastOfBatch) = await PlanAround(ops, e, ct);
        // Where the plan stands is stored once an account a batch, at its last event the plan is handed (or at every
        // event handed outside a batch): the next batch goes on from it.
        if (lastOfBatch) ops.Store(new CallbackPlanFold(e.StreamId, e.Version, after));
        if (ReferenceEquals(before, after)) return;
        if (ReferenceEquals(before.Items, after.Items) || await Shared.Account(ops, e, ct) is not { } account) return;
        // Items are never dropped from a plan (CallbackPlan.Next), so the items this event added or changed are all it writes.
        var owed = before.Items.ToDictionary(i => i.Key);
        var changed = after.Items.Where(i => !owed.TryGetValue(i.Key, out var was) || was != i).ToArray();
        ops.Store(changed.Select(i => CallbackPlanItem.Of(account.Id, account.Number, account.Address, i)).ToArray());
    }

    /// <summary>
    /// The plan before and after <paramref name="e"/>. This projection is handed every event that changes a plan, in
    /// order, and keeps where each account's plan stood after the last of them: within a batch in memory (by the batch's
    /// range of sequence numbers, starting from the folds stored by earlier batches), and across batches as the
    /// account's <see cref="CallbackPlanFold"/>. So the plan before <paramref name="e"/> is the one kept,
    /// whatever events that change no plan came between. Only an account with none kept (a database built before the
    /// folds were), or whose whole stream is held (a rebuild), is folded from the start of its stream.
    /// </summary>
    private async Task<(CallbackPlan.Progress Before, CallbackPlan.Progress After, bool LastOfBatch)> PlanAround(IQuerySession session,
        IEvent e, CancellationToken ct)
    {
        Folded? folded;
        lock (_folded) folded = _folded.FirstOrDefault(b => b.Floor <= e.Sequence && e.Sequence <= b.Ceiling);
        (long Version, CallbackPlan.Progress Progress) known = default;
        if (folded is not null) lock (folded) folded.Plans.TryGetValue(e.StreamId, out known);
        var progress = known.Progress is not null && known.Version < e.Version ? known.Progress
            : e.Version == 1 ? CallbackPlan.Progress.Start
            // A batch that was enriched read the stored folds already; an event handed without one reads its own.
            : folded is null && await session.LoadAsync<CallbackPlanFold>(e.StreamId, ct) is { } stored && stored.Version < e.Version
                ? stored.Progress
            : await FromStream(session, e, ct);
        var after = CallbackPlan.Next(progress, new StreamEvent(e.Id, (IAccountEvent)e.Data), Policy, calendar());
        if (folded is null) return (progress, after, true);
        lock (folded)
        {
            folded.Plans[e.StreamId] = (e.Version, after);
            return (progress, after, folded.Last.GetValueOrDefault(e.StreamId) <= e.Version);
        }
    }

    private async Task<CallbackPlan.Progress> FromStream(IQuerySession session, IEvent e, CancellationToken ct)
    {
        var progress = CallbackPlan.Progress.Start;
        foreach (var x in await Shared.Stream(session, e, e.Version - 1, ct))
            if (x.Data is IAccountEvent data) progress = CallbackPlan.Next(progress, new StreamEvent(x.Id, data), Policy, calendar());
        return progress;
    }

    /// <summary>
    /// The plans folded in one batch (the events from <c>Floor</c> to <c>Ceiling</c>), each at the version of the
    /// account's last event folded.
    /// </summary>
    private sealed record Folded(long Floor, long Ceiling)
    {
        public readonly Dictionary<Guid, (long Version, CallbackPlan.Progress Progress)> Plans = new();

        /// <summary>The version of each account's last event in the batch that the plan is handed.</summary>
        public readonly Dictionary<Guid, long> Last = new();
    }

    /// <summary>The latest batches' folds (the daemon hands each batch to <see cref="EnrichEventsAsync"/> before applying it).</summary>
    private readonly LinkedList<Folded> _folded = new();

    private async Task StoreFollowUp(IDocumentOperations ops, IEvent e, ComplaintFollowedUp f, CancellationToken ct)
    {
        if (await Shared.Account(ops, e, ct) is not { } account) return;
        var date = Policy.LocalDate(f.OccurredAt);
        ops.Store(new ComplaintFollowUpEntry(e.Id.ToString(), account.Id, account.Number, account.Address.District, f.ComplaintId, f.By,
            f.Satisfaction, f.OccurredAt, Dates.Text(date), Dates.Month(date)));
    }
}
