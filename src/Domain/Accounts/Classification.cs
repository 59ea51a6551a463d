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

/// <summary>
/// R-CLS-1..5 as a pure function of the account and a date: the 12-month volume window and dormancy move with the
/// date, and what the account records with a time (gas-on, closure, hazards, complaints, inspections) is taken as it
/// stood on that date. The holder's special care and the last callback are taken as they are now.
/// </summary>
public static class Classifier
{
    public static AccountClass Classify(Account account, DateOnly asOf, ServicePolicy policy)
    {
        var volume = Volume(account, asOf, 12);
        var tier = Tier(account.Category, volume, policy);

        var stage = Stage(account, asOf, Volume(account, asOf, policy.DormantAfterMonths), policy);
        var level = Level(account.Category, tier, account.SpecialCare,
            KeyCustomerDecisions.DesignatedOn(account.KeyDesignations, asOf, policy));

        bool By(DateTimeOffset? at) => at is { } t && policy.LocalDate(t) <= asOf;
        var flags = new List<RiskFlag>();
        if (account.Hazards.Values.Any(h => By(h.FoundAt) && !By(h.RectifiedAt))) flags.Add(RiskFlag.OpenHazards);
        var yearAgo = asOf.AddMonths(-12);
        if (account.Complaints.Values.Count(c => policy.LocalDate(c.FiledAt) > yearAgo && policy.LocalDate(c.FiledAt) <= asOf)
            >= policy.ComplaintRiskCount)
            flags.Add(RiskFlag.RepeatedComplaints);
        if (account.LastCallbackSatisfaction == SatisfactionLevel.Dissatisfied) flags.Add(RiskFlag.DissatisfiedAtLastCallback);

        return new AccountClass(account.Category, tier, stage, level, flags, volume);
    }

    /// <summary>
    /// R-CLS-3: the lifecycle stage on <paramref name="asOf"/>, given the volume of the
    /// <see cref="ServicePolicy.DormantAfterMonths"/> calendar months ending with its month.
    /// </summary>
    public static LifecycleStage Stage(Account account, DateOnly asOf, decimal volumeDormancyWindow, ServicePolicy policy)
    {
        bool By(DateTimeOffset? at) => at is { } t && policy.LocalDate(t) <= asOf;
        return By(account.ClosedAt) ? LifecycleStage.Lost
            : !By(account.GasOnAt) ? LifecycleStage.Prospect
            : policy.LocalDate(account.GasOnAt!.Value) > asOf.AddMonths(-policy.NewAccountMonths) ? LifecycleStage.New
            : volumeDormancyWindow == 0 ? LifecycleStage.Dormant
            : LifecycleStage.Established;
    }

    /// <summary>R-CLS-2: the value tier of a 12-month volume, by the category's thresholds.</summary>
    public static ValueTier Tier(CustomerCategory category, decimal volumeLast12Months, ServicePolicy policy)
    {
        var thresholds = policy.TiersFor(category);
        return volumeLast12Months >= thresholds.A ? ValueTier.A : volumeLast12Months >= thresholds.B ? ValueTier.B : ValueTier.C;
    }

    /// <summary>R-CLS-4: key for tier A, and for tier B outside the residential category; else care for a holder in special care.</summary>
    public static ServiceLevel Level(CustomerCategory category, ValueTier tier, bool specialCare, bool designatedKey = false) =>
        designatedKey || tier == ValueTier.A || tier == ValueTier.B && category != CustomerCategory.Residential ? ServiceLevel.Key
        : specialCare ? ServiceLevel.Care
        : ServiceLevel.Standard;

    /// <summary>Volume of the <paramref name="months"/> calendar months ending with the month of <paramref name="asOf"/>.</summary>
    public static decimal Volume(Account account, DateOnly asOf, int months) => Volume(account.UsageByMonth, asOf, months);

    /// <summary>
    /// Volume of a usage by month (<see cref="MonthKey"/>) over the <paramref name="months"/> calendar months ending
    /// with the month of <paramref name="asOf"/>.
    /// </summary>
    public static decimal Volume(IReadOnlyDictionary<string, decimal> usageByMonth, DateOnly asOf, int months)
    {
        var first = MonthKey(new DateOnly(asOf.Year, asOf.Month, 1).AddMonths(-(months - 1)));
        var last = MonthKey(asOf);
        return usageByMonth.Where(m => string.CompareOrdinal(m.Key, first) >= 0 && string.CompareOrdinal(m.Key, last) <= 0)
            .Sum(m => m.Value);
    }

    /// <summary>The key of a month in <see cref="Account.UsageByMonth"/>: "yyyy-MM", Gregorian whatever the culture.</summary>
    public static string MonthKey(DateOnly date) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{date.Year:D4}-{date.Month:D2}");

    /// <summary>
    /// R-INSP-1: the next periodic inspection is due one interval after the last inspection that counted (a not-home
    /// visit does not, R-INSP-2), or after gas-on; none before gas-on or after closure.
    /// </summary>
    public static DateOnly? NextInspectionDue(Account account, ServicePolicy policy) =>
        NextInspectionDue(account, DateOnly.MaxValue, policy);

    /// <summary>R-INSP-1 as the account stood on <paramref name="asOf"/>.</summary>
    public static DateOnly? NextInspectionDue(Account account, DateOnly asOf, ServicePolicy policy)
    {
        if (account.ClosedAt is { } closed && policy.LocalDate(closed) <= asOf) return null;
        if (account.GasOnAt is not { } gasOn || policy.LocalDate(gasOn) > asOf) return null;
        var last = account.InspectedAt.Select(policy.LocalDate).Where(d => d <= asOf).DefaultIfEmpty(policy.LocalDate(gasOn)).Max();
        return last.AddMonths(policy.InspectionIntervalMonths(account.Category));
    }
}
