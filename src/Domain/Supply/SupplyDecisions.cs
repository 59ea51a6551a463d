using GasLedger.Domain.Accounts;

namespace GasLedger.Domain.Supply;

/// <summary>Decisions of supply (供气): R-SUP-1..3, R-HAZ-2, R-ACC-6.</summary>
public static class SupplyDecisions
{
    /// <summary>
    /// R-SUP-3: usage of an account whose gas is on (or suspended), of the kind its meter has, and of a plausible size for
    /// its category (<see cref="ServicePolicy.MaxUsageM3"/>).
    /// </summary>
    public static Decision RecordUsage(Account account, UsageRecorded usage, ServicePolicy policy)
    {
        if (AccountRules.Requires(account, "record usage", AccountStatus.Active, AccountStatus.Suspended) is { } refused)
            return refused;
        if (usage.Kind == UsageKind.IcPurchase && account.MeterType != MeterType.IcCard)
            return Decision.InvalidField("kind", "icPurchase needs an IC-card meter; this account has a read meter.");
        if (usage.Kind == UsageKind.MeterReading && account.MeterType != MeterType.ReadMeter)
            return Decision.InvalidField("kind", "meterReading needs a read meter; this account has an IC-card meter.");
        if (new FieldErrors().InRange(usage.VolumeM3, "volumeM3", 0m, policy.MaxUsageM3(account.Category),
                    $"m³ for one {WireNames.Of(account.Category.ToString())} reading")
                .AsDecision() is { } implausible)
            return implausible;
        return Decision.Accepting(usage);
    }

    /// <summary>R-SUP-2: supply is suspended with a reason. R-SUP-1: a planned interruption records when holders were told.</summary>
    public static Decision Suspend(Account account, SupplySuspended suspended)
    {
        if (AccountRules.Requires(account, "suspend supply", AccountStatus.Active) is { } refused)
            return refused;
        if (suspended.Reason == SuspensionReason.PlannedWork && suspended.NoticeGivenAt is null)
            return Decision.InvalidField("noticeGivenAt",
                "is required for a planned interruption: when the holders were notified (R-SUP-1).");
        if (suspended.NoticeGivenAt > suspended.OccurredAt)
            return Decision.InvalidField("noticeGivenAt", "may not be after the suspension.");
        return Decision.Accepting(suspended);
    }

    /// <summary>R-SUP-2 and R-HAZ-2: supply resumes only when no severe hazard is open.</summary>
    public static Decision Resume(Account account, SupplyResumed resumed)
    {
        if (AccountRules.Requires(account, "resume supply", AccountStatus.Suspended) is { } refused)
            return refused;
        var severe = account.OpenHazards.FirstOrDefault(h => h.Severity == HazardSeverity.Severe);
        if (severe is not null)
            return Decision.Refuse($"Cannot resume supply of account {account.Number}: severe hazard {severe.Id} ({WireNames.Of(severe.Code.ToString())}) is not rectified (R-HAZ-2).");
        return Decision.Accepting(resumed);
    }

    /// <summary>R-SUP-2, R-ACC-6: closure from any state; it is final.</summary>
    public static Decision Close(Account account, AccountClosed closed)
    {
        if (AccountRules.RequiresOpen(account, "close the account") is { } refused)
            return refused;
        return Decision.Accepting(closed);
    }
}
