using GasLedger.Domain.Accounts;
using GasLedger.Domain.Applications;
using GasLedger.Domain.Callbacks;
using GasLedger.Domain.Complaints;
using GasLedger.Domain.Ignition;
using GasLedger.Domain.Inspections;
using GasLedger.Domain.Installation;
using GasLedger.Domain.Repairs;
using GasLedger.Domain.Supply;
using GasLedger.Domain.Transfers;

namespace GasLedger.City;

/// <summary>
/// Folds an accepted event onto the account state by the event's own <c>Apply</c>, as the event store does. (Named
/// <c>Then</c>, not <c>Apply</c> or <c>Evolve</c>, and kept out of the Domain types: Marten's source generator looks for those.)
/// </summary>
public static class AccountFold
{
    public static Account Then(this Account a, IAccountEvent e) => e switch
    {
        ApplicationFeePaid x => a.Apply(x),
        InstallationScheduled x => a.Apply(x),
        InstallationCompleted x => a.Apply(x),
        IgnitionRequested x => a.Apply(x),
        IgnitionCompleted x => a.Apply(x),
        IgnitionRefused x => a.Apply(x),
        InspectionRequested x => a.Apply(x),
        InspectionVisited x => a.Apply(x),
        HazardFound x => a.Apply(x),
        HazardRectified x => a.Apply(x),
        HolderTransferred x => a.Apply(x),
        ComplaintFiled x => a.Apply(x),
        ComplaintEscalated x => a.Apply(x),
        ComplaintReplied x => a.Apply(x),
        ComplaintResolved x => a.Apply(x),
        ComplaintFollowedUp x => a.Apply(x),
        ComplaintReopened x => a.Apply(x),
        ComplaintClosed x => a.Apply(x),
        RepairReported x => a.Apply(x),
        RepairDispatched x => a.Apply(x),
        TechnicianArrived x => a.Apply(x),
        RepairCompleted x => a.Apply(x),
        CallbackMade x => a.Apply(x),
        RatingGiven x => a.Apply(x),
        UsageRecorded x => a.Apply(x),
        SupplySuspended x => a.Apply(x),
        SupplyResumed x => a.Apply(x),
        AccountClosed x => a.Apply(x),
        _ => throw new ArgumentException($"No Apply for {e.GetType().Name}; ApplicationSubmitted starts a stream (Account.Create)."),
    };

    /// <summary>The state after a whole history, from the application that opens it.</summary>
    public static Account Replay(IEnumerable<IAccountEvent> events)
    {
        Account? account = null;
        foreach (var e in events)
            account = account is null ? Account.Create((ApplicationSubmitted)e) : account.Then(e);
        return account ?? throw new ArgumentException("An account history starts with its application.", nameof(events));
    }
}
