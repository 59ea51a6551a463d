using GasLedger.Domain.Accounts;
using GasLedger.Domain.Ignition;
using GasLedger.Domain.Inspections;
using GasLedger.Domain.Repairs;
using GasLedger.Domain.Supply;

namespace GasLedger.Domain.Tests;

/// <summary>R-INSP-2 inspection visits, R-HAZ-1 the hazard's closed loop, R-HAZ-2 severe hazards suspend supply.</summary>
public class InspectionTests
{
    private static readonly DateTimeOffset VisitAt = Given.Day(10, 10, 14);
    private static readonly DateTimeOffset RectifiedAt = Given.Day(10, 12, 11);

    // ---- R-INSP-2 ----

    [Fact]
    public void R_INSP_2_a_passed_visit_is_recorded_and_counts_as_the_last_inspection()
    {
        var active = Given.Active();
        var visit = Given.Inspection(InspectionOutcome.Passed, VisitAt);

        var decision = InspectionDecisions.Visit(active, visit, [], Given.Policy);

        Expect.AcceptedAsIs(decision, visit);
        var state = active.After(decision);
        Assert.Equal(VisitAt, state.LastInspectedAt);
        Assert.Contains(visit.InspectionId, state.Inspections);
        Assert.Equal(AccountStatus.Active, state.Status);
    }

    [Fact]
    public void R_INSP_2_hazards_found_needs_at_least_one_hazard()
    {
        var visit = Given.Inspection(InspectionOutcome.HazardsFound, VisitAt);

        Expect.Invalid(InspectionDecisions.Visit(Given.Active(), visit, [], Given.Policy), "hazards");
    }

    [Theory]
    [InlineData(InspectionOutcome.Passed)]
    [InlineData(InspectionOutcome.NotHome)]
    public void R_INSP_2_passed_or_not_home_with_hazards_is_invalid(InspectionOutcome outcome)
    {
        var visit = Given.Inspection(outcome, VisitAt);

        var errors = Expect.Invalid(InspectionDecisions.Visit(Given.Active(), visit, [Given.Hazard(HazardSeverity.Minor, visit.InspectionId, at: VisitAt)], Given.Policy),
            "hazards");
        Assert.Contains(outcome == InspectionOutcome.Passed ? "passed" : "notHome", errors["hazards"][0]);
    }

    [Fact]
    public void R_INSP_2_not_home_does_not_count_as_an_inspection()
    {
        var inspected = Given.Active().Fold(Given.Inspection(InspectionOutcome.Passed, VisitAt));
        var visit = Given.Inspection(InspectionOutcome.NotHome, Given.Day(11, 20));

        var decision = InspectionDecisions.Visit(inspected, visit, [], Given.Policy);

        Expect.AcceptedAsIs(decision, visit);
        var state = inspected.After(decision);
        Assert.Equal(VisitAt, state.LastInspectedAt);
        Assert.Contains(visit.InspectionId, state.Inspections);
        Assert.Equal(Given.Day(11, 20), state.LastOccurredAt);
    }

    [Fact]
    public void R_INSP_2_not_home_on_a_never_inspected_account_leaves_it_never_inspected()
    {
        var state = Given.Active().Fold(Given.Inspection(InspectionOutcome.NotHome, VisitAt));

        Assert.Null(state.LastInspectedAt);
    }

    [Fact]
    public void R_INSP_2_a_visit_with_hazards_found_counts_as_an_inspection()
    {
        var visit = Given.Inspection(InspectionOutcome.HazardsFound, VisitAt);

        var state = Given.Active().Fold(visit, Given.Hazard(HazardSeverity.Minor, visit.InspectionId, at: VisitAt));

        Assert.Equal(VisitAt, state.LastInspectedAt);
    }

    [Theory]
    [InlineData("applied")]
    [InlineData("installed")]
    public void R_INSP_2_inspection_before_gas_on_is_a_conflict_naming_the_state(string state)
    {
        var account = state == "applied" ? Given.Applied() : Given.Installed();

        Expect.Conflict(InspectionDecisions.Visit(account, Given.Inspection(InspectionOutcome.Passed, VisitAt), [], Given.Policy),
            $"is {state}", "needs active or suspended");
    }

    [Fact]
    public void R_INSP_2_a_suspended_account_may_be_inspected()
    {
        var visit = Given.Inspection(InspectionOutcome.Passed, VisitAt);

        Expect.AcceptedAsIs(InspectionDecisions.Visit(Given.Suspended(), visit, [], Given.Policy), visit);
    }

    // ---- R-HAZ-1 ----

    [Fact]
    public void R_HAZ_1_each_hazard_found_opens_its_rectification_loop()
    {
        var active = Given.Active();
        var visit = Given.Inspection(InspectionOutcome.HazardsFound, VisitAt);
        var hose = Given.Hazard(HazardSeverity.Minor, visit.InspectionId, code: HazardCode.AgedHose, at: VisitAt);
        var vent = Given.Hazard(HazardSeverity.Major, visit.InspectionId, code: HazardCode.PoorVentilation, at: VisitAt);

        var decision = InspectionDecisions.Visit(active, visit, [hose, vent], Given.Policy);

        Assert.Equal<IAccountEvent>([visit, hose, vent], Expect.Accepted(decision));
        var state = active.After(decision);
        Assert.Equal(2, state.OpenHazards.Count());
        Assert.Equal(new HazardRecord(hose.HazardId, HazardCode.AgedHose, HazardSeverity.Minor, visit.InspectionId, null, VisitAt, null), state.Hazards[hose.HazardId]);
        Assert.Equal(AccountStatus.Active, state.Status);
    }

    [Fact]
    public void R_HAZ_1_rectification_closes_the_loop()
    {
        var hazard = Given.Hazard(HazardSeverity.Minor, Guid.NewGuid(), at: VisitAt);
        var withHazard = Given.Active().Fold(hazard);
        var rectified = new HazardRectified(hazard.HazardId, "S-3001", RectifiedAt);

        var decision = InspectionDecisions.Rectify(withHazard, rectified);

        Expect.AcceptedAsIs(decision, rectified);
        var state = withHazard.After(decision);
        Assert.Empty(state.OpenHazards);
        Assert.Equal(RectifiedAt, state.Hazards[hazard.HazardId].RectifiedAt);
    }

    [Fact]
    public void R_HAZ_1_rectifying_an_unknown_hazard_is_missing()
    {
        var unknown = Guid.NewGuid();

        var detail = Expect.Missing(InspectionDecisions.Rectify(Given.Active(), new HazardRectified(unknown, "S-3001", RectifiedAt)));
        Assert.Contains(unknown.ToString(), detail);
        Assert.Contains(Given.Number, detail);
    }

    [Fact]
    public void R_HAZ_1_rectifying_twice_is_a_conflict()
    {
        var hazard = Given.Hazard(HazardSeverity.Minor, Guid.NewGuid(), at: VisitAt);
        var rectifiedOnce = Given.Active().Fold(hazard, new HazardRectified(hazard.HazardId, "S-3001", RectifiedAt));

        Expect.Conflict(InspectionDecisions.Rectify(rectifiedOnce, new HazardRectified(hazard.HazardId, "S-3001", RectifiedAt.AddDays(1))),
            "already rectified", hazard.HazardId.ToString());
    }

    [Fact]
    public void R_HAZ_1_rectifying_one_hazard_leaves_the_others_open()
    {
        var a = Given.Hazard(HazardSeverity.Minor, Guid.NewGuid(), at: VisitAt);
        var b = Given.Hazard(HazardSeverity.Major, Guid.NewGuid(), at: VisitAt);

        var state = Given.Active().Fold(a, b, new HazardRectified(a.HazardId, "S-3001", RectifiedAt));

        Assert.Equal(b.HazardId, Assert.Single(state.OpenHazards).Id);
    }

    // ---- R-HAZ-2 ----

    [Fact]
    public void R_HAZ_2_severe_hazard_on_an_active_account_also_suspends_supply()
    {
        var active = Given.Active();
        var visit = Given.Inspection(InspectionOutcome.HazardsFound, VisitAt);
        var minor = Given.Hazard(HazardSeverity.Minor, visit.InspectionId, at: VisitAt);
        var leak = Given.Hazard(HazardSeverity.Severe, visit.InspectionId, code: HazardCode.Leak, at: VisitAt);

        var decision = InspectionDecisions.Visit(active, visit, [minor, leak], Given.Policy);

        var events = Expect.Accepted(decision);
        Assert.Equal(4, events.Count);
        Assert.Equal<IAccountEvent>([visit, minor, leak], events.Take(3));
        var suspended = Assert.IsType<SupplySuspended>(events[3]);
        Assert.Equal(SuspensionReason.Hazard, suspended.Reason);
        Assert.Equal(leak.HazardId, suspended.HazardId);
        Assert.Equal(VisitAt, suspended.OccurredAt);
        var state = active.After(decision);
        Assert.Equal(AccountStatus.Suspended, state.Status);
        Assert.Equal(new SuspensionRecord(SuspensionReason.Hazard, leak.HazardId, VisitAt), state.Suspension);
    }

    [Theory]
    [InlineData(HazardSeverity.Minor)]
    [InlineData(HazardSeverity.Major)]
    public void R_HAZ_2_a_hazard_that_is_not_severe_does_not_suspend(HazardSeverity severity)
    {
        var visit = Given.Inspection(InspectionOutcome.HazardsFound, VisitAt);
        var hazard = Given.Hazard(severity, visit.InspectionId, at: VisitAt);

        var events = Expect.Accepted(InspectionDecisions.Visit(Given.Active(), visit, [hazard], Given.Policy));

        Assert.Equal<IAccountEvent>([visit, hazard], events);
    }

    [Fact]
    public void R_HAZ_2_severe_hazard_on_an_already_suspended_account_does_not_suspend_again()
    {
        var visit = Given.Inspection(InspectionOutcome.HazardsFound, VisitAt);
        var leak = Given.Hazard(HazardSeverity.Severe, visit.InspectionId, code: HazardCode.Leak, at: VisitAt);

        var events = Expect.Accepted(InspectionDecisions.Visit(Given.Suspended(), visit, [leak], Given.Policy));

        Assert.DoesNotContain(events, e => e is SupplySuspended);
        Assert.Equal(2, events.Count);
    }

    [Fact]
    public void R_HAZ_2_suspension_on_severe_hazards_is_the_policys()
    {
        var visit = Given.Inspection(InspectionOutcome.HazardsFound, VisitAt);
        var leak = Given.Hazard(HazardSeverity.Severe, visit.InspectionId, code: HazardCode.Leak, at: VisitAt);

        var events = Expect.Accepted(InspectionDecisions.Visit(Given.Active(), visit, [leak], Given.Policy with { SuspendSupplyOnSevereHazard = false }));

        Assert.Equal<IAccountEvent>([visit, leak], events);
    }

    [Fact]
    public void R_HAZ_2_severe_hazard_found_on_a_repair_also_suspends_supply()
    {
        var repairId = Guid.NewGuid();
        var onSite = Given.Active().Fold(
            Given.Repair(Given.Day(10, 1, 9), repairId, emergency: true),
            new RepairDispatched(repairId, "S-4001", Given.Day(10, 1, 9, 5)),
            new TechnicianArrived(repairId, Given.Day(10, 1, 9, 25)));
        var completed = new RepairCompleted(repairId, false, null, "立管接头漏气", Given.Day(10, 1, 10));
        var leak = Given.Hazard(HazardSeverity.Severe, repairId: repairId, code: HazardCode.Leak, at: Given.Day(10, 1, 10));

        var decision = RepairDecisions.Complete(onSite, completed, [leak], Given.Policy);

        var events = Expect.Accepted(decision);
        Assert.Equal(3, events.Count);
        Assert.Same(completed, events[0]);
        Assert.Same(leak, events[1]);
        Assert.Equal(leak.HazardId, Assert.IsType<SupplySuspended>(events[2]).HazardId);
        var state = onSite.After(decision);
        Assert.Equal(AccountStatus.Suspended, state.Status);
        Assert.Equal(repairId, state.Hazards[leak.HazardId].RepairId);
    }

    [Fact]
    public void R_HAZ_2_severe_hazard_found_before_gas_on_suspends_nothing_and_stays_open()
    {
        var repairId = Guid.NewGuid();
        var onSite = Given.Installed().Fold(
            Given.Repair(Given.Day(9, 5, 8), repairId, emergency: true),
            new RepairDispatched(repairId, "S-4001", Given.Day(9, 5, 8, 5)),
            new TechnicianArrived(repairId, Given.Day(9, 5, 8, 25)));
        var completed = new RepairCompleted(repairId, false, null, "表后阀漏气", Given.Day(9, 5, 9));
        var leak = Given.Hazard(HazardSeverity.Severe, repairId: repairId, code: HazardCode.Leak, at: Given.Day(9, 5, 9));

        var decision = RepairDecisions.Complete(onSite, completed, [leak], Given.Policy);

        Assert.Equal<IAccountEvent>([completed, leak], Expect.Accepted(decision));
        var state = onSite.After(decision);
        Assert.Equal(AccountStatus.Installed, state.Status);
        Assert.Equal(leak.HazardId, Assert.Single(state.OpenHazards).Id);
    }

    [Fact]
    public void R_HAZ_2_gas_on_is_refused_while_a_severe_hazard_is_open()
    {
        var repairId = Guid.NewGuid();
        var leak = Given.Hazard(HazardSeverity.Severe, repairId: repairId, code: HazardCode.Leak, at: Given.Day(9, 5, 9));
        var requested = Given.Installed().Fold(
            Given.Repair(Given.Day(9, 5, 8), repairId, emergency: true),
            new RepairDispatched(repairId, "S-4001", Given.Day(9, 5, 8, 5)),
            new TechnicianArrived(repairId, Given.Day(9, 5, 8, 25)),
            new RepairCompleted(repairId, false, null, "表后阀漏气", Given.Day(9, 5, 9)),
            leak,
            Given.IgnitionRequest(Given.Day(9, 5, 10)));

        Expect.Conflict(IgnitionDecisions.Complete(requested, Given.Ignition()), leak.HazardId.ToString());
    }

    [Fact]
    public void R_HAZ_2_resume_is_refused_while_a_severe_hazard_is_open()
    {
        var visit = Given.Inspection(InspectionOutcome.HazardsFound, VisitAt);
        var leak = Given.Hazard(HazardSeverity.Severe, visit.InspectionId, code: HazardCode.Leak, at: VisitAt);
        var active = Given.Active();
        var suspended = active.After(InspectionDecisions.Visit(active, visit, [leak], Given.Policy));

        Expect.Conflict(SupplyDecisions.Resume(suspended, new SupplyResumed(RectifiedAt)), leak.HazardId.ToString(), "leak", "R-HAZ-2");
    }

    [Fact]
    public void R_HAZ_2_resume_is_allowed_once_the_severe_hazard_is_rectified()
    {
        var visit = Given.Inspection(InspectionOutcome.HazardsFound, VisitAt);
        var leak = Given.Hazard(HazardSeverity.Severe, visit.InspectionId, code: HazardCode.Leak, at: VisitAt);
        var active = Given.Active();
        var suspended = active.After(InspectionDecisions.Visit(active, visit, [leak], Given.Policy));
        var rectified = suspended.After(InspectionDecisions.Rectify(suspended, new HazardRectified(leak.HazardId, "S-3001", RectifiedAt)));
        var resumed = new SupplyResumed(RectifiedAt.AddHours(1));

        var decision = SupplyDecisions.Resume(rectified, resumed);

        Expect.AcceptedAsIs(decision, resumed);
        var state = rectified.After(decision);
        Assert.Equal(AccountStatus.Active, state.Status);
        Assert.Null(state.Suspension);
    }

    [Fact]
    public void R_HAZ_2_an_open_hazard_that_is_not_severe_does_not_block_resumption()
    {
        var suspended = Given.Suspended().Fold(Given.Hazard(HazardSeverity.Major, Guid.NewGuid(), at: VisitAt));
        var resumed = new SupplyResumed(RectifiedAt);

        Expect.AcceptedAsIs(SupplyDecisions.Resume(suspended, resumed), resumed);
    }
}
