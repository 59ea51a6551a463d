namespace GasLedger.Domain.Accounts;

/// <summary>
/// A stretch of days over which an account's class stays the same (R-CLS-2..4): from a day (inclusive) until a day
/// (exclusive; none while it lasts), its value tier, lifecycle stage and service level. Its category is the account's.
/// </summary>
public sealed record ClassPeriod(DateOnly From, DateOnly? Until, ValueTier Tier, LifecycleStage Stage, ServiceLevel ServiceLevel);

public static class ClassSchedule
{
    /// <summary>
    /// The account's class over its whole life as periods, from the day it applied: on any day a period holds,
    /// <see cref="Classifier.Classify"/> gives that period's tier, stage and level; no period holds before the
    /// application. The periods that time alone opens are given ahead: the volume windows move on the first of each
    /// month (until a year after the last month with usage, when both windows are empty for good), a new account
    /// becomes established <see cref="ServicePolicy.NewAccountMonths"/> after gas-on. The other days a class can change
    /// on are those of gas-on, closure and a key designation made or undone (R-CLS-6). What the classifier takes as it is now (special care) holds for every period.
    /// </summary>
    public static IReadOnlyList<ClassPeriod> Periods(Account account, ServicePolicy policy)
    {
        var applied = policy.LocalDate(account.AppliedAt);
        var days = new SortedSet<DateOnly> { applied };
        void Add(DateOnly day)
        {
            if (day > applied) days.Add(day);
        }

        if (account.GasOnAt is { } gasOnAt)
        {
            var gasOn = policy.LocalDate(gasOnAt);
            Add(gasOn);
            // The first day the classifier no longer finds the gas-on within the last NewAccountMonths (AddMonths
            // clamps at the end of a month, so the day is found by stepping rather than by arithmetic).
            var established = gasOn.AddMonths(policy.NewAccountMonths).AddDays(-3);
            while (established.AddMonths(-policy.NewAccountMonths) < gasOn) established = established.AddDays(1);
            Add(established);
        }
        if (account.ClosedAt is { } closed) Add(policy.LocalDate(closed));
        foreach (var designation in account.KeyDesignations) // R-CLS-6
        {
            Add(policy.LocalDate(designation.From));
            if (designation.Until is { } until) Add(policy.LocalDate(until));
        }

        var usage = new Dictionary<int, decimal>();
        foreach (var (key, volume) in account.UsageByMonth)
            usage[MonthIndex(int.Parse(key[..4], System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(key[5..7], System.Globalization.CultureInfo.InvariantCulture))] = volume;
        var window = Math.Max(12, policy.DormantAfterMonths);
        var lastMonth = Math.Max(MonthIndex(applied.Year, applied.Month), usage.Count == 0 ? int.MinValue : usage.Keys.Max() + window);
        for (var month = MonthIndex(applied.Year, applied.Month) + 1; month <= lastMonth; month++)
            Add(new DateOnly(month / 12, month % 12 + 1, 1));

        decimal Volume(DateOnly asOf, int months)
        {
            var last = MonthIndex(asOf.Year, asOf.Month);
            var sum = 0m;
            for (var m = last - months + 1; m <= last; m++) sum += usage.GetValueOrDefault(m);
            return sum;
        }

        var periods = new List<ClassPeriod>();
        foreach (var day in days)
        {
            var tier = Classifier.Tier(account.Category, Volume(day, 12), policy);
            var stage = Classifier.Stage(account, day, Volume(day, policy.DormantAfterMonths), policy);
            var level = Classifier.Level(account.Category, tier, account.SpecialCare,
                KeyCustomerDecisions.DesignatedOn(account.KeyDesignations, day, policy));
            if (periods.Count > 0 && periods[^1] is var last && last.Tier == tier && last.Stage == stage && last.ServiceLevel == level)
                continue;
            if (periods.Count > 0) periods[^1] = periods[^1] with { Until = day };
            periods.Add(new ClassPeriod(day, null, tier, stage, level));
        }
        return periods;
    }

    private static int MonthIndex(int year, int month) => year * 12 + month - 1;
}
