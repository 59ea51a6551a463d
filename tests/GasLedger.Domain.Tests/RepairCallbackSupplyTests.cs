using GasLedger.Domain.Accounts;
using GasLedger.Domain.Callbacks;
using GasLedger.Domain.Repairs;
using GasLedger.Domain.Supply;

namespace GasLedger.Domain.Tests;

/// <summary>R-REP-1 repairs, R-CB-2 callbacks, R-SUP-1..3 supply and usage.</summary>
public class RepairCallbackSupplyTests
{
    private static readonly DateTimeOffset ReportedAt = Given.Day(10, 1, 9);
    private static readonly DateTimeOffset DispatchedAt = Given.Day(10, 1, 9, 10);
    private static readonly DateTimeOffset ArrivedAt = Given.Day(10, 1, 11);
    private static readonly DateTimeOffset CompletedAt = Given.Day(10, 1, 12);

    private static (Account Account, Guid Id) Reported()
    {
        var reported = Given.Repair(ReportedAt);
        return (Given.Active().Fold(reported), reported.RepairId);
    }

    // ---- R-REP-1 ----

    [Fact]
    public void R_REP_1_a_repair_is_reported_on_an_installed_account()
    {
        var active = Given.Active();
        var reported = Given.Repair(ReportedAt, emergency: true);

        var decision = RepairDecisions.Report(active, reported);

        Expect.AcceptedAsIs(decision, reported);
        Assert.Equal(new RepairRecord(reported.RepairId, true, RepairStatus.Reported, null, ReportedAt), active.After(decision).Repairs[reported.RepairId]);
    }

    [Theory]
    [InlineData("installed")]
    [InlineData("suspended")]
    public void R_REP_1_repairs_are_taken_from_installation_on(string state)
    {
        var account = state == "installed" ? Given.Installed() : Given.Suspended();
        var reported = Given.Repair(ReportedAt);

        Expect.AcceptedAsIs(RepairDecisions.Report(account, reported), reported);
    }

    [Fact]
    public void R_REP_1_a_repair_before_installation_is_a_conflict_naming_the_state()
    {
        Expect.Conflict(RepairDecisions.Report(Given.Scheduled(), Given.Repair(ReportedAt)), "is installing", "needs installed or active or suspended");
    }

    [Fact]
    public void R_REP_1_the_same_repair_id_twice_is_a_conflict()
    {
        var (account, id) = Reported();

        Expect.Conflict(RepairDecisions.Report(account, Given.Repair(ReportedAt, id)), "already exists");
    }

    [Fact]
    public void R_REP_1_dispatch_arrive_complete()
    {
        var (account, id) = Reported();

        var dispatched = new RepairDispatched(id, "S-4001", DispatchedAt);
        var d1 = RepairDecisions.Dispatch(account, dispatched);
        Expect.AcceptedAsIs(d1, dispatched);
        account = account.After(d1);
        Assert.Equal(RepairStatus.Dispatched, account.Repairs[id].Status);
        Assert.Equal("S-4001", account.Repairs[id].Technician);

        var arrived = new TechnicianArrived(id, ArrivedAt);
        var d2 = RepairDecisions.Arrive(account, arrived);
        Expect.AcceptedAsIs(d2, arrived);
        account = account.After(d2);
        Assert.Equal(RepairStatus.OnSite, account.Repairs[id].Status);

        var completed = new RepairCompleted(id, true, new Charge(30m, true), "更换胶管", CompletedAt);
        var d3 = RepairDecisions.Complete(account, completed, [], Given.Policy);
        Expect.AcceptedAsIs(d3, completed);
        account = account.After(d3);
        Assert.Equal(RepairStatus.Completed, account.Repairs[id].Status);
        Assert.Equal(CompletedAt, account.LastOccurredAt);
        Assert.Equal(AccountStatus.Active, account.Status);
    }

    [Fact]
    public void R_REP_1_complete_before_arrival_is_a_conflict()
    {
        var (account, id) = Reported();
        var dispatched = account.Fold(new RepairDispatched(id, "S-4001", DispatchedAt));

        Expect.Conflict(RepairDecisions.Complete(dispatched, new RepairCompleted(id, true, null, null, CompletedAt), [], Given.Policy),
            "is dispatched", "needs onSite");
        Expect.Conflict(RepairDecisions.Complete(account, new RepairCompleted(id, true, null, null, CompletedAt), [], Given.Policy),
            "is reported", "needs onSite");
    }

    [Fact]
    public void R_REP_1_arrival_before_dispatch_is_a_conflict()
    {
        var (account, id) = Reported();

        Expect.Conflict(RepairDecisions.Arrive(account, new TechnicianArrived(id, ArrivedAt)), "is reported", "needs dispatched");
    }

    [Fact]
    public void R_REP_1_until_arrival_the_order_may_go_to_another_technician()
    {
        var (account, id) = Reported();
        var dispatched = account.Fold(new RepairDispatched(id, "S-4001", DispatchedAt));

        var again = dispatched.After(RepairDecisions.Dispatch(dispatched, new RepairDispatched(id, "S-4002", DispatchedAt.AddMinutes(20))));

        Assert.Equal("S-4002", again.Repairs[id].Technician);
        var onSite = again.Fold(new TechnicianArrived(id, ArrivedAt));
        Expect.Conflict(RepairDecisions.Dispatch(onSite, new RepairDispatched(id, "S-4003", ArrivedAt.AddMinutes(5))), "is onSite");
    }

    [Fact]
    public void R_REP_1_a_completed_repair_takes_no_further_step()
    {
        var (account, id) = Reported();
        var completed = account.Fold(new RepairDispatched(id, "S-4001", DispatchedAt), new TechnicianArrived(id, ArrivedAt),
            new RepairCompleted(id, true, null, null, CompletedAt));

        Expect.Conflict(RepairDecisions.Complete(completed, new RepairCompleted(id, true, null, null, CompletedAt.AddHours(1)), [], Given.Policy), "is completed");
        Expect.Conflict(RepairDecisions.Arrive(completed, new TechnicianArrived(id, CompletedAt.AddHours(1))), "is completed");
    }

    [Fact]
    public void R_REP_1_unknown_repair_is_missing()
    {
        var unknown = Guid.NewGuid();
        var active = Given.Active();

        Expect.Missing(RepairDecisions.Dispatch(active, new RepairDispatched(unknown, "S-4001", DispatchedAt)), unknown.ToString(), Given.Number);
        Expect.Missing(RepairDecisions.Arrive(active, new TechnicianArrived(unknown, ArrivedAt)), unknown.ToString());
        Expect.Missing(RepairDecisions.Complete(active, new RepairCompleted(unknown, true, null, null, CompletedAt), [], Given.Policy), unknown.ToString());
    }

    [Fact]
    public void R_REP_1_completion_with_hazards_opens_a_notice_for_each()
    {
        var (account, id) = Reported();
        var onSite = account.Fold(new RepairDispatched(id, "S-4001", DispatchedAt), new TechnicianArrived(id, ArrivedAt));
        var completed = new RepairCompleted(id, true, null, null, CompletedAt);
        var hose = Given.Hazard(HazardSeverity.Minor, repairId: id, code: HazardCode.AgedHose, at: CompletedAt);

        var decision = RepairDecisions.Complete(onSite, completed, [hose], Given.Policy);

        Assert.Equal<IAccountEvent>([completed, hose], Expect.Accepted(decision));
        var state = onSite.After(decision);
        Assert.Equal(hose.HazardId, Assert.Single(state.OpenHazards).Id);
        Assert.Equal(AccountStatus.Active, state.Status);
    }

    // ---- R-CB-2 ----

    [Theory]
    [InlineData(SatisfactionLevel.VerySatisfied)]
    [InlineData(SatisfactionLevel.Dissatisfied)]
    public void R_CB_2_a_callback_not_reached_carries_no_satisfaction(SatisfactionLevel level)
    {
        Expect.Invalid(CallbackDecisions.Callback(Given.Active(), Given.Callback(reached: false, level, Given.Later)), "satisfaction");
    }

    [Fact]
    public void R_CB_2_a_callback_not_reached_is_recorded_and_keeps_the_last_satisfaction()
    {
        var satisfied = Given.Active().Fold(Given.Callback(true, SatisfactionLevel.Satisfied, Given.Day(9, 15)));
        var notReached = Given.Callback(reached: false, null, Given.Later);

        var decision = CallbackDecisions.Callback(satisfied, notReached);

        Expect.AcceptedAsIs(decision, notReached);
        Assert.Equal(SatisfactionLevel.Satisfied, satisfied.After(decision).LastCallbackSatisfaction);
    }

    [Fact]
    public void R_CB_2_a_reached_callback_records_its_satisfaction()
    {
        var active = Given.Active();
        var callback = new CallbackMade(Guid.NewGuid(), CallbackKind.AfterIgnition, "S-6001", null, true, SatisfactionLevel.Dissatisfied,
            true, "点火时收软管费未开票", "希望上门前电话联系", Given.Later);

        var decision = CallbackDecisions.Callback(active, callback);

        Expect.AcceptedAsIs(decision, callback);
        Assert.Equal(SatisfactionLevel.Dissatisfied, active.After(decision).LastCallbackSatisfaction);
    }

    [Fact]
    public void R_CB_2_a_callback_of_an_account_not_yet_on_gas_is_fine()
    {
        var callback = Given.Callback(true, SatisfactionLevel.Satisfied, Given.Later);

        Expect.AcceptedAsIs(CallbackDecisions.Callback(Given.Installed(), callback), callback);
    }

    [Fact]
    public void R_SAT_2_a_technician_rating_is_recorded()
    {
        var rating = new RatingGiven(Guid.NewGuid(), RatingSource.Technician, "S-2001", ServiceStage.Ignition,
            SatisfactionLevel.VerySatisfied, SatisfactionLevel.Satisfied, SatisfactionLevel.FairlySatisfied, SatisfactionLevel.Satisfied, null, Given.Later);

        Expect.AcceptedAsIs(CallbackDecisions.Rate(Given.Active(), rating), rating);
    }

    // ---- R-SUP-1, R-SUP-2 ----

    [Fact]
    public void R_SUP_1_planned_work_without_notice_is_invalid()
    {
        var suspended = new SupplySuspended(SuspensionReason.PlannedWork, null, null, Given.Later);

        var errors = Expect.Invalid(SupplyDecisions.Suspend(Given.Active(), suspended), "noticeGivenAt");
        Assert.Contains("R-SUP-1", errors["noticeGivenAt"][0]);
    }

    [Fact]
    public void R_SUP_1_planned_work_with_notice_suspends_supply()
    {
        var active = Given.Active();
        var suspended = new SupplySuspended(SuspensionReason.PlannedWork, Given.Later.AddHours(-72), null, Given.Later);

        var decision = SupplyDecisions.Suspend(active, suspended);

        Expect.AcceptedAsIs(decision, suspended);
        var state = active.After(decision);
        Assert.Equal(AccountStatus.Suspended, state.Status);
        Assert.Equal(new SuspensionRecord(SuspensionReason.PlannedWork, null, Given.Later), state.Suspension);
    }

    [Fact]
    public void R_SUP_1_notice_may_not_be_after_the_suspension()
    {
        var suspended = new SupplySuspended(SuspensionReason.PlannedWork, Given.Later.AddMinutes(1), null, Given.Later);

        Expect.Invalid(SupplyDecisions.Suspend(Given.Active(), suspended), "noticeGivenAt");
    }

    [Theory]
    [InlineData(SuspensionReason.Hazard)]
    [InlineData(SuspensionReason.Arrears)]
    [InlineData(SuspensionReason.HolderRequest)]
    [InlineData(SuspensionReason.Other)]
    public void R_SUP_1_other_interruptions_need_no_notice(SuspensionReason reason)
    {
        var suspended = new SupplySuspended(reason, null, null, Given.Later);

        Expect.AcceptedAsIs(SupplyDecisions.Suspend(Given.Active(), suspended), suspended);
    }

    // ---- R-SUP-3 ----

    [Fact]
    public void R_SUP_3_ic_purchase_on_a_read_meter_is_invalid()
    {
        var usage = Given.Usage(50m, new DateOnly(2026, 10, 10), UsageKind.IcPurchase);

        var errors = Expect.Invalid(SupplyDecisions.RecordUsage(Given.Active(), usage, ServicePolicy.Default), "kind");
        Assert.Contains("read meter", errors["kind"][0]);
    }

    [Fact]
    public void R_SUP_3_meter_reading_on_an_ic_card_meter_is_invalid()
    {
        var usage = Given.Usage(50m, new DateOnly(2026, 10, 10), UsageKind.MeterReading);

        Expect.Invalid(SupplyDecisions.RecordUsage(Given.Active(AccountSpec.IcCard), usage, ServicePolicy.Default), "kind");
    }

    [Fact]
    public void R_SUP_3_ic_purchase_on_an_ic_card_meter_is_recorded()
    {
        var active = Given.Active(AccountSpec.IcCard);
        var usage = Given.Usage(50m, new DateOnly(2026, 10, 10), UsageKind.IcPurchase);

        var decision = SupplyDecisions.RecordUsage(active, usage, ServicePolicy.Default);

        Expect.AcceptedAsIs(decision, usage);
        Assert.Equal(50m, active.After(decision).UsageByMonth["2026-10"]);
    }

    [Fact]
    public void R_SUP_3_readings_add_up_per_month_of_the_period_end()
    {
        var active = Given.Active();

        var state = active.Fold(
            Given.Usage(12.5m, new DateOnly(2026, 9, 30)),
            Given.Usage(20m, new DateOnly(2026, 10, 15)),
            Given.Usage(7.5m, new DateOnly(2026, 10, 31)));

        Assert.Equal(2, state.UsageByMonth.Count);
        Assert.Equal(12.5m, state.UsageByMonth["2026-09"]);
        Assert.Equal(27.5m, state.UsageByMonth["2026-10"]);
    }

    [Fact]
    public void R_SUP_3_months_stay_in_calendar_order_also_after_the_account_is_stored_and_read_back()
    {
        var state = Given.Active().Fold(Given.Usage(10m, new DateOnly(2026, 10, 31)), Given.Usage(5m, new DateOnly(2025, 12, 31)));
        // Read back as a stored snapshot is (straight into ordinal order: UsageByMonthJson), and a reading added.
        var json = System.Text.Json.JsonSerializer.Serialize(state);
        var stored = System.Text.Json.JsonSerializer.Deserialize<Account>(json)!;
        Assert.Same(StringComparer.Ordinal, stored.UsageByMonth.KeyComparer);
        Assert.Equal(json, System.Text.Json.JsonSerializer.Serialize(stored));
        Assert.Contains("\"UsageByMonth\":{\"2025-12\":5,\"2026-10\":10}", json);
        var next = stored.Fold(Given.Usage(7m, new DateOnly(2026, 1, 31)), Given.Usage(3m, new DateOnly(2026, 10, 31)));

        Assert.Equal(["2025-12", "2026-01", "2026-10"], next.UsageByMonth.Keys);
        Assert.Equal([5m, 7m, 13m], next.UsageByMonth.Values);
    }

    [Fact]
    public void R_SUP_3_usage_month_key_does_not_depend_on_the_current_culture()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("th-TH");
            var state = Given.Active().Fold(Given.Usage(20m, new DateOnly(2026, 10, 15)));

            Assert.Equal(["2026-10"], state.UsageByMonth.Keys);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void R_SUP_3_usage_of_a_suspended_account_is_recorded()
    {
        var usage = Given.Usage(3m, new DateOnly(2026, 10, 10));

        Expect.AcceptedAsIs(SupplyDecisions.RecordUsage(Given.Suspended(), usage, ServicePolicy.Default), usage);
    }

    [Fact]
    public void R_SUP_3_usage_before_gas_on_is_a_conflict_naming_the_state()
    {
        Expect.Conflict(SupplyDecisions.RecordUsage(Given.Installed(), Given.Usage(3m, new DateOnly(2026, 10, 10)), ServicePolicy.Default), "is installed", "needs active or suspended");
    }
}
