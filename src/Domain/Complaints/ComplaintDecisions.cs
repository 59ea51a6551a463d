using System.Globalization;
using GasLedger.Domain.Accounts;

namespace GasLedger.Domain.Complaints;

/// <summary>Decisions of the complaint flow (投诉): R-CMP-1..6.</summary>
public static class ComplaintDecisions
{
    /// <summary>R-CMP-2: <c>TS-202611-0007</c>: year and month of filing (company time) and the month's serial.</summary>
    public static string Number(DateTimeOffset filedAt, int serial, ServicePolicy policy) =>
        string.Create(CultureInfo.InvariantCulture, $"{policy.ComplaintNumberPrefix}-{policy.LocalDate(filedAt):yyyyMM}-{serial:D4}");

    /// <summary>The month whose serial a complaint filed at this time takes (R-CMP-2).</summary>
    public static string SerialMonth(DateTimeOffset filedAt, ServicePolicy policy) =>
        policy.LocalDate(filedAt).ToString("yyyyMM", CultureInfo.InvariantCulture);

    /// <summary>
    /// R-CMP-1: a complaint on any open account. R-CMP-3: one in the safety category, or marked as touching life or
    /// property safety, is escalated at once.
    /// </summary>
    public static Decision File(Account account, ComplaintFiled filed, bool touchesSafety)
    {
        if (AccountRules.RequiresOpen(account, "file a complaint") is { } refused)
            return refused;
        if (account.Complaints.ContainsKey(filed.ComplaintId))
            return Decision.Refuse($"Complaint {filed.ComplaintId} already exists.");
        return filed.Category == ComplaintCategory.Safety || touchesSafety
            ? Decision.Accepting(filed,
                new ComplaintEscalated(filed.ComplaintId, "touches life or property safety (R-CMP-3)", filed.OccurredAt))
            : Decision.Accepting(filed);
    }

    /// <summary>R-CMP-4: the first reply and handling decision, for a complaint that is open or reopened.</summary>
    public static Decision Reply(Account account, ComplaintReplied replied) =>
        Step(account, replied.ComplaintId, "reply to", [ComplaintStatus.Open, ComplaintStatus.Reopened], replied);

    /// <summary>R-CMP-4: resolution after the reply, or after a reopening.</summary>
    public static Decision Resolve(Account account, ComplaintResolved resolved) =>
        Step(account, resolved.ComplaintId, "resolve", [ComplaintStatus.Replied, ComplaintStatus.Reopened], resolved);

    /// <summary>
    /// R-CMP-5: after resolution the holder is asked; dissatisfied reopens the complaint to be handled again,
    /// anything else closes it.
    /// </summary>
    public static Decision FollowUp(Account account, ComplaintFollowedUp followUp)
    {
        var step = Step(account, followUp.ComplaintId, "follow up", [ComplaintStatus.Resolved], followUp);
        if (step is not Decision.Accept) return step;
        IAccountEvent next = followUp.Satisfaction == SatisfactionLevel.Dissatisfied
            ? new ComplaintReopened(followUp.ComplaintId, "the holder is dissatisfied with the resolution (R-CMP-5)", followUp.OccurredAt)
            : new ComplaintClosed(followUp.ComplaintId, followUp.OccurredAt);
        return Decision.Accepting(followUp, next);
    }

    private static Decision Step(Account account, Guid complaintId, string action, ComplaintStatus[] allowed, IAccountEvent e)
    {
        if (AccountRules.RequiresOpen(account, $"{action} a complaint") is { } refused)
            return refused;
        if (!account.Complaints.TryGetValue(complaintId, out var complaint))
            return Decision.NotFound($"Account {account.Number} has no complaint {complaintId}.");
        if (!allowed.Contains(complaint.Status))
            return Decision.Refuse(
                $"Cannot {action} complaint {complaint.Number}: it is {WireNames.Of(complaint.Status.ToString())}; this needs {string.Join(" or ", allowed.Select(s => WireNames.Of(s.ToString())))}.");
        return Decision.Accepting(e);
    }
}
