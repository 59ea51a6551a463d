using GasLedger.City;
using GasLedger.Domain.Accounts;
using GasLedger.Domain.Inspections;

namespace GasLedger.Domain.Tests.SyntheticCity;

/// <summary>
/// R-INSP-1 as periods (<see cref="InspectionSchedule.Periods"/>, what the inspections-due read model stores): over the
/// histories of a generated city, on every day from before gas-on to years after, the period holding the day gives the
/// due date <see cref="Classifier.NextInspectionDue(Account, DateOnly, ServicePolicy)"/> gives, and no period holds a
/// day on which it gives none.
/// </summary>
public class InspectionScheduleTests
{
    [Fact]
    public void R_INSP_1_the_period_holding_a_day_gives_the_due_date_of_that_day()
    {
        var policy = ServicePolicy.Default;
        int accounts = 0, days = 0, due = 0, periods = 0;
        foreach (var generated in new CityGenerator(new CityOptions { Accounts = 200 }, policy).Accounts())
        {
            var account = AccountFold.Replay(generated.Events.Select(e => e.Data));
            var schedule = InspectionSchedule.Periods(account, policy);
            periods += schedule.Count;
            for (var i = 1; i < schedule.Count; i++) Assert.Equal(schedule[i - 1].Until, schedule[i].From); // no gap, no overlap
            var first = policy.LocalDate(account.AppliedAt).AddDays(-3);
            for (var day = first; day < first.AddYears(4); day = day.AddDays(3))
            {
                var held = schedule.SingleOrDefault(p => p.From <= day && (p.Until is null || day < p.Until));
                var expected = Classifier.NextInspectionDue(account, day, policy);
                Assert.Equal(expected, held?.NextDue);
                if (held is not null)
                    Assert.Equal(account.InspectedAt.Select(policy.LocalDate).Where(d => d <= day).Cast<DateOnly?>().DefaultIfEmpty(null).Max(),
                        held.LastInspected);
                if (expected is not null) due++;
                days++;
            }
            accounts++;
        }
        Assert.Equal(200, accounts);
        Assert.True(due > days / 3 && periods > accounts, $"{due} of {days} days with an inspection due, {periods} periods");
    }
}
