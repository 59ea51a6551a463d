using GasLedger.Domain.Accounts;
using JasperFx.Events.Projections;
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

        // Each read-side slice registers its own projections here, one line each, saying inline or async inside.
        opts.AddSatisfactionProjections(policy); // async, in ReadModels: satisfaction index, callback plan and ledger, findings
        opts.AddLedgerProjections(); // async, in ReadModels: the ten ledgers (台账)
        return opts;
    }

    /// <summary>Async: the time limits of every account (R-INS-2 … R-SUP-1), counted on the calendar in force.</summary>
    public static StoreOptions AddTimeLimitProjection(this StoreOptions opts, Func<Domain.Calendar.WorkingCalendar> calendar, Domain.ServicePolicy policy)
    {
        opts.Projections.Add(new TimeLimits.TimeLimitProjection(calendar, policy), ProjectionLifecycle.Async);
        return opts;
    }
}
