using GasLedger.Domain;
using GasLedger.Domain.Calendar;
using GasLedger.Domain.Repairs;
using GasLedger.Domain.TimeLimits;

namespace GasLedger.Domain.Tests;

/// <summary>R-CAL-2 office hours, R-CAL-5 visiting hours and open counters, R-TL-3 repairs on the office-hours clock.</summary>
public sealed class OfficeHoursTests
{
    private static readonly ServicePolicy Policy = ServicePolicy.Default;
    private static readonly WorkingCalendar Calendar = WorkingCalendar.Official;

    private static DateTimeOffset At(int month, int day, int hour, int minute = 0) => Given.Day(month, day, hour, minute);

    [Fact]
    public void R_CAL_2_the_office_keeps_winter_and_summer_hours_on_working_days_and_is_closed_on_holidays()
    {
        Assert.Equal((new TimeOnly(8, 30), new TimeOnly(16, 30)), OfficeHours.On(new DateOnly(2026, 11, 30), Calendar, Policy)); // a Monday
        Assert.Equal((new TimeOnly(8, 30), new TimeOnly(17, 0)), OfficeHours.On(new DateOnly(2026, 5, 6), Calendar, Policy)); // summer
        Assert.Equal((new TimeOnly(8, 30), new TimeOnly(17, 0)), OfficeHours.On(new DateOnly(2026, 9, 30), Calendar, Policy));
        Assert.Null(OfficeHours.On(new DateOnly(2026, 11, 28), Calendar, Policy)); // Saturday
        Assert.Null(OfficeHours.On(new DateOnly(2026, 10, 1), Calendar, Policy)); // National Day
        Assert.NotNull(OfficeHours.On(new DateOnly(2026, 9, 20), Calendar, Policy)); // a Sunday worked in exchange (调休)
    }

    [Fact]
    public void R_TL_3_a_repair_is_reached_within_six_office_hours_in_the_city_and_seven_in_the_suburbs()
    {
        // Reported Monday 2026-11-30 at 14:00: 2.5 office hours that day, the rest from 08:30 on Tuesday.
        var monday = At(11, 30, 14);
        Assert.Equal(At(12, 1, 12), OfficeHours.After(monday, TimeSpan.FromHours(6), Calendar, Policy));
        Assert.Equal(At(12, 1, 13), OfficeHours.After(monday, TimeSpan.FromHours(7), Calendar, Policy));
        // Reported on Friday evening: the clock starts on Monday morning.
        Assert.Equal(At(11, 30, 14, 30), OfficeHours.After(At(11, 27, 19), TimeSpan.FromHours(6), Calendar, Policy));
        // Reported on 30 September (summer hours, to 17:00): the National Day holidays do not count, October keeps winter hours.
        Assert.Equal(At(10, 8, 11, 30), OfficeHours.After(At(9, 30, 14), TimeSpan.FromHours(6), Calendar, Policy));

        var city = new RepairReported(Guid.NewGuid(), false, "灶具打不着火", RepairLocation.Urban, null, "S-5002", monday);
        var suburb = city with { RepairId = Guid.NewGuid(), Location = RepairLocation.Suburban };
        var emergency = city with { RepairId = Guid.NewGuid(), Emergency = true };
        AccountTimeLimits? s = null;
        foreach (var e in new Accounts.IAccountEvent[] { Given.Submitted(), city, suburb, emergency })
            s = AccountTimeLimits.Follow(s, Given.AccountId, e, (s?.Version ?? 0) + 1, Calendar, Policy);
        var arrivals = s!.Items.Values.Where(i => i.Kind == CommitmentKind.RepairArrival).ToDictionary(i => i.WorkId!.Value);
        Assert.Equal(2, arrivals.Count); // an emergency has its 30 minutes instead (R-REP-2)
        Assert.Equal(("R-TL-3", "6 office hours", At(12, 1, 12)), (arrivals[city.RepairId].Rule, arrivals[city.RepairId].Commitment, arrivals[city.RepairId].DueAt));
        Assert.Equal(At(12, 1, 13), arrivals[suburb.RepairId].DueAt);
        var arrived = AccountTimeLimits.Follow(s, Given.AccountId, new TechnicianArrived(city.RepairId, At(12, 1, 11)), s.Version + 1, Calendar, Policy);
        Assert.Equal(WorkState.Met, arrived.Items[$"repairArrival:{city.RepairId}"].StateAt(At(12, 2, 9)));
        Assert.Equal(WorkState.Breached, arrived.Items[$"repairArrival:{suburb.RepairId}"].StateAt(At(12, 2, 9)));
    }

    [Fact]
    public void R_CAL_5_home_visits_keep_the_visiting_hours_of_the_day_while_the_counters_open_every_day()
    {
        Assert.True(OfficeHours.WithinVisitingHours(At(11, 30, 8), Calendar, Policy)); // a working day: 08:00–18:00
        Assert.True(OfficeHours.WithinVisitingHours(At(11, 30, 18), Calendar, Policy));
        Assert.False(OfficeHours.WithinVisitingHours(At(11, 30, 18, 30), Calendar, Policy));
        Assert.False(OfficeHours.WithinVisitingHours(At(11, 28, 8, 30), Calendar, Policy)); // Saturday: 09:00–17:00
        Assert.True(OfficeHours.WithinVisitingHours(At(11, 28, 9), Calendar, Policy));
        Assert.False(OfficeHours.WithinVisitingHours(At(10, 2, 17, 30), Calendar, Policy)); // a holiday
        // A bill paid at the counter on a Sunday is a counter transaction like any other.
        var sunday = new Counter.BillPaid(50m, null, 2, "A-1", At(11, 29, 10));
        Expect.AcceptedAsIs(Counter.CounterDecisions.PayBill(Given.Active(), sunday), sunday);
    }
}
