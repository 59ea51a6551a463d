using GasLedger.Domain;
using GasLedger.Domain.Accounts;
using GasLedger.Domain.Calendar;
using GasLedger.Domain.Complaints;
using GasLedger.Domain.TimeLimits;

namespace GasLedger.Domain.Tests;

/// <summary>R-CMP-7 the complaint's steps, R-CMP-8 its verification and the reporter's reward.</summary>
public sealed class ComplaintHandlingTests
{
    private static readonly ServicePolicy Policy = Given.Policy;

    [Fact]
    public void R_CMP_7_acknowledged_then_decided_as_two_steps_assigned_with_progress_and_ended_by_the_result_notice()
    {
        var filed = Given.Complaint(at: Given.Day(11, 2, 9)) with { ComplainantPartyId = Guid.NewGuid() };
        var open = Given.Active().Fold(filed);
        var id = filed.ComplaintId;
        var acknowledged = new ComplaintAcknowledged(id, "S-5001", Given.Day(11, 2, 15));
        var acked = open.Fold(Expect.Accepted(ComplaintHandlingDecisions.Acknowledge(open, acknowledged)).ToArray());
        Expect.Conflict(ComplaintHandlingDecisions.Acknowledge(acked, acknowledged), "acknowledged already");

        // The 48-hour reply is met by the acknowledgement; the decision's 3 working days stay open until the reply.
        AccountTimeLimits? limits = null;
        foreach (var e in new IAccountEvent[] { Given.Submitted(), filed, acknowledged })
            limits = AccountTimeLimits.Follow(limits, Given.AccountId, e, (limits?.Version ?? 0) + 1, WorkingCalendar.Official, Policy);
        Assert.Equal(Given.Day(11, 2, 15), limits!.Items[$"complaintReply:{id}"].DoneAt);
        Assert.Null(limits.Items[$"complaintDecision:{id}"].DoneAt);

        var assigned = acked.Fold(Expect.Accepted(ComplaintHandlingDecisions.Assign(acked, new ComplaintAssigned(id, "计量科", "S-5001", Given.Day(11, 3)))).ToArray());
        Assert.Equal("计量科", assigned.Complaints[id].Department);
        Expect.Accepted(ComplaintHandlingDecisions.Progress(assigned, new ComplaintProgressed(id, "复核表计", new DateOnly(2026, 11, 6), "S-5001", Given.Day(11, 4)), Policy));
        Expect.Invalid(ComplaintHandlingDecisions.Progress(assigned, new ComplaintProgressed(id, "复核", new DateOnly(2026, 11, 1), "S-5001", Given.Day(11, 4)), Policy),
            "expectedResolution");

        var notice = new ComplaintResultNoticeSent(id, ResultNoticeChannel.Letter, "S-5001", Given.Day(11, 6));
        Expect.Conflict(ComplaintHandlingDecisions.SendResultNotice(assigned, notice), "not resolved");
        var resolved = assigned.Fold(new ComplaintReplied(id, "S-5001", "复核", Given.Day(11, 4, 10)), new ComplaintResolved(id, "S-5001", "更换表计", Given.Day(11, 5)));
        var sent = resolved.Fold(Expect.Accepted(ComplaintHandlingDecisions.SendResultNotice(resolved, notice)).ToArray());
        Expect.Conflict(ComplaintHandlingDecisions.SendResultNotice(sent, notice), "sent already");
        Expect.Missing(ComplaintHandlingDecisions.Assign(open, new ComplaintAssigned(Guid.NewGuid(), "计量科", "S-5001", Given.Day(11, 3))));
    }

    [Fact]
    public void R_CMP_8_every_complaint_is_verified_once_and_a_proven_conduct_report_earns_its_reporter_the_reward_once()
    {
        var conduct = Given.Complaint(ComplaintCategory.Conduct, Given.Day(11, 2, 9));
        var open = Given.Active().Fold(conduct);
        var id = conduct.ComplaintId;
        var reward = new ConductRewardPaid(id, 0m, "S-5009", Given.Day(11, 10));
        Expect.Conflict(ComplaintHandlingDecisions.PayReward(open, reward, Policy), "not a conduct report found proven");
        var verified = new ComplaintVerified(id, ComplaintVerification.Proven, "S-5001", Given.Day(11, 6));
        var proven = open.Fold(Expect.Accepted(ComplaintHandlingDecisions.Verify(open, verified)).ToArray());
        Expect.Conflict(ComplaintHandlingDecisions.Verify(proven, verified), "verified already");
        var paid = Assert.IsType<ConductRewardPaid>(Assert.Single(Expect.Accepted(ComplaintHandlingDecisions.PayReward(proven, reward, Policy))));
        Assert.Equal(200m, paid.Amount); // R-INT-1, a setting of the policy
        Expect.Conflict(ComplaintHandlingDecisions.PayReward(proven.Fold(paid), reward, Policy), "paid already");

        var charges = Given.Complaint(ComplaintCategory.Charges, Given.Day(11, 2, 9));
        var other = Given.Active().Fold(charges);
        var provenCharges = other.Fold(new ComplaintVerified(charges.ComplaintId, ComplaintVerification.Proven, "S-5001", Given.Day(11, 6)));
        Expect.Conflict(ComplaintHandlingDecisions.PayReward(provenCharges, reward with { ComplaintId = charges.ComplaintId }, Policy));
    }
}
