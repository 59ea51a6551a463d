using GasLedger.Domain.Accounts;
using GasLedger.Domain.Calendar;

namespace GasLedger.Domain.Complaints;

/// <summary>
/// What the complaint statistics count of one complaint (seed <c>002</c> types and patterns, <c>001</c> complaint rate):
/// the day it was filed, its category and channel, whether it has a first reply and whether that came within the reply
/// limit (R-CMP-4: 48 hours) and within the decision limit (3 working days on the calendar in force), whether it was
/// ever reopened (R-CMP-5), and whether the same account had complained in the 12 months before (a repeat).
/// </summary>
public sealed record ComplaintFact(Guid ComplaintId, DateOnly Filed, ComplaintCategory Category, ComplaintChannel Channel, bool Replied,
    bool RepliedInTime, bool DecidedInTime, bool Reopened, bool Repeat);

public static class ComplaintFacts
{
    /// <summary>The facts of every complaint of an account's events, in the order filed.</summary>
    public static IReadOnlyList<ComplaintFact> Of(IEnumerable<IAccountEvent> stream, WorkingCalendar calendar, ServicePolicy policy)
    {
        var facts = new List<ComplaintFact>();
        var filedAt = new Dictionary<Guid, DateTimeOffset>();
        foreach (var e in stream)
            switch (e)
            {
                case ComplaintFiled filed:
                {
                    var day = policy.LocalDate(filed.OccurredAt);
                    var repeat = facts.Any(f => f.Filed > day.AddMonths(-12) && f.Filed <= day);
                    filedAt[filed.ComplaintId] = filed.OccurredAt;
                    facts.Add(new ComplaintFact(filed.ComplaintId, day, filed.Category, filed.Channel, false, false, false, false, repeat));
                    break;
                }
                case ComplaintReplied replied when filedAt.TryGetValue(replied.ComplaintId, out var at):
                {
                    var i = facts.FindIndex(f => f.ComplaintId == replied.ComplaintId);
                    if (facts[i].Replied) break; // the first reply is the one the limits count
                    facts[i] = facts[i] with
                    {
                        Replied = true,
                        RepliedInTime = replied.OccurredAt <= at.AddHours(policy.ComplaintReplyHours),
                        DecidedInTime = replied.OccurredAt <= calendar.DueAfterWorkingDays(at, policy.ComplaintDecisionWorkingDays, policy),
                    };
                    break;
                }
                case ComplaintReopened reopened when filedAt.ContainsKey(reopened.ComplaintId):
                {
                    var i = facts.FindIndex(f => f.ComplaintId == reopened.ComplaintId);
                    facts[i] = facts[i] with { Reopened = true };
                    break;
                }
            }
        return facts;
    }
}
