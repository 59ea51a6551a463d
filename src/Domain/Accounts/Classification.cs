namespace GasLedger.Domain.Accounts;

/// <summary>R-CLS-2: value tier; travels as "A", "B", "C".</summary>
public enum ValueTier
{
    [System.Text.Json.Serialization.JsonStringEnumMemberName("A")] A,
    [System.Text.Json.Serialization.JsonStringEnumMemberName("B")] B,
    [System.Text.Json.Serialization.JsonStringEnumMemberName("C")] C,
}

/// <summary>R-CLS-3: lifecycle stage.</summary>
public enum LifecycleStage { Prospect, New, Established, Dormant, Lost }

/// <summary>R-CLS-4: service level. 重点 / 关怀 / 标准.</summary>
public enum ServiceLevel { Key, Care, Standard }

/// <summary>R-CLS-5: risk flags shown with the class.</summary>
public enum RiskFlag { OpenHazards, RepeatedComplaints, DissatisfiedAtLastCallback }

/// <summary>分类分级 — an account's class on a date (R-CLS-1): category, value tier, stage, service level, risk flags.</summary>
public sealed record AccountClass(CustomerCategory Category, ValueTier Tier, LifecycleStage Stage, ServiceLevel ServiceLevel,
    IReadOnlyList<RiskFlag> RiskFlags, decimal VolumeLast12Months);

/// <summary>R-CLS-1..5 as a pure function of the account and the date: the windows move with the date.</summary>
public static class Classifier
{
    public static AccountClass Classify(Account account, DateOnly asOf, ServicePolicy policy)
    {
        var volume = Volume(account, asOf, 12);
        var thresholds = policy.TiersFor(account.Category);
        var tier = volume >= thresholds.A ? ValueTier.A : volume >= thresholds.B ? ValueTier.B : ValueTier.C;

        var stage = account.Status == AccountStatus.Closed ? LifecycleStage.Lost
            : account.GasOnAt is not { } gasOn ? LifecycleStage.Prospect
            : policy.LocalDate(gasOn) > asOf.AddMonths(-policy.NewAccountMonths) ? LifecycleStage.New
            : Volume(account, asOf, policy.DormantAfterMonths) == 0 ? LifecycleStage.Dormant
            : LifecycleStage.Established;

        var level = tier == ValueTier.A || tier == ValueTier.B && account.Category != CustomerCategory.Residential ? ServiceLevel.Key
            : account.SpecialCare ? ServiceLevel.Care
            : ServiceLevel.Standard;

        var flags = new List<RiskFlag>();
        if (account.OpenHazards.Any()) flags.Add(RiskFlag.OpenHazards);
        var yearAgo = asOf.AddMonths(-12);
        if (account.Complaints.Values.Count(c => policy.LocalDate(c.FiledAt) > yearAgo && policy.LocalDate(c.FiledAt) <= asOf) >= policy.ComplaintRiskCount)
            flags.Add(RiskFlag.RepeatedComplaints);
        if (account.LastCallbackSatisfaction == SatisfactionLevel.Dissatisfied) flags.Add(RiskFlag.DissatisfiedAtLastCallback);

        return new AccountClass(account.Category, tier, stage, level, flags, volume);
    }

    /// <summary>Volume of the <paramref name="months"/> calendar months ending with the month of <paramref name="asOf"/>.</summary>
    public static decimal Volume(Account account, DateOnly asOf, int months)
    {
        var first = new DateOnly(asOf.Year, asOf.Month, 1).AddMonths(-(months - 1)).ToString("yyyy-MM");
        var last = asOf.ToString("yyyy-MM");
        return account.UsageByMonth.Where(m => string.CompareOrdinal(m.Key, first) >= 0 && string.CompareOrdinal(m.Key, last) <= 0).Sum(m => m.Value);
    }

    /// <summary>
    /// R-INSP-1: the next periodic inspection is due one interval after the last inspection that counted (a not-home
    /// visit does not, R-INSP-2), or after gas-on; none before gas-on or after closure.
    /// </summary>
    public static DateOnly? NextInspectionDue(Account account, ServicePolicy policy)
    {
        if (account.Status == AccountStatus.Closed) return null;
        var from = account.LastInspectedAt ?? account.GasOnAt;
        return from is { } at ? policy.LocalDate(at).AddMonths(policy.InspectionIntervalMonths(account.Category)) : null;
    }
}
