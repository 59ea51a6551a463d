using GasLedger.Domain.Complaints;
using Desk = GasLedger.City.CityMap.Desk;

namespace GasLedger.City;

/// <summary>One account's history: complaints, from filing to the follow-up (R-CMP).</summary>
internal sealed partial class AccountLifetime
{
    /// <summary>
    /// 投诉 (R-CMP-1..5): filed with a month's serial number (escalated when it touches safety), replied within 48 hours,
    /// resolved within 3 or 7 working days, followed up; a dissatisfied holder reopens it and it is handled again.
    /// </summary>
    private void FileComplaint(DateTimeOffset at)
    {
        var channel = _rng.Pick([(ComplaintChannel.Phone, 60.0), (ComplaintChannel.Online, 25.0), (ComplaintChannel.Counter, 10.0),
            (ComplaintChannel.Letter, 5.0)]);
        var category = _rng.Pick([
            (ComplaintCategory.Billing, 20.0), (ComplaintCategory.Charges, 20.0), (ComplaintCategory.Delay, 20.0),
            (ComplaintCategory.Attitude, 15.0), (ComplaintCategory.Quality, 10.0), (ComplaintCategory.Safety, 8.0),
            (ComplaintCategory.Other, 5.0), (ComplaintCategory.Conduct, 2.0)]);
        var complexity = _rng.Chance(0.25) ? ComplaintComplexity.Complex : ComplaintComplexity.Simple;
        var receivedBy = channel == ComplaintChannel.Counter ? Staff(Desk.Counter) : Staff(Desk.Hotline);
        var filed = new ComplaintFiled(_rng.Version7(at), _complaintNumber(at), channel, category, complexity,
            WorkTexts.Complaint(category), receivedBy, at);
        Record("file a complaint", ComplaintDecisions.File(_account, filed, touchesSafety: _rng.Chance(0.02)), at, receivedBy);

        var handler = Staff(Desk.ComplaintHandling);
        var late = Late();
        // A late reply misses the 48 hours; a few miss the first responder's week as well (R-CMP-6).
        var replyAt = late
            ? _rng.Chance(0.25)
                ? at.AddDays(_policy.FirstResponderDays + _rng.Between(1, 3))
                : at.AddHours(_rng.Between(_policy.ComplaintReplyHours + 1, _policy.ComplaintReplyHours + 40))
            : at.AddMinutes(_rng.Between(30, 40 * 60));
        // R-CMP-7: most complaints answered in time are acknowledged within hours, a step before the handling decision.
        var acknowledgeAt = at.AddMinutes(_rng.Between(10, 6 * 60));
        if (!late && acknowledgeAt < replyAt && _rng.Chance(CityMix.ComplaintsAcknowledgedApart))
            Later(acknowledgeAt, t =>
            {
                if (_account.Complaints[filed.ComplaintId] is { Status: ComplaintStatus.Open, Acknowledged: false })
                    Record("acknowledge a complaint", ComplaintHandlingDecisions.Acknowledge(_account,
                        new ComplaintAcknowledged(filed.ComplaintId, receivedBy, t)), t, receivedBy);
            });
        Later(replyAt, t =>
        {
            Record("reply to a complaint",
                ComplaintDecisions.Reply(_account, new ComplaintReplied(filed.ComplaintId, handler, WorkTexts.Reply(category), t)),
                t, handler);
            // R-CMP-8: every complaint is verified; a conduct report is proven less often.
            var verification = _rng.Pick(category == ComplaintCategory.Conduct
                ? [(ComplaintVerification.Proven, 40.0), (ComplaintVerification.PartlyProven, 20.0), (ComplaintVerification.Unfounded, 40.0)]
                : new[] { (ComplaintVerification.Proven, 50.0), (ComplaintVerification.PartlyProven, 25.0), (ComplaintVerification.Unfounded, 25.0) });
            Record("verify a complaint", ComplaintHandlingDecisions.Verify(_account,
                new ComplaintVerified(filed.ComplaintId, verification, handler, t)), t, handler);
            Later(ResolutionTime(Day(at), complexity), r => ResolveComplaint(r, filed, handler, 0));
        });
    }

    private DateTimeOffset ResolutionTime(DateOnly from, ComplaintComplexity complexity)
    {
        var limit = complexity == ComplaintComplexity.Complex ? _policy.ComplaintComplexWorkingDays : _policy.ComplaintSimpleWorkingDays;
        return Office(Calendar.AddWorkingDays(from, Late() ? limit + _rng.Between(1, 4) : _rng.Between(1, limit)));
    }

    private void ResolveComplaint(DateTimeOffset at, ComplaintFiled filed, string handler, int reopened)
    {
        Record("resolve a complaint", ComplaintDecisions.Resolve(_account,
            new ComplaintResolved(filed.ComplaintId, handler, WorkTexts.Resolution(filed.Category), at)), at, handler);
        // R-CMP-7: the written result notice goes out with the first resolution; R-INT-1: a proven conduct report's reward.
        var complaint = _account.Complaints[filed.ComplaintId];
        if (!complaint.ResultNoticeSent)
            Record("send a complaint's result notice", ComplaintHandlingDecisions.SendResultNotice(_account, new ComplaintResultNoticeSent(
                filed.ComplaintId, _rng.Pick([(ResultNoticeChannel.Sms, 60.0), (ResultNoticeChannel.Letter, 30.0), (ResultNoticeChannel.InPerson, 10.0)]),
                handler, at)), at, handler);
        if (complaint is { Category: ComplaintCategory.Conduct, Verification: ComplaintVerification.Proven, RewardPaid: false })
            Record("pay a conduct report's reward", ComplaintHandlingDecisions.PayReward(_account,
                new ConductRewardPaid(filed.ComplaintId, 0m, handler, at), _policy), at, handler);
        var followUpAt = CallCentre(Day(at).AddDays(Late()
            ? _rng.Between(_policy.AfterWorkCallbackDays, _policy.AfterWorkCallbackDays + 5)
            : _rng.Between(0, _policy.AfterWorkCallbackDays - 2)));
        Later(followUpAt, t =>
        {
            var caller = Staff(Desk.CallbackCentre);
            var satisfaction = _rng.Chance(reopened == 0 ? 0.12 : 0.03) ? SatisfactionLevel.Dissatisfied : SatisfactionNotDissatisfied();
            Record("follow up a complaint",
                ComplaintDecisions.FollowUp(_account, new ComplaintFollowedUp(filed.ComplaintId, caller, satisfaction, t)), t, caller);
            if (satisfaction == SatisfactionLevel.Dissatisfied)
                Later(ResolutionTime(Day(t), filed.Complexity), r => ResolveComplaint(r, filed, handler, reopened + 1));
        });
    }
}
