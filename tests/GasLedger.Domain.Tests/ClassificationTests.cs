using GasLedger.Domain.Accounts;
using GasLedger.Domain.Complaints;
using GasLedger.Domain.Inspections;
using GasLedger.Domain.Supply;

namespace GasLedger.Domain.Tests;

/// <summary>R-CLS-1..5 via <see cref="Classifier.Classify"/>, R-INSP-1 via <see cref="Classifier.NextInspectionDue"/>.</summary>
public class ClassificationTests
{
    // Gas went on 2026-09-08 (Given.GasOnAt).
    private static readonly DateOnly AYearAndMore = new(2027, 9, 8);

    private static AccountClass Classify(Account account, DateOnly asOf) => Classifier.Classify(account, asOf, Given.Policy);

    private static Account ActiveWithVolume(AccountSpec spec, decimal m3, DateOnly periodEnd) =>
        Given.Active(spec).Fold(Given.Usage(m3, periodEnd));

    // ---- R-CLS-2: value tier ----

    [Theory]
    [InlineData(CustomerCategory.Residential, 600, ValueTier.A)]
    [InlineData(CustomerCategory.Residential, 599.99, ValueTier.B)]
    [InlineData(CustomerCategory.Residential, 200, ValueTier.B)]
    [InlineData(CustomerCategory.Residential, 199.99, ValueTier.C)]
    [InlineData(CustomerCategory.Residential, 0, ValueTier.C)]
    [InlineData(CustomerCategory.PublicService, 50_000, ValueTier.A)]
    [InlineData(CustomerCategory.PublicService, 49_999, ValueTier.B)]
    [InlineData(CustomerCategory.PublicService, 10_000, ValueTier.B)]
    [InlineData(CustomerCategory.PublicService, 9_999, ValueTier.C)]
    [InlineData(CustomerCategory.Industrial, 1_000_000, ValueTier.A)]
    [InlineData(CustomerCategory.Industrial, 999_999, ValueTier.B)]
    [InlineData(CustomerCategory.Industrial, 100_000, ValueTier.B)]
    [InlineData(CustomerCategory.Industrial, 99_999, ValueTier.C)]
    [InlineData(CustomerCategory.Distribution, 500_000, ValueTier.A)]
    [InlineData(CustomerCategory.CngVehicle, 499_999, ValueTier.B)]
    [InlineData(CustomerCategory.CngMotherStation, 50_000, ValueTier.B)]
    [InlineData(CustomerCategory.LngVehicleVessel, 49_999, ValueTier.C)]
    [InlineData(CustomerCategory.LngFactoryRetail, 600_000, ValueTier.A)]
    [InlineData(CustomerCategory.LngTrade, 50_000, ValueTier.B)]
    public void R_CLS_2_tier_thresholds_per_category(CustomerCategory category, double m3, ValueTier tier)
    {
        var spec = category == CustomerCategory.Residential ? AccountSpec.Residential : AccountSpec.NonResidential(category);
        var account = ActiveWithVolume(spec, (decimal)m3, new DateOnly(2027, 3, 31));

        var cls = Classify(account, new DateOnly(2027, 6, 30));

        Assert.Equal(tier, cls.Tier);
        Assert.Equal(category, cls.Category);
        Assert.Equal((decimal)m3, cls.VolumeLast12Months);
    }

    [Fact]
    public void R_CLS_2_volume_is_the_12_calendar_months_ending_with_the_month_of_the_date()
    {
        var account = Given.Active().Fold(
            Given.Usage(1000m, new DateOnly(2026, 9, 30)), // 12 months before September 2027: outside
            Given.Usage(150m, new DateOnly(2026, 10, 31)), // first month of the window
            Given.Usage(100m, new DateOnly(2027, 9, 5)), // the date's own month
            Given.Usage(5000m, new DateOnly(2027, 10, 31))); // after the date's month: outside

        var cls = Classify(account, new DateOnly(2027, 9, 15));

        Assert.Equal(250m, cls.VolumeLast12Months);
        Assert.Equal(ValueTier.B, cls.Tier);
        Assert.Equal(250m, Classifier.Volume(account, new DateOnly(2027, 9, 15), 12));
        Assert.Equal(100m, Classifier.Volume(account, new DateOnly(2027, 9, 15), 1));
    }

    [Fact]
    public void R_CLS_2_the_tier_moves_with_the_date()
    {
        var account = ActiveWithVolume(AccountSpec.Residential, 700m, new DateOnly(2026, 12, 31));

        Assert.Equal(ValueTier.A, Classify(account, new DateOnly(2027, 11, 30)).Tier);
        Assert.Equal(ValueTier.C, Classify(account, new DateOnly(2027, 12, 1)).Tier);
    }

    [Fact]
    public void R_CLS_2_thresholds_are_the_policys()
    {
        var account = ActiveWithVolume(AccountSpec.Residential, 300m, new DateOnly(2027, 3, 31));
        var policy = Given.Policy with { ResidentialTiers = new TierThresholds(300m, 100m) };

        Assert.Equal(ValueTier.A, Classifier.Classify(account, new DateOnly(2027, 6, 30), policy).Tier);
    }

    // ---- R-CLS-3: lifecycle stage ----

    [Theory]
    [InlineData("applied")]
    [InlineData("installing")]
    [InlineData("installed")]
    public void R_CLS_3_applied_without_gas_on_is_a_prospect(string state)
    {
        var account = state switch { "applied" => Given.Applied(), "installing" => Given.Scheduled(), _ => Given.GasOnRequested() };

        Assert.Equal(LifecycleStage.Prospect, Classify(account, new DateOnly(2026, 9, 30)).Stage);
    }

    [Fact]
    public void R_CLS_3_gas_on_less_than_12_months_ago_is_new()
    {
        Assert.Equal(LifecycleStage.New, Classify(Given.Active(), new DateOnly(2026, 9, 8)).Stage);
        Assert.Equal(LifecycleStage.New, Classify(Given.Active(), new DateOnly(2027, 9, 7)).Stage);
    }

    [Fact]
    public void R_CLS_3_a_new_account_without_volume_is_new_not_dormant()
    {
        Assert.Equal(LifecycleStage.New, Classify(Given.Active(), new DateOnly(2027, 8, 31)).Stage);
    }

    [Fact]
    public void R_CLS_3_gas_on_12_months_ago_with_recent_volume_is_established()
    {
        var account = ActiveWithVolume(AccountSpec.Residential, 10m, new DateOnly(2027, 4, 30));

        Assert.Equal(LifecycleStage.Established, Classify(account, AYearAndMore).Stage);
    }

    [Fact]
    public void R_CLS_3_no_volume_in_the_last_6_months_is_dormant()
    {
        var account = ActiveWithVolume(AccountSpec.Residential, 10m, new DateOnly(2027, 3, 31));

        Assert.Equal(LifecycleStage.Dormant, Classify(account, AYearAndMore).Stage);
    }

    [Fact]
    public void R_CLS_3_dormancy_window_is_the_policys()
    {
        var account = ActiveWithVolume(AccountSpec.Residential, 10m, new DateOnly(2027, 3, 31));

        Assert.Equal(LifecycleStage.Established,
            Classifier.Classify(account, AYearAndMore, Given.Policy with { DormantAfterMonths = 7 }).Stage);
    }

    [Fact]
    public void R_CLS_3_a_suspended_account_with_volume_is_established()
    {
        var account = Given.Suspended().Fold(Given.Usage(10m, new DateOnly(2027, 8, 31)));

        Assert.Equal(LifecycleStage.Established, Classify(account, AYearAndMore).Stage);
    }

    [Fact]
    public void R_CLS_3_closed_is_lost()
    {
        Assert.Equal(LifecycleStage.Lost, Classify(Given.Closed(), new DateOnly(2026, 10, 1)).Stage);
        Assert.Equal(LifecycleStage.Lost,
            Classify(Given.Applied().Fold(new AccountClosed(ClosureReason.ApplicationWithdrawn, Given.Later)), new DateOnly(2026, 10, 31)).Stage);
    }

    [Fact]
    public void R_CLS_1_an_account_is_classified_as_it_stood_on_the_date()
    {
        // closed on 2026-09-25 (Given.ClosedAt): lost from that day on, new before it
        Assert.Equal(LifecycleStage.New, Classify(Given.Closed(), new DateOnly(2026, 9, 24)).Stage);
        Assert.Equal(LifecycleStage.Lost, Classify(Given.Closed(), new DateOnly(2026, 9, 25)).Stage);
        // gas on 2026-09-08: a prospect the day before
        Assert.Equal(LifecycleStage.Prospect, Classify(Given.Active(), new DateOnly(2026, 9, 7)).Stage);
    }

    [Fact]
    public void R_CLS_5_a_hazard_is_flagged_from_the_day_it_is_found_until_the_day_it_is_rectified()
    {
        var hazard = Given.Hazard(HazardSeverity.Minor, Guid.NewGuid(), at: Given.Day(10, 10));
        var account = Given.Active().Fold(hazard, new HazardRectified(hazard.HazardId, "S-3001", Given.Day(10, 20)));

        Assert.Empty(Classify(account, new DateOnly(2026, 10, 9)).RiskFlags);
        Assert.Equal([RiskFlag.OpenHazards], Classify(account, new DateOnly(2026, 10, 10)).RiskFlags);
        Assert.Equal([RiskFlag.OpenHazards], Classify(account, new DateOnly(2026, 10, 19)).RiskFlags);
        Assert.Empty(Classify(account, new DateOnly(2026, 10, 20)).RiskFlags);
    }

    [Fact]
    public void R_CLS_3_new_is_counted_from_the_company_local_date_of_gas_on()
    {
        // Gas on at 2026-09-30T17:00Z is 1 October 01:00 in Shanghai: new until 30 September 2027 inclusive.
        var active = Given.GasOnRequested().Fold(Given.Ignition(at: new DateTimeOffset(2026, 9, 30, 17, 0, 0, TimeSpan.Zero)))
            .Fold(Given.Usage(10m, new DateOnly(2027, 9, 30)));

        Assert.Equal(LifecycleStage.New, Classify(active, new DateOnly(2027, 9, 30)).Stage);
        Assert.Equal(LifecycleStage.Established, Classify(active, new DateOnly(2027, 10, 1)).Stage);
    }

    // ---- R-CLS-4: service level ----

    [Fact]
    public void R_CLS_4_tier_A_is_key()
    {
        var cls = Classify(ActiveWithVolume(AccountSpec.Residential, 800m, new DateOnly(2027, 3, 31)), new DateOnly(2027, 6, 30));

        Assert.Equal((ValueTier.A, ServiceLevel.Key), (cls.Tier, cls.ServiceLevel));
    }

    [Fact]
    public void R_CLS_4_non_residential_tier_B_is_key()
    {
        var cls = Classify(ActiveWithVolume(AccountSpec.NonResidential(CustomerCategory.PublicService), 20_000m, new DateOnly(2027, 3, 31)),
            new DateOnly(2027, 6, 30));

        Assert.Equal((ValueTier.B, ServiceLevel.Key), (cls.Tier, cls.ServiceLevel));
    }

    [Fact]
    public void R_CLS_4_residential_tier_B_is_standard()
    {
        var cls = Classify(ActiveWithVolume(AccountSpec.Residential, 300m, new DateOnly(2027, 3, 31)), new DateOnly(2027, 6, 30));

        Assert.Equal((ValueTier.B, ServiceLevel.Standard), (cls.Tier, cls.ServiceLevel));
    }

    [Fact]
    public void R_CLS_4_non_residential_tier_C_is_standard()
    {
        var cls = Classify(ActiveWithVolume(AccountSpec.NonResidential(CustomerCategory.Industrial), 10m, new DateOnly(2027, 3, 31)),
            new DateOnly(2027, 6, 30));

        Assert.Equal((ValueTier.C, ServiceLevel.Standard), (cls.Tier, cls.ServiceLevel));
    }

    [Fact]
    public void R_CLS_4_special_care_holder_is_care()
    {
        var cls = Classify(Given.Active(new AccountSpec { SpecialCare = true }), new DateOnly(2027, 6, 30));

        Assert.Equal((ValueTier.C, ServiceLevel.Care), (cls.Tier, cls.ServiceLevel));
    }

    [Fact]
    public void R_CLS_4_key_comes_before_care()
    {
        var account = ActiveWithVolume(new AccountSpec { SpecialCare = true }, 800m, new DateOnly(2027, 3, 31));

        Assert.Equal(ServiceLevel.Key, Classify(account, new DateOnly(2027, 6, 30)).ServiceLevel);
    }

    // ---- R-CLS-5: risk flags ----

    [Fact]
    public void R_CLS_5_no_risk_no_flags()
    {
        Assert.Empty(Classify(Given.Active(), new DateOnly(2027, 6, 30)).RiskFlags);
    }

    [Fact]
    public void R_CLS_5_open_hazards_are_flagged_until_rectified()
    {
        var hazard = Given.Hazard(HazardSeverity.Minor, Guid.NewGuid(), at: Given.Later);
        var open = Given.Active().Fold(hazard);
        var rectified = open.Fold(new HazardRectified(hazard.HazardId, "S-3001", Given.Later.AddDays(2)));

        Assert.Equal([RiskFlag.OpenHazards], Classify(open, new DateOnly(2027, 6, 30)).RiskFlags);
        Assert.Empty(Classify(rectified, new DateOnly(2027, 6, 30)).RiskFlags);
    }

    [Fact]
    public void R_CLS_5_two_complaints_in_12_months_are_flagged()
    {
        var account = Given.Active().Fold(Given.Complaint(at: Given.Day(10, 15)), Given.Complaint(at: Given.Day(3, 1, year: 2027)));

        Assert.Equal([RiskFlag.RepeatedComplaints], Classify(account, new DateOnly(2027, 6, 30)).RiskFlags);
    }

    [Fact]
    public void R_CLS_5_one_complaint_in_12_months_is_not_flagged()
    {
        var account = Given.Active().Fold(Given.Complaint(at: Given.Day(10, 15)));

        Assert.Empty(Classify(account, new DateOnly(2027, 6, 30)).RiskFlags);
    }

    [Fact]
    public void R_CLS_5_complaints_outside_the_12_month_window_do_not_count()
    {
        var account = Given.Active().Fold(Given.Complaint(at: Given.Day(10, 15)), Given.Complaint(at: Given.Day(3, 1, year: 2027)));

        // 12 months before 2027-10-15 is 2026-10-15: a complaint on that day is outside the window.
        Assert.Empty(Classify(account, new DateOnly(2027, 10, 15)).RiskFlags);
        Assert.Equal([RiskFlag.RepeatedComplaints], Classify(account, new DateOnly(2027, 10, 14)).RiskFlags);
        // complaints after the date do not count either
        Assert.Empty(Classify(account, new DateOnly(2027, 2, 28)).RiskFlags);
    }

    [Fact]
    public void R_CLS_5_complaint_count_is_the_policys()
    {
        var account = Given.Active().Fold(Given.Complaint(at: Given.Day(10, 15)), Given.Complaint(at: Given.Day(3, 1, year: 2027)));

        Assert.Empty(Classifier.Classify(account, new DateOnly(2027, 6, 30), Given.Policy with { ComplaintRiskCount = 3 }).RiskFlags);
    }

    [Fact]
    public void R_CLS_5_dissatisfied_at_the_last_callback_is_flagged_until_a_later_callback_is_not()
    {
        var dissatisfied = Given.Active().Fold(Given.Callback(true, SatisfactionLevel.Dissatisfied, Given.Day(9, 15)));
        var notReached = dissatisfied.Fold(Given.Callback(false, null, Given.Day(10, 15)));
        var satisfied = notReached.Fold(Given.Callback(true, SatisfactionLevel.Satisfied, Given.Day(11, 15)));

        Assert.Equal([RiskFlag.DissatisfiedAtLastCallback], Classify(dissatisfied, new DateOnly(2027, 6, 30)).RiskFlags);
        Assert.Equal([RiskFlag.DissatisfiedAtLastCallback], Classify(notReached, new DateOnly(2027, 6, 30)).RiskFlags);
        Assert.Empty(Classify(satisfied, new DateOnly(2027, 6, 30)).RiskFlags);
    }

    [Fact]
    public void R_CLS_5_all_flags_together()
    {
        var account = Given.Active().Fold(
            Given.Hazard(HazardSeverity.Major, Guid.NewGuid(), at: Given.Later),
            Given.Complaint(at: Given.Later.AddDays(1)),
            Given.Complaint(at: Given.Later.AddDays(2)),
            Given.Callback(true, SatisfactionLevel.Dissatisfied, Given.Later.AddDays(3)));

        Assert.Equal([RiskFlag.OpenHazards, RiskFlag.RepeatedComplaints, RiskFlag.DissatisfiedAtLastCallback],
            Classify(account, new DateOnly(2026, 12, 31)).RiskFlags);
    }

    // ---- R-INSP-1: next inspection due ----

    [Fact]
    public void R_INSP_1_residential_is_due_12_months_after_gas_on()
    {
        Assert.Equal(new DateOnly(2027, 9, 8), Classifier.NextInspectionDue(Given.Active(), Given.Policy));
    }

    [Theory]
    [InlineData(CustomerCategory.PublicService)]
    [InlineData(CustomerCategory.Industrial)]
    [InlineData(CustomerCategory.LngTrade)]
    public void R_INSP_1_non_residential_is_due_6_months_after_gas_on(CustomerCategory category)
    {
        Assert.Equal(new DateOnly(2027, 3, 8), Classifier.NextInspectionDue(Given.Active(AccountSpec.NonResidential(category)), Given.Policy));
    }

    [Fact]
    public void R_INSP_1_due_is_counted_from_the_last_inspection_that_counted()
    {
        var residential = Given.Active().Fold(Given.Inspection(InspectionOutcome.Passed, Given.Day(10, 10)));
        var commercial = Given.Active(AccountSpec.NonResidential(CustomerCategory.PublicService))
            .Fold(Given.Inspection(InspectionOutcome.Passed, Given.Day(10, 10)));

        Assert.Equal(new DateOnly(2027, 10, 10), Classifier.NextInspectionDue(residential, Given.Policy));
        Assert.Equal(new DateOnly(2027, 4, 10), Classifier.NextInspectionDue(commercial, Given.Policy));
    }

    [Fact]
    public void R_INSP_1_a_visit_with_hazards_found_counts()
    {
        var visit = Given.Inspection(InspectionOutcome.HazardsFound, Given.Day(10, 10));
        var account = Given.Active().Fold(visit, Given.Hazard(HazardSeverity.Minor, visit.InspectionId, at: Given.Day(10, 10)));

        Assert.Equal(new DateOnly(2027, 10, 10), Classifier.NextInspectionDue(account, Given.Policy));
    }

    [Fact]
    public void R_INSP_1_not_home_keeps_the_account_due()
    {
        var neverInspected = Given.Active().Fold(Given.Inspection(InspectionOutcome.NotHome, Given.Day(10, 10)));
        var inspected = Given.Active().Fold(
            Given.Inspection(InspectionOutcome.Passed, Given.Day(10, 10)),
            Given.Inspection(InspectionOutcome.NotHome, Given.Day(9, 20, year: 2027)));

        Assert.Equal(new DateOnly(2027, 9, 8), Classifier.NextInspectionDue(neverInspected, Given.Policy));
        Assert.Equal(new DateOnly(2027, 10, 10), Classifier.NextInspectionDue(inspected, Given.Policy));
    }

    [Fact]
    public void R_INSP_1_due_date_is_the_company_local_date()
    {
        // 2026-10-31T17:00Z is 1 November 01:00 in Shanghai.
        var account = Given.Active().Fold(Given.Inspection(InspectionOutcome.Passed, new DateTimeOffset(2026, 10, 31, 17, 0, 0, TimeSpan.Zero)));

        Assert.Equal(new DateOnly(2027, 11, 1), Classifier.NextInspectionDue(account, Given.Policy));
    }

    [Fact]
    public void R_INSP_1_intervals_are_the_policys()
    {
        var policy = Given.Policy with { ResidentialInspectionIntervalMonths = 24, NonResidentialInspectionIntervalMonths = 3 };

        Assert.Equal(new DateOnly(2028, 9, 8), Classifier.NextInspectionDue(Given.Active(), policy));
        Assert.Equal(new DateOnly(2026, 12, 8), Classifier.NextInspectionDue(Given.Active(AccountSpec.NonResidential(CustomerCategory.Industrial)), policy));
    }

    [Fact]
    public void R_INSP_1_nothing_is_due_before_gas_on_or_after_closure()
    {
        Assert.Null(Classifier.NextInspectionDue(Given.Applied(), Given.Policy));
        Assert.Null(Classifier.NextInspectionDue(Given.Installed(), Given.Policy));
        Assert.Null(Classifier.NextInspectionDue(Given.Closed(), Given.Policy));
    }

    [Fact]
    public void R_INSP_1_a_suspended_account_stays_due()
    {
        Assert.Equal(new DateOnly(2027, 9, 8), Classifier.NextInspectionDue(Given.Suspended(), Given.Policy));
    }
}
