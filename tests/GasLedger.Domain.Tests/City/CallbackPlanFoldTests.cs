using GasLedger.City;
using GasLedger.Domain.Accounts;
using GasLedger.Domain.Applications;
using GasLedger.Domain.Callbacks;
using GasLedger.Domain.Supply;

namespace GasLedger.Domain.Tests.SyntheticCity;

/// <summary>
/// R-CB-1 folded one event at a time, as the callback-plan projection does: over the histories of a generated city, a
/// plan never drops an item it owed (so storing only what each event added or changed leaves the whole plan), and
/// folding on from any point gives the plan of the whole history.
/// </summary>
public class CallbackPlanFoldTests
{
    [Fact]
    public void R_CB_1_an_item_once_owed_stays_and_the_step_by_step_fold_is_the_plan_of_the_whole_history()
    {
        var policy = ServicePolicy.Default;
        int accounts = 0, steps = 0, changed = 0;
        foreach (var account in new CityGenerator(new CityOptions { Accounts = 300 }, policy).Accounts())
        {
            accounts++;
            var events = account.Events.Select(e => new StreamEvent(e.Id, e.Data)).ToArray();
            var progress = CallbackPlan.Progress.Start;
            foreach (var e in events)
            {
                var next = CallbackPlan.Next(progress, e, policy);
                var keys = next.Items.Select(i => i.Key).ToHashSet();
                Assert.All(progress.Items, i => Assert.Contains(i.Key, keys));
                Assert.Equal(keys.Count, next.Items.Count); // one item per key
                if (!ReferenceEquals(next.Items, progress.Items)) changed++;
                progress = next;
                steps++;
            }
            Assert.Equal(CallbackPlan.Of(events, policy), progress.Items);
        }
        Assert.Equal(300, accounts);
        Assert.True(changed > accounts && changed < steps / 2, $"{changed} of {steps} events changed a plan");
    }

    [Fact]
    public void R_CB_1_the_fold_keeps_the_usage_the_key_customer_tier_needs_and_no_more()
    {
        var policy = ServicePolicy.Default;
        int readings = 0, keyReadings = 0, longest = 0;
        foreach (var generated in new CityGenerator(new CityOptions { Accounts = 300 }, policy).Accounts())
        {
            var progress = CallbackPlan.Progress.Start;
            Account? account = null;
            foreach (var e in generated.Events)
            {
                account = e.Data is ApplicationSubmitted submitted ? Account.Create(submitted) : account!.Fold(e.Data);
                progress = CallbackPlan.Next(progress, new StreamEvent(e.Id, e.Data), policy);
                if (e.Data is not UsageRecorded usage || progress.ClosedOn is not null) continue;
                // The 12-month volume of the key-customer classification is the whole account's, from the months kept.
                var date = policy.LocalDate(usage.OccurredAt);
                Assert.Equal(Classifier.Volume(account, date, 12), Classifier.Volume(progress.RecentUsage, date, 12));
                Assert.Equal(account.Category, progress.Category);
                Assert.True(progress.RecentUsage.Count <= CallbackPlan.UsageMonthsKept + 1, $"{progress.RecentUsage.Count} months kept");
                readings++;
                longest = Math.Max(longest, account.UsageByMonth.Count);
                if (Classifier.Classify(account, date, policy).ServiceLevel == ServiceLevel.Key) keyReadings++;
            }
        }
        Assert.True(readings > 1000 && keyReadings > 0, $"{readings} readings, {keyReadings} of key customers");
        Assert.True(longest > CallbackPlan.UsageMonthsKept, $"the longest history has {longest} months: the pruning is exercised");
    }
}
