using GasLedger.Domain;
using GasLedger.Domain.Accounts;
using GasLedger.Domain.Calendar;
using GasLedger.Domain.Inspections;

namespace GasLedger.Domain.Tests;

public sealed class HolidayInspectionTests
{
    private static readonly AccountSpec PublicService = AccountSpec.NonResidential(CustomerCategory.PublicService);

    private static IReadOnlyList<HolidayInspectionDue> Due(Account account, DateOnly asOf, int within = 30) =>
        HolidayInspections.Due(account, asOf, within, WorkingCalendar.Official, ServicePolicy.Default);

    [Fact]
    public void R_INSP_1_a_public_service_building_is_due_for_inspection_before_national_day()
    {
        var due = Assert.Single(Due(Given.Active(PublicService), new DateOnly(2026, 9, 15)));
        Assert.Equal(InspectionHoliday.NationalDay, due.Holiday);
        Assert.Equal(new DateOnly(2026, 10, 1), due.HolidayStarts);
        Assert.Equal(new DateOnly(2026, 9, 30), due.DueBy);
    }

    [Fact]
    public void R_INSP_1_an_inspection_in_the_month_before_the_holiday_answers_it_and_a_not_home_visit_does_not()
    {
        var account = Given.Active(PublicService);
        var notHome = account.Apply(new InspectionVisited(Guid.NewGuid(), "S-1", InspectionOutcome.NotHome, false, null, Given.Day(9, 14)));
        Assert.Single(Due(notHome, new DateOnly(2026, 9, 15)));
        var passed = notHome.Apply(new InspectionVisited(Guid.NewGuid(), "S-1", InspectionOutcome.Passed, false, null, Given.Day(9, 15)));
        Assert.Empty(Due(passed, new DateOnly(2026, 9, 16)));
    }

    [Fact]
    public void R_INSP_1_the_spring_festival_of_a_provisional_year_starts_on_lunar_new_years_eve()
    {
        var due = Assert.Single(Due(Given.Active(PublicService), new DateOnly(2027, 1, 20)));
        Assert.Equal(InspectionHoliday.SpringFestival, due.Holiday);
        Assert.Equal(new DateOnly(2027, 2, 5), due.HolidayStarts); // 除夕 2027
    }

    [Fact]
    public void R_INSP_1_residential_accounts_owe_no_pre_holiday_inspection()
    {
        Assert.Empty(Due(Given.Active(), new DateOnly(2026, 9, 15)));
    }
}
