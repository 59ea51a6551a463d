using GasLedger.City;
using GasLedger.Domain.Callbacks;

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
}
