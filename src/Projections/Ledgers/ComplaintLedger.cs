using GasLedger.Domain;
using GasLedger.Domain.Complaints;
using JasperFx.Events;

namespace GasLedger.Projections.Ledgers;

/// <summary>
/// 投诉台账 — one row per complaint (R-CMP-1/2): who received it (首问负责制, R-CMP-6), escalation (R-CMP-3), first reply
/// and decision (R-CMP-4), the latest resolution, follow-ups and reopenings (R-CMP-5), closure.
/// </summary>
public sealed record ComplaintRow : ILedgerRow
{
    public Guid ComplaintId { get; init; }
    public Guid AccountId { get; init; }
    public string AccountNumber { get; init; } = "";
    public string District { get; init; } = "";
    public string ComplaintNumber { get; init; } = "";
    public ComplaintChannel Channel { get; init; }
    public ComplaintCategory Category { get; init; }
    public ComplaintComplexity Complexity { get; init; }
    public string Content { get; init; } = "";

    /// <summary>The first responder.</summary>
    public string ReceivedBy { get; init; } = "";

    /// <summary>The main date of this ledger.</summary>
    public DateTimeOffset FiledAt { get; init; }
    public bool Escalated { get; init; }
    public DateTimeOffset? EscalatedAt { get; init; }
    public DateTimeOffset? FirstReplyAt { get; init; }
    public string? FirstReplyBy { get; init; }
    public string? FirstReplyDecision { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public string? ResolvedBy { get; init; }
    public string? Resolution { get; init; }
    public int FollowUps { get; init; }
    public DateTimeOffset? LastFollowUpAt { get; init; }
    public SatisfactionLevel? LastSatisfaction { get; init; }
    public int TimesReopened { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public ComplaintStatus Status { get; init; }

    /// <summary>R-CMP-7: acknowledged when; the department it is assigned to; the latest expected resolution date; the result notice sent when.</summary>
    public DateTimeOffset? AcknowledgedAt { get; init; }
    public string? Department { get; init; }
    public DateOnly? ExpectedResolution { get; init; }
    public DateTimeOffset? ResultNoticeSentAt { get; init; }

    /// <summary>R-CMP-7/8: made by someone other than the holder (who, only the complaint desks read); verified as; reward paid.</summary>
    public bool ByOtherThanHolder { get; init; }
    public ComplaintVerification? Verification { get; init; }
    public decimal? RewardPaid { get; init; }
}

public sealed class ComplaintLedgerProjection(SharedReads shared)
    : WorkLedgerProjection<ComplaintRow>(shared, "ComplaintLedger", typeof(ComplaintFiled), typeof(ComplaintEscalated),
        typeof(ComplaintReplied), typeof(ComplaintResolved), typeof(ComplaintFollowedUp), typeof(ComplaintReopened),
        typeof(ComplaintClosed), typeof(ComplaintAcknowledged), typeof(ComplaintAssigned), typeof(ComplaintProgressed),
        typeof(ComplaintResultNoticeSent), typeof(ComplaintVerified), typeof(ConductRewardPaid))
{
    public override Guid? WorkOf(IEvent e) => e.Data switch
    {
        ComplaintFiled x => x.ComplaintId,
        ComplaintEscalated x => x.ComplaintId,
        ComplaintReplied x => x.ComplaintId,
        ComplaintResolved x => x.ComplaintId,
        ComplaintFollowedUp x => x.ComplaintId,
        ComplaintReopened x => x.ComplaintId,
        ComplaintClosed x => x.ComplaintId,
        ComplaintAcknowledged x => x.ComplaintId,
        ComplaintAssigned x => x.ComplaintId,
        ComplaintProgressed x => x.ComplaintId,
        ComplaintResultNoticeSent x => x.ComplaintId,
        ComplaintVerified x => x.ComplaintId,
        ConductRewardPaid x => x.ComplaintId,
        _ => null,
    };

    public override Guid IdOf(ComplaintRow row) => row.ComplaintId;

    public override ComplaintRow? Apply(ComplaintRow? row, IEvent e, LedgerAccount account) => e.Data switch
    {
        ComplaintFiled x => new ComplaintRow
        {
            ComplaintId = x.ComplaintId, AccountId = account.AccountId, AccountNumber = account.Number, District = account.District,
            ComplaintNumber = x.ComplaintNumber, Channel = x.Channel, Category = x.Category, Complexity = x.Complexity,
            Content = x.Content, ReceivedBy = x.ReceivedBy, FiledAt = x.OccurredAt, Status = ComplaintStatus.Open,
            ByOtherThanHolder = x.ComplainantPartyId is not null,
        },
        ComplaintEscalated x when row is not null => row with { Escalated = true, EscalatedAt = x.OccurredAt },
        ComplaintReplied x when row is not null => (row.FirstReplyAt is null
            ? row with { FirstReplyAt = x.OccurredAt, FirstReplyBy = x.By, FirstReplyDecision = x.Decision }
            : row) with { Status = ComplaintStatus.Replied },
        ComplaintResolved x when row is not null => row with
        {
            ResolvedAt = x.OccurredAt, ResolvedBy = x.By, Resolution = x.Resolution, Status = ComplaintStatus.Resolved,
        },
        ComplaintFollowedUp x when row is not null => row with
        {
            FollowUps = row.FollowUps + 1, LastFollowUpAt = x.OccurredAt, LastSatisfaction = x.Satisfaction,
        },
        ComplaintReopened when row is not null => row with { TimesReopened = row.TimesReopened + 1, Status = ComplaintStatus.Reopened },
        ComplaintClosed x when row is not null => row with { ClosedAt = x.OccurredAt, Status = ComplaintStatus.Closed },
        ComplaintAcknowledged x when row is not null => row with { AcknowledgedAt = row.AcknowledgedAt ?? x.OccurredAt },
        ComplaintAssigned x when row is not null => row with { Department = x.Department },
        ComplaintProgressed x when row is not null => row with { ExpectedResolution = x.ExpectedResolution ?? row.ExpectedResolution },
        ComplaintResultNoticeSent x when row is not null => row with { ResultNoticeSentAt = x.OccurredAt },
        ComplaintVerified x when row is not null => row with { Verification = x.Verification },
        ConductRewardPaid x when row is not null => row with { RewardPaid = x.Amount },
        _ => row,
    };
}
