using GasLedger.Domain.Accounts;

namespace GasLedger.Domain.Installation;

/// <summary>Decisions of installation (安装): R-INS-1..3, R-APP-3.</summary>
public static class InstallationDecisions
{
    /// <summary>
    /// R-APP-3: installation is not scheduled before the fee is paid (or a collective invoice is on record).
    /// R-INS-1: survey and date agreed; it may be rescheduled until the installation is completed.
    /// </summary>
    public static Decision Schedule(Account account, InstallationScheduled scheduled, ServicePolicy policy)
    {
        if (AccountRules.Requires(account, "schedule the installation", AccountStatus.Applied, AccountStatus.Installing) is { } refused)
            return refused;
        if (!account.FeeSettled)
            return Decision.Refuse(
                $"Cannot schedule the installation of account {account.Number}: the application fee is not paid (R-APP-3).");
        if (scheduled.AppointmentDate < policy.LocalDate(scheduled.OccurredAt))
            return Decision.InvalidField("appointmentDate", "may not be before the day it is agreed.");
        return Decision.Accepting(scheduled);
    }

    /// <summary>R-INS-3: completion of a scheduled installation.</summary>
    public static Decision Complete(Account account, InstallationCompleted completed)
    {
        if (AccountRules.Requires(account, "complete the installation", AccountStatus.Installing) is { } refused)
            return refused;
        if (account.Installation is null)
            return Decision.Refuse($"Cannot complete the installation of account {account.Number}: it has not been scheduled.");
        return Decision.Accepting(completed);
    }
}
