using System.Globalization;
using GasLedger.Domain.Accounts;
using GasLedger.Domain.Complaints;

namespace GasLedger.Domain.Tests;

/// <summary>R-CMP-1..5: complaint numbers, escalation, and the reply → resolve → follow-up loop.</summary>
public class ComplaintTests
{
    private static readonly DateTimeOffset FiledAt = Given.Day(10, 15, 9);

    private static ComplaintReplied Reply(Guid id, DateTimeOffset at) => new(id, "S-5001", "核查收费记录", at);
    private static ComplaintResolved Resolve(Guid id, DateTimeOffset at) => new(id, "S-5001", "补开发票", at);
    private static ComplaintFollowedUp FollowUp(Guid id, SatisfactionLevel level, DateTimeOffset at) => new(id, "S-6001", level, at);

    /// <summary>An active account with one complaint filed, and the complaint's id.</summary>
    private static (Account Account, Guid Id) Filed(ComplaintCategory category = ComplaintCategory.Charges)
    {
        var filed = Given.Complaint(category, FiledAt);
        return (Given.Active().Fold(filed), filed.ComplaintId);
    }

    private static Account Resolved(out Guid id)
    {
        var (account, complaintId) = Filed();
        id = complaintId;
        return account.Fold(Reply(id, FiledAt.AddHours(7)), Resolve(id, FiledAt.AddDays(1)));
    }

    // ---- R-CMP-2 ----

    [Fact]
    public void R_CMP_2_number_is_prefix_year_month_and_four_digit_serial()
    {
        Assert.Equal("TS-202611-0007", ComplaintDecisions.Number(Given.Day(11, 5), 7, Given.Policy));
        Assert.Equal("TS-202611-0123", ComplaintDecisions.Number(Given.Day(11, 5), 123, Given.Policy));
        Assert.Equal("TS-202611-12345", ComplaintDecisions.Number(Given.Day(11, 5), 12345, Given.Policy));
    }

    [Fact]
    public void R_CMP_2_month_is_taken_in_Asia_Shanghai()
    {
        var lateOctoberUtc = new DateTimeOffset(2026, 10, 31, 20, 0, 0, TimeSpan.Zero); // 2026-11-01 04:00 in Shanghai

        Assert.Equal("TS-202611-0007", ComplaintDecisions.Number(lateOctoberUtc, 7, Given.Policy));
        Assert.Equal("202611", ComplaintDecisions.SerialMonth(lateOctoberUtc, Given.Policy));
    }

    [Theory]
    [InlineData("2026-11-30T15:59:59Z", "202611")] // 23:59:59 on 30 November in Shanghai
    [InlineData("2026-11-30T16:00:00Z", "202612")] // midnight, 1 December in Shanghai
    [InlineData("2026-12-31T16:00:00Z", "202701")] // the year turns too
    [InlineData("2026-11-01T00:00:00+08:00", "202611")]
    [InlineData("2026-10-31T23:59:59+08:00", "202610")]
    public void R_CMP_2_serial_month_boundaries_are_company_time(string filedAt, string month)
    {
        var at = DateTimeOffset.Parse(filedAt, CultureInfo.InvariantCulture);

        Assert.Equal(month, ComplaintDecisions.SerialMonth(at, Given.Policy));
        Assert.Equal($"TS-{month}-0001", ComplaintDecisions.Number(at, 1, Given.Policy));
    }

    [Fact]
    public void R_CMP_2_prefix_and_time_zone_are_the_policys()
    {
        var policy = Given.Policy with { ComplaintNumberPrefix = "KS", TimeZoneId = "UTC" };

        Assert.Equal("KS-202610-0007", ComplaintDecisions.Number(new DateTimeOffset(2026, 10, 31, 20, 0, 0, TimeSpan.Zero), 7, policy));
    }

    [Fact]
    public void R_CMP_2_number_does_not_depend_on_the_current_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("th-TH");
            Assert.Equal("TS-202611-0007", ComplaintDecisions.Number(Given.Day(11, 5), 7, Given.Policy));
            Assert.Equal("202611", ComplaintDecisions.SerialMonth(Given.Day(11, 5), Given.Policy));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    // ---- R-CMP-1, R-CMP-3 ----

    [Fact]
    public void R_CMP_1_a_complaint_is_filed_open()
    {
        var active = Given.Active();
        var filed = Given.Complaint(ComplaintCategory.Charges, FiledAt);

        var decision = ComplaintDecisions.File(active, filed, touchesSafety: false);

        Expect.AcceptedAsIs(decision, filed);
        var state = active.After(decision);
        Assert.Equal(
            new ComplaintRecord(filed.ComplaintId, "TS-202610-0001", ComplaintCategory.Charges, ComplaintComplexity.Simple, ComplaintStatus.Open, false, FiledAt),
            state.Complaints[filed.ComplaintId]);
    }

    [Fact]
    public void R_CMP_1_a_complaint_may_be_filed_before_gas_on()
    {
        var filed = Given.Complaint(ComplaintCategory.Delay, FiledAt);

        Expect.AcceptedAsIs(ComplaintDecisions.File(Given.Scheduled(), filed, false), filed);
    }

    [Fact]
    public void R_CMP_1_the_same_complaint_id_twice_is_a_conflict()
    {
        var (account, id) = Filed();

        Expect.Conflict(ComplaintDecisions.File(account, Given.Complaint(at: FiledAt, id: id), false), "already exists");
    }

    [Fact]
    public void R_CMP_3_safety_complaint_is_escalated_at_once()
    {
        var active = Given.Active();
        var filed = Given.Complaint(ComplaintCategory.Safety, FiledAt);

        var decision = ComplaintDecisions.File(active, filed, touchesSafety: false);

        var events = Expect.Accepted(decision);
        Assert.Equal(2, events.Count);
        Assert.Same(filed, events[0]);
        var escalated = Assert.IsType<ComplaintEscalated>(events[1]);
        Assert.Equal(filed.ComplaintId, escalated.ComplaintId);
        Assert.Equal(FiledAt, escalated.OccurredAt);
        Assert.Contains("R-CMP-3", escalated.Reason);
        Assert.True(active.After(decision).Complaints[filed.ComplaintId].Escalated);
    }

    [Theory]
    [InlineData(ComplaintCategory.Attitude)]
    [InlineData(ComplaintCategory.Quality)]
    [InlineData(ComplaintCategory.Other)]
    public void R_CMP_3_complaint_touching_safety_is_escalated_whatever_its_category(ComplaintCategory category)
    {
        var filed = Given.Complaint(category, FiledAt);

        var events = Expect.Accepted(ComplaintDecisions.File(Given.Active(), filed, touchesSafety: true));

        Assert.Equal(filed.ComplaintId, Assert.IsType<ComplaintEscalated>(events[1]).ComplaintId);
    }

    [Theory]
    [InlineData(ComplaintCategory.Attitude)]
    [InlineData(ComplaintCategory.Charges)]
    [InlineData(ComplaintCategory.Conduct)]
    public void R_CMP_3_other_complaints_are_not_escalated(ComplaintCategory category)
    {
        var active = Given.Active();
        var filed = Given.Complaint(category, FiledAt);

        var decision = ComplaintDecisions.File(active, filed, touchesSafety: false);

        Expect.AcceptedAsIs(decision, filed);
        Assert.False(active.After(decision).Complaints[filed.ComplaintId].Escalated);
    }

    // ---- R-CMP-4 ----

    [Fact]
    public void R_CMP_4_reply_to_an_open_complaint()
    {
        var (account, id) = Filed();
        var reply = Reply(id, FiledAt.AddHours(7));

        var decision = ComplaintDecisions.Reply(account, reply);

        Expect.AcceptedAsIs(decision, reply);
        Assert.Equal(ComplaintStatus.Replied, account.After(decision).Complaints[id].Status);
    }

    [Fact]
    public void R_CMP_4_reply_twice_is_a_conflict_naming_the_status()
    {
        var (account, id) = Filed();
        var replied = account.Fold(Reply(id, FiledAt.AddHours(7)));

        Expect.Conflict(ComplaintDecisions.Reply(replied, Reply(id, FiledAt.AddHours(8))), "is replied", "needs open or reopened");
    }

    [Fact]
    public void R_CMP_4_resolve_before_the_reply_is_a_conflict()
    {
        var (account, id) = Filed();

        Expect.Conflict(ComplaintDecisions.Resolve(account, Resolve(id, FiledAt.AddHours(7))), "TS-202610-0001", "is open", "needs replied or reopened");
    }

    [Fact]
    public void R_CMP_4_resolve_after_the_reply()
    {
        var (account, id) = Filed();
        var replied = account.Fold(Reply(id, FiledAt.AddHours(7)));
        var resolve = Resolve(id, FiledAt.AddDays(1));

        var decision = ComplaintDecisions.Resolve(replied, resolve);

        Expect.AcceptedAsIs(decision, resolve);
        Assert.Equal(ComplaintStatus.Resolved, replied.After(decision).Complaints[id].Status);
    }

    [Fact]
    public void R_CMP_4_reply_to_a_resolved_complaint_is_a_conflict()
    {
        var resolved = Resolved(out var id);

        Expect.Conflict(ComplaintDecisions.Reply(resolved, Reply(id, FiledAt.AddDays(2))), "is resolved");
    }

    // ---- R-CMP-5 ----

    [Fact]
    public void R_CMP_5_dissatisfied_follow_up_reopens_the_complaint()
    {
        var resolved = Resolved(out var id);
        var followUp = FollowUp(id, SatisfactionLevel.Dissatisfied, FiledAt.AddDays(2));

        var decision = ComplaintDecisions.FollowUp(resolved, followUp);

        var events = Expect.Accepted(decision);
        Assert.Equal(2, events.Count);
        Assert.Same(followUp, events[0]);
        var reopened = Assert.IsType<ComplaintReopened>(events[1]);
        Assert.Equal(id, reopened.ComplaintId);
        Assert.Equal(FiledAt.AddDays(2), reopened.OccurredAt);
        Assert.Contains("R-CMP-5", reopened.Reason);
        Assert.Equal(ComplaintStatus.Reopened, resolved.After(decision).Complaints[id].Status);
    }

    [Fact]
    public void R_CMP_5_a_reopened_complaint_is_handled_again_until_the_holder_is_satisfied()
    {
        var resolved = Resolved(out var id);
        var reopened = resolved.After(ComplaintDecisions.FollowUp(resolved, FollowUp(id, SatisfactionLevel.Dissatisfied, FiledAt.AddDays(2))));

        // handled again: a new reply is allowed, and so is a resolution straight away
        Expect.Accepted(ComplaintDecisions.Reply(reopened, Reply(id, FiledAt.AddDays(2).AddHours(1))));
        var resolvedAgain = reopened.After(ComplaintDecisions.Resolve(reopened, Resolve(id, FiledAt.AddDays(3))));
        Assert.Equal(ComplaintStatus.Resolved, resolvedAgain.Complaints[id].Status);

        var satisfied = FollowUp(id, SatisfactionLevel.Satisfied, FiledAt.AddDays(4));
        var decision = ComplaintDecisions.FollowUp(resolvedAgain, satisfied);

        var events = Expect.Accepted(decision);
        Assert.Equal(2, events.Count);
        Assert.Same(satisfied, events[0]);
        Assert.Equal(new ComplaintClosed(id, FiledAt.AddDays(4)), events[1]);
        Assert.Equal(ComplaintStatus.Closed, resolvedAgain.After(decision).Complaints[id].Status);
    }

    [Theory]
    [InlineData(SatisfactionLevel.VerySatisfied)]
    [InlineData(SatisfactionLevel.Satisfied)]
    [InlineData(SatisfactionLevel.FairlySatisfied)]
    public void R_CMP_5_a_follow_up_that_is_not_dissatisfied_closes_the_complaint(SatisfactionLevel level)
    {
        var resolved = Resolved(out var id);
        var followUp = FollowUp(id, level, FiledAt.AddDays(2));

        var decision = ComplaintDecisions.FollowUp(resolved, followUp);

        Assert.Equal<IAccountEvent>([followUp, new ComplaintClosed(id, FiledAt.AddDays(2))], Expect.Accepted(decision));
        Assert.Equal(ComplaintStatus.Closed, resolved.After(decision).Complaints[id].Status);
    }

    [Fact]
    public void R_CMP_5_follow_up_before_resolution_is_a_conflict()
    {
        var (account, id) = Filed();
        var replied = account.Fold(Reply(id, FiledAt.AddHours(7)));

        Expect.Conflict(ComplaintDecisions.FollowUp(account, FollowUp(id, SatisfactionLevel.Satisfied, FiledAt.AddDays(1))), "is open", "needs resolved");
        Expect.Conflict(ComplaintDecisions.FollowUp(replied, FollowUp(id, SatisfactionLevel.Dissatisfied, FiledAt.AddDays(1))), "is replied", "needs resolved");
    }

    [Fact]
    public void R_CMP_5_a_closed_complaint_takes_no_further_step()
    {
        var resolved = Resolved(out var id);
        var closed = resolved.Fold(FollowUp(id, SatisfactionLevel.Satisfied, FiledAt.AddDays(2)), new ComplaintClosed(id, FiledAt.AddDays(2)));

        Expect.Conflict(ComplaintDecisions.Reply(closed, Reply(id, FiledAt.AddDays(3))), "is closed");
        Expect.Conflict(ComplaintDecisions.Resolve(closed, Resolve(id, FiledAt.AddDays(3))), "is closed");
        Expect.Conflict(ComplaintDecisions.FollowUp(closed, FollowUp(id, SatisfactionLevel.Dissatisfied, FiledAt.AddDays(3))), "is closed");
    }

    [Fact]
    public void R_CMP_5_unknown_complaint_is_missing()
    {
        var (account, _) = Filed();
        var unknown = Guid.NewGuid();

        Expect.Missing(ComplaintDecisions.Reply(account, Reply(unknown, FiledAt.AddHours(1))), unknown.ToString(), Given.Number);
        Expect.Missing(ComplaintDecisions.Resolve(account, Resolve(unknown, FiledAt.AddHours(1))), unknown.ToString());
        Expect.Missing(ComplaintDecisions.FollowUp(account, FollowUp(unknown, SatisfactionLevel.Satisfied, FiledAt.AddHours(1))), unknown.ToString());
    }

    [Fact]
    public void R_CMP_5_steps_on_one_complaint_leave_the_others_as_they_were()
    {
        var (account, first) = Filed();
        var second = Given.Complaint(ComplaintCategory.Delay, FiledAt.AddHours(1));

        var state = account.Fold(second, Reply(first, FiledAt.AddHours(2)));

        Assert.Equal(ComplaintStatus.Replied, state.Complaints[first].Status);
        Assert.Equal(ComplaintStatus.Open, state.Complaints[second.ComplaintId].Status);
    }
}
