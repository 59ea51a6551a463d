using GasLedger.Domain;
using GasLedger.Domain.Accounts;
using GasLedger.Domain.Calendar;
using GasLedger.Domain.Complaints;
using GasLedger.Domain.TimeLimits;

namespace GasLedger.Domain.Tests;

/// <summary>R-TL-2: a time limit's clock paused for a reason outside the company's hands, the breach judged on running time.</summary>
public sealed class ClockTests
{
    private static AccountTimeLimits Fold(params IAccountEvent[] events)
    {
        AccountTimeLimits? state = null;
        for (var i = 0; i < events.Length; i++)
            state = AccountTimeLimits.Follow(state, Given.AccountId, events[i], i + 1, WorkingCalendar.Official, ServicePolicy.Default);
        return state!;
    }

    [Fact]
    public void R_TL_2_a_paused_clock_stands_with_its_reason_and_its_due_time_moves_on_by_the_time_it_stood()
    {
        var filed = Given.Complaint(at: Given.Day(11, 2, 9));
        var reply = $"complaintReply:{filed.ComplaintId}"; // 48 hours: due 4 November 09:00
        var paused = new ClockPaused(reply, PauseReason.HolderAbsent, "用户出差", Given.Day(11, 3, 9));
        var standing = Fold(Given.Submitted(), filed, paused);
        var item = standing.Items[reply];
        Assert.Equal((Given.Day(11, 3, 9), PauseReason.HolderAbsent), (item.PausedSince!.Value, item.Pauses.Single().Reason));
        Assert.Equal(WorkState.Open, item.StateAt(Given.Day(11, 10))); // past its due time, but the clock stands

        var resumed = Fold(Given.Submitted(), filed, paused, new ClockResumed(reply, Given.Day(11, 6, 9)));
        var running = resumed.Items[reply];
        Assert.Equal(Given.Day(11, 7, 9), running.DueAt); // three days later
        Assert.Equal(Given.Day(11, 6, 9), running.Pauses.Single().Until);
        Assert.Equal(WorkState.Open, running.StateAt(Given.Day(11, 7, 8)));
        Assert.Equal(WorkState.Breached, running.StateAt(Given.Day(11, 7, 10)));
        var replied = Fold(Given.Submitted(), filed, paused, new ClockResumed(reply, Given.Day(11, 6, 9)),
            new ComplaintReplied(filed.ComplaintId, "S-5001", "已核实", Given.Day(11, 6, 15)));
        Assert.Equal(WorkState.Met, replied.Items[reply].StateAt(Given.Day(11, 20)));

        // Done while the clock stands: it stood until then.
        var doneWhilePaused = Fold(Given.Submitted(), filed, paused, new ComplaintReplied(filed.ComplaintId, "S-5001", "已核实", Given.Day(11, 5, 9)));
        Assert.Equal((WorkState.Met, Given.Day(11, 6, 9)), (doneWhilePaused.Items[reply].StateAt(Given.Day(11, 20)), doneWhilePaused.Items[reply].DueAt));
    }

    [Fact]
    public void R_TL_2_only_an_open_running_clock_is_paused_and_only_a_paused_one_resumed()
    {
        var filed = Given.Complaint(at: Given.Day(11, 2, 9));
        var reply = $"complaintReply:{filed.ComplaintId}";
        var limits = Fold(Given.Submitted(), filed);
        var pause = new ClockPaused(reply, PauseReason.ForceMajeure, null, Given.Day(11, 3));
        Expect.AcceptedAsIs(ClockDecisions.Pause(limits, pause), pause);
        Expect.Missing(ClockDecisions.Pause(limits, pause with { ItemId = "complaintReply:nothing" }));
        Expect.Invalid(ClockDecisions.Pause(limits, pause with { OccurredAt = Given.Day(11, 1) }), "occurredAt");
        Expect.Conflict(ClockDecisions.Resume(limits, new ClockResumed(reply, Given.Day(11, 4))), "not paused");
        var standing = Fold(Given.Submitted(), filed, pause);
        Expect.Conflict(ClockDecisions.Pause(standing, pause), "stands already");
        Expect.Accepted(ClockDecisions.Resume(standing, new ClockResumed(reply, Given.Day(11, 4))));
        var done = Fold(Given.Submitted(), filed, new ComplaintReplied(filed.ComplaintId, "S-5001", "已核实", Given.Day(11, 2, 15)));
        Expect.Conflict(ClockDecisions.Pause(done, pause), "done");
    }
}

/// <summary>R-TL-4: work orders still open the day after they were due, counted in that day's month against their team.</summary>
public sealed class OverdueWorkTests
{
    private static readonly ServicePolicy Policy = ServicePolicy.Default;

    private static WorkItem Order(CommitmentKind kind, DateTimeOffset due, DateTimeOffset? done = null) =>
        new("x", kind, "R", "c", null, due.AddDays(-3), due, done, false, "S-2002");

    [Fact]
    public void R_TL_4_a_work_order_open_after_the_day_after_its_due_date_counts_on_that_day()
    {
        var due = Given.Day(11, 30, 17); // due Monday 30 November
        var late = Given.Day(12, 3, 9);
        Assert.Equal(new DateOnly(2026, 12, 1), OverdueWork.CountedOn(Order(CommitmentKind.RepairCompletion, due), late, Policy));
        Assert.Equal(new DateOnly(2026, 12, 1), OverdueWork.CountedOn(Order(CommitmentKind.Installation, due, Given.Day(12, 2, 9)), late, Policy));
        Assert.Null(OverdueWork.CountedOn(Order(CommitmentKind.RepairCompletion, due, Given.Day(12, 1, 20)), late, Policy)); // closed the next day
        Assert.Null(OverdueWork.CountedOn(Order(CommitmentKind.RepairCompletion, due), Given.Day(12, 1, 23), Policy)); // the next day not over
        Assert.Null(OverdueWork.CountedOn(Order(CommitmentKind.ComplaintReply, due), late, Policy)); // not a work order
        var standing = Order(CommitmentKind.HolderVisit, due).Paused(Given.Day(11, 29), PauseReason.HolderAbsent, null);
        Assert.Null(OverdueWork.CountedOn(standing, late, Policy)); // a clock that stands (R-TL-2)
    }
}
