using GasLedger.Domain.Accounts;
using GasLedger.Domain.Inspections;

namespace GasLedger.Domain.Repairs;

/// <summary>Decisions of repairs (报修) and emergencies (报警): R-REP-1, R-HAZ-1/2.</summary>
public static class RepairDecisions
{
    /// <summary>R-REP-1: a repair of the holder's facilities, once they are installed.</summary>
    public static Decision Report(Account account, RepairReported reported)
    {
        if (AccountRules.Requires(account, "report a repair", AccountStatus.Installed, AccountStatus.Active,
            AccountStatus.Suspended) is { } refused)
            return refused;
        if (account.Repairs.ContainsKey(reported.RepairId))
            return Decision.Refuse($"Repair {reported.RepairId} already exists.");
        return Decision.Accepting(reported);
    }

    /// <summary>R-REP-1: the work order goes to a technician; until arrival it may be dispatched again to another.</summary>
    public static Decision Dispatch(Account account, RepairDispatched dispatched) =>
        Step(account, dispatched.RepairId, "dispatch", [RepairStatus.Reported, RepairStatus.Dispatched], dispatched);

    public static Decision Arrive(Account account, TechnicianArrived arrived) =>
        Step(account, arrived.RepairId, "mark arrival for", [RepairStatus.Dispatched], arrived);

    /// <summary>R-REP-1: completion on site, with the hazards found (each a notice, R-HAZ-1; a severe one suspends, R-HAZ-2).</summary>
    /// R-REP-4: a failed airtightness test is recorded and keeps the repair on site, open.
    public static Decision Complete(Account account, RepairCompleted completed, IReadOnlyList<HazardFound> hazards, ServicePolicy policy)
    {
        var step = Step(account, completed.RepairId, "complete", [RepairStatus.OnSite], completed);
        return step is Decision.Accept
            ? Decision.Accepting([completed, .. hazards, .. InspectionDecisions.HazardSuspension(account, hazards, policy)])
            : step;
    }

    /// <summary>R-REP-4: a repair not yet done may be handed to another channel, with the reason; that ends it here.</summary>
    public static Decision Refer(Account account, RepairReferred referred) =>
        Step(account, referred.RepairId, "refer", [RepairStatus.Reported, RepairStatus.Dispatched, RepairStatus.OnSite], referred);

    private static Decision Step(Account account, Guid repairId, string action, RepairStatus[] allowed, IAccountEvent e)
    {
        if (AccountRules.RequiresOpen(account, $"{action} a repair") is { } refused)
            return refused;
        if (!account.Repairs.TryGetValue(repairId, out var repair))
            return Decision.NotFound($"Account {account.Number} has no repair {repairId}.");
        if (!allowed.Contains(repair.Status))
            return Decision.Refuse(
                $"Cannot {action} repair {repairId}: it is {WireNames.Of(repair.Status.ToString())}; this needs {string.Join(" or ", allowed.Select(s => WireNames.Of(s.ToString())))}.");
        return Decision.Accepting(e);
    }
}
