using GasLedger.Domain;
using GasLedger.Domain.Accounts;
using GasLedger.Domain.Applications;
using GasLedger.Domain.Callbacks;
using GasLedger.Domain.Complaints;
using GasLedger.Domain.Ignition;
using GasLedger.Domain.Inspections;
using GasLedger.Domain.Installation;
using GasLedger.Domain.Repairs;
using GasLedger.Domain.Supply;

namespace GasLedger.Domain.Tests;

public sealed class CallbackRateTests
{
    private static readonly ServicePolicy Policy = ServicePolicy.Default;

    private static DateTimeOffset At(int month, int day, int hour = 10) => new(2026, month, day, hour, 0, 0, TimeSpan.FromHours(8));

    private static DateOnly D(int month, int day) => new(2026, month, day);

    private static StreamEvent E(IAccountEvent data) => new(Guid.NewGuid(), data);

    private static StreamEvent Applied(ApplicationNature nature = ApplicationNature.Individual, CustomerCategory category = CustomerCategory.Residential) =>
        E(new ApplicationSubmitted(Guid.NewGuid(), "3300000001", Guid.NewGuid(), PartyKind.Person, false, new Address("西湖区", "翠苑一区", "12", "2", "301"),
            category, category == CustomerCategory.Residential ? BuildingType.MultiStorey : null, MeterType.ReadMeter, PaymentMethod.Counter, null,
            ApplicationChannel.Counter, nature, ApplicationPriority.Waiting, null, null, null, At(9, 1)));

    private static CallbackMade Called(CallbackKind kind, DateTimeOffset at, Guid? follows = null, bool reached = true) =>
        new(Guid.NewGuid(), kind, "S-6001", follows, reached, reached ? SatisfactionLevel.Satisfied : null, false, null, null, at);

    private static IReadOnlyList<CallbackItem> Plan(params StreamEvent[] events) => CallbackPlan.Of(events, Policy);

    // R-CB-5: the band arithmetic.

    [Fact]
    public void R_CB_5_rate_12_percent_below_required_costs_two_points() =>
        Assert.Equal(2, CallbackAssessment.PointsLost(0.68m, 0.80m, Policy));

    [Fact]
    public void R_CB_5_rate_exactly_one_band_below_required_costs_one_point() =>
        Assert.Equal(1, CallbackAssessment.PointsLost(0.90m, 1.00m, Policy));

    [Fact]
    public void R_CB_5_part_of_a_band_costs_a_whole_point() =>
        Assert.Equal(1, CallbackAssessment.PointsLost(0.79m, 0.80m, Policy));

    [Theory]
    [InlineData(0.80, 0.80)]
    [InlineData(0.95, 0.80)]
    [InlineData(1.00, 1.00)]
    public void R_CB_5_rate_at_or_above_required_costs_nothing(double rate, double required) =>
        Assert.Equal(0, CallbackAssessment.PointsLost((decimal)rate, (decimal)required, Policy));

    [Fact]
    public void R_CB_5_zero_rate_against_every_one_costs_ten_points() =>
        Assert.Equal(10, CallbackAssessment.PointsLost(0m, 1m, Policy));

    [Fact]
    public void R_CB_5_two_of_three_against_every_one_is_33_percent_short_and_costs_four_points()
    {
        var assessment = CallbackAssessment.Assess(CallbackKind.AfterRepair, due: 3, calledBack: 2, Policy);

        Assert.Equal(2m / 3m, assessment.Rate);
        Assert.Equal(1.00m, assessment.RequiredRate);
        Assert.Equal(1m - 2m / 3m, assessment.Shortfall);
        Assert.Equal(4, assessment.Bands);
        Assert.Equal(4, assessment.PointsLost);
    }

    [Fact]
    public void R_CB_5_nothing_due_is_no_rate_and_costs_nothing()
    {
        var assessment = CallbackAssessment.Assess(CallbackKind.AfterIgnition, 0, 0, Policy);
        Assert.Null(assessment.Rate);
        Assert.Equal(0, assessment.PointsLost);
    }

    [Fact]
    public void R_CB_5_holiday_courtesy_callbacks_have_no_required_rate_and_cost_nothing()
    {
        var assessment = CallbackAssessment.Assess(CallbackKind.Holiday, 4, 0, Policy);
        Assert.Equal(0m, assessment.Rate);
        Assert.Null(assessment.RequiredRate);
        Assert.Equal(0, assessment.PointsLost);
    }

    [Fact]
    public void R_CB_5_points_per_band_and_band_width_are_policy()
    {
        var policy = Policy with { CallbackDeductionBand = 0.05m, CallbackDeductionPointsPerBand = 2 };
        Assert.Equal(6, CallbackAssessment.PointsLost(0.68m, 0.80m, policy)); // 12 % is 3 bands of 5 %
    }

    // R-CB-1: required rates and windows.

    [Fact]
    public void R_CB_1_required_rates_ignition_100_inspection_80_installation_100_repair_and_complaint_every_one()
    {
        Assert.Equal(1.00m, Policy.RequiredCallbackRate(CallbackKind.AfterIgnition));
        Assert.Equal(0.80m, Policy.RequiredCallbackRate(CallbackKind.AfterInspection));
        Assert.Equal(1.00m, Policy.RequiredCallbackRate(CallbackKind.AfterInstallation));
        Assert.Equal(1.00m, Policy.RequiredCallbackRate(CallbackKind.AfterRepair));
        Assert.Equal(1.00m, Policy.RequiredCallbackRate(CallbackKind.AfterComplaint));
        Assert.Equal(1.00m, Policy.RequiredCallbackRate(CallbackKind.KeyCustomer));
    }

    [Fact]
    public void R_CB_1_after_ignition_is_due_in_the_week_after_the_ignitions_iso_week()
    {
        // Wednesday 21 October 2026 is in 2026-W43; the week after is Monday 26 October to Sunday 1 November, due in November.
        var ignition = E(new IgnitionCompleted("S-2001", true, true, null, null, At(10, 21)));
        var item = Assert.Single(Plan(Applied(), ignition));

        Assert.Equal((CallbackKind.AfterIgnition, (Guid?)ignition.Id, "S-2001"), (item.Kind, item.WorkId, item.WorkStaff));
        Assert.Equal((D(10, 26), D(10, 30), "2026-10"), (item.WindowStart, item.WindowEnd, item.DueMonth)); // R-CB-6: its working days
    }

    [Fact]
    public void R_CB_1_after_inspection_week_after_and_a_not_home_visit_needs_none()
    {
        var inspection = Guid.NewGuid();
        var item = Assert.Single(Plan(Applied(),
            E(new InspectionVisited(Guid.NewGuid(), "S-3001", InspectionOutcome.NotHome, false, null, At(10, 5))),
            E(new InspectionVisited(inspection, "S-3001", InspectionOutcome.Passed, false, null, At(10, 11)))));

        // Sunday 11 October is still 2026-W41: the window is W42.
        Assert.Equal((CallbackKind.AfterInspection, (Guid?)inspection, D(10, 12), D(10, 16)), (item.Kind, item.WorkId, item.WindowStart, item.WindowEnd));
    }

    [Fact]
    public void R_CB_1_after_individual_installation_in_the_month_after_and_none_after_collective()
    {
        var installed = E(new InstallationCompleted("S-1021", "M1", 6.5m, 0m, null, At(10, 30)));
        var item = Assert.Single(Plan(Applied(), installed));
        Assert.Equal((CallbackKind.AfterInstallation, D(11, 2), D(11, 30), "2026-11"), (item.Kind, item.WindowStart, item.WindowEnd, item.DueMonth)); // 1 November is a Sunday

        Assert.Empty(Plan(Applied(ApplicationNature.Collective), installed));
    }

    [Fact]
    public void R_CB_1_after_every_repair_and_every_complaint_resolution_within_seven_days()
    {
        var repair = Guid.NewGuid();
        var complaint = Guid.NewGuid();
        var items = Plan(Applied(),
            E(new RepairDispatched(repair, "S-2002", At(10, 22, 8))),
            E(new RepairCompleted(repair, true, null, null, At(10, 22, 11))),
            E(new ComplaintResolved(complaint, "S-5001", "补开发票", At(10, 28))),
            E(new ComplaintReopened(complaint, "dissatisfied", At(10, 29))),
            E(new ComplaintResolved(complaint, "S-5001", "补开发票并致歉", At(10, 30))));

        Assert.Equal([CallbackKind.AfterRepair, CallbackKind.AfterComplaint, CallbackKind.AfterComplaint], items.Select(i => i.Kind));
        Assert.Equal(("S-2002", D(10, 22), D(10, 30)), (items[0].WorkStaff, items[0].WindowStart, items[0].WindowEnd)); // seven working days
        Assert.Equal((D(10, 30), D(11, 9), "2026-11"), (items[2].WindowStart, items[2].WindowEnd, items[2].DueMonth));
    }

    // R-CB-1: matching callbacks to what they complete.

    [Fact]
    public void R_CB_1_callback_naming_the_work_completes_it_even_late_but_only_on_time_counts()
    {
        var ignition = E(new IgnitionCompleted("S-2001", true, true, null, null, At(10, 21)));
        var item = Assert.Single(Plan(Applied(), ignition, E(Called(CallbackKind.AfterIgnition, At(11, 3), follows: ignition.Id))));

        Assert.Equal((At(11, 3), (DateOnly?)D(11, 3), "S-6001", false), (item.CalledBackAt, item.CalledBackOn, item.CallbackStaff, item.OnTime));
    }

    [Fact]
    public void R_CB_1_callback_of_the_kind_without_work_id_completes_the_item_whose_window_holds_it()
    {
        var ignition = E(new IgnitionCompleted("S-2001", true, true, null, null, At(10, 21)));
        var early = Assert.Single(Plan(Applied(), ignition, E(Called(CallbackKind.AfterIgnition, At(10, 23)))));
        Assert.Null(early.CalledBackAt); // in the ignition's own week: not in the window

        var callback = Called(CallbackKind.AfterIgnition, At(10, 27));
        var inWindow = Assert.Single(Plan(Applied(), ignition, E(callback)));
        Assert.Equal(((Guid?)callback.CallbackId, true), (inWindow.CallbackId, inWindow.OnTime));

        var otherKind = Assert.Single(Plan(Applied(), ignition, E(Called(CallbackKind.AfterInspection, At(10, 27)))));
        Assert.Null(otherKind.CalledBackAt);
    }

    [Fact]
    public void R_CB_1_callback_that_did_not_reach_the_holder_is_an_attempt_not_a_callback()
    {
        var ignition = E(new IgnitionCompleted("S-2001", true, true, null, null, At(10, 21)));
        var item = Assert.Single(Plan(Applied(), ignition,
            E(Called(CallbackKind.AfterIgnition, At(10, 27), reached: false)), E(Called(CallbackKind.AfterIgnition, At(10, 28), reached: false))));

        Assert.Equal((2, (DateTimeOffset?)null), (item.UnreachedAttempts, item.CalledBackAt));
    }

    [Fact]
    public void R_CB_1_complaint_follow_up_is_the_callback_after_each_resolution_in_turn()
    {
        var complaint = Guid.NewGuid();
        var items = Plan(Applied(),
            E(new ComplaintResolved(complaint, "S-5001", "补开发票", At(10, 16))),
            E(new ComplaintFollowedUp(complaint, "S-6001", SatisfactionLevel.Dissatisfied, At(10, 17))),
            E(new ComplaintReopened(complaint, "dissatisfied", At(10, 17))),
            E(new ComplaintResolved(complaint, "S-5001", "补开发票并致歉", At(10, 19))),
            E(new ComplaintFollowedUp(complaint, "S-6002", SatisfactionLevel.Satisfied, At(10, 20))));

        Assert.Equal([At(10, 17), At(10, 20)], items.Select(i => i.CalledBackAt!.Value));
        Assert.Equal(["S-6001", "S-6002"], items.Select(i => i.CallbackStaff!));
        Assert.All(items, i => Assert.True(i.OnTime));
    }

    [Fact]
    public void R_CB_1_key_customer_is_owed_a_callback_each_quarter_and_holiday_courtesy_callbacks()
    {
        // 700 m³ in a year makes a residential account tier A, so key (R-CLS-2/4).
        var items = Plan(Applied(),
            E(new UsageRecorded(Guid.NewGuid(), UsageKind.MeterReading, 100m, D(7, 31), null, At(7, 31))),
            E(new UsageRecorded(Guid.NewGuid(), UsageKind.MeterReading, 600m, D(8, 31), null, At(8, 31))),
            E(new UsageRecorded(Guid.NewGuid(), UsageKind.MeterReading, 50m, D(9, 30), null, At(9, 30))),
            E(new UsageRecorded(Guid.NewGuid(), UsageKind.MeterReading, 50m, D(10, 31), null, At(10, 31))));

        Assert.Equal(["keyCustomer:2026-Q3", "holiday:2026-10-01", "keyCustomer:2026-Q4"], items.Select(i => i.Key));
        Assert.Equal((D(7, 1), D(9, 30), "2026-09"), (items[0].WindowStart, items[0].WindowEnd, items[0].DueMonth));
        Assert.Equal((CallbackKind.Holiday, D(9, 24), D(9, 30), "nationalDay 2026"), (items[1].Kind, items[1].WindowStart, items[1].WindowEnd, items[1].Work));
        Assert.Equal((D(10, 8), D(12, 31), "2026-12"), (items[2].WindowStart, items[2].WindowEnd, items[2].DueMonth)); // after National Day
    }

    [Fact]
    public void R_CB_1_an_account_below_key_is_owed_no_quarterly_callback()
    {
        Assert.Empty(Plan(Applied(), E(new UsageRecorded(Guid.NewGuid(), UsageKind.MeterReading, 150m, D(10, 31), null, At(10, 31)))));
    }

    [Fact]
    public void R_CB_1_closing_the_account_cancels_what_it_can_no_longer_get_but_keeps_what_was_missed()
    {
        var items = Plan(Applied(),
            E(new IgnitionCompleted("S-2001", true, true, null, null, At(9, 8))),
            E(new RepairCompleted(Guid.NewGuid(), true, null, null, At(11, 9))),
            E(new AccountClosed(ClosureReason.HolderRequest, At(11, 10))));

        Assert.Equal([false, true], items.Select(i => i.Cancelled));
    }

    // R-CB-4: findings.

    [Fact]
    public void R_CB_4_hose_sold_or_charge_taken_without_invoice_at_ignition_are_findings()
    {
        var ignition = E(new IgnitionCompleted("S-2001", true, true, new HoseSale(1.5m, 45m, false), new Charge(20m, false), At(9, 8)));
        var findings = IrregularCharges.Of(ignition, []);

        Assert.Equal([FindingKind.HoseNotInvoiced, FindingKind.IgnitionChargeNotInvoiced], findings.Select(f => f.Kind));
        Assert.Equal([45m, 20m], findings.Select(f => f.Amount!.Value));
        Assert.All(findings, f => Assert.Equal("S-2001", f.Staff));

        Assert.Empty(IrregularCharges.Of(E(new IgnitionCompleted("S-2001", true, true, new HoseSale(1.5m, 45m, true), new Charge(20m, true), At(9, 8))), []));
    }

    [Fact]
    public void R_CB_4_any_inspector_charge_and_an_uninvoiced_repair_charge_are_findings()
    {
        var inspector = IrregularCharges.Of(E(new InspectionVisited(Guid.NewGuid(), "S-3001", InspectionOutcome.Passed, false, new Charge(10m, true), At(10, 10))), []);
        Assert.Equal((FindingKind.InspectorCharged, 10m, "S-3001"), (inspector.Single().Kind, inspector.Single().Amount!.Value, inspector.Single().Staff));

        var repair = Guid.NewGuid();
        var before = new[] { E(new RepairDispatched(repair, "S-2002", At(10, 22))) };
        var repairFinding = IrregularCharges.Of(E(new RepairCompleted(repair, true, new Charge(30m, false), null, At(10, 22, 11))), before).Single();
        Assert.Equal((FindingKind.RepairChargeNotInvoiced, 30m, "S-2002"), (repairFinding.Kind, repairFinding.Amount!.Value, repairFinding.Staff));

        Assert.Empty(IrregularCharges.Of(E(new RepairCompleted(repair, true, new Charge(30m, true), null, At(10, 22, 11))), before));
    }

    [Fact]
    public void R_CB_4_callback_reporting_an_irregular_charge_is_a_finding()
    {
        var callback = Called(CallbackKind.AfterIgnition, At(9, 15)) with { IrregularChargeReported = true, IrregularChargeDetail = "软管费未开票" };
        var finding = IrregularCharges.Of(E(callback), []).Single();

        Assert.Equal((FindingKind.ReportedAtCallback, "软管费未开票", (Guid?)callback.CallbackId), (finding.Kind, finding.Detail, finding.CallbackId));
    }

    [Fact]
    public void R_CB_4_over_length_charge_heard_at_a_callback_is_checked_against_the_counters_record()
    {
        var installed = E(new InstallationCompleted("S-1021", "M1", 12m, 150m, null, At(9, 4)));
        var mismatch = IrregularCharges.Of(E(Called(CallbackKind.AfterInstallation, At(10, 5)) with { OverLengthChargeHeard = 200m }), [installed]).Single();
        Assert.Equal((FindingKind.OverLengthChargeMismatch, 200m, 150m, "S-1021", (Guid?)installed.Id),
            (mismatch.Kind, mismatch.Amount!.Value, mismatch.RecordedAmount!.Value, mismatch.Staff, mismatch.WorkId));

        Assert.Empty(IrregularCharges.Of(E(Called(CallbackKind.AfterInstallation, At(10, 5)) with { OverLengthChargeHeard = 150m }), [installed]));
        Assert.Empty(IrregularCharges.Of(E(Called(CallbackKind.AfterInstallation, At(10, 5))), [installed]));
    }
}
