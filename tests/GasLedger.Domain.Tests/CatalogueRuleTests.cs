using GasLedger.Domain;
using GasLedger.Domain.Accounts;
using GasLedger.Domain.Applications;
using GasLedger.Domain.Calendar;
using GasLedger.Domain.Callbacks;
using GasLedger.Domain.Complaints;
using GasLedger.Domain.Inspections;
using GasLedger.Domain.Repairs;
using GasLedger.Domain.Supply;
using GasLedger.Domain.TimeLimits;

namespace GasLedger.Domain.Tests;

/// <summary>Rules of the catalogue kept across several decisions and read models, each shown on its own.</summary>
public sealed class CatalogueRuleTests
{
    private static readonly ServicePolicy Policy = Given.Policy;

    private static AccountTimeLimits Fold(params IAccountEvent[] events)
    {
        AccountTimeLimits? state = null;
        for (var i = 0; i < events.Length; i++)
            state = AccountTimeLimits.Follow(state, Given.AccountId, events[i], i + 1, WorkingCalendar.Official, Policy);
        return state!;
    }

    [Fact]
    public void R_ACC_2_nine_categories_and_every_one_but_residential_is_inspected_as_non_residential()
    {
        Assert.Equal(9, Enum.GetValues<CustomerCategory>().Length);
        foreach (var category in Enum.GetValues<CustomerCategory>())
        {
            var spec = category == CustomerCategory.Residential ? AccountSpec.Residential : AccountSpec.NonResidential(category);
            var due = Classifier.NextInspectionDue(Given.Active(spec), Policy)!.Value;
            var months = category == CustomerCategory.Residential ? Policy.ResidentialInspectionIntervalMonths : Policy.NonResidentialInspectionIntervalMonths;
            Assert.Equal(Policy.LocalDate(Given.GasOnAt).AddMonths(months), due);
        }
        Assert.True(Policy.NonResidentialInspectionIntervalMonths < Policy.ResidentialInspectionIntervalMonths);
    }

    [Fact]
    public void R_ACC_5_a_special_care_holder_is_registered_as_such_and_served_at_the_care_level()
    {
        var care = Given.Active(AccountSpec.Residential with { SpecialCare = true });
        Assert.True(care.SpecialCare);
        Assert.Equal(ServiceLevel.Care, Classifier.Classify(care, Policy.LocalDate(Given.Later), Policy).ServiceLevel);
        Assert.Equal(ServiceLevel.Standard, Classifier.Classify(Given.Active(), Policy.LocalDate(Given.Later), Policy).ServiceLevel);
    }

    [Fact]
    public void R_INSP_3_a_holders_request_for_an_inspection_is_due_within_three_days_and_a_visit_that_counts_meets_it()
    {
        var requested = new InspectionRequested(null, "闻到异味", Given.Day(10, 12, 9));
        var open = Fold(Given.Submitted(), requested);
        var item = Assert.Single(open.Items.Values, i => i.Kind == CommitmentKind.RequestedInspection);
        Assert.Equal(("R-INSP-3", WorkingCalendar.EndOfDay(new DateOnly(2026, 10, 15), Policy)), (item.Rule, item.DueAt));
        var notHome = Fold(Given.Submitted(), requested, Given.Inspection(InspectionOutcome.NotHome, Given.Day(10, 13)));
        Assert.Null(Assert.Single(notHome.Items.Values, i => i.Kind == CommitmentKind.RequestedInspection).DoneAt);
        var met = Fold(Given.Submitted(), requested, Given.Inspection(InspectionOutcome.Passed, Given.Day(10, 14)));
        Assert.Equal(Given.Day(10, 14), Assert.Single(met.Items.Values, i => i.Kind == CommitmentKind.RequestedInspection).DoneAt);
    }

    [Fact]
    public void R_CMP_6_whoever_receives_a_complaint_owns_it_until_it_is_answered_within_a_week()
    {
        var filed = Given.Complaint(at: Given.Day(10, 12, 9));
        var open = Assert.Single(Fold(Given.Submitted(), filed).Items.Values, i => i.Kind == CommitmentKind.FirstResponder);
        Assert.Equal(("R-CMP-6", filed.ReceivedBy, Given.Day(10, 19, 9)), (open.Rule, open.Owner, open.DueAt));
        var answered = Fold(Given.Submitted(), filed, new ComplaintReplied(filed.ComplaintId, "S-5001", "核查中", Given.Day(10, 13)));
        Assert.Equal(Given.Day(10, 13), Assert.Single(answered.Items.Values, i => i.Kind == CommitmentKind.FirstResponder).DoneAt);
    }

    [Fact]
    public void R_REP_3_every_completed_repair_calls_for_a_callback_at_once()
    {
        var repair = Guid.NewGuid();
        var completed = new RepairCompleted(repair, true, null, null, Given.Day(10, 22, 10, 30));
        var work = CallbackWork.Done(new StreamEvent(Guid.NewGuid(), completed), ApplicationNature.Collective,
            new Dictionary<Guid, string> { [repair] = "S-2002" })!;
        Assert.Equal((CallbackKind.AfterRepair, true, "S-2002"), (work.Kind, work.NeedsCallback, work.Staff));
        var (start, _) = CallbackPlan.WindowAfter(CallbackKind.AfterRepair, new DateOnly(2026, 10, 22), Policy);
        Assert.Equal(new DateOnly(2026, 10, 22), start); // the day of the repair
    }

    [Fact]
    public void R_SUP_2_supply_is_suspended_and_resumed_with_its_reason_and_a_closure_is_final()
    {
        var suspended = new SupplySuspended(SuspensionReason.Arrears, null, null, Given.Later);
        var account = Given.Active().Fold(Expect.Accepted(SupplyDecisions.Suspend(Given.Active(), suspended)).ToArray());
        Assert.Equal((AccountStatus.Suspended, SuspensionReason.Arrears), (account.Status, account.Suspension!.Reason));
        var resumed = new SupplyResumed(Given.Later.AddDays(1)) { Reason = ResumptionReason.ArrearsSettled };
        var back = account.Fold(Expect.Accepted(SupplyDecisions.Resume(account, resumed)).ToArray());
        Assert.Equal(AccountStatus.Active, back.Status);
        var closed = back.Fold(Expect.Accepted(SupplyDecisions.Close(back, new AccountClosed(ClosureReason.Demolition, Given.Later.AddDays(2)))).ToArray());
        Expect.Conflict(SupplyDecisions.Close(closed, new AccountClosed(ClosureReason.Other, Given.Later.AddDays(3))));
        Expect.Conflict(SupplyDecisions.Suspend(closed, suspended with { OccurredAt = Given.Later.AddDays(3) }));
        Expect.Conflict(SupplyDecisions.Resume(closed, resumed));
    }

    [Fact]
    public void R_INT_1_a_report_of_staff_taking_favours_is_a_conduct_complaint_tracked_like_the_others()
    {
        var conduct = Given.Complaint(ComplaintCategory.Conduct);
        var filed = Expect.Accepted(ComplaintDecisions.File(Given.Active(), conduct, touchesSafety: false));
        Assert.Equal(conduct, Assert.Single(filed));
        var kinds = Fold(Given.Submitted(), conduct).Items.Values.Select(i => i.Kind).ToHashSet();
        Assert.Equal(new HashSet<CommitmentKind> { CommitmentKind.ComplaintReply, CommitmentKind.ComplaintDecision,
            CommitmentKind.ComplaintResolution, CommitmentKind.FirstResponder }, kinds);
    }
}
