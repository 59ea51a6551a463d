using GasLedger.Domain.Accounts;
using GasLedger.Domain.Supply;

namespace GasLedger.Domain.Inspections;

/// <summary>Decisions of safety inspection (安检) and hazards (隐患): R-INSP-2, R-HAZ-1, R-HAZ-2.</summary>
public static class InspectionDecisions
{
    /// <summary>
    /// R-INSP-2: a visit of an account with gas on (or suspended) ends passed, with hazards, or not home; only a visit
    /// with hazards lists them. R-HAZ-1: each hazard opens a rectification loop. R-HAZ-2: a severe one suspends supply.
    /// </summary>
    public static Decision Visit(Account account, InspectionVisited visit, IReadOnlyList<HazardFound> hazards, ServicePolicy policy)
    {
        if (AccountRules.Requires(account, "record an inspection", AccountStatus.Active, AccountStatus.Suspended) is { } refused)
            return refused;
        if (visit.Outcome == InspectionOutcome.HazardsFound && hazards.Count == 0)
            return Decision.InvalidField("hazards", "must list at least one hazard when the outcome is hazardsFound (R-HAZ-1).");
        if (visit.Outcome != InspectionOutcome.HazardsFound && hazards.Count > 0)
            return Decision.InvalidField("hazards",
                $"must be empty when the outcome is {WireNames.Of(visit.Outcome.ToString())} (R-INSP-2).");
        return Decision.Accepting([visit, .. hazards, .. HazardSuspension(account, hazards, policy)]);
    }

    /// <summary>R-INSP-3: a holder with gas on asks for an inspection; one request is open at a time.</summary>
    public static Decision Request(Account account, InspectionRequested requested)
    {
        if (AccountRules.Requires(account, "request an inspection", AccountStatus.Active, AccountStatus.Suspended) is { } refused)
            return refused;
        if (account.InspectionRequestedAt is { } open)
            return Decision.Refuse($"Account {account.Number} already has an inspection request open since {open:O} (R-INSP-3).");
        return Decision.Accepting(requested);
    }

    /// <summary>R-HAZ-2: supply is suspended at once when a severe hazard is found on an account whose gas is on.</summary>
    public static IEnumerable<IAccountEvent> HazardSuspension(Account account, IReadOnlyList<HazardFound> hazards, ServicePolicy policy)
    {
        var severe = hazards.FirstOrDefault(h => h.Severity == HazardSeverity.Severe);
        if (policy.SuspendSupplyOnSevereHazard && severe is not null && account.Status == AccountStatus.Active)
            yield return new SupplySuspended(SuspensionReason.Hazard, severe.OccurredAt, severe.HazardId, severe.OccurredAt);
    }

    /// <summary>R-HAZ-1: an open hazard is closed by its rectification and re-check, once.</summary>
    public static Decision Rectify(Account account, HazardRectified rectified)
    {
        if (AccountRules.RequiresOpen(account, "record a rectification") is { } refused)
            return refused;
        if (!account.Hazards.TryGetValue(rectified.HazardId, out var hazard))
            return Decision.NotFound($"Account {account.Number} has no hazard {rectified.HazardId}.");
        if (hazard.RectifiedAt is not null)
            return Decision.Refuse($"Hazard {rectified.HazardId} was already rectified at {hazard.RectifiedAt:O}.");
        return Decision.Accepting(rectified);
    }
}
