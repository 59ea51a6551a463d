using GasLedger.Domain.Accounts;
using GasLedger.Domain.Applications;
using GasLedger.Domain.Callbacks;
using GasLedger.Domain.Complaints;
using GasLedger.Domain.Ignition;
using GasLedger.Domain.Inspections;
using GasLedger.Domain.Installation;
using GasLedger.Domain.Repairs;
using GasLedger.Domain.Supply;
using GasLedger.Domain.Transfers;

namespace GasLedger.Domain.Tests;

/// <summary>R-ACC-6: the account's state machine; and business time, which never runs backwards within an account.</summary>
public class LifecycleTests
{
    private static readonly DateTimeOffset Now = Given.Later;

    [Fact]
    public void R_ACC_6_the_given_states_walk_the_state_machine()
    {
        Assert.Equal(AccountStatus.Applied, Given.Applied().Status);
        Assert.Equal(AccountStatus.Installing, Given.FeePaid().Status);
        Assert.Equal(AccountStatus.Installing, Given.Scheduled().Status);
        Assert.Equal(AccountStatus.Installed, Given.Installed().Status);
        Assert.Equal(AccountStatus.Installed, Given.GasOnRequested().Status);
        Assert.Equal(AccountStatus.Active, Given.Active().Status);
        Assert.Equal(AccountStatus.Suspended, Given.Suspended().Status);
        Assert.Equal(AccountStatus.Closed, Given.Closed().Status);
    }

    [Fact]
    public void R_ACC_6_ignition_before_installation_is_a_conflict_naming_the_state()
    {
        var installing = Given.Scheduled();

        var detail = Expect.Conflict(IgnitionDecisions.Complete(installing, Given.Ignition()), "is installing", "needs installed");
        Assert.Contains(Given.Number, detail);
    }

    [Fact]
    public void R_ACC_6_gas_on_request_on_an_applied_account_is_a_conflict_naming_the_state()
    {
        Expect.Conflict(IgnitionDecisions.Request(Given.Applied(), Given.IgnitionRequest(), Given.Policy), "is applied", "needs installed");
    }

    [Fact]
    public void R_ACC_6_gas_on_twice_is_a_conflict()
    {
        var active = Given.Active();

        Expect.Conflict(IgnitionDecisions.Request(active, Given.IgnitionRequest(Now, DateOnly.FromDateTime(Now.Date)), Given.Policy), "is active");
        Expect.Conflict(IgnitionDecisions.Complete(active, Given.Ignition(at: Now)), "is active");
    }

    [Fact]
    public void R_ACC_6_installation_complete_needs_a_schedule()
    {
        var paidNotScheduled = Given.FeePaid();

        var detail = Expect.Conflict(InstallationDecisions.Complete(paidNotScheduled, Given.InstallationDone()), "has not been scheduled");
        Assert.Contains(Given.Number, detail);
    }

    [Fact]
    public void R_ACC_6_installation_complete_on_an_applied_account_is_a_conflict_naming_the_state()
    {
        Expect.Conflict(InstallationDecisions.Complete(Given.Applied(), Given.InstallationDone()), "is applied", "needs installing");
    }

    [Fact]
    public void R_ACC_6_installation_is_not_scheduled_again_once_installed()
    {
        Expect.Conflict(InstallationDecisions.Schedule(Given.Installed(), Given.Schedule(Now, new DateOnly(2026, 10, 12)), Given.Policy),
            "is installed", "needs applied or installing");
    }

    [Fact]
    public void R_ACC_6_resume_only_from_suspended()
    {
        Expect.Conflict(SupplyDecisions.Resume(Given.Active(), new SupplyResumed(Now)), "is active", "needs suspended");
        Expect.Conflict(SupplyDecisions.Resume(Given.Installed(), new SupplyResumed(Now)), "is installed", "needs suspended");
    }

    [Fact]
    public void R_ACC_6_resume_from_suspended_makes_the_account_active_again()
    {
        var suspended = Given.Suspended();
        var resumed = new SupplyResumed(Now);

        var decision = SupplyDecisions.Resume(suspended, resumed);

        Expect.AcceptedAsIs(decision, resumed);
        var state = suspended.After(decision);
        Assert.Equal(AccountStatus.Active, state.Status);
        Assert.Null(state.Suspension);
    }

    [Fact]
    public void R_ACC_6_suspend_only_when_active()
    {
        Expect.Conflict(SupplyDecisions.Suspend(Given.Installed(), new SupplySuspended(SuspensionReason.Arrears, null, null, Now)), "is installed", "needs active");
        Expect.Conflict(SupplyDecisions.Suspend(Given.Suspended(), new SupplySuspended(SuspensionReason.Arrears, null, null, Now)), "is suspended", "needs active");
    }

    [Fact]
    public void R_ACC_6_suspension_records_its_reason()
    {
        var active = Given.Active();
        var suspended = new SupplySuspended(SuspensionReason.Arrears, null, null, Now);

        var state = active.After(SupplyDecisions.Suspend(active, suspended));

        Assert.Equal(AccountStatus.Suspended, state.Status);
        Assert.Equal(new SuspensionRecord(SuspensionReason.Arrears, null, Now), state.Suspension);
    }

    public static TheoryData<string> AccountStates() => new() { "applied", "installing", "installed", "active", "suspended" };

    private static Account InState(string state) => state switch
    {
        "applied" => Given.Applied(),
        "installing" => Given.Scheduled(),
        "installed" => Given.Installed(),
        "active" => Given.Active(),
        "suspended" => Given.Suspended(),
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    [Theory]
    [MemberData(nameof(AccountStates))]
    public void R_ACC_6_closure_from_any_open_state(string state)
    {
        var account = InState(state);
        var closed = new AccountClosed(ClosureReason.HolderRequest, Now);

        var decision = SupplyDecisions.Close(account, closed);

        Expect.AcceptedAsIs(decision, closed);
        var after = account.After(decision);
        Assert.Equal(AccountStatus.Closed, after.Status);
        Assert.Equal(Now, after.ClosedAt);
        Assert.Equal(ClosureReason.HolderRequest, after.ClosureReason);
        Assert.Equal(Given.Number, after.Number);
    }

    /// <summary>Every command of the domain, on the given account, at <see cref="Now"/>.</summary>
    public static IEnumerable<(string Name, Func<Account, Decision> Command)> Commands()
    {
        var p = Given.Policy;
        var id = Guid.NewGuid();
        yield return ("pay fee", a => ApplicationDecisions.PayFee(a, Given.Fee(2400m, Now), p));
        yield return ("schedule installation", a => InstallationDecisions.Schedule(a, Given.Schedule(Now, new DateOnly(2026, 10, 12)), p));
        yield return ("complete installation", a => InstallationDecisions.Complete(a, Given.InstallationDone(Now)));
        yield return ("request gas-on", a => IgnitionDecisions.Request(a, Given.IgnitionRequest(Now, new DateOnly(2026, 10, 12)), p));
        yield return ("complete gas-on", a => IgnitionDecisions.Complete(a, Given.Ignition(at: Now)));
        yield return ("refuse gas-on", a => IgnitionDecisions.Refuse(a, new IgnitionRefused("S-2001", IgnitionRefusalReason.Other, null, Now)));
        yield return ("inspect", a => InspectionDecisions.Visit(a, Given.Inspection(InspectionOutcome.Passed, Now), [], p));
        yield return ("rectify", a => InspectionDecisions.Rectify(a, new HazardRectified(id, "S-3001", Now)));
        yield return ("transfer", a => TransferDecisions.Transfer(a,
            new HolderTransferred(a.HolderPartyId, Guid.NewGuid(), PartyKind.Person, false, PaymentMethod.Counter, null, Now), null));
        yield return ("file complaint", a => ComplaintDecisions.File(a, Given.Complaint(at: Now), false));
        yield return ("reply complaint", a => ComplaintDecisions.Reply(a, new ComplaintReplied(id, "S-5001", "核查", Now)));
        yield return ("resolve complaint", a => ComplaintDecisions.Resolve(a, new ComplaintResolved(id, "S-5001", "补开发票", Now)));
        yield return ("follow up complaint", a => ComplaintDecisions.FollowUp(a, new ComplaintFollowedUp(id, "S-6001", SatisfactionLevel.Satisfied, Now)));
        yield return ("report repair", a => RepairDecisions.Report(a, Given.Repair(Now)));
        yield return ("dispatch repair", a => RepairDecisions.Dispatch(a, new RepairDispatched(id, "S-4001", Now)));
        yield return ("arrive repair", a => RepairDecisions.Arrive(a, new TechnicianArrived(id, Now)));
        yield return ("complete repair", a => RepairDecisions.Complete(a, new RepairCompleted(id, true, null, null, Now), [], p));
        yield return ("callback", a => CallbackDecisions.Callback(a, Given.Callback(true, SatisfactionLevel.Satisfied, Now)));
        yield return ("rate", a => CallbackDecisions.Rate(a, new RatingGiven(Guid.NewGuid(), RatingSource.CounterKeypad, "S-5001",
            ServiceStage.Counter, null, null, null, null, SatisfactionLevel.Satisfied, Now)));
        yield return ("record usage", a => SupplyDecisions.RecordUsage(a, Given.Usage(12m, new DateOnly(2026, 10, 10)), ServicePolicy.Default));
        yield return ("suspend", a => SupplyDecisions.Suspend(a, new SupplySuspended(SuspensionReason.Arrears, null, null, Now)));
        yield return ("resume", a => SupplyDecisions.Resume(a, new SupplyResumed(Now)));
        yield return ("close", a => SupplyDecisions.Close(a, new AccountClosed(ClosureReason.Other, Now)));
    }

    public static TheoryData<string> CommandNames() => new(Commands().Select(c => c.Name));

    private static Func<Account, Decision> Command(string name) => Commands().Single(c => c.Name == name).Command;

    [Theory]
    [MemberData(nameof(CommandNames))]
    public void R_ACC_6_everything_on_a_closed_account_is_a_conflict(string command)
    {
        var closed = Given.Closed();

        var detail = Expect.Conflict(Command(command)(closed), "closed is final");
        Assert.Contains(Given.Number, detail);
    }

    [Fact]
    public void R_ACC_6_closed_is_final_even_for_an_account_closed_before_installation()
    {
        var withdrawn = Given.Applied().Fold(new AccountClosed(ClosureReason.ApplicationWithdrawn, Now));

        Assert.All(Commands(), c => Expect.Conflict(c.Command(withdrawn), "closed"));
    }

    // ---- business time ----

    [Fact]
    public void Business_time_in_the_future_beyond_the_clock_skew_is_invalid()
    {
        var decision = AccountRules.CheckBusinessTime(Given.Active(), Now + TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1), Now, Given.Policy);

        Expect.Invalid(decision!, "occurredAt");
    }

    [Fact]
    public void Business_time_in_the_future_beyond_the_clock_skew_is_invalid_for_a_new_stream_too()
    {
        Expect.Invalid(AccountRules.CheckBusinessTime(null, Now.AddDays(1), Now, Given.Policy)!, "occurredAt");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(60)]
    [InlineData(300)] // exactly the allowed skew
    public void Business_time_within_the_clock_skew_is_fine(int secondsAhead)
    {
        Assert.Null(AccountRules.CheckBusinessTime(Given.Active(), Now.AddSeconds(secondsAhead), Now, Given.Policy));
    }

    [Fact]
    public void Business_time_skew_is_the_policys()
    {
        var policy = Given.Policy with { AllowedClockSkew = TimeSpan.Zero };

        Expect.Invalid(AccountRules.CheckBusinessTime(Given.Active(), Now.AddSeconds(1), Now, policy)!, "occurredAt");
        Assert.Null(AccountRules.CheckBusinessTime(Given.Active(), Now, Now, policy));
    }

    [Fact]
    public void Business_time_earlier_than_the_accounts_latest_is_invalid()
    {
        var active = Given.Active();

        var errors = Expect.Invalid(AccountRules.CheckBusinessTime(active, Given.GasOnAt.AddTicks(-1), Now, Given.Policy)!, "occurredAt");
        Assert.Contains("never runs backwards", errors["occurredAt"][0]);
    }

    [Fact]
    public void Business_time_equal_to_the_accounts_latest_is_fine()
    {
        var active = Given.Active();

        Assert.Equal(Given.GasOnAt, active.LastOccurredAt);
        Assert.Null(AccountRules.CheckBusinessTime(active, Given.GasOnAt, Now, Given.Policy));
    }

    [Fact]
    public void Business_time_is_compared_as_an_instant_not_as_local_clock_text()
    {
        var active = Given.Active(); // latest 2026-09-08 10:30 +08 = 02:30Z

        Assert.Null(AccountRules.CheckBusinessTime(active, new DateTimeOffset(2026, 9, 8, 2, 30, 0, TimeSpan.Zero), Now, Given.Policy));
        Expect.Invalid(AccountRules.CheckBusinessTime(active, new DateTimeOffset(2026, 9, 8, 2, 29, 0, TimeSpan.Zero), Now, Given.Policy)!, "occurredAt");
    }

    [Fact]
    public void Business_time_of_a_stream_never_runs_backwards_when_an_event_is_applied()
    {
        var active = Given.Active();

        var after = active.Fold(Given.Callback(true, SatisfactionLevel.Satisfied, Given.GasOnAt.AddDays(-1)));

        Assert.Equal(Given.GasOnAt, after.LastOccurredAt);
        Assert.Equal(Now, active.Fold(Given.Callback(true, SatisfactionLevel.Satisfied, Now)).LastOccurredAt);
    }

    [Fact]
    public void Apply_returns_a_new_state_and_leaves_the_old_one_as_it_was()
    {
        var installed = Given.Installed();

        var active = installed.Fold(Given.IgnitionRequest(), Given.Ignition());

        Assert.Equal(AccountStatus.Installed, installed.Status);
        Assert.Null(installed.GasOnAt);
        Assert.Equal(AccountStatus.Active, active.Status);
        Assert.NotSame(installed, active);
    }
}

/// <summary>The one fold of the account outside the event store (<see cref="AccountFold"/>).</summary>
public sealed class AccountFoldTests
{
    [Fact]
    public void Every_event_type_but_the_application_has_an_Apply_the_fold_finds()
    {
        var events = typeof(IAccountEvent).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IAccountEvent).IsAssignableFrom(t)).ToHashSet();
        events.Remove(typeof(GasLedger.Domain.Applications.ApplicationSubmitted));
        Assert.Equal(events.OrderBy(t => t.Name), AccountFold.EventTypes.OrderBy(t => t.Name));
    }

    [Fact]
    public void An_event_without_an_Apply_is_refused_by_name()
    {
        var refused = Assert.Throws<ArgumentException>(() => Given.Active().Fold(new NotAnAccountEvent(DateTimeOffset.UtcNow)));
        Assert.Contains(nameof(NotAnAccountEvent), refused.Message);
    }

    private sealed record NotAnAccountEvent(DateTimeOffset OccurredAt) : IAccountEvent;
}
