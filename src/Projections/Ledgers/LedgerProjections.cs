using GasLedger.Projections.Ledgers;
using Marten;

namespace GasLedger.Projections;

/// <summary>
/// The eleven ledgers (台账) staff keep, each a read model of rows built by an async projection behind the event log:
/// a ledger need not be read in the same transaction as the write, and a slow ledger never slows a command.
/// </summary>
public static class LedgerProjections
{
    /// <summary>
    /// Events per batch of every async event projection: a batch reads its accounts' snapshots and streams once
    /// (<see cref="SharedReads"/>), so larger batches mean fewer round trips; 10,000 keeps a batch's reads tens of MB.
    /// </summary>
    public const int BatchSize = 10_000;

    /// <summary>The ledgers' tables: each row is keyed by the natural id of its work; its district and main date indexed.</summary>
    public static StoreOptions AddLedgerDocuments(this StoreOptions opts)
    {
        // Each row is keyed by the natural id of its work; its district and its main date, which the ledger queries
        // filter and sort on, are indexed.
        opts.Schema.For<ApplicationRow>().Identity(r => r.AccountId).Index(r => r.District).Index(r => r.AppliedAt);
        opts.Schema.For<InstallationRow>().Identity(r => r.AccountId).Index(r => r.District).Index(r => r.ScheduledAt);
        opts.Schema.For<IgnitionRow>().Identity(r => r.EventId).Index(r => r.District).Index(r => r.VisitAt);
        opts.Schema.For<InspectionRow>().Identity(r => r.InspectionId).Index(r => r.District).Index(r => r.VisitedAt);
        opts.Schema.For<HazardRow>().Identity(r => r.HazardId).Index(r => r.District).Index(r => r.FoundAt);
        opts.Schema.For<TransferRow>().Identity(r => r.EventId).Index(r => r.District).Index(r => r.TransferredAt);
        opts.Schema.For<ComplaintRow>().Identity(r => r.ComplaintId).Index(r => r.District).Index(r => r.FiledAt);
        opts.Schema.For<RepairRow>().Identity(r => r.RepairId).Index(r => r.District).Index(r => r.ReportedAt);
        opts.Schema.For<CallbackRow>().Identity(r => r.CallbackId).Index(r => r.District).Index(r => r.CalledAt);
        opts.Schema.For<ChargeRow>().Identity(r => r.ChargeId).Index(r => r.District).Index(r => r.ChargedAt);
        opts.Schema.For<CounterRow>().Identity(r => r.EventId).Index(r => r.District).Index(r => r.HandledAt);
        return opts;
    }
}
