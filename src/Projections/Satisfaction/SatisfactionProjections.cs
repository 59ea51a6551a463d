using GasLedger.Domain;
using GasLedger.Projections.Satisfaction;
using Marten;

namespace GasLedger.Projections;

/// <summary>
/// The read models of satisfaction and callbacks (R-SAT-1..4, R-CB-1..5), all async (built by the daemon behind the
/// event log): observations, the callback plan and ledger, irregular-charge findings. The queries that aggregate over
/// them in SQL name their tables by <see cref="DocumentTables"/>.
/// </summary>
public static class SatisfactionProjections
{
    /// <summary>The tables of the satisfaction and callback documents, with the columns their queries filter on indexed.</summary>
    public static StoreOptions AddSatisfactionDocuments(this StoreOptions opts)
    {
        opts.Schema.For<SatisfactionObservation>().DocumentAlias("satisfaction_observation").Index(o => o.Date).Index(o => o.District);
        opts.Schema.For<Callbacks.CallbackPlanItem>().DocumentAlias("callback_plan_item")
            .Index(i => i.AccountId).Index(i => i.DueMonth).Index(i => i.WindowEnd).Index(i => i.District);
        // Renamed when the fold stopped carrying the whole account: the folds of the earlier shape are not read.
        opts.Schema.For<Callbacks.CallbackPlanFold>().DocumentAlias("callback_plan_progress");
        opts.Schema.For<Callbacks.ComplaintFollowUpEntry>().DocumentAlias("complaint_follow_up").Index(c => c.Month);
        opts.Schema.For<Callbacks.IrregularChargeFinding>().DocumentAlias("irregular_charge_finding").Index(f => f.Date);
        return opts;
    }
}
