namespace GasLedger.Domain.Accounts;

/// <summary>The rules every command on an account stream passes before its own decision (R-ACC-6, business time).</summary>
public static class AccountRules
{
    /// <summary>
    /// R-ACC-6: a command fits only some states; anything else is a conflict naming the state. Closed is final:
    /// nothing is accepted on a closed account.
    /// </summary>
    public static Decision? Requires(Account account, string action, params AccountStatus[] allowed)
    {
        if (account.Status == AccountStatus.Closed)
            return Decision.Refuse($"Cannot {action}: account {account.Number} is closed, and closed is final.");
        if (allowed.Length > 0 && !allowed.Contains(account.Status))
            return Decision.Refuse(
                $"Cannot {action}: account {account.Number} is {Name(account.Status)}; this needs {string.Join(" or ", allowed.Select(Name))}.");
        return null;
    }

    /// <summary>Any state but closed.</summary>
    public static Decision? RequiresOpen(Account account, string action) => Requires(account, action);

    /// <summary>
    /// Business time: a command's <c>occurredAt</c> may be neither in the future (beyond the allowed clock skew) nor
    /// earlier than the latest business time already in the stream, so that a stream's business time never runs
    /// backwards.
    /// </summary>
    public static Decision? CheckBusinessTime(Account? account, DateTimeOffset occurredAt, DateTimeOffset now, ServicePolicy policy)
    {
        if (occurredAt > now + policy.AllowedClockSkew)
            return Decision.InvalidField("occurredAt", $"is in the future ({occurredAt:O}); the server time is {now:O}.");
        if (account is not null && occurredAt < account.LastOccurredAt)
            return Decision.InvalidField("occurredAt",
                $"is before the account's latest business time {account.LastOccurredAt:O}; business time never runs backwards within an account.");
        return null;
    }

    private static string Name(AccountStatus status) => WireNames.Of(status.ToString());
}

/// <summary>Names as they travel on the wire (api-contract.md): camelCase (<c>HazardsFound</c> → <c>hazardsFound</c>).</summary>
public static class WireNames
{
    public static string Of(string pascal) => char.ToLowerInvariant(pascal[0]) + pascal[1..];
}
