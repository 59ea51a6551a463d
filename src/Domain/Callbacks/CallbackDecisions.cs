using GasLedger.Domain.Accounts;

namespace GasLedger.Domain.Callbacks;

/// <summary>Decisions of callbacks (回访) and ratings: R-CB-2, R-SAT-1/2.</summary>
public static class CallbackDecisions
{
    /// <summary>R-CB-2: a callback of an open account; one not reached carries no satisfaction.</summary>
    public static Decision Callback(Account account, CallbackMade callback)
    {
        if (AccountRules.RequiresOpen(account, "record a callback") is { } refused)
            return refused;
        if (!callback.Reached && callback.Satisfaction is not null)
            return Decision.InvalidField("satisfaction", "cannot be given for a callback that did not reach the holder (R-CB-2).");
        return Decision.Accepting(callback);
    }

    /// <summary>R-SAT-1/2: a rating of an open account.</summary>
    public static Decision Rate(Account account, RatingGiven rating)
    {
        if (AccountRules.RequiresOpen(account, "record a rating") is { } refused)
            return refused;
        return Decision.Accepting(rating);
    }
}
