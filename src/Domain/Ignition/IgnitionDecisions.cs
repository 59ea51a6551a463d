using GasLedger.Domain.Accounts;

namespace GasLedger.Domain.Ignition;

/// <summary>Decisions of gas-on (通气点火): R-IGN-1..3.</summary>
public static class IgnitionDecisions
{
    /// <summary>R-IGN-1: the holder asks for gas-on once the installation is accepted. A new request replaces an open one.</summary>
    public static Decision Request(Account account, IgnitionRequested requested, ServicePolicy policy)
    {
        if (AccountRules.Requires(account, "request gas-on", AccountStatus.Installed) is { } refused)
            return refused;
        if (requested.RequestedDate < policy.LocalDate(requested.OccurredAt))
            return Decision.InvalidField("requestedDate", "may not be before the day of the request.");
        return Decision.Accepting(requested);
    }

    /// <summary>
    /// R-IGN-2: gas is turned on only on a requested visit, with a flame-out protection device on the stove and a passed
    /// airtightness test; a visit that fails either is recorded with <see cref="Refuse"/>.
    /// </summary>
    public static Decision Complete(Account account, IgnitionCompleted completed)
    {
        if (AccountRules.Requires(account, "turn the gas on", AccountStatus.Installed) is { } refused)
            return refused;
        if (account.IgnitionRequest is null)
            return Decision.Refuse($"Cannot turn the gas on for account {account.Number}: the holder has not requested gas-on (R-IGN-1).");
        if (account.OpenHazards.FirstOrDefault(h => h.Severity == HazardSeverity.Severe) is { } severe)
            return Decision.Refuse($"Gas is not turned on while severe hazard {severe.Id} ({WireNames.Of(severe.Code.ToString())}) is not rectified (R-HAZ-2).");
        if (!completed.StoveHasFlameOutProtection)
            return Decision.Refuse("Gas is not turned on without a flame-out protection device on the stove (R-IGN-2): " +
                "record the visit with /ignition/refuse.");
        if (!completed.AirtightnessPassed)
            return Decision.Refuse(
                "Gas is not turned on when the airtightness test fails (R-IGN-2): record the visit with /ignition/refuse.");
        return Decision.Accepting(completed);
    }

    /// <summary>R-IGN-2: a refused visit closes the request; the holder asks again once the cause is fixed.</summary>
    public static Decision Refuse(Account account, IgnitionRefused refusedVisit)
    {
        if (AccountRules.Requires(account, "record a refused gas-on visit", AccountStatus.Installed) is { } refused)
            return refused;
        if (account.IgnitionRequest is null)
            return Decision.Refuse($"No gas-on request of account {account.Number} is open (R-IGN-1).");
        return Decision.Accepting(refusedVisit);
    }
}
