using GasLedger.Domain.Accounts;

namespace GasLedger.Domain.Complaints;

/// <summary>R-CMP-8: what the verification of a complaint found. 属实 / 部分属实 / 不属实.</summary>
public enum ComplaintVerification { Proven, PartlyProven, Unfounded }

/// <summary>R-CMP-7: how the written result notice reached the complainant.</summary>
public enum ResultNoticeChannel { Letter, Sms, InPerson, Email }

/// <summary>受理回复 — the complaint acknowledged to the complainant (R-CMP-7: within 48 hours), before its decision.</summary>
public sealed record ComplaintAcknowledged(Guid ComplaintId, string By, DateTimeOffset OccurredAt) : IAccountEvent;

/// <summary>转交 — the complaint assigned to the department responsible (R-CMP-7).</summary>
public sealed record ComplaintAssigned(Guid ComplaintId, string Department, string By, DateTimeOffset OccurredAt) : IAccountEvent;

/// <summary>进展反馈 — progress told to the complainant, with the expected resolution date (R-CMP-7).</summary>
public sealed record ComplaintProgressed(Guid ComplaintId, string Note, DateOnly? ExpectedResolution, string By, DateTimeOffset OccurredAt)
    : IAccountEvent;

/// <summary>处理结果通知书 — the written result notice sent to the complainant (R-CMP-7).</summary>
public sealed record ComplaintResultNoticeSent(Guid ComplaintId, ResultNoticeChannel Channel, string By, DateTimeOffset OccurredAt)
    : IAccountEvent;

/// <summary>核实 — the complaint verified (R-CMP-8): proven, partly proven or unfounded.</summary>
public sealed record ComplaintVerified(Guid ComplaintId, ComplaintVerification Verification, string By, DateTimeOffset OccurredAt)
    : IAccountEvent;

/// <summary>举报奖励 — the reward for a proven conduct report paid to the reporter (R-INT-1, R-CMP-8).</summary>
public sealed record ConductRewardPaid(Guid ComplaintId, decimal Amount, string PaidBy, DateTimeOffset OccurredAt) : IAccountEvent;

/// <summary>Decisions of a complaint's handling beyond its reply and resolution: R-CMP-7, R-CMP-8, R-INT-1.</summary>
public static class ComplaintHandlingDecisions
{
    /// <summary>R-CMP-7: an open or reopened complaint is acknowledged once a round, before (or without) its decision.</summary>
    public static Decision Acknowledge(Account account, ComplaintAcknowledged acknowledged)
    {
        if (Find(account, acknowledged.ComplaintId, "acknowledge") is { } refused and not Decision.Accept) return refused;
        var complaint = account.Complaints[acknowledged.ComplaintId];
        if (complaint.Status is not (ComplaintStatus.Open or ComplaintStatus.Reopened) || complaint.Acknowledged)
            return Decision.Refuse($"Complaint {complaint.Number} is acknowledged already, or past its reply. Nothing was written.");
        return Decision.Accepting(acknowledged);
    }

    /// <summary>R-CMP-7: a complaint not yet closed is assigned to a department, or moved to another.</summary>
    public static Decision Assign(Account account, ComplaintAssigned assigned) =>
        NotClosed(account, assigned.ComplaintId, "assign", assigned);

    /// <summary>R-CMP-7: progress of a complaint not yet resolved, with an expected resolution date not before the day.</summary>
    public static Decision Progress(Account account, ComplaintProgressed progressed, ServicePolicy policy)
    {
        if (Find(account, progressed.ComplaintId, "report progress on") is { } refused and not Decision.Accept) return refused;
        if (account.Complaints[progressed.ComplaintId].Status is ComplaintStatus.Resolved or ComplaintStatus.Closed)
            return Decision.Refuse($"Complaint {account.Complaints[progressed.ComplaintId].Number} is resolved: its result notice follows. Nothing was written.");
        if (progressed.ExpectedResolution < policy.LocalDate(progressed.OccurredAt))
            return Decision.InvalidField("expectedResolution", "may not be before the day of the progress report.");
        return Decision.Accepting(progressed);
    }

    /// <summary>R-CMP-7: the result notice follows the resolution, once.</summary>
    public static Decision SendResultNotice(Account account, ComplaintResultNoticeSent sent)
    {
        if (Find(account, sent.ComplaintId, "send the result notice of") is { } refused and not Decision.Accept) return refused;
        var complaint = account.Complaints[sent.ComplaintId];
        if (complaint.Status is not (ComplaintStatus.Resolved or ComplaintStatus.Closed))
            return Decision.Refuse($"Complaint {complaint.Number} is not resolved: there is no result to notify yet. Nothing was written.");
        if (complaint.ResultNoticeSent)
            return Decision.Refuse($"The result notice of complaint {complaint.Number} was sent already. Nothing was written.");
        return Decision.Accepting(sent);
    }

    /// <summary>R-CMP-8: every complaint is verified, once.</summary>
    public static Decision Verify(Account account, ComplaintVerified verified)
    {
        if (Find(account, verified.ComplaintId, "verify") is { } refused and not Decision.Accept) return refused;
        var complaint = account.Complaints[verified.ComplaintId];
        if (complaint.Verification is not null)
            return Decision.Refuse($"Complaint {complaint.Number} was verified already ({WireNames.Of(complaint.Verification.ToString()!)}). Nothing was written.");
        return Decision.Accepting(verified);
    }

    /// <summary>R-INT-1, R-CMP-8: a conduct report found proven earns its reporter the policy's reward, paid once.</summary>
    public static Decision PayReward(Account account, ConductRewardPaid paid, ServicePolicy policy)
    {
        if (Find(account, paid.ComplaintId, "reward the reporter of") is { } refused and not Decision.Accept) return refused;
        var complaint = account.Complaints[paid.ComplaintId];
        if (complaint.Category != ComplaintCategory.Conduct || complaint.Verification != ComplaintVerification.Proven)
            return Decision.Refuse($"Complaint {complaint.Number} is not a conduct report found proven: no reward is due (R-INT-1). Nothing was written.");
        if (complaint.RewardPaid)
            return Decision.Refuse($"The reward of complaint {complaint.Number} was paid already. Nothing was written.");
        return Decision.Accepting(paid with { Amount = policy.ConductReportRewardYuan });
    }

    private static Decision NotClosed(Account account, Guid complaintId, string action, IAccountEvent e)
    {
        if (Find(account, complaintId, action) is { } refused and not Decision.Accept) return refused;
        return account.Complaints[complaintId].Status == ComplaintStatus.Closed
            ? Decision.Refuse($"Complaint {account.Complaints[complaintId].Number} is closed. Nothing was written.")
            : Decision.Accepting(e);
    }

    /// <summary>The account is open and has the complaint: an empty acceptance; else the refusal.</summary>
    private static Decision Find(Account account, Guid complaintId, string action)
    {
        if (AccountRules.RequiresOpen(account, $"{action} a complaint") is { } refused) return refused;
        return account.Complaints.ContainsKey(complaintId)
            ? Decision.Accepting()
            : Decision.NotFound($"Account {account.Number} has no complaint {complaintId}.");
    }
}
