using GasLedger.Domain.Accounts;
using JasperFx.Events.Projections;
using GasLedger.Projections.Classification;
using GasLedger.Projections.Inspections;
using GasLedger.Projections.Statistics;
using Marten;

namespace GasLedger.Projections;

/// <summary>
/// Every read model GasLedger keeps, registered in one place, each marked inline (written in the same transaction as
/// the events: a client reads its own write) or async (built by the async daemon behind the event log).
/// </summary>
public static class GasLedgerProjections
{
    /// <summary>
    /// The async read models built from one pass over the event log: the ten ledgers, the satisfaction observations,
    /// the callback plan and ledger, the irregular-charge findings. One composite projection (one daemon shard): the
    /// daemon reads each batch of events once and hands it to each of them, instead of each reading the whole log.
    /// </summary>
    public const string ReadModels = "ReadModels";

    public static StoreOptions AddGasLedgerProjections(this StoreOptions opts, Domain.ServicePolicy policy)
    {
        // Inline: the account as GET /api/accounts/{id} answers it, and as the decisions read it.
        opts.Projections.Snapshot<Account>(SnapshotLifecycle.Inline, o => o.BatchSize = LedgerProjections.BatchSize);
        opts.Schema.For<Account>()
            .Index(a => a.Number, i => i.IsUnique = true)
            .Index(a => a.HolderPartyId)
            .Index(a => a.Address.District);

        // Each read-side slice declares its documents' tables and indexes.
        opts.AddSatisfactionDocuments();
        opts.AddLedgerDocuments();
        opts.AddInspectionDueDocuments();
        opts.AddClassPeriodDocuments();
        opts.AddComplaintFactDocuments();
        opts.AddMovementDocuments();
        return opts;
    }

    /// <summary>
    /// The members of <see cref="ReadModels"/>, in the order they are handed each batch: the satisfaction observations,
    /// the callback plan and ledger, the irregular-charge findings, the inspections due, the classification, the complaint facts, the accounts' movements, then the ten ledgers (台账). They share
    /// <paramref name="shared"/>: what one reads for a batch, the next finds read.
    /// </summary>
    public static Marten.Events.Projections.EventProjection[] ReadModelMembers(Domain.ServicePolicy policy, SharedReads shared,
        Func<Domain.Calendar.WorkingCalendar> calendar) =>
    [
        new Satisfaction.SatisfactionIndexProjection(policy, shared),
        new Callbacks.CallbackPlanProjection(policy, shared, calendar),
        new Callbacks.IrregularChargeProjection(policy, shared),
        new Inspections.InspectionDueProjection(policy, shared),
        new Classification.ClassPeriodProjection(policy, shared),
        new Statistics.ComplaintFactProjection(policy, shared, calendar),
        new Statistics.MovementProjection(policy, shared),
        new Ledgers.ApplicationLedgerProjection(shared),
        new Ledgers.InstallationLedgerProjection(shared),
        new Ledgers.IgnitionLedgerProjection(shared),
        new Ledgers.InspectionLedgerProjection(shared),
        new Ledgers.HazardLedgerProjection(shared),
        new Ledgers.TransferLedgerProjection(shared),
        new Ledgers.ComplaintLedgerProjection(shared),
        new Ledgers.RepairLedgerProjection(shared),
        new Ledgers.CallbackLedgerProjection(shared, calendar, policy),
        new Ledgers.ChargeLedgerProjection(shared),
        new Ledgers.CounterLedgerProjection(policy, shared),
    ];

    /// <summary>
    /// The async projections, which count working days on the calendar in force: the time limits of every account
    /// (R-INS-2 … R-SUP-1), and the <see cref="ReadModels"/> composite — the daemon reads each batch once and hands it to
    /// every member.
    /// </summary>
    public static StoreOptions AddAsyncProjections(this StoreOptions opts, Func<Domain.Calendar.WorkingCalendar> calendar,
        Domain.ServicePolicy policy, ProjectionVersions? versions = null)
    {
        opts.Projections.Add(new TimeLimits.TimeLimitProjection(calendar, policy) { Version = (versions ?? ProjectionVersions.Current).TimeLimits },
            ProjectionLifecycle.Async);
        opts.Projections.CompositeProjectionFor(ReadModels, c =>
        {
            c.Options.BatchSize = LedgerProjections.BatchSize; // the size the members' batch reads are tuned for (BatchReads)
            foreach (var member in ReadModelMembers(policy, new SharedReads(), calendar)) c.Add(member);
        });
        return opts;
    }
}

/// <summary>
/// The version of each projection that can be rebuilt beside the one in use (blue/green, docs/cluster.md): a node
/// built or configured with a higher version reads and writes that version's tables and progression
/// (<c>mt_doc_accounttimelimits_2</c>, <c>TimeLimits:V2:All</c>), which it builds from the first event while the nodes of
/// the version before serve from theirs; it is ready (<c>/health/ready</c>) once its version has caught up. The time
/// limits are such a projection (Marten names an aggregate's table by its version); the composite of the other read
/// models is not yet (its running sums' tables are shared). Configured as <c>GasLedger:ProjectionVersions:TimeLimits</c>.
/// </summary>
public sealed record ProjectionVersions(uint TimeLimits = ProjectionVersions.TimeLimitsInCode)
{
    /// <summary>The time limits' version in this build: raised with a change to what the projection computes.</summary>
    public const uint TimeLimitsInCode = 1;

    public static readonly ProjectionVersions Current = new();
}
