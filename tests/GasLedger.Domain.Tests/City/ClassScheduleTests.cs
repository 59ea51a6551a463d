using GasLedger.City;
using GasLedger.Domain.Accounts;

namespace GasLedger.Domain.Tests.SyntheticCity;

/// <summary>
/// R-CLS-2..4 as periods (<see cref="ClassSchedule.Periods"/>, what the classification read model stores): over the
/// histories of a generated city, on every day from before the application to years after the last event, the period
/// holding the day has the tier, stage and level <see cref="Classifier.Classify"/> gives for that day, and no period
/// holds a day before the application.
/// </summary>
public class ClassScheduleTests
{
    [Fact]
    public void R_CLS_the_period_holding_a_day_gives_the_class_of_that_day()
    {
        var policy = ServicePolicy.Default;
        int accounts = 0, days = 0, periods = 0;
        var transitions = new HashSet<(LifecycleStage, LifecycleStage)>();
        var tiers = new HashSet<ValueTier>();
        foreach (var generated in new CityGenerator(new CityOptions { Accounts = 120 }, policy).Accounts())
        {
            var account = AccountFold.Replay(generated.Events.Select(e => e.Data));
            var schedule = ClassSchedule.Periods(account, policy);
            periods += schedule.Count;
            Assert.Equal(policy.LocalDate(account.AppliedAt), schedule[0].From);
            Assert.Null(schedule[^1].Until);
            for (var i = 1; i < schedule.Count; i++)
            {
                Assert.Equal(schedule[i - 1].Until, schedule[i].From); // no gap, no overlap
                Assert.NotEqual((schedule[i - 1].Tier, schedule[i - 1].Stage, schedule[i - 1].ServiceLevel),
                    (schedule[i].Tier, schedule[i].Stage, schedule[i].ServiceLevel)); // a period ends where the class changes
                transitions.Add((schedule[i - 1].Stage, schedule[i].Stage));
            }
            var first = policy.LocalDate(account.AppliedAt).AddDays(-3);
            for (var day = first; day < first.AddYears(8); day = day.AddDays(1))
            {
                var held = schedule.SingleOrDefault(p => p.From <= day && (p.Until is null || day < p.Until));
                if (day < schedule[0].From)
                {
                    Assert.Null(held);
                    continue;
                }
                var expected = Classifier.Classify(account, day, policy);
                Assert.Equal((expected.Tier, expected.Stage, expected.ServiceLevel), (held!.Tier, held.Stage, held.ServiceLevel));
                tiers.Add(held.Tier);
                days++;
            }
            accounts++;
        }
        Assert.Equal(120, accounts);
        // Time alone moves classes in this city: accounts become established, go dormant, change tier.
        Assert.Contains((LifecycleStage.Prospect, LifecycleStage.New), transitions);
        Assert.Contains((LifecycleStage.New, LifecycleStage.Established), transitions);
        Assert.Contains(transitions, t => t.Item2 == LifecycleStage.Dormant);
        Assert.True(tiers.Count >= 2 && periods > 2 * accounts, $"{periods} periods of {accounts} accounts over {days} days, tiers {string.Join(",", tiers)}");
    }

    [Theory]
    [InlineData("2024-02-29")]
    [InlineData("2025-01-31")]
    [InlineData("2025-03-31")]
    [InlineData("2025-08-15")]
    public void R_CLS_3_a_new_account_becomes_established_on_the_day_the_classifier_says(string gasOnDay)
    {
        var policy = ServicePolicy.Default;
        var gasOn = DateOnly.Parse(gasOnDay, System.Globalization.CultureInfo.InvariantCulture);
        var at = new DateTimeOffset(gasOn.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8));
        var usage = System.Collections.Immutable.ImmutableSortedDictionary<string, decimal>.Empty;
        for (var m = 0; m < 30; m++) usage = usage.Add(Classifier.MonthKey(gasOn.AddMonths(m)), 10m);
        var account = new Account { Category = CustomerCategory.Residential, AppliedAt = at.AddDays(-20), GasOnAt = at, UsageByMonth = usage };

        var schedule = ClassSchedule.Periods(account, policy);
        var established = schedule.Single(p => p.Stage == LifecycleStage.Established).From;
        Assert.Equal(LifecycleStage.New, Classifier.Classify(account, established.AddDays(-1), policy).Stage);
        Assert.Equal(LifecycleStage.Established, Classifier.Classify(account, established, policy).Stage);
        // 120 m³ a year is tier C throughout; the volume stops after 30 months, and six months later the account is dormant.
        Assert.Equal(LifecycleStage.Dormant, schedule[^1].Stage);
        Assert.Equal(new DateOnly(gasOn.Year, gasOn.Month, 1).AddMonths(29 + policy.DormantAfterMonths), schedule[^1].From);
        Assert.All(schedule, p => Assert.Equal(ValueTier.C, p.Tier));
    }
}
