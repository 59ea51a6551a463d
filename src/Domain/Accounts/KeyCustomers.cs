namespace GasLedger.Domain.Accounts;

/// <summary>
/// 重点客户认定 — a customer manager designated the account key (R-CLS-6), with the reason, and is its manager from then.
/// </summary>
public sealed record KeyCustomerDesignated(string CustomerManager, string Reason, DateTimeOffset OccurredAt) : IAccountEvent;

/// <summary>重点客户取消 — the designation undone, with the reason (R-CLS-6).</summary>
public sealed record KeyCustomerUndesignated(string Reason, DateTimeOffset OccurredAt) : IAccountEvent;

/// <summary>客户经理 — the account's customer manager assigned or changed (R-CLS-4/6).</summary>
public sealed record CustomerManagerAssigned(string CustomerManager, DateTimeOffset OccurredAt) : IAccountEvent;

/// <summary>A designation as key: from, until (open while it holds), by whom and why.</summary>
public sealed record KeyDesignation(DateTimeOffset From, DateTimeOffset? Until, string By, string Reason);

/// <summary>Decisions of key customers (R-CLS-4, R-CLS-6).</summary>
public static class KeyCustomerDecisions
{
    /// <summary>R-CLS-6: an open account not designated key now may be, with a reason; the designating manager becomes its manager.</summary>
    public static Decision Designate(Account account, KeyCustomerDesignated designated)
    {
        if (AccountRules.RequiresOpen(account, "designate the account key") is { } refused) return refused;
        if (account.KeyDesignations.LastOrDefault() is { Until: null })
            return Decision.Refuse($"Account {account.Number} is designated key already. Nothing was written.");
        return Decision.Accepting(designated);
    }

    /// <summary>R-CLS-6: a designation that holds may be undone, with a reason.</summary>
    public static Decision Undesignate(Account account, KeyCustomerUndesignated undone)
    {
        if (AccountRules.RequiresOpen(account, "undo the key designation") is { } refused) return refused;
        if (account.KeyDesignations.LastOrDefault() is not { Until: null })
            return Decision.Refuse($"Account {account.Number} is not designated key. Nothing was written.");
        return Decision.Accepting(undone);
    }

    /// <summary>R-CLS-4: a customer manager is assigned to an open account (a key account has one).</summary>
    public static Decision Assign(Account account, CustomerManagerAssigned assigned)
    {
        if (AccountRules.RequiresOpen(account, "assign a customer manager") is { } refused) return refused;
        if (account.CustomerManager == assigned.CustomerManager)
            return Decision.Refuse($"{assigned.CustomerManager} is the customer manager of account {account.Number} already. Nothing was written.");
        return Decision.Accepting(assigned);
    }

    /// <summary>R-CLS-6: whether a designation holds on <paramref name="asOf"/> (company dates).</summary>
    public static bool DesignatedOn(IEnumerable<KeyDesignation> designations, DateOnly asOf, ServicePolicy policy) =>
        designations.Any(d => policy.LocalDate(d.From) <= asOf && (d.Until is not { } until || policy.LocalDate(until) > asOf));
}
