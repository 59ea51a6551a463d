using GasLedger.Domain;
using GasLedger.Domain.Accounts;
using GasLedger.Domain.Calendar;
using GasLedger.Domain.Complaints;
using GasLedger.Domain.Repairs;
using GasLedger.Domain.Supply;
using GasLedger.Domain.TimeLimits;

namespace GasLedger.Domain.Tests;

/// <summary>The time limits of the catalogue, folded from events on the official calendar (pure).</summary>
public sealed class TimeLimitTests
{
    private static readonly Guid Id = Given.AccountId;

    private static AccountTimeLimits Fold(params IAccountEvent[] events)
    {
        AccountTimeLimits? state = null;
        for (var i = 0; i < events.Length; i++)
            state = AccountTimeLimits.Follow(state, Id, events[i], i + 1, WorkingCalendar.Official, ServicePolicy.Default);
        return state!;
    }

    private static DateTimeOffset EndOf(int year, int month, int day) => WorkingCalendar.EndOfDay(new DateOnly(year, month, day), ServicePolicy.Default);

    private static WorkItem Item(AccountTimeLimits s, CommitmentKind kind) => Assert.Single(s.Items.Values, i => i.Kind == kind);

    [Fact]
    public void R_INS_2_installation_is_due_five_working_days_after_the_fee_and_met_when_completed_in_time()
    {
        // Fee paid Tue 2026-09-01: Sep 2, 3, 4, 7, 8 are the five working days.
        var s = Fold(Given.Submitted(), Given.Fee(2400), Given.Schedule(), Given.InstallationDone());
        var item = Item(s, CommitmentKind.Installation);
        Assert.Equal(EndOf(2026, 9, 8), item.DueAt);
        Assert.Equal(Given.InstalledAt, item.DoneAt);
        Assert.Equal(WorkState.Met, item.StateAt(Given.Later));
    }

    [Fact]
    public void R_INS_2_common_facility_takes_fifteen_working_days_or_the_later_agreed_date()
    {
        var agreed = new DateOnly(2026, 11, 30);
        var s = Fold(Given.Submitted(), Given.Fee(2400),
            new Installation.InstallationScheduled(InstallationKind.CommonFacility, agreed, Given.ScheduledAt));
        var item = Item(s, CommitmentKind.Installation);
        Assert.Equal(EndOf(2026, 11, 30), item.DueAt);
        Assert.Contains("15 working days", item.Commitment);
    }

    [Fact]
    public void R_IGN_1_gas_on_is_due_three_working_days_after_the_request()
    {
        // Requested Sat 2026-09-05: Mon 7, Tue 8, Wed 9.
        var s = Fold(Given.Submitted(), Given.Fee(2400), Given.Schedule(), Given.InstallationDone(), Given.IgnitionRequest(), Given.Ignition());
        var item = Item(s, CommitmentKind.Ignition);
        Assert.Equal(EndOf(2026, 9, 9), item.DueAt);
        Assert.Equal(WorkState.Met, item.StateAt(Given.Later));
    }

    [Fact]
    public void R_CMP_4_a_complaint_of_2026_09_30_is_decided_within_three_working_days_by_the_end_of_2026_10_10()
    {
        var filedAt = Given.Day(9, 30);
        var complaint = Guid.NewGuid();
        var s = Fold(Given.Submitted(),
            new ComplaintFiled(complaint, "TS-202609-0001", ComplaintChannel.Phone, ComplaintCategory.Delay, ComplaintComplexity.Complex, "c", "S-1", filedAt));

        // National Day 1–7 October off; Thu 8, Fri 9 and the adjusted working Saturday 10 October are the three.
        Assert.Equal(EndOf(2026, 10, 10), Item(s, CommitmentKind.ComplaintDecision).DueAt);
        Assert.Equal(filedAt.AddHours(48), Item(s, CommitmentKind.ComplaintReply).DueAt);
        Assert.Equal(filedAt.AddDays(7), Item(s, CommitmentKind.FirstResponder).DueAt);
        // Complex: seven working days, Oct 8, 9, 10, 12, 13, 14, 15.
        Assert.Equal(EndOf(2026, 10, 15), Item(s, CommitmentKind.ComplaintResolution).DueAt);
        Assert.Equal("S-1", Item(s, CommitmentKind.ComplaintReply).Owner);
    }

    [Fact]
    public void R_CMP_4_an_unanswered_complaint_is_breached_as_soon_as_its_time_passes_without_any_event()
    {
        var filedAt = Given.Day(10, 12, 9);
        var s = Fold(Given.Submitted(),
            new ComplaintFiled(Guid.NewGuid(), "TS-202610-0001", ComplaintChannel.Phone, ComplaintCategory.Delay, ComplaintComplexity.Simple, "c", "S-1", filedAt));
        var reply = Item(s, CommitmentKind.ComplaintReply);
        Assert.Equal(WorkState.Open, reply.StateAt(filedAt.AddHours(47)));
        Assert.Equal(WorkState.Breached, reply.StateAt(filedAt.AddHours(48).AddSeconds(1)));
    }

    [Fact]
    public void R_CMP_5_a_reopened_complaint_starts_a_new_resolution_time_limit()
    {
        var c = Guid.NewGuid();
        var s = Fold(Given.Submitted(),
            new ComplaintFiled(c, "TS-202610-0002", ComplaintChannel.Phone, ComplaintCategory.Delay, ComplaintComplexity.Simple, "c", "S-1", Given.Day(10, 12)),
            new ComplaintReplied(c, "S-1", "d", Given.Day(10, 12, 15)),
            new ComplaintResolved(c, "S-1", "r", Given.Day(10, 13)),
            new ComplaintFollowedUp(c, "S-6", SatisfactionLevel.Dissatisfied, Given.Day(10, 14)),
            new ComplaintReopened(c, "dissatisfied", Given.Day(10, 14)));
        var rounds = s.Items.Values.Where(i => i.Kind == CommitmentKind.ComplaintResolution).OrderBy(i => i.StartedAt).ToArray();
        Assert.Equal(2, rounds.Length);
        Assert.NotNull(rounds[0].DoneAt);
        Assert.Null(rounds[1].DoneAt);
        Assert.Equal("R-CMP-5", rounds[1].Rule);
        Assert.Equal(EndOf(2026, 10, 19), rounds[1].DueAt); // Oct 15, 16, 19
    }

    [Fact]
    public void R_REP_2_an_emergency_is_due_on_site_within_thirty_minutes_and_repaired_within_24_hours()
    {
        var r = Guid.NewGuid();
        var reported = Given.Day(10, 20, 8);
        var s = Fold(Given.Submitted(),
            new RepairReported(r, true, "漏气", RepairLocation.Urban, null, "S-1", reported),
            new RepairDispatched(r, "S-2", reported.AddMinutes(5)),
            new TechnicianArrived(r, reported.AddMinutes(45)),
            new RepairCompleted(r, true, null, null, reported.AddHours(3)));
        var arrival = Item(s, CommitmentKind.EmergencyArrival);
        Assert.Equal(reported.AddMinutes(30), arrival.DueAt);
        Assert.Equal(WorkState.Breached, arrival.StateAt(Given.Later));
        Assert.Equal("S-2", arrival.Owner);
        Assert.Equal(WorkState.Met, Item(s, CommitmentKind.RepairCompletion).StateAt(Given.Later));
        Assert.DoesNotContain(s.Items.Values, i => i.Kind == CommitmentKind.RepairHandling);
    }

    [Fact]
    public void R_SUP_1_a_planned_interruption_notified_only_24_hours_ahead_breaches_the_48_hour_notice()
    {
        var at = Given.Day(10, 20);
        var s = Fold(Given.Submitted(), new SupplySuspended(SuspensionReason.PlannedWork, at.AddHours(-24), null, at));
        var notice = Item(s, CommitmentKind.InterruptionNotice);
        Assert.Equal(at.AddHours(-48), notice.DueAt);
        Assert.Equal(WorkState.Breached, notice.StateAt(at));
    }

    [Fact]
    public void R_APP_4_counter_handling_time_is_measured_against_its_commitment()
    {
        var s = Fold(Given.Submitted() with { HandlingMinutes = 12 });
        var item = Item(s, CommitmentKind.CounterHandling);
        Assert.Equal("10 minutes", item.Commitment);
        Assert.Equal(WorkState.Breached, item.StateAt(Given.Later));
    }

    [Fact]
    public void R_CAL_1_a_time_limit_running_into_a_year_without_an_official_arrangement_is_provisional()
    {
        var s = Fold(Given.Submitted(),
            new ComplaintFiled(Guid.NewGuid(), "TS-202612-0001", ComplaintChannel.Phone, ComplaintCategory.Delay, ComplaintComplexity.Complex, "c", "S-1", Given.Day(12, 28)));
        Assert.True(Item(s, CommitmentKind.ComplaintResolution).Provisional);
        Assert.False(Item(s, CommitmentKind.ComplaintReply).Provisional);
    }
}

public sealed class TimeLimitStartTests
{
    [Fact]
    public void Only_events_that_start_a_time_limit_say_they_may()
    {
        Assert.True(AccountTimeLimits.MayStart(Given.Fee(2400)));
        Assert.True(AccountTimeLimits.MayStart(new Supply.SupplySuspended(SuspensionReason.PlannedWork, Given.Day(9, 18), null, Given.Day(9, 20))));
        Assert.False(AccountTimeLimits.MayStart(new Supply.SupplySuspended(SuspensionReason.Arrears, null, null, Given.Day(9, 20))));
        Assert.False(AccountTimeLimits.MayStart(Given.Submitted()));
        Assert.True(AccountTimeLimits.MayStart(Given.Submitted() with { HandlingMinutes = 8 }));
        Assert.False(AccountTimeLimits.MayStart(Given.InstallationDone()));
    }
}
